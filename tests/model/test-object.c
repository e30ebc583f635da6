/* test-object.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include "xn-model-private.h"
#include "xn-object-list.h"
#include "xn-test.h"

#include "test-node.h"

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

START_TEST (test_uuid_generated_and_kept)
{
  g_autoptr(TestNode) a = node ("a");
  g_autoptr(TestNode) b = g_object_new (TEST_TYPE_NODE,
                                        "uuid", "6B0D3C1E-1F0A-4C55-9B1A-0E4AE0F7D001", NULL);

  ck_assert (xn_uuid_is_valid (xn_object_get_uuid (XN_OBJECT (a))));
  ck_assert_str_eq (xn_object_get_uuid (XN_OBJECT (b)), "6b0d3c1e-1f0a-4c55-9b1a-0e4ae0f7d001");
  ck_assert (!xn_uuid_is_valid ("not-a-uuid"));
  ck_assert (!xn_uuid_is_valid (NULL));
}
END_TEST

/* Objects without a UUID of their own get random (version 4) ones. */
START_TEST (test_random_uuids)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 1000; i++)
    {
      char *uuid = _xn_uuid_random ();

      ck_assert_msg (g_uuid_string_is_valid (uuid), "%s", uuid);
      ck_assert_int_eq (uuid[14], '4');
      ck_assert_ptr_nonnull (strchr ("89ab", uuid[19]));
      for (const char *p = uuid; *p != '\0'; p++)
        ck_assert_msg (*p == '-' || (g_ascii_isxdigit (*p) && !g_ascii_isupper (*p)), "%s", uuid);
      ck_assert_msg (g_hash_table_add (seen, uuid), "%s came twice", uuid);
    }
}
END_TEST

START_TEST (test_items_changed_positions)
{
  g_autoptr(TestNode) root = node ("root");
  g_autoptr(TestNode) a = node ("a");
  g_autoptr(TestNode) b = node ("b");
  g_autoptr(TestNode) c = node ("c");

  changes = g_string_new (NULL);
  g_signal_connect (root->children, "items-changed", G_CALLBACK (record_changes), NULL);

  xn_object_list_append (root->children, XN_OBJECT (a));
  xn_object_list_append (root->children, XN_OBJECT (c));
  xn_object_list_insert (root->children, 1, XN_OBJECT (b));
  xn_object_list_remove (root->children, 0);

  ck_assert_str_eq (changes->str, "0-0+1,1-0+1,1-0+1,0-1+0");
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (root->children)), 2);
  ck_assert_ptr_eq (xn_object_list_get (root->children, 0), b);
  ck_assert_ptr_null (xn_object_get_parent (XN_OBJECT (a)));
  ck_assert_ptr_eq (xn_object_get_parent (XN_OBJECT (b)), root);
  g_string_free (changes, TRUE);
}
END_TEST

START_TEST (test_root_index_follows_subtrees)
{
  g_autoptr(TestNode) root = node ("root");
  g_autoptr(TestNode) mid = node ("mid");
  g_autoptr(TestNode) leaf = node ("leaf");
  g_autoptr(XnObject) stolen = NULL;
  g_autofree char *path = NULL;

  /* Built apart, then attached: the whole subtree is indexed at once. */
  xn_object_list_append (mid->children, XN_OBJECT (leaf));
  xn_object_list_append (root->children, XN_OBJECT (mid));

  ck_assert_ptr_eq (g_hash_table_lookup (root->index, xn_object_get_uuid (XN_OBJECT (leaf))), leaf);
  ck_assert_ptr_eq (xn_object_get_root (XN_OBJECT (leaf)), root);

  path = xn_object_dup_path (XN_OBJECT (leaf));
  ck_assert_str_eq (path, "TestNode \"mid\" / TestNode \"leaf\"");

  stolen = xn_object_list_steal (root->children, 0);
  ck_assert_uint_eq (g_hash_table_size (root->index), 0);
  ck_assert_ptr_eq (xn_object_get_root (XN_OBJECT (leaf)), mid);
}
END_TEST

START_TEST (test_lookup)
{
  g_autoptr(TestNode) root = node ("root");
  g_autoptr(TestNode) a = node ("alpha");

  xn_object_list_append (root->children, XN_OBJECT (a));
  ck_assert_ptr_eq (xn_object_list_lookup_name (root->children, "alpha"), a);
  ck_assert_ptr_null (xn_object_list_lookup_name (root->children, "beta"));
  ck_assert_ptr_eq (xn_object_list_lookup_uuid (root->children, xn_object_get_uuid (XN_OBJECT (a))), a);
}
END_TEST

static Suite *
object_suite (void)
{
  Suite *s = suite_create ("object");
  TCase *tc = tcase_create ("tree");

  tcase_add_test (tc, test_uuid_generated_and_kept);
  tcase_add_test (tc, test_random_uuids);
  tcase_add_test (tc, test_items_changed_positions);
  tcase_add_test (tc, test_root_index_follows_subtrees);
  tcase_add_test (tc, test_lookup);
  suite_add_tcase (s, tc);

  return s;
}

XN_TEST_MAIN (object_suite)
