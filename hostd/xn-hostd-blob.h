/* xn-hostd-blob.h: guard blob of a policy, until the compiler lands
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include "xenon-model.h"

G_BEGIN_DECLS

GBytes   *xn_hostd_build_blob   (XnPolicy    *policy,
                                 XnHost      *host,
                                 GError     **error);
gboolean  xn_hostd_parse_uuid   (const char  *text,
                                 guint8       out[16]);
void      xn_hostd_foreach_domain (XnHost   *host,
                                   GFunc     func,
                                   gpointer  user_data);

G_END_DECLS
