/* xn-local-host.h: the embedded simulated host the application runs
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "xn-host-list.h"

G_BEGIN_DECLS

#define XN_TYPE_LOCAL_HOST (xn_local_host_get_type ())
G_DECLARE_FINAL_TYPE (XnLocalHost, xn_local_host, XN, LOCAL_HOST, GObject)

XnLocalHost  *xn_local_host_new           (const char           *hostd,
                                           const char           *policy,
                                           const char           *state_dir);
char         *xn_local_host_default_hostd (void);
char         *xn_local_host_default_policy (void);
void          xn_local_host_start_async   (XnLocalHost          *self,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean      xn_local_host_start_finish  (XnLocalHost          *self,
                                           GAsyncResult         *result,
                                           GError              **error);
XnRemoteHost *xn_local_host_get_host      (XnLocalHost          *self);
void          xn_local_host_stop          (XnLocalHost          *self);
gboolean      xn_local_host_is_running    (XnLocalHost          *self);

G_END_DECLS
