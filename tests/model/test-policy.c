/* test-policy.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The document objects: building trees, the policy's index following
 * subtrees in and out, resolvers, notify-on-change and list positions. */

#include "config.h"

#include "xenon-model.h"
#include "xn-test.h"

static guint notify_count;

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  notify_count++;
}

static GString *changes;

static void
record_changes (GListModel *model,
                guint       position,
                guint       removed,
                guint       added,
                gpointer    user_data)
{
  if (changes->len > 0)
    g_string_append_c (changes, ',');
  g_string_append_printf (changes, "%u-%u+%u", position, removed, added);
}

START_TEST (test_build_and_resolve)
{
  g_autoptr(XnPolicy) policy = xn_policy_new ();
  g_autoptr(XnTag) tag = xn_tag_new ();
  g_autoptr(XnProfile) profile = xn_profile_new ();
  g_autoptr(XnSecLabel) label = xn_sec_label_new ();
  g_autoptr(XnHost) host = xn_host_new ();
  g_autoptr(XnEnclave) enclave = xn_enclave_new ();
  g_autoptr(XnDomain) domain = xn_domain_new ();
  g_autoptr(XnNetSwitch) sw = xn_net_switch_new ();
  g_autoptr(XnVif) vif = xn_vif_new ();
  g_autoptr(GListModel) vifs = NULL;

  xn_object_set_name (XN_OBJECT (tag), "red");
  xn_object_list_append (xn_policy_get_tags (policy), XN_OBJECT (tag));
  xn_object_list_append (xn_policy_get_profiles (policy), XN_OBJECT (profile));
  xn_sec_label_set_tag_uuid (label, xn_object_get_uuid (XN_OBJECT (tag)));
  xn_sec_label_set_profile_uuid (label, xn_object_get_uuid (XN_OBJECT (profile)));

  /* Out of a policy nothing resolves. */
  ck_assert_ptr_null (xn_sec_label_get_tag (label));
  xn_object_list_append (xn_policy_get_sec_labels (policy), XN_OBJECT (label));
  ck_assert_ptr_eq (xn_sec_label_get_tag (label), tag);
  ck_assert_ptr_eq (xn_sec_label_get_profile (label), profile);
  ck_assert_ptr_eq (xn_policy_find_tag_by_name (policy, "red"), tag);

  /* A reference to an object of the wrong type does not resolve. */
  xn_sec_label_set_tag_uuid (label, xn_object_get_uuid (XN_OBJECT (profile)));
  ck_assert_ptr_null (xn_sec_label_get_tag (label));
  xn_sec_label_set_tag_uuid (label, "00000000-0000-4000-8000-000000000000");
  ck_assert_ptr_null (xn_sec_label_get_tag (label));

  /* A host comes with its Domain-0, first. */
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_host_get_root_domains (host)), 1);
  ck_assert (xn_domain_is_domain0 (xn_host_get_domain0 (host)));

  xn_object_set_name (XN_OBJECT (domain), "dom");
  xn_domain_set_sec_label_uuid (domain, xn_object_get_uuid (XN_OBJECT (label)));
  xn_vif_set_net_switch_uuid (vif, xn_object_get_uuid (XN_OBJECT (sw)));
  xn_net_switch_set_driver_domain_uuid (sw, xn_object_get_uuid (XN_OBJECT (domain)));
  xn_object_list_append (xn_domain_get_vifs (domain), XN_OBJECT (vif));
  xn_object_list_append (xn_enclave_get_domains (enclave), XN_OBJECT (domain));
  xn_object_list_append (xn_host_get_enclaves (host), XN_OBJECT (enclave));
  xn_object_list_append (xn_host_get_net_switches (host), XN_OBJECT (sw));
  xn_object_list_append (xn_policy_get_hosts (policy), XN_OBJECT (host));

  ck_assert_ptr_eq (xn_domain_get_sec_label (domain), label);
  ck_assert_ptr_eq (xn_domain_get_enclave (domain), enclave);
  ck_assert_ptr_eq (xn_domain_get_host (domain), host);
  ck_assert_ptr_eq (xn_vif_get_net_switch (vif), sw);
  ck_assert_ptr_eq (xn_net_switch_get_driver_domain (sw), domain);
  ck_assert_ptr_eq (xn_host_find_domain_by_name (host, "dom"), domain);

  vifs = xn_net_switch_dup_vifs (sw);
  ck_assert_uint_eq (g_list_model_get_n_items (vifs), 1);
  {
    g_autoptr(XnVif) first = g_list_model_get_item (vifs, 0);

    ck_assert_ptr_eq (first, vif);
  }
}
END_TEST

START_TEST (test_index_follows_subtrees)
{
  g_autoptr(XnPolicy) policy = xn_policy_new ();
  g_autoptr(XnHost) host = xn_host_new ();
  g_autoptr(XnEnclave) enclave = xn_enclave_new ();
  g_autoptr(XnDomain) domain = xn_domain_new ();
  g_autoptr(XnDisk) disk = xn_disk_new ();
  g_autoptr(XnObject) stolen = NULL;
  const char *disk_uuid = xn_object_get_uuid (XN_OBJECT (disk));
  guint before;

  /* Built apart, then attached: the whole subtree enters the index. */
  xn_object_list_append (xn_domain_get_disks (domain), XN_OBJECT (disk));
  xn_object_list_append (xn_enclave_get_domains (enclave), XN_OBJECT (domain));
  xn_object_list_append (xn_host_get_enclaves (host), XN_OBJECT (enclave));
  ck_assert_ptr_null (xn_policy_lookup (policy, disk_uuid));

  before = xn_policy_get_n_objects (policy);
  xn_object_list_append (xn_policy_get_hosts (policy), XN_OBJECT (host));
  /* host, its Domain-0, enclave, domain, disk */
  ck_assert_uint_eq (xn_policy_get_n_objects (policy), before + 5);
  ck_assert_ptr_eq (xn_policy_lookup (policy, disk_uuid), disk);
  ck_assert_ptr_eq (xn_policy_lookup (policy, xn_object_get_uuid (XN_OBJECT (xn_host_get_domain0 (host)))),
                    xn_host_get_domain0 (host));

  /* Adding below an attached object indexes it at once. */
  {
    g_autoptr(XnVif) vif = xn_vif_new ();

    xn_object_list_append (xn_domain_get_vifs (domain), XN_OBJECT (vif));
    ck_assert_ptr_eq (xn_policy_lookup (policy, xn_object_get_uuid (XN_OBJECT (vif))), vif);
  }

  /* Detaching the enclave takes its subtree out. */
  stolen = xn_object_list_steal (xn_host_get_enclaves (host), 0);
  ck_assert_ptr_eq (stolen, enclave);
  ck_assert_ptr_null (xn_policy_lookup (policy, disk_uuid));
  ck_assert_ptr_null (xn_policy_lookup (policy, xn_object_get_uuid (XN_OBJECT (domain))));
  ck_assert_uint_eq (xn_policy_get_n_objects (policy), before + 2);
  ck_assert_ptr_null (xn_domain_get_host (domain));

  /* And putting it back (undo) restores it. */
  xn_object_list_insert (xn_host_get_enclaves (host), 0, stolen);
  ck_assert_ptr_eq (xn_policy_lookup (policy, disk_uuid), disk);
  ck_assert_ptr_null (xn_policy_lookup (policy, NULL));
}
END_TEST

START_TEST (test_notify_only_on_change)
{
  g_autoptr(XnDomain) domain = xn_domain_new ();
  g_autoptr(XnTag) tag = xn_tag_new ();

  notify_count = 0;
  g_signal_connect (domain, "notify", G_CALLBACK (count_notify), NULL);
  g_signal_connect (tag, "notify", G_CALLBACK (count_notify), NULL);

  xn_domain_set_memory (domain, 512);
  xn_domain_set_memory (domain, 512);
  ck_assert_uint_eq (notify_count, 1);
  xn_domain_set_kernel (domain, "/boot/vmlinuz");
  xn_domain_set_kernel (domain, "/boot/vmlinuz");
  ck_assert_uint_eq (notify_count, 2);
  xn_domain_set_kernel (domain, NULL);
  xn_domain_set_kernel (domain, NULL);
  ck_assert_uint_eq (notify_count, 3);
  xn_domain_set_whitelist (domain, TRUE);
  xn_domain_set_whitelist (domain, 2);   /* still true */
  ck_assert_uint_eq (notify_count, 4);
  xn_domain_set_kind (domain, XN_DOMAIN_KIND_SERVICE);
  xn_domain_set_kind (domain, XN_DOMAIN_KIND_SERVICE);
  ck_assert_uint_eq (notify_count, 5);
  g_object_set (domain, "vcpus", 2, NULL);
  g_object_set (domain, "vcpus", 2, NULL);
  ck_assert_uint_eq (notify_count, 6);
  xn_tag_set_color (tag, "#e01b24");
  xn_tag_set_color (tag, "#e01b24");
  xn_object_set_name (XN_OBJECT (tag), "red");
  xn_object_set_name (XN_OBJECT (tag), "red");
  ck_assert_uint_eq (notify_count, 8);

  {
    guint vcpus = 0;
    g_autofree char *kernel = NULL;

    g_object_get (domain, "vcpus", &vcpus, "kernel", &kernel, NULL);
    ck_assert_uint_eq (vcpus, 2);
    ck_assert_ptr_null (kernel);
  }
}
END_TEST

START_TEST (test_items_changed_positions)
{
  g_autoptr(XnPolicy) policy = xn_policy_new ();
  XnObjectList *tags = xn_policy_get_tags (policy);
  g_autoptr(XnTag) a = xn_tag_new ();
  g_autoptr(XnTag) b = xn_tag_new ();
  g_autoptr(XnTag) c = xn_tag_new ();

  changes = g_string_new (NULL);
  g_signal_connect (tags, "items-changed", G_CALLBACK (record_changes), NULL);

  xn_object_list_append (tags, XN_OBJECT (a));
  xn_object_list_append (tags, XN_OBJECT (c));
  xn_object_list_insert (tags, 1, XN_OBJECT (b));
  xn_object_list_remove (tags, 0);

  ck_assert_str_eq (changes->str, "0-0+1,1-0+1,1-0+1,0-1+0");
  ck_assert_ptr_eq (xn_object_list_get (tags, 0), b);
  ck_assert_ptr_null (xn_policy_lookup (policy, xn_object_get_uuid (XN_OBJECT (a))));
  ck_assert_ptr_eq (xn_policy_lookup (policy, xn_object_get_uuid (XN_OBJECT (c))), c);
  g_string_free (changes, TRUE);
}
END_TEST

START_TEST (test_domain0_moved_first)
{
  g_autoptr(XnHost) host = xn_host_new ();
  g_autoptr(XnDomain) other = xn_domain_new ();
  g_autoptr(XnObject) dom0 = NULL;
  g_autofree char *uuid = NULL;

  uuid = g_strdup (xn_object_get_uuid (XN_OBJECT (xn_host_get_domain0 (host))));
  dom0 = xn_object_list_steal (xn_host_get_root_domains (host), 0);
  xn_object_list_append (xn_host_get_root_domains (host), XN_OBJECT (other));
  xn_object_list_append (xn_host_get_root_domains (host), dom0);

  ck_assert_ptr_eq (xn_host_ensure_domain0 (host), dom0);
  ck_assert_ptr_eq (xn_object_list_get (xn_host_get_root_domains (host), 0), dom0);
  ck_assert_str_eq (xn_object_get_uuid (dom0), uuid);
}
END_TEST

START_TEST (test_enum_nicks)
{
  int v = -1;

  ck_assert_str_eq (xn_enum_to_nick (XN_TYPE_GUEST_TYPE, XN_GUEST_TYPE_PVH), "pvh");
  ck_assert_str_eq (xn_enum_to_nick (XN_TYPE_DEVICE_CATEGORY, XN_DEVICE_CATEGORY_USB), "usb");
  ck_assert (xn_enum_from_nick (XN_TYPE_VIOLATION_ACTION, "destroy", &v));
  ck_assert_int_eq (v, XN_VIOLATION_ACTION_DESTROY);
  ck_assert (!xn_enum_from_nick (XN_TYPE_PRIVILEGE, "root", &v));
  ck_assert_ptr_null (xn_enum_to_nick (XN_TYPE_DOMAIN_KIND, 42));
}
END_TEST

static Suite *
policy_suite (void)
{
  Suite *s = suite_create ("policy");
  TCase *tc = tcase_create ("objects");

  tcase_add_test (tc, test_build_and_resolve);
  tcase_add_test (tc, test_index_follows_subtrees);
  tcase_add_test (tc, test_notify_only_on_change);
  tcase_add_test (tc, test_items_changed_positions);
  tcase_add_test (tc, test_domain0_moved_first);
  tcase_add_test (tc, test_enum_nicks);
  suite_add_tcase (s, tc);

  return s;
}

XN_TEST_MAIN (policy_suite)
