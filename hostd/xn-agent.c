/* xn-agent.c: xenon-hostd in a network service domain, and the host
 * daemon's calls to it
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A switch a network service domain drives has its VIFs' ports inside
 * that domain, so its tables must be put there.  `xenon-hostd --agent`
 * runs in the service domain with its own Open vSwitch; the host daemon
 * hands it the switches it drives (xn_plan_serialize_switches(): flows,
 * groups, port tables, the serial, nothing else of the policy) over the
 * agent channel, and it puts them on its bridges with the daemon's own
 * xn_ovs_apply(): the same bundles, the same port pinning, the same
 * rollback across its switches.  It answers with the serial it then
 * carries, or why not; the host daemon's push completes only when every
 * agent confirmed.
 *
 * The agent takes whatever serial Domain-0 sends, older ones included:
 * the anti-rollback check is the host daemon's, and a failed push puts
 * the previous tables back through this same call.
 */

#define G_LOG_DOMAIN "xn-hostd"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "xn-hostd.h"
#include "xn-agent.h"
#include "xn-agent-link.h"
#include "xn-ovs.h"

/* Checks and applies one request; the reply says what is in force. */
static GBytes *
serve (const XnAgentOptions  *options,
       XnOvs                 *ovs,
       XnPlan               **current,
       GBytes                *message)
{
  g_auto(XnAgentRequest) request = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(XnPlan) plan = NULL;
  guint64 serial = *current ? xn_plan_get_serial (*current) : 0;

  if (!xn_agent_request_decode (message, &request, &error))
    return xn_agent_reply_encode (FALSE, serial, error->message);
  if (!g_str_equal (request.driver, options->name))
    {
      g_autofree char *why = g_strdup_printf (_("this is the agent of “%s”, not of “%s”"),
                                              options->name, request.driver);

      return xn_agent_reply_encode (FALSE, serial, why);
    }
  if (g_str_equal (request.op, "status"))
    return xn_agent_reply_encode (TRUE, serial, "");

  plan = xn_plan_deserialize (request.plan, &error);
  if (plan == NULL)
    return xn_agent_reply_encode (FALSE, serial, error->message);
  if (xn_plan_get_serial (plan) != request.serial)
    return xn_agent_reply_encode (FALSE, serial, _("the plan's serial is not the request's"));
  for (guint i = 0; i < xn_plan_get_n_switches (plan); i++)
    if (g_strcmp0 (xn_plan_get_switch_driver (plan, i), options->name) != 0)
      {
        g_autofree char *why = g_strdup_printf (_("switch “%s” is not driven by “%s”"),
                                                xn_plan_get_switch_name (plan, i), options->name);

        return xn_agent_reply_encode (FALSE, serial, why);
      }
  if (!xn_ovs_apply (ovs, plan, *current, &error))
    {
      g_warning ("Serial %" G_GUINT64_FORMAT " refused: %s", request.serial, error->message);
      return xn_agent_reply_encode (FALSE, serial, error->message);
    }
  g_clear_pointer (current, xn_plan_unref);
  *current = g_steal_pointer (&plan);
  g_message ("Agent of %s: %u switches carry serial %" G_GUINT64_FORMAT, options->name,
             xn_plan_get_n_switches (*current), request.serial);
  return xn_agent_reply_encode (TRUE, request.serial, "");
}

/**
 * xn_agent_run:
 *
 * The agent's loop: one request per connection from the host daemon, for
 * as long as the process runs.
 *
 * Returns: the process's exit status
 */
int
xn_agent_run (const XnAgentOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(XnAgentLink) link = NULL;
  g_autoptr(XnOvs) ovs = NULL;
  XnPlan *current = NULL;

  if (options->name == NULL || options->ovs_db == NULL)
    {
      g_printerr ("%s\n", _("An agent needs its domain's name (--agent-name) and Open vSwitch (--ovs-db)"));
      return 2;
    }
  link = xn_agent_link_listen (options->listen, &error);
  if (link == NULL)
    {
      g_printerr ("xenon-hostd: %s\n", error->message);
      return 1;
    }
  ovs = xn_ovs_new (options->ovs_db, options->ovs_datapath);
  xn_ovs_set_driver (ovs, options->name);
  xn_ovs_set_ports_dir (ovs, options->ports_dir);
  g_message ("Agent of %s listening on %s", options->name, options->listen);
  for (;;)
    {
      g_autoptr(GBytes) message = NULL;
      g_autoptr(GBytes) reply = NULL;
      /* A stalled peer may not hold the agent: a minute per message. */
      gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

      g_clear_error (&error);
      if (!xn_agent_link_accept (link, &error))
        {
          g_warning ("%s", error->message);
          g_usleep (G_USEC_PER_SEC / 4);   /* no busy loop on a failing accept */
          continue;
        }
      message = xn_agent_link_recv (link, XN_AGENT_MAX_REQUEST, deadline, &error);
      if (message == NULL)
        {
          g_warning ("%s", error->message);
          continue;
        }
      reply = serve (options, ovs, &current, message);
      if (!xn_agent_link_send (link, reply, deadline, &error))
        g_warning ("%s", error->message);
      /* The host daemon hangs up once it has read the reply. */
      g_clear_pointer (&message, g_bytes_unref);
      g_clear_error (&error);
      xn_agent_link_recv (link, 0, g_get_monotonic_time () + G_USEC_PER_SEC, NULL);
    }
  return 0;
}

/* One request, one reply. */
static gboolean
call (const char            *address,
      const XnAgentRequest  *request,
      gint64                 deadline,
      gboolean              *ok,
      guint64               *serial,
      char                 **text,
      GError               **error)
{
  g_autoptr(XnAgentLink) link = NULL;
  g_autoptr(GBytes) message = xn_agent_request_encode (request);
  g_autoptr(GBytes) reply = NULL;

  return (link = xn_agent_link_connect (address, deadline, error)) != NULL
         && xn_agent_link_send (link, message, deadline, error)
         && (reply = xn_agent_link_recv (link, XN_AGENT_MAX_REPLY, deadline, error)) != NULL
         && xn_agent_reply_decode (reply, ok, serial, text, error);
}

/**
 * xn_agent_status:
 * @serial: (out): the serial @driver's switches carry (0: none yet)
 *
 * Asks @driver's agent what it carries.
 *
 * Returns: TRUE when the agent answered
 */
gboolean
xn_agent_status (const char  *address,
                 const char  *driver,
                 gint64       deadline,
                 guint64     *serial,
                 GError     **error)
{
  XnAgentRequest request = { .op = (char *) "status", .driver = (char *) driver };
  g_autofree char *text = NULL;
  gboolean ok = FALSE;

  if (!call (address, &request, deadline, &ok, serial, &text, error))
    return FALSE;
  if (!ok)
    {
      g_set_error (error, XN_HOSTD_ERROR, XN_HOSTD_ERROR_BACKEND,
                   _("The agent of “%s” refused to say what it carries: %s"), driver, text);
      return FALSE;
    }
  return TRUE;
}

/**
 * xn_agent_push:
 * @address: the agent's address (xn_agent_link_connect())
 * @driver: the service domain
 * @plan: the plan whose switches @driver drives are sent
 *
 * Hands @driver's agent its switches of @plan and waits for it to say
 * they carry @plan's serial.
 *
 * Returns: TRUE when the agent confirmed
 */
gboolean
xn_agent_push (const char  *address,
               const char  *driver,
               XnPlan      *plan,
               gint64       deadline,
               GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GBytes) switches = xn_plan_serialize_switches (plan, driver);
  g_autofree char *text = NULL;
  XnAgentRequest request = {
    .op = (char *) "apply",
    .driver = (char *) driver,
    .serial = xn_plan_get_serial (plan),
    .plan = switches,
  };
  gboolean ok = FALSE;
  guint64 serial = 0;

  if (!call (address, &request, deadline, &ok, &serial, &text, &local))
    {
      g_set_error (error, XN_HOSTD_ERROR, XN_HOSTD_ERROR_BACKEND,
                   _("The agent of “%s” did not confirm serial %" PRIu64 ": %s"),
                   driver, (uint64_t) request.serial, local->message);
      return FALSE;
    }
  if (!ok || serial != request.serial)
    {
      g_set_error (error, XN_HOSTD_ERROR, XN_HOSTD_ERROR_BACKEND,
                   _("The agent of “%s” refused serial %" PRIu64 " (it carries %" PRIu64 "): %s"),
                   driver, (uint64_t) request.serial, (uint64_t) serial, text && *text ? text : _("no reason given"));
      return FALSE;
    }
  return TRUE;
}
