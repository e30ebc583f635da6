/* xn-editor-profile.c: the editor's profile form
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "xn-editor"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xn-editor-private.h"
#include "xn-ui-util.h"

/* Profile hypercalls: a row per hypercall Xen 4.17 knows (the guard's
 * table), allowed or not, with an optional sub-op filter. */

static void
hypercall_toggled (GtkCheckButton *check,
                   XnEditor       *self)
{
  XnProfile *profile = XN_PROFILE (self->object);
  const char *name = gtk_widget_get_name (GTK_WIDGET (check));   /* the hypercall's */
  XnObjectList *list = xn_profile_get_hypercalls (profile);
  XnHypercallRule *rule = xn_profile_find_hypercall (profile, name);
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (self->updating)
    return;
  if (gtk_check_button_get_active (check) && rule == NULL)
    {
      g_autoptr(XnHypercallRule) r = xn_hypercall_rule_new (name, NULL);
      ok = xn_document_push (self->document,
                             xn_insert_command_new (list, xn_object_list_get_n_items (list), XN_OBJECT (r)),
                             &error);
    }
  else if (!gtk_check_button_get_active (check) && rule != NULL)
    {
      guint pos;
      if (xn_object_list_find (list, XN_OBJECT (rule), &pos))
        ok = xn_document_push (self->document, xn_remove_command_new (list, pos), &error);
    }
  if (!ok)
    xn_editor_report_error (self, error);
}

void
xn_editor_build_hypercalls (XnEditor  *self,
                            XnProfile *profile)
{
  for (guint nr = 0; nr < XN_N_HYPERCALLS; nr++)
    {
      const char *name = xn_hypercall_get_name (nr);
      XnHypercallRule *rule;
      GtkWidget *check, *row;
      g_autofree char *label = NULL;

      if (name == NULL)
        continue;
      rule = xn_profile_find_hypercall (profile, name);
      label = g_strdup_printf ("%u %s", nr, name);
      check = gtk_check_button_new ();
      gtk_widget_set_name (check, name);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), rule != NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_signal_connect (check, "toggled", G_CALLBACK (hypercall_toggled), self);
      row = adw_action_row_new ();
      xn_editor_set_row_title (row, label);
      adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      xn_editor_add_widget (self, row);
      if (rule != NULL)
        {
          g_autofree char *title = g_strdup_printf (_("Sub-ops of %s"), name);
          GtkWidget *entry = xn_editor_add_entry (self, title, rule, "subops", xn_validate_subops);

          adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (entry), FALSE);
          gtk_widget_set_tooltip_text (entry, _("Allowed sub-ops, e.g. 0-9,12; empty allows all"));
        }
    }
}

