/* main.c: xenon-hostd, the Xenon host daemon
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "xn-hostd"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <locale.h>

#include "xn-hostd.h"
#include "xn-agent.h"

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static char *
default_sim_policy (void)
{
  return g_build_filename (PKGDATADIR, "xenon-enterprise-demo.xml", NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(XnHostd) hostd = NULL;
  g_autofree char *conf_path = NULL;
  XnHostdOptions opts = { 0 };
  gboolean verbose = FALSE;
  gboolean bridge = FALSE;
  gboolean verify_audit = FALSE;
  gboolean agent = FALSE;
  char *agent_listen = NULL, *agent_name = NULL;
  int sample_ms = 0;
  char *socket_path = NULL, *state_dir = NULL, *trust_dir = NULL, *backend = NULL;
  char *sim_policy = NULL, *test_roles = NULL, *host_name = NULL;
  char *ovs_db = NULL, *ovs_datapath = NULL;
  const GOptionEntry entries[] = {
    { "socket", 0, 0, G_OPTION_ARG_FILENAME, &socket_path, N_("D-Bus socket (default /run/xenon/hostd.sock)"), "PATH" },
    { "state-dir", 0, 0, G_OPTION_ARG_FILENAME, &state_dir, N_("State directory (default /var/lib/xenon)"), "DIR" },
    { "trust-dir", 0, 0, G_OPTION_ARG_FILENAME, &trust_dir, N_("Trusted certificates (default /etc/xenon/trust)"), "DIR" },
    { "backend", 0, 0, G_OPTION_ARG_STRING, &backend, N_("sim or xenctrl (default sim)"), "NAME" },
    { "sim-policy", 0, 0, G_OPTION_ARG_FILENAME, &sim_policy, N_("Policy the simulated host is built from"), "FILE" },
    { "host-name", 0, 0, G_OPTION_ARG_STRING, &host_name, N_("This host's name in policies (default: hostname)"), "NAME" },
    { "ovs-db", 0, 0, G_OPTION_ARG_STRING, &ovs_db, N_("Open vSwitch database socket (unix:PATH); none: no network enforcement"), "unix:PATH" },
    { "ovs-datapath", 0, 0, G_OPTION_ARG_STRING, &ovs_datapath, N_("datapath_type of the bridges (default system)"), "TYPE" },
    { "sample-interval", 0, 0, G_OPTION_ARG_INT, &sample_ms, N_("Performance sampling period in ms (default 5000)"), "MS" },
    { "test-roles", 0, 0, G_OPTION_ARG_FILENAME, &test_roles, N_("Testing only: uid → roles map"), "FILE" },
    { "stdio-bridge", 0, 0, G_OPTION_ARG_NONE, &bridge, N_("Join stdin/stdout to the daemon socket (SSH subsystem)"), NULL },
    { "agent", 0, 0, G_OPTION_ARG_NONE, &agent, N_("Run as the agent of a network service domain"), NULL },
    { "agent-listen", 0, 0, G_OPTION_ARG_STRING, &agent_listen, N_("Agent: where Domain-0 connects (default vchan:data/xenon-agent)"), "ADDRESS" },
    { "agent-name", 0, 0, G_OPTION_ARG_STRING, &agent_name, N_("Agent: this service domain's name in policies"), "NAME" },
    { "verify-audit", 0, 0, G_OPTION_ARG_NONE, &verify_audit, N_("Verify the audit log chain and exit"), NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, N_("Debug messages"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("— Xenon host daemon"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  opts.socket_path = socket_path ? socket_path : g_strdup ("/run/xenon/hostd.sock");
  if (bridge)
    {
      int rc = xn_hostd_stdio_bridge (opts.socket_path);

      xn_hostd_options_clear (&opts);
      return rc;
    }
  if (verbose)
    g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);

  opts.state_dir = state_dir ? state_dir : g_strdup ("/var/lib/xenon");
  opts.config = g_key_file_new ();
  conf_path = g_build_filename (opts.state_dir, "hostd.conf", NULL);
  if (g_file_test (conf_path, G_FILE_TEST_EXISTS)
      && !g_key_file_load_from_file (opts.config, conf_path, G_KEY_FILE_NONE, &error))
    {
      g_printerr (_("Cannot read %s: %s\n"), conf_path, error->message);
      xn_hostd_options_clear (&opts);
      return 1;
    }
  /* The command line wins over hostd.conf. */
#define CONF(var, key) ((var) != NULL ? (var) : g_key_file_get_string (opts.config, "hostd", key, NULL))
  opts.trust_dir = CONF (trust_dir, "trust-dir");
  if (opts.trust_dir == NULL)
    opts.trust_dir = g_strdup ("/etc/xenon/trust");
  opts.backend = CONF (backend, "backend");
  if (opts.backend == NULL)
    opts.backend = g_strdup ("sim");
  opts.sim_policy = CONF (sim_policy, "sim-policy");
  if (opts.sim_policy == NULL)
    opts.sim_policy = default_sim_policy ();
  opts.host_name = CONF (host_name, "host-name");
  opts.test_roles = test_roles;
  opts.ovs_db = CONF (ovs_db, "ovs-db");
  opts.ovs_datapath = CONF (ovs_datapath, "ovs-datapath");
#undef CONF
  if (sample_ms <= 0)
    sample_ms = g_key_file_get_integer (opts.config, "hostd", "sample-interval-ms", NULL);
  opts.sample_ms = sample_ms > 0 ? (guint) sample_ms : 5000;

  if (agent)
    {
      g_autofree char *ports_dir = xn_hostd_ports_dir (opts.socket_path);
      g_autofree char *listen = agent_listen ? agent_listen
                                : g_key_file_get_string (opts.config, "agent", "listen", NULL);
      g_autofree char *name = agent_name ? agent_name
                              : g_key_file_get_string (opts.config, "agent", "name", NULL);
      XnAgentOptions ao = {
        .listen = listen ? listen : "vchan:data/xenon-agent",
        .name = name,
        .ovs_db = opts.ovs_db,
        .ovs_datapath = opts.ovs_datapath,
        .ports_dir = ports_dir,
      };
      int rc = xn_agent_run (&ao);

      xn_hostd_options_clear (&opts);
      return rc;
    }
  if (verify_audit)
    {
      int rc = xn_hostd_verify_audit (opts.state_dir);

      xn_hostd_options_clear (&opts);
      return rc;
    }

  loop = g_main_loop_new (NULL, FALSE);
  hostd = xn_hostd_new (&opts);
  if (!xn_hostd_start (hostd, &error))
    {
      g_printerr ("xenon-hostd: %s\n", error->message);
      g_clear_object (&hostd);
      xn_hostd_options_clear (&opts);
      return 1;
    }
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_main_loop_run (loop);
  g_message ("Stopping");
  xn_hostd_stop (hostd);
  g_clear_object (&hostd);
  xn_hostd_options_clear (&opts);
  return 0;
}
