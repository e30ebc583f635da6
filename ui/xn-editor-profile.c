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
#include "xng-guard.h"

/* Profile hypercalls: a row per hypercall Xen 4.17 knows (the guard's
 * table), allowed or not, with an optional sub-op filter. */

static void
hypercall_toggled (GtkCheckButton *check,
                   XnEditor       *self)
{
  XnProfile *profile = XN_PROFILE (self->object);
  const char *name = g_object_get_data (G_OBJECT (check), "xn-hypercall");
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
  GtkWidget *grid = gtk_grid_new ();
  int row = 0;

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
  for (guint nr = 0; nr < 64; nr++)
    {
      const char *name = xng_hypercall_name (nr);
      XnHypercallRule *rule;
      GtkWidget *check;
      g_autofree char *label = NULL;

      if (name == NULL)
        continue;
      rule = xn_profile_find_hypercall (profile, name);
      label = g_strdup_printf ("%u %s", nr, name);
      check = gtk_check_button_new_with_label (label);
      gtk_widget_set_name (check, name);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), rule != NULL);
      g_object_set_data (G_OBJECT (check), "xn-hypercall", (gpointer)name);
      g_signal_connect (check, "toggled", G_CALLBACK (hypercall_toggled), self);
      gtk_grid_attach (GTK_GRID (grid), check, 0, row, 1, 1);
      if (rule != NULL)
        {
          GtkWidget *saved_grid = GTK_WIDGET (self->grid);
          int saved_row = self->row;
          GtkWidget *entry;

          /* Reuse the entry plumbing on the small grid. */
          self->grid = GTK_GRID (grid);
          self->row = row;
          entry = xn_editor_add_entry (self, _("Sub-ops"), rule, "subops", xn_validate_subops);
          gtk_grid_remove (GTK_GRID (grid), gtk_grid_get_child_at (GTK_GRID (grid), 0, row));
          g_object_ref (entry);
          gtk_grid_remove (GTK_GRID (grid), entry);
          gtk_grid_attach (GTK_GRID (grid), entry, 1, row, 1, 1);
          g_object_unref (entry);
          gtk_widget_set_tooltip_text (entry, _("Allowed sub-ops, e.g. 0-9,12; empty allows all"));
          gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          label, -1);
          row = self->row - 1;
          self->grid = GTK_GRID (saved_grid);
          self->row = saved_row;
        }
      row++;
    }
  gtk_grid_attach (self->grid, grid, 0, self->row++, 2, 1);
}

