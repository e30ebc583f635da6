/* xn-hostd-agents.c: switches enforced by network service domains' agents
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A switch driven by a network service domain is applied by that
 * domain's agent (xn-agent.c).  A push hands every running service
 * domain its switches after Domain-0's own switches took theirs; if one
 * agent does not confirm, those that did get the previous plan back and
 * the push fails like any switch failure.  A service domain that starts
 * later, or restarts, gets the plan in force from the sampling tick
 * (_xn_hostd_agents_sync()), before any guest can have a port on its
 * bridges: the bridges do not exist until the agent makes them.
 */

#define G_LOG_DOMAIN "xn-hostd"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xn-hostd-private.h"
#include "xn-agent.h"
#include "xn-backend.h"

/* A whole push through a TCG-emulated service domain takes seconds; a
 * minute means it is gone. */
#define PUSH_TIMEOUT_S 60
/* After a failed attempt the tick waits this long before the next one,
 * so a dead agent does not hold the daemon at every tick. */
#define RETRY_S        3
/* A status question is one small message each way. */
#define STATUS_TIMEOUT_S 2

static char *
agent_address (XnHostd    *self,
               const char *name,
               int         domid)
{
  g_autofree char *dir = g_key_file_get_string (self->options->config, "hostd", "agent-dir", NULL);

  /* Without Xen (the simulated host), agents listen on Unix sockets. */
  if (dir != NULL)
    return g_strdup_printf ("unix:%s/%s.sock", dir, name);
  return g_strdup_printf ("vchan:%d:/local/domain/%d/data/xenon-agent", domid, domid);
}

/* Name → domain id of the running service domains driving @plan's
 * switches. */
static GHashTable *
running_drivers (XnHostd *self,
                 XnPlan  *plan)
{
  GHashTable *drivers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) doms = NULL;

  if (self->no_agents)
    return drivers;
  for (guint i = 0; i < xn_plan_get_n_switches (plan); i++)
    if (xn_plan_get_switch_driver (plan, i) != NULL)
      g_hash_table_insert (drivers, g_strdup (xn_plan_get_switch_driver (plan, i)), GINT_TO_POINTER (-1));
  if (g_hash_table_size (drivers) == 0)
    return drivers;
  doms = xn_backend_list_domains (self->backend);
  for (guint i = 0; i < doms->len; i++)
    {
      XnBackendDomain *bd = g_ptr_array_index (doms, i);

      if (bd->state == XN_DOMAIN_STATE_RUNNING && bd->name != NULL
          && g_hash_table_contains (drivers, bd->name))
        g_hash_table_insert (drivers, g_strdup (bd->name), GINT_TO_POINTER (bd->domid));
    }
  {
    GHashTableIter iter;
    gpointer v;

    g_hash_table_iter_init (&iter, drivers);
    while (g_hash_table_iter_next (&iter, NULL, &v))
      if (GPOINTER_TO_INT (v) < 0)
        g_hash_table_iter_remove (&iter);   /* not running: no port can be on its switch */
  }
  return drivers;
}

static char *
synced_mark (int     domid,
             XnPlan *plan)
{
  return g_strdup_printf ("%d:%" G_GUINT64_FORMAT, domid, xn_plan_get_serial (plan));
}

static gboolean
push_one (XnHostd     *self,
          const char  *name,
          int          domid,
          XnPlan      *plan,
          GError     **error)
{
  g_autofree char *address = agent_address (self, name, domid);
  int timeout = g_key_file_get_integer (self->options->config, "hostd", "agent-timeout-s", NULL);
  gint64 deadline = g_get_monotonic_time () + (timeout > 0 ? timeout : PUSH_TIMEOUT_S) * G_USEC_PER_SEC;

  if (!xn_agent_push (address, name, plan, deadline, error))
    {
      g_hash_table_remove (self->agents_synced, name);
      return FALSE;
    }
  g_hash_table_insert (self->agents_synced, g_strdup (name), synced_mark (domid, plan));
  return TRUE;
}

/**
 * _xn_hostd_agents_apply:
 * @previous: (nullable): the plan in force, put back on failure
 *
 * Hands each running service domain's agent its switches of @plan.  On
 * failure the agents that confirmed get @previous's back and @error names
 * the agent that failed.
 */
gboolean
_xn_hostd_agents_apply (XnHostd  *self,
                        XnPlan   *plan,
                        XnPlan   *previous,
                        GError  **error)
{
  g_autoptr(GHashTable) drivers = running_drivers (self, plan);
  g_autoptr(GPtrArray) done = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer k, v;

  g_hash_table_iter_init (&iter, drivers);
  while (g_hash_table_iter_next (&iter, &k, &v))
    {
      if (push_one (self, k, GPOINTER_TO_INT (v), plan, error))
        {
          g_ptr_array_add (done, k);
          continue;
        }
      for (guint i = 0; i < done->len && previous != NULL; i++)
        {
          const char *name = g_ptr_array_index (done, i);
          g_autoptr(GError) restore = NULL;

          if (!push_one (self, name, GPOINTER_TO_INT (g_hash_table_lookup (drivers, name)),
                         previous, &restore))
            g_critical ("Cannot restore the switches of “%s”: %s", name, restore->message);
        }
      return FALSE;
    }
  if (done->len > 0)
    g_message ("%u network service domains carry serial %" G_GUINT64_FORMAT,
               done->len, xn_plan_get_serial (plan));
  return TRUE;
}

/**
 * _xn_hostd_agents_sync:
 *
 * Brings every running service domain's agent to the plan in force: one
 * that started (or restarted) since the push, or missed it.
 */
void
_xn_hostd_agents_sync (XnHostd *self)
{
  g_autoptr(GHashTable) drivers = NULL;
  GHashTableIter iter;
  gpointer k, v;
  gint64 now = g_get_monotonic_time ();

  if (self->plan == NULL || now < self->agents_retry_at)
    return;
  drivers = running_drivers (self, self->plan);
  g_hash_table_iter_init (&iter, drivers);
  while (g_hash_table_iter_next (&iter, &k, &v))
    {
      g_autofree char *mark = synced_mark (GPOINTER_TO_INT (v), self->plan);
      g_autoptr(GError) error = NULL;

      /* Confirmed once: ask again, since the agent may have restarted
       * inside its domain and lost nothing but its memory. */
      if (g_strcmp0 (g_hash_table_lookup (self->agents_synced, k), mark) == 0)
        {
          g_autofree char *address = agent_address (self, k, GPOINTER_TO_INT (v));
          guint64 serial = 0;

          if (xn_agent_status (address, k, now + STATUS_TIMEOUT_S * G_USEC_PER_SEC, &serial, &error)
              && serial == xn_plan_get_serial (self->plan))
            continue;
          g_clear_error (&error);
        }
      if (push_one (self, k, GPOINTER_TO_INT (v), self->plan, &error))
        g_message ("The agent of %s now carries serial %" G_GUINT64_FORMAT,
                   (char *) k, xn_plan_get_serial (self->plan));
      else
        {
          g_debug ("%s", error->message);
          self->agents_retry_at = now + RETRY_S * G_USEC_PER_SEC;
        }
    }
}
