/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xng-blob.c: validation of the guard blob.
 *
 * The blob arrives from dom0 and is treated as hostile: every length,
 * offset, count, index and enumerated value is checked, in an order in
 * which no check relies on a value not yet checked, before the caller
 * gets a view into it.  Arithmetic on blob values is done in 64 bits from
 * 32-bit inputs, so it cannot wrap.
 */

#include "xng-blob.h"

_Static_assert(sizeof(struct xng_blob_header) == 64, "header layout");
_Static_assert(sizeof(struct xng_blob_profile) == 160, "profile layout");
_Static_assert(sizeof(struct xng_blob_domain) == 24, "domain layout");

/* CRC-32, polynomial 0xedb88320 (reflected 0x04c11db7). */
static const uint32_t xng_crc_table[256] = {
    0x00000000, 0x77073096, 0xee0e612c, 0x990951ba,
    0x076dc419, 0x706af48f, 0xe963a535, 0x9e6495a3,
    0x0edb8832, 0x79dcb8a4, 0xe0d5e91e, 0x97d2d988,
    0x09b64c2b, 0x7eb17cbd, 0xe7b82d07, 0x90bf1d91,
    0x1db71064, 0x6ab020f2, 0xf3b97148, 0x84be41de,
    0x1adad47d, 0x6ddde4eb, 0xf4d4b551, 0x83d385c7,
    0x136c9856, 0x646ba8c0, 0xfd62f97a, 0x8a65c9ec,
    0x14015c4f, 0x63066cd9, 0xfa0f3d63, 0x8d080df5,
    0x3b6e20c8, 0x4c69105e, 0xd56041e4, 0xa2677172,
    0x3c03e4d1, 0x4b04d447, 0xd20d85fd, 0xa50ab56b,
    0x35b5a8fa, 0x42b2986c, 0xdbbbc9d6, 0xacbcf940,
    0x32d86ce3, 0x45df5c75, 0xdcd60dcf, 0xabd13d59,
    0x26d930ac, 0x51de003a, 0xc8d75180, 0xbfd06116,
    0x21b4f4b5, 0x56b3c423, 0xcfba9599, 0xb8bda50f,
    0x2802b89e, 0x5f058808, 0xc60cd9b2, 0xb10be924,
    0x2f6f7c87, 0x58684c11, 0xc1611dab, 0xb6662d3d,
    0x76dc4190, 0x01db7106, 0x98d220bc, 0xefd5102a,
    0x71b18589, 0x06b6b51f, 0x9fbfe4a5, 0xe8b8d433,
    0x7807c9a2, 0x0f00f934, 0x9609a88e, 0xe10e9818,
    0x7f6a0dbb, 0x086d3d2d, 0x91646c97, 0xe6635c01,
    0x6b6b51f4, 0x1c6c6162, 0x856530d8, 0xf262004e,
    0x6c0695ed, 0x1b01a57b, 0x8208f4c1, 0xf50fc457,
    0x65b0d9c6, 0x12b7e950, 0x8bbeb8ea, 0xfcb9887c,
    0x62dd1ddf, 0x15da2d49, 0x8cd37cf3, 0xfbd44c65,
    0x4db26158, 0x3ab551ce, 0xa3bc0074, 0xd4bb30e2,
    0x4adfa541, 0x3dd895d7, 0xa4d1c46d, 0xd3d6f4fb,
    0x4369e96a, 0x346ed9fc, 0xad678846, 0xda60b8d0,
    0x44042d73, 0x33031de5, 0xaa0a4c5f, 0xdd0d7cc9,
    0x5005713c, 0x270241aa, 0xbe0b1010, 0xc90c2086,
    0x5768b525, 0x206f85b3, 0xb966d409, 0xce61e49f,
    0x5edef90e, 0x29d9c998, 0xb0d09822, 0xc7d7a8b4,
    0x59b33d17, 0x2eb40d81, 0xb7bd5c3b, 0xc0ba6cad,
    0xedb88320, 0x9abfb3b6, 0x03b6e20c, 0x74b1d29a,
    0xead54739, 0x9dd277af, 0x04db2615, 0x73dc1683,
    0xe3630b12, 0x94643b84, 0x0d6d6a3e, 0x7a6a5aa8,
    0xe40ecf0b, 0x9309ff9d, 0x0a00ae27, 0x7d079eb1,
    0xf00f9344, 0x8708a3d2, 0x1e01f268, 0x6906c2fe,
    0xf762575d, 0x806567cb, 0x196c3671, 0x6e6b06e7,
    0xfed41b76, 0x89d32be0, 0x10da7a5a, 0x67dd4acc,
    0xf9b9df6f, 0x8ebeeff9, 0x17b7be43, 0x60b08ed5,
    0xd6d6a3e8, 0xa1d1937e, 0x38d8c2c4, 0x4fdff252,
    0xd1bb67f1, 0xa6bc5767, 0x3fb506dd, 0x48b2364b,
    0xd80d2bda, 0xaf0a1b4c, 0x36034af6, 0x41047a60,
    0xdf60efc3, 0xa867df55, 0x316e8eef, 0x4669be79,
    0xcb61b38c, 0xbc66831a, 0x256fd2a0, 0x5268e236,
    0xcc0c7795, 0xbb0b4703, 0x220216b9, 0x5505262f,
    0xc5ba3bbe, 0xb2bd0b28, 0x2bb45a92, 0x5cb36a04,
    0xc2d7ffa7, 0xb5d0cf31, 0x2cd99e8b, 0x5bdeae1d,
    0x9b64c2b0, 0xec63f226, 0x756aa39c, 0x026d930a,
    0x9c0906a9, 0xeb0e363f, 0x72076785, 0x05005713,
    0x95bf4a82, 0xe2b87a14, 0x7bb12bae, 0x0cb61b38,
    0x92d28e9b, 0xe5d5be0d, 0x7cdcefb7, 0x0bdbdf21,
    0x86d3d2d4, 0xf1d4e242, 0x68ddb3f8, 0x1fda836e,
    0x81be16cd, 0xf6b9265b, 0x6fb077e1, 0x18b74777,
    0x88085ae6, 0xff0f6a70, 0x66063bca, 0x11010b5c,
    0x8f659eff, 0xf862ae69, 0x616bffd3, 0x166ccf45,
    0xa00ae278, 0xd70dd2ee, 0x4e048354, 0x3903b3c2,
    0xa7672661, 0xd06016f7, 0x4969474d, 0x3e6e77db,
    0xaed16a4a, 0xd9d65adc, 0x40df0b66, 0x37d83bf0,
    0xa9bcae53, 0xdebb9ec5, 0x47b2cf7f, 0x30b5ffe9,
    0xbdbdf21c, 0xcabac28a, 0x53b39330, 0x24b4a3a6,
    0xbad03605, 0xcdd70693, 0x54de5729, 0x23d967bf,
    0xb3667a2e, 0xc4614ab8, 0x5d681b02, 0x2a6f2b94,
    0xb40bbe37, 0xc30c8ea1, 0x5a05df1b, 0x2d02ef8d,
};

uint32_t xng_crc32(uint32_t crc, const void *buf, size_t len)
{
    const uint8_t *p = buf;

    crc = ~crc;
    while ( len-- )
        crc = xng_crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);

    return ~crc;
}

uint32_t xng_blob_checksum(const void *buf, size_t len)
{
    static const uint8_t zero[4];
    const size_t at = __builtin_offsetof(struct xng_blob_header, checksum);
    uint32_t crc;

    if ( len < sizeof(struct xng_blob_header) )
        return xng_crc32(0, buf, len);

    crc = xng_crc32(0, buf, at);
    crc = xng_crc32(crc, zero, sizeof(zero));
    return xng_crc32(crc, (const uint8_t *)buf + at + 4, len - at - 4);
}

static int fail(struct xng_policy *pol, int code, const char *why)
{
    pol->why = why;
    return code;
}

struct section {
    uint64_t off;
    uint64_t len;
};

static bool sections_overlap(const struct section *a,
                             const struct section *b)
{
    if ( a->len == 0 || b->len == 0 )
        return false;
    return a->off < b->off + b->len && b->off < a->off + a->len;
}

static bool zero_bytes(const uint8_t *p, size_t n)
{
    while ( n-- )
        if ( *p++ )
            return false;
    return true;
}

static int check_profile(struct xng_policy *pol,
                         const struct xng_blob_profile *p)
{
    if ( !zero_bytes(p->reserved, sizeof(p->reserved)) )
        return fail(pol, -EINVAL, "profile reserved bytes not zero");
    if ( p->flags & ~XNG_PROFILE_F_KNOWN )
        return fail(pol, -EOPNOTSUPP, "unknown profile flags");
    if ( p->action < XNG_ACTION_LOG || p->action > XNG_ACTION_DESTROY )
        return fail(pol, -ERANGE, "profile action out of range");
    if ( p->privilege > XNG_PRIV_SECURITY )
        return fail(pol, -ERANGE, "profile privilege out of range");
    if ( p->guest_type > XNG_GUEST_ANY )
        return fail(pol, -ERANGE, "profile guest type out of range");
    if ( p->hmax != 0 && p->burst == 0 )
        return fail(pol, -ERANGE, "profile rate limit has no burst");
    if ( p->hcalls & XNG_HCALLS_LEGACY )
        return fail(pol, -ERANGE,
                    "profile allows a legacy hypercall (6, 16 or 19)");

    return 0;
}

static unsigned int tag_bit(const uint64_t *row, uint32_t t)
{
    return (row[t / 64] >> (t % 64)) & 1;
}

/* Each tag's rows: no bit past n_tags, no self-conflict, exclusive only
 * where in conflict. */
static int check_tag_rows(struct xng_policy *pol)
{
    uint32_t n = pol->n_tags, words = pol->tag_words, a, w;
    uint64_t tail_mask = (n % 64) ? ~((1ull << (n % 64)) - 1) : 0;

    for ( a = 0; a < n; a++ )
    {
        const uint64_t *c = pol->conflicts + (uint64_t)a * words;
        const uint64_t *x = pol->exclusive + (uint64_t)a * words;

        if ( (c[words - 1] | x[words - 1]) & tail_mask )
            return fail(pol, -ERANGE, "tag bitmap names a tag past n_tags");
        if ( tag_bit(c, a) )
            return fail(pol, -EINVAL, "tag conflicts with itself");
        for ( w = 0; w < words; w++ )
            if ( x[w] & ~c[w] )
                return fail(pol, -EINVAL,
                            "exclusive tag pair not in conflict");
    }

    return 0;
}

/* Conflicts are a relation between two tags: both rows must agree. */
static int check_tag_symmetry(struct xng_policy *pol)
{
    uint32_t n = pol->n_tags, words = pol->tag_words, a, b;

    for ( a = 0; a < n; a++ )
        for ( b = a + 1; b < n; b++ )
        {
            uint64_t ra = (uint64_t)a * words, rb = (uint64_t)b * words;

            if ( tag_bit(pol->conflicts + ra, b) !=
                 tag_bit(pol->conflicts + rb, a) ||
                 tag_bit(pol->exclusive + ra, b) !=
                 tag_bit(pol->exclusive + rb, a) )
                return fail(pol, -EINVAL, "tag conflicts not symmetric");
        }

    return 0;
}

/* The header's fixed fields, before any count or offset is trusted. */
static int check_header_format(struct xng_policy *pol,
                               const struct xng_blob_header *h, size_t len)
{
    if ( len < sizeof(*h) )
        return fail(pol, -EMSGSIZE, "blob shorter than its header");
    if ( xng_memcmp(h->magic, XNG_BLOB_MAGIC, 4) )
        return fail(pol, -EINVAL, "bad magic (not a guard blob)");
    if ( h->version != XNG_BLOB_VERSION )
        return fail(pol, -EOPNOTSUPP, "unsupported blob version");
    if ( h->header_len != sizeof(*h) )
        return fail(pol, -EINVAL, "bad header length");
    if ( h->total_len != len )
        return fail(pol, -EMSGSIZE, "blob length differs from total_len");
    if ( h->checksum != xng_blob_checksum(h, len) )
        return fail(pol, -EBADMSG, "checksum mismatch");
    if ( h->flags & ~XNG_BLOB_F_KNOWN )
        return fail(pol, -EOPNOTSUPP, "unknown blob flags");
    if ( !zero_bytes(h->reserved, sizeof(h->reserved)) )
        return fail(pol, -EINVAL, "header reserved bytes not zero");

    return 0;
}

/* The header's counts and defaults. */
static int check_header_limits(struct xng_policy *pol,
                               const struct xng_blob_header *h)
{
    if ( h->n_profiles > XNG_MAX_PROFILES )
        return fail(pol, -E2BIG, "too many profiles");
    if ( h->n_domains > XNG_MAX_DOMAINS )
        return fail(pol, -E2BIG, "too many domains");
    if ( h->n_tags > XNG_MAX_TAGS )
        return fail(pol, -E2BIG, "too many tags");
    if ( h->default_profile != XNG_DEFAULT_DENY &&
         h->default_profile >= h->n_profiles )
        return fail(pol, -ERANGE, "default profile index out of range");
    if ( h->default_action < XNG_ACTION_LOG ||
         h->default_action > XNG_ACTION_DESTROY )
        return fail(pol, -ERANGE, "default action out of range");

    return 0;
}

/*
 * The sections: aligned, inside the blob, and overlapping neither the
 * header nor each other.  The counts are bounded already, so the
 * lengths fit easily in 64 bits.
 */
static int check_sections(struct xng_policy *pol,
                          const struct xng_blob_header *h, size_t len)
{
    uint64_t words = xng_tag_words(h->n_tags);
    const struct section s[4] = {
        { 0, sizeof(*h) },
        { h->profiles_off,
          (uint64_t)h->n_profiles * sizeof(struct xng_blob_profile) },
        { h->domains_off,
          (uint64_t)h->n_domains * sizeof(struct xng_blob_domain) },
        { h->tags_off, (uint64_t)h->n_tags * words * 2 * sizeof(uint64_t) },
    };
    unsigned int i, j;

    for ( i = 1; i < 4; i++ )
        if ( s[i].off & 7 )
            return fail(pol, -EINVAL, "section offset not 8-byte aligned");
    for ( i = 1; i < 4; i++ )
        if ( s[i].off + s[i].len > len )
            return fail(pol, -EINVAL, "section extends beyond the blob");
    for ( i = 0; i < 4; i++ )
        for ( j = i + 1; j < 4; j++ )
            if ( sections_overlap(&s[i], &s[j]) )
                return fail(pol, -EINVAL, "sections overlap");

    return 0;
}

/* Points @pol into the blob once the header and sections passed. */
static void map_blob(struct xng_policy *pol, const struct xng_blob_header *h)
{
    const uint8_t *base = (const uint8_t *)h;
    uint32_t words = xng_tag_words(h->n_tags);

    pol->profiles = (const void *)(base + h->profiles_off);
    pol->domains = (const void *)(base + h->domains_off);
    pol->conflicts = (const void *)(base + h->tags_off);
    pol->exclusive = pol->conflicts + (uint64_t)h->n_tags * words;
    pol->serial = h->serial;
    pol->flags = h->flags;
    pol->n_profiles = h->n_profiles;
    pol->n_domains = h->n_domains;
    pol->n_tags = h->n_tags;
    pol->tag_words = words;
    pol->default_profile = h->default_profile;
    pol->default_max_violations = h->default_max_violations;
    pol->default_action = h->default_action;
}

static int check_profiles(struct xng_policy *pol)
{
    uint32_t i;
    int rc;

    for ( i = 0; i < pol->n_profiles; i++ )
    {
        rc = check_profile(pol, &pol->profiles[i]);
        if ( rc )
            return rc;
    }

    return 0;
}

static int check_domains(struct xng_policy *pol)
{
    uint32_t i;

    for ( i = 0; i < pol->n_domains; i++ )
    {
        const struct xng_blob_domain *d = &pol->domains[i];

        if ( d->profile >= pol->n_profiles )
            return fail(pol, -ERANGE, "domain profile index out of range");
        if ( d->tag != XNG_TAG_NONE && d->tag >= pol->n_tags )
            return fail(pol, -ERANGE, "domain tag index out of range");
        if ( i > 0 && xng_memcmp(d[-1].uuid, d->uuid, 16) >= 0 )
            return fail(pol, -EINVAL, "domain UUIDs not sorted and unique");
    }

    return 0;
}

int xng_blob_parse(struct xng_policy *pol, const void *buf, size_t len)
{
    const struct xng_blob_header *h = buf;
    int rc;

    if ( !pol )
        return -EFAULT;
    pol->why = NULL;
    if ( !buf || ((uintptr_t)buf & 7) )
        return fail(pol, -EFAULT, "blob buffer missing or not 8-byte aligned");

    /* Each step relies only on what the steps before it checked. */
    rc = check_header_format(pol, h, len);
    if ( !rc )
        rc = check_header_limits(pol, h);
    if ( !rc )
        rc = check_sections(pol, h, len);
    if ( rc )
        return rc;
    map_blob(pol, h);
    rc = check_profiles(pol);
    if ( !rc )
        rc = check_domains(pol);
    if ( !rc )
        rc = check_tag_rows(pol);
    if ( !rc )
        rc = check_tag_symmetry(pol);

    return rc;
}

int xng_blob_check_serial(struct xng_policy *pol, uint64_t highest)
{
    if ( pol->serial < highest )
        return fail(pol, -EILSEQ,
                    "serial below that of a policy loaded since boot");
    return 0;
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
