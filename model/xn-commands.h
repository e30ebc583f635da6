/* xn-commands.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "xn-command.h"
#include "xn-object-list.h"

G_BEGIN_DECLS

#define XN_TYPE_SET_PROPERTY_COMMAND (xn_set_property_command_get_type ())
#define XN_TYPE_INSERT_COMMAND       (xn_insert_command_get_type ())
#define XN_TYPE_REMOVE_COMMAND       (xn_remove_command_get_type ())
#define XN_TYPE_MOVE_COMMAND         (xn_move_command_get_type ())
#define XN_TYPE_GROUP_COMMAND        (xn_group_command_get_type ())

G_DECLARE_FINAL_TYPE (XnSetPropertyCommand, xn_set_property_command, XN, SET_PROPERTY_COMMAND, XnCommand)
G_DECLARE_FINAL_TYPE (XnInsertCommand, xn_insert_command, XN, INSERT_COMMAND, XnCommand)
G_DECLARE_FINAL_TYPE (XnRemoveCommand, xn_remove_command, XN, REMOVE_COMMAND, XnCommand)
G_DECLARE_FINAL_TYPE (XnMoveCommand, xn_move_command, XN, MOVE_COMMAND, XnCommand)
G_DECLARE_FINAL_TYPE (XnGroupCommand, xn_group_command, XN, GROUP_COMMAND, XnCommand)

XnCommand *xn_set_property_command_new      (GObject        *object,
                                             const char     *property,
                                             const GValue   *value);
XnCommand *xn_insert_command_new            (XnObjectList   *list,
                                             guint           position,
                                             XnObject       *object);
XnCommand *xn_remove_command_new            (XnObjectList   *list,
                                             guint           position);
XnObject  *xn_remove_command_get_object     (XnRemoveCommand *self);
XnCommand *xn_move_command_new              (XnObjectList   *from,
                                             guint           from_position,
                                             XnObjectList   *to,
                                             guint           to_position);
XnCommand *xn_group_command_new             (const char     *label);
void       xn_group_command_add             (XnGroupCommand *self,
                                             XnCommand      *command);
guint      xn_group_command_get_n_commands  (XnGroupCommand *self);
XnCommand *xn_group_command_get_command     (XnGroupCommand *self,
                                             guint           position);

G_END_DECLS
