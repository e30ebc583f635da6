/* xn-host-model-private.h: what the host's client objects share
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include "xn-host-list.h"

G_BEGIN_DECLS

GTask *_xn_host_task_new          (gpointer             source_object,
                                   XnRemoteHost        *host,
                                   XnHost1             *proxy,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data,
                                   gpointer             source_tag);
void   _xn_host_task_return_error (GTask               *task,
                                   GError              *error);

G_END_DECLS
