/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xng-guard.h: hypercall decisions and the violation ring.
 *
 * The caller owns all state: the parsed policy (xng-blob.h), one
 * struct xng_dom_state per domain (Xen hangs it off struct domain) and
 * the ring's storage.  Nothing here allocates, sleeps or takes a lock.
 */

#ifndef XNG_GUARD_H
#define XNG_GUARD_H

#include "xng-blob.h"

#define XNG_NS_PER_SEC          1000000000ull

/* Hypercall numbers the guard itself needs (xen/include/public/xen.h). */
#define XNG_HC_MEMORY_OP        12
#define XNG_HC_XEN_VERSION      17
#define XNG_HC_GRANT_TABLE_OP   20
#define XNG_HC_VCPU_OP          24
#define XNG_HC_SCHED_OP         29
#define XNG_HC_EVENT_CHANNEL_OP 32
#define XNG_HC_PHYSDEV_OP       33
#define XNG_HC_HVM_OP           34

/* The answer for one hypercall, and the reason of a violation. */
enum xng_verdict {
    XNG_ALLOW = 0,
    XNG_DENY_HYPERCALL = 1,     /* hypercall not in the profile */
    XNG_DENY_SUBOP = 2,         /* sub-op not in the profile */
    XNG_DENY_RATE = 3,          /* over hmax per second (after burst) */
    XNG_DENY_UNKNOWN_DOMAIN = 4,/* not in the policy, which denies such */
};

/*
 * Per-domain runtime state, kept by the caller and zeroed before first
 * use (and whenever the domain is bound to another policy entry).  The
 * guard does not lock it: calls for one domain must be serialised by the
 * caller (in Xen, a per-domain spinlock around xng_check_hypercall()).
 */
struct xng_dom_state {
    uint64_t tokens;            /* token bucket; one call costs
                                 * XNG_NS_PER_SEC units, refill adds hmax
                                 * units per elapsed nanosecond */
    uint64_t last_ns;           /* latest time seen; never moves back */
    uint64_t window_ns;         /* start of the current one-second window */
    uint32_t window_calls;      /* calls in that window: "hrate" */
    uint32_t violations;        /* violations so far */
    uint32_t flags;             /* XNG_STATE_F_* */
    uint32_t pad;
    uint64_t rec_tokens;        /* record share: XNG_NS_PER_SEC units a
                                 * record, XNG_RECORDS_PER_SEC refilled */
    uint64_t rec_last_ns;       /* latest time the share was refilled */
    uint64_t rec_dropped;       /* records refused: over the share */
};

/*
 * A domain's share of the violation ring: records per second and burst.
 * One guest making violations as fast as it can then fills only its
 * share, and the other domains' records still find room.  The guard's
 * decisions (deny, counters, the action at the limit) are not affected:
 * only what is recorded is, and each refused record is counted.
 */
#define XNG_RECORDS_PER_SEC     100u
#define XNG_RECORDS_BURST       200u

#define XNG_STATE_F_STARTED     (1u << 0)   /* bucket filled at first call */
#define XNG_STATE_F_ACTED       (1u << 1)   /* max_violations action given */

/*
 * One violation: filled by xng_check_hypercall(), stored by the ring
 * (which sets seq).  Fixed layout, 64 bytes, so it can cross from the
 * hypervisor to dom0 unchanged.
 */
struct xng_violation {
    uint64_t seq;               /*  0: set by xng_ring_push() */
    uint64_t time_ns;           /*  8: the caller's clock */
    uint64_t subop;             /* 16: sub-op as the guard read it */
    uint8_t  uuid[16];          /* 24: zero for a domain not in the blob
                                 *     (Xen then gives the domain's handle) */
    int32_t  dom_index;         /* 40: -1 for a domain not in the blob */
    uint32_t hcall;             /* 44 */
    uint32_t hmax;              /* 48: for XNG_DENY_RATE */
    uint32_t hrate;             /* 52: calls in the current second */
    uint32_t violations;        /* 56: count including this one */
    uint8_t  reason;            /* 60: enum xng_verdict */
    uint8_t  action;            /* 61: enum xng_action the caller must take
                                 *     now: XNG_ACTION_NONE except once, at
                                 *     the first violation past the limit */
    uint8_t  deny;              /* 62: 1: fail the call; 0: permissive */
    uint8_t  permissive;        /* 63: recorded under permissive mode */
};

/*
 * Index of the domain with @uuid (16 bytes, xen_domain_handle_t) in
 * @pol, or -1.  Binary search; bind once per domain, not per call.
 */
int xng_lookup_domain(const struct xng_policy *pol, const uint8_t *uuid);

/*
 * Decides one hypercall @hcall of domain @dom_index (from
 * xng_lookup_domain(), -1 if absent) whose first argument is @subop (the
 * raw register value; the guard masks it as Xen does), at @now_ns on a
 * monotonic clock.  Returns XNG_ALLOW or the violation's reason.  For a
 * violation, @out is filled and says what the caller must do: fail the
 * call if out->deny (-EPERM), record *out, and take out->action unless it
 * is XNG_ACTION_NONE.  In permissive mode (blob or profile flag) the
 * reason is returned and recorded but out->deny is 0 and no action is
 * asked.  @st is the domain's state, serialised by the caller.
 */
enum xng_verdict xng_check_hypercall(const struct xng_policy *pol,
                                     struct xng_dom_state *st,
                                     int dom_index, unsigned int hcall,
                                     unsigned long subop, uint64_t now_ns,
                                     struct xng_violation *out);

/*
 * Mux slot plus one per hypercall number (0: no sub-ops), and how Xen
 * reduces each mux's first argument before it switches on it
 * (xng-guard.c says why): inline users below, in the hypercall path.
 */
extern const uint8_t xng_mux_slots[XNG_N_HYPERCALLS];
extern const uint64_t xng_mux_masks[XNG_N_MUX];

/* Whether @p allows sub-op @op (already masked) of mux slot @slot. */
static inline bool xng_subop_allowed(const struct xng_blob_profile *p,
                                     int slot, uint64_t op)
{
    if ( (p->subop_all >> slot) & 1 )
        return true;
    return op < XNG_N_SUBOPS && ((p->subops[slot][op / 64] >> (op % 64)) & 1);
}

/*
 * The profile xng_check_hypercall() decides domain @dom_index's calls by,
 * if it allows every call the profile lists whatever the domain's state
 * and leaves that state as it is (no rate limit), else NULL.  A caller
 * may keep a copy after the blob is gone and answer such calls with
 * xng_profile_allows() without serialising them; NULL means "ask
 * xng_check_hypercall()", not "denied".
 */
const struct xng_blob_profile *
xng_stateless_profile(const struct xng_policy *pol, int dom_index);

/*
 * Whether profile @p lists @hcall with first argument @subop (the raw
 * register value, masked here as Xen does).  Inline, for the hypercall
 * path.
 */
static inline bool xng_profile_allows(const struct xng_blob_profile *p,
                                      unsigned int hcall,
                                      unsigned long subop)
{
    int slot;

    if ( hcall >= XNG_N_HYPERCALLS || !((p->hcalls >> hcall) & 1) )
        return false;

    slot = xng_mux_slots[hcall] - 1;
    return slot < 0 ||
           xng_subop_allowed(p, slot, (uint64_t)subop & xng_mux_masks[slot]);
}

/*
 * Whether deciding for domain @dom_index (as for xng_check_hypercall())
 * reads the clock: only a rate-limited profile does, so a caller whose
 * clock is dear may pass 0 as now_ns otherwise, and stamp a violation's
 * time_ns itself.
 */
bool xng_needs_clock(const struct xng_policy *pol, int dom_index);

/*
 * Whether domains @dom_a and @dom_b may share grants or bind an
 * inter-domain event channel: not when their tags conflict.  A domain
 * not in the blob talks to nobody if the policy denies unknown domains,
 * and carries no tag otherwise.
 */
bool xng_channel_allowed(const struct xng_policy *pol, int dom_a, int dom_b);

/*
 * Whether domain @dom_index (as for xng_check_hypercall()) of guest type
 * @type may run under its profile: a profile is written for one type of
 * guest (or any), and a guest of another type has another hypercall
 * interface (HVM guests reach hvm_op, PV ones mmu_update) than the one
 * its profile was drawn for.  A domain without a profile (the policy
 * denies it everything) may run: it can do nothing.
 */
bool xng_guest_type_allowed(const struct xng_policy *pol, int dom_index,
                            enum xng_guest_type type);

/*
 * Whether domain @dom_index (as for xng_check_hypercall()) may hold the
 * privilege @priv Xen gives it (a hardware or xenstore domain:
 * management; a device model, with access to another domain's memory:
 * security).  A profile's privilege is a ceiling, management above
 * security above regular: the guard grants no privilege, it refuses a
 * domain more than its profile's.  A domain without a profile may hold
 * none.
 */
bool xng_privilege_allowed(const struct xng_policy *pol, int dom_index,
                           enum xng_privilege priv);

/* Whether domains tagged @tag_a and @tag_b may run at the same time. */
bool xng_may_run_together(const struct xng_policy *pol,
                          uint32_t tag_a, uint32_t tag_b);

/*
 * Whether domains @dom_a and @dom_b (blob indexes, -1: not in the blob)
 * may run at the same time: not when their tags stand together in a
 * conflict that does not allow it.  A domain the blob does not name has
 * no tag, so this rule never stops it (the profile rules do).
 */
bool xng_domains_may_run_together(const struct xng_policy *pol,
                                  int dom_a, int dom_b);

/*
 * Whether violation @v of the domain whose state is @st (serialised by
 * the caller, as for xng_check_hypercall()) may be recorded at @now_ns:
 * a record that asks for an action always may; others while the
 * domain's share (XNG_RECORDS_PER_SEC, XNG_RECORDS_BURST) lasts.  A
 * refusal is counted in st->rec_dropped; the caller then counts it in
 * the ring too (xng_ring_drop()), so the reader sees the loss.
 */
bool xng_record_share(struct xng_dom_state *st, const struct xng_violation *v,
                      uint64_t now_ns);

/*
 * A controller unpaused the domain whose state is @st (serialised by the
 * caller): if the guard had acted on it at its violation limit, watch it
 * again from zero, so that the limit acts once more.  Returns whether it
 * had acted.  Without this, a domain the guard paused and an
 * administrator let run again could make violations unchecked until the
 * next policy load.
 */
bool xng_rearm(struct xng_dom_state *st);

/* The mux slot of @hcall (XNG_MUX_*), or -1 if it has no sub-op filter. */
int xng_mux_slot(unsigned int hcall);

/* @raw reduced as Xen reduces it before dispatching on the sub-op. */
uint64_t xng_subop_normalise(unsigned int hcall, unsigned long raw);

/*
 * The violation ring: single producer, single consumer, power-of-two
 * slots provided by the caller.  When full, a new violation is dropped
 * (the slots being read stay intact) but still takes a sequence number
 * and is counted, so the reader sees both the gap and the count.
 *
 * Locking in Xen: violations come from every pCPU, so producers must be
 * serialised by the caller (one spinlock held around xng_ring_push()),
 * and so must consumers among themselves (the xsm_op that drains, under
 * its own lock).  A producer and a consumer may run concurrently.
 */
struct xng_ring {
    struct xng_violation *slots;
    uint32_t mask;              /* slots - 1 */
    uint32_t pad;
    uint64_t head;              /* entries written (producer) */
    uint64_t tail;              /* entries read (consumer) */
    uint64_t next_seq;          /* next sequence number (producer) */
    uint64_t dropped;           /* violations lost to a full ring */
};

/*
 * Slots of the ring only records that ask for an action may take: a
 * pause or destroy is the reader's only word of what the hypervisor
 * did, so a ring filled with plain violations must still take it.
 */
#define XNG_RING_ACTION_RESERVE(n_slots)    ((n_slots) / 8)

/* -EINVAL unless @n_slots is a power of two, at least 2. */
int xng_ring_init(struct xng_ring *ring, struct xng_violation *slots,
                  uint32_t n_slots);

/*
 * Stores *@v under the next seq.  Returns false if the ring was full
 * (for a record without an action: all but XNG_RING_ACTION_RESERVE
 * slots taken): the entry is then counted in ring->dropped and its seq
 * left unused.
 */
bool xng_ring_push(struct xng_ring *ring, const struct xng_violation *v);

/* Counts a record not stored (xng_record_share()) as dropped, taking
 * its seq, as a full ring would. */
void xng_ring_drop(struct xng_ring *ring);

/*
 * Copies up to @max oldest entries into @out without taking them, for a
 * reader whose copy out may fail: it takes them with xng_ring_consume()
 * only once they reached their destination, so a failed copy loses
 * nothing.  Readers are serialised among themselves.
 */
uint32_t xng_ring_peek(const struct xng_ring *ring, struct xng_violation *out,
                       uint32_t max, uint64_t *dropped);

/* Takes the @n oldest entries (at most those waiting) off the ring. */
void xng_ring_consume(struct xng_ring *ring, uint32_t n);

/* Entries waiting to be drained. */
uint32_t xng_ring_count(const struct xng_ring *ring);

#endif /* XNG_GUARD_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * tab-width: 4
 * indent-tabs-mode: nil
 * End:
 */
