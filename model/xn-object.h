/* xn-object.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define XN_TYPE_OBJECT (xn_object_get_type ())

G_DECLARE_DERIVABLE_TYPE (XnObject, xn_object, XN, OBJECT, GObject)

typedef struct _XnObjectList XnObjectList;

/**
 * XnObjectListFunc:
 * @list: one child list of the object
 * @user_data: closure
 *
 * Called by xn_object_foreach_list() for each child list.
 */
typedef void (*XnObjectListFunc) (XnObjectList *list,
                                  gpointer      user_data);

struct _XnObjectClass
{
  GObjectClass parent_class;

  /* Child lists this object owns, for indexing and tree walks. */
  void (*foreach_list)       (XnObject         *self,
                              XnObjectListFunc  func,
                              gpointer          user_data);
  /* Called on the root of a tree when a subtree joins or leaves it. */
  void (*descendant_added)   (XnObject         *self,
                              XnObject         *descendant);
  void (*descendant_removed) (XnObject         *self,
                              XnObject         *descendant);

  /*< private >*/
  gpointer padding[8];
};

const char *xn_object_get_uuid     (XnObject         *self);
const char *xn_object_get_name     (XnObject         *self);
void        xn_object_set_name     (XnObject         *self,
                                    const char       *name);
XnObject   *xn_object_get_parent   (XnObject         *self);
XnObject   *xn_object_get_root     (XnObject         *self);
void        xn_object_foreach_list (XnObject         *self,
                                    XnObjectListFunc  func,
                                    gpointer          user_data);
char       *xn_object_dup_path     (XnObject         *self);
gboolean    xn_uuid_is_valid       (const char       *text);

/* For XnObjectList only. */
void        _xn_object_set_parent  (XnObject         *self,
                                    XnObject         *parent);

G_END_DECLS
