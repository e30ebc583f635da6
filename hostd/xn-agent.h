/* xn-agent.h: xenon-hostd in a network service domain, and the host
 * daemon's calls to it
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "xn-compile.h"

G_BEGIN_DECLS

typedef struct
{
  const char *listen;      /* xn_agent_link_listen() address */
  const char *name;        /* this service domain's name in policies */
  const char *ovs_db;
  const char *ovs_datapath;
  const char *ports_dir;   /* where vif-xenon finds the port tables */
} XnAgentOptions;

int      xn_agent_run  (const XnAgentOptions  *options);
gboolean xn_agent_status (const char          *address,
                          const char          *driver,
                          gint64               deadline,
                          guint64             *serial,
                          GError             **error);
gboolean xn_agent_push (const char            *address,
                        const char            *driver,
                        XnPlan                *plan,
                        gint64                 deadline,
                        GError               **error);

G_END_DECLS
