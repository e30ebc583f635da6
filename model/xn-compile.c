/* xn-compile.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * The policy compiler: one policy and one host in, one enforcement plan
 * out.  The plan holds everything the host daemon applies:
 *
 *  - the guard blob, written by hvpatch/guard's xng-writer (the one
 *    writer of that format);
 *  - the Open vSwitch tables of every switch of the host, following
 *    tests/ovs/FLOWS.md (the design's contract), with the port table
 *    (VIF → stable port name and OpenFlow port number);
 *  - the lifecycle rules (tag pairs that may not run together, each
 *    domain's violation limit and action);
 *  - an `xl` configuration per domain.
 *
 * Everything here is linear in the size of the host's part of the
 * policy, except the group buckets (tags × ports on one switch) and the
 * conflict pairs, which FLOWS.md bounds.  Compiling 10,000 domains with
 * 20,000 VIFs takes tens of milliseconds (tests/bench/bench-compile.c).
 *
 * Every string that ends up in a flow or an xl file is validated first:
 * the policy may be hostile, and a MAC like "x,actions=output:1" must
 * never reach ovs-ofctl.
 */

#define G_LOG_DOMAIN "xn-compile"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "xenon-model.h"
#include "xn-compile.h"

#include "xng-guard.h"
#include "xng-writer.h"

typedef struct
{
  char      *name;
  char      *uuid;
  /* The flows (text without the cookie) live NUL-separated in one
   * buffer: tens of thousands of small allocations were a quarter of
   * the compile time.  flows points into it once the switch is done. */
  GString   *flow_text;
  GArray    *flow_offsets;  /* gsize, start of each flow in flow_text */
  GPtrArray *flows;         /* char *, borrowed from flow_text */
  GPtrArray *groups;        /* char * */
  GPtrArray *ports;         /* XnPlanPort *, by ofport */
  GPtrArray *facts;         /* PortFacts *, parallel to ports */
  guint      local_prefix;  /* the bridge's own address's prefix length; 0: none */
} PlanSwitch;

/* One parsed whitelist entry: what compile_whitelist() writes a flow
 * from and what xn_plan_decide_pair() matches an address against. */
typedef struct
{
  guint32     net;
  guint32     mask;
  const char *match;   /* "tcp", "udp", "icmp" or "ip" (any protocol) */
  guint       port;    /* 0: any */
  char       *text;    /* nw_dst as the flow writes it */
} PlanAllow;

/* What the flows of a port were made from, kept so the plan can say
 * why a pair of ports may or may not talk (xn_plan_decide_pair()). */
typedef struct
{
  gboolean  enabled;
  gboolean  whitelist;
  GArray   *allow;     /* PlanAllow, parsed only for forwarding ports */
} PortFacts;

struct _XnPlan
{
  gatomicrefcount  ref_count;
  guint64          serial;
  char            *host_name;
  GBytes          *blob;
  GPtrArray       *domains;       /* XnPlanDomain * */
  GHashTable      *domain_index;  /* uuid → XnPlanDomain * */
  GPtrArray       *tag_names;     /* char *, NULL-terminated */
  GPtrArray       *exclusions;    /* XnPlanExclusion * */
  GPtrArray       *switches;      /* PlanSwitch * */
  GPtrArray       *warnings;      /* char *, NULL-terminated */
  /* The conflict relation the flows were built from, for
   * xn_plan_decide_pair(); absent (NULL) in a deserialised plan. */
  guint            n_tags;
  guint            tag_words;
  guint64         *conflict;      /* n_tags rows of tag_words bits */
  GHashTable      *conflict_names;/* a·n_tags+b+1 → first conflict's name */
};

G_DEFINE_BOXED_TYPE (XnPlan, xn_plan, xn_plan_ref, xn_plan_unref)
G_DEFINE_QUARK (xn-compile-error-quark, xn_compile_error)

#define MCAST_MASK "01:00:00:00:00:00/01:00:00:00:00:00"
#define UCAST_MASK "00:00:00:00:00:00/01:00:00:00:00:00"

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
static XnPlanPort *
plan_port_new (const char *vif_uuid,
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

static void
plan_port_free (XnPlanPort *port)
{
  g_free (port);
}

/* @xl_config is @xl_len bytes, or %NULL. */
static XnPlanDomain *
plan_domain_new (const char *uuid,
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

static PortFacts *
port_facts_new (gboolean enabled,
                gboolean whitelist)
{
  PortFacts *facts = g_new0 (PortFacts, 1);

  facts->enabled = enabled;
  facts->whitelist = whitelist;
  facts->allow = g_array_new (FALSE, TRUE, sizeof (PlanAllow));
  g_array_set_clear_func (facts->allow, plan_allow_clear);
  return facts;
}

static void
port_facts_free (PortFacts *facts)
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
  g_ptr_array_unref (sw->flows);
  g_string_free (sw->flow_text, TRUE);
  g_array_unref (sw->flow_offsets);
  g_ptr_array_unref (sw->groups);
  g_ptr_array_unref (sw->ports);
  g_ptr_array_unref (sw->facts);
  g_free (sw);
}

static PlanSwitch *
plan_switch_new (const char *name,
                 const char *uuid)
{
  PlanSwitch *sw = g_new0 (PlanSwitch, 1);

  sw->name = g_strdup (name);
  sw->uuid = g_strdup (uuid);
  sw->flow_text = g_string_new (NULL);
  sw->flow_offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  sw->flows = g_ptr_array_new ();
  sw->groups = g_ptr_array_new_with_free_func (g_free);
  sw->ports = g_ptr_array_new_with_free_func ((GDestroyNotify) plan_port_free);
  sw->facts = g_ptr_array_new_with_free_func ((GDestroyNotify) port_facts_free);
  return sw;
}

/* Appending without g_string_append(), whose generic insertion and
 * strlen() of literals were a fifth of the compile time. */
static inline void
put_len (GString    *s,
         const char *p,
         gsize       n)
{
  if (G_UNLIKELY (s->len + n + 1 > s->allocated_len))
    {
      gsize len = s->len;

      g_string_set_size (s, len + n);
      s->len = len;
    }
  memcpy (s->str + s->len, p, n);
  s->len += n;
  s->str[s->len] = '\0';
}

static inline void
put_str (GString    *s,
         const char *p)
{
  put_len (s, p, strlen (p));
}

#define PUT_LIT(s, lit) put_len ((s), "" lit, sizeof (lit) - 1)

/* Starts a flow at the end of the switch's buffer. */
static GString *
flow_begin (PlanSwitch *sw)
{
  gsize start = sw->flow_text->len;

  g_array_append_val (sw->flow_offsets, start);
  return sw->flow_text;
}

static void
flow_end (PlanSwitch *sw)
{
  g_string_append_c (sw->flow_text, '\0');
}

/* Takes back the flow just written. */
static void
flow_drop_last (PlanSwitch *sw)
{
  g_assert (sw->flow_offsets->len > 0);
  g_string_truncate (sw->flow_text,
                     g_array_index (sw->flow_offsets, gsize, sw->flow_offsets->len - 1));
  g_array_set_size (sw->flow_offsets, sw->flow_offsets->len - 1);
}

static const char *
flow_last (PlanSwitch *sw)
{
  return sw->flow_text->str + g_array_index (sw->flow_offsets, gsize, sw->flow_offsets->len - 1);
}

static void
flow_add (PlanSwitch *sw,
          const char *flow)
{
  put_str (flow_begin (sw), flow);
  flow_end (sw);
}

/* Points the flow array into the buffer, which no longer grows. */
static void
flows_seal (PlanSwitch *sw)
{
  g_ptr_array_set_size (sw->flows, 0);
  for (guint i = 0; i < sw->flow_offsets->len; i++)
    g_ptr_array_add (sw->flows, sw->flow_text->str + g_array_index (sw->flow_offsets, gsize, i));
}

/* Decimal without printf: formatting was a sixth of the compile time. */
static void
put_uint (GString *s,
          guint64  v)
{
  char buf[24];
  char *p = buf + sizeof buf;

  do
    *--p = (char) ('0' + v % 10);
  while ((v /= 10) != 0);
  put_len (s, p, buf + sizeof buf - p);
}

static XnPlan *
plan_new (void)
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
static void
plan_seal (XnPlan *self)
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

/* ------------------------------------------------------------------ */
/* Validation of values that end up in flows and xl files             */

static const char hex_digits[] = "0123456789abcdef";

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

/* A value safe inside an xl string or a comma-separated device spec. */
static gboolean
is_xl_safe (const char *text,
            gboolean    in_spec)
{
  if (text == NULL)
    return TRUE;
  for (const guchar *p = (const guchar *) text; *p; p++)
    {
      if (*p < 0x20 || *p == 0x7f || *p == '"' || *p == '\'' || *p == '\\')
        return FALSE;
      if (in_spec && (*p == ',' || *p == '='))
        return FALSE;
    }
  return TRUE;
}

static gboolean
uuid_to_bytes (const char *uuid,
               guint8      out[16])
{
  guint n = 0;

  if (!xn_uuid_is_valid (uuid))
    return FALSE;
  for (const char *p = uuid; *p && n < 32; p++)
    {
      int v;

      if (*p == '-')
        continue;
      v = g_ascii_xdigit_value (*p);
      if (v < 0)
        return FALSE;
      if (n % 2 == 0)
        out[n / 2] = (guint8) (v << 4);
      else
        out[n / 2] |= (guint8) v;
      n++;
    }
  return n == 32;
}

/* ------------------------------------------------------------------ */
/* Compilation                                                        */

typedef struct
{
  XnPolicy   *policy;
  XnHost     *host;
  XnPlan     *plan;
  guint       n_tags;
  guint       tag_words;
  guint64    *conflict;     /* n_tags rows of tag_words; the plan owns it */
  guint64    *exclusive;    /* likewise, allowSimultaneous=false only */
  GHashTable *tag_index;    /* uuid → index + 1 */
  GHashTable *profile_index;/* uuid → index + 1 */
  GHashTable *enclave_index;/* enclave → index (from 1) */
  GArray     *profiles;     /* struct xng_spec_profile */
  GPtrArray  *profile_names;
  GArray     *domains;      /* struct xng_spec_domain */
  GArray     *conflicts;    /* struct xng_spec_conflict */
  guint       dom0_profile; /* G_MAXUINT until needed */
  GHashTable *xl_switches;  /* switch uuid → XlSwitch *, the host's own */
  GString    *xl;           /* scratch for one xl configuration */
} Compiler;

/* What a VIF's xl spec needs of its switch, resolved once per switch
 * rather than twice per VIF. */
typedef struct
{
  XnNetSwitch *sw;
  XnDomain    *backend;   /* a driver domain other than Domain-0, or NULL */
} XlSwitch;

/* Whether the flows separate ports of dense tags @a and @b (0: none,
 * which conflicts with nobody).  The one predicate behind the conflict
 * drops, the flooding groups and xn_plan_decide_pair(). */
static gboolean
plan_tags_conflict (const XnPlan *plan,
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

static void
warn (XnPlan     *plan,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static void
warn (XnPlan     *plan,
      const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (plan->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

static gboolean
compile_tags (Compiler  *c,
              GError   **error)
{
  XnObjectList *tags = xn_policy_get_tags (c->policy);
  XnObjectList *conflicts = xn_policy_get_conflicts (c->policy);
  guint n_conflicts = xn_object_list_get_n_items (conflicts);

  c->n_tags = xn_object_list_get_n_items (tags);
  if (c->n_tags > XNG_MAX_TAGS)
    {
      g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_LIMIT,
                   _("The policy has %u tags; the guard holds at most %u"),
                   c->n_tags, XNG_MAX_TAGS);
      return FALSE;
    }
  c->tag_words = MAX (1, xng_tag_words (c->n_tags));
  c->conflict = g_new0 (guint64, (gsize) MAX (1, c->n_tags) * c->tag_words);
  c->plan->conflict = c->conflict;
  c->plan->n_tags = c->n_tags;
  c->plan->tag_words = c->tag_words;
  c->plan->conflict_names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  c->exclusive = g_new0 (guint64, (gsize) MAX (1, c->n_tags) * c->tag_words);
  for (guint i = 0; i < c->n_tags; i++)
    {
      XnObject *tag = xn_object_list_get (tags, i);

      g_hash_table_insert (c->tag_index, (gpointer) xn_object_get_uuid (tag),
                           GUINT_TO_POINTER (i + 1));
      g_ptr_array_add (c->plan->tag_names, g_strdup (xn_object_get_name (tag)));
    }

  for (guint i = 0; i < n_conflicts; i++)
    {
      XnConflict *conflict = xn_object_list_get (conflicts, i);
      XnObjectList *refs = xn_conflict_get_tag_refs (conflict);
      guint n = xn_object_list_get_n_items (refs);
      g_autofree guint *idx = g_new (guint, MAX (n, 1));
      gboolean exclusive = !xn_conflict_get_allow_simultaneous (conflict);

      for (guint j = 0; j < n; j++)
        {
          XnTagRef *ref = xn_object_list_get (refs, j);
          gpointer v = g_hash_table_lookup (c->tag_index, xn_tag_ref_get_tag_uuid (ref) ?
                                            xn_tag_ref_get_tag_uuid (ref) : "");

          if (v == NULL)
            {
              g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_REFERENCE,
                           _("Conflict “%s” names a tag that is not in the policy (%s)"),
                           xn_object_get_name (XN_OBJECT (conflict)),
                           xn_tag_ref_get_tag_uuid (ref) ? xn_tag_ref_get_tag_uuid (ref) : "none");
              return FALSE;
            }
          idx[j] = GPOINTER_TO_UINT (v) - 1;
        }
      for (guint j = 0; j < n; j++)
        for (guint k = j + 1; k < n; k++)
          {
            guint a = idx[j], b = idx[k];
            gboolean was_exclusive = (c->exclusive[a * c->tag_words + b / 64] >> (b % 64)) & 1;

            /* A tag listed twice in one conflict does not conflict with
             * itself: same-tag domains always talk. */
            if (a == b)
              continue;
            c->conflict[a * c->tag_words + b / 64] |= G_GUINT64_CONSTANT (1) << (b % 64);
            c->conflict[b * c->tag_words + a / 64] |= G_GUINT64_CONSTANT (1) << (a % 64);
            for (guint r = 0; r < 2; r++)
              {
                gpointer key = GUINT_TO_POINTER ((r ? b * c->n_tags + a : a * c->n_tags + b) + 1);

                if (!g_hash_table_contains (c->plan->conflict_names, key))
                  g_hash_table_insert (c->plan->conflict_names, key,
                                       g_strdup (xn_object_get_name (XN_OBJECT (conflict))));
              }
            g_array_append_vals (c->conflicts,
                                 &(struct xng_spec_conflict) { a, b, exclusive }, 1);
            if (exclusive && !was_exclusive)
              {
                XnPlanExclusion *ex = g_new0 (XnPlanExclusion, 1);

                c->exclusive[a * c->tag_words + b / 64] |= G_GUINT64_CONSTANT (1) << (b % 64);
                c->exclusive[b * c->tag_words + a / 64] |= G_GUINT64_CONSTANT (1) << (a % 64);
                ex->tag_a = g_strdup (g_ptr_array_index (c->plan->tag_names, MIN (a, b)));
                ex->tag_b = g_strdup (g_ptr_array_index (c->plan->tag_names, MAX (a, b)));
                ex->conflict_name = g_strdup (xn_object_get_name (XN_OBJECT (conflict)));
                g_ptr_array_add (c->plan->exclusions, ex);
              }
          }
    }
  return TRUE;
}

static guint8
map_action (XnViolationAction action)
{
  switch (action)
    {
    case XN_VIOLATION_ACTION_PAUSE:
      return XNG_ACTION_PAUSE;
    case XN_VIOLATION_ACTION_DESTROY:
      return XNG_ACTION_DESTROY;
    case XN_VIOLATION_ACTION_LOG:
    default:
      return XNG_ACTION_LOG;
    }
}

static guint8
map_guest_type (XnGuestType type)
{
  switch (type)
    {
    case XN_GUEST_TYPE_PVH:
      return XNG_GUEST_PVH;
    case XN_GUEST_TYPE_HVM:
      return XNG_GUEST_HVM;
    case XN_GUEST_TYPE_ANY:
      return XNG_GUEST_ANY;
    case XN_GUEST_TYPE_PV:
    default:
      /* The guard lets only a domain of this type run under the
       * profile (xng_guest_type_allowed()). */
      return XNG_GUEST_PV;
    }
}

static guint8
map_privilege (XnPrivilege privilege)
{
  switch (privilege)
    {
    case XN_PRIVILEGE_MANAGEMENT:
      return XNG_PRIV_MANAGEMENT;
    case XN_PRIVILEGE_SECURITY:
      return XNG_PRIV_SECURITY;
    case XN_PRIVILEGE_REGULAR:
    default:
      return XNG_PRIV_REGULAR;
    }
}

static gboolean
compile_profile (Compiler                *c,
                 XnProfile               *profile,
                 struct xng_spec_profile *out,
                 GError                 **error)
{
  XnObjectList *rules = xn_profile_get_hypercalls (profile);
  guint n = xn_object_list_get_n_items (rules);
  const char *pname = xn_object_get_name (XN_OBJECT (profile));

  memset (out, 0, sizeof *out);
  for (guint i = 0; i < n; i++)
    {
      XnHypercallRule *rule = xn_object_list_get (rules, i);
      const char *name = xn_object_get_name (XN_OBJECT (rule));
      const char *subops = xn_hypercall_rule_get_subops (rule);
      int hcall = name ? xng_hypercall_by_name (name) : -1;
      int slot;

      if (hcall < 0 || hcall >= XNG_N_HYPERCALLS)
        {
          g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_HYPERCALL,
                       _("Profile “%s” allows hypercall “%s”, which Xen 4.17 does not have"),
                       pname, name ? name : "");
          return FALSE;
        }
      if (xng_legacy_successor ((unsigned int) hcall) >= 0)
        {
          /* Its sub-op is out of the guard's reach, and the guard refuses
           * a blob allowing it: refuse here, naming what to use. */
          g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_HYPERCALL,
                       _("Profile “%s” allows the legacy hypercall “%s”, whose sub-ops the guard "
                         "cannot filter: allow “%s” instead"),
                       pname, name, xng_hypercall_name ((unsigned int) xng_legacy_successor ((unsigned int) hcall)));
          return FALSE;
        }
      slot = xng_mux_slot ((unsigned int) hcall);
      if (subops != NULL && *subops != '\0' && slot < 0)
        {
          /* The guard filters sub-ops only where Xen passes the sub-op as
           * the first argument.  Granting the whole hypercall would give
           * more than the officer drew, so it is left out: fail closed. */
          warn (c->plan, _("Profile “%s”: hypercall %s has no sub-op filter in the guard; "
                           "sub-ops %s cannot be enforced, so the hypercall is not granted"),
                pname, name, subops);
          continue;
        }
      if (slot >= 0)
        {
          guint64 map[2];
          GError *local = NULL;

          if (subops == NULL || *subops == '\0')
            out->subop_all |= (guint8) (1u << slot);
          else if (!xn_subops_parse_list (subops, map, &local))
            {
              g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_SUBOP,
                           _("Profile “%s”, hypercall %s: %s"), pname, name, local->message);
              g_error_free (local);
              return FALSE;
            }
          else
            {
              out->subops[slot][0] |= map[0];
              out->subops[slot][1] |= map[1];
            }
        }
      out->hcalls |= G_GUINT64_CONSTANT (1) << hcall;
    }

  out->hmax = xn_profile_get_rate_hmax (profile);
  out->burst = xn_profile_get_rate_burst (profile);
  if (out->hmax > 0 && out->burst == 0)
    out->burst = out->hmax;
  if (out->hmax == 0)
    out->burst = 0;
  out->max_violations = xn_profile_get_max_violations (profile);
  if (out->max_violations == 0)
    out->max_violations = XNG_VIOLATIONS_UNLIMITED;
  out->action = map_action (xn_profile_get_violation_action (profile));
  out->privilege = map_privilege (xn_profile_get_privilege (profile));
  out->guest_type = map_guest_type (xn_profile_get_guest_type (profile));
  if (xn_profile_get_learning (profile))
    {
      out->flags |= XNG_PROFILE_F_PERMISSIVE;
      warn (c->plan, _("Profile “%s” is learning: the guard records its violations "
                       "but denies nothing and takes no action"), pname);
    }
  return TRUE;
}

static gboolean
compile_profiles (Compiler  *c,
                  GError   **error)
{
  XnObjectList *profiles = xn_policy_get_profiles (c->policy);
  guint n = xn_object_list_get_n_items (profiles);

  for (guint i = 0; i < n; i++)
    {
      XnProfile *profile = xn_object_list_get (profiles, i);
      struct xng_spec_profile spec;

      if (!compile_profile (c, profile, &spec, error))
        return FALSE;
      g_array_append_val (c->profiles, spec);
      g_ptr_array_add (c->profile_names, g_strdup (xn_object_get_name (XN_OBJECT (profile))));
      g_hash_table_insert (c->profile_index, (gpointer) xn_object_get_uuid (XN_OBJECT (profile)),
                           GUINT_TO_POINTER (i + 1));
    }
  return TRUE;
}

/* Domain-0 without a secLabel keeps what Xen gives it: everything but
 * the legacy hypercalls, which no blob may allow (the guard never
 * checks the control domain anyway). */
static guint
dom0_profile (Compiler *c)
{
  if (c->dom0_profile == G_MAXUINT)
    {
      struct xng_spec_profile spec = { 0 };

      spec.hcalls = G_MAXUINT64 & ~XNG_HCALLS_LEGACY;
      spec.subop_all = 0xff;
      spec.max_violations = XNG_VIOLATIONS_UNLIMITED;
      spec.action = XNG_ACTION_LOG;
      spec.privilege = XNG_PRIV_MANAGEMENT;
      spec.guest_type = XNG_GUEST_PV;
      c->dom0_profile = c->profiles->len;
      g_array_append_val (c->profiles, spec);
      g_ptr_array_add (c->profile_names, g_strdup ("(Domain-0 implicit)"));
    }
  return c->dom0_profile;
}

static const char *
guest_type_nick (XnGuestType type)
{
  switch (type)
    {
    case XN_GUEST_TYPE_PVH:
      return "pvh";
    case XN_GUEST_TYPE_HVM:
      return "hvm";
    default:
      return "pv";
    }
}

/* "xn" and 13 hex digits (52 bits) of a 64-bit FNV-1a hash of the VIF
 * UUID: 15 characters, the most IFNAMSIZ allows.  A hash rather than the
 * UUID's first digits, since generated UUIDs often share their prefix;
 * the compiler still refuses a collision on one host. */
/* Returns the 52 bits the name shows. */
static guint64
make_port_name_into (const char *vif_uuid,
                     char        out[16])
{
  guint64 h = G_GUINT64_CONSTANT (14695981039346656037);

  for (const char *p = vif_uuid; *p; p++)
    {
      h ^= (guchar) g_ascii_tolower (*p);
      h *= G_GUINT64_CONSTANT (1099511628211);
    }
  h >>= 12;
  out[0] = 'x';
  out[1] = 'n';
  for (int i = 14; i >= 2; i--)
    out[i] = hex_digits[(h >> (4 * (14 - i))) & 0xf];
  out[15] = '\0';
  return h;
}

/* @what is untranslated (N_()): looking a translation up for every
 * value checked cost more than writing the whole configuration. */
static gboolean
xl_check (const char  *what,
          const char  *owner,
          const char  *value,
          gboolean     in_spec,
          GError     **error)
{
  if (is_xl_safe (value, in_spec))
    return TRUE;
  g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_VALUE,
               _("Domain “%s”: %s “%s” contains characters an xl configuration cannot hold"),
               owner, _(what), value);
  return FALSE;
}

/* Appends "keyvalue," when there is a value. */
static void
put_spec_item (GString    *s,
               const char *key,
               const char *value)
{
  if (value == NULL)
    return;
  put_str (s, key);
  put_str (s, value);
  g_string_append_c (s, ',');
}

/* Appends key = "value"\n. */
static void
put_xl_string (GString    *s,
               const char *key,
               const char *value)
{
  put_str (s, key);
  put_str (s, " = \"");
  put_str (s, value);
  put_str (s, "\"\n");
}

static void
xl_switches_init (Compiler *c)
{
  XnObjectList *switches = xn_host_get_net_switches (c->host);
  guint n = xn_object_list_get_n_items (switches);

  for (guint i = 0; i < n; i++)
    {
      XnNetSwitch *sw = xn_object_list_get (switches, i);
      const char *uuid = xn_object_get_uuid (XN_OBJECT (sw));
      XnDomain *backend = xn_net_switch_get_driver_domain (sw);
      XlSwitch *xs;

      /* Only where the model's own lookup gives this very switch, so
       * the cache never answers differently from it. */
      if (uuid == NULL || xn_policy_lookup (c->policy, uuid) != XN_OBJECT (sw))
        continue;
      xs = g_new0 (XlSwitch, 1);
      xs->sw = sw;
      xs->backend = backend && !xn_domain_is_domain0 (backend) ? backend : NULL;
      g_hash_table_insert (c->xl_switches, (gpointer) uuid, xs);
    }
}

/* Writes the configuration into c->xl. */
static gboolean
build_xl_config (Compiler    *c,
                 XnDomain    *domain,
                 const char  *sec_label,
                 GError     **error)
{
  const char *name = xn_object_get_name (XN_OBJECT (domain));
  GString *s = c->xl;
  XnObjectList *vifs = xn_domain_get_vifs (domain);
  XnObjectList *disks = xn_domain_get_disks (domain);
  XnObjectList *pci = xn_domain_get_pci_devices (domain);
  XnObjectList *extra = xn_domain_get_xl_extra (domain);
  const char *kernel = xn_domain_get_kernel (domain);
  const char *ramdisk = xn_domain_get_ramdisk (domain);
  const char *cmdline = xn_domain_get_cmdline (domain);
  guint memory, vcpus;
  guint n, written;

  if (!xl_check (N_("name"), name, name, FALSE, error) ||
      !xl_check (N_("kernel"), name, kernel, FALSE, error) ||
      !xl_check (N_("ramdisk"), name, ramdisk, FALSE, error) ||
      !xl_check (N_("command line"), name, cmdline, FALSE, error) ||
      !xl_check (N_("secLabel"), name, sec_label, FALSE, error))
    return FALSE;

  g_string_truncate (s, 0);
  PUT_LIT (s, "# xl configuration of ");
  put_str (s, name);
  PUT_LIT (s, ", policy serial ");
  put_uint (s, c->plan->serial);
  PUT_LIT (s, ", written by the Xenon policy compiler\n");
  put_xl_string (s, "name", name);
  put_xl_string (s, "uuid", xn_object_get_uuid (XN_OBJECT (domain)));
  put_xl_string (s, "type", guest_type_nick (xn_domain_get_guest_type (domain)));
  if ((memory = xn_domain_get_memory (domain)) > 0)
    {
      PUT_LIT (s, "memory = ");
      put_uint (s, memory);
      g_string_append_c (s, '\n');
    }
  if ((vcpus = xn_domain_get_vcpus (domain)) > 0)
    {
      PUT_LIT (s, "vcpus = ");
      put_uint (s, vcpus);
      g_string_append_c (s, '\n');
    }
  if (kernel)
    put_xl_string (s, "kernel", kernel);
  if (ramdisk)
    put_xl_string (s, "ramdisk", ramdisk);
  if (cmdline)
    put_xl_string (s, "cmdline", cmdline);
  if (sec_label)
    put_xl_string (s, "seclabel", sec_label);

  n = xn_object_list_get_n_items (vifs);
  written = 0;
  for (guint i = 0; i < n; i++)
    {
      XnVif *vif = xn_object_list_get (vifs, i);
      const char *sw_uuid = xn_vif_get_net_switch_uuid (vif);
      XlSwitch *xs = sw_uuid ? g_hash_table_lookup (c->xl_switches, sw_uuid) : NULL;
      XnNetSwitch *sw;
      XnDomain *backend;
      const char *ip = xn_vif_get_ip (vif);
      char port[16];
      char mac[18];

      /* A disabled VIF gets its port and its drop flows, but no device:
       * attached, the guest would have a NIC the officer switched off. */
      if (!xn_vif_get_enabled (vif))
        continue;
      if (written++ == 0)
        PUT_LIT (s, "vif = [ ");
      else
        PUT_LIT (s, ", ");
      if (xs != NULL)
        {
          sw = xs->sw;
          backend = xs->backend;
        }
      else
        {
          /* Not one of the host's switches: the compile fails later
           * on it, but errors keep their order. */
          sw = xn_vif_get_net_switch (vif);
          backend = sw ? xn_net_switch_get_driver_domain (sw) : NULL;
          if (backend && xn_domain_is_domain0 (backend))
            backend = NULL;
        }
      make_port_name_into (xn_object_get_uuid (XN_OBJECT (vif)), port);
      g_string_append_c (s, '\'');
      if (xn_mac_parse (xn_vif_get_mac (vif), mac, NULL))
        {
          PUT_LIT (s, "mac=");
          put_str (s, mac);
          g_string_append_c (s, ',');
        }
      if (ip && xn_ipv4_parse (ip, NULL, NULL))
        {
          PUT_LIT (s, "ip=");
          put_str (s, ip);
          g_string_append_c (s, ',');
        }
      if (sw)
        {
          PUT_LIT (s, "bridge=");
          put_str (s, xn_object_get_name (XN_OBJECT (sw)));
          g_string_append_c (s, ',');
        }
      if (backend)
        {
          const char *backend_name = xn_object_get_name (XN_OBJECT (backend));

          if (!xl_check (N_("driver domain"), name, backend_name, TRUE, error))
            return FALSE;
          PUT_LIT (s, "backend=");
          put_str (s, backend_name);
          g_string_append_c (s, ',');
        }
      PUT_LIT (s, "script=vif-xenon,vifname=");
      put_str (s, port);
      g_string_append_c (s, '\'');
    }
  if (written > 0)
    PUT_LIT (s, " ]\n");

  n = xn_object_list_get_n_items (disks);
  if (n > 0)
    {
      PUT_LIT (s, "disk = [ ");
      for (guint i = 0; i < n; i++)
        {
          XnDisk *disk = xn_object_list_get (disks, i);
          XnStorageLocation *loc = xn_disk_get_storage_location (disk);
          const char *target = xn_disk_get_target (disk);
          const char *vdev = xn_disk_get_vdev (disk);
          const char *format = xn_disk_get_format (disk);
          const char *mode = xn_disk_get_mode (disk);
          g_autofree char *full = NULL;

          if (!xl_check (N_("disk"), name, vdev, TRUE, error) ||
              !xl_check (N_("disk format"), name, format, TRUE, error) ||
              !xl_check (N_("disk mode"), name, mode, TRUE, error) ||
              !xl_check (N_("disk target"), name, target, FALSE, error))
            return FALSE;
          /* A relative target lives in its storage location. */
          if (target && target[0] != '/' && loc && xn_storage_location_get_path (loc))
            {
              if (!xl_check (N_("storage path"), name, xn_storage_location_get_path (loc), FALSE, error))
                return FALSE;
              full = g_build_filename (xn_storage_location_get_path (loc), target, NULL);
            }
          if (i > 0)
            PUT_LIT (s, ", ");
          g_string_append_c (s, '\'');
          put_spec_item (s, "format=", format);
          put_spec_item (s, "vdev=", vdev);
          put_spec_item (s, "access=", mode);
          /* target= must come last: xl takes the rest of the spec. */
          PUT_LIT (s, "target=");
          put_str (s, full ? full : (target ? target : ""));
          g_string_append_c (s, '\'');
        }
      PUT_LIT (s, " ]\n");
    }

  n = xn_object_list_get_n_items (pci);
  if (n > 0)
    {
      PUT_LIT (s, "pci = [ ");
      for (guint i = 0; i < n; i++)
        {
          XnDeviceRef *ref = xn_object_list_get (pci, i);
          XnDevice *dev = xn_device_ref_get_device (ref);

          if (dev == NULL || xn_device_get_bdf (dev) == NULL)
            {
              g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_REFERENCE,
                           _("Domain “%s” names a PCI device that is not in the host's hardware"),
                           name);
              return FALSE;
            }
          if (!xl_check (N_("PCI device"), name, xn_device_get_bdf (dev), TRUE, error))
            return FALSE;
          if (i > 0)
            PUT_LIT (s, ", ");
          g_string_append_c (s, '\'');
          put_str (s, xn_device_get_bdf (dev));
          g_string_append_c (s, '\'');
        }
      PUT_LIT (s, " ]\n");
    }

  n = xn_object_list_get_n_items (extra);
  for (guint i = 0; i < n; i++)
    {
      XnXlPair *pair = xn_object_list_get (extra, i);
      const char *text = xn_xl_pair_get_text (pair);
      const char *key = xn_xl_text_find_reserved_key (text);

      /* Verbatim, as the officer wrote it; one line each; never one
       * that sets again what the policy set above (the lint refuses
       * it, this is for a policy signed with --force). */
      if (key != NULL)
        warn (c->plan, _("Domain “%s”: the extra xl setting “%s” is left out: "
                         "“%s” is the compiler's to write"), name, text, key);
      else if (text && strchr (text, '\n') == NULL)
        {
          put_str (s, text);
          g_string_append_c (s, '\n');
        }
      else if (text)
        {
          g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_VALUE,
                       _("Domain “%s”: an extra xl key/value spans several lines"), name);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
compile_domains (Compiler   *c,
                 GPtrArray  *domains,
                 GError    **error)
{
  for (guint i = 0; i < domains->len; i++)
    {
      XnDomain *domain = g_ptr_array_index (domains, i);
      const char *name = xn_object_get_name (XN_OBJECT (domain));
      const char *uuid = xn_object_get_uuid (XN_OBJECT (domain));
      XnSecLabel *label = xn_domain_get_sec_label (domain);
      XnEnclave *enclave = xn_domain_get_enclave (domain);
      const char *tag_uuid = NULL;
      struct xng_spec_domain spec = { { 0 }, XNG_TAG_NONE, 0 };
      XnPlanDomain *pd;
      gboolean is_dom0;
      guint profile;

      if (!uuid_to_bytes (uuid, spec.uuid))
        {
          g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_REFERENCE,
                       _("Domain “%s” has no valid UUID"), name ? name : "");
          return FALSE;
        }
      if (label != NULL)
        {
          gpointer v = g_hash_table_lookup (c->profile_index,
                                            xn_sec_label_get_profile_uuid (label) ?
                                            xn_sec_label_get_profile_uuid (label) : "");

          if (v == NULL)
            {
              g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_REFERENCE,
                           _("SecLabel “%s” of domain “%s” names no profile of the policy"),
                           xn_object_get_name (XN_OBJECT (label)), name);
              return FALSE;
            }
          profile = GPOINTER_TO_UINT (v) - 1;
          tag_uuid = xn_sec_label_get_tag_uuid (label);
        }
      else if (xn_domain_is_domain0 (domain))
        profile = dom0_profile (c);
      else
        {
          g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_REFERENCE,
                       _("Domain “%s” has no secLabel, so no hypercall profile"), name);
          return FALSE;
        }
      /* The enclave gives the tag (FORMAT.md); the secLabel's must match,
       * which the lint checks. */
      if (enclave != NULL && xn_enclave_get_tag_uuid (enclave) != NULL)
        tag_uuid = xn_enclave_get_tag_uuid (enclave);
      if (tag_uuid != NULL)
        {
          gpointer v = g_hash_table_lookup (c->tag_index, tag_uuid);

          if (v == NULL)
            {
              g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_REFERENCE,
                           _("Domain “%s” carries a tag that is not in the policy (%s)"),
                           name, tag_uuid);
              return FALSE;
            }
          spec.tag = GPOINTER_TO_UINT (v) - 1;
        }
      spec.profile = profile;
      if (g_hash_table_contains (c->plan->domain_index, uuid))
        {
          g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_REFERENCE,
                       _("Two domains of host “%s” share the UUID %s"),
                       c->plan->host_name, uuid);
          return FALSE;
        }
      g_array_append_val (c->domains, spec);

      /* Domain-0 is not created by xl. */
      is_dom0 = xn_domain_is_domain0 (domain);
      if (!is_dom0 &&
          !build_xl_config (c, domain, label ? xn_object_get_name (XN_OBJECT (label)) : NULL,
                            error))
        return FALSE;
      pd = plan_domain_new (uuid, name,
                            spec.tag == XNG_TAG_NONE ? NULL
                            : g_ptr_array_index (c->plan->tag_names, spec.tag),
                            g_ptr_array_index (c->profile_names, profile),
                            is_dom0 ? NULL : c->xl->str, c->xl->len);
      pd->tag = spec.tag == XNG_TAG_NONE ? G_MAXUINT : spec.tag;
      pd->profile = profile;
      {
        const struct xng_spec_profile *sp = &g_array_index (c->profiles, struct xng_spec_profile, profile);

        pd->max_violations = sp->max_violations == XNG_VIOLATIONS_UNLIMITED ? 0 : sp->max_violations;
        pd->action = sp->action == XNG_ACTION_DESTROY ? XN_VIOLATION_ACTION_DESTROY
                     : sp->action == XNG_ACTION_PAUSE ? XN_VIOLATION_ACTION_PAUSE
                     : XN_VIOLATION_ACTION_LOG;
      }
      g_ptr_array_add (c->plan->domains, pd);
      g_hash_table_insert (c->plan->domain_index, pd->uuid, pd);
    }
  return TRUE;
}

static gboolean
compile_blob (Compiler  *c,
              GError   **error)
{
  struct xng_spec spec = { 0 };
  const char *why = NULL;
  gsize size;
  gpointer buf;
  long written;

  spec.serial = c->plan->serial;
  spec.default_profile = XNG_DEFAULT_DENY;
  /* Unknown domains are denied every call; their violations are logged
   * and nothing more, since a domain the policy does not know has no
   * profile to say otherwise. */
  spec.default_max_violations = XNG_VIOLATIONS_UNLIMITED;
  spec.default_action = XNG_ACTION_LOG;
  spec.profiles = (const struct xng_spec_profile *) c->profiles->data;
  spec.n_profiles = c->profiles->len;
  spec.domains = (const struct xng_spec_domain *) c->domains->data;
  spec.n_domains = c->domains->len;
  spec.n_tags = c->n_tags;
  spec.conflicts = (const struct xng_spec_conflict *) c->conflicts->data;
  spec.n_conflicts = c->conflicts->len;

  size = xng_blob_size (&spec);
  if (size == 0)
    {
      g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_LIMIT,
                   _("Host “%s” has more profiles (%u) or domains (%u) than the guard holds"),
                   c->plan->host_name, spec.n_profiles, spec.n_domains);
      return FALSE;
    }
  /* g_malloc gives at least 8-byte alignment, as the writer needs. */
  buf = g_malloc0 (size);
  written = xng_blob_write (&spec, buf, size, &why);
  if (written < 0)
    {
      g_free (buf);
      g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_BLOB,
                   _("The guard blob for host “%s” could not be written: %s"),
                   c->plan->host_name, why ? why : xng_strerror ((int) written));
      return FALSE;
    }
  c->plan->blob = g_bytes_new_take (buf, (gsize) written);
  return TRUE;
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

  g_clear_pointer (&pi->port, plan_port_free);
  g_clear_pointer (&pi->facts, port_facts_free);
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
        if (present[b] && plan_tags_conflict (c->plan, a, b))
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
          if (plan_tags_conflict (c->plan, t, port->tag))
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
 * which is classified like a VIF of Domain-0 (tests/ovs/FLOWS.md).  Its
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
  port = plan_port_new (sw->uuid, pd->uuid, pd->name, sw->name, "LOCAL", mac, addr, pd->tag_name);
  port->ofport = XN_PLAN_OFPORT_LOCAL;
  port->tag = pd->tag == G_MAXUINT ? 0 : pd->tag + 1;
  enclave = xn_domain_get_enclave (driver);
  port->enclave = enclave ? GPOINTER_TO_UINT (g_hash_table_lookup (c->enclave_index, enclave)) : 0;
  port->forwarding = TRUE;
  pi.port = port;
  pi.domain = driver;
  pi.mac = mac_value (mac);
  pi.facts = port_facts_new (TRUE, xn_domain_get_whitelist (driver));
  g_array_append_val (infos, pi);
  sw->local_prefix = prefix;
  return TRUE;
}

static gboolean
compile_switches (Compiler   *c,
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
      g_ptr_array_add (c->plan->switches, plan_switch_new (name, xn_object_get_uuid (obj)));
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
          name_bits = make_port_name_into (vif_uuid, port_name);
          if (!xn_mac_parse (raw_mac, mac, NULL) || (g_ascii_xdigit_value (mac[1]) & 1))
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
          port = plan_port_new (vif_uuid, pd->uuid, pd->name, sw->name, port_name, mac, ip,
                                pd->tag_name);
          port->tag = pd->tag == G_MAXUINT ? 0 : pd->tag + 1;
          port->enclave = enclave_index;
          /* Anti-spoofing needs the address the VIF may send from, so a
           * VIF without one forwards nothing, like a disabled VIF. */
          port->forwarding = enabled && port->ip != NULL;
          pi.port = port;
          pi.domain = domain;
          pi.mac = mac_value (mac);
          pi.facts = port_facts_new (enabled, xn_domain_get_whitelist (domain));
          g_array_append_val (g_ptr_array_index (infos, GPOINTER_TO_UINT (v) - 1), pi);
          if (enabled && port->ip == NULL)
            warn (c->plan, _("VIF %s of domain “%s” on switch “%s” has no IP address: "
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

/**
 * xn_compile:
 * @policy: a policy
 * @host_name: the name of one of its hosts
 * @error: return location for a #GError (domain %XN_COMPILE_ERROR)
 *
 * Compiles @policy for the host named @host_name into an enforcement
 * plan: guard blob, Open vSwitch tables per switch, lifecycle rules and
 * `xl` configurations. Problems that leave a safe plan (a VIF without an
 * address, a sub-op filter the guard cannot enforce) become warnings
 * (xn_plan_get_warnings()); anything else is an error naming the object.
 *
 * Returns: (transfer full) (nullable): the plan, or %NULL with @error set
 */
XnPlan *
xn_compile (XnPolicy    *policy,
            const char  *host_name,
            GError     **error)
{
  g_autoptr(XnPlan) plan = NULL;
  g_autoptr(GPtrArray) domains = NULL;
  Compiler c = { 0 };
  gboolean ok;

  g_return_val_if_fail (XN_IS_POLICY (policy), NULL);
  g_return_val_if_fail (host_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  c.policy = policy;
  c.host = xn_policy_find_host_by_name (policy, host_name);
  if (c.host == NULL)
    {
      g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_UNKNOWN_HOST,
                   _("The policy has no host named “%s”"), host_name);
      return NULL;
    }

  plan = plan_new ();
  plan->serial = xn_policy_get_serial (policy);
  plan->host_name = g_strdup (host_name);
  c.plan = plan;
  c.tag_index = g_hash_table_new (g_str_hash, g_str_equal);
  c.profile_index = g_hash_table_new (g_str_hash, g_str_equal);
  c.enclave_index = g_hash_table_new (NULL, NULL);
  c.profiles = g_array_new (FALSE, TRUE, sizeof (struct xng_spec_profile));
  c.profile_names = g_ptr_array_new_with_free_func (g_free);
  c.domains = g_array_new (FALSE, TRUE, sizeof (struct xng_spec_domain));
  c.conflicts = g_array_new (FALSE, TRUE, sizeof (struct xng_spec_conflict));
  c.dom0_profile = G_MAXUINT;
  c.xl_switches = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  c.xl = g_string_sized_new (1024);
  xl_switches_init (&c);

  domains = xn_host_dup_domains (c.host);
  ok = compile_tags (&c, error) &&
       compile_profiles (&c, error) &&
       compile_domains (&c, domains, error) &&
       compile_blob (&c, error) &&
       compile_switches (&c, domains, error);

  g_free (c.exclusive);
  g_hash_table_unref (c.tag_index);
  g_hash_table_unref (c.profile_index);
  g_hash_table_unref (c.enclave_index);
  g_array_unref (c.profiles);
  g_ptr_array_unref (c.profile_names);
  g_array_unref (c.domains);
  g_array_unref (c.conflicts);
  g_hash_table_unref (c.xl_switches);
  g_string_free (c.xl, TRUE);
  if (!ok)
    return NULL;
  plan_seal (plan);
  return g_steal_pointer (&plan);
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
  else if (plan_tags_conflict (self, a->tag, b->tag))
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
  g_string_append_printf (s, _("Enforcement plan for host “%s”, policy serial %" G_GUINT64_FORMAT "\n"),
                          self->host_name, self->serial);
  g_string_append_printf (s, _("Guard blob: %" G_GSIZE_FORMAT " bytes, %u domains, %u tags; "
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
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *blob64 = NULL;
  g_autofree char *serial = NULL;
  char *data;
  gsize len;

  g_return_val_if_fail (self != NULL, NULL);
  blob64 = g_base64_encode (g_bytes_get_data (self->blob, NULL), g_bytes_get_size (self->blob));
  serial = g_strdup_printf ("%" G_GUINT64_FORMAT, self->serial);
  g_key_file_set_integer (kf, "plan", "format", 1);
  g_key_file_set_string (kf, "plan", "serial", serial);
  g_key_file_set_string (kf, "plan", "host", self->host_name);
  g_key_file_set_string (kf, "plan", "blob", blob64);
  g_key_file_set_string_list (kf, "plan", "tags", xn_plan_get_tag_names (self),
                              self->tag_names->len - 1);
  g_key_file_set_string_list (kf, "plan", "warnings", xn_plan_get_warnings (self),
                              self->warnings->len - 1);
  g_key_file_set_integer (kf, "plan", "domains", self->domains->len);
  g_key_file_set_integer (kf, "plan", "exclusions", self->exclusions->len);
  g_key_file_set_integer (kf, "plan", "switches", self->switches->len);

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
  for (guint i = 0; i < self->switches->len; i++)
    {
      PlanSwitch *sw = g_ptr_array_index (self->switches, i);
      g_autofree char *group = g_strdup_printf ("switch %u", i);
      g_autofree char *ports = xn_plan_dup_ports_text (self, sw->name);

      g_key_file_set_string (kf, group, "name", sw->name);
      g_key_file_set_string (kf, group, "uuid", sw->uuid);
      set_strv_from_array (kf, group, "flows", sw->flows);
      set_strv_from_array (kf, group, "groups", sw->groups);
      g_key_file_set_string (kf, group, "ports", ports);
      if (sw->local_prefix > 0)
        g_key_file_set_integer (kf, group, "local-prefix", sw->local_prefix);
    }
  data = g_key_file_to_data (kf, &len, NULL);
  return g_bytes_new_take (data, len);
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
      p = plan_port_new (f[7], NULL, f[6], sw->name, f[1], f[2],
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
  g_autoptr(XnPlan) plan = plan_new ();
  g_autoptr(GError) local = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *blob64 = NULL;
  g_auto(GStrv) tags = NULL;
  g_auto(GStrv) warnings = NULL;
  struct xng_policy pol;
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
  if (!(serial = kf_string (kf, "plan", "serial", TRUE, error)) ||
      !(plan->host_name = kf_string (kf, "plan", "host", TRUE, error)) ||
      !(blob64 = kf_string (kf, "plan", "blob", TRUE, error)))
    return NULL;
  if (!g_ascii_string_to_unsigned (serial, 10, 0, G_MAXUINT64, &plan->serial, NULL))
    {
      parse_error (error, _("bad serial"));
      return NULL;
    }
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
      d = plan_domain_new (uuid, name, tag_name, profile_name, xl, xl ? strlen (xl) : 0);
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
      sw = plan_switch_new (name, uuid);
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
  plan_seal (plan);
  return g_steal_pointer (&plan);
}
