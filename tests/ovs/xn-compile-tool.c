/* xn-compile-tool.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * A test helper, independent of the xenon-policy CLI: loads a policy,
 * compiles it for one host and writes one switch's flows, groups and
 * port table to files, or prints the connectivity verdict of every
 * ordered pair of that switch's ports (from the matrix, not the plan) so
 * the real-OVS test can compare the installed tables with it.
 *
 *   xn-compile-tool compile POLICY HOST SWITCH OUTPREFIX
 *       writes OUTPREFIX.flows, .groups, .ports
 *   xn-compile-tool pairs POLICY HOST SWITCH
 *       prints "SRC-OFPORT DST-OFPORT allow|deny REASON" per ordered pair
 *   xn-compile-tool plan POLICY HOST     prints xn_plan_format()
 *   xn-compile-tool matrix POLICY        prints xn_matrix_format()
 */

#include <stdio.h>
#include <stdlib.h>

#include "xenon-model.h"

static int
usage (void)
{
  fprintf (stderr, "usage: xn-compile-tool compile POLICY HOST SWITCH OUTPREFIX\n"
                   "       xn-compile-tool pairs POLICY HOST SWITCH\n"
                   "       xn-compile-tool plan POLICY HOST\n"
                   "       xn-compile-tool matrix POLICY\n");
  return 2;
}

static gboolean
write_file (const char *prefix,
            const char *suffix,
            const char *text)
{
  g_autofree char *path = g_strconcat (prefix, suffix, NULL);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, text, -1, &error))
    {
      fprintf (stderr, "xn-compile-tool: %s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(XnPolicy) policy = NULL;
  g_autoptr(XnPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  if (argc < 3)
    return usage ();
  policy = xn_policy_load_file (argv[2], &error);
  if (policy == NULL)
    {
      fprintf (stderr, "xn-compile-tool: %s\n", error->message);
      return 1;
    }
  if (g_str_equal (argv[1], "matrix"))
    {
      g_autoptr(XnMatrix) matrix = xn_matrix_new (policy);
      g_autofree char *text = xn_matrix_format (matrix);

      fputs (text, stdout);
      return 0;
    }
  if (argc < 4)
    return usage ();
  plan = xn_compile (policy, argv[3], &error);
  if (plan == NULL)
    {
      fprintf (stderr, "xn-compile-tool: %s\n", error->message);
      return 1;
    }
  if (g_str_equal (argv[1], "plan"))
    {
      g_autofree char *text = xn_plan_format (plan);

      fputs (text, stdout);
      return 0;
    }
  if (g_str_equal (argv[1], "compile") && argc == 6)
    {
      g_autofree char *flows = xn_plan_dup_flows_text (plan, argv[4]);
      g_autofree char *groups = xn_plan_dup_groups_text (plan, argv[4]);
      g_autofree char *ports = xn_plan_dup_ports_text (plan, argv[4]);

      if (flows == NULL)
        {
          fprintf (stderr, "xn-compile-tool: host %s has no switch %s\n", argv[3], argv[4]);
          return 1;
        }
      return write_file (argv[5], ".flows", flows) && write_file (argv[5], ".groups", groups) &&
             write_file (argv[5], ".ports", ports) ? 0 : 1;
    }
  if (g_str_equal (argv[1], "pairs") && argc == 5)
    {
      g_autoptr(XnMatrix) matrix = xn_matrix_new (policy);
      GPtrArray *ports = xn_plan_get_ports (plan, argv[4]);

      if (ports == NULL)
        return 1;
      for (guint i = 0; i < ports->len; i++)
        for (guint j = 0; j < ports->len; j++)
          {
            XnPlanPort *a = g_ptr_array_index (ports, i);
            XnPlanPort *b = g_ptr_array_index (ports, j);
            int da = xn_matrix_find_domain (matrix, argv[3], a->domain_name);
            int db = xn_matrix_find_domain (matrix, argv[3], b->domain_name);
            g_autofree char *why = NULL;
            gboolean ok;

            if (i == j || da < 0 || db < 0)
              continue;
            ok = xn_matrix_domains_may_communicate (matrix, da, db) && a->forwarding && b->forwarding;
            why = a->forwarding && b->forwarding ? xn_matrix_dup_domain_reason (matrix, da, db)
                                                 : g_strdup ("port not forwarding");
            printf ("%u %u %s %s\n", a->ofport, b->ofport, ok ? "allow" : "deny", why);
          }
      return 0;
    }
  return usage ();
}
