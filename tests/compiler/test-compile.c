/* test-compile.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The policy compiler, plan diff, connectivity matrix and built-in
 * profiles (suite compiler). Blobs are decoded with the guard's own
 * parser and decided with its own decision code. */

#include <string.h>

#include "xenon-model.h"
#include "xn-test.h"

#include "xng-names.h"

#define DEMO "xenon-enterprise-demo.xml"
#define SIMPLE "a-simple-policy.xml"

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

static void
parse_plan_blob (XnPlan            *plan,
                 struct xng_policy *pol)
{
  GBytes *blob = xn_plan_get_blob (plan);
  int rc = xng_blob_parse (pol, g_bytes_get_data (blob, NULL), g_bytes_get_size (blob));

  ck_assert_msg (rc == 0, "blob: %s", pol->why);
}

static void
uuid_bytes (const char *uuid,
            guint8      out[16])
{
  guint n = 0;

  for (const char *p = uuid; *p; p++)
    if (*p != '-')
      {
        int v = g_ascii_xdigit_value (*p);

        if (n % 2 == 0)
          out[n / 2] = v << 4;
        else
          out[n / 2] |= v;
        n++;
      }
}

static int
blob_index (const struct xng_policy *pol,
            const char              *uuid)
{
  guint8 b[16];

  uuid_bytes (uuid, b);
  return xng_lookup_domain (pol, b);
}

static XnDomain *
find_domain (XnPolicy   *policy,
             const char *host,
             const char *name)
{
  XnDomain *d = xn_host_find_domain_by_name (xn_policy_find_host_by_name (policy, host), name);

  ck_assert_msg (d != NULL, "no domain %s", name);
  return d;
}

/* Checks every domain's blob entry against the policy it came from. */
static void
check_blob_against_policy (XnPolicy   *policy,
                           const char *host_name)
{
  g_autoptr(XnPlan) plan = compile_ok (policy, host_name);
  XnHost *host = xn_policy_find_host_by_name (policy, host_name);
  g_autoptr(GPtrArray) domains = xn_host_dup_domains (host);
  XnObjectList *tags = xn_policy_get_tags (policy);
  XnObjectList *conflicts = xn_policy_get_conflicts (policy);
  struct xng_policy pol;

  parse_plan_blob (plan, &pol);
  ck_assert_uint_eq (pol.serial, xn_policy_get_serial (policy));
  ck_assert_uint_eq (pol.n_domains, domains->len);
  ck_assert_uint_eq (pol.n_tags, xn_object_list_get_n_items (tags));
  ck_assert_uint_eq (pol.default_profile, XNG_DEFAULT_DENY);

  for (guint i = 0; i < domains->len; i++)
    {
      XnDomain *d = g_ptr_array_index (domains, i);
      XnSecLabel *label = xn_domain_get_sec_label (d);
      int idx = blob_index (&pol, xn_object_get_uuid (XN_OBJECT (d)));
      const struct xng_blob_domain *bd;
      const struct xng_blob_profile *bp;
      XnObjectList *rules;

      ck_assert_msg (idx >= 0, "%s not in blob", xn_object_get_name (XN_OBJECT (d)));
      bd = &pol.domains[idx];
      bp = &pol.profiles[bd->profile];
      if (label == NULL)
        {
          ck_assert (xn_domain_is_domain0 (d));
          ck_assert_uint_eq (bd->tag, XNG_TAG_NONE);
          ck_assert_uint_eq (bp->hcalls, G_MAXUINT64 & ~XNG_HCALLS_LEGACY);
          continue;
        }
      /* Tag: the index of the secLabel's tag in document order. */
      {
        guint pos;

        ck_assert (xn_object_list_find (tags, XN_OBJECT (xn_sec_label_get_tag (label)), &pos));
        ck_assert_uint_eq (bd->tag, pos);
      }
      rules = xn_profile_get_hypercalls (xn_sec_label_get_profile (label));
      {
        guint64 want = 0;

        for (guint r = 0; r < xn_object_list_get_n_items (rules); r++)
          {
            XnHypercallRule *rule = xn_object_list_get (rules, r);
            int hc = xng_hypercall_by_name (xn_object_get_name (XN_OBJECT (rule)));
            const char *subops = xn_hypercall_rule_get_subops (rule);
            int slot = xng_mux_slot (hc);

            ck_assert_int_ge (hc, 0);
            if (subops && slot < 0)
              continue; /* not enforceable: left out, see the warning test */
            want |= G_GUINT64_CONSTANT (1) << hc;
            if (slot >= 0 && subops == NULL)
              ck_assert (bp->subop_all & (1u << slot));
            else if (slot >= 0)
              {
                guint64 map[2];

                ck_assert (!(bp->subop_all & (1u << slot)));
                ck_assert (xn_subops_parse_list (subops, map, NULL));
                ck_assert_uint_eq (bp->subops[slot][0], map[0]);
                ck_assert_uint_eq (bp->subops[slot][1], map[1]);
              }
          }
        ck_assert_uint_eq (bp->hcalls, want);
      }
      ck_assert_uint_eq (bp->hmax, xn_profile_get_rate_hmax (xn_sec_label_get_profile (label)));
    }

  /* Conflict and exclusive bitmaps per tag pair. */
  for (guint a = 0; a < pol.n_tags; a++)
    for (guint b = 0; b < pol.n_tags; b++)
      {
        const char *ua = xn_object_get_uuid (xn_object_list_get (tags, a));
        const char *ub = xn_object_get_uuid (xn_object_list_get (tags, b));
        gboolean conf = FALSE, excl = FALSE;
        gboolean got_conf = (pol.conflicts[a * pol.tag_words + b / 64] >> (b % 64)) & 1;
        gboolean got_excl = (pol.exclusive[a * pol.tag_words + b / 64] >> (b % 64)) & 1;

        for (guint c = 0; a != b && c < xn_object_list_get_n_items (conflicts); c++)
          {
            XnConflict *conflict = xn_object_list_get (conflicts, c);

            if (xn_conflict_has_tag (conflict, ua) && xn_conflict_has_tag (conflict, ub))
              {
                conf = TRUE;
                excl |= !xn_conflict_get_allow_simultaneous (conflict);
              }
          }
        ck_assert_int_eq (got_conf, conf);
        ck_assert_int_eq (got_excl, excl);
      }
}

START_TEST (test_blob_demo)
{
  g_autoptr(XnPolicy) policy = load (DEMO);

  check_blob_against_policy (policy, "localhost");
}
END_TEST

START_TEST (test_blob_simple)
{
  g_autoptr(XnPolicy) policy = load (SIMPLE);

  check_blob_against_policy (policy, "10.0.2.107");
}
END_TEST

static enum xng_verdict
decide (const struct xng_policy *pol,
        int                      dom,
        unsigned int             hcall,
        unsigned long            subop)
{
  struct xng_dom_state st = { 0 };
  struct xng_violation v;

  return xng_check_hypercall (pol, &st, dom, hcall, subop, 1000, &v);
}

START_TEST (test_guard_decisions)
{
  g_autoptr(XnPolicy) policy = load (DEMO);
  XnProfile *profile = xn_policy_find_profile_by_name (policy, "PV-LinuxGeneric");
  g_autoptr(XnPlan) plan = NULL;
  struct xng_policy pol;
  int vm1, vm2, hr, nids;
  guint8 stranger[16] = { 0xde, 0xad };

  /* Seed 000's violation: user_vm_1's profile forbids xen_version
   * extraversion once the profile says "version only" (XENVER_version,
   * sub-op 0: a document writes numbers, as its schema does). */
  xn_hypercall_rule_set_subops (xn_profile_find_hypercall (profile, "xen_version"), "0");
  plan = compile_ok (policy, "localhost");
  parse_plan_blob (plan, &pol);
  vm1 = blob_index (&pol, xn_object_get_uuid (XN_OBJECT (find_domain (policy, "localhost", "user_vm_1"))));
  vm2 = blob_index (&pol, xn_object_get_uuid (XN_OBJECT (find_domain (policy, "localhost", "user_vm_2"))));
  hr = blob_index (&pol, xn_object_get_uuid (XN_OBJECT (find_domain (policy, "localhost", "personnel_mgr"))));
  nids = blob_index (&pol, xn_object_get_uuid (XN_OBJECT (find_domain (policy, "localhost", "nids"))));

  ck_assert_int_eq (decide (&pol, vm1, XNG_HC_XEN_VERSION, 1), XNG_DENY_SUBOP);
  ck_assert_int_eq (decide (&pol, vm1, XNG_HC_XEN_VERSION, 0), XNG_ALLOW);
  ck_assert_int_eq (decide (&pol, vm1, XNG_HC_MEMORY_OP, 12), XNG_ALLOW);
  ck_assert_int_eq (decide (&pol, vm1, XNG_HC_MEMORY_OP, 13), XNG_DENY_SUBOP);
  ck_assert_int_eq (decide (&pol, vm1, 36 /* domctl */, 0), XNG_DENY_HYPERCALL);
  ck_assert_int_eq (decide (&pol, -1, XNG_HC_XEN_VERSION, 0), XNG_DENY_UNKNOWN_DOMAIN);
  ck_assert_int_eq (xng_lookup_domain (&pol, stranger), -1);

  /* Channels: same tag yes; tag_separation names hr, entertainment and
   * security, so across them no. */
  ck_assert (xng_channel_allowed (&pol, vm1, vm2));
  ck_assert (!xng_channel_allowed (&pol, vm1, hr));
  ck_assert (!xng_channel_allowed (&pol, nids, vm2));
  ck_assert (xng_may_run_together (&pol, pol.domains[vm1].tag, pol.domains[hr].tag));
}
END_TEST

START_TEST (test_guard_simple_fail_closed)
{
  g_autoptr(XnPolicy) policy = load (SIMPLE);
  g_autoptr(XnPlan) plan = compile_ok (policy, "10.0.2.107");
  const char * const *warnings = xn_plan_get_warnings (plan);
  struct xng_policy pol;
  int ed5, eb1, eb2, ea4;
  gboolean warned = FALSE;

  parse_plan_blob (plan, &pol);
  ed5 = blob_index (&pol, xn_object_get_uuid (XN_OBJECT (find_domain (policy, "10.0.2.107", "ED-domu-5"))));
  eb1 = blob_index (&pol, xn_object_get_uuid (XN_OBJECT (find_domain (policy, "10.0.2.107", "EB-domu-1"))));
  eb2 = blob_index (&pol, xn_object_get_uuid (XN_OBJECT (find_domain (policy, "10.0.2.107", "EB-domu-2"))));
  ea4 = blob_index (&pol, xn_object_get_uuid (XN_OBJECT (find_domain (policy, "10.0.2.107", "EA-domu-4"))));
  /* PV-Ubuntu14-Security: xen_version 0-6,10 and domctl 71,75, which the
   * guard cannot filter by sub-op: domctl is withheld, with a warning. */
  ck_assert_int_eq (decide (&pol, ed5, XNG_HC_XEN_VERSION, 10), XNG_ALLOW);
  ck_assert_int_eq (decide (&pol, ed5, XNG_HC_XEN_VERSION, 7), XNG_DENY_SUBOP);
  ck_assert_int_eq (decide (&pol, ed5, 36, 71), XNG_DENY_HYPERCALL);
  for (guint i = 0; warnings[i]; i++)
    warned |= strstr (warnings[i], "domctl") != NULL;
  ck_assert (warned);
  /* PV-Combined has no hvm_op. */
  ck_assert_int_eq (decide (&pol, eb1, XNG_HC_HVM_OP, 0), XNG_DENY_HYPERCALL);
  ck_assert (xng_channel_allowed (&pol, eb1, eb2));
  ck_assert (!xng_channel_allowed (&pol, eb1, ea4));
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

static guint
count_substr (GPtrArray  *flows,
              const char *needle)
{
  guint n = 0;

  for (guint i = 0; i < flows->len; i++)
    n += strstr (g_ptr_array_index (flows, i), needle) != NULL;
  return n;
}

START_TEST (test_flows_demo)
{
  g_autoptr(XnPolicy) policy = load (DEMO);
  g_autoptr(XnPlan) plan = compile_ok (policy, "localhost");
  GPtrArray *flows = xn_plan_get_flows (plan, "secbr0");
  GPtrArray *ports = xn_plan_get_ports (plan, "secbr0");
  GPtrArray *groups = xn_plan_get_groups (plan, "secbr0");
  g_autofree char *text = xn_plan_dup_flows_text (plan, "secbr0");
  const XnPlanPort *local;
  guint prefix = 0;
  /* Five VIFs and the bridge's own port (Domain-0 drives secbr0 and
   * holds 10.10.4.1/24); Domain-0 is untagged, so a fourth group. */
  guint V = ports->len, G = 4, C = 6;

  ck_assert_uint_eq (V, 6);
  for (guint i = 0; i < V; i++)
    {
      XnPlanPort *p = g_ptr_array_index (ports, i);
      g_autofree char *port = p->ofport == XN_PLAN_OFPORT_LOCAL ? g_strdup ("LOCAL")
                              : g_strdup_printf ("%u", p->ofport);
      g_autofree char *in = g_strdup_printf ("in_port=%s,", port);
      g_autofree char *dst = g_strdup_printf ("dl_dst=%s,", p->mac);
      g_autofree char *spoof = g_strdup_printf ("in_port=%s,dl_src=%s,ip,nw_src=%s,", port, p->mac, p->ip);
      g_autofree char *arp = g_strdup_printf ("arp_spa=%s,arp_sha=%s,", p->ip, p->mac);
      g_autofree char *reg3 = g_strdup_printf ("set_field:%u->reg3,", p->ofport);
      g_autofree char *bucket = g_strdup_printf ("bucket=output:%s", port);

      ck_assert (p->forwarding);
      if (p->ofport == XN_PLAN_OFPORT_LOCAL)
        ck_assert_str_eq (p->port_name, "LOCAL");
      else
        {
          ck_assert (g_str_has_prefix (p->port_name, "xn") && strlen (p->port_name) == 15);
          ck_assert (p->ofport >= 1 && p->ofport <= XN_PLAN_OFPORT_MAX);
        }
      ck_assert_uint_eq (count_substr (flows, in), 3);
      ck_assert_uint_eq (count_substr (flows, spoof), 1);
      ck_assert_uint_eq (count_substr (flows, arp), 1);
      ck_assert_uint_eq (count_substr (flows, dst), 1);
      ck_assert_uint_eq (count_substr (flows, reg3), 1);
      ck_assert_uint_ge (count_substr (groups, bucket), 1);
    }
  /* The bridge's own port: Domain-0's address and a MAC of its own,
   * locally administered, flooded to by every tag (Domain-0 conflicts
   * with none). */
  local = xn_plan_get_switch_local (plan, 0, &prefix);
  ck_assert_ptr_nonnull (local);
  ck_assert_uint_eq (local->ofport, XN_PLAN_OFPORT_LOCAL);
  ck_assert_str_eq (local->ip, "10.10.4.1");
  ck_assert_str_eq (local->domain_name, "Domain-0");
  ck_assert_uint_eq (prefix, 24);
  ck_assert (g_str_has_prefix (local->mac, "02:"));
  ck_assert_uint_eq (count_substr (groups, "bucket=output:LOCAL"), G);
  /* tag_separation over 3 tags, all present: 3·2 ordered drops. */
  ck_assert_uint_eq (count_prefix (flows, "table=2,priority=300,"), C);
  ck_assert_uint_eq (groups->len, G);
  /* docs/FLOWS.md, "Size": 3V+1 + V+2 + C+1 + G+2. */
  ck_assert_uint_eq (flows->len, 3 * V + 1 + V + 2 + C + 1 + G + 2);
  ck_assert (strstr (text, "table=0,priority=0,cookie=0x7,actions=drop\n") != NULL);
  for (guint i = 0; i < flows->len; i++)
    ck_assert (strstr (g_ptr_array_index (flows, i), "cookie") == NULL);
  /* Every group floods somewhere; a tag's group reaches the untagged
   * bridge port but never a port of a conflicting tag (group 1 holds one
   * VIF and LOCAL, group 0 — untagged — every port). */
  ck_assert_uint_eq (count_substr (groups, "bucket"), G);
  ck_assert_uint_eq (count_substr (groups, "group_id=1,type=all,bucket=output:23977,bucket=output:LOCAL"), 1);
}
END_TEST

START_TEST (test_flows_linear)
{
  g_autoptr(XnPolicy) policy = load (DEMO);
  XnDomain *vm1 = find_domain (policy, "localhost", "user_vm_1");
  XnEnclave *ent = xn_domain_get_enclave (vm1);
  XnVif *vif1 = xn_object_list_get (xn_domain_get_vifs (vm1), 0);
  guint prev = 0, prev_delta = 0;

  /* Add user domains of one tag, two at a time: every step adds the same
   * number of flows (8 per VIF pair), never a number that grows. */
  for (guint step = 0; step < 4; step++)
    {
      g_autoptr(XnPlan) plan = NULL;

      for (guint k = 0; k < 2; k++)
        {
          g_autoptr(XnDomain) d = xn_domain_new ();
          g_autoptr(XnVif) vif = xn_vif_new ();
          g_autofree char *name = g_strdup_printf ("extra_%u_%u", step, k);
          g_autofree char *mac = g_strdup_printf ("00:16:3e:77:%02x:%02x", step, k);
          g_autofree char *ip = g_strdup_printf ("10.10.5.%u", step * 2 + k + 1);

          xn_object_set_name (XN_OBJECT (d), name);
          xn_domain_set_kind (d, XN_DOMAIN_KIND_USER);
          xn_domain_set_sec_label_uuid (d, xn_domain_get_sec_label_uuid (vm1));
          xn_vif_set_net_switch_uuid (vif, xn_vif_get_net_switch_uuid (vif1));
          xn_vif_set_mac (vif, mac);
          xn_vif_set_ip (vif, ip);
          xn_object_list_append (xn_domain_get_vifs (d), XN_OBJECT (vif));
          xn_object_list_append (xn_enclave_get_domains (ent), XN_OBJECT (d));
        }
      plan = compile_ok (policy, "localhost");
      if (step > 0)
        {
          guint delta = xn_plan_get_n_flows (plan) - prev;

          ck_assert_uint_eq (delta, 8);
          if (step > 1)
            ck_assert_uint_eq (delta, prev_delta);
          prev_delta = delta;
        }
      prev = xn_plan_get_n_flows (plan);
    }
}
END_TEST

START_TEST (test_xl_config)
{
  g_autoptr(XnPolicy) policy = load (DEMO);
  g_autoptr(XnPlan) plan = compile_ok (policy, "localhost");
  XnDomain *vm1 = find_domain (policy, "localhost", "user_vm_1");
  const XnPlanDomain *pd = xn_plan_find_domain (plan, xn_object_get_uuid (XN_OBJECT (vm1)));
  const XnPlanDomain *fw = xn_plan_find_domain (plan, xn_object_get_uuid (XN_OBJECT (find_domain (policy, "localhost", "firewall"))));
  const XnPlanDomain *dom0 = xn_plan_get_domain (plan, 0);

  ck_assert_ptr_nonnull (pd);
  ck_assert (strstr (pd->xl_config, "name = \"user_vm_1\"\n"));
  ck_assert (strstr (pd->xl_config, "uuid = \"121d006e-8604-523a-a7ac-1268f8c83449\"\n"));
  ck_assert (strstr (pd->xl_config, "type = \"pv\"\n"));
  ck_assert (strstr (pd->xl_config, "memory = 512\n"));
  ck_assert (strstr (pd->xl_config, "vcpus = 1\n"));
  ck_assert (strstr (pd->xl_config, "seclabel = \"user_vms\"\n"));
  ck_assert (strstr (pd->xl_config, "kernel = \""));
  /* secbr0 is driven by Domain-0, xl's default backend: no backend= */
  ck_assert (strstr (pd->xl_config, "vif = [ 'mac=00:16:3e:5c:10:21,ip=10.10.4.21,bridge=secbr0,script=vif-xenon,"));
  ck_assert (strstr (pd->xl_config, "backend=") == NULL);
  ck_assert (strstr (fw->xl_config, "disk = [ 'format=raw,vdev=xvda,access=rw,target=/var/lib/xen/images/firewall.img' ]\n"));
  ck_assert_str_eq (dom0->name, "Domain-0");
  ck_assert_ptr_null (dom0->xl_config);
}
END_TEST

START_TEST (test_xl_config_simple)
{
  g_autoptr(XnPolicy) policy = load (SIMPLE);
  g_autoptr(XnPlan) plan = compile_ok (policy, "10.0.2.107");
  const XnPlanDomain *net = xn_plan_find_domain (plan, xn_object_get_uuid (XN_OBJECT (find_domain (policy, "10.0.2.107", "EBNetDom1"))));
  const XnPlanDomain *mig = xn_plan_find_domain (plan, xn_object_get_uuid (XN_OBJECT (find_domain (policy, "10.0.2.107", "MigrateVM1-pv"))));

  const XnPlanDomain *eb1 = xn_plan_find_domain (plan, xn_object_get_uuid (XN_OBJECT (find_domain (policy, "10.0.2.107", "EB-domu-1"))));

  /* EBbr2 is driven by a service domain: its VIFs name it as backend. */
  ck_assert (strstr (eb1->xl_config, "vif = [ 'mac=00:16:3e:a4:22:9b,ip=192.168.5.101,bridge=EBbr2,backend=EBNetDom1,"));
  ck_assert (strstr (net->xl_config, "pci = [ '0000:06:00.0' ]\n"));
  ck_assert (strstr (net->xl_config, "cmdline = \"(hd0,0)/boot/grub/menu.lst\"\n"));
  /* Extra key/values verbatim, but none that sets what the compiler
   * wrote: the NRL example's own builder, vif and disk are left out. */
  ck_assert (strstr (mig->xl_config, "\n# PV configuration template\n"));
  ck_assert (strstr (mig->xl_config, "builder") == NULL);
  ck_assert (strstr (mig->xl_config, "vif") == NULL);
  ck_assert (strstr (mig->xl_config, "disk") == NULL);
}
END_TEST

static guint
count_lines_starting (const char *text,
                      const char *prefix)
{
  guint n = g_str_has_prefix (text, prefix);

  for (const char *p = strchr (text, '\n'); p != NULL; p = strchr (p + 1, '\n'))
    n += g_str_has_prefix (p + 1, prefix);
  return n;
}

static void
add_xl (XnObjectList *extra,
        const char   *text)
{
  g_autoptr(XnXlPair) pair = xn_xl_pair_new (text);

  xn_object_list_append (extra, XN_OBJECT (pair));
}

/* An extra xl setting never sets again what the compiler wrote: a
 * later seclabel would rebind the domain, a later vif undo
 * anti-spoofing. The lint refuses it; the compiler leaves it out. */
START_TEST (test_xl_extra_reserved)
{
  g_autoptr(XnPolicy) policy = load (DEMO);
  XnDomain *vm1 = find_domain (policy, "localhost", "user_vm_1");
  XnObjectList *extra = xn_domain_get_xl_extra (vm1);
  g_autoptr(XnPlan) plan = NULL;
  g_autoptr(GListModel) issues = NULL;
  const XnPlanDomain *pd;
  const char * const *warnings;
  guint n_warnings = 0, n_lint = 0;

  add_xl (extra, "on_crash = \"preserve\"");
  add_xl (extra, "seclabel = \"dom0_mgmt\"");
  add_xl (extra, "on_reboot = 'x'; vif = [ 'bridge=secbr0' ]");
  add_xl (extra, "UUID=\"00000000-0000-4000-8000-000000000001\"");
  plan = compile_ok (policy, "localhost");
  pd = xn_plan_find_domain (plan, xn_object_get_uuid (XN_OBJECT (vm1)));
  ck_assert_msg (strstr (pd->xl_config, "\non_crash = \"preserve\"\n"), "%s", pd->xl_config);
  ck_assert_uint_eq (count_lines_starting (pd->xl_config, "seclabel"), 1);
  ck_assert (strstr (pd->xl_config, "seclabel = \"user_vms\"\n"));
  ck_assert_uint_eq (count_lines_starting (pd->xl_config, "vif"), 1);
  ck_assert (strstr (pd->xl_config, "on_reboot") == NULL);
  ck_assert (strstr (pd->xl_config, "UUID") == NULL);
  warnings = xn_plan_get_warnings (plan);
  for (; warnings[n_warnings]; n_warnings++)
    ck_assert_msg (strstr (warnings[n_warnings], "user_vm_1"), "%s", warnings[n_warnings]);
  ck_assert_uint_eq (n_warnings, 3);

  issues = xn_lint_run (policy, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (issues); i++)
    {
      g_autoptr(XnLintIssue) issue = g_list_model_get_item (issues, i);

      n_lint += g_str_equal (xn_lint_issue_get_code (issue), "XN-L036");
    }
  ck_assert_uint_eq (n_lint, 3);
}
END_TEST

START_TEST (test_serialize_roundtrip)
{
  g_autoptr(XnPolicy) policy = load (DEMO);
  g_autoptr(XnPlan) plan = compile_ok (policy, "localhost");
  g_autoptr(GBytes) bytes = xn_plan_serialize (plan);
  g_autoptr(GError) error = NULL;
  g_autoptr(XnPlan) back = xn_plan_deserialize (bytes, &error);
  g_autoptr(XnPlanDiff) diff = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *fa = NULL;
  g_autofree char *fb = NULL;

  ck_assert_msg (back != NULL, "%s", error ? error->message : "");
  a = xn_plan_format (plan);
  b = xn_plan_format (back);
  ck_assert_str_eq (a, b);
  fa = xn_plan_dup_flows_text (plan, "secbr0");
  fb = xn_plan_dup_flows_text (back, "secbr0");
  ck_assert_str_eq (fa, fb);
  ck_assert (g_bytes_equal (xn_plan_get_blob (plan), xn_plan_get_blob (back)));
  diff = xn_plan_diff (back, plan, NULL);
  ck_assert (xn_plan_diff_is_empty (diff));

  {
    g_autoptr(GBytes) junk = g_bytes_new_static ("[plan]\nformat=1\nserial=1\nhost=x\nblob=AAAA\n", 41);
    g_autoptr(XnPlan) bad = xn_plan_deserialize (junk, &error);

    ck_assert_ptr_null (bad);
  }
}
END_TEST

/* What the host daemon hands a network service domain's agent: its
 * switches, whole, and nothing else of the policy. */
START_TEST (test_serialize_switches)
{
  g_autoptr(XnPolicy) policy = load (SIMPLE);
  g_autoptr(XnPlan) plan = compile_ok (policy, "10.0.2.107");
  g_autoptr(GBytes) bytes = xn_plan_serialize_switches (plan, "EBNetDom1");
  g_autoptr(GBytes) none = xn_plan_serialize_switches (plan, "EB-domu-1");
  g_autoptr(GError) error = NULL;
  g_autoptr(XnPlan) back = xn_plan_deserialize (bytes, &error);
  g_autoptr(XnPlan) empty = NULL;
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autofree char *fa = NULL;
  g_autofree char *fb = NULL;
  g_autofree char *pa = NULL;
  g_autofree char *pb = NULL;
  guint ebbr2 = G_MAXUINT;

  for (guint i = 0; i < xn_plan_get_n_switches (plan); i++)
    if (g_str_equal (xn_plan_get_switch_name (plan, i), "EBbr2"))
      ebbr2 = i;
  ck_assert_uint_ne (ebbr2, G_MAXUINT);
  ck_assert_str_eq (xn_plan_get_switch_driver (plan, ebbr2), "EBNetDom1");

  ck_assert_msg (back != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (xn_plan_get_n_switches (back), 1);
  ck_assert_str_eq (xn_plan_get_switch_name (back, 0), "EBbr2");
  ck_assert_str_eq (xn_plan_get_switch_driver (back, 0), "EBNetDom1");
  ck_assert_uint_eq (xn_plan_get_serial (back), xn_plan_get_serial (plan));
  fa = xn_plan_dup_flows_text (plan, "EBbr2");
  fb = xn_plan_dup_flows_text (back, "EBbr2");
  ck_assert_str_eq (fa, fb);
  pa = xn_plan_dup_ports_text (plan, "EBbr2");
  pb = xn_plan_dup_ports_text (back, "EBbr2");
  ck_assert_str_eq (pa, pb);
  /* No guard blob, no domain, no profile: the service domain learns the
   * switch and nothing more. */
  ck_assert_uint_eq (xn_plan_get_n_domains (back), 0);
  ck_assert_uint_eq (g_bytes_get_size (xn_plan_get_blob (back)), 0);
  ck_assert_ptr_null (strstr (text, "blob="));
  ck_assert_ptr_null (strstr (text, "[domain "));

  empty = xn_plan_deserialize (none, &error);
  ck_assert_ptr_nonnull (empty);
  ck_assert_uint_eq (xn_plan_get_n_switches (empty), 0);
}
END_TEST

/* A domain that may also run on another host (mayRunOn) is in that
 * host's plan too, so its guard knows it before it is migrated in. */
START_TEST (test_may_run_on)
{
  g_autoptr(XnPolicy) policy = load (SIMPLE);
  XnHost *host2 = xn_host_new ();
  XnDomain *mover = NULL;
  g_autoptr(GPtrArray) doms = NULL;
  g_autoptr(XnPlan) home = NULL;
  g_autoptr(XnPlan) away = NULL;
  g_autoptr(XnPlan) before = NULL;
  const XnPlanDomain *pd_home, *pd_away;

  xn_object_set_name (XN_OBJECT (host2), "host2");
  xn_host_set_address (host2, "10.0.2.108");
  xn_object_list_append (xn_policy_get_hosts (policy), XN_OBJECT (host2));
  g_object_unref (host2);
  doms = xn_host_dup_domains (xn_policy_find_host_by_name (policy, "10.0.2.107"));
  for (guint i = 0; i < doms->len; i++)
    if (g_str_equal (xn_object_get_name (g_ptr_array_index (doms, i)), "MigrateVM1-pv"))
      mover = g_ptr_array_index (doms, i);
  ck_assert_ptr_nonnull (mover);

  before = compile_ok (policy, "host2");
  ck_assert_ptr_null (xn_plan_find_domain (before, xn_object_get_uuid (XN_OBJECT (mover))));

  xn_domain_set_may_run_on (mover, xn_object_get_uuid (XN_OBJECT (host2)));
  home = compile_ok (policy, "10.0.2.107");
  away = compile_ok (policy, "host2");
  pd_home = xn_plan_find_domain (home, xn_object_get_uuid (XN_OBJECT (mover)));
  pd_away = xn_plan_find_domain (away, xn_object_get_uuid (XN_OBJECT (mover)));
  ck_assert_ptr_nonnull (pd_home);
  ck_assert_ptr_nonnull (pd_away);
  ck_assert_str_eq (pd_away->tag_name, pd_home->tag_name);
  ck_assert_str_eq (pd_away->profile_name, pd_home->profile_name);
  /* Nothing else of the home host came along. */
  ck_assert_uint_eq (xn_plan_get_n_domains (away), xn_plan_get_n_domains (before) + 1);
}
END_TEST

START_TEST (test_plan_diff)
{
  g_autoptr(XnPolicy) policy = load (DEMO);
  g_autoptr(XnPlan) old_plan = compile_ok (policy, "localhost");
  g_autoptr(XnPlan) new_plan = NULL;
  g_autoptr(XnPlanDiff) diff = NULL;
  g_autoptr(XnPlanDiff) quiet = NULL;
  g_autoptr(XnConflict) conflict = xn_conflict_new ();
  g_autoptr(XnTagRef) r1 = NULL;
  g_autoptr(XnTagRef) r2 = NULL;
  g_autoptr(XnDomain) added = xn_domain_new ();
  XnDomain *vm1 = find_domain (policy, "localhost", "user_vm_1");
  XnDomain *hr = find_domain (policy, "localhost", "personnel_mgr");
  XnSecLabel *sec = xn_policy_find_sec_label_by_name (policy, "sec_vms");
  XnVif *vif = xn_object_list_get (xn_domain_get_vifs (vm1), 0);
  const char *running[] = { xn_object_get_uuid (XN_OBJECT (vm1)), xn_object_get_uuid (XN_OBJECT (hr)), NULL };
  g_autofree char *text = NULL;
  const XnPlanDiffSwitch *sw;
  gboolean found = FALSE;

  /* Added domain. */
  xn_object_set_name (XN_OBJECT (added), "new_vm");
  xn_domain_set_kind (added, XN_DOMAIN_KIND_USER);
  xn_domain_set_sec_label_uuid (added, xn_domain_get_sec_label_uuid (vm1));
  xn_object_list_append (xn_enclave_get_domains (xn_domain_get_enclave (vm1)), XN_OBJECT (added));
  /* Changed profile: security domains get PV-LinuxGeneric. */
  xn_sec_label_set_profile_uuid (sec, xn_object_get_uuid (XN_OBJECT (xn_policy_find_profile_by_name (policy, "PV-LinuxGeneric"))));
  /* New exclusive conflict between hr and entertainment, both running. */
  xn_object_set_name (XN_OBJECT (conflict), "no_overlap");
  xn_conflict_set_id (conflict, 9);
  xn_conflict_set_allow_simultaneous (conflict, FALSE);
  r1 = xn_tag_ref_new (xn_object_get_uuid (XN_OBJECT (xn_policy_find_tag_by_name (policy, "human_resources"))));
  r2 = xn_tag_ref_new (xn_object_get_uuid (XN_OBJECT (xn_policy_find_tag_by_name (policy, "entertainment"))));
  xn_object_list_append (xn_conflict_get_tag_refs (conflict), XN_OBJECT (r1));
  xn_object_list_append (xn_conflict_get_tag_refs (conflict), XN_OBJECT (r2));
  xn_object_list_append (xn_policy_get_conflicts (policy), XN_OBJECT (conflict));
  /* A VIF's address changes: its anti-spoofing flows change. */
  xn_vif_set_ip (vif, "10.10.4.99");
  xn_policy_set_serial (policy, 8);

  new_plan = compile_ok (policy, "localhost");
  ck_assert (xn_plan_tags_exclusive (new_plan, "human_resources", "entertainment"));
  diff = xn_plan_diff (old_plan, new_plan, running);
  ck_assert (xn_plan_diff_has_breaches (diff));
  ck_assert (strstr (xn_plan_diff_get_breaches (diff)[0], "no_overlap"));
  ck_assert_str_eq (xn_plan_diff_get_added_domains (diff)[0], "new_vm");
  ck_assert_ptr_null (xn_plan_diff_get_added_domains (diff)[1]);
  ck_assert_ptr_null (xn_plan_diff_get_removed_domains (diff)[0]);
  for (guint i = 0; xn_plan_diff_get_changed_domains (diff)[i]; i++)
    {
      const char *n = xn_plan_diff_get_changed_domains (diff)[i];

      ck_assert (g_str_equal (n, "firewall") || g_str_equal (n, "nids"));
      found = TRUE;
    }
  ck_assert (found);
  sw = xn_plan_diff_get_switch (diff, 0);
  /* ip + arp classification and nothing else (cookies do not count). */
  ck_assert_uint_eq (sw->added->len, 2);
  ck_assert_uint_eq (sw->removed->len, 2);
  ck_assert (strstr (g_ptr_array_index (sw->added, 0), "10.10.4.99"));
  text = xn_plan_diff_format (diff);
  ck_assert (strstr (text, "new_vm"));
  ck_assert (strstr (text, "+ table=0"));

  /* Without the hr domain running, no breach. */
  running[1] = NULL;
  quiet = xn_plan_diff (old_plan, new_plan, running);
  ck_assert (!xn_plan_diff_has_breaches (quiet));
}
END_TEST

START_TEST (test_plan_diff_removed_running)
{
  g_autoptr(XnPolicy) policy = load (DEMO);
  g_autoptr(XnPlan) old_plan = compile_ok (policy, "localhost");
  XnDomain *vm3 = find_domain (policy, "localhost", "user_vm_3");
  g_autofree char *uuid = g_strdup (xn_object_get_uuid (XN_OBJECT (vm3)));
  const char *running[] = { uuid, NULL };
  XnObjectList *list = xn_enclave_get_domains (xn_domain_get_enclave (vm3));
  g_autoptr(XnPlan) new_plan = NULL;
  g_autoptr(XnPlanDiff) diff = NULL;
  guint pos;

  ck_assert (xn_object_list_find (list, XN_OBJECT (vm3), &pos));
  xn_object_list_remove (list, pos);
  new_plan = compile_ok (policy, "localhost");
  diff = xn_plan_diff (old_plan, new_plan, running);
  ck_assert_str_eq (xn_plan_diff_get_removed_domains (diff)[0], "user_vm_3");
  ck_assert (xn_plan_diff_has_breaches (diff));
  ck_assert (strstr (xn_plan_diff_get_breaches (diff)[0], "user_vm_3"));
  /* Its flows go: 3 + 1 per VIF, and it leaves the entertainment group. */
  ck_assert_uint_eq (xn_plan_diff_get_switch (diff, 0)->removed->len, 4);
  ck_assert (xn_plan_diff_get_switch (diff, 0)->groups_changed);
}
END_TEST

START_TEST (test_matrix_demo)
{
  g_autoptr(XnPolicy) policy = load (DEMO);
  g_autoptr(XnMatrix) m = xn_matrix_new (policy);
  int hr = xn_matrix_find_tag (m, "human_resources");
  int ent = xn_matrix_find_tag (m, "entertainment");
  int vm1 = xn_matrix_find_domain (m, "localhost", "user_vm_1");
  int vm2 = xn_matrix_find_domain (m, "localhost", "user_vm_2");
  int dom0 = xn_matrix_find_domain (m, "localhost", "Domain-0");
  int pm = xn_matrix_find_domain (m, "localhost", "personnel_mgr");
  g_autofree char *why = NULL;
  g_autofree char *same = NULL;
  g_autofree char *notag = NULL;
  g_autofree char *text = xn_matrix_format (m);

  ck_assert_uint_eq (xn_matrix_get_n_tags (m), 3);
  ck_assert (!xn_matrix_tags_may_communicate (m, hr, ent));
  ck_assert (xn_matrix_tags_may_run_together (m, hr, ent));
  ck_assert (xn_matrix_tags_may_communicate (m, ent, ent));
  why = xn_matrix_dup_tag_reason (m, hr, ent);
  ck_assert_str_eq (why, "conflict tag_separation (id 2) names both tags");
  ck_assert (xn_matrix_domains_may_communicate (m, vm1, vm2));
  ck_assert (!xn_matrix_domains_may_communicate (m, vm1, pm));
  ck_assert (xn_matrix_domains_may_communicate (m, dom0, pm));
  same = xn_matrix_dup_domain_reason (m, vm1, vm2);
  ck_assert_str_eq (same, "same tag");
  notag = xn_matrix_dup_domain_reason (m, dom0, pm);
  ck_assert_str_eq (notag, "Domain-0 carries no tag");
  ck_assert (strstr (text, "human_resources ↔ entertainment: may not communicate, may run together"));
  ck_assert (strstr (text, "Host localhost: 7 domains"));
}
END_TEST

/* Index of @domain's first port on @sw, or -1. */
static int
net_port (XnNetMatrix *m,
          guint        sw,
          const char  *domain)
{
  for (guint i = 0; i < xn_net_matrix_get_n_ports (m, sw); i++)
    if (g_strcmp0 (xn_net_matrix_get_port (m, sw, i)->domain_name, domain) == 0)
      return (int) i;
  return -1;
}

static XnPairReason
net_reason (XnNetMatrix *m,
            const char  *a,
            const char  *b)
{
  XnPairVerdict v;
  int pa = net_port (m, 0, a), pb = net_port (m, 0, b);

  ck_assert_msg (pa >= 0 && pb >= 0, "%s or %s has no port", a, b);
  xn_net_matrix_get_cell (m, 0, pa, pb, &v);
  return v.reason;
}

/* The network matrix says what the flows do, with each reason: the OVS
 * fixture with a1 whitelisted to b1's TCP port 22 and 10.77.0.0/30 (sw),
 * c1's VIF disabled and b2's without an address. */
START_TEST (test_net_matrix_reasons)
{
  g_autofree char *path = xn_test_data_path ("ovs-policy.xml");
  g_autofree char *xml = NULL;
  g_autoptr(GString) edited = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(XnPolicy) policy = NULL;
  g_autoptr(XnNetMatrix) m = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *why = NULL;
  g_autofree char *text = NULL;
  XnPairVerdict v;
  const char *a1 = "<netAccessRestrictions whiteList=\"false\"/>";
  char *at;

  ck_assert (g_file_get_contents (path, &xml, NULL, NULL));
  edited = g_string_new (xml);
  /* a1 is the first domain after Domain-0: its restrictions come second. */
  at = strstr (strstr (edited->str, a1) + 1, a1);
  ck_assert_ptr_nonnull (at);
  g_string_insert (edited, at - edited->str + strlen (a1) - 2,
                   " /><netAccessRestrictions whiteList=\"true\"><allow address=\"10.77.0.21\" proto=\"tcp\" port=\"22\"/>"
                   "<allow address=\"10.77.0.0/30\"/></netAccessRestrictions");
  g_string_replace (edited, "<netAccessRestrictions whiteList=\"false\" /><netAccessRestrictions", "<netAccessRestrictions", 1);
  g_string_replace (edited, "\"/></netAccessRestrictions/>", "\"/></netAccessRestrictions>", 1);
  g_string_replace (edited, "ip=\"10.77.0.31\" enabled=\"true\"", "ip=\"10.77.0.31\" enabled=\"false\"", 1);
  g_string_replace (edited, " ip=\"10.77.0.22\"", "", 1);
  bytes = g_bytes_new (edited->str, edited->len);
  policy = xn_policy_load_bytes (bytes, "edited", &error);
  ck_assert_msg (policy != NULL, "%s", error ? error->message : "");
  m = xn_net_matrix_new (policy, "ovshost", &error);
  ck_assert_msg (m != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (xn_net_matrix_get_n_switches (m), 1);

  ck_assert_int_eq (net_reason (m, "a1", "b1"), XN_PAIR_WHITELIST_LIMITED);
  xn_net_matrix_get_cell (m, 0, net_port (m, 0, "a1"), net_port (m, 0, "b1"), &v);
  ck_assert_str_eq (v.proto, "tcp");
  ck_assert_uint_eq (v.port, 22);
  ck_assert_int_eq (net_reason (m, "a1", "sw"), XN_PAIR_WHITELISTED);
  ck_assert_int_eq (net_reason (m, "a1", "a2"), XN_PAIR_WHITELIST_EXCLUDES);
  /* The whitelist binds what a1 sends, not what it receives. */
  ck_assert_int_eq (net_reason (m, "a2", "a1"), XN_PAIR_OPEN);
  ck_assert_int_eq (net_reason (m, "b1", "c1"), XN_PAIR_DST_DISABLED);
  ck_assert_int_eq (net_reason (m, "c1", "b1"), XN_PAIR_SRC_DISABLED);
  ck_assert_int_eq (net_reason (m, "b2", "b1"), XN_PAIR_SRC_NO_ADDRESS);
  ck_assert_int_eq (net_reason (m, "b1", "b2"), XN_PAIR_DST_NO_ADDRESS);
  /* Table 0 comes first: a conflicting pair with a disabled end says so. */
  ck_assert (!xn_net_matrix_get_cell (m, 0, net_port (m, 0, "a2"), net_port (m, 0, "c1"), NULL));
  ck_assert_int_eq (net_reason (m, "a2", "c1"), XN_PAIR_DST_DISABLED);

  ck_assert (!xn_net_matrix_domains_may_talk (m, "Domain-0", "a1", &code, &why));
  ck_assert_str_eq (code, "no-shared-switch");
  g_clear_pointer (&code, g_free);
  g_clear_pointer (&why, g_free);
  ck_assert (xn_net_matrix_domains_may_talk (m, "a1", "b1", &code, &why));
  ck_assert_str_eq (code, "whitelist-limited");
  ck_assert (strstr (why, "tcp port 22") != NULL);

  text = xn_net_matrix_format (m, NULL);
  ck_assert_msg (strstr (text, "xbr a1 -> a2 drop whitelist-excludes: ") != NULL, "%s", text);
  ck_assert (strstr (text, "ovshost Domain-0 -> a1 drop no-shared-switch: ") != NULL);
}
END_TEST

/* The conflict reason names the conflict, and a plan read back from its
 * serialisation (tables only) declines to answer rather than guess. */
START_TEST (test_net_matrix_conflict)
{
  g_autoptr(XnPolicy) policy = load ("ovs-policy.xml");
  g_autoptr(XnNetMatrix) m = xn_net_matrix_new (policy, "ovshost", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(XnPlan) back = NULL;
  g_autofree char *why = NULL;
  XnPairVerdict v;
  int a1, c1;

  ck_assert_ptr_nonnull (m);
  a1 = net_port (m, 0, "a1");
  c1 = net_port (m, 0, "c1");
  ck_assert (!xn_net_matrix_get_cell (m, 0, a1, c1, &v));
  ck_assert_int_eq (v.reason, XN_PAIR_CONFLICT);
  ck_assert_str_eq (v.conflict_name, "test_separation");
  why = xn_net_matrix_dup_cell_reason (m, 0, a1, c1);
  ck_assert_str_eq (why, "conflict test_separation names tags A and C");
  ck_assert_int_eq (net_reason (m, "a1", "b1"), XN_PAIR_OPEN);

  bytes = xn_plan_serialize (xn_net_matrix_get_plan (m));
  back = xn_plan_deserialize (bytes, NULL);
  ck_assert_ptr_nonnull (back);
  ck_assert (!xn_plan_decide_pair (back, "xbr", a1, c1, &v));
}
END_TEST

START_TEST (test_matrix_simple)
{
  g_autoptr(XnPolicy) policy = load (SIMPLE);
  g_autoptr(XnConflict) c = xn_conflict_new ();
  g_autoptr(XnTagRef) r1 = NULL;
  g_autoptr(XnTagRef) r2 = NULL;
  g_autoptr(XnMatrix) m = NULL;
  g_autofree char *why = NULL;
  g_autofree char *none = NULL;
  int a, b, d;

  /* Split the one conflict's run-together rule with an exclusive one. */
  xn_object_set_name (XN_OBJECT (c), "A_B_exclusive");
  xn_conflict_set_id (c, 5);
  xn_conflict_set_allow_simultaneous (c, FALSE);
  r1 = xn_tag_ref_new (xn_object_get_uuid (XN_OBJECT (xn_policy_find_tag_by_name (policy, "Enclave A"))));
  r2 = xn_tag_ref_new (xn_object_get_uuid (XN_OBJECT (xn_policy_find_tag_by_name (policy, "Enclave B"))));
  xn_object_list_append (xn_conflict_get_tag_refs (c), XN_OBJECT (r1));
  xn_object_list_append (xn_conflict_get_tag_refs (c), XN_OBJECT (r2));
  xn_object_list_append (xn_policy_get_conflicts (policy), XN_OBJECT (c));
  m = xn_matrix_new (policy);
  a = xn_matrix_find_tag (m, "Enclave A");
  b = xn_matrix_find_tag (m, "Enclave B");
  d = xn_matrix_find_tag (m, "Enclave D");
  ck_assert (!xn_matrix_tags_may_run_together (m, a, b));
  ck_assert (!xn_matrix_tags_may_run_together (m, b, a));
  ck_assert (xn_matrix_tags_may_run_together (m, a, d));
  ck_assert (!xn_matrix_tags_may_communicate (m, a, d));
  why = xn_matrix_dup_tag_reason (m, b, a);
  ck_assert_str_eq (why, "conflict A_B_exclusive (id 5) names both tags and forbids running together");
  none = xn_matrix_dup_tag_reason (m, a, d);
  ck_assert_str_eq (none, "conflict EnclavesConflict (id 1) names both tags");
  ck_assert (!xn_matrix_domains_may_run_together (m,
                                                  xn_matrix_find_domain (m, "10.0.2.107", "EA-domu-4"),
                                                  xn_matrix_find_domain (m, "10.0.2.107", "EB-domu-1")));
}
END_TEST

START_TEST (test_error_unknown_host)
{
  g_autoptr(XnPolicy) policy = load (DEMO);
  g_autoptr(GError) error = NULL;
  g_autoptr(XnPlan) plan = xn_compile (policy, "nosuchhost", &error);

  ck_assert_ptr_null (plan);
  ck_assert (g_error_matches (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_UNKNOWN_HOST));
  ck_assert (strstr (error->message, "nosuchhost"));
}
END_TEST

/* The demo compiled with profile PV-NetworkService allowing hypercall
 * @name too: the error it must be refused with. */
static GError *
compile_with_hypercall (const char *name)
{
  g_autoptr(XnPolicy) policy = load (DEMO);
  g_autoptr(XnHypercallRule) rule = xn_hypercall_rule_new (name, NULL);
  g_autoptr(XnPlan) plan = NULL;
  GError *error = NULL;

  xn_object_list_append (xn_profile_get_hypercalls (xn_policy_find_profile_by_name (policy, "PV-NetworkService")),
                         XN_OBJECT (rule));
  plan = xn_compile (policy, "localhost", &error);
  ck_assert_ptr_null (plan);
  ck_assert (g_error_matches (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_HYPERCALL));
  return error;
}

START_TEST (test_error_unknown_hypercall)
{
  g_autoptr(GError) error = compile_with_hypercall ("frobnicate_op");

  ck_assert (strstr (error->message, "PV-NetworkService"));
  ck_assert (strstr (error->message, "frobnicate_op"));
}
END_TEST

/* A legacy hypercall is refused, naming the profile and its successor:
 * a blob allowing it would be refused by every host's guard. */
START_TEST (test_error_legacy_hypercall)
{
  g_autoptr(GError) error = compile_with_hypercall ("event_channel_op_compat");

  ck_assert_msg (strstr (error->message, "PV-NetworkService") != NULL
                 && strstr (error->message, "“event_channel_op_compat”") != NULL
                 && strstr (error->message, "allow “event_channel_op” instead") != NULL,
                 "%s", error->message);
}
END_TEST

static const struct
{
  const char *subops;
  gboolean    ok;
} subop_cases[] = {
  { "0-9,12", TRUE },
  { "127", TRUE },
  /* Names are the built-in table's notation; the schema refuses them in
   * a document, and so does the compiler. */
  { "increase_reservation,populate_physmap", FALSE },
  { "128", FALSE },
  { "0-200", FALSE },
  { "9-3", FALSE },
  { "1,,2", FALSE },
  { "no_such_op", FALSE },
  { "-1", FALSE },
  { "99999999999999999999", FALSE },
};

START_TEST (test_error_subops)
{
  g_autoptr(XnPolicy) policy = load (DEMO);
  XnProfile *profile = xn_policy_find_profile_by_name (policy, "PV-LinuxGeneric");
  g_autoptr(GError) error = NULL;
  g_autoptr(XnPlan) plan = NULL;

  xn_hypercall_rule_set_subops (xn_profile_find_hypercall (profile, "memory_op"), subop_cases[_i].subops);
  plan = xn_compile (policy, "localhost", &error);
  ck_assert_msg ((plan != NULL) == subop_cases[_i].ok, "%s", subop_cases[_i].subops);
  if (!subop_cases[_i].ok)
    {
      ck_assert (g_error_matches (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_SUBOP));
      ck_assert (strstr (error->message, "PV-LinuxGeneric"));
      ck_assert (strstr (error->message, "memory_op"));
    }
}
END_TEST

START_TEST (test_vif_without_ip)
{
  g_autoptr(XnPolicy) policy = load (DEMO);
  XnDomain *vm2 = find_domain (policy, "localhost", "user_vm_2");
  XnVif *vif = xn_object_list_get (xn_domain_get_vifs (vm2), 0);
  g_autoptr(XnPlan) plan = NULL;
  GPtrArray *ports;
  gboolean seen = FALSE;

  /* Decision: anti-spoofing needs the address, so such a VIF forwards
   * nothing (like a disabled one) and the plan says so in a warning. */
  xn_vif_set_ip (vif, NULL);
  plan = compile_ok (policy, "localhost");
  ck_assert (strstr (xn_plan_get_warnings (plan)[0], "no IP address"));
  ports = xn_plan_get_ports (plan, "secbr0");
  for (guint i = 0; i < ports->len; i++)
    {
      XnPlanPort *p = g_ptr_array_index (ports, i);

      if (g_str_equal (p->domain_name, "user_vm_2"))
        {
          g_autofree char *in = g_strdup_printf ("in_port=%u,", p->ofport);
          g_autofree char *bucket = g_strdup_printf ("output:%u", p->ofport);

          ck_assert (!p->forwarding);
          ck_assert_uint_eq (count_substr (xn_plan_get_flows (plan, "secbr0"), in), 0);
          ck_assert_uint_eq (count_substr (xn_plan_get_flows (plan, "secbr0"), p->mac), 0);
          ck_assert_uint_eq (count_substr (xn_plan_get_groups (plan, "secbr0"), bucket), 0);
          seen = TRUE;
        }
    }
  ck_assert (seen);

  /* The lint says so before: XN-L035. */
  {
    g_autoptr(GListModel) issues = xn_lint_run (policy, NULL);
    gboolean linted = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (issues); i++)
      {
        g_autoptr(XnLintIssue) issue = g_list_model_get_item (issues, i);

        linted |= g_str_equal (xn_lint_issue_get_code (issue), "XN-L035");
      }
    ck_assert (linted);
  }

  /* A disabled VIF likewise, without a warning, and it is not attached:
   * the guest gets no NIC the officer switched off. */
  xn_vif_set_ip (vif, "10.10.4.22");
  xn_vif_set_enabled (vif, FALSE);
  g_clear_pointer (&plan, xn_plan_unref);
  plan = compile_ok (policy, "localhost");
  ck_assert_ptr_null (xn_plan_get_warnings (plan)[0]);
  ck_assert_uint_eq (count_substr (xn_plan_get_flows (plan, "secbr0"), "00:16:3e:5c:10:22"), 0);
  {
    const XnPlanDomain *pd = xn_plan_find_domain (plan, xn_object_get_uuid (XN_OBJECT (vm2)));

    ck_assert_msg (strstr (pd->xl_config, "00:16:3e:5c:10:22") == NULL, "%s", pd->xl_config);
    ck_assert_msg (strstr (pd->xl_config, "vif =") == NULL, "%s", pd->xl_config);
  }
}
END_TEST

/* What the compiler refuses, the lint refuses first (names it takes and
 * the lint does not are the schema's business: it has digits only). */
START_TEST (test_lint_knows_subops)
{
  g_autoptr(XnPolicy) policy = load (DEMO);
  XnProfile *profile = xn_policy_find_profile_by_name (policy, "PV-LinuxGeneric");
  g_autoptr(GListModel) issues = NULL;
  gboolean linted = FALSE;

  if (subop_cases[_i].ok)
    return;
  xn_hypercall_rule_set_subops (xn_profile_find_hypercall (profile, "memory_op"), subop_cases[_i].subops);
  issues = xn_lint_run (policy, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (issues); i++)
    {
      g_autoptr(XnLintIssue) issue = g_list_model_get_item (issues, i);

      linted |= g_str_equal (xn_lint_issue_get_code (issue), "XN-L027")
                && xn_lint_issue_get_severity (issue) == XN_LINT_SEVERITY_ERROR;
    }
  ck_assert_msg (linted, "the lint passes sub-ops \"%s\" that the compiler refuses", subop_cases[_i].subops);
}
END_TEST

/* Every warning of the compiler (something left out or not forwarded)
 * is a lint finding of its own, one for one. */
static const struct
{
  const char *file;
  const char *host;
} linted_fixtures[] = {
  { DEMO, "localhost" },
  { SIMPLE, "10.0.2.107" },
  { "ovs-policy.xml", "ovshost" },
};

START_TEST (test_warnings_are_linted)
{
  g_autoptr(XnPolicy) policy = load (linted_fixtures[_i].file);
  g_autoptr(XnPlan) plan = compile_ok (policy, linted_fixtures[_i].host);
  g_autoptr(GListModel) issues = xn_lint_run (policy, NULL);
  const char * const *warnings = xn_plan_get_warnings (plan);
  guint n_warnings = g_strv_length ((char **) warnings), n_lint = 0;

  for (guint i = 0; i < g_list_model_get_n_items (issues); i++)
    {
      g_autoptr(XnLintIssue) issue = g_list_model_get_item (issues, i);
      const char *code = xn_lint_issue_get_code (issue);

      n_lint += g_str_equal (code, "XN-L034") || g_str_equal (code, "XN-L035")
                || g_str_equal (code, "XN-L036");
    }
  ck_assert_uint_eq (n_warnings, n_lint);
}
END_TEST

static const struct
{
  const char *mac;
  const char *ip;
} bad_addresses[] = {
  { "00:16:3e:5c:10:2", "10.10.4.22" },
  { "00:16:3e:5c:10:22,actions=output:1", "10.10.4.22" },
  { "01:16:3e:5c:10:22", "10.10.4.22" },   /* multicast */
  { "00:16:3e:5c:10:22", "10.10.4.300" },
  { "00:16:3e:5c:10:22", "10.10.4.22,actions=flood" },
  { "00:16:3e:5c:10:21", "10.10.4.22" },   /* user_vm_1's MAC */
};

START_TEST (test_error_addresses)
{
  g_autoptr(XnPolicy) policy = load (DEMO);
  XnVif *vif = xn_object_list_get (xn_domain_get_vifs (find_domain (policy, "localhost", "user_vm_2")), 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(XnPlan) plan = NULL;

  xn_vif_set_mac (vif, bad_addresses[_i].mac);
  xn_vif_set_ip (vif, bad_addresses[_i].ip);
  plan = xn_compile (policy, "localhost", &error);
  ck_assert_ptr_null (plan);
  ck_assert (g_error_matches (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_ADDRESS));
}
END_TEST

START_TEST (test_whitelist_flows)
{
  g_autoptr(XnPolicy) policy = load (DEMO);
  XnDomain *vm1 = find_domain (policy, "localhost", "user_vm_1");
  g_autoptr(XnNetAllow) allow = xn_net_allow_new ();
  g_autoptr(XnNetAllow) allow2 = xn_net_allow_new ();
  g_autoptr(XnPlan) plan = NULL;
  GPtrArray *flows;

  xn_domain_set_whitelist (vm1, TRUE);
  xn_net_allow_set_address (allow, "10.10.4.0/24");
  xn_net_allow_set_proto (allow, "tcp");
  xn_net_allow_set_port (allow, 443);
  xn_net_allow_set_address (allow2, "10.10.4.31");
  xn_net_allow_set_proto (allow2, "any");
  xn_object_list_append (xn_domain_get_net_allow (vm1), XN_OBJECT (allow));
  xn_object_list_append (xn_domain_get_net_allow (vm1), XN_OBJECT (allow2));
  plan = compile_ok (policy, "localhost");
  flows = xn_plan_get_flows (plan, "secbr0");
  ck_assert_uint_eq (count_substr (flows, ",tcp,nw_dst=10.10.4.0/24,tp_dst=443,actions=goto_table:3"), 1);
  ck_assert_uint_eq (count_substr (flows, ",arp,arp_tpa=10.10.4.0/24,actions=goto_table:3"), 1);
  ck_assert_uint_eq (count_substr (flows, ",ip,nw_dst=10.10.4.31,actions=goto_table:3"), 1);
  ck_assert_uint_eq (count_prefix (flows, "table=2,priority=100,"), 1);

  xn_net_allow_set_address (allow2, "10.10.4.31/33");
  g_clear_pointer (&plan, xn_plan_unref);
  plan = xn_compile (policy, "localhost", NULL);
  ck_assert_ptr_null (plan);
}
END_TEST

START_TEST (test_builtin_profiles)
{
  g_autoptr(XnPolicy) policy = load (DEMO);
  guint before = xn_object_list_get_n_items (xn_policy_get_profiles (policy));
  guint added = xn_builtin_profiles_add_to (policy);
  g_autoptr(XnPlan) plan = NULL;
  struct xng_policy pol;
  XnProfile *pv;

  /* The demo already has PV-LinuxGeneric and Dom0-Management. */
  ck_assert_uint_eq (added, 6);
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_policy_get_profiles (policy)), before + 6);
  ck_assert_uint_eq (xn_builtin_profiles_add_to (policy), 0);
  /* Every built-in hypercall and sub-op name is one the guard knows. */
  plan = compile_ok (policy, "localhost");
  ck_assert_ptr_null (xn_plan_get_warnings (plan)[0]);
  parse_plan_blob (plan, &pol);
  ck_assert_uint_eq (pol.n_profiles, before + 6 + 1);
  {
    /* The lint and the schema take them as they are: sub-ops as numbers,
     * so a new document saves and opens again. */
    g_autoptr(GListModel) issues = xn_lint_run (policy, NULL);
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(XnPolicy) again = NULL;
    g_autoptr(GError) error = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (issues); i++)
      {
        g_autoptr(XnLintIssue) issue = g_list_model_get_item (issues, i);
        ck_assert_msg (!g_str_equal (xn_lint_issue_get_code (issue), "XN-L026")
                       && !g_str_equal (xn_lint_issue_get_code (issue), "XN-L027"),
                       "%s", xn_lint_issue_get_message (issue));
      }
    bytes = xn_policy_save_to_bytes (policy, &error);
    ck_assert_msg (bytes != NULL, "%s", error ? error->message : "");
    again = xn_policy_load_bytes (bytes, "builtins.xml", &error);
    ck_assert_msg (again != NULL, "reload: %s", error ? error->message : "");
    pv = xn_policy_find_profile_by_name (again, "NetworkService");
    ck_assert_ptr_nonnull (pv);
    ck_assert_str_eq (xn_hypercall_rule_get_subops (xn_profile_find_hypercall (pv, "memory_op")), "0-6,9,12");
  }

  pv = xn_builtin_profile_new ("PVH-LinuxGeneric");
  ck_assert_ptr_nonnull (pv);
  ck_assert_ptr_null (xn_profile_find_hypercall (pv, "mmu_update"));
  ck_assert_ptr_nonnull (xn_profile_find_hypercall (pv, "hvm_op"));
  g_object_unref (pv);
  pv = xn_builtin_profile_new ("Dom0-Management");
  ck_assert_ptr_nonnull (xn_profile_find_hypercall (pv, "domctl"));
  ck_assert_ptr_nonnull (xn_profile_find_hypercall (pv, "platform_op"));
  g_object_unref (pv);
  ck_assert_ptr_null (xn_builtin_profile_new ("NoSuchProfile"));
}
END_TEST

static Suite *
compile_suite (void)
{
  Suite *s = suite_create ("compile");
  TCase *tc;

  tc = tcase_create ("blob");
  tcase_add_test (tc, test_blob_demo);
  tcase_add_test (tc, test_blob_simple);
  tcase_add_test (tc, test_guard_decisions);
  tcase_add_test (tc, test_guard_simple_fail_closed);
  suite_add_tcase (s, tc);

  tc = tcase_create ("flows");
  tcase_add_test (tc, test_flows_demo);
  tcase_add_test (tc, test_flows_linear);
  tcase_add_test (tc, test_whitelist_flows);
  tcase_add_test (tc, test_vif_without_ip);
  suite_add_tcase (s, tc);

  tc = tcase_create ("xl");
  tcase_add_test (tc, test_xl_config);
  tcase_add_test (tc, test_xl_config_simple);
  tcase_add_test (tc, test_xl_extra_reserved);
  suite_add_tcase (s, tc);

  tc = tcase_create ("plan");
  tcase_add_test (tc, test_serialize_roundtrip);
  tcase_add_test (tc, test_serialize_switches);
  tcase_add_test (tc, test_may_run_on);
  tcase_add_test (tc, test_plan_diff);
  tcase_add_test (tc, test_plan_diff_removed_running);
  suite_add_tcase (s, tc);

  tc = tcase_create ("matrix");
  tcase_add_test (tc, test_matrix_demo);
  tcase_add_test (tc, test_matrix_simple);
  tcase_add_test (tc, test_net_matrix_reasons);
  tcase_add_test (tc, test_net_matrix_conflict);
  suite_add_tcase (s, tc);

  tc = tcase_create ("errors");
  tcase_add_test (tc, test_error_unknown_host);
  tcase_add_test (tc, test_error_unknown_hypercall);
  tcase_add_test (tc, test_error_legacy_hypercall);
  tcase_add_loop_test (tc, test_error_subops, 0, G_N_ELEMENTS (subop_cases));
  tcase_add_loop_test (tc, test_lint_knows_subops, 0, G_N_ELEMENTS (subop_cases));
  tcase_add_loop_test (tc, test_warnings_are_linted, 0, G_N_ELEMENTS (linted_fixtures));
  tcase_add_loop_test (tc, test_error_addresses, 0, G_N_ELEMENTS (bad_addresses));
  suite_add_tcase (s, tc);

  tc = tcase_create ("builtin");
  tcase_add_test (tc, test_builtin_profiles);
  suite_add_tcase (s, tc);

  return s;
}

XN_TEST_MAIN (compile_suite)
