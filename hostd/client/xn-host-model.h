/* xn-host-model.h: what the app knows of one host, kept current
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "xn-live-row.h"

G_BEGIN_DECLS

typedef struct _XnRemoteHost XnRemoteHost;

#define XN_TYPE_HOST_MODEL (xn_host_model_get_type ())
G_DECLARE_FINAL_TYPE (XnHostModel, xn_host_model, XN, HOST_MODEL, GObject)

XnHostModel  *xn_host_model_new              (XnRemoteHost *host);
GListModel   *xn_host_model_get_domains      (XnHostModel  *self);
GListModel   *xn_host_model_get_audit        (XnHostModel  *self);
gboolean      xn_host_model_get_audit_loaded (XnHostModel  *self);
XnLiveRow    *xn_host_model_find_domain      (XnHostModel  *self,
                                              const char   *uuid);
void          xn_host_model_refresh          (XnHostModel  *self);
const char   *xn_host_model_get_error        (XnHostModel  *self);

G_END_DECLS
