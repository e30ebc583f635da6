/* fuzz-agent.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * The agent channel's messages on hostile input: a request as a network
 * service domain's agent reads it (with the switch plan inside, read as
 * the agent reads it), a reply as the host daemon reads it from a service
 * domain.  The first byte picks which.  What a decoder accepts must
 * encode back to the same bytes (the decoders take normal form only).
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xn-agent-link.h"
#include "xn-compile.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
request (GBytes *bytes)
{
  g_auto(XnAgentRequest) req = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(XnPlan) plan = NULL;

  if (!xn_agent_request_decode (bytes, &req, &error))
    {
      if (error == NULL || error->message == NULL)
        abort ();
      return;
    }
  again = xn_agent_request_encode (&req);
  if (!g_bytes_equal (again, bytes))
    abort ();
  plan = xn_plan_deserialize (req.plan, NULL);
  for (guint i = 0; plan != NULL && i < xn_plan_get_n_switches (plan); i++)
    {
      const char *name = xn_plan_get_switch_name (plan, i);
      g_autofree char *flows = xn_plan_dup_flows_text (plan, name);
      g_autofree char *ports = xn_plan_dup_ports_text (plan, name);

      /* What xn_ovs_apply() reads of it. */
      if (flows == NULL || ports == NULL)
        abort ();
      (void) xn_plan_get_switch_driver (plan, i);
    }
}

static void
reply (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autofree char *text = NULL;
  gboolean ok = FALSE;
  guint64 serial = 0;

  if (!xn_agent_reply_decode (bytes, &ok, &serial, &text, &error))
    {
      if (error == NULL)
        abort ();
      return;
    }
  again = xn_agent_reply_encode (ok, serial, text);
  if (!g_bytes_equal (again, bytes))
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = NULL;

  if (size < 1 || size > (1 << 20))
    return 0;
  bytes = g_bytes_new (data + 1, size - 1);
  if (data[0] & 1)
    reply (bytes);
  else
    request (bytes);
  return 0;
}
