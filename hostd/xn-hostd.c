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
 */

#define G_LOG_DOMAIN "xn-hostd"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <pwd.h>
#include <sys/statvfs.h>

#include "xn-hostd.h"
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

#define MAX_PAGE 10000
#define DEFAULT_BATCH_MS 100
/* At most this many records are drained per tick: a guest refilling the
 * ring as fast as it is read must not keep the main loop from callers.
 * What the ring cannot hold meanwhile the guard counts as dropped, and
 * the count is audited (drain_cb). */
#define DRAIN_MAX_PER_TICK 1024
/* A caller's argument (a domain name, say) reaches the audit row, the
 * log line and the journal: at most this many bytes of it are kept, cut
 * on a character boundary and marked with the original length, so that a
 * 10 MB name costs a few hundred bytes of disk, not 10 MB per call. */
#define AUDIT_MAX_TARGET 256
#define AUDIT_MAX_DETAIL 512
/* A caller with no role at all may only be refused; its refusals are
 * audited through a token bucket per uid (a burst, then a steady rate)
 * and those beyond it are counted into one row per interval, so such a
 * caller cannot fill the state directory however fast it calls. */
/* The store's filesystem keeps a reserve: below STORE_LOW_BYTES free, what
 * nobody acts on is not stored (refusals of no-role callers, violation
 * records asking only to be logged; counted and audited as lost); below
 * STORE_RESERVE_BYTES, acts that change state are refused, so the rows of
 * whatever is done can always be written. */
#define STORE_RESERVE_BYTES (2u << 20)
#define STORE_LOW_BYTES (4u << 20)

/* A reply of rows stops at this many bytes (more=TRUE), whatever the limit
 * asked for; a D-Bus message may not exceed 128 MiB and the daemon builds
 * each reply in memory. */
#define REPLY_MAX_BYTES (4u << 20)

/* Live violations kept; older ones are archived, as by ClearViolations. */
#define DEFAULT_RETENTION 1000000

#define REFUSAL_BURST 100
#define REFUSAL_RATE 20           /* rows a second, after the burst */
#define REFUSAL_INTERVAL_S 1      /* one "not recorded" row per uid per interval */

struct _XnHostd
{
  GObject          parent_instance;

  XnHostdOptions  *options;
  XnBackend       *backend;
  XnTrust         *trust;
  GHashTable      *test_roles;
  XnHost1         *skeleton;
  XnListener      *listener;
  GPtrArray       *connections;
  gint64           started;
  gsize            reply_max_bytes;

  /* The running policy */
  XnPolicy        *policy;
  XnHost          *host;
  XnPlan          *plan;
  GBytes          *document;
  char            *signer;
  gint64           applied;

  XnStore         *store;
  XnOvs           *ovs;           /* NULL: network enforcement skipped */
  gint64           policy_id;     /* the running policy's row in the store */

  /* Performance */
  GHashTable      *prev_counters; /* uuid → XnBackendDomain */
  gint64           prev_time;
  GPtrArray       *latest;        /* GVariant a{sv} per domain */
  GVariant        *latest_enclaves;
  GVariant        *latest_tags;
  gint64           latest_time;

  guint            drain_id;
  guint            sample_id;
  guint64          dropped_seen;  /* the guard's lost-record count audited */
  guint64          retention;     /* live violations kept */
  gint64           retained_at;   /* monotonic time of the last check */
  guint64          lost_low_space;        /* not yet in an audit row */
  gint64           lost_low_space_logged; /* monotonic time of the last row */

  GHashTable      *verifying;     /* uid → its VerifyJob in progress */

  /* Refusals of callers with no role */
  GHashTable      *refusals;      /* uid → RefusalBucket */
  guint            refusal_flush_id;
};

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

static const char *
result_to_string (XnAuditResult result)
{
  return result == XN_AUDIT_RESULT_OK ? "ok" : result == XN_AUDIT_RESULT_REFUSED ? "refused" : "failed";
}

/* Who did it, for the store: G_MAXUINT is the daemon itself. */
typedef struct
{
  XnStoreActor actor;
  char        *name;
  char        *roles;
} Actor;

static void
actor_init (XnHostd *self,
            Actor   *a,
            guint    uid)
{
  a->name = user_name (uid);
  a->roles = uid == G_MAXUINT ? g_strdup ("") : xn_hostd_roles_to_string (xn_hostd_roles_for_uid ((uid_t) uid, self->test_roles));
  a->actor.uid = uid == G_MAXUINT ? -1 : (gint64) uid;
  a->actor.name = a->name;
  a->actor.roles = a->roles;
}

static void
actor_clear (Actor *a)
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
  return g_strdup_printf (_("%.*s… (cut, %" G_GSIZE_FORMAT " bytes)"), (int) (end - s), s, len);
}

/* Bytes free for the store (G_MAXUINT64 if unknown). */
static guint64
store_free_bytes (XnHostd *self)
{
  struct statvfs st;

  if (statvfs (self->options->state_dir, &st) != 0)
    return G_MAXUINT64;
  return (guint64) st.f_bavail * st.f_frsize;
}

/* Every administrative act, and every refusal, is a durable row of the
 * hash-chained audit log. */
static gboolean
audit (XnHostd    *self,
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

  actor_init (self, &a, uid);
  g_message ("audit: %s (uid %d) %s %s: %s %s", a.name, (int) a.actor.uid, action,
             target ? target : "", result, detail ? detail : "");
  ok = xn_store_append_admin (self->store, &a.actor, action, target,
                              result_from_string (result), detail, NULL, &error);
  if (!ok)
    g_critical ("Cannot write the audit row for %s: %s", action, error->message);
  xn_journal_admin (a.name, a.actor.uid, action, target, result, detail,
                    self->policy ? xn_policy_get_serial (self->policy) : 0);
  actor_clear (&a);
  return ok;
}

/* ---- callers and roles ---- */

static guint
caller_uid (GDBusMethodInvocation *inv)
{
  GDBusConnection *conn = g_dbus_method_invocation_get_connection (inv);

  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (conn), "xn-uid"));
}

static guint
caller_roles (XnHostd               *self,
              GDBusMethodInvocation *inv)
{
  return xn_hostd_roles_for_uid ((uid_t) caller_uid (inv), self->test_roles);
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
                                             "%" G_GUINT64_FORMAT " refused call since %s not recorded: "
                                             "more than %d a second from a caller with no role",
                                             "%" G_GUINT64_FORMAT " refused calls since %s not recorded: "
                                             "more than %d a second from a caller with no role",
                                             b->unrecorded),
                                b->unrecorded, when, REFUSAL_RATE);
      b->unrecorded = 0;
      audit (self, GPOINTER_TO_UINT (key), "RefusalsNotRecorded", NULL, "refused", detail);
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

static gboolean
require_role (XnHostd               *self,
              GDBusMethodInvocation *inv,
              guint                  role,
              const char            *target)
{
  const char *method = g_dbus_method_invocation_get_method_name (inv);
  g_autofree char *need = NULL;
  g_autofree char *who = NULL;
  guint roles = caller_roles (self, inv);

  if (roles & role)
    return TRUE;
  need = xn_hostd_roles_to_string (role);
  who = user_name (caller_uid (inv));
  if (roles != 0 || (refusal_admit (self, caller_uid (inv)) && store_free_bytes (self) >= STORE_LOW_BYTES))
    audit (self, caller_uid (inv), method, target, "refused", "permission denied");
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
static gboolean
require_space (XnHostd               *self,
               GDBusMethodInvocation *inv,
               const char            *target)
{
  guint64 free_bytes = store_free_bytes (self);
  g_autofree char *detail = NULL;

  if (free_bytes >= STORE_RESERVE_BYTES)
    return TRUE;
  detail = g_strdup_printf (_("the host's state store has %" G_GUINT64_FORMAT " KiB free, less than "
                              "the %u KiB kept so that every act can be audited"),
                            free_bytes / 1024, STORE_RESERVE_BYTES / 1024);
  audit (self, caller_uid (inv), g_dbus_method_invocation_get_method_name (inv), target, "refused", detail);
  g_dbus_method_invocation_return_error (inv, XN_HOSTD_ERROR, XN_HOSTD_ERROR_NO_SPACE,
                                         _("Refused: %s. Free space on the host's state "
                                           "filesystem, then try again."), detail);
  return FALSE;
}

#define RETURN_IF_NO_SPACE(target) \
  G_STMT_START { if (!require_space (self, inv, target)) return TRUE; } G_STMT_END

/* ---- the policy model helpers ---- */

static XnDomain *
find_domain (XnHostd    *self,
             const char *key)
{
  XnObject *obj;

  if (self->host == NULL || key == NULL)
    return NULL;
  obj = xn_policy_lookup (self->policy, key);
  if (obj != NULL && XN_IS_DOMAIN (obj) && xn_domain_get_host (XN_DOMAIN (obj)) == self->host)
    return XN_DOMAIN (obj);
  return xn_host_find_domain_by_name (self->host, key);
}

static XnTag *
domain_tag (XnDomain *dom)
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
static char *
exclusive_conflict (XnHostd  *self,
                    XnDomain *dom)
{
  g_autoptr(GPtrArray) doms = xn_backend_list_domains (self->backend);
  XnObjectList *conflicts = xn_policy_get_conflicts (self->policy);
  XnTag *tag = domain_tag (dom);

  if (tag == NULL)
    return NULL;
  for (guint i = 0; i < doms->len; i++)
    {
      XnBackendDomain *bd = g_ptr_array_index (doms, i);
      XnDomain *other;
      XnTag *otag;

      if (bd->state == XN_DOMAIN_STATE_STOPPED)
        continue;
      other = find_domain (self, bd->uuid);
      if (other == NULL || other == dom || (otag = domain_tag (other)) == NULL || otag == tag)
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
static void
add_new_conflict_breaches (XnHostd            *self,
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

      if (XN_IS_DOMAIN (obj) && domain_tag (XN_DOMAIN (obj)) != NULL)
        g_ptr_array_add (doms, obj);
    }
  for (guint i = 0; i < doms->len; i++)
    for (guint j = i + 1; j < doms->len; j++)
      {
        XnDomain *a = g_ptr_array_index (doms, i), *b = g_ptr_array_index (doms, j);
        const char *ta = xn_object_get_uuid (XN_OBJECT (domain_tag (a)));
        const char *tb = xn_object_get_uuid (XN_OBJECT (domain_tag (b)));
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
                                               xn_object_get_name (XN_OBJECT (domain_tag (a))),
                                               xn_object_get_name (XN_OBJECT (b)),
                                               xn_object_get_name (XN_OBJECT (domain_tag (b))),
                                               xn_object_get_name (XN_OBJECT (conf))));
      }
}

/* ---- policy apply ---- */

static XnHost *
pick_host (XnHostd   *self,
           XnPolicy  *policy,
           GError   **error)
{
  XnObjectList *hosts = xn_policy_get_hosts (policy);
  const char *name = self->options->host_name;
  XnHost *host = NULL;

  if (name != NULL)
    host = xn_policy_find_host_by_name (policy, name);
  else if (xn_object_list_get_n_items (hosts) == 1 && g_strcmp0 (self->options->backend, "sim") == 0)
    host = xn_object_list_get (hosts, 0);   /* the simulated host is whatever the policy says */
  else
    host = xn_policy_find_host_by_name (policy, g_get_host_name ());
  if (host == NULL)
    g_set_error (error, XN_HOSTD_ERROR, XN_HOSTD_ERROR_POLICY_REFUSED,
                 _("The policy has no host named “%s”"),
                 name ? name : g_get_host_name ());
  return host;
}

static char *
network_mode (XnHostd *self)
{
  if (self->ovs == NULL)
    return g_strdup ("skipped: no Open vSwitch configured");
  return g_strdup_printf ("ovs %s", xn_ovs_get_db (self->ovs));
}

/* The domains the backend runs now (paused ones too), for the plan diff. */
static GStrv
running_uuids (XnHostd *self)
{
  g_autoptr(GPtrArray) doms = xn_backend_list_domains (self->backend);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  for (guint i = 0; i < doms->len; i++)
    {
      XnBackendDomain *bd = g_ptr_array_index (doms, i);

      /* The guard never checks the control domain (Xen gives it a zero
       * handle, so no policy can name it by UUID). */
      if (bd->state != XN_DOMAIN_STATE_STOPPED && bd->domid != 0)
        g_strv_builder_add (b, bd->uuid);
    }
  return g_strv_builder_end (b);
}

static GVariant *
strv_variant (const char * const *v)
{
  return g_variant_new_strv (v, -1);
}

/* The flows of every switch, then the guard blob.  The blob goes last
 * because the hypervisor takes no blob older than one it loaded (its
 * anti-rollback): a push that fails on a switch must be able to put the
 * old plan back, and it can while the old blob is still the newest Xen
 * saw.  @with_network FALSE restores the blob only (xn_ovs_apply()
 * undoes its own switches). */
static gboolean
apply_plan (XnHostd   *self,
            XnPolicy  *policy,
            XnHost    *host,
            XnPlan    *plan,
            gboolean   with_network,
            gboolean  *network_done,
            GError   **error)
{
  g_autoptr(GError) local = NULL;

  if (!xn_backend_set_host (self->backend, policy, host, &local))
    {
      g_set_error (error, XN_HOSTD_ERROR, XN_HOSTD_ERROR_BACKEND,
                   _("Applying the guard blob failed: %s"), local->message);
      return FALSE;
    }
  if (with_network && self->ovs != NULL)
    {
      if (!xn_ovs_apply (self->ovs, plan, plan == self->plan ? NULL : self->plan, error))
        return FALSE;
      if (network_done != NULL)
        *network_done = TRUE;
    }
  if (!xn_backend_load_blob (self->backend, xn_plan_get_blob (plan), &local))
    {
      g_set_error (error, XN_HOSTD_ERROR, XN_HOSTD_ERROR_BACKEND,
                   _("Applying the guard blob failed: %s"), local->message);
      return FALSE;
    }
  return TRUE;
}

/* Records @document in the policy history with @status; for APPLIED this
 * is the commit point of a push (durable, with its audit row). */
static gboolean
record_policy (XnHostd        *self,
               Actor          *actor,
               XnPolicy       *policy,
               GBytes         *document,
               const char     *signer,
               const char     *fingerprint,
               XnPolicyStatus  status,
               const char     *reason,
               gint64         *out_id,
               GError        **error)
{
  XnPolicyRecord rec = {
    .serial = xn_policy_get_serial (policy),
    .uuid = (char *) xn_object_get_uuid (XN_OBJECT (policy)),
    .name = (char *) xn_object_get_name (XN_OBJECT (policy)),
    .signer_subject = (char *) signer,
    .signer_fingerprint = (char *) fingerprint,
    .document = document,
    .status = status,
    .reason = (char *) reason,
  };

  if (!xn_store_add_policy (self->store, actor ? &actor->actor : NULL, &rec, error))
    return FALSE;
  if (out_id != NULL)
    *out_id = rec.id;
  return TRUE;
}

static void
install_running (XnHostd    *self,
                 XnPolicy   *policy,
                 XnHost     *host,
                 XnPlan     *plan,
                 GBytes     *document,
                 const char *signer,
                 gint64      applied)
{
  g_set_object (&self->policy, policy);
  self->host = host;
  g_clear_pointer (&self->plan, xn_plan_unref);
  self->plan = xn_plan_ref (plan);
  xn_backend_set_plan (self->backend, plan);
  g_clear_pointer (&self->document, g_bytes_unref);
  self->document = g_bytes_ref (document);
  g_free (self->signer);
  self->signer = g_strdup (signer ? signer : "");
  self->applied = applied;
}

/* Verifies and applies @document.  On success *@diff and *@summary say
 * what changed; on failure nothing changed. */
/* Refuses @policy when the lint finds errors; the message names the first
 * few, since a person reads it in the app's push dialog. */
static gboolean
lint_allows (XnPolicy  *policy,
             XnPolicy  *running,
             GError   **error)
{
  g_autoptr(GListModel) issues = xn_lint_run (policy, running);
  g_autoptr(GString) text = NULL;
  guint n_errors = xn_lint_count (issues, XN_LINT_SEVERITY_ERROR);
  guint shown = 0;

  if (n_errors == 0)
    return TRUE;

  text = g_string_new (NULL);
  for (guint i = 0; i < g_list_model_get_n_items (issues) && shown < 3; i++)
    {
      g_autoptr(XnLintIssue) issue = g_list_model_get_item (issues, i);

      if (xn_lint_issue_get_severity (issue) != XN_LINT_SEVERITY_ERROR)
        continue;
      g_string_append_printf (text, "%s%s: %s", shown > 0 ? "; " : "",
                              xn_lint_issue_get_code (issue), xn_lint_issue_get_message (issue));
      shown++;
    }
  g_set_error (error, XN_HOSTD_ERROR, XN_HOSTD_ERROR_POLICY_REFUSED,
               g_dngettext (GETTEXT_PACKAGE, "The policy has %u lint error: %s",
                            "The policy has %u lint errors: %s", n_errors),
               n_errors, text->str);
  return FALSE;
}

static gboolean
push_policy (XnHostd              *self,
             Actor                *actor,
             GBytes               *document,
             gboolean              dry_run,
             gboolean              at_boot,
             const XnPolicyRecord *recorded,
             char                **diff,
             GVariant  **summary,
             gboolean   *audited,
             GError    **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(XnVerified) verified = NULL;
  g_autoptr(XnPolicy) policy = NULL;
  g_autoptr(XnPlan) plan = NULL;
  g_autoptr(XnPlanDiff) plan_diff = NULL;
  g_auto(GStrv) running = NULL;
  g_autoptr(GPtrArray) breaches = NULL;
  g_autofree char *signer = NULL;
  g_autofree char *fingerprint = NULL;
  XnHost *host;
  guint64 old_serial = self->policy ? xn_policy_get_serial (self->policy) : 0;
  gint64 now = g_get_real_time ();
  gint64 new_id = 0;
  gboolean network_done = FALSE;
  GVariantBuilder b;

  /* At boot, a stored policy whose signature no longer verifies (its
   * signer's certificate expired since, the trust directory changed) is
   * applied by the verification recorded when it was pushed: it stays
   * the policy in force until a newer one replaces it.  The caller has
   * checked the document is the one recorded. */
  if (recorded != NULL)
    {
      policy = xn_policy_load_bytes (document, "stored policy", &local);
      if (policy == NULL)
        {
          g_set_error (error, XN_HOSTD_ERROR, XN_HOSTD_ERROR_POLICY_REFUSED,
                       _("The policy is invalid: %s"), local->message);
          return FALSE;
        }
      signer = g_strdup (recorded->signer_subject);
      fingerprint = g_strdup (recorded->signer_fingerprint);
    }
  else
    {
      /* Read the trust directory at each push: an administrator adds or
       * withdraws a certificate without restarting the daemon. */
      g_autoptr(GError) trust_error = NULL;
      XnTrust *fresh = xn_trust_new_from_dir (self->options->trust_dir, &trust_error);

      g_clear_pointer (&self->trust, xn_trust_unref);
      self->trust = fresh;
      if (self->trust == NULL)
        {
          g_set_error (error, XN_HOSTD_ERROR, XN_HOSTD_ERROR_POLICY_REFUSED,
                       _("No trusted certificate, so no policy can be verified: %s"),
                       trust_error->message);
          return FALSE;
        }
      verified = xn_trust_verify_bytes (self->trust, document, &local);
      if (verified == NULL)
        {
          g_set_error (error, XN_HOSTD_ERROR, XN_HOSTD_ERROR_POLICY_REFUSED,
                       _("Signature check failed: %s"), local->message);
          return FALSE;
        }
      signer = g_strdup (xn_verified_get_subject (verified));
      fingerprint = g_strdup (xn_verified_get_fingerprint (verified));
      policy = xn_policy_load_doc (xn_verified_get_doc (verified), "pushed policy", &local);
      if (policy == NULL)
        {
          g_set_error (error, XN_HOSTD_ERROR, XN_HOSTD_ERROR_POLICY_REFUSED,
                       _("The policy is invalid: %s"), local->message);
          return FALSE;
        }
    }
  /* Anti-rollback against the store, not only against the policy in
   * memory: after a restart where the stored policy no longer verified
   * (an expired signer, an edited file), what runs may be older than
   * what was once applied, and must not lower the floor. */
  if (!at_boot)
    {
      guint64 floor = 0;

      if (!xn_store_get_highest_serial (self->store, &floor, &local))
        {
          g_warning ("Cannot read the highest applied serial: %s", local->message);
          g_set_error_literal (error, XN_HOSTD_ERROR, XN_HOSTD_ERROR_FAILED,
                               _("The daemon cannot read its store; its log says why"));
          return FALSE;
        }
      if (xn_policy_get_serial (policy) <= floor)
        {
          g_set_error (error, XN_HOSTD_ERROR, XN_HOSTD_ERROR_POLICY_REFUSED,
                       _("Serial %" G_GUINT64_FORMAT " is not above serial %" G_GUINT64_FORMAT
                         ", the highest ever applied on this host: a rollback is refused"),
                       xn_policy_get_serial (policy), floor);
          return FALSE;
        }
    }
  /* The host refuses what the editor would: any lint error, the
   * live-update rules included (no tag or domain may disappear). */
  if (!lint_allows (policy, at_boot ? NULL : self->policy, error))
    return FALSE;
  host = pick_host (self, policy, error);
  if (host == NULL)
    return FALSE;
  plan = xn_compile (policy, xn_object_get_name (XN_OBJECT (host)), &local);
  if (plan == NULL)
    {
      g_set_error (error, XN_HOSTD_ERROR, XN_HOSTD_ERROR_POLICY_REFUSED,
                   _("The policy does not compile: %s"), local->message);
      return FALSE;
    }

  running = running_uuids (self);
  plan_diff = xn_plan_diff (self->plan, plan, (const char * const *) running);
  breaches = g_ptr_array_new_with_free_func (g_free);
  for (const char * const *br = xn_plan_diff_get_breaches (plan_diff); *br; br++)
    g_ptr_array_add (breaches, g_strdup (*br));
  if (!at_boot)
    add_new_conflict_breaches (self, policy, (const char * const *) running, breaches);
  if (diff != NULL)
    {
      GString *text = g_string_new (NULL);
      g_autofree char *plan_text = xn_plan_diff_format_full (plan_diff, !dry_run);
      guint first = g_strv_length ((char **) xn_plan_diff_get_breaches (plan_diff));

      g_string_append (text, plan_text);
      /* The plan diff lists its own breaches; the daemon's follow. */
      if (breaches->len > first)
        g_string_append_printf (text, "%s\n", _("Conflicts added among running domains:"));
      for (guint i = first; i < breaches->len; i++)
        g_string_append_printf (text, "  %s\n", (char *) g_ptr_array_index (breaches, i));
      *diff = g_string_free (text, FALSE);
    }
  g_ptr_array_add (breaches, NULL);
  {
    guint added = 0, removed = 0;

    for (guint i = 0; i < xn_plan_diff_get_n_switches (plan_diff); i++)
      {
        const XnPlanDiffSwitch *sw = xn_plan_diff_get_switch (plan_diff, i);

        added += sw->added->len;
        removed += sw->removed->len;
      }
    g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add (&b, "{sv}", "serial", g_variant_new_uint64 (xn_policy_get_serial (policy)));
    g_variant_builder_add (&b, "{sv}", "previous-serial", g_variant_new_uint64 (old_serial));
    g_variant_builder_add (&b, "{sv}", "applied", g_variant_new_boolean (!dry_run));
    g_variant_builder_add (&b, "{sv}", "domains", g_variant_new_uint32 (xn_plan_get_n_domains (plan)));
    g_variant_builder_add (&b, "{sv}", "flows", g_variant_new_uint32 (xn_plan_get_n_flows (plan)));
    g_variant_builder_add (&b, "{sv}", "switches", g_variant_new_uint32 (xn_plan_get_n_switches (plan)));
    g_variant_builder_add (&b, "{sv}", "flows-added", g_variant_new_uint32 (added));
    g_variant_builder_add (&b, "{sv}", "flows-removed", g_variant_new_uint32 (removed));
    g_variant_builder_add (&b, "{sv}", "domains-added", strv_variant (xn_plan_diff_get_added_domains (plan_diff)));
    g_variant_builder_add (&b, "{sv}", "domains-removed", strv_variant (xn_plan_diff_get_removed_domains (plan_diff)));
    g_variant_builder_add (&b, "{sv}", "domains-changed", strv_variant (xn_plan_diff_get_changed_domains (plan_diff)));
    g_variant_builder_add (&b, "{sv}", "breaches", strv_variant ((const char * const *) breaches->pdata));
    g_variant_builder_add (&b, "{sv}", "running", strv_variant ((const char * const *) running));
    g_variant_builder_add (&b, "{sv}", "network", g_variant_new_take_string (network_mode (self)));
  }
  if (summary != NULL)
    *summary = g_variant_ref_sink (g_variant_builder_end (&b));
  else
    g_variant_builder_clear (&b);
  if (dry_run)
    return TRUE;

  /* Lifecycle: a push that would leave running domains in breach of the
   * new plan is refused, naming them; stopping domains on the operator's
   * behalf is a lifecycle decision the push must not take silently (the
   * secadmin may not even hold the sysadmin role).  At boot nothing runs
   * yet that the old plan did not allow. */
  if (!at_boot && breaches->len > 1)
    {
      g_autofree char *list = g_strjoinv ("; ", (char **) breaches->pdata);

      g_set_error (error, XN_HOSTD_ERROR, XN_HOSTD_ERROR_POLICY_REFUSED,
                   _("The policy would put running domains in breach (stop them first): %s"), list);
      return FALSE;
    }

  if (!apply_plan (self, policy, host, plan, TRUE, &network_done, &local)
      || (!at_boot && !record_policy (self, actor, policy, document, signer, fingerprint,
                                      XN_POLICY_STATUS_APPLIED, NULL, &new_id, &local)))
    {
      g_autoptr(GError) restore_error = NULL;

      /* Put the previous plan back everywhere: the blob, and the switches
       * if they all took the new plan (else they restored themselves). */
      if (self->policy != NULL && self->plan != NULL
          && !apply_plan (self, self->policy, self->host, self->plan, network_done, NULL,
                          &restore_error))
        {
          /* Neither policy is known to be in force: say so in the
           * record, the audit row and the reply, not only in the log. */
          g_autofree char *both = g_strdup_printf (
            _("%s; and the previous policy, serial %" G_GUINT64_FORMAT ", could not be restored: %s. "
              "What the host enforces now is uncertain: push a policy again"),
            local->message, old_serial, restore_error->message);

          g_critical ("%s", both);
          g_free (local->message);
          local->message = g_steal_pointer (&both);
        }
      if (!at_boot
          && record_policy (self, actor, policy, document, signer, fingerprint,
                            XN_POLICY_STATUS_ROLLED_BACK, local->message, NULL, NULL)
          && audited != NULL)
        *audited = TRUE;
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (!at_boot)
    {
      self->policy_id = new_id;
      if (audited != NULL)
        *audited = TRUE;
    }
  install_running (self, policy, host, plan, document, signer, now);
  return TRUE;
}

/* The stored policy @last is in force again; @unverified_why: why its
 * signature does not verify now (it was applied by the verification
 * recorded at its push), or NULL. */
static void
booted (XnHostd              *self,
        const XnPolicyRecord *last,
        const char           *unverified_why)
{
  g_autofree char *detail = NULL;

  if (unverified_why == NULL)
    detail = g_strdup_printf ("re-applied the last good policy, serial %" G_GUINT64_FORMAT, last->serial);
  else
    {
      detail = g_strdup_printf ("re-applied the last good policy, serial %" G_GUINT64_FORMAT
                                ", by its verification recorded in audit row %" G_GUINT64_FORMAT
                                " (signer %s); it does not verify now: %s",
                                last->serial, last->audit_seq,
                                last->signer_subject ? last->signer_subject : "-", unverified_why);
      g_warning ("%s", detail);
    }
  self->applied = last->time;
  self->policy_id = last->id;
  audit (self, G_MAXUINT, "Boot", "policy", "ok", detail);
}

static gboolean
boot_policy (XnHostd  *self,
             GError  **error)
{
  g_autoptr(XnPolicyRecord) last = NULL;
  g_autoptr(GError) local = NULL;
  char *contents = NULL;
  gsize len;

  last = xn_store_get_last_good_policy (self->store, &local);
  if (last == NULL && local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (last != NULL)
    {
      /* Verified again: the trust directory may have changed since. */
      if (push_policy (self, NULL, last->document, FALSE, TRUE, NULL, NULL, NULL, NULL, &local))
        {
          g_message ("Re-applied policy serial %" G_GUINT64_FORMAT, last->serial);
          booted (self, last, NULL);
          return TRUE;
        }
      /* The signature no longer verifies now.  If the document is the
       * one recorded when it was verified and applied, it stays in force
       * by that verification: an expired certificate must not unload the
       * policy.  If it is not, nothing older takes its place either. */
      {
        g_autoptr(GError) why = g_steal_pointer (&local);
        g_autoptr(GError) digest_error = NULL;

        if (xn_store_check_policy_digest (self->store, last, &digest_error)
            && push_policy (self, NULL, last->document, FALSE, TRUE, last, NULL, NULL, NULL, &local))
          {
            booted (self, last, why->message);
            return TRUE;
          }
        {
          g_autofree char *detail = g_strdup_printf (
            "the stored policy, serial %" G_GUINT64_FORMAT ", cannot be re-applied (%s; %s): "
            "no policy is in force and none older is loaded; push one with a serial above %"
            G_GUINT64_FORMAT, last->serial, why->message,
            digest_error ? digest_error->message : local ? local->message : "",
            last->serial);

          g_critical ("%s", detail);
          audit (self, G_MAXUINT, "Boot", "policy", "failed", detail);
          return TRUE;
        }
      }
    }

  if (self->options->sim_policy != NULL && g_strcmp0 (self->options->backend, "sim") == 0)
    {
      g_autoptr(XnPolicy) policy = NULL;
      g_autoptr(XnPlan) plan = NULL;
      g_autoptr(GBytes) doc = NULL;
      XnHost *host;

      /* The simulated host is built from this file; it need not be signed,
       * because it describes the simulation rather than authorising it. */
      if (!g_file_get_contents (self->options->sim_policy, &contents, &len, error))
        return FALSE;
      doc = g_bytes_new_take (contents, len);
      policy = xn_policy_load_bytes (doc, self->options->sim_policy, error);
      if (policy == NULL)
        return FALSE;
      if ((host = pick_host (self, policy, error)) == NULL
          || (plan = xn_compile (policy, xn_object_get_name (XN_OBJECT (host)), error)) == NULL
          || !apply_plan (self, policy, host, plan, TRUE, NULL, error))
        return FALSE;
      install_running (self, policy, host, plan, doc, "", g_get_real_time ());
      g_message ("Simulated host “%s” from %s (serial %" G_GUINT64_FORMAT ")",
                 xn_object_get_name (XN_OBJECT (host)), self->options->sim_policy,
                 xn_policy_get_serial (policy));
    }
  return TRUE;
}

/* ---- violations ---- */

static void
format_uuid (const guint8 h[16],
             char         out[37])
{
  g_snprintf (out, 37,
              "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
              h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7],
              h[8], h[9], h[10], h[11], h[12], h[13], h[14], h[15]);
}

/* Retention: at most self->retention live violations; older ones are
 * archived (read with GetArchivedViolations).  Checked with the samples,
 * at most every 10 s. */
static void
retain (XnHostd *self)
{
  XnViolationCounts totals = { 0 };
  g_autoptr(GPtrArray) counts = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_monotonic_time ();
  guint64 n = 0;
  Actor a;

  if (now - self->retained_at < 10 * G_USEC_PER_SEC)
    return;
  self->retained_at = now;
  counts = xn_store_count_violations (self->store, &totals, &error);
  if (counts == NULL || totals.live <= self->retention)
    {
      if (counts == NULL)
        g_warning ("Retention: cannot count the violations: %s", error->message);
      return;
    }
  actor_init (self, &a, G_MAXUINT);
  if (!xn_store_retain_violations (self->store, &a.actor, self->retention, &n, &error))
    g_warning ("Retention: cannot archive the oldest violations: %s", error->message);
  else if (n > 0)
    g_message ("Retention: archived the %" G_GUINT64_FORMAT " oldest violations to keep %"
               G_GUINT64_FORMAT " live", n, self->retention);
  actor_clear (&a);
}

/* How a domain outside the policy is named in its violations: its name
 * and domain id while Xen runs it, else its handle. */
static char *
describe_stranger (GPtrArray  *running,
                   const char *uuid)
{
  for (guint i = 0; running != NULL && i < running->len; i++)
    {
      XnBackendDomain *d = g_ptr_array_index (running, i);

      if (d->domid >= 0 && g_str_equal (d->uuid, uuid))
        return g_strdup_printf (_("%s (domain %d, not in the policy)"), d->name, d->domid);
    }
  if (g_str_equal (uuid, "00000000-0000-0000-0000-000000000000"))
    return g_strdup (_("a domain not in the policy"));
  return g_strdup_printf (_("%s (not in the policy)"), uuid);
}

/* Drains the guard's ring into one store transaction per tick: the
 * batch is what makes a storm cheap (one commit, not one per row). */
static gboolean
drain_cb (gpointer user_data)
{
  XnHostd *self = user_data;
  g_autoptr(GArray) batch = g_array_new (FALSE, TRUE, sizeof (XnViolation));
  g_autoptr(GStringChunk) strings = g_string_chunk_new (4096);
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  struct xng_violation buf[256];
  guint64 last = 0;
  guint64 dropped = 0;
  g_autoptr(GPtrArray) running = NULL;   /* listed once a tick, if needed */
  guint n, total = 0;

  while (total < DRAIN_MAX_PER_TICK
         && (n = xn_backend_drain_violations (self->backend, buf, G_N_ELEMENTS (buf), &dropped)) > 0)
    {
      total += n;
      if (dropped > self->dropped_seen)
        {
          /* Records the hypervisor could not keep are a loss the audit
           * chain must show, with how many (the guard counts them). */
          g_autofree char *detail = g_strdup_printf (
            "%" G_GUINT64_FORMAT " violation records not kept by the hypervisor "
            "(a domain over its share of the ring, or the ring full); %"
            G_GUINT64_FORMAT " since it started",
            dropped - self->dropped_seen, dropped);

          xn_journal_lost ((guint) MIN (dropped - self->dropped_seen, G_MAXUINT),
                           "the hypervisor did not keep them (a domain over its share "
                           "of the ring, or the ring full)");
          audit (self, G_MAXUINT, "Violation", "guard", "failed", detail);
          self->dropped_seen = dropped;
        }
      for (guint i = 0; i < n; i++)
        {
          XnViolation v = { 0 };
          char info[256];
          char uuid[37];
          XnDomain *dom;
          const char *sub;

          format_uuid (buf[i].uuid, uuid);
          xng_format_violation (&buf[i], info, sizeof info);
          dom = find_domain (self, uuid);
          v.time = 0;   /* now: the guard's clock is monotonic, not wall time */
          v.domain_uuid = g_string_chunk_insert_const (strings, uuid);
          if (dom != NULL)
            v.domain_name = g_string_chunk_insert_const (strings, xn_object_get_name (XN_OBJECT (dom)));
          else
            {
              /* A domain the policy does not name: the calls an auditor
               * most needs, so kept with what Xen knows of it. */
              g_autofree char *who = NULL;

              if (running == NULL)
                running = xn_backend_list_domains (self->backend);
              who = describe_stranger (running, uuid);
              v.domain_name = g_string_chunk_insert_const (strings, who);
              g_strlcat (info, "; ", sizeof info);
              g_strlcat (info, who, sizeof info);
            }
          v.hcall = (gint32) buf[i].hcall;
          v.hcall_name = (char *) xng_hypercall_name (buf[i].hcall);
          sub = xng_hypercall_is_multiplexed (buf[i].hcall) ? xng_subop_name (buf[i].hcall, buf[i].subop) : NULL;
          v.subop = xng_hypercall_is_multiplexed (buf[i].hcall) ? (gint32) MIN (buf[i].subop, G_MAXINT32) : -1;
          v.subop_name = (char *) sub;
          v.reason = buf[i].reason;
          v.action = (XnStoreAction) buf[i].action;
          v.reason_text = (char *) xng_verdict_reason (buf[i].reason);
          v.hmax = buf[i].hmax;
          v.hrate = buf[i].hrate;
          v.info = g_string_chunk_insert (strings, info);
          g_array_append_val (batch, v);
          if (buf[i].action == XNG_ACTION_PAUSE || buf[i].action == XNG_ACTION_DESTROY)
            {
              g_ptr_array_add (actions, g_strdup (buf[i].action == XNG_ACTION_PAUSE ? "PauseDomain" : "DestroyDomain"));
              g_ptr_array_add (actions, g_strdup (v.domain_name));
              g_ptr_array_add (actions, g_strdup_printf ("max violations exceeded (%u): %s",
                                                         buf[i].violations, info));
            }
        }
    }
  if (batch->len > 0 && store_free_bytes (self) < STORE_LOW_BYTES)
    {
      /* Nearly full: keep the records the guard acted on, count the rest
       * as lost (a row, not one per record). */
      guint kept = 0, lost;

      for (guint i = 0; i < batch->len; i++)
        {
          XnViolation *v = &g_array_index (batch, XnViolation, i);

          if (v->action == XN_STORE_ACTION_PAUSE || v->action == XN_STORE_ACTION_DESTROY)
            g_array_index (batch, XnViolation, kept++) = *v;
        }
      lost = batch->len - kept;
      g_array_set_size (batch, kept);
      if (lost > 0)
        {
          g_autofree char *detail = g_strdup_printf ("%u violations lost: the host's state store has "
                                                     "less than %u KiB free", lost, STORE_LOW_BYTES / 1024);

          xn_journal_lost (lost, "the host's state store is nearly full");
          self->lost_low_space += lost;
          if (self->lost_low_space_logged == 0
              || g_get_monotonic_time () - self->lost_low_space_logged > 10 * G_USEC_PER_SEC)
            {
              g_autofree char *row = g_strdup_printf ("%s (%" G_GUINT64_FORMAT " since the last row)",
                                                      detail, self->lost_low_space);

              g_warning ("%s", row);
              audit (self, G_MAXUINT, "Violation", "store", "failed", row);
              self->lost_low_space = 0;
              self->lost_low_space_logged = g_get_monotonic_time ();
            }
        }
    }
  if (batch->len == 0)
    return G_SOURCE_CONTINUE;
  if (!xn_store_append_violations (self->store, (XnViolation *) (gpointer) batch->data, batch->len,
                                   &last, &error))
    {
      /* Nothing was written (one transaction); the rows are lost, and
       * the loss itself is audited so it shows. */
      g_autofree char *detail = g_strdup_printf ("%u violations lost: %s", batch->len, error->message);

      g_critical ("%s", detail);
      xn_journal_lost (batch->len, error->message);
      audit (self, G_MAXUINT, "Violation", "store", "failed", detail);
      return G_SOURCE_CONTINUE;
    }
  for (guint i = 0; i < batch->len; i++)
    xn_journal_violation (&g_array_index (batch, XnViolation, i), last - batch->len + 1 + i,
                          self->policy ? xn_policy_get_serial (self->policy) : 0);
  /* The backend took the action; the daemon's act is audited after the
   * violations that caused it. */
  for (guint i = 0; i + 2 < actions->len; i += 3)
    audit (self, G_MAXUINT, g_ptr_array_index (actions, i), g_ptr_array_index (actions, i + 1),
           "ok", g_ptr_array_index (actions, i + 2));
  xn_host1_emit_violations_added (self->skeleton, last - batch->len + 1, batch->len);
  return G_SOURCE_CONTINUE;
}

/* ---- performance ---- */

static void
metrics_add (GHashTable *m,
             const char *key,
             double      value)
{
  double *slot = g_hash_table_lookup (m, key);

  if (slot == NULL)
    {
      slot = g_new0 (double, 1);
      g_hash_table_insert (m, g_strdup (key), slot);
    }
  *slot += value;
}

/* One store sample from a metrics table; @subject is the domain UUID,
 * "enclave:NAME", "tag:NAME" or NULL for the host total. */
static void
add_sample (GArray     *samples,
            GStringChunk *strings,
            const char *subject,
            GHashTable *m)
{
  XnPerfSample s = { 0 };
  double *v;

  s.domain_uuid = subject ? g_string_chunk_insert_const (strings, subject) : NULL;
#define GET(key) ((v = g_hash_table_lookup (m, key)) != NULL ? *v : 0.0)
  s.cpu_percent = GET ("cpu-percent");
  s.memory_bytes = GET ("memory-kib") * 1024.0;
  s.net_rx = GET ("net-rx-bps");
  s.net_tx = GET ("net-tx-bps");
  s.disk_read = GET ("disk-read-bps");
  s.disk_write = GET ("disk-write-bps");
  s.hypercalls = GET ("hypercalls-per-s");
  s.violations = GET ("violations-per-s");
#undef GET
  g_array_append_val (samples, s);
}

static GVariant *
metrics_to_variant (const char *key,
                    const char *value,
                    GHashTable *m)
{
  GVariantBuilder b;
  GHashTableIter iter;
  gpointer k, v;

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", key, g_variant_new_string (value));
  g_hash_table_iter_init (&iter, m);
  while (g_hash_table_iter_next (&iter, &k, &v))
    {
      if (g_str_equal (k, "memory-kib"))
        g_variant_builder_add (&b, "{sv}", k, g_variant_new_uint64 ((guint64) *(double *) v));
      else
        g_variant_builder_add (&b, "{sv}", k, g_variant_new_double (*(double *) v));
    }
  return g_variant_builder_end (&b);
}

static GHashTable *
new_metrics (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static gboolean
sample_cb (gpointer user_data)
{
  XnHostd *self = user_data;
  g_autoptr(GPtrArray) doms = xn_backend_list_domains (self->backend);
  g_autoptr(GHashTable) enclaves = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) g_hash_table_unref);
  g_autoptr(GHashTable) tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) g_hash_table_unref);
  g_autoptr(GHashTable) host_m = new_metrics ();
  g_autoptr(GArray) samples = g_array_new (FALSE, TRUE, sizeof (XnPerfSample));
  g_autoptr(GStringChunk) strings = g_string_chunk_new (4096);
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();
  double dt = self->prev_time ? (now - self->prev_time) / 1e6 : 0;
  GVariantBuilder eb, tb;
  GHashTableIter iter;
  gpointer k, v;

  g_ptr_array_set_size (self->latest, 0);
  for (guint i = 0; i < doms->len; i++)
    {
      XnBackendDomain *d = g_ptr_array_index (doms, i);
      XnBackendDomain *p = g_hash_table_lookup (self->prev_counters, d->uuid);
      g_autoptr(GHashTable) m = new_metrics ();
      XnDomain *dom = find_domain (self, d->uuid);
      XnTag *tag = dom ? domain_tag (dom) : NULL;
      XnEnclave *enc = dom ? xn_domain_get_enclave (dom) : NULL;
      XnBackendDomain *copy;

#define RATE(field) (p != NULL && dt > 0 && d->field >= p->field ? (d->field - p->field) / dt : 0.0)
      if (d->state == XN_DOMAIN_STATE_STOPPED)
        goto remember;
      metrics_add (m, "cpu-percent", RATE (cpu_ns) / 1e7);
      metrics_add (m, "memory-kib", (double) d->memory_kib);
      metrics_add (m, "net-rx-bps", RATE (net_rx_bytes));
      metrics_add (m, "net-tx-bps", RATE (net_tx_bytes));
      metrics_add (m, "disk-read-bps", RATE (disk_read_bytes));
      metrics_add (m, "disk-write-bps", RATE (disk_write_bytes));
      metrics_add (m, "hypercalls-per-s", RATE (hypercalls));
      metrics_add (m, "violations-per-s", RATE (violations));
#undef RATE
      {
        g_autoptr(GVariant) dv = g_variant_ref_sink (metrics_to_variant ("uuid", d->uuid, m));
        GVariantDict dict;

        g_variant_dict_init (&dict, dv);
        g_variant_dict_insert (&dict, "name", "s", d->name);
        g_ptr_array_add (self->latest, g_variant_ref_sink (g_variant_dict_end (&dict)));
      }
      add_sample (samples, strings, d->uuid, m);
      g_hash_table_iter_init (&iter, m);
      while (g_hash_table_iter_next (&iter, &k, &v))
        {
          const char *names[2] = { enc ? xn_object_get_name (XN_OBJECT (enc)) : NULL,
                                   tag ? xn_object_get_name (XN_OBJECT (tag)) : NULL };
          GHashTable *tables[2] = { enclaves, tags };

          metrics_add (host_m, k, *(double *) v);
          for (guint t = 0; t < 2; t++)
            {
              GHashTable *agg;

              if (names[t] == NULL)
                continue;
              agg = g_hash_table_lookup (tables[t], names[t]);
              if (agg == NULL)
                {
                  agg = new_metrics ();
                  g_hash_table_insert (tables[t], g_strdup (names[t]), agg);
                }
              metrics_add (agg, k, *(double *) v);
            }
        }
    remember:
      copy = g_memdup2 (d, sizeof *d);
      copy->name = NULL;
      g_hash_table_insert (self->prev_counters, g_strdup (d->uuid), copy);
    }

  g_variant_builder_init (&eb, G_VARIANT_TYPE ("aa{sv}"));
  g_hash_table_iter_init (&iter, enclaves);
  while (g_hash_table_iter_next (&iter, &k, &v))
    {
      g_autofree char *subject = g_strconcat ("enclave:", k, NULL);

      g_variant_builder_add_value (&eb, metrics_to_variant ("name", k, v));
      add_sample (samples, strings, subject, v);
    }
  g_variant_builder_init (&tb, G_VARIANT_TYPE ("aa{sv}"));
  g_hash_table_iter_init (&iter, tags);
  while (g_hash_table_iter_next (&iter, &k, &v))
    {
      g_autofree char *subject = g_strconcat ("tag:", k, NULL);

      g_variant_builder_add_value (&tb, metrics_to_variant ("name", k, v));
      add_sample (samples, strings, subject, v);
    }
  add_sample (samples, strings, NULL, host_m);
  if (!xn_store_add_perf_samples (self->store, now, (XnPerfSample *) (gpointer) samples->data,
                                  samples->len, &error))
    g_warning ("Cannot store performance samples: %s", error->message);
  g_clear_pointer (&self->latest_enclaves, g_variant_unref);
  g_clear_pointer (&self->latest_tags, g_variant_unref);
  self->latest_enclaves = g_variant_ref_sink (g_variant_builder_end (&eb));
  self->latest_tags = g_variant_ref_sink (g_variant_builder_end (&tb));
  self->latest_time = now;
  self->prev_time = now;
  retain (self);
  return G_SOURCE_CONTINUE;
}

/* ---- D-Bus methods ---- */

#define RETURN_IF_REFUSED(role, target) \
  G_STMT_START { if (!require_role (self, inv, role, target)) return TRUE; } G_STMT_END

static gboolean
handle_get_my_roles (XnHost1               *skel,
                     GDBusMethodInvocation *inv,
                     XnHostd               *self)
{
  guint roles = caller_roles (self, inv);
  g_autofree char *text = xn_hostd_roles_to_string (roles);
  g_auto(GStrv) list = g_strsplit (text, ",", -1);

  if (*text == '\0')
    {
      g_clear_pointer (&list, g_strfreev);
      list = g_new0 (char *, 1);
    }
  xn_host1_complete_get_my_roles (skel, inv, caller_uid (inv), (const char * const *) list);
  return TRUE;
}

static gboolean
handle_get_host_info (XnHost1               *skel,
                      GDBusMethodInvocation *inv,
                      XnHostd               *self)
{
  XnBackendInfo info;
  GVariantBuilder b;

  RETURN_IF_REFUSED (XN_ROLE_VIEW, NULL);
  xn_backend_get_info (self->backend, &info);
  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", "hostname",
                         g_variant_new_string (self->host ? xn_object_get_name (XN_OBJECT (self->host))
                                                          : g_get_host_name ()));
  g_variant_builder_add (&b, "{sv}", "backend", g_variant_new_string (self->options->backend));
  g_variant_builder_add (&b, "{sv}", "hypervisor", g_variant_new_string (info.hypervisor ? info.hypervisor : ""));
  g_variant_builder_add (&b, "{sv}", "guard", g_variant_new_boolean (info.guard));
  g_variant_builder_add (&b, "{sv}", "guard-message", g_variant_new_string (info.guard_message ? info.guard_message : ""));
  g_variant_builder_add (&b, "{sv}", "cpus", g_variant_new_uint32 (info.cpus));
  g_variant_builder_add (&b, "{sv}", "memory-kib", g_variant_new_uint64 (info.memory_kib));
  g_variant_builder_add (&b, "{sv}", "free-memory-kib", g_variant_new_uint64 (info.free_memory_kib));
  g_variant_builder_add (&b, "{sv}", "daemon-version", g_variant_new_string (PACKAGE_VERSION));
  g_variant_builder_add (&b, "{sv}", "started", g_variant_new_int64 (self->started));
  xn_backend_info_clear (&info);
  xn_host1_complete_get_host_info (skel, inv, g_variant_builder_end (&b));
  return TRUE;
}

static gboolean
handle_get_hardware (XnHost1               *skel,
                     GDBusMethodInvocation *inv,
                     XnHostd               *self)
{
  GVariantBuilder b;

  RETURN_IF_REFUSED (XN_ROLE_VIEW, NULL);
  g_variant_builder_init (&b, G_VARIANT_TYPE ("aa{sv}"));
  if (self->host != NULL)
    {
      XnObjectList *hw = xn_host_get_hardware (self->host);

      for (guint i = 0; i < xn_object_list_get_n_items (hw); i++)
        g_variant_builder_add_value (&b, xn_device_to_vardict (xn_object_list_get (hw, i)));
    }
  xn_host1_complete_get_hardware (skel, inv, g_variant_builder_end (&b));
  return TRUE;
}

static const char *
kind_name (XnDomainKind k)
{
  return k == XN_DOMAIN_KIND_ROOT ? "root" : k == XN_DOMAIN_KIND_SERVICE ? "service" : "user";
}

static gboolean
handle_get_domains (XnHost1               *skel,
                    GDBusMethodInvocation *inv,
                    XnHostd               *self)
{
  g_autoptr(GPtrArray) doms = NULL;
  g_autoptr(GPtrArray) counts = NULL;
  g_autoptr(GHashTable) stored = g_hash_table_new (g_str_hash, g_str_equal);
  GVariantBuilder b;

  RETURN_IF_REFUSED (XN_ROLE_VIEW, NULL);
  doms = xn_backend_list_domains (self->backend);
  /* A domain's violations are what the store holds for it, or the
   * guard's own count when that is higher (records a domain made beyond
   * its share of the ring are counted, not stored); a real hypervisor's
   * backend reports no per-domain count of its own. */
  counts = xn_store_count_violations (self->store, NULL, NULL);
  for (guint i = 0; counts != NULL && i < counts->len; i++)
    {
      XnViolationCounts *c = g_ptr_array_index (counts, i);

      if (c->domain_uuid != NULL)
        g_hash_table_insert (stored, c->domain_uuid, c);
    }
  g_variant_builder_init (&b, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < doms->len; i++)
    {
      XnBackendDomain *bd = g_ptr_array_index (doms, i);
      XnDomain *dom = find_domain (self, bd->uuid);
      XnTag *tag = dom ? domain_tag (dom) : NULL;
      XnSecLabel *label = dom ? xn_domain_get_sec_label (dom) : NULL;
      XnProfile *prof = label ? xn_sec_label_get_profile (label) : NULL;
      XnEnclave *enc = dom ? xn_domain_get_enclave (dom) : NULL;
      const XnPlanDomain *pd;
      GVariantBuilder d;

      g_variant_builder_init (&d, G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&d, "{sv}", "uuid", g_variant_new_string (bd->uuid));
      g_variant_builder_add (&d, "{sv}", "name", g_variant_new_string (bd->name));
      g_variant_builder_add (&d, "{sv}", "domid", g_variant_new_int32 (bd->domid));
      g_variant_builder_add (&d, "{sv}", "state", g_variant_new_string (xn_domain_state_to_string (bd->state)));
      g_variant_builder_add (&d, "{sv}", "kind", g_variant_new_string (dom ? kind_name (xn_domain_get_kind (dom)) : "user"));
      g_variant_builder_add (&d, "{sv}", "enclave", g_variant_new_string (enc ? xn_object_get_name (XN_OBJECT (enc)) : ""));
      g_variant_builder_add (&d, "{sv}", "tag", g_variant_new_string (tag ? xn_object_get_name (XN_OBJECT (tag)) : ""));
      g_variant_builder_add (&d, "{sv}", "profile", g_variant_new_string (prof ? xn_object_get_name (XN_OBJECT (prof)) : ""));
      g_variant_builder_add (&d, "{sv}", "memory-kib", g_variant_new_uint64 (bd->memory_kib));
      g_variant_builder_add (&d, "{sv}", "vcpus", g_variant_new_uint32 (bd->vcpus));
      {
        XnViolationCounts *c = g_hash_table_lookup (stored, bd->uuid);
        guint64 n = MAX (bd->violations, c ? c->total : 0);

        g_variant_builder_add (&d, "{sv}", "violations", g_variant_new_uint32 ((guint32) MIN (n, G_MAXUINT32)));
      }
      if (self->plan != NULL && (pd = xn_plan_find_domain (self->plan, bd->uuid)) != NULL)
        g_variant_builder_add (&d, "{sv}", "max-violations", g_variant_new_uint32 (pd->max_violations));
      g_variant_builder_add_value (&b, g_variant_builder_end (&d));
    }
  xn_host1_complete_get_domains (skel, inv, g_variant_builder_end (&b));
  return TRUE;
}

/* Audits a lifecycle call's outcome and answers it. */
static void
lifecycle_done (XnHostd               *self,
                GDBusMethodInvocation *inv,
                const char            *name,
                const GError          *error)
{
  const char *method = g_dbus_method_invocation_get_method_name (inv);

  if (error != NULL)
    {
      /* A domain in the wrong state for the call (Start on a running
       * one) is the caller's conflict, not a failure of the backend. */
      int code = error->domain != XN_BACKEND_ERROR ? XN_HOSTD_ERROR_BACKEND
                 : error->code == XN_BACKEND_ERROR_STATE ? XN_HOSTD_ERROR_CONFLICT
                 : error->code == XN_BACKEND_ERROR_NOT_FOUND ? XN_HOSTD_ERROR_NOT_FOUND
                 : XN_HOSTD_ERROR_BACKEND;

      audit (self, caller_uid (inv), method, name, "failed", error->message);
      g_dbus_method_invocation_return_error_literal (inv, XN_HOSTD_ERROR, code, error->message);
      return;
    }
  audit (self, caller_uid (inv), method, name, "ok", NULL);
  g_dbus_method_invocation_return_value (inv, NULL);
}

typedef struct
{
  XnHostd               *self;
  GDBusMethodInvocation *inv;
  char                  *name;
} StartData;

static void
start_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  StartData *data = user_data;
  g_autoptr(GError) error = NULL;

  xn_backend_start_domain_finish (XN_BACKEND (source), result, &error);
  lifecycle_done (data->self, data->inv, data->name, error);
  g_object_unref (data->self);
  g_object_unref (data->inv);
  g_free (data->name);
  g_free (data);
}

static void
autostart_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autofree char *name = user_data;
  g_autoptr(GError) error = NULL;

  if (!xn_backend_start_domain_finish (XN_BACKEND (source), result, &error))
    g_warning ("Cannot autostart “%s”: %s", name, error->message);
}

static gboolean
lifecycle (XnHostd               *self,
           GDBusMethodInvocation *inv,
           const char            *key,
           XnDomainState          target,
           gboolean               graceful)
{
  const char *method = g_dbus_method_invocation_get_method_name (inv);
  g_autoptr(GError) error = NULL;
  g_autofree char *why = NULL;
  XnDomain *dom;

  RETURN_IF_REFUSED (XN_ROLE_SYSADMIN, key);
  RETURN_IF_NO_SPACE (key);
  dom = find_domain (self, key);
  if (dom == NULL)
    {
      audit (self, caller_uid (inv), method, key, "failed", "no such domain");
      g_dbus_method_invocation_return_error (inv, XN_HOSTD_ERROR, XN_HOSTD_ERROR_NOT_FOUND,
                                             _("No domain “%s” on this host"), key);
      return TRUE;
    }
  if (target == XN_DOMAIN_STATE_RUNNING && graceful
      && (why = exclusive_conflict (self, dom)) != NULL)
    {
      audit (self, caller_uid (inv), method, xn_object_get_name (XN_OBJECT (dom)), "refused", why);
      g_dbus_method_invocation_return_error_literal (inv, XN_HOSTD_ERROR, XN_HOSTD_ERROR_CONFLICT, why);
      return TRUE;
    }
  if (target == XN_DOMAIN_STATE_RUNNING && graceful)
    {
      StartData *data = g_new0 (StartData, 1);

      /* A start may take seconds (xl create): answer when it is done and
       * keep serving meanwhile. */
      data->self = g_object_ref (self);
      data->inv = g_object_ref (inv);
      data->name = g_strdup (xn_object_get_name (XN_OBJECT (dom)));
      xn_backend_start_domain_async (self->backend, xn_object_get_uuid (XN_OBJECT (dom)), NULL,
                                     start_done_cb, data);
      return TRUE;
    }
  if (!xn_backend_domain_op (self->backend, xn_object_get_uuid (XN_OBJECT (dom)), target, graceful, &error))
    {
      lifecycle_done (self, inv, xn_object_get_name (XN_OBJECT (dom)), error);
      return TRUE;
    }
  lifecycle_done (self, inv, xn_object_get_name (XN_OBJECT (dom)), NULL);
  return TRUE;
}

static gboolean
handle_start_domain (XnHost1 *skel, GDBusMethodInvocation *inv, const char *d, XnHostd *self)
{
  return lifecycle (self, inv, d, XN_DOMAIN_STATE_RUNNING, TRUE);
}

static gboolean
handle_shutdown_domain (XnHost1 *skel, GDBusMethodInvocation *inv, const char *d, XnHostd *self)
{
  return lifecycle (self, inv, d, XN_DOMAIN_STATE_STOPPED, TRUE);
}

static gboolean
handle_destroy_domain (XnHost1 *skel, GDBusMethodInvocation *inv, const char *d, XnHostd *self)
{
  return lifecycle (self, inv, d, XN_DOMAIN_STATE_STOPPED, FALSE);
}

static gboolean
handle_pause_domain (XnHost1 *skel, GDBusMethodInvocation *inv, const char *d, XnHostd *self)
{
  return lifecycle (self, inv, d, XN_DOMAIN_STATE_PAUSED, TRUE);
}

static gboolean
handle_unpause_domain (XnHost1 *skel, GDBusMethodInvocation *inv, const char *d, XnHostd *self)
{
  return lifecycle (self, inv, d, XN_DOMAIN_STATE_RUNNING, FALSE);
}

static GVariant *
bytes_variant (GBytes *bytes)
{
  gsize len = 0;
  gconstpointer data = bytes ? g_bytes_get_data (bytes, &len) : NULL;

  return g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, data ? data : "", len, 1);
}

static gboolean
handle_get_policy (XnHost1               *skel,
                   GDBusMethodInvocation *inv,
                   XnHostd               *self)
{
  RETURN_IF_REFUSED (XN_ROLE_VIEW, NULL);
  xn_host1_complete_get_policy (skel, inv,
                                self->policy ? xn_policy_get_serial (self->policy) : 0,
                                self->policy ? xn_object_get_name (XN_OBJECT (self->policy)) : "",
                                self->signer ? self->signer : "",
                                self->applied,
                                bytes_variant (self->document));
  return TRUE;
}

/* @error as a client sees it: under the API's own error names, and
 * without the database's path, which is the administrator's business
 * (the log keeps the whole message). */
static GError *
client_error (XnHostd      *self,
              const GError *error)
{
  g_autoptr(GString) text = NULL;
  int code = XN_HOSTD_ERROR_FAILED;

  if (error->domain == XN_HOSTD_ERROR)
    return g_error_copy (error);
  if (error->domain == XN_STORE_ERROR && error->code == XN_STORE_ERROR_INVALID)
    code = XN_HOSTD_ERROR_INVALID_ARGUMENT;
  else if (error->domain == XN_STORE_ERROR && error->code == XN_STORE_ERROR_NOT_FOUND)
    code = XN_HOSTD_ERROR_NOT_FOUND;
  else if (error->domain == XN_BACKEND_ERROR)
    code = XN_HOSTD_ERROR_BACKEND;
  else
    g_warning ("%s", error->message);
  text = g_string_new (error->message);
  if (self->store != NULL)
    g_string_replace (text, xn_store_get_path (self->store), _("the store"), 0);
  return g_error_new_literal (XN_HOSTD_ERROR, code, text->str);
}

static gboolean
handle_push_policy (XnHost1               *skel,
                    GDBusMethodInvocation *inv,
                    GVariant              *document,
                    gboolean               dry_run,
                    XnHostd               *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GVariant) summary = NULL;
  g_autofree char *diff = NULL;
  const char *method = dry_run ? "PushPolicy(dry-run)" : "PushPolicy";
  gboolean audited = FALSE, ok;
  Actor actor;

  RETURN_IF_REFUSED (XN_ROLE_SECADMIN, "policy");
  if (!dry_run)
    RETURN_IF_NO_SPACE ("policy");
  bytes = g_variant_get_data_as_bytes (document);
  actor_init (self, &actor, caller_uid (inv));
  ok = push_policy (self, &actor, bytes, dry_run, FALSE, NULL, &diff, &summary, &audited, &error);
  actor_clear (&actor);
  if (!ok)
    {
      if (!audited)
        audit (self, caller_uid (inv), method, "policy",
               error->code == XN_HOSTD_ERROR_POLICY_REFUSED ? "refused" : "failed", error->message);
      g_dbus_method_invocation_take_error (inv, client_error (self, error));
      return TRUE;
    }
  if (!audited)
    audit (self, caller_uid (inv), method, "policy", "ok", "dry run");
  xn_host1_complete_push_policy (skel, inv, diff, summary);
  if (!dry_run)
    xn_host1_emit_policy_changed (skel, xn_policy_get_serial (self->policy));
  return TRUE;
}

static gboolean
check_limit (GDBusMethodInvocation *inv,
             guint                  limit)
{
  if (limit >= 1 && limit <= MAX_PAGE)
    return TRUE;
  g_dbus_method_invocation_return_error (inv, XN_HOSTD_ERROR, XN_HOSTD_ERROR_INVALID_ARGUMENT,
                                         _("limit must be between 1 and %u, not %u"), MAX_PAGE, limit);
  return FALSE;
}

/* The store keeps the guard's action values as they are. */
G_STATIC_ASSERT ((int) XN_STORE_ACTION_LOG == XNG_ACTION_LOG);
G_STATIC_ASSERT ((int) XN_STORE_ACTION_PAUSE == XNG_ACTION_PAUSE);
G_STATIC_ASSERT ((int) XN_STORE_ACTION_DESTROY == XNG_ACTION_DESTROY);

static const char *
action_name (guint action)
{
  switch (action)
    {
    case XNG_ACTION_LOG: return "log";
    case XNG_ACTION_PAUSE: return "pause";
    case XNG_ACTION_DESTROY: return "destroy";
    default: return "";
    }
}

static void
return_store_error (XnHostd               *self,
                    GDBusMethodInvocation *inv,
                    const GError          *error)
{
  g_dbus_method_invocation_take_error (inv, client_error (self, error));
}

/* A page of violation rows as the API returns them: at most @limit rows
 * and the reply's byte budget; *@more if rows were left. */
static GVariant *
violation_rows_variant (XnHostd   *self,
                        GPtrArray *rows,
                        guint      limit,
                        guint64   *last,
                        gboolean  *more)
{
  GVariantBuilder b;
  gsize bytes = 0;

  *more = rows->len > limit;
  g_variant_builder_init (&b, G_VARIANT_TYPE ("a(txssutsssb)"));
  for (guint i = 0; i < rows->len && i < limit; i++)
    {
      XnViolation *v = g_ptr_array_index (rows, i);

      bytes += 64 + strlen (v->domain_uuid) + (v->domain_name ? strlen (v->domain_name) : 0)
               + (v->info ? strlen (v->info) : 0);
      if (bytes > self->reply_max_bytes && i > 0)
        {
          *more = TRUE;
          break;
        }
      g_variant_builder_add (&b, "(txssutsssb)", v->seq, v->time, v->domain_uuid,
                             v->domain_name ? v->domain_name : v->domain_uuid,
                             (guint32) v->hcall, (guint64) (v->subop < 0 ? 0 : v->subop),
                             xng_verdict_reason ((guint) v->reason),
                             v->info ? v->info : "", action_name (v->action),
                             v->viewed);
      *last = v->seq;
    }
  return g_variant_builder_end (&b);
}

static gboolean
handle_get_violations (XnHost1               *skel,
                       GDBusMethodInvocation *inv,
                       guint64                since,
                       guint                  limit,
                       XnHostd               *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  GVariant *page;
  guint64 last = since;
  gboolean more;

  RETURN_IF_REFUSED (XN_ROLE_MONITOR | XN_ROLE_SECADMIN, NULL);
  if (!check_limit (inv, limit))
    return TRUE;
  /* One row more than asked tells whether another page follows. */
  rows = xn_store_get_violations (self->store, since, limit + 1, FALSE, &error);
  if (rows == NULL)
    {
      return_store_error (self, inv, error);
      return TRUE;
    }
  page = violation_rows_variant (self, rows, limit, &last, &more);
  xn_host1_complete_get_violations (skel, inv, page, last, more);
  return TRUE;
}

/* An auditor reads what a Clear archived: the same rows as
 * GetViolations, from the archived prefix of the log. */
static gboolean
handle_get_archived_violations (XnHost1               *skel,
                                GDBusMethodInvocation *inv,
                                guint64                since,
                                guint                  limit,
                                XnHostd               *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  GVariant *page;
  guint64 last = since;
  gboolean more;

  RETURN_IF_REFUSED (XN_ROLE_MONITOR, NULL);
  if (!check_limit (inv, limit))
    return TRUE;
  rows = xn_store_get_archived_violations (self->store, since, limit + 1, &error);
  if (rows == NULL)
    {
      return_store_error (self, inv, error);
      return TRUE;
    }
  page = violation_rows_variant (self, rows, limit, &last, &more);
  xn_host1_complete_get_archived_violations (skel, inv, page, last, more);
  return TRUE;
}

static gboolean
handle_propose_profile (XnHost1               *skel,
                        GDBusMethodInvocation *inv,
                        const char            *key,
                        XnHostd               *self)
{
  XnDomain *dom;
  XnSecLabel *label;
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GArray) calls = g_array_new (FALSE, FALSE, sizeof (XnObservedCall));
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(XnProfile) learned = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  GVariantBuilder b;

  RETURN_IF_REFUSED (XN_ROLE_MONITOR | XN_ROLE_SECADMIN, key);
  dom = find_domain (self, key);
  if (dom == NULL)
    {
      g_dbus_method_invocation_return_error (inv, XN_HOSTD_ERROR, XN_HOSTD_ERROR_NOT_FOUND,
                                             _("No domain “%s” on this host"), key);
      return TRUE;
    }
  counts = xn_store_count_calls (self->store, xn_object_get_uuid (XN_OBJECT (dom)), &error);
  if (counts == NULL)
    {
      return_store_error (self, inv, error);
      return TRUE;
    }
  g_variant_builder_init (&b, G_VARIANT_TYPE ("a(utt)"));
  for (guint i = 0; i < counts->len; i++)
    {
      const XnCallCount *c = &g_array_index (counts, XnCallCount, i);
      XnObservedCall o = { c->hcall, c->subop, c->count };

      g_array_append_val (calls, o);
      g_variant_builder_add (&b, "(utt)", (guint32) c->hcall, c->subop, c->count);
    }
  label = xn_domain_get_sec_label (dom);
  learned = xn_profile_learn (label ? xn_sec_label_get_profile (label) : NULL,
                              (const XnObservedCall *) calls->data, calls->len, changes);
  xml = xn_profile_to_xml (learned);
  g_ptr_array_add (changes, NULL);
  xn_host1_complete_propose_profile (skel, inv, xml, (const char * const *) changes->pdata,
                                     g_variant_builder_end (&b));
  return TRUE;
}

static gboolean
handle_mark_viewed (XnHost1               *skel,
                    GDBusMethodInvocation *inv,
                    GVariant              *seqs,
                    XnHostd               *self)
{
  g_autoptr(GError) error = NULL;
  gsize n = 0;
  const guint64 *list;
  guint64 marked = 0;
  Actor actor;
  gboolean ok;

  RETURN_IF_REFUSED (XN_ROLE_MONITOR, NULL);
  RETURN_IF_NO_SPACE ("violations");
  list = g_variant_get_fixed_array (seqs, &n, sizeof (guint64));
  if (n > MAX_PAGE)
    {
      g_dbus_method_invocation_return_error (inv, XN_HOSTD_ERROR, XN_HOSTD_ERROR_INVALID_ARGUMENT,
                                             _("At most %u violations can be marked at once, not %"
                                               G_GSIZE_FORMAT), MAX_PAGE, n);
      return TRUE;
    }
  actor_init (self, &actor, caller_uid (inv));
  ok = xn_store_mark_viewed_seqs (self->store, &actor.actor, list, (guint) n, &marked, &error);
  actor_clear (&actor);
  if (!ok)
    return_store_error (self, inv, error);
  else
    xn_host1_complete_mark_viewed (skel, inv, (guint) marked);
  return TRUE;
}

static gboolean
handle_clear_violations (XnHost1               *skel,
                         GDBusMethodInvocation *inv,
                         guint64                up_to,
                         XnHostd               *self)
{
  g_autoptr(GError) error = NULL;
  guint64 n = 0;
  Actor actor;
  gboolean ok;

  RETURN_IF_REFUSED (XN_ROLE_SECADMIN, "violations");
  RETURN_IF_NO_SPACE ("violations");
  if (up_to == 0)
    up_to = xn_store_get_last_seq (self->store);
  actor_init (self, &actor, caller_uid (inv));
  ok = xn_store_clear_violations (self->store, &actor.actor, up_to, &n, &error);
  actor_clear (&actor);
  if (!ok)
    return_store_error (self, inv, error);
  else
    xn_host1_complete_clear_violations (skel, inv, (guint) MIN (n, G_MAXUINT32));
  return TRUE;
}

static gboolean
handle_get_performance (XnHost1               *skel,
                        GDBusMethodInvocation *inv,
                        XnHostd               *self)
{
  GVariantBuilder b;

  RETURN_IF_REFUSED (XN_ROLE_VIEW, NULL);
  g_variant_builder_init (&b, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < self->latest->len; i++)
    g_variant_builder_add_value (&b, g_ptr_array_index (self->latest, i));
  xn_host1_complete_get_performance (skel, inv, self->latest_time, g_variant_builder_end (&b),
                                     self->latest_enclaves ? self->latest_enclaves
                                                           : g_variant_new ("aa{sv}", NULL),
                                     self->latest_tags ? self->latest_tags
                                                       : g_variant_new ("aa{sv}", NULL));
  return TRUE;
}

static const char *const tier_names[] = { "5s", "1m", "1h", "1d" };

static gboolean
handle_get_performance_history (XnHost1               *skel,
                                GDBusMethodInvocation *inv,
                                const char            *tier,
                                gint64                 from,
                                gint64                 to,
                                const char            *subject,
                                XnHostd               *self)
{
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  GVariantBuilder b;
  const char *key = subject;
  XnDomain *dom;
  guint t;

  RETURN_IF_REFUSED (XN_ROLE_VIEW, NULL);
  for (t = 0; t < G_N_ELEMENTS (tier_names) && !g_str_equal (tier, tier_names[t]); t++)
    ;
  if (t == G_N_ELEMENTS (tier_names))
    {
      g_dbus_method_invocation_return_error (inv, XN_HOSTD_ERROR, XN_HOSTD_ERROR_INVALID_ARGUMENT,
                                             _("Unknown tier “%s”: use 5s, 1m, 1h or 1d"), tier);
      return TRUE;
    }
  if (g_str_equal (subject, "host"))
    key = NULL;
  else if ((dom = find_domain (self, subject)) != NULL)
    key = xn_object_get_uuid (XN_OBJECT (dom));
  else
    {
      g_dbus_method_invocation_return_error (inv, XN_HOSTD_ERROR, XN_HOSTD_ERROR_NOT_FOUND,
                                             _("No domain “%s” on this host (the host total is “host”)"),
                                             subject);
      return TRUE;
    }
  rows = xn_store_get_history (self->store, key, t, from, to, &error);
  if (rows == NULL)
    {
      return_store_error (self, inv, error);
      return TRUE;
    }
  g_variant_builder_init (&b, G_VARIANT_TYPE ("a(xa{sd})"));
  for (guint i = 0; i < rows->len; i++)
    {
      XnPerfSample *s = &g_array_index (rows, XnPerfSample, i);
      GVariantBuilder m;

      g_variant_builder_init (&m, G_VARIANT_TYPE ("a{sd}"));
      g_variant_builder_add (&m, "{sd}", "cpu-percent", s->cpu_percent);
      g_variant_builder_add (&m, "{sd}", "cpu-percent-max", s->cpu_max);
      g_variant_builder_add (&m, "{sd}", "memory-kib", s->memory_bytes / 1024.0);
      g_variant_builder_add (&m, "{sd}", "net-rx-bps", s->net_rx);
      g_variant_builder_add (&m, "{sd}", "net-tx-bps", s->net_tx);
      g_variant_builder_add (&m, "{sd}", "disk-read-bps", s->disk_read);
      g_variant_builder_add (&m, "{sd}", "disk-write-bps", s->disk_write);
      g_variant_builder_add (&m, "{sd}", "hypercalls-per-s", s->hypercalls);
      g_variant_builder_add (&m, "{sd}", "hypercalls-per-s-max", s->hypercalls_max);
      g_variant_builder_add (&m, "{sd}", "violations-per-s", s->violations);
      g_variant_builder_add (&m, "{sd}", "violations-per-s-max", s->violations_max);
      g_variant_builder_add (&m, "{sd}", "samples", (double) s->n_samples);
      g_variant_builder_add (&b, "(xa{sd})", s->time, &m);
    }
  xn_host1_complete_get_performance_history (skel, inv, g_variant_builder_end (&b));
  return TRUE;
}

static gboolean
handle_get_audit_log (XnHost1               *skel,
                      GDBusMethodInvocation *inv,
                      guint64                since,
                      guint                  limit,
                      XnHostd               *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  GVariantBuilder b;
  guint64 last = since;
  gsize bytes = 0;
  gboolean more;

  RETURN_IF_REFUSED (XN_ROLE_MONITOR, NULL);
  if (!check_limit (inv, limit))
    return TRUE;
  rows = xn_store_get_audit (self->store, since, limit + 1, TRUE, &error);
  if (rows == NULL)
    {
      return_store_error (self, inv, error);
      return TRUE;
    }
  more = rows->len > limit;
  g_variant_builder_init (&b, G_VARIANT_TYPE ("a(txusssss)"));
  for (guint i = 0; i < rows->len && i < limit; i++)
    {
      XnAuditRecord *r = g_ptr_array_index (rows, i);

      bytes += 64 + (r->actor_name ? strlen (r->actor_name) : 0) + strlen (r->action)
               + (r->object ? strlen (r->object) : 0) + (r->detail ? strlen (r->detail) : 0);
      if (bytes > self->reply_max_bytes && i > 0)
        {
          more = TRUE;
          break;
        }

      g_variant_builder_add (&b, "(txusssss)", r->seq, r->time,
                             r->actor_uid < 0 || r->actor_uid > G_MAXUINT32 ? G_MAXUINT32 : (guint32) r->actor_uid,
                             r->actor_name ? r->actor_name : "", r->action,
                             r->object ? r->object : "", result_to_string (r->result),
                             r->detail ? r->detail : "");
      last = r->seq;
    }
  xn_host1_complete_get_audit_log (skel, inv, g_variant_builder_end (&b), last, more);
  return TRUE;
}

/* VerifyAudit walks the whole chain (seconds on a large store): in a
 * thread, on a read-only connection of its own, one at a time per caller,
 * cancelled when the caller goes. */
typedef struct
{
  XnHostd               *self;
  GDBusMethodInvocation *inv;
  guint                  uid;
  char                  *db;
  GCancellable          *cancellable;
  guint64                rows;
  guint64                bad;
} VerifyJob;

static void
verify_job_free (VerifyJob *job)
{
  g_object_unref (job->self);
  g_object_unref (job->inv);
  g_object_unref (job->cancellable);
  g_free (job->db);
  g_free (job);
}

static void
verify_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  VerifyJob *job = data;
  g_autoptr(XnStore) store = xn_store_open_reader (job->db, NULL);
  GError *error = NULL;

  if (store == NULL)
    {
      /* Same words as the chain walk would give, with no path in them. */
      g_task_return_new_error (task, XN_STORE_ERROR, XN_STORE_ERROR_FAILED, "%s",
                               _("cannot open the audit log to verify it"));
      return;
    }
  if (!xn_store_verify_chain_full (store, cancellable, &job->rows, &job->bad, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
verify_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  XnHostd *self = XN_HOSTD (source);
  VerifyJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  g_hash_table_remove (self->verifying, GUINT_TO_POINTER (job->uid));
  /* Each reply below takes the invocation's reference; the job's own
   * goes with the job. */
  if (g_task_propagate_boolean (G_TASK (result), &error))
    xn_host1_complete_verify_audit (self->skeleton, job->inv, TRUE, job->rows, "");
  else if (g_error_matches (error, XN_STORE_ERROR, XN_STORE_ERROR_CHAIN_BROKEN))
    {
      g_autoptr(GString) text = g_string_new (error->message);

      g_string_replace (text, job->db, _("the store"), 0);
      xn_host1_complete_verify_audit (self->skeleton, job->inv, FALSE,
                                      job->bad > 0 ? job->bad - 1 : 0, text->str);
    }
  else
    g_dbus_method_invocation_take_error (job->inv, client_error (self, error));
}

static gboolean
handle_verify_audit (XnHost1               *skel,
                     GDBusMethodInvocation *inv,
                     XnHostd               *self)
{
  g_autoptr(GTask) task = NULL;
  VerifyJob *job;
  guint uid = caller_uid (inv);

  RETURN_IF_REFUSED (XN_ROLE_MONITOR, NULL);
  if (g_hash_table_contains (self->verifying, GUINT_TO_POINTER (uid)))
    {
      g_dbus_method_invocation_return_error (inv, XN_HOSTD_ERROR, XN_HOSTD_ERROR_CONFLICT,
                                             _("A verification of the audit log you asked for is "
                                               "still running: wait for its answer"));
      return TRUE;
    }
  job = g_new0 (VerifyJob, 1);
  job->self = g_object_ref (self);
  job->inv = g_object_ref (inv);
  job->uid = uid;
  job->db = g_strdup (xn_store_get_path (self->store));
  job->cancellable = g_cancellable_new ();
  g_hash_table_insert (self->verifying, GUINT_TO_POINTER (uid), job);
  task = g_task_new (self, job->cancellable, verify_done_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) verify_job_free);
  g_task_run_in_thread (task, verify_thread);
  return TRUE;
}

static gboolean
handle_get_guard_statistics (XnHost1               *skel,
                             GDBusMethodInvocation *inv,
                             XnHostd               *self)
{
  XnBackendInfo info;
  GVariantBuilder b;

  RETURN_IF_REFUSED (XN_ROLE_VIEW, NULL);
  xn_backend_get_info (self->backend, &info);
  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", "serial", g_variant_new_uint64 (info.blob_serial));
  g_variant_builder_add (&b, "{sv}", "blob-size", g_variant_new_uint32 (info.blob_size));
  g_variant_builder_add (&b, "{sv}", "domains", g_variant_new_uint32 (info.blob_domains));
  g_variant_builder_add (&b, "{sv}", "profiles", g_variant_new_uint32 (info.blob_profiles));
  g_variant_builder_add (&b, "{sv}", "hypercalls", g_variant_new_uint64 (info.hypercalls));
  g_variant_builder_add (&b, "{sv}", "denied", g_variant_new_uint64 (info.denied));
  g_variant_builder_add (&b, "{sv}", "violations", g_variant_new_uint64 (info.violations));
  g_variant_builder_add (&b, "{sv}", "dropped", g_variant_new_uint64 (info.dropped));
  /* The mode as the hypervisor says now; the simulated guard always
   * enforces. */
  g_variant_builder_add (&b, "{sv}", "enforcing",
                         g_variant_new_boolean (info.guard && (info.guard_mode == NULL
                                                               || g_str_equal (info.guard_mode, "enforcing"))));
  if (info.guard_mode != NULL)
    g_variant_builder_add (&b, "{sv}", "mode", g_variant_new_string (info.guard_mode));
  xn_backend_info_clear (&info);
  xn_host1_complete_get_guard_statistics (skel, inv, g_variant_builder_end (&b));
  return TRUE;
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
  g_clear_pointer (&self->latest, g_ptr_array_unref);
  g_clear_pointer (&self->latest_enclaves, g_variant_unref);
  g_clear_pointer (&self->latest_tags, g_variant_unref);
  g_clear_pointer (&self->refusals, g_hash_table_unref);
  g_clear_pointer (&self->verifying, g_hash_table_unref);

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
  self->prev_counters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) xn_backend_domain_free);
  self->latest = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  self->refusals = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->verifying = g_hash_table_new (NULL, NULL);
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
      g_autofree char *run_dir = g_path_get_dirname (self->options->socket_path);
      g_autofree char *ports_dir = g_build_filename (run_dir, "ports", NULL);

      self->ovs = xn_ovs_new (self->options->ovs_db, self->options->ovs_datapath);
      xn_ovs_set_ports_dir (self->ovs, ports_dir);
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
#define H(sig, fn) g_signal_connect (self->skeleton, "handle-" sig, G_CALLBACK (fn), self)
  H ("get-my-roles", handle_get_my_roles);
  H ("get-host-info", handle_get_host_info);
  H ("get-hardware", handle_get_hardware);
  H ("get-domains", handle_get_domains);
  H ("start-domain", handle_start_domain);
  H ("shutdown-domain", handle_shutdown_domain);
  H ("destroy-domain", handle_destroy_domain);
  H ("pause-domain", handle_pause_domain);
  H ("unpause-domain", handle_unpause_domain);
  H ("get-policy", handle_get_policy);
  H ("push-policy", handle_push_policy);
  H ("get-violations", handle_get_violations);
  H ("mark-viewed", handle_mark_viewed);
  H ("clear-violations", handle_clear_violations);
  H ("get-performance", handle_get_performance);
  H ("get-performance-history", handle_get_performance_history);
  H ("get-audit-log", handle_get_audit_log);
  H ("verify-audit", handle_verify_audit);
  H ("propose-profile", handle_propose_profile);
  H ("get-archived-violations", handle_get_archived_violations);
  H ("get-guard-statistics", handle_get_guard_statistics);
#undef H

  if (!boot_policy (self, error))
    return FALSE;
  {
    g_auto(GStrv) autostart = g_key_file_get_string_list (self->options->config, "sim", "autostart", NULL, NULL);

    for (guint i = 0; autostart != NULL && autostart[i] != NULL; i++)
      {
        XnDomain *dom = find_domain (self, autostart[i]);

        g_autofree char *why = NULL;

        if (dom == NULL)
          g_warning ("Cannot autostart “%s”: no such domain", autostart[i]);
        else if ((why = exclusive_conflict (self, dom)) != NULL)
          /* Autostart obeys the lifecycle rules like any start. */
          g_warning ("Not autostarting “%s”: %s", autostart[i], why);
        else
          xn_backend_start_domain_async (self->backend, xn_object_get_uuid (XN_OBJECT (dom)), NULL,
                                         autostart_cb, g_strdup (autostart[i]));
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

    self->drain_id = g_timeout_add (batch_ms > 0 ? (guint) batch_ms : DEFAULT_BATCH_MS, drain_cb, self);
  }
  self->sample_id = g_timeout_add (self->options->sample_ms, sample_cb, self);
  sample_cb (self);
  g_message ("Listening on %s (backend %s)", self->options->socket_path, self->options->backend);
  return TRUE;
}

void
xn_hostd_stop (XnHostd *self)
{
  g_return_if_fail (XN_IS_HOSTD (self));

  g_clear_handle_id (&self->drain_id, g_source_remove);
  g_clear_handle_id (&self->sample_id, g_source_remove);
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
  g_print (_("The audit chain verifies: %" G_GUINT64_FORMAT " rows\n"), rows);
  return 0;
}
