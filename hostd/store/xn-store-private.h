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

#ifdef XN_STORE_COMPILATION

/* What the store's files (xn-store.c and its xn-store-*.c parts) share;
 * hidden from the tests and fuzzers that include this header for the
 * chain alone. */

#include <string.h>

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

/* The hashed columns, in XN_CHAIN_* order. */
#define CHAIN_COLUMNS \
  "seq, time, kind, actor_uid, actor_name, actor_roles, action, object, " \
  "result, detail, domain_uuid, domain_name, hcall, hcall_name, subop, " \
  "subop_name, reason, reason_text, hmax, hrate, violation_action"

/* Field helpers for building a chain row. */
static inline void
_xn_store_field_text (XnChainField *f,
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
_xn_store_field_int (XnChainField *f,
                     gint64        v)
{
  f->type = XN_CHAIN_TYPE_INT;
  f->i = v;
}

gint64          _xn_store_now             (XnStore             *self);
gboolean        _xn_store_fail            (XnStore             *self,
                                           GError             **error,
                                           const char          *what);
sqlite3_stmt   *_xn_store_stmt            (XnStore             *self,
                                           const char          *sql,
                                           GError             **error);
gboolean        _xn_store_step_done       (XnStore             *self,
                                           sqlite3_stmt        *stmt,
                                           GError             **error);
gboolean        _xn_store_exec            (XnStore             *self,
                                           const char          *sql,
                                           GError             **error);
gboolean        _xn_store_begin           (XnStore             *self,
                                           gboolean             durable,
                                           GError             **error);
void            _xn_store_rollback        (XnStore             *self);
gboolean        _xn_store_commit          (XnStore             *self,
                                           GError             **error);
guint           _xn_store_chain_n_fields  (const XnChainField  *fields);
gboolean        _xn_store_insert_row      (XnStore             *self,
                                           XnChainField        *fields,
                                           GError             **error);
gboolean        _xn_store_set_meta_int    (XnStore             *self,
                                           const char          *key,
                                           gint64               value,
                                           GError             **error);
char           *_xn_store_column_dup      (sqlite3_stmt        *stmt,
                                           int                  column);
gboolean        _xn_store_query_int       (XnStore             *self,
                                           const char          *sql,
                                           gint64              *out,
                                           GError             **error);

/* An administrative act: what its audit row says. */
typedef struct
{
  const XnStoreActor  *actor;
  const char          *action;
  XnAuditResult        result;
  gint64               time;         /* 0: now */
  char                *object;       /* owned; the write may set it */
  char                *detail;       /* owned; the write may set it */
  gboolean             audit_first;  /* the write refers to the row's seq */
} XnStoreAdminAct;

/* What an act writes besides its audit row, in the same transaction. */
typedef gboolean (*XnStoreAdminWriteFunc) (XnStore          *self,
                                           XnStoreAdminAct  *act,
                                           gpointer          user_data,
                                           GError          **error);

gboolean        _xn_store_admin_transaction (XnStore               *self,
                                             XnStoreAdminAct       *act,
                                             XnStoreAdminWriteFunc  write,
                                             gpointer               user_data,
                                             GError               **error);

#endif /* XN_STORE_COMPILATION */

G_END_DECLS
