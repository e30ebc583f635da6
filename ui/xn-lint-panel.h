/* xn-lint-panel.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "xn-document.h"

G_BEGIN_DECLS

#define XN_TYPE_LINT_PANEL (xn_lint_panel_get_type())

G_DECLARE_FINAL_TYPE (XnLintPanel, xn_lint_panel, XN, LINT_PANEL, GtkWidget)

GtkWidget  *xn_lint_panel_new          (void);
void        xn_lint_panel_set_document (XnLintPanel *self,
                                        XnDocument  *document);
void        xn_lint_panel_refresh      (XnLintPanel *self);
GListModel *xn_lint_panel_get_issues   (XnLintPanel *self);
void        xn_lint_panel_activate     (XnLintPanel *self,
                                        guint        position);

const char  *xn_lint_panel_get_summary  (XnLintPanel *self);

G_END_DECLS
