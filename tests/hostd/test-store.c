/* test-store.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The host daemon's store: schema and migration, the audit chain and its
 * tamper detection, violation paging, marks and clearing, performance
 * roll-up and pruning, crash consistency under kill -9, and bad files. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "xn-store.h"
#include "xn-test.h"

static char *tmpdir;
static char *db_path;

static void
setup (void)
{
  GError *error = NULL;

  tmpdir = g_dir_make_tmp ("xn-store-XXXXXX", &error);
  ck_assert_msg (tmpdir != NULL, "%s", error != NULL ? error->message : "");
  db_path = g_build_filename (tmpdir, "hostd.db", NULL);
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_remove (child);
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_rmdir (path);
}

static void
teardown (void)
{
  remove_tree (tmpdir);
  g_clear_pointer (&tmpdir, g_free);
  g_clear_pointer (&db_path, g_free);
}

static XnStore *
open_store (void)
{
  GError *error = NULL;
  XnStore *store = xn_store_open (db_path, &error);

  ck_assert_msg (store != NULL, "open: %s", error != NULL ? error->message : "");
  return store;
}

/* A second, independent connection: the tamperer's or the inspector's. */
static sqlite3 *
raw_open (void)
{
  sqlite3 *db = NULL;

  ck_assert_int_eq (sqlite3_open (db_path, &db), SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

static void
raw_exec (sqlite3    *db,
          const char *sql)
{
  char *msg = NULL;

  ck_assert_msg (sqlite3_exec (db, sql, NULL, NULL, &msg) == SQLITE_OK,
                 "%s: %s", sql, msg != NULL ? msg : "");
}

static gint64
raw_int (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 v = -1;

  ck_assert_int_eq (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

static const XnStoreActor secadmin = { 1001, "alice", "xenon-secadmin,xenon-monitor" };
static const XnStoreActor monitor = { 1002, "bob", "xenon-monitor" };

static const char *domain_uuids[] = {
  "6f1f3b2e-1111-4a3e-9c7d-000000000001",
  "6f1f3b2e-1111-4a3e-9c7d-000000000002",
  "6f1f3b2e-1111-4a3e-9c7d-000000000003",
};
static const char *domain_names[] = { "user_vm_1", "net_svc", "storage_svc" };

/* Violation i of a deterministic stream. */
static void
make_violation (XnViolation *v,
                guint        i)
{
  memset (v, 0, sizeof *v);
  v->time = 1700000000000000 + (gint64) i * 1000;
  v->domain_uuid = (char *) domain_uuids[i % 3];
  v->domain_name = (char *) domain_names[i % 3];
  v->hcall = 17;
  v->hcall_name = (char *) "xen_version";
  v->subop = i % 2 == 0 ? 1 : -1;
  v->subop_name = i % 2 == 0 ? (char *) "extraversion" : NULL;
  v->reason = 2;
  v->reason_text = (char *) "hypercall not allowed";
  v->hmax = 100;
  v->hrate = i % 500;
  v->info = (char *) "hcall=17(xen_version), cmd=1(extraversion)";
}

static guint64
append_violations (XnStore *store,
                   guint    first,
                   guint    n)
{
  g_autofree XnViolation *batch = g_new0 (XnViolation, n);
  GError *error = NULL;
  guint64 last = 0;

  for (guint i = 0; i < n; i++)
    make_violation (&batch[i], first + i);
  ck_assert_msg (xn_store_append_violations (store, batch, n, &last, &error),
                 "append: %s", error != NULL ? error->message : "");
  return last;
}

static void
assert_verifies (XnStore *store)
{
  GError *error = NULL;
  guint64 bad = 99;

  ck_assert_msg (xn_store_verify_chain (store, &bad, &error),
                 "verify: %s", error != NULL ? error->message : "");
  ck_assert_uint_eq (bad, 0);
}

static void
assert_broken_at (XnStore *store,
                  guint64  expected)
{
  GError *error = NULL;
  guint64 bad = 0;

  ck_assert (!xn_store_verify_chain (store, &bad, &error));
  ck_assert_msg (g_error_matches (error, XN_STORE_ERROR, XN_STORE_ERROR_CHAIN_BROKEN),
                 "%s", error != NULL ? error->message : "no error");
  ck_assert_msg (bad == expected, "first bad seq %" G_GUINT64_FORMAT ", expected %"
                 G_GUINT64_FORMAT " (%s)", bad, expected, error->message);
  ck_assert (strstr (error->message, db_path) != NULL);
  {
    g_autofree char *row = g_strdup_printf ("at seq %" G_GUINT64_FORMAT ":", expected);

    ck_assert_msg (strstr (error->message, row) != NULL, "%s does not name %s", error->message, row);
  }
  g_error_free (error);
}

/* ----------------------------------------------------------- schema */

START_TEST (test_create_and_reopen)
{
  g_autoptr(XnStore) store = open_store ();
  g_autoptr(XnStore) again = NULL;
  sqlite3 *db;
  guint64 seq = 0;

  ck_assert_uint_eq (xn_store_get_last_seq (store), 0);
  assert_verifies (store);
  ck_assert (xn_store_append_admin (store, &secadmin, "StartDomain", "user_vm_1",
                                    XN_AUDIT_RESULT_OK, NULL, &seq, NULL));
  ck_assert_uint_eq (seq, 1);
  append_violations (store, 0, 10);
  g_clear_object (&store);

  again = open_store ();
  ck_assert_uint_eq (xn_store_get_last_seq (again), 11);
  assert_verifies (again);

  db = raw_open ();
  ck_assert_int_eq (raw_int (db, "PRAGMA user_version"), xn_store_get_schema_version (again));
  ck_assert_int_eq (raw_int (db, "PRAGMA application_id"), 0x58656e53);
  {
    sqlite3_stmt *stmt;

    ck_assert_int_eq (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), SQLITE_OK);
    ck_assert_int_eq (sqlite3_step (stmt), SQLITE_ROW);
    ck_assert_str_eq ((const char *) sqlite3_column_text (stmt, 0), "wal");
    sqlite3_finalize (stmt);
  }
  sqlite3_close (db);
}
END_TEST

START_TEST (test_migrate_from_zero)
{
  g_autoptr(XnStore) store = NULL;
  sqlite3 *db;

  /* An empty database at user_version 0, as an older tool or a first
   * start would leave it. */
  db = raw_open ();
  raw_exec (db, "PRAGMA user_version = 0");
  raw_exec (db, "VACUUM");
  sqlite3_close (db);

  store = open_store ();
  db = raw_open ();
  ck_assert_int_eq (raw_int (db, "PRAGMA user_version"), xn_store_get_schema_version (store));
  ck_assert_int_eq (raw_int (db, "SELECT count(*) FROM sqlite_schema WHERE name IN "
                            "('audit', 'chain_head', 'policy', 'violation_counts', 'perf', 'meta')"), 6);
  sqlite3_close (db);
  assert_verifies (store);
}
END_TEST

START_TEST (test_bad_files)
{
  g_autofree char *junk = g_build_filename (tmpdir, "junk.db", NULL);
  g_autofree char *other = g_build_filename (tmpdir, "other.db", NULL);
  g_autofree char *text = NULL;
  GError *error = NULL;
  XnStore *store;
  sqlite3 *db;

  /* Not a database at all. */
  text = g_strnfill (8192, 'x');
  ck_assert (g_file_set_contents (junk, text, -1, NULL));
  store = xn_store_open (junk, &error);
  ck_assert_ptr_null (store);
  ck_assert (g_error_matches (error, XN_STORE_ERROR, XN_STORE_ERROR_NOT_A_STORE));
  ck_assert_msg (strstr (error->message, junk) != NULL, "%s", error->message);
  g_clear_error (&error);

  /* A newer schema than this program knows: refused, untouched. */
  g_clear_object (&store);
  store = open_store ();
  g_clear_object (&store);
  db = raw_open ();
  raw_exec (db, "PRAGMA user_version = 99");
  sqlite3_close (db);
  store = xn_store_open (db_path, &error);
  ck_assert_ptr_null (store);
  ck_assert (g_error_matches (error, XN_STORE_ERROR, XN_STORE_ERROR_TOO_NEW));
  ck_assert_msg (strstr (error->message, db_path) != NULL && strstr (error->message, "99") != NULL,
                 "%s", error->message);
  g_clear_error (&error);
  db = raw_open ();
  ck_assert_int_eq (raw_int (db, "PRAGMA user_version"), 99);
  sqlite3_close (db);

  /* Another program's database. */
  ck_assert_int_eq (sqlite3_open (other, &db), SQLITE_OK);
  raw_exec (db, "CREATE TABLE notes (body TEXT)");
  sqlite3_close (db);
  store = xn_store_open (other, &error);
  ck_assert_ptr_null (store);
  ck_assert (g_error_matches (error, XN_STORE_ERROR, XN_STORE_ERROR_NOT_A_STORE));
  ck_assert_msg (strstr (error->message, other) != NULL, "%s", error->message);
  g_clear_error (&error);
}
END_TEST

/* -------------------------------------------------------------- audit */

START_TEST (test_audit_append_verify)
{
  g_autoptr(XnStore) store = open_store ();
  g_autoptr(GPtrArray) rows = NULL;
  XnAuditRecord rec = {
    .time = 1234,
    .kind = XN_AUDIT_KIND_ADMIN,
    .actor_uid = 0,
    .actor_name = (char *) "root",
    .actor_roles = (char *) "xenon-sysadmin,xenon-secadmin,xenon-monitor",
    .action = (char *) "DestroyDomain",
    .object = (char *) "6f1f3b2e-1111-4a3e-9c7d-000000000001 user_vm_1",
    .result = XN_AUDIT_RESULT_FAILED,
    .detail = (char *) "domain is not running",
  };
  GError *error = NULL;
  guint64 seq = 0;
  XnAuditRecord *r;

  ck_assert (xn_store_append_audit (store, &rec, &seq, NULL));
  ck_assert_uint_eq (seq, 1);
  ck_assert (xn_store_append_admin (store, &monitor, "PushPolicy", NULL,
                                    XN_AUDIT_RESULT_REFUSED, "role xenon-secadmin required",
                                    &seq, NULL));
  ck_assert_uint_eq (seq, 2);
  append_violations (store, 0, 5);
  ck_assert (xn_store_append_admin (store, NULL, "DaemonStart", NULL, XN_AUDIT_RESULT_OK,
                                    "", &seq, NULL));
  ck_assert_uint_eq (seq, 8);
  assert_verifies (store);

  /* A violation must go through the batch API. */
  rec.kind = XN_AUDIT_KIND_VIOLATION;
  ck_assert (!xn_store_append_audit (store, &rec, NULL, &error));
  ck_assert (g_error_matches (error, XN_STORE_ERROR, XN_STORE_ERROR_INVALID));
  g_clear_error (&error);

  rows = xn_store_get_audit (store, 0, 100, TRUE, &error);
  ck_assert_ptr_nonnull (rows);
  ck_assert_uint_eq (rows->len, 3);
  r = rows->pdata[0];
  ck_assert_uint_eq (r->seq, 1);
  ck_assert_int_eq (r->time, 1234);
  ck_assert_int_eq (r->actor_uid, 0);
  ck_assert_str_eq (r->actor_name, "root");
  ck_assert_str_eq (r->action, "DestroyDomain");
  ck_assert_int_eq (r->result, XN_AUDIT_RESULT_FAILED);
  ck_assert_str_eq (r->detail, "domain is not running");
  r = rows->pdata[1];
  ck_assert_str_eq (r->actor_roles, "xenon-monitor");
  ck_assert_ptr_null (r->object);
  r = rows->pdata[2];
  ck_assert_int_eq (r->actor_uid, -1);
  ck_assert_str_eq (r->detail, "");   /* empty is not NULL */
  g_clear_pointer (&rows, g_ptr_array_unref);

  rows = xn_store_get_audit (store, 2, 100, FALSE, &error);
  ck_assert_uint_eq (rows->len, 6);
  r = rows->pdata[0];
  ck_assert_int_eq (r->kind, XN_AUDIT_KIND_VIOLATION);
  ck_assert_str_eq (r->actor_name, "user_vm_1");
  ck_assert_str_eq (r->object, domain_uuids[0]);
}
END_TEST

/* Each tamper: an SQL script on a second connection and the seq verify
 * must name. The store holds seqs 1..20: admin 1 (alice's PushPolicy of
 * "serial 4"), violations 2..19 (even seqs with a sub-op, none with an
 * action, so they hash as schema 2 rows), admin 20. An "edit COLUMN"
 * case exists for every stored column (test_tamper_every_column holds
 * the list against the table): the chain must notice a refused act
 * rewritten as done, whichever column says so. */
typedef struct
{
  const char *name;
  const char *sql;
  guint64     bad;
} Tamper;

static const Tamper tampers[] = {
  { "edit detail", "UPDATE audit SET detail = 'nothing to see' WHERE seq = 7", 7 },
  { "edit hrate", "UPDATE audit SET hrate = hrate + 1 WHERE seq = 12", 12 },
  { "edit actor_name", "UPDATE audit SET actor_name = 'mallory' WHERE seq = 1", 1 },
  { "edit time", "UPDATE audit SET time = time - 1 WHERE seq = 20", 20 },
  { "edit kind", "UPDATE audit SET kind = 0 WHERE seq = 3", 3 },
  { "edit actor_uid", "UPDATE audit SET actor_uid = 0 WHERE seq = 1", 1 },
  { "edit actor_roles", "UPDATE audit SET actor_roles = 'xenon-sysadmin' WHERE seq = 1", 1 },
  { "edit action", "UPDATE audit SET action = 'GetStatus' WHERE seq = 20", 20 },
  { "edit object", "UPDATE audit SET object = 'serial 5' WHERE seq = 1", 1 },
  /* A violation (refused) read as an act that went through. */
  { "edit result", "UPDATE audit SET result = 0 WHERE seq = 4", 4 },
  { "edit domain_uuid", "UPDATE audit SET domain_uuid = '6f1f3b2e-1111-4a3e-9c7d-000000000009' WHERE seq = 8", 8 },
  { "edit domain_name", "UPDATE audit SET domain_name = 'innocent' WHERE seq = 9", 9 },
  { "edit hcall", "UPDATE audit SET hcall = 18 WHERE seq = 10", 10 },
  { "edit hcall_name", "UPDATE audit SET hcall_name = 'console_io' WHERE seq = 11", 11 },
  { "edit subop", "UPDATE audit SET subop = 2 WHERE seq = 2", 2 },
  { "edit subop_name", "UPDATE audit SET subop_name = 'version' WHERE seq = 14", 14 },
  { "edit reason", "UPDATE audit SET reason = 1 WHERE seq = 13", 13 },
  { "edit reason_text", "UPDATE audit SET reason_text = 'rate' WHERE seq = 15", 15 },
  { "edit hmax", "UPDATE audit SET hmax = 100000 WHERE seq = 16", 16 },
  /* An action added to a row hashed without one (the schema 2 rule). */
  { "edit violation_action", "UPDATE audit SET violation_action = 2 WHERE seq = 17", 17 },
  /* Same bytes, another type: SQLite's affinity would turn '17' back
   * into 17, a BLOB it keeps. */
  { "blob for int", "UPDATE audit SET hcall = CAST ('17' AS BLOB) WHERE seq = 5", 5 },
  { "blob for text", "UPDATE audit SET detail = CAST (detail AS BLOB) WHERE seq = 6", 6 },
  { "null for text", "UPDATE audit SET subop_name = NULL WHERE seq = 2", 2 },
  { "empty for null", "UPDATE audit SET object = '' WHERE seq = 20", 20 },
  { "hash of wrong size", "UPDATE audit SET hash = x'00' WHERE seq = 9", 9 },
  { "hash as text", "UPDATE audit SET hash = 'abc' WHERE seq = 9", 9 },
  { "delete a row", "DELETE FROM audit WHERE seq = 10", 10 },
  { "delete the first", "DELETE FROM audit WHERE seq = 1", 1 },
  { "delete the last", "DELETE FROM audit WHERE seq = 20", 20 },
  { "delete the last two and the head",
    "DELETE FROM audit WHERE seq >= 19; UPDATE chain_head SET seq = 18", 18 },
  { "append a row",
    "INSERT INTO audit (seq, time, kind, action, result, hash) "
    "SELECT 21, time, 0, 'Forged', 0, hash FROM audit WHERE seq = 20", 21 },
  /* Insert in the middle: shift 8.. up by one, then a forged row at 8
   * reusing a genuine hash. */
  { "insert a row",
    "UPDATE audit SET seq = -seq WHERE seq >= 8;"
    "UPDATE audit SET seq = -seq + 1 WHERE seq < 0;"
    "INSERT INTO audit (seq, time, kind, action, result, hash) "
    "SELECT 8, time, 0, 'Forged', 0, hash FROM audit WHERE seq = 9;"
    "UPDATE chain_head SET seq = 21", 8 },
  /* Swap the whole content of two rows (a reorder). */
  { "swap two rows",
    "UPDATE audit SET seq = -1 WHERE seq = 4;"
    "UPDATE audit SET seq = 4 WHERE seq = 15;"
    "UPDATE audit SET seq = 15 WHERE seq = -1;", 4 },
  /* Swap content but keep each row's stored hash. */
  { "swap two rows' fields",
    "CREATE TEMP TABLE t AS SELECT * FROM audit WHERE seq IN (2, 3);"
    "UPDATE audit SET (time, domain_uuid, domain_name, subop, subop_name, hrate) = "
    " (SELECT time, domain_uuid, domain_name, subop, subop_name, hrate FROM t WHERE t.seq = 5 - audit.seq)"
    " WHERE seq IN (2, 3);", 2 },
  { "edit the head", "UPDATE chain_head SET hash = zeroblob (32)", 20 },
};

START_TEST (test_tamper)
{
  const Tamper *t = &tampers[_i];
  g_autoptr(XnStore) store = open_store ();
  g_autoptr(XnStore) again = NULL;
  sqlite3 *db;

  ck_assert (xn_store_append_admin (store, &secadmin, "PushPolicy", "serial 4",
                                    XN_AUDIT_RESULT_OK, NULL, NULL, NULL));
  append_violations (store, 0, 10);
  append_violations (store, 10, 8);
  ck_assert (xn_store_append_admin (store, &secadmin, "ClearViolations", NULL,
                                    XN_AUDIT_RESULT_OK, NULL, NULL, NULL));
  ck_assert_uint_eq (xn_store_get_last_seq (store), 20);
  assert_verifies (store);

  db = raw_open ();
  raw_exec (db, t->sql);
  /* A script that matched no row would test nothing. */
  ck_assert_msg (sqlite3_total_changes (db) > 0, "%s: the tamper changed nothing", t->name);
  sqlite3_close (db);

  assert_broken_at (store, t->bad);

  /* And so does a fresh process that opens the tampered file. */
  again = open_store ();
  assert_broken_at (again, t->bad);
}
END_TEST

/* Every stored column but the hash and the later marks has its "edit"
 * tamper above: a column added to the table without one fails here. */
START_TEST (test_tamper_every_column)
{
  g_autoptr(XnStore) store = open_store ();   /* makes the schema */
  sqlite3 *db = raw_open ();
  sqlite3_stmt *stmt = NULL;
  guint n_columns = 0;

  ck_assert_ptr_nonnull (store);

  ck_assert_int_eq (sqlite3_prepare_v2 (db, "SELECT name FROM pragma_table_info ('audit')", -1,
                                        &stmt, NULL), SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *column = (const char *) sqlite3_column_text (stmt, 0);
      g_autofree char *name = g_strdup_printf ("edit %s", column);
      gboolean found = FALSE;

      n_columns++;
      /* seq: the delete, insert and swap cases; the marks change later
       * by design and are not chained. */
      if (g_str_equal (column, "seq") || g_str_equal (column, "hash") ||
          g_str_equal (column, "viewed") || g_str_equal (column, "archived"))
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (tampers) && !found; i++)
        found = g_str_equal (tampers[i].name, name);
      ck_assert_msg (found, "no \"%s\" tamper case", name);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  ck_assert_uint_ge (n_columns, 21);
}
END_TEST

START_TEST (test_serialisation_distinct)
{
  g_autoptr(XnStore) a = open_store ();
  sqlite3 *db;
  sqlite3_stmt *stmt;

  /* Two rows whose fields concatenate alike must hash differently, and
   * moving text between adjacent fields must break the chain. */
  ck_assert (xn_store_append_admin (a, &secadmin, "ab", "c", XN_AUDIT_RESULT_OK, NULL, NULL, NULL));
  ck_assert (xn_store_append_admin (a, &secadmin, "a", "bc", XN_AUDIT_RESULT_OK, NULL, NULL, NULL));
  assert_verifies (a);

  db = raw_open ();
  ck_assert_int_eq (sqlite3_prepare_v2 (db, "SELECT count(DISTINCT hash) FROM audit", -1, &stmt, NULL), SQLITE_OK);
  ck_assert_int_eq (sqlite3_step (stmt), SQLITE_ROW);
  ck_assert_int_eq (sqlite3_column_int (stmt, 0), 2);
  sqlite3_finalize (stmt);
  raw_exec (db, "UPDATE audit SET action = 'a', object = 'bc' WHERE seq = 1");
  sqlite3_close (db);
  assert_broken_at (a, 1);
}
END_TEST

/* --------------------------------------------------------- violations */

START_TEST (test_violation_paging)
{
  g_autoptr(XnStore) store = open_store ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree gint64 *keys = g_new0 (gint64, 10000);
  guint64 since = 0;
  guint n = 0, pages = 0;
  guint64 prev = 0;

  /* 10,000 violations in batches, with admin rows in between (seqs that
   * are not violations must not show up, nor leave a hole in paging). */
  for (guint b = 0; b < 10; b++)
    {
      append_violations (store, b * 1000, 1000);
      ck_assert (xn_store_append_admin (store, &monitor, "GetViolations", NULL,
                                        XN_AUDIT_RESULT_OK, NULL, NULL, NULL));
    }

  for (;;)
    {
      GError *error = NULL;
      g_autoptr(GPtrArray) page = xn_store_get_violations (store, since, 137, FALSE, &error);

      ck_assert_msg (page != NULL, "%s", error != NULL ? error->message : "");
      if (page->len == 0)
        break;
      pages++;
      for (guint i = 0; i < page->len; i++)
        {
          XnViolation *v = page->pdata[i];
          guint idx = n;

          ck_assert_uint_gt (v->seq, prev);
          prev = v->seq;
          keys[n] = (gint64) v->seq;
          ck_assert (!g_hash_table_contains (seen, &keys[n]));
          g_hash_table_add (seen, &keys[n]);
          n++;

          /* Content round-trips: the n-th violation is stream item n. */
          ck_assert_str_eq (v->domain_uuid, domain_uuids[idx % 3]);
          ck_assert_str_eq (v->domain_name, domain_names[idx % 3]);
          ck_assert_int_eq (v->time, 1700000000000000 + (gint64) idx * 1000);
          ck_assert_int_eq (v->subop, idx % 2 == 0 ? 1 : -1);
          ck_assert_uint_eq (v->hrate, idx % 500);
          ck_assert_str_eq (v->info, "hcall=17(xen_version), cmd=1(extraversion)");
          ck_assert (!v->viewed && !v->archived);
        }
      since = ((XnViolation *) page->pdata[page->len - 1])->seq;
    }
  ck_assert_uint_eq (n, 10000);
  ck_assert_uint_eq (pages, (10000 + 136) / 137);
  assert_verifies (store);
}
END_TEST

START_TEST (test_mark_and_clear)
{
  g_autoptr(XnStore) store = open_store ();
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) counts = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  XnViolationCounts totals;
  GError *error = NULL;
  guint64 n = 0, last;
  guint64 some[] = { 25, 27, 28, 29, 9999 };
  XnAuditRecord *r;

  last = append_violations (store, 0, 30);   /* seqs 1..30 */
  ck_assert_uint_eq (last, 30);

  counts = xn_store_count_violations (store, &totals, &error);
  ck_assert_uint_eq (counts->len, 3);
  ck_assert_uint_eq (totals.total, 30);
  ck_assert_uint_eq (totals.live, 30);
  ck_assert_uint_eq (totals.unviewed, 30);
  g_clear_pointer (&counts, g_ptr_array_unref);

  /* Mark up to 10: seqs 1..10 viewed. */
  ck_assert (xn_store_mark_viewed (store, &monitor, 10, &n, &error));
  ck_assert_uint_eq (n, 10);
  ck_assert (xn_store_mark_viewed (store, &monitor, 10, &n, &error));
  ck_assert_uint_eq (n, 0);
  /* A list; 9999 is no violation and is skipped, 28 is a repeat below. */
  ck_assert (xn_store_mark_viewed_seqs (store, &monitor, some, G_N_ELEMENTS (some), &n, &error));
  ck_assert_uint_eq (n, 4);
  ck_assert (!xn_store_mark_viewed (store, &monitor, 10000, &n, &error));
  ck_assert (g_error_matches (error, XN_STORE_ERROR, XN_STORE_ERROR_INVALID));
  g_clear_error (&error);

  counts = xn_store_count_violations (store, &totals, &error);
  ck_assert_uint_eq (totals.unviewed, 16);
  ck_assert_uint_eq (totals.live, 30);
  /* user_vm_1 has seqs 1,4,...,28: 10 of them; viewed 1,4,7,10,25,28. */
  ck_assert_str_eq (((XnViolationCounts *) counts->pdata[0])->domain_uuid, domain_uuids[0]);
  ck_assert_str_eq (((XnViolationCounts *) counts->pdata[0])->domain_name, "user_vm_1");
  ck_assert_uint_eq (((XnViolationCounts *) counts->pdata[0])->live, 10);
  ck_assert_uint_eq (((XnViolationCounts *) counts->pdata[0])->unviewed, 4);
  g_clear_pointer (&counts, g_ptr_array_unref);

  page = xn_store_get_violations (store, 0, 100, FALSE, &error);
  ck_assert_uint_eq (page->len, 30);
  ck_assert (((XnViolation *) page->pdata[9])->viewed);
  ck_assert (!((XnViolation *) page->pdata[10])->viewed);
  ck_assert (((XnViolation *) page->pdata[24])->viewed);
  g_clear_pointer (&page, g_ptr_array_unref);

  /* Clear up to 20: archived, hidden by default, still there. */
  ck_assert (xn_store_clear_violations (store, &secadmin, 20, &n, &error));
  ck_assert_uint_eq (n, 20);
  page = xn_store_get_violations (store, 0, 100, FALSE, &error);
  ck_assert_uint_eq (page->len, 10);
  ck_assert_uint_eq (((XnViolation *) page->pdata[0])->seq, 21);
  g_clear_pointer (&page, g_ptr_array_unref);
  page = xn_store_get_violations (store, 0, 100, TRUE, &error);
  ck_assert_uint_eq (page->len, 30);
  ck_assert (((XnViolation *) page->pdata[0])->archived);
  ck_assert (((XnViolation *) page->pdata[19])->archived);
  ck_assert (!((XnViolation *) page->pdata[20])->archived);
  g_clear_pointer (&page, g_ptr_array_unref);

  counts = xn_store_count_violations (store, &totals, &error);
  ck_assert_uint_eq (totals.total, 30);
  ck_assert_uint_eq (totals.live, 10);
  ck_assert_uint_eq (totals.unviewed, 6);   /* 21..30 less 25,27,28,29 */
  g_clear_pointer (&counts, g_ptr_array_unref);

  /* Marking archived rows changes nothing; clearing less is a no-op. */
  ck_assert (xn_store_mark_viewed (store, &monitor, 20, &n, &error));
  ck_assert_uint_eq (n, 0);
  ck_assert (xn_store_clear_violations (store, &secadmin, 5, &n, &error));
  ck_assert_uint_eq (n, 0);

  /* New violations after the clear are live. */
  append_violations (store, 30, 3);
  page = xn_store_get_violations (store, 0, 100, FALSE, &error);
  ck_assert_uint_eq (page->len, 13);
  g_clear_pointer (&page, g_ptr_array_unref);

  /* An auditor reads exactly the archived ones, by pages, new ones not. */
  page = xn_store_get_archived_violations (store, 0, 15, &error);
  ck_assert_uint_eq (page->len, 15);
  ck_assert_uint_eq (((XnViolation *) page->pdata[0])->seq, 1);
  ck_assert (((XnViolation *) page->pdata[14])->archived);
  g_clear_pointer (&page, g_ptr_array_unref);
  page = xn_store_get_archived_violations (store, 15, 100, &error);
  ck_assert_uint_eq (page->len, 5);
  ck_assert_uint_eq (((XnViolation *) page->pdata[4])->seq, 20);
  ck_assert (((XnViolation *) page->pdata[4])->archived);
  g_clear_pointer (&page, g_ptr_array_unref);
  /* Profile learning counts the cleared calls too: user_vm_1's 10
   * archived and 1 live. */
  {
    g_autoptr(GArray) calls = xn_store_count_calls (store, domain_uuids[0], &error);
    guint64 sum = 0;

    for (guint i = 0; i < calls->len; i++)
      sum += g_array_index (calls, XnCallCount, i).count;
    ck_assert_uint_eq (sum, 11);
  }

  /* Every mark and clear is an admin row, and the chain holds. */
  audit = xn_store_get_audit (store, 0, 100, TRUE, &error);
  ck_assert_uint_eq (audit->len, 6);
  r = audit->pdata[0];
  ck_assert_str_eq (r->action, "MarkViewed");
  ck_assert_str_eq (r->actor_name, "bob");
  ck_assert_str_eq (r->detail, "10 marked viewed");
  r = audit->pdata[2];
  ck_assert_str_eq (r->object, "violations 25,27,28,29,9999");
  r = audit->pdata[3];
  ck_assert_str_eq (r->action, "ClearViolations");
  ck_assert_str_eq (r->detail, "20 archived");
  assert_verifies (store);

  /* The marks survive a reopen, and the clear mark too. */
  g_clear_object (&store);
  store = open_store ();
  page = xn_store_get_violations (store, 0, 100, FALSE, &error);
  ck_assert_uint_eq (page->len, 13);
  ck_assert (((XnViolation *) page->pdata[4])->viewed);   /* seq 25 */
  assert_verifies (store);
}
END_TEST

/* Marks and clears record a boundary, not a rewrite of every row; the
 * incremental counts match a model of the same operations, at random. */
/* Live and unviewed violations, from the rows themselves. */
static void
scan_counts (XnStore *store,
             guint64 *total,
             guint64 *live,
             guint64 *unviewed)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) all = xn_store_get_violations (store, 0, 100000, TRUE, &error);

  *total = all->len;
  *live = *unviewed = 0;
  for (guint i = 0; i < all->len; i++)
    {
      XnViolation *v = all->pdata[i];

      *live += !v->archived;
      *unviewed += !v->archived && !v->viewed;
    }
}

/* Marks and clears record a boundary, not a rewrite of every row; the
 * incremental counts and what each call reports match the rows, over a
 * random mix of appends, marks and clears. */
START_TEST (test_marks_incremental)
{
  g_autoptr(XnStore) store = open_store ();
  GRand *rand = g_rand_new_with_seed (4242);
  GError *error = NULL;
  guint64 total0, live0, unviewed0;
  sqlite3 *db;

  append_violations (store, 0, 10);
  scan_counts (store, &total0, &live0, &unviewed0);
  for (guint round = 0; round < 200; round++)
    {
      guint op = g_rand_int_range (rand, 0, 4);
      gint32 last = (gint32) xn_store_get_last_seq (store);
      guint64 n = 0, total1, live1, unviewed1;
      g_autoptr(GPtrArray) counts = NULL;
      XnViolationCounts totals;

      if (op == 0)
        append_violations (store, round * 20, g_rand_int_range (rand, 1, 20));
      else if (op == 1)
        ck_assert (xn_store_mark_viewed (store, &monitor, g_rand_int_range (rand, 1, last + 1),
                                         &n, &error));
      else if (op == 2)
        {
          guint64 seqs[3];

          for (guint i = 0; i < 3; i++)
            seqs[i] = g_rand_int_range (rand, 1, last + 1);
          ck_assert (xn_store_mark_viewed_seqs (store, &monitor, seqs, 3, &n, &error));
        }
      else
        ck_assert (xn_store_clear_violations (store, &secadmin, g_rand_int_range (rand, 1, last + 1),
                                              &n, &error));

      scan_counts (store, &total1, &live1, &unviewed1);
      if (op == 1 || op == 2)
        ck_assert_uint_eq (n, unviewed0 - unviewed1);
      else if (op == 3)
        ck_assert_uint_eq (n, live0 - live1);
      counts = xn_store_count_violations (store, &totals, &error);
      ck_assert_uint_eq (totals.total, total1);
      ck_assert_uint_eq (totals.live, live1);
      ck_assert_uint_eq (totals.unviewed, unviewed1);
      total0 = total1;
      live0 = live1;
      unviewed0 = unviewed1;
    }
  ck_assert_uint_gt (total0, live0);      /* something was cleared */
  ck_assert_uint_gt (live0, unviewed0);   /* and something marked */

  /* Ranges that span whole 4096-seq buckets. */
  for (guint round = 0; round < 6; round++)
    {
      guint64 n = 0, total1, live1, unviewed1, up;
      g_autoptr(GPtrArray) counts = NULL;
      XnViolationCounts totals;

      append_violations (store, 10000 + round * 5000, 5000);
      up = xn_store_get_last_seq (store) - g_rand_int_range (rand, 0, 3000);
      if (round % 2 == 0)
        ck_assert (xn_store_mark_viewed (store, &monitor, up, &n, &error));
      else
        ck_assert (xn_store_clear_violations (store, &secadmin, up - 6000, &n, &error));
      scan_counts (store, &total1, &live1, &unviewed1);
      if (round % 2 == 0)
        ck_assert_uint_eq (n, unviewed0 + 5000 - unviewed1);
      else
        ck_assert_uint_eq (n, live0 + 5000 - live1);
      counts = xn_store_count_violations (store, &totals, &error);
      ck_assert_uint_eq (totals.total, total1);
      ck_assert_uint_eq (totals.live, live1);
      ck_assert_uint_eq (totals.unviewed, unviewed1);
      live0 = live1;
      unviewed0 = unviewed1;
      total0 = total1;
    }
  g_rand_free (rand);

  /* Range marks and clears wrote no row flag. */
  db = raw_open ();
  ck_assert_int_eq (raw_int (db, "SELECT count(*) FROM audit WHERE archived = 1"), 0);
  ck_assert_int_le (raw_int (db, "SELECT count(*) FROM audit WHERE viewed = 1"), 3 * 200);
  sqlite3_close (db);
  assert_verifies (store);
}
END_TEST

/* The action taken is a column of its own, chained. */
START_TEST (test_violation_action)
{
  g_autoptr(XnStore) store = open_store ();
  g_autoptr(GPtrArray) page = NULL;
  XnViolation v[3];
  GError *error = NULL;
  sqlite3 *db;

  for (guint i = 0; i < 3; i++)
    make_violation (&v[i], i);
  v[0].action = XN_STORE_ACTION_LOG;
  v[1].action = XN_STORE_ACTION_PAUSE;
  v[2].action = XN_STORE_ACTION_NONE;
  ck_assert (xn_store_append_violations (store, v, 3, NULL, &error));
  page = xn_store_get_violations (store, 0, 10, FALSE, &error);
  ck_assert_uint_eq (page->len, 3);
  ck_assert_int_eq (((XnViolation *) page->pdata[0])->action, XN_STORE_ACTION_LOG);
  ck_assert_int_eq (((XnViolation *) page->pdata[1])->action, XN_STORE_ACTION_PAUSE);
  ck_assert_int_eq (((XnViolation *) page->pdata[1])->reason, 2);
  ck_assert_int_eq (((XnViolation *) page->pdata[2])->action, XN_STORE_ACTION_NONE);
  assert_verifies (store);

  db = raw_open ();
  raw_exec (db, "UPDATE audit SET violation_action = 1 WHERE seq = 2");
  sqlite3_close (db);
  assert_broken_at (store, 2);
}
END_TEST

/* A version 2 store (action packed into the reason code, per-row marks)
 * migrates to 3: its rows still verify, read back with the action
 * decoded, and keep their marks. */
START_TEST (test_migrate_from_v2)
{
  XnStore *store = open_store ();
  g_autoptr(GPtrArray) page = NULL;
  XnViolation v[4];
  GError *error = NULL;
  guint64 seq2 = 2, n = 0;
  sqlite3 *db;

  /* Rows as version 2 wrote them: no action column, reason | action << 8. */
  for (guint i = 0; i < 4; i++)
    {
      make_violation (&v[i], i);
      v[i].reason = 2 | ((i % 3 + 1) << 8);
    }
  ck_assert (xn_store_append_violations (store, v, 4, NULL, &error));
  ck_assert (xn_store_mark_viewed_seqs (store, &monitor, &seq2, 1, &n, &error));
  g_clear_object (&store);
  db = raw_open ();
  /* Undo exactly what the 2 → 3 step adds. */
  raw_exec (db, "DROP INDEX violation_viewed");
  raw_exec (db, "DROP TABLE violation_buckets");
  raw_exec (db, "ALTER TABLE audit DROP COLUMN violation_action");
  raw_exec (db, "PRAGMA user_version = 2");
  sqlite3_close (db);

  store = open_store ();
  ck_assert_int_eq (xn_store_get_schema_version (store), 3);
  db = raw_open ();
  ck_assert_int_eq (raw_int (db, "PRAGMA user_version"), 3);
  ck_assert_int_eq (raw_int (db, "SELECT count(*) FROM pragma_table_info ('audit') "
                                 "WHERE name = 'violation_action'"), 1);
  ck_assert_int_eq (raw_int (db, "SELECT sum (n) FROM violation_buckets"), 4);
  sqlite3_close (db);
  assert_verifies (store);
  page = xn_store_get_violations (store, 0, 10, FALSE, &error);
  ck_assert_uint_eq (page->len, 4);
  for (guint i = 0; i < 4; i++)
    {
      XnViolation *r = page->pdata[i];

      ck_assert_int_eq (r->reason, 2);
      ck_assert_int_eq (r->action, (int) (i % 3 + 1));
      ck_assert (r->viewed == (r->seq == 2));
    }
  /* New rows use the column, and the chain goes on across both; a
   * range mark and a clear count the migrated rows. */
  append_violations (store, 4, 2);
  assert_verifies (store);
  ck_assert (xn_store_mark_viewed (store, &monitor, 5, &n, &error));
  ck_assert_uint_eq (n, 3);   /* 1, 3, 4 (5 is the mark of 2) */
  ck_assert (xn_store_clear_violations (store, &secadmin, 4, &n, &error));
  ck_assert_uint_eq (n, 4);
  g_object_unref (store);
}
END_TEST

START_TEST (test_bad_violation)
{
  g_autoptr(XnStore) store = open_store ();
  XnViolation v[2];
  GError *error = NULL;

  make_violation (&v[0], 0);
  make_violation (&v[1], 1);
  v[1].domain_uuid = NULL;
  ck_assert (!xn_store_append_violations (store, v, 2, NULL, &error));
  ck_assert (g_error_matches (error, XN_STORE_ERROR, XN_STORE_ERROR_INVALID));
  g_clear_error (&error);
  ck_assert_uint_eq (xn_store_get_last_seq (store), 0);
  assert_verifies (store);
}
END_TEST

/* ------------------------------------------------------------- policy */

START_TEST (test_policy_history)
{
  g_autoptr(XnStore) store = open_store ();
  g_autoptr(XnPolicyRecord) last = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GBytes) doc1 = g_bytes_new_static ("<policy serial=\"1\"/>", 20);
  g_autoptr(GBytes) doc2 = g_bytes_new_static ("<policy serial=\"2\"/>", 20);
  g_autoptr(GBytes) doc3 = g_bytes_new_static ("<policy serial=\"3\"/>\0tail", 25);
  XnPolicyRecord p1 = { .serial = 1, .uuid = (char *) "a5d4c1e2-0000-4000-8000-000000000001",
                        .name = (char *) "lab", .signer_subject = (char *) "CN=Security Officer",
                        .signer_fingerprint = (char *) "AB:CD", .document = doc1,
                        .status = XN_POLICY_STATUS_APPLIED };
  XnPolicyRecord p2 = p1, p3 = p1, p0 = p1;
  GError *error = NULL;
  guint64 highest = 99;

  last = xn_store_get_last_good_policy (store, &error);
  ck_assert_ptr_null (last);
  ck_assert_ptr_null (error);
  ck_assert (xn_store_get_highest_serial (store, &highest, &error));
  ck_assert_uint_eq (highest, 0);

  ck_assert (xn_store_add_policy (store, &secadmin, &p1, &error));
  ck_assert_int_gt (p1.id, 0);
  ck_assert_uint_eq (p1.audit_seq, 1);
  p2.serial = 2;
  p2.document = doc2;
  ck_assert (xn_store_add_policy (store, &secadmin, &p2, &error));
  /* A refused one (rolled back serial) and a failed apply. */
  p0.serial = 1;
  p0.status = XN_POLICY_STATUS_REFUSED;
  p0.reason = (char *) "serial 1 is not above 2";
  ck_assert (xn_store_add_policy (store, &monitor, &p0, &error));
  p3.serial = 3;
  p3.document = doc3;
  ck_assert (xn_store_add_policy (store, &secadmin, &p3, &error));
  ck_assert (xn_store_set_policy_status (store, NULL, p3.id, XN_POLICY_STATUS_ROLLED_BACK,
                                         "ovs-ofctl failed on br0", &error));
  /* Restore the previous one, as the daemon does after a failed apply. */
  ck_assert (xn_store_set_policy_status (store, NULL, p2.id, XN_POLICY_STATUS_APPLIED,
                                         "restored", &error));
  ck_assert (!xn_store_set_policy_status (store, NULL, 999, XN_POLICY_STATUS_APPLIED, NULL, &error));
  ck_assert (g_error_matches (error, XN_STORE_ERROR, XN_STORE_ERROR_NOT_FOUND));
  g_clear_error (&error);

  g_clear_object (&store);
  store = open_store ();
  last = xn_store_get_last_good_policy (store, &error);
  ck_assert_ptr_nonnull (last);
  ck_assert_uint_eq (last->serial, 2);
  ck_assert (g_bytes_equal (last->document, doc2));
  /* The floor counts what was in force: not the refused serial, nor the
   * rolled-back 3. */
  ck_assert (xn_store_get_highest_serial (store, &highest, &error));
  ck_assert_uint_eq (highest, 2);
  ck_assert_str_eq (last->signer_subject, "CN=Security Officer");

  list = xn_store_list_policies (store, 0, &error);
  ck_assert_uint_eq (list->len, 4);
  ck_assert_int_eq (((XnPolicyRecord *) list->pdata[0])->status, XN_POLICY_STATUS_ROLLED_BACK);
  ck_assert_str_eq (((XnPolicyRecord *) list->pdata[0])->reason, "ovs-ofctl failed on br0");
  ck_assert (g_bytes_equal (((XnPolicyRecord *) list->pdata[0])->document, doc3));
  ck_assert_int_eq (((XnPolicyRecord *) list->pdata[1])->status, XN_POLICY_STATUS_REFUSED);
  ck_assert_int_eq (((XnPolicyRecord *) list->pdata[3])->status, XN_POLICY_STATUS_SUPERSEDED);
  {
    g_autoptr(GPtrArray) audit = xn_store_get_audit (store, 0, 100, TRUE, &error);
    XnAuditRecord *r = audit->pdata[2];

    ck_assert_uint_eq (audit->len, 6);
    ck_assert_str_eq (r->action, "PushPolicy");
    ck_assert_int_eq (r->result, XN_AUDIT_RESULT_REFUSED);
    ck_assert (strstr (r->detail, "serial 1 is not above 2") != NULL);
    ck_assert (strstr (r->detail, "sha256 ") != NULL);
  }
  assert_verifies (store);
}
END_TEST

/* --------------------------------------------------------------- perf */

static gint64 fake_now;

static gint64
fake_clock (gpointer user_data)
{
  return fake_now;
}

START_TEST (test_perf_rollup)
{
  g_autoptr(XnStore) store = open_store ();
  g_autoptr(GArray) h = NULL;
  /* Small tiers: 1 s for 10 s, 4 s for 20 s, 16 s for 64 s. */
  const XnPerfTier tiers[] = {
    { 1000000, 10000000 }, { 4000000, 20000000 }, { 16000000, 64000000 },
  };
  const XnPerfTier bad[] = { { 4000000, 10000000 }, { 4000000, 20000000 } };
  const gint64 t0 = 1024 * G_USEC_PER_SEC;   /* a multiple of 16 s */
  GError *error = NULL;
  XnPerfSample s[2];
  XnPerfSample *b;

  ck_assert (!xn_store_set_perf_tiers (store, bad, 2, &error));
  ck_assert (g_error_matches (error, XN_STORE_ERROR, XN_STORE_ERROR_INVALID));
  g_clear_error (&error);
  ck_assert (xn_store_set_perf_tiers (store, tiers, 3, &error));
  xn_store_set_clock (store, fake_clock, NULL);

  /* 32 one-second samples: domain cpu = i, violations spike at i = 5;
   * the host total is twice the domain. */
  for (int i = 0; i < 32; i++)
    {
      memset (s, 0, sizeof s);
      s[0].domain_uuid = (char *) domain_uuids[0];
      s[0].cpu_percent = i;
      s[0].memory_bytes = 1 << 20;
      s[0].violations = i == 5 ? 1000 : 0;
      s[0].hypercalls = 10;
      s[1] = s[0];
      s[1].domain_uuid = NULL;
      s[1].cpu_percent = 2 * i;
      fake_now = t0 + (gint64) i * G_USEC_PER_SEC + 500000;
      ck_assert_msg (xn_store_add_perf_samples (store, 0, s, 2, &error), "%s",
                     error != NULL ? error->message : "");
    }

  /* Tier 0 keeps 10 s: buckets 21..31 remain of 0..31 (bucket 21 starts
   * 10.5 s before now and still overlaps the window). */
  h = xn_store_get_history (store, domain_uuids[0], 0, t0, t0 + 100 * G_USEC_PER_SEC, &error);
  ck_assert_uint_eq (h->len, 11);
  b = &g_array_index (h, XnPerfSample, 0);
  ck_assert_int_eq (b->time, t0 + 21 * G_USEC_PER_SEC);
  ck_assert_uint_eq (b->n_samples, 1);
  ck_assert (b->cpu_percent == 21);
  g_clear_pointer (&h, g_array_unref);

  /* Tier 1: 4 s buckets, 20 s kept, pruned every 4 s (last at 28.5 s,
   * dropping buckets that ended by 8.5 s): buckets 8..28 s. */
  h = xn_store_get_history (store, domain_uuids[0], 1, t0, t0 + 100 * G_USEC_PER_SEC, &error);
  ck_assert_uint_eq (h->len, 6);
  b = &g_array_index (h, XnPerfSample, 0);
  ck_assert_int_eq (b->time, t0 + 8 * G_USEC_PER_SEC);
  ck_assert_uint_eq (b->n_samples, 4);
  ck_assert (b->cpu_percent == 9.5);   /* mean of 8..11 */
  ck_assert (b->cpu_max == 11);
  ck_assert (b->memory_bytes == 1 << 20);
  g_clear_pointer (&h, g_array_unref);

  /* Tier 2: 16 s buckets, both still kept; the spike shows in the max. */
  h = xn_store_get_history (store, domain_uuids[0], 2, t0, t0 + 100 * G_USEC_PER_SEC, &error);
  ck_assert_uint_eq (h->len, 2);
  b = &g_array_index (h, XnPerfSample, 0);
  ck_assert_uint_eq (b->n_samples, 16);
  ck_assert (b->cpu_percent == 7.5);
  ck_assert_double_eq_tol (b->violations, 1000.0 / 16, 1e-9);
  ck_assert (b->violations_max == 1000);
  ck_assert (b->hypercalls_max == 10);
  g_clear_pointer (&h, g_array_unref);

  /* The host total is its own series. */
  h = xn_store_get_history (store, NULL, 2, t0, t0 + 100 * G_USEC_PER_SEC, &error);
  ck_assert_uint_eq (h->len, 2);
  ck_assert (g_array_index (h, XnPerfSample, 1).cpu_percent == 2 * 23.5);
  g_clear_pointer (&h, g_array_unref);

  /* From the earliest time there is: no overflow, the same buckets. */
  h = xn_store_get_history (store, NULL, 2, G_MININT64, G_MAXINT64, &error);
  ck_assert_uint_eq (h->len, 2);
  g_clear_pointer (&h, g_array_unref);

  /* A range query returns only overlapping buckets. */
  h = xn_store_get_history (store, domain_uuids[0], 0, t0 + 25 * G_USEC_PER_SEC + 3,
                            t0 + 27 * G_USEC_PER_SEC, &error);
  ck_assert_uint_eq (h->len, 3);
  g_clear_pointer (&h, g_array_unref);

  ck_assert_ptr_null (xn_store_get_history (store, NULL, 3, 0, 1, &error));
  ck_assert (g_error_matches (error, XN_STORE_ERROR, XN_STORE_ERROR_INVALID));
  g_clear_error (&error);

  /* History survives a restart. At 92 s, pruning empties tiers 0 and 1
   * of the old buckets and keeps tier 2's second one (16..32 s, within
   * 64 s), dropping the first. */
  g_clear_object (&store);
  store = open_store ();
  ck_assert (xn_store_set_perf_tiers (store, tiers, 3, &error));
  xn_store_set_clock (store, fake_clock, NULL);
  h = xn_store_get_history (store, domain_uuids[0], 2, t0, t0 + 100 * G_USEC_PER_SEC, &error);
  ck_assert_uint_eq (h->len, 2);
  g_clear_pointer (&h, g_array_unref);

  fake_now = t0 + 92 * G_USEC_PER_SEC;
  ck_assert (xn_store_add_perf_samples (store, 0, s, 1, &error));
  h = xn_store_get_history (store, domain_uuids[0], 0, t0, t0 + 100 * G_USEC_PER_SEC, &error);
  ck_assert_uint_eq (h->len, 1);
  ck_assert_int_eq (g_array_index (h, XnPerfSample, 0).time, t0 + 92 * G_USEC_PER_SEC);
  g_clear_pointer (&h, g_array_unref);
  h = xn_store_get_history (store, domain_uuids[0], 2, t0, t0 + 100 * G_USEC_PER_SEC, &error);
  ck_assert_uint_eq (h->len, 2);
  ck_assert_int_eq (g_array_index (h, XnPerfSample, 0).time, t0 + 16 * G_USEC_PER_SEC);
  ck_assert_int_eq (g_array_index (h, XnPerfSample, 1).time, t0 + 80 * G_USEC_PER_SEC);
  g_clear_pointer (&h, g_array_unref);
  h = xn_store_get_history (store, NULL, 1, t0, t0 + 100 * G_USEC_PER_SEC, &error);
  ck_assert_uint_eq (h->len, 0);
}
END_TEST

/* ---------------------------------------------------------- kill -9 */

/* The child appends violation batches and admin rows until killed and
 * writes, after each commit, the last committed seq to the pipe. */
static void G_GNUC_NORETURN
crash_child (int fd,
             guint round)
{
  GError *error = NULL;
  XnStore *store = xn_store_open (db_path, &error);
  guint i = 0;

  if (store == NULL)
    _exit (3);
  for (;;)
    {
      guint64 seq = 0;
      gboolean ok;

      if (i++ % 4 == 3)
        ok = xn_store_append_admin (store, &secadmin, "StartDomain", "user_vm_1",
                                    XN_AUDIT_RESULT_OK, NULL, &seq, &error);
      else
        {
          XnViolation batch[200];
          guint n = 1 + g_random_int_range (0, 200);

          for (guint k = 0; k < n; k++)
            make_violation (&batch[k], i * 200 + k);
          ok = xn_store_append_violations (store, batch, n, &seq, &error);
        }
      if (!ok)
        _exit (4);
      if (write (fd, &seq, sizeof seq) != sizeof seq)
        _exit (5);
      /* Pace the storm so the log (verified whole each round) stays
       * small enough for ~10 s; kills still land mid-commit often. */
      g_usleep (g_random_int_range (0, 800));
    }
}

START_TEST (test_kill9)
{
  const guint rounds = 30;
  guint64 committed = 0;

  for (guint round = 0; round < rounds; round++)
    {
      int fds[2];
      pid_t pid;
      guint64 seq, reported = committed;
      int status;
      ssize_t r;

      ck_assert_int_eq (pipe (fds), 0);
      pid = fork ();
      ck_assert_int_ge (pid, 0);
      if (pid == 0)
        {
          close (fds[0]);
          crash_child (fds[1], round);
        }
      close (fds[1]);

      /* Kill at a random instant: 10-150 ms in, mid-transaction or not. */
      g_usleep (g_random_int_range (10000, 150000));
      ck_assert_int_eq (kill (pid, SIGKILL), 0);
      ck_assert_int_eq (waitpid (pid, &status, 0), pid);
      ck_assert_msg (WIFSIGNALED (status), "child exited early, status %d", WEXITSTATUS (status));

      while ((r = read (fds[0], &seq, sizeof seq)) == sizeof seq)
        {
          ck_assert_uint_ge (seq, reported);
          reported = seq;
        }
      close (fds[0]);

      {
        g_autoptr(XnStore) store = open_store ();
        sqlite3 *db;

        assert_verifies (store);
        /* Every reported commit is there; a commit in flight may be too. */
        ck_assert_msg (xn_store_get_last_seq (store) >= reported,
                       "round %u: last seq %" G_GUINT64_FORMAT " < reported %" G_GUINT64_FORMAT,
                       round, xn_store_get_last_seq (store), reported);
        committed = xn_store_get_last_seq (store);
        db = raw_open ();
        ck_assert_int_eq (raw_int (db, "SELECT count(*) FROM audit"), (gint64) committed);
        sqlite3_close (db);
      }
    }
  ck_assert_uint_gt (committed, 1000);
}
END_TEST

/* A damaged page in an old policy row is noticed at open, not when a
 * client first asks for that row. */
START_TEST (test_policy_page_damaged)
{
  XnStore *store = open_store ();
  GString *big = g_string_new ("<policy serial=\"1\">");
  g_autoptr(GBytes) doc1 = NULL, doc2 = g_bytes_new_static ("<policy serial=\"2\"/>", 20);
  XnPolicyRecord p1 = { .serial = 1, .uuid = (char *) "a5d4c1e2-0000-4000-8000-000000000001",
                        .status = XN_POLICY_STATUS_APPLIED };
  XnPolicyRecord p2 = p1;
  g_autofree char *file = NULL;
  gsize len;
  GError *error = NULL;
  char *at;
  gsize page = 4096, off;

  /* Old enough to span overflow pages, each marked for finding below. */
  while (big->len < 40000)
    g_string_append (big, "<domain name=\"MARKMARKMARK\"/>");
  g_string_append (big, "</policy>");
  doc1 = g_string_free_to_bytes (big);
  p1.document = doc1;
  ck_assert (xn_store_add_policy (store, &secadmin, &p1, &error));
  p2.serial = 2;
  p2.document = doc2;
  ck_assert (xn_store_add_policy (store, &secadmin, &p2, &error));
  g_object_unref (store);

  {
    sqlite3 *db = raw_open ();

    page = (gsize) raw_int (db, "PRAGMA page_size");
    /* Everything into the main file, where the bytes are damaged. */
    ck_assert_int_eq (sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close (db);
  }
  ck_assert (g_file_get_contents (db_path, &file, &len, NULL));
  /* An overflow page in the middle of the document: its first four
   * bytes (the next page's number) made nonsense. */
  at = NULL;
  for (gsize i = page * 2; at == NULL && i + 12 <= len; i++)
    if (memcmp (file + i, "MARKMARKMARK", 12) == 0)
      at = file + i;
  ck_assert_ptr_nonnull (at);
  off = (gsize) (at - file) / page * page;
  memset (file + off, 0xff, 4);
  ck_assert (g_file_set_contents (db_path, file, (gssize) len, NULL));

  store = xn_store_open (db_path, &error);
  ck_assert_msg (store == NULL, "a damaged policy page was not noticed at open");
  ck_assert_msg (strstr (error->message, "policy history is damaged") != NULL, "%s", error->message);
  g_clear_error (&error);
}
END_TEST

static Suite *
store_suite (void)
{
  Suite *s = suite_create ("store");
  TCase *tc;

  tc = tcase_create ("schema");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_create_and_reopen);
  tcase_add_test (tc, test_migrate_from_zero);
  tcase_add_test (tc, test_bad_files);
  suite_add_tcase (s, tc);

  tc = tcase_create ("audit");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_audit_append_verify);
  tcase_add_loop_test (tc, test_tamper, 0, G_N_ELEMENTS (tampers));
  tcase_add_test (tc, test_tamper_every_column);
  tcase_add_test (tc, test_serialisation_distinct);
  suite_add_tcase (s, tc);

  tc = tcase_create ("violations");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_violation_paging);
  tcase_add_test (tc, test_mark_and_clear);
  tcase_add_test (tc, test_bad_violation);
  tcase_add_test (tc, test_marks_incremental);
  tcase_add_test (tc, test_violation_action);
  tcase_add_test (tc, test_migrate_from_v2);
  suite_add_tcase (s, tc);

  tc = tcase_create ("policy");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_policy_history);
  tcase_add_test (tc, test_policy_page_damaged);
  suite_add_tcase (s, tc);

  tc = tcase_create ("perf");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_perf_rollup);
  suite_add_tcase (s, tc);

  tc = tcase_create ("crash");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_kill9);
  suite_add_tcase (s, tc);

  return s;
}

XN_TEST_MAIN (store_suite)
