/* xn-backend.h: the hypervisor behind xenon-hostd
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "xenon-model.h"
#include "xng-names.h"

G_BEGIN_DECLS

#define XN_BACKEND_ERROR (xn_backend_error_quark ())

typedef enum
{
  XN_BACKEND_ERROR_FAILED,
  XN_BACKEND_ERROR_UNAVAILABLE,
  XN_BACKEND_ERROR_NOT_FOUND,
  XN_BACKEND_ERROR_STATE,
  XN_BACKEND_ERROR_NO_GUARD,
  XN_BACKEND_ERROR_BAD_BLOB,
} XnBackendError;

typedef enum
{
  XN_DOMAIN_STATE_STOPPED,
  XN_DOMAIN_STATE_RUNNING,
  XN_DOMAIN_STATE_PAUSED,
  XN_DOMAIN_STATE_CRASHED,
} XnDomainState;

/* One domain as the hypervisor sees it, with monotonic counters; the
 * daemon turns counter differences into rates. */
typedef struct
{
  char          uuid[37];
  char         *name;
  int           domid;           /* -1 when not running */
  XnDomainState state;
  guint64       cpu_ns;          /* CPU time used, all vCPUs */
  guint         vcpus;
  guint64       memory_kib;
  guint64       net_rx_bytes;
  guint64       net_tx_bytes;
  guint64       disk_read_bytes;
  guint64       disk_write_bytes;
  guint64       hypercalls;
  guint64       violations;
} XnBackendDomain;

/* Host facts and the guard's counters. */
typedef struct
{
  char    *hypervisor;
  guint    cpus;
  guint64  memory_kib;
  guint64  free_memory_kib;
  gboolean guard;
  const char *guard_mode;        /* "enforcing", "permissive", "off"; NULL if unknown */
  char    *guard_message;
  guint64  blob_serial;
  guint    blob_size;
  guint    blob_domains;
  guint    blob_profiles;
  guint64  hypercalls;
  guint64  denied;
  guint64  violations;
  guint64  dropped;
} XnBackendInfo;

void xn_backend_domain_free (XnBackendDomain *domain);
void xn_backend_info_clear  (XnBackendInfo   *info);

const char *xn_domain_state_to_string (XnDomainState state);

#define XN_TYPE_BACKEND (xn_backend_get_type ())

G_DECLARE_DERIVABLE_TYPE (XnBackend, xn_backend, XN, BACKEND, GObject)

struct _XnBackendClass
{
  GObjectClass parent_class;

  /* Probes the hypervisor; a backend that cannot run here fails. */
  gboolean   (*start)            (XnBackend      *self,
                                  GError        **error);
  /* The host part of the running policy, so the backend knows the domains
   * it manages (the simulated host is built from it). */
  gboolean   (*set_host)         (XnBackend      *self,
                                  XnPolicy       *policy,
                                  XnHost         *host,
                                  GError        **error);
  /* Every domain with its state, CPU time and memory; the I/O counters
   * are left zero unless the backend has them at no cost. */
  GPtrArray *(*list_domains)     (XnBackend      *self);
  /* The same with the I/O counters, for the performance sample (default:
   * list_domains). */
  GPtrArray *(*sample_domains)   (XnBackend      *self);
  gboolean   (*domain_op)        (XnBackend      *self,
                                  const char     *uuid,
                                  XnDomainState   target,
                                  gboolean        graceful,
                                  GError        **error);
  /* Replaces the guard blob; on failure the old one stays in force. */
  gboolean   (*load_blob)        (XnBackend      *self,
                                  GBytes         *blob,
                                  GError        **error);
  GBytes    *(*get_blob)         (XnBackend      *self);
  /* Moves up to @max records into @out; *@dropped gets the count of
   * records the guard has lost since it started. */
  guint      (*drain_violations) (XnBackend            *self,
                                  struct xng_violation *out,
                                  guint                 max,
                                  guint64              *dropped);
  void       (*get_info)         (XnBackend      *self,
                                  XnBackendInfo  *info);
  /* Starts a domain of the running plan.  The default runs
   * domain_op (RUNNING, graceful) at once; a backend whose start takes
   * time (xl create) overrides it. */
  void       (*start_domain_async)  (XnBackend           *self,
                                     const char          *uuid,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
  gboolean   (*start_domain_finish) (XnBackend           *self,
                                     GAsyncResult        *result,
                                     GError             **error);
  /* Live-migrates a running domain to another host.  The default fails:
   * a backend that can overrides it (xl migrate on real Xen). */
  void       (*migrate_domain_async)  (XnBackend           *self,
                                       const char          *uuid,
                                       const char          *target_name,
                                       const char          *address,
                                       guint                port,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
  gboolean   (*migrate_domain_finish) (XnBackend           *self,
                                       GAsyncResult        *result,
                                       GError             **error);
};

gboolean   xn_backend_start            (XnBackend            *self,
                                        GError              **error);
gboolean   xn_backend_set_host         (XnBackend            *self,
                                        XnPolicy             *policy,
                                        XnHost               *host,
                                        GError              **error);
GPtrArray *xn_backend_list_domains     (XnBackend            *self);
GPtrArray *xn_backend_sample_domains   (XnBackend            *self);
gboolean   xn_backend_domain_op        (XnBackend            *self,
                                        const char           *uuid,
                                        XnDomainState         target,
                                        gboolean              graceful,
                                        GError              **error);
gboolean   xn_backend_load_blob        (XnBackend            *self,
                                        GBytes               *blob,
                                        GError              **error);
GBytes    *xn_backend_get_blob         (XnBackend            *self);
guint      xn_backend_drain_violations (XnBackend            *self,
                                        struct xng_violation *out,
                                        guint                 max,
                                        guint64              *dropped);
void       xn_backend_get_info         (XnBackend            *self,
                                        XnBackendInfo        *info);
void       xn_backend_start_domain_async  (XnBackend           *self,
                                           const char          *uuid,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean   xn_backend_start_domain_finish (XnBackend           *self,
                                           GAsyncResult        *result,
                                           GError             **error);
void       xn_backend_migrate_domain_async  (XnBackend           *self,
                                             const char          *uuid,
                                             const char          *target_name,
                                             const char          *address,
                                             guint                port,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean   xn_backend_migrate_domain_finish (XnBackend           *self,
                                             GAsyncResult        *result,
                                             GError             **error);
gboolean   xn_backend_find_running     (XnBackend            *self,
                                        const char           *uuid);
void       xn_backend_set_plan         (XnBackend            *self,
                                        XnPlan               *plan);
XnPlan    *xn_backend_get_plan         (XnBackend            *self);
void       xn_backend_emit_state       (XnBackend            *self,
                                        const char           *uuid,
                                        XnDomainState         state);

GQuark     xn_backend_error_quark      (void);

gboolean   xn_hostd_parse_uuid         (const char           *text,
                                        guint8                out[16]);
void       xn_hostd_foreach_domain     (XnHost               *host,
                                        GFunc                 func,
                                        gpointer              user_data);
void       xn_hostd_foreach_placed_domain (XnPolicy          *policy,
                                           XnHost            *host,
                                           GFunc              func,
                                           gpointer           user_data);

XnBackend *xn_backend_sim_new          (GKeyFile             *config);
XnBackend *xn_backend_xenctrl_new      (GKeyFile             *config);
XnBackend *xn_backend_new              (const char           *name,
                                        GKeyFile             *config,
                                        GError              **error);

G_END_DECLS
