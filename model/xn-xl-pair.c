/* xn-xl-pair.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * XnXlPair is one verbatim line of extra `xl` configuration.
 */

#define G_LOG_DOMAIN "xn-xl-pair"

#include "config.h"

#include "xn-xl-pair.h"
#include "xn-model-private.h"

G_DEFINE_FINAL_TYPE (XnXlPair, xn_xl_pair, XN_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
xn_xl_pair_finalize (GObject *object)
{
  XnXlPair *self = XN_XL_PAIR (object);

  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (xn_xl_pair_parent_class)->finalize (object);
}

static void
xn_xl_pair_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  XnXlPair *self = XN_XL_PAIR (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_xl_pair_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  XnXlPair *self = XN_XL_PAIR (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      xn_xl_pair_set_text (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_xl_pair_class_init (XnXlPairClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = xn_xl_pair_finalize;
  object_class->get_property = xn_xl_pair_get_property;
  object_class->set_property = xn_xl_pair_set_property;

  /**
   * XnXlPair:text:
   *
   * The line, e.g. `builder = "generic"`.
   */
  properties [PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xn_xl_pair_init (XnXlPair *self)
{
}

/**
 * xn_xl_pair_get_text:
 * @self: a #XnXlPair
 *
 * Returns: (transfer none) (nullable): the #XnXlPair:text property
 */
const char *
xn_xl_pair_get_text (XnXlPair *self)
{
  g_return_val_if_fail (XN_IS_XL_PAIR (self), NULL);

  return self->text;
}

/**
 * xn_xl_pair_set_text:
 * @self: a #XnXlPair
 * @text (nullable): the new value
 *
 * Sets #XnXlPair:text; notifies only when it changed.
 */
void
xn_xl_pair_set_text (XnXlPair *self,
                     const char *text)
{
  g_return_if_fail (XN_IS_XL_PAIR (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;

  g_free (self->text);
  self->text = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TEXT]);
}

/**
 * xn_xl_pair_new:
 * @text: (nullable): the verbatim line
 *
 * Returns: (transfer full): a new #XnXlPair
 */
XnXlPair *
xn_xl_pair_new (const char *text)
{
  return g_object_new (XN_TYPE_XL_PAIR, "text", text, NULL);
}
