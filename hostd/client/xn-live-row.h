/* xn-live-row.h: one row a daemon sends (an a{sv} dictionary)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define XN_TYPE_LIVE_ROW (xn_live_row_get_type ())
G_DECLARE_FINAL_TYPE (XnLiveRow, xn_live_row, XN, LIVE_ROW, GObject)

XnLiveRow   *xn_live_row_new          (GVariant    *dict);
GVariant    *xn_live_row_get          (XnLiveRow   *self,
                                       const char  *key);
const char  *xn_live_row_get_string   (XnLiveRow   *self,
                                       const char  *key);
double       xn_live_row_get_number   (XnLiveRow   *self,
                                       const char  *key);
void         xn_live_row_set          (XnLiveRow   *self,
                                       const char  *key,
                                       GVariant    *value);
gboolean     xn_live_row_update       (XnLiveRow   *self,
                                       XnLiveRow   *from);
int          xn_live_row_compare      (XnLiveRow   *a,
                                       XnLiveRow   *b,
                                       const char  *key);
double       xn_variant_get_number    (GVariant    *value);

G_END_DECLS
