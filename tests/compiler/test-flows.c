/* test-flows.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The compiler's Open vSwitch tables, decoded and run (suite compiler).
 *
 * The golden digests pin the flows' bytes, but a golden regenerated
 * without a look would pin a bug as readily. Here a small interpreter of
 * the subset of OpenFlow the compiler writes (docs/FLOWS.md) sends
 * packets through each switch's tables and groups, and the result is
 * held against the policy itself: which registers each stage sets, and
 * where each unicast and broadcast frame ends up. The interpreter refuses
 * any match field or action it does not know, so a new kind of flow
 * cannot slip past it unread. */

#include <string.h>

#include "xenon-model.h"
#include "xn-test.h"

#define N_REGS 4
#define MAX_TABLES 8

typedef struct
{
  char   *field;
  char   *value;
} Match;

typedef struct
{
  guint      table;
  guint      priority;
  GPtrArray *matches;   /* Match * */
  GStrv      actions;
} Flow;

/* A frame as the switch sees it; ARP or IPv4. */
typedef struct
{
  guint       in_port;
  const char *dl_src;
  const char *dl_dst;
  gboolean    arp;
  const char *src_ip;
  const char *dst_ip;
} Packet;

typedef struct
{
  guint   regs[N_REGS];
  GArray *out;          /* guint ofports, in_port left out as OVS does */
} Trace;

static void
match_free (Match *m)
{
  g_free (m->field);
  g_free (m->value);
  g_free (m);
}

static void
flow_free (Flow *f)
{
  g_ptr_array_unref (f->matches);
  g_strfreev (f->actions);
  g_free (f);
}

static guint
parse_uint (const char *text)
{
  guint64 v = 0;

  if (g_str_equal (text, "LOCAL"))
    return XN_PLAN_OFPORT_LOCAL;
  ck_assert_msg (g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &v, NULL), "not a number: %s", text);
  return (guint) v;
}

/* "table=T,priority=P,k=v,k,...,actions=a,b,c" */
static Flow *
flow_parse (const char *text)
{
  const char *actions = strstr (text, ",actions=");
  g_autofree char *head = NULL;
  g_auto(GStrv) items = NULL;
  Flow *f = g_new0 (Flow, 1);

  ck_assert_msg (actions != NULL, "flow without actions: %s", text);
  head = g_strndup (text, actions - text);
  f->actions = g_strsplit (actions + strlen (",actions="), ",", -1);
  f->matches = g_ptr_array_new_with_free_func ((GDestroyNotify) match_free);
  items = g_strsplit (head, ",", -1);
  for (guint i = 0; items[i]; i++)
    {
      char *eq = strchr (items[i], '=');
      Match *m;

      if (eq != NULL)
        *eq = '\0';
      if (g_str_equal (items[i], "table"))
        f->table = parse_uint (eq + 1);
      else if (g_str_equal (items[i], "priority"))
        f->priority = parse_uint (eq + 1);
      else
        {
          m = g_new0 (Match, 1);
          m->field = g_strdup (items[i]);
          m->value = eq != NULL ? g_strdup (eq + 1) : NULL;
          g_ptr_array_add (f->matches, m);
        }
    }
  ck_assert_msg (f->table < MAX_TABLES, "table %u: %s", f->table, text);
  return f;
}

static guint64
mac_bits (const char *mac)
{
  guint64 v = 0;

  ck_assert_msg (strlen (mac) == 17, "not a MAC: %s", mac);
  for (int i = 0; i < 17; i += 3)
    v = (v << 8) | (guint64) (g_ascii_xdigit_value (mac[i]) << 4 | g_ascii_xdigit_value (mac[i + 1]));
  return v;
}

/* "M" or "M/MASK" against a MAC. */
static gboolean
mac_matches (const char *pattern,
             const char *mac)
{
  const char *slash = strchr (pattern, '/');
  g_autofree char *value = slash ? g_strndup (pattern, slash - pattern) : g_strdup (pattern);
  guint64 mask = slash ? mac_bits (slash + 1) : G_GUINT64_CONSTANT (0xffffffffffff);

  return (mac_bits (value) & mask) == (mac_bits (mac) & mask);
}

static guint32
ip_bits (const char *ip)
{
  guint32 v = 0;
  g_auto(GStrv) parts = g_strsplit (ip, ".", -1);

  ck_assert_msg (g_strv_length (parts) == 4, "not an IPv4 address: %s", ip);
  for (guint i = 0; i < 4; i++)
    v = (v << 8) | parse_uint (parts[i]);
  return v;
}

/* "I" or "I/PREFIX" against an address; no address never matches. */
static gboolean
ip_matches (const char *pattern,
            const char *ip)
{
  const char *slash = strchr (pattern, '/');
  g_autofree char *value = slash ? g_strndup (pattern, slash - pattern) : g_strdup (pattern);
  guint prefix = slash ? parse_uint (slash + 1) : 32;
  guint32 mask = prefix == 0 ? 0 : G_MAXUINT32 << (32 - prefix);

  return ip != NULL && (ip_bits (value) & mask) == (ip_bits (ip) & mask);
}

static gboolean
flow_matches (const Flow   *f,
              const Packet *p,
              const guint   regs[N_REGS])
{
  for (guint i = 0; i < f->matches->len; i++)
    {
      const Match *m = g_ptr_array_index (f->matches, i);
      const char *k = m->field;

      if (g_str_equal (k, "in_port"))
        {
          if (parse_uint (m->value) != p->in_port)
            return FALSE;
        }
      else if (g_str_equal (k, "dl_src"))
        {
          if (!mac_matches (m->value, p->dl_src))
            return FALSE;
        }
      else if (g_str_equal (k, "dl_dst"))
        {
          if (!mac_matches (m->value, p->dl_dst))
            return FALSE;
        }
      else if (g_str_equal (k, "ip"))
        {
          if (p->arp)
            return FALSE;
        }
      else if (g_str_equal (k, "arp"))
        {
          if (!p->arp)
            return FALSE;
        }
      else if (g_str_equal (k, "nw_src"))
        {
          if (p->arp || !ip_matches (m->value, p->src_ip))
            return FALSE;
        }
      else if (g_str_equal (k, "nw_dst"))
        {
          if (p->arp || !ip_matches (m->value, p->dst_ip))
            return FALSE;
        }
      else if (g_str_equal (k, "arp_spa"))
        {
          if (!p->arp || !ip_matches (m->value, p->src_ip))
            return FALSE;
        }
      else if (g_str_equal (k, "arp_tpa"))
        {
          if (!p->arp || !ip_matches (m->value, p->dst_ip))
            return FALSE;
        }
      else if (g_str_equal (k, "arp_sha"))
        {
          /* Our ARP frames carry the Ethernet source as sender. */
          if (!p->arp || !mac_matches (m->value, p->dl_src))
            return FALSE;
        }
      else if (g_str_has_prefix (k, "reg") && strlen (k) == 4 && k[3] >= '0' && k[3] < '0' + N_REGS)
        {
          if (regs[k[3] - '0'] != parse_uint (m->value))
            return FALSE;
        }
      else if (g_str_equal (k, "tcp") || g_str_equal (k, "udp") || g_str_equal (k, "icmp"))
        return FALSE;   /* the test's IP frames carry no transport */
      else
        ck_abort_msg ("the flow decoder does not know the match field “%s”", k);
    }
  return TRUE;
}

static void
output (Trace        *t,
        const Packet *p,
        guint         port)
{
  if (port != p->in_port)
    g_array_append_val (t->out, port);
}

static void
run_group (GPtrArray    *groups,
           guint         id,
           const Packet *p,
           Trace        *t)
{
  g_autofree char *prefix = g_strdup_printf ("group_id=%u,type=all,", id);

  for (guint i = 0; i < groups->len; i++)
    {
      const char *g = g_ptr_array_index (groups, i);
      g_auto(GStrv) items = NULL;

      if (!g_str_has_prefix (g, prefix))
        continue;
      items = g_strsplit (g + strlen (prefix), ",", -1);
      for (guint j = 0; items[j]; j++)
        {
          ck_assert_msg (g_str_has_prefix (items[j], "bucket=output:"), "group bucket: %s", g);
          output (t, p, parse_uint (items[j] + strlen ("bucket=output:")));
        }
      return;
    }
  ck_abort_msg ("group:%u names no group", id);
}

/* Runs @p through the tables from table 0; fills @t. */
static void
run (GPtrArray    *flows,
     GPtrArray    *groups,
     const Packet *p,
     Trace        *t)
{
  guint table = 0;

  memset (t->regs, 0, sizeof t->regs);
  g_array_set_size (t->out, 0);
  for (guint hops = 0; hops < MAX_TABLES; hops++)
    {
      const Flow *best = NULL;
      gboolean next = FALSE;

      for (guint i = 0; i < flows->len; i++)
        {
          const Flow *f = g_ptr_array_index (flows, i);

          if (f->table != table || !flow_matches (f, p, t->regs))
            continue;
          /* Two matches at one priority: OpenFlow leaves the choice
           * undefined, and the compiler must never write that. */
          ck_assert_msg (best == NULL || best->priority != f->priority,
                         "table %u: two flows at priority %u match", table, f->priority);
          if (best == NULL || f->priority > best->priority)
            best = f;
        }
      if (best == NULL)
        return;   /* a table miss drops in OpenFlow 1.3 */
      for (guint i = 0; best->actions[i]; i++)
        {
          const char *a = best->actions[i];
          const char *arrow;

          if (g_str_equal (a, "drop"))
            return;
          if (g_str_has_prefix (a, "set_field:") && (arrow = strstr (a, "->reg")) != NULL
              && strlen (arrow) == 6 && arrow[5] >= '0' && arrow[5] < '0' + N_REGS)
            {
              g_autofree char *value = g_strndup (a + strlen ("set_field:"), arrow - a - strlen ("set_field:"));

              t->regs[arrow[5] - '0'] = parse_uint (value);
            }
          else if (g_str_has_prefix (a, "goto_table:"))
            {
              guint to = parse_uint (a + strlen ("goto_table:"));

              ck_assert_msg (to > table, "goto_table:%u from table %u", to, table);
              table = to;
              next = TRUE;
            }
          else if (g_str_has_prefix (a, "group:"))
            run_group (groups, parse_uint (a + strlen ("group:")), p, t);
          else if (g_str_equal (a, "output:NXM_NX_REG3[]"))
            output (t, p, t->regs[3]);
          else if (g_str_has_prefix (a, "output:"))
            output (t, p, parse_uint (a + strlen ("output:")));
          else
            ck_abort_msg ("the flow decoder does not know the action “%s”", a);
        }
      if (!next)
        return;
    }
  ck_abort_msg ("more than %d table hops", MAX_TABLES);
}

/* ------------------------------------------------------------------ */

typedef struct
{
  XnPolicy   *policy;
  XnPlan     *plan;
  GPtrArray  *flows;      /* Flow * */
  GPtrArray  *groups;     /* char *, the plan's */
  GPtrArray  *ports;      /* XnPlanPort *, the plan's */
  GHashTable *conflicts;  /* "a\nb" for tag names that stand in a conflict */
  Trace       trace;
} Switch;

static const struct
{
  const char *file;
  const char *host;
  const char *sw;
} fixtures[] = {
  { "xenon-enterprise-demo.xml", "localhost", "secbr0" },
  { "ovs-policy.xml", "ovshost", "xbr" },
};

/* The oracle: the policy's own conflicts, by tag name. */
static GHashTable *
conflict_pairs (XnPolicy *policy)
{
  GHashTable *pairs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  XnObjectList *conflicts = xn_policy_get_conflicts (policy);

  for (guint i = 0; i < xn_object_list_get_n_items (conflicts); i++)
    {
      XnObjectList *refs = xn_conflict_get_tag_refs (xn_object_list_get (conflicts, i));
      guint n = xn_object_list_get_n_items (refs);

      for (guint a = 0; a < n; a++)
        for (guint b = 0; b < n; b++)
          {
            XnObject *ta = xn_policy_lookup (policy, xn_tag_ref_get_tag_uuid (xn_object_list_get (refs, a)));
            XnObject *tb = xn_policy_lookup (policy, xn_tag_ref_get_tag_uuid (xn_object_list_get (refs, b)));

            if (ta != tb)
              g_hash_table_add (pairs, g_strdup_printf ("%s\n%s", xn_object_get_name (ta),
                                                        xn_object_get_name (tb)));
          }
    }
  return pairs;
}

static gboolean
ports_conflict (Switch           *s,
                const XnPlanPort *a,
                const XnPlanPort *b)
{
  g_autofree char *key = NULL;

  if (a->tag_name == NULL || b->tag_name == NULL)
    return FALSE;   /* an untagged root domain conflicts with none */
  key = g_strdup_printf ("%s\n%s", a->tag_name, b->tag_name);
  return g_hash_table_contains (s->conflicts, key);
}

static void
switch_load (Switch *s,
             guint   i)
{
  g_autofree char *path = xn_test_data_path (fixtures[i].file);
  g_autoptr(GError) error = NULL;
  GPtrArray *texts;

  memset (s, 0, sizeof *s);
  s->policy = xn_policy_load_file (path, &error);
  ck_assert_msg (s->policy != NULL, "%s: %s", fixtures[i].file, error ? error->message : "");
  /* In both fixtures each enclave's index equals its tag's, so a swap
   * of reg0 and reg1 would pass unseen: an empty enclave in front
   * shifts every enclave index by one and changes nothing else. */
  {
    g_autoptr(XnEnclave) spare = xn_enclave_new ();
    XnHost *host = xn_policy_find_host_by_name (s->policy, fixtures[i].host);

    ck_assert_ptr_nonnull (host);
    xn_object_set_name (XN_OBJECT (spare), "spare-enclave-for-the-test");
    xn_object_list_insert (xn_host_get_enclaves (host), 0, XN_OBJECT (spare));
  }
  s->plan = xn_compile (s->policy, fixtures[i].host, &error);
  ck_assert_msg (s->plan != NULL, "%s: %s", fixtures[i].file, error ? error->message : "");
  texts = xn_plan_get_flows (s->plan, fixtures[i].sw);
  s->flows = g_ptr_array_new_with_free_func ((GDestroyNotify) flow_free);
  for (guint j = 0; j < texts->len; j++)
    g_ptr_array_add (s->flows, flow_parse (g_ptr_array_index (texts, j)));
  s->groups = xn_plan_get_groups (s->plan, fixtures[i].sw);
  s->ports = xn_plan_get_ports (s->plan, fixtures[i].sw);
  s->conflicts = conflict_pairs (s->policy);
  s->trace.out = g_array_new (FALSE, FALSE, sizeof (guint));
  /* The fixtures exercise conflicts at all, every port forwards, and
   * some port's enclave index differs from its tag's. */
  ck_assert_uint_gt (g_hash_table_size (s->conflicts), 0);
  {
    gboolean distinct = FALSE;

    for (guint j = 0; j < s->ports->len; j++)
      {
        const XnPlanPort *port = g_ptr_array_index (s->ports, j);

        ck_assert (port->forwarding);
        distinct |= port->enclave != port->tag;
      }
    ck_assert (distinct);
  }
}

static void
switch_clear (Switch *s)
{
  g_array_unref (s->trace.out);
  g_hash_table_unref (s->conflicts);
  g_ptr_array_unref (s->flows);
  xn_plan_unref (s->plan);
  g_object_unref (s->policy);
}

static gboolean
delivered_to (const Trace *t,
              guint        port)
{
  for (guint i = 0; i < t->out->len; i++)
    if (g_array_index (t->out, guint, i) == port)
      return TRUE;
  return FALSE;
}

/* Unicast IP from every port to every other: table 0 puts the source's
 * tag and enclave in reg0 and reg1, table 1 the destination's tag and
 * port in reg2 and reg3, and the frame reaches exactly its destination
 * unless the two tags conflict. */
START_TEST (test_unicast_registers)
{
  Switch s;

  switch_load (&s, _i);
  for (guint i = 0; i < s.ports->len; i++)
    for (guint j = 0; j < s.ports->len; j++)
      {
        const XnPlanPort *a = g_ptr_array_index (s.ports, i);
        const XnPlanPort *b = g_ptr_array_index (s.ports, j);
        Packet p = { a->ofport, a->mac, b->mac, FALSE, a->ip, b->ip };
        gboolean conflict = ports_conflict (&s, a, b);

        if (i == j)
          continue;
        run (s.flows, s.groups, &p, &s.trace);
        ck_assert_msg (s.trace.regs[0] == a->tag && s.trace.regs[1] == a->enclave,
                       "%s → %s: reg0=%u reg1=%u, expected tag %u enclave %u", a->domain_name,
                       b->domain_name, s.trace.regs[0], s.trace.regs[1], a->tag, a->enclave);
        ck_assert_msg (s.trace.regs[2] == b->tag && s.trace.regs[3] == b->ofport,
                       "%s → %s: reg2=%u reg3=%u, expected tag %u port %u", a->domain_name,
                       b->domain_name, s.trace.regs[2], s.trace.regs[3], b->tag, b->ofport);
        ck_assert_msg (s.trace.out->len == (conflict ? 0u : 1u) && (conflict || delivered_to (&s.trace, b->ofport)),
                       "%s (%s) → %s (%s): delivered to %u ports, the tags %s", a->domain_name,
                       a->tag_name, b->domain_name, b->tag_name, s.trace.out->len,
                       conflict ? "conflict" : "do not conflict");
      }
  switch_clear (&s);
}
END_TEST

/* Broadcast (an ARP request) from every port: the source's tag's flood
 * group reaches every other port whose tag does not conflict with it,
 * and only those. */
START_TEST (test_flood_groups)
{
  Switch s;

  switch_load (&s, _i);
  for (guint i = 0; i < s.ports->len; i++)
    {
      const XnPlanPort *a = g_ptr_array_index (s.ports, i);
      Packet p = { a->ofport, a->mac, "ff:ff:ff:ff:ff:ff", TRUE, a->ip, "10.255.255.255" };
      guint expected = 0;

      run (s.flows, s.groups, &p, &s.trace);
      ck_assert_uint_eq (s.trace.regs[0], a->tag);
      ck_assert_msg (s.trace.regs[2] == 0 && s.trace.regs[3] == 0,
                     "broadcast from %s: reg2=%u reg3=%u, expected none", a->domain_name,
                     s.trace.regs[2], s.trace.regs[3]);
      for (guint j = 0; j < s.ports->len; j++)
        {
          const XnPlanPort *b = g_ptr_array_index (s.ports, j);
          gboolean should = i != j && !ports_conflict (&s, a, b);

          expected += should;
          ck_assert_msg (delivered_to (&s.trace, b->ofport) == should,
                         "broadcast from %s (%s) %s %s (%s)", a->domain_name, a->tag_name,
                         should ? "misses" : "reaches", b->domain_name, b->tag_name);
        }
      ck_assert_uint_eq (s.trace.out->len, expected);
    }
  switch_clear (&s);
}
END_TEST

/* A port that sends from another's MAC or IP is stopped in table 0, so
 * no register is set and nothing leaves the switch. */
START_TEST (test_spoofing_classified_nowhere)
{
  Switch s;

  switch_load (&s, _i);
  for (guint i = 0; i < s.ports->len; i++)
    {
      const XnPlanPort *a = g_ptr_array_index (s.ports, i);
      const XnPlanPort *b = g_ptr_array_index (s.ports, (i + 1) % s.ports->len);
      Packet forged_mac = { a->ofport, b->mac, "ff:ff:ff:ff:ff:ff", FALSE, a->ip, "10.255.255.255" };
      Packet forged_ip = { a->ofport, a->mac, b->mac, FALSE, b->ip, b->ip };
      Packet forged_arp = { a->ofport, a->mac, "ff:ff:ff:ff:ff:ff", TRUE, b->ip, a->ip };

      run (s.flows, s.groups, &forged_mac, &s.trace);
      ck_assert_msg (s.trace.out->len == 0 && s.trace.regs[0] == 0, "%s forging %s's MAC", a->domain_name, b->domain_name);
      run (s.flows, s.groups, &forged_ip, &s.trace);
      ck_assert_msg (s.trace.out->len == 0 && s.trace.regs[0] == 0, "%s forging %s's IP", a->domain_name, b->domain_name);
      run (s.flows, s.groups, &forged_arp, &s.trace);
      ck_assert_msg (s.trace.out->len == 0 && s.trace.regs[0] == 0, "%s claiming %s's IP in ARP", a->domain_name, b->domain_name);
    }
  switch_clear (&s);
}
END_TEST

static Suite *
flows_suite (void)
{
  Suite *s = suite_create ("flows");
  TCase *tc = tcase_create ("decoded");

  tcase_add_loop_test (tc, test_unicast_registers, 0, G_N_ELEMENTS (fixtures));
  tcase_add_loop_test (tc, test_flood_groups, 0, G_N_ELEMENTS (fixtures));
  tcase_add_loop_test (tc, test_spoofing_classified_nowhere, 0, G_N_ELEMENTS (fixtures));
  suite_add_tcase (s, tc);
  return s;
}

XN_TEST_MAIN (flows_suite)
