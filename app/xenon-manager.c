/* xenon-manager.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* xenon-manager: sets up the process (huge pages, gettext), says plainly
 * when the settings schema is missing, and runs XnApplication
 * (xn-application.c), which owns everything the windows share. */

#define G_LOG_DOMAIN "xenon-manager"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "xn-application.h"
#include "xn-process.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(XnApplication) app = NULL;

  xn_process_use_huge_pages (argv);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Without its settings schema GLib aborts at the first GSettings: say
   * what is missing instead. */
  {
    GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
    g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, "org.xenonvmm.Manager", TRUE)
                                               : NULL;

    if (schema == NULL)
      {
        g_printerr (_("xenon-manager: the settings schema org.xenonvmm.Manager is not installed.\n"
                      "Install Xenon (meson install), or run it from the build directory with\n"
                      "  meson devenv -C BUILDDIR xenon-manager\n"
                      "which points GSETTINGS_SCHEMA_DIR at the schema the build compiled.\n"));
        return 1;
      }
  }
  app = xn_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
