/* xn-backend-xenctrl.c: real Xen through libxenctrl and libxenstat
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Domains, CPU, memory, network and block counters come from libxenctrl
 * and libxenstat; pause, unpause, shutdown and destroy from libxenctrl.
 * Creating a domain from its xl configuration is not done here yet (the
 * compiler's xl configs are the input; libxl would take them).  Guard
 * operations need the Xenon-patched hypervisor (hvpatch/patches, XSM
 * module "xenon"): they go through libxencall as xsm_op sub-ops with the
 * structure of hvpatch/include/xenon_op.h, since Debian's libxenctrl does
 * not know them.  Without the guard the backend still runs and says that
 * enforcement is unavailable.
 */

#define G_LOG_DOMAIN "xn-backend-xenctrl"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xn-backend.h"
#include "xn-vif-stats.h"
#include "xn-xl.h"

#ifdef HAVE_XENCTRL
# include <xenctrl.h>
# include <xenstat.h>
# include <xencall.h>
# include "xenon_op.h"
#endif

#define NO_GUARD_MESSAGE N_("hypervisor has no Xenon guard; hypercall enforcement unavailable")

struct _XnBackendXenctrl
{
  XnBackend       parent_instance;
#ifdef HAVE_XENCTRL
  xc_interface   *xch;
  xenstat_handle *xsh;
  xencall_handle *xcall;
#endif
  gboolean        guard;
  GBytes         *blob;
  GHashTable     *names;     /* uuid → name from the policy */
  char           *xl;        /* the xl program: [xenctrl] xl, default "xl" */
  char           *migrate_identity;     /* [migrate] identity: SSH key, or ssh's default */
  char           *migrate_known_hosts;  /* [migrate] known-hosts, or ssh's default */
  guint           dom0_weight; /* [xenctrl] dom0-weight; 0: leave it */
};

/* Xen's default scheduler weight is 256: eight times that keeps the
 * control domain (the daemon, sshd, Open vSwitch, the back ends) ahead of
 * guests that spin every vCPU.  A guest flooding violations on all its
 * vCPUs otherwise takes half of each physical CPU from dom0, and the
 * daemon, though never stalled itself, answers callers late. */
#define DEFAULT_DOM0_WEIGHT 2048

#define XN_TYPE_BACKEND_XENCTRL (xn_backend_xenctrl_get_type ())
G_DECLARE_FINAL_TYPE (XnBackendXenctrl, xn_backend_xenctrl, XN, BACKEND_XENCTRL, XnBackend)
G_DEFINE_FINAL_TYPE (XnBackendXenctrl, xn_backend_xenctrl, XN_TYPE_BACKEND)

#ifdef HAVE_XENCTRL
/* One guard sub-op: @op is copied into a hypercall buffer and back.
 * Returns the hypercall's result, a negative errno value. */
static int
xenon_op (XnBackendXenctrl  *self,
          xen_xenon_op_t    *op)
{
  xen_xenon_op_t *buf;
  int rc;

  if (self->xcall == NULL)
    return -ENOSYS;
  buf = xencall_alloc_buffer (self->xcall, sizeof *buf);
  if (buf == NULL)
    return -ENOMEM;
  op->interface_version = XEN_XENON_INTERFACE_VERSION;
  memcpy (buf, op, sizeof *buf);
  rc = xencall1 (self->xcall, __HYPERVISOR_xsm_op, (uint64_t) (uintptr_t) buf);
  if (rc < 0)
    rc = -errno;
  memcpy (op, buf, sizeof *buf);
  xencall_free_buffer (self->xcall, buf);
  return rc;
}

/* The guard is there when its status sub-op answers; a stock hypervisor
 * says -ENOSYS (dummy, SILO) or refuses the command (FLASK). */
static void
detect_guard (XnBackendXenctrl *self)
{
  xen_xenon_op_t op = { .cmd = XENON_OP_status };
  int rc = xenon_op (self, &op);

  self->guard = rc == 0;
  if (self->guard)
    g_message ("Xenon guard found (mode %u, %s policy)", op.u.status.mode,
               op.u.status.loaded ? "a" : "no");
  else
    g_warning ("%s (xsm_op: %s)", _(NO_GUARD_MESSAGE), g_strerror (-rc));
}

static int
domid_of (XnBackendXenctrl *self,
          const uint8_t    *handle)
{
  xc_dominfo_t info[256];
  int n = xc_domain_getinfo (self->xch, 0, G_N_ELEMENTS (info), info);

  for (int i = 0; i < n; i++)
    if (memcmp (info[i].handle, handle, 16) == 0)
      return (int) info[i].domid;
  return -1;
}
#endif

#ifdef HAVE_XENCTRL
/* Raises @domid's scheduler weight to [xenctrl] dom0-weight, never
 * lowers it (an administrator's higher setting stays); only credit and
 * credit2 have weights.  Domain-0, and each network service domain that
 * drives a switch: both serve every guest's I/O, and a guest spinning
 * every vCPU must not starve them. */
static void
raise_weight (XnBackendXenctrl *self,
              uint32_t          domid,
              const char       *name)
{
  uint16_t weight = (uint16_t) self->dom0_weight;
  int sched = 0, rc;

  if (self->dom0_weight == 0 || xc_sched_id (self->xch, &sched) != 0)
    return;
  /* The two schedulers' parameters differ in type only. */
  if (sched == XEN_SCHEDULER_CREDIT2)
    {
      struct xen_domctl_sched_credit2 p = { 0 };

      if (xc_sched_credit2_domain_get (self->xch, domid, &p) != 0 || p.weight >= weight)
        return;
      p.weight = weight;
      rc = xc_sched_credit2_domain_set (self->xch, domid, &p);
    }
  else if (sched == XEN_SCHEDULER_CREDIT)
    {
      struct xen_domctl_sched_credit p = { 0 };

      if (xc_sched_credit_domain_get (self->xch, domid, &p) != 0 || p.weight >= weight)
        return;
      p.weight = weight;
      rc = xc_sched_credit_domain_set (self->xch, domid, &p);
    }
  else
    return;
  if (rc != 0)
    g_warning ("Cannot raise %s's scheduler weight: %s", name, g_strerror (errno));
  else
    g_message ("%s's scheduler weight raised to %u", name, weight);
}
#endif

static gboolean
xn_backend_xenctrl_start (XnBackend  *backend,
                          GError    **error)
{
#ifdef HAVE_XENCTRL
  XnBackendXenctrl *self = XN_BACKEND_XENCTRL (backend);

  if (!g_file_test ("/proc/xen/privcmd", G_FILE_TEST_EXISTS)
      && !g_file_test ("/dev/xen/privcmd", G_FILE_TEST_EXISTS))
    {
      g_set_error (error, XN_BACKEND_ERROR, XN_BACKEND_ERROR_UNAVAILABLE,
                   _("This machine is not dom0 of a Xen host (no privcmd device); "
                     "use --backend sim to run on a simulated host"));
      return FALSE;
    }
  self->xch = xc_interface_open (NULL, NULL, 0);
  if (self->xch == NULL)
    {
      g_set_error (error, XN_BACKEND_ERROR, XN_BACKEND_ERROR_UNAVAILABLE,
                   _("Cannot open the Xen control interface: %s"), g_strerror (errno));
      return FALSE;
    }
  self->xsh = xenstat_init ();
  self->xcall = xencall_open (NULL, 0);
  detect_guard (self);
  raise_weight (self, 0, "Domain-0");
  return TRUE;
#else
  g_set_error (error, XN_BACKEND_ERROR, XN_BACKEND_ERROR_UNAVAILABLE,
               _("xenon-hostd was built without libxenctrl; only --backend sim is available"));
  return FALSE;
#endif
}

static void
remember_name (gpointer item,
               gpointer user_data)
{
  XnBackendXenctrl *self = user_data;

  g_hash_table_insert (self->names,
                       g_strdup (xn_object_get_uuid (item)),
                       g_strdup (xn_object_get_name (item)));
}

static gboolean
xn_backend_xenctrl_set_host (XnBackend  *backend,
                             XnPolicy   *policy,
                             XnHost     *host,
                             GError    **error)
{
  XnBackendXenctrl *self = XN_BACKEND_XENCTRL (backend);

  g_hash_table_remove_all (self->names);
  xn_hostd_foreach_placed_domain (policy, host, remember_name, self);
  return TRUE;
}

#ifdef HAVE_XENCTRL
static void
format_uuid (const uint8_t *h,
             char           out[37])
{
  g_snprintf (out, 37,
              "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
              h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7],
              h[8], h[9], h[10], h[11], h[12], h[13], h[14], h[15]);
}
#endif

#ifdef HAVE_XENCTRL
/* Xen gives the control domain a zero handle; a policy names it as its
 * root domain "Domain-0", so take that UUID when the plan has one. */
static void
control_domain_uuid (XnBackend *backend,
                     char      *uuid)
{
  XnPlan *plan = xn_backend_get_plan (backend);

  for (guint i = 0; plan != NULL && i < xn_plan_get_n_domains (plan); i++)
    {
      const XnPlanDomain *pd = xn_plan_get_domain (plan, i);

      if (g_strcmp0 (pd->name, "Domain-0") == 0)
        {
          g_strlcpy (uuid, pd->uuid, 37);
          return;
        }
    }
}
#endif

/* Every domain; with @io its network and disk counters, read from every
 * VIF and backend disk of every domain (libxenstat's disk read alone took
 * a whole second of Domain-0's CPU under emulation), so only the
 * performance sample asks.  The network counters come from the VIFs
 * themselves (xn-vif-stats.c says why not from libxenstat). */
static GPtrArray *
list_domains (XnBackend *backend,
              gboolean   io)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) xn_backend_domain_free);
#ifdef HAVE_XENCTRL
  XnBackendXenctrl *self = XN_BACKEND_XENCTRL (backend);
  xc_dominfo_t info[256];
  xenstat_node *node = NULL;
  g_autoptr(GHashTable) vifs = NULL;
  int n;

  if (self->xch == NULL)
    return out;
  n = xc_domain_getinfo (self->xch, 0, G_N_ELEMENTS (info), info);
  if (self->xsh != NULL)
    node = xenstat_get_node (self->xsh, io ? XENSTAT_VBD : 0);
  if (io)
    vifs = xn_vif_stats_read ("/sys/class/net");
  for (int i = 0; i < n; i++)
    {
      XnBackendDomain *d = g_new0 (XnBackendDomain, 1);
      xenstat_domain *sd = node ? xenstat_node_domain (node, info[i].domid) : NULL;
      const char *name;

      format_uuid (info[i].handle, d->uuid);
      if (info[i].domid == 0)
        control_domain_uuid (backend, d->uuid);
      name = g_hash_table_lookup (self->names, d->uuid);
      /* A domain the policy does not name goes by its name in xenstore. */
      if (name == NULL && sd != NULL)
        name = xenstat_domain_name (sd);
      d->name = g_strdup (name ? name : (info[i].domid == 0 ? "Domain-0" : d->uuid));
      d->domid = (int) info[i].domid;
      d->state = info[i].crashed ? XN_DOMAIN_STATE_CRASHED
                 : info[i].paused ? XN_DOMAIN_STATE_PAUSED
                 : info[i].shutdown || info[i].dying ? XN_DOMAIN_STATE_STOPPED
                 : XN_DOMAIN_STATE_RUNNING;
      d->cpu_ns = info[i].cpu_time;
      d->vcpus = info[i].nr_online_vcpus;
      d->memory_kib = (guint64) info[i].nr_pages * 4;
      if (vifs != NULL)
        {
          XnVifBytes *b = g_hash_table_lookup (vifs, GUINT_TO_POINTER (info[i].domid));

          d->net_rx_bytes = b != NULL ? b->rx : 0;
          d->net_tx_bytes = b != NULL ? b->tx : 0;
        }
      if (sd != NULL)
        {
          for (unsigned j = 0; j < xenstat_domain_num_vbds (sd); j++)
            {
              xenstat_vbd *vbd = xenstat_domain_vbd (sd, j);

              d->disk_read_bytes += xenstat_vbd_rd_sects (vbd) * 512;
              d->disk_write_bytes += xenstat_vbd_wr_sects (vbd) * 512;
            }
        }
      g_ptr_array_add (out, d);
    }
  if (node != NULL)
    xenstat_free_node (node);

  /* The plan's domains Xen does not run are there too, stopped: a
   * domain never started, or destroyed, is still one to start. */
  {
    XnPlan *plan = xn_backend_get_plan (backend);

    for (guint i = 0; plan != NULL && i < xn_plan_get_n_domains (plan); i++)
      {
        const XnPlanDomain *pd = xn_plan_get_domain (plan, i);
        gboolean seen = g_strcmp0 (pd->name, "Domain-0") == 0;
        XnBackendDomain *d;

        for (guint j = 0; !seen && j < out->len; j++)
          seen = g_str_equal (((XnBackendDomain *) g_ptr_array_index (out, j))->uuid, pd->uuid);
        if (seen)
          continue;
        d = g_new0 (XnBackendDomain, 1);
        g_strlcpy (d->uuid, pd->uuid, sizeof d->uuid);
        d->name = g_strdup (pd->name);
        d->domid = -1;
        d->state = XN_DOMAIN_STATE_STOPPED;
        g_ptr_array_add (out, d);
      }
  }
#endif
  return out;
}

static GPtrArray *
xn_backend_xenctrl_list_domains (XnBackend *backend)
{
  return list_domains (backend, FALSE);
}

static GPtrArray *
xn_backend_xenctrl_sample_domains (XnBackend *backend)
{
  return list_domains (backend, TRUE);
}

static gboolean
xn_backend_xenctrl_domain_op (XnBackend      *backend,
                              const char     *uuid,
                              XnDomainState   target,
                              gboolean        graceful,
                              GError        **error)
{
#ifdef HAVE_XENCTRL
  XnBackendXenctrl *self = XN_BACKEND_XENCTRL (backend);
  g_autoptr(GPtrArray) doms = xn_backend_xenctrl_list_domains (backend);
  XnBackendDomain *d = NULL;
  int rc;

  for (guint i = 0; i < doms->len; i++)
    if (g_str_equal (((XnBackendDomain *) g_ptr_array_index (doms, i))->uuid, uuid))
      d = g_ptr_array_index (doms, i);
  if (target == XN_DOMAIN_STATE_RUNNING && graceful)
    {
      /* Starts go through start_domain_async (xl create). */
      g_set_error (error, XN_BACKEND_ERROR, XN_BACKEND_ERROR_UNAVAILABLE,
                   _("Domains are started with xl create on real Xen"));
      return FALSE;
    }
  if (d == NULL || d->domid < 0)
    {
      g_set_error (error, XN_BACKEND_ERROR, XN_BACKEND_ERROR_NOT_FOUND,
                   _("Domain %s is not running"), uuid);
      return FALSE;
    }
  if (target == XN_DOMAIN_STATE_PAUSED)
    rc = xc_domain_pause (self->xch, (uint32_t) d->domid);
  else if (target == XN_DOMAIN_STATE_RUNNING)
    rc = xc_domain_unpause (self->xch, (uint32_t) d->domid);
  else if (graceful)
    rc = xc_domain_shutdown (self->xch, (uint32_t) d->domid, SHUTDOWN_poweroff);
  else
    rc = xc_domain_destroy (self->xch, (uint32_t) d->domid);
  if (rc != 0)
    {
      g_set_error (error, XN_BACKEND_ERROR, XN_BACKEND_ERROR_FAILED,
                   _("Xen refused the operation on domain %d: %s"), d->domid, g_strerror (errno));
      return FALSE;
    }
  xn_backend_emit_state (backend, uuid, target);
  return TRUE;
#else
  g_set_error (error, XN_BACKEND_ERROR, XN_BACKEND_ERROR_UNAVAILABLE,
               _("xenon-hostd was built without libxenctrl"));
  return FALSE;
#endif
}

static gboolean
xn_backend_xenctrl_load_blob (XnBackend  *backend,
                              GBytes     *blob,
                              GError    **error)
{
  XnBackendXenctrl *self = XN_BACKEND_XENCTRL (backend);

  if (!self->guard)
    {
      /* Lifecycle and network enforcement still apply; say so once per
       * policy rather than refusing the whole policy. */
      g_warning ("%s", _(NO_GUARD_MESSAGE));
      g_clear_pointer (&self->blob, g_bytes_unref);
      self->blob = g_bytes_ref (blob);
      return TRUE;
    }
#ifdef HAVE_XENCTRL
  {
    gsize size;
    const guint8 *data = g_bytes_get_data (blob, &size);
    xen_xenon_op_t op = { .cmd = XENON_OP_load };
    void *buf;
    int rc;

    /* Page-aligned, so the guard can read the blob in place. */
    buf = xencall_alloc_buffer (self->xcall, MAX (size, 1));
    if (buf == NULL)
      {
        g_set_error (error, XN_BACKEND_ERROR, XN_BACKEND_ERROR_FAILED,
                     _("Cannot allocate a hypercall buffer of %zu bytes for the guard blob"), size);
        return FALSE;
      }
    memcpy (buf, data, size);
    set_xen_guest_handle_raw (op.u.load.buffer, buf);
    op.u.load.size = (uint32_t) size;
    rc = xenon_op (self, &op);
    xencall_free_buffer (self->xcall, buf);
    if (rc != 0)
      {
        g_set_error (error, XN_BACKEND_ERROR,
                     rc == -EPERM || rc == -EACCES ? XN_BACKEND_ERROR_FAILED : XN_BACKEND_ERROR_BAD_BLOB,
                     _("The hypervisor's guard refused the policy blob: %s"),
                     rc < 0 && rc > -1000 ? xng_strerror (rc) : g_strerror (-rc));
        return FALSE;
      }
    g_clear_pointer (&self->blob, g_bytes_unref);
    self->blob = g_bytes_ref (blob);
    return TRUE;
  }
#else
  g_set_error (error, XN_BACKEND_ERROR, XN_BACKEND_ERROR_NO_GUARD, "%s", _(NO_GUARD_MESSAGE));
  return FALSE;
#endif
}

static GBytes *
xn_backend_xenctrl_get_blob (XnBackend *backend)
{
  XnBackendXenctrl *self = XN_BACKEND_XENCTRL (backend);

  return self->blob ? g_bytes_ref (self->blob) : NULL;
}

static guint
xn_backend_xenctrl_drain_violations (XnBackend            *backend,
                                     struct xng_violation *out,
                                     guint                 max,
                                     guint64              *dropped)
{
#ifdef HAVE_XENCTRL
  XnBackendXenctrl *self = XN_BACKEND_XENCTRL (backend);
  xen_xenon_op_t op = { .cmd = XENON_OP_drain };
  void *buf;
  guint n;

  *dropped = 0;   /* unknown: the caller keeps the highest count seen */

  G_STATIC_ASSERT (sizeof (struct xen_xenon_violation) == sizeof (struct xng_violation));

  if (!self->guard || max == 0)
    return 0;
  buf = xencall_alloc_buffer (self->xcall, max * sizeof *out);
  if (buf == NULL)
    return 0;
  set_xen_guest_handle_raw (op.u.drain.buffer, buf);
  op.u.drain.max = max;
  if (xenon_op (self, &op) != 0)
    {
      xencall_free_buffer (self->xcall, buf);
      return 0;
    }
  n = MIN (op.u.drain.count, max);
  memcpy (out, buf, n * sizeof *out);
  *dropped = op.u.drain.dropped;
  xencall_free_buffer (self->xcall, buf);

  /* Xen has paused (or crashed) the domain already; a crashed domain is
   * destroyed here so its resources come back, and either is announced. */
  for (guint i = 0; i < n; i++)
    {
      char uuid[37];
      int domid;

      if (out[i].action != XNG_ACTION_PAUSE && out[i].action != XNG_ACTION_DESTROY)
        continue;
      format_uuid (out[i].uuid, uuid);
      domid = domid_of (self, out[i].uuid);
      if (out[i].action == XNG_ACTION_DESTROY && domid > 0)
        xc_domain_destroy (self->xch, (uint32_t) domid);
      g_message ("domain %s (%d) over its violation limit: %s", uuid, domid,
                 out[i].action == XNG_ACTION_PAUSE ? "paused" : "destroyed");
      xn_backend_emit_state (backend, uuid,
                             out[i].action == XNG_ACTION_PAUSE ? XN_DOMAIN_STATE_PAUSED
                                                                : XN_DOMAIN_STATE_STOPPED);
    }
  return n;
#else
  *dropped = 0;
  return 0;
#endif
}

static void
xn_backend_xenctrl_get_info (XnBackend     *backend,
                             XnBackendInfo *info)
{
  XnBackendXenctrl *self = XN_BACKEND_XENCTRL (backend);
#ifdef HAVE_XENCTRL
  xc_physinfo_t phys = { 0 };

  if (self->xch != NULL && xc_physinfo (self->xch, &phys) == 0)
    {
      info->cpus = phys.nr_cpus;
      info->memory_kib = (guint64) phys.total_pages * 4;
      info->free_memory_kib = (guint64) phys.free_pages * 4;
    }
  if (self->xch != NULL)
    {
      int v = xc_version (self->xch, XENVER_version, NULL);

      info->hypervisor = g_strdup_printf ("Xen %d.%d", v >> 16, v & 0xffff);
    }
#endif
  if (info->hypervisor == NULL)
    info->hypervisor = g_strdup ("Xen");
  info->guard = self->guard;
#ifdef HAVE_XENCTRL
  if (self->guard)
    {
      xen_xenon_op_t op = { .cmd = XENON_OP_status };

      if (xenon_op (self, &op) == 0)
        {
          const struct xen_xenon_status *st = &op.u.status;

          /* Read each time: dom0's root may switch the mode (set_mode)
           * behind the daemon's back. */
          info->guard_mode = st->mode == XENON_MODE_ENFORCING ? "enforcing"
                             : st->mode == XENON_MODE_PERMISSIVE ? "permissive" : "off";

          info->blob_serial = st->serial;
          info->blob_size = st->blob_size;
          info->blob_domains = st->n_domains;
          info->blob_profiles = st->n_profiles;
          info->hypercalls = st->checked;
          info->denied = st->denied;
          info->violations = st->violations;
          info->dropped = st->dropped;
        }
    }
#endif
  if (!self->guard)
    info->guard_message = g_strdup (_(NO_GUARD_MESSAGE));
  else if (g_strcmp0 (info->guard_mode, "enforcing") == 0)
    info->guard_message = g_strdup (_("Xenon guard enforcing"));
  else if (g_strcmp0 (info->guard_mode, "permissive") == 0)
    info->guard_message = g_strdup (_("Xenon guard permissive: violations are recorded, not denied"));
  else if (g_strcmp0 (info->guard_mode, "off") == 0)
    info->guard_message = g_strdup (_("Xenon guard off: hypercalls are not checked"));
  else
    info->guard_message = g_strdup (_("Xenon guard present, its status unreadable"));
}

static void
xn_backend_xenctrl_finalize (GObject *object)
{
  XnBackendXenctrl *self = XN_BACKEND_XENCTRL (object);

#ifdef HAVE_XENCTRL
  g_clear_pointer (&self->xsh, xenstat_uninit);
  g_clear_pointer (&self->xch, xc_interface_close);
  g_clear_pointer (&self->xcall, xencall_close);
#endif
  g_clear_pointer (&self->blob, g_bytes_unref);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_free (self->xl);
  g_free (self->migrate_identity);
  g_free (self->migrate_known_hosts);

  G_OBJECT_CLASS (xn_backend_xenctrl_parent_class)->finalize (object);
}

static void
xl_create_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!xn_xl_create_finish (result, &error))
    {
      g_autoptr(GError) left = NULL;

      /* xl leaves a domain it built but could not unpause (the guard
       * refused it) paused: nothing of a failed start stays behind. */
      if (xn_backend_xenctrl_domain_op (XN_BACKEND (g_task_get_source_object (task)),
                                        g_task_get_task_data (task), XN_DOMAIN_STATE_STOPPED,
                                        FALSE, &left))
        g_message ("Destroyed what the failed start of %s left",
                   (const char *) g_task_get_task_data (task));
      g_task_return_error (task, error);
      return;
    }
#ifdef HAVE_XENCTRL
  {
    XnBackendXenctrl *self = XN_BACKEND_XENCTRL (g_task_get_source_object (task));
    XnPlan *plan = xn_backend_get_plan (XN_BACKEND (self));
    const XnPlanDomain *pd = plan ? xn_plan_find_domain (plan, g_task_get_task_data (task)) : NULL;
    uint8_t handle[16];

    for (guint i = 0; pd != NULL && i < xn_plan_get_n_switches (plan); i++)
      if (g_strcmp0 (xn_plan_get_switch_driver (plan, i), pd->name) == 0
          && xn_hostd_parse_uuid (pd->uuid, handle))
        {
          int domid = domid_of (self, handle);

          if (domid > 0)
            raise_weight (self, (uint32_t) domid, pd->name);
          break;
        }
  }
#endif
  xn_backend_emit_state (XN_BACKEND (g_task_get_source_object (task)),
                         g_task_get_task_data (task), XN_DOMAIN_STATE_RUNNING);
  g_task_return_boolean (task, TRUE);
}

/* libxenctrl cannot build a domain: `xl create` does, from the
 * configuration the compiler wrote into the running plan. */
static void
xn_backend_xenctrl_start_domain_async (XnBackend           *backend,
                                       const char          *uuid,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  XnBackendXenctrl *self = XN_BACKEND_XENCTRL (backend);
  g_autoptr(GTask) task = g_task_new (backend, cancellable, callback, user_data);
  g_autoptr(GPtrArray) doms = xn_backend_list_domains (backend);
  XnPlan *plan = xn_backend_get_plan (backend);
  const XnPlanDomain *pd = plan != NULL ? xn_plan_find_domain (plan, uuid) : NULL;

  g_task_set_source_tag (task, xn_backend_xenctrl_start_domain_async);
  g_task_set_task_data (task, g_strdup (uuid), g_free);
  for (guint i = 0; doms != NULL && i < doms->len; i++)
    {
      XnBackendDomain *d = g_ptr_array_index (doms, i);

      /* Listed but not in Xen (domid -1): the plan's stopped domain. */
      if (d->domid >= 0 && g_str_equal (d->uuid, uuid))
        {
          g_task_return_new_error (task, XN_BACKEND_ERROR, XN_BACKEND_ERROR_STATE,
                                   _("Domain %s is already %s"), d->name != NULL ? d->name : uuid,
                                   xn_domain_state_to_string (d->state));
          return;
        }
    }
  if (pd == NULL || pd->xl_config == NULL)
    {
      g_task_return_new_error (task, XN_BACKEND_ERROR, XN_BACKEND_ERROR_NOT_FOUND,
                               _("Domain %s has no xl configuration in the running policy"), uuid);
      return;
    }
  xn_xl_create_async (self->xl, pd->name, pd->xl_config, cancellable,
                      xl_create_cb, g_steal_pointer (&task));
}

static void
xl_migrate_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!xn_xl_migrate_finish (result, &error))
    g_task_return_error (task, error);
  else
    {
      xn_backend_emit_state (XN_BACKEND (g_task_get_source_object (task)),
                             g_task_get_task_data (task), XN_DOMAIN_STATE_STOPPED);
      g_task_return_boolean (task, TRUE);
    }
}

/* Xen's own live migration, by `xl migrate` over the hosts' SSH with the
 * daemon's key ([migrate] identity, known-hosts). */
static void
xn_backend_xenctrl_migrate_domain_async (XnBackend           *backend,
                                         const char          *uuid,
                                         const char          *target_name,
                                         const char          *address,
                                         guint                port,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  XnBackendXenctrl *self = XN_BACKEND_XENCTRL (backend);
  g_autoptr(GTask) task = g_task_new (backend, cancellable, callback, user_data);
  g_autoptr(GPtrArray) doms = xn_backend_list_domains (backend);
  g_autofree char *domid = NULL;

  g_task_set_source_tag (task, xn_backend_xenctrl_migrate_domain_async);
  g_task_set_task_data (task, g_strdup (uuid), g_free);
  for (guint i = 0; i < doms->len; i++)
    {
      XnBackendDomain *d = g_ptr_array_index (doms, i);

      if (d->domid > 0 && g_str_equal (d->uuid, uuid))
        domid = g_strdup_printf ("%d", d->domid);
    }
  if (domid == NULL)
    {
      g_task_return_new_error (task, XN_BACKEND_ERROR, XN_BACKEND_ERROR_STATE,
                               _("Domain %s does not run here"), uuid);
      return;
    }
  xn_xl_migrate_async (self->xl, domid, address, port, self->migrate_identity,
                       self->migrate_known_hosts, cancellable, xl_migrate_cb, g_steal_pointer (&task));
}

static void
xn_backend_xenctrl_class_init (XnBackendXenctrlClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  XnBackendClass *backend_class = XN_BACKEND_CLASS (klass);

  object_class->finalize = xn_backend_xenctrl_finalize;
  backend_class->start = xn_backend_xenctrl_start;
  backend_class->set_host = xn_backend_xenctrl_set_host;
  backend_class->list_domains = xn_backend_xenctrl_list_domains;
  backend_class->sample_domains = xn_backend_xenctrl_sample_domains;
  backend_class->domain_op = xn_backend_xenctrl_domain_op;
  backend_class->load_blob = xn_backend_xenctrl_load_blob;
  backend_class->get_blob = xn_backend_xenctrl_get_blob;
  backend_class->drain_violations = xn_backend_xenctrl_drain_violations;
  backend_class->get_info = xn_backend_xenctrl_get_info;
  backend_class->start_domain_async = xn_backend_xenctrl_start_domain_async;
  backend_class->migrate_domain_async = xn_backend_xenctrl_migrate_domain_async;
}

static void
xn_backend_xenctrl_init (XnBackendXenctrl *self)
{
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

XnBackend *
xn_backend_xenctrl_new (GKeyFile *config)
{
  XnBackendXenctrl *self = g_object_new (XN_TYPE_BACKEND_XENCTRL, NULL);

  self->xl = config != NULL ? g_key_file_get_string (config, "xenctrl", "xl", NULL) : NULL;
  if (self->xl == NULL)
    self->xl = g_strdup ("xl");
  if (config != NULL)
    {
      self->migrate_identity = g_key_file_get_string (config, "migrate", "identity", NULL);
      self->migrate_known_hosts = g_key_file_get_string (config, "migrate", "known-hosts", NULL);
    }
  self->dom0_weight = DEFAULT_DOM0_WEIGHT;
  if (config != NULL && g_key_file_has_key (config, "xenctrl", "dom0-weight", NULL))
    self->dom0_weight = (guint) CLAMP (g_key_file_get_integer (config, "xenctrl", "dom0-weight", NULL),
                                       0, 65535);
  return XN_BACKEND (self);
}
