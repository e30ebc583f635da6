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
 * xmlsec 1.2.37's GnuTLS backend has no ECDSA, so this file adds an
 * ECDSA-SHA256 signature transform and a small key data class backed by
 * GnuTLS (XML-DSig wants the raw r||s form, GnuTLS speaks DER).
 */

#include "config.h"

#define G_LOG_DOMAIN "xn-sign"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/x509.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include <xmlsec/xmlsec.h>
#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include <xmlsec/keys.h>
#include <xmlsec/keysdata.h>
#include <xmlsec/templates.h>
#include <xmlsec/transforms.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmltree.h>
#include <xmlsec/gnutls/app.h>
#include <xmlsec/gnutls/crypto.h>
#include <xmlsec/gnutls/x509.h>

#include "xn-sign.h"

#define XN_POLICY_NS   "urn:xenonvmm:policy:1"
#define DSIG_NS        "http://www.w3.org/2000/09/xmldsig#"
#define HREF_EXC_C14N  "http://www.w3.org/2001/10/xml-exc-c14n#"
#define HREF_ENVELOPED "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
#define HREF_RSA256    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
#define HREF_ECDSA256  "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
#define HREF_SHA256    "http://www.w3.org/2001/04/xmlenc#sha256"

#define P256_BYTES 32

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
  /* The first error since xmlsec_clear_error() is the cause; the rest
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

static const char *
xmlsec_last_error (void)
{
  const char *msg = g_private_get (&last_xmlsec_error);

  return msg != NULL ? msg : "unknown error";
}

static void
xmlsec_clear_error (void)
{
  g_private_replace (&last_xmlsec_error, NULL);
}

/* ------------------------------------------------------------------ */
/* ECDSA P-256 key data and ECDSA-SHA256 signature transform (GnuTLS). */

typedef struct
{
  gnutls_privkey_t priv;
  gnutls_pubkey_t  pub;
} XnEcKey;

#define XN_EC_KEY_SIZE (sizeof (xmlSecKeyData) + sizeof (XnEcKey))
#define XN_EC_KEY(data) ((XnEcKey *) (((guint8 *) (data)) + sizeof (xmlSecKeyData)))

static int
xn_ec_key_initialize (xmlSecKeyDataPtr data)
{
  memset (XN_EC_KEY (data), 0, sizeof (XnEcKey));
  return 0;
}

static void
xn_ec_key_finalize (xmlSecKeyDataPtr data)
{
  XnEcKey *ec = XN_EC_KEY (data);

  g_clear_pointer (&ec->priv, gnutls_privkey_deinit);
  g_clear_pointer (&ec->pub, gnutls_pubkey_deinit);
}

static xmlSecKeyDataType
xn_ec_key_get_type (xmlSecKeyDataPtr data)
{
  XnEcKey *ec = XN_EC_KEY (data);

  if (ec->priv != NULL)
    return xmlSecKeyDataTypePrivate | xmlSecKeyDataTypePublic;
  if (ec->pub != NULL)
    return xmlSecKeyDataTypePublic;
  return xmlSecKeyDataTypeUnknown;
}

static xmlSecSize
xn_ec_key_get_size (xmlSecKeyDataPtr data)
{
  return 256;
}

static xmlSecKeyDataKlass xn_ec_key_klass = {
  sizeof (xmlSecKeyDataKlass),
  XN_EC_KEY_SIZE,
  BAD_CAST "xn-ecdsa-p256",
  xmlSecKeyDataUsageUnknown,
  NULL, NULL, NULL,
  xn_ec_key_initialize,
  NULL,                       /* duplicate: keys are shared, never copied */
  xn_ec_key_finalize,
  NULL,
  xn_ec_key_get_type,
  xn_ec_key_get_size,
  NULL,
  NULL, NULL, NULL, NULL,     /* no KeyValue read or write: X.509 only */
  NULL, NULL,
  NULL, NULL,
};

typedef struct
{
  gnutls_hash_hd_t hash;
  gnutls_privkey_t priv;        /* borrowed from the key */
  gnutls_pubkey_t  pub;         /* borrowed from the key */
  guint8           digest[32];
} XnEcdsaCtx;

#define XN_ECDSA_SIZE (sizeof (xmlSecTransform) + sizeof (XnEcdsaCtx))
#define XN_ECDSA(t) ((XnEcdsaCtx *) (((guint8 *) (t)) + sizeof (xmlSecTransform)))

static int
xn_ecdsa_initialize (xmlSecTransformPtr transform)
{
  memset (XN_ECDSA (transform), 0, sizeof (XnEcdsaCtx));
  return 0;
}

static void
xn_ecdsa_finalize (xmlSecTransformPtr transform)
{
  XnEcdsaCtx *ctx = XN_ECDSA (transform);

  if (ctx->hash != NULL)
    gnutls_hash_deinit (ctx->hash, NULL);
  ctx->hash = NULL;
}

static int
xn_ecdsa_set_key_req (xmlSecTransformPtr transform,
                      xmlSecKeyReqPtr    key_req)
{
  key_req->keyId = &xn_ec_key_klass;
  if (transform->operation == xmlSecTransformOperationSign)
    {
      key_req->keyType = xmlSecKeyDataTypePrivate;
      key_req->keyUsage = xmlSecKeyUsageSign;
    }
  else
    {
      key_req->keyType = xmlSecKeyDataTypePublic;
      key_req->keyUsage = xmlSecKeyUsageVerify;
    }
  return 0;
}

static int
xn_ecdsa_set_key (xmlSecTransformPtr transform,
                  xmlSecKeyPtr       key)
{
  XnEcdsaCtx *ctx = XN_ECDSA (transform);
  xmlSecKeyDataPtr value = xmlSecKeyGetValue (key);
  XnEcKey *ec;

  if (value == NULL || value->id != &xn_ec_key_klass)
    return -1;
  ec = XN_EC_KEY (value);
  ctx->priv = ec->priv;
  ctx->pub = ec->pub;
  return 0;
}

/* r and s as DER integers may carry a leading zero or be short: fit them
 * into the fixed-width big-endian halves XML-DSig uses. */
static gboolean
put_fixed (guint8               *out,
           const gnutls_datum_t *v)
{
  const guint8 *p = v->data;
  gsize n = v->size;

  while (n > 0 && *p == 0)
    p++, n--;
  if (n > P256_BYTES)
    return FALSE;
  memset (out, 0, P256_BYTES - n);
  memcpy (out + P256_BYTES - n, p, n);
  return TRUE;
}

static int
xn_ecdsa_execute (xmlSecTransformPtr    transform,
                  int                   last,
                  xmlSecTransformCtxPtr transform_ctx)
{
  XnEcdsaCtx *ctx = XN_ECDSA (transform);
  xmlSecBufferPtr in = &transform->inBuf;

  if (transform->status == xmlSecTransformStatusNone)
    {
      if (gnutls_hash_init (&ctx->hash, GNUTLS_DIG_SHA256) < 0)
        return -1;
      transform->status = xmlSecTransformStatusWorking;
    }

  if (transform->status == xmlSecTransformStatusWorking)
    {
      xmlSecSize size = xmlSecBufferGetSize (in);

      if (size > 0)
        {
          gnutls_hash (ctx->hash, xmlSecBufferGetData (in), size);
          if (xmlSecBufferRemoveHead (in, size) < 0)
            return -1;
        }
      if (last)
        {
          gnutls_hash_deinit (ctx->hash, ctx->digest);
          ctx->hash = NULL;

          if (transform->operation == xmlSecTransformOperationSign)
            {
              gnutls_datum_t digest = { ctx->digest, sizeof ctx->digest };
              gnutls_datum_t der = { NULL, 0 }, r = { NULL, 0 }, s = { NULL, 0 };
              guint8 raw[2 * P256_BYTES];
              gboolean ok;

              if (ctx->priv == NULL
                  || gnutls_privkey_sign_hash2 (ctx->priv, GNUTLS_SIGN_ECDSA_SHA256,
                                                0, &digest, &der) < 0)
                return -1;
              ok = gnutls_decode_rs_value (&der, &r, &s) >= 0
                   && put_fixed (raw, &r) && put_fixed (raw + P256_BYTES, &s);
              gnutls_free (der.data);
              gnutls_free (r.data);
              gnutls_free (s.data);
              if (!ok || xmlSecBufferSetData (&transform->outBuf, raw, sizeof raw) < 0)
                return -1;
            }
          transform->status = xmlSecTransformStatusFinished;
        }
    }
  else if (transform->status == xmlSecTransformStatusFinished)
    {
      if (xmlSecBufferGetSize (in) != 0)
        return -1;
    }
  else
    return -1;

  return 0;
}

static int
xn_ecdsa_verify (xmlSecTransformPtr    transform,
                 const xmlSecByte     *data,
                 xmlSecSize            data_size,
                 xmlSecTransformCtxPtr transform_ctx)
{
  XnEcdsaCtx *ctx = XN_ECDSA (transform);
  gnutls_datum_t digest = { ctx->digest, sizeof ctx->digest };
  gnutls_datum_t r = { (guint8 *) data, P256_BYTES };
  gnutls_datum_t s = { (guint8 *) data + P256_BYTES, P256_BYTES };
  gnutls_datum_t der = { NULL, 0 };

  if (transform->status != xmlSecTransformStatusFinished || ctx->pub == NULL)
    return -1;

  transform->status = xmlSecTransformStatusFail;
  if (data_size == 2 * P256_BYTES && gnutls_encode_rs_value (&der, &r, &s) >= 0)
    {
      if (gnutls_pubkey_verify_hash2 (ctx->pub, GNUTLS_SIGN_ECDSA_SHA256, 0,
                                      &digest, &der) >= 0)
        transform->status = xmlSecTransformStatusOk;
      gnutls_free (der.data);
    }
  return 0;
}

static xmlSecTransformKlass xn_ecdsa_klass = {
  sizeof (xmlSecTransformKlass),
  XN_ECDSA_SIZE,
  BAD_CAST "ecdsa-sha256",
  BAD_CAST HREF_ECDSA256,
  xmlSecTransformUsageSignatureMethod,
  xn_ecdsa_initialize,
  xn_ecdsa_finalize,
  NULL, NULL,
  xn_ecdsa_set_key_req,
  xn_ecdsa_set_key,
  xn_ecdsa_verify,
  xmlSecTransformDefaultGetDataType,
  xmlSecTransformDefaultPushBin,
  xmlSecTransformDefaultPopBin,
  NULL, NULL,
  xn_ecdsa_execute,
  NULL, NULL,
};

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
  if (xmlSecTransformIdsRegister (&xn_ecdsa_klass) < 0)
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

static char *
crt_dn (gnutls_x509_crt_t crt,
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

static char *
crt_fingerprint (gnutls_x509_crt_t crt)
{
  guint8 buf[32];
  size_t len = sizeof buf;

  if (gnutls_x509_crt_get_fingerprint (crt, GNUTLS_DIG_SHA256, buf, &len) < 0)
    return g_strdup ("?");
  return hex_string (buf, len);
}

static char *
crt_serial (gnutls_x509_crt_t crt)
{
  guint8 buf[64];
  size_t len = sizeof buf;

  if (gnutls_x509_crt_get_serial (crt, buf, &len) < 0)
    return g_strdup ("?");
  return hex_string (buf, len);
}

static char *
format_time (time_t t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M:%S UTC")
                    : g_strdup ("?");
}

static gboolean
is_dsig (xmlNode    *node,
         const char *name)
{
  return node != NULL
         && node->type == XML_ELEMENT_NODE
         && node->ns != NULL
         && xmlStrEqual (node->ns->href, BAD_CAST DSIG_NS)
         && xmlStrEqual (node->name, BAD_CAST name);
}

static xmlNode *
first_element (xmlNode *node)
{
  for (xmlNode *n = node->children; n != NULL; n = n->next)
    if (n->type == XML_ELEMENT_NODE)
      return n;
  return NULL;
}

static xmlNode *
next_element (xmlNode *node)
{
  for (xmlNode *n = node->next; n != NULL; n = n->next)
    if (n->type == XML_ELEMENT_NODE)
      return n;
  return NULL;
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

static char *
node_label (xmlNode *node)
{
  if (node->ns != NULL && node->ns->prefix != NULL)
    return g_strdup_printf ("%s:%s", node->ns->prefix, node->name);
  return g_strdup ((const char *) node->name);
}

static gboolean
check_document_element (xmlDoc   *doc,
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
static gboolean
check_forbidden_nodes (xmlDoc     *doc,
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
          if (is_dsig (n, "Signature"))
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

typedef struct
{
  gboolean doctype;
} ParseState;

static void
refuse_internal_subset (void          *user_data,
                        const xmlChar *name,
                        const xmlChar *external_id,
                        const xmlChar *system_id)
{
  xmlParserCtxtPtr ctxt = user_data;
  ParseState *state = ctxt->_private;

  state->doctype = TRUE;
  xmlStopParser (ctxt);
}

/**
 * xn_sign_parse_bytes:
 * @document: the XML bytes
 * @error: return location for a #GError
 *
 * Parses a document the way signing and verification need it: no network,
 * no DTD loading, no entity substitution, and a DOCTYPE declaration stops
 * the parser before any of its entities is even declared. Whitespace is
 * kept, since it is signed.
 *
 * Returns: (transfer full): the document, free with xmlFreeDoc()
 */
xmlDoc *
xn_sign_parse_bytes (GBytes  *document,
                     GError **error)
{
  ParseState state = { FALSE };
  xmlParserCtxtPtr ctxt;
  xmlDoc *doc;
  gsize len;
  const char *data;

  g_return_val_if_fail (document != NULL, NULL);

  if (!xn_sign_init (error))
    return NULL;

  data = g_bytes_get_data (document, &len);
  if (len > MAX_DOCUMENT_BYTES)
    {
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_PARSE,
                   _("The document is too large: %" G_GSIZE_FORMAT " bytes, at most %d"),
                   len, MAX_DOCUMENT_BYTES);
      return NULL;
    }
  /* libxml2 ends a document at a NUL without complaint, so bytes after
   * one would be stored and served back with a valid signature. */
  if (len > 0 && memchr (data, '\0', len) != NULL)
    {
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_PARSE,
                   _("The document contains a NUL byte at offset %" G_GSIZE_FORMAT
                     "; a policy document is text and may not contain one"),
                   (gsize) ((const char *) memchr (data, '\0', len) - data));
      return NULL;
    }
  {
    gsize markup = 0;

    for (const char *c = data; c != NULL && (c = memchr (c, '<', len - (gsize) (c - data))) != NULL; c++)
      if (++markup > MAX_DOCUMENT_MARKUP)
        {
          g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_PARSE,
                       _("The document has more than %d elements; a policy has far fewer"),
                       MAX_DOCUMENT_MARKUP);
          return NULL;
        }
  }

  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_FAILED,
                   _("Out of memory"));
      return NULL;
    }
  ctxt->_private = &state;
  ctxt->sax->internalSubset = refuse_internal_subset;
  doc = xmlCtxtReadMemory (ctxt, data != NULL ? data : "", (int) len,
                           "policy.xml", NULL,
                           XML_PARSE_NONET | XML_PARSE_COMPACT | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);

  if (state.doctype)
    {
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_FORBIDDEN,
                   _("The document has a DOCTYPE declaration; DTDs and entities are not allowed"));
      g_clear_pointer (&doc, xmlFreeDoc);
    }
  else if (doc == NULL || !ctxt->wellFormed)
    {
      const xmlError *xe = xmlCtxtGetLastError (ctxt);

      if (xe != NULL && xe->message != NULL)
        {
          g_autofree char *msg = g_strchomp (g_strdup (xe->message));

          g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_PARSE,
                       _("The document is not well-formed XML: line %d: %s"),
                       xe->line, msg);
        }
      else
        g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_PARSE,
                     _("The document is not well-formed XML"));
      g_clear_pointer (&doc, xmlFreeDoc);
    }

  xmlFreeParserCtxt (ctxt);
  return doc;
}

/* ------------------------------------------------------------------ */
/* Signer                                                               */

struct _XnSigner
{
  xmlSecKeyPtr     key;          /* value + X.509 data (signer, chain) */
  xmlSecTransformId sign_method;
  char            *subject;
  char            *fingerprint;
  GMutex           lock;         /* xmlsec keys are not meant for concurrent use */
};

static void
xn_signer_clear (gpointer data)
{
  XnSigner *self = data;

  g_clear_pointer (&self->key, xmlSecKeyDestroy);
  g_free (self->subject);
  g_free (self->fingerprint);
  g_mutex_clear (&self->lock);
}

/**
 * xn_signer_ref:
 * @signer: a #XnSigner
 *
 * Returns: (transfer full): @signer
 */
XnSigner *
xn_signer_ref (XnSigner *signer)
{
  return g_atomic_rc_box_acquire (signer);
}

/**
 * xn_signer_unref:
 * @signer: (transfer full): a #XnSigner
 */
void
xn_signer_unref (XnSigner *signer)
{
  g_atomic_rc_box_release_full (signer, xn_signer_clear);
}

/**
 * xn_signer_get_subject:
 * @signer: a #XnSigner
 *
 * Returns: (transfer none): the subject DN of the signer certificate
 */
const char *
xn_signer_get_subject (XnSigner *signer)
{
  return signer->subject;
}

/**
 * xn_signer_get_fingerprint:
 * @signer: a #XnSigner
 *
 * Returns: (transfer none): the SHA-256 fingerprint of the signer
 *   certificate, lower-case hex
 */
const char *
xn_signer_get_fingerprint (XnSigner *signer)
{
  return signer->fingerprint;
}

static gboolean
read_file_datum (const char      *path,
                 int              code,
                 char           **contents,
                 gsize           *len,
                 GError         **error)
{
  g_autoptr(GError) local = NULL;

  if (!g_file_get_contents (path, contents, len, &local))
    {
      g_set_error (error, XN_SIGN_ERROR, code, "%s", local->message);
      return FALSE;
    }
  return TRUE;
}

static void
free_crt_list (gnutls_x509_crt_t *list,
               guint              n)
{
  for (guint i = 0; i < n; i++)
    if (list[i] != NULL)
      gnutls_x509_crt_deinit (list[i]);
  gnutls_free (list);
}

/* xmlsec 1.2's GnuTLS backend signs RSA through libgcrypt and hands it
 * GnuTLS's p, q and coefficient unchanged; libgcrypt's CRT wants p < q,
 * so about half of all keys would fail ("Bad signature" from its
 * self-check). Give it the same key with the primes in libgcrypt's order;
 * GnuTLS recomputes the coefficient and exponents. */
static gsize
mpi_len (const gnutls_datum_t *v,
         const guint8        **start)
{
  const guint8 *p = v->data;
  gsize n = v->size;

  while (n > 0 && *p == 0)
    p++, n--;
  *start = p;
  return n;
}

static int
mpi_cmp (const gnutls_datum_t *a,
         const gnutls_datum_t *b)
{
  const guint8 *pa, *pb;
  gsize na = mpi_len (a, &pa), nb = mpi_len (b, &pb);

  if (na != nb)
    return na < nb ? -1 : 1;
  return memcmp (pa, pb, na);
}

static int
rsa_key_for_gcrypt (gnutls_x509_privkey_t *key)
{
  gnutls_datum_t m = { 0 }, e = { 0 }, d = { 0 }, p = { 0 }, q = { 0 }, u = { 0 };
  gnutls_datum_t e1 = { 0 }, e2 = { 0 };
  gnutls_x509_privkey_t fixed = NULL;
  int rc;

  rc = gnutls_x509_privkey_export_rsa_raw2 (*key, &m, &e, &d, &p, &q, &u, &e1, &e2);
  if (rc < 0)
    return rc;
  if (mpi_cmp (&p, &q) < 0)
    {
      rc = gnutls_x509_privkey_init (&fixed);
      if (rc >= 0)
        rc = gnutls_x509_privkey_import_rsa_raw2 (fixed, &m, &e, &d, &q, &p, NULL, &e2, &e1);
      if (rc >= 0)
        {
          gnutls_x509_privkey_deinit (*key);
          *key = fixed;
        }
      else if (fixed != NULL)
        gnutls_x509_privkey_deinit (fixed);
    }
  gnutls_free (m.data);
  gnutls_free (e.data);
  gnutls_memset (d.data, 0, d.size);
  gnutls_free (d.data);
  gnutls_memset (p.data, 0, p.size);
  gnutls_free (p.data);
  gnutls_memset (q.data, 0, q.size);
  gnutls_free (q.data);
  gnutls_memset (u.data, 0, u.size);
  gnutls_free (u.data);
  gnutls_memset (e1.data, 0, e1.size);
  gnutls_free (e1.data);
  gnutls_memset (e2.data, 0, e2.size);
  gnutls_free (e2.data);
  return rc < 0 ? rc : 0;
}

/**
 * xn_signer_new_from_files:
 * @key_path: a PEM private key: PKCS#1 or PKCS#8 (unencrypted), RSA or
 *   ECDSA P-256
 * @cert_path: a PEM certificate, or a chain: the signer first, then its
 *   intermediates
 * @error: return location for a #GError
 *
 * Loads a signing key once. xmlsec's GnuTLS backend cannot read PEM keys,
 * so GnuTLS decodes them and the key is handed to xmlsec in memory.
 *
 * Returns: (transfer full): a new #XnSigner, or %NULL
 */
XnSigner *
xn_signer_new_from_files (const char  *key_path,
                          const char  *cert_path,
                          GError     **error)
{
  g_autofree char *key_pem = NULL;
  g_autofree char *cert_pem = NULL;
  gsize key_len, cert_len;
  gnutls_x509_privkey_t xkey = NULL;
  gnutls_x509_crt_t *crts = NULL;
  unsigned int n_crts = 0;
  xmlSecKeyDataPtr value = NULL;
  xmlSecKeyDataPtr x509 = NULL;
  xmlSecKeyPtr key = NULL;
  xmlSecTransformId method;
  XnSigner *self = NULL;
  gnutls_datum_t datum;
  guint8 id_key[64], id_crt[64];
  size_t id_key_len = sizeof id_key, id_crt_len = sizeof id_crt;
  int algo, rc;

  g_return_val_if_fail (key_path != NULL && cert_path != NULL, NULL);

  if (!xn_sign_init (error))
    return NULL;
  if (!read_file_datum (key_path, XN_SIGN_ERROR_KEY, &key_pem, &key_len, error)
      || !read_file_datum (cert_path, XN_SIGN_ERROR_CERTIFICATE, &cert_pem, &cert_len, error))
    return NULL;

  datum.data = (guint8 *) key_pem;
  datum.size = key_len;
  if (gnutls_x509_privkey_init (&xkey) < 0)
    goto oom;
  rc = gnutls_x509_privkey_import2 (xkey, &datum, GNUTLS_X509_FMT_PEM, NULL,
                                    GNUTLS_PKCS_PLAIN);
  if (rc < 0)
    {
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_KEY,
                   _("%s is not a usable PEM private key (PKCS#1 or unencrypted PKCS#8): %s"),
                   key_path, gnutls_strerror (rc));
      goto out;
    }

  datum.data = (guint8 *) cert_pem;
  datum.size = cert_len;
  rc = gnutls_x509_crt_list_import2 (&crts, &n_crts, &datum, GNUTLS_X509_FMT_PEM, 0);
  if (rc < 0 || n_crts == 0)
    {
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_CERTIFICATE,
                   _("%s holds no PEM certificate: %s"),
                   cert_path, rc < 0 ? gnutls_strerror (rc) : _("empty"));
      goto out;
    }

  /* The first certificate must be the key's own, or every verifier would
   * check the signature with a different key than the one that made it. */
  if (gnutls_x509_privkey_get_key_id (xkey, GNUTLS_KEYID_USE_SHA256, id_key, &id_key_len) < 0
      || gnutls_x509_crt_get_key_id (crts[0], GNUTLS_KEYID_USE_SHA256, id_crt, &id_crt_len) < 0
      || id_key_len != id_crt_len || memcmp (id_key, id_crt, id_key_len) != 0)
    {
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_KEY_MISMATCH,
                   _("The private key %s does not belong to the first certificate in %s"),
                   key_path, cert_path);
      goto out;
    }

  algo = gnutls_x509_privkey_get_pk_algorithm2 (xkey, NULL);
  if (algo == GNUTLS_PK_RSA)
    {
      rc = rsa_key_for_gcrypt (&xkey);
      if (rc < 0)
        {
          g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_KEY,
                       _("%s: the RSA key cannot be used: %s"),
                       key_path, gnutls_strerror (rc));
          goto out;
        }
      value = xmlSecKeyDataCreate (xmlSecGnuTLSKeyDataRsaId);
      if (value == NULL || xmlSecGnuTLSKeyDataRsaAdoptPrivateKey (value, xkey) < 0)
        goto xmlsec_fail;
      xkey = NULL;
      method = xmlSecGnuTLSTransformRsaSha256Id;
    }
  else if (algo == GNUTLS_PK_ECDSA)
    {
      gnutls_ecc_curve_t curve = GNUTLS_ECC_CURVE_INVALID;
      gnutls_privkey_t priv = NULL;
      gnutls_pubkey_t pub = NULL;

      gnutls_datum_t x = { NULL, 0 }, y = { NULL, 0 }, k = { NULL, 0 };

      if (gnutls_x509_privkey_export_ecc_raw (xkey, &curve, &x, &y, &k) >= 0)
        {
          gnutls_free (x.data);
          gnutls_free (y.data);
          gnutls_memset (k.data, 0, k.size);
          gnutls_free (k.data);
        }
      if (curve != GNUTLS_ECC_CURVE_SECP256R1)
        {
          g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_KEY,
                       _("%s is an ECDSA key on curve %s; only P-256 (secp256r1) is supported"),
                       key_path, gnutls_ecc_curve_get_name (curve) ?: "?");
          goto out;
        }
      if (gnutls_privkey_init (&priv) < 0)
        goto oom;
      if (gnutls_privkey_import_x509 (priv, xkey, GNUTLS_PRIVKEY_IMPORT_AUTO_RELEASE) < 0)
        {
          gnutls_privkey_deinit (priv);
          goto xmlsec_fail;
        }
      xkey = NULL;
      value = xmlSecKeyDataCreate (&xn_ec_key_klass);
      if (value == NULL)
        {
          gnutls_privkey_deinit (priv);
          goto xmlsec_fail;
        }
      XN_EC_KEY (value)->priv = priv;
      if (gnutls_pubkey_init (&pub) >= 0)
        {
          if (gnutls_pubkey_import_privkey (pub, priv, 0, 0) >= 0)
            XN_EC_KEY (value)->pub = pub;
          else
            gnutls_pubkey_deinit (pub);
        }
      method = &xn_ecdsa_klass;
    }
  else
    {
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_KEY,
                   _("%s is a %s key; only RSA and ECDSA P-256 keys can sign"),
                   key_path, gnutls_pk_get_name (algo) ?: "unknown");
      goto out;
    }

  key = xmlSecKeyCreate ();
  if (key == NULL || xmlSecKeySetValue (key, value) < 0)
    goto xmlsec_fail;
  value = NULL;

  self = g_atomic_rc_box_new0 (XnSigner);
  g_mutex_init (&self->lock);
  self->sign_method = method;
  self->subject = crt_dn (crts[0], FALSE);
  self->fingerprint = crt_fingerprint (crts[0]);

  x509 = xmlSecKeyEnsureData (key, xmlSecGnuTLSKeyDataX509Id);
  if (x509 == NULL)
    goto xmlsec_fail;
  for (guint i = 0; i < n_crts; i++)
    {
      if (xmlSecGnuTLSKeyDataX509AdoptCert (x509, crts[i]) < 0)
        goto xmlsec_fail;
      crts[i] = NULL;
    }
  self->key = g_steal_pointer (&key);
  goto out;

oom:
  g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_FAILED, _("Out of memory"));
  goto out;

xmlsec_fail:
  g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_KEY,
               _("xmlsec could not take the key from %s: %s"),
               key_path, xmlsec_last_error ());
  g_clear_pointer (&self, xn_signer_unref);

out:
  if (value != NULL)
    xmlSecKeyDataDestroy (value);
  if (key != NULL)
    xmlSecKeyDestroy (key);
  if (xkey != NULL)
    gnutls_x509_privkey_deinit (xkey);
  free_crt_list (crts, n_crts);
  return self;
}

/* @found: the signatures check_forbidden_nodes() met, in document order */
static void
remove_signatures (GPtrArray *found)
{
  /* Outermost first would leave inner ones dangling in the array only if we
   * freed while walking; we collected first, so free innermost last. */
  for (guint i = found->len; i > 0; i--)
    {
      xmlNode *n = g_ptr_array_index (found, i - 1);

      xmlUnlinkNode (n);
      xmlFreeNode (n);
    }
}

/**
 * xn_signer_sign_doc:
 * @signer: a #XnSigner
 * @doc: a policy document
 * @error: return location for a #GError
 *
 * Removes every existing ds:Signature from @doc and appends a new enveloped
 * signature as the last child of the document element: one Reference
 * URI="", transforms enveloped-signature and exclusive C14N, SHA-256, RSA-
 * or ECDSA-SHA256 to match the key, and the certificate chain in
 * KeyInfo/X509Data. Documents with comments, processing instructions or a
 * DTD are refused, since a verifier would refuse them too.
 *
 * Returns: %TRUE if @doc is now signed
 */
gboolean
xn_signer_sign_doc (XnSigner  *signer,
                    xmlDoc    *doc,
                    GError   **error)
{
  g_autoptr(GPtrArray) old_signatures = g_ptr_array_new ();
  xmlNode *sig, *ref, *key_info, *root;
  xmlSecDSigCtxPtr ctx;
  int rc;

  g_return_val_if_fail (signer != NULL, FALSE);
  g_return_val_if_fail (doc != NULL, FALSE);

  if (!xn_sign_init (error)
      || !check_document_element (doc, error)
      || !check_forbidden_nodes (doc, old_signatures, error))
    return FALSE;

  remove_signatures (old_signatures);
  root = xmlDocGetRootElement (doc);

  sig = xmlSecTmplSignatureCreateNsPref (doc, xmlSecTransformExclC14NId,
                                         signer->sign_method, NULL, BAD_CAST "ds");
  if (sig == NULL)
    goto fail;
  xmlAddChild (root, sig);
  ref = xmlSecTmplSignatureAddReference (sig, xmlSecGnuTLSTransformSha256Id,
                                         NULL, BAD_CAST "", NULL);
  if (ref == NULL
      || xmlSecTmplReferenceAddTransform (ref, xmlSecTransformEnvelopedId) == NULL
      || xmlSecTmplReferenceAddTransform (ref, xmlSecTransformExclC14NId) == NULL)
    goto fail_unlink;
  key_info = xmlSecTmplSignatureEnsureKeyInfo (sig, NULL);
  if (key_info == NULL || xmlSecTmplKeyInfoAddX509Data (key_info) == NULL)
    goto fail_unlink;

  ctx = xmlSecDSigCtxCreate (NULL);
  if (ctx == NULL)
    goto fail_unlink;

  xmlsec_clear_error ();
  g_mutex_lock (&signer->lock);
  ctx->signKey = signer->key;
  rc = xmlSecDSigCtxSign (ctx, sig);
  ctx->signKey = NULL;     /* borrowed: the signer keeps it */
  g_mutex_unlock (&signer->lock);
  xmlSecDSigCtxDestroy (ctx);

  if (rc < 0)
    goto fail_unlink;
  return TRUE;

fail_unlink:
  xmlUnlinkNode (sig);
  xmlFreeNode (sig);
fail:
  g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_FAILED,
               _("Signing failed: %s"), xmlsec_last_error ());
  return FALSE;
}

/**
 * xn_signer_sign_doc_to_bytes:
 * @signer: a #XnSigner
 * @doc: a policy document; signed in place, still owned by the caller
 * @error: return location for a #GError
 *
 * Signs @doc with xn_signer_sign_doc() and serialises it as UTF-8. For a
 * caller that has the tree already, or that can leave freeing it to the
 * end of the process (a large tree is freed as a million small blocks).
 *
 * Returns: (transfer full) (nullable): the signed document
 */
GBytes *
xn_signer_sign_doc_to_bytes (XnSigner  *signer,
                             xmlDoc    *doc,
                             GError   **error)
{
  xmlChar *out = NULL;
  int out_len = 0;

  g_return_val_if_fail (signer != NULL, NULL);
  g_return_val_if_fail (doc != NULL, NULL);

  if (!xn_signer_sign_doc (signer, doc, error))
    return NULL;
  xmlDocDumpMemoryEnc (doc, &out, &out_len, "UTF-8");
  if (out == NULL)
    {
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_FAILED,
                   _("Could not serialise the signed document"));
      return NULL;
    }
  return g_bytes_new_with_free_func (out, out_len, (GDestroyNotify) xmlFree, out);
}

/**
 * xn_sign_bytes:
 * @signer: a #XnSigner
 * @document: a policy document as XML bytes
 * @error: return location for a #GError
 *
 * Parses @document (hardened, see xn_sign_parse_bytes()), signs it with
 * xn_signer_sign_doc() and serialises it as UTF-8.
 *
 * Returns: (transfer full): the signed document
 */
GBytes *
xn_sign_bytes (XnSigner  *signer,
               GBytes    *document,
               GError   **error)
{
  xmlDoc *doc;
  GBytes *out;

  g_return_val_if_fail (signer != NULL, NULL);
  g_return_val_if_fail (document != NULL, NULL);

  doc = xn_sign_parse_bytes (document, error);
  if (doc == NULL)
    return NULL;
  out = xn_signer_sign_doc_to_bytes (signer, doc, error);
  xmlFreeDoc (doc);
  return out;
}

/* ------------------------------------------------------------------ */
/* Trust                                                                */

struct _XnTrust
{
  gnutls_x509_trust_list_t list;
  guint                    n_certs;
};

static void
xn_trust_clear (gpointer data)
{
  XnTrust *self = data;

  if (self->list != NULL)
    gnutls_x509_trust_list_deinit (self->list, 1);
}

/**
 * xn_trust_ref:
 * @trust: a #XnTrust
 *
 * Returns: (transfer full): @trust
 */
XnTrust *
xn_trust_ref (XnTrust *trust)
{
  return g_atomic_rc_box_acquire (trust);
}

/**
 * xn_trust_unref:
 * @trust: (transfer full): a #XnTrust
 */
void
xn_trust_unref (XnTrust *trust)
{
  g_atomic_rc_box_release_full (trust, xn_trust_clear);
}

/**
 * xn_trust_get_n_certificates:
 * @trust: a #XnTrust
 *
 * Returns: how many certificates were loaded
 */
guint
xn_trust_get_n_certificates (XnTrust *trust)
{
  return trust->n_certs;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * xn_trust_new_from_dir:
 * @dir: a directory of PEM certificates (`*.pem`, `*.crt`), e.g.
 *   `/etc/xenon/trust/`
 * @error: return location for a #GError
 *
 * Loads every certificate in @dir as a trust anchor: a CA whose signers
 * are accepted, or a pinned signer certificate. Other files are ignored.
 * A file that is not a PEM certificate, or a directory without any, is an
 * error naming it.
 *
 * Returns: (transfer full): a new #XnTrust, or %NULL
 */
XnTrust *
xn_trust_new_from_dir (const char  *dir,
                       GError     **error)
{
  g_autoptr(GDir) d = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(XnTrust) self = NULL;
  const char *name;

  g_return_val_if_fail (dir != NULL, NULL);

  if (!xn_sign_init (error))
    return NULL;

  d = g_dir_open (dir, 0, &local);
  if (d == NULL)
    {
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_TRUST,
                   _("Cannot read the trust directory: %s"), local->message);
      return NULL;
    }
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".pem") || g_str_has_suffix (name, ".crt"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  self = g_atomic_rc_box_new0 (XnTrust);
  if (gnutls_x509_trust_list_init (&self->list, 0) < 0)
    {
      self->list = NULL;
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_FAILED, _("Out of memory"));
      return NULL;
    }

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);
      g_autofree char *pem = NULL;
      gsize len;
      gnutls_datum_t datum;
      gnutls_x509_crt_t *crts = NULL;
      unsigned int n = 0;
      int rc;

      if (!read_file_datum (path, XN_SIGN_ERROR_TRUST, &pem, &len, error))
        return NULL;
      datum.data = (guint8 *) pem;
      datum.size = len;
      rc = gnutls_x509_crt_list_import2 (&crts, &n, &datum, GNUTLS_X509_FMT_PEM, 0);
      if (rc < 0 || n == 0)
        {
          g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_TRUST,
                       _("%s is not a PEM certificate: %s"), path,
                       rc < 0 ? gnutls_strerror (rc) : _("no certificate in it"));
          free_crt_list (crts, n);
          return NULL;
        }
      rc = gnutls_x509_trust_list_add_cas (self->list, crts, n, 0);
      if (rc < 0)
        {
          free_crt_list (crts, n);
          g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_TRUST,
                       _("%s could not be added to the trusted certificates"), path);
          return NULL;
        }
      /* The list owns the certificates now (duplicates it dropped itself). */
      gnutls_free (crts);
      self->n_certs += n;
    }

  if (self->n_certs == 0)
    {
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_TRUST,
                   _("The trust directory %s holds no certificate (*.pem or *.crt)"), dir);
      return NULL;
    }
  return g_steal_pointer (&self);
}

/* ------------------------------------------------------------------ */
/* Verification                                                         */

struct _XnVerified
{
  char      *subject;
  char      *issuer;
  char      *serial;
  char      *fingerprint;
  GDateTime *not_before;
  GDateTime *not_after;
  xmlDoc    *doc;
  gboolean   owns_doc;
};

/**
 * xn_verified_free:
 * @verified: (transfer full): a #XnVerified
 *
 * Frees @verified and, unless it was stolen or borrowed, its document.
 */
void
xn_verified_free (XnVerified *verified)
{
  if (verified == NULL)
    return;
  g_free (verified->subject);
  g_free (verified->issuer);
  g_free (verified->serial);
  g_free (verified->fingerprint);
  g_clear_pointer (&verified->not_before, g_date_time_unref);
  g_clear_pointer (&verified->not_after, g_date_time_unref);
  if (verified->owns_doc && verified->doc != NULL)
    xmlFreeDoc (verified->doc);
  g_free (verified);
}

/**
 * xn_verified_get_subject:
 * @verified: a #XnVerified
 *
 * Returns: (transfer none): the signer certificate's subject DN (RFC 4514)
 */
const char *
xn_verified_get_subject (XnVerified *verified)
{
  return verified->subject;
}

/**
 * xn_verified_get_issuer:
 * @verified: a #XnVerified
 *
 * Returns: (transfer none): the signer certificate's issuer DN (RFC 4514)
 */
const char *
xn_verified_get_issuer (XnVerified *verified)
{
  return verified->issuer;
}

/**
 * xn_verified_get_serial:
 * @verified: a #XnVerified
 *
 * Returns: (transfer none): the signer certificate's serial, lower-case hex
 */
const char *
xn_verified_get_serial (XnVerified *verified)
{
  return verified->serial;
}

/**
 * xn_verified_get_not_before:
 * @verified: a #XnVerified
 *
 * Returns: (transfer none): the start of the signer certificate's validity
 */
GDateTime *
xn_verified_get_not_before (XnVerified *verified)
{
  return verified->not_before;
}

/**
 * xn_verified_get_not_after:
 * @verified: a #XnVerified
 *
 * Returns: (transfer none): the end of the signer certificate's validity
 */
GDateTime *
xn_verified_get_not_after (XnVerified *verified)
{
  return verified->not_after;
}

/**
 * xn_verified_get_fingerprint:
 * @verified: a #XnVerified
 *
 * Returns: (transfer none): the SHA-256 fingerprint of the signer
 *   certificate, lower-case hex
 */
const char *
xn_verified_get_fingerprint (XnVerified *verified)
{
  return verified->fingerprint;
}

/**
 * xn_verified_get_doc:
 * @verified: a #XnVerified
 *
 * The verified document. Use this one and nothing parsed again from the
 * bytes: it is exactly what the signature covers.
 *
 * Returns: (transfer none) (nullable): the document, %NULL once stolen
 */
xmlDoc *
xn_verified_get_doc (XnVerified *verified)
{
  return verified->doc;
}

/**
 * xn_verified_steal_doc:
 * @verified: a #XnVerified
 *
 * Takes the verified document out of @verified.
 *
 * Returns: (transfer full) (nullable): the document (free with
 *   xmlFreeDoc()), or %NULL if @verified does not own it (see
 *   xn_trust_verify_doc()) or it was stolen before
 */
xmlDoc *
xn_verified_steal_doc (XnVerified *verified)
{
  xmlDoc *doc;

  if (!verified->owns_doc)
    return NULL;
  doc = g_steal_pointer (&verified->doc);
  verified->owns_doc = FALSE;
  return doc;
}

static gboolean
check_algorithm_attr (xmlNode     *node,
                      const char  *expected,
                      const char  *expected2,
                      int          code,
                      const char  *what,
                      GError     **error)
{
  g_autofree xmlChar *alg = xmlGetNoNsProp (node, BAD_CAST "Algorithm");

  if (alg != NULL
      && (xmlStrEqual (alg, BAD_CAST expected)
          || (expected2 != NULL && xmlStrEqual (alg, BAD_CAST expected2))))
    return TRUE;
  g_set_error (error, XN_SIGN_ERROR, code,
               _("%s “%s” is not allowed (only %s%s%s)"),
               what, alg != NULL ? (const char *) alg : "",
               expected, expected2 ? _(" or ") : "", expected2 ? expected2 : "");
  return FALSE;
}

/* The whole shape of the one Signature, checked before xmlsec sees it so
 * each refusal gets its own reason; xmlsec is restricted the same way as
 * a second line. Returns the X509Certificate nodes, signer first. */
static gboolean
check_signature_shape (xmlNode    *sig,
                       GPtrArray  *certs,
                       char      **sign_alg,
                       GError    **error)
{
  xmlNode *si, *sv, *ki, *extra, *cm, *sm, *ref, *n, *transforms, *dm, *dv, *x509;
  g_autofree xmlChar *uri = NULL;
  guint n_refs = 0, n_transforms = 0;

  si = first_element (sig);
  sv = si != NULL ? next_element (si) : NULL;
  ki = sv != NULL ? next_element (sv) : NULL;
  extra = ki != NULL ? next_element (ki) : NULL;
  if (!is_dsig (si, "SignedInfo") || !is_dsig (sv, "SignatureValue"))
    {
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_MALFORMED,
                   _("The Signature must start with SignedInfo and SignatureValue"));
      return FALSE;
    }
  if (ki != NULL && !is_dsig (ki, "KeyInfo"))
    extra = ki, ki = NULL;
  if (extra != NULL)
    {
      g_autofree char *label = node_label (extra);

      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_MALFORMED,
                   _("Unexpected <%s> in the Signature (line %ld)"),
                   label, (long) xmlGetLineNo (extra));
      return FALSE;
    }

  cm = first_element (si);
  sm = cm != NULL ? next_element (cm) : NULL;
  if (!is_dsig (cm, "CanonicalizationMethod") || !is_dsig (sm, "SignatureMethod"))
    {
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_MALFORMED,
                   _("SignedInfo must start with CanonicalizationMethod and SignatureMethod"));
      return FALSE;
    }
  if (!check_algorithm_attr (cm, HREF_EXC_C14N, NULL, XN_SIGN_ERROR_BAD_TRANSFORM,
                             _("Canonicalization method"), error)
      || !check_algorithm_attr (sm, HREF_RSA256, HREF_ECDSA256, XN_SIGN_ERROR_BAD_ALGORITHM,
                                _("Signature method"), error))
    return FALSE;
  if (first_element (sm) != NULL)
    {
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_MALFORMED,
                   _("SignatureMethod must be empty"));
      return FALSE;
    }
  *sign_alg = (char *) xmlGetNoNsProp (sm, BAD_CAST "Algorithm");

  ref = NULL;
  for (n = next_element (sm); n != NULL; n = next_element (n))
    {
      if (!is_dsig (n, "Reference"))
        {
          g_autofree char *label = node_label (n);

          g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_MALFORMED,
                       _("Unexpected <%s> in SignedInfo"), label);
          return FALSE;
        }
      ref = n;
      n_refs++;
    }
  if (n_refs != 1)
    {
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_BAD_REFERENCE,
                   _("The signature has %u References; exactly one, to the whole document (URI=\"\"), is allowed"),
                   n_refs);
      return FALSE;
    }
  uri = xmlGetNoNsProp (ref, BAD_CAST "URI");
  if (uri == NULL || uri[0] != '\0')
    {
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_BAD_REFERENCE,
                   _("The Reference URI is “%s”; only URI=\"\" (the whole document) is allowed"),
                   uri != NULL ? (const char *) uri : _("(missing)"));
      return FALSE;
    }

  transforms = first_element (ref);
  dm = transforms != NULL ? next_element (transforms) : NULL;
  dv = dm != NULL ? next_element (dm) : NULL;
  if (!is_dsig (transforms, "Transforms"))
    {
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_BAD_TRANSFORM,
                   _("The Reference has no Transforms; enveloped-signature and exclusive C14N are required"));
      return FALSE;
    }
  for (n = first_element (transforms); n != NULL; n = next_element (n))
    {
      const char *expected = n_transforms == 0 ? HREF_ENVELOPED : HREF_EXC_C14N;

      if (!is_dsig (n, "Transform") || n_transforms >= 2
          || !check_algorithm_attr (n, expected, NULL, XN_SIGN_ERROR_BAD_TRANSFORM,
                                    _("Transform"), error))
        {
          g_clear_error (error);
          g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_BAD_TRANSFORM,
                       _("The transforms must be exactly enveloped-signature then exclusive C14N (%s, %s)"),
                       HREF_ENVELOPED, HREF_EXC_C14N);
          return FALSE;
        }
      n_transforms++;
    }
  if (n_transforms != 2)
    {
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_BAD_TRANSFORM,
                   _("The transforms must be exactly enveloped-signature then exclusive C14N (%s, %s)"),
                   HREF_ENVELOPED, HREF_EXC_C14N);
      return FALSE;
    }
  if (!is_dsig (dm, "DigestMethod") || !is_dsig (dv, "DigestValue")
      || next_element (dv) != NULL)
    {
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_MALFORMED,
                   _("The Reference must hold Transforms, DigestMethod and DigestValue"));
      return FALSE;
    }
  if (!check_algorithm_attr (dm, HREF_SHA256, NULL, XN_SIGN_ERROR_BAD_ALGORITHM,
                             _("Digest method"), error))
    return FALSE;

  /* Only an X.509 certificate is a key we can judge; a bare KeyValue would
   * let anyone sign. */
  if (ki == NULL)
    {
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_UNTRUSTED_KEY,
                   _("The signature has no KeyInfo; an X.509 certificate is required"));
      return FALSE;
    }
  x509 = first_element (ki);
  if (x509 == NULL || !is_dsig (x509, "X509Data") || next_element (x509) != NULL)
    {
      g_autofree char *label = x509 != NULL ? node_label (x509) : g_strdup (_("nothing"));

      if (x509 != NULL && is_dsig (x509, "X509Data"))
        {
          g_free (label);
          label = node_label (next_element (x509));
        }
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_UNTRUSTED_KEY,
                   _("KeyInfo holds <%s>; only one X509Data with the signer certificate is accepted"),
                   label);
      return FALSE;
    }
  for (n = first_element (x509); n != NULL; n = next_element (n))
    {
      if (!is_dsig (n, "X509Certificate"))
        {
          g_autofree char *label = node_label (n);

          g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_UNTRUSTED_KEY,
                       _("X509Data holds <%s>; only X509Certificate elements are accepted"),
                       label);
          return FALSE;
        }
      g_ptr_array_add (certs, n);
    }
  if (certs->len == 0)
    {
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_UNTRUSTED_KEY,
                   _("X509Data holds no X509Certificate"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_times (gnutls_x509_crt_t  crt,
             time_t             now,
             GError           **error)
{
  time_t nb = gnutls_x509_crt_get_activation_time (crt);
  time_t na = gnutls_x509_crt_get_expiration_time (crt);
  g_autofree char *subject = NULL;
  g_autofree char *nb_s = NULL;
  g_autofree char *na_s = NULL;

  if (nb != (time_t) -1 && now >= nb && na != (time_t) -1 && now <= na)
    return TRUE;

  subject = crt_dn (crt, FALSE);
  nb_s = format_time (nb);
  na_s = format_time (na);
  if (nb == (time_t) -1 || now < nb)
    g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_NOT_YET_VALID,
                 _("The certificate “%s” is not valid before %s (valid %s to %s)"),
                 subject, nb_s, nb_s, na_s);
  else
    g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_EXPIRED,
                 _("The certificate “%s” expired on %s (valid %s to %s)"),
                 subject, na_s, nb_s, na_s);
  return FALSE;
}

static XnVerified *
verify_doc (XnTrust  *trust,
            xmlDoc   *doc,
            GError  **error)
{
  g_autoptr(GPtrArray) sigs = g_ptr_array_new ();
  g_autoptr(GPtrArray) cert_nodes = g_ptr_array_new ();
  g_autofree char *sign_alg = NULL;
  g_autofree gnutls_x509_crt_t *chain = NULL;
  xmlNode *root, *sig;
  xmlSecKeyDataPtr value = NULL;
  xmlSecKeyPtr key = NULL;
  xmlSecDSigCtxPtr ctx = NULL;
  XnVerified *ret = NULL;
  unsigned int status = 0;
  time_t now = time (NULL);
  guint n_chain = 0;
  int algo, rc;

  if (!check_forbidden_nodes (doc, sigs, error) || !check_document_element (doc, error))
    return NULL;
  root = xmlDocGetRootElement (doc);

  if (sigs->len == 0)
    {
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_UNSIGNED,
                   _("The document is not signed"));
      return NULL;
    }
  if (sigs->len > 1)
    {
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_MULTIPLE_SIGNATURES,
                   _("The document has %u signatures; exactly one is allowed"), sigs->len);
      return NULL;
    }
  sig = sigs->pdata[0];
  if (sig->parent != root)
    {
      g_autofree char *label = node_label (sig->parent);

      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_MISPLACED,
                   _("The signature (line %ld) is inside <%s>; it must be a child of the document element <policy>"),
                   (long) xmlGetLineNo (sig), label);
      return NULL;
    }

  if (!check_signature_shape (sig, cert_nodes, &sign_alg, error))
    return NULL;

  chain = g_new0 (gnutls_x509_crt_t, cert_nodes->len);
  for (guint i = 0; i < cert_nodes->len; i++)
    {
      g_autofree xmlChar *b64 = xmlNodeGetContent (cert_nodes->pdata[i]);
      g_autofree guchar *der = NULL;
      gsize der_len = 0;
      gnutls_datum_t datum;

      if (b64 != NULL)
        der = g_base64_decode ((const char *) b64, &der_len);
      datum.data = der;
      datum.size = der_len;
      if (gnutls_x509_crt_init (&chain[i]) < 0)
        goto out;
      n_chain++;
      if (der_len == 0 || gnutls_x509_crt_import (chain[i], &datum, GNUTLS_X509_FMT_DER) < 0)
        {
          g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_UNTRUSTED_KEY,
                       _("X509Certificate number %u is not a valid certificate"), i + 1);
          goto out;
        }
    }

  /* Chain first, with time checks off so that we can name the dates
   * ourselves below (GnuTLS would only say "expired"). The first
   * certificate is the signer; the rest may be intermediates. */
  rc = gnutls_x509_trust_list_verify_crt2 (trust->list, chain, n_chain, NULL, 0,
                                           GNUTLS_VERIFY_DISABLE_TIME_CHECKS
                                           | GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS,
                                           &status, NULL);
  if (rc < 0 || status != 0)
    {
      g_autofree char *subject = crt_dn (chain[0], FALSE);
      g_autofree char *issuer = crt_dn (chain[0], TRUE);
      gnutls_datum_t why = { NULL, 0 };

      if (rc >= 0)
        gnutls_certificate_verification_status_print (status, GNUTLS_CRT_X509, &why, 0);
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_UNKNOWN_SIGNER,
                   _("The signer “%s” (issued by “%s”) is not trusted: %s"),
                   subject, issuer,
                   rc < 0 ? gnutls_strerror (rc) : why.data != NULL ? (const char *) why.data : "?");
      gnutls_free (why.data);
      goto out;
    }
  for (guint i = 0; i < n_chain; i++)
    if (!check_times (chain[i], now, error))
      goto out;

  {
    unsigned int usage = 0, critical = 0;

    if (gnutls_x509_crt_get_key_usage (chain[0], &usage, &critical) >= 0
        && (usage & (GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_NON_REPUDIATION)) == 0)
      {
        g_autofree char *subject = crt_dn (chain[0], FALSE);

        g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_UNTRUSTED_KEY,
                     _("The certificate “%s” may not sign documents (its key usage lacks digitalSignature)"),
                     subject);
        goto out;
      }
  }

  /* The one key xmlsec may use: the verified signer certificate's. */
  algo = gnutls_x509_crt_get_pk_algorithm (chain[0], NULL);
  if (algo == GNUTLS_PK_RSA && g_strcmp0 (sign_alg, HREF_RSA256) == 0)
    value = xmlSecGnuTLSX509CertGetKey (chain[0]);
  else if (algo == GNUTLS_PK_ECDSA && g_strcmp0 (sign_alg, HREF_ECDSA256) == 0)
    {
      gnutls_pubkey_t pub = NULL;
      gnutls_ecc_curve_t curve = GNUTLS_ECC_CURVE_INVALID;
      gnutls_datum_t x = { NULL, 0 }, y = { NULL, 0 };

      if (gnutls_pubkey_init (&pub) < 0)
        goto out;
      if (gnutls_pubkey_import_x509 (pub, chain[0], 0) >= 0
          && gnutls_pubkey_export_ecc_raw (pub, &curve, &x, &y) >= 0)
        {
          gnutls_free (x.data);
          gnutls_free (y.data);
        }
      if (curve != GNUTLS_ECC_CURVE_SECP256R1
          || (value = xmlSecKeyDataCreate (&xn_ec_key_klass)) == NULL)
        {
          gnutls_pubkey_deinit (pub);
          g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_BAD_ALGORITHM,
                       _("The signer's ECDSA key is not on curve P-256"));
          goto out;
        }
      XN_EC_KEY (value)->pub = pub;
    }
  else
    {
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_BAD_ALGORITHM,
                   _("Signature method “%s” does not fit the signer's %s key"),
                   sign_alg, gnutls_pk_get_name (algo) ?: "unknown");
      goto out;
    }
  key = xmlSecKeyCreate ();
  if (value == NULL || key == NULL || xmlSecKeySetValue (key, value) < 0)
    {
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_FAILED,
                   _("xmlsec could not use the signer's key: %s"), xmlsec_last_error ());
      goto out;
    }
  value = NULL;

  ctx = xmlSecDSigCtxCreate (NULL);
  if (ctx == NULL)
    goto out;
  ctx->signKey = g_steal_pointer (&key);
  ctx->enabledReferenceUris = xmlSecTransformUriTypeEmpty;
  xmlSecPtrListAdd (&ctx->keyInfoReadCtx.enabledKeyData, (void *) xmlSecKeyDataX509Id);
  if (xmlSecDSigCtxEnableReferenceTransform (ctx, xmlSecTransformEnvelopedId) < 0
      || xmlSecDSigCtxEnableReferenceTransform (ctx, xmlSecTransformExclC14NId) < 0
      || xmlSecDSigCtxEnableReferenceTransform (ctx, xmlSecGnuTLSTransformSha256Id) < 0
      || xmlSecDSigCtxEnableSignatureTransform (ctx, xmlSecTransformExclC14NId) < 0
      || xmlSecDSigCtxEnableSignatureTransform (ctx, xmlSecGnuTLSTransformRsaSha256Id) < 0
      || xmlSecDSigCtxEnableSignatureTransform (ctx, &xn_ecdsa_klass) < 0)
    goto out;

  xmlsec_clear_error ();
  if (xmlSecDSigCtxVerify (ctx, sig) < 0)
    {
      /* The shape was checked above, so what is left to fail is the
       * content: the GnuTLS backend reports a wrong RSA signature value
       * as an error rather than as an invalid status. */
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_TAMPERED,
                   _("The signature value does not match the signed information (SignedInfo was changed or the signature was made by another key): %s"),
                   xmlsec_last_error ());
      goto out;
    }
  if (ctx->status != xmlSecDSigStatusSucceeded)
    {
      xmlSecDSigReferenceCtxPtr rctx = NULL;

      if (xmlSecPtrListGetSize (&ctx->signedInfoReferences) == 1)
        rctx = xmlSecPtrListGetItem (&ctx->signedInfoReferences, 0);
      if (rctx != NULL && rctx->status != xmlSecDSigStatusSucceeded)
        g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_TAMPERED,
                     _("The document was changed after it was signed (the digest does not match)"));
      else
        g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_TAMPERED,
                     _("The signature value does not match the signed information (SignedInfo was changed or the signature was made by another key)"));
      goto out;
    }
  /* Belt and braces: xmlsec processed exactly the one Reference we
   * checked, on the whole document. */
  if (xmlSecPtrListGetSize (&ctx->signedInfoReferences) != 1)
    {
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_BAD_REFERENCE,
                   _("xmlsec processed an unexpected number of References"));
      goto out;
    }

  ret = g_new0 (XnVerified, 1);
  ret->subject = crt_dn (chain[0], FALSE);
  ret->issuer = crt_dn (chain[0], TRUE);
  ret->serial = crt_serial (chain[0]);
  ret->fingerprint = crt_fingerprint (chain[0]);
  ret->not_before = g_date_time_new_from_unix_utc (gnutls_x509_crt_get_activation_time (chain[0]));
  ret->not_after = g_date_time_new_from_unix_utc (gnutls_x509_crt_get_expiration_time (chain[0]));
  ret->doc = doc;

out:
  if (ret == NULL && error != NULL && *error == NULL)
    g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_FAILED,
                 _("Verification failed: %s"), xmlsec_last_error ());
  if (ctx != NULL)
    xmlSecDSigCtxDestroy (ctx);
  if (key != NULL)
    xmlSecKeyDestroy (key);
  if (value != NULL)
    xmlSecKeyDataDestroy (value);
  for (guint i = 0; i < n_chain; i++)
    gnutls_x509_crt_deinit (chain[i]);
  return ret;
}

/**
 * xn_trust_verify_doc:
 * @trust: a #XnTrust
 * @doc: (transfer none): a signed policy document
 * @error: return location for a #GError
 *
 * Verifies @doc (see xn_trust_verify_bytes() for what is refused). @doc
 * stays the caller's: the result points to it but does not own it.
 *
 * Returns: (transfer full) (nullable): what was verified, or %NULL
 */
XnVerified *
xn_trust_verify_doc (XnTrust  *trust,
                     xmlDoc   *doc,
                     GError  **error)
{
  XnVerified *ret;

  g_return_val_if_fail (trust != NULL, NULL);
  g_return_val_if_fail (doc != NULL, NULL);

  if (!xn_sign_init (error))
    return NULL;
  ret = verify_doc (trust, doc, error);
  if (ret != NULL)
    ret->owns_doc = FALSE;
  return ret;
}

/**
 * xn_trust_verify_bytes:
 * @trust: a #XnTrust
 * @document: a signed policy document as XML bytes
 * @error: return location for a #GError
 *
 * Parses @document (hardened) and verifies it. Refused, each with its own
 * #XnSignError: a DTD, entities, comments or processing instructions
 * (%XN_SIGN_ERROR_FORBIDDEN); a document element other than `policy` in
 * `urn:xenonvmm:policy:1`; no signature, several, or one that is not a
 * child of the document element; other than exactly one Reference URI="";
 * other transforms than enveloped-signature + exclusive C14N; algorithms
 * other than RSA-/ECDSA-SHA256 and SHA-256; a key not given as an X.509
 * certificate; a certificate that does not chain to @trust, has expired or
 * is not valid yet; and any change to the signed content.
 *
 * On success the caller must use the returned document
 * (xn_verified_steal_doc()), never re-parse @document.
 *
 * Returns: (transfer full) (nullable): what was verified, or %NULL
 */
XnVerified *
xn_trust_verify_bytes (XnTrust  *trust,
                       GBytes   *document,
                       GError  **error)
{
  xmlDoc *doc;
  XnVerified *ret;

  g_return_val_if_fail (trust != NULL, NULL);
  g_return_val_if_fail (document != NULL, NULL);

  doc = xn_sign_parse_bytes (document, error);
  if (doc == NULL)
    return NULL;
  ret = verify_doc (trust, doc, error);
  if (ret == NULL)
    {
      xmlFreeDoc (doc);
      return NULL;
    }
  ret->owns_doc = TRUE;
  return ret;
}
