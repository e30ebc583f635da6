/* test-xl.c: `xl create` as the xenctrl backend runs it
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The runner against real programs in the place of xl: one that keeps a
 * copy of the file it was given, one that fails as xl does (a libxl error
 * on stderr), and one that does not exist.  Booting a guest with the real
 * xl is tests/e2e's part.
 */

#include "config.h"

#include <check.h>
#include <glib/gstdio.h>

#include "xn-backend.h"
#include "xn-test-async.h"
#include "xn-xl.h"

static gboolean
run (const char  *xl,
     const char  *config,
     GError     **error)
{
  XnTestWait w = { 0 };
  gboolean ok;

  xn_xl_create_async (xl, "user_vm_1", config, NULL, xn_test_wait_cb, &w);
  while (!w.done)
    g_main_context_iteration (NULL, TRUE);
  ok = xn_xl_create_finish (w.result, error);
  g_object_unref (w.result);
  return ok;
}

static char *
script (const char *dir,
        const char *name,
        const char *body)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *text = g_strdup_printf ("#!/bin/sh\n%s\n", body);

  ck_assert (g_file_set_contents (path, text, -1, NULL));
  ck_assert_int_eq (g_chmod (path, 0755), 0);
  return path;
}

START_TEST (test_create)
{
  g_autofree char *dir = g_dir_make_tmp ("xn-test-xl-XXXXXX", NULL);
  g_autofree char *seen = g_build_filename (dir, "seen.cfg", NULL);
  g_autofree char *args = g_build_filename (dir, "args", NULL);
  g_autofree char *body = g_strdup_printf ("echo \"$1 $2\" > '%s'; cp \"$3\" '%s'; echo \"$3\" >> '%s'",
                                           args, seen, args);
  g_autofree char *xl = script (dir, "xl", body);
  const char *config = "name = \"user_vm_1\"\nmemory = 256\nvif = [ 'mac=00:16:3e:00:00:01,bridge=secbr0' ]\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *argv = NULL;
  g_auto(GStrv) lines = NULL;

  ck_assert_msg (run (xl, config, &error), "%s", error ? error->message : "");
  ck_assert (g_file_get_contents (seen, &copy, NULL, NULL));
  ck_assert_str_eq (copy, config);
  ck_assert (g_file_get_contents (args, &argv, NULL, NULL));
  lines = g_strsplit (argv, "\n", -1);
  ck_assert_str_eq (lines[0], "create -q");
  /* The configuration file lives only as long as the command. */
  ck_assert_msg (!g_file_test (lines[1], G_FILE_TEST_EXISTS), "%s was left behind", lines[1]);

  g_unlink (seen);
  g_unlink (args);
  g_unlink (xl);
  g_rmdir (dir);
}
END_TEST

/* `xl migrate`: xl hands -s to a shell, so a key path with a space must
 * arrive as one argument of ssh; the host key is checked strictly. */
START_TEST (test_migrate_command)
{
  g_autofree char *dir = g_dir_make_tmp ("xn-test-xl-XXXXXX", NULL);
  g_autofree char *args = g_build_filename (dir, "args", NULL);
  g_autofree char *sshargs = g_build_filename (dir, "sshargs", NULL);
  g_autofree char *keydir = g_build_filename (dir, "the keys", NULL);
  g_autofree char *key = g_build_filename (keydir, "migrate key", NULL);
  g_autofree char *body = g_strdup_printf ("printf '%%s\\n' \"$@\" > '%s'; eval \"set -- $3\"; "
                                           "printf '%%s\\n' \"$@\" > '%s'", args, sshargs);
  g_autofree char *xl = script (dir, "xl", body);
  g_autofree char *got = NULL, *ssh = NULL, *want_ssh = NULL;
  g_autoptr(GError) error = NULL;
  XnTestWait w = { 0 };

  xn_xl_migrate_async (xl, "7", "10.9.0.2", 2222, key, "/var/lib/xenon/known hosts", NULL,
                       xn_test_wait_cb, &w);
  while (!w.done)
    g_main_context_iteration (NULL, TRUE);
  ck_assert_msg (xn_xl_migrate_finish (w.result, &error), "%s", error ? error->message : "");
  g_object_unref (w.result);
  ck_assert (g_file_get_contents (args, &got, NULL, NULL));
  ck_assert (g_str_has_prefix (got, "migrate\n-s\nssh "));
  ck_assert (g_str_has_suffix (got, "\n7\n10.9.0.2\n"));
  ck_assert (g_file_get_contents (sshargs, &ssh, NULL, NULL));
  want_ssh = g_strdup_printf ("ssh\n-F\n/dev/null\n-o\nBatchMode=yes\n-o\nStrictHostKeyChecking=yes\n"
                              "-o\nIdentitiesOnly=yes\n-i\n%s\n"
                              "-o\nUserKnownHostsFile=/var/lib/xenon/known hosts\n-o\nGlobalKnownHostsFile=/dev/null\n"
                              "-p\n2222\n", key);
  ck_assert_str_eq (ssh, want_ssh);

  g_unlink (args);
  g_unlink (sshargs);
  g_unlink (xl);
  g_rmdir (dir);
}
END_TEST

START_TEST (test_failure_message)
{
  g_autofree char *dir = g_dir_make_tmp ("xn-test-xl-XXXXXX", NULL);
  g_autofree char *xl = script (dir, "xl",
      "echo 'Parsing config from x' >&2\n"
      "echo 'libxl: error: libxl_create.c:720:libxl__domain_make: domain creation fail' >&2\n"
      "exit 3");
  g_autofree char *silent = script (dir, "xl-silent", "exit 4");
  g_autoptr(GError) error = NULL;

  ck_assert (!run (xl, "name = \"user_vm_1\"\n", &error));
  ck_assert (g_error_matches (error, XN_BACKEND_ERROR, XN_BACKEND_ERROR_FAILED));
  ck_assert_msg (strstr (error->message, "user_vm_1") != NULL, "%s", error->message);
  ck_assert_msg (strstr (error->message, "domain creation fail") != NULL, "%s", error->message);
  g_clear_error (&error);

  ck_assert (!run (silent, "name = \"user_vm_1\"\n", &error));
  ck_assert_msg (strstr (error->message, "exit status 4") != NULL, "%s", error->message);
  g_clear_error (&error);

  ck_assert (!run ("/nonexistent/xl", "name = \"x\"\n", &error));
  ck_assert (g_error_matches (error, XN_BACKEND_ERROR, XN_BACKEND_ERROR_UNAVAILABLE));
  ck_assert_msg (strstr (error->message, "/nonexistent/xl") != NULL, "%s", error->message);

  g_unlink (xl);
  g_unlink (silent);
  g_rmdir (dir);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("xl");
  TCase *tc = tcase_create ("create");
  SRunner *sr;
  int failed;

  tcase_add_test (tc, test_create);
  tcase_add_test (tc, test_migrate_command);
  tcase_add_test (tc, test_failure_message);
  suite_add_tcase (s, tc);
  sr = srunner_create (s);
  srunner_run_all (sr, CK_NORMAL);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed == 0 ? 0 : 1;
}
