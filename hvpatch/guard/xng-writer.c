/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xng-writer.c: the guard blob writer (userspace).
 *
 * Sections are laid out in the canonical order: header, profiles,
 * domains (sorted by UUID), tag bitmaps.  The result is run through the
 * parser before it is handed back, so a blob this writer returns is one
 * the hypervisor accepts.
 */

#include <stdlib.h>
#include <string.h>

#include "xng-writer.h"

struct layout {
    uint64_t profiles_off;
    uint64_t domains_off;
    uint64_t tags_off;
    uint64_t total;
    uint32_t words;
};

static bool compute_layout(const struct xng_spec *spec, struct layout *l)
{
    if ( spec->n_profiles > XNG_MAX_PROFILES ||
         spec->n_domains > XNG_MAX_DOMAINS || spec->n_tags > XNG_MAX_TAGS )
        return false;

    l->words = xng_tag_words(spec->n_tags);
    l->profiles_off = sizeof(struct xng_blob_header);
    l->domains_off = l->profiles_off +
        (uint64_t)spec->n_profiles * sizeof(struct xng_blob_profile);
    l->tags_off = l->domains_off +
        (uint64_t)spec->n_domains * sizeof(struct xng_blob_domain);
    l->total = l->tags_off +
        (uint64_t)spec->n_tags * l->words * 2 * sizeof(uint64_t);
    return true;
}

size_t xng_blob_size(const struct xng_spec *spec)
{
    struct layout l;

    return compute_layout(spec, &l) ? (size_t)l.total : 0;
}

static int cmp_domain(const void *a, const void *b)
{
    return memcmp(((const struct xng_blob_domain *)a)->uuid,
                  ((const struct xng_blob_domain *)b)->uuid, 16);
}

static long refuse(const char **why, long code, const char *reason)
{
    if ( why )
        *why = reason;
    return code;
}

static void set_bit(uint64_t *row, uint32_t bit)
{
    row[bit / 64] |= 1ull << (bit % 64);
}

long xng_blob_write(const struct xng_spec *spec, void *buf, size_t len,
                    const char **why)
{
    struct xng_blob_header *h = buf;
    struct xng_blob_profile *prof;
    struct xng_blob_domain *dom;
    uint64_t *conflicts, *exclusive;
    struct xng_policy pol;
    struct layout l;
    uint32_t i;
    int rc;

    if ( !compute_layout(spec, &l) )
        return refuse(why, -E2BIG, "too many profiles, domains or tags");
    if ( !buf || ((uintptr_t)buf & 7) )
        return refuse(why, -EFAULT, "buffer missing or not 8-byte aligned");
    if ( len < l.total )
        return refuse(why, -ENOSPC, "buffer too small for the blob");

    memset(buf, 0, l.total);
    memcpy(h->magic, XNG_BLOB_MAGIC, 4);
    h->version = XNG_BLOB_VERSION;
    h->header_len = sizeof(*h);
    h->flags = spec->flags;
    h->serial = spec->serial;
    h->total_len = (uint32_t)l.total;
    h->n_profiles = spec->n_profiles;
    h->profiles_off = (uint32_t)l.profiles_off;
    h->n_domains = spec->n_domains;
    h->domains_off = (uint32_t)l.domains_off;
    h->n_tags = spec->n_tags;
    h->tags_off = (uint32_t)l.tags_off;
    h->default_profile = spec->default_profile;
    h->default_max_violations = spec->default_max_violations;
    h->default_action = spec->default_action;

    prof = (void *)((uint8_t *)buf + l.profiles_off);
    for ( i = 0; i < spec->n_profiles; i++ )
    {
        const struct xng_spec_profile *s = &spec->profiles[i];

        prof[i].hcalls = s->hcalls;
        prof[i].hmax = s->hmax;
        prof[i].burst = s->burst;
        prof[i].max_violations = s->max_violations;
        prof[i].action = s->action;
        prof[i].privilege = s->privilege;
        prof[i].guest_type = s->guest_type;
        prof[i].flags = s->flags;
        prof[i].subop_all = s->subop_all;
        memcpy(prof[i].subops, s->subops, sizeof(prof[i].subops));
    }

    dom = (void *)((uint8_t *)buf + l.domains_off);
    for ( i = 0; i < spec->n_domains; i++ )
    {
        memcpy(dom[i].uuid, spec->domains[i].uuid, 16);
        dom[i].tag = spec->domains[i].tag;
        dom[i].profile = spec->domains[i].profile;
    }
    qsort(dom, spec->n_domains, sizeof(*dom), cmp_domain);
    for ( i = 1; i < spec->n_domains; i++ )
        if ( memcmp(dom[i - 1].uuid, dom[i].uuid, 16) == 0 )
            return refuse(why, -EINVAL, "two domains share a UUID");

    conflicts = (void *)((uint8_t *)buf + l.tags_off);
    exclusive = conflicts + (uint64_t)spec->n_tags * l.words;
    for ( i = 0; i < spec->n_conflicts; i++ )
    {
        const struct xng_spec_conflict *c = &spec->conflicts[i];

        if ( c->a >= spec->n_tags || c->b >= spec->n_tags )
            return refuse(why, -ERANGE, "conflict names an unknown tag");
        if ( c->a == c->b )
            return refuse(why, -EINVAL, "tag in conflict with itself");
        set_bit(conflicts + (uint64_t)c->a * l.words, c->b);
        set_bit(conflicts + (uint64_t)c->b * l.words, c->a);
        if ( c->exclusive )
        {
            set_bit(exclusive + (uint64_t)c->a * l.words, c->b);
            set_bit(exclusive + (uint64_t)c->b * l.words, c->a);
        }
    }

    xng_blob_seal(buf, l.total);

    rc = xng_blob_parse(&pol, buf, l.total);
    if ( rc )
        return refuse(why, rc, pol.why);
    return (long)l.total;
}

void xng_blob_seal(void *buf, size_t len)
{
    struct xng_blob_header *h = buf;

    if ( len >= sizeof(*h) )
        h->checksum = xng_blob_checksum(buf, len);
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
