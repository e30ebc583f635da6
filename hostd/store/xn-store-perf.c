/* xn-store-perf.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The performance history: samples folded into buckets of several
 * resolutions, pruned as they expire (see xn-store.c). */

#define G_LOG_DOMAIN "xn-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "xn-store-private.h"

/* ------------------------------------------------ performance history */

/**
 * xn_store_set_perf_tiers:
 * @self: a store
 * @tiers: (array length=n_tiers): finest first
 * @n_tiers: 1 to %XN_STORE_MAX_PERF_TIERS
 * @error: return location for an error
 *
 * Replaces the resolutions of the performance history (the default is
 * 5 s for 10 min, 1 min for 2 h, 1 h for a week, 1 day for a year). Set
 * them before the first sample after opening; tiers are stored by index.
 *
 * Returns: %TRUE if the table is valid and now in use
 */
gboolean
xn_store_set_perf_tiers (XnStore           *self,
                         const XnPerfTier  *tiers,
                         guint              n_tiers,
                         GError           **error)
{
  g_return_val_if_fail (XN_IS_STORE (self), FALSE);

  if (n_tiers == 0 || n_tiers > XN_STORE_MAX_PERF_TIERS)
    {
      g_set_error (error, XN_STORE_ERROR, XN_STORE_ERROR_INVALID,
                   _("%s: between 1 and %d performance tiers are allowed, not %u"),
                   self->path, XN_STORE_MAX_PERF_TIERS, n_tiers);
      return FALSE;
    }
  for (guint i = 0; i < n_tiers; i++)
    if (tiers[i].resolution <= 0 || tiers[i].retention < tiers[i].resolution ||
        (i > 0 && tiers[i].resolution <= tiers[i - 1].resolution))
      {
        g_set_error (error, XN_STORE_ERROR, XN_STORE_ERROR_INVALID,
                     _("%s: performance tier %u: resolutions must grow from tier to tier"
                       " and each retention must hold at least one bucket"),
                     self->path, i);
        return FALSE;
      }

  memcpy (self->tiers, tiers, n_tiers * sizeof *tiers);
  self->n_tiers = n_tiers;
  memset (self->next_prune, 0, sizeof self->next_prune);
  return TRUE;
}

/**
 * xn_store_get_perf_tiers:
 * @self: a store
 * @n_tiers: (out): how many
 *
 * Returns: (transfer none) (array length=n_tiers): the tiers, finest first
 */
const XnPerfTier *
xn_store_get_perf_tiers (XnStore *self,
                         guint   *n_tiers)
{
  g_return_val_if_fail (XN_IS_STORE (self), NULL);
  *n_tiers = self->n_tiers;
  return self->tiers;
}

static inline gint64
bucket_start (gint64 t,
              gint64 width)
{
  gint64 q = t / width;

  if (t % width < 0)
    q--;
  /* The start of the bucket holding G_MININT64 (a caller's "from the
   * beginning") lies below it: no time is earlier anyway. */
  if (q < G_MININT64 / width)
    return G_MININT64;
  return q * width;
}

/**
 * xn_store_add_perf_samples:
 * @self: a store
 * @time: when they were taken, µs since the epoch; 0 means now
 * @samples: (array length=n_samples): one per domain, plus the host
 *   total (@domain_uuid %NULL) if the caller keeps one; output fields
 *   are ignored
 * @n_samples: how many
 * @error: return location for an error
 *
 * Folds the samples into the current bucket of every tier and prunes
 * buckets past their tier's retention, in one (not fsync'ed) transaction.
 *
 * Returns: %TRUE on success
 */
gboolean
xn_store_add_perf_samples (XnStore             *self,
                           gint64               time,
                           const XnPerfSample  *samples,
                           guint                n_samples,
                           GError             **error)
{
  gint64 now;

  g_return_val_if_fail (XN_IS_STORE (self), FALSE);
  g_return_val_if_fail (samples != NULL || n_samples == 0, FALSE);

  now = _xn_store_now (self);
  if (time == 0)
    time = now;

  if (!_xn_store_begin (self, FALSE, error))
    return FALSE;

  for (guint i = 0; i < n_samples; i++)
    {
      const XnPerfSample *s = &samples[i];

      for (guint t = 0; t < self->n_tiers; t++)
        {
          /* A running mean weighted by count: the bucket is the average
           * of every raw sample in it, however many tiers up. */
          sqlite3_stmt *stmt = _xn_store_stmt (self,
              "INSERT INTO perf (tier, domain, time, n, cpu, mem, net_rx, net_tx, "
              "disk_rd, disk_wr, hcalls, viols, cpu_max, hcalls_max, viols_max) "
              "VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?4, ?10, ?11) "
              "ON CONFLICT (tier, domain, time) DO UPDATE SET "
              "n = n + 1, "
              "cpu = cpu + (excluded.cpu - cpu) / (n + 1), "
              "mem = mem + (excluded.mem - mem) / (n + 1), "
              "net_rx = net_rx + (excluded.net_rx - net_rx) / (n + 1), "
              "net_tx = net_tx + (excluded.net_tx - net_tx) / (n + 1), "
              "disk_rd = disk_rd + (excluded.disk_rd - disk_rd) / (n + 1), "
              "disk_wr = disk_wr + (excluded.disk_wr - disk_wr) / (n + 1), "
              "hcalls = hcalls + (excluded.hcalls - hcalls) / (n + 1), "
              "viols = viols + (excluded.viols - viols) / (n + 1), "
              "cpu_max = max (cpu_max, excluded.cpu_max), "
              "hcalls_max = max (hcalls_max, excluded.hcalls_max), "
              "viols_max = max (viols_max, excluded.viols_max)", error);

          if (stmt == NULL)
            goto fail;
          sqlite3_bind_int (stmt, 1, t);
          sqlite3_bind_text (stmt, 2, s->domain_uuid != NULL ? s->domain_uuid : "", -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 3, bucket_start (time, self->tiers[t].resolution));
          sqlite3_bind_double (stmt, 4, s->cpu_percent);
          sqlite3_bind_double (stmt, 5, s->memory_bytes);
          sqlite3_bind_double (stmt, 6, s->net_rx);
          sqlite3_bind_double (stmt, 7, s->net_tx);
          sqlite3_bind_double (stmt, 8, s->disk_read);
          sqlite3_bind_double (stmt, 9, s->disk_write);
          sqlite3_bind_double (stmt, 10, s->hypercalls);
          sqlite3_bind_double (stmt, 11, s->violations);
          if (!_xn_store_step_done (self, stmt, error))
            goto fail;
        }
    }

  for (guint t = 0; t < self->n_tiers; t++)
    {
      sqlite3_stmt *stmt;

      if (now < self->next_prune[t])
        continue;
      stmt = _xn_store_stmt (self, "DELETE FROM perf WHERE tier = ?1 AND time < ?2", error);
      if (stmt == NULL)
        goto fail;
      /* A bucket goes once it lies wholly before the retention window. */
      sqlite3_bind_int (stmt, 1, t);
      sqlite3_bind_int64 (stmt, 2, now - self->tiers[t].retention - self->tiers[t].resolution + 1);
      if (!_xn_store_step_done (self, stmt, error))
        goto fail;
      self->next_prune[t] = now + self->tiers[t].resolution;
    }

  return _xn_store_commit (self, error);

fail:
  _xn_store_rollback (self);
  memset (self->next_prune, 0, sizeof self->next_prune);
  return FALSE;
}

/**
 * xn_store_get_history:
 * @self: a store
 * @domain_uuid: (nullable): the domain, or %NULL for the host total
 * @tier: index into the tier table
 * @from: µs since the epoch
 * @to: µs since the epoch
 * @error: return location for an error
 *
 * The buckets of one tier that overlap [@from, @to], oldest first.
 *
 * Returns: (transfer full) (element-type XnPerfSample): the buckets
 *   (their @domain_uuid is %NULL), or %NULL on error
 */
GArray *
xn_store_get_history (XnStore     *self,
                      const char  *domain_uuid,
                      guint        tier,
                      gint64       from,
                      gint64       to,
                      GError     **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (XnPerfSample));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (XN_IS_STORE (self), NULL);

  if (tier >= self->n_tiers)
    {
      g_set_error (error, XN_STORE_ERROR, XN_STORE_ERROR_INVALID,
                   _("%s: no performance tier %u (there are %u)"),
                   self->path, tier, self->n_tiers);
      return NULL;
    }

  stmt = _xn_store_stmt (self,
      "SELECT time, n, cpu, mem, net_rx, net_tx, disk_rd, disk_wr, hcalls, viols, "
      "cpu_max, hcalls_max, viols_max FROM perf "
      "WHERE tier = ?1 AND domain = ?2 AND time >= ?3 AND time <= ?4 ORDER BY time", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, tier);
  sqlite3_bind_text (stmt, 2, domain_uuid != NULL ? domain_uuid : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, bucket_start (from, self->tiers[tier].resolution));
  sqlite3_bind_int64 (stmt, 4, to);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      XnPerfSample s = { 0 };

      s.time = sqlite3_column_int64 (stmt, 0);
      s.n_samples = sqlite3_column_int (stmt, 1);
      s.cpu_percent = sqlite3_column_double (stmt, 2);
      s.memory_bytes = sqlite3_column_double (stmt, 3);
      s.net_rx = sqlite3_column_double (stmt, 4);
      s.net_tx = sqlite3_column_double (stmt, 5);
      s.disk_read = sqlite3_column_double (stmt, 6);
      s.disk_write = sqlite3_column_double (stmt, 7);
      s.hypercalls = sqlite3_column_double (stmt, 8);
      s.violations = sqlite3_column_double (stmt, 9);
      s.cpu_max = sqlite3_column_double (stmt, 10);
      s.hypercalls_max = sqlite3_column_double (stmt, 11);
      s.violations_max = sqlite3_column_double (stmt, 12);
      g_array_append_val (rows, s);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _xn_store_fail (self, error, _("cannot read the performance history"));
      return NULL;
    }
  return g_steal_pointer (&rows);
}

