/* xenon-policy-documents.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * What the document commands share, in xenon-policy and in the signing
 * helper: loading a document with its message, keeping what was loaded
 * to the end of the process, writing output, printing lint findings.
 */

#define G_LOG_DOMAIN "xenon-policy"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "xenon-model.h"
#include "xenon-policy-private.h"

/* Every document a command loads lives until the process ends: the
 * kernel takes a process back at once, while tearing a large policy down
 * object by object took a sixth of `validate` on the 13 MB generated
 * policy. Held here, they stay reachable (no leak for the sanitizers). */
static GPtrArray *kept_until_exit;

gpointer
xp_keep_until_exit (gpointer data)
{
  if (data == NULL)
    return NULL;
  if (kept_until_exit == NULL)
    kept_until_exit = g_ptr_array_new ();
  g_ptr_array_add (kept_until_exit, data);
  return data;
}

XnPolicy *
xp_load_or_report (const char *path)
{
  g_autoptr(GError) error = NULL;
  XnPolicy *policy = xn_policy_load_file (path, &error);

  if (policy == NULL)
    {
      g_printerr ("%s\n", error->message);
      return NULL;
    }

  xp_keep_until_exit (g_object_ref (policy));
  return policy;
}

/* Writes @policy to @output (standard output if NULL or "-"). */
int
xp_save_policy (XnPolicy   *policy,
                const char *output)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if ((bytes = xn_policy_save_to_bytes (policy, &error)) == NULL ||
      !xp_write_output (output, bytes, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_REFUSED;
    }
  return EXIT_SUCCESS;
}

gboolean
xp_write_output (const char  *path,
                 GBytes      *bytes,
                 GError     **error)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  if (path == NULL || g_str_equal (path, "-"))
    {
      if (fwrite (data, 1, len, stdout) != len || fflush (stdout) != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("could not write to standard output"));
          return FALSE;
        }
      return TRUE;
    }

  return g_file_set_contents (path, data, len, error);
}

/* FILE:LINE: SEVERITY CODE: message [path], the form compilers use, which
 * editors' problem matchers read. An issue about an object only the
 * running policy has (the live-update rules) points into that file. */
void
xp_print_issues (const char *file,
                 XnPolicy   *policy,
                 const char *running_file,
                 GListModel *issues)
{
  for (guint i = 0; i < g_list_model_get_n_items (issues); i++)
    {
      g_autoptr(XnLintIssue) issue = g_list_model_get_item (issues, i);
      const char *where = file;
      guint line = xn_lint_issue_get_line (issue);
      g_autofree char *location = NULL;

      if (running_file != NULL &&
          xn_policy_lookup (policy, xn_lint_issue_get_object_uuid (issue)) == NULL)
        where = running_file;
      location = line > 0 ? g_strdup_printf ("%s:%u", where, line) : g_strdup (where);
      g_print ("%s: %s %s: %s [%s]\n", location,
               xn_enum_to_nick (XN_TYPE_LINT_SEVERITY, xn_lint_issue_get_severity (issue)),
               xn_lint_issue_get_code (issue),
               xn_lint_issue_get_message (issue),
               xn_lint_issue_get_path (issue));
    }
}
