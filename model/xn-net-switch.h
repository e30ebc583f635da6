/* xn-net-switch.h
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

#define XN_TYPE_NET_SWITCH (xn_net_switch_get_type ())

G_DECLARE_FINAL_TYPE (XnNetSwitch, xn_net_switch, XN, NET_SWITCH, XnObject)

XnNetSwitch *xn_net_switch_new                    (void);
const char  *xn_net_switch_get_driver_domain_uuid (XnNetSwitch *self);
void         xn_net_switch_set_driver_domain_uuid (XnNetSwitch *self,
                                                   const char  *driver_domain_uuid);
const char  *xn_net_switch_get_address            (XnNetSwitch *self);
void         xn_net_switch_set_address            (XnNetSwitch *self,
                                                   const char  *address);
const char  *xn_net_switch_get_netmask            (XnNetSwitch *self);
void         xn_net_switch_set_netmask            (XnNetSwitch *self,
                                                   const char  *netmask);
XnDomain    *xn_net_switch_get_driver_domain      (XnNetSwitch *self);
gboolean     xn_net_switch_name_is_valid          (const char  *name);
GListModel  *xn_net_switch_dup_vifs               (XnNetSwitch *self);

G_END_DECLS
