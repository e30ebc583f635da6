/* xn-net-matrix.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * The network matrix of one host: for every switch, every ordered pair
 * of its ports (VIFs, and the bridge's own port where Domain-0 gives the
 * switch an address), whether the switch's flows let unicast IPv4 through
 * and why; and, from those cells, whether two domains of the host may
 * talk at all (they may when some pair of their VIFs on a shared switch
 * may).
 *
 * It is not a second reading of the rules: it compiles the host and asks
 * the plan (xn_plan_decide_pair()), which answers from the facts its
 * flows were written from.  The tag relation of the whole policy (and
 * who may run together) stays in xn-matrix.c; this is what the switches
 * do, and what the real-OVS tests trace the installed tables against.
 *
 * Cells are not stored: a switch of V ports has V² of them, and each is
 * answered in constant time (plus the source's whitelist) when asked.
 */

#define G_LOG_DOMAIN "xn-net-matrix"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xenon-model.h"
#include "xn-net-matrix.h"

struct _XnNetMatrix
{
  gatomicrefcount  ref_count;
  XnPlan          *plan;
  /* Per switch, domain name → GArray of its port indices, so a domain
   * pair costs its own ports, not the switch's squared. */
  GPtrArray       *by_domain;
};

G_DEFINE_BOXED_TYPE (XnNetMatrix, xn_net_matrix, xn_net_matrix_ref, xn_net_matrix_unref)

/**
 * xn_net_matrix_new:
 * @policy: a policy
 * @host_name: the name of one of its hosts
 * @error: return location for a #GError (domain %XN_COMPILE_ERROR)
 *
 * Compiles @policy for @host_name and keeps the plan to answer from.
 *
 * Returns: (transfer full) (nullable): the matrix, or %NULL with @error
 *   set when the host does not compile
 */
XnNetMatrix *
xn_net_matrix_new (XnPolicy    *policy,
                   const char  *host_name,
                   GError     **error)
{
  XnNetMatrix *self;
  XnPlan *plan;

  g_return_val_if_fail (XN_IS_POLICY (policy), NULL);
  g_return_val_if_fail (host_name != NULL, NULL);

  plan = xn_compile (policy, host_name, error);
  if (plan == NULL)
    return NULL;
  self = g_new0 (XnNetMatrix, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->plan = plan;
  self->by_domain = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  for (guint sw = 0; sw < xn_plan_get_n_switches (plan); sw++)
    {
      GPtrArray *ports = xn_plan_get_ports (plan, xn_plan_get_switch_name (plan, sw));
      GHashTable *index = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                 (GDestroyNotify) g_array_unref);

      for (guint i = 0; ports && i < ports->len; i++)
        {
          const XnPlanPort *port = g_ptr_array_index (ports, i);
          GArray *list = g_hash_table_lookup (index, port->domain_name);

          if (list == NULL)
            {
              list = g_array_new (FALSE, FALSE, sizeof (guint));
              g_hash_table_insert (index, port->domain_name, list);
            }
          g_array_append_val (list, i);
        }
      g_ptr_array_add (self->by_domain, index);
    }
  return self;
}

/**
 * xn_net_matrix_ref:
 * @self: a matrix
 *
 * Returns: (transfer full): @self
 */
XnNetMatrix *
xn_net_matrix_ref (XnNetMatrix *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * xn_net_matrix_unref:
 * @self: (transfer full): a matrix
 */
void
xn_net_matrix_unref (XnNetMatrix *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_ptr_array_unref (self->by_domain);
  xn_plan_unref (self->plan);
  g_free (self);
}

/**
 * xn_net_matrix_get_plan:
 * @self: a matrix
 *
 * Returns: (transfer none): the plan the cells come from
 */
XnPlan *
xn_net_matrix_get_plan (XnNetMatrix *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->plan;
}

/**
 * xn_net_matrix_get_n_switches:
 * @self: a matrix
 *
 * Returns: the number of the host's switches
 */
guint
xn_net_matrix_get_n_switches (XnNetMatrix *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return xn_plan_get_n_switches (self->plan);
}

/**
 * xn_net_matrix_get_switch_name:
 * @self: a matrix
 * @sw: a switch index
 *
 * Returns: (transfer none): the switch's (bridge's) name
 */
const char *
xn_net_matrix_get_switch_name (XnNetMatrix *self,
                               guint        sw)
{
  g_return_val_if_fail (self != NULL, NULL);
  return xn_plan_get_switch_name (self->plan, sw);
}

/**
 * xn_net_matrix_find_switch:
 * @self: a matrix
 * @name: a switch name
 *
 * Returns: the switch's index, or -1
 */
int
xn_net_matrix_find_switch (XnNetMatrix *self,
                           const char  *name)
{
  g_return_val_if_fail (self != NULL, -1);
  for (guint i = 0; i < xn_plan_get_n_switches (self->plan); i++)
    if (g_strcmp0 (xn_plan_get_switch_name (self->plan, i), name) == 0)
      return (int) i;
  return -1;
}

static GPtrArray *
ports_of (XnNetMatrix *self,
          guint        sw)
{
  if (sw >= xn_plan_get_n_switches (self->plan))
    return NULL;
  return xn_plan_get_ports (self->plan, xn_plan_get_switch_name (self->plan, sw));
}

/**
 * xn_net_matrix_get_n_ports:
 * @self: a matrix
 * @sw: a switch index
 *
 * Returns: the number of the switch's ports, disabled ones included
 */
guint
xn_net_matrix_get_n_ports (XnNetMatrix *self,
                           guint        sw)
{
  GPtrArray *ports;

  g_return_val_if_fail (self != NULL, 0);
  ports = ports_of (self, sw);
  return ports ? ports->len : 0;
}

/**
 * xn_net_matrix_get_port:
 * @self: a matrix
 * @sw: a switch index
 * @port: a port index, below xn_net_matrix_get_n_ports()
 *
 * Returns: (transfer none) (nullable): the port, as the plan has it
 */
const XnPlanPort *
xn_net_matrix_get_port (XnNetMatrix *self,
                        guint        sw,
                        guint        port)
{
  GPtrArray *ports;

  g_return_val_if_fail (self != NULL, NULL);
  ports = ports_of (self, sw);
  if (ports == NULL || port >= ports->len)
    return NULL;
  return g_ptr_array_index (ports, port);
}

/**
 * xn_net_matrix_get_cell:
 * @self: a matrix
 * @sw: a switch index
 * @src: the source port's index
 * @dst: the destination port's index, not @src
 * @verdict: (out caller-allocates) (optional): what decides the pair
 *
 * Returns: whether unicast IPv4 from @src reaches @dst (for
 *   %XN_PAIR_WHITELIST_LIMITED, only as @verdict's protocol and port)
 */
gboolean
xn_net_matrix_get_cell (XnNetMatrix   *self,
                        guint          sw,
                        guint          src,
                        guint          dst,
                        XnPairVerdict *verdict)
{
  XnPairVerdict v;

  g_return_val_if_fail (self != NULL, FALSE);
  if (sw >= xn_plan_get_n_switches (self->plan) ||
      !xn_plan_decide_pair (self->plan, xn_plan_get_switch_name (self->plan, sw), src, dst, &v))
    {
      v = (XnPairVerdict) { .reason = XN_PAIR_SRC_DISABLED };
      if (verdict)
        *verdict = v;
      return FALSE;
    }
  if (verdict)
    *verdict = v;
  return XN_PAIR_REASON_ALLOWS (v.reason);
}

/**
 * xn_pair_reason_get_code:
 * @reason: a reason
 *
 * Returns: (transfer none): a stable, untranslated token for scripts,
 *   e.g. "conflict" or "whitelist-excludes"
 */
const char *
xn_pair_reason_get_code (XnPairReason reason)
{
  switch (reason)
    {
    case XN_PAIR_OPEN: return "open";
    case XN_PAIR_WHITELISTED: return "whitelisted";
    case XN_PAIR_WHITELIST_LIMITED: return "whitelist-limited";
    case XN_PAIR_SRC_DISABLED: return "src-disabled";
    case XN_PAIR_SRC_NO_ADDRESS: return "src-no-address";
    case XN_PAIR_DST_DISABLED: return "dst-disabled";
    case XN_PAIR_DST_NO_ADDRESS: return "dst-no-address";
    case XN_PAIR_CONFLICT: return "conflict";
    case XN_PAIR_WHITELIST_EXCLUDES: return "whitelist-excludes";
    default: return "unknown";
    }
}

static const char *
tag_or_none (const XnPlanPort *port)
{
  return port->tag_name ? port->tag_name : _("(no tag)");
}

static char *
reason_text (const XnPlanPort    *a,
             const XnPlanPort    *b,
             const XnPairVerdict *v)
{
  switch (v->reason)
    {
    case XN_PAIR_OPEN:
      return g_strdup (_("no conflict, no whitelist stands between them"));
    case XN_PAIR_WHITELISTED:
      return g_strdup_printf (_("the whitelist of %s lists %s"), a->domain_name, b->ip);
    case XN_PAIR_WHITELIST_LIMITED:
      if (v->port)
        return g_strdup_printf (_("the whitelist of %s lists %s for %s port %u only"),
                                a->domain_name, b->ip, v->proto, v->port);
      return g_strdup_printf (_("the whitelist of %s lists %s for %s only"),
                              a->domain_name, b->ip, v->proto);
    case XN_PAIR_SRC_DISABLED:
      return g_strdup_printf (_("the VIF of %s is disabled"), a->domain_name);
    case XN_PAIR_SRC_NO_ADDRESS:
      return g_strdup_printf (_("the VIF of %s has no IP address"), a->domain_name);
    case XN_PAIR_DST_DISABLED:
      return g_strdup_printf (_("the VIF of %s is disabled"), b->domain_name);
    case XN_PAIR_DST_NO_ADDRESS:
      return g_strdup_printf (_("the VIF of %s has no IP address"), b->domain_name);
    case XN_PAIR_CONFLICT:
      return g_strdup_printf (_("conflict %s names tags %s and %s"),
                              v->conflict_name ? v->conflict_name : "?",
                              tag_or_none (a), tag_or_none (b));
    case XN_PAIR_WHITELIST_EXCLUDES:
      return g_strdup_printf (_("the whitelist of %s does not list %s"),
                              a->domain_name, b->ip ? b->ip : _("(no address)"));
    default:
      return g_strdup (_("unknown"));
    }
}

/**
 * xn_net_matrix_dup_cell_reason:
 * @self: a matrix
 * @sw: a switch index
 * @src: the source port's index
 * @dst: the destination port's index
 *
 * Returns: (transfer full): what decides the pair, for people, e.g.
 *   "conflict test_separation names tags A and C"
 */
char *
xn_net_matrix_dup_cell_reason (XnNetMatrix *self,
                               guint        sw,
                               guint        src,
                               guint        dst)
{
  const XnPlanPort *a, *b;
  XnPairVerdict v;

  g_return_val_if_fail (self != NULL, NULL);
  a = xn_net_matrix_get_port (self, sw, src);
  b = xn_net_matrix_get_port (self, sw, dst);
  if (a == NULL || b == NULL || src == dst)
    return g_strdup (_("no such pair"));
  xn_net_matrix_get_cell (self, sw, src, dst, &v);
  return reason_text (a, b, &v);
}

/**
 * xn_net_matrix_domains_may_talk:
 * @self: a matrix
 * @domain_a: the name of a domain of the host (the sender)
 * @domain_b: the name of another
 * @code: (out) (optional) (transfer full): a stable token for the
 *   reason ("no-shared-switch" or an xn_pair_reason_get_code() token)
 * @reason: (out) (optional) (transfer full): the reason, for people,
 *   naming the switch it holds on
 *
 * Two domains may talk when, on some switch they share, some VIF of
 * @domain_a may reach some VIF of @domain_b.  When none may, the reason
 * is the first dropped pair's; when they share no switch, it says so.
 *
 * Returns: whether @domain_a may reach @domain_b
 */
gboolean
xn_net_matrix_domains_may_talk (XnNetMatrix  *self,
                                const char   *domain_a,
                                const char   *domain_b,
                                char        **code,
                                char        **reason)
{
  gboolean shared = FALSE;
  guint dsw = 0, dsrc = 0, ddst = 0;
  XnPairVerdict dv = { 0 };

  g_return_val_if_fail (self != NULL, FALSE);
  for (guint s = 0; s < xn_net_matrix_get_n_switches (self); s++)
    {
      GArray *pa = g_hash_table_lookup (g_ptr_array_index (self->by_domain, s), domain_a);
      GArray *pb = g_hash_table_lookup (g_ptr_array_index (self->by_domain, s), domain_b);

      for (guint x = 0; pa && pb && x < pa->len; x++)
        for (guint y = 0; y < pb->len; y++)
          {
            guint i = g_array_index (pa, guint, x), j = g_array_index (pb, guint, y);
            const XnPlanPort *a = xn_net_matrix_get_port (self, s, i);
            const XnPlanPort *b = xn_net_matrix_get_port (self, s, j);
            XnPairVerdict v;

            if (i == j)
              continue;
            if (xn_net_matrix_get_cell (self, s, i, j, &v))
              {
                if (code)
                  *code = g_strdup (xn_pair_reason_get_code (v.reason));
                if (reason)
                  {
                    g_autofree char *why = reason_text (a, b, &v);

                    *reason = g_strdup_printf (_("on switch %s: %s"),
                                               xn_net_matrix_get_switch_name (self, s), why);
                  }
                return TRUE;
              }
            if (!shared)
              {
                shared = TRUE;
                dsw = s, dsrc = i, ddst = j, dv = v;
              }
          }
    }
  if (!shared)
    {
      if (code)
        *code = g_strdup ("no-shared-switch");
      if (reason)
        *reason = g_strdup (_("no switch has a VIF of both"));
      return FALSE;
    }
  if (code)
    *code = g_strdup (xn_pair_reason_get_code (dv.reason));
  if (reason)
    {
      g_autofree char *why = reason_text (xn_net_matrix_get_port (self, dsw, dsrc),
                                          xn_net_matrix_get_port (self, dsw, ddst), &dv);

      *reason = g_strdup_printf (_("on switch %s: %s"), xn_net_matrix_get_switch_name (self, dsw), why);
    }
  return FALSE;
}

/* A port's name in the listing: its domain's, with the OpenFlow port
 * when the domain has several VIFs on the switch. */
static char *
port_label (XnNetMatrix *self,
            guint        sw,
            guint        port)
{
  const XnPlanPort *p = xn_net_matrix_get_port (self, sw, port);
  GArray *same = g_hash_table_lookup (g_ptr_array_index (self->by_domain, sw), p->domain_name);

  if (same == NULL || same->len < 2)
    return g_strdup (p->domain_name);
  if (p->ofport == XN_PLAN_OFPORT_LOCAL)
    return g_strdup_printf ("%s@LOCAL", p->domain_name);
  return g_strdup_printf ("%s@%u", p->domain_name, p->ofport);
}

static char
cell_char (const XnPairVerdict *v)
{
  switch (v->reason)
    {
    case XN_PAIR_OPEN:
    case XN_PAIR_WHITELISTED:
      return '+';
    case XN_PAIR_WHITELIST_LIMITED:
      return '~';
    case XN_PAIR_CONFLICT:
      return 'x';
    case XN_PAIR_WHITELIST_EXCLUDES:
      return 'w';
    default:
      return '-';
    }
}

static void
format_switch (XnNetMatrix *self,
               guint        sw,
               GString     *s)
{
  const char *name = xn_net_matrix_get_switch_name (self, sw);
  guint n = xn_net_matrix_get_n_ports (self, sw);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  g_string_append_printf (s, _("Switch %s on host %s: %u ports\n"), name,
                          xn_plan_get_host_name (self->plan), n);
  for (guint i = 0; i < n; i++)
    {
      const XnPlanPort *p = xn_net_matrix_get_port (self, sw, i);

      g_ptr_array_add (labels, port_label (self, sw, i));
      g_string_append_printf (s, "  %3u  %-24s %-6s %-16s %s\n", i + 1,
                              (char *) g_ptr_array_index (labels, i),
                              p->ofport == XN_PLAN_OFPORT_LOCAL ? "LOCAL" : "",
                              p->ip ? p->ip : _("(no address)"), tag_or_none (p));
    }
  if (n > 1 && n <= 40)
    {
      g_string_append (s, _("  (+ may talk, ~ some protocols only, x conflict, w whitelist excludes, - port forwards nothing)\n"));
      g_string_append (s, "     ");
      for (guint j = 0; j < n; j++)
        g_string_append_printf (s, "%4u", j + 1);
      g_string_append_c (s, '\n');
      for (guint i = 0; i < n; i++)
        {
          g_string_append_printf (s, "  %3u", i + 1);
          for (guint j = 0; j < n; j++)
            {
              XnPairVerdict v;

              if (i == j)
                {
                  g_string_append (s, "    ");
                  continue;
                }
              xn_net_matrix_get_cell (self, sw, i, j, &v);
              g_string_append_printf (s, "   %c", cell_char (&v));
            }
          g_string_append_c (s, '\n');
        }
    }
  /* One line per ordered pair, so grep finds any of them. */
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      {
        XnPairVerdict v;
        g_autofree char *why = NULL;
        gboolean ok;

        if (i == j)
          continue;
        ok = xn_net_matrix_get_cell (self, sw, i, j, &v);
        why = reason_text (xn_net_matrix_get_port (self, sw, i),
                           xn_net_matrix_get_port (self, sw, j), &v);
        g_string_append_printf (s, "%s %s -> %s %s %s: %s\n", name,
                                (char *) g_ptr_array_index (labels, i),
                                (char *) g_ptr_array_index (labels, j),
                                ok ? "allow" : "drop", xn_pair_reason_get_code (v.reason), why);
      }
}

/**
 * xn_net_matrix_format:
 * @self: a matrix
 * @switch_name: (nullable): one switch, or %NULL for every switch and
 *   the host's domains
 *
 * Formats the matrix for people and grep: per switch its ports, a grid
 * when it has at most 40, and one line per ordered pair, `SWITCH SRC ->
 * DST allow|drop CODE: reason`; then (for the whole host) one line per
 * ordered pair of domains, `HOST SRC -> DST allow|drop CODE: reason`.
 *
 * Returns: (transfer full): the text
 */
char *
xn_net_matrix_format (XnNetMatrix *self,
                      const char  *switch_name)
{
  GString *s = g_string_new (NULL);
  guint n_domains;

  g_return_val_if_fail (self != NULL, NULL);
  for (guint sw = 0; sw < xn_net_matrix_get_n_switches (self); sw++)
    {
      if (switch_name && g_strcmp0 (switch_name, xn_net_matrix_get_switch_name (self, sw)) != 0)
        continue;
      format_switch (self, sw, s);
      g_string_append_c (s, '\n');
    }
  if (switch_name)
    return g_string_free (s, FALSE);

  n_domains = xn_plan_get_n_domains (self->plan);
  g_string_append_printf (s, _("Domains of host %s: %u\n"), xn_plan_get_host_name (self->plan), n_domains);
  for (guint a = 0; a < n_domains; a++)
    for (guint b = 0; b < n_domains; b++)
      {
        const char *na = xn_plan_get_domain (self->plan, a)->name;
        const char *nb = xn_plan_get_domain (self->plan, b)->name;
        g_autofree char *code = NULL;
        g_autofree char *why = NULL;
        gboolean ok;

        if (a == b)
          continue;
        ok = xn_net_matrix_domains_may_talk (self, na, nb, &code, &why);
        g_string_append_printf (s, "%s %s -> %s %s %s: %s\n", xn_plan_get_host_name (self->plan),
                                na, nb, ok ? "allow" : "drop", code, why);
      }
  return g_string_free (s, FALSE);
}
