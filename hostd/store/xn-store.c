/* xn-store.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * XnStore is the host daemon's memory: one SQLite file holding the
 * policy history, the audit log (every violation and every administrative
 * act, hash-chained), the viewed/archived marks of violations, and the
 * performance history at several resolutions.
 *
 * The daemon is one GMainLoop thread and so is the store: one connection,
 * synchronous calls, statements prepared once and cached. Writers take
 * BEGIN IMMEDIATE so a second process (the verifier, an operator's
 * sqlite3 shell) waits on the busy timeout instead of failing.
 *
 * Durability. The file is in WAL mode.
 *  - Violation batches and performance samples commit with
 *    synchronous=NORMAL: the WAL is not fsync'ed at each commit.
 *  - Administrative acts (audit rows, mark viewed, clear, policy history)
 *    commit with synchronous=FULL: the WAL is fsync'ed before the call
 *    returns, and with it every earlier commit in the WAL.
 *  So after kill -9 of the daemon at any instant, every transaction whose
 *  call returned is there (the WAL lives in the kernel's page cache) and a
 *  transaction cut short is absent as a whole. After a power loss or a
 *  kernel crash, every administrative act whose call returned is there; a
 *  tail of violation batches and samples committed after the last
 *  administrative act or checkpoint may be lost, again whole batches only,
 *  so the chain still verifies.
 *
 * The audit chain. hash(row) = SHA-256 (hash(prev) ‖ S(row)) where S is
 * the prefix-free serialisation in xn-store-chain.c of the row's
 * immutable fields (never `viewed` nor `archived`, which change later).
 * Seqs are dense from 1, so a deleted row leaves a gap; a one-row table
 * `chain_head` records the last seq and hash, so a truncated tail shows
 * too. The chain proves the log was not edited by someone who could not
 * also recompute every later hash; anchoring the head elsewhere (the app
 * keeps the last head it saw) is what stops one who can.
 *
 * Violations are audit rows of kind violation. "Clear" archives every
 * violation up to a seq and never deletes, so archived rows are always a
 * prefix of the violations: `cleared_up_to` in `meta` says where it ends
 * (and lets a page of live violations start its range scan past it);
 * rows are not rewritten. "Mark viewed up to N" is recorded the same way,
 * as `viewed_up_to`; only explicit lists of seqs set the per-row
 * `viewed`. So a row is archived when seq <= cleared_up_to (or, written
 * before schema 3, archived = 1) and viewed when seq <= viewed_up_to or
 * viewed = 1. Counts are kept per domain in `violation_counts`, adjusted
 * by what each append, mark and clear changed (a range count, no rewrite),
 * in the same transaction.
 *
 * The action taken at a violation (log, pause, destroy) has its own
 * column since schema 3, chained like the rest. Rows written before it
 * carried the action in the high byte of the reason code; their hash
 * covers that code, so they are left as written and decoded on read.
 *
 * Performance history. Each sample is folded, as it arrives, into the
 * current bucket of every tier (running mean weighted by the number of
 * samples, plus maxima of CPU, hypercall and violation rates), so a
 * coarse tier is exactly the roll-up of the finer one and the open bucket
 * is visible at once. Expired buckets are pruned at most once per bucket
 * width of their tier. *
 * This file opens the store and holds what its parts share (declared in
 * xn-store-private.h); the parts follow the sections above:
 * xn-store-audit.c, xn-store-violations.c, xn-store-policies.c and
 * xn-store-perf.c. The chain's serialisation is in xn-store-chain.c.
 */

#define G_LOG_DOMAIN "xn-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "xn-store-private.h"

#define XN_STORE_APPLICATION_ID 0x58656e53   /* "XenS" */
#define XN_STORE_BUSY_TIMEOUT_MS 5000
#define SECOND G_GINT64_CONSTANT (1000000)

G_DEFINE_FINAL_TYPE (XnStore, xn_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (xn-store-error-quark, xn_store_error)

static const XnPerfTier default_tiers[] = {
  { 5 * SECOND, 10 * 60 * SECOND },
  { 60 * SECOND, 2 * 3600 * SECOND },
  { 3600 * SECOND, 7 * 86400 * SECOND },
  { 86400 * SECOND, 366 * 86400 * SECOND },
};

/* Forward migrations: migrations[i] takes user_version i to i + 1, in
 * one transaction with the version bump. Never edit a released step;
 * append one. */
static const char * const migrations[] = {
  /* 0 → 1: audit log, chain head, policy history */
  "CREATE TABLE meta ("
  "  key   TEXT PRIMARY KEY,"
  "  value ANY"
  ") STRICT;"
  "CREATE TABLE audit ("
  "  seq          INTEGER PRIMARY KEY,"
  "  time         INTEGER NOT NULL,"
  "  kind         INTEGER NOT NULL,"
  "  actor_uid    INTEGER,"
  "  actor_name   TEXT,"
  "  actor_roles  TEXT,"
  "  action       TEXT NOT NULL,"
  "  object       TEXT,"
  "  result       INTEGER NOT NULL,"
  "  detail       TEXT,"
  "  domain_uuid  TEXT,"
  "  domain_name  TEXT,"
  "  hcall        INTEGER,"
  "  hcall_name   TEXT,"
  "  subop        INTEGER,"
  "  subop_name   TEXT,"
  "  reason       INTEGER,"
  "  reason_text  TEXT,"
  "  hmax         INTEGER,"
  "  hrate        INTEGER,"
  "  hash         BLOB NOT NULL,"
  "  viewed       INTEGER NOT NULL DEFAULT 0,"
  "  archived     INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE chain_head ("
  "  id    INTEGER PRIMARY KEY CHECK (id = 1),"
  "  seq   INTEGER NOT NULL,"
  "  hash  BLOB NOT NULL"
  ");"
  "CREATE TABLE policy ("
  "  id                  INTEGER PRIMARY KEY,"
  "  serial              INTEGER NOT NULL,"
  "  uuid                TEXT NOT NULL,"
  "  name                TEXT,"
  "  signer_subject      TEXT,"
  "  signer_fingerprint  TEXT,"
  "  time                INTEGER NOT NULL,"
  "  document            BLOB NOT NULL,"
  "  status              INTEGER NOT NULL CHECK (status BETWEEN 0 AND 3),"
  "  reason              TEXT,"
  "  audit_seq           INTEGER REFERENCES audit (seq)"
  ");"
  "CREATE INDEX policy_by_status ON policy (status, id);",

  /* 1 → 2: violation counts, performance history */
  "CREATE TABLE violation_counts ("
  "  domain_uuid  TEXT PRIMARY KEY,"
  "  domain_name  TEXT,"
  "  total        INTEGER NOT NULL DEFAULT 0,"
  "  live         INTEGER NOT NULL DEFAULT 0,"
  "  unviewed     INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE perf ("
  "  tier      INTEGER NOT NULL,"
  "  domain    TEXT NOT NULL,"      /* '' is the host total */
  "  time      INTEGER NOT NULL,"   /* bucket start, µs */
  "  n         INTEGER NOT NULL,"
  "  cpu       REAL, mem REAL, net_rx REAL, net_tx REAL,"
  "  disk_rd   REAL, disk_wr REAL, hcalls REAL, viols REAL,"
  "  cpu_max   REAL, hcalls_max REAL, viols_max REAL,"
  "  PRIMARY KEY (tier, domain, time)"
  ") WITHOUT ROWID;",

  /* 2 → 3: the action taken at a violation, in its own column (older
   * rows keep it packed into their chained reason code) */
  "ALTER TABLE audit ADD COLUMN violation_action INTEGER;"
  /* violations per domain per 4096 seqs, so that marks and clears over a
   * range count it from a few hundred rows, not from every violation */
  "CREATE TABLE violation_buckets ("
  "  bucket       INTEGER NOT NULL,"
  "  domain_uuid  TEXT NOT NULL,"
  "  n            INTEGER NOT NULL,"
  "  PRIMARY KEY (bucket, domain_uuid)"
  ") WITHOUT ROWID;"
  "INSERT INTO violation_buckets SELECT seq >> 12, domain_uuid, count(*) FROM audit "
  "  WHERE kind = 1 GROUP BY 1, 2;"
  /* the few rows marked one by one */
  "CREATE INDEX violation_viewed ON audit (seq) WHERE viewed = 1 AND kind = 1;",
};

#define XN_STORE_SCHEMA_VERSION ((int) G_N_ELEMENTS (migrations))

static gint64
default_clock (gpointer user_data)
{
  return g_get_real_time ();
}

gint64
_xn_store_now (XnStore *self)
{
  return self->clock (self->clock_data);
}

gboolean
_xn_store_fail (XnStore     *self,
                GError     **error,
                const char  *what)
{
  g_set_error (error, XN_STORE_ERROR, XN_STORE_ERROR_FAILED,
               /* Translators: file: what the store did: SQLite's message */
               _("%s: %s: %s"),
               self->path, what, sqlite3_errmsg (self->db));
  return FALSE;
}

/* A cached statement, reset and with its bindings cleared. */
sqlite3_stmt *
_xn_store_stmt (XnStore     *self,
                const char  *sql,
                GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->stmts, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                          &stmt, NULL) != SQLITE_OK)
    {
      _xn_store_fail (self, error, _("cannot prepare a statement"));
      return NULL;
    }
  g_hash_table_insert (self->stmts, (gpointer) sql, stmt);
  return stmt;
}

/* Runs a statement that returns no rows. */
gboolean
_xn_store_step_done (XnStore      *self,
                     sqlite3_stmt *stmt,
                     GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return _xn_store_fail (self, error, _("write failed"));
  return TRUE;
}

gboolean
_xn_store_exec (XnStore     *self,
                const char  *sql,
                GError     **error)
{
  sqlite3_stmt *stmt = _xn_store_stmt (self, sql, error);

  return stmt != NULL && _xn_store_step_done (self, stmt, error);
}

/* Durable transactions fsync the WAL at COMMIT: the call that wrote an
 * administrative act returns only once the act survives power loss. */
gboolean
_xn_store_begin (XnStore   *self,
                 gboolean   durable,
                 GError   **error)
{
  g_assert (!self->in_transaction);

  if (durable != self->sync_full)
    {
      if (!_xn_store_exec (self, durable ? "PRAGMA synchronous = FULL"
                                         : "PRAGMA synchronous = NORMAL", error))
        return FALSE;
      self->sync_full = durable;
    }

  if (!_xn_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  self->in_transaction = TRUE;
  self->saved_seq = self->last_seq;
  self->saved_cleared = self->cleared_up_to;
  self->saved_viewed = self->viewed_up_to;
  memcpy (self->saved_hash, self->last_hash, XN_CHAIN_HASH_LEN);
  return TRUE;
}

void
_xn_store_rollback (XnStore *self)
{
  if (!self->in_transaction)
    return;
  if (sqlite3_get_autocommit (self->db) == 0)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  self->in_transaction = FALSE;
  self->last_seq = self->saved_seq;
  self->cleared_up_to = self->saved_cleared;
  self->viewed_up_to = self->saved_viewed;
  memcpy (self->last_hash, self->saved_hash, XN_CHAIN_HASH_LEN);
}

gboolean
_xn_store_commit (XnStore  *self,
                  GError  **error)
{
  if (self->last_seq != self->saved_seq)
    {
      sqlite3_stmt *stmt = _xn_store_stmt (self,
          "INSERT INTO chain_head (id, seq, hash) VALUES (1, ?1, ?2) "
          "ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
          error);

      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) self->last_seq);
      sqlite3_bind_blob (stmt, 2, self->last_hash, XN_CHAIN_HASH_LEN, SQLITE_STATIC);
      if (!_xn_store_step_done (self, stmt, error))
        goto fail;
    }

  if (!_xn_store_exec (self, "COMMIT", error))
    goto fail;
  self->in_transaction = FALSE;
  return TRUE;

fail:
  _xn_store_rollback (self);
  return FALSE;
}

/* Rows without a violation action hash as every row did before schema 3. */
guint
_xn_store_chain_n_fields (const XnChainField *fields)
{
  return fields[XN_CHAIN_VIOLATION_ACTION].type == XN_CHAIN_TYPE_NULL ? XN_CHAIN_N_FIELDS_V2
                                                                      : XN_CHAIN_N_FIELDS;
}

/* Appends one row inside the open transaction: assigns the next seq,
 * chains it and moves the head. */
gboolean
_xn_store_insert_row (XnStore      *self,
                      XnChainField *fields,
                      GError      **error)
{
  sqlite3_stmt *stmt;
  guint8 hash[XN_CHAIN_HASH_LEN];

  g_assert (self->in_transaction);

  stmt = _xn_store_stmt (self,
      "INSERT INTO audit (" CHAIN_COLUMNS ", hash) VALUES "
      "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
      "?16, ?17, ?18, ?19, ?20, ?21, ?22)", error);
  if (stmt == NULL)
    return FALSE;

  _xn_store_field_int (&fields[XN_CHAIN_SEQ], (gint64) self->last_seq + 1);
  _xn_chain_hash (self->hasher, self->last_hash, fields, _xn_store_chain_n_fields (fields), hash);

  for (guint i = 0; i < XN_CHAIN_N_FIELDS; i++)
    {
      const XnChainField *f = &fields[i];

      switch (f->type)
        {
        case XN_CHAIN_TYPE_INT:
          sqlite3_bind_int64 (stmt, i + 1, f->i);
          break;
        case XN_CHAIN_TYPE_TEXT:
          sqlite3_bind_text (stmt, i + 1, f->data, f->len, SQLITE_STATIC);
          break;
        case XN_CHAIN_TYPE_NULL:
        case XN_CHAIN_TYPE_REAL:
        case XN_CHAIN_TYPE_BLOB:
        default:
          sqlite3_bind_null (stmt, i + 1);
          break;
        }
    }
  sqlite3_bind_blob (stmt, XN_CHAIN_N_FIELDS + 1, hash, sizeof hash, SQLITE_STATIC);

  if (!_xn_store_step_done (self, stmt, error))
    return FALSE;

  self->last_seq++;
  memcpy (self->last_hash, hash, sizeof hash);
  return TRUE;
}

static void
fields_for_admin (XnChainField        *fields,
                  gint64               time,
                  const XnStoreActor  *actor,
                  const char          *action,
                  const char          *object,
                  XnAuditResult        result,
                  const char          *detail)
{
  memset (fields, 0, sizeof (XnChainField) * XN_CHAIN_N_FIELDS);
  _xn_store_field_int (&fields[XN_CHAIN_TIME], time);
  _xn_store_field_int (&fields[XN_CHAIN_KIND], XN_AUDIT_KIND_ADMIN);
  if (actor != NULL && actor->uid >= 0)
    _xn_store_field_int (&fields[XN_CHAIN_ACTOR_UID], actor->uid);
  _xn_store_field_text (&fields[XN_CHAIN_ACTOR_NAME], actor != NULL ? actor->name : NULL);
  _xn_store_field_text (&fields[XN_CHAIN_ACTOR_ROLES], actor != NULL ? actor->roles : NULL);
  _xn_store_field_text (&fields[XN_CHAIN_ACTION], action);
  _xn_store_field_text (&fields[XN_CHAIN_OBJECT], object);
  _xn_store_field_int (&fields[XN_CHAIN_RESULT], result);
  _xn_store_field_text (&fields[XN_CHAIN_DETAIL], detail);
}

/* Appends the act's audit row inside the open transaction. */
static gboolean
store_insert_admin (XnStore          *self,
                    XnStoreAdminAct  *act,
                    GError          **error)
{
  XnChainField fields[XN_CHAIN_N_FIELDS];

  fields_for_admin (fields, act->time != 0 ? act->time : _xn_store_now (self),
                    act->actor, act->action, act->object, act->result, act->detail);
  return _xn_store_insert_row (self, fields, error);
}

/* Every administrative act is one durable transaction: BEGIN, what the
 * act writes, its audit row, COMMIT; a failure anywhere rolls all of it
 * back. Having one place for it means no act can be written without its
 * row, or committed without the FULL sync that makes it survive power
 * loss. The row comes after @write, which may fill in the act's object
 * and detail from what it changed, unless act->audit_first asks for it
 * before (a write that refers to the row's seq). @write may be %NULL.
 * Frees act->object and act->detail. */
gboolean
_xn_store_admin_transaction (XnStore                *self,
                             XnStoreAdminAct        *act,
                             XnStoreAdminWriteFunc   write,
                             gpointer                user_data,
                             GError                **error)
{
  gboolean ok = FALSE;

  if (!_xn_store_begin (self, TRUE, error))
    goto out;
  if (act->audit_first && !store_insert_admin (self, act, error))
    goto fail;
  if (write != NULL && !write (self, act, user_data, error))
    goto fail;
  if (!act->audit_first && !store_insert_admin (self, act, error))
    goto fail;
  ok = _xn_store_commit (self, error);
  goto out;

fail:
  _xn_store_rollback (self);
out:
  g_clear_pointer (&act->object, g_free);
  g_clear_pointer (&act->detail, g_free);
  return ok;
}

gboolean
_xn_store_set_meta_int (XnStore     *self,
                        const char  *key,
                        gint64       value,
                        GError     **error)
{
  sqlite3_stmt *stmt = _xn_store_stmt (self,
      "INSERT INTO meta (key, value) VALUES (?1, ?2) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, value);
  return _xn_store_step_done (self, stmt, error);
}

char *
_xn_store_column_dup (sqlite3_stmt *stmt,
                      int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* ---------------------------------------------------------------- open */

gboolean
_xn_store_query_int (XnStore     *self,
                     const char  *sql,
                     gint64      *out,
                     GError     **error)
{
  sqlite3_stmt *stmt = _xn_store_stmt (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = sqlite3_column_int64 (stmt, 0);
  else if (rc == SQLITE_DONE)
    *out = 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _xn_store_fail (self, error, _("read failed"));
  return TRUE;
}

static gboolean
store_migrate (XnStore  *self,
               int       from,
               GError  **error)
{
  for (int v = from; v < XN_STORE_SCHEMA_VERSION; v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", v + 1);
      g_autofree char *claim = g_strdup_printf ("PRAGMA application_id = %d",
                                                XN_STORE_APPLICATION_ID);
      char *msg = NULL;

      if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return _xn_store_fail (self, error, _("cannot start the schema migration"));
      if (sqlite3_exec (self->db, claim, NULL, NULL, &msg) != SQLITE_OK ||
          sqlite3_exec (self->db, migrations[v], NULL, NULL, &msg) != SQLITE_OK ||
          sqlite3_exec (self->db, bump, NULL, NULL, &msg) != SQLITE_OK ||
          sqlite3_exec (self->db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK)
        {
          g_set_error (error, XN_STORE_ERROR, XN_STORE_ERROR_FAILED,
                       _("%s: migrating the schema from version %d to %d failed: %s"),
                       self->path, v, v + 1, msg != NULL ? msg : sqlite3_errmsg (self->db));
          sqlite3_free (msg);
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
store_load_state (XnStore  *self,
                  GError  **error)
{
  sqlite3_stmt *stmt;
  gint64 cleared = 0;
  int rc;

  /* Continue from the last row actually present, so appends never
   * collide even if the head was tampered with; verify reports that. */
  stmt = _xn_store_stmt (self, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  self->last_seq = 0;
  memcpy (self->last_hash, _xn_chain_genesis (), XN_CHAIN_HASH_LEN);
  if (rc == SQLITE_ROW)
    {
      self->last_seq = sqlite3_column_int64 (stmt, 0);
      if (sqlite3_column_bytes (stmt, 1) == XN_CHAIN_HASH_LEN)
        memcpy (self->last_hash, sqlite3_column_blob (stmt, 1), XN_CHAIN_HASH_LEN);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _xn_store_fail (self, error, _("cannot read the audit log"));

  if (!_xn_store_query_int (self, "SELECT value FROM meta WHERE key = 'cleared_up_to'",
                            &cleared, error))
    return FALSE;
  self->cleared_up_to = cleared > 0 ? (guint64) cleared : 0;
  cleared = 0;
  if (!_xn_store_query_int (self, "SELECT value FROM meta WHERE key = 'viewed_up_to'",
                            &cleared, error))
    return FALSE;
  self->viewed_up_to = cleared > 0 ? (guint64) cleared : 0;
  return TRUE;
}

/* Reads every stored policy whole.  A damaged page in an old row would
 * otherwise go unnoticed until a client asked for that row, and the
 * policy history is what rollback protection and restarts rest on:
 * refuse to open, naming the row, so that an administrator acts. */
static gboolean
store_check_policies (XnStore  *self,
                      GError  **error)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;
  int rc;

  stmt = _xn_store_stmt (self, "SELECT id, document FROM policy ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      (void) sqlite3_column_blob (stmt, 1);   /* every overflow page read */
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, XN_STORE_ERROR, XN_STORE_ERROR_FAILED,
                   _("%s: the policy history is damaged after policy row %" PRId64
                     " (%s); the store was left untouched: restore it from a backup"),
                   self->path, (int64_t) id, sqlite3_errstr (rc));
      return FALSE;
    }
  return TRUE;
}

/**
 * xn_store_open:
 * @path: the database file; created with the current schema if absent
 * @error: return location for an error
 *
 * Opens the store, migrating an older schema forward. A file that is not
 * an SQLite database, belongs to another program, or has a schema newer
 * than this program knows is refused with an error naming the file, and
 * left untouched.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL on error
 */
XnStore *
xn_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(XnStore) self = NULL;
  gint64 app_id = 0, version = 0, n_tables = 0;
  const char *journal;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (XN_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                        SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, XN_STORE_ERROR, XN_STORE_ERROR_FAILED,
                   _("%s: cannot open the store: %s"), path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_busy_timeout (self->db, XN_STORE_BUSY_TIMEOUT_MS);

  /* The first read of the header tells a database from anything else. */
  rc = sqlite3_exec (self->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
  if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT)
    {
      g_set_error (error, XN_STORE_ERROR, XN_STORE_ERROR_NOT_A_STORE,
                   _("%s: not a Xenon store: %s"), path, sqlite3_errmsg (self->db));
      return NULL;
    }
  if (rc != SQLITE_OK)
    {
      _xn_store_fail (self, error, _("cannot read the store"));
      return NULL;
    }

  if (!_xn_store_query_int (self, "PRAGMA application_id", &app_id, error) ||
      !_xn_store_query_int (self, "PRAGMA user_version", &version, error) ||
      !_xn_store_query_int (self, "SELECT count(*) FROM sqlite_schema", &n_tables, error))
    return NULL;

  if ((app_id != 0 && app_id != XN_STORE_APPLICATION_ID) ||
      (app_id == 0 && (version != 0 || n_tables != 0)))
    {
      g_set_error (error, XN_STORE_ERROR, XN_STORE_ERROR_NOT_A_STORE,
                   _("%s: not a Xenon store: an SQLite database of another program"
                     " (application id %#" PRIx64 ", version %" PRId64 ")"),
                   path, (uint64_t) app_id, (int64_t) version);
      return NULL;
    }
  if (version > XN_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, XN_STORE_ERROR, XN_STORE_ERROR_TOO_NEW,
                   _("%s: the store has schema version %" PRId64
                     ", newer than version %d that this program knows;"
                     " it was left untouched"),
                   path, (int64_t) version, XN_STORE_SCHEMA_VERSION);
      return NULL;
    }

  /* WAL lets a reader (the verifier) run beside the daemon and makes a
   * commit one append; ":memory:" databases answer "memory". */
  stmt = _xn_store_stmt (self, "PRAGMA journal_mode = WAL", error);
  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  journal = rc == SQLITE_ROW ? (const char *) sqlite3_column_text (stmt, 0) : NULL;
  if (journal == NULL ||
      (g_ascii_strcasecmp (journal, "wal") != 0 && g_ascii_strcasecmp (journal, "memory") != 0))
    {
      g_set_error (error, XN_STORE_ERROR, XN_STORE_ERROR_FAILED,
                   _("%s: cannot switch the store to WAL mode: %s"), path,
                   journal != NULL ? journal : sqlite3_errmsg (self->db));
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);

  if (!_xn_store_exec (self, "PRAGMA synchronous = NORMAL", error) ||
      !_xn_store_exec (self, "PRAGMA foreign_keys = ON", error) ||
      !_xn_store_exec (self, "PRAGMA temp_store = MEMORY", error))
    return NULL;
  self->sync_full = FALSE;

  if (!store_migrate (self, (int) version, error) ||
      !store_load_state (self, error) ||
      !store_check_policies (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * xn_store_open_reader:
 * @path: an existing store
 * @error: return location for an error
 *
 * Opens @path read only, for reading beside the writer (WAL) or in
 * another thread: no migration and none of the writer's start-up checks,
 * so only the reading functions (xn_store_verify_chain_full() and the
 * xn_store_get_*() of rows) may be called on it.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL on error
 */
XnStore *
xn_store_open_reader (const char  *path,
                      GError     **error)
{
  g_autoptr(XnStore) self = NULL;
  gint64 app_id = 0;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (XN_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, XN_STORE_ERROR, XN_STORE_ERROR_FAILED,
                   _("%s: cannot open the store: %s"), path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_busy_timeout (self->db, XN_STORE_BUSY_TIMEOUT_MS);
  if (!_xn_store_query_int (self, "PRAGMA application_id", &app_id, error))
    return NULL;
  if (app_id != XN_STORE_APPLICATION_ID)
    {
      g_set_error (error, XN_STORE_ERROR, XN_STORE_ERROR_NOT_A_STORE,
                   _("%s: not a Xenon store"), path);
      return NULL;
    }
  return g_steal_pointer (&self);
}

static void
xn_store_finalize (GObject *object)
{
  XnStore *self = (XnStore *) object;

  g_clear_pointer (&self->stmts, g_hash_table_unref);   /* finalizes statements */
  if (self->db != NULL)
    sqlite3_close (self->db);
  _xn_chain_hasher_free (self->hasher);
  g_byte_array_unref (self->scratch);
  g_free (self->path);

  G_OBJECT_CLASS (xn_store_parent_class)->finalize (object);
}

static void
xn_store_class_init (XnStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = xn_store_finalize;
}

static void
xn_store_init (XnStore *self)
{
  self->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify) sqlite3_finalize);
  self->hasher = _xn_chain_hasher_new ();
  self->scratch = g_byte_array_new ();
  self->clock = default_clock;
  memcpy (self->tiers, default_tiers, sizeof default_tiers);
  self->n_tiers = G_N_ELEMENTS (default_tiers);
  memcpy (self->last_hash, _xn_chain_genesis (), XN_CHAIN_HASH_LEN);
}

/**
 * xn_store_get_path:
 * @self: a store
 *
 * Returns: (transfer none): the file name given to xn_store_open()
 */
const char *
xn_store_get_path (XnStore *self)
{
  g_return_val_if_fail (XN_IS_STORE (self), NULL);
  return self->path;
}

/**
 * xn_store_set_clock:
 * @self: a store
 * @func: (nullable): the clock, or %NULL for the real one
 * @user_data: closure for @func
 *
 * Replaces the wall clock that stamps rows given no time and that ages
 * performance history (tests inject one).
 */
void
xn_store_set_clock (XnStore          *self,
                    XnStoreClockFunc  func,
                    gpointer          user_data)
{
  g_return_if_fail (XN_IS_STORE (self));
  self->clock = func != NULL ? func : default_clock;
  self->clock_data = user_data;
  memset (self->next_prune, 0, sizeof self->next_prune);
}

/**
 * xn_store_get_schema_version:
 * @self: a store
 *
 * Returns: the schema version (PRAGMA user_version) this program writes
 */
int
xn_store_get_schema_version (XnStore *self)
{
  return XN_STORE_SCHEMA_VERSION;
}

sqlite3 *
_xn_store_get_db (XnStore *self)
{
  return self->db;
}

/* ------------------------------------------------------------- records */

void
xn_audit_record_free (XnAuditRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->actor_name);
  g_free (record->actor_roles);
  g_free (record->action);
  g_free (record->object);
  g_free (record->detail);
  g_free (record);
}

void
xn_violation_free (XnViolation *violation)
{
  if (violation == NULL)
    return;
  g_free (violation->domain_uuid);
  g_free (violation->domain_name);
  g_free (violation->hcall_name);
  g_free (violation->subop_name);
  g_free (violation->reason_text);
  g_free (violation->info);
  g_free (violation);
}

void
xn_violation_counts_free (XnViolationCounts *counts)
{
  if (counts == NULL)
    return;
  g_free (counts->domain_uuid);
  g_free (counts->domain_name);
  g_free (counts);
}

void
xn_policy_record_free (XnPolicyRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->uuid);
  g_free (record->name);
  g_free (record->signer_subject);
  g_free (record->signer_fingerprint);
  g_clear_pointer (&record->document, g_bytes_unref);
  g_free (record->reason);
  g_free (record);
}
