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
