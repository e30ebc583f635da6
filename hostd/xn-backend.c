/* xn-backend.c: the hypervisor behind xenon-hostd
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One interface for the simulated host and for real Xen, as
 * power-profiles-daemon keeps its drivers behind PpdDriver: the daemon
 * never knows which one it drives.  The signal "domain-state-changed"
 * (uuid, state) tells the daemon of changes it did not ask for, such as a
 * domain paused by a max-violation action.
 */

#define G_LOG_DOMAIN "xn-backend"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xn-backend.h"

enum {
  STATE_CHANGED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

typedef struct
{
  XnPlan *plan;   /* the running plan, for what a backend needs of it */
} XnBackendPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (XnBackend, xn_backend, G_TYPE_OBJECT)

G_DEFINE_QUARK (xn-backend-error-quark, xn_backend_error)

static void
default_start_domain_async (XnBackend           *self,
                            const char          *uuid,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (task, default_start_domain_async);
  if (xn_backend_domain_op (self, uuid, XN_DOMAIN_STATE_RUNNING, TRUE, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static gboolean
default_start_domain_finish (XnBackend     *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
default_migrate_domain_async (XnBackend           *self,
                              const char          *uuid,
                              const char          *target_name,
                              const char          *address,
                              guint                port,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_task_report_new_error (self, callback, user_data, default_migrate_domain_async,
                           XN_BACKEND_ERROR, XN_BACKEND_ERROR_UNAVAILABLE,
                           _("This host’s backend cannot migrate domains"));
}

static void
xn_backend_finalize (GObject *object)
{
  XnBackendPrivate *priv = xn_backend_get_instance_private (XN_BACKEND (object));

  g_clear_pointer (&priv->plan, xn_plan_unref);

  G_OBJECT_CLASS (xn_backend_parent_class)->finalize (object);
}

static void
xn_backend_class_init (XnBackendClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = xn_backend_finalize;
  klass->start_domain_async = default_start_domain_async;
  klass->start_domain_finish = default_start_domain_finish;
  klass->migrate_domain_async = default_migrate_domain_async;
  klass->migrate_domain_finish = default_start_domain_finish;

  signals [STATE_CHANGED] =
    g_signal_new ("domain-state-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT);
}

static void
xn_backend_init (XnBackend *self)
{
}

void
xn_backend_domain_free (XnBackendDomain *domain)
{
  if (domain == NULL)
    return;
  g_free (domain->name);
  g_free (domain);
}

void
xn_backend_info_clear (XnBackendInfo *info)
{
  g_clear_pointer (&info->hypervisor, g_free);
  g_clear_pointer (&info->guard_message, g_free);
}

const char *
xn_domain_state_to_string (XnDomainState state)
{
  switch (state)
    {
    case XN_DOMAIN_STATE_RUNNING:
      return "running";
    case XN_DOMAIN_STATE_PAUSED:
      return "paused";
    case XN_DOMAIN_STATE_CRASHED:
      return "crashed";
    case XN_DOMAIN_STATE_STOPPED:
    default:
      return "stopped";
    }
}

gboolean
xn_backend_start (XnBackend  *self,
                  GError    **error)
{
  g_return_val_if_fail (XN_IS_BACKEND (self), FALSE);
  return XN_BACKEND_GET_CLASS (self)->start (self, error);
}

gboolean
xn_backend_set_host (XnBackend  *self,
                     XnPolicy   *policy,
                     XnHost     *host,
                     GError    **error)
{
  g_return_val_if_fail (XN_IS_BACKEND (self), FALSE);
  return XN_BACKEND_GET_CLASS (self)->set_host (self, policy, host, error);
}

/**
 * xn_backend_list_domains:
 *
 * Returns: (transfer full) (element-type XnBackendDomain): every domain
 */
GPtrArray *
xn_backend_list_domains (XnBackend *self)
{
  g_return_val_if_fail (XN_IS_BACKEND (self), NULL);
  return XN_BACKEND_GET_CLASS (self)->list_domains (self);
}

/**
 * xn_backend_sample_domains:
 *
 * Every domain, as xn_backend_list_domains() gives it, with its network
 * and disk counters too.  These cost far more to read on real Xen (every
 * backend device of every domain), so only the performance sample asks.
 *
 * Returns: (transfer full) (element-type XnBackendDomain): every domain
 */
GPtrArray *
xn_backend_sample_domains (XnBackend *self)
{
  XnBackendClass *klass;

  g_return_val_if_fail (XN_IS_BACKEND (self), NULL);
  klass = XN_BACKEND_GET_CLASS (self);
  return klass->sample_domains != NULL ? klass->sample_domains (self) : klass->list_domains (self);
}

gboolean
xn_backend_domain_op (XnBackend      *self,
                      const char     *uuid,
                      XnDomainState   target,
                      gboolean        graceful,
                      GError        **error)
{
  g_return_val_if_fail (XN_IS_BACKEND (self), FALSE);
  return XN_BACKEND_GET_CLASS (self)->domain_op (self, uuid, target, graceful, error);
}

gboolean
xn_backend_load_blob (XnBackend  *self,
                      GBytes     *blob,
                      GError    **error)
{
  g_return_val_if_fail (XN_IS_BACKEND (self), FALSE);
  return XN_BACKEND_GET_CLASS (self)->load_blob (self, blob, error);
}

/**
 * xn_backend_get_blob:
 *
 * Returns: (transfer full) (nullable): the blob in force
 */
GBytes *
xn_backend_get_blob (XnBackend *self)
{
  g_return_val_if_fail (XN_IS_BACKEND (self), NULL);
  return XN_BACKEND_GET_CLASS (self)->get_blob (self);
}

guint
xn_backend_drain_violations (XnBackend            *self,
                             struct xng_violation *out,
                             guint                 max,
                             guint64              *dropped)
{
  guint64 unused;

  g_return_val_if_fail (XN_IS_BACKEND (self), 0);
  return XN_BACKEND_GET_CLASS (self)->drain_violations (self, out, max,
                                                        dropped ? dropped : &unused);
}

void
xn_backend_get_info (XnBackend     *self,
                     XnBackendInfo *info)
{
  g_return_if_fail (XN_IS_BACKEND (self));
  memset (info, 0, sizeof *info);
  XN_BACKEND_GET_CLASS (self)->get_info (self, info);
}

/* Starts the domain @uuid of the running plan; see start_domain_async in
 * XnBackendClass. */
void
xn_backend_start_domain_async (XnBackend           *self,
                               const char          *uuid,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (XN_IS_BACKEND (self));

  XN_BACKEND_GET_CLASS (self)->start_domain_async (self, uuid, cancellable, callback, user_data);
}

gboolean
xn_backend_start_domain_finish (XnBackend     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (XN_IS_BACKEND (self), FALSE);

  return XN_BACKEND_GET_CLASS (self)->start_domain_finish (self, result, error);
}

/* Moves the running domain @uuid to the host @target_name, whose SSH
 * server is at @address:@port; see migrate_domain_async in
 * XnBackendClass. */
void
xn_backend_migrate_domain_async (XnBackend           *self,
                                 const char          *uuid,
                                 const char          *target_name,
                                 const char          *address,
                                 guint                port,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (XN_IS_BACKEND (self));

  XN_BACKEND_GET_CLASS (self)->migrate_domain_async (self, uuid, target_name, address, port,
                                                     cancellable, callback, user_data);
}

gboolean
xn_backend_migrate_domain_finish (XnBackend     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (XN_IS_BACKEND (self), FALSE);

  return XN_BACKEND_GET_CLASS (self)->migrate_domain_finish (self, result, error);
}

/* Whether the domain @uuid runs here (running, paused or crashed: Xen
 * holds it). */
gboolean
xn_backend_find_running (XnBackend  *self,
                         const char *uuid)
{
  g_autoptr(GPtrArray) doms = xn_backend_list_domains (self);

  for (guint i = 0; i < doms->len; i++)
    {
      XnBackendDomain *bd = g_ptr_array_index (doms, i);

      if (g_str_equal (bd->uuid, uuid))
        return bd->state != XN_DOMAIN_STATE_STOPPED;
    }
  return FALSE;
}

/* The daemon hands every plan it puts in force to the backend. */
void
xn_backend_set_plan (XnBackend *self,
                     XnPlan    *plan)
{
  XnBackendPrivate *priv = xn_backend_get_instance_private (self);

  g_return_if_fail (XN_IS_BACKEND (self));

  if (plan != NULL)
    xn_plan_ref (plan);
  g_clear_pointer (&priv->plan, xn_plan_unref);
  priv->plan = plan;
}

/* (transfer none) (nullable) */
XnPlan *
xn_backend_get_plan (XnBackend *self)
{
  XnBackendPrivate *priv = xn_backend_get_instance_private (self);

  g_return_val_if_fail (XN_IS_BACKEND (self), NULL);

  return priv->plan;
}

void
xn_backend_emit_state (XnBackend     *self,
                       const char    *uuid,
                       XnDomainState  state)
{
  g_signal_emit (self, signals [STATE_CHANGED], 0, uuid, (int) state);
}

XnBackend *
xn_backend_new (const char  *name,
                GKeyFile    *config,
                GError     **error)
{
  if (g_strcmp0 (name, "sim") == 0)
    return xn_backend_sim_new (config);
  if (g_strcmp0 (name, "xenctrl") == 0)
    return xn_backend_xenctrl_new (config);
  g_set_error (error, XN_BACKEND_ERROR, XN_BACKEND_ERROR_UNAVAILABLE,
               _("Unknown backend “%s”: use “sim” or “xenctrl”"), name);
  return NULL;
}

/* Helpers the backends share. */

gboolean
xn_hostd_parse_uuid (const char *text,
                     guint8      out[16])
{
  guint n = 0;

  if (text == NULL)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      int hi, lo;

      if (*p == '-')
        continue;
      if (n == 16 || (hi = g_ascii_xdigit_value (p[0])) < 0
          || (lo = g_ascii_xdigit_value (p[1])) < 0)
        return FALSE;
      out[n++] = (guint8) (hi << 4 | lo);
      p++;
    }
  return n == 16;
}

void
xn_hostd_foreach_domain (XnHost   *host,
                         GFunc     func,
                         gpointer  user_data)
{
  XnObjectList *roots = xn_host_get_root_domains (host);
  XnObjectList *enclaves = xn_host_get_enclaves (host);

  for (guint i = 0; i < xn_object_list_get_n_items (roots); i++)
    func (xn_object_list_get (roots, i), user_data);
  for (guint e = 0; e < xn_object_list_get_n_items (enclaves); e++)
    {
      XnObjectList *doms = xn_enclave_get_domains (xn_object_list_get (enclaves, e));

      for (guint i = 0; i < xn_object_list_get_n_items (doms); i++)
        func (xn_object_list_get (doms, i), user_data);
    }
}

/* Every domain the policy lets run on @host: its own (as
 * xn_hostd_foreach_domain()), then those that may migrate in. */
void
xn_hostd_foreach_placed_domain (XnPolicy *policy,
                                XnHost   *host,
                                GFunc     func,
                                gpointer  user_data)
{
  g_autoptr(GPtrArray) visiting = xn_policy_dup_visiting_domains (policy, host);

  xn_hostd_foreach_domain (host, func, user_data);
  g_ptr_array_foreach (visiting, func, user_data);
}
