/* xn-perf-view.h: Current Performance and Performance History
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "xn-graph.h"
#include "xn-host-list.h"

G_BEGIN_DECLS

#define XN_TYPE_PERF_VIEW (xn_perf_view_get_type ())
G_DECLARE_FINAL_TYPE (XnPerfView, xn_perf_view, XN, PERF_VIEW, GtkBox)

GtkWidget  *xn_perf_view_new           (void);
void        xn_perf_view_set_host      (XnPerfView   *self,
                                        XnRemoteHost *host);
GtkWidget  *xn_perf_view_get_history   (XnPerfView   *self);
GListModel *xn_perf_view_get_rows      (XnPerfView   *self,
                                        const char   *what);
void        xn_perf_view_refresh       (XnPerfView   *self);
XnGraph    *xn_perf_view_get_graph     (XnPerfView   *self);
void        xn_perf_view_show_history  (XnPerfView   *self,
                                        const char *const *subjects,
                                        const char   *metric,
                                        guint         range_index);
guint64     xn_perf_view_get_generation (XnPerfView  *self);

GListModel  *xn_perf_view_get_history_table (XnPerfView *self);

G_END_DECLS
