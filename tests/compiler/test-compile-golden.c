/* test-compile-golden.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Pins the compiler's complete output (suite compiler): every field of
 * every plan entry, the flow, group and port tables in both forms, the
 * xl configurations, the guard blob's bytes, the summary and the
 * serialised plan, for the fixtures, an edited fixture that reaches the
 * rarer paths (whitelists, VIFs without address, disabled VIFs,
 * exclusive conflicts) and a generated policy.  The digests were taken
 * from the compiler before it was tuned for speed: the tuning must not
 * change one byte.  Run with XN_GOLDEN_PRINT=1 to print the digests. */

#include <string.h>

#include <glib/gstdio.h>

#include "xenon-model.h"
#include "xn-test.h"

/* argv[1] of the executable: the policy generator, or NULL. */
static const char *gen_policy_path;

/* 16 hex digits of SHA-256 per section. */
static void
add_section (GString    *summary,
             const char *name,
             const void *data,
             gsize       len)
{
  g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);

  g_string_append_printf (summary, "%s=%.16s\n", name, sum);
}

static void
add_text (GString    *summary,
          const char *name,
          GString    *text)
{
  add_section (summary, name, text->str, text->len);
}

static char *
plan_summary (XnPlan *plan)
{
  GString *summary = g_string_new (NULL);
  g_autoptr(GString) head = g_string_new (NULL);
  g_autoptr(GString) doms = g_string_new (NULL);
  g_autoptr(GString) xl = g_string_new (NULL);
  g_autoptr(GString) flows = g_string_new (NULL);
  g_autoptr(GString) groups = g_string_new (NULL);
  g_autoptr(GString) ports = g_string_new (NULL);
  g_autoptr(GString) texts = g_string_new (NULL);
  g_autofree char *format = xn_plan_format (plan);
  g_autoptr(GBytes) ser = xn_plan_serialize (plan);
  g_autoptr(XnPlan) back = NULL;
  g_autoptr(GBytes) ser2 = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *blob = xn_plan_get_blob (plan);
  guint n_flows = 0;

  g_string_append_printf (head, "serial %" G_GUINT64_FORMAT " host %s domains %u switches %u\n",
                          xn_plan_get_serial (plan), xn_plan_get_host_name (plan),
                          xn_plan_get_n_domains (plan), xn_plan_get_n_switches (plan));
  for (const char * const *t = xn_plan_get_tag_names (plan); *t; t++)
    g_string_append_printf (head, "tag %s\n", *t);
  for (guint i = 0; i < xn_plan_get_n_exclusions (plan); i++)
    {
      const XnPlanExclusion *ex = xn_plan_get_exclusion (plan, i);

      g_string_append_printf (head, "exclusion %s %s %s\n", ex->tag_a, ex->tag_b,
                              ex->conflict_name);
      ck_assert (xn_plan_tags_exclusive (plan, ex->tag_b, ex->tag_a));
    }
  for (const char * const *w = xn_plan_get_warnings (plan); *w; w++)
    g_string_append_printf (head, "warning %s\n", *w);

  for (guint i = 0; i < xn_plan_get_n_domains (plan); i++)
    {
      const XnPlanDomain *d = xn_plan_get_domain (plan, i);

      ck_assert_ptr_eq (xn_plan_find_domain (plan, d->uuid), d);
      g_string_append_printf (doms, "%s|%s|%s|%u|%s|%u|%u|%d\n", d->uuid, d->name,
                              d->tag_name ? d->tag_name : "-", d->tag, d->profile_name,
                              d->profile, d->max_violations, d->action);
      g_string_append_printf (xl, "[%s]\n%s", d->name, d->xl_config ? d->xl_config : "(none)\n");
    }

  for (guint s = 0; s < xn_plan_get_n_switches (plan); s++)
    {
      const char *name = xn_plan_get_switch_name (plan, s);
      GPtrArray *f = xn_plan_get_flows (plan, name);
      GPtrArray *g = xn_plan_get_groups (plan, name);
      GPtrArray *p = xn_plan_get_ports (plan, name);
      g_autofree char *ft = xn_plan_dup_flows_text (plan, name);
      g_autofree char *gt = xn_plan_dup_groups_text (plan, name);
      g_autofree char *pt = xn_plan_dup_ports_text (plan, name);

      g_string_append_printf (flows, "[%s]\n", name);
      for (guint i = 0; i < f->len; i++)
        g_string_append_printf (flows, "%s\n", (char *) g_ptr_array_index (f, i));
      n_flows += f->len;
      g_string_append_printf (groups, "[%s]\n", name);
      for (guint i = 0; i < g->len; i++)
        g_string_append_printf (groups, "%s\n", (char *) g_ptr_array_index (g, i));
      g_string_append_printf (ports, "[%s]\n", name);
      for (guint i = 0; i < p->len; i++)
        {
          XnPlanPort *port = g_ptr_array_index (p, i);

          g_string_append_printf (ports, "%s|%s|%s|%s|%s|%u|%s|%s|%u|%s|%u|%d\n",
                                  port->vif_uuid, port->domain_uuid, port->domain_name,
                                  port->switch_name, port->port_name, port->ofport,
                                  port->mac ? port->mac : "-", port->ip ? port->ip : "-",
                                  port->tag, port->tag_name ? port->tag_name : "-",
                                  port->enclave, port->forwarding);
        }
      g_string_append_printf (texts, "[%s]\n%s--\n%s--\n%s--\n", name, ft, gt, pt);
    }
  ck_assert_uint_eq (n_flows, xn_plan_get_n_flows (plan));
  ck_assert_ptr_null (xn_plan_get_flows (plan, "no-such-switch"));

  /* What the daemon stores must read back to the same plan. */
  back = xn_plan_deserialize (ser, &error);
  ck_assert_msg (back != NULL, "deserialize: %s", error ? error->message : "");
  ser2 = xn_plan_serialize (back);
  ck_assert (g_bytes_equal (ser, ser2));

  add_text (summary, "head", head);
  add_text (summary, "domains", doms);
  add_text (summary, "xl", xl);
  add_text (summary, "flows", flows);
  add_text (summary, "groups", groups);
  add_text (summary, "ports", ports);
  add_text (summary, "texts", texts);
  add_section (summary, "blob", g_bytes_get_data (blob, NULL), g_bytes_get_size (blob));
  add_section (summary, "format", format, strlen (format));
  add_section (summary, "serialized", g_bytes_get_data (ser, NULL), g_bytes_get_size (ser));
  return g_string_free (summary, FALSE);
}

static void
check_summary (const char *label,
               XnPlan     *plan,
               const char *golden)
{
  g_autofree char *summary = plan_summary (plan);

  if (g_getenv ("XN_GOLDEN_PRINT"))
    printf ("%s:\n%s", label, summary);
  ck_assert_msg (g_str_equal (summary, golden), "%s: plan differs from the golden digests\n"
                 "expected:\n%sgot:\n%s", label, golden, summary);
}

static XnPolicy *
load (const char *name)
{
  g_autofree char *path = xn_test_data_path (name);
  g_autoptr(GError) error = NULL;
  XnPolicy *policy = xn_policy_load_file (path, &error);

  ck_assert_msg (policy != NULL, "%s: %s", name, error ? error->message : "");
  return policy;
}

static XnPlan *
compile_ok (XnPolicy   *policy,
            const char *host)
{
  g_autoptr(GError) error = NULL;
  XnPlan *plan = xn_compile (policy, host, &error);

  ck_assert_msg (plan != NULL, "compile %s: %s", host, error ? error->message : "");
  return plan;
}

static const struct
{
  const char *file;
  const char *host;
  const char *golden;
} fixtures[] = {
  { "xenon-enterprise-demo.xml", "localhost",
    "head=d82e916720e717c8\n"
    "domains=40880ce370491bb3\n"
    "xl=9d5f81926bcd0c63\n"
    "flows=50fac834bfdb5b8c\n"
    "groups=43dda66ffa23742e\n"
    "ports=d21ac512f8c8aa2f\n"
    "texts=384a07196546c7ed\n"
    "blob=5476e3b25542237c\n"
    "format=8e9175eb1f7858dc\n"
    "serialized=37312603a5b15840\n" },
  { "a-simple-policy.xml", "10.0.2.107",
    "head=18c6ee610f46267d\n"
    "domains=b18e16e0ed839def\n"
    "xl=f192c802e3ee0b38\n"
    "flows=07271e23789232cd\n"
    "groups=0acf220666b074b7\n"
    "ports=87740f4b2666dbda\n"
    "texts=e00381469cdc25e4\n"
    "blob=f63302333e00281e\n"
    "format=b5a02fcd68f993cf\n"
    "serialized=ef2420965b4f1637\n" },
  { "ovs-policy.xml", "ovshost",
    "head=6f4bd3ed8c7344fb\n"
    "domains=0eac4e8a0e24ec1f\n"
    "xl=cb948e4a239b3cc4\n"
    "flows=e83f8d72580d4a38\n"
    "groups=6a572b595d69dee2\n"
    "ports=d41614878e2890a4\n"
    "texts=42b98b42fad82832\n"
    "blob=3349da496edabbe7\n"
    "format=40f14731a64ad0db\n"
    "serialized=2257087c2d35936d\n" },
};

START_TEST (test_golden_fixture)
{
  g_autoptr(XnPolicy) policy = load (fixtures[_i].file);
  g_autoptr(XnPlan) plan = compile_ok (policy, fixtures[_i].host);

  check_summary (fixtures[_i].file, plan, fixtures[_i].golden);
}
END_TEST

static guint
count_prefix (GPtrArray  *flows,
              const char *prefix)
{
  guint n = 0;

  for (guint i = 0; i < flows->len; i++)
    n += g_str_has_prefix (g_ptr_array_index (flows, i), prefix);
  return n;
}

static void
add_allow (XnDomain   *domain,
           const char *address,
           const char *proto,
           guint       port)
{
  g_autoptr(XnNetAllow) allow = xn_net_allow_new ();

  xn_net_allow_set_address (allow, address);
  xn_net_allow_set_proto (allow, proto);
  xn_net_allow_set_port (allow, port);
  xn_object_list_append (xn_domain_get_net_allow (domain), XN_OBJECT (allow));
}

/* The demo with the paths the fixtures leave out. */
START_TEST (test_golden_edited)
{
  g_autoptr(XnPolicy) policy = load ("xenon-enterprise-demo.xml");
  XnHost *host = xn_policy_find_host_by_name (policy, "localhost");
  XnDomain *vm1 = xn_host_find_domain_by_name (host, "user_vm_1");
  XnDomain *vm2 = xn_host_find_domain_by_name (host, "user_vm_2");
  XnObjectList *conflicts = xn_policy_get_conflicts (policy);
  g_autoptr(XnPlan) plan = NULL;
  XnVif *vif;

  ck_assert_ptr_nonnull (vm1);
  ck_assert_ptr_nonnull (vm2);
  xn_domain_set_whitelist (vm1, TRUE);
  add_allow (vm1, "10.10.4.77/24", "tcp", 443);
  add_allow (vm1, "10.10.4.0/24", "tcp", 443);   /* the same flow again */
  add_allow (vm1, "10.10.4.31", "any", 0);
  add_allow (vm1, "10.10.5.0/25", "udp", 53);
  add_allow (vm1, "10.10.6.1", "udp", 0);
  add_allow (vm1, "0.0.0.0/0", "icmp", 0);
  add_allow (vm1, "192.168.1.2/32", NULL, 0);
  add_allow (vm1, "172.16.0.0/12", "tcp", 0);
  xn_domain_set_whitelist (vm2, TRUE);

  vif = xn_object_list_get (xn_domain_get_vifs (vm2), 0);
  xn_vif_set_mac (vif, "00:16:3E:5C:10:2A");
  for (guint i = 0; i < xn_object_list_get_n_items (conflicts); i++)
    xn_conflict_set_allow_simultaneous (xn_object_list_get (conflicts, i), FALSE);
  plan = compile_ok (policy, "localhost");
  /* The edits reach the paths they are meant to: 8 entries, 1 a duplicate,
   * each an IP flow and an ARP flow. */
  ck_assert_uint_eq (count_prefix (xn_plan_get_flows (plan, "secbr0"), "table=2,priority=200,"), 14);
  ck_assert_uint_ne (xn_plan_get_n_exclusions (plan), 0);
  check_summary ("edited demo", plan,
                 "head=aa26cca909dcaf47\n"
                 "domains=40880ce370491bb3\n"
                 "xl=de2920b881f7afbf\n"
                 "flows=2becafde0aa58e8b\n"
                 "groups=43dda66ffa23742e\n"
                 "ports=019d2232dee2590e\n"
                 "texts=efdeb34ccbf2e07b\n"
                 "blob=f2794c092033dbc5\n"
                 "format=0555bf4abc4dc42f\n"
                 "serialized=733032c7ebb7f193\n");
  g_clear_pointer (&plan, xn_plan_unref);

  /* No address: a warning and no flows; disabled: neither. */
  xn_vif_set_ip (vif, NULL);
  vif = xn_object_list_get (xn_domain_get_vifs (vm1), 0);
  xn_vif_set_enabled (vif, FALSE);
  plan = compile_ok (policy, "localhost");
  ck_assert_ptr_nonnull (xn_plan_get_warnings (plan)[0]);
  ck_assert_ptr_null (xn_plan_get_warnings (plan)[1]);
  check_summary ("edited demo without forwarding", plan,
                 "head=ab0c1e16eac778ff\n"
                 "domains=40880ce370491bb3\n"
                 "xl=4eefca558a8952e0\n"
                 "flows=e377415dda38db52\n"
                 "groups=f57997f120323c8e\n"
                 "ports=6c3ed904ce24f079\n"
                 "texts=b451dd343dfdf273\n"
                 "blob=f2794c092033dbc5\n"
                 "format=2b34fb2855a90f9e\n"
                 "serialized=0ef6ebd938dfd2c8\n");
}
END_TEST

START_TEST (test_golden_generated)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(XnPolicy) policy = NULL;
  g_autoptr(XnPlan) plan = NULL;
  int status = 0;

  ck_assert_msg (gen_policy_path != NULL, "usage: test-compile-golden GEN-POLICY");
  dir = g_dir_make_tmp ("xn-golden-XXXXXX", &error);
  ck_assert_msg (dir != NULL, "%s", error ? error->message : "");
  path = g_build_filename (dir, "policy.xml", NULL);
  {
    const char *argv[] = { gen_policy_path, "--hosts", "2", "--domains-per-host", "300",
                           "--tags", "40", "--conflicts", "30", "-o", path, NULL };

    ck_assert_msg (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 NULL, NULL, &status, &error) &&
                   g_spawn_check_wait_status (status, &error),
                   "gen-policy: %s", error ? error->message : "");
  }
  policy = xn_policy_load_file (path, &error);
  g_unlink (path);
  g_rmdir (dir);
  ck_assert_msg (policy != NULL, "%s", error ? error->message : "");
  plan = compile_ok (policy, xn_object_get_name (xn_object_list_get (xn_policy_get_hosts (policy), 1)));
  check_summary ("generated", plan,
                 "head=a513d06bf15b9865\n"
                 "domains=8d674c4349c5e7fe\n"
                 "xl=19452a51444d2fc9\n"
                 "flows=4a8cb2f884fb6093\n"
                 "groups=5e386e70dfa1a83b\n"
                 "ports=8f431d4d5ec05561\n"
                 "texts=076ea14006609479\n"
                 "blob=8ecd2d7990258be3\n"
                 "format=bf34b43183a6de31\n"
                 "serialized=cf4780c1de6c13b2\n");
}
END_TEST

static Suite *
xn_compile_golden_suite (void)
{
  Suite *s = suite_create ("compile-golden");
  TCase *tc = tcase_create ("golden");

  tcase_set_timeout (tc, 60);
  tcase_add_loop_test (tc, test_golden_fixture, 0, G_N_ELEMENTS (fixtures));
  tcase_add_test (tc, test_golden_edited);
  tcase_add_test (tc, test_golden_generated);
  suite_add_tcase (s, tc);
  return s;
}

int
main (int   argc,
      char *argv[])
{
  SRunner *sr;
  int failed;

  gen_policy_path = argc > 1 ? argv[1] : NULL;
  sr = srunner_create (xn_compile_golden_suite ());
  srunner_run_all (sr, CK_ENV);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
