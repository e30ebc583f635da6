/* xn-object.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * XnObject is the base of every object in a policy document: it carries the
 * UUID that references point at, the name people see, and a weak link to
 * the object that owns it, so that any object can find the document it
 * belongs to and the path by which a lint message or a diff names it.
 */

#define G_LOG_DOMAIN "xn-object"

#include "config.h"

#include "xn-object.h"
#include "xn-object-list.h"

typedef struct
{
  char     *uuid;
  char     *name;
  XnObject *parent;   /* borrowed: the parent owns us through a list */
} XnObjectPrivate;

enum {
  PROP_0,
  PROP_UUID,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_TYPE_WITH_PRIVATE (XnObject, xn_object, G_TYPE_OBJECT)

static void
xn_object_constructed (GObject *object)
{
  XnObject *self = XN_OBJECT (object);
  XnObjectPrivate *priv = xn_object_get_instance_private (self);

  G_OBJECT_CLASS (xn_object_parent_class)->constructed (object);

  if (priv->uuid == NULL)
    priv->uuid = g_uuid_string_random ();
}

static void
xn_object_finalize (GObject *object)
{
  XnObject *self = XN_OBJECT (object);
  XnObjectPrivate *priv = xn_object_get_instance_private (self);

  g_clear_pointer (&priv->uuid, g_free);
  g_clear_pointer (&priv->name, g_free);

  G_OBJECT_CLASS (xn_object_parent_class)->finalize (object);
}

static void
xn_object_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  XnObject *self = XN_OBJECT (object);

  switch (prop_id)
    {
    case PROP_UUID:
      g_value_set_string (value, xn_object_get_uuid (self));
      break;

    case PROP_NAME:
      g_value_set_string (value, xn_object_get_name (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_object_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  XnObject *self = XN_OBJECT (object);
  XnObjectPrivate *priv = xn_object_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_UUID:
      g_free (priv->uuid);
      priv->uuid = g_ascii_strdown (g_value_get_string (value) ? g_value_get_string (value) : "", -1);
      if (priv->uuid[0] == '\0')
        g_clear_pointer (&priv->uuid, g_free);
      break;

    case PROP_NAME:
      xn_object_set_name (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_object_class_init (XnObjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = xn_object_constructed;
  object_class->finalize = xn_object_finalize;
  object_class->get_property = xn_object_get_property;
  object_class->set_property = xn_object_set_property;

  /**
   * XnObject:uuid:
   *
   * The object's identity; references point at it. Set once, at
   * construction; a random one is made when none is given.
   */
  properties [PROP_UUID] =
    g_param_spec_string ("uuid", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * XnObject:name:
   *
   * The name people see; unique per kind within its scope (lint checks).
   */
  properties [PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xn_object_init (XnObject *self)
{
}

/**
 * xn_object_get_uuid:
 * @self: an #XnObject
 *
 * Returns: (transfer none): the lower-case UUID text
 */
const char *
xn_object_get_uuid (XnObject *self)
{
  XnObjectPrivate *priv = xn_object_get_instance_private (self);

  g_return_val_if_fail (XN_IS_OBJECT (self), NULL);

  return priv->uuid;
}

/**
 * xn_object_get_name:
 * @self: an #XnObject
 *
 * Returns: (transfer none) (nullable): the name
 */
const char *
xn_object_get_name (XnObject *self)
{
  XnObjectPrivate *priv = xn_object_get_instance_private (self);

  g_return_val_if_fail (XN_IS_OBJECT (self), NULL);

  return priv->name;
}

/**
 * xn_object_set_name:
 * @self: an #XnObject
 * @name: (nullable): the new name
 *
 * Sets the name; notifies #XnObject:name only when it changed.
 */
void
xn_object_set_name (XnObject   *self,
                    const char *name)
{
  XnObjectPrivate *priv = xn_object_get_instance_private (self);

  g_return_if_fail (XN_IS_OBJECT (self));

  if (g_strcmp0 (priv->name, name) == 0)
    return;

  g_free (priv->name);
  priv->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_NAME]);
}

/**
 * xn_object_get_parent:
 * @self: an #XnObject
 *
 * Returns: (transfer none) (nullable): the object whose list holds @self
 */
XnObject *
xn_object_get_parent (XnObject *self)
{
  XnObjectPrivate *priv = xn_object_get_instance_private (self);

  g_return_val_if_fail (XN_IS_OBJECT (self), NULL);

  return priv->parent;
}

/**
 * xn_object_get_root:
 * @self: an #XnObject
 *
 * Returns: (transfer none): the top of the tree @self is in (often an
 *   #XnPolicy), or @self when it has no parent
 */
XnObject *
xn_object_get_root (XnObject *self)
{
  g_return_val_if_fail (XN_IS_OBJECT (self), NULL);

  while (xn_object_get_parent (self) != NULL)
    self = xn_object_get_parent (self);

  return self;
}

/**
 * xn_object_foreach_list:
 * @self: an #XnObject
 * @func: (scope call): called for each child list
 * @user_data: closure for @func
 *
 * Calls @func for each list of children @self owns, in document order.
 */
void
xn_object_foreach_list (XnObject         *self,
                        XnObjectListFunc  func,
                        gpointer          user_data)
{
  g_return_if_fail (XN_IS_OBJECT (self));
  g_return_if_fail (func != NULL);

  if (XN_OBJECT_GET_CLASS (self)->foreach_list != NULL)
    XN_OBJECT_GET_CLASS (self)->foreach_list (self, func, user_data);
}

static const char *
type_label (XnObject *self)
{
  const char *tn = G_OBJECT_TYPE_NAME (self);

  /* "XnNetSwitch" → "NetSwitch": the path is read by people. */
  return g_str_has_prefix (tn, "Xn") ? tn + 2 : tn;
}

/**
 * xn_object_dup_path:
 * @self: an #XnObject
 *
 * Builds the path that lint messages and diffs use to name an object, e.g.
 * `Host "localhost" / Enclave "security" / Domain "nids"`.
 *
 * Returns: (transfer full): the path
 */
char *
xn_object_dup_path (XnObject *self)
{
  g_autoptr(GPtrArray) chain = g_ptr_array_new ();
  GString *str = g_string_new (NULL);

  g_return_val_if_fail (XN_IS_OBJECT (self), NULL);

  for (XnObject *o = self; o != NULL; o = xn_object_get_parent (o))
    g_ptr_array_insert (chain, 0, o);

  /* The root (the policy) is implied. */
  for (guint i = chain->len > 1 ? 1 : 0; i < chain->len; i++)
    {
      XnObject *o = g_ptr_array_index (chain, i);
      const char *name = xn_object_get_name (o);

      if (str->len > 0)
        g_string_append (str, " / ");
      if (name != NULL)
        g_string_append_printf (str, "%s \"%s\"", type_label (o), name);
      else
        g_string_append_printf (str, "%s {%s}", type_label (o), xn_object_get_uuid (o));
    }

  return g_string_free (str, FALSE);
}

/**
 * xn_uuid_is_valid:
 * @text: (nullable): text to check
 *
 * Returns: %TRUE if @text is a UUID in the 8-4-4-4-12 hex form
 */
gboolean
xn_uuid_is_valid (const char *text)
{
  return text != NULL && g_uuid_string_is_valid (text);
}

static void
notify_root (XnObject *root,
             XnObject *object,
             gboolean  added);

static void
notify_list_cb (XnObjectList *list,
                gpointer      user_data)
{
  gpointer *args = user_data;
  guint n = xn_object_list_get_n_items (list);

  for (guint i = 0; i < n; i++)
    notify_root (args[0], xn_object_list_get (list, i), GPOINTER_TO_INT (args[1]));
}

static void
notify_root (XnObject *root,
             XnObject *object,
             gboolean  added)
{
  XnObjectClass *klass = XN_OBJECT_GET_CLASS (root);
  gpointer args[2] = { root, GINT_TO_POINTER (added) };

  if (added && klass->descendant_added != NULL)
    klass->descendant_added (root, object);
  else if (!added && klass->descendant_removed != NULL)
    klass->descendant_removed (root, object);

  xn_object_foreach_list (object, notify_list_cb, args);
}

void
_xn_object_set_parent (XnObject *self,
                       XnObject *parent)
{
  XnObjectPrivate *priv = xn_object_get_instance_private (self);
  XnObject *root;

  g_assert (XN_IS_OBJECT (self));

  if (priv->parent == parent)
    return;

  if (priv->parent != NULL)
    {
      root = xn_object_get_root (priv->parent);
      notify_root (root, self, FALSE);
    }

  priv->parent = parent;

  if (parent != NULL)
    {
      root = xn_object_get_root (parent);
      notify_root (root, self, TRUE);
    }
}
