/* xn-vif-stats.c: each domain's network byte counters, from its VIFs
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * libxenstat 4.17 cannot be asked: it finds a domain's VIFs by their
 * default names (vifD.N), while Xenon's compiled configurations name
 * each VIF after its port (vifname=xn…, so that its OpenFlow port is the
 * compiled one); and it takes the name of Domain-0's last Linux bridge to
 * recognise a bonded uplink, which on an Open vSwitch host is empty and
 * matches every interface without a "p" in its name, filing even a
 * vifD.N under Domain-0.  So the counters are read where Linux keeps
 * them, and a VIF's domain from its netback device (vif-D-N), whatever
 * the interface is called.
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

/* The domain of the netback device behind @dev (its "device" link ends
 * in vif-D-N); FALSE for anything else: Domain-0's own devices, bridges,
 * an HVM domain's emulated twin (a tap device, carrying the same traffic
 * before the PV driver takes over). */
static gboolean
netback_domid (const char *sysfs_net,
               const char *dev,
               unsigned   *domid)
{
  g_autofree char *link = g_build_filename (sysfs_net, dev, "device", NULL);
  g_autofree char *target = g_file_read_link (link, NULL);
  g_autofree char *base = target != NULL ? g_path_get_basename (target) : NULL;
  unsigned devid;
  char rest;

  return base != NULL && sscanf (base, "vif-%u-%u%c", domid, &devid, &rest) == 2;
}

/**
 * xn_vif_stats_read:
 * @sysfs_net: where the network devices are listed ("/sys/class/net")
 *
 * Sums the byte counters of every guest VIF by its domain's id, counted
 * from the domain's side.
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
      unsigned domid;
      XnVifBytes *b;

      if (!netback_domid (sysfs_net, name, &domid))
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
