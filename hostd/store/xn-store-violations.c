/* xn-store-violations.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Violations: batched appends, the per-domain counts, viewed and
 * archived marks, retention. Violations are audit rows of their own kind
 * (see xn-store.c). */

#define G_LOG_DOMAIN "xn-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "xn-store-private.h"

#define BUCKET_SHIFT 12

/* --------------------------------------------------------- violations */

typedef struct
{
  const char *name;
  guint64     n;
} DomainTally;

/* Adds the per-domain counts of @bucket in @tally to violation_buckets
 * and empties @tally. */
static gboolean
store_flush_buckets (XnStore     *self,
                     gint64       bucket,
                     GHashTable  *tally,
                     GError     **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, tally);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      sqlite3_stmt *stmt = _xn_store_stmt (self,
          "INSERT INTO violation_buckets (bucket, domain_uuid, n) VALUES (?1, ?2, ?3) "
          "ON CONFLICT (bucket, domain_uuid) DO UPDATE SET n = n + excluded.n", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, bucket);
      sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, (sqlite3_int64) ((DomainTally *) value)->n);
      if (!_xn_store_step_done (self, stmt, error))
        return FALSE;
    }
  g_hash_table_remove_all (tally);
  return TRUE;
}

/**
 * xn_store_append_violations:
 * @self: a store
 * @violations: (array length=n_violations): the violations; @seq,
 *   @viewed and @archived are ignored
 * @n_violations: how many
 * @out_last_seq: (out) (optional): the seq of the last one
 * @error: return location for an error
 *
 * Appends a batch in one transaction (all or nothing), chaining each row.
 * The commit is not fsync'ed: it survives the daemon's death at once and
 * power loss from the next administrative act or checkpoint on.
 *
 * Returns: %TRUE on success
 */
gboolean
xn_store_append_violations (XnStore            *self,
                            const XnViolation  *violations,
                            guint               n_violations,
                            guint64            *out_last_seq,
                            GError            **error)
{
  g_autoptr(GHashTable) tally = NULL;
  g_autoptr(GHashTable) buckets = NULL;
  gint64 cur_bucket = -1;
  XnChainField fields[XN_CHAIN_N_FIELDS];
  GHashTableIter iter;
  gpointer key, value;
  gint64 now;

  g_return_val_if_fail (XN_IS_STORE (self), FALSE);
  g_return_val_if_fail (violations != NULL || n_violations == 0, FALSE);

  for (guint i = 0; i < n_violations; i++)
    if (violations[i].domain_uuid == NULL)
      {
        g_set_error (error, XN_STORE_ERROR, XN_STORE_ERROR_INVALID,
                     _("%s: violation %u of the batch has no domain UUID"), self->path, i);
        return FALSE;
      }

  if (out_last_seq != NULL)
    *out_last_seq = self->last_seq;
  if (n_violations == 0)
    return TRUE;

  tally = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  now = _xn_store_now (self);

  if (!_xn_store_begin (self, FALSE, error))
    return FALSE;

  memset (fields, 0, sizeof fields);
  _xn_store_field_int (&fields[XN_CHAIN_KIND], XN_AUDIT_KIND_VIOLATION);
  _xn_store_field_text (&fields[XN_CHAIN_ACTION], "Violation");
  _xn_store_field_int (&fields[XN_CHAIN_RESULT], XN_AUDIT_RESULT_REFUSED);

  buckets = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  for (guint i = 0; i < n_violations; i++)
    {
      const XnViolation *v = &violations[i];
      DomainTally *t;
      gint64 bucket = (gint64) ((self->last_seq + 1) >> BUCKET_SHIFT);

      _xn_store_field_int (&fields[XN_CHAIN_TIME], v->time != 0 ? v->time : now);
      _xn_store_field_text (&fields[XN_CHAIN_DETAIL], v->info);
      _xn_store_field_text (&fields[XN_CHAIN_DOMAIN_UUID], v->domain_uuid);
      _xn_store_field_text (&fields[XN_CHAIN_DOMAIN_NAME], v->domain_name);
      _xn_store_field_int (&fields[XN_CHAIN_HCALL], v->hcall);
      _xn_store_field_text (&fields[XN_CHAIN_HCALL_NAME], v->hcall_name);
      if (v->subop >= 0)
        _xn_store_field_int (&fields[XN_CHAIN_SUBOP], v->subop);
      else
        fields[XN_CHAIN_SUBOP].type = XN_CHAIN_TYPE_NULL;
      _xn_store_field_text (&fields[XN_CHAIN_SUBOP_NAME], v->subop_name);
      _xn_store_field_int (&fields[XN_CHAIN_REASON], v->reason);
      _xn_store_field_text (&fields[XN_CHAIN_REASON_TEXT], v->reason_text);
      _xn_store_field_int (&fields[XN_CHAIN_HMAX], v->hmax);
      _xn_store_field_int (&fields[XN_CHAIN_HRATE], v->hrate);
      if (v->action != XN_STORE_ACTION_NONE)
        _xn_store_field_int (&fields[XN_CHAIN_VIOLATION_ACTION], v->action);
      else
        fields[XN_CHAIN_VIOLATION_ACTION].type = XN_CHAIN_TYPE_NULL;

      if (bucket != cur_bucket && !store_flush_buckets (self, cur_bucket, buckets, error))
        {
          _xn_store_rollback (self);
          return FALSE;
        }
      cur_bucket = bucket;
      if (!_xn_store_insert_row (self, fields, error))
        {
          _xn_store_rollback (self);
          return FALSE;
        }
      t = g_hash_table_lookup (buckets, v->domain_uuid);
      if (t == NULL)
        {
          t = g_new0 (DomainTally, 1);
          g_hash_table_insert (buckets, v->domain_uuid, t);
        }
      t->n++;

      t = g_hash_table_lookup (tally, v->domain_uuid);
      if (t == NULL)
        {
          t = g_new0 (DomainTally, 1);
          g_hash_table_insert (tally, v->domain_uuid, t);
        }
      t->name = v->domain_name;
      t->n++;
    }

  if (!store_flush_buckets (self, cur_bucket, buckets, error))
    {
      _xn_store_rollback (self);
      return FALSE;
    }

  g_hash_table_iter_init (&iter, tally);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      DomainTally *t = value;
      sqlite3_stmt *stmt = _xn_store_stmt (self,
          "INSERT INTO violation_counts (domain_uuid, domain_name, total, live, unviewed) "
          "VALUES (?1, ?2, ?3, ?3, ?3) ON CONFLICT (domain_uuid) DO UPDATE SET "
          "domain_name = coalesce (excluded.domain_name, domain_name), "
          "total = total + excluded.total, live = live + excluded.live, "
          "unviewed = unviewed + excluded.unviewed", error);

      if (stmt == NULL)
        {
          _xn_store_rollback (self);
          return FALSE;
        }
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, t->name, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, (sqlite3_int64) t->n);
      if (!_xn_store_step_done (self, stmt, error))
        {
          _xn_store_rollback (self);
          return FALSE;
        }
    }

  if (!_xn_store_commit (self, error))
    return FALSE;
  if (out_last_seq != NULL)
    *out_last_seq = self->last_seq;
  return TRUE;
}

/**
 * xn_store_get_violations:
 * @self: a store
 * @since_seq: return violations after this seq (keyset pagination: pass
 *   the last seq of the previous page)
 * @limit: at most this many (0: 1000)
 * @include_archived: include cleared violations
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type XnViolation): the page, in seq
 *   order, or %NULL on error
 */
#define VIOLATION_COLUMNS \
  "SELECT seq, time, domain_uuid, domain_name, hcall, hcall_name, subop, " \
  "subop_name, reason, reason_text, hmax, hrate, detail, viewed, archived, " \
  "violation_action FROM audit "

/* The rows of @stmt (VIOLATION_COLUMNS), bound and ready to step. */
static GPtrArray *
read_violations (XnStore       *self,
                 sqlite3_stmt  *stmt,
                 GError       **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) xn_violation_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      XnViolation *v = g_new0 (XnViolation, 1);

      v->seq = sqlite3_column_int64 (stmt, 0);
      v->time = sqlite3_column_int64 (stmt, 1);
      v->domain_uuid = _xn_store_column_dup (stmt, 2);
      v->domain_name = _xn_store_column_dup (stmt, 3);
      v->hcall = sqlite3_column_int (stmt, 4);
      v->hcall_name = _xn_store_column_dup (stmt, 5);
      v->subop = sqlite3_column_type (stmt, 6) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 6);
      v->subop_name = _xn_store_column_dup (stmt, 7);
      v->reason = sqlite3_column_int (stmt, 8);
      v->reason_text = _xn_store_column_dup (stmt, 9);
      v->hmax = (guint32) sqlite3_column_int64 (stmt, 10);
      v->hrate = (guint32) sqlite3_column_int64 (stmt, 11);
      v->info = _xn_store_column_dup (stmt, 12);
      v->viewed = sqlite3_column_int (stmt, 13) != 0 || v->seq <= self->viewed_up_to;
      v->archived = sqlite3_column_int (stmt, 14) != 0 || v->seq <= self->cleared_up_to;
      if (sqlite3_column_type (stmt, 15) != SQLITE_NULL)
        v->action = sqlite3_column_int (stmt, 15);
      else if (v->reason > 0xff)
        {
          /* Written before schema 3: the action rode in the high byte. */
          v->action = (v->reason >> 8) & 0xff;
          v->reason &= 0xff;
        }
      g_ptr_array_add (rows, v);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _xn_store_fail (self, error, _("cannot read violations"));
      return NULL;
    }
  return g_steal_pointer (&rows);
}

GPtrArray *
xn_store_get_violations (XnStore   *self,
                         guint64    since_seq,
                         guint      limit,
                         gboolean   include_archived,
                         GError   **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (XN_IS_STORE (self), NULL);

  /* Archived rows are exactly the violations up to cleared_up_to, so the
   * live page starts its rowid range scan beyond them. */
  if (!include_archived)
    since_seq = MAX (since_seq, self->cleared_up_to);

  stmt = _xn_store_stmt (self, VIOLATION_COLUMNS "WHERE seq > ?1 AND kind = 1 "
                         "ORDER BY seq LIMIT ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) MIN (since_seq, G_MAXINT64));
  sqlite3_bind_int64 (stmt, 2, limit != 0 ? limit : 1000);
  return read_violations (self, stmt, error);
}

/**
 * xn_store_get_archived_violations:
 * @self: a store
 * @since_seq: return archived violations after this seq
 * @limit: at most this many (0: 1000)
 * @error: return location for an error
 *
 * The violations a Clear archived, for an auditor: rows up to
 * cleared_up_to, and those written before schema 3 with their own mark.
 *
 * Returns: (transfer full) (element-type XnViolation): the page, in seq
 *   order, or %NULL on error
 */
GPtrArray *
xn_store_get_archived_violations (XnStore   *self,
                                  guint64    since_seq,
                                  guint      limit,
                                  GError   **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (XN_IS_STORE (self), NULL);

  stmt = _xn_store_stmt (self, VIOLATION_COLUMNS "WHERE seq > ?1 AND kind = 1 "
                         "AND (seq <= ?3 OR archived = 1) ORDER BY seq LIMIT ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) MIN (since_seq, G_MAXINT64));
  sqlite3_bind_int64 (stmt, 2, limit != 0 ? limit : 1000);
  sqlite3_bind_int64 (stmt, 3, (sqlite3_int64) MIN (self->cleared_up_to, G_MAXINT64));
  return read_violations (self, stmt, error);
}

/* Adds (sign +1) or subtracts (-1) into @per_domain (uuid → gint64[2],
 * slot @slot) the rows of @sql, which yields (domain_uuid, count) for
 * the seq range ?1 < seq <= ?2. */
static gboolean
store_tally (XnStore     *self,
             const char  *sql,
             gint64       lo,
             gint64       hi,
             int          sign,
             guint        slot,
             GHashTable  *per_domain,
             GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (hi <= lo)
    return TRUE;
  stmt = _xn_store_stmt (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, lo);
  sqlite3_bind_int64 (stmt, 2, hi);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *uuid = (const char *) sqlite3_column_text (stmt, 0);
      gint64 *n;

      if (uuid == NULL)
        continue;
      n = g_hash_table_lookup (per_domain, uuid);
      if (n == NULL)
        {
          n = g_new0 (gint64, 2);
          g_hash_table_insert (per_domain, g_strdup (uuid), n);
        }
      n[slot] += sign * sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _xn_store_fail (self, error, _("cannot count violations"));
  return TRUE;
}

/* Violations per domain with seq in (@lo, @hi], into slot @slot: whole
 * buckets from violation_buckets, the ragged ends from the rows. */
static gboolean
store_count_range (XnStore     *self,
                   gint64       lo,
                   gint64       hi,
                   guint        slot,
                   GHashTable  *per_domain,
                   GError     **error)
{
  static const char rows_sql[] =
    "SELECT domain_uuid, count(*) FROM audit WHERE seq > ?1 AND seq <= ?2 AND kind = 1 "
    "GROUP BY domain_uuid";
  static const char buckets_sql[] =
    "SELECT domain_uuid, sum (n) FROM violation_buckets WHERE bucket > ?1 AND bucket <= ?2 "
    "GROUP BY domain_uuid";
  gint64 first = ((lo + 1) >> BUCKET_SHIFT) + (((lo + 1) & ((1 << BUCKET_SHIFT) - 1)) != 0);
  gint64 last = ((hi + 1) >> BUCKET_SHIFT) - 1;   /* whole buckets first..last */

  if (hi <= lo)
    return TRUE;
  if (first > last)
    return store_tally (self, rows_sql, lo, hi, 1, slot, per_domain, error);
  return store_tally (self, rows_sql, lo, (first << BUCKET_SHIFT) - 1, 1, slot, per_domain, error)
         && store_tally (self, buckets_sql, first - 1, last, 1, slot, per_domain, error)
         && store_tally (self, rows_sql, ((last + 1) << BUCKET_SHIFT) - 1, hi, 1, slot,
                         per_domain, error);
}

/* Subtracts from the per-domain counts what a mark or a clear of the
 * violations in (@lo, @hi] changed: live ones too for a clear (@live_too);
 * unviewed ones are those above viewed_up_to without a per-row mark.
 * No row is written and only the ends of the range are read.
 * *@n_rows: the violations in the range, *@n_unviewed: those unviewed. */
static gboolean
store_uncount_range (XnStore   *self,
                     guint64    lo,
                     guint64    hi,
                     gboolean   live_too,
                     guint64   *n_rows,
                     guint64   *n_unviewed,
                     GError   **error)
{
  g_autoptr(GHashTable) per_domain = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gint64 vlo = (gint64) MAX (lo, self->viewed_up_to);
  GHashTableIter iter;
  gpointer key, value;

  *n_rows = *n_unviewed = 0;
  if (hi <= lo)
    return TRUE;
  if ((live_too && !store_count_range (self, (gint64) lo, (gint64) hi, 0, per_domain, error))
      || !store_count_range (self, vlo, (gint64) hi, 1, per_domain, error)
      || !store_tally (self,
                       "SELECT domain_uuid, count(*) FROM audit WHERE viewed = 1 AND kind = 1 "
                       "AND seq > ?1 AND seq <= ?2 GROUP BY domain_uuid",
                       vlo, (gint64) hi, -1, 1, per_domain, error))
    return FALSE;

  g_hash_table_iter_init (&iter, per_domain);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 *n = value;
      sqlite3_stmt *stmt = _xn_store_stmt (self,
          "UPDATE violation_counts SET live = live - ?2, unviewed = unviewed - ?3 "
          "WHERE domain_uuid = ?1", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, n[0]);
      sqlite3_bind_int64 (stmt, 3, n[1]);
      if (!_xn_store_step_done (self, stmt, error))
        return FALSE;
      *n_rows += n[0];
      *n_unviewed += n[1];
    }
  return TRUE;
}

static gboolean
check_up_to (XnStore  *self,
             guint64   up_to_seq,
             GError  **error)
{
  if (up_to_seq > self->last_seq)
    {
      g_set_error (error, XN_STORE_ERROR, XN_STORE_ERROR_INVALID,
                   _("%s: seq %" PRIu64 " is beyond the last one (%" PRIu64 ")"),
                   self->path, (uint64_t) up_to_seq, (uint64_t) self->last_seq);
      return FALSE;
    }
  return TRUE;
}

/* What marking viewed (or archiving) up to a seq was asked and did. */
typedef struct
{
  guint64 up_to_seq;
  guint64 n;
} UpTo;

static gboolean
mark_viewed_write (XnStore          *self,
                   XnStoreAdminAct  *act,
                   gpointer          user_data,
                   GError          **error)
{
  UpTo *mark = user_data;
  guint64 up_to_seq = mark->up_to_seq;
  guint64 n = 0, in_range = 0, lo;

  /* Recorded once as a mark; the rows stay as they are. */
  lo = MAX (self->viewed_up_to, self->cleared_up_to);
  if (!store_uncount_range (self, lo, up_to_seq, FALSE, &in_range, &n, error))
    return FALSE;
  if (up_to_seq > self->viewed_up_to)
    {
      self->viewed_up_to = up_to_seq;
      if (!_xn_store_set_meta_int (self, "viewed_up_to", (gint64) up_to_seq, error))
        return FALSE;
    }

  act->object = g_strdup_printf ("violations up to seq %" G_GUINT64_FORMAT, up_to_seq);
  act->detail = g_strdup_printf ("%" G_GUINT64_FORMAT " marked viewed", n);
  mark->n = n;
  return TRUE;
}

/**
 * xn_store_mark_viewed:
 * @self: a store
 * @actor: (nullable): who marks them
 * @up_to_seq: mark every live violation up to this seq
 * @n_marked: (out) (optional): how many changed
 * @error: return location for an error
 *
 * Marks violations viewed and audits the act ("MarkViewed"), in one
 * durable transaction. The marks are not part of the chain.
 *
 * Returns: %TRUE on success
 */
gboolean
xn_store_mark_viewed (XnStore             *self,
                      const XnStoreActor  *actor,
                      guint64              up_to_seq,
                      guint64             *n_marked,
                      GError             **error)
{
  XnStoreAdminAct act = { .actor = actor, .action = "MarkViewed", .result = XN_AUDIT_RESULT_OK };
  UpTo mark = { .up_to_seq = up_to_seq };

  g_return_val_if_fail (XN_IS_STORE (self), FALSE);

  if (!check_up_to (self, up_to_seq, error) ||
      !_xn_store_admin_transaction (self, &act, mark_viewed_write, &mark, error))
    return FALSE;
  if (n_marked != NULL)
    *n_marked = mark.n;
  return TRUE;
}

/* What marking a list of seqs viewed was asked and did. */
typedef struct
{
  const guint64 *seqs;
  guint          n_seqs;
  guint64        n;
} Seqs;

static gboolean
mark_viewed_seqs_write (XnStore          *self,
                        XnStoreAdminAct  *act,
                        gpointer          user_data,
                        GError          **error)
{
  Seqs *mark = user_data;
  const guint64 *seqs = mark->seqs;
  guint n_seqs = mark->n_seqs;
  g_autoptr(GString) object = g_string_new ("violations ");
  guint64 n = 0;

  for (guint i = 0; i < n_seqs; i++)
    {
      sqlite3_stmt *stmt = _xn_store_stmt (self,
          "UPDATE audit SET viewed = 1 WHERE seq = ?1 AND seq > ?2 AND kind = 1 "
          "AND viewed = 0 AND archived = 0 RETURNING domain_uuid", error);
      g_autofree char *uuid = NULL;
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) MIN (seqs[i], G_MAXINT64));
      sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) MAX (self->viewed_up_to, self->cleared_up_to));
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          uuid = _xn_store_column_dup (stmt, 0);
          rc = sqlite3_step (stmt);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          _xn_store_fail (self, error, _("cannot mark a violation viewed"));
          return FALSE;
        }
      if (uuid != NULL)
        {
          stmt = _xn_store_stmt (self,
              "UPDATE violation_counts SET unviewed = unviewed - 1 WHERE domain_uuid = ?1", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
          if (!_xn_store_step_done (self, stmt, error))
            return FALSE;
          n++;
        }

      /* Keep the audited object readable; the count says the rest. */
      if (i < 32)
        g_string_append_printf (object, "%s%" G_GUINT64_FORMAT, i > 0 ? "," : "", seqs[i]);
      else if (i == 32)
        g_string_append (object, ",…");
    }

  act->object = g_string_free (g_steal_pointer (&object), FALSE);
  act->detail = g_strdup_printf ("%" G_GUINT64_FORMAT " of %u marked viewed", n, n_seqs);
  mark->n = n;
  return TRUE;
}

/**
 * xn_store_mark_viewed_seqs:
 * @self: a store
 * @actor: (nullable): who marks them
 * @seqs: (array length=n_seqs): seqs of violations to mark
 * @n_seqs: how many
 * @n_marked: (out) (optional): how many changed
 * @error: return location for an error
 *
 * Like xn_store_mark_viewed() for a list of violations; seqs that are not
 * live violations are skipped.
 *
 * Returns: %TRUE on success
 */
gboolean
xn_store_mark_viewed_seqs (XnStore             *self,
                           const XnStoreActor  *actor,
                           const guint64       *seqs,
                           guint                n_seqs,
                           guint64             *n_marked,
                           GError             **error)
{
  XnStoreAdminAct act = { .actor = actor, .action = "MarkViewed", .result = XN_AUDIT_RESULT_OK };
  Seqs mark = { .seqs = seqs, .n_seqs = n_seqs };

  g_return_val_if_fail (XN_IS_STORE (self), FALSE);
  g_return_val_if_fail (seqs != NULL || n_seqs == 0, FALSE);

  if (!_xn_store_admin_transaction (self, &act, mark_viewed_seqs_write, &mark, error))
    return FALSE;
  if (n_marked != NULL)
    *n_marked = mark.n;
  return TRUE;
}

static gboolean
archive_prefix_write (XnStore          *self,
                      XnStoreAdminAct  *act,
                      gpointer          user_data,
                      GError          **error)
{
  UpTo *archive = user_data;
  guint64 up_to_seq = archive->up_to_seq;
  guint64 n = 0;

  if (up_to_seq > self->cleared_up_to)
    {
      guint64 unviewed;

      /* The new end of the archived prefix is the whole record. */
      if (!store_uncount_range (self, self->cleared_up_to, up_to_seq, TRUE, &n, &unviewed, error))
        return FALSE;
      self->cleared_up_to = up_to_seq;
      if (!_xn_store_set_meta_int (self, "cleared_up_to", (gint64) up_to_seq, error))
        return FALSE;
    }

  act->object = g_strdup_printf ("violations up to seq %" G_GUINT64_FORMAT, up_to_seq);
  act->detail = g_strdup_printf ("%" G_GUINT64_FORMAT " archived", n);
  archive->n = n;
  return TRUE;
}

/* Archives the live violations up to @up_to_seq and audits it as
 * @action: ClearViolations by a caller, RetainViolations by retention. */
static gboolean
archive_prefix (XnStore             *self,
                const XnStoreActor  *actor,
                const char          *action,
                guint64              up_to_seq,
                guint64             *n_archived,
                GError             **error)
{
  XnStoreAdminAct act = { .actor = actor, .action = action, .result = XN_AUDIT_RESULT_OK };
  UpTo archive = { .up_to_seq = up_to_seq };

  if (!check_up_to (self, up_to_seq, error) ||
      !_xn_store_admin_transaction (self, &act, archive_prefix_write, &archive, error))
    return FALSE;
  if (n_archived != NULL)
    *n_archived = archive.n;
  return TRUE;
}

/**
 * xn_store_clear_violations:
 * @self: a store
 * @actor: (nullable): who clears them
 * @up_to_seq: archive every violation up to this seq
 * @n_archived: (out) (optional): how many were archived now
 * @error: return location for an error
 *
 * "Clear": archives violations, never deletes them, so the chain still
 * verifies; audits the act ("ClearViolations") in the same durable
 * transaction. Archived violations are hidden from
 * xn_store_get_violations() unless asked for.
 *
 * Returns: %TRUE on success
 */
gboolean
xn_store_clear_violations (XnStore             *self,
                           const XnStoreActor  *actor,
                           guint64              up_to_seq,
                           guint64             *n_archived,
                           GError             **error)
{
  g_return_val_if_fail (XN_IS_STORE (self), FALSE);

  return archive_prefix (self, actor, "ClearViolations", up_to_seq, n_archived, error);
}

/**
 * xn_store_retain_violations:
 * @self: a store
 * @actor: (nullable): who applies the limit (the daemon)
 * @keep: live violations to keep, the newest
 * @n_archived: (out) (optional): how many were archived, 0 if none
 * @error: return location for an error
 *
 * Retention: archives the oldest live violations so that at most @keep
 * stay live, as a clear would (they stay in the chain and are read as
 * archived), and audits it ("RetainViolations").  Does nothing when at
 * most @keep are live.
 *
 * Returns: %TRUE on success
 */
gboolean
xn_store_retain_violations (XnStore             *self,
                            const XnStoreActor  *actor,
                            guint64              keep,
                            guint64             *n_archived,
                            GError             **error)
{
  sqlite3_stmt *stmt;
  gint64 cut = 0;
  int rc;

  g_return_val_if_fail (XN_IS_STORE (self), FALSE);

  if (n_archived != NULL)
    *n_archived = 0;
  if (keep > G_MAXINT64)
    return TRUE;
  /* The newest live violation beyond the @keep newest. */
  stmt = _xn_store_stmt (self, "SELECT seq FROM audit WHERE kind = 1 AND seq > ?1 "
                               "ORDER BY seq DESC LIMIT 1 OFFSET ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) self->cleared_up_to);
  sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) keep);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    cut = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _xn_store_fail (self, error, _("cannot read the violations"));
  if (cut <= 0)
    return TRUE;
  return archive_prefix (self, actor, "RetainViolations", (guint64) cut, n_archived, error);
}

/**
 * xn_store_count_violations:
 * @self: a store
 * @totals: (out caller-allocates) (optional): sums over every domain
 *   (its strings are %NULL)
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type XnViolationCounts): counts per
 *   domain, in UUID order, or %NULL on error
 */
GPtrArray *
xn_store_count_violations (XnStore            *self,
                           XnViolationCounts  *totals,
                           GError            **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) xn_violation_counts_free);
  XnViolationCounts sum = { 0 };
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (XN_IS_STORE (self), NULL);

  stmt = _xn_store_stmt (self,
      "SELECT domain_uuid, domain_name, total, live, unviewed FROM violation_counts "
      "ORDER BY domain_uuid", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      XnViolationCounts *c = g_new0 (XnViolationCounts, 1);

      c->domain_uuid = _xn_store_column_dup (stmt, 0);
      c->domain_name = _xn_store_column_dup (stmt, 1);
      c->total = sqlite3_column_int64 (stmt, 2);
      c->live = sqlite3_column_int64 (stmt, 3);
      c->unviewed = sqlite3_column_int64 (stmt, 4);
      sum.total += c->total;
      sum.live += c->live;
      sum.unviewed += c->unviewed;
      g_ptr_array_add (rows, c);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _xn_store_fail (self, error, _("cannot read violation counts"));
      return NULL;
    }
  if (totals != NULL)
    *totals = sum;
  return g_steal_pointer (&rows);
}

