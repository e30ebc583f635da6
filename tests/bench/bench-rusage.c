/* bench-rusage.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * Runs a command with its output thrown away and prints what it cost:
 * CPU seconds (user + system, with the children it waited for) to the
 * microsecond, and its peak RSS in KiB. /usr/bin/time rounds CPU to
 * 10 ms, more than a small policy takes.
 *
 * Usage: bench-rusage [--ok-status N] COMMAND [ARG...]   → "0.004127 12480"
 * Exits 1 if the command fails (exits other than 0 or N: `lint` exits 1
 * when it reports errors, and that run is as much work as a clean one).
 */

#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int
main (int   argc,
      char *argv[])
{
  struct rusage ru;
  int status = 0;
  int ok_status = 0;
  pid_t pid;

  if (argc > 3 && strcmp (argv[1], "--ok-status") == 0)
    {
      ok_status = atoi (argv[2]);
      argv += 2;
      argc -= 2;
    }
  if (argc < 2)
    {
      fprintf (stderr, "usage: bench-rusage [--ok-status N] COMMAND [ARG...]\n");
      return 2;
    }

  pid = fork ();
  if (pid < 0)
    {
      perror ("fork");
      return 1;
    }
  if (pid == 0)
    {
      int null = open ("/dev/null", O_WRONLY);

      if (null >= 0)
        dup2 (null, STDOUT_FILENO);
      execvp (argv[1], argv + 1);
      perror (argv[1]);
      _exit (127);
    }

  if (wait4 (pid, &status, 0, &ru) < 0)
    {
      perror ("wait4");
      return 1;
    }
  if (!WIFEXITED (status) || (WEXITSTATUS (status) != 0 && WEXITSTATUS (status) != ok_status))
    return 1;

  printf ("%.6f %ld\n",
          ru.ru_utime.tv_sec + ru.ru_stime.tv_sec
          + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6,
          ru.ru_maxrss);
  return 0;
}
