/* xn-matrix-view.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "xn-document.h"

G_BEGIN_DECLS

#define XN_TYPE_MATRIX_VIEW (xn_matrix_view_get_type())

G_DECLARE_FINAL_TYPE (XnMatrixView, xn_matrix_view, XN, MATRIX_VIEW, GtkWidget)

GtkWidget *xn_matrix_view_new          (void);
void       xn_matrix_view_set_document (XnMatrixView *self,
                                        XnDocument   *document);
void       xn_matrix_view_rebuild      (XnMatrixView *self);
GtkWidget *xn_matrix_view_get_cell     (XnMatrixView *self,
                                        guint         row,
                                        guint         column);

GStrv         xn_matrix_view_dup_headers (XnMatrixView *self,
                                          guint         matrix);

G_END_DECLS
