/* bench-sign.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * Signing and verification speed against the xmlsec1 command-line tool
 * (OpenSSL backend) on the same document and keys.
 *
 *   bench-sign [POLICY.xml]      (or XN_BENCH_POLICY; default: a synthetic
 *                                 ~2 MB policy with 10,000 domains)
 *   XN_BENCH_RUNS=N              runs per figure (median printed; default 7)
 *
 * Ours is timed in-process (key and trust loaded once; parse + sign +
 * serialise, parse + verify) and as a whole process (this program
 * re-executed with --sign-once / --verify-once), since xmlsec1's figures
 * include its process start, key load and file I/O.
 */

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/templates.h>
#include <xmlsec/transforms.h>
#include <xmlsec/gnutls/crypto.h>

#include "xn-sign.h"
#include "xn-test-pki.h"

static char *tmp;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp, name, NULL);
}

static gboolean
run (const char * const *argv,
     gboolean            quiet)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_spawn_sync (tmp, (char **) argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL
                     | (quiet ? G_SPAWN_STDERR_TO_DEV_NULL : 0),
                     NULL, NULL, NULL, quiet ? NULL : &err, &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("%s failed: %s\n%s", argv[0], error ? error->message : "", err ? err : "");
      return FALSE;
    }
  return TRUE;
}

/* A CA in TMP/trust and a signer it certifies. */
static gboolean
make_pki (void)
{
  return xn_test_pki_make (tmp, "Bench CA", 30, "Bench Signer", 30);
}

static GBytes *
synthetic_policy (guint n_domains)
{
  GString *s = g_string_sized_new (n_domains * 230 + 4096);

  g_string_append (s,
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<policy xmlns=\"urn:xenonvmm:policy:1\" formatVersion=\"1\" "
    "uuid=\"0b3f4c1e-6a0d-4c52-9f4e-7d8a2c1b9e01\" name=\"bench\" serial=\"1\">\n"
    "  <enterprise>\n    <tags>\n"
    "      <tag uuid=\"5d0c3b8a-1f2e-4d6c-8b9a-0e1f2a3b4c5d\" name=\"bench\" id=\"1\" color=\"#e01b24\"/>\n"
    "    </tags>\n  </enterprise>\n  <hosts>\n"
    "    <hostConfig uuid=\"7f2e5dac-3b4a-4f8e-adbc-2a3b4c5d6e7f\" name=\"h\" address=\"127.0.0.1\" sshPort=\"22\">\n"
    "      <enclaves>\n        <enclave uuid=\"8a3f6ebd-4c5b-4a9f-becd-3b4c5d6e7f8a\" name=\"e\" "
    "tagUuidRef=\"5d0c3b8a-1f2e-4d6c-8b9a-0e1f2a3b4c5d\">\n          <domains>\n");
  for (guint i = 0; i < n_domains; i++)
    g_string_append_printf (s,
      "            <domain uuid=\"%08x-0000-4000-8000-%012x\" name=\"domu-%u\" kind=\"user\" "
      "guestType=\"pv\" memory=\"512\" vcpus=\"1\">\n"
      "              <pvBootOptCmdline>console=hvc0</pvBootOptCmdline>\n"
      "            </domain>\n", i, i, i);
  g_string_append (s,
    "          </domains>\n        </enclave>\n      </enclaves>\n"
    "    </hostConfig>\n  </hosts>\n</policy>\n");
  return g_string_free_to_bytes (s);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *a)
{
  g_array_sort (a, compare_doubles);
  return g_array_index (a, double, a->len / 2);
}

typedef gboolean (*BenchFunc) (gpointer data);

static double
bench (guint     runs,
       BenchFunc func,
       gpointer  data)
{
  g_autoptr(GArray) t = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < runs; i++)
    {
      gint64 start = g_get_monotonic_time ();
      double ms;

      if (!func (data))
        return -1;
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (t, ms);
    }
  return median (t);
}

typedef struct
{
  XnSigner *signer;
  XnTrust  *trust;
  GBytes   *input;
  GBytes   *signed_doc;
  const char * const *argv;
} Ctx;

static gboolean
do_sign (gpointer data)
{
  Ctx *c = data;
  g_autoptr(GError) error = NULL;
  GBytes *out = xn_sign_bytes (c->signer, c->input, &error);

  if (out == NULL)
    g_printerr ("sign: %s\n", error->message);
  else
    g_bytes_unref (out);
  return out != NULL;
}

static gboolean
do_verify (gpointer data)
{
  Ctx *c = data;
  g_autoptr(GError) error = NULL;
  XnVerified *v = xn_trust_verify_bytes (c->trust, c->signed_doc, &error);

  if (v == NULL)
    g_printerr ("verify: %s\n", error->message);
  xn_verified_free (v);
  return v != NULL;
}

static gboolean
do_spawn (gpointer data)
{
  Ctx *c = data;

  return run (c->argv, FALSE);
}

/* xmlsec1 --sign wants a template: the document with an empty Signature. */
static gboolean
write_template (GBytes     *input,
                const char *path)
{
  g_autoptr(GError) error = NULL;
  xmlDoc *doc = xn_sign_parse_bytes (input, &error);
  xmlNode *sig, *ref, *ki;
  int rc;

  if (doc == NULL)
    return FALSE;
  sig = xmlSecTmplSignatureCreateNsPref (doc, xmlSecTransformExclC14NId,
                                         xmlSecGnuTLSTransformRsaSha256Id, NULL, BAD_CAST "ds");
  xmlAddChild (xmlDocGetRootElement (doc), sig);
  ref = xmlSecTmplSignatureAddReference (sig, xmlSecGnuTLSTransformSha256Id, NULL, BAD_CAST "", NULL);
  xmlSecTmplReferenceAddTransform (ref, xmlSecTransformEnvelopedId);
  xmlSecTmplReferenceAddTransform (ref, xmlSecTransformExclC14NId);
  ki = xmlSecTmplSignatureEnsureKeyInfo (sig, NULL);
  xmlSecTmplKeyInfoAddX509Data (ki);
  rc = xmlSaveFile (path, doc);
  xmlFreeDoc (doc);
  return rc > 0;
}

static int
sign_once (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(XnSigner) signer = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GMappedFile) in = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (argc != 6)
    return 2;
  signer = xn_signer_new_from_files (argv[2], argv[3], &error);
  if (signer != NULL)
    in = g_mapped_file_new (argv[4], FALSE, &error);
  if (in != NULL)
    {
      bytes = g_mapped_file_get_bytes (in);
      out = xn_sign_bytes (signer, bytes, &error);
    }
  if (out == NULL
      || !g_file_set_contents (argv[5], g_bytes_get_data (out, NULL), g_bytes_get_size (out), &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  return 0;
}

static int
verify_once (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(XnTrust) trust = NULL;
  g_autoptr(GMappedFile) in = NULL;
  g_autoptr(XnVerified) v = NULL;

  if (argc != 4)
    return 2;
  trust = xn_trust_new_from_dir (argv[2], &error);
  if (trust != NULL)
    in = g_mapped_file_new (argv[3], FALSE, &error);
  if (in != NULL)
    {
      g_autoptr(GBytes) bytes = g_mapped_file_get_bytes (in);

      v = xn_trust_verify_bytes (trust, bytes, &error);
    }
  if (v == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  return 0;
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

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) input = NULL;
  g_autofree char *self = NULL, *xmlsec1 = NULL, *key = NULL, *cert = NULL, *trust_dir = NULL;
  g_autofree char *in_path = NULL, *signed_path = NULL, *tmpl_path = NULL, *out_path = NULL;
  g_autofree char *ca = NULL, *kc = NULL, *in_path_generated = NULL;
  const char *policy = argc > 1 ? argv[1] : g_getenv ("XN_BENCH_POLICY");
  guint runs = g_getenv ("XN_BENCH_RUNS") ? (guint) atoi (g_getenv ("XN_BENCH_RUNS")) : 7;
  Ctx c = { 0 };
  double sign_ms, verify_ms, our_sign_proc, our_verify_proc, x_sign = -1, x_verify = -1;
  int ret = EXIT_FAILURE;

  if (argc > 1 && g_str_equal (argv[1], "--sign-once"))
    return sign_once (argc, argv);
  if (argc > 1 && g_str_equal (argv[1], "--verify-once"))
    return verify_once (argc, argv);

  if (g_find_program_in_path ("certtool") == NULL)
    {
      g_print ("SKIP: certtool (gnutls-bin) is needed for the benchmark keys\n");
      return 77;
    }
  if (runs == 0)
    runs = 1;
  if (!xn_sign_init (&error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  tmp = g_dir_make_tmp ("xn-bench-sign-XXXXXX", &error);
  if (tmp == NULL || !make_pki ())
    goto out;
  key = tmp_path ("signer.key");
  cert = tmp_path ("signer.pem");
  ca = tmp_path ("ca.pem");
  trust_dir = tmp_path ("trust");
  in_path = tmp_path ("in.xml");
  signed_path = tmp_path ("signed.xml");
  tmpl_path = tmp_path ("template.xml");
  out_path = tmp_path ("out.xml");
  kc = g_strdup_printf ("%s,%s", key, cert);

  /* --generate GEN-POLICY: sign the same large generated document that
   * bench-model loads, so the figures of both describe one input. */
  if (argc > 2 && g_str_equal (argv[1], "--generate"))
    {
      g_autofree char *gen_out = tmp_path ("generated.xml");
      g_autofree char *gen = g_canonicalize_filename (argv[2], NULL);
      const char *gen_argv[] = { gen, "-o", gen_out, NULL };

      if (!run (gen_argv, FALSE))
        goto out;
      policy = in_path_generated = g_steal_pointer (&gen_out);
    }

  if (policy != NULL)
    {
      char *data = NULL;
      gsize len;

      if (!g_file_get_contents (policy, &data, &len, &error))
        goto out;
      input = g_bytes_new_take (data, len);
    }
  else
    input = synthetic_policy (10000);
  g_file_set_contents (in_path, g_bytes_get_data (input, NULL), g_bytes_get_size (input), NULL);

  c.signer = xn_signer_new_from_files (key, cert, &error);
  c.trust = c.signer ? xn_trust_new_from_dir (trust_dir, &error) : NULL;
  if (c.trust == NULL)
    goto out;
  c.input = input;
  c.signed_doc = xn_sign_bytes (c.signer, input, &error);
  if (c.signed_doc == NULL)
    goto out;
  g_file_set_contents (signed_path, g_bytes_get_data (c.signed_doc, NULL),
                       g_bytes_get_size (c.signed_doc), NULL);

  g_print ("input: %s, %" G_GSIZE_FORMAT " bytes; signed: %" G_GSIZE_FORMAT " bytes; "
           "RSA-2048; median of %u runs\n",
           policy ? policy : "synthetic policy, 10000 domains",
           g_bytes_get_size (input), g_bytes_get_size (c.signed_doc), runs);

  sign_ms = bench (runs, do_sign, &c);
  verify_ms = bench (runs, do_verify, &c);

  self = g_file_read_link ("/proc/self/exe", NULL);
  if (self == NULL)
    self = g_strdup (argv[0]);
  {
    const char *sa[] = { self, "--sign-once", key, cert, in_path, out_path, NULL };
    const char *va[] = { self, "--verify-once", trust_dir, signed_path, NULL };

    c.argv = sa;
    our_sign_proc = bench (runs, do_spawn, &c);
    c.argv = va;
    our_verify_proc = bench (runs, do_spawn, &c);
  }

  xmlsec1 = g_find_program_in_path ("xmlsec1");
  if (xmlsec1 != NULL && write_template (input, tmpl_path))
    {
      const char *sa[] = { xmlsec1, "--sign", "--privkey-pem", kc, "--output", out_path, tmpl_path, NULL };
      const char *va[] = { xmlsec1, "--verify", "--trusted-pem", ca, "--enabled-key-data", "x509",
                           signed_path, NULL };

      c.argv = sa;
      x_sign = bench (runs, do_spawn, &c);
      c.argv = va;
      x_verify = bench (runs, do_spawn, &c);
    }

  g_print ("sign    ours in-process %8.1f ms   ours process %8.1f ms", sign_ms, our_sign_proc);
  if (x_sign > 0)
    g_print ("   xmlsec1 process %8.1f ms   ratio in-process %.2fx  process %.2fx",
             x_sign, sign_ms / x_sign, our_sign_proc / x_sign);
  g_print ("\nverify  ours in-process %8.1f ms   ours process %8.1f ms", verify_ms, our_verify_proc);
  if (x_verify > 0)
    g_print ("   xmlsec1 process %8.1f ms   ratio in-process %.2fx  process %.2fx",
             x_verify, verify_ms / x_verify, our_verify_proc / x_verify);
  g_print ("\n");
  if (xmlsec1 == NULL)
    g_print ("xmlsec1 not installed: no comparison\n");
  ret = (sign_ms > 0 && verify_ms > 0 && our_sign_proc > 0 && our_verify_proc > 0)
        ? EXIT_SUCCESS : EXIT_FAILURE;

out:
  if (error != NULL)
    g_printerr ("bench-sign: %s\n", error->message);
  g_clear_pointer (&c.signer, xn_signer_unref);
  g_clear_pointer (&c.trust, xn_trust_unref);
  g_clear_pointer (&c.signed_doc, g_bytes_unref);
  if (tmp != NULL)
    rm_rf (tmp);
  g_free (tmp);
  return ret;
}
