/* xn-add-dialog.c: Add enclave… and Add root domain…
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The seed's two "Add …" buttons with an ellipsis ask before they add.
 * An enclave needs a name and its tag: a tag no enclave has yet, or a new
 * tag named like the enclave (the default when every tag is taken).  A
 * root domain needs a name and its security label.  Both forms check as
 * they are typed, try the result on a copy of the policy (Add stays
 * insensitive while it would add a lint error, and a line says which),
 * and add it as one undoable edit.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xn-add-dialog.h"
#include "xn-editor.h"
#include "xn-ui-util.h"

typedef enum { ADD_ENCLAVE, ADD_ROOT_DOMAIN, ADD_DOMAIN, ADD_SWITCH } AddKind;

struct _XnAddDialog
{
  GtkWindow   parent_instance;

  /* Template widgets */
  GtkWidget  *name;
  GtkWidget  *choice_label;
  GtkWidget  *choice;
  GtkWidget  *problem;

  AddKind     kind;

  /* Owned references */
  XnDocument *document;
  char       *host_uuid;
  GPtrArray  *choice_uuids;     /* NULL entry: a new tag, or no label */
  GPtrArray  *enclave_uuids;    /* ADD_DOMAIN: the enclave of each choice */
  char       *problem_text;
  guint       trial_id;         /* the lint trial, due after typing */
};

G_DEFINE_FINAL_TYPE (XnAddDialog, xn_add_dialog, GTK_TYPE_WINDOW)

enum { CREATED, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef struct
{
  AddKind     kind;
  const char *host_uuid;
  const char *name;
  const char *choice_uuid;
  const char *enclave_uuid;     /* ADD_DOMAIN */
  XnObject   *made;             /* out, (transfer none) */
} Plan;

static XnCommand *
build (XnPolicy *policy,
       gpointer  data)
{
  Plan *plan = data;
  XnObject *host = xn_policy_lookup (policy, plan->host_uuid);
  XnGroupCommand *group;

  if (!XN_IS_HOST (host))
    return NULL;
  if (plan->kind == ADD_ENCLAVE)
    {
      g_autoptr(XnEnclave) enclave = xn_enclave_new ();
      XnObjectList *enclaves = xn_host_get_enclaves (XN_HOST (host));
      const char *tag_uuid = plan->choice_uuid;

      group = XN_GROUP_COMMAND (xn_group_command_new (_("Add Enclave")));
      if (tag_uuid == NULL)
        {
          g_autoptr(XnTag) tag = xn_ui_tag_new (policy, plan->name);
          XnObjectList *tags = xn_policy_get_tags (policy);

          tag_uuid = xn_object_get_uuid (XN_OBJECT (tag));
          xn_group_command_add (group, xn_insert_command_new (tags, xn_object_list_get_n_items (tags),
                                                              XN_OBJECT (tag)));
        }
      xn_object_set_name (XN_OBJECT (enclave), plan->name);
      xn_enclave_set_tag_uuid (enclave, tag_uuid);
      xn_group_command_add (group, xn_insert_command_new (enclaves, xn_object_list_get_n_items (enclaves),
                                                          XN_OBJECT (enclave)));
      plan->made = XN_OBJECT (enclave);
    }
  else if (plan->kind == ADD_SWITCH)
    {
      g_autoptr(XnNetSwitch) sw = xn_net_switch_new ();
      XnObjectList *switches = xn_host_get_net_switches (XN_HOST (host));

      group = XN_GROUP_COMMAND (xn_group_command_new (_("Add Switch")));
      xn_object_set_name (XN_OBJECT (sw), plan->name);
      if (plan->choice_uuid != NULL)
        xn_net_switch_set_driver_domain_uuid (sw, plan->choice_uuid);
      xn_group_command_add (group, xn_insert_command_new (switches, xn_object_list_get_n_items (switches),
                                                          XN_OBJECT (sw)));
      plan->made = XN_OBJECT (sw);
    }
  else if (plan->kind == ADD_DOMAIN)
    {
      g_autoptr(XnDomain) domain = xn_domain_new ();
      XnObject *enclave = plan->enclave_uuid ? xn_policy_lookup (policy, plan->enclave_uuid) : NULL;
      XnObject *label = plan->choice_uuid ? xn_policy_lookup (policy, plan->choice_uuid) : NULL;
      XnProfile *profile = XN_IS_SEC_LABEL (label) ? xn_sec_label_get_profile (XN_SEC_LABEL (label)) : NULL;
      XnGuestType type = profile ? xn_profile_get_guest_type (profile) : XN_GUEST_TYPE_PV;
      XnObjectList *domains;

      if (!XN_IS_ENCLAVE (enclave) || !XN_IS_SEC_LABEL (label))
        return NULL;
      domains = xn_enclave_get_domains (XN_ENCLAVE (enclave));
      group = XN_GROUP_COMMAND (xn_group_command_new (_("Add Domain")));
      xn_object_set_name (XN_OBJECT (domain), plan->name);
      xn_domain_set_kind (domain, XN_DOMAIN_KIND_USER);
      xn_domain_set_guest_type (domain, type == XN_GUEST_TYPE_ANY ? XN_GUEST_TYPE_PV : type);
      xn_domain_set_sec_label_uuid (domain, plan->choice_uuid);
      xn_domain_set_memory (domain, 512);
      xn_domain_set_vcpus (domain, 1);
      if (xn_domain_get_guest_type (domain) == XN_GUEST_TYPE_PV)
        xn_domain_set_kernel (domain, XN_PV_GRUB);
      xn_group_command_add (group, xn_insert_command_new (domains, xn_object_list_get_n_items (domains),
                                                          XN_OBJECT (domain)));
      plan->made = XN_OBJECT (domain);
    }
  else
    {
      g_autoptr(XnDomain) domain = xn_domain_new ();
      XnObjectList *roots = xn_host_get_root_domains (XN_HOST (host));

      group = XN_GROUP_COMMAND (xn_group_command_new (_("Add Root Domain")));
      xn_object_set_name (XN_OBJECT (domain), plan->name);
      xn_domain_set_kind (domain, XN_DOMAIN_KIND_ROOT);
      if (plan->choice_uuid != NULL)
        xn_domain_set_sec_label_uuid (domain, plan->choice_uuid);
      xn_group_command_add (group, xn_insert_command_new (roots, xn_object_list_get_n_items (roots),
                                                          XN_OBJECT (domain)));
      plan->made = XN_OBJECT (domain);
    }
  return XN_COMMAND (group);
}

static void
fill_plan (XnAddDialog *self,
           Plan        *plan)
{
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->choice));

  *plan = (Plan) {
    .kind = self->kind,
    .host_uuid = self->host_uuid,
    .name = gtk_editable_get_text (GTK_EDITABLE (self->name)),
    .choice_uuid = i < self->choice_uuids->len ? g_ptr_array_index (self->choice_uuids, i) : NULL,
    .enclave_uuid = i < self->enclave_uuids->len ? g_ptr_array_index (self->enclave_uuids, i) : NULL,
  };
}

static void
check (XnAddDialog *self,
       gboolean      trial)
{
  XnPolicy *policy = xn_document_get_policy (self->document);
  XnObject *host = self->host_uuid ? xn_policy_lookup (policy, self->host_uuid) : NULL;
  g_autofree char *why = NULL;
  Plan plan;

  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  fill_plan (self, &plan);
  g_clear_pointer (&self->problem_text, g_free);
  if (!XN_IS_HOST (host))
    self->problem_text = g_strdup (_("The policy has no host: add a host first."));
  else if (!xn_validate_name (plan.name, &why))
    self->problem_text = g_strdup (why);
  else if (self->kind == ADD_ENCLAVE
           && xn_host_find_enclave_by_name (XN_HOST (host), plan.name) != NULL)
    self->problem_text = g_strdup_printf (_("An enclave named “%s” is already on this host."), plan.name);
  else if (self->kind == ADD_ENCLAVE && plan.choice_uuid == NULL
           && xn_policy_find_tag_by_name (policy, plan.name) != NULL)
    self->problem_text = g_strdup_printf (_("A tag named “%s” exists already: choose it, or name the enclave otherwise."),
                                          plan.name);
  else if (self->kind == ADD_DOMAIN && plan.enclave_uuid == NULL)
    self->problem_text = g_strdup (_("A domain needs a security label whose tag an enclave has: add the enclave and the label first."));
  else if (self->kind == ADD_SWITCH && !xn_net_switch_name_is_valid (plan.name))
    self->problem_text = g_strdup_printf (_("Switch name “%s” is not a valid bridge name "
                                            "(1–15 letters, digits, “-”, “_” or “.”)"), plan.name);
  else if (self->kind == ADD_SWITCH && xn_host_find_net_switch_by_name (XN_HOST (host), plan.name) != NULL)
    self->problem_text = g_strdup_printf (_("A switch named “%s” is already on this host."), plan.name);
  else if (self->kind == ADD_SWITCH && plan.choice_uuid == NULL)
    self->problem_text = g_strdup (_("A switch needs the domain that drives it."));
  else if ((self->kind == ADD_ROOT_DOMAIN || self->kind == ADD_DOMAIN)
           && xn_host_find_domain_by_name (XN_HOST (host), plan.name) != NULL)
    self->problem_text = g_strdup_printf (_("A domain named “%s” is already on this host."), plan.name);
  else if (trial && !xn_document_check_trial (self->document, build, &plan, &why))
    self->problem_text = g_strdup_printf (_("The policy would not pass its checks: %s"), why);
  gtk_label_set_text (GTK_LABEL (self->problem), self->problem_text ? self->problem_text : "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "form.add", self->problem_text == NULL);
}

static gboolean
trial_due (gpointer data)
{
  XnAddDialog *self = data;

  self->trial_id = 0;
  check (self, TRUE);
  return G_SOURCE_REMOVE;
}

/* The fields at once; the trial on a copy of the policy (a copy and a
 * lint: long for a large policy) once typing pauses. */
static void
validate (XnAddDialog *self)
{
  check (self, FALSE);
  g_clear_handle_id (&self->trial_id, g_source_remove);
  if (self->problem_text == NULL && !gtk_widget_in_destruction (GTK_WIDGET (self)))
    self->trial_id = g_timeout_add (150, trial_due, self);
}

/* The whole check now, if a trial is still due. */
static void
settle (XnAddDialog *self)
{
  if (self->trial_id != 0)
    {
      g_clear_handle_id (&self->trial_id, g_source_remove);
      check (self, TRUE);
    }
}

/* (nullable): what is wrong, or NULL when Add would work */
const char *
xn_add_dialog_get_problem (XnAddDialog *self)
{
  settle (self);
  return self->problem_text;
}

void
xn_add_dialog_set_name (XnAddDialog *self,
                        const char  *name)
{
  gtk_editable_set_text (GTK_EDITABLE (self->name), name);
}

/**
 * xn_add_dialog_choose:
 * @choice: (nullable): the tag (enclave) or security label (root
 *   domain), or %NULL for a new tag / no label
 *
 * Returns: whether @choice is among those offered
 */
gboolean
xn_add_dialog_choose (XnAddDialog *self,
                      XnObject    *choice)
{
  const char *uuid = choice ? xn_object_get_uuid (choice) : NULL;

  for (guint i = 0; i < self->choice_uuids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->choice_uuids, i), uuid) == 0)
      {
        gtk_drop_down_set_selected (GTK_DROP_DOWN (self->choice), i);
        return TRUE;
      }
  return FALSE;
}

/**
 * xn_add_dialog_accept:
 *
 * Adds what the form describes, as one undoable edit, and closes.
 *
 * Returns: (transfer none) (nullable): the new enclave or domain, or
 *   %NULL if the form is not valid (the problem line says why)
 */
XnObject *
xn_add_dialog_accept (XnAddDialog *self)
{
  XnCommand *command;
  g_autoptr(GError) error = NULL;
  Plan plan;

  g_clear_handle_id (&self->trial_id, g_source_remove);
  check (self, TRUE);
  if (self->problem_text != NULL)
    return NULL;
  fill_plan (self, &plan);
  /* (transfer full): the document's stack takes it */
  command = build (xn_document_get_policy (self->document), &plan);
  if (command == NULL || !xn_document_push (self->document, command, &error))
    {
      gtk_label_set_text (GTK_LABEL (self->problem), error ? error->message : _("The host is gone."));
      return NULL;
    }
  g_signal_emit (self, signals[CREATED], 0, plan.made);
  gtk_window_destroy (GTK_WINDOW (self));
  return plan.made;
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  xn_add_dialog_accept (XN_ADD_DIALOG (widget));
}

static void
xn_add_dialog_dispose (GObject *object)
{
  XnAddDialog *self = XN_ADD_DIALOG (object);

  g_clear_handle_id (&self->trial_id, g_source_remove);
  g_clear_object (&self->document);
  g_clear_pointer (&self->host_uuid, g_free);
  g_clear_pointer (&self->choice_uuids, g_ptr_array_unref);
  g_clear_pointer (&self->enclave_uuids, g_ptr_array_unref);
  g_clear_pointer (&self->problem_text, g_free);
  G_OBJECT_CLASS (xn_add_dialog_parent_class)->dispose (object);
}

static void
xn_add_dialog_class_init (XnAddDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = xn_add_dialog_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/xenonvmm/Manager/ui/xn-add-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, XnAddDialog, name);
  gtk_widget_class_bind_template_child (widget_class, XnAddDialog, choice_label);
  gtk_widget_class_bind_template_child (widget_class, XnAddDialog, choice);
  gtk_widget_class_bind_template_child (widget_class, XnAddDialog, problem);
  gtk_widget_class_bind_template_callback (widget_class, validate);
  gtk_widget_class_install_action (widget_class, "form.add", NULL, add_action);
  /* A GtkWindow, unlike a GtkDialog, has no binding for Escape. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  /**
   * XnAddDialog::created:
   * @object: the new enclave or root domain
   */
  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, XN_TYPE_OBJECT);
}

static void
xn_add_dialog_init (XnAddDialog *self)
{
  self->choice_uuids = g_ptr_array_new_with_free_func (g_free);
  self->enclave_uuids = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  xn_ui_label_hidden_when_empty (self->problem);
  xn_ui_name_for_assistive_technology (GTK_WIDGET (self));
}

static XnAddDialog *
add_dialog_new (GtkWindow  *parent,
                XnDocument *document,
                AddKind     kind)
{
  XnAddDialog *self = g_object_new (XN_TYPE_ADD_DIALOG, "transient-for", parent,
                                    "title", kind == ADD_ENCLAVE ? _("Add Enclave")
                                             : kind == ADD_DOMAIN ? _("Add Domain")
                                             : kind == ADD_SWITCH ? _("Add Switch") : _("Add Root Domain"),
                                    NULL);
  XnHost *host = xn_document_get_host (document);
  const char *choice = kind == ADD_ENCLAVE ? _("_Tag")
                       : kind == ADD_SWITCH ? _("_Driver domain") : _("Security _label");

  self->kind = kind;
  self->document = g_object_ref (document);
  self->host_uuid = host ? g_strdup (xn_object_get_uuid (XN_OBJECT (host))) : NULL;
  gtk_label_set_text_with_mnemonic (GTK_LABEL (self->choice_label), choice);
  xn_ui_name_compound (self->choice, choice);
  return self;
}

static void
finish (XnAddDialog   *self,
        GtkStringList *choices,
        guint          selected,
        const char    *name)
{
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->choice), G_LIST_MODEL (choices));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->choice), selected);
  gtk_editable_set_text (GTK_EDITABLE (self->name), name);
  validate (self);
}

static gboolean
host_has_enclave (gpointer    host,
                  const char *name)
{
  return xn_host_find_enclave_by_name (host, name) != NULL;
}

/**
 * xn_add_dialog_new_enclave:
 *
 * Offers the tags no enclave of the host has yet (the first of them
 * chosen) and a new tag named like the enclave.
 *
 * Returns: (transfer none): the dialog, owned by GTK until closed
 */
XnAddDialog *
xn_add_dialog_new_enclave (GtkWindow  *parent,
                           XnDocument *document)
{
  XnAddDialog *self = add_dialog_new (parent, document, ADD_ENCLAVE);
  XnPolicy *policy = xn_document_get_policy (document);
  XnHost *host = xn_document_get_host (document);
  XnObjectList *tags = xn_policy_get_tags (policy);
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  g_autofree char *name = xn_ui_unique_name (_("enclave"), FALSE, host_has_enclave, host);

  gtk_string_list_append (choices, _("A new tag named like the enclave"));
  g_ptr_array_add (self->choice_uuids, NULL);
  for (guint i = 0; host != NULL && i < xn_object_list_get_n_items (tags); i++)
    {
      XnTag *tag = xn_object_list_get (tags, i);
      XnObjectList *enclaves = xn_host_get_enclaves (host);
      gboolean used = FALSE;

      for (guint j = 0; j < xn_object_list_get_n_items (enclaves) && !used; j++)
        used = xn_enclave_get_tag (xn_object_list_get (enclaves, j)) == tag;
      if (used)
        continue;
      gtk_string_list_append (choices, xn_object_get_name (XN_OBJECT (tag)));
      g_ptr_array_add (self->choice_uuids, g_strdup (xn_object_get_uuid (XN_OBJECT (tag))));
    }
  finish (self, choices, self->choice_uuids->len > 1 ? 1 : 0, name);
  return self;
}

/**
 * xn_add_dialog_new_root_domain:
 *
 * Offers every security label, the first with management privilege
 * chosen (a root domain's role), and none.
 *
 * Returns: (transfer none): the dialog, owned by GTK until closed
 */
XnAddDialog *
xn_add_dialog_new_root_domain (GtkWindow  *parent,
                               XnDocument *document)
{
  XnAddDialog *self = add_dialog_new (parent, document, ADD_ROOT_DOMAIN);
  XnObjectList *labels = xn_policy_get_sec_labels (xn_document_get_policy (document));
  XnHost *host = xn_document_get_host (document);
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  g_autofree char *name = xn_ui_unique_name (_("root-domain"), FALSE, xn_ui_host_has_domain, host);
  guint selected = 0;

  gtk_string_list_append (choices, _("None"));
  g_ptr_array_add (self->choice_uuids, NULL);
  for (guint i = 0; i < xn_object_list_get_n_items (labels); i++)
    {
      XnSecLabel *label = xn_object_list_get (labels, i);
      XnProfile *profile = xn_sec_label_get_profile (label);
      g_autofree char *text = g_strdup_printf (_("%s (profile %s)"), xn_object_get_name (XN_OBJECT (label)),
                                               profile ? xn_object_get_name (XN_OBJECT (profile)) : "?");

      if (selected == 0 && profile != NULL && xn_profile_get_privilege (profile) == XN_PRIVILEGE_MANAGEMENT)
        selected = self->choice_uuids->len;
      gtk_string_list_append (choices, text);
      g_ptr_array_add (self->choice_uuids, g_strdup (xn_object_get_uuid (XN_OBJECT (label))));
    }
  finish (self, choices, selected, name);
  return self;
}

/**
 * xn_add_dialog_new_domain:
 * @enclave: (nullable): the enclave to offer first
 *
 * A user domain in an enclave.  The choice pairs each security label with
 * an enclave of its tag (the lint's rule: a domain's label carries its
 * enclave's tag); the domain starts with 512 MiB, one vCPU, and PV GRUB
 * when its profile is for PV guests.
 *
 * Returns: (transfer none): the dialog, owned by GTK until closed
 */
XnAddDialog *
xn_add_dialog_new_domain (GtkWindow  *parent,
                          XnDocument *document,
                          XnEnclave  *enclave)
{
  XnAddDialog *self = add_dialog_new (parent, document, ADD_DOMAIN);
  XnObjectList *labels = xn_policy_get_sec_labels (xn_document_get_policy (document));
  XnHost *host = xn_document_get_host (document);
  XnObjectList *enclaves = host ? xn_host_get_enclaves (host) : NULL;
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  g_autofree char *name = xn_ui_unique_name (_("domain"), FALSE, xn_ui_host_has_domain, host);
  guint selected = 0;

  for (guint e = 0; enclaves != NULL && e < xn_object_list_get_n_items (enclaves); e++)
    {
      XnEnclave *enc = xn_object_list_get (enclaves, e);

      for (guint i = 0; i < xn_object_list_get_n_items (labels); i++)
        {
          XnSecLabel *label = xn_object_list_get (labels, i);
          g_autofree char *text = NULL;

          if (xn_enclave_get_tag (enc) == NULL || xn_sec_label_get_tag (label) != xn_enclave_get_tag (enc))
            continue;
          if (enc == enclave && selected == 0 && self->choice_uuids->len > 0)
            selected = self->choice_uuids->len;
          /* Translators: a security label, then the enclave it puts the domain in */
          text = g_strdup_printf (_("%s in enclave %s"), xn_object_get_name (XN_OBJECT (label)),
                                  xn_object_get_name (XN_OBJECT (enc)));
          gtk_string_list_append (choices, text);
          g_ptr_array_add (self->choice_uuids, g_strdup (xn_object_get_uuid (XN_OBJECT (label))));
          g_ptr_array_add (self->enclave_uuids, g_strdup (xn_object_get_uuid (XN_OBJECT (enc))));
        }
    }
  finish (self, choices, selected, name);
  return self;
}

/**
 * xn_add_dialog_new_switch:
 *
 * A virtual switch and the domain that drives it (its backend): Domain-0
 * first, then root and service domains.  Its address and netmask are set
 * in its form, which opens on it.
 *
 * Returns: (transfer none): the dialog, owned by GTK until closed
 */
XnAddDialog *
xn_add_dialog_new_switch (GtkWindow  *parent,
                          XnDocument *document)
{
  XnAddDialog *self = add_dialog_new (parent, document, ADD_SWITCH);
  XnHost *host = xn_document_get_host (document);
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) domains = host ? xn_host_dup_domains (host) : g_ptr_array_new ();
  g_autofree char *name = xn_ui_unique_name ("xnbr", FALSE, xn_ui_list_has_name,
                                             host ? xn_host_get_net_switches (host) : NULL);

  for (guint i = 0; i < domains->len; i++)
    {
      XnDomain *domain = g_ptr_array_index (domains, i);
      g_autofree char *text = NULL;

      /* A user domain does not serve others' network. */
      if (xn_domain_get_kind (domain) == XN_DOMAIN_KIND_USER)
        continue;
      text = g_strdup_printf (xn_domain_get_kind (domain) == XN_DOMAIN_KIND_ROOT ? _("%s (root)") : _("%s (service)"),
                              xn_object_get_name (XN_OBJECT (domain)));
      gtk_string_list_append (choices, text);
      g_ptr_array_add (self->choice_uuids, g_strdup (xn_object_get_uuid (XN_OBJECT (domain))));
    }
  finish (self, choices, 0, name);
  return self;
}
