/* fuzz-compile.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Any bytes as a policy; whatever loads is compiled for every host, its
 * flows and plan formatted, serialised, read back and diffed, and its
 * matrix built. None of it may crash or leak. */

#include <stdint.h>

#include "xenon-model.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(XnPolicy) policy = xn_policy_load_bytes (bytes, "fuzz", NULL);
  XnObjectList *hosts;

  if (policy == NULL)
    return 0;
  hosts = xn_policy_get_hosts (policy);
  for (guint i = 0; i < xn_object_list_get_n_items (hosts); i++)
    {
      const char *name = xn_object_get_name (xn_object_list_get (hosts, i));
      g_autoptr(XnPlan) plan = name ? xn_compile (policy, name, NULL) : NULL;
      g_autoptr(GBytes) ser = NULL;
      g_autoptr(XnPlan) back = NULL;
      g_autoptr(XnPlanDiff) diff = NULL;
      g_autofree char *text = NULL;
      g_autofree char *dtext = NULL;

      if (plan == NULL)
        continue;
      for (guint s = 0; s < xn_plan_get_n_switches (plan); s++)
        {
          const char *sw = xn_plan_get_switch_name (plan, s);

          g_free (xn_plan_dup_flows_text (plan, sw));
          g_free (xn_plan_dup_groups_text (plan, sw));
          g_free (xn_plan_dup_ports_text (plan, sw));
        }
      text = xn_plan_format (plan);
      ser = xn_plan_serialize (plan);
      back = xn_plan_deserialize (ser, NULL);
      g_assert (back != NULL);
      diff = xn_plan_diff (back, plan, NULL);
      g_assert (xn_plan_diff_is_empty (diff));
      dtext = xn_plan_diff_format (diff);
      {
        /* The matrix answers every pair of every switch that compiled. */
        g_autoptr(XnNetMatrix) net = xn_net_matrix_new (policy, name, NULL);

        g_assert (net != NULL);
        g_free (xn_net_matrix_format (net, NULL));
      }
    }
  {
    g_autoptr(XnMatrix) matrix = xn_matrix_new (policy);

    g_free (xn_matrix_format (matrix));
  }
  return 0;
}
