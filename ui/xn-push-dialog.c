/* xn-push-dialog.c: Apply to Hosts… — sign, dry-run, push
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The editor's document is signed once (in a worker thread) and sent to
 * every chosen host as a dry run first: each host answers with what the
 * push would change (serial, flows added and removed, domains added,
 * removed and changed, breaches) or with its refusal.  "Apply" then
 * pushes for real, and only to the hosts whose dry run passed; the others
 * are shown as skipped with their reason.  A host whose running serial is
 * not below the document's refuses (anti-rollback): "Increase serial"
 * raises it, as one undoable edit.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "xn-dialogs.h"
#include "xn-ui-util.h"
#include "xn-push-dialog.h"
#include "xn-sign-task.h"

typedef enum { ROW_IDLE, ROW_BUSY, ROW_DRY_OK, ROW_FAILED, ROW_APPLIED } RowState;

typedef struct
{
  XnRemoteHost *host;
  GtkWidget    *check;
  GtkWidget    *icon;
  GtkWidget    *result;
  RowState      state;
  guint64       running_serial;
  char         *text;
} Row;

struct _XnPushDialog
{
  GtkWindow     parent_instance;

  /* Template widgets */
  GtkWidget    *box;
  GtkWidget    *key;
  GtkWidget    *cert;
  GtkWidget    *list;
  GtkWidget    *status;
  GtkWidget    *dry_run;
  GtkWidget    *apply;
  GtkWidget    *bump;

  /* Owned references */
  XnDocument   *document;
  GPtrArray    *rows;
  GBytes       *signed_doc;
  guint64       signed_serial;
  guint         busy;
  gboolean      applying;
  GCancellable *cancel;
};

G_DEFINE_FINAL_TYPE (XnPushDialog, xn_push_dialog, GTK_TYPE_WINDOW)

static void
row_free (gpointer data)
{
  Row *row = data;

  g_clear_object (&row->host);
  g_free (row->text);
  g_free (row);
}

static void
set_row (Row        *row,
         RowState    state,
         const char *text)
{
  static const char *const icons[] = {
    [ROW_IDLE] = "content-loading-symbolic", [ROW_BUSY] = "content-loading-symbolic",
    [ROW_DRY_OK] = "object-select-symbolic", [ROW_FAILED] = "dialog-error-symbolic",
    [ROW_APPLIED] = "emblem-ok-symbolic",
  };

  row->state = state;
  g_free (row->text);
  row->text = g_strdup (text);
  gtk_image_set_from_icon_name (GTK_IMAGE (row->icon), icons[state]);
  gtk_widget_set_visible (row->icon, state != ROW_IDLE);
  gtk_label_set_text (GTK_LABEL (row->result), text);
  gtk_widget_remove_css_class (row->result, "error");
  gtk_widget_remove_css_class (row->result, "success");
  if (state == ROW_FAILED)
    gtk_widget_add_css_class (row->result, "error");
  else if (state == ROW_APPLIED || state == ROW_DRY_OK)
    gtk_widget_add_css_class (row->result, "success");
}

static void
update_buttons (XnPushDialog *self)
{
  gboolean any_ok = FALSE, any_chosen = FALSE;

  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);

      any_ok |= row->state == ROW_DRY_OK;
      any_chosen |= gtk_check_button_get_active (GTK_CHECK_BUTTON (row->check));
    }
  gtk_widget_set_sensitive (self->dry_run, self->busy == 0 && any_chosen);
  gtk_widget_set_sensitive (self->apply, self->busy == 0 && any_ok && !self->applying);
  /* Enter takes the next step: the dry run, then Apply once one passed. */
  gtk_window_set_default_widget (GTK_WINDOW (self),
                                 gtk_widget_get_sensitive (self->apply) ? self->apply : self->dry_run);
}

static char *
summary_text (guint64   serial,
              GVariant *summary)
{
  GString *out = g_string_new (NULL);
  guint64 previous = 0;
  guint32 added = 0, removed = 0;
  g_autofree const char **dom_added = NULL, **dom_removed = NULL, **dom_changed = NULL, **breaches = NULL;

  g_variant_lookup (summary, "previous-serial", "t", &previous);
  g_variant_lookup (summary, "flows-added", "u", &added);
  g_variant_lookup (summary, "flows-removed", "u", &removed);
  g_variant_lookup (summary, "domains-added", "^a&s", &dom_added);
  g_variant_lookup (summary, "domains-removed", "^a&s", &dom_removed);
  g_variant_lookup (summary, "domains-changed", "^a&s", &dom_changed);
  g_variant_lookup (summary, "breaches", "^a&s", &breaches);
  g_string_append_printf (out, _("Serial %" PRIu64 " → %" PRIu64 "; flows +%u −%u"),
                          (uint64_t) previous, (uint64_t) serial, added, removed);
  if (dom_added != NULL && dom_added[0] != NULL)
    {
      g_autofree char *j = g_strjoinv (", ", (char **) dom_added);
      g_string_append_printf (out, _("; domains added: %s"), j);
    }
  if (dom_removed != NULL && dom_removed[0] != NULL)
    {
      g_autofree char *j = g_strjoinv (", ", (char **) dom_removed);
      g_string_append_printf (out, _("; domains removed: %s"), j);
    }
  if (dom_changed != NULL && dom_changed[0] != NULL)
    {
      g_autofree char *j = g_strjoinv (", ", (char **) dom_changed);
      g_string_append_printf (out, _("; rights change for: %s"), j);
    }
  if (breaches != NULL && breaches[0] != NULL)
    {
      g_autofree char *j = g_strjoinv ("; ", (char **) breaches);
      g_string_append_printf (out, _("\nBreaches: %s"), j);
    }
  return g_string_free (out, FALSE);
}

typedef struct
{
  XnPushDialog *self;
  Row          *row;
  gboolean      dry_run;
} PushData;

static void
pushed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  PushData *p = data;
  XnPushDialog *self = p->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = xn_host_model_reply_finish (XN_HOST_MODEL (source), result, &error);
  /* PushPolicy's (diff, summary): the dialog shows the summary only. */
  g_autoptr(GVariant) summary = reply != NULL ? g_variant_get_child_value (reply, 1) : NULL;

  if (reply == NULL)
    {
      g_autofree char *text = NULL;

      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          text = g_strdup_printf (p->dry_run ? _("Dry run refused: %s") : _("Push refused: %s"), error->message);
          set_row (p->row, ROW_FAILED, text);
        }
    }
  else if (p->dry_run)
    {
      g_autofree char *text = summary_text (self->signed_serial, summary);
      g_autofree char *full = g_strdup_printf (_("Dry run passed. %s"), text);

      set_row (p->row, ROW_DRY_OK, full);
    }
  else
    {
      g_autofree char *text = summary_text (self->signed_serial, summary);
      g_autofree char *full = g_strdup_printf (_("Applied. %s"), text);

      set_row (p->row, ROW_APPLIED, full);
    }
  self->busy--;
  if (self->busy == 0)
    gtk_label_set_text (GTK_LABEL (self->status), p->dry_run ? _("Dry run finished.") : _("Push finished."));
  update_buttons (self);
  g_object_unref (self);
  g_free (p);
}

static void
send_all (XnPushDialog *self,
          gboolean      dry_run)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);
      PushData *p;

      if (!gtk_check_button_get_active (GTK_CHECK_BUTTON (row->check)))
        continue;
      if (!dry_run && row->state != ROW_DRY_OK)
        {
          if (row->state == ROW_FAILED)
            {
              g_autofree char *text = g_strdup_printf (_("Skipped: its dry run failed. %s"), row->text);

              set_row (row, ROW_FAILED, text);
            }
          continue;
        }
      if (xn_remote_host_get_state (row->host) != XN_REMOTE_HOST_CONNECTED)
        {
          set_row (row, ROW_FAILED, _("Not connected: skipped."));
          continue;
        }
      set_row (row, ROW_BUSY, dry_run ? _("Dry run…") : _("Pushing…"));
      p = g_new0 (PushData, 1);
      p->self = g_object_ref (self);
      p->row = row;
      p->dry_run = dry_run;
      self->busy++;
      xn_host_model_push_policy_async (xn_remote_host_get_model (row->host), self->signed_doc, dry_run,
                                       self->cancel, pushed_cb, p);
    }
  update_buttons (self);
}

static void
signed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(XnPushDialog) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *text = NULL;
  GBytes *bytes = xn_sign_task_finish (result, &subject, &error);

  self->busy--;
  if (bytes == NULL)
    {
      text = g_strdup_printf (_("Could not sign the policy: %s"), error->message);
      gtk_label_set_text (GTK_LABEL (self->status), text);
      gtk_widget_add_css_class (self->status, "error");
      update_buttons (self);
      return;
    }
  g_clear_pointer (&self->signed_doc, g_bytes_unref);
  /* The document's own bytes keep a trailing NUL-free XML; D-Bus "ay". */
  self->signed_doc = bytes;
  text = g_strdup_printf (_("Signed by %s. Asking each host for a dry run…"), subject);
  gtk_label_set_text (GTK_LABEL (self->status), text);
  gtk_widget_remove_css_class (self->status, "error");
  send_all (self, TRUE);
}

/**
 * xn_push_dialog_dry_run:
 *
 * Signs the document and asks every chosen host what the push would do.
 */
void
xn_push_dialog_dry_run (XnPushDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *key = gtk_editable_get_text (GTK_EDITABLE (self->key));
  const char *cert = gtk_editable_get_text (GTK_EDITABLE (self->cert));
  XnPolicy *policy = xn_document_get_policy (self->document);

  if (*key == '\0' || *cert == '\0')
    {
      gtk_label_set_text (GTK_LABEL (self->status), _("Choose the signing key and its certificate first."));
      gtk_widget_add_css_class (self->status, "error");
      return;
    }
  bytes = xn_policy_save_to_bytes (policy, &error);
  if (bytes == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->status), error->message);
      gtk_widget_add_css_class (self->status, "error");
      return;
    }
  for (guint i = 0; i < self->rows->len; i++)
    set_row (g_ptr_array_index (self->rows, i), ROW_IDLE, "");
  self->applying = FALSE;
  self->signed_serial = xn_policy_get_serial (policy);
  self->busy++;
  gtk_label_set_text (GTK_LABEL (self->status), _("Signing…"));
  update_buttons (self);
  xn_sign_task_run_async (bytes, key, cert, NULL, self->cancel, signed_cb, g_object_ref (self));
}

/**
 * xn_push_dialog_apply:
 *
 * Pushes the document signed for the dry run to the hosts whose dry run
 * passed.
 */
void
xn_push_dialog_apply (XnPushDialog *self)
{
  if (self->signed_doc == NULL)
    return;
  self->applying = TRUE;
  gtk_label_set_text (GTK_LABEL (self->status), _("Pushing to the hosts whose dry run passed…"));
  send_all (self, FALSE);
}

static void
bump_serial (XnPushDialog *self)
{
  XnPolicy *policy = xn_document_get_policy (self->document);
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  g_value_init (&value, G_TYPE_UINT64);
  g_value_set_uint64 (&value, xn_policy_get_serial (policy) + 1);
  if (!xn_document_set (self->document, policy, "serial", &value, &error))
    gtk_label_set_text (GTK_LABEL (self->status), error->message);
  else
    {
      g_autofree char *text = g_strdup_printf (_("Serial is now %" PRIu64 " (Undo in the editor takes it back)."),
                                               (uint64_t) xn_policy_get_serial (policy));

      gtk_label_set_text (GTK_LABEL (self->status), text);
    }
}

gboolean
xn_push_dialog_is_busy (XnPushDialog *self)
{
  return self->busy > 0;
}

static Row *
find_row (XnPushDialog *self,
          const char   *name)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);

      if (g_str_equal (xn_remote_host_get_name (row->host), name))
        return row;
    }
  return NULL;
}

/* (nullable): what the dialog says of @host_name */
const char *
xn_push_dialog_get_result (XnPushDialog *self,
                           const char   *host_name)
{
  Row *row = find_row (self, host_name);

  return row != NULL ? row->text : NULL;
}

gboolean
xn_push_dialog_get_dry_run_ok (XnPushDialog *self,
                               const char   *host_name)
{
  Row *row = find_row (self, host_name);

  return row != NULL && (row->state == ROW_DRY_OK || row->state == ROW_APPLIED);
}

void
xn_push_dialog_set_keys (XnPushDialog *self,
                         const char   *key_path,
                         const char   *cert_path)
{
  gtk_editable_set_text (GTK_EDITABLE (self->key), key_path ? key_path : "");
  gtk_editable_set_text (GTK_EDITABLE (self->cert), cert_path ? cert_path : "");
}

static void
file_chosen_cb (GtkWindow *parent,
                GFile     *file,
                gpointer   data)
{
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

  if (path != NULL)
    gtk_editable_set_text (GTK_EDITABLE (data), path);
}

static void
choose_key (XnPushDialog *self)
{
  xn_dialogs_choose_file (GTK_WINDOW (self), _("Choose the Signing Key (PEM)"), GTK_FILE_CHOOSER_ACTION_OPEN,
                          NULL, file_chosen_cb, self->key);
}

static void
choose_cert (XnPushDialog *self)
{
  xn_dialogs_choose_file (GTK_WINDOW (self), _("Choose the Signer's Certificate (PEM)"),
                          GTK_FILE_CHOOSER_ACTION_OPEN, NULL, file_chosen_cb, self->cert);
}

static void
xn_push_dialog_dispose (GObject *object)
{
  XnPushDialog *self = XN_PUSH_DIALOG (object);

  if (self->cancel != NULL)
    g_cancellable_cancel (self->cancel);
  g_clear_object (&self->cancel);
  g_clear_object (&self->document);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->signed_doc, g_bytes_unref);
  /* No gtk_widget_dispose_template(): GtkWindow disposes its child
   * itself, and would then unparent the child that freed. */

  G_OBJECT_CLASS (xn_push_dialog_parent_class)->dispose (object);
}

static void
xn_push_dialog_class_init (XnPushDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = xn_push_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/xenonvmm/Manager/ui/xn-push-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, XnPushDialog, box);
  gtk_widget_class_bind_template_child (widget_class, XnPushDialog, key);
  gtk_widget_class_bind_template_child (widget_class, XnPushDialog, cert);
  gtk_widget_class_bind_template_child (widget_class, XnPushDialog, list);
  gtk_widget_class_bind_template_child (widget_class, XnPushDialog, status);
  gtk_widget_class_bind_template_child (widget_class, XnPushDialog, dry_run);
  gtk_widget_class_bind_template_child (widget_class, XnPushDialog, apply);
  gtk_widget_class_bind_template_child (widget_class, XnPushDialog, bump);
  gtk_widget_class_bind_template_callback (widget_class, choose_key);
  gtk_widget_class_bind_template_callback (widget_class, choose_cert);
  gtk_widget_class_bind_template_callback (widget_class, bump_serial);
  gtk_widget_class_bind_template_callback (widget_class, xn_push_dialog_dry_run);
  gtk_widget_class_bind_template_callback (widget_class, xn_push_dialog_apply);
  gtk_widget_class_bind_template_callback_full (widget_class, "close_clicked", G_CALLBACK (gtk_window_destroy));
}

static void
xn_push_dialog_init (XnPushDialog *self)
{
  self->rows = g_ptr_array_new_with_free_func (row_free);
  self->cancel = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * xn_push_dialog_new:
 * @document: the editor's document
 * @hosts: a list model of #XnRemoteHost
 *
 * Returns: (transfer none): the dialog, owned by GTK until closed
 */
XnPushDialog *
xn_push_dialog_new (GtkWindow  *parent,
                    XnDocument *document,
                    GListModel *hosts)
{
  XnPushDialog *self = g_object_new (XN_TYPE_PUSH_DIALOG, "transient-for", parent, NULL);
  g_autoptr(GSettings) settings = NULL;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, "org.xenonvmm.Manager", TRUE) : NULL;

  self->document = g_object_ref (document);
  for (guint i = 0; i < g_list_model_get_n_items (hosts); i++)
    {
      Row *row = g_new0 (Row, 1);
      GtkWidget *line = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      g_autofree char *label = NULL;

      row->host = g_list_model_get_item (hosts, i);
      label = g_strdup_printf ("%s (%s)", xn_remote_host_get_name (row->host),
                               xn_remote_host_get_state (row->host) == XN_REMOTE_HOST_CONNECTED
                               ? _("connected") : _("not connected"));
      row->check = gtk_check_button_new_with_label (label);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (row->check),
                                   xn_remote_host_get_state (row->host) == XN_REMOTE_HOST_CONNECTED);
      g_signal_connect_swapped (row->check, "toggled", G_CALLBACK (update_buttons), self);
      row->icon = gtk_image_new ();
      gtk_widget_set_visible (row->icon, FALSE);
      row->result = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (row->result), 0);
      gtk_label_set_wrap (GTK_LABEL (row->result), TRUE);
      gtk_label_set_selectable (GTK_LABEL (row->result), TRUE);
      gtk_widget_set_margin_start (row->result, 28);
      gtk_box_append (GTK_BOX (top), row->check);
      gtk_box_append (GTK_BOX (top), row->icon);
      gtk_box_append (GTK_BOX (line), top);
      gtk_box_append (GTK_BOX (line), row->result);
      g_object_set (line, "margin-top", 6, "margin-bottom", 6, "margin-start", 6, "margin-end", 6, NULL);
      gtk_list_box_append (GTK_LIST_BOX (self->list), line);
      g_ptr_array_add (self->rows, row);
    }
  xn_ui_dialog_keys (GTK_WINDOW (self), self->box);

  /* The last key and certificate used. */
  if (schema != NULL && g_settings_schema_has_key (schema, "signing-key"))
    {
      g_autofree char *key = NULL, *cert = NULL;

      settings = g_settings_new ("org.xenonvmm.Manager");
      key = g_settings_get_string (settings, "signing-key");
      cert = g_settings_get_string (settings, "signing-certificate");
      xn_push_dialog_set_keys (self, key, cert);
      g_settings_bind (settings, "signing-key", self->key, "text", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "signing-certificate", self->cert, "text", G_SETTINGS_BIND_DEFAULT);
    }
  update_buttons (self);
  return self;
}
