/* xn-tag-ref.h
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

#define XN_TYPE_TAG_REF (xn_tag_ref_get_type ())

G_DECLARE_FINAL_TYPE (XnTagRef, xn_tag_ref, XN, TAG_REF, XnObject)

XnTagRef   *xn_tag_ref_new          (const char *tag_uuid);
const char *xn_tag_ref_get_tag_uuid (XnTagRef   *self);
void        xn_tag_ref_set_tag_uuid (XnTagRef   *self,
                                     const char *tag_uuid);
XnTag      *xn_tag_ref_get_tag      (XnTagRef   *self);

G_END_DECLS
