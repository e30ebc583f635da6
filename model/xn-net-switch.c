/* xn-net-switch.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * XnNetSwitch is a virtual switch (an Open vSwitch bridge) driven by a
 * domain. Its VIFs are derived: the VIFs of the host's domains that name it.
 */

#define G_LOG_DOMAIN "xn-net-switch"

#include "config.h"

#include <string.h>

#include "xn-net-switch.h"
#include "xn-model-private.h"

G_DEFINE_FINAL_TYPE (XnNetSwitch, xn_net_switch, XN_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DRIVER_DOMAIN_UUID,
  PROP_ADDRESS,
  PROP_NETMASK,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
xn_net_switch_finalize (GObject *object)
{
  XnNetSwitch *self = XN_NET_SWITCH (object);

  g_clear_pointer (&self->driver_domain_uuid, g_free);
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->netmask, g_free);

  G_OBJECT_CLASS (xn_net_switch_parent_class)->finalize (object);
}

static void
xn_net_switch_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  XnNetSwitch *self = XN_NET_SWITCH (object);

  switch (prop_id)
    {
    case PROP_DRIVER_DOMAIN_UUID:
      g_value_set_string (value, self->driver_domain_uuid);
      break;

    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;

    case PROP_NETMASK:
      g_value_set_string (value, self->netmask);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_net_switch_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  XnNetSwitch *self = XN_NET_SWITCH (object);

  switch (prop_id)
    {
    case PROP_DRIVER_DOMAIN_UUID:
      xn_net_switch_set_driver_domain_uuid (self, g_value_get_string (value));
      break;

    case PROP_ADDRESS:
      xn_net_switch_set_address (self, g_value_get_string (value));
      break;

    case PROP_NETMASK:
      xn_net_switch_set_netmask (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_net_switch_class_init (XnNetSwitchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = xn_net_switch_finalize;
  object_class->get_property = xn_net_switch_get_property;
  object_class->set_property = xn_net_switch_set_property;

  /**
   * XnNetSwitch:driver-domain-uuid:
   *
   * UUID of the #XnDomain driving the switch.
   */
  properties [PROP_DRIVER_DOMAIN_UUID] =
    g_param_spec_string ("driver-domain-uuid", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnNetSwitch:address:
   *
   * The switch's IPv4 address.
   */
  properties [PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnNetSwitch:netmask:
   *
   * The switch's IPv4 netmask.
   */
  properties [PROP_NETMASK] =
    g_param_spec_string ("netmask", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xn_net_switch_init (XnNetSwitch *self)
{
}

/**
 * xn_net_switch_new:
 *
 * Creates a NetSwitch with a random UUID. To give it a known UUID, use
 * `g_object_new (XN_TYPE_NET_SWITCH, "uuid", uuid, NULL)`.
 *
 * Returns: (transfer full): a new #XnNetSwitch
 */
XnNetSwitch *
xn_net_switch_new (void)
{
  return g_object_new (XN_TYPE_NET_SWITCH, NULL);
}

/**
 * xn_net_switch_get_driver_domain_uuid:
 * @self: a #XnNetSwitch
 *
 * Returns: (transfer none) (nullable): the #XnNetSwitch:driver-domain-uuid property
 */
const char *
xn_net_switch_get_driver_domain_uuid (XnNetSwitch *self)
{
  g_return_val_if_fail (XN_IS_NET_SWITCH (self), NULL);

  return self->driver_domain_uuid;
}

/**
 * xn_net_switch_set_driver_domain_uuid:
 * @self: a #XnNetSwitch
 * @driver_domain_uuid (nullable): the new value
 *
 * Sets #XnNetSwitch:driver-domain-uuid; notifies only when it changed.
 */
void
xn_net_switch_set_driver_domain_uuid (XnNetSwitch *self,
                                      const char *driver_domain_uuid)
{
  g_return_if_fail (XN_IS_NET_SWITCH (self));

  if (g_strcmp0 (self->driver_domain_uuid, driver_domain_uuid) == 0)
    return;

  g_free (self->driver_domain_uuid);
  self->driver_domain_uuid = g_strdup (driver_domain_uuid);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DRIVER_DOMAIN_UUID]);
}

/**
 * xn_net_switch_get_address:
 * @self: a #XnNetSwitch
 *
 * Returns: (transfer none) (nullable): the #XnNetSwitch:address property
 */
const char *
xn_net_switch_get_address (XnNetSwitch *self)
{
  g_return_val_if_fail (XN_IS_NET_SWITCH (self), NULL);

  return self->address;
}

/**
 * xn_net_switch_set_address:
 * @self: a #XnNetSwitch
 * @address (nullable): the new value
 *
 * Sets #XnNetSwitch:address; notifies only when it changed.
 */
void
xn_net_switch_set_address (XnNetSwitch *self,
                           const char *address)
{
  g_return_if_fail (XN_IS_NET_SWITCH (self));

  if (g_strcmp0 (self->address, address) == 0)
    return;

  g_free (self->address);
  self->address = g_strdup (address);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ADDRESS]);
}

/**
 * xn_net_switch_get_netmask:
 * @self: a #XnNetSwitch
 *
 * Returns: (transfer none) (nullable): the #XnNetSwitch:netmask property
 */
const char *
xn_net_switch_get_netmask (XnNetSwitch *self)
{
  g_return_val_if_fail (XN_IS_NET_SWITCH (self), NULL);

  return self->netmask;
}

/**
 * xn_net_switch_set_netmask:
 * @self: a #XnNetSwitch
 * @netmask (nullable): the new value
 *
 * Sets #XnNetSwitch:netmask; notifies only when it changed.
 */
void
xn_net_switch_set_netmask (XnNetSwitch *self,
                           const char *netmask)
{
  g_return_if_fail (XN_IS_NET_SWITCH (self));

  if (g_strcmp0 (self->netmask, netmask) == 0)
    return;

  g_free (self->netmask);
  self->netmask = g_strdup (netmask);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_NETMASK]);
}

/**
 * xn_net_switch_get_driver_domain:
 * @self: a #XnNetSwitch
 *
 * Resolves #XnNetSwitch:driver-domain-uuid through the index of the policy @self is in.
 *
 * Returns: (transfer none) (nullable): the #XnDomain, or %NULL when the
 *   reference is unset or dangling or @self is in no policy
 */
XnDomain *
xn_net_switch_get_driver_domain (XnNetSwitch *self)
{
  g_return_val_if_fail (XN_IS_NET_SWITCH (self), NULL);

  return _xn_object_resolve (XN_OBJECT (self), self->driver_domain_uuid, XN_TYPE_DOMAIN);
}

/**
 * xn_net_switch_dup_vifs:
 * @self: a #XnNetSwitch
 *
 * Collects the VIFs of the host's domains that name @self, in document
 * order. A snapshot: it does not follow later edits.
 *
 * Returns: (transfer full): a #GListModel of #XnVif
 */
GListModel *
xn_net_switch_dup_vifs (XnNetSwitch *self)
{
  GListStore *store;
  XnObject *host;
  const char *uuid;

  g_return_val_if_fail (XN_IS_NET_SWITCH (self), NULL);

  store = g_list_store_new (XN_TYPE_VIF);
  host = xn_object_get_parent (XN_OBJECT (self));
  if (!XN_IS_HOST (host))
    return G_LIST_MODEL (store);

  uuid = xn_object_get_uuid (XN_OBJECT (self));

  {
    g_autoptr(GPtrArray) domains = xn_host_dup_domains (XN_HOST (host));
    g_autoptr(GPtrArray) found = g_ptr_array_new ();

    for (guint i = 0; i < domains->len; i++)
      {
        XnObjectList *vifs = xn_domain_get_vifs (g_ptr_array_index (domains, i));
        guint n = xn_object_list_get_n_items (vifs);

        for (guint j = 0; j < n; j++)
          {
            XnVif *vif = xn_object_list_get (vifs, j);

            if (g_strcmp0 (xn_vif_get_net_switch_uuid (vif), uuid) == 0)
              g_ptr_array_add (found, vif);
          }
      }

    /* One splice, so a view bound to it sees one items-changed. */
    g_list_store_splice (store, 0, 0, found->pdata, found->len);
  }

  return G_LIST_MODEL (store);
}

/**
 * xn_net_switch_name_is_valid:
 * @name: (nullable): a switch's name
 *
 * A switch becomes an Open vSwitch bridge and so a Linux interface: 1 to
 * 15 letters, digits, "-", "_" or ".".
 *
 * Returns: whether @name can be a bridge's name
 */
gboolean
xn_net_switch_name_is_valid (const char *name)
{
  gsize len;

  if (name == NULL)
    return FALSE;
  len = strlen (name);
  if (len == 0 || len > 15)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}
