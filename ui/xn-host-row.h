/* xn-host-row.h: one host in the Hosts tree
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "xn-host-list.h"

G_BEGIN_DECLS

#define XN_TYPE_HOST_ROW (xn_host_row_get_type ())
G_DECLARE_FINAL_TYPE (XnHostRow, xn_host_row, XN, HOST_ROW, GtkListBoxRow)

GtkWidget    *xn_host_row_new         (XnRemoteHost *host,
                                       gboolean      removable);
XnRemoteHost *xn_host_row_get_host    (XnHostRow    *self);
void          xn_host_row_append_text (XnHostRow    *self,
                                       GString      *out);

G_END_DECLS
