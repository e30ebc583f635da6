/* xn-journal.h: violations and administrative acts in the system journal
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <glib.h>

#include "xn-store.h"

G_BEGIN_DECLS

/* Stable MESSAGE_IDs, for a site's log forwarding to select on. */
#define XN_JOURNAL_ID_VIOLATION "a27c23c89a9e46c89cc1d027fa51af5d"
#define XN_JOURNAL_ID_ADMIN     "b25a7008d90d4507a83649d3451bd623"
#define XN_JOURNAL_ID_LOST      "174df02226354c81aaf1c8929a7d0d8e"

gboolean xn_journal_enabled   (void);
void     xn_journal_violation (const XnViolation *v,
                               guint64            seq,
                               guint64            serial);
void     xn_journal_admin     (const char        *actor,
                               gint64             uid,
                               const char        *action,
                               const char        *target,
                               const char        *result,
                               const char        *detail,
                               guint64            serial);
void     xn_journal_lost      (guint              count,
                               const char        *why);

G_END_DECLS
