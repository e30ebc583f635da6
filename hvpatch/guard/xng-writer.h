/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xng-writer.h: builds a guard blob from a plain description.
 *
 * Userspace only (it sorts with libc's qsort): the policy compiler in
 * model/ and the tests use it; the hypervisor only reads blobs.  It is
 * the one writer of the format described in xng-blob.h.
 */

#ifndef XNG_WRITER_H
#define XNG_WRITER_H

#include "xng-blob.h"

struct xng_spec_profile {
    uint64_t hcalls;                    /* bit n: hypercall n allowed */
    uint64_t subops[XNG_N_MUX][2];      /* sub-ops 0..127 per mux slot */
    uint8_t  subop_all;                 /* bit s: slot s allows all */
    uint8_t  action;                    /* enum xng_action, LOG..DESTROY */
    uint8_t  privilege;                 /* enum xng_privilege */
    uint8_t  guest_type;                /* enum xng_guest_type */
    uint8_t  flags;                     /* XNG_PROFILE_F_* */
    uint32_t hmax;                      /* per second, 0: unlimited */
    uint32_t burst;
    uint32_t max_violations;            /* or XNG_VIOLATIONS_UNLIMITED */
};

struct xng_spec_domain {
    uint8_t  uuid[16];
    uint32_t tag;                       /* index or XNG_TAG_NONE */
    uint32_t profile;                   /* index into profiles */
};

/* Tags @a and @b conflict; if @exclusive, they may not run together. */
struct xng_spec_conflict {
    uint32_t a;
    uint32_t b;
    bool exclusive;
};

struct xng_spec {
    uint64_t serial;
    uint32_t flags;                     /* XNG_BLOB_F_* */
    uint32_t default_profile;           /* index or XNG_DEFAULT_DENY */
    uint32_t default_max_violations;
    uint8_t  default_action;
    const struct xng_spec_profile *profiles;
    uint32_t n_profiles;
    const struct xng_spec_domain *domains;  /* any order */
    uint32_t n_domains;
    uint32_t n_tags;
    const struct xng_spec_conflict *conflicts;
    uint32_t n_conflicts;
};

/* Bytes the blob for @spec takes, or 0 if its counts exceed the limits. */
size_t xng_blob_size(const struct xng_spec *spec);

/*
 * Writes the blob for @spec into @buf (8-byte aligned, @len bytes) and
 * checks it with xng_blob_parse().  Returns the number of bytes written,
 * or a negative errno value with *@why (if not NULL) set to a static
 * reason: -ENOSPC if @len is too small, -ERANGE for an index out of
 * range, -EINVAL for repeated UUIDs or a tag in conflict with itself, or
 * whatever the parser refused.
 */
long xng_blob_write(const struct xng_spec *spec, void *buf, size_t len,
                    const char **why);

/* Recomputes the header checksum of a blob of @len bytes (for tests). */
void xng_blob_seal(void *buf, size_t len);

#endif /* XNG_WRITER_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * tab-width: 4
 * indent-tabs-mode: nil
 * End:
 */
