/* xn-command.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * XnCommand is one undoable edit of a policy document: every change the
 * editor makes goes through a command pushed on an #XnCommandStack, so it
 * can be undone and redone. The shape follows Glade's GladeCommand
 * (execute/undo/unifies) with one difference: apply and revert may fail
 * and report why, and a failing command leaves the document untouched, so
 * the stack never records an edit that did not happen.
 */

#define G_LOG_DOMAIN "xn-command"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xn-command.h"

typedef struct
{
  char *label;
} XnCommandPrivate;

enum {
  PROP_0,
  PROP_LABEL,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (XnCommand, xn_command, G_TYPE_OBJECT)

G_DEFINE_QUARK (xn-command-error-quark, xn_command_error)

static gboolean
xn_command_real_apply (XnCommand  *self,
                       GError    **error)
{
  g_set_error (error, XN_COMMAND_ERROR, XN_COMMAND_ERROR_FAILED,
               _("Command %s cannot be applied"), G_OBJECT_TYPE_NAME (self));
  return FALSE;
}

static gboolean
xn_command_real_revert (XnCommand  *self,
                        GError    **error)
{
  g_set_error (error, XN_COMMAND_ERROR, XN_COMMAND_ERROR_FAILED,
               _("Command %s cannot be reverted"), G_OBJECT_TYPE_NAME (self));
  return FALSE;
}

static gboolean
xn_command_real_merge (XnCommand *self,
                       XnCommand *next)
{
  return FALSE;
}

static void
xn_command_finalize (GObject *object)
{
  XnCommand *self = XN_COMMAND (object);
  XnCommandPrivate *priv = xn_command_get_instance_private (self);

  g_clear_pointer (&priv->label, g_free);

  G_OBJECT_CLASS (xn_command_parent_class)->finalize (object);
}

static void
xn_command_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  XnCommand *self = XN_COMMAND (object);

  switch (prop_id)
    {
    case PROP_LABEL:
      g_value_set_string (value, xn_command_get_label (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_command_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  XnCommand *self = XN_COMMAND (object);

  switch (prop_id)
    {
    case PROP_LABEL:
      xn_command_set_label (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_command_class_init (XnCommandClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = xn_command_finalize;
  object_class->get_property = xn_command_get_property;
  object_class->set_property = xn_command_set_property;

  klass->apply = xn_command_real_apply;
  klass->revert = xn_command_real_revert;
  klass->merge = xn_command_real_merge;

  /**
   * XnCommand:label:
   *
   * What the command does, translated, as the editor shows it after
   * "Undo" or "Redo": "Rename Tag", "Move Domain".
   */
  properties [PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xn_command_init (XnCommand *self)
{
}

/**
 * xn_command_get_label:
 * @self: an #XnCommand
 *
 * Returns: (transfer none) (nullable): the translated label
 */
const char *
xn_command_get_label (XnCommand *self)
{
  XnCommandPrivate *priv = xn_command_get_instance_private (self);

  g_return_val_if_fail (XN_IS_COMMAND (self), NULL);

  return priv->label;
}

/**
 * xn_command_set_label:
 * @self: an #XnCommand
 * @label: (nullable): a translated label such as "Rename Tag"
 *
 * Sets #XnCommand:label; notifies only when it changed.
 */
void
xn_command_set_label (XnCommand  *self,
                      const char *label)
{
  XnCommandPrivate *priv = xn_command_get_instance_private (self);

  g_return_if_fail (XN_IS_COMMAND (self));

  if (g_strcmp0 (priv->label, label) == 0)
    return;

  g_free (priv->label);
  priv->label = g_strdup (label);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LABEL]);
}

static gboolean
check_result (XnCommand  *self,
              gboolean    ret,
              GError    **error,
              GError     *local_error)
{
  if (ret)
    {
      g_assert (local_error == NULL);
      return TRUE;
    }

  /* A subclass that fails without saying why is a bug, but the caller
   * still deserves an error to show. */
  if (local_error == NULL)
    {
      g_critical ("%s failed without setting an error", G_OBJECT_TYPE_NAME (self));
      local_error = g_error_new (XN_COMMAND_ERROR, XN_COMMAND_ERROR_FAILED,
                                 _("Command %s failed"), G_OBJECT_TYPE_NAME (self));
    }

  g_propagate_error (error, local_error);
  return FALSE;
}

/**
 * xn_command_apply:
 * @self: an #XnCommand
 * @error: return location for a #GError
 *
 * Does (or redoes) the edit. Usually called by #XnCommandStack, not
 * directly.
 *
 * Returns: %TRUE on success; on failure the document is unchanged and
 *   @error says why
 */
gboolean
xn_command_apply (XnCommand  *self,
                  GError    **error)
{
  GError *local_error = NULL;
  gboolean ret;

  g_return_val_if_fail (XN_IS_COMMAND (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ret = XN_COMMAND_GET_CLASS (self)->apply (self, &local_error);

  return check_result (self, ret, error, local_error);
}

/**
 * xn_command_revert:
 * @self: an #XnCommand
 * @error: return location for a #GError
 *
 * Undoes the edit of a previous xn_command_apply().
 *
 * Returns: %TRUE on success; on failure the document is unchanged and
 *   @error says why
 */
gboolean
xn_command_revert (XnCommand  *self,
                   GError    **error)
{
  GError *local_error = NULL;
  gboolean ret;

  g_return_val_if_fail (XN_IS_COMMAND (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ret = XN_COMMAND_GET_CLASS (self)->revert (self, &local_error);

  return check_result (self, ret, error, local_error);
}

/**
 * xn_command_merge:
 * @self: an applied #XnCommand
 * @next: a command applied right after @self
 *
 * Asks @self to absorb @next, so that one undo reverts both (consecutive
 * keystrokes in one text field). The stack decides when merging is
 * allowed; the command decides whether it can.
 *
 * Returns: %TRUE if @self absorbed @next and @next can be dropped
 */
gboolean
xn_command_merge (XnCommand *self,
                  XnCommand *next)
{
  g_return_val_if_fail (XN_IS_COMMAND (self), FALSE);
  g_return_val_if_fail (XN_IS_COMMAND (next), FALSE);

  if (self == next)
    return FALSE;

  return XN_COMMAND_GET_CLASS (self)->merge (self, next);
}
