/* xn-add-host-dialog.c: adding a host to manage
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Name, address, SSH port, user and identity key, checked as they are
 * typed: the Add button stays insensitive and a line says what is wrong
 * (a name already in the list, a port outside 1-65535, a key file that
 * cannot be read).  The host is saved to the hosts file and connected at
 * once; a first contact then shows its key in the Hosts tree to trust.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "xn-add-host-dialog.h"
#include "xn-ui-util.h"
#include "xn-dialogs.h"

struct _XnAddHostDialog
{
  GtkWindow   parent_instance;

  /* Template widgets */
  GtkWidget  *name;
  GtkWidget  *address;
  GtkWidget  *port;
  GtkWidget  *user;
  GtkWidget  *key;
  GtkWidget  *problem;

  /* Owned references */
  XnHostList *list;
  char       *problem_text;
};

G_DEFINE_FINAL_TYPE (XnAddHostDialog, xn_add_host_dialog, GTK_TYPE_WINDOW)

static const char *
text_of (GtkWidget *entry)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

static void
validate (XnAddHostDialog *self)
{
  const char *name = text_of (self->name), *port = text_of (self->port), *key = text_of (self->key);
  guint64 p = 0;

  g_clear_pointer (&self->problem_text, g_free);
  if (*name == '\0')
    self->problem_text = g_strdup (_("Give the host a name."));
  else if (strpbrk (name, "[]") != NULL)
    self->problem_text = g_strdup (_("A host name cannot hold “[” or “]”."));
  else if (xn_host_list_lookup (self->list, name) != NULL)
    self->problem_text = g_strdup_printf (_("A host named “%s” is already in the list."), name);
  else if (*text_of (self->address) == '\0')
    self->problem_text = g_strdup (_("Give the host's address."));
  else if (!g_ascii_string_to_unsigned (port, 10, 1, 65535, &p, NULL))
    self->problem_text = g_strdup_printf (_("The port must be a number from 1 to 65535, not “%s”."), port);
  else if (*key != '\0' && !g_file_test (key, G_FILE_TEST_IS_REGULAR))
    self->problem_text = g_strdup_printf (_("The key file %s cannot be read."), key);
  gtk_label_set_text (GTK_LABEL (self->problem), self->problem_text ? self->problem_text : "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "form.add", self->problem_text == NULL);
}

/* (nullable): what is wrong with the fields, or NULL */
const char *
xn_add_host_dialog_get_problem (XnAddHostDialog *self)
{
  return self->problem_text;
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  /* The Hosts tree shows the outcome, including a first-contact key. */
  xn_remote_host_connect_finish (XN_REMOTE_HOST (source), result, NULL);
}

/**
 * xn_add_host_dialog_accept:
 *
 * Adds the host the fields describe, saves the list and connects.
 *
 * Returns: whether the host was added
 */
gboolean
xn_add_host_dialog_accept (XnAddHostDialog *self)
{
  g_autoptr(XnRemoteHost) host = NULL;
  g_autoptr(GError) error = NULL;
  guint64 port = 22;
  const char *user = text_of (self->user), *key = text_of (self->key);

  validate (self);
  if (self->problem_text != NULL)
    return FALSE;
  g_ascii_string_to_unsigned (text_of (self->port), 10, 1, 65535, &port, NULL);
  host = xn_remote_host_new_ssh (text_of (self->name), text_of (self->address), (guint) port,
                                 *user ? user : NULL, *key ? key : NULL);
  if (!xn_host_list_add (self->list, host, &error))
    {
      gtk_label_set_text (GTK_LABEL (self->problem), error->message);
      return FALSE;
    }
  xn_remote_host_connect_async (host, NULL, connected_cb, NULL);
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

void
xn_add_host_dialog_set_fields (XnAddHostDialog *self,
                               const char      *name,
                               const char      *address,
                               const char      *port,
                               const char      *user,
                               const char      *key)
{
  gtk_editable_set_text (GTK_EDITABLE (self->name), name ? name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->address), address ? address : "");
  gtk_editable_set_text (GTK_EDITABLE (self->port), port ? port : "");
  gtk_editable_set_text (GTK_EDITABLE (self->user), user ? user : "");
  gtk_editable_set_text (GTK_EDITABLE (self->key), key ? key : "");
  validate (self);
}

static void
key_chosen_cb (GtkWindow *parent,
               GFile     *file,
               gpointer   data)
{
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

  if (path != NULL)
    gtk_editable_set_text (GTK_EDITABLE (data), path);
}

static void
choose_key_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  XnAddHostDialog *self = XN_ADD_HOST_DIALOG (widget);

  xn_dialogs_choose_file (GTK_WINDOW (self), _("Choose the SSH Identity Key"), GTK_FILE_CHOOSER_ACTION_OPEN,
                          NULL, key_chosen_cb, self->key);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  xn_add_host_dialog_accept (XN_ADD_HOST_DIALOG (widget));
}

static void
xn_add_host_dialog_dispose (GObject *object)
{
  XnAddHostDialog *self = XN_ADD_HOST_DIALOG (object);

  g_clear_object (&self->list);
  g_clear_pointer (&self->problem_text, g_free);
  G_OBJECT_CLASS (xn_add_host_dialog_parent_class)->dispose (object);
}

static void
xn_add_host_dialog_class_init (XnAddHostDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = xn_add_host_dialog_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/xenonvmm/Manager/ui/xn-add-host-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, XnAddHostDialog, name);
  gtk_widget_class_bind_template_child (widget_class, XnAddHostDialog, address);
  gtk_widget_class_bind_template_child (widget_class, XnAddHostDialog, port);
  gtk_widget_class_bind_template_child (widget_class, XnAddHostDialog, user);
  gtk_widget_class_bind_template_child (widget_class, XnAddHostDialog, key);
  gtk_widget_class_bind_template_child (widget_class, XnAddHostDialog, problem);
  gtk_widget_class_bind_template_callback (widget_class, validate);
  gtk_widget_class_install_action (widget_class, "form.choose-key", NULL, choose_key_action);
  gtk_widget_class_install_action (widget_class, "form.add", NULL, add_action);
  /* A GtkWindow, unlike a GtkDialog, has no binding for Escape. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
xn_add_host_dialog_init (XnAddHostDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  xn_ui_label_hidden_when_empty (self->problem);
  xn_ui_name_for_assistive_technology (GTK_WIDGET (self));
}

/**
 * xn_add_host_dialog_new:
 * @list: the hosts file's list, which the host is added to
 *
 * Returns: (transfer none): the dialog, owned by GTK until closed
 */
XnAddHostDialog *
xn_add_host_dialog_new (GtkWindow  *parent,
                        XnHostList *list)
{
  XnAddHostDialog *self = g_object_new (XN_TYPE_ADD_HOST_DIALOG, "transient-for", parent, NULL);

  self->list = g_object_ref (list);
  validate (self);
  return self;
}
