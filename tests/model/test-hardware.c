/* test-hardware.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* A host's hardware as the daemon reports it: what xn_device_to_vardict()
 * writes reads back the same, import adds by PCI address as one undoable
 * edit, and a list with one bad device is refused whole, naming it. */

#include "config.h"

#include <string.h>

#include "xenon-model.h"
#include "xn-test.h"

static XnPolicy *
load_demo (void)
{
  g_autofree char *path = xn_test_data_path ("xenon-enterprise-demo.xml");
  g_autoptr(GError) error = NULL;
  XnPolicy *policy = xn_policy_load_file (path, &error);

  ck_assert_msg (policy != NULL, "%s", error ? error->message : "?");
  return policy;
}

static GVariant *
host_hardware (XnHost *host)
{
  XnObjectList *hw = xn_host_get_hardware (host);
  GVariantBuilder b;

  g_variant_builder_init (&b, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < xn_object_list_get_n_items (hw); i++)
    g_variant_builder_add_value (&b, xn_device_to_vardict (xn_object_list_get (hw, i)));
  return g_variant_ref_sink (g_variant_builder_end (&b));
}

START_TEST (test_round_trip_and_import)
{
  g_autoptr(XnPolicy) demo = load_demo ();
  XnHost *from = xn_object_list_get (xn_policy_get_hosts (demo), 0);
  g_autoptr(GVariant) devices = host_hardware (from);
  g_autoptr(XnPolicy) empty = xn_policy_new ();
  g_autoptr(XnHost) host = xn_host_new ();
  g_autoptr(XnCommandStack) stack = xn_command_stack_new ();
  g_autoptr(GError) error = NULL;
  guint n = xn_object_list_get_n_items (xn_host_get_hardware (from));
  guint added = 99, known = 99;
  XnCommand *command;

  ck_assert_uint_gt (n, 2);
  xn_object_set_name (XN_OBJECT (host), "localhost");
  xn_object_list_append (xn_policy_get_hosts (empty), XN_OBJECT (host));

  command = xn_host_import_hardware (host, devices, &added, &known, &error);
  ck_assert_msg (command != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (added, n);
  ck_assert_uint_eq (known, 0);
  ck_assert (xn_command_stack_push (stack, command, &error));
  g_object_unref (command);
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_host_get_hardware (host)), n);
  for (guint i = 0; i < n; i++)
    {
      XnDevice *a = xn_object_list_get (xn_host_get_hardware (from), i);
      XnDevice *b = xn_object_list_get (xn_host_get_hardware (host), i);

      ck_assert_str_eq (xn_device_get_bdf (a), xn_device_get_bdf (b));
      ck_assert_int_eq (xn_device_get_device_class (a), xn_device_get_device_class (b));
      ck_assert_str_eq (xn_object_get_name (XN_OBJECT (a)), xn_object_get_name (XN_OBJECT (b)));
      ck_assert (g_strcmp0 (xn_device_get_mac (a), xn_device_get_mac (b)) == 0);
      ck_assert (g_strcmp0 (xn_device_get_ifname (a), xn_device_get_ifname (b)) == 0);
      ck_assert (g_strcmp0 (xn_device_get_vendor_id (a), xn_device_get_vendor_id (b)) == 0);
      /* A fresh identity: the document's, not the reporting host's. */
      ck_assert_str_ne (xn_object_get_uuid (XN_OBJECT (a)), xn_object_get_uuid (XN_OBJECT (b)));
    }

  /* The same list again: every device known, nothing added. */
  command = xn_host_import_hardware (host, devices, &added, &known, &error);
  ck_assert_ptr_nonnull (command);
  ck_assert_uint_eq (added, 0);
  ck_assert_uint_eq (known, n);
  g_object_unref (command);

  /* One undo step takes the import back. */
  ck_assert (xn_command_stack_undo (stack, &error));
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_host_get_hardware (host)), 0);
}
END_TEST

/* One bad entry among good ones: refused whole, with the device and the
 * field named. */
static void
assert_refused (const char *bad_key,
                const char *bad_value,
                const char *expect)
{
  g_autoptr(XnHost) host = xn_host_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) devices = NULL;
  GVariantBuilder b, d;
  XnCommand *command;

  g_variant_builder_init (&b, G_VARIANT_TYPE ("aa{sv}"));
  g_variant_builder_init (&d, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&d, "{sv}", "bdf", g_variant_new_string ("0000:02:00.0"));
  g_variant_builder_add (&d, "{sv}", "class", g_variant_new_string ("network"));
  g_variant_builder_add (&d, "{sv}", "mac", g_variant_new_string ("00:1b:21:3a:5c:10"));
  g_variant_builder_add_value (&b, g_variant_builder_end (&d));
  g_variant_builder_init (&d, G_VARIANT_TYPE_VARDICT);
  if (g_strcmp0 (bad_key, "bdf") != 0)
    g_variant_builder_add (&d, "{sv}", "bdf", g_variant_new_string ("0000:03:00.0"));
  if (g_strcmp0 (bad_key, "class") != 0)
    g_variant_builder_add (&d, "{sv}", "class", g_variant_new_string ("storage"));
  if (bad_key != NULL && bad_value != NULL)
    g_variant_builder_add (&d, "{sv}", bad_key, g_variant_new_string (bad_value));
  g_variant_builder_add_value (&b, g_variant_builder_end (&d));
  devices = g_variant_ref_sink (g_variant_builder_end (&b));

  command = xn_host_import_hardware (host, devices, NULL, NULL, &error);
  ck_assert_ptr_null (command);
  ck_assert_msg (g_error_matches (error, XN_HARDWARE_ERROR, XN_HARDWARE_ERROR_INVALID), "%s",
                 error ? error->message : "no error");
  ck_assert_msg (strstr (error->message, expect) != NULL, "“%s” lacks “%s”", error->message, expect);
  ck_assert_msg (strstr (error->message, "Device 2") != NULL, "%s", error->message);
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_host_get_hardware (host)), 0);
}

START_TEST (test_refused)
{
  assert_refused ("bdf", NULL, "no PCI address");
  assert_refused ("bdf", "0000:03:00.8", "0000:03:00.8");
  assert_refused ("bdf", "0000:3:00.0", "PCI address");
  assert_refused ("bdf", "0000:02:00.0", "repeats the PCI address 0000:02:00.0");
  assert_refused ("class", NULL, "class");
  assert_refused ("class", "gpu", "“gpu”");
  assert_refused ("vendor-id", "80861", "vendor id");
  assert_refused ("device-id", "XYZW", "device id");
  assert_refused ("mac", "00:1b:21:3a:5c", "MAC address");
  assert_refused ("mac", "00:1b:21:3a:5c:1g", "MAC address");
  {
    g_autofree char *long_name = g_strnfill (256, 'n');
    assert_refused ("name", long_name, "name");
  }

  {
    /* Not a list of dictionaries at all. */
    g_autoptr(XnHost) host = xn_host_new ();
    g_autoptr(GError) error = NULL;
    g_autoptr(GVariant) wrong = g_variant_ref_sink (g_variant_new_strv (NULL, 0));

    ck_assert_ptr_null (xn_host_import_hardware (host, wrong, NULL, NULL, &error));
    ck_assert (strstr (error->message, "aa{sv}") != NULL);
  }
}
END_TEST

static Suite *
hardware_suite (void)
{
  Suite *s = suite_create ("hardware");
  TCase *tc = tcase_create ("import");

  tcase_add_test (tc, test_round_trip_and_import);
  tcase_add_test (tc, test_refused);
  suite_add_tcase (s, tc);
  return s;
}

XN_TEST_MAIN (hardware_suite)
