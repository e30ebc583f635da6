/* xn-backend-sim.c: a simulated Xen host
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The domains of the policy's host part run as workload generators on a
 * timer.  Every hypercall they issue is decided by the real guard core
 * (hvpatch/guard) against the loaded blob, with one xng_dom_state per
 * domain, and violations go through an xng ring that the daemon drains,
 * exactly as in the hypervisor.  Normal workloads call what their profile
 * allows, under its rate; the domains named in [sim] misbehave= (by
 * default the demo's user_vm_1) also probe xen_version extraversion,
 * memory_op memory_map and machine_memory_map and sysctl and flood sched_op past the rate.  CPU, memory,
 * network and disk counters move with the load.
 */

#define G_LOG_DOMAIN "xn-backend-sim"

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <glib/gstdio.h>

#include "xn-backend.h"

#define RING_SLOTS 8192

typedef struct
{
  char                 uuid[37];
  char                *name;
  guint8               raw_uuid[16];
  int                  dom_index;
  int                  domid;
  XnDomainState        state;
  gboolean             is_dom0;
  gboolean             misbehave;
  gboolean             stray;        /* runs outside any policy ([sim] stray) */
  guint                vcpus;
  guint64              memory_kib;
  struct xng_dom_state guard;
  GArray              *calls;        /* guint32 pairs (hcall, subop) allowed */
  double               call_credit;
  guint                tick_no;
  guint64              cpu_ns;
  guint64              net_rx;
  guint64              net_tx;
  guint64              disk_rd;
  guint64              disk_wr;
  guint64              hypercalls;
  guint64              violations;
} SimDomain;

struct _XnBackendSim
{
  XnBackend         parent_instance;

  GPtrArray        *domains;          /* SimDomain, owned */
  GHashTable       *by_uuid;          /* borrowed SimDomain */
  GStrv             misbehaving;
  double            stray_rate;       /* calls a second of each stray */
  guint             fail_loads_from;  /* [sim] fail-loads-from, 0: never */
  guint             loads;
  guint64           serial_floor;     /* highest serial loaded, as Xen keeps it */
  guint64           refuse_serial;    /* [sim] refuse-serial, 0: none */
  char             *migrate_dir;      /* [sim] migrate-dir, shared by simulated hosts */
  char             *host_name;        /* this host's name in the policy */
  GRand            *rand;
  guint             tick_ms;
  guint             tick_id;
  guint             cpus;
  guint64           memory_kib;
  int               next_domid;

  gpointer          blob_copy;        /* 8-byte aligned copy the guard reads */
  GBytes           *blob;
  struct xng_policy pol;
  gboolean          have_policy;

  struct xng_violation *slots;
  struct xng_ring   ring;

  guint64           decided;
  guint64           denied;
  guint64           n_violations;
};

#define XN_TYPE_BACKEND_SIM (xn_backend_sim_get_type ())
G_DECLARE_FINAL_TYPE (XnBackendSim, xn_backend_sim, XN, BACKEND_SIM, XnBackend)
G_DEFINE_FINAL_TYPE (XnBackendSim, xn_backend_sim, XN_TYPE_BACKEND)

static void
sim_domain_free (gpointer data)
{
  SimDomain *d = data;

  g_free (d->name);
  g_clear_pointer (&d->calls, g_array_unref);
  g_free (d);
}

/* A stopped domain with handle @uuid, nothing more. */
static SimDomain *
sim_domain_new (const char *uuid)
{
  SimDomain *d = g_new0 (SimDomain, 1);

  g_strlcpy (d->uuid, uuid, sizeof d->uuid);
  xn_hostd_parse_uuid (uuid, d->raw_uuid);
  d->calls = g_array_new (FALSE, FALSE, sizeof (guint32));
  d->domid = -1;
  d->state = XN_DOMAIN_STATE_STOPPED;
  return d;
}

/* The hypercalls a well-behaved guest of this profile makes: each allowed
 * hypercall, with the first sub-op the profile allows. */
static void
bind_domain (XnBackendSim *self,
             SimDomain    *d)
{
  const struct xng_blob_profile *p;

  d->dom_index = self->have_policy ? xng_lookup_domain (&self->pol, d->raw_uuid) : -1;
  memset (&d->guard, 0, sizeof d->guard);
  g_array_set_size (d->calls, 0);
  if (d->dom_index < 0)
    return;
  p = &self->pol.profiles[self->pol.domains[d->dom_index].profile];
  for (guint hc = 0; hc < XNG_N_HYPERCALLS; hc++)
    {
      guint32 pair[2] = { hc, 0 };
      int slot;

      if ((p->hcalls & (G_GUINT64_CONSTANT (1) << hc)) == 0)
        continue;
      slot = xng_mux_slot (hc);
      if (slot >= 0 && (p->subop_all & (1u << slot)) == 0)
        {
          guint op;

          for (op = 0; op < XNG_N_SUBOPS; op++)
            if (p->subops[slot][op / 64] & (G_GUINT64_CONSTANT (1) << (op % 64)))
              break;
          if (op == XNG_N_SUBOPS)
            continue;
          pair[1] = op;
        }
      g_array_append_vals (d->calls, pair, 2);
    }
}

static void
set_state (XnBackendSim  *self,
           SimDomain     *d,
           XnDomainState  state)
{
  if (d->state == state)
    return;
  if (state == XN_DOMAIN_STATE_RUNNING && d->state == XN_DOMAIN_STATE_STOPPED)
    {
      d->domid = d->is_dom0 ? 0 : self->next_domid++;
      memset (&d->guard, 0, sizeof d->guard);
      d->call_credit = 0;
    }
  if (state == XN_DOMAIN_STATE_STOPPED)
    d->domid = -1;
  d->state = state;
  xn_backend_emit_state (XN_BACKEND (self), d->uuid, state);
}

static void
issue (XnBackendSim *self,
       SimDomain    *d,
       guint         hcall,
       guint64       subop,
       guint64       now_ns)
{
  struct xng_violation v;
  enum xng_verdict verdict;

  if (!self->have_policy || d->state != XN_DOMAIN_STATE_RUNNING)
    return;
  verdict = xng_check_hypercall (&self->pol, &d->guard, d->dom_index, hcall,
                                 (unsigned long) subop, now_ns, &v);
  self->decided++;
  d->hypercalls++;
  if (verdict == XNG_ALLOW)
    return;
  if (v.deny)
    self->denied++;
  self->n_violations++;
  d->violations++;
  if (v.dom_index < 0)
    memcpy (v.uuid, d->raw_uuid, 16);   /* lets the daemon name the domain */
  /* As the patched Xen does: a domain's records beyond its share are
   * counted, not stored. */
  if (xng_record_share (&d->guard, &v, now_ns))
    xng_ring_push (&self->ring, &v);
  else
    xng_ring_drop (&self->ring);
  if (v.action == XNG_ACTION_PAUSE)
    set_state (self, d, XN_DOMAIN_STATE_PAUSED);
  else if (v.action == XNG_ACTION_DESTROY)
    set_state (self, d, XN_DOMAIN_STATE_STOPPED);
}

/* A simulated migration hands the domain over through [sim] migrate-dir:
 * the source leaves a file named by its UUID in the target's directory
 * and stops it; the target picks it up here and runs it, as Xen's
 * migrate-receive would. */
static char *
migrate_inbox (XnBackendSim *self,
               const char   *host)
{
  return g_build_filename (self->migrate_dir, host, NULL);
}

static void
receive_migrations (XnBackendSim *self)
{
  g_autofree char *inbox = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *entry;

  if (self->migrate_dir == NULL || self->host_name == NULL)
    return;
  inbox = migrate_inbox (self, self->host_name);
  if ((dir = g_dir_open (inbox, 0, NULL)) == NULL)
    return;
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (inbox, entry, NULL);
      SimDomain *d = g_hash_table_lookup (self->by_uuid, entry);

      if (d != NULL && d->state == XN_DOMAIN_STATE_STOPPED)
        set_state (self, d, XN_DOMAIN_STATE_RUNNING);
      else
        g_warning ("A migrated domain %s arrived that this host cannot run", entry);
      g_unlink (path);
    }
}

static void
xn_backend_sim_migrate_domain_async (XnBackend           *backend,
                                     const char          *uuid,
                                     const char          *target_name,
                                     const char          *address,
                                     guint                port,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  XnBackendSim *self = XN_BACKEND_SIM (backend);
  g_autoptr(GTask) task = g_task_new (backend, cancellable, callback, user_data);
  SimDomain *d = g_hash_table_lookup (self->by_uuid, uuid);
  g_autofree char *inbox = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  g_task_set_source_tag (task, xn_backend_sim_migrate_domain_async);
  if (self->migrate_dir == NULL)
    {
      g_task_return_new_error (task, XN_BACKEND_ERROR, XN_BACKEND_ERROR_UNAVAILABLE,
                               _("This simulated host has no [sim] migrate-dir shared with “%s”"),
                               target_name);
      return;
    }
  if (d == NULL || d->state == XN_DOMAIN_STATE_STOPPED || d->is_dom0)
    {
      g_task_return_new_error (task, XN_BACKEND_ERROR, XN_BACKEND_ERROR_STATE,
                               _("Domain %s does not run here"), uuid);
      return;
    }
  inbox = migrate_inbox (self, target_name);
  path = g_build_filename (inbox, uuid, NULL);
  if (g_mkdir_with_parents (inbox, 0700) != 0 || !g_file_set_contents (path, "", 0, &error))
    {
      g_task_return_new_error (task, XN_BACKEND_ERROR, XN_BACKEND_ERROR_FAILED,
                               _("Cannot hand domain %s over to “%s”: %s"), d->name, target_name,
                               error != NULL ? error->message : g_strerror (errno));
      return;
    }
  set_state (self, d, XN_DOMAIN_STATE_STOPPED);
  g_task_return_boolean (task, TRUE);
}

static gboolean
tick_cb (gpointer user_data)
{
  XnBackendSim *self = user_data;
  guint64 now_ns = (guint64) g_get_monotonic_time () * 1000;
  double secs = self->tick_ms / 1000.0;

  receive_migrations (self);

  for (guint i = 0; i < self->domains->len; i++)
    {
      SimDomain *d = g_ptr_array_index (self->domains, i);
      const struct xng_blob_profile *p;
      double rate;
      double load;
      guint n;

      if (d->state != XN_DOMAIN_STATE_RUNNING)
        continue;
      d->tick_no++;
      load = 0.05 + 0.4 * g_rand_double (self->rand);
      d->cpu_ns += (guint64) (load * secs * 1e9 * d->vcpus);
      d->net_rx += (guint64) g_rand_int_range (self->rand, 0, 200000 * (int) self->tick_ms / 100 + 1);
      d->net_tx += (guint64) g_rand_int_range (self->rand, 0, 100000 * (int) self->tick_ms / 100 + 1);
      d->disk_rd += (guint64) g_rand_int_range (self->rand, 0, 400000 * (int) self->tick_ms / 100 + 1);
      d->disk_wr += (guint64) g_rand_int_range (self->rand, 0, 150000 * (int) self->tick_ms / 100 + 1);

      if (d->stray && d->tick_no % MAX (1u, 1000 / self->tick_ms) == 1)
        {
          /* A domain started by hand, outside the policy: it looks
           * around once a second. */
          issue (self, d, XNG_HC_XEN_VERSION, 1 /* XENVER_extraversion */, now_ns);
          issue (self, d, 35 /* sysctl */, 0, now_ns);
        }
      /* [sim] stray-rate: a stray that floods, calls a second. */
      if (d->stray && self->stray_rate > 0)
        {
          d->call_credit += self->stray_rate * secs;
          n = (guint) d->call_credit;
          d->call_credit -= n;
          for (guint c = 0; c < n; c++)
            issue (self, d, XNG_HC_XEN_VERSION, 0, now_ns);
        }
      if (d->dom_index < 0 || d->calls->len == 0)
        continue;
      p = &self->pol.profiles[self->pol.domains[d->dom_index].profile];
      /* Half the profile's rate keeps a normal guest clear of the limit. */
      rate = p->hmax > 0 ? p->hmax / 2.0 : 50.0;
      d->call_credit += rate * secs;
      n = (guint) d->call_credit;
      d->call_credit -= n;
      for (guint c = 0; c < n; c++)
        {
          guint k = g_rand_int_range (self->rand, 0, (int) (d->calls->len / 2));

          issue (self, d, g_array_index (d->calls, guint32, 2 * k),
                 g_array_index (d->calls, guint32, 2 * k + 1), now_ns);
        }

      if (!d->misbehave)
        continue;
      /* About once a second each probe; the flood runs at four times the
       * profile's rate (or 400/s). */
      if (d->tick_no % MAX (1u, 1000 / self->tick_ms) == 1)
        {
          issue (self, d, XNG_HC_XEN_VERSION, 1 /* XENVER_extraversion */, now_ns);
          issue (self, d, XNG_HC_MEMORY_OP, 9 /* XENMEM_memory_map */, now_ns);
          issue (self, d, XNG_HC_MEMORY_OP, 10 /* XENMEM_machine_memory_map */, now_ns);
          issue (self, d, 35 /* sysctl */, 0, now_ns);
        }
      /* The flood starts after three seconds, so the probes show first. */
      n = d->tick_no * self->tick_ms < 3000 ? 0
          : (guint) ((p->hmax > 0 ? p->hmax * 4.0 : 400.0) * secs);
      for (guint c = 0; c < n; c++)
        issue (self, d, XNG_HC_SCHED_OP, 0 /* SCHEDOP_yield */, now_ns);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
xn_backend_sim_start (XnBackend  *backend,
                      GError    **error)
{
  XnBackendSim *self = XN_BACKEND_SIM (backend);

  if (self->tick_id == 0)
    self->tick_id = g_timeout_add (self->tick_ms, tick_cb, self);
  return TRUE;
}

typedef struct
{
  XnBackendSim *self;
  GPtrArray    *fresh;
} SetHostState;

static void
collect_domain (gpointer item,
                gpointer user_data)
{
  SetHostState *st = user_data;
  XnDomain *dom = item;
  const char *uuid = xn_object_get_uuid (XN_OBJECT (dom));
  SimDomain *d = g_hash_table_lookup (st->self->by_uuid, uuid);

  if (d != NULL)
    {
      /* Kept across a policy change: it keeps running. */
      g_ptr_array_remove (st->self->domains, d);
    }
  else
    d = sim_domain_new (uuid);
  g_free (d->name);
  d->name = g_strdup (xn_object_get_name (XN_OBJECT (dom)));
  d->is_dom0 = xn_domain_is_domain0 (dom);
  d->misbehave = st->self->misbehaving != NULL
                 && g_strv_contains ((const char * const *) st->self->misbehaving, d->name);
  d->vcpus = MAX (xn_domain_get_vcpus (dom), 1);
  d->memory_kib = (guint64) MAX (xn_domain_get_memory (dom), d->is_dom0 ? 2048 : 128) * 1024;
  g_ptr_array_add (st->fresh, d);
}

static gboolean
xn_backend_sim_set_host (XnBackend  *backend,
                         XnPolicy   *policy,
                         XnHost     *host,
                         GError    **error)
{
  XnBackendSim *self = XN_BACKEND_SIM (backend);
  SetHostState st = { self, g_ptr_array_new_with_free_func (sim_domain_free) };

  g_ptr_array_set_free_func (self->domains, NULL);
  g_free (self->host_name);
  self->host_name = g_strdup (xn_object_get_name (XN_OBJECT (host)));
  xn_hostd_foreach_placed_domain (policy, host, collect_domain, &st);
  /* Strays are no policy's: they stay as they are. */
  for (guint i = 0; i < self->domains->len; )
    {
      SimDomain *d = g_ptr_array_index (self->domains, i);

      if (d->stray)
        g_ptr_array_add (st.fresh, g_ptr_array_steal_index (self->domains, i));
      else
        i++;
    }
  /* Domains that left the policy are stopped and dropped. */
  g_ptr_array_set_free_func (self->domains, sim_domain_free);
  g_ptr_array_unref (self->domains);
  self->domains = st.fresh;

  g_hash_table_remove_all (self->by_uuid);
  for (guint i = 0; i < self->domains->len; i++)
    {
      SimDomain *d = g_ptr_array_index (self->domains, i);

      g_hash_table_insert (self->by_uuid, d->uuid, d);
      if (d->is_dom0 && d->state == XN_DOMAIN_STATE_STOPPED)
        set_state (self, d, XN_DOMAIN_STATE_RUNNING);
      bind_domain (self, d);
    }
  return TRUE;
}

static GPtrArray *
xn_backend_sim_list_domains (XnBackend *backend)
{
  XnBackendSim *self = XN_BACKEND_SIM (backend);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) xn_backend_domain_free);

  for (guint i = 0; i < self->domains->len; i++)
    {
      SimDomain *d = g_ptr_array_index (self->domains, i);
      XnBackendDomain *bd = g_new0 (XnBackendDomain, 1);

      memcpy (bd->uuid, d->uuid, sizeof bd->uuid);
      bd->name = g_strdup (d->name);
      bd->domid = d->domid;
      bd->state = d->state;
      bd->cpu_ns = d->cpu_ns;
      bd->vcpus = d->vcpus;
      bd->memory_kib = d->state == XN_DOMAIN_STATE_STOPPED ? 0 : d->memory_kib;
      bd->net_rx_bytes = d->net_rx;
      bd->net_tx_bytes = d->net_tx;
      bd->disk_read_bytes = d->disk_rd;
      bd->disk_write_bytes = d->disk_wr;
      bd->hypercalls = d->hypercalls;
      bd->violations = d->violations;
      g_ptr_array_add (out, bd);
    }
  return out;
}

static gboolean
xn_backend_sim_domain_op (XnBackend      *backend,
                          const char     *uuid,
                          XnDomainState   target,
                          gboolean        graceful,
                          GError        **error)
{
  XnBackendSim *self = XN_BACKEND_SIM (backend);
  SimDomain *d = g_hash_table_lookup (self->by_uuid, uuid);
  XnDomainState from;

  if (d == NULL)
    {
      g_set_error (error, XN_BACKEND_ERROR, XN_BACKEND_ERROR_NOT_FOUND,
                   _("No domain with UUID %s on this host"), uuid);
      return FALSE;
    }
  from = d->state;
  if (d->is_dom0 && target != XN_DOMAIN_STATE_RUNNING)
    {
      g_set_error (error, XN_BACKEND_ERROR, XN_BACKEND_ERROR_STATE,
                   _("Domain-0 cannot be stopped or paused"));
      return FALSE;
    }
  if ((target == XN_DOMAIN_STATE_RUNNING && graceful && from != XN_DOMAIN_STATE_STOPPED)
      || (target == XN_DOMAIN_STATE_RUNNING && !graceful && from != XN_DOMAIN_STATE_PAUSED)
      || (target == XN_DOMAIN_STATE_PAUSED && from != XN_DOMAIN_STATE_RUNNING)
      || (target == XN_DOMAIN_STATE_STOPPED && from == XN_DOMAIN_STATE_STOPPED))
    {
      g_set_error (error, XN_BACKEND_ERROR, XN_BACKEND_ERROR_STATE,
                   _("Domain “%s” is %s"), d->name, xn_domain_state_to_string (from));
      return FALSE;
    }
  /* As the patched Xen does at a controller's unpause. */
  if (target == XN_DOMAIN_STATE_RUNNING && from == XN_DOMAIN_STATE_PAUSED)
    xng_rearm (&d->guard);
  set_state (self, d, target);
  return TRUE;
}

static gboolean
xn_backend_sim_load_blob (XnBackend  *backend,
                          GBytes     *blob,
                          GError    **error)
{
  XnBackendSim *self = XN_BACKEND_SIM (backend);
  struct xng_policy pol;
  gsize len;
  const void *data = g_bytes_get_data (blob, &len);
  gpointer copy = g_malloc (MAX (len, 8));
  int rc;

  /* [sim] fail-loads-from=N: the Nth load and every one after fail, as a
   * hypervisor that stops taking blobs would (tests of a failed push
   * whose restore fails too). */
  if (self->fail_loads_from > 0 && ++self->loads >= self->fail_loads_from)
    {
      g_set_error (error, XN_BACKEND_ERROR, XN_BACKEND_ERROR_FAILED,
                   _("The simulated guard takes no more blobs (load %u)"), self->loads);
      g_free (copy);
      return FALSE;
    }
  memcpy (copy, data, len);
  rc = xng_blob_parse (&pol, copy, len);
  /* Like the patched Xen: no blob older than one loaded since start. */
  if (rc == 0)
    rc = xng_blob_check_serial (&pol, self->serial_floor);
  /* [sim] refuse-serial=N: a guard that refuses that one blob, after the
   * switches took it (tests of a push failing at its last step). */
  if (rc == 0 && self->refuse_serial != 0 && pol.serial == self->refuse_serial)
    {
      g_set_error (error, XN_BACKEND_ERROR, XN_BACKEND_ERROR_BAD_BLOB,
                   _("The simulated guard refuses the blob of serial %" PRIu64), (uint64_t) pol.serial);
      g_free (copy);
      return FALSE;
    }
  if (rc != 0)
    {
      g_set_error (error, XN_BACKEND_ERROR, XN_BACKEND_ERROR_BAD_BLOB,
                   _("The guard refused the blob: %s (%s)"), xng_strerror (rc),
                   pol.why ? pol.why : "");
      g_free (copy);
      return FALSE;
    }
  g_free (self->blob_copy);
  self->blob_copy = copy;
  self->pol = pol;
  self->serial_floor = pol.serial;
  self->have_policy = TRUE;
  g_clear_pointer (&self->blob, g_bytes_unref);
  self->blob = g_bytes_ref (blob);
  for (guint i = 0; i < self->domains->len; i++)
    bind_domain (self, g_ptr_array_index (self->domains, i));
  return TRUE;
}

static GBytes *
xn_backend_sim_get_blob (XnBackend *backend)
{
  XnBackendSim *self = XN_BACKEND_SIM (backend);

  return self->blob ? g_bytes_ref (self->blob) : NULL;
}

static guint
xn_backend_sim_drain_violations (XnBackend            *backend,
                                 struct xng_violation *out,
                                 guint                 max,
                                 guint64              *dropped)
{
  XnBackendSim *self = XN_BACKEND_SIM (backend);
  /* As Xen drains: copy out, then take off the ring. */
  guint n = xng_ring_peek (&self->ring, out, max, dropped);

  xng_ring_consume (&self->ring, n);
  return n;
}

static void
xn_backend_sim_get_info (XnBackend     *backend,
                         XnBackendInfo *info)
{
  XnBackendSim *self = XN_BACKEND_SIM (backend);
  guint64 used = 0;

  for (guint i = 0; i < self->domains->len; i++)
    {
      SimDomain *d = g_ptr_array_index (self->domains, i);

      if (d->state != XN_DOMAIN_STATE_STOPPED)
        used += d->memory_kib;
    }
  info->hypervisor = g_strdup (_("simulated Xen 4.17"));
  info->cpus = self->cpus;
  info->memory_kib = self->memory_kib;
  info->free_memory_kib = self->memory_kib > used ? self->memory_kib - used : 0;
  info->guard = TRUE;
  info->guard_message = g_strdup (_("simulated guard (hvpatch/guard core)"));
  info->blob_serial = self->have_policy ? self->pol.serial : 0;
  info->blob_size = self->blob ? (guint) g_bytes_get_size (self->blob) : 0;
  info->blob_domains = self->have_policy ? self->pol.n_domains : 0;
  info->blob_profiles = self->have_policy ? self->pol.n_profiles : 0;
  info->hypercalls = self->decided;
  info->denied = self->denied;
  info->violations = self->n_violations;
  info->dropped = self->ring.dropped;
}

static void
xn_backend_sim_finalize (GObject *object)
{
  XnBackendSim *self = XN_BACKEND_SIM (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_pointer (&self->domains, g_ptr_array_unref);
  g_clear_pointer (&self->by_uuid, g_hash_table_unref);
  g_clear_pointer (&self->misbehaving, g_strfreev);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->blob, g_bytes_unref);
  g_clear_pointer (&self->blob_copy, g_free);
  g_clear_pointer (&self->slots, g_free);
  g_clear_pointer (&self->migrate_dir, g_free);
  g_clear_pointer (&self->host_name, g_free);

  G_OBJECT_CLASS (xn_backend_sim_parent_class)->finalize (object);
}

static void
xn_backend_sim_class_init (XnBackendSimClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  XnBackendClass *backend_class = XN_BACKEND_CLASS (klass);

  object_class->finalize = xn_backend_sim_finalize;
  backend_class->start = xn_backend_sim_start;
  backend_class->set_host = xn_backend_sim_set_host;
  backend_class->list_domains = xn_backend_sim_list_domains;
  backend_class->domain_op = xn_backend_sim_domain_op;
  backend_class->load_blob = xn_backend_sim_load_blob;
  backend_class->get_blob = xn_backend_sim_get_blob;
  backend_class->drain_violations = xn_backend_sim_drain_violations;
  backend_class->get_info = xn_backend_sim_get_info;
  backend_class->migrate_domain_async = xn_backend_sim_migrate_domain_async;
}

static void
xn_backend_sim_init (XnBackendSim *self)
{
  self->domains = g_ptr_array_new_with_free_func (sim_domain_free);
  self->by_uuid = g_hash_table_new (g_str_hash, g_str_equal);
  self->slots = g_new0 (struct xng_violation, RING_SLOTS);
  xng_ring_init (&self->ring, self->slots, RING_SLOTS);
  self->next_domid = 1;
}

XnBackend *
xn_backend_sim_new (GKeyFile *config)
{
  XnBackendSim *self = g_object_new (XN_TYPE_BACKEND_SIM, NULL);
  g_autoptr(GError) error = NULL;
  int tick;

  tick = g_key_file_get_integer (config, "sim", "tick-ms", &error);
  self->tick_ms = error == NULL && tick > 0 ? (guint) tick : 100;
  g_clear_error (&error);
  self->misbehaving = g_key_file_get_string_list (config, "sim", "misbehave", NULL, &error);
  if (error != NULL)
    self->misbehaving = g_strsplit ("user_vm_1", ",", -1);
  self->cpus = g_key_file_get_integer (config, "sim", "cpus", NULL);
  if (self->cpus == 0)
    self->cpus = 8;
  self->memory_kib = (guint64) g_key_file_get_uint64 (config, "sim", "memory-kib", NULL);
  if (self->memory_kib == 0)
    self->memory_kib = 16 * 1024 * 1024;
  self->rand = g_rand_new_with_seed ((guint32) g_key_file_get_integer (config, "sim", "seed", NULL));
  self->stray_rate = g_key_file_get_double (config, "sim", "stray-rate", NULL);
  self->fail_loads_from = (guint) MAX (0, g_key_file_get_integer (config, "sim", "fail-loads-from", NULL));
  self->refuse_serial = g_key_file_get_uint64 (config, "sim", "refuse-serial", NULL);
  self->migrate_dir = g_key_file_get_string (config, "sim", "migrate-dir", NULL);
  {
    g_auto(GStrv) strays = g_key_file_get_string_list (config, "sim", "stray", NULL, NULL);

    for (guint i = 0; strays != NULL && strays[i] != NULL; i++)
      {
        g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_MD5, strays[i], -1);
        g_autofree char *uuid = NULL;
        SimDomain *d;

        /* A handle of its own, the same at every start. */
        uuid = g_strdup_printf ("%.8s-%.4s-%.4s-%.4s-%.12s", sum, sum + 8, sum + 12, sum + 16, sum + 20);
        d = sim_domain_new (uuid);
        d->name = g_strdup (strays[i]);
        d->stray = TRUE;
        d->dom_index = -1;
        d->vcpus = 1;
        d->memory_kib = 128 * 1024;
        g_ptr_array_add (self->domains, d);
        g_hash_table_insert (self->by_uuid, d->uuid, d);
        set_state (self, d, XN_DOMAIN_STATE_RUNNING);
      }
  }
  return XN_BACKEND (self);
}
