/* xn-compile-tool.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * A test helper, independent of the xenon-policy CLI: loads a policy,
 * compiles it for one host and writes one switch's flows, groups and
 * port table to files, or prints the verdict of every ordered pair of
 * that switch's ports from the model's network matrix (XnNetMatrix), so
 * the real-OVS tests trace the installed tables against it.
 *
 *   xn-compile-tool compile POLICY HOST SWITCH OUTPREFIX
 *       writes OUTPREFIX.flows, .groups, .ports
 *   xn-compile-tool pairs POLICY HOST SWITCH
 *       prints "SRC DST allow|deny CODE PROBE REASON" per ordered pair:
 *       SRC, DST the OpenFlow ports (LOCAL for the bridge's own), CODE
 *       xn_pair_reason_get_code(), PROBE the packet that must pass when
 *       allowed ("ip", or "tcp:22", "udp:0", "icmp" when the source's
 *       whitelist allows only that)
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
      g_autoptr(XnNetMatrix) net = xn_net_matrix_new (policy, argv[3], &error);
      int sw = net ? xn_net_matrix_find_switch (net, argv[4]) : -1;
      guint n;

      if (sw < 0)
        {
          fprintf (stderr, "xn-compile-tool: host %s has no switch %s\n", argv[3], argv[4]);
          return 1;
        }
      n = xn_net_matrix_get_n_ports (net, sw);
      for (guint i = 0; i < n; i++)
        for (guint j = 0; j < n; j++)
          {
            const XnPlanPort *a = xn_net_matrix_get_port (net, sw, i);
            const XnPlanPort *b = xn_net_matrix_get_port (net, sw, j);
            g_autofree char *why = NULL;
            g_autofree char *probe = NULL;
            char pa[16], pb[16];
            XnPairVerdict v;
            gboolean ok;

            if (i == j)
              continue;
            ok = xn_net_matrix_get_cell (net, sw, i, j, &v);
            why = xn_net_matrix_dup_cell_reason (net, sw, i, j);
            probe = v.reason == XN_PAIR_WHITELIST_LIMITED ? g_strdup_printf ("%s:%u", v.proto, v.port)
                                                          : g_strdup ("ip");
            if (a->ofport == XN_PLAN_OFPORT_LOCAL)
              g_strlcpy (pa, "LOCAL", sizeof pa);
            else
              g_snprintf (pa, sizeof pa, "%u", a->ofport);
            if (b->ofport == XN_PLAN_OFPORT_LOCAL)
              g_strlcpy (pb, "LOCAL", sizeof pb);
            else
              g_snprintf (pb, sizeof pb, "%u", b->ofport);
            printf ("%s %s %s %s %s %s\n", pa, pb, ok ? "allow" : "deny",
                    xn_pair_reason_get_code (v.reason), probe, why);
          }
      return 0;
    }
  return usage ();
}
