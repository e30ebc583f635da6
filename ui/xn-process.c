/* xn-process.c: how the GUI process sets itself up before GTK starts
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The manager holds large models (a million violations, a policy of ten
 * thousand domains) and GTK renders every frame into fresh memory.  With
 * 4 KiB pages, everything that walks the process's page tables (faults,
 * and a host's memory monitor sampling which pages are used) costs in
 * proportion; measured under a paravirtual VM, a memory monitor stalled
 * scrolling frames by 40–90 ms.  Asking glibc's allocator for transparent
 * huge pages cuts those page tables 512-fold.  glibc reads that setting
 * only at start, from GLIBC_TUNABLES, so the program starts itself again
 * once with it set.
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "xn-process.h"

#define HUGE_PAGES "glibc.malloc.hugetlb=1"

/**
 * xn_process_use_huge_pages:
 * @argv: main()'s argument vector
 *
 * Starts the program again with glibc's malloc on transparent huge pages,
 * unless that is set already or XN_NO_HUGE_PAGES is set.  Returns only if
 * nothing was done or the new start failed (the program then runs as it
 * is).  Call it first in main(), before threads or GTK.
 */
void
xn_process_use_huge_pages (char **argv)
{
  g_autofree char *tunables = g_strdup (g_getenv ("GLIBC_TUNABLES"));
  g_autofree char *value = NULL;

  if (g_getenv ("XN_NO_HUGE_PAGES") != NULL || (tunables != NULL && strstr (tunables, "glibc.malloc.hugetlb") != NULL))
    return;
  value = tunables != NULL && *tunables ? g_strconcat (tunables, ":" HUGE_PAGES, NULL) : g_strdup (HUGE_PAGES);
  g_setenv ("GLIBC_TUNABLES", value, TRUE);
  execv ("/proc/self/exe", argv);
  /* Not started again: leave the environment as it was. */
  if (tunables != NULL)
    g_setenv ("GLIBC_TUNABLES", tunables, TRUE);
  else
    g_unsetenv ("GLIBC_TUNABLES");
}
