/* xn-violations-table.h: the violations log's table, one widget a row
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "xn-violation-model.h"

G_BEGIN_DECLS

#define XN_TYPE_VIOLATIONS_TABLE (xn_violations_table_get_type ())
G_DECLARE_FINAL_TYPE (XnViolationsTable, xn_violations_table, XN, VIOLATIONS_TABLE, GtkBox)

GtkWidget         *xn_violations_table_new           (XnViolationFilterModel *rows);
GtkSelectionModel *xn_violations_table_get_selection (XnViolationsTable *self);
void               xn_violations_table_scroll_to_top (XnViolationsTable *self);
GStrv              xn_violations_table_dup_drawn     (XnViolationsTable *self);
void               xn_violations_table_sort_by       (XnViolationsTable *self,
                                                      const char        *key,
                                                      gboolean           descending);

G_END_DECLS
