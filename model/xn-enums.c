/* xn-enums.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * The document's enumerations, registered by hand so that each value's nick
 * is exactly the text the XML format uses: the reader and writer convert
 * through the nicks and nothing else.
 */

#define G_LOG_DOMAIN "xn-enums"

#include "config.h"

#include "xn-enums.h"

#define DEFINE_ENUM(TypeName, type_name, ...)                                  \
  GType                                                                       \
  type_name##_get_type (void)                                                 \
  {                                                                           \
    static gsize type_id;                                                     \
                                                                              \
    if (g_once_init_enter (&type_id))                                         \
      {                                                                       \
        static const GEnumValue values[] = { __VA_ARGS__, { 0, NULL, NULL } }; \
        GType id = g_enum_register_static (g_intern_static_string (#TypeName), values); \
                                                                              \
        g_once_init_leave (&type_id, id);                                     \
      }                                                                       \
                                                                              \
    return type_id;                                                           \
  }

DEFINE_ENUM (XnGuestType, xn_guest_type,
             { XN_GUEST_TYPE_PV, "XN_GUEST_TYPE_PV", "pv" },
             { XN_GUEST_TYPE_PVH, "XN_GUEST_TYPE_PVH", "pvh" },
             { XN_GUEST_TYPE_HVM, "XN_GUEST_TYPE_HVM", "hvm" },
             { XN_GUEST_TYPE_ANY, "XN_GUEST_TYPE_ANY", "any" })

DEFINE_ENUM (XnPrivilege, xn_privilege,
             { XN_PRIVILEGE_REGULAR, "XN_PRIVILEGE_REGULAR", "regular" },
             { XN_PRIVILEGE_MANAGEMENT, "XN_PRIVILEGE_MANAGEMENT", "management" },
             { XN_PRIVILEGE_SECURITY, "XN_PRIVILEGE_SECURITY", "security" })

DEFINE_ENUM (XnViolationAction, xn_violation_action,
             { XN_VIOLATION_ACTION_LOG, "XN_VIOLATION_ACTION_LOG", "log" },
             { XN_VIOLATION_ACTION_PAUSE, "XN_VIOLATION_ACTION_PAUSE", "pause" },
             { XN_VIOLATION_ACTION_DESTROY, "XN_VIOLATION_ACTION_DESTROY", "destroy" })

DEFINE_ENUM (XnDomainKind, xn_domain_kind,
             { XN_DOMAIN_KIND_ROOT, "XN_DOMAIN_KIND_ROOT", "root" },
             { XN_DOMAIN_KIND_SERVICE, "XN_DOMAIN_KIND_SERVICE", "service" },
             { XN_DOMAIN_KIND_USER, "XN_DOMAIN_KIND_USER", "user" })

DEFINE_ENUM (XnDeviceCategory, xn_device_category,
             { XN_DEVICE_CATEGORY_NETWORK, "XN_DEVICE_CATEGORY_NETWORK", "network" },
             { XN_DEVICE_CATEGORY_STORAGE, "XN_DEVICE_CATEGORY_STORAGE", "storage" },
             { XN_DEVICE_CATEGORY_USB, "XN_DEVICE_CATEGORY_USB", "usb" },
             { XN_DEVICE_CATEGORY_DISPLAY, "XN_DEVICE_CATEGORY_DISPLAY", "display" },
             { XN_DEVICE_CATEGORY_OTHER, "XN_DEVICE_CATEGORY_OTHER", "other" })

/**
 * xn_enum_to_nick:
 * @enum_type: one of the XN_TYPE_* enum types
 * @value: a value of it
 *
 * Returns: (transfer none) (nullable): the XML text of @value, or %NULL if
 *   @value is not a member
 */
const char *
xn_enum_to_nick (GType enum_type,
                 int   value)
{
  GEnumClass *klass;
  GEnumValue *ev;

  g_return_val_if_fail (G_TYPE_IS_ENUM (enum_type), NULL);

  /* Classes of static types are never freed: keep the first reference. */
  klass = g_type_class_peek (enum_type);
  if (klass == NULL)
    klass = g_type_class_ref (enum_type);
  ev = g_enum_get_value (klass, value);

  return ev != NULL ? ev->value_nick : NULL;
}

/**
 * xn_enum_from_nick:
 * @enum_type: one of the XN_TYPE_* enum types
 * @nick: (nullable): XML text
 * @value: (out): where to put the value
 *
 * Returns: %TRUE if @nick names a member of @enum_type
 */
gboolean
xn_enum_from_nick (GType       enum_type,
                   const char *nick,
                   int        *value)
{
  GEnumClass *klass;
  GEnumValue *ev;

  g_return_val_if_fail (G_TYPE_IS_ENUM (enum_type), FALSE);

  if (nick == NULL)
    return FALSE;

  klass = g_type_class_peek (enum_type);
  if (klass == NULL)
    klass = g_type_class_ref (enum_type);
  ev = g_enum_get_value_by_nick (klass, nick);
  if (ev == NULL)
    return FALSE;

  *value = ev->value;
  return TRUE;
}
