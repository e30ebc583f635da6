/* xn-compile-flows.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * The compiler's Open vSwitch tables, groups and port table for every
 * switch of the host, following docs/FLOWS.md (the contract).
 */

#define G_LOG_DOMAIN "xn-compile"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "xenon-model.h"
#include "xn-compile.h"
#include "xn-compile-private.h"

#include "xng-names.h"
#include "xng-writer.h"

#define MCAST_MASK "01:00:00:00:00:00/01:00:00:00:00:00"
#define UCAST_MASK "00:00:00:00:00:00/01:00:00:00:00:00"

/* "a.b.c.d" or "a.b.c.d/n" → canonical text for nw_dst / arp_tpa, and
 * the network and mask it matches. */
static char *
parse_subnet (const char *text,
              guint32    *net_out,
              guint32    *mask_out)
{
  g_autofree char *host = NULL;
  const char *slash;
  guint64 prefix = 32;
  guint32 addr;
  guint32 mask;

  if (text == NULL)
    return NULL;
  slash = strchr (text, '/');
  host = slash ? g_strndup (text, slash - text) : g_strdup (text);
  if (!xn_ipv4_parse (host, &addr, NULL))
    return NULL;
  if (slash != NULL)
    {
      char *end = NULL;

      if (slash[1] == '\0' || !g_ascii_isdigit (slash[1]))
        return NULL;
      prefix = g_ascii_strtoull (slash + 1, &end, 10);
      if (*end != '\0' || prefix > 32)
        return NULL;
    }
  mask = prefix == 0 ? 0 : 0xffffffffu << (32 - prefix);
  addr &= mask;
  *net_out = addr;
  *mask_out = mask;
  if (prefix == 32)
    return g_strdup_printf ("%u.%u.%u.%u", addr >> 24, (addr >> 16) & 0xff,
                            (addr >> 8) & 0xff, addr & 0xff);
  return g_strdup_printf ("%u.%u.%u.%u/%u", addr >> 24, (addr >> 16) & 0xff,
                          (addr >> 8) & 0xff, addr & 0xff, (guint) prefix);
}

/* ---- flows ---- */

typedef struct
{
  XnPlanPort *port;
  XnDomain   *domain;
  guint64     mac;      /* the MAC as a number */
  PortFacts  *facts;
} PortInfo;

/* A set of 64-bit values by open addressing: duplicate port names and
 * MACs are found without a string hash and an allocation per VIF. */
typedef struct
{
  guint64  *slots;
  gsize     size;       /* a power of two */
  gsize     n;
  gboolean  has_zero;   /* 0 marks an empty slot */
} U64Set;

static void
u64_set_init (U64Set *set,
              gsize   expected)
{
  set->size = 64;
  while (set->size < expected * 2)
    set->size *= 2;
  set->slots = g_new0 (guint64, set->size);
  set->n = 0;
  set->has_zero = FALSE;
}

static void
u64_set_clear (U64Set *set)
{
  g_clear_pointer (&set->slots, g_free);
}

static gsize
u64_set_slot (const U64Set *set,
              guint64       v)
{
  gsize i = (gsize) ((v * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)) >> 32) & (set->size - 1);

  while (set->slots[i] != 0 && set->slots[i] != v)
    i = (i + 1) & (set->size - 1);
  return i;
}

/* Returns FALSE if @v was there already. */
static gboolean
u64_set_add (U64Set  *set,
             guint64  v)
{
  gsize i;

  if (v == 0)
    {
      gboolean had = set->has_zero;

      set->has_zero = TRUE;
      return !had;
    }
  if ((set->n + 1) * 2 > set->size)
    {
      U64Set bigger;

      u64_set_init (&bigger, set->size);
      bigger.has_zero = set->has_zero;
      for (gsize j = 0; j < set->size; j++)
        if (set->slots[j] != 0)
          {
            bigger.slots[u64_set_slot (&bigger, set->slots[j])] = set->slots[j];
            bigger.n++;
          }
      g_free (set->slots);
      *set = bigger;
    }
  i = u64_set_slot (set, v);
  if (set->slots[i] == v)
    return FALSE;
  set->slots[i] = v;
  set->n++;
  return TRUE;
}

static guint64
mac_value (const char *canonical)
{
  guint64 v = 0;

  for (guint i = 0; i < 6; i++)
    v = v << 8 | (guint64) (g_ascii_xdigit_value (canonical[i * 3]) << 4 |
                            g_ascii_xdigit_value (canonical[i * 3 + 1]));
  return v;
}

/* Until its switch takes it, a port belongs to the compiler's array. */
static void
port_info_clear (gpointer data)
{
  PortInfo *pi = data;

  g_clear_pointer (&pi->port, _xn_plan_port_free);
  g_clear_pointer (&pi->facts, _xn_plan_port_facts_free);
}

static guint
port_home (const char *uuid)
{
  /* FNV-1a: a VIF keeps its port number across editions unless its home
   * slot was taken, which stays rare with 65,279 slots. */
  guint32 h = 2166136261u;

  for (const char *p = uuid; *p; p++)
    {
      h ^= (guchar) *p;
      h *= 16777619u;
    }
  return h % XN_PLAN_OFPORT_MAX;
}

static int
port_info_cmp_uuid (gconstpointer a,
                    gconstpointer b)
{
  const PortInfo *pa = a, *pb = b;

  return strcmp (pa->port->vif_uuid, pb->port->vif_uuid);
}

static int
port_info_cmp_ofport (gconstpointer a,
                      gconstpointer b)
{
  const PortInfo *pa = a, *pb = b;

  return (int) pa->port->ofport - (int) pb->port->ofport;
}

/* Writes the flow just built unless an equal one is already there:
 * ovs-ofctl refuses two flows with the same match in one bundle.
 * @seen owns copies, since the buffer moves as it grows. */
static void
flow_end_unique (PlanSwitch *sw,
                 GHashTable *seen)
{
  flow_end (sw);
  if (g_hash_table_contains (seen, flow_last (sw)))
    flow_drop_last (sw);
  else
    g_hash_table_add (seen, g_strdup (flow_last (sw)));
}

static void
put_classify_actions (GString          *s,
                      const XnPlanPort *port)
{
  if (port->tag)
    {
      PUT_LIT (s, "set_field:");
      put_uint (s, port->tag);
      PUT_LIT (s, "->reg0,");
    }
  if (port->enclave)
    {
      PUT_LIT (s, "set_field:");
      put_uint (s, port->enclave);
      PUT_LIT (s, "->reg1,");
    }
  PUT_LIT (s, "goto_table:1");
}

/* A port as a match or output names it: the bridge's own port by name. */
static void
put_port (GString *s,
          guint    ofport)
{
  if (ofport == XN_PLAN_OFPORT_LOCAL)
    PUT_LIT (s, "LOCAL");
  else
    put_uint (s, ofport);
}

static void
put_in_port (GString    *s,
             const char *head,
             guint       ofport)
{
  put_str (s, head);
  put_port (s, ofport);
}

/* Parses @pi's whitelist into its facts, then writes its flows from
 * them: xn_plan_decide_pair() reads the same entries. */
static gboolean
compile_whitelist (Compiler   *c,
                   PlanSwitch *sw,
                   PortInfo   *pi,
                   GHashTable *seen,
                   GError    **error)
{
  XnObjectList *allow = xn_domain_get_net_allow (pi->domain);
  guint n = xn_object_list_get_n_items (allow);
  guint P = pi->port->ofport;
  GString *f;

  g_array_set_size (pi->facts->allow, 0);
  for (guint i = 0; i < n; i++)
    {
      XnNetAllow *entry = xn_object_list_get (allow, i);
      const char *proto = xn_net_allow_get_proto (entry);
      PlanAllow a = { 0 };

      a.port = xn_net_allow_get_port (entry);
      a.text = parse_subnet (xn_net_allow_get_address (entry), &a.net, &a.mask);
      if (a.text == NULL)
        {
          g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_ADDRESS,
                       _("Domain “%s”: whitelist address “%s” is not an IPv4 address or subnet"),
                       pi->port->domain_name,
                       xn_net_allow_get_address (entry) ? xn_net_allow_get_address (entry) : "");
          return FALSE;
        }
      if (a.port > 65535)
        {
          g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_ADDRESS,
                       _("Domain “%s”: whitelist port %u is out of range"),
                       pi->port->domain_name, a.port);
          g_free (a.text);
          return FALSE;
        }
      if (g_strcmp0 (proto, "tcp") == 0)
        a.match = "tcp";
      else if (g_strcmp0 (proto, "udp") == 0)
        a.match = "udp";
      else if (g_strcmp0 (proto, "icmp") == 0)
        {
          a.match = "icmp";
          a.port = 0;
        }
      else if (proto == NULL || g_strcmp0 (proto, "any") == 0)
        {
          a.match = "ip";
          a.port = 0;
        }
      else
        {
          g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_ADDRESS,
                       _("Domain “%s”: whitelist protocol “%s” is not tcp, udp, icmp or any"),
                       pi->port->domain_name, proto);
          g_free (a.text);
          return FALSE;
        }
      g_array_append_val (pi->facts->allow, a);
    }

  for (guint i = 0; i < pi->facts->allow->len; i++)
    {
      const PlanAllow *a = &g_array_index (pi->facts->allow, PlanAllow, i);

      f = flow_begin (sw);
      put_in_port (f, "table=2,priority=200,in_port=", P);
      g_string_append_c (f, ',');
      put_str (f, a->match);
      PUT_LIT (f, ",nw_dst=");
      put_str (f, a->text);
      if (a->port)
        {
          PUT_LIT (f, ",tp_dst=");
          put_uint (f, a->port);
        }
      PUT_LIT (f, ",actions=goto_table:3");
      flow_end_unique (sw, seen);

      f = flow_begin (sw);
      put_in_port (f, "table=2,priority=200,in_port=", P);
      PUT_LIT (f, ",arp,arp_tpa=");
      put_str (f, a->text);
      PUT_LIT (f, ",actions=goto_table:3");
      flow_end_unique (sw, seen);
    }
  f = flow_begin (sw);
  put_in_port (f, "table=2,priority=100,in_port=", P);
  PUT_LIT (f, ",actions=drop");
  flow_end (sw);
  return TRUE;
}

static gboolean
compile_switch (Compiler   *c,
                PlanSwitch *sw,
                GArray     *infos,
                GError    **error)
{
  g_autofree guint8 *used = g_new0 (guint8, XN_PLAN_OFPORT_MAX + 1);
  U64Set macs;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree guint8 *present = g_new0 (guint8, c->n_tags + 1);
  g_autoptr(GString) group = g_string_new (NULL);
  gboolean untagged = FALSE;
  GString *f;

  if (infos->len > XN_PLAN_OFPORT_MAX)
    {
      g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_LIMIT,
                   _("Switch “%s” has %u VIFs; Open vSwitch ports stop at %u"),
                   sw->name, infos->len, XN_PLAN_OFPORT_MAX);
      return FALSE;
    }

  /* Port numbers: each VIF's hashed home slot, or the next free one,
   * taken in UUID order so the result never depends on document order. */
  g_array_sort (infos, port_info_cmp_uuid);
  for (guint i = 0; i < infos->len; i++)
    {
      XnPlanPort *port = g_array_index (infos, PortInfo, i).port;
      guint slot;

      if (port->ofport == XN_PLAN_OFPORT_LOCAL)
        continue;
      slot = port_home (port->vif_uuid);
      while (used[slot])
        slot = (slot + 1) % XN_PLAN_OFPORT_MAX;
      used[slot] = 1;
      port->ofport = slot + 1;
    }
  g_array_sort (infos, port_info_cmp_ofport);

  u64_set_init (&macs, infos->len);
  for (guint i = 0; i < infos->len; i++)
    {
      XnPlanPort *port = g_array_index (infos, PortInfo, i).port;

      if (!port->forwarding)
        continue;
      if (!u64_set_add (&macs, g_array_index (infos, PortInfo, i).mac))
        {
          g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_ADDRESS,
                       _("Switch “%s”: MAC address %s is used by two VIFs"),
                       sw->name, port->mac);
          u64_set_clear (&macs);
          return FALSE;
        }
      if (port->tag)
        present[port->tag] = 1;
      else
        untagged = TRUE;
    }
  u64_set_clear (&macs);

  /* About four flows of some 90 bytes per port. */
  g_string_set_size (sw->flow_text, (gsize) infos->len * 400 + 1024);
  g_string_truncate (sw->flow_text, 0);

  /* Table 0: classification and anti-spoofing. */
  for (guint i = 0; i < infos->len; i++)
    {
      XnPlanPort *port = g_array_index (infos, PortInfo, i).port;

      if (!port->forwarding)
        continue;
      f = flow_begin (sw);
      put_in_port (f, "table=0,priority=100,in_port=", port->ofport);
      PUT_LIT (f, ",dl_src=");
      put_str (f, port->mac);
      PUT_LIT (f, ",ip,nw_src=");
      put_str (f, port->ip);
      PUT_LIT (f, ",actions=");
      put_classify_actions (f, port);
      flow_end (sw);
      f = flow_begin (sw);
      put_in_port (f, "table=0,priority=100,in_port=", port->ofport);
      PUT_LIT (f, ",dl_src=");
      put_str (f, port->mac);
      PUT_LIT (f, ",arp,arp_spa=");
      put_str (f, port->ip);
      PUT_LIT (f, ",arp_sha=");
      put_str (f, port->mac);
      PUT_LIT (f, ",actions=");
      put_classify_actions (f, port);
      flow_end (sw);
      f = flow_begin (sw);
      put_in_port (f, "table=0,priority=10,in_port=", port->ofport);
      PUT_LIT (f, ",actions=drop");
      flow_end (sw);
    }
  flow_add (sw, "table=0,priority=0,actions=drop");

  /* Table 1: destination by MAC. */
  for (guint i = 0; i < infos->len; i++)
    {
      XnPlanPort *port = g_array_index (infos, PortInfo, i).port;

      if (!port->forwarding)
        continue;
      f = flow_begin (sw);
      PUT_LIT (f, "table=1,priority=100,dl_dst=");
      put_str (f, port->mac);
      PUT_LIT (f, ",actions=");
      if (port->tag)
        {
          PUT_LIT (f, "set_field:");
          put_uint (f, port->tag);
          PUT_LIT (f, "->reg2,");
        }
      PUT_LIT (f, "set_field:");
      put_uint (f, port->ofport);
      PUT_LIT (f, "->reg3,goto_table:2");
      flow_end (sw);
    }
  flow_add (sw, "table=1,priority=50,dl_dst=" MCAST_MASK ",actions=goto_table:2");
  flow_add (sw, "table=1,priority=0,actions=drop");

  /* Table 2: one drop per ordered conflicting pair present here. */
  for (guint a = 1; a <= c->n_tags; a++)
    {
      if (!present[a])
        continue;
      for (guint b = 1; b <= c->n_tags; b++)
        if (present[b] && _xn_plan_tags_conflict (c->plan, a, b))
          {
            f = flow_begin (sw);
            PUT_LIT (f, "table=2,priority=300,reg0=");
            put_uint (f, a);
            PUT_LIT (f, ",reg2=");
            put_uint (f, b);
            PUT_LIT (f, ",actions=drop");
            flow_end (sw);
          }
    }
  for (guint i = 0; i < infos->len; i++)
    {
      PortInfo *pi = &g_array_index (infos, PortInfo, i);

      if (pi->port->forwarding && pi->facts->whitelist &&
          !compile_whitelist (c, sw, pi, seen, error))
        return FALSE;
    }
  flow_add (sw, "table=2,priority=0,actions=goto_table:3");

  /* Table 3 and the flooding groups, per source tag present. */
  for (guint t = untagged ? 0 : 1; t <= c->n_tags; t++)
    {
      if (t > 0 && !present[t])
        continue;
      f = flow_begin (sw);
      PUT_LIT (f, "table=3,priority=100,reg0=");
      put_uint (f, t);
      PUT_LIT (f, ",dl_dst=" MCAST_MASK ",actions=group:");
      put_uint (f, t);
      flow_end (sw);
      g_string_assign (group, "group_id=");
      put_uint (group, t);
      PUT_LIT (group, ",type=all");
      for (guint i = 0; i < infos->len; i++)
        {
          XnPlanPort *port = g_array_index (infos, PortInfo, i).port;

          if (!port->forwarding)
            continue;
          if (_xn_plan_tags_conflict (c->plan, t, port->tag))
            continue;
          PUT_LIT (group, ",bucket=output:");
          put_port (group, port->ofport);
        }
      g_ptr_array_add (sw->groups, g_strndup (group->str, group->len));
    }
  flow_add (sw, "table=3,priority=50,dl_dst=" UCAST_MASK ",actions=output:NXM_NX_REG3[]");
  flow_add (sw, "table=3,priority=0,actions=drop");
  flows_seal (sw);

  for (guint i = 0; i < infos->len; i++)
    {
      g_ptr_array_add (sw->ports, g_steal_pointer (&g_array_index (infos, PortInfo, i).port));
      g_ptr_array_add (sw->facts, g_steal_pointer (&g_array_index (infos, PortInfo, i).facts));
    }
  return TRUE;
}

/* A switch Domain-0 drives has its address on the bridge's own port,
 * which is classified like a VIF of Domain-0 (docs/FLOWS.md).  Its
 * MAC is derived from the switch's UUID (locally administered), and the
 * daemon gives the bridge that MAC and address. */
static gboolean
add_local_port (Compiler     *c,
                XnNetSwitch  *xsw,
                PlanSwitch   *sw,
                GArray       *infos,
                GPtrArray    *domains,
                GError      **error)
{
  XnDomain *driver = xn_net_switch_get_driver_domain (xsw);
  const char *addr = xn_net_switch_get_address (xsw);
  const char *mask = xn_net_switch_get_netmask (xsw);
  XnPlanDomain *pd = NULL;
  XnEnclave *enclave;
  XnPlanPort *port;
  PortInfo pi;
  guint32 m = 0xffffffffu;
  guint64 h = G_GUINT64_CONSTANT (14695981039346656037);
  guint prefix;
  char mac[18];

  if (driver == NULL || !xn_domain_is_domain0 (driver) || addr == NULL || *addr == '\0')
    return TRUE;
  if (!xn_ipv4_parse (addr, NULL, NULL))
    {
      g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_ADDRESS,
                   _("Switch “%s” has address “%s”, not an IPv4 address"), sw->name, addr);
      return FALSE;
    }
  prefix = 32;
  if (mask != NULL && *mask != '\0' && !xn_netmask_parse (mask, &m, &prefix, NULL))
    {
      g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_ADDRESS,
                   _("Switch “%s” has netmask “%s”, not a contiguous IPv4 netmask"), sw->name, mask);
      return FALSE;
    }
  if (prefix == 0)
    prefix = 32;
  for (guint d = 0; d < domains->len; d++)
    if (g_ptr_array_index (domains, d) == driver)
      pd = g_ptr_array_index (c->plan->domains, d);
  if (pd == NULL)
    return TRUE;   /* Domain-0 unknown to the host: the lint names it. */
  for (const char *p = sw->uuid; p && *p; p++)
    {
      h ^= (guchar) *p;
      h *= G_GUINT64_CONSTANT (1099511628211);
    }
  g_snprintf (mac, sizeof mac, "02:%02x:%02x:%02x:%02x:%02x",
              (guint) (h >> 32 & 0xff), (guint) (h >> 24 & 0xff), (guint) (h >> 16 & 0xff),
              (guint) (h >> 8 & 0xff), (guint) (h & 0xff));
  port = _xn_plan_port_new (sw->uuid, pd->uuid, pd->name, sw->name, "LOCAL", mac, addr, pd->tag_name);
  port->ofport = XN_PLAN_OFPORT_LOCAL;
  port->tag = pd->tag == G_MAXUINT ? 0 : pd->tag + 1;
  enclave = xn_domain_get_enclave (driver);
  port->enclave = enclave ? GPOINTER_TO_UINT (g_hash_table_lookup (c->enclave_index, enclave)) : 0;
  port->forwarding = TRUE;
  pi.port = port;
  pi.domain = driver;
  pi.mac = mac_value (mac);
  pi.facts = _xn_plan_port_facts_new (TRUE, xn_domain_get_whitelist (driver));
  g_array_append_val (infos, pi);
  sw->local_prefix = prefix;
  return TRUE;
}

gboolean
_xn_compile_switches (Compiler   *c,
                      GPtrArray  *domains,
                      GError    **error)
{
  XnObjectList *switches = xn_host_get_net_switches (c->host);
  guint n = xn_object_list_get_n_items (switches);
  g_autoptr(GHashTable) by_uuid = g_hash_table_new (g_str_hash, g_str_equal);
  U64Set names = { 0 };
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  XnObjectList *enclaves = xn_host_get_enclaves (c->host);

  for (guint i = 0; i < xn_object_list_get_n_items (enclaves); i++)
    g_hash_table_insert (c->enclave_index, xn_object_list_get (enclaves, i), GUINT_TO_POINTER (i + 1));

  for (guint i = 0; i < n; i++)
    {
      XnObject *obj = xn_object_list_get (switches, i);
      const char *name = xn_object_get_name (obj);

      if (!xn_net_switch_name_is_valid (name))
        {
          g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_VALUE,
                       _("Switch name “%s” is not a valid bridge name "
                         "(1–15 letters, digits, “-”, “_” or “.”)"),
                       name ? name : "");
          return FALSE;
        }
      g_hash_table_insert (by_uuid, (gpointer) xn_object_get_uuid (obj), GUINT_TO_POINTER (i + 1));
      {
        PlanSwitch *sw = _xn_plan_switch_new (name, xn_object_get_uuid (obj));
        XnDomain *driver = xn_net_switch_get_driver_domain (XN_NET_SWITCH (obj));

        if (driver != NULL && !xn_domain_is_domain0 (driver))
          sw->driver = g_strdup (xn_object_get_name (XN_OBJECT (driver)));
        g_ptr_array_add (c->plan->switches, sw);
      }
      g_ptr_array_add (infos, g_array_new (FALSE, FALSE, sizeof (PortInfo)));
      g_array_set_clear_func (g_ptr_array_index (infos, i), port_info_clear);
    }

  u64_set_init (&names, 2 * domains->len);
  for (guint d = 0; d < domains->len; d++)
    {
      XnDomain *domain = g_ptr_array_index (domains, d);
      XnPlanDomain *pd = g_ptr_array_index (c->plan->domains, d);
      XnObjectList *vifs = xn_domain_get_vifs (domain);
      guint m = xn_object_list_get_n_items (vifs);
      XnEnclave *enclave = xn_domain_get_enclave (domain);
      guint enclave_index = enclave ? GPOINTER_TO_UINT (g_hash_table_lookup (c->enclave_index, enclave)) : 0;

      for (guint j = 0; j < m; j++)
        {
          XnVif *vif = xn_object_list_get (vifs, j);
          const char *sw_uuid = xn_vif_get_net_switch_uuid (vif);
          gpointer v = sw_uuid ? g_hash_table_lookup (by_uuid, sw_uuid) : NULL;
          const char *vif_uuid = xn_object_get_uuid (XN_OBJECT (vif));
          const char *raw_mac = xn_vif_get_mac (vif);
          gboolean enabled = xn_vif_get_enabled (vif);
          PlanSwitch *sw;
          XnPlanPort *port;
          PortInfo pi;
          const char *ip = xn_vif_get_ip (vif);
          char port_name[16];
          char mac[18];
          guint64 name_bits;

          if (v == NULL)
            {
              g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_REFERENCE,
                           _("A VIF of domain “%s” names a switch that host “%s” does not have"),
                           pd->name, c->plan->host_name);
              goto fail;
            }
          sw = g_ptr_array_index (c->plan->switches, GPOINTER_TO_UINT (v) - 1);
          name_bits = _xn_compile_port_name_into (vif_uuid, port_name);
          if (!xn_mac_parse (raw_mac, mac, NULL) || xn_mac_is_multicast (mac))
            {
              g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_ADDRESS,
                           _("A VIF of domain “%s” has MAC address “%s”, not a unicast MAC"),
                           pd->name, raw_mac ? raw_mac : "");
              goto fail;
            }
          if (!u64_set_add (&names, name_bits))
            {
              g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_REFERENCE,
                           _("Two VIFs of host “%s” share the port name %s"),
                           c->plan->host_name, port_name);
              goto fail;
            }
          if (ip != NULL && *ip == '\0')
            ip = NULL;
          if (ip != NULL && !xn_ipv4_parse (ip, NULL, NULL))
            {
              g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_ADDRESS,
                           _("A VIF of domain “%s” has IP address “%s”, not an IPv4 address"),
                           pd->name, ip);
              goto fail;
            }
          port = _xn_plan_port_new (vif_uuid, pd->uuid, pd->name, sw->name, port_name, mac, ip,
                                    pd->tag_name);
          port->tag = pd->tag == G_MAXUINT ? 0 : pd->tag + 1;
          port->enclave = enclave_index;
          /* Anti-spoofing needs the address the VIF may send from, so a
           * VIF without one forwards nothing, like a disabled VIF. */
          port->forwarding = enabled && port->ip != NULL;
          pi.port = port;
          pi.domain = domain;
          pi.mac = mac_value (mac);
          pi.facts = _xn_plan_port_facts_new (enabled, xn_domain_get_whitelist (domain));
          g_array_append_val (g_ptr_array_index (infos, GPOINTER_TO_UINT (v) - 1), pi);
          if (enabled && port->ip == NULL)
            _xn_compile_warn (c->plan, _("VIF %s of domain “%s” on switch “%s” has no IP address: "
                                         "its port forwards nothing"),
                              port->port_name, pd->name, sw->name);
        }
    }
  u64_set_clear (&names);

  for (guint i = 0; i < n; i++)
    if (!add_local_port (c, XN_NET_SWITCH (xn_object_list_get (switches, i)),
                         g_ptr_array_index (c->plan->switches, i), g_ptr_array_index (infos, i),
                         domains, error))
      return FALSE;
  for (guint i = 0; i < n; i++)
    if (!compile_switch (c, g_ptr_array_index (c->plan->switches, i),
                         g_ptr_array_index (infos, i), error))
      return FALSE;
  return TRUE;

fail:
  u64_set_clear (&names);
  return FALSE;
}
