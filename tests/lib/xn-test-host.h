/* xn-test-host.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Host-list helpers for the tests that drive XnRemoteHost and XnHostList
 * (test-host-list and test-host-model over the local socket,
 * test-ssh-transport over sshd, bench-hosts): a daemon to talk to,
 * waiting for a host's state, and an operation's finish and progress
 * callbacks that count what the pool did. */

#pragma once

#include "xn-host-list.h"

G_BEGIN_DECLS

/* xenon-hostd (the binary $XN_HOSTD names) on the sim backend with the
 * demo policy, its socket and state in a directory of its own. */
typedef struct
{
  char        *dir;
  char        *socket;
  GSubprocess *proc;
} XnTestDaemon;

/* What xn_test_pool_progress() saw. */
typedef struct
{
  guint in_flight;
  guint peak;
  guint started;
  guint succeeded;
  guint failed;
} XnTestPoolCount;

void     xn_test_daemon_start  (XnTestDaemon       *d);
void     xn_test_daemon_kill   (XnTestDaemon       *d);
void     xn_test_daemon_clear  (XnTestDaemon       *d);
gboolean xn_test_host_is       (XnRemoteHost       *host,
                                XnRemoteHostState   state,
                                guint               seconds);
gboolean xn_test_pool_finish   (XnRemoteHost       *host,
                                GAsyncResult       *result,
                                gpointer            user_data,
                                GError            **error);
void     xn_test_pool_progress (XnRemoteHost       *host,
                                XnHostOpStatus      status,
                                const GError       *error,
                                gpointer            user_data);

G_END_DECLS
