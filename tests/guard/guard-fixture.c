/* guard-fixture.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guard-fixture.h"

#define BIT(n) (1ull << (n))

static void
allow_subop (struct xng_spec_profile *p, int slot, unsigned int op)
{
  p->subops[slot][op / 64] |= BIT (op % 64);
}

void
guard_fixture_uuid (uint8_t uuid[16], uint8_t first)
{
  memset (uuid, 0, 16);
  uuid[0] = first;
}

void
guard_fixture_spec (struct xng_spec *spec)
{
  static struct xng_spec_profile profiles[FIX_N_PROFILES];
  static struct xng_spec_domain domains[FIX_N_DOMAINS];
  static const struct xng_spec_conflict conflicts[] = {
    { FIX_TAG_RED, FIX_TAG_BLUE, false },
    { FIX_TAG_BLACK, FIX_TAG_RED, true },
  };
  /* Deliberately not in UUID order: the writer sorts. */
  static const struct { uint8_t first; uint32_t tag, profile; } doms[] = {
    { FIX_DOM_A, FIX_TAG_RED, FIX_PROFILE_REGULAR },
    { FIX_DOM_B, FIX_TAG_BLUE, FIX_PROFILE_RATED },
    { FIX_DOM_C, FIX_TAG_RED, FIX_PROFILE_PERMISSIVE },
    { FIX_DOM_D, XNG_TAG_NONE, FIX_PROFILE_REGULAR },
    { FIX_DOM_E, FIX_TAG_BLACK, FIX_PROFILE_REGULAR },
  };
  struct xng_spec_profile *p;
  unsigned int i;

  memset (profiles, 0, sizeof profiles);

  /* Regular: memory_op 0-8, xen_version 0, sched_op 0,1,3, all grant and
   * vcpu ops, event channel ops 0-13, console_io. */
  p = &profiles[FIX_PROFILE_REGULAR];
  p->hcalls = BIT (XNG_HC_MEMORY_OP) | BIT (XNG_HC_XEN_VERSION)
              | BIT (XNG_HC_SCHED_OP) | BIT (XNG_HC_GRANT_TABLE_OP)
              | BIT (XNG_HC_EVENT_CHANNEL_OP) | BIT (XNG_HC_VCPU_OP)
              | BIT (18);
  for (i = 0; i <= 8; i++)
    allow_subop (p, XNG_MUX_MEMORY_OP, i);
  allow_subop (p, XNG_MUX_XEN_VERSION, 0);
  allow_subop (p, XNG_MUX_SCHED_OP, 0);
  allow_subop (p, XNG_MUX_SCHED_OP, 1);
  allow_subop (p, XNG_MUX_SCHED_OP, 3);
  for (i = 0; i <= 13; i++)
    allow_subop (p, XNG_MUX_EVENT_CHANNEL_OP, i);
  p->subop_all = BIT (XNG_MUX_GRANT_TABLE_OP) | BIT (XNG_MUX_VCPU_OP);
  p->max_violations = 2;
  p->action = XNG_ACTION_PAUSE;
  p->guest_type = XNG_GUEST_PV;

  /* Rated: the regular set, at most 10 per second after a burst of 10. */
  profiles[FIX_PROFILE_RATED] = *p;
  p = &profiles[FIX_PROFILE_RATED];
  p->hmax = 10;
  p->burst = 10;
  p->max_violations = XNG_VIOLATIONS_UNLIMITED;
  p->action = XNG_ACTION_LOG;
  p->guest_type = XNG_GUEST_PVH;

  p = &profiles[FIX_PROFILE_PERMISSIVE];
  p->hcalls = BIT (XNG_HC_XEN_VERSION);
  allow_subop (p, XNG_MUX_XEN_VERSION, 0);
  p->max_violations = 0;
  p->action = XNG_ACTION_DESTROY;
  p->flags = XNG_PROFILE_F_PERMISSIVE;
  p->privilege = XNG_PRIV_SECURITY;
  p->guest_type = XNG_GUEST_HVM;

  for (i = 0; i < FIX_N_DOMAINS; i++)
    {
      guard_fixture_uuid (domains[i].uuid, doms[i].first);
      domains[i].tag = doms[i].tag;
      domains[i].profile = doms[i].profile;
    }

  memset (spec, 0, sizeof *spec);
  spec->serial = 42;
  spec->default_profile = XNG_DEFAULT_DENY;
  spec->default_max_violations = 0;
  spec->default_action = XNG_ACTION_DESTROY;
  spec->profiles = profiles;
  spec->n_profiles = FIX_N_PROFILES;
  spec->domains = domains;
  spec->n_domains = FIX_N_DOMAINS;
  spec->n_tags = FIX_N_TAGS;
  spec->conflicts = conflicts;
  spec->n_conflicts = sizeof conflicts / sizeof conflicts[0];
}

void *
guard_fixture_blob (void (*tweak) (struct xng_spec *spec), size_t *len)
{
  struct xng_spec spec;
  const char *why = NULL;
  size_t size;
  void *buf;
  long n;

  guard_fixture_spec (&spec);
  if (tweak != NULL)
    tweak (&spec);
  size = xng_blob_size (&spec);
  buf = aligned_alloc (8, (size + 7) & ~(size_t) 7);
  n = xng_blob_write (&spec, buf, size, &why);
  if (n < 0)
    {
      fprintf (stderr, "guard fixture: %s\n", why);
      abort ();
    }
  *len = (size_t) n;
  return buf;
}
