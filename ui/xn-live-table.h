/* xn-live-table.h: tables of a daemon's rows (a{sv} dictionaries)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "xn-live-row.h"

G_BEGIN_DECLS

typedef enum
{
  XN_CELL_TEXT,      /* s */
  XN_CELL_COUNT,     /* u, t, i or x */
  XN_CELL_PERCENT,   /* d */
  XN_CELL_KIB,       /* t or d: KiB */
  XN_CELL_BYTES_PER_S, /* d */
  XN_CELL_PER_S,     /* d */
  XN_CELL_TIME,      /* x: µs since the epoch, local time */
  XN_CELL_STATE,     /* s: running, paused, stopped, crashed */
  XN_CELL_VIEWED,    /* b: new or viewed */
} XnCellKind;

char        *xn_live_format           (GVariant    *value,
                                       XnCellKind   kind);
const char  *xn_live_state_icon       (const char  *state);

GtkColumnView *xn_live_table_new        (GListModel    *rows,
                                         gboolean       multiple,
                                         GtkSelectionModel **selection);
void           xn_live_table_add_column (GtkColumnView *view,
                                         const char    *title,
                                         const char    *key,
                                         XnCellKind     kind,
                                         gboolean       expand);

GtkWidget     *xn_live_table_icon_cell_new (GtkWidget  *label);
void           xn_live_table_icon_cell_set (GtkWidget  *cell,
                                            const char *icon_name);
void           xn_live_table_name_cell  (GtkWidget     *child,
                                         GtkWidget     *label,
                                         const char    *row_name,
                                         const char    *text);

G_END_DECLS
