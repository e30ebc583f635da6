/* xn-ui-util.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "xenon-model.h"

G_BEGIN_DECLS

/* Debian's grub-xen-host: a PV guest's boot loader, which boots the
 * guest's own kernel from its disk. */
#define XN_PV_GRUB "/usr/lib/grub-xen/grub-x86_64-xen.bin"

XnTag     *xn_ui_object_get_tag   (XnObject  *object);
XnTag     *xn_ui_tag_new          (XnPolicy   *policy,
                                   const char *name);
const char *xn_ui_object_icon_name (XnObject *object);
char      *xn_ui_object_dup_label  (XnObject *object);
GtkWidget *xn_ui_scrolled         (GtkWidget *child);
GtkWidget *xn_ui_heading          (const char *text);
GtkWidget *xn_ui_empty_stack_new  (GtkWidget  *list,
                                   const char *icon_name);
void       xn_ui_empty_stack_show (GtkWidget  *stack,
                                   const char *title,
                                   const char *description);
const char *xn_ui_empty_stack_get_title (GtkWidget *stack);
char      *xn_ui_strip_mnemonic   (const char *label);
GtkWidget *xn_ui_button_new_with_mnemonic (const char *label);
void       xn_ui_name_for_assistive_technology (GtkWidget *root);
void       xn_ui_list_one_tab_stop (GtkWidget *list);
void       xn_ui_label_hidden_when_empty (GtkWidget *label);
void       xn_ui_label_not_tab_stop (GtkWidget *label);
void       xn_ui_name_column_header (GtkWidget  *header,
                                     const char *title);
void       xn_ui_name_compound   (GtkWidget  *drop,
                                   const char *name);
typedef gboolean (*XnNameTaken) (gpointer scope, const char *name);
gboolean   xn_ui_list_has_name    (gpointer    list,
                                   const char *name);
gboolean   xn_ui_host_has_domain  (gpointer    host,
                                   const char *name);
char      *xn_ui_unique_name      (const char *base,
                                   gboolean    bare_first,
                                   XnNameTaken taken,
                                   gpointer    scope);
void       xn_ui_dialog_keys     (GtkWindow  *dialog,
                                   GtkWidget  *fields);
void       xn_ui_init_display    (GdkDisplay *display);
gboolean   xn_ui_toast           (GtkWidget  *from,
                                   const char *text,
                                   gboolean    urgent);

G_END_DECLS
