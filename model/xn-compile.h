/* xn-compile.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib-object.h>

#include "xn-types.h"

G_BEGIN_DECLS

#define XN_COMPILE_ERROR (xn_compile_error_quark ())

/**
 * XnCompileError:
 * @XN_COMPILE_ERROR_UNKNOWN_HOST: no host of that name in the policy
 * @XN_COMPILE_ERROR_HYPERCALL: a profile names a hypercall Xen 4.17 lacks
 * @XN_COMPILE_ERROR_SUBOP: a sub-op list is malformed or out of 0–127
 * @XN_COMPILE_ERROR_REFERENCE: a domain lacks its secLabel, tag or profile
 * @XN_COMPILE_ERROR_ADDRESS: a MAC, IP address or subnet does not parse
 * @XN_COMPILE_ERROR_LIMIT: more domains, profiles, tags or ports than the
 *   guard blob or a switch can hold
 * @XN_COMPILE_ERROR_BLOB: the guard writer refused the result
 * @XN_COMPILE_ERROR_VALUE: a name or path cannot be written into an `xl`
 *   configuration or a flow safely (quotes, commas, control characters)
 * @XN_COMPILE_ERROR_PARSE: a serialised plan does not parse
 *
 * Why a policy could not be compiled.
 */
typedef enum
{
  XN_COMPILE_ERROR_UNKNOWN_HOST,
  XN_COMPILE_ERROR_HYPERCALL,
  XN_COMPILE_ERROR_SUBOP,
  XN_COMPILE_ERROR_REFERENCE,
  XN_COMPILE_ERROR_ADDRESS,
  XN_COMPILE_ERROR_LIMIT,
  XN_COMPILE_ERROR_BLOB,
  XN_COMPILE_ERROR_VALUE,
  XN_COMPILE_ERROR_PARSE,
} XnCompileError;

/* Registers and port limits of the flow design (docs/FLOWS.md). */
#define XN_PLAN_OFPORT_MAX 65279
/* The bridge's own (internal) port, where a Domain-0-driven switch's
 * address lives: OpenFlow's OFPP_LOCAL. */
#define XN_PLAN_OFPORT_LOCAL 0xfffe

typedef struct _XnPlan XnPlan;

/**
 * XnPlanPort:
 * @vif_uuid: the VIF's UUID
 * @domain_uuid: the UUID of the domain owning the VIF
 * @domain_name: that domain's name
 * @switch_name: the bridge (netSwitch name) the port joins
 * @port_name: the stable interface name the daemon gives the port
 *   ("xn" and 13 hex digits of a hash of the VIF UUID: fits IFNAMSIZ)
 * @ofport: the OpenFlow port number (ofport_request), 1..65279, or
 *   %XN_PLAN_OFPORT_LOCAL for the bridge's own port (port name "LOCAL")
 * @mac: the VIF's MAC address (lower case)
 * @ip: the VIF's IPv4 address, or %NULL
 * @tag: the dense tag index used in registers and group ids (0: none)
 * @tag_name: the tag's name, or %NULL
 * @enclave: the dense enclave index (0: none)
 * @forwarding: whether the port has flows (enabled and addressed)
 *
 * One VIF port of a switch. Read only.
 */
typedef struct
{
  char    *vif_uuid;
  char    *domain_uuid;
  char    *domain_name;
  char    *switch_name;
  char    *port_name;
  guint    ofport;
  char    *mac;
  char    *ip;
  guint    tag;
  char    *tag_name;
  guint    enclave;
  gboolean forwarding;
} XnPlanPort;

/**
 * XnPlanDomain:
 * @uuid: the domain's UUID
 * @name: its name
 * @tag_name: its tag's name, or %NULL for an untagged root domain
 * @tag: the guard's tag index, or G_MAXUINT for none
 * @profile_name: its hypercall profile
 * @profile: the profile's index in the guard blob
 * @max_violations: violations tolerated before @action (0: unlimited)
 * @action: what happens past @max_violations (an #XnViolationAction)
 * @xl_config: the domain's `xl` configuration file
 *
 * One domain of the host as the plan enforces it. Read only.
 */
typedef struct
{
  char  *uuid;
  char  *name;
  char  *tag_name;
  guint  tag;
  char  *profile_name;
  guint  profile;
  guint  max_violations;
  int    action;
  char  *xl_config;
} XnPlanDomain;

/**
 * XnPlanExclusion:
 * @tag_a: one tag's name
 * @tag_b: the other tag's name
 * @conflict_name: the conflict (allowSimultaneous=false) naming both
 *
 * Domains tagged @tag_a and @tag_b may not run at the same time.
 */
typedef struct
{
  char *tag_a;
  char *tag_b;
  char *conflict_name;
} XnPlanExclusion;

/**
 * XnPairReason:
 * @XN_PAIR_OPEN: may talk: nothing in the flows stands between them
 * @XN_PAIR_WHITELISTED: may talk: the source's whitelist lists the
 *   destination for every protocol
 * @XN_PAIR_WHITELIST_LIMITED: may talk, but only as one of the source's
 *   whitelist entries allows (a protocol, maybe a port)
 * @XN_PAIR_SRC_DISABLED: dropped: the source VIF is disabled
 * @XN_PAIR_SRC_NO_ADDRESS: dropped: the source VIF has no IP address
 * @XN_PAIR_DST_DISABLED: dropped: the destination VIF is disabled
 * @XN_PAIR_DST_NO_ADDRESS: dropped: the destination VIF has no IP address
 * @XN_PAIR_CONFLICT: dropped: a conflict names both ports' tags
 * @XN_PAIR_WHITELIST_EXCLUDES: dropped: the source has a whitelist and no
 *   entry covers the destination's address
 *
 * Why the flows of a switch let unicast IPv4 from one port reach another,
 * or drop it; the allowing values come first, so a reason is an allow
 * exactly when it is at most %XN_PAIR_WHITELIST_LIMITED.
 */
typedef enum
{
  XN_PAIR_OPEN,
  XN_PAIR_WHITELISTED,
  XN_PAIR_WHITELIST_LIMITED,
  XN_PAIR_SRC_DISABLED,
  XN_PAIR_SRC_NO_ADDRESS,
  XN_PAIR_DST_DISABLED,
  XN_PAIR_DST_NO_ADDRESS,
  XN_PAIR_CONFLICT,
  XN_PAIR_WHITELIST_EXCLUDES,
} XnPairReason;

/* Whether reason @r lets the pair talk (the allowing values come first). */
#define XN_PAIR_REASON_ALLOWS(r) ((r) <= XN_PAIR_WHITELIST_LIMITED)

/**
 * XnPairVerdict:
 * @reason: what decides the pair
 * @conflict_name: for %XN_PAIR_CONFLICT, the first conflict naming both
 *   tags; else %NULL
 * @proto: for %XN_PAIR_WHITELIST_LIMITED, the protocol of the first
 *   whitelist entry covering the destination ("tcp", "udp" or "icmp");
 *   else %NULL
 * @port: with @proto, that entry's port (0: any)
 *
 * What xn_plan_decide_pair() found. The strings belong to the plan.
 */
typedef struct
{
  XnPairReason  reason;
  const char   *conflict_name;
  const char   *proto;
  guint         port;
} XnPairVerdict;

#define XN_TYPE_PLAN (xn_plan_get_type ())

GQuark              xn_compile_error_quark          (void);
GType               xn_plan_get_type                (void) G_GNUC_CONST;

XnPlan             *xn_compile                      (XnPolicy     *policy,
                                                     const char   *host_name,
                                                     GError      **error);
XnPlan             *xn_plan_ref                     (XnPlan       *self);
void                xn_plan_unref                   (XnPlan       *self);

guint64             xn_plan_get_serial              (XnPlan       *self);
const char         *xn_plan_get_host_name           (XnPlan       *self);
GBytes             *xn_plan_get_blob                (XnPlan       *self);
guint               xn_plan_get_n_domains           (XnPlan       *self);
const XnPlanDomain *xn_plan_get_domain              (XnPlan       *self,
                                                     guint         index);
const XnPlanDomain *xn_plan_find_domain             (XnPlan       *self,
                                                     const char   *uuid);
const char * const *xn_plan_get_tag_names           (XnPlan       *self);
guint               xn_plan_get_n_exclusions        (XnPlan       *self);
const XnPlanExclusion *xn_plan_get_exclusion        (XnPlan       *self,
                                                     guint         index);
gboolean            xn_plan_tags_exclusive          (XnPlan       *self,
                                                     const char   *tag_a,
                                                     const char   *tag_b);
guint               xn_plan_get_n_switches          (XnPlan       *self);
const char         *xn_plan_get_switch_name         (XnPlan       *self,
                                                     guint         index);
const char         *xn_plan_get_switch_driver       (XnPlan       *self,
                                                     guint         index);
const XnPlanPort   *xn_plan_get_switch_local        (XnPlan       *self,
                                                     guint         index,
                                                     guint        *prefix_len);
GPtrArray          *xn_plan_get_flows               (XnPlan       *self,
                                                     const char   *switch_name);
GPtrArray          *xn_plan_get_groups              (XnPlan       *self,
                                                     const char   *switch_name);
GPtrArray          *xn_plan_get_ports               (XnPlan       *self,
                                                     const char   *switch_name);
char               *xn_plan_dup_flows_text          (XnPlan       *self,
                                                     const char   *switch_name);
char               *xn_plan_dup_groups_text         (XnPlan       *self,
                                                     const char   *switch_name);
char               *xn_plan_dup_ports_text          (XnPlan       *self,
                                                     const char   *switch_name);
gboolean            xn_plan_decide_pair             (XnPlan       *self,
                                                     const char   *switch_name,
                                                     guint         src,
                                                     guint         dst,
                                                     XnPairVerdict *verdict);
guint               xn_plan_get_n_flows             (XnPlan       *self);
const char * const *xn_plan_get_warnings            (XnPlan       *self);
char               *xn_plan_format                  (XnPlan       *self);
GBytes             *xn_plan_serialize               (XnPlan       *self);
GBytes             *xn_plan_serialize_switches      (XnPlan       *self,
                                                     const char   *driver);
XnPlan             *xn_plan_deserialize             (GBytes       *bytes,
                                                     GError      **error);


G_DEFINE_AUTOPTR_CLEANUP_FUNC (XnPlan, xn_plan_unref)

G_END_DECLS
