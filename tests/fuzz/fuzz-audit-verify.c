/* fuzz-audit-verify.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * The audit chain against arbitrary bytes, as a property:
 *  1. rows whose fields are arbitrary bytes (any length, any byte but
 *     NUL, which C strings cannot carry) always verify once written;
 *  2. then one hostile edit of a stored row (any column, any SQLite type
 *     and value) must be named by the verifier at exactly that row's seq
 *     if the stored value changed, and must not matter if it touched only
 *     `viewed` or `archived`.
 *
 * Input: a sequence of records, each a tag byte then fields as
 * length-prefixed byte strings; the last 16 bytes drive the edit.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xn-store-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

typedef struct
{
  const uint8_t *p;
  size_t         left;
} Reader;

static guint8
take_byte (Reader *r)
{
  guint8 b;

  if (r->left == 0)
    return 0;
  b = *r->p++;
  r->left--;
  return b;
}

/* A NUL-free string of up to 63 bytes, or NULL. */
static char *
take_string (Reader *r)
{
  guint8 len = take_byte (r);
  char *s;

  if (len == 0xff)
    return NULL;
  len &= 0x3f;
  len = MIN (len, r->left);
  s = g_malloc (len + 1);
  for (guint i = 0; i < len; i++)
    s[i] = r->p[i] != 0 ? (char) r->p[i] : '\x01';
  s[len] = '\0';
  r->p += len;
  r->left -= len;
  return s;
}

static const char *columns[] = {
  "time", "kind", "actor_uid", "actor_name", "actor_roles", "action", "object",
  "result", "detail", "domain_uuid", "domain_name", "hcall", "hcall_name",
  "subop", "subop_name", "reason", "reason_text", "hmax", "hrate", "hash",
  "viewed", "archived",
};

/* The stored value exactly as the verifier reads it: its type and its
 * bytes (all of them: quote() stops at an embedded NUL and prints a REAL
 * with 15 digits, so it once called real edits "no change"). */
static GBytes *
stored_image (sqlite3    *db,
              const char *column,
              gint64      seq)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM audit WHERE seq = %" G_GINT64_FORMAT,
                                          column, seq);
  sqlite3_stmt *stmt = NULL;
  GByteArray *out = g_byte_array_new ();

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    {
      guint8 type = (guint8) sqlite3_column_type (stmt, 0);
      gint64 i;
      double d;

      g_byte_array_append (out, &type, 1);
      switch (type)
        {
        case SQLITE_INTEGER:
          i = sqlite3_column_int64 (stmt, 0);
          g_byte_array_append (out, (const guint8 *) &i, sizeof i);
          break;
        case SQLITE_FLOAT:
          d = sqlite3_column_double (stmt, 0);
          g_byte_array_append (out, (const guint8 *) &d, sizeof d);
          break;
        case SQLITE_TEXT:
        case SQLITE_BLOB:
          if (sqlite3_column_bytes (stmt, 0) > 0)
            g_byte_array_append (out, sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
          break;
        default:
          break;
        }
    }
  sqlite3_finalize (stmt);
  return g_byte_array_free_to_bytes (out);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(XnStore) store = NULL;
  g_autoptr(GError) error = NULL;
  Reader r;
  const uint8_t *edit;
  guint64 bad = 0, last;
  sqlite3 *db;

  if (size < 16 || size > 4096)
    return 0;
  edit = data + size - 16;
  r.p = data;
  r.left = size - 16;

  store = xn_store_open (":memory:", &error);
  if (store == NULL)
    g_error ("%s", error->message);

  for (guint n = 0; r.left > 0 && n < 32; n++)
    {
      guint8 tag = take_byte (&r);

      if (tag & 1)
        {
          XnViolation v = { 0 };

          v.time = (gint64) take_byte (&r) << 40;
          v.domain_uuid = take_string (&r);
          if (v.domain_uuid == NULL)
            v.domain_uuid = g_strdup ("");
          v.domain_name = take_string (&r);
          v.hcall = (gint8) take_byte (&r);
          v.hcall_name = take_string (&r);
          v.subop = (gint8) take_byte (&r);
          v.subop_name = take_string (&r);
          v.reason = take_byte (&r);
          v.reason_text = take_string (&r);
          v.hmax = take_byte (&r) * 0x01010101u;
          v.hrate = take_byte (&r);
          v.info = take_string (&r);
          if (!xn_store_append_violations (store, &v, 1, NULL, &error))
            g_error ("%s", error->message);
          g_free (v.domain_uuid);
          g_free (v.domain_name);
          g_free (v.hcall_name);
          g_free (v.subop_name);
          g_free (v.reason_text);
          g_free (v.info);
        }
      else
        {
          XnAuditRecord a = { 0 };

          a.time = (gint64) take_byte (&r) - 128;
          a.actor_uid = (gint64) (gint8) take_byte (&r);
          a.actor_name = take_string (&r);
          a.actor_roles = take_string (&r);
          a.action = take_string (&r);
          if (a.action == NULL || a.action[0] == '\0')
            {
              g_free (a.action);
              a.action = g_strdup ("X");
            }
          a.object = take_string (&r);
          a.result = take_byte (&r) % 3;
          a.detail = take_string (&r);
          if (!xn_store_append_audit (store, &a, NULL, &error))
            g_error ("%s", error->message);
          g_free (a.actor_name);
          g_free (a.actor_roles);
          g_free (a.action);
          g_free (a.object);
          g_free (a.detail);
        }
    }

  /* Property 1: what the store wrote verifies. */
  if (!xn_store_verify_chain (store, &bad, &error))
    g_error ("fresh chain does not verify: %s", error->message);

  last = xn_store_get_last_seq (store);
  if (last == 0)
    return 0;

  /* Property 2: one hostile edit. */
  {
    gint64 seq = 1 + edit[0] % last;
    const char *column = columns[edit[1] % G_N_ELEMENTS (columns)];
    g_autofree char *sql = g_strdup_printf ("UPDATE audit SET %s = ?1 WHERE seq = %" G_GINT64_FORMAT,
                                            column, seq);
    g_autoptr(GBytes) before = NULL;
    g_autoptr(GBytes) after = NULL;
    sqlite3_stmt *stmt = NULL;
    gint64 i;
    double d;
    gboolean broken;

    db = _xn_store_get_db (store);
    before = stored_image (db, column, seq);
    if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
      g_error ("%s", sqlite3_errmsg (db));
    memcpy (&i, edit + 3, sizeof i);
    switch (edit[2] % 6)
      {
      case 0: sqlite3_bind_null (stmt, 1); break;
      case 1: sqlite3_bind_int64 (stmt, 1, i); break;
      case 2: sqlite3_bind_int64 (stmt, 1, (gint8) edit[3]); break;
      case 3: sqlite3_bind_text (stmt, 1, (const char *) edit + 3, edit[11] % 13, SQLITE_TRANSIENT); break;
      case 4: sqlite3_bind_blob (stmt, 1, edit + 3, edit[11] % 13, SQLITE_TRANSIENT); break;
      default:
        memcpy (&d, edit + 3, sizeof d);
        sqlite3_bind_double (stmt, 1, d);
        break;
      }
    sqlite3_step (stmt);   /* NOT NULL may refuse it: then nothing changed */
    sqlite3_finalize (stmt);
    after = stored_image (db, column, seq);

    g_clear_error (&error);
    broken = !xn_store_verify_chain (store, &bad, &error);
    if (g_str_equal (column, "viewed") || g_str_equal (column, "archived") ||
        g_bytes_equal (before, after))
      {
        if (broken)
          g_error ("an edit of %s at seq %" G_GINT64_FORMAT " that changes nothing hashed "
                   "broke the chain: %s", column, seq, error->message);
      }
    else if (!broken || bad != (guint64) seq)
      g_error ("edit of %s at seq %" G_GINT64_FORMAT " (%" G_GSIZE_FORMAT " → %" G_GSIZE_FORMAT
               " bytes stored) not named: bad %" G_GUINT64_FORMAT,
               column, seq, g_bytes_get_size (before), g_bytes_get_size (after), bad);
  }
  return 0;
}
