/* test-hostd.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Integration tests of xenon-hostd: each test starts the real daemon
 * binary on the simulated host (temporary state directory, socket and
 * trust directory with a CA made by certtool) and talks D-Bus to it
 * through the generated client.  Roles are mostly set with the daemon's
 * --test-roles map for the test's own uid, so that the suite runs as any
 * user. With --unix-roles (the test test-hostd-unix-roles, root only) it
 * creates real users in the xenon-* groups and runs the role checks as
 * each of them (setpriv), with no override map. */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <unistd.h>

#include "xn-host-connection.h"
#include "xn-sign.h"
#include "xenon-model.h"
#include "xn-test-pki.h"
#include "xn-test.h"
#include "xn-test-unix.h"

static char *pki;
static gboolean have_pki;

typedef struct
{
  char             *dir;
  char             *socket;
  GSubprocess      *proc;
  XnHostConnection *conn;
  XnHost1          *host;
} Daemon;

static char *
pki_path (const char *name)
{
  return g_build_filename (pki, name, NULL);
}

static void
pki_setup (void)
{
  pki = g_dir_make_tmp ("xn-test-hostd-pki-XXXXXX", NULL);
  have_pki = pki != NULL && xn_test_pki_make (pki, "Hostd Test CA", 3650, "Hostd Test Signer", 365);
}

/* The certificate make_policy() signs with, in the test PKI. */
static const char *signer_cert = "signer.pem";

/* The demo policy, changed by @edit, at @serial, signed unless !@sign. */
static GBytes *
make_policy (guint64    serial,
             gboolean   sign,
             void     (*edit) (XnPolicy *))
{
  g_autofree char *path = xn_test_data_path ("xenon-enterprise-demo.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(XnPolicy) policy = xn_policy_load_file (path, &error);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *k = pki_path ("signer.key"), *c = pki_path (signer_cert);
  XnSigner *signer;
  GBytes *out;

  ck_assert_msg (policy != NULL, "%s", error ? error->message : "");
  xn_policy_set_serial (policy, serial);
  if (edit != NULL)
    edit (policy);
  bytes = xn_policy_save_to_bytes (policy, &error);
  ck_assert_msg (bytes != NULL, "%s", error ? error->message : "");
  if (!sign)
    return g_steal_pointer (&bytes);
  ck_assert (xn_sign_init (NULL));
  signer = xn_signer_new_from_files (k, c, &error);
  ck_assert_msg (signer != NULL, "%s", error ? error->message : "");
  out = xn_sign_bytes (signer, bytes, &error);
  ck_assert_msg (out != NULL, "%s", error ? error->message : "");
  xn_signer_unref (signer);
  return out;
}

/* [sim] autostart for the next daemon_start_in (NULL: none). */
static const char *sim_autostart;
/* More [sim] lines for the next daemon_start_in (NULL: none). */
static const char *sim_extra;
/* Where the next daemon_start_in sends the daemon's stderr (NULL: nowhere). */
static const char *daemon_log;

static void
daemon_start_in (Daemon     *d,
                 const char *dir,
                 const char *roles,
                 const char *sim_policy)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *state = g_build_filename (dir, "state", NULL);
  g_autofree char *roles_path = g_build_filename (dir, "roles.conf", NULL);
  g_autofree char *trust = pki_path ("trust");
  g_autofree char *demo = xn_test_data_path ("xenon-enterprise-demo.xml");
  g_autofree char *conf_path = g_build_filename (state, "hostd.conf", NULL);
  g_autofree char *roles_text = g_strdup_printf ("[roles]\n%u=%s\n", (guint) getuid (), roles ? roles : "");
  const char *exe = g_getenv ("XN_HOSTD");
  gint64 deadline;

  d->dir = g_strdup (dir);
  d->socket = g_build_filename (dir, "hostd.sock", NULL);
  g_mkdir_with_parents (state, 0700);
  ck_assert (g_file_set_contents (roles_path, roles_text, -1, NULL));
  /* Fast ticks so tests see violations and samples within a second. */
  {
    g_autofree char *conf = g_strdup_printf ("[hostd]\nsample-interval-ms=200\n[sim]\ntick-ms=50\n%s%s\n%s\n",
                                             sim_autostart ? "autostart=" : "",
                                             sim_autostart ? sim_autostart : "",
                                             sim_extra ? sim_extra : "");

    ck_assert (g_file_set_contents (conf_path, conf, -1, NULL));
  }
  ck_assert_msg (exe != NULL, "XN_HOSTD is not set");
  /* Real users reach the socket through the directory. */
  if (roles == NULL)
    g_chmod (dir, 0755);
  {
    const char *argv[] = { exe, "--socket", d->socket, "--state-dir", state, "--trust-dir", trust,
                           "--backend", "sim", "--sim-policy", sim_policy ? sim_policy : demo,
                           "--host-name", "localhost",
                           roles ? "--test-roles" : NULL, roles_path, NULL };

    g_autoptr(GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                 | (daemon_log ? 0 : G_SUBPROCESS_FLAGS_STDERR_SILENCE));

    if (daemon_log != NULL)
      g_subprocess_launcher_set_stderr_file_path (launcher, daemon_log);
    d->proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  }
  ck_assert_msg (d->proc != NULL, "%s", error ? error->message : "");
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (d->conn == NULL && g_get_monotonic_time () < deadline)
    {
      g_clear_error (&error);
      if (g_file_test (d->socket, G_FILE_TEST_EXISTS))
        d->conn = xn_host_connection_new_for_socket (d->socket, NULL, &error);
      if (d->conn == NULL)
        g_usleep (20000);
    }
  ck_assert_msg (d->conn != NULL, "daemon did not come up: %s", error ? error->message : "");
  d->host = xn_host_connection_get_proxy (d->conn);
}

static void
daemon_start (Daemon     *d,
              const char *roles)
{
  g_autofree char *dir = g_dir_make_tmp ("xn-test-hostd-XXXXXX", NULL);

  daemon_start_in (d, dir, roles, NULL);
}

static void
daemon_stop (Daemon   *d,
             gboolean  kill9)
{
  g_clear_object (&d->conn);
  d->host = NULL;
  if (d->proc != NULL)
    {
      if (kill9)
        g_subprocess_force_exit (d->proc);
      else
        g_subprocess_send_signal (d->proc, SIGTERM);
      g_subprocess_wait (d->proc, NULL, NULL);
      g_clear_object (&d->proc);
    }
}

static void
daemon_free (Daemon *d)
{
  daemon_stop (d, FALSE);
  g_free (d->dir);
  g_free (d->socket);
}

static guint64
running_serial (Daemon *d)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) doc = NULL;
  g_autofree char *name = NULL, *signer = NULL;
  guint64 serial = 0;
  gint64 applied;

  ck_assert_msg (xn_host1_call_get_policy_sync (d->host, &serial, &name, &signer, &applied,
                                                &doc, NULL, &error),
                 "%s", error ? error->message : "");
  return serial;
}

static guint64
blob_serial (Daemon *d)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) stats = NULL;
  guint64 serial = 0;

  ck_assert (xn_host1_call_get_guard_statistics_sync (d->host, &stats, NULL, &error));
  ck_assert (g_variant_lookup (stats, "serial", "t", &serial));
  return serial;
}

static char *
domain_state (Daemon     *d,
              const char *name)
{
  g_autoptr(GVariant) doms = NULL;
  g_autoptr(GError) error = NULL;
  GVariantIter iter;
  GVariant *dom;

  ck_assert (xn_host1_call_get_domains_sync (d->host, &doms, NULL, &error));
  g_variant_iter_init (&iter, doms);
  while ((dom = g_variant_iter_next_value (&iter)) != NULL)
    {
      const char *n = NULL, *state = NULL;
      char *out = NULL;

      g_variant_lookup (dom, "name", "&s", &n);
      g_variant_lookup (dom, "state", "&s", &state);
      if (g_strcmp0 (n, name) == 0)
        out = g_strdup (state);
      g_variant_unref (dom);
      if (out != NULL)
        return out;
    }
  return NULL;
}

static gboolean
push (Daemon    *d,
      GBytes    *doc,
      gboolean   dry_run,
      char     **diff,
      GError   **error)
{
  g_autoptr(GVariant) summary = NULL;
  g_autofree char *text = NULL;
  GVariant *arg = g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, doc, TRUE);
  gboolean ok = xn_host1_call_push_policy_sync (d->host, arg, dry_run, &text, &summary, NULL, error);

  if (diff != NULL)
    *diff = g_steal_pointer (&text);
  return ok;
}

static void
assert_remote_error (const GError *error,
                     const char   *name)
{
  g_autofree char *remote = g_dbus_error_get_remote_error (error);

  ck_assert_msg (g_strcmp0 (remote, name) == 0, "%s: %s", remote, error->message);
}

#define REQUIRE_PKI() ck_assert_msg (have_pki, "certtool could not make the test PKI")

/* ---- every method, as a holder of every role ---- */

START_TEST (test_methods)
{
  Daemon d = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) info = NULL, hw = NULL, doms = NULL, perf_d = NULL, perf_e = NULL, perf_t = NULL;
  g_autoptr(GVariant) hist = NULL, audit = NULL;
  g_auto(GStrv) roles = NULL;
  g_autofree char *hostname = NULL, *state = NULL, *message = NULL;
  guint uid = 1;
  gint64 t;
  gboolean ok, more;
  guint64 rows, last;

  daemon_start (&d, "monitor;sysadmin;secadmin");
  ck_assert (xn_host1_call_get_my_roles_sync (d.host, &uid, &roles, NULL, &error));
  ck_assert_uint_eq (uid, getuid ());
  ck_assert_uint_eq (g_strv_length (roles), 3);

  ck_assert (xn_host1_call_get_host_info_sync (d.host, &info, NULL, &error));
  ck_assert (g_variant_lookup (info, "hostname", "s", &hostname));
  ck_assert_str_eq (hostname, "localhost");

  ck_assert (xn_host1_call_get_hardware_sync (d.host, &hw, NULL, &error));
  ck_assert_uint_eq (g_variant_n_children (hw), 3);

  ck_assert (xn_host1_call_get_domains_sync (d.host, &doms, NULL, &error));
  ck_assert_uint_eq (g_variant_n_children (doms), 7);   /* Domain-0 + 6 */
  /* Each domain carries its profile's cap (PV-Entertainment: 20). */
  for (gsize i = 0; i < g_variant_n_children (doms); i++)
    {
      g_autoptr(GVariant) one = g_variant_get_child_value (doms, i);
      const char *n = NULL;
      guint32 cap = 0;

      g_variant_lookup (one, "name", "&s", &n);
      if (g_strcmp0 (n, "user_vm_1") == 0)
        {
          ck_assert (g_variant_lookup (one, "max-violations", "u", &cap));
          ck_assert_uint_eq (cap, 20);
        }
    }
  state = domain_state (&d, "Domain-0");
  ck_assert_str_eq (state, "running");
  g_free (state);

  ck_assert_uint_eq (running_serial (&d), 7);
  ck_assert_uint_eq (blob_serial (&d), 7);

  /* Lifecycle round trip, with a DomainStateChanged-visible state. */
  ck_assert_msg (xn_host1_call_start_domain_sync (d.host, "user_vm_2", NULL, &error), "%s",
                 error ? error->message : "");
  state = domain_state (&d, "user_vm_2");
  ck_assert_str_eq (state, "running");
  g_free (state);
  ck_assert (xn_host1_call_pause_domain_sync (d.host, "user_vm_2", NULL, &error));
  state = domain_state (&d, "user_vm_2");
  ck_assert_str_eq (state, "paused");
  g_free (state);
  ck_assert (xn_host1_call_unpause_domain_sync (d.host, "user_vm_2", NULL, &error));
  /* A call the domain's state does not allow is a conflict, not a
   * failure of the backend. */
  ck_assert (!xn_host1_call_start_domain_sync (d.host, "user_vm_2", NULL, &error));
  assert_remote_error (error, "org.xenonvmm.Host1.Error.Conflict");
  g_clear_error (&error);
  ck_assert (xn_host1_call_shutdown_domain_sync (d.host, "user_vm_2", NULL, &error));
  state = domain_state (&d, "user_vm_2");
  ck_assert_str_eq (state, "stopped");
  ck_assert (!xn_host1_call_destroy_domain_sync (d.host, "user_vm_2", NULL, &error));
  ck_assert_msg (strstr (error->message, "stopped") != NULL, "%s", error->message);
  assert_remote_error (error, "org.xenonvmm.Host1.Error.Conflict");
  g_clear_error (&error);
  /* A store error names no path of the host. */
  ck_assert (!xn_host1_call_clear_violations_sync (d.host, G_MAXUINT64, NULL, NULL, &error));
  assert_remote_error (error, "org.xenonvmm.Host1.Error.InvalidArgument");
  ck_assert_msg (strstr (error->message, d.dir) == NULL && strstr (error->message, "hostd.db") == NULL,
                 "%s", error->message);
  g_clear_error (&error);
  ck_assert (!xn_host1_call_start_domain_sync (d.host, "no_such_vm", NULL, &error));
  ck_assert (g_dbus_error_is_remote_error (error));
  g_autofree char *remote = g_dbus_error_get_remote_error (error);
  ck_assert_str_eq (remote, "org.xenonvmm.Host1.Error.NotFound");
  g_clear_error (&error);

  g_usleep (500000);
  ck_assert (xn_host1_call_get_performance_sync (d.host, &t, &perf_d, &perf_e, &perf_t, NULL, &error));
  ck_assert_uint_ge (g_variant_n_children (perf_d), 1);
  /* Samples every 200 ms fold into 5 s buckets: at least one bucket of
   * the host total, averaging several samples, and the coarser tiers
   * fill at the same time. */
  ck_assert (xn_host1_call_get_performance_history_sync (d.host, "5s", 0, G_MAXINT64, "host",
                                                         &hist, NULL, &error));
  ck_assert_uint_ge (g_variant_n_children (hist), 1);
  {
    g_autoptr(GVariant) first = g_variant_get_child_value (hist, 0);
    g_autoptr(GVariant) metrics = g_variant_get_child_value (first, 1);
    double n = 0, mem = 0;

    ck_assert (g_variant_lookup (metrics, "samples", "d", &n));
    ck_assert (g_variant_lookup (metrics, "memory-kib", "d", &mem));
    ck_assert_msg (n >= 2 || g_variant_n_children (hist) >= 2, "only %g samples", n);
    ck_assert_msg (mem > 0, "host memory %g", mem);
  }
  g_clear_pointer (&hist, g_variant_unref);
  ck_assert (xn_host1_call_get_performance_history_sync (d.host, "1d", 0, G_MAXINT64, "Domain-0",
                                                         &hist, NULL, &error));
  ck_assert_uint_eq (g_variant_n_children (hist), 1);
  ck_assert (!xn_host1_call_get_performance_history_sync (d.host, "7s", 0, 1, "host", NULL, NULL, &error));
  g_clear_error (&error);
  /* From the earliest time there is: the same buckets, no overflow. */
  g_clear_pointer (&hist, g_variant_unref);
  ck_assert (xn_host1_call_get_performance_history_sync (d.host, "1d", G_MININT64, G_MAXINT64, "host",
                                                         &hist, NULL, &error));
  ck_assert_uint_eq (g_variant_n_children (hist), 1);
  /* An unknown subject is not an empty history. */
  ck_assert (!xn_host1_call_get_performance_history_sync (d.host, "1d", 0, G_MAXINT64, "no_such_vm",
                                                          NULL, NULL, &error));
  {
    g_autofree char *name = g_dbus_error_get_remote_error (error);

    ck_assert_msg (g_strcmp0 (name, "org.xenonvmm.Host1.Error.NotFound") == 0, "%s", error->message);
  }
  g_clear_error (&error);

  ck_assert (xn_host1_call_get_audit_log_sync (d.host, 0, 100, &audit, &last, &more, NULL, &error));
  ck_assert_uint_ge (g_variant_n_children (audit), 5);
  ck_assert (!xn_host1_call_get_audit_log_sync (d.host, 0, 0, NULL, NULL, NULL, NULL, &error));
  g_clear_error (&error);
  ck_assert (xn_host1_call_verify_audit_sync (d.host, &ok, &rows, &message, NULL, &error));
  ck_assert (ok);
  ck_assert_uint_ge (rows, 5);
  daemon_free (&d);
}
END_TEST

/* ---- roles × methods ---- */

typedef struct
{
  const char *method;
  guint       role;     /* 1 monitor, 2 sysadmin, 4 secadmin */
} MethodRole;

/* Every role sees the host, its domains, the policy and performance (a
 * sysadmin who may start a domain must be able to list it); a secadmin
 * reads the violations it clears and the profiles it learns. */
static const MethodRole method_roles[] = {
  { "GetHostInfo", 7 }, { "GetHardware", 7 }, { "GetDomains", 7 }, { "GetPolicy", 7 },
  { "GetViolations", 5 }, { "GetArchivedViolations", 1 }, { "MarkViewed", 1 },
  { "GetPerformance", 7 }, { "ProposeProfile", 5 },
  { "GetPerformanceHistory", 7 }, { "GetAuditLog", 1 }, { "VerifyAudit", 1 },
  { "GetGuardStatistics", 7 },
  { "StartDomain", 2 }, { "ShutdownDomain", 2 }, { "DestroyDomain", 2 },
  { "PauseDomain", 2 }, { "UnpauseDomain", 2 },
  { "AcceptMigration", 2 }, { "MigrateDomain", 2 },
  { "PushPolicy", 4 }, { "ClearViolations", 4 },
};

static GVariant *
args_for (const char *method)
{
  if (g_str_equal (method, "MigrateDomain"))
    return g_variant_new ("(ss)", "Domain-0", "elsewhere");
  if (g_str_equal (method, "AcceptMigration"))
    return g_variant_new ("(sss)", "c6306e78-4b33-525b-9107-9b42184ecbf3", "", "elsewhere");
  if (g_str_has_suffix (method, "Domain") || g_str_equal (method, "ProposeProfile"))
    return g_variant_new ("(s)", "Domain-0");
  if (g_str_equal (method, "GetViolations") || g_str_equal (method, "GetAuditLog")
      || g_str_equal (method, "GetArchivedViolations"))
    return g_variant_new ("(tu)", (guint64) 0, 10);
  if (g_str_equal (method, "MarkViewed"))
    return g_variant_new ("(@at)", g_variant_new_array (G_VARIANT_TYPE_UINT64, NULL, 0));
  if (g_str_equal (method, "ClearViolations"))
    return g_variant_new ("(t)", (guint64) 0);
  if (g_str_equal (method, "GetPerformanceHistory"))
    return g_variant_new ("(sxxs)", "5s", (gint64) 0, G_MAXINT64, "host");
  if (g_str_equal (method, "PushPolicy"))
    return g_variant_new ("(@ayb)", g_variant_new_bytestring ("<x/>"), TRUE);
  return NULL;
}

static const char *role_sets[] = { "", "monitor", "sysadmin", "secadmin" };
static const guint role_bits[] = { 0, 1, 2, 4 };

/* Calls every method on @conn as a holder of @bits; each call that is
 * allowed where it should be refused, or the reverse, is a line in
 * @failures.  Used by the Check tests and by the --role-client mode,
 * which runs as another user and has no Check. */
static void
check_methods (GDBusConnection *conn,
               guint            bits,
               GString         *failures)
{
  for (guint m = 0; m < G_N_ELEMENTS (method_roles); m++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GVariant) ret = NULL;
      g_autofree char *remote = NULL;
      gboolean allowed = (method_roles[m].role & bits) != 0;
      gboolean denied;

      ret = g_dbus_connection_call_sync (conn, NULL, "/org/xenonvmm/Host", "org.xenonvmm.Host1",
                                         method_roles[m].method, args_for (method_roles[m].method),
                                         NULL, G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error);
      remote = error ? g_dbus_error_get_remote_error (error) : NULL;
      denied = g_strcmp0 (remote, "org.xenonvmm.Host1.Error.PermissionDenied") == 0;
      if (allowed && denied)
        g_string_append_printf (failures, "roles %u refused %s: %s\n", bits,
                                method_roles[m].method, error->message);
      else if (!allowed && !denied)
        g_string_append_printf (failures, "roles %u allowed %s (%s)\n", bits, method_roles[m].method,
                                error ? error->message : "no error");
      else if (denied && strstr (error->message, "xenon-") == NULL)
        g_string_append_printf (failures, "refusal does not name the group: %s\n", error->message);
    }
}

/* Every refusal of a method @bits do not allow is in the audit log under
 * @uid. */
static void
assert_refusals_audited (Daemon *d,
                         guint   uid,
                         guint   bits)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) rows = NULL;
  g_autoptr(GHashTable) refused = g_hash_table_new (g_str_hash, g_str_equal);
  guint64 last;
  gboolean more;
  GVariantIter iter;
  const char *action, *result;
  guint32 row_uid;

  ck_assert (xn_host1_call_get_audit_log_sync (d->host, 0, 1000, &rows, &last, &more, NULL, &error));
  g_variant_iter_init (&iter, rows);
  while (g_variant_iter_next (&iter, "(txu&s&s&s&s&s)", NULL, NULL, &row_uid, NULL, &action,
                              NULL, &result, NULL))
    if (g_str_equal (result, "refused") && row_uid == uid)
      g_hash_table_add (refused, (gpointer) action);
  for (guint m = 0; m < G_N_ELEMENTS (method_roles); m++)
    if ((method_roles[m].role & bits) == 0)
      ck_assert_msg (g_hash_table_contains (refused, method_roles[m].method),
                     "the refusal of %s to uid %u was not audited", method_roles[m].method, uid);
    else
      ck_assert_msg (!g_hash_table_contains (refused, method_roles[m].method),
                     "%s was refused to uid %u", method_roles[m].method, uid);
}

START_TEST (test_roles)
{
  Daemon d = { 0 };
  g_autoptr(GString) failures = g_string_new (NULL);
  guint bits = role_bits[_i];

  daemon_start (&d, role_sets[_i]);
  check_methods (xn_host_connection_get_connection (d.conn), bits, failures);
  ck_assert_msg (failures->len == 0, "role “%s”:\n%s", role_sets[_i], failures->str);
  daemon_stop (&d, FALSE);

  /* Every refusal was audited, durably: read the log as a monitor of a
   * daemon restarted on the same state. */
  {
    g_autofree char *dir = g_strdup (d.dir);

    g_clear_pointer (&d.dir, g_free);
    g_clear_pointer (&d.socket, g_free);
    daemon_start_in (&d, dir, "monitor", NULL);
    assert_refusals_audited (&d, getuid (), bits);
    daemon_free (&d);
  }
}
END_TEST

/* Real users, one per role group and one in none (made by main() as
 * root); no override map: the daemon reads the groups. */
static XnTestUser *role_users[G_N_ELEMENTS (role_sets)];
static char *self_exe;

START_TEST (test_unix_roles)
{
  Daemon d = { 0 };
  XnTestUser *u = role_users[_i];
  g_autofree char *uid_arg = g_strdup_printf ("--reuid=%u", (guint) u->uid);
  g_autofree char *gid_arg = g_strdup_printf ("--regid=%u", (guint) u->gid);
  g_autofree char *bits_arg = g_strdup_printf ("%u", role_bits[_i]);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  daemon_start (&d, NULL);
  {
    const char *argv[] = { "setpriv", uid_arg, gid_arg, "--init-groups", self_exe,
                           "--role-client", d.socket, bits_arg, NULL };

    ck_assert_msg (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &out, &err, &status, &error),
                   "%s", error ? error->message : "");
  }
  ck_assert_msg (g_spawn_check_wait_status (status, NULL), "as %s (groups “%s”):\n%s%s",
                 u->name, role_sets[_i], out, err);
  /* Root reads the log: all roles, no map. */
  assert_refusals_audited (&d, u->uid, role_bits[_i]);
  daemon_free (&d);
}
END_TEST

/* The other end of test_unix_roles, run as the test user. */
static int
role_client (const char *socket_path,
             const char *bits_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(XnHostConnection) conn = xn_host_connection_new_for_socket (socket_path, NULL, &error);
  g_autoptr(GString) failures = g_string_new (NULL);
  g_auto(GStrv) roles = NULL;
  guint uid = 0;

  if (conn == NULL)
    {
      g_print ("uid %u cannot connect: %s\n", (guint) getuid (), error->message);
      return 1;
    }
  if (!xn_host1_call_get_my_roles_sync (xn_host_connection_get_proxy (conn), &uid, &roles, NULL, &error)
      || uid != getuid ())
    {
      g_print ("GetMyRoles: %s (uid %u)\n", error ? error->message : "wrong uid", uid);
      return 1;
    }
  check_methods (xn_host_connection_get_connection (conn),
                 (guint) g_ascii_strtoull (bits_text, NULL, 10), failures);
  g_print ("%s", failures->str);
  return failures->len == 0 ? 0 : 1;
}

/* ---- policy pushes ---- */

static void
remove_user_vm_3 (XnPolicy *policy)
{
  XnHost *host = xn_policy_find_host_by_name (policy, "localhost");
  XnDomain *dom = xn_host_find_domain_by_name (host, "user_vm_3");
  XnObjectList *list = xn_enclave_get_domains (xn_domain_get_enclave (dom));
  guint pos;

  ck_assert (xn_object_list_find (list, XN_OBJECT (dom), &pos));
  xn_object_list_remove (list, pos);
}

static void
rename_host (XnPolicy *policy)
{
  xn_object_set_name (xn_object_list_get (xn_policy_get_hosts (policy), 0), "elsewhere");
}

static void
add_domain (XnPolicy *policy)
{
  XnHost *host = xn_policy_find_host_by_name (policy, "localhost");
  XnDomain *src = xn_host_find_domain_by_name (host, "user_vm_2");
  XnEnclave *enc = xn_domain_get_enclave (src);
  g_autoptr(XnDomain) dom = g_object_new (XN_TYPE_DOMAIN, "uuid",
                                         "5b0c6f43-2a4e-4f7e-9d51-0f3c1a2b7e44", NULL);

  xn_object_set_name (XN_OBJECT (dom), "user_vm_4");
  xn_domain_set_kind (dom, XN_DOMAIN_KIND_USER);
  xn_domain_set_sec_label_uuid (dom, xn_domain_get_sec_label_uuid (src));
  xn_domain_set_memory (dom, 256);
  xn_domain_set_vcpus (dom, 1);
  xn_object_list_append (xn_enclave_get_domains (enc), XN_OBJECT (dom));
}

static void
assert_refused (Daemon     *d,
                GBytes     *doc,
                const char *why)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *remote = NULL;

  ck_assert_msg (!push (d, doc, FALSE, NULL, &error), "pushing %s succeeded", why);
  remote = g_dbus_error_get_remote_error (error);
  ck_assert_msg (g_strcmp0 (remote, "org.xenonvmm.Host1.Error.PolicyRefused") == 0,
                 "%s: %s", why, error->message);
}

START_TEST (test_push)
{
  Daemon d = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) good = NULL, unsigned_doc = NULL, tampered = NULL, removing = NULL;
  g_autoptr(GBytes) other_host = NULL, rollback = NULL, next = NULL;
  g_autofree char *diff = NULL;
  GByteArray *t;
  char *p;

  REQUIRE_PKI ();
  daemon_start (&d, "monitor;secadmin");
  ck_assert_uint_eq (running_serial (&d), 7);

  /* Dry run: a diff, nothing applied. */
  good = make_policy (8, TRUE, add_domain);
  ck_assert_msg (push (&d, good, TRUE, &diff, &error), "%s", error ? error->message : "");
  ck_assert_msg (g_str_has_prefix (diff, "Dry run for host “localhost”: serial 7 → 8\n")
                 && strstr (diff, "Domains added:\n  user_vm_4") != NULL,
                 "diff: %s", diff);
  ck_assert_uint_eq (running_serial (&d), 7);
  ck_assert_uint_eq (blob_serial (&d), 7);

  /* Bad ones: the old policy stays in force. */
  unsigned_doc = make_policy (9, FALSE, NULL);
  assert_refused (&d, unsigned_doc, "an unsigned policy");
  t = g_bytes_unref_to_array (g_bytes_ref (good));
  p = g_strstr_len ((char *) t->data, t->len, "user_vm_4");
  ck_assert_ptr_nonnull (p);
  p[8] = '5';
  tampered = g_byte_array_free_to_bytes (t);
  assert_refused (&d, tampered, "a tampered policy");
  removing = make_policy (9, TRUE, remove_user_vm_3);
  assert_refused (&d, removing, "a policy removing a domain");
  other_host = make_policy (9, TRUE, rename_host);
  assert_refused (&d, other_host, "a policy for another host");
  ck_assert_uint_eq (running_serial (&d), 7);
  ck_assert_uint_eq (blob_serial (&d), 7);

  /* The good one applies, and its diff says so. */
  g_clear_pointer (&diff, g_free);
  ck_assert_msg (push (&d, good, FALSE, &diff, &error), "%s", error ? error->message : "");
  ck_assert_msg (g_str_has_prefix (diff, "Applied on host “localhost”: serial 7 → 8\n"), "diff: %s", diff);
  ck_assert_uint_eq (running_serial (&d), 8);
  ck_assert_uint_eq (blob_serial (&d), 8);
  g_free (domain_state (&d, "user_vm_4"));

  /* Rolled back serial, and the same serial again. */
  rollback = make_policy (7, TRUE, add_domain);
  assert_refused (&d, rollback, "a rolled-back serial");
  assert_refused (&d, good, "the same serial again");
  ck_assert_uint_eq (running_serial (&d), 8);

  /* Restart: the last good policy is re-applied. */
  {
    g_autofree char *dir = g_strdup (d.dir);

    daemon_stop (&d, FALSE);
    g_clear_pointer (&d.dir, g_free);
    g_clear_pointer (&d.socket, g_free);
    daemon_start_in (&d, dir, "monitor;secadmin", NULL);
  }
  ck_assert_uint_eq (running_serial (&d), 8);
  ck_assert_uint_eq (blob_serial (&d), 8);
  next = make_policy (9, TRUE, add_domain);
  ck_assert_msg (push (&d, next, FALSE, NULL, &error), "%s", error ? error->message : "");
  ck_assert_uint_eq (blob_serial (&d), 9);
  daemon_free (&d);
}
END_TEST

static guint64
daemon_hwm_kib (Daemon *d)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (d->proc));
  g_autofree char *text = NULL;
  const char *line;

  ck_assert (g_file_get_contents (path, &text, NULL, NULL));
  line = strstr (text, "VmHWM:");
  ck_assert_ptr_nonnull (line);
  return g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10);
}

/* Bytes after a NUL in a signed document were kept and served back; a
 * 20 MB unsigned document of tiny elements cost 755 MB before its
 * signature was looked at. */
START_TEST (test_push_hostile_bytes)
{
  Daemon d = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) good = NULL, with_nul = NULL, tiny = NULL;
  GByteArray *t;
  guint64 before;

  REQUIRE_PKI ();
  daemon_start (&d, "monitor;secadmin");
  good = make_policy (8, TRUE, add_domain);
  t = g_bytes_unref_to_array (g_bytes_ref (good));
  g_byte_array_append (t, (const guint8 *) "\0<smuggled/>", 13);
  with_nul = g_byte_array_free_to_bytes (t);
  ck_assert (!push (&d, with_nul, FALSE, NULL, &error));
  assert_remote_error (error, "org.xenonvmm.Host1.Error.PolicyRefused");
  ck_assert_msg (strstr (error->message, "NUL byte at offset") != NULL, "%s", error->message);
  g_clear_error (&error);
  ck_assert_uint_eq (running_serial (&d), 7);

  /* 20 MB of <a/>, and a 15 MB one under the size limit: refused without
   * a tree (the reply and the message cost some tens of MB). */
  before = daemon_hwm_kib (&d);
  for (guint mb = 20; mb >= 15; mb -= 5)
    {
      GString *s = g_string_sized_new (mb * 1024 * 1024 + 64);

      g_string_append (s, "<policy xmlns=\"urn:xenonvmm:policy:1\">");
      while (s->len < mb * 1024 * 1024)
        g_string_append (s, "<a/><a/><a/><a/><a/><a/><a/><a/>");
      g_string_append (s, "</policy>");
      tiny = g_string_free_to_bytes (s);
      ck_assert (!push (&d, tiny, FALSE, NULL, &error));
      assert_remote_error (error, "org.xenonvmm.Host1.Error.PolicyRefused");
      g_clear_error (&error);
      g_clear_pointer (&tiny, g_bytes_unref);
    }
  ck_assert_msg (daemon_hwm_kib (&d) - before < 200 * 1024,
                 "refusing tiny-element documents raised the daemon's peak memory by %" G_GUINT64_FORMAT " KiB",
                 daemon_hwm_kib (&d) - before);
  ck_assert_uint_eq (running_serial (&d), 7);
  ck_assert_msg (push (&d, good, FALSE, NULL, &error), "%s", error ? error->message : "");
  daemon_free (&d);
}
END_TEST

/* Serial 12 applied, then its stored copy edited so that it no longer
 * verifies: after a restart the simulated host falls back to its own
 * serial 7, and serial 9 must still be refused, naming 9 and 12. */
START_TEST (test_rollback_after_restart)
{
  Daemon d = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) twelve = NULL, nine = NULL, thirteen = NULL;
  g_autofree char *dir = NULL, *db = NULL;
  sqlite3 *sql;

  REQUIRE_PKI ();
  daemon_start (&d, "monitor;secadmin");
  twelve = make_policy (12, TRUE, add_domain);
  ck_assert_msg (push (&d, twelve, FALSE, NULL, &error), "%s", error ? error->message : "");
  ck_assert_uint_eq (running_serial (&d), 12);
  dir = g_strdup (d.dir);
  daemon_stop (&d, FALSE);
  g_clear_pointer (&d.dir, g_free);
  g_clear_pointer (&d.socket, g_free);

  db = g_build_filename (dir, "state", "hostd.db", NULL);
  ck_assert_int_eq (sqlite3_open (db, &sql), SQLITE_OK);
  ck_assert_int_eq (sqlite3_exec (sql, "UPDATE policy SET document = CAST(replace(CAST(document AS TEXT), "
                                  "'user_vm_4', 'user_vm_5') AS BLOB) WHERE serial = 12",
                                  NULL, NULL, NULL), SQLITE_OK);
  ck_assert_int_eq (sqlite3_changes (sql), 1);
  sqlite3_close (sql);

  daemon_start_in (&d, dir, "monitor;secadmin", NULL);
  ck_assert_uint_lt (running_serial (&d), 12);
  nine = make_policy (9, TRUE, add_domain);
  ck_assert_msg (!push (&d, nine, FALSE, NULL, &error), "serial 9 was applied over 12");
  {
    g_autofree char *remote = g_dbus_error_get_remote_error (error);

    ck_assert_str_eq (remote, "org.xenonvmm.Host1.Error.PolicyRefused");
  }
  ck_assert_msg (strstr (error->message, "Serial 9 ") != NULL && strstr (error->message, "serial 12") != NULL,
                 "%s", error->message);
  g_clear_error (&error);
  ck_assert (!push (&d, nine, TRUE, NULL, &error));
  g_clear_error (&error);
  /* Above the floor is fine. */
  thirteen = make_policy (13, TRUE, add_domain);
  ck_assert_msg (push (&d, thirteen, FALSE, NULL, &error), "%s", error ? error->message : "");
  ck_assert_uint_eq (running_serial (&d), 13);
  daemon_free (&d);
}
END_TEST

/* A policy whose signer's certificate expires after it was applied stays
 * in force across a restart, by the verification recorded when it was
 * pushed; an older serial is still refused. */
START_TEST (test_expired_signer_restart)
{
  Daemon d = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) twelve = NULL, nine = NULL, thirteen = NULL;
  g_autoptr(GDateTime) expiry = NULL;
  g_autofree char *tmpl = NULL, *stamp = NULL, *dir = NULL, *log = NULL, *text = NULL;

  REQUIRE_PKI ();
  expiry = g_date_time_add_seconds (g_date_time_new_now_utc (), 6);
  stamp = g_date_time_format (expiry, "%Y-%m-%d %H:%M:%S");
  tmpl = g_strdup_printf ("cn = \"Hostd Short-lived Signer\"\nsigning_key\nexpiration_date = \"%s\"\n", stamp);
  ck_assert (xn_test_certtool (pki, "short.tmpl", tmpl, "--generate-certificate", "--load-privkey", "signer.key",
                               "--load-ca-privkey", "ca.key", "--load-ca-certificate", "ca.pem",
                               "--template", "short.tmpl", "--outfile", "short.pem", NULL));
  signer_cert = "short.pem";
  twelve = make_policy (12, TRUE, add_domain);
  signer_cert = "signer.pem";

  daemon_start (&d, "monitor;secadmin");
  ck_assert_msg (push (&d, twelve, FALSE, NULL, &error), "%s", error ? error->message : "");
  ck_assert_uint_eq (running_serial (&d), 12);
  dir = g_strdup (d.dir);
  daemon_stop (&d, FALSE);
  g_clear_pointer (&d.dir, g_free);
  g_clear_pointer (&d.socket, g_free);
  /* Past the certificate's end. */
  while (g_date_time_to_unix (expiry) >= g_get_real_time () / G_USEC_PER_SEC - 1)
    g_usleep (200000);

  log = g_build_filename (dir, "hostd.log", NULL);
  daemon_log = log;
  daemon_start_in (&d, dir, "monitor;secadmin", NULL);
  daemon_log = NULL;
  ck_assert_msg (running_serial (&d) == 12, "serial %" G_GUINT64_FORMAT " runs after the signer expired",
                 running_serial (&d));
  ck_assert (g_file_get_contents (log, &text, NULL, NULL));
  ck_assert_msg (strstr (text, "by its verification recorded in audit row") != NULL
                 && strstr (text, "expired") != NULL, "%s", text);
  nine = make_policy (9, TRUE, add_domain);
  ck_assert (!push (&d, nine, FALSE, NULL, &error));
  ck_assert_msg (strstr (error->message, "serial 12") != NULL, "%s", error->message);
  g_clear_error (&error);
  thirteen = make_policy (13, TRUE, add_domain);
  ck_assert_msg (push (&d, thirteen, FALSE, NULL, &error), "%s", error ? error->message : "");
  ck_assert_uint_eq (running_serial (&d), 13);
  daemon_free (&d);
}
END_TEST

/* A push that fails, and whose restore of the previous policy fails too,
 * says so to the caller and in the audit row, not only in the log. */
START_TEST (test_failed_restore_told)
{
  Daemon d = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) twelve = NULL;
  g_autoptr(GVariant) rows = NULL;
  guint64 last = 0;
  gboolean more, found = FALSE;
  GVariantIter it;
  const char *action, *result, *detail;

  REQUIRE_PKI ();
  /* Load 1 is the boot's; the push's and the restore's fail. */
  sim_extra = "fail-loads-from=2";
  daemon_start (&d, "monitor;secadmin");
  sim_extra = NULL;
  twelve = make_policy (12, TRUE, add_domain);
  ck_assert (!push (&d, twelve, FALSE, NULL, &error));
  ck_assert_msg (strstr (error->message, "could not be restored") != NULL
                 && strstr (error->message, "uncertain") != NULL, "%s", error->message);
  g_clear_error (&error);
  ck_assert_msg (xn_host1_call_get_audit_log_sync (d.host, 0, 1000, &rows, &last, &more, NULL, &error),
                 "%s", error ? error->message : "");
  g_variant_iter_init (&it, rows);
  while (g_variant_iter_next (&it, "(txu&s&s&s&s&s)", NULL, NULL, NULL, NULL, &action, NULL, &result, &detail))
    if (g_str_equal (action, "PushPolicy") && strstr (detail, "could not be restored") != NULL)
      found = TRUE;
  ck_assert_msg (found, "no PushPolicy row says the restore failed");
  daemon_free (&d);
}
END_TEST

/* kill -9 while policies are being pushed: after restart the enforced
 * policy is one of those pushed, and the blob matches the document. */
START_TEST (test_kill_during_apply)
{
  g_autofree char *dir = g_dir_make_tmp ("xn-test-hostd-XXXXXX", NULL);
  guint64 prev = 7;

  REQUIRE_PKI ();
  for (guint round = 0; round < 10; round++)
    {
      Daemon d = { 0 };
      g_autoptr(GBytes) doc = NULL;
      guint64 now;

      daemon_start_in (&d, dir, "monitor;secadmin", NULL);
      now = running_serial (&d);
      ck_assert_uint_eq (blob_serial (&d), now);
      ck_assert_msg (now == prev || now == prev + 1,
                     "round %u: serial %" G_GUINT64_FORMAT " after pushing %" G_GUINT64_FORMAT,
                     round, now, prev + 1);
      prev = now;
      doc = make_policy (prev + 1, TRUE, NULL);
      /* Fire the push and kill at a random moment around it. */
      xn_host1_call_push_policy (d.host,
                                 g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, doc, TRUE),
                                 FALSE, NULL, NULL, NULL);
      g_dbus_connection_flush_sync (xn_host_connection_get_connection (d.conn), NULL, NULL);
      g_usleep (g_random_int_range (0, 60000));
      daemon_stop (&d, TRUE);
      g_free (d.dir);
      g_free (d.socket);
    }
}
END_TEST

/* ---- violations and caps ---- */

/* The demo's misbehaving user_vm_1 (profile PV-Entertainment) probes
 * xen_version extraversion and memory_op memory_map and floods sched_op:
 * each shows with the guard's text, and past maxViolations the domain is
 * paused, the action recorded on the violation. */
START_TEST (test_violations)
{
  Daemon d = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) rates = g_string_new (NULL);
  gint64 deadline;
  gboolean saw_probe = FALSE, paused = FALSE, saw_extraversion = FALSE, saw_memory_map = FALSE;
  gboolean saw_rate = FALSE, saw_pause_action = FALSE;
  guint64 last = 0, first = 0;
  guint marked = 0, archived = 0;

  daemon_start (&d, "monitor;sysadmin;secadmin");
  ck_assert (xn_host1_call_start_domain_sync (d.host, "user_vm_1", NULL, &error));
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline
         && !(saw_probe && paused && saw_extraversion && saw_memory_map && saw_rate && saw_pause_action))
    {
      g_autoptr(GVariant) rows = NULL;
      g_autofree char *state = NULL;
      GVariantIter iter;
      const char *name, *info, *reason, *action;
      guint64 seq;
      gboolean more;

      ck_assert (xn_host1_call_get_violations_sync (d.host, last, 100, &rows, &last, &more, NULL, &error));
      g_variant_iter_init (&iter, rows);
      while (g_variant_iter_next (&iter, "(tx&s&sut&s&s&sb)", &seq, NULL, NULL, &name, NULL, NULL,
                                  &reason, &info, &action, NULL))
        {
          ck_assert_str_eq (name, "user_vm_1");
          if (first == 0)
            first = seq;
          if (g_str_equal (info, "hcall=12(memory_op), cmd=10(machine_memory_map)"))
            saw_probe = TRUE;
          if (g_str_equal (info, "hcall=17(xen_version), cmd=1(extraversion)"))
            saw_extraversion = TRUE;
          if (g_str_equal (info, "hcall=12(memory_op), cmd=9(memory_map)"))
            saw_memory_map = TRUE;
          if (g_str_has_prefix (info, "hmax=10, hrate="))
            {
              ck_assert_str_eq (reason, "hypercall rate exceeded");
              g_string_append_printf (rates, " %s", info + strlen ("hmax=10, "));
              saw_rate = TRUE;
            }
          if (g_str_equal (action, "pause"))
            saw_pause_action = TRUE;
        }
      state = domain_state (&d, "user_vm_1");
      paused = g_strcmp0 (state, "paused") == 0;
      g_usleep (100000);
    }
  ck_assert_msg (saw_extraversion, "no xen_version extraversion probe seen");
  ck_assert_msg (saw_memory_map, "no memory_op memory_map probe seen");
  ck_assert_msg (saw_rate, "no sched_op flood seen");
  ck_assert_msg (saw_probe, "no machine_memory_map probe seen");
  ck_assert_msg (paused, "user_vm_1 was not paused after max violations");
  ck_assert_msg (saw_pause_action, "no violation records the pause");
  g_print ("rate violations of user_vm_1:%s\n", rates->str);

  /* A sysadmin lets it run again: the guard watches it afresh and pauses
   * it again at its limit, rather than leaving it unwatched. */
  ck_assert_msg (xn_host1_call_unpause_domain_sync (d.host, "user_vm_1", NULL, &error), "%s",
                 error ? error->message : "");
  paused = FALSE;
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!paused && g_get_monotonic_time () < deadline)
    {
      g_autofree char *state = domain_state (&d, "user_vm_1");

      if (!(paused = g_strcmp0 (state, "paused") == 0))
        g_usleep (100000);
    }
  ck_assert_msg (paused, "user_vm_1 was not paused again at its limit after an unpause");

  /* Profile learning: the probes become rights in the proposal, the
   * flood does not; an unknown domain is named in the refusal. */
  {
    g_autofree char *xml = NULL;
    g_auto(GStrv) changes = NULL;
    g_autoptr(GVariant) calls = NULL;
    g_autofree char *joined = NULL;
    GVariantIter iter;
    guint32 hcall;
    guint64 subop, count;
    gboolean saw_call = FALSE;

    ck_assert_msg (xn_host1_call_propose_profile_sync (d.host, "user_vm_1", &xml, &changes, &calls,
                                                       NULL, &error), "%s", error ? error->message : "");
    joined = g_strjoinv ("; ", changes);
    ck_assert_msg (strstr (xml, "<profile ") == xml && strstr (xml, "name=\"PV-Entertainment\""), "%s", xml);
    /* The proposal turns learning off, and says so (booleans are always written). */
    ck_assert_msg (strstr (xml, "learning=\"false\"") != NULL, "%s", xml);
    ck_assert_msg (strstr (joined, "xen_version sub-op 1 (extraversion)")
                   && strstr (joined, "memory_op sub-op 9 (memory_map)")
                   && strstr (joined, "memory_op sub-op 10 (machine_memory_map)"), "%s", joined);
    ck_assert_msg (strstr (joined, "sched_op") == NULL, "rate violations are no missing right: %s", joined);
    g_variant_iter_init (&iter, calls);
    while (g_variant_iter_next (&iter, "(utt)", &hcall, &subop, &count))
      {
        ck_assert_uint_gt (count, 0);
        ck_assert_uint_ne (hcall, 29);
        saw_call |= hcall == 17 && subop == 1;
      }
    ck_assert (saw_call);
    ck_assert (!xn_host1_call_propose_profile_sync (d.host, "no_such_vm", &xml, &changes, &calls,
                                                    NULL, &error));
    ck_assert_msg (strstr (error->message, "no_such_vm") != NULL, "%s", error->message);
    g_clear_error (&error);
  }

  /* The same through the command line: the proposal, then applied to the
   * officer's copy of the demo document. */
  {
    g_autofree char *demo = xn_test_data_path ("xenon-enterprise-demo.xml");
    g_autofree char *dir = g_path_get_dirname (d.socket);
    g_autofree char *out_path = g_build_filename (dir, "learned.xml", NULL);
    const char *show[] = { g_getenv ("XN_POLICY"), "learn", "--socket", d.socket, "user_vm_1", NULL };
    const char *into[] = { g_getenv ("XN_POLICY"), "learn", "--socket", d.socket, "--into", demo,
                           "-o", out_path, "user_vm_1", NULL };
    g_autofree char *out = NULL, *err = NULL, *err2 = NULL;
    g_autoptr(XnPolicy) learned = NULL;
    XnProfile *profile;
    XnHypercallRule *rule;
    guint64 map[2];
    int status = -1;

    ck_assert_msg (show[0] != NULL, "XN_POLICY is not set");
    ck_assert (g_spawn_sync (NULL, (char **) show, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
    ck_assert_msg (g_spawn_check_wait_status (status, NULL), "%s", err);
    ck_assert_msg (strstr (out, "<profile ") == out, "%s", out);
    ck_assert_msg (strstr (err, "adds xen_version sub-op 1 (extraversion)") != NULL, "%s", err);

    ck_assert (g_spawn_sync (NULL, (char **) into, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err2, &status, &error));
    ck_assert_msg (g_spawn_check_wait_status (status, NULL), "%s", err2);
    ck_assert_msg (strstr (err2, "profile “PV-Entertainment” adds memory_op sub-op 9 (memory_map)") != NULL, "%s", err2);
    learned = xn_policy_load_file (out_path, &error);
    ck_assert_msg (learned != NULL, "%s", error ? error->message : "");
    profile = XN_PROFILE (xn_object_list_lookup_name (xn_policy_get_profiles (learned), "PV-Entertainment"));
    rule = xn_profile_find_hypercall (profile, "xen_version");
    ck_assert (rule != NULL);
    ck_assert (xn_hypercall_rule_get_subops (rule) == NULL
               || (xn_subops_parse_list (xn_hypercall_rule_get_subops (rule), map, NULL) && (map[0] & 2)));
    rule = xn_profile_find_hypercall (profile, "memory_op");
    ck_assert (rule != NULL && xn_subops_parse_list (xn_hypercall_rule_get_subops (rule), map, NULL));
    ck_assert ((map[0] >> 9 & 1) && (map[0] >> 10 & 1));
    ck_assert (!xn_profile_get_learning (profile));
    g_unlink (out_path);
  }

  {
    g_autoptr(GVariant) rows = NULL;
    gboolean more;

    ck_assert (xn_host1_call_mark_viewed_sync (d.host,
                                               g_variant_new_fixed_array (G_VARIANT_TYPE_UINT64, &first, 1, 8),
                                               &marked, NULL, &error));
    ck_assert_uint_eq (marked, 1);
    ck_assert (xn_host1_call_clear_violations_sync (d.host, 0, &archived, NULL, &error));
    ck_assert_uint_ge (archived, 11);
    ck_assert (xn_host1_call_get_violations_sync (d.host, 0, 100, &rows, &last, &more, NULL, &error));
    ck_assert_uint_eq (g_variant_n_children (rows), 0);
  }
  /* An auditor still reads every cleared violation, page by page, the
   * probes and the one marked viewed among them. */
  {
    guint64 since = 0, n = 0, prev = 0;
    gboolean more = TRUE, saw_first = FALSE, saw_extraversion_archived = FALSE;

    while (more)
      {
        g_autoptr(GVariant) rows = NULL;
        GVariantIter iter;
        const char *name, *info;
        guint64 seq;
        gboolean viewed;

        ck_assert_msg (xn_host1_call_get_archived_violations_sync (d.host, since, 5, &rows, &since,
                                                                   &more, NULL, &error),
                       "%s", error ? error->message : "");
        ck_assert_uint_le (g_variant_n_children (rows), 5);
        g_variant_iter_init (&iter, rows);
        while (g_variant_iter_next (&iter, "(tx&s&sut&s&s&sb)", &seq, NULL, NULL, &name, NULL, NULL,
                                    NULL, &info, NULL, &viewed))
          {
            ck_assert_uint_gt (seq, prev);
            prev = seq;
            ck_assert_str_eq (name, "user_vm_1");
            if (seq == first)
              saw_first = viewed;
            saw_extraversion_archived |= g_str_equal (info, "hcall=17(xen_version), cmd=1(extraversion)");
            n++;
          }
      }
    ck_assert_uint_eq (n, archived);
    ck_assert_msg (saw_first, "the first violation, marked viewed, is not archived as viewed");
    ck_assert (saw_extraversion_archived);
    ck_assert (!xn_host1_call_get_archived_violations_sync (d.host, 0, 0, NULL, NULL, NULL, NULL, &error));
    g_clear_error (&error);
  }
  /* Learning reads the whole log: a clear acknowledges the rows, the
   * domain still needs the calls. */
  {
    g_autofree char *xml = NULL;
    g_auto(GStrv) changes = NULL;
    g_autoptr(GVariant) calls = NULL;
    g_autofree char *joined = NULL;

    ck_assert (xn_host1_call_propose_profile_sync (d.host, "user_vm_1", &xml, &changes, &calls, NULL, &error));
    joined = g_strjoinv ("; ", changes);
    ck_assert_msg (strstr (joined, "xen_version sub-op 1 (extraversion)") != NULL,
                   "learning forgot the cleared violations: %s", joined);
    ck_assert_uint_gt (g_variant_n_children (calls), 0);
  }
  daemon_free (&d);
}
END_TEST

/* Every violation seq visible now, archived or not. */
static GArray *
violation_seqs (Daemon *d)
{
  GArray *seqs = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint64 last = 0;
  gboolean more = TRUE;

  while (more)
    {
      g_autoptr(GVariant) rows = NULL;
      g_autoptr(GError) error = NULL;
      GVariantIter iter;
      guint64 seq;

      ck_assert_msg (xn_host1_call_get_violations_sync (d->host, last, 10000, &rows, &last, &more,
                                                        NULL, &error),
                     "%s", error ? error->message : "");
      g_variant_iter_init (&iter, rows);
      while (g_variant_iter_next (&iter, "(txssutsssb)", &seq, NULL, NULL, NULL, NULL, NULL,
                                  NULL, NULL, NULL, NULL))
        g_array_append_val (seqs, seq);
    }
  return seqs;
}

static void
assert_chain_ok (Daemon *d)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean ok = FALSE;
  guint64 rows = 0;

  ck_assert (xn_host1_call_verify_audit_sync (d->host, &ok, &rows, &message, NULL, &error));
  ck_assert_msg (ok, "chain broken: %s", message);
}

static int
run_verify_audit (const char  *dir,
                  char       **err)
{
  g_autofree char *state = g_build_filename (dir, "state", NULL);
  const char *argv[] = { g_getenv ("XN_HOSTD"), "--verify-audit", "--state-dir", state, NULL };
  int status = -1;

  ck_assert (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                           NULL, err, &status, NULL));
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* Violations, audit rows and history survive a restart; the chain
 * verifies through D-Bus and from the command line, and an edited row
 * is found. */
START_TEST (test_store_restart)
{
  Daemon d = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) before = NULL, after = NULL;
  g_autofree char *dir = NULL, *err = NULL, *db = NULL;
  g_autoptr(GVariant) hist = NULL;
  gint64 deadline;
  sqlite3 *sql;

  daemon_start (&d, "monitor;sysadmin;secadmin");
  dir = g_strdup (d.dir);
  ck_assert (xn_host1_call_start_domain_sync (d.host, "user_vm_1", NULL, &error));
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  do
    {
      g_clear_pointer (&before, g_array_unref);
      g_usleep (100000);
      before = violation_seqs (&d);
    }
  while (before->len < 5 && g_get_monotonic_time () < deadline);
  ck_assert_uint_ge (before->len, 5);
  daemon_stop (&d, FALSE);

  ck_assert_int_eq (run_verify_audit (dir, &err), 0);
  g_clear_pointer (&err, g_free);

  g_clear_pointer (&d.dir, g_free);
  g_clear_pointer (&d.socket, g_free);
  daemon_start_in (&d, dir, "monitor", NULL);
  after = violation_seqs (&d);
  ck_assert_uint_ge (after->len, before->len);
  for (guint i = 0; i < before->len; i++)
    ck_assert_uint_eq (g_array_index (after, guint64, i), g_array_index (before, guint64, i));
  assert_chain_ok (&d);
  ck_assert (xn_host1_call_get_performance_history_sync (d.host, "1h", 0, G_MAXINT64, "user_vm_1",
                                                         &hist, NULL, &error));
  ck_assert_uint_ge (g_variant_n_children (hist), 1);
  daemon_free (&d);

  /* Edit the first violation's text behind the daemon's back. */
  db = g_build_filename (dir, "state", "hostd.db", NULL);
  ck_assert_int_eq (sqlite3_open (db, &sql), SQLITE_OK);
  {
    g_autofree char *q = g_strdup_printf ("UPDATE audit SET detail = 'nothing happened' WHERE seq = %"
                                          G_GUINT64_FORMAT, g_array_index (before, guint64, 0));

    ck_assert_int_eq (sqlite3_exec (sql, q, NULL, NULL, NULL), SQLITE_OK);
  }
  sqlite3_close (sql);
  ck_assert_int_eq (run_verify_audit (dir, &err), 1);
  {
    g_autofree char *where = g_strdup_printf ("seq %" G_GUINT64_FORMAT, g_array_index (before, guint64, 0));

    ck_assert_msg (strstr (err, where) != NULL, "%s", err);
  }
}
END_TEST

/* kill -9 at random moments of a violation storm: after each restart
 * every violation a client had read is still there and the chain
 * verifies. */
START_TEST (test_kill_during_storm)
{
  g_autofree char *dir = g_dir_make_tmp ("xn-test-hostd-XXXXXX", NULL);
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (guint64));

  for (guint round = 0; round < 8; round++)
    {
      Daemon d = { 0 };
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) now = NULL;

      daemon_start_in (&d, dir, "monitor;sysadmin", NULL);
      assert_chain_ok (&d);
      now = violation_seqs (&d);
      ck_assert_uint_ge (now->len, seen->len);
      for (guint i = 0; i < seen->len; i++)
        ck_assert_msg (g_array_index (now, guint64, i) == g_array_index (seen, guint64, i),
                       "round %u: violation %u lost", round, i);
      ck_assert_msg (xn_host1_call_start_domain_sync (d.host, "user_vm_1", NULL, &error), "%s",
                     error ? error->message : "");
      g_usleep (g_random_int_range (100000, 600000));
      g_clear_pointer (&seen, g_array_unref);
      seen = violation_seqs (&d);
      g_usleep (g_random_int_range (0, 100000));
      daemon_stop (&d, TRUE);
      g_free (d.dir);
      g_free (d.socket);
    }
  ck_assert_int_eq (run_verify_audit (dir, NULL), 0);
}
END_TEST

static void
make_exclusive (XnPolicy *policy)
{
  xn_conflict_set_allow_simultaneous (xn_object_list_get (xn_policy_get_conflicts (policy), 0), FALSE);
}

START_TEST (test_exclusive_conflict)
{
  Daemon d = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) doc = make_policy (7, FALSE, make_exclusive);
  g_autofree char *dir = g_dir_make_tmp ("xn-test-hostd-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "exclusive.xml", NULL);
  g_autofree char *remote = NULL;

  ck_assert (g_file_set_contents (path, g_bytes_get_data (doc, NULL), (gssize) g_bytes_get_size (doc), NULL));
  daemon_start_in (&d, dir, "sysadmin;monitor", path);
  ck_assert (xn_host1_call_start_domain_sync (d.host, "personnel_mgr", NULL, &error));
  ck_assert (!xn_host1_call_start_domain_sync (d.host, "user_vm_2", NULL, &error));
  remote = g_dbus_error_get_remote_error (error);
  ck_assert_str_eq (remote, "org.xenonvmm.Host1.Error.Conflict");
  ck_assert_msg (strstr (error->message, "personnel_mgr") && strstr (error->message, "tag_separation"),
                 "%s", error->message);
  g_clear_error (&error);
  ck_assert (xn_host1_call_destroy_domain_sync (d.host, "personnel_mgr", NULL, &error));
  ck_assert_msg (xn_host1_call_start_domain_sync (d.host, "user_vm_2", NULL, &error), "%s",
                 error ? error->message : "");
  daemon_free (&d);
}
END_TEST

static void
drop_conflicts (XnPolicy *policy)
{
  XnObjectList *conflicts = xn_policy_get_conflicts (policy);

  while (xn_object_list_get_n_items (conflicts) > 0)
    xn_object_list_remove (conflicts, 0);
}

/* A push adding a conflict (one that lets its tags run together) between
 * two running domains is refused naming both and the conflict: what they
 * share was set up under the old rule.  Stopping one lets it through. */
START_TEST (test_push_new_conflict)
{
  Daemon d = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = make_policy (7, FALSE, drop_conflicts);
  g_autoptr(GBytes) doc = NULL;
  g_autoptr(GVariant) summary = NULL;
  g_autofree char *dir = g_dir_make_tmp ("xn-test-hostd-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "no-conflicts.xml", NULL);
  g_autofree char *diff = NULL, *remote = NULL;
  g_autofree const char **breaches = NULL;

  REQUIRE_PKI ();
  ck_assert (g_file_set_contents (path, g_bytes_get_data (before, NULL), (gssize) g_bytes_get_size (before), NULL));
  daemon_start_in (&d, dir, "monitor;sysadmin;secadmin", path);
  ck_assert (xn_host1_call_start_domain_sync (d.host, "personnel_mgr", NULL, &error));
  ck_assert (xn_host1_call_start_domain_sync (d.host, "user_vm_2", NULL, &error));
  doc = make_policy (8, TRUE, NULL);
  ck_assert_msg (xn_host1_call_push_policy_sync (d.host,
                                                 g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, doc, TRUE),
                                                 TRUE, &diff, &summary, NULL, &error),
                 "%s", error ? error->message : "");
  ck_assert_msg (strstr (diff, "Conflicts added among running domains:") != NULL
                 && strstr (diff, "personnel_mgr") != NULL && strstr (diff, "user_vm_2") != NULL
                 && strstr (diff, "tag_separation") != NULL,
                 "%s", diff);
  ck_assert (g_variant_lookup (summary, "breaches", "^a&s", &breaches));
  ck_assert_uint_eq (g_strv_length ((char **) breaches), 1);

  ck_assert (!push (&d, doc, FALSE, NULL, &error));
  remote = g_dbus_error_get_remote_error (error);
  ck_assert_str_eq (remote, "org.xenonvmm.Host1.Error.PolicyRefused");
  ck_assert_msg (strstr (error->message, "personnel_mgr") && strstr (error->message, "user_vm_2")
                 && strstr (error->message, "tag_separation"),
                 "%s", error->message);
  g_clear_error (&error);
  ck_assert_uint_eq (running_serial (&d), 7);

  ck_assert (xn_host1_call_destroy_domain_sync (d.host, "user_vm_2", NULL, &error));
  ck_assert_msg (push (&d, doc, FALSE, NULL, &error), "%s", error ? error->message : "");
  ck_assert_uint_eq (running_serial (&d), 8);
  daemon_free (&d);
}
END_TEST

/* A push that makes two running domains exclusive is refused, naming
 * them; the dry run shows the breach in text and summary. */
/* Autostart obeys exclusive conflicts like any start: the second domain
 * of a pair that may not run together stays stopped. */
START_TEST (test_autostart_conflict)
{
  Daemon d = { 0 };
  g_autoptr(GBytes) doc = make_policy (7, FALSE, make_exclusive);
  g_autofree char *dir = g_dir_make_tmp ("xn-test-hostd-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "exclusive.xml", NULL);
  g_autofree char *vm1 = NULL, *hr = NULL;

  ck_assert (g_file_set_contents (path, g_bytes_get_data (doc, NULL), (gssize) g_bytes_get_size (doc), NULL));
  sim_autostart = "user_vm_1;personnel_mgr";
  daemon_start_in (&d, dir, "sysadmin;monitor", path);
  sim_autostart = NULL;
  vm1 = domain_state (&d, "user_vm_1");
  hr = domain_state (&d, "personnel_mgr");
  ck_assert_str_eq (vm1, "running");
  ck_assert_str_eq (hr, "stopped");
  daemon_free (&d);
}
END_TEST

START_TEST (test_push_breach)
{
  Daemon d = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) doc = NULL;
  g_autoptr(GVariant) summary = NULL;
  g_autofree char *diff = NULL, *remote = NULL;
  g_autofree const char **breaches = NULL, **running = NULL;
  guint32 flows = 0, domains = 0;
  const char *network = NULL;

  REQUIRE_PKI ();
  daemon_start (&d, "monitor;sysadmin;secadmin");
  ck_assert (xn_host1_call_start_domain_sync (d.host, "personnel_mgr", NULL, &error));
  ck_assert (xn_host1_call_start_domain_sync (d.host, "user_vm_2", NULL, &error));
  doc = make_policy (8, TRUE, make_exclusive);
  ck_assert_msg (xn_host1_call_push_policy_sync (d.host,
                                                 g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, doc, TRUE),
                                                 TRUE, &diff, &summary, NULL, &error),
                 "%s", error ? error->message : "");
  ck_assert_msg (strstr (diff, "Breaches among running domains:") != NULL
                 && strstr (diff, "personnel_mgr") != NULL && strstr (diff, "user_vm_2") != NULL,
                 "%s", diff);
  ck_assert (g_variant_lookup (summary, "breaches", "^a&s", &breaches));
  ck_assert_uint_eq (g_strv_length ((char **) breaches), 1);
  ck_assert (g_variant_lookup (summary, "running", "^a&s", &running));
  /* The two; Domain-0 is never guarded, so never in breach. */
  ck_assert_uint_eq (g_strv_length ((char **) running), 2);
  ck_assert (g_variant_lookup (summary, "flows", "u", &flows));
  ck_assert_uint_gt (flows, 0);
  ck_assert (g_variant_lookup (summary, "domains", "u", &domains));
  ck_assert_uint_eq (domains, 7);
  ck_assert (g_variant_lookup (summary, "network", "&s", &network));
  ck_assert_msg (strstr (network, "skipped") != NULL, "%s", network);

  ck_assert (!push (&d, doc, FALSE, NULL, &error));
  remote = g_dbus_error_get_remote_error (error);
  ck_assert_str_eq (remote, "org.xenonvmm.Host1.Error.PolicyRefused");
  ck_assert_msg (strstr (error->message, "personnel_mgr") && strstr (error->message, "user_vm_2"),
                 "%s", error->message);
  g_clear_error (&error);
  ck_assert_uint_eq (running_serial (&d), 7);
  ck_assert_uint_eq (blob_serial (&d), 7);

  ck_assert (xn_host1_call_destroy_domain_sync (d.host, "user_vm_2", NULL, &error));
  ck_assert_msg (push (&d, doc, FALSE, NULL, &error), "%s", error ? error->message : "");
  ck_assert_uint_eq (blob_serial (&d), 8);
  daemon_free (&d);
}
END_TEST

/* ---- a caller with no role ---- */

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : 0;
}

static gint64
store_size (const char *dir)
{
  g_autofree char *db = g_build_filename (dir, "state", "hostd.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);

  return file_size (db) + file_size (wal);
}

#define FLOOD_CALLS 2000
#define FLOOD_ARG (1024 * 1024)
#define FLOOD_WINDOW 16

static void
flood_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  guint *pending = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *remote = NULL;

  ck_assert (!xn_host1_call_start_domain_finish (XN_HOST1 (source), result, &error));
  remote = g_dbus_error_get_remote_error (error);
  ck_assert_msg (g_strcmp0 (remote, "org.xenonvmm.Host1.Error.PermissionDenied") == 0, "%s", error->message);
  (*pending)--;
}

/* A user with no role calls StartDomain thousands of times with a 1 MB
 * name: the store (file and WAL) and the log grow by a bounded amount,
 * and the refusals not recorded are counted in the store. */
START_TEST (test_no_role_flood)
{
  Daemon d = { 0 };
  g_autofree char *dir = g_dir_make_tmp ("xn-test-hostd-XXXXXX", NULL);
  g_autofree char *log = g_build_filename (dir, "hostd.log", NULL);
  g_autofree char *name = g_malloc (FLOOD_ARG + 1);
  g_autofree char *db = NULL;
  gint64 store0, log0, t0, grown = 0, logged = 0;
  guint sent = 0, pending = 0;
  sqlite3 *sql;
  sqlite3_stmt *st;
  gint64 rows = 0, summarised = 0;

  memset (name, 'x', FLOOD_ARG);
  name[FLOOD_ARG] = '\0';
  daemon_log = log;
  daemon_start_in (&d, dir, "", NULL);
  daemon_log = NULL;
  store0 = store_size (dir);
  log0 = file_size (log);
  t0 = g_get_monotonic_time ();
  while (sent < FLOOD_CALLS || pending > 0)
    {
      /* What may be written by now: the WAL until its auto-checkpoint
       * (1000 pages), and a row of a few hundred bytes per call admitted
       * (a burst of 100, then 20 a second, plus one summary a second). */
      gint64 secs = (g_get_monotonic_time () - t0) / G_USEC_PER_SEC + 2;
      gint64 rows_allowed = 100 + 20 * secs + secs;

      while (sent < FLOOD_CALLS && pending < FLOOD_WINDOW)
        {
          xn_host1_call_start_domain (d.host, name, NULL, flood_done_cb, &pending);
          sent++;
          pending++;
        }
      g_main_context_iteration (NULL, TRUE);
      grown = store_size (dir) - store0;
      logged = file_size (log) - log0;
      ck_assert_msg (grown <= 1000 * 4200 + rows_allowed * 2048,
                     "%u refused calls grew the store by %" G_GINT64_FORMAT " bytes", sent, grown);
      ck_assert_msg (logged <= rows_allowed * 1024,
                     "%u refused calls grew the log by %" G_GINT64_FORMAT " bytes", sent, logged);
    }
  g_print ("%d refused calls with %d-byte names in %.1f s: store +%" G_GINT64_FORMAT
           " bytes, log +%" G_GINT64_FORMAT " bytes\n", FLOOD_CALLS, FLOOD_ARG,
           (g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC, grown, logged);
  daemon_free (&d);   /* SIGTERM: what is not recorded yet is summarised */

  db = g_build_filename (dir, "state", "hostd.db", NULL);
  ck_assert_int_eq (sqlite3_open (db, &sql), SQLITE_OK);
  ck_assert_int_eq (sqlite3_prepare_v2 (sql, "SELECT action, object, detail FROM audit WHERE kind = 0 "
                                        "AND actor_uid = ?", -1, &st, NULL), SQLITE_OK);
  sqlite3_bind_int64 (st, 1, getuid ());
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      const char *action = (const char *) sqlite3_column_text (st, 0);
      const char *object = (const char *) sqlite3_column_text (st, 1);
      const char *detail = (const char *) sqlite3_column_text (st, 2);

      if (g_strcmp0 (action, "StartDomain") == 0)
        {
          rows++;
          ck_assert_msg (object != NULL && strlen (object) < 400, "%zu", object ? strlen (object) : 0);
          ck_assert_msg (strstr (object, "(cut, 1048576 bytes)") != NULL, "%.300s", object);
        }
      else if (g_strcmp0 (action, "RefusalsNotRecorded") == 0)
        {
          ck_assert_msg (detail != NULL && g_ascii_isdigit (*detail), "%s", detail);
          summarised += g_ascii_strtoll (detail, NULL, 10);
        }
    }
  sqlite3_finalize (st);
  sqlite3_close (sql);
  /* Every refusal is either a row or counted in one. */
  ck_assert_msg (summarised > 0, "no refusal was left unrecorded in %" G_GINT64_FORMAT " rows", rows);
  ck_assert_int_eq (rows + summarised, FLOOD_CALLS);
}
END_TEST

static Suite *
hostd_suite (void)
{
  Suite *s = suite_create ("hostd");
  TCase *tc;

  tc = tcase_create ("methods");
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_methods);
  tcase_add_loop_test (tc, test_roles, 0, G_N_ELEMENTS (role_sets));
  suite_add_tcase (s, tc);

  tc = tcase_create ("no-role");
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_no_role_flood);
  suite_add_tcase (s, tc);

  tc = tcase_create ("policy");
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_push);
  tcase_add_test (tc, test_push_hostile_bytes);
  tcase_add_test (tc, test_rollback_after_restart);
  tcase_add_test (tc, test_expired_signer_restart);
  tcase_add_test (tc, test_failed_restore_told);
  tcase_add_test (tc, test_kill_during_apply);
  suite_add_tcase (s, tc);

  tc = tcase_create ("enforcement");
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_violations);
  tcase_add_test (tc, test_exclusive_conflict);
  tcase_add_test (tc, test_push_breach);
  tcase_add_test (tc, test_push_new_conflict);
  tcase_add_test (tc, test_autostart_conflict);
  suite_add_tcase (s, tc);

  tc = tcase_create ("store");
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_store_restart);
  tcase_add_test (tc, test_kill_during_storm);
  suite_add_tcase (s, tc);
  return s;
}

/* Real users and groups: a test of its own (test-hostd --unix-roles),
 * so that without root it is reported skipped, not passed. */
static Suite *
unix_roles_suite (void)
{
  Suite *s = suite_create ("hostd-unix-roles");
  TCase *tc = tcase_create ("unix-roles");

  tcase_set_timeout (tc, 60);
  tcase_add_loop_test (tc, test_unix_roles, 0, G_N_ELEMENTS (role_sets));
  suite_add_tcase (s, tc);
  return s;
}

static const char *role_groups[] = { NULL, "xenon-monitor", "xenon-sysadmin", "xenon-secadmin" };
static pid_t main_pid;

static void
unix_roles_setup (void)
{
  if (getuid () != 0 || g_find_program_in_path ("setpriv") == NULL
      || g_find_program_in_path ("useradd") == NULL)
    return;
  self_exe = g_file_read_link ("/proc/self/exe", NULL);
  for (guint i = 1; i < G_N_ELEMENTS (role_groups); i++)
    if (!xn_test_group_ensure (role_groups[i]))
      return;
  for (guint i = 0; i < G_N_ELEMENTS (role_groups); i++)
    if ((role_users[i] = xn_test_user_add (role_groups[i])) == NULL)
      return;
}

static void
unix_roles_teardown (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_users); i++)
    g_clear_pointer (&role_users[i], xn_test_user_remove);
  xn_test_groups_remove ();
}

/* meson ends a test that times out with SIGTERM: remove the users. */
static void
terminated (int sig)
{
  if (getpid () == main_pid)
    unix_roles_teardown ();
  signal (sig, SIG_DFL);
  raise (sig);
}

int
main (int   argc,
      char *argv[])
{
  SRunner *sr;
  int failed;

  gboolean unix_roles = argc == 2 && g_str_equal (argv[1], "--unix-roles");

  if (argc == 4 && g_str_equal (argv[1], "--role-client"))
    return role_client (argv[2], argv[3]);
  if (g_find_program_in_path ("certtool") == NULL)
    {
      g_print ("SKIP: certtool (gnutls-bin) is needed to make the test PKI\n");
      return 77;
    }
  if (unix_roles && (getuid () != 0 || g_find_program_in_path ("setpriv") == NULL
                     || g_find_program_in_path ("useradd") == NULL))
    {
      g_print ("SKIP: real Unix users and groups need root, setpriv and useradd\n");
      return 77;
    }
  pki_setup ();
  main_pid = getpid ();
  signal (SIGTERM, terminated);
  signal (SIGINT, terminated);
  if (unix_roles)
    {
      unix_roles_setup ();
      if (role_users[G_N_ELEMENTS (role_sets) - 1] == NULL)
        {
          g_print ("FAIL: cannot add the test users and groups\n");
          unix_roles_teardown ();
          return EXIT_FAILURE;
        }
    }
  sr = srunner_create (unix_roles ? unix_roles_suite () : hostd_suite ());
  srunner_run_all (sr, CK_ENV);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  unix_roles_teardown ();
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
