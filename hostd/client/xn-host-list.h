/* xn-host-list.h: the hosts the application manages, and their connections
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "xn-host-connection.h"
#include "xn-host-model.h"

G_BEGIN_DECLS

/**
 * XnRemoteHostKind:
 * @XN_REMOTE_HOST_LOCAL: the daemon's Unix socket on this machine (the
 *   simulated host of the demo)
 * @XN_REMOTE_HOST_SSH: the "xenon" subsystem of the host's sshd
 */
typedef enum
{
  XN_REMOTE_HOST_LOCAL,
  XN_REMOTE_HOST_SSH,
} XnRemoteHostKind;

/**
 * XnRemoteHostState:
 * @XN_REMOTE_HOST_DISCONNECTED: not connected, and not trying
 * @XN_REMOTE_HOST_CONNECTING: an attempt is under way
 * @XN_REMOTE_HOST_CONNECTED: the proxy works
 * @XN_REMOTE_HOST_FAILED: the last attempt failed or the connection was
 *   lost; the message says why (a reconnect may be scheduled)
 * @XN_REMOTE_HOST_UNKNOWN_KEY: first contact: the user must decide on the
 *   host key's fingerprint
 * @XN_REMOTE_HOST_CHANGED_KEY: the host key changed: refused
 */
typedef enum
{
  XN_REMOTE_HOST_DISCONNECTED,
  XN_REMOTE_HOST_CONNECTING,
  XN_REMOTE_HOST_CONNECTED,
  XN_REMOTE_HOST_FAILED,
  XN_REMOTE_HOST_UNKNOWN_KEY,
  XN_REMOTE_HOST_CHANGED_KEY,
} XnRemoteHostState;

#define XN_TYPE_REMOTE_HOST (xn_remote_host_get_type ())
G_DECLARE_FINAL_TYPE (XnRemoteHost, xn_remote_host, XN, REMOTE_HOST, GObject)

XnRemoteHost      *xn_remote_host_new_ssh            (const char           *name,
                                                      const char           *address,
                                                      guint                 port,
                                                      const char           *user,
                                                      const char           *identity_file);
XnRemoteHost      *xn_remote_host_new_local          (const char           *name,
                                                      const char           *socket_path);
const char        *xn_remote_host_get_name           (XnRemoteHost         *self);
XnRemoteHostKind   xn_remote_host_get_kind           (XnRemoteHost         *self);
const char        *xn_remote_host_get_address        (XnRemoteHost         *self);
guint              xn_remote_host_get_port           (XnRemoteHost         *self);
const char        *xn_remote_host_get_user           (XnRemoteHost         *self);
const char        *xn_remote_host_get_identity_file  (XnRemoteHost         *self);
const char        *xn_remote_host_get_socket_path    (XnRemoteHost         *self);
XnRemoteHostState  xn_remote_host_get_state          (XnRemoteHost         *self);
const char        *xn_remote_host_get_message        (XnRemoteHost         *self);
const char        *xn_remote_host_get_fingerprint    (XnRemoteHost         *self);
XnHostConnection  *xn_remote_host_get_connection     (XnRemoteHost         *self);
XnHost1           *xn_remote_host_get_proxy          (XnRemoteHost         *self);
const char *const *xn_remote_host_get_roles          (XnRemoteHost         *self);
gboolean           xn_remote_host_has_role           (XnRemoteHost         *self,
                                                      const char           *role);
guint              xn_remote_host_get_reconnect_attempts (XnRemoteHost     *self);
XnHostModel       *xn_remote_host_get_model          (XnRemoteHost         *self);
void               xn_remote_host_set_known_hosts_file (XnRemoteHost       *self,
                                                      const char           *path);
void               xn_remote_host_set_backoff        (XnRemoteHost         *self,
                                                      guint                 initial_ms,
                                                      guint                 max_ms);
void               xn_remote_host_connect_async      (XnRemoteHost         *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean           xn_remote_host_connect_finish     (XnRemoteHost         *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
void               xn_remote_host_disconnect         (XnRemoteHost         *self);
gboolean           xn_remote_host_trust_host_key     (XnRemoteHost         *self,
                                                      const char           *fingerprint,
                                                      GError              **error);
guint              xn_remote_host_backoff_delay_ms   (guint                 attempt,
                                                      guint                 initial_ms,
                                                      guint                 max_ms);

/**
 * XnHostOpStart:
 * @host: a connected host
 * @cancellable: (nullable): the whole run's cancellable
 * @callback: call it (once) when the operation ends
 * @callback_data: pass it to @callback
 * @user_data: the run's user data
 *
 * Starts one host's operation; the pool calls the matching #XnHostOpFinish
 * from @callback.
 */
typedef void     (*XnHostOpStart)    (XnRemoteHost        *host,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             callback_data,
                                      gpointer             user_data);
typedef gboolean (*XnHostOpFinish)   (XnRemoteHost        *host,
                                      GAsyncResult        *result,
                                      gpointer             user_data,
                                      GError             **error);

/**
 * XnHostOpStatus:
 * @XN_HOST_OP_STARTED: the host's turn came (connecting, then the operation)
 * @XN_HOST_OP_SUCCEEDED: its operation succeeded
 * @XN_HOST_OP_FAILED: connecting or the operation failed (see the error)
 */
typedef enum
{
  XN_HOST_OP_STARTED,
  XN_HOST_OP_SUCCEEDED,
  XN_HOST_OP_FAILED,
} XnHostOpStatus;

typedef void     (*XnHostOpProgress) (XnRemoteHost        *host,
                                      XnHostOpStatus       status,
                                      const GError        *error,
                                      gpointer             user_data);

/**
 * XnHostOpResult:
 * @host: the host
 * @error: (nullable): why it failed, %NULL if it succeeded
 */
typedef struct
{
  XnRemoteHost *host;
  GError       *error;
} XnHostOpResult;

#define XN_TYPE_HOST_LIST (xn_host_list_get_type ())
G_DECLARE_FINAL_TYPE (XnHostList, xn_host_list, XN, HOST_LIST, GObject)

XnHostList   *xn_host_list_new                  (const char          *path);
gboolean      xn_host_list_load                 (XnHostList          *self,
                                                 GError             **error);
gboolean      xn_host_list_load_data            (XnHostList          *self,
                                                 const char          *data,
                                                 gsize                len,
                                                 GError             **error);
char         *xn_host_list_to_data              (XnHostList          *self,
                                                 gsize               *len);
gboolean      xn_host_list_save                 (XnHostList          *self,
                                                 GError             **error);
gboolean      xn_host_list_add                  (XnHostList          *self,
                                                 XnRemoteHost        *host,
                                                 GError             **error);
gboolean      xn_host_list_remove               (XnHostList          *self,
                                                 const char          *name,
                                                 GError             **error);
XnRemoteHost *xn_host_list_lookup               (XnHostList          *self,
                                                 const char          *name);
void          xn_host_list_set_known_hosts_file (XnHostList          *self,
                                                 const char          *path);
void          xn_host_list_foreach_async        (XnHostList          *self,
                                                 GPtrArray           *hosts,
                                                 guint                max_parallel,
                                                 XnHostOpStart        start,
                                                 XnHostOpFinish       finish,
                                                 XnHostOpProgress     progress,
                                                 gpointer             user_data,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             callback_data);
GPtrArray    *xn_host_list_foreach_finish       (XnHostList          *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

G_END_DECLS
