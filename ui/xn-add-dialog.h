/* xn-add-dialog.h: Add enclave… and Add root domain…
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "xn-document.h"

G_BEGIN_DECLS

#define XN_TYPE_ADD_DIALOG (xn_add_dialog_get_type ())
G_DECLARE_FINAL_TYPE (XnAddDialog, xn_add_dialog, XN, ADD_DIALOG, GtkWindow)

XnAddDialog *xn_add_dialog_new_enclave     (GtkWindow   *parent,
                                            XnDocument  *document);
XnAddDialog *xn_add_dialog_new_root_domain (GtkWindow   *parent,
                                            XnDocument  *document);
XnAddDialog *xn_add_dialog_new_switch      (GtkWindow   *parent,
                                            XnDocument  *document);
XnAddDialog *xn_add_dialog_new_domain      (GtkWindow   *parent,
                                            XnDocument  *document,
                                            XnEnclave   *enclave);
void         xn_add_dialog_set_name        (XnAddDialog *self,
                                            const char  *name);
gboolean     xn_add_dialog_choose          (XnAddDialog *self,
                                            XnObject    *choice);
const char  *xn_add_dialog_get_problem     (XnAddDialog *self);
XnObject    *xn_add_dialog_accept          (XnAddDialog *self);

G_END_DECLS
