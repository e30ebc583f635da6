/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xng-blob.h: the guard blob, the binary policy the hypercall guard reads.
 *
 * The policy compiler (model/, through xng-writer.c) produces one blob per
 * host; the daemon hands it to the hypervisor (or to its simulated host),
 * which parses it with xng_blob_parse() and then decides from it in place.
 *
 * Layout.  All integers are little-endian.  The blob starts on an 8-byte
 * boundary and every section starts on an 8-byte boundary, so each record
 * below is read where it lies.
 *
 *   header      struct xng_blob_header, 64 bytes, at offset 0
 *   profiles    n_profiles x struct xng_blob_profile (160 bytes each)
 *   domains     n_domains x struct xng_blob_domain (24 bytes each),
 *               sorted by UUID (memcmp order), no two equal
 *   tags        n_tags conflict bitmaps, then n_tags exclusive bitmaps;
 *               each bitmap is tag_words = (n_tags + 63) / 64 uint64_t
 *               words, bit (t % 64) of word (t / 64) standing for tag t
 *
 * Sections may come in any order and may leave gaps, but may not overlap
 * the header or each other, and must lie inside total_len.  The checksum
 * covers every byte of the blob, gaps included.
 *
 * Version 1.  A reader refuses any other version, any flag or reserved
 * bit it does not know, and any blob whose length differs from
 * total_len.  The checksum guards against corruption in transit, not
 * against an adversary: the daemon verifies the XML-DSig signature of the
 * policy before it compiles it.
 */

#ifndef XNG_BLOB_H
#define XNG_BLOB_H

#include "xng-shim.h"

#define XNG_BLOB_MAGIC          "XNGB"
#define XNG_BLOB_VERSION        1

/* Xen 4.17 numbers its hypercalls 0..63 (public/xen.h). */
#define XNG_N_HYPERCALLS        64

/*
 * Xen's legacy hypercalls sched_op_compat (6), event_channel_op_compat
 * (16) and physdev_op_compat (19) forward to sched_op, event_channel_op
 * and physdev_op with the sub-op somewhere else: 16 and 19 read it from
 * guest memory, which the guard cannot read once and trust (another
 * vCPU may rewrite it before Xen reads it), and 6 would need a filter of
 * its own.  No guest since Xen 3.0.2 needs them (Linux calls them only
 * when the new ones fail with -ENOSYS), so no profile may allow them: a
 * blob that does is refused, and a call is a violation like that of any
 * hypercall outside the profile.
 */
#define XNG_HCALLS_LEGACY       ((1ull << 6) | (1ull << 16) | (1ull << 19))

/*
 * Multiplexed hypercalls: the first argument selects a sub-op, filtered by
 * a 128-bit map per profile.  The slot order below is part of the format.
 */
#define XNG_MUX_MEMORY_OP       0   /* 12 memory_op, cmd & MEMOP_CMD_MASK */
#define XNG_MUX_SCHED_OP        1   /* 29 sched_op */
#define XNG_MUX_XEN_VERSION     2   /* 17 xen_version */
#define XNG_MUX_GRANT_TABLE_OP  3   /* 20 grant_table_op, cmd & 0xfff */
#define XNG_MUX_EVENT_CHANNEL_OP 4  /* 32 event_channel_op */
#define XNG_MUX_PHYSDEV_OP      5   /* 33 physdev_op */
#define XNG_MUX_HVM_OP          6   /* 34 hvm_op */
#define XNG_MUX_VCPU_OP         7   /* 24 vcpu_op */
#define XNG_N_MUX               8
#define XNG_N_SUBOPS            128 /* sub-ops 0..127 have a bit each */

/* Limits; a blob beyond them is refused with -E2BIG. */
#define XNG_MAX_PROFILES        4096
#define XNG_MAX_DOMAINS         65536
#define XNG_MAX_TAGS            1024

/* Header flags. */
#define XNG_BLOB_F_PERMISSIVE   (1u << 0)   /* record violations, allow all */
#define XNG_BLOB_F_KNOWN        XNG_BLOB_F_PERMISSIVE

/* Profile flags. */
#define XNG_PROFILE_F_PERMISSIVE (1u << 0)  /* this profile only */
#define XNG_PROFILE_F_KNOWN     XNG_PROFILE_F_PERMISSIVE

/* default_profile: domains missing from the blob may issue no hypercall. */
#define XNG_DEFAULT_DENY        0xffffffffu
/* xng_blob_domain.tag: the domain carries no tag, conflicts with none. */
#define XNG_TAG_NONE            0xffffffffu
/* max_violations: never act, only log. */
#define XNG_VIOLATIONS_UNLIMITED 0xffffffffu

/* What happens once a domain exceeds its max_violations. */
enum xng_action {
    XNG_ACTION_NONE = 0,        /* only in results: nothing to do */
    XNG_ACTION_LOG = 1,
    XNG_ACTION_PAUSE = 2,
    XNG_ACTION_DESTROY = 3,
};

enum xng_privilege {
    XNG_PRIV_REGULAR = 0,
    XNG_PRIV_MANAGEMENT = 1,
    XNG_PRIV_SECURITY = 2,
};

enum xng_guest_type {
    XNG_GUEST_PV = 0,
    XNG_GUEST_PVH = 1,
    XNG_GUEST_HVM = 2,
    XNG_GUEST_ANY = 3,          /* a profile for every guest type */
};

struct xng_blob_header {
    uint8_t  magic[4];          /*  0: "XNGB" */
    uint16_t version;           /*  4: XNG_BLOB_VERSION */
    uint16_t header_len;        /*  6: sizeof(struct xng_blob_header) */
    uint32_t flags;             /*  8: XNG_BLOB_F_* */
    uint32_t checksum;          /* 12: CRC-32 (IEEE 802.3) of total_len
                                 *     bytes, this field read as zero */
    uint64_t serial;            /* 16: policy edition, grows per signing */
    uint32_t total_len;         /* 24: bytes in the blob, header included */
    uint32_t n_profiles;        /* 28 */
    uint32_t profiles_off;      /* 32: from the start of the blob */
    uint32_t n_domains;         /* 36 */
    uint32_t domains_off;       /* 40 */
    uint32_t n_tags;            /* 44 */
    uint32_t tags_off;          /* 48 */
    uint32_t default_profile;   /* 52: profile index for domains not in the
                                 *     blob, or XNG_DEFAULT_DENY */
    uint32_t default_max_violations; /* 56: for denied unknown domains */
    uint8_t  default_action;    /* 60: enum xng_action, LOG..DESTROY */
    uint8_t  reserved[3];       /* 61: zero */
};

struct xng_blob_profile {
    uint64_t hcalls;            /*  0: bit n set: hypercall n allowed */
    uint32_t hmax;              /*  8: hypercalls per second, 0: no limit */
    uint32_t burst;             /* 12: bucket size, >= 1 when hmax > 0 */
    uint32_t max_violations;    /* 16: violations tolerated before action;
                                 *     XNG_VIOLATIONS_UNLIMITED: never */
    uint8_t  action;            /* 20: enum xng_action, LOG..DESTROY */
    uint8_t  privilege;         /* 21: enum xng_privilege */
    uint8_t  guest_type;        /* 22: enum xng_guest_type: the only type
                                 *     of domain that may run under it */
    uint8_t  flags;             /* 23: XNG_PROFILE_F_* */
    uint8_t  subop_all;         /* 24: bit s set: mux slot s allows every
                                 *     sub-op, even those beyond 127 */
    uint8_t  reserved[7];       /* 25: zero */
    uint64_t subops[XNG_N_MUX][2]; /* 32: per mux slot, sub-ops 0..127;
                                 *     bit (op % 64) of word (op / 64) */
};

struct xng_blob_domain {
    uint8_t  uuid[16];          /*  0: xen_domain_handle_t of the domain */
    uint32_t tag;               /* 16: tag index or XNG_TAG_NONE */
    uint32_t profile;           /* 20: profile index */
};

/*
 * A parsed blob: a view into the caller's buffer, which must stay alive
 * and unchanged while the view is used.  Filled by xng_blob_parse() only.
 */
struct xng_policy {
    const struct xng_blob_profile *profiles;
    const struct xng_blob_domain *domains;
    const uint64_t *conflicts;  /* n_tags rows of tag_words words */
    const uint64_t *exclusive;  /* likewise */
    uint64_t serial;
    uint32_t flags;
    uint32_t n_profiles;
    uint32_t n_domains;
    uint32_t n_tags;
    uint32_t tag_words;
    uint32_t default_profile;
    uint32_t default_max_violations;
    uint8_t  default_action;
    const char *why;            /* after a failed parse: what was wrong */
};

/*
 * Validates @len bytes at @buf (8-byte aligned) as a guard blob and, on
 * success, points @pol into it.  Returns 0, or a negative errno value
 * with @pol->why naming the fault:
 *   -EFAULT      NULL or misaligned buffer
 *   -EMSGSIZE    length shorter than the header or not total_len
 *   -EINVAL      bad magic, header_len, section offsets or overlaps,
 *                reserved bytes not zero, unsorted or repeated UUIDs,
 *                asymmetric or self conflicts
 *   -EOPNOTSUPP  unknown version or flags
 *   -EBADMSG     checksum mismatch
 *   -E2BIG       more profiles, domains or tags than the limits allow
 *   -ERANGE      an index or enumerated value out of range, or a
 *                profile allowing a legacy hypercall (XNG_HCALLS_LEGACY)
 * On failure nothing in @pol but @why is meaningful.
 */
int xng_blob_parse(struct xng_policy *pol, const void *buf, size_t len);

/*
 * Anti-rollback: whether the parsed blob @pol may replace the policies
 * loaded before it, the highest serial of which is @highest (0: none).
 * An older serial is refused with -EILSEQ and @pol->why says so; the same
 * serial is taken (the daemon loads the policy in force again when it
 * restarts, and when it puts a policy back after a push failed before
 * its blob was loaded).
 */
int xng_blob_check_serial(struct xng_policy *pol, uint64_t highest);

/* CRC-32 (IEEE 802.3, reflected, as zlib's crc32()) of @len bytes. */
uint32_t xng_crc32(uint32_t crc, const void *buf, size_t len);

/* The checksum a header's checksum field must hold for @len bytes. */
uint32_t xng_blob_checksum(const void *buf, size_t len);

/* Words in one tag bitmap, for the parser and the writer alike. */
static inline uint32_t xng_tag_words(uint32_t n_tags)
{
    return (n_tags + 63) / 64;
}

#endif /* XNG_BLOB_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * tab-width: 4
 * indent-tabs-mode: nil
 * End:
 */
