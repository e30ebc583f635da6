/* xenon-policy-sign.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * xenon-policy-sign: `xenon-policy sign` and `xenon-policy verify`, in a
 * helper that xenon-policy execs from libexecdir. It alone of the
 * document commands links xmlsec and GnuTLS (with libgcrypt, libxslt,
 * nettle, p11-kit and the rest they bring): every other command starts
 * without loading them.
 */

#define G_LOG_DOMAIN "xenon-policy"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "xenon-model.h"
#include "xenon-policy-private.h"

static int
cmd_sign (int    argc,
          char **argv)
{
  g_autofree char *key = NULL, *cert = NULL, *output = NULL;
  gboolean force = FALSE;
  const GOptionEntry entries[] = {
    { "key", 'k', 0, G_OPTION_ARG_FILENAME, &key, N_("PEM private key (RSA or ECDSA P-256)"), N_("KEY.pem") },
    { "cert", 'c', 0, G_OPTION_ARG_FILENAME, &cert, N_("PEM signing certificate, then any intermediates"), N_("CERT.pem") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE instead of standard output"), N_("FILE") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Sign even if the lint finds errors"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("IN — sign a document"));
  g_autoptr(XnPolicy) policy = NULL;
  g_autoptr(GListModel) issues = NULL;
  g_autoptr(XnSigner) signer = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) signed_bytes = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) input = NULL;
  g_autoptr(GError) error = NULL;
  xmlDoc *tree = NULL;
  xmlDoc *doc;
  int status;

  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  if (!xp_parse_args (ctx, &argc, &argv, 1, &status))
    return status;
  if (key == NULL || cert == NULL)
    return xp_usage_error (ctx, _("--key and --cert are required"));

  /* What is signed is the canonical form of a valid, lint-clean document:
   * a host must never receive something the editor would have refused.
   * Signing needs a tree: the input's own, parsed once, validated and
   * built into objects, is the one signed when the input is canonical
   * already (as the editor and `fmt` write it). Anything else, and every
   * refusal with its message, goes the usual way. */
  if ((mapped = g_mapped_file_new (argv[1], FALSE, NULL)) != NULL &&
      (input = g_mapped_file_get_bytes (mapped)) != NULL &&
      (tree = xp_keep_until_exit (xn_policy_parse_bytes (input, argv[1], NULL))) != NULL)
    policy = xn_policy_load_doc (tree, argv[1], NULL);
  if (policy != NULL)
    xp_keep_until_exit (g_object_ref (policy));
  else if ((policy = xp_load_or_report (argv[1])) == NULL)
    return EXIT_REFUSED;
  issues = xn_lint_run (policy, NULL);
  if (!force && xn_lint_count (issues, XN_LINT_SEVERITY_ERROR) > 0)
    {
      xp_print_issues (argv[1], policy, NULL, issues);
      g_printerr (_("%s: not signed: the lint found errors (use --force to sign anyway)\n"), argv[1]);
      return EXIT_REFUSED;
    }

  if (!xn_sign_init (&error) ||
      (signer = xn_signer_new_from_files (key, cert, &error)) == NULL ||
      (bytes = xn_policy_save_to_bytes (policy, &error)) == NULL ||
      (doc = (tree != NULL && input != NULL && g_bytes_equal (bytes, input))
             ? tree : xp_keep_until_exit (xn_sign_parse_bytes (bytes, &error))) == NULL ||
      (signed_bytes = xn_signer_sign_doc_to_bytes (signer, doc, &error)) == NULL ||
      !xp_write_output (output, signed_bytes, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_REFUSED;
    }
  return EXIT_SUCCESS;
}

static int
cmd_verify (int    argc,
            char **argv)
{
  g_autofree char *trust_dir = NULL;
  const GOptionEntry entries[] = {
    { "trust", 't', 0, G_OPTION_ARG_FILENAME, &trust_dir, N_("Directory of trusted CA or signer certificates"), N_("DIR") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("IN — verify a signed document"));
  g_autoptr(XnTrust) trust = NULL;
  g_autoptr(XnVerified) verified = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize len = 0;
  int status;

  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  if (!xp_parse_args (ctx, &argc, &argv, 1, &status))
    return status;
  if (trust_dir == NULL)
    return xp_usage_error (ctx, _("--trust is required"));

  if (!g_file_get_contents (argv[1], &contents, &len, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_REFUSED;
    }
  bytes = g_bytes_new_take (g_steal_pointer (&contents), len);

  if (!xn_sign_init (&error) ||
      (trust = xn_trust_new_from_dir (trust_dir, &error)) == NULL ||
      (verified = xn_trust_verify_bytes (trust, bytes, &error)) == NULL)
    {
      g_printerr (_("%s: refused: %s\n"), argv[1], error->message);
      return EXIT_REFUSED;
    }

  g_print (_("%s: good signature by %s\n"), argv[1], xn_verified_get_subject (verified));
  g_print (_("  issuer %s, certificate SHA-256 %s\n"),
           xn_verified_get_issuer (verified), xn_verified_get_fingerprint (verified));
  xp_keep_until_exit (g_steal_pointer (&verified));    /* it holds the whole tree */
  return EXIT_SUCCESS;
}

static const XpHelperCommand commands[] = {
  { "sign", cmd_sign },
  { "verify", cmd_verify },
};

int
main (int   argc,
      char *argv[])
{
  return xp_helper_main (commands, G_N_ELEMENTS (commands), argc, argv);
}
