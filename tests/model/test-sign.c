/* test-sign.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * Signing and verification, and the attack corpus: every way of changing,
 * moving, wrapping or re-keying a signed policy must be refused with its
 * own error code. A test PKI (CA, signers valid/expired/not yet valid/from
 * an unknown CA, ECDSA, an intermediate valid and expired) is made with
 * certtool once per run in a temporary directory.
 */

#include "config.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <libxml/parser.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/keys.h>
#include <xmlsec/templates.h>
#include <xmlsec/transforms.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmltree.h>
#include <xmlsec/gnutls/app.h>
#include <xmlsec/gnutls/crypto.h>
#include <glib/gstdio.h>

#include "xn-sign.h"
#include "xn-test-pki.h"
#include "xn-test.h"

#define POLICY_NS "urn:xenonvmm:policy:1"
#define DSIG_NS   "http://www.w3.org/2000/09/xmldsig#"

static char *pki;            /* temporary directory */
static gboolean have_pki;

static char *
pki_path (const char *name)
{
  return g_build_filename (pki, name, NULL);
}

/* The test library's, in this suite's PKI directory. */
static gboolean
make_key (const char *name,
          const char *type)
{
  return xn_test_pki_key (pki, name, type);
}

static gboolean
make_cert (const char *out,
           const char *key,
           const char *ca_key,
           const char *ca_cert,
           const char *tmpl)
{
  return xn_test_pki_cert (pki, out, key, ca_key, ca_cert, tmpl);
}

static gboolean
concat_files (const char *out,
              const char *a,
              const char *b)
{
  g_autofree char *pa = pki_path (a), *pb = pki_path (b), *po = pki_path (out);
  g_autofree char *ca = NULL, *cb = NULL, *all = NULL;

  if (!g_file_get_contents (pa, &ca, NULL, NULL) || !g_file_get_contents (pb, &cb, NULL, NULL))
    return FALSE;
  all = g_strconcat (ca, cb, NULL);
  return g_file_set_contents (po, all, -1, NULL);
}

/* An unencrypted PKCS#8 copy of a PEM key (certtool only writes encrypted
 * PKCS#8). */
static gboolean
make_pkcs8 (const char *in,
            const char *out)
{
  g_autofree char *pin = pki_path (in), *pout = pki_path (out), *pem = NULL;
  gsize len;
  gnutls_x509_privkey_t key;
  gnutls_datum_t d, o = { NULL, 0 };
  gboolean ok;

  if (!g_file_get_contents (pin, &pem, &len, NULL))
    return FALSE;
  d.data = (unsigned char *) pem;
  d.size = len;
  gnutls_x509_privkey_init (&key);
  ok = gnutls_x509_privkey_import (key, &d, GNUTLS_X509_FMT_PEM) >= 0
       && gnutls_x509_privkey_export2_pkcs8 (key, GNUTLS_X509_FMT_PEM, NULL,
                                             GNUTLS_PKCS_PLAIN, &o) >= 0
       && g_file_set_contents (pout, (const char *) o.data, o.size, NULL);
  gnutls_free (o.data);
  gnutls_x509_privkey_deinit (key);
  return ok;
}

static void
make_trust_dir (const char *name,
                const char *cert)
{
  g_autofree char *dir = pki_path (name);
  g_autofree char *src = pki_path (cert);
  g_autofree char *dst = g_build_filename (dir, cert, NULL);
  g_autofree char *contents = NULL;

  g_mkdir (dir, 0700);
  if (g_file_get_contents (src, &contents, NULL, NULL))
    g_file_set_contents (dst, contents, -1, NULL);
}

static void
pki_setup (void)
{
  pki = g_dir_make_tmp ("xn-test-sign-XXXXXX", NULL);
  if (pki == NULL)
    return;

  have_pki =
       make_key ("ca.key", "rsa")
    && make_key ("signer.key", "rsa")
    && make_key ("signer2.key", "rsa")
    && make_key ("ec.key", "ecdsa")
    && make_key ("other.key", "ecdsa")
    && make_key ("int.key", "ecdsa")
    && make_cert ("ca.pem", "ca.key", NULL, NULL,
                  "cn = \"Xenon Test CA\"\nca\ncert_signing_key\nexpiration_days = 3650\n")
    && make_cert ("signer.pem", "signer.key", "ca.key", "ca.pem",
                  "cn = \"Xenon Test Signer\"\nserial = 4660\nsigning_key\nexpiration_days = 365\n")
    && make_cert ("signer2.pem", "signer2.key", "ca.key", "ca.pem",
                  "cn = \"Xenon Second Signer\"\nsigning_key\nexpiration_days = 365\n")
    && make_cert ("ec.pem", "ec.key", "ca.key", "ca.pem",
                  "cn = \"Xenon ECDSA Signer\"\nsigning_key\nexpiration_days = 365\n")
    && make_cert ("expired.pem", "signer.key", "ca.key", "ca.pem",
                  "cn = \"Xenon Expired Signer\"\nsigning_key\n"
                  "activation_date = \"2001-01-01 00:00:00\"\n"
                  "expiration_date = \"2002-01-01 00:00:00\"\n")
    && make_cert ("notyet.pem", "signer.key", "ca.key", "ca.pem",
                  "cn = \"Xenon Future Signer\"\nsigning_key\n"
                  "activation_date = \"2090-01-01 00:00:00\"\n"
                  "expiration_date = \"2091-01-01 00:00:00\"\n")
    && make_cert ("other-ca.pem", "other.key", NULL, NULL,
                  "cn = \"Unknown CA\"\nca\ncert_signing_key\nexpiration_days = 3650\n")
    && make_cert ("unknown.pem", "signer.key", "other.key", "other-ca.pem",
                  "cn = \"Xenon Signer Of Unknown CA\"\nsigning_key\nexpiration_days = 365\n")
    && make_cert ("int.pem", "int.key", "ca.key", "ca.pem",
                  "cn = \"Xenon Intermediate CA\"\nca\ncert_signing_key\nexpiration_days = 3650\n")
    && make_cert ("leaf.pem", "signer.key", "int.key", "int.pem",
                  "cn = \"Xenon Signer Under Intermediate\"\nsigning_key\nexpiration_days = 365\n")
    && make_cert ("int-expired.pem", "int.key", "ca.key", "ca.pem",
                  "cn = \"Xenon Expired Intermediate CA\"\nca\ncert_signing_key\n"
                  "activation_date = \"2001-01-01 00:00:00\"\n"
                  "expiration_date = \"2002-01-01 00:00:00\"\n")
    && make_cert ("leaf-of-expired.pem", "signer.key", "int.key", "int-expired.pem",
                  "cn = \"Xenon Signer Under Expired Intermediate\"\nsigning_key\nexpiration_days = 365\n")
    && make_cert ("encipher.pem", "signer.key", "ca.key", "ca.pem",
                  "cn = \"Xenon Encryption Only\"\nencryption_key\nexpiration_days = 365\n")
    && concat_files ("chain.pem", "leaf.pem", "int.pem")
    && concat_files ("chain-expired.pem", "leaf-of-expired.pem", "int-expired.pem")
    && make_pkcs8 ("signer.key", "signer-p8.key")
    && make_pkcs8 ("ec.key", "ec-p8.key");

  if (have_pki)
    {
      make_trust_dir ("trust", "ca.pem");
      make_trust_dir ("trust-pinned", "signer.pem");
    }
}

static void
rm_rf (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
      const char *name;

      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
pki_teardown (void)
{
  if (pki != NULL)
    rm_rf (pki);
  g_clear_pointer (&pki, g_free);
}

#define REQUIRE_PKI() ck_assert_msg (have_pki, "certtool could not make the test PKI")

/* ------------------------------------------------------------------ */

static XnSigner *
load_signer (const char *key,
             const char *cert)
{
  g_autofree char *k = pki_path (key), *c = pki_path (cert);
  g_autoptr(GError) error = NULL;
  XnSigner *signer = xn_signer_new_from_files (k, c, &error);

  ck_assert_msg (signer != NULL, "loading %s/%s: %s", key, cert,
                 error ? error->message : "");
  return signer;
}

static XnTrust *
load_trust (const char *name)
{
  g_autofree char *dir = pki_path (name);
  g_autoptr(GError) error = NULL;
  XnTrust *trust = xn_trust_new_from_dir (dir, &error);

  ck_assert_msg (trust != NULL, "trust %s: %s", name, error ? error->message : "");
  return trust;
}

static GBytes *
read_data (const char *name)
{
  g_autofree char *rel = g_build_filename ("sign", name, NULL);
  g_autofree char *path = xn_test_data_path (rel);
  char *contents = NULL;
  gsize len = 0;

  ck_assert_msg (g_file_get_contents (path, &contents, &len, NULL), "reading %s", path);
  return g_bytes_new_take (contents, len);
}

static xmlDoc *
parse (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  xmlDoc *doc = xn_sign_parse_bytes (bytes, &error);

  ck_assert_msg (doc != NULL, "parse: %s", error ? error->message : "");
  return doc;
}

/* A freshly signed copy of tests/data/sign/unsigned.xml. */
static xmlDoc *
signed_doc_with (const char *key,
                 const char *cert)
{
  g_autoptr(XnSigner) signer = load_signer (key, cert);
  g_autoptr(GBytes) bytes = read_data ("unsigned.xml");
  g_autoptr(GError) error = NULL;
  xmlDoc *doc = parse (bytes);

  ck_assert_msg (xn_signer_sign_doc (signer, doc, &error), "sign: %s",
                 error ? error->message : "");
  return doc;
}

static xmlDoc *
signed_doc (void)
{
  return signed_doc_with ("signer.key", "signer.pem");
}

static GBytes *
doc_bytes (xmlDoc *doc)
{
  xmlChar *out = NULL;
  int len = 0;

  xmlDocDumpMemory (doc, &out, &len);
  ck_assert_ptr_nonnull (out);
  return g_bytes_new_with_free_func (out, len, (GDestroyNotify) xmlFree, out);
}

/* Serialises @doc and verifies the bytes: what a host receives. */
static void
assert_refused_bytes (GBytes     *bytes,
                      const char *trust_name,
                      int         code,
                      const char *fragment)
{
  g_autoptr(XnTrust) trust = load_trust (trust_name);
  g_autoptr(GError) error = NULL;
  g_autoptr(XnVerified) v = xn_trust_verify_bytes (trust, bytes, &error);

  ck_assert_msg (v == NULL, "expected refusal %d, but it verified", code);
  ck_assert_ptr_nonnull (error);
  ck_assert_msg (g_error_matches (error, XN_SIGN_ERROR, code),
                 "expected code %d, got %d: %s", code, error->code, error->message);
  if (fragment != NULL)
    ck_assert_msg (strstr (error->message, fragment) != NULL,
                   "message “%s” lacks “%s”", error->message, fragment);
}

static void
assert_refused (xmlDoc     *doc,
                int         code,
                const char *fragment)
{
  g_autoptr(GBytes) bytes = doc_bytes (doc);

  assert_refused_bytes (bytes, "trust", code, fragment);
}

static XnVerified *
assert_verifies (xmlDoc     *doc,
                 const char *trust_name)
{
  g_autoptr(GBytes) bytes = doc_bytes (doc);
  g_autoptr(XnTrust) trust = load_trust (trust_name);
  g_autoptr(GError) error = NULL;
  XnVerified *v = xn_trust_verify_bytes (trust, bytes, &error);

  ck_assert_msg (v != NULL, "verify: %s", error ? error->message : "");
  return v;
}

static xmlNode *
root_of (xmlDoc *doc)
{
  return xmlDocGetRootElement (doc);
}

static xmlNode *
find_element (xmlNode    *node,
              const char *ns,
              const char *name)
{
  for (xmlNode *n = node; n != NULL; n = n->next)
    {
      xmlNode *found;

      if (n->type == XML_ELEMENT_NODE && xmlStrEqual (n->name, BAD_CAST name)
          && n->ns != NULL && xmlStrEqual (n->ns->href, BAD_CAST ns))
        return n;
      if ((found = find_element (n->children, ns, name)) != NULL)
        return found;
    }
  return NULL;
}

static xmlNode *
find_policy (xmlDoc     *doc,
             const char *name)
{
  xmlNode *n = find_element (root_of (doc), POLICY_NS, name);

  ck_assert_msg (n != NULL, "no <%s>", name);
  return n;
}

static xmlNode *
find_dsig (xmlDoc     *doc,
           const char *name)
{
  xmlNode *n = find_element (root_of (doc), DSIG_NS, name);

  ck_assert_msg (n != NULL, "no ds:%s", name);
  return n;
}

/* Signs @doc with a hand-made template, bypassing XnSigner's fixed shape,
 * so attacks can carry a signature that is itself cryptographically valid.
 * RSA keys only. */
typedef enum
{
  CUSTOM_NONE = 0,
  CUSTOM_URI_ID = 1 << 0,        /* Reference URI="#p" to an Id'd element */
  CUSTOM_TWO_REFS = 1 << 1,      /* a second Reference URI="" */
  CUSTOM_KEYVALUE = 1 << 2,      /* KeyInfo/KeyValue instead of X509Data */
  CUSTOM_INCL_C14N = 1 << 3,     /* inclusive C14N as the second transform */
} CustomFlags;

/* The same prime order fix as in xn-sign.c (libgcrypt under xmlsec 1.2
 * wants the primes the other way round than GnuTLS often stores them). */
static void
order_primes_for_gcrypt (gnutls_x509_privkey_t *key)
{
  gnutls_datum_t m, e, d, p, q, u, e1, e2;
  gnutls_x509_privkey_t fixed;

  ck_assert_int_ge (gnutls_x509_privkey_export_rsa_raw2 (*key, &m, &e, &d, &p, &q, &u, &e1, &e2), 0);
  /* compare as unsigned big-endian integers of equal bit length */
  {
    const unsigned char *pp = p.data, *qq = q.data;
    gsize np = p.size, nq = q.size;

    while (np > 0 && *pp == 0) pp++, np--;
    while (nq > 0 && *qq == 0) qq++, nq--;
    if (np < nq || (np == nq && memcmp (pp, qq, np) < 0))
      {
        gnutls_x509_privkey_init (&fixed);
        ck_assert_int_ge (gnutls_x509_privkey_import_rsa_raw2 (fixed, &m, &e, &d, &q, &p,
                                                               NULL, &e2, &e1), 0);
        gnutls_x509_privkey_deinit (*key);
        *key = fixed;
      }
  }
  gnutls_free (m.data); gnutls_free (e.data); gnutls_free (d.data); gnutls_free (p.data);
  gnutls_free (q.data); gnutls_free (u.data); gnutls_free (e1.data); gnutls_free (e2.data);
}

static void
sign_custom (xmlDoc      *doc,
             const char  *key_name,
             const char  *cert_name,
             CustomFlags  flags)
{
  g_autofree char *kp = pki_path (key_name), *cp = pki_path (cert_name), *pem = NULL;
  gsize len;
  gnutls_x509_privkey_t xkey;
  gnutls_datum_t d;
  xmlSecKeyDataPtr value;
  xmlSecKeyPtr key;
  xmlSecDSigCtxPtr ctx;
  xmlNode *sig, *ref, *ki;
  const xmlChar *uri = BAD_CAST "";

  ck_assert (xn_sign_init (NULL));
  ck_assert (g_file_get_contents (kp, &pem, &len, NULL));
  d.data = (unsigned char *) pem;
  d.size = len;
  gnutls_x509_privkey_init (&xkey);
  ck_assert_int_ge (gnutls_x509_privkey_import (xkey, &d, GNUTLS_X509_FMT_PEM), 0);
  order_primes_for_gcrypt (&xkey);
  value = xmlSecKeyDataCreate (xmlSecGnuTLSKeyDataRsaId);
  ck_assert_int_ge (xmlSecGnuTLSKeyDataRsaAdoptPrivateKey (value, xkey), 0);
  key = xmlSecKeyCreate ();
  ck_assert_int_ge (xmlSecKeySetValue (key, value), 0);
  ck_assert_int_ge (xmlSecGnuTLSAppKeyCertLoad (key, cp, xmlSecKeyDataFormatPem), 0);

  if (flags & CUSTOM_URI_ID)
    {
      xmlNode *target = find_policy (doc, "enterprise");

      xmlSetProp (target, BAD_CAST "Id", BAD_CAST "p");
      xmlAddID (NULL, doc, BAD_CAST "p", xmlHasProp (target, BAD_CAST "Id"));
      uri = BAD_CAST "#p";
    }

  sig = xmlSecTmplSignatureCreateNsPref (doc, xmlSecTransformExclC14NId,
                                         xmlSecGnuTLSTransformRsaSha256Id, NULL,
                                         BAD_CAST "ds");
  xmlAddChild (root_of (doc), sig);
  ref = xmlSecTmplSignatureAddReference (sig, xmlSecGnuTLSTransformSha256Id, NULL, uri, NULL);
  xmlSecTmplReferenceAddTransform (ref, xmlSecTransformEnvelopedId);
  xmlSecTmplReferenceAddTransform (ref, (flags & CUSTOM_INCL_C14N)
                                   ? xmlSecTransformInclC14NId : xmlSecTransformExclC14NId);
  if (flags & CUSTOM_TWO_REFS)
    {
      ref = xmlSecTmplSignatureAddReference (sig, xmlSecGnuTLSTransformSha256Id, NULL,
                                             BAD_CAST "", NULL);
      xmlSecTmplReferenceAddTransform (ref, xmlSecTransformEnvelopedId);
      xmlSecTmplReferenceAddTransform (ref, xmlSecTransformExclC14NId);
    }
  ki = xmlSecTmplSignatureEnsureKeyInfo (sig, NULL);
  if (flags & CUSTOM_KEYVALUE)
    xmlSecTmplKeyInfoAddKeyValue (ki);
  else
    xmlSecTmplKeyInfoAddX509Data (ki);

  ctx = xmlSecDSigCtxCreate (NULL);
  ctx->signKey = key;
  ck_assert_int_ge (xmlSecDSigCtxSign (ctx, sig), 0);
  xmlSecDSigCtxDestroy (ctx);
}

/* ------------------------------------------------------------------ */
/* Good paths                                                           */

START_TEST (test_sign_verify_rsa)
{
  g_autoptr(XnVerified) v = NULL;
  xmlDoc *doc;
  g_autoptr(GError) error = NULL;
  g_autoptr(XnTrust) trust = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *fp;
  xmlNode *sig;

  REQUIRE_PKI ();
  doc = signed_doc ();

  /* The signature is the last child of the document element. */
  sig = xmlGetLastChild (root_of (doc));
  ck_assert_str_eq ((const char *) sig->name, "Signature");
  ck_assert_str_eq ((const char *) sig->ns->href, DSIG_NS);
  ck_assert_ptr_nonnull (find_element (sig, DSIG_NS, "X509Certificate"));

  bytes = doc_bytes (doc);
  trust = load_trust ("trust");
  v = xn_trust_verify_bytes (trust, bytes, &error);
  ck_assert_msg (v != NULL, "verify: %s", error ? error->message : "");
  ck_assert_ptr_nonnull (strstr (xn_verified_get_subject (v), "CN=Xenon Test Signer"));
  ck_assert_ptr_nonnull (strstr (xn_verified_get_issuer (v), "CN=Xenon Test CA"));
  ck_assert_str_eq (xn_verified_get_serial (v), "1234");
  fp = (char *) xn_verified_get_fingerprint (v);
  ck_assert_uint_eq (strlen (fp), 64);
  ck_assert (g_date_time_compare (xn_verified_get_not_before (v),
                                  xn_verified_get_not_after (v)) < 0);

  /* The verified document is handed back, with the signed content. */
  {
    xmlDoc *vdoc = xn_verified_get_doc (v);
    xmlDoc *stolen;
    xmlChar *name = xmlGetProp (xmlDocGetRootElement (vdoc), BAD_CAST "name");

    ck_assert_str_eq ((const char *) name, "xenon-test");
    xmlFree (name);
    stolen = xn_verified_steal_doc (v);
    ck_assert_ptr_eq (stolen, vdoc);
    ck_assert_ptr_null (xn_verified_get_doc (v));
    xmlFreeDoc (stolen);
  }

  /* The _doc variant borrows the caller's document. */
  {
    g_autoptr(XnVerified) v2 = xn_trust_verify_doc (trust, doc, &error);

    ck_assert_msg (v2 != NULL, "verify_doc: %s", error ? error->message : "");
    ck_assert_ptr_eq (xn_verified_get_doc (v2), doc);
    ck_assert_ptr_null (xn_verified_steal_doc (v2));
  }
  xmlFreeDoc (doc);
}
END_TEST

START_TEST (test_sign_verify_ecdsa)
{
  xmlDoc *doc;
  g_autoptr(XnVerified) v = NULL;
  g_autofree xmlChar *alg = NULL;

  REQUIRE_PKI ();
  doc = signed_doc_with ("ec.key", "ec.pem");
  alg = xmlGetProp (find_dsig (doc, "SignatureMethod"), BAD_CAST "Algorithm");
  ck_assert_str_eq ((const char *) alg, "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256");
  v = assert_verifies (doc, "trust");
  ck_assert_ptr_nonnull (strstr (xn_verified_get_subject (v), "Xenon ECDSA Signer"));

  /* Our ECDSA transform really checks: tampering is caught. */
  xmlSetProp (root_of (doc), BAD_CAST "serial", BAD_CAST "8");
  assert_refused (doc, XN_SIGN_ERROR_TAMPERED, NULL);
  xmlFreeDoc (doc);
}
END_TEST

START_TEST (test_sign_ecdsa_signature_value)
{
  xmlDoc *doc;
  xmlNode *sv;
  g_autofree xmlChar *b64 = NULL;
  g_autofree guchar *raw = NULL;
  g_autofree char *again = NULL;
  gsize len;

  REQUIRE_PKI ();
  doc = signed_doc_with ("ec.key", "ec.pem");
  sv = find_dsig (doc, "SignatureValue");
  b64 = xmlNodeGetContent (sv);
  raw = g_base64_decode ((const char *) b64, &len);
  /* XML-DSig ECDSA values are raw r||s, 64 bytes for P-256, not DER. */
  ck_assert_uint_eq (len, 64);
  raw[63] ^= 1;
  again = g_base64_encode (raw, len);
  xmlNodeSetContent (sv, BAD_CAST again);
  assert_refused (doc, XN_SIGN_ERROR_TAMPERED, "signature value");
  xmlFreeDoc (doc);
}
END_TEST

START_TEST (test_sign_pkcs8_keys)
{
  xmlDoc *doc;
  g_autoptr(XnVerified) v = NULL;

  REQUIRE_PKI ();
  doc = signed_doc_with ("signer-p8.key", "signer.pem");
  v = assert_verifies (doc, "trust");
  xmlFreeDoc (doc);
  doc = signed_doc_with ("ec-p8.key", "ec.pem");
  g_clear_pointer (&v, xn_verified_free);
  v = assert_verifies (doc, "trust");
  xmlFreeDoc (doc);
}
END_TEST

START_TEST (test_sign_chain_and_pinned)
{
  xmlDoc *doc;
  g_autoptr(XnVerified) v = NULL;

  REQUIRE_PKI ();
  /* Signer under an intermediate: the chain travels in X509Data. */
  doc = signed_doc_with ("signer.key", "chain.pem");
  ck_assert_int_eq (xmlChildElementCount (find_dsig (doc, "X509Data")), 2);
  v = assert_verifies (doc, "trust");
  ck_assert_ptr_nonnull (strstr (xn_verified_get_subject (v), "Under Intermediate"));
  xmlFreeDoc (doc);

  /* A pinned signer certificate, without its CA, is trusted too. */
  doc = signed_doc ();
  g_clear_pointer (&v, xn_verified_free);
  v = assert_verifies (doc, "trust-pinned");
  xmlFreeDoc (doc);
}
END_TEST

START_TEST (test_sign_reuse_and_resign)
{
  g_autoptr(XnSigner) signer = NULL;
  g_autoptr(GBytes) in = NULL;
  g_autoptr(GError) error = NULL;
  xmlDoc *doc;

  REQUIRE_PKI ();
  signer = load_signer ("signer.key", "signer.pem");
  ck_assert_ptr_nonnull (strstr (xn_signer_get_subject (signer), "Xenon Test Signer"));
  ck_assert_uint_eq (strlen (xn_signer_get_fingerprint (signer)), 64);
  in = read_data ("unsigned.xml");

  for (int i = 0; i < 3; i++)
    {
      g_autoptr(GBytes) out = xn_sign_bytes (signer, in, &error);
      g_autoptr(XnTrust) trust = load_trust ("trust");
      g_autoptr(XnVerified) v = NULL;

      ck_assert_msg (out != NULL, "sign_bytes: %s", error ? error->message : "");
      v = xn_trust_verify_bytes (trust, out, &error);
      ck_assert_msg (v != NULL, "verify: %s", error ? error->message : "");
    }

  /* Signing a signed document replaces its signature (after an edit). */
  doc = signed_doc ();
  xmlSetProp (root_of (doc), BAD_CAST "serial", BAD_CAST "8");
  ck_assert (xn_signer_sign_doc (signer, doc, &error));
  {
    g_autoptr(XnVerified) v = assert_verifies (doc, "trust");
    int n = 0;

    ck_assert_ptr_nonnull (v);
    for (xmlNode *c = root_of (doc)->children; c != NULL; c = c->next)
      n += c->type == XML_ELEMENT_NODE && xmlStrEqual (c->name, BAD_CAST "Signature");
    ck_assert_int_eq (n, 1);
  }
  xmlFreeDoc (doc);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Key, certificate and trust loading                                    */

START_TEST (test_signer_errors)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *k = NULL, *c = NULL, *bogus = NULL;
  XnSigner *s;

  REQUIRE_PKI ();
  k = pki_path ("signer.key");
  c = pki_path ("ec.pem");
  s = xn_signer_new_from_files (k, c, &error);
  ck_assert_ptr_null (s);
  ck_assert (g_error_matches (error, XN_SIGN_ERROR, XN_SIGN_ERROR_KEY_MISMATCH));
  g_clear_error (&error);

  /* A certificate is not a key. */
  s = xn_signer_new_from_files (c, c, &error);
  ck_assert_ptr_null (s);
  ck_assert (g_error_matches (error, XN_SIGN_ERROR, XN_SIGN_ERROR_KEY));
  ck_assert_ptr_nonnull (strstr (error->message, c));
  g_clear_error (&error);

  /* A key is not a certificate. */
  s = xn_signer_new_from_files (k, k, &error);
  ck_assert_ptr_null (s);
  ck_assert (g_error_matches (error, XN_SIGN_ERROR, XN_SIGN_ERROR_CERTIFICATE));
  g_clear_error (&error);

  bogus = pki_path ("does-not-exist.key");
  s = xn_signer_new_from_files (bogus, c, &error);
  ck_assert_ptr_null (s);
  ck_assert (g_error_matches (error, XN_SIGN_ERROR, XN_SIGN_ERROR_KEY));
}
END_TEST

START_TEST (test_trust_errors)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *empty = pki_path ("trust-empty");
  g_autofree char *bad = pki_path ("trust-bad");
  g_autofree char *bad_file = g_build_filename (bad, "broken.pem", NULL);
  g_autofree char *other = g_build_filename (empty, "README", NULL);
  XnTrust *t;

  REQUIRE_PKI ();
  g_mkdir (empty, 0700);
  g_file_set_contents (other, "not a certificate, and ignored", -1, NULL);
  t = xn_trust_new_from_dir (empty, &error);
  ck_assert_ptr_null (t);
  ck_assert (g_error_matches (error, XN_SIGN_ERROR, XN_SIGN_ERROR_TRUST));
  g_clear_error (&error);

  g_mkdir (bad, 0700);
  g_file_set_contents (bad_file, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", -1, NULL);
  t = xn_trust_new_from_dir (bad, &error);
  ck_assert_ptr_null (t);
  ck_assert (g_error_matches (error, XN_SIGN_ERROR, XN_SIGN_ERROR_TRUST));
  ck_assert_msg (strstr (error->message, "broken.pem") != NULL, "%s", error->message);
  g_clear_error (&error);

  t = xn_trust_new_from_dir ("/nonexistent/xenon/trust", &error);
  ck_assert_ptr_null (t);
  ck_assert (g_error_matches (error, XN_SIGN_ERROR, XN_SIGN_ERROR_TRUST));
  g_clear_error (&error);

  t = load_trust ("trust");
  ck_assert_uint_eq (xn_trust_get_n_certificates (t), 1);
  xn_trust_unref (t);
}
END_TEST

START_TEST (test_sign_refuses_bad_input)
{
  g_autoptr(XnSigner) signer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) wrong = NULL, comment = NULL, dtd = NULL, out = NULL;

  REQUIRE_PKI ();
  signer = load_signer ("signer.key", "signer.pem");
  wrong = read_data ("not-policy.xml");
  out = xn_sign_bytes (signer, wrong, &error);
  ck_assert_ptr_null (out);
  ck_assert (g_error_matches (error, XN_SIGN_ERROR, XN_SIGN_ERROR_WRONG_DOCUMENT));
  g_clear_error (&error);

  comment = read_data ("comment.xml");
  out = xn_sign_bytes (signer, comment, &error);
  ck_assert_ptr_null (out);
  ck_assert (g_error_matches (error, XN_SIGN_ERROR, XN_SIGN_ERROR_FORBIDDEN));
  g_clear_error (&error);

  dtd = read_data ("doctype-entity.xml");
  out = xn_sign_bytes (signer, dtd, &error);
  ck_assert_ptr_null (out);
  ck_assert (g_error_matches (error, XN_SIGN_ERROR, XN_SIGN_ERROR_FORBIDDEN));
}
END_TEST

/* ------------------------------------------------------------------ */
/* The attack corpus                                                     */

START_TEST (test_attack_unsigned)                       /* (a) */
{
  g_autoptr(GBytes) bytes = NULL;

  REQUIRE_PKI ();
  bytes = read_data ("unsigned.xml");
  assert_refused_bytes (bytes, "trust", XN_SIGN_ERROR_UNSIGNED, "not signed");
}
END_TEST

START_TEST (test_attack_attribute)                      /* (b) */
{
  xmlDoc *doc;

  REQUIRE_PKI ();
  doc = signed_doc ();
  xmlSetProp (find_policy (doc, "domain"), BAD_CAST "memory", BAD_CAST "4096");
  assert_refused (doc, XN_SIGN_ERROR_TAMPERED, "changed after it was signed");
  xmlFreeDoc (doc);
}
END_TEST

START_TEST (test_attack_text)                           /* (c) */
{
  xmlDoc *doc;

  REQUIRE_PKI ();
  doc = signed_doc ();
  xmlNodeSetContent (find_policy (doc, "pvBootOptCmdline"), BAD_CAST "console=hvc0 init=/bin/sh");
  assert_refused (doc, XN_SIGN_ERROR_TAMPERED, NULL);
  xmlFreeDoc (doc);
}
END_TEST

START_TEST (test_attack_element_added)                  /* (d) */
{
  xmlDoc *doc;
  xmlNode *tag;

  REQUIRE_PKI ();
  doc = signed_doc ();
  tag = xmlNewChild (find_policy (doc, "tags"), NULL, BAD_CAST "tag", NULL);
  xmlSetProp (tag, BAD_CAST "name", BAD_CAST "evil");
  assert_refused (doc, XN_SIGN_ERROR_TAMPERED, NULL);
  xmlFreeDoc (doc);
}
END_TEST

START_TEST (test_attack_second_signature)               /* (e) */
{
  xmlDoc *doc;

  REQUIRE_PKI ();
  doc = signed_doc ();
  xmlAddChild (root_of (doc), xmlDocCopyNode (find_dsig (doc, "Signature"), doc, 1));
  assert_refused (doc, XN_SIGN_ERROR_MULTIPLE_SIGNATURES, "2 signatures");
  xmlFreeDoc (doc);

  /* A second one hidden deep inside counts too. */
  doc = signed_doc ();
  xmlAddChild (find_policy (doc, "domain"),
               xmlDocCopyNode (find_dsig (doc, "Signature"), doc, 1));
  assert_refused (doc, XN_SIGN_ERROR_MULTIPLE_SIGNATURES, NULL);
  xmlFreeDoc (doc);
}
END_TEST

START_TEST (test_attack_signature_moved)                /* (f) */
{
  xmlDoc *doc;
  xmlNode *sig;

  REQUIRE_PKI ();
  doc = signed_doc ();
  sig = find_dsig (doc, "Signature");
  xmlUnlinkNode (sig);
  xmlAddChild (find_policy (doc, "enterprise"), sig);
  assert_refused (doc, XN_SIGN_ERROR_MISPLACED, "enterprise");
  xmlFreeDoc (doc);
}
END_TEST

START_TEST (test_attack_reference_id)                   /* (g) */
{
  xmlDoc *doc;
  g_autoptr(GBytes) bytes = NULL;

  REQUIRE_PKI ();
  /* A valid signature over just <enterprise Id="p">: the rest of the
   * document could then be anything. */
  bytes = read_data ("unsigned.xml");
  doc = parse (bytes);
  sign_custom (doc, "signer.key", "signer.pem", CUSTOM_URI_ID);
  assert_refused (doc, XN_SIGN_ERROR_BAD_REFERENCE, "#p");
  xmlFreeDoc (doc);

  doc = parse (bytes);
  sign_custom (doc, "signer.key", "signer.pem", CUSTOM_TWO_REFS);
  assert_refused (doc, XN_SIGN_ERROR_BAD_REFERENCE, "2 References");
  xmlFreeDoc (doc);

  /* The same custom signer with the allowed shape verifies: the refusals
   * above are about the shape, not about the helper. */
  doc = parse (bytes);
  sign_custom (doc, "signer.key", "signer.pem", CUSTOM_NONE);
  xn_verified_free (assert_verifies (doc, "trust"));
  xmlFreeDoc (doc);
}
END_TEST

START_TEST (test_attack_transforms)
{
  xmlDoc *doc;
  g_autoptr(GBytes) bytes = NULL;
  xmlNode *transforms;

  REQUIRE_PKI ();
  bytes = read_data ("unsigned.xml");
  doc = parse (bytes);
  sign_custom (doc, "signer.key", "signer.pem", CUSTOM_INCL_C14N);
  assert_refused (doc, XN_SIGN_ERROR_BAD_TRANSFORM, NULL);
  xmlFreeDoc (doc);

  /* An XPath or XSLT transform added to a good signature. */
  doc = signed_doc ();
  transforms = find_dsig (doc, "Transforms");
  xmlSetProp (xmlNewChild (transforms, transforms->ns, BAD_CAST "Transform", NULL),
              BAD_CAST "Algorithm", BAD_CAST "http://www.w3.org/TR/1999/REC-xpath-19991116");
  assert_refused (doc, XN_SIGN_ERROR_BAD_TRANSFORM, NULL);
  xmlFreeDoc (doc);

  /* Without the enveloped-signature transform. */
  doc = signed_doc ();
  transforms = find_dsig (doc, "Transforms");
  {
    xmlNode *first = find_element (transforms->children, DSIG_NS, "Transform");

    xmlUnlinkNode (first);
    xmlFreeNode (first);
  }
  assert_refused (doc, XN_SIGN_ERROR_BAD_TRANSFORM, NULL);
  xmlFreeDoc (doc);

  /* SignedInfo canonicalised some other way. */
  doc = signed_doc ();
  xmlSetProp (find_dsig (doc, "CanonicalizationMethod"), BAD_CAST "Algorithm",
              BAD_CAST "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments");
  assert_refused (doc, XN_SIGN_ERROR_BAD_TRANSFORM, NULL);
  xmlFreeDoc (doc);
}
END_TEST

START_TEST (test_attack_algorithms)
{
  xmlDoc *doc;

  REQUIRE_PKI ();
  doc = signed_doc ();
  xmlSetProp (find_dsig (doc, "DigestMethod"), BAD_CAST "Algorithm",
              BAD_CAST "http://www.w3.org/2000/09/xmldsig#sha1");
  assert_refused (doc, XN_SIGN_ERROR_BAD_ALGORITHM, "sha1");
  xmlFreeDoc (doc);

  doc = signed_doc ();
  xmlSetProp (find_dsig (doc, "SignatureMethod"), BAD_CAST "Algorithm",
              BAD_CAST "http://www.w3.org/2000/09/xmldsig#hmac-sha1");
  assert_refused (doc, XN_SIGN_ERROR_BAD_ALGORITHM, "hmac-sha1");
  xmlFreeDoc (doc);

  /* An RSA signer's signature relabelled as ECDSA. */
  doc = signed_doc ();
  xmlSetProp (find_dsig (doc, "SignatureMethod"), BAD_CAST "Algorithm",
              BAD_CAST "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256");
  assert_refused (doc, XN_SIGN_ERROR_BAD_ALGORITHM, "RSA");
  xmlFreeDoc (doc);
}
END_TEST

START_TEST (test_attack_wrapping)                       /* (h) */
{
  xmlDoc *doc;
  xmlNode *old_root, *new_root, *sig;

  REQUIRE_PKI ();
  /* The signed policy wrapped inside a new document element. */
  doc = signed_doc ();
  old_root = root_of (doc);
  new_root = xmlNewDocNode (doc, NULL, BAD_CAST "envelope", NULL);
  xmlDocSetRootElement (doc, new_root);
  xmlAddChild (new_root, old_root);
  assert_refused (doc, XN_SIGN_ERROR_WRONG_DOCUMENT, "envelope");
  xmlFreeDoc (doc);

  /* An unsigned policy as document element, the signed one (with its
   * signature) tucked away inside it. */
  doc = signed_doc ();
  old_root = root_of (doc);
  new_root = xmlNewDocNode (doc, NULL, BAD_CAST "policy", NULL);
  xmlSetNs (new_root, xmlNewNs (new_root, BAD_CAST POLICY_NS, NULL));
  xmlSetProp (new_root, BAD_CAST "serial", BAD_CAST "999");
  xmlDocSetRootElement (doc, new_root);
  xmlAddChild (new_root, old_root);
  assert_refused (doc, XN_SIGN_ERROR_MISPLACED, NULL);
  xmlFreeDoc (doc);

  /* The same, with the signature lifted to the new document element:
   * URI="" now covers the attacker's document, so the digest fails. */
  doc = signed_doc ();
  old_root = root_of (doc);
  sig = find_dsig (doc, "Signature");
  xmlUnlinkNode (sig);
  new_root = xmlNewDocNode (doc, NULL, BAD_CAST "policy", NULL);
  xmlSetNs (new_root, xmlNewNs (new_root, BAD_CAST POLICY_NS, NULL));
  xmlDocSetRootElement (doc, new_root);
  xmlAddChild (new_root, old_root);
  xmlAddChild (new_root, sig);
  assert_refused (doc, XN_SIGN_ERROR_TAMPERED, NULL);
  xmlFreeDoc (doc);
}
END_TEST

START_TEST (test_attack_comment)                        /* (i) */
{
  xmlDoc *doc;

  REQUIRE_PKI ();
  /* Exclusive C14N without comments would still verify this; we refuse
   * comments and PIs outright so no unsigned bytes ride along. */
  doc = signed_doc ();
  xmlAddChild (find_policy (doc, "domain"), xmlNewDocComment (doc, BAD_CAST " hello "));
  assert_refused (doc, XN_SIGN_ERROR_FORBIDDEN, "comment");
  xmlFreeDoc (doc);

  doc = signed_doc ();
  xmlAddPrevSibling (find_policy (doc, "hosts"),
                     xmlNewDocPI (doc, BAD_CAST "xenon", BAD_CAST "override=1"));
  assert_refused (doc, XN_SIGN_ERROR_FORBIDDEN, "processing instruction");
  xmlFreeDoc (doc);

  /* Outside the document element too. */
  doc = signed_doc ();
  xmlAddPrevSibling (root_of (doc), xmlNewDocComment (doc, BAD_CAST " top "));
  assert_refused (doc, XN_SIGN_ERROR_FORBIDDEN, "comment");
  xmlFreeDoc (doc);
}
END_TEST

START_TEST (test_attack_whitespace)                     /* (j) */
{
  xmlDoc *doc;

  REQUIRE_PKI ();
  doc = signed_doc ();
  xmlNodeSetContent (find_policy (doc, "pvBootOptCmdline"), BAD_CAST "console=hvc0 ");
  assert_refused (doc, XN_SIGN_ERROR_TAMPERED, NULL);
  xmlFreeDoc (doc);

  doc = signed_doc ();
  xmlSetProp (find_policy (doc, "tag"), BAD_CAST "name", BAD_CAST " security");
  assert_refused (doc, XN_SIGN_ERROR_TAMPERED, NULL);
  xmlFreeDoc (doc);

  /* Even whitespace between elements is signed content. */
  doc = signed_doc ();
  xmlAddPrevSibling (find_policy (doc, "hosts"), xmlNewDocText (doc, BAD_CAST "\n\n"));
  assert_refused (doc, XN_SIGN_ERROR_TAMPERED, NULL);
  xmlFreeDoc (doc);
}
END_TEST

START_TEST (test_attack_keyvalue)                       /* (k) */
{
  xmlDoc *doc;
  g_autoptr(GBytes) bytes = NULL;

  REQUIRE_PKI ();
  /* A cryptographically valid signature whose key is just a KeyValue:
   * anyone could have made it. */
  bytes = read_data ("unsigned.xml");
  doc = parse (bytes);
  sign_custom (doc, "signer.key", "signer.pem", CUSTOM_KEYVALUE);
  ck_assert_ptr_nonnull (find_dsig (doc, "KeyValue"));
  assert_refused (doc, XN_SIGN_ERROR_UNTRUSTED_KEY, "KeyValue");
  xmlFreeDoc (doc);

  /* A KeyValue next to the certificate is refused as well. */
  doc = signed_doc ();
  xmlNewChild (find_dsig (doc, "KeyInfo"), find_dsig (doc, "KeyInfo")->ns,
               BAD_CAST "KeyValue", NULL);
  assert_refused (doc, XN_SIGN_ERROR_UNTRUSTED_KEY, "KeyValue");
  xmlFreeDoc (doc);

  /* A certificate without digitalSignature usage may not sign. */
  doc = signed_doc_with ("signer.key", "encipher.pem");
  assert_refused (doc, XN_SIGN_ERROR_UNTRUSTED_KEY, "digitalSignature");
  xmlFreeDoc (doc);
}
END_TEST

START_TEST (test_attack_certificates)                   /* (l) */
{
  xmlDoc *doc;

  REQUIRE_PKI ();
  doc = signed_doc_with ("signer.key", "expired.pem");
  assert_refused (doc, XN_SIGN_ERROR_EXPIRED, "2002-01-01");
  xmlFreeDoc (doc);

  doc = signed_doc_with ("signer.key", "notyet.pem");
  assert_refused (doc, XN_SIGN_ERROR_NOT_YET_VALID, "2090-01-01");
  xmlFreeDoc (doc);

  doc = signed_doc_with ("signer.key", "unknown.pem");
  assert_refused (doc, XN_SIGN_ERROR_UNKNOWN_SIGNER, "Unknown CA");
  xmlFreeDoc (doc);

  /* A signer valid today under an intermediate that expired: the chain
   * is only as good as its weakest link, so every link's dates count. */
  doc = signed_doc_with ("signer.key", "chain-expired.pem");
  ck_assert_int_eq (xmlChildElementCount (find_dsig (doc, "X509Data")), 2);
  assert_refused (doc, XN_SIGN_ERROR_EXPIRED, "Expired Intermediate");
  xmlFreeDoc (doc);

  /* A good signature, but the certificate in X509Data swapped for
   * another trusted one: the signature no longer matches its key. */
  {
    xmlDoc *ec = signed_doc_with ("ec.key", "ec.pem");
    xmlNode *cert;
    g_autofree xmlChar *b64 = xmlNodeGetContent (find_dsig (ec, "X509Certificate"));

    doc = signed_doc ();
    cert = find_dsig (doc, "X509Certificate");
    xmlNodeSetContent (cert, b64);
    assert_refused (doc, XN_SIGN_ERROR_BAD_ALGORITHM, NULL);
    xmlFreeDoc (doc);
    xmlFreeDoc (ec);
  }
  /* The certificate swapped for another trusted RSA signer's: the
   * signature must be checked with the certificate's key, and fails. */
  {
    xmlDoc *other = signed_doc_with ("signer2.key", "signer2.pem");
    g_autofree xmlChar *b64 = xmlNodeGetContent (find_dsig (other, "X509Certificate"));

    doc = signed_doc ();
    xmlNodeSetContent (find_dsig (doc, "X509Certificate"), b64);
    assert_refused (doc, XN_SIGN_ERROR_TAMPERED, "signature value");
    xmlFreeDoc (doc);
    xmlFreeDoc (other);
  }

  /* Garbage in X509Certificate. */
  doc = signed_doc ();
  xmlNodeSetContent (find_dsig (doc, "X509Certificate"), BAD_CAST "AAAA");
  assert_refused (doc, XN_SIGN_ERROR_UNTRUSTED_KEY, "not a valid certificate");
  xmlFreeDoc (doc);
}
END_TEST

START_TEST (test_attack_wrong_root)                     /* (m) */
{
  xmlDoc *doc;
  g_autoptr(GBytes) bytes = NULL;

  REQUIRE_PKI ();
  doc = signed_doc ();
  xmlSetNs (root_of (doc), xmlNewNs (root_of (doc), BAD_CAST "urn:other", BAD_CAST "o"));
  assert_refused (doc, XN_SIGN_ERROR_WRONG_DOCUMENT, "urn:other");
  xmlFreeDoc (doc);

  doc = signed_doc ();
  xmlNodeSetName (root_of (doc), BAD_CAST "policies");
  assert_refused (doc, XN_SIGN_ERROR_WRONG_DOCUMENT, "policies");
  xmlFreeDoc (doc);

  bytes = read_data ("not-policy.xml");
  assert_refused_bytes (bytes, "trust", XN_SIGN_ERROR_WRONG_DOCUMENT, "config");
}
END_TEST

START_TEST (test_attack_doctype)                        /* (n) */
{
  g_autoptr(GBytes) entity = NULL, laughs = NULL, comment = NULL, garbage = NULL;
  g_autoptr(XnTrust) trust = NULL;
  g_autoptr(GError) error = NULL;
  xmlDoc *doc;

  REQUIRE_PKI ();
  entity = read_data ("doctype-entity.xml");
  assert_refused_bytes (entity, "trust", XN_SIGN_ERROR_FORBIDDEN, "DOCTYPE");
  laughs = read_data ("billion-laughs.xml");
  assert_refused_bytes (laughs, "trust", XN_SIGN_ERROR_FORBIDDEN, "DOCTYPE");
  comment = read_data ("comment.xml");
  assert_refused_bytes (comment, "trust", XN_SIGN_ERROR_FORBIDDEN, "comment");
  /* A DOCTYPE is refused as such: without entities, and with a SYSTEM
   * id, before a correctly signed document. The signature covers the
   * document element only, so without the check both would verify. */
  {
    static const char *const doctypes[] = {
      "<!DOCTYPE policy>\n",
      "<!DOCTYPE policy SYSTEM \"xenon-policy.dtd\">\n",
    };
    g_autoptr(XnVerified) v = NULL;

    doc = signed_doc ();
    for (guint i = 0; i < G_N_ELEMENTS (doctypes); i++)
      {
        g_autoptr(GBytes) clean = doc_bytes (doc);
        g_autoptr(GBytes) dirty = NULL;
        const char *text = g_bytes_get_data (clean, NULL);
        const char *body = strstr (text, "<policy");
        g_autoptr(GString) s = g_string_new_len (text, body - text);

        g_string_append (s, doctypes[i]);
        g_string_append_len (s, body, g_bytes_get_size (clean) - (body - text));
        dirty = g_bytes_new (s->str, s->len);
        assert_refused_bytes (dirty, "trust", XN_SIGN_ERROR_FORBIDDEN, "DOCTYPE");
      }
    v = assert_verifies (doc, "trust");
    xmlFreeDoc (doc);
  }
  garbage = g_bytes_new_static ("<policy xmlns=\"urn:xenonvmm:policy:1\">", 38);
  assert_refused_bytes (garbage, "trust", XN_SIGN_ERROR_PARSE, "well-formed");

  /* A document someone else parsed, DTD included, through the _doc
   * variant. */
  doc = xmlReadMemory (g_bytes_get_data (entity, NULL), g_bytes_get_size (entity),
                       "x.xml", NULL, XML_PARSE_NONET);
  ck_assert_ptr_nonnull (doc);
  trust = load_trust ("trust");
  ck_assert_ptr_null (xn_trust_verify_doc (trust, doc, &error));
  ck_assert (g_error_matches (error, XN_SIGN_ERROR, XN_SIGN_ERROR_FORBIDDEN));
  xmlFreeDoc (doc);
}
END_TEST

START_TEST (test_attack_malformed_signature)
{
  xmlDoc *doc;
  xmlNode *sig;

  REQUIRE_PKI ();
  /* An Object riding in the Signature is unsigned data: refused. */
  doc = signed_doc ();
  sig = find_dsig (doc, "Signature");
  xmlNewTextChild (sig, sig->ns, BAD_CAST "Object", BAD_CAST "payload");
  assert_refused (doc, XN_SIGN_ERROR_MALFORMED, "Object");
  xmlFreeDoc (doc);

  /* No KeyInfo at all. */
  doc = signed_doc ();
  {
    xmlNode *ki = find_dsig (doc, "KeyInfo");

    xmlUnlinkNode (ki);
    xmlFreeNode (ki);
  }
  assert_refused (doc, XN_SIGN_ERROR_UNTRUSTED_KEY, "KeyInfo");
  xmlFreeDoc (doc);

  /* The SignedInfo changed (signature no longer matches). */
  doc = signed_doc ();
  xmlSetProp (find_dsig (doc, "Reference"), BAD_CAST "Id", BAD_CAST "r1");
  assert_refused (doc, XN_SIGN_ERROR_TAMPERED, "signature value");
  xmlFreeDoc (doc);
}
END_TEST

static Suite *
xn_sign_suite (void)
{
  Suite *s = suite_create ("sign");
  TCase *tc;

  tc = tcase_create ("sign");
  tcase_add_unchecked_fixture (tc, pki_setup, pki_teardown);
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_sign_verify_rsa);
  tcase_add_test (tc, test_sign_verify_ecdsa);
  tcase_add_test (tc, test_sign_ecdsa_signature_value);
  tcase_add_test (tc, test_sign_pkcs8_keys);
  tcase_add_test (tc, test_sign_chain_and_pinned);
  tcase_add_test (tc, test_sign_reuse_and_resign);
  tcase_add_test (tc, test_signer_errors);
  tcase_add_test (tc, test_trust_errors);
  tcase_add_test (tc, test_sign_refuses_bad_input);
  tcase_add_test (tc, test_attack_unsigned);
  tcase_add_test (tc, test_attack_attribute);
  tcase_add_test (tc, test_attack_text);
  tcase_add_test (tc, test_attack_element_added);
  tcase_add_test (tc, test_attack_second_signature);
  tcase_add_test (tc, test_attack_signature_moved);
  tcase_add_test (tc, test_attack_reference_id);
  tcase_add_test (tc, test_attack_transforms);
  tcase_add_test (tc, test_attack_algorithms);
  tcase_add_test (tc, test_attack_wrapping);
  tcase_add_test (tc, test_attack_comment);
  tcase_add_test (tc, test_attack_whitespace);
  tcase_add_test (tc, test_attack_keyvalue);
  tcase_add_test (tc, test_attack_certificates);
  tcase_add_test (tc, test_attack_wrong_root);
  tcase_add_test (tc, test_attack_doctype);
  tcase_add_test (tc, test_attack_malformed_signature);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  g_autofree char *certtool = g_find_program_in_path ("certtool");
  SRunner *sr;
  int failed;

  if (certtool == NULL)
    {
      g_print ("SKIP: certtool (gnutls-bin) is needed to make the test PKI\n");
      return 77;
    }
  sr = srunner_create (xn_sign_suite ());
  srunner_run_all (sr, CK_ENV);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
