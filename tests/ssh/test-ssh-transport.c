/* test-ssh-transport.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The libssh transport and the host entries over a real OpenSSH sshd on
 * loopback whose "xenon" subsystem bridges to a real xenon-hostd on the
 * simulated host.  Runs without forking (CK_NOFORK unless CK_FORK is set)
 * because one test restarts sshd and the suite's teardown must know the
 * PID it kills. */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <unistd.h>

#include "xn-host-connection.h"
#include "xn-host-list.h"
#include "xn-ssh-transport.h"
#include "xn-test-async.h"
#include "xn-test-host.h"
#include "xn-test.h"
#include "xn-sshd-fixture.h"

static XnSshd sshd;
static GSubprocess *daemon_proc;
static char *daemon_dir;
static char *daemon_socket;
static gboolean ready;

static void
suite_setup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL, *trust = NULL, *conf = NULL, *subsystem = NULL;
  g_autofree char *demo = xn_test_data_path ("xenon-enterprise-demo.xml");
  const char *exe = g_getenv ("XN_HOSTD");
  gint64 deadline;

  if (xn_sshd_unavailable () != NULL || exe == NULL)
    return;
  daemon_dir = g_dir_make_tmp ("xn-test-ssh-hostd-XXXXXX", NULL);
  ck_assert (daemon_dir != NULL);
  state = g_build_filename (daemon_dir, "state", NULL);
  trust = g_build_filename (daemon_dir, "trust", NULL);
  conf = g_build_filename (state, "hostd.conf", NULL);
  daemon_socket = g_build_filename (daemon_dir, "hostd.sock", NULL);
  g_mkdir_with_parents (state, 0700);
  g_mkdir_with_parents (trust, 0700);
  ck_assert (g_file_set_contents (conf, "[hostd]\nsample-interval-ms=200\n[sim]\ntick-ms=50\n", -1, NULL));
  daemon_proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                  &error, exe, "--socket", daemon_socket, "--state-dir", state,
                                  "--trust-dir", trust, "--backend", "sim", "--sim-policy", demo,
                                  "--host-name", "localhost", NULL);
  ck_assert_msg (daemon_proc != NULL, "%s", error ? error->message : "");
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!g_file_test (daemon_socket, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < deadline)
    g_usleep (10000);
  ck_assert_msg (g_file_test (daemon_socket, G_FILE_TEST_EXISTS), "the daemon did not come up");

  subsystem = g_strdup_printf ("%s --stdio-bridge --socket %s", exe, daemon_socket);
  ck_assert_msg (xn_sshd_start (&sshd, subsystem, &error), "%s", error ? error->message : "");
  ready = TRUE;
}

static void
suite_teardown (void)
{
  xn_sshd_stop (&sshd);
  if (daemon_proc != NULL)
    {
      g_subprocess_send_signal (daemon_proc, SIGTERM);
      g_subprocess_wait (daemon_proc, NULL, NULL);
      g_clear_object (&daemon_proc);
    }
  xn_sshd_rm_rf (sshd.dir);
  xn_sshd_rm_rf (daemon_dir);
  xn_sshd_free (&sshd);
}

static void
at_exit (void)
{
  /* Also on an abort between setup and teardown. */
  xn_sshd_stop (&sshd);
  if (daemon_proc != NULL)
    g_subprocess_force_exit (daemon_proc);
}

static GIOStream *
open_stream (XnSshTransport  *t,
             GError         **error)
{
  XnTestWait w = { 0 };
  GIOStream *stream;

  xn_ssh_transport_open_async (t, NULL, xn_test_wait_cb, &w);
  xn_test_wait_for (&w.done, 30);
  ck_assert_msg (w.done, "open did not finish");
  stream = xn_ssh_transport_open_finish (t, w.result, error);
  g_object_unref (w.result);
  return stream;
}

static XnSshTransport *
new_transport (const char *known_hosts,
               const char *key)
{
  XnSshTransport *t = xn_ssh_transport_new ("127.0.0.1", sshd.port, "root");

  xn_ssh_transport_set_identity_file (t, key != NULL ? key : sshd.user_key);
  xn_ssh_transport_set_known_hosts_file (t, known_hosts);
  return t;
}

static char *
trusted_known_hosts (void)
{
  g_autofree char *pub_path = g_strconcat (sshd.host_key, ".pub", NULL);
  g_autofree char *pub = NULL;
  g_autofree char *path = g_build_filename (sshd.dir, "known_hosts.trusted", NULL);
  g_autofree char *line = NULL;

  ck_assert (g_file_get_contents (pub_path, &pub, NULL, NULL));
  line = g_strdup_printf ("[127.0.0.1]:%u %s", sshd.port, pub);
  ck_assert (g_file_set_contents (path, line, -1, NULL));
  return g_steal_pointer (&path);
}

/* main() has already skipped (77) where sshd cannot run; a fixture that
 * did not come up here is a failure, never a quiet pass. */
#define REQUIRE_READY() \
  ck_assert_msg (ready, "the sshd and daemon fixture is not ready: %s", \
                 xn_sshd_unavailable () ? xn_sshd_unavailable () : "its set-up failed")

START_TEST (test_first_contact)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pub = g_strconcat (sshd.host_key, ".pub", NULL);
  g_autofree char *expect = xn_sshd_fingerprint (pub);
  g_autofree char *kh = g_build_filename (sshd.dir, "known_hosts.first", NULL);
  g_autofree char *kh_text = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(XnSshTransport) t = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(XnHostConnection) conn = NULL;
  g_autoptr(GVariant) info = NULL;
  g_auto(GStrv) roles = NULL;
  const char *host_name = NULL;
  guint uid = 1;
  XnTestWait w = { 0 };
  guint subsystems;

  REQUIRE_READY ();
  ck_assert (expect != NULL && g_str_has_prefix (expect, "SHA256:"));
  t = new_transport (kh, NULL);
  subsystems = xn_sshd_log_count (&sshd, "subsystem 'xenon'");

  /* First contact: refused, with the key's fingerprint to show. */
  stream = open_stream (t, &error);
  ck_assert (stream == NULL);
  ck_assert_msg (g_error_matches (error, XN_SSH_ERROR, XN_SSH_ERROR_UNKNOWN_HOST_KEY),
                 "%s", error->message);
  ck_assert_str_eq (xn_ssh_transport_get_host_key_fingerprint (t), expect);
  ck_assert_msg (strstr (error->message, expect) != NULL, "%s", error->message);
  ck_assert_uint_eq (xn_sshd_log_count (&sshd, "subsystem 'xenon'"), subsystems);
  g_clear_error (&error);

  /* Trusting a fingerprint the user was not shown does nothing. */
  ck_assert (!xn_ssh_transport_trust_host_key (t, "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", &error));
  ck_assert (!g_file_test (kh, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  ck_assert_msg (xn_ssh_transport_trust_host_key (t, expect, &error), "%s", error ? error->message : "");
  ck_assert (g_file_get_contents (kh, &kh_text, NULL, NULL));
  prefix = g_strdup_printf ("[127.0.0.1]:%u ssh-ed25519 ", sshd.port);
  ck_assert_msg (g_str_has_prefix (kh_text, prefix), "%s", kh_text);

  /* Now it connects, and D-Bus runs over the channel. */
  stream = open_stream (t, &error);
  ck_assert_msg (stream != NULL, "%s", error ? error->message : "");
  xn_host_connection_new_for_stream_async (stream, NULL, xn_test_wait_cb, &w);
  xn_test_wait_for (&w.done, 30);
  conn = xn_host_connection_new_finish (w.result, &error);
  g_object_unref (w.result);
  ck_assert_msg (conn != NULL, "%s", error ? error->message : "");

  ck_assert_msg (xn_host1_call_get_host_info_sync (xn_host_connection_get_proxy (conn), &info, NULL, &error),
                 "%s", error ? error->message : "");
  ck_assert (g_variant_lookup (info, "hostname", "&s", &host_name));
  ck_assert_str_eq (host_name, "localhost");
  ck_assert_msg (xn_host1_call_get_my_roles_sync (xn_host_connection_get_proxy (conn), &uid, &roles, NULL, &error),
                 "%s", error ? error->message : "");
  /* The bridge runs as the SSH user, root: every role. */
  ck_assert_uint_eq (uid, 0);
  ck_assert (g_strv_contains ((const char *const *) roles, "monitor"));
  ck_assert (g_strv_contains ((const char *const *) roles, "sysadmin"));
  ck_assert (g_strv_contains ((const char *const *) roles, "secadmin"));
  ck_assert_uint_eq (xn_sshd_log_count (&sshd, "subsystem 'xenon'"), subsystems + 1);

  /* A reply that sshd sends in several packets (the policy document):
   * reading the channel's stderr makes libssh read the socket, which once
   * left stdout data in libssh's buffer while the pump slept on poll(). */
  {
    g_autoptr(GVariant) doc = NULL;
    g_autofree char *name = NULL, *signer = NULL;
    guint64 serial = 0;
    gint64 applied = 0;

    g_dbus_proxy_set_default_timeout (G_DBUS_PROXY (xn_host_connection_get_proxy (conn)), 10000);
    for (guint i = 0; i < 5; i++)
      {
        g_clear_pointer (&doc, g_variant_unref);
        g_clear_pointer (&name, g_free);
        g_clear_pointer (&signer, g_free);
        ck_assert_msg (xn_host1_call_get_policy_sync (xn_host_connection_get_proxy (conn), &serial, &name,
                                                      &signer, &applied, &doc, NULL, &error),
                       "GetPolicy over SSH, try %u: %s", i, error ? error->message : "");
        ck_assert_uint_gt (g_variant_n_children (doc), 12000);
      }
  }
}
END_TEST

START_TEST (test_changed_key)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *other = g_build_filename (sshd.dir, "other_host_key", NULL);
  g_autofree char *other_pub = g_strconcat (other, ".pub", NULL);
  g_autofree char *pub = NULL, *line = NULL;
  g_autofree char *kh = g_build_filename (sshd.dir, "known_hosts.changed", NULL);
  g_autoptr(XnSshTransport) t = NULL;
  g_autoptr(GIOStream) stream = NULL;
  guint subsystems, accepted;

  REQUIRE_READY ();
  /* known_hosts records another key for this host and port. */
  ck_assert (xn_sshd_keygen (other));
  ck_assert (g_file_get_contents (other_pub, &pub, NULL, NULL));
  line = g_strdup_printf ("[127.0.0.1]:%u %s", sshd.port, pub);
  ck_assert (g_file_set_contents (kh, line, -1, NULL));
  subsystems = xn_sshd_log_count (&sshd, "subsystem 'xenon'");
  accepted = xn_sshd_log_count (&sshd, "Accepted publickey");

  t = new_transport (kh, NULL);
  stream = open_stream (t, &error);
  ck_assert (stream == NULL);
  ck_assert_msg (g_error_matches (error, XN_SSH_ERROR, XN_SSH_ERROR_HOST_KEY_CHANGED), "%s", error->message);
  ck_assert_msg (strstr (error->message, "CHANGED") != NULL, "%s", error->message);
  /* Nothing was sent: no authentication, no subsystem, no D-Bus. */
  ck_assert_uint_eq (xn_sshd_log_count (&sshd, "Accepted publickey"), accepted);
  ck_assert_uint_eq (xn_sshd_log_count (&sshd, "subsystem 'xenon'"), subsystems);
  /* And the key cannot be "trusted" over the recorded one by accident. */
  ck_assert (!xn_ssh_transport_trust_host_key (t, "SHA256:x", NULL));
}
END_TEST

START_TEST (test_wrong_user_key)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *kh = trusted_known_hosts ();
  g_autofree char *stranger = g_build_filename (sshd.dir, "stranger_key", NULL);
  g_autofree char *missing = g_build_filename (sshd.dir, "no-such-key", NULL);
  g_autoptr(XnSshTransport) t = NULL;
  g_autoptr(XnSshTransport) t2 = NULL;
  g_autoptr(GIOStream) stream = NULL;

  REQUIRE_READY ();
  ck_assert (xn_sshd_keygen (stranger));
  t = new_transport (kh, stranger);
  stream = open_stream (t, &error);
  ck_assert (stream == NULL);
  ck_assert_msg (g_error_matches (error, XN_SSH_ERROR, XN_SSH_ERROR_AUTH), "%s", error->message);
  g_clear_error (&error);

  t2 = new_transport (kh, missing);
  stream = open_stream (t2, &error);
  ck_assert (stream == NULL);
  ck_assert_msg (g_error_matches (error, XN_SSH_ERROR, XN_SSH_ERROR_AUTH), "%s", error->message);
  ck_assert_msg (strstr (error->message, missing) != NULL, "%s", error->message);
}
END_TEST

START_TEST (test_connection_refused)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(XnSshTransport) t = xn_ssh_transport_new ("127.0.0.1", xn_sshd_free_port (), "root");
  g_autoptr(GIOStream) stream = NULL;

  REQUIRE_READY ();
  stream = open_stream (t, &error);
  ck_assert (stream == NULL);
  ck_assert_msg (g_error_matches (error, XN_SSH_ERROR, XN_SSH_ERROR_CONNECT), "%s", error->message);
}
END_TEST

typedef struct
{
  GArray *states;
  gint64  lost_at;
  gint64  retry_at;
} StateLog;

static void
state_cb (XnRemoteHost *host,
          GParamSpec   *pspec,
          gpointer      user_data)
{
  StateLog *log = user_data;
  int s = xn_remote_host_get_state (host);

  g_array_append_val (log->states, s);
  if (s == XN_REMOTE_HOST_FAILED && log->lost_at == 0)
    log->lost_at = g_get_monotonic_time ();
  if (s == XN_REMOTE_HOST_CONNECTING && log->lost_at != 0 && log->retry_at == 0)
    log->retry_at = g_get_monotonic_time ();
}

START_TEST (test_reconnect)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *kh = trusted_known_hosts ();
  g_autoptr(XnRemoteHost) host = xn_remote_host_new_ssh ("lo", "127.0.0.1", sshd.port, "root",
                                                         sshd.user_key);
  g_autoptr(GVariant) info = NULL;
  StateLog log = { g_array_new (FALSE, FALSE, sizeof (int)), 0, 0 };
  XnTestWait w = { 0 };
  guint attempts_seen = 0;

  REQUIRE_READY ();
  xn_remote_host_set_known_hosts_file (host, kh);
  xn_remote_host_set_backoff (host, 200, 800);
  g_signal_connect (host, "notify::state", G_CALLBACK (state_cb), &log);
  xn_remote_host_connect_async (host, NULL, xn_test_wait_cb, &w);
  xn_test_wait_for (&w.done, 30);
  ck_assert_msg (xn_remote_host_connect_finish (host, w.result, &error), "%s", error ? error->message : "");
  g_object_unref (w.result);
  ck_assert_int_eq (xn_remote_host_get_state (host), XN_REMOTE_HOST_CONNECTED);

  /* The host goes away: sshd stops and its sessions die. */
  xn_sshd_stop (&sshd);
  ck_assert_msg (xn_test_host_is (host, XN_REMOTE_HOST_FAILED, 10), "state %d",
                 xn_remote_host_get_state (host));
  ck_assert_msg (strstr (xn_remote_host_get_message (host), "reconnecting") != NULL, "%s",
                 xn_remote_host_get_message (host));
  /* Retries fail while it is down, each waiting longer. */
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (xn_remote_host_get_reconnect_attempts (host) < 3 && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
  }
  attempts_seen = xn_remote_host_get_reconnect_attempts (host);
  ck_assert_uint_ge (attempts_seen, 3);
  /* The first retry waited at least half the initial delay (jitter). */
  ck_assert_int_ge (log.retry_at - log.lost_at, 100 * 1000);

  /* It comes back on the same port, and so does the connection. */
  ck_assert_msg (xn_sshd_launch (&sshd, &error), "%s", error ? error->message : "");
  ck_assert_msg (xn_test_host_is (host, XN_REMOTE_HOST_CONNECTED, 15), "state %d: %s",
                 xn_remote_host_get_state (host), xn_remote_host_get_message (host));
  ck_assert_uint_eq (xn_remote_host_get_reconnect_attempts (host), 0);
  ck_assert_msg (xn_host1_call_get_host_info_sync (xn_remote_host_get_proxy (host), &info, NULL, &error),
                 "%s", error ? error->message : "");

  /* Killing the session alone also reconnects. */
  log.lost_at = log.retry_at = 0;
  ck_assert_uint_gt (xn_sshd_kill_sessions (&sshd), 0);
  ck_assert_msg (xn_test_host_is (host, XN_REMOTE_HOST_FAILED, 10), "state %d",
                 xn_remote_host_get_state (host));
  ck_assert_msg (xn_test_host_is (host, XN_REMOTE_HOST_CONNECTED, 15), "state %d: %s",
                 xn_remote_host_get_state (host), xn_remote_host_get_message (host));
  g_clear_pointer (&info, g_variant_unref);
  ck_assert_msg (xn_host1_call_get_host_info_sync (xn_remote_host_get_proxy (host), &info, NULL, &error),
                 "%s", error ? error->message : "");

  xn_remote_host_disconnect (host);
  ck_assert_int_eq (xn_remote_host_get_state (host), XN_REMOTE_HOST_DISCONNECTED);
  g_signal_handlers_disconnect_by_data (host, &log);
  g_array_unref (log.states);
}
END_TEST

static void
op_reply_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GVariant *info = NULL;
  GError *error = NULL;

  if (!xn_host1_call_get_host_info_finish (XN_HOST1 (source), &info, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_variant_unref (info);
  g_task_return_boolean (task, TRUE);
}

static gboolean
op_delayed_cb (gpointer data)
{
  GTask *task = data;
  XnRemoteHost *host = g_task_get_source_object (task);

  xn_host1_call_get_host_info (xn_remote_host_get_proxy (host), NULL, op_reply_cb, task);
  return G_SOURCE_REMOVE;
}

/* Holds the host's slot for 50 ms, then a GetHostInfo round trip. */
static void
op_start (XnRemoteHost        *host,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             callback_data,
          gpointer             user_data)
{
  GTask *task = g_task_new (host, cancellable, callback, callback_data);

  g_timeout_add (50, op_delayed_cb, task);
}

START_TEST (test_pool)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *kh = trusted_known_hosts ();
  g_autoptr(XnHostList) list = xn_host_list_new (NULL);
  g_autoptr(GPtrArray) results = NULL;
  XnTestPoolCount count = { 0 };
  XnTestWait w = { 0 };
  const guint n = 7, max_parallel = 3;

  REQUIRE_READY ();
  if (!xn_sshd_port_open (sshd.port))
    ck_assert (xn_sshd_launch (&sshd, NULL));
  xn_host_list_set_known_hosts_file (list, kh);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("host-%u", i);
      g_autoptr(XnRemoteHost) h = xn_remote_host_new_ssh (name, "127.0.0.1", sshd.port, "root",
                                                          sshd.user_key);

      ck_assert_msg (xn_host_list_add (list, h, &error), "%s", error ? error->message : "");
    }
  {
    /* One host that cannot be reached fails alone. */
    g_autoptr(XnRemoteHost) h = xn_remote_host_new_ssh ("down", "127.0.0.1", xn_sshd_free_port (),
                                                        "root", sshd.user_key);

    ck_assert (xn_host_list_add (list, h, NULL));
  }
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (list)), n + 1);

  xn_host_list_foreach_async (list, NULL, max_parallel, op_start, xn_test_pool_finish,
                              xn_test_pool_progress, &count, NULL, xn_test_wait_cb, &w);
  xn_test_wait_for (&w.done, 60);
  ck_assert (w.done);
  results = xn_host_list_foreach_finish (list, w.result, &error);
  g_object_unref (w.result);
  ck_assert (results != NULL);
  ck_assert_uint_eq (results->len, n + 1);
  ck_assert_uint_eq (count.started, n + 1);
  ck_assert_uint_eq (count.succeeded, n);
  ck_assert_uint_eq (count.failed, 1);
  ck_assert_uint_eq (count.in_flight, 0);
  /* Never more than the bound, and the bound was used. */
  ck_assert_uint_eq (count.peak, max_parallel);
  for (guint i = 0; i < results->len; i++)
    {
      XnHostOpResult *r = g_ptr_array_index (results, i);

      ck_assert_str_eq (xn_remote_host_get_name (r->host),
                        xn_remote_host_get_name (g_list_model_get_item (G_LIST_MODEL (list), i)));
      g_object_unref (r->host);   /* the get_item reference above */
      if (i < n)
        ck_assert_msg (r->error == NULL, "%s", r->error->message);
      else
        ck_assert (g_error_matches (r->error, XN_SSH_ERROR, XN_SSH_ERROR_CONNECT));
    }
}
END_TEST

static Suite *
ssh_suite (void)
{
  Suite *s = suite_create ("ssh");
  TCase *tc = tcase_create ("transport");

  tcase_add_unchecked_fixture (tc, suite_setup, suite_teardown);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_first_contact);
  tcase_add_test (tc, test_changed_key);
  tcase_add_test (tc, test_wrong_user_key);
  tcase_add_test (tc, test_connection_refused);
  tcase_add_test (tc, test_pool);
  tcase_add_test (tc, test_reconnect);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  SRunner *sr;
  const char *why = xn_sshd_unavailable ();
  int failed;

  if (why != NULL)
    {
      g_print ("%s\n", why);
      return 77;
    }
  if (g_getenv ("XN_HOSTD") == NULL)
    {
      g_print ("XN_HOSTD is not set; skipping\n");
      return 77;
    }
  atexit (at_exit);
  sr = srunner_create (ssh_suite ());
  if (g_getenv ("CK_FORK") == NULL)
    srunner_set_fork_status (sr, CK_NOFORK);
  srunner_run_all (sr, CK_ENV);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
