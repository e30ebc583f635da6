/* xn-enclave.h
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

#define XN_TYPE_ENCLAVE (xn_enclave_get_type ())

G_DECLARE_FINAL_TYPE (XnEnclave, xn_enclave, XN, ENCLAVE, XnObject)

XnEnclave    *xn_enclave_new                   (void);
const char   *xn_enclave_get_tag_uuid          (XnEnclave  *self);
void          xn_enclave_set_tag_uuid          (XnEnclave  *self,
                                                const char *tag_uuid);
XnObjectList *xn_enclave_get_assigned_hardware (XnEnclave  *self);
XnObjectList *xn_enclave_get_domains           (XnEnclave  *self);
XnTag        *xn_enclave_get_tag               (XnEnclave  *self);

G_END_DECLS
