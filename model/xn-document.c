/* xn-document.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* One open policy: the XnPolicy, the file it came from and its undo
 * history. Every edit the UI makes goes through xn_document_push() so
 * that it is undoable and so that views can refresh on "changed". */

#define G_LOG_DOMAIN "xn-document"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xn-document.h"

struct _XnDocument
{
  GObject         parent_instance;

  XnPolicy       *policy;
  XnCommandStack *stack;
  GFile          *file;
  GListModel     *lint_cache;   /* findings of the current state, or NULL */
};

enum {
  PROP_0,
  PROP_POLICY,
  PROP_FILE,
  PROP_MODIFIED,
  PROP_TITLE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (XnDocument, xn_document, G_TYPE_OBJECT)

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void
emit_changed (XnDocument *self)
{
  g_clear_object (&self->lint_cache);
  g_signal_emit (self, signals [CHANGED], 0);
}

static void
on_modified_notify (XnDocument *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MODIFIED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TITLE]);
}

static void
xn_document_dispose (GObject *object)
{
  XnDocument *self = (XnDocument *)object;

  g_clear_object (&self->policy);
  g_clear_object (&self->lint_cache);
  g_clear_object (&self->stack);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (xn_document_parent_class)->dispose (object);
}

static void
xn_document_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  XnDocument *self = XN_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_POLICY:
      g_value_set_object (value, self->policy);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, xn_document_get_modified (self));
      break;
    case PROP_TITLE:
      g_value_take_string (value, xn_document_dup_title (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_document_class_init (XnDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = xn_document_dispose;
  object_class->get_property = xn_document_get_property;

  properties [PROP_POLICY] =
    g_param_spec_object ("policy", NULL, NULL, XN_TYPE_POLICY,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted after every push, undo and redo: views that summarise the
   * whole document (lint, matrix) refresh on it. */
  signals [CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
xn_document_init (XnDocument *self)
{
  self->stack = xn_command_stack_new ();
  g_signal_connect_object (self->stack, "notify::modified",
                           G_CALLBACK (on_modified_notify), self,
                           G_CONNECT_SWAPPED);
}

/**
 * xn_document_new:
 * @policy: (transfer none): the policy to edit
 *
 * Returns: (transfer full): a document with an empty history
 */
XnDocument *
xn_document_new (XnPolicy *policy)
{
  XnDocument *self;

  g_return_val_if_fail (XN_IS_POLICY (policy), NULL);

  self = g_object_new (XN_TYPE_DOCUMENT, NULL);
  self->policy = g_object_ref (policy);
  return self;
}

/**
 * xn_document_new_from_template:
 *
 * The starter document of File → New: the built-in hypercall profiles and
 * one host with its required Domain-0.
 *
 * Returns: (transfer full): a new, unsaved document
 */
XnDocument *
xn_document_new_from_template (void)
{
  g_autoptr(XnPolicy) policy = xn_policy_new ();
  g_autoptr(XnHost) host = xn_host_new ();

  xn_object_set_name (XN_OBJECT (policy), _("untitled policy"));
  xn_policy_set_serial (policy, 1);
  xn_builtin_profiles_add_to (policy);
  xn_object_set_name (XN_OBJECT (host), "localhost");
  xn_host_set_address (host, "127.0.0.1");
  xn_object_list_append (xn_policy_get_hosts (policy), XN_OBJECT (host));
  xn_host_ensure_domain0 (host);

  return xn_document_new (policy);
}

XnDocument *
xn_document_load (GFile   *file,
                  GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(XnPolicy) policy = NULL;
  g_autofree char *name = NULL;
  XnDocument *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  bytes = g_file_load_bytes (file, NULL, NULL, error);
  if (bytes == NULL)
    return NULL;
  name = g_file_get_parse_name (file);
  policy = xn_policy_load_bytes (bytes, name, error);
  if (policy == NULL)
    return NULL;

  self = xn_document_new (policy);
  self->file = g_object_ref (file);
  return self;
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(XnPolicy) policy = NULL;
  g_autofree char *name = NULL;
  XnDocument *self;
  GError *error = NULL;

  /* Model only: no GTK here. The document is handed to the main thread
   * whole and nobody else holds a reference to it meanwhile. Its first
   * lint runs here too, so the lint panel does not stall the first
   * frames after the load. */
  bytes = g_file_load_bytes (file, cancellable, NULL, &error);
  if (bytes != NULL)
    {
      name = g_file_get_parse_name (file);
      policy = xn_policy_load_bytes (bytes, name, &error);
    }
  if (policy == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  self = xn_document_new (policy);
  self->file = g_object_ref (file);
  self->lint_cache = xn_lint_run (self->policy, NULL);
  g_task_return_pointer (task, self, g_object_unref);
}

/**
 * xn_document_load_async:
 * @file: the policy file
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the calling thread's main context when done
 * @user_data: data for @callback
 *
 * Reads, validates and parses @file in a worker thread, so that a window
 * can paint (a progress state) while a large policy loads.
 */
void
xn_document_load_async (GFile               *file,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, xn_document_load_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

/**
 * xn_document_load_finish:
 *
 * Returns: (transfer full) (nullable): the loaded document, or %NULL
 *   with @error set
 */
XnDocument *
xn_document_load_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
xn_document_save (XnDocument  *self,
                  GFile       *file,
                  GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (XN_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  bytes = xn_policy_save_to_bytes (self->policy, error);
  if (bytes == NULL)
    return FALSE;
  if (!g_file_replace_contents (file,
                                g_bytes_get_data (bytes, NULL),
                                g_bytes_get_size (bytes),
                                NULL, FALSE, G_FILE_CREATE_NONE,
                                NULL, NULL, error))
    return FALSE;

  if (self->file != file)
    {
      g_set_object (&self->file, file);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FILE]);
    }
  xn_command_stack_set_unmodified (self->stack);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TITLE]);
  return TRUE;
}

XnPolicy *
xn_document_get_policy (XnDocument *self)
{
  g_return_val_if_fail (XN_IS_DOCUMENT (self), NULL);
  return self->policy;
}

XnCommandStack *
xn_document_get_stack (XnDocument *self)
{
  g_return_val_if_fail (XN_IS_DOCUMENT (self), NULL);
  return self->stack;
}

GFile *
xn_document_get_file (XnDocument *self)
{
  g_return_val_if_fail (XN_IS_DOCUMENT (self), NULL);
  return self->file;
}

gboolean
xn_document_get_modified (XnDocument *self)
{
  g_return_val_if_fail (XN_IS_DOCUMENT (self), FALSE);
  return xn_command_stack_get_modified (self->stack);
}

/**
 * xn_document_get_host:
 *
 * The host the editor draws: the policy's first host.
 *
 * Returns: (transfer none) (nullable): the host
 */
XnHost *
xn_document_get_host (XnDocument *self)
{
  XnObjectList *hosts;

  g_return_val_if_fail (XN_IS_DOCUMENT (self), NULL);

  hosts = xn_policy_get_hosts (self->policy);
  if (xn_object_list_get_n_items (hosts) == 0)
    return NULL;
  return xn_object_list_get (hosts, 0);
}

/**
 * xn_document_dup_title:
 *
 * The window title, as the seed has it: "HOST – POLICY EDITOR MODE –
 * policy name", with "•" in front when there are unsaved changes.
 *
 * Returns: (transfer full): the title
 */
char *
xn_document_dup_title (XnDocument *self)
{
  XnHost *host;
  const char *host_name = "localhost";
  const char *name;

  g_return_val_if_fail (XN_IS_DOCUMENT (self), NULL);

  host = xn_document_get_host (self);
  if (host != NULL && xn_object_get_name (XN_OBJECT (host)) != NULL)
    host_name = xn_object_get_name (XN_OBJECT (host));
  name = xn_object_get_name (XN_OBJECT (self->policy));
  if (name == NULL || *name == '\0')
    name = _("untitled policy");

  /* Translators: window title: host, mode, policy name */
  return g_strdup_printf (_("%s%s – POLICY EDITOR MODE – %s"),
                          xn_document_get_modified (self) ? "• " : "",
                          host_name, name);
}

gboolean
xn_document_push (XnDocument  *self,
                  XnCommand   *command,
                  GError     **error)
{
  gboolean ok;

  g_return_val_if_fail (XN_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (XN_IS_COMMAND (command), FALSE);

  /* Takes @command: the stack keeps its own reference. */
  ok = xn_command_stack_push (self->stack, command, error);
  g_object_unref (command);
  if (!ok)
    return FALSE;
  emit_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TITLE]);
  return TRUE;
}

gboolean
xn_document_set (XnDocument   *self,
                 gpointer      object,
                 const char   *property,
                 const GValue *value,
                 GError      **error)
{
  g_return_val_if_fail (XN_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (G_IS_OBJECT (object), FALSE);

  return xn_document_push (self,
                           xn_set_property_command_new (object, property, value),
                           error);
}

gboolean
xn_document_set_string (XnDocument  *self,
                        gpointer     object,
                        const char  *property,
                        const char  *value,
                        GError     **error)
{
  g_auto(GValue) v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_STRING);
  g_value_set_string (&v, value);
  return xn_document_set (self, object, property, &v, error);
}

gboolean
xn_document_set_uint (XnDocument  *self,
                      gpointer     object,
                      const char  *property,
                      guint        value,
                      GError     **error)
{
  g_auto(GValue) v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_UINT);
  g_value_set_uint (&v, value);
  return xn_document_set (self, object, property, &v, error);
}

gboolean
xn_document_set_boolean (XnDocument  *self,
                         gpointer     object,
                         const char  *property,
                         gboolean     value,
                         GError     **error)
{
  g_auto(GValue) v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_BOOLEAN);
  g_value_set_boolean (&v, value);
  return xn_document_set (self, object, property, &v, error);
}

gboolean
xn_document_set_enum (XnDocument  *self,
                      gpointer     object,
                      const char  *property,
                      int          value,
                      GError     **error)
{
  g_auto(GValue) v = G_VALUE_INIT;
  GParamSpec *pspec;

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), property);
  g_return_val_if_fail (pspec != NULL && G_IS_PARAM_SPEC_ENUM (pspec), FALSE);
  g_value_init (&v, pspec->value_type);
  g_value_set_enum (&v, value);
  return xn_document_set (self, object, property, &v, error);
}

gboolean
xn_document_undo (XnDocument  *self,
                  GError     **error)
{
  g_return_val_if_fail (XN_IS_DOCUMENT (self), FALSE);

  if (!xn_command_stack_undo (self->stack, error))
    return FALSE;
  emit_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TITLE]);
  return TRUE;
}

gboolean
xn_document_redo (XnDocument  *self,
                  GError     **error)
{
  g_return_val_if_fail (XN_IS_DOCUMENT (self), FALSE);

  if (!xn_command_stack_redo (self->stack, error))
    return FALSE;
  emit_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TITLE]);
  return TRUE;
}

/**
 * xn_document_lint:
 *
 * Returns: (transfer full): the lint findings (#XnLintIssue) of the policy
 */
GListModel *
xn_document_lint (XnDocument *self)
{
  g_return_val_if_fail (XN_IS_DOCUMENT (self), NULL);

  /* Linting 10,000 domains takes a good part of a second: the result is
   * kept until the next change (the panel, Save's warning and every
   * trial drop ask for it). */
  if (self->lint_cache == NULL)
    self->lint_cache = xn_lint_run (self->policy, NULL);
  return g_object_ref (self->lint_cache);
}

static GHashTable *
error_keys (GListModel *issues)
{
  GHashTable *keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = g_list_model_get_n_items (issues);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XnLintIssue) issue = g_list_model_get_item (issues, i);

      if (xn_lint_issue_get_severity (issue) != XN_LINT_SEVERITY_ERROR)
        continue;
      g_hash_table_add (keys, g_strdup_printf ("%s %s",
                                               xn_lint_issue_get_code (issue),
                                               xn_lint_issue_get_message (issue)));
    }
  return keys;
}

/**
 * xn_document_check_trial:
 * @build: builds the command against the policy it is given (a copy)
 * @reason: (out) (optional): the first new lint error, when refused
 *
 * Applies the command @build makes to a copy of the policy and lints the
 * result, so a drop can be refused before it touches the document: the
 * change is allowed unless it adds a lint error.
 *
 * Returns: %TRUE if the change adds no lint error
 */
gboolean
xn_document_check_trial (XnDocument  *self,
                         XnCommand *(*build) (XnPolicy *policy, gpointer data),
                         gpointer     data,
                         char       **reason)
{
  g_autoptr(XnPolicy) copy = NULL;
  g_autoptr(XnCommandStack) stack = NULL;
  g_autoptr(XnCommand) command = NULL;
  g_autoptr(GListModel) before = NULL;
  g_autoptr(GListModel) after = NULL;
  g_autoptr(GHashTable) old_keys = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  g_return_val_if_fail (XN_IS_DOCUMENT (self), FALSE);

  copy = XN_POLICY (xn_object_copy (XN_OBJECT (self->policy), XN_COPY_DEFAULT));
  command = build (copy, data);
  if (command == NULL)
    {
      if (reason != NULL)
        *reason = g_strdup (_("This item cannot go there."));
      return FALSE;
    }
  stack = xn_command_stack_new ();
  if (!xn_command_stack_push (stack, command, &error))
    {
      if (reason != NULL)
        *reason = g_strdup (error->message);
      return FALSE;
    }

  before = xn_document_lint (self);
  after = xn_lint_run (copy, NULL);
  old_keys = error_keys (before);
  n = g_list_model_get_n_items (after);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XnLintIssue) issue = g_list_model_get_item (after, i);
      g_autofree char *key = NULL;

      if (xn_lint_issue_get_severity (issue) != XN_LINT_SEVERITY_ERROR)
        continue;
      key = g_strdup_printf ("%s %s", xn_lint_issue_get_code (issue),
                             xn_lint_issue_get_message (issue));
      if (!g_hash_table_contains (old_keys, key))
        {
          if (reason != NULL)
            *reason = g_strdup_printf ("%s: %s", xn_lint_issue_get_code (issue),
                                       xn_lint_issue_get_message (issue));
          return FALSE;
        }
    }
  return TRUE;
}
