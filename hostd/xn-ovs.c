/* xn-ovs.c: a plan's flows onto Open vSwitch
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * There is no OVS C library in Debian, so the daemon drives ovs-vsctl
 * and ovs-ofctl as child processes against one OVSDB socket.  Each
 * switch's tables are replaced in one OpenFlow 1.4 bundle (delete every
 * flow and group, add the new groups, then the new flows): a packet sees
 * the old tables or the new ones, and a refused mod rolls the whole
 * bundle back (docs/FLOWS.md).  Across switches there is no such
 * transaction, so a failure on one switch puts the previous plan's
 * tables back on every switch already changed.
 *
 * The flows name ports by number, so each VIF must sit on the number the
 * compiler gave it.  Xen's hotplug script for the port is the project's
 * vif-xenon, which reads the number from the port table written here
 * (PORTS_DIR/BRIDGE) and adds the port with that ofport_request in the
 * same OVSDB transaction; ports already attached are re-pinned at every
 * apply, and a port that cannot get its number fails the apply.
 */

#define G_LOG_DOMAIN "xn-hostd"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "xn-hostd.h"
#include "xn-ovs.h"

#define OVS_PROTOCOLS "OpenFlow13,OpenFlow14"

struct _XnOvs
{
  char *db;          /* unix:PATH of ovsdb-server */
  char *rundir;      /* where ovs-vswitchd puts BRIDGE.mgmt */
  char *datapath;
  char *ports_dir;   /* where vif-xenon finds each bridge's port table */
  char *driver;      /* the service domain whose switches these are; NULL: Domain-0 */
  gboolean every_driver;
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
  g_free (self->ports_dir);
  g_free (self->driver);
  g_free (self);
}

const char *
xn_ovs_get_db (XnOvs *self)
{
  return self->db;
}

/* @dir: (nullable): where the port tables go; NULL writes none (tests
 * that attach ports themselves). */
void
xn_ovs_set_ports_dir (XnOvs      *self,
                      const char *dir)
{
  g_free (self->ports_dir);
  self->ports_dir = g_strdup (dir);
}

/* @driver: (nullable): the switches this Open vSwitch carries are those
 * @driver drives (an agent in a network service domain), or with NULL
 * those Domain-0 drives (the host daemon).  Others are left alone. */
void
xn_ovs_set_driver (XnOvs      *self,
                   const char *driver)
{
  g_free (self->driver);
  self->driver = g_strdup (driver);
}

/* Every switch, whoever drives it: a simulated host, where this one
 * Open vSwitch stands in for its service domains'. */
void
xn_ovs_set_every_driver (XnOvs *self)
{
  self->every_driver = TRUE;
}

static gboolean
owns (XnOvs  *self,
      XnPlan *plan,
      guint   index)
{
  return self->every_driver || g_strcmp0 (xn_plan_get_switch_driver (plan, index), self->driver) == 0;
}

/* Runs @argv; its standard output goes to @out when given. */
static gboolean
run_out (const char * const  *argv,
         char               **out,
         GError             **error)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *err = NULL;

  proc = g_subprocess_newv (argv, (out ? G_SUBPROCESS_FLAGS_STDOUT_PIPE : G_SUBPROCESS_FLAGS_STDOUT_SILENCE)
                            | G_SUBPROCESS_FLAGS_STDERR_PIPE, error);
  if (proc == NULL || !g_subprocess_communicate_utf8 (proc, NULL, NULL, out, &err, error))
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
run (const char * const  *argv,
     GError             **error)
{
  return run_out (argv, NULL, error);
}

/* The bridge, secure and speaking our protocols; when Domain-0 drives it
 * with an address (@local), the bridge's own port gets the MAC the
 * compiler classified it by, and the address. */
static gboolean
ensure_bridge (XnOvs             *self,
               const char        *br,
               const XnPlanPort  *local,
               guint              prefix,
               gboolean          *created,
               GError           **error)
{
  g_autofree char *db = g_strdup_printf ("--db=%s", self->db);
  g_autofree char *dp = g_strdup_printf ("datapath_type=%s", self->datapath);
  g_autofree char *hwaddr = local ? g_strdup_printf ("other-config:hwaddr=\"%s\"", local->mac)
                                  : g_strdup ("fail_mode=secure");
  const char *argv[] = { "ovs-vsctl", db, "--timeout=10", "--", "--may-exist", "add-br", br,
                         "--", "set", "bridge", br, dp, "fail_mode=secure",
                         "protocols=" OVS_PROTOCOLS, hwaddr, NULL };
  g_autofree char *cidr = NULL;

  {
    /* Whether this push makes the bridge, so that a failed one removes
     * what it made and nothing an administrator made. */
    const char *exists[] = { "ovs-vsctl", db, "--timeout=10", "br-exists", br, NULL };

    *created = !run (exists, NULL);
  }
  if (!run (argv, error))
    return FALSE;
  if (local == NULL)
    return TRUE;
  cidr = g_strdup_printf ("%s/%u", local->ip, prefix);
  {
    const char *flush[] = { "ip", "-4", "addr", "flush", "dev", br, NULL };
    const char *add[] = { "ip", "addr", "add", cidr, "dev", br, NULL };
    const char *up[] = { "ip", "link", "set", br, "up", NULL };

    return run (flush, error) && run (add, error) && run (up, error);
  }
}

/* Every VIF port already on @br sits on the number @plan gives it:
 * ports attached under an earlier plan are moved in one transaction, and
 * the numbers OVS then reports are checked.  Ports the plan does not know
 * are left alone: the flows drop their traffic. */
static gboolean
pin_ports (XnOvs       *self,
           const char  *br,
           XnPlan      *plan,
           GError     **error)
{
  g_autofree char *db = g_strdup_printf ("--db=%s", self->db);
  GPtrArray *ports = xn_plan_get_ports (plan, br);
  g_autoptr(GHashTable) attached = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_auto(GStrv) names = NULL;
  guint moves = 0;

  for (int round = 0; round < 2; round++)
    {
      const char *list[] = { "ovs-vsctl", db, "--timeout=10", "--format=csv", "--no-headings",
                             "--columns=name,ofport", "list", "Interface", NULL };

      g_clear_pointer (&out, g_free);
      g_clear_pointer (&names, g_strfreev);
      g_hash_table_remove_all (attached);
      if (!run_out (list, &out, error))
        return FALSE;
      names = g_strsplit (out, "\n", -1);
      for (guint i = 0; names[i] != NULL; i++)
        {
          char *comma = strchr (names[i], ',');
          gint64 n;

          if (comma == NULL)
            continue;
          *comma = '\0';
          n = g_ascii_strtoll (comma + 1, NULL, 10);
          g_hash_table_insert (attached, g_strdup (g_strstrip (names[i])), GINT_TO_POINTER ((int) n));
        }
      g_ptr_array_set_size (argv, 0);
      g_ptr_array_add (argv, g_strdup ("ovs-vsctl"));
      g_ptr_array_add (argv, g_strdup (db));
      g_ptr_array_add (argv, g_strdup ("--timeout=10"));
      moves = 0;
      for (guint i = 0; ports != NULL && i < ports->len; i++)
        {
          const XnPlanPort *p = g_ptr_array_index (ports, i);
          gpointer have;

          /* ofport -1 or none: a record whose device is gone (the
           * domain died, or the host rebooted with OVS's database kept);
           * vif-xenon replaces it when the VIF comes back. */
          if (p->ofport == XN_PLAN_OFPORT_LOCAL
              || !g_hash_table_lookup_extended (attached, p->port_name, NULL, &have)
              || GPOINTER_TO_INT (have) <= 0
              || GPOINTER_TO_INT (have) == (int) p->ofport)
            continue;
          if (round == 1)
            {
              g_set_error (error, XN_HOSTD_ERROR, XN_HOSTD_ERROR_BACKEND,
                           _("VIF %s of %s cannot have OpenFlow port %u (Open vSwitch gave it %d)"),
                           p->port_name, p->domain_name, p->ofport, GPOINTER_TO_INT (have));
              return FALSE;
            }
          g_ptr_array_add (argv, g_strdup ("--"));
          g_ptr_array_add (argv, g_strdup ("set"));
          g_ptr_array_add (argv, g_strdup ("Interface"));
          g_ptr_array_add (argv, g_strdup (p->port_name));
          g_ptr_array_add (argv, g_strdup_printf ("ofport_request=%u", p->ofport));
          moves++;
        }
      if (moves == 0)
        return TRUE;
      g_ptr_array_add (argv, NULL);
      if (!run ((const char * const *) argv->pdata, error))
        return FALSE;
      g_message ("Open vSwitch: %u ports of %s moved to their policy's numbers", moves, br);
    }
  return TRUE;
}

/* The port tables vif-xenon reads, written once the switches carry the
 * plan; tables of bridges the plan no longer has are removed. */
static void
write_port_tables (XnOvs  *self,
                   XnPlan *plan)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (self->ports_dir == NULL)
    return;
  if (g_mkdir_with_parents (self->ports_dir, 0755) != 0)
    {
      g_warning ("Cannot make %s: %s", self->ports_dir, g_strerror (errno));
      return;
    }
  for (guint i = 0; i < xn_plan_get_n_switches (plan); i++)
    {
      const char *br = xn_plan_get_switch_name (plan, i);
      g_autofree char *path = NULL;
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;

      if (!owns (self, plan, i))
        continue;
      path = g_build_filename (self->ports_dir, br, NULL);
      text = xn_plan_dup_ports_text (plan, br);
      if (!g_file_set_contents_full (path, text ? text : "", -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                     0644, &error))
        g_warning ("Cannot write the port table of %s: %s", br, error->message);
    }
  dir = g_dir_open (self->ports_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (xn_plan_get_ports (plan, name) == NULL)
      {
        g_autofree char *path = g_build_filename (self->ports_dir, name, NULL);

        g_unlink (path);
      }
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
plan_has_switch (XnOvs      *self,
                 XnPlan     *plan,
                 const char *name)
{
  for (guint i = 0; plan != NULL && i < xn_plan_get_n_switches (plan); i++)
    if (g_str_equal (xn_plan_get_switch_name (plan, i), name))
      return owns (self, plan, i);
  return FALSE;
}

/**
 * xn_ovs_apply:
 * @previous: (nullable): the plan in force, restored on failure
 *
 * Puts @plan's tables on every switch it names that this Open vSwitch
 * carries (xn_ovs_set_driver()).  On failure, every
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
  g_autofree gboolean *created = g_new0 (gboolean, n);
  guint i, mine = 0;

  for (i = 0; i < n; i++)
    {
      const char *br = xn_plan_get_switch_name (plan, i);
      guint prefix = 0;
      const XnPlanPort *lp = xn_plan_get_switch_local (plan, i, &prefix);

      if (!owns (self, plan, i))
        continue;
      mine++;
      if (!ensure_bridge (self, br, lp, prefix, &created[i], &local) || !pin_ports (self, br, plan, &local)
          || !install (self, br, plan, &local))
        break;
    }
  if (i == n)
    {
      write_port_tables (self, plan);
      g_message ("Open vSwitch: %u switches carry serial %" G_GUINT64_FORMAT,
                 mine, xn_plan_get_serial (plan));
      return TRUE;
    }

  g_set_error (error, XN_HOSTD_ERROR, XN_HOSTD_ERROR_BACKEND,
               _("Switch “%s”: %s"), xn_plan_get_switch_name (plan, i), local->message);
  /* The failed switch's bundle rolled back by itself, but its ports may
   * have moved: put them back, and undo the switches already changed. */
  for (guint j = 0; j <= i; j++)
    {
      const char *br = xn_plan_get_switch_name (plan, j);
      gboolean had = plan_has_switch (self, previous, br);
      g_autoptr(GError) restore = NULL;

      if (!owns (self, plan, j))
        continue;
      if (created[j])
        {
          /* Made by this push: remove it. */
          g_autofree char *db = g_strdup_printf ("--db=%s", self->db);
          const char *del[] = { "ovs-vsctl", db, "--timeout=10", "--if-exists", "del-br", br, NULL };

          if (!run (del, &restore))
            g_critical ("Cannot remove switch “%s” made by the failed push: %s", br, restore->message);
          continue;
        }
      if ((had && !pin_ports (self, br, previous, &restore))
          || (j < i && !install (self, br, had ? previous : NULL, &restore)))
        g_critical ("Cannot restore switch “%s”: %s", br, restore->message);
    }
  return FALSE;
}
