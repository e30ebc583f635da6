/* xn-enclave.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * XnEnclave is a container of hardware and domains that share one tag.
 */

#define G_LOG_DOMAIN "xn-enclave"

#include "config.h"

#include "xn-enclave.h"
#include "xn-model-private.h"

G_DEFINE_FINAL_TYPE (XnEnclave, xn_enclave, XN_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TAG_UUID,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
xn_enclave_foreach_list (XnObject         *object,
                         XnObjectListFunc  func,
                         gpointer          user_data)
{
  XnEnclave *self = XN_ENCLAVE (object);

  func (self->assigned_hardware, user_data);
  func (self->domains, user_data);
}

static void
xn_enclave_dispose (GObject *object)
{
  XnEnclave *self = XN_ENCLAVE (object);

  g_clear_object (&self->assigned_hardware);
  g_clear_object (&self->domains);

  G_OBJECT_CLASS (xn_enclave_parent_class)->dispose (object);
}

static void
xn_enclave_finalize (GObject *object)
{
  XnEnclave *self = XN_ENCLAVE (object);

  g_clear_pointer (&self->tag_uuid, g_free);

  G_OBJECT_CLASS (xn_enclave_parent_class)->finalize (object);
}

static void
xn_enclave_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  XnEnclave *self = XN_ENCLAVE (object);

  switch (prop_id)
    {
    case PROP_TAG_UUID:
      g_value_set_string (value, self->tag_uuid);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_enclave_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  XnEnclave *self = XN_ENCLAVE (object);

  switch (prop_id)
    {
    case PROP_TAG_UUID:
      xn_enclave_set_tag_uuid (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_enclave_class_init (XnEnclaveClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  XnObjectClass *xn_object_class = XN_OBJECT_CLASS (klass);

  object_class->dispose = xn_enclave_dispose;
  object_class->finalize = xn_enclave_finalize;
  object_class->get_property = xn_enclave_get_property;
  object_class->set_property = xn_enclave_set_property;

  xn_object_class->foreach_list = xn_enclave_foreach_list;

  /**
   * XnEnclave:tag-uuid:
   *
   * UUID of the enclave's #XnTag.
   */
  properties [PROP_TAG_UUID] =
    g_param_spec_string ("tag-uuid", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xn_enclave_init (XnEnclave *self)
{
  self->assigned_hardware = xn_object_list_new (XN_TYPE_DEVICE_REF, XN_OBJECT (self));
  self->domains = xn_object_list_new (XN_TYPE_DOMAIN, XN_OBJECT (self));
}

/**
 * xn_enclave_new:
 *
 * Creates a Enclave with a random UUID. To give it a known UUID, use
 * `g_object_new (XN_TYPE_ENCLAVE, "uuid", uuid, NULL)`.
 *
 * Returns: (transfer full): a new #XnEnclave
 */
XnEnclave *
xn_enclave_new (void)
{
  return g_object_new (XN_TYPE_ENCLAVE, NULL);
}

/**
 * xn_enclave_get_tag_uuid:
 * @self: a #XnEnclave
 *
 * Returns: (transfer none) (nullable): the #XnEnclave:tag-uuid property
 */
const char *
xn_enclave_get_tag_uuid (XnEnclave *self)
{
  g_return_val_if_fail (XN_IS_ENCLAVE (self), NULL);

  return self->tag_uuid;
}

/**
 * xn_enclave_set_tag_uuid:
 * @self: a #XnEnclave
 * @tag_uuid (nullable): the new value
 *
 * Sets #XnEnclave:tag-uuid; notifies only when it changed.
 */
void
xn_enclave_set_tag_uuid (XnEnclave *self,
                         const char *tag_uuid)
{
  g_return_if_fail (XN_IS_ENCLAVE (self));

  if (g_strcmp0 (self->tag_uuid, tag_uuid) == 0)
    return;

  g_free (self->tag_uuid);
  self->tag_uuid = g_strdup (tag_uuid);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TAG_UUID]);
}

/**
 * xn_enclave_get_assigned_hardware:
 * @self: a #XnEnclave
 *
 * Hardware assigned to the enclave, as #XnDeviceRef.
 *
 * Returns: (transfer none): the list of #XnDeviceRef
 */
XnObjectList *
xn_enclave_get_assigned_hardware (XnEnclave *self)
{
  g_return_val_if_fail (XN_IS_ENCLAVE (self), NULL);

  return self->assigned_hardware;
}

/**
 * xn_enclave_get_domains:
 * @self: a #XnEnclave
 *
 * Service and user domains of the enclave.
 *
 * Returns: (transfer none): the list of #XnDomain
 */
XnObjectList *
xn_enclave_get_domains (XnEnclave *self)
{
  g_return_val_if_fail (XN_IS_ENCLAVE (self), NULL);

  return self->domains;
}

/**
 * xn_enclave_get_tag:
 * @self: a #XnEnclave
 *
 * Resolves #XnEnclave:tag-uuid through the index of the policy @self is in.
 *
 * Returns: (transfer none) (nullable): the #XnTag, or %NULL when the
 *   reference is unset or dangling or @self is in no policy
 */
XnTag *
xn_enclave_get_tag (XnEnclave *self)
{
  g_return_val_if_fail (XN_IS_ENCLAVE (self), NULL);

  return _xn_object_resolve (XN_OBJECT (self), self->tag_uuid, XN_TYPE_TAG);
}
