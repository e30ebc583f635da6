/* xn-hostd-monitor.c: watching the domains
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The guard's violation records drained into the store, the retention of
 * live violations, and the performance samples.
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

/* At most this many records are drained per tick: a guest refilling the
 * ring as fast as it is read must not keep the main loop from callers.
 * What the ring cannot hold meanwhile the guard counts as dropped, and
 * the count is audited (drain_cb). */
#define DRAIN_MAX_PER_TICK 1024

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
  _xn_hostd_actor_init (self, &a, G_MAXUINT);
  if (!xn_store_retain_violations (self->store, &a.actor, self->retention, &n, &error))
    g_warning ("Retention: cannot archive the oldest violations: %s", error->message);
  else if (n > 0)
    g_message ("Retention: archived the %" G_GUINT64_FORMAT " oldest violations to keep %"
               G_GUINT64_FORMAT " live", n, self->retention);
  _xn_hostd_actor_clear (&a);
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
gboolean
_xn_hostd_drain_cb (gpointer user_data)
{
  XnHostd *self = user_data;
  g_autoptr(GArray) batch = g_array_new (FALSE, TRUE, sizeof (XnViolation));
  g_autoptr(GStringChunk) strings = g_string_chunk_new (4096);
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  struct xng_violation buf[256];
  guint64 last = 0;
  guint64 dropped = 0, dropped_max = 0;
  g_autoptr(GPtrArray) running = NULL;   /* listed once a tick, if needed */
  guint n, total = 0;
  gint64 now = g_get_monotonic_time ();

  xn_journal_limit_flush (self->journal_limit, now, FALSE, xn_journal_held, NULL);
  do
    {
      n = xn_backend_drain_violations (self->backend, buf, G_N_ELEMENTS (buf), &dropped);
      dropped_max = MAX (dropped_max, dropped);
      total += n;
      for (guint i = 0; i < n; i++)
        {
          XnViolation v = { 0 };
          char info[256];
          char uuid[37];
          XnDomain *dom;
          const char *sub;

          format_uuid (buf[i].uuid, uuid);
          xng_format_violation (&buf[i], info, sizeof info);
          dom = _xn_hostd_find_domain (self, uuid);
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
  while (n > 0 && total < DRAIN_MAX_PER_TICK);
  if (dropped_max > self->dropped_seen
      && (self->dropped_logged == 0 || now - self->dropped_logged >= XN_JOURNAL_WINDOW_US))
    {
      /* Records the hypervisor could not keep are a loss the audit
       * chain must show, with how many (the guard counts them): one
       * row a window, not one a tick, while a guest floods. */
      g_autofree char *detail = g_strdup_printf (
        "%" G_GUINT64_FORMAT " violation records not kept by the hypervisor "
        "(a domain over its share of the ring, or the ring full); %"
        G_GUINT64_FORMAT " since it started",
        dropped_max - self->dropped_seen, dropped_max);

      xn_journal_lost ((guint) MIN (dropped_max - self->dropped_seen, G_MAXUINT),
                       "the hypervisor did not keep them (a domain over its share "
                       "of the ring, or the ring full)");
      _xn_hostd_audit (self, G_MAXUINT, "Violation", "guard", "failed", detail);
      self->dropped_seen = dropped_max;
      self->dropped_logged = now;
    }
  if (batch->len > 0 && _xn_hostd_store_free_bytes (self) < STORE_LOW_BYTES)
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
              _xn_hostd_audit (self, G_MAXUINT, "Violation", "store", "failed", row);
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
      _xn_hostd_audit (self, G_MAXUINT, "Violation", "store", "failed", detail);
      return G_SOURCE_CONTINUE;
    }
  for (guint i = 0; i < batch->len; i++)
    {
      const XnViolation *v = &g_array_index (batch, XnViolation, i);
      guint64 seq = last - batch->len + 1 + i;

      if (xn_journal_limit_admit (self->journal_limit, v->domain_uuid, v->domain_name, seq, now))
        xn_journal_violation (v, seq, self->policy ? xn_policy_get_serial (self->policy) : 0);
    }
  /* The backend took the action; the daemon's act is audited after the
   * violations that caused it. */
  for (guint i = 0; i + 2 < actions->len; i += 3)
    _xn_hostd_audit (self, G_MAXUINT, g_ptr_array_index (actions, i), g_ptr_array_index (actions, i + 1),
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

gboolean
_xn_hostd_sample_cb (gpointer user_data)
{
  XnHostd *self = user_data;
  g_autoptr(GPtrArray) doms = xn_backend_sample_domains (self->backend);
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

  _xn_hostd_agents_sync (self, doms);
  g_ptr_array_set_size (self->latest, 0);
  for (guint i = 0; i < doms->len; i++)
    {
      XnBackendDomain *d = g_ptr_array_index (doms, i);
      XnBackendDomain *p = g_hash_table_lookup (self->prev_counters, d->uuid);
      g_autoptr(GHashTable) m = new_metrics ();
      XnDomain *dom = _xn_hostd_find_domain (self, d->uuid);
      XnTag *tag = dom ? _xn_hostd_domain_tag (dom) : NULL;
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
