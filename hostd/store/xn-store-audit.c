/* xn-store-audit.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The audit log: appending administrative acts, reading rows back and
 * verifying the hash chain. The rest of the store is in xn-store.c. */

#define G_LOG_DOMAIN "xn-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "xn-store-private.h"

/* ---------------------------------------------------------- audit log */

/**
 * xn_store_append_audit:
 * @self: a store
 * @record: the row; its @seq is ignored, a @time of 0 means now
 * @out_seq: (out) (optional): the seq given to it
 * @error: return location for an error
 *
 * Appends one row to the audit log and returns once it is durable (it
 * survives power loss). Violations go through
 * xn_store_append_violations(), which batches.
 *
 * Returns: %TRUE on success
 */
gboolean
xn_store_append_audit (XnStore              *self,
                       const XnAuditRecord  *record,
                       guint64              *out_seq,
                       GError              **error)
{
  XnStoreActor actor;
  XnStoreAdminAct act = { 0 };

  g_return_val_if_fail (XN_IS_STORE (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  if (record->action == NULL || record->action[0] == '\0')
    {
      g_set_error (error, XN_STORE_ERROR, XN_STORE_ERROR_INVALID,
                   _("%s: an audit row needs an action"), self->path);
      return FALSE;
    }
  if (record->kind != XN_AUDIT_KIND_ADMIN)
    {
      g_set_error (error, XN_STORE_ERROR, XN_STORE_ERROR_INVALID,
                   _("%s: violations are appended with xn_store_append_violations"),
                   self->path);
      return FALSE;
    }

  actor.uid = record->actor_uid;
  actor.name = record->actor_name;
  actor.roles = record->actor_roles;
  act.actor = &actor;
  act.action = record->action;
  act.object = g_strdup (record->object);
  act.result = record->result;
  act.detail = g_strdup (record->detail);
  act.time = record->time;
  if (!_xn_store_admin_transaction (self, &act, NULL, NULL, error))
    return FALSE;
  if (out_seq != NULL)
    *out_seq = self->last_seq;
  return TRUE;
}

/**
 * xn_store_append_admin:
 * @self: a store
 * @actor: (nullable): who did it
 * @action: e.g. "StartDomain", "RoleRefused"
 * @object: (nullable): what it was done to
 * @result: the outcome
 * @detail: (nullable): free text
 * @out_seq: (out) (optional): the seq given to the row
 * @error: return location for an error
 *
 * Appends an administrative act, stamped now; durable on return.
 *
 * Returns: %TRUE on success
 */
gboolean
xn_store_append_admin (XnStore             *self,
                       const XnStoreActor  *actor,
                       const char          *action,
                       const char          *object,
                       XnAuditResult        result,
                       const char          *detail,
                       guint64             *out_seq,
                       GError             **error)
{
  XnAuditRecord record = {
    .kind = XN_AUDIT_KIND_ADMIN,
    .actor_uid = actor != NULL ? actor->uid : -1,
    .actor_name = actor != NULL ? (char *) actor->name : NULL,
    .actor_roles = actor != NULL ? (char *) actor->roles : NULL,
    .action = (char *) action,
    .object = (char *) object,
    .result = result,
    .detail = (char *) detail,
  };

  return xn_store_append_audit (self, &record, out_seq, error);
}

/**
 * xn_store_get_last_seq:
 * @self: a store
 *
 * Returns: the seq of the newest audit row, 0 if the log is empty
 */
guint64
xn_store_get_last_seq (XnStore *self)
{
  g_return_val_if_fail (XN_IS_STORE (self), 0);
  return self->last_seq;
}

/**
 * xn_store_get_audit:
 * @self: a store
 * @since_seq: return rows after this seq
 * @limit: at most this many rows (0: 1000)
 * @admin_only: leave violations out
 * @error: return location for an error
 *
 * Pages through the audit log in seq order. For violation rows, actor is
 * the domain's name and object its UUID.
 *
 * Returns: (transfer full) (element-type XnAuditRecord): the rows
 */
GPtrArray *
xn_store_get_audit (XnStore   *self,
                    guint64    since_seq,
                    guint      limit,
                    gboolean   admin_only,
                    GError   **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) xn_audit_record_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (XN_IS_STORE (self), NULL);

  stmt = _xn_store_stmt (self,
      "SELECT seq, time, kind, actor_uid, coalesce (actor_name, domain_name), "
      "actor_roles, action, coalesce (object, domain_uuid), result, detail "
      "FROM audit WHERE seq > ?1 AND (?3 = 0 OR kind = 0) ORDER BY seq LIMIT ?2",
      error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) MIN (since_seq, G_MAXINT64));
  sqlite3_bind_int64 (stmt, 2, limit != 0 ? limit : 1000);
  sqlite3_bind_int (stmt, 3, admin_only ? 1 : 0);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      XnAuditRecord *r = g_new0 (XnAuditRecord, 1);

      r->seq = sqlite3_column_int64 (stmt, 0);
      r->time = sqlite3_column_int64 (stmt, 1);
      r->kind = sqlite3_column_int (stmt, 2) == XN_AUDIT_KIND_VIOLATION
                ? XN_AUDIT_KIND_VIOLATION : XN_AUDIT_KIND_ADMIN;
      r->actor_uid = sqlite3_column_type (stmt, 3) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 3);
      r->actor_name = _xn_store_column_dup (stmt, 4);
      r->actor_roles = _xn_store_column_dup (stmt, 5);
      r->action = _xn_store_column_dup (stmt, 6);
      r->object = _xn_store_column_dup (stmt, 7);
      r->result = CLAMP (sqlite3_column_int (stmt, 8), 0, 2);
      r->detail = _xn_store_column_dup (stmt, 9);
      g_ptr_array_add (rows, r);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _xn_store_fail (self, error, _("cannot read the audit log"));
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static gboolean
chain_broken (XnStore     *self,
              guint64      seq,
              const char  *why,
              guint64     *first_bad_seq,
              GError     **error)
{
  if (first_bad_seq != NULL)
    *first_bad_seq = seq;
  g_set_error (error, XN_STORE_ERROR, XN_STORE_ERROR_CHAIN_BROKEN,
               /* Translators: file, seq, reason */
               _("%s: the audit chain is broken at seq %" PRIu64 ": %s"),
               self->path, (uint64_t) seq, why);
  return FALSE;
}

/**
 * xn_store_verify_chain:
 * @self: a store
 * @first_bad_seq: (out) (optional): the first broken link, 0 if none
 * @error: return location for an error
 *
 * Walks the whole audit log, recomputing each row's hash from the row as
 * stored (treated as hostile: any type, any length) and from the previous
 * row's hash, and checks the seqs are dense and end at the recorded
 * head. An edited row is named by its own seq; a deleted row by its
 * missing seq; an inserted or reordered row by the first seq whose
 * content is not the original.
 *
 * Returns: %TRUE if the chain verifies; %FALSE with
 *   %XN_STORE_ERROR_CHAIN_BROKEN if not, or another error
 */
gboolean
xn_store_verify_chain (XnStore  *self,
                       guint64  *first_bad_seq,
                       GError  **error)
{
  return xn_store_verify_chain_full (self, NULL, NULL, first_bad_seq, error);
}

/**
 * xn_store_verify_chain_full:
 * @self: a store
 * @cancellable: (nullable): checked every few thousand rows
 * @n_rows: (out) (optional): the rows walked, when the chain verifies
 * @first_bad_seq: (out) (optional): the first broken link, 0 if none
 * @error: return location for an error
 *
 * xn_store_verify_chain() that can be cancelled (%G_IO_ERROR_CANCELLED)
 * and says how many rows it verified.  Runs in any one thread at a time
 * per store: give a thread a store of its own (xn_store_open_reader()).
 *
 * Returns: as xn_store_verify_chain()
 */
gboolean
xn_store_verify_chain_full (XnStore      *self,
                            GCancellable *cancellable,
                            guint64      *n_rows,
                            guint64      *first_bad_seq,
                            GError      **error)
{
  XnChainField fields[XN_CHAIN_N_FIELDS];
  guint8 prev[XN_CHAIN_HASH_LEN];
  guint8 hash[XN_CHAIN_HASH_LEN];
  gint64 expected = 1;
  gint64 head_seq = 0;
  gboolean have_head = FALSE;
  guint8 head_hash[XN_CHAIN_HASH_LEN] = { 0 };
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (XN_IS_STORE (self), FALSE);

  if (first_bad_seq != NULL)
    *first_bad_seq = 0;

  /* One read transaction so a concurrent writer cannot shift the tail
   * between the walk and the head. */
  if (!_xn_store_exec (self, "BEGIN", error))
    return FALSE;

  stmt = _xn_store_stmt (self, "SELECT seq, hash FROM chain_head WHERE id = 1", error);
  if (stmt == NULL)
    goto fail;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      have_head = TRUE;
      head_seq = sqlite3_column_int64 (stmt, 0);
      if (sqlite3_column_type (stmt, 1) == SQLITE_BLOB &&
          sqlite3_column_bytes (stmt, 1) == XN_CHAIN_HASH_LEN)
        memcpy (head_hash, sqlite3_column_blob (stmt, 1), XN_CHAIN_HASH_LEN);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _xn_store_fail (self, error, _("cannot read the audit chain head"));
      goto fail;
    }

  stmt = _xn_store_stmt (self, "SELECT " CHAIN_COLUMNS ", hash FROM audit ORDER BY seq", error);
  if (stmt == NULL)
    goto fail;

  memcpy (prev, _xn_chain_genesis (), XN_CHAIN_HASH_LEN);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, XN_CHAIN_SEQ);
      const void *stored;

      if ((expected & 4095) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          sqlite3_reset (stmt);
          goto fail;
        }
      if (seq != expected)
        {
          sqlite3_reset (stmt);
          chain_broken (self, (guint64) expected,
                        seq > expected ? _("a row is missing") : _("a row has a bad seq"),
                        first_bad_seq, error);
          goto fail;
        }

      for (int i = 0; i < XN_CHAIN_N_FIELDS; i++)
        _xn_chain_field_from_column (&fields[i], stmt, i);
      _xn_chain_hash (self->hasher, prev, fields, _xn_store_chain_n_fields (fields), hash);

      stored = sqlite3_column_blob (stmt, XN_CHAIN_N_FIELDS);
      if (sqlite3_column_type (stmt, XN_CHAIN_N_FIELDS) != SQLITE_BLOB ||
          sqlite3_column_bytes (stmt, XN_CHAIN_N_FIELDS) != XN_CHAIN_HASH_LEN ||
          memcmp (stored, hash, XN_CHAIN_HASH_LEN) != 0)
        {
          sqlite3_reset (stmt);
          chain_broken (self, (guint64) seq,
                        _("the row or the one before it was changed"),
                        first_bad_seq, error);
          goto fail;
        }
      memcpy (prev, hash, XN_CHAIN_HASH_LEN);
      expected++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _xn_store_fail (self, error, _("cannot read the audit log"));
      goto fail;
    }

  /* expected - 1 is the last seq present. */
  if (expected - 1 != (have_head ? head_seq : 0))
    {
      gint64 last = expected - 1;

      chain_broken (self, (guint64) MIN (last, have_head ? head_seq : 0) + 1,
                    last < head_seq ? _("rows at the end are missing")
                                    : _("rows were added after the recorded head"),
                    first_bad_seq, error);
      goto fail;
    }
  if (have_head && head_seq > 0 && memcmp (head_hash, prev, XN_CHAIN_HASH_LEN) != 0)
    {
      chain_broken (self, (guint64) head_seq,
                    _("the last row does not match the recorded head"),
                    first_bad_seq, error);
      goto fail;
    }

  sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  if (n_rows != NULL)
    *n_rows = (guint64) (expected - 1);
  return TRUE;

fail:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

