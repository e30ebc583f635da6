/* xn-test-async.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include "xn-test-async.h"

/* The GAsyncReadyCallback for an XnTestWait: keeps the result, marks it
 * done. */
void
xn_test_wait_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  XnTestWait *w = user_data;

  w->result = g_object_ref (result);
  w->done = TRUE;
}

/* Iterates the default main context until *@flag or a timeout. */
void
xn_test_wait_for (gboolean *flag,
                  guint     seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!*flag && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
}
