/* test-node.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include "test-node.h"

enum {
  NODE_PROP_0,
  NODE_PROP_COLOUR,
  NODE_N_PROPS
};

static GParamSpec *node_properties [NODE_N_PROPS];

G_DEFINE_FINAL_TYPE (TestNode, test_node, XN_TYPE_OBJECT)

static void
test_node_foreach_list (XnObject         *object,
                        XnObjectListFunc  func,
                        gpointer          user_data)
{
  func (TEST_NODE (object)->children, user_data);
}

static void
test_node_descendant_added (XnObject *object,
                            XnObject *d)
{
  g_hash_table_insert (TEST_NODE (object)->index, g_strdup (xn_object_get_uuid (d)), d);
}

static void
test_node_descendant_removed (XnObject *object,
                              XnObject *d)
{
  g_hash_table_remove (TEST_NODE (object)->index, xn_object_get_uuid (d));
}

static void
test_node_set_colour (TestNode   *self,
                      const char *colour)
{
  if (g_strcmp0 (self->colour, colour) == 0)
    return;

  g_free (self->colour);
  self->colour = g_strdup (colour);
  g_object_notify_by_pspec (G_OBJECT (self), node_properties [NODE_PROP_COLOUR]);
}

static void
test_node_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  switch (prop_id)
    {
    case NODE_PROP_COLOUR:
      g_value_set_string (value, TEST_NODE (object)->colour);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_node_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case NODE_PROP_COLOUR:
      test_node_set_colour (TEST_NODE (object), g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_node_dispose (GObject *object)
{
  g_clear_object (&TEST_NODE (object)->children);
  G_OBJECT_CLASS (test_node_parent_class)->dispose (object);
}

static void
test_node_finalize (GObject *object)
{
  g_hash_table_unref (TEST_NODE (object)->index);
  g_free (TEST_NODE (object)->colour);
  G_OBJECT_CLASS (test_node_parent_class)->finalize (object);
}

static void
test_node_class_init (TestNodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  XN_OBJECT_CLASS (klass)->foreach_list = test_node_foreach_list;
  XN_OBJECT_CLASS (klass)->descendant_added = test_node_descendant_added;
  XN_OBJECT_CLASS (klass)->descendant_removed = test_node_descendant_removed;
  object_class->dispose = test_node_dispose;
  object_class->finalize = test_node_finalize;
  object_class->get_property = test_node_get_property;
  object_class->set_property = test_node_set_property;

  node_properties [NODE_PROP_COLOUR] =
    g_param_spec_string ("colour", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, NODE_N_PROPS, node_properties);
}

static void
test_node_init (TestNode *self)
{
  self->children = xn_object_list_new (TEST_TYPE_NODE, XN_OBJECT (self));
  self->index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

TestNode *
node (const char *name)
{
  return g_object_new (TEST_TYPE_NODE, "name", name, NULL);
}
