/* bench-store.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * The daemon store's hot paths: violation ingest with hashing (batches of
 * 1,000 and of 1), violation page latency at the start, middle and end of
 * the log, verifying the whole chain, and file size per row.
 *
 * Usage: bench-store [N_ROWS]   (default 1,000,000)
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "xn-store.h"

static const char *uuids[] = {
  "6f1f3b2e-1111-4a3e-9c7d-000000000001",
  "6f1f3b2e-1111-4a3e-9c7d-000000000002",
  "6f1f3b2e-1111-4a3e-9c7d-000000000003",
  "6f1f3b2e-1111-4a3e-9c7d-000000000004",
};
static const char *names[] = { "user_vm_1", "user_vm_2", "net_svc", "storage_svc" };

static void
fill (XnViolation *v,
      guint        i)
{
  memset (v, 0, sizeof *v);
  v->domain_uuid = (char *) uuids[i % 4];
  v->domain_name = (char *) names[i % 4];
  v->hcall = 17;
  v->hcall_name = (char *) "xen_version";
  v->subop = 1;
  v->subop_name = (char *) "extraversion";
  v->reason = 2;
  v->reason_text = (char *) "hypercall not allowed by profile";
  v->hmax = 100;
  v->hrate = i % 1000;
  v->info = (char *) "hcall=17(xen_version), cmd=1(extraversion)";
}

static void
die (GError *error)
{
  g_printerr ("bench-store: %s\n", error->message);
  exit (EXIT_FAILURE);
}

static gint64
file_size (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  struct stat st;
  gint64 size = 0;

  if (stat (path, &st) == 0)
    size += st.st_size;
  if (stat (wal, &st) == 0)
    size += st.st_size;
  return size;
}

static double
ingest (const char *path,
        guint       n_rows,
        guint       batch_size)
{
  g_autoptr(XnStore) store = NULL;
  g_autofree XnViolation *batch = g_new0 (XnViolation, batch_size);
  GError *error = NULL;
  gint64 start, end;
  guint64 last = 0;

  store = xn_store_open (path, &error);
  if (store == NULL)
    die (error);

  start = g_get_monotonic_time ();
  for (guint done = 0; done < n_rows; done += batch_size)
    {
      guint n = MIN (batch_size, n_rows - done);

      for (guint i = 0; i < n; i++)
        fill (&batch[i], done + i);
      if (!xn_store_append_violations (store, batch, n, &last, &error))
        die (error);
    }
  end = g_get_monotonic_time ();

  if (last != n_rows)
    {
      g_printerr ("bench-store: lost rows: %" G_GUINT64_FORMAT " of %u\n", last, n_rows);
      exit (EXIT_FAILURE);
    }
  return n_rows / ((end - start) / 1e6);
}

static double
page_ms (XnStore *store,
         guint64  since)
{
  GError *error = NULL;
  const int reps = 50;
  gint64 start = g_get_monotonic_time ();

  for (int r = 0; r < reps; r++)
    {
      g_autoptr(GPtrArray) page = xn_store_get_violations (store, since, 100, FALSE, &error);

      if (page == NULL)
        die (error);
      if (page->len != 100)
        {
          g_printerr ("bench-store: short page at %" G_GUINT64_FORMAT "\n", since);
          exit (EXIT_FAILURE);
        }
    }
  return (g_get_monotonic_time () - start) / 1000.0 / reps;
}

int
main (int   argc,
      char *argv[])
{
  guint n_rows = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  g_autofree char *dir = g_dir_make_tmp ("bench-store-XXXXXX", NULL);
  g_autofree char *path1 = g_build_filename (dir, "batch1000.db", NULL);
  g_autofree char *path2 = g_build_filename (dir, "batch1.db", NULL);
  g_autoptr(XnStore) store = NULL;
  GError *error = NULL;
  guint n_single = MIN (n_rows, 20000);
  guint64 bad = 0;
  gint64 start;
  double rate1000, rate1, verify_s;

  if (n_rows < 1000)
    n_rows = 1000;

  g_print ("input: %u violations (~%zu bytes of text each), 4 domains\n",
           n_rows, strlen ("hcall=17(xen_version), cmd=1(extraversion)") + 90);

  rate1000 = ingest (path1, n_rows, 1000);
  g_print ("ingest, batches of 1000: %.0f rows/s (%u rows, fresh file)\n", rate1000, n_rows);
  rate1 = ingest (path2, n_single, 1);
  g_print ("ingest, batches of 1:    %.0f rows/s (%u rows, fresh file)\n", rate1, n_single);

  store = xn_store_open (path1, &error);
  if (store == NULL)
    die (error);
  g_print ("get_violations page of 100: start %.3f ms, middle %.3f ms, end %.3f ms (of %u rows)\n",
           page_ms (store, 0), page_ms (store, n_rows / 2), page_ms (store, n_rows - 100), n_rows);

  start = g_get_monotonic_time ();
  if (!xn_store_verify_chain (store, &bad, &error))
    die (error);
  verify_s = (g_get_monotonic_time () - start) / 1e6;
  g_print ("verify_chain: %.2f s over %u rows (%.0f rows/s)\n", verify_s, n_rows, n_rows / verify_s);

  {
    const XnStoreActor actor = { 0, "root", "xenon-secadmin" };
    g_autoptr(GPtrArray) counts = NULL;
    XnViolationCounts totals;
    guint64 n = 0;

    start = g_get_monotonic_time ();
    if (!xn_store_mark_viewed (store, &actor, n_rows / 2, &n, &error))
      die (error);
    g_print ("mark_viewed of %" G_GUINT64_FORMAT " rows: %.3f s\n", n,
             (g_get_monotonic_time () - start) / 1e6);
    start = g_get_monotonic_time ();
    if (!xn_store_clear_violations (store, &actor, n_rows / 2, &n, &error))
      die (error);
    g_print ("clear (archive) of %" G_GUINT64_FORMAT " rows: %.3f s\n", n,
             (g_get_monotonic_time () - start) / 1e6);
    start = g_get_monotonic_time ();
    counts = xn_store_count_violations (store, &totals, &error);
    if (counts == NULL)
      die (error);
    g_print ("count_violations: %.3f ms (%" G_GUINT64_FORMAT " live of %" G_GUINT64_FORMAT ")\n",
             (g_get_monotonic_time () - start) / 1e3, totals.live, totals.total);
    g_print ("get_violations page of 100 after the clear: %.3f ms\n", page_ms (store, 0));
  }

  g_clear_object (&store);
  g_print ("file size: %.1f MB, %.0f bytes per row\n",
           file_size (path1) / 1e6, (double) file_size (path1) / n_rows);
  g_print ("goal: ingest >= 100000 rows/s without loss: %s\n",
           rate1000 >= 100000 ? "met" : "NOT met");

  for (const char * const *p = (const char * const[]) { path1, path2, NULL }; *p != NULL; p++)
    {
      g_autofree char *w = g_strconcat (*p, "-wal", NULL);
      g_autofree char *s = g_strconcat (*p, "-shm", NULL);

      g_remove (*p);
      g_remove (w);
      g_remove (s);
    }
  g_rmdir (dir);
  return EXIT_SUCCESS;
}
