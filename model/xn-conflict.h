/* xn-conflict.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "xn-object-list.h"
#include "xn-enums.h"
#include "xn-types.h"

G_BEGIN_DECLS

#define XN_TYPE_CONFLICT (xn_conflict_get_type ())

G_DECLARE_FINAL_TYPE (XnConflict, xn_conflict, XN, CONFLICT, XnObject)

XnConflict   *xn_conflict_new                    (void);
guint         xn_conflict_get_id                 (XnConflict *self);
void          xn_conflict_set_id                 (XnConflict *self,
                                                  guint       id);
gboolean      xn_conflict_get_allow_simultaneous (XnConflict *self);
void          xn_conflict_set_allow_simultaneous (XnConflict *self,
                                                  gboolean    allow_simultaneous);
XnObjectList *xn_conflict_get_tag_refs           (XnConflict *self);
gboolean      xn_conflict_has_tag                (XnConflict *self,
                                                  const char *tag_uuid);

G_END_DECLS
