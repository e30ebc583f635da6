/* xn-object-list.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * XnObjectList is the list of children one document object owns (a
 * policy's tags, an enclave's domains …). It is a GListModel, so views bind
 * to it directly; it sets each child's parent so the document's index of
 * UUIDs stays right; it emits items-changed with exact positions, once per
 * change.
 */

#define G_LOG_DOMAIN "xn-object-list"

#include "config.h"

#include "xn-object-list.h"
#include "xn-model-private.h"

struct _XnObjectList
{
  GObject     parent_instance;

  GType       item_type;
  XnObject   *owner;     /* borrowed: the owner holds us */
  GPtrArray  *items;     /* owned XnObject */
};

enum {
  PROP_0,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static GType
xn_object_list_model_get_item_type (GListModel *model)
{
  return XN_OBJECT_LIST (model)->item_type;
}

static guint
xn_object_list_model_get_n_items (GListModel *model)
{
  return XN_OBJECT_LIST (model)->items->len;
}

static gpointer
xn_object_list_model_get_item (GListModel *model,
                               guint       position)
{
  XnObjectList *self = XN_OBJECT_LIST (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = xn_object_list_model_get_item_type;
  iface->get_n_items = xn_object_list_model_get_n_items;
  iface->get_item = xn_object_list_model_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (XnObjectList, xn_object_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
xn_object_list_dispose (GObject *object)
{
  XnObjectList *self = XN_OBJECT_LIST (object);

  /* Children outlive the list only if someone else holds them: cut their
   * parent link so they do not point at a freed owner. The owner is being
   * disposed, so it is no longer below a live root (a list keeps its items
   * alive, and removal told the root already): no root needs telling, and
   * not walking every subtree to tell one halves the cost of freeing a
   * large policy. */
  for (guint i = 0; i < self->items->len; i++)
    _xn_object_drop_parent (g_ptr_array_index (self->items, i));
  g_ptr_array_set_size (self->items, 0);

  G_OBJECT_CLASS (xn_object_list_parent_class)->dispose (object);
}

static void
xn_object_list_finalize (GObject *object)
{
  XnObjectList *self = XN_OBJECT_LIST (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (xn_object_list_parent_class)->finalize (object);
}

static void
xn_object_list_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  XnObjectList *self = XN_OBJECT_LIST (object);

  switch (prop_id)
    {
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, self->item_type);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_object_list_class_init (XnObjectListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = xn_object_list_dispose;
  object_class->finalize = xn_object_list_finalize;
  object_class->get_property = xn_object_list_get_property;

  properties [PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL, XN_TYPE_OBJECT,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties [PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xn_object_list_init (XnObjectList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * xn_object_list_new:
 * @item_type: a subtype of #XnObject
 * @owner: (nullable): the object that owns the list and becomes the
 *   children's parent
 *
 * Returns: (transfer full): a new, empty list
 */
XnObjectList *
xn_object_list_new (GType     item_type,
                    XnObject *owner)
{
  XnObjectList *self;

  g_return_val_if_fail (g_type_is_a (item_type, XN_TYPE_OBJECT), NULL);
  g_return_val_if_fail (owner == NULL || XN_IS_OBJECT (owner), NULL);

  self = g_object_new (XN_TYPE_OBJECT_LIST, NULL);
  self->item_type = item_type;
  self->owner = owner;

  return self;
}

/**
 * xn_object_list_get_item_type:
 * @self: an #XnObjectList
 *
 * Returns: the type of the items
 */
GType
xn_object_list_get_item_type (XnObjectList *self)
{
  g_return_val_if_fail (XN_IS_OBJECT_LIST (self), G_TYPE_INVALID);

  return self->item_type;
}

/**
 * xn_object_list_get_owner:
 * @self: an #XnObjectList
 *
 * Returns: (transfer none) (nullable): the owner given at construction
 */
XnObject *
xn_object_list_get_owner (XnObjectList *self)
{
  g_return_val_if_fail (XN_IS_OBJECT_LIST (self), NULL);

  return self->owner;
}

/**
 * xn_object_list_get_n_items:
 * @self: an #XnObjectList
 *
 * Returns: the number of items
 */
guint
xn_object_list_get_n_items (XnObjectList *self)
{
  g_return_val_if_fail (XN_IS_OBJECT_LIST (self), 0);

  return self->items->len;
}

/**
 * xn_object_list_get:
 * @self: an #XnObjectList
 * @position: index of the item
 *
 * Unlike g_list_model_get_item(), returns a borrowed reference.
 *
 * Returns: (transfer none) (nullable): the item, or %NULL past the end
 */
gpointer
xn_object_list_get (XnObjectList *self,
                    guint         position)
{
  g_return_val_if_fail (XN_IS_OBJECT_LIST (self), NULL);

  if (position >= self->items->len)
    return NULL;

  return g_ptr_array_index (self->items, position);
}

/**
 * xn_object_list_insert:
 * @self: an #XnObjectList
 * @position: where to insert; past the end appends
 * @object: an object of the list's item type without a parent
 *
 * Inserts @object, takes a reference and becomes its parent.
 */
void
xn_object_list_insert (XnObjectList *self,
                       guint         position,
                       XnObject     *object)
{
  g_return_if_fail (XN_IS_OBJECT_LIST (self));
  g_return_if_fail (G_TYPE_CHECK_INSTANCE_TYPE (object, self->item_type));
  g_return_if_fail (xn_object_get_parent (object) == NULL);

  position = MIN (position, self->items->len);
  g_ptr_array_insert (self->items, position, g_object_ref (object));
  _xn_object_set_parent (object, self->owner);

  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_ITEMS]);
}

/* Appends a new object nobody else knows yet, taking over the caller's
 * reference. For the loader: the document it builds has no listeners, so
 * the change signals of xn_object_list_insert() (two per object, each
 * taking GObject's locks) are skipped; the root's index is still fed. */
void
_xn_object_list_adopt (XnObjectList *self,
                       XnObject     *object)
{
  g_assert (XN_IS_OBJECT_LIST (self));
  g_assert (G_TYPE_CHECK_INSTANCE_TYPE (object, self->item_type));

  g_ptr_array_add (self->items, object);
  _xn_object_set_parent (object, self->owner);
}

/**
 * xn_object_list_append:
 * @self: an #XnObjectList
 * @object: an object of the list's item type without a parent
 *
 * Appends @object; see xn_object_list_insert().
 */
void
xn_object_list_append (XnObjectList *self,
                       XnObject     *object)
{
  xn_object_list_insert (self, G_MAXUINT, object);
}

/**
 * xn_object_list_steal:
 * @self: an #XnObjectList
 * @position: index of the item
 *
 * Removes the item at @position and hands it to the caller, without a
 * parent.
 *
 * Returns: (transfer full) (nullable): the item, or %NULL if @position is
 *   past the end
 */
XnObject *
xn_object_list_steal (XnObjectList *self,
                      guint         position)
{
  XnObject *object;

  g_return_val_if_fail (XN_IS_OBJECT_LIST (self), NULL);

  if (position >= self->items->len)
    return NULL;

  object = g_ptr_array_steal_index (self->items, position);
  _xn_object_set_parent (object, NULL);

  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_ITEMS]);

  return object;
}

/**
 * xn_object_list_remove:
 * @self: an #XnObjectList
 * @position: index of the item
 *
 * Removes the item at @position and drops the list's reference.
 */
void
xn_object_list_remove (XnObjectList *self,
                       guint         position)
{
  XnObject *object = xn_object_list_steal (self, position);

  g_clear_object (&object);
}

/**
 * xn_object_list_find:
 * @self: an #XnObjectList
 * @object: the item to look for
 * @position: (out) (optional): where to put its index
 *
 * Returns: %TRUE if @object is in the list
 */
gboolean
xn_object_list_find (XnObjectList *self,
                     XnObject     *object,
                     guint        *position)
{
  g_return_val_if_fail (XN_IS_OBJECT_LIST (self), FALSE);

  return g_ptr_array_find (self->items, object, position);
}

/**
 * xn_object_list_lookup_uuid:
 * @self: an #XnObjectList
 * @uuid: a UUID
 *
 * A linear search of this list only; the document's index (see
 * xn_policy_lookup()) is what resolves references.
 *
 * Returns: (transfer none) (nullable): the item with that UUID
 */
XnObject *
xn_object_list_lookup_uuid (XnObjectList *self,
                            const char   *uuid)
{
  g_return_val_if_fail (XN_IS_OBJECT_LIST (self), NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      XnObject *o = g_ptr_array_index (self->items, i);

      if (g_ascii_strcasecmp (xn_object_get_uuid (o), uuid) == 0)
        return o;
    }

  return NULL;
}

/**
 * xn_object_list_lookup_name:
 * @self: an #XnObjectList
 * @name: a name
 *
 * Returns: (transfer none) (nullable): the first item named @name
 */
XnObject *
xn_object_list_lookup_name (XnObjectList *self,
                            const char   *name)
{
  g_return_val_if_fail (XN_IS_OBJECT_LIST (self), NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      XnObject *o = g_ptr_array_index (self->items, i);

      if (g_strcmp0 (xn_object_get_name (o), name) == 0)
        return o;
    }

  return NULL;
}
