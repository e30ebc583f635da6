/* bench-hosts.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * Talking to hosts: (1) over SSH (a private sshd on loopback, root only),
 * the median of connect + authenticate + subsystem + D-Bus handshake +
 * GetHostInfo, and of a GetHostInfo round trip on an open connection;
 * (2) pushing one signed policy to 50 simulated hosts at once: 50
 * xenon-hostd processes on the sim backend, each on its own socket,
 * reached as local host entries through XnHostList's bounded pool with
 * max_parallel 8 and 50.  Goal: 50 hosts pushed in under 10 s.
 *
 * Usage: bench-hosts XENON_HOSTD [N_HOSTS]   (default 50)
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "xenon-model.h"
#include "xn-host-list.h"
#include "xn-sign.h"
#include "xn-ssh-transport.h"
#include "xn-test-async.h"
#include "xn-test-host.h"
#include "xn-test-pki.h"
#include "xn-sshd-fixture.h"

static char *hostd_exe;
static char *work;
static GPtrArray *procs;
static XnSshd sshd;

/* Also when dying: the daemons and sshd hold meson's output pipe. */
static void
cleanup (void)
{
  xn_sshd_stop (&sshd);
  for (guint i = 0; procs != NULL && i < procs->len; i++)
    {
      g_subprocess_send_signal (g_ptr_array_index (procs, i), SIGTERM);
      g_subprocess_wait (g_ptr_array_index (procs, i), NULL, NULL);
    }
  g_clear_pointer (&procs, g_ptr_array_unref);
  if (work != NULL)
    {
      const char *rm[] = { "rm", "-rf", work, NULL };

      xn_sshd_run (rm, NULL);
    }
  if (sshd.dir != NULL)
    xn_sshd_rm_rf (sshd.dir);
}

static void
die (const char *what,
     GError     *error)
{
  g_printerr ("bench-hosts: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

/* A CA in WORK/trust and a signer it certifies. */
static void
make_pki (void)
{
  if (!xn_test_pki_make (work, "Bench CA", 30, "Bench Signer", 30))
    die ("certtool", NULL);
}

static GBytes *
signed_policy (guint64 serial)
{
  g_autofree char *demo = g_build_filename (g_getenv ("G_TEST_SRCDIR") ? g_getenv ("G_TEST_SRCDIR") : "tests",
                                            "..", "data", "xenon-enterprise-demo.xml", NULL);
  g_autofree char *k = g_build_filename (work, "signer.key", NULL);
  g_autofree char *c = g_build_filename (work, "signer.pem", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(XnPolicy) policy = xn_policy_load_file (demo, &error);
  g_autoptr(GBytes) bytes = NULL;
  XnSigner *signer;
  GBytes *out;

  if (policy == NULL)
    die (demo, error);
  xn_policy_set_serial (policy, serial);
  bytes = xn_policy_save_to_bytes (policy, &error);
  if (bytes == NULL || !xn_sign_init (&error))
    die ("policy", error);
  signer = xn_signer_new_from_files (k, c, &error);
  if (signer == NULL)
    die ("signer", error);
  out = xn_sign_bytes (signer, bytes, &error);
  xn_signer_unref (signer);
  if (out == NULL)
    die ("sign", error);
  return out;
}

static GSubprocess *
start_daemon (guint  i,
              char **socket_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_strdup_printf ("%s/h%u", work, i);
  g_autofree char *state = g_build_filename (dir, "state", NULL);
  g_autofree char *conf = g_build_filename (state, "hostd.conf", NULL);
  g_autofree char *trust = g_build_filename (work, "trust", NULL);
  g_autofree char *demo = g_build_filename (g_getenv ("G_TEST_SRCDIR") ? g_getenv ("G_TEST_SRCDIR") : "tests",
                                            "..", "data", "xenon-enterprise-demo.xml", NULL);
  GSubprocess *p;

  g_mkdir_with_parents (state, 0700);
  g_file_set_contents (conf, "[hostd]\nsample-interval-ms=5000\n", -1, NULL);
  *socket_out = g_build_filename (dir, "hostd.sock", NULL);
  p = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                        hostd_exe, "--socket", *socket_out, "--state-dir", state, "--trust-dir", trust,
                        "--backend", "sim", "--sim-policy", demo, "--host-name", "localhost", NULL);
  if (p == NULL)
    die ("xenon-hostd", error);
  return p;
}

static void
wait_for (XnTestWait *w)
{
  while (!w->done)
    g_main_context_iteration (NULL, TRUE);
}

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *v,
        guint   n)
{
  qsort (v, n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void
bench_ssh (const char *socket)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *subsystem = g_strdup_printf ("%s --stdio-bridge --socket %s", hostd_exe, socket);
  g_autofree char *kh = NULL;
  g_autofree char *pub_path = NULL, *pub = NULL, *line = NULL;
  g_autoptr(XnHostConnection) keep = NULL;
  const guint runs = 15, calls = 200;
  double t_connect[15], t_call[200];
  const char *why = xn_sshd_unavailable ();

  if (why != NULL)
    {
      g_print ("ssh: skipped (%s)\n", why);
      return;
    }
  if (!xn_sshd_start (&sshd, subsystem, &error))
    die ("sshd", error);
  pub_path = g_strconcat (sshd.host_key, ".pub", NULL);
  kh = g_build_filename (sshd.dir, "known_hosts.bench", NULL);
  if (!g_file_get_contents (pub_path, &pub, NULL, NULL))
    die ("host key", NULL);
  line = g_strdup_printf ("[127.0.0.1]:%u %s", sshd.port, pub);
  g_file_set_contents (kh, line, -1, NULL);

  for (guint i = 0; i < runs; i++)
    {
      g_autoptr(XnSshTransport) t = xn_ssh_transport_new ("127.0.0.1", sshd.port, "root");
      g_autoptr(GIOStream) stream = NULL;
      g_autoptr(XnHostConnection) conn = NULL;
      g_autoptr(GVariant) info = NULL;
      XnTestWait w = { 0 }, w2 = { 0 };
      gint64 t0 = g_get_monotonic_time ();

      xn_ssh_transport_set_identity_file (t, sshd.user_key);
      xn_ssh_transport_set_known_hosts_file (t, kh);
      xn_ssh_transport_open_async (t, NULL, xn_test_wait_cb, &w);
      wait_for (&w);
      stream = xn_ssh_transport_open_finish (t, w.result, &error);
      g_object_unref (w.result);
      if (stream == NULL)
        die ("ssh open", error);
      xn_host_connection_new_for_stream_async (stream, NULL, xn_test_wait_cb, &w2);
      wait_for (&w2);
      conn = xn_host_connection_new_finish (w2.result, &error);
      g_object_unref (w2.result);
      if (conn == NULL || !xn_host1_call_get_host_info_sync (xn_host_connection_get_proxy (conn), &info, NULL, &error))
        die ("D-Bus over ssh", error);
      t_connect[i] = (g_get_monotonic_time () - t0) / 1e3;
      if (i == runs - 1)
        {
          for (guint j = 0; j < calls; j++)
            {
              g_autoptr(GVariant) again = NULL;
              gint64 t1 = g_get_monotonic_time ();

              if (!xn_host1_call_get_host_info_sync (xn_host_connection_get_proxy (conn), &again, NULL, &error))
                die ("GetHostInfo", error);
              t_call[j] = (g_get_monotonic_time () - t1) / 1e3;
            }
          keep = g_steal_pointer (&conn);
        }
    }
  {
    double mc = median (t_connect, runs), mr = median (t_call, calls);

    g_print ("ssh: connect+auth+subsystem+D-Bus+GetHostInfo median %.1f ms (min %.1f, max %.1f; %u runs)\n",
             mc, t_connect[0], t_connect[runs - 1], runs);
    g_print ("ssh: GetHostInfo round trip on an open connection median %.3f ms (%u calls)\n", mr, calls);
  }
  g_clear_object (&keep);
  xn_sshd_stop (&sshd);
  xn_sshd_rm_rf (sshd.dir);
  xn_sshd_free (&sshd);
}

static GBytes *push_doc;

static void
push_reply_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autofree char *diff = NULL;
  g_autoptr(GVariant) summary = NULL;
  GError *error = NULL;
  gboolean applied = FALSE;

  if (!xn_host1_call_push_policy_finish (XN_HOST1 (source), &diff, &summary, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (!g_variant_lookup (summary, "applied", "b", &applied) || !applied)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "not applied");
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
push_start (XnRemoteHost        *host,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             callback_data,
            gpointer             user_data)
{
  GTask *task = g_task_new (host, cancellable, callback, callback_data);

  xn_host1_call_push_policy (xn_remote_host_get_proxy (host),
                             g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, push_doc, TRUE),
                             FALSE, cancellable, push_reply_cb, task);
}

static void
push_all (XnHostList *list,
          guint       max_parallel,
          guint64     serial)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  XnTestPoolCount counts = { 0 };
  guint ok = 0;
  XnTestWait w = { 0 };
  gint64 t0;

  g_clear_pointer (&push_doc, g_bytes_unref);
  push_doc = signed_policy (serial);
  /* Fresh connections: the run includes connecting. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(XnRemoteHost) h = g_list_model_get_item (G_LIST_MODEL (list), i);

      xn_remote_host_disconnect (h);
    }
  t0 = g_get_monotonic_time ();
  xn_host_list_foreach_async (list, NULL, max_parallel, push_start, xn_test_pool_finish,
                              xn_test_pool_progress, &counts, NULL, xn_test_wait_cb, &w);
  wait_for (&w);
  results = xn_host_list_foreach_finish (list, w.result, &error);
  g_object_unref (w.result);
  for (guint i = 0; i < results->len; i++)
    {
      XnHostOpResult *r = g_ptr_array_index (results, i);

      if (r->error == NULL)
        ok++;
      else
        g_printerr ("  %s: %s\n", xn_remote_host_get_name (r->host), r->error->message);
    }
  g_print ("push: %u hosts, max_parallel %u: %.2f s wall (connect + verify + compile + apply), "
           "%u applied, peak in flight %u, document %zu bytes, serial %" G_GUINT64_FORMAT "%s\n",
           results->len, max_parallel, (g_get_monotonic_time () - t0) / 1e6, ok, counts.peak,
           g_bytes_get_size (push_doc), serial,
           (g_get_monotonic_time () - t0) < 10 * G_USEC_PER_SEC ? " (goal < 10 s: met)" : " (goal < 10 s: MISSED)");
}

int
main (int    argc,
      char **argv)
{
  guint n = argc > 2 ? (guint) atoi (argv[2]) : 50;
  g_autoptr(XnHostList) list = xn_host_list_new (NULL);
  g_autofree char *first_socket = NULL;
  gint64 t0;

  if (argc < 2)
    {
      g_printerr ("usage: bench-hosts XENON_HOSTD [N_HOSTS]\n");
      return 2;
    }
  /* sshd runs the subsystem from the user's home directory. */
  hostd_exe = g_canonicalize_filename (argv[1], NULL);
  procs = g_ptr_array_new_with_free_func (g_object_unref);
  atexit (cleanup);
  work = g_dir_make_tmp ("xn-bench-hosts-XXXXXX", NULL);
  make_pki ();

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *socket = NULL;
      g_autofree char *name = g_strdup_printf ("sim-%02u", i);
      g_autoptr(XnRemoteHost) h = NULL;

      g_ptr_array_add (procs, start_daemon (i, &socket));
      h = xn_remote_host_new_local (name, socket);
      xn_host_list_add (list, h, NULL);
      if (first_socket == NULL)
        first_socket = g_strdup (socket);
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("sim-%02u", i);
      XnRemoteHost *h = xn_host_list_lookup (list, name);
      gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

      while (!g_file_test (xn_remote_host_get_socket_path (h), G_FILE_TEST_EXISTS)
             && g_get_monotonic_time () < deadline)
        g_usleep (5000);
    }
  g_print ("setup: %u xenon-hostd (sim backend, demo policy) up in %.2f s\n", n,
           (g_get_monotonic_time () - t0) / 1e6);

  bench_ssh (first_socket);

  push_all (list, 8, 100);
  push_all (list, n, 101);

  g_clear_object (&list);
  cleanup ();
  g_clear_pointer (&push_doc, g_bytes_unref);
  g_clear_pointer (&work, g_free);
  return 0;
}
