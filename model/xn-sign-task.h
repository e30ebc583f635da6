/* xn-sign-task.h: signing a policy off the GTK thread
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void    xn_sign_task_run_async (GBytes              *document,
                                const char          *key_path,
                                const char          *cert_path,
                                GFile               *out,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data);
GBytes *xn_sign_task_finish    (GAsyncResult        *result,
                                char               **subject,
                                GError             **error);

G_END_DECLS
