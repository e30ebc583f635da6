/* xn-hypercall-rule.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "xn-object-list.h"
#include "xn-enums.h"
#include "xn-types.h"

G_BEGIN_DECLS

/**
 * XN_N_HYPERCALLS:
 *
 * Hypercall numbers run from 0 to XN_N_HYPERCALLS − 1.
 */
#define XN_N_HYPERCALLS 64

#define XN_TYPE_HYPERCALL_RULE (xn_hypercall_rule_get_type ())

G_DECLARE_FINAL_TYPE (XnHypercallRule, xn_hypercall_rule, XN, HYPERCALL_RULE, XnObject)

XnHypercallRule *xn_hypercall_rule_new        (const char      *name,
                                               const char      *subops);
const char      *xn_hypercall_rule_get_subops (XnHypercallRule *self);
void             xn_hypercall_rule_set_subops (XnHypercallRule *self,
                                               const char      *subops);

const char      *xn_hypercall_get_name        (guint            number);

G_END_DECLS
