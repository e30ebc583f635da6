/* xn-ovs.h: a plan's flows onto Open vSwitch
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "xn-compile.h"

G_BEGIN_DECLS

typedef struct _XnOvs XnOvs;

XnOvs      *xn_ovs_new           (const char  *db,
                                  const char  *datapath_type);
void        xn_ovs_free          (XnOvs       *self);
const char *xn_ovs_get_db        (XnOvs       *self);
void        xn_ovs_set_ports_dir (XnOvs       *self,
                                  const char  *dir);
void        xn_ovs_set_driver    (XnOvs       *self,
                                  const char  *driver);
void        xn_ovs_set_every_driver (XnOvs    *self);
gboolean    xn_ovs_apply         (XnOvs       *self,
                                  XnPlan      *plan,
                                  XnPlan      *previous,
                                  GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (XnOvs, xn_ovs_free)

G_END_DECLS
