/* xn-test-unix.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Real Unix users and groups for the role tests (root only).  A test
 * creates only users named xntest-<random> and the xenon-* role groups
 * that are absent, and removes exactly what it created.  Call these from
 * the runner's own process (unchecked fixtures, main) so that removal
 * happens even when a forked test fails. */

#pragma once

#include <glib.h>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

typedef struct
{
  char  *name;      /* xntest-XXXXXXXX */
  uid_t  uid;
  gid_t  gid;
} XnTestUser;

/* Groups this process created, to remove at the end. */
static GPtrArray *xn_test_created_groups;

static inline gboolean
xn_test_run (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("%s failed: %s %s\n", argv[0], error->message, err ? err : "");
      return FALSE;
    }
  return TRUE;
}

/* Creates @group unless it exists; remembers that it did. */
static inline gboolean
xn_test_group_ensure (const char *group)
{
  const char *argv[] = { "groupadd", group, NULL };

  if (getgrnam (group) != NULL)
    return TRUE;
  if (!xn_test_run (argv))
    return FALSE;
  if (xn_test_created_groups == NULL)
    xn_test_created_groups = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (xn_test_created_groups, g_strdup (group));
  return TRUE;
}

/* Removes the groups xn_test_group_ensure() created, and only those. */
static inline void
xn_test_groups_remove (void)
{
  for (guint i = 0; xn_test_created_groups != NULL && i < xn_test_created_groups->len; i++)
    {
      const char *argv[] = { "groupdel", g_ptr_array_index (xn_test_created_groups, i), NULL };

      xn_test_run (argv);
    }
  g_clear_pointer (&xn_test_created_groups, g_ptr_array_unref);
}

/* A new user without a home, with a usable but passwordless account ('*'
 * is not "locked", so sshd without PAM accepts its keys), member of
 * @group (NULL: of no extra group).  Returns NULL on failure. */
static inline XnTestUser *
xn_test_user_add (const char *group)
{
  XnTestUser *u = g_new0 (XnTestUser, 1);
  const char *argv[] = { "useradd", "-M", "-N", "-s", "/bin/sh", "-p", "*",
                         group ? "-G" : NULL, group, NULL, NULL };
  struct passwd *pw;

  u->name = g_strdup_printf ("xntest-%08x", g_random_int ());
  if (group != NULL)
    argv[9] = u->name;
  else
    argv[7] = u->name;
  if (!xn_test_run (argv) || (pw = getpwnam (u->name)) == NULL)
    {
      g_free (u->name);
      g_free (u);
      return NULL;
    }
  u->uid = pw->pw_uid;
  u->gid = pw->pw_gid;
  return u;
}

static inline void
xn_test_user_remove (XnTestUser *u)
{
  const char *argv[] = { "userdel", u->name, NULL };

  xn_test_run (argv);
  g_free (u->name);
  g_free (u);
}
