/* xn-plan-diff.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib-object.h>

#include "xn-compile.h"

G_BEGIN_DECLS

/**
 * XnPlanDiffSwitch:
 * @name: the switch
 * @added: (element-type utf8): flows (without cookie) only the new plan has
 * @removed: (element-type utf8): flows only the old plan has
 * @groups_changed: whether the flooding groups differ
 *
 * What changes on one switch.
 */
typedef struct
{
  char      *name;
  GPtrArray *added;
  GPtrArray *removed;
  gboolean   groups_changed;
} XnPlanDiffSwitch;

typedef struct _XnPlanDiff XnPlanDiff;

#define XN_TYPE_PLAN_DIFF (xn_plan_diff_get_type ())

GType                   xn_plan_diff_get_type            (void) G_GNUC_CONST;
XnPlanDiff             *xn_plan_diff                     (XnPlan             *old_plan,
                                                          XnPlan             *new_plan,
                                                          const char * const *running_domain_uuids);
XnPlanDiff             *xn_plan_diff_ref                 (XnPlanDiff         *self);
void                    xn_plan_diff_unref               (XnPlanDiff         *self);
guint                   xn_plan_diff_get_n_switches      (XnPlanDiff         *self);
const XnPlanDiffSwitch *xn_plan_diff_get_switch          (XnPlanDiff         *self,
                                                          guint               index);
const char * const     *xn_plan_diff_get_added_domains   (XnPlanDiff         *self);
const char * const     *xn_plan_diff_get_removed_domains (XnPlanDiff         *self);
const char * const     *xn_plan_diff_get_changed_domains (XnPlanDiff         *self);
const char * const     *xn_plan_diff_get_changes         (XnPlanDiff         *self);
const char * const     *xn_plan_diff_get_breaches        (XnPlanDiff         *self);
gboolean                xn_plan_diff_has_breaches        (XnPlanDiff         *self);
gboolean                xn_plan_diff_is_empty            (XnPlanDiff         *self);
char                   *xn_plan_diff_format              (XnPlanDiff         *self);
char                   *xn_plan_diff_format_full         (XnPlanDiff         *self,
                                                          gboolean            applied);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (XnPlanDiff, xn_plan_diff_unref)

G_END_DECLS
