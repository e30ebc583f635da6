/* xn-hosts-sidebar.h: the enterprise view's Hosts tree
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "xn-host-list.h"

G_BEGIN_DECLS

#define XN_TYPE_HOSTS_SIDEBAR (xn_hosts_sidebar_get_type ())
G_DECLARE_FINAL_TYPE (XnHostsSidebar, xn_hosts_sidebar, XN, HOSTS_SIDEBAR, GtkBox)

GtkWidget *xn_hosts_sidebar_new        (void);
void       xn_hosts_sidebar_set_hosts  (XnHostsSidebar *self,
                                        GListModel     *hosts);
void       xn_hosts_sidebar_set_host_list (XnHostsSidebar *self,
                                           XnHostList     *list);
char      *xn_hosts_sidebar_dup_text   (XnHostsSidebar *self);
void       xn_hosts_sidebar_set_current (XnHostsSidebar *self,
                                         XnRemoteHost   *host);

G_END_DECLS
