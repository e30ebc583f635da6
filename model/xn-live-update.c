/* xn-live-update.c: what a live policy update may change
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Seed 000: a live update may add tags and domains but never remove them,
 * since a running domain or a label in force would lose its meaning.  The
 * one place this rule lives; the daemon applies it to every push and the
 * linter may reuse it.
 */

#define G_LOG_DOMAIN "xn-live-update"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xn-live-update.h"
#include "xenon-model.h"

static void
collect_domains (XnPolicy   *policy,
                 GHashTable *out)
{
  XnObjectList *hosts = xn_policy_get_hosts (policy);

  for (guint h = 0; h < xn_object_list_get_n_items (hosts); h++)
    {
      XnHost *host = xn_object_list_get (hosts, h);
      XnObjectList *roots = xn_host_get_root_domains (host);
      XnObjectList *enclaves = xn_host_get_enclaves (host);

      for (guint i = 0; i < xn_object_list_get_n_items (roots); i++)
        {
          XnObject *d = xn_object_list_get (roots, i);
          g_hash_table_insert (out, (gpointer) xn_object_get_uuid (d), d);
        }
      for (guint e = 0; e < xn_object_list_get_n_items (enclaves); e++)
        {
          XnObjectList *doms = xn_enclave_get_domains (xn_object_list_get (enclaves, e));

          for (guint i = 0; i < xn_object_list_get_n_items (doms); i++)
            {
              XnObject *d = xn_object_list_get (doms, i);
              g_hash_table_insert (out, (gpointer) xn_object_get_uuid (d), d);
            }
        }
    }
}

/**
 * xn_policy_check_live_update:
 * @running: the policy in force
 * @next: the policy that would replace it
 * @error: set to a %G_IO_ERROR_PERMISSION_DENIED naming the first tag or
 *   domain @next removes
 *
 * Checks the live-update rule: every tag and every domain of @running
 * (by UUID) is still in @next.  Domain-0 is implicit and never counts.
 *
 * Returns: whether @next may replace @running
 */
gboolean
xn_policy_check_live_update (XnPolicy  *running,
                             XnPolicy  *next,
                             GError   **error)
{
  XnObjectList *old_tags = xn_policy_get_tags (running);
  g_autoptr(GHashTable) old_doms = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) new_doms = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (XN_IS_POLICY (running), FALSE);
  g_return_val_if_fail (XN_IS_POLICY (next), FALSE);

  for (guint i = 0; i < xn_object_list_get_n_items (old_tags); i++)
    {
      XnObject *tag = xn_object_list_get (old_tags, i);

      if (xn_policy_lookup (next, xn_object_get_uuid (tag)) == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                       _("A live update may not remove tag “%s” (%s)"),
                       xn_object_get_name (tag), xn_object_get_uuid (tag));
          return FALSE;
        }
    }

  collect_domains (running, old_doms);
  collect_domains (next, new_doms);
  g_hash_table_iter_init (&iter, old_doms);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (xn_domain_is_domain0 (value) || g_hash_table_contains (new_doms, key))
        continue;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("A live update may not remove domain “%s” (%s)"),
                   xn_object_get_name (value), (const char *) key);
      return FALSE;
    }
  return TRUE;
}
