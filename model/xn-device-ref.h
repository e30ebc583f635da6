/* xn-device-ref.h
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

#define XN_TYPE_DEVICE_REF (xn_device_ref_get_type ())

G_DECLARE_FINAL_TYPE (XnDeviceRef, xn_device_ref, XN, DEVICE_REF, XnObject)

XnDeviceRef *xn_device_ref_new             (const char  *device_uuid);
const char  *xn_device_ref_get_device_uuid (XnDeviceRef *self);
void         xn_device_ref_set_device_uuid (XnDeviceRef *self,
                                            const char  *device_uuid);
XnDevice    *xn_device_ref_get_device      (XnDeviceRef *self);

G_END_DECLS
