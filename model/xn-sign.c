/* xn-sign.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * Signing and verification of policy documents: XML-DSig, enveloped
 * (Reference URI=""), exclusive C14N without comments, RSA-SHA256 or
 * ECDSA-SHA256, SHA-256 digest, the signer's X.509 certificate (and chain)
 * in KeyInfo/X509Data; xmlsec1 with its GnuTLS backend does the XML-DSig
 * processing.
 *
 * Verification is deliberately narrower than XML-DSig. Before xmlsec runs,
 * the document must have exactly one Signature, a child of the `policy`
 * document element, with exactly one Reference URI="" and exactly the
 * transforms enveloped-signature + exclusive C14N. Since URI="" covers the
 * whole document and the signature must hang off the document element,
 * the data the caller uses afterwards (the same xmlDoc, handed back) is
 * exactly the signed data: no signature-wrapping. Comments and processing
 * instructions are refused outright, because exclusive C14N drops comments
 * and we do not want unsigned bytes of any kind in a "verified" document;
 * a DOCTYPE (and with it every entity) is refused before it is parsed.
 *
 * The key is never taken from the document on trust: the certificate chain
 * in X509Data is checked with GnuTLS against the trust directory (times
 * checked separately, so the error can name the dates), and only then is
 * the signer certificate's public key handed to xmlsec as the one key it
 * may use. xmlsec is additionally restricted to X.509 key data, the empty
 * reference URI and the allowed transforms.
 *
 * xmlsec 1.2.37's GnuTLS backend has no ECDSA, so xn-sign-ecdsa.c adds an
 * ECDSA-SHA256 signature transform and a small key data class backed by
 * GnuTLS (XML-DSig wants the raw r||s form, GnuTLS speaks DER).
 *
 * This file holds initialisation, the helpers both sides use and the
 * hardened parser; signing is in xn-signer.c, the trust directory and
 * verification in xn-trust.c.
 */

#include "config.h"

#define G_LOG_DOMAIN "xn-sign"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "xn-sign.h"
#include "xn-model-private.h"
#include "xn-sign-private.h"

/* What a policy document may cost before it is parsed: libxml2's tree
 * takes about 150 bytes per element, so 20 MB of tiny elements became a
 * 755 MB tree before its signature was even looked at.  The largest
 * policies seen are well under 1 MB and 20,000 elements. */
#define MAX_DOCUMENT_BYTES   (16 * 1024 * 1024)
#define MAX_DOCUMENT_MARKUP  500000

G_DEFINE_QUARK (xn-sign-error-quark, xn_sign_error)

/* ------------------------------------------------------------------ */
/* xmlsec's error callback: keep the last message per thread, so a     */
/* failure can be explained without printing to stderr.               */

static GPrivate last_xmlsec_error = G_PRIVATE_INIT (g_free);

static void
xn_sign_xmlsec_error_cb (const char *file,
                         int         line,
                         const char *func,
                         const char *error_object,
                         const char *error_subject,
                         int         reason,
                         const char *msg)
{
  /* The first error since _xn_sign_xmlsec_clear_error() is the cause; the rest
   * are callers unwinding. */
  if (g_private_get (&last_xmlsec_error) != NULL)
    return;
  g_private_replace (&last_xmlsec_error,
                     g_strdup_printf ("%s: %s%s%s%s (reason %d)",
                                      func ? func : "?",
                                      error_object ? error_object : "",
                                      error_object ? " " : "",
                                      error_subject ? error_subject : "",
                                      msg ? msg : "", reason));
}

const char *
_xn_sign_xmlsec_last_error (void)
{
  const char *msg = g_private_get (&last_xmlsec_error);

  return msg != NULL ? msg : "unknown error";
}

void
_xn_sign_xmlsec_clear_error (void)
{
  g_private_replace (&last_xmlsec_error, NULL);
}

/* ------------------------------------------------------------------ */
/* Initialisation                                                      */

static gpointer
xn_sign_do_init (gpointer data)
{
  GError **out = data;

  if (gnutls_global_init () < 0)
    goto fail;
  xmlInitParser ();
  if (xmlSecInit () < 0)
    goto fail;
  if (xmlSecCheckVersion () != 1)
    goto fail;
  if (xmlSecCryptoAppInit (NULL) < 0 || xmlSecCryptoInit () < 0)
    goto fail;
  if (xmlSecTransformIdsRegister (&_xn_ecdsa_klass) < 0)
    goto fail;
  xmlSecErrorsSetCallback (xn_sign_xmlsec_error_cb);
  return GINT_TO_POINTER (1);

fail:
  g_set_error (out, XN_SIGN_ERROR, XN_SIGN_ERROR_INIT,
               _("Could not initialise xmlsec with GnuTLS"));
  return NULL;
}

/**
 * xn_sign_init:
 * @error: return location for a #GError
 *
 * Initialises libxml2, GnuTLS and xmlsec (GnuTLS backend) once per process.
 * Thread-safe and idempotent; every other function here calls it.
 *
 * Returns: %TRUE on success
 */
gboolean
xn_sign_init (GError **error)
{
  static GOnce once = G_ONCE_INIT;
  static GError *init_error = NULL;

  if (g_once (&once, xn_sign_do_init, &init_error) != NULL)
    return TRUE;
  if (error != NULL)
    *error = g_error_copy (init_error);
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Small helpers                                                        */

static char *
hex_string (const guint8 *data,
            gsize         len)
{
  GString *s = g_string_sized_new (len * 2 + 1);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, "%02x", data[i]);
  return g_string_free (s, FALSE);
}

char *
_xn_sign_crt_dn (gnutls_x509_crt_t crt,
                 gboolean          issuer)
{
  gnutls_datum_t dn = { NULL, 0 };
  char *ret;
  int rc;

  rc = issuer ? gnutls_x509_crt_get_issuer_dn3 (crt, &dn, 0)
              : gnutls_x509_crt_get_dn3 (crt, &dn, 0);
  if (rc < 0)
    return g_strdup ("?");
  ret = g_strndup ((const char *) dn.data, dn.size);
  gnutls_free (dn.data);
  return ret;
}

char *
_xn_sign_crt_fingerprint (gnutls_x509_crt_t crt)
{
  guint8 buf[32];
  size_t len = sizeof buf;

  if (gnutls_x509_crt_get_fingerprint (crt, GNUTLS_DIG_SHA256, buf, &len) < 0)
    return g_strdup ("?");
  return hex_string (buf, len);
}

char *
_xn_sign_crt_serial (gnutls_x509_crt_t crt)
{
  guint8 buf[64];
  size_t len = sizeof buf;

  if (gnutls_x509_crt_get_serial (crt, buf, &len) < 0)
    return g_strdup ("?");
  return hex_string (buf, len);
}

gboolean
_xn_sign_is_dsig (xmlNode    *node,
                  const char *name)
{
  return node != NULL
         && node->type == XML_ELEMENT_NODE
         && node->ns != NULL
         && xmlStrEqual (node->ns->href, BAD_CAST DSIG_NS)
         && xmlStrEqual (node->name, BAD_CAST name);
}

/* Pre-order successor within the document (no recursion: hostile depth). */
static xmlNode *
next_in_doc (xmlNode *node)
{
  if (node->type != XML_ENTITY_REF_NODE && node->children != NULL)
    return node->children;
  while (node != NULL)
    {
      if (node->next != NULL)
        return node->next;
      node = node->parent;
      if (node != NULL && node->type == XML_DOCUMENT_NODE)
        return NULL;
    }
  return NULL;
}

gboolean
_xn_sign_check_document_element (xmlDoc   *doc,
                                 GError  **error)
{
  xmlNode *root = xmlDocGetRootElement (doc);

  if (root == NULL)
    {
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_WRONG_DOCUMENT,
                   _("The document has no document element"));
      return FALSE;
    }
  if (!xmlStrEqual (root->name, BAD_CAST "policy")
      || root->ns == NULL
      || !xmlStrEqual (root->ns->href, BAD_CAST XN_POLICY_NS))
    {
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_WRONG_DOCUMENT,
                   _("The document element is <%s> in namespace “%s”, not <policy> in “%s”"),
                   (const char *) root->name,
                   root->ns != NULL ? (const char *) root->ns->href : "",
                   XN_POLICY_NS);
      return FALSE;
    }
  return TRUE;
}

/* Refuses every node kind whose content exclusive C14N would not sign
 * (comments) or that could make the data differ from the signed bytes
 * (entities, DTDs, XInclude, processing instructions). On the way, the
 * ds:Signature elements go to @signatures in document order: one walk
 * over a large tree instead of two. */
gboolean
_xn_sign_check_forbidden_nodes (xmlDoc     *doc,
                                GPtrArray  *signatures,
                                GError    **error)
{
  if (doc->intSubset != NULL || doc->extSubset != NULL)
    {
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_FORBIDDEN,
                   _("The document has a DOCTYPE declaration; DTDs and entities are not allowed"));
      return FALSE;
    }

  for (xmlNode *n = doc->children; n != NULL; n = next_in_doc (n))
    {
      const char *what = NULL;

      switch (n->type)
        {
        case XML_ELEMENT_NODE:
          if (_xn_sign_is_dsig (n, "Signature"))
            g_ptr_array_add (signatures, n);
          break;
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
          break;
        case XML_COMMENT_NODE:
          what = _("a comment");
          break;
        case XML_PI_NODE:
          what = _("a processing instruction");
          break;
        case XML_ENTITY_REF_NODE:
        case XML_ENTITY_NODE:
        case XML_ENTITY_DECL:
          what = _("an entity reference");
          break;
        case XML_DTD_NODE:
        case XML_DOCUMENT_TYPE_NODE:
        case XML_NOTATION_NODE:
        case XML_ELEMENT_DECL:
        case XML_ATTRIBUTE_DECL:
          what = _("a DTD");
          break;
        default:
          what = _("an unexpected node");
          break;
        }
      if (what != NULL)
        {
          g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_FORBIDDEN,
                       _("The document contains %s (line %ld); comments, processing instructions, DTDs and entities are not allowed in a signed policy"),
                       what, (long) xmlGetLineNo (n));
          return FALSE;
        }
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Hardened parsing                                                     */

/**
 * xn_sign_parse_bytes:
 * @document: the XML bytes
 * @error: return location for a #GError
 *
 * Parses a document the way signing and verification need it: no network,
 * no DTD loading, no entity substitution, and a DOCTYPE declaration stops
 * the parser before any of its entities is even declared. Whitespace is
 * kept, since it is signed. This is the policy reader's parser
 * (xn_policy_parse_bytes()), with the tighter limits of a document that
 * arrives from elsewhere.
 *
 * Returns: (transfer full): the document, free with xmlFreeDoc()
 */
xmlDoc *
xn_sign_parse_bytes (GBytes  *document,
                     GError **error)
{
  g_autoptr(GError) local = NULL;
  xmlDoc *doc;

  g_return_val_if_fail (document != NULL, NULL);

  if (!xn_sign_init (error))
    return NULL;

  doc = _xn_xml_parse_hardened (document, "policy.xml", MAX_DOCUMENT_BYTES,
                                MAX_DOCUMENT_MARKUP, &local);
  if (doc == NULL)
    /* The callers tell a refused construct from a broken document. */
    g_set_error_literal (error, XN_SIGN_ERROR,
                         local->code == XN_XML_ERROR_FORBIDDEN ? XN_SIGN_ERROR_FORBIDDEN
                                                               : XN_SIGN_ERROR_PARSE,
                         local->message);
  return doc;
}
