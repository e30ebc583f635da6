/* xn-xl-pair.h
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

#define XN_TYPE_XL_PAIR (xn_xl_pair_get_type ())

G_DECLARE_FINAL_TYPE (XnXlPair, xn_xl_pair, XN, XL_PAIR, XnObject)

XnXlPair   *xn_xl_pair_new      (const char *text);
const char *xn_xl_pair_get_text (XnXlPair   *self);
void        xn_xl_pair_set_text (XnXlPair   *self,
                                 const char *text);

const char *xn_xl_text_find_reserved_key (const char *text);

G_END_DECLS
