/* xn-test-async.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Waiting for an async call in a test: pass xn_test_wait_cb and an
 * XnTestWait to the *_async function, then iterate the main context until
 * it is done and hand the result to *_finish. One copy for every test that
 * drives the client's GTask API. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  gboolean      done;
  GAsyncResult *result;   /* owned: unref it after *_finish */
} XnTestWait;

void xn_test_wait_cb  (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data);
void xn_test_wait_for (gboolean     *flag,
                       guint         seconds);

G_END_DECLS
