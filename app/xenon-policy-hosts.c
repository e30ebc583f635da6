/* xenon-policy-hosts.c: the CLI's commands that talk to hosts
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * xenon-policy-hosts is a helper that xenon-policy execs from libexecdir
 * for these commands, so that libssh (and the Kerberos, OpenSSL and
 * zlib it brings) is loaded only by a process that talks to hosts.
 *
 * push, status, domains and violations reach each named host the way the
 * application does: the same hosts file and known_hosts, the same client
 * library (SSH subsystem "xenon", host key checked, never trusted on first
 * use here), the same bounded pool.  They are what a fleet tool or a CI
 * pipeline calls, so each host's outcome is printed under its name and the
 * exit status says whether every host did what was asked.
 */

#define G_LOG_DOMAIN "xenon-policy"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xn-host-list.h"
#include "xn-migration.h"
#include "xn-ssh-transport.h"
#include "xenon-policy-private.h"

typedef enum
{
  OP_PUSH_DRY,
  OP_PUSH_APPLY,
  OP_STATUS,
  OP_DOMAINS,
  OP_ACTION,
  OP_VIOLATIONS,
  OP_AUDIT,
} OpKind;

typedef struct
{
  OpKind       kind;
  GVariant    *document;    /* "ay", for push */
  const char  *action;      /* for OP_ACTION */
  const char  *domain;
  guint64      since;
  gboolean     json;
  GHashTable  *out;         /* host name → GString */
} Run;

/* Options every host command takes. */
typedef struct
{
  char     *hosts_file;
  char     *known_hosts;
  char     *host_names;
  int       parallel;
} HostOptions;

static void
host_options_clear (HostOptions *o)
{
  g_free (o->hosts_file);
  g_free (o->known_hosts);
  g_free (o->host_names);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HostOptions, host_options_clear)

static void
add_host_entries (GOptionContext *ctx,
                  HostOptions    *o)
{
  const GOptionEntry entries[] = {
    { "host", 'H', 0, G_OPTION_ARG_STRING, &o->host_names, N_("Hosts of the hosts file, comma-separated"), N_("NAME[,NAME…]") },
    { "hosts-file", 0, 0, G_OPTION_ARG_FILENAME, &o->hosts_file, N_("The hosts file (default: the application's)"), N_("FILE") },
    { "known-hosts", 0, 0, G_OPTION_ARG_FILENAME, &o->known_hosts, N_("SSH known_hosts (default: the application's)"), N_("FILE") },
    { "parallel", 'j', 0, G_OPTION_ARG_INT, &o->parallel, N_("Hosts in flight at once (default 8)"), N_("N") },
    { NULL }
  };

  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
}

static void
string_free (gpointer s)
{
  g_string_free (s, TRUE);
}

static GString *
out_for (Run          *run,
         XnRemoteHost *host)
{
  const char *name = xn_remote_host_get_name (host);
  GString *s = g_hash_table_lookup (run->out, name);

  if (s == NULL)
    {
      s = g_string_new (NULL);
      g_hash_table_insert (run->out, g_strdup (name), s);
    }
  return s;
}

/* Status takes four calls, chained asynchronously: a synchronous call
 * from a callback would wait on the main context the SSH transport needs. */
typedef struct
{
  XnHost1  *proxy;
  GVariant *policy;   /* (tssxay) */
  GVariant *info;
  GVariant *roles;    /* (uas) */
  GVariant *stats;
} StatusData;

static void
status_data_free (StatusData *d)
{
  g_clear_object (&d->proxy);
  g_clear_pointer (&d->policy, g_variant_unref);
  g_clear_pointer (&d->info, g_variant_unref);
  g_clear_pointer (&d->roles, g_variant_unref);
  g_clear_pointer (&d->stats, g_variant_unref);
  g_free (d);
}

static void
status_step_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StatusData *d = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GVariant *reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (source), result, &error);

  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (d->policy == NULL)
    {
      d->policy = reply;
      g_dbus_proxy_call (G_DBUS_PROXY (d->proxy), "GetHostInfo", NULL, G_DBUS_CALL_FLAGS_NONE, -1,
                         g_task_get_cancellable (task), status_step_cb, g_object_ref (task));
    }
  else if (d->info == NULL)
    {
      d->info = reply;
      g_dbus_proxy_call (G_DBUS_PROXY (d->proxy), "GetMyRoles", NULL, G_DBUS_CALL_FLAGS_NONE, -1,
                         g_task_get_cancellable (task), status_step_cb, g_object_ref (task));
    }
  else if (d->roles == NULL)
    {
      d->roles = reply;
      g_dbus_proxy_call (G_DBUS_PROXY (d->proxy), "GetGuardStatistics", NULL, G_DBUS_CALL_FLAGS_NONE, -1,
                         g_task_get_cancellable (task), status_step_cb, g_object_ref (task));
    }
  else
    {
      d->stats = reply;
      g_task_return_boolean (task, TRUE);
    }
}

static void
status_start (XnHost1             *proxy,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             callback_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, callback_data);
  StatusData *d = g_new0 (StatusData, 1);

  d->proxy = g_object_ref (proxy);
  g_task_set_task_data (task, d, (GDestroyNotify) status_data_free);
  g_dbus_proxy_call (G_DBUS_PROXY (proxy), "GetPolicy", NULL, G_DBUS_CALL_FLAGS_NONE, -1,
                     cancellable, status_step_cb, task);
}

static void
op_start (XnRemoteHost        *host,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             callback_data,
          gpointer             user_data)
{
  Run *run = user_data;
  XnHost1 *proxy = xn_remote_host_get_proxy (host);

  switch (run->kind)
    {
    case OP_PUSH_DRY:
    case OP_PUSH_APPLY:
      xn_host1_call_push_policy (proxy, run->document, run->kind == OP_PUSH_DRY,
                                 cancellable, callback, callback_data);
      break;
    case OP_STATUS:
      status_start (proxy, cancellable, callback, callback_data);
      break;
    case OP_DOMAINS:
      xn_host1_call_get_domains (proxy, cancellable, callback, callback_data);
      break;
    case OP_ACTION:
      if (g_str_equal (run->action, "start"))
        xn_host1_call_start_domain (proxy, run->domain, cancellable, callback, callback_data);
      else if (g_str_equal (run->action, "shutdown"))
        xn_host1_call_shutdown_domain (proxy, run->domain, cancellable, callback, callback_data);
      else if (g_str_equal (run->action, "destroy"))
        xn_host1_call_destroy_domain (proxy, run->domain, cancellable, callback, callback_data);
      else if (g_str_equal (run->action, "pause"))
        xn_host1_call_pause_domain (proxy, run->domain, cancellable, callback, callback_data);
      else
        xn_host1_call_unpause_domain (proxy, run->domain, cancellable, callback, callback_data);
      break;
    case OP_VIOLATIONS:
      xn_host1_call_get_violations (proxy, run->since, 10000, cancellable, callback, callback_data);
      break;
    case OP_AUDIT:
      xn_host1_call_get_audit_log (proxy, run->since, 10000, cancellable, callback, callback_data);
      break;
    }
}

static gboolean
finish_push (Run           *run,
             XnRemoteHost  *host,
             GAsyncResult  *result,
             GError       **error)
{
  g_autofree char *diff = NULL;
  g_autoptr(GVariant) summary = NULL;
  GString *s = out_for (run, host);
  guint64 serial = 0, previous = 0;

  if (!xn_host1_call_push_policy_finish (xn_remote_host_get_proxy (host), &diff, &summary,
                                         result, error))
    return FALSE;
  g_variant_lookup (summary, "serial", "t", &serial);
  g_variant_lookup (summary, "previous-serial", "t", &previous);
  if (run->kind == OP_PUSH_DRY)
    {
      g_string_append_printf (s, _("dry run passed: serial %" PRIu64
                                   " would replace %" PRIu64 "\n"), (uint64_t) serial, (uint64_t) previous);
      g_string_append (s, diff);
      if (s->len > 0 && s->str[s->len - 1] != '\n')
        g_string_append_c (s, '\n');
    }
  else
    g_string_append_printf (s, _("applied: serial %" PRIu64
                                 " replaced %" PRIu64 "\n"), (uint64_t) serial, (uint64_t) previous);
  return TRUE;
}

/* The daemon's times are microseconds since the epoch. */
static char *
format_time (gint64 usec)
{
  g_autoptr(GDateTime) dt = usec > 0 ? g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC) : NULL;

  return dt ? g_date_time_format_iso8601 (dt) : g_strdup ("-");
}

static gboolean
finish_status (Run           *run,
               XnRemoteHost  *host,
               GAsyncResult  *result,
               GError       **error)
{
  StatusData *d = g_task_get_task_data (G_TASK (result));
  const char *name = "", *signer = "", *hv = NULL, *gmsg = NULL;
  g_autofree char *when = NULL, *role_list = NULL;
  g_autofree const char **roles = NULL;
  GString *s = out_for (run, host);
  g_autoptr(GVariant) info = NULL;
  g_autoptr(GVariant) stats = NULL;
  guint64 serial = 0, blob_serial = 0, checked = 0, denied = 0;
  gint64 applied = 0;
  gboolean guard = FALSE;
  guint32 uid = 0;

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  g_variant_get (d->policy, "(t&s&sx@ay)", &serial, &name, &signer, &applied, NULL);
  g_variant_get (d->info, "(@a{sv})", &info);
  g_variant_get (d->roles, "(u^a&s)", &uid, &roles);
  g_variant_get (d->stats, "(@a{sv})", &stats);
  g_variant_lookup (stats, "serial", "t", &blob_serial);
  g_variant_lookup (stats, "hypercalls", "t", &checked);
  g_variant_lookup (stats, "denied", "t", &denied);
  g_variant_lookup (info, "hypervisor", "&s", &hv);
  g_variant_lookup (info, "guard", "b", &guard);
  g_variant_lookup (info, "guard-message", "&s", &gmsg);
  when = format_time (applied);
  role_list = roles[0] ? g_strjoinv (",", (char **) roles) : g_strdup ("-");
  g_string_append_printf (s, _("policy: serial %" PRIu64 " “%s”, signed by %s, applied %s\n"),
                          (uint64_t) serial, name, *signer ? signer : "-", when);
  g_string_append_printf (s, _("hypervisor: %s; guard: %s%s%s\n"), hv ? hv : "-",
                          guard ? _("active") : _("absent"),
                          gmsg && *gmsg ? " — " : "", gmsg ? gmsg : "");
  if (guard)
    g_string_append_printf (s, _("guard serial: %" PRIu64 "; %" PRIu64
                                 " hypercalls checked, %" PRIu64 " denied\n"),
                            (uint64_t) blob_serial, (uint64_t) checked, (uint64_t) denied);
  g_string_append_printf (s, _("you: uid %u, roles %s\n"), uid, role_list);
  return TRUE;
}

static gboolean
finish_domains (Run           *run,
                XnRemoteHost  *host,
                GAsyncResult  *result,
                GError       **error)
{
  g_autoptr(GVariant) domains = NULL;
  GString *s = out_for (run, host);
  GVariantIter iter;
  GVariant *d;

  if (!xn_host1_call_get_domains_finish (xn_remote_host_get_proxy (host), &domains, result, error))
    return FALSE;
  g_string_append_printf (s, "%-20s %5s %-8s %-14s %-16s %10s\n", _("NAME"), _("DOMID"),
                          _("STATE"), _("TAG"), _("PROFILE"), _("VIOLATIONS"));
  g_variant_iter_init (&iter, domains);
  while ((d = g_variant_iter_next_value (&iter)))
    {
      const char *name = "", *state = "", *tag = "", *profile = "";
      gint32 domid = -1;
      guint32 violations = 0;

      g_variant_lookup (d, "name", "&s", &name);
      g_variant_lookup (d, "state", "&s", &state);
      g_variant_lookup (d, "tag", "&s", &tag);
      g_variant_lookup (d, "profile", "&s", &profile);
      g_variant_lookup (d, "domid", "i", &domid);
      g_variant_lookup (d, "violations", "u", &violations);
      if (domid >= 0)
        g_string_append_printf (s, "%-20s %5d %-8s %-14s %-16s %10u\n", name, domid, state,
                                *tag ? tag : "-", *profile ? profile : "-", violations);
      else
        g_string_append_printf (s, "%-20s %5s %-8s %-14s %-16s %10u\n", name, "-", state,
                                *tag ? tag : "-", *profile ? profile : "-", violations);
      g_variant_unref (d);
    }
  return TRUE;
}

static gboolean
finish_action (Run           *run,
               XnRemoteHost  *host,
               GAsyncResult  *result,
               GError       **error)
{
  XnHost1 *proxy = xn_remote_host_get_proxy (host);
  gboolean ok;

  if (g_str_equal (run->action, "start"))
    ok = xn_host1_call_start_domain_finish (proxy, result, error);
  else if (g_str_equal (run->action, "shutdown"))
    ok = xn_host1_call_shutdown_domain_finish (proxy, result, error);
  else if (g_str_equal (run->action, "destroy"))
    ok = xn_host1_call_destroy_domain_finish (proxy, result, error);
  else if (g_str_equal (run->action, "pause"))
    ok = xn_host1_call_pause_domain_finish (proxy, result, error);
  else
    ok = xn_host1_call_unpause_domain_finish (proxy, result, error);
  if (ok)
    g_string_append_printf (out_for (run, host), _("%s: %s done\n"), run->domain, run->action);
  return ok;
}

static void
json_string (GString    *s,
             const char *text)
{
  g_string_append_c (s, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (s, "\\%c", *p);
      else if ((guchar) *p < 0x20)
        g_string_append_printf (s, "\\u%04x", (guint) (guchar) *p);
      else
        g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
}

static gboolean
finish_violations (Run           *run,
                   XnRemoteHost  *host,
                   GAsyncResult  *result,
                   GError       **error)
{
  g_autoptr(GVariant) rows = NULL;
  GString *s = out_for (run, host);
  guint64 last = 0;
  gboolean more = FALSE;
  GVariantIter iter;
  guint64 seq, subop;
  gint64 time;
  const char *uuid, *name, *reason, *info, *action;
  guint32 hcall;
  gboolean viewed;

  if (!xn_host1_call_get_violations_finish (xn_remote_host_get_proxy (host), &rows, &last, &more,
                                            result, error))
    return FALSE;
  g_variant_iter_init (&iter, rows);
  while (g_variant_iter_next (&iter, "(tx&s&sut&s&s&sb)", &seq, &time, &uuid, &name, &hcall,
                              &subop, &reason, &info, &action, &viewed))
    {
      g_autofree char *when = format_time (time);

      if (run->json)
        {
          g_string_append_printf (s, "{\"host\":");
          json_string (s, xn_remote_host_get_name (host));
          g_string_append_printf (s, ",\"seq\":%" G_GUINT64_FORMAT ",\"time\":\"%s\",\"uuid\":", seq, when);
          json_string (s, uuid);
          g_string_append (s, ",\"domain\":");
          json_string (s, name);
          g_string_append_printf (s, ",\"hypercall\":%u,\"subop\":%" G_GUINT64_FORMAT ",\"reason\":",
                                  hcall, subop);
          json_string (s, reason);
          g_string_append (s, ",\"info\":");
          json_string (s, info);
          g_string_append (s, ",\"action\":");
          json_string (s, action);
          g_string_append_printf (s, ",\"viewed\":%s}\n", viewed ? "true" : "false");
        }
      else
        g_string_append_printf (s, "%" G_GUINT64_FORMAT " %s %s %s: %s (%s) → %s\n", seq, when,
                                name, reason, info, uuid, action);
    }
  if (more && !run->json)
    g_string_append_printf (s, _("(more after seq %" PRIu64 ")\n"), (uint64_t) last);
  return TRUE;
}

static gboolean
finish_audit (Run           *run,
              XnRemoteHost  *host,
              GAsyncResult  *result,
              GError       **error)
{
  g_autoptr(GVariant) rows = NULL;
  GString *s = out_for (run, host);
  guint64 last = 0, seq;
  gboolean more = FALSE;
  GVariantIter iter;
  gint64 time;
  guint32 uid;
  const char *user, *action, *target, *outcome, *detail;

  if (!xn_host1_call_get_audit_log_finish (xn_remote_host_get_proxy (host), &rows, &last, &more,
                                           result, error))
    return FALSE;
  g_variant_iter_init (&iter, rows);
  while (g_variant_iter_next (&iter, "(txu&s&s&s&s&s)", &seq, &time, &uid, &user, &action,
                              &target, &outcome, &detail))
    {
      g_autofree char *when = format_time (time);

      if (run->json)
        {
          g_string_append (s, "{\"host\":");
          json_string (s, xn_remote_host_get_name (host));
          g_string_append_printf (s, ",\"seq\":%" G_GUINT64_FORMAT ",\"time\":\"%s\",\"uid\":%u,\"user\":",
                                  seq, when, uid);
          json_string (s, user);
          g_string_append (s, ",\"action\":");
          json_string (s, action);
          g_string_append (s, ",\"target\":");
          json_string (s, target);
          g_string_append (s, ",\"result\":");
          json_string (s, outcome);
          g_string_append (s, ",\"detail\":");
          json_string (s, detail);
          g_string_append (s, "}\n");
        }
      else
        g_string_append_printf (s, "%" G_GUINT64_FORMAT " %s %s(%u) %s %s: %s%s%s\n", seq, when,
                                user, uid, action, target, outcome, *detail ? " — " : "", detail);
    }
  if (more && !run->json)
    {
      g_autofree char *seq_text = g_strdup_printf ("%" G_GUINT64_FORMAT, last);

      g_string_append_printf (s, _("(more after seq %s)\n"), seq_text);
    }
  return TRUE;
}

static gboolean
op_finish (XnRemoteHost  *host,
           GAsyncResult  *result,
           gpointer       user_data,
           GError       **error)
{
  Run *run = user_data;

  switch (run->kind)
    {
    case OP_PUSH_DRY:
    case OP_PUSH_APPLY:
      return finish_push (run, host, result, error);
    case OP_STATUS:
      return finish_status (run, host, result, error);
    case OP_DOMAINS:
      return finish_domains (run, host, result, error);
    case OP_ACTION:
      return finish_action (run, host, result, error);
    case OP_VIOLATIONS:
      return finish_violations (run, host, result, error);
    case OP_AUDIT:
      return finish_audit (run, host, result, error);
    }
  g_return_val_if_reached (FALSE);
}

static void
foreach_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Runs @run on @hosts; prints each host's output (text after a "HOST:"
 * header, unless JSON) and returns how many hosts failed. */
static guint
run_on_hosts (XnHostList *list,
              GPtrArray  *hosts,
              guint       parallel,
              Run        *run,
              gboolean    quiet_success)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  guint failed = 0;

  run->out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, string_free);
  xn_host_list_foreach_async (list, hosts, parallel, op_start, op_finish, NULL, run, NULL,
                              foreach_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  results = xn_host_list_foreach_finish (list, result, &error);
  for (guint i = 0; results != NULL && i < results->len; i++)
    {
      XnHostOpResult *r = g_ptr_array_index (results, i);
      const char *name = xn_remote_host_get_name (r->host);
      GString *s = g_hash_table_lookup (run->out, name);

      if (r->error != NULL)
        {
          g_dbus_error_strip_remote_error (r->error);
          g_printerr (_("%s: refused: %s\n"), name, r->error->message);
          failed++;
          continue;
        }
      if (quiet_success || s == NULL)
        continue;
      if (run->json)
        fputs (s->str, stdout);
      else
        {
          g_auto(GStrv) lines = g_strsplit (s->str, "\n", -1);

          for (guint j = 0; lines[j] != NULL; j++)
            if (lines[j][0] != '\0' || lines[j + 1] != NULL)
              printf ("%s: %s\n", name, lines[j]);
        }
    }
  fflush (stdout);
  g_clear_pointer (&run->out, g_hash_table_unref);
  for (guint i = 0; i < hosts->len; i++)
    xn_remote_host_disconnect (g_ptr_array_index (hosts, i));
  xn_ssh_transport_wait_closed (5000);
  return results != NULL ? failed : hosts->len;
}

/* Loads the hosts file and picks the named hosts; a name it lacks is a
 * usage error naming it. */
static XnHostList *
open_hosts (GOptionContext  *ctx,
            HostOptions     *o,
            GPtrArray      **hosts,
            int             *status)
{
  g_autofree char *file = o->hosts_file ? g_strdup (o->hosts_file)
                          : g_build_filename (g_get_user_config_dir (), "xenon", "hosts", NULL);
  g_autofree char *known = o->known_hosts ? g_strdup (o->known_hosts)
                           : g_build_filename (g_get_user_config_dir (), "xenon", "known_hosts", NULL);
  g_autoptr(XnHostList) list = xn_host_list_new (file);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  if (o->host_names == NULL || *o->host_names == '\0')
    {
      *status = xp_usage_error (ctx, _("--host NAME is required"));
      return NULL;
    }
  xn_host_list_set_known_hosts_file (list, known);
  if (!xn_host_list_load (list, &error))
    {
      g_printerr ("%s\n", error->message);
      *status = EXIT_REFUSED;
      return NULL;
    }
  *hosts = g_ptr_array_new_with_free_func (g_object_unref);
  names = g_strsplit (o->host_names, ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      XnRemoteHost *h = xn_host_list_lookup (list, g_strstrip (names[i]));

      if (h == NULL)
        {
          g_autofree char *msg = g_strdup_printf (_("no host “%s” in %s"), names[i], file);

          g_clear_pointer (hosts, g_ptr_array_unref);
          *status = xp_usage_error (ctx, msg);
          return NULL;
        }
      g_ptr_array_add (*hosts, g_object_ref (h));
    }
  return g_steal_pointer (&list);
}

static guint
parallel_of (HostOptions *o)
{
  return o->parallel > 0 ? (guint) o->parallel : 8;
}

/* Opens the named hosts and runs @run on them; returns the exit status. */
static int
run_command (GOptionContext *ctx,
             HostOptions    *o,
             Run            *run)
{
  g_autoptr(XnHostList) list = NULL;
  g_autoptr(GPtrArray) hosts = NULL;
  int status;

  if ((list = open_hosts (ctx, o, &hosts, &status)) == NULL)
    return status;
  return run_on_hosts (list, hosts, parallel_of (o), run, FALSE) == 0 ? EXIT_SUCCESS : EXIT_REFUSED;
}

static int
cmd_push (int    argc,
          char **argv)
{
  gboolean yes = FALSE;
  g_auto(HostOptions) o = { 0 };
  const GOptionEntry entries[] = {
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, N_("Apply after every host's dry run passed (default: dry run only)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("SIGNED — push a signed policy to hosts"));
  g_autoptr(XnHostList) list = NULL;
  g_autoptr(GPtrArray) hosts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;
  Run run = { 0 };
  guint failed;
  int status;

  g_option_context_set_summary (ctx, _("Every host first checks the document in a dry run (signature, "
                                       "serial, live-update rule, compile) and prints what would change. "
                                       "With --yes the policy is then applied, only if every host's dry "
                                       "run passed."));
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  add_host_entries (ctx, &o);
  if (!xp_parse_args (ctx, &argc, &argv, 1, &status)
      || (list = open_hosts (ctx, &o, &hosts, &status)) == NULL)
    return status;
  if (!g_file_get_contents (argv[1], &data, &len, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_REFUSED;
    }
  run.document = g_variant_ref_sink (g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, data, len, 1));
  run.kind = OP_PUSH_DRY;
  failed = run_on_hosts (list, hosts, parallel_of (&o), &run, FALSE);
  if (failed == 0 && yes)
    {
      run.kind = OP_PUSH_APPLY;
      failed = run_on_hosts (list, hosts, parallel_of (&o), &run, FALSE);
    }
  else if (failed > 0 && yes)
    g_printerr (g_dngettext (GETTEXT_PACKAGE, "%u host refused the dry run: nothing applied anywhere\n",
                             "%u hosts refused the dry run: nothing applied anywhere\n", failed), failed);
  g_variant_unref (run.document);
  return failed == 0 ? EXIT_SUCCESS : EXIT_REFUSED;
}

static int
cmd_status (int    argc,
            char **argv)
{
  g_auto(HostOptions) o = { 0 };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— the policy in force, the guard and your roles on hosts"));
  Run run = { .kind = OP_STATUS };
  int status;

  add_host_entries (ctx, &o);
  if (!xp_parse_args (ctx, &argc, &argv, 0, &status))
    return status;
  return run_command (ctx, &o, &run);
}

static int
cmd_domains (int    argc,
             char **argv)
{
  static const char *const actions[] = { "start", "shutdown", "destroy", "pause", "unpause", NULL };
  g_auto(HostOptions) o = { 0 };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("[start|shutdown|destroy|pause|unpause DOMAIN] — list or act on domains"));
  Run run = { .kind = OP_DOMAINS };
  int status;

  add_host_entries (ctx, &o);
  if (!xp_parse_args (ctx, &argc, &argv, -1, &status))
    return status;
  if (argc != 1 && argc != 3)
    return xp_usage_error (ctx, _("expected nothing, or an action and a domain"));
  if (argc == 3)
    {
      if (!g_strv_contains (actions, argv[1]))
        {
          g_autofree char *msg = g_strdup_printf (_("unknown action “%s”"), argv[1]);

          return xp_usage_error (ctx, msg);
        }
      run.kind = OP_ACTION;
      run.action = argv[1];
      run.domain = argv[2];
    }
  return run_command (ctx, &o, &run);
}

/* violations and audit: a host's log from a sequence number on. */
static int
run_log_command (int         argc,
                 char      **argv,
                 OpKind      kind,
                 const char *parameter)
{
  g_auto(HostOptions) o = { 0 };
  gint64 since = 0;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "since", 0, 0, G_OPTION_ARG_INT64, &since, N_("Only rows after this sequence number"), N_("SEQ") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("One JSON object a line"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (parameter);
  Run run = { .kind = kind };
  int status;

  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  add_host_entries (ctx, &o);
  if (!xp_parse_args (ctx, &argc, &argv, 0, &status))
    return status;
  if (since < 0)
    return xp_usage_error (ctx, _("--since takes a sequence number, 0 or more"));
  run.since = (guint64) since;
  run.json = json;
  return run_command (ctx, &o, &run);
}

static int
cmd_violations (int    argc,
                char **argv)
{
  return run_log_command (argc, argv, OP_VIOLATIONS, _("— the violations hosts recorded"));
}

static int
cmd_audit (int    argc,
           char **argv)
{
  return run_log_command (argc, argv, OP_AUDIT, _("— hosts' audit logs: every administrative act and refusal"));
}

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Connects @host, iterating the main context until it is done. */
static gboolean
connect_host (XnRemoteHost  *host,
              GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  xn_remote_host_connect_async (host, NULL, wait_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return xn_remote_host_connect_finish (host, result, error);
}

static int
cmd_migrate (int    argc,
             char **argv)
{
  g_auto(HostOptions) o = { 0 };
  g_autofree char *to = NULL;
  const GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("The host of the hosts file to move it to"), N_("NAME") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("DOMAIN — move a running domain to another host"));
  g_autoptr(XnHostList) list = NULL;
  g_autoptr(GPtrArray) hosts = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  XnRemoteHost *source, *target;
  double seconds = 0;
  int status;

  g_option_context_set_summary (ctx, _("The target host first judges the arrival by the policy in force "
                                       "there (the domain placed on it with the same label, nothing passed "
                                       "through, no exclusive conflict running), then the source host moves "
                                       "it with Xen's live migration. Needs the sysadmin role on both."));
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  add_host_entries (ctx, &o);
  if (!xp_parse_args (ctx, &argc, &argv, 1, &status))
    return status;
  if (to == NULL || *to == '\0')
    return xp_usage_error (ctx, _("--to NAME is required"));
  if (o.host_names != NULL && strchr (o.host_names, ',') != NULL)
    return xp_usage_error (ctx, _("--host names the one host the domain runs on"));
  if ((list = open_hosts (ctx, &o, &hosts, &status)) == NULL)
    return status;
  source = g_ptr_array_index (hosts, 0);
  if ((target = xn_host_list_lookup (list, to)) == NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("no host “%s” in the hosts file"), to);

      return xp_usage_error (ctx, msg);
    }
  if (!connect_host (source, &error) || !connect_host (target, &error))
    {
      g_printerr (_("cannot connect: %s\n"), error->message);
      return EXIT_REFUSED;
    }
  xn_migration_run_async (xn_remote_host_get_proxy (source), xn_remote_host_get_proxy (target),
                          argv[1], NULL, wait_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!xn_migration_run_finish (result, &seconds, &name, &error))
    {
      g_printerr (_("%s: not migrated: %s\n"), argv[1], error->message);
      status = EXIT_REFUSED;
    }
  else
    {
      printf (_("%s: migrated from %s to %s in %.1f s\n"), name,
              xn_remote_host_get_name (source), xn_remote_host_get_name (target), seconds);
      status = EXIT_SUCCESS;
    }
  xn_remote_host_disconnect (source);
  xn_remote_host_disconnect (target);
  xn_ssh_transport_wait_closed (5000);
  return status;
}

static const XpHelperCommand commands[] = {
  { "migrate", cmd_migrate },
  { "audit", cmd_audit },
  { "push", cmd_push },
  { "status", cmd_status },
  { "domains", cmd_domains },
  { "violations", cmd_violations },
};

int
main (int   argc,
      char *argv[])
{
  return xp_helper_main (commands, G_N_ELEMENTS (commands), argc, argv);
}
