/* xn-host-connection.c: a client's connection to xenon-hostd
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One peer-to-peer D-Bus connection and the generated Host1 proxy on it.
 * Transports only differ in the GIOStream: a local Unix socket here; the
 * SSH transport (libssh channel running the "xenon" subsystem) hands its
 * own stream to xn_host_connection_new_for_stream().
 */

#define G_LOG_DOMAIN "xn-host-connection"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xn-host-connection.h"

struct _XnHostConnection
{
  GObject          parent_instance;

  GDBusConnection *connection;
  XnHost1         *proxy;
};

G_DEFINE_FINAL_TYPE (XnHostConnection, xn_host_connection, G_TYPE_OBJECT)

static void
xn_host_connection_dispose (GObject *object)
{
  XnHostConnection *self = XN_HOST_CONNECTION (object);

  g_clear_object (&self->proxy);
  if (self->connection != NULL && !g_dbus_connection_is_closed (self->connection))
    g_dbus_connection_close_sync (self->connection, NULL, NULL);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (xn_host_connection_parent_class)->dispose (object);
}

static void
xn_host_connection_class_init (XnHostConnectionClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = xn_host_connection_dispose;
}

static void
xn_host_connection_init (XnHostConnection *self)
{
}

static XnHostConnection *
wrap (GDBusConnection  *connection,
      GCancellable     *cancellable,
      GError          **error)
{
  g_autoptr(XnHostConnection) self = g_object_new (XN_TYPE_HOST_CONNECTION, NULL);

  self->connection = connection;
  self->proxy = xn_host1_proxy_new_sync (connection, G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,
                                         NULL, XN_HOST_OBJECT_PATH, cancellable, error);
  if (self->proxy == NULL)
    return NULL;
  /* Policy pushes of large documents compile for a while. */
  g_dbus_proxy_set_default_timeout (G_DBUS_PROXY (self->proxy), 120000);
  return g_steal_pointer (&self);
}

/**
 * xn_host_connection_new_for_socket:
 * @socket_path: the daemon's Unix socket
 *
 * Returns: (transfer full): a connection, or %NULL with @error set
 */
XnHostConnection *
xn_host_connection_new_for_socket (const char    *socket_path,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  g_autofree char *address = NULL;
  GDBusConnection *conn;

  g_return_val_if_fail (socket_path != NULL, NULL);

  address = g_strdup_printf ("unix:path=%s", socket_path);
  conn = g_dbus_connection_new_for_address_sync (address,
                                                 G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT,
                                                 NULL, cancellable, error);
  if (conn == NULL)
    return NULL;
  return wrap (conn, cancellable, error);
}

/**
 * xn_host_connection_new_for_stream:
 * @stream: a byte stream that reaches the daemon (e.g. an SSH channel)
 *
 * Returns: (transfer full): a connection, or %NULL with @error set
 */
XnHostConnection *
xn_host_connection_new_for_stream (GIOStream     *stream,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  GDBusConnection *conn;

  g_return_val_if_fail (G_IS_IO_STREAM (stream), NULL);

  conn = g_dbus_connection_new_sync (stream, NULL,
                                     G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT,
                                     NULL, cancellable, error);
  if (conn == NULL)
    return NULL;
  return wrap (conn, cancellable, error);
}

static void
proxy_ready_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  XnHostConnection *self = g_task_get_task_data (task);
  GError *error = NULL;

  self->proxy = xn_host1_proxy_new_finish (result, &error);
  if (self->proxy == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_dbus_proxy_set_default_timeout (G_DBUS_PROXY (self->proxy), 120000);
  g_task_return_pointer (task, g_object_ref (self), g_object_unref);
}

static void
connection_ready_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  XnHostConnection *self = g_task_get_task_data (task);
  GError *error = NULL;

  if (g_task_get_source_tag (task) == xn_host_connection_new_for_socket_async)
    self->connection = g_dbus_connection_new_for_address_finish (result, &error);
  else
    self->connection = g_dbus_connection_new_finish (result, &error);
  if (self->connection == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  xn_host1_proxy_new (self->connection, G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,
                      NULL, XN_HOST_OBJECT_PATH, g_task_get_cancellable (task),
                      proxy_ready_cb, g_object_ref (task));
}

/**
 * xn_host_connection_new_for_socket_async:
 * @socket_path: the daemon's Unix socket
 *
 * Like xn_host_connection_new_for_socket() without blocking the caller:
 * the D-Bus handshake runs on GDBus's worker thread.
 */
void
xn_host_connection_new_for_socket_async (const char          *socket_path,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autofree char *address = NULL;
  GTask *task;

  g_return_if_fail (socket_path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, xn_host_connection_new_for_socket_async);
  g_task_set_task_data (task, g_object_new (XN_TYPE_HOST_CONNECTION, NULL), g_object_unref);
  address = g_strdup_printf ("unix:path=%s", socket_path);
  g_dbus_connection_new_for_address (address, G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT,
                                     NULL, cancellable, connection_ready_cb, task);
}

/**
 * xn_host_connection_new_for_stream_async:
 * @stream: a byte stream that reaches the daemon (e.g. an SSH channel)
 *
 * Like xn_host_connection_new_for_stream() without blocking the caller.
 */
void
xn_host_connection_new_for_stream_async (GIOStream           *stream,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (G_IS_IO_STREAM (stream));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, xn_host_connection_new_for_stream_async);
  g_task_set_task_data (task, g_object_new (XN_TYPE_HOST_CONNECTION, NULL), g_object_unref);
  g_dbus_connection_new (stream, NULL, G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT,
                         NULL, cancellable, connection_ready_cb, task);
}

/**
 * xn_host_connection_new_finish:
 *
 * Finishes either asynchronous constructor.
 *
 * Returns: (transfer full): a connection, or %NULL with @error set
 */
XnHostConnection *
xn_host_connection_new_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * xn_host_connection_get_proxy:
 *
 * Returns: (transfer none): the Host1 proxy
 */
XnHost1 *
xn_host_connection_get_proxy (XnHostConnection *self)
{
  g_return_val_if_fail (XN_IS_HOST_CONNECTION (self), NULL);
  return self->proxy;
}

/**
 * xn_host_connection_get_connection:
 *
 * Returns: (transfer none): the D-Bus connection
 */
GDBusConnection *
xn_host_connection_get_connection (XnHostConnection *self)
{
  g_return_val_if_fail (XN_IS_HOST_CONNECTION (self), NULL);
  return self->connection;
}
