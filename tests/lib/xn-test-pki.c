/* xn-test-pki.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdarg.h>

#include "xn-test-pki.h"

/* Runs certtool in @dir with the arguments after @tmpl, up to NULL; first
 * writes @tmpl to @dir/@tmpl_name unless @tmpl is NULL. On failure it
 * passes on what certtool said. */
gboolean
xn_test_certtool (const char *dir,
                  const char *tmpl_name,
                  const char *tmpl,
                  ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *err = NULL;
  int status = 0;
  va_list ap;

  if (tmpl != NULL)
    {
      g_autofree char *tp = g_build_filename (dir, tmpl_name, NULL);

      if (!g_file_set_contents (tp, tmpl, -1, NULL))
        return FALSE;
    }
  g_ptr_array_add (argv, g_strdup ("certtool"));
  va_start (ap, tmpl);
  for (const char *a = va_arg (ap, const char *); a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, g_strdup (a));
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (dir, (char **) argv->pdata, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, NULL)
      || !g_spawn_check_wait_status (status, NULL))
    {
      g_printerr ("certtool failed: %s\n", err ? err : "");
      return FALSE;
    }
  return TRUE;
}

/* A private key @dir/@name, of @type "rsa" (2048 bits) or "ecdsa"
 * (P-256). */
gboolean
xn_test_pki_key (const char *dir,
                 const char *name,
                 const char *type)
{
  if (g_str_equal (type, "rsa"))
    return xn_test_certtool (dir, NULL, NULL, "--generate-privkey", "--key-type", "rsa",
                             "--bits", "2048", "--no-text", "--outfile", name, NULL);
  return xn_test_certtool (dir, NULL, NULL, "--generate-privkey", "--key-type", "ecdsa",
                           "--curve", "secp256r1", "--no-text", "--outfile", name, NULL);
}

/* A certificate @dir/@out for @key from the certtool template @tmpl:
 * self-signed if @ca_key is NULL, else issued by @ca_key and @ca_cert
 * (names in @dir). */
gboolean
xn_test_pki_cert (const char *dir,
                  const char *out,
                  const char *key,
                  const char *ca_key,
                  const char *ca_cert,
                  const char *tmpl)
{
  g_autofree char *tmpl_name = g_strconcat (out, ".tmpl", NULL);

  if (ca_key == NULL)
    return xn_test_certtool (dir, tmpl_name, tmpl, "--generate-self-signed", "--load-privkey", key,
                             "--template", tmpl_name, "--outfile", out, NULL);
  return xn_test_certtool (dir, tmpl_name, tmpl, "--generate-certificate", "--load-privkey", key,
                           "--load-ca-privkey", ca_key, "--load-ca-certificate", ca_cert,
                           "--template", tmpl_name, "--outfile", out, NULL);
}

/* A CA and a signer it certifies, in @dir: ca.key and ca.pem (CN @ca_cn,
 * valid @ca_days), signer.key and signer.pem (CN @signer_cn, valid
 * @signer_days), and trust/ca.pem, a trust directory holding the CA as
 * the daemon reads one. */
gboolean
xn_test_pki_make (const char *dir,
                  const char *ca_cn,
                  guint       ca_days,
                  const char *signer_cn,
                  guint       signer_days)
{
  g_autofree char *ca_tmpl =
    g_strdup_printf ("cn = \"%s\"\nca\ncert_signing_key\nexpiration_days = %u\n", ca_cn, ca_days);
  g_autofree char *signer_tmpl =
    g_strdup_printf ("cn = \"%s\"\nsigning_key\nexpiration_days = %u\n", signer_cn, signer_days);
  g_autofree char *trust = g_build_filename (dir, "trust", NULL);
  g_autofree char *ca = g_build_filename (dir, "ca.pem", NULL);
  g_autofree char *dst = g_build_filename (trust, "ca.pem", NULL);
  g_autofree char *pem = NULL;

  if (!xn_test_pki_key (dir, "ca.key", "rsa")
      || !xn_test_pki_key (dir, "signer.key", "rsa")
      || !xn_test_pki_cert (dir, "ca.pem", "ca.key", NULL, NULL, ca_tmpl)
      || !xn_test_pki_cert (dir, "signer.pem", "signer.key", "ca.key", "ca.pem", signer_tmpl))
    return FALSE;
  g_mkdir (trust, 0700);
  return g_file_get_contents (ca, &pem, NULL, NULL) && g_file_set_contents (dst, pem, -1, NULL);
}
