/* xn-tree-row.h: a policy tree row's icon, tag chip, name and count
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "xenon-model.h"

G_BEGIN_DECLS

#define XN_TYPE_TREE_ROW (xn_tree_row_get_type ())
G_DECLARE_FINAL_TYPE (XnTreeRow, xn_tree_row, XN, TREE_ROW, GtkWidget)

GtkWidget *xn_tree_row_new       (void);
void       xn_tree_row_set       (XnTreeRow  *self,
                                  const char *icon_name,
                                  const char *text,
                                  gboolean    heading,
                                  XnTag      *tag);
void       xn_tree_row_set_text  (XnTreeRow  *self,
                                  const char *text);
void       xn_tree_row_set_count (XnTreeRow  *self,
                                  int         count);
void       xn_tree_row_follow    (XnTreeRow  *self,
                                  XnObject   *named,
                                  GListModel *counted);

G_END_DECLS
