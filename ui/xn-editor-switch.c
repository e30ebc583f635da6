/* xn-editor-switch.c: the editor's switch and VIF form
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "xn-editor"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xn-editor-private.h"
#include "xn-ui-util.h"

/* The switch and its VIFs (the seed's "Edit EBbr2") */

void
xn_editor_build_switch (XnEditor    *self,
                        XnNetSwitch *sw)
{
  XnHost *host = XN_HOST (xn_object_get_parent (XN_OBJECT (sw)));
  g_autoptr(GListModel) vifs = xn_net_switch_dup_vifs (sw);
  g_autoptr(GListStore) domains = g_list_store_new (XN_TYPE_DOMAIN);
  g_autoptr(GPtrArray) all = NULL;
  guint n;

  if (host != NULL && XN_IS_HOST (host))
    {
      all = xn_host_dup_domains (host);
      for (guint i = 0; i < all->len; i++)
        g_list_store_append (domains, g_ptr_array_index (all, i));
    }
  xn_editor_add_entry (self, _("_Name"), sw, "name", xn_validate_name);
  xn_editor_add_ref (self, _("_Driver domain"), sw, "driver-domain-uuid", G_LIST_MODEL (domains));
  xn_editor_add_entry (self, _("Switch _address"), sw, "address", xn_validate_ipv4);
  xn_editor_add_entry (self, _("Net_mask"), sw, "netmask", xn_validate_netmask);

  n = g_list_model_get_n_items (vifs);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XnVif) vif = g_list_model_get_item (vifs, i);
      XnDomain *domain = xn_vif_get_domain (vif);
      g_autofree char *heading = g_strdup_printf (_("VIF %u — domain %s"), i + 1,
                                                  domain ? xn_object_get_name (XN_OBJECT (domain)) : "?");

      xn_editor_add_heading (self, heading);
      xn_editor_add_check (self, _("_Enable VIF"), vif, "enabled");
      xn_editor_add_entry (self, _("_MAC address"), vif, "mac", xn_validate_mac);
      xn_editor_add_entry (self, _("_IP address"), vif, "ip", xn_validate_ipv4);
    }
}

