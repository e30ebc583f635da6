/* test-ssh.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* xenon-hostd reached through a real sshd: the test runs a private sshd
 * on a loopback port (own config, host key and authorized keys) whose
 * "xenon" subsystem is the daemon's --stdio-bridge, and talks D-Bus over
 * the stdin/stdout of ssh(1).  The daemon takes roles from the bridge's
 * uid, so root holds every role and a user in xenon-monitor only that.
 * Needs root (sshd, useradd); skips otherwise.  Everything it makes is
 * made and removed by main(), outside Check's forked tests, so that a
 * failing test still leaves no sshd, user or group behind. */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "xn-host-connection.h"
#include "xn-sshd-fixture.h"
#include "xn-test.h"
#include "xn-test-unix.h"

static char *dir;
static char *socket_path;
static char *known_hosts;
static char *wrong_known_hosts;
static char *root_key;
static char *user_key;
static char *sshd_log;
static guint16 port;
/* Spawned without GSubprocess: its child watch needs GLib's worker
 * thread, which Check's forked tests would not have. */
static GPid sshd = -1;
static GPid daemon_pid = -1;
static XnTestUser *user;

static char *
in_dir (const char *name)
{
  return g_build_filename (dir, name, NULL);
}

static char *
read_pub (const char *key)
{
  g_autofree char *pub = g_strconcat (key, ".pub", NULL);
  char *text = NULL;

  if (!g_file_get_contents (pub, &text, NULL, NULL))
    return NULL;
  return g_strstrip (text);
}

/* Lines of sshd's log that record a "xenon" subsystem request. */
static guint
subsystem_requests (void)
{
  g_autofree char *log = NULL;
  guint n = 0;

  if (!g_file_get_contents (sshd_log, &log, NULL, NULL))
    return 0;
  for (const char *p = log; (p = strstr (p, "subsystem 'xenon'")) != NULL; p++)
    n++;
  return n;
}

/* ssh(1) to @login with @key, trusting @hosts; its stderr goes to
 * @err_path. */
static GSubprocess *
spawn_ssh (const char  *login,
           const char  *key,
           const char  *hosts,
           const char  *err_path,
           GError     **error)
{
  g_autoptr(GSubprocessLauncher) l = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                                                | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autofree char *khost = g_strdup_printf ("UserKnownHostsFile=%s", hosts);
  g_autofree char *p = g_strdup_printf ("%u", port);
  g_autofree char *dest = g_strdup_printf ("%s@127.0.0.1", login);

  g_subprocess_launcher_set_stderr_file_path (l, err_path);
  return g_subprocess_launcher_spawn (l, error, "ssh", "-F", "/dev/null",
                                      "-o", khost, "-o", "GlobalKnownHostsFile=/dev/null",
                                      "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes",
                                      "-o", "IdentitiesOnly=yes", "-o", "ConnectTimeout=10",
                                      "-i", key, "-p", p, dest, "-s", "xenon", NULL);
}

typedef struct
{
  GSubprocess      *ssh;
  XnHostConnection *conn;
  XnHost1          *host;
} Session;

static void
session_open (Session    *s,
              const char *login,
              const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autofree char *err_path = in_dir ("ssh.err");

  s->ssh = spawn_ssh (login, key, known_hosts, err_path, &error);
  ck_assert_msg (s->ssh != NULL, "%s", error ? error->message : "");
  stream = g_simple_io_stream_new (g_subprocess_get_stdout_pipe (s->ssh),
                                   g_subprocess_get_stdin_pipe (s->ssh));
  s->conn = xn_host_connection_new_for_stream (stream, NULL, &error);
  if (s->conn == NULL)
    {
      g_autofree char *err = NULL;

      g_file_get_contents (err_path, &err, NULL, NULL);
      ck_abort_msg ("no D-Bus through ssh: %s; ssh said: %s", error->message, err ? err : "");
    }
  s->host = xn_host_connection_get_proxy (s->conn);
}

static void
session_close (Session *s)
{
  g_dbus_connection_close_sync (xn_host_connection_get_connection (s->conn), NULL, NULL);
  g_clear_object (&s->conn);
  /* Our end closed: ssh sees EOF on stdin and ends with the channel. */
  ck_assert (g_subprocess_wait (s->ssh, NULL, NULL));
  g_clear_object (&s->ssh);
}

START_TEST (test_root_session)
{
  Session s = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) info = NULL, doms = NULL, rows = NULL;
  g_auto(GStrv) roles = NULL;
  g_autofree char *hostname = NULL;
  guint uid = 1;
  guint64 last = 0;
  gboolean more = TRUE;

  session_open (&s, "root", root_key);
  ck_assert_msg (xn_host1_call_get_host_info_sync (s.host, &info, NULL, &error), "%s",
                 error ? error->message : "");
  ck_assert (g_variant_lookup (info, "hostname", "s", &hostname));
  ck_assert_str_eq (hostname, "localhost");
  ck_assert (xn_host1_call_get_my_roles_sync (s.host, &uid, &roles, NULL, &error));
  ck_assert_uint_eq (uid, 0);
  ck_assert_uint_eq (g_strv_length (roles), 3);
  ck_assert (g_strv_contains ((const char * const *) roles, "monitor"));
  ck_assert (g_strv_contains ((const char * const *) roles, "sysadmin"));
  ck_assert (g_strv_contains ((const char * const *) roles, "secadmin"));
  ck_assert (xn_host1_call_get_domains_sync (s.host, &doms, NULL, &error));
  ck_assert_uint_eq (g_variant_n_children (doms), 7);   /* Domain-0 + 6 */
  ck_assert_msg (xn_host1_call_get_violations_sync (s.host, 0, 100, &rows, &last, &more, NULL, &error),
                 "%s", error ? error->message : "");
  ck_assert (g_variant_is_of_type (rows, G_VARIANT_TYPE_ARRAY));
  session_close (&s);
}
END_TEST

/* A changed host key: ssh refuses before any subsystem is asked for. */
START_TEST (test_wrong_host_key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) ssh = NULL;
  g_autofree char *err_path = in_dir ("ssh-wrong.err");
  g_autofree char *err = NULL;
  guint before = subsystem_requests ();
  g_autoptr(GIOStream) stream = NULL;
  XnHostConnection *conn;

  ssh = spawn_ssh ("root", root_key, wrong_known_hosts, err_path, &error);
  ck_assert_msg (ssh != NULL, "%s", error ? error->message : "");
  stream = g_simple_io_stream_new (g_subprocess_get_stdout_pipe (ssh), g_subprocess_get_stdin_pipe (ssh));
  conn = xn_host_connection_new_for_stream (stream, NULL, &error);
  ck_assert_msg (conn == NULL, "D-Bus went through a changed host key");
  ck_assert (g_subprocess_wait (ssh, NULL, NULL));
  ck_assert (g_subprocess_get_if_exited (ssh));
  ck_assert_int_eq (g_subprocess_get_exit_status (ssh), 255);
  ck_assert (g_file_get_contents (err_path, &err, NULL, NULL));
  ck_assert_msg (strstr (err, "Host key verification failed") != NULL, "%s", err);
  ck_assert_uint_eq (subsystem_requests (), before);
}
END_TEST

/* A user in xenon-monitor only: read yes, push no, and the refusal is in
 * the audit log as root reads it through the local socket. */
START_TEST (test_monitor_user)
{
  Session s = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) rows = NULL, doms = NULL;
  g_auto(GStrv) roles = NULL;
  g_autofree char *remote = NULL, *text = NULL;
  g_autoptr(XnHostConnection) local = NULL;
  guint uid = 0;
  guint64 last = 0;
  gboolean more = FALSE, audited = FALSE;
  GVariantIter iter;
  const char *action, *result, *detail;
  guint32 row_uid;

  session_open (&s, user->name, user_key);
  ck_assert (xn_host1_call_get_my_roles_sync (s.host, &uid, &roles, NULL, &error));
  ck_assert_uint_eq (uid, user->uid);
  ck_assert_uint_eq (g_strv_length (roles), 1);
  ck_assert_str_eq (roles[0], "monitor");
  ck_assert (xn_host1_call_get_domains_sync (s.host, &doms, NULL, &error));
  ck_assert (!xn_host1_call_push_policy_sync (s.host, g_variant_new_bytestring ("<x/>"), TRUE,
                                              &text, NULL, NULL, &error));
  remote = g_dbus_error_get_remote_error (error);
  ck_assert_str_eq (remote, "org.xenonvmm.Host1.Error.PermissionDenied");
  g_clear_error (&error);
  session_close (&s);

  local = xn_host_connection_new_for_socket (socket_path, NULL, &error);
  ck_assert_msg (local != NULL, "%s", error ? error->message : "");
  ck_assert (xn_host1_call_get_audit_log_sync (xn_host_connection_get_proxy (local), 0, 10000,
                                               &rows, &last, &more, NULL, &error));
  g_variant_iter_init (&iter, rows);
  while (g_variant_iter_next (&iter, "(txu&s&s&s&s&s)", NULL, NULL, &row_uid, NULL, &action,
                              NULL, &result, &detail))
    if (row_uid == user->uid && g_str_equal (action, "PushPolicy") && g_str_equal (result, "refused"))
      audited = TRUE;
  ck_assert_msg (audited, "the refused PushPolicy of %s is not in the audit log", user->name);
}
END_TEST

static gboolean
setup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *host_key = in_dir ("host_key");
  g_autofree char *wrong_key = in_dir ("wrong_host_key");
  g_autofree char *conf = in_dir ("sshd_config");
  g_autofree char *auth = in_dir ("authorized_keys");
  g_autofree char *pid = in_dir ("sshd.pid");
  g_autofree char *state = in_dir ("state");
  g_autofree char *host_pub = NULL, *wrong_pub = NULL, *root_pub = NULL, *user_pub = NULL;
  g_autofree char *text = NULL, *auth_root = NULL, *auth_user = NULL, *demo = NULL;
  const char *exe = g_getenv ("XN_HOSTD");
  gint64 deadline;

  root_key = in_dir ("root_key");
  user_key = in_dir ("user_key");
  known_hosts = in_dir ("known_hosts");
  wrong_known_hosts = in_dir ("known_hosts.wrong");
  sshd_log = in_dir ("sshd.log");
  socket_path = in_dir ("hostd.sock");
  if (exe == NULL || !xn_sshd_keygen (host_key) || !xn_sshd_keygen (wrong_key)
      || !xn_sshd_keygen (root_key) || !xn_sshd_keygen (user_key))
    return FALSE;
  host_pub = read_pub (host_key);
  wrong_pub = read_pub (wrong_key);
  root_pub = read_pub (root_key);
  user_pub = read_pub (user_key);
  port = xn_sshd_free_port ();
  if (host_pub == NULL || wrong_pub == NULL || root_pub == NULL || user_pub == NULL || port == 0)
    return FALSE;

  if (!xn_test_group_ensure ("xenon-monitor") || (user = xn_test_user_add ("xenon-monitor")) == NULL)
    return FALSE;

  /* The bridge runs as the SSH user: it must reach the socket, and sshd
   * reads authorized keys as that user. */
  g_chmod (dir, 0755);
  auth_root = g_strconcat (auth, ".root", NULL);
  auth_user = g_strconcat (auth, ".", user->name, NULL);
  text = g_strdup_printf ("[127.0.0.1]:%u %s\n", port, host_pub);
  if (!g_file_set_contents (known_hosts, text, -1, NULL))
    return FALSE;
  g_free (text);
  text = g_strdup_printf ("[127.0.0.1]:%u %s\n", port, wrong_pub);
  if (!g_file_set_contents (wrong_known_hosts, text, -1, NULL)
      || !g_file_set_contents (auth_root, root_pub, -1, NULL)
      || !g_file_set_contents (auth_user, user_pub, -1, NULL))
    return FALSE;
  g_chmod (auth_user, 0644);
  g_free (text);
  text = g_strdup_printf ("ListenAddress 127.0.0.1\n"
                          "Port %u\n"
                          "HostKey %s\n"
                          "PidFile %s\n"
                          "StrictModes no\n"
                          "AuthorizedKeysFile %s.%%u\n"
                          "PubkeyAuthentication yes\n"
                          "PasswordAuthentication no\n"
                          "KbdInteractiveAuthentication no\n"
                          "PermitRootLogin prohibit-password\n"
                          "UsePAM no\n"
                          "LogLevel VERBOSE\n"
                          "Subsystem xenon %s --stdio-bridge --socket %s\n",
                          port, host_key, pid, auth, exe, socket_path);
  if (!g_file_set_contents (conf, text, -1, NULL))
    return FALSE;
  g_mkdir_with_parents ("/run/sshd", 0755);
  {
    const char *argv[] = { "/usr/sbin/sshd", "-t", "-f", conf, NULL };

    if (!xn_test_run (argv))
      return FALSE;
  }

  /* The daemon, on the simulated host, with roles from real groups. */
  demo = xn_test_data_path ("xenon-enterprise-demo.xml");
  g_mkdir_with_parents (state, 0700);
  {
    const char *argv[] = { exe, "--socket", socket_path, "--state-dir", state, "--trust-dir", state,
                           "--backend", "sim", "--sim-policy", demo, "--host-name", "localhost",
                           NULL };
    const char *sshd_argv[] = { "/usr/sbin/sshd", "-D", "-f", conf, "-E", sshd_log, NULL };

    if (!g_spawn_async (NULL, (char **) argv, NULL,
                        G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                        NULL, NULL, &daemon_pid, &error)
        || !g_spawn_async (NULL, (char **) sshd_argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                           &sshd, &error))
      {
        g_printerr ("%s\n", error->message);
        return FALSE;
      }
  }
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while ((!xn_sshd_port_open (port) || !g_file_test (socket_path, G_FILE_TEST_EXISTS))
         && g_get_monotonic_time () < deadline)
    g_usleep (20000);
  if (!xn_sshd_port_open (port) || !g_file_test (socket_path, G_FILE_TEST_EXISTS))
    {
      g_printerr ("sshd or the daemon did not come up\n");
      return FALSE;
    }
  return TRUE;
}

static void
stop (GPid *pid)
{
  if (*pid <= 0)
    return;
  kill (*pid, SIGTERM);
  waitpid (*pid, NULL, 0);
  *pid = -1;
}

static void
teardown (void)
{
  const char *argv[] = { "rm", "-rf", dir, NULL };

  stop (&sshd);
  stop (&daemon_pid);
  if (user != NULL)
    xn_test_user_remove (user);
  xn_test_groups_remove ();
  if (g_getenv ("XN_TEST_KEEP") == NULL)
    xn_test_run (argv);
}

static pid_t main_pid;

/* meson ends a test that times out with SIGTERM: clean up first. */
static void
terminated (int sig)
{
  if (getpid () == main_pid)
    teardown ();
  signal (sig, SIG_DFL);
  raise (sig);
}

static Suite *
ssh_suite (void)
{
  Suite *s = suite_create ("ssh");
  TCase *tc = tcase_create ("subsystem");

  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_root_session);
  tcase_add_test (tc, test_wrong_host_key);
  tcase_add_test (tc, test_monitor_user);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  SRunner *sr;
  int failed = 1;

  if (getuid () != 0)
    {
      g_print ("SKIP: the sshd test needs root (sshd, useradd)\n");
      return 77;
    }
  if (!g_file_test ("/usr/sbin/sshd", G_FILE_TEST_IS_EXECUTABLE)
      || g_find_program_in_path ("ssh") == NULL || g_find_program_in_path ("ssh-keygen") == NULL
      || g_find_program_in_path ("useradd") == NULL)
    {
      g_print ("SKIP: sshd, ssh, ssh-keygen and useradd are needed (openssh-server, openssh-client, passwd)\n");
      return 77;
    }
  /* ssh reading a closed pipe must not kill the runner. */
  signal (SIGPIPE, SIG_IGN);
  main_pid = getpid ();
  signal (SIGTERM, terminated);
  signal (SIGINT, terminated);
  dir = g_dir_make_tmp ("xn-test-ssh-XXXXXX", NULL);
  if (dir == NULL)
    return EXIT_FAILURE;
  if (setup ())
    {
      sr = srunner_create (ssh_suite ());
      srunner_run_all (sr, CK_ENV);
      failed = srunner_ntests_failed (sr);
      srunner_free (sr);
    }
  else
    g_printerr ("setting up sshd and the daemon failed\n");
  teardown ();
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
