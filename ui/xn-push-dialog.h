/* xn-push-dialog.h: Apply to Hosts… — sign, dry-run, push
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "xn-document.h"
#include "xn-host-list.h"

G_BEGIN_DECLS

#define XN_TYPE_PUSH_DIALOG (xn_push_dialog_get_type ())
G_DECLARE_FINAL_TYPE (XnPushDialog, xn_push_dialog, XN, PUSH_DIALOG, GtkWindow)

XnPushDialog *xn_push_dialog_new        (GtkWindow    *parent,
                                         XnDocument   *document,
                                         GListModel   *hosts);
void          xn_push_dialog_set_keys   (XnPushDialog *self,
                                         const char   *key_path,
                                         const char   *cert_path);
void          xn_push_dialog_dry_run    (XnPushDialog *self);
void          xn_push_dialog_apply      (XnPushDialog *self);
gboolean      xn_push_dialog_is_busy    (XnPushDialog *self);
const char   *xn_push_dialog_get_result (XnPushDialog *self,
                                         const char   *host_name);
gboolean      xn_push_dialog_get_dry_run_ok (XnPushDialog *self,
                                         const char   *host_name);

G_END_DECLS
