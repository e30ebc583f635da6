/* xn-device.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * XnDevice is one PCI device of a host's hardware inventory.
 */

#define G_LOG_DOMAIN "xn-device"

#include "config.h"

#include "xn-device.h"
#include "xn-model-private.h"

G_DEFINE_FINAL_TYPE (XnDevice, xn_device, XN_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BDF,
  PROP_DEVICE_CLASS,
  PROP_VENDOR_ID,
  PROP_DEVICE_ID,
  PROP_IFNAME,
  PROP_MAC,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
xn_device_finalize (GObject *object)
{
  XnDevice *self = XN_DEVICE (object);

  g_clear_pointer (&self->bdf, g_free);
  g_clear_pointer (&self->vendor_id, g_free);
  g_clear_pointer (&self->device_id, g_free);
  g_clear_pointer (&self->ifname, g_free);
  g_clear_pointer (&self->mac, g_free);

  G_OBJECT_CLASS (xn_device_parent_class)->finalize (object);
}

static void
xn_device_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  XnDevice *self = XN_DEVICE (object);

  switch (prop_id)
    {
    case PROP_BDF:
      g_value_set_string (value, self->bdf);
      break;

    case PROP_DEVICE_CLASS:
      g_value_set_enum (value, self->device_class);
      break;

    case PROP_VENDOR_ID:
      g_value_set_string (value, self->vendor_id);
      break;

    case PROP_DEVICE_ID:
      g_value_set_string (value, self->device_id);
      break;

    case PROP_IFNAME:
      g_value_set_string (value, self->ifname);
      break;

    case PROP_MAC:
      g_value_set_string (value, self->mac);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_device_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  XnDevice *self = XN_DEVICE (object);

  switch (prop_id)
    {
    case PROP_BDF:
      xn_device_set_bdf (self, g_value_get_string (value));
      break;

    case PROP_DEVICE_CLASS:
      xn_device_set_device_class (self, g_value_get_enum (value));
      break;

    case PROP_VENDOR_ID:
      xn_device_set_vendor_id (self, g_value_get_string (value));
      break;

    case PROP_DEVICE_ID:
      xn_device_set_device_id (self, g_value_get_string (value));
      break;

    case PROP_IFNAME:
      xn_device_set_ifname (self, g_value_get_string (value));
      break;

    case PROP_MAC:
      xn_device_set_mac (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_device_class_init (XnDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = xn_device_finalize;
  object_class->get_property = xn_device_get_property;
  object_class->set_property = xn_device_set_property;

  /**
   * XnDevice:bdf:
   *
   * PCI address, `0000:06:00.0`.
   */
  properties [PROP_BDF] =
    g_param_spec_string ("bdf", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnDevice:device-class:
   *
   * What kind of device it is.
   */
  properties [PROP_DEVICE_CLASS] =
    g_param_spec_enum ("device-class", NULL, NULL, XN_TYPE_DEVICE_CATEGORY, XN_DEVICE_CATEGORY_OTHER,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnDevice:vendor-id:
   *
   * PCI vendor id, four hex digits.
   */
  properties [PROP_VENDOR_ID] =
    g_param_spec_string ("vendor-id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnDevice:device-id:
   *
   * PCI device id, four hex digits.
   */
  properties [PROP_DEVICE_ID] =
    g_param_spec_string ("device-id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnDevice:ifname:
   *
   * Interface name for a NIC, e.g. `enp7s0f1`.
   */
  properties [PROP_IFNAME] =
    g_param_spec_string ("ifname", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnDevice:mac:
   *
   * MAC address for a NIC.
   */
  properties [PROP_MAC] =
    g_param_spec_string ("mac", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xn_device_init (XnDevice *self)
{
  self->device_class = XN_DEVICE_CATEGORY_OTHER;
}

/**
 * xn_device_new:
 *
 * Creates a Device with a random UUID. To give it a known UUID, use
 * `g_object_new (XN_TYPE_DEVICE, "uuid", uuid, NULL)`.
 *
 * Returns: (transfer full): a new #XnDevice
 */
XnDevice *
xn_device_new (void)
{
  return g_object_new (XN_TYPE_DEVICE, NULL);
}

/**
 * xn_device_get_bdf:
 * @self: a #XnDevice
 *
 * Returns: (transfer none) (nullable): the #XnDevice:bdf property
 */
const char *
xn_device_get_bdf (XnDevice *self)
{
  g_return_val_if_fail (XN_IS_DEVICE (self), NULL);

  return self->bdf;
}

/**
 * xn_device_set_bdf:
 * @self: a #XnDevice
 * @bdf (nullable): the new value
 *
 * Sets #XnDevice:bdf; notifies only when it changed.
 */
void
xn_device_set_bdf (XnDevice *self,
                   const char *bdf)
{
  g_return_if_fail (XN_IS_DEVICE (self));

  if (g_strcmp0 (self->bdf, bdf) == 0)
    return;

  g_free (self->bdf);
  self->bdf = g_strdup (bdf);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_BDF]);
}

/**
 * xn_device_get_device_class:
 * @self: a #XnDevice
 *
 * Returns: the #XnDevice:device-class property
 */
XnDeviceCategory
xn_device_get_device_class (XnDevice *self)
{
  g_return_val_if_fail (XN_IS_DEVICE (self), 0);

  return self->device_class;
}

/**
 * xn_device_set_device_class:
 * @self: a #XnDevice
 * @device_class: the new value
 *
 * Sets #XnDevice:device-class; notifies only when it changed.
 */
void
xn_device_set_device_class (XnDevice *self,
                            XnDeviceCategory device_class)
{
  g_return_if_fail (XN_IS_DEVICE (self));

  if (self->device_class == device_class)
    return;

  self->device_class = device_class;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DEVICE_CLASS]);
}

/**
 * xn_device_get_vendor_id:
 * @self: a #XnDevice
 *
 * Returns: (transfer none) (nullable): the #XnDevice:vendor-id property
 */
const char *
xn_device_get_vendor_id (XnDevice *self)
{
  g_return_val_if_fail (XN_IS_DEVICE (self), NULL);

  return self->vendor_id;
}

/**
 * xn_device_set_vendor_id:
 * @self: a #XnDevice
 * @vendor_id (nullable): the new value
 *
 * Sets #XnDevice:vendor-id; notifies only when it changed.
 */
void
xn_device_set_vendor_id (XnDevice *self,
                         const char *vendor_id)
{
  g_return_if_fail (XN_IS_DEVICE (self));

  if (g_strcmp0 (self->vendor_id, vendor_id) == 0)
    return;

  g_free (self->vendor_id);
  self->vendor_id = g_strdup (vendor_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_VENDOR_ID]);
}

/**
 * xn_device_get_device_id:
 * @self: a #XnDevice
 *
 * Returns: (transfer none) (nullable): the #XnDevice:device-id property
 */
const char *
xn_device_get_device_id (XnDevice *self)
{
  g_return_val_if_fail (XN_IS_DEVICE (self), NULL);

  return self->device_id;
}

/**
 * xn_device_set_device_id:
 * @self: a #XnDevice
 * @device_id (nullable): the new value
 *
 * Sets #XnDevice:device-id; notifies only when it changed.
 */
void
xn_device_set_device_id (XnDevice *self,
                         const char *device_id)
{
  g_return_if_fail (XN_IS_DEVICE (self));

  if (g_strcmp0 (self->device_id, device_id) == 0)
    return;

  g_free (self->device_id);
  self->device_id = g_strdup (device_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DEVICE_ID]);
}

/**
 * xn_device_get_ifname:
 * @self: a #XnDevice
 *
 * Returns: (transfer none) (nullable): the #XnDevice:ifname property
 */
const char *
xn_device_get_ifname (XnDevice *self)
{
  g_return_val_if_fail (XN_IS_DEVICE (self), NULL);

  return self->ifname;
}

/**
 * xn_device_set_ifname:
 * @self: a #XnDevice
 * @ifname (nullable): the new value
 *
 * Sets #XnDevice:ifname; notifies only when it changed.
 */
void
xn_device_set_ifname (XnDevice *self,
                      const char *ifname)
{
  g_return_if_fail (XN_IS_DEVICE (self));

  if (g_strcmp0 (self->ifname, ifname) == 0)
    return;

  g_free (self->ifname);
  self->ifname = g_strdup (ifname);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_IFNAME]);
}

/**
 * xn_device_get_mac:
 * @self: a #XnDevice
 *
 * Returns: (transfer none) (nullable): the #XnDevice:mac property
 */
const char *
xn_device_get_mac (XnDevice *self)
{
  g_return_val_if_fail (XN_IS_DEVICE (self), NULL);

  return self->mac;
}

/**
 * xn_device_set_mac:
 * @self: a #XnDevice
 * @mac (nullable): the new value
 *
 * Sets #XnDevice:mac; notifies only when it changed.
 */
void
xn_device_set_mac (XnDevice *self,
                   const char *mac)
{
  g_return_if_fail (XN_IS_DEVICE (self));

  if (g_strcmp0 (self->mac, mac) == 0)
    return;

  g_free (self->mac);
  self->mac = g_strdup (mac);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MAC]);
}

/**
 * xn_device_get_enclave:
 * @self: a #XnDevice
 *
 * Finds the enclave whose assigned hardware names @self (a linear walk of
 * the host's enclaves).
 *
 * Returns: (transfer none) (nullable): the enclave, or %NULL if unassigned
 */
XnEnclave *
xn_device_get_enclave (XnDevice *self)
{
  XnObject *host;
  XnObjectList *enclaves;
  const char *uuid;
  guint n;

  g_return_val_if_fail (XN_IS_DEVICE (self), NULL);

  host = xn_object_get_parent (XN_OBJECT (self));
  if (!XN_IS_HOST (host))
    return NULL;

  uuid = xn_object_get_uuid (XN_OBJECT (self));
  enclaves = xn_host_get_enclaves (XN_HOST (host));
  n = xn_object_list_get_n_items (enclaves);
  for (guint i = 0; i < n; i++)
    {
      XnEnclave *enclave = xn_object_list_get (enclaves, i);
      XnObjectList *refs = xn_enclave_get_assigned_hardware (enclave);
      guint m = xn_object_list_get_n_items (refs);

      for (guint j = 0; j < m; j++)
        if (g_strcmp0 (xn_device_ref_get_device_uuid (xn_object_list_get (refs, j)), uuid) == 0)
          return enclave;
    }

  return NULL;
}
