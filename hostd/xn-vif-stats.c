/* xn-vif-stats.c: each domain's network byte counters, from its VIFs
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * libxenstat 4.17 cannot be asked: it takes the name of Domain-0's last
 * Linux bridge to recognise a bonded uplink, and on a host whose
 * switches are Open vSwitch there is no such bridge, the name is empty,
 * every interface without a "p" in its name matches it, and a guest's
 * vifD.N is filed under Domain-0 (where it is dropped) instead of
 * under domain D.  So the counters are read where Linux keeps them.
 */

#include "config.h"

#include <stdio.h>

#include "xn-vif-stats.h"

static guint64
read_counter (const char *sysfs_net,
              const char *dev,
              const char *counter)
{
  g_autofree char *path = g_build_filename (sysfs_net, dev, "statistics", counter, NULL);
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  return g_ascii_strtoull (text, NULL, 10);
}

/**
 * xn_vif_stats_read:
 * @sysfs_net: where the network devices are listed ("/sys/class/net")
 *
 * Sums the byte counters of every guest VIF (vifD.N; an HVM domain's
 * emulated twin vifD.N-emu is left out, as it carries the same traffic
 * before the PV driver takes over) by domain id, counted from the
 * domain's side.
 *
 * Returns: (transfer full): domain id (GUINT_TO_POINTER) → #XnVifBytes
 */
GHashTable *
xn_vif_stats_read (const char *sysfs_net)
{
  GHashTable *by_domid = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  g_autoptr(GDir) dir = g_dir_open (sysfs_net, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      unsigned domid, devid;
      char rest;
      XnVifBytes *b;

      if (sscanf (name, "vif%u.%u%c", &domid, &devid, &rest) != 2)
        continue;
      b = g_hash_table_lookup (by_domid, GUINT_TO_POINTER (domid));
      if (b == NULL)
        {
          b = g_new0 (XnVifBytes, 1);
          g_hash_table_insert (by_domid, GUINT_TO_POINTER (domid), b);
        }
      b->rx += read_counter (sysfs_net, name, "tx_bytes");
      b->tx += read_counter (sysfs_net, name, "rx_bytes");
    }
  return by_domid;
}
