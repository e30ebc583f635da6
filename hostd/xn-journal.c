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
