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

/* Calls @func on each shortcut with a key trigger of @widget's shortcut
 * controllers (its class's key bindings among them) that run in @phase,
 * or in any phase for GTK_PHASE_NONE, until @func returns TRUE. */
typedef gboolean (*XnKeyShortcutFunc) (GtkWidget   *widget,
                                       GtkShortcut *shortcut,
                                       guint        keyval,
                                       GdkModifierType mods,
                                       gpointer     data);

static inline gboolean
foreach_key_shortcut (GtkWidget           *widget,
                      GtkPropagationPhase  phase,
                      XnKeyShortcutFunc    func,
                      gpointer             data)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (c)
          || (phase != GTK_PHASE_NONE
              && gtk_event_controller_get_propagation_phase (GTK_EVENT_CONTROLLER (c)) != phase))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (c)); j++)
        {
          g_autoptr(GtkShortcut) sc = g_list_model_get_item (G_LIST_MODEL (c), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (sc);

          if (GTK_IS_KEYVAL_TRIGGER (trigger)
              && func (widget, sc, gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)),
                       gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)), data))
            return TRUE;
        }
    }
  return FALSE;
}

/* An XnKeyShortcutFunc: runs @shortcut if it is for the key @data
 * points to (keyval, then modifiers); TRUE if its action ran. */
static inline gboolean
run_if_key (GtkWidget       *widget,
            GtkShortcut     *shortcut,
            guint            keyval,
            GdkModifierType  mods,
            gpointer         data)
{
  const guint *key = data;

  return keyval == key[0] && mods == key[1]
         && gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                          gtk_shortcut_get_arguments (shortcut));
}

/* Runs what @widget's own shortcuts (its class's key bindings and its
 * shortcut controllers) do for @keyval without modifiers, as a key press
 * reaching @widget would: GTK 4 has no public way to send a key event.
 * FALSE if nothing is bound. */
static inline gboolean
press_bound_key (GtkWidget *widget,
                 guint      keyval)
{
  guint key[2] = { keyval, 0 };

  return foreach_key_shortcut (widget, GTK_PHASE_NONE, run_if_key, key);
}


/* Runs what a key press @keyval + @mods at @focus would, as far as
 * shortcut controllers go (class key bindings among them): the capture
 * phase's from the window down to @focus, then the bubble phase's from
 * @focus up; the first that runs an enabled action takes the key. FALSE
 * if none does. */
static inline gboolean
press_key_at (GtkWidget       *focus,
              guint            keyval,
              GdkModifierType  mods)
{
  g_autoptr(GPtrArray) path = g_ptr_array_new ();
  guint key[2] = { keyval, mods };

  for (GtkWidget *w = focus; w != NULL; w = gtk_widget_get_parent (w))
    g_ptr_array_insert (path, 0, w);

  for (guint i = 0; i < path->len; i++)
    if (foreach_key_shortcut (g_ptr_array_index (path, i), GTK_PHASE_CAPTURE, run_if_key, key))
      return TRUE;
  for (guint i = path->len; i > 0; i--)
    if (foreach_key_shortcut (g_ptr_array_index (path, i - 1), GTK_PHASE_BUBBLE, run_if_key, key))
      return TRUE;
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

/* The first mapped widget under @root that sticks out of @window's
 * width, as "GtkType (css-name) at x..x"; NULL if none does.  Whatever a
 * scrollable shows may be wider (it scrolls), and popovers are windows of
 * their own. */
static inline char *
dup_wider_than_window (GtkWidget *root,
                       GtkWidget *window)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      graphene_rect_t b;
      char *found;

      if (!gtk_widget_get_mapped (c) || GTK_IS_NATIVE (c) || !gtk_widget_compute_bounds (c, window, &b))
        continue;
      /* 1 px of slack: libadwaita lays the header bar over the window's
       * 1 px border. */
      if (b.origin.x < -1.5 || b.origin.x + b.size.width > gtk_widget_get_width (window) + 1.5)
        return g_strdup_printf ("%s (%s) at %.0f..%.0f", G_OBJECT_TYPE_NAME (c), gtk_widget_get_css_name (c),
                                b.origin.x, b.origin.x + b.size.width);
      /* A scrollbar's slider overhangs its trough by design. */
      if (!GTK_IS_SCROLLABLE (c) && !GTK_IS_SCROLLBAR (c) && (found = dup_wider_than_window (c, window)) != NULL)
        return found;
    }
  return NULL;
}
