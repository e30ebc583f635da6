/* xn-command-stack.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "xn-command.h"

G_BEGIN_DECLS

#define XN_TYPE_COMMAND_STACK (xn_command_stack_get_type ())

G_DECLARE_FINAL_TYPE (XnCommandStack, xn_command_stack, XN, COMMAND_STACK, GObject)

XnCommandStack *xn_command_stack_new              (void);
gboolean        xn_command_stack_push             (XnCommandStack  *self,
                                                   XnCommand       *command,
                                                   GError         **error);
gboolean        xn_command_stack_undo             (XnCommandStack  *self,
                                                   GError         **error);
gboolean        xn_command_stack_redo             (XnCommandStack  *self,
                                                   GError         **error);
void            xn_command_stack_begin_group      (XnCommandStack  *self,
                                                   const char      *label);
void            xn_command_stack_end_group        (XnCommandStack  *self);
gboolean        xn_command_stack_abort_group      (XnCommandStack  *self,
                                                   GError         **error);
guint           xn_command_stack_get_group_depth  (XnCommandStack  *self);
void            xn_command_stack_clear            (XnCommandStack  *self);
void            xn_command_stack_break_merge      (XnCommandStack  *self);
void            xn_command_stack_drop_redo        (XnCommandStack  *self);
void            xn_command_stack_set_unmodified   (XnCommandStack  *self);
gboolean        xn_command_stack_get_modified     (XnCommandStack  *self);
gboolean        xn_command_stack_get_can_undo     (XnCommandStack  *self);
gboolean        xn_command_stack_get_can_redo     (XnCommandStack  *self);
const char     *xn_command_stack_get_undo_label   (XnCommandStack  *self);
const char     *xn_command_stack_get_redo_label   (XnCommandStack  *self);
gboolean        xn_command_stack_get_applying     (XnCommandStack  *self);
guint           xn_command_stack_get_n_undo       (XnCommandStack  *self);
guint           xn_command_stack_get_n_redo       (XnCommandStack  *self);
guint           xn_command_stack_get_max_depth    (XnCommandStack  *self);
void            xn_command_stack_set_max_depth    (XnCommandStack  *self,
                                                   guint            max_depth);
guint           xn_command_stack_get_merge_window (XnCommandStack  *self);
void            xn_command_stack_set_merge_window (XnCommandStack  *self,
                                                   guint            merge_window);

G_END_DECLS
