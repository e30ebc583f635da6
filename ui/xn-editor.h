/* xn-editor.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "xn-document.h"

G_BEGIN_DECLS

#define XN_TYPE_EDITOR (xn_editor_get_type())

G_DECLARE_FINAL_TYPE (XnEditor, xn_editor, XN, EDITOR, GtkWidget)

GtkWidget *xn_editor_new          (void);
void       xn_editor_set_document (XnEditor   *self,
                                   XnDocument *document);
void       xn_editor_set_object   (XnEditor   *self,
                                   XnObject   *object);
XnObject  *xn_editor_get_object   (XnEditor   *self);
GtkWidget *xn_editor_find_field   (XnEditor   *self,
                                   const char *name);

gboolean   xn_validate_mac        (const char *text,
                                   char      **why);
gboolean   xn_validate_net_address (const char *text,
                                    char      **why);
gboolean   xn_validate_ipv4       (const char *text,
                                   char      **why);
gboolean   xn_validate_netmask    (const char *text,
                                   char      **why);
gboolean   xn_validate_color      (const char *text,
                                   char      **why);
gboolean   xn_validate_name       (const char *text,
                                   char      **why);
gboolean   xn_validate_subops     (const char *text,
                                   char      **why);

G_END_DECLS
