/* test-template.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Template export and import. */

#include "config.h"

#include <string.h>

#include "xenon-model.h"
#include "xn-test.h"

static XnPolicy *
load_fixture (const char *name)
{
  g_autofree char *path = xn_test_data_path (name);
  g_autoptr(GError) error = NULL;
  XnPolicy *policy = xn_policy_load_file (path, &error);

  ck_assert_msg (policy != NULL, "%s: %s", name, error ? error->message : "?");
  return policy;
}

static char *
saved (XnPolicy *policy)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = xn_policy_save_to_bytes (policy, &error);

  ck_assert_msg (bytes != NULL, "%s", error ? error->message : "?");
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
collect_cb (XnObjectList *list,
            gpointer      user_data)
{
  guint n = xn_object_list_get_n_items (list);

  for (guint i = 0; i < n; i++)
    {
      XnObject *o = xn_object_list_get (list, i);

      g_ptr_array_add (user_data, o);
      xn_object_foreach_list (o, collect_cb, user_data);
    }
}

static GPtrArray *
all_objects (XnPolicy *policy)
{
  GPtrArray *all = g_ptr_array_new ();

  xn_object_foreach_list (XN_OBJECT (policy), collect_cb, all);
  return all;
}

/* Every reference of @policy resolves inside it. */
static void
assert_no_dangling (XnPolicy *policy)
{
  g_autoptr(GPtrArray) all = all_objects (policy);

  for (guint i = 0; i < all->len; i++)
    {
      XnObject *o = g_ptr_array_index (all, i);
      guint n = 0;
      g_autofree GParamSpec **pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (o), &n);

      for (guint p = 0; p < n; p++)
        {
          g_autofree char *uuid = NULL;

          if (!xn_object_property_is_reference (pspecs[p]))
            continue;
          g_object_get (o, pspecs[p]->name, &uuid, NULL);
          if (uuid != NULL)
            {
              g_autofree char *path = xn_object_dup_path (o);

              ck_assert_msg (xn_policy_lookup (policy, uuid) != NULL,
                             "%s: %s {%s} dangles", path, pspecs[p]->name, uuid);
            }
        }
    }
}

static XnPolicy *
export_ok (XnPolicy *policy)
{
  g_autoptr(GError) error = NULL;
  XnPolicy *tpl = xn_template_export (policy, &error);

  ck_assert_msg (tpl != NULL, "%s", error ? error->message : "?");
  return tpl;
}

START_TEST (test_export_strips_host_parts)
{
  const char *fixtures[] = { "xenon-enterprise-demo.xml", "a-simple-policy.xml" };
  g_autoptr(XnPolicy) policy = load_fixture (fixtures[_i]);
  XnHost *host = xn_object_list_get (xn_policy_get_hosts (policy), 0);
  g_autoptr(GPtrArray) secrets = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) all = all_objects (policy);
  g_autoptr(XnPolicy) tpl = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(XnPolicy) reloaded = NULL;

  xn_host_set_host_key (host, "SHA256:Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHE");
  g_ptr_array_add (secrets, g_strdup (xn_host_get_host_key (host)));
  /* The simple policy names its host by its address; the name stays. */
  if (g_strcmp0 (xn_host_get_address (host), xn_object_get_name (XN_OBJECT (host))) != 0)
    g_ptr_array_add (secrets, g_strdup_printf ("\"%s\"", xn_host_get_address (host)));
  for (guint i = 0; i < all->len; i++)
    {
      gpointer o = g_ptr_array_index (all, i);

      if (XN_IS_DEVICE (o))
        {
          g_ptr_array_add (secrets, g_strdup (xn_device_get_bdf (o)));
          if (xn_device_get_mac (o) != NULL)
            g_ptr_array_add (secrets, g_strdup (xn_device_get_mac (o)));
          if (xn_device_get_ifname (o) != NULL)
            g_ptr_array_add (secrets, g_strdup_printf ("\"%s\"", xn_device_get_ifname (o)));
        }
      else if (XN_IS_VIF (o))
        g_ptr_array_add (secrets, g_strdup (xn_vif_get_mac (o)));
    }
  ck_assert_uint_gt (secrets->len, 5);

  tpl = export_ok (policy);
  text = saved (tpl);
  for (guint i = 0; i < secrets->len; i++)
    ck_assert_msg (strstr (text, g_ptr_array_index (secrets, i)) == NULL,
                   "%s still in the template", (char *) g_ptr_array_index (secrets, i));
  ck_assert (strstr (text, "vendorId") == NULL);
  ck_assert (strstr (text, "deviceId") == NULL);
  ck_assert (strstr (text, "hostKey") == NULL);
  ck_assert (strstr (text, "address=\"" XN_TEMPLATE_HOST_ADDRESS "\"") != NULL);
  ck_assert (strstr (text, "bdf=\"ffff:00:00.0\"") != NULL);

  /* Still a valid document: the schema accepts it. */
  bytes = g_bytes_new (text, strlen (text));
  reloaded = xn_policy_load_bytes (bytes, "template.xml", &error);
  ck_assert_msg (reloaded != NULL, "%s", error ? error->message : "?");

  /* The source is untouched. */
  ck_assert_str_eq (xn_host_get_host_key (host), g_ptr_array_index (secrets, 0));
}
END_TEST

START_TEST (test_import_into_empty)
{
  g_autoptr(XnPolicy) source = load_fixture ("a-simple-policy.xml");
  g_autoptr(XnPolicy) tpl = export_ok (source);
  g_autoptr(XnPolicy) target = xn_policy_new ();
  g_autoptr(XnTemplateReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GHashTable) macs = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *text = NULL;
  g_autofree char *sentences = NULL;
  XnHost *host;

  xn_object_set_name (XN_OBJECT (target), "empty");
  ck_assert_msg (xn_template_import (target, tpl, NULL, &report, &error), "%s",
                 error ? error->message : "?");
  all = all_objects (target);
  ck_assert_uint_eq (all->len, xn_policy_get_n_objects (source) - 6 /* devices */ - 3 /* refs */);

  /* Fresh UUIDs everywhere, no reference dangling. */
  for (guint i = 0; i < all->len; i++)
    ck_assert_ptr_null (xn_policy_lookup (source, xn_object_get_uuid (g_ptr_array_index (all, i))));
  assert_no_dangling (target);

  /* Fresh MACs in the Xen OUI, all different. */
  for (guint i = 0; i < all->len; i++)
    if (XN_IS_VIF (g_ptr_array_index (all, i)))
      {
        const char *mac = xn_vif_get_mac (g_ptr_array_index (all, i));

        ck_assert_msg (g_str_has_prefix (mac, "00:16:3e:"), "%s", mac);
        ck_assert_msg (!g_hash_table_contains (macs, mac), "%s twice", mac);
        g_hash_table_add (macs, (gpointer) mac);
      }
  ck_assert_uint_eq (g_hash_table_size (macs), 3);

  /* A new host: no hardware to bind the two referenced slots to. */
  host = xn_object_list_get (xn_policy_get_hosts (target), 0);
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_host_get_hardware (host)), 0);
  ck_assert_uint_eq (xn_template_report_count (report, XN_TEMPLATE_NOTE_UNBOUND), 2);
  ck_assert_uint_eq (xn_template_report_count (report, XN_TEMPLATE_NOTE_ADDRESS), 1);
  ck_assert_uint_eq (xn_template_report_count (report, XN_TEMPLATE_NOTE_RENAMED), 0);
  ck_assert_uint_eq (xn_template_report_count (report, XN_TEMPLATE_NOTE_REUSED), 0);
  sentences = xn_template_report_format (report);
  ck_assert_msg (strstr (sentences, "No free network device on host “10.0.2.107”") != NULL, "%s", sentences);
  ck_assert_msg (strstr (sentences, "Enclave “Enclave B”") != NULL, "%s", sentences);

  /* And it saves as a valid document. */
  text = saved (target);
  {
    g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
    g_autoptr(XnPolicy) again = xn_policy_load_bytes (bytes, "imported.xml", &error);

    ck_assert_msg (again != NULL, "%s", error ? error->message : "?");
  }
}
END_TEST

START_TEST (test_import_into_fixture_host)
{
  g_autoptr(XnPolicy) target = load_fixture ("a-simple-policy.xml");
  g_autoptr(XnPolicy) source = load_fixture ("a-simple-policy.xml");
  g_autoptr(XnPolicy) tpl = NULL;
  g_autoptr(XnTemplateReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sentences = NULL;
  XnHost *host = xn_object_list_get (xn_policy_get_hosts (target), 0);
  const char *host_name = xn_object_get_name (XN_OBJECT (host));
  guint n_tags = xn_object_list_get_n_items (xn_policy_get_tags (target));
  guint n_enclaves = xn_object_list_get_n_items (xn_host_get_enclaves (host));
  XnTag *changed;
  XnEnclave *copy_b;

  /* One tag differs from the target's: it must be renamed, not reused. */
  changed = xn_object_list_get (xn_policy_get_tags (source), 0);
  xn_tag_set_color (changed, "#123456");
  tpl = export_ok (source);

  ck_assert_msg (xn_template_import (target, tpl, host_name, &report, &error), "%s",
                 error ? error->message : "?");
  sentences = xn_template_report_format (report);
  assert_no_dangling (target);

  /* Identical tags reused, the changed one renamed and renumbered. */
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_policy_get_tags (target)), n_tags + 1);
  {
    g_autofree char *renamed = g_strdup_printf ("%s (2)", xn_object_get_name (XN_OBJECT (changed)));
    g_autofree char *sentence = g_strdup_printf ("Tag “%s” was renamed “%s”",
                                                 xn_object_get_name (XN_OBJECT (changed)), renamed);
    XnTag *t = xn_policy_find_tag_by_name (target, renamed);

    ck_assert_ptr_nonnull (t);
    ck_assert_str_eq (xn_tag_get_color (t), "#123456");
    ck_assert_ptr_eq (xn_policy_find_tag_by_id (target, xn_tag_get_id (t)), t);
    ck_assert_msg (strstr (sentences, sentence) != NULL, "%s", sentences);
  }
  ck_assert_uint_ge (xn_template_report_count (report, XN_TEMPLATE_NOTE_REUSED), n_tags - 1);
  ck_assert_uint_ge (xn_template_report_count (report, XN_TEMPLATE_NOTE_RENUMBERED), 1);

  /* Host parts joined the host, renamed visibly. */
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_host_get_enclaves (host)), 2 * n_enclaves);
  copy_b = xn_host_find_enclave_by_name (host, "Enclave B (2)");
  ck_assert_ptr_nonnull (copy_b);
  ck_assert_ptr_nonnull (xn_host_find_domain_by_name (host, "EBNetDom1 (2)"));
  ck_assert_msg (strstr (sentences, "Domain “EBNetDom1” was renamed “EBNetDom1 (2)”") != NULL, "%s", sentences);
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_host_get_root_domains (host)), 1);

  /* Slots re-bound by class to devices nobody used. */
  ck_assert_uint_eq (xn_template_report_count (report, XN_TEMPLATE_NOTE_REBOUND), 2);
  ck_assert_uint_eq (xn_template_report_count (report, XN_TEMPLATE_NOTE_UNBOUND), 0);
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_host_get_hardware (host)), 6);
  {
    XnObjectList *hw = xn_enclave_get_assigned_hardware (copy_b);
    XnEnclave *orig_b = xn_host_find_enclave_by_name (host, "Enclave B");
    XnObjectList *orig_hw = xn_enclave_get_assigned_hardware (orig_b);

    ck_assert_uint_eq (xn_object_list_get_n_items (hw), 2);
    for (guint i = 0; i < 2; i++)
      {
        XnDevice *d = xn_device_ref_get_device (xn_object_list_get (hw, i));

        ck_assert_ptr_nonnull (d);
        ck_assert_int_eq (xn_device_get_device_class (d), XN_DEVICE_CATEGORY_NETWORK);
        for (guint j = 0; j < xn_object_list_get_n_items (orig_hw); j++)
          ck_assert_ptr_ne (d, xn_device_ref_get_device (xn_object_list_get (orig_hw, j)));
      }
  }

  /* A second import: one free NIC is left for two slots. */
  g_clear_object (&report);
  ck_assert (xn_template_import (target, tpl, host_name, &report, &error));
  ck_assert_uint_eq (xn_template_report_count (report, XN_TEMPLATE_NOTE_REBOUND), 1);
  ck_assert_uint_eq (xn_template_report_count (report, XN_TEMPLATE_NOTE_UNBOUND), 1);
  ck_assert_ptr_nonnull (xn_host_find_enclave_by_name (host, "Enclave B (3)"));
  assert_no_dangling (target);
}
END_TEST

START_TEST (test_import_identical_enterprise_reused)
{
  g_autoptr(XnPolicy) target = load_fixture ("xenon-enterprise-demo.xml");
  g_autoptr(XnPolicy) tpl = export_ok (target);
  g_autoptr(XnTemplateReport) report = NULL;
  g_autoptr(GError) error = NULL;
  guint n_labels = xn_object_list_get_n_items (xn_policy_get_sec_labels (target));
  guint n_profiles = xn_object_list_get_n_items (xn_policy_get_profiles (target));
  XnHost *imported;
  g_autoptr(GPtrArray) domains = NULL;

  ck_assert (xn_template_import (target, tpl, NULL, &report, &error));
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_policy_get_sec_labels (target)), n_labels);
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_policy_get_profiles (target)), n_profiles);

  /* The new host's domains point at the existing labels. */
  imported = xn_policy_find_host_by_name (target, "localhost (2)");
  ck_assert_ptr_nonnull (imported);
  domains = xn_host_dup_domains (imported);
  for (guint i = 0; i < domains->len; i++)
    {
      XnDomain *d = g_ptr_array_index (domains, i);

      if (xn_domain_get_sec_label_uuid (d) != NULL)
        ck_assert_ptr_eq (xn_object_get_parent (XN_OBJECT (xn_domain_get_sec_label (d))), target);
    }
  assert_no_dangling (target);
}
END_TEST

START_TEST (test_import_all_or_nothing)
{
  g_autoptr(XnPolicy) target = load_fixture ("xenon-enterprise-demo.xml");
  g_autoptr(XnPolicy) source = load_fixture ("a-simple-policy.xml");
  g_autoptr(XnPolicy) tpl = export_ok (source);
  g_autofree char *before = saved (target);
  g_autoptr(GError) error = NULL;
  g_autoptr(XnTemplateReport) report = NULL;
  XnHost *host = xn_object_list_get (xn_policy_get_hosts (tpl), 0);
  g_autoptr(GPtrArray) domains = xn_host_dup_domains (host);
  g_autofree char *after = NULL;
  g_autofree char *bogus = g_uuid_string_random ();

  /* Unknown host. */
  ck_assert (!xn_template_import (target, tpl, "nowhere", &report, &error));
  ck_assert (g_error_matches (error, XN_TEMPLATE_ERROR, XN_TEMPLATE_ERROR_NO_SUCH_HOST));
  ck_assert_ptr_null (report);
  g_clear_error (&error);

  /* The last domain of the template names a label it lacks: nothing of
   * the (otherwise fine) template may land. */
  xn_domain_set_sec_label_uuid (g_ptr_array_index (domains, domains->len - 1), bogus);
  ck_assert (!xn_template_import (target, tpl, "localhost", &report, &error));
  ck_assert (g_error_matches (error, XN_TEMPLATE_ERROR, XN_TEMPLATE_ERROR_DANGLING));
  ck_assert_msg (strstr (error->message, bogus) != NULL, "%s", error->message);
  g_clear_error (&error);
  ck_assert (!xn_template_import (target, tpl, NULL, &report, &error));
  g_clear_error (&error);

  /* Two hosts cannot go into one. */
  xn_domain_set_sec_label_uuid (g_ptr_array_index (domains, domains->len - 1), NULL);
  {
    g_autoptr(XnHost) second = xn_host_new ();

    xn_object_set_name (XN_OBJECT (second), "second");
    xn_host_set_address (second, XN_TEMPLATE_HOST_ADDRESS);
    xn_object_list_append (xn_policy_get_hosts (tpl), XN_OBJECT (second));
  }
  ck_assert (!xn_template_import (target, tpl, "localhost", &report, &error));
  ck_assert (g_error_matches (error, XN_TEMPLATE_ERROR, XN_TEMPLATE_ERROR_AMBIGUOUS));
  g_clear_error (&error);

  ck_assert (!xn_template_import (target, target, NULL, &report, &error));
  g_clear_error (&error);

  after = saved (target);
  ck_assert_str_eq (before, after);
}
END_TEST

static Suite *
template_suite (void)
{
  Suite *s = suite_create ("template");
  TCase *tc = tcase_create ("template");

  tcase_add_loop_test (tc, test_export_strips_host_parts, 0, 2);
  tcase_add_test (tc, test_import_into_empty);
  tcase_add_test (tc, test_import_into_fixture_host);
  tcase_add_test (tc, test_import_identical_enterprise_reused);
  tcase_add_test (tc, test_import_all_or_nothing);
  suite_add_tcase (s, tc);

  return s;
}

XN_TEST_MAIN (template_suite)
