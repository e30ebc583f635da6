/* xn-window.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "xn-document.h"
#include "xn-editor.h"
#include "xn-hardware-view.h"
#include "xn-lint-panel.h"
#include "xn-live-view.h"
#include "xn-matrix-view.h"
#include "xn-policy-tree.h"

G_BEGIN_DECLS

#define XN_TYPE_WINDOW (xn_window_get_type())

G_DECLARE_FINAL_TYPE (XnWindow, xn_window, XN, WINDOW, GtkApplicationWindow)

XnWindow       *xn_window_new              (GtkApplication *application);
void            xn_window_set_document     (XnWindow       *self,
                                            XnDocument     *document);
XnDocument     *xn_window_get_document     (XnWindow       *self);
gboolean        xn_window_open_file        (XnWindow       *self,
                                            GFile          *file,
                                            GError        **error);
void            xn_window_load_file        (XnWindow       *self,
                                            GFile          *file);
gboolean        xn_window_get_loading      (XnWindow       *self);
gboolean        xn_window_save_to          (XnWindow       *self,
                                            GFile          *file,
                                            GError        **error);
gboolean        xn_window_sign_to          (XnWindow       *self,
                                            const char     *key_path,
                                            const char     *cert_path,
                                            GFile          *out,
                                            GError        **error);
void            xn_window_select_object    (XnWindow       *self,
                                            XnObject       *object);
XnPolicyTree   *xn_window_get_tree         (XnWindow       *self);
XnEditor       *xn_window_get_editor       (XnWindow       *self);
XnHardwareView *xn_window_get_hardware     (XnWindow       *self);
XnLintPanel    *xn_window_get_lint         (XnWindow       *self);
XnMatrixView   *xn_window_get_matrix       (XnWindow       *self);
GtkMenuButton  *xn_window_get_primary_menu  (XnWindow       *self);
void            xn_window_add_toast        (XnWindow       *self,
                                            const char     *text);
void            xn_window_show_view        (XnWindow       *self,
                                            const char     *name);
char           *xn_window_dup_save_warning (XnWindow       *self);
GMenuModel     *xn_window_get_recent_menu  (XnWindow       *self);
void            xn_window_set_live_mode    (XnWindow       *self,
                                            gboolean        live);
void            xn_window_set_live_host    (XnWindow       *self,
                                            XnRemoteHost   *host);
XnLiveView     *xn_window_get_live_view    (XnWindow       *self);

G_END_DECLS
