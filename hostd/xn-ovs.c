/* xn-ovs.c: a plan's flows onto Open vSwitch
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * There is no OVS C library in Debian, so the daemon drives ovs-vsctl
 * and ovs-ofctl as child processes against one OVSDB socket.  Each
 * switch's tables are replaced in one OpenFlow 1.4 bundle (delete every
 * flow and group, add the new groups, then the new flows): a packet sees
 * the old tables or the new ones, and a refused mod rolls the whole
 * bundle back (tests/ovs/FLOWS.md).  Across switches there is no such
 * transaction, so a failure on one switch puts the previous plan's
 * tables back on every switch already changed.
 */

#define G_LOG_DOMAIN "xn-hostd"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "xn-hostd.h"
#include "xn-ovs.h"

#define OVS_PROTOCOLS "OpenFlow13,OpenFlow14"

struct _XnOvs
{
  char *db;          /* unix:PATH of ovsdb-server */
  char *rundir;      /* where ovs-vswitchd puts BRIDGE.mgmt */
  char *datapath;
};

/* @db is "unix:PATH"; the bridges' management sockets are beside it,
 * as ovs-vswitchd puts them in its run directory. */
XnOvs *
xn_ovs_new (const char *db,
            const char *datapath_type)
{
  XnOvs *self = g_new0 (XnOvs, 1);
  const char *path = g_str_has_prefix (db, "unix:") ? db + 5 : db;

  self->db = g_str_has_prefix (db, "unix:") ? g_strdup (db) : g_strconcat ("unix:", db, NULL);
  self->rundir = g_path_get_dirname (path);
  self->datapath = g_strdup (datapath_type && *datapath_type ? datapath_type : "system");
  return self;
}

void
xn_ovs_free (XnOvs *self)
{
  if (self == NULL)
    return;
  g_free (self->db);
  g_free (self->rundir);
  g_free (self->datapath);
  g_free (self);
}

const char *
xn_ovs_get_db (XnOvs *self)
{
  return self->db;
}

static gboolean
run (const char * const  *argv,
     GError             **error)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *err = NULL;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, error);
  if (proc == NULL || !g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, error))
    return FALSE;
  if (!g_subprocess_get_successful (proc))
    {
      g_set_error (error, XN_HOSTD_ERROR, XN_HOSTD_ERROR_BACKEND, _("%s failed: %s"), argv[0],
                   err && *err ? g_strstrip (err) : _("no message"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
ensure_bridge (XnOvs       *self,
               const char  *br,
               GError     **error)
{
  g_autofree char *db = g_strdup_printf ("--db=%s", self->db);
  g_autofree char *dp = g_strdup_printf ("datapath_type=%s", self->datapath);
  const char *argv[] = { "ovs-vsctl", db, "--timeout=10", "--", "--may-exist", "add-br", br,
                         "--", "set", "bridge", br, dp, "fail_mode=secure",
                         "protocols=" OVS_PROTOCOLS, NULL };

  return run (argv, error);
}

static void
append_lines (GString    *bundle,
              const char *prefix,
              const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text ? text : "", "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (*g_strstrip (lines[i]) != '\0' && lines[i][0] != '#')
      g_string_append_printf (bundle, "%s %s\n", prefix, lines[i]);
}

/* Replaces the tables of @br by those @plan has for it (none: empty
 * tables, which in fail_mode=secure drop everything).  Flows carry
 * cookie=<serial>, so dump-flows shows which edition is live. */
static gboolean
install (XnOvs       *self,
         const char  *br,
         XnPlan      *plan,
         GError     **error)
{
  g_autofree char *flows = plan ? xn_plan_dup_flows_text (plan, br) : NULL;
  g_autofree char *groups = plan ? xn_plan_dup_groups_text (plan, br) : NULL;
  g_autoptr(GString) bundle = g_string_new ("flow delete\ngroup delete group_id=all\n");
  g_autofree char *path = NULL;
  g_autofree char *target = g_strdup_printf ("unix:%s/%s.mgmt", self->rundir, br);
  gboolean ok;
  int fd;

  append_lines (bundle, "group add", groups);
  append_lines (bundle, "flow add", flows);
  fd = g_file_open_tmp ("xn-ovs-bundle-XXXXXX", &path, error);
  if (fd < 0)
    return FALSE;
  close (fd);
  if (!g_file_set_contents (path, bundle->str, (gssize) bundle->len, error))
    {
      g_unlink (path);
      return FALSE;
    }
  {
    const char *argv[] = { "ovs-ofctl", "-O", OVS_PROTOCOLS, "bundle", target, path, NULL };

    ok = run (argv, error);
  }
  g_unlink (path);
  return ok;
}

static gboolean
plan_has_switch (XnPlan     *plan,
                 const char *name)
{
  for (guint i = 0; plan != NULL && i < xn_plan_get_n_switches (plan); i++)
    if (g_str_equal (xn_plan_get_switch_name (plan, i), name))
      return TRUE;
  return FALSE;
}

/**
 * xn_ovs_apply:
 * @previous: (nullable): the plan in force, restored on failure
 *
 * Puts @plan's tables on every switch it names.  On failure, every
 * switch already changed gets @previous's tables back (or empty ones if
 * @previous lacks it) and the error names the switch that failed.
 */
gboolean
xn_ovs_apply (XnOvs    *self,
              XnPlan   *plan,
              XnPlan   *previous,
              GError  **error)
{
  g_autoptr(GError) local = NULL;
  guint n = xn_plan_get_n_switches (plan);
  guint i;

  for (i = 0; i < n; i++)
    {
      const char *br = xn_plan_get_switch_name (plan, i);

      if (!ensure_bridge (self, br, &local) || !install (self, br, plan, &local))
        break;
    }
  if (i == n)
    {
      g_message ("Open vSwitch: %u switches carry serial %" G_GUINT64_FORMAT,
                 n, xn_plan_get_serial (plan));
      return TRUE;
    }

  g_set_error (error, XN_HOSTD_ERROR, XN_HOSTD_ERROR_BACKEND,
               _("Switch “%s”: %s"), xn_plan_get_switch_name (plan, i), local->message);
  /* The failed switch's bundle rolled back by itself; undo the others. */
  for (guint j = 0; j < i; j++)
    {
      const char *br = xn_plan_get_switch_name (plan, j);
      g_autoptr(GError) restore = NULL;

      if (!install (self, br, plan_has_switch (previous, br) ? previous : NULL, &restore))
        g_critical ("Cannot restore switch “%s”: %s", br, restore->message);
    }
  return FALSE;
}
