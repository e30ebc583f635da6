/* xn-test-host.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include "xn-test-host.h"

/* Iterates the default main context until @host is in @state or
 * @seconds pass; whether it got there. */
gboolean
xn_test_host_is (XnRemoteHost      *host,
                 XnRemoteHostState  state,
                 guint              seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (xn_remote_host_get_state (host) != state && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
  return xn_remote_host_get_state (host) == state;
}

/* The finish of an operation whose start returns a boolean GTask. */
gboolean
xn_test_pool_finish (XnRemoteHost  *host,
                     GAsyncResult  *result,
                     gpointer       user_data,
                     GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Progress into the XnTestPoolCount @user_data: how many ran at once at
 * most, and how each ended. */
void
xn_test_pool_progress (XnRemoteHost   *host,
                       XnHostOpStatus  status,
                       const GError   *error,
                       gpointer        user_data)
{
  XnTestPoolCount *c = user_data;

  if (status == XN_HOST_OP_STARTED)
    {
      c->started++;
      c->in_flight++;
      c->peak = MAX (c->peak, c->in_flight);
      return;
    }
  c->in_flight--;
  if (status == XN_HOST_OP_SUCCEEDED)
    c->succeeded++;
  else
    c->failed++;
}
