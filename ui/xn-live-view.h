/* xn-live-view.h: Live mode, one host at a time
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "xn-document.h"
#include "xn-host-list.h"
#include "xn-hosts-sidebar.h"
#include "xenon-model.h"

G_BEGIN_DECLS

#define XN_TYPE_LIVE_VIEW (xn_live_view_get_type ())
G_DECLARE_FINAL_TYPE (XnLiveView, xn_live_view, XN, LIVE_VIEW, GtkBox)

GtkWidget    *xn_live_view_new            (void);
void          xn_live_view_set_host       (XnLiveView   *self,
                                           XnRemoteHost *host);
XnRemoteHost *xn_live_view_get_host       (XnLiveView   *self);
void          xn_live_view_set_hosts      (XnLiveView   *self,
                                           GListModel   *hosts);
GListModel   *xn_live_view_get_hosts      (XnLiveView   *self);
void          xn_live_view_set_host_list  (XnLiveView   *self,
                                           XnHostList   *list);
XnHostsSidebar *xn_live_view_get_sidebar  (XnLiveView   *self);
gboolean      xn_live_view_remove_host    (XnLiveView    *self,
                                           XnRemoteHost  *host,
                                           GError       **error);
void          xn_live_view_set_editor_document (XnLiveView *self,
                                           XnDocument   *document);
char         *xn_live_view_dup_title      (XnLiveView   *self);
void          xn_live_view_show_message   (GtkWidget    *from,
                                           GtkMessageType type,
                                           const char   *text);
void          xn_live_view_report_error   (GtkWidget    *from,
                                           const char   *what,
                                           GError       *error);
void          xn_live_view_show_page      (XnLiveView   *self,
                                           const char   *name);
void          xn_live_view_refresh        (XnLiveView   *self);

GListModel  *xn_live_view_get_audit_rows (XnLiveView *self);

void         xn_live_view_show_domain   (XnLiveView   *self,
                                         XnRemoteHost *host,
                                         const char   *uuid);

const char  *xn_live_view_get_audit_empty_title (XnLiveView *self);

G_END_DECLS
