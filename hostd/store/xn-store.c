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
 * width of their tier.
 */

#define G_LOG_DOMAIN "xn-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "xn-store-private.h"

#define XN_STORE_APPLICATION_ID 0x58656e53   /* "XenS" */
#define XN_STORE_BUSY_TIMEOUT_MS 5000
#define SECOND G_GINT64_CONSTANT (1000000)

struct _XnStore
{
  GObject           parent_instance;

  char             *path;
  sqlite3          *db;
  GHashTable       *stmts;          /* SQL text → sqlite3_stmt, owned */
  XnChainHasher    *hasher;
  GByteArray       *scratch;

  XnStoreClockFunc  clock;
  gpointer          clock_data;

  /* The chain's head as committed; saved at BEGIN for ROLLBACK. */
  guint64           last_seq;
  guint8            last_hash[XN_CHAIN_HASH_LEN];
  guint64           saved_seq;
  guint8            saved_hash[XN_CHAIN_HASH_LEN];
  guint64           cleared_up_to;
  guint64           saved_cleared;
  guint64           viewed_up_to;
  guint64           saved_viewed;

  gboolean          sync_full;
  gboolean          in_transaction;

  XnPerfTier        tiers[XN_STORE_MAX_PERF_TIERS];
  guint             n_tiers;
  gint64            next_prune[XN_STORE_MAX_PERF_TIERS];
};

G_DEFINE_FINAL_TYPE (XnStore, xn_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (xn-store-error-quark, xn_store_error)

static const XnPerfTier default_tiers[] = {
  { 5 * SECOND, 10 * 60 * SECOND },
  { 60 * SECOND, 2 * 3600 * SECOND },
  { 3600 * SECOND, 7 * 86400 * SECOND },
  { 86400 * SECOND, 366 * 86400 * SECOND },
};

#define BUCKET_SHIFT 12

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

/* The hashed columns, in XN_CHAIN_* order. */
#define CHAIN_COLUMNS \
  "seq, time, kind, actor_uid, actor_name, actor_roles, action, object, " \
  "result, detail, domain_uuid, domain_name, hcall, hcall_name, subop, " \
  "subop_name, reason, reason_text, hmax, hrate, violation_action"

static gint64
default_clock (gpointer user_data)
{
  return g_get_real_time ();
}

static gint64
store_now (XnStore *self)
{
  return self->clock (self->clock_data);
}

static gboolean
store_fail (XnStore     *self,
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
static sqlite3_stmt *
store_stmt (XnStore     *self,
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
      store_fail (self, error, _("cannot prepare a statement"));
      return NULL;
    }
  g_hash_table_insert (self->stmts, (gpointer) sql, stmt);
  return stmt;
}

/* Runs a statement that returns no rows. */
static gboolean
store_step_done (XnStore      *self,
                 sqlite3_stmt *stmt,
                 GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return store_fail (self, error, _("write failed"));
  return TRUE;
}

static gboolean
store_exec (XnStore     *self,
            const char  *sql,
            GError     **error)
{
  sqlite3_stmt *stmt = store_stmt (self, sql, error);

  return stmt != NULL && store_step_done (self, stmt, error);
}

/* Durable transactions fsync the WAL at COMMIT: the call that wrote an
 * administrative act returns only once the act survives power loss. */
static gboolean
store_begin (XnStore   *self,
             gboolean   durable,
             GError   **error)
{
  g_assert (!self->in_transaction);

  if (durable != self->sync_full)
    {
      if (!store_exec (self, durable ? "PRAGMA synchronous = FULL"
                                     : "PRAGMA synchronous = NORMAL", error))
        return FALSE;
      self->sync_full = durable;
    }

  if (!store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  self->in_transaction = TRUE;
  self->saved_seq = self->last_seq;
  self->saved_cleared = self->cleared_up_to;
  self->saved_viewed = self->viewed_up_to;
  memcpy (self->saved_hash, self->last_hash, XN_CHAIN_HASH_LEN);
  return TRUE;
}

static void
store_rollback (XnStore *self)
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

static gboolean
store_commit (XnStore  *self,
              GError  **error)
{
  if (self->last_seq != self->saved_seq)
    {
      sqlite3_stmt *stmt = store_stmt (self,
          "INSERT INTO chain_head (id, seq, hash) VALUES (1, ?1, ?2) "
          "ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
          error);

      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) self->last_seq);
      sqlite3_bind_blob (stmt, 2, self->last_hash, XN_CHAIN_HASH_LEN, SQLITE_STATIC);
      if (!store_step_done (self, stmt, error))
        goto fail;
    }

  if (!store_exec (self, "COMMIT", error))
    goto fail;
  self->in_transaction = FALSE;
  return TRUE;

fail:
  store_rollback (self);
  return FALSE;
}

/* Field helpers for building a chain row. */
static inline void
field_text (XnChainField *f,
            const char   *s)
{
  if (s == NULL)
    {
      f->type = XN_CHAIN_TYPE_NULL;
      return;
    }
  f->type = XN_CHAIN_TYPE_TEXT;
  f->data = s;
  f->len = strlen (s);
}

static inline void
field_int (XnChainField *f,
           gint64        v)
{
  f->type = XN_CHAIN_TYPE_INT;
  f->i = v;
}

/* Rows without a violation action hash as every row did before schema 3. */
static guint
chain_n_fields (const XnChainField *fields)
{
  return fields[XN_CHAIN_VIOLATION_ACTION].type == XN_CHAIN_TYPE_NULL ? XN_CHAIN_N_FIELDS_V2
                                                                      : XN_CHAIN_N_FIELDS;
}

/* Appends one row inside the open transaction: assigns the next seq,
 * chains it and moves the head. */
static gboolean
store_insert_row (XnStore      *self,
                  XnChainField *fields,
                  GError      **error)
{
  sqlite3_stmt *stmt;
  guint8 hash[XN_CHAIN_HASH_LEN];

  g_assert (self->in_transaction);

  stmt = store_stmt (self,
      "INSERT INTO audit (" CHAIN_COLUMNS ", hash) VALUES "
      "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
      "?16, ?17, ?18, ?19, ?20, ?21, ?22)", error);
  if (stmt == NULL)
    return FALSE;

  field_int (&fields[XN_CHAIN_SEQ], (gint64) self->last_seq + 1);
  _xn_chain_hash (self->hasher, self->last_hash, fields, chain_n_fields (fields), hash);

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

  if (!store_step_done (self, stmt, error))
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
  field_int (&fields[XN_CHAIN_TIME], time);
  field_int (&fields[XN_CHAIN_KIND], XN_AUDIT_KIND_ADMIN);
  if (actor != NULL && actor->uid >= 0)
    field_int (&fields[XN_CHAIN_ACTOR_UID], actor->uid);
  field_text (&fields[XN_CHAIN_ACTOR_NAME], actor != NULL ? actor->name : NULL);
  field_text (&fields[XN_CHAIN_ACTOR_ROLES], actor != NULL ? actor->roles : NULL);
  field_text (&fields[XN_CHAIN_ACTION], action);
  field_text (&fields[XN_CHAIN_OBJECT], object);
  field_int (&fields[XN_CHAIN_RESULT], result);
  field_text (&fields[XN_CHAIN_DETAIL], detail);
}

static gboolean
store_insert_admin (XnStore             *self,
                    const XnStoreActor  *actor,
                    const char          *action,
                    const char          *object,
                    XnAuditResult        result,
                    const char          *detail,
                    GError             **error)
{
  XnChainField fields[XN_CHAIN_N_FIELDS];

  fields_for_admin (fields, store_now (self), actor, action, object, result, detail);
  return store_insert_row (self, fields, error);
}

static gboolean
store_set_meta_int (XnStore     *self,
                    const char  *key,
                    gint64       value,
                    GError     **error)
{
  sqlite3_stmt *stmt = store_stmt (self,
      "INSERT INTO meta (key, value) VALUES (?1, ?2) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, value);
  return store_step_done (self, stmt, error);
}

/* ---------------------------------------------------------------- open */

static gboolean
store_query_int (XnStore     *self,
                 const char  *sql,
                 gint64      *out,
                 GError     **error)
{
  sqlite3_stmt *stmt = store_stmt (self, sql, error);
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
    return store_fail (self, error, _("read failed"));
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
        return store_fail (self, error, _("cannot start the schema migration"));
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
  stmt = store_stmt (self, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", error);
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
    return store_fail (self, error, _("cannot read the audit log"));

  if (!store_query_int (self, "SELECT value FROM meta WHERE key = 'cleared_up_to'",
                        &cleared, error))
    return FALSE;
  self->cleared_up_to = cleared > 0 ? (guint64) cleared : 0;
  cleared = 0;
  if (!store_query_int (self, "SELECT value FROM meta WHERE key = 'viewed_up_to'",
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

  stmt = store_stmt (self, "SELECT id, document FROM policy ORDER BY id", error);
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
                   _("%s: the policy history is damaged after policy row %" G_GINT64_FORMAT
                     " (%s); the store was left untouched: restore it from a backup"),
                   self->path, id, sqlite3_errstr (rc));
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
      store_fail (self, error, _("cannot read the store"));
      return NULL;
    }

  if (!store_query_int (self, "PRAGMA application_id", &app_id, error) ||
      !store_query_int (self, "PRAGMA user_version", &version, error) ||
      !store_query_int (self, "SELECT count(*) FROM sqlite_schema", &n_tables, error))
    return NULL;

  if ((app_id != 0 && app_id != XN_STORE_APPLICATION_ID) ||
      (app_id == 0 && (version != 0 || n_tables != 0)))
    {
      g_set_error (error, XN_STORE_ERROR, XN_STORE_ERROR_NOT_A_STORE,
                   _("%s: not a Xenon store: an SQLite database of another program"
                     " (application id %#" G_GINT64_MODIFIER "x, version %" G_GINT64_FORMAT ")"),
                   path, app_id, version);
      return NULL;
    }
  if (version > XN_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, XN_STORE_ERROR, XN_STORE_ERROR_TOO_NEW,
                   _("%s: the store has schema version %" G_GINT64_FORMAT
                     ", newer than version %d that this program knows;"
                     " it was left untouched"),
                   path, version, XN_STORE_SCHEMA_VERSION);
      return NULL;
    }

  /* WAL lets a reader (the verifier) run beside the daemon and makes a
   * commit one append; ":memory:" databases answer "memory". */
  stmt = store_stmt (self, "PRAGMA journal_mode = WAL", error);
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

  if (!store_exec (self, "PRAGMA synchronous = NORMAL", error) ||
      !store_exec (self, "PRAGMA foreign_keys = ON", error) ||
      !store_exec (self, "PRAGMA temp_store = MEMORY", error))
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
  if (!store_query_int (self, "PRAGMA application_id", &app_id, error))
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
  XnChainField fields[XN_CHAIN_N_FIELDS];
  XnStoreActor actor;

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
  if (!store_begin (self, TRUE, error))
    return FALSE;
  fields_for_admin (fields, record->time != 0 ? record->time : store_now (self),
                    &actor, record->action, record->object, record->result,
                    record->detail);
  if (!store_insert_row (self, fields, error))
    {
      store_rollback (self);
      return FALSE;
    }
  if (!store_commit (self, error))
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

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
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

  stmt = store_stmt (self,
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
      r->actor_name = column_dup (stmt, 4);
      r->actor_roles = column_dup (stmt, 5);
      r->action = column_dup (stmt, 6);
      r->object = column_dup (stmt, 7);
      r->result = CLAMP (sqlite3_column_int (stmt, 8), 0, 2);
      r->detail = column_dup (stmt, 9);
      g_ptr_array_add (rows, r);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      store_fail (self, error, _("cannot read the audit log"));
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
               _("%s: the audit chain is broken at seq %" G_GUINT64_FORMAT ": %s"),
               self->path, seq, why);
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
  if (!store_exec (self, "BEGIN", error))
    return FALSE;

  stmt = store_stmt (self, "SELECT seq, hash FROM chain_head WHERE id = 1", error);
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
      store_fail (self, error, _("cannot read the audit chain head"));
      goto fail;
    }

  stmt = store_stmt (self, "SELECT " CHAIN_COLUMNS ", hash FROM audit ORDER BY seq", error);
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
      _xn_chain_hash (self->hasher, prev, fields, chain_n_fields (fields), hash);

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
      store_fail (self, error, _("cannot read the audit log"));
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
      sqlite3_stmt *stmt = store_stmt (self,
          "INSERT INTO violation_buckets (bucket, domain_uuid, n) VALUES (?1, ?2, ?3) "
          "ON CONFLICT (bucket, domain_uuid) DO UPDATE SET n = n + excluded.n", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, bucket);
      sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, (sqlite3_int64) ((DomainTally *) value)->n);
      if (!store_step_done (self, stmt, error))
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
  now = store_now (self);

  if (!store_begin (self, FALSE, error))
    return FALSE;

  memset (fields, 0, sizeof fields);
  field_int (&fields[XN_CHAIN_KIND], XN_AUDIT_KIND_VIOLATION);
  field_text (&fields[XN_CHAIN_ACTION], "Violation");
  field_int (&fields[XN_CHAIN_RESULT], XN_AUDIT_RESULT_REFUSED);

  buckets = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  for (guint i = 0; i < n_violations; i++)
    {
      const XnViolation *v = &violations[i];
      DomainTally *t;
      gint64 bucket = (gint64) ((self->last_seq + 1) >> BUCKET_SHIFT);

      field_int (&fields[XN_CHAIN_TIME], v->time != 0 ? v->time : now);
      field_text (&fields[XN_CHAIN_DETAIL], v->info);
      field_text (&fields[XN_CHAIN_DOMAIN_UUID], v->domain_uuid);
      field_text (&fields[XN_CHAIN_DOMAIN_NAME], v->domain_name);
      field_int (&fields[XN_CHAIN_HCALL], v->hcall);
      field_text (&fields[XN_CHAIN_HCALL_NAME], v->hcall_name);
      if (v->subop >= 0)
        field_int (&fields[XN_CHAIN_SUBOP], v->subop);
      else
        fields[XN_CHAIN_SUBOP].type = XN_CHAIN_TYPE_NULL;
      field_text (&fields[XN_CHAIN_SUBOP_NAME], v->subop_name);
      field_int (&fields[XN_CHAIN_REASON], v->reason);
      field_text (&fields[XN_CHAIN_REASON_TEXT], v->reason_text);
      field_int (&fields[XN_CHAIN_HMAX], v->hmax);
      field_int (&fields[XN_CHAIN_HRATE], v->hrate);
      if (v->action != XN_STORE_ACTION_NONE)
        field_int (&fields[XN_CHAIN_VIOLATION_ACTION], v->action);
      else
        fields[XN_CHAIN_VIOLATION_ACTION].type = XN_CHAIN_TYPE_NULL;

      if (bucket != cur_bucket && !store_flush_buckets (self, cur_bucket, buckets, error))
        {
          store_rollback (self);
          return FALSE;
        }
      cur_bucket = bucket;
      if (!store_insert_row (self, fields, error))
        {
          store_rollback (self);
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
      store_rollback (self);
      return FALSE;
    }

  g_hash_table_iter_init (&iter, tally);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      DomainTally *t = value;
      sqlite3_stmt *stmt = store_stmt (self,
          "INSERT INTO violation_counts (domain_uuid, domain_name, total, live, unviewed) "
          "VALUES (?1, ?2, ?3, ?3, ?3) ON CONFLICT (domain_uuid) DO UPDATE SET "
          "domain_name = coalesce (excluded.domain_name, domain_name), "
          "total = total + excluded.total, live = live + excluded.live, "
          "unviewed = unviewed + excluded.unviewed", error);

      if (stmt == NULL)
        {
          store_rollback (self);
          return FALSE;
        }
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, t->name, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, (sqlite3_int64) t->n);
      if (!store_step_done (self, stmt, error))
        {
          store_rollback (self);
          return FALSE;
        }
    }

  if (!store_commit (self, error))
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
      v->domain_uuid = column_dup (stmt, 2);
      v->domain_name = column_dup (stmt, 3);
      v->hcall = sqlite3_column_int (stmt, 4);
      v->hcall_name = column_dup (stmt, 5);
      v->subop = sqlite3_column_type (stmt, 6) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 6);
      v->subop_name = column_dup (stmt, 7);
      v->reason = sqlite3_column_int (stmt, 8);
      v->reason_text = column_dup (stmt, 9);
      v->hmax = (guint32) sqlite3_column_int64 (stmt, 10);
      v->hrate = (guint32) sqlite3_column_int64 (stmt, 11);
      v->info = column_dup (stmt, 12);
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
      store_fail (self, error, _("cannot read violations"));
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

  stmt = store_stmt (self, VIOLATION_COLUMNS "WHERE seq > ?1 AND kind = 1 "
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

  stmt = store_stmt (self, VIOLATION_COLUMNS "WHERE seq > ?1 AND kind = 1 "
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
  stmt = store_stmt (self, sql, error);
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
    return store_fail (self, error, _("cannot count violations"));
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
      sqlite3_stmt *stmt = store_stmt (self,
          "UPDATE violation_counts SET live = live - ?2, unviewed = unviewed - ?3 "
          "WHERE domain_uuid = ?1", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, n[0]);
      sqlite3_bind_int64 (stmt, 3, n[1]);
      if (!store_step_done (self, stmt, error))
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
                   _("%s: seq %" G_GUINT64_FORMAT " is beyond the last one (%" G_GUINT64_FORMAT ")"),
                   self->path, up_to_seq, self->last_seq);
      return FALSE;
    }
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
  g_autofree char *object = NULL;
  g_autofree char *detail = NULL;
  guint64 n = 0, in_range = 0, lo;

  g_return_val_if_fail (XN_IS_STORE (self), FALSE);

  if (!check_up_to (self, up_to_seq, error) || !store_begin (self, TRUE, error))
    return FALSE;

  /* Recorded once as a mark; the rows stay as they are. */
  lo = MAX (self->viewed_up_to, self->cleared_up_to);
  if (!store_uncount_range (self, lo, up_to_seq, FALSE, &in_range, &n, error))
    goto fail;
  if (up_to_seq > self->viewed_up_to)
    {
      self->viewed_up_to = up_to_seq;
      if (!store_set_meta_int (self, "viewed_up_to", (gint64) up_to_seq, error))
        goto fail;
    }

  object = g_strdup_printf ("violations up to seq %" G_GUINT64_FORMAT, up_to_seq);
  detail = g_strdup_printf ("%" G_GUINT64_FORMAT " marked viewed", n);
  if (!store_insert_admin (self, actor, "MarkViewed", object, XN_AUDIT_RESULT_OK, detail, error))
    goto fail;
  if (!store_commit (self, error))
    return FALSE;
  if (n_marked != NULL)
    *n_marked = n;
  return TRUE;

fail:
  store_rollback (self);
  return FALSE;
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
  g_autofree char *detail = NULL;
  g_autoptr(GString) object = g_string_new ("violations ");
  guint64 n = 0;

  g_return_val_if_fail (XN_IS_STORE (self), FALSE);
  g_return_val_if_fail (seqs != NULL || n_seqs == 0, FALSE);

  if (!store_begin (self, TRUE, error))
    return FALSE;

  for (guint i = 0; i < n_seqs; i++)
    {
      sqlite3_stmt *stmt = store_stmt (self,
          "UPDATE audit SET viewed = 1 WHERE seq = ?1 AND seq > ?2 AND kind = 1 "
          "AND viewed = 0 AND archived = 0 RETURNING domain_uuid", error);
      g_autofree char *uuid = NULL;
      int rc;

      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) MIN (seqs[i], G_MAXINT64));
      sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) MAX (self->viewed_up_to, self->cleared_up_to));
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          uuid = column_dup (stmt, 0);
          rc = sqlite3_step (stmt);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          store_fail (self, error, _("cannot mark a violation viewed"));
          goto fail;
        }
      if (uuid != NULL)
        {
          stmt = store_stmt (self,
              "UPDATE violation_counts SET unviewed = unviewed - 1 WHERE domain_uuid = ?1", error);
          if (stmt == NULL)
            goto fail;
          sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
          if (!store_step_done (self, stmt, error))
            goto fail;
          n++;
        }

      /* Keep the audited object readable; the count says the rest. */
      if (i < 32)
        g_string_append_printf (object, "%s%" G_GUINT64_FORMAT, i > 0 ? "," : "", seqs[i]);
      else if (i == 32)
        g_string_append (object, ",…");
    }

  detail = g_strdup_printf ("%" G_GUINT64_FORMAT " of %u marked viewed", n, n_seqs);
  if (!store_insert_admin (self, actor, "MarkViewed", object->str, XN_AUDIT_RESULT_OK, detail, error))
    goto fail;
  if (!store_commit (self, error))
    return FALSE;
  if (n_marked != NULL)
    *n_marked = n;
  return TRUE;

fail:
  store_rollback (self);
  return FALSE;
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
  g_autofree char *object = NULL;
  g_autofree char *detail = NULL;
  guint64 n = 0;

  if (!check_up_to (self, up_to_seq, error) || !store_begin (self, TRUE, error))
    return FALSE;

  if (up_to_seq > self->cleared_up_to)
    {
      guint64 unviewed;

      /* The new end of the archived prefix is the whole record. */
      if (!store_uncount_range (self, self->cleared_up_to, up_to_seq, TRUE, &n, &unviewed, error))
        goto fail;
      self->cleared_up_to = up_to_seq;
      if (!store_set_meta_int (self, "cleared_up_to", (gint64) up_to_seq, error))
        goto fail;
    }

  object = g_strdup_printf ("violations up to seq %" G_GUINT64_FORMAT, up_to_seq);
  detail = g_strdup_printf ("%" G_GUINT64_FORMAT " archived", n);
  if (!store_insert_admin (self, actor, action, object, XN_AUDIT_RESULT_OK, detail, error))
    goto fail;
  if (!store_commit (self, error))
    return FALSE;
  if (n_archived != NULL)
    *n_archived = n;
  return TRUE;

fail:
  store_rollback (self);
  return FALSE;
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
  stmt = store_stmt (self, "SELECT seq FROM audit WHERE kind = 1 AND seq > ?1 "
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
    return store_fail (self, error, _("cannot read the violations"));
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

  stmt = store_stmt (self,
      "SELECT domain_uuid, domain_name, total, live, unviewed FROM violation_counts "
      "ORDER BY domain_uuid", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      XnViolationCounts *c = g_new0 (XnViolationCounts, 1);

      c->domain_uuid = column_dup (stmt, 0);
      c->domain_name = column_dup (stmt, 1);
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
      store_fail (self, error, _("cannot read violation counts"));
      return NULL;
    }
  if (totals != NULL)
    *totals = sum;
  return g_steal_pointer (&rows);
}

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
  stmt = store_stmt (self,
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
      store_fail (self, error, _("cannot read the recorded calls"));
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
  stmt = store_stmt (self, "SELECT detail FROM audit WHERE seq = ?1 AND action = 'PushPolicy'", error);
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
    return store_fail (self, error, _("cannot read the policy's audit row"));
  if (!ok)
    g_set_error (error, XN_STORE_ERROR, XN_STORE_ERROR_CHAIN_BROKEN,
                 _("%s: policy serial %" G_GUINT64_FORMAT " is not the document recorded in audit "
                   "row %" G_GUINT64_FORMAT " (its SHA-256 differs): it was changed in the store"),
                 self->path, record->serial, record->audit_seq);
  return ok;
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
  g_autofree char *object = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *digest = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

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
    record->time = store_now (self);
  digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, record->document);
  object = g_strdup_printf ("policy %s serial %" G_GUINT64_FORMAT, record->uuid, record->serial);
  detail = g_strdup_printf ("%s; name %s; signer %s (%s); sha256 %s%s%s",
                            xn_policy_status_to_string (record->status),
                            record->name != NULL ? record->name : "-",
                            record->signer_subject != NULL ? record->signer_subject : "-",
                            record->signer_fingerprint != NULL ? record->signer_fingerprint : "-",
                            digest,
                            record->reason != NULL ? "; " : "",
                            record->reason != NULL ? record->reason : "");

  if (!store_begin (self, TRUE, error))
    return FALSE;

  if (!store_insert_admin (self, actor, "PushPolicy", object,
                           status_result (record->status), detail, error))
    goto fail;

  if (record->status == XN_POLICY_STATUS_APPLIED &&
      !store_exec (self, "UPDATE policy SET status = 3 WHERE status = 0", error))
    goto fail;

  stmt = store_stmt (self,
      "INSERT INTO policy (serial, uuid, name, signer_subject, signer_fingerprint, "
      "time, document, status, reason, audit_seq) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", error);
  if (stmt == NULL)
    goto fail;
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
  if (!store_step_done (self, stmt, error))
    goto fail;
  id = sqlite3_last_insert_rowid (self->db);

  if (!store_commit (self, error))
    return FALSE;
  record->id = id;
  record->audit_seq = self->last_seq;
  return TRUE;

fail:
  store_rollback (self);
  return FALSE;
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
  g_autofree char *object = NULL;
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (XN_IS_STORE (self), FALSE);

  if ((guint) status > XN_POLICY_STATUS_SUPERSEDED)
    {
      g_set_error (error, XN_STORE_ERROR, XN_STORE_ERROR_INVALID,
                   _("%s: invalid policy status %d"), self->path, (int) status);
      return FALSE;
    }
  if (!store_begin (self, TRUE, error))
    return FALSE;

  if (status == XN_POLICY_STATUS_APPLIED)
    {
      /* One policy is in force at a time (restoring the previous one
       * after a failed apply makes it the last good one again). */
      stmt = store_stmt (self, "UPDATE policy SET status = 3 WHERE status = 0 AND id != ?1", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, id);
      if (!store_step_done (self, stmt, error))
        goto fail;
    }

  stmt = store_stmt (self, "UPDATE policy SET status = ?2, reason = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, status);
  sqlite3_bind_text (stmt, 3, reason, -1, SQLITE_STATIC);
  if (!store_step_done (self, stmt, error))
    goto fail;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, XN_STORE_ERROR, XN_STORE_ERROR_NOT_FOUND,
                   _("%s: no policy with id %" G_GINT64_FORMAT), self->path, id);
      goto fail;
    }

  object = g_strdup_printf ("policy id %" G_GINT64_FORMAT, id);
  detail = g_strdup_printf ("%s%s%s", xn_policy_status_to_string (status),
                            reason != NULL ? "; " : "", reason != NULL ? reason : "");
  if (!store_insert_admin (self, actor, "PolicyStatus", object, status_result (status), detail, error))
    goto fail;
  return store_commit (self, error);

fail:
  store_rollback (self);
  return FALSE;
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
      p->uuid = column_dup (stmt, 2);
      p->name = column_dup (stmt, 3);
      p->signer_subject = column_dup (stmt, 4);
      p->signer_fingerprint = column_dup (stmt, 5);
      p->time = sqlite3_column_int64 (stmt, 6);
      p->document = g_bytes_new (sqlite3_column_blob (stmt, 7), sqlite3_column_bytes (stmt, 7));
      p->status = CLAMP (sqlite3_column_int (stmt, 8), 0, 3);
      p->reason = column_dup (stmt, 9);
      p->audit_seq = sqlite3_column_int64 (stmt, 10);
      g_ptr_array_add (rows, p);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      store_fail (self, error, _("cannot read the policy history"));
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

  stmt = store_stmt (self, "SELECT " POLICY_COLUMNS " FROM policy WHERE status = 0 "
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

  if (!store_query_int (self, "SELECT max(serial) FROM policy WHERE status IN (0, 3)", &serial, error))
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

  stmt = store_stmt (self, "SELECT " POLICY_COLUMNS " FROM policy ORDER BY id DESC LIMIT ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit != 0 ? (gint64) limit : -1);
  return store_read_policies (self, stmt, error);
}

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

  now = store_now (self);
  if (time == 0)
    time = now;

  if (!store_begin (self, FALSE, error))
    return FALSE;

  for (guint i = 0; i < n_samples; i++)
    {
      const XnPerfSample *s = &samples[i];

      for (guint t = 0; t < self->n_tiers; t++)
        {
          /* A running mean weighted by count: the bucket is the average
           * of every raw sample in it, however many tiers up. */
          sqlite3_stmt *stmt = store_stmt (self,
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
          if (!store_step_done (self, stmt, error))
            goto fail;
        }
    }

  for (guint t = 0; t < self->n_tiers; t++)
    {
      sqlite3_stmt *stmt;

      if (now < self->next_prune[t])
        continue;
      stmt = store_stmt (self, "DELETE FROM perf WHERE tier = ?1 AND time < ?2", error);
      if (stmt == NULL)
        goto fail;
      /* A bucket goes once it lies wholly before the retention window. */
      sqlite3_bind_int (stmt, 1, t);
      sqlite3_bind_int64 (stmt, 2, now - self->tiers[t].retention - self->tiers[t].resolution + 1);
      if (!store_step_done (self, stmt, error))
        goto fail;
      self->next_prune[t] = now + self->tiers[t].resolution;
    }

  return store_commit (self, error);

fail:
  store_rollback (self);
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

  stmt = store_stmt (self,
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
      store_fail (self, error, _("cannot read the performance history"));
      return NULL;
    }
  return g_steal_pointer (&rows);
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
