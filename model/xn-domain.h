/* xn-domain.h
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

#define XN_TYPE_DOMAIN (xn_domain_get_type ())

G_DECLARE_FINAL_TYPE (XnDomain, xn_domain, XN, DOMAIN, XnObject)

XnDomain     *xn_domain_new                (void);
XnDomainKind  xn_domain_get_kind           (XnDomain     *self);
void          xn_domain_set_kind           (XnDomain     *self,
                                            XnDomainKind  kind);
XnGuestType   xn_domain_get_guest_type     (XnDomain     *self);
void          xn_domain_set_guest_type     (XnDomain     *self,
                                            XnGuestType   guest_type);
const char   *xn_domain_get_sec_label_uuid (XnDomain     *self);
void          xn_domain_set_sec_label_uuid (XnDomain     *self,
                                            const char   *sec_label_uuid);
const char   *xn_domain_get_may_run_on     (XnDomain     *self);
void          xn_domain_set_may_run_on     (XnDomain     *self,
                                            const char   *may_run_on);
gboolean      xn_domain_may_run_on         (XnDomain     *self,
                                            const char   *host_uuid);
GStrv         xn_domain_dup_may_run_on_hosts (XnDomain   *self);
guint         xn_domain_get_memory         (XnDomain     *self);
void          xn_domain_set_memory         (XnDomain     *self,
                                            guint         memory);
guint         xn_domain_get_vcpus          (XnDomain     *self);
void          xn_domain_set_vcpus          (XnDomain     *self,
                                            guint         vcpus);
const char   *xn_domain_get_kernel         (XnDomain     *self);
void          xn_domain_set_kernel         (XnDomain     *self,
                                            const char   *kernel);
const char   *xn_domain_get_ramdisk        (XnDomain     *self);
void          xn_domain_set_ramdisk        (XnDomain     *self,
                                            const char   *ramdisk);
const char   *xn_domain_get_cmdline        (XnDomain     *self);
void          xn_domain_set_cmdline        (XnDomain     *self,
                                            const char   *cmdline);
gboolean      xn_domain_get_whitelist      (XnDomain     *self);
void          xn_domain_set_whitelist      (XnDomain     *self,
                                            gboolean      whitelist);
XnObjectList *xn_domain_get_vifs           (XnDomain     *self);
XnObjectList *xn_domain_get_disks          (XnDomain     *self);
XnObjectList *xn_domain_get_pci_devices    (XnDomain     *self);
XnObjectList *xn_domain_get_net_allow      (XnDomain     *self);
XnObjectList *xn_domain_get_xl_extra       (XnDomain     *self);
XnSecLabel   *xn_domain_get_sec_label      (XnDomain     *self);
XnEnclave    *xn_domain_get_enclave        (XnDomain     *self);
XnHost       *xn_domain_get_host           (XnDomain     *self);
gboolean      xn_domain_is_domain0         (XnDomain     *self);

G_END_DECLS
