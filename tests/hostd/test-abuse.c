/* test-abuse.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The daemon attacked by its callers: a real xenon-hostd on the simulated
 * backend, a real Unix user with no role, raw sockets.  Each test repeats
 * an attack that once worked and asserts what must hold (root still served,
 * what the daemon holds bounded, the log coalesced), never a latency.
 * Root only (users, resource limits); skips (77) otherwise. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/statvfs.h>
#include <sys/un.h>
#include <unistd.h>

#include "xn-host-connection.h"
#include "xn-store.h"
#include "xn-test.h"
#include "xn-test-unix.h"

typedef struct
{
  char        *dir;
  char        *socket;
  char        *log;
  char        *state;
  gboolean     mounted;  /* state is a small filesystem of its own */
  GSubprocess *proc;
} Daemon;

static gboolean small_fs;         /* the next daemon_start() mounts one */
static guint prefill;             /* violations the next daemon_start() finds stored */

static XnTestUser *nobody_user;   /* in no xenon-* group */
static char *base_dir;            /* every test's files; the runner removes it */
static char *self_exe;
static pid_t main_pid;

static rlim_t daemon_nofile;      /* 0: inherit */

static void
daemon_child_setup (gpointer data)
{
  if (daemon_nofile != 0)
    {
      struct rlimit rl = { daemon_nofile, daemon_nofile };

      setrlimit (RLIMIT_NOFILE, &rl);
    }
}

static XnHostConnection *
connect_root (Daemon  *d,
              GError **error)
{
  return xn_host_connection_new_for_socket (d->socket, NULL, error);
}

static void
daemon_start (Daemon     *d,
              const char *extra_conf)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *state = NULL, *conf_path = NULL, *conf = NULL, *demo = NULL;
  g_autoptr(XnHostConnection) probe = NULL;
  const char *exe = g_getenv ("XN_HOSTD");
  gint64 deadline;

  ck_assert_msg (exe != NULL, "XN_HOSTD is not set");
  d->dir = g_build_filename (base_dir, "daemon-XXXXXX", NULL);
  ck_assert (g_mkdtemp (d->dir) != NULL);
  g_chmod (d->dir, 0755);   /* the test user reaches the socket */
  d->socket = g_build_filename (d->dir, "hostd.sock", NULL);
  d->log = g_build_filename (d->dir, "hostd.log", NULL);
  state = g_build_filename (d->dir, "state", NULL);
  d->state = g_strdup (state);
  conf_path = g_build_filename (state, "hostd.conf", NULL);
  demo = xn_test_data_path ("xenon-enterprise-demo.xml");
  g_mkdir_with_parents (state, 0700);
  if (small_fs)
    {
      const char *argv[] = { "mount", "-t", "tmpfs", "-o", "size=8m,mode=0700", "tmpfs", state, NULL };

      ck_assert_msg (xn_test_run (argv), "cannot mount a small filesystem for the store");
      d->mounted = TRUE;
    }
  if (prefill > 0)
    {
      g_autofree char *db = g_build_filename (state, "hostd.db", NULL);
      g_autoptr(XnStore) store = xn_store_open (db, &error);
      g_autofree XnViolation *v = g_new0 (XnViolation, 10000);

      ck_assert_msg (store != NULL, "%s", error ? error->message : "");
      for (guint i = 0; i < 10000; i++)
        {
          v[i].domain_uuid = (char *) "6f1f3b2e-1111-4a3e-9c7d-000000000001";
          v[i].domain_name = (char *) "user_vm_1";
          v[i].hcall = 17;
          v[i].reason = 2;
          v[i].info = (char *) "hcall=17(xen_version)";
        }
      for (guint done = 0; done < prefill; done += 10000)
        ck_assert (xn_store_append_violations (store, v, MIN (10000, prefill - done), NULL, &error));
    }
  /* @extra_conf goes on in [hostd] and may open [sim] itself. */
  conf = g_strdup_printf ("[hostd]\nsample-interval-ms=200\n%s\n%s",
                          extra_conf ? extra_conf : "",
                          extra_conf && strstr (extra_conf, "[sim]") ? "tick-ms=50\n" : "[sim]\ntick-ms=50\n");
  ck_assert (g_file_set_contents (conf_path, conf, -1, NULL));
  {
    const char *argv[] = { exe, "--socket", d->socket, "--state-dir", state,
                           "--trust-dir", d->dir, "--backend", "sim", "--sim-policy", demo,
                           "--host-name", "localhost", NULL };

    launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
    g_subprocess_launcher_set_stderr_file_path (launcher, d->log);
    g_subprocess_launcher_set_child_setup (launcher, daemon_child_setup, NULL, NULL);
    d->proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  }
  ck_assert_msg (d->proc != NULL, "%s", error ? error->message : "");
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (probe == NULL && g_get_monotonic_time () < deadline)
    {
      g_clear_error (&error);
      if (g_file_test (d->socket, G_FILE_TEST_EXISTS))
        probe = connect_root (d, &error);
      if (probe == NULL)
        g_usleep (20000);
    }
  ck_assert_msg (probe != NULL, "daemon did not come up: %s", error ? error->message : "");
}

static void
daemon_free (Daemon *d)
{
  if (d->proc != NULL)
    {
      g_subprocess_send_signal (d->proc, SIGTERM);
      g_subprocess_wait (d->proc, NULL, NULL);
      g_clear_object (&d->proc);
    }
  if (d->mounted)
    {
      const char *argv[] = { "umount", d->state, NULL };

      xn_test_run (argv);
    }
  {
    const char *argv[] = { "rm", "-rf", d->dir, NULL };

    xn_test_run (argv);
  }
  g_free (d->state);
  g_free (d->dir);
  g_free (d->socket);
  g_free (d->log);
}

static guint64
proc_status (Daemon     *d,
             const char *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (d->proc));
  g_autofree char *text = NULL;
  const char *p;

  ck_assert (g_file_get_contents (path, &text, NULL, NULL));
  p = strstr (text, field);
  ck_assert_msg (p != NULL, "no %s in %s", field, path);
  return g_ascii_strtoull (p + strlen (field), NULL, 10);
}

static guint
proc_fds (Daemon *d)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/fd", g_subprocess_get_identifier (d->proc));
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  ck_assert (dir != NULL);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* CPU seconds the daemon has used. */
static double
proc_cpu (Daemon *d)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", g_subprocess_get_identifier (d->proc));
  g_autofree char *text = NULL;
  g_auto(GStrv) f = NULL;
  const char *p;

  ck_assert (g_file_get_contents (path, &text, NULL, NULL));
  p = strrchr (text, ')');
  f = g_strsplit (p + 2, " ", 0);
  /* utime and stime are fields 14 and 15; f[0] is field 3. */
  return (g_ascii_strtod (f[11], NULL) + g_ascii_strtod (f[12], NULL)) / sysconf (_SC_CLK_TCK);
}

static guint
log_count (Daemon     *d,
           const char *needle,
           gsize      *size)
{
  g_autofree char *text = NULL;
  gsize len = 0;
  guint n = 0;

  g_file_get_contents (d->log, &text, &len, NULL);
  for (const char *p = text; p != NULL && (p = strstr (p, needle)) != NULL; p++)
    n++;
  if (size != NULL)
    *size = len;
  return n;
}

/* The daemon logs after it acts: wait for @needle to appear. */
static gboolean
wait_log (Daemon     *d,
          const char *needle)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (log_count (d, needle, NULL) == 0)
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_usleep (50000);
    }
  return TRUE;
}

static int
raw_connect (const char *path,
             gboolean    nonblock)
{
  struct sockaddr_un sa = { .sun_family = AF_UNIX };
  int fd = socket (AF_UNIX, SOCK_STREAM | (nonblock ? SOCK_NONBLOCK : 0), 0);

  g_strlcpy (sa.sun_path, path, sizeof sa.sun_path);
  if (fd >= 0 && connect (fd, (struct sockaddr *) &sa, sizeof sa) != 0)
    {
      int e = errno;

      close (fd);
      errno = e;
      return -1;
    }
  return fd;
}

/* Reads until the daemon ends the connection; FALSE if it is still open
 * after @seconds. */
static gboolean
wait_eof (int fd,
          int seconds)
{
  char buf[4096];
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  struct timeval tv = { 0, 200000 };

  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  while (g_get_monotonic_time () < deadline)
    {
      ssize_t n = read (fd, buf, sizeof buf);

      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
        return TRUE;
    }
  return FALSE;
}

static gboolean
root_is_served (Daemon *d,
                GError **error)
{
  g_autoptr(XnHostConnection) conn = connect_root (d, error);
  g_auto(GStrv) roles = NULL;
  guint uid = 1;

  return conn != NULL
    && xn_host1_call_get_my_roles_sync (xn_host_connection_get_proxy (conn), &uid, &roles, NULL, error)
    && uid == 0;
}

/* ---- the test user's side ---- */

/* `--hold SOCKET AUTH RAW`: as the no-role user, opens AUTH authenticated
 * connections then RAW bare sockets, prints how many of each the daemon
 * kept, and holds them all until stdin closes. */
static int
hold (const char *socket_path,
      guint       n_auth,
      guint       n_raw)
{
  g_autoptr(GPtrArray) conns = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) fds = g_array_new (FALSE, FALSE, sizeof (int));
  guint auth_ok = 0, raw_ok = 0, raw_open = 0;
  char c;

  for (guint i = 0; i < n_auth; i++)
    {
      XnHostConnection *conn = xn_host_connection_new_for_socket (socket_path, NULL, NULL);

      if (conn != NULL)
        {
          g_auto(GStrv) roles = NULL;
          guint uid = 0;

          /* A connection counts only if it answers. */
          if (xn_host1_call_get_my_roles_sync (xn_host_connection_get_proxy (conn), &uid, &roles, NULL, NULL))
            auth_ok++;
          g_ptr_array_add (conns, conn);
        }
    }
  for (guint i = 0; i < n_raw; i++)
    {
      int fd = raw_connect (socket_path, FALSE);

      if (fd >= 0)
        {
          raw_ok++;
          g_array_append_val (fds, fd);
        }
    }
  /* A socket the daemon refused reads EOF at once. */
  g_usleep (G_USEC_PER_SEC / 2);
  for (guint i = 0; i < fds->len; i++)
    {
      int fd = g_array_index (fds, int, i);
      char b;
      ssize_t n = recv (fd, &b, 1, MSG_DONTWAIT);

      if (n < 0 && errno == EAGAIN)
        raw_open++;
    }
  g_print ("auth %u raw %u open %u\n", auth_ok, raw_ok, raw_open);
  fflush (stdout);
  while (read (0, &c, 1) > 0)
    ;
  for (guint i = 0; i < fds->len; i++)
    close (g_array_index (fds, int, i));
  return 0;
}

/* `--refused SOCKET N LEN`: as the no-role user, N StartDomain calls with
 * a LEN-byte name; prints how many were answered PermissionDenied. */
static int
refused_calls (const char *socket_path,
               guint       n,
               gsize       len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(XnHostConnection) conn = xn_host_connection_new_for_socket (socket_path, NULL, &error);
  g_autofree char *name = g_malloc (len + 1);
  guint denied = 0;

  if (conn == NULL)
    {
      g_print ("cannot connect: %s\n", error->message);
      return 1;
    }
  memset (name, 'x', len);
  name[len] = '\0';
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) e = NULL;
      g_autofree char *remote = NULL;

      if (!xn_host1_call_start_domain_sync (xn_host_connection_get_proxy (conn), name, NULL, &e)
          && (remote = g_dbus_error_get_remote_error (e)) != NULL
          && g_str_equal (remote, "org.xenonvmm.Host1.Error.PermissionDenied"))
        denied++;
    }
  g_print ("denied %u\n", denied);
  return 0;
}

static guint
refused_run (Daemon *d,
             guint   n,
             gsize   len)
{
  g_autofree char *uid_arg = g_strdup_printf ("--reuid=%u", (guint) nobody_user->uid);
  g_autofree char *gid_arg = g_strdup_printf ("--regid=%u", (guint) nobody_user->gid);
  g_autofree char *n_arg = g_strdup_printf ("%u", n);
  g_autofree char *len_arg = g_strdup_printf ("%" G_GSIZE_FORMAT, len);
  const char *argv[] = { "setpriv", uid_arg, gid_arg, "--init-groups", self_exe,
                         "--refused", d->socket, n_arg, len_arg, NULL };
  g_autofree char *out = NULL;
  guint denied = 0;
  int status = -1;

  ck_assert (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                           &out, NULL, &status, NULL));
  ck_assert_msg (sscanf (out, "denied %u", &denied) == 1, "%s", out);
  return denied;
}

static GVariant *
audit_page (XnHost1  *host,
            guint64   since,
            guint     limit,
            guint64  *last,
            gboolean *more)
{
  g_autoptr(GError) error = NULL;
  GVariant *rows = NULL;

  ck_assert_msg (xn_host1_call_get_audit_log_sync (host, since, limit, &rows, last, more, NULL, &error),
                 "%s", error ? error->message : "");
  return rows;
}

/* Rows of the audit log whose action is @action and result @result (NULL:
 * any); *@object (optional) gets the last one's object. */
static guint
audit_scan (XnHost1     *host,
            const char  *action,
            const char  *result,
            char       **object)
{
  guint64 since = 0;
  gboolean more = TRUE;
  guint n = 0;

  while (more)
    {
      g_autoptr(GVariant) rows = audit_page (host, since, 10000, &since, &more);
      GVariantIter it;
      const char *act, *obj, *res;

      g_variant_iter_init (&it, rows);
      while (g_variant_iter_next (&it, "(txu&s&s&s&s&s)", NULL, NULL, NULL, NULL, &act, &obj, &res, NULL))
        if (g_str_equal (act, action) && (result == NULL || g_str_equal (res, result)))
          {
            n++;
            if (object != NULL)
              {
                g_free (*object);
                *object = g_strdup (obj);
              }
          }
    }
  return n;
}

static guint
audit_count (XnHost1    *host,
             const char *action,
             const char *result)
{
  return audit_scan (host, action, result, NULL);
}

/* Starts hold() as the no-role user; returns its report line. */
static GSubprocess *
hold_start (Daemon *d,
            guint   n_auth,
            guint   n_raw,
            char  **report)
{
  g_autofree char *uid_arg = g_strdup_printf ("--reuid=%u", (guint) nobody_user->uid);
  g_autofree char *gid_arg = g_strdup_printf ("--regid=%u", (guint) nobody_user->gid);
  g_autofree char *a = g_strdup_printf ("%u", n_auth);
  g_autofree char *r = g_strdup_printf ("%u", n_raw);
  const char *argv[] = { "setpriv", uid_arg, gid_arg, "--init-groups", self_exe,
                         "--hold", d->socket, a, r, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  GSubprocess *p;

  p = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  ck_assert_msg (p != NULL, "%s", error ? error->message : "");
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (p));
  *report = g_data_input_stream_read_line (in, NULL, NULL, &error);
  ck_assert_msg (*report != NULL, "the holder said nothing: %s", error ? error->message : "EOF");
  return p;
}

static void
hold_stop (GSubprocess *p)
{
  g_output_stream_close (g_subprocess_get_stdin_pipe (p), NULL, NULL);
  g_subprocess_wait (p, NULL, NULL);
  g_object_unref (p);
}

/* ---- tests ---- */

/* A no-role user holds 100 connections and opens 2,000 more: it keeps its
 * share, root is served, the daemon's threads and descriptors stay bounded
 * and the refusals make a few log lines, not 2,000. */
START_TEST (test_held_connections)
{
  Daemon d = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *report = NULL;
  guint auth = 0, raw = 0, open_ = 0;
  gsize log_size = 0;
  GSubprocess *holder;

  daemon_start (&d, NULL);
  holder = hold_start (&d, 100, 2000, &report);
  ck_assert_int_eq (sscanf (report, "auth %u raw %u open %u", &auth, &raw, &open_), 3);
  /* 64 connections per user; the bare sockets beyond it are ended at once. */
  ck_assert_msg (auth == 64, "the no-role user holds %u authenticated connections, not 64", auth);
  ck_assert_msg (open_ == 0, "%u of %u bare sockets are still open", open_, raw);
  ck_assert_msg (root_is_served (&d, &error), "root is not served: %s", error ? error->message : "");
  ck_assert_msg (proc_status (&d, "Threads:") <= 32, "the daemon runs %" G_GUINT64_FORMAT " threads",
                 proc_status (&d, "Threads:"));
  ck_assert_msg (proc_fds (&d) <= 150, "the daemon holds %u descriptors", proc_fds (&d));
  ck_assert_msg (log_count (&d, "Refused a connection from uid", &log_size) <= 3,
                 "%u log lines for the refusals", log_count (&d, "Refused a connection from uid", NULL));
  ck_assert_msg (log_size < 16 * 1024, "the log holds %" G_GSIZE_FORMAT " bytes", log_size);
  hold_stop (holder);
  daemon_free (&d);
}
END_TEST

/* A socket that never authenticates is ended; so is one sending a megabyte
 * before its first newline, without the daemon keeping it. */
START_TEST (test_unauthenticated)
{
  Daemon d = { 0 };
  g_autofree char *junk = g_malloc (1 << 20);
  guint64 rss_before, rss_after;
  int idle, flood;
  gsize sent = 0;

  daemon_start (&d, "auth-timeout-ms=300");
  idle = raw_connect (d.socket, FALSE);
  ck_assert (idle >= 0);
  ck_assert_msg (wait_eof (idle, 10), "an idle unauthenticated connection was kept");
  close (idle);
  ck_assert (wait_log (&d, "not authenticated within 300 ms"));

  rss_before = proc_status (&d, "VmRSS:");
  memset (junk, 'A', 1 << 20);
  flood = raw_connect (d.socket, FALSE);
  ck_assert (flood >= 0);
  ck_assert (write (flood, "\0AUTH ", 6) == 6);
  signal (SIGPIPE, SIG_IGN);
  for (int i = 0; i < 16; i++)
    {
      ssize_t n = write (flood, junk, 1 << 20);

      if (n <= 0)
        break;
      sent += (gsize) n;
    }
  ck_assert_msg (wait_eof (flood, 10), "a connection sending %" G_GSIZE_FORMAT " bytes was kept", sent);
  close (flood);
  rss_after = proc_status (&d, "VmRSS:");
  ck_assert_msg (sent < 16u << 20, "the daemon took all 16 MiB before authentication");
  ck_assert_msg (rss_after < rss_before + 8 * 1024, "RSS grew from %" G_GUINT64_FORMAT " to %"
                 G_GUINT64_FORMAT " kB", rss_before, rss_after);
  ck_assert (wait_log (&d, "more than 16384 bytes sent before authenticating"));
  daemon_free (&d);
}
END_TEST

/* 100 connects at once all reach the daemon (the backlog holds them). */
START_TEST (test_connect_burst)
{
  Daemon d = { 0 };
  int fds[100];
  guint refused = 0;

  daemon_start (&d, NULL);
  /* Stop the daemon so that nothing is accepted during the burst. */
  kill (atoi (g_subprocess_get_identifier (d.proc)), SIGSTOP);
  for (guint i = 0; i < G_N_ELEMENTS (fds); i++)
    if ((fds[i] = raw_connect (d.socket, TRUE)) < 0)
      refused++;
  kill (atoi (g_subprocess_get_identifier (d.proc)), SIGCONT);
  ck_assert_msg (refused == 0, "%u of 100 connects failed", refused);
  for (guint i = 0; i < G_N_ELEMENTS (fds); i++)
    close (fds[i]);
  daemon_free (&d);
}
END_TEST

/* With few descriptors the daemon refuses what it has no room for, keeping
 * a reserve for its own work: it neither dies nor spins, says so in a line
 * or two, and root is served again once descriptors are free. */
START_TEST (test_descriptor_capacity)
{
  Daemon d = { 0 };
  g_autoptr(GPtrArray) conns = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  int raw[50];
  double cpu0, cpu1;
  guint held;

  daemon_nofile = 48;
  daemon_start (&d, NULL);
  for (guint i = 0; i < 60; i++)
    {
      XnHostConnection *c = connect_root (&d, NULL);

      if (c == NULL)
        break;
      g_ptr_array_add (conns, c);
    }
  held = conns->len;
  ck_assert_msg (held > 0 && held < 48, "root holds %u connections with 48 descriptors", held);
  for (guint i = 0; i < G_N_ELEMENTS (raw); i++)
    raw[i] = raw_connect (d.socket, TRUE);
  cpu0 = proc_cpu (&d);
  g_usleep (3 * G_USEC_PER_SEC);
  cpu1 = proc_cpu (&d);
  ck_assert_msg (cpu1 - cpu0 < 1.0, "the daemon used %.2f CPU seconds in 3 s at its limit", cpu1 - cpu0);
  ck_assert_msg (proc_fds (&d) < 48, "the daemon holds all of its %u descriptors", proc_fds (&d));
  ck_assert (wait_log (&d, "Refused a connection from uid 0"));
  ck_assert_uint_le (log_count (&d, "Refused a connection from uid 0", NULL), 2);
  ck_assert_uint_eq (log_count (&d, "Too many open files", NULL), 0);
  for (guint i = 0; i < G_N_ELEMENTS (raw); i++)
    if (raw[i] >= 0)
      close (raw[i]);
  g_ptr_array_set_size (conns, 0);
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    gboolean ok = FALSE;

    while (!ok && g_get_monotonic_time () < deadline)
      {
        g_clear_error (&error);
        if (!(ok = root_is_served (&d, &error)))
          g_usleep (100000);
      }
    ck_assert_msg (ok, "root is not served once descriptors are free: %s", error->message);
  }
  daemon_free (&d);
}
END_TEST

/* Every row reply stops at its byte budget and says more follows; paging
 * on from its last row loses nothing. */
START_TEST (test_reply_bytes)
{
  Daemon d = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(XnHostConnection) conn = NULL;
  guint64 since = 0;
  gboolean more = TRUE;
  guint pages = 0, rows_total = 0, refusals = 0;

  daemon_start (&d, "reply-max-kib=16");
  /* 100 refusals: the first burst of a no-role caller is audited whole. */
  ck_assert_uint_eq (refused_run (&d, 100, 100000), 100);
  conn = connect_root (&d, &error);
  ck_assert (conn != NULL);
  while (more)
    {
      g_autoptr(GVariant) rows = audit_page (xn_host_connection_get_proxy (conn), since, 10000, &since, &more);
      GVariantIter it;
      const char *act, *obj, *det;
      gsize bytes = 0;

      g_variant_iter_init (&it, rows);
      while (g_variant_iter_next (&it, "(txu&s&s&s&s&s)", NULL, NULL, NULL, NULL, &act, &obj, NULL, &det))
        {
          bytes += strlen (obj) + strlen (det);
          refusals += g_str_equal (act, "StartDomain");
          rows_total++;
        }
      ck_assert_msg (bytes <= 17 * 1024, "a page of %" G_GSIZE_FORMAT " bytes of text", bytes);
      pages++;
    }
  ck_assert_msg (pages >= 3, "%u rows came in %u pages", rows_total, pages);
  ck_assert_uint_eq (refusals, 100);
  daemon_free (&d);
}
END_TEST

/* On a full store the daemon does nothing it cannot audit: root's acts are
 * refused with NoSpace and happen not; what nobody acts on is dropped and
 * counted; freed space brings everything back, every act with its row. */
START_TEST (test_full_disk)
{
  Daemon d = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(XnHostConnection) conn = NULL;
  g_autofree char *filler = NULL;
  g_autofree char *remote = NULL;
  XnHost1 *host;
  struct statvfs st;
  guint64 avail;

  small_fs = TRUE;
  daemon_start (&d, NULL);
  small_fs = FALSE;
  conn = connect_root (&d, &error);
  ck_assert (conn != NULL);
  host = xn_host_connection_get_proxy (conn);
  filler = g_build_filename (d.state, "filler", NULL);

  /* Leave 1 MiB free: under the 2 MiB reserve. */
  ck_assert (statvfs (d.state, &st) == 0);
  avail = (guint64) st.f_bavail * st.f_frsize;
  ck_assert (avail > (1u << 20));
  {
    int fd = open (filler, O_CREAT | O_WRONLY, 0600);

    ck_assert (fd >= 0);
    ck_assert (posix_fallocate (fd, 0, (off_t) (avail - (1u << 20))) == 0);
    close (fd);
  }
  ck_assert (!xn_host1_call_start_domain_sync (host, "user_vm_1", NULL, &error));
  remote = g_dbus_error_get_remote_error (error);
  ck_assert_msg (g_strcmp0 (remote, "org.xenonvmm.Host1.Error.NoSpace") == 0, "%s: %s", remote, error->message);
  ck_assert_msg (strstr (error->message, "KiB free") != NULL, "%s", error->message);
  g_clear_error (&error);
  /* A no-role caller is still answered, and fills nothing. */
  ck_assert_uint_eq (refused_run (&d, 300, 100000), 300);
  ck_assert_uint_eq (audit_count (host, "StartDomain", "ok"), 0);
  ck_assert_uint_eq (audit_count (host, "StartDomain", "refused"), 1);

  /* 3 MiB free: acts are allowed, records asking only to be logged are not kept. */
  {
    int fd = open (filler, O_WRONLY);

    ck_assert (fd >= 0);
    ck_assert (ftruncate (fd, (off_t) (avail - (3u << 20))) == 0);
    close (fd);
  }
  ck_assert_msg (xn_host1_call_start_domain_sync (host, "user_vm_1", NULL, &error), "%s",
                 error ? error->message : "");
  ck_assert_uint_eq (audit_count (host, "StartDomain", "ok"), 1);
  {
    gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    while (audit_count (host, "Violation", "failed") == 0 && g_get_monotonic_time () < deadline)
      g_usleep (100000);
  }
  ck_assert_msg (audit_count (host, "Violation", "failed") >= 1, "no row says violations were lost");
  ck_assert (wait_log (&d, "violations lost: the host's state store has less than"));
  ck_assert (xn_host1_call_destroy_domain_sync (host, "user_vm_1", NULL, &error));
  ck_assert_uint_eq (audit_count (host, "DestroyDomain", "ok"), 1);
  g_unlink (filler);
  daemon_free (&d);
}
END_TEST

typedef struct
{
  gboolean  done;
  gboolean  ok;
  guint64   rows;
  GError   *error;
  gint64    when;
} VerifyCall;

static void
verify_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  VerifyCall *c = data;
  g_autofree char *message = NULL;

  if (!xn_host1_call_verify_audit_finish (XN_HOST1 (source), &c->ok, &c->rows, &message, result, &c->error))
    c->ok = FALSE;
  c->when = g_get_monotonic_time ();
  c->done = TRUE;
}

/* VerifyAudit walks 300,000 rows beside the main loop: another caller is
 * answered before it ends, and one caller runs one at a time. */
START_TEST (test_verify_beside)
{
  Daemon d = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(XnHostConnection) a = NULL, b = NULL, c = NULL;
  VerifyCall va = { 0 }, vb = { 0 };
  g_auto(GStrv) roles = NULL;
  guint uid = 1;
  gint64 answered;
  VerifyCall *refused, *ran;

  prefill = 300000;
  daemon_start (&d, NULL);
  prefill = 0;
  a = connect_root (&d, &error);
  b = connect_root (&d, &error);
  c = connect_root (&d, &error);
  ck_assert (a != NULL && b != NULL && c != NULL);
  xn_host1_call_verify_audit (xn_host_connection_get_proxy (a), NULL, verify_cb, &va);
  xn_host1_call_verify_audit (xn_host_connection_get_proxy (b), NULL, verify_cb, &vb);
  ck_assert (xn_host1_call_get_my_roles_sync (xn_host_connection_get_proxy (c), &uid, &roles, NULL, &error));
  answered = g_get_monotonic_time ();
  while (!va.done || !vb.done)
    g_main_context_iteration (NULL, TRUE);
  /* Exactly one ran; the other was told to wait for it. */
  ck_assert_msg ((va.error != NULL) != (vb.error != NULL), "%s / %s",
                 va.error ? va.error->message : "ok", vb.error ? vb.error->message : "ok");
  refused = va.error != NULL ? &va : &vb;
  ran = va.error != NULL ? &vb : &va;
  ck_assert_msg (strstr (refused->error->message, "still running") != NULL, "%s", refused->error->message);
  ck_assert (ran->ok);
  ck_assert_uint_ge (ran->rows, 300000);
  ck_assert_msg (answered < ran->when, "GetMyRoles waited for VerifyAudit to end");
  g_clear_error (&refused->error);
  daemon_free (&d);
}
END_TEST

/* A domain the policy does not name (started by hand) is no less watched:
 * its violations are kept, named by what the host knows of it. */
START_TEST (test_stranger_recorded)
{
  Daemon d = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(XnHostConnection) conn = NULL;
  gint64 deadline;
  guint found = 0;
  guint64 since = 0;

  daemon_start (&d, "[sim]\nstray=intruder");
  conn = connect_root (&d, &error);
  ck_assert (conn != NULL);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (found == 0 && g_get_monotonic_time () < deadline)
    {
      g_autoptr(GVariant) rows = NULL;
      GVariantIter it;
      const char *name, *info;
      gboolean more;

      ck_assert_msg (xn_host1_call_get_violations_sync (xn_host_connection_get_proxy (conn), since, 1000,
                                                        &rows, &since, &more, NULL, &error),
                     "%s", error ? error->message : "");
      g_variant_iter_init (&it, rows);
      while (g_variant_iter_next (&it, "(tx&s&sut&s&s&sb)", NULL, NULL, NULL, &name, NULL, NULL,
                                  NULL, &info, NULL, NULL))
        if (g_str_has_prefix (name, "intruder (domain ") && strstr (name, "not in the policy")
            && strstr (info, "intruder (domain ") != NULL)
          found++;
      if (found == 0)
        g_usleep (100000);
    }
  ck_assert_msg (found > 0, "no violation of the domain outside the policy was kept by its name");
  ck_assert_uint_eq (log_count (&d, "violations lost", NULL), 0);
  daemon_free (&d);
}
END_TEST

/* Retention: beyond the limit, the oldest live violations are archived
 * (readable as archived), with an audit row; nothing is lost. */
START_TEST (test_retention)
{
  Daemon d = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(XnHostConnection) conn = NULL;
  g_autoptr(GVariant) live = NULL, archived = NULL;
  XnHost1 *host;
  guint64 cut = 0, last = 0;
  gboolean more;
  gint64 deadline;

  daemon_start (&d, "violation-retention=5");
  conn = connect_root (&d, &error);
  ck_assert (conn != NULL);
  host = xn_host_connection_get_proxy (conn);
  ck_assert_msg (xn_host1_call_start_domain_sync (host, "user_vm_1", NULL, &error), "%s",
                 error ? error->message : "");
  deadline = g_get_monotonic_time () + 40 * G_USEC_PER_SEC;
  while (cut == 0 && g_get_monotonic_time () < deadline)
    {
      g_autofree char *object = NULL;

      if (audit_scan (host, "RetainViolations", NULL, &object) > 0)
        ck_assert (sscanf (object, "violations up to seq %" G_GUINT64_FORMAT, &cut) == 1);
      else
        g_usleep (200000);
    }
  ck_assert_msg (cut > 0, "no RetainViolations row in 40 s");
  ck_assert (xn_host1_call_get_violations_sync (host, 0, 10000, &live, &last, &more, NULL, &error));
  {
    GVariantIter it;
    guint64 seq;

    g_variant_iter_init (&it, live);
    while (g_variant_iter_next (&it, "(txssutsssb)", &seq, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL))
      ck_assert_msg (seq > cut, "violation %" G_GUINT64_FORMAT " is live, at or below the cut %"
                     G_GUINT64_FORMAT, seq, cut);
  }
  ck_assert (xn_host1_call_get_archived_violations_sync (host, 0, 10000, &archived, &last, &more, NULL, &error));
  ck_assert_uint_ge (g_variant_n_children (archived), 1);
  daemon_free (&d);
}
END_TEST

static Suite *
abuse_suite (void)
{
  Suite *s = suite_create ("abuse");
  TCase *tc = tcase_create ("connections");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_held_connections);
  tcase_add_test (tc, test_unauthenticated);
  tcase_add_test (tc, test_connect_burst);
  tcase_add_test (tc, test_descriptor_capacity);
  suite_add_tcase (s, tc);
  tc = tcase_create ("store");
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_reply_bytes);
  tcase_add_test (tc, test_full_disk);
  tcase_add_test (tc, test_verify_beside);
  tcase_add_test (tc, test_stranger_recorded);
  tcase_add_test (tc, test_retention);
  suite_add_tcase (s, tc);
  return s;
}

/* A failed assertion ends a test's process at once (_exit): the runner
 * removes what its tests left, filesystems mounted under base_dir first. */
static void
users_teardown (void)
{
  g_autofree char *mounts = NULL;

  g_clear_pointer (&nobody_user, xn_test_user_remove);
  if (base_dir == NULL)
    return;
  if (g_file_get_contents ("/proc/self/mounts", &mounts, NULL, NULL))
    {
      g_auto(GStrv) lines = g_strsplit (mounts, "\n", 0);

      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_auto(GStrv) f = g_strsplit (lines[i], " ", 3);

          if (f[0] != NULL && f[1] != NULL && g_str_has_prefix (f[1], base_dir))
            {
              const char *argv[] = { "umount", f[1], NULL };

              xn_test_run (argv);
            }
        }
    }
  {
    const char *argv[] = { "rm", "-rf", base_dir, NULL };

    xn_test_run (argv);
  }
  g_clear_pointer (&base_dir, g_free);
}

/* meson ends a test that times out with SIGTERM: remove the user. */
static void
terminated (int sig)
{
  if (getpid () == main_pid)
    users_teardown ();
  signal (sig, SIG_DFL);
  raise (sig);
}

int
main (int   argc,
      char *argv[])
{
  struct rlimit rl;
  SRunner *sr;
  int failed;

  if (argc == 5 && g_str_equal (argv[1], "--refused"))
    return refused_calls (argv[2], (guint) atoi (argv[3]), (gsize) atol (argv[4]));
  if (argc == 5 && g_str_equal (argv[1], "--hold"))
    return hold (argv[2], (guint) atoi (argv[3]), (guint) atoi (argv[4]));
  if (getuid () != 0 || g_find_program_in_path ("setpriv") == NULL
      || g_find_program_in_path ("useradd") == NULL)
    {
      g_print ("SKIP: the abuse suite needs root, setpriv and useradd (real users, limits)\n");
      return 77;
    }
  /* The holder opens over 2,000 sockets. */
  if (getrlimit (RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < 4096 && rl.rlim_max >= 4096)
    {
      rl.rlim_cur = 4096;
      setrlimit (RLIMIT_NOFILE, &rl);
    }
  self_exe = g_file_read_link ("/proc/self/exe", NULL);
  main_pid = getpid ();
  signal (SIGTERM, terminated);
  signal (SIGINT, terminated);
  base_dir = g_dir_make_tmp ("xn-test-abuse-XXXXXX", NULL);
  g_chmod (base_dir, 0755);   /* the test user reaches the sockets */
  nobody_user = xn_test_user_add (NULL);
  if (nobody_user == NULL)
    {
      g_print ("FAIL: cannot add a test user\n");
      return 1;
    }
  sr = srunner_create (abuse_suite ());
  srunner_run_all (sr, CK_ENV);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  users_teardown ();
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
