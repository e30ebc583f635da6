/* test-copy.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Deep copy and per-host extract. */

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

START_TEST (test_copy_is_deep_and_equal)
{
  g_autoptr(XnPolicy) a = load_fixture ("a-simple-policy.xml");
  g_autoptr(XnPolicy) b = XN_POLICY (xn_object_copy (XN_OBJECT (a), XN_COPY_DEFAULT));
  g_autofree char *ta = saved (a);
  g_autofree char *tb = saved (b);
  XnHost *host_a = xn_object_list_get (xn_policy_get_hosts (a), 0);
  XnHost *host_b = xn_object_list_get (xn_policy_get_hosts (b), 0);

  /* Same document, byte for byte, with its own objects and index. */
  ck_assert_str_eq (ta, tb);
  ck_assert_uint_eq (xn_policy_get_n_objects (a), xn_policy_get_n_objects (b));
  ck_assert_ptr_ne (host_a, host_b);
  ck_assert_str_eq (xn_object_get_uuid (XN_OBJECT (host_a)), xn_object_get_uuid (XN_OBJECT (host_b)));
  ck_assert_ptr_eq (xn_policy_lookup (b, xn_object_get_uuid (XN_OBJECT (host_a))), host_b);

  /* Changing the copy leaves the source alone. */
  xn_host_set_address (host_b, "10.9.9.9");
  ck_assert_str_eq (xn_host_get_address (host_a), "10.0.2.107");
}
END_TEST

START_TEST (test_copy_new_uuids_remaps_inside)
{
  g_autoptr(XnPolicy) a = load_fixture ("a-simple-policy.xml");
  XnHost *host = xn_object_list_get (xn_policy_get_hosts (a), 0);
  XnEnclave *enclave = xn_host_find_enclave_by_name (host, "Enclave B");
  XnDomain *netdom = xn_host_find_domain_by_name (host, "EBNetDom1");
  XnDeviceRef *dref = xn_object_list_get (xn_domain_get_pci_devices (netdom), 0);
  g_autoptr(XnObject) copy = NULL;
  XnDomain *netdom_copy;
  XnDeviceRef *dref_copy;

  ck_assert_ptr_nonnull (enclave);
  ck_assert_ptr_nonnull (dref);

  /* A domain that names an object inside its own subtree: only a VIF's
   * switch, a disk's location and device refs point out. Copy the whole
   * host instead: its switch and devices are inside it. */
  copy = xn_object_copy (XN_OBJECT (host), XN_COPY_NEW_UUIDS);
  ck_assert_ptr_null (xn_object_get_parent (copy));
  ck_assert_str_ne (xn_object_get_uuid (copy), xn_object_get_uuid (XN_OBJECT (host)));

  netdom_copy = xn_host_find_domain_by_name (XN_HOST (copy), "EBNetDom1");
  ck_assert_ptr_nonnull (netdom_copy);
  ck_assert_str_ne (xn_object_get_uuid (XN_OBJECT (netdom_copy)), xn_object_get_uuid (XN_OBJECT (netdom)));
  dref_copy = xn_object_list_get (xn_domain_get_pci_devices (netdom_copy), 0);

  /* The device is inside the copied host: the reference follows it. */
  {
    XnDevice *dev = XN_DEVICE (xn_object_list_lookup_uuid (xn_host_get_hardware (XN_HOST (copy)),
                                                           xn_device_ref_get_device_uuid (dref_copy)));

    ck_assert_ptr_nonnull (dev);
    ck_assert_str_eq (xn_device_get_bdf (dev),
                      xn_device_get_bdf (xn_device_ref_get_device (dref)));
  }

  /* The security label is outside (enterprise): the reference stays. */
  ck_assert_str_eq (xn_domain_get_sec_label_uuid (netdom_copy), xn_domain_get_sec_label_uuid (netdom));

  /* Every object of the copy is new: none of its UUIDs is in the source. */
  {
    g_autoptr(XnPolicy) holder = xn_policy_new ();

    xn_object_list_append (xn_policy_get_hosts (holder), copy);
    ck_assert_uint_gt (xn_policy_get_n_objects (holder), 20);
    for (XnObject *o = XN_OBJECT (netdom_copy); o != NULL; o = xn_object_get_parent (o))
      if (xn_object_get_parent (o) != NULL)
        ck_assert_ptr_null (xn_policy_lookup (a, xn_object_get_uuid (o)));
    xn_object_list_remove (xn_policy_get_hosts (holder), 0);
  }
}
END_TEST

START_TEST (test_extract_host)
{
  g_autoptr(XnPolicy) a = load_fixture ("xenon-enterprise-demo.xml");
  g_autoptr(XnHost) other = xn_host_new ();
  g_autoptr(XnPolicy) x = NULL;
  g_autoptr(GError) error = NULL;
  XnHost *host;
  g_autoptr(GPtrArray) domains = NULL;

  xn_object_set_name (XN_OBJECT (other), "otherhost");
  xn_host_set_address (other, "10.1.1.1");
  xn_object_list_append (xn_policy_get_hosts (a), XN_OBJECT (other));

  x = xn_policy_extract_host (a, "localhost", &error);
  ck_assert_msg (x != NULL, "%s", error ? error->message : "?");
  ck_assert_str_eq (xn_object_get_uuid (XN_OBJECT (x)), xn_object_get_uuid (XN_OBJECT (a)));
  ck_assert_str_eq (xn_object_get_name (XN_OBJECT (x)), xn_object_get_name (XN_OBJECT (a)));
  ck_assert_uint_eq (xn_policy_get_serial (x), xn_policy_get_serial (a));
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_policy_get_hosts (x)), 1);
  ck_assert_ptr_null (xn_policy_find_host_by_name (x, "otherhost"));
  ck_assert_ptr_null (xn_policy_lookup (x, xn_object_get_uuid (XN_OBJECT (other))));
  /* The whole enterprise part stays (anti-rollback). */
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_policy_get_tags (x)),
                     xn_object_list_get_n_items (xn_policy_get_tags (a)));
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_policy_get_profiles (x)),
                     xn_object_list_get_n_items (xn_policy_get_profiles (a)));

  /* References intact: every domain's label, enclave tag and VIF switch
   * resolve in the extract. */
  host = xn_policy_find_host_by_name (x, "localhost");
  domains = xn_host_dup_domains (host);
  for (guint i = 0; i < domains->len; i++)
    {
      XnDomain *d = g_ptr_array_index (domains, i);
      XnObjectList *vifs = xn_domain_get_vifs (d);

      if (xn_domain_get_sec_label_uuid (d) != NULL)
        ck_assert_ptr_nonnull (xn_domain_get_sec_label (d));
      if (xn_domain_get_enclave (d) != NULL)
        ck_assert_ptr_nonnull (xn_enclave_get_tag (xn_domain_get_enclave (d)));
      for (guint v = 0; v < xn_object_list_get_n_items (vifs); v++)
        ck_assert_ptr_nonnull (xn_vif_get_net_switch (xn_object_list_get (vifs, v)));
    }

  /* The source is untouched. */
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_policy_get_hosts (a)), 2);
}
END_TEST

START_TEST (test_extract_unknown_host)
{
  g_autoptr(XnPolicy) a = load_fixture ("xenon-enterprise-demo.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(XnPolicy) x = xn_policy_extract_host (a, "nowhere", &error);

  ck_assert_ptr_null (x);
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND));
  ck_assert_msg (strstr (error->message, "nowhere") != NULL, "%s", error->message);
}
END_TEST

static Suite *
copy_suite (void)
{
  Suite *s = suite_create ("copy");
  TCase *tc = tcase_create ("copy");

  tcase_add_test (tc, test_copy_is_deep_and_equal);
  tcase_add_test (tc, test_copy_new_uuids_remaps_inside);
  tcase_add_test (tc, test_extract_host);
  tcase_add_test (tc, test_extract_unknown_host);
  suite_add_tcase (s, tc);

  return s;
}

XN_TEST_MAIN (copy_suite)
