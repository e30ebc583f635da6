/* xn-local-host.c: the embedded simulated host the application runs
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * So that Live mode shows a host on first start, the application runs its
 * own xenon-hostd on the simulated backend, built from the demo policy,
 * as a child process: private socket, state kept in the user's data
 * directory (violations and history survive a restart), an empty trust
 * directory.  It is an ordinary daemon: the app talks D-Bus to it through
 * an XnRemoteHost like to any other host.
 */

#define G_LOG_DOMAIN "xn-local-host"

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "xn-local-host.h"

struct _XnLocalHost
{
  GObject       parent_instance;

  char         *hostd;
  char         *policy;
  char         *state_dir;
  char         *socket_path;
  GSubprocess  *proc;
  XnRemoteHost *host;
  guint         poll_id;
  GTask        *starting;
  gint64        deadline;
};

G_DEFINE_FINAL_TYPE (XnLocalHost, xn_local_host, G_TYPE_OBJECT)

static void
xn_local_host_dispose (GObject *object)
{
  XnLocalHost *self = XN_LOCAL_HOST (object);

  xn_local_host_stop (self);
  g_clear_object (&self->host);

  G_OBJECT_CLASS (xn_local_host_parent_class)->dispose (object);
}

static void
xn_local_host_finalize (GObject *object)
{
  XnLocalHost *self = XN_LOCAL_HOST (object);

  g_free (self->hostd);
  g_free (self->policy);
  g_free (self->state_dir);
  g_free (self->socket_path);

  G_OBJECT_CLASS (xn_local_host_parent_class)->finalize (object);
}

static void
xn_local_host_class_init (XnLocalHostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = xn_local_host_dispose;
  object_class->finalize = xn_local_host_finalize;
}

static void
xn_local_host_init (XnLocalHost *self)
{
}

/**
 * xn_local_host_default_hostd:
 *
 * The daemon to run: $XENON_HOSTD (uninstalled runs, tests) or the
 * installed one.
 *
 * Returns: (transfer full): a path
 */
char *
xn_local_host_default_hostd (void)
{
  const char *env = g_getenv ("XENON_HOSTD");

  return env != NULL && *env != '\0' ? g_strdup (env) : g_build_filename (LIBEXECDIR, "xenon-hostd", NULL);
}

/**
 * xn_local_host_default_policy:
 *
 * The policy the simulated host is built from: $XENON_DEMO_POLICY or the
 * installed demo.
 *
 * Returns: (transfer full): a path
 */
char *
xn_local_host_default_policy (void)
{
  const char *env = g_getenv ("XENON_DEMO_POLICY");

  return env != NULL && *env != '\0' ? g_strdup (env)
                                     : g_build_filename (PKGDATADIR, "xenon-enterprise-demo.xml", NULL);
}

/**
 * xn_local_host_new:
 * @hostd: the xenon-hostd executable
 * @policy: the policy the simulated host is built from
 * @state_dir: where the daemon keeps its store (created if missing)
 *
 * Returns: (transfer full): a stopped local host
 */
XnLocalHost *
xn_local_host_new (const char *hostd,
                   const char *policy,
                   const char *state_dir)
{
  XnLocalHost *self = g_object_new (XN_TYPE_LOCAL_HOST, NULL);

  self->hostd = g_strdup (hostd);
  self->policy = g_strdup (policy);
  self->state_dir = g_strdup (state_dir);
  /* Under the state directory, not /run: the user owns it, and a unix
   * socket path must stay short (108 bytes). */
  self->socket_path = g_build_filename (state_dir, "hostd.sock", NULL);
  self->host = xn_remote_host_new_local ("localhost", self->socket_path);
  return self;
}

static void
fail_start (XnLocalHost *self,
            GError      *error)
{
  GTask *task = g_steal_pointer (&self->starting);

  g_clear_handle_id (&self->poll_id, g_source_remove);
  xn_local_host_stop (self);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(XnLocalHost) self = user_data;
  GError *error = NULL;
  GTask *task;

  if (self->starting == NULL)
    return;
  if (!xn_remote_host_connect_finish (XN_REMOTE_HOST (source), result, &error))
    {
      fail_start (self, error);
      return;
    }
  task = g_steal_pointer (&self->starting);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static gboolean
poll_socket_cb (gpointer user_data)
{
  XnLocalHost *self = user_data;

  if (self->proc != NULL && g_subprocess_get_identifier (self->proc) == NULL)
    {
      self->poll_id = 0;
      fail_start (self, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                     _("The simulated host's daemon (%s) exited at start; "
                                       "run it by hand to see why"), self->hostd));
      return G_SOURCE_REMOVE;
    }
  if (g_file_test (self->socket_path, G_FILE_TEST_EXISTS))
    {
      self->poll_id = 0;
      xn_remote_host_connect_async (self->host, g_task_get_cancellable (self->starting),
                                    connected_cb, g_object_ref (self));
      return G_SOURCE_REMOVE;
    }
  if (g_get_monotonic_time () > self->deadline)
    {
      self->poll_id = 0;
      fail_start (self, g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                     _("The simulated host's daemon did not open %s within 20 s"),
                                     self->socket_path));
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* Keeps the daemon's key file: sampling every second so the graphs move,
 * the compromised user_vm_1 and two well-behaved domains running. */
static gboolean
ensure_config (XnLocalHost  *self,
               GError      **error)
{
  g_autofree char *conf = g_build_filename (self->state_dir, "hostd.conf", NULL);
  g_autofree char *trust = g_build_filename (self->state_dir, "trust", NULL);

  if (g_mkdir_with_parents (trust, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _("Cannot create %s: %s"), trust, g_strerror (errno));
      return FALSE;
    }
  if (g_file_test (conf, G_FILE_TEST_EXISTS))
    return TRUE;
  return g_file_set_contents (conf,
                              "# Written by xenon-manager for its embedded simulated host.\n"
                              "[hostd]\nsample-interval-ms=1000\n"
                              "[sim]\nautostart=user_vm_1;user_vm_2;firewall;nids\n",
                              -1, error);
}

/* The daemon must not outlive the app, even one that crashed. */
static void
child_setup (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/**
 * xn_local_host_start_async:
 *
 * Runs the daemon and connects to it; the GTK thread never waits.
 */
void
xn_local_host_start_async (XnLocalHost         *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *trust = g_build_filename (self->state_dir, "trust", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  GError *error = NULL;

  g_return_if_fail (XN_IS_LOCAL_HOST (self));

  if (self->starting != NULL || self->proc != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("The simulated host is already running"));
      return;
    }
  if (!ensure_config (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_unlink (self->socket_path);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  self->proc = g_subprocess_launcher_spawn (launcher, &error, self->hostd,
                                            "--backend", "sim", "--socket", self->socket_path,
                                            "--state-dir", self->state_dir, "--trust-dir", trust,
                                            "--sim-policy", self->policy, "--host-name", "localhost", NULL);
  if (self->proc == NULL)
    {
      g_task_return_new_error (task, error->domain, error->code,
                               _("Cannot run the simulated host's daemon %s: %s"),
                               self->hostd, error->message);
      g_error_free (error);
      return;
    }
  self->starting = g_steal_pointer (&task);
  self->deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  self->poll_id = g_timeout_add (50, poll_socket_cb, self);
}

gboolean
xn_local_host_start_finish (XnLocalHost   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * xn_local_host_get_host:
 *
 * Returns: (transfer none): the host entry that talks to the daemon
 */
XnRemoteHost *
xn_local_host_get_host (XnLocalHost *self)
{
  g_return_val_if_fail (XN_IS_LOCAL_HOST (self), NULL);

  return self->host;
}

/**
 * xn_local_host_is_running:
 *
 * Returns: whether the daemon process is alive
 */
gboolean
xn_local_host_is_running (XnLocalHost *self)
{
  g_return_val_if_fail (XN_IS_LOCAL_HOST (self), FALSE);

  return self->proc != NULL && g_subprocess_get_identifier (self->proc) != NULL;
}

/**
 * xn_local_host_stop:
 *
 * Disconnects and ends the daemon (SIGTERM, then SIGKILL after 3 s).
 */
void
xn_local_host_stop (XnLocalHost *self)
{
  gint64 deadline;

  g_return_if_fail (XN_IS_LOCAL_HOST (self));

  if (self->host != NULL)
    xn_remote_host_disconnect (self->host);
  if (self->proc == NULL)
    return;
  g_subprocess_send_signal (self->proc, SIGTERM);
  deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  while (g_subprocess_get_identifier (self->proc) != NULL && g_get_monotonic_time () < deadline)
    {
      /* The child watch reaps it from the main context. */
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (10000);
    }
  if (g_subprocess_get_identifier (self->proc) != NULL)
    g_subprocess_force_exit (self->proc);
  g_subprocess_wait (self->proc, NULL, NULL);
  g_clear_object (&self->proc);
}
