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
#include "xn-model-private.h"
#include "xn-object-list.h"

typedef struct
{
  char     *uuid;
  char     *name;
  XnObject *parent;   /* borrowed: the parent owns us through a list */
  guint     line;     /* of its element in the file it was read from, or 0 */
} XnObjectPrivate;

enum {
  PROP_0,
  PROP_UUID,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_TYPE_WITH_PRIVATE (XnObject, xn_object, G_TYPE_OBJECT)

GType
xn_copy_flags_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GFlagsValue values[] = {
        { XN_COPY_DEFAULT, "XN_COPY_DEFAULT", "default" },
        { XN_COPY_NEW_UUIDS, "XN_COPY_NEW_UUIDS", "new-uuids" },
        { 0, NULL, NULL }
      };
      GType t = g_flags_register_static (g_intern_static_string ("XnCopyFlags"), values);

      g_once_init_leave (&type_id, t);
    }

  return type_id;
}

static void
xn_object_constructed (GObject *object)
{
  XnObject *self = XN_OBJECT (object);
  XnObjectPrivate *priv = xn_object_get_instance_private (self);

  G_OBJECT_CLASS (xn_object_parent_class)->constructed (object);

  if (priv->uuid == NULL)
    priv->uuid = _xn_uuid_random ();
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
 * xn_object_get_source_line:
 * @self: an #XnObject
 *
 * The line of the element @self was read from, so that messages about it
 * can point there the way compilers do (`FILE:LINE:`). Objects made in
 * memory, and copies with fresh UUIDs, have none; a Domain-0 the document
 * leaves implicit has its host's line. The line is that of the
 * file as read: edits since do not move it.
 *
 * Returns: the line, counting from 1, or 0 when unknown
 */
guint
xn_object_get_source_line (XnObject *self)
{
  XnObjectPrivate *priv = xn_object_get_instance_private (self);

  g_return_val_if_fail (XN_IS_OBJECT (self), 0);

  return priv->line;
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

/* Names an object nobody knows yet: no comparison, no notification (which
 * takes GObject's locks even with no one listening). For the loader. */
void
_xn_object_init_name (XnObject   *self,
                      const char *name)
{
  XnObjectPrivate *priv = xn_object_get_instance_private (self);

  g_free (priv->name);
  priv->name = g_strdup (name);
}

/* Records where the loader found the object's element. */
void
_xn_object_init_source_line (XnObject *self,
                             guint     line)
{
  XnObjectPrivate *priv = xn_object_get_instance_private (self);

  priv->line = line;
}

/* Forgets the parent without telling any root: for an owner being torn
 * down, whose root (itself dying, or detached already) needs no news. */
void
_xn_object_drop_parent (XnObject *self)
{
  XnObjectPrivate *priv = xn_object_get_instance_private (self);

  priv->parent = NULL;
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

/**
 * xn_object_property_is_reference:
 * @pspec: a property of an #XnObject subclass
 *
 * References between document objects are string properties whose names
 * end in `-uuid` (`sec-label-uuid`, `tag-uuid` …), the counterpart of the
 * `…UuidRef` attributes of the XML. Copy, diff and import rely on this
 * convention to find them without knowing each class.
 *
 * Returns: %TRUE if @pspec holds a reference to another object's UUID
 */
gboolean
xn_object_property_is_reference (GParamSpec *pspec)
{
  g_return_val_if_fail (G_IS_PARAM_SPEC (pspec), FALSE);

  return pspec->value_type == G_TYPE_STRING &&
         g_str_has_suffix (pspec->name, "-uuid");
}

typedef struct
{
  XnCopyFlags  flags;
  GHashTable  *props;     /* GType → GPtrArray of GParamSpec (borrowed) */
  GHashTable  *uuid_map;  /* old uuid → new uuid (owned strings) */
  GPtrArray   *copies;    /* every object made, borrowed */
} CopyState;

static GPtrArray *
copyable_props (CopyState *state,
                GType      type)
{
  GPtrArray *ret = g_hash_table_lookup (state->props, GSIZE_TO_POINTER (type));

  if (ret == NULL)
    {
      GObjectClass *klass = g_type_class_ref (type);
      guint n = 0;
      GParamSpec **pspecs = g_object_class_list_properties (klass, &n);

      ret = g_ptr_array_new ();
      for (guint i = 0; i < n; i++)
        {
          GParamFlags f = pspecs[i]->flags;

          if ((f & G_PARAM_READWRITE) != G_PARAM_READWRITE ||
              (f & G_PARAM_CONSTRUCT_ONLY) != 0)
            continue;
          g_ptr_array_add (ret, pspecs[i]);
        }
      g_free (pspecs);
      g_type_class_unref (klass);
      g_hash_table_insert (state->props, GSIZE_TO_POINTER (type), ret);
    }

  return ret;
}

static void
collect_list_cb (XnObjectList *list,
                 gpointer      user_data)
{
  g_ptr_array_add (user_data, list);
}

static XnObject *
copy_shallow (CopyState *state,
              XnObject  *source)
{
  GType type = G_OBJECT_TYPE (source);
  const char *uuid = xn_object_get_uuid (source);
  g_autofree char *fresh = NULL;
  GPtrArray *props;
  XnObject *copy;
  const char *names[1] = { "uuid" };
  GValue values[1] = { G_VALUE_INIT };

  if (state->flags & XN_COPY_NEW_UUIDS)
    {
      fresh = _xn_uuid_random ();
      g_hash_table_insert (state->uuid_map, g_strdup (uuid), g_strdup (fresh));
      uuid = fresh;
    }

  g_value_init (&values[0], G_TYPE_STRING);
  g_value_set_static_string (&values[0], uuid);
  copy = XN_OBJECT (g_object_new_with_properties (type, 1, names, values));
  g_value_unset (&values[0]);

  props = copyable_props (state, type);
  for (guint i = 0; i < props->len; i++)
    {
      GParamSpec *pspec = g_ptr_array_index (props, i);
      GValue v = G_VALUE_INIT;

      g_value_init (&v, pspec->value_type);
      g_object_get_property (G_OBJECT (source), pspec->name, &v);
      g_object_set_property (G_OBJECT (copy), pspec->name, &v);
      g_value_unset (&v);
    }

  /* A twin is still the object of that line; one with a fresh identity
   * (a paste, an import) was never in the file. */
  if (!(state->flags & XN_COPY_NEW_UUIDS))
    {
      XnObjectPrivate *priv = xn_object_get_instance_private (copy);

      priv->line = xn_object_get_source_line (source);
    }

  g_ptr_array_add (state->copies, copy);

  return copy;
}

static void
copy_children (CopyState *state,
               XnObject  *source,
               XnObject  *copy)
{
  g_autoptr(GPtrArray) src_lists = g_ptr_array_new ();
  g_autoptr(GPtrArray) dst_lists = g_ptr_array_new ();

  xn_object_foreach_list (source, collect_list_cb, src_lists);
  xn_object_foreach_list (copy, collect_list_cb, dst_lists);

  /* Same class, same lists in the same order. */
  g_assert (src_lists->len == dst_lists->len);

  for (guint l = 0; l < src_lists->len; l++)
    {
      XnObjectList *src = g_ptr_array_index (src_lists, l);
      XnObjectList *dst = g_ptr_array_index (dst_lists, l);
      guint n = xn_object_list_get_n_items (src);

      /* A class that makes default children would otherwise end up with
       * them twice: the copy must equal the source. */
      while (xn_object_list_get_n_items (dst) > 0)
        xn_object_list_remove (dst, xn_object_list_get_n_items (dst) - 1);

      for (guint i = 0; i < n; i++)
        {
          XnObject *child = xn_object_list_get (src, i);
          g_autoptr(XnObject) child_copy = copy_shallow (state, child);

          /* Attach before filling: the root's index then sees each object
           * once, which keeps a whole-document copy linear. */
          xn_object_list_append (dst, child_copy);
          copy_children (state, child, child_copy);
        }
    }
}

/**
 * xn_object_copy:
 * @self: an #XnObject
 * @flags: how to treat UUIDs
 *
 * Deep-copies @self: every readable and writable property that is not
 * construct-only (found through GObject introspection, so subclasses need
 * no copy code), the UUID, and every child list recursively. The copy has
 * no parent.
 *
 * With %XN_COPY_NEW_UUIDS every object of the copy gets a fresh UUID and
 * every reference (see xn_object_property_is_reference()) to an object
 * inside the copied subtree is rewritten to the fresh one; references to
 * objects outside the subtree stay as they were.
 *
 * Returns: (transfer full): the copy, of the same type as @self
 */
XnObject *
xn_object_copy (XnObject    *self,
                XnCopyFlags  flags)
{
  CopyState state;
  XnObject *copy;

  g_return_val_if_fail (XN_IS_OBJECT (self), NULL);

  state.flags = flags;
  state.props = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  state.uuid_map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  state.copies = g_ptr_array_new ();

  copy = copy_shallow (&state, self);
  copy_children (&state, self, copy);

  if (flags & XN_COPY_NEW_UUIDS)
    {
      for (guint i = 0; i < state.copies->len; i++)
        {
          XnObject *o = g_ptr_array_index (state.copies, i);
          GPtrArray *props = copyable_props (&state, G_OBJECT_TYPE (o));

          for (guint p = 0; p < props->len; p++)
            {
              GParamSpec *pspec = g_ptr_array_index (props, p);
              g_autofree char *ref = NULL;
              const char *mapped;

              if (!xn_object_property_is_reference (pspec))
                continue;
              g_object_get (o, pspec->name, &ref, NULL);
              if (ref == NULL)
                continue;
              mapped = g_hash_table_lookup (state.uuid_map, ref);
              if (mapped != NULL)
                g_object_set (o, pspec->name, mapped, NULL);
            }
        }
    }

  g_ptr_array_unref (state.copies);
  g_hash_table_unref (state.uuid_map);
  g_hash_table_unref (state.props);

  return copy;
}
