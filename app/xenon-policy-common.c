/* xenon-policy-common.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * What xenon-policy and its helpers in libexecdir all share: the locale,
 * running one command under the name "xenon-policy COMMAND", option
 * parsing and usage errors. Each executable links only what its commands
 * need (xenon-policy-private.h says which runs where), and all of them
 * speak, fail and exit the same way.
 */

#define G_LOG_DOMAIN "xenon-policy"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "xenon-policy-private.h"

void
xp_init_i18n (void)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/* Runs @func as `xenon-policy @name`: help and usage errors name it so. */
int
xp_run_command (const char    *name,
                XpCommandFunc  func,
                int            argc,
                char         **argv)
{
  g_autofree char *prgname = g_strdup_printf ("xenon-policy %s", name);

  g_set_prgname (prgname);
  return func (argc, argv);
}

/* The main of a helper: xenon-policy execs it as HELPER COMMAND ARGS. */
int
xp_helper_main (const XpHelperCommand  *commands,
                guint                   n_commands,
                int                     argc,
                char                  **argv)
{
  xp_init_i18n ();

  for (guint i = 0; argc >= 2 && i < n_commands; i++)
    if (g_str_equal (commands[i].name, argv[1]))
      return xp_run_command (commands[i].name, commands[i].func, argc - 1, argv + 1);

  g_printerr (_("%s: a helper of xenon-policy; run “xenon-policy --help”\n"),
              argc > 0 ? argv[0] : "xenon-policy");
  return EXIT_USAGE;
}

int
xp_usage_error (GOptionContext *ctx,
                const char     *message)
{
  g_printerr ("xenon-policy: %s\n", message);
  if (ctx != NULL)
    g_printerr (_("Try “%s --help” for more information.\n"), g_get_prgname ());
  return EXIT_USAGE;
}

/* Parses options; exactly @n_files positional arguments must remain
 * (any number when @n_files is negative). */
gboolean
xp_parse_args (GOptionContext  *ctx,
               int             *argc,
               char          ***argv,
               int              n_files,
               int             *status)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (ctx, argc, argv, &error))
    {
      *status = xp_usage_error (ctx, error->message);
      return FALSE;
    }
  if (n_files >= 0 && *argc - 1 != n_files)
    {
      *status = xp_usage_error (ctx, n_files == 1 ? _("expected one FILE")
                                                  : _("wrong number of files"));
      return FALSE;
    }
  return TRUE;
}
