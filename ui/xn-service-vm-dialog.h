/* xn-service-vm-dialog.h: Create Service VM — a pre-configured service domain
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "xn-document.h"

G_BEGIN_DECLS

typedef enum
{
  XN_SERVICE_VM_NETWORK,
  XN_SERVICE_VM_STORAGE,
} XnServiceVmKind;

#define XN_TYPE_SERVICE_VM_DIALOG (xn_service_vm_dialog_get_type ())
G_DECLARE_FINAL_TYPE (XnServiceVmDialog, xn_service_vm_dialog, XN, SERVICE_VM_DIALOG, GtkWindow)

XnServiceVmDialog *xn_service_vm_dialog_new         (GtkWindow         *parent,
                                                     XnDocument        *document,
                                                     XnEnclave         *enclave,
                                                     XnServiceVmKind    kind);
void               xn_service_vm_dialog_set_kind    (XnServiceVmDialog *self,
                                                     XnServiceVmKind    kind);
gboolean           xn_service_vm_dialog_set_enclave (XnServiceVmDialog *self,
                                                     XnEnclave         *enclave);
gboolean           xn_service_vm_dialog_set_device  (XnServiceVmDialog *self,
                                                     XnDevice          *device);
void               xn_service_vm_dialog_set_fields  (XnServiceVmDialog *self,
                                                     const char        *name,
                                                     const char        *switch_name,
                                                     const char        *address,
                                                     const char        *netmask);
const char        *xn_service_vm_dialog_get_problem (XnServiceVmDialog *self);
XnDomain          *xn_service_vm_dialog_accept      (XnServiceVmDialog *self);

G_END_DECLS
