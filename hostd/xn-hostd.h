/* xn-hostd.h: the xenon-hostd service
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define XN_HOSTD_ERROR (xn_hostd_error_quark ())

/* The store's file name in the state directory. */
#define XN_HOSTD_STORE_NAME "hostd.db"

/* Each maps to org.xenonvmm.Host1.Error.<Name> on the bus. */
typedef enum
{
  XN_HOSTD_ERROR_FAILED,
  XN_HOSTD_ERROR_PERMISSION_DENIED,
  XN_HOSTD_ERROR_INVALID_ARGUMENT,
  XN_HOSTD_ERROR_NOT_FOUND,
  XN_HOSTD_ERROR_POLICY_REFUSED,
  XN_HOSTD_ERROR_CONFLICT,
  XN_HOSTD_ERROR_BACKEND,
  XN_HOSTD_ERROR_NO_SPACE,
} XnHostdError;

typedef enum
{
  XN_ROLE_MONITOR  = 1 << 0,
  XN_ROLE_SYSADMIN = 1 << 1,
  XN_ROLE_SECADMIN = 1 << 2,
  XN_ROLE_ALL      = 0x7,
  /* What every role needs to do its work: the host, its domains, the
   * policy in force and how the host performs.  A sysadmin who can start
   * a domain must be able to list it; a secadmin pushing a policy must
   * see the one it replaces. */
  XN_ROLE_VIEW     = XN_ROLE_ALL,
} XnRole;

/* Where the daemon keeps and finds things; every path redirectable. */
typedef struct
{
  char     *socket_path;
  char     *state_dir;
  char     *trust_dir;
  char     *backend;
  char     *sim_policy;
  char     *test_roles;
  char     *host_name;
  char     *ovs_db;        /* unix:PATH, or NULL: no network enforcement */
  char     *ovs_datapath;  /* datapath_type of the bridges */
  guint     sample_ms;
  GKeyFile *config;
} XnHostdOptions;

#define XN_TYPE_HOSTD (xn_hostd_get_type ())

G_DECLARE_FINAL_TYPE (XnHostd, xn_hostd, XN, HOSTD, GObject)

GQuark    xn_hostd_error_quark      (void);
void      xn_hostd_options_clear    (XnHostdOptions  *options);
XnHostd  *xn_hostd_new              (XnHostdOptions  *options);
gboolean  xn_hostd_start            (XnHostd         *self,
                                     GError         **error);
void      xn_hostd_stop             (XnHostd         *self);

guint     xn_hostd_roles_for_uid    (uid_t            uid,
                                     GHashTable      *overrides);
GHashTable *xn_hostd_load_test_roles (const char     *path,
                                      GError        **error);
char     *xn_hostd_roles_to_string  (guint            roles);
char     *xn_hostd_roles_to_groups  (guint            roles);

int       xn_hostd_stdio_bridge     (const char      *socket_path);
char     *xn_hostd_ports_dir        (const char      *socket_path);
int       xn_hostd_verify_audit     (const char      *state_dir);

G_END_DECLS
