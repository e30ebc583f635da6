/* test-vif-stats.c: a domain's network counters, read from its VIFs
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A /sys/class/net the test writes: two VIFs of one domain (one named
 * as Xenon's configurations name them, one by default), one of another,
 * an HVM domain's emulated twin, Domain-0's own devices and an Open
 * vSwitch bridge.  The real devices are read on real Xen by the
 * host suite (tests/host), which needs a guest's traffic in the daemon's
 * performance history.
 */

#include "config.h"

#include <check.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "xn-vif-stats.h"

/* @dir/@dev/statistics/{rx,tx}_bytes, and its "device" link to
 * @backend (NULL: none), as sysfs has them. */
static void
device (const char *dir,
        const char *dev,
        const char *backend,
        guint64     rx,
        guint64     tx)
{
  g_autofree char *stats = g_build_filename (dir, dev, "statistics", NULL);
  g_autofree char *rx_path = g_build_filename (stats, "rx_bytes", NULL);
  g_autofree char *tx_path = g_build_filename (stats, "tx_bytes", NULL);
  g_autofree char *rx_text = g_strdup_printf ("%" G_GUINT64_FORMAT "\n", rx);
  g_autofree char *tx_text = g_strdup_printf ("%" G_GUINT64_FORMAT "\n", tx);

  ck_assert_int_eq (g_mkdir_with_parents (stats, 0700), 0);
  ck_assert (g_file_set_contents (rx_path, rx_text, -1, NULL));
  ck_assert (g_file_set_contents (tx_path, tx_text, -1, NULL));
  if (backend != NULL)
    {
      g_autofree char *link = g_build_filename (dir, dev, "device", NULL);
      g_autofree char *target = g_strconcat ("../../../devices/", backend, NULL);

      ck_assert_int_eq (symlink (target, link), 0);
    }
}

START_TEST (test_counters_by_domain)
{
  g_autofree char *dir = g_dir_make_tmp ("xn-vif-XXXXXX", NULL);
  g_autoptr(GHashTable) by = NULL;
  const char *argv[] = { "rm", "-rf", dir, NULL };
  XnVifBytes *b;

  device (dir, "xna0e1e506732fd", "xen-backend/vif-5-0", 100, 7000);
  device (dir, "vif5.1", "xen-backend/vif-5-1", 20, 300);
  device (dir, "xn5d3ac2a817e4", "xen-backend/vif-12-0", 4194304, 65536);
  device (dir, "vif9.0-emu", NULL, 1, 1);
  device (dir, "eth0", "pci0000:00/0000:00:03.0/virtio0", 999, 999);
  device (dir, "br0", NULL, 999, 999);
  device (dir, "vif13.0", "xen-backend/vbd-13-51712", 999, 999);
  by = xn_vif_stats_read (dir);

  ck_assert_uint_eq (g_hash_table_size (by), 2);
  b = g_hash_table_lookup (by, GUINT_TO_POINTER (5));
  ck_assert_ptr_nonnull (b);
  /* From the domain's side: what its VIFs transmitted, it received. */
  ck_assert_uint_eq (b->rx, 7300);
  ck_assert_uint_eq (b->tx, 120);
  b = g_hash_table_lookup (by, GUINT_TO_POINTER (12));
  ck_assert_ptr_nonnull (b);
  ck_assert_uint_eq (b->rx, 65536);
  ck_assert_uint_eq (b->tx, 4194304);
  ck_assert_ptr_null (g_hash_table_lookup (by, GUINT_TO_POINTER (9)));
  ck_assert_ptr_null (g_hash_table_lookup (by, GUINT_TO_POINTER (0)));
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
}
END_TEST

START_TEST (test_no_directory)
{
  g_autoptr(GHashTable) by = xn_vif_stats_read ("/nonexistent/class/net");

  ck_assert_uint_eq (g_hash_table_size (by), 0);
}
END_TEST

static Suite *
vif_stats_suite (void)
{
  Suite *s = suite_create ("vif-stats");
  TCase *tc = tcase_create ("read");

  tcase_add_test (tc, test_counters_by_domain);
  tcase_add_test (tc, test_no_directory);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  SRunner *sr = srunner_create (vif_stats_suite ());
  int failed;

  srunner_run_all (sr, CK_NORMAL);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed == 0 ? 0 : 1;
}
