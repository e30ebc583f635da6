/* xn-service-vm-dialog.c: Create Service VM — a pre-configured service domain
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The seed's "Create pre-configured Service VMs": one form makes a
 * network service domain with the switch it drives, or a storage service
 * domain, in an enclave.  Everything a working service domain needs is
 * filled in (a security label pairing the enclave's tag with the built-in
 * NetworkService or StorageService profile, memory, vCPUs, Debian's PV
 * GRUB as kernel, a free /24 for the switch, the controller to pass
 * through) and can be changed before it is made.  The whole result is
 * tried on a copy of the policy first: Create stays insensitive while a
 * field is wrong or the result would add a lint error, and a line says
 * which.  Made, it is one undoable edit.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "xn-editor.h"
#include "xn-service-vm-dialog.h"
#include "xn-ui-util.h"

struct _XnServiceVmDialog
{
  GtkWindow        parent_instance;

  /* Template widgets */
  GtkWidget       *kind;
  GtkWidget       *enclave;
  GtkStringList   *enclaves;
  GtkWidget       *name;
  GtkWidget       *label;
  GtkWidget       *memory;
  GtkWidget       *vcpus;
  GtkWidget       *device;
  GtkWidget       *switch_label;
  GtkWidget       *switch_name;
  GtkWidget       *address_label;
  GtkWidget       *address;
  GtkWidget       *netmask_label;
  GtkWidget       *netmask;
  GtkWidget       *problem;

  /* Owned references */
  XnDocument      *document;       /* NULL while the dialog is being built */
  char            *host_uuid;
  GPtrArray       *enclave_uuids;
  GPtrArray       *label_uuids;    /* NULL entry: a new label */
  GPtrArray       *device_uuids;   /* NULL entry: no device */
  char            *problem_text;
  guint            trial_id;       /* the lint trial, due after typing */
  char            *default_name;    /* what the entries held before a user typed */
  char            *default_switch;
  char            *default_address;
  gboolean         refreshing;
};

G_DEFINE_FINAL_TYPE (XnServiceVmDialog, xn_service_vm_dialog, GTK_TYPE_WINDOW)

enum { CREATED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* What Create makes, by UUID, so the same plan can be built on a copy of
 * the policy (the lint trial) and then on the document itself. */
typedef struct
{
  XnServiceVmKind kind;
  const char     *host_uuid;
  const char     *enclave_uuid;
  const char     *label_uuid;
  const char     *device_uuid;
  const char     *name;
  const char     *switch_name;
  const char     *address;
  const char     *netmask;
  guint           memory;
  guint           vcpus;
  XnDomain       *made;           /* out: the domain, (transfer none) */
} Plan;

static const char *
builtin_profile (XnServiceVmKind kind)
{
  return kind == XN_SERVICE_VM_NETWORK ? "NetworkService" : "StorageService";
}

static XnServiceVmKind
get_kind (XnServiceVmDialog *self)
{
  return gtk_drop_down_get_selected (GTK_DROP_DOWN (self->kind)) == 1 ? XN_SERVICE_VM_STORAGE
                                                                       : XN_SERVICE_VM_NETWORK;
}

static XnPolicy *
policy_of (XnServiceVmDialog *self)
{
  return xn_document_get_policy (self->document);
}

static XnHost *
host_of (XnServiceVmDialog *self)
{
  return XN_HOST (xn_policy_lookup (policy_of (self), self->host_uuid));
}

static const char *
selected_uuid (GtkWidget *drop,
               GPtrArray *uuids)
{
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (drop));

  return i < uuids->len ? g_ptr_array_index (uuids, i) : NULL;
}

static XnEnclave *
get_enclave (XnServiceVmDialog *self)
{
  const char *uuid = selected_uuid (self->enclave, self->enclave_uuids);
  XnObject *object = uuid ? xn_policy_lookup (policy_of (self), uuid) : NULL;

  return XN_IS_ENCLAVE (object) ? XN_ENCLAVE (object) : NULL;
}

/* @name without what a domain or bridge name cannot hold ("Enclave B"
 * gives "EnclaveB"), at most @max bytes. */
static char *
slug (const char *name,
      gsize       max)
{
  GString *out = g_string_new (NULL);

  for (const char *p = name; *p != '\0' && out->len < max; p++)
    if (g_ascii_isalnum (*p) || *p == '_' || *p == '-')
      g_string_append_c (out, *p);
  if (out->len == 0)
    g_string_append (out, "svc");
  return g_string_free (out, FALSE);
}

/* A bridge name to offer for @enclave_name: a Linux interface name has at
 * most 15 characters, and "-N" may be added to make it unique. Cutting
 * the name short read badly (human_resources gave "human_resoubr",
 * entertainment "entertainm-br"): "security-br" when it fits, else the
 * words' initials ("hr-br"), else the whole word without the suffix
 * ("entertainment"), else the word without its inner vowels
 * ("administrations" gives "admnstrtns"). Only a word still longer than
 * that is cut. */
static char *
bridge_base (const char *enclave_name)
{
  g_autofree char *whole = slug (enclave_name, 64);
  g_auto(GStrv) words = NULL;
  g_autoptr(GString) initials = g_string_new (NULL);
  GString *consonants;

  if (strlen (whole) + 3 <= 13)
    return g_strdup_printf ("%s-br", whole);
  words = g_regex_split_simple ("[^A-Za-z0-9]+", enclave_name, 0, 0);
  for (guint i = 0; words[i] != NULL; i++)
    if (g_ascii_isalnum (words[i][0]) && initials->len < 10)
      g_string_append_c (initials, g_ascii_tolower (words[i][0]));
  if (initials->len >= 2)
    return g_strdup_printf ("%s-br", initials->str);
  if (strlen (whole) <= 13)
    return g_steal_pointer (&whole);
  consonants = g_string_new (NULL);
  for (const char *p = whole; *p != '\0'; p++)
    if (p == whole || strchr ("aeiouAEIOU", *p) == NULL)
      g_string_append_c (consonants, *p);
  g_string_truncate (consonants, MIN (consonants->len, 13));
  return g_string_free (consonants, FALSE);
}

/* 192.168.N.1 for the first N no switch of the host uses yet. */
static char *
free_switch_address (XnHost *host)
{
  XnObjectList *switches = xn_host_get_net_switches (host);

  for (guint n = 10; n < 255; n++)
    {
      g_autofree char *prefix = g_strdup_printf ("192.168.%u.", n);
      gboolean used = FALSE;

      for (guint i = 0; i < xn_object_list_get_n_items (switches) && !used; i++)
        used = g_str_has_prefix (xn_net_switch_get_address (xn_object_list_get (switches, i)) ?: "", prefix);
      if (!used)
        return g_strconcat (prefix, "1", NULL);
    }
  return g_strdup ("192.168.254.1");
}

static gboolean
device_taken (XnHost     *host,
              const char *uuid)
{
  g_autoptr(GPtrArray) domains = xn_host_dup_domains (host);

  for (guint i = 0; i < domains->len; i++)
    {
      XnObjectList *refs = xn_domain_get_pci_devices (g_ptr_array_index (domains, i));

      for (guint j = 0; j < xn_object_list_get_n_items (refs); j++)
        if (g_strcmp0 (xn_device_ref_get_device_uuid (xn_object_list_get (refs, j)), uuid) == 0)
          return TRUE;
    }
  return FALSE;
}

/* Puts @text into @entry unless a user typed something of their own there
 * (anything but the default it held). */
static void
offer_default (GtkWidget  *entry,
               char      **last_default,
               const char *text)
{
  const char *now = gtk_editable_get_text (GTK_EDITABLE (entry));

  if (*now == '\0' || g_strcmp0 (now, *last_default) == 0)
    gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_free (*last_default);
  *last_default = g_strdup (text);
}

static void
fill_plan (XnServiceVmDialog *self,
           Plan              *plan)
{
  XnEnclave *enclave = get_enclave (self);

  *plan = (Plan) {
    .kind = get_kind (self),
    .host_uuid = self->host_uuid,
    .enclave_uuid = enclave ? xn_object_get_uuid (XN_OBJECT (enclave)) : NULL,
    .label_uuid = selected_uuid (self->label, self->label_uuids),
    .device_uuid = selected_uuid (self->device, self->device_uuids),
    .name = gtk_editable_get_text (GTK_EDITABLE (self->name)),
    .switch_name = gtk_editable_get_text (GTK_EDITABLE (self->switch_name)),
    .address = gtk_editable_get_text (GTK_EDITABLE (self->address)),
    .netmask = gtk_editable_get_text (GTK_EDITABLE (self->netmask)),
    .memory = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->memory)),
    .vcpus = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->vcpus)),
  };
}

/* The plan as one group command against @policy (the document's, or the
 * copy the lint trial works on). */
static XnCommand *
build (XnPolicy *policy,
       gpointer  data)
{
  Plan *plan = data;
  XnObject *host_object = xn_policy_lookup (policy, plan->host_uuid);
  XnObject *enclave_object = plan->enclave_uuid ? xn_policy_lookup (policy, plan->enclave_uuid) : NULL;
  gboolean network = plan->kind == XN_SERVICE_VM_NETWORK;
  g_autoptr(XnDomain) domain = NULL;
  XnGroupCommand *group;
  XnEnclave *enclave;
  XnHost *host;
  const char *label_uuid = plan->label_uuid;
  XnProfile *profile = NULL;
  XnGuestType guest_type;

  if (!XN_IS_HOST (host_object) || !XN_IS_ENCLAVE (enclave_object))
    return NULL;
  host = XN_HOST (host_object);
  enclave = XN_ENCLAVE (enclave_object);
  group = XN_GROUP_COMMAND (xn_group_command_new (network ? _("Create Network Service VM")
                                                          : _("Create Storage Service VM")));

  if (label_uuid == NULL)
    {
      /* A new label: the enclave's tag with the built-in service profile,
       * added to the policy if it does not hold it yet. */
      XnObjectList *labels = xn_policy_get_sec_labels (policy);
      XnTag *tag = xn_enclave_get_tag (enclave);
      g_autoptr(XnSecLabel) label = xn_sec_label_new ();
      g_autofree char *base = NULL, *label_name = NULL;

      profile = xn_policy_find_profile_by_name (policy, builtin_profile (plan->kind));
      if (profile == NULL)
        {
          g_autoptr(XnProfile) builtin = xn_builtin_profile_new (builtin_profile (plan->kind));
          XnObjectList *profiles = xn_policy_get_profiles (policy);

          profile = builtin;
          xn_group_command_add (group, xn_insert_command_new (profiles, xn_object_list_get_n_items (profiles),
                                                              XN_OBJECT (builtin)));
        }
      base = g_strdup_printf ("%s-%s", tag ? xn_object_get_name (XN_OBJECT (tag)) : xn_object_get_name (enclave_object),
                              network ? "net-service" : "storage-service");
      label_name = xn_ui_unique_name (base, TRUE, xn_ui_list_has_name, labels);
      xn_object_set_name (XN_OBJECT (label), label_name);
      if (tag != NULL)
        xn_sec_label_set_tag_uuid (label, xn_object_get_uuid (XN_OBJECT (tag)));
      xn_sec_label_set_profile_uuid (label, xn_object_get_uuid (XN_OBJECT (profile)));
      label_uuid = xn_object_get_uuid (XN_OBJECT (label));
      xn_group_command_add (group, xn_insert_command_new (labels, xn_object_list_get_n_items (labels),
                                                          XN_OBJECT (label)));
    }
  else
    {
      XnObject *label = xn_policy_lookup (policy, label_uuid);
      profile = XN_IS_SEC_LABEL (label) ? xn_sec_label_get_profile (XN_SEC_LABEL (label)) : NULL;
    }
  guest_type = profile ? xn_profile_get_guest_type (profile) : XN_GUEST_TYPE_PV;

  domain = xn_domain_new ();
  xn_object_set_name (XN_OBJECT (domain), plan->name);
  xn_domain_set_kind (domain, XN_DOMAIN_KIND_SERVICE);
  xn_domain_set_guest_type (domain, guest_type == XN_GUEST_TYPE_ANY ? XN_GUEST_TYPE_PV : guest_type);
  xn_domain_set_sec_label_uuid (domain, label_uuid);
  xn_domain_set_memory (domain, plan->memory);
  xn_domain_set_vcpus (domain, plan->vcpus);
  if (xn_domain_get_guest_type (domain) == XN_GUEST_TYPE_PV)
    xn_domain_set_kernel (domain, XN_PV_GRUB);
  if (plan->device_uuid != NULL)
    {
      XnObject *device = xn_policy_lookup (policy, plan->device_uuid);
      /* The new domain is not in the document yet: its own list is part
       * of the object the insert below adds. */
      g_autoptr(XnDeviceRef) own = xn_device_ref_new (plan->device_uuid);

      xn_object_list_append (xn_domain_get_pci_devices (domain), XN_OBJECT (own));
      if (XN_IS_DEVICE (device) && xn_device_get_enclave (XN_DEVICE (device)) == NULL)
        {
          /* Unassigned hardware goes to the enclave with its domain. */
          XnObjectList *held = xn_enclave_get_assigned_hardware (enclave);
          g_autoptr(XnDeviceRef) ref = xn_device_ref_new (plan->device_uuid);

          xn_group_command_add (group, xn_insert_command_new (held, xn_object_list_get_n_items (held),
                                                              XN_OBJECT (ref)));
        }
    }
  xn_group_command_add (group, xn_insert_command_new (xn_enclave_get_domains (enclave),
                                                      xn_object_list_get_n_items (xn_enclave_get_domains (enclave)),
                                                      XN_OBJECT (domain)));
  if (network)
    {
      g_autoptr(XnNetSwitch) sw = xn_net_switch_new ();
      XnObjectList *switches = xn_host_get_net_switches (host);

      xn_object_set_name (XN_OBJECT (sw), plan->switch_name);
      xn_net_switch_set_driver_domain_uuid (sw, xn_object_get_uuid (XN_OBJECT (domain)));
      if (*plan->address != '\0')
        xn_net_switch_set_address (sw, plan->address);
      if (*plan->netmask != '\0')
        xn_net_switch_set_netmask (sw, plan->netmask);
      xn_group_command_add (group, xn_insert_command_new (switches, xn_object_list_get_n_items (switches),
                                                          XN_OBJECT (sw)));
    }
  plan->made = domain;
  return XN_COMMAND (group);
}

static void
check (XnServiceVmDialog *self,
       gboolean            trial)
{
  XnHost *host = host_of (self);
  Plan plan;
  g_autofree char *why = NULL;

  if (self->refreshing || self->document == NULL || gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  fill_plan (self, &plan);
  g_clear_pointer (&self->problem_text, g_free);
  if (host == NULL || plan.enclave_uuid == NULL)
    self->problem_text = g_strdup (_("Service domains live in an enclave: add an enclave to the host first."));
  else if (!xn_validate_name (plan.name, &why))
    self->problem_text = g_strdup_printf (_("Domain name: %s"), why);
  else if (xn_host_find_domain_by_name (host, plan.name) != NULL)
    self->problem_text = g_strdup_printf (_("A domain named “%s” is already on this host."), plan.name);
  else if (plan.kind == XN_SERVICE_VM_NETWORK && !xn_net_switch_name_is_valid (plan.switch_name))
    self->problem_text = g_strdup_printf (_("Switch name “%s” is not a valid bridge name "
                                            "(1–15 letters, digits, “-”, “_” or “.”)"), plan.switch_name);
  else if (plan.kind == XN_SERVICE_VM_NETWORK
           && xn_host_find_net_switch_by_name (host, plan.switch_name) != NULL)
    self->problem_text = g_strdup_printf (_("A switch named “%s” is already on this host."), plan.switch_name);
  else if (plan.kind == XN_SERVICE_VM_NETWORK && !xn_validate_ipv4 (plan.address, &why))
    self->problem_text = g_strdup_printf (_("Switch address: %s"), why);
  else if (plan.kind == XN_SERVICE_VM_NETWORK && !xn_validate_netmask (plan.netmask, &why))
    self->problem_text = g_strdup_printf (_("Netmask: %s"), why);
  else if (trial && !xn_document_check_trial (self->document, build, &plan, &why))
    self->problem_text = g_strdup_printf (_("The policy would not pass its checks: %s"), why);
  gtk_label_set_text (GTK_LABEL (self->problem), self->problem_text ? self->problem_text : "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "form.create", self->problem_text == NULL);
}

static gboolean
trial_due (gpointer data)
{
  XnServiceVmDialog *self = data;

  self->trial_id = 0;
  check (self, TRUE);
  return G_SOURCE_REMOVE;
}

/* The fields at once; the trial on a copy of the policy (a copy and a
 * lint: long for a large policy) once typing pauses. */
static void
validate (XnServiceVmDialog *self)
{
  check (self, FALSE);
  g_clear_handle_id (&self->trial_id, g_source_remove);
  if (self->problem_text == NULL && self->document != NULL && !gtk_widget_in_destruction (GTK_WIDGET (self)))
    self->trial_id = g_timeout_add (150, trial_due, self);
}

/* The whole check now, if a trial is still due. */
static void
settle (XnServiceVmDialog *self)
{
  if (self->trial_id != 0)
    {
      g_clear_handle_id (&self->trial_id, g_source_remove);
      check (self, TRUE);
    }
}

/* The switch's rows (a grid's rows cannot be hidden whole). */
static void
show_switch_rows (XnServiceVmDialog *self,
                  gboolean           visible)
{
  GtkWidget *rows[] = { self->switch_label, self->switch_name, self->address_label, self->address,
                        self->netmask_label, self->netmask };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_set_visible (rows[i], visible);
}

/* The labels and devices to offer follow the enclave and the kind. */
static void
offer_choices (XnServiceVmDialog *self)
{
  XnServiceVmKind kind = get_kind (self);
  XnEnclave *enclave = get_enclave (self);
  XnHost *host = host_of (self);
  XnTag *tag = enclave ? xn_enclave_get_tag (enclave) : NULL;
  XnObjectList *labels = xn_policy_get_sec_labels (policy_of (self));
  XnObjectList *hardware = host ? xn_host_get_hardware (host) : NULL;
  g_autoptr(GtkStringList) label_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) device_names = gtk_string_list_new (NULL);
  g_autofree char *new_label = NULL, *name = NULL, *base = NULL;
  guint preferred = 0;

  self->refreshing = TRUE;
  g_ptr_array_set_size (self->label_uuids, 0);
  new_label = g_strdup_printf (_("New label: %s with the %s profile"),
                               tag ? xn_object_get_name (XN_OBJECT (tag)) : _("(no tag)"), builtin_profile (kind));
  gtk_string_list_append (label_names, new_label);
  g_ptr_array_add (self->label_uuids, NULL);
  for (guint i = 0; tag != NULL && i < xn_object_list_get_n_items (labels); i++)
    {
      XnSecLabel *label = xn_object_list_get (labels, i);
      XnProfile *profile = xn_sec_label_get_profile (label);
      g_autofree char *text = NULL;

      if (xn_sec_label_get_tag (label) != tag)
        continue;
      text = g_strdup_printf (_("%s (profile %s)"), xn_object_get_name (XN_OBJECT (label)),
                              profile ? xn_object_get_name (XN_OBJECT (profile)) : "?");
      /* A label that already pairs the tag with this service's profile is
       * the one to reuse. */
      if (preferred == 0 && profile != NULL
          && g_strcmp0 (xn_object_get_name (XN_OBJECT (profile)), builtin_profile (kind)) == 0)
        preferred = self->label_uuids->len;
      gtk_string_list_append (label_names, text);
      g_ptr_array_add (self->label_uuids, g_strdup (xn_object_get_uuid (XN_OBJECT (label))));
    }
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->label), G_LIST_MODEL (label_names));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->label), preferred);

  g_ptr_array_set_size (self->device_uuids, 0);
  gtk_string_list_append (device_names, _("None"));
  g_ptr_array_add (self->device_uuids, NULL);
  for (guint i = 0; hardware != NULL && i < xn_object_list_get_n_items (hardware); i++)
    {
      XnDevice *device = xn_object_list_get (hardware, i);
      XnEnclave *holder = xn_device_get_enclave (device);
      XnDeviceCategory want = kind == XN_SERVICE_VM_NETWORK ? XN_DEVICE_CATEGORY_NETWORK
                                                           : XN_DEVICE_CATEGORY_STORAGE;
      g_autofree char *text = NULL;

      if (xn_device_get_device_class (device) != want || (holder != NULL && holder != enclave)
          || device_taken (host, xn_object_get_uuid (XN_OBJECT (device))))
        continue;
      text = g_strdup_printf (holder ? _("%s (%s, held by the enclave)") : _("%s (%s, unassigned)"),
                              xn_device_get_ifname (device) ? xn_device_get_ifname (device)
                                                            : xn_object_get_name (XN_OBJECT (device)),
                              xn_device_get_bdf (device) ? xn_device_get_bdf (device) : "?");
      gtk_string_list_append (device_names, text);
      g_ptr_array_add (self->device_uuids, g_strdup (xn_object_get_uuid (XN_OBJECT (device))));
    }
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->device), G_LIST_MODEL (device_names));
  /* A network service needs its NIC: offer the first one. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->device), self->device_uuids->len > 1 ? 1 : 0);

  if (enclave != NULL && host != NULL)
    {
      g_autofree char *short_name = slug (xn_object_get_name (XN_OBJECT (enclave)), 48);

      base = g_strdup_printf (kind == XN_SERVICE_VM_NETWORK ? "%s-net" : "%s-storage", short_name);
      name = xn_ui_unique_name (base, TRUE, xn_ui_host_has_domain, host);
      offer_default (self->name, &self->default_name, name);
      if (kind == XN_SERVICE_VM_NETWORK)
        {
          g_autofree char *swbase = bridge_base (xn_object_get_name (XN_OBJECT (enclave)));
          g_autofree char *swname = xn_ui_unique_name (swbase, TRUE, xn_ui_list_has_name,
                                                        xn_host_get_net_switches (host));
          g_autofree char *address = free_switch_address (host);

          offer_default (self->switch_name, &self->default_switch, swname);
          offer_default (self->address, &self->default_address, address);
        }
    }
  show_switch_rows (self, kind == XN_SERVICE_VM_NETWORK);
  gtk_window_set_title (GTK_WINDOW (self), kind == XN_SERVICE_VM_NETWORK ? _("Create Network Service VM")
                                                                          : _("Create Storage Service VM"));
  self->refreshing = FALSE;
  validate (self);
}

static void
refresh_choices (XnServiceVmDialog *self)
{
  /* Not while being built or destroyed, nor for a change of our own. */
  if (!self->refreshing && self->document != NULL && !gtk_widget_in_destruction (GTK_WIDGET (self)))
    offer_choices (self);
}

/* (nullable): what is wrong, or NULL when Create would work */
const char *
xn_service_vm_dialog_get_problem (XnServiceVmDialog *self)
{
  settle (self);
  return self->problem_text;
}

void
xn_service_vm_dialog_set_kind (XnServiceVmDialog *self,
                               XnServiceVmKind    kind)
{
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->kind), kind == XN_SERVICE_VM_STORAGE ? 1 : 0);
}

static gboolean
select_uuid (GtkWidget  *drop,
             GPtrArray  *uuids,
             const char *uuid)
{
  for (guint i = 0; i < uuids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (uuids, i), uuid) == 0)
      {
        gtk_drop_down_set_selected (GTK_DROP_DOWN (drop), i);
        return TRUE;
      }
  return FALSE;
}

/**
 * xn_service_vm_dialog_set_enclave:
 *
 * Returns: whether @enclave is one of the host's enclaves
 */
gboolean
xn_service_vm_dialog_set_enclave (XnServiceVmDialog *self,
                                  XnEnclave         *enclave)
{
  return select_uuid (self->enclave, self->enclave_uuids, xn_object_get_uuid (XN_OBJECT (enclave)));
}

/**
 * xn_service_vm_dialog_set_device:
 * @device: (nullable): the controller to pass through, or %NULL for none
 *
 * Returns: whether @device is among those offered
 */
gboolean
xn_service_vm_dialog_set_device (XnServiceVmDialog *self,
                                 XnDevice          *device)
{
  return select_uuid (self->device, self->device_uuids,
                      device ? xn_object_get_uuid (XN_OBJECT (device)) : NULL);
}

/* Each %NULL leaves its field as it is. */
void
xn_service_vm_dialog_set_fields (XnServiceVmDialog *self,
                                 const char        *name,
                                 const char        *switch_name,
                                 const char        *address,
                                 const char        *netmask)
{
  if (name != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->name), name);
  if (switch_name != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->switch_name), switch_name);
  if (address != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->address), address);
  if (netmask != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->netmask), netmask);
  validate (self);
}

/**
 * xn_service_vm_dialog_accept:
 *
 * Makes what the form describes, as one undoable edit, and closes.
 *
 * Returns: (transfer none) (nullable): the new domain, or %NULL if the
 *   form is not valid (the problem line says why)
 */
XnDomain *
xn_service_vm_dialog_accept (XnServiceVmDialog *self)
{
  g_autoptr(GError) error = NULL;
  XnCommand *command;
  Plan plan;

  g_clear_handle_id (&self->trial_id, g_source_remove);
  check (self, TRUE);
  if (self->problem_text != NULL)
    return NULL;
  fill_plan (self, &plan);
  /* (transfer full): the document's stack takes it */
  command = build (policy_of (self), &plan);
  if (command == NULL || !xn_document_push (self->document, command, &error))
    {
      gtk_label_set_text (GTK_LABEL (self->problem), error ? error->message : _("The host or enclave is gone."));
      return NULL;
    }
  /* The window selects it, so its editor is the next thing seen. */
  g_signal_emit (self, signals[CREATED], 0, plan.made);
  gtk_window_destroy (GTK_WINDOW (self));
  return plan.made;
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  xn_service_vm_dialog_accept (XN_SERVICE_VM_DIALOG (widget));
}

static void
xn_service_vm_dialog_dispose (GObject *object)
{
  XnServiceVmDialog *self = XN_SERVICE_VM_DIALOG (object);

  g_clear_handle_id (&self->trial_id, g_source_remove);
  g_clear_object (&self->document);
  g_clear_pointer (&self->host_uuid, g_free);
  g_clear_pointer (&self->enclave_uuids, g_ptr_array_unref);
  g_clear_pointer (&self->label_uuids, g_ptr_array_unref);
  g_clear_pointer (&self->device_uuids, g_ptr_array_unref);
  g_clear_pointer (&self->problem_text, g_free);
  g_clear_pointer (&self->default_name, g_free);
  g_clear_pointer (&self->default_switch, g_free);
  g_clear_pointer (&self->default_address, g_free);
  G_OBJECT_CLASS (xn_service_vm_dialog_parent_class)->dispose (object);
}

static void
xn_service_vm_dialog_class_init (XnServiceVmDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = xn_service_vm_dialog_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/xenonvmm/Manager/ui/xn-service-vm-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, XnServiceVmDialog, kind);
  gtk_widget_class_bind_template_child (widget_class, XnServiceVmDialog, enclave);
  gtk_widget_class_bind_template_child (widget_class, XnServiceVmDialog, enclaves);
  gtk_widget_class_bind_template_child (widget_class, XnServiceVmDialog, name);
  gtk_widget_class_bind_template_child (widget_class, XnServiceVmDialog, label);
  gtk_widget_class_bind_template_child (widget_class, XnServiceVmDialog, memory);
  gtk_widget_class_bind_template_child (widget_class, XnServiceVmDialog, vcpus);
  gtk_widget_class_bind_template_child (widget_class, XnServiceVmDialog, device);
  gtk_widget_class_bind_template_child (widget_class, XnServiceVmDialog, switch_label);
  gtk_widget_class_bind_template_child (widget_class, XnServiceVmDialog, switch_name);
  gtk_widget_class_bind_template_child (widget_class, XnServiceVmDialog, address_label);
  gtk_widget_class_bind_template_child (widget_class, XnServiceVmDialog, address);
  gtk_widget_class_bind_template_child (widget_class, XnServiceVmDialog, netmask_label);
  gtk_widget_class_bind_template_child (widget_class, XnServiceVmDialog, netmask);
  gtk_widget_class_bind_template_child (widget_class, XnServiceVmDialog, problem);
  gtk_widget_class_bind_template_callback (widget_class, validate);
  gtk_widget_class_bind_template_callback (widget_class, refresh_choices);
  gtk_widget_class_install_action (widget_class, "form.create", NULL, create_action);
  /* A GtkWindow, unlike a GtkDialog, has no binding for Escape. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  /**
   * XnServiceVmDialog::created:
   * @domain: the new service domain
   */
  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, XN_TYPE_DOMAIN);
}

static void
xn_service_vm_dialog_init (XnServiceVmDialog *self)
{
  self->enclave_uuids = g_ptr_array_new_with_free_func (g_free);
  self->label_uuids = g_ptr_array_new_with_free_func (g_free);
  self->device_uuids = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Each drop-down is named by its accessible label alone: the label
   * beside it would say it again. */
  xn_ui_name_compound (self->kind, _("Service"));
  xn_ui_name_compound (self->enclave, _("Enclave"));
  xn_ui_name_compound (self->label, _("Security label"));
  xn_ui_name_compound (self->device, _("Controller to pass through"));
  xn_ui_label_hidden_when_empty (self->problem);
  xn_ui_name_for_assistive_technology (GTK_WIDGET (self));
}

/**
 * xn_service_vm_dialog_new:
 * @document: the document the domain is added to
 * @enclave: (nullable): the enclave to offer first
 * @kind: network or storage service
 *
 * Returns: (transfer none): the dialog, owned by GTK until closed
 */
XnServiceVmDialog *
xn_service_vm_dialog_new (GtkWindow       *parent,
                          XnDocument      *document,
                          XnEnclave       *enclave,
                          XnServiceVmKind  kind)
{
  XnServiceVmDialog *self = g_object_new (XN_TYPE_SERVICE_VM_DIALOG, "transient-for", parent, NULL);
  XnHost *host = xn_document_get_host (document);

  self->refreshing = TRUE;
  for (guint i = 0; host != NULL && i < xn_object_list_get_n_items (xn_host_get_enclaves (host)); i++)
    {
      XnObject *e = xn_object_list_get (xn_host_get_enclaves (host), i);
      gtk_string_list_append (self->enclaves, xn_object_get_name (e));
      g_ptr_array_add (self->enclave_uuids, g_strdup (xn_object_get_uuid (e)));
    }
  self->document = g_object_ref (document);
  self->host_uuid = host ? g_strdup (xn_object_get_uuid (XN_OBJECT (host))) : NULL;
  xn_service_vm_dialog_set_kind (self, kind);
  if (enclave != NULL)
    xn_service_vm_dialog_set_enclave (self, enclave);
  self->refreshing = FALSE;
  refresh_choices (self);
  return self;
}
