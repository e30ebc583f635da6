/* xn-learn-dialog.h: Propose Profile… — profile learning from Live mode
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "xn-document.h"
#include "xn-host-model.h"

G_BEGIN_DECLS

#define XN_TYPE_LEARN_DIALOG (xn_learn_dialog_get_type ())
G_DECLARE_FINAL_TYPE (XnLearnDialog, xn_learn_dialog, XN, LEARN_DIALOG, GtkWindow)

XnLearnDialog *xn_learn_dialog_new        (GtkWindow     *parent,
                                           XnHostModel   *host,
                                           const char    *domain_uuid,
                                           const char    *domain_name,
                                           XnDocument    *document);
gboolean       xn_learn_dialog_is_ready   (XnLearnDialog *self);
const char    *xn_learn_dialog_get_status (XnLearnDialog *self);
const char    *xn_learn_dialog_get_xml    (XnLearnDialog *self);
gboolean       xn_learn_dialog_apply      (XnLearnDialog *self);

G_END_DECLS
