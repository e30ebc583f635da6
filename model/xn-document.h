/* xn-document.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "xenon-model.h"

G_BEGIN_DECLS

#define XN_TYPE_DOCUMENT (xn_document_get_type())

G_DECLARE_FINAL_TYPE (XnDocument, xn_document, XN, DOCUMENT, GObject)

XnDocument     *xn_document_new               (XnPolicy    *policy);
XnDocument     *xn_document_new_from_template (void);
XnDocument     *xn_document_load              (GFile       *file,
                                               GError     **error);
void            xn_document_load_async        (GFile       *file,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer     user_data);
XnDocument     *xn_document_load_finish       (GAsyncResult *result,
                                               GError     **error);
gboolean        xn_document_save              (XnDocument  *self,
                                               GFile       *file,
                                               GError     **error);
XnPolicy       *xn_document_get_policy        (XnDocument  *self);
XnCommandStack *xn_document_get_stack         (XnDocument  *self);
GFile          *xn_document_get_file          (XnDocument  *self);
gboolean        xn_document_get_modified      (XnDocument  *self);
char           *xn_document_dup_title         (XnDocument  *self);
XnHost         *xn_document_get_host          (XnDocument  *self);
gboolean        xn_document_push              (XnDocument  *self,
                                               XnCommand   *command,
                                               GError     **error);
gboolean        xn_document_set               (XnDocument  *self,
                                               gpointer     object,
                                               const char  *property,
                                               const GValue *value,
                                               GError     **error);
gboolean        xn_document_set_string        (XnDocument  *self,
                                               gpointer     object,
                                               const char  *property,
                                               const char  *value,
                                               GError     **error);
gboolean        xn_document_set_uint          (XnDocument  *self,
                                               gpointer     object,
                                               const char  *property,
                                               guint        value,
                                               GError     **error);
gboolean        xn_document_set_boolean       (XnDocument  *self,
                                               gpointer     object,
                                               const char  *property,
                                               gboolean     value,
                                               GError     **error);
gboolean        xn_document_set_enum          (XnDocument  *self,
                                               gpointer     object,
                                               const char  *property,
                                               int          value,
                                               GError     **error);
gboolean        xn_document_undo              (XnDocument  *self,
                                               GError     **error);
gboolean        xn_document_redo              (XnDocument  *self,
                                               GError     **error);
GListModel     *xn_document_lint              (XnDocument  *self);
gboolean        xn_document_check_trial       (XnDocument  *self,
                                               XnCommand *(*build) (XnPolicy *policy, gpointer data),
                                               gpointer     data,
                                               char       **reason);

G_END_DECLS
