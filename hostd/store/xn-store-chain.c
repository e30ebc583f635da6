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
 * and, for an integer (or a real, by its bits), its 8 bytes big-endian,
 * for text or a blob an 8-byte big-endian length and the bytes; NULL is
 * the tag alone. Every value is thus delimited by what precedes it, never by
 * what it contains.
 */

#define G_LOG_DOMAIN "xn-store"

#include "config.h"

#include <gnutls/crypto.h>
#include <string.h>

#include "xn-store-private.h"

/* GnuTLS rather than GChecksum: it uses the CPU's SHA extensions, which
 * makes verifying a million-row log several times faster. */
struct _XnChainHasher
{
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

      if (gnutls_hash_fast (GNUTLS_DIG_SHA256, seed, strlen (seed), genesis) < 0)
        g_error ("GnuTLS cannot compute SHA-256");
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
        case XN_CHAIN_TYPE_REAL:   /* the double's bits, in i */
          put_u64 (out, (guint64) f->i);
          break;
        case XN_CHAIN_TYPE_TEXT:
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

  hasher->scratch = g_byte_array_sized_new (512);
  return hasher;
}

void
_xn_chain_hasher_free (XnChainHasher *hasher)
{
  if (hasher == NULL)
    return;
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
  g_byte_array_set_size (hasher->scratch, 0);
  g_byte_array_append (hasher->scratch, prev, XN_CHAIN_HASH_LEN);
  _xn_chain_serialise (fields, n_fields, hasher->scratch);

  /* Fails only if SHA-256 is disabled system-wide; never write a row
   * with a hash that was not computed. */
  if (gnutls_hash_fast (GNUTLS_DIG_SHA256, hasher->scratch->data,
                        hasher->scratch->len, out) < 0)
    g_error ("GnuTLS cannot compute SHA-256");
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
      {
        double d = sqlite3_column_double (stmt, column);

        /* Exact bits, under a tag of its own: never equal to an INT. */
        field->type = XN_CHAIN_TYPE_REAL;
        memcpy (&field->i, &d, sizeof d);
      }
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
