/* test-learn.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Profile learning: the learning flag through XML, lint and compiler, the
 * proposal from observed calls, and the undoable edit that applies it. */

#include "config.h"

#include <string.h>

#include "xenon-model.h"
#include "xn-test.h"

#include "xng-names.h"

static XnPolicy *
load_e2e_policy (void)
{
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");
  g_autofree char *path = g_build_filename (srcdir ? srcdir : ".", "e2e", "e2e-policy.xml", NULL);
  g_autoptr(GError) error = NULL;
  XnPolicy *policy = xn_policy_load_file (path, &error);

  ck_assert_msg (policy != NULL, "%s", error ? error->message : "?");
  return policy;
}

static XnProfile *
profile_named (XnPolicy   *policy,
               const char *name)
{
  XnObject *o = xn_object_list_lookup_name (xn_policy_get_profiles (policy), name);

  ck_assert_msg (XN_IS_PROFILE (o), "no profile %s", name);
  return XN_PROFILE (o);
}

/* "name[subops]" of every rule, in order, e.g. "xen_version[0-1] sched_op". */
static char *
rules_text (XnProfile *profile)
{
  XnObjectList *rules = xn_profile_get_hypercalls (profile);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < xn_object_list_get_n_items (rules); i++)
    {
      XnHypercallRule *r = xn_object_list_get (rules, i);
      const char *subops = xn_hypercall_rule_get_subops (r);

      g_string_append_printf (s, "%s%s", s->len ? " " : "", xn_object_get_name (XN_OBJECT (r)));
      if (subops)
        g_string_append_printf (s, "[%s]", subops);
    }
  return g_string_free (s, FALSE);
}

static gboolean
has_change (GPtrArray  *changes,
            const char *text)
{
  for (guint i = 0; i < changes->len; i++)
    if (strstr (g_ptr_array_index (changes, i), text) != NULL)
      return TRUE;
  return FALSE;
}

START_TEST (test_subops_format)
{
  guint64 map[2] = { 0, 0 };
  g_autofree char *empty = xn_subops_format (map);
  g_autofree char *text = NULL;

  ck_assert_str_eq (empty, "");
  for (guint op = 0; op <= 3; op++)
    map[0] |= G_GUINT64_CONSTANT (1) << op;
  map[0] |= G_GUINT64_CONSTANT (1) << 7;
  map[0] |= G_GUINT64_CONSTANT (1) << 63;
  map[1] |= 1 | (G_GUINT64_CONSTANT (1) << 63);
  text = xn_subops_format (map);
  ck_assert_str_eq (text, "0-3,7,63-64,127");
}
END_TEST

/* The e2e probe's calls outside E2E-Probe, as the daemon reports them. */
START_TEST (test_learn_proposal)
{
  g_autoptr(XnPolicy) policy = load_e2e_policy ();
  XnProfile *base = profile_named (policy, "E2E-Probe");
  const XnObservedCall calls[] = {
    { 24, 3, 1 },     /* vcpu_op is_up */
    { 17, 1, 2 },     /* xen_version extraversion, twice */
    { 17, 0, 900 },   /* xen_version version: rate violations, already allowed */
    { 200, 0, 1 },    /* no such hypercall */
    { 17, 1000, 1 },  /* beyond the guard's sub-op filter */
  };
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(XnProfile) learned = NULL;
  g_autofree char *before = rules_text (base);
  g_autofree char *text = NULL;
  g_autofree char *vcpu = NULL;

  /* Without the out-of-range sub-op first: exact sub-ops. */
  learned = xn_profile_learn (base, calls, 4, changes);
  text = rules_text (learned);
  vcpu = g_strdup (xng_mux_slot (24) >= 0 ? "vcpu_op[3]" : "vcpu_op");
  ck_assert_msg (strstr (text, "xen_version[0-1]") != NULL, "%s", text);
  ck_assert_msg (strstr (text, vcpu) != NULL, "%s", text);
  ck_assert_msg (strstr (text, "sched_op") && strstr (text, "event_channel_op"), "%s", text);
  /* Hypercall number order: xen_version 17, vcpu_op 24, sched_op 29, event_channel_op 32. */
  ck_assert_msg (strstr (text, "xen_version") < strstr (text, "vcpu_op")
                 && strstr (text, "vcpu_op") < strstr (text, "sched_op")
                 && strstr (text, "sched_op") < strstr (text, "event_channel_op"), "%s", text);
  ck_assert_uint_eq (changes->len, 3);
  ck_assert (has_change (changes, "vcpu_op"));
  ck_assert (has_change (changes, "xen_version sub-op 1 (extraversion)"));
  ck_assert (has_change (changes, "hypercall 200"));

  /* The base profile is untouched; limits and name carry over. */
  {
    g_autofree char *now = rules_text (base);

    ck_assert_str_eq (now, before);
  }
  ck_assert_str_eq (xn_object_get_name (XN_OBJECT (learned)), "E2E-Probe");
  ck_assert_str_eq (xn_object_get_uuid (XN_OBJECT (learned)), xn_object_get_uuid (XN_OBJECT (base)));
  ck_assert_uint_eq (xn_profile_get_max_violations (learned), 20);
  ck_assert_int_eq (xn_profile_get_violation_action (learned), XN_VIOLATION_ACTION_PAUSE);
  ck_assert_uint_eq (xn_profile_get_rate_hmax (learned), 50);
  ck_assert_uint_eq (xn_profile_get_rate_burst (learned), 100);
  ck_assert (!xn_profile_get_learning (learned));

  /* A sub-op the guard cannot filter by grants the whole hypercall. */
  g_clear_object (&learned);
  g_ptr_array_set_size (changes, 0);
  learned = xn_profile_learn (base, calls, G_N_ELEMENTS (calls), changes);
  g_free (text);
  text = rules_text (learned);
  ck_assert_msg (strstr (text, "xen_version ") != NULL && strstr (text, "xen_version[") == NULL, "%s", text);
  ck_assert (has_change (changes, "every sub-op"));
}
END_TEST

START_TEST (test_learn_without_base)
{
  const XnObservedCall calls[] = { { 29, 0, 1 }, { 12, 7, 1 } };
  const XnObservedCall probe[] = { { 35, 1, 1 } };
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(XnProfile) learned = xn_profile_learn (NULL, calls, G_N_ELEMENTS (calls), NULL);
  g_autoptr(XnProfile) risky = xn_profile_learn (NULL, probe, 1, changes);
  g_autofree char *text = rules_text (learned);
  g_autofree char *expect = g_strdup_printf ("memory_op%s sched_op%s",
                                             xng_mux_slot (12) >= 0 ? "[7]" : "",
                                             xng_mux_slot (29) >= 0 ? "[0]" : "");

  ck_assert_str_eq (text, expect);
  /* sysctl controls the host: the proposal says so. */
  ck_assert_uint_eq (changes->len, 1);
  ck_assert (xn_profile_find_hypercall (risky, "sysctl") != NULL);
  ck_assert_msg (strstr (g_ptr_array_index (changes, 0), "sysctl — a management hypercall") != NULL,
                 "%s", (char *) g_ptr_array_index (changes, 0));
}
END_TEST

/* A legacy hypercall is never proposed: the proposal says why, once. */
START_TEST (test_learn_leaves_legacy_out)
{
  const XnObservedCall calls[] = { { 16, 0xffff, 3 }, { 16, 1, 1 }, { 6, 0, 1 }, { 32, 3, 1 } };
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(XnProfile) learned = xn_profile_learn (NULL, calls, G_N_ELEMENTS (calls), changes);
  g_autofree char *text = rules_text (learned);
  guint n16 = 0;

  ck_assert_str_eq (text, "event_channel_op[3]");
  for (guint i = 0; i < changes->len; i++)
    n16 += strstr (g_ptr_array_index (changes, i), "event_channel_op_compat left out") != NULL;
  ck_assert_uint_eq (n16, 1);
  ck_assert (has_change (changes, "(the guest would call event_channel_op instead)"));
  ck_assert (has_change (changes, "sched_op_compat left out"));
}
END_TEST

/* Applying is one undoable edit that also ends learning. */
START_TEST (test_learn_command)
{
  g_autoptr(XnPolicy) policy = load_e2e_policy ();
  XnProfile *target = profile_named (policy, "E2E-Probe");
  const XnObservedCall calls[] = { { 24, 3, 1 } };
  g_autoptr(XnProfile) learned = NULL;
  g_autoptr(XnCommand) cmd = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL, *reverted = NULL, *proposed = NULL;

  xn_profile_set_learning (target, TRUE);
  before = rules_text (target);
  learned = xn_profile_learn (target, calls, 1, NULL);
  proposed = rules_text (learned);
  cmd = xn_profile_learn_command_new (target, learned);
  ck_assert_msg (xn_command_apply (cmd, &error), "%s", error ? error->message : "");
  after = rules_text (target);
  ck_assert_str_eq (after, proposed);
  ck_assert (!xn_profile_get_learning (target));
  ck_assert_msg (xn_command_revert (cmd, &error), "%s", error ? error->message : "");
  reverted = rules_text (target);
  ck_assert_str_eq (reverted, before);
  ck_assert (xn_profile_get_learning (target));
}
END_TEST

/* The flag through XML, the lint and the compiler's guard blob. */
START_TEST (test_learning_flag)
{
  g_autoptr(XnPolicy) policy = load_e2e_policy ();
  XnProfile *probe = profile_named (policy, "E2E-Probe");
  g_autoptr(GBytes) plain = xn_policy_save_to_bytes (policy, NULL);
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(XnPolicy) reloaded = NULL;
  g_autoptr(GListModel) issues = NULL;
  g_autoptr(XnPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  struct xng_policy pol;
  GBytes *blob;
  gboolean warned = FALSE, linted = FALSE;
  guint n_permissive = 0;

  /* Written on and off, as every boolean: fmt keeps a "false" someone
   * wrote (the policy's E2E-Learn has it on). */
  ck_assert (strstr (g_bytes_get_data (plain, NULL), "learning=\"true\"") != NULL);
  xml = xn_profile_to_xml (profile_named (policy, "E2E-Peer"));
  ck_assert_msg (strstr (xml, "learning=\"false\"") != NULL, "%s", xml);
  g_clear_pointer (&xml, g_free);
  xn_profile_set_learning (probe, TRUE);
  xml = xn_profile_to_xml (probe);
  ck_assert_msg (strstr (xml, "<profile ") == xml && strstr (xml, "learning=\"true\""), "%s", xml);
  saved = xn_policy_save_to_bytes (policy, &error);
  ck_assert (saved != NULL);
  reloaded = xn_policy_load_bytes (saved, "saved", &error);
  ck_assert_msg (reloaded != NULL, "%s", error ? error->message : "");
  ck_assert (xn_profile_get_learning (profile_named (reloaded, "E2E-Probe")));
  ck_assert (!xn_profile_get_learning (profile_named (reloaded, "E2E-Peer")));
  ck_assert (xn_profile_get_learning (profile_named (reloaded, "E2E-Learn")));

  issues = xn_lint_run (policy, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (issues); i++)
    {
      g_autoptr(XnLintIssue) issue = g_list_model_get_item (issues, i);

      if (g_str_equal (xn_lint_issue_get_code (issue), "XN-L032"))
        linted |= strstr (xn_lint_issue_get_message (issue), "E2E-Probe") != NULL;
    }
  ck_assert (linted);

  plan = xn_compile (policy, "e2e", &error);
  ck_assert_msg (plan != NULL, "%s", error ? error->message : "");
  for (const char * const *w = xn_plan_get_warnings (plan); w && *w; w++)
    warned |= strstr (*w, "E2E-Probe") != NULL && strstr (*w, "learning") != NULL;
  ck_assert (warned);
  blob = xn_plan_get_blob (plan);
  ck_assert_int_eq (xng_blob_parse (&pol, g_bytes_get_data (blob, NULL), g_bytes_get_size (blob)), 0);
  /* Five profiles (E2E-Probe, E2E-Peer, E2E-Learn, E2E-Cont and the one
   * the compiler adds for Domain-0), of which the probe's and E2E-Learn's
   * are permissive, not E2E-Peer's, E2E-Cont's nor Domain-0's. */
  ck_assert_uint_eq (pol.n_profiles, 5);
  for (guint i = 0; i < pol.n_profiles; i++)
    n_permissive += (pol.profiles[i].flags & XNG_PROFILE_F_PERMISSIVE) != 0;
  ck_assert_uint_eq (n_permissive, 2);
}
END_TEST

static Suite *
learn_suite (void)
{
  Suite *s = suite_create ("learn");
  TCase *tc = tcase_create ("learn");

  tcase_add_test (tc, test_subops_format);
  tcase_add_test (tc, test_learn_proposal);
  tcase_add_test (tc, test_learn_without_base);
  tcase_add_test (tc, test_learn_leaves_legacy_out);
  tcase_add_test (tc, test_learn_command);
  tcase_add_test (tc, test_learning_flag);
  suite_add_tcase (s, tc);
  return s;
}

XN_TEST_MAIN (learn_suite)
