/* xn-signer.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * The signer: a private key and its certificate chain, and the
 * enveloped XML-DSig it writes into a policy document.
 */

#include "config.h"

#define G_LOG_DOMAIN "xn-sign"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "xn-sign.h"
#include "xn-sign-private.h"

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

gboolean
_xn_sign_read_file_datum (const char      *path,
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

void
_xn_sign_free_crt_list (gnutls_x509_crt_t *list,
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
  if (!_xn_sign_read_file_datum (key_path, XN_SIGN_ERROR_KEY, &key_pem, &key_len, error)
      || !_xn_sign_read_file_datum (cert_path, XN_SIGN_ERROR_CERTIFICATE, &cert_pem, &cert_len, error))
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
      value = xmlSecKeyDataCreate (&_xn_ec_key_klass);
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
      method = &_xn_ecdsa_klass;
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
  self->subject = _xn_sign_crt_dn (crts[0], FALSE);
  self->fingerprint = _xn_sign_crt_fingerprint (crts[0]);

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
               key_path, _xn_sign_xmlsec_last_error ());
  g_clear_pointer (&self, xn_signer_unref);

out:
  if (value != NULL)
    xmlSecKeyDataDestroy (value);
  if (key != NULL)
    xmlSecKeyDestroy (key);
  if (xkey != NULL)
    gnutls_x509_privkey_deinit (xkey);
  _xn_sign_free_crt_list (crts, n_crts);
  return self;
}

/* @found: the signatures _xn_sign_check_forbidden_nodes() met, in document order */
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
      || !_xn_sign_check_document_element (doc, error)
      || !_xn_sign_check_forbidden_nodes (doc, old_signatures, error))
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

  _xn_sign_xmlsec_clear_error ();
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
               _("Signing failed: %s"), _xn_sign_xmlsec_last_error ());
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
