/* test-guard.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * The hypercall guard core: blob writer and parser (including hostile
 * blobs), every verdict, the token bucket under an injected clock,
 * violation limits and permissive mode, tag conflicts, the violation ring,
 * Xen's names and the seed's violation texts.
 */

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "guard-fixture.h"
#include "xn-test.h"

#define BIT(n) (1ull << (n))
#define SEC    XNG_NS_PER_SEC
#define MSEC   (XNG_NS_PER_SEC / 1000)

static void *blob;
static size_t blob_len;
static struct xng_policy pol;

static void
setup_policy (void)
{
  blob = guard_fixture_blob (NULL, &blob_len);
  ck_assert_int_eq (xng_blob_parse (&pol, blob, blob_len), 0);
}

static void
teardown_policy (void)
{
  free (blob);
  blob = NULL;
}

static int
dom (uint8_t first)
{
  uint8_t uuid[16];

  guard_fixture_uuid (uuid, first);
  return xng_lookup_domain (&pol, uuid);
}

/* --- writer and parser ------------------------------------------------ */

START_TEST (test_round_trip)
{
  struct xng_spec spec;
  const struct xng_blob_profile *p;
  uint8_t uuid[16];
  int a, b, c, d, e;

  guard_fixture_spec (&spec);
  ck_assert_uint_eq (blob_len, xng_blob_size (&spec));
  ck_assert_uint_eq (blob_len, 64 + 3 * 160 + 5 * 24 + 4 * 2 * 8);
  ck_assert_ptr_null (pol.why);
  ck_assert_uint_eq (pol.serial, 42);
  ck_assert_uint_eq (pol.n_profiles, 3);
  ck_assert_uint_eq (pol.n_domains, 5);
  ck_assert_uint_eq (pol.n_tags, 4);
  ck_assert_uint_eq (pol.tag_words, 1);
  ck_assert_uint_eq (pol.default_profile, XNG_DEFAULT_DENY);
  ck_assert_uint_eq (pol.default_action, XNG_ACTION_DESTROY);

  /* Sorted by UUID: B (0x10), C, A, D, E. */
  b = dom (FIX_DOM_B);
  c = dom (FIX_DOM_C);
  a = dom (FIX_DOM_A);
  d = dom (FIX_DOM_D);
  e = dom (FIX_DOM_E);
  ck_assert_int_eq (b, 0);
  ck_assert_int_eq (c, 1);
  ck_assert_int_eq (a, 2);
  ck_assert_int_eq (d, 3);
  ck_assert_int_eq (e, 4);
  ck_assert_uint_eq (pol.domains[a].tag, FIX_TAG_RED);
  ck_assert_uint_eq (pol.domains[a].profile, FIX_PROFILE_REGULAR);
  ck_assert_uint_eq (pol.domains[b].profile, FIX_PROFILE_RATED);
  ck_assert_uint_eq (pol.domains[d].tag, XNG_TAG_NONE);

  /* Absent UUIDs, below, between and above the present ones. */
  ck_assert_int_eq (dom (0x00), -1);
  ck_assert_int_eq (dom (0x25), -1);
  ck_assert_int_eq (dom (0xff), -1);
  guard_fixture_uuid (uuid, FIX_DOM_A);
  uuid[15] = 1;
  ck_assert_int_eq (xng_lookup_domain (&pol, uuid), -1);

  p = &pol.profiles[FIX_PROFILE_RATED];
  ck_assert_uint_eq (p->hmax, 10);
  ck_assert_uint_eq (p->burst, 10);
  ck_assert_uint_eq (p->guest_type, XNG_GUEST_PVH);
  ck_assert_uint_eq (pol.profiles[FIX_PROFILE_PERMISSIVE].privilege,
                     XNG_PRIV_SECURITY);
}
END_TEST

static void
tweak_dup_uuid (struct xng_spec *spec)
{
  static struct xng_spec_domain d[2];

  guard_fixture_uuid (d[0].uuid, 7);
  guard_fixture_uuid (d[1].uuid, 7);
  spec->domains = d;
  spec->n_domains = 2;
}

static void
tweak_bad_conflict (struct xng_spec *spec)
{
  static const struct xng_spec_conflict c = { 1, 9, false };

  spec->conflicts = &c;
  spec->n_conflicts = 1;
}

static void
tweak_self_conflict (struct xng_spec *spec)
{
  static const struct xng_spec_conflict c = { 2, 2, true };

  spec->conflicts = &c;
  spec->n_conflicts = 1;
}

static void
tweak_bad_profile_index (struct xng_spec *spec)
{
  static struct xng_spec_domain d;

  guard_fixture_uuid (d.uuid, 7);
  d.profile = 3;
  spec->domains = &d;
  spec->n_domains = 1;
}

START_TEST (test_writer_refuses)
{
  static const struct
  {
    void (*tweak) (struct xng_spec *);
    long code;
  } cases[] = {
    { tweak_dup_uuid, -EINVAL },
    { tweak_bad_conflict, -ERANGE },
    { tweak_self_conflict, -EINVAL },
    { tweak_bad_profile_index, -ERANGE },
  };
  struct xng_spec spec;
  uint64_t buf[1024];
  const char *why;

  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guard_fixture_spec (&spec);
      cases[i].tweak (&spec);
      why = NULL;
      ck_assert_int_eq (xng_blob_write (&spec, buf, sizeof buf, &why),
                        cases[i].code);
      ck_assert_ptr_nonnull (why);
    }

  guard_fixture_spec (&spec);
  ck_assert_int_eq (xng_blob_write (&spec, buf, blob_len - 1, &why), -ENOSPC);
  ck_assert_int_eq (xng_blob_write (&spec, (char *) buf + 4, sizeof buf - 4,
                                    &why), -EFAULT);
  spec.n_tags = XNG_MAX_TAGS + 1;
  ck_assert_uint_eq (xng_blob_size (&spec), 0);
  ck_assert_int_eq (xng_blob_write (&spec, buf, sizeof buf, &why), -E2BIG);
}
END_TEST

/* No tags: the domains section is the last one in the blob. */
static void
tweak_no_tags (struct xng_spec *spec)
{
  spec->n_tags = 0;
  spec->n_conflicts = 0;
  for (size_t i = 0; i < spec->n_domains; i++)
    ((struct xng_spec_domain *) spec->domains)[i].tag = XNG_TAG_NONE;
}

START_TEST (test_domains_last_one_too_many)
{
  size_t len;
  void *b = guard_fixture_blob (tweak_no_tags, &len);
  struct xng_blob_header *h = b;
  struct xng_policy p;

  ck_assert_int_eq (xng_blob_parse (&p, b, len), 0);
  ck_assert_uint_eq (h->domains_off + h->n_domains * sizeof (struct xng_blob_domain), len);
  h->n_domains++;
  xng_blob_seal (b, len);
  ck_assert_int_eq (xng_blob_parse (&p, b, len), -EINVAL);
  ck_assert_str_eq (p.why, "section extends beyond the blob");
  free (b);
}
END_TEST

/* Anti-rollback in the hypervisor: an older serial is refused, the same
 * or a newer one taken. */
START_TEST (test_serial_floor)
{
  ck_assert_uint_eq (pol.serial, 42);
  ck_assert_int_eq (xng_blob_check_serial (&pol, 0), 0);
  ck_assert_int_eq (xng_blob_check_serial (&pol, 41), 0);
  ck_assert_int_eq (xng_blob_check_serial (&pol, 42), 0);
  pol.why = NULL;
  ck_assert_int_eq (xng_blob_check_serial (&pol, 43), -EILSEQ);
  ck_assert_str_eq (pol.why, "serial below that of a policy loaded since boot");
  ck_assert_str_eq (xng_strerror (-EILSEQ),
                    "blob older than a policy loaded since boot");
  ck_assert_int_eq (xng_blob_check_serial (&pol, UINT64_MAX), -EILSEQ);
}
END_TEST

START_TEST (test_truncated_everywhere)
{
  /* Each prefix in a buffer of its own size, so a read past it shows. */
  for (size_t n = 0; n < blob_len; n++)
    {
      void *copy = aligned_alloc (8, n > 0 ? (n + 7) & ~(size_t) 7 : 8);
      struct xng_policy p;

      memcpy (copy, blob, n);
      ck_assert_msg (xng_blob_parse (&p, copy, n) == -EMSGSIZE,
                     "prefix of %zu bytes not refused", n);
      ck_assert_ptr_nonnull (p.why);
      free (copy);
    }
}
END_TEST

START_TEST (test_trailing_and_alignment)
{
  uint64_t *bigger = calloc (1, blob_len + 16);
  struct xng_policy p;

  memcpy (bigger, blob, blob_len);
  ck_assert_int_eq (xng_blob_parse (&p, bigger, blob_len + 8), -EMSGSIZE);
  ck_assert_int_eq (xng_blob_parse (&p, NULL, blob_len), -EFAULT);
  memmove ((char *) bigger + 4, bigger, blob_len);
  ck_assert_int_eq (xng_blob_parse (&p, (char *) bigger + 4, blob_len),
                    -EFAULT);
  ck_assert_int_eq (xng_blob_parse (NULL, blob, blob_len), -EFAULT);
  free (bigger);
}
END_TEST

/* A corruption of a valid blob and the code the parser must answer. */
struct corruption
{
  const char *what;
  size_t      offset;     /* of the field; see where */
  int         where;      /* 0 header, 1 profile 0, 2 domain 0, 3 tags */
  int         width;      /* bytes: 1, 2, 4 or 8 */
  uint64_t    value;      /* stored; or XORed when xor */
  bool        xor;
  bool        reseal;     /* recompute the checksum afterwards */
  int         code;
  const char *why;        /* in the parser's reason */
};

#define H(f) offsetof (struct xng_blob_header, f)
#define P(f) offsetof (struct xng_blob_profile, f)
#define D(f) offsetof (struct xng_blob_domain, f)

static const struct corruption corruptions[] = {
  { "magic", H (magic), 0, 1, 'Y', false, true, -EINVAL,
    "bad magic" },
  { "version", H (version), 0, 2, 2, false, true, -EOPNOTSUPP,
    "unsupported blob version" },
  { "version zero", H (version), 0, 2, 0, false, true, -EOPNOTSUPP,
    "unsupported blob version" },
  { "header_len", H (header_len), 0, 2, 72, false, true, -EINVAL,
    "bad header length" },
  { "flags", H (flags), 0, 4, 1u << 7, false, true, -EOPNOTSUPP,
    "unknown blob flags" },
  { "checksum", H (checksum), 0, 4, 1, true, false, -EBADMSG,
    "checksum mismatch" },
  { "serial unsealed", H (serial), 0, 8, 43, false, false, -EBADMSG,
    "checksum mismatch" },
  { "total_len", H (total_len), 0, 4, 8, true, true, -EMSGSIZE,
    "differs from total_len" },
  { "n_profiles over limit", H (n_profiles), 0, 4, 4097, false, true, -E2BIG,
    "too many profiles" },
  { "n_profiles huge", H (n_profiles), 0, 4, 0xffffffff, false, true, -E2BIG,
    "too many profiles" },
  { "n_profiles past end", H (n_profiles), 0, 4, 100, false, true, -EINVAL,
    "section extends beyond the blob" },
  { "n_domains over limit", H (n_domains), 0, 4, 65537, false, true, -E2BIG,
    "too many domains" },
  { "n_domains huge", H (n_domains), 0, 4, 0xffffffff, false, true, -E2BIG,
    "too many domains" },
  { "n_domains past end", H (n_domains), 0, 4, 1000, false, true, -EINVAL,
    "section extends beyond the blob" },
  { "n_tags over limit", H (n_tags), 0, 4, 1025, false, true, -E2BIG,
    "too many tags" },
  { "n_tags past end", H (n_tags), 0, 4, 1024, false, true, -EINVAL,
    "section extends beyond the blob" },
  { "profiles_off outside", H (profiles_off), 0, 4, 0xfffffff8, false, true,
    -EINVAL, "section extends beyond the blob" },
  { "profiles_off misaligned", H (profiles_off), 0, 4, 68, false, true,
    -EINVAL, "not 8-byte aligned" },
  { "profiles_off in header", H (profiles_off), 0, 4, 0, false, true,
    -EINVAL, "sections overlap" },
  { "domains_off on profiles", H (domains_off), 0, 4, 64, false, true,
    -EINVAL, "sections overlap" },
  { "domains_off moved onto tags", H (domains_off), 0, 4, 8, true, true,
    -EINVAL, "sections overlap" },
  { "tags_off outside", H (tags_off), 0, 4, 0x80000000, false, true,
    -EINVAL, "section extends beyond the blob" },
  { "tags_off on domains", H (tags_off), 0, 4, 64 + 3 * 160, false, true,
    -EINVAL, "sections overlap" },
  { "default_profile", H (default_profile), 0, 4, 3, false, true, -ERANGE,
    "default profile index out of range" },
  { "default_action zero", H (default_action), 0, 1, 0, false, true,
    -ERANGE, "default action out of range" },
  { "default_action high", H (default_action), 0, 1, 4, false, true,
    -ERANGE, "default action out of range" },
  { "header reserved", H (reserved), 0, 1, 1, false, true, -EINVAL,
    "header reserved bytes not zero" },
  { "profile action", P (action), 1, 1, 0, false, true, -ERANGE,
    "profile action out of range" },
  { "profile privilege", P (privilege), 1, 1, 3, false, true, -ERANGE,
    "profile privilege out of range" },
  { "profile guest_type", P (guest_type), 1, 1, 4, false, true, -ERANGE,
    "profile guest type out of range" },
  { "profile flags", P (flags), 1, 1, 0x80, false, true, -EOPNOTSUPP,
    "unknown profile flags" },
  { "profile reserved", P (reserved) + 6, 1, 1, 1, false, true, -EINVAL,
    "profile reserved bytes not zero" },
  { "profile rate without burst", P (hmax), 1, 8, 5, false, true, -ERANGE,
    "rate limit has no burst" },
  { "domain profile", D (profile), 2, 4, 3, false, true, -ERANGE,
    "domain profile index out of range" },
  { "domain tag", D (tag), 2, 4, 4, false, true, -ERANGE,
    "domain tag index out of range" },
  { "domain UUID order", D (uuid), 2, 1, 0x60, false, true, -EINVAL,
    "not sorted and unique" },
  { "domain UUID repeated", D (uuid), 2, 1, 0x20, false, true, -EINVAL,
    "not sorted and unique" },
  { "conflict asymmetric", 0, 3, 8, BIT (2), true, true, -EINVAL,
    "not symmetric" },
  { "conflict with itself", 0, 3, 8, BIT (0), true, true, -EINVAL,
    "conflicts with itself" },
  { "conflict beyond n_tags", 0, 3, 8, BIT (9), true, true, -ERANGE,
    "past n_tags" },
  { "exclusive without conflict", 4 * 8 + 8, 3, 8, BIT (2), true, true,
    -EINVAL, "exclusive tag pair not in conflict" },
  { "profile allows sched_op_compat", P (hcalls), 1, 8, BIT (6), true, true,
    -ERANGE, "legacy hypercall" },
  { "profile allows event_channel_op_compat", P (hcalls), 1, 8, BIT (16),
    true, true, -ERANGE, "legacy hypercall" },
  { "profile allows physdev_op_compat", P (hcalls), 1, 8, BIT (19), true,
    true, -ERANGE, "legacy hypercall" },
};

START_TEST (test_corrupted)
{
  const struct corruption *c = &corruptions[_i];
  const struct xng_blob_header *h = blob;
  uint8_t *b = blob;
  size_t at = c->offset;
  uint64_t v = 0;
  struct xng_policy p;
  int rc;

  if (c->where == 1)
    at += h->profiles_off;
  else if (c->where == 2)
    at += h->domains_off;
  else if (c->where == 3)
    at += h->tags_off;

  memcpy (&v, b + at, c->width);
  v = c->xor ? v ^ c->value : c->value;
  memcpy (b + at, &v, c->width);
  if (c->reseal)
    xng_blob_seal (blob, blob_len);

  rc = xng_blob_parse (&p, blob, blob_len);
  ck_assert_msg (rc == c->code, "%s: got %d (%s), expected %d", c->what, rc,
                 p.why ? p.why : "no reason", c->code);
  ck_assert_ptr_nonnull (p.why);
  ck_assert_msg (strstr (p.why, c->why) != NULL,
                 "%s: reason \"%s\", expected one with \"%s\"", c->what,
                 p.why, c->why);
  ck_assert_str_ne (xng_strerror (rc), "unknown error");
}
END_TEST

/* --- decisions -------------------------------------------------------- */

static enum xng_verdict
check (struct xng_dom_state *st, int d, unsigned int hc, unsigned long op,
       uint64_t now, struct xng_violation *out)
{
  memset (out, 0xaa, sizeof *out);
  return xng_check_hypercall (&pol, st, d, hc, op, now, out);
}

START_TEST (test_verdicts)
{
  struct xng_dom_state st = { 0 };
  struct xng_violation v;
  int a = dom (FIX_DOM_A);

  ck_assert_int_eq (check (&st, a, 18, 0, 0, &v), XNG_ALLOW);
  ck_assert_int_eq (check (&st, a, XNG_HC_XEN_VERSION, 0, 0, &v), XNG_ALLOW);

  ck_assert_int_eq (check (&st, a, 36, 0, 0, &v), XNG_DENY_HYPERCALL);
  ck_assert_int_eq (v.reason, XNG_DENY_HYPERCALL);
  ck_assert_uint_eq (v.hcall, 36);
  ck_assert_int_eq (v.dom_index, a);
  ck_assert_uint_eq (v.uuid[0], FIX_DOM_A);
  ck_assert_uint_eq (v.deny, 1);
  ck_assert_uint_eq (v.permissive, 0);
  ck_assert_uint_eq (v.violations, 1);

  /* Numbers beyond Xen's 64 hypercalls. */
  ck_assert_int_eq (check (&st, a, 64, 0, 0, &v), XNG_DENY_HYPERCALL);
  ck_assert_int_eq (check (&st, a, 0xffffffffu, 0, 0, &v),
                    XNG_DENY_HYPERCALL);

  ck_assert_int_eq (check (&st, a, XNG_HC_XEN_VERSION, 1, 5 * SEC, &v),
                    XNG_DENY_SUBOP);
  ck_assert_uint_eq (v.subop, 1);
  ck_assert_uint_eq (v.time_ns, 5 * SEC);
  ck_assert_uint_eq (v.violations, 4);
}
END_TEST

START_TEST (test_subops)
{
  struct xng_dom_state st = { 0 };
  struct xng_violation v;
  int a = dom (FIX_DOM_A);

  for (unsigned int op = 0; op <= 8; op++)
    ck_assert_int_eq (check (&st, a, XNG_HC_MEMORY_OP, op, 0, &v), XNG_ALLOW);
  ck_assert_int_eq (check (&st, a, XNG_HC_MEMORY_OP, 9, 0, &v),
                    XNG_DENY_SUBOP);
  ck_assert_uint_eq (v.subop, 9);

  /* memory_op keeps a continuation above bit 6: Xen sees op 3, then 9. */
  ck_assert_int_eq (check (&st, a, XNG_HC_MEMORY_OP, (77ul << 6) | 3, 0, &v),
                    XNG_ALLOW);
  ck_assert_int_eq (check (&st, a, XNG_HC_MEMORY_OP, (77ul << 6) | 9, 0, &v),
                    XNG_DENY_SUBOP);
  ck_assert_uint_eq (v.subop, 9);

  /* xen_version takes an int: the upper half cannot smuggle op 1 in, nor
   * turn the allowed op 0 into a refused one. */
  ck_assert_int_eq (check (&st, a, XNG_HC_XEN_VERSION, 0x100000000ul, 0, &v),
                    XNG_ALLOW);
  ck_assert_int_eq (check (&st, a, XNG_HC_XEN_VERSION, 0x100000001ul, 0, &v),
                    XNG_DENY_SUBOP);

  /* Beyond the 128 sub-ops a profile can name: refused... */
  ck_assert_int_eq (check (&st, a, XNG_HC_EVENT_CHANNEL_OP, 13, 0, &v),
                    XNG_ALLOW);
  ck_assert_int_eq (check (&st, a, XNG_HC_EVENT_CHANNEL_OP, 14, 0, &v),
                    XNG_DENY_SUBOP);
  ck_assert_int_eq (check (&st, a, XNG_HC_EVENT_CHANNEL_OP, 128, 0, &v),
                    XNG_DENY_SUBOP);
  ck_assert_uint_eq (v.subop, 128);
  ck_assert_int_eq (check (&st, a, XNG_HC_EVENT_CHANNEL_OP, -1ul, 0, &v),
                    XNG_DENY_SUBOP);

  /* ...unless the profile allows all sub-ops of that hypercall. */
  ck_assert_int_eq (check (&st, a, XNG_HC_GRANT_TABLE_OP, 5, 0, &v),
                    XNG_ALLOW);
  ck_assert_int_eq (check (&st, a, XNG_HC_GRANT_TABLE_OP, 4000, 0, &v),
                    XNG_ALLOW);
  ck_assert_int_eq (check (&st, a, XNG_HC_VCPU_OP, 0x7fffffff, 0, &v),
                    XNG_ALLOW);

  /* Sub-op filters apply only to allowed hypercalls. */
  ck_assert_int_eq (check (&st, a, XNG_HC_HVM_OP, 0, 0, &v),
                    XNG_DENY_HYPERCALL);

  ck_assert_uint_eq (xng_subop_normalise (XNG_HC_GRANT_TABLE_OP, 0x3005), 5);
  ck_assert_uint_eq (xng_subop_normalise (36, 0x3005), 0x3005);
}
END_TEST

/* Event channel sub-op 100 allowed: bit 36 of the second word. */
static void
tweak_high_subop (struct xng_spec *spec)
{
  struct xng_spec_profile *p = (struct xng_spec_profile *) &spec->profiles[FIX_PROFILE_REGULAR];

  p->subops[XNG_MUX_EVENT_CHANNEL_OP][1] |= BIT (100 - 64);
}

START_TEST (test_subops_high)
{
  struct xng_dom_state st = { 0 };
  struct xng_violation v;
  size_t len;
  void *b = guard_fixture_blob (tweak_high_subop, &len);
  struct xng_policy p;
  int a;

  ck_assert_int_eq (xng_blob_parse (&p, b, len), 0);
  a = xng_lookup_domain (&p, (uint8_t[16]) { FIX_DOM_A });
  /* 64-127 are in the second word: a reader of the wrong word would take
   * 77 for the allowed 13, or 36 for the allowed 100. */
  ck_assert_int_eq (xng_check_hypercall (&p, &st, a, XNG_HC_EVENT_CHANNEL_OP,
                                         13, 0, &v), XNG_ALLOW);
  ck_assert_int_eq (xng_check_hypercall (&p, &st, a, XNG_HC_EVENT_CHANNEL_OP,
                                         77, 0, &v), XNG_DENY_SUBOP);
  ck_assert_uint_eq (v.subop, 77);
  ck_assert_int_eq (xng_check_hypercall (&p, &st, a, XNG_HC_EVENT_CHANNEL_OP,
                                         64, 0, &v), XNG_DENY_SUBOP);
  ck_assert_int_eq (xng_check_hypercall (&p, &st, a, XNG_HC_EVENT_CHANNEL_OP,
                                         100, 0, &v), XNG_ALLOW);
  ck_assert_int_eq (xng_check_hypercall (&p, &st, a, XNG_HC_EVENT_CHANNEL_OP,
                                         36, 0, &v), XNG_DENY_SUBOP);
  ck_assert_int_eq (xng_check_hypercall (&p, &st, a, XNG_HC_EVENT_CHANNEL_OP,
                                         127, 0, &v), XNG_DENY_SUBOP);
  free (b);
}
END_TEST

/* The legacy hypercalls are outside every profile a blob may hold, so a
 * guest's call is a hypercall violation, whatever its sub-op. */
START_TEST (test_legacy_hypercalls)
{
  static const unsigned int legacy[] = { 6, 16, 19 };
  struct xng_dom_state st = { 0 };
  struct xng_violation v;
  int a = dom (FIX_DOM_A);

  for (size_t i = 0; i < G_N_ELEMENTS (legacy); i++)
    {
      ck_assert_int_eq (check (&st, a, legacy[i], 0, 0, &v),
                        XNG_DENY_HYPERCALL);
      ck_assert_uint_eq (v.hcall, legacy[i]);
      ck_assert_uint_eq (v.deny, 1);
      ck_assert (XNG_HCALLS_LEGACY & BIT (legacy[i]));
    }
}
END_TEST

START_TEST (test_unknown_domain)
{
  struct xng_dom_state st = { 0 };
  struct xng_violation v;

  ck_assert_int_eq (check (&st, -1, 18, 0, 0, &v), XNG_DENY_UNKNOWN_DOMAIN);
  ck_assert_int_eq (v.dom_index, -1);
  ck_assert_uint_eq (v.uuid[0], 0);
  ck_assert_uint_eq (v.deny, 1);
  /* default_max_violations 0: the first violation asks for the action. */
  ck_assert_uint_eq (v.action, XNG_ACTION_DESTROY);
  ck_assert_int_eq (check (&st, -1, 18, 0, 0, &v), XNG_DENY_UNKNOWN_DOMAIN);
  ck_assert_uint_eq (v.action, XNG_ACTION_NONE);

  /* An index from an older, larger policy is not trusted. */
  memset (&st, 0, sizeof st);
  ck_assert_int_eq (check (&st, FIX_N_DOMAINS, 18, 0, 0, &v),
                    XNG_DENY_UNKNOWN_DOMAIN);
  ck_assert_int_eq (check (&st, 1 << 30, 18, 0, 0, &v),
                    XNG_DENY_UNKNOWN_DOMAIN);
}
END_TEST

static void
tweak_default_profile (struct xng_spec *spec)
{
  spec->default_profile = FIX_PROFILE_REGULAR;
}

START_TEST (test_unknown_domain_default_profile)
{
  struct xng_dom_state st = { 0 };
  struct xng_violation v;
  struct xng_policy p;
  size_t len;
  void *b = guard_fixture_blob (tweak_default_profile, &len);

  ck_assert_int_eq (xng_blob_parse (&p, b, len), 0);
  ck_assert_int_eq (xng_check_hypercall (&p, &st, -1, 18, 0, 0, &v),
                    XNG_ALLOW);
  ck_assert_int_eq (xng_check_hypercall (&p, &st, -1, 36, 0, 0, &v),
                    XNG_DENY_HYPERCALL);
  ck_assert_int_eq (v.dom_index, -1);
  ck_assert_int_eq (xng_check_hypercall (&p, &st, -1, XNG_HC_MEMORY_OP, 9, 0,
                                         &v), XNG_DENY_SUBOP);
  /* With a default profile an unknown domain has no tag. */
  ck_assert (xng_channel_allowed (&p, -1, 2));
  free (b);
}
END_TEST

START_TEST (test_max_violations)
{
  struct xng_dom_state st = { 0 };
  struct xng_violation v;
  int a = dom (FIX_DOM_A), actions = 0;

  /* Regular: 2 violations tolerated, the third pauses, once. */
  for (int i = 1; i <= 10; i++)
    {
      ck_assert_int_eq (check (&st, a, 36, 0, i, &v), XNG_DENY_HYPERCALL);
      ck_assert_uint_eq (v.violations, i);
      if (i == 3)
        ck_assert_uint_eq (v.action, XNG_ACTION_PAUSE);
      else
        ck_assert_uint_eq (v.action, XNG_ACTION_NONE);
      actions += v.action != XNG_ACTION_NONE;
    }
  ck_assert_int_eq (actions, 1);

  /* Allowed calls neither count nor act. */
  ck_assert_int_eq (check (&st, a, 18, 0, 11, &v), XNG_ALLOW);
  ck_assert_uint_eq (st.violations, 10);
}
END_TEST

/* After a controller's unpause the limit acts again, from zero; an
 * unpause of a domain the guard did not act on changes nothing. */
START_TEST (test_rearm)
{
  struct xng_dom_state st = { 0 };
  struct xng_violation v;
  int a = dom (FIX_DOM_A);

  for (int i = 1; i <= 3; i++)
    check (&st, a, 36, 0, i, &v);
  ck_assert_uint_eq (v.action, XNG_ACTION_PAUSE);
  check (&st, a, 36, 0, 4, &v);
  ck_assert_uint_eq (v.action, XNG_ACTION_NONE);
  ck_assert (xng_rearm (&st));
  ck_assert_uint_eq (st.violations, 0);
  for (int i = 1; i <= 3; i++)
    {
      check (&st, a, 36, 0, 10 + i, &v);
      ck_assert_uint_eq (v.violations, i);
      ck_assert_uint_eq (v.action, i == 3 ? XNG_ACTION_PAUSE : XNG_ACTION_NONE);
    }
  /* Not acted on since: nothing to re-arm, the count stays. */
  ck_assert (xng_rearm (&st));
  check (&st, a, 36, 0, 20, &v);
  ck_assert (!xng_rearm (&st));
  ck_assert_uint_eq (st.violations, 1);
}
END_TEST

START_TEST (test_permissive)
{
  struct xng_dom_state st = { 0 };
  struct xng_violation v;
  int c = dom (FIX_DOM_C);

  ck_assert_int_eq (check (&st, c, XNG_HC_XEN_VERSION, 0, 0, &v), XNG_ALLOW);
  /* Recorded with its reason, not denied, no action although the
   * profile's limit is 0 and its action is destroy. */
  ck_assert_int_eq (check (&st, c, 36, 0, 0, &v), XNG_DENY_HYPERCALL);
  ck_assert_uint_eq (v.deny, 0);
  ck_assert_uint_eq (v.permissive, 1);
  ck_assert_uint_eq (v.action, XNG_ACTION_NONE);
  ck_assert_uint_eq (v.violations, 1);
  ck_assert_int_eq (check (&st, c, XNG_HC_XEN_VERSION, 1, 0, &v),
                    XNG_DENY_SUBOP);
  ck_assert_uint_eq (v.deny, 0);
  ck_assert_uint_eq (v.violations, 2);
}
END_TEST

static void
tweak_permissive_blob (struct xng_spec *spec)
{
  spec->flags = XNG_BLOB_F_PERMISSIVE;
}

START_TEST (test_permissive_blob)
{
  struct xng_dom_state st = { 0 };
  struct xng_violation v;
  struct xng_policy p;
  size_t len;
  void *b = guard_fixture_blob (tweak_permissive_blob, &len);

  ck_assert_int_eq (xng_blob_parse (&p, b, len), 0);
  for (int i = 0; i < 5; i++)
    {
      ck_assert_int_eq (xng_check_hypercall (&p, &st, 2, 36, 0, 0, &v),
                        XNG_DENY_HYPERCALL);
      ck_assert_uint_eq (v.deny, 0);
      ck_assert_uint_eq (v.action, XNG_ACTION_NONE);
    }
  memset (&st, 0, sizeof st);
  ck_assert_int_eq (xng_check_hypercall (&p, &st, -1, 18, 0, 0, &v),
                    XNG_DENY_UNKNOWN_DOMAIN);
  ck_assert_uint_eq (v.deny, 0);
  ck_assert_uint_eq (v.action, XNG_ACTION_NONE);
  free (b);
}
END_TEST

/* Calls console_io until one is refused; returns how many passed. */
static int
allowed_now (struct xng_dom_state *st, int d, uint64_t now)
{
  struct xng_violation v;
  int n = 0;

  while (xng_check_hypercall (&pol, st, d, 18, 0, now, &v) == XNG_ALLOW)
    {
      n++;
      ck_assert_int_lt (n, 1000);
    }
  ck_assert_uint_eq (v.reason, XNG_DENY_RATE);
  return n;
}

START_TEST (test_rate_burst_and_refill)
{
  struct xng_dom_state st = { 0 };
  struct xng_violation v;
  uint64_t t = 1000 * SEC;
  int b = dom (FIX_DOM_B);

  /* A full bucket: the burst of 10, then the 11th is refused. */
  ck_assert_int_eq (allowed_now (&st, b, t), 10);
  ck_assert_int_eq (check (&st, b, 18, 0, t, &v), XNG_DENY_RATE);
  ck_assert_uint_eq (v.hmax, 10);
  ck_assert_uint_eq (v.hrate, 12);
  ck_assert_uint_eq (v.deny, 1);
  ck_assert_uint_eq (v.action, XNG_ACTION_NONE);   /* unlimited: log */

  /* 10 per second: one call per 100 ms, none before. */
  ck_assert_int_eq (allowed_now (&st, b, t + 99 * MSEC), 0);
  ck_assert_int_eq (allowed_now (&st, b, t + 100 * MSEC), 1);
  ck_assert_int_eq (allowed_now (&st, b, t + 350 * MSEC), 2);
  ck_assert_int_eq (allowed_now (&st, b, t + 400 * MSEC), 1);

  /* Long idle refills to the burst, never beyond. */
  ck_assert_int_eq (allowed_now (&st, b, t + 3600 * SEC), 10);
  ck_assert_int_eq (allowed_now (&st, b, UINT64_MAX / 2), 10);
  ck_assert_int_eq (allowed_now (&st, b, UINT64_MAX), 10);
}
END_TEST

/* Only a rate-limited profile reads the clock: the others decide the
 * same without it. */
START_TEST (test_needs_clock)
{
  struct xng_dom_state st = { 0 }, st0 = { 0 };
  struct xng_violation v, v0;
  int a = dom (FIX_DOM_A), b = dom (FIX_DOM_B);

  ck_assert (!xng_needs_clock (&pol, a));
  ck_assert (xng_needs_clock (&pol, b));
  ck_assert (!xng_needs_clock (&pol, -1));       /* unknown: denied */
  ck_assert (!xng_needs_clock (&pol, 1000));     /* stale index */
  for (unsigned int op = 0; op < 12; op++)
    {
      enum xng_verdict with = check (&st, a, XNG_HC_MEMORY_OP, op, 5 * SEC, &v);
      enum xng_verdict without = check (&st0, a, XNG_HC_MEMORY_OP, op, 0, &v0);

      ck_assert_int_eq (with, without);
      ck_assert_uint_eq (st.violations, st0.violations);
    }
}
END_TEST

/* The stateless answer (a copy of the profile xng_stateless_profile()
 * names) is xng_check_hypercall()'s for every domain kind
 * (regular, permissive, rated, unknown, stale index), every hypercall
 * number and sub-ops on both words of a mux, and never on a state it
 * would have changed: a rated profile always asks for the full check. */
START_TEST (test_allowed_stateless)
{
  static const uint8_t doms[] = { FIX_DOM_A, FIX_DOM_B, FIX_DOM_C, FIX_DOM_D };
  static const unsigned long subops[] = { 0, 1, 3, 6, 63, 64, 100, 127, 128,
                                          (1ul << 32) | 1, (1ul << 40) | 64 };
  int allowed = 0, asked = 0;

  for (size_t i = 0; i < G_N_ELEMENTS (doms) + 2; i++)
    {
      int d = i < G_N_ELEMENTS (doms) ? dom (doms[i])
              : i == G_N_ELEMENTS (doms) ? -1 : 1000;

      for (unsigned int hc = 0; hc < 66; hc++)
        for (size_t k = 0; k < G_N_ELEMENTS (subops); k++)
          {
            struct xng_dom_state st = { 0 }, st0;
            struct xng_violation v;
            const struct xng_blob_profile *p = xng_stateless_profile (&pol, d);
            /* Xen answers from its own copy of the profile. */
            struct xng_blob_profile copy = p ? *p : (struct xng_blob_profile) { 0 };
            bool quick = p && xng_profile_allows (&copy, hc, subops[k]);
            enum xng_verdict verdict;

            xng_check_hypercall (&pol, &st, d, hc, subops[k], SEC, &v);
            st0 = st;
            verdict = check (&st, d, hc, subops[k], SEC, &v);
            if (quick)
              {
                ck_assert_int_eq (verdict, XNG_ALLOW);
                ck_assert_mem_eq (&st, &st0, sizeof st);
                allowed++;
              }
            else if (verdict == XNG_ALLOW)
              {
                /* Only a rate limit, or a domain the blob does not name,
                 * sends an allowed call the long way. */
                ck_assert (xng_needs_clock (&pol, d) || d < 0 || d >= 1000);
                asked++;
              }
          }
    }
  ck_assert_int_gt (allowed, 100);
  ck_assert_int_gt (asked, 10);
}
END_TEST

/* The fixture's regular profile is for PV guests, rated for PVH,
 * permissive for HVM; one for any type is made by a tweak. */
static void
tweak_any_type (struct xng_spec *spec)
{
  ((struct xng_spec_profile *) &spec->profiles[FIX_PROFILE_RATED])->guest_type = XNG_GUEST_ANY;
}

START_TEST (test_guest_type)
{
  int a = dom (FIX_DOM_A), b = dom (FIX_DOM_B), c = dom (FIX_DOM_C);
  size_t len;
  void *any = guard_fixture_blob (tweak_any_type, &len);
  struct xng_policy p;

  ck_assert (xng_guest_type_allowed (&pol, a, XNG_GUEST_PV));
  ck_assert (!xng_guest_type_allowed (&pol, a, XNG_GUEST_HVM));
  ck_assert (!xng_guest_type_allowed (&pol, a, XNG_GUEST_PVH));
  ck_assert (xng_guest_type_allowed (&pol, b, XNG_GUEST_PVH));
  ck_assert (!xng_guest_type_allowed (&pol, b, XNG_GUEST_PV));
  ck_assert (xng_guest_type_allowed (&pol, c, XNG_GUEST_HVM));
  /* Not in the policy, which denies such domains everything: it may
   * run, and do nothing. */
  ck_assert (xng_guest_type_allowed (&pol, -1, XNG_GUEST_HVM));

  ck_assert_int_eq (xng_blob_parse (&p, any, len), 0);
  for (int t = XNG_GUEST_PV; t <= XNG_GUEST_HVM; t++)
    ck_assert (xng_guest_type_allowed (&p, xng_lookup_domain (&p, (uint8_t[16]) { FIX_DOM_B }), t));
  free (any);
}
END_TEST

/* The fixture's regular and rated profiles are regular, the permissive
 * one security; a tweak makes the rated one management. */
static void
tweak_management (struct xng_spec *spec)
{
  ((struct xng_spec_profile *) &spec->profiles[FIX_PROFILE_RATED])->privilege = XNG_PRIV_MANAGEMENT;
}

START_TEST (test_privilege)
{
  int a = dom (FIX_DOM_A), b = dom (FIX_DOM_B), c = dom (FIX_DOM_C);
  size_t len;
  void *mgmt = guard_fixture_blob (tweak_management, &len);
  struct xng_policy p;

  /* Regular: no privilege beyond a guest's. */
  ck_assert (xng_privilege_allowed (&pol, a, XNG_PRIV_REGULAR));
  ck_assert (!xng_privilege_allowed (&pol, a, XNG_PRIV_SECURITY));
  ck_assert (!xng_privilege_allowed (&pol, a, XNG_PRIV_MANAGEMENT));
  /* Security: a device model, not a hardware or xenstore domain. */
  ck_assert (xng_privilege_allowed (&pol, c, XNG_PRIV_REGULAR));
  ck_assert (xng_privilege_allowed (&pol, c, XNG_PRIV_SECURITY));
  ck_assert (!xng_privilege_allowed (&pol, c, XNG_PRIV_MANAGEMENT));
  /* A privilege the guard does not know is refused. */
  ck_assert (!xng_privilege_allowed (&pol, c, (enum xng_privilege) 3));
  /* Not in the policy, which denies such domains everything: no
   * privilege, though it may run as a guest. */
  ck_assert (xng_privilege_allowed (&pol, -1, XNG_PRIV_REGULAR));
  ck_assert (!xng_privilege_allowed (&pol, -1, XNG_PRIV_SECURITY));

  /* Management: every privilege. */
  ck_assert_int_eq (xng_blob_parse (&p, mgmt, len), 0);
  for (int pr = XNG_PRIV_REGULAR; pr <= XNG_PRIV_SECURITY; pr++)
    ck_assert (xng_privilege_allowed (&p, xng_lookup_domain (&p, (uint8_t[16]) { FIX_DOM_B }), pr));
  ck_assert (!xng_privilege_allowed (&pol, b, XNG_PRIV_SECURITY));
  free (mgmt);
}
END_TEST

START_TEST (test_rate_clock_backwards)
{
  struct xng_dom_state st = { 0 };
  uint64_t t = 50 * SEC;
  int b = dom (FIX_DOM_B);

  ck_assert_int_eq (allowed_now (&st, b, t), 10);
  /* Time running back grants nothing, now or when it comes back. */
  ck_assert_int_eq (allowed_now (&st, b, t - 5 * SEC), 0);
  ck_assert_int_eq (allowed_now (&st, b, 0), 0);
  ck_assert_int_eq (allowed_now (&st, b, t + 50 * MSEC), 0);
  ck_assert_int_eq (allowed_now (&st, b, t + 100 * MSEC), 1);
}
END_TEST

START_TEST (test_rate_hrate_message)
{
  struct xng_dom_state st = { 0 };
  struct xng_violation v;
  char text[64];
  uint64_t t = 7 * SEC;
  int b = dom (FIX_DOM_B);

  for (int i = 1; i <= 16; i++)
    check (&st, b, 18, 0, t + i * MSEC, &v);
  ck_assert_uint_eq (v.reason, XNG_DENY_RATE);
  ck_assert_uint_eq (v.hrate, 16);
  xng_format_violation (&v, text, sizeof text);
  ck_assert_str_eq (text, "hmax=10, hrate=16");
  ck_assert_str_eq (xng_verdict_reason (v.reason), "hypercall rate exceeded");

  /* A new second starts a new count. */
  ck_assert_int_eq (check (&st, b, 18, 0, t + 2 * SEC, &v), XNG_ALLOW);
  ck_assert_uint_eq (st.window_calls, 1);
}
END_TEST

/* --- tags ------------------------------------------------------------- */

START_TEST (test_channels)
{
  int a = dom (FIX_DOM_A), b = dom (FIX_DOM_B), c = dom (FIX_DOM_C);
  int d = dom (FIX_DOM_D), e = dom (FIX_DOM_E);

  ck_assert (!xng_channel_allowed (&pol, a, b));      /* RED-BLUE */
  ck_assert (!xng_channel_allowed (&pol, b, a));
  ck_assert (!xng_channel_allowed (&pol, e, c));      /* BLACK-RED */
  ck_assert (xng_channel_allowed (&pol, a, c));       /* same tag */
  ck_assert (xng_channel_allowed (&pol, a, a));
  ck_assert (xng_channel_allowed (&pol, b, e));       /* BLUE-BLACK */
  ck_assert (xng_channel_allowed (&pol, a, d));       /* no tag */
  ck_assert (xng_channel_allowed (&pol, d, e));
  /* Unknown domains talk to nobody under a deny-all default. */
  ck_assert (!xng_channel_allowed (&pol, -1, a));
  ck_assert (!xng_channel_allowed (&pol, a, FIX_N_DOMAINS));

  ck_assert (xng_may_run_together (&pol, FIX_TAG_RED, FIX_TAG_BLUE));
  ck_assert (!xng_may_run_together (&pol, FIX_TAG_RED, FIX_TAG_BLACK));
  ck_assert (!xng_may_run_together (&pol, FIX_TAG_BLACK, FIX_TAG_RED));
  ck_assert (xng_may_run_together (&pol, FIX_TAG_RED, FIX_TAG_RED));
  ck_assert (xng_may_run_together (&pol, FIX_TAG_GREEN, FIX_TAG_BLACK));
  ck_assert (xng_may_run_together (&pol, XNG_TAG_NONE, FIX_TAG_BLACK));
  ck_assert (!xng_may_run_together (&pol, FIX_N_TAGS, FIX_TAG_GREEN));

  /* By domain, as the hypervisor asks at unpause: RED and BLACK never
   * run together; a domain outside the blob has no tag. */
  ck_assert (!xng_domains_may_run_together (&pol, e, a));
  ck_assert (!xng_domains_may_run_together (&pol, c, e));
  ck_assert (xng_domains_may_run_together (&pol, a, b));
  ck_assert (xng_domains_may_run_together (&pol, a, c));
  ck_assert (xng_domains_may_run_together (&pol, e, e));
  ck_assert (xng_domains_may_run_together (&pol, d, e));
  ck_assert (xng_domains_may_run_together (&pol, -1, e));
  ck_assert (xng_domains_may_run_together (&pol, e, FIX_N_DOMAINS));
}
END_TEST

/* --- ring ------------------------------------------------------------- */

/* Takes up to @max records as Xen's drain does: peek, then consume. */
static uint32_t
ring_drain (struct xng_ring *ring, struct xng_violation *out, uint32_t max,
            uint64_t *dropped)
{
  uint32_t n = xng_ring_peek (ring, out, max, dropped);

  xng_ring_consume (ring, n);
  return n;
}

START_TEST (test_ring)
{
  struct xng_violation slots[4], out[8], v = { 0 };
  struct xng_ring ring;
  uint64_t dropped = 99;

  ck_assert_int_eq (xng_ring_init (&ring, slots, 0), -EINVAL);
  ck_assert_int_eq (xng_ring_init (&ring, slots, 1), -EINVAL);
  ck_assert_int_eq (xng_ring_init (&ring, slots, 6), -EINVAL);
  ck_assert_int_eq (xng_ring_init (&ring, NULL, 4), -EINVAL);
  ck_assert_int_eq (xng_ring_init (&ring, slots, 4), 0);

  ck_assert_uint_eq (ring_drain (&ring, out, 8, &dropped), 0);
  ck_assert_uint_eq (dropped, 0);

  /* Six into four slots: two refused, never overwritten. */
  for (uint32_t i = 0; i < 6; i++)
    {
      v.hcall = i;
      ck_assert (xng_ring_push (&ring, &v) == (i < 4));
    }
  ck_assert_uint_eq (xng_ring_count (&ring), 4);

  ck_assert_uint_eq (ring_drain (&ring, out, 3, &dropped), 3);
  ck_assert_uint_eq (dropped, 2);
  for (uint32_t i = 0; i < 3; i++)
    {
      ck_assert_uint_eq (out[i].seq, i);
      ck_assert_uint_eq (out[i].hcall, i);
    }

  /* Room again: the next entry's seq shows the two lost before it. */
  v.hcall = 6;
  ck_assert (xng_ring_push (&ring, &v));
  ck_assert_uint_eq (ring_drain (&ring, out, 8, &dropped), 2);
  ck_assert_uint_eq (out[0].seq, 3);
  ck_assert_uint_eq (out[1].seq, 6);
  ck_assert_uint_eq (out[1].hcall, 6);
  ck_assert_uint_eq (out[1].seq - out[0].seq - 1, dropped);
  ck_assert_uint_eq (xng_ring_count (&ring), 0);

  /* Wrapping many times keeps order. */
  for (uint32_t i = 0; i < 1000; i++)
    {
      ck_assert (xng_ring_push (&ring, &v));
      ck_assert_uint_eq (ring_drain (&ring, out, 1, NULL), 1);
      ck_assert_uint_eq (out[0].seq, 7 + i);
    }
}
END_TEST

/* A ring full of plain violations still takes the records that say
 * the hypervisor acted: the last eighth of it is theirs. */
/* A reader whose copy fails loses nothing: peek leaves the entries,
 * consume takes them, never more than wait. */
START_TEST (test_ring_peek_consume)
{
  struct xng_violation slots[4], out[8], again[8], v = { 0 };
  struct xng_ring ring;
  uint64_t dropped = 99;

  ck_assert_int_eq (xng_ring_init (&ring, slots, 4), 0);
  for (uint32_t i = 0; i < 3; i++)
    {
      v.hcall = 10 + i;
      ck_assert (xng_ring_push (&ring, &v));
    }
  ck_assert_uint_eq (xng_ring_peek (&ring, out, 2, &dropped), 2);
  ck_assert_uint_eq (dropped, 0);
  ck_assert_uint_eq (xng_ring_count (&ring), 3);
  /* The copy "failed": the same entries are there again. */
  ck_assert_uint_eq (xng_ring_peek (&ring, again, 8, NULL), 3);
  ck_assert_uint_eq (again[0].seq, out[0].seq);
  ck_assert_uint_eq (again[1].hcall, 11);
  xng_ring_consume (&ring, 2);
  ck_assert_uint_eq (xng_ring_count (&ring), 1);
  ck_assert_uint_eq (xng_ring_peek (&ring, out, 8, NULL), 1);
  ck_assert_uint_eq (out[0].hcall, 12);
  /* Taking more than waits takes what waits. */
  xng_ring_consume (&ring, 7);
  ck_assert_uint_eq (xng_ring_count (&ring), 0);
  /* A full ring still refuses while entries are only peeked at. */
  for (uint32_t i = 0; i < 4; i++)
    ck_assert (xng_ring_push (&ring, &v));
  ck_assert_uint_eq (xng_ring_peek (&ring, out, 8, NULL), 4);
  ck_assert (!xng_ring_push (&ring, &v));
  ck_assert_uint_eq (ring_drain (&ring, out, 8, &dropped), 4);
  ck_assert_uint_eq (dropped, 1);
}
END_TEST

START_TEST (test_ring_action_reserve)
{
  struct xng_violation slots[16], out[16], v = { 0 };
  struct xng_ring ring;
  uint64_t dropped = 0;

  ck_assert_int_eq (xng_ring_init (&ring, slots, 16), 0);
  for (uint32_t i = 0; i < 20; i++)
    ck_assert (xng_ring_push (&ring, &v) == (i < 14));
  v.action = XNG_ACTION_PAUSE;
  ck_assert (xng_ring_push (&ring, &v));
  v.action = XNG_ACTION_DESTROY;
  ck_assert (xng_ring_push (&ring, &v));
  ck_assert (!xng_ring_push (&ring, &v));     /* truly full */
  ck_assert_uint_eq (xng_ring_count (&ring), 16);

  /* A record refused by a domain's share is counted like a full ring's,
   * and takes a seq, so the reader sees the gap. */
  xng_ring_drop (&ring);
  ck_assert_uint_eq (ring_drain (&ring, out, 16, &dropped), 16);
  ck_assert_uint_eq (dropped, 6 + 1 + 1);
  ck_assert_uint_eq (out[14].action, XNG_ACTION_PAUSE);
  ck_assert_uint_eq (out[14].seq, 20);
  ck_assert_uint_eq (out[15].action, XNG_ACTION_DESTROY);
  v.action = XNG_ACTION_NONE;
  ck_assert (xng_ring_push (&ring, &v));
  ck_assert_uint_eq (ring_drain (&ring, out, 16, NULL), 1);
  ck_assert_uint_eq (out[0].seq, 24);
}
END_TEST

/* One domain's records: its burst, then its rate; the refused ones
 * counted; an action record always taken. */
START_TEST (test_record_share)
{
  struct xng_dom_state st = { 0 };
  struct xng_violation v = { 0 };
  uint64_t t = 7 * SEC;
  unsigned int n = 0;

  while (xng_record_share (&st, &v, t))
    {
      n++;
      ck_assert_uint_lt (n, 10000);
    }
  ck_assert_uint_eq (n, XNG_RECORDS_BURST);
  ck_assert_uint_eq (st.rec_dropped, 1);
  ck_assert (!xng_record_share (&st, &v, t + 9 * MSEC));
  ck_assert (xng_record_share (&st, &v, t + 10 * MSEC));      /* 100/s */
  ck_assert (!xng_record_share (&st, &v, t + 10 * MSEC));
  v.action = XNG_ACTION_PAUSE;
  ck_assert (xng_record_share (&st, &v, t + 10 * MSEC));
  v.action = XNG_ACTION_NONE;
  ck_assert_uint_eq (st.rec_dropped, 3);
  /* A clock running back grants nothing; a long idle refills to the
   * burst, never beyond, and never overflows. */
  ck_assert (!xng_record_share (&st, &v, t));
  for (n = 0; xng_record_share (&st, &v, UINT64_MAX); n++)
    ck_assert_uint_lt (n, 10000);
  ck_assert_uint_eq (n, XNG_RECORDS_BURST);
}
END_TEST

/* --- names and texts -------------------------------------------------- */

START_TEST (test_names)
{
  ck_assert_str_eq (xng_hypercall_name (17), "xen_version");
  ck_assert_str_eq (xng_hypercall_name (12), "memory_op");
  ck_assert_str_eq (xng_hypercall_name (29), "sched_op");
  ck_assert_str_eq (xng_hypercall_name (36), "domctl");
  ck_assert_str_eq (xng_hypercall_name (42), "hypfs_op");
  ck_assert_ptr_null (xng_hypercall_name (11));
  ck_assert_ptr_null (xng_hypercall_name (64));
  ck_assert_int_eq (xng_hypercall_by_name ("xen_version"), 17);
  ck_assert_int_eq (xng_hypercall_by_name ("set_trap_table"), 0);
  ck_assert_int_eq (xng_hypercall_by_name ("xen_versio"), -1);
  ck_assert_int_eq (xng_hypercall_by_name (""), -1);
  ck_assert_int_eq (xng_hypercall_by_name (NULL), -1);

  for (unsigned int hc = 0; hc < 70; hc++)
    {
      const char *name = xng_hypercall_name (hc);

      if (name != NULL)
        ck_assert_int_eq (xng_hypercall_by_name (name), hc);
    }

  ck_assert (xng_hypercall_is_multiplexed (12));
  ck_assert (xng_hypercall_is_multiplexed (24));
  ck_assert (xng_hypercall_is_multiplexed (34));
  ck_assert (!xng_hypercall_is_multiplexed (26));   /* ops in an array */
  ck_assert (!xng_hypercall_is_multiplexed (36));
  ck_assert (!xng_hypercall_is_multiplexed (1000));

  ck_assert_str_eq (xng_subop_name (17, 1), "extraversion");
  ck_assert_str_eq (xng_subop_name (12, 9), "memory_map");
  ck_assert_str_eq (xng_subop_name (12, 28), "acquire_resource");
  ck_assert_str_eq (xng_subop_name (29, 2), "shutdown");
  ck_assert_str_eq (xng_subop_label (29, 2), "shut down");
  ck_assert_str_eq (xng_subop_label (12, 9), "memory_map");
  ck_assert_str_eq (xng_subop_name (20, 5), "copy");
  ck_assert_str_eq (xng_subop_name (32, 0), "bind_interdomain");
  ck_assert_str_eq (xng_subop_name (33, 13), "map_pirq");
  ck_assert_str_eq (xng_subop_name (34, 25), "altp2m");
  ck_assert_str_eq (xng_subop_name (24, 1), "up");
  ck_assert_ptr_null (xng_subop_name (12, 8));
  ck_assert_ptr_null (xng_subop_name (12, 1ull << 40));
  ck_assert_ptr_null (xng_subop_name (36, 0));

  ck_assert_int_eq (xng_subop_by_name (29, "shutdown"), 2);
  ck_assert_int_eq (xng_subop_by_name (29, "shut down"), 2);
  ck_assert_int_eq (xng_subop_by_name (12, "memory_map"), 9);
  ck_assert_int_eq (xng_subop_by_name (17, "extraversion"), 1);
  ck_assert_int_eq (xng_subop_by_name (17, "memory_map"), -1);
  ck_assert_int_eq (xng_subop_by_name (36, "shutdown"), -1);
  ck_assert_int_eq (xng_subop_by_name (29, NULL), -1);
}
END_TEST

START_TEST (test_seed_texts)
{
  struct xng_dom_state st = { 0 };
  struct xng_violation v;
  char text[80];
  int a = dom (FIX_DOM_A);

  ck_assert_int_eq (check (&st, a, 17, 1, 0, &v), XNG_DENY_SUBOP);
  ck_assert_uint_eq (xng_format_violation (&v, text, sizeof text), 42);
  ck_assert_str_eq (text, "hcall=17(xen_version), cmd=1(extraversion)");
  ck_assert_str_eq (xng_verdict_reason (v.reason), "hypercall violation");

  check (&st, a, 12, 9, 0, &v);
  xng_format_violation (&v, text, sizeof text);
  ck_assert_str_eq (text, "hcall=12(memory_op), cmd=9(memory_map)");

  check (&st, a, 29, 2, 0, &v);
  xng_format_violation (&v, text, sizeof text);
  ck_assert_str_eq (text, "hcall=29(sched_op), cmd=2(shut down)");

  check (&st, a, 36, 0, 0, &v);
  xng_format_violation (&v, text, sizeof text);
  ck_assert_str_eq (text, "hcall=36(domctl)");

  check (&st, a, 47, 0, 0, &v);
  xng_format_violation (&v, text, sizeof text);
  ck_assert_str_eq (text, "hcall=47");

  check (&st, a, 32, 99, 0, &v);
  xng_format_violation (&v, text, sizeof text);
  ck_assert_str_eq (text, "hcall=32(event_channel_op), cmd=99");

  ck_assert_int_eq (check (&st, -1, 18, 0, 0, &v), XNG_DENY_UNKNOWN_DOMAIN);
  xng_format_violation (&v, text, sizeof text);
  ck_assert_str_eq (text, "hcall=18(console_io)");
  ck_assert_str_eq (xng_verdict_reason (v.reason), "domain not in policy");
}
END_TEST

START_TEST (test_format_truncates)
{
  struct xng_violation v = { 0 };
  char text[8];

  v.reason = XNG_DENY_SUBOP;
  v.hcall = 17;
  v.subop = 1;
  memset (text, 'x', sizeof text);
  ck_assert_uint_eq (xng_format_violation (&v, text, sizeof text), 42);
  ck_assert_str_eq (text, "hcall=1");
  memset (text, 'x', sizeof text);
  ck_assert_uint_eq (xng_format_violation (&v, text, 0), 42);
  ck_assert_int_eq (text[0], 'x');
  ck_assert_uint_eq (xng_format_violation (&v, text, 1), 42);
  ck_assert_int_eq (text[0], '\0');

  v.reason = XNG_DENY_RATE;
  v.hmax = UINT32_MAX;
  v.hrate = 0;
  {
    char big[40];

    xng_format_violation (&v, big, sizeof big);
    ck_assert_str_eq (big, "hmax=4294967295, hrate=0");
  }
}
END_TEST

static Suite *
guard_suite (void)
{
  Suite *s = suite_create ("guard");
  TCase *tc;

  tc = tcase_create ("blob");
  tcase_add_checked_fixture (tc, setup_policy, teardown_policy);
  tcase_add_test (tc, test_round_trip);
  tcase_add_test (tc, test_writer_refuses);
  tcase_add_test (tc, test_truncated_everywhere);
  tcase_add_test (tc, test_trailing_and_alignment);
  tcase_add_test (tc, test_domains_last_one_too_many);
  tcase_add_test (tc, test_serial_floor);
  tcase_add_loop_test (tc, test_corrupted, 0, G_N_ELEMENTS (corruptions));
  suite_add_tcase (s, tc);

  tc = tcase_create ("decide");
  tcase_add_checked_fixture (tc, setup_policy, teardown_policy);
  tcase_add_test (tc, test_verdicts);
  tcase_add_test (tc, test_subops);
  tcase_add_test (tc, test_subops_high);
  tcase_add_test (tc, test_legacy_hypercalls);
  tcase_add_test (tc, test_unknown_domain);
  tcase_add_test (tc, test_unknown_domain_default_profile);
  tcase_add_test (tc, test_max_violations);
  tcase_add_test (tc, test_rearm);
  tcase_add_test (tc, test_permissive);
  tcase_add_test (tc, test_permissive_blob);
  suite_add_tcase (s, tc);

  tc = tcase_create ("rate");
  tcase_add_checked_fixture (tc, setup_policy, teardown_policy);
  tcase_add_test (tc, test_rate_burst_and_refill);
  tcase_add_test (tc, test_rate_clock_backwards);
  tcase_add_test (tc, test_needs_clock);
  tcase_add_test (tc, test_allowed_stateless);
  tcase_add_test (tc, test_guest_type);
  tcase_add_test (tc, test_privilege);
  tcase_add_test (tc, test_rate_hrate_message);
  suite_add_tcase (s, tc);

  tc = tcase_create ("tags");
  tcase_add_checked_fixture (tc, setup_policy, teardown_policy);
  tcase_add_test (tc, test_channels);
  suite_add_tcase (s, tc);

  tc = tcase_create ("ring");
  tcase_add_test (tc, test_ring);
  tcase_add_test (tc, test_ring_peek_consume);
  tcase_add_test (tc, test_ring_action_reserve);
  tcase_add_test (tc, test_record_share);
  suite_add_tcase (s, tc);

  tc = tcase_create ("names");
  tcase_add_checked_fixture (tc, setup_policy, teardown_policy);
  tcase_add_test (tc, test_names);
  tcase_add_test (tc, test_seed_texts);
  tcase_add_test (tc, test_format_truncates);
  suite_add_tcase (s, tc);

  return s;
}

XN_TEST_MAIN (guard_suite)
