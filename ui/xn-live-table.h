/* xn-live-table.h: tables of a daemon's rows (a{sv} dictionaries)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

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

#define XN_TYPE_LIVE_ROW (xn_live_row_get_type ())
G_DECLARE_FINAL_TYPE (XnLiveRow, xn_live_row, XN, LIVE_ROW, GObject)

XnLiveRow   *xn_live_row_new          (GVariant    *dict);
GVariant    *xn_live_row_get          (XnLiveRow   *self,
                                       const char  *key);
const char  *xn_live_row_get_string   (XnLiveRow   *self,
                                       const char  *key);
double       xn_live_row_get_number   (XnLiveRow   *self,
                                       const char  *key);
void         xn_live_row_set          (XnLiveRow   *self,
                                       const char  *key,
                                       GVariant    *value);
int          xn_live_row_compare      (XnLiveRow   *a,
                                       XnLiveRow   *b,
                                       const char  *key);
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

G_END_DECLS
