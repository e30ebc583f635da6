/* xn-editor-private.h: what the editor's forms share
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The editor pane (xn-editor.c) builds one form per kind of object; the
 * larger forms live in files of their own (xn-editor-profile.c,
 * xn-editor-switch.c, xn-editor-domain.c) and use these field builders,
 * each of which ties a widget to one property through undoable edits. */

#pragma once

#include <adwaita.h>

#include "xn-editor.h"

G_BEGIN_DECLS

typedef gboolean (*XnValidator) (const char *text, char **why);

struct _XnEditor
{
  GtkWidget          parent_instance;

  /* Template widgets */
  GtkScrolledWindow *scroller;
  GtkBox            *box;
  GtkLabel          *title;
  GtkBox            *form;        /* the groups of rows */

  /* Borrowed references */
  AdwPreferencesGroup *group;     /* where rows go, inside form */

  /* Owned references */
  XnDocument        *document;
  XnObject          *object;
  GHashTable        *fields;      /* name → field widget (for tests) */
  GPtrArray         *records;     /* the form's property fields (Field) */
  GHashTable        *drafts;     /* "UUID:property" → invalid text typed there */
  char              *title_before;  /* the heading around the object's name */
  char              *title_after;

  guint              rebuild_id;
  guint              updating : 1;
};

void       xn_editor_report_error     (XnEditor     *self,
                                       const GError *error);
GtkWidget *xn_editor_add_row          (XnEditor     *self,
                                       const char   *label_text,
                                       const char   *field_name,
                                       GtkWidget    *field);
AdwPreferencesGroup *xn_editor_add_heading (XnEditor     *self,
                                       const char   *text);
void       xn_editor_add_widget       (XnEditor     *self,
                                       GtkWidget    *widget);
void       xn_editor_set_row_title    (GtkWidget    *row,
                                       const char   *title);
GtkWidget *xn_editor_add_entry        (XnEditor     *self,
                                       const char   *label,
                                       gpointer      object,
                                       const char   *property,
                                       XnValidator   validator);
GtkWidget *xn_editor_add_spin         (XnEditor     *self,
                                       const char   *label,
                                       gpointer      object,
                                       const char   *property,
                                       guint         max);
GtkWidget *xn_editor_add_check        (XnEditor     *self,
                                       const char   *label,
                                       gpointer      object,
                                       const char   *property);
GtkWidget *xn_editor_add_enum         (XnEditor     *self,
                                       const char   *label,
                                       gpointer      object,
                                       const char   *property);
GtkWidget *xn_editor_add_ref          (XnEditor     *self,
                                       const char   *label,
                                       gpointer      object,
                                       const char   *property,
                                       GListModel   *choices);
void       xn_editor_schedule_rebuild (XnEditor     *self);

void       xn_editor_build_hypercalls (XnEditor     *self,
                                       XnProfile    *profile);
void       xn_editor_build_switch     (XnEditor     *self,
                                       XnNetSwitch  *sw);
void       xn_editor_build_domain     (XnEditor     *self,
                                       XnDomain     *domain);
void       _xn_editor_domain_class_init (GtkWidgetClass *widget_class);

G_END_DECLS
