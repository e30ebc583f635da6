/* xn-disk.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * XnDisk is a domain's virtual disk.
 */

#define G_LOG_DOMAIN "xn-disk"

#include "config.h"

#include "xn-disk.h"
#include "xn-model-private.h"

G_DEFINE_FINAL_TYPE (XnDisk, xn_disk, XN_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_VDEV,
  PROP_TARGET,
  PROP_FORMAT,
  PROP_MODE,
  PROP_STORAGE_LOCATION_UUID,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
xn_disk_finalize (GObject *object)
{
  XnDisk *self = XN_DISK (object);

  g_clear_pointer (&self->vdev, g_free);
  g_clear_pointer (&self->target, g_free);
  g_clear_pointer (&self->format, g_free);
  g_clear_pointer (&self->mode, g_free);
  g_clear_pointer (&self->storage_location_uuid, g_free);

  G_OBJECT_CLASS (xn_disk_parent_class)->finalize (object);
}

static void
xn_disk_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  XnDisk *self = XN_DISK (object);

  switch (prop_id)
    {
    case PROP_VDEV:
      g_value_set_string (value, self->vdev);
      break;

    case PROP_TARGET:
      g_value_set_string (value, self->target);
      break;

    case PROP_FORMAT:
      g_value_set_string (value, self->format);
      break;

    case PROP_MODE:
      g_value_set_string (value, self->mode);
      break;

    case PROP_STORAGE_LOCATION_UUID:
      g_value_set_string (value, self->storage_location_uuid);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_disk_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  XnDisk *self = XN_DISK (object);

  switch (prop_id)
    {
    case PROP_VDEV:
      xn_disk_set_vdev (self, g_value_get_string (value));
      break;

    case PROP_TARGET:
      xn_disk_set_target (self, g_value_get_string (value));
      break;

    case PROP_FORMAT:
      xn_disk_set_format (self, g_value_get_string (value));
      break;

    case PROP_MODE:
      xn_disk_set_mode (self, g_value_get_string (value));
      break;

    case PROP_STORAGE_LOCATION_UUID:
      xn_disk_set_storage_location_uuid (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_disk_class_init (XnDiskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = xn_disk_finalize;
  object_class->get_property = xn_disk_get_property;
  object_class->set_property = xn_disk_set_property;

  /**
   * XnDisk:vdev:
   *
   * Virtual device name, e.g. `xvda`.
   */
  properties [PROP_VDEV] =
    g_param_spec_string ("vdev", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnDisk:target:
   *
   * Backing path or target.
   */
  properties [PROP_TARGET] =
    g_param_spec_string ("target", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnDisk:format:
   *
   * Image format, e.g. `raw`, `qcow2`.
   */
  properties [PROP_FORMAT] =
    g_param_spec_string ("format", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnDisk:mode:
   *
   * Access mode, `r` or `rw`.
   */
  properties [PROP_MODE] =
    g_param_spec_string ("mode", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnDisk:storage-location-uuid:
   *
   * UUID of the #XnStorageLocation, or %NULL.
   */
  properties [PROP_STORAGE_LOCATION_UUID] =
    g_param_spec_string ("storage-location-uuid", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xn_disk_init (XnDisk *self)
{
}

/**
 * xn_disk_new:
 *
 * Creates a Disk with a random UUID. To give it a known UUID, use
 * `g_object_new (XN_TYPE_DISK, "uuid", uuid, NULL)`.
 *
 * Returns: (transfer full): a new #XnDisk
 */
XnDisk *
xn_disk_new (void)
{
  return g_object_new (XN_TYPE_DISK, NULL);
}

/**
 * xn_disk_get_vdev:
 * @self: a #XnDisk
 *
 * Returns: (transfer none) (nullable): the #XnDisk:vdev property
 */
const char *
xn_disk_get_vdev (XnDisk *self)
{
  g_return_val_if_fail (XN_IS_DISK (self), NULL);

  return self->vdev;
}

/**
 * xn_disk_set_vdev:
 * @self: a #XnDisk
 * @vdev (nullable): the new value
 *
 * Sets #XnDisk:vdev; notifies only when it changed.
 */
void
xn_disk_set_vdev (XnDisk *self,
                  const char *vdev)
{
  g_return_if_fail (XN_IS_DISK (self));

  if (g_strcmp0 (self->vdev, vdev) == 0)
    return;

  g_free (self->vdev);
  self->vdev = g_strdup (vdev);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_VDEV]);
}

/**
 * xn_disk_get_target:
 * @self: a #XnDisk
 *
 * Returns: (transfer none) (nullable): the #XnDisk:target property
 */
const char *
xn_disk_get_target (XnDisk *self)
{
  g_return_val_if_fail (XN_IS_DISK (self), NULL);

  return self->target;
}

/**
 * xn_disk_set_target:
 * @self: a #XnDisk
 * @target (nullable): the new value
 *
 * Sets #XnDisk:target; notifies only when it changed.
 */
void
xn_disk_set_target (XnDisk *self,
                    const char *target)
{
  g_return_if_fail (XN_IS_DISK (self));

  if (g_strcmp0 (self->target, target) == 0)
    return;

  g_free (self->target);
  self->target = g_strdup (target);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TARGET]);
}

/**
 * xn_disk_get_format:
 * @self: a #XnDisk
 *
 * Returns: (transfer none) (nullable): the #XnDisk:format property
 */
const char *
xn_disk_get_format (XnDisk *self)
{
  g_return_val_if_fail (XN_IS_DISK (self), NULL);

  return self->format;
}

/**
 * xn_disk_set_format:
 * @self: a #XnDisk
 * @format (nullable): the new value
 *
 * Sets #XnDisk:format; notifies only when it changed.
 */
void
xn_disk_set_format (XnDisk *self,
                    const char *format)
{
  g_return_if_fail (XN_IS_DISK (self));

  if (g_strcmp0 (self->format, format) == 0)
    return;

  g_free (self->format);
  self->format = g_strdup (format);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FORMAT]);
}

/**
 * xn_disk_get_mode:
 * @self: a #XnDisk
 *
 * Returns: (transfer none) (nullable): the #XnDisk:mode property
 */
const char *
xn_disk_get_mode (XnDisk *self)
{
  g_return_val_if_fail (XN_IS_DISK (self), NULL);

  return self->mode;
}

/**
 * xn_disk_set_mode:
 * @self: a #XnDisk
 * @mode (nullable): the new value
 *
 * Sets #XnDisk:mode; notifies only when it changed.
 */
void
xn_disk_set_mode (XnDisk *self,
                  const char *mode)
{
  g_return_if_fail (XN_IS_DISK (self));

  if (g_strcmp0 (self->mode, mode) == 0)
    return;

  g_free (self->mode);
  self->mode = g_strdup (mode);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MODE]);
}

/**
 * xn_disk_get_storage_location_uuid:
 * @self: a #XnDisk
 *
 * Returns: (transfer none) (nullable): the #XnDisk:storage-location-uuid property
 */
const char *
xn_disk_get_storage_location_uuid (XnDisk *self)
{
  g_return_val_if_fail (XN_IS_DISK (self), NULL);

  return self->storage_location_uuid;
}

/**
 * xn_disk_set_storage_location_uuid:
 * @self: a #XnDisk
 * @storage_location_uuid (nullable): the new value
 *
 * Sets #XnDisk:storage-location-uuid; notifies only when it changed.
 */
void
xn_disk_set_storage_location_uuid (XnDisk *self,
                                   const char *storage_location_uuid)
{
  g_return_if_fail (XN_IS_DISK (self));

  if (g_strcmp0 (self->storage_location_uuid, storage_location_uuid) == 0)
    return;

  g_free (self->storage_location_uuid);
  self->storage_location_uuid = g_strdup (storage_location_uuid);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STORAGE_LOCATION_UUID]);
}

/**
 * xn_disk_get_storage_location:
 * @self: a #XnDisk
 *
 * Resolves #XnDisk:storage-location-uuid through the index of the policy @self is in.
 *
 * Returns: (transfer none) (nullable): the #XnStorageLocation, or %NULL when the
 *   reference is unset or dangling or @self is in no policy
 */
XnStorageLocation *
xn_disk_get_storage_location (XnDisk *self)
{
  g_return_val_if_fail (XN_IS_DISK (self), NULL);

  return _xn_object_resolve (XN_OBJECT (self), self->storage_location_uuid, XN_TYPE_STORAGE_LOCATION);
}
