/* xn-tag-chip.h: a tag's chip, its colour, pattern and initial
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "xenon-model.h"

G_BEGIN_DECLS

#define XN_TYPE_TAG_CHIP (xn_tag_chip_get_type ())
G_DECLARE_FINAL_TYPE (XnTagChip, xn_tag_chip, XN, TAG_CHIP, GtkWidget)

GtkWidget *xn_tag_chip_new     (void);
void       xn_tag_chip_set_tag (XnTagChip *self,
                                XnTag     *tag);
void       xn_tag_chip_paint   (cairo_t   *cr,
                                XnTag     *tag,
                                int        width,
                                int        height);

G_END_DECLS
