/* xn-violations-view.h: the Policy Violations Log tab
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "xn-host-list.h"
#include "xn-violation-model.h"

G_BEGIN_DECLS

#define XN_TYPE_VIOLATIONS_VIEW (xn_violations_view_get_type ())
G_DECLARE_FINAL_TYPE (XnViolationsView, xn_violations_view, XN, VIOLATIONS_VIEW, GtkBox)

GtkWidget  *xn_violations_view_new        (void);
void        xn_violations_view_set_host   (XnViolationsView *self,
                                           XnRemoteHost     *host);
GListModel *xn_violations_view_get_rows   (XnViolationsView *self);
GListModel *xn_violations_view_get_shown  (XnViolationsView *self);
void        xn_violations_view_set_filter (XnViolationsView *self,
                                           const char       *domain_or_tag,
                                           const char       *search);
char       *xn_violations_view_dup_csv    (XnViolationsView *self);
GArray     *xn_violations_view_mark_shown_viewed (XnViolationsView *self);
void        xn_violations_view_set_rows   (XnViolationsView *self,
                                           XnViolationModel *rows);

GStrv        xn_violations_view_get_suggestions (XnViolationsView *self,
                                                 const char       *typed);
const char  *xn_violations_view_get_empty_title (XnViolationsView *self);

G_END_DECLS
