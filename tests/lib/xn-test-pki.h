/* xn-test-pki.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Certificates for the tests and benchmarks, made by certtool (gnutls-bin)
 * in a directory of the caller's: one way to make them, so a test's PKI
 * is the one every other test trusts. tests/lib/pki.sh does the same for
 * the shell tests. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean xn_test_certtool  (const char *dir,
                            const char *tmpl_name,
                            const char *tmpl,
                            ...) G_GNUC_NULL_TERMINATED;
gboolean xn_test_pki_key   (const char *dir,
                            const char *name,
                            const char *type);
gboolean xn_test_pki_cert  (const char *dir,
                            const char *out,
                            const char *key,
                            const char *ca_key,
                            const char *ca_cert,
                            const char *tmpl);
gboolean xn_test_pki_make  (const char *dir,
                            const char *ca_cn,
                            guint       ca_days,
                            const char *signer_cn,
                            guint       signer_days);

G_END_DECLS
