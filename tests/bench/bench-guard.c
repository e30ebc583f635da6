/* bench-guard.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * Cost of one hypercall decision (xng_check_hypercall) and of binding a
 * domain (xng_lookup_domain) on a large policy: 10,000 domains, 256
 * profiles, 1,024 tags.  Calls cycle through the domains in a shuffled
 * order, as hypercalls from many guests would.  Figures are the median
 * of many batches, in nanoseconds per call.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xng-names.h"
#include "xng-writer.h"

#define N_DOMAINS   10000
#define N_PROFILES  256
#define N_TAGS      1024
#define N_CONFLICTS 4096
#define BATCH       10000
#define N_BATCHES   201

static struct xng_policy pol;
static struct xng_dom_state *states;
static int order[BATCH];
static volatile unsigned long sink;

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t
next_random (void)
{
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

static uint64_t
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (uint64_t) ts.tv_sec * 1000000000ull + (uint64_t) ts.tv_nsec;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Domains whose profile index satisfies @want, shuffled, into order[]. */
static void
pick_domains (int (*want) (uint32_t profile))
{
  int n = 0;

  for (int i = 0; n < BATCH; i = (i + 1) % N_DOMAINS)
    if (want (pol.domains[i].profile))
      order[n++] = i;
  for (int i = BATCH - 1; i > 0; i--)
    {
      int j = (int) (next_random () % (uint64_t) (i + 1)), t = order[i];

      order[i] = order[j];
      order[j] = t;
    }
}

static int want_unlimited (uint32_t p) { return p % 2 == 0; }
static int want_rated (uint32_t p) { return p % 2 == 1 && p != 255; }
static int want_starved (uint32_t p) { return p == 255; }

/* @step: guest time per call, which keeps rated buckets topped up. */
static void
run (const char *what, unsigned int hcall, unsigned long subop,
     uint64_t step, enum xng_verdict expect)
{
  static double per_call[N_BATCHES];
  static uint64_t clock_ns = 1000000000ull;
  struct xng_violation v;

  /* One untimed pass warms caches and empties the starved buckets. */
  for (int i = 0; i < BATCH; i++)
    sink += xng_check_hypercall (&pol, &states[order[i]], order[i], hcall,
                                 subop, clock_ns, &v);

  for (int b = 0; b < N_BATCHES; b++)
    {
      unsigned long acc = 0;
      uint64_t t0 = now_ns ();

      for (int i = 0; i < BATCH; i++)
        {
          int d = order[i];
          enum xng_verdict r;

          clock_ns += step;
          r = xng_check_hypercall (&pol, &states[d], d, hcall, subop,
                                   clock_ns, &v);
          acc += r;
        }
      per_call[b] = (double) (now_ns () - t0) / BATCH;
      sink += acc;
      if (acc != (unsigned long) expect * BATCH)
        {
          fprintf (stderr, "%s: unexpected verdicts\n", what);
          exit (EXIT_FAILURE);
        }
    }
  qsort (per_call, N_BATCHES, sizeof per_call[0], cmp_double);
  printf ("  %-48s %6.2f ns/call (min %.2f)\n", what,
          per_call[N_BATCHES / 2], per_call[0]);
}

static void
run_lookup (void)
{
  static double per_call[N_BATCHES];
  static uint8_t uuids[BATCH][16];

  for (int i = 0; i < BATCH; i++)
    memcpy (uuids[i], pol.domains[order[i]].uuid, 16);

  for (int b = 0; b < N_BATCHES; b++)
    {
      unsigned long acc = 0;
      uint64_t t0 = now_ns ();

      for (int i = 0; i < BATCH; i++)
        acc += (unsigned long) xng_lookup_domain (&pol, uuids[i]);
      per_call[b] = (double) (now_ns () - t0) / BATCH;
      sink += acc;
    }
  qsort (per_call, N_BATCHES, sizeof per_call[0], cmp_double);
  printf ("  %-48s %6.2f ns/call (min %.2f)\n",
          "xng_lookup_domain (binary search, hit)",
          per_call[N_BATCHES / 2], per_call[0]);
}

int
main (void)
{
  static struct xng_spec_profile profiles[N_PROFILES];
  static struct xng_spec_domain domains[N_DOMAINS];
  static struct xng_spec_conflict conflicts[N_CONFLICTS];
  struct xng_spec spec = { 0 };
  const char *why = NULL;
  size_t size;
  void *blob;
  long n;
  uint64_t t0;

  for (int i = 0; i < N_PROFILES; i++)
    {
      struct xng_spec_profile *p = &profiles[i];

      p->hcalls = ~((1ull << 36) | XNG_HCALLS_LEGACY);  /* all but domctl and legacy */
      for (int s = 0; s < XNG_N_MUX; s++)
        p->subops[s][0] = 0x1ff;        /* sub-ops 0..8 */
      p->action = XNG_ACTION_LOG;
      p->max_violations = XNG_VIOLATIONS_UNLIMITED;
      if (i == 255)
        {
          p->hmax = 1;                  /* starved: always over the rate */
          p->burst = 1;
        }
      else if (i % 2 == 1)
        {
          p->hmax = 2000000;            /* rated, never exceeded here */
          p->burst = 1000;
        }
    }
  for (int i = 0; i < N_DOMAINS; i++)
    {
      for (int k = 0; k < 16; k += 8)
        {
          uint64_t r = next_random ();

          memcpy (domains[i].uuid + k, &r, 8);
        }
      domains[i].tag = (uint32_t) (i % N_TAGS);
      domains[i].profile = (uint32_t) (i % N_PROFILES);
    }
  for (int i = 0; i < N_CONFLICTS; i++)
    {
      conflicts[i].a = (uint32_t) (next_random () % N_TAGS);
      do
        conflicts[i].b = (uint32_t) (next_random () % N_TAGS);
      while (conflicts[i].b == conflicts[i].a);
      conflicts[i].exclusive = i % 4 == 0;
    }

  spec.serial = 1;
  spec.default_profile = XNG_DEFAULT_DENY;
  spec.default_action = XNG_ACTION_LOG;
  spec.profiles = profiles;
  spec.n_profiles = N_PROFILES;
  spec.domains = domains;
  spec.n_domains = N_DOMAINS;
  spec.n_tags = N_TAGS;
  spec.conflicts = conflicts;
  spec.n_conflicts = N_CONFLICTS;

  size = xng_blob_size (&spec);
  blob = aligned_alloc (8, (size + 7) & ~(size_t) 7);
  t0 = now_ns ();
  n = xng_blob_write (&spec, blob, size, &why);
  if (n < 0)
    {
      fprintf (stderr, "bench-guard: %s\n", why);
      return EXIT_FAILURE;
    }
  printf ("guard policy: %d domains, %d profiles, %d tags, %d conflict "
          "pairs; blob %zu bytes\n", N_DOMAINS, N_PROFILES, N_TAGS,
          N_CONFLICTS, size);
  printf ("  %-48s %6.2f ms\n", "write + verify blob",
          (double) (now_ns () - t0) / 1e6);
  t0 = now_ns ();
  if (xng_blob_parse (&pol, blob, size) != 0)
    return EXIT_FAILURE;
  printf ("  %-48s %6.2f ms\n", "xng_blob_parse",
          (double) (now_ns () - t0) / 1e6);

  states = calloc (N_DOMAINS, sizeof *states);
  printf ("decisions: %d batches of %d calls over shuffled domains, "
          "median\n", N_BATCHES, BATCH);

  pick_domains (want_unlimited);
  run ("allowed (console_io, no rate limit)", 18, 0, 1000, XNG_ALLOW);
  run ("allowed (memory_op cmd 6, sub-op filter)", 12, 6, 1000, XNG_ALLOW);
  run ("denied: hypercall (domctl)", 36, 0, 1000, XNG_DENY_HYPERCALL);
  run ("denied: sub-op (memory_op cmd 9)", 12, 9, 1000, XNG_DENY_SUBOP);
  pick_domains (want_rated);
  run ("allowed (memory_op cmd 6, rate-limited profile)", 12, 6, 1000,
       XNG_ALLOW);
  pick_domains (want_starved);
  run ("denied: rate (hmax=1, bucket empty)", 12, 6, 0, XNG_DENY_RATE);

  pick_domains (want_unlimited);
  run_lookup ();

  free (states);
  free (blob);
  return EXIT_SUCCESS;
}
