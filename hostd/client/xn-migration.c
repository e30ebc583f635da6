/* xn-migration.c: a domain moved between two hosts, asked of both
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The client's half of a migration (the CLI's `migrate` and the app's
 * "Migrate to…" both run it): learn both hosts' names and the domain's
 * label on the source, ask the target to accept the domain under its own
 * policy, then ask the source to move it.  Each daemon judges by the
 * policy in force on its host and audits its half; this only orders the
 * two questions and says which host refused.
 */

#define G_LOG_DOMAIN "xn-migration"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xn-migration.h"

typedef enum
{
  STEP_SOURCE_INFO,
  STEP_TARGET_INFO,
  STEP_DOMAINS,
  STEP_ACCEPT,
  STEP_MIGRATE,
} Step;

typedef struct
{
  XnHost1 *source;
  XnHost1 *target;
  char    *domain;
  char    *source_name;
  char    *target_name;
  char    *uuid;
  char    *label;
  char    *name;
  Step     step;
  gint64   started;
  double   seconds;
} MigrationData;

static void
migration_data_free (MigrationData *d)
{
  g_clear_object (&d->source);
  g_clear_object (&d->target);
  g_free (d->domain);
  g_free (d->source_name);
  g_free (d->target_name);
  g_free (d->uuid);
  g_free (d->label);
  g_free (d->name);
  g_free (d);
}

static void step_cb (GObject *object, GAsyncResult *result, gpointer user_data);

/* Fails @task naming the host that refused and why. */
static void
fail (GTask      *task,
      const char *host,
      GError     *error)
{
  g_dbus_error_strip_remote_error (error);
  g_task_return_new_error (task, error->domain, error->code, _("%s refused: %s"), host, error->message);
  g_error_free (error);
}

static char *
host_name_of (GVariant *info)
{
  const char *name = NULL;

  return g_variant_lookup (info, "hostname", "&s", &name) ? g_strdup (name) : NULL;
}

/* Finds the domain the caller named (UUID or name) in the source's list. */
static gboolean
take_domain (MigrationData *d,
             GVariant      *domains,
             GError       **error)
{
  for (gsize i = 0; i < g_variant_n_children (domains); i++)
    {
      g_autoptr(GVariant) dom = g_variant_get_child_value (domains, i);
      const char *uuid = "", *name = "", *state = "", *label = "";

      g_variant_lookup (dom, "uuid", "&s", &uuid);
      g_variant_lookup (dom, "name", "&s", &name);
      if (!g_str_equal (uuid, d->domain) && !g_str_equal (name, d->domain))
        continue;
      g_variant_lookup (dom, "state", "&s", &state);
      g_variant_lookup (dom, "label", "&s", &label);
      if (g_str_equal (state, "stopped"))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("domain “%s” does not run on %s"), name, d->source_name);
          return FALSE;
        }
      d->uuid = g_strdup (uuid);
      d->name = g_strdup (name);
      d->label = g_strdup (label);
      return TRUE;
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _("%s has no domain “%s”"), d->source_name, d->domain);
  return FALSE;
}

static void
step_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MigrationData *d = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GVariant) reply = NULL;
  GError *error = NULL;
  guint64 serial = 0;

  switch (d->step)
    {
    case STEP_SOURCE_INFO:
      if (!xn_host1_call_get_host_info_finish (d->source, &reply, result, &error))
        { fail (task, _("The source host"), error); return; }
      d->source_name = host_name_of (reply);
      d->step = STEP_TARGET_INFO;
      xn_host1_call_get_host_info (d->target, cancellable, step_cb, g_steal_pointer (&task));
      return;
    case STEP_TARGET_INFO:
      if (!xn_host1_call_get_host_info_finish (d->target, &reply, result, &error))
        { fail (task, _("The target host"), error); return; }
      d->target_name = host_name_of (reply);
      if (d->source_name == NULL || d->target_name == NULL)
        { g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                        _("A host did not say its name")); return; }
      if (g_str_equal (d->source_name, d->target_name))
        { g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                        _("The source and the target are the same host, %s"),
                                        d->source_name); return; }
      d->step = STEP_DOMAINS;
      xn_host1_call_get_domains (d->source, cancellable, step_cb, g_steal_pointer (&task));
      return;
    case STEP_DOMAINS:
      if (!xn_host1_call_get_domains_finish (d->source, &reply, result, &error))
        { fail (task, d->source_name, error); return; }
      if (!take_domain (d, reply, &error))
        { g_task_return_error (task, error); return; }
      d->step = STEP_ACCEPT;
      xn_host1_call_accept_migration (d->target, d->uuid, d->label, d->source_name, cancellable,
                                      step_cb, g_steal_pointer (&task));
      return;
    case STEP_ACCEPT:
      if (!xn_host1_call_accept_migration_finish (d->target, &serial, result, &error))
        { fail (task, d->target_name, error); return; }
      d->step = STEP_MIGRATE;
      d->started = g_get_monotonic_time ();
      /* Xen moves the guest's memory over the network: minutes, not the
       * proxy's default 25 s. */
      g_dbus_proxy_call (G_DBUS_PROXY (d->source), "MigrateDomain",
                         g_variant_new ("(ss)", d->uuid, d->target_name),
                         G_DBUS_CALL_FLAGS_NONE, G_MAXINT, cancellable, step_cb, g_steal_pointer (&task));
      return;
    case STEP_MIGRATE:
      reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (d->source), result, &error);
      if (reply == NULL)
        { fail (task, d->source_name, error); return; }
      d->seconds = (g_get_monotonic_time () - d->started) / 1e6;
      g_task_return_boolean (task, TRUE);
      return;
    }
}

/**
 * xn_migration_run_async:
 * @source: the daemon the domain runs on
 * @target: the daemon it should run on
 * @domain: its UUID or name
 *
 * Asks @target to accept the domain, then @source to move it there.
 */
void
xn_migration_run_async (XnHost1             *source,
                        XnHost1             *target,
                        const char          *domain,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  MigrationData *d = g_new0 (MigrationData, 1);

  g_task_set_source_tag (task, xn_migration_run_async);
  d->source = g_object_ref (source);
  d->target = g_object_ref (target);
  d->domain = g_strdup (domain);
  g_task_set_task_data (task, d, (GDestroyNotify) migration_data_free);
  xn_host1_call_get_host_info (source, cancellable, step_cb, task);
}

/**
 * xn_migration_run_finish:
 * @seconds: (out) (optional): how long the source took to move it
 *
 * Returns: %TRUE if the domain runs on the target; else @error names the
 *   host that refused and why
 */
gboolean
xn_migration_run_finish (GAsyncResult  *result,
                         double        *seconds,
                         char         **name,
                         GError       **error)
{
  MigrationData *d = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (seconds != NULL)
    *seconds = d->seconds;
  if (name != NULL)
    *name = g_strdup (d->name);
  return TRUE;
}
