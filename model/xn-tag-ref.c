/* xn-tag-ref.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * XnTagRef names one tag of a conflict.
 */

#define G_LOG_DOMAIN "xn-tag-ref"

#include "config.h"

#include "xn-tag-ref.h"
#include "xn-model-private.h"

G_DEFINE_FINAL_TYPE (XnTagRef, xn_tag_ref, XN_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TAG_UUID,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
xn_tag_ref_finalize (GObject *object)
{
  XnTagRef *self = XN_TAG_REF (object);

  g_clear_pointer (&self->tag_uuid, g_free);

  G_OBJECT_CLASS (xn_tag_ref_parent_class)->finalize (object);
}

static void
xn_tag_ref_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  XnTagRef *self = XN_TAG_REF (object);

  switch (prop_id)
    {
    case PROP_TAG_UUID:
      g_value_set_string (value, self->tag_uuid);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_tag_ref_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  XnTagRef *self = XN_TAG_REF (object);

  switch (prop_id)
    {
    case PROP_TAG_UUID:
      xn_tag_ref_set_tag_uuid (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_tag_ref_class_init (XnTagRefClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = xn_tag_ref_finalize;
  object_class->get_property = xn_tag_ref_get_property;
  object_class->set_property = xn_tag_ref_set_property;

  /**
   * XnTagRef:tag-uuid:
   *
   * UUID of the referenced #XnTag.
   */
  properties [PROP_TAG_UUID] =
    g_param_spec_string ("tag-uuid", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xn_tag_ref_init (XnTagRef *self)
{
}

/**
 * xn_tag_ref_get_tag_uuid:
 * @self: a #XnTagRef
 *
 * Returns: (transfer none) (nullable): the #XnTagRef:tag-uuid property
 */
const char *
xn_tag_ref_get_tag_uuid (XnTagRef *self)
{
  g_return_val_if_fail (XN_IS_TAG_REF (self), NULL);

  return self->tag_uuid;
}

/**
 * xn_tag_ref_set_tag_uuid:
 * @self: a #XnTagRef
 * @tag_uuid (nullable): the new value
 *
 * Sets #XnTagRef:tag-uuid; notifies only when it changed.
 */
void
xn_tag_ref_set_tag_uuid (XnTagRef *self,
                         const char *tag_uuid)
{
  g_return_if_fail (XN_IS_TAG_REF (self));

  if (g_strcmp0 (self->tag_uuid, tag_uuid) == 0)
    return;

  g_free (self->tag_uuid);
  self->tag_uuid = g_strdup (tag_uuid);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TAG_UUID]);
}

/**
 * xn_tag_ref_get_tag:
 * @self: a #XnTagRef
 *
 * Resolves #XnTagRef:tag-uuid through the index of the policy @self is in.
 *
 * Returns: (transfer none) (nullable): the #XnTag, or %NULL when the
 *   reference is unset or dangling or @self is in no policy
 */
XnTag *
xn_tag_ref_get_tag (XnTagRef *self)
{
  g_return_val_if_fail (XN_IS_TAG_REF (self), NULL);

  return _xn_object_resolve (XN_OBJECT (self), self->tag_uuid, XN_TYPE_TAG);
}

/**
 * xn_tag_ref_new:
 * @tag_uuid: (nullable): UUID of the tag
 *
 * Returns: (transfer full): a new #XnTagRef
 */
XnTagRef *
xn_tag_ref_new (const char *tag_uuid)
{
  return g_object_new (XN_TYPE_TAG_REF, "tag-uuid", tag_uuid, NULL);
}
