/* xn-net-allow.h
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

#define XN_TYPE_NET_ALLOW (xn_net_allow_get_type ())

G_DECLARE_FINAL_TYPE (XnNetAllow, xn_net_allow, XN, NET_ALLOW, XnObject)

XnNetAllow *xn_net_allow_new         (void);
const char *xn_net_allow_get_address (XnNetAllow *self);
void        xn_net_allow_set_address (XnNetAllow *self,
                                      const char *address);
const char *xn_net_allow_get_proto   (XnNetAllow *self);
void        xn_net_allow_set_proto   (XnNetAllow *self,
                                      const char *proto);
guint       xn_net_allow_get_port    (XnNetAllow *self);
void        xn_net_allow_set_port    (XnNetAllow *self,
                                      guint       port);
gboolean    xn_net_address_is_valid  (const char *text);

G_END_DECLS
