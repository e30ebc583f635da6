/* xn-trust.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * The trust directory and verification against it: the chain checked
 * with GnuTLS first, then the one key it vouches for handed to xmlsec.
 */

#include "config.h"

#define G_LOG_DOMAIN "xn-sign"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "xn-sign.h"
#include "xn-sign-private.h"

/* The helpers only verification uses. */

static char *
format_time (time_t t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M:%S UTC")
                    : g_strdup ("?");
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

static char *
node_label (xmlNode *node)
{
  if (node->ns != NULL && node->ns->prefix != NULL)
    return g_strdup_printf ("%s:%s", node->ns->prefix, node->name);
  return g_strdup ((const char *) node->name);
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

      if (!_xn_sign_read_file_datum (path, XN_SIGN_ERROR_TRUST, &pem, &len, error))
        return NULL;
      datum.data = (guint8 *) pem;
      datum.size = len;
      rc = gnutls_x509_crt_list_import2 (&crts, &n, &datum, GNUTLS_X509_FMT_PEM, 0);
      if (rc < 0 || n == 0)
        {
          g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_TRUST,
                       _("%s is not a PEM certificate: %s"), path,
                       rc < 0 ? gnutls_strerror (rc) : _("no certificate in it"));
          _xn_sign_free_crt_list (crts, n);
          return NULL;
        }
      rc = gnutls_x509_trust_list_add_cas (self->list, crts, n, 0);
      if (rc < 0)
        {
          _xn_sign_free_crt_list (crts, n);
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
  if (!_xn_sign_is_dsig (si, "SignedInfo") || !_xn_sign_is_dsig (sv, "SignatureValue"))
    {
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_MALFORMED,
                   _("The Signature must start with SignedInfo and SignatureValue"));
      return FALSE;
    }
  if (ki != NULL && !_xn_sign_is_dsig (ki, "KeyInfo"))
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
  if (!_xn_sign_is_dsig (cm, "CanonicalizationMethod") || !_xn_sign_is_dsig (sm, "SignatureMethod"))
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
      if (!_xn_sign_is_dsig (n, "Reference"))
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
  if (!_xn_sign_is_dsig (transforms, "Transforms"))
    {
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_BAD_TRANSFORM,
                   _("The Reference has no Transforms; enveloped-signature and exclusive C14N are required"));
      return FALSE;
    }
  for (n = first_element (transforms); n != NULL; n = next_element (n))
    {
      const char *expected = n_transforms == 0 ? HREF_ENVELOPED : HREF_EXC_C14N;

      if (!_xn_sign_is_dsig (n, "Transform") || n_transforms >= 2
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
  if (!_xn_sign_is_dsig (dm, "DigestMethod") || !_xn_sign_is_dsig (dv, "DigestValue")
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
  if (x509 == NULL || !_xn_sign_is_dsig (x509, "X509Data") || next_element (x509) != NULL)
    {
      g_autofree char *label = x509 != NULL ? node_label (x509) : g_strdup (_("nothing"));

      if (x509 != NULL && _xn_sign_is_dsig (x509, "X509Data"))
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
      if (!_xn_sign_is_dsig (n, "X509Certificate"))
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

  subject = _xn_sign_crt_dn (crt, FALSE);
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

  if (!_xn_sign_check_forbidden_nodes (doc, sigs, error) || !_xn_sign_check_document_element (doc, error))
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
      g_autofree char *subject = _xn_sign_crt_dn (chain[0], FALSE);
      g_autofree char *issuer = _xn_sign_crt_dn (chain[0], TRUE);
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
        g_autofree char *subject = _xn_sign_crt_dn (chain[0], FALSE);

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
          || (value = xmlSecKeyDataCreate (&_xn_ec_key_klass)) == NULL)
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
                   _("xmlsec could not use the signer's key: %s"), _xn_sign_xmlsec_last_error ());
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
      || xmlSecDSigCtxEnableSignatureTransform (ctx, &_xn_ecdsa_klass) < 0)
    goto out;

  _xn_sign_xmlsec_clear_error ();
  if (xmlSecDSigCtxVerify (ctx, sig) < 0)
    {
      /* The shape was checked above, so what is left to fail is the
       * content: the GnuTLS backend reports a wrong RSA signature value
       * as an error rather than as an invalid status. */
      g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_TAMPERED,
                   _("The signature value does not match the signed information (SignedInfo was changed or the signature was made by another key): %s"),
                   _xn_sign_xmlsec_last_error ());
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
  ret->subject = _xn_sign_crt_dn (chain[0], FALSE);
  ret->issuer = _xn_sign_crt_dn (chain[0], TRUE);
  ret->serial = _xn_sign_crt_serial (chain[0]);
  ret->fingerprint = _xn_sign_crt_fingerprint (chain[0]);
  ret->not_before = g_date_time_new_from_unix_utc (gnutls_x509_crt_get_activation_time (chain[0]));
  ret->not_after = g_date_time_new_from_unix_utc (gnutls_x509_crt_get_expiration_time (chain[0]));
  ret->doc = doc;

out:
  if (ret == NULL && error != NULL && *error == NULL)
    g_set_error (error, XN_SIGN_ERROR, XN_SIGN_ERROR_FAILED,
                 _("Verification failed: %s"), _xn_sign_xmlsec_last_error ());
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
