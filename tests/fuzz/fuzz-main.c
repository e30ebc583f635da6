/* fuzz-main.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * Without libFuzzer (a gcc build), each fuzz target links this replayer:
 * it feeds every file named on the command line, or every file in the
 * directories named, to LLVMFuzzerTestOneInput once. The seed corpus and
 * every crash found so far thus run in each ordinary test run.
 */

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static guint n_inputs;

static void
run_file (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (path, &data, &len, &error))
    {
      g_printerr ("fuzz-main: %s\n", error->message);
      exit (EXIT_FAILURE);
    }
  LLVMFuzzerTestOneInput ((const uint8_t *) data, len);
  n_inputs++;
}

static void
run_path (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      run_file (path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      run_path (child);
    }
}

int
main (int   argc,
      char *argv[])
{
  for (int i = 1; i < argc; i++)
    {
      if (argv[i][0] == '-')
        continue;   /* libFuzzer options, meaningless here */
      run_path (argv[i]);
    }

  if (n_inputs == 0)
    {
      g_printerr ("fuzz-main: no inputs\n");
      return EXIT_FAILURE;
    }
  g_print ("replayed %u inputs without a crash\n", n_inputs);
  return EXIT_SUCCESS;
}
