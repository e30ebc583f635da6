/* xn-xl.h: creating a domain with Xen's `xl` tool
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void     xn_xl_create_async  (const char          *xl,
                              const char          *domain_name,
                              const char          *config,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data);
gboolean xn_xl_create_finish (GAsyncResult        *result,
                              GError             **error);

void     xn_xl_migrate_async  (const char          *xl,
                               const char          *domain_name,
                               const char          *address,
                               guint                port,
                               const char          *identity,
                               const char          *known_hosts,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data);
gboolean xn_xl_migrate_finish (GAsyncResult        *result,
                               GError             **error);

G_END_DECLS
