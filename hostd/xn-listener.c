/* xn-listener.c: the daemon's socket.
 *
 * GDBusServer accepts every connection, gives each a thread for its
 * handshake with no time limit, reads an unbounded first line and retries
 * a failing accept(2) at once.  A caller holding a thousand idle
 * connections left root unable to connect, the daemon with a thousand
 * threads, spinning, and its log filling with "Too many open files".
 *
 * Here the peer's uid comes from the socket (SO_PEERCRED) at accept,
 * before a byte is read, and bounds what it may hold: connections, of
 * them handshakes in progress, bytes before it is authenticated, time to
 * authenticate.  Root has a share of its own, so others cannot lock it
 * out.  A failing accept pauses the listener instead of spinning, and
 * repeated complaints are coalesced in the log. */

#define G_LOG_DOMAIN "xn-hostd"

#include "config.h"

#include "xn-listener.h"

#include <errno.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/resource.h>

#define ACCEPTS_PER_WAKEUP 64
#define ACCEPT_PAUSE_MS 250
#define LOG_INTERVAL_US (10 * G_USEC_PER_SEC)
#define ROOT_FACTOR 4

/* ---- a pass-through converter that bounds what precedes authentication ---- */

#define XN_TYPE_PREAUTH_CONVERTER (xn_preauth_converter_get_type ())
G_DECLARE_FINAL_TYPE (XnPreauthConverter, xn_preauth_converter, XN, PREAUTH_CONVERTER, GObject)

struct _XnPreauthConverter
{
  GObject parent_instance;
  gsize   max;
  gsize   seen;
  int     open;   /* atomic: set once the peer is authenticated */
};

static void xn_preauth_converter_iface_init (GConverterIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (XnPreauthConverter, xn_preauth_converter, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_CONVERTER, xn_preauth_converter_iface_init))

static GConverterResult
preauth_convert (GConverter     *converter,
                 const void     *inbuf,
                 gsize           inbuf_size,
                 void           *outbuf,
                 gsize           outbuf_size,
                 GConverterFlags flags,
                 gsize          *bytes_read,
                 gsize          *bytes_written,
                 GError        **error)
{
  XnPreauthConverter *self = XN_PREAUTH_CONVERTER (converter);
  gsize n = MIN (inbuf_size, outbuf_size);

  if (inbuf_size == 0 && !(flags & (G_CONVERTER_INPUT_AT_END | G_CONVERTER_FLUSH)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT, "more input needed");
      return G_CONVERTER_ERROR;
    }
  if (n == 0 && inbuf_size > 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "no room");
      return G_CONVERTER_ERROR;
    }
  if (!g_atomic_int_get (&self->open))
    {
      if (n > self->max - self->seen)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                       "more than %" G_GSIZE_FORMAT " bytes sent before authenticating", self->max);
          return G_CONVERTER_ERROR;
        }
      self->seen += n;
    }
  memcpy (outbuf, inbuf, n);
  *bytes_read = *bytes_written = n;
  if (n == inbuf_size && (flags & G_CONVERTER_INPUT_AT_END))
    return G_CONVERTER_FINISHED;
  if (n == inbuf_size && (flags & G_CONVERTER_FLUSH))
    return G_CONVERTER_FLUSHED;
  return G_CONVERTER_CONVERTED;
}

static void
preauth_reset (GConverter *converter)
{
}

static void
xn_preauth_converter_iface_init (GConverterIface *iface)
{
  iface->convert = preauth_convert;
  iface->reset = preauth_reset;
}

static void
xn_preauth_converter_class_init (XnPreauthConverterClass *klass)
{
}

static void
xn_preauth_converter_init (XnPreauthConverter *self)
{
}

/* ---- an output stream that is not a GSocketOutputStream ---- */

/* GDBus writes through the socket itself when the output stream is a
 * GSocketOutputStream, and finds no socket on a wrapped connection: hand
 * it this pass-through, pollable so that its writes need no thread. */

#define XN_TYPE_PASS_OUTPUT_STREAM (xn_pass_output_stream_get_type ())
G_DECLARE_FINAL_TYPE (XnPassOutputStream, xn_pass_output_stream, XN, PASS_OUTPUT_STREAM, GOutputStream)

struct _XnPassOutputStream
{
  GOutputStream  parent_instance;
  GOutputStream *base;
};

static void xn_pass_output_stream_pollable_init (GPollableOutputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (XnPassOutputStream, xn_pass_output_stream, G_TYPE_OUTPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_OUTPUT_STREAM,
                                                      xn_pass_output_stream_pollable_init))

static gssize
pass_write (GOutputStream *stream,
            const void    *buffer,
            gsize          count,
            GCancellable  *cancellable,
            GError       **error)
{
  return g_output_stream_write (XN_PASS_OUTPUT_STREAM (stream)->base, buffer, count, cancellable, error);
}

static gboolean
pass_flush (GOutputStream *stream,
            GCancellable  *cancellable,
            GError       **error)
{
  return g_output_stream_flush (XN_PASS_OUTPUT_STREAM (stream)->base, cancellable, error);
}

static gboolean
pass_can_poll (GPollableOutputStream *stream)
{
  return TRUE;
}

static gboolean
pass_is_writable (GPollableOutputStream *stream)
{
  return g_pollable_output_stream_is_writable (G_POLLABLE_OUTPUT_STREAM (XN_PASS_OUTPUT_STREAM (stream)->base));
}

static GSource *
pass_create_source (GPollableOutputStream *stream,
                    GCancellable          *cancellable)
{
  GPollableOutputStream *base = G_POLLABLE_OUTPUT_STREAM (XN_PASS_OUTPUT_STREAM (stream)->base);
  g_autoptr(GSource) child = g_pollable_output_stream_create_source (base, NULL);

  return g_pollable_source_new_full (stream, child, cancellable);
}

static gssize
pass_write_nonblocking (GPollableOutputStream *stream,
                        const void            *buffer,
                        gsize                  count,
                        GError               **error)
{
  return g_pollable_output_stream_write_nonblocking (G_POLLABLE_OUTPUT_STREAM (XN_PASS_OUTPUT_STREAM (stream)->base),
                                                     buffer, count, NULL, error);
}

static void
xn_pass_output_stream_pollable_init (GPollableOutputStreamInterface *iface)
{
  iface->can_poll = pass_can_poll;
  iface->is_writable = pass_is_writable;
  iface->create_source = pass_create_source;
  iface->write_nonblocking = pass_write_nonblocking;
}

static void
xn_pass_output_stream_finalize (GObject *object)
{
  g_clear_object (&XN_PASS_OUTPUT_STREAM (object)->base);
  G_OBJECT_CLASS (xn_pass_output_stream_parent_class)->finalize (object);
}

static void
xn_pass_output_stream_class_init (XnPassOutputStreamClass *klass)
{
  GOutputStreamClass *stream_class = G_OUTPUT_STREAM_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = xn_pass_output_stream_finalize;
  stream_class->write_fn = pass_write;
  stream_class->flush = pass_flush;
}

static void
xn_pass_output_stream_init (XnPassOutputStream *self)
{
}

/* ---- the listener ---- */

typedef struct
{
  guint held;      /* connections, handshakes included */
  guint pending;   /* handshakes in progress */
} UserCount;

/* A coalesced complaint: at most one line per LOG_INTERVAL_US. */
typedef struct
{
  gint64 last;
  guint  suppressed;
} LogLimit;

typedef struct _Handshake Handshake;

struct _XnListener
{
  GSocket           *socket;
  char              *path;
  GSource           *accept_source;
  guint              resume_id;
  XnListenerLimits   limits;
  GDBusAuthObserver *observer;
  char              *guid;
  XnListenerFunc     func;
  gpointer           user_data;
  GMainContext      *context;

  GHashTable        *users;       /* uid → UserCount */
  guint              total;       /* held by non-root uids */
  GHashTable        *handshakes;  /* Handshake set */
  GHashTable        *connections; /* GDBusConnection → GSocketConnection */

  guint              held;        /* by everyone */
  guint              capacity;    /* what the descriptor limit allows */

  LogLimit           log_refused;
  LogLimit           log_accept;
  LogLimit           log_timeout;
  LogLimit           log_handshake;
};

struct _Handshake
{
  gint               ref;
  XnListener        *listener;   /* NULL once the listener is gone */
  guint              uid;
  GSocketConnection *socket_conn;
  GIOStream         *stream;
  XnPreauthConverter *preauth;
  guint              timeout_id;
  gboolean           timed_out;  /* said so already */
  char              *guid;
  GDBusAuthObserver *observer;
  GMainContext      *context;
  GDBusConnection   *result;
  GError            *error;
};

static void
handshake_unref (Handshake *h)
{
  if (!g_atomic_int_dec_and_test (&h->ref))
    return;
  g_clear_object (&h->socket_conn);
  g_clear_object (&h->stream);
  g_clear_object (&h->preauth);
  g_clear_object (&h->observer);
  g_main_context_unref (h->context);
  g_clear_object (&h->result);
  g_clear_error (&h->error);
  g_free (h->guid);
  g_free (h);
}

static void G_GNUC_PRINTF (3, 4)
log_limited (LogLimit   *l,
             GLogLevelFlags level,
             const char *format,
             ...)
{
  gint64 now = g_get_monotonic_time ();
  g_autofree char *msg = NULL;
  va_list ap;

  if (l->last != 0 && now - l->last < LOG_INTERVAL_US)
    {
      l->suppressed++;
      return;
    }
  va_start (ap, format);
  msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  if (l->suppressed > 0)
    g_log (G_LOG_DOMAIN, level, "%s (and %u more like it in the last %d s)",
           msg, l->suppressed, (int) (LOG_INTERVAL_US / G_USEC_PER_SEC));
  else
    g_log (G_LOG_DOMAIN, level, "%s", msg);
  l->last = now;
  l->suppressed = 0;
}

static UserCount *
user_count (XnListener *self,
            guint       uid)
{
  UserCount *c = g_hash_table_lookup (self->users, GUINT_TO_POINTER (uid));

  if (c == NULL)
    {
      c = g_new0 (UserCount, 1);
      g_hash_table_insert (self->users, GUINT_TO_POINTER (uid), c);
    }
  return c;
}

/* @uid's connection ends; @pending: still in its handshake. */
static void
release (XnListener *self,
         guint       uid,
         gboolean    pending)
{
  UserCount *c = g_hash_table_lookup (self->users, GUINT_TO_POINTER (uid));

  g_return_if_fail (c != NULL && c->held > 0);
  c->held--;
  self->held--;
  if (pending)
    c->pending--;
  if (uid != 0)
    self->total--;
  if (c->held == 0)
    g_hash_table_remove (self->users, GUINT_TO_POINTER (uid));
}

static void
connection_closed_cb (GDBusConnection *conn,
                      gboolean         remote_peer_vanished,
                      GError          *error,
                      XnListener      *self)
{
  GSocketConnection *sc = g_hash_table_lookup (self->connections, conn);

  g_signal_handlers_disconnect_by_data (conn, self);
  /* Closing the D-Bus stream closes only its wrappers: end the socket
   * too, or the peer waits for an end that never comes. */
  if (sc != NULL)
    g_io_stream_close (G_IO_STREAM (sc), NULL, NULL);
  release (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (conn), "xn-listener-uid")), FALSE);
  g_hash_table_remove (self->connections, conn);
}

static gboolean
handshake_done_cb (gpointer data)
{
  Handshake *h = data;
  XnListener *self = h->listener;

  if (self == NULL)
    return G_SOURCE_REMOVE;
  g_clear_handle_id (&h->timeout_id, g_source_remove);
  g_hash_table_remove (self->handshakes, h);   /* drops the set's reference; the caller holds one */
  if (h->result == NULL)
    {
      release (self, h->uid, TRUE);
      if (!h->timed_out)
        log_limited (&self->log_handshake, G_LOG_LEVEL_MESSAGE,
                     "Dropped a connection from uid %u: %s", h->uid, h->error->message);
      g_io_stream_close (G_IO_STREAM (h->socket_conn), NULL, NULL);
      return G_SOURCE_REMOVE;
    }
  user_count (self, h->uid)->pending--;
  g_object_set_data (G_OBJECT (h->result), "xn-listener-uid", GUINT_TO_POINTER (h->uid));
  g_hash_table_insert (self->connections, g_object_ref (h->result), g_object_ref (h->socket_conn));
  g_signal_connect (h->result, "closed", G_CALLBACK (connection_closed_cb), self);
  if (!self->func (h->result, h->uid, self->user_data))
    {
      g_dbus_connection_close (h->result, NULL, NULL, NULL);
      return G_SOURCE_REMOVE;
    }
  g_dbus_connection_start_message_processing (h->result);
  return G_SOURCE_REMOVE;
}

static gpointer
handshake_thread (gpointer data)
{
  Handshake *h = data;

  h->result = g_dbus_connection_new_sync (h->stream, h->guid,
                                          G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_SERVER
                                          | G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_ALLOW_ANONYMOUS
                                          | G_DBUS_CONNECTION_FLAGS_DELAY_MESSAGE_PROCESSING,
                                          h->observer, NULL, &h->error);
  g_main_context_invoke_full (h->context, G_PRIORITY_DEFAULT, handshake_done_cb, h,
                              (GDestroyNotify) handshake_unref);
  return NULL;
}

static gboolean
handshake_timeout_cb (gpointer data)
{
  Handshake *h = data;

  h->timeout_id = 0;
  h->timed_out = TRUE;
  log_limited (&h->listener->log_timeout, G_LOG_LEVEL_MESSAGE,
               "Dropped a connection from uid %u: not authenticated within %u ms",
               h->uid, h->listener->limits.auth_timeout_ms);
  /* The handshake thread blocks in a read: end the socket under it and
   * the read returns.  (A GCancellable would cost an eventfd per
   * handshake, and GLib aborts when it cannot make one.) */
  g_socket_shutdown (g_socket_connection_get_socket (h->socket_conn), TRUE, TRUE, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
allow_mechanism_cb (GDBusAuthObserver *observer,
                    const char        *mechanism,
                    gpointer           user_data)
{
  /* The identity is the socket's, whatever the client says, so the
   * mechanism adds nothing: ANONYMOUS is what the SSH bridge's clients
   * use, EXTERNAL what local ones try first. */
  return g_str_equal (mechanism, "EXTERNAL") || g_str_equal (mechanism, "ANONYMOUS");
}

static gboolean
authorize_peer_cb (GDBusAuthObserver *observer,
                   GIOStream         *stream,
                   GCredentials      *credentials,
                   gpointer           user_data)
{
  XnPreauthConverter *preauth = g_object_get_data (G_OBJECT (stream), "xn-preauth");

  /* Runs in the handshake thread as the handshake ends, before the first
   * message is read: from here on the peer's messages are not bounded by
   * the pre-authentication limit. */
  if (preauth != NULL)
    g_atomic_int_set (&preauth->open, 1);
  return TRUE;
}

static void
admit (XnListener *self,
       GSocket    *peer)
{
  g_autoptr(GCredentials) creds = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(XnPassOutputStream) out = NULL;
  Handshake *h;
  UserCount *c;
  GThread *thread;
  guint uid, limit, pending_limit;
  int uid_raw;

  creds = g_socket_get_credentials (peer, &error);
  if (creds == NULL || (uid_raw = (int) g_credentials_get_unix_user (creds, &error)) == -1)
    {
      log_limited (&self->log_refused, G_LOG_LEVEL_WARNING,
                   "Refused a connection without peer credentials: %s",
                   error != NULL ? error->message : "unknown");
      g_socket_close (peer, NULL);
      return;
    }
  uid = (guint) uid_raw;
  c = user_count (self, uid);
  limit = uid == 0 ? self->limits.per_user * ROOT_FACTOR : self->limits.per_user;
  pending_limit = uid == 0 ? self->limits.pending_per_user * ROOT_FACTOR : self->limits.pending_per_user;
  if (c->held >= limit || c->pending >= pending_limit
      || self->held >= self->capacity
      || (uid != 0 && self->total >= MIN (self->limits.total, self->capacity / 4 * 3)))
    {
      log_limited (&self->log_refused, G_LOG_LEVEL_WARNING,
                   "Refused a connection from uid %u: it holds %u connections, %u of them "
                   "not yet authenticated (limits %u and %u); all users but root hold %u of %u, "
                   "everyone %u of %u",
                   uid, c->held, c->pending, limit, pending_limit, self->total,
                   MIN (self->limits.total, self->capacity / 4 * 3), self->held, self->capacity);
      if (c->held == 0)
        g_hash_table_remove (self->users, GUINT_TO_POINTER (uid));
      g_socket_close (peer, NULL);
      return;
    }

  h = g_new0 (Handshake, 1);
  h->ref = 1;
  h->listener = self;
  h->uid = uid;
  h->socket_conn = g_socket_connection_factory_create_connection (peer);
  h->preauth = g_object_new (XN_TYPE_PREAUTH_CONVERTER, NULL);
  h->preauth->max = self->limits.auth_max_bytes;
  in = g_converter_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (h->socket_conn)),
                                     G_CONVERTER (h->preauth));
  out = g_object_new (XN_TYPE_PASS_OUTPUT_STREAM, NULL);
  out->base = g_object_ref (g_io_stream_get_output_stream (G_IO_STREAM (h->socket_conn)));
  h->stream = g_simple_io_stream_new (in, G_OUTPUT_STREAM (out));
  g_object_set_data (G_OBJECT (h->stream), "xn-preauth", h->preauth);
  h->guid = g_strdup (self->guid);
  h->observer = g_object_ref (self->observer);
  h->context = g_main_context_ref (self->context);

  c->held++;
  self->held++;
  c->pending++;
  if (uid != 0)
    self->total++;
  thread = g_thread_try_new ("xn-handshake", handshake_thread, h, &error);
  if (thread == NULL)
    {
      log_limited (&self->log_accept, G_LOG_LEVEL_WARNING,
                   "Refused a connection from uid %u: %s", uid, error->message);
      release (self, uid, TRUE);
      g_io_stream_close (G_IO_STREAM (h->socket_conn), NULL, NULL);
      handshake_unref (h);
      return;
    }
  g_thread_unref (thread);
  /* The set and the thread each hold the handshake. */
  g_atomic_int_inc (&h->ref);
  g_hash_table_add (self->handshakes, h);
  h->timeout_id = g_timeout_add (self->limits.auth_timeout_ms, handshake_timeout_cb, h);
}

static gboolean accept_cb (GSocket *socket, GIOCondition condition, gpointer data);

static void
watch (XnListener *self)
{
  self->accept_source = g_socket_create_source (self->socket, G_IO_IN, NULL);
  g_source_set_callback (self->accept_source, G_SOURCE_FUNC (accept_cb), self, NULL);
  g_source_attach (self->accept_source, self->context);
}

static gboolean
resume_cb (gpointer data)
{
  XnListener *self = data;

  self->resume_id = 0;
  watch (self);
  return G_SOURCE_REMOVE;
}

static gboolean
accept_cb (GSocket      *socket,
           GIOCondition  condition,
           gpointer      data)
{
  XnListener *self = data;

  for (guint i = 0; i < ACCEPTS_PER_WAKEUP; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) peer = g_socket_accept (self->socket, NULL, &error);

      if (peer != NULL)
        {
          admit (self, peer);
          continue;
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return G_SOURCE_CONTINUE;
      /* Out of descriptors, typically: retrying at once would spin with
       * the connection still queued.  Pause, and say so once. */
      log_limited (&self->log_accept, G_LOG_LEVEL_WARNING,
                   "Cannot accept a connection: %s; pausing %d ms", error->message, ACCEPT_PAUSE_MS);
      g_clear_pointer (&self->accept_source, g_source_unref);
      self->resume_id = g_timeout_add (ACCEPT_PAUSE_MS, resume_cb, self);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
handshake_release (gpointer data)
{
  handshake_unref (data);
}

/* How many connections the descriptor limit leaves room for: what is open
 * now is the daemon's own (store, journal, backend), and a reserve stays
 * free for its work, since GLib aborts when it cannot make a pipe and the
 * store cannot write without its journal. */
static guint
fd_capacity (void)
{
  struct rlimit rl;
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint open_now = 0;
  rlim_t reserve;

  if (getrlimit (RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
    return G_MAXUINT;
  while (dir != NULL && g_dir_read_name (dir) != NULL)
    open_now++;
  reserve = MIN (64, rl.rlim_cur / 4);
  if (rl.rlim_cur <= open_now + reserve)
    return 1;
  return (guint) MIN (rl.rlim_cur - open_now - reserve, G_MAXUINT);
}

/**
 * xn_listener_new:
 * @socket_path: where to listen; a stale socket there is replaced
 * @limits: what each caller may hold
 * @func: called with each authenticated connection
 *
 * Listens on @socket_path (mode 0666: every method checks the caller's
 * roles) in the thread-default main context, which must be the one GDBus
 * dispatches in (the global default).
 */
XnListener *
xn_listener_new (const char             *socket_path,
                 const XnListenerLimits *limits,
                 XnListenerFunc          func,
                 gpointer                user_data,
                 GError                **error)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autofree char *fresh = g_strconcat (socket_path, ".new", NULL);
  XnListener *self;

  socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, error);
  if (socket == NULL)
    return NULL;
  /* The socket gets its name only once it listens and admits everyone:
   * a client that found the path between bind and listen was refused
   * ("Connection refused"), and one between listen and chmod too. */
  g_unlink (fresh);
  address = g_unix_socket_address_new (fresh);
  g_socket_set_listen_backlog (socket, limits->backlog);
  if (!g_socket_bind (socket, address, FALSE, error) || !g_socket_listen (socket, error))
    return NULL;
  if (g_chmod (fresh, 0666) != 0 || g_rename (fresh, socket_path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", socket_path, g_strerror (saved));
      g_unlink (fresh);
      return NULL;
    }
  g_socket_set_blocking (socket, FALSE);

  self = g_new0 (XnListener, 1);
  self->socket = g_steal_pointer (&socket);
  self->path = g_strdup (socket_path);
  self->limits = *limits;
  self->observer = g_dbus_auth_observer_new ();
  g_signal_connect (self->observer, "allow-mechanism", G_CALLBACK (allow_mechanism_cb), NULL);
  g_signal_connect (self->observer, "authorize-authenticated-peer", G_CALLBACK (authorize_peer_cb), NULL);
  self->guid = g_dbus_generate_guid ();
  self->func = func;
  self->user_data = user_data;
  self->context = g_main_context_ref_thread_default ();
  self->capacity = fd_capacity ();
  self->users = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->handshakes = g_hash_table_new_full (NULL, NULL, handshake_release, NULL);
  self->connections = g_hash_table_new_full (NULL, NULL, g_object_unref, g_object_unref);
  watch (self);
  return self;
}

/* Stops listening and removes the socket; established connections are the
 * caller's to close (they no longer count against anything). */
void
xn_listener_free (XnListener *self)
{
  GHashTableIter it;
  gpointer key;

  if (self == NULL)
    return;
  if (self->accept_source != NULL)
    {
      g_source_destroy (self->accept_source);
      g_source_unref (self->accept_source);
    }
  g_clear_handle_id (&self->resume_id, g_source_remove);
  g_socket_close (self->socket, NULL);
  g_object_unref (self->socket);
  g_unlink (self->path);

  g_hash_table_iter_init (&it, self->handshakes);
  while (g_hash_table_iter_next (&it, &key, NULL))
    {
      Handshake *h = key;

      g_clear_handle_id (&h->timeout_id, g_source_remove);
      h->listener = NULL;
      g_socket_shutdown (g_socket_connection_get_socket (h->socket_conn), TRUE, TRUE, NULL);
    }
  g_hash_table_unref (self->handshakes);
  g_hash_table_iter_init (&it, self->connections);
  while (g_hash_table_iter_next (&it, &key, NULL))
    g_signal_handlers_disconnect_by_data (key, self);
  g_hash_table_unref (self->connections);
  g_hash_table_unref (self->users);
  g_object_unref (self->observer);
  g_free (self->guid);
  g_free (self->path);
  g_main_context_unref (self->context);
  g_free (self);
}
