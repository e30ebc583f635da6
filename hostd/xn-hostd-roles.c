/* xn-hostd-roles.c: who may do what
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A caller's roles come from its uid alone: root holds all, anyone else
 * those of the Unix groups xenon-monitor, xenon-sysadmin and
 * xenon-secadmin it belongs to.  The test override map is read only when
 * the daemon is started with --test-roles.
 */

#define G_LOG_DOMAIN "xn-hostd"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <grp.h>
#include <pwd.h>

#include "xn-hostd.h"

static const struct
{
  const char *group;
  const char *name;
  guint       role;
} role_table[] = {
  { "xenon-monitor", "monitor", XN_ROLE_MONITOR },
  { "xenon-sysadmin", "sysadmin", XN_ROLE_SYSADMIN },
  { "xenon-secadmin", "secadmin", XN_ROLE_SECADMIN },
};

guint
xn_hostd_roles_for_uid (uid_t       uid,
                        GHashTable *overrides)
{
  struct passwd pw, *pwp = NULL;
  char buf[4096];
  gid_t groups[256];
  int n = G_N_ELEMENTS (groups);
  guint roles = 0;

  if (overrides != NULL)
    {
      gpointer v;

      if (g_hash_table_lookup_extended (overrides, GUINT_TO_POINTER (uid), NULL, &v))
        return GPOINTER_TO_UINT (v);
    }
  if (uid == 0)
    return XN_ROLE_ALL;
  if (getpwuid_r (uid, &pw, buf, sizeof buf, &pwp) != 0 || pwp == NULL)
    return 0;
  if (getgrouplist (pw.pw_name, pw.pw_gid, groups, &n) < 0)
    n = G_N_ELEMENTS (groups);   /* the first ones are filled in */
  for (int i = 0; i < n; i++)
    {
      struct group gr, *grp = NULL;
      char gbuf[4096];

      if (getgrgid_r (groups[i], &gr, gbuf, sizeof gbuf, &grp) != 0 || grp == NULL)
        continue;
      for (guint r = 0; r < G_N_ELEMENTS (role_table); r++)
        if (g_str_equal (grp->gr_name, role_table[r].group))
          roles |= role_table[r].role;
    }
  return roles;
}

char *
xn_hostd_roles_to_string (guint roles)
{
  GString *s = g_string_new (NULL);

  for (guint r = 0; r < G_N_ELEMENTS (role_table); r++)
    if (roles & role_table[r].role)
      g_string_append_printf (s, "%s%s", s->len ? "," : "", role_table[r].name);
  return g_string_free (s, FALSE);
}

/* "xenon-monitor, xenon-secadmin": the groups that grant @roles. */
char *
xn_hostd_roles_to_groups (guint roles)
{
  GString *s = g_string_new (NULL);

  for (guint r = 0; r < G_N_ELEMENTS (role_table); r++)
    if (roles & role_table[r].role)
      g_string_append_printf (s, "%s%s", s->len ? ", " : "", role_table[r].group);
  return g_string_free (s, FALSE);
}

/* [roles] UID=monitor;sysadmin */
GHashTable *
xn_hostd_load_test_roles (const char  *path,
                          GError     **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GHashTable) map = g_hash_table_new (NULL, NULL);
  g_auto(GStrv) keys = NULL;

  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, error))
    return NULL;
  keys = g_key_file_get_keys (kf, "roles", NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      g_auto(GStrv) names = g_key_file_get_string_list (kf, "roles", keys[i], NULL, NULL);
      guint64 uid;
      guint roles = 0;

      if (!g_ascii_string_to_unsigned (keys[i], 10, 0, G_MAXUINT32, &uid, NULL))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s: “%s” is not a uid"), path, keys[i]);
          return NULL;
        }
      for (guint j = 0; names != NULL && names[j] != NULL; j++)
        {
          guint r;

          for (r = 0; r < G_N_ELEMENTS (role_table); r++)
            if (g_str_equal (names[j], role_table[r].name))
              break;
          if (r == G_N_ELEMENTS (role_table))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("%s: unknown role “%s”"), path, names[j]);
              return NULL;
            }
          roles |= role_table[r].role;
        }
      g_hash_table_insert (map, GUINT_TO_POINTER ((guint) uid), GUINT_TO_POINTER (roles));
    }
  return g_steal_pointer (&map);
}
