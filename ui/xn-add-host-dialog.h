/* xn-add-host-dialog.h: adding a host to manage
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "xn-host-list.h"

G_BEGIN_DECLS

#define XN_TYPE_ADD_HOST_DIALOG (xn_add_host_dialog_get_type ())
G_DECLARE_FINAL_TYPE (XnAddHostDialog, xn_add_host_dialog, XN, ADD_HOST_DIALOG, GtkWindow)

XnAddHostDialog *xn_add_host_dialog_new        (GtkWindow       *parent,
                                                XnHostList      *list);
void             xn_add_host_dialog_set_fields (XnAddHostDialog *self,
                                                const char      *name,
                                                const char      *address,
                                                const char      *port,
                                                const char      *user,
                                                const char      *key);
const char      *xn_add_host_dialog_get_problem (XnAddHostDialog *self);
gboolean         xn_add_host_dialog_accept     (XnAddHostDialog *self);

G_END_DECLS
