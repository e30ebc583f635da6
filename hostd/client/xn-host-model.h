/* xn-host-model.h: what the app knows of one host, kept current
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "xn-live-row.h"

G_BEGIN_DECLS

typedef struct _XnRemoteHost XnRemoteHost;

/**
 * XnDomainOp:
 * @XN_DOMAIN_OP_START: start a stopped or crashed domain
 * @XN_DOMAIN_OP_SHUTDOWN: shut a running domain down
 * @XN_DOMAIN_OP_PAUSE: pause a running domain
 * @XN_DOMAIN_OP_UNPAUSE: unpause a paused domain
 * @XN_DOMAIN_OP_DESTROY: stop a running or paused domain at once
 *
 * The daemon's lifecycle methods, one value each.
 */
typedef enum
{
  XN_DOMAIN_OP_START,
  XN_DOMAIN_OP_SHUTDOWN,
  XN_DOMAIN_OP_PAUSE,
  XN_DOMAIN_OP_UNPAUSE,
  XN_DOMAIN_OP_DESTROY,
} XnDomainOp;

#define XN_N_DOMAIN_OPS (XN_DOMAIN_OP_DESTROY + 1)

#define XN_TYPE_HOST_MODEL (xn_host_model_get_type ())
G_DECLARE_FINAL_TYPE (XnHostModel, xn_host_model, XN, HOST_MODEL, GObject)

XnHostModel  *xn_host_model_new              (XnRemoteHost *host);
GListModel   *xn_host_model_get_domains      (XnHostModel  *self);
GListModel   *xn_host_model_get_audit        (XnHostModel  *self);
gboolean      xn_host_model_get_audit_loaded (XnHostModel  *self);
GListModel   *xn_host_model_get_hardware     (XnHostModel  *self);
GVariant     *xn_host_model_get_info         (XnHostModel  *self);
GVariant     *xn_host_model_get_policy       (XnHostModel  *self);
void          xn_host_model_read_hardware_async  (XnHostModel         *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GVariant     *xn_host_model_read_hardware_finish (XnHostModel         *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
XnLiveRow    *xn_host_model_find_domain      (XnHostModel  *self,
                                              const char   *uuid);
void          xn_host_model_refresh          (XnHostModel  *self);
const char   *xn_host_model_get_error        (XnHostModel  *self);

gboolean      xn_domain_op_fits              (XnDomainOp    op,
                                              XnLiveRow    *row);
const char   *xn_domain_op_verb              (XnDomainOp    op);
void          xn_host_model_run_async        (XnHostModel  *self,
                                              XnDomainOp    op,
                                              const char   *uuid,
                                              GCancellable *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer      user_data);
gboolean      xn_host_model_run_finish       (XnHostModel  *self,
                                              GAsyncResult *result,
                                              GError      **error);

GVariant     *xn_host_model_reply_finish     (XnHostModel  *self,
                                              GAsyncResult *result,
                                              GError      **error);
void          xn_host_model_read_performance_async         (XnHostModel         *self,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
void          xn_host_model_read_performance_history_async (XnHostModel         *self,
                                                            const char          *tier,
                                                            gint64               from,
                                                            gint64               to,
                                                            const char          *subject,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
void          xn_host_model_read_guard_statistics_async    (XnHostModel         *self,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
void          xn_host_model_verify_audit_async             (XnHostModel         *self,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
void          xn_host_model_propose_profile_async          (XnHostModel         *self,
                                                            const char          *uuid,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
void          xn_host_model_push_policy_async              (XnHostModel         *self,
                                                            GBytes              *document,
                                                            gboolean             dry_run,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
void          xn_host_model_read_archived_async            (XnHostModel         *self,
                                                            guint64              since_seq,
                                                            guint                limit,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
GPtrArray    *xn_host_model_read_archived_finish           (XnHostModel         *self,
                                                            GAsyncResult        *result,
                                                            guint64             *last_seq,
                                                            gboolean            *more,
                                                            GError             **error);

G_END_DECLS
