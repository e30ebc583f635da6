/* xn-listener.h: the daemon's socket: accepting, per-user limits and the
 * D-Bus handshake, so that no caller can exhaust its descriptors,
 * threads or memory before it is even authenticated. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  guint per_user;        /* connections one uid may hold (root: 4×) */
  guint total;           /* connections all non-root uids may hold together */
  guint pending_per_user;/* of them, not yet through the handshake */
  guint auth_timeout_ms; /* a handshake not done by then is dropped */
  gsize auth_max_bytes;  /* what a peer may send before it is authenticated */
  int   backlog;
} XnListenerLimits;

#define XN_LISTENER_LIMITS_INIT { 64, 4096, 8, 10000, 16384, 1024 }

/* Called on the listener's main context with a connection that completed
 * its handshake and whose messages are not yet dispatched: return FALSE to
 * close it. @uid is the peer's, from the socket (SO_PEERCRED). */
typedef gboolean (*XnListenerFunc) (GDBusConnection *conn,
                                    guint            uid,
                                    gpointer         user_data);

typedef struct _XnListener XnListener;

XnListener *xn_listener_new  (const char             *socket_path,
                              const XnListenerLimits *limits,
                              XnListenerFunc          func,
                              gpointer                user_data,
                              GError                **error);
void        xn_listener_free (XnListener *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (XnListener, xn_listener_free)

G_END_DECLS
