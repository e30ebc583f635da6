/* xn-vif.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * XnVif is a domain's virtual network interface on a switch.
 */

#define G_LOG_DOMAIN "xn-vif"

#include "config.h"

#include "xn-vif.h"
#include "xn-model-private.h"

G_DEFINE_FINAL_TYPE (XnVif, xn_vif, XN_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NET_SWITCH_UUID,
  PROP_MAC,
  PROP_IP,
  PROP_ENABLED,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
xn_vif_finalize (GObject *object)
{
  XnVif *self = XN_VIF (object);

  g_clear_pointer (&self->net_switch_uuid, g_free);
  g_clear_pointer (&self->mac, g_free);
  g_clear_pointer (&self->ip, g_free);

  G_OBJECT_CLASS (xn_vif_parent_class)->finalize (object);
}

static void
xn_vif_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  XnVif *self = XN_VIF (object);

  switch (prop_id)
    {
    case PROP_NET_SWITCH_UUID:
      g_value_set_string (value, self->net_switch_uuid);
      break;

    case PROP_MAC:
      g_value_set_string (value, self->mac);
      break;

    case PROP_IP:
      g_value_set_string (value, self->ip);
      break;

    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_vif_set_property (GObject      *object,
                     guint         prop_id,
                     const GValue *value,
                     GParamSpec   *pspec)
{
  XnVif *self = XN_VIF (object);

  switch (prop_id)
    {
    case PROP_NET_SWITCH_UUID:
      xn_vif_set_net_switch_uuid (self, g_value_get_string (value));
      break;

    case PROP_MAC:
      xn_vif_set_mac (self, g_value_get_string (value));
      break;

    case PROP_IP:
      xn_vif_set_ip (self, g_value_get_string (value));
      break;

    case PROP_ENABLED:
      xn_vif_set_enabled (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_vif_class_init (XnVifClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = xn_vif_finalize;
  object_class->get_property = xn_vif_get_property;
  object_class->set_property = xn_vif_set_property;

  /**
   * XnVif:net-switch-uuid:
   *
   * UUID of the #XnNetSwitch.
   */
  properties [PROP_NET_SWITCH_UUID] =
    g_param_spec_string ("net-switch-uuid", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnVif:mac:
   *
   * MAC address.
   */
  properties [PROP_MAC] =
    g_param_spec_string ("mac", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnVif:ip:
   *
   * IPv4 address, or %NULL.
   */
  properties [PROP_IP] =
    g_param_spec_string ("ip", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnVif:enabled:
   *
   * Whether the interface is connected.
   */
  properties [PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xn_vif_init (XnVif *self)
{
  self->enabled = TRUE;
}

/**
 * xn_vif_new:
 *
 * Creates a Vif with a random UUID. To give it a known UUID, use
 * `g_object_new (XN_TYPE_VIF, "uuid", uuid, NULL)`.
 *
 * Returns: (transfer full): a new #XnVif
 */
XnVif *
xn_vif_new (void)
{
  return g_object_new (XN_TYPE_VIF, NULL);
}

/**
 * xn_vif_get_net_switch_uuid:
 * @self: a #XnVif
 *
 * Returns: (transfer none) (nullable): the #XnVif:net-switch-uuid property
 */
const char *
xn_vif_get_net_switch_uuid (XnVif *self)
{
  g_return_val_if_fail (XN_IS_VIF (self), NULL);

  return self->net_switch_uuid;
}

/**
 * xn_vif_set_net_switch_uuid:
 * @self: a #XnVif
 * @net_switch_uuid (nullable): the new value
 *
 * Sets #XnVif:net-switch-uuid; notifies only when it changed.
 */
void
xn_vif_set_net_switch_uuid (XnVif *self,
                            const char *net_switch_uuid)
{
  g_return_if_fail (XN_IS_VIF (self));

  if (g_strcmp0 (self->net_switch_uuid, net_switch_uuid) == 0)
    return;

  g_free (self->net_switch_uuid);
  self->net_switch_uuid = g_strdup (net_switch_uuid);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_NET_SWITCH_UUID]);
}

/**
 * xn_vif_get_mac:
 * @self: a #XnVif
 *
 * Returns: (transfer none) (nullable): the #XnVif:mac property
 */
const char *
xn_vif_get_mac (XnVif *self)
{
  g_return_val_if_fail (XN_IS_VIF (self), NULL);

  return self->mac;
}

/**
 * xn_vif_set_mac:
 * @self: a #XnVif
 * @mac (nullable): the new value
 *
 * Sets #XnVif:mac; notifies only when it changed.
 */
void
xn_vif_set_mac (XnVif *self,
                const char *mac)
{
  g_return_if_fail (XN_IS_VIF (self));

  if (g_strcmp0 (self->mac, mac) == 0)
    return;

  g_free (self->mac);
  self->mac = g_strdup (mac);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MAC]);
}

/**
 * xn_vif_get_ip:
 * @self: a #XnVif
 *
 * Returns: (transfer none) (nullable): the #XnVif:ip property
 */
const char *
xn_vif_get_ip (XnVif *self)
{
  g_return_val_if_fail (XN_IS_VIF (self), NULL);

  return self->ip;
}

/**
 * xn_vif_set_ip:
 * @self: a #XnVif
 * @ip (nullable): the new value
 *
 * Sets #XnVif:ip; notifies only when it changed.
 */
void
xn_vif_set_ip (XnVif *self,
               const char *ip)
{
  g_return_if_fail (XN_IS_VIF (self));

  if (g_strcmp0 (self->ip, ip) == 0)
    return;

  g_free (self->ip);
  self->ip = g_strdup (ip);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_IP]);
}

/**
 * xn_vif_get_enabled:
 * @self: a #XnVif
 *
 * Returns: the #XnVif:enabled property
 */
gboolean
xn_vif_get_enabled (XnVif *self)
{
  g_return_val_if_fail (XN_IS_VIF (self), 0);

  return self->enabled;
}

/**
 * xn_vif_set_enabled:
 * @self: a #XnVif
 * @enabled: the new value
 *
 * Sets #XnVif:enabled; notifies only when it changed.
 */
void
xn_vif_set_enabled (XnVif *self,
                    gboolean enabled)
{
  g_return_if_fail (XN_IS_VIF (self));

  enabled = !!enabled;
  if (self->enabled == enabled)
    return;

  self->enabled = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ENABLED]);
}

/**
 * xn_vif_get_net_switch:
 * @self: a #XnVif
 *
 * Resolves #XnVif:net-switch-uuid through the index of the policy @self is in.
 *
 * Returns: (transfer none) (nullable): the #XnNetSwitch, or %NULL when the
 *   reference is unset or dangling or @self is in no policy
 */
XnNetSwitch *
xn_vif_get_net_switch (XnVif *self)
{
  g_return_val_if_fail (XN_IS_VIF (self), NULL);

  return _xn_object_resolve (XN_OBJECT (self), self->net_switch_uuid, XN_TYPE_NET_SWITCH);
}

/**
 * xn_vif_get_domain:
 * @self: a #XnVif
 *
 * Returns: (transfer none) (nullable): the domain owning @self
 */
XnDomain *
xn_vif_get_domain (XnVif *self)
{
  XnObject *parent;

  g_return_val_if_fail (XN_IS_VIF (self), NULL);

  parent = xn_object_get_parent (XN_OBJECT (self));

  return XN_IS_DOMAIN (parent) ? XN_DOMAIN (parent) : NULL;
}
