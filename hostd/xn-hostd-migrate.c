/* xn-hostd-migrate.c: moving a running domain between two Xenon hosts
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A sysadmin's client asks both hosts, each under its own policy in
 * force: first the target (AcceptMigration) judges the arrival — the
 * domain placed there with the label it has on the source, nothing passed
 * through, no exclusive conflict with what runs there now — then the
 * source (MigrateDomain) judges the departure by its own policy and runs
 * Xen's live migration over SSH.  The target's guard already holds the
 * domain's profile (the compiler puts every domain that may come into a
 * host's blob), so it is enforced from its first instruction there.  Both
 * hosts audit their half.
 */

#define G_LOG_DOMAIN "xenon-hostd"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "xn-hostd-private.h"

/* NULL if the policy in force here lets @dom run on @host without taking
 * anything of another host along; else why not. */
static char *
placement_refusal (XnHostd  *self,
                   XnDomain *dom,
                   XnHost   *host)
{
  const char *name = xn_object_get_name (XN_OBJECT (dom));

  if (!xn_policy_places_domain (self->policy, dom, host))
    return g_strdup_printf (_("the policy in force (serial %" PRIu64 ") does not place "
                              "domain “%s” on host “%s”: it is neither its own host nor in its "
                              "mayRunOn list"),
                            (uint64_t) xn_policy_get_serial (self->policy), name,
                            xn_object_get_name (XN_OBJECT (host)));
  if (xn_object_list_get_n_items (xn_domain_get_pci_devices (dom)) > 0)
    return g_strdup_printf (_("domain “%s” has PCI devices passed through: they stay with "
                              "their host"), name);
  return NULL;
}

/* Refuses @inv with @code, audited under @what: "refused" by a rule,
 * "failed" for a domain or host that is not there (as a lifecycle call
 * on an unknown domain is). */
static void
refuse (XnHostd               *self,
        GDBusMethodInvocation *inv,
        const char            *what,
        int                    code,
        const char            *why)
{
  _xn_hostd_audit (self, _xn_hostd_caller_uid (inv), g_dbus_method_invocation_get_method_name (inv),
                   what, code == XN_HOSTD_ERROR_NOT_FOUND ? "failed" : "refused", why);
  g_dbus_method_invocation_return_error_literal (inv, XN_HOSTD_ERROR, code, why);
}

/* The domain of the policy in force with UUID @uuid on any host. */
static XnDomain *
lookup_any_domain (XnHostd    *self,
                   const char *uuid)
{
  XnObject *obj = self->policy != NULL ? xn_policy_lookup (self->policy, uuid) : NULL;

  return obj != NULL && XN_IS_DOMAIN (obj) ? XN_DOMAIN (obj) : NULL;
}

static gboolean
handle_accept_migration (XnHost1               *skel,
                         GDBusMethodInvocation *inv,
                         const char            *uuid,
                         const char            *label_uuid,
                         const char            *source,
                         XnHostd               *self)
{
  g_autofree char *what = NULL;
  g_autofree char *why = NULL;
  XnSecLabel *label;
  XnDomain *dom;

  RETURN_IF_REFUSED (XN_ROLE_SYSADMIN, uuid);
  RETURN_IF_NO_SPACE (uuid);
  if (!g_uuid_string_is_valid (uuid) || (*label_uuid != '\0' && !g_uuid_string_is_valid (label_uuid)))
    {
      g_dbus_method_invocation_return_error (inv, XN_HOSTD_ERROR, XN_HOSTD_ERROR_INVALID_ARGUMENT,
                                             _("AcceptMigration takes the domain’s and its label’s UUIDs"));
      return TRUE;
    }
  if (self->host == NULL || (dom = lookup_any_domain (self, uuid)) == NULL)
    {
      why = g_strdup_printf (_("the policy in force here does not name domain %s"), uuid);
      refuse (self, inv, uuid, XN_HOSTD_ERROR_NOT_FOUND, why);
      return TRUE;
    }
  what = g_strdup_printf ("%s from %s", xn_object_get_name (XN_OBJECT (dom)), source);
  label = xn_domain_get_sec_label (dom);
  if ((why = placement_refusal (self, dom, self->host)) != NULL)
    refuse (self, inv, what, XN_HOSTD_ERROR_CONFLICT, why);
  else if (g_strcmp0 (label ? xn_object_get_uuid (XN_OBJECT (label)) : "", label_uuid) != 0)
    {
      why = g_strdup_printf (_("domain “%s” has security label “%s” here but %s on “%s”: the "
                               "policies in force differ"),
                             xn_object_get_name (XN_OBJECT (dom)),
                             label ? xn_object_get_name (XN_OBJECT (label)) : _("none"),
                             *label_uuid ? label_uuid : _("none"), source);
      refuse (self, inv, what, XN_HOSTD_ERROR_CONFLICT, why);
    }
  else if (xn_backend_find_running (self->backend, uuid))
    {
      why = g_strdup_printf (_("domain “%s” already runs here"), xn_object_get_name (XN_OBJECT (dom)));
      refuse (self, inv, what, XN_HOSTD_ERROR_CONFLICT, why);
    }
  else if ((why = _xn_hostd_exclusive_conflict (self, dom)) != NULL)
    refuse (self, inv, what, XN_HOSTD_ERROR_CONFLICT, why);
  else
    {
      _xn_hostd_audit (self, _xn_hostd_caller_uid (inv), "AcceptMigration", what, "ok", NULL);
      xn_host1_complete_accept_migration (skel, inv, xn_policy_get_serial (self->policy));
    }
  return TRUE;
}

typedef struct
{
  XnHostd               *self;
  GDBusMethodInvocation *inv;
  char                  *what;
  gint64                 started;
} MigrateData;

static void
migrate_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  MigrateData *data = user_data;
  g_autoptr(GError) error = NULL;
  guint uid = _xn_hostd_caller_uid (data->inv);

  if (!xn_backend_migrate_domain_finish (XN_BACKEND (source), result, &error))
    {
      _xn_hostd_audit (data->self, uid, "MigrateDomain", data->what, "failed", error->message);
      g_dbus_method_invocation_return_error_literal (data->inv, XN_HOSTD_ERROR, XN_HOSTD_ERROR_BACKEND,
                                                     error->message);
    }
  else
    {
      g_autofree char *detail = g_strdup_printf (_("took %.1f s"),
                                                 (g_get_monotonic_time () - data->started) / 1e6);

      _xn_hostd_audit (data->self, uid, "MigrateDomain", data->what, "ok", detail);
      g_dbus_method_invocation_return_value (data->inv, NULL);
    }
  g_object_unref (data->self);
  g_object_unref (data->inv);
  g_free (data->what);
  g_free (data);
}

static gboolean
handle_migrate_domain (XnHost1               *skel,
                       GDBusMethodInvocation *inv,
                       const char            *key,
                       const char            *target_name,
                       XnHostd               *self)
{
  g_autofree char *why = NULL;
  g_autofree char *what = NULL;
  MigrateData *data;
  XnHost *target;
  XnDomain *dom;

  RETURN_IF_REFUSED (XN_ROLE_SYSADMIN, key);
  RETURN_IF_NO_SPACE (key);
  dom = _xn_hostd_find_domain (self, key);
  if (dom == NULL)
    {
      why = g_strdup_printf (_("no domain “%s” on this host"), key);
      refuse (self, inv, key, XN_HOSTD_ERROR_NOT_FOUND, why);
      return TRUE;
    }
  what = g_strdup_printf ("%s to %s", xn_object_get_name (XN_OBJECT (dom)), target_name);
  target = xn_policy_find_host_by_name (self->policy, target_name);
  if (target == NULL)
    why = g_strdup_printf (_("the policy in force here has no host “%s”"), target_name);
  else if (target == self->host)
    why = g_strdup_printf (_("domain “%s” already runs on “%s”"),
                           xn_object_get_name (XN_OBJECT (dom)), target_name);
  else if (!xn_backend_find_running (self->backend, xn_object_get_uuid (XN_OBJECT (dom))))
    why = g_strdup_printf (_("domain “%s” does not run here"), xn_object_get_name (XN_OBJECT (dom)));
  else if (xn_host_get_address (target) == NULL)
    why = g_strdup_printf (_("host “%s” has no address in the policy"), target_name);
  else
    why = placement_refusal (self, dom, target);
  if (why != NULL)
    {
      refuse (self, inv, what, target == NULL ? XN_HOSTD_ERROR_NOT_FOUND : XN_HOSTD_ERROR_CONFLICT, why);
      return TRUE;
    }
  data = g_new0 (MigrateData, 1);
  data->what = g_steal_pointer (&what);
  data->self = g_object_ref (self);
  data->inv = g_object_ref (inv);
  data->started = g_get_monotonic_time ();
  /* Seconds to minutes (the guest's memory crosses the network): answer
   * when it is done and keep serving meanwhile. */
  xn_backend_migrate_domain_async (self->backend, xn_object_get_uuid (XN_OBJECT (dom)),
                                   xn_object_get_name (XN_OBJECT (target)),
                                   xn_host_get_address (target), xn_host_get_ssh_port (target),
                                   NULL, migrate_done_cb, data);
  return TRUE;
}

/* Names of the other hosts the policy in force lets @dom run on: its own
 * host if that is not this one, and its mayRunOn hosts but this one. */
GStrv
_xn_hostd_migration_targets (XnHostd  *self,
                             XnDomain *dom)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_auto(GStrv) uuids = xn_domain_dup_may_run_on_hosts (dom);
  XnHost *home = xn_domain_get_host (dom);

  if (xn_object_list_get_n_items (xn_domain_get_pci_devices (dom)) > 0)
    return g_strv_builder_end (b);
  if (home != NULL && home != self->host && uuids[0] != NULL)
    g_strv_builder_add (b, xn_object_get_name (XN_OBJECT (home)));
  for (guint i = 0; uuids[i] != NULL; i++)
    {
      XnObject *h = xn_policy_lookup (self->policy, uuids[i]);

      if (h != NULL && XN_IS_HOST (h) && XN_HOST (h) != self->host)
        g_strv_builder_add (b, xn_object_get_name (h));
    }
  return g_strv_builder_end (b);
}

void
_xn_hostd_migrate_connect (XnHostd *self)
{
  g_signal_connect (self->skeleton, "handle-accept-migration", G_CALLBACK (handle_accept_migration), self);
  g_signal_connect (self->skeleton, "handle-migrate-domain", G_CALLBACK (handle_migrate_domain), self);
}
