/* xn-hostd.c: the xenon-hostd service
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Serves org.xenonvmm.Host1 on a peer-to-peer D-Bus socket.  Each
 * connection's identity is the uid the kernel gives for the socket
 * (SO_PEERCRED), read once when the connection arrives; each method
 * checks the role it needs against it.
 *
 * A pushed policy becomes the running one only once it is applied
 * everywhere and recorded as applied in the store (one durable
 * transaction, so a crash leaves the old or the new one); at start the
 * daemon re-applies the
 * last good policy recorded in the store.  Everything the daemon must
 * remember lives in the store (hostd/store, SQLite): the policy history,
 * the hash-chained audit log of violations and administrative acts, and
 * the performance history at several resolutions.
 *
 * This file holds the callers and roles, the policy model helpers, the
 * connections and the object; the rest is split by concern as
 * xn-hostd-private.h lists.
 */

#define G_LOG_DOMAIN "xn-hostd"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <glib/gstdio.h>
#include <pwd.h>
#include <sys/statvfs.h>

#include "xn-hostd-private.h"
#include "xn-journal.h"
#include "xn-listener.h"
#include "xn-backend.h"
#include "xn-host1-generated.h"
#include "xn-compile.h"
#include "xn-plan-diff.h"
#include "xn-ovs.h"
#include "xn-sign.h"
#include "xn-store.h"
#include "xenon-model.h"

#define DEFAULT_BATCH_MS 100
/* A caller's argument (a domain name, say) reaches the audit row, the
 * log line and the journal: at most this many bytes of it are kept, cut
 * on a character boundary and marked with the original length, so that a
 * 10 MB name costs a few hundred bytes of disk, not 10 MB per call. */
#define AUDIT_MAX_TARGET 256
#define AUDIT_MAX_DETAIL 512

/* A reply of rows stops at this many bytes (more=TRUE), whatever the limit
 * asked for; a D-Bus message may not exceed 128 MiB and the daemon builds
 * each reply in memory. */
#define REPLY_MAX_BYTES (4u << 20)

/* Live violations kept; older ones are archived, as by ClearViolations. */
#define DEFAULT_RETENTION 1000000

/* A caller with no role at all may only be refused; its refusals are
 * audited through a token bucket per uid (a burst, then a steady rate)
 * and those beyond it are counted into one row per interval, so such a
 * caller cannot fill the state directory however fast it calls. */
#define REFUSAL_BURST 100
#define REFUSAL_RATE 20           /* rows a second, after the burst */
#define REFUSAL_INTERVAL_S 1      /* one "not recorded" row per uid per interval */

G_DEFINE_FINAL_TYPE (XnHostd, xn_hostd, G_TYPE_OBJECT)

static const GDBusErrorEntry error_entries[] = {
  { XN_HOSTD_ERROR_FAILED, "org.xenonvmm.Host1.Error.Failed" },
  { XN_HOSTD_ERROR_PERMISSION_DENIED, "org.xenonvmm.Host1.Error.PermissionDenied" },
  { XN_HOSTD_ERROR_INVALID_ARGUMENT, "org.xenonvmm.Host1.Error.InvalidArgument" },
  { XN_HOSTD_ERROR_NOT_FOUND, "org.xenonvmm.Host1.Error.NotFound" },
  { XN_HOSTD_ERROR_POLICY_REFUSED, "org.xenonvmm.Host1.Error.PolicyRefused" },
  { XN_HOSTD_ERROR_CONFLICT, "org.xenonvmm.Host1.Error.Conflict" },
  { XN_HOSTD_ERROR_BACKEND, "org.xenonvmm.Host1.Error.Backend" },
  { XN_HOSTD_ERROR_NO_SPACE, "org.xenonvmm.Host1.Error.NoSpace" },
};

GQuark
xn_hostd_error_quark (void)
{
  static gsize quark = 0;

  g_dbus_error_register_error_domain ("xn-hostd-error-quark", &quark,
                                      error_entries, G_N_ELEMENTS (error_entries));
  return (GQuark) quark;
}

/* Where the port tables vif-xenon reads live: beside the daemon's socket
 * (the daemon's and an agent's alike). */
char *
xn_hostd_ports_dir (const char *socket_path)
{
  g_autofree char *run_dir = g_path_get_dirname (socket_path);

  return g_build_filename (run_dir, "ports", NULL);
}

void
xn_hostd_options_clear (XnHostdOptions *o)
{
  g_clear_pointer (&o->socket_path, g_free);
  g_clear_pointer (&o->state_dir, g_free);
  g_clear_pointer (&o->trust_dir, g_free);
  g_clear_pointer (&o->backend, g_free);
  g_clear_pointer (&o->sim_policy, g_free);
  g_clear_pointer (&o->test_roles, g_free);
  g_clear_pointer (&o->host_name, g_free);
  g_clear_pointer (&o->ovs_db, g_free);
  g_clear_pointer (&o->ovs_datapath, g_free);
  g_clear_pointer (&o->config, g_key_file_unref);
}

static char *
user_name (guint uid)
{
  struct passwd pw, *pwp = NULL;
  char buf[4096];

  if (uid == G_MAXUINT)
    return g_strdup ("xenon-hostd");
  if (getpwuid_r (uid, &pw, buf, sizeof buf, &pwp) == 0 && pwp != NULL)
    return g_strdup (pw.pw_name);
  return g_strdup_printf ("uid %u", uid);
}

static XnAuditResult
result_from_string (const char *result)
{
  if (g_str_equal (result, "ok"))
    return XN_AUDIT_RESULT_OK;
  if (g_str_equal (result, "refused"))
    return XN_AUDIT_RESULT_REFUSED;
  return XN_AUDIT_RESULT_FAILED;
}

const char *
_xn_hostd_result_to_string (XnAuditResult result)
{
  return result == XN_AUDIT_RESULT_OK ? "ok" : result == XN_AUDIT_RESULT_REFUSED ? "refused" : "failed";
}

void
_xn_hostd_actor_init (XnHostd *self,
                      Actor   *a,
                      guint    uid)
{
  a->name = user_name (uid);
  a->roles = uid == G_MAXUINT ? g_strdup ("") : xn_hostd_roles_to_string (xn_hostd_roles_for_uid ((uid_t) uid, self->test_roles));
  a->actor.uid = uid == G_MAXUINT ? -1 : (gint64) uid;
  a->actor.name = a->name;
  a->actor.roles = a->roles;
}

void
_xn_hostd_actor_clear (Actor *a)
{
  g_clear_pointer (&a->name, g_free);
  g_clear_pointer (&a->roles, g_free);
}

/* @s, or its first @max bytes (whole characters) marked as cut with the
 * length it had. */
static char *
bound_text (const char *s,
            gsize       max)
{
  gsize len;
  const char *end;

  if (s == NULL)
    return NULL;
  len = strlen (s);
  if (len <= max)
    return g_strdup (s);
  end = s + max;
  while (end > s && ((guchar) *end & 0xC0) == 0x80)
    end--;
  /* TRANSLATORS: the first part of a caller's argument, then its length */
  return g_strdup_printf (_("%.*s… (cut, %zu bytes)"), (int) (end - s), s, len);
}

/* Bytes free for the store (G_MAXUINT64 if unknown). */
guint64
_xn_hostd_store_free_bytes (XnHostd *self)
{
  struct statvfs st;

  if (statvfs (self->options->state_dir, &st) != 0)
    return G_MAXUINT64;
  return (guint64) st.f_bavail * st.f_frsize;
}

/* Every administrative act, and every refusal, is a durable row of the
 * hash-chained audit log. */
gboolean
_xn_hostd_audit (XnHostd    *self,
                 guint       uid,
                 const char *action,
                 const char *target_in,
                 const char *result,
                 const char *detail_in)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *target = bound_text (target_in, AUDIT_MAX_TARGET);
  g_autofree char *detail = bound_text (detail_in, AUDIT_MAX_DETAIL);
  Actor a;
  gboolean ok;

  _xn_hostd_actor_init (self, &a, uid);
  g_message ("audit: %s (uid %d) %s %s: %s %s", a.name, (int) a.actor.uid, action,
             target ? target : "", result, detail ? detail : "");
  ok = xn_store_append_admin (self->store, &a.actor, action, target,
                              result_from_string (result), detail, NULL, &error);
  if (!ok)
    g_critical ("Cannot write the audit row for %s: %s", action, error->message);
  xn_journal_admin (a.name, a.actor.uid, action, target, result, detail,
                    self->policy ? xn_policy_get_serial (self->policy) : 0);
  _xn_hostd_actor_clear (&a);
  return ok;
}

/* ---- callers and roles ---- */

guint
_xn_hostd_caller_uid (GDBusMethodInvocation *inv)
{
  GDBusConnection *conn = g_dbus_method_invocation_get_connection (inv);

  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (conn), "xn-uid"));
}

guint
_xn_hostd_caller_roles (XnHostd               *self,
                        GDBusMethodInvocation *inv)
{
  return xn_hostd_roles_for_uid ((uid_t) _xn_hostd_caller_uid (inv), self->test_roles);
}

typedef struct
{
  double  tokens;
  gint64  refilled;     /* monotonic µs */
  guint64 unrecorded;   /* refusals not audited since @since */
  gint64  since;        /* real µs */
} RefusalBucket;

static gboolean
flush_refusals_cb (gpointer user_data)
{
  XnHostd *self = user_data;
  GHashTableIter iter;
  gpointer key, value;

  self->refusal_flush_id = 0;
  g_hash_table_iter_init (&iter, self->refusals);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      RefusalBucket *b = value;
      g_autoptr(GDateTime) since = NULL;
      g_autofree char *when = NULL, *detail = NULL;

      if (b->unrecorded == 0)
        continue;
      since = g_date_time_new_from_unix_utc (b->since / G_USEC_PER_SEC);
      when = g_date_time_format_iso8601 (since);
      detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%" PRIu64 " refused call since %s not recorded: "
                                             "more than %d a second from a caller with no role",
                                             "%" PRIu64 " refused calls since %s not recorded: "
                                             "more than %d a second from a caller with no role",
                                             b->unrecorded),
                                (uint64_t) b->unrecorded, when, REFUSAL_RATE);
      b->unrecorded = 0;
      _xn_hostd_audit (self, GPOINTER_TO_UINT (key), "RefusalsNotRecorded", NULL, "refused", detail);
    }
  return G_SOURCE_REMOVE;
}

/* Whether a refusal of @uid, a caller with no role, gets its audit row. */
static gboolean
refusal_admit (XnHostd *self,
               guint    uid)
{
  gint64 now = g_get_monotonic_time ();
  RefusalBucket *b = g_hash_table_lookup (self->refusals, GUINT_TO_POINTER (uid));

  if (b == NULL)
    {
      b = g_new0 (RefusalBucket, 1);
      b->tokens = REFUSAL_BURST;
      b->refilled = now;
      g_hash_table_insert (self->refusals, GUINT_TO_POINTER (uid), b);
    }
  b->tokens = MIN ((double) REFUSAL_BURST,
                   b->tokens + (double) (now - b->refilled) * REFUSAL_RATE / G_USEC_PER_SEC);
  b->refilled = now;
  if (b->tokens >= 1)
    {
      b->tokens -= 1;
      return TRUE;
    }
  if (b->unrecorded++ == 0)
    b->since = g_get_real_time ();
  if (self->refusal_flush_id == 0)
    self->refusal_flush_id = g_timeout_add_seconds (REFUSAL_INTERVAL_S, flush_refusals_cb, self);
  return FALSE;
}

gboolean
_xn_hostd_require_role (XnHostd               *self,
                        GDBusMethodInvocation *inv,
                        guint                  role,
                        const char            *target)
{
  const char *method = g_dbus_method_invocation_get_method_name (inv);
  g_autofree char *need = NULL;
  g_autofree char *who = NULL;
  guint roles = _xn_hostd_caller_roles (self, inv);

  if (roles & role)
    return TRUE;
  need = xn_hostd_roles_to_string (role);
  who = user_name (_xn_hostd_caller_uid (inv));
  if (roles != 0 || (refusal_admit (self, _xn_hostd_caller_uid (inv)) && _xn_hostd_store_free_bytes (self) >= STORE_LOW_BYTES))
    _xn_hostd_audit (self, _xn_hostd_caller_uid (inv), method, target, "refused", "permission denied");
  if (g_strstr_len (need, -1, ",") == NULL)
    g_dbus_method_invocation_return_error (inv, XN_HOSTD_ERROR, XN_HOSTD_ERROR_PERMISSION_DENIED,
                                           _("%s may not call %s: it needs the role “%s” "
                                             "(Unix group xenon-%s)"),
                                           who, method, need, need);
  else
    {
      g_autofree char *groups = xn_hostd_roles_to_groups (role);

      g_dbus_method_invocation_return_error (inv, XN_HOSTD_ERROR, XN_HOSTD_ERROR_PERMISSION_DENIED,
                                             _("%s may not call %s: it needs one of the roles %s "
                                               "(Unix groups %s)"),
                                             who, method, need, groups);
    }
  return FALSE;
}

/* Refuses @inv's act if the store could not record it.  The refusal is
 * audited: the reserve is there for such rows. */
gboolean
_xn_hostd_require_space (XnHostd               *self,
                         GDBusMethodInvocation *inv,
                         const char            *target)
{
  guint64 free_bytes = _xn_hostd_store_free_bytes (self);
  g_autofree char *detail = NULL;

  if (free_bytes >= STORE_RESERVE_BYTES)
    return TRUE;
  detail = g_strdup_printf (_("the host's state store has %" PRIu64 " KiB free, less than "
                              "the %u KiB kept so that every act can be audited"),
                            (uint64_t) (free_bytes / 1024), STORE_RESERVE_BYTES / 1024);
  _xn_hostd_audit (self, _xn_hostd_caller_uid (inv), g_dbus_method_invocation_get_method_name (inv), target, "refused", detail);
  g_dbus_method_invocation_return_error (inv, XN_HOSTD_ERROR, XN_HOSTD_ERROR_NO_SPACE,
                                         _("Refused: %s. Free space on the host's state "
                                           "filesystem, then try again."), detail);
  return FALSE;
}

/* ---- the policy model helpers ---- */

XnDomain *
_xn_hostd_find_domain (XnHostd    *self,
                       const char *key)
{
  g_autoptr(GPtrArray) visiting = NULL;
  XnDomain *dom;
  XnObject *obj;

  if (self->host == NULL || key == NULL)
    return NULL;
  obj = xn_policy_lookup (self->policy, key);
  if (obj != NULL && XN_IS_DOMAIN (obj))
    return xn_policy_places_domain (self->policy, XN_DOMAIN (obj), self->host) ? XN_DOMAIN (obj) : NULL;
  /* A UUID the policy lacks names no domain: the monitor asks this for
   * every record of a stray, which must not walk every host's domains. */
  if ((dom = xn_host_find_domain_by_name (self->host, key)) != NULL || g_uuid_string_is_valid (key))
    return dom;
  /* A domain that may migrate here, by its name. */
  visiting = xn_policy_dup_visiting_domains (self->policy, self->host);
  for (guint i = 0; i < visiting->len; i++)
    if (g_strcmp0 (xn_object_get_name (g_ptr_array_index (visiting, i)), key) == 0)
      return g_ptr_array_index (visiting, i);
  return NULL;
}

XnTag *
_xn_hostd_domain_tag (XnDomain *dom)
{
  XnSecLabel *label = xn_domain_get_sec_label (dom);

  if (label != NULL && xn_sec_label_get_tag (label) != NULL)
    return xn_sec_label_get_tag (label);
  if (xn_domain_get_enclave (dom) != NULL)
    return xn_enclave_get_tag (xn_domain_get_enclave (dom));
  return NULL;
}

/* NULL if @dom may start; else why not, naming the running domain and the
 * conflict. */
char *
_xn_hostd_exclusive_conflict (XnHostd  *self,
                              XnDomain *dom)
{
  g_autoptr(GPtrArray) doms = xn_backend_list_domains (self->backend);
  XnObjectList *conflicts = xn_policy_get_conflicts (self->policy);
  XnTag *tag = _xn_hostd_domain_tag (dom);

  if (tag == NULL)
    return NULL;
  for (guint i = 0; i < doms->len; i++)
    {
      XnBackendDomain *bd = g_ptr_array_index (doms, i);
      XnDomain *other;
      XnTag *otag;

      if (bd->state == XN_DOMAIN_STATE_STOPPED)
        continue;
      other = _xn_hostd_find_domain (self, bd->uuid);
      if (other == NULL || other == dom || (otag = _xn_hostd_domain_tag (other)) == NULL || otag == tag)
        continue;
      for (guint c = 0; c < xn_object_list_get_n_items (conflicts); c++)
        {
          XnConflict *conf = xn_object_list_get (conflicts, c);

          if (!xn_conflict_get_allow_simultaneous (conf)
              && xn_conflict_has_tag (conf, xn_object_get_uuid (XN_OBJECT (tag)))
              && xn_conflict_has_tag (conf, xn_object_get_uuid (XN_OBJECT (otag))))
            return g_strdup_printf (_("Domain “%s” may not run while “%s” runs: "
                                      "conflict “%s” does not allow tags “%s” and “%s” "
                                      "to run simultaneously"),
                                    xn_object_get_name (XN_OBJECT (dom)), bd->name,
                                    xn_object_get_name (XN_OBJECT (conf)),
                                    xn_object_get_name (XN_OBJECT (tag)),
                                    xn_object_get_name (XN_OBJECT (otag)));
        }
    }
  return NULL;
}

/* A conflict of @policy naming the tags with UUIDs @a and @b, or NULL. */
static XnConflict *
conflict_between (XnPolicy   *policy,
                  const char *a,
                  const char *b)
{
  XnObjectList *conflicts = xn_policy_get_conflicts (policy);

  for (guint c = 0; c < xn_object_list_get_n_items (conflicts); c++)
    {
      XnConflict *conf = xn_object_list_get (conflicts, c);

      if (xn_conflict_has_tag (conf, a) && xn_conflict_has_tag (conf, b))
        return conf;
    }
  return NULL;
}

/* A conflict the new @policy adds between the tags of two running
 * domains is refused like an exclusion among them: what those two share
 * now (grant maps, bound event channels, open connections) was set up
 * under the old rule, and cutting it under a running guest's feet is
 * the operator's decision (stop one first), not a push's.  Exclusive
 * conflicts are left to the plan diff, which reports them already.
 * One sentence per tag pair, naming a domain of each. */
void
_xn_hostd_add_new_conflict_breaches (XnHostd            *self,
                                     XnPolicy           *policy,
                                     const char * const *running,
                                     GPtrArray          *out)
{
  g_autoptr(GPtrArray) doms = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (self->policy == NULL)
    return;
  for (guint i = 0; running && running[i]; i++)
    {
      XnObject *obj = xn_policy_lookup (policy, running[i]);

      if (XN_IS_DOMAIN (obj) && _xn_hostd_domain_tag (XN_DOMAIN (obj)) != NULL)
        g_ptr_array_add (doms, obj);
    }
  for (guint i = 0; i < doms->len; i++)
    for (guint j = i + 1; j < doms->len; j++)
      {
        XnDomain *a = g_ptr_array_index (doms, i), *b = g_ptr_array_index (doms, j);
        const char *ta = xn_object_get_uuid (XN_OBJECT (_xn_hostd_domain_tag (a)));
        const char *tb = xn_object_get_uuid (XN_OBJECT (_xn_hostd_domain_tag (b)));
        XnConflict *conf;
        char *key;

        if (g_str_equal (ta, tb)
            || (conf = conflict_between (policy, ta, tb)) == NULL
            || !xn_conflict_get_allow_simultaneous (conf)
            || conflict_between (self->policy, ta, tb) != NULL)
          continue;
        key = strcmp (ta, tb) < 0 ? g_strconcat (ta, tb, NULL) : g_strconcat (tb, ta, NULL);
        if (!g_hash_table_add (seen, key))
          continue;
        g_ptr_array_add (out, g_strdup_printf (_("Running domains %s (%s) and %s (%s) would be "
                                                 "separated by the new conflict %s"),
                                               xn_object_get_name (XN_OBJECT (a)),
                                               xn_object_get_name (XN_OBJECT (_xn_hostd_domain_tag (a))),
                                               xn_object_get_name (XN_OBJECT (b)),
                                               xn_object_get_name (XN_OBJECT (_xn_hostd_domain_tag (b))),
                                               xn_object_get_name (XN_OBJECT (conf))));
      }
}

/* ---- connections ---- */

/* gdbus(1) and other bus-minded clients say Hello before anything else;
 * a peer-to-peer server answers it with a name of its own making, as
 * systemd's private sockets do, so `gdbus call --address` works. */
static const char bus_xml[] =
  "<node><interface name='org.freedesktop.DBus'>"
  "<method name='Hello'><arg name='name' type='s' direction='out'/></method>"
  "</interface></node>";

static void
bus_method_cb (GDBusConnection       *conn,
               const char            *sender,
               const char            *path,
               const char            *iface,
               const char            *method,
               GVariant              *params,
               GDBusMethodInvocation *inv,
               gpointer               user_data)
{
  static guint serial;
  g_autofree char *name = g_strdup_printf (":1.%u", ++serial);

  g_dbus_method_invocation_return_value (inv, g_variant_new ("(s)", name));
}

static const GDBusInterfaceVTable bus_vtable = { bus_method_cb, NULL, NULL, { 0 } };

static void
connection_closed_cb (GDBusConnection *conn,
                      gboolean         remote_peer_vanished,
                      GError          *error,
                      XnHostd         *self)
{
  guint reg = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (conn), "xn-bus-reg"));

  /* The exported skeleton and the registration hold the connection: drop
   * them (the listener ends the socket itself). */
  g_dbus_interface_skeleton_unexport_from_connection (G_DBUS_INTERFACE_SKELETON (self->skeleton), conn);
  {
    GHashTableIter it;
    gpointer job;

    /* Nobody waits for the answer any more. */
    g_hash_table_iter_init (&it, self->verifying);
    while (g_hash_table_iter_next (&it, NULL, &job))
      if (g_dbus_method_invocation_get_connection (((VerifyJob *) job)->inv) == conn)
        g_cancellable_cancel (((VerifyJob *) job)->cancellable);
  }
  if (reg != 0)
    g_dbus_connection_unregister_object (conn, reg);
  g_ptr_array_remove (self->connections, conn);
}

static gboolean
new_connection_cb (GDBusConnection *conn,
                   guint            uid,
                   gpointer         user_data)
{
  XnHostd *self = user_data;
  g_autoptr(GError) error = NULL;

  g_object_set_data (G_OBJECT (conn), "xn-uid", GUINT_TO_POINTER (uid));
  g_debug ("Connection from uid %u", uid);
  if (!g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (self->skeleton), conn,
                                         "/org/xenonvmm/Host", &error))
    {
      g_warning ("Cannot export the Host1 object: %s", error->message);
      return FALSE;
    }
  {
    static GDBusNodeInfo *bus_info;

    if (bus_info == NULL)
      bus_info = g_dbus_node_info_new_for_xml (bus_xml, NULL);
    guint reg = g_dbus_connection_register_object (conn, "/org/freedesktop/DBus",
                                                   bus_info->interfaces[0], &bus_vtable, NULL,
                                                   NULL, NULL);

    g_object_set_data (G_OBJECT (conn), "xn-bus-reg", GUINT_TO_POINTER (reg));
  }
  g_signal_connect_object (conn, "closed", G_CALLBACK (connection_closed_cb), self, 0);
  g_ptr_array_add (self->connections, g_object_ref (conn));
  return TRUE;
}

static void
backend_state_cb (XnBackend  *backend,
                  const char *uuid,
                  int         state,
                  XnHostd    *self)
{
  xn_host1_emit_domain_state_changed (self->skeleton, uuid, xn_domain_state_to_string (state));
}

/* ---- object ---- */

static void
xn_hostd_dispose (GObject *object)
{
  XnHostd *self = XN_HOSTD (object);

  xn_hostd_stop (self);
  g_clear_object (&self->skeleton);
  g_clear_object (&self->backend);
  g_clear_object (&self->policy);
  self->host = NULL;
  g_clear_object (&self->store);

  G_OBJECT_CLASS (xn_hostd_parent_class)->dispose (object);
}

static void
xn_hostd_finalize (GObject *object)
{
  XnHostd *self = XN_HOSTD (object);

  g_clear_pointer (&self->trust, xn_trust_unref);
  g_clear_pointer (&self->ovs, xn_ovs_free);
  g_clear_pointer (&self->test_roles, g_hash_table_unref);
  g_clear_pointer (&self->connections, g_ptr_array_unref);
  g_clear_pointer (&self->document, g_bytes_unref);
  g_clear_pointer (&self->plan, xn_plan_unref);
  g_clear_pointer (&self->signer, g_free);
  g_clear_pointer (&self->prev_counters, g_hash_table_unref);
  g_clear_pointer (&self->journal_limit, xn_journal_limit_free);
  g_clear_pointer (&self->latest, g_ptr_array_unref);
  g_clear_pointer (&self->latest_enclaves, g_variant_unref);
  g_clear_pointer (&self->latest_tags, g_variant_unref);
  g_clear_pointer (&self->refusals, g_hash_table_unref);
  g_clear_pointer (&self->verifying, g_hash_table_unref);
  g_clear_pointer (&self->agents_synced, g_hash_table_unref);
  g_mutex_clear (&self->agents_io);

  G_OBJECT_CLASS (xn_hostd_parent_class)->finalize (object);
}

static void
xn_hostd_class_init (XnHostdClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = xn_hostd_dispose;
  object_class->finalize = xn_hostd_finalize;
}

static void
xn_hostd_init (XnHostd *self)
{
  self->connections = g_ptr_array_new_with_free_func (g_object_unref);
  self->journal_limit = xn_journal_limit_new (XN_JOURNAL_BURST, XN_JOURNAL_WINDOW_US);
  self->prev_counters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) xn_backend_domain_free);
  self->latest = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  self->refusals = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->verifying = g_hash_table_new (NULL, NULL);
  self->agents_synced = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_mutex_init (&self->agents_io);
  self->started = g_get_real_time ();
}

/* Borrows @options, which must outlive the daemon. */
XnHostd *
xn_hostd_new (XnHostdOptions *options)
{
  XnHostd *self = g_object_new (XN_TYPE_HOSTD, NULL);

  self->options = options;
  return self;
}

gboolean
xn_hostd_start (XnHostd  *self,
                GError  **error)
{
  g_autofree char *sock_dir = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (XN_IS_HOSTD (self), FALSE);

  (void) XN_HOSTD_ERROR;   /* registers the D-Bus error names */
  if (g_mkdir_with_parents (self->options->state_dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _("Cannot create the state directory %s: %s"),
                   self->options->state_dir, g_strerror (errno));
      return FALSE;
    }
  if (self->options->test_roles != NULL)
    {
      self->test_roles = xn_hostd_load_test_roles (self->options->test_roles, error);
      if (self->test_roles == NULL)
        return FALSE;
      g_warning ("Roles overridden from %s (testing only)", self->options->test_roles);
    }
  if (!xn_sign_init (error))
    return FALSE;
  self->trust = xn_trust_new_from_dir (self->options->trust_dir, &local);
  if (self->trust == NULL)
    {
      g_warning ("No trusted certificates in %s: pushed policies will be refused (%s)",
                 self->options->trust_dir, local->message);
      g_clear_error (&local);
    }

  {
    g_autofree char *db = g_build_filename (self->options->state_dir, XN_HOSTD_STORE_NAME, NULL);

    self->store = xn_store_open (db, error);
    if (self->store == NULL)
      return FALSE;
  }
  if (self->options->ovs_db != NULL)
    {
      g_autofree char *ports_dir = xn_hostd_ports_dir (self->options->socket_path);

      self->ovs = xn_ovs_new (self->options->ovs_db, self->options->ovs_datapath);
      xn_ovs_set_ports_dir (self->ovs, ports_dir);
      /* A simulated host has no service domain to run an agent in: unless
       * agents are given (agent-dir), its Open vSwitch carries every
       * switch, as one machine standing in for them all. */
      if (g_strcmp0 (self->options->backend, "sim") == 0
          && !g_key_file_has_key (self->options->config, "hostd", "agent-dir", NULL))
        {
          xn_ovs_set_every_driver (self->ovs);
          self->no_agents = TRUE;
        }
    }
  else
    g_message ("No Open vSwitch configured (--ovs-db): network enforcement is skipped; "
               "only the guard and the lifecycle enforce the policy");
  self->backend = xn_backend_new (self->options->backend, self->options->config, error);
  if (self->backend == NULL || !xn_backend_start (self->backend, error))
    return FALSE;
  g_signal_connect_object (self->backend, "domain-state-changed",
                           G_CALLBACK (backend_state_cb), self, 0);

  self->skeleton = xn_host1_skeleton_new ();
  _xn_hostd_methods_connect (self);

  if (!_xn_hostd_boot_policy (self, error))
    return FALSE;
  {
    g_auto(GStrv) autostart = g_key_file_get_string_list (self->options->config, "sim", "autostart", NULL, NULL);

    for (guint i = 0; autostart != NULL && autostart[i] != NULL; i++)
      {
        XnDomain *dom = _xn_hostd_find_domain (self, autostart[i]);

        g_autofree char *why = NULL;

        if (dom == NULL)
          g_warning ("Cannot autostart “%s”: no such domain", autostart[i]);
        else if ((why = _xn_hostd_exclusive_conflict (self, dom)) != NULL)
          /* Autostart obeys the lifecycle rules like any start. */
          g_warning ("Not autostarting “%s”: %s", autostart[i], why);
        else
          xn_backend_start_domain_async (self->backend, xn_object_get_uuid (XN_OBJECT (dom)), NULL,
                                         _xn_hostd_autostart_cb, g_strdup (autostart[i]));
      }
  }

  sock_dir = g_path_get_dirname (self->options->socket_path);
  g_mkdir_with_parents (sock_dir, 0755);
  {
    int kib = g_key_file_get_integer (self->options->config, "hostd", "reply-max-kib", NULL);

    self->reply_max_bytes = kib > 0 ? (gsize) kib * 1024 : REPLY_MAX_BYTES;
  }
  {
    guint64 keep = g_key_file_get_uint64 (self->options->config, "hostd", "violation-retention", NULL);

    self->retention = keep > 0 ? keep : DEFAULT_RETENTION;
  }
  {
    XnListenerLimits limits = XN_LISTENER_LIMITS_INIT;
    int v;

#define LIMIT(key, field) \
    if ((v = g_key_file_get_integer (self->options->config, "hostd", key, NULL)) > 0) \
      limits.field = (guint) v
    LIMIT ("connections-per-user", per_user);
    LIMIT ("connections-total", total);
    LIMIT ("handshakes-per-user", pending_per_user);
    LIMIT ("auth-timeout-ms", auth_timeout_ms);
#undef LIMIT
    self->listener = xn_listener_new (self->options->socket_path, &limits,
                                      new_connection_cb, self, error);
    if (self->listener == NULL)
      return FALSE;
  }

  {
    int batch_ms = g_key_file_get_integer (self->options->config, "hostd", "violation-batch-ms", NULL);

    self->drain_id = g_timeout_add (batch_ms > 0 ? (guint) batch_ms : DEFAULT_BATCH_MS, _xn_hostd_drain_cb, self);
  }
  self->sample_id = g_timeout_add (self->options->sample_ms, _xn_hostd_sample_cb, self);
  _xn_hostd_sample_cb (self);
  g_message ("Listening on %s (backend %s)", self->options->socket_path, self->options->backend);
  return TRUE;
}

void
xn_hostd_stop (XnHostd *self)
{
  g_return_if_fail (XN_IS_HOSTD (self));

  g_clear_handle_id (&self->drain_id, g_source_remove);
  g_clear_handle_id (&self->sample_id, g_source_remove);
  xn_journal_limit_flush (self->journal_limit, g_get_monotonic_time (), TRUE, xn_journal_held, NULL);
  if (self->refusal_flush_id != 0)
    {
      g_clear_handle_id (&self->refusal_flush_id, g_source_remove);
      if (self->store != NULL)
        flush_refusals_cb (self);
    }
  g_clear_pointer (&self->listener, xn_listener_free);
  if (self->skeleton != NULL)
    {
      GList *conns = g_dbus_interface_skeleton_get_connections (G_DBUS_INTERFACE_SKELETON (self->skeleton));

      if (conns != NULL)
        g_dbus_interface_skeleton_unexport (G_DBUS_INTERFACE_SKELETON (self->skeleton));
      g_list_free_full (conns, g_object_unref);
    }
  if (self->connections != NULL)
    for (guint i = 0; i < self->connections->len; i++)
      g_dbus_connection_close_sync (g_ptr_array_index (self->connections, i), NULL, NULL);
}

/* `xenon-hostd --verify-audit`: walks the chain of the store in
 * @state_dir (read only; the daemon may be running).  Exit 0 if it
 * verifies, 1 where it breaks (named on stderr). */
int
xn_hostd_verify_audit (const char *state_dir)
{
  g_autofree char *db = g_build_filename (state_dir, XN_HOSTD_STORE_NAME, NULL);
  g_autoptr(XnStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint64 bad = 0, rows = 0;

  if (!g_file_test (db, G_FILE_TEST_EXISTS))
    {
      g_printerr (_("No audit store at %s\n"), db);
      return 1;
    }
  store = xn_store_open_reader (db, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (!xn_store_verify_chain_full (store, NULL, &rows, &bad, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_print (_("The audit chain verifies: %" PRIu64 " rows\n"), (uint64_t) rows);
  return 0;
}
