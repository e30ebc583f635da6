/* xn-dialogs.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Every dialog of the app, in one file: GTK 4.10 replaces these classes
 * (GtkFileDialog, GtkAlertDialog), and a move then touches only this. */

#define G_LOG_DOMAIN "xn-dialogs"

#include "config.h"

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

static void
message_response (GtkDialog *dialog,
                  int        response,
                  gpointer   unused)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
}

void
xn_dialogs_message (GtkWindow      *parent,
                    GtkMessageType  type,
                    const char     *primary,
                    const char     *secondary)
{
  GtkWidget *dialog;

  dialog = gtk_message_dialog_new (parent, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   type, GTK_BUTTONS_CLOSE, "%s", primary);
  if (secondary != NULL)
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", secondary);
  g_signal_connect (dialog, "response", G_CALLBACK (message_response), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
confirm_response (GtkDialog *dialog,
                  int        response,
                  Pending   *p)
{
  p->confirm_cb (p->parent, response, p->data);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_clear_object (&p->parent);
  g_free (p);
}

/**
 * xn_dialogs_confirm:
 *
 * Asks before a destructive step. @callback gets GTK_RESPONSE_ACCEPT,
 * XN_RESPONSE_SAVE (when @offer_save) or a cancel response.
 */
void
xn_dialogs_confirm (GtkWindow         *parent,
                    const char        *primary,
                    const char        *secondary,
                    const char        *accept_label,
                    gboolean           offer_save,
                    XnConfirmCallback  callback,
                    gpointer           data)
{
  GtkWidget *dialog;
  Pending *p = g_new0 (Pending, 1);

  dialog = gtk_message_dialog_new (parent, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE, "%s", primary);
  if (secondary != NULL)
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", secondary);
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
  gtk_dialog_add_button (GTK_DIALOG (dialog), accept_label, GTK_RESPONSE_ACCEPT);
  if (offer_save)
    gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Save"), XN_RESPONSE_SAVE);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  p->parent = parent ? g_object_ref (parent) : NULL;
  p->confirm_cb = callback;
  p->data = data;
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_response), p);
  gtk_window_present (GTK_WINDOW (dialog));
}
