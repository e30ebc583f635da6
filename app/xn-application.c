/* xn-application.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* XnApplication: xenon-manager's AdwApplication (single instance,
 * org.xenonvmm.Manager). It owns what every window shares: the managed
 * hosts (the embedded simulated host, then those of the hosts file), the
 * stylesheet and icons (xn_ui_init_display), the settings, and the
 * app-wide actions and their keys. Policies given on the command line
 * open in Policy Editor mode, one window each. */

#define G_LOG_DOMAIN "xn-application"

#include "config.h"

#include <glib/gi18n.h>

#include "xn-application.h"
#include "xn-local-host.h"
#include "xn-ui-util.h"
#include "xn-window.h"

struct _XnApplication
{
  AdwApplication  parent_instance;

  /* Owned references */
  GSettings      *settings;
  XnLocalHost    *local_host;     /* NULL with --no-local-host or the setting off */
  XnHostList     *host_list;      /* the hosts file's */
  GListModel     *all_hosts;      /* the embedded host, then the hosts file's */

  gboolean        no_local_host;
};

G_DEFINE_FINAL_TYPE (XnApplication, xn_application, ADW_TYPE_APPLICATION)

/* The application's own actions' keys; each window binds its own
 * ("win.*", XnWindow's class). */
static const struct { const char *action; const char *accels[3]; } accels[] = {
  { "app.quit", { "<Control>q", NULL } },
};

static void
remember_recent (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       data)
{
  XnApplication *self = data;
  g_auto(GStrv) old = g_settings_get_strv (self->settings, "recent-files");
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
  g_settings_set_strv (self->settings, "recent-files", (const char * const *)list);
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
new_window (XnApplication *self)
{
  XnWindow *window = xn_window_new (GTK_APPLICATION (self));
  int w, h;

  if (self->all_hosts != NULL)
    {
      xn_live_view_set_hosts (xn_window_get_live_view (window), self->all_hosts);
      xn_live_view_set_host_list (xn_window_get_live_view (window), self->host_list);
    }
  g_settings_get (self->settings, "window-size", "(ii)", &w, &h);
  gtk_window_set_default_size (GTK_WINDOW (window), w, h);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (window));
  return window;
}

static void
local_host_started_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      data)
{
  g_autoptr(XnApplication) self = data;
  g_autoptr(GError) error = NULL;

  if (xn_local_host_start_finish (XN_LOCAL_HOST (source), result, &error))
    return;
  /* The editor works without it; Live mode says why there is no host. */
  g_warning ("%s", error->message);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (XN_IS_WINDOW (l->data))
      xn_live_view_show_message (GTK_WIDGET (xn_window_get_live_view (l->data)), GTK_MESSAGE_ERROR,
                                 error->message);
}

static void
start_hosts (XnApplication *self)
{
  g_autoptr(GListStore) local = g_list_store_new (XN_TYPE_REMOTE_HOST);
  g_autoptr(GListStore) parts = g_list_store_new (G_TYPE_LIST_MODEL);
  g_autofree char *hosts_file = g_build_filename (g_get_user_config_dir (), "xenon", "hosts", NULL);
  g_autofree char *known = g_build_filename (g_get_user_config_dir (), "xenon", "known_hosts", NULL);
  g_autoptr(GError) error = NULL;

  if (!self->no_local_host && g_settings_get_boolean (self->settings, "local-host"))
    {
      g_autofree char *hostd = xn_local_host_default_hostd ();
      g_autofree char *policy = xn_local_host_default_policy ();
      g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "xenon", "sim-host", NULL);

      self->local_host = xn_local_host_new (hostd, policy, dir);
      g_list_store_append (local, xn_local_host_get_host (self->local_host));
      xn_local_host_start_async (self->local_host, NULL, local_host_started_cb, g_object_ref (self));
    }
  self->host_list = xn_host_list_new (hosts_file);
  xn_host_list_set_known_hosts_file (self->host_list, known);
  if (!xn_host_list_load (self->host_list, &error))
    g_warning ("%s", error->message);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->host_list)); i++)
    {
      g_autoptr(XnRemoteHost) h = g_list_model_get_item (G_LIST_MODEL (self->host_list), i);

      xn_remote_host_connect_async (h, NULL, NULL, NULL);
    }
  g_list_store_append (parts, local);
  g_list_store_append (parts, self->host_list);
  self->all_hosts = G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (g_steal_pointer (&parts))));
}

static int
xn_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  XN_APPLICATION (app)->no_local_host = g_variant_dict_contains (options, "no-local-host");
  return -1;
}

static void
xn_application_startup (GApplication *app)
{
  XnApplication *self = XN_APPLICATION (app);

  G_APPLICATION_CLASS (xn_application_parent_class)->startup (app);
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries, G_N_ELEMENTS (app_entries), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, accels[i].accels);
  xn_ui_init_display (gdk_display_get_default ());
  self->settings = g_settings_new ("org.xenonvmm.Manager");
  start_hosts (self);
}

static void
xn_application_activate (GApplication *app)
{
  XnWindow *window = new_window (XN_APPLICATION (app));
  g_autoptr(XnDocument) document = xn_document_new_from_template ();

  xn_window_set_document (window, document);
  gtk_window_present (GTK_WINDOW (window));
}

static void
xn_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      XnWindow *window = new_window (XN_APPLICATION (app));

      /* The window paints its progress page at once; the file is parsed
       * in a worker thread (a large policy takes a second or more). */
      xn_window_load_file (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
xn_application_shutdown (GApplication *app)
{
  XnApplication *self = XN_APPLICATION (app);

  if (self->local_host != NULL)
    xn_local_host_stop (self->local_host);
  G_APPLICATION_CLASS (xn_application_parent_class)->shutdown (app);
}

static void
xn_application_dispose (GObject *object)
{
  XnApplication *self = XN_APPLICATION (object);

  g_clear_object (&self->local_host);
  g_clear_object (&self->all_hosts);
  g_clear_object (&self->host_list);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (xn_application_parent_class)->dispose (object);
}

static void
xn_application_class_init (XnApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = xn_application_dispose;
  app_class->handle_local_options = xn_application_handle_local_options;
  app_class->startup = xn_application_startup;
  app_class->activate = xn_application_activate;
  app_class->open = xn_application_open;
  app_class->shutdown = xn_application_shutdown;
}

static void
xn_application_init (XnApplication *self)
{
  g_application_add_main_option (G_APPLICATION (self), "no-local-host", 0, G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_NONE, _("Do not run the embedded simulated host"), NULL);
}

XnApplication *
xn_application_new (void)
{
  return g_object_new (XN_TYPE_APPLICATION,
                       "application-id", "org.xenonvmm.Manager",
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       NULL);
}

/**
 * xn_application_get_hosts:
 *
 * Returns: (transfer none) (nullable): every managed host (the embedded
 *   one, then the hosts file's), once started
 */
GListModel *
xn_application_get_hosts (XnApplication *self)
{
  g_return_val_if_fail (XN_IS_APPLICATION (self), NULL);

  return self->all_hosts;
}
