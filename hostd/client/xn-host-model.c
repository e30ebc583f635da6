/* xn-host-model.c: what the app knows of one host, kept current
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One per XnRemoteHost (xn_remote_host_get_model()), with no GTK in it:
 * the host's domains and its audit log as list models of XnLiveRow,
 * refreshed from the daemon's signals rather than on a view's timer or
 * its Refresh button. Every view of the host binds to these lists, so
 * Home, the Hosts tree and All Hosts cannot disagree about a figure.
 *
 * The host's facts (GetHostInfo) and its PCI hardware (GetHardware) are
 * here too, and the domains' lifecycle acts, so that no view calls the
 * proxy for them.  So are the reads and acts a view asks for when it
 * wants them (performance, guard statistics, the audit chain check,
 * cleared violations, a proposed profile, a push): the daemon has no
 * signal for those figures, so the model does not hold them, but it
 * starts the call, drops the D-Bus error name from a refusal and says
 * "not connected" the same way for all.
 *
 * A burst of signals (violations arrive many a second) costs one
 * GetDomains, one GetAuditLog and one GetHostInfo (free memory moves with
 * the domains): refreshes are coalesced over
 * REFRESH_DELAY_MS. Domain rows are updated in place (same objects,
 * items-changed per changed row) so a selection in a view survives.
 * The audit log is fetched incrementally from the last seq seen and
 * kept newest first.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xn-host-list.h"
#include "xn-host-model.h"
#include "xn-host-model-private.h"

#define REFRESH_DELAY_MS 250
#define AUDIT_PAGE       10000

struct _XnHostModel
{
  GObject       parent_instance;

  /* Borrowed: the host owns this model. */
  XnRemoteHost *host;
  gulong        state_id;

  /* Owned references */
  XnHost1      *proxy;
  gulong        proxy_ids[3];
  GCancellable *cancel;
  GListStore   *domains;
  GListStore   *audit;
  GListStore   *hardware;
  GVariant     *info;
  GVariant     *policy;    /* GetPolicy's reply, (tssxay) */
  char         *error;

  guint64       audit_last;
  guint         refresh_id;
  guint         audit_busy : 1;
  guint         audit_again : 1;
  guint         audit_loaded : 1;
};

G_DEFINE_FINAL_TYPE (XnHostModel, xn_host_model, G_TYPE_OBJECT)

enum { PROP_0, PROP_AUDIT_LOADED, PROP_ERROR, PROP_INFO, PROP_POLICY, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void fetch_audit (XnHostModel *self);
static void refresh_live (XnHostModel *self);
static void queue_refresh (XnHostModel *self);

/* A task for a call on the host, or NULL (the task already failed) when
 * the host is not connected. */
GTask *
_xn_host_task_new (gpointer             source_object,
                   XnRemoteHost        *host,
                   XnHost1             *proxy,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data,
                   gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (source_object, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  if (proxy == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, _("%s is not connected"),
                               host != NULL ? xn_remote_host_get_name (host) : "");
      return NULL;
    }
  return g_steal_pointer (&task);
}

/* A refusal in the daemon's words, without the D-Bus error name. */
void
_xn_host_task_return_error (GTask  *task,
                            GError *error)
{
  g_dbus_error_strip_remote_error (error);
  g_task_return_error (task, error);
}

static GTask *
start_call (XnHostModel         *self,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data,
            gpointer             source_tag)
{
  return _xn_host_task_new (self, self->host, self->proxy, cancellable, callback, user_data, source_tag);
}

static void
set_error (XnHostModel *self,
           const char  *what,
           GError      *error)
{
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    {
      g_dbus_error_strip_remote_error (error);
      text = g_strdup_printf ("%s: %s", what, error->message);
    }
  if (g_strcmp0 (text, self->error) == 0)
    return;
  g_free (self->error);
  self->error = g_steal_pointer (&text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
set_audit_loaded (XnHostModel *self,
                  gboolean     loaded)
{
  if (self->audit_loaded == !!loaded)
    return;
  self->audit_loaded = !!loaded;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUDIT_LOADED]);
}

/* Domains */

static gboolean
same_order (GListModel *shown,
            GPtrArray  *fresh)
{
  if (g_list_model_get_n_items (shown) != fresh->len)
    return FALSE;
  for (guint i = 0; i < fresh->len; i++)
    {
      g_autoptr(XnLiveRow) row = g_list_model_get_item (shown, i);

      if (g_strcmp0 (xn_live_row_get_string (row, "uuid"),
                     xn_live_row_get_string (g_ptr_array_index (fresh, i), "uuid")) != 0)
        return FALSE;
    }
  return TRUE;
}

static void
domains_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(XnHostModel) self = data;
  g_autoptr(GVariant) domains = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *shown = G_LIST_MODEL (self->domains);
  GVariantIter iter;
  GVariant *d;

  if (!xn_host1_call_get_domains_finish (XN_HOST1 (source), &domains, result, &error))
    {
      set_error (self, _("Domains"), error);
      return;
    }
  g_variant_iter_init (&iter, domains);
  while ((d = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_ptr_array_add (fresh, xn_live_row_new (d));
      g_variant_unref (d);   /* the row took its own reference */
    }

  if (same_order (shown, fresh))
    {
      for (guint i = 0; i < fresh->len; i++)
        {
          g_autoptr(XnLiveRow) row = g_list_model_get_item (shown, i);

          if (xn_live_row_update (row, g_ptr_array_index (fresh, i)))
            g_list_model_items_changed (shown, i, 1, 1);
        }
      return;
    }
  /* Keep the objects of domains still there, so views keep them. */
  for (guint i = 0; i < fresh->len; i++)
    {
      XnLiveRow *row = g_ptr_array_index (fresh, i);
      XnLiveRow *old = xn_host_model_find_domain (self, xn_live_row_get_string (row, "uuid"));

      if (old != NULL)
        {
          xn_live_row_update (old, row);
          g_ptr_array_index (fresh, i) = old;   /* takes find_domain's reference */
          g_object_unref (row);
        }
    }
  g_list_store_splice (self->domains, 0, g_list_model_get_n_items (shown), fresh->pdata, fresh->len);
}

/* Facts and hardware */

static void
set_info (XnHostModel *self,
          GVariant    *info)
{
  if (info == self->info || (info != NULL && self->info != NULL && g_variant_equal (info, self->info)))
    return;
  g_clear_pointer (&self->info, g_variant_unref);
  self->info = info != NULL ? g_variant_ref_sink (info) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INFO]);
}

static void
set_policy (XnHostModel *self,
            GVariant    *policy)
{
  if (policy == self->policy || (policy != NULL && self->policy != NULL && g_variant_equal (policy, self->policy)))
    return;
  g_clear_pointer (&self->policy, g_variant_unref);
  self->policy = policy != NULL ? g_variant_ref_sink (policy) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLICY]);
}

static void
policy_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(XnHostModel) self = data;
  g_autoptr(GVariant) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL, *signer = NULL;
  guint64 serial = 0;
  gint64 applied = 0;

  if (!xn_host1_call_get_policy_finish (XN_HOST1 (source), &serial, &name, &signer, &applied,
                                        &document, result, &error))
    {
      set_error (self, _("Running policy"), error);
      return;
    }
  set_policy (self, g_variant_new ("(tssx@ay)", serial, name, signer, applied, document));
}

static void
fetch_policy (XnHostModel *self)
{
  if (self->proxy != NULL)
    xn_host1_call_get_policy (self->proxy, self->cancel, policy_cb, g_object_ref (self));
}

static void
policy_changed_cb (XnHostModel *self)
{
  fetch_policy (self);
  queue_refresh (self);
}

static void
info_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(XnHostModel) self = data;
  g_autoptr(GVariant) info = NULL;
  g_autoptr(GError) error = NULL;

  if (!xn_host1_call_get_host_info_finish (XN_HOST1 (source), &info, result, &error))
    {
      set_error (self, _("Host facts"), error);
      return;
    }
  set_info (self, info);
}

static void
fill_hardware (XnHostModel *self,
               GVariant    *devices)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  GVariantIter iter;
  GVariant *row;

  g_variant_iter_init (&iter, devices);
  while ((row = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_ptr_array_add (items, xn_live_row_new (row));
      g_variant_unref (row);
    }
  g_list_store_splice (self->hardware, 0, g_list_model_get_n_items (G_LIST_MODEL (self->hardware)),
                       items->pdata, items->len);
}

static void
hardware_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(XnHostModel) self = data;
  g_autoptr(GVariant) devices = NULL;
  g_autoptr(GError) error = NULL;

  if (!xn_host1_call_get_hardware_finish (XN_HOST1 (source), &devices, result, &error))
    {
      set_error (self, _("Hardware"), error);
      return;
    }
  fill_hardware (self, devices);
}

/* Audit log */

static void
audit_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  g_autoptr(XnHostModel) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) rows = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint64 last = 0;
  gboolean more = FALSE;
  GVariantIter iter;
  guint64 seq;
  gint64 time;
  guint32 uid;
  const char *user, *action, *target, *res, *detail;

  self->audit_busy = FALSE;
  if (!xn_host1_call_get_audit_log_finish (XN_HOST1 (source), &rows, &last, &more, result, &error))
    {
      set_error (self, _("Audit log"), error);
      return;
    }
  g_variant_iter_init (&iter, rows);
  while (g_variant_iter_next (&iter, "(txu&s&s&s&s&s)", &seq, &time, &uid, &user, &action, &target, &res, &detail))
    {
      GVariantDict d;

      g_variant_dict_init (&d, NULL);
      g_variant_dict_insert (&d, "seq", "t", seq);
      g_variant_dict_insert (&d, "time", "x", time);
      g_variant_dict_insert (&d, "user", "s", *user ? user : "?");
      g_variant_dict_insert (&d, "action", "s", action);
      g_variant_dict_insert (&d, "target", "s", target);
      g_variant_dict_insert (&d, "result", "s", res);
      g_variant_dict_insert (&d, "detail", "s", detail);
      /* Newest first: the audit log grows at the top. */
      g_ptr_array_insert (items, 0, xn_live_row_new (g_variant_dict_end (&d)));
    }
  if (items->len > 0)
    g_list_store_splice (self->audit, 0, 0, items->pdata, items->len);
  self->audit_last = MAX (self->audit_last, last);
  set_audit_loaded (self, TRUE);
  if (more || self->audit_again)
    fetch_audit (self);
}

static void
fetch_audit (XnHostModel *self)
{
  self->audit_again = self->audit_busy;
  if (self->audit_busy || self->proxy == NULL)
    return;
  self->audit_busy = TRUE;
  xn_host1_call_get_audit_log (self->proxy, self->audit_last, AUDIT_PAGE, self->cancel,
                               audit_cb, g_object_ref (self));
}

/* Signals */

static gboolean
refresh_cb (gpointer data)
{
  XnHostModel *self = data;

  self->refresh_id = 0;
  refresh_live (self);
  return G_SOURCE_REMOVE;
}

static void
queue_refresh (XnHostModel *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add (REFRESH_DELAY_MS, refresh_cb, self);
}

static void
detach (XnHostModel *self)
{
  if (self->cancel != NULL)
    g_cancellable_cancel (self->cancel);
  g_clear_object (&self->cancel);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->proxy != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (self->proxy_ids); i++)
      g_clear_signal_handler (&self->proxy_ids[i], self->proxy);
  g_clear_object (&self->proxy);
  self->audit_busy = FALSE;
  self->audit_again = FALSE;
}

static void
state_cb (XnHostModel *self)
{
  XnHost1 *proxy = xn_remote_host_get_state (self->host) == XN_REMOTE_HOST_CONNECTED
                   ? xn_remote_host_get_proxy (self->host) : NULL;

  if (proxy == self->proxy)
    return;
  detach (self);
  /* States and figures of a host we no longer hear from would mislead;
   * a new connection may be to a daemon with another store. */
  g_list_store_remove_all (self->domains);
  g_list_store_remove_all (self->audit);
  g_list_store_remove_all (self->hardware);
  set_info (self, NULL);
  set_policy (self, NULL);
  self->audit_last = 0;
  set_audit_loaded (self, FALSE);
  set_error (self, NULL, NULL);
  if (proxy == NULL)
    return;
  self->proxy = g_object_ref (proxy);
  self->cancel = g_cancellable_new ();
  /* Each lifecycle act, push and violation changes a figure or adds an
   * audit row. */
  self->proxy_ids[0] = g_signal_connect_swapped (proxy, "domain-state-changed", G_CALLBACK (queue_refresh), self);
  self->proxy_ids[1] = g_signal_connect_swapped (proxy, "policy-changed", G_CALLBACK (policy_changed_cb), self);
  self->proxy_ids[2] = g_signal_connect_swapped (proxy, "violations-added", G_CALLBACK (queue_refresh), self);
  xn_host_model_refresh (self);
}

static void
xn_host_model_dispose (GObject *object)
{
  XnHostModel *self = XN_HOST_MODEL (object);

  detach (self);
  if (self->host != NULL)
    g_clear_signal_handler (&self->state_id, self->host);
  self->host = NULL;
  G_OBJECT_CLASS (xn_host_model_parent_class)->dispose (object);
}

static void
xn_host_model_finalize (GObject *object)
{
  XnHostModel *self = XN_HOST_MODEL (object);

  g_clear_object (&self->domains);
  g_clear_object (&self->audit);
  g_clear_object (&self->hardware);
  g_clear_pointer (&self->info, g_variant_unref);
  g_clear_pointer (&self->policy, g_variant_unref);
  g_free (self->error);
  G_OBJECT_CLASS (xn_host_model_parent_class)->finalize (object);
}

static void
xn_host_model_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  XnHostModel *self = XN_HOST_MODEL (object);

  switch (prop_id)
    {
    case PROP_AUDIT_LOADED:
      g_value_set_boolean (value, self->audit_loaded);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_INFO:
      g_value_set_variant (value, self->info);
      break;
    case PROP_POLICY:
      g_value_set_variant (value, self->policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_host_model_class_init (XnHostModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = xn_host_model_dispose;
  object_class->finalize = xn_host_model_finalize;
  object_class->get_property = xn_host_model_get_property;

  /**
   * XnHostModel:audit-loaded:
   *
   * Whether the audit log was read since the connection (an empty list
   * before that means "not read yet", not "no rows").
   */
  properties[PROP_AUDIT_LOADED] =
    g_param_spec_boolean ("audit-loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * XnHostModel:error:
   *
   * The last refresh's failure ("Domains: …"), or %NULL.
   */
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * XnHostModel:info:
   *
   * The host's facts (GetHostInfo's a{sv}: hostname, hypervisor, guard,
   * cpus, memory), or %NULL while not connected or not read yet.
   */
  properties[PROP_INFO] =
    g_param_spec_variant ("info", NULL, NULL, G_VARIANT_TYPE_VARDICT, NULL,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * XnHostModel:policy:
   *
   * The policy in force (GetPolicy's reply as one "(tssxay)": serial,
   * name, signer, when applied, the signed document), read at connection
   * and at each policy-changed signal; %NULL while not connected or not
   * read yet.
   */
  properties[PROP_POLICY] =
    g_param_spec_variant ("policy", NULL, NULL, G_VARIANT_TYPE ("(tssxay)"), NULL,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xn_host_model_init (XnHostModel *self)
{
  self->domains = g_list_store_new (XN_TYPE_LIVE_ROW);
  self->audit = g_list_store_new (XN_TYPE_LIVE_ROW);
  self->hardware = g_list_store_new (XN_TYPE_LIVE_ROW);
}

/**
 * xn_host_model_new:
 * @host: (transfer none): the host, which owns the model
 *
 * Returns: (transfer full): a model following @host's connection
 */
XnHostModel *
xn_host_model_new (XnRemoteHost *host)
{
  XnHostModel *self = g_object_new (XN_TYPE_HOST_MODEL, NULL);

  self->host = host;
  self->state_id = g_signal_connect_swapped (host, "notify::state", G_CALLBACK (state_cb), self);
  state_cb (self);
  return self;
}

/**
 * xn_host_model_get_domains:
 *
 * Returns: (transfer none): the host's domains (GetDomains rows), in the
 *   daemon's order
 */
GListModel *
xn_host_model_get_domains (XnHostModel *self)
{
  g_return_val_if_fail (XN_IS_HOST_MODEL (self), NULL);
  return G_LIST_MODEL (self->domains);
}

/**
 * xn_host_model_get_audit:
 *
 * Returns: (transfer none): the audit log, newest first
 */
GListModel *
xn_host_model_get_audit (XnHostModel *self)
{
  g_return_val_if_fail (XN_IS_HOST_MODEL (self), NULL);
  return G_LIST_MODEL (self->audit);
}

gboolean
xn_host_model_get_audit_loaded (XnHostModel *self)
{
  g_return_val_if_fail (XN_IS_HOST_MODEL (self), FALSE);
  return self->audit_loaded;
}

const char *
xn_host_model_get_error (XnHostModel *self)
{
  g_return_val_if_fail (XN_IS_HOST_MODEL (self), NULL);
  return self->error;
}

/**
 * xn_host_model_find_domain:
 *
 * Returns: (transfer full) (nullable): the row of the domain @uuid
 */
XnLiveRow *
xn_host_model_find_domain (XnHostModel *self,
                           const char  *uuid)
{
  guint n;

  g_return_val_if_fail (XN_IS_HOST_MODEL (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->domains));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XnLiveRow) row = g_list_model_get_item (G_LIST_MODEL (self->domains), i);

      if (g_strcmp0 (xn_live_row_get_string (row, "uuid"), uuid) == 0)
        return g_steal_pointer (&row);
    }
  return NULL;
}

/* What moves with the domains: their rows, new audit rows, free memory. */
static void
refresh_live (XnHostModel *self)
{
  if (self->proxy == NULL)
    return;
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  xn_host1_call_get_domains (self->proxy, self->cancel, domains_cb, g_object_ref (self));
  xn_host1_call_get_host_info (self->proxy, self->cancel, info_cb, g_object_ref (self));
  fetch_audit (self);
}

/**
 * xn_host_model_refresh:
 *
 * Asks the host again for everything the model holds: its domains, audit
 * rows not seen yet, its facts, the policy in force and its hardware
 * (the signals keep all but the hardware current by themselves; a view
 * calls this for a Refresh button).
 */
void
xn_host_model_refresh (XnHostModel *self)
{
  g_return_if_fail (XN_IS_HOST_MODEL (self));

  if (self->proxy == NULL)
    return;
  refresh_live (self);
  fetch_policy (self);
  xn_host1_call_get_hardware (self->proxy, self->cancel, hardware_cb, g_object_ref (self));
}

/**
 * xn_host_model_get_policy:
 *
 * Returns: (transfer none) (nullable): the policy in force, see
 *   #XnHostModel:policy
 */
GVariant *
xn_host_model_get_policy (XnHostModel *self)
{
  g_return_val_if_fail (XN_IS_HOST_MODEL (self), NULL);
  return self->policy;
}

/**
 * xn_host_model_get_hardware:
 *
 * Returns: (transfer none): the host's PCI devices (GetHardware rows),
 *   read at each connection and each xn_host_model_refresh()
 */
GListModel *
xn_host_model_get_hardware (XnHostModel *self)
{
  g_return_val_if_fail (XN_IS_HOST_MODEL (self), NULL);
  return G_LIST_MODEL (self->hardware);
}

/**
 * xn_host_model_get_info:
 *
 * Returns: (transfer none) (nullable): the host's facts, see
 *   #XnHostModel:info
 */
GVariant *
xn_host_model_get_info (XnHostModel *self)
{
  g_return_val_if_fail (XN_IS_HOST_MODEL (self), NULL);
  return self->info;
}

static void
read_hardware_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GTask) task = data;
  XnHostModel *self = g_task_get_source_object (task);
  g_autoptr(GVariant) devices = NULL;
  GError *error = NULL;

  if (!xn_host1_call_get_hardware_finish (XN_HOST1 (source), &devices, result, &error))
    {
      _xn_host_task_return_error (task, error);
      return;
    }
  if (XN_HOST1 (source) == self->proxy)
    fill_hardware (self, devices);
  g_task_return_pointer (task, g_steal_pointer (&devices), (GDestroyNotify) g_variant_unref);
}

/**
 * xn_host_model_read_hardware_async:
 *
 * Reads the host's PCI devices now (for an import into the document:
 * what the host says at this moment, not what it said at connection);
 * xn_host_model_get_hardware() follows. Fails with
 * %G_IO_ERROR_NOT_CONNECTED when the host is not connected.
 */
void
xn_host_model_read_hardware_async (XnHostModel         *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (XN_IS_HOST_MODEL (self));

  task = start_call (self, cancellable, callback, user_data, xn_host_model_read_hardware_async);
  if (task != NULL)
    xn_host1_call_get_hardware (self->proxy, cancellable, read_hardware_cb, task);
}

/**
 * xn_host_model_read_hardware_finish:
 *
 * Returns: (transfer full): the devices, an aa{sv} as GetHardware gives
 *   them, or %NULL with @error set (the daemon's reason, without the
 *   D-Bus error name)
 */
GVariant *
xn_host_model_read_hardware_finish (XnHostModel   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (XN_IS_HOST_MODEL (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Calls a view asks for */

/* The generated xn_host1_call_*() start a plain g_dbus_proxy_call(), so
 * its finish hands back the whole reply, already checked against the
 * method's out arguments by the proxy's interface info: one callback
 * serves every call whose reply the view unpacks itself. */
static void
reply_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;
  GVariant *reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (source), result, &error);

  if (reply == NULL)
    _xn_host_task_return_error (task, error);
  else
    g_task_return_pointer (task, reply, (GDestroyNotify) g_variant_unref);
}

/**
 * xn_host_model_reply_finish:
 * @self: a #XnHostModel
 * @result: the result of one of the calls below
 * @error: the host's refusal (without the D-Bus error name),
 *   %G_IO_ERROR_NOT_CONNECTED, or %G_IO_ERROR_CANCELLED
 *
 * Finishes xn_host_model_read_performance_async(),
 * xn_host_model_read_performance_history_async(),
 * xn_host_model_read_guard_statistics_async(),
 * xn_host_model_verify_audit_async(),
 * xn_host_model_propose_profile_async() and
 * xn_host_model_push_policy_async().
 *
 * Returns: (transfer full) (nullable): the daemon's reply, the method's
 *   out arguments as one tuple (the type each call names)
 */
GVariant *
xn_host_model_reply_finish (XnHostModel   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (XN_IS_HOST_MODEL (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * xn_host_model_read_performance_async:
 *
 * Reads the host's latest performance sample; the reply is
 * GetPerformance's "(xaa{sv}aa{sv}aa{sv})": when, then rows per domain,
 * enclave and tag.  Finish with xn_host_model_reply_finish().
 */
void
xn_host_model_read_performance_async (XnHostModel         *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (XN_IS_HOST_MODEL (self));

  task = start_call (self, cancellable, callback, user_data, xn_host_model_read_performance_async);
  if (task != NULL)
    xn_host1_call_get_performance (self->proxy, cancellable, reply_cb, task);
}

/**
 * xn_host_model_read_performance_history_async:
 * @tier: the store's resolution: "5s", "1m", "1h" or "1d"
 * @from: first time wanted, µs since the epoch
 * @to: last time wanted
 * @subject: a domain, enclave or tag id
 *
 * Reads one subject's stored samples; the reply is
 * GetPerformanceHistory's "(a(xa{sd}))".  Finish with
 * xn_host_model_reply_finish().
 */
void
xn_host_model_read_performance_history_async (XnHostModel         *self,
                                              const char          *tier,
                                              gint64               from,
                                              gint64               to,
                                              const char          *subject,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (XN_IS_HOST_MODEL (self));
  g_return_if_fail (tier != NULL && subject != NULL);

  task = start_call (self, cancellable, callback, user_data, xn_host_model_read_performance_history_async);
  if (task != NULL)
    xn_host1_call_get_performance_history (self->proxy, tier, from, to, subject, cancellable, reply_cb, task);
}

/**
 * xn_host_model_read_guard_statistics_async:
 *
 * Reads the hypercall guard's counters; the reply is
 * GetGuardStatistics' "(a{sv})".  Finish with
 * xn_host_model_reply_finish().
 */
void
xn_host_model_read_guard_statistics_async (XnHostModel         *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (XN_IS_HOST_MODEL (self));

  task = start_call (self, cancellable, callback, user_data, xn_host_model_read_guard_statistics_async);
  if (task != NULL)
    xn_host1_call_get_guard_statistics (self->proxy, cancellable, reply_cb, task);
}

/**
 * xn_host_model_verify_audit_async:
 *
 * Has the host walk its audit chain; the reply is VerifyAudit's
 * "(bts)": intact, rows checked, what broke.  A broken chain is a reply,
 * not an error.  Finish with xn_host_model_reply_finish().
 */
void
xn_host_model_verify_audit_async (XnHostModel         *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (XN_IS_HOST_MODEL (self));

  task = start_call (self, cancellable, callback, user_data, xn_host_model_verify_audit_async);
  if (task != NULL)
    xn_host1_call_verify_audit (self->proxy, cancellable, reply_cb, task);
}

/**
 * xn_host_model_propose_profile_async:
 * @uuid: the domain
 *
 * Asks the host for a profile fitting what the domain was recorded
 * doing; the reply is ProposeProfile's "(sasa(utt))": the profile's XML,
 * the changes in words, the calls seen (hypercall, sub-op, count).
 * Finish with xn_host_model_reply_finish().
 */
void
xn_host_model_propose_profile_async (XnHostModel         *self,
                                     const char          *uuid,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (XN_IS_HOST_MODEL (self));
  g_return_if_fail (uuid != NULL);

  task = start_call (self, cancellable, callback, user_data, xn_host_model_propose_profile_async);
  if (task != NULL)
    xn_host1_call_propose_profile (self->proxy, uuid, cancellable, reply_cb, task);
}

/**
 * xn_host_model_push_policy_async:
 * @document: the signed policy document
 * @dry_run: only say what the push would change
 *
 * Pushes @document to the host; the reply is PushPolicy's "(sa{sv})":
 * the plan's diff and its summary.  A push that took effect also comes
 * back as #XnHostModel:policy, through the daemon's PolicyChanged.
 * Finish with xn_host_model_reply_finish().
 */
void
xn_host_model_push_policy_async (XnHostModel         *self,
                                 GBytes              *document,
                                 gboolean             dry_run,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (XN_IS_HOST_MODEL (self));
  g_return_if_fail (document != NULL);

  task = start_call (self, cancellable, callback, user_data, xn_host_model_push_policy_async);
  if (task != NULL)
    xn_host1_call_push_policy (self->proxy, g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, document, TRUE),
                               dry_run, cancellable, reply_cb, task);
}

/* Cleared violations */

static void
archived_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(GVariant) rows = NULL;
  GPtrArray *items;
  guint64 last = 0, seq, subop;
  gboolean more = FALSE, viewed;
  GError *error = NULL;
  GVariantIter iter;
  gint64 time;
  guint32 hcall;
  const char *uuid, *name, *reason, *info, *action;

  if (!xn_host1_call_get_archived_violations_finish (XN_HOST1 (source), &rows, &last, &more, result, &error))
    {
      _xn_host_task_return_error (task, error);
      return;
    }
  items = g_ptr_array_new_with_free_func (g_object_unref);
  g_variant_iter_init (&iter, rows);
  while (g_variant_iter_next (&iter, "(tx&s&sut&s&s&sb)", &seq, &time, &uuid, &name, &hcall, &subop,
                              &reason, &info, &action, &viewed))
    {
      GVariantDict d;

      g_variant_dict_init (&d, NULL);
      g_variant_dict_insert (&d, "seq", "t", seq);
      g_variant_dict_insert (&d, "time", "x", time);
      g_variant_dict_insert (&d, "domain", "s", name);
      g_variant_dict_insert (&d, "reason", "s", reason);
      /* What the guard did belongs to the row's info for a reader. */
      if (*action)
        {
          g_autofree char *both = g_strdup_printf ("%s; %s", info, action);

          g_variant_dict_insert (&d, "info", "s", both);
        }
      else
        g_variant_dict_insert (&d, "info", "s", info);
      g_variant_dict_insert (&d, "viewed", "b", viewed);
      /* Newest first, like the audit log. */
      g_ptr_array_insert (items, 0, xn_live_row_new (g_variant_dict_end (&d)));
    }
  g_task_set_task_data (task, g_variant_ref_sink (g_variant_new ("(tb)", last, more)),
                        (GDestroyNotify) g_variant_unref);
  g_task_return_pointer (task, items, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * xn_host_model_read_archived_async:
 * @since_seq: read the rows after this seq (0: from the first)
 * @limit: at most this many rows
 *
 * Reads a page of the violations ClearViolations archived (they leave
 * the log, never the host).
 */
void
xn_host_model_read_archived_async (XnHostModel         *self,
                                   guint64              since_seq,
                                   guint                limit,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (XN_IS_HOST_MODEL (self));

  task = start_call (self, cancellable, callback, user_data, xn_host_model_read_archived_async);
  if (task != NULL)
    xn_host1_call_get_archived_violations (self->proxy, since_seq, limit, cancellable, archived_cb, task);
}

/**
 * xn_host_model_read_archived_finish:
 * @last_seq: (out): the cursor for the next page
 * @more: (out): whether rows after this page remain
 *
 * Returns: (transfer container) (element-type XnLiveRow) (nullable): the
 *   page's rows, newest first, as dictionaries with seq, time, domain,
 *   reason, info (the guard's action appended) and viewed; %NULL with
 *   @error set
 */
GPtrArray *
xn_host_model_read_archived_finish (XnHostModel   *self,
                                    GAsyncResult  *result,
                                    guint64       *last_seq,
                                    gboolean      *more,
                                    GError       **error)
{
  GPtrArray *rows;
  GVariant *cursor;

  g_return_val_if_fail (XN_IS_HOST_MODEL (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  rows = g_task_propagate_pointer (G_TASK (result), error);
  cursor = g_task_get_task_data (G_TASK (result));
  if (rows != NULL)
    g_variant_get (cursor, "(tb)", last_seq, more);
  return rows;
}

/* Lifecycle */

/**
 * xn_domain_op_fits:
 * @op: a lifecycle act
 * @row: (nullable): a domain row (GetDomains)
 *
 * Whether @op makes sense for the domain in the state @row shows: start
 * a stopped or crashed one, shut down or pause a running one, unpause a
 * paused one, destroy a running or paused one. A running Domain-0 is
 * never shut down, paused or destroyed from here. The daemon checks
 * again; this is what views grey their buttons by and what a bulk act
 * picks its domains by.
 */
gboolean
xn_domain_op_fits (XnDomainOp  op,
                   XnLiveRow  *row)
{
  const char *state;
  gboolean running, dom0;

  if (row == NULL)
    return FALSE;
  state = xn_live_row_get_string (row, "state");
  running = g_strcmp0 (state, "running") == 0;
  dom0 = running && xn_live_row_get_number (row, "domid") == 0;
  switch (op)
    {
    case XN_DOMAIN_OP_START: return g_strcmp0 (state, "stopped") == 0 || g_strcmp0 (state, "crashed") == 0;
    case XN_DOMAIN_OP_SHUTDOWN:
    case XN_DOMAIN_OP_PAUSE: return running && !dom0;
    case XN_DOMAIN_OP_UNPAUSE: return g_strcmp0 (state, "paused") == 0;
    case XN_DOMAIN_OP_DESTROY: return (running && !dom0) || g_strcmp0 (state, "paused") == 0;
    default: return FALSE;
    }
}

/**
 * xn_domain_op_verb:
 *
 * Returns: @op's name as a verb, translated ("Shut down")
 */
const char *
xn_domain_op_verb (XnDomainOp op)
{
  static const char *const verbs[XN_N_DOMAIN_OPS] = {
    N_("Start"), N_("Shut down"), N_("Pause"), N_("Unpause"), N_("Destroy"),
  };

  g_return_val_if_fail ((guint) op < XN_N_DOMAIN_OPS, "");
  return _(verbs[op]);
}

static void
run_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      data)
{
  g_autoptr(GTask) task = data;
  XnHostModel *self = g_task_get_source_object (task);
  XnHost1 *proxy = XN_HOST1 (source);
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;

  switch (GPOINTER_TO_INT (g_task_get_task_data (task)))
    {
    case XN_DOMAIN_OP_START: ok = xn_host1_call_start_domain_finish (proxy, result, &error); break;
    case XN_DOMAIN_OP_SHUTDOWN: ok = xn_host1_call_shutdown_domain_finish (proxy, result, &error); break;
    case XN_DOMAIN_OP_PAUSE: ok = xn_host1_call_pause_domain_finish (proxy, result, &error); break;
    case XN_DOMAIN_OP_UNPAUSE: ok = xn_host1_call_unpause_domain_finish (proxy, result, &error); break;
    case XN_DOMAIN_OP_DESTROY: ok = xn_host1_call_destroy_domain_finish (proxy, result, &error); break;
    default: g_assert_not_reached ();
    }
  /* Accepted or refused, the states may have moved: read them again
   * (coalesced, so a bulk act over many domains costs one GetDomains). */
  if (proxy == self->proxy)
    queue_refresh (self);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    _xn_host_task_return_error (task, g_steal_pointer (&error));
}

/**
 * xn_host_model_run_async:
 * @self: a #XnHostModel
 * @op: the act
 * @uuid: the domain's UUID
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the host answered
 * @user_data: for @callback
 *
 * Asks the host to @op the domain @uuid. The model reads the domains
 * again afterwards, so views bound to xn_host_model_get_domains() show
 * the outcome without asking. Fails with %G_IO_ERROR_NOT_CONNECTED when
 * the host is not connected.
 */
void
xn_host_model_run_async (XnHostModel         *self,
                         XnDomainOp           op,
                         const char          *uuid,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (XN_IS_HOST_MODEL (self));
  g_return_if_fail ((guint) op < XN_N_DOMAIN_OPS);
  g_return_if_fail (uuid != NULL);

  task = start_call (self, cancellable, callback, user_data, xn_host_model_run_async);
  if (task == NULL)
    return;
  g_task_set_task_data (task, GINT_TO_POINTER (op), NULL);
  switch (op)
    {
    case XN_DOMAIN_OP_START:
      xn_host1_call_start_domain (self->proxy, uuid, cancellable, run_cb, g_steal_pointer (&task));
      break;
    case XN_DOMAIN_OP_SHUTDOWN:
      xn_host1_call_shutdown_domain (self->proxy, uuid, cancellable, run_cb, g_steal_pointer (&task));
      break;
    case XN_DOMAIN_OP_PAUSE:
      xn_host1_call_pause_domain (self->proxy, uuid, cancellable, run_cb, g_steal_pointer (&task));
      break;
    case XN_DOMAIN_OP_UNPAUSE:
      xn_host1_call_unpause_domain (self->proxy, uuid, cancellable, run_cb, g_steal_pointer (&task));
      break;
    case XN_DOMAIN_OP_DESTROY:
      xn_host1_call_destroy_domain (self->proxy, uuid, cancellable, run_cb, g_steal_pointer (&task));
      break;
    default:
      g_assert_not_reached ();
    }
}

/**
 * xn_host_model_run_finish:
 *
 * Returns: %TRUE if the host did it; else @error says why (the daemon's
 *   reason, without the D-Bus error name)
 */
gboolean
xn_host_model_run_finish (XnHostModel   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (XN_IS_HOST_MODEL (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
