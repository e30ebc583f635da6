/* xn-vif-stats.h: each domain's network byte counters, from its VIFs
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * XnVifBytes:
 * @rx: bytes the domain received (its VIFs transmitted them)
 * @tx: bytes the domain sent (its VIFs received them)
 */
typedef struct
{
  guint64 rx;
  guint64 tx;
} XnVifBytes;

GHashTable *xn_vif_stats_read (const char *sysfs_net);

G_END_DECLS
