/* xn-violation-log.h: a host's violations, read as the daemon adds them
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "xn-violation-model.h"

G_BEGIN_DECLS

typedef struct _XnRemoteHost XnRemoteHost;

#define XN_TYPE_VIOLATION_LOG (xn_violation_log_get_type ())
G_DECLARE_FINAL_TYPE (XnViolationLog, xn_violation_log, XN, VIOLATION_LOG, GObject)

XnViolationLog *xn_violation_log_new                (XnRemoteHost        *host);
XnViolationLog *xn_violation_log_dup_for_host       (XnRemoteHost        *host);
XnViolationModel *xn_violation_log_get_rows         (XnViolationLog      *self);
gboolean        xn_violation_log_get_connected      (XnViolationLog      *self);
guint64         xn_violation_log_get_last_seq       (XnViolationLog      *self);
GHashTable     *xn_violation_log_get_tags           (XnViolationLog      *self);
void            xn_violation_log_fetch              (XnViolationLog      *self);
void            xn_violation_log_mark_viewed_async  (XnViolationLog      *self,
                                                     GArray              *seqs,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean        xn_violation_log_mark_viewed_finish (XnViolationLog      *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
void            xn_violation_log_clear_async        (XnViolationLog      *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean        xn_violation_log_clear_finish       (XnViolationLog      *self,
                                                     GAsyncResult        *result,
                                                     guint64             *up_to_seq,
                                                     guint               *archived,
                                                     GError             **error);

G_END_DECLS
