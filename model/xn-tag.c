/* xn-tag.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * XnTag is a security tag: a name, a numeric id the hypervisor sees, and
 * the colour people see.
 */

#define G_LOG_DOMAIN "xn-tag"

#include "config.h"

#include "xn-tag.h"
#include "xn-model-private.h"

G_DEFINE_FINAL_TYPE (XnTag, xn_tag, XN_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_COLOR,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
xn_tag_finalize (GObject *object)
{
  XnTag *self = XN_TAG (object);

  g_clear_pointer (&self->color, g_free);

  G_OBJECT_CLASS (xn_tag_parent_class)->finalize (object);
}

static void
xn_tag_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  XnTag *self = XN_TAG (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_uint (value, self->id);
      break;

    case PROP_COLOR:
      g_value_set_string (value, self->color);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_tag_set_property (GObject      *object,
                     guint         prop_id,
                     const GValue *value,
                     GParamSpec   *pspec)
{
  XnTag *self = XN_TAG (object);

  switch (prop_id)
    {
    case PROP_ID:
      xn_tag_set_id (self, g_value_get_uint (value));
      break;

    case PROP_COLOR:
      xn_tag_set_color (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_tag_class_init (XnTagClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = xn_tag_finalize;
  object_class->get_property = xn_tag_get_property;
  object_class->set_property = xn_tag_set_property;

  /**
   * XnTag:id:
   *
   * The numeric id compiled into the guard blob.
   */
  properties [PROP_ID] =
    g_param_spec_uint ("id", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnTag:color:
   *
   * Colour as `#rrggbb`.
   */
  properties [PROP_COLOR] =
    g_param_spec_string ("color", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xn_tag_init (XnTag *self)
{
}

/**
 * xn_tag_new:
 *
 * Creates a Tag with a random UUID. To give it a known UUID, use
 * `g_object_new (XN_TYPE_TAG, "uuid", uuid, NULL)`.
 *
 * Returns: (transfer full): a new #XnTag
 */
XnTag *
xn_tag_new (void)
{
  return g_object_new (XN_TYPE_TAG, NULL);
}

/**
 * xn_tag_get_id:
 * @self: a #XnTag
 *
 * Returns: the #XnTag:id property
 */
guint
xn_tag_get_id (XnTag *self)
{
  g_return_val_if_fail (XN_IS_TAG (self), 0);

  return self->id;
}

/**
 * xn_tag_set_id:
 * @self: a #XnTag
 * @id: the new value
 *
 * Sets #XnTag:id; notifies only when it changed.
 */
void
xn_tag_set_id (XnTag *self,
               guint id)
{
  g_return_if_fail (XN_IS_TAG (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ID]);
}

/**
 * xn_tag_get_color:
 * @self: a #XnTag
 *
 * Returns: (transfer none) (nullable): the #XnTag:color property
 */
const char *
xn_tag_get_color (XnTag *self)
{
  g_return_val_if_fail (XN_IS_TAG (self), NULL);

  return self->color;
}

/**
 * xn_tag_set_color:
 * @self: a #XnTag
 * @color (nullable): the new value
 *
 * Sets #XnTag:color; notifies only when it changed.
 */
void
xn_tag_set_color (XnTag *self,
                  const char *color)
{
  g_return_if_fail (XN_IS_TAG (self));

  if (g_strcmp0 (self->color, color) == 0)
    return;

  g_free (self->color);
  self->color = g_strdup (color);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_COLOR]);
}
