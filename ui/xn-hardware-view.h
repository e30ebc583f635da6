/* xn-hardware-view.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "xn-document.h"

G_BEGIN_DECLS

#define XN_TYPE_HARDWARE_VIEW (xn_hardware_view_get_type())

G_DECLARE_FINAL_TYPE (XnHardwareView, xn_hardware_view, XN, HARDWARE_VIEW, GtkWidget)

GtkWidget     *xn_hardware_view_new              (void);
void           xn_hardware_view_set_document     (XnHardwareView *self,
                                                  XnDocument     *document);
void           xn_hardware_view_rebuild          (XnHardwareView *self);
GtkDropTarget *xn_hardware_view_get_drop_target  (XnHardwareView *self,
                                                  XnObject       *target);
gboolean       xn_hardware_view_assign_device    (XnHardwareView *self,
                                                  XnDevice       *device,
                                                  XnObject       *target,
                                                  char          **reason);
gboolean       xn_hardware_view_move_domain      (XnHardwareView *self,
                                                  XnDomain       *domain,
                                                  XnEnclave      *enclave,
                                                  char          **reason);
const char    *xn_hardware_view_get_status       (XnHardwareView *self);

G_END_DECLS
