/* xn-object-list.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "xn-object.h"

G_BEGIN_DECLS

#define XN_TYPE_OBJECT_LIST (xn_object_list_get_type ())

G_DECLARE_FINAL_TYPE (XnObjectList, xn_object_list, XN, OBJECT_LIST, GObject)

XnObjectList *xn_object_list_new         (GType          item_type,
                                          XnObject      *owner);
GType         xn_object_list_get_item_type (XnObjectList *self);
XnObject     *xn_object_list_get_owner   (XnObjectList  *self);
guint         xn_object_list_get_n_items (XnObjectList  *self);
gpointer      xn_object_list_get         (XnObjectList  *self,
                                          guint          position);
void          xn_object_list_insert      (XnObjectList  *self,
                                          guint          position,
                                          XnObject      *object);
void          xn_object_list_append      (XnObjectList  *self,
                                          XnObject      *object);
XnObject     *xn_object_list_steal       (XnObjectList  *self,
                                          guint          position);
void          xn_object_list_remove      (XnObjectList  *self,
                                          guint          position);
gboolean      xn_object_list_find        (XnObjectList  *self,
                                          XnObject      *object,
                                          guint         *position);
XnObject     *xn_object_list_lookup_uuid (XnObjectList  *self,
                                          const char    *uuid);
XnObject     *xn_object_list_lookup_name (XnObjectList  *self,
                                          const char    *name);

G_END_DECLS
