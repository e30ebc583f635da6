/* xn-migrate-dialog.h: "Migrate to…", asked of both hosts
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "xn-host-list.h"
#include "xn-live-row.h"

G_BEGIN_DECLS

#define XN_TYPE_MIGRATE_DIALOG (xn_migrate_dialog_get_type ())
G_DECLARE_FINAL_TYPE (XnMigrateDialog, xn_migrate_dialog, XN, MIGRATE_DIALOG, AdwMessageDialog)

void xn_migrate_dialog_present (GtkWidget    *from,
                                XnRemoteHost *source,
                                GListModel   *hosts,
                                XnLiveRow    *domain);
gboolean xn_migrate_dialog_can_migrate (XnRemoteHost *source,
                                        XnLiveRow    *domain);

G_END_DECLS
