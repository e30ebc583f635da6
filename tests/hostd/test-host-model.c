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
 * and shows each outcome in the same row objects a view has selected. */

#include "config.h"

#include "xn-host-list.h"
#include "xn-host-model.h"
#include "xn-test-async.h"
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
  tcase_add_test (tc, test_model_not_connected);
  suite_add_tcase (s, tc);
  return s;
}

XN_TEST_MAIN (host_model_suite)
