/* xn-command.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define XN_COMMAND_ERROR (xn_command_error_quark ())

/**
 * XnCommandError:
 * @XN_COMMAND_ERROR_FAILED: the command failed for another reason
 * @XN_COMMAND_ERROR_INVALID: the command's arguments do not fit the
 *   document (no such property, position past the end, wrong item type …)
 * @XN_COMMAND_ERROR_STALE: the document no longer is as the command left
 *   it (something changed it behind the stack's back)
 * @XN_COMMAND_ERROR_BUSY: the stack is applying a command or has a group
 *   open and cannot undo or redo now
 * @XN_COMMAND_ERROR_EMPTY: there is nothing to undo or redo
 *
 * Error codes in the #XN_COMMAND_ERROR domain.
 */
typedef enum
{
  XN_COMMAND_ERROR_FAILED,
  XN_COMMAND_ERROR_INVALID,
  XN_COMMAND_ERROR_STALE,
  XN_COMMAND_ERROR_BUSY,
  XN_COMMAND_ERROR_EMPTY,
} XnCommandError;

#define XN_TYPE_COMMAND (xn_command_get_type ())

G_DECLARE_DERIVABLE_TYPE (XnCommand, xn_command, XN, COMMAND, GObject)

/**
 * XnCommandClass:
 * @parent_class: the parent class
 * @apply: does (or redoes) the edit; on failure sets @error and leaves
 *   the document as it was
 * @revert: undoes the edit; on failure sets @error and leaves the
 *   document as it was
 * @merge: absorbs @next, an applied command that follows @self, so that
 *   reverting @self undoes both; returns %FALSE to keep them apart
 *
 * The class of undoable edits. Subclasses implement @apply and @revert;
 * @merge is optional.
 */
struct _XnCommandClass
{
  GObjectClass parent_class;

  gboolean (*apply)  (XnCommand  *self,
                      GError    **error);
  gboolean (*revert) (XnCommand  *self,
                      GError    **error);
  gboolean (*merge)  (XnCommand  *self,
                      XnCommand  *next);

  /*< private >*/
  gpointer padding[8];
};

GQuark      xn_command_error_quark (void);

const char *xn_command_get_label   (XnCommand   *self);
void        xn_command_set_label   (XnCommand   *self,
                                    const char  *label);
gboolean    xn_command_apply       (XnCommand   *self,
                                    GError     **error);
gboolean    xn_command_revert      (XnCommand   *self,
                                    GError     **error);
gboolean    xn_command_merge       (XnCommand   *self,
                                    XnCommand   *next);

G_END_DECLS
