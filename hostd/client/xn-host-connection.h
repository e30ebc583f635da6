/* xn-host-connection.h: a client's connection to xenon-hostd
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "xn-host1-generated.h"

G_BEGIN_DECLS

#define XN_HOST_OBJECT_PATH "/org/xenonvmm/Host"

#define XN_TYPE_HOST_CONNECTION (xn_host_connection_get_type ())

G_DECLARE_FINAL_TYPE (XnHostConnection, xn_host_connection, XN, HOST_CONNECTION, GObject)

XnHostConnection *xn_host_connection_new_for_socket (const char        *socket_path,
                                                     GCancellable      *cancellable,
                                                     GError           **error);
XnHostConnection *xn_host_connection_new_for_stream (GIOStream         *stream,
                                                     GCancellable      *cancellable,
                                                     GError           **error);
void              xn_host_connection_new_for_socket_async (const char          *socket_path,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
void              xn_host_connection_new_for_stream_async (GIOStream           *stream,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
XnHostConnection *xn_host_connection_new_finish           (GAsyncResult        *result,
                                                           GError             **error);
XnHost1          *xn_host_connection_get_proxy      (XnHostConnection  *self);
GDBusConnection  *xn_host_connection_get_connection (XnHostConnection  *self);

G_END_DECLS
