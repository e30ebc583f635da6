/* xn-migrate-dialog.c: "Migrate to…", asked of both hosts
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Home and All Hosts offer a running domain's move to another connected
 * host.  The list holds the connected hosts where the user is a
 * sysadmin; the hosts the policy in force lets the domain run on are
 * named above it, but any may be chosen: the target's daemon judges by
 * its own policy and its refusal, naming the rule, is shown.  The move
 * itself is xn_migration_run_async() (hostd/client), as the CLI's.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "xn-live-view.h"
#include "xn-migrate-dialog.h"
#include "xn-migration.h"
#include "xn-ui-util.h"

struct _XnMigrateDialog
{
  AdwMessageDialog parent_instance;

  /* Template widgets */
  GtkWidget     *drop;
  GtkStringList *names;
  GtkWidget     *none;

  /* Owned references */
  GtkWidget     *from;
  XnRemoteHost  *source;
  GPtrArray     *targets;   /* XnRemoteHost, in the drop-down's order */
  char          *uuid;
  char          *name;
};

G_DEFINE_FINAL_TYPE (XnMigrateDialog, xn_migrate_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
migrated_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  /* Held from the answer: the dialog is gone while the domain moves. */
  g_autoptr(XnMigrateDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  double seconds = 0;

  if (!xn_migration_run_finish (result, &seconds, NULL, &error))
    {
      g_autofree char *what = g_strdup_printf (_("%s was not migrated"), self->name);

      xn_live_view_report_error (self->from, what, error);
    }
  else
    {
      g_autofree char *text = g_strdup_printf (_("%s migrated in %.1f s"), self->name, seconds);

      xn_live_view_show_message (self->from, GTK_MESSAGE_INFO, text);
    }
}

static void
response_cb (XnMigrateDialog *self,
             const char      *response)
{
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->drop));
  XnRemoteHost *target;

  if (!g_str_equal (response, "migrate") || i >= self->targets->len)
    return;
  target = g_ptr_array_index (self->targets, i);
  xn_migration_run_async (xn_remote_host_get_proxy (self->source), xn_remote_host_get_proxy (target),
                          self->uuid, NULL, migrated_cb, g_object_ref (self));
}

static void
xn_migrate_dialog_dispose (GObject *object)
{
  XnMigrateDialog *self = XN_MIGRATE_DIALOG (object);

  g_clear_object (&self->from);
  g_clear_object (&self->source);
  g_clear_pointer (&self->targets, g_ptr_array_unref);
  G_OBJECT_CLASS (xn_migrate_dialog_parent_class)->dispose (object);
}

static void
xn_migrate_dialog_finalize (GObject *object)
{
  XnMigrateDialog *self = XN_MIGRATE_DIALOG (object);

  g_free (self->uuid);
  g_free (self->name);
  G_OBJECT_CLASS (xn_migrate_dialog_parent_class)->finalize (object);
}

static void
xn_migrate_dialog_class_init (XnMigrateDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = xn_migrate_dialog_dispose;
  G_OBJECT_CLASS (klass)->finalize = xn_migrate_dialog_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/xenonvmm/Manager/ui/xn-migrate-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, XnMigrateDialog, drop);
  gtk_widget_class_bind_template_child (widget_class, XnMigrateDialog, names);
  gtk_widget_class_bind_template_child (widget_class, XnMigrateDialog, none);
  gtk_widget_class_bind_template_callback (widget_class, response_cb);
}

static void
xn_migrate_dialog_init (XnMigrateDialog *self)
{
  self->targets = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * xn_migrate_dialog_can_migrate:
 *
 * Returns: whether @domain runs on @source and the user may move it
 */
gboolean
xn_migrate_dialog_can_migrate (XnRemoteHost *source,
                               XnLiveRow    *domain)
{
  const char *state = domain != NULL ? xn_live_row_get_string (domain, "state") : "";

  return source != NULL && domain != NULL && xn_remote_host_get_proxy (source) != NULL
         && xn_remote_host_has_role (source, "sysadmin")
         && xn_live_row_get_number (domain, "domid") != 0
         && (g_str_equal (state, "running") || g_str_equal (state, "paused"));
}

/**
 * xn_migrate_dialog_present:
 * @from: a widget of the window to show it over
 * @source: the host @domain runs on
 * @hosts: every host of the app (#XnRemoteHost)
 * @domain: a row of @source's domains
 *
 * Asks where to move @domain, then moves it; the outcome is a toast.
 */
void
xn_migrate_dialog_present (GtkWidget    *from,
                           XnRemoteHost *source,
                           GListModel   *hosts,
                           XnLiveRow    *domain)
{
  GtkRoot *root = gtk_widget_get_root (from);
  GVariant *allowed = xn_live_row_get (domain, "migrate-to");   /* borrowed */
  XnMigrateDialog *self = g_object_new (XN_TYPE_MIGRATE_DIALOG,
                                        "transient-for", GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        NULL);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;

  self->from = g_object_ref (from);
  self->source = g_object_ref (source);
  self->uuid = g_strdup (xn_live_row_get_string (domain, "uuid"));
  self->name = g_strdup (xn_live_row_get_string (domain, "name"));
  for (guint i = 0; hosts != NULL && i < g_list_model_get_n_items (hosts); i++)
    {
      g_autoptr(XnRemoteHost) h = g_list_model_get_item (hosts, i);

      if (h == source || xn_remote_host_get_proxy (h) == NULL || !xn_remote_host_has_role (h, "sysadmin"))
        continue;
      g_ptr_array_add (self->targets, g_object_ref (h));
      gtk_string_list_append (self->names, xn_remote_host_get_name (h));
    }

  heading = g_strdup_printf (_("Migrate %s"), self->name);
  if (allowed != NULL && g_variant_is_of_type (allowed, G_VARIANT_TYPE_STRING_ARRAY)
      && g_variant_n_children (allowed) > 0)
    {
      g_autofree const char **list = g_variant_get_strv (allowed, NULL);
      g_autofree char *joined = g_strjoinv (", ", (char **) list);

      body = g_strdup_printf (_("The policy in force on %s lets it run on: %s. The target host judges the "
                                "arrival by its own policy; the guest keeps running during the move."),
                              xn_remote_host_get_name (source), joined);
    }
  else
    body = g_strdup_printf (_("The policy in force on %s names no other host this domain may run on: "
                              "a target will refuse it."), xn_remote_host_get_name (source));
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), heading);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
  gtk_widget_set_visible (self->none, self->targets->len == 0);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "migrate", self->targets->len > 0);
  gtk_window_present (GTK_WINDOW (self));
}
