/* xn-store-chain.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * The audit chain: hash(row) = SHA-256 (hash(previous row) ‖ S(row)),
 * the first row chaining to a fixed genesis value.
 *
 * S(row) is a prefix-free encoding, so no two different rows serialise
 * alike: a 4-byte big-endian field count, then per field a type tag byte
 * and, for an integer, its 8 bytes big-endian, for text (or any other
 * stored type) an 8-byte big-endian length and the bytes; NULL is the tag
 * alone. Every value is thus delimited by what precedes it, never by
 * what it contains.
 */

#define G_LOG_DOMAIN "xn-store"

#include "config.h"

#include <string.h>

#include "xn-store-private.h"

struct _XnChainHasher
{
  GChecksum  *sum;
  GByteArray *scratch;
};

const guint8 *
_xn_chain_genesis (void)
{
  static guint8 genesis[XN_CHAIN_HASH_LEN];
  static gsize initialised;

  if (g_once_init_enter (&initialised))
    {
      static const char seed[] = "urn:xenonvmm:audit:genesis:1";
      GChecksum *sum = g_checksum_new (G_CHECKSUM_SHA256);
      gsize len = sizeof genesis;

      g_checksum_update (sum, (const guchar *) seed, strlen (seed));
      g_checksum_get_digest (sum, genesis, &len);
      g_checksum_free (sum);
      g_once_init_leave (&initialised, 1);
    }

  return genesis;
}

static inline void
put_u64 (GByteArray *out,
         guint64     v)
{
  guint8 b[8];

  for (int i = 7; i >= 0; i--)
    {
      b[i] = v & 0xff;
      v >>= 8;
    }
  g_byte_array_append (out, b, sizeof b);
}

void
_xn_chain_serialise (const XnChainField *fields,
                     guint               n_fields,
                     GByteArray         *out)
{
  guint8 count[4] = { n_fields >> 24, n_fields >> 16, n_fields >> 8, n_fields };

  g_byte_array_append (out, count, sizeof count);
  for (guint i = 0; i < n_fields; i++)
    {
      const XnChainField *f = &fields[i];
      guint8 tag = f->type;

      g_byte_array_append (out, &tag, 1);
      switch (f->type)
        {
        case XN_CHAIN_TYPE_NULL:
          break;
        case XN_CHAIN_TYPE_INT:
          put_u64 (out, (guint64) f->i);
          break;
        case XN_CHAIN_TYPE_TEXT:
        case XN_CHAIN_TYPE_REAL:
        case XN_CHAIN_TYPE_BLOB:
        default:
          put_u64 (out, f->len);
          if (f->len > 0)
            g_byte_array_append (out, f->data, f->len);
          break;
        }
    }
}

XnChainHasher *
_xn_chain_hasher_new (void)
{
  XnChainHasher *hasher = g_new0 (XnChainHasher, 1);

  hasher->sum = g_checksum_new (G_CHECKSUM_SHA256);
  hasher->scratch = g_byte_array_sized_new (512);
  return hasher;
}

void
_xn_chain_hasher_free (XnChainHasher *hasher)
{
  if (hasher == NULL)
    return;
  g_checksum_free (hasher->sum);
  g_byte_array_unref (hasher->scratch);
  g_free (hasher);
}

void
_xn_chain_hash (XnChainHasher      *hasher,
                const guint8       *prev,
                const XnChainField *fields,
                guint               n_fields,
                guint8             *out)
{
  gsize len = XN_CHAIN_HASH_LEN;

  g_byte_array_set_size (hasher->scratch, 0);
  g_byte_array_append (hasher->scratch, prev, XN_CHAIN_HASH_LEN);
  _xn_chain_serialise (fields, n_fields, hasher->scratch);

  g_checksum_reset (hasher->sum);
  g_checksum_update (hasher->sum, hasher->scratch->data, hasher->scratch->len);
  g_checksum_get_digest (hasher->sum, out, &len);
}

/* Reads back a column exactly as stored: the verifier hashes what is in
 * the file, whatever type an editor may have given it. */
void
_xn_chain_field_from_column (XnChainField *field,
                             sqlite3_stmt *stmt,
                             int           column)
{
  memset (field, 0, sizeof *field);

  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_INTEGER:
      field->type = XN_CHAIN_TYPE_INT;
      field->i = sqlite3_column_int64 (stmt, column);
      break;
    case SQLITE_TEXT:
      field->type = XN_CHAIN_TYPE_TEXT;
      field->data = sqlite3_column_text (stmt, column);
      field->len = sqlite3_column_bytes (stmt, column);
      break;
    case SQLITE_FLOAT:
      /* Hash the bytes of its text form; it can never equal an INT. */
      field->type = XN_CHAIN_TYPE_REAL;
      field->data = sqlite3_column_text (stmt, column);
      field->len = sqlite3_column_bytes (stmt, column);
      break;
    case SQLITE_BLOB:
      field->type = XN_CHAIN_TYPE_BLOB;
      field->data = sqlite3_column_blob (stmt, column);
      field->len = sqlite3_column_bytes (stmt, column);
      break;
    case SQLITE_NULL:
    default:
      field->type = XN_CHAIN_TYPE_NULL;
      break;
    }
}
