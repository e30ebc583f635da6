/* xenon-manager.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* xenon-manager: the GtkApplication (single instance, org.xenonvmm.Manager)
 * that opens policies given on the command line in Policy Editor mode, and
 * runs the embedded simulated host that Live mode shows on first start. */

#define G_LOG_DOMAIN "xenon-manager"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "xn-local-host.h"
#include "xn-process.h"
#include "xn-window.h"

/* The embedded simulated host, or NULL (--no-local-host, the setting off). */
static XnLocalHost *local_host;
static gboolean no_local_host;
/* Every managed host: the embedded one, then those of the hosts file. */
static XnHostList *host_list;
static GListModel *all_hosts;

static const struct { const char *action; const char *accels[3]; } accels[] = {
  { "win.new", { "<Control>n", NULL } },
  { "win.open", { "<Control>o", NULL } },
  { "win.save", { "<Control>s", NULL } },
  { "win.save-as", { "<Control><Shift>s", NULL } },
  { "win.close", { "<Control>w", NULL } },
  { "win.export-template", { "<Control>e", NULL } },
  { "win.import-template", { "<Control>i", NULL } },
  { "win.sign", { "<Control><Shift>g", NULL } },
  { "win.apply-to-hosts", { "<Control><Shift>h", NULL } },
  { "win.verify", { "<Control><Shift>y", NULL } },
  { "win.undo", { "<Control>z", NULL } },
  { "win.redo", { "<Control><Shift>z", "<Control>y", NULL } },
  { "win.add-tag", { "<Control>t", NULL } },
  { "win.add-conflict", { "<Control><Shift>c", NULL } },
  { "win.add-sec-label", { "<Control><Shift>l", NULL } },
  { "win.add-root-domain", { "<Control><Shift>r", NULL } },
  { "win.add-enclave", { "<Control><Shift>e", NULL } },
  { "win.add-domain", { "<Control><Shift>d", NULL } },
  { "win.add-switch", { "<Control><Shift>b", NULL } },
  { "win.add-vif", { "<Control><Shift>v", NULL } },
  { "win.import-hardware", { "<Control><Shift>w", NULL } },
  { "win.view::editor", { "<Alt>1", NULL } },
  { "win.view::domains", { "<Alt>2", NULL } },
  { "win.view::matrix", { "<Alt>3", NULL } },
  { "win.show-lint", { "F8", NULL } },
  { "win.toggle-live", { "<Control>l", NULL } },
  { "app.quit", { "<Control>q", NULL } },
};

static void
remember_recent (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       data)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.xenonvmm.Manager");
  g_auto(GStrv) old = g_settings_get_strv (settings, "recent-files");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;
  const char *uri = g_variant_get_string (param, NULL);
  guint n = 1;

  g_strv_builder_add (builder, uri);
  for (guint i = 0; old[i] != NULL && n < 10; i++)
    if (g_strcmp0 (old[i], uri) != 0)
      {
        g_strv_builder_add (builder, old[i]);
        n++;
      }
  list = g_strv_builder_end (builder);
  g_settings_set_strv (settings, "recent-files", (const char * const *)list);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       data)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (data));

  /* Close each window so each can ask about unsaved changes. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (data));
  GtkWidget *about = adw_about_window_new ();

  /* The application icon comes from the gresource's icon path, so it
   * shows uninstalled too. */
  g_object_set (about,
                "transient-for", parent,
                "application-name", _("Xenon Manager"),
                "application-icon", "org.xenonvmm.Manager",
                "version", PACKAGE_VERSION,
                "developer-name", _("The Xenon authors"),
                "comments", _("Draw, check and sign separation policies for Xenon hosts"),
                "license-type", GTK_LICENSE_GPL_2_0,
                NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_entries[] = {
  { "quit", quit_activated },
  { "about", about_activated },
  { "remember-recent", remember_recent, "s" },
};

static XnWindow *
new_window (GtkApplication *app)
{
  XnWindow *window = xn_window_new (app);
  g_autoptr(GSettings) settings = g_settings_new ("org.xenonvmm.Manager");
  int w, h;

  if (all_hosts != NULL)
    {
      xn_live_view_set_hosts (xn_window_get_live_view (window), all_hosts);
      xn_live_view_set_host_list (xn_window_get_live_view (window), host_list);
    }
  g_settings_get (settings, "window-size", "(ii)", &w, &h);
  gtk_window_set_default_size (GTK_WINDOW (window), w, h);
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (window));
  return window;
}

static void
local_host_started_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      data)
{
  GtkApplication *app = data;
  g_autoptr(GError) error = NULL;

  if (xn_local_host_start_finish (XN_LOCAL_HOST (source), result, &error))
    return;
  /* The editor works without it; Live mode says why there is no host. */
  g_warning ("%s", error->message);
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (XN_IS_WINDOW (l->data))
      xn_live_view_show_message (GTK_WIDGET (xn_window_get_live_view (l->data)), GTK_MESSAGE_ERROR,
                                 error->message);
}

static void
start_hosts (GtkApplication *app)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.xenonvmm.Manager");
  g_autoptr(GListStore) local = g_list_store_new (XN_TYPE_REMOTE_HOST);
  g_autoptr(GListStore) parts = g_list_store_new (G_TYPE_LIST_MODEL);
  g_autofree char *hosts_file = g_build_filename (g_get_user_config_dir (), "xenon", "hosts", NULL);
  g_autofree char *known = g_build_filename (g_get_user_config_dir (), "xenon", "known_hosts", NULL);
  g_autoptr(GError) error = NULL;

  if (!no_local_host && g_settings_get_boolean (settings, "local-host"))
    {
      g_autofree char *hostd = xn_local_host_default_hostd ();
      g_autofree char *policy = xn_local_host_default_policy ();
      g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "xenon", "sim-host", NULL);

      local_host = xn_local_host_new (hostd, policy, dir);
      g_list_store_append (local, xn_local_host_get_host (local_host));
      xn_local_host_start_async (local_host, NULL, local_host_started_cb, app);
    }
  host_list = xn_host_list_new (hosts_file);
  xn_host_list_set_known_hosts_file (host_list, known);
  if (!xn_host_list_load (host_list, &error))
    g_warning ("%s", error->message);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (host_list)); i++)
    {
      g_autoptr(XnRemoteHost) h = g_list_model_get_item (G_LIST_MODEL (host_list), i);

      xn_remote_host_connect_async (h, NULL, NULL, NULL);
    }
  g_list_store_append (parts, local);
  g_list_store_append (parts, host_list);
  all_hosts = G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (g_steal_pointer (&parts))));
}

static void
on_shutdown (GtkApplication *app)
{
  if (local_host != NULL)
    xn_local_host_stop (local_host);
  g_clear_object (&local_host);
  g_clear_object (&all_hosts);
  g_clear_object (&host_list);
}

static int
on_handle_local_options (GApplication *app,
                         GVariantDict *options,
                         gpointer      data)
{
  no_local_host = g_variant_dict_contains (options, "no-local-host");
  return -1;
}

static void
on_startup (GtkApplication *app)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_entries, G_N_ELEMENTS (app_entries), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (app, accels[i].action, accels[i].accels);
  gtk_css_provider_load_from_resource (css, "/org/xenonvmm/Manager/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  start_hosts (app);
}

static void
on_activate (GtkApplication *app)
{
  XnWindow *window = new_window (app);
  g_autoptr(XnDocument) document = xn_document_new_from_template ();

  xn_window_set_document (window, document);
  gtk_window_present (GTK_WINDOW (window));
}

static void
on_open (GtkApplication *app,
         GFile         **files,
         int             n_files,
         const char     *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      XnWindow *window = new_window (app);

      /* The window paints its progress page at once; the file is parsed
       * in a worker thread (a large policy takes a second or more). */
      xn_window_load_file (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = NULL;

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
  /* AdwApplication: libadwaita's stylesheet and widgets (status pages,
   * the About window) are set up with the application. */
  app = adw_application_new ("org.xenonvmm.Manager", G_APPLICATION_HANDLES_OPEN);
  g_signal_connect (app, "startup", G_CALLBACK (on_startup), NULL);
  g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);
  g_signal_connect (app, "open", G_CALLBACK (on_open), NULL);
  g_signal_connect (app, "shutdown", G_CALLBACK (on_shutdown), NULL);
  g_signal_connect (app, "handle-local-options", G_CALLBACK (on_handle_local_options), NULL);
  g_application_add_main_option (G_APPLICATION (app), "no-local-host", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE,
                                 _("Do not run the embedded simulated host"), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
