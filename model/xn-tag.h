/* xn-tag.h
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

#define XN_TYPE_TAG (xn_tag_get_type ())

G_DECLARE_FINAL_TYPE (XnTag, xn_tag, XN, TAG, XnObject)

XnTag      *xn_tag_new       (void);
guint       xn_tag_get_id    (XnTag      *self);
void        xn_tag_set_id    (XnTag      *self,
                              guint       id);
const char *xn_tag_get_color (XnTag      *self);
void        xn_tag_set_color (XnTag      *self,
                              const char *color);

G_END_DECLS
