/* xn-store-private.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The audit chain's canonical row serialisation, shared by the store and
 * by the tests and fuzzers that attack it. */

#pragma once

#include <sqlite3.h>

#include "xn-store.h"

G_BEGIN_DECLS

#define XN_CHAIN_HASH_LEN 32

/* The hashed fields of an audit row, in this order. */
enum
{
  XN_CHAIN_SEQ,
  XN_CHAIN_TIME,
  XN_CHAIN_KIND,
  XN_CHAIN_ACTOR_UID,
  XN_CHAIN_ACTOR_NAME,
  XN_CHAIN_ACTOR_ROLES,
  XN_CHAIN_ACTION,
  XN_CHAIN_OBJECT,
  XN_CHAIN_RESULT,
  XN_CHAIN_DETAIL,
  XN_CHAIN_DOMAIN_UUID,
  XN_CHAIN_DOMAIN_NAME,
  XN_CHAIN_HCALL,
  XN_CHAIN_HCALL_NAME,
  XN_CHAIN_SUBOP,
  XN_CHAIN_SUBOP_NAME,
  XN_CHAIN_REASON,
  XN_CHAIN_REASON_TEXT,
  XN_CHAIN_HMAX,
  XN_CHAIN_HRATE,
  /* From schema 3 on; a row whose violation_action is NULL hashes the
   * fields before it only, as every row did before the column existed. */
  XN_CHAIN_VIOLATION_ACTION,
  XN_CHAIN_N_FIELDS
};

#define XN_CHAIN_N_FIELDS_V2 XN_CHAIN_VIOLATION_ACTION

/* A value as SQLite stores it. The store never writes REAL or BLOB into
 * hashed columns; they serialise under tags of their own so a row whose
 * column changed type never hashes like the original. */
typedef enum
{
  XN_CHAIN_TYPE_NULL = 0,
  XN_CHAIN_TYPE_INT = 1,
  XN_CHAIN_TYPE_TEXT = 2,
  XN_CHAIN_TYPE_REAL = 3,
  XN_CHAIN_TYPE_BLOB = 4,
} XnChainType;

typedef struct
{
  XnChainType   type;
  gint64        i;
  const void   *data;
  gsize         len;
} XnChainField;

typedef struct _XnChainHasher XnChainHasher;

const guint8   *_xn_chain_genesis       (void);
void            _xn_chain_serialise     (const XnChainField *fields,
                                         guint               n_fields,
                                         GByteArray         *out);
XnChainHasher  *_xn_chain_hasher_new    (void);
void            _xn_chain_hasher_free   (XnChainHasher      *hasher);
void            _xn_chain_hash          (XnChainHasher      *hasher,
                                         const guint8       *prev,
                                         const XnChainField *fields,
                                         guint               n_fields,
                                         guint8             *out);
void            _xn_chain_field_from_column (XnChainField   *field,
                                             sqlite3_stmt   *stmt,
                                             int             column);

sqlite3        *_xn_store_get_db        (XnStore            *self);

G_END_DECLS
