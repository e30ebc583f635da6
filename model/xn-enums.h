/* xn-enums.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * XnGuestType:
 * @XN_GUEST_TYPE_PV: paravirtualised guest (`pv`)
 * @XN_GUEST_TYPE_PVH: PVH guest (`pvh`)
 * @XN_GUEST_TYPE_HVM: fully virtualised guest (`hvm`)
 * @XN_GUEST_TYPE_ANY: any guest type; only for profiles (`any`)
 *
 * Virtualisation mode. The value nicks are the XML text.
 */
typedef enum
{
  XN_GUEST_TYPE_PV,
  XN_GUEST_TYPE_PVH,
  XN_GUEST_TYPE_HVM,
  XN_GUEST_TYPE_ANY,
} XnGuestType;

/**
 * XnPrivilege:
 * @XN_PRIVILEGE_REGULAR: regular hypercalls only (`regular`)
 * @XN_PRIVILEGE_MANAGEMENT: management-privileged hypercalls, mainly
 *   Domain-0 (`management`)
 * @XN_PRIVILEGE_SECURITY: security-privileged hypercalls, e.g. VM
 *   introspection (`security`)
 *
 * Hypercall privilege level of a profile.
 */
typedef enum
{
  XN_PRIVILEGE_REGULAR,
  XN_PRIVILEGE_MANAGEMENT,
  XN_PRIVILEGE_SECURITY,
} XnPrivilege;

/**
 * XnViolationAction:
 * @XN_VIOLATION_ACTION_LOG: only log (`log`)
 * @XN_VIOLATION_ACTION_PAUSE: pause the domain (`pause`)
 * @XN_VIOLATION_ACTION_DESTROY: destroy the domain (`destroy`)
 *
 * What happens when a domain exceeds its profile's maximum of violations.
 */
typedef enum
{
  XN_VIOLATION_ACTION_LOG,
  XN_VIOLATION_ACTION_PAUSE,
  XN_VIOLATION_ACTION_DESTROY,
} XnViolationAction;

/**
 * XnDomainKind:
 * @XN_DOMAIN_KIND_ROOT: a root domain such as Domain-0 (`root`)
 * @XN_DOMAIN_KIND_SERVICE: a service domain of an enclave (`service`)
 * @XN_DOMAIN_KIND_USER: a user domain of an enclave (`user`)
 *
 * The role of a domain.
 */
typedef enum
{
  XN_DOMAIN_KIND_ROOT,
  XN_DOMAIN_KIND_SERVICE,
  XN_DOMAIN_KIND_USER,
} XnDomainKind;

/**
 * XnDeviceCategory:
 * @XN_DEVICE_CATEGORY_NETWORK: network controller (`network`)
 * @XN_DEVICE_CATEGORY_STORAGE: storage controller (`storage`)
 * @XN_DEVICE_CATEGORY_USB: USB controller (`usb`)
 * @XN_DEVICE_CATEGORY_DISPLAY: display controller (`display`)
 * @XN_DEVICE_CATEGORY_OTHER: anything else (`other`)
 *
 * Class of a PCI device. (Not `XnDeviceClass`: that name is the class
 * struct of #XnDevice.)
 */
typedef enum
{
  XN_DEVICE_CATEGORY_NETWORK,
  XN_DEVICE_CATEGORY_STORAGE,
  XN_DEVICE_CATEGORY_USB,
  XN_DEVICE_CATEGORY_DISPLAY,
  XN_DEVICE_CATEGORY_OTHER,
} XnDeviceCategory;

#define XN_TYPE_GUEST_TYPE       (xn_guest_type_get_type ())
#define XN_TYPE_PRIVILEGE        (xn_privilege_get_type ())
#define XN_TYPE_VIOLATION_ACTION (xn_violation_action_get_type ())
#define XN_TYPE_DOMAIN_KIND      (xn_domain_kind_get_type ())
#define XN_TYPE_DEVICE_CATEGORY     (xn_device_category_get_type ())

GType       xn_guest_type_get_type       (void) G_GNUC_CONST;
GType       xn_privilege_get_type        (void) G_GNUC_CONST;
GType       xn_violation_action_get_type (void) G_GNUC_CONST;
GType       xn_domain_kind_get_type      (void) G_GNUC_CONST;
GType       xn_device_category_get_type     (void) G_GNUC_CONST;

const char *xn_enum_to_nick              (GType       enum_type,
                                          int         value);
gboolean    xn_enum_from_nick            (GType       enum_type,
                                          const char *nick,
                                          int        *value);

G_END_DECLS
