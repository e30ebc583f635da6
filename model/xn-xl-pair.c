/* xn-xl-pair.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * XnXlPair is one verbatim line of extra `xl` configuration.
 *
 * The compiler writes the settings that carry the policy itself (the
 * domain's identity, label, VIFs, disks and PCI devices); an extra line
 * may add to them but never set one of those again, or a later
 * "seclabel" would rebind the domain to another label and a later "vif"
 * would undo anti-spoofing. xn_xl_text_find_reserved_key() is the one
 * place that decides, for the lint and the compiler alike.
 */

#define G_LOG_DOMAIN "xn-xl-pair"

#include "config.h"

#include <string.h>

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
   * The line, e.g. `on_crash = "preserve"`.
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

/* What build_xl_config() in xn-compile.c writes, and the xl names that
 * set the same thing (xl.cfg(5)): "builder" and "pvh" choose the type,
 * "extra" and "root" make the command line, the other seclabels label
 * the domain while it is built. */
static const char *const reserved_keys[] = {
  "name", "uuid", "type", "builder", "pvh", "memory", "vcpus",
  "kernel", "ramdisk", "cmdline", "extra", "root",
  "seclabel", "init_seclabel", "device_model_stubdomain_seclabel",
  "vif", "disk", "pci",
};

static const char *
reserved_key (const char *key,
              gsize       len)
{
  for (guint i = 0; i < G_N_ELEMENTS (reserved_keys); i++)
    if (strlen (reserved_keys[i]) == len && g_ascii_strncasecmp (key, reserved_keys[i], len) == 0)
      return reserved_keys[i];
  return NULL;
}

/**
 * xn_xl_text_find_reserved_key:
 * @text: (nullable): one line of extra xl configuration, as
 *   xn_xl_pair_get_text() gives it
 *
 * Looks through every setting of @text (xl takes several on one line,
 * separated by ";", and "+=" as well as "=") for a key the compiler
 * writes itself. Keys are compared without regard to case, so no
 * spelling slips past.
 *
 * Returns: (transfer none) (nullable): the first such key, in lower
 *   case, or %NULL when @text sets none
 */
const char *
xn_xl_text_find_reserved_key (const char *text)
{
  const char *p = text;

  if (text == NULL)
    return NULL;

  while (TRUE)
    {
      const char *key;

      while (*p == ' ' || *p == '\t')
        p++;
      key = p;
      while (g_ascii_isalnum (*p) || *p == '_' || *p == '.')
        p++;
      if (p > key)
        {
          const char *q = p;
          const char *found;

          while (*q == ' ' || *q == '\t')
            q++;
          if ((*q == '=' || (q[0] == '+' && q[1] == '=')) &&
              (found = reserved_key (key, (gsize) (p - key))) != NULL)
            return found;
        }

      /* On to the next statement (after ";" or a new line, which the
       * compiler refuses but which must not hide a key here); quotes
       * may hide ";" and "#", a comment runs to the end of its line. */
      while (*p != '\0' && *p != ';' && *p != '\n')
        {
          if (*p == '#')
            {
              p += strcspn (p, "\n");
              continue;
            }
          if (*p == '"' || *p == '\'')
            {
              char quote = *p++;

              while (*p != '\0' && *p != quote)
                p += (p[0] == '\\' && p[1] != '\0') ? 2 : 1;
              if (*p == '\0')
                return NULL;
            }
          p++;
        }
      if (*p == '\0')
        return NULL;
      p++;
    }
}
