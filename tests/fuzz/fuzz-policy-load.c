/* fuzz-policy-load.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Feeds arbitrary bytes to the policy reader; whatever loads is saved and
 * must load again (the writer's output is always a valid document). What
 * loads (by streaming, without a tree) must load the tree way too, to the
 * same objects: the two drivers of the one builder may not disagree. */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "xenon-model.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(XnPolicy) policy = NULL;
  g_autoptr(XnPolicy) again = NULL;
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(GBytes) saved2 = NULL;
  g_autoptr(GError) error = NULL;

  policy = xn_policy_load_bytes (bytes, "fuzz.xml", &error);
  if (policy == NULL)
    {
      /* Every refusal says where. */
      if (error == NULL || !g_str_has_prefix (error->message, "fuzz.xml"))
        abort ();
      return 0;
    }

  saved = xn_policy_save_to_bytes (policy, NULL);

  {
    xmlDoc *doc = xn_policy_parse_bytes (bytes, "fuzz.xml", &error);
    g_autoptr(XnPolicy) from_tree = NULL;
    g_autoptr(GBytes) saved_tree = NULL;

    if (doc != NULL)
      from_tree = xn_policy_load_doc (doc, "fuzz.xml", &error);
    g_clear_pointer (&doc, xmlFreeDoc);
    if (from_tree == NULL)
      {
        g_printerr ("loaded, but the tree way refuses it: %s\n", error ? error->message : "?");
        abort ();
      }
    saved_tree = xn_policy_save_to_bytes (from_tree, NULL);
    if (!g_bytes_equal (saved, saved_tree))
      {
        g_printerr ("the streaming and the tree load built different objects\n");
        abort ();
      }
  }

  again = xn_policy_load_bytes (saved, "saved.xml", &error);
  if (again == NULL)
    {
      g_printerr ("saved form does not load: %s\n", error->message);
      abort ();
    }

  /* The canonical form is a fixed point. */
  saved2 = xn_policy_save_to_bytes (again, NULL);
  if (!g_bytes_equal (saved, saved2))
    abort ();

  return 0;
}
