/* xn-sec-label.h
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

#define XN_TYPE_SEC_LABEL (xn_sec_label_get_type ())

G_DECLARE_FINAL_TYPE (XnSecLabel, xn_sec_label, XN, SEC_LABEL, XnObject)

XnSecLabel *xn_sec_label_new              (void);
const char *xn_sec_label_get_tag_uuid     (XnSecLabel *self);
void        xn_sec_label_set_tag_uuid     (XnSecLabel *self,
                                           const char *tag_uuid);
const char *xn_sec_label_get_profile_uuid (XnSecLabel *self);
void        xn_sec_label_set_profile_uuid (XnSecLabel *self,
                                           const char *profile_uuid);
XnTag      *xn_sec_label_get_tag          (XnSecLabel *self);
XnProfile  *xn_sec_label_get_profile      (XnSecLabel *self);

G_END_DECLS
