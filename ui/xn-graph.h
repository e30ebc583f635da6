/* xn-graph.h: line graphs over time
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "xn-live-table.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 time;    /* µs since the epoch */
  double value;
} XnGraphPoint;

/* One pixel column of a series denser than the graph is wide. */
typedef struct
{
  gint64 time;    /* the column's mean time */
  double min;
  double max;
  double mean;
} XnGraphColumn;

#define XN_TYPE_GRAPH (xn_graph_get_type ())
G_DECLARE_FINAL_TYPE (XnGraph, xn_graph, XN, GRAPH, GtkWidget)

GtkWidget *xn_graph_new            (void);
void       xn_graph_set_range      (XnGraph            *self,
                                    gint64              from,
                                    gint64              to);
void       xn_graph_set_unit       (XnGraph            *self,
                                    XnCellKind          kind);
void       xn_graph_clear          (XnGraph            *self);
void       xn_graph_add_series     (XnGraph            *self,
                                    const char         *name,
                                    const XnGraphPoint *points,
                                    guint               n_points);
void       xn_graph_add_series_array (XnGraph          *self,
                                    const char         *name,
                                    GArray             *points);
void       xn_graph_add_event      (XnGraph            *self,
                                    gint64              time);
guint      xn_graph_get_n_series   (XnGraph            *self);
guint      xn_graph_get_n_points   (XnGraph            *self,
                                    guint               series);
guint      xn_graph_get_n_events   (XnGraph            *self);
double     xn_graph_get_value_axis (XnGraph            *self,
                                    double             *step);
gint64     xn_graph_get_time_axis  (XnGraph            *self,
                                    gint64             *first);
char      *xn_graph_dup_readout    (XnGraph            *self,
                                    gint64              time);
void       xn_graph_hover          (XnGraph            *self,
                                    double              x);
guint      xn_graph_decimate       (const XnGraphPoint *points,
                                    guint               n_points,
                                    gint64              from,
                                    gint64              to,
                                    guint               columns,
                                    XnGraphColumn      *out);

gboolean   xn_graph_get_legend_area (XnGraph           *self,
                                     graphene_rect_t   *area);
gboolean   xn_graph_is_drawing     (XnGraph            *self);

G_END_DECLS
