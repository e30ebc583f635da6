/* xn-extract.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "xn-policy.h"

G_BEGIN_DECLS

XnPolicy *xn_policy_extract_host (XnPolicy    *policy,
                                  const char  *host_name,
                                  GError     **error);

G_END_DECLS
