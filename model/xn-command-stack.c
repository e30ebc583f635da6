/* xn-command-stack.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * XnCommandStack is a document's undo history: one per open document,
 * GTK-free, so the editor binds its actions to #XnCommandStack:can-undo
 * and friends and the CLI can run the same edits.
 *
 * It follows GTK's text history (gtk/gtktexthistory.c): separate undo
 * and redo queues; a new edit clears the redo queue; nested groups make
 * one entry; an irreversible point (load, re-sign) wipes the history; an
 * "applying" guard keeps edits made while a command runs out of the
 * history; and a saved marker gives the dirty state. Unlike Glade's
 * command module, the group depth belongs to each stack, not to the
 * process, so two documents never share a half-open group.
 *
 * The saved marker is the length of the undo queue when the document was
 * saved. Undoing back to it makes the document clean again; once the
 * entry it stands on is gone (cleared from redo by a new edit, dropped by
 * the depth limit) it is -1 and the document stays modified until the
 * next save.
 */

#define G_LOG_DOMAIN "xn-command-stack"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xn-command-stack.h"
#include "xn-commands.h"

#define DEFAULT_MAX_DEPTH    1000
#define DEFAULT_MERGE_WINDOW 1000  /* ms */

typedef struct
{
  char      *label;
  GPtrArray *commands;   /* applied, owned */
} OpenGroup;

struct _XnCommandStack
{
  GObject    parent_instance;

  /* Owned references */
  GQueue     undo;             /* XnCommand; head is the oldest */
  GQueue     redo;             /* XnCommand; head is the next to redo */
  GPtrArray *groups;           /* OpenGroup; the innermost last */

  char      *undo_label;       /* as last notified */
  char      *redo_label;

  gint64     last_push_time;   /* monotonic, µs */
  gint       saved_depth;      /* undo length when saved; -1 unreachable */
  guint      max_depth;
  guint      merge_window;     /* ms; 0 never merges */

  guint      merge_allowed : 1;
  guint      applying : 1;
  guint      can_undo : 1;     /* as last notified */
  guint      can_redo : 1;
  guint      modified : 1;
};

enum {
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_UNDO_LABEL,
  PROP_REDO_LABEL,
  PROP_MODIFIED,
  PROP_MAX_DEPTH,
  PROP_MERGE_WINDOW,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (XnCommandStack, xn_command_stack, G_TYPE_OBJECT)

static void
open_group_free (OpenGroup *group)
{
  g_free (group->label);
  g_ptr_array_unref (group->commands);
  g_free (group);
}

static gboolean
compute_can_undo (XnCommandStack *self)
{
  return self->groups->len == 0 && self->undo.length > 0;
}

static gboolean
compute_can_redo (XnCommandStack *self)
{
  return self->groups->len == 0 && self->redo.length > 0;
}

static gboolean
compute_modified (XnCommandStack *self)
{
  if (self->saved_depth != (gint) self->undo.length)
    return TRUE;

  /* Edits inside an open group are already in the document. */
  for (guint i = 0; i < self->groups->len; i++)
    {
      OpenGroup *group = g_ptr_array_index (self->groups, i);

      if (group->commands->len > 0)
        return TRUE;
    }

  return FALSE;
}

static char *
compute_label (gboolean   undo,
               XnCommand *command)
{
  const char *label = command != NULL ? xn_command_get_label (command) : NULL;

  if (label == NULL || label[0] == '\0')
    return g_strdup (undo ? _("Undo") : _("Redo"));

  /* Translators: %s is what the edit did, e.g. "Undo Rename Tag" */
  if (undo)
    return g_strdup_printf (_("Undo %s"), label);

  /* Translators: %s is what the edit did, e.g. "Redo Rename Tag" */
  return g_strdup_printf (_("Redo %s"), label);
}

static gboolean
replace_string (char       **ptr,
                char        *value)
{
  if (g_strcmp0 (*ptr, value) == 0)
    {
      g_free (value);
      return FALSE;
    }

  g_free (*ptr);
  *ptr = value;
  return TRUE;
}

/* Called after every change of the queues: notifies exactly the
 * properties whose value changed. */
static void
update_state (XnCommandStack *self)
{
  gboolean can_undo = compute_can_undo (self);
  gboolean can_redo = compute_can_redo (self);
  gboolean modified = compute_modified (self);
  char *undo_label;
  char *redo_label;

  g_assert (XN_IS_COMMAND_STACK (self));

  undo_label = compute_label (TRUE, can_undo ? g_queue_peek_tail (&self->undo) : NULL);
  redo_label = compute_label (FALSE, can_redo ? g_queue_peek_head (&self->redo) : NULL);

  g_object_freeze_notify (G_OBJECT (self));

  if (self->can_undo != can_undo)
    {
      self->can_undo = can_undo;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CAN_UNDO]);
    }

  if (self->can_redo != can_redo)
    {
      self->can_redo = can_redo;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CAN_REDO]);
    }

  if (self->modified != modified)
    {
      self->modified = modified;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MODIFIED]);
    }

  if (replace_string (&self->undo_label, undo_label))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_UNDO_LABEL]);

  if (replace_string (&self->redo_label, redo_label))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_REDO_LABEL]);

  g_object_thaw_notify (G_OBJECT (self));
}

static void
clear_queue (GQueue *queue)
{
  XnCommand *command;

  while ((command = g_queue_pop_head (queue)) != NULL)
    g_object_unref (command);
}

static void
drop_redo (XnCommandStack *self)
{
  g_assert (XN_IS_COMMAND_STACK (self));

  if (self->redo.length == 0)
    return;

  /* The saved state was ahead of us: it can no longer be reached. */
  if (self->saved_depth > (gint) self->undo.length)
    self->saved_depth = -1;

  clear_queue (&self->redo);
}

static void
trim (XnCommandStack *self)
{
  g_assert (XN_IS_COMMAND_STACK (self));

  while (self->max_depth > 0 && self->undo.length > self->max_depth)
    {
      g_object_unref (g_queue_pop_head (&self->undo));

      /* Depths count from the oldest entry kept; a saved point at 0 was
       * the state before the entry just dropped, gone for good. */
      if (self->saved_depth >= 0)
        self->saved_depth--;
    }
}

static void
record (XnCommandStack *self,
        XnCommand      *command)
{
  g_assert (XN_IS_COMMAND_STACK (self));
  g_assert (XN_IS_COMMAND (command));

  g_queue_push_tail (&self->undo, command);
  trim (self);
}

static gboolean
check_idle (XnCommandStack  *self,
            GError         **error)
{
  if (self->applying)
    {
      g_set_error_literal (error, XN_COMMAND_ERROR, XN_COMMAND_ERROR_BUSY,
                           _("An edit is being applied"));
      return FALSE;
    }

  if (self->groups->len > 0)
    {
      g_set_error_literal (error, XN_COMMAND_ERROR, XN_COMMAND_ERROR_BUSY,
                           _("A group of edits is still open"));
      return FALSE;
    }

  return TRUE;
}

static void
xn_command_stack_dispose (GObject *object)
{
  XnCommandStack *self = XN_COMMAND_STACK (object);

  clear_queue (&self->undo);
  clear_queue (&self->redo);
  if (self->groups != NULL)
    g_ptr_array_set_size (self->groups, 0);

  G_OBJECT_CLASS (xn_command_stack_parent_class)->dispose (object);
}

static void
xn_command_stack_finalize (GObject *object)
{
  XnCommandStack *self = XN_COMMAND_STACK (object);

  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->undo_label, g_free);
  g_clear_pointer (&self->redo_label, g_free);

  G_OBJECT_CLASS (xn_command_stack_parent_class)->finalize (object);
}

static void
xn_command_stack_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  XnCommandStack *self = XN_COMMAND_STACK (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, xn_command_stack_get_can_undo (self));
      break;

    case PROP_CAN_REDO:
      g_value_set_boolean (value, xn_command_stack_get_can_redo (self));
      break;

    case PROP_UNDO_LABEL:
      g_value_set_string (value, xn_command_stack_get_undo_label (self));
      break;

    case PROP_REDO_LABEL:
      g_value_set_string (value, xn_command_stack_get_redo_label (self));
      break;

    case PROP_MODIFIED:
      g_value_set_boolean (value, xn_command_stack_get_modified (self));
      break;

    case PROP_MAX_DEPTH:
      g_value_set_uint (value, xn_command_stack_get_max_depth (self));
      break;

    case PROP_MERGE_WINDOW:
      g_value_set_uint (value, xn_command_stack_get_merge_window (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_command_stack_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  XnCommandStack *self = XN_COMMAND_STACK (object);

  switch (prop_id)
    {
    case PROP_MAX_DEPTH:
      xn_command_stack_set_max_depth (self, g_value_get_uint (value));
      break;

    case PROP_MERGE_WINDOW:
      xn_command_stack_set_merge_window (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_command_stack_class_init (XnCommandStackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = xn_command_stack_dispose;
  object_class->finalize = xn_command_stack_finalize;
  object_class->get_property = xn_command_stack_get_property;
  object_class->set_property = xn_command_stack_set_property;

  /**
   * XnCommandStack:can-undo:
   *
   * Whether xn_command_stack_undo() has something to undo (and no group
   * is open). The editor binds its "undo" action to it.
   */
  properties [PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnCommandStack:can-redo:
   *
   * Whether xn_command_stack_redo() has something to redo.
   */
  properties [PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnCommandStack:undo-label:
   *
   * The translated text for the undo menu item: "Undo Rename Tag", or
   * just "Undo" when there is nothing to undo.
   */
  properties [PROP_UNDO_LABEL] =
    g_param_spec_string ("undo-label", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnCommandStack:redo-label:
   *
   * The translated text for the redo menu item: "Redo Rename Tag", or
   * just "Redo".
   */
  properties [PROP_REDO_LABEL] =
    g_param_spec_string ("redo-label", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnCommandStack:modified:
   *
   * Whether the document differs from its last saved state, as far as
   * the history can tell: %FALSE at the point marked by
   * xn_command_stack_set_unmodified(), including after undoing or
   * redoing back to it.
   */
  properties [PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnCommandStack:max-depth:
   *
   * How many entries the undo queue keeps; the oldest are dropped
   * beyond it. 0 keeps all.
   */
  properties [PROP_MAX_DEPTH] =
    g_param_spec_uint ("max-depth", NULL, NULL, 0, G_MAXUINT, DEFAULT_MAX_DEPTH,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * XnCommandStack:merge-window:
   *
   * How long, in milliseconds, after one push a following command may
   * still merge into it (typing in one field is one undo step). 0 never
   * merges.
   */
  properties [PROP_MERGE_WINDOW] =
    g_param_spec_uint ("merge-window", NULL, NULL, 0, G_MAXUINT, DEFAULT_MERGE_WINDOW,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xn_command_stack_init (XnCommandStack *self)
{
  g_queue_init (&self->undo);
  g_queue_init (&self->redo);
  self->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) open_group_free);
  self->max_depth = DEFAULT_MAX_DEPTH;
  self->merge_window = DEFAULT_MERGE_WINDOW;
  self->undo_label = g_strdup (_("Undo"));
  self->redo_label = g_strdup (_("Redo"));
}

/**
 * xn_command_stack_new:
 *
 * Returns: (transfer full): a new, empty and unmodified #XnCommandStack
 */
XnCommandStack *
xn_command_stack_new (void)
{
  return g_object_new (XN_TYPE_COMMAND_STACK, NULL);
}

/**
 * xn_command_stack_push:
 * @self: an #XnCommandStack
 * @command: the edit to make
 * @error: return location for a #GError
 *
 * Applies @command and records it: as a new undo entry, inside the open
 * group if there is one, or merged into the previous command when the
 * merge window is open and that command accepts (see
 * xn_command_merge()). A successful push clears the redo queue.
 *
 * If @command fails, nothing is recorded, the document is unchanged and
 * @error says why.
 *
 * A push made while the stack is applying a command (from a handler the
 * command's changes set off, or during undo or redo) is ignored and
 * returns %TRUE: the running command already brings the document to the
 * state the history records, so the nested edit is neither applied nor
 * recorded.
 *
 * Returns: %TRUE if @command was applied and recorded
 */
gboolean
xn_command_stack_push (XnCommandStack  *self,
                       XnCommand       *command,
                       GError         **error)
{
  gint64 now;
  gboolean can_merge;
  XnCommand *previous = NULL;
  OpenGroup *group = NULL;
  gboolean ok;

  g_return_val_if_fail (XN_IS_COMMAND_STACK (self), FALSE);
  g_return_val_if_fail (XN_IS_COMMAND (command), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->applying)
    {
      g_debug ("Ignoring %s pushed while a command is being applied",
               G_OBJECT_TYPE_NAME (command));
      return TRUE;
    }

  now = g_get_monotonic_time ();
  can_merge = self->merge_allowed &&
              self->merge_window > 0 &&
              now - self->last_push_time <= (gint64) self->merge_window * 1000;

  if (self->groups->len > 0)
    {
      group = g_ptr_array_index (self->groups, self->groups->len - 1);
      if (group->commands->len > 0)
        previous = g_ptr_array_index (group->commands, group->commands->len - 1);
    }
  else if (self->saved_depth != (gint) self->undo.length)
    {
      /* Merging into the entry at the saved point would change the saved
       * state without a new entry, and modified would lie. */
      previous = g_queue_peek_tail (&self->undo);
    }

  self->applying = TRUE;
  ok = xn_command_apply (command, error);
  self->applying = FALSE;

  if (!ok)
    return FALSE;

  self->last_push_time = now;
  self->merge_allowed = TRUE;

  drop_redo (self);

  if (!can_merge || previous == NULL || !xn_command_merge (previous, command))
    {
      if (group != NULL)
        g_ptr_array_add (group->commands, g_object_ref (command));
      else
        record (self, g_object_ref (command));
    }

  update_state (self);

  return TRUE;
}

/**
 * xn_command_stack_undo:
 * @self: an #XnCommandStack
 * @error: return location for a #GError
 *
 * Reverts the newest entry and moves it to the redo queue.
 *
 * Returns: %TRUE on success; %FALSE with @error set when there is
 *   nothing to undo, a group is open, or the command failed (then the
 *   history and the document are unchanged)
 */
gboolean
xn_command_stack_undo (XnCommandStack  *self,
                       GError         **error)
{
  XnCommand *command;
  gboolean ok;

  g_return_val_if_fail (XN_IS_COMMAND_STACK (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_idle (self, error))
    return FALSE;

  command = g_queue_peek_tail (&self->undo);
  if (command == NULL)
    {
      g_set_error_literal (error, XN_COMMAND_ERROR, XN_COMMAND_ERROR_EMPTY,
                           _("There is nothing to undo"));
      return FALSE;
    }

  self->applying = TRUE;
  ok = xn_command_revert (command, error);
  self->applying = FALSE;

  if (!ok)
    return FALSE;

  g_queue_push_head (&self->redo, g_queue_pop_tail (&self->undo));
  self->merge_allowed = FALSE;

  update_state (self);

  return TRUE;
}

/**
 * xn_command_stack_redo:
 * @self: an #XnCommandStack
 * @error: return location for a #GError
 *
 * Applies the entry undone last and moves it back to the undo queue.
 *
 * Returns: %TRUE on success; %FALSE with @error set when there is
 *   nothing to redo, a group is open, or the command failed
 */
gboolean
xn_command_stack_redo (XnCommandStack  *self,
                       GError         **error)
{
  XnCommand *command;
  gboolean ok;

  g_return_val_if_fail (XN_IS_COMMAND_STACK (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_idle (self, error))
    return FALSE;

  command = g_queue_peek_head (&self->redo);
  if (command == NULL)
    {
      g_set_error_literal (error, XN_COMMAND_ERROR, XN_COMMAND_ERROR_EMPTY,
                           _("There is nothing to redo"));
      return FALSE;
    }

  self->applying = TRUE;
  ok = xn_command_apply (command, error);
  self->applying = FALSE;

  if (!ok)
    return FALSE;

  record (self, g_queue_pop_head (&self->redo));
  self->merge_allowed = FALSE;

  update_state (self);

  return TRUE;
}

/**
 * xn_command_stack_begin_group:
 * @self: an #XnCommandStack
 * @label: (nullable): the translated label of the group; %NULL takes
 *   the label of its first command
 *
 * Opens a group: the commands pushed until the matching
 * xn_command_stack_end_group() make one undo entry. Groups nest; only
 * the outermost one becomes an entry. Undo and redo are refused while a
 * group is open.
 */
void
xn_command_stack_begin_group (XnCommandStack *self,
                              const char     *label)
{
  OpenGroup *group;

  g_return_if_fail (XN_IS_COMMAND_STACK (self));

  group = g_new0 (OpenGroup, 1);
  group->label = g_strdup (label);
  group->commands = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->groups, group);

  self->merge_allowed = FALSE;

  update_state (self);
}

/**
 * xn_command_stack_end_group:
 * @self: an #XnCommandStack
 *
 * Closes the innermost group. Its commands, already applied, become one
 * #XnGroupCommand: an undo entry when the group was the outermost one, a
 * part of the enclosing group otherwise. A group with no commands
 * records nothing.
 */
void
xn_command_stack_end_group (XnCommandStack *self)
{
  OpenGroup *open;
  XnCommand *group;

  g_return_if_fail (XN_IS_COMMAND_STACK (self));
  g_return_if_fail (self->groups->len > 0);

  open = g_ptr_array_steal_index (self->groups, self->groups->len - 1);
  self->merge_allowed = FALSE;

  if (open->commands->len == 0)
    {
      open_group_free (open);
      update_state (self);
      return;
    }

  group = xn_group_command_new (open->label);
  for (guint i = 0; i < open->commands->len; i++)
    xn_group_command_add (XN_GROUP_COMMAND (group), g_ptr_array_index (open->commands, i));
  open_group_free (open);

  if (self->groups->len > 0)
    {
      OpenGroup *parent = g_ptr_array_index (self->groups, self->groups->len - 1);

      g_ptr_array_add (parent->commands, group);
    }
  else
    {
      record (self, group);
    }

  update_state (self);
}

/**
 * xn_command_stack_abort_group:
 * @self: an #XnCommandStack
 * @error: return location for a #GError
 *
 * Closes the innermost group by reverting the commands pushed in it, in
 * reverse order, and recording nothing: for an edit made of several
 * steps whose later step failed.
 *
 * Returns: %TRUE if the group's commands were reverted; on failure the
 *   group stays open and unchanged
 */
gboolean
xn_command_stack_abort_group (XnCommandStack  *self,
                              GError         **error)
{
  g_autoptr(XnCommand) group = NULL;
  OpenGroup *open;
  gboolean ok;

  g_return_val_if_fail (XN_IS_COMMAND_STACK (self), FALSE);
  g_return_val_if_fail (self->groups->len > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->applying)
    {
      g_set_error_literal (error, XN_COMMAND_ERROR, XN_COMMAND_ERROR_BUSY,
                           _("An edit is being applied"));
      return FALSE;
    }

  open = g_ptr_array_index (self->groups, self->groups->len - 1);

  /* A group command reverts all or nothing; borrow that. */
  group = xn_group_command_new (NULL);
  for (guint i = 0; i < open->commands->len; i++)
    xn_group_command_add (XN_GROUP_COMMAND (group), g_ptr_array_index (open->commands, i));

  self->applying = TRUE;
  ok = xn_command_revert (group, error);
  self->applying = FALSE;

  if (!ok)
    return FALSE;

  g_ptr_array_remove_index (self->groups, self->groups->len - 1);
  self->merge_allowed = FALSE;

  update_state (self);

  return TRUE;
}

/**
 * xn_command_stack_get_group_depth:
 * @self: an #XnCommandStack
 *
 * Returns: how many groups are open
 */
guint
xn_command_stack_get_group_depth (XnCommandStack *self)
{
  g_return_val_if_fail (XN_IS_COMMAND_STACK (self), 0);

  return self->groups->len;
}

/**
 * xn_command_stack_clear:
 * @self: an #XnCommandStack
 *
 * Wipes the history: an irreversible point, such as loading a document
 * or re-signing it. The document itself is not touched and
 * #XnCommandStack:modified keeps its value; call
 * xn_command_stack_set_unmodified() too when the document now matches
 * its file. Open groups stay open, emptied.
 */
void
xn_command_stack_clear (XnCommandStack *self)
{
  gboolean was_modified;

  g_return_if_fail (XN_IS_COMMAND_STACK (self));

  was_modified = compute_modified (self);

  clear_queue (&self->undo);
  clear_queue (&self->redo);
  for (guint i = 0; i < self->groups->len; i++)
    {
      OpenGroup *group = g_ptr_array_index (self->groups, i);

      g_ptr_array_set_size (group->commands, 0);
    }

  self->saved_depth = was_modified ? -1 : 0;
  self->merge_allowed = FALSE;

  update_state (self);
}

/**
 * xn_command_stack_break_merge:
 * @self: an #XnCommandStack
 *
 * Keeps the next pushed command from merging into the previous one, so
 * it gets an undo entry of its own. The editor calls it when focus
 * leaves a field, so that two bursts of typing are two undo steps.
 */
void
xn_command_stack_break_merge (XnCommandStack *self)
{
  g_return_if_fail (XN_IS_COMMAND_STACK (self));

  self->merge_allowed = FALSE;
}

/**
 * xn_command_stack_drop_redo:
 * @self: an #XnCommandStack
 *
 * Forgets the redo queue, as a push does. For steps undone that must not
 * come back: an editor field undoes the steps of an edit that ended in
 * an invalid text, and a Redo would put the valid prefix typed on the
 * way back in the document.
 */
void
xn_command_stack_drop_redo (XnCommandStack *self)
{
  g_return_if_fail (XN_IS_COMMAND_STACK (self));

  drop_redo (self);
  update_state (self);
}

/**
 * xn_command_stack_set_unmodified:
 * @self: an #XnCommandStack
 *
 * Marks the current point of the history as the saved state: call it
 * after saving or loading. #XnCommandStack:modified becomes %FALSE, and
 * becomes %FALSE again whenever undo or redo returns to this point.
 */
void
xn_command_stack_set_unmodified (XnCommandStack *self)
{
  g_return_if_fail (XN_IS_COMMAND_STACK (self));

  self->saved_depth = self->undo.length;
  self->merge_allowed = FALSE;

  update_state (self);
}

/**
 * xn_command_stack_get_modified:
 * @self: an #XnCommandStack
 *
 * Returns: the value of #XnCommandStack:modified
 */
gboolean
xn_command_stack_get_modified (XnCommandStack *self)
{
  g_return_val_if_fail (XN_IS_COMMAND_STACK (self), FALSE);

  return self->modified;
}

/**
 * xn_command_stack_get_can_undo:
 * @self: an #XnCommandStack
 *
 * Returns: the value of #XnCommandStack:can-undo
 */
gboolean
xn_command_stack_get_can_undo (XnCommandStack *self)
{
  g_return_val_if_fail (XN_IS_COMMAND_STACK (self), FALSE);

  return self->can_undo;
}

/**
 * xn_command_stack_get_can_redo:
 * @self: an #XnCommandStack
 *
 * Returns: the value of #XnCommandStack:can-redo
 */
gboolean
xn_command_stack_get_can_redo (XnCommandStack *self)
{
  g_return_val_if_fail (XN_IS_COMMAND_STACK (self), FALSE);

  return self->can_redo;
}

/**
 * xn_command_stack_get_undo_label:
 * @self: an #XnCommandStack
 *
 * Returns: (transfer none): the value of #XnCommandStack:undo-label
 */
const char *
xn_command_stack_get_undo_label (XnCommandStack *self)
{
  g_return_val_if_fail (XN_IS_COMMAND_STACK (self), NULL);

  return self->undo_label;
}

/**
 * xn_command_stack_get_redo_label:
 * @self: an #XnCommandStack
 *
 * Returns: (transfer none): the value of #XnCommandStack:redo-label
 */
const char *
xn_command_stack_get_redo_label (XnCommandStack *self)
{
  g_return_val_if_fail (XN_IS_COMMAND_STACK (self), NULL);

  return self->redo_label;
}

/**
 * xn_command_stack_get_applying:
 * @self: an #XnCommandStack
 *
 * Whether the stack is inside a command's apply or revert. Code that
 * reacts to document changes can check it to tell an edit from its
 * undo.
 *
 * Returns: %TRUE while a command runs
 */
gboolean
xn_command_stack_get_applying (XnCommandStack *self)
{
  g_return_val_if_fail (XN_IS_COMMAND_STACK (self), FALSE);

  return self->applying;
}

/**
 * xn_command_stack_get_n_undo:
 * @self: an #XnCommandStack
 *
 * Returns: the number of entries that can be undone
 */
guint
xn_command_stack_get_n_undo (XnCommandStack *self)
{
  g_return_val_if_fail (XN_IS_COMMAND_STACK (self), 0);

  return self->undo.length;
}

/**
 * xn_command_stack_get_n_redo:
 * @self: an #XnCommandStack
 *
 * Returns: the number of entries that can be redone
 */
guint
xn_command_stack_get_n_redo (XnCommandStack *self)
{
  g_return_val_if_fail (XN_IS_COMMAND_STACK (self), 0);

  return self->redo.length;
}

/**
 * xn_command_stack_get_max_depth:
 * @self: an #XnCommandStack
 *
 * Returns: the value of #XnCommandStack:max-depth
 */
guint
xn_command_stack_get_max_depth (XnCommandStack *self)
{
  g_return_val_if_fail (XN_IS_COMMAND_STACK (self), 0);

  return self->max_depth;
}

/**
 * xn_command_stack_set_max_depth:
 * @self: an #XnCommandStack
 * @max_depth: how many undo entries to keep; 0 keeps all
 *
 * Sets #XnCommandStack:max-depth, dropping the oldest entries beyond it.
 */
void
xn_command_stack_set_max_depth (XnCommandStack *self,
                                guint           max_depth)
{
  g_return_if_fail (XN_IS_COMMAND_STACK (self));

  if (self->max_depth == max_depth)
    return;

  self->max_depth = max_depth;
  trim (self);

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MAX_DEPTH]);
  update_state (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * xn_command_stack_get_merge_window:
 * @self: an #XnCommandStack
 *
 * Returns: the value of #XnCommandStack:merge-window, in milliseconds
 */
guint
xn_command_stack_get_merge_window (XnCommandStack *self)
{
  g_return_val_if_fail (XN_IS_COMMAND_STACK (self), 0);

  return self->merge_window;
}

/**
 * xn_command_stack_set_merge_window:
 * @self: an #XnCommandStack
 * @merge_window: milliseconds; 0 never merges
 *
 * Sets #XnCommandStack:merge-window.
 */
void
xn_command_stack_set_merge_window (XnCommandStack *self,
                                   guint           merge_window)
{
  g_return_if_fail (XN_IS_COMMAND_STACK (self));

  if (self->merge_window == merge_window)
    return;

  self->merge_window = merge_window;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MERGE_WINDOW]);
}
