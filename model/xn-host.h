/* xn-host.h
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

#define XN_TYPE_HOST (xn_host_get_type ())

G_DECLARE_FINAL_TYPE (XnHost, xn_host, XN, HOST, XnObject)

XnHost       *xn_host_new                     (void);
const char   *xn_host_get_address             (XnHost     *self);
void          xn_host_set_address             (XnHost     *self,
                                               const char *address);
guint         xn_host_get_ssh_port            (XnHost     *self);
void          xn_host_set_ssh_port            (XnHost     *self,
                                               guint       ssh_port);
const char   *xn_host_get_host_key            (XnHost     *self);
void          xn_host_set_host_key            (XnHost     *self,
                                               const char *host_key);
XnObjectList *xn_host_get_hardware            (XnHost     *self);
XnObjectList *xn_host_get_root_domains        (XnHost     *self);
XnObjectList *xn_host_get_enclaves            (XnHost     *self);
XnObjectList *xn_host_get_net_switches        (XnHost     *self);
XnObjectList *xn_host_get_storage_locations   (XnHost     *self);
XnDomain     *xn_host_get_domain0             (XnHost     *self);
XnDomain     *xn_host_ensure_domain0          (XnHost     *self);
XnDomain     *xn_host_find_domain_by_name     (XnHost     *self,
                                               const char *name);
XnEnclave    *xn_host_find_enclave_by_name    (XnHost     *self,
                                               const char *name);
XnDevice     *xn_host_find_device_by_name     (XnHost     *self,
                                               const char *name);
XnNetSwitch  *xn_host_find_net_switch_by_name (XnHost     *self,
                                               const char *name);
GPtrArray    *xn_host_dup_domains             (XnHost     *self);

G_END_DECLS
