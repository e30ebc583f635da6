/* fuzz-host-list.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * The application's host list file on hostile input.  A text it accepts
 * must round-trip: written back and read again it describes the same
 * hosts, byte for byte in the written form; a text it refuses leaves the
 * list as it was and says why.
 *
 * GLib 2.74 warns "GError set over the top of a previous GError" on a
 * value holding both an invalid escape and a trailing backslash: its own
 * unescaper sets two errors; the value is refused all the same.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xn-host-list.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(XnHostList) list = xn_host_list_new (NULL);
  g_autoptr(XnHostList) again = xn_host_list_new (NULL);
  g_autoptr(XnRemoteHost) keep = xn_remote_host_new_local ("kept", "/nonexistent.sock");
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  gsize first_len = 0, second_len = 0;

  if (size > 65536)
    return 0;

  g_assert_true (xn_host_list_add (list, keep, NULL));
  if (!xn_host_list_load_data (list, (const char *) data, size, &error))
    {
      /* Refused: with a message, and nothing half-loaded. */
      g_assert_nonnull (error);
      g_assert_true (error->message != NULL && error->message[0] != '\0');
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
      g_assert_true (xn_host_list_lookup (list, "kept") == keep);
      return 0;
    }

  first = xn_host_list_to_data (list, &first_len);
  if (!xn_host_list_load_data (again, first, first_len, &error))
    g_error ("the list's own output is refused: %s\n%s", error->message, first);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (list)));
  second = xn_host_list_to_data (again, &second_len);
  if (first_len != second_len || memcmp (first, second, first_len) != 0)
    g_error ("the host list does not round-trip:\n%s\n--\n%s", first, second);
  return 0;
}
