/* test-node.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* A tiny document for the model's generic tests: nodes with a "colour"
 * property and one list of children; the root indexes its descendants by
 * UUID as a policy does. */

#pragma once

#include "xn-object-list.h"

G_BEGIN_DECLS

#define TEST_TYPE_NODE (test_node_get_type ())
G_DECLARE_FINAL_TYPE (TestNode, test_node, TEST, NODE, XnObject)

struct _TestNode
{
  XnObject      parent_instance;
  XnObjectList *children;
  GHashTable   *index;       /* on the root: uuid → descendant */
  char         *colour;
};

TestNode *node (const char *name);

G_END_DECLS
