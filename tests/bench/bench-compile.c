/* bench-compile.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * Compile time and flow count of the policy compiler.
 *
 *   bench-compile GEN-POLICY
 *
 * Runs the generator twice: its default fleet (compiled for its busiest
 * host) and one host with 10,000 domains / 20,000 VIFs.  For each, prints
 * the median compile time over several runs, the flows and groups the
 * plan holds, and the flow count a pairwise design (one flow per ordered
 * pair of VIFs on a switch) would need.  Goal: 10,000 domains under
 * 100 ms, flows linear in VIFs.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib/gstdio.h>

#include "xenon-model.h"

/* Runs per input; XN_BENCH_RUNS raises it on a busy machine. */
#define RUNS_DEFAULT 7
#define RUNS_MAX 1000
static guint RUNS = RUNS_DEFAULT;

/* CPU time of this thread: on a shared machine the wall clock also
 * counts the time other processes held the CPU. */
static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static gboolean
bench_one (const char *gen,
           const char *label,
           const char * const *gen_args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("xn-bench-compile-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(XnPolicy) policy = NULL;
  XnObjectList *hosts;
  const char *busiest = NULL;
  guint busiest_n = 0;
  double times[RUNS_MAX];
  double cpu[RUNS_MAX];
  guint64 n_vifs = 0, pairwise = 0, n_groups = 0, buckets = 0;
  g_autoptr(XnPlan) plan = NULL;
  int status = 0;

  if (dir == NULL)
    return FALSE;
  path = g_build_filename (dir, "policy.xml", NULL);
  g_ptr_array_add (argv, (gpointer) gen);
  for (guint i = 0; gen_args[i]; i++)
    g_ptr_array_add (argv, (gpointer) gen_args[i]);
  g_ptr_array_add (argv, "-o");
  g_ptr_array_add (argv, path);
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      fprintf (stderr, "bench-compile: %s: %s\n", gen, error->message);
      return FALSE;
    }
  policy = xn_policy_load_file (path, &error);
  g_unlink (path);
  g_rmdir (dir);
  if (policy == NULL)
    {
      fprintf (stderr, "bench-compile: %s\n", error->message);
      return FALSE;
    }
  hosts = xn_policy_get_hosts (policy);
  for (guint i = 0; i < xn_object_list_get_n_items (hosts); i++)
    {
      XnHost *host = xn_object_list_get (hosts, i);
      g_autoptr(GPtrArray) d = xn_host_dup_domains (host);

      if (d->len > busiest_n)
        {
          busiest_n = d->len;
          busiest = xn_object_get_name (XN_OBJECT (host));
        }
    }

  for (guint r = 0; r < RUNS; r++)
    {
      gint64 t0;
      double c0;

      /* Freeing the previous plan is timed too, as it always was. */
      t0 = g_get_monotonic_time ();
      c0 = thread_cpu_ms ();
      g_clear_pointer (&plan, xn_plan_unref);
      plan = xn_compile (policy, busiest, &error);
      cpu[r] = thread_cpu_ms () - c0;
      times[r] = (g_get_monotonic_time () - t0) / 1000.0;
      if (plan == NULL)
        {
          fprintf (stderr, "bench-compile: %s\n", error->message);
          return FALSE;
        }
    }
  qsort (times, RUNS, sizeof times[0], cmp_double);
  qsort (cpu, RUNS, sizeof cpu[0], cmp_double);

  for (guint s = 0; s < xn_plan_get_n_switches (plan); s++)
    {
      const char *sw = xn_plan_get_switch_name (plan, s);
      GPtrArray *ports = xn_plan_get_ports (plan, sw);
      GPtrArray *groups = xn_plan_get_groups (plan, sw);

      n_vifs += ports->len;
      pairwise += (guint64) ports->len * (ports->len > 0 ? ports->len - 1 : 0);
      n_groups += groups->len;
      for (guint g = 0; g < groups->len; g++)
        for (const char *p = g_ptr_array_index (groups, g); (p = strstr (p, "bucket=")); p++)
          buckets++;
    }

  printf ("%s: host %s, %u domains, %" G_GUINT64_FORMAT " VIFs on %u switches\n",
          label, busiest, busiest_n, n_vifs, xn_plan_get_n_switches (plan));
  printf ("  compile: median %.1f ms, min %.1f ms, max %.1f ms over %u runs (goal < 100 ms for 10,000 domains)\n",
          times[RUNS / 2], times[0], times[RUNS - 1], RUNS);
  printf ("  compile CPU time: median %.1f ms, min %.1f ms\n", cpu[RUNS / 2], cpu[0]);
  printf ("  flows: %u (%.2f per VIF), groups: %" G_GUINT64_FORMAT " with %" G_GUINT64_FORMAT
          " buckets, guard blob: %" G_GSIZE_FORMAT " bytes\n",
          xn_plan_get_n_flows (plan), n_vifs ? (double) xn_plan_get_n_flows (plan) / n_vifs : 0.0,
          n_groups, buckets, g_bytes_get_size (xn_plan_get_blob (plan)));
  printf ("  a pairwise design (one flow per ordered VIF pair per switch) would need %" G_GUINT64_FORMAT
          " flows\n", pairwise);
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  static const char * const fleet[] = { NULL };
  static const char * const single[] = { "--hosts", "1", "--domains-per-host", "10000", NULL };
  static const char * const small[] = { "--hosts", "1", "--domains-per-host", "1000", NULL };

  if (g_getenv ("XN_BENCH_RUNS"))
    RUNS = (guint) CLAMP (atoi (g_getenv ("XN_BENCH_RUNS")), 1, RUNS_MAX);
  if (argc != 2)
    {
      fprintf (stderr, "usage: bench-compile GEN-POLICY\n");
      return 2;
    }
  if (!bench_one (argv[1], "generated fleet (default)", fleet) ||
      !bench_one (argv[1], "single host, 1,000 domains", small) ||
      !bench_one (argv[1], "single host, 10,000 domains", single))
    return 1;
  return 0;
}
