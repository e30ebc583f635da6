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
/* A status question is one small message each way; an agent that
 * confirmed is asked again this often (a new vchan each time). */
#define STATUS_TIMEOUT_S 2
#define STATUS_EVERY_S   10

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
 * switches; @doms: (nullable): the backend's domains, if the caller has
 * listed them already. */
static GHashTable *
running_drivers (XnHostd   *self,
                 XnPlan    *plan,
                 GPtrArray *doms)
{
  g_autoptr(GPtrArray) listed = NULL;

  GHashTable *drivers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (self->no_agents)
    return drivers;
  for (guint i = 0; i < xn_plan_get_n_switches (plan); i++)
    if (xn_plan_get_switch_driver (plan, i) != NULL)
      g_hash_table_insert (drivers, g_strdup (xn_plan_get_switch_driver (plan, i)), GINT_TO_POINTER (-1));
  if (g_hash_table_size (drivers) == 0)
    return drivers;
  if (doms == NULL)
    doms = listed = xn_backend_list_domains (self->backend);
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

static gint64
push_timeout_s (XnHostd *self)
{
  int timeout = g_key_file_get_integer (self->options->config, "hostd", "agent-timeout-s", NULL);

  return timeout > 0 ? timeout : PUSH_TIMEOUT_S;
}

static gboolean
push_one (XnHostd     *self,
          const char  *name,
          int          domid,
          XnPlan      *plan,
          GError     **error)
{
  g_autofree char *address = agent_address (self, name, domid);
  gboolean ok;

  /* Never beside the sync worker: its late push of an older plan must
   * not land after this one. */
  g_mutex_lock (&self->agents_io);
  ok = xn_agent_push (address, name, plan,
                      g_get_monotonic_time () + push_timeout_s (self) * G_USEC_PER_SEC, error);
  g_mutex_unlock (&self->agents_io);
  if (!ok)
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
  g_autoptr(GHashTable) drivers = running_drivers (self, plan, NULL);
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

/* One agent the sync worker brings to the plan in force. */
typedef struct
{
  char    *name;
  char    *address;
  int      domid;
  gboolean ask;     /* confirmed before: ask first, push only if it differs */
  gboolean ok;
  char    *why;
} SyncJob;

static void
sync_job_free (SyncJob *job)
{
  g_free (job->name);
  g_free (job->address);
  g_free (job->why);
  g_free (job);
}

typedef struct
{
  XnPlan    *plan;
  GPtrArray *jobs;     /* SyncJob */
  gint64     deadline_s;
} SyncWork;

static void
sync_work_free (SyncWork *work)
{
  xn_plan_unref (work->plan);
  g_ptr_array_unref (work->jobs);
  g_free (work);
}

/* In a thread: a stalled or hostile service domain holds the worker,
 * never the daemon's main loop. */
static void
sync_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  XnHostd *self = source;
  SyncWork *work = data;

  g_mutex_lock (&self->agents_io);
  for (guint i = 0; i < work->jobs->len; i++)
    {
      SyncJob *job = g_ptr_array_index (work->jobs, i);
      g_autoptr(GError) error = NULL;
      guint64 serial = 0;
      gint64 now = g_get_monotonic_time ();

      if (job->ask
          && xn_agent_status (job->address, job->name, now + STATUS_TIMEOUT_S * G_USEC_PER_SEC, &serial, NULL)
          && serial == xn_plan_get_serial (work->plan))
        {
          job->ok = TRUE;
          continue;
        }
      job->ok = xn_agent_push (job->address, job->name, work->plan,
                               now + work->deadline_s * G_USEC_PER_SEC, &error);
      if (!job->ok)
        job->why = g_strdup (error->message);
    }
  g_mutex_unlock (&self->agents_io);
  g_task_return_boolean (task, TRUE);
}

static void
sync_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  XnHostd *self = XN_HOSTD (source);
  SyncWork *work = g_task_get_task_data (G_TASK (result));

  self->agents_busy = FALSE;
  /* A push since: what the worker learnt is about an older plan. */
  if (work->plan != self->plan)
    return;
  for (guint i = 0; i < work->jobs->len; i++)
    {
      SyncJob *job = g_ptr_array_index (work->jobs, i);

      if (job->ok)
        {
          if (!job->ask)
            g_message ("The agent of %s now carries serial %" G_GUINT64_FORMAT,
                       job->name, xn_plan_get_serial (work->plan));
          g_hash_table_insert (self->agents_synced, g_strdup (job->name),
                               synced_mark (job->domid, work->plan));
        }
      else
        {
          g_debug ("%s", job->why);
          g_hash_table_remove (self->agents_synced, job->name);
          self->agents_retry_at = g_get_monotonic_time () + RETRY_S * G_USEC_PER_SEC;
        }
    }
}

/**
 * _xn_hostd_agents_sync:
 * @doms: the backend's domains, as the sampling tick listed them
 *
 * Brings every running service domain's agent to the plan in force: one
 * that started (or restarted) since the push, or missed it.  The talking
 * is done by a worker thread; this returns at once.
 */
void
_xn_hostd_agents_sync (XnHostd   *self,
                       GPtrArray *doms)
{
  g_autoptr(GHashTable) drivers = NULL;
  g_autoptr(GTask) task = NULL;
  SyncWork *work;
  GHashTableIter iter;
  gpointer k, v;
  gint64 now = g_get_monotonic_time ();
  gboolean ask;

  if (self->plan == NULL || self->agents_busy || now < self->agents_retry_at)
    return;
  /* An agent that confirmed is asked again now and then: it may have
   * restarted inside its domain and lost nothing but its memory. */
  ask = now >= self->agents_checked_at + STATUS_EVERY_S * G_USEC_PER_SEC;
  drivers = running_drivers (self, self->plan, doms);
  work = g_new0 (SyncWork, 1);
  work->plan = xn_plan_ref (self->plan);
  work->jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) sync_job_free);
  work->deadline_s = push_timeout_s (self);
  g_hash_table_iter_init (&iter, drivers);
  while (g_hash_table_iter_next (&iter, &k, &v))
    {
      g_autofree char *mark = synced_mark (GPOINTER_TO_INT (v), self->plan);
      gboolean confirmed = g_strcmp0 (g_hash_table_lookup (self->agents_synced, k), mark) == 0;
      SyncJob *job;

      if (confirmed && !ask)
        continue;
      job = g_new0 (SyncJob, 1);
      job->name = g_strdup (k);
      job->domid = GPOINTER_TO_INT (v);
      job->address = agent_address (self, k, job->domid);
      job->ask = confirmed;
      g_ptr_array_add (work->jobs, job);
    }
  if (ask)
    self->agents_checked_at = now;
  if (work->jobs->len == 0)
    {
      sync_work_free (work);
      return;
    }
  self->agents_busy = TRUE;
  task = g_task_new (self, NULL, sync_done, NULL);
  g_task_set_task_data (task, work, (GDestroyNotify) sync_work_free);
  g_task_run_in_thread (task, sync_thread);
}
