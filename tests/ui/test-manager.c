/* test-manager.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Drives the real xenon-manager widgets under Xvfb: actions, editor
 * fields, drops through the drop targets' API, undo/redo, save, sign;
 * checks accessible names and writes screenshots of each main view. */

#include "config.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <glib/gstdio.h>
#include <adwaita.h>
#include <gtk/gtk.h>
#include <string.h>

#include "xn-test.h"
#include "xn-gtk-test.h"
#include "xn-add-dialog.h"
#include "xn-dialogs.h"
#include "xn-graph.h"
#include "xn-push-dialog.h"
#include "xn-service-vm-dialog.h"
#include "xn-ui-util.h"
#include "xn-violations-table.h"
#include "xn-violations-view.h"
#include "xn-window.h"
#include "xn-wrap-box.h"

static void
spin (void)
{
  for (int i = 0; i < 50 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
wait_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

static XnWindow *
open_demo (const char *name)
{
  g_autofree char *path = xn_test_data_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  XnWindow *window;

  window = xn_window_new (NULL);
  ck_assert_msg (xn_window_open_file (window, file, &error), "open: %s",
                 error ? error->message : "");
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  wait_ms (300);
  return window;
}

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  graphene_rect_t bounds;

  /* Let the frame clock lay out and paint the current state first. */
  gtk_widget_queue_draw (widget);
  wait_ms (300);
  w = gtk_widget_get_width (widget);
  h = gtk_widget_get_height (widget);
  bounds = GRAPHENE_RECT_INIT (0, 0, w, h);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  ck_assert_ptr_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &bounds);
  path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                           name, NULL);
  ck_assert (gdk_texture_save_to_png (texture, path));
  g_print ("screenshot: %s (%dx%d)\n", path, w, h);
}

/* (nullable): the open window of @type, e.g. a dialog an action opened */
static GtkWindow *
find_toplevel (GType type)
{
  GListModel *tops = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (tops); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (tops, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type))
        return GTK_WINDOW (w);
    }
  return NULL;
}

/* Runs the window's action "win.@action", which must be enabled: a
 * named action (what a key binding runs) refuses a disabled one. */
static void
activate (XnWindow   *window,
          const char *action,
          GVariant   *param)
{
  g_autofree char *name = g_strconcat ("win.", action, NULL);
  g_autoptr(GtkShortcutAction) named = gtk_named_action_new (name);
  g_autoptr(GVariant) args = param != NULL ? g_variant_ref_sink (param) : NULL;

  ck_assert_msg (gtk_shortcut_action_activate (named, 0, GTK_WIDGET (window), args),
                 "action %s disabled", action);
  spin ();
}

/* Whether @action ("win.undo") is enabled, as a button of the window's
 * header bar shows it (the menus' items are built only when shown). */
static gboolean
action_enabled (XnWindow   *window,
                const char *action)
{
  AdwHeaderBar *bar = ADW_HEADER_BAR (gtk_window_get_titlebar (GTK_WINDOW (window)));
  GtkWidget *probe = gtk_button_new ();
  gboolean enabled;

  gtk_actionable_set_action_name (GTK_ACTIONABLE (probe), action);
  adw_header_bar_pack_end (bar, probe);
  enabled = gtk_widget_get_sensitive (probe);
  adw_header_bar_remove (bar, probe);
  return enabled;
}

static GtkWidget *find_type_under (GtkWidget *root,
                                   GType      type);

START_TEST (test_title_and_tree)
{
  XnWindow *window = open_demo ("xenon-enterprise-demo.xml");
  XnPolicyTree *tree = xn_window_get_tree (window);
  GtkTreeListModel *model = xn_policy_tree_get_model (tree);
  XnPolicy *policy = xn_document_get_policy (xn_window_get_document (window));
  const char *title = gtk_window_get_title (GTK_WINDOW (window));
  XnTag *tag;

  ck_assert_msg (g_str_has_prefix (title, "localhost – POLICY EDITOR MODE – "), "title %s", title);
  ck_assert (g_str_has_suffix (title, xn_object_get_name (XN_OBJECT (policy))));
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (model)), 8);
  /* The window (and About) have the app's icon, found uninstalled too. */
  ck_assert_str_eq (gtk_window_get_icon_name (GTK_WINDOW (window)), "org.xenonvmm.Manager");
  ck_assert_msg (gtk_icon_theme_has_icon (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                          "org.xenonvmm.Manager"), "the app icon is not found");

  /* Selecting a tag expands Tags and opens its editor. */
  tag = xn_object_list_get (xn_policy_get_tags (policy), 1);
  ck_assert (xn_policy_tree_select_object (tree, XN_OBJECT (tag)));
  ck_assert_ptr_eq (xn_editor_get_object (xn_window_get_editor (window)), tag);
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (model)),
                     8 + xn_object_list_get_n_items (xn_policy_get_tags (policy)));

  /* Left goes from the tag to its section and closes it; Right opens it. */
  {
    GtkWidget *list = find_type_under (GTK_WIDGET (tree), GTK_TYPE_LIST_VIEW);

    ck_assert_msg (press_bound_key (list, GDK_KEY_Left), "Left does nothing in the policy tree");
    ck_assert_ptr_null (xn_policy_tree_get_selected (tree));     /* the section row */
    ck_assert (press_bound_key (list, GDK_KEY_Left));
    ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (model)), 8);
    ck_assert (press_bound_key (list, GDK_KEY_Right));
    ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (model)),
                       8 + xn_object_list_get_n_items (xn_policy_get_tags (policy)));
  }
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* "a simple policy" has the switch EBbr2: the tree has a row for it, and
 * selecting that row opens the switch's form. */
START_TEST (test_switch_in_tree)
{
  XnWindow *window = open_demo ("a-simple-policy.xml");
  XnPolicy *policy = xn_document_get_policy (xn_window_get_document (window));
  XnObject *sw = xn_policy_lookup (policy, "1b010572-57fe-5ecd-bb22-f0e35248d710");
  XnPolicyTree *tree = xn_window_get_tree (window);
  g_autofree char *key = g_strdup_printf ("%s:name", xn_object_get_uuid (sw));

  ck_assert (XN_IS_NET_SWITCH (sw));
  ck_assert_msg (xn_policy_tree_select_object (tree, sw), "the tree has no row for switch EBbr2");
  ck_assert_ptr_eq (xn_policy_tree_get_selected (tree), sw);
  ck_assert_ptr_eq (xn_editor_get_object (xn_window_get_editor (window)), sw);
  ck_assert_ptr_nonnull (xn_editor_find_field (xn_window_get_editor (window), key));
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

START_TEST (test_add_tag_undo_redo)
{
  XnWindow *window = open_demo ("xenon-enterprise-demo.xml");
  XnPolicy *policy = xn_document_get_policy (xn_window_get_document (window));
  guint n = xn_object_list_get_n_items (xn_policy_get_tags (policy));

  ck_assert (!action_enabled (window, "win.undo"));
  activate (window, "add-tag", NULL);
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_policy_get_tags (policy)), n + 1);
  ck_assert (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "• "));
  ck_assert (XN_IS_TAG (xn_editor_get_object (xn_window_get_editor (window))));
  activate (window, "undo", NULL);
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_policy_get_tags (policy)), n);
  ck_assert (!g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "• "));
  activate (window, "redo", NULL);
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_policy_get_tags (policy)), n + 1);
  {
    /* Add enclave… asks: a free tag is offered first, a taken name named. */
    XnHost *host = xn_document_get_host (xn_window_get_document (window));
    XnTag *new_tag = xn_object_list_get (xn_policy_get_tags (policy), n);
    XnAddDialog *add;
    XnObject *made;

    activate (window, "add-enclave", NULL);
    add = XN_ADD_DIALOG (find_toplevel (XN_TYPE_ADD_DIALOG));
    ck_assert_msg (add != NULL, "Add enclave… opened no dialog");
    xn_add_dialog_set_name (add, xn_object_get_name (xn_object_list_get (xn_host_get_enclaves (host), 0)));
    ck_assert_msg (strstr (xn_add_dialog_get_problem (add) ?: "", "already") != NULL, "%s",
                   xn_add_dialog_get_problem (add));
    ck_assert_ptr_null (xn_add_dialog_accept (add));
    xn_add_dialog_set_name (add, "guests");
    ck_assert_msg (xn_add_dialog_get_problem (add) == NULL, "%s", xn_add_dialog_get_problem (add));
    screenshot (GTK_WIDGET (add), "screenshot-add-enclave.png");
    made = xn_add_dialog_accept (add);
    ck_assert (XN_IS_ENCLAVE (made));
    ck_assert_ptr_eq (xn_enclave_get_tag (XN_ENCLAVE (made)), new_tag);
    ck_assert_ptr_eq (xn_editor_get_object (xn_window_get_editor (window)), made);

    /* Every tag now has an enclave: the next one gets a tag of its own. */
    activate (window, "add-enclave", NULL);
    add = XN_ADD_DIALOG (find_toplevel (XN_TYPE_ADD_DIALOG));
    xn_add_dialog_set_name (add, "quarantine");
    made = xn_add_dialog_accept (add);
    ck_assert_ptr_nonnull (made);
    ck_assert_str_eq (xn_object_get_name (XN_OBJECT (xn_enclave_get_tag (XN_ENCLAVE (made)))), "quarantine");
    ck_assert_uint_eq (xn_object_list_get_n_items (xn_policy_get_tags (policy)), n + 2);
    activate (window, "undo", NULL);
    ck_assert_uint_eq (xn_object_list_get_n_items (xn_policy_get_tags (policy)), n + 1);
    ck_assert_ptr_null (xn_host_find_enclave_by_name (host, "quarantine"));

    /* Add root domain…: a management label chosen, names unique per host. */
    activate (window, "add-root-domain", NULL);
    add = XN_ADD_DIALOG (find_toplevel (XN_TYPE_ADD_DIALOG));
    ck_assert_ptr_nonnull (add);
    xn_add_dialog_set_name (add, "user_vm_1");
    ck_assert_msg (strstr (xn_add_dialog_get_problem (add) ?: "", "user_vm_1") != NULL, "%s",
                   xn_add_dialog_get_problem (add));
    xn_add_dialog_set_name (add, "backup-dom");
    made = xn_add_dialog_accept (add);
    ck_assert (XN_IS_DOMAIN (made));
    ck_assert_int_eq (xn_domain_get_kind (XN_DOMAIN (made)), XN_DOMAIN_KIND_ROOT);
    /* The demo has no management label: none is chosen for it. */
    ck_assert_ptr_null (xn_domain_get_sec_label (XN_DOMAIN (made)));

    /* Add domain…: the label chosen puts it in the enclave of its tag. */
    {
      XnEnclave *ent = xn_host_find_enclave_by_name (host, "entertainment");
      XnSecLabel *user_vms = xn_policy_find_sec_label_by_name (policy, "user_vms");

      xn_window_select_object (window, XN_OBJECT (ent));
      activate (window, "add-domain", NULL);
      add = XN_ADD_DIALOG (find_toplevel (XN_TYPE_ADD_DIALOG));
      ck_assert_ptr_nonnull (add);
      ck_assert_msg (xn_add_dialog_get_problem (add) == NULL, "%s", xn_add_dialog_get_problem (add));
      xn_add_dialog_set_name (add, "user_vm_4");
      ck_assert (xn_add_dialog_choose (add, XN_OBJECT (user_vms)));
      made = xn_add_dialog_accept (add);
      ck_assert (XN_IS_DOMAIN (made));
      ck_assert_ptr_eq (xn_domain_get_enclave (XN_DOMAIN (made)), ent);
      ck_assert_ptr_eq (xn_domain_get_sec_label (XN_DOMAIN (made)), user_vms);
      ck_assert_int_eq (xn_domain_get_kind (XN_DOMAIN (made)), XN_DOMAIN_KIND_USER);
      ck_assert_uint_eq (xn_domain_get_memory (XN_DOMAIN (made)), 512);
      activate (window, "undo", NULL);
      ck_assert_ptr_null (xn_host_find_domain_by_name (host, "user_vm_4"));
    }
  }
  activate (window, "add-conflict", NULL);
  activate (window, "add-sec-label", NULL);
  ck_assert_uint_eq (xn_command_stack_get_n_undo (xn_document_get_stack (xn_window_get_document (window))), 5);

  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* Create Service VM…: the wizard's defaults make a domain that passes the
 * lint, wrong fields are named before anything is made, and the result
 * (profile, label, domain, device, switch) is one undo step. */
START_TEST (test_service_vm_wizard)
{
  XnWindow *window = open_demo ("a-simple-policy.xml");
  XnDocument *doc = xn_window_get_document (window);
  XnPolicy *policy = xn_document_get_policy (doc);
  XnHost *host = xn_document_get_host (doc);
  XnEnclave *enclave = xn_host_find_enclave_by_name (host, "Enclave A");
  XnDevice *eth2 = NULL;
  guint switches = xn_object_list_get_n_items (xn_host_get_net_switches (host));
  guint labels = xn_object_list_get_n_items (xn_policy_get_sec_labels (policy));
  guint domains = xn_object_list_get_n_items (xn_enclave_get_domains (enclave));
  guint held = xn_object_list_get_n_items (xn_enclave_get_assigned_hardware (enclave));
  g_autoptr(GListModel) lint_before = xn_document_lint (doc);
  XnServiceVmDialog *dialog;
  XnNetSwitch *sw;
  XnDomain *made;
  XnSecLabel *label;

  for (guint i = 0; i < xn_object_list_get_n_items (xn_host_get_hardware (host)); i++)
    if (g_strcmp0 (xn_device_get_ifname (xn_object_list_get (xn_host_get_hardware (host), i)), "eth2") == 0)
      eth2 = xn_object_list_get (xn_host_get_hardware (host), i);
  ck_assert_ptr_nonnull (eth2);
  ck_assert_ptr_null (xn_device_get_enclave (eth2));

  xn_window_select_object (window, XN_OBJECT (enclave));
  activate (window, "add-service-vms", g_variant_new_string ("network"));
  dialog = XN_SERVICE_VM_DIALOG (find_toplevel (XN_TYPE_SERVICE_VM_DIALOG));
  ck_assert_msg (dialog != NULL, "no wizard opened");
  /* The defaults alone make a valid service domain. */
  ck_assert_msg (xn_service_vm_dialog_get_problem (dialog) == NULL, "default refused: %s",
                 xn_service_vm_dialog_get_problem (dialog));
  ck_assert (xn_service_vm_dialog_set_device (dialog, eth2));

  /* Wrong fields are named, and nothing is made. */
  xn_service_vm_dialog_set_fields (dialog, "EB-domu-1", NULL, NULL, NULL);
  ck_assert_msg (strstr (xn_service_vm_dialog_get_problem (dialog) ?: "", "EB-domu-1") != NULL, "%s",
                 xn_service_vm_dialog_get_problem (dialog));
  xn_service_vm_dialog_set_fields (dialog, "ea-net", "EBbr2", NULL, NULL);
  ck_assert_msg (strstr (xn_service_vm_dialog_get_problem (dialog) ?: "", "EBbr2") != NULL, "%s",
                 xn_service_vm_dialog_get_problem (dialog));
  xn_service_vm_dialog_set_fields (dialog, NULL, "a bridge name far too long", NULL, NULL);
  ck_assert_msg (strstr (xn_service_vm_dialog_get_problem (dialog) ?: "", "1–15") != NULL, "%s",
                 xn_service_vm_dialog_get_problem (dialog));
  xn_service_vm_dialog_set_fields (dialog, NULL, "eabr0", "192.168.300.1", NULL);
  ck_assert_msg (strstr (xn_service_vm_dialog_get_problem (dialog) ?: "", "IPv4") != NULL, "%s",
                 xn_service_vm_dialog_get_problem (dialog));
  /* A netmask whose ones are not contiguous: the field check asks the
   * model's netmask parser, the one the lint and the compiler use. */
  xn_service_vm_dialog_set_fields (dialog, NULL, NULL, "192.168.40.1", "255.0.255.0");
  ck_assert_msg (strstr (xn_service_vm_dialog_get_problem (dialog) ?: "", "255.0.255.0") != NULL
                 && strstr (xn_service_vm_dialog_get_problem (dialog), "netmask") != NULL, "%s",
                 xn_service_vm_dialog_get_problem (dialog));
  ck_assert_ptr_null (xn_service_vm_dialog_accept (dialog));
  ck_assert_uint_eq (xn_command_stack_get_n_undo (xn_document_get_stack (doc)), 0);
  xn_service_vm_dialog_set_fields (dialog, NULL, NULL, NULL, "255.255.255.0");
  ck_assert_msg (xn_service_vm_dialog_get_problem (dialog) == NULL, "%s",
                 xn_service_vm_dialog_get_problem (dialog));
  screenshot (GTK_WIDGET (dialog), "screenshot-service-vm-wizard.png");

  made = xn_service_vm_dialog_accept (dialog);
  ck_assert_ptr_nonnull (made);
  spin ();
  ck_assert_ptr_null (find_toplevel (XN_TYPE_SERVICE_VM_DIALOG));
  ck_assert_ptr_eq (xn_editor_get_object (xn_window_get_editor (window)), made);
  ck_assert_str_eq (xn_object_get_name (XN_OBJECT (made)), "ea-net");
  ck_assert_int_eq (xn_domain_get_kind (made), XN_DOMAIN_KIND_SERVICE);
  ck_assert_ptr_eq (xn_domain_get_enclave (made), enclave);
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_enclave_get_domains (enclave)), domains + 1);
  /* Its label pairs the enclave's tag with the built-in profile. */
  label = xn_domain_get_sec_label (made);
  ck_assert_ptr_nonnull (label);
  ck_assert_ptr_eq (xn_sec_label_get_tag (label), xn_enclave_get_tag (enclave));
  ck_assert_str_eq (xn_object_get_name (XN_OBJECT (xn_sec_label_get_profile (label))), "NetworkService");
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_policy_get_sec_labels (policy)), labels + 1);
  /* eth2 went to the enclave and into the domain. */
  ck_assert_ptr_eq (xn_device_get_enclave (eth2), enclave);
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_enclave_get_assigned_hardware (enclave)), held + 1);
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_domain_get_pci_devices (made)), 1);
  ck_assert_str_eq (xn_device_ref_get_device_uuid (xn_object_list_get (xn_domain_get_pci_devices (made), 0)),
                    xn_object_get_uuid (XN_OBJECT (eth2)));
  sw = xn_host_find_net_switch_by_name (host, "eabr0");
  ck_assert_ptr_nonnull (sw);
  ck_assert_ptr_eq (xn_net_switch_get_driver_domain (sw), made);
  ck_assert_str_eq (xn_net_switch_get_address (sw), "192.168.40.1");
  {
    /* No new lint error: the same count of errors as before. */
    g_autoptr(GListModel) after = xn_document_lint (doc);
    guint errors_before = 0, errors_after = 0;

    for (guint i = 0; i < g_list_model_get_n_items (lint_before); i++)
      {
        g_autoptr(XnLintIssue) issue = g_list_model_get_item (lint_before, i);
        errors_before += xn_lint_issue_get_severity (issue) == XN_LINT_SEVERITY_ERROR;
      }
    for (guint i = 0; i < g_list_model_get_n_items (after); i++)
      {
        g_autoptr(XnLintIssue) issue = g_list_model_get_item (after, i);
        errors_after += xn_lint_issue_get_severity (issue) == XN_LINT_SEVERITY_ERROR;
      }
    ck_assert_uint_eq (errors_after, errors_before);
  }

  /* One undo step takes all of it back. */
  ck_assert_uint_eq (xn_command_stack_get_n_undo (xn_document_get_stack (doc)), 1);
  activate (window, "undo", NULL);
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_host_get_net_switches (host)), switches);
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_policy_get_sec_labels (policy)), labels);
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_enclave_get_domains (enclave)), domains);
  ck_assert_ptr_null (xn_device_get_enclave (eth2));
  ck_assert_ptr_null (xn_policy_find_profile_by_name (policy, "NetworkService"));

  /* The storage service: no switch, the SATA controller offered. */
  activate (window, "add-service-vms", g_variant_new_string ("storage"));
  dialog = XN_SERVICE_VM_DIALOG (find_toplevel (XN_TYPE_SERVICE_VM_DIALOG));
  ck_assert_ptr_nonnull (dialog);
  ck_assert_msg (xn_service_vm_dialog_get_problem (dialog) == NULL, "%s",
                 xn_service_vm_dialog_get_problem (dialog));
  made = xn_service_vm_dialog_accept (dialog);
  ck_assert_ptr_nonnull (made);
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_host_get_net_switches (host)), switches);
  ck_assert_str_eq (xn_object_get_name (XN_OBJECT (xn_sec_label_get_profile (xn_domain_get_sec_label (made)))),
                    "StorageService");
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_domain_get_pci_devices (made)), 1);
  ck_assert_int_eq (xn_device_get_device_class (xn_device_ref_get_device (
                      xn_object_list_get (xn_domain_get_pci_devices (made), 0))), XN_DEVICE_CATEGORY_STORAGE);
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

START_TEST (test_editor_fields)
{
  XnWindow *window = open_demo ("xenon-enterprise-demo.xml");
  XnDocument *doc = xn_window_get_document (window);
  XnPolicy *policy = xn_document_get_policy (doc);
  XnTag *tag = xn_object_list_get (xn_policy_get_tags (policy), 0);
  XnEditor *editor = xn_window_get_editor (window);
  g_autofree char *old_name = g_strdup (xn_object_get_name (XN_OBJECT (tag)));
  g_autofree char *old_color = g_strdup (xn_tag_get_color (tag));
  g_autofree char *name_key = g_strdup_printf ("%s:name", xn_object_get_uuid (XN_OBJECT (tag)));
  g_autofree char *color_key = g_strdup_printf ("%s:color", xn_object_get_uuid (XN_OBJECT (tag)));
  GtkWidget *name, *color;

  xn_window_select_object (window, XN_OBJECT (tag));
  name = xn_editor_find_field (editor, name_key);
  color = xn_editor_find_field (editor, color_key);
  ck_assert_ptr_nonnull (name);
  ck_assert_ptr_nonnull (color);
  ck_assert_str_eq (gtk_editable_get_text (GTK_EDITABLE (name)), old_name);

  gtk_editable_set_text (GTK_EDITABLE (name), "renamed");
  ck_assert_str_eq (xn_object_get_name (XN_OBJECT (tag)), "renamed");
  ck_assert_uint_eq (xn_command_stack_get_n_undo (xn_document_get_stack (doc)), 1);

  /* A bad colour is not pushed, and the entry says why. */
  gtk_editable_set_text (GTK_EDITABLE (color), "red");
  ck_assert_str_eq (xn_tag_get_color (tag), old_color);
  ck_assert (gtk_widget_has_css_class (color, "error"));
  ck_assert_ptr_nonnull (gtk_widget_get_tooltip_text (color));
  gtk_editable_set_text (GTK_EDITABLE (color), "#123456");
  ck_assert (!gtk_widget_has_css_class (color, "error"));
  ck_assert_str_eq (xn_tag_get_color (tag), "#123456");

  /* Undo flows back into the fields. */
  activate (window, "undo", NULL);
  ck_assert_str_eq (xn_tag_get_color (tag), old_color);
  ck_assert_str_eq (gtk_editable_get_text (GTK_EDITABLE (color)), old_color);
  activate (window, "undo", NULL);
  ck_assert_str_eq (xn_object_get_name (XN_OBJECT (tag)), old_name);
  ck_assert_str_eq (gtk_editable_get_text (GTK_EDITABLE (name)), old_name);
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* A domain's lists through the form: add and remove a disk, a whitelist
 * entry and an xl line, assign a host device; each is one undo step and
 * the form follows the model (also on undo). */
START_TEST (test_domain_lists)
{
  XnWindow *window = open_demo ("xenon-enterprise-demo.xml");
  XnDocument *doc = xn_window_get_document (window);
  XnHost *host = xn_document_get_host (doc);
  XnDomain *dom = xn_host_find_domain_by_name (host, "user_vm_2");
  XnEditor *editor = xn_window_get_editor (window);
  XnCommandStack *stack = xn_document_get_stack (doc);
  guint disks0, allow0, xl0, pci0;
  GtkWidget *w;
  g_autofree char *remove_key = NULL, *vdev_key = NULL;
  XnObject *disk;

  ck_assert_ptr_nonnull (dom);
  disks0 = xn_object_list_get_n_items (xn_domain_get_disks (dom));
  allow0 = xn_object_list_get_n_items (xn_domain_get_net_allow (dom));
  xl0 = xn_object_list_get_n_items (xn_domain_get_xl_extra (dom));
  pci0 = xn_object_list_get_n_items (xn_domain_get_pci_devices (dom));
  xn_window_select_object (window, XN_OBJECT (dom));

  g_signal_emit_by_name (xn_editor_find_field (editor, "add-disk"), "clicked");
  spin ();
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_domain_get_disks (dom)), disks0 + 1);
  disk = xn_object_list_get (xn_domain_get_disks (dom), disks0);
  vdev_key = g_strdup_printf ("%s:vdev", xn_object_get_uuid (disk));
  w = xn_editor_find_field (editor, vdev_key);
  ck_assert_msg (w != NULL, "the form did not follow the new disk");
  ck_assert_str_eq (gtk_editable_get_text (GTK_EDITABLE (w)), disks0 == 0 ? "xvda" : "xvdb");
  ck_assert_str_eq (xn_command_stack_get_undo_label (stack), "Undo Add Disk");

  g_signal_emit_by_name (xn_editor_find_field (editor, "add-allow"), "clicked");
  g_signal_emit_by_name (xn_editor_find_field (editor, "add-xl"), "clicked");
  spin ();
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_domain_get_net_allow (dom)), allow0 + 1);
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_domain_get_xl_extra (dom)), xl0 + 1);

  w = xn_editor_find_field (editor, "assign-pci");
  ck_assert_ptr_nonnull (w);
  ck_assert (gtk_widget_is_sensitive (w));
  g_signal_emit_by_name (w, "clicked");
  spin ();
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_domain_get_pci_devices (dom)), pci0 + 1);
  {
    /* Scrolled to the lists, for the screenshot. */
    GtkWidget *sw = gtk_widget_get_first_child (GTK_WIDGET (editor));
    GtkAdjustment *adj;

    ck_assert (GTK_IS_SCROLLED_WINDOW (sw));
    adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (sw));
    spin ();
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
    screenshot (GTK_WIDGET (window), "screenshot-domain-lists.png");
  }

  /* Remove the new disk by its button; undo brings it back to the form. */
  remove_key = g_strdup_printf ("remove:%s", xn_object_get_uuid (disk));
  w = xn_editor_find_field (editor, remove_key);
  ck_assert_msg (w != NULL, "no Remove button for the new disk");
  g_object_ref (disk);
  g_signal_emit_by_name (w, "clicked");
  spin ();
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_domain_get_disks (dom)), disks0);
  ck_assert_ptr_null (xn_editor_find_field (editor, remove_key));
  activate (window, "undo", NULL);
  spin ();
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_domain_get_disks (dom)), disks0 + 1);
  ck_assert_ptr_nonnull (xn_editor_find_field (editor, remove_key));
  g_object_unref (disk);

  /* Five edits, five undo steps, back to the document as loaded. */
  for (int i = 0; i < 4; i++)
    activate (window, "undo", NULL);
  spin ();
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_domain_get_disks (dom)), disks0);
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_domain_get_net_allow (dom)), allow0);
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_domain_get_xl_extra (dom)), xl0);
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_domain_get_pci_devices (dom)), pci0);
  ck_assert (!xn_document_get_modified (doc));
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

static gboolean
emit_drop (GtkDropTarget *drop,
           GObject       *object)
{
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean ret = FALSE;

  g_value_init (&value, G_OBJECT_TYPE (object));
  g_value_set_object (&value, object);
  g_signal_emit_by_name (drop, "drop", &value, 1.0, 1.0, &ret);
  spin ();
  return ret;
}

static GtkWidget *
find_tooltip (GtkWidget  *root,
              const char *tip)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_tooltip_text (c), tip) == 0)
        return c;
      if ((found = find_tooltip (c, tip)) != NULL)
        return found;
    }
  return NULL;
}

/* The text of the checked (radio or check) item of a popover menu, "" if
 * none: GTK's menu items are private, read through their properties. */
static const char *
checked_item (GtkWidget *root)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      const char *found;

      if (g_object_class_find_property (G_OBJECT_GET_CLASS (c), "active") != NULL
          && g_object_class_find_property (G_OBJECT_GET_CLASS (c), "text") != NULL)
        {
          gboolean active = FALSE;
          g_autofree char *text = NULL;

          g_object_get (c, "active", &active, "text", &text, NULL);
          if (active)
            return g_intern_string (text);
        }
      if (*(found = checked_item (c)) != '\0')
        return found;
    }
  return "";
}

/* (nullable): the item of a popover menu whose text is @text (menu
 * items are private: found through their "text" property). */
static GtkWidget *
find_menu_item (GtkWidget  *root,
                const char *text)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (g_object_class_find_property (G_OBJECT_GET_CLASS (c), "text") != NULL && !GTK_IS_EDITABLE (c))
        {
          g_autofree char *t = NULL;

          g_object_get (c, "text", &t, NULL);
          if (g_strcmp0 (t, text) == 0)
            return c;
        }
      if ((found = find_menu_item (c, text)) != NULL)
        return found;
    }
  return NULL;
}

/* (nullable): the stack under @root that has a page named @page */
static GtkStack *
find_stack_with_page (GtkWidget  *root,
                      const char *page)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkStack *found;

      if (GTK_IS_STACK (c) && gtk_stack_get_child_by_name (GTK_STACK (c), page) != NULL)
        return GTK_STACK (c);
      if ((found = find_stack_with_page (c, page)) != NULL)
        return found;
    }
  return NULL;
}

/* "May also run on": with a second host in the policy, a domain's form
 * has one check per other host; checking it lists that host in the
 * domain's mayRunOn, as one undo step. */
START_TEST (test_may_run_on_field)
{
  XnWindow *window = open_demo ("xenon-enterprise-demo.xml");
  XnDocument *doc = xn_window_get_document (window);
  XnPolicy *policy = xn_document_get_policy (doc);
  XnDomain *dom = xn_host_find_domain_by_name (xn_document_get_host (doc), "user_vm_2");
  XnEditor *editor = xn_window_get_editor (window);
  XnHost *other = xn_host_new ();
  g_autofree char *key = NULL;
  GtkWidget *check;

  xn_object_set_name (XN_OBJECT (other), "standby");
  xn_host_set_address (other, "10.10.9.2");
  xn_object_list_append (xn_policy_get_hosts (policy), XN_OBJECT (other));
  key = g_strdup_printf ("may-run-on:%s", xn_object_get_uuid (XN_OBJECT (other)));
  g_object_unref (other);
  xn_window_select_object (window, XN_OBJECT (dom));
  spin ();
  check = xn_editor_find_field (editor, key);
  ck_assert_ptr_nonnull (check);
  ck_assert (!gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  spin ();
  ck_assert_str_eq (xn_domain_get_may_run_on (dom), xn_object_get_uuid (XN_OBJECT (other)));
  gtk_widget_grab_focus (check);   /* scrolls the form to it */
  spin ();
  if (g_getenv ("G_TEST_BUILDDIR"))
    screenshot (GTK_WIDGET (window), "screenshot-may-run-on.png");
  ck_assert (xn_command_stack_undo (xn_document_get_stack (doc), NULL));
  spin ();
  ck_assert_ptr_null (xn_domain_get_may_run_on (dom));
  check = xn_editor_find_field (editor, key);
  ck_assert (!gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
}
END_TEST

START_TEST (test_drop_hardware)
{
  XnWindow *window = open_demo ("xenon-enterprise-demo.xml");
  XnDocument *doc = xn_window_get_document (window);
  XnHost *host = xn_document_get_host (doc);
  XnHardwareView *hw = xn_window_get_hardware (window);
  XnDevice *nic = xn_object_list_get (xn_host_get_hardware (host), 0);
  XnEnclave *hr = xn_host_find_enclave_by_name (host, "human_resources");
  XnEnclave *ent = xn_host_find_enclave_by_name (host, "entertainment");
  XnDomain *user_vm_1 = xn_host_find_domain_by_name (host, "user_vm_1");
  GtkDropTarget *drop;

  xn_window_show_view (window, "domains");
  spin ();
  ck_assert_ptr_null (xn_device_get_enclave (nic));
  drop = xn_hardware_view_get_drop_target (hw, XN_OBJECT (hr));
  ck_assert_ptr_nonnull (drop);
  ck_assert (emit_drop (drop, G_OBJECT (nic)));
  ck_assert_ptr_eq (xn_device_get_enclave (nic), hr);

  /* Held by human_resources: giving it to a domain of another enclave
   * would put it in two owners' hands; the lint says no. */
  drop = xn_hardware_view_get_drop_target (hw, XN_OBJECT (user_vm_1));
  ck_assert_ptr_nonnull (drop);
  ck_assert (!emit_drop (drop, G_OBJECT (nic)));
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_domain_get_pci_devices (user_vm_1)), 0);
  ck_assert_ptr_nonnull (xn_hardware_view_get_status (hw));
  g_print ("refusal: %s\n", xn_hardware_view_get_status (hw));
  screenshot (GTK_WIDGET (window), "screenshot-domains.png");

  /* Move it on to entertainment (one undoable move), then undo twice. */
  ck_assert (emit_drop (xn_hardware_view_get_drop_target (hw, XN_OBJECT (ent)), G_OBJECT (nic)));
  ck_assert_ptr_eq (xn_device_get_enclave (nic), ent);
  activate (window, "undo", NULL);
  ck_assert_ptr_eq (xn_device_get_enclave (nic), hr);
  activate (window, "undo", NULL);
  ck_assert_ptr_null (xn_device_get_enclave (nic));

  /* An unassigned device dropped on a domain joins the domain's enclave
   * in the same undo step: the domain may use only what its enclave
   * holds, and the device leaves Unassigned Hardware. */
  {
    XnDevice *free_device = xn_object_list_get (xn_host_get_hardware (host), 1);
    XnCommandStack *stack = xn_document_get_stack (doc);
    guint n_undo = xn_command_stack_get_n_undo (stack);

    ck_assert_ptr_null (xn_device_get_enclave (free_device));
    ck_assert (emit_drop (xn_hardware_view_get_drop_target (hw, XN_OBJECT (user_vm_1)), G_OBJECT (free_device)));
    ck_assert_uint_eq (xn_object_list_get_n_items (xn_domain_get_pci_devices (user_vm_1)), 1);
    ck_assert_msg (xn_device_get_enclave (free_device) == ent, "the device stays unassigned");
    ck_assert_uint_eq (xn_command_stack_get_n_undo (stack), n_undo + 1);
    activate (window, "undo", NULL);
    ck_assert_uint_eq (xn_object_list_get_n_items (xn_domain_get_pci_devices (user_vm_1)), 0);
    ck_assert_ptr_null (xn_device_get_enclave (free_device));
  }

  /* The menu twin of the drag. */
  gtk_widget_activate_action (GTK_WIDGET (hw), "hw.assign", "(ss)",
                              xn_object_get_uuid (XN_OBJECT (nic)), xn_object_get_uuid (XN_OBJECT (ent)));
  ck_assert_ptr_eq (xn_device_get_enclave (nic), ent);
  /* Its ⋮ menu has a heading and marks the enclave that holds it. */
  wait_ms (100);
  {
    g_autofree char *tip = g_strdup_printf ("Assign %s to enclave…", xn_object_get_name (XN_OBJECT (nic)));
    GtkWidget *button = find_tooltip (GTK_WIDGET (hw), tip);
    GMenuModel *menu;
    g_autofree char *heading = NULL;
    GtkWidget *popover;

    ck_assert_msg (button != NULL, "no menu button \"%s\"", tip);
    menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
    ck_assert_msg (g_menu_model_get_item_attribute (menu, 0, G_MENU_ATTRIBUTE_LABEL, "s", &heading),
                   "the move menu has no heading");
    ck_assert_str_eq (heading, "Assign to enclave");
    gtk_menu_button_popup (GTK_MENU_BUTTON (button));
    wait_ms (200);
    popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
    ck_assert_str_eq (checked_item (popover), "entertainment");
    gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  }

  /* A domain dragged into another enclave takes a label of its tag. */
  ck_assert (emit_drop (xn_hardware_view_get_drop_target (hw, XN_OBJECT (hr)), G_OBJECT (user_vm_1)));
  ck_assert_ptr_eq (xn_domain_get_enclave (user_vm_1), hr);
  ck_assert_ptr_eq (xn_sec_label_get_tag (xn_domain_get_sec_label (user_vm_1)), xn_enclave_get_tag (hr));
  activate (window, "undo", NULL);
  ck_assert_ptr_eq (xn_domain_get_enclave (user_vm_1), ent);
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

START_TEST (test_save_roundtrip_and_sign)
{
  XnWindow *window = open_demo ("a-simple-policy.xml");
  XnDocument *doc = xn_window_get_document (window);
  g_autofree char *dir = g_dir_make_tmp ("xn-ui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "saved.xml", NULL);
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autofree char *key8 = g_build_filename (dir, "key8.pem", NULL);
  g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *tmpl = g_build_filename (dir, "cert.tmpl", NULL);
  g_autofree char *trust_dir = g_build_filename (dir, "trust", NULL);
  g_autofree char *trusted = g_build_filename (trust_dir, "cert.pem", NULL);
  g_autofree char *signed_path = g_build_filename (dir, "signed.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) signed_file = g_file_new_for_path (signed_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(XnDocument) again = NULL;
  g_autoptr(XnTrust) trust = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(XnVerified) verified = NULL;
  g_autofree char *pem = NULL;
  gnutls_x509_privkey_t pk;
  gnutls_datum_t d, o = { NULL, 0 };
  gsize len;
  int status;
  XnTag *tag;

  activate (window, "add-tag", NULL);
  tag = XN_TAG (xn_editor_get_object (xn_window_get_editor (window)));
  ck_assert (xn_window_save_to (window, file, &error));
  ck_assert (!xn_document_get_modified (doc));
  ck_assert (!g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "• "));
  again = xn_document_load (file, &error);
  ck_assert_ptr_nonnull (again);
  ck_assert_ptr_nonnull (xn_policy_find_tag_by_name (xn_document_get_policy (again),
                                                     xn_object_get_name (XN_OBJECT (tag))));

  /* Sign with a certtool-made key, verify against a trust dir. */
  g_file_set_contents (tmpl, "cn = \"Xenon UI test\"\nca\ncert_signing_key\nsigning_key\nexpiration_days = 30\n", -1, NULL);
  {
    const char *gen[] = { "certtool", "--generate-privkey", "--key-type", "rsa", "--bits", "2048",
                          "--no-text", "--outfile", key, NULL };
    const char *self[] = { "certtool", "--generate-self-signed", "--load-privkey", key8,
                           "--template", tmpl, "--outfile", cert, NULL };
    if (!g_spawn_sync (NULL, (char **)gen, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, NULL, NULL, &status, NULL) || status != 0)
      {
        g_print ("certtool missing: signing not tested\n");
        gtk_window_destroy (GTK_WINDOW (window));
        return;
      }
    ck_assert (g_file_get_contents (key, &pem, &len, NULL));
    d.data = (unsigned char *)pem;
    d.size = len;
    gnutls_x509_privkey_init (&pk);
    ck_assert (gnutls_x509_privkey_import (pk, &d, GNUTLS_X509_FMT_PEM) >= 0);
    ck_assert (gnutls_x509_privkey_export2_pkcs8 (pk, GNUTLS_X509_FMT_PEM, NULL, GNUTLS_PKCS_PLAIN, &o) >= 0);
    ck_assert (g_file_set_contents (key8, (const char *)o.data, o.size, NULL));
    gnutls_free (o.data);
    gnutls_x509_privkey_deinit (pk);
    ck_assert (g_spawn_sync (NULL, (char **)self, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                             NULL, NULL, NULL, NULL, &status, NULL) && status == 0);
  }
  ck_assert_msg (xn_window_sign_to (window, key8, cert, signed_file, &error), "sign: %s",
                 error ? error->message : "");
  g_mkdir (trust_dir, 0700);
  g_free (pem);
  ck_assert (g_file_get_contents (cert, &pem, &len, NULL));
  ck_assert (g_file_set_contents (trusted, pem, len, NULL));
  trust = xn_trust_new_from_dir (trust_dir, &error);
  ck_assert_msg (trust != NULL, "trust: %s", error ? error->message : "");
  bytes = g_file_load_bytes (signed_file, NULL, NULL, NULL);
  verified = xn_trust_verify_bytes (trust, bytes, &error);
  ck_assert_msg (verified != NULL, "verify: %s", error ? error->message : "");
  ck_assert (strstr (xn_verified_get_subject (verified), "Xenon UI test") != NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

static gboolean
find_icon (GtkWidget  *root,
           const char *icon)
{
  if (GTK_IS_IMAGE (root) && g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (root)), icon) == 0)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (find_icon (c, icon))
      return TRUE;
  return FALSE;
}

/* (nullable): a label under @root whose text contains @text */
static GtkWidget *
find_text_containing (GtkWidget  *root,
                      const char *text)
{
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_text_containing (c, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

START_TEST (test_lint_jump_and_matrix)
{
  XnWindow *window = open_demo ("xenon-enterprise-demo.xml");
  XnLintPanel *lint = xn_window_get_lint (window);
  XnPolicy *policy = xn_document_get_policy (xn_window_get_document (window));
  XnTag *tag = xn_object_list_get (xn_policy_get_tags (policy), 0);
  g_autofree char *color_key = g_strdup_printf ("%s:color", xn_object_get_uuid (XN_OBJECT (tag)));
  GListModel *issues;
  GtkWidget *cell;
  guint n;

  /* Make a lint finding about a tag (bad colour via the command stack),
   * then jump to it from the panel. */
  ck_assert (xn_document_set_string (xn_window_get_document (window), tag, "color", "bogus", NULL));
  xn_lint_panel_refresh (lint);
  issues = xn_lint_panel_get_issues (lint);
  n = g_list_model_get_n_items (issues);
  ck_assert_uint_gt (n, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XnLintIssue) issue = g_list_model_get_item (issues, i);
      if (g_strcmp0 (xn_lint_issue_get_object_uuid (issue), xn_object_get_uuid (XN_OBJECT (tag))) == 0)
        {
          xn_lint_panel_activate (lint, i);
          break;
        }
    }
  ck_assert_ptr_eq (xn_editor_get_object (xn_window_get_editor (window)), tag);
  ck_assert_ptr_nonnull (xn_editor_find_field (xn_window_get_editor (window), color_key));
  /* One error: "1 error", and a symbolic icon, not an emoji Debian's
   * fonts draw as a box. */
  {
    XnTag *other = xn_object_list_get (xn_policy_get_tags (policy), 1);
    guint id = 0;

    g_object_get (other, "id", &id, NULL);
    ck_assert (xn_document_set_uint (xn_window_get_document (window), tag, "id", id, NULL));
    xn_lint_panel_refresh (lint);
    issues = xn_lint_panel_get_issues (lint);
  }
  ck_assert_uint_eq (xn_lint_count (issues, XN_LINT_SEVERITY_ERROR), 1);
  ck_assert_msg (strstr (xn_lint_panel_get_summary (lint), "Lint: 1 error, ") != NULL, "%s",
                 xn_lint_panel_get_summary (lint));
  wait_ms (200);
  ck_assert_msg (find_icon (GTK_WIDGET (lint), "dialog-error-symbolic"), "no error icon in the lint pane");
  ck_assert (find_text_containing (GTK_WIDGET (lint), "⛔") == NULL);
  /* At 600 pixels the pane keeps its header and three rows. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 600);
  wait_ms (300);
  ck_assert_msg (gtk_widget_get_height (GTK_WIDGET (lint)) >= 130, "lint pane %d px high at 600",
                 gtk_widget_get_height (GTK_WIDGET (lint)));
  screenshot (GTK_WIDGET (window), "screenshot-lint-600.png");
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  activate (window, "undo", NULL);
  activate (window, "undo", NULL);
  ck_assert_ptr_null (xn_window_dup_save_warning (window));

  xn_window_show_view (window, "matrix");
  wait_ms (200);
  cell = xn_matrix_view_get_cell (xn_window_get_matrix (window), 0, 1);
  ck_assert_ptr_nonnull (cell);
  ck_assert_ptr_nonnull (gtk_widget_get_tooltip_text (cell));
  g_print ("matrix cell tag0×tag1: %s — %s\n", gtk_label_get_text (GTK_LABEL (cell)),
           gtk_widget_get_tooltip_text (cell));
  screenshot (GTK_WIDGET (window), "screenshot-matrix.png");
  /* Both matrices in one order: each enclave where its tag is, also when
   * the host lists its enclaves in another order. */
  {
    XnObjectList *list = xn_host_get_enclaves (xn_document_get_host (xn_window_get_document (window)));
    g_auto(GStrv) tags = NULL;
    g_auto(GStrv) enclaves = NULL;
    XnHost *host = xn_document_get_host (xn_window_get_document (window));

    ck_assert (xn_document_push (xn_window_get_document (window),
                                 xn_move_command_new (list, 0, list, xn_object_list_get_n_items (list) - 1), NULL));
    tags = xn_matrix_view_dup_headers (xn_window_get_matrix (window), 0);
    enclaves = xn_matrix_view_dup_headers (xn_window_get_matrix (window), 1);

    ck_assert_uint_eq (g_strv_length (enclaves), 3);
    for (guint i = 0; enclaves[i] != NULL; i++)
      {
        XnTag *etag = xn_enclave_get_tag (xn_host_find_enclave_by_name (host, enclaves[i]));

        ck_assert_msg (g_strcmp0 (xn_object_get_name (XN_OBJECT (etag)), tags[i]) == 0,
                       "enclave column %u is %s (tag %s), tag column %u is %s", i, enclaves[i],
                       xn_object_get_name (XN_OBJECT (etag)), i, tags[i]);
      }
  }
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

static gboolean
has_name (GtkWidget *w)
{
  g_autoptr(GList) labels = NULL;
  const char *tip = gtk_widget_get_tooltip_text (w);

  if (tip != NULL && *tip)
    return TRUE;
  labels = gtk_widget_list_mnemonic_labels (w);
  if (labels != NULL)
    return TRUE;
  if (GTK_IS_BUTTON (w) && gtk_button_get_label (GTK_BUTTON (w)) != NULL)
    return TRUE;
  if (GTK_IS_CHECK_BUTTON (w) && gtk_check_button_get_label (GTK_CHECK_BUTTON (w)) != NULL)
    return TRUE;
  /* A form's field at the end of a titled row: the editor names it by the
   * title (test-atspi hears the name). */
  {
    GtkWidget *row = gtk_widget_get_ancestor (w, ADW_TYPE_PREFERENCES_ROW);
    const char *title = row != NULL ? adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)) : NULL;

    if (title != NULL && *title)
      return TRUE;
  }
  /* A button whose child is a label (menu bar items, stack switcher). */
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_LABEL (c) && *gtk_label_get_text (GTK_LABEL (c)))
      return TRUE;
  return FALSE;
}

static void
check_names (GtkWidget *w,
             GString   *missing,
             guint     *checked)
{
  if (!gtk_widget_get_visible (w))
    return;
  if (GTK_IS_BUTTON (w) || GTK_IS_ENTRY (w) || GTK_IS_CHECK_BUTTON (w) || GTK_IS_DROP_DOWN (w)
      || GTK_IS_SPIN_BUTTON (w) || GTK_IS_MENU_BUTTON (w) || GTK_IS_COLOR_BUTTON (w))
    {
      GtkWidget *p = gtk_widget_get_parent (w);
      /* Inner parts of composite widgets are named by their parent. */
      gboolean inner = p != NULL && (GTK_IS_DROP_DOWN (p) || GTK_IS_MENU_BUTTON (p)
                                     || GTK_IS_SPIN_BUTTON (p) || GTK_IS_COLOR_BUTTON (p)
                                     /* GTK names Minimize, Maximize and Close itself
                                      * (test-atspi hears them). */
                                     || GTK_IS_WINDOW_CONTROLS (p));
      (*checked)++;
      if (!inner && !has_name (w))
        g_string_append_printf (missing, "%s(%s) in %s; ", G_OBJECT_TYPE_NAME (w), gtk_widget_get_name (w),
                                p != NULL ? G_OBJECT_TYPE_NAME (p) : "nothing");
    }
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    check_names (c, missing, checked);
}

START_TEST (test_accessible_names_and_screenshots)
{
  XnWindow *window = open_demo ("a-simple-policy.xml");
  XnPolicy *policy = xn_document_get_policy (xn_window_get_document (window));
  XnHost *host = xn_document_get_host (xn_window_get_document (window));
  g_autoptr(GString) missing = g_string_new (NULL);
  guint checked = 0;
  XnObject *views[4];

  views[0] = xn_object_list_get (xn_policy_get_conflicts (policy), 0);
  views[1] = xn_object_list_get (xn_policy_get_profiles (policy), 1);
  views[2] = XN_OBJECT (xn_host_find_domain_by_name (host, "EB-domu-1"));
  views[3] = xn_object_list_get (xn_host_get_net_switches (host), 0);
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      if (views[i] == NULL)
        continue;
      xn_window_select_object (window, views[i]);
      wait_ms (150);
      check_names (GTK_WIDGET (window), missing, &checked);
    }
  xn_window_select_object (window, xn_object_list_get (xn_policy_get_tags (policy), 0));
  wait_ms (150);
  check_names (GTK_WIDGET (window), missing, &checked);
  screenshot (GTK_WIDGET (window), "screenshot-editor.png");
  if (views[2] != NULL)
    {
      xn_window_select_object (window, views[2]);
      wait_ms (150);
      screenshot (GTK_WIDGET (window), "screenshot-domain-editor.png");
    }
  if (views[3] != NULL)
    {
      xn_window_select_object (window, views[3]);
      wait_ms (150);
      screenshot (GTK_WIDGET (window), "screenshot-switch-editor.png");
      /* The same in the dark style: the rows and header bar follow it. */
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
      screenshot (GTK_WIDGET (window), "screenshot-switch-editor-dark.png");
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
    }
  xn_window_show_view (window, "domains");
  wait_ms (150);
  check_names (GTK_WIDGET (window), missing, &checked);
  g_print ("accessibility: %u interactive widgets checked\n", checked);
  ck_assert_msg (missing->len == 0, "without a name: %s", missing->str);
  screenshot (GTK_WIDGET (window), "screenshot-simple-domains.png");
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST


START_TEST (test_async_load)
{
  g_autofree char *path = xn_test_data_path ("xenon-enterprise-demo.xml");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *dir = g_dir_make_tmp ("xn-ui-load-XXXXXX", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "broken.xml", NULL);
  g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
  XnWindow *window = xn_window_new (NULL);
  GtkWidget *dialog;
  gint64 end;

  gtk_window_present (GTK_WINDOW (window));
  xn_window_load_file (window, file);
  /* The progress page shows at once; the document follows. */
  ck_assert (xn_window_get_loading (window));
  ck_assert_ptr_null (xn_window_get_document (window));
  {
    /* The app hands the window its hosts while the document loads: the
     * title then names the load (it asked a NULL document before). */
    g_autoptr(GListStore) hosts = g_list_store_new (XN_TYPE_REMOTE_HOST);
    g_autoptr(XnRemoteHost) host = xn_remote_host_new_local ("localhost", "/nonexistent/hostd.sock");
    const char *title;

    g_list_store_append (hosts, host);
    xn_live_view_set_hosts (xn_window_get_live_view (window), G_LIST_MODEL (hosts));
    title = gtk_window_get_title (GTK_WINDOW (window));
    ck_assert_msg (title != NULL && strstr (title, "Loading") != NULL, "title %s", title ? title : "(none)");
  }
  end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (xn_window_get_loading (window) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  ck_assert (!xn_window_get_loading (window));
  ck_assert_ptr_nonnull (xn_window_get_document (window));
  ck_assert (g_file_equal (xn_document_get_file (xn_window_get_document (window)), file));
  ck_assert (!xn_document_get_modified (xn_window_get_document (window)));
  {
    /* The lint ran in the worker: the cached findings are what a fresh
     * lint finds. */
    g_autoptr(GListModel) cached = xn_document_lint (xn_window_get_document (window));
    g_autoptr(GListModel) fresh = xn_lint_run (xn_document_get_policy (xn_window_get_document (window)), NULL);
    ck_assert_uint_eq (g_list_model_get_n_items (cached), g_list_model_get_n_items (fresh));
  }

  /* A broken file: an error dialog, answered through its response
   * signal; the loaded document stays. */
  ck_assert (g_file_set_contents (bad_path, "<policy", -1, NULL));
  xn_window_load_file (window, bad);
  end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (xn_window_get_loading (window) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  spin ();
  dialog = find_message_dialog ();
  ck_assert_msg (dialog != NULL, "no error dialog for a broken file");
  answer_dialog (dialog, "close");
  spin ();
  ck_assert_ptr_null (find_message_dialog ());
  ck_assert (g_file_equal (xn_document_get_file (xn_window_get_document (window)), file));

  g_unlink (bad_path);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

START_TEST (test_open_recent_menu)
{
  g_autofree char *path = xn_test_data_path ("a-simple-policy.xml");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);
  g_autoptr(GSettings) settings = g_settings_new ("org.xenonvmm.Manager");
  const char *list[] = { uri, "file:///nonexistent/odd_name.xml", NULL };
  XnWindow *window = xn_window_new (NULL);
  GMenuModel *menu = xn_window_get_recent_menu (window);
  g_autofree char *label = NULL;
  g_autoptr(GVariant) target = NULL;
  gint64 end;

  /* Empty: one insensitive placeholder. */
  g_settings_set_strv (settings, "recent-files", NULL);
  ck_assert_int_eq (g_menu_model_get_n_items (menu), 1);
  ck_assert (!action_enabled (window, "win.no-recent"));

  g_settings_set_strv (settings, "recent-files", list);
  ck_assert_int_eq (g_menu_model_get_n_items (menu), 2);
  ck_assert (g_menu_model_get_item_attribute (menu, 0, G_MENU_ATTRIBUTE_LABEL, "s", &label));
  ck_assert_str_eq (label, "a-simple-policy.xml");
  g_clear_pointer (&label, g_free);
  ck_assert (g_menu_model_get_item_attribute (menu, 1, G_MENU_ATTRIBUTE_LABEL, "s", &label));
  ck_assert_str_eq (label, "odd__name.xml");
  target = g_menu_model_get_item_attribute_value (menu, 0, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);
  ck_assert_str_eq (g_variant_get_string (target, NULL), uri);

  /* Activating the entry opens that file. */
  gtk_window_present (GTK_WINDOW (window));
  activate (window, "open-recent", target);
  end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (xn_window_get_loading (window) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  ck_assert_ptr_nonnull (xn_window_get_document (window));
  ck_assert (g_file_equal (xn_document_get_file (xn_window_get_document (window)), file));
  g_settings_set_strv (settings, "recent-files", NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* At its minimum width the window shows everything inside it: the
 * editor's forms shrink (or scroll) rather than run past the right edge,
 * where nothing can reach them.  Live mode has its own test in
 * test-live (test_live_fits_narrowest_window), with a host connected. */
START_TEST (test_content_fits_narrowest_window)
{
  XnWindow *window = open_demo ("xenon-enterprise-demo.xml");
  XnDocument *doc = xn_window_get_document (window);
  XnHost *host = xn_document_get_host (doc);
  struct { const char *what; XnObject *object; } states[] = {
    { "the editor, nothing chosen", NULL },
    { "the editor on a domain", XN_OBJECT (xn_host_find_domain_by_name (host, "user_vm_2")) },
    { "the editor on a profile",
      XN_OBJECT (xn_policy_find_profile_by_name (xn_document_get_policy (doc), "PV-NetworkService")) },
  };
  int min_w, width;

  ck_assert_ptr_nonnull (states[1].object);
  ck_assert_ptr_nonnull (states[2].object);
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_autofree char *wider = NULL;

      if (states[i].object != NULL)
        xn_window_select_object (window, states[i].object);
      wait_ms (100);
      /* The minimum of what is shown now, then the window at it (the
       * measure counts the client-side decoration's margins, the width
       * does not). */
      gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_w, NULL, NULL, NULL);
      gtk_window_set_default_size (GTK_WINDOW (window), min_w, 700);
      for (int t = 0; t < 40 && gtk_widget_get_width (GTK_WIDGET (window)) > min_w; t++)
        wait_ms (50);
      wait_ms (200);
      width = gtk_widget_get_width (GTK_WIDGET (window));
      ck_assert_int_le (width, min_w);
      wider = dup_wider_than_window (GTK_WIDGET (window), GTK_WIDGET (window));
      g_print ("%s at the minimum width, %d px: %s\n", states[i].what, width, wider ? wider : "all inside");
      if (i == 1)
        screenshot (GTK_WIDGET (window), "screenshot-narrowest-editor.png");
      ck_assert_msg (wider == NULL, "%s at the minimum width (%d px): %s runs past the window", states[i].what,
                     width, wider);
    }
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* A wrap box asks for its widest child and, at a width, for the lines
 * that width needs; it keeps its children's order, and the width left on
 * a line goes to the expanding children there. */
START_TEST (test_wrap_box)
{
  GtkWidget *box = g_object_ref_sink (xn_wrap_box_new (6));
  GtkWidget *c[3];
  int min, nat, one_line, two_lines;
  graphene_rect_t b[3];

  for (guint i = 0; i < G_N_ELEMENTS (c); i++)
    {
      c[i] = gtk_label_new (NULL);
      gtk_widget_set_size_request (c[i], 100 + 10 * (int) i, 20);
      xn_wrap_box_append (XN_WRAP_BOX (box), c[i]);
    }
  gtk_widget_set_hexpand (c[1], TRUE);
  gtk_widget_measure (box, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  ck_assert_int_eq (min, 120);
  ck_assert_int_eq (nat, 100 + 110 + 120 + 2 * 6);
  gtk_widget_measure (box, GTK_ORIENTATION_VERTICAL, 400, &one_line, NULL, NULL, NULL);
  gtk_widget_measure (box, GTK_ORIENTATION_VERTICAL, 250, &two_lines, NULL, NULL, NULL);
  ck_assert_int_eq (one_line, 20);
  ck_assert_int_eq (two_lines, 20 + 6 + 20);
  gtk_widget_measure (box, GTK_ORIENTATION_VERTICAL, 120, &min, NULL, NULL, NULL);
  ck_assert_int_eq (min, 3 * 20 + 2 * 6);

  /* At 250 px: the first two on a line, the second taking its rest. */
  gtk_widget_size_allocate (box, &(GtkAllocation) { 0, 0, 250, two_lines }, -1);
  for (guint i = 0; i < G_N_ELEMENTS (c); i++)
    ck_assert (gtk_widget_compute_bounds (c[i], box, &b[i]));
  ck_assert_float_eq (b[0].origin.x, 0);
  ck_assert_float_eq (b[0].size.width, 100);
  ck_assert_float_eq (b[1].origin.x, 106);
  ck_assert_float_eq (b[1].size.width, 250 - 106);
  ck_assert_float_eq (b[1].origin.y, 0);
  ck_assert_float_eq (b[2].origin.x, 0);
  ck_assert_float_eq (b[2].origin.y, 26);
  ck_assert_float_eq (b[2].size.width, 120);
  /* A hidden child takes no room. */
  gtk_widget_set_visible (c[1], FALSE);
  gtk_widget_measure (box, GTK_ORIENTATION_VERTICAL, 250, &min, NULL, NULL, NULL);
  ck_assert_int_eq (min, 20);
  g_object_unref (box);
}
END_TEST

START_TEST (test_fits_small_screen)
{
  XnWindow *window = open_demo ("xenon-enterprise-demo.xml");
  int min_w, min_h, def_w, def_h;

  /* A 1280x800 laptop: the window must fit (no window manager here, so
   * its decorations are not counted) and start no larger than 1200x760. */
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_w, NULL, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_VERTICAL, min_w, &min_h, NULL, NULL, NULL);
  g_print ("minimum window size: %dx%d\n", min_w, min_h);
  /* Half a 1920-pixel screen, in both modes (it was 1,101). */
  ck_assert_int_le (min_w, 960);
  xn_window_set_live_mode (window, TRUE);
  wait_ms (100);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_w, NULL, NULL, NULL);
  g_print ("minimum window width in Live mode: %d\n", min_w);
  ck_assert_int_le (min_w, 960);
  xn_window_set_live_mode (window, FALSE);
  ck_assert_int_le (min_h, 800);
  {
    XnWindow *fresh = xn_window_new (NULL);
    gtk_window_get_default_size (GTK_WINDOW (fresh), &def_w, &def_h);
    ck_assert_int_le (def_w, 1200);
    ck_assert_int_le (def_h, 760);
    gtk_window_destroy (GTK_WINDOW (fresh));
  }
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

START_TEST (test_import_template_dialogs)
{
  XnWindow *window = open_demo ("a-simple-policy.xml");
  XnDocument *before = xn_window_get_document (window);
  g_autoptr(GError) error = NULL;
  g_autoptr(XnPolicy) template = xn_template_export (xn_document_get_policy (before), &error);
  g_autofree char *dir = g_dir_make_tmp ("xn-ui-import-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "t.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) bytes = NULL;
  GtkNativeDialog *chooser;
  GtkWidget *dialog;
  guint n_tags, n_undo, n_enclaves;

  ck_assert_msg (template != NULL, "export: %s", error ? error->message : "");
  bytes = xn_policy_save_to_bytes (template, &error);
  ck_assert (g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL));

  /* The import is one undoable edit of the open document: no question
   * first, unsaved changes stay, and Undo takes the whole import back. */
  activate (window, "add-tag", NULL);
  ck_assert (xn_document_get_modified (before));
  n_tags = xn_object_list_get_n_items (xn_policy_get_tags (xn_document_get_policy (before)));
  n_enclaves = xn_object_list_get_n_items (xn_host_get_enclaves (xn_document_get_host (before)));
  n_undo = xn_command_stack_get_n_undo (xn_document_get_stack (before));
  activate (window, "import-template", NULL);
  spin ();
  ck_assert_ptr_null (find_message_dialog ());
  chooser = xn_dialogs_get_file_chooser ();
  ck_assert_msg (chooser != NULL, "no file chooser");
  ck_assert (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, NULL));
  /* The chooser selects the file once it has read the folder. */
  for (int i = 0; i < 100; i++)
    {
      g_autoptr(GFile) chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      if (chosen != NULL && g_file_equal (chosen, file))
        break;
      wait_ms (50);
    }
  g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_ACCEPT);
  spin ();
  ck_assert_ptr_null (xn_dialogs_get_file_chooser ());
  ck_assert_ptr_eq (xn_window_get_document (window), before);
  /* Identical tags are reused; the enclaves join the host, renamed. */
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_policy_get_tags (xn_document_get_policy (before))), n_tags);
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_host_get_enclaves (xn_document_get_host (before))),
                     2 * n_enclaves);
  ck_assert_uint_eq (xn_command_stack_get_n_undo (xn_document_get_stack (before)), n_undo + 1);
  ck_assert_str_eq (xn_command_stack_get_undo_label (xn_document_get_stack (before)), "Undo Import Template");
  /* The report. */
  dialog = find_message_dialog ();
  ck_assert_msg (dialog != NULL, "no import report");
  answer_dialog (dialog, "close");
  spin ();
  /* Undo: the host as before the import, the added tag still there. */
  activate (window, "undo", NULL);
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_host_get_enclaves (xn_document_get_host (before))), n_enclaves);
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_policy_get_tags (xn_document_get_policy (before))), n_tags);
  ck_assert (xn_document_get_modified (before));

  g_unlink (path);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* (nullable): the first widget under @root whose action is @action */
static GtkWidget *
find_actionable (GtkWidget  *root,
                 const char *action)
{
  if (GTK_IS_ACTIONABLE (root)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_actionable (c, action);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
wait_loaded (XnWindow *window)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (xn_window_get_loading (window) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  spin ();
}

/* Open and Open Recent replace the document and its undo history: with
 * unsaved changes they ask first, and Cancel keeps everything. */
START_TEST (test_open_asks_before_discarding)
{
  XnWindow *window = open_demo ("a-simple-policy.xml");
  XnDocument *before = xn_window_get_document (window);
  g_autofree char *path = xn_test_data_path ("xenon-enterprise-demo.xml");
  g_autoptr(GFile) other = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (other);
  GtkWidget *dialog;
  guint n_undo;

  activate (window, "add-tag", NULL);
  n_undo = xn_command_stack_get_n_undo (xn_document_get_stack (before));
  ck_assert (xn_document_get_modified (before));

  /* Open: the question comes before the file chooser. */
  activate (window, "open", NULL);
  dialog = find_message_dialog ();
  ck_assert_msg (dialog != NULL, "Open discards unsaved changes without asking");
  ck_assert_ptr_null (xn_dialogs_get_file_chooser ());
  answer_dialog (dialog, "cancel");
  spin ();
  ck_assert_ptr_null (xn_dialogs_get_file_chooser ());
  ck_assert_ptr_eq (xn_window_get_document (window), before);

  /* Open Recent: Cancel keeps the document and its undo history. */
  activate (window, "open-recent", g_variant_new_string (uri));
  wait_loaded (window);
  dialog = find_message_dialog ();
  ck_assert_msg (dialog != NULL, "Open Recent discards unsaved changes without asking");
  answer_dialog (dialog, "cancel");
  wait_loaded (window);
  ck_assert_ptr_eq (xn_window_get_document (window), before);
  ck_assert_uint_eq (xn_command_stack_get_n_undo (xn_document_get_stack (before)), n_undo);

  /* Discard: the other file opens. */
  activate (window, "open-recent", g_variant_new_string (uri));
  dialog = find_message_dialog ();
  ck_assert_ptr_nonnull (dialog);
  answer_dialog (dialog, "accept");
  spin ();
  wait_loaded (window);
  ck_assert (g_file_equal (xn_document_get_file (xn_window_get_document (window)), other));
  screenshot (GTK_WIDGET (window), "screenshot-nothing-selected.png");
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* Every act that drops unsaved changes asks one question, the one
 * closing the window asks, with Save among its answers: New, Open and
 * Open Recent offered only Discard. Save saves, then goes on. */
START_TEST (test_unsaved_offers_save)
{
  g_autofree char *src = xn_test_data_path ("a-simple-policy.xml");
  g_autofree char *other_path = xn_test_data_path ("xenon-enterprise-demo.xml");
  g_autoptr(GFile) other = g_file_new_for_path (other_path);
  g_autofree char *other_uri = g_file_get_uri (other);
  g_autofree char *dir = g_dir_make_tmp ("xn-unsaved-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "policy.xml", NULL);
  g_autofree char *original = NULL, *saved = NULL;
  g_autoptr(GFile) file = NULL;
  const char *const acts[] = { "new", "open", "open-recent" };
  XnWindow *window = xn_window_new (NULL);
  XnDocument *doc;
  GtkWidget *dialog;
  GtkNativeDialog *chooser;

  ck_assert_ptr_nonnull (dir);
  ck_assert (g_file_get_contents (src, &original, NULL, NULL));
  ck_assert (g_file_set_contents (path, original, -1, NULL));
  file = g_file_new_for_path (path);
  ck_assert (xn_window_open_file (window, file, NULL));
  gtk_window_present (GTK_WINDOW (window));
  spin ();
  doc = xn_window_get_document (window);
  activate (window, "add-tag", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (acts); i++)
    {
      activate (window, acts[i], i == 2 ? g_variant_new_string (other_uri) : NULL);
      dialog = find_message_dialog ();
      ck_assert_msg (dialog != NULL, "%s does not ask", acts[i]);
      ck_assert_msg (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "save"),
                     "%s offers no Save", acts[i]);
      answer_dialog (dialog, "cancel");
      spin ();
      ck_assert_ptr_eq (xn_window_get_document (window), doc);
    }

  /* Save, then the chooser of Open. */
  activate (window, "open", NULL);
  dialog = find_message_dialog ();
  ck_assert_ptr_nonnull (dialog);
  answer_dialog (dialog, "save");
  spin ();
  ck_assert (!xn_document_get_modified (doc));
  ck_assert (g_file_get_contents (path, &saved, NULL, NULL));
  ck_assert_msg (g_strcmp0 (saved, original) != 0, "Save did not write the policy");
  chooser = xn_dialogs_get_file_chooser ();
  ck_assert_msg (chooser != NULL, "Open did not go on after Save");
  g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_CANCEL);
  spin ();
  ck_assert_ptr_eq (xn_window_get_document (window), doc);

  /* Closing asks the same, and Close without Saving closes. */
  activate (window, "add-tag", NULL);
  gtk_window_close (GTK_WINDOW (window));
  dialog = find_message_dialog ();
  ck_assert_ptr_nonnull (dialog);
  ck_assert (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "save"));
  answer_dialog (dialog, "accept");
  for (int i = 0; i < 100 && g_list_model_get_n_items (gtk_window_get_toplevels ()) > 0; i++)
    wait_ms (20);
  ck_assert_msg (g_list_model_get_n_items (gtk_window_get_toplevels ()) == 0,
                 "Close without Saving left the window open");

  g_unlink (path);
  g_rmdir (dir);
}
END_TEST

/* Opening a policy from Live mode returns to the editor whole: its
 * page, its header bar buttons and the mode button. */
START_TEST (test_open_from_live_mode)
{
  XnWindow *window = open_demo ("a-simple-policy.xml");
  g_autofree char *path = xn_test_data_path ("xenon-enterprise-demo.xml");
  g_autoptr(GFile) other = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (other);
  GtkWidget *mode, *add_tag;

  xn_window_set_live_mode (window, TRUE);
  wait_ms (100);
  mode = find_actionable (GTK_WIDGET (window), "win.toggle-live");
  add_tag = find_actionable (GTK_WIDGET (window), "win.undo");
  ck_assert_ptr_nonnull (mode);
  ck_assert_ptr_nonnull (add_tag);
  ck_assert (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (mode)));
  ck_assert (!gtk_widget_get_mapped (add_tag));

  activate (window, "open-recent", g_variant_new_string (uri));
  wait_loaded (window);
  wait_ms (100);
  ck_assert (g_file_equal (xn_document_get_file (xn_window_get_document (window)), other));
  ck_assert_msg (gtk_widget_get_mapped (GTK_WIDGET (xn_window_get_tree (window))), "no policy tree");
  ck_assert_msg (!gtk_widget_get_mapped (GTK_WIDGET (xn_window_get_live_view (window))), "Live view still shown");
  ck_assert_msg (gtk_widget_get_mapped (add_tag), "the editor's header bar buttons are hidden");
  ck_assert_msg (!gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (mode)), "the mode button says Live");
  ck_assert (strstr (gtk_window_get_title (GTK_WINDOW (window)), "POLICY EDITOR MODE") != NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* The mode button changed while a policy loads: the load's end must not
 * put the editor's page under Live mode's header bar, and leaving Live
 * mode before the end shows the load's progress, not the old document. */
START_TEST (test_mode_switch_while_loading)
{
  XnWindow *window = open_demo ("a-simple-policy.xml");
  g_autofree char *path = xn_test_data_path ("xenon-enterprise-demo.xml");
  g_autoptr(GFile) other = g_file_new_for_path (path);
  GtkWidget *tree = GTK_WIDGET (xn_window_get_tree (window));
  GtkWidget *live = GTK_WIDGET (xn_window_get_live_view (window));
  GtkWidget *mode = find_actionable (GTK_WIDGET (window), "win.toggle-live");

  ck_assert_ptr_nonnull (mode);

  /* Live mode chosen while the file loads: Live mode stays, whole. */
  xn_window_load_file (window, other);
  ck_assert (xn_window_get_loading (window));
  xn_window_set_live_mode (window, TRUE);
  wait_loaded (window);
  wait_ms (100);
  ck_assert (g_file_equal (xn_document_get_file (xn_window_get_document (window)), other));
  ck_assert (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (mode)));
  ck_assert_msg (gtk_widget_get_mapped (live), "the load's end hid Live mode's page");
  ck_assert_msg (!gtk_widget_get_mapped (tree), "the editor's tree under Live mode's header bar");
  screenshot (GTK_WIDGET (window), "screenshot-live-after-load.png");

  /* Back to the editor before the next load ends: its progress page,
   * then the new document. */
  xn_window_load_file (window, other);
  ck_assert (!gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (mode)));
  xn_window_set_live_mode (window, TRUE);
  xn_window_set_live_mode (window, FALSE);
  /* Asked before the main loop runs again, which may end the load. */
  ck_assert (xn_window_get_loading (window));
  ck_assert_msg (!gtk_widget_get_mapped (tree) && !gtk_widget_get_mapped (live),
                 "the old document shown while the new one loads");
  wait_loaded (window);
  wait_ms (100);
  ck_assert (gtk_widget_get_mapped (tree));
  ck_assert (!gtk_widget_get_mapped (live));
  ck_assert (strstr (gtk_window_get_title (GTK_WINDOW (window)), "POLICY EDITOR MODE") != NULL);
  screenshot (GTK_WIDGET (window), "screenshot-editor-after-load.png");
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* Adds every action a menu (its sections and submenus) activates. */
static void
collect_menu_actions (GMenuModel *menu,
                      GHashTable *actions)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *action = NULL;
      g_autoptr(GMenuLinkIter) links = g_menu_model_iterate_item_links (menu, i);

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &action))
        g_hash_table_add (actions, g_steal_pointer (&action));
      while (g_menu_link_iter_next (links))
        {
          g_autoptr(GMenuModel) link = g_menu_link_iter_get_value (links);

          collect_menu_actions (link, actions);
        }
    }
}

/* Every action the buttons and menus under @root activate. */
static void
collect_actions (GtkWidget  *root,
                 GHashTable *actions)
{
  GMenuModel *menu = GTK_IS_MENU_BUTTON (root) ? gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (root))
                     : ADW_IS_SPLIT_BUTTON (root) ? adw_split_button_get_menu_model (ADW_SPLIT_BUTTON (root))
                     : NULL;

  if (GTK_IS_ACTIONABLE (root) && gtk_actionable_get_action_name (GTK_ACTIONABLE (root)) != NULL)
    g_hash_table_add (actions, g_strdup (gtk_actionable_get_action_name (GTK_ACTIONABLE (root))));
  if (menu != NULL)
    collect_menu_actions (menu, actions);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_actions (c, actions);
}

/* GNOME's window shape: a header bar with the views, Open, Add, Save,
 * the mode switch and a primary menu (F10); no menu bar. Every command
 * the menu bar had is reachable from the header bar, and the header bar
 * follows the mode. */
START_TEST (test_header_bar)
{
  XnWindow *window = open_demo ("a-simple-policy.xml");
  GtkWidget *titlebar = gtk_window_get_titlebar (GTK_WINDOW (window));
  GtkMenuButton *primary = xn_window_get_primary_menu (window);
  g_autoptr(GHashTable) actions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *const commands[] = {
    "win.new", "win.open", "win.save", "win.save-as", "win.export-template", "win.import-template",
    "win.sign", "win.apply-to-hosts", "win.verify", "win.undo", "win.redo", "win.add-tag",
    "win.add-conflict", "win.add-sec-label", "win.add-root-domain", "win.add-enclave",
    "win.add-domain", "win.add-switch", "win.add-vif", "win.add-service-vms",
    "win.import-hardware", "win.delete", "win.show-lint", "win.toggle-live",
    "win.show-help-overlay", "app.about",
  };
  GtkWidget *open, *switcher;

  ck_assert_msg (ADW_IS_HEADER_BAR (titlebar), "the window has no header bar (%s)",
                 titlebar ? G_OBJECT_TYPE_NAME (titlebar) : "none");
  ck_assert_msg (find_type_under (GTK_WIDGET (window), GTK_TYPE_POPOVER_MENU_BAR) == NULL,
                 "a menu bar is left");
  ck_assert_ptr_nonnull (primary);
  ck_assert_msg (gtk_widget_is_ancestor (GTK_WIDGET (primary), titlebar), "the primary menu is not in the header bar");
  ck_assert_msg (gtk_menu_button_get_primary (primary), "F10 does not open the primary menu");
  ck_assert_str_eq (gtk_menu_button_get_icon_name (primary), "open-menu-symbolic");

  collect_actions (titlebar, actions);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    ck_assert_msg (g_hash_table_contains (actions, commands[i]), "%s has no home in the header bar", commands[i]);

  /* Open's drop-down lists the recent policies. */
  open = find_actionable (titlebar, "win.open");
  ck_assert_msg (ADW_IS_SPLIT_BUTTON (open), "Open is not a split button");
  {
    g_autoptr(GHashTable) recent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    collect_menu_actions (adw_split_button_get_menu_model (ADW_SPLIT_BUTTON (open)), recent);
    ck_assert (g_hash_table_contains (recent, "win.open-recent") || g_hash_table_contains (recent, "win.no-recent"));
  }

  /* The views switch in the title; Live mode shows the host's title
   * there and hides the editor's buttons. */
  switcher = find_type_under (titlebar, ADW_TYPE_VIEW_SWITCHER_TITLE);
  ck_assert_msg (switcher != NULL && gtk_widget_get_mapped (switcher), "the views are not in the header bar");
  ck_assert (gtk_widget_get_mapped (open));
  xn_window_set_live_mode (window, TRUE);
  wait_ms (100);
  ck_assert_msg (!gtk_widget_get_mapped (switcher), "the editor's views show in Live mode");
  ck_assert_msg (!gtk_widget_get_mapped (open), "Open shows in Live mode");
  {
    GtkStack *stack = find_stack_with_page (titlebar, "live");
    GtkWidget *title;

    ck_assert (stack != NULL);
    title = gtk_stack_get_visible_child (stack);
    ck_assert (ADW_IS_WINDOW_TITLE (title) && gtk_widget_get_mapped (title));
    ck_assert_str_eq (adw_window_title_get_title (ADW_WINDOW_TITLE (title)), gtk_window_get_title (GTK_WINDOW (window)));
  }
  screenshot (GTK_WIDGET (window), "screenshot-live-header.png");
  xn_window_set_live_mode (window, FALSE);
  wait_ms (100);
  ck_assert (gtk_widget_get_mapped (switcher));

  /* Narrow, the title shows the policy and the views move to a bar at
   * the foot, as libadwaita's adaptive pattern has it. */
  {
    GtkWidget *bar = find_type_under (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_BAR);

    ck_assert_ptr_nonnull (bar);
    ck_assert (!adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (bar)));
    gtk_window_set_default_size (GTK_WINDOW (window), 800, 700);
    for (int i = 0; i < 40 && !adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (bar)); i++)
      wait_ms (50);
    ck_assert_msg (adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (bar)),
                   "a narrow window loses its views");
    screenshot (GTK_WIDGET (window), "screenshot-narrow.png");
  }
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* Passing news and refusals are toasts over the window, their text as
 * given (libadwaita 1.2 reads a toast title as markup). */
START_TEST (test_toasts)
{
  XnWindow *window = open_demo ("a-simple-policy.xml");
  const char *refusal = "Start a refused: <tag_separation> & no more";

  ck_assert_msg (find_type_under (GTK_WIDGET (window), GTK_TYPE_INFO_BAR) == NULL, "an info bar is left");
  ck_assert_ptr_null (find_text_containing (GTK_WIDGET (window), refusal));
  xn_live_view_show_message (GTK_WIDGET (xn_window_get_live_view (window)), GTK_MESSAGE_ERROR, refusal);
  wait_ms (100);
  {
    GtkWidget *label = find_text_containing (GTK_WIDGET (window), refusal);

    ck_assert_msg (label != NULL, "no toast for a refusal");
    ck_assert_msg (gtk_widget_get_ancestor (label, ADW_TYPE_TOAST_OVERLAY) != NULL, "not a toast");
  }
  /* The newest news is shown at once, not queued behind the refusal. */
  xn_window_add_toast (window, "Policy signed by CN=test");
  wait_ms (100);
  ck_assert_msg (find_text_containing (GTK_WIDGET (window), "Policy signed by CN=test") != NULL,
                 "the newest toast waits behind an older one");
  screenshot (GTK_WIDGET (window), "screenshot-toast.png");
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* Confirmations are AdwMessageDialogs: the destructive answer is marked,
 * Escape and the default (Enter) take the safe answer. */
START_TEST (test_confirmation_dialog)
{
  XnWindow *window = open_demo ("a-simple-policy.xml");
  XnDocument *before = xn_window_get_document (window);
  AdwMessageDialog *dialog;

  activate (window, "add-tag", NULL);
  activate (window, "new", NULL);
  dialog = ADW_MESSAGE_DIALOG (find_message_dialog ());
  ck_assert_msg (dialog != NULL, "New asks with no AdwMessageDialog");
  ck_assert_int_eq (adw_message_dialog_get_response_appearance (dialog, "accept"), ADW_RESPONSE_DESTRUCTIVE);
  ck_assert_str_eq (adw_message_dialog_get_default_response (dialog), "cancel");
  ck_assert_str_eq (adw_message_dialog_get_close_response (dialog), "cancel");
  screenshot (GTK_WIDGET (dialog), "screenshot-confirm.png");
  ck_assert_msg (press_bound_key (GTK_WIDGET (dialog), GDK_KEY_Escape), "Escape does nothing");
  spin ();
  ck_assert_ptr_null (find_message_dialog ());
  ck_assert_ptr_eq (xn_window_get_document (window), before);
  ck_assert (xn_document_get_modified (before));
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* The app's stylesheet comes with any window, not from the test: a label
 * with the error class is the app's red (#cc0000), not libadwaita's. */
START_TEST (test_window_brings_style)
{
  XnWindow *window = xn_window_new (NULL);
  GtkWidget *label = gtk_label_new ("refused");
  GdkRGBA color;

  gtk_widget_add_css_class (label, "error");
  gtk_window_set_child (GTK_WINDOW (window), label);
  gtk_window_present (GTK_WINDOW (window));
  wait_ms (100);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (label), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  ck_assert_msg (ABS (color.red - 0.8) < 0.01 && color.green < 0.01 && color.blue < 0.01,
                 "label.error is %s, not the app's #cc0000", gdk_rgba_to_string (&color));
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* A data update of the history graph is drawn by a worker: the frame
 * that follows the update does not wait for 50 dense series to be
 * rasterised, and the new plot follows. */
START_TEST (test_graph_draws_off_main_thread)
{
  GtkWidget *window = gtk_window_new ();
  XnGraph *graph = XN_GRAPH (xn_graph_new ());
  gint64 to = g_get_real_time (), from = to - 7 * G_TIME_SPAN_DAY;
  guint n = 7 * 24 * 60;
  g_autofree XnGraphPoint *pts = g_new (XnGraphPoint, n);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  gint64 end;

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 600);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (graph));
  gtk_window_present (GTK_WINDOW (window));
  xn_graph_set_range (graph, from, to);
  for (guint s = 0; s < 50; s++)
    {
      g_autofree char *name = g_strdup_printf ("domain_%02u", s);

      for (guint i = 0; i < n; i++)
        {
          pts[i].time = from + (gint64) i * G_TIME_SPAN_MINUTE;
          pts[i].value = 50 + 40 * ((i * 2654435761u + s * 97) % 1000) / 1000.0;
        }
      xn_graph_add_series (graph, name, pts, n);
    }
  wait_ms (200);
  end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (xn_graph_is_drawing (graph) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  ck_assert_msg (!xn_graph_is_drawing (graph), "the first plot never came");

  /* An update: the snapshot right after it shows the previous plot and
   * leaves the drawing to the worker. */
  xn_graph_set_range (graph, from + G_TIME_SPAN_HOUR, to);
  GTK_WIDGET_GET_CLASS (graph)->snapshot (GTK_WIDGET (graph), snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  ck_assert_msg (node != NULL, "nothing shown while the new plot is drawn");
  ck_assert_msg (xn_graph_is_drawing (graph), "the snapshot drew the plot itself");
  end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (xn_graph_is_drawing (graph) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  ck_assert_msg (!xn_graph_is_drawing (graph), "the new plot never came");
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

static void
collect_leaves (GskRenderNode *node,
                GPtrArray     *out)
{
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        collect_leaves (gsk_container_node_get_child (node, i), out);
      break;
    case GSK_TRANSFORM_NODE:
      collect_leaves (gsk_transform_node_get_child (node), out);
      break;
    case GSK_CLIP_NODE:
      collect_leaves (gsk_clip_node_get_child (node), out);
      break;
    default:
      g_ptr_array_add (out, node);
    }
}

static GskRenderNode *
graph_node (XnGraph *graph)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

  GTK_WIDGET_GET_CLASS (graph)->snapshot (GTK_WIDGET (graph), snapshot);
  return gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
}

/* Pointing at the graph draws the read-out over the plot: the plot's own
 * nodes go into the frame unchanged (GTK repaints only nodes that are
 * new), and the new ones cover the line and the box, not the widget. */
START_TEST (test_graph_hover_paints_only_readout)
{
  GtkWidget *window = gtk_window_new ();
  XnGraph *graph = XN_GRAPH (xn_graph_new ());
  gint64 to = g_get_real_time (), from = to - G_TIME_SPAN_HOUR;
  g_autofree XnGraphPoint *pts = g_new (XnGraphPoint, 60);
  g_autoptr(GskRenderNode) before = NULL, after = NULL;
  g_autoptr(GPtrArray) old = g_ptr_array_new (), now = g_ptr_array_new ();
  double area = 0, widget_area;
  gint64 end;

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 400);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (graph));
  gtk_window_present (GTK_WINDOW (window));
  xn_graph_set_range (graph, from, to);
  for (guint s = 0; s < 3; s++)
    {
      g_autofree char *name = g_strdup_printf ("domain_%u", s);

      for (guint i = 0; i < 60; i++)
        pts[i] = (XnGraphPoint) { from + (gint64) i * G_TIME_SPAN_MINUTE, 10 + s * 20 + i % 7 };
      xn_graph_add_series (graph, name, pts, 60);
    }
  end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (xn_graph_is_drawing (graph) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  ck_assert_msg (!xn_graph_is_drawing (graph), "the plot never came");
  widget_area = (double) gtk_widget_get_width (GTK_WIDGET (graph)) * gtk_widget_get_height (GTK_WIDGET (graph));

  before = graph_node (graph);
  xn_graph_hover (graph, gtk_widget_get_width (GTK_WIDGET (graph)) / 2.0);
  after = graph_node (graph);
  ck_assert_ptr_nonnull (before);
  ck_assert_ptr_nonnull (after);
  collect_leaves (before, old);
  collect_leaves (after, now);
  for (guint i = 0; i < old->len; i++)
    ck_assert_msg (g_ptr_array_find (now, g_ptr_array_index (old, i), NULL),
                   "the plot's node %u is drawn anew for a pointer move", i);
  for (guint i = 0; i < now->len; i++)
    if (!g_ptr_array_find (old, g_ptr_array_index (now, i), NULL))
      {
        graphene_rect_t b;

        gsk_render_node_get_bounds (g_ptr_array_index (now, i), &b);
        area += b.size.width * b.size.height;
      }
  ck_assert_msg (area > 0, "the read-out draws nothing");
  ck_assert_msg (area < widget_area / 4, "a pointer move repaints %.0f%% of the graph", 100 * area / widget_area);
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* Typing 192.168.5.300 passes through the valid 192.168.5.30: the
 * document keeps the value from before, the field keeps what was typed,
 * also after the form is built again. */
START_TEST (test_invalid_field_never_saved)
{
  XnWindow *window = open_demo ("a-simple-policy.xml");
  XnDocument *doc = xn_window_get_document (window);
  XnPolicy *policy = xn_document_get_policy (doc);
  XnObject *domain = xn_policy_lookup (policy, "1f039578-f38b-52b6-b0f1-05c2e4ed2cf6");
  XnObject *other = xn_policy_lookup (policy, "66f207d2-f50f-58ee-8969-42e70069c8ed");
  XnObject *vif = xn_policy_lookup (policy, "4f3e42a4-3a52-5561-b5a9-8e160ce84b20");
  const char *typed[] = { "192.168.5.3", "192.168.5.30", "192.168.5.300" };
  g_autofree char *ip = NULL;
  GtkWidget *field;

  ck_assert_ptr_nonnull (domain);
  ck_assert_ptr_nonnull (vif);
  xn_window_select_object (window, domain);
  field = xn_editor_find_field (xn_window_get_editor (window), "4f3e42a4-3a52-5561-b5a9-8e160ce84b20:ip");
  ck_assert_ptr_nonnull (field);
  ck_assert_str_eq (gtk_editable_get_text (GTK_EDITABLE (field)), "192.168.5.101");
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    gtk_editable_set_text (GTK_EDITABLE (field), typed[i]);
  spin ();
  ck_assert (gtk_widget_has_css_class (field, "error"));
  g_object_get (vif, "ip", &ip, NULL);
  ck_assert_str_eq (ip, "192.168.5.101");
  g_clear_pointer (&ip, g_free);

  xn_window_select_object (window, other);
  xn_window_select_object (window, domain);
  field = xn_editor_find_field (xn_window_get_editor (window), "4f3e42a4-3a52-5561-b5a9-8e160ce84b20:ip");
  ck_assert_str_eq (gtk_editable_get_text (GTK_EDITABLE (field)), "192.168.5.300");
  ck_assert (gtk_widget_has_css_class (field, "error"));
  /* The field is an AdwEntryRow in a preferences group, and the row
   * under it says why. */
  ck_assert_msg (ADW_IS_ENTRY_ROW (field), "the IP field is a %s", G_OBJECT_TYPE_NAME (field));
  ck_assert (gtk_widget_get_ancestor (field, ADW_TYPE_PREFERENCES_GROUP) != NULL);
  {
    GtkWidget *why = find_text_containing (gtk_widget_get_parent (field), "IPv4");

    ck_assert_msg (why != NULL && gtk_widget_get_mapped (why), "nothing says why the IP address is refused");
    GtkWidget *scroller = gtk_widget_get_ancestor (field, GTK_TYPE_SCROLLED_WINDOW);
    GtkWidget *content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));
    graphene_point_t at;

    /* Scrolled to the field, for the screenshot, once laid out. */
    wait_ms (200);
    ck_assert (gtk_widget_compute_point (field, content, &GRAPHENE_POINT_INIT (0, 0), &at));
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)), at.y - 120);
    screenshot (GTK_WIDGET (window), "screenshot-invalid-field.png");
  }
  g_object_get (vif, "ip", &ip, NULL);
  ck_assert_str_eq (ip, "192.168.5.101");
  g_clear_pointer (&ip, g_free);

  /* A valid value typed over the draft is an ordinary edit. */
  gtk_editable_set_text (GTK_EDITABLE (field), "192.168.5.33");
  ck_assert (!gtk_widget_has_css_class (field, "error"));
  g_object_get (vif, "ip", &ip, NULL);
  ck_assert_str_eq (ip, "192.168.5.33");
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* The valid prefixes on the way to an invalid text ("192.168.5.30" on
 * the way to "192.168.5.300") leave nothing behind either: no undo step
 * that brings one back, and a document as unmodified as before. Slow
 * typing is each keystroke an undo step of its own: merge window 0. */
START_TEST (test_invalid_field_leaves_no_history)
{
  XnWindow *window = open_demo ("a-simple-policy.xml");
  XnDocument *doc = xn_window_get_document (window);
  XnCommandStack *stack = xn_document_get_stack (doc);
  XnPolicy *policy = xn_document_get_policy (doc);
  XnObject *domain = xn_policy_lookup (policy, "1f039578-f38b-52b6-b0f1-05c2e4ed2cf6");
  XnObject *vif = xn_policy_lookup (policy, "4f3e42a4-3a52-5561-b5a9-8e160ce84b20");
  const char *typed[] = { "192.168.5.3", "192.168.5.30", "192.168.5.300" };
  g_autofree char *ip = NULL;
  GtkWidget *field;
  guint n_undo;

  ck_assert_ptr_nonnull (vif);
  xn_command_stack_set_merge_window (stack, 0);
  /* An earlier edit, so there is something to undo that is not ours. */
  activate (window, "add-tag", NULL);
  n_undo = xn_command_stack_get_n_undo (stack);
  xn_command_stack_set_unmodified (stack);
  xn_window_select_object (window, domain);
  field = xn_editor_find_field (xn_window_get_editor (window), "4f3e42a4-3a52-5561-b5a9-8e160ce84b20:ip");
  ck_assert_ptr_nonnull (field);
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    gtk_editable_set_text (GTK_EDITABLE (field), typed[i]);
  spin ();
  ck_assert (gtk_widget_has_css_class (field, "error"));
  ck_assert_str_eq (gtk_editable_get_text (GTK_EDITABLE (field)), "192.168.5.300");
  g_object_get (vif, "ip", &ip, NULL);
  ck_assert_str_eq (ip, "192.168.5.101");
  g_clear_pointer (&ip, g_free);
  ck_assert_msg (xn_command_stack_get_n_undo (stack) == n_undo,
                 "the prefixes left %u undo steps", xn_command_stack_get_n_undo (stack) - n_undo);
  ck_assert_msg (!xn_document_get_modified (doc), "an edit that changed nothing left the policy modified");
  ck_assert_msg (!xn_command_stack_get_can_redo (stack), "Redo would bring a prefix back");

  /* Undo undoes the edit before, never a prefix. */
  activate (window, "undo", NULL);
  spin ();
  g_object_get (vif, "ip", &ip, NULL);
  ck_assert_str_eq (ip, "192.168.5.101");
  ck_assert_uint_eq (xn_command_stack_get_n_undo (stack), n_undo - 1);
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* The log's count line is plural by the count: "0 of 1 violation shown",
 * not "0 of 1 violations". */
START_TEST (test_violation_count_plural)
{
  GtkWidget *view = g_object_ref_sink (xn_violations_view_new ());
  g_autoptr(XnViolationModel) rows = xn_violation_model_new ();
  GVariantBuilder b;

  g_variant_builder_init (&b, G_VARIANT_TYPE ("a(txssutsssb)"));
  g_variant_builder_add (&b, "(txssutsssb)", (guint64) 1, (gint64) 1000 * G_USEC_PER_SEC, "uuid-a", "user_vm_1",
                         (guint32) 17, (guint64) 1, "hypercall violation", "xen_version", "", FALSE);
  xn_violations_view_set_rows (XN_VIOLATIONS_VIEW (view), rows);
  xn_violation_model_append (rows, g_variant_builder_end (&b), NULL);
  xn_violations_view_set_filter (XN_VIOLATIONS_VIEW (view), "no-such-domain", NULL);
  ck_assert_uint_eq (g_list_model_get_n_items (xn_violations_view_get_shown (XN_VIOLATIONS_VIEW (view))), 0);
  ck_assert_msg (find_text_containing (view, "0 of 1 violation shown") != NULL, "no \"0 of 1 violation shown\"%s",
                 find_text_containing (view, "of 1 violations") ? ": says \"of 1 violations\"" : "");
  {
    GtkWidget *window = gtk_window_new ();

    gtk_window_set_default_size (GTK_WINDOW (window), 900, 500);
    gtk_window_set_child (GTK_WINDOW (window), view);
    gtk_window_present (GTK_WINDOW (window));
    screenshot (window, "screenshot-violation-count.png");
    gtk_window_destroy (GTK_WINDOW (window));
  }
  g_object_unref (view);
}
END_TEST

static GtkWidget *
find_type_under (GtkWidget *root,
                 GType      type)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        return c;
      if ((found = find_type_under (c, type)) != NULL)
        return found;
    }
  return NULL;
}

/* A filter or an order changes the rows shown in place where it can
 * (xn-violations-table.c): the row widgets on screen must say the new
 * rows, not the ones they were bound to. */
START_TEST (test_violations_redrawn_in_place)
{
  static const char *const domains[] = { "user_vm_1", "user_vm_2", "firewall" };
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = xn_violations_view_new ();
  g_autoptr(XnViolationModel) rows = xn_violation_model_new ();
  XnViolationsTable *table;
  GVariantBuilder b;

  g_variant_builder_init (&b, G_VARIANT_TYPE ("a(txssutsssb)"));
  for (guint i = 0; i < 300; i++)
    g_variant_builder_add (&b, "(txssutsssb)", (guint64) i + 1, (gint64) (1000 + i) * G_USEC_PER_SEC, "uuid-a",
                           domains[i % 3], (guint32) 17, (guint64) 1, "hypercall violation", "xen_version", "",
                           FALSE);
  xn_violations_view_set_rows (XN_VIOLATIONS_VIEW (view), rows);
  xn_violation_model_append (rows, g_variant_builder_end (&b), NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 500);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  wait_ms (300);
  table = XN_VIOLATIONS_TABLE (find_type_under (view, XN_TYPE_VIOLATIONS_TABLE));

  xn_violations_view_set_filter (XN_VIOLATIONS_VIEW (view), "user_vm_2", NULL);
  wait_ms (300);
  {
    g_auto(GStrv) drawn = xn_violations_table_dup_drawn (table);

    ck_assert_uint_gt (g_strv_length (drawn), 5);
    for (guint i = 0; drawn[i] != NULL; i++)
      ck_assert_msg (strstr (drawn[i], "user_vm_2") != NULL, "row %u still says: %s", i, drawn[i]);
  }
  /* Newest first: the top row drawn is the last one read. */
  xn_violations_view_set_filter (XN_VIOLATIONS_VIEW (view), NULL, NULL);
  xn_violations_table_sort_by (table, "time", TRUE);
  wait_ms (300);
  {
    g_auto(GStrv) drawn = xn_violations_table_dup_drawn (table);
    g_autoptr(XnLiveRow) top = g_list_model_get_item (xn_violations_view_get_shown (XN_VIOLATIONS_VIEW (view)), 0);

    ck_assert_uint_eq ((guint64) xn_live_row_get_number (top, "seq"), 300);
    ck_assert_msg (drawn[0] != NULL && strstr (drawn[0], domains[299 % 3]) != NULL, "the top row says: %s",
                   drawn[0] ? drawn[0] : "(none)");
    ck_assert_msg (strstr (drawn[1], domains[298 % 3]) != NULL, "the second row says: %s", drawn[1]);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* Delete (not Ctrl+Delete) deletes the item selected in the tree. */
START_TEST (test_delete_key)
{
  XnWindow *window = open_demo ("a-simple-policy.xml");
  XnPolicy *policy = xn_document_get_policy (xn_window_get_document (window));
  guint n;

  activate (window, "add-tag", NULL);
  n = xn_object_list_get_n_items (xn_policy_get_tags (policy));
  ck_assert_msg (press_bound_key (GTK_WIDGET (xn_window_get_tree (window)), GDK_KEY_Delete),
                 "Delete does nothing in the policy tree");
  spin ();
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_policy_get_tags (policy)), n - 1);
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* Dialogs answer Enter (the default button, from a field) and Escape. */
START_TEST (test_dialog_keys)
{
  XnWindow *window = open_demo ("a-simple-policy.xml");
  const char *actions[] = { "add-enclave", "add-service-vms" };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      GType type = i == 0 ? XN_TYPE_ADD_DIALOG : XN_TYPE_SERVICE_VM_DIALOG;
      GtkWindow *dialog;
      GtkWidget *entry;

      activate (window, actions[i], i == 0 ? NULL : g_variant_new_string ("network"));
      dialog = find_toplevel (type);
      ck_assert_ptr_nonnull (dialog);
      ck_assert_ptr_nonnull (gtk_window_get_default_widget (dialog));
      entry = find_type_under (GTK_WIDGET (dialog), GTK_TYPE_ENTRY);
      ck_assert_ptr_nonnull (entry);
      ck_assert_msg (gtk_entry_get_activates_default (GTK_ENTRY (entry)), "Enter in %s's fields does nothing",
                     actions[i]);
      ck_assert_msg (press_bound_key (GTK_WIDGET (dialog), GDK_KEY_Escape), "Escape does nothing in %s",
                     actions[i]);
      spin ();
      ck_assert_msg (find_toplevel (type) == NULL, "Escape left %s open", actions[i]);
    }
  /* Apply to Hosts: Enter runs the step it can (the dry run first). */
  {
    g_autoptr(GListStore) hosts = g_list_store_new (G_TYPE_OBJECT);
    XnPushDialog *push = xn_push_dialog_new (GTK_WINDOW (window), xn_window_get_document (window),
                                             G_LIST_MODEL (hosts));

    gtk_window_present (GTK_WINDOW (push));
    spin ();
    ck_assert_msg (gtk_window_get_default_widget (GTK_WINDOW (push)) != NULL, "Enter does nothing in Apply to Hosts");
    ck_assert_str_eq (gtk_button_get_label (GTK_BUTTON (gtk_window_get_default_widget (GTK_WINDOW (push)))),
                      "_Dry run");
    ck_assert_msg (press_bound_key (GTK_WIDGET (push), GDK_KEY_Escape), "Escape does nothing in Apply to Hosts");
    spin ();
    ck_assert (find_toplevel (XN_TYPE_PUSH_DIALOG) == NULL);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* The wizard's bridge name reads as the enclave's: "hr-br" for
 * human_resources, not the cut "human_resoubr"; a short name is kept,
 * and a single word that fits an interface name is never cut
 * ("entertainment", not "entertainm-br"). */
START_TEST (test_wizard_bridge_name)
{
  XnWindow *window = open_demo ("xenon-enterprise-demo.xml");
  XnHost *host = xn_document_get_host (xn_window_get_document (window));
  /* enclave, renamed to (or NULL), the bridge offered */
  const char *const cases[][3] = {
    { "human_resources", NULL, "hr-br" }, { "security", NULL, "security-br" },
    { "entertainment", NULL, "entertainment" }, { "security", "administrations", "admnstrtns" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      XnEnclave *enclave = xn_host_find_enclave_by_name (host, cases[c][0]);
      XnServiceVmDialog *dialog;
      XnDomain *made;
      XnNetSwitch *sw = NULL;

      ck_assert_ptr_nonnull (enclave);
      if (cases[c][1] != NULL)
        ck_assert (xn_document_set_string (xn_window_get_document (window), enclave, "name", cases[c][1], NULL));
      xn_window_select_object (window, XN_OBJECT (enclave));
      activate (window, "add-service-vms", g_variant_new_string ("network"));
      dialog = XN_SERVICE_VM_DIALOG (find_toplevel (XN_TYPE_SERVICE_VM_DIALOG));
      ck_assert_ptr_nonnull (dialog);
      if (c == 2)
        screenshot (GTK_WIDGET (dialog), "screenshot-wizard-entertainment.png");
      made = xn_service_vm_dialog_accept (dialog);
      ck_assert_msg (made != NULL, "%s", xn_service_vm_dialog_get_problem (dialog));
      for (guint i = 0; i < xn_object_list_get_n_items (xn_host_get_net_switches (host)); i++)
        if (g_strcmp0 (xn_net_switch_get_driver_domain_uuid (xn_object_list_get (xn_host_get_net_switches (host), i)),
                       xn_object_get_uuid (XN_OBJECT (made))) == 0)
          sw = xn_object_list_get (xn_host_get_net_switches (host), i);
      ck_assert_ptr_nonnull (sw);
      ck_assert_str_eq (xn_object_get_name (XN_OBJECT (sw)), cases[c][2]);
      ck_assert (xn_net_switch_name_is_valid (xn_object_get_name (XN_OBJECT (sw))));
      if (find_toplevel (XN_TYPE_SERVICE_VM_DIALOG) != NULL)
        gtk_window_destroy (find_toplevel (XN_TYPE_SERVICE_VM_DIALOG));
      spin ();
    }
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* Moves the focus as Tab does (GtkWindow's Tab binding calls
 * gtk_widget_child_focus) until @pred holds; FALSE if the cycle ends. */
static gboolean
tab_until (XnWindow *window,
           gboolean (*pred) (GtkWidget *focus, gpointer data),
           gpointer  data)
{
  for (int i = 0; i < 300; i++)
    {
      GtkWidget *focus;

      if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
        gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD);   /* wrap */
      focus = gtk_root_get_focus (GTK_ROOT (window));
      if (focus != NULL && pred (focus, data))
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_inside (GtkWidget *focus,
           gpointer   ancestor)
{
  return gtk_widget_is_ancestor (focus, ancestor);
}

static gboolean
is_action_button (GtkWidget *focus,
                  gpointer   action)
{
  return GTK_IS_BUTTON (focus)
         && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (focus)), action) == 0;
}

START_TEST (test_keyboard_only)
{
  g_autoptr(XnDocument) empty = xn_document_new_from_template ();
  XnWindow *window = xn_window_new (NULL);
  XnPolicy *policy = xn_document_get_policy (empty);
  XnEditor *editor = xn_window_get_editor (window);
  g_autofree char *name_key = NULL;
  GtkWidget *name, *focus, *add;
  XnObject *tag;

  xn_window_set_document (window, empty);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 760);
  gtk_window_present (GTK_WINDOW (window));
  wait_ms (200);

  /* Tab reaches the policy tree and the header bar's Add menu. */
  ck_assert_msg (tab_until (window, is_inside, xn_window_get_tree (window)), "Tab never reaches the tree");
  add = find_tooltip (gtk_window_get_titlebar (GTK_WINDOW (window)), "Add a tag, a domain, an enclave…");
  ck_assert_ptr_nonnull (add);
  ck_assert_msg (tab_until (window, is_inside, add), "Tab never reaches the Add menu");

  /* Enter/Space opens the menu; its first item adds a tag, selected in
   * the editor. */
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_policy_get_tags (policy)), 0);
  gtk_widget_activate (gtk_root_get_focus (GTK_ROOT (window)));
  {
    GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (add));
    GtkWidget *item;

    /* A keyboard-activated button clicks 250 ms later. */
    for (int i = 0; i < 40 && !gtk_widget_get_visible (GTK_WIDGET (popover)); i++)
      wait_ms (50);
    ck_assert_msg (popover != NULL && gtk_widget_get_visible (GTK_WIDGET (popover)), "the Add menu did not open");
    item = find_menu_item (GTK_WIDGET (popover), "Add tag");
    ck_assert_msg (item != NULL, "the Add menu has no Add tag");
    ck_assert (gtk_widget_grab_focus (item));
    ck_assert (gtk_widget_activate (item));
  }
  /* A keyboard-activated button clicks 250 ms later. */
  for (int i = 0; i < 100 && xn_object_list_get_n_items (xn_policy_get_tags (policy)) == 0; i++)
    wait_ms (50);
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_policy_get_tags (policy)), 1);
  tag = xn_object_list_get (xn_policy_get_tags (policy), 0);
  name_key = g_strdup_printf ("%s:name", xn_object_get_uuid (tag));
  name = xn_editor_find_field (editor, name_key);
  ck_assert_ptr_nonnull (name);

  /* Tab on into the editor's Name field and type there. */
  ck_assert_msg (tab_until (window, is_inside, editor), "Tab never reaches the editor");
  ck_assert_msg (tab_until (window, is_inside, name) || gtk_root_get_focus (GTK_ROOT (window)) == name,
                 "Tab never reaches the Name field");
  focus = gtk_root_get_focus (GTK_ROOT (window));
  ck_assert (GTK_IS_EDITABLE (focus));
  gtk_editable_set_text (GTK_EDITABLE (focus), "Enclave A");
  spin ();
  ck_assert_str_eq (xn_object_get_name (tag), "Enclave A");

  /* Ctrl+Z's action, reached from the keyboard through the Undo button. */
  ck_assert_msg (tab_until (window, is_action_button, "win.undo"), "Tab never reaches Undo");
  gtk_widget_activate (gtk_root_get_focus (GTK_ROOT (window)));
  for (int i = 0; i < 100 && g_strcmp0 (xn_object_get_name (tag), "Enclave A") == 0; i++)
    wait_ms (50);
  ck_assert_str_ne (xn_object_get_name (tag), "Enclave A");
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* The window's commands are actions of the window: Undo and Redo follow
 * the document's history, Delete follows the selection, and the keys
 * bound on the window reach them, from the tree and from a form field
 * (whose own text history must not take Ctrl+Z). */
START_TEST (test_window_actions)
{
  XnWindow *window = open_demo ("a-simple-policy.xml");
  XnDocument *doc = xn_window_get_document (window);
  XnPolicy *policy = xn_document_get_policy (doc);
  XnHost *host = xn_document_get_host (doc);
  GtkWidget *tree = GTK_WIDGET (xn_window_get_tree (window));
  guint n = xn_object_list_get_n_items (xn_policy_get_tags (policy));
  XnObject *tag = xn_object_list_get (xn_policy_get_tags (policy), 0);
  g_autofree char *old_name = g_strdup (xn_object_get_name (tag));
  g_autofree char *key = g_strdup_printf ("%s:name", xn_object_get_uuid (tag));
  GtkWidget *field, *text;
  int pos;

  ck_assert (!action_enabled (window, "win.undo"));
  ck_assert (!action_enabled (window, "win.redo"));
  ck_assert (!action_enabled (window, "win.delete"));

  activate (window, "add-tag", NULL);
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_policy_get_tags (policy)), n + 1);
  ck_assert (action_enabled (window, "win.undo"));
  ck_assert (!action_enabled (window, "win.redo"));

  /* Ctrl+Z in the tree: the window's binding undoes. */
  ck_assert_msg (press_key_at (tree, GDK_KEY_z, GDK_CONTROL_MASK), "Ctrl+Z does nothing");
  spin ();
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_policy_get_tags (policy)), n);
  ck_assert (!action_enabled (window, "win.undo"));
  ck_assert (action_enabled (window, "win.redo"));
  /* Nothing left to undo: the key finds no enabled action. */
  ck_assert (!press_key_at (tree, GDK_KEY_z, GDK_CONTROL_MASK));
  ck_assert_msg (press_key_at (tree, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK), "Ctrl+Shift+Z does nothing");
  spin ();
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_policy_get_tags (policy)), n + 1);
  ck_assert (action_enabled (window, "win.undo"));
  ck_assert (!action_enabled (window, "win.redo"));

  /* Delete: an item of the policy, not the host nor Domain-0. */
  xn_window_select_object (window, tag);
  spin ();
  ck_assert (action_enabled (window, "win.delete"));
  xn_window_select_object (window, XN_OBJECT (host));
  spin ();
  ck_assert (!action_enabled (window, "win.delete"));
  xn_window_select_object (window, XN_OBJECT (xn_host_get_domain0 (host)));
  spin ();
  ck_assert (!action_enabled (window, "win.delete"));

  /* Typed into the tag's Name field, Ctrl+Z there undoes the document. */
  xn_window_select_object (window, tag);
  spin ();
  field = xn_editor_find_field (xn_window_get_editor (window), key);
  ck_assert_ptr_nonnull (field);
  text = find_type_under (field, GTK_TYPE_TEXT);
  ck_assert_ptr_nonnull (text);
  pos = -1;
  gtk_editable_insert_text (GTK_EDITABLE (field), "x", 1, &pos);
  spin ();
  ck_assert_str_ne (xn_object_get_name (tag), old_name);
  ck_assert_msg (press_key_at (text, GDK_KEY_z, GDK_CONTROL_MASK), "Ctrl+Z does nothing in a field");
  spin ();
  ck_assert_str_eq (xn_object_get_name (tag), old_name);
  ck_assert_str_eq (gtk_editable_get_text (GTK_EDITABLE (field)), old_name);
  {
    /* The heading followed the renames, space in the name and all. */
    g_autofree char *heading = g_strdup_printf ("Edit tag %s", old_name);
    GtkWidget *label = find_text_containing (GTK_WIDGET (xn_window_get_editor (window)), "Edit tag");

    ck_assert_ptr_nonnull (label);
    ck_assert_str_eq (gtk_label_get_text (GTK_LABEL (label)), heading);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* (nullable): the menu button under @root showing @icon */
static GtkMenuButton *
find_menu_button (GtkWidget  *root,
                  const char *icon)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkMenuButton *found;

      if (GTK_IS_MENU_BUTTON (c) && g_strcmp0 (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (c)), icon) == 0)
        return GTK_MENU_BUTTON (c);
      if ((found = find_menu_button (c, icon)) != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  GHashTable *listed;   /* the help overlay's keys */
  GHashTable *bound;    /* action → its first key */
  guint       n_bound;
} Keys;

/* Each key the window binds is in the help overlay; notes the first of
 * each action's. */
static gboolean
note_binding (GtkWidget       *widget,
              GtkShortcut     *shortcut,
              guint            keyval,
              GdkModifierType  mods,
              gpointer         data)
{
  Keys *keys = data;
  GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
  g_autofree char *key = gtk_accelerator_name (keyval, mods);
  const char *name;

  if (!GTK_IS_NAMED_ACTION (action))
    return FALSE;
  name = gtk_named_action_get_action_name (GTK_NAMED_ACTION (action));
  ck_assert_msg (g_hash_table_contains (keys->listed, key), "%s (%s) is not in the help overlay", key, name);
  if (!g_hash_table_contains (keys->bound, name))
    g_hash_table_insert (keys->bound, g_strdup (name), g_steal_pointer (&key));
  keys->n_bound++;
  return FALSE;
}

/* A window key is shown where the user looks for it: in the help
 * overlay, and beside its menu item. */
START_TEST (test_keys_listed)
{
  XnWindow *window = xn_window_new (NULL);
  g_autoptr(GtkBuilder) overlay = gtk_builder_new_from_resource ("/org/xenonvmm/Manager/gtk/help-overlay.ui");
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) bound = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GSList) objects = gtk_builder_get_objects (overlay);
  GMenuModel *menus[] = {
    gtk_menu_button_get_menu_model (xn_window_get_primary_menu (window)),
    gtk_menu_button_get_menu_model (find_menu_button (gtk_window_get_titlebar (GTK_WINDOW (window)),
                                                      "list-add-symbolic")),
  };
  Keys keys = { listed, bound, 0 };

  /* The overlay's keys, in GTK's spelling. */
  for (GSList *l = objects; l != NULL; l = l->next)
    {
      g_autofree char *accel = NULL;
      g_auto(GStrv) each = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;
      g_object_get (l->data, "accelerator", &accel, NULL);
      each = g_strsplit (accel ? accel : "", " ", -1);
      for (guint i = 0; each[i] != NULL; i++)
        {
          guint key;
          GdkModifierType mods;

          if (gtk_accelerator_parse (each[i], &key, &mods))
            g_hash_table_add (listed, gtk_accelerator_name (key, mods));
        }
    }
  foreach_key_shortcut (GTK_WIDGET (window), GTK_PHASE_NONE, note_binding, &keys);
  ck_assert_uint_ge (keys.n_bound, 20);

  for (guint m = 0; m < G_N_ELEMENTS (menus); m++)
    {
      ck_assert_ptr_nonnull (menus[m]);
      for (int i = 0; i < g_menu_model_get_n_items (menus[m]); i++)
        {
          GMenuModel *section = g_menu_model_get_item_link (menus[m], i, G_MENU_LINK_SECTION);

          for (int k = 0; section != NULL && k < g_menu_model_get_n_items (section); k++)
            {
              g_autofree char *action = NULL, *accel = NULL, *shown = NULL;
              const char *key;
              guint keyval = 0;
              GdkModifierType mods = 0;

              if (!g_menu_model_get_item_attribute (section, k, G_MENU_ATTRIBUTE_ACTION, "s", &action))
                continue;
              key = g_hash_table_lookup (bound, action);
              g_menu_model_get_item_attribute (section, k, "accel", "s", &accel);
              if (accel != NULL && gtk_accelerator_parse (accel, &keyval, &mods))
                shown = gtk_accelerator_name (keyval, mods);
              ck_assert_msg (g_strcmp0 (shown, key) == 0, "the menu item of %s shows %s, its key is %s",
                             action, shown ? shown : "no key", key ? key : "none");
            }
          g_clear_object (&section);
        }
    }
  gtk_window_destroy (GTK_WINDOW (gtk_builder_get_object (overlay, "help_overlay")));
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

static void
setup (void)
{
  gtk_init ();
  adw_init ();   /* the app is an AdwApplication: its stylesheet and widgets */
  /* A critical is a bug in the code under test. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

static Suite *
manager_suite (void)
{
  Suite *s = suite_create ("ui");
  TCase *tc = tcase_create ("manager");

  tcase_add_checked_fixture (tc, setup, NULL);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_title_and_tree);
  tcase_add_test (tc, test_switch_in_tree);
  tcase_add_test (tc, test_delete_key);
  tcase_add_test (tc, test_wizard_bridge_name);
  tcase_add_test (tc, test_dialog_keys);
  tcase_add_test (tc, test_add_tag_undo_redo);
  tcase_add_test (tc, test_service_vm_wizard);
  tcase_add_test (tc, test_editor_fields);
  tcase_add_test (tc, test_domain_lists);
  tcase_add_test (tc, test_may_run_on_field);
  tcase_add_test (tc, test_drop_hardware);
  tcase_add_test (tc, test_save_roundtrip_and_sign);
  tcase_add_test (tc, test_lint_jump_and_matrix);
  tcase_add_test (tc, test_accessible_names_and_screenshots);
  tcase_add_test (tc, test_async_load);
  tcase_add_test (tc, test_open_recent_menu);
  tcase_add_test (tc, test_fits_small_screen);
  tcase_add_test (tc, test_content_fits_narrowest_window);
  tcase_add_test (tc, test_wrap_box);
  tcase_add_test (tc, test_import_template_dialogs);
  tcase_add_test (tc, test_keyboard_only);
  tcase_add_test (tc, test_open_asks_before_discarding);
  tcase_add_test (tc, test_unsaved_offers_save);
  tcase_add_test (tc, test_open_from_live_mode);
  tcase_add_test (tc, test_mode_switch_while_loading);
  tcase_add_test (tc, test_header_bar);
  tcase_add_test (tc, test_toasts);
  tcase_add_test (tc, test_confirmation_dialog);
  tcase_add_test (tc, test_window_brings_style);
  tcase_add_test (tc, test_invalid_field_never_saved);
  tcase_add_test (tc, test_invalid_field_leaves_no_history);
  tcase_add_test (tc, test_violation_count_plural);
  tcase_add_test (tc, test_violations_redrawn_in_place);
  tcase_add_test (tc, test_window_actions);
  tcase_add_test (tc, test_keys_listed);
  suite_add_tcase (s, tc);
  /* A case of its own: CK_RUN_CASE=graph runs these alone. */
  tc = tcase_create ("graph");
  tcase_add_checked_fixture (tc, setup, NULL);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_graph_draws_off_main_thread);
  tcase_add_test (tc, test_graph_hover_paints_only_readout);
  suite_add_tcase (s, tc);
  return s;
}

XN_TEST_MAIN (manager_suite)
