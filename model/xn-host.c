/* xn-host.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * XnHost is one Xen host's part of the policy: its hardware, Domain-0 and
 * other root domains, enclaves, switches and storage. Domain-0 is always
 * the first root domain: xn_host_new() creates it and the loader adds it.
 */

#define G_LOG_DOMAIN "xn-host"

#include "config.h"

#include "xn-host.h"
#include "xn-model-private.h"

G_DEFINE_FINAL_TYPE (XnHost, xn_host, XN_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ADDRESS,
  PROP_SSH_PORT,
  PROP_HOST_KEY,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
xn_host_foreach_list (XnObject         *object,
                      XnObjectListFunc  func,
                      gpointer          user_data)
{
  XnHost *self = XN_HOST (object);

  func (self->hardware, user_data);
  func (self->root_domains, user_data);
  func (self->enclaves, user_data);
  func (self->net_switches, user_data);
  func (self->storage_locations, user_data);
}

static void
xn_host_dispose (GObject *object)
{
  XnHost *self = XN_HOST (object);

  g_clear_object (&self->hardware);
  g_clear_object (&self->root_domains);
  g_clear_object (&self->enclaves);
  g_clear_object (&self->net_switches);
  g_clear_object (&self->storage_locations);

  G_OBJECT_CLASS (xn_host_parent_class)->dispose (object);
}

static void
xn_host_finalize (GObject *object)
{
  XnHost *self = XN_HOST (object);

  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->host_key, g_free);

  G_OBJECT_CLASS (xn_host_parent_class)->finalize (object);
}

static void
xn_host_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  XnHost *self = XN_HOST (object);

  switch (prop_id)
    {
    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;

    case PROP_SSH_PORT:
      g_value_set_uint (value, self->ssh_port);
      break;

    case PROP_HOST_KEY:
      g_value_set_string (value, self->host_key);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_host_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  XnHost *self = XN_HOST (object);

  switch (prop_id)
    {
    case PROP_ADDRESS:
      xn_host_set_address (self, g_value_get_string (value));
      break;

    case PROP_SSH_PORT:
      xn_host_set_ssh_port (self, g_value_get_uint (value));
      break;

    case PROP_HOST_KEY:
      xn_host_set_host_key (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_host_class_init (XnHostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  XnObjectClass *xn_object_class = XN_OBJECT_CLASS (klass);

  object_class->dispose = xn_host_dispose;
  object_class->finalize = xn_host_finalize;
  object_class->get_property = xn_host_get_property;
  object_class->set_property = xn_host_set_property;

  xn_object_class->foreach_list = xn_host_foreach_list;

  /**
   * XnHost:address:
   *
   * Network address the app connects to.
   */
  properties [PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnHost:ssh-port:
   *
   * SSH port of the host.
   */
  properties [PROP_SSH_PORT] =
    g_param_spec_uint ("ssh-port", NULL, NULL, 1, 65535, 22,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnHost:host-key:
   *
   * SSH host key fingerprint, e.g. `SHA256:…`.
   */
  properties [PROP_HOST_KEY] =
    g_param_spec_string ("host-key", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xn_host_init (XnHost *self)
{
  self->ssh_port = 22;
  self->hardware = xn_object_list_new (XN_TYPE_DEVICE, XN_OBJECT (self));
  self->root_domains = xn_object_list_new (XN_TYPE_DOMAIN, XN_OBJECT (self));
  self->enclaves = xn_object_list_new (XN_TYPE_ENCLAVE, XN_OBJECT (self));
  self->net_switches = xn_object_list_new (XN_TYPE_NET_SWITCH, XN_OBJECT (self));
  self->storage_locations = xn_object_list_new (XN_TYPE_STORAGE_LOCATION, XN_OBJECT (self));
}

/**
 * xn_host_get_address:
 * @self: a #XnHost
 *
 * Returns: (transfer none) (nullable): the #XnHost:address property
 */
const char *
xn_host_get_address (XnHost *self)
{
  g_return_val_if_fail (XN_IS_HOST (self), NULL);

  return self->address;
}

/**
 * xn_host_set_address:
 * @self: a #XnHost
 * @address (nullable): the new value
 *
 * Sets #XnHost:address; notifies only when it changed.
 */
void
xn_host_set_address (XnHost *self,
                     const char *address)
{
  g_return_if_fail (XN_IS_HOST (self));

  if (g_strcmp0 (self->address, address) == 0)
    return;

  g_free (self->address);
  self->address = g_strdup (address);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ADDRESS]);
}

/**
 * xn_host_get_ssh_port:
 * @self: a #XnHost
 *
 * Returns: the #XnHost:ssh-port property
 */
guint
xn_host_get_ssh_port (XnHost *self)
{
  g_return_val_if_fail (XN_IS_HOST (self), 0);

  return self->ssh_port;
}

/**
 * xn_host_set_ssh_port:
 * @self: a #XnHost
 * @ssh_port: the new value
 *
 * Sets #XnHost:ssh-port; notifies only when it changed.
 */
void
xn_host_set_ssh_port (XnHost *self,
                      guint ssh_port)
{
  g_return_if_fail (XN_IS_HOST (self));

  if (self->ssh_port == ssh_port)
    return;

  self->ssh_port = ssh_port;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SSH_PORT]);
}

/**
 * xn_host_get_host_key:
 * @self: a #XnHost
 *
 * Returns: (transfer none) (nullable): the #XnHost:host-key property
 */
const char *
xn_host_get_host_key (XnHost *self)
{
  g_return_val_if_fail (XN_IS_HOST (self), NULL);

  return self->host_key;
}

/**
 * xn_host_set_host_key:
 * @self: a #XnHost
 * @host_key (nullable): the new value
 *
 * Sets #XnHost:host-key; notifies only when it changed.
 */
void
xn_host_set_host_key (XnHost *self,
                      const char *host_key)
{
  g_return_if_fail (XN_IS_HOST (self));

  if (g_strcmp0 (self->host_key, host_key) == 0)
    return;

  g_free (self->host_key);
  self->host_key = g_strdup (host_key);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_HOST_KEY]);
}

/**
 * xn_host_get_hardware:
 * @self: a #XnHost
 *
 * The PCI hardware inventory.
 *
 * Returns: (transfer none): the list of #XnDevice
 */
XnObjectList *
xn_host_get_hardware (XnHost *self)
{
  g_return_val_if_fail (XN_IS_HOST (self), NULL);

  return self->hardware;
}

/**
 * xn_host_get_root_domains:
 * @self: a #XnHost
 *
 * Root domains; Domain-0 first.
 *
 * Returns: (transfer none): the list of #XnDomain
 */
XnObjectList *
xn_host_get_root_domains (XnHost *self)
{
  g_return_val_if_fail (XN_IS_HOST (self), NULL);

  return self->root_domains;
}

/**
 * xn_host_get_enclaves:
 * @self: a #XnHost
 *
 * Enclaves.
 *
 * Returns: (transfer none): the list of #XnEnclave
 */
XnObjectList *
xn_host_get_enclaves (XnHost *self)
{
  g_return_val_if_fail (XN_IS_HOST (self), NULL);

  return self->enclaves;
}

/**
 * xn_host_get_net_switches:
 * @self: a #XnHost
 *
 * Virtual switches.
 *
 * Returns: (transfer none): the list of #XnNetSwitch
 */
XnObjectList *
xn_host_get_net_switches (XnHost *self)
{
  g_return_val_if_fail (XN_IS_HOST (self), NULL);

  return self->net_switches;
}

/**
 * xn_host_get_storage_locations:
 * @self: a #XnHost
 *
 * Storage locations.
 *
 * Returns: (transfer none): the list of #XnStorageLocation
 */
XnObjectList *
xn_host_get_storage_locations (XnHost *self)
{
  g_return_val_if_fail (XN_IS_HOST (self), NULL);

  return self->storage_locations;
}

/**
 * xn_host_new:
 *
 * Creates a host with a random UUID and its Domain-0.
 *
 * Returns: (transfer full): a new #XnHost
 */
XnHost *
xn_host_new (void)
{
  XnHost *self = g_object_new (XN_TYPE_HOST, NULL);

  xn_host_ensure_domain0 (self);

  return self;
}

/**
 * xn_host_get_domain0:
 * @self: a #XnHost
 *
 * Returns: (transfer none) (nullable): the root domain named `Domain-0`
 */
XnDomain *
xn_host_get_domain0 (XnHost *self)
{
  g_return_val_if_fail (XN_IS_HOST (self), NULL);

  return XN_DOMAIN (xn_object_list_lookup_name (self->root_domains, XN_DOMAIN0_NAME));
}

/**
 * xn_host_ensure_domain0:
 * @self: a #XnHost
 *
 * Makes sure the host has its Domain-0, first among the root domains. A
 * missing one gets a UUID derived from the host's (version 5), so loading
 * the same document always yields the same objects.
 *
 * Returns: (transfer none): the host's Domain-0
 */
XnDomain *
xn_host_ensure_domain0 (XnHost *self)
{
  XnDomain *dom0;
  guint pos;

  g_return_val_if_fail (XN_IS_HOST (self), NULL);

  dom0 = xn_host_get_domain0 (self);
  if (dom0 != NULL)
    {
      if (xn_object_list_find (self->root_domains, XN_OBJECT (dom0), &pos) && pos != 0)
        {
          g_autoptr(XnObject) moved = xn_object_list_steal (self->root_domains, pos);

          xn_object_list_insert (self->root_domains, 0, moved);
        }
      return dom0;
    }
  else
    {
      g_autofree char *uuid = _xn_uuid_v5 (xn_object_get_uuid (XN_OBJECT (self)), XN_DOMAIN0_NAME);
      g_autoptr(XnDomain) fresh = XN_DOMAIN (_xn_object_new_with_uuid (XN_TYPE_DOMAIN, uuid));

      xn_object_set_name (XN_OBJECT (fresh), XN_DOMAIN0_NAME);
      xn_domain_set_kind (fresh, XN_DOMAIN_KIND_ROOT);
      xn_domain_set_guest_type (fresh, XN_GUEST_TYPE_PV);
      xn_object_list_insert (self->root_domains, 0, XN_OBJECT (fresh));
      return fresh;
    }
}

/**
 * xn_host_dup_domains:
 * @self: a #XnHost
 *
 * Every domain of the host: root domains first, then each enclave's, in
 * document order.
 *
 * Returns: (transfer container) (element-type XnDomain): the domains
 */
GPtrArray *
xn_host_dup_domains (XnHost *self)
{
  GPtrArray *ret;
  guint n;

  g_return_val_if_fail (XN_IS_HOST (self), NULL);

  ret = g_ptr_array_new ();
  n = xn_object_list_get_n_items (self->root_domains);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (ret, xn_object_list_get (self->root_domains, i));

  n = xn_object_list_get_n_items (self->enclaves);
  for (guint i = 0; i < n; i++)
    {
      XnEnclave *enclave = xn_object_list_get (self->enclaves, i);
      XnObjectList *domains = xn_enclave_get_domains (enclave);
      guint m = xn_object_list_get_n_items (domains);

      for (guint j = 0; j < m; j++)
        g_ptr_array_add (ret, xn_object_list_get (domains, j));
    }

  return ret;
}

/**
 * xn_host_find_domain_by_name:
 * @self: a #XnHost
 * @name: a domain name
 *
 * Looks among root domains and every enclave's domains.
 *
 * Returns: (transfer none) (nullable): the first domain named @name
 */
XnDomain *
xn_host_find_domain_by_name (XnHost     *self,
                             const char *name)
{
  XnObject *found;
  guint n;

  g_return_val_if_fail (XN_IS_HOST (self), NULL);

  if ((found = xn_object_list_lookup_name (self->root_domains, name)) != NULL)
    return XN_DOMAIN (found);

  n = xn_object_list_get_n_items (self->enclaves);
  for (guint i = 0; i < n; i++)
    {
      XnEnclave *enclave = xn_object_list_get (self->enclaves, i);

      if ((found = xn_object_list_lookup_name (xn_enclave_get_domains (enclave), name)) != NULL)
        return XN_DOMAIN (found);
    }

  return NULL;
}

/**
 * xn_host_find_enclave_by_name:
 * @self: a #XnHost
 * @name: a name
 *
 * Returns: (transfer none) (nullable): the first enclave named @name
 */
XnEnclave *
xn_host_find_enclave_by_name (XnHost     *self,
                              const char *name)
{
  g_return_val_if_fail (XN_IS_HOST (self), NULL);

  return XN_ENCLAVE (xn_object_list_lookup_name (self->enclaves, name));
}

/**
 * xn_host_find_device_by_name:
 * @self: a #XnHost
 * @name: a name
 *
 * Returns: (transfer none) (nullable): the first device named @name
 */
XnDevice *
xn_host_find_device_by_name (XnHost     *self,
                             const char *name)
{
  g_return_val_if_fail (XN_IS_HOST (self), NULL);

  return XN_DEVICE (xn_object_list_lookup_name (self->hardware, name));
}

/**
 * xn_host_find_net_switch_by_name:
 * @self: a #XnHost
 * @name: a name
 *
 * Returns: (transfer none) (nullable): the first switch named @name
 */
XnNetSwitch *
xn_host_find_net_switch_by_name (XnHost     *self,
                                 const char *name)
{
  g_return_val_if_fail (XN_IS_HOST (self), NULL);

  return XN_NET_SWITCH (xn_object_list_lookup_name (self->net_switches, name));
}
