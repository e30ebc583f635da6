/* test-diff.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

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

/* a-simple-policy.xml plus what it lacks (a storage location, a disk,
 * a host key), so that every object type appears. */
static XnPolicy *
load_full (void)
{
  XnPolicy *policy = load_fixture ("a-simple-policy.xml");
  XnHost *host = xn_object_list_get (xn_policy_get_hosts (policy), 0);
  g_autoptr(XnStorageLocation) loc = xn_storage_location_new ();
  g_autoptr(XnDisk) disk = xn_disk_new ();
  XnDomain *dom = xn_host_find_domain_by_name (host, "EB-domu-1");

  ck_assert_ptr_nonnull (dom);
  xn_host_set_host_key (host, "SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");
  xn_object_set_name (XN_OBJECT (loc), "images");
  g_object_set (loc, "kind", "file", "path", "/var/lib/xen/images", NULL);
  xn_object_list_append (xn_host_get_storage_locations (host), XN_OBJECT (loc));
  g_object_set (disk, "vdev", "xvda", "target", "eb1.img", "mode", "rw",
                "storage-location-uuid", xn_object_get_uuid (XN_OBJECT (loc)), NULL);
  xn_object_list_append (xn_domain_get_disks (dom), XN_OBJECT (disk));

  return policy;
}

static XnPolicy *
twin (XnPolicy *policy)
{
  return XN_POLICY (xn_object_copy (XN_OBJECT (policy), XN_COPY_DEFAULT));
}

static char *
diff_text (XnPolicy *a,
           XnPolicy *b)
{
  g_autoptr(GListModel) entries = xn_diff_policies (a, b);

  return xn_diff_format (entries);
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

static void
add_list_cb (XnObjectList *list,
             gpointer      user_data)
{
  g_ptr_array_add (user_data, list);
}

/* The first object of @type in document order (skipping Domain-0). */
static XnObject *
first_of (XnPolicy *policy,
          GType     type)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  xn_object_foreach_list (XN_OBJECT (policy), collect_cb, all);
  for (guint i = 0; i < all->len; i++)
    {
      XnObject *o = g_ptr_array_index (all, i);

      if (G_OBJECT_TYPE (o) == type &&
          !(XN_IS_DOMAIN (o) && xn_domain_is_domain0 (XN_DOMAIN (o))))
        return o;
    }

  return NULL;
}

START_TEST (test_identical_is_empty)
{
  g_autoptr(XnPolicy) a = load_fixture ("xenon-enterprise-demo.xml");
  g_autoptr(XnPolicy) b = load_fixture ("xenon-enterprise-demo.xml");
  g_autoptr(XnPolicy) c = load_full ();
  g_autoptr(XnPolicy) d = twin (c);
  g_autoptr(GListModel) e1 = xn_diff_policies (a, b);
  g_autoptr(GListModel) e2 = xn_diff_policies (c, d);
  g_autofree char *text = xn_diff_format (e1);

  /* Two loads give value children (hypercalls, tag refs) different random
   * UUIDs: they must not show. */
  ck_assert_uint_eq (g_list_model_get_n_items (e1), 0);
  ck_assert_uint_eq (g_list_model_get_n_items (e2), 0);
  ck_assert_str_eq (text, "");
}
END_TEST

START_TEST (test_format_changed)
{
  g_autoptr(XnPolicy) a = load_fixture ("xenon-enterprise-demo.xml");
  g_autoptr(XnPolicy) b = twin (a);
  XnHost *host = xn_policy_find_host_by_name (b, "localhost");
  XnDomain *nids = xn_host_find_domain_by_name (host, "nids");
  g_autofree char *text = NULL;

  xn_domain_set_memory (nids, 2048);
  text = diff_text (a, b);
  ck_assert_str_eq (text, "~ Domain \"nids\" (Host \"localhost\" / Enclave \"security\"): memory 1024 → 2048\n");

  xn_domain_set_vcpus (nids, 2);
  g_free (text);
  text = diff_text (a, b);
  ck_assert_str_eq (text, "~ Domain \"nids\" (Host \"localhost\" / Enclave \"security\"): "
                          "memory 1024 → 2048; vcpus 1 → 2\n");
}
END_TEST

START_TEST (test_reference_by_name)
{
  g_autoptr(XnPolicy) a = load_fixture ("xenon-enterprise-demo.xml");
  g_autoptr(XnPolicy) b = twin (a);
  XnHost *host = xn_policy_find_host_by_name (b, "localhost");
  XnDomain *vm = xn_host_find_domain_by_name (host, "user_vm_1");
  XnSecLabel *sec = xn_policy_find_sec_label_by_name (b, "sec_vms");
  g_autoptr(GListModel) entries = NULL;
  g_autoptr(XnDiffEntry) entry = NULL;
  const XnDiffField *field;
  g_autofree char *line = NULL;

  xn_domain_set_sec_label_uuid (vm, xn_object_get_uuid (XN_OBJECT (sec)));
  entries = xn_diff_policies (a, b);
  ck_assert_uint_eq (g_list_model_get_n_items (entries), 1);
  entry = g_list_model_get_item (entries, 0);
  ck_assert_int_eq (xn_diff_entry_get_kind (entry), XN_DIFF_CHANGED);
  ck_assert_str_eq (xn_diff_entry_get_type_name (entry), "Domain");
  ck_assert_str_eq (xn_diff_entry_get_uuid (entry), xn_object_get_uuid (XN_OBJECT (vm)));
  ck_assert_str_eq (xn_diff_entry_get_path (entry),
                    "Host \"localhost\" / Enclave \"entertainment\" / Domain \"user_vm_1\"");
  field = xn_diff_entry_find_field (entry, "sec-label-uuid");
  ck_assert_ptr_nonnull (field);
  ck_assert_str_eq (field->old_text, "user_vms");
  ck_assert_str_eq (field->new_text, "sec_vms");
  line = xn_diff_entry_format (entry);
  ck_assert_msg (strstr (line, ": secLabel user_vms → sec_vms") != NULL, "%s", line);
}
END_TEST

START_TEST (test_moved_domain)
{
  g_autoptr(XnPolicy) a = load_fixture ("xenon-enterprise-demo.xml");
  g_autoptr(XnPolicy) b = twin (a);
  XnHost *host = xn_policy_find_host_by_name (b, "localhost");
  XnEnclave *from = xn_host_find_enclave_by_name (host, "entertainment");
  XnEnclave *to = xn_host_find_enclave_by_name (host, "human_resources");
  XnDomain *vm = xn_host_find_domain_by_name (host, "user_vm_3");
  g_autoptr(GListModel) entries = NULL;
  g_autoptr(XnDiffEntry) entry = NULL;
  g_autoptr(XnObject) stolen = NULL;
  g_autofree char *text = NULL;
  guint pos;

  ck_assert (xn_object_list_find (xn_enclave_get_domains (from), XN_OBJECT (vm), &pos));
  stolen = xn_object_list_steal (xn_enclave_get_domains (from), pos);
  xn_object_list_append (xn_enclave_get_domains (to), stolen);

  entries = xn_diff_policies (a, b);
  ck_assert_uint_eq (g_list_model_get_n_items (entries), 1);
  entry = g_list_model_get_item (entries, 0);
  ck_assert_int_eq (xn_diff_entry_get_kind (entry), XN_DIFF_MOVED);
  ck_assert_str_eq (xn_diff_entry_get_old_path (entry),
                    "Host \"localhost\" / Enclave \"entertainment\" / Domain \"user_vm_3\"");
  text = xn_diff_format (entries);
  ck_assert_str_eq (text, "> Domain \"user_vm_3\": Host \"localhost\" / Enclave \"entertainment\""
                          " → Host \"localhost\" / Enclave \"human_resources\"\n");
}
END_TEST

START_TEST (test_added_removed_order)
{
  g_autoptr(XnPolicy) a = load_fixture ("xenon-enterprise-demo.xml");
  g_autoptr(XnPolicy) b = twin (a);
  XnHost *host = xn_policy_find_host_by_name (b, "localhost");
  XnEnclave *ent = xn_host_find_enclave_by_name (host, "entertainment");
  XnDomain *vm1 = xn_host_find_domain_by_name (host, "user_vm_1");
  g_autoptr(XnObject) vm4 = xn_object_copy (XN_OBJECT (vm1), XN_COPY_NEW_UUIDS);
  g_autoptr(XnTag) guest = xn_tag_new ();
  g_autofree char *text = NULL;

  /* A new domain with its VIF: one line, its VIF is implied. */
  xn_object_set_name (vm4, "user_vm_4");
  xn_object_list_append (xn_enclave_get_domains (ent), vm4);
  /* A tag only the old policy has. */
  xn_object_set_name (XN_OBJECT (guest), "guest");
  xn_tag_set_id (guest, 9);
  xn_object_list_append (xn_policy_get_tags (a), XN_OBJECT (guest));
  xn_policy_set_serial (b, 8);

  text = diff_text (a, b);
  ck_assert_str_eq (text,
                    "~ Policy \"xenon-enterprise-demo\": serial 7 → 8\n"
                    "+ Domain \"user_vm_4\" (Host \"localhost\" / Enclave \"entertainment\")\n"
                    "- Tag \"guest\"\n");
}
END_TEST

START_TEST (test_policy_fields)
{
  g_autoptr(XnPolicy) a = load_fixture ("a-simple-policy.xml");
  g_autoptr(XnPolicy) b = twin (a);
  g_autoptr(GListModel) entries = NULL;
  g_autoptr(XnDiffEntry) entry = NULL;

  xn_object_set_name (XN_OBJECT (b), "renamed");
  xn_policy_set_description (b, "two\nlines");
  entries = xn_diff_policies (a, b);
  ck_assert_uint_eq (g_list_model_get_n_items (entries), 1);
  entry = g_list_model_get_item (entries, 0);
  ck_assert_str_eq (xn_diff_entry_get_type_name (entry), "Policy");
  ck_assert_str_eq (xn_diff_entry_find_field (entry, "name")->new_text, "renamed");
  /* One line per entry, whatever the text holds. */
  ck_assert_str_eq (xn_diff_entry_find_field (entry, "description")->new_text, "two lines");
  ck_assert_ptr_null (xn_diff_entry_find_field (entry, "serial"));
}
END_TEST

START_TEST (test_value_lists)
{
  g_autoptr(XnPolicy) a = load_fixture ("a-simple-policy.xml");
  g_autoptr(XnPolicy) b = twin (a);
  XnConflict *conflict = xn_object_list_get (xn_policy_get_conflicts (b), 0);
  XnObjectList *refs = xn_conflict_get_tag_refs (conflict);
  XnHost *host = xn_object_list_get (xn_policy_get_hosts (b), 0);
  XnDomain *with_xl = NULL;
  g_autoptr(GPtrArray) domains = xn_host_dup_domains (host);
  g_autoptr(XnObject) first = NULL;
  g_autofree char *text = NULL;

  /* Reordering a set (a conflict's tags) is no change. */
  first = xn_object_list_steal (refs, 0);
  xn_object_list_append (refs, first);
  text = diff_text (a, b);
  ck_assert_str_eq (text, "");

  /* Dropping one is, shown by tag name. */
  xn_object_list_remove (refs, 0);
  g_free (text);
  text = diff_text (a, b);
  ck_assert_msg (g_str_has_prefix (text, "~ Conflict \"") && strstr (text, ": tags ") != NULL, "%s", text);
  ck_assert_msg (strstr (text, "{") == NULL, "raw UUID in %s", text);

  /* xl lines: order matters (a later line overrides). */
  for (guint i = 0; i < domains->len; i++)
    if (xn_object_list_get_n_items (xn_domain_get_xl_extra (g_ptr_array_index (domains, i))) >= 2)
      with_xl = g_ptr_array_index (domains, i);
  ck_assert_ptr_nonnull (with_xl);
  {
    g_autoptr(XnPolicy) c = twin (a);
    XnDomain *d = XN_DOMAIN (xn_policy_lookup (c, xn_object_get_uuid (XN_OBJECT (with_xl))));
    g_autoptr(XnObject) line = xn_object_list_steal (xn_domain_get_xl_extra (d), 0);
    g_autoptr(GListModel) entries = NULL;
    g_autoptr(XnDiffEntry) entry = NULL;

    xn_object_list_append (xn_domain_get_xl_extra (d), line);
    entries = xn_diff_policies (a, c);
    ck_assert_uint_eq (g_list_model_get_n_items (entries), 1);
    entry = g_list_model_get_item (entries, 0);
    ck_assert_ptr_nonnull (xn_diff_entry_find_field (entry, "xl-extra"));
  }
}
END_TEST

/* Every identity-bearing type: changed, removed, added. */
static const char *identity_types[] = {
  "XnProfile", "XnTag", "XnConflict", "XnSecLabel", "XnHost", "XnDevice",
  "XnEnclave", "XnDomain", "XnVif", "XnDisk", "XnNetSwitch", "XnStorageLocation",
};

/* Changes the first plain (non-name, non-reference) property. */
static const char *
mutate (XnObject *o)
{
  guint n = 0;
  g_autofree GParamSpec **pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (o), &n);

  for (guint i = 0; i < n; i++)
    {
      GParamSpec *p = pspecs[i];

      if ((p->flags & G_PARAM_CONSTRUCT_ONLY) || strcmp (p->name, "name") == 0 ||
          xn_object_property_is_reference (p))
        continue;
      if (p->value_type == G_TYPE_UINT)
        {
          guint v;

          g_object_get (o, p->name, &v, NULL);
          g_object_set (o, p->name, v == 1 ? 2 : 1, NULL);
        }
      else if (p->value_type == G_TYPE_BOOLEAN)
        {
          gboolean v;

          g_object_get (o, p->name, &v, NULL);
          g_object_set (o, p->name, !v, NULL);
        }
      else if (p->value_type == G_TYPE_STRING)
        {
          g_autofree char *v = NULL;
          g_autofree char *w = NULL;

          g_object_get (o, p->name, &v, NULL);
          w = g_strconcat (v ? v : "", "x", NULL);
          g_object_set (o, p->name, w, NULL);
        }
      else if (G_TYPE_IS_ENUM (p->value_type))
        {
          int v;

          g_object_get (o, p->name, &v, NULL);
          g_object_set (o, p->name, v == 0 ? 1 : 0, NULL);
        }
      else
        continue;
      return p->name;
    }

  /* Only a name and references: change those. */
  if (xn_object_get_name (o) != NULL)
    {
      g_autofree char *w = g_strconcat (xn_object_get_name (o), "x", NULL);

      xn_object_set_name (o, w);
      return "name";
    }
  for (guint i = 0; i < n; i++)
    if (xn_object_property_is_reference (pspecs[i]))
      {
        g_autofree char *fresh = g_uuid_string_random ();

        g_object_set (o, pspecs[i]->name, fresh, NULL);
        return pspecs[i]->name;
      }

  return NULL;
}

START_TEST (test_every_type)
{
  g_autoptr(XnPolicy) a = load_full ();
  GType type = g_type_from_name (identity_types[_i]);
  g_autoptr(XnPolicy) changed = twin (a);
  g_autoptr(XnPolicy) removed = twin (a);
  g_autoptr(XnPolicy) added = twin (a);
  XnObject *o;
  const char *prop;
  g_autoptr(GListModel) entries = NULL;
  g_autoptr(XnDiffEntry) entry = NULL;
  const char *type_name = identity_types[_i] + 2;
  guint pos;

  ck_assert_msg (type != G_TYPE_INVALID, "%s", identity_types[_i]);

  /* changed */
  o = first_of (changed, type);
  ck_assert_msg (o != NULL, "no %s in the fixture", type_name);
  prop = mutate (o);
  ck_assert_ptr_nonnull (prop);
  entries = xn_diff_policies (a, changed);
  ck_assert_uint_eq (g_list_model_get_n_items (entries), 1);
  entry = g_list_model_get_item (entries, 0);
  ck_assert_int_eq (xn_diff_entry_get_kind (entry), XN_DIFF_CHANGED);
  ck_assert_str_eq (xn_diff_entry_get_type_name (entry), type_name);
  ck_assert_msg (xn_diff_entry_find_field (entry, prop) != NULL, "%s.%s", type_name, prop);
  g_clear_object (&entry);
  g_clear_object (&entries);

  /* removed: the top of the subtree only */
  o = first_of (removed, type);
  {
    g_autoptr(GPtrArray) lists = g_ptr_array_new ();
    XnObject *parent = xn_object_get_parent (o);
    gboolean done = FALSE;

    xn_object_foreach_list (parent, add_list_cb, lists);
    for (guint l = 0; l < lists->len && !done; l++)
      if (xn_object_list_find (g_ptr_array_index (lists, l), o, &pos))
        {
          xn_object_list_remove (g_ptr_array_index (lists, l), pos);
          done = TRUE;
        }
    ck_assert (done);
  }
  entries = xn_diff_policies (a, removed);
  ck_assert_uint_eq (g_list_model_get_n_items (entries), 1);
  entry = g_list_model_get_item (entries, 0);
  ck_assert_int_eq (xn_diff_entry_get_kind (entry), XN_DIFF_REMOVED);
  ck_assert_str_eq (xn_diff_entry_get_type_name (entry), type_name);
  g_clear_object (&entry);
  g_clear_object (&entries);

  /* added: a copy with fresh UUIDs next to the original */
  o = first_of (added, type);
  {
    g_autoptr(XnObject) copy = xn_object_copy (o, XN_COPY_NEW_UUIDS);
    g_autoptr(GPtrArray) lists = g_ptr_array_new ();
    gboolean done = FALSE;

    xn_object_foreach_list (xn_object_get_parent (o), add_list_cb, lists);
    for (guint l = 0; l < lists->len && !done; l++)
      if (xn_object_list_find (g_ptr_array_index (lists, l), o, NULL))
        {
          xn_object_list_append (g_ptr_array_index (lists, l), copy);
          done = TRUE;
        }
    ck_assert (done);
  }
  entries = xn_diff_policies (a, added);
  ck_assert_uint_eq (g_list_model_get_n_items (entries), 1);
  entry = g_list_model_get_item (entries, 0);
  ck_assert_int_eq (xn_diff_entry_get_kind (entry), XN_DIFF_ADDED);
  ck_assert_str_eq (xn_diff_entry_get_type_name (entry), type_name);
}
END_TEST

/* Value children: a change is a field of the owner. */
static const struct {
  const char *type;
  const char *owner;
  const char *field;
} value_types[] = {
  { "XnHypercallRule", "Profile", "hypercalls" },
  { "XnTagRef", "Conflict", "tags" },
  { "XnDeviceRef", "Enclave", "assigned-hardware" },
  { "XnNetAllow", "Domain", "net-allow" },
  { "XnXlPair", "Domain", "xl-extra" },
};

START_TEST (test_value_types)
{
  g_autoptr(XnPolicy) a = load_full ();
  GType type = g_type_from_name (value_types[_i].type);
  g_autoptr(XnPolicy) b = twin (a);
  XnObject *o = first_of (b, type);
  g_autoptr(GListModel) entries = NULL;
  g_autoptr(XnDiffEntry) entry = NULL;

  ck_assert_msg (o != NULL, "no %s in the fixture", value_types[_i].type);
  ck_assert_ptr_nonnull (mutate (o));
  entries = xn_diff_policies (a, b);
  ck_assert_uint_eq (g_list_model_get_n_items (entries), 1);
  entry = g_list_model_get_item (entries, 0);
  ck_assert_int_eq (xn_diff_entry_get_kind (entry), XN_DIFF_CHANGED);
  ck_assert_str_eq (xn_diff_entry_get_type_name (entry), value_types[_i].owner);
  ck_assert_ptr_nonnull (xn_diff_entry_find_field (entry, value_types[_i].field));
}
END_TEST

static Suite *
diff_suite (void)
{
  Suite *s = suite_create ("diff");
  TCase *tc = tcase_create ("diff");

  tcase_add_test (tc, test_identical_is_empty);
  tcase_add_test (tc, test_format_changed);
  tcase_add_test (tc, test_reference_by_name);
  tcase_add_test (tc, test_moved_domain);
  tcase_add_test (tc, test_added_removed_order);
  tcase_add_test (tc, test_policy_fields);
  tcase_add_test (tc, test_value_lists);
  tcase_add_loop_test (tc, test_every_type, 0, G_N_ELEMENTS (identity_types));
  tcase_add_loop_test (tc, test_value_types, 0, G_N_ELEMENTS (value_types));
  suite_add_tcase (s, tc);

  return s;
}

XN_TEST_MAIN (diff_suite)
