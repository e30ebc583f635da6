/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xng-guard.c: the per-hypercall decision.
 *
 * This is the code that runs on every guest hypercall in the patched
 * hypervisor, so the allowed path is a handful of loads, bit tests and, for
 * rate-limited profiles, one multiplication: no division, no floating
 * point, no lock.  Everything unusual (violations) is out of line.
 */

#include "xng-guard.h"

/*
 * Mux slot plus one per hypercall number; 0 for hypercalls without
 * sub-ops, so that the table needs no overriding initialisers.
 */
const uint8_t xng_mux_slots[XNG_N_HYPERCALLS] = {
    [XNG_HC_MEMORY_OP] = XNG_MUX_MEMORY_OP + 1,
    [XNG_HC_SCHED_OP] = XNG_MUX_SCHED_OP + 1,
    [XNG_HC_XEN_VERSION] = XNG_MUX_XEN_VERSION + 1,
    [XNG_HC_GRANT_TABLE_OP] = XNG_MUX_GRANT_TABLE_OP + 1,
    [XNG_HC_EVENT_CHANNEL_OP] = XNG_MUX_EVENT_CHANNEL_OP + 1,
    [XNG_HC_PHYSDEV_OP] = XNG_MUX_PHYSDEV_OP + 1,
    [XNG_HC_HVM_OP] = XNG_MUX_HVM_OP + 1,
    [XNG_HC_VCPU_OP] = XNG_MUX_VCPU_OP + 1,
};

/*
 * How Xen 4.17 reduces the first argument before switching on it:
 * do_memory_op() keeps a continuation's start extent above
 * MEMOP_EXTENT_SHIFT (6) bits, do_grant_table_op() its continuation
 * argument above bit 12, and the others take an int, so the upper half
 * of the register is ignored.  Matching this keeps a guest from hiding
 * a denied sub-op behind bits Xen throws away.
 */
const uint64_t xng_mux_masks[XNG_N_MUX] = {
    [XNG_MUX_MEMORY_OP] = (1u << 6) - 1,
    [XNG_MUX_SCHED_OP] = 0xffffffffu,
    [XNG_MUX_XEN_VERSION] = 0xffffffffu,
    [XNG_MUX_GRANT_TABLE_OP] = (1u << 12) - 1,
    [XNG_MUX_EVENT_CHANNEL_OP] = 0xffffffffu,
    [XNG_MUX_PHYSDEV_OP] = 0xffffffffu,
    [XNG_MUX_HVM_OP] = 0xffffffffu,
    [XNG_MUX_VCPU_OP] = 0xffffffffu,
};

int xng_mux_slot(unsigned int hcall)
{
    return hcall < XNG_N_HYPERCALLS ? xng_mux_slots[hcall] - 1 : -1;
}

uint64_t xng_subop_normalise(unsigned int hcall, unsigned long raw)
{
    int slot = xng_mux_slot(hcall);

    return slot < 0 ? (uint64_t)raw : (uint64_t)raw & xng_mux_masks[slot];
}

int xng_lookup_domain(const struct xng_policy *pol, const uint8_t *uuid)
{
    uint32_t lo = 0, hi = pol->n_domains;

    while ( lo < hi )
    {
        uint32_t mid = lo + (hi - lo) / 2;
        int c = xng_memcmp(uuid, pol->domains[mid].uuid, 16);

        if ( c == 0 )
            return (int)mid;
        if ( c < 0 )
            hi = mid;
        else
            lo = mid + 1;
    }

    return -1;
}

/*
 * Counts a violation against the domain and tells the caller what to do.
 * The action is asked for once, at the first violation beyond the limit
 * seen while enforcing, however many follow.
 */
static enum xng_verdict __attribute__((__noinline__))
violation(const struct xng_policy *pol, struct xng_dom_state *st,
          int dom_index, unsigned int hcall, uint64_t subop, uint64_t now_ns,
          enum xng_verdict reason, uint32_t max_violations, uint8_t action,
          bool permissive, uint32_t hmax, struct xng_violation *out)
{
    struct xng_violation v;

    xng_memset(&v, 0, sizeof(v));
    v.time_ns = now_ns;
    v.subop = subop;
    v.dom_index = dom_index;
    if ( dom_index >= 0 )
        xng_memcpy(v.uuid, pol->domains[dom_index].uuid, 16);
    v.hcall = hcall;
    v.hmax = hmax;
    v.hrate = st->window_calls;
    v.reason = reason;
    v.permissive = permissive;
    v.deny = !permissive;

    if ( st->violations != UINT32_MAX )
        st->violations++;
    v.violations = st->violations;

    if ( !permissive && max_violations != XNG_VIOLATIONS_UNLIMITED &&
         st->violations > max_violations &&
         !(st->flags & XNG_STATE_F_ACTED) )
    {
        st->flags |= XNG_STATE_F_ACTED;
        v.action = action;
    }

    if ( out )
        *out = v;

    return reason;
}

/*
 * Token bucket.  One take costs XNG_NS_PER_SEC units and every elapsed
 * nanosecond adds @rate units, so the refill is one multiplication; the
 * bucket holds @cap units (burst * XNG_NS_PER_SEC, < 2^63 for any 32-bit
 * burst).  A clock that goes back grants nothing: *@last_ns only moves
 * forward.
 */
static inline bool bucket_take(uint64_t *tokens, uint64_t *last_ns,
                               uint64_t rate, uint64_t cap, uint64_t now_ns)
{
    uint64_t add;

    if ( now_ns > *last_ns )
    {
        uint64_t elapsed = now_ns - *last_ns;

        *last_ns = now_ns;
        /* A policy update may have shrunk the bucket. */
        if ( *tokens >= cap ||
             __builtin_mul_overflow(elapsed, rate, &add) ||
             add >= cap - *tokens )
            *tokens = cap;
        else
            *tokens += add;
    }
    else if ( *tokens > cap )
        *tokens = cap;

    if ( *tokens < XNG_NS_PER_SEC )
        return false;
    *tokens -= XNG_NS_PER_SEC;
    return true;
}

/* The profile's call rate: hmax a second after a burst. */
static inline bool take_token(struct xng_dom_state *st,
                              const struct xng_blob_profile *p,
                              uint64_t now_ns)
{
    uint64_t cap = (uint64_t)p->burst * XNG_NS_PER_SEC;

    if ( xng_unlikely(!(st->flags & XNG_STATE_F_STARTED)) )
    {
        st->flags |= XNG_STATE_F_STARTED;
        st->tokens = cap;
        st->last_ns = now_ns;
        st->window_ns = now_ns;
        st->window_calls = 0;
    }

    /* The "hrate" figure: calls in the current one-second window. */
    if ( now_ns > st->window_ns &&
         now_ns - st->window_ns >= XNG_NS_PER_SEC )
    {
        st->window_ns = now_ns;
        st->window_calls = 0;
    }
    if ( st->window_calls != UINT32_MAX )
        st->window_calls++;

    return bucket_take(&st->tokens, &st->last_ns, p->hmax, cap, now_ns);
}

/*
 * The profile domain @*dom_index runs under; a stale or absent index is
 * set to -1 (not in this policy) and gets the default profile, or NULL
 * when the policy denies such domains everything.
 */
static inline const struct xng_blob_profile *
profile_of(const struct xng_policy *pol, int *dom_index)
{
    if ( xng_likely(*dom_index >= 0 &&
                    (uint32_t)*dom_index < pol->n_domains) )
        return &pol->profiles[pol->domains[*dom_index].profile];

    *dom_index = -1;
    if ( pol->default_profile == XNG_DEFAULT_DENY )
        return NULL;
    return &pol->profiles[pol->default_profile];
}

enum xng_verdict xng_check_hypercall(const struct xng_policy *pol,
                                     struct xng_dom_state *st,
                                     int dom_index, unsigned int hcall,
                                     unsigned long subop, uint64_t now_ns,
                                     struct xng_violation *out)
{
    const struct xng_blob_profile *p = profile_of(pol, &dom_index);
    uint64_t op = xng_subop_normalise(hcall, subop);
    bool permissive = pol->flags & XNG_BLOB_F_PERMISSIVE;
    int slot;

    if ( xng_unlikely(!p) )
        return violation(pol, st, -1, hcall, op, now_ns,
                         XNG_DENY_UNKNOWN_DOMAIN,
                         pol->default_max_violations, pol->default_action,
                         permissive, 0, out);

    permissive = permissive || (p->flags & XNG_PROFILE_F_PERMISSIVE);

    if ( xng_unlikely(hcall >= XNG_N_HYPERCALLS ||
                      !((p->hcalls >> hcall) & 1)) )
        return violation(pol, st, dom_index, hcall, op, now_ns,
                         XNG_DENY_HYPERCALL, p->max_violations, p->action,
                         permissive, 0, out);

    slot = xng_mux_slots[hcall] - 1;
    if ( slot >= 0 && xng_unlikely(!xng_subop_allowed(p, slot, op)) )
        return violation(pol, st, dom_index, hcall, op, now_ns,
                         XNG_DENY_SUBOP, p->max_violations, p->action,
                         permissive, 0, out);

    if ( p->hmax && xng_unlikely(!take_token(st, p, now_ns)) )
        return violation(pol, st, dom_index, hcall, op, now_ns,
                         XNG_DENY_RATE, p->max_violations, p->action,
                         permissive, p->hmax, out);

    return XNG_ALLOW;
}

bool xng_guest_type_allowed(const struct xng_policy *pol, int dom_index,
                            enum xng_guest_type type)
{
    const struct xng_blob_profile *p = profile_of(pol, &dom_index);

    return !p || p->guest_type == XNG_GUEST_ANY || p->guest_type == type;
}

bool xng_privilege_allowed(const struct xng_policy *pol, int dom_index,
                           enum xng_privilege priv)
{
    /* Rank by enum xng_privilege: regular, management, security. */
    static const uint8_t rank[] = { 0, 2, 1 };
    const struct xng_blob_profile *p = profile_of(pol, &dom_index);

    if ( priv == XNG_PRIV_REGULAR )
        return true;
    /* The parser bounded p->privilege; @priv comes from the caller. */
    return p && (unsigned int)priv < XNG_ARRAY_SIZE(rank) &&
           rank[p->privilege] >= rank[priv];
}

const struct xng_blob_profile *
xng_stateless_profile(const struct xng_policy *pol, int dom_index)
{
    const struct xng_blob_profile *p = profile_of(pol, &dom_index);

    return p && !p->hmax ? p : NULL;
}

bool xng_needs_clock(const struct xng_policy *pol, int dom_index)
{
    const struct xng_blob_profile *p = profile_of(pol, &dom_index);

    return p && p->hmax;
}

bool xng_rearm(struct xng_dom_state *st)
{
    if ( !(st->flags & XNG_STATE_F_ACTED) )
        return false;
    st->flags &= ~XNG_STATE_F_ACTED;
    st->violations = 0;
    return true;
}

bool xng_record_share(struct xng_dom_state *st, const struct xng_violation *v,
                      uint64_t now_ns)
{
    const uint64_t cap = (uint64_t)XNG_RECORDS_BURST * XNG_NS_PER_SEC;

    if ( v->action != XNG_ACTION_NONE )
        return true;

    if ( xng_unlikely(st->rec_last_ns == 0) )
    {
        st->rec_tokens = cap;
        st->rec_last_ns = now_ns ? now_ns : 1;
    }
    if ( bucket_take(&st->rec_tokens, &st->rec_last_ns, XNG_RECORDS_PER_SEC,
                     cap, now_ns) )
        return true;
    st->rec_dropped++;
    return false;
}

static bool tag_bit(const struct xng_policy *pol, const uint64_t *rows,
                    uint32_t a, uint32_t b)
{
    const uint64_t *row = rows + (uint64_t)a * pol->tag_words;

    return (row[b / 64] >> (b % 64)) & 1;
}

bool xng_channel_allowed(const struct xng_policy *pol, int dom_a, int dom_b)
{
    uint32_t ta = XNG_TAG_NONE, tb = XNG_TAG_NONE;

    if ( dom_a >= 0 && (uint32_t)dom_a < pol->n_domains )
        ta = pol->domains[dom_a].tag;
    else if ( pol->default_profile == XNG_DEFAULT_DENY )
        return false;

    if ( dom_b >= 0 && (uint32_t)dom_b < pol->n_domains )
        tb = pol->domains[dom_b].tag;
    else if ( pol->default_profile == XNG_DEFAULT_DENY )
        return false;

    /* The parser bounded every tag index; NONE conflicts with nothing. */
    if ( ta == XNG_TAG_NONE || tb == XNG_TAG_NONE )
        return true;

    return !tag_bit(pol, pol->conflicts, ta, tb);
}

bool xng_may_run_together(const struct xng_policy *pol,
                          uint32_t tag_a, uint32_t tag_b)
{
    if ( tag_a == XNG_TAG_NONE || tag_b == XNG_TAG_NONE )
        return true;
    /* An index from elsewhere that this policy does not know: refuse. */
    if ( tag_a >= pol->n_tags || tag_b >= pol->n_tags )
        return false;

    return !tag_bit(pol, pol->exclusive, tag_a, tag_b);
}

bool xng_domains_may_run_together(const struct xng_policy *pol,
                                  int dom_a, int dom_b)
{
    if ( dom_a < 0 || (uint32_t)dom_a >= pol->n_domains ||
         dom_b < 0 || (uint32_t)dom_b >= pol->n_domains || dom_a == dom_b )
        return true;

    return xng_may_run_together(pol, pol->domains[dom_a].tag,
                                pol->domains[dom_b].tag);
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * tab-width: 4
 * indent-tabs-mode: nil
 * End:
 */
