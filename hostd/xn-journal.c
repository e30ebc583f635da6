/* xn-journal.c: violations and administrative acts in the system journal
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The store is the record an auditor verifies; the journal is how a
 * site's existing log forwarding (journald, rsyslog) carries the same
 * events to its SIEM with nothing new on the host.  Each event is one
 * structured entry with a stable MESSAGE_ID per kind and XENON_* fields.
 * Entries are written only when the daemon's stderr is the journal (under
 * its unit): elsewhere the store alone keeps them, and a test's or a
 * terminal's output is not flooded with one line per violation.
 *
 * A guest can make violations faster than journald takes entries (under
 * emulation, a few dozen a second), and a daemon writing to a journal
 * that is behind blocks in the write: its every caller waits.  So a
 * domain gets at most a burst of entries per window, and the rest of
 * the window one summary entry with the count and the range of sequence
 * numbers, which the store keeps in full.  The limit is per domain, so
 * that a flooding guest cannot keep another's violations out.
 */

#define G_LOG_DOMAIN "xn-hostd"

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "xn-journal.h"

gboolean
xn_journal_enabled (void)
{
  static gsize once = 0;
  static gboolean enabled;

  if (g_once_init_enter (&once))
    {
      enabled = g_log_writer_is_journald (fileno (stderr));
      g_once_init_leave (&once, 1);
    }
  return enabled;
}

static void
send (GLogLevelFlags    level,
      const GLogField  *fields,
      gsize             n)
{
  g_log_writer_journald (level, fields, n, NULL);
}

#define FIELD(k, v) { (k), (v), -1 }

/**
 * xn_journal_violation:
 * @v: the violation as stored
 * @seq: its sequence number in the store
 * @serial: the serial of the policy in force
 */
void
xn_journal_violation (const XnViolation *v,
                      guint64            seq,
                      guint64            serial)
{
  g_autofree char *msg = NULL, *hcall = NULL, *subop = NULL, *seq_s = NULL, *serial_s = NULL;
  const char *action = v->action == XN_STORE_ACTION_PAUSE ? "pause"
                       : v->action == XN_STORE_ACTION_DESTROY ? "destroy" : "log";

  if (!xn_journal_enabled ())
    return;
  msg = g_strdup_printf ("Violation by %s: %s (%s)", v->domain_name, v->reason_text, v->info);
  hcall = g_strdup_printf ("%d", v->hcall);
  subop = g_strdup_printf ("%d", v->subop);
  seq_s = g_strdup_printf ("%" G_GUINT64_FORMAT, seq);
  serial_s = g_strdup_printf ("%" G_GUINT64_FORMAT, serial);
  {
    const GLogField fields[] = {
      FIELD ("MESSAGE", msg),
      FIELD ("MESSAGE_ID", XN_JOURNAL_ID_VIOLATION),
      FIELD ("PRIORITY", "4"),
      FIELD ("GLIB_DOMAIN", G_LOG_DOMAIN),
      FIELD ("XENON_DOMAIN", v->domain_name),
      FIELD ("XENON_DOMAIN_UUID", v->domain_uuid),
      FIELD ("XENON_HYPERCALL", hcall),
      FIELD ("XENON_HYPERCALL_NAME", v->hcall_name ? v->hcall_name : ""),
      FIELD ("XENON_SUBOP", subop),
      FIELD ("XENON_SUBOP_NAME", v->subop_name ? v->subop_name : ""),
      FIELD ("XENON_REASON", v->reason_text ? v->reason_text : ""),
      FIELD ("XENON_ACTION", action),
      FIELD ("XENON_SEQ", seq_s),
      FIELD ("XENON_SERIAL", serial_s),
    };

    send (G_LOG_LEVEL_WARNING, fields, G_N_ELEMENTS (fields));
  }
}

/**
 * xn_journal_admin:
 * @actor: who acted (a user name, or the daemon itself)
 * @uid: their uid, -1 for the daemon
 * @action: the method, e.g. "PushPolicy"
 * @target: (nullable): what it acted on
 * @result: "ok", "refused" or "failed"
 * @detail: (nullable): why, or what changed
 * @serial: the serial of the policy in force afterwards
 */
void
xn_journal_admin (const char *actor,
                  gint64      uid,
                  const char *action,
                  const char *target,
                  const char *result,
                  const char *detail,
                  guint64     serial)
{
  g_autofree char *msg = NULL, *uid_s = NULL, *serial_s = NULL;

  if (!xn_journal_enabled ())
    return;
  msg = g_strdup_printf ("%s by %s%s%s: %s%s%s", action, actor, target && *target ? " on " : "",
                         target ? target : "", result, detail && *detail ? ": " : "",
                         detail ? detail : "");
  uid_s = g_strdup_printf ("%" G_GINT64_FORMAT, uid);
  serial_s = g_strdup_printf ("%" G_GUINT64_FORMAT, serial);
  {
    const GLogField fields[] = {
      FIELD ("MESSAGE", msg),
      FIELD ("MESSAGE_ID", XN_JOURNAL_ID_ADMIN),
      FIELD ("PRIORITY", g_strcmp0 (result, "ok") == 0 ? "5" : "4"),
      FIELD ("GLIB_DOMAIN", G_LOG_DOMAIN),
      FIELD ("XENON_ACTOR", actor),
      FIELD ("XENON_ACTOR_UID", uid_s),
      FIELD ("XENON_ACTION", action),
      FIELD ("XENON_TARGET", target ? target : ""),
      FIELD ("XENON_RESULT", result),
      FIELD ("XENON_SERIAL", serial_s),
    };

    send (G_LOG_LEVEL_MESSAGE, fields, G_N_ELEMENTS (fields));
  }
}

/**
 * xn_journal_lost:
 * @count: violations that could not be stored
 * @why: the store's error
 */
void
xn_journal_lost (guint       count,
                 const char *why)
{
  g_autofree char *msg = NULL, *count_s = NULL;

  if (!xn_journal_enabled ())
    return;
  msg = g_strdup_printf ("%u violations could not be stored: %s", count, why);
  count_s = g_strdup_printf ("%u", count);
  {
    const GLogField fields[] = {
      FIELD ("MESSAGE", msg),
      FIELD ("MESSAGE_ID", XN_JOURNAL_ID_LOST),
      FIELD ("PRIORITY", "3"),
      FIELD ("GLIB_DOMAIN", G_LOG_DOMAIN),
      FIELD ("XENON_COUNT", count_s),
    };

    send (G_LOG_LEVEL_CRITICAL, fields, G_N_ELEMENTS (fields));
  }
}

/**
 * xn_journal_held:
 * @held: a domain's violations not journalled one by one in a window
 * @user_data: unused
 *
 * One entry for them, with their count and sequence numbers: an
 * #XnJournalHeldFunc for xn_journal_limit_flush().
 */
void
xn_journal_held (const XnJournalHeld *held,
                 gpointer             user_data)
{
  g_autofree char *msg = NULL, *count_s = NULL, *first_s = NULL, *last_s = NULL;

  if (!xn_journal_enabled ())
    return;
  msg = g_strdup_printf ("%" G_GUINT64_FORMAT " more violations by %s, not journalled one by one "
                         "(the host's store keeps them, sequence numbers %" G_GUINT64_FORMAT
                         " to %" G_GUINT64_FORMAT ")",
                         held->count, held->domain_name, held->first_seq, held->last_seq);
  count_s = g_strdup_printf ("%" G_GUINT64_FORMAT, held->count);
  first_s = g_strdup_printf ("%" G_GUINT64_FORMAT, held->first_seq);
  last_s = g_strdup_printf ("%" G_GUINT64_FORMAT, held->last_seq);
  {
    const GLogField fields[] = {
      FIELD ("MESSAGE", msg),
      FIELD ("MESSAGE_ID", XN_JOURNAL_ID_HELD),
      FIELD ("PRIORITY", "4"),
      FIELD ("GLIB_DOMAIN", G_LOG_DOMAIN),
      FIELD ("XENON_DOMAIN", held->domain_name),
      FIELD ("XENON_DOMAIN_UUID", held->domain_uuid),
      FIELD ("XENON_COUNT", count_s),
      FIELD ("XENON_SEQ_FIRST", first_s),
      FIELD ("XENON_SEQ_LAST", last_s),
    };

    send (G_LOG_LEVEL_WARNING, fields, G_N_ELEMENTS (fields));
  }
}

/* ---- the per-domain limit ---- */

typedef struct
{
  char   *name;
  gint64  window_start;
  guint   sent;
  guint64 held;
  guint64 first_seq;
  guint64 last_seq;
} Window;

struct _XnJournalLimit
{
  guint       burst;
  gint64      window_us;
  GHashTable *windows;   /* domain uuid → Window */
};

static void
window_free (gpointer p)
{
  Window *w = p;

  g_free (w->name);
  g_free (w);
}

/**
 * xn_journal_limit_new:
 * @burst: entries per domain and window
 * @window_us: the window, in microseconds
 *
 * Returns: (transfer full): a limit with no domain seen yet
 */
XnJournalLimit *
xn_journal_limit_new (guint  burst,
                      gint64 window_us)
{
  XnJournalLimit *limit = g_new0 (XnJournalLimit, 1);

  limit->burst = burst;
  limit->window_us = window_us;
  limit->windows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, window_free);
  return limit;
}

void
xn_journal_limit_free (XnJournalLimit *limit)
{
  if (limit == NULL)
    return;
  g_hash_table_unref (limit->windows);
  g_free (limit);
}

/**
 * xn_journal_limit_admit:
 * @limit: the limit
 * @domain_uuid: the violating domain
 * @domain_name: its name, for the summary
 * @seq: the violation's sequence number in the store
 * @now: monotonic time, microseconds
 *
 * Whether this violation gets its own journal entry.  If not, it is
 * counted in the domain's summary for the window, which
 * xn_journal_limit_flush() hands out once the window is over.
 *
 * Returns: %TRUE to journal it
 */
gboolean
xn_journal_limit_admit (XnJournalLimit *limit,
                        const char     *domain_uuid,
                        const char     *domain_name,
                        guint64         seq,
                        gint64          now)
{
  Window *w = g_hash_table_lookup (limit->windows, domain_uuid);

  if (w == NULL)
    {
      w = g_new0 (Window, 1);
      w->window_start = now;
      g_hash_table_insert (limit->windows, g_strdup (domain_uuid), w);
    }
  if (g_strcmp0 (w->name, domain_name) != 0)
    {
      g_free (w->name);
      w->name = g_strdup (domain_name);
    }
  if (now - w->window_start >= limit->window_us && w->held == 0)
    {
      w->window_start = now;
      w->sent = 0;
    }
  if (w->held == 0 && w->sent < limit->burst)
    {
      w->sent++;
      return TRUE;
    }
  if (w->held == 0)
    w->first_seq = seq;
  w->held++;
  w->last_seq = seq;
  return FALSE;
}

/**
 * xn_journal_limit_flush:
 * @limit: the limit
 * @now: monotonic time, microseconds
 * @all: hand out every summary, ended window or not (the daemon stops)
 * @func: called with each domain's held violations
 * @user_data: for @func
 *
 * Hands out the summary of every domain whose window is over with
 * violations held back, and starts its next window.
 */
void
xn_journal_limit_flush (XnJournalLimit    *limit,
                        gint64             now,
                        gboolean           all,
                        XnJournalHeldFunc  func,
                        gpointer           user_data)
{
  GHashTableIter iter;
  gpointer k, v;

  g_hash_table_iter_init (&iter, limit->windows);
  while (g_hash_table_iter_next (&iter, &k, &v))
    {
      Window *w = v;
      XnJournalHeld held = { k, w->name, w->held, w->first_seq, w->last_seq };

      if (w->held == 0)
        {
          /* A quiet domain's window is forgotten: it has nothing held. */
          if (now - w->window_start >= limit->window_us)
            g_hash_table_iter_remove (&iter);
          continue;
        }
      if (!all && now - w->window_start < limit->window_us)
        continue;
      func (&held, user_data);
      w->held = 0;
      w->window_start = now;
      w->sent = 0;
    }
}
