/* xn-profile.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * XnProfile is a hypercall profile: which hypercalls (and sub-ops) a domain
 * may issue, at what rate, and what happens when it breaks the rules.
 */

#define G_LOG_DOMAIN "xn-profile"

#include "config.h"

#include "xn-profile.h"
#include "xn-model-private.h"

G_DEFINE_FINAL_TYPE (XnProfile, xn_profile, XN_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_GUEST_TYPE,
  PROP_PRIVILEGE,
  PROP_MAX_VIOLATIONS,
  PROP_VIOLATION_ACTION,
  PROP_RATE_HMAX,
  PROP_RATE_BURST,
  PROP_LEARNING,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
xn_profile_foreach_list (XnObject         *object,
                         XnObjectListFunc  func,
                         gpointer          user_data)
{
  XnProfile *self = XN_PROFILE (object);

  func (self->hypercalls, user_data);
}

static void
xn_profile_dispose (GObject *object)
{
  XnProfile *self = XN_PROFILE (object);

  g_clear_object (&self->hypercalls);

  G_OBJECT_CLASS (xn_profile_parent_class)->dispose (object);
}

static void
xn_profile_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  XnProfile *self = XN_PROFILE (object);

  switch (prop_id)
    {
    case PROP_GUEST_TYPE:
      g_value_set_enum (value, self->guest_type);
      break;

    case PROP_PRIVILEGE:
      g_value_set_enum (value, self->privilege);
      break;

    case PROP_MAX_VIOLATIONS:
      g_value_set_uint (value, self->max_violations);
      break;

    case PROP_VIOLATION_ACTION:
      g_value_set_enum (value, self->violation_action);
      break;

    case PROP_RATE_HMAX:
      g_value_set_uint (value, self->rate_hmax);
      break;

    case PROP_RATE_BURST:
      g_value_set_uint (value, self->rate_burst);
      break;

    case PROP_LEARNING:
      g_value_set_boolean (value, self->learning);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_profile_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  XnProfile *self = XN_PROFILE (object);

  switch (prop_id)
    {
    case PROP_GUEST_TYPE:
      xn_profile_set_guest_type (self, g_value_get_enum (value));
      break;

    case PROP_PRIVILEGE:
      xn_profile_set_privilege (self, g_value_get_enum (value));
      break;

    case PROP_MAX_VIOLATIONS:
      xn_profile_set_max_violations (self, g_value_get_uint (value));
      break;

    case PROP_VIOLATION_ACTION:
      xn_profile_set_violation_action (self, g_value_get_enum (value));
      break;

    case PROP_RATE_HMAX:
      xn_profile_set_rate_hmax (self, g_value_get_uint (value));
      break;

    case PROP_RATE_BURST:
      xn_profile_set_rate_burst (self, g_value_get_uint (value));
      break;

    case PROP_LEARNING:
      xn_profile_set_learning (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_profile_class_init (XnProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  XnObjectClass *xn_object_class = XN_OBJECT_CLASS (klass);

  object_class->dispose = xn_profile_dispose;
  object_class->get_property = xn_profile_get_property;
  object_class->set_property = xn_profile_set_property;

  xn_object_class->foreach_list = xn_profile_foreach_list;

  /**
   * XnProfile:guest-type:
   *
   * The guest type the profile is written for.
   */
  properties [PROP_GUEST_TYPE] =
    g_param_spec_enum ("guest-type", NULL, NULL, XN_TYPE_GUEST_TYPE, XN_GUEST_TYPE_ANY,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnProfile:privilege:
   *
   * Hypercall privilege level.
   */
  properties [PROP_PRIVILEGE] =
    g_param_spec_enum ("privilege", NULL, NULL, XN_TYPE_PRIVILEGE, XN_PRIVILEGE_REGULAR,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnProfile:max-violations:
   *
   * Violations tolerated before #XnProfile:violation-action; 0 means no limit.
   */
  properties [PROP_MAX_VIOLATIONS] =
    g_param_spec_uint ("max-violations", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnProfile:violation-action:
   *
   * What happens when a domain exceeds #XnProfile:max-violations.
   */
  properties [PROP_VIOLATION_ACTION] =
    g_param_spec_enum ("violation-action", NULL, NULL, XN_TYPE_VIOLATION_ACTION, XN_VIOLATION_ACTION_LOG,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnProfile:rate-hmax:
   *
   * Hypercalls per second allowed; 0 means no limit.
   */
  properties [PROP_RATE_HMAX] =
    g_param_spec_uint ("rate-hmax", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnProfile:rate-burst:
   *
   * Burst of hypercalls allowed above the rate; 0 means no limit.
   */
  properties [PROP_RATE_BURST] =
    g_param_spec_uint ("rate-burst", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnProfile:learning:
   *
   * Learning mode: the guard records this profile's violations but denies
   * nothing and takes no action, so that a domain can run its workload
   * and a minimal profile can be proposed from what it did (see
   * xn_profile_learn()).
   */
  properties [PROP_LEARNING] =
    g_param_spec_boolean ("learning", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xn_profile_init (XnProfile *self)
{
  self->guest_type = XN_GUEST_TYPE_ANY;
  self->privilege = XN_PRIVILEGE_REGULAR;
  self->violation_action = XN_VIOLATION_ACTION_LOG;
  self->hypercalls = xn_object_list_new (XN_TYPE_HYPERCALL_RULE, XN_OBJECT (self));
}

/**
 * xn_profile_new:
 *
 * Creates a Profile with a random UUID. To give it a known UUID, use
 * `g_object_new (XN_TYPE_PROFILE, "uuid", uuid, NULL)`.
 *
 * Returns: (transfer full): a new #XnProfile
 */
XnProfile *
xn_profile_new (void)
{
  return g_object_new (XN_TYPE_PROFILE, NULL);
}

/**
 * xn_profile_get_guest_type:
 * @self: a #XnProfile
 *
 * Returns: the #XnProfile:guest-type property
 */
XnGuestType
xn_profile_get_guest_type (XnProfile *self)
{
  g_return_val_if_fail (XN_IS_PROFILE (self), 0);

  return self->guest_type;
}

/**
 * xn_profile_set_guest_type:
 * @self: a #XnProfile
 * @guest_type: the new value
 *
 * Sets #XnProfile:guest-type; notifies only when it changed.
 */
void
xn_profile_set_guest_type (XnProfile *self,
                           XnGuestType guest_type)
{
  g_return_if_fail (XN_IS_PROFILE (self));

  if (self->guest_type == guest_type)
    return;

  self->guest_type = guest_type;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_GUEST_TYPE]);
}

/**
 * xn_profile_get_privilege:
 * @self: a #XnProfile
 *
 * Returns: the #XnProfile:privilege property
 */
XnPrivilege
xn_profile_get_privilege (XnProfile *self)
{
  g_return_val_if_fail (XN_IS_PROFILE (self), 0);

  return self->privilege;
}

/**
 * xn_profile_set_privilege:
 * @self: a #XnProfile
 * @privilege: the new value
 *
 * Sets #XnProfile:privilege; notifies only when it changed.
 */
void
xn_profile_set_privilege (XnProfile *self,
                          XnPrivilege privilege)
{
  g_return_if_fail (XN_IS_PROFILE (self));

  if (self->privilege == privilege)
    return;

  self->privilege = privilege;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PRIVILEGE]);
}

/**
 * xn_profile_get_max_violations:
 * @self: a #XnProfile
 *
 * Returns: the #XnProfile:max-violations property
 */
guint
xn_profile_get_max_violations (XnProfile *self)
{
  g_return_val_if_fail (XN_IS_PROFILE (self), 0);

  return self->max_violations;
}

/**
 * xn_profile_set_max_violations:
 * @self: a #XnProfile
 * @max_violations: the new value
 *
 * Sets #XnProfile:max-violations; notifies only when it changed.
 */
void
xn_profile_set_max_violations (XnProfile *self,
                               guint max_violations)
{
  g_return_if_fail (XN_IS_PROFILE (self));

  if (self->max_violations == max_violations)
    return;

  self->max_violations = max_violations;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MAX_VIOLATIONS]);
}

/**
 * xn_profile_get_violation_action:
 * @self: a #XnProfile
 *
 * Returns: the #XnProfile:violation-action property
 */
XnViolationAction
xn_profile_get_violation_action (XnProfile *self)
{
  g_return_val_if_fail (XN_IS_PROFILE (self), 0);

  return self->violation_action;
}

/**
 * xn_profile_set_violation_action:
 * @self: a #XnProfile
 * @violation_action: the new value
 *
 * Sets #XnProfile:violation-action; notifies only when it changed.
 */
void
xn_profile_set_violation_action (XnProfile *self,
                                 XnViolationAction violation_action)
{
  g_return_if_fail (XN_IS_PROFILE (self));

  if (self->violation_action == violation_action)
    return;

  self->violation_action = violation_action;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_VIOLATION_ACTION]);
}

/**
 * xn_profile_get_rate_hmax:
 * @self: a #XnProfile
 *
 * Returns: the #XnProfile:rate-hmax property
 */
guint
xn_profile_get_rate_hmax (XnProfile *self)
{
  g_return_val_if_fail (XN_IS_PROFILE (self), 0);

  return self->rate_hmax;
}

/**
 * xn_profile_set_rate_hmax:
 * @self: a #XnProfile
 * @rate_hmax: the new value
 *
 * Sets #XnProfile:rate-hmax; notifies only when it changed.
 */
void
xn_profile_set_rate_hmax (XnProfile *self,
                          guint rate_hmax)
{
  g_return_if_fail (XN_IS_PROFILE (self));

  if (self->rate_hmax == rate_hmax)
    return;

  self->rate_hmax = rate_hmax;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RATE_HMAX]);
}

/**
 * xn_profile_get_rate_burst:
 * @self: a #XnProfile
 *
 * Returns: the #XnProfile:rate-burst property
 */
guint
xn_profile_get_rate_burst (XnProfile *self)
{
  g_return_val_if_fail (XN_IS_PROFILE (self), 0);

  return self->rate_burst;
}

/**
 * xn_profile_set_rate_burst:
 * @self: a #XnProfile
 * @rate_burst: the new value
 *
 * Sets #XnProfile:rate-burst; notifies only when it changed.
 */
void
xn_profile_set_rate_burst (XnProfile *self,
                           guint rate_burst)
{
  g_return_if_fail (XN_IS_PROFILE (self));

  if (self->rate_burst == rate_burst)
    return;

  self->rate_burst = rate_burst;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RATE_BURST]);
}

/**
 * xn_profile_get_learning:
 * @self: a #XnProfile
 *
 * Returns: the #XnProfile:learning property
 */
gboolean
xn_profile_get_learning (XnProfile *self)
{
  g_return_val_if_fail (XN_IS_PROFILE (self), FALSE);

  return self->learning;
}

/**
 * xn_profile_set_learning:
 * @self: a #XnProfile
 * @learning: the new value
 *
 * Sets #XnProfile:learning; notifies only when it changed.
 */
void
xn_profile_set_learning (XnProfile *self,
                         gboolean   learning)
{
  g_return_if_fail (XN_IS_PROFILE (self));

  learning = !!learning;
  if (self->learning == learning)
    return;

  self->learning = learning;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LEARNING]);
}

/**
 * xn_profile_get_hypercalls:
 * @self: a #XnProfile
 *
 * Allowed hypercalls, in document order.
 *
 * Returns: (transfer none): the list of #XnHypercallRule
 */
XnObjectList *
xn_profile_get_hypercalls (XnProfile *self)
{
  g_return_val_if_fail (XN_IS_PROFILE (self), NULL);

  return self->hypercalls;
}

/**
 * xn_profile_find_hypercall:
 * @self: a #XnProfile
 * @name: a hypercall name as in xen.h, e.g. `memory_op`
 *
 * Returns: (transfer none) (nullable): the rule allowing @name, if any
 */
XnHypercallRule *
xn_profile_find_hypercall (XnProfile  *self,
                           const char *name)
{
  g_return_val_if_fail (XN_IS_PROFILE (self), NULL);

  return XN_HYPERCALL_RULE (xn_object_list_lookup_name (self->hypercalls, name));
}
