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

typedef struct
{
  GtkWidget    *from;
  XnRemoteHost *source;
  GPtrArray    *targets;   /* XnRemoteHost, in the drop-down's order */
  GtkWidget    *drop;
  char         *uuid;
  char         *name;
} MigrateDialog;

static void
migrate_dialog_free (MigrateDialog *d)
{
  g_clear_object (&d->from);
  g_clear_object (&d->source);
  g_clear_pointer (&d->targets, g_ptr_array_unref);
  g_free (d->uuid);
  g_free (d->name);
  g_free (d);
}

static void
migrated_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  MigrateDialog *d = user_data;
  g_autoptr(GError) error = NULL;
  double seconds = 0;

  if (!xn_migration_run_finish (result, &seconds, NULL, &error))
    {
      g_autofree char *what = g_strdup_printf (_("%s was not migrated"), d->name);

      xn_live_view_report_error (d->from, what, error);
    }
  else
    {
      g_autofree char *text = g_strdup_printf (_("%s migrated in %.1f s"), d->name, seconds);

      xn_live_view_show_message (d->from, GTK_MESSAGE_INFO, text);
    }
  migrate_dialog_free (d);
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             MigrateDialog    *d)
{
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (d->drop));
  XnRemoteHost *target;

  if (!g_str_equal (response, "migrate") || i >= d->targets->len)
    {
      migrate_dialog_free (d);
      return;
    }
  target = g_ptr_array_index (d->targets, i);
  xn_migration_run_async (xn_remote_host_get_proxy (d->source), xn_remote_host_get_proxy (target),
                          d->uuid, NULL, migrated_cb, d);
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
  MigrateDialog *d = g_new0 (MigrateDialog, 1);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GVariant *allowed = xn_live_row_get (domain, "migrate-to");   /* borrowed */
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog, *box, *label;

  d->from = g_object_ref (from);
  d->source = g_object_ref (source);
  d->uuid = g_strdup (xn_live_row_get_string (domain, "uuid"));
  d->name = g_strdup (xn_live_row_get_string (domain, "name"));
  d->targets = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; hosts != NULL && i < g_list_model_get_n_items (hosts); i++)
    {
      g_autoptr(XnRemoteHost) h = g_list_model_get_item (hosts, i);

      if (h == source || xn_remote_host_get_proxy (h) == NULL || !xn_remote_host_has_role (h, "sysadmin"))
        continue;
      g_ptr_array_add (d->targets, g_object_ref (h));
      gtk_string_list_append (names, xn_remote_host_get_name (h));
    }

  heading = g_strdup_printf (_("Migrate %s"), d->name);
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
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  label = gtk_label_new_with_mnemonic (_("_Target host"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  d->drop = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), d->drop);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), d->drop);
  if (d->targets->len == 0)
    {
      GtkWidget *none = gtk_label_new (_("No other connected host grants you the sysadmin role."));

      gtk_label_set_wrap (GTK_LABEL (none), TRUE);
      gtk_box_append (GTK_BOX (box), none);
    }
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "migrate", _("_Migrate"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "migrate", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "migrate", d->targets->len > 0);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "migrate");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), d);
  gtk_window_present (GTK_WINDOW (dialog));
}
