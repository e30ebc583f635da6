/* xn-migration.h: a domain moved between two hosts, asked of both
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include "xn-host1-generated.h"

G_BEGIN_DECLS

void     xn_migration_run_async  (XnHost1             *source,
                                  XnHost1             *target,
                                  const char          *domain,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
gboolean xn_migration_run_finish (GAsyncResult        *result,
                                  double              *seconds,
                                  char               **name,
                                  GError             **error);

G_END_DECLS
