/* xn-policy-tree.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "xn-document.h"

G_BEGIN_DECLS

#define XN_TYPE_POLICY_TREE (xn_policy_tree_get_type())

G_DECLARE_FINAL_TYPE (XnPolicyTree, xn_policy_tree, XN, POLICY_TREE, GtkWidget)

GtkWidget  *xn_policy_tree_new           (void);
void        xn_policy_tree_set_document  (XnPolicyTree *self,
                                          XnDocument   *document);
XnObject   *xn_policy_tree_get_selected  (XnPolicyTree *self);
gboolean    xn_policy_tree_select_object (XnPolicyTree *self,
                                          XnObject     *object);
GtkListView *xn_policy_tree_get_list_view (XnPolicyTree *self);
GtkTreeListModel *xn_policy_tree_get_model (XnPolicyTree *self);

G_END_DECLS
