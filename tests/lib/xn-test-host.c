/* xn-test-host.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "xn-test-host.h"
#include "xn-test.h"

/* Starts the daemon (again, with the same directory and store, after
 * xn_test_daemon_kill()) and waits for its socket. A daemon that does
 * not come up ends the test. */
void
xn_test_daemon_start (XnTestDaemon *d)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL, *trust = NULL, *conf = NULL;
  g_autofree char *demo = xn_test_data_path ("xenon-enterprise-demo.xml");
  const char *exe = g_getenv ("XN_HOSTD");
  gint64 deadline;

  if (exe == NULL)
    g_error ("XN_HOSTD is not set");
  if (d->dir == NULL)
    {
      d->dir = g_dir_make_tmp ("xn-test-host-XXXXXX", NULL);
      d->socket = g_build_filename (d->dir, "hostd.sock", NULL);
    }
  state = g_build_filename (d->dir, "state", NULL);
  trust = g_build_filename (d->dir, "trust", NULL);
  conf = g_build_filename (state, "hostd.conf", NULL);
  g_mkdir_with_parents (state, 0700);
  g_mkdir_with_parents (trust, 0700);
  if (!g_file_set_contents (conf, "[hostd]\nsample-interval-ms=200\n[sim]\ntick-ms=50\n", -1, &error))
    g_error ("%s", error->message);
  g_unlink (d->socket);
  d->proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error, exe, "--socket", d->socket, "--state-dir", state,
                              "--trust-dir", trust, "--backend", "sim", "--sim-policy", demo,
                              "--host-name", "localhost", NULL);
  if (d->proc == NULL)
    g_error ("%s", error->message);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!g_file_test (d->socket, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < deadline)
    g_usleep (10000);
  if (!g_file_test (d->socket, G_FILE_TEST_EXISTS))
    g_error ("the daemon did not come up");
}

void
xn_test_daemon_kill (XnTestDaemon *d)
{
  if (d->proc == NULL)
    return;
  g_subprocess_force_exit (d->proc);
  g_subprocess_wait (d->proc, NULL, NULL);
  g_clear_object (&d->proc);
}

/* Kills the daemon and removes its directory. */
void
xn_test_daemon_clear (XnTestDaemon *d)
{
  const char *argv[] = { "rm", "-rf", d->dir, NULL };

  xn_test_daemon_kill (d);
  if (d->dir != NULL)
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  g_clear_pointer (&d->dir, g_free);
  g_clear_pointer (&d->socket, g_free);
}

/* Iterates the default main context until @host is in @state or
 * @seconds pass; whether it got there. */
gboolean
xn_test_host_is (XnRemoteHost      *host,
                 XnRemoteHostState  state,
                 guint              seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (xn_remote_host_get_state (host) != state && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
  return xn_remote_host_get_state (host) == state;
}

/* The finish of an operation whose start returns a boolean GTask. */
gboolean
xn_test_pool_finish (XnRemoteHost  *host,
                     GAsyncResult  *result,
                     gpointer       user_data,
                     GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Progress into the XnTestPoolCount @user_data: how many ran at once at
 * most, and how each ended. */
void
xn_test_pool_progress (XnRemoteHost   *host,
                       XnHostOpStatus  status,
                       const GError   *error,
                       gpointer        user_data)
{
  XnTestPoolCount *c = user_data;

  if (status == XN_HOST_OP_STARTED)
    {
      c->started++;
      c->in_flight++;
      c->peak = MAX (c->peak, c->in_flight);
      return;
    }
  c->in_flight--;
  if (status == XN_HOST_OP_SUCCEEDED)
    c->succeeded++;
  else
    c->failed++;
}
