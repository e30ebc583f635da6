/* xn-learn-dialog.c: Propose Profile… — profile learning from Live mode
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * Asks the host which calls a domain was recorded making outside its
 * profile (ProposeProfile), shows what the proposal adds and the profile
 * as XML, and applies it to the profile of the same domain in the
 * document open in the editor, as one undoable edit.  The proposal is
 * computed again on the editor's profile: the officer may have changed
 * it since the host's policy was pushed.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xenon-model.h"
#include "xn-learn-dialog.h"
#include "xn-ui-util.h"

struct _XnLearnDialog
{
  GtkWindow     parent_instance;

  /* Template widgets */
  GtkWidget    *box;
  GtkWidget    *heading;
  GtkWidget    *status;
  GtkWidget    *changes;
  GtkWidget    *text;
  GtkWidget    *target;
  GtkWidget    *copy;
  GtkWidget    *apply;

  /* Owned references */
  XnHostModel  *host;
  XnDocument   *document;
  char         *uuid;
  char         *name;
  GCancellable *cancel;

  GArray       *calls;     /* XnObservedCall, from the host */
  char         *xml;
  char         *status_text;
  gboolean      ready;
};

G_DEFINE_FINAL_TYPE (XnLearnDialog, xn_learn_dialog, GTK_TYPE_WINDOW)

static void
set_status (XnLearnDialog *self,
            const char    *text,
            gboolean       error)
{
  g_free (self->status_text);
  self->status_text = g_strdup (text);
  gtk_label_set_text (GTK_LABEL (self->status), text);
  if (error)
    gtk_widget_add_css_class (self->status, "error");
  else
    gtk_widget_remove_css_class (self->status, "error");
}

/* The editor's profile of the domain, or NULL with the reason. */
static XnProfile *
editor_profile (XnLearnDialog  *self,
                char          **why)
{
  XnPolicy *policy = self->document ? xn_document_get_policy (self->document) : NULL;
  XnObject *obj = policy ? xn_policy_lookup (policy, self->uuid) : NULL;
  XnSecLabel *label;

  if (!XN_IS_DOMAIN (obj))
    {
      *why = g_strdup_printf (_("The document open in the editor has no domain “%s”: copy the XML instead."),
                              self->name);
      return NULL;
    }
  label = xn_domain_get_sec_label (XN_DOMAIN (obj));
  if (label == NULL || xn_sec_label_get_profile (label) == NULL)
    {
      *why = g_strdup_printf (_("Domain “%s” has no profile in the document open in the editor."), self->name);
      return NULL;
    }
  return xn_sec_label_get_profile (label);
}

static void
update_target (XnLearnDialog *self)
{
  g_autofree char *why = NULL;
  XnProfile *profile = editor_profile (self, &why);
  g_autofree char *text = NULL;

  if (profile != NULL)
    text = g_strdup_printf (_("“Apply to Document” adds these rights to profile “%s” in the editor "
                              "and turns its learning off; Undo takes it back."),
                            xn_object_get_name (XN_OBJECT (profile)));
  gtk_label_set_text (GTK_LABEL (self->target), profile ? text : why);
  gtk_widget_set_sensitive (self->apply, self->ready && profile != NULL && self->calls->len > 0);
}

static void
proposed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(XnLearnDialog) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = xn_host_model_reply_finish (XN_HOST_MODEL (source), result, &error);
  g_autofree char *xml = NULL;
  g_auto(GStrv) changes = NULL;
  g_autoptr(GVariant) calls = NULL;
  g_autoptr(GString) list = g_string_new (NULL);
  g_autofree char *status = NULL;
  GVariantIter iter;
  XnObservedCall o;
  guint n;

  if (reply == NULL)
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = g_strdup_printf (_("The host could not propose a profile: %s"), error->message);
      set_status (self, text, TRUE);
      self->ready = TRUE;
      return;
    }
  g_variant_get (reply, "(s^as@a(utt))", &xml, &changes, &calls);
  g_variant_iter_init (&iter, calls);
  while (g_variant_iter_next (&iter, "(utt)", &o.hcall, &o.subop, &o.count))
    g_array_append_val (self->calls, o);
  n = g_strv_length (changes);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (list, "• %s\n", changes[i]);
  if (list->len > 0)
    g_string_truncate (list, list->len - 1);
  gtk_label_set_text (GTK_LABEL (self->changes), list->str);
  gtk_widget_set_visible (self->changes, n > 0);
  if (n == 0)
    status = g_strdup_printf (_("“%s” was recorded doing nothing outside its profile."), self->name);
  else
    status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The host recorded “%s” using %u right its profile lacks:",
                                           "The host recorded “%s” using %u rights its profile lacks:", n),
                              self->name, n);
  set_status (self, status, FALSE);
  self->xml = g_steal_pointer (&xml);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->text)), self->xml, -1);
  self->ready = TRUE;
  gtk_widget_set_sensitive (self->copy, TRUE);
  update_target (self);
}

/**
 * xn_learn_dialog_apply:
 * @self: a #XnLearnDialog
 *
 * Adds the recorded rights to the editor's profile of the domain, as one
 * undoable edit that also turns its learning off.
 *
 * Returns: whether the document changed
 */
gboolean
xn_learn_dialog_apply (XnLearnDialog *self)
{
  g_autofree char *why = NULL;
  g_autoptr(XnProfile) learned = NULL;
  g_autoptr(GError) error = NULL;
  XnProfile *profile;

  g_return_val_if_fail (XN_IS_LEARN_DIALOG (self), FALSE);

  profile = editor_profile (self, &why);
  if (profile == NULL || !self->ready)
    return FALSE;
  learned = xn_profile_learn (profile, (const XnObservedCall *) self->calls->data, self->calls->len, NULL);
  if (!xn_document_push (self->document, xn_profile_learn_command_new (profile, learned), &error))
    {
      set_status (self, error->message, TRUE);
      return FALSE;
    }
  {
    g_autofree char *done = g_strdup_printf (_("Profile “%s” updated in the editor."),
                                             xn_object_get_name (XN_OBJECT (profile)));

    set_status (self, done, FALSE);
  }
  gtk_widget_set_sensitive (self->apply, FALSE);
  return TRUE;
}

static void
copy_clicked (XnLearnDialog *self)
{
  if (self->xml != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->xml);
}

static void
xn_learn_dialog_dispose (GObject *object)
{
  XnLearnDialog *self = XN_LEARN_DIALOG (object);

  g_cancellable_cancel (self->cancel);
  g_clear_object (&self->cancel);
  g_clear_object (&self->host);
  g_clear_object (&self->document);
  /* No gtk_widget_dispose_template(): GtkWindow disposes its child
   * itself, and would then unparent the child that freed. */
  G_OBJECT_CLASS (xn_learn_dialog_parent_class)->dispose (object);
}

static void
xn_learn_dialog_finalize (GObject *object)
{
  XnLearnDialog *self = XN_LEARN_DIALOG (object);

  g_free (self->uuid);
  g_free (self->name);
  g_free (self->xml);
  g_free (self->status_text);
  g_array_unref (self->calls);
  G_OBJECT_CLASS (xn_learn_dialog_parent_class)->finalize (object);
}

static void
xn_learn_dialog_class_init (XnLearnDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xn_learn_dialog_dispose;
  object_class->finalize = xn_learn_dialog_finalize;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/xenonvmm/Manager/ui/xn-learn-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, XnLearnDialog, box);
  gtk_widget_class_bind_template_child (widget_class, XnLearnDialog, heading);
  gtk_widget_class_bind_template_child (widget_class, XnLearnDialog, status);
  gtk_widget_class_bind_template_child (widget_class, XnLearnDialog, changes);
  gtk_widget_class_bind_template_child (widget_class, XnLearnDialog, text);
  gtk_widget_class_bind_template_child (widget_class, XnLearnDialog, target);
  gtk_widget_class_bind_template_child (widget_class, XnLearnDialog, copy);
  gtk_widget_class_bind_template_child (widget_class, XnLearnDialog, apply);
  gtk_widget_class_bind_template_callback (widget_class, copy_clicked);
  gtk_widget_class_bind_template_callback (widget_class, xn_learn_dialog_apply);
  gtk_widget_class_bind_template_callback_full (widget_class, "close_clicked", G_CALLBACK (gtk_window_destroy));
}

static void
xn_learn_dialog_init (XnLearnDialog *self)
{
  self->calls = g_array_new (FALSE, FALSE, sizeof (XnObservedCall));
  self->cancel = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  xn_ui_dialog_keys (GTK_WINDOW (self), self->box);
}

/**
 * xn_learn_dialog_new:
 * @parent: the window
 * @host: the host's model
 * @domain_uuid: the domain to propose a profile for
 * @domain_name: its name, for people
 * @document: (nullable): the document open in the editor
 *
 * Returns: (transfer none): the dialog, shown; it asks the host at once
 */
XnLearnDialog *
xn_learn_dialog_new (GtkWindow   *parent,
                     XnHostModel *host,
                     const char  *domain_uuid,
                     const char  *domain_name,
                     XnDocument  *document)
{
  XnLearnDialog *self = g_object_new (XN_TYPE_LEARN_DIALOG, "transient-for", parent, NULL);
  g_autofree char *title = NULL;

  g_return_val_if_fail (XN_IS_HOST_MODEL (host), NULL);

  self->host = g_object_ref (host);
  self->document = document ? g_object_ref (document) : NULL;
  self->uuid = g_strdup (domain_uuid);
  self->name = g_strdup (domain_name);

  title = g_strdup_printf (_("Profile proposed for “%s”"), domain_name);
  gtk_label_set_text (GTK_LABEL (self->heading), title);
  set_status (self, _("Asking the host what the domain was recorded doing…"), FALSE);
  update_target (self);

  xn_host_model_propose_profile_async (self->host, domain_uuid, self->cancel, proposed_cb, g_object_ref (self));
  gtk_window_present (GTK_WINDOW (self));
  return self;
}

/**
 * xn_learn_dialog_is_ready:
 * @self: a #XnLearnDialog
 *
 * Returns: whether the host has answered (with a proposal or an error)
 */
gboolean
xn_learn_dialog_is_ready (XnLearnDialog *self)
{
  g_return_val_if_fail (XN_IS_LEARN_DIALOG (self), FALSE);

  return self->ready;
}

/**
 * xn_learn_dialog_get_status:
 * @self: a #XnLearnDialog
 *
 * Returns: the sentence the dialog shows about the proposal
 */
const char *
xn_learn_dialog_get_status (XnLearnDialog *self)
{
  g_return_val_if_fail (XN_IS_LEARN_DIALOG (self), NULL);

  return self->status_text;
}

/**
 * xn_learn_dialog_get_xml:
 * @self: a #XnLearnDialog
 *
 * Returns: (nullable): the proposed profile as the host wrote it
 */
const char *
xn_learn_dialog_get_xml (XnLearnDialog *self)
{
  g_return_val_if_fail (XN_IS_LEARN_DIALOG (self), NULL);

  return self->xml;
}
