/* xn-xl.c: creating a domain with Xen's `xl` tool
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * libxenctrl can pause, unpause, shut down and destroy a domain but not
 * build one: that is libxl's work (device model, xenstore entries, the
 * backends' hotplug).  So a start runs `xl create` on the configuration
 * the compiler wrote for the domain, asynchronously so the daemon keeps
 * answering while Xen builds the guest.  The file lives only as long as
 * the command.
 */

#define G_LOG_DOMAIN "xn-xl"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "xn-backend.h"
#include "xn-xl.h"

typedef struct
{
  char *path;   /* the temporary configuration file, or NULL */
  char *name;
  const char *verb;
} CreateData;

static void
create_data_free (CreateData *data)
{
  if (data->path != NULL)
    g_unlink (data->path);
  g_free (data->path);
  g_free (data->name);
  g_free (data);
}

static void
communicate_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GSubprocess *proc = G_SUBPROCESS (source);
  CreateData *data = g_task_get_task_data (task);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_communicate_utf8_finish (proc, result, &out, &err, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!g_subprocess_get_successful (proc))
    {
      const char *why = err != NULL ? g_strstrip (err) : "";

      if (*why == '\0' && out != NULL)
        why = g_strstrip (out);
      if (*why == '\0')
        g_task_return_new_error (task, XN_BACKEND_ERROR, XN_BACKEND_ERROR_FAILED,
                                 _("xl %s %s failed (exit status %d)"), data->verb, data->name,
                                 g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1);
      else
        g_task_return_new_error (task, XN_BACKEND_ERROR, XN_BACKEND_ERROR_FAILED,
                                 _("xl %s %s failed: %s"), data->verb, data->name, why);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/* Runs xl with @argv (argv[0] is xl) for @task, whose data names the
 * domain and the verb; the task ends with what xl said. */
static void
run_xl (GTask              *task,
        const char * const *argv,
        GCancellable       *cancellable)
{
  CreateData *data = g_task_get_task_data (task);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  if (proc == NULL)
    {
      g_task_return_new_error (task, XN_BACKEND_ERROR, XN_BACKEND_ERROR_UNAVAILABLE,
                               _("Cannot run %s to %s %s: %s"), argv[0], data->verb, data->name,
                               error->message);
      g_object_unref (task);
      return;
    }
  g_subprocess_communicate_utf8_async (proc, NULL, cancellable, communicate_cb, task);
}

/**
 * xn_xl_create_async:
 * @xl: the `xl` program (a path, or a name looked up in PATH)
 * @domain_name: the domain's name, for messages
 * @config: the domain's `xl` configuration text
 *
 * Runs `xl create` on @config.  The finish function's error carries
 * what `xl` printed on failure.
 */
void
xn_xl_create_async (const char          *xl,
                    const char          *domain_name,
                    const char          *config,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  CreateData *data = g_new0 (CreateData, 1);
  int fd;

  g_task_set_source_tag (task, xn_xl_create_async);
  data->name = g_strdup (domain_name);
  data->verb = "create";
  g_task_set_task_data (task, data, (GDestroyNotify) create_data_free);

  fd = g_file_open_tmp ("xenon-domain-XXXXXX.cfg", &data->path, &error);
  if (fd < 0 || !g_close (fd, &error)
      || !g_file_set_contents (data->path, config, -1, &error))
    {
      g_task_return_new_error (task, XN_BACKEND_ERROR, XN_BACKEND_ERROR_FAILED,
                               _("Cannot write the xl configuration of %s: %s"),
                               domain_name, error->message);
      return;
    }
  {
    const char *argv[] = { xl, "create", "-q", data->path, NULL };

    run_xl (g_steal_pointer (&task), argv, cancellable);
  }
}

gboolean
xn_xl_create_finish (GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * xn_xl_migrate_async:
 * @xl: the `xl` program
 * @domain_name: the running domain's name, as xl knows it
 * @address: the target host's address
 * @port: its SSH port
 * @identity: (nullable): the SSH key to log in with
 * @known_hosts: (nullable): the file holding the target's host key
 *
 * Runs `xl migrate`: xl logs in to the target over SSH (batch mode, the
 * host key checked strictly) and streams the domain to its
 * `xl migrate-receive`; the domain runs there when it succeeds and is
 * gone from here.  xl hands the SSH command to a shell, so each part is
 * quoted.
 */
void
xn_xl_migrate_async (const char          *xl,
                     const char          *domain_name,
                     const char          *address,
                     guint                port,
                     const char          *identity,
                     const char          *known_hosts,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GString) ssh = g_string_new ("ssh -F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=yes");
  g_autofree char *port_text = g_strdup_printf ("%u", port ? port : 22);
  CreateData *data = g_new0 (CreateData, 1);

  g_task_set_source_tag (task, xn_xl_migrate_async);
  data->name = g_strdup (domain_name);
  data->verb = "migrate";
  g_task_set_task_data (task, data, (GDestroyNotify) create_data_free);
  if (identity != NULL)
    {
      g_autofree char *q = g_shell_quote (identity);

      g_string_append_printf (ssh, " -o IdentitiesOnly=yes -i %s", q);
    }
  if (known_hosts != NULL)
    {
      g_autofree char *q = g_shell_quote (known_hosts);

      g_string_append_printf (ssh, " -o UserKnownHostsFile=%s -o GlobalKnownHostsFile=/dev/null", q);
    }
  g_string_append_printf (ssh, " -p %s", port_text);
  {
    const char *argv[] = { xl, "migrate", "-s", ssh->str, domain_name, address, NULL };

    run_xl (g_steal_pointer (&task), argv, cancellable);
  }
}

gboolean
xn_xl_migrate_finish (GAsyncResult  *result,
                      GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
