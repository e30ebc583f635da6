/* xn-editor-domain.c: the editor's domain form
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "xn-editor"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "xn-editor-private.h"
#include "xn-ui-util.h"

/* Domain lists: disks, PCI devices, whitelist entries and xl lines can
 * be added and removed; each is one undoable edit, and the form is built
 * again when a list changes (also on undo).  The buttons are the editor's
 * widget actions ("domain.*"), acting on the domain the form shows; a
 * Remove button names its item by UUID in the action's target. */

static void
list_changed_cb (GtkWidget *anchor)
{
  GtkWidget *editor = gtk_widget_get_ancestor (anchor, XN_TYPE_EDITOR);

  if (editor != NULL)
    xn_editor_schedule_rebuild (XN_EDITOR (editor));
}

/* The form's domain, or NULL when the form shows something else. */
static XnDomain *
form_domain (XnEditor *self)
{
  return XN_IS_DOMAIN (self->object) ? XN_DOMAIN (self->object) : NULL;
}

/* The list of @domain that holds the item @uuid, and its position. */
static XnObjectList *
list_holding (XnDomain   *domain,
              const char *uuid,
              guint      *pos)
{
  XnObjectList *lists[] = { xn_domain_get_disks (domain), xn_domain_get_pci_devices (domain),
                            xn_domain_get_net_allow (domain), xn_domain_get_xl_extra (domain) };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      XnObject *item = xn_object_list_lookup_uuid (lists[i], uuid);

      if (item != NULL && xn_object_list_find (lists[i], item, pos))
        return lists[i];
    }
  return NULL;
}

static void
remove_item_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  XnEditor *self = XN_EDITOR (widget);
  XnObjectList *list;
  g_autoptr(GError) error = NULL;
  guint pos;

  if (form_domain (self) == NULL
      || (list = list_holding (form_domain (self), g_variant_get_string (param, NULL), &pos)) == NULL)
    return;
  if (!xn_document_push (self->document, xn_remove_command_new (list, pos), &error))
    xn_editor_report_error (self, error);
}

/* A heading with an Add button, for a list of the domain. */
static GtkWidget *
add_list_heading (XnEditor     *self,
                  const char   *text,
                  const char   *add_label,
                  const char   *name,
                  const char   *action_name)
{
  AdwPreferencesGroup *group = xn_editor_add_heading (self, text);
  GtkWidget *add = xn_ui_button_new_with_mnemonic (add_label);

  gtk_widget_set_name (add, name);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add), action_name);
  gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
  adw_preferences_group_set_header_suffix (group, add);
  g_hash_table_insert (self->fields, g_strdup (name), add);
  return add;
}

/* A Remove button for @item of @list: at the end of @row, or in a row
 * of its own under the item's fields (a group's other widgets would go
 * under all its rows, away from the item). */
static void
add_remove_button (XnEditor     *self,
                   XnObject     *item,
                   const char   *tooltip,
                   GtkWidget    *row)
{
  GtkWidget *remove = xn_ui_button_new_with_mnemonic (_("Re_move"));
  g_autofree char *name = g_strdup_printf ("remove:%s", xn_object_get_uuid (item));

  gtk_widget_set_tooltip_text (remove, tooltip);
  gtk_widget_set_name (remove, name);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", xn_object_get_uuid (item));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "domain.remove-item");
  if (row != NULL)
    {
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
    }
  else
    {
      row = adw_preferences_row_new ();
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      g_object_set (remove, "halign", GTK_ALIGN_END, "margin-top", 6, "margin-bottom", 6,
                    "margin-start", 12, "margin-end", 12, NULL);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), remove);
      xn_editor_add_widget (self, row);
    }
  g_hash_table_insert (self->fields, g_steal_pointer (&name), remove);
}

static void
push_append (XnEditor     *self,
             XnObjectList *list,
             XnObject     *item,
             const char   *label)
{
  g_autoptr(GError) error = NULL;
  XnCommand *cmd = xn_insert_command_new (list, xn_object_list_get_n_items (list), item);

  xn_command_set_label (cmd, label);
  if (!xn_document_push (self->document, cmd, &error))
    xn_editor_report_error (self, error);
}

static void
add_disk_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  XnEditor *self = XN_EDITOR (widget);
  XnObjectList *disks;
  g_autoptr(XnDisk) disk = NULL;
  g_autofree char *vdev = NULL;

  if (form_domain (self) == NULL)
    return;
  disks = xn_domain_get_disks (form_domain (self));
  disk = xn_disk_new ();
  /* xvda, xvdb, …: the next virtual device a PV guest expects. */
  vdev = g_strdup_printf ("xvd%c", 'a' + (int) MIN (xn_object_list_get_n_items (disks), 25));
  g_object_set (disk, "vdev", vdev, "mode", "w", "format", "raw", NULL);
  push_append (self, disks, XN_OBJECT (disk), _("Add Disk"));
}

static void
add_allow_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  XnEditor *self = XN_EDITOR (widget);
  g_autoptr(XnNetAllow) allow = NULL;

  if (form_domain (self) == NULL)
    return;
  allow = xn_net_allow_new ();
  push_append (self, xn_domain_get_net_allow (form_domain (self)), XN_OBJECT (allow),
               _("Add Whitelist Entry"));
}

static void
add_xl_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  XnEditor *self = XN_EDITOR (widget);
  g_autoptr(XnXlPair) pair = NULL;

  if (form_domain (self) == NULL)
    return;
  pair = xn_xl_pair_new ("");
  push_append (self, xn_domain_get_xl_extra (form_domain (self)), XN_OBJECT (pair), _("Add xl Line"));
}

static gboolean
domain_has_device (XnDomain   *domain,
                   const char *uuid)
{
  XnObjectList *pci = xn_domain_get_pci_devices (domain);

  for (guint i = 0; i < xn_object_list_get_n_items (pci); i++)
    if (g_strcmp0 (xn_device_ref_get_device_uuid (xn_object_list_get (pci, i)), uuid) == 0)
      return TRUE;
  return FALSE;
}

/* The host's devices @domain does not have yet, to assign one (the
 * chooser's choices, in its order); the lint still refuses a device held
 * by another owner. */
static GPtrArray *
pci_choices (XnDomain *domain)
{
  XnHost *host = xn_domain_get_host (domain);
  XnObjectList *hw = host ? xn_host_get_hardware (host) : NULL;
  GPtrArray *devices = g_ptr_array_new ();

  for (guint i = 0; hw && i < xn_object_list_get_n_items (hw); i++)
    {
      XnObject *dev = xn_object_list_get (hw, i);

      if (!domain_has_device (domain, xn_object_get_uuid (dev)))
        g_ptr_array_add (devices, dev);
    }
  return devices;
}

static void
assign_pci_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  XnEditor *self = XN_EDITOR (widget);
  GtkWidget *drop = g_hash_table_lookup (self->fields, "pci-device");
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(XnDeviceRef) ref = NULL;
  guint pos;

  if (form_domain (self) == NULL || !GTK_IS_DROP_DOWN (drop))
    return;
  devices = pci_choices (form_domain (self));
  pos = gtk_drop_down_get_selected (GTK_DROP_DOWN (drop));
  if (pos == GTK_INVALID_LIST_POSITION || pos >= devices->len)
    return;
  ref = xn_device_ref_new (xn_object_get_uuid (g_ptr_array_index (devices, pos)));
  push_append (self, xn_domain_get_pci_devices (form_domain (self)), XN_OBJECT (ref),
               _("Assign PCI Device"));
}

static void
add_pci_chooser (XnEditor *self,
                 XnDomain *domain)
{
  g_autoptr(GPtrArray) devices = pci_choices (domain);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *drop, *assign;

  for (guint i = 0; i < devices->len; i++)
    {
      g_autofree char *label = xn_ui_object_dup_label (g_ptr_array_index (devices, i));

      gtk_string_list_append (names, label);
    }
  drop = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  xn_ui_name_compound (drop, _("Host device"));
  gtk_widget_set_hexpand (drop, TRUE);
  assign = xn_ui_button_new_with_mnemonic (_("Assi_gn"));
  gtk_widget_set_tooltip_text (assign, _("Pass the chosen device through to this domain"));
  gtk_widget_set_name (assign, "assign-pci");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (assign), "domain.assign-pci");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "domain.assign-pci", devices->len > 0);
  gtk_box_append (GTK_BOX (box), drop);
  gtk_box_append (GTK_BOX (box), assign);
  xn_editor_add_row (self, _("Host _device"), "pci-device", box);
  /* The row's mnemonic goes to the list, not to the box around it. */
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (gtk_widget_get_ancestor (box, ADW_TYPE_ACTION_ROW)), drop);
  g_hash_table_insert (self->fields, g_strdup ("assign-pci"), assign);
  /* The field is the list itself (domain.assign-pci reads its choice). */
  g_hash_table_insert (self->fields, g_strdup ("pci-device"), drop);
}

/* "May also run on": one check per other host of the policy, named
 * "may-run-on:" and the host's UUID; the domain's mayRunOn lists the
 * checked ones' UUIDs (model/FORMAT.md). */
#define MAY_RUN_ON "may-run-on:"

static const char *
may_run_on_host (GtkCheckButton *check)
{
  return gtk_widget_get_name (GTK_WIDGET (check)) + strlen (MAY_RUN_ON);
}

static void
may_run_on_sync (GtkCheckButton *check)
{
  GtkWidget *editor = gtk_widget_get_ancestor (GTK_WIDGET (check), XN_TYPE_EDITOR);
  XnEditor *self = editor != NULL ? XN_EDITOR (editor) : NULL;
  XnDomain *domain = self != NULL ? form_domain (self) : NULL;
  gboolean on;

  if (domain == NULL)
    return;
  on = xn_domain_may_run_on (domain, may_run_on_host (check));
  if (gtk_check_button_get_active (check) != on)
    {
      self->updating = TRUE;
      gtk_check_button_set_active (check, on);
      self->updating = FALSE;
    }
}

static void
may_run_on_toggled (GtkCheckButton *check,
                    XnEditor       *self)
{
  XnDomain *domain = form_domain (self);
  const char *host = may_run_on_host (check);
  gboolean on = gtk_check_button_get_active (check);
  g_auto(GStrv) old = NULL;
  g_autoptr(GStrvBuilder) b = NULL;
  g_auto(GStrv) uuids = NULL;
  g_autofree char *value = NULL;
  g_autoptr(GError) error = NULL;

  if (self->updating || domain == NULL || on == xn_domain_may_run_on (domain, host))
    return;
  old = xn_domain_dup_may_run_on_hosts (domain);
  b = g_strv_builder_new ();
  for (guint i = 0; old[i] != NULL; i++)
    if (!g_str_equal (old[i], host))
      g_strv_builder_add (b, old[i]);
  if (on)
    g_strv_builder_add (b, host);
  uuids = g_strv_builder_end (b);
  value = g_strjoinv (" ", uuids);
  if (!xn_document_set_string (self->document, domain, "may-run-on", *value ? value : NULL, &error))
    xn_editor_report_error (self, error);
}

static void
add_may_run_on (XnEditor *self,
                XnPolicy *policy,
                XnDomain *domain)
{
  XnObjectList *hosts = xn_policy_get_hosts (policy);
  XnHost *own = NULL;

  for (guint i = 0; i < xn_object_list_get_n_items (hosts) && own == NULL; i++)
    {
      g_autoptr(GPtrArray) doms = xn_host_dup_domains (xn_object_list_get (hosts, i));

      if (g_ptr_array_find (doms, domain, NULL))
        own = xn_object_list_get (hosts, i);
    }
  if (own == NULL || xn_object_list_get_n_items (hosts) < 2)
    return;   /* one host: nowhere else to run */
  xn_editor_add_heading (self, _("May also run on"));
  for (guint i = 0; i < xn_object_list_get_n_items (hosts); i++)
    {
      XnHost *host = xn_object_list_get (hosts, i);
      const char *uuid = xn_object_get_uuid (XN_OBJECT (host));
      g_autofree char *name = g_strconcat (MAY_RUN_ON, uuid, NULL);
      GtkWidget *check;

      if (host == own)
        continue;
      check = gtk_check_button_new ();
      gtk_widget_set_tooltip_text (check, _("The domain may be migrated to this host: its plan holds it too"));
      xn_editor_add_row (self, xn_object_get_name (XN_OBJECT (host)), name, check);
      may_run_on_sync (GTK_CHECK_BUTTON (check));
      g_signal_connect (check, "toggled", G_CALLBACK (may_run_on_toggled), self);
      g_signal_connect_object (domain, "notify::may-run-on", G_CALLBACK (may_run_on_sync), check,
                               G_CONNECT_SWAPPED);
    }
}

void
xn_editor_build_domain (XnEditor *self,
                        XnDomain *domain)
{
  XnPolicy *policy = xn_document_get_policy (self->document);
  XnObjectList *vifs = xn_domain_get_vifs (domain);
  XnObjectList *disks = xn_domain_get_disks (domain);
  XnObjectList *pci = xn_domain_get_pci_devices (domain);
  XnObjectList *allow = xn_domain_get_net_allow (domain);
  XnObjectList *xl = xn_domain_get_xl_extra (domain);
  guint n;

  xn_editor_add_entry (self, _("_Name"), domain, "name", xn_validate_name);
  xn_editor_add_enum (self, _("_Kind"), domain, "kind");
  xn_editor_add_enum (self, _("_Guest type"), domain, "guest-type");
  xn_editor_add_ref (self, _("_SecLabel"), domain, "sec-label-uuid", G_LIST_MODEL (xn_policy_get_sec_labels (policy)));
  xn_editor_add_spin (self, _("_Memory (MiB)"), domain, "memory", 1024 * 1024);
  xn_editor_add_spin (self, _("_vCPUs"), domain, "vcpus", 512);
  xn_editor_add_entry (self, _("_Kernel"), domain, "kernel", NULL);
  xn_editor_add_entry (self, _("_Ramdisk"), domain, "ramdisk", NULL);
  xn_editor_add_entry (self, _("_Command line"), domain, "cmdline", NULL);
  xn_editor_add_check (self, _("Network _whitelist only"), domain, "whitelist");
  add_may_run_on (self, policy, domain);

  n = xn_object_list_get_n_items (vifs);
  for (guint i = 0; i < n; i++)
    {
      XnVif *vif = xn_object_list_get (vifs, i);
      XnNetSwitch *sw = xn_vif_get_net_switch (vif);
      g_autofree char *h = g_strdup_printf (_("VIF %u on %s"), i + 1,
                                            sw ? xn_object_get_name (XN_OBJECT (sw)) : "?");
      xn_editor_add_heading (self, h);
      xn_editor_add_check (self, _("_Enable VIF"), vif, "enabled");
      xn_editor_add_entry (self, _("_MAC address"), vif, "mac", xn_validate_mac);
      xn_editor_add_entry (self, _("_IP address"), vif, "ip", xn_validate_ipv4);
    }
  add_list_heading (self, _("Disks"), _("Add _Disk"), "add-disk", "domain.add-disk");
  n = xn_object_list_get_n_items (disks);
  for (guint i = 0; i < n; i++)
    {
      XnDisk *disk = xn_object_list_get (disks, i);
      g_autofree char *h = g_strdup_printf (_("Disk %u"), i + 1);
      g_autofree char *tip = g_strdup_printf (_("Remove disk %u"), i + 1);

      xn_editor_add_heading (self, h);
      xn_editor_add_entry (self, _("_Virtual device"), disk, "vdev", NULL);
      xn_editor_add_entry (self, _("_Target"), disk, "target", NULL);
      xn_editor_add_entry (self, _("_Format"), disk, "format", NULL);
      xn_editor_add_entry (self, _("M_ode"), disk, "mode", NULL);
      add_remove_button (self, XN_OBJECT (disk), tip, NULL);
    }

  xn_editor_add_heading (self, _("PCI devices"));
  n = xn_object_list_get_n_items (pci);
  for (guint i = 0; i < n; i++)
    {
      XnObject *ref = xn_object_list_get (pci, i);
      XnDevice *dev = xn_device_ref_get_device (XN_DEVICE_REF (ref));
      g_autofree char *text = dev ? xn_ui_object_dup_label (XN_OBJECT (dev))
                                  : g_strdup (xn_device_ref_get_device_uuid (XN_DEVICE_REF (ref)));
      g_autofree char *tip = g_strdup_printf (_("Take %s away from this domain"), text);
      GtkWidget *row = adw_action_row_new ();

      xn_editor_set_row_title (row, text);
      adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
      xn_editor_add_widget (self, row);
      add_remove_button (self, ref, tip, row);
    }
  add_pci_chooser (self, domain);

  add_list_heading (self, _("Network whitelist"), _("Add _Entry"), "add-allow", "domain.add-entry");
  n = xn_object_list_get_n_items (allow);
  for (guint i = 0; i < n; i++)
    {
      XnNetAllow *a = xn_object_list_get (allow, i);
      g_autofree char *tip = g_strdup_printf (_("Remove whitelist entry %u"), i + 1);

      xn_editor_add_entry (self, _("_Address"), a, "address", xn_validate_net_address);
      xn_editor_add_entry (self, _("_Protocol"), a, "proto", NULL);
      xn_editor_add_spin (self, _("_Port"), a, "port", 65535);
      add_remove_button (self, XN_OBJECT (a), tip, NULL);
    }

  add_list_heading (self, _("Extra xl key/values"), _("Add xl _Line"), "add-xl", "domain.add-xl-line");
  n = xn_object_list_get_n_items (xl);
  for (guint i = 0; i < n; i++)
    {
      XnObject *line = xn_object_list_get (xl, i);
      g_autofree char *tip = g_strdup_printf (_("Remove xl line %u"), i + 1);

      xn_editor_add_entry (self, _("_Line"), line, "text", NULL);
      add_remove_button (self, line, tip, NULL);
    }

  {
    /* Tied to a widget of this form, so the handlers go with the form. */
    GtkWidget *anchor = g_hash_table_lookup (self->fields, "add-disk");
    XnObjectList *lists[] = { disks, pci, allow, xl };

    for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
      g_signal_connect_object (lists[i], "items-changed", G_CALLBACK (list_changed_cb), anchor,
                               G_CONNECT_SWAPPED);
  }
}


/* The domain form's actions, on the editor (its forms come and go). */
void
_xn_editor_domain_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "domain.add-disk", NULL, add_disk_action);
  gtk_widget_class_install_action (widget_class, "domain.add-entry", NULL, add_allow_action);
  gtk_widget_class_install_action (widget_class, "domain.add-xl-line", NULL, add_xl_action);
  gtk_widget_class_install_action (widget_class, "domain.assign-pci", NULL, assign_pci_action);
  gtk_widget_class_install_action (widget_class, "domain.remove-item", "s", remove_item_action);
}
