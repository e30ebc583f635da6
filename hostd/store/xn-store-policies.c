/* xn-store-policies.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The policy history: every pushed policy, its status and the audit row
 * that recorded it. */

#define G_LOG_DOMAIN "xn-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "xn-store-private.h"

/* ----------------------------------------------------- policy history */

const char *
xn_policy_status_to_string (XnPolicyStatus status)
{
  switch (status)
    {
    case XN_POLICY_STATUS_APPLIED: return "applied";
    case XN_POLICY_STATUS_REFUSED: return "refused";
    case XN_POLICY_STATUS_ROLLED_BACK: return "rolled-back";
    case XN_POLICY_STATUS_SUPERSEDED: return "superseded";
    default: return "unknown";
    }
}

static XnAuditResult
status_result (XnPolicyStatus status)
{
  switch (status)
    {
    case XN_POLICY_STATUS_REFUSED: return XN_AUDIT_RESULT_REFUSED;
    case XN_POLICY_STATUS_ROLLED_BACK: return XN_AUDIT_RESULT_FAILED;
    case XN_POLICY_STATUS_APPLIED:
    case XN_POLICY_STATUS_SUPERSEDED:
    default: return XN_AUDIT_RESULT_OK;
    }
}

/**
 * xn_store_count_calls:
 * @self: a #XnStore
 * @domain_uuid: the domain
 * @error: return location for an error
 *
 * The distinct calls @domain_uuid was recorded making outside its profile
 * (violations for a hypercall or a sub-op; rate violations are not a
 * missing right), with how often, over the whole log, cleared (archived)
 * violations included: what profile learning proposes to allow.  Ordered by hypercall, then sub-op.
 *
 * Returns: (transfer full) (element-type XnCallCount): the calls, or
 *   %NULL on error
 */
GArray *
xn_store_count_calls (XnStore     *self,
                      const char  *domain_uuid,
                      GError     **error)
{
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (XnCallCount));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (XN_IS_STORE (self), NULL);
  g_return_val_if_fail (domain_uuid != NULL, NULL);

  /* Archived (cleared) violations count too: a Clear is an officer
   * acknowledging rows, not the domain ceasing to need the calls. */
  stmt = _xn_store_stmt (self,
      "SELECT hcall, subop, COUNT(*) FROM audit "
      "WHERE kind = 1 AND domain_uuid = ?1 AND reason IN (1, 2) "
      "AND hcall IS NOT NULL GROUP BY hcall, subop ORDER BY hcall, subop", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, domain_uuid, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      XnCallCount c = {
        .hcall = (guint) sqlite3_column_int64 (stmt, 0),
        .subop = (guint64) sqlite3_column_int64 (stmt, 1),
        .count = (guint64) sqlite3_column_int64 (stmt, 2),
      };

      g_array_append_val (out, c);
    }
  if (rc != SQLITE_DONE)
    {
      _xn_store_fail (self, error, _("cannot read the recorded calls"));
      return NULL;
    }
  return g_steal_pointer (&out);
}

/**
 * xn_store_check_policy_digest:
 * @self: a store
 * @record: a policy read from the store
 * @error: return location for an error
 *
 * Whether @record's document is the one recorded when it was pushed: the
 * SHA-256 in its audit row ("PushPolicy", covered by the chain) against
 * the document's.  A document edited in the store, or read back damaged,
 * is refused with %XN_STORE_ERROR_CHAIN_BROKEN naming the row.
 *
 * Returns: %TRUE if they agree
 */
gboolean
xn_store_check_policy_digest (XnStore               *self,
                              const XnPolicyRecord  *record,
                              GError               **error)
{
  g_autofree char *digest = NULL;
  g_autofree char *needle = NULL;
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (XN_IS_STORE (self), FALSE);
  g_return_val_if_fail (record != NULL && record->document != NULL, FALSE);

  digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, record->document);
  needle = g_strdup_printf ("; sha256 %s", digest);
  stmt = _xn_store_stmt (self, "SELECT detail FROM audit WHERE seq = ?1 AND action = 'PushPolicy'", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) record->audit_seq);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *detail = (const char *) sqlite3_column_text (stmt, 0);

      ok = detail != NULL && strstr (detail, needle) != NULL;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _xn_store_fail (self, error, _("cannot read the policy's audit row"));
  if (!ok)
    g_set_error (error, XN_STORE_ERROR, XN_STORE_ERROR_CHAIN_BROKEN,
                 _("%s: policy serial %" PRIu64 " is not the document recorded in audit "
                   "row %" PRIu64 " (its SHA-256 differs): it was changed in the store"),
                 self->path, (uint64_t) record->serial, (uint64_t) record->audit_seq);
  return ok;
}

/* What pushing a policy records, and the row id it got. */
typedef struct
{
  XnPolicyRecord *record;
  gint64          id;
} AddPolicy;

/* Runs after the act's audit row (audit_first): the policy row names it
 * by its seq, which the foreign key wants to exist. */
static gboolean
add_policy_write (XnStore          *self,
                  XnStoreAdminAct  *act,
                  gpointer          user_data,
                  GError          **error)
{
  AddPolicy *add = user_data;
  XnPolicyRecord *record = add->record;
  sqlite3_stmt *stmt;

  if (record->status == XN_POLICY_STATUS_APPLIED &&
      !_xn_store_exec (self, "UPDATE policy SET status = 3 WHERE status = 0", error))
    return FALSE;

  stmt = _xn_store_stmt (self,
      "INSERT INTO policy (serial, uuid, name, signer_subject, signer_fingerprint, "
      "time, document, status, reason, audit_seq) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", error);
  if (stmt == NULL)
    return FALSE;
  {
    gsize len;
    const void *data = g_bytes_get_data (record->document, &len);

    sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) record->serial);
    sqlite3_bind_text (stmt, 2, record->uuid, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, record->name, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 4, record->signer_subject, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 5, record->signer_fingerprint, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 6, record->time);
    sqlite3_bind_blob64 (stmt, 7, data != NULL ? data : "", len, SQLITE_STATIC);
    sqlite3_bind_int (stmt, 8, record->status);
    sqlite3_bind_text (stmt, 9, record->reason, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 10, (sqlite3_int64) self->last_seq);
  }
  if (!_xn_store_step_done (self, stmt, error))
    return FALSE;
  add->id = sqlite3_last_insert_rowid (self->db);

  return TRUE;
}

/**
 * xn_store_add_policy:
 * @self: a store
 * @actor: (nullable): who pushed it
 * @record: the policy; on success @id, @time (if 0) and @audit_seq are set
 * @error: return location for an error
 *
 * Records a pushed policy and its audit row ("PushPolicy", whose detail
 * holds the document's SHA-256 so the chain covers the document too) in
 * one durable transaction. A policy recorded as applied supersedes the
 * one applied before.
 *
 * Returns: %TRUE on success
 */
gboolean
xn_store_add_policy (XnStore             *self,
                     const XnStoreActor  *actor,
                     XnPolicyRecord      *record,
                     GError             **error)
{
  XnStoreAdminAct act = { .actor = actor, .action = "PushPolicy", .audit_first = TRUE };
  AddPolicy add = { .record = record };
  g_autofree char *digest = NULL;

  g_return_val_if_fail (XN_IS_STORE (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  if (record->uuid == NULL || record->document == NULL ||
      (guint) record->status > XN_POLICY_STATUS_SUPERSEDED ||
      record->serial > G_MAXINT64)
    {
      g_set_error (error, XN_STORE_ERROR, XN_STORE_ERROR_INVALID,
                   _("%s: a policy record needs a UUID, the document and a valid status and serial"),
                   self->path);
      return FALSE;
    }

  if (record->time == 0)
    record->time = _xn_store_now (self);
  digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, record->document);
  act.result = status_result (record->status);
  act.object = g_strdup_printf ("policy %s serial %" G_GUINT64_FORMAT, record->uuid, record->serial);
  act.detail = g_strdup_printf ("%s; name %s; signer %s (%s); sha256 %s%s%s",
                                xn_policy_status_to_string (record->status),
                                record->name != NULL ? record->name : "-",
                                record->signer_subject != NULL ? record->signer_subject : "-",
                                record->signer_fingerprint != NULL ? record->signer_fingerprint : "-",
                                digest,
                                record->reason != NULL ? "; " : "",
                                record->reason != NULL ? record->reason : "");

  if (!_xn_store_admin_transaction (self, &act, add_policy_write, &add, error))
    return FALSE;
  record->id = add.id;
  record->audit_seq = self->last_seq;
  return TRUE;
}

/* A policy's new status. */
typedef struct
{
  gint64          id;
  XnPolicyStatus  status;
  const char     *reason;
} PolicyStatus;

static gboolean
set_policy_status_write (XnStore          *self,
                         XnStoreAdminAct  *act,
                         gpointer          user_data,
                         GError          **error)
{
  PolicyStatus *change = user_data;
  gint64 id = change->id;
  XnPolicyStatus status = change->status;
  const char *reason = change->reason;
  sqlite3_stmt *stmt;

  if (status == XN_POLICY_STATUS_APPLIED)
    {
      /* One policy is in force at a time (restoring the previous one
       * after a failed apply makes it the last good one again). */
      stmt = _xn_store_stmt (self, "UPDATE policy SET status = 3 WHERE status = 0 AND id != ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      if (!_xn_store_step_done (self, stmt, error))
        return FALSE;
    }

  stmt = _xn_store_stmt (self, "UPDATE policy SET status = ?2, reason = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, status);
  sqlite3_bind_text (stmt, 3, reason, -1, SQLITE_STATIC);
  if (!_xn_store_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, XN_STORE_ERROR, XN_STORE_ERROR_NOT_FOUND,
                   _("%s: no policy with id %" PRId64), self->path, (int64_t) id);
      return FALSE;
    }

  act->object = g_strdup_printf ("policy id %" G_GINT64_FORMAT, id);
  act->detail = g_strdup_printf ("%s%s%s", xn_policy_status_to_string (status),
                                 reason != NULL ? "; " : "", reason != NULL ? reason : "");
  return TRUE;
}

/**
 * xn_store_set_policy_status:
 * @self: a store
 * @actor: (nullable): who (or %NULL for the daemon itself)
 * @id: the policy's row id
 * @status: its new status
 * @reason: (nullable): why
 * @error: return location for an error
 *
 * Changes a policy's status (e.g. applied → rolled-back when applying
 * failed after it was recorded) and audits it ("PolicyStatus").
 *
 * Returns: %TRUE on success
 */
gboolean
xn_store_set_policy_status (XnStore             *self,
                            const XnStoreActor  *actor,
                            gint64               id,
                            XnPolicyStatus       status,
                            const char          *reason,
                            GError             **error)
{
  XnStoreAdminAct act = { .actor = actor, .action = "PolicyStatus", .result = status_result (status) };
  PolicyStatus change = { .id = id, .status = status, .reason = reason };

  g_return_val_if_fail (XN_IS_STORE (self), FALSE);

  if ((guint) status > XN_POLICY_STATUS_SUPERSEDED)
    {
      g_set_error (error, XN_STORE_ERROR, XN_STORE_ERROR_INVALID,
                   _("%s: invalid policy status %d"), self->path, (int) status);
      return FALSE;
    }
  return _xn_store_admin_transaction (self, &act, set_policy_status_write, &change, error);
}

static GPtrArray *
store_read_policies (XnStore      *self,
                     sqlite3_stmt *stmt,
                     GError      **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) xn_policy_record_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      XnPolicyRecord *p = g_new0 (XnPolicyRecord, 1);

      p->id = sqlite3_column_int64 (stmt, 0);
      p->serial = sqlite3_column_int64 (stmt, 1);
      p->uuid = _xn_store_column_dup (stmt, 2);
      p->name = _xn_store_column_dup (stmt, 3);
      p->signer_subject = _xn_store_column_dup (stmt, 4);
      p->signer_fingerprint = _xn_store_column_dup (stmt, 5);
      p->time = sqlite3_column_int64 (stmt, 6);
      p->document = g_bytes_new (sqlite3_column_blob (stmt, 7), sqlite3_column_bytes (stmt, 7));
      p->status = CLAMP (sqlite3_column_int (stmt, 8), 0, 3);
      p->reason = _xn_store_column_dup (stmt, 9);
      p->audit_seq = sqlite3_column_int64 (stmt, 10);
      g_ptr_array_add (rows, p);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _xn_store_fail (self, error, _("cannot read the policy history"));
      return NULL;
    }
  return g_steal_pointer (&rows);
}

#define POLICY_COLUMNS \
  "id, serial, uuid, name, signer_subject, signer_fingerprint, time, document, " \
  "status, reason, audit_seq"

/**
 * xn_store_get_last_good_policy:
 * @self: a store
 * @error: return location for an error
 *
 * The policy to re-apply at start: the newest one recorded as applied.
 *
 * Returns: (transfer full) (nullable): the policy, or %NULL with @error
 *   unset if none was ever applied
 */
XnPolicyRecord *
xn_store_get_last_good_policy (XnStore  *self,
                               GError  **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (XN_IS_STORE (self), NULL);

  stmt = _xn_store_stmt (self, "SELECT " POLICY_COLUMNS " FROM policy WHERE status = 0 "
                         "ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL || (rows = store_read_policies (self, stmt, error)) == NULL)
    return NULL;
  return rows->len > 0 ? g_ptr_array_steal_index (rows, 0) : NULL;
}

/**
 * xn_store_get_highest_serial:
 * @self: a store
 * @out_serial: (out): the highest serial ever applied, 0 if none
 * @error: return location for an error
 *
 * The anti-rollback floor: the highest serial among the policies that
 * were ever in force (applied, or applied and superseded since), whether
 * or not the newest of them still verifies or still applies.
 *
 * Returns: %FALSE on a read error
 */
gboolean
xn_store_get_highest_serial (XnStore   *self,
                             guint64   *out_serial,
                             GError   **error)
{
  gint64 serial = 0;

  g_return_val_if_fail (XN_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_serial != NULL, FALSE);

  if (!_xn_store_query_int (self, "SELECT max(serial) FROM policy WHERE status IN (0, 3)", &serial, error))
    return FALSE;
  *out_serial = (guint64) serial;
  return TRUE;
}

/**
 * xn_store_list_policies:
 * @self: a store
 * @limit: at most this many (0: all)
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type XnPolicyRecord): the history,
 *   newest first, or %NULL on error
 */
GPtrArray *
xn_store_list_policies (XnStore   *self,
                        guint      limit,
                        GError   **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (XN_IS_STORE (self), NULL);

  stmt = _xn_store_stmt (self, "SELECT " POLICY_COLUMNS " FROM policy ORDER BY id DESC LIMIT ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit != 0 ? (gint64) limit : -1);
  return store_read_policies (self, stmt, error);
}

