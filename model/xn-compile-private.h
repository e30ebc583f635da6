/* xn-compile-private.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * What the compiler's files share: the plan's insides (xn-plan.c owns
 * the type, its accessors and its serialisation), the compiler's state,
 * and the few helpers the flows (xn-compile-flows.c) and the xl
 * configurations (xn-compile-xl.c) are written with.  The buffer
 * helpers are static inline: as static functions of one file they were
 * inlined in the hot loops, and the split must not make compiling slower.
 */

#pragma once

#include <string.h>

#include <glib.h>

#include "xenon-model.h"
#include "xn-compile.h"

G_BEGIN_DECLS

typedef struct
{
  char      *name;
  char      *uuid;
  char      *driver;        /* the service domain driving it; NULL: Domain-0 */
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
static inline GString *
flow_begin (PlanSwitch *sw)
{
  gsize start = sw->flow_text->len;

  g_array_append_val (sw->flow_offsets, start);
  return sw->flow_text;
}

static inline void
flow_end (PlanSwitch *sw)
{
  g_string_append_c (sw->flow_text, '\0');
}

/* Takes back the flow just written. */
static inline void
flow_drop_last (PlanSwitch *sw)
{
  g_assert (sw->flow_offsets->len > 0);
  g_string_truncate (sw->flow_text,
                     g_array_index (sw->flow_offsets, gsize, sw->flow_offsets->len - 1));
  g_array_set_size (sw->flow_offsets, sw->flow_offsets->len - 1);
}

static inline const char *
flow_last (PlanSwitch *sw)
{
  return sw->flow_text->str + g_array_index (sw->flow_offsets, gsize, sw->flow_offsets->len - 1);
}

static inline void
flow_add (PlanSwitch *sw,
          const char *flow)
{
  put_str (flow_begin (sw), flow);
  flow_end (sw);
}

/* Points the flow array into the buffer, which no longer grows. */
static inline void
flows_seal (PlanSwitch *sw)
{
  g_ptr_array_set_size (sw->flows, 0);
  for (guint i = 0; i < sw->flow_offsets->len; i++)
    g_ptr_array_add (sw->flows, sw->flow_text->str + g_array_index (sw->flow_offsets, gsize, i));
}

/* Decimal without printf: formatting was a sixth of the compile time. */
static inline void
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

XnPlan       *_xn_plan_new                    (void);
void          _xn_plan_seal                   (XnPlan       *self);
XnPlanPort   *_xn_plan_port_new               (const char   *vif_uuid,
                                               const char   *domain_uuid,
                                               const char   *domain_name,
                                               const char   *switch_name,
                                               const char   *port_name,
                                               const char   *mac,
                                               const char   *ip,
                                               const char   *tag_name);
void          _xn_plan_port_free              (XnPlanPort   *port);
XnPlanDomain *_xn_plan_domain_new             (const char   *uuid,
                                               const char   *name,
                                               const char   *tag_name,
                                               const char   *profile_name,
                                               const char   *xl_config,
                                               gsize         xl_len);
PortFacts    *_xn_plan_port_facts_new         (gboolean      enabled,
                                               gboolean      whitelist);
void          _xn_plan_port_facts_free        (PortFacts    *facts);
PlanSwitch   *_xn_plan_switch_new             (const char   *name,
                                               const char   *uuid);
gboolean      _xn_plan_tags_conflict          (const XnPlan *plan,
                                               guint         a,
                                               guint         b);
void          _xn_compile_warn                (XnPlan       *plan,
                                               const char   *format,
                                               ...) G_GNUC_PRINTF (2, 3);
guint64       _xn_compile_port_name_into      (const char   *vif_uuid,
                                               char          out[16]);
void          _xn_compile_xl_switches_init    (Compiler     *c);
gboolean      _xn_compile_xl_config           (Compiler     *c,
                                               XnDomain     *domain,
                                               const char   *sec_label,
                                               GError      **error);
gboolean      _xn_compile_switches            (Compiler     *c,
                                               GPtrArray    *domains,
                                               GError      **error);

G_END_DECLS
