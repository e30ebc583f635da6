/* xn-application.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define XN_TYPE_APPLICATION (xn_application_get_type())

G_DECLARE_FINAL_TYPE (XnApplication, xn_application, XN, APPLICATION, AdwApplication)

XnApplication *xn_application_new       (void);
GListModel    *xn_application_get_hosts (XnApplication *self);

G_END_DECLS
