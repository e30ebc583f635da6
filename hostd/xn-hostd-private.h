/* xn-hostd-private.h: what the parts of xenon-hostd share
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * XnHostd is one object split by concern: xn-hostd.c (callers, roles,
 * connections, the object), xn-hostd-policy.c (push, apply, boot),
 * xn-hostd-monitor.c (violations, samples, retention) and
 * xn-hostd-methods.c (the D-Bus handlers).  This is the instance struct
 * and the functions they call across files; not API.
 */

#pragma once

#include "xn-backend.h"
#include "xn-compile.h"
#include "xn-host1-generated.h"
#include "xn-journal.h"
#include "xn-hostd.h"
#include "xn-listener.h"
#include "xn-ovs.h"
#include "xn-sign.h"
#include "xn-store.h"
#include "xenon-model.h"

G_BEGIN_DECLS

/* The store's filesystem keeps a reserve: below STORE_LOW_BYTES free, what
 * nobody acts on is not stored (refusals of no-role callers, violation
 * records asking only to be logged; counted and audited as lost); below
 * STORE_RESERVE_BYTES, acts that change state are refused, so the rows of
 * whatever is done can always be written. */
#define STORE_RESERVE_BYTES (2u << 20)
#define STORE_LOW_BYTES (4u << 20)

struct _XnHostd
{
  GObject          parent_instance;

  XnHostdOptions  *options;
  XnBackend       *backend;
  XnTrust         *trust;
  GHashTable      *test_roles;
  XnHost1         *skeleton;
  XnListener      *listener;
  GPtrArray       *connections;
  gint64           started;
  gsize            reply_max_bytes;

  /* The running policy */
  XnPolicy        *policy;
  XnHost          *host;
  XnPlan          *plan;
  GBytes          *document;
  char            *signer;
  gint64           applied;

  XnStore         *store;
  XnOvs           *ovs;           /* NULL: network enforcement skipped */
  gint64           policy_id;     /* the running policy's row in the store */

  /* Performance */
  GHashTable      *prev_counters; /* uuid → XnBackendDomain */
  gint64           prev_time;
  GPtrArray       *latest;        /* GVariant a{sv} per domain */
  GVariant        *latest_enclaves;
  GVariant        *latest_tags;
  gint64           latest_time;

  guint            drain_id;
  guint            sample_id;
  guint64          dropped_seen;  /* the guard's lost-record count audited */
  gint64           dropped_logged; /* monotonic time of its last audit row */
  XnJournalLimit  *journal_limit; /* violations journalled one by one */
  guint64          retention;     /* live violations kept */
  gint64           retained_at;   /* monotonic time of the last check */
  guint64          lost_low_space;        /* not yet in an audit row */
  gint64           lost_low_space_logged; /* monotonic time of the last row */

  GHashTable      *verifying;     /* uid → its VerifyJob in progress */

  /* Network service domains' agents */
  GHashTable      *agents_synced; /* name → "DOMID:SERIAL" it confirmed */
  gint64           agents_retry_at;
  gint64           agents_checked_at;
  gboolean         agents_busy;   /* the sync worker runs */
  GMutex           agents_io;     /* held while talking to agents */
  gboolean         no_agents;     /* simulated: Domain-0's switch carries all */

  /* Refusals of callers with no role */
  GHashTable      *refusals;      /* uid → RefusalBucket */
  guint            refusal_flush_id;
};

/* Who did it, for the store: G_MAXUINT is the daemon itself. */
typedef struct
{
  XnStoreActor actor;
  char        *name;
  char        *roles;
} Actor;

/* VerifyAudit walks the whole chain (seconds on a large store): in a
 * thread, on a read-only connection of its own, one at a time per caller,
 * cancelled when the caller goes. */
typedef struct
{
  XnHostd               *self;
  GDBusMethodInvocation *inv;
  guint                  uid;
  char                  *db;
  GCancellable          *cancellable;
  guint64                rows;
  guint64                bad;
} VerifyJob;

#define RETURN_IF_REFUSED(role, target) \
  G_STMT_START { if (!_xn_hostd_require_role (self, inv, role, target)) return TRUE; } G_STMT_END
#define RETURN_IF_NO_SPACE(target) \
  G_STMT_START { if (!_xn_hostd_require_space (self, inv, target)) return TRUE; } G_STMT_END

/* xn-hostd.c */
gboolean     _xn_hostd_audit                     (XnHostd               *self,
                                                  guint                  uid,
                                                  const char            *action,
                                                  const char            *target_in,
                                                  const char            *result,
                                                  const char            *detail_in);
const char  *_xn_hostd_result_to_string          (XnAuditResult          result);
void         _xn_hostd_actor_init                (XnHostd               *self,
                                                  Actor                 *a,
                                                  guint                  uid);
void         _xn_hostd_actor_clear               (Actor                 *a);
guint64      _xn_hostd_store_free_bytes          (XnHostd               *self);
guint        _xn_hostd_caller_uid                (GDBusMethodInvocation *inv);
guint        _xn_hostd_caller_roles              (XnHostd               *self,
                                                  GDBusMethodInvocation *inv);
gboolean     _xn_hostd_require_role              (XnHostd               *self,
                                                  GDBusMethodInvocation *inv,
                                                  guint                  role,
                                                  const char            *target);
gboolean     _xn_hostd_require_space             (XnHostd               *self,
                                                  GDBusMethodInvocation *inv,
                                                  const char            *target);
XnDomain    *_xn_hostd_find_domain               (XnHostd               *self,
                                                  const char            *key);
XnTag       *_xn_hostd_domain_tag                (XnDomain              *dom);
char        *_xn_hostd_exclusive_conflict        (XnHostd               *self,
                                                  XnDomain              *dom);
void         _xn_hostd_add_new_conflict_breaches (XnHostd               *self,
                                                  XnPolicy              *policy,
                                                  const char * const    *running,
                                                  GPtrArray             *out);

/* xn-hostd-policy.c */
gboolean     _xn_hostd_push_policy               (XnHostd               *self,
                                                  Actor                 *actor,
                                                  GBytes                *document,
                                                  gboolean               dry_run,
                                                  gboolean               at_boot,
                                                  const XnPolicyRecord  *recorded,
                                                  char                 **diff,
                                                  GVariant             **summary,
                                                  gboolean              *audited,
                                                  GError               **error);
gboolean     _xn_hostd_boot_policy               (XnHostd               *self,
                                                  GError               **error);

/* xn-hostd-monitor.c */
gboolean     _xn_hostd_agents_apply              (XnHostd               *self,
                                                 XnPlan                *plan,
                                                 XnPlan                *previous,
                                                 GError               **error);
void         _xn_hostd_agents_sync               (XnHostd               *self,
                                                 GPtrArray             *doms);
gboolean     _xn_hostd_drain_cb                  (gpointer               user_data);
gboolean     _xn_hostd_sample_cb                 (gpointer               user_data);

/* xn-hostd-methods.c */
void         _xn_hostd_methods_connect           (XnHostd               *self);

/* xn-hostd-migrate.c */
void         _xn_hostd_migrate_connect           (XnHostd               *self);
GStrv        _xn_hostd_migration_targets         (XnHostd               *self,
                                                  XnDomain              *dom);
gboolean     _xn_hostd_lifecycle                 (XnHostd               *self,
                                                  GDBusMethodInvocation *inv,
                                                  const char            *key,
                                                  XnDomainState          target,
                                                  gboolean               graceful);
void         _xn_hostd_autostart_cb              (GObject               *source,
                                                  GAsyncResult          *result,
                                                  gpointer               user_data);

G_END_DECLS
