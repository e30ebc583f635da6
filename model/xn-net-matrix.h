/* xn-net-matrix.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib-object.h>

#include "xn-types.h"
#include "xn-compile.h"

G_BEGIN_DECLS

typedef struct _XnNetMatrix XnNetMatrix;

#define XN_TYPE_NET_MATRIX (xn_net_matrix_get_type ())

GType             xn_net_matrix_get_type          (void) G_GNUC_CONST;
XnNetMatrix      *xn_net_matrix_new               (XnPolicy      *policy,
                                                   const char    *host_name,
                                                   GError       **error);
XnNetMatrix      *xn_net_matrix_ref               (XnNetMatrix   *self);
void              xn_net_matrix_unref             (XnNetMatrix   *self);

XnPlan           *xn_net_matrix_get_plan          (XnNetMatrix   *self);
guint             xn_net_matrix_get_n_switches    (XnNetMatrix   *self);
const char       *xn_net_matrix_get_switch_name   (XnNetMatrix   *self,
                                                   guint          sw);
int               xn_net_matrix_find_switch       (XnNetMatrix   *self,
                                                   const char    *name);
guint             xn_net_matrix_get_n_ports       (XnNetMatrix   *self,
                                                   guint          sw);
const XnPlanPort *xn_net_matrix_get_port          (XnNetMatrix   *self,
                                                   guint          sw,
                                                   guint          port);
gboolean          xn_net_matrix_get_cell          (XnNetMatrix   *self,
                                                   guint          sw,
                                                   guint          src,
                                                   guint          dst,
                                                   XnPairVerdict *verdict);
char             *xn_net_matrix_dup_cell_reason   (XnNetMatrix   *self,
                                                   guint          sw,
                                                   guint          src,
                                                   guint          dst);
gboolean          xn_net_matrix_domains_may_talk  (XnNetMatrix   *self,
                                                   const char    *domain_a,
                                                   const char    *domain_b,
                                                   char         **code,
                                                   char         **reason);
char             *xn_net_matrix_format            (XnNetMatrix   *self,
                                                   const char    *switch_name);

const char       *xn_pair_reason_get_code         (XnPairReason   reason);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (XnNetMatrix, xn_net_matrix_unref)

G_END_DECLS
