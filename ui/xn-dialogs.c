/* xn-dialogs.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Every dialog of the app, in one file: GTK 4.10 replaces the file
 * chooser (GtkFileDialog), libadwaita 1.5 AdwMessageDialog
 * (AdwAlertDialog), and a move then touches only this. */

#define G_LOG_DOMAIN "xn-dialogs"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "xn-dialogs.h"

typedef struct
{
  GtkWindow        *parent;
  XnFileCallback    file_cb;
  XnConfirmCallback confirm_cb;
  gpointer          data;
} Pending;

static void
file_response (GtkNativeDialog *native,
               int              response,
               Pending         *p)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  if (file != NULL)
    p->file_cb (p->parent, file, p->data);
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  g_clear_object (&p->parent);
  g_free (p);
}

/* The chooser on screen, for tests that answer it (weak pointer). */
static GtkNativeDialog *current_chooser;

/**
 * xn_dialogs_get_file_chooser:
 *
 * Returns: (transfer none) (nullable): the file chooser shown last, while
 *   it exists; tests answer it by emitting its "response" signal
 */
GtkNativeDialog *
xn_dialogs_get_file_chooser (void)
{
  return current_chooser;
}

void
xn_dialogs_choose_file (GtkWindow            *parent,
                        const char           *title,
                        GtkFileChooserAction  action,
                        const char           *suggested_name,
                        XnFileCallback        callback,
                        gpointer              data)
{
  GtkFileChooserNative *native;
  Pending *p = g_new0 (Pending, 1);

  native = gtk_file_chooser_native_new (title, parent, action, NULL, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  if (action == GTK_FILE_CHOOSER_ACTION_SAVE && suggested_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), suggested_name);
  if (action != GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER)
    {
      GtkFileFilter *filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, _("Xenon policies (*.xml)"));
      gtk_file_filter_add_pattern (filter, "*.xml");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
      g_object_unref (filter);
      filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, _("All files"));
      gtk_file_filter_add_pattern (filter, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
      g_object_unref (filter);
    }
  p->parent = parent ? g_object_ref (parent) : NULL;
  p->file_cb = callback;
  p->data = data;
  g_signal_connect (native, "response", G_CALLBACK (file_response), p);
  if (current_chooser != NULL)
    g_object_remove_weak_pointer (G_OBJECT (current_chooser), (gpointer *)&current_chooser);
  current_chooser = GTK_NATIVE_DIALOG (native);
  g_object_add_weak_pointer (G_OBJECT (native), (gpointer *)&current_chooser);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* AdwMessageDialog names its answers; callers keep GTK's numbers. */
static int
response_number (const char *response)
{
  if (g_strcmp0 (response, "accept") == 0)
    return GTK_RESPONSE_ACCEPT;
  if (g_strcmp0 (response, "save") == 0)
    return XN_RESPONSE_SAVE;
  return GTK_RESPONSE_CANCEL;
}

/**
 * xn_dialogs_message:
 *
 * Tells something the user has to read (a failure with its reason, a
 * report): an AdwMessageDialog with one Close button, which Enter and
 * Escape both answer. Passing news goes to a toast (xn_ui_toast).
 */
void
xn_dialogs_message (GtkWindow      *parent,
                    GtkMessageType  type,
                    const char     *primary,
                    const char     *secondary)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, primary, secondary);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
confirm_response (AdwMessageDialog *dialog,
                  const char       *response,
                  Pending          *p)
{
  /* Once: closing after an answer must not answer again. */
  g_signal_handlers_disconnect_by_func (dialog, confirm_response, p);
  p->confirm_cb (p->parent, response_number (response), p->data);
  g_clear_object (&p->parent);
  g_free (p);
}

/**
 * xn_dialogs_confirm:
 * @flags: %XN_CONFIRM_OFFER_SAVE adds Save; %XN_CONFIRM_DESTRUCTIVE marks
 *   the accept button as one that loses something
 *
 * Asks before a step that cannot be taken back. @callback gets
 * GTK_RESPONSE_ACCEPT, XN_RESPONSE_SAVE (with %XN_CONFIRM_OFFER_SAVE) or
 * GTK_RESPONSE_CANCEL (Cancel, Escape, the window closed). Enter answers
 * Cancel: the safe choice is the default.
 */
void
xn_dialogs_confirm (GtkWindow         *parent,
                    const char        *primary,
                    const char        *secondary,
                    const char        *accept_label,
                    XnConfirmFlags     flags,
                    XnConfirmCallback  callback,
                    gpointer           data)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, primary, secondary));
  Pending *p = g_new0 (Pending, 1);

  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  adw_message_dialog_add_response (dialog, "accept", accept_label);
  if (flags & XN_CONFIRM_DESTRUCTIVE)
    adw_message_dialog_set_response_appearance (dialog, "accept", ADW_RESPONSE_DESTRUCTIVE);
  if (flags & XN_CONFIRM_OFFER_SAVE)
    {
      adw_message_dialog_add_response (dialog, "save", _("_Save"));
      adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
    }
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  p->parent = parent ? g_object_ref (parent) : NULL;
  p->confirm_cb = callback;
  p->data = data;
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_response), p);
  gtk_window_present (GTK_WINDOW (dialog));
}
