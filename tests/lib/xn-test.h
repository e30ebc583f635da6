/* xn-test.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Shared scaffolding for the Check suites: one executable per suite file. */

#pragma once

#include <check.h>
#include <glib.h>
#include <stdlib.h>

/* Path of a file in tests/data/ (G_TEST_SRCDIR is set by meson) or, when
 * tests/data has none of that name, in the project's data/: the demo
 * policy the daemon installs lives there, one copy, and the tests name it
 * as they name their own fixtures. */
static inline char *
xn_test_data_path (const char *name)
{
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");
  char *path = g_build_filename (srcdir != NULL ? srcdir : ".", "data", name, NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_free (path);
      path = g_build_filename (srcdir != NULL ? srcdir : ".", "..", "data", name, NULL);
    }
  return path;
}

#define XN_TEST_MAIN(suite_func)                                  \
  int                                                             \
  main (void)                                                     \
  {                                                               \
    SRunner *sr = srunner_create (suite_func ());                 \
    int failed;                                                   \
                                                                  \
    srunner_run_all (sr, CK_ENV);                                 \
    failed = srunner_ntests_failed (sr);                          \
    srunner_free (sr);                                            \
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;             \
  }
