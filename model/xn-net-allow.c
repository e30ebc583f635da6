/* xn-net-allow.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * XnNetAllow is one entry of a domain's network whitelist.
 */

#define G_LOG_DOMAIN "xn-net-allow"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "xn-net-allow.h"
#include "xn-model-private.h"

G_DEFINE_FINAL_TYPE (XnNetAllow, xn_net_allow, XN_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ADDRESS,
  PROP_PROTO,
  PROP_PORT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
xn_net_allow_finalize (GObject *object)
{
  XnNetAllow *self = XN_NET_ALLOW (object);

  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->proto, g_free);

  G_OBJECT_CLASS (xn_net_allow_parent_class)->finalize (object);
}

static void
xn_net_allow_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  XnNetAllow *self = XN_NET_ALLOW (object);

  switch (prop_id)
    {
    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;

    case PROP_PROTO:
      g_value_set_string (value, self->proto);
      break;

    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_net_allow_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  XnNetAllow *self = XN_NET_ALLOW (object);

  switch (prop_id)
    {
    case PROP_ADDRESS:
      xn_net_allow_set_address (self, g_value_get_string (value));
      break;

    case PROP_PROTO:
      xn_net_allow_set_proto (self, g_value_get_string (value));
      break;

    case PROP_PORT:
      xn_net_allow_set_port (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_net_allow_class_init (XnNetAllowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = xn_net_allow_finalize;
  object_class->get_property = xn_net_allow_get_property;
  object_class->set_property = xn_net_allow_set_property;

  /**
   * XnNetAllow:address:
   *
   * Address or network in CIDR form.
   */
  properties [PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnNetAllow:proto:
   *
   * Protocol: `tcp`, `udp`, `icmp` or `any`.
   */
  properties [PROP_PROTO] =
    g_param_spec_string ("proto", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnNetAllow:port:
   *
   * Port; 0 means any.
   */
  properties [PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, 65535, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xn_net_allow_init (XnNetAllow *self)
{
}

/**
 * xn_net_allow_new:
 *
 * Creates a NetAllow with a random UUID. To give it a known UUID, use
 * `g_object_new (XN_TYPE_NET_ALLOW, "uuid", uuid, NULL)`.
 *
 * Returns: (transfer full): a new #XnNetAllow
 */
XnNetAllow *
xn_net_allow_new (void)
{
  return g_object_new (XN_TYPE_NET_ALLOW, NULL);
}

/**
 * xn_net_allow_get_address:
 * @self: a #XnNetAllow
 *
 * Returns: (transfer none) (nullable): the #XnNetAllow:address property
 */
const char *
xn_net_allow_get_address (XnNetAllow *self)
{
  g_return_val_if_fail (XN_IS_NET_ALLOW (self), NULL);

  return self->address;
}

/**
 * xn_net_allow_set_address:
 * @self: a #XnNetAllow
 * @address (nullable): the new value
 *
 * Sets #XnNetAllow:address; notifies only when it changed.
 */
void
xn_net_allow_set_address (XnNetAllow *self,
                          const char *address)
{
  g_return_if_fail (XN_IS_NET_ALLOW (self));

  if (g_strcmp0 (self->address, address) == 0)
    return;

  g_free (self->address);
  self->address = g_strdup (address);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ADDRESS]);
}

/**
 * xn_net_allow_get_proto:
 * @self: a #XnNetAllow
 *
 * Returns: (transfer none) (nullable): the #XnNetAllow:proto property
 */
const char *
xn_net_allow_get_proto (XnNetAllow *self)
{
  g_return_val_if_fail (XN_IS_NET_ALLOW (self), NULL);

  return self->proto;
}

/**
 * xn_net_allow_set_proto:
 * @self: a #XnNetAllow
 * @proto (nullable): the new value
 *
 * Sets #XnNetAllow:proto; notifies only when it changed.
 */
void
xn_net_allow_set_proto (XnNetAllow *self,
                        const char *proto)
{
  g_return_if_fail (XN_IS_NET_ALLOW (self));

  if (g_strcmp0 (self->proto, proto) == 0)
    return;

  g_free (self->proto);
  self->proto = g_strdup (proto);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PROTO]);
}

/**
 * xn_net_allow_get_port:
 * @self: a #XnNetAllow
 *
 * Returns: the #XnNetAllow:port property
 */
guint
xn_net_allow_get_port (XnNetAllow *self)
{
  g_return_val_if_fail (XN_IS_NET_ALLOW (self), 0);

  return self->port;
}

/**
 * xn_net_allow_set_port:
 * @self: a #XnNetAllow
 * @port: the new value
 *
 * Sets #XnNetAllow:port; notifies only when it changed.
 */
void
xn_net_allow_set_port (XnNetAllow *self,
                       guint port)
{
  g_return_if_fail (XN_IS_NET_ALLOW (self));

  if (self->port == port)
    return;

  self->port = port;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PORT]);
}

/**
 * xn_net_address_is_valid:
 * @text: (nullable): an address as a whitelist entry holds it
 *
 * Whether @text is an IPv4 or IPv6 address with an optional /prefix
 * (at most 32 or 128), as the schema's NetAddress and the flows take it.
 *
 * Returns: %TRUE if valid; %FALSE for %NULL, empty or anything else
 */
gboolean
xn_net_address_is_valid (const char *text)
{
  g_autofree char *addr = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  const char *slash;
  guint64 prefix;

  if (text == NULL || *text == '\0')
    return FALSE;
  slash = strchr (text, '/');
  addr = slash ? g_strndup (text, (gsize) (slash - text)) : g_strdup (text);
  inet = g_inet_address_new_from_string (addr);
  if (inet == NULL)
    return FALSE;
  return slash == NULL
         || (slash[1] != '\0'
             && g_ascii_string_to_unsigned (slash + 1, 10, 0,
                                            g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6 ? 128 : 32,
                                            &prefix, NULL));
}
