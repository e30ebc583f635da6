/* xn-live-update.h: what a live policy update may change
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include "xn-policy.h"

G_BEGIN_DECLS

gboolean xn_policy_check_live_update (XnPolicy  *running,
                                      XnPolicy  *next,
                                      GError   **error);

G_END_DECLS
