/* xn-builtin-profiles.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib-object.h>

#include "xn-types.h"

G_BEGIN_DECLS

const char * const *xn_builtin_profile_names    (void);
XnProfile          *xn_builtin_profile_new      (const char *name);
guint               xn_builtin_profiles_add_to  (XnPolicy   *policy);

G_END_DECLS
