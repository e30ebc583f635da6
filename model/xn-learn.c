/* xn-learn.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * Profile learning: a domain runs under a profile in learning mode (the
 * guard records what falls outside it and denies nothing), and the calls
 * it was recorded making are added to that profile.  The proposal is the
 * smallest profile that would have allowed the run: hypercalls the guard
 * can filter by sub-op get exactly the sub-ops seen, the others the whole
 * hypercall.  Rate and violation limits stay as the officer set them.
 */

#define G_LOG_DOMAIN "xn-learn"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "xn-commands.h"
#include "xn-compile.h"
#include "xn-hypercall-rule.h"
#include "xn-learn.h"
#include "xn-syntax.h"
#include "xn-object-list.h"

#include "xng-names.h"

#define N_HCALLS 64   /* the guard's bitmap of hypercalls */

typedef struct
{
  gboolean present;
  gboolean all;       /* no sub-op filter */
  guint64  map[2];    /* sub-ops 0..127 when !all */
} Right;

/* Hypercalls that control the host or other domains: a profile learned
 * from a compromised or buggy run must not slip them in unnoticed. */
static gboolean
is_management (const char *name)
{
  static const char *const names[] = { "platform_op", "sysctl", "domctl", "kexec_op", "xsm_op" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (name, names[i]))
      return TRUE;
  return FALSE;
}

static void
note (GPtrArray *changes,
      char      *text)
{
  if (changes != NULL)
    g_ptr_array_add (changes, text);
  else
    g_free (text);
}

/**
 * xn_profile_learn:
 * @base: (nullable): the profile the domain ran under
 * @calls: (array length=n_calls): the calls recorded outside @base
 * @n_calls: number of @calls
 * @changes: (nullable) (element-type utf8): receives one sentence per
 *   right added, e.g. "vcpu_op" or "xen_version sub-op 1 (extraversion)"
 *
 * Proposes the smallest profile that allows what @base allows plus every
 * call in @calls.  The result is a new profile, not in any policy, with
 * @base's UUID, name, guest type, privilege, rate and violation limits, learning
 * mode off, and its rules in hypercall number order.  Rules of @base the
 * guard cannot read (unknown names, bad sub-op lists) are kept as they are.
 *
 * Returns: (transfer full): the proposed profile
 */
XnProfile *
xn_profile_learn (XnProfile            *base,
                  const XnObservedCall *calls,
                  gsize                 n_calls,
                  GPtrArray            *changes)
{
  Right rights[N_HCALLS] = { { 0 } };
  guint64 legacy_noted = 0;
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_object_unref);
  XnProfile *out;

  g_return_val_if_fail (base == NULL || XN_IS_PROFILE (base), NULL);
  g_return_val_if_fail (calls != NULL || n_calls == 0, NULL);

  /* The proposal is @base revised, so it keeps @base's identity. */
  out = base != NULL ? g_object_new (XN_TYPE_PROFILE, "uuid", xn_object_get_uuid (XN_OBJECT (base)), NULL)
                     : xn_profile_new ();

  if (base != NULL)
    {
      XnObjectList *rules = xn_profile_get_hypercalls (base);

      xn_object_set_name (XN_OBJECT (out), xn_object_get_name (XN_OBJECT (base)));
      xn_profile_set_guest_type (out, xn_profile_get_guest_type (base));
      xn_profile_set_privilege (out, xn_profile_get_privilege (base));
      xn_profile_set_max_violations (out, xn_profile_get_max_violations (base));
      xn_profile_set_violation_action (out, xn_profile_get_violation_action (base));
      xn_profile_set_rate_hmax (out, xn_profile_get_rate_hmax (base));
      xn_profile_set_rate_burst (out, xn_profile_get_rate_burst (base));

      for (guint i = 0; i < xn_object_list_get_n_items (rules); i++)
        {
          XnHypercallRule *rule = xn_object_list_get (rules, i);
          const char *name = xn_object_get_name (XN_OBJECT (rule));
          const char *subops = xn_hypercall_rule_get_subops (rule);
          int h = name ? xng_hypercall_by_name (name) : -1;
          guint64 map[2];

          if (h < 0 || h >= N_HCALLS
              || (subops != NULL && !xn_subops_parse_list (subops, map, NULL)))
            {
              g_ptr_array_add (kept, xn_hypercall_rule_new (name, subops));
              continue;
            }
          rights[h].present = TRUE;
          if (subops == NULL || xng_mux_slot ((guint) h) < 0)
            rights[h].all = TRUE;
          else
            {
              rights[h].map[0] |= map[0];
              rights[h].map[1] |= map[1];
            }
        }
    }
  else
    xn_object_set_name (XN_OBJECT (out), _("Learned"));

  for (gsize i = 0; i < n_calls; i++)
    {
      guint h = calls[i].hcall;
      guint64 op = calls[i].subop;
      const char *hname = xng_hypercall_name (h);
      Right *r;

      if (h >= N_HCALLS || hname == NULL)
        {
          note (changes, g_strdup_printf (_("hypercall %u is not one the guard knows: left out"), h));
          continue;
        }
      if (xng_legacy_successor (h) >= 0)
        {
          /* No profile may allow it (XN-L037); the guest can use the
           * successor, which the proposal does not grant unasked. */
          if (legacy_noted & (G_GUINT64_CONSTANT (1) << h))
            continue;
          legacy_noted |= G_GUINT64_CONSTANT (1) << h;
          note (changes, g_strdup_printf (_("%s left out: a legacy hypercall no profile may allow "
                                            "(the guest would call %s instead)"),
                                          hname, xng_hypercall_name ((guint) xng_legacy_successor (h))));
          continue;
        }
      r = &rights[h];
      if (xng_mux_slot (h) < 0 || op >= XNG_N_SUBOPS)
        {
          if (!r->present || !r->all)
            note (changes, op >= XNG_N_SUBOPS && xng_mux_slot (h) >= 0
                  ? g_strdup_printf (_("%s (every sub-op: %" PRIu64 " is beyond the guard's filter)"),
                                     hname, (uint64_t) op)
                  : is_management (hname)
                  ? g_strdup_printf (_("%s — a management hypercall: grant it to a root domain only"), hname)
                  : g_strdup (hname));
          r->present = TRUE;
          r->all = TRUE;
          continue;
        }
      if (r->present && (r->all || (r->map[op / 64] & (G_GUINT64_CONSTANT (1) << (op % 64)))))
        continue;
      {
        const char *oname = xng_subop_name (h, op);

        note (changes, oname
              ? g_strdup_printf (_("%s sub-op %" PRIu64 " (%s)"), hname, (uint64_t) op, oname)
              : g_strdup_printf (_("%s sub-op %" PRIu64), hname, (uint64_t) op));
      }
      r->present = TRUE;
      r->map[op / 64] |= G_GUINT64_CONSTANT (1) << (op % 64);
    }

  for (guint h = 0; h < N_HCALLS; h++)
    {
      g_autofree char *subops = NULL;

      if (!rights[h].present)
        continue;
      if (!rights[h].all)
        subops = xn_subops_format (rights[h].map);
      {
        g_autoptr(XnHypercallRule) rule = xn_hypercall_rule_new (xng_hypercall_name (h), subops);

        xn_object_list_append (xn_profile_get_hypercalls (out), XN_OBJECT (rule));
      }
    }
  for (guint i = 0; i < kept->len; i++)
    xn_object_list_append (xn_profile_get_hypercalls (out), g_ptr_array_index (kept, i));

  return out;
}

/**
 * xn_profile_learn_command_new:
 * @target: a profile in a policy
 * @learned: a proposal from xn_profile_learn()
 *
 * One undoable edit that gives @target the rules of @learned and turns
 * its learning mode off.
 *
 * Returns: (transfer full): the command, not yet applied
 */
XnCommand *
xn_profile_learn_command_new (XnProfile *target,
                              XnProfile *learned)
{
  XnObjectList *rules, *proposed;
  XnCommand *group;
  g_auto(GValue) off = G_VALUE_INIT;
  guint n;

  g_return_val_if_fail (XN_IS_PROFILE (target), NULL);
  g_return_val_if_fail (XN_IS_PROFILE (learned), NULL);

  rules = xn_profile_get_hypercalls (target);
  proposed = xn_profile_get_hypercalls (learned);
  group = xn_group_command_new (_("Apply learned profile"));
  n = xn_object_list_get_n_items (rules);
  for (guint i = n; i > 0; i--)
    xn_group_command_add (XN_GROUP_COMMAND (group), xn_remove_command_new (rules, i - 1));
  for (guint i = 0; i < xn_object_list_get_n_items (proposed); i++)
    {
      XnObject *rule = xn_object_list_get (proposed, i);
      g_autoptr(XnHypercallRule) copy =
        xn_hypercall_rule_new (xn_object_get_name (rule),
                               xn_hypercall_rule_get_subops (XN_HYPERCALL_RULE (rule)));

      xn_group_command_add (XN_GROUP_COMMAND (group),
                            xn_insert_command_new (rules, i, XN_OBJECT (copy)));
    }
  g_value_init (&off, G_TYPE_BOOLEAN);
  g_value_set_boolean (&off, FALSE);
  xn_group_command_add (XN_GROUP_COMMAND (group),
                        xn_set_property_command_new (G_OBJECT (target), "learning", &off));
  return group;
}
