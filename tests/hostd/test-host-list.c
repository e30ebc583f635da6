/* test-host-list.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Host entries and the host list: the key file they are kept in, the
 * reconnect backoff, and the local entry (the daemon's Unix socket, as
 * for the simulated host) against the real xenon-hostd on the sim
 * backend: connect, lose it, get it back, and the bounded pool. */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <unistd.h>

#include "xn-host-list.h"
#include "xn-test-async.h"
#include "xn-test-host.h"
#include "xn-test.h"

START_TEST (test_backoff_delay)
{
  for (guint i = 0; i < 200; i++)
    {
      guint d0 = xn_remote_host_backoff_delay_ms (0, 500, 60000);
      guint d3 = xn_remote_host_backoff_delay_ms (3, 500, 60000);
      guint d30 = xn_remote_host_backoff_delay_ms (30, 500, 60000);

      /* Doubling per attempt, jittered within [d/2, d], capped. */
      ck_assert_uint_ge (d0, 250);
      ck_assert_uint_le (d0, 500);
      ck_assert_uint_ge (d3, 2000);
      ck_assert_uint_le (d3, 4000);
      ck_assert_uint_ge (d30, 30000);
      ck_assert_uint_le (d30, 60000);
    }
  /* The jitter really varies. */
  {
    guint first = xn_remote_host_backoff_delay_ms (5, 500, 60000);
    gboolean varied = FALSE;

    for (guint i = 0; i < 50 && !varied; i++)
      varied = xn_remote_host_backoff_delay_ms (5, 500, 60000) != first;
    ck_assert (varied);
  }
}
END_TEST

START_TEST (test_list_persist)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("xn-test-hosts-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "hosts.conf", NULL);
  g_autoptr(XnHostList) list = xn_host_list_new (path);
  g_autoptr(XnHostList) again = xn_host_list_new (path);
  g_autoptr(XnRemoteHost) a = xn_remote_host_new_ssh ("dom0-a", "192.0.2.7", 2222, "secadmin", "/keys/id_ed25519");
  g_autoptr(XnRemoteHost) local = xn_remote_host_new_local ("localhost", "/run/xenon/hostd.sock");
  g_autoptr(XnRemoteHost) dup = xn_remote_host_new_ssh ("dom0-a", "192.0.2.8", 22, NULL, NULL);
  g_autoptr(XnRemoteHost) bad = xn_remote_host_new_ssh ("a[b]", "192.0.2.9", 22, NULL, NULL);
  g_autoptr(XnRemoteHost) b = NULL;

  ck_assert (xn_host_list_load (list, &error));   /* no file: empty */
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (list)), 0);
  ck_assert_msg (xn_host_list_add (list, a, &error), "%s", error ? error->message : "");
  ck_assert (xn_host_list_add (list, local, &error));
  ck_assert (!xn_host_list_add (list, dup, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS));
  g_clear_error (&error);
  ck_assert (!xn_host_list_add (list, bad, &error));
  ck_assert_msg (strstr (error->message, "a[b]") != NULL, "%s", error->message);
  g_clear_error (&error);

  ck_assert_msg (xn_host_list_load (again, &error), "%s", error ? error->message : "");
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (again)), 2);
  b = g_list_model_get_item (G_LIST_MODEL (again), 0);
  ck_assert_str_eq (xn_remote_host_get_name (b), "dom0-a");
  ck_assert_int_eq (xn_remote_host_get_kind (b), XN_REMOTE_HOST_SSH);
  ck_assert_str_eq (xn_remote_host_get_address (b), "192.0.2.7");
  ck_assert_uint_eq (xn_remote_host_get_port (b), 2222);
  ck_assert_str_eq (xn_remote_host_get_user (b), "secadmin");
  ck_assert_str_eq (xn_remote_host_get_identity_file (b), "/keys/id_ed25519");
  ck_assert_int_eq (xn_remote_host_get_state (b), XN_REMOTE_HOST_DISCONNECTED);
  ck_assert_int_eq (xn_remote_host_get_kind (xn_host_list_lookup (again, "localhost")), XN_REMOTE_HOST_LOCAL);
  ck_assert_str_eq (xn_remote_host_get_socket_path (xn_host_list_lookup (again, "localhost")),
                    "/run/xenon/hostd.sock");

  ck_assert (xn_host_list_remove (list, "dom0-a", &error));
  ck_assert (!xn_host_list_remove (list, "dom0-a", &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND));
  g_clear_error (&error);
  ck_assert (xn_host_list_load (again, &error));
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (again)), 1);

  /* Bad files are refused, naming the entry. */
  ck_assert (g_file_set_contents (path, "[h1]\nKind=telnet\n", -1, NULL));
  ck_assert (!xn_host_list_load (again, &error));
  ck_assert_msg (strstr (error->message, "h1") != NULL && strstr (error->message, "telnet") != NULL,
                 "%s", error->message);
  g_clear_error (&error);
  ck_assert (g_file_set_contents (path, "[h2]\nKind=ssh\nAddress=x\nPort=70000\n", -1, NULL));
  ck_assert (!xn_host_list_load (again, &error));
  ck_assert_msg (strstr (error->message, "h2") != NULL && strstr (error->message, "Port") != NULL,
                 "%s", error->message);
  g_clear_error (&error);
  /* A refused file leaves the list as it was. */
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (again)), 1);
  g_unlink (path);
  g_rmdir (dir);
}
END_TEST

START_TEST (test_local_connect)
{
  g_autoptr(GError) error = NULL;
  XnTestDaemon d = { 0 };
  g_autoptr(XnRemoteHost) host = NULL;
  g_auto(GStrv) roles = NULL;
  guint uid = G_MAXUINT;
  XnTestWait w = { 0 };

  xn_test_daemon_start (&d);
  host = xn_remote_host_new_local ("localhost", d.socket);
  xn_remote_host_set_backoff (host, 100, 400);
  xn_remote_host_connect_async (host, NULL, xn_test_wait_cb, &w);
  ck_assert_int_eq (xn_remote_host_get_state (host), XN_REMOTE_HOST_CONNECTING);
  xn_test_wait_for (&w.done, 20);
  ck_assert_msg (xn_remote_host_connect_finish (host, w.result, &error), "%s", error ? error->message : "");
  g_object_unref (w.result);
  ck_assert_int_eq (xn_remote_host_get_state (host), XN_REMOTE_HOST_CONNECTED);
  ck_assert (xn_host1_call_get_my_roles_sync (xn_remote_host_get_proxy (host), &uid, &roles, NULL, &error));
  ck_assert_uint_eq (uid, getuid ());
  /* The host caches what GetMyRoles says, for greying actions. */
  ck_assert (xn_remote_host_get_roles (host) != NULL);
  ck_assert_uint_eq (g_strv_length ((char **) xn_remote_host_get_roles (host)), g_strv_length (roles));
  for (guint i = 0; roles[i] != NULL; i++)
    ck_assert (xn_remote_host_has_role (host, roles[i]));
  ck_assert (!xn_remote_host_has_role (host, "no-such-role"));

  /* The daemon dies: the entry says so and retries until it is back. */
  xn_test_daemon_kill (&d);
  ck_assert_msg (xn_test_host_is (host, XN_REMOTE_HOST_FAILED, 10), "state %d",
                 xn_remote_host_get_state (host));
  ck_assert_msg (strstr (xn_remote_host_get_message (host), "reconnecting") != NULL, "%s",
                 xn_remote_host_get_message (host));
  g_usleep (600 * 1000);
  xn_test_daemon_start (&d);
  ck_assert_msg (xn_test_host_is (host, XN_REMOTE_HOST_CONNECTED, 20), "state %d: %s",
                 xn_remote_host_get_state (host), xn_remote_host_get_message (host));
  g_clear_pointer (&roles, g_strfreev);
  ck_assert_msg (xn_host1_call_get_my_roles_sync (xn_remote_host_get_proxy (host), &uid, &roles, NULL, &error),
                 "%s", error ? error->message : "");

  /* A deliberate disconnect is not retried. */
  xn_remote_host_disconnect (host);
  ck_assert_int_eq (xn_remote_host_get_state (host), XN_REMOTE_HOST_DISCONNECTED);
  ck_assert (xn_remote_host_get_proxy (host) == NULL);
  ck_assert (!xn_test_host_is (host, XN_REMOTE_HOST_CONNECTED, 1));
  xn_test_daemon_clear (&d);
}
END_TEST

static gboolean
op_later_cb (gpointer data)
{
  GTask *task = data;

  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static void
op_start (XnRemoteHost        *host,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             callback_data,
          gpointer             user_data)
{
  GTask *task = g_task_new (host, cancellable, callback, callback_data);

  ck_assert_int_eq (xn_remote_host_get_state (host), XN_REMOTE_HOST_CONNECTED);
  g_timeout_add (30, op_later_cb, task);
}

START_TEST (test_local_pool)
{
  g_autoptr(GError) error = NULL;
  XnTestDaemon d = { 0 };
  g_autoptr(XnHostList) list = xn_host_list_new (NULL);
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *missing = NULL;
  XnTestPoolCount c = { 0 };
  XnTestWait w = { 0 };

  xn_test_daemon_start (&d);
  missing = g_build_filename (d.dir, "nobody.sock", NULL);
  for (guint i = 0; i < 9; i++)
    {
      g_autofree char *name = g_strdup_printf ("sim-%u", i);
      g_autoptr(XnRemoteHost) h = xn_remote_host_new_local (name, i == 4 ? missing : d.socket);

      ck_assert (xn_host_list_add (list, h, &error));
    }
  xn_host_list_foreach_async (list, NULL, 4, op_start, xn_test_pool_finish, xn_test_pool_progress, &c,
                              NULL, xn_test_wait_cb, &w);
  xn_test_wait_for (&w.done, 30);
  ck_assert (w.done);
  results = xn_host_list_foreach_finish (list, w.result, &error);
  g_object_unref (w.result);
  ck_assert_uint_eq (results->len, 9);
  ck_assert_uint_eq (c.peak, 4);
  ck_assert_uint_eq (c.succeeded, 8);
  ck_assert_uint_eq (c.failed, 1);
  ck_assert (((XnHostOpResult *) g_ptr_array_index (results, 4))->error != NULL);
  ck_assert (((XnHostOpResult *) g_ptr_array_index (results, 3))->error == NULL);
  ck_assert_int_eq (xn_remote_host_get_state (xn_host_list_lookup (list, "sim-4")), XN_REMOTE_HOST_FAILED);
  xn_test_daemon_clear (&d);
}
END_TEST

static Suite *
host_list_suite (void)
{
  Suite *s = suite_create ("host-list");
  TCase *tc = tcase_create ("host-list");

  tcase_set_timeout (tc, 90);
  tcase_add_test (tc, test_backoff_delay);
  tcase_add_test (tc, test_list_persist);
  tcase_add_test (tc, test_local_connect);
  tcase_add_test (tc, test_local_pool);
  suite_add_tcase (s, tc);
  return s;
}

XN_TEST_MAIN (host_list_suite)
