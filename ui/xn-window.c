/* xn-window.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The main window in Policy Editor mode: a header bar (Open, Add, Undo,
 * the views, Save, the mode switch and the primary menu), the policy tree
 * and its editor, the domains/hardware view, the connectivity matrix and
 * the lint panel, under a toast overlay for transient news. Window actions
 * ("win.*") carry every command; the menus, buttons and keyboard
 * shortcuts all activate them. */

#define G_LOG_DOMAIN "xn-window"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "xn-add-dialog.h"
#include "xn-dialogs.h"
#include "xn-push-dialog.h"
#include "xn-service-vm-dialog.h"
#include "xn-sign-task.h"
#include "xn-ui-util.h"
#include "xn-window.h"

struct _XnWindow
{
  GtkApplicationWindow parent_instance;

  /* Template widgets */
  GtkStack          *main_stack;
  AdwViewSwitcherTitle *switcher_title;
  GtkSpinner        *loading_spinner;
  GtkLabel          *loading_label;
  AdwViewStack      *views;
  GtkPaned          *vpaned;
  XnPolicyTree      *tree;
  XnEditor          *editor;
  XnHardwareView    *hardware;
  XnMatrixView      *matrix;
  XnLintPanel       *lint;
  GtkToggleButton   *live_button;
  GtkWidget         *editor_buttons;
  GtkWidget         *save_button;
  GtkStack          *title_stack;
  AdwWindowTitle    *window_title;
  GtkMenuButton     *primary_button;
  XnLiveView        *live_view;
  GMenu             *recent_section;

  /* Owned references */
  XnDocument        *document;
  GSignalGroup      *stack_signals;
  GCancellable      *load_cancellable;  /* while a file loads */
  GSettings         *settings;          /* NULL without the installed schema */

  /* State */
  gboolean           live;              /* Live mode, else the Policy Editor */
};

G_DEFINE_FINAL_TYPE (XnWindow, xn_window, GTK_TYPE_APPLICATION_WINDOW)

static void
update_undo (XnWindow *self)
{
  XnCommandStack *stack = self->document ? xn_document_get_stack (self->document) : NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo",
                                 stack != NULL && xn_command_stack_get_can_undo (stack));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo",
                                 stack != NULL && xn_command_stack_get_can_redo (stack));
}

static gboolean
in_live_mode (XnWindow *self)
{
  return self->live;
}

/* The main page follows the mode and the load: Live mode's page, else
 * the progress page while a policy loads, else the editor. The only
 * place that picks it, so a load ending (or the mode changing while one
 * runs) cannot show one mode's page under the other's header bar. */
static void
show_main_page (XnWindow *self)
{
  gtk_stack_set_visible_child_name (self->main_stack,
                                    self->live ? "live"
                                    : self->load_cancellable != NULL ? "loading"
                                    : "content");
}

static void
update_title (XnWindow *self)
{
  g_autofree char *title = in_live_mode (self) ? xn_live_view_dup_title (self->live_view)
                           : self->document != NULL ? xn_document_dup_title (self->document)
                           /* A document still loading: its progress page's words. */
                           : g_strdup (gtk_label_get_text (self->loading_label));

  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  adw_view_switcher_title_set_title (self->switcher_title, title);
}

static void
on_object_selected (XnWindow *self,
                    XnObject *object)
{
  xn_editor_set_object (self->editor, object);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete",
                                 object != NULL && !XN_IS_HOST (object)
                                 && !(XN_IS_DOMAIN (object) && xn_domain_is_domain0 (XN_DOMAIN (object))));
}

static void
on_jump_to (XnWindow   *self,
            const char *uuid)
{
  XnObject *object;

  if (uuid == NULL || self->document == NULL)
    return;
  object = xn_policy_lookup (xn_document_get_policy (self->document), uuid);
  if (object != NULL)
    xn_window_select_object (self, object);
}

void
xn_window_select_object (XnWindow *self,
                         XnObject *object)
{
  g_return_if_fail (XN_IS_WINDOW (self));

  adw_view_stack_set_visible_child_name (self->views, "editor");
  if (!xn_policy_tree_select_object (self->tree, object))
    xn_editor_set_object (self->editor, object);
}

void
xn_window_set_document (XnWindow   *self,
                        XnDocument *document)
{
  g_return_if_fail (XN_IS_WINDOW (self));
  g_return_if_fail (XN_IS_DOCUMENT (document));

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_set_object (&self->document, document);
  g_signal_group_set_target (self->stack_signals, xn_document_get_stack (document));
  g_signal_connect_object (document, "notify::title", G_CALLBACK (update_title), self,
                           G_CONNECT_SWAPPED);
  xn_policy_tree_set_document (self->tree, document);
  xn_editor_set_document (self->editor, document);
  xn_hardware_view_set_document (self->hardware, document);
  xn_matrix_view_set_document (self->matrix, document);
  xn_lint_panel_set_document (self->lint, document);
  /* A policy that finished loading in Live mode: Live mode compares the
   * host's policy with this one now. */
  if (self->live)
    xn_live_view_set_editor_document (self->live_view, document);
  update_title (self);
  update_undo (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete", FALSE);
}

/**
 * xn_window_add_toast:
 * @text: one plain sentence
 *
 * Shows passing news ("signed", "applied") as a toast over the window.
 */
void
xn_window_add_toast (XnWindow   *self,
                     const char *text)
{
  g_return_if_fail (XN_IS_WINDOW (self));

  /* The overlay is the window's child (not bound: disposing the template
   * would unparent it behind GtkWindow's back). */
  xn_ui_toast (gtk_window_get_child (GTK_WINDOW (self)), text, FALSE);
}

XnDocument *
xn_window_get_document (XnWindow *self)
{
  g_return_val_if_fail (XN_IS_WINDOW (self), NULL);
  return self->document;
}

static void show_error (XnWindow     *self,
                        const char   *what,
                        const GError *error);

static void
remember_recent (XnWindow *self,
                 GFile    *file)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autofree char *uri = g_file_get_uri (file);

  if (app != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (app), "remember-recent",
                                    g_variant_new_string (uri));
}

gboolean
xn_window_open_file (XnWindow  *self,
                     GFile     *file,
                     GError   **error)
{
  g_autoptr(XnDocument) document = xn_document_load (file, error);

  if (document == NULL)
    return FALSE;
  if (in_live_mode (self))
    xn_window_set_live_mode (self, FALSE);
  xn_window_set_document (self, document);
  remember_recent (self, file);
  return TRUE;
}

static void
update_recent_menu (XnWindow *self)
{
  g_auto(GStrv) uris = NULL;

  g_menu_remove_all (self->recent_section);
  if (self->settings != NULL)
    uris = g_settings_get_strv (self->settings, "recent-files");
  for (guint i = 0; uris != NULL && uris[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_uri (uris[i]);
      g_autofree char *base = g_file_get_basename (file);
      g_auto(GStrv) parts = g_strsplit (base ? base : uris[i], "_", -1);
      /* Menu labels take '_' as the mnemonic marker: double it. */
      g_autofree char *escaped = g_strjoinv ("__", parts);
      g_autoptr(GMenuItem) item = g_menu_item_new (escaped, NULL);

      g_menu_item_set_action_and_target_value (item, "win.open-recent", g_variant_new_string (uris[i]));
      g_menu_append_item (self->recent_section, item);
    }
  if (g_menu_model_get_n_items (G_MENU_MODEL (self->recent_section)) == 0)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("No recent policies"), "win.no-recent");

      g_menu_append_item (self->recent_section, item);
    }
}

/**
 * xn_window_get_recent_menu:
 *
 * Returns: (transfer none): the File → Open Recent section (for tests)
 */
GMenuModel *
xn_window_get_recent_menu (XnWindow *self)
{
  g_return_val_if_fail (XN_IS_WINDOW (self), NULL);
  return G_MENU_MODEL (self->recent_section);
}

static void
set_loading (XnWindow   *self,
             GFile      *file)
{
  if (file != NULL)
    {
      g_autofree char *base = g_file_get_basename (file);
      g_autofree char *text = g_strdup_printf (_("Loading “%s”…"), base);

      gtk_label_set_text (self->loading_label, text);
      gtk_spinner_start (self->loading_spinner);
    }
  else
    gtk_spinner_stop (self->loading_spinner);
  show_main_page (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-load", file != NULL);
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(XnWindow) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(XnDocument) document = xn_document_load_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;                     /* a newer load or the window's end */
  g_clear_object (&self->load_cancellable);
  set_loading (self, NULL);
  if (document == NULL)
    {
      if (self->document == NULL)
        {
          g_autoptr(XnDocument) empty = xn_document_new_from_template ();
          xn_window_set_document (self, empty);
        }
      show_error (self, _("Could not open the policy"), error);
      return;
    }
  xn_window_set_document (self, document);
  remember_recent (self, xn_document_get_file (document));
}

/**
 * xn_window_load_file:
 * @file: the policy to open
 *
 * Opens @file without blocking: the window shows a progress page at once
 * and the document when the worker thread has parsed it. An error is
 * shown in a dialog.
 */
void
xn_window_load_file (XnWindow *self,
                     GFile    *file)
{
  g_return_if_fail (XN_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  /* Opening a policy is an editor task: leave Live mode whole (toolbar,
   * mode button, title), not just its page. */
  if (in_live_mode (self))
    xn_window_set_live_mode (self, FALSE);
  set_loading (self, file);
  xn_document_load_async (file, self->load_cancellable, load_done, g_object_ref (self));
}

gboolean
xn_window_get_loading (XnWindow *self)
{
  g_return_val_if_fail (XN_IS_WINDOW (self), FALSE);
  return self->load_cancellable != NULL;
}

static void
action_cancel_load (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  XnWindow *self = XN_WINDOW (widget);

  if (self->load_cancellable == NULL)
    return;
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  set_loading (self, NULL);
  if (self->document == NULL)
    {
      g_autoptr(XnDocument) empty = xn_document_new_from_template ();
      xn_window_set_document (self, empty);
    }
}

gboolean
xn_window_save_to (XnWindow  *self,
                   GFile     *file,
                   GError   **error)
{
  if (!xn_document_save (self->document, file, error))
    return FALSE;
  remember_recent (self, file);
  return TRUE;
}

/**
 * xn_window_dup_save_warning:
 *
 * Returns: (transfer full) (nullable): a text naming the lint errors, or
 *   %NULL when there are none
 */
char *
xn_window_dup_save_warning (XnWindow *self)
{
  g_autoptr(GListModel) issues = xn_document_lint (self->document);
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = g_list_model_get_n_items (issues), shown = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XnLintIssue) issue = g_list_model_get_item (issues, i);

      if (xn_lint_issue_get_severity (issue) != XN_LINT_SEVERITY_ERROR)
        continue;
      if (shown++ < 5)
        g_string_append_printf (text, "%s %s: %s\n", xn_lint_issue_get_code (issue),
                                xn_lint_issue_get_path (issue), xn_lint_issue_get_message (issue));
    }
  if (shown == 0)
    return NULL;
  if (shown > 5)
    g_string_append_printf (text, _("…and %u more."), shown - 5);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
show_error (XnWindow     *self,
            const char   *what,
            const GError *error)
{
  xn_dialogs_message (GTK_WINDOW (self), GTK_MESSAGE_ERROR, what, error->message);
}

/* File actions */

static void
open_chosen (GtkWindow *parent,
             GFile     *file,
             gpointer   data)
{
  xn_window_load_file (XN_WINDOW (parent), file);
}

static void
save_chosen (GtkWindow *parent,
             GFile     *file,
             gpointer   data)
{
  g_autoptr(GError) error = NULL;

  if (!xn_window_save_to (XN_WINDOW (parent), file, &error))
    show_error (XN_WINDOW (parent), _("Could not save the policy"), error);
}

static void
save_as (XnWindow *self)
{
  g_autofree char *name = g_strdup_printf ("%s.xml", xn_object_get_name (XN_OBJECT (xn_document_get_policy (self->document))));

  xn_dialogs_choose_file (GTK_WINDOW (self), _("Save Policy As"), GTK_FILE_CHOOSER_ACTION_SAVE,
                          name, save_chosen, NULL);
}

static void
save_after_warning (GtkWindow *parent,
                    int        response,
                    gpointer   data)
{
  XnWindow *self = XN_WINDOW (parent);
  g_autoptr(GError) error = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    return;
  if (xn_document_get_file (self->document) == NULL)
    save_as (self);
  else if (!xn_window_save_to (self, xn_document_get_file (self->document), &error))
    show_error (self, _("Could not save the policy"), error);
}

static void
action_save (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  XnWindow *self = XN_WINDOW (widget);
  g_autofree char *warning = xn_window_dup_save_warning (self);

  if (warning != NULL)
    xn_dialogs_confirm (GTK_WINDOW (self), _("The policy has lint errors. Save anyway?"),
                        warning, _("Save _Anyway"), XN_CONFIRM_NONE, save_after_warning, NULL);
  else
    save_after_warning (GTK_WINDOW (self), GTK_RESPONSE_ACCEPT, NULL);
}

static void
action_save_as (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  save_as (XN_WINDOW (widget));
}

typedef struct
{
  XnConfirmCallback then;
  gpointer          data;
} Unsaved;

static void
unsaved_answered (GtkWindow *parent,
                  int        response,
                  gpointer   data)
{
  XnWindow *self = XN_WINDOW (parent);
  g_autofree Unsaved *u = data;

  if (response == XN_RESPONSE_SAVE)
    {
      GFile *file = xn_document_get_file (self->document);
      g_autoptr(GError) error = NULL;

      /* A policy never saved goes through the chooser: the act is asked
       * for again once it is saved. */
      if (file == NULL)
        save_as (self);
      else if (!xn_window_save_to (self, file, &error))
        show_error (self, _("Could not save the policy"), error);
      else
        response = GTK_RESPONSE_ACCEPT;
    }
  u->then (parent, response == GTK_RESPONSE_ACCEPT ? GTK_RESPONSE_ACCEPT : GTK_RESPONSE_CANCEL, u->data);
}

/* New, Open, Open Recent and closing the window drop the document and
 * its undo history: with unsaved changes, each asks this one question
 * (Save, drop the changes, or Cancel). @then runs once, with
 * GTK_RESPONSE_ACCEPT when nothing would be lost any more (at once when
 * nothing was unsaved), else with GTK_RESPONSE_CANCEL, so it can free
 * @data either way. */
static void
confirm_unsaved (XnWindow          *self,
                 const char        *question,
                 const char        *drop_label,
                 XnConfirmCallback  then,
                 gpointer           data)
{
  Unsaved *u;

  if (self->document == NULL || !xn_document_get_modified (self->document))
    {
      then (GTK_WINDOW (self), GTK_RESPONSE_ACCEPT, data);
      return;
    }
  u = g_new0 (Unsaved, 1);
  u->then = then;
  u->data = data;
  xn_dialogs_confirm (GTK_WINDOW (self), question, _("The policy has changes that are not saved."),
                      drop_label, XN_CONFIRM_OFFER_SAVE | XN_CONFIRM_DESTRUCTIVE, unsaved_answered, u);
}

static void
open_confirmed (GtkWindow *parent,
                int        response,
                gpointer   data)
{
  if (response == GTK_RESPONSE_ACCEPT)
    xn_dialogs_choose_file (parent, _("Open Policy"), GTK_FILE_CHOOSER_ACTION_OPEN,
                            NULL, open_chosen, NULL);
}

static void
action_open (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  confirm_unsaved (XN_WINDOW (widget), _("Save changes before opening another policy?"), _("_Discard"),
                   open_confirmed, NULL);
}

static void
open_recent_confirmed (GtkWindow *parent,
                       int        response,
                       gpointer   data)
{
  g_autoptr(GFile) file = data;

  if (response == GTK_RESPONSE_ACCEPT)
    open_chosen (parent, file, NULL);
}

static void
action_open_recent (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  confirm_unsaved (XN_WINDOW (widget), _("Save changes before opening another policy?"), _("_Discard"),
                   open_recent_confirmed, g_file_new_for_uri (g_variant_get_string (param, NULL)));
}

static void
new_confirmed (GtkWindow *parent,
               int        response,
               gpointer   data)
{
  g_autoptr(XnDocument) document = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    return;
  document = xn_document_new_from_template ();
  xn_window_set_document (XN_WINDOW (parent), document);
}

static void
action_new (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  confirm_unsaved (XN_WINDOW (widget), _("Save changes before starting a new policy?"), _("_Discard"),
                   new_confirmed, NULL);
}

static gboolean
close_idle (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
close_confirmed (GtkWindow *parent,
                 int        response,
                 gpointer   data)
{
  XnWindow *self = XN_WINDOW (parent);

  if (response != GTK_RESPONSE_ACCEPT)
    return;
  /* Dropped or saved: closing again must not ask again. Closed from an
   * idle, once the question (transient for this window) has gone: a
   * window destroyed under its dialog's answer left the dialog pointing
   * at it. */
  xn_command_stack_set_unmodified (xn_document_get_stack (self->document));
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_idle, g_object_ref (self), g_object_unref);
}

static gboolean
on_close_request (GtkWindow *window)
{
  XnWindow *self = XN_WINDOW (window);
  GApplication *app = G_APPLICATION (gtk_window_get_application (window));

  if (app != NULL)
    {
      g_autoptr(GSettings) settings = g_settings_new ("org.xenonvmm.Manager");
      int w, h;

      gtk_window_get_default_size (window, &w, &h);
      g_settings_set (settings, "window-size", "(ii)", w, h);
      g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
    }
  if (self->document != NULL && xn_document_get_modified (self->document))
    {
      confirm_unsaved (self, _("Save changes before closing?"), _("Close _without Saving"),
                       close_confirmed, NULL);
      return TRUE;
    }
  return FALSE;
}

static void
action_close (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
export_chosen (GtkWindow *parent,
               GFile     *file,
               gpointer   data)
{
  XnWindow *self = XN_WINDOW (parent);
  g_autoptr(GError) error = NULL;
  g_autoptr(XnPolicy) template = xn_template_export (xn_document_get_policy (self->document), &error);
  g_autofree char *path = g_file_get_path (file);

  if (template == NULL || !xn_policy_save_to_file (template, path, &error))
    show_error (self, _("Could not export the template"), error);
}

static void
action_export_template (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  xn_dialogs_choose_file (GTK_WINDOW (widget), _("Export Template"), GTK_FILE_CHOOSER_ACTION_SAVE,
                          "template.xml", export_chosen, NULL);
}

static void
import_chosen (GtkWindow *parent,
               GFile     *file,
               gpointer   data)
{
  XnWindow *self = XN_WINDOW (parent);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(XnPolicy) template = xn_policy_load_file (path, &error);
  g_autoptr(XnTemplateReport) report = NULL;
  g_autofree char *text = NULL;
  XnCommand *command;
  XnHost *host;

  if (template == NULL)
    {
      show_error (self, _("Could not read the template"), error);
      return;
    }
  /* One undoable edit of this document: all or nothing, and Undo takes
   * the whole import back. */
  host = xn_document_get_host (self->document);
  command = xn_template_import_command_new (xn_document_get_policy (self->document), template,
                                            host ? xn_object_get_name (XN_OBJECT (host)) : NULL,
                                            &report, &error);
  if (command == NULL || !xn_document_push (self->document, command, &error))
    {
      show_error (self, _("Could not import the template"), error);
      return;
    }
  text = xn_template_report_format (report);
  xn_dialogs_message (GTK_WINDOW (self), GTK_MESSAGE_INFO, _("Template imported"), text);
}

static void
action_import_template (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  XnWindow *self = XN_WINDOW (widget);

  xn_dialogs_choose_file (GTK_WINDOW (self), _("Import Template"), GTK_FILE_CHOOSER_ACTION_OPEN,
                          NULL, import_chosen, NULL);
}

typedef struct
{
  GMainLoop *loop;
  char      *subject;
  GError    *error;
} SyncSign;

static void
sign_sync_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  SyncSign *s = data;
  GBytes *bytes = xn_sign_task_finish (result, &s->subject, &s->error);

  /* The file has it; the caller wants the outcome only. */
  if (bytes != NULL)
    g_bytes_unref (bytes);
  g_main_loop_quit (s->loop);
}

/**
 * xn_window_sign_to:
 *
 * Signs the current policy with a PEM key and certificate into @out,
 * on a worker thread, waiting for it (the Sign… dialog and tests).
 */
gboolean
xn_window_sign_to (XnWindow    *self,
                   const char  *key_path,
                   const char  *cert_path,
                   GFile       *out,
                   GError     **error)
{
  SyncSign s = { 0 };
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (XN_IS_WINDOW (self), FALSE);

  bytes = xn_policy_save_to_bytes (xn_document_get_policy (self->document), error);
  if (bytes == NULL)
    return FALSE;
  s.loop = g_main_loop_new (NULL, FALSE);
  xn_sign_task_run_async (bytes, key_path, cert_path, out, NULL, sign_sync_done, &s);
  g_main_loop_run (s.loop);
  g_main_loop_unref (s.loop);
  if (s.error != NULL)
    {
      g_propagate_error (error, s.error);
      return FALSE;
    }
  g_free (s.subject);
  return TRUE;
}

static void
sign_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(XnWindow) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *subject = NULL;
  g_autoptr(GBytes) bytes = xn_sign_task_finish (result, &subject, &error);
  g_autofree char *text = NULL;

  if (bytes == NULL)
    {
      show_error (self, _("Could not sign the policy"), error);
      return;
    }
  /* Passing news: a toast, not a dialog to dismiss. */
  text = g_strdup_printf (_("Policy signed by %s"), subject);
  xn_window_add_toast (self, text);
}

static void
sign_out_chosen (GtkWindow *parent,
                 GFile     *file,
                 gpointer   data)
{
  XnWindow *self = XN_WINDOW (parent);
  g_auto(GStrv) paths = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = xn_policy_save_to_bytes (xn_document_get_policy (self->document), &error);

  if (bytes == NULL)
    {
      show_error (self, _("Could not sign the policy"), error);
      return;
    }
  xn_sign_task_run_async (bytes, paths[0], paths[1], file, NULL, sign_done, g_object_ref (self));
}

static void
sign_cert_chosen (GtkWindow *parent,
                  GFile     *file,
                  gpointer   data)
{
  char **paths = g_new0 (char *, 3);

  paths[0] = data;
  paths[1] = g_file_get_path (file);
  xn_dialogs_choose_file (parent, _("Save Signed Policy As"), GTK_FILE_CHOOSER_ACTION_SAVE,
                          "signed-policy.xml", sign_out_chosen, paths);
}

static void
sign_key_chosen (GtkWindow *parent,
                 GFile     *file,
                 gpointer   data)
{
  xn_dialogs_choose_file (parent, _("Choose the Signer's Certificate (PEM)"),
                          GTK_FILE_CHOOSER_ACTION_OPEN, NULL, sign_cert_chosen,
                          g_file_get_path (file));
}

static void
action_sign (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  xn_dialogs_choose_file (GTK_WINDOW (widget), _("Choose the Signing Key (PEM)"),
                          GTK_FILE_CHOOSER_ACTION_OPEN, NULL, sign_key_chosen, NULL);
}

static void
action_apply_to_hosts (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  XnWindow *self = XN_WINDOW (widget);
  g_autoptr(GListStore) hosts = g_list_store_new (XN_TYPE_REMOTE_HOST);
  GListModel *all = xn_live_view_get_hosts (self->live_view);
  XnRemoteHost *live = xn_live_view_get_host (self->live_view);

  if (all != NULL)
    for (guint i = 0; i < g_list_model_get_n_items (all); i++)
      {
        g_autoptr(XnRemoteHost) h = g_list_model_get_item (all, i);

        g_list_store_append (hosts, h);
      }
  else if (live != NULL)
    g_list_store_append (hosts, live);
  gtk_window_present (GTK_WINDOW (xn_push_dialog_new (GTK_WINDOW (self), self->document, G_LIST_MODEL (hosts))));
}

static void
verify_dir_chosen (GtkWindow *parent,
                   GFile     *dir,
                   gpointer   data)
{
  g_autoptr(GFile) signed_file = data;
  g_autofree char *path = g_file_get_path (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(XnTrust) trust = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(XnVerified) verified = NULL;
  g_autofree char *text = NULL;

  if (!xn_sign_init (&error)
      || (trust = xn_trust_new_from_dir (path, &error)) == NULL
      || (bytes = g_file_load_bytes (signed_file, NULL, NULL, &error)) == NULL
      || (verified = xn_trust_verify_bytes (trust, bytes, &error)) == NULL)
    {
      show_error (XN_WINDOW (parent), _("The signature does not verify"), error);
      return;
    }
  text = g_strdup_printf (_("The signature is valid: signed by %s, issued by %s"),
                          xn_verified_get_subject (verified), xn_verified_get_issuer (verified));
  xn_window_add_toast (XN_WINDOW (parent), text);
}

static void
verify_file_chosen (GtkWindow *parent,
                    GFile     *file,
                    gpointer   data)
{
  xn_dialogs_choose_file (parent, _("Choose the Trust Directory"),
                          GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, NULL, verify_dir_chosen,
                          g_object_ref (file));
}

static void
action_verify (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  xn_dialogs_choose_file (GTK_WINDOW (widget), _("Choose a Signed Policy"),
                          GTK_FILE_CHOOSER_ACTION_OPEN, NULL, verify_file_chosen, NULL);
}

/* Edit actions */

static void
push_or_warn (XnWindow  *self,
              XnCommand *command)
{
  g_autoptr(GError) error = NULL;

  if (!xn_document_push (self->document, command, &error))
    show_error (self, _("The change could not be made"), error);
}

static void
action_undo (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  XnWindow *self = XN_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (xn_command_stack_get_can_undo (xn_document_get_stack (self->document))
      && !xn_document_undo (self->document, &error))
    show_error (self, _("Could not undo"), error);
}

static void
action_redo (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  XnWindow *self = XN_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (xn_command_stack_get_can_redo (xn_document_get_stack (self->document))
      && !xn_document_redo (self->document, &error))
    show_error (self, _("Could not redo"), error);
}

static void
insert_and_select (XnWindow     *self,
                   XnObjectList *list,
                   XnObject     *object)
{
  push_or_warn (self, xn_insert_command_new (list, xn_object_list_get_n_items (list), object));
  xn_window_select_object (self, object);
}

static void
action_add_tag (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  XnWindow *self = XN_WINDOW (widget);
  XnPolicy *policy = xn_document_get_policy (self->document);
  XnObjectList *tags = xn_policy_get_tags (policy);
  g_autofree char *name = xn_ui_unique_name (_("tag"), FALSE, xn_ui_list_has_name, tags);
  g_autoptr(XnTag) tag = xn_ui_tag_new (policy, name);

  insert_and_select (self, tags, XN_OBJECT (tag));
}

static void
action_add_conflict (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  XnWindow *self = XN_WINDOW (widget);
  XnObjectList *list = xn_policy_get_conflicts (xn_document_get_policy (self->document));
  g_autoptr(XnConflict) conflict = xn_conflict_new ();
  g_autofree char *name = xn_ui_unique_name (_("conflict"), FALSE, xn_ui_list_has_name, list);
  guint id = 1;

  for (guint i = 0; i < xn_object_list_get_n_items (list); i++)
    id = MAX (id, xn_conflict_get_id (xn_object_list_get (list, i)) + 1);
  xn_object_set_name (XN_OBJECT (conflict), name);
  xn_conflict_set_id (conflict, id);
  insert_and_select (self, list, XN_OBJECT (conflict));
}

static void
action_add_sec_label (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  XnWindow *self = XN_WINDOW (widget);
  XnObjectList *list = xn_policy_get_sec_labels (xn_document_get_policy (self->document));
  g_autoptr(XnSecLabel) label = xn_sec_label_new ();
  g_autofree char *name = xn_ui_unique_name (_("label"), FALSE, xn_ui_list_has_name, list);

  xn_object_set_name (XN_OBJECT (label), name);
  insert_and_select (self, list, XN_OBJECT (label));
}

static XnHost *
current_host (XnWindow *self)
{
  XnHost *host = xn_document_get_host (self->document);

  if (host == NULL)
    xn_dialogs_message (GTK_WINDOW (self), GTK_MESSAGE_ERROR, _("The policy has no host"),
                        _("Add a host to the policy first."));
  return host;
}

static void
object_added (GtkWidget *dialog,
              XnObject  *object,
              XnWindow  *self)
{
  xn_window_select_object (self, object);
}

static void
present_add_dialog (XnWindow    *self,
                    XnAddDialog *dialog)
{
  g_signal_connect_object (dialog, "created", G_CALLBACK (object_added), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
action_add_root_domain (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  XnWindow *self = XN_WINDOW (widget);

  if (current_host (self) != NULL)
    present_add_dialog (self, xn_add_dialog_new_root_domain (GTK_WINDOW (self), self->document));
}

static void
action_add_enclave (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  XnWindow *self = XN_WINDOW (widget);

  if (current_host (self) != NULL)
    present_add_dialog (self, xn_add_dialog_new_enclave (GTK_WINDOW (self), self->document));
}

/* (nullable): the enclave being edited, or the one of the domain being
 * edited: where a new domain goes first. */
static XnEnclave *
selected_enclave (XnWindow *self)
{
  XnObject *selected = xn_editor_get_object (self->editor);

  return XN_IS_ENCLAVE (selected) ? XN_ENCLAVE (selected)
         : XN_IS_DOMAIN (selected) ? xn_domain_get_enclave (XN_DOMAIN (selected)) : NULL;
}

static void
action_add_domain (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  XnWindow *self = XN_WINDOW (widget);

  if (current_host (self) != NULL)
    present_add_dialog (self, xn_add_dialog_new_domain (GTK_WINDOW (self), self->document,
                                                        selected_enclave (self)));
}

static void
action_add_switch (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  XnWindow *self = XN_WINDOW (widget);

  if (current_host (self) != NULL)
    present_add_dialog (self, xn_add_dialog_new_switch (GTK_WINDOW (self), self->document));
}

static void
action_add_vif (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  XnWindow *self = XN_WINDOW (widget);
  XnObject *selected = xn_editor_get_object (self->editor);
  XnHost *host = current_host (self);
  g_autoptr(XnVif) vif = NULL;
  g_autofree char *mac = NULL;
  XnObjectList *switches;

  if (host == NULL)
    return;
  if (!XN_IS_DOMAIN (selected))
    {
      xn_dialogs_message (GTK_WINDOW (self), GTK_MESSAGE_INFO, _("Select a domain first"),
                          _("A VIF belongs to a domain: select the domain in the policy tree, then add the VIF."));
      return;
    }
  switches = xn_host_get_net_switches (host);
  vif = xn_vif_new ();
  /* Xen's OUI with random low bytes; the lint flags the rare duplicate. */
  mac = g_strdup_printf ("00:16:3e:%02x:%02x:%02x", g_random_int_range (0, 128),
                         g_random_int_range (0, 256), g_random_int_range (0, 256));
  xn_vif_set_mac (vif, mac);
  xn_vif_set_enabled (vif, TRUE);
  if (xn_object_list_get_n_items (switches) > 0)
    xn_vif_set_net_switch_uuid (vif, xn_object_get_uuid (xn_object_list_get (switches, 0)));
  push_or_warn (self, xn_insert_command_new (xn_domain_get_vifs (XN_DOMAIN (selected)),
                                             xn_object_list_get_n_items (xn_domain_get_vifs (XN_DOMAIN (selected))),
                                             XN_OBJECT (vif)));
  xn_editor_set_object (self->editor, selected);
}

/* Create Service VM…: the wizard, for the selected enclave (or the
 * enclave of the selected domain). */
static void
action_add_service_vms (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  XnWindow *self = XN_WINDOW (widget);
  XnHost *host = current_host (self);
  gboolean storage = g_strcmp0 (g_variant_get_string (param, NULL), "storage") == 0;
  XnServiceVmDialog *dialog;

  if (host == NULL)
    return;
  if (xn_object_list_get_n_items (xn_host_get_enclaves (host)) == 0)
    {
      xn_dialogs_message (GTK_WINDOW (self), GTK_MESSAGE_INFO, _("Add an enclave first"),
                          _("Service domains live in an enclave."));
      return;
    }
  dialog = xn_service_vm_dialog_new (GTK_WINDOW (self), self->document, selected_enclave (self),
                                     storage ? XN_SERVICE_VM_STORAGE : XN_SERVICE_VM_NETWORK);
  g_signal_connect_object (dialog, "created", G_CALLBACK (object_added), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
hardware_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(XnWindow) self = data;
  g_autoptr(GVariant) devices = NULL;
  g_autoptr(GError) error = NULL;
  XnHost *host = self->document ? xn_document_get_host (self->document) : NULL;
  g_autofree char *done = NULL, *detail = NULL;
  XnCommand *command;
  guint added = 0, known = 0;

  devices = xn_host_model_read_hardware_finish (XN_HOST_MODEL (source), result, &error);
  if (devices == NULL)
    {
      show_error (self, _("The host's hardware could not be read"), error);
      return;
    }
  if (host == NULL)
    return;                     /* the document went while the host answered */
  command = xn_host_import_hardware (host, devices, &added, &known, &error);
  if (command == NULL)
    {
      show_error (self, _("The host's hardware list was refused; nothing was imported"), error);
      return;
    }
  if (added == 0)
    {
      g_object_unref (command);
      detail = g_strdup_printf (ngettext ("The host reports %u device; the policy has it already.",
                                          "The host reports %u devices; the policy has them all already.", known),
                                known);
      xn_dialogs_message (GTK_WINDOW (self), GTK_MESSAGE_INFO, _("No new hardware"), detail);
      return;
    }
  push_or_warn (self, command);
  done = g_strdup_printf (ngettext ("%u device imported", "%u devices imported", added), added);
  detail = g_strdup_printf (ngettext ("%u device was in the policy already and was left as it is. "
                                      "Drag the new ones onto an enclave or a domain to assign them.",
                                      "%u devices were in the policy already and were left as they are. "
                                      "Drag the new ones onto an enclave or a domain to assign them.", known),
                            known);
  xn_dialogs_message (GTK_WINDOW (self), GTK_MESSAGE_INFO, done, detail);
}

/* Import Hardware from Host: the PCI devices of the host chosen in Live
 * mode, added to the document's host by PCI address (one undo step). */
static void
action_import_hardware (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  XnWindow *self = XN_WINDOW (widget);
  XnRemoteHost *remote = xn_live_view_get_host (self->live_view);

  if (current_host (self) == NULL)
    return;
  if (remote == NULL || xn_remote_host_get_state (remote) != XN_REMOTE_HOST_CONNECTED)
    {
      xn_dialogs_message (GTK_WINDOW (self), GTK_MESSAGE_INFO, _("No host is connected"),
                          _("Choose the host in Live mode's Hosts tree and connect to it; "
                            "then import its hardware."));
      return;
    }
  xn_host_model_read_hardware_async (xn_remote_host_get_model (remote), NULL, hardware_read_cb, g_object_ref (self));
}

/* Who refers to @object: a sentence for the delete confirmation. */
static char *
dup_referrers (XnPolicy *policy,
               XnObject *object)
{
  const char *uuid = xn_object_get_uuid (object);
  g_autoptr(GString) s = g_string_new (NULL);
  XnObjectList *labels = xn_policy_get_sec_labels (policy);
  XnObjectList *conflicts = xn_policy_get_conflicts (policy);
  XnObjectList *hosts = xn_policy_get_hosts (policy);

  for (guint i = 0; i < xn_object_list_get_n_items (labels); i++)
    {
      XnSecLabel *l = xn_object_list_get (labels, i);
      if (g_strcmp0 (xn_sec_label_get_tag_uuid (l), uuid) == 0
          || g_strcmp0 (xn_sec_label_get_profile_uuid (l), uuid) == 0)
        g_string_append_printf (s, _("secLabel %s\n"), xn_object_get_name (XN_OBJECT (l)));
    }
  for (guint i = 0; i < xn_object_list_get_n_items (conflicts); i++)
    if (xn_conflict_has_tag (xn_object_list_get (conflicts, i), uuid))
      g_string_append_printf (s, _("conflict %s\n"), xn_object_get_name (xn_object_list_get (conflicts, i)));
  for (guint h = 0; h < xn_object_list_get_n_items (hosts); h++)
    {
      XnHost *host = xn_object_list_get (hosts, h);
      g_autoptr(GPtrArray) domains = xn_host_dup_domains (host);
      XnObjectList *enclaves = xn_host_get_enclaves (host);
      XnObjectList *switches = xn_host_get_net_switches (host);

      for (guint i = 0; i < xn_object_list_get_n_items (enclaves); i++)
        if (g_strcmp0 (xn_enclave_get_tag_uuid (xn_object_list_get (enclaves, i)), uuid) == 0)
          g_string_append_printf (s, _("enclave %s\n"), xn_object_get_name (xn_object_list_get (enclaves, i)));
      for (guint i = 0; i < domains->len; i++)
        if (g_strcmp0 (xn_domain_get_sec_label_uuid (g_ptr_array_index (domains, i)), uuid) == 0)
          g_string_append_printf (s, _("domain %s\n"), xn_object_get_name (g_ptr_array_index (domains, i)));
      for (guint i = 0; i < xn_object_list_get_n_items (switches); i++)
        if (g_strcmp0 (xn_net_switch_get_driver_domain_uuid (xn_object_list_get (switches, i)), uuid) == 0)
          g_string_append_printf (s, _("switch %s\n"), xn_object_get_name (xn_object_list_get (switches, i)));
    }
  return s->len > 0 ? g_string_free (g_steal_pointer (&s), FALSE) : NULL;
}

typedef struct { XnObjectList *found; XnObject *object; } FindList;

static void
find_list_cb (XnObjectList *list,
              gpointer      data)
{
  FindList *f = data;
  guint pos;

  if (f->found == NULL && xn_object_list_find (list, f->object, &pos))
    f->found = list;
}

static void
delete_confirmed (GtkWindow *parent,
                  int        response,
                  gpointer   data)
{
  XnWindow *self = XN_WINDOW (parent);
  g_autoptr(XnObject) object = data;
  FindList f = { NULL, object };
  guint pos;

  if (response != GTK_RESPONSE_ACCEPT)
    return;
  xn_object_foreach_list (xn_object_get_parent (object), find_list_cb, &f);
  if (f.found == NULL || !xn_object_list_find (f.found, object, &pos))
    return;
  xn_editor_set_object (self->editor, NULL);
  push_or_warn (self, xn_remove_command_new (f.found, pos));
}

static void
action_delete (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  XnWindow *self = XN_WINDOW (widget);
  XnObject *object = xn_editor_get_object (self->editor);
  g_autofree char *refs = NULL;
  g_autofree char *primary = NULL;

  if (object == NULL || xn_object_get_parent (object) == NULL)
    return;
  refs = dup_referrers (xn_document_get_policy (self->document), object);
  if (refs == NULL)
    {
      delete_confirmed (GTK_WINDOW (self), GTK_RESPONSE_ACCEPT, g_object_ref (object));
      return;
    }
  primary = g_strdup_printf (_("Delete %s? Others refer to it."), xn_object_get_name (object));
  xn_dialogs_confirm (GTK_WINDOW (self), primary, refs, _("_Delete"), XN_CONFIRM_DESTRUCTIVE,
                      delete_confirmed, g_object_ref (object));
}

/* View actions */

void
xn_window_show_view (XnWindow   *self,
                     const char *name)
{
  g_return_if_fail (XN_IS_WINDOW (self));
  adw_view_stack_set_visible_child_name (self->views, name);
}

static void
action_view (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  xn_window_show_view (XN_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
action_toggle_live (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  XnWindow *self = XN_WINDOW (widget);

  xn_window_set_live_mode (self, !in_live_mode (self));
}

/**
 * xn_window_set_live_mode:
 * @live: %TRUE for Live mode, %FALSE for the Policy Editor
 */
void
xn_window_set_live_mode (XnWindow *self,
                         gboolean  live)
{
  g_return_if_fail (XN_IS_WINDOW (self));

  if (live)
    xn_live_view_set_editor_document (self->live_view, self->document);
  self->live = live;
  show_main_page (self);
  /* The header bar follows the mode: the editor's buttons and views in
   * Policy Editor mode, the host's title in Live mode (its tabs are in
   * the page). */
  gtk_widget_set_visible (self->editor_buttons, !live);
  gtk_widget_set_visible (self->save_button, !live);
  gtk_stack_set_visible_child_name (self->title_stack, live ? "live" : "editor");
  gtk_toggle_button_set_active (self->live_button, live);
  gtk_button_set_label (GTK_BUTTON (self->live_button),
                        live ? _("Policy Editor mode (click to switch)") : _("Live mode (click to switch)"));
  update_title (self);
}

/**
 * xn_window_set_live_host:
 * @host: (nullable): the host Live mode shows
 */
void
xn_window_set_live_host (XnWindow     *self,
                         XnRemoteHost *host)
{
  g_return_if_fail (XN_IS_WINDOW (self));

  xn_live_view_set_host (self->live_view, host);
}

/* (transfer none) */
XnLiveView *
xn_window_get_live_view (XnWindow *self)
{
  g_return_val_if_fail (XN_IS_WINDOW (self), NULL);

  return self->live_view;
}

static void
action_show_lint (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  XnWindow *self = XN_WINDOW (widget);
  GtkWidget *lint = GTK_WIDGET (self->lint);

  gtk_widget_set_visible (lint, !gtk_widget_get_visible (lint));
}

static const struct
{
  guint            keyval;
  GdkModifierType  mods;
  const char      *action;
  const char      *target;    /* a string parameter, or NULL */
  gboolean         first;     /* before the focused widget's own keys */
} win_keys[] = {
  { GDK_KEY_n, GDK_CONTROL_MASK, "win.new" },
  { GDK_KEY_o, GDK_CONTROL_MASK, "win.open" },
  { GDK_KEY_s, GDK_CONTROL_MASK, "win.save" },
  { GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.save-as" },
  { GDK_KEY_w, GDK_CONTROL_MASK, "win.close" },
  { GDK_KEY_e, GDK_CONTROL_MASK, "win.export-template" },
  { GDK_KEY_i, GDK_CONTROL_MASK, "win.import-template" },
  { GDK_KEY_g, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.sign" },
  { GDK_KEY_h, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.apply-to-hosts" },
  { GDK_KEY_y, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.verify" },
  /* A text field binds these too, for its own text history; but each
   * keystroke there is already an edit of the document, whose history
   * is the one to walk. */
  { GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL, TRUE },
  { GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL, TRUE },
  { GDK_KEY_y, GDK_CONTROL_MASK, "win.redo", NULL, TRUE },
  { GDK_KEY_t, GDK_CONTROL_MASK, "win.add-tag" },
  { GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.add-conflict" },
  { GDK_KEY_l, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.add-sec-label" },
  { GDK_KEY_r, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.add-root-domain" },
  { GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.add-enclave" },
  { GDK_KEY_d, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.add-domain" },
  { GDK_KEY_b, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.add-switch" },
  { GDK_KEY_v, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.add-vif" },
  { GDK_KEY_w, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.import-hardware" },
  { GDK_KEY_1, GDK_ALT_MASK, "win.view", "editor" },
  { GDK_KEY_2, GDK_ALT_MASK, "win.view", "domains" },
  { GDK_KEY_3, GDK_ALT_MASK, "win.view", "matrix" },
  { GDK_KEY_F8, 0, "win.show-lint" },
  { GDK_KEY_l, GDK_CONTROL_MASK, "win.toggle-live" },
};

static void
xn_window_dispose (GObject *object)
{
  XnWindow *self = XN_WINDOW (object);

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), XN_TYPE_WINDOW);
  g_clear_object (&self->stack_signals);
  g_clear_object (&self->document);
  G_OBJECT_CLASS (xn_window_parent_class)->dispose (object);
}

static void
xn_window_class_init (XnWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = xn_window_dispose;
  window_class->close_request = on_close_request;

  g_type_ensure (XN_TYPE_POLICY_TREE);
  g_type_ensure (XN_TYPE_EDITOR);
  g_type_ensure (XN_TYPE_HARDWARE_VIEW);
  g_type_ensure (XN_TYPE_MATRIX_VIEW);
  g_type_ensure (XN_TYPE_LINT_PANEL);
  g_type_ensure (XN_TYPE_LIVE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/xenonvmm/Manager/ui/xn-window.ui");
  gtk_widget_class_bind_template_child (widget_class, XnWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, XnWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, XnWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, XnWindow, loading_label);
  gtk_widget_class_bind_template_child (widget_class, XnWindow, views);
  gtk_widget_class_bind_template_child (widget_class, XnWindow, vpaned);
  gtk_widget_class_bind_template_child (widget_class, XnWindow, tree);
  gtk_widget_class_bind_template_child (widget_class, XnWindow, editor);
  gtk_widget_class_bind_template_child (widget_class, XnWindow, hardware);
  gtk_widget_class_bind_template_child (widget_class, XnWindow, matrix);
  gtk_widget_class_bind_template_child (widget_class, XnWindow, lint);
  gtk_widget_class_bind_template_child (widget_class, XnWindow, live_button);
  gtk_widget_class_bind_template_child (widget_class, XnWindow, editor_buttons);
  gtk_widget_class_bind_template_child (widget_class, XnWindow, save_button);
  gtk_widget_class_bind_template_child (widget_class, XnWindow, title_stack);
  gtk_widget_class_bind_template_child (widget_class, XnWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, XnWindow, primary_button);
  gtk_widget_class_bind_template_child (widget_class, XnWindow, live_view);
  gtk_widget_class_bind_template_child (widget_class, XnWindow, recent_section);

  /* The window's commands are actions of the window itself (still named
   * "win.*", as the menus, buttons and the tree's Delete key call them),
   * and the window enables them from its own state. Their keys are
   * bound here, once; the help overlay and the menus' accel attributes
   * show the same keys (test-manager checks that they agree). */
  gtk_widget_class_install_action (widget_class, "win.new", NULL, action_new);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, action_open);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", action_open_recent);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, action_save);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, action_save_as);
  gtk_widget_class_install_action (widget_class, "win.close", NULL, action_close);
  gtk_widget_class_install_action (widget_class, "win.export-template", NULL, action_export_template);
  gtk_widget_class_install_action (widget_class, "win.import-template", NULL, action_import_template);
  gtk_widget_class_install_action (widget_class, "win.sign", NULL, action_sign);
  gtk_widget_class_install_action (widget_class, "win.apply-to-hosts", NULL, action_apply_to_hosts);
  gtk_widget_class_install_action (widget_class, "win.verify", NULL, action_verify);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, action_undo);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, action_redo);
  gtk_widget_class_install_action (widget_class, "win.add-tag", NULL, action_add_tag);
  gtk_widget_class_install_action (widget_class, "win.add-conflict", NULL, action_add_conflict);
  gtk_widget_class_install_action (widget_class, "win.add-sec-label", NULL, action_add_sec_label);
  gtk_widget_class_install_action (widget_class, "win.add-root-domain", NULL, action_add_root_domain);
  gtk_widget_class_install_action (widget_class, "win.add-enclave", NULL, action_add_enclave);
  gtk_widget_class_install_action (widget_class, "win.add-domain", NULL, action_add_domain);
  gtk_widget_class_install_action (widget_class, "win.add-switch", NULL, action_add_switch);
  gtk_widget_class_install_action (widget_class, "win.add-vif", NULL, action_add_vif);
  gtk_widget_class_install_action (widget_class, "win.add-service-vms", "s", action_add_service_vms);
  gtk_widget_class_install_action (widget_class, "win.import-hardware", NULL, action_import_hardware);
  gtk_widget_class_install_action (widget_class, "win.delete", NULL, action_delete);
  gtk_widget_class_install_action (widget_class, "win.view", "s", action_view);
  gtk_widget_class_install_action (widget_class, "win.toggle-live", NULL, action_toggle_live);
  gtk_widget_class_install_action (widget_class, "win.show-lint", NULL, action_show_lint);
  gtk_widget_class_install_action (widget_class, "win.cancel-load", NULL, action_cancel_load);
  /* Never enabled: it greys out the "No recent policies" line. */
  gtk_widget_class_install_action (widget_class, "win.no-recent", NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (win_keys); i++)
    if (!win_keys[i].first)       /* those: see xn_window_init() */
      gtk_widget_class_add_binding_action (widget_class, win_keys[i].keyval, win_keys[i].mods,
                                           win_keys[i].action,
                                           win_keys[i].target != NULL ? "s" : NULL, win_keys[i].target);
}

static void
xn_window_init (XnWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->live_view, "notify::title", G_CALLBACK (update_title), self);
  show_main_page (self);

  /* The stylesheet and icons (the application has given them already;
   * the tests and the benchmarks make windows without one). */
  xn_ui_init_display (gtk_widget_get_display (GTK_WIDGET (self)));
  gtk_window_set_icon_name (GTK_WINDOW (self), "org.xenonvmm.Manager");
  {
    /* The class's key bindings run after the focused widget's; these
     * keys run before, in the capture phase. */
    GtkEventController *first = gtk_shortcut_controller_new ();

    gtk_event_controller_set_propagation_phase (first, GTK_PHASE_CAPTURE);
    for (guint i = 0; i < G_N_ELEMENTS (win_keys); i++)
      if (win_keys[i].first)
        gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (first),
                                              gtk_shortcut_new (gtk_keyval_trigger_new (win_keys[i].keyval,
                                                                                        win_keys[i].mods),
                                                                gtk_named_action_new (win_keys[i].action)));
    gtk_widget_add_controller (GTK_WIDGET (self), first);
  }
  update_undo (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-load", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.no-recent", FALSE);
  {
    GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
    g_autoptr(GSettingsSchema) schema = NULL;

    if (source != NULL)
      schema = g_settings_schema_source_lookup (source, "org.xenonvmm.Manager", TRUE);
    if (schema != NULL)
      {
        self->settings = g_settings_new_full (schema, NULL, NULL);
        g_signal_connect_object (self->settings, "changed::recent-files",
                                 G_CALLBACK (update_recent_menu), self, G_CONNECT_SWAPPED);
      }
  }
  update_recent_menu (self);
  xn_ui_name_for_assistive_technology (GTK_WIDGET (self));
  self->stack_signals = g_signal_group_new (XN_TYPE_COMMAND_STACK);
  g_signal_group_connect_swapped (self->stack_signals, "notify::can-undo", G_CALLBACK (update_undo), self);
  g_signal_group_connect_swapped (self->stack_signals, "notify::can-redo", G_CALLBACK (update_undo), self);
  g_signal_connect_object (self->tree, "object-selected", G_CALLBACK (on_object_selected), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->lint, "jump-to", G_CALLBACK (on_jump_to), self, G_CONNECT_SWAPPED);
}

XnWindow *
xn_window_new (GtkApplication *application)
{
  return g_object_new (XN_TYPE_WINDOW, "application", application, NULL);
}

XnPolicyTree   *xn_window_get_tree     (XnWindow *self) { return self->tree; }
XnEditor       *xn_window_get_editor   (XnWindow *self) { return self->editor; }
XnHardwareView *xn_window_get_hardware (XnWindow *self) { return self->hardware; }
XnLintPanel    *xn_window_get_lint     (XnWindow *self) { return self->lint; }
XnMatrixView   *xn_window_get_matrix   (XnWindow *self) { return self->matrix; }
GtkMenuButton  *xn_window_get_primary_menu (XnWindow *self) { return self->primary_button; }
