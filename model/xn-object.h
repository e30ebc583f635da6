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
 * XnCopyFlags:
 * @XN_COPY_DEFAULT: the copy keeps every UUID: a twin of the source
 * @XN_COPY_NEW_UUIDS: every object of the copy gets a fresh UUID, and
 *   references that point inside the copied subtree follow them;
 *   references pointing outside it are kept as they are
 *
 * How xn_object_copy() treats identities.
 */
typedef enum
{
  XN_COPY_DEFAULT   = 0,
  XN_COPY_NEW_UUIDS = 1 << 0,
} XnCopyFlags;

#define XN_TYPE_COPY_FLAGS (xn_copy_flags_get_type ())
GType xn_copy_flags_get_type (void) G_GNUC_CONST;

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
guint       xn_object_get_source_line (XnObject      *self);
void        xn_object_set_name     (XnObject         *self,
                                    const char       *name);
XnObject   *xn_object_get_parent   (XnObject         *self);
XnObject   *xn_object_get_root     (XnObject         *self);
void        xn_object_foreach_list (XnObject         *self,
                                    XnObjectListFunc  func,
                                    gpointer          user_data);
char       *xn_object_dup_path     (XnObject         *self);
gboolean    xn_uuid_is_valid       (const char       *text);
XnObject   *xn_object_copy         (XnObject         *self,
                                    XnCopyFlags       flags);
gboolean    xn_object_property_is_reference (GParamSpec *pspec);

/* For XnObjectList and the loader only. */
void        _xn_object_init_name   (XnObject         *self,
                                    const char       *name);
void        _xn_object_init_source_line (XnObject   *self,
                                         guint       line);
void        _xn_object_drop_parent (XnObject         *self);
void        _xn_object_set_parent  (XnObject         *self,
                                    XnObject         *parent);

G_END_DECLS
