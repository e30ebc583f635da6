/* xn-conflict.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * XnConflict keeps domains whose tags stand together in it from
 * communicating, and optionally from running at the same time.
 */

#define G_LOG_DOMAIN "xn-conflict"

#include "config.h"

#include "xn-conflict.h"
#include "xn-model-private.h"

G_DEFINE_FINAL_TYPE (XnConflict, xn_conflict, XN_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ALLOW_SIMULTANEOUS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
xn_conflict_foreach_list (XnObject         *object,
                          XnObjectListFunc  func,
                          gpointer          user_data)
{
  XnConflict *self = XN_CONFLICT (object);

  func (self->tag_refs, user_data);
}

static void
xn_conflict_dispose (GObject *object)
{
  XnConflict *self = XN_CONFLICT (object);

  g_clear_object (&self->tag_refs);

  G_OBJECT_CLASS (xn_conflict_parent_class)->dispose (object);
}

static void
xn_conflict_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  XnConflict *self = XN_CONFLICT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_uint (value, self->id);
      break;

    case PROP_ALLOW_SIMULTANEOUS:
      g_value_set_boolean (value, self->allow_simultaneous);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_conflict_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  XnConflict *self = XN_CONFLICT (object);

  switch (prop_id)
    {
    case PROP_ID:
      xn_conflict_set_id (self, g_value_get_uint (value));
      break;

    case PROP_ALLOW_SIMULTANEOUS:
      xn_conflict_set_allow_simultaneous (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_conflict_class_init (XnConflictClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  XnObjectClass *xn_object_class = XN_OBJECT_CLASS (klass);

  object_class->dispose = xn_conflict_dispose;
  object_class->get_property = xn_conflict_get_property;
  object_class->set_property = xn_conflict_set_property;

  xn_object_class->foreach_list = xn_conflict_foreach_list;

  /**
   * XnConflict:id:
   *
   * The numeric id compiled into the guard blob.
   */
  properties [PROP_ID] =
    g_param_spec_uint ("id", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnConflict:allow-simultaneous:
   *
   * Whether domains with conflicting tags may run at the same time on a host.
   */
  properties [PROP_ALLOW_SIMULTANEOUS] =
    g_param_spec_boolean ("allow-simultaneous", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xn_conflict_init (XnConflict *self)
{
  self->allow_simultaneous = FALSE;
  self->tag_refs = xn_object_list_new (XN_TYPE_TAG_REF, XN_OBJECT (self));
}

/**
 * xn_conflict_new:
 *
 * Creates a Conflict with a random UUID. To give it a known UUID, use
 * `g_object_new (XN_TYPE_CONFLICT, "uuid", uuid, NULL)`.
 *
 * Returns: (transfer full): a new #XnConflict
 */
XnConflict *
xn_conflict_new (void)
{
  return g_object_new (XN_TYPE_CONFLICT, NULL);
}

/**
 * xn_conflict_get_id:
 * @self: a #XnConflict
 *
 * Returns: the #XnConflict:id property
 */
guint
xn_conflict_get_id (XnConflict *self)
{
  g_return_val_if_fail (XN_IS_CONFLICT (self), 0);

  return self->id;
}

/**
 * xn_conflict_set_id:
 * @self: a #XnConflict
 * @id: the new value
 *
 * Sets #XnConflict:id; notifies only when it changed.
 */
void
xn_conflict_set_id (XnConflict *self,
                    guint id)
{
  g_return_if_fail (XN_IS_CONFLICT (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ID]);
}

/**
 * xn_conflict_get_allow_simultaneous:
 * @self: a #XnConflict
 *
 * Returns: the #XnConflict:allow-simultaneous property
 */
gboolean
xn_conflict_get_allow_simultaneous (XnConflict *self)
{
  g_return_val_if_fail (XN_IS_CONFLICT (self), 0);

  return self->allow_simultaneous;
}

/**
 * xn_conflict_set_allow_simultaneous:
 * @self: a #XnConflict
 * @allow_simultaneous: the new value
 *
 * Sets #XnConflict:allow-simultaneous; notifies only when it changed.
 */
void
xn_conflict_set_allow_simultaneous (XnConflict *self,
                                    gboolean allow_simultaneous)
{
  g_return_if_fail (XN_IS_CONFLICT (self));

  allow_simultaneous = !!allow_simultaneous;
  if (self->allow_simultaneous == allow_simultaneous)
    return;

  self->allow_simultaneous = allow_simultaneous;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ALLOW_SIMULTANEOUS]);
}

/**
 * xn_conflict_get_tag_refs:
 * @self: a #XnConflict
 *
 * The tags in conflict, as #XnTagRef.
 *
 * Returns: (transfer none): the list of #XnTagRef
 */
XnObjectList *
xn_conflict_get_tag_refs (XnConflict *self)
{
  g_return_val_if_fail (XN_IS_CONFLICT (self), NULL);

  return self->tag_refs;
}

/**
 * xn_conflict_has_tag:
 * @self: a #XnConflict
 * @tag_uuid: a tag's UUID
 *
 * Returns: %TRUE if the conflict names the tag
 */
gboolean
xn_conflict_has_tag (XnConflict *self,
                     const char *tag_uuid)
{
  guint n;

  g_return_val_if_fail (XN_IS_CONFLICT (self), FALSE);

  n = xn_object_list_get_n_items (self->tag_refs);
  for (guint i = 0; i < n; i++)
    {
      XnTagRef *ref = xn_object_list_get (self->tag_refs, i);

      if (g_strcmp0 (xn_tag_ref_get_tag_uuid (ref), tag_uuid) == 0)
        return TRUE;
    }

  return FALSE;
}
