/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xng-names.h: what the control domain's side adds to the guard core:
 * Xen 4.17's names for the numbers the guard records, and texts for its
 * verdicts and return codes.  Not part of the hypervisor, which logs
 * numbers: dom0 names them.
 */

#ifndef XNG_NAMES_H
#define XNG_NAMES_H

#include "xng-guard.h"

/*
 * Xen 4.17 names.  Names are the identifiers of the public headers
 * without their prefix (17: "xen_version"; XENMEM_memory_map:
 * "memory_map").  A label is the text shown to people, the name unless
 * the seed's wording differs (SCHEDOP_shutdown: "shut down").
 */
const char *xng_hypercall_name(unsigned int hcall);     /* NULL: unknown */
int xng_hypercall_by_name(const char *name);            /* -1: unknown */
bool xng_hypercall_is_multiplexed(unsigned int hcall);
/* For a legacy hypercall (XNG_HCALLS_LEGACY), the one a guest calls
 * instead (16: 32, event_channel_op); -1 for any other. */
int xng_legacy_successor(unsigned int hcall);
const char *xng_subop_name(unsigned int hcall, uint64_t op);
const char *xng_subop_label(unsigned int hcall, uint64_t op);
/* Accepts a name or a label; -1 if unknown. */
int xng_subop_by_name(unsigned int hcall, const char *name);

/* "hypercall violation", "hypercall rate exceeded", ... */
const char *xng_verdict_reason(enum xng_verdict v);

/*
 * The Info text of a violation, as the seed's log shows it:
 * "hcall=17(xen_version), cmd=1(extraversion)" or "hmax=10, hrate=16".
 * Writes at most @len bytes including the NUL (when @len > 0) and
 * returns the length of the whole text, like snprintf().
 */
size_t xng_format_violation(const struct xng_violation *v, char *buf,
                            size_t len);

/* A static, human-readable name for a return code of the core. */
const char *xng_strerror(int code);

#endif /* XNG_NAMES_H */
