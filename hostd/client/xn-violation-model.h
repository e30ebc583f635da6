/* xn-violation-model.h: a million violations, compactly
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define XN_TYPE_VIOLATION_MODEL (xn_violation_model_get_type ())
G_DECLARE_FINAL_TYPE (XnViolationModel, xn_violation_model, XN, VIOLATION_MODEL, GObject)

XnViolationModel *xn_violation_model_new          (void);
void              xn_violation_model_append       (XnViolationModel *self,
                                                   GVariant         *rows,
                                                   GHashTable       *tags);
guint             xn_violation_model_get_n_total  (XnViolationModel *self);
guint64           xn_violation_model_get_last_seq (XnViolationModel *self);
void              xn_violation_model_drop_up_to   (XnViolationModel *self,
                                                   guint64           seq);
void              xn_violation_model_clear        (XnViolationModel *self);

#define XN_TYPE_VIOLATION_FILTER_MODEL (xn_violation_filter_model_get_type ())
G_DECLARE_FINAL_TYPE (XnViolationFilterModel, xn_violation_filter_model, XN, VIOLATION_FILTER_MODEL, GObject)

XnViolationFilterModel *xn_violation_filter_model_new               (XnViolationModel       *rows);
XnViolationModel       *xn_violation_filter_model_get_rows          (XnViolationFilterModel *self);
void                    xn_violation_filter_model_set_filter        (XnViolationFilterModel *self,
                                                                     const char             *domain_or_tag,
                                                                     const char             *text);
void                    xn_violation_filter_model_set_sort          (XnViolationFilterModel *self,
                                                                     const char             *key,
                                                                     gboolean                descending);
gboolean                xn_violation_filter_model_sort_is_by_viewed (XnViolationFilterModel *self);
guint                   xn_violation_filter_model_get_n_new         (XnViolationFilterModel *self);
GArray                 *xn_violation_filter_model_mark_shown_viewed (XnViolationFilterModel *self);

G_END_DECLS
