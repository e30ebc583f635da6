/* xn-policy.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * XnPolicy is the root of a document: the enterprise part (profiles, tags,
 * conflicts, security labels) and the hosts. It keeps an index from UUID to
 * every object below it, fed by XnObjectClass.descendant_added/removed, so
 * references resolve in constant time however large the document.
 */

#define G_LOG_DOMAIN "xn-policy"

#include "config.h"

#include "xn-policy.h"
#include "xn-model-private.h"

G_DEFINE_FINAL_TYPE (XnPolicy, xn_policy, XN_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SERIAL,
  PROP_DESCRIPTION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
xn_policy_foreach_list (XnObject         *object,
                        XnObjectListFunc  func,
                        gpointer          user_data)
{
  XnPolicy *self = XN_POLICY (object);

  func (self->profiles, user_data);
  func (self->tags, user_data);
  func (self->conflicts, user_data);
  func (self->sec_labels, user_data);
  func (self->hosts, user_data);
}

static void
xn_policy_descendant_added (XnObject *object,
                            XnObject *descendant)
{
  XnPolicy *self = XN_POLICY (object);

  /* The key is the object's own UUID string: it is construct-only, so it
   * lives exactly as long as the object stays in the tree. */
  g_hash_table_insert (self->index, (gpointer) xn_object_get_uuid (descendant), descendant);
}

static void
xn_policy_descendant_removed (XnObject *object,
                              XnObject *descendant)
{
  XnPolicy *self = XN_POLICY (object);
  const char *uuid = xn_object_get_uuid (descendant);

  if (self->index == NULL)
    return;

  /* With duplicate UUIDs (a broken document) only drop our own entry. */
  if (g_hash_table_lookup (self->index, uuid) == descendant)
    g_hash_table_remove (self->index, uuid);
}

static void
xn_policy_dispose (GObject *object)
{
  XnPolicy *self = XN_POLICY (object);

  g_clear_object (&self->profiles);
  g_clear_object (&self->tags);
  g_clear_object (&self->conflicts);
  g_clear_object (&self->sec_labels);
  g_clear_object (&self->hosts);

  G_OBJECT_CLASS (xn_policy_parent_class)->dispose (object);
}

static void
xn_policy_finalize (GObject *object)
{
  XnPolicy *self = XN_POLICY (object);

  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->index, g_hash_table_unref);

  G_OBJECT_CLASS (xn_policy_parent_class)->finalize (object);
}

static void
xn_policy_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  XnPolicy *self = XN_POLICY (object);

  switch (prop_id)
    {
    case PROP_SERIAL:
      g_value_set_uint64 (value, self->serial);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_policy_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  XnPolicy *self = XN_POLICY (object);

  switch (prop_id)
    {
    case PROP_SERIAL:
      xn_policy_set_serial (self, g_value_get_uint64 (value));
      break;

    case PROP_DESCRIPTION:
      xn_policy_set_description (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_policy_class_init (XnPolicyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  XnObjectClass *xn_object_class = XN_OBJECT_CLASS (klass);

  object_class->dispose = xn_policy_dispose;
  object_class->finalize = xn_policy_finalize;
  object_class->get_property = xn_policy_get_property;
  object_class->set_property = xn_policy_set_property;

  xn_object_class->foreach_list = xn_policy_foreach_list;
  xn_object_class->descendant_added = xn_policy_descendant_added;
  xn_object_class->descendant_removed = xn_policy_descendant_removed;

  /**
   * XnPolicy:serial:
   *
   * Edition number; a host refuses a serial not above the one it runs.
   */
  properties [PROP_SERIAL] =
    g_param_spec_uint64 ("serial", NULL, NULL, 0, G_MAXUINT64, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnPolicy:description:
   *
   * Free text about the policy.
   */
  properties [PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xn_policy_init (XnPolicy *self)
{
  self->profiles = xn_object_list_new (XN_TYPE_PROFILE, XN_OBJECT (self));
  self->tags = xn_object_list_new (XN_TYPE_TAG, XN_OBJECT (self));
  self->conflicts = xn_object_list_new (XN_TYPE_CONFLICT, XN_OBJECT (self));
  self->sec_labels = xn_object_list_new (XN_TYPE_SEC_LABEL, XN_OBJECT (self));
  self->hosts = xn_object_list_new (XN_TYPE_HOST, XN_OBJECT (self));
  self->index = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * xn_policy_new:
 *
 * Creates a Policy with a random UUID. To give it a known UUID, use
 * `g_object_new (XN_TYPE_POLICY, "uuid", uuid, NULL)`.
 *
 * Returns: (transfer full): a new #XnPolicy
 */
XnPolicy *
xn_policy_new (void)
{
  return g_object_new (XN_TYPE_POLICY, NULL);
}

/**
 * xn_policy_get_serial:
 * @self: a #XnPolicy
 *
 * Returns: the #XnPolicy:serial property
 */
guint64
xn_policy_get_serial (XnPolicy *self)
{
  g_return_val_if_fail (XN_IS_POLICY (self), 0);

  return self->serial;
}

/**
 * xn_policy_set_serial:
 * @self: a #XnPolicy
 * @serial: the new value
 *
 * Sets #XnPolicy:serial; notifies only when it changed.
 */
void
xn_policy_set_serial (XnPolicy *self,
                      guint64 serial)
{
  g_return_if_fail (XN_IS_POLICY (self));

  if (self->serial == serial)
    return;

  self->serial = serial;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SERIAL]);
}

/**
 * xn_policy_get_description:
 * @self: a #XnPolicy
 *
 * Returns: (transfer none) (nullable): the #XnPolicy:description property
 */
const char *
xn_policy_get_description (XnPolicy *self)
{
  g_return_val_if_fail (XN_IS_POLICY (self), NULL);

  return self->description;
}

/**
 * xn_policy_set_description:
 * @self: a #XnPolicy
 * @description (nullable): the new value
 *
 * Sets #XnPolicy:description; notifies only when it changed.
 */
void
xn_policy_set_description (XnPolicy *self,
                           const char *description)
{
  g_return_if_fail (XN_IS_POLICY (self));

  if (g_strcmp0 (self->description, description) == 0)
    return;

  g_free (self->description);
  self->description = g_strdup (description);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DESCRIPTION]);
}

/**
 * xn_policy_get_profiles:
 * @self: a #XnPolicy
 *
 * Hypercall profiles, in document order.
 *
 * Returns: (transfer none): the list of #XnProfile
 */
XnObjectList *
xn_policy_get_profiles (XnPolicy *self)
{
  g_return_val_if_fail (XN_IS_POLICY (self), NULL);

  return self->profiles;
}

/**
 * xn_policy_get_tags:
 * @self: a #XnPolicy
 *
 * Security tags.
 *
 * Returns: (transfer none): the list of #XnTag
 */
XnObjectList *
xn_policy_get_tags (XnPolicy *self)
{
  g_return_val_if_fail (XN_IS_POLICY (self), NULL);

  return self->tags;
}

/**
 * xn_policy_get_conflicts:
 * @self: a #XnPolicy
 *
 * Conflicts between tags.
 *
 * Returns: (transfer none): the list of #XnConflict
 */
XnObjectList *
xn_policy_get_conflicts (XnPolicy *self)
{
  g_return_val_if_fail (XN_IS_POLICY (self), NULL);

  return self->conflicts;
}

/**
 * xn_policy_get_sec_labels:
 * @self: a #XnPolicy
 *
 * Security labels (a tag plus a profile).
 *
 * Returns: (transfer none): the list of #XnSecLabel
 */
XnObjectList *
xn_policy_get_sec_labels (XnPolicy *self)
{
  g_return_val_if_fail (XN_IS_POLICY (self), NULL);

  return self->sec_labels;
}

/**
 * xn_policy_get_hosts:
 * @self: a #XnPolicy
 *
 * Per-host configurations.
 *
 * Returns: (transfer none): the list of #XnHost
 */
XnObjectList *
xn_policy_get_hosts (XnPolicy *self)
{
  g_return_val_if_fail (XN_IS_POLICY (self), NULL);

  return self->hosts;
}

/**
 * xn_policy_lookup:
 * @self: a #XnPolicy
 * @uuid: (nullable): a UUID
 *
 * Finds the object with @uuid anywhere in the document, in constant time.
 *
 * Returns: (transfer none) (nullable): the object, or %NULL
 */
XnObject *
xn_policy_lookup (XnPolicy   *self,
                  const char *uuid)
{
  g_return_val_if_fail (XN_IS_POLICY (self), NULL);

  if (uuid == NULL)
    return NULL;

  return g_hash_table_lookup (self->index, uuid);
}

/**
 * xn_policy_get_n_objects:
 * @self: a #XnPolicy
 *
 * Returns: the number of objects in the document below the policy
 */
guint
xn_policy_get_n_objects (XnPolicy *self)
{
  g_return_val_if_fail (XN_IS_POLICY (self), 0);

  return g_hash_table_size (self->index);
}

/**
 * xn_policy_find_profile_by_name:
 * @self: a #XnPolicy
 * @name: a name
 *
 * Returns: (transfer none) (nullable): the first profile named @name
 */
XnProfile *
xn_policy_find_profile_by_name (XnPolicy   *self,
                                const char *name)
{
  g_return_val_if_fail (XN_IS_POLICY (self), NULL);

  return XN_PROFILE (xn_object_list_lookup_name (self->profiles, name));
}

/**
 * xn_policy_find_tag_by_name:
 * @self: a #XnPolicy
 * @name: a name
 *
 * Returns: (transfer none) (nullable): the first tag named @name
 */
XnTag *
xn_policy_find_tag_by_name (XnPolicy   *self,
                            const char *name)
{
  g_return_val_if_fail (XN_IS_POLICY (self), NULL);

  return XN_TAG (xn_object_list_lookup_name (self->tags, name));
}

/**
 * xn_policy_find_tag_by_id:
 * @self: a #XnPolicy
 * @id: a tag id
 *
 * Returns: (transfer none) (nullable): the first tag with @id
 */
XnTag *
xn_policy_find_tag_by_id (XnPolicy *self,
                          guint     id)
{
  guint n;

  g_return_val_if_fail (XN_IS_POLICY (self), NULL);

  n = xn_object_list_get_n_items (self->tags);
  for (guint i = 0; i < n; i++)
    {
      XnTag *tag = xn_object_list_get (self->tags, i);

      if (xn_tag_get_id (tag) == id)
        return tag;
    }

  return NULL;
}

/**
 * xn_policy_find_conflict_by_name:
 * @self: a #XnPolicy
 * @name: a name
 *
 * Returns: (transfer none) (nullable): the first conflict named @name
 */
XnConflict *
xn_policy_find_conflict_by_name (XnPolicy   *self,
                                 const char *name)
{
  g_return_val_if_fail (XN_IS_POLICY (self), NULL);

  return XN_CONFLICT (xn_object_list_lookup_name (self->conflicts, name));
}

/**
 * xn_policy_find_sec_label_by_name:
 * @self: a #XnPolicy
 * @name: a name
 *
 * Returns: (transfer none) (nullable): the first security label named @name
 */
XnSecLabel *
xn_policy_find_sec_label_by_name (XnPolicy   *self,
                                  const char *name)
{
  g_return_val_if_fail (XN_IS_POLICY (self), NULL);

  return XN_SEC_LABEL (xn_object_list_lookup_name (self->sec_labels, name));
}

/**
 * xn_policy_find_host_by_name:
 * @self: a #XnPolicy
 * @name: a name
 *
 * Returns: (transfer none) (nullable): the first host named @name
 */
XnHost *
xn_policy_find_host_by_name (XnPolicy   *self,
                             const char *name)
{
  g_return_val_if_fail (XN_IS_POLICY (self), NULL);

  return XN_HOST (xn_object_list_lookup_name (self->hosts, name));
}

/**
 * xn_policy_dup_visiting_domains:
 * @self: a #XnPolicy
 * @host: one of its hosts
 *
 * The domains of the other hosts that may also run on @host: their
 * #XnDomain:may-run-on lists it.  A host's guard must know them before
 * one is migrated in, and their exclusive conflicts count there like any
 * other domain's.
 *
 * Returns: (transfer container) (element-type XnDomain): the domains, in
 *   document order
 */
GPtrArray *
xn_policy_dup_visiting_domains (XnPolicy *self,
                                XnHost   *host)
{
  GPtrArray *ret;
  const char *here;

  g_return_val_if_fail (XN_IS_POLICY (self), NULL);
  g_return_val_if_fail (XN_IS_HOST (host), NULL);

  ret = g_ptr_array_new ();
  here = xn_object_get_uuid (XN_OBJECT (host));
  for (guint i = 0; i < xn_object_list_get_n_items (self->hosts); i++)
    {
      XnHost *other = xn_object_list_get (self->hosts, i);
      g_autoptr(GPtrArray) theirs = NULL;

      if (other == host)
        continue;
      theirs = xn_host_dup_domains (other);
      for (guint j = 0; j < theirs->len; j++)
        if (xn_domain_may_run_on (g_ptr_array_index (theirs, j), here))
          g_ptr_array_add (ret, g_ptr_array_index (theirs, j));
    }
  return ret;
}

/**
 * xn_policy_places_domain:
 * @self: a #XnPolicy
 * @domain: one of its domains
 * @host: one of its hosts
 *
 * Whether the policy lets @domain run on @host: it is @host's own
 * domain, or @host is in its #XnDomain:may-run-on.
 *
 * Returns: %TRUE if it may run there
 */
gboolean
xn_policy_places_domain (XnPolicy *self,
                         XnDomain *domain,
                         XnHost   *host)
{
  g_return_val_if_fail (XN_IS_POLICY (self), FALSE);
  g_return_val_if_fail (XN_IS_DOMAIN (domain), FALSE);
  g_return_val_if_fail (XN_IS_HOST (host), FALSE);

  return xn_domain_get_host (domain) == host
         || xn_domain_may_run_on (domain, xn_object_get_uuid (XN_OBJECT (host)));
}
