/* guard-fixture.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* A small guard policy shared by the guard tests and the fuzz corpus. */

#pragma once

#include "xng-names.h"
#include "xng-writer.h"

/* Profiles of the fixture. */
enum
{
  FIX_PROFILE_REGULAR,     /* no rate limit, 2 violations then pause */
  FIX_PROFILE_RATED,       /* hmax 10, burst 10, log only */
  FIX_PROFILE_PERMISSIVE,  /* xen_version only, permissive */
  FIX_N_PROFILES
};

/* Tags: RED conflicts with BLUE (may run together) and BLACK (may not). */
enum
{
  FIX_TAG_RED,
  FIX_TAG_BLUE,
  FIX_TAG_GREEN,
  FIX_TAG_BLACK,
  FIX_N_TAGS
};

/* Domains, by the first byte of their UUID (the rest is zero). */
enum
{
  FIX_DOM_A = 0x30,        /* RED, regular */
  FIX_DOM_B = 0x10,        /* BLUE, rated */
  FIX_DOM_C = 0x20,        /* RED, permissive */
  FIX_DOM_D = 0x40,        /* no tag, regular */
  FIX_DOM_E = 0x50,        /* BLACK, regular */
};

#define FIX_N_DOMAINS 5

/* Fills @spec (and the arrays it points to, static) with the fixture. */
void guard_fixture_spec (struct xng_spec *spec);

/*
 * Writes the fixture (after @tweak, if not NULL, changed the spec) into a
 * new 8-byte aligned buffer; returns it (free()) and its size in *@len.
 */
void *guard_fixture_blob (void (*tweak) (struct xng_spec *spec), size_t *len);

/* The 16-byte UUID whose first byte is @first. */
void guard_fixture_uuid (uint8_t uuid[16], uint8_t first);
