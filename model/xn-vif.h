/* xn-vif.h
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

#define XN_TYPE_VIF (xn_vif_get_type ())

G_DECLARE_FINAL_TYPE (XnVif, xn_vif, XN, VIF, XnObject)

XnVif       *xn_vif_new                 (void);
const char  *xn_vif_get_net_switch_uuid (XnVif      *self);
void         xn_vif_set_net_switch_uuid (XnVif      *self,
                                         const char *net_switch_uuid);
const char  *xn_vif_get_mac             (XnVif      *self);
void         xn_vif_set_mac             (XnVif      *self,
                                         const char *mac);
const char  *xn_vif_get_ip              (XnVif      *self);
void         xn_vif_set_ip              (XnVif      *self,
                                         const char *ip);
gboolean     xn_vif_get_enabled         (XnVif      *self);
void         xn_vif_set_enabled         (XnVif      *self,
                                         gboolean    enabled);
XnNetSwitch *xn_vif_get_net_switch      (XnVif      *self);
XnDomain    *xn_vif_get_domain          (XnVif      *self);

G_END_DECLS
