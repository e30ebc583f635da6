/* bench-hostd.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The daemon under load, through D-Bus on its local socket:
 *
 *  1. GetViolations paging over a store pre-filled with 1,000,000
 *     violations (written with the store API, then the daemon started on
 *     that state): latency per page, whole walk, and a deep page.
 *  2. Sampling cost per domain with 1,000 simulated domains (a policy
 *     from gen-policy --hosts 1 --domains-per-host 1000, every domain
 *     started): daemon CPU time per sample, divided by the domains.
 *  3. Daemon RSS after start, after starting the domains and after the
 *     sampling run.
 *  4. Another caller's latency under attack (GetDomains, p50/p99): alone;
 *     while four connections of one monitor loop on VerifyAudit over
 *     500,000 rows; while a
 *     user with no role keeps 2,000 connections open (root only: the
 *     holder runs as `nobody`); during a flood of a domain outside the
 *     policy.  Goal: p99 under 100 ms.
 *
 * Usage: bench-hostd XENON-HOSTD GEN-POLICY [N_VIOLATIONS [N_DOMAINS]] */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "xn-host-connection.h"
#include "xn-store.h"

static const char *hostd_exe;

typedef struct
{
  GSubprocess      *proc;
  XnHostConnection *conn;
  XnHost1          *host;
} Daemon;

/* The daemon running now, ended by die() too. */
static GSubprocess *running_daemon;

static void
die (const char *what,
     GError     *error)
{
  g_printerr ("bench-hostd: %s: %s\n", what, error ? error->message : "failed");
  if (running_daemon != NULL)
    g_subprocess_force_exit (running_daemon);
  exit (EXIT_FAILURE);
}

static gint64
now_us (void)
{
  return g_get_monotonic_time ();
}

/* Field @key of /proc/PID/status, in kB. */
static guint64
proc_status_kb (GSubprocess *proc,
                const char  *key)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (proc));
  g_autofree char *text = NULL;
  const char *p;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (p = strstr (text, key)) == NULL)
    return 0;
  return g_ascii_strtoull (p + strlen (key) + 1, NULL, 10);
}

/* utime + stime of the process, in seconds. */
static double
proc_cpu_s (GSubprocess *proc)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", g_subprocess_get_identifier (proc));
  g_autofree char *text = NULL;
  g_auto(GStrv) f = NULL;
  const char *p;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (p = strrchr (text, ')')) == NULL)
    return 0;
  f = g_strsplit (p + 2, " ", -1);
  if (g_strv_length (f) < 13)
    return 0;
  /* Fields 14 and 15 of stat(5), counted from the state (field 3). */
  return (g_ascii_strtod (f[11], NULL) + g_ascii_strtod (f[12], NULL)) / sysconf (_SC_CLK_TCK);
}

static void
daemon_start (Daemon     *d,
              const char *dir,
              const char *policy,
              const char *host_name,
              const char *conf)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *state = g_build_filename (dir, "state", NULL);
  g_autofree char *sock = g_build_filename (dir, "hostd.sock", NULL);
  g_autofree char *roles = g_build_filename (dir, "roles.conf", NULL);
  g_autofree char *roles_text = g_strdup_printf ("[roles]\n%u=monitor;sysadmin;secadmin\n",
                                                 (guint) getuid ());
  g_autofree char *conf_path = g_build_filename (state, "hostd.conf", NULL);
  gint64 deadline;

  g_mkdir_with_parents (state, 0700);
  if (!g_file_set_contents (roles, roles_text, -1, &error)
      || !g_file_set_contents (conf_path, conf, -1, &error))
    die ("config", error);
  d->proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error, hostd_exe, "--socket", sock, "--state-dir", state,
                              "--trust-dir", state, "--backend", "sim", "--sim-policy", policy,
                              "--host-name", host_name, "--test-roles", roles, NULL);
  if (d->proc == NULL)
    die ("spawn", error);
  running_daemon = d->proc;
  deadline = now_us () + 600 * G_USEC_PER_SEC;
  while (d->conn == NULL && now_us () < deadline)
    {
      g_clear_error (&error);
      if (g_file_test (sock, G_FILE_TEST_EXISTS))
        d->conn = xn_host_connection_new_for_socket (sock, NULL, &error);
      if (d->conn == NULL)
        {
          if (g_subprocess_get_identifier (d->proc) == NULL)
            die ("the daemon exited", NULL);
          g_usleep (20000);
        }
    }
  if (d->conn == NULL)
    die ("the daemon did not come up", error);
  d->host = xn_host_connection_get_proxy (d->conn);
}

static void
daemon_stop (Daemon *d)
{
  running_daemon = NULL;
  g_clear_object (&d->conn);
  g_subprocess_send_signal (d->proc, SIGTERM);
  g_subprocess_wait (d->proc, NULL, NULL);
  g_clear_object (&d->proc);
}

static int
cmp_i64 (const void *a,
         const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
bench_paging (const char *policy,
              guint       n_violations)
{
  g_autofree char *dir = g_dir_make_tmp ("xn-bench-hostd-XXXXXX", NULL);
  g_autofree char *state = g_build_filename (dir, "state", NULL);
  g_autofree char *db = g_build_filename (state, "hostd.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) lat = g_array_new (FALSE, FALSE, sizeof (gint64));
  const guint batch = 10000, page = 1000;
  Daemon d = { 0 };
  guint64 since = 0, rows = 0, last = 0;
  gboolean more = TRUE;
  gint64 t0, t_walk, t_start;

  g_mkdir_with_parents (state, 0700);
  {
    g_autoptr(XnStore) store = xn_store_open (db, &error);
    g_autofree XnViolation *v = g_new0 (XnViolation, batch);

    if (store == NULL)
      die ("store", error);
    t0 = now_us ();
    for (guint i = 0; i < batch; i++)
      {
        v[i].domain_uuid = (char *) "6f1f3b2e-1111-4a3e-9c7d-000000000001";
        v[i].domain_name = (char *) "user_vm_1";
        v[i].hcall = 17;
        v[i].hcall_name = (char *) "xen_version";
        v[i].subop = 1;
        v[i].subop_name = (char *) "extraversion";
        v[i].reason = 2;
        v[i].reason_text = (char *) "hypercall not allowed by profile";
        v[i].hmax = 10;
        v[i].info = (char *) "hcall=17(xen_version), cmd=1(extraversion)";
      }
    for (guint done = 0; done < n_violations; done += batch)
      if (!xn_store_append_violations (store, v, MIN (batch, n_violations - done), NULL, &error))
        die ("append", error);
    g_print ("pre-fill: %u violations written with the store API in %.1f s\n", n_violations,
             (now_us () - t0) / 1e6);
  }

  t_start = now_us ();
  daemon_start (&d, dir, policy, "localhost", "[hostd]\nsample-interval-ms=5000\n");
  g_print ("daemon start on that store: %.2f s, RSS %" G_GUINT64_FORMAT " kB\n",
           (now_us () - t_start) / 1e6, proc_status_kb (d.proc, "VmRSS:"));

  t_walk = now_us ();
  while (more && since < G_MAXUINT64)
    {
      g_autoptr(GVariant) v = NULL;
      gint64 t = now_us ();

      if (!xn_host1_call_get_violations_sync (d.host, since, page, &v, &last, &more, NULL, &error))
        die ("GetViolations", error);
      t = now_us () - t;
      g_array_append_val (lat, t);
      rows += g_variant_n_children (v);
      since = last;
      if (rows >= n_violations)
        break;
    }
  t_walk = now_us () - t_walk;
  qsort (lat->data, lat->len, sizeof (gint64), cmp_i64);
  g_print ("GetViolations over %u stored violations, pages of %u: %u pages, %" G_GUINT64_FORMAT
           " rows in %.2f s (%.0f rows/s); per page p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
           n_violations, page, lat->len, rows, t_walk / 1e6, rows / (t_walk / 1e6),
           g_array_index (lat, gint64, lat->len / 2) / 1e3,
           g_array_index (lat, gint64, lat->len * 99 / 100) / 1e3,
           g_array_index (lat, gint64, lat->len - 1) / 1e3);
  {
    g_autoptr(GVariant) v = NULL;
    gint64 t = now_us ();

    if (!xn_host1_call_get_violations_sync (d.host, n_violations - page, page, &v, &last, &more,
                                            NULL, &error))
      die ("GetViolations", error);
    g_print ("one page from seq %u (the end of the store): %.2f ms\n", n_violations - page,
             (now_us () - t) / 1e3);
  }
  daemon_stop (&d);
  {
    const char *argv[] = { "rm", "-rf", dir, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
}

/* Samples ever folded into the host's 5 s history. */
static double
host_samples (Daemon *d)
{
  g_autoptr(GVariant) hist = NULL;
  g_autoptr(GError) error = NULL;
  GVariantIter iter;
  GVariant *bucket;
  double total = 0;

  if (!xn_host1_call_get_performance_history_sync (d->host, "5s", 0, G_MAXINT64, "host", &hist,
                                                   NULL, &error))
    die ("GetPerformanceHistory", error);
  g_variant_iter_init (&iter, hist);
  while ((bucket = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autoptr(GVariant) metrics = g_variant_get_child_value (bucket, 1);
      double n = 0;

      g_variant_lookup (metrics, "samples", "d", &n);
      total += n;
      g_variant_unref (bucket);
    }
  return total;
}

static void
bench_sampling (const char *gen_policy,
                guint       n_domains)
{
  g_autofree char *dir = g_dir_make_tmp ("xn-bench-hostd-XXXXXX", NULL);
  g_autofree char *policy = g_build_filename (dir, "policy.xml", NULL);
  g_autofree char *per_host = g_strdup_printf ("%u", n_domains);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) doms = NULL;
  const guint interval_ms = 200, window_s = 10;
  Daemon d = { 0 };
  guint started = 0, running = 0;
  guint64 rss_start, rss_running, rss_after;
  double cpu0, cpu1, idle0, idle1, samples = 0;
  gint64 t0, t1;
  double before;
  GVariantIter iter;
  GVariant *dom;
  int status = 0;

  {
    const char *argv[] = { gen_policy, "--hosts", "1", "--domains-per-host", per_host, "-o", policy, NULL };

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                       &status, &error)
        || !g_spawn_check_wait_status (status, &error))
      die ("gen-policy", error);
  }
  /* The simulated workloads tick slowly here so that the daemon's CPU
   * time is the sampling's. */
  daemon_start (&d, dir, policy, "host-000", "[hostd]\nsample-interval-ms=3600000\n[sim]\ntick-ms=3600000\n");
  rss_start = proc_status_kb (d.proc, "VmRSS:");
  if (!xn_host1_call_get_domains_sync (d.host, &doms, NULL, &error))
    die ("GetDomains", error);
  t0 = now_us ();
  g_variant_iter_init (&iter, doms);
  while ((dom = g_variant_iter_next_value (&iter)) != NULL)
    {
      const char *name = NULL, *state = NULL;

      g_variant_lookup (dom, "name", "&s", &name);
      g_variant_lookup (dom, "state", "&s", &state);
      if (g_strcmp0 (state, "stopped") == 0
          && xn_host1_call_start_domain_sync (d.host, name, NULL, NULL))
        started++;
      g_variant_unref (dom);
    }
  g_clear_pointer (&doms, g_variant_unref);
  if (!xn_host1_call_get_domains_sync (d.host, &doms, NULL, &error))
    die ("GetDomains", error);
  g_variant_iter_init (&iter, doms);
  while ((dom = g_variant_iter_next_value (&iter)) != NULL)
    {
      const char *state = NULL;

      g_variant_lookup (dom, "state", "&s", &state);
      running += g_strcmp0 (state, "running") == 0;
      g_variant_unref (dom);
    }
  g_print ("sampling input: gen-policy --hosts 1 --domains-per-host %u: %zu domains, %u started "
           "in %.2f s, %u running\n", n_domains, g_variant_n_children (doms), started,
           (now_us () - t0) / 1e6, running);
  rss_running = proc_status_kb (d.proc, "VmRSS:");

  /* Idle baseline, then the same window with sampling every 200 ms. */
  idle0 = proc_cpu_s (d.proc);
  g_usleep (window_s * G_USEC_PER_SEC / 2);
  idle1 = proc_cpu_s (d.proc);
  daemon_stop (&d);

  daemon_start (&d, dir, policy, "host-000", "[hostd]\nsample-interval-ms=200\n[sim]\ntick-ms=3600000\n");
  /* Domains do not survive a restart of the simulated host: start them again. */
  g_variant_iter_init (&iter, doms);
  while ((dom = g_variant_iter_next_value (&iter)) != NULL)
    {
      const char *name = NULL;

      g_variant_lookup (dom, "name", "&s", &name);
      xn_host1_call_start_domain_sync (d.host, name, NULL, NULL);
      g_variant_unref (dom);
    }
  before = host_samples (&d);
  cpu0 = proc_cpu_s (d.proc);
  t0 = now_us ();
  g_usleep (window_s * G_USEC_PER_SEC);
  cpu1 = proc_cpu_s (d.proc);
  t1 = now_us ();
  samples = host_samples (&d) - before;
  rss_after = proc_status_kb (d.proc, "VmRSS:");
  {
    double per_sample = samples > 0 ? ((cpu1 - cpu0) - (idle1 - idle0) * 2 * (t1 - t0) / (window_s * 1e6)) / samples : 0;

    g_print ("sampling every %u ms for %.1f s: %.0f samples (history), daemon CPU %.2f s "
             "(idle baseline %.2f s per %u s); per sample %.2f ms, per domain %.1f µs\n",
             interval_ms, (t1 - t0) / 1e6, samples, cpu1 - cpu0, idle1 - idle0, window_s / 2,
             per_sample * 1e3, per_sample * 1e6 / MAX (running, 1));
  }
  g_print ("daemon RSS with %u domains: after start %" G_GUINT64_FORMAT " kB, with all running %"
           G_GUINT64_FORMAT " kB, after the sampling run %" G_GUINT64_FORMAT " kB (peak %"
           G_GUINT64_FORMAT " kB)\n", n_domains, rss_start, rss_running, rss_after,
           proc_status_kb (d.proc, "VmHWM:"));
  daemon_stop (&d);
  {
    const char *argv[] = { "rm", "-rf", dir, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
}

/* ---- 4. under attack ---- */

static volatile gint attack_on;
static volatile gint verify_refused;

static gpointer
verify_loop (gpointer data)
{
  const char *sock = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(XnHostConnection) conn = xn_host_connection_new_for_socket (sock, NULL, &error);
  guint n = 0;

  if (conn == NULL)
    die ("monitor connect", error);
  while (g_atomic_int_get (&attack_on))
    {
      g_autofree char *message = NULL;
      gboolean ok;
      guint64 rows;

      if (xn_host1_call_verify_audit_sync (xn_host_connection_get_proxy (conn), &ok, &rows, &message,
                                           NULL, &error))
        n++;
      else if (g_dbus_error_is_remote_error (error)
               && strstr (error->message, "still running") != NULL)
        /* One walk at a time per caller: the others are told so. */
        g_atomic_int_inc (&verify_refused);
      else
        die ("VerifyAudit", error);
      g_clear_error (&error);
    }
  return GUINT_TO_POINTER (n);
}

/* `--hold SOCKET N`: keeps N bare connections open, reconnecting those
 * the daemon ends, until stdin closes. */
static int
hold (const char *sock,
      guint       n)
{
  g_autofree int *fds = g_new (int, n);
  struct sockaddr_un sa = { .sun_family = AF_UNIX };

  g_strlcpy (sa.sun_path, sock, sizeof sa.sun_path);
  for (guint i = 0; i < n; i++)
    fds[i] = -1;
  fcntl (0, F_SETFL, O_NONBLOCK);
  for (;;)
    {
      char b;

      for (guint i = 0; i < n; i++)
        {
          if (fds[i] >= 0 && recv (fds[i], &b, 1, MSG_DONTWAIT) < 0 && errno == EAGAIN)
            continue;
          if (fds[i] >= 0)
            close (fds[i]);
          fds[i] = socket (AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
          if (fds[i] >= 0 && connect (fds[i], (struct sockaddr *) &sa, sizeof sa) != 0 && errno != EAGAIN)
            {
              close (fds[i]);
              fds[i] = -1;
            }
        }
      if (read (0, &b, 1) == 0)
        break;   /* stdin closed: the bench is done */
      g_usleep (100000);
    }
  return 0;
}

/* @n GetDomains on a connection of its own, 5 ms apart. */
static void
measure (Daemon     *d,
         const char *sock,
         const char *label,
         guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(XnHostConnection) conn = xn_host_connection_new_for_socket (sock, NULL, &error);
  g_autofree gint64 *lat = g_new (gint64, n);

  if (conn == NULL)
    die (label, error);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GVariant) doms = NULL;
      gint64 t = now_us ();

      if (!xn_host1_call_get_domains_sync (xn_host_connection_get_proxy (conn), &doms, NULL, &error))
        die ("GetDomains", error);
      lat[i] = now_us () - t;
      g_usleep (5000);
    }
  qsort (lat, n, sizeof *lat, cmp_i64);
  g_print ("another caller's GetDomains %s: p50 %.2f ms, p99 %.2f ms, max %.2f ms over %u calls "
           "(goal p99 < 100 ms: %s); daemon RSS %" G_GUINT64_FORMAT " kB\n",
           label, lat[n / 2] / 1e3, lat[n * 99 / 100] / 1e3, lat[n - 1] / 1e3, n,
           lat[n * 99 / 100] < 100000 ? "met" : "NOT met", proc_status_kb (d->proc, "VmRSS:"));
}

static void
bench_attack (const char *policy,
              const char *self_exe)
{
  g_autofree char *dir = g_dir_make_tmp ("xn-bench-hostd-XXXXXX", NULL);
  g_autofree char *state = g_build_filename (dir, "state", NULL);
  g_autofree char *db = g_build_filename (state, "hostd.db", NULL);
  g_autofree char *sock = g_build_filename (dir, "hostd.sock", NULL);
  g_autoptr(GError) error = NULL;
  const guint rows = 500000, calls = 400;
  Daemon d = { 0 };

  g_mkdir_with_parents (state, 0700);
  {
    g_autoptr(XnStore) store = xn_store_open (db, &error);
    g_autofree XnViolation *v = g_new0 (XnViolation, 10000);

    if (store == NULL)
      die ("store", error);
    for (guint i = 0; i < 10000; i++)
      {
        v[i].domain_uuid = (char *) "6f1f3b2e-1111-4a3e-9c7d-000000000001";
        v[i].domain_name = (char *) "user_vm_1";
        v[i].hcall = 17;
        v[i].reason = 2;
        v[i].info = (char *) "hcall=17(xen_version), cmd=1(extraversion)";
      }
    for (guint done = 0; done < rows; done += 10000)
      if (!xn_store_append_violations (store, v, 10000, NULL, &error))
        die ("append", error);
  }
  g_chmod (dir, 0755);   /* the holder, as nobody, reaches the socket */
  daemon_start (&d, dir, policy, "localhost",
                "[hostd]\nsample-interval-ms=1000\n[sim]\ntick-ms=50\nstray=intruder\nstray-rate=0\n");
  g_print ("under attack: the demo policy, %u audit rows in the store\n", rows);
  measure (&d, sock, "alone", calls);

  {
    GThread *t[4];
    guint walks = 0;

    g_atomic_int_set (&attack_on, 1);
    for (guint i = 0; i < G_N_ELEMENTS (t); i++)
      t[i] = g_thread_new ("monitor", verify_loop, sock);
    measure (&d, sock, "while 4 connections of a monitor loop on VerifyAudit", calls);
    g_atomic_int_set (&attack_on, 0);
    for (guint i = 0; i < G_N_ELEMENTS (t); i++)
      walks += GPOINTER_TO_UINT (g_thread_join (t[i]));
    g_print ("  (meanwhile %u walks of %u rows done, %d calls refused as one was running)\n",
             walks, rows, g_atomic_int_get (&verify_refused));
  }

  if (getuid () == 0 && g_find_program_in_path ("setpriv") != NULL)
    {
      const char *argv[] = { "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                             self_exe, "--hold", sock, "2000", NULL };
      g_autoptr(GSubprocess) holder = NULL;
      struct rlimit rl;

      /* The holder inherits room for its 2,000 sockets. */
      if (getrlimit (RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < 4096 && rl.rlim_max >= 4096)
        {
          rl.rlim_cur = 4096;
          setrlimit (RLIMIT_NOFILE, &rl);
        }
      holder = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE, &error);
      if (holder == NULL)
        die ("holder", error);
      g_usleep (2 * G_USEC_PER_SEC);
      measure (&d, sock, "while a no-role user holds 2,000 connections", calls);
      g_output_stream_close (g_subprocess_get_stdin_pipe (holder), NULL, NULL);
      g_subprocess_wait (holder, NULL, NULL);
    }
  else
    g_print ("another caller's GetDomains while a no-role user holds 2,000 connections: "
             "skipped (needs root and setpriv)\n");
  daemon_stop (&d);

  /* The same store, the stray flooding 20,000 calls a second. */
  {
    g_autofree char *conf_path = g_build_filename (state, "hostd.conf", NULL);

    g_unlink (conf_path);
  }
  daemon_start (&d, dir, policy, "localhost",
                "[hostd]\nsample-interval-ms=1000\n[sim]\ntick-ms=50\nstray=intruder\nstray-rate=20000\n");
  g_usleep (2 * G_USEC_PER_SEC);
  measure (&d, sock, "during a flood of 20,000 violations/s by a domain outside the policy", calls);
  daemon_stop (&d);
  {
    const char *argv[] = { "rm", "-rf", dir, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *demo = NULL;
  guint n_violations = 1000000, n_domains = 1000;

  setlocale (LC_ALL, "");
  if (argc == 4 && g_str_equal (argv[1], "--hold"))
    return hold (argv[2], (guint) atoi (argv[3]));
  if (argc < 3)
    {
      g_printerr ("usage: bench-hostd XENON-HOSTD GEN-POLICY [N_VIOLATIONS [N_DOMAINS]]\n");
      return 2;
    }
  hostd_exe = argv[1];
  if (argc > 3)
    n_violations = (guint) g_ascii_strtoull (argv[3], NULL, 10);
  if (argc > 4)
    n_domains = (guint) g_ascii_strtoull (argv[4], NULL, 10);
  demo = g_build_filename (g_getenv ("G_TEST_SRCDIR") ? g_getenv ("G_TEST_SRCDIR") : "tests",
                           "..", "data", "xenon-enterprise-demo.xml", NULL);
  if (g_getenv ("XN_BENCH_ATTACK_ONLY") == NULL)
    {
      bench_paging (demo, n_violations);
      bench_sampling (argv[2], n_domains);
    }
  {
    g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);

    bench_attack (demo, self_exe);
  }
  return 0;
}
