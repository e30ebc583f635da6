/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xng-ring.c: the bounded violation ring.
 *
 * Head and tail count entries from the start and are only ever
 * increased, each by one side: the producer publishes a written slot by
 * a release store of head, the consumer frees read slots by a release
 * store of tail.  A full ring refuses the new entry rather than
 * overwriting, since overwriting would race with a reader copying that
 * slot; the refused entry still consumes a sequence number and is
 * counted, so a loss is never silent.  The last slots are kept for
 * records that ask for an action (XNG_RING_ACTION_RESERVE).
 */

#include "xng-guard.h"

_Static_assert(sizeof(struct xng_violation) == 64, "violation layout");

int xng_ring_init(struct xng_ring *ring, struct xng_violation *slots,
                  uint32_t n_slots)
{
    if ( !ring || !slots || n_slots < 2 || (n_slots & (n_slots - 1)) )
        return -EINVAL;

    xng_memset(ring, 0, sizeof(*ring));
    ring->slots = slots;
    ring->mask = n_slots - 1;
    return 0;
}

bool xng_ring_push(struct xng_ring *ring, const struct xng_violation *v)
{
    uint64_t head = ring->head;
    uint64_t tail = xng_load_acquire(&ring->tail);
    uint64_t seq = ring->next_seq++;
    uint64_t room = (uint64_t)ring->mask + 1;
    struct xng_violation *slot;

    if ( v->action == XNG_ACTION_NONE )
        room -= XNG_RING_ACTION_RESERVE(room);
    if ( head - tail >= room )
    {
        xng_store_relaxed(&ring->dropped,
                          xng_load_relaxed(&ring->dropped) + 1);
        return false;
    }

    slot = &ring->slots[head & ring->mask];
    *slot = *v;
    slot->seq = seq;
    xng_store_release(&ring->head, head + 1);
    return true;
}

void xng_ring_drop(struct xng_ring *ring)
{
    ring->next_seq++;
    xng_store_relaxed(&ring->dropped, xng_load_relaxed(&ring->dropped) + 1);
}

uint32_t xng_ring_peek(const struct xng_ring *ring, struct xng_violation *out,
                       uint32_t max, uint64_t *dropped)
{
    uint64_t tail = ring->tail;
    uint64_t head = xng_load_acquire(&ring->head);
    uint32_t n = 0;

    /* The producer leaves slots alone until tail moves past them. */
    while ( tail != head && n < max )
        out[n++] = ring->slots[tail++ & ring->mask];

    if ( dropped )
        *dropped = xng_load_relaxed(&ring->dropped);
    return n;
}

void xng_ring_consume(struct xng_ring *ring, uint32_t n)
{
    uint64_t head = xng_load_acquire(&ring->head);
    uint64_t tail = ring->tail;

    if ( n > head - tail )
        n = (uint32_t)(head - tail);
    xng_store_release(&ring->tail, tail + n);
}

uint32_t xng_ring_count(const struct xng_ring *ring)
{
    return (uint32_t)(xng_load_acquire(&ring->head) -
                      xng_load_acquire(&ring->tail));
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
