/* xenon-policy-private.h: what the CLI's executables share
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * `xenon-policy` runs the document commands itself and execs a helper in
 * libexecdir for the others, as git does: xenon-policy-sign (sign,
 * verify) links xmlsec and GnuTLS, xenon-policy-hosts (push, status,
 * domains, violations) links libssh, xenon-policy-learn (learn) the
 * daemon's D-Bus client, whose socket code brings GIO's module loader
 * (and libmount, libblkid, libselinux). A process that only validates or
 * lints loads none of them: most of a small document's `validate` was
 * the dynamic loader's work.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define EXIT_REFUSED 1
#define EXIT_USAGE   2

#define XP_HELPER_SIGN  "xenon-policy-sign"
#define XP_HELPER_HOSTS "xenon-policy-hosts"
#define XP_HELPER_LEARN "xenon-policy-learn"

typedef int (*XpCommandFunc) (int    argc,
                              char **argv);

typedef struct
{
  const char    *name;
  XpCommandFunc  func;
} XpHelperCommand;

/* xenon-policy-common.c: every executable. */
void     xp_init_i18n   (void);
int      xp_run_command (const char       *name,
                         XpCommandFunc     func,
                         int               argc,
                         char            **argv);
int      xp_helper_main (const XpHelperCommand *commands,
                         guint                  n_commands,
                         int                    argc,
                         char                 **argv);
int      xp_usage_error (GOptionContext   *ctx,
                         const char       *message);
gboolean xp_parse_args  (GOptionContext   *ctx,
                         int              *argc,
                         char           ***argv,
                         int               n_files,
                         int              *status);

/* xenon-policy-documents.c: the executables that load documents. */
typedef struct _XnPolicy XnPolicy;

gpointer  xp_keep_until_exit (gpointer     data);
XnPolicy *xp_load_or_report  (const char  *path);
int       xp_save_policy     (XnPolicy    *policy,
                              const char  *output);
gboolean  xp_write_output    (const char  *path,
                              GBytes      *bytes,
                              GError     **error);
void      xp_print_issues    (const char  *file,
                              XnPolicy    *policy,
                              const char  *running_file,
                              GListModel  *issues);

G_END_DECLS
