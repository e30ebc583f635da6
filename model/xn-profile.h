/* xn-profile.h
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

#define XN_TYPE_PROFILE (xn_profile_get_type ())

G_DECLARE_FINAL_TYPE (XnProfile, xn_profile, XN, PROFILE, XnObject)

XnProfile        *xn_profile_new                  (void);
XnGuestType       xn_profile_get_guest_type       (XnProfile         *self);
void              xn_profile_set_guest_type       (XnProfile         *self,
                                                   XnGuestType        guest_type);
XnPrivilege       xn_profile_get_privilege        (XnProfile         *self);
void              xn_profile_set_privilege        (XnProfile         *self,
                                                   XnPrivilege        privilege);
guint             xn_profile_get_max_violations   (XnProfile         *self);
void              xn_profile_set_max_violations   (XnProfile         *self,
                                                   guint              max_violations);
XnViolationAction xn_profile_get_violation_action (XnProfile         *self);
void              xn_profile_set_violation_action (XnProfile         *self,
                                                   XnViolationAction  violation_action);
guint             xn_profile_get_rate_hmax        (XnProfile         *self);
void              xn_profile_set_rate_hmax        (XnProfile         *self,
                                                   guint              rate_hmax);
guint             xn_profile_get_rate_burst       (XnProfile         *self);
void              xn_profile_set_rate_burst       (XnProfile         *self,
                                                   guint              rate_burst);
gboolean          xn_profile_get_learning         (XnProfile         *self);
void              xn_profile_set_learning         (XnProfile         *self,
                                                   gboolean           learning);
XnObjectList     *xn_profile_get_hypercalls       (XnProfile         *self);
XnHypercallRule  *xn_profile_find_hypercall       (XnProfile         *self,
                                                   const char        *name);

G_END_DECLS
