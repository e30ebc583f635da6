/* fuzz-guard-blob.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * The guard blob parser on hostile input.  A blob it accepts must also be
 * safe to decide from: every domain is looked up by its UUID and asked
 * about a few hypercalls, channels and co-scheduling, and its violations
 * are formatted.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xng-names.h"
#include "xng-writer.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* The parser wants the blob 8-byte aligned, as Xen's copy will be. */
  uint64_t *buf = malloc (size + 8);
  struct xng_policy pol;
  uint32_t n;

  memcpy (buf, data, size);
  if (xng_blob_parse (&pol, buf, size) != 0 && pol.why == NULL)
    abort ();

  /* Past the checksum, which random mutations almost never satisfy, so
   * that the fuzzer reaches the structural checks behind it. */
  xng_blob_seal (buf, size);
  if (xng_blob_parse (&pol, buf, size) != 0)
    {
      if (pol.why == NULL)
        abort ();
      free (buf);
      return 0;
    }

  n = pol.n_domains < 512 ? pol.n_domains : 512;
  for (uint32_t i = 0; i < n; i++)
    {
      struct xng_dom_state st = { 0 };
      struct xng_violation v;
      char text[128];
      unsigned int hc = (unsigned int) (i * 7) % 70;
      unsigned long op = (unsigned long) size * 2654435761u + i;

      if (xng_lookup_domain (&pol, pol.domains[i].uuid) != (int) i)
        abort ();
      for (int k = 0; k < 4; k++)
        if (xng_check_hypercall (&pol, &st, (int) i, (hc + k * 5) % 64,
                                 op >> k, (uint64_t) k * 1000, &v)
            != XNG_ALLOW)
          xng_format_violation (&v, text, sizeof text);
      xng_channel_allowed (&pol, (int) i, (int) (n - 1 - i));
      xng_may_run_together (&pol, pol.domains[i].tag,
                            pol.domains[n - 1 - i].tag);
    }
  {
    struct xng_dom_state st = { 0 };
    struct xng_violation v;

    xng_check_hypercall (&pol, &st, -1, 17, 1, 0, &v);
  }

  free (buf);
  return 0;
}
