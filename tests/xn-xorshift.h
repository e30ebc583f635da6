/* xn-xorshift.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The policy generators' random numbers: xorshift32, the same on every
 * platform, so that a seed names one generated policy for good. */

#pragma once

#include <glib.h>

static inline guint32
xn_xorshift32 (guint32 *state)
{
  *state ^= *state << 13;
  *state ^= *state >> 17;
  *state ^= *state << 5;
  return *state;
}
