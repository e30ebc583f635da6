/* xn-gtk-test.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Helpers for the suites that drive real GTK widgets. */

#pragma once

#include <adwaita.h>
#include <gtk/gtk.h>

/* Runs what @widget's own shortcuts (its class's key bindings and its
 * shortcut controllers) do for @keyval without modifiers, as a key press
 * reaching @widget would: GTK 4 has no public way to send a key event.
 * FALSE if nothing is bound. */
static inline gboolean
press_bound_key (GtkWidget *widget,
                 guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (c))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (c)); j++)
        {
          g_autoptr(GtkShortcut) sc = g_list_model_get_item (G_LIST_MODEL (c), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (sc);

          if (GTK_IS_KEYVAL_TRIGGER (trigger)
              && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval
              && gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0)
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (sc), 0, widget,
                                                 gtk_shortcut_get_arguments (sc));
        }
    }
  return FALSE;
}

/* The message dialog on screen (AdwMessageDialog), or NULL. */
static inline GtkWidget *
find_message_dialog (void)
{
  GListModel *tops = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (tops); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (tops, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return GTK_WIDGET (w);
    }
  return NULL;
}

/* Answers @dialog as its button @response would ("cancel", "accept",
 * "save", "close"), and closes it as the click does. */
static inline void
answer_dialog (GtkWidget  *dialog,
               const char *response)
{
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}
