/* xn-device-ref.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * XnDeviceRef names one device: hardware assigned to an enclave, or a PCI
 * device passed through to a domain.
 */

#define G_LOG_DOMAIN "xn-device-ref"

#include "config.h"

#include "xn-device-ref.h"
#include "xn-model-private.h"

G_DEFINE_FINAL_TYPE (XnDeviceRef, xn_device_ref, XN_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DEVICE_UUID,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
xn_device_ref_finalize (GObject *object)
{
  XnDeviceRef *self = XN_DEVICE_REF (object);

  g_clear_pointer (&self->device_uuid, g_free);

  G_OBJECT_CLASS (xn_device_ref_parent_class)->finalize (object);
}

static void
xn_device_ref_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  XnDeviceRef *self = XN_DEVICE_REF (object);

  switch (prop_id)
    {
    case PROP_DEVICE_UUID:
      g_value_set_string (value, self->device_uuid);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_device_ref_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  XnDeviceRef *self = XN_DEVICE_REF (object);

  switch (prop_id)
    {
    case PROP_DEVICE_UUID:
      xn_device_ref_set_device_uuid (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_device_ref_class_init (XnDeviceRefClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = xn_device_ref_finalize;
  object_class->get_property = xn_device_ref_get_property;
  object_class->set_property = xn_device_ref_set_property;

  /**
   * XnDeviceRef:device-uuid:
   *
   * UUID of the referenced #XnDevice.
   */
  properties [PROP_DEVICE_UUID] =
    g_param_spec_string ("device-uuid", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xn_device_ref_init (XnDeviceRef *self)
{
}

/**
 * xn_device_ref_get_device_uuid:
 * @self: a #XnDeviceRef
 *
 * Returns: (transfer none) (nullable): the #XnDeviceRef:device-uuid property
 */
const char *
xn_device_ref_get_device_uuid (XnDeviceRef *self)
{
  g_return_val_if_fail (XN_IS_DEVICE_REF (self), NULL);

  return self->device_uuid;
}

/**
 * xn_device_ref_set_device_uuid:
 * @self: a #XnDeviceRef
 * @device_uuid (nullable): the new value
 *
 * Sets #XnDeviceRef:device-uuid; notifies only when it changed.
 */
void
xn_device_ref_set_device_uuid (XnDeviceRef *self,
                               const char *device_uuid)
{
  g_return_if_fail (XN_IS_DEVICE_REF (self));

  if (g_strcmp0 (self->device_uuid, device_uuid) == 0)
    return;

  g_free (self->device_uuid);
  self->device_uuid = g_strdup (device_uuid);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DEVICE_UUID]);
}

/**
 * xn_device_ref_get_device:
 * @self: a #XnDeviceRef
 *
 * Resolves #XnDeviceRef:device-uuid through the index of the policy @self is in.
 *
 * Returns: (transfer none) (nullable): the #XnDevice, or %NULL when the
 *   reference is unset or dangling or @self is in no policy
 */
XnDevice *
xn_device_ref_get_device (XnDeviceRef *self)
{
  g_return_val_if_fail (XN_IS_DEVICE_REF (self), NULL);

  return _xn_object_resolve (XN_OBJECT (self), self->device_uuid, XN_TYPE_DEVICE);
}

/**
 * xn_device_ref_new:
 * @device_uuid: (nullable): UUID of the device
 *
 * Returns: (transfer full): a new #XnDeviceRef
 */
XnDeviceRef *
xn_device_ref_new (const char *device_uuid)
{
  return g_object_new (XN_TYPE_DEVICE_REF, "device-uuid", device_uuid, NULL);
}
