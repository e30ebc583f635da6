/* xn-ssh-transport.c: the "xenon" SSH subsystem as a GIOStream (libssh)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A libssh session is not thread-safe, and its calls block, so every
 * session gets one thread of its own that makes every libssh call: it
 * connects, checks the host key, authenticates, opens the subsystem and
 * then pumps bytes between the channel and one end of a socketpair.  The
 * caller gets the other end as a GIOStream on which GDBus runs, with its
 * own worker thread and the caller's main context: nothing here ever
 * blocks the caller.
 *
 * The stream the caller gets is deliberately not a GUnixConnection:
 * credentials passed over the socketpair would describe the local user,
 * which means nothing to the remote daemon, so GDBus uses ANONYMOUS and
 * the daemon takes the identity from its own socket (the SSH user).
 *
 * Private keys are ed25519, ECDSA or RSA files without a passphrase, or
 * whatever the ssh-agent (SSH_AUTH_SOCK) offers.  ~/.ssh/config is not
 * read: a host entry says everything about how to reach its host.
 */

#define G_LOG_DOMAIN "xn-ssh"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <libssh/libssh.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "xn-ssh-transport.h"

G_DEFINE_QUARK (xn-ssh-error-quark, xn_ssh_error)

typedef struct
{
  gatomicrefcount  ref;
  char            *host;
  char            *user;
  char            *identity;
  char            *known_hosts;
  char            *global_known_hosts;
  guint            port;
  guint            timeout;
  int              pump_fd;      /* the thread's end of the socketpair */
  int              wake[2];      /* close() writes here to end the thread */
  GTask           *task;         /* the open, until it is answered */
  GIOStream       *stream;       /* the caller's end, until it is handed over */
  /* Written by the thread before the task is answered. */
  char            *fingerprint;
  char            *entry;        /* a known_hosts line for the key seen */
} Session;

struct _XnSshTransport
{
  GObject  parent_instance;

  char    *host;
  char    *user;
  char    *identity;
  char    *known_hosts;
  guint    port;
  guint    timeout;

  Session *session;
  char    *fingerprint;
  char    *entry;
};

G_DEFINE_FINAL_TYPE (XnSshTransport, xn_ssh_transport, G_TYPE_OBJECT)

static void
session_unref (gpointer data)
{
  Session *s = data;

  if (!g_atomic_ref_count_dec (&s->ref))
    return;
  g_free (s->host);
  g_free (s->user);
  g_free (s->identity);
  g_free (s->known_hosts);
  g_free (s->global_known_hosts);
  g_free (s->fingerprint);
  g_free (s->entry);
  g_clear_object (&s->stream);
  if (s->pump_fd >= 0)
    close (s->pump_fd);
  if (s->wake[0] >= 0)
    close (s->wake[0]);
  if (s->wake[1] >= 0)
    close (s->wake[1]);
  g_free (s);
}

static Session *
session_ref (Session *s)
{
  g_atomic_ref_count_inc (&s->ref);
  return s;
}

static gboolean
write_all (int         fd,
           const char *buf,
           gssize      len)
{
  while (len > 0)
    {
      gssize n = write (fd, buf, (size_t) len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      buf += n;
      len -= n;
    }
  return TRUE;
}

static gboolean
set_error (GError     **error,
           XnSshError   code,
           ssh_session  ssh,
           const char  *what)
{
  g_set_error (error, XN_SSH_ERROR, code, "%s: %s", what, ssh_get_error (ssh));
  return FALSE;
}

/* Connects, checks the host key, authenticates and opens the subsystem. */
static gboolean
session_setup (Session      *s,
               ssh_session   ssh,
               ssh_channel  *channel_out,
               GCancellable *cancellable,
               GError      **error)
{
  ssh_key server_key = NULL;
  unsigned char *hash = NULL;
  size_t hash_len = 0;
  enum ssh_known_hosts_e known;
  ssh_channel channel;
  long timeout = s->timeout;
  int nodelay = 1;
  int no = 0;
  int rc;
  gint64 t0 = g_get_monotonic_time ();

  if (ssh_options_set (ssh, SSH_OPTIONS_HOST, s->host) < 0
      || ssh_options_set (ssh, SSH_OPTIONS_PORT, &s->port) < 0
      || ssh_options_set (ssh, SSH_OPTIONS_USER, s->user) < 0
      /* Without it every small D-Bus message waits for Nagle (~40 ms). */
      || ssh_options_set (ssh, SSH_OPTIONS_NODELAY, &nodelay) < 0
      || ssh_options_set (ssh, SSH_OPTIONS_TIMEOUT, &timeout) < 0
      || ssh_options_set (ssh, SSH_OPTIONS_PROCESS_CONFIG, &no) < 0
      || ssh_options_set (ssh, SSH_OPTIONS_KNOWNHOSTS, s->known_hosts) < 0
      || ssh_options_set (ssh, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, s->global_known_hosts) < 0)
    return set_error (error, XN_SSH_ERROR_FAILED, ssh, _("Invalid SSH options"));

  if (ssh_connect (ssh) != SSH_OK)
    {
      g_set_error (error, XN_SSH_ERROR, XN_SSH_ERROR_CONNECT,
                   _("Cannot connect to %s port %u: %s"), s->host, s->port, ssh_get_error (ssh));
      return FALSE;
    }

  g_debug ("%s:%u: connected (%.1f ms)", s->host, s->port, (g_get_monotonic_time () - t0) / 1e3);
  if (ssh_get_server_publickey (ssh, &server_key) != SSH_OK)
    return set_error (error, XN_SSH_ERROR_CONNECT, ssh, _("The server sent no host key"));
  rc = ssh_get_publickey_hash (server_key, SSH_PUBLICKEY_HASH_SHA256, &hash, &hash_len);
  ssh_key_free (server_key);
  if (rc != 0)
    return set_error (error, XN_SSH_ERROR_FAILED, ssh, _("Cannot hash the host key"));
  {
    char *fp = ssh_get_fingerprint_hash (SSH_PUBLICKEY_HASH_SHA256, hash, hash_len);

    s->fingerprint = g_strdup (fp);
    ssh_string_free_char (fp);
    ssh_clean_pubkey_hash (&hash);
  }
  {
    char *entry = NULL;

    if (ssh_session_export_known_hosts_entry (ssh, &entry) == SSH_OK)
      {
        s->entry = g_strdup (entry);
        ssh_string_free_char (entry);
      }
  }

  known = ssh_session_is_known_server (ssh);
  switch (known)
    {
    case SSH_KNOWN_HOSTS_OK:
      break;
    case SSH_KNOWN_HOSTS_CHANGED:
    case SSH_KNOWN_HOSTS_OTHER:
      g_set_error (error, XN_SSH_ERROR, XN_SSH_ERROR_HOST_KEY_CHANGED,
                   _("WARNING: the host key of %s port %u has CHANGED (now %s). "
                     "Someone may be intercepting the connection, or the host was "
                     "reinstalled. Refusing to connect; remove the old key from %s "
                     "only once you know why it changed."),
                   s->host, s->port, s->fingerprint, s->known_hosts);
      return FALSE;
    case SSH_KNOWN_HOSTS_UNKNOWN:
    case SSH_KNOWN_HOSTS_NOT_FOUND:
      g_set_error (error, XN_SSH_ERROR, XN_SSH_ERROR_UNKNOWN_HOST_KEY,
                   _("First contact with %s port %u: its host key %s is not known yet"),
                   s->host, s->port, s->fingerprint);
      return FALSE;
    case SSH_KNOWN_HOSTS_ERROR:
    default:
      return set_error (error, XN_SSH_ERROR_FAILED, ssh, _("Cannot check the known hosts"));
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (s->identity != NULL)
    {
      ssh_key key = NULL;

      if (ssh_pki_import_privkey_file (s->identity, NULL, NULL, NULL, &key) != SSH_OK)
        {
          g_set_error (error, XN_SSH_ERROR, XN_SSH_ERROR_AUTH,
                       _("Cannot read the private key %s (keys with a passphrase are not "
                         "supported: use the ssh-agent)"), s->identity);
          return FALSE;
        }
      rc = ssh_userauth_publickey (ssh, NULL, key);
      ssh_key_free (key);
    }
  else
    rc = ssh_userauth_agent (ssh, NULL);
  g_debug ("%s:%u: authenticated (%.1f ms)", s->host, s->port, (g_get_monotonic_time () - t0) / 1e3);
  if (rc != SSH_AUTH_SUCCESS)
    {
      g_set_error (error, XN_SSH_ERROR, XN_SSH_ERROR_AUTH,
                   _("%s@%s refused the %s: %s"), s->user, s->host,
                   s->identity != NULL ? _("key") : _("ssh-agent's keys"), ssh_get_error (ssh));
      return FALSE;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  channel = ssh_channel_new (ssh);
  if (channel == NULL)
    return set_error (error, XN_SSH_ERROR_FAILED, ssh, _("Cannot create a channel"));
  if (ssh_channel_open_session (channel) != SSH_OK)
    {
      set_error (error, XN_SSH_ERROR_SUBSYSTEM, ssh, _("Cannot open a session channel"));
      ssh_channel_free (channel);
      return FALSE;
    }
  if (ssh_channel_request_subsystem (channel, XN_SSH_SUBSYSTEM) != SSH_OK)
    {
      g_set_error (error, XN_SSH_ERROR, XN_SSH_ERROR_SUBSYSTEM,
                   _("%s has no \"%s\" SSH subsystem (is xenon-hostd installed?): %s"),
                   s->host, XN_SSH_SUBSYSTEM, ssh_get_error (ssh));
      ssh_channel_close (channel);
      ssh_channel_free (channel);
      return FALSE;
    }
  g_debug ("%s:%u: subsystem open (%.1f ms)", s->host, s->port, (g_get_monotonic_time () - t0) / 1e3);
  *channel_out = channel;
  return TRUE;
}

/* The subsystem's stderr says why it ended, if it did. */
static void
relay_stderr (Session     *s,
              ssh_channel  channel)
{
  char buf[4096];
  int n;

  while ((n = ssh_channel_read_nonblocking (channel, buf, sizeof buf - 1, 1)) > 0)
    {
      buf[n] = '\0';
      g_message ("%s:%u: %s", s->host, s->port, g_strchomp (buf));
    }
}

/* Copies bytes both ways until either side ends or close() wakes us. */
static void
session_pump (Session     *s,
              ssh_session  ssh,
              ssh_channel  channel)
{
  char buf[65536];

  for (;;)
    {
      struct pollfd fds[3] = {
        { .fd = s->pump_fd, .events = POLLIN },
        { .fd = ssh_get_fd (ssh), .events = POLLIN },
        { .fd = s->wake[0], .events = POLLIN },
      };
      int n;

      /* Drain what libssh has (it may have buffered data while writing)
       * before sleeping on the socket.  Reading stderr makes libssh read
       * the socket too, which can move stdout data into its buffer where
       * poll() cannot see it: drain until both are empty. */
      do
        {
          while ((n = ssh_channel_read_nonblocking (channel, buf, sizeof buf, 0)) > 0)
            if (!write_all (s->pump_fd, buf, n))
              return;
          relay_stderr (s, channel);
        }
      while (n == 0 && ssh_channel_poll (channel, 0) > 0);
      if (n == SSH_ERROR || ssh_channel_is_eof (channel) || ssh_channel_is_closed (channel))
        {
          relay_stderr (s, channel);
          g_debug ("%s:%u: channel ended (%s)", s->host, s->port,
                   n == SSH_ERROR ? ssh_get_error (ssh) : "end of file");
          return;
        }

      if (poll (fds, G_N_ELEMENTS (fds), -1) < 0)
        {
          if (errno == EINTR)
            continue;
          return;
        }
      if (fds[2].revents != 0)
        return;
      if (fds[0].revents & (POLLIN | POLLHUP | POLLERR))
        {
          gssize r = read (s->pump_fd, buf, sizeof buf);

          if (r < 0 && errno == EINTR)
            continue;
          /* The caller closed its stream: D-Bus needs no half-close. */
          if (r <= 0)
            return;
          if (ssh_channel_write (channel, buf, (uint32_t) r) != r)
            return;
        }
      if (fds[1].revents & (POLLHUP | POLLERR | POLLNVAL) && !(fds[1].revents & POLLIN))
        return;
    }
}

/* Session threads still running: a process must not exit under one,
 * since libssh's own destructor frees what the thread still uses. */
static GMutex threads_lock;
static GCond threads_cond;
static guint threads_running;

static void
thread_started (void)
{
  g_mutex_lock (&threads_lock);
  threads_running++;
  g_mutex_unlock (&threads_lock);
}

static void
thread_ended (void)
{
  g_mutex_lock (&threads_lock);
  threads_running--;
  g_cond_broadcast (&threads_cond);
  g_mutex_unlock (&threads_lock);
}

/**
 * xn_ssh_transport_wait_closed:
 * @timeout_ms: how long to wait at most
 *
 * Waits until every session closed with xn_ssh_transport_close() has
 * ended its thread, so that a command-line program can exit cleanly.
 *
 * Returns: %TRUE if none runs any more
 */
gboolean
xn_ssh_transport_wait_closed (guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  gboolean done;

  g_mutex_lock (&threads_lock);
  while (threads_running > 0 && g_cond_wait_until (&threads_cond, &threads_lock, end))
    ;
  done = threads_running == 0;
  g_mutex_unlock (&threads_lock);
  return done;
}

static gpointer
session_thread (gpointer data)
{
  Session *s = data;
  GCancellable *cancellable = g_task_get_cancellable (s->task);
  g_autoptr(GError) error = NULL;
  ssh_session ssh = ssh_new ();
  ssh_channel channel = NULL;

  if (ssh == NULL)
    g_set_error_literal (&error, XN_SSH_ERROR, XN_SSH_ERROR_FAILED, _("Cannot create an SSH session"));
  else
    session_setup (s, ssh, &channel, cancellable, &error);

  if (channel == NULL)
    g_task_return_error (s->task, g_steal_pointer (&error));
  else
    g_task_return_pointer (s->task, g_steal_pointer (&s->stream), g_object_unref);
  g_clear_object (&s->task);

  if (channel != NULL)
    {
      session_pump (s, ssh, channel);
      ssh_channel_close (channel);
      ssh_channel_free (channel);
    }
  /* The caller's end sees end-of-file now, and GDBus closes. */
  close (s->pump_fd);
  s->pump_fd = -1;
  if (ssh != NULL)
    {
      ssh_disconnect (ssh);
      ssh_free (ssh);
    }
  session_unref (s);
  thread_ended ();
  return NULL;
}

static void
xn_ssh_transport_finalize (GObject *object)
{
  XnSshTransport *self = XN_SSH_TRANSPORT (object);

  xn_ssh_transport_close (self);
  g_free (self->host);
  g_free (self->user);
  g_free (self->identity);
  g_free (self->known_hosts);
  g_free (self->fingerprint);
  g_free (self->entry);

  G_OBJECT_CLASS (xn_ssh_transport_parent_class)->finalize (object);
}

static void
xn_ssh_transport_class_init (XnSshTransportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = xn_ssh_transport_finalize;
}

static void
xn_ssh_transport_init (XnSshTransport *self)
{
  self->timeout = 10;
}

/**
 * xn_ssh_transport_new:
 * @host: host name or address
 * @port: TCP port (0: 22)
 * @user: (nullable): the remote user (%NULL: the local user's name)
 *
 * Returns: (transfer full): a transport; nothing happens until it is opened
 */
XnSshTransport *
xn_ssh_transport_new (const char *host,
                      guint       port,
                      const char *user)
{
  XnSshTransport *self;

  g_return_val_if_fail (host != NULL, NULL);

  self = g_object_new (XN_TYPE_SSH_TRANSPORT, NULL);
  self->host = g_strdup (host);
  self->port = port != 0 ? port : 22;
  self->user = g_strdup (user != NULL ? user : g_get_user_name ());
  return self;
}

/**
 * xn_ssh_transport_set_identity_file:
 * @path: (nullable): a private key without passphrase, or %NULL for the
 *   ssh-agent
 */
void
xn_ssh_transport_set_identity_file (XnSshTransport *self,
                                    const char     *path)
{
  g_return_if_fail (XN_IS_SSH_TRANSPORT (self));
  g_free (self->identity);
  self->identity = g_strdup (path);
}

/**
 * xn_ssh_transport_set_known_hosts_file:
 * @path: (nullable): the only known_hosts file to check and to add to, or
 *   %NULL for ~/.ssh/known_hosts then the application's own (where
 *   trusted keys are added, so the user's OpenSSH file is left alone)
 */
void
xn_ssh_transport_set_known_hosts_file (XnSshTransport *self,
                                       const char     *path)
{
  g_return_if_fail (XN_IS_SSH_TRANSPORT (self));
  g_free (self->known_hosts);
  self->known_hosts = g_strdup (path);
}

/**
 * xn_ssh_default_app_known_hosts_file:
 *
 * Returns: (transfer full): the application's own known_hosts file
 */
char *
xn_ssh_default_app_known_hosts_file (void)
{
  return g_build_filename (g_get_user_data_dir (), "xenon-manager", "known_hosts", NULL);
}

/**
 * xn_ssh_transport_get_known_hosts_file:
 *
 * Returns: (transfer none): the file that xn_ssh_transport_trust_host_key()
 *   adds to
 */
const char *
xn_ssh_transport_get_known_hosts_file (XnSshTransport *self)
{
  g_return_val_if_fail (XN_IS_SSH_TRANSPORT (self), NULL);
  if (self->known_hosts == NULL)
    self->known_hosts = xn_ssh_default_app_known_hosts_file ();
  return self->known_hosts;
}

/**
 * xn_ssh_transport_set_timeout:
 * @seconds: how long connecting and each blocking step may take
 */
void
xn_ssh_transport_set_timeout (XnSshTransport *self,
                              guint           seconds)
{
  g_return_if_fail (XN_IS_SSH_TRANSPORT (self));
  self->timeout = MAX (seconds, 1);
}

/**
 * xn_ssh_transport_open_async:
 *
 * Connects in the session's own thread, checks the host key against the
 * known hosts, authenticates and starts the "xenon" subsystem.  A previous
 * session of this transport is closed first.
 */
void
xn_ssh_transport_open_async (XnSshTransport      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GThread) thread = NULL;
  g_autoptr(GError) error = NULL;
  Session *s;
  int sv[2];
  int out_fd;

  g_return_if_fail (XN_IS_SSH_TRANSPORT (self));

  xn_ssh_transport_close (self);
  g_clear_pointer (&self->fingerprint, g_free);
  g_clear_pointer (&self->entry, g_free);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, xn_ssh_transport_open_async);

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    {
      int e = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (e),
                               _("Cannot create a socket pair: %s"), g_strerror (e));
      return;
    }
  out_fd = fcntl (sv[0], F_DUPFD_CLOEXEC, 0);

  s = g_new0 (Session, 1);
  g_atomic_ref_count_init (&s->ref);
  s->host = g_strdup (self->host);
  s->user = g_strdup (self->user);
  s->identity = g_strdup (self->identity);
  s->port = self->port;
  s->timeout = self->timeout;
  if (self->known_hosts != NULL)
    {
      s->known_hosts = g_strdup (self->known_hosts);
      s->global_known_hosts = g_strdup (self->known_hosts);
    }
  else
    {
      s->known_hosts = g_build_filename (g_get_home_dir (), ".ssh", "known_hosts", NULL);
      s->global_known_hosts = xn_ssh_default_app_known_hosts_file ();
    }
  s->pump_fd = sv[1];
  s->wake[0] = s->wake[1] = -1;
  if (out_fd < 0 || !g_unix_open_pipe (s->wake, FD_CLOEXEC, &error))
    {
      if (out_fd >= 0)
        close (out_fd);
      close (sv[0]);
      session_unref (s);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("Cannot create a pipe: %s"), error ? error->message : g_strerror (errno));
      return;
    }
  in = g_unix_input_stream_new (sv[0], TRUE);
  out = g_unix_output_stream_new (out_fd, TRUE);
  s->stream = g_simple_io_stream_new (in, out);
  s->task = g_object_ref (task);
  g_task_set_task_data (task, session_ref (s), session_unref);
  self->session = session_ref (s);

  thread_started ();
  thread = g_thread_try_new ("xn-ssh", session_thread, s, &error);
  if (thread == NULL)
    {
      thread_ended ();
      g_clear_object (&s->task);
      session_unref (s);
      g_clear_pointer (&self->session, session_unref);
      g_task_return_error (task, g_steal_pointer (&error));
    }
}

/**
 * xn_ssh_transport_open_finish:
 *
 * On %XN_SSH_ERROR_UNKNOWN_HOST_KEY, show
 * xn_ssh_transport_get_host_key_fingerprint() and let the user decide.
 *
 * Returns: (transfer full): the subsystem's byte stream, for
 *   xn_host_connection_new_for_stream(), or %NULL with @error set
 */
GIOStream *
xn_ssh_transport_open_finish (XnSshTransport  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  Session *s;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  s = g_task_get_task_data (G_TASK (result));
  g_free (self->fingerprint);
  g_free (self->entry);
  self->fingerprint = g_strdup (s->fingerprint);
  self->entry = g_strdup (s->entry);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * xn_ssh_transport_close:
 *
 * Ends the session (if any) without waiting: its thread disconnects and
 * the stream sees end-of-file.
 */
void
xn_ssh_transport_close (XnSshTransport *self)
{
  g_return_if_fail (XN_IS_SSH_TRANSPORT (self));

  if (self->session == NULL)
    return;
  if (self->session->wake[1] >= 0)
    {
      char c = 0;

      (void) !write (self->session->wake[1], &c, 1);
    }
  g_clear_pointer (&self->session, session_unref);
}

/**
 * xn_ssh_transport_get_host_key_fingerprint:
 *
 * Returns: (nullable): the SHA-256 fingerprint ("SHA256:…", as
 *   `ssh-keygen -l` prints it) of the key the host presented on the last
 *   finished open, or %NULL if none got that far
 */
const char *
xn_ssh_transport_get_host_key_fingerprint (XnSshTransport *self)
{
  g_return_val_if_fail (XN_IS_SSH_TRANSPORT (self), NULL);
  return self->fingerprint;
}

/**
 * xn_ssh_transport_trust_host_key:
 * @fingerprint: the fingerprint the user accepted
 *
 * Adds the key seen on the last open to the known_hosts file, but only if
 * it is the one the user was shown (@fingerprint), so that a key swapped
 * in between cannot be trusted by accident.
 *
 * Returns: %TRUE once added
 */
gboolean
xn_ssh_transport_trust_host_key (XnSshTransport  *self,
                                 const char      *fingerprint,
                                 GError         **error)
{
  g_autofree char *dir = NULL;
  const char *path;
  gsize len;
  int fd;
  gboolean ok;

  g_return_val_if_fail (XN_IS_SSH_TRANSPORT (self), FALSE);
  g_return_val_if_fail (fingerprint != NULL, FALSE);

  if (self->entry == NULL || g_strcmp0 (self->fingerprint, fingerprint) != 0)
    {
      g_set_error (error, XN_SSH_ERROR, XN_SSH_ERROR_FAILED,
                   _("The host key %s was not presented by %s on the last connection"),
                   fingerprint, self->host);
      return FALSE;
    }
  path = xn_ssh_transport_get_known_hosts_file (self);
  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int e = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (e),
                   _("Cannot create %s: %s"), dir, g_strerror (e));
      return FALSE;
    }
  fd = g_open (path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  len = strlen (self->entry);
  ok = fd >= 0 && write_all (fd, self->entry, len)
       && (len > 0 && self->entry[len - 1] == '\n' ? TRUE : write_all (fd, "\n", 1));
  if (fd >= 0 && close (fd) != 0)
    ok = FALSE;
  if (!ok)
    {
      int e = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (e),
                   _("Cannot add the host key to %s: %s"), path, g_strerror (e));
      return FALSE;
    }
  return TRUE;
}
