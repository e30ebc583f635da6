/* xenon-policy.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * xenon-policy: the policy document from the command line, for scripts
 * and for people without the GTK application. Every command is a thin
 * wrapper over libxenon, so what it says is what the app and the daemon
 * would say. Exit status: 0 success, 1 input refused (invalid, lint
 * errors, bad signature), 2 usage error.
 *
 * The commands that sign or talk to hosts run in helpers this process
 * execs (xenon-policy-private.h), so the libraries they need are not
 * loaded by every other command.
 */

#define G_LOG_DOMAIN "xenon-policy"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "xenon-model.h"
#include "xenon-policy-private.h"

/* A command runs here (@func) or in the helper named @helper. */
typedef struct
{
  const char    *name;
  XpCommandFunc  func;
  const char    *helper;
  const char    *args;
  const char    *summary;
} Command;

static int
cmd_validate (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("FILE — check a document against the schema"));
  g_autoptr(XnPolicy) policy = NULL;
  int status;

  if (!xp_parse_args (ctx, &argc, &argv, 1, &status))
    return status;

  if ((policy = xp_load_or_report (argv[1])) == NULL)
    return EXIT_REFUSED;

  g_print (_("%s: valid\n"), argv[1]);
  return EXIT_SUCCESS;
}

static int
cmd_fmt (int    argc,
         char **argv)
{
  g_autofree char *output = NULL;
  gboolean check = FALSE, in_place = FALSE;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE instead of standard output"), N_("FILE") },
    { "check", 0, 0, G_OPTION_ARG_NONE, &check, N_("Write nothing; exit 1 if FILE is not in canonical form"), NULL },
    { "in-place", 'i', 0, G_OPTION_ARG_NONE, &in_place, N_("Rewrite FILE in canonical form"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("FILE — write a document in canonical form"));
  g_autoptr(XnPolicy) policy = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  if (!xp_parse_args (ctx, &argc, &argv, 1, &status))
    return status;
  if (in_place && output != NULL)
    return xp_usage_error (ctx, _("--in-place and --output exclude each other"));

  if ((policy = xp_load_or_report (argv[1])) == NULL)
    return EXIT_REFUSED;
  if ((bytes = xn_policy_save_to_bytes (policy, &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_REFUSED;
    }

  if (check)
    {
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (!g_file_get_contents (argv[1], &contents, &len, &error))
        {
          g_printerr ("%s\n", error->message);
          return EXIT_REFUSED;
        }
      if (len != g_bytes_get_size (bytes) || memcmp (contents, g_bytes_get_data (bytes, NULL), len) != 0)
        {
          g_printerr (_("%s: not in canonical form\n"), argv[1]);
          return EXIT_REFUSED;
        }
      return EXIT_SUCCESS;
    }

  if (!xp_write_output (in_place ? argv[1] : output, bytes, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_REFUSED;
    }
  return EXIT_SUCCESS;
}

static int
cmd_show (int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("FILE — print a summary of a document"));
  g_autoptr(XnPolicy) policy = NULL;
  XnObjectList *hosts;
  int status;

  if (!xp_parse_args (ctx, &argc, &argv, 1, &status))
    return status;
  if ((policy = xp_load_or_report (argv[1])) == NULL)
    return EXIT_REFUSED;

  g_print (_("Policy “%s”, serial %" PRIu64 "\n"),
           xn_object_get_name (XN_OBJECT (policy)), (uint64_t) xn_policy_get_serial (policy));
  g_print (_("  %u profiles, %u tags, %u conflicts, %u security labels\n"),
           xn_object_list_get_n_items (xn_policy_get_profiles (policy)),
           xn_object_list_get_n_items (xn_policy_get_tags (policy)),
           xn_object_list_get_n_items (xn_policy_get_conflicts (policy)),
           xn_object_list_get_n_items (xn_policy_get_sec_labels (policy)));

  hosts = xn_policy_get_hosts (policy);
  for (guint i = 0; i < xn_object_list_get_n_items (hosts); i++)
    {
      XnHost *host = xn_object_list_get (hosts, i);
      XnObjectList *enclaves = xn_host_get_enclaves (host);
      XnObjectList *roots = xn_host_get_root_domains (host);

      g_print (_("Host %s (%s)\n"), xn_object_get_name (XN_OBJECT (host)), xn_host_get_address (host));
      for (guint r = 0; r < xn_object_list_get_n_items (roots); r++)
        g_print (_("  root domain %s\n"), xn_object_get_name (xn_object_list_get (roots, r)));
      for (guint e = 0; e < xn_object_list_get_n_items (enclaves); e++)
        {
          XnEnclave *enclave = xn_object_list_get (enclaves, e);
          XnObjectList *domains = xn_enclave_get_domains (enclave);
          XnTag *tag = xn_enclave_get_tag (enclave);

          g_print (_("  enclave %s [tag %s]\n"), xn_object_get_name (XN_OBJECT (enclave)),
                   tag != NULL ? xn_object_get_name (XN_OBJECT (tag)) : "?");
          for (guint d = 0; d < xn_object_list_get_n_items (domains); d++)
            g_print ("    %s\n", xn_object_get_name (xn_object_list_get (domains, d)));
        }
    }
  return EXIT_SUCCESS;
}

static int
cmd_lint (int    argc,
          char **argv)
{
  g_autofree char *against = NULL;
  gboolean rules = FALSE;
  const GOptionEntry entries[] = {
    { "against", 0, 0, G_OPTION_ARG_FILENAME, &against, N_("Also check the live-update rule against the policy a host runs"), N_("RUNNING") },
    { "rules", 0, 0, G_OPTION_ARG_NONE, &rules, N_("List every check and exit"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("FILE — run the semantic checks"));
  g_autoptr(XnPolicy) policy = NULL;
  g_autoptr(XnPolicy) running = NULL;
  g_autoptr(GListModel) issues = NULL;
  guint n_errors, n_warnings;
  int status;

  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  if (!xp_parse_args (ctx, &argc, &argv, -1, &status))
    return status;
  if (!rules && argc != 2)
    return xp_usage_error (ctx, _("expected one FILE"));

  if (rules)
    {
      guint n_rules = 0;
      const XnLintRule *table = xn_lint_get_rules (&n_rules);

      for (guint i = 0; i < n_rules; i++)
        g_print ("%s  %-7s  %s\n", table[i].code,
                 xn_enum_to_nick (XN_TYPE_LINT_SEVERITY, table[i].severity), _(table[i].title));
      return EXIT_SUCCESS;
    }

  if ((policy = xp_load_or_report (argv[1])) == NULL)
    return EXIT_REFUSED;
  if (against != NULL && (running = xp_load_or_report (against)) == NULL)
    return EXIT_REFUSED;

  issues = xn_lint_run (policy, running);
  xp_print_issues (argv[1], policy, against, issues);
  n_errors = xn_lint_count (issues, XN_LINT_SEVERITY_ERROR);
  n_warnings = xn_lint_count (issues, XN_LINT_SEVERITY_WARNING);
  g_print (_("%s: %u errors, %u warnings\n"), argv[1], n_errors, n_warnings);

  return n_errors > 0 ? EXIT_REFUSED : EXIT_SUCCESS;
}

static int
cmd_diff (int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("OLD NEW — what changed between two documents"));
  g_autoptr(XnPolicy) old_policy = NULL;
  g_autoptr(XnPolicy) new_policy = NULL;
  g_autoptr(GListModel) entries = NULL;
  g_autofree char *text = NULL;
  int status;

  if (!xp_parse_args (ctx, &argc, &argv, 2, &status))
    return status;
  if ((old_policy = xp_load_or_report (argv[1])) == NULL ||
      (new_policy = xp_load_or_report (argv[2])) == NULL)
    return EXIT_REFUSED;

  entries = xn_diff_policies (old_policy, new_policy);
  text = xn_diff_format (entries);
  g_print ("%s", text);
  return EXIT_SUCCESS;
}

static int
cmd_extract (int    argc,
             char **argv)
{
  g_autofree char *host = NULL, *output = NULL;
  const GOptionEntry entries[] = {
    { "host", 0, 0, G_OPTION_ARG_STRING, &host, N_("The host whose document to write"), N_("NAME") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE instead of standard output"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("IN — the document one host receives"));
  g_autoptr(XnPolicy) policy = NULL;
  g_autoptr(XnPolicy) extracted = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  if (!xp_parse_args (ctx, &argc, &argv, 1, &status))
    return status;
  if (host == NULL)
    return xp_usage_error (ctx, _("--host is required"));
  if ((policy = xp_load_or_report (argv[1])) == NULL)
    return EXIT_REFUSED;
  if ((extracted = xn_policy_extract_host (policy, host, &error)) == NULL)
    {
      g_printerr ("%s: %s\n", argv[1], error->message);
      return EXIT_REFUSED;
    }
  return xp_save_policy (extracted, output);
}

static int
cmd_template (int    argc,
              char **argv)
{
  g_autofree char *into = NULL, *host = NULL, *output = NULL;
  const GOptionEntry entries[] = {
    { "into", 0, 0, G_OPTION_ARG_FILENAME, &into, N_("import: the document to import into"), N_("DOC") },
    { "host", 0, 0, G_OPTION_ARG_STRING, &host, N_("import: the host of DOC that receives the host parts"), N_("NAME") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE instead of standard output"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("export IN | import --into DOC TEMPLATE"));
  g_autoptr(XnPolicy) policy = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  if (!xp_parse_args (ctx, &argc, &argv, 2, &status))
    return status;
  if ((policy = xp_load_or_report (argv[2])) == NULL)
    return EXIT_REFUSED;

  if (g_str_equal (argv[1], "export"))
    {
      g_autoptr(XnPolicy) template_policy = xn_template_export (policy, &error);

      if (template_policy == NULL)
        {
          g_printerr ("%s: %s\n", argv[2], error->message);
          return EXIT_REFUSED;
        }
      return xp_save_policy (template_policy, output);
    }
  else if (g_str_equal (argv[1], "import"))
    {
      g_autoptr(XnPolicy) target = NULL;
      g_autoptr(XnTemplateReport) report = NULL;
      g_autofree char *text = NULL;

      if (into == NULL)
        return xp_usage_error (ctx, _("import needs --into DOC"));
      if ((target = xp_load_or_report (into)) == NULL)
        return EXIT_REFUSED;
      if (!xn_template_import (target, policy, host, &report, &error))
        {
          g_printerr ("%s: %s\n", argv[2], error->message);
          return EXIT_REFUSED;
        }
      text = xn_template_report_format (report);
      g_printerr ("%s", text);
      return xp_save_policy (target, output);
    }

  return xp_usage_error (ctx, _("expected “export” or “import”"));
}

static int
cmd_compile (int    argc,
             char **argv)
{
  g_autofree char *host = NULL, *against = NULL, *blob_out = NULL;
  gboolean flows = FALSE, xl = FALSE, force = FALSE;
  const GOptionEntry entries[] = {
    { "host", 0, 0, G_OPTION_ARG_STRING, &host, N_("The host to compile for"), N_("NAME") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Compile even if the lint finds errors"), NULL },
    { "xl", 0, 0, G_OPTION_ARG_NONE, &xl, N_("Print every domain's xl configuration (what the daemon starts it with)"), NULL },
    { "dry-run", 0, 0, G_OPTION_ARG_FILENAME, &against, N_("Also print what changes against the plan of OLD"), N_("OLD") },
    { "flows", 0, 0, G_OPTION_ARG_NONE, &flows, N_("Print every switch's flows, groups and ports"), NULL },
    { "blob", 0, 0, G_OPTION_ARG_FILENAME, &blob_out, N_("Write the guard blob to FILE"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("--host NAME FILE — the enforcement plan for one host"));
  g_autoptr(XnPolicy) policy = NULL;
  g_autoptr(XnPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  int status;

  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  if (!xp_parse_args (ctx, &argc, &argv, 1, &status))
    return status;
  if (host == NULL)
    return xp_usage_error (ctx, _("--host is required"));

  if ((policy = xp_load_or_report (argv[1])) == NULL)
    return EXIT_REFUSED;
  /* A plan is what a host would enforce, and hosts refuse a policy with
   * lint errors: showing one for such a policy would mislead, as
   * signing it would. */
  if (!force)
    {
      g_autoptr(GListModel) issues = xn_lint_run (policy, NULL);

      if (xn_lint_count (issues, XN_LINT_SEVERITY_ERROR) > 0)
        {
          xp_print_issues (argv[1], policy, NULL, issues);
          g_printerr (_("%s: not compiled: the lint found errors (use --force to compile anyway)\n"),
                      argv[1]);
          return EXIT_REFUSED;
        }
    }
  if ((plan = xn_compile (policy, host, &error)) == NULL)
    {
      g_printerr ("%s: %s\n", argv[1], error->message);
      return EXIT_REFUSED;
    }

  text = xn_plan_format (plan);
  g_print ("%s", text);

  if (flows)
    for (guint i = 0; i < xn_plan_get_n_switches (plan); i++)
      {
        const char *sw = xn_plan_get_switch_name (plan, i);
        g_autofree char *f = xn_plan_dup_flows_text (plan, sw);
        g_autofree char *g = xn_plan_dup_groups_text (plan, sw);
        g_autofree char *p = xn_plan_dup_ports_text (plan, sw);

        g_print (_("\n# switch %s: ports\n%s# groups\n%s# flows\n%s"), sw, p, g, f);
      }

  if (xl)
    for (guint i = 0; i < xn_plan_get_n_domains (plan); i++)
      {
        const XnPlanDomain *d = xn_plan_get_domain (plan, i);

        if (d->xl_config != NULL)
          g_print (_("\n# domain %s: xl configuration\n%s"), d->name, d->xl_config);
      }

  if (blob_out != NULL && !xp_write_output (blob_out, xn_plan_get_blob (plan), &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_REFUSED;
    }

  if (against != NULL)
    {
      g_autoptr(XnPolicy) old_policy = NULL;
      g_autoptr(XnPlan) old_plan = NULL;
      g_autoptr(XnPlanDiff) diff = NULL;
      g_autofree char *diff_text = NULL;

      if ((old_policy = xp_load_or_report (against)) == NULL)
        return EXIT_REFUSED;
      if ((old_plan = xn_compile (old_policy, host, &error)) == NULL)
        {
          g_printerr ("%s: %s\n", against, error->message);
          return EXIT_REFUSED;
        }
      diff = xn_plan_diff (old_plan, plan, NULL);
      diff_text = xn_plan_diff_format (diff);
      g_print (_("\nDry run against %s:\n%s"), against, diff_text);
    }
  return EXIT_SUCCESS;
}

static int
cmd_matrix (int    argc,
            char **argv)
{
  g_autofree char *host = NULL;
  g_autofree char *switch_name = NULL;
  gboolean tags_only = FALSE;
  const GOptionEntry entries[] = {
    { "host", 0, 0, G_OPTION_ARG_STRING, &host, N_("Only this host's switches and domains"), N_("NAME") },
    { "switch", 0, 0, G_OPTION_ARG_STRING, &switch_name, N_("Only this switch"), N_("NAME") },
    { "tags", 0, 0, G_OPTION_ARG_NONE, &tags_only, N_("Only the tag relation (conflicts, running together)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("FILE — who may talk to whom on each switch, and who may run together"));
  g_autoptr(XnPolicy) policy = NULL;
  XnObjectList *hosts;
  gboolean found = FALSE;
  int status;

  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  if (!xp_parse_args (ctx, &argc, &argv, 1, &status))
    return status;
  if (tags_only && (host != NULL || switch_name != NULL))
    return xp_usage_error (ctx, _("--tags excludes --host and --switch"));
  if ((policy = xp_load_or_report (argv[1])) == NULL)
    return EXIT_REFUSED;

  /* The tag relation is the hypervisor's rule (grants, event channels)
   * and the lifecycle's; the switches' matrix below is what the flows
   * do, which also depends on shared switches, whitelists and addresses. */
  if (host == NULL && switch_name == NULL)
    {
      g_autoptr(XnMatrix) matrix = xn_matrix_new (policy);
      g_autofree char *text = xn_matrix_format (matrix);

      g_print ("%s", text);
      if (tags_only)
        return EXIT_SUCCESS;
      g_print ("\n");
    }

  hosts = xn_policy_get_hosts (policy);
  for (guint h = 0; h < xn_object_list_get_n_items (hosts); h++)
    {
      const char *name = xn_object_get_name (xn_object_list_get (hosts, h));
      g_autoptr(XnNetMatrix) net = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;

      if (host != NULL && g_strcmp0 (host, name) != 0)
        continue;
      if ((net = xn_net_matrix_new (policy, name, &error)) == NULL)
        {
          g_printerr (_("%s: host %s does not compile: %s\n"), argv[1], name, error->message);
          return EXIT_REFUSED;
        }
      if (switch_name != NULL && xn_net_matrix_find_switch (net, switch_name) < 0)
        continue;
      found = TRUE;
      text = xn_net_matrix_format (net, switch_name);
      g_print ("%s", text);
    }
  if (host != NULL && !found && switch_name == NULL)
    {
      g_printerr (_("%s: no host named %s\n"), argv[1], host);
      return EXIT_REFUSED;
    }
  if (switch_name != NULL && !found)
    {
      g_printerr (_("%s: no switch named %s\n"), argv[1], switch_name);
      return EXIT_REFUSED;
    }
  return EXIT_SUCCESS;
}

static const Command commands[] = {
  { "validate", cmd_validate, NULL, N_("FILE"), N_("Check a document against the schema") },
  { "lint", cmd_lint, NULL, N_("[--against RUNNING] FILE"), N_("Run the semantic checks") },
  { "fmt", cmd_fmt, NULL, N_("[-o OUT | --check | -i] FILE"), N_("Write a document in canonical form") },
  { "sign", NULL, XP_HELPER_SIGN, N_("--key KEY --cert CERT IN [-o OUT]"), N_("Sign a document") },
  { "verify", NULL, XP_HELPER_SIGN, N_("--trust DIR IN"), N_("Verify a signed document") },
  { "diff", cmd_diff, NULL, N_("OLD NEW"), N_("Show what changed between two documents") },
  { "extract", cmd_extract, NULL, N_("--host NAME IN [-o OUT]"), N_("Write the document one host receives") },
  { "template", cmd_template, NULL, N_("export IN | import --into DOC T"), N_("Export or import a template") },
  { "compile", cmd_compile, NULL, N_("--host NAME [--force] [--dry-run OLD] FILE"), N_("Print the enforcement plan for one host") },
  { "matrix", cmd_matrix, NULL, N_("[--host NAME] [--switch NAME] [--tags] FILE"), N_("Print who may talk to whom, per switch") },
  { "learn", NULL, XP_HELPER_LEARN, N_("[--socket S] [--into DOC] DOMAIN"), N_("Propose a profile from recorded calls") },
  { "show", cmd_show, NULL, N_("FILE"), N_("Print a summary of a document") },
  { "push", NULL, XP_HELPER_HOSTS, N_("--host NAME[,NAME…] [--yes] SIGNED"), N_("Dry-run, then apply, a signed policy on hosts") },
  { "status", NULL, XP_HELPER_HOSTS, N_("--host NAME[,NAME…]"), N_("Show hosts' policy in force, guard and roles") },
  { "domains", NULL, XP_HELPER_HOSTS, N_("--host NAME [ACTION DOMAIN]"), N_("List a host's domains, or start, stop, pause them") },
  { "violations", NULL, XP_HELPER_HOSTS, N_("--host NAME[,…] [--since SEQ] [--json]"), N_("Print hosts' recorded violations") },
  { "audit", NULL, XP_HELPER_HOSTS, N_("--host NAME[,…] [--since SEQ] [--json]"), N_("Print hosts' audit logs") },
  { "migrate", NULL, XP_HELPER_HOSTS, N_("--host NAME --to NAME DOMAIN"), N_("Move a running domain to another host under both hosts' policies") },
};

static const Command *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      return &commands[i];
  return NULL;
}

/* Where @helper is: beside this executable when it is there (a build
 * tree, run uninstalled by the tests and `meson devenv`), else in
 * libexecdir, where meson installs it. */
static char *
helper_path (const char *helper)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  if (self != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self);
      g_autofree char *beside = g_build_filename (dir, helper, NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
    }
  return g_build_filename (LIBEXECDIR, helper, NULL);
}

/* Replaces this process with @command's helper, run as HELPER COMMAND
 * ARGS; returns only if that failed. */
static int
exec_helper (const Command  *command,
             int             argc,
             char          **argv)
{
  g_autofree char *path = helper_path (command->helper);
  g_autofree char **args = g_new0 (char *, argc + 1);
  int saved;

  args[0] = path;
  for (int i = 1; i < argc; i++)
    args[i] = argv[i];
  execv (path, args);
  saved = errno;
  g_printerr (_("xenon-policy: cannot run %s: %s\n"), path, g_strerror (saved));
  return EXIT_FAILURE;
}

static void
print_help (FILE *out)
{
  fprintf (out, "%s\n", _("Usage: xenon-policy COMMAND [OPTIONS] ARGS"));
  fprintf (out, "\n%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-9s %-30s %s\n", commands[i].name, _(commands[i].args), _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Run “xenon-policy COMMAND --help” for a command's options."));
  fprintf (out, "%s\n", _("Exit status: 0 success, 1 input refused, 2 usage error."));
}

int
main (int   argc,
      char *argv[])
{
  const Command *command;

  xp_init_i18n ();

  if (argc < 2)
    {
      print_help (stderr);
      return EXIT_USAGE;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_help (stdout);
      return EXIT_SUCCESS;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("xenon-policy %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }
  if ((command = find_command (argv[1])) == NULL)
    {
      g_printerr (_("xenon-policy: unknown command “%s”\n"), argv[1]);
      print_help (stderr);
      return EXIT_USAGE;
    }

  if (command->helper != NULL)
    return exec_helper (command, argc, argv);
  return xp_run_command (command->name, command->func, argc - 1, argv + 1);
}
