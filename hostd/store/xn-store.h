/* xn-store.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * XN_STORE_ERROR:
 *
 * Error domain of the host daemon's store. Errors are #XnStoreError values.
 */
#define XN_STORE_ERROR (xn_store_error_quark ())

/**
 * XnStoreError:
 * @XN_STORE_ERROR_FAILED: SQLite failed (I/O error, disk full, locked …).
 * @XN_STORE_ERROR_NOT_A_STORE: the file is not an SQLite database, or is
 *   one that belongs to another program.
 * @XN_STORE_ERROR_TOO_NEW: the file's schema version is newer than this
 *   program knows; it is left untouched.
 * @XN_STORE_ERROR_CHAIN_BROKEN: the audit hash chain does not verify.
 * @XN_STORE_ERROR_INVALID: an argument is out of range.
 * @XN_STORE_ERROR_NOT_FOUND: no such row.
 *
 * Why the store refused or failed.
 */
typedef enum
{
  XN_STORE_ERROR_FAILED,
  XN_STORE_ERROR_NOT_A_STORE,
  XN_STORE_ERROR_TOO_NEW,
  XN_STORE_ERROR_CHAIN_BROKEN,
  XN_STORE_ERROR_INVALID,
  XN_STORE_ERROR_NOT_FOUND,
} XnStoreError;

/**
 * XnAuditKind:
 * @XN_AUDIT_KIND_ADMIN: an administrative act (or its refusal).
 * @XN_AUDIT_KIND_VIOLATION: a hypercall violation reported by the guard.
 */
typedef enum
{
  XN_AUDIT_KIND_ADMIN = 0,
  XN_AUDIT_KIND_VIOLATION = 1,
} XnAuditKind;

/**
 * XnAuditResult:
 * @XN_AUDIT_RESULT_OK: the act was carried out.
 * @XN_AUDIT_RESULT_REFUSED: refused (role, policy, guard).
 * @XN_AUDIT_RESULT_FAILED: tried and failed.
 */
typedef enum
{
  XN_AUDIT_RESULT_OK = 0,
  XN_AUDIT_RESULT_REFUSED = 1,
  XN_AUDIT_RESULT_FAILED = 2,
} XnAuditResult;

/**
 * XnStoreActor:
 * @uid: the caller's Unix uid (from the socket's peer credentials)
 * @name: (nullable): the user name
 * @roles: (nullable): the caller's roles, comma-separated
 *
 * Who did an administrative act. Borrowed by every call that takes it.
 */
typedef struct
{
  gint64      uid;
  const char *name;
  const char *roles;
} XnStoreActor;

/**
 * XnAuditRecord:
 * @seq: sequence number, from 1, without gaps
 * @time: µs since the epoch, UTC; 0 on input means "now"
 * @kind: admin act or violation
 * @actor_uid: uid of the actor, -1 for none (violations)
 * @actor_name: (nullable): user name (violations: the domain's name)
 * @actor_roles: (nullable): roles, comma-separated
 * @action: (not nullable): e.g. "PushPolicy", "StartDomain", "MarkViewed",
 *   "ClearViolations", "RoleRefused", "Violation"
 * @object: (nullable): what was acted on (domain uuid/name, serial …)
 * @result: the outcome
 * @detail: (nullable): free text
 *
 * One row of the audit log. Rows returned by the store own their strings
 * (free with xn_audit_record_free()); rows passed in are only read.
 */
typedef struct
{
  guint64        seq;
  gint64         time;
  XnAuditKind    kind;
  gint64         actor_uid;
  char          *actor_name;
  char          *actor_roles;
  char          *action;
  char          *object;
  XnAuditResult  result;
  char          *detail;
} XnAuditRecord;

/**
 * XnStoreAction:
 * @XN_STORE_ACTION_NONE: none recorded
 * @XN_STORE_ACTION_LOG: logged only
 * @XN_STORE_ACTION_PAUSE: the domain was paused
 * @XN_STORE_ACTION_DESTROY: the domain was destroyed
 *
 * What the guard did at a violation (the values of the guard's
 * xng_action).
 */
typedef enum
{
  XN_STORE_ACTION_NONE = 0,
  XN_STORE_ACTION_LOG = 1,
  XN_STORE_ACTION_PAUSE = 2,
  XN_STORE_ACTION_DESTROY = 3,
} XnStoreAction;

/**
 * XnViolation:
 * @seq: audit sequence number (output)
 * @time: µs since the epoch, UTC; 0 on input means "now"
 * @domain_uuid: (not nullable): the offending domain
 * @domain_name: (nullable): its name
 * @hcall: hypercall number
 * @hcall_name: (nullable): e.g. "xen_version"
 * @subop: sub-operation number, -1 for none
 * @subop_name: (nullable): e.g. "extraversion"
 * @reason: the guard's reason code
 * @reason_text: (nullable): the reason in words
 * @hmax: the profile's rate limit (per second)
 * @hrate: the rate observed
 * @info: (nullable): the text exactly as the UI shows it, e.g.
 *   "hcall=17(xen_version), cmd=1(extraversion)"
 * @action: what was done about it
 * @viewed: (output) marked viewed
 * @archived: (output) cleared
 *
 * A violation. It is stored as an audit row of kind
 * %XN_AUDIT_KIND_VIOLATION whose actor is the domain; every field above
 * except @viewed and @archived is covered by the hash chain.
 */
typedef struct
{
  guint64   seq;
  gint64    time;
  char     *domain_uuid;
  char     *domain_name;
  gint32    hcall;
  char     *hcall_name;
  gint32    subop;
  char     *subop_name;
  gint32    reason;
  char     *reason_text;
  guint32   hmax;
  guint32   hrate;
  char     *info;
  gboolean  viewed;
  gboolean  archived;
  XnStoreAction  action;
} XnViolation;

/**
 * XnViolationCounts:
 * @domain_uuid: (nullable): the domain, or %NULL for all of them
 * @domain_name: (nullable): its name as last reported
 * @total: violations ever stored, archived ones included
 * @live: violations not archived
 * @unviewed: violations neither archived nor viewed ("new")
 */
typedef struct
{
  char    *domain_uuid;
  char    *domain_name;
  guint64  total;
  guint64  live;
  guint64  unviewed;
} XnViolationCounts;

/**
 * XnCallCount:
 * @hcall: hypercall number
 * @subop: sub-op as the guard read it
 * @count: violations recorded for this pair
 *
 * How often a domain was recorded making one call outside its profile.
 */
typedef struct
{
  guint   hcall;
  guint64 subop;
  guint64 count;
} XnCallCount;

/**
 * XnPolicyStatus:
 * @XN_POLICY_STATUS_APPLIED: in force (the newest applied one is)
 * @XN_POLICY_STATUS_REFUSED: refused before anything changed
 * @XN_POLICY_STATUS_ROLLED_BACK: applying failed and was undone
 * @XN_POLICY_STATUS_SUPERSEDED: was applied, then replaced
 */
typedef enum
{
  XN_POLICY_STATUS_APPLIED = 0,
  XN_POLICY_STATUS_REFUSED = 1,
  XN_POLICY_STATUS_ROLLED_BACK = 2,
  XN_POLICY_STATUS_SUPERSEDED = 3,
} XnPolicyStatus;

/**
 * XnPolicyRecord:
 * @id: row id (output)
 * @serial: the document's serial
 * @uuid: (not nullable): the policy's UUID
 * @name: (nullable): its name
 * @signer_subject: (nullable): subject DN of the signer certificate
 * @signer_fingerprint: (nullable): SHA-256 fingerprint of that certificate
 * @time: µs since the epoch; 0 on input means "now"
 * @document: (not nullable): the signed document, byte for byte
 * @status: what became of it
 * @reason: (nullable): why (for refusals and roll-backs)
 * @audit_seq: the audit row that records the act (output)
 *
 * One entry of the policy history.
 */
typedef struct
{
  gint64          id;
  guint64         serial;
  char           *uuid;
  char           *name;
  char           *signer_subject;
  char           *signer_fingerprint;
  gint64          time;
  GBytes         *document;
  XnPolicyStatus  status;
  char           *reason;
  guint64         audit_seq;
} XnPolicyRecord;

/**
 * XnPerfSample:
 * @domain_uuid: (nullable): the domain; %NULL for the host total
 * @time: start of the bucket, µs since the epoch (output)
 * @n_samples: raw samples averaged into this one (output)
 * @cpu_percent: CPU use, percent of one CPU
 * @memory_bytes: memory
 * @net_rx: network bytes received per second
 * @net_tx: network bytes sent per second
 * @disk_read: disk bytes read per second
 * @disk_write: disk bytes written per second
 * @hypercalls: hypercalls per second
 * @violations: violations per second
 * @cpu_max: highest @cpu_percent in the bucket (output)
 * @hypercalls_max: highest @hypercalls in the bucket (output)
 * @violations_max: highest @violations in the bucket (output)
 *
 * One performance sample; in history, the average of the raw samples in
 * a bucket plus the maxima that a spike must not hide behind.
 */
typedef struct
{
  char    *domain_uuid;
  gint64   time;
  guint32  n_samples;
  double   cpu_percent;
  double   memory_bytes;
  double   net_rx;
  double   net_tx;
  double   disk_read;
  double   disk_write;
  double   hypercalls;
  double   violations;
  double   cpu_max;
  double   hypercalls_max;
  double   violations_max;
} XnPerfSample;

/**
 * XnPerfTier:
 * @resolution: bucket width, µs
 * @retention: how long buckets are kept, µs
 *
 * One resolution of the performance history.
 */
typedef struct
{
  gint64 resolution;
  gint64 retention;
} XnPerfTier;

#define XN_STORE_MAX_PERF_TIERS 8

/**
 * XnStoreClockFunc:
 * @user_data: closure
 *
 * Returns: the wall-clock time, µs since the epoch (tests inject one).
 */
typedef gint64 (*XnStoreClockFunc) (gpointer user_data);

#define XN_TYPE_STORE (xn_store_get_type ())

G_DECLARE_FINAL_TYPE (XnStore, xn_store, XN, STORE, GObject)

GQuark          xn_store_error_quark           (void);

XnStore        *xn_store_open                  (const char              *path,
                                                GError                 **error);
XnStore        *xn_store_open_reader           (const char              *path,
                                                GError                 **error);
const char     *xn_store_get_path              (XnStore                 *self);
void            xn_store_set_clock             (XnStore                 *self,
                                                XnStoreClockFunc         func,
                                                gpointer                 user_data);
int             xn_store_get_schema_version    (XnStore                 *self);

/* Audit log */
gboolean        xn_store_append_audit          (XnStore                 *self,
                                                const XnAuditRecord     *record,
                                                guint64                 *out_seq,
                                                GError                 **error);
gboolean        xn_store_append_admin          (XnStore                 *self,
                                                const XnStoreActor      *actor,
                                                const char              *action,
                                                const char              *object,
                                                XnAuditResult            result,
                                                const char              *detail,
                                                guint64                 *out_seq,
                                                GError                 **error);
GPtrArray      *xn_store_get_audit             (XnStore                 *self,
                                                guint64                  since_seq,
                                                guint                    limit,
                                                gboolean                 admin_only,
                                                GError                 **error);
guint64         xn_store_get_last_seq          (XnStore                 *self);
gboolean        xn_store_verify_chain          (XnStore                 *self,
                                                guint64                 *first_bad_seq,
                                                GError                 **error);
gboolean        xn_store_verify_chain_full     (XnStore                 *self,
                                                GCancellable            *cancellable,
                                                guint64                 *n_rows,
                                                guint64                 *first_bad_seq,
                                                GError                 **error);

/* Violations */
gboolean        xn_store_append_violations     (XnStore                 *self,
                                                const XnViolation       *violations,
                                                guint                    n_violations,
                                                guint64                 *out_last_seq,
                                                GError                 **error);
GPtrArray      *xn_store_get_violations        (XnStore                 *self,
                                                guint64                  since_seq,
                                                guint                    limit,
                                                gboolean                 include_archived,
                                                GError                 **error);
GPtrArray      *xn_store_get_archived_violations (XnStore               *self,
                                                guint64                  since_seq,
                                                guint                    limit,
                                                GError                 **error);
gboolean        xn_store_mark_viewed           (XnStore                 *self,
                                                const XnStoreActor      *actor,
                                                guint64                  up_to_seq,
                                                guint64                 *n_marked,
                                                GError                 **error);
gboolean        xn_store_mark_viewed_seqs      (XnStore                 *self,
                                                const XnStoreActor      *actor,
                                                const guint64           *seqs,
                                                guint                    n_seqs,
                                                guint64                 *n_marked,
                                                GError                 **error);
gboolean        xn_store_clear_violations      (XnStore                 *self,
                                                const XnStoreActor      *actor,
                                                guint64                  up_to_seq,
                                                guint64                 *n_archived,
                                                GError                 **error);
gboolean        xn_store_retain_violations     (XnStore                 *self,
                                                const XnStoreActor      *actor,
                                                guint64                  keep,
                                                guint64                 *n_archived,
                                                GError                 **error);
GPtrArray      *xn_store_count_violations      (XnStore                 *self,
                                                XnViolationCounts       *totals,
                                                GError                 **error);
GArray         *xn_store_count_calls           (XnStore                 *self,
                                                const char              *domain_uuid,
                                                GError                 **error);

/* Policy history */
gboolean        xn_store_add_policy            (XnStore                 *self,
                                                const XnStoreActor      *actor,
                                                XnPolicyRecord          *record,
                                                GError                 **error);
gboolean        xn_store_set_policy_status     (XnStore                 *self,
                                                const XnStoreActor      *actor,
                                                gint64                   id,
                                                XnPolicyStatus           status,
                                                const char              *reason,
                                                GError                 **error);
gboolean        xn_store_check_policy_digest   (XnStore                 *self,
                                                const XnPolicyRecord    *record,
                                                GError                 **error);
XnPolicyRecord *xn_store_get_last_good_policy  (XnStore                 *self,
                                                GError                 **error);
gboolean        xn_store_get_highest_serial    (XnStore                 *self,
                                                guint64                 *out_serial,
                                                GError                 **error);
GPtrArray      *xn_store_list_policies         (XnStore                 *self,
                                                guint                    limit,
                                                GError                 **error);

/* Performance history */
gboolean        xn_store_set_perf_tiers        (XnStore                 *self,
                                                const XnPerfTier        *tiers,
                                                guint                    n_tiers,
                                                GError                 **error);
const XnPerfTier *xn_store_get_perf_tiers      (XnStore                 *self,
                                                guint                   *n_tiers);
gboolean        xn_store_add_perf_samples      (XnStore                 *self,
                                                gint64                   time,
                                                const XnPerfSample      *samples,
                                                guint                    n_samples,
                                                GError                 **error);
GArray         *xn_store_get_history           (XnStore                 *self,
                                                const char              *domain_uuid,
                                                guint                    tier,
                                                gint64                   from,
                                                gint64                   to,
                                                GError                 **error);

void            xn_audit_record_free           (XnAuditRecord           *record);
void            xn_violation_free              (XnViolation             *violation);
void            xn_violation_counts_free       (XnViolationCounts       *counts);
void            xn_policy_record_free          (XnPolicyRecord          *record);

const char     *xn_policy_status_to_string     (XnPolicyStatus           status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (XnAuditRecord, xn_audit_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (XnViolation, xn_violation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (XnViolationCounts, xn_violation_counts_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (XnPolicyRecord, xn_policy_record_free)

G_END_DECLS
