/* xn-hypercall-rule.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * XnHypercallRule allows one hypercall (its #XnObject:name, e.g.
 * `memory_op`) to a profile, optionally only some sub-ops. It is an
 * object in a list so generic insert/remove/property commands undo it.
 */

#define G_LOG_DOMAIN "xn-hypercall-rule"

#include "config.h"

#include "xn-hypercall-rule.h"
#include "xn-model-private.h"
#include "xng-names.h"

G_STATIC_ASSERT (XN_N_HYPERCALLS == XNG_N_HYPERCALLS);

G_DEFINE_FINAL_TYPE (XnHypercallRule, xn_hypercall_rule, XN_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SUBOPS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
xn_hypercall_rule_finalize (GObject *object)
{
  XnHypercallRule *self = XN_HYPERCALL_RULE (object);

  g_clear_pointer (&self->subops, g_free);

  G_OBJECT_CLASS (xn_hypercall_rule_parent_class)->finalize (object);
}

static void
xn_hypercall_rule_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  XnHypercallRule *self = XN_HYPERCALL_RULE (object);

  switch (prop_id)
    {
    case PROP_SUBOPS:
      g_value_set_string (value, self->subops);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_hypercall_rule_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  XnHypercallRule *self = XN_HYPERCALL_RULE (object);

  switch (prop_id)
    {
    case PROP_SUBOPS:
      xn_hypercall_rule_set_subops (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_hypercall_rule_class_init (XnHypercallRuleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = xn_hypercall_rule_finalize;
  object_class->get_property = xn_hypercall_rule_get_property;
  object_class->set_property = xn_hypercall_rule_set_property;

  /**
   * XnHypercallRule:subops:
   *
   * Allowed sub-op numbers as ranges, e.g. `0-9,12`; %NULL allows all.
   */
  properties [PROP_SUBOPS] =
    g_param_spec_string ("subops", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xn_hypercall_rule_init (XnHypercallRule *self)
{
}

/**
 * xn_hypercall_rule_get_subops:
 * @self: a #XnHypercallRule
 *
 * Returns: (transfer none) (nullable): the #XnHypercallRule:subops property
 */
const char *
xn_hypercall_rule_get_subops (XnHypercallRule *self)
{
  g_return_val_if_fail (XN_IS_HYPERCALL_RULE (self), NULL);

  return self->subops;
}

/**
 * xn_hypercall_rule_set_subops:
 * @self: a #XnHypercallRule
 * @subops (nullable): the new value
 *
 * Sets #XnHypercallRule:subops; notifies only when it changed.
 */
void
xn_hypercall_rule_set_subops (XnHypercallRule *self,
                              const char *subops)
{
  g_return_if_fail (XN_IS_HYPERCALL_RULE (self));

  if (g_strcmp0 (self->subops, subops) == 0)
    return;

  g_free (self->subops);
  self->subops = g_strdup (subops);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SUBOPS]);
}

/**
 * xn_hypercall_rule_new:
 * @name: the hypercall's name as in xen.h, e.g. `memory_op`
 * @subops: (nullable): allowed sub-ops as ranges, e.g. `0-9,12`, or %NULL
 *   for all
 *
 * Returns: (transfer full): a new #XnHypercallRule
 */
XnHypercallRule *
xn_hypercall_rule_new (const char *name,
                       const char *subops)
{
  return g_object_new (XN_TYPE_HYPERCALL_RULE, "name", name, "subops", subops, NULL);
}

/**
 * xn_hypercall_get_name:
 * @number: a hypercall number, below %XN_N_HYPERCALLS
 *
 * The name Xen 4.17's `xen.h` gives hypercall @number, the one a profile
 * writes. Views list hypercalls through this rather than the guard's own
 * table, so the model stays the one place that knows them.
 *
 * Returns: (transfer none) (nullable): the name, or %NULL when Xen
 *   defines no hypercall @number
 */
const char *
xn_hypercall_get_name (guint number)
{
  return number < XN_N_HYPERCALLS ? xng_hypercall_name (number) : NULL;
}
