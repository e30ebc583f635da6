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
#define XN_JOURNAL_ID_HELD      "5e0b9c1d7a3f4e62b8d4c6a1f2e9b703"

/* A domain's violations journalled one by one per window; the rest of
 * the window goes into one summary entry (XN_JOURNAL_ID_HELD). */
#define XN_JOURNAL_BURST     20
#define XN_JOURNAL_WINDOW_US (10 * G_USEC_PER_SEC)

typedef struct _XnJournalLimit XnJournalLimit;

/* A domain's violations held back from the journal in one window. */
typedef struct
{
  const char *domain_uuid;
  const char *domain_name;
  guint64     count;
  guint64     first_seq;
  guint64     last_seq;
} XnJournalHeld;

typedef void (*XnJournalHeldFunc) (const XnJournalHeld *held,
                                   gpointer             user_data);

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
void     xn_journal_held      (const XnJournalHeld *held,
                               gpointer             user_data);

XnJournalLimit *xn_journal_limit_new   (guint               burst,
                                        gint64              window_us);
void            xn_journal_limit_free  (XnJournalLimit     *limit);
gboolean        xn_journal_limit_admit (XnJournalLimit     *limit,
                                        const char         *domain_uuid,
                                        const char         *domain_name,
                                        guint64             seq,
                                        gint64              now);
void            xn_journal_limit_flush (XnJournalLimit     *limit,
                                        gint64              now,
                                        gboolean            all,
                                        XnJournalHeldFunc   func,
                                        gpointer            user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (XnJournalLimit, xn_journal_limit_free)

G_END_DECLS
