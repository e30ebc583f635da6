/* xn-matrix.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib-object.h>

#include "xn-types.h"

G_BEGIN_DECLS

typedef struct _XnMatrix XnMatrix;

#define XN_TYPE_MATRIX (xn_matrix_get_type ())

GType       xn_matrix_get_type                  (void) G_GNUC_CONST;
XnMatrix   *xn_matrix_new                       (XnPolicy *policy);
XnMatrix   *xn_matrix_ref                       (XnMatrix *self);
void        xn_matrix_unref                     (XnMatrix *self);

guint       xn_matrix_get_n_tags                (XnMatrix *self);
const char *xn_matrix_get_tag_name              (XnMatrix *self,
                                                 guint     tag);
int         xn_matrix_find_tag                  (XnMatrix   *self,
                                                 const char *name);
gboolean    xn_matrix_tags_may_communicate      (XnMatrix *self,
                                                 guint     a,
                                                 guint     b);
gboolean    xn_matrix_tags_may_run_together     (XnMatrix *self,
                                                 guint     a,
                                                 guint     b);
char       *xn_matrix_dup_tag_reason            (XnMatrix *self,
                                                 guint     a,
                                                 guint     b);

guint       xn_matrix_get_n_domains             (XnMatrix *self);
const char *xn_matrix_get_domain_name           (XnMatrix *self,
                                                 guint     domain);
const char *xn_matrix_get_domain_host           (XnMatrix *self,
                                                 guint     domain);
int         xn_matrix_get_domain_tag            (XnMatrix *self,
                                                 guint     domain);
int         xn_matrix_find_domain               (XnMatrix   *self,
                                                 const char *host_name,
                                                 const char *domain_name);
gboolean    xn_matrix_domains_may_communicate   (XnMatrix *self,
                                                 guint     a,
                                                 guint     b);
gboolean    xn_matrix_domains_may_run_together  (XnMatrix *self,
                                                 guint     a,
                                                 guint     b);
char       *xn_matrix_dup_domain_reason         (XnMatrix *self,
                                                 guint     a,
                                                 guint     b);
char       *xn_matrix_format                    (XnMatrix *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (XnMatrix, xn_matrix_unref)

G_END_DECLS
