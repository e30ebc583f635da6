/* xn-sec-label.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * XnSecLabel binds a tag and a hypercall profile; every domain has one.
 */

#define G_LOG_DOMAIN "xn-sec-label"

#include "config.h"

#include "xn-sec-label.h"
#include "xn-model-private.h"

G_DEFINE_FINAL_TYPE (XnSecLabel, xn_sec_label, XN_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TAG_UUID,
  PROP_PROFILE_UUID,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
xn_sec_label_finalize (GObject *object)
{
  XnSecLabel *self = XN_SEC_LABEL (object);

  g_clear_pointer (&self->tag_uuid, g_free);
  g_clear_pointer (&self->profile_uuid, g_free);

  G_OBJECT_CLASS (xn_sec_label_parent_class)->finalize (object);
}

static void
xn_sec_label_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  XnSecLabel *self = XN_SEC_LABEL (object);

  switch (prop_id)
    {
    case PROP_TAG_UUID:
      g_value_set_string (value, self->tag_uuid);
      break;

    case PROP_PROFILE_UUID:
      g_value_set_string (value, self->profile_uuid);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_sec_label_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  XnSecLabel *self = XN_SEC_LABEL (object);

  switch (prop_id)
    {
    case PROP_TAG_UUID:
      xn_sec_label_set_tag_uuid (self, g_value_get_string (value));
      break;

    case PROP_PROFILE_UUID:
      xn_sec_label_set_profile_uuid (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_sec_label_class_init (XnSecLabelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = xn_sec_label_finalize;
  object_class->get_property = xn_sec_label_get_property;
  object_class->set_property = xn_sec_label_set_property;

  /**
   * XnSecLabel:tag-uuid:
   *
   * UUID of the #XnTag.
   */
  properties [PROP_TAG_UUID] =
    g_param_spec_string ("tag-uuid", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnSecLabel:profile-uuid:
   *
   * UUID of the #XnProfile.
   */
  properties [PROP_PROFILE_UUID] =
    g_param_spec_string ("profile-uuid", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xn_sec_label_init (XnSecLabel *self)
{
}

/**
 * xn_sec_label_new:
 *
 * Creates a SecLabel with a random UUID. To give it a known UUID, use
 * `g_object_new (XN_TYPE_SEC_LABEL, "uuid", uuid, NULL)`.
 *
 * Returns: (transfer full): a new #XnSecLabel
 */
XnSecLabel *
xn_sec_label_new (void)
{
  return g_object_new (XN_TYPE_SEC_LABEL, NULL);
}

/**
 * xn_sec_label_get_tag_uuid:
 * @self: a #XnSecLabel
 *
 * Returns: (transfer none) (nullable): the #XnSecLabel:tag-uuid property
 */
const char *
xn_sec_label_get_tag_uuid (XnSecLabel *self)
{
  g_return_val_if_fail (XN_IS_SEC_LABEL (self), NULL);

  return self->tag_uuid;
}

/**
 * xn_sec_label_set_tag_uuid:
 * @self: a #XnSecLabel
 * @tag_uuid (nullable): the new value
 *
 * Sets #XnSecLabel:tag-uuid; notifies only when it changed.
 */
void
xn_sec_label_set_tag_uuid (XnSecLabel *self,
                           const char *tag_uuid)
{
  g_return_if_fail (XN_IS_SEC_LABEL (self));

  if (g_strcmp0 (self->tag_uuid, tag_uuid) == 0)
    return;

  g_free (self->tag_uuid);
  self->tag_uuid = g_strdup (tag_uuid);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TAG_UUID]);
}

/**
 * xn_sec_label_get_profile_uuid:
 * @self: a #XnSecLabel
 *
 * Returns: (transfer none) (nullable): the #XnSecLabel:profile-uuid property
 */
const char *
xn_sec_label_get_profile_uuid (XnSecLabel *self)
{
  g_return_val_if_fail (XN_IS_SEC_LABEL (self), NULL);

  return self->profile_uuid;
}

/**
 * xn_sec_label_set_profile_uuid:
 * @self: a #XnSecLabel
 * @profile_uuid (nullable): the new value
 *
 * Sets #XnSecLabel:profile-uuid; notifies only when it changed.
 */
void
xn_sec_label_set_profile_uuid (XnSecLabel *self,
                               const char *profile_uuid)
{
  g_return_if_fail (XN_IS_SEC_LABEL (self));

  if (g_strcmp0 (self->profile_uuid, profile_uuid) == 0)
    return;

  g_free (self->profile_uuid);
  self->profile_uuid = g_strdup (profile_uuid);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PROFILE_UUID]);
}

/**
 * xn_sec_label_get_tag:
 * @self: a #XnSecLabel
 *
 * Resolves #XnSecLabel:tag-uuid through the index of the policy @self is in.
 *
 * Returns: (transfer none) (nullable): the #XnTag, or %NULL when the
 *   reference is unset or dangling or @self is in no policy
 */
XnTag *
xn_sec_label_get_tag (XnSecLabel *self)
{
  g_return_val_if_fail (XN_IS_SEC_LABEL (self), NULL);

  return _xn_object_resolve (XN_OBJECT (self), self->tag_uuid, XN_TYPE_TAG);
}

/**
 * xn_sec_label_get_profile:
 * @self: a #XnSecLabel
 *
 * Resolves #XnSecLabel:profile-uuid through the index of the policy @self is in.
 *
 * Returns: (transfer none) (nullable): the #XnProfile, or %NULL when the
 *   reference is unset or dangling or @self is in no policy
 */
XnProfile *
xn_sec_label_get_profile (XnSecLabel *self)
{
  g_return_val_if_fail (XN_IS_SEC_LABEL (self), NULL);

  return _xn_object_resolve (XN_OBJECT (self), self->profile_uuid, XN_TYPE_PROFILE);
}
