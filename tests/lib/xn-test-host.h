/* xn-test-host.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Host-list helpers for the tests that drive XnRemoteHost and XnHostList
 * (test-host-list over the local socket, test-ssh-transport over sshd,
 * bench-hosts): waiting for a host's state, and an operation's finish and
 * progress callbacks that count what the pool did. */

#pragma once

#include "xn-host-list.h"

G_BEGIN_DECLS

/* What xn_test_pool_progress() saw. */
typedef struct
{
  guint in_flight;
  guint peak;
  guint started;
  guint succeeded;
  guint failed;
} XnTestPoolCount;

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
