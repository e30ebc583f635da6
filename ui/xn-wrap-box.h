/* xn-wrap-box.h: a row of widgets that folds onto more lines when narrow
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define XN_TYPE_WRAP_BOX (xn_wrap_box_get_type ())
G_DECLARE_FINAL_TYPE (XnWrapBox, xn_wrap_box, XN, WRAP_BOX, GtkWidget)

GtkWidget *xn_wrap_box_new         (int        spacing);
void       xn_wrap_box_append      (XnWrapBox *self,
                                    GtkWidget *child);
int        xn_wrap_box_get_spacing (XnWrapBox *self);
void       xn_wrap_box_set_spacing (XnWrapBox *self,
                                    int        spacing);

G_END_DECLS
