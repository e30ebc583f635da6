/* xenon-policy-private.h: what the CLI's command files share
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EXIT_REFUSED 1
#define EXIT_USAGE   2

int      xp_usage_error (GOptionContext   *ctx,
                         const char       *message);
gboolean xp_parse_args  (GOptionContext   *ctx,
                         int              *argc,
                         char           ***argv,
                         int               n_files,
                         int              *status);

/* Commands that talk to hosts (xenon-policy-hosts.c). */
int      xp_cmd_push       (int argc, char **argv);
int      xp_cmd_status     (int argc, char **argv);
int      xp_cmd_domains    (int argc, char **argv);
int      xp_cmd_violations (int argc, char **argv);

G_END_DECLS
