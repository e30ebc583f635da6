/* fuzz-verify.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * Feeds bytes to xn_trust_verify_bytes() with a fixed trust directory (the
 * public certificate of a CA made once for the corpus; its key was thrown
 * away). The seeds are documents signed under it, so mutations reach the
 * certificate, digest and signature checks, not just the parser.
 */

#include <glib.h>
#include <glib/gstdio.h>
#include <stdint.h>

#include "xn-sign.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const char fuzz_ca_pem[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIIBdTCCARygAwIBAgIUXqW5/zEg1f3uca6SMBuI0yhzZqYwCgYIKoZIzj0EAwIw\n"
  "GDEWMBQGA1UEAxMNWGVub24gRnV6eiBDQTAgFw0yNjExMjMyMDQxMjNaGA8yMTI2\n"
  "MTAzMDIwNDEyM1owGDEWMBQGA1UEAxMNWGVub24gRnV6eiBDQTBZMBMGByqGSM49\n"
  "AgEGCCqGSM49AwEHA0IABCebn0Afps5ew9t0RzdJznXCmN17NnsagZSafSv8Le2w\n"
  "54oz9/ocSScRLhN4E0l9TXOP5g23TVnKZxQPXkkWMNSjQjBAMA8GA1UdEwEB/wQF\n"
  "MAMBAf8wDgYDVR0PAQH/BAQDAgIEMB0GA1UdDgQWBBRxSoqxFFWpy4VX5Ta0DSex\n"
  "wpdpATAKBggqhkjOPQQDAgNHADBEAiAxOK1PY1LjmVLmBmNo4PgQrtOGEYv+eiL5\n"
  "D+r3K4A4VgIgMBrnBVorQhhwyJKqmGHo8TuOPt8riHzYMWiwwBhJ374=\n"
  "-----END CERTIFICATE-----\n";

static gpointer
make_trust (gpointer unused)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("xn-fuzz-verify-XXXXXX", &error);
  g_autofree char *path = NULL;
  XnTrust *trust;

  g_assert_no_error (error);
  path = g_build_filename (dir, "ca.pem", NULL);
  g_file_set_contents (path, fuzz_ca_pem, -1, &error);
  g_assert_no_error (error);
  trust = xn_trust_new_from_dir (dir, &error);
  g_assert_no_error (error);
  g_unlink (path);
  g_rmdir (dir);
  return trust;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static GOnce once = G_ONCE_INIT;
  XnTrust *trust = g_once (&once, make_trust, NULL);
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(XnVerified) verified = xn_trust_verify_bytes (trust, bytes, &error);

  /* Exactly one of the two, and a refusal always says why. */
  g_assert ((verified == NULL) != (error == NULL));
  if (error != NULL)
    g_assert (error->domain == XN_SIGN_ERROR && error->message[0] != '\0');
  else
    g_assert (xn_verified_get_doc (verified) != NULL);
  return 0;
}
