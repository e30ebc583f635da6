/* fuzz-hardware.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * The hardware list a host's daemon sends (GetHardware's aa{sv}, here as
 * GVariant's serialised form) on hostile input.  A list it refuses leaves
 * the host untouched and says why; a list it takes must give a document
 * the schema accepts: saved and loaded again, with every device back.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xenon-model.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GVariant) raw = NULL, devices = NULL;
  g_autoptr(XnPolicy) policy = xn_policy_new ();
  g_autoptr(XnHost) host = xn_host_new ();
  g_autoptr(XnCommandStack) stack = xn_command_stack_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(XnPolicy) again = NULL;
  XnCommand *command;
  guint added = 0, known = 0;

  if (size > 65536)
    return 0;
  bytes = g_bytes_new (data, size);
  raw = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE ("aa{sv}"), bytes, FALSE));
  /* What GDBus hands over: a value in normal form. */
  devices = g_variant_get_normal_form (raw);

  xn_object_set_name (XN_OBJECT (policy), "fuzz");
  xn_object_set_name (XN_OBJECT (host), "localhost");
  xn_host_set_address (host, "127.0.0.1");
  xn_object_list_append (xn_policy_get_hosts (policy), XN_OBJECT (host));
  xn_host_ensure_domain0 (host);

  command = xn_host_import_hardware (host, devices, &added, &known, &error);
  if (command == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->message != NULL && error->message[0] != '\0');
      g_assert_cmpuint (xn_object_list_get_n_items (xn_host_get_hardware (host)), ==, 0);
      return 0;
    }
  g_assert_cmpuint (added + known, ==, g_variant_n_children (devices));
  g_assert_true (xn_command_stack_push (stack, command, &error));
  g_object_unref (command);
  g_assert_cmpuint (xn_object_list_get_n_items (xn_host_get_hardware (host)), ==, added);

  saved = xn_policy_save_to_bytes (policy, &error);
  g_assert_nonnull (saved);
  again = xn_policy_load_bytes (saved, "fuzz.xml", &error);
  if (again == NULL)
    g_error ("an imported list made a document the schema refuses: %s", error->message);
  g_assert_cmpuint (xn_object_list_get_n_items (xn_host_get_hardware (xn_object_list_get (xn_policy_get_hosts (again), 0))),
                    ==, added);
  return 0;
}
