/* xn-hardware.h: a host's PCI devices as the daemon reports them
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "xn-command.h"
#include "xn-device.h"
#include "xn-host.h"

G_BEGIN_DECLS

#define XN_HARDWARE_ERROR (xn_hardware_error_quark ())

/**
 * XnHardwareError:
 * @XN_HARDWARE_ERROR_INVALID: a device description is not one the policy
 *   document could hold (the message names the device and the field)
 */
typedef enum
{
  XN_HARDWARE_ERROR_INVALID,
} XnHardwareError;

GQuark     xn_hardware_error_quark  (void);
GVariant  *xn_device_to_vardict     (XnDevice  *device);
GPtrArray *xn_hardware_from_variant (GVariant  *devices,
                                     GError   **error);
XnCommand *xn_host_import_hardware  (XnHost    *host,
                                     GVariant  *devices,
                                     guint     *n_added,
                                     guint     *n_known,
                                     GError   **error);

G_END_DECLS
