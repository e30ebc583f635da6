/* xn-domain.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * XnDomain is a virtual machine: its kind, security label, resources, boot
 * options, devices, network whitelist and extra `xl` lines kept verbatim.
 */

#define G_LOG_DOMAIN "xn-domain"

#include "config.h"

#include "xn-domain.h"
#include "xn-model-private.h"

G_DEFINE_FINAL_TYPE (XnDomain, xn_domain, XN_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_GUEST_TYPE,
  PROP_SEC_LABEL_UUID,
  PROP_MEMORY,
  PROP_VCPUS,
  PROP_KERNEL,
  PROP_RAMDISK,
  PROP_CMDLINE,
  PROP_WHITELIST,
  PROP_MAY_RUN_ON,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
xn_domain_foreach_list (XnObject         *object,
                        XnObjectListFunc  func,
                        gpointer          user_data)
{
  XnDomain *self = XN_DOMAIN (object);

  func (self->vifs, user_data);
  func (self->disks, user_data);
  func (self->pci_devices, user_data);
  func (self->net_allow, user_data);
  func (self->xl_extra, user_data);
}

static void
xn_domain_dispose (GObject *object)
{
  XnDomain *self = XN_DOMAIN (object);

  g_clear_object (&self->vifs);
  g_clear_object (&self->disks);
  g_clear_object (&self->pci_devices);
  g_clear_object (&self->net_allow);
  g_clear_object (&self->xl_extra);

  G_OBJECT_CLASS (xn_domain_parent_class)->dispose (object);
}

static void
xn_domain_finalize (GObject *object)
{
  XnDomain *self = XN_DOMAIN (object);

  g_clear_pointer (&self->sec_label_uuid, g_free);
  g_clear_pointer (&self->may_run_on, g_free);
  g_clear_pointer (&self->kernel, g_free);
  g_clear_pointer (&self->ramdisk, g_free);
  g_clear_pointer (&self->cmdline, g_free);

  G_OBJECT_CLASS (xn_domain_parent_class)->finalize (object);
}

static void
xn_domain_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  XnDomain *self = XN_DOMAIN (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_GUEST_TYPE:
      g_value_set_enum (value, self->guest_type);
      break;

    case PROP_SEC_LABEL_UUID:
      g_value_set_string (value, self->sec_label_uuid);
      break;
    case PROP_MAY_RUN_ON:
      g_value_set_string (value, self->may_run_on);
      break;

    case PROP_MEMORY:
      g_value_set_uint (value, self->memory);
      break;

    case PROP_VCPUS:
      g_value_set_uint (value, self->vcpus);
      break;

    case PROP_KERNEL:
      g_value_set_string (value, self->kernel);
      break;

    case PROP_RAMDISK:
      g_value_set_string (value, self->ramdisk);
      break;

    case PROP_CMDLINE:
      g_value_set_string (value, self->cmdline);
      break;

    case PROP_WHITELIST:
      g_value_set_boolean (value, self->whitelist);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_domain_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  XnDomain *self = XN_DOMAIN (object);

  switch (prop_id)
    {
    case PROP_KIND:
      xn_domain_set_kind (self, g_value_get_enum (value));
      break;

    case PROP_GUEST_TYPE:
      xn_domain_set_guest_type (self, g_value_get_enum (value));
      break;

    case PROP_SEC_LABEL_UUID:
      xn_domain_set_sec_label_uuid (self, g_value_get_string (value));
      break;
    case PROP_MAY_RUN_ON:
      xn_domain_set_may_run_on (self, g_value_get_string (value));
      break;

    case PROP_MEMORY:
      xn_domain_set_memory (self, g_value_get_uint (value));
      break;

    case PROP_VCPUS:
      xn_domain_set_vcpus (self, g_value_get_uint (value));
      break;

    case PROP_KERNEL:
      xn_domain_set_kernel (self, g_value_get_string (value));
      break;

    case PROP_RAMDISK:
      xn_domain_set_ramdisk (self, g_value_get_string (value));
      break;

    case PROP_CMDLINE:
      xn_domain_set_cmdline (self, g_value_get_string (value));
      break;

    case PROP_WHITELIST:
      xn_domain_set_whitelist (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_domain_class_init (XnDomainClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  XnObjectClass *xn_object_class = XN_OBJECT_CLASS (klass);

  object_class->dispose = xn_domain_dispose;
  object_class->finalize = xn_domain_finalize;
  object_class->get_property = xn_domain_get_property;
  object_class->set_property = xn_domain_set_property;

  xn_object_class->foreach_list = xn_domain_foreach_list;

  /**
   * XnDomain:kind:
   *
   * Root, service or user domain.
   */
  properties [PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, XN_TYPE_DOMAIN_KIND, XN_DOMAIN_KIND_USER,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnDomain:guest-type:
   *
   * Virtualisation mode.
   */
  properties [PROP_GUEST_TYPE] =
    g_param_spec_enum ("guest-type", NULL, NULL, XN_TYPE_GUEST_TYPE, XN_GUEST_TYPE_PV,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnDomain:sec-label-uuid:
   *
   * UUID of the domain's #XnSecLabel.
   */
  properties [PROP_SEC_LABEL_UUID] =
    g_param_spec_string ("sec-label-uuid", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnDomain:may-run-on:
   *
   * The other hosts the domain may run on (migrate to), as
   * space-separated hostConfig UUIDs; %NULL: its own host only.
   */
  properties [PROP_MAY_RUN_ON] =
    g_param_spec_string ("may-run-on", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnDomain:memory:
   *
   * Memory in MiB; 0 means unset.
   */
  properties [PROP_MEMORY] =
    g_param_spec_uint ("memory", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnDomain:vcpus:
   *
   * Number of virtual CPUs; 0 means unset.
   */
  properties [PROP_VCPUS] =
    g_param_spec_uint ("vcpus", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnDomain:kernel:
   *
   * PV boot kernel (`pvBootOptKernel`).
   */
  properties [PROP_KERNEL] =
    g_param_spec_string ("kernel", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnDomain:ramdisk:
   *
   * PV boot ramdisk (`pvBootOptRamdisk`).
   */
  properties [PROP_RAMDISK] =
    g_param_spec_string ("ramdisk", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnDomain:cmdline:
   *
   * PV boot command line (`pvBootOptCmdline`).
   */
  properties [PROP_CMDLINE] =
    g_param_spec_string ("cmdline", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnDomain:whitelist:
   *
   * Whether the network is restricted to #XnDomain:net-allow entries.
   */
  properties [PROP_WHITELIST] =
    g_param_spec_boolean ("whitelist", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xn_domain_init (XnDomain *self)
{
  self->kind = XN_DOMAIN_KIND_USER;
  self->guest_type = XN_GUEST_TYPE_PV;
  self->whitelist = FALSE;
  self->vifs = xn_object_list_new (XN_TYPE_VIF, XN_OBJECT (self));
  self->disks = xn_object_list_new (XN_TYPE_DISK, XN_OBJECT (self));
  self->pci_devices = xn_object_list_new (XN_TYPE_DEVICE_REF, XN_OBJECT (self));
  self->net_allow = xn_object_list_new (XN_TYPE_NET_ALLOW, XN_OBJECT (self));
  self->xl_extra = xn_object_list_new (XN_TYPE_XL_PAIR, XN_OBJECT (self));
}

/**
 * xn_domain_new:
 *
 * Creates a Domain with a random UUID. To give it a known UUID, use
 * `g_object_new (XN_TYPE_DOMAIN, "uuid", uuid, NULL)`.
 *
 * Returns: (transfer full): a new #XnDomain
 */
XnDomain *
xn_domain_new (void)
{
  return g_object_new (XN_TYPE_DOMAIN, NULL);
}

/**
 * xn_domain_get_kind:
 * @self: a #XnDomain
 *
 * Returns: the #XnDomain:kind property
 */
XnDomainKind
xn_domain_get_kind (XnDomain *self)
{
  g_return_val_if_fail (XN_IS_DOMAIN (self), 0);

  return self->kind;
}

/**
 * xn_domain_set_kind:
 * @self: a #XnDomain
 * @kind: the new value
 *
 * Sets #XnDomain:kind; notifies only when it changed.
 */
void
xn_domain_set_kind (XnDomain *self,
                    XnDomainKind kind)
{
  g_return_if_fail (XN_IS_DOMAIN (self));

  if (self->kind == kind)
    return;

  self->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_KIND]);
}

/**
 * xn_domain_get_guest_type:
 * @self: a #XnDomain
 *
 * Returns: the #XnDomain:guest-type property
 */
XnGuestType
xn_domain_get_guest_type (XnDomain *self)
{
  g_return_val_if_fail (XN_IS_DOMAIN (self), 0);

  return self->guest_type;
}

/**
 * xn_domain_set_guest_type:
 * @self: a #XnDomain
 * @guest_type: the new value
 *
 * Sets #XnDomain:guest-type; notifies only when it changed.
 */
void
xn_domain_set_guest_type (XnDomain *self,
                          XnGuestType guest_type)
{
  g_return_if_fail (XN_IS_DOMAIN (self));

  if (self->guest_type == guest_type)
    return;

  self->guest_type = guest_type;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_GUEST_TYPE]);
}

/**
 * xn_domain_get_sec_label_uuid:
 * @self: a #XnDomain
 *
 * Returns: (transfer none) (nullable): the #XnDomain:sec-label-uuid property
 */
const char *
xn_domain_get_sec_label_uuid (XnDomain *self)
{
  g_return_val_if_fail (XN_IS_DOMAIN (self), NULL);

  return self->sec_label_uuid;
}

/**
 * xn_domain_set_sec_label_uuid:
 * @self: a #XnDomain
 * @sec_label_uuid (nullable): the new value
 *
 * Sets #XnDomain:sec-label-uuid; notifies only when it changed.
 */
void
xn_domain_set_sec_label_uuid (XnDomain *self,
                              const char *sec_label_uuid)
{
  g_return_if_fail (XN_IS_DOMAIN (self));

  if (g_strcmp0 (self->sec_label_uuid, sec_label_uuid) == 0)
    return;

  g_free (self->sec_label_uuid);
  self->sec_label_uuid = g_strdup (sec_label_uuid);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SEC_LABEL_UUID]);
}

/**
 * xn_domain_get_may_run_on:
 * @self: a #XnDomain
 *
 * Returns: (transfer none) (nullable): the #XnDomain:may-run-on property
 */
const char *
xn_domain_get_may_run_on (XnDomain *self)
{
  g_return_val_if_fail (XN_IS_DOMAIN (self), NULL);

  return self->may_run_on;
}

/**
 * xn_domain_set_may_run_on:
 * @self: a #XnDomain
 * @may_run_on: (nullable): space-separated hostConfig UUIDs
 *
 * Sets #XnDomain:may-run-on (an empty list is %NULL); notifies only when
 * it changed.
 */
void
xn_domain_set_may_run_on (XnDomain   *self,
                          const char *may_run_on)
{
  g_return_if_fail (XN_IS_DOMAIN (self));

  if (may_run_on != NULL && *may_run_on == '\0')
    may_run_on = NULL;
  if (g_strcmp0 (self->may_run_on, may_run_on) == 0)
    return;

  g_free (self->may_run_on);
  self->may_run_on = g_strdup (may_run_on);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MAY_RUN_ON]);
}

/**
 * xn_domain_may_run_on:
 * @self: a #XnDomain
 * @host_uuid: a hostConfig's UUID
 *
 * Whether the domain may run on that host besides its own: it is listed
 * in #XnDomain:may-run-on.
 *
 * Returns: %TRUE if it is listed
 */
gboolean
xn_domain_may_run_on (XnDomain   *self,
                      const char *host_uuid)
{
  g_auto(GStrv) uuids = NULL;

  g_return_val_if_fail (XN_IS_DOMAIN (self), FALSE);
  if (host_uuid == NULL)
    return FALSE;
  uuids = xn_domain_dup_may_run_on_hosts (self);
  return g_strv_contains ((const char * const *) uuids, host_uuid);
}

/**
 * xn_domain_dup_may_run_on_hosts:
 * @self: a #XnDomain
 *
 * #XnDomain:may-run-on as a list.
 *
 * Returns: (transfer full): the hostConfig UUIDs, in order; empty when
 *   the domain runs on its own host only
 */
GStrv
xn_domain_dup_may_run_on_hosts (XnDomain *self)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  g_return_val_if_fail (XN_IS_DOMAIN (self), NULL);
  parts = g_strsplit_set (self->may_run_on ? self->may_run_on : "", " \t\n", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      g_strv_builder_add (b, parts[i]);
  return g_strv_builder_end (b);
}

/**
 * xn_domain_get_memory:
 * @self: a #XnDomain
 *
 * Returns: the #XnDomain:memory property
 */
guint
xn_domain_get_memory (XnDomain *self)
{
  g_return_val_if_fail (XN_IS_DOMAIN (self), 0);

  return self->memory;
}

/**
 * xn_domain_set_memory:
 * @self: a #XnDomain
 * @memory: the new value
 *
 * Sets #XnDomain:memory; notifies only when it changed.
 */
void
xn_domain_set_memory (XnDomain *self,
                      guint memory)
{
  g_return_if_fail (XN_IS_DOMAIN (self));

  if (self->memory == memory)
    return;

  self->memory = memory;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MEMORY]);
}

/**
 * xn_domain_get_vcpus:
 * @self: a #XnDomain
 *
 * Returns: the #XnDomain:vcpus property
 */
guint
xn_domain_get_vcpus (XnDomain *self)
{
  g_return_val_if_fail (XN_IS_DOMAIN (self), 0);

  return self->vcpus;
}

/**
 * xn_domain_set_vcpus:
 * @self: a #XnDomain
 * @vcpus: the new value
 *
 * Sets #XnDomain:vcpus; notifies only when it changed.
 */
void
xn_domain_set_vcpus (XnDomain *self,
                     guint vcpus)
{
  g_return_if_fail (XN_IS_DOMAIN (self));

  if (self->vcpus == vcpus)
    return;

  self->vcpus = vcpus;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_VCPUS]);
}

/**
 * xn_domain_get_kernel:
 * @self: a #XnDomain
 *
 * Returns: (transfer none) (nullable): the #XnDomain:kernel property
 */
const char *
xn_domain_get_kernel (XnDomain *self)
{
  g_return_val_if_fail (XN_IS_DOMAIN (self), NULL);

  return self->kernel;
}

/**
 * xn_domain_set_kernel:
 * @self: a #XnDomain
 * @kernel (nullable): the new value
 *
 * Sets #XnDomain:kernel; notifies only when it changed.
 */
void
xn_domain_set_kernel (XnDomain *self,
                      const char *kernel)
{
  g_return_if_fail (XN_IS_DOMAIN (self));

  if (g_strcmp0 (self->kernel, kernel) == 0)
    return;

  g_free (self->kernel);
  self->kernel = g_strdup (kernel);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_KERNEL]);
}

/**
 * xn_domain_get_ramdisk:
 * @self: a #XnDomain
 *
 * Returns: (transfer none) (nullable): the #XnDomain:ramdisk property
 */
const char *
xn_domain_get_ramdisk (XnDomain *self)
{
  g_return_val_if_fail (XN_IS_DOMAIN (self), NULL);

  return self->ramdisk;
}

/**
 * xn_domain_set_ramdisk:
 * @self: a #XnDomain
 * @ramdisk (nullable): the new value
 *
 * Sets #XnDomain:ramdisk; notifies only when it changed.
 */
void
xn_domain_set_ramdisk (XnDomain *self,
                       const char *ramdisk)
{
  g_return_if_fail (XN_IS_DOMAIN (self));

  if (g_strcmp0 (self->ramdisk, ramdisk) == 0)
    return;

  g_free (self->ramdisk);
  self->ramdisk = g_strdup (ramdisk);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RAMDISK]);
}

/**
 * xn_domain_get_cmdline:
 * @self: a #XnDomain
 *
 * Returns: (transfer none) (nullable): the #XnDomain:cmdline property
 */
const char *
xn_domain_get_cmdline (XnDomain *self)
{
  g_return_val_if_fail (XN_IS_DOMAIN (self), NULL);

  return self->cmdline;
}

/**
 * xn_domain_set_cmdline:
 * @self: a #XnDomain
 * @cmdline (nullable): the new value
 *
 * Sets #XnDomain:cmdline; notifies only when it changed.
 */
void
xn_domain_set_cmdline (XnDomain *self,
                       const char *cmdline)
{
  g_return_if_fail (XN_IS_DOMAIN (self));

  if (g_strcmp0 (self->cmdline, cmdline) == 0)
    return;

  g_free (self->cmdline);
  self->cmdline = g_strdup (cmdline);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CMDLINE]);
}

/**
 * xn_domain_get_whitelist:
 * @self: a #XnDomain
 *
 * Returns: the #XnDomain:whitelist property
 */
gboolean
xn_domain_get_whitelist (XnDomain *self)
{
  g_return_val_if_fail (XN_IS_DOMAIN (self), 0);

  return self->whitelist;
}

/**
 * xn_domain_set_whitelist:
 * @self: a #XnDomain
 * @whitelist: the new value
 *
 * Sets #XnDomain:whitelist; notifies only when it changed.
 */
void
xn_domain_set_whitelist (XnDomain *self,
                         gboolean whitelist)
{
  g_return_if_fail (XN_IS_DOMAIN (self));

  whitelist = !!whitelist;
  if (self->whitelist == whitelist)
    return;

  self->whitelist = whitelist;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_WHITELIST]);
}

/**
 * xn_domain_get_vifs:
 * @self: a #XnDomain
 *
 * Virtual network interfaces.
 *
 * Returns: (transfer none): the list of #XnVif
 */
XnObjectList *
xn_domain_get_vifs (XnDomain *self)
{
  g_return_val_if_fail (XN_IS_DOMAIN (self), NULL);

  return self->vifs;
}

/**
 * xn_domain_get_disks:
 * @self: a #XnDomain
 *
 * Virtual disks.
 *
 * Returns: (transfer none): the list of #XnDisk
 */
XnObjectList *
xn_domain_get_disks (XnDomain *self)
{
  g_return_val_if_fail (XN_IS_DOMAIN (self), NULL);

  return self->disks;
}

/**
 * xn_domain_get_pci_devices:
 * @self: a #XnDomain
 *
 * PCI devices passed through, as #XnDeviceRef.
 *
 * Returns: (transfer none): the list of #XnDeviceRef
 */
XnObjectList *
xn_domain_get_pci_devices (XnDomain *self)
{
  g_return_val_if_fail (XN_IS_DOMAIN (self), NULL);

  return self->pci_devices;
}

/**
 * xn_domain_get_net_allow:
 * @self: a #XnDomain
 *
 * Network whitelist entries.
 *
 * Returns: (transfer none): the list of #XnNetAllow
 */
XnObjectList *
xn_domain_get_net_allow (XnDomain *self)
{
  g_return_val_if_fail (XN_IS_DOMAIN (self), NULL);

  return self->net_allow;
}

/**
 * xn_domain_get_xl_extra:
 * @self: a #XnDomain
 *
 * Extra `xl` configuration lines, verbatim.
 *
 * Returns: (transfer none): the list of #XnXlPair
 */
XnObjectList *
xn_domain_get_xl_extra (XnDomain *self)
{
  g_return_val_if_fail (XN_IS_DOMAIN (self), NULL);

  return self->xl_extra;
}

/**
 * xn_domain_get_sec_label:
 * @self: a #XnDomain
 *
 * Resolves #XnDomain:sec-label-uuid through the index of the policy @self is in.
 *
 * Returns: (transfer none) (nullable): the #XnSecLabel, or %NULL when the
 *   reference is unset or dangling or @self is in no policy
 */
XnSecLabel *
xn_domain_get_sec_label (XnDomain *self)
{
  g_return_val_if_fail (XN_IS_DOMAIN (self), NULL);

  return _xn_object_resolve (XN_OBJECT (self), self->sec_label_uuid, XN_TYPE_SEC_LABEL);
}

/**
 * xn_domain_get_enclave:
 * @self: a #XnDomain
 *
 * Returns: (transfer none) (nullable): the enclave holding @self, or %NULL
 *   for a root domain or a domain in no tree
 */
XnEnclave *
xn_domain_get_enclave (XnDomain *self)
{
  XnObject *parent;

  g_return_val_if_fail (XN_IS_DOMAIN (self), NULL);

  parent = xn_object_get_parent (XN_OBJECT (self));

  return XN_IS_ENCLAVE (parent) ? XN_ENCLAVE (parent) : NULL;
}

/**
 * xn_domain_get_host:
 * @self: a #XnDomain
 *
 * Returns: (transfer none) (nullable): the host of @self
 */
XnHost *
xn_domain_get_host (XnDomain *self)
{
  XnObject *o;

  g_return_val_if_fail (XN_IS_DOMAIN (self), NULL);

  for (o = xn_object_get_parent (XN_OBJECT (self)); o != NULL; o = xn_object_get_parent (o))
    if (XN_IS_HOST (o))
      return XN_HOST (o);

  return NULL;
}

/**
 * xn_domain_is_domain0:
 * @self: a #XnDomain
 *
 * Returns: %TRUE if @self is a root domain named `Domain-0`
 */
gboolean
xn_domain_is_domain0 (XnDomain *self)
{
  g_return_val_if_fail (XN_IS_DOMAIN (self), FALSE);

  return self->kind == XN_DOMAIN_KIND_ROOT &&
         g_strcmp0 (xn_object_get_name (XN_OBJECT (self)), XN_DOMAIN0_NAME) == 0;
}
