/* xn-enterprise-view.h: All Hosts — enclaves, labels and domains across
 * hosts, with bulk lifecycle actions per enclave or tag
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "xn-host-model.h"

G_BEGIN_DECLS

#define XN_TYPE_ENTERPRISE_VIEW (xn_enterprise_view_get_type ())
G_DECLARE_FINAL_TYPE (XnEnterpriseView, xn_enterprise_view, XN, ENTERPRISE_VIEW, GtkBox)

GtkWidget  *xn_enterprise_view_new           (void);
void        xn_enterprise_view_set_hosts     (XnEnterpriseView *self,
                                              GListModel       *hosts);
void        xn_enterprise_view_refresh       (XnEnterpriseView *self);
GListModel *xn_enterprise_view_get_rows      (XnEnterpriseView *self);
GListModel *xn_enterprise_view_get_groups    (XnEnterpriseView *self);
gboolean    xn_enterprise_view_select_group  (XnEnterpriseView *self,
                                              const char       *group);
void        xn_enterprise_view_run           (XnEnterpriseView *self,
                                              XnDomainOp        op);
gboolean    xn_enterprise_view_is_busy       (XnEnterpriseView *self);
const char *xn_enterprise_view_get_status    (XnEnterpriseView *self);

G_END_DECLS
