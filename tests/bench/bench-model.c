/* bench-model.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * Times the document layer on a large generated policy: load+validate,
 * lint, save and diff, beside `xmllint --schema` validating the same file
 * (the anchor the issue sets: load+validate+lint within 1.2x of it), and
 * the memory a loaded document takes against the file's size.
 *
 * Usage: bench-model GEN-POLICY XSD [RUNS]
 */

#include "config.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "xenon-model.h"

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *v,
        guint   n)
{
  qsort (v, n, sizeof *v, (int (*)(const void *, const void *)) cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* VmRSS (now) or VmHWM (peak) of this process, in KiB */
static long
status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  if ((p = strstr (status, field)) == NULL)
    return -1;
  return strtol (p + strlen (field), NULL, 10);
}

static double
time_process (char **argv)
{
  g_autoptr(GError) error = NULL;
  int wait_status = 0;
  double t0 = now ();

  if (!g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &wait_status, &error))
    g_error ("%s: %s", argv[0], error->message);
  if (!g_spawn_check_wait_status (wait_status, &error))
    g_error ("%s failed: %s", argv[0], error->message);
  return now () - t0;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmpdir = NULL;
  g_autofree char *file = NULL, *file2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize size = 0;
  guint runs;
  double t_xmllint[16], t_load[16], t_lint[16], t_save[16], t_diff[16];
  long rss_before, rss_after = 0, rss_peak = 0;
  guint n_domains = 0, n_vifs = 0, n_issues = 0, n_changes = 0;

  if (argc < 3)
    {
      g_printerr ("usage: bench-model GEN-POLICY XSD [RUNS]\n");
      return 2;
    }
  runs = argc > 3 ? CLAMP (atoi (argv[3]), 1, 16) : 5;

  tmpdir = g_dir_make_tmp ("xenon-bench-XXXXXX", &error);
  g_assert_no_error (error);
  file = g_build_filename (tmpdir, "big.xml", NULL);
  file2 = g_build_filename (tmpdir, "big2.xml", NULL);
  {
    char *gen[] = { argv[1], "-o", file, NULL };
    char *gen2[] = { argv[1], "--serial", "2", "-o", file2, NULL };

    time_process (gen);
    time_process (gen2);
  }
  g_file_get_contents (file, &contents, &size, &error);
  g_assert_no_error (error);
  g_clear_pointer (&contents, g_free);

  for (guint r = 0; r < runs; r++)
    {
      char *xmllint[] = { "xmllint", "--noout", "--schema", argv[2], file, NULL };

      t_xmllint[r] = time_process (xmllint);
    }

  rss_before = status_kb ("VmRSS:");
  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(XnPolicy) policy = NULL;
      g_autoptr(XnPolicy) policy2 = NULL;
      g_autoptr(GListModel) issues = NULL;
      g_autoptr(GListModel) changes = NULL;
      g_autoptr(GBytes) saved = NULL;
      double t0;

      t0 = now ();
      policy = xn_policy_load_file (file, &error);
      g_assert_no_error (error);
      t_load[r] = now () - t0;
      if (r == 0)
        {
          /* Give back what the parser freed, so the figure is the
           * document's own; the peak is reported beside it. */
          malloc_trim (0);
          rss_after = status_kb ("VmRSS:");
          rss_peak = status_kb ("VmHWM:");
        }

      t0 = now ();
      issues = xn_lint_run (policy, NULL);
      t_lint[r] = now () - t0;
      n_issues = xn_lint_count (issues, XN_LINT_SEVERITY_ERROR);

      t0 = now ();
      saved = xn_policy_save_to_bytes (policy, &error);
      g_assert_no_error (error);
      t_save[r] = now () - t0;

      policy2 = xn_policy_load_file (file2, &error);
      g_assert_no_error (error);
      t0 = now ();
      changes = xn_diff_policies (policy, policy2);
      t_diff[r] = now () - t0;
      n_changes = g_list_model_get_n_items (changes);

      if (r == 0)
        {
          XnObjectList *hosts = xn_policy_get_hosts (policy);

          for (guint h = 0; h < xn_object_list_get_n_items (hosts); h++)
            {
              XnHost *host = xn_object_list_get (hosts, h);
              XnObjectList *enclaves = xn_host_get_enclaves (host);

              n_domains += xn_object_list_get_n_items (xn_host_get_root_domains (host));
              for (guint e = 0; e < xn_object_list_get_n_items (enclaves); e++)
                {
                  XnObjectList *doms = xn_enclave_get_domains (xn_object_list_get (enclaves, e));

                  n_domains += xn_object_list_get_n_items (doms);
                  for (guint d = 0; d < xn_object_list_get_n_items (doms); d++)
                    n_vifs += xn_object_list_get_n_items (xn_domain_get_vifs (xn_object_list_get (doms, d)));
                }
            }
        }
    }

  {
    double xl = median (t_xmllint, runs), ld = median (t_load, runs), li = median (t_lint, runs);

    g_print ("input: %s, %" G_GSIZE_FORMAT " bytes, %u domains, %u VIFs (gen-policy defaults: 100 hosts, 1000 tags, 100 conflicts)\n",
             "generated policy", size, n_domains, n_vifs);
    g_print ("runs: %u (medians)\n", runs);
    g_print ("xmllint --schema (process):   %8.1f ms\n", xl * 1e3);
    g_print ("load+validate:                %8.1f ms\n", ld * 1e3);
    g_print ("lint:                         %8.1f ms  (%u errors)\n", li * 1e3, n_issues);
    g_print ("load+validate+lint / xmllint: %8.2fx  (goal <= 1.20x)\n", (ld + li) / xl);
    g_print ("save:                         %8.1f ms\n", median (t_save, runs) * 1e3);
    g_print ("diff (serial changed):        %8.1f ms  (%u entries)\n", median (t_diff, runs) * 1e3, n_changes);
    g_print ("memory of one loaded document: %ld KiB = %.2fx file size (goal < 10x)\n",
             rss_after - rss_before, (rss_after - rss_before) * 1024.0 / size);
    g_print ("peak while loading (objects, no tree): %ld KiB = %.2fx file size\n",
             rss_peak - rss_before, (rss_peak - rss_before) * 1024.0 / size);
  }

  g_unlink (file);
  g_unlink (file2);
  g_rmdir (tmpdir);
  return 0;
}
