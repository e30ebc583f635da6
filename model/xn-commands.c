/* xn-commands.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * The generic commands every editor view is built from. They know only
 * GObject properties, #XnObject and #XnObjectList, so they serve every
 * document type: a rename is an #XnSetPropertyCommand on "name", dragging
 * a device into an enclave is an #XnMoveCommand, "Add Domain" an
 * #XnInsertCommand of a domain built beforehand.
 *
 * Each command checks everything it needs before it touches the document,
 * so a failure leaves nothing half done; and each keeps references to the
 * objects it moved out of the tree, so undoing a removal brings back the
 * very same object (its UUID, its children) at its old position.
 */

#define G_LOG_DOMAIN "xn-commands"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xn-commands.h"

/* Lists are owned by their owner and only borrow it: holding the owner
 * too keeps the list's parent link valid while a command can still
 * insert into it. */
typedef struct
{
  XnObjectList *list;
  XnObject     *owner;
} ListRef;

static void
list_ref_init (ListRef      *ref,
               XnObjectList *list)
{
  XnObject *owner = xn_object_list_get_owner (list);

  ref->list = g_object_ref (list);
  ref->owner = owner != NULL ? g_object_ref (owner) : NULL;
}

static void
list_ref_clear (ListRef *ref)
{
  g_clear_object (&ref->list);
  g_clear_object (&ref->owner);
}

static char *
describe (XnObject *object)
{
  return xn_object_dup_path (object);
}

/* Refuses to put @object where it would become its own ancestor. */
static gboolean
check_destination (XnObjectList  *list,
                   XnObject      *object,
                   GError       **error)
{
  GType item_type = xn_object_list_get_item_type (list);

  if (!G_TYPE_CHECK_INSTANCE_TYPE (object, item_type))
    {
      g_set_error (error, XN_COMMAND_ERROR, XN_COMMAND_ERROR_INVALID,
                   _("A %s cannot go into a list of %s"),
                   G_OBJECT_TYPE_NAME (object), g_type_name (item_type));
      return FALSE;
    }

  for (XnObject *o = xn_object_list_get_owner (list); o != NULL; o = xn_object_get_parent (o))
    {
      if (o == object)
        {
          g_autofree char *path = describe (object);

          g_set_error (error, XN_COMMAND_ERROR, XN_COMMAND_ERROR_INVALID,
                       _("%s cannot be placed inside itself"), path);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
check_insert_position (guint     n_items,
                       guint    *position,
                       GError  **error)
{
  if (*position == G_MAXUINT)
    *position = n_items;

  if (*position > n_items)
    {
      g_set_error (error, XN_COMMAND_ERROR, XN_COMMAND_ERROR_INVALID,
                   _("Position %u is past the end of the list (%u items)"),
                   *position, n_items);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_item_position (guint     n_items,
                     guint     position,
                     GError  **error)
{
  if (position >= n_items)
    {
      g_set_error (error, XN_COMMAND_ERROR, XN_COMMAND_ERROR_INVALID,
                   _("No item at position %u (the list has %u items)"),
                   position, n_items);
      return FALSE;
    }

  return TRUE;
}

static gboolean
stale_error (GError   **error,
             XnObject  *object)
{
  g_autofree char *path = describe (object);

  g_set_error (error, XN_COMMAND_ERROR, XN_COMMAND_ERROR_STALE,
               _("%s is no longer where the edit left it"), path);
  return FALSE;
}

/* ------------------------------------------------------------------ */

/**
 * XnSetPropertyCommand:
 *
 * Sets one property of a #GObject; reverting restores the value the
 * property had when the command was first applied. Consecutive sets of
 * the same property on the same object merge, so typing a name is one
 * undo step.
 */
struct _XnSetPropertyCommand
{
  XnCommand   parent_instance;

  GObject    *object;
  const char *property;   /* interned */
  GValue      value;
  GValue      old_value;  /* unset until the first apply */
};

G_DEFINE_FINAL_TYPE (XnSetPropertyCommand, xn_set_property_command, XN_TYPE_COMMAND)

static GParamSpec *
find_writable_property (XnSetPropertyCommand  *self,
                        GError               **error)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (self->object),
                                                    self->property);

  if (pspec == NULL)
    {
      g_set_error (error, XN_COMMAND_ERROR, XN_COMMAND_ERROR_INVALID,
                   _("%s has no property “%s”"),
                   G_OBJECT_TYPE_NAME (self->object), self->property);
      return NULL;
    }

  if ((pspec->flags & G_PARAM_WRITABLE) == 0 || (pspec->flags & G_PARAM_CONSTRUCT_ONLY) != 0)
    {
      g_set_error (error, XN_COMMAND_ERROR, XN_COMMAND_ERROR_INVALID,
                   _("Property “%s” of %s cannot be changed"),
                   self->property, G_OBJECT_TYPE_NAME (self->object));
      return NULL;
    }

  return pspec;
}

static gboolean
xn_set_property_command_apply (XnCommand  *command,
                               GError    **error)
{
  XnSetPropertyCommand *self = XN_SET_PROPERTY_COMMAND (command);
  g_auto(GValue) converted = G_VALUE_INIT;
  GParamSpec *pspec;

  pspec = find_writable_property (self, error);
  if (pspec == NULL)
    return FALSE;

  g_value_init (&converted, pspec->value_type);
  if (!g_value_type_transformable (G_VALUE_TYPE (&self->value), pspec->value_type) ||
      !g_value_transform (&self->value, &converted))
    {
      g_set_error (error, XN_COMMAND_ERROR, XN_COMMAND_ERROR_INVALID,
                   _("A %s value does not fit property “%s” of %s (%s)"),
                   G_VALUE_TYPE_NAME (&self->value), self->property,
                   G_OBJECT_TYPE_NAME (self->object), g_type_name (pspec->value_type));
      return FALSE;
    }

  /* g_object_set_property() would clamp silently; an edit that cannot be
   * made as asked is refused instead. */
  if (g_param_value_validate (pspec, &converted))
    {
      g_set_error (error, XN_COMMAND_ERROR, XN_COMMAND_ERROR_INVALID,
                   _("Value out of range for property “%s” of %s"),
                   self->property, G_OBJECT_TYPE_NAME (self->object));
      return FALSE;
    }

  if (!G_IS_VALUE (&self->old_value))
    {
      g_value_init (&self->old_value, pspec->value_type);
      g_object_get_property (self->object, self->property, &self->old_value);
    }

  g_object_set_property (self->object, self->property, &converted);

  return TRUE;
}

static gboolean
xn_set_property_command_revert (XnCommand  *command,
                                GError    **error)
{
  XnSetPropertyCommand *self = XN_SET_PROPERTY_COMMAND (command);

  if (!G_IS_VALUE (&self->old_value))
    {
      g_set_error (error, XN_COMMAND_ERROR, XN_COMMAND_ERROR_FAILED,
                   _("Property “%s” was never set, so there is nothing to restore"),
                   self->property);
      return FALSE;
    }

  if (find_writable_property (self, error) == NULL)
    return FALSE;

  g_object_set_property (self->object, self->property, &self->old_value);

  return TRUE;
}

static gboolean
xn_set_property_command_merge (XnCommand *command,
                               XnCommand *next_command)
{
  XnSetPropertyCommand *self = XN_SET_PROPERTY_COMMAND (command);
  XnSetPropertyCommand *next;

  if (!XN_IS_SET_PROPERTY_COMMAND (next_command))
    return FALSE;

  next = XN_SET_PROPERTY_COMMAND (next_command);
  if (next->object != self->object || next->property != self->property)
    return FALSE;

  /* Keep our old value: reverting goes back to before the first edit. */
  g_value_unset (&self->value);
  g_value_init (&self->value, G_VALUE_TYPE (&next->value));
  g_value_copy (&next->value, &self->value);

  return TRUE;
}

static void
xn_set_property_command_dispose (GObject *object)
{
  XnSetPropertyCommand *self = XN_SET_PROPERTY_COMMAND (object);

  g_clear_object (&self->object);

  G_OBJECT_CLASS (xn_set_property_command_parent_class)->dispose (object);
}

static void
xn_set_property_command_finalize (GObject *object)
{
  XnSetPropertyCommand *self = XN_SET_PROPERTY_COMMAND (object);

  if (G_IS_VALUE (&self->value))
    g_value_unset (&self->value);
  if (G_IS_VALUE (&self->old_value))
    g_value_unset (&self->old_value);

  G_OBJECT_CLASS (xn_set_property_command_parent_class)->finalize (object);
}

static void
xn_set_property_command_class_init (XnSetPropertyCommandClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  XnCommandClass *command_class = XN_COMMAND_CLASS (klass);

  object_class->dispose = xn_set_property_command_dispose;
  object_class->finalize = xn_set_property_command_finalize;

  command_class->apply = xn_set_property_command_apply;
  command_class->revert = xn_set_property_command_revert;
  command_class->merge = xn_set_property_command_merge;
}

static void
xn_set_property_command_init (XnSetPropertyCommand *self)
{
}

/**
 * xn_set_property_command_new:
 * @object: the object to change
 * @property: the name of a writable property of @object
 * @value: the new value; any type that transforms to the property's
 *
 * Creates a command that sets @property of @object to @value. Its label
 * is "Change <property>" until the caller sets a better one with
 * xn_command_set_label(). A missing or read-only property or an unfit
 * value is reported when the command is applied.
 *
 * Returns: (transfer full): a new #XnSetPropertyCommand
 */
XnCommand *
xn_set_property_command_new (GObject      *object,
                             const char   *property,
                             const GValue *value)
{
  XnSetPropertyCommand *self;
  GParamSpec *pspec;
  g_autofree char *label = NULL;

  g_return_val_if_fail (G_IS_OBJECT (object), NULL);
  g_return_val_if_fail (property != NULL, NULL);
  g_return_val_if_fail (G_IS_VALUE (value), NULL);

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), property);
  /* Canonical and interned, so merge compares pointers and "short_name"
   * meets "short-name". */
  if (pspec != NULL)
    property = pspec->name;

  label = g_strdup_printf (_("Change %s"), pspec != NULL ? g_param_spec_get_nick (pspec) : property);

  self = g_object_new (XN_TYPE_SET_PROPERTY_COMMAND, "label", label, NULL);
  self->object = g_object_ref (object);
  self->property = g_intern_string (property);
  g_value_init (&self->value, G_VALUE_TYPE (value));
  g_value_copy (value, &self->value);

  return XN_COMMAND (self);
}

/* ------------------------------------------------------------------ */

/**
 * XnInsertCommand:
 *
 * Inserts an #XnObject into an #XnObjectList; reverting takes it out
 * again and keeps it, so a redo inserts the same object.
 */
struct _XnInsertCommand
{
  XnCommand  parent_instance;

  ListRef    list;
  XnObject  *object;
  guint      position;
  guint      applied_position;
};

G_DEFINE_FINAL_TYPE (XnInsertCommand, xn_insert_command, XN_TYPE_COMMAND)

static gboolean
xn_insert_command_apply (XnCommand  *command,
                         GError    **error)
{
  XnInsertCommand *self = XN_INSERT_COMMAND (command);
  guint position = self->position;

  if (xn_object_get_parent (self->object) != NULL ||
      xn_object_list_find (self->list.list, self->object, NULL))
    {
      g_autofree char *path = describe (self->object);

      g_set_error (error, XN_COMMAND_ERROR, XN_COMMAND_ERROR_INVALID,
                   _("%s is already in a list"), path);
      return FALSE;
    }

  if (!check_destination (self->list.list, self->object, error) ||
      !check_insert_position (xn_object_list_get_n_items (self->list.list), &position, error))
    return FALSE;

  xn_object_list_insert (self->list.list, position, self->object);
  self->applied_position = position;

  return TRUE;
}

static gboolean
xn_insert_command_revert (XnCommand  *command,
                          GError    **error)
{
  XnInsertCommand *self = XN_INSERT_COMMAND (command);

  if (xn_object_list_get (self->list.list, self->applied_position) != self->object)
    return stale_error (error, self->object);

  xn_object_list_remove (self->list.list, self->applied_position);

  return TRUE;
}

static void
xn_insert_command_dispose (GObject *object)
{
  XnInsertCommand *self = XN_INSERT_COMMAND (object);

  list_ref_clear (&self->list);
  g_clear_object (&self->object);

  G_OBJECT_CLASS (xn_insert_command_parent_class)->dispose (object);
}

static void
xn_insert_command_class_init (XnInsertCommandClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = xn_insert_command_dispose;
  XN_COMMAND_CLASS (klass)->apply = xn_insert_command_apply;
  XN_COMMAND_CLASS (klass)->revert = xn_insert_command_revert;
}

static void
xn_insert_command_init (XnInsertCommand *self)
{
}

/**
 * xn_insert_command_new:
 * @list: the list to insert into
 * @position: the index @object gets; %G_MAXUINT appends
 * @object: an object without a parent, of @list's item type
 *
 * Creates a command that inserts @object into @list. The command holds
 * @object, so undo and redo move the same object in and out.
 *
 * Returns: (transfer full): a new #XnInsertCommand
 */
XnCommand *
xn_insert_command_new (XnObjectList *list,
                       guint         position,
                       XnObject     *object)
{
  XnInsertCommand *self;

  g_return_val_if_fail (XN_IS_OBJECT_LIST (list), NULL);
  g_return_val_if_fail (XN_IS_OBJECT (object), NULL);

  self = g_object_new (XN_TYPE_INSERT_COMMAND, "label", _("Add Item"), NULL);
  list_ref_init (&self->list, list);
  self->object = g_object_ref (object);
  self->position = position;

  return XN_COMMAND (self);
}

/* ------------------------------------------------------------------ */

/**
 * XnRemoveCommand:
 *
 * Removes the object at a position of an #XnObjectList and keeps it, so
 * reverting puts the same object (UUID, children and all) back at the
 * same position.
 */
struct _XnRemoveCommand
{
  XnCommand  parent_instance;

  ListRef    list;
  guint      position;
  XnObject  *object;    /* NULL until the first apply */
};

G_DEFINE_FINAL_TYPE (XnRemoveCommand, xn_remove_command, XN_TYPE_COMMAND)

static gboolean
xn_remove_command_apply (XnCommand  *command,
                         GError    **error)
{
  XnRemoveCommand *self = XN_REMOVE_COMMAND (command);
  XnObject *current;

  if (!check_item_position (xn_object_list_get_n_items (self->list.list), self->position, error))
    return FALSE;

  current = xn_object_list_get (self->list.list, self->position);
  /* A redo must remove what the first apply removed, not a neighbour. */
  if (self->object != NULL && current != self->object)
    return stale_error (error, self->object);

  g_clear_object (&self->object);
  self->object = xn_object_list_steal (self->list.list, self->position);

  return TRUE;
}

static gboolean
xn_remove_command_revert (XnCommand  *command,
                          GError    **error)
{
  XnRemoveCommand *self = XN_REMOVE_COMMAND (command);

  if (self->object == NULL)
    {
      g_set_error_literal (error, XN_COMMAND_ERROR, XN_COMMAND_ERROR_FAILED,
                           _("Nothing was removed, so there is nothing to restore"));
      return FALSE;
    }

  if (xn_object_get_parent (self->object) != NULL ||
      self->position > xn_object_list_get_n_items (self->list.list))
    return stale_error (error, self->object);

  xn_object_list_insert (self->list.list, self->position, self->object);

  return TRUE;
}

static void
xn_remove_command_dispose (GObject *object)
{
  XnRemoveCommand *self = XN_REMOVE_COMMAND (object);

  list_ref_clear (&self->list);
  g_clear_object (&self->object);

  G_OBJECT_CLASS (xn_remove_command_parent_class)->dispose (object);
}

static void
xn_remove_command_class_init (XnRemoveCommandClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = xn_remove_command_dispose;
  XN_COMMAND_CLASS (klass)->apply = xn_remove_command_apply;
  XN_COMMAND_CLASS (klass)->revert = xn_remove_command_revert;
}

static void
xn_remove_command_init (XnRemoveCommand *self)
{
}

/**
 * xn_remove_command_new:
 * @list: the list to remove from
 * @position: index of the object to remove
 *
 * Creates a command that removes the object at @position of @list. A
 * position past the end is reported when the command is applied.
 *
 * Returns: (transfer full): a new #XnRemoveCommand
 */
XnCommand *
xn_remove_command_new (XnObjectList *list,
                       guint         position)
{
  XnRemoveCommand *self;

  g_return_val_if_fail (XN_IS_OBJECT_LIST (list), NULL);

  self = g_object_new (XN_TYPE_REMOVE_COMMAND, "label", _("Remove Item"), NULL);
  list_ref_init (&self->list, list);
  self->position = position;

  return XN_COMMAND (self);
}

/**
 * xn_remove_command_get_object:
 * @self: an #XnRemoveCommand
 *
 * Returns: (transfer none) (nullable): the object the command removed, or
 *   %NULL before it was first applied
 */
XnObject *
xn_remove_command_get_object (XnRemoveCommand *self)
{
  g_return_val_if_fail (XN_IS_REMOVE_COMMAND (self), NULL);

  return self->object;
}

/* ------------------------------------------------------------------ */

/**
 * XnMoveCommand:
 *
 * Moves an object from one #XnObjectList to another, or within one list:
 * a domain dragged between enclaves, a device assigned to an enclave. It
 * is a removal followed by an insertion, so the destination index is the
 * one the object has once it is out of the source list.
 */
struct _XnMoveCommand
{
  XnCommand  parent_instance;

  ListRef    from;
  ListRef    to;
  guint      from_position;
  guint      to_position;
  guint      applied_to_position;
  XnObject  *object;    /* NULL until the first apply */
};

G_DEFINE_FINAL_TYPE (XnMoveCommand, xn_move_command, XN_TYPE_COMMAND)

static void
move_object (XnObjectList *from,
             guint         from_position,
             XnObjectList *to,
             guint         to_position)
{
  g_autoptr(XnObject) object = xn_object_list_steal (from, from_position);

  xn_object_list_insert (to, to_position, object);
}

static gboolean
xn_move_command_apply (XnCommand  *command,
                       GError    **error)
{
  XnMoveCommand *self = XN_MOVE_COMMAND (command);
  guint n_from = xn_object_list_get_n_items (self->from.list);
  guint n_to = xn_object_list_get_n_items (self->to.list);
  guint to_position = self->to_position;
  XnObject *current;

  /* Everything is checked before the object leaves its list, so a
   * refused move changes nothing. */
  if (!check_item_position (n_from, self->from_position, error))
    return FALSE;

  current = xn_object_list_get (self->from.list, self->from_position);
  if (self->object != NULL && current != self->object)
    return stale_error (error, self->object);

  if (self->from.list == self->to.list)
    n_to--;

  if (!check_destination (self->to.list, current, error) ||
      !check_insert_position (n_to, &to_position, error))
    return FALSE;

  g_set_object (&self->object, current);
  move_object (self->from.list, self->from_position, self->to.list, to_position);
  self->applied_to_position = to_position;

  return TRUE;
}

static gboolean
xn_move_command_revert (XnCommand  *command,
                        GError    **error)
{
  XnMoveCommand *self = XN_MOVE_COMMAND (command);
  guint n_from = xn_object_list_get_n_items (self->from.list);

  if (self->object == NULL)
    {
      g_set_error_literal (error, XN_COMMAND_ERROR, XN_COMMAND_ERROR_FAILED,
                           _("Nothing was moved, so there is nothing to move back"));
      return FALSE;
    }

  if (self->from.list == self->to.list)
    n_from--;

  if (xn_object_list_get (self->to.list, self->applied_to_position) != self->object ||
      self->from_position > n_from)
    return stale_error (error, self->object);

  move_object (self->to.list, self->applied_to_position, self->from.list, self->from_position);

  return TRUE;
}

static void
xn_move_command_dispose (GObject *object)
{
  XnMoveCommand *self = XN_MOVE_COMMAND (object);

  list_ref_clear (&self->from);
  list_ref_clear (&self->to);
  g_clear_object (&self->object);

  G_OBJECT_CLASS (xn_move_command_parent_class)->dispose (object);
}

static void
xn_move_command_class_init (XnMoveCommandClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = xn_move_command_dispose;
  XN_COMMAND_CLASS (klass)->apply = xn_move_command_apply;
  XN_COMMAND_CLASS (klass)->revert = xn_move_command_revert;
}

static void
xn_move_command_init (XnMoveCommand *self)
{
}

/**
 * xn_move_command_new:
 * @from: the list the object is in
 * @from_position: its index in @from
 * @to: the list to move it to; may be @from
 * @to_position: its index in @to once it has left @from; %G_MAXUINT
 *   appends
 *
 * Creates a command that moves the object at @from_position of @from to
 * @to_position of @to.
 *
 * Returns: (transfer full): a new #XnMoveCommand
 */
XnCommand *
xn_move_command_new (XnObjectList *from,
                     guint         from_position,
                     XnObjectList *to,
                     guint         to_position)
{
  XnMoveCommand *self;

  g_return_val_if_fail (XN_IS_OBJECT_LIST (from), NULL);
  g_return_val_if_fail (XN_IS_OBJECT_LIST (to), NULL);

  self = g_object_new (XN_TYPE_MOVE_COMMAND, "label", _("Move Item"), NULL);
  list_ref_init (&self->from, from);
  list_ref_init (&self->to, to);
  self->from_position = from_position;
  self->to_position = to_position;

  return XN_COMMAND (self);
}

/* ------------------------------------------------------------------ */

/**
 * XnGroupCommand:
 *
 * A sequence of commands that is one edit: applied in order, reverted in
 * reverse order. If one part fails, the parts already done are undone
 * before the error is returned, so a group is applied entirely or not
 * at all.
 */
struct _XnGroupCommand
{
  XnCommand  parent_instance;

  GPtrArray *commands;
};

G_DEFINE_FINAL_TYPE (XnGroupCommand, xn_group_command, XN_TYPE_COMMAND)

static gboolean
xn_group_command_apply (XnCommand  *command,
                        GError    **error)
{
  XnGroupCommand *self = XN_GROUP_COMMAND (command);

  for (guint i = 0; i < self->commands->len; i++)
    {
      if (!xn_command_apply (g_ptr_array_index (self->commands, i), error))
        {
          while (i-- > 0)
            {
              g_autoptr(GError) rollback_error = NULL;

              /* Nothing better to do than go on: the rest may still
               * restore most of the document. */
              if (!xn_command_revert (g_ptr_array_index (self->commands, i), &rollback_error))
                g_warning ("Rolling back a failed group: %s", rollback_error->message);
            }
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
xn_group_command_revert (XnCommand  *command,
                         GError    **error)
{
  XnGroupCommand *self = XN_GROUP_COMMAND (command);

  for (guint i = self->commands->len; i > 0; i--)
    {
      if (!xn_command_revert (g_ptr_array_index (self->commands, i - 1), error))
        {
          for (; i < self->commands->len; i++)
            {
              g_autoptr(GError) rollback_error = NULL;

              if (!xn_command_apply (g_ptr_array_index (self->commands, i), &rollback_error))
                g_warning ("Rolling back a failed group undo: %s", rollback_error->message);
            }
          return FALSE;
        }
    }

  return TRUE;
}

static void
xn_group_command_dispose (GObject *object)
{
  XnGroupCommand *self = XN_GROUP_COMMAND (object);

  if (self->commands != NULL)
    g_ptr_array_set_size (self->commands, 0);

  G_OBJECT_CLASS (xn_group_command_parent_class)->dispose (object);
}

static void
xn_group_command_finalize (GObject *object)
{
  XnGroupCommand *self = XN_GROUP_COMMAND (object);

  g_clear_pointer (&self->commands, g_ptr_array_unref);

  G_OBJECT_CLASS (xn_group_command_parent_class)->finalize (object);
}

static void
xn_group_command_class_init (XnGroupCommandClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = xn_group_command_dispose;
  G_OBJECT_CLASS (klass)->finalize = xn_group_command_finalize;
  XN_COMMAND_CLASS (klass)->apply = xn_group_command_apply;
  XN_COMMAND_CLASS (klass)->revert = xn_group_command_revert;
}

static void
xn_group_command_init (XnGroupCommand *self)
{
  self->commands = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * xn_group_command_new:
 * @label: (nullable): the translated label; %NULL takes the label of the
 *   first command added
 *
 * Returns: (transfer full): a new, empty #XnGroupCommand
 */
XnCommand *
xn_group_command_new (const char *label)
{
  return g_object_new (XN_TYPE_GROUP_COMMAND, "label", label, NULL);
}

/**
 * xn_group_command_add:
 * @self: an #XnGroupCommand
 * @command: the command to run after those already added
 *
 * Appends @command to the group and takes a reference to it. The group
 * does not apply it: that happens when the group is applied.
 */
void
xn_group_command_add (XnGroupCommand *self,
                      XnCommand      *command)
{
  g_return_if_fail (XN_IS_GROUP_COMMAND (self));
  g_return_if_fail (XN_IS_COMMAND (command));
  g_return_if_fail ((gpointer) command != (gpointer) self);

  g_ptr_array_add (self->commands, g_object_ref (command));

  if (xn_command_get_label (XN_COMMAND (self)) == NULL)
    xn_command_set_label (XN_COMMAND (self), xn_command_get_label (command));
}

/**
 * xn_group_command_get_n_commands:
 * @self: an #XnGroupCommand
 *
 * Returns: how many commands the group holds
 */
guint
xn_group_command_get_n_commands (XnGroupCommand *self)
{
  g_return_val_if_fail (XN_IS_GROUP_COMMAND (self), 0);

  return self->commands->len;
}

/**
 * xn_group_command_get_command:
 * @self: an #XnGroupCommand
 * @position: index of a command
 *
 * Returns: (transfer none) (nullable): the command, or %NULL past the end
 */
XnCommand *
xn_group_command_get_command (XnGroupCommand *self,
                              guint           position)
{
  g_return_val_if_fail (XN_IS_GROUP_COMMAND (self), NULL);

  if (position >= self->commands->len)
    return NULL;

  return g_ptr_array_index (self->commands, position);
}
