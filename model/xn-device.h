/* xn-device.h
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

#define XN_TYPE_DEVICE (xn_device_get_type ())

G_DECLARE_FINAL_TYPE (XnDevice, xn_device, XN, DEVICE, XnObject)

XnDevice     *xn_device_new              (void);
const char   *xn_device_get_bdf          (XnDevice      *self);
void          xn_device_set_bdf          (XnDevice      *self,
                                          const char    *bdf);
XnDeviceCategory xn_device_get_device_class (XnDevice      *self);
void          xn_device_set_device_class (XnDevice      *self,
                                          XnDeviceCategory  device_class);
const char   *xn_device_get_vendor_id    (XnDevice      *self);
void          xn_device_set_vendor_id    (XnDevice      *self,
                                          const char    *vendor_id);
const char   *xn_device_get_device_id    (XnDevice      *self);
void          xn_device_set_device_id    (XnDevice      *self,
                                          const char    *device_id);
const char   *xn_device_get_ifname       (XnDevice      *self);
void          xn_device_set_ifname       (XnDevice      *self,
                                          const char    *ifname);
const char   *xn_device_get_mac          (XnDevice      *self);
void          xn_device_set_mac          (XnDevice      *self,
                                          const char    *mac);
XnEnclave    *xn_device_get_enclave      (XnDevice      *self);

G_END_DECLS
