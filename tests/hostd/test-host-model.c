/* test-host-model.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* XnHostModel without a display: the client-side model every view of a
 * host binds to, against the real xenon-hostd on the sim backend over
 * its Unix socket. Its domains, hardware and facts follow the host (and
 * are dropped when it goes); the lifecycle acts
 * the views used to call on the D-Bus proxy themselves (Home's buttons,
 * All Hosts' bulk buttons) go through it, which rules what fits which
 * state, passes the daemon's refusals on without the D-Bus error name,
 * and shows each outcome in the same row objects a view has selected.
 * The violations log (XnViolationLog) reads after its cursor, follows the
 * daemon's signal and marks and clears; the reads and acts Live mode and
 * the dialogs ask for (performance, history, guard, audit chain, cleared
 * violations, a proposed profile, a push) come back unpacked and with
 * the daemon's reasons. */

#include "config.h"

#include "xn-host-list.h"
#include "xn-host-model.h"
#include "xn-sign.h"
#include "xn-test-pki.h"
#include "xn-xml.h"
#include "xn-test-async.h"
#include "xn-violation-log.h"
#include "xn-test-host.h"
#include "xn-test.h"

/* Iterates the main context until @model has a domain named @name in
 * @state (any state if NULL) or @seconds pass; that row, or NULL. */
static XnLiveRow *
wait_for_domain (XnHostModel *model,
                 const char  *name,
                 const char  *state,
                 guint        seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  do
    {
      GListModel *domains = xn_host_model_get_domains (model);

      for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
        {
          g_autoptr(XnLiveRow) row = g_list_model_get_item (domains, i);

          if (g_strcmp0 (xn_live_row_get_string (row, "name"), name) == 0
              && (state == NULL || g_strcmp0 (xn_live_row_get_string (row, "state"), state) == 0))
            return row;   /* the model holds it */
        }
    }
  while ((g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE))
         && g_get_monotonic_time () < deadline);
  return NULL;
}

/* Iterates the main context until @model has the host's facts, its
 * policy and at least one device, or @seconds pass. */
static gboolean
wait_for_facts (XnHostModel *model,
                guint        seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while ((xn_host_model_get_info (model) == NULL || xn_host_model_get_policy (model) == NULL
          || g_list_model_get_n_items (xn_host_model_get_hardware (model)) == 0)
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
  return xn_host_model_get_info (model) != NULL && xn_host_model_get_policy (model) != NULL
         && g_list_model_get_n_items (xn_host_model_get_hardware (model)) > 0;
}

/* Runs @op on @uuid through the model and waits for the answer. */
static gboolean
run (XnHostModel  *model,
     XnDomainOp    op,
     const char   *uuid,
     GError      **error)
{
  XnTestWait w = { 0 };
  gboolean ok;

  xn_host_model_run_async (model, op, uuid, NULL, xn_test_wait_cb, &w);
  xn_test_wait_for (&w.done, 20);
  ok = xn_host_model_run_finish (model, w.result, error);
  g_object_unref (w.result);
  return ok;
}

static XnRemoteHost *
connected_host (XnTestDaemon *d)
{
  g_autoptr(GError) error = NULL;
  XnRemoteHost *host;
  XnTestWait w = { 0 };

  xn_test_daemon_start (d);
  host = xn_remote_host_new_local ("localhost", d->socket);
  xn_remote_host_set_backoff (host, 100, 400);
  xn_remote_host_connect_async (host, NULL, xn_test_wait_cb, &w);
  xn_test_wait_for (&w.done, 20);
  ck_assert_msg (xn_remote_host_connect_finish (host, w.result, &error), "%s", error ? error->message : "");
  g_object_unref (w.result);
  return host;
}

/* A host whose user_vm_1 (the demo's compromised domain, refused a
 * hypercall now and then) runs. */
static XnRemoteHost *
misbehaving_host (XnTestDaemon *d)
{
  g_autoptr(GError) error = NULL;
  XnRemoteHost *host = connected_host (d);
  XnHostModel *model = xn_remote_host_get_model (host);
  XnLiveRow *vm = wait_for_domain (model, "user_vm_1", NULL, 10);

  ck_assert_msg (vm != NULL, "the model never listed user_vm_1");
  if (g_strcmp0 (xn_live_row_get_string (vm, "state"), "running") != 0)
    ck_assert_msg (run (model, XN_DOMAIN_OP_START, xn_live_row_get_string (vm, "uuid"), &error), "%s",
                   error ? error->message : "");
  ck_assert (wait_for_domain (model, "user_vm_1", "running", 10) != NULL);
  return host;
}

START_TEST (test_model_follows_host)
{
  XnTestDaemon d = { 0 };
  g_autoptr(XnRemoteHost) host = connected_host (&d);
  XnHostModel *model = xn_remote_host_get_model (host);
  XnLiveRow *dom0, *vm;

  /* The rows arrive without anyone asking. */
  dom0 = wait_for_domain (model, "Domain-0", "running", 10);
  ck_assert_msg (dom0 != NULL, "the model never listed a running Domain-0");
  vm = wait_for_domain (model, "user_vm_2", "stopped", 10);
  ck_assert_msg (vm != NULL, "the model never listed user_vm_2 as stopped");
  ck_assert_ptr_null (xn_host_model_get_error (model));

  /* The facts and hardware Home shows and the policy in force (the Policy
   * tab, the window title), read at connection. */
  ck_assert_msg (wait_for_facts (model, 10), "the model never read the host's facts, policy and hardware");
  {
    g_autoptr(GVariant) document = NULL;
    const char *name = NULL, *signer = NULL;
    guint64 serial = 0;
    gint64 applied = 0;

    g_variant_get (xn_host_model_get_policy (model), "(t&s&sx@ay)", &serial, &name, &signer, &applied, &document);
    ck_assert_str_eq (name, "xenon-enterprise-demo");
    ck_assert_uint_gt (g_variant_n_children (document), 0);
  }
  {
    GVariant *info = xn_host_model_get_info (model);
    guint32 cpus = 0;
    const char *hostname = NULL;
    g_autoptr(XnLiveRow) device = g_list_model_get_item (xn_host_model_get_hardware (model), 0);

    ck_assert (g_variant_lookup (info, "cpus", "u", &cpus) && cpus > 0);
    ck_assert (g_variant_lookup (info, "hostname", "&s", &hostname) && *hostname);
    ck_assert_msg (*xn_live_row_get_string (device, "name"), "a device row without a name");
  }
  /* An import reads the hardware now, and the list is the same. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GVariant) devices = NULL;
    XnTestWait w = { 0 };

    xn_host_model_read_hardware_async (model, NULL, xn_test_wait_cb, &w);
    xn_test_wait_for (&w.done, 20);
    devices = xn_host_model_read_hardware_finish (model, w.result, &error);
    g_object_unref (w.result);
    ck_assert_msg (devices != NULL, "%s", error ? error->message : "");
    ck_assert_uint_eq (g_variant_n_children (devices),
                       g_list_model_get_n_items (xn_host_model_get_hardware (model)));
  }

  /* What fits which state: the one rule Home and All Hosts share. */
  ck_assert (!xn_domain_op_fits (XN_DOMAIN_OP_SHUTDOWN, dom0));
  ck_assert (!xn_domain_op_fits (XN_DOMAIN_OP_PAUSE, dom0));
  ck_assert (!xn_domain_op_fits (XN_DOMAIN_OP_DESTROY, dom0));
  ck_assert (!xn_domain_op_fits (XN_DOMAIN_OP_START, dom0));
  ck_assert (xn_domain_op_fits (XN_DOMAIN_OP_START, vm));
  ck_assert (!xn_domain_op_fits (XN_DOMAIN_OP_PAUSE, vm));
  ck_assert (!xn_domain_op_fits (XN_DOMAIN_OP_UNPAUSE, vm));
  ck_assert (!xn_domain_op_fits (XN_DOMAIN_OP_DESTROY, vm));
  ck_assert (!xn_domain_op_fits (XN_DOMAIN_OP_START, NULL));

  /* The host goes away: figures we no longer hear about are dropped,
   * not shown as if current. */
  xn_test_daemon_kill (&d);
  ck_assert (xn_test_host_is (host, XN_REMOTE_HOST_FAILED, 10));
  ck_assert_uint_eq (g_list_model_get_n_items (xn_host_model_get_domains (model)), 0);
  ck_assert_uint_eq (g_list_model_get_n_items (xn_host_model_get_hardware (model)), 0);
  ck_assert_ptr_null (xn_host_model_get_info (model));
  ck_assert_ptr_null (xn_host_model_get_policy (model));
  xn_remote_host_disconnect (host);
  xn_test_daemon_clear (&d);
}
END_TEST

START_TEST (test_model_lifecycle)
{
  g_autoptr(GError) error = NULL;
  XnTestDaemon d = { 0 };
  g_autoptr(XnRemoteHost) host = connected_host (&d);
  XnHostModel *model = xn_remote_host_get_model (host);
  XnLiveRow *vm = wait_for_domain (model, "user_vm_2", "stopped", 10);
  g_autofree char *uuid = NULL;

  ck_assert (vm != NULL);
  uuid = g_strdup (xn_live_row_get_string (vm, "uuid"));

  /* Each act's outcome shows in the model, in the same row object (a
   * view's selection survives), with no refresh asked for. */
  ck_assert_msg (run (model, XN_DOMAIN_OP_START, uuid, &error), "%s", error ? error->message : "");
  ck_assert_msg (wait_for_domain (model, "user_vm_2", "running", 10) == vm, "user_vm_2 did not show running");
  ck_assert (xn_domain_op_fits (XN_DOMAIN_OP_PAUSE, vm));
  ck_assert (xn_domain_op_fits (XN_DOMAIN_OP_SHUTDOWN, vm));
  ck_assert (!xn_domain_op_fits (XN_DOMAIN_OP_START, vm));

  ck_assert_msg (run (model, XN_DOMAIN_OP_PAUSE, uuid, &error), "%s", error ? error->message : "");
  ck_assert_msg (wait_for_domain (model, "user_vm_2", "paused", 10) == vm, "user_vm_2 did not show paused");
  ck_assert (xn_domain_op_fits (XN_DOMAIN_OP_UNPAUSE, vm));
  ck_assert (xn_domain_op_fits (XN_DOMAIN_OP_DESTROY, vm));

  ck_assert_msg (run (model, XN_DOMAIN_OP_UNPAUSE, uuid, &error), "%s", error ? error->message : "");
  ck_assert_msg (wait_for_domain (model, "user_vm_2", "running", 10) == vm, "user_vm_2 did not show running");

  ck_assert_msg (run (model, XN_DOMAIN_OP_DESTROY, uuid, &error), "%s", error ? error->message : "");
  ck_assert_msg (wait_for_domain (model, "user_vm_2", "stopped", 10) == vm, "user_vm_2 did not show stopped");

  /* A refusal carries the daemon's reason, not its D-Bus error name. */
  ck_assert (!run (model, XN_DOMAIN_OP_START, "00000000-0000-0000-0000-000000000000", &error));
  ck_assert (error != NULL);
  ck_assert_msg (!g_dbus_error_is_remote_error (error) && strstr (error->message, "org.") == NULL,
                 "the D-Bus error name reached the user: %s", error->message);
  g_clear_error (&error);

  xn_remote_host_disconnect (host);
  xn_test_daemon_clear (&d);
}
END_TEST

/* What a violations log handed on, as a view would keep it. */
typedef struct
{
  GArray     *seqs;       /* guint64, in the order handed on */
  GHashTable *viewed;     /* seq → GINT_TO_POINTER (viewed + 1) */
  guint       tagged;     /* rows whose domain has a tag the log knew */
  guint       resets;
  gboolean    in_order;   /* every seq above the one before */
} Seen;

static void
seen_init (Seen *seen)
{
  seen->seqs = g_array_new (FALSE, FALSE, sizeof (guint64));
  seen->viewed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  seen->in_order = TRUE;
  seen->tagged = 0;
  seen->resets = 0;
}

static void
seen_clear (Seen *seen)
{
  g_array_unref (seen->seqs);
  g_hash_table_unref (seen->viewed);
}

static void
rows_added_cb (XnViolationLog *log,
               GVariant       *rows,
               Seen           *seen)
{
  GVariantIter iter;
  guint64 seq, subop;
  gint64 time;
  guint32 hcall;
  gboolean viewed;
  const char *uuid, *name, *reason, *info, *action;

  g_variant_iter_init (&iter, rows);
  while (g_variant_iter_next (&iter, "(tx&s&sut&s&s&sb)", &seq, &time, &uuid, &name, &hcall, &subop,
                              &reason, &info, &action, &viewed))
    {
      if (seen->seqs->len > 0 && seq <= g_array_index (seen->seqs, guint64, seen->seqs->len - 1))
        seen->in_order = FALSE;
      g_array_append_val (seen->seqs, seq);
      g_hash_table_insert (seen->viewed, g_memdup2 (&seq, sizeof seq), GINT_TO_POINTER (viewed + 1));
      if (g_hash_table_lookup (xn_violation_log_get_tags (log), uuid) != NULL)
        seen->tagged++;
    }
}

static void
reset_cb (XnViolationLog *log,
          Seen           *seen)
{
  seen->resets++;
}

static gboolean
wait_for_rows (Seen  *seen,
               guint  at_least,
               guint  seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (seen->seqs->len < at_least && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
  return seen->seqs->len >= at_least;
}

static XnViolationLog *
watch_log (XnRemoteHost *host,
           Seen         *seen)
{
  XnViolationLog *log = xn_violation_log_new (host);

  g_signal_connect (log, "rows-added", G_CALLBACK (rows_added_cb), seen);
  g_signal_connect (log, "reset", G_CALLBACK (reset_cb), seen);
  return log;
}

START_TEST (test_model_violation_log)
{
  g_autoptr(GError) error = NULL;
  XnTestDaemon d = { 0 };
  g_autoptr(XnRemoteHost) host = misbehaving_host (&d);
  g_autoptr(XnViolationLog) log = NULL;
  g_autoptr(GArray) marks = g_array_new (FALSE, FALSE, sizeof (guint64));
  Seen seen, again;
  guint first, archived = 0;
  guint64 up_to = 0;

  seen_init (&seen);
  seen_init (&again);
  log = watch_log (host, &seen);
  ck_assert (xn_violation_log_get_connected (log));

  /* The compromised user_vm_1 misbehaves from the start: its rows arrive
   * with no one asking, tagged by the host model's domains. */
  ck_assert_msg (wait_for_rows (&seen, 1, 20), "no violation arrived");
  first = seen.seqs->len;
  ck_assert_msg (seen.tagged == seen.seqs->len, "%u of %u rows without their domain's tag",
                 seen.seqs->len - seen.tagged, seen.seqs->len);
  /* More come through the daemon's ViolationsAdded alone, each row once:
   * the next read starts after the cursor. */
  ck_assert_msg (wait_for_rows (&seen, first + 1, 20), "no violation after the first %u: the signal went unheard",
                 first);
  xn_violation_log_fetch (log);
  xn_violation_log_fetch (log);
  {
    gint64 settle = g_get_monotonic_time () + G_USEC_PER_SEC;

    while (g_get_monotonic_time () < settle)
      g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
  }
  ck_assert_msg (seen.in_order, "a row was handed on twice or out of order");
  ck_assert_uint_eq (xn_violation_log_get_last_seq (log), g_array_index (seen.seqs, guint64, seen.seqs->len - 1));

  /* Marked viewed here, viewed for everyone: a second log reads them so. */
  g_array_append_vals (marks, seen.seqs->data, MIN (3, seen.seqs->len));
  {
    XnTestWait w = { 0 };

    xn_violation_log_mark_viewed_async (log, marks, NULL, xn_test_wait_cb, &w);
    xn_test_wait_for (&w.done, 20);
    ck_assert_msg (xn_violation_log_mark_viewed_finish (log, w.result, &error), "%s", error ? error->message : "");
    g_object_unref (w.result);
  }
  {
    g_autoptr(XnViolationLog) second G_GNUC_UNUSED = watch_log (host, &again);  /* kept alive while read */

    ck_assert (wait_for_rows (&again, seen.seqs->len, 20));
    for (guint i = 0; i < again.seqs->len && i < 10; i++)
      {
        guint64 seq = g_array_index (again.seqs, guint64, i);
        gboolean marked = FALSE;

        for (guint k = 0; k < marks->len; k++)
          marked |= g_array_index (marks, guint64, k) == seq;
        ck_assert_msg (GPOINTER_TO_INT (g_hash_table_lookup (again.viewed, &seq)) - 1 == marked,
                       "seq %" G_GUINT64_FORMAT " reads %s", seq, marked ? "new after MarkViewed" : "viewed");
      }
  }

  /* Clear archives up to the cursor; the log then starts after it, and
   * the cleared rows are the model's to read, newest first. */
  {
    XnTestWait w = { 0 };
    guint64 cursor = xn_violation_log_get_last_seq (log);

    xn_violation_log_clear_async (log, NULL, xn_test_wait_cb, &w);
    xn_test_wait_for (&w.done, 20);
    ck_assert_msg (xn_violation_log_clear_finish (log, w.result, &up_to, &archived, &error), "%s",
                   error ? error->message : "");
    g_object_unref (w.result);
    ck_assert_uint_eq (up_to, cursor);
    ck_assert_uint_gt (archived, 0);
    /* The log's own rows lose what was archived. */
    {
      GListModel *held = G_LIST_MODEL (xn_violation_log_get_rows (log));

      for (guint i = 0; i < g_list_model_get_n_items (held); i++)
        {
          g_autoptr(XnLiveRow) row = g_list_model_get_item (held, i);

          ck_assert_msg ((guint64) xn_live_row_get_number (row, "seq") > up_to,
                         "the log still holds a cleared row");
        }
    }
  }
  {
    Seen after;
    g_autoptr(XnViolationLog) third = NULL;

    seen_init (&after);
    third = watch_log (host, &after);
    wait_for_rows (&after, 1, 5);
    for (guint i = 0; i < after.seqs->len; i++)
      ck_assert_msg (g_array_index (after.seqs, guint64, i) > up_to, "seq %" G_GUINT64_FORMAT " survived the clear",
                     g_array_index (after.seqs, guint64, i));
    seen_clear (&after);
  }
  {
    XnTestWait w = { 0 };
    g_autoptr(GPtrArray) rows = NULL;
    guint64 last = 0;
    gboolean more = TRUE;

    xn_host_model_read_archived_async (xn_remote_host_get_model (host), 0, 5000, NULL, xn_test_wait_cb, &w);
    xn_test_wait_for (&w.done, 20);
    rows = xn_host_model_read_archived_finish (xn_remote_host_get_model (host), w.result, &last, &more, &error);
    g_object_unref (w.result);
    ck_assert_msg (rows != NULL, "%s", error ? error->message : "");
    ck_assert_uint_eq (rows->len, MIN (archived, 5000));
    ck_assert_uint_eq (last, up_to);
    ck_assert (!more);
    for (guint i = 1; i < rows->len; i++)
      ck_assert_msg (xn_live_row_get_number (g_ptr_array_index (rows, i - 1), "seq")
                     > xn_live_row_get_number (g_ptr_array_index (rows, i), "seq"),
                     "cleared violations not newest first");
    ck_assert (*xn_live_row_get_string (g_ptr_array_index (rows, 0), "domain"));
  }

  /* A new connection starts the log again from its first row. */
  ck_assert_uint_eq (seen.resets, 0);
  xn_remote_host_disconnect (host);
  ck_assert (!xn_violation_log_get_connected (log));
  {
    XnTestWait w = { 0 };

    xn_remote_host_connect_async (host, NULL, xn_test_wait_cb, &w);
    xn_test_wait_for (&w.done, 20);
    ck_assert (xn_remote_host_connect_finish (host, w.result, &error));
    g_object_unref (w.result);
  }
  ck_assert (xn_violation_log_get_connected (log));
  ck_assert_uint_eq (seen.resets, 1);

  seen_clear (&seen);
  seen_clear (&again);
  g_clear_object (&log);
  xn_remote_host_disconnect (host);
  xn_test_daemon_clear (&d);
}
END_TEST

/* Iterates the main context until @rows holds @at_least rows or
 * @seconds pass. */
static gboolean
wait_for_held (XnViolationModel *rows,
               guint             at_least,
               guint             seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (xn_violation_model_get_n_total (rows) < at_least && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
  return xn_violation_model_get_n_total (rows) >= at_least;
}

/* One client-side copy of a host's violations: the views of a host share
 * its log, the log fills its rows from the daemon's signal alone (in
 * step with what it hands on), and two views' filters over those rows
 * see the same rows, marks included. */
START_TEST (test_model_violation_log_shared)
{
  XnTestDaemon d = { 0 };
  g_autoptr(XnRemoteHost) host = misbehaving_host (&d);
  g_autoptr(XnViolationLog) log = xn_violation_log_dup_for_host (host);
  g_autoptr(XnViolationLog) same = xn_violation_log_dup_for_host (host);
  g_autoptr(XnViolationFilterModel) one = NULL;
  g_autoptr(XnViolationFilterModel) other = NULL;
  g_autoptr(GArray) marked = NULL;
  XnViolationModel *rows;
  Seen seen;
  guint n;

  ck_assert_ptr_eq (log, same);
  rows = xn_violation_log_get_rows (log);
  ck_assert_ptr_eq (rows, xn_violation_log_get_rows (same));
  seen_init (&seen);
  g_signal_connect (log, "rows-added", G_CALLBACK (rows_added_cb), &seen);
  one = xn_violation_filter_model_new (rows);

  /* Nobody asks: the daemon's signal brings rows, into the log's rows. */
  ck_assert_msg (wait_for_held (rows, 2, 20), "the log's rows stayed at %u", xn_violation_model_get_n_total (rows));
  ck_assert_uint_eq (xn_violation_model_get_n_total (rows), seen.seqs->len);
  for (guint i = 0; i < seen.seqs->len; i++)
    {
      g_autoptr(XnLiveRow) row = g_list_model_get_item (G_LIST_MODEL (rows), i);

      ck_assert_uint_eq ((guint64) xn_live_row_get_number (row, "seq"), g_array_index (seen.seqs, guint64, i));
      ck_assert_msg (*xn_live_row_get_string (row, "tag") != '\0', "a row without its domain's tag");
    }
  ck_assert_uint_eq (xn_violation_model_get_last_seq (rows), xn_violation_log_get_last_seq (log));

  /* A second view, made later, sees the same rows from the same copy. */
  other = xn_violation_filter_model_new (xn_violation_log_get_rows (same));
  xn_violation_filter_model_set_sort (other, "time", TRUE);
  n = g_list_model_get_n_items (G_LIST_MODEL (one));
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (other)), n);
  ck_assert (wait_for_held (rows, xn_violation_model_get_n_total (rows) + 1, 20));
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (one)), xn_violation_model_get_n_total (rows));
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (other)), xn_violation_model_get_n_total (rows));
  {
    g_autoptr(XnLiveRow) newest = g_list_model_get_item (G_LIST_MODEL (other), 0);

    ck_assert_uint_eq ((guint64) xn_live_row_get_number (newest, "seq"), xn_violation_model_get_last_seq (rows));
  }
  /* Marked in one view, viewed in the other. */
  marked = xn_violation_filter_model_mark_shown_viewed (one);
  ck_assert_uint_gt (marked->len, 0);
  ck_assert_uint_eq (xn_violation_filter_model_get_n_new (other), 0);

  /* Its last holder gone, the host's log goes; the next view makes one. */
  g_clear_object (&one);
  g_clear_object (&other);
  g_clear_object (&same);
  {
    XnViolationLog *was = log;
    g_autoptr(XnViolationLog) again = NULL;

    g_object_add_weak_pointer (G_OBJECT (was), (gpointer *) &was);
    g_signal_handlers_disconnect_by_data (log, &seen);
    g_clear_object (&log);
    ck_assert_ptr_null (was);
    again = xn_violation_log_dup_for_host (host);
    ck_assert_uint_eq (xn_violation_model_get_n_total (xn_violation_log_get_rows (again)), 0);
  }
  seen_clear (&seen);
  xn_remote_host_disconnect (host);
  xn_test_daemon_clear (&d);
}
END_TEST

/* Runs one of the model's reply calls to its end. */
static GVariant *
reply (XnHostModel  *model,
       XnTestWait   *w,
       GError      **error)
{
  GVariant *r;

  xn_test_wait_for (&w->done, 20);
  r = xn_host_model_reply_finish (model, w->result, error);
  g_object_unref (w->result);
  *w = (XnTestWait) { 0 };
  return r;
}

START_TEST (test_model_reads)
{
  g_autoptr(GError) error = NULL;
  XnTestDaemon d = { 0 };
  g_autoptr(XnRemoteHost) host = misbehaving_host (&d);
  XnHostModel *model = xn_remote_host_get_model (host);
  XnLiveRow *vm = wait_for_domain (model, "user_vm_1", "running", 10);
  const char *uuid;
  XnTestWait w = { 0 };

  ck_assert (vm != NULL);
  uuid = xn_live_row_get_string (vm, "uuid");

  /* Current performance: a time and a row per running domain. */
  {
    g_autoptr(GVariant) r = NULL;
    g_autoptr(GVariant) domains = NULL, enclaves = NULL, tags = NULL;
    gint64 time = 0;

    xn_host_model_read_performance_async (model, NULL, xn_test_wait_cb, &w);
    r = reply (model, &w, &error);
    ck_assert_msg (r != NULL, "%s", error ? error->message : "");
    g_variant_get (r, "(x@aa{sv}@aa{sv}@aa{sv})", &time, &domains, &enclaves, &tags);
    ck_assert_int_gt (time, 0);
    ck_assert_uint_gt (g_variant_n_children (domains), 0);
  }
  /* History: the sample the daemon took as it started, over 10 minutes. */
  {
    g_autoptr(GVariant) r = NULL;
    g_autoptr(GVariant) samples = NULL;
    gint64 now = g_get_real_time ();

    xn_host_model_read_performance_history_async (model, "5s", now - 10 * G_TIME_SPAN_MINUTE, now, uuid, NULL,
                                                  xn_test_wait_cb, &w);
    r = reply (model, &w, &error);
    ck_assert_msg (r != NULL, "%s", error ? error->message : "");
    samples = g_variant_get_child_value (r, 0);
    ck_assert_msg (g_variant_n_children (samples) > 0, "no performance history for user_vm_1");
  }
  /* The guard's counters and the audit chain. */
  {
    g_autoptr(GVariant) r = NULL;
    g_autoptr(GVariant) stats = NULL;
    guint64 denied = 0;

    xn_host_model_read_guard_statistics_async (model, NULL, xn_test_wait_cb, &w);
    r = reply (model, &w, &error);
    ck_assert_msg (r != NULL, "%s", error ? error->message : "");
    stats = g_variant_get_child_value (r, 0);
    ck_assert (g_variant_lookup (stats, "denied", "t", &denied));
  }
  {
    g_autoptr(GVariant) r = NULL;
    gboolean ok = FALSE;
    guint64 rows = 0;
    const char *message = NULL;

    xn_host_model_verify_audit_async (model, NULL, xn_test_wait_cb, &w);
    r = reply (model, &w, &error);
    ck_assert_msg (r != NULL, "%s", error ? error->message : "");
    g_variant_get (r, "(bt&s)", &ok, &rows, &message);
    ck_assert_msg (ok, "audit chain broken: %s", message);
    ck_assert_uint_gt (rows, 0);
  }
  /* A profile proposed from what user_vm_1 was refused. */
  {
    g_autoptr(GVariant) r = NULL;
    const char *xml = NULL;

    xn_host_model_propose_profile_async (model, uuid, NULL, xn_test_wait_cb, &w);
    r = reply (model, &w, &error);
    ck_assert_msg (r != NULL, "%s", error ? error->message : "");
    g_variant_get (r, "(&s@as@a(utt))", &xml, NULL, NULL);
    ck_assert_msg (strstr (xml, "<") != NULL, "not a profile: %s", xml);
  }
  /* A push: the policy in force, unsigned, is refused in the daemon's
   * words only; signed at the next serial, its dry run changes nothing
   * and the push comes back as the model's policy through the daemon's
   * PolicyChanged. */
  {
    g_autoptr(GVariant) r = NULL;
    g_autoptr(GVariant) document = NULL;
    g_autoptr(GBytes) bytes = NULL, next = NULL;
    g_autoptr(XnPolicy) policy = NULL;
    g_autofree char *key = g_build_filename (d.dir, "signer.key", NULL);
    g_autofree char *cert = g_build_filename (d.dir, "signer.pem", NULL);
    XnSigner *signer;
    guint64 serial = 0, now_serial = 0;
    gint64 deadline;

    ck_assert (wait_for_facts (model, 10));
    g_variant_get (xn_host_model_get_policy (model), "(tssx@ay)", &serial, NULL, NULL, NULL, &document);
    bytes = g_variant_get_data_as_bytes (document);
    xn_host_model_push_policy_async (model, bytes, TRUE, NULL, xn_test_wait_cb, &w);
    r = reply (model, &w, &error);
    ck_assert (r == NULL && error != NULL);
    ck_assert_msg (!g_dbus_error_is_remote_error (error) && strstr (error->message, "org.") == NULL,
                   "the D-Bus error name reached the user: %s", error->message);
    g_clear_error (&error);

    /* The daemon reads its trust directory at each push. */
    ck_assert (xn_test_pki_make (d.dir, "Host Model Test CA", 3650, "Host Model Test Signer", 365));
    policy = xn_policy_load_bytes (bytes, "running.xml", &error);
    ck_assert_msg (policy != NULL, "%s", error ? error->message : "");
    xn_policy_set_serial (policy, serial + 1);
    g_clear_pointer (&bytes, g_bytes_unref);
    bytes = xn_policy_save_to_bytes (policy, &error);
    ck_assert (xn_sign_init (NULL));
    signer = xn_signer_new_from_files (key, cert, &error);
    ck_assert_msg (signer != NULL, "%s", error ? error->message : "");
    next = xn_sign_bytes (signer, bytes, &error);
    xn_signer_unref (signer);
    ck_assert_msg (next != NULL, "%s", error ? error->message : "");

    xn_host_model_push_policy_async (model, next, TRUE, NULL, xn_test_wait_cb, &w);
    g_clear_pointer (&r, g_variant_unref);
    r = reply (model, &w, &error);
    ck_assert_msg (r != NULL, "dry run: %s", error ? error->message : "");
    xn_host_model_push_policy_async (model, next, FALSE, NULL, xn_test_wait_cb, &w);
    g_clear_pointer (&r, g_variant_unref);
    r = reply (model, &w, &error);
    ck_assert_msg (r != NULL, "push: %s", error ? error->message : "");
    deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    do
      {
        g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
        g_variant_get (xn_host_model_get_policy (model), "(tssx@ay)", &now_serial, NULL, NULL, NULL, NULL);
      }
    while (now_serial != serial + 1 && g_get_monotonic_time () < deadline);
    ck_assert_uint_eq (now_serial, serial + 1);
  }

  xn_remote_host_disconnect (host);
  xn_test_daemon_clear (&d);
}
END_TEST

START_TEST (test_model_not_connected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(XnRemoteHost) host = xn_remote_host_new_local ("nowhere", "/nonexistent/hostd.sock");
  XnHostModel *model = xn_remote_host_get_model (host);

  ck_assert_uint_eq (g_list_model_get_n_items (xn_host_model_get_domains (model)), 0);
  ck_assert_ptr_null (xn_host_model_get_info (model));
  {
    XnTestWait w = { 0 };

    xn_host_model_read_hardware_async (model, NULL, xn_test_wait_cb, &w);
    xn_test_wait_for (&w.done, 20);
    ck_assert_ptr_null (xn_host_model_read_hardware_finish (model, w.result, &error));
    g_object_unref (w.result);
    ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED));
    g_clear_error (&error);
  }
  ck_assert (!run (model, XN_DOMAIN_OP_START, "00000000-0000-0000-0000-000000000000", &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED));
  ck_assert_msg (strstr (error->message, "nowhere") != NULL, "%s", error->message);
  g_clear_error (&error);
  {
    XnTestWait w = { 0 };

    xn_host_model_verify_audit_async (model, NULL, xn_test_wait_cb, &w);
    ck_assert_ptr_null (reply (model, &w, &error));
    ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED));
    g_clear_error (&error);
  }
  {
    g_autoptr(XnViolationLog) log = xn_violation_log_new (host);
    g_autoptr(GArray) seqs = g_array_new (FALSE, FALSE, sizeof (guint64));
    XnTestWait w = { 0 };

    ck_assert (!xn_violation_log_get_connected (log));
    xn_violation_log_fetch (log);
    xn_violation_log_mark_viewed_async (log, seqs, NULL, xn_test_wait_cb, &w);
    xn_test_wait_for (&w.done, 20);
    ck_assert (!xn_violation_log_mark_viewed_finish (log, w.result, &error));
    g_object_unref (w.result);
    ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED));
  }
}
END_TEST

static Suite *
host_model_suite (void)
{
  Suite *s = suite_create ("host-model");
  TCase *tc = tcase_create ("host-model");

  tcase_set_timeout (tc, 90);
  tcase_add_test (tc, test_model_follows_host);
  tcase_add_test (tc, test_model_lifecycle);
  tcase_add_test (tc, test_model_violation_log);
  tcase_add_test (tc, test_model_violation_log_shared);
  tcase_add_test (tc, test_model_reads);
  tcase_add_test (tc, test_model_not_connected);
  suite_add_tcase (s, tc);
  return s;
}

XN_TEST_MAIN (host_model_suite)
