/* xn-hostd-methods.c: the D-Bus methods
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One handler per org.xenonvmm.Host1 method: each checks the caller's role,
 * does the work and audits it.
 */

#define G_LOG_DOMAIN "xn-hostd"

#include "config.h"

#include <glib/gi18n-lib.h>

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

#define MAX_PAGE 10000

/* ---- D-Bus methods ---- */


static gboolean
handle_get_my_roles (XnHost1               *skel,
                     GDBusMethodInvocation *inv,
                     XnHostd               *self)
{
  guint roles = _xn_hostd_caller_roles (self, inv);
  g_autofree char *text = xn_hostd_roles_to_string (roles);
  g_auto(GStrv) list = g_strsplit (text, ",", -1);

  if (*text == '\0')
    {
      g_clear_pointer (&list, g_strfreev);
      list = g_new0 (char *, 1);
    }
  xn_host1_complete_get_my_roles (skel, inv, _xn_hostd_caller_uid (inv), (const char * const *) list);
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
      XnDomain *dom = _xn_hostd_find_domain (self, bd->uuid);
      XnTag *tag = dom ? _xn_hostd_domain_tag (dom) : NULL;
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
      g_variant_builder_add (&d, "{sv}", "label", g_variant_new_string (label ? xn_object_get_uuid (XN_OBJECT (label)) : ""));
      g_variant_builder_add (&d, "{sv}", "home", g_variant_new_boolean (dom == NULL || xn_domain_get_host (dom) == self->host));
      if (dom != NULL)
        {
          g_auto(GStrv) targets = _xn_hostd_migration_targets (self, dom);

          g_variant_builder_add (&d, "{sv}", "migrate-to", g_variant_new_strv ((const char * const *) targets, -1));
        }
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

      _xn_hostd_audit (self, _xn_hostd_caller_uid (inv), method, name, "failed", error->message);
      g_dbus_method_invocation_return_error_literal (inv, XN_HOSTD_ERROR, code, error->message);
      return;
    }
  _xn_hostd_audit (self, _xn_hostd_caller_uid (inv), method, name, "ok", NULL);
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

void
_xn_hostd_autostart_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autofree char *name = user_data;
  g_autoptr(GError) error = NULL;

  if (!xn_backend_start_domain_finish (XN_BACKEND (source), result, &error))
    g_warning ("Cannot autostart “%s”: %s", name, error->message);
}

gboolean
_xn_hostd_lifecycle (XnHostd               *self,
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
  dom = _xn_hostd_find_domain (self, key);
  if (dom == NULL)
    {
      _xn_hostd_audit (self, _xn_hostd_caller_uid (inv), method, key, "failed", "no such domain");
      g_dbus_method_invocation_return_error (inv, XN_HOSTD_ERROR, XN_HOSTD_ERROR_NOT_FOUND,
                                             _("No domain “%s” on this host"), key);
      return TRUE;
    }
  if (target == XN_DOMAIN_STATE_RUNNING && graceful && xn_domain_get_host (dom) != self->host)
    {
      /* Started here and at home, it would run twice on one disk. */
      why = g_strdup_printf (_("Domain “%s” belongs to host “%s”: it may come here only by "
                               "migration"), xn_object_get_name (XN_OBJECT (dom)),
                             xn_object_get_name (XN_OBJECT (xn_domain_get_host (dom))));
      _xn_hostd_audit (self, _xn_hostd_caller_uid (inv), method, xn_object_get_name (XN_OBJECT (dom)), "refused", why);
      g_dbus_method_invocation_return_error_literal (inv, XN_HOSTD_ERROR, XN_HOSTD_ERROR_CONFLICT, why);
      return TRUE;
    }
  if (target == XN_DOMAIN_STATE_RUNNING && graceful
      && (why = _xn_hostd_exclusive_conflict (self, dom)) != NULL)
    {
      _xn_hostd_audit (self, _xn_hostd_caller_uid (inv), method, xn_object_get_name (XN_OBJECT (dom)), "refused", why);
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
  return _xn_hostd_lifecycle (self, inv, d, XN_DOMAIN_STATE_RUNNING, TRUE);
}

static gboolean
handle_shutdown_domain (XnHost1 *skel, GDBusMethodInvocation *inv, const char *d, XnHostd *self)
{
  return _xn_hostd_lifecycle (self, inv, d, XN_DOMAIN_STATE_STOPPED, TRUE);
}

static gboolean
handle_destroy_domain (XnHost1 *skel, GDBusMethodInvocation *inv, const char *d, XnHostd *self)
{
  return _xn_hostd_lifecycle (self, inv, d, XN_DOMAIN_STATE_STOPPED, FALSE);
}

static gboolean
handle_pause_domain (XnHost1 *skel, GDBusMethodInvocation *inv, const char *d, XnHostd *self)
{
  return _xn_hostd_lifecycle (self, inv, d, XN_DOMAIN_STATE_PAUSED, TRUE);
}

static gboolean
handle_unpause_domain (XnHost1 *skel, GDBusMethodInvocation *inv, const char *d, XnHostd *self)
{
  return _xn_hostd_lifecycle (self, inv, d, XN_DOMAIN_STATE_RUNNING, FALSE);
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
  _xn_hostd_actor_init (self, &actor, _xn_hostd_caller_uid (inv));
  ok = _xn_hostd_push_policy (self, &actor, bytes, dry_run, FALSE, NULL, &diff, &summary, &audited, &error);
  _xn_hostd_actor_clear (&actor);
  if (!ok)
    {
      if (!audited)
        _xn_hostd_audit (self, _xn_hostd_caller_uid (inv), method, "policy",
                         error->code == XN_HOSTD_ERROR_POLICY_REFUSED ? "refused" : "failed", error->message);
      g_dbus_method_invocation_take_error (inv, client_error (self, error));
      return TRUE;
    }
  if (!audited)
    _xn_hostd_audit (self, _xn_hostd_caller_uid (inv), method, "policy", "ok", "dry run");
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
  dom = _xn_hostd_find_domain (self, key);
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
                                             _("At most %u violations can be marked at once, not %zu"),
                                             MAX_PAGE, n);
      return TRUE;
    }
  _xn_hostd_actor_init (self, &actor, _xn_hostd_caller_uid (inv));
  ok = xn_store_mark_viewed_seqs (self->store, &actor.actor, list, (guint) n, &marked, &error);
  _xn_hostd_actor_clear (&actor);
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
  _xn_hostd_actor_init (self, &actor, _xn_hostd_caller_uid (inv));
  ok = xn_store_clear_violations (self->store, &actor.actor, up_to, &n, &error);
  _xn_hostd_actor_clear (&actor);
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
  else if ((dom = _xn_hostd_find_domain (self, subject)) != NULL)
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
                             r->object ? r->object : "", _xn_hostd_result_to_string (r->result),
                             r->detail ? r->detail : "");
      last = r->seq;
    }
  xn_host1_complete_get_audit_log (skel, inv, g_variant_builder_end (&b), last, more);
  return TRUE;
}

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
  guint uid = _xn_hostd_caller_uid (inv);

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


/* Each Host1 method is answered by its handler here. */
void
_xn_hostd_methods_connect (XnHostd *self)
{
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
  _xn_hostd_migrate_connect (self);
}
