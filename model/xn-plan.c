/* xn-plan.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * The enforcement plan: its type, its accessors and its serialisation.
 * xn_compile() (xn-compile.c) builds one; the daemon stores and reloads
 * it and asks it which ports may talk (xn_plan_decide_pair()).
 */

#define G_LOG_DOMAIN "xn-compile"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "xenon-model.h"
#include "xn-compile.h"
#include "xn-compile-private.h"

#include "xng-names.h"
#include "xng-writer.h"

G_DEFINE_BOXED_TYPE (XnPlan, xn_plan, xn_plan_ref, xn_plan_unref)

/* Ports and domains are one allocation each, the strings behind the
 * struct: a plan of 20,000 ports made 180,000 small allocations. */
static gsize
packed_size (const char *s)
{
  return s ? strlen (s) + 1 : 0;
}

static char *
packed_copy (char      **cursor,
             const char *s,
             gsize       size)
{
  char *dst = *cursor;

  if (s == NULL)
    return NULL;
  memcpy (dst, s, size);
  *cursor += size;
  return dst;
}

/* Only the numbers and the strings given; the rest is zero. */
XnPlanPort *
_xn_plan_port_new (const char *vif_uuid,
                   const char *domain_uuid,
                   const char *domain_name,
                   const char *switch_name,
                   const char *port_name,
                   const char *mac,
                   const char *ip,
                   const char *tag_name)
{
  gsize sizes[] = {
    packed_size (vif_uuid), packed_size (domain_uuid), packed_size (domain_name),
    packed_size (switch_name), packed_size (port_name), packed_size (mac),
    packed_size (ip), packed_size (tag_name),
  };
  gsize total = sizeof (XnPlanPort);
  XnPlanPort *port;
  char *cursor;

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    total += sizes[i];
  port = g_malloc0 (total);
  cursor = (char *) (port + 1);
  port->vif_uuid = packed_copy (&cursor, vif_uuid, sizes[0]);
  port->domain_uuid = packed_copy (&cursor, domain_uuid, sizes[1]);
  port->domain_name = packed_copy (&cursor, domain_name, sizes[2]);
  port->switch_name = packed_copy (&cursor, switch_name, sizes[3]);
  port->port_name = packed_copy (&cursor, port_name, sizes[4]);
  port->mac = packed_copy (&cursor, mac, sizes[5]);
  port->ip = packed_copy (&cursor, ip, sizes[6]);
  port->tag_name = packed_copy (&cursor, tag_name, sizes[7]);
  return port;
}

void
_xn_plan_port_free (XnPlanPort *port)
{
  g_free (port);
}

/* @xl_config is @xl_len bytes, or %NULL. */
XnPlanDomain *
_xn_plan_domain_new (const char *uuid,
                     const char *name,
                     const char *tag_name,
                     const char *profile_name,
                     const char *xl_config,
                     gsize       xl_len)
{
  gsize sizes[] = {
    packed_size (uuid), packed_size (name), packed_size (tag_name),
    packed_size (profile_name),
  };
  gsize total = sizeof (XnPlanDomain) + (xl_config ? xl_len + 1 : 0);
  XnPlanDomain *dom;
  char *cursor;

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    total += sizes[i];
  dom = g_malloc0 (total);
  cursor = (char *) (dom + 1);
  dom->uuid = packed_copy (&cursor, uuid, sizes[0]);
  dom->name = packed_copy (&cursor, name, sizes[1]);
  dom->tag_name = packed_copy (&cursor, tag_name, sizes[2]);
  dom->profile_name = packed_copy (&cursor, profile_name, sizes[3]);
  if (xl_config)
    {
      dom->xl_config = packed_copy (&cursor, xl_config, xl_len);
      *cursor = '\0';
    }
  return dom;
}

static void
plan_domain_free (XnPlanDomain *dom)
{
  g_free (dom);
}

static void
plan_exclusion_free (XnPlanExclusion *ex)
{
  g_free (ex->tag_a);
  g_free (ex->tag_b);
  g_free (ex->conflict_name);
  g_free (ex);
}

static void
plan_allow_clear (gpointer data)
{
  g_free (((PlanAllow *) data)->text);
}

PortFacts *
_xn_plan_port_facts_new (gboolean enabled,
                         gboolean whitelist)
{
  PortFacts *facts = g_new0 (PortFacts, 1);

  facts->enabled = enabled;
  facts->whitelist = whitelist;
  facts->allow = g_array_new (FALSE, TRUE, sizeof (PlanAllow));
  g_array_set_clear_func (facts->allow, plan_allow_clear);
  return facts;
}

void
_xn_plan_port_facts_free (PortFacts *facts)
{
  if (facts == NULL)
    return;
  g_array_unref (facts->allow);
  g_free (facts);
}

static void
plan_switch_free (PlanSwitch *sw)
{
  g_free (sw->name);
  g_free (sw->uuid);
  g_free (sw->driver);
  g_ptr_array_unref (sw->flows);
  g_string_free (sw->flow_text, TRUE);
  g_array_unref (sw->flow_offsets);
  g_ptr_array_unref (sw->groups);
  g_ptr_array_unref (sw->ports);
  g_ptr_array_unref (sw->facts);
  g_free (sw);
}

PlanSwitch *
_xn_plan_switch_new (const char *name,
                     const char *uuid)
{
  PlanSwitch *sw = g_new0 (PlanSwitch, 1);

  sw->name = g_strdup (name);
  sw->uuid = g_strdup (uuid);
  sw->flow_text = g_string_new (NULL);
  sw->flow_offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  sw->flows = g_ptr_array_new ();
  sw->groups = g_ptr_array_new_with_free_func (g_free);
  sw->ports = g_ptr_array_new_with_free_func ((GDestroyNotify) _xn_plan_port_free);
  sw->facts = g_ptr_array_new_with_free_func ((GDestroyNotify) _xn_plan_port_facts_free);
  return sw;
}

XnPlan *
_xn_plan_new (void)
{
  XnPlan *self = g_new0 (XnPlan, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->domains = g_ptr_array_new_with_free_func ((GDestroyNotify) plan_domain_free);
  self->domain_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->tag_names = g_ptr_array_new_with_free_func (g_free);
  self->exclusions = g_ptr_array_new_with_free_func ((GDestroyNotify) plan_exclusion_free);
  self->switches = g_ptr_array_new_with_free_func ((GDestroyNotify) plan_switch_free);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  return self;
}

/* Closes the NULL-terminated arrays once the plan is complete. */
void
_xn_plan_seal (XnPlan *self)
{
  g_ptr_array_add (self->tag_names, NULL);
  g_ptr_array_add (self->warnings, NULL);
}

/**
 * xn_plan_ref:
 * @self: a plan
 *
 * Returns: (transfer full): @self
 */
XnPlan *
xn_plan_ref (XnPlan *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * xn_plan_unref:
 * @self: (transfer full): a plan
 *
 * Drops a reference; the last one frees the plan.
 */
void
xn_plan_unref (XnPlan *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->host_name);
  g_clear_pointer (&self->blob, g_bytes_unref);
  g_hash_table_unref (self->domain_index);
  g_ptr_array_unref (self->domains);
  g_ptr_array_unref (self->tag_names);
  g_ptr_array_unref (self->exclusions);
  g_ptr_array_unref (self->switches);
  g_ptr_array_unref (self->warnings);
  g_free (self->conflict);
  g_clear_pointer (&self->conflict_names, g_hash_table_unref);
  g_free (self);
}

/* Whether the flows separate ports of dense tags @a and @b (0: none,
 * which conflicts with nobody).  The one predicate behind the conflict
 * drops, the flooding groups and xn_plan_decide_pair(). */
gboolean
_xn_plan_tags_conflict (const XnPlan *plan,
                        guint         a,
                        guint         b)
{
  if (a == 0 || b == 0 || a == b || plan->conflict == NULL ||
      a > plan->n_tags || b > plan->n_tags)
    return FALSE;
  a--;
  b--;
  return (plan->conflict[a * plan->tag_words + b / 64] >> (b % 64)) & 1;
}

/* ------------------------------------------------------------------ */
/* Accessors                                                          */

/**
 * xn_plan_get_serial:
 * @self: a plan
 *
 * Returns: the serial of the policy the plan was compiled from
 */
guint64
xn_plan_get_serial (XnPlan *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->serial;
}

/**
 * xn_plan_get_host_name:
 * @self: a plan
 *
 * Returns: (transfer none): the host the plan is for
 */
const char *
xn_plan_get_host_name (XnPlan *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->host_name;
}

/**
 * xn_plan_get_blob:
 * @self: a plan
 *
 * Returns: (transfer none): the guard blob (xng-blob.h format)
 */
GBytes *
xn_plan_get_blob (XnPlan *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->blob;
}

/**
 * xn_plan_get_n_domains:
 * @self: a plan
 *
 * Returns: the number of domains of the host, Domain-0 included
 */
guint
xn_plan_get_n_domains (XnPlan *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->domains->len;
}

/**
 * xn_plan_get_domain:
 * @self: a plan
 * @index: a domain index, in document order (Domain-0 first)
 *
 * Returns: (transfer none): the domain's entry
 */
const XnPlanDomain *
xn_plan_get_domain (XnPlan *self,
                    guint   index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->domains->len, NULL);
  return g_ptr_array_index (self->domains, index);
}

/**
 * xn_plan_find_domain:
 * @self: a plan
 * @uuid: a domain UUID
 *
 * Returns: (transfer none) (nullable): the domain's entry, if any
 */
const XnPlanDomain *
xn_plan_find_domain (XnPlan     *self,
                     const char *uuid)
{
  g_return_val_if_fail (self != NULL, NULL);
  return uuid ? g_hash_table_lookup (self->domain_index, uuid) : NULL;
}

/**
 * xn_plan_get_tag_names:
 * @self: a plan
 *
 * The policy's tags by guard index; the flow tables number them from 1
 * (index + 1), leaving 0 for "no tag".
 *
 * Returns: (transfer none) (array zero-terminated=1): the tag names
 */
const char * const *
xn_plan_get_tag_names (XnPlan *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->tag_names->pdata;
}

/**
 * xn_plan_get_n_exclusions:
 * @self: a plan
 *
 * Returns: the number of tag pairs that may not run together
 */
guint
xn_plan_get_n_exclusions (XnPlan *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->exclusions->len;
}

/**
 * xn_plan_get_exclusion:
 * @self: a plan
 * @index: an index below xn_plan_get_n_exclusions()
 *
 * Returns: (transfer none): one pair of tags that may not run together
 */
const XnPlanExclusion *
xn_plan_get_exclusion (XnPlan *self,
                       guint   index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->exclusions->len, NULL);
  return g_ptr_array_index (self->exclusions, index);
}

/**
 * xn_plan_tags_exclusive:
 * @self: a plan
 * @tag_a: (nullable): a tag name
 * @tag_b: (nullable): another tag name
 *
 * Returns: whether domains of the two tags may not run together
 */
gboolean
xn_plan_tags_exclusive (XnPlan     *self,
                        const char *tag_a,
                        const char *tag_b)
{
  g_return_val_if_fail (self != NULL, FALSE);
  if (tag_a == NULL || tag_b == NULL)
    return FALSE;
  for (guint i = 0; i < self->exclusions->len; i++)
    {
      XnPlanExclusion *ex = g_ptr_array_index (self->exclusions, i);

      if ((g_str_equal (ex->tag_a, tag_a) && g_str_equal (ex->tag_b, tag_b)) ||
          (g_str_equal (ex->tag_a, tag_b) && g_str_equal (ex->tag_b, tag_a)))
        return TRUE;
    }
  return FALSE;
}

/**
 * xn_plan_get_n_switches:
 * @self: a plan
 *
 * Returns: the number of switches of the host
 */
guint
xn_plan_get_n_switches (XnPlan *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->switches->len;
}

/**
 * xn_plan_get_switch_name:
 * @self: a plan
 * @index: a switch index
 *
 * Returns: (transfer none): the switch's (bridge's) name
 */
const char *
xn_plan_get_switch_name (XnPlan *self,
                         guint   index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->switches->len, NULL);
  return ((PlanSwitch *) g_ptr_array_index (self->switches, index))->name;
}

/**
 * xn_plan_get_switch_driver:
 * @self: a plan
 * @index: a switch index
 *
 * Who drives a switch: Domain-0 (the daemon applies its tables itself)
 * or a network service domain (its agent applies them, where the VIFs'
 * ports are).
 *
 * Returns: (nullable) (transfer none): the service domain's name, or
 *   %NULL when Domain-0 drives the switch
 */
const char *
xn_plan_get_switch_driver (XnPlan *self,
                           guint   index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->switches->len, NULL);
  return ((PlanSwitch *) g_ptr_array_index (self->switches, index))->driver;
}

static PlanSwitch *
find_switch (XnPlan     *self,
             const char *name)
{
  for (guint i = 0; i < self->switches->len; i++)
    {
      PlanSwitch *sw = g_ptr_array_index (self->switches, i);

      if (g_strcmp0 (sw->name, name) == 0)
        return sw;
    }
  return NULL;
}

/**
 * xn_plan_get_flows:
 * @self: a plan
 * @switch_name: a switch name
 *
 * The switch's flows without their cookie, in table order, each as
 * `table=T,priority=P,match…,actions=…`: this is what plan diffs compare.
 *
 * Returns: (transfer none) (nullable) (element-type utf8): the flows
 */
GPtrArray *
xn_plan_get_flows (XnPlan     *self,
                   const char *switch_name)
{
  PlanSwitch *sw;

  g_return_val_if_fail (self != NULL, NULL);
  sw = find_switch (self, switch_name);
  return sw ? sw->flows : NULL;
}

/**
 * xn_plan_get_groups:
 * @self: a plan
 * @switch_name: a switch name
 *
 * Returns: (transfer none) (nullable) (element-type utf8): the switch's
 *   flooding groups, in `ovs-ofctl add-group` syntax
 */
GPtrArray *
xn_plan_get_groups (XnPlan     *self,
                    const char *switch_name)
{
  PlanSwitch *sw;

  g_return_val_if_fail (self != NULL, NULL);
  sw = find_switch (self, switch_name);
  return sw ? sw->groups : NULL;
}

/**
 * xn_plan_get_ports:
 * @self: a plan
 * @switch_name: a switch name
 *
 * Returns: (transfer none) (nullable) (element-type XnPlanPort): the
 *   switch's VIF ports, by OpenFlow port number
 */
GPtrArray *
xn_plan_get_ports (XnPlan     *self,
                   const char *switch_name)
{
  PlanSwitch *sw;

  g_return_val_if_fail (self != NULL, NULL);
  sw = find_switch (self, switch_name);
  return sw ? sw->ports : NULL;
}

/**
 * xn_plan_decide_pair:
 * @self: a plan made by xn_compile()
 * @switch_name: a switch name
 * @src: the index of the source port in xn_plan_get_ports()
 * @dst: the index of the destination port, not @src
 * @verdict: (out caller-allocates): what decides the pair
 *
 * Says whether the switch's flows let unicast IPv4 from port @src reach
 * port @dst, and why, from the facts the flows were written from (the
 * same conflict predicate, the same parsed whitelist entries), so the
 * answer cannot drift from the tables.  Checks go in the flows' own
 * order: anti-spoofing and disabled ports (table 0), the destination's
 * lookup (table 1), conflicts (table 2, priority 300), then the source's
 * whitelist (priority 200/100).
 *
 * Returns: %FALSE when the plan cannot say: unknown switch or port, or a
 *   deserialised plan (which keeps only the tables)
 */
gboolean
xn_plan_decide_pair (XnPlan        *self,
                     const char    *switch_name,
                     guint          src,
                     guint          dst,
                     XnPairVerdict *verdict)
{
  PlanSwitch *sw;
  const XnPlanPort *a, *b;
  const PortFacts *fa, *fb;
  guint32 ip;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (verdict != NULL, FALSE);
  *verdict = (XnPairVerdict) { 0 };
  sw = find_switch (self, switch_name);
  if (sw == NULL || self->conflict == NULL || src == dst ||
      src >= sw->ports->len || dst >= sw->ports->len || sw->facts->len != sw->ports->len)
    return FALSE;
  a = g_ptr_array_index (sw->ports, src);
  b = g_ptr_array_index (sw->ports, dst);
  fa = g_ptr_array_index (sw->facts, src);
  fb = g_ptr_array_index (sw->facts, dst);
  if (!a->forwarding)
    verdict->reason = fa->enabled ? XN_PAIR_SRC_NO_ADDRESS : XN_PAIR_SRC_DISABLED;
  else if (!b->forwarding)
    verdict->reason = fb->enabled ? XN_PAIR_DST_NO_ADDRESS : XN_PAIR_DST_DISABLED;
  else if (_xn_plan_tags_conflict (self, a->tag, b->tag))
    {
      verdict->reason = XN_PAIR_CONFLICT;
      verdict->conflict_name = g_hash_table_lookup (self->conflict_names,
                                                    GUINT_TO_POINTER ((a->tag - 1) * self->n_tags +
                                                                      (b->tag - 1) + 1));
    }
  else if (!fa->whitelist)
    verdict->reason = XN_PAIR_OPEN;
  else
    {
      verdict->reason = XN_PAIR_WHITELIST_EXCLUDES;
      if (!xn_ipv4_parse (b->ip, &ip, NULL))
        return TRUE;
      for (guint i = 0; i < fa->allow->len; i++)
        {
          const PlanAllow *e = &g_array_index (fa->allow, PlanAllow, i);

          if ((ip & e->mask) != e->net)
            continue;
          if (g_str_equal (e->match, "ip"))
            {
              verdict->reason = XN_PAIR_WHITELISTED;
              verdict->proto = NULL;
              verdict->port = 0;
              break;
            }
          if (verdict->reason != XN_PAIR_WHITELIST_LIMITED)
            {
              verdict->reason = XN_PAIR_WHITELIST_LIMITED;
              verdict->proto = e->match;
              verdict->port = e->port;
            }
        }
    }
  return TRUE;
}

/**
 * xn_plan_get_switch_local:
 * @self: a plan
 * @index: a switch index
 * @prefix_len: (out) (optional): the address's prefix length
 *
 * The bridge's own port of a switch Domain-0 drives with an address: the
 * MAC and address the daemon gives the bridge's internal interface.
 *
 * Returns: (nullable): the port (ofport %XN_PLAN_OFPORT_LOCAL), or %NULL
 *   when the switch has no address of its own on the bridge
 */
const XnPlanPort *
xn_plan_get_switch_local (XnPlan *self,
                          guint   index,
                          guint  *prefix_len)
{
  PlanSwitch *sw;

  g_return_val_if_fail (self != NULL && index < self->switches->len, NULL);
  sw = g_ptr_array_index (self->switches, index);
  for (guint i = 0; i < sw->ports->len; i++)
    {
      XnPlanPort *p = g_ptr_array_index (sw->ports, i);

      if (p->ofport == XN_PLAN_OFPORT_LOCAL)
        {
          if (prefix_len != NULL)
            *prefix_len = sw->local_prefix;
          return p;
        }
    }
  return NULL;
}

static void
append_flow_with_cookie (GString    *s,
                         const char *flow,
                         guint64     serial)
{
  const char *comma = strchr (flow, ',');

  /* table=T,priority=P,cookie=C,rest */
  if (comma)
    comma = strchr (comma + 1, ',');
  if (comma == NULL)
    {
      g_string_append_printf (s, "%s,cookie=0x%" G_GINT64_MODIFIER "x\n", flow, serial);
      return;
    }
  g_string_append_len (s, flow, comma - flow);
  g_string_append_printf (s, ",cookie=0x%" G_GINT64_MODIFIER "x%s\n", serial, comma);
}

/**
 * xn_plan_dup_flows_text:
 * @self: a plan
 * @switch_name: a switch name
 *
 * The switch's flows with `cookie=<serial>`, one per line, as
 * `ovs-ofctl -O OpenFlow13 --bundle replace-flows BRIDGE -` reads them.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL for an unknown
 *   switch
 */
char *
xn_plan_dup_flows_text (XnPlan     *self,
                        const char *switch_name)
{
  PlanSwitch *sw;
  GString *s;

  g_return_val_if_fail (self != NULL, NULL);
  if ((sw = find_switch (self, switch_name)) == NULL)
    return NULL;
  s = g_string_sized_new (sw->flows->len * 100);
  for (guint i = 0; i < sw->flows->len; i++)
    append_flow_with_cookie (s, g_ptr_array_index (sw->flows, i), self->serial);
  return g_string_free (s, FALSE);
}

/**
 * xn_plan_dup_groups_text:
 * @self: a plan
 * @switch_name: a switch name
 *
 * Returns: (transfer full) (nullable): the switch's groups, one per line
 */
char *
xn_plan_dup_groups_text (XnPlan     *self,
                         const char *switch_name)
{
  PlanSwitch *sw;
  GString *s;

  g_return_val_if_fail (self != NULL, NULL);
  if ((sw = find_switch (self, switch_name)) == NULL)
    return NULL;
  s = g_string_new (NULL);
  for (guint i = 0; i < sw->groups->len; i++)
    g_string_append_printf (s, "%s\n", (char *) g_ptr_array_index (sw->groups, i));
  return g_string_free (s, FALSE);
}

/**
 * xn_plan_dup_ports_text:
 * @self: a plan
 * @switch_name: a switch name
 *
 * The port table for scripts: one line per VIF with tab-separated fields
 * ofport, port name, MAC, IP (or "-"), tag index, tag name (or "-"),
 * domain name, VIF UUID, forwarding (1 or 0).
 *
 * Returns: (transfer full) (nullable): the table
 */
char *
xn_plan_dup_ports_text (XnPlan     *self,
                        const char *switch_name)
{
  PlanSwitch *sw;
  GString *s;

  g_return_val_if_fail (self != NULL, NULL);
  if ((sw = find_switch (self, switch_name)) == NULL)
    return NULL;
  s = g_string_new (NULL);
  for (guint i = 0; i < sw->ports->len; i++)
    {
      XnPlanPort *p = g_ptr_array_index (sw->ports, i);

      g_string_append_printf (s, "%u\t%s\t%s\t%s\t%u\t%s\t%s\t%s\t%d\n",
                              p->ofport, p->port_name, p->mac ? p->mac : "-",
                              p->ip ? p->ip : "-", p->tag,
                              p->tag_name ? p->tag_name : "-",
                              p->domain_name, p->vif_uuid, p->forwarding ? 1 : 0);
    }
  return g_string_free (s, FALSE);
}

/**
 * xn_plan_get_n_flows:
 * @self: a plan
 *
 * Returns: the number of flows over all switches
 */
guint
xn_plan_get_n_flows (XnPlan *self)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);
  for (guint i = 0; i < self->switches->len; i++)
    n += ((PlanSwitch *) g_ptr_array_index (self->switches, i))->flows->len;
  return n;
}

/**
 * xn_plan_get_warnings:
 * @self: a plan
 *
 * Returns: (transfer none) (array zero-terminated=1): what the compiler
 *   left out or weakened, one sentence each
 */
const char * const *
xn_plan_get_warnings (XnPlan *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->warnings->pdata;
}

static const char *
action_label (int action)
{
  switch (action)
    {
    case XN_VIOLATION_ACTION_PAUSE:
      return _("pause");
    case XN_VIOLATION_ACTION_DESTROY:
      return _("destroy");
    default:
      return _("log");
    }
}

/**
 * xn_plan_format:
 * @self: a plan
 *
 * Returns: (transfer full): a human-readable summary of the plan
 */
char *
xn_plan_format (XnPlan *self)
{
  GString *s;

  g_return_val_if_fail (self != NULL, NULL);
  s = g_string_new (NULL);
  g_string_append_printf (s, _("Enforcement plan for host “%s”, policy serial %" PRIu64 "\n"),
                          self->host_name, (uint64_t) self->serial);
  g_string_append_printf (s, _("Guard blob: %zu bytes, %u domains, %u tags; "
                               "domains not in the policy are denied every hypercall\n"),
                          g_bytes_get_size (self->blob), self->domains->len,
                          self->tag_names->len - 1);
  put_str (s, _("\nDomains (tag, profile, violations before action):\n"));
  for (guint i = 0; i < self->domains->len; i++)
    {
      XnPlanDomain *d = g_ptr_array_index (self->domains, i);

      if (d->max_violations)
        g_string_append_printf (s, "  %-24s %-20s %-24s %u → %s\n", d->name,
                                d->tag_name ? d->tag_name : _("(no tag)"),
                                d->profile_name, d->max_violations, action_label (d->action));
      else
        g_string_append_printf (s, "  %-24s %-20s %-24s %s\n", d->name,
                                d->tag_name ? d->tag_name : _("(no tag)"),
                                d->profile_name, _("unlimited, logged"));
    }
  put_str (s, _("\nMay not run together:\n"));
  if (self->exclusions->len == 0)
    put_str (s, _("  (no exclusive conflicts)\n"));
  for (guint i = 0; i < self->exclusions->len; i++)
    {
      XnPlanExclusion *ex = g_ptr_array_index (self->exclusions, i);

      g_string_append_printf (s, _("  %s and %s (conflict %s)\n"), ex->tag_a, ex->tag_b,
                              ex->conflict_name);
    }
  for (guint i = 0; i < self->switches->len; i++)
    {
      PlanSwitch *sw = g_ptr_array_index (self->switches, i);

      g_string_append_printf (s, _("\nSwitch %s: %u ports, %u flows, %u groups\n"),
                              sw->name, sw->ports->len, sw->flows->len, sw->groups->len);
      for (guint j = 0; j < sw->ports->len; j++)
        {
          XnPlanPort *p = g_ptr_array_index (sw->ports, j);

          g_string_append_printf (s, "  %5u %-15s %s %-15s %-20s %s%s\n", p->ofport, p->port_name,
                                  p->mac, p->ip ? p->ip : "-",
                                  p->tag_name ? p->tag_name : _("(no tag)"), p->domain_name,
                                  p->forwarding ? "" : _(" (no forwarding)"));
        }
    }
  if (self->warnings->len > 1)
    {
      put_str (s, _("\nWarnings:\n"));
      for (guint i = 0; i + 1 < self->warnings->len; i++)
        g_string_append_printf (s, "  %s\n", (char *) g_ptr_array_index (self->warnings, i));
    }
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------------ */
/* Serialisation: a GKeyFile, so the daemon can store and reload it   */

static void
set_strv_from_array (GKeyFile   *kf,
                     const char *group,
                     const char *key,
                     GPtrArray  *array)
{
  g_key_file_set_string_list (kf, group, key, (const char * const *) array->pdata, array->len);
}

/* The key file of @self; with @driver set, only the switches that
 * service domain drives, and nothing else of the plan (no guard blob, no
 * domains): what its agent needs and no more of the policy. */
static GBytes *
serialize (XnPlan     *self,
           gboolean    switches_only,
           const char *driver)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *serial = NULL;
  guint n = 0;
  char *data;
  gsize len;

  serial = g_strdup_printf ("%" G_GUINT64_FORMAT, self->serial);
  g_key_file_set_integer (kf, "plan", "format", 1);
  g_key_file_set_string (kf, "plan", "serial", serial);
  g_key_file_set_string (kf, "plan", "host", self->host_name);
  if (switches_only)
    {
      g_key_file_set_boolean (kf, "plan", "switches-only", TRUE);
      g_key_file_set_integer (kf, "plan", "domains", 0);
      g_key_file_set_integer (kf, "plan", "exclusions", 0);
    }
  else
    {
      g_autofree char *blob64 = g_base64_encode (g_bytes_get_data (self->blob, NULL),
                                                 g_bytes_get_size (self->blob));

      g_key_file_set_string (kf, "plan", "blob", blob64);
      g_key_file_set_string_list (kf, "plan", "tags", xn_plan_get_tag_names (self),
                                  self->tag_names->len - 1);
      g_key_file_set_string_list (kf, "plan", "warnings", xn_plan_get_warnings (self),
                                  self->warnings->len - 1);
      g_key_file_set_integer (kf, "plan", "domains", self->domains->len);
      g_key_file_set_integer (kf, "plan", "exclusions", self->exclusions->len);
      for (guint i = 0; i < self->domains->len; i++)
        {
          XnPlanDomain *d = g_ptr_array_index (self->domains, i);
          g_autofree char *group = g_strdup_printf ("domain %u", i);

          g_key_file_set_string (kf, group, "uuid", d->uuid);
          g_key_file_set_string (kf, group, "name", d->name);
          if (d->tag_name)
            g_key_file_set_string (kf, group, "tag", d->tag_name);
          g_key_file_set_string (kf, group, "profile", d->profile_name);
          g_key_file_set_integer (kf, group, "profile-index", d->profile);
          g_key_file_set_integer (kf, group, "max-violations", d->max_violations);
          g_key_file_set_integer (kf, group, "action", d->action);
          if (d->xl_config)
            g_key_file_set_string (kf, group, "xl", d->xl_config);
        }
      for (guint i = 0; i < self->exclusions->len; i++)
        {
          XnPlanExclusion *ex = g_ptr_array_index (self->exclusions, i);
          g_autofree char *group = g_strdup_printf ("exclusion %u", i);

          g_key_file_set_string (kf, group, "a", ex->tag_a);
          g_key_file_set_string (kf, group, "b", ex->tag_b);
          g_key_file_set_string (kf, group, "conflict", ex->conflict_name);
        }
    }

  for (guint i = 0; i < self->switches->len; i++)
    {
      PlanSwitch *sw = g_ptr_array_index (self->switches, i);
      g_autofree char *group = NULL;
      g_autofree char *ports = NULL;

      if (switches_only && g_strcmp0 (sw->driver, driver) != 0)
        continue;
      group = g_strdup_printf ("switch %u", n++);
      ports = xn_plan_dup_ports_text (self, sw->name);
      g_key_file_set_string (kf, group, "name", sw->name);
      g_key_file_set_string (kf, group, "uuid", sw->uuid);
      if (sw->driver)
        g_key_file_set_string (kf, group, "driver", sw->driver);
      set_strv_from_array (kf, group, "flows", sw->flows);
      set_strv_from_array (kf, group, "groups", sw->groups);
      g_key_file_set_string (kf, group, "ports", ports);
      if (sw->local_prefix > 0)
        g_key_file_set_integer (kf, group, "local-prefix", sw->local_prefix);
    }
  g_key_file_set_integer (kf, "plan", "switches", n);
  data = g_key_file_to_data (kf, &len, NULL);
  return g_bytes_new_take (data, len);
}

/**
 * xn_plan_serialize:
 * @self: a plan
 *
 * A self-contained text form of the plan (a key file) that
 * xn_plan_deserialize() reads back, so the daemon can store the plan it
 * applied and diff the next one against it.
 *
 * Returns: (transfer full): the serialised plan
 */
GBytes *
xn_plan_serialize (XnPlan *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return serialize (self, FALSE, NULL);
}

/**
 * xn_plan_serialize_switches:
 * @self: a plan
 * @driver: a network service domain's name
 *
 * The switches @driver drives, in the form xn_plan_deserialize() reads:
 * what the host daemon hands that domain's agent.  It carries the
 * serial, the switches' flows, groups and port tables, and nothing else
 * of the plan (no guard blob, no domain).
 *
 * Returns: (transfer full): the serialised switches
 */
GBytes *
xn_plan_serialize_switches (XnPlan     *self,
                            const char *driver)
{
  g_return_val_if_fail (self != NULL && driver != NULL, NULL);
  return serialize (self, TRUE, driver);
}

static gboolean
parse_error (GError    **error,
             const char *what)
{
  g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_PARSE,
               _("Serialised plan: %s"), what);
  return FALSE;
}

static char *
kf_string (GKeyFile   *kf,
           const char *group,
           const char *key,
           gboolean    required,
           GError    **error)
{
  g_autoptr(GError) local = NULL;
  char *v = g_key_file_get_string (kf, group, key, &local);

  if (v == NULL && required)
    {
      g_autofree char *what = g_strdup_printf (_("[%s] lacks “%s”"), group, key);
      parse_error (error, what);
    }
  return v;
}

static gboolean
parse_ports (PlanSwitch  *sw,
             const char  *text,
             GError     **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) f = NULL;
      XnPlanPort *p;
      guint64 ofport, tag;

      if (lines[i][0] == '\0')
        continue;
      f = g_strsplit (lines[i], "\t", -1);
      if (g_strv_length (f) != 9 ||
          !g_ascii_string_to_unsigned (f[0], 10, 1, XN_PLAN_OFPORT_LOCAL, &ofport, NULL) ||
          (ofport > XN_PLAN_OFPORT_MAX && ofport != XN_PLAN_OFPORT_LOCAL) ||
          !g_ascii_string_to_unsigned (f[4], 10, 0, XNG_MAX_TAGS, &tag, NULL))
        return parse_error (error, _("malformed port line"));
      p = _xn_plan_port_new (f[7], NULL, f[6], sw->name, f[1], f[2],
                             g_str_equal (f[3], "-") ? NULL : f[3],
                             g_str_equal (f[5], "-") ? NULL : f[5]);
      p->ofport = ofport;
      p->tag = tag;
      p->forwarding = g_str_equal (f[8], "1");
      g_ptr_array_add (sw->ports, p);
    }
  return TRUE;
}

/**
 * xn_plan_deserialize:
 * @bytes: what xn_plan_serialize() wrote
 * @error: return location for a #GError
 *
 * Reads a stored plan back. The guard blob inside is checked with the
 * guard's own parser.
 *
 * Returns: (transfer full) (nullable): the plan
 */
XnPlan *
xn_plan_deserialize (GBytes  *bytes,
                     GError **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(XnPlan) plan = _xn_plan_new ();
  g_autoptr(GError) local = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *blob64 = NULL;
  g_auto(GStrv) tags = NULL;
  g_auto(GStrv) warnings = NULL;
  struct xng_policy pol;
  gboolean switches_only;
  gsize len = 0;
  guchar *raw;
  gpointer aligned;
  int n_domains, n_excl, n_switches;

  g_return_val_if_fail (bytes != NULL, NULL);
  if (!g_key_file_load_from_data (kf, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                  G_KEY_FILE_NONE, &local))
    {
      parse_error (error, local->message);
      return NULL;
    }
  if (g_key_file_get_integer (kf, "plan", "format", NULL) != 1)
    {
      parse_error (error, _("unknown format version"));
      return NULL;
    }
  switches_only = g_key_file_get_boolean (kf, "plan", "switches-only", NULL);
  if (!(serial = kf_string (kf, "plan", "serial", TRUE, error)) ||
      !(plan->host_name = kf_string (kf, "plan", "host", TRUE, error)) ||
      (!switches_only && !(blob64 = kf_string (kf, "plan", "blob", TRUE, error))))
    return NULL;
  if (!g_ascii_string_to_unsigned (serial, 10, 0, G_MAXUINT64, &plan->serial, NULL))
    {
      parse_error (error, _("bad serial"));
      return NULL;
    }
  memset (&pol, 0, sizeof pol);
  if (switches_only)
    plan->blob = g_bytes_new (NULL, 0);   /* an agent's part: no guard blob, no domain */
  else
    {
      raw = g_base64_decode (blob64, &len);
      aligned = g_malloc0 (MAX (len, 1));
      memcpy (aligned, raw, len);
      g_free (raw);
      plan->blob = g_bytes_new_take (aligned, len);
      if (xng_blob_parse (&pol, g_bytes_get_data (plan->blob, NULL), len) != 0)
        {
          parse_error (error, pol.why ? pol.why : _("bad guard blob"));
          return NULL;
        }
    }
  tags = g_key_file_get_string_list (kf, "plan", "tags", NULL, NULL);
  for (guint i = 0; tags && tags[i]; i++)
    g_ptr_array_add (plan->tag_names, g_strdup (tags[i]));
  warnings = g_key_file_get_string_list (kf, "plan", "warnings", NULL, NULL);
  for (guint i = 0; warnings && warnings[i]; i++)
    g_ptr_array_add (plan->warnings, g_strdup (warnings[i]));
  n_domains = g_key_file_get_integer (kf, "plan", "domains", NULL);
  n_excl = g_key_file_get_integer (kf, "plan", "exclusions", NULL);
  n_switches = g_key_file_get_integer (kf, "plan", "switches", NULL);
  if (n_domains < 0 || n_excl < 0 || n_switches < 0 || (guint) n_domains != pol.n_domains)
    {
      parse_error (error, _("counts do not match the guard blob"));
      return NULL;
    }

  for (int i = 0; i < n_domains; i++)
    {
      g_autofree char *group = g_strdup_printf ("domain %d", i);
      g_autofree char *uuid = NULL;
      g_autofree char *name = NULL;
      g_autofree char *profile_name = NULL;
      g_autofree char *tag_name = NULL;
      g_autofree char *xl = NULL;
      XnPlanDomain *d;

      if (!(uuid = kf_string (kf, group, "uuid", TRUE, error)) ||
          !(name = kf_string (kf, group, "name", TRUE, error)) ||
          !(profile_name = kf_string (kf, group, "profile", TRUE, error)))
        return NULL;
      tag_name = kf_string (kf, group, "tag", FALSE, NULL);
      xl = kf_string (kf, group, "xl", FALSE, NULL);
      d = _xn_plan_domain_new (uuid, name, tag_name, profile_name, xl, xl ? strlen (xl) : 0);
      g_ptr_array_add (plan->domains, d);
      d->tag = G_MAXUINT;
      for (guint t = 0; d->tag_name && t < plan->tag_names->len; t++)
        if (g_str_equal (g_ptr_array_index (plan->tag_names, t), d->tag_name))
          d->tag = t;
      d->profile = (guint) g_key_file_get_integer (kf, group, "profile-index", NULL);
      if (d->profile >= pol.n_profiles)
        {
          parse_error (error, _("profile index out of range"));
          return NULL;
        }
      d->max_violations = (guint) g_key_file_get_integer (kf, group, "max-violations", NULL);
      d->action = CLAMP (g_key_file_get_integer (kf, group, "action", NULL),
                         XN_VIOLATION_ACTION_LOG, XN_VIOLATION_ACTION_DESTROY);
      g_hash_table_insert (plan->domain_index, d->uuid, d);
    }
  for (int i = 0; i < n_excl; i++)
    {
      g_autofree char *group = g_strdup_printf ("exclusion %d", i);
      XnPlanExclusion *ex = g_new0 (XnPlanExclusion, 1);

      g_ptr_array_add (plan->exclusions, ex);
      if (!(ex->tag_a = kf_string (kf, group, "a", TRUE, error)) ||
          !(ex->tag_b = kf_string (kf, group, "b", TRUE, error)) ||
          !(ex->conflict_name = kf_string (kf, group, "conflict", TRUE, error)))
        return NULL;
    }
  for (int i = 0; i < n_switches; i++)
    {
      g_autofree char *group = g_strdup_printf ("switch %d", i);
      g_autofree char *name = kf_string (kf, group, "name", TRUE, error);
      g_autofree char *uuid = NULL;
      g_autofree char *ports = NULL;
      g_auto(GStrv) flows = NULL;
      g_auto(GStrv) groups = NULL;
      PlanSwitch *sw;

      if (name == NULL)
        return NULL;
      uuid = kf_string (kf, group, "uuid", FALSE, NULL);
      sw = _xn_plan_switch_new (name, uuid);
      sw->driver = kf_string (kf, group, "driver", FALSE, NULL);
      g_ptr_array_add (plan->switches, sw);
      flows = g_key_file_get_string_list (kf, group, "flows", NULL, NULL);
      groups = g_key_file_get_string_list (kf, group, "groups", NULL, NULL);
      for (guint j = 0; flows && flows[j]; j++)
        flow_add (sw, flows[j]);
      flows_seal (sw);
      for (guint j = 0; groups && groups[j]; j++)
        g_ptr_array_add (sw->groups, g_strdup (groups[j]));
      ports = kf_string (kf, group, "ports", FALSE, NULL);
      if (ports && !parse_ports (sw, ports, error))
        return NULL;
      sw->local_prefix = (guint) CLAMP (g_key_file_get_integer (kf, group, "local-prefix", NULL), 0, 32);
    }
  _xn_plan_seal (plan);
  return g_steal_pointer (&plan);
}
