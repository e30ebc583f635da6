/* xn-extract.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * The document one host receives (`xenon-policy extract`): the enterprise
 * part and that host's configuration, nothing about the other hosts.
 */

#define G_LOG_DOMAIN "xn-extract"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xn-extract.h"
#include "xenon-model.h"

/**
 * xn_policy_extract_host:
 * @policy: the whole policy
 * @host_name: the name of one of its hosts
 * @error: return location for a #GError
 *
 * Builds the document that the host named @host_name receives: the same
 * policy UUID, name, serial and description, the whole enterprise part,
 * and that one `hostConfig`, every UUID unchanged.
 *
 * The enterprise part is kept whole rather than cut down to what the
 * host's domains reference: a host refuses an edition in which a tag it
 * knew disappears (anti-rollback: a live update may add tags but never
 * remove them), so trimming unreferenced tags would turn deleting the last
 * domain of a tag into a refused push. Conflicts between tags the host
 * does not use cost nothing to enforce, and keeping everything means every
 * host of an edition sees the same tag ids and conflict sets.
 *
 * Fails with %G_IO_ERROR_NOT_FOUND when @policy has no host of that name.
 *
 * Returns: (transfer full) (nullable): the per-host policy, or %NULL
 */
XnPolicy *
xn_policy_extract_host (XnPolicy    *policy,
                        const char  *host_name,
                        GError     **error)
{
  g_autoptr(XnPolicy) copy = NULL;
  XnObjectList *hosts;

  g_return_val_if_fail (XN_IS_POLICY (policy), NULL);
  g_return_val_if_fail (host_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (xn_policy_find_host_by_name (policy, host_name) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("Policy “%s” has no host named “%s”"),
                   xn_object_get_name (XN_OBJECT (policy)) ? xn_object_get_name (XN_OBJECT (policy)) : "",
                   host_name);
      return NULL;
    }

  copy = XN_POLICY (xn_object_copy (XN_OBJECT (policy), XN_COPY_DEFAULT));

  /* Backwards, so positions stay valid; the first host of that name is
   * the one xn_policy_find_host_by_name() gave. */
  hosts = xn_policy_get_hosts (copy);
  {
    XnObject *keep = XN_OBJECT (xn_policy_find_host_by_name (copy, host_name));

    for (guint i = xn_object_list_get_n_items (hosts); i > 0; i--)
      if (xn_object_list_get (hosts, i - 1) != (gpointer) keep)
        xn_object_list_remove (hosts, i - 1);
  }

  return g_steal_pointer (&copy);
}
