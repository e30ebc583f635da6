/* gen-guard-corpus.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * Writes the seed corpus of fuzz-guard-blob: valid blobs from the test
 * fixture and a few variants.  Run by hand when the format changes:
 *   gen-guard-corpus tests/fuzz/corpus/guard-blob
 */

#include <stdio.h>
#include <stdlib.h>

#include "guard-fixture.h"

static void
tweak_default (struct xng_spec *spec)
{
  spec->default_profile = FIX_PROFILE_RATED;
  spec->flags = XNG_BLOB_F_PERMISSIVE;
}

static void
tweak_empty (struct xng_spec *spec)
{
  spec->n_domains = 0;
  spec->n_tags = 0;
  spec->n_conflicts = 0;
}

static void
tweak_many_tags (struct xng_spec *spec)
{
  static struct xng_spec_conflict c[3] = {
    { 0, 100, true }, { 64, 65, false }, { 99, 1, false },
  };

  spec->n_tags = 130;
  spec->conflicts = c;
  spec->n_conflicts = 3;
}

int
main (int argc, char *argv[])
{
  static const struct
  {
    const char *name;
    void (*tweak) (struct xng_spec *);
  } blobs[] = {
    { "fixture", NULL },
    { "default-profile-permissive", tweak_default },
    { "empty", tweak_empty },
    { "many-tags", tweak_many_tags },
  };

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s DIRECTORY\n", argv[0]);
      return 2;
    }

  for (size_t i = 0; i < sizeof blobs / sizeof blobs[0]; i++)
    {
      char path[4096];
      size_t len;
      void *blob = guard_fixture_blob (blobs[i].tweak, &len);
      FILE *f;

      snprintf (path, sizeof path, "%s/%s.xngb", argv[1], blobs[i].name);
      f = fopen (path, "wb");
      if (f == NULL || fwrite (blob, 1, len, f) != len || fclose (f) != 0)
        {
          perror (path);
          return 1;
        }
      free (blob);
    }
  return 0;
}
