/* xn-learn.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "xn-command.h"
#include "xn-profile.h"

G_BEGIN_DECLS

/**
 * XnObservedCall:
 * @hcall: hypercall number
 * @subop: sub-op as the guard read it (normalised as Xen dispatches it)
 * @count: how many times it was recorded
 *
 * One hypercall a domain issued outside its profile, as the daemon's
 * violation log holds it (GetObservedHypercalls).
 */
typedef struct
{
  guint   hcall;
  guint64 subop;
  guint64 count;
} XnObservedCall;

XnProfile *xn_profile_learn             (XnProfile            *base,
                                         const XnObservedCall *calls,
                                         gsize                 n_calls,
                                         GPtrArray            *changes);
XnCommand *xn_profile_learn_command_new (XnProfile            *target,
                                         XnProfile            *learned);

G_END_DECLS
