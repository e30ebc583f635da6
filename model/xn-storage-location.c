/* xn-storage-location.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * XnStorageLocation is a place a host keeps disk images.
 */

#define G_LOG_DOMAIN "xn-storage-location"

#include "config.h"

#include "xn-storage-location.h"
#include "xn-model-private.h"

G_DEFINE_FINAL_TYPE (XnStorageLocation, xn_storage_location, XN_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
xn_storage_location_finalize (GObject *object)
{
  XnStorageLocation *self = XN_STORAGE_LOCATION (object);

  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (xn_storage_location_parent_class)->finalize (object);
}

static void
xn_storage_location_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  XnStorageLocation *self = XN_STORAGE_LOCATION (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;

    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_storage_location_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  XnStorageLocation *self = XN_STORAGE_LOCATION (object);

  switch (prop_id)
    {
    case PROP_KIND:
      xn_storage_location_set_kind (self, g_value_get_string (value));
      break;

    case PROP_PATH:
      xn_storage_location_set_path (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_storage_location_class_init (XnStorageLocationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = xn_storage_location_finalize;
  object_class->get_property = xn_storage_location_get_property;
  object_class->set_property = xn_storage_location_set_property;

  /**
   * XnStorageLocation:kind:
   *
   * Kind of storage: `file`, `lvm`, `iscsi` or `nfs`.
   */
  properties [PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnStorageLocation:path:
   *
   * Path or target.
   */
  properties [PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xn_storage_location_init (XnStorageLocation *self)
{
}

/**
 * xn_storage_location_new:
 *
 * Creates a StorageLocation with a random UUID. To give it a known UUID, use
 * `g_object_new (XN_TYPE_STORAGE_LOCATION, "uuid", uuid, NULL)`.
 *
 * Returns: (transfer full): a new #XnStorageLocation
 */
XnStorageLocation *
xn_storage_location_new (void)
{
  return g_object_new (XN_TYPE_STORAGE_LOCATION, NULL);
}

/**
 * xn_storage_location_get_kind:
 * @self: a #XnStorageLocation
 *
 * Returns: (transfer none) (nullable): the #XnStorageLocation:kind property
 */
const char *
xn_storage_location_get_kind (XnStorageLocation *self)
{
  g_return_val_if_fail (XN_IS_STORAGE_LOCATION (self), NULL);

  return self->kind;
}

/**
 * xn_storage_location_set_kind:
 * @self: a #XnStorageLocation
 * @kind (nullable): the new value
 *
 * Sets #XnStorageLocation:kind; notifies only when it changed.
 */
void
xn_storage_location_set_kind (XnStorageLocation *self,
                              const char *kind)
{
  g_return_if_fail (XN_IS_STORAGE_LOCATION (self));

  if (g_strcmp0 (self->kind, kind) == 0)
    return;

  g_free (self->kind);
  self->kind = g_strdup (kind);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_KIND]);
}

/**
 * xn_storage_location_get_path:
 * @self: a #XnStorageLocation
 *
 * Returns: (transfer none) (nullable): the #XnStorageLocation:path property
 */
const char *
xn_storage_location_get_path (XnStorageLocation *self)
{
  g_return_val_if_fail (XN_IS_STORAGE_LOCATION (self), NULL);

  return self->path;
}

/**
 * xn_storage_location_set_path:
 * @self: a #XnStorageLocation
 * @path (nullable): the new value
 *
 * Sets #XnStorageLocation:path; notifies only when it changed.
 */
void
xn_storage_location_set_path (XnStorageLocation *self,
                              const char *path)
{
  g_return_if_fail (XN_IS_STORAGE_LOCATION (self));

  if (g_strcmp0 (self->path, path) == 0)
    return;

  g_free (self->path);
  self->path = g_strdup (path);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PATH]);
}
