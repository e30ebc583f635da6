/* xenon-policy-learn.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * xenon-policy-learn: `xenon-policy learn`, in a helper that xenon-policy
 * execs from libexecdir. It alone of the document commands asks the
 * daemon over D-Bus, and GDBus's socket client links GIO's module loader
 * (with libmount, libblkid and libselinux): every other command starts
 * without them.
 */

#define G_LOG_DOMAIN "xenon-policy"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>

#include "xenon-model.h"
#include "xn-host-connection.h"
#include "xenon-policy-private.h"

/* The domain called @name in @policy: on @host_name's host if given,
 * else on the only host that has one by that name. */
static XnDomain *
find_domain_in (XnPolicy    *policy,
                const char  *host_name,
                const char  *name,
                GError     **error)
{
  XnObjectList *hosts = xn_policy_get_hosts (policy);
  XnDomain *found = NULL;

  for (guint i = 0; i < xn_object_list_get_n_items (hosts); i++)
    {
      XnHost *host = xn_object_list_get (hosts, i);
      XnDomain *dom;

      if (host_name != NULL && g_strcmp0 (xn_object_get_name (XN_OBJECT (host)), host_name) != 0)
        continue;
      dom = xn_host_find_domain_by_name (host, name);
      if (dom == NULL)
        continue;
      if (found != NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       _("More than one host has a domain “%s”: choose one with --host"), name);
          return NULL;
        }
      found = dom;
    }
  if (found == NULL && host_name != NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("No domain “%s” on host “%s”"), name, host_name);
  else if (found == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("No domain “%s” in the document"), name);
  return found;
}

static int
cmd_learn (int    argc,
           char **argv)
{
  g_autofree char *socket_path = NULL, *into = NULL, *host = NULL, *output = NULL;
  const GOptionEntry entries[] = {
    { "socket", 's', 0, G_OPTION_ARG_FILENAME, &socket_path, N_("The daemon's socket (default /run/xenon/hostd.sock)"), N_("PATH") },
    { "into", 0, 0, G_OPTION_ARG_FILENAME, &into, N_("Apply the proposal to the domain's profile in DOC and write DOC"), N_("DOC") },
    { "host", 0, 0, G_OPTION_ARG_STRING, &host, N_("--into: the host of DOC the domain is on"), N_("NAME") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE instead of standard output"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("DOMAIN — propose a profile from what the domain was recorded doing"));
  g_autoptr(XnHostConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  g_auto(GStrv) changes = NULL;
  g_autoptr(GVariant) calls = NULL;
  int status;

  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  if (!xp_parse_args (ctx, &argc, &argv, 1, &status))
    return status;
  conn = xn_host_connection_new_for_socket (socket_path ? socket_path : "/run/xenon/hostd.sock", NULL, &error);
  if (conn == NULL
      || !xn_host1_call_propose_profile_sync (xn_host_connection_get_proxy (conn), argv[1],
                                              &xml, &changes, &calls, NULL, &error))
    {
      g_dbus_error_strip_remote_error (error);
      g_printerr ("%s: %s\n", argv[1], error->message);
      return EXIT_REFUSED;
    }

  if (into == NULL)
    {
      for (guint i = 0; changes[i]; i++)
        g_printerr (_("adds %s\n"), changes[i]);
      if (changes[0] == NULL)
        g_printerr (_("%s was recorded doing nothing outside its profile\n"), argv[1]);
      if (output != NULL)
        {
          if (!g_file_set_contents (output, xml, -1, &error))
            {
              g_printerr ("%s\n", error->message);
              return EXIT_REFUSED;
            }
          return EXIT_SUCCESS;
        }
      g_print ("%s", xml);
      return EXIT_SUCCESS;
    }

  /* The officer's own document: learn on its profile, which may differ
   * from the one the host runs. */
  {
    g_autoptr(XnPolicy) policy = NULL;
    g_autoptr(GArray) observed = g_array_new (FALSE, FALSE, sizeof (XnObservedCall));
    g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(XnProfile) learned = NULL;
    g_autoptr(XnCommand) cmd = NULL;
    XnDomain *dom;
    XnSecLabel *label;
    XnProfile *profile;
    GVariantIter iter;
    XnObservedCall o;

    if ((policy = xp_load_or_report (into)) == NULL)
      return EXIT_REFUSED;
    dom = find_domain_in (policy, host, argv[1], &error);
    if (dom == NULL)
      {
        g_printerr ("%s: %s\n", into, error->message);
        return EXIT_REFUSED;
      }
    label = xn_domain_get_sec_label (dom);
    profile = label ? xn_sec_label_get_profile (label) : NULL;
    if (profile == NULL)
      {
        g_printerr (_("%s: domain “%s” has no profile to learn into\n"), into, argv[1]);
        return EXIT_REFUSED;
      }
    g_variant_iter_init (&iter, calls);
    while (g_variant_iter_next (&iter, "(utt)", &o.hcall, &o.subop, &o.count))
      g_array_append_val (observed, o);
    learned = xn_profile_learn (profile, (const XnObservedCall *) observed->data, observed->len, added);
    cmd = xn_profile_learn_command_new (profile, learned);
    if (!xn_command_apply (cmd, &error))
      {
        g_printerr ("%s: %s\n", into, error->message);
        return EXIT_REFUSED;
      }
    for (guint i = 0; i < added->len; i++)
      g_printerr (_("profile “%s” adds %s\n"), xn_object_get_name (XN_OBJECT (profile)),
                  (const char *) g_ptr_array_index (added, i));
    return xp_save_policy (policy, output);
  }
}

static const XpHelperCommand commands[] = {
  { "learn", cmd_learn },
};

int
main (int   argc,
      char *argv[])
{
  return xp_helper_main (commands, G_N_ELEMENTS (commands), argc, argv);
}
