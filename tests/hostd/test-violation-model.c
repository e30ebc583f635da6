/* test-violation-model.c: the violations log's model
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A host's rows (XnViolationModel, its log's) and each view's filter over
 * them (XnViolationFilterModel), without a display.  Filtering, sorting
 * the filter's own index, live rows inserted where the sort puts them,
 * marking viewed in place, and two views over one host's rows: checked
 * against the rows themselves and against a mirror that applies every
 * items-changed a model emits (a list view trusts those to the row).
 */

#include "config.h"

#include "xn-test.h"
#include "xn-live-row.h"
#include "xn-violation-model.h"

static const char *const domains[] = { "web_2", "user_vm_1", "firewall", "nids" };
static const char *const infos[] = { "hcall=35(sysctl)", "hcall=12(memory_op), cmd=9(memory_map)",
                                     "hcall=17(xen_version), cmd=1(extraversion)" };

/* @n rows from seq @first, in time order, domains and infos cycling. */
static GVariant *
rows (guint64 first,
      guint   n)
{
  GVariantBuilder b;

  g_variant_builder_init (&b, G_VARIANT_TYPE ("a(txssutsssb)"));
  for (guint i = 0; i < n; i++)
    {
      guint64 seq = first + i;

      g_variant_builder_add (&b, "(txssutsssb)", seq, (gint64) (1000 + seq) * G_USEC_PER_SEC,
                             seq % 2 ? "uuid-a" : "uuid-b", domains[seq % G_N_ELEMENTS (domains)], (guint32) 17,
                             (guint64) 1, seq % 5 == 0 ? "hypercall rate exceeded" : "hypercall violation",
                             infos[seq % G_N_ELEMENTS (infos)], "", seq % 7 == 0);
    }
  return g_variant_builder_end (&b);
}

static GHashTable *
tags (void)
{
  GHashTable *t = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (t, "uuid-a", "entertainment");
  g_hash_table_insert (t, "uuid-b", "security");
  return t;
}

/* A copy of the model's items kept only through items-changed. */
typedef struct
{
  GPtrArray *items;   /* XnLiveRow */
  guint      changes;
  guint      rows_changed;
} Mirror;

static void
mirror_changed (GListModel *model,
                guint       position,
                guint       removed,
                guint       added,
                Mirror     *m)
{
  ck_assert_uint_le (position + removed, m->items->len);
  g_ptr_array_remove_range (m->items, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (m->items, (int) (position + i), g_list_model_get_item (model, position + i));
  m->changes++;
}

static void
rows_changed (XnViolationFilterModel *model,
              Mirror                *m)
{
  m->rows_changed++;
}

static guint64
seq_of (XnLiveRow *row)
{
  return (guint64) xn_live_row_get_number (row, "seq");
}

/* The mirror holds the model's rows, in its order. */
static void
assert_mirror (GListModel *model,
               Mirror     *m)
{
  ck_assert_uint_eq (m->items->len, g_list_model_get_n_items (model));
  for (guint i = 0; i < m->items->len; i++)
    {
      g_autoptr(XnLiveRow) row = g_list_model_get_item (model, i);

      ck_assert_uint_eq (seq_of (row), seq_of (g_ptr_array_index (m->items, i)));
    }
}

/* Every neighbouring pair in order by @key (ties by seq), @dir 1 or -1. */
static void
assert_sorted (GListModel *model,
               const char *key,
               int         dir)
{
  for (guint i = 1; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(XnLiveRow) a = g_list_model_get_item (model, i - 1);
      g_autoptr(XnLiveRow) b = g_list_model_get_item (model, i);
      int c = key != NULL ? xn_live_row_compare (a, b, key) : 0;

      if (c == 0)
        c = seq_of (a) < seq_of (b) ? -1 : 1;
      ck_assert_msg (c * dir < 0, "rows %u and %u (seq %" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT
                     ") are out of order by %s", i - 1, i, seq_of (a), seq_of (b), key ? key : "seq");
    }
}

static Mirror *
mirror_new (XnViolationFilterModel *model)
{
  Mirror *m = g_new0 (Mirror, 1);

  m->items = g_ptr_array_new_with_free_func (g_object_unref);
  /* What the model holds already, as a view bound late finds it. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    g_ptr_array_add (m->items, g_list_model_get_item (G_LIST_MODEL (model), i));
  g_signal_connect (model, "items-changed", G_CALLBACK (mirror_changed), m);
  g_signal_connect (model, "rows-changed", G_CALLBACK (rows_changed), m);
  return m;
}

static void
mirror_free (Mirror *m)
{
  g_ptr_array_unref (m->items);
  g_free (m);
}

START_TEST (test_filter)
{
  g_autoptr(XnViolationModel) store = xn_violation_model_new ();
  g_autoptr(XnViolationFilterModel) model = xn_violation_filter_model_new (store);
  g_autoptr(GHashTable) t = tags ();
  GListModel *list = G_LIST_MODEL (model);
  Mirror *m = mirror_new (model);

  xn_violation_model_append (store, rows (1, 100), t);
  ck_assert_uint_eq (xn_violation_model_get_n_total (store), 100);
  ck_assert_uint_eq (g_list_model_get_n_items (list), 100);
  /* seq 7, 14, … 98 arrive viewed. */
  ck_assert_uint_eq (xn_violation_filter_model_get_n_new (model), 100 - 14);
  ck_assert_uint_eq (xn_violation_model_get_last_seq (store), 100);
  assert_mirror (list, m);

  xn_violation_filter_model_set_filter (model, "user_vm_1", NULL);
  ck_assert_uint_eq (g_list_model_get_n_items (list), 25);
  for (guint i = 0; i < 25; i++)
    {
      g_autoptr(XnLiveRow) row = g_list_model_get_item (list, i);

      ck_assert_str_eq (xn_live_row_get_string (row, "domain"), "user_vm_1");
    }
  /* A tag matches its domains' rows: odd seqs are entertainment. */
  xn_violation_filter_model_set_filter (model, "entertainment", NULL);
  ck_assert_uint_eq (g_list_model_get_n_items (list), 50);
  /* The start of a name is enough, in any case; no match is nothing. */
  xn_violation_filter_model_set_filter (model, "Entert", NULL);
  ck_assert_uint_eq (g_list_model_get_n_items (list), 50);
  xn_violation_filter_model_set_filter (model, "nothing-like-it", NULL);
  ck_assert_uint_eq (g_list_model_get_n_items (list), 0);
  /* Text: case-insensitive, in reason or info. */
  xn_violation_filter_model_set_filter (model, NULL, "RATE EXCEEDED");
  ck_assert_uint_eq (g_list_model_get_n_items (list), 20);
  xn_violation_filter_model_set_filter (model, "entertainment", "xen_version");
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(XnLiveRow) row = g_list_model_get_item (list, i);

      ck_assert (seq_of (row) % 2 == 1 && seq_of (row) % 3 == 2);
    }
  xn_violation_filter_model_set_filter (model, NULL, NULL);
  ck_assert_uint_eq (g_list_model_get_n_items (list), 100);
  assert_mirror (list, m);
  mirror_free (m);
}
END_TEST

START_TEST (test_sort)
{
  g_autoptr(XnViolationModel) store = xn_violation_model_new ();
  g_autoptr(XnViolationFilterModel) model = xn_violation_filter_model_new (store);
  g_autoptr(GHashTable) t = tags ();
  GListModel *list = G_LIST_MODEL (model);
  Mirror *m = mirror_new (model);
  static const char *const keys[] = { "time", "domain", "tag", "reason", "info", "viewed" };

  xn_violation_model_append (store, rows (1, 200), t);
  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    for (int dir = 1; dir >= -1; dir -= 2)
      {
        xn_violation_filter_model_set_sort (model, keys[k], dir < 0);
        assert_sorted (list, keys[k], dir);
        assert_mirror (list, m);
      }
  /* A filter keeps the sort. */
  xn_violation_filter_model_set_sort (model, "info", TRUE);
  xn_violation_filter_model_set_filter (model, "firewall", NULL);
  ck_assert_uint_eq (g_list_model_get_n_items (list), 50);
  assert_sorted (list, "info", -1);
  xn_violation_filter_model_set_filter (model, NULL, NULL);
  /* No key, or the one no row differs in: the order read. */
  xn_violation_filter_model_set_sort (model, NULL, FALSE);
  assert_sorted (list, NULL, 1);
  xn_violation_filter_model_set_sort (model, "module", FALSE);
  assert_sorted (list, NULL, 1);
  xn_violation_filter_model_set_sort (model, "seq", TRUE);
  assert_sorted (list, NULL, -1);
  assert_mirror (list, m);
  mirror_free (m);
}
END_TEST

/* Rows arriving while sorted go where the sort puts them, announced so a
 * view's copy stays the model's. */
START_TEST (test_live_rows_sorted)
{
  g_autoptr(XnViolationModel) store = xn_violation_model_new ();
  g_autoptr(XnViolationFilterModel) model = xn_violation_filter_model_new (store);
  g_autoptr(GHashTable) t = tags ();
  GListModel *list = G_LIST_MODEL (model);
  Mirror *m = mirror_new (model);
  guint changes;

  xn_violation_model_append (store, rows (1, 50), t);
  /* Newest first: a page of new rows is one insertion at the top. */
  xn_violation_filter_model_set_sort (model, "time", TRUE);
  changes = m->changes;
  xn_violation_model_append (store, rows (51, 30), t);
  ck_assert_uint_eq (m->changes - changes, 1);
  assert_sorted (list, "time", -1);
  assert_mirror (list, m);
  {
    g_autoptr(XnLiveRow) top = g_list_model_get_item (list, 0);

    ck_assert_uint_eq (seq_of (top), 80);
  }
  /* By domain: the new rows join each domain's group. */
  xn_violation_filter_model_set_sort (model, "domain", FALSE);
  xn_violation_model_append (store, rows (81, 40), t);
  assert_sorted (list, "domain", 1);
  assert_mirror (list, m);
  /* Under a filter only matching rows come in, still in place. */
  xn_violation_filter_model_set_filter (model, "nids", NULL);
  xn_violation_model_append (store, rows (121, 40), t);
  ck_assert_uint_eq (g_list_model_get_n_items (list), 40);
  assert_sorted (list, "domain", 1);
  assert_mirror (list, m);
  mirror_free (m);
}
END_TEST

START_TEST (test_mark_viewed)
{
  g_autoptr(XnViolationModel) store = xn_violation_model_new ();
  g_autoptr(XnViolationFilterModel) model = xn_violation_filter_model_new (store);
  g_autoptr(GHashTable) t = tags ();
  GListModel *list = G_LIST_MODEL (model);
  Mirror *m = mirror_new (model);
  g_autoptr(GArray) seqs = NULL;
  g_autoptr(GArray) again = NULL;
  guint changes;

  xn_violation_model_append (store, rows (1, 60), t);
  xn_violation_filter_model_set_filter (model, "user_vm_1", NULL);
  changes = m->changes;
  seqs = xn_violation_filter_model_mark_shown_viewed (model);
  /* seq 1, 5, …, 57 are user_vm_1's; 21 and 49 arrived viewed. */
  ck_assert_uint_eq (seqs->len, 15 - 2);
  for (guint i = 0; i < seqs->len; i++)
    ck_assert_uint_eq (g_array_index (seqs, guint64, i) % 4, 1);
  /* In place: no row moved, the views are told to read theirs again. */
  ck_assert_uint_eq (m->changes, changes);
  ck_assert_uint_eq (m->rows_changed, 1);
  ck_assert_uint_eq (xn_violation_filter_model_get_n_new (model), 0);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(XnLiveRow) row = g_list_model_get_item (list, i);

      ck_assert (xn_live_row_get_number (row, "viewed") != 0);
    }
  again = xn_violation_filter_model_mark_shown_viewed (model);
  ck_assert_uint_eq (again->len, 0);
  ck_assert_uint_eq (m->rows_changed, 1);
  /* Sorted by status, marking moves rows: announced as such. */
  xn_violation_filter_model_set_filter (model, NULL, NULL);
  ck_assert (!xn_violation_filter_model_sort_is_by_viewed (model));
  xn_violation_filter_model_set_sort (model, "viewed", FALSE);
  ck_assert (xn_violation_filter_model_sort_is_by_viewed (model));
  changes = m->changes;
  g_array_unref (xn_violation_filter_model_mark_shown_viewed (model));
  ck_assert_uint_eq (m->changes, changes + 1);
  assert_sorted (list, "viewed", 1);
  assert_mirror (list, m);
  mirror_free (m);
}
END_TEST

START_TEST (test_drop_and_clear)
{
  g_autoptr(XnViolationModel) store = xn_violation_model_new ();
  g_autoptr(XnViolationFilterModel) model = xn_violation_filter_model_new (store);
  g_autoptr(GHashTable) t = tags ();
  GListModel *list = G_LIST_MODEL (model);
  Mirror *m = mirror_new (model);

  xn_violation_model_append (store, rows (1, 40), t);
  xn_violation_filter_model_set_sort (model, "info", FALSE);
  xn_violation_model_drop_up_to (store, 25);
  ck_assert_uint_eq (xn_violation_model_get_n_total (store), 15);
  ck_assert_uint_eq (g_list_model_get_n_items (list), 15);
  for (guint i = 0; i < 15; i++)
    {
      g_autoptr(XnLiveRow) row = g_list_model_get_item (list, i);

      ck_assert_uint_gt (seq_of (row), 25);
    }
  assert_sorted (list, "info", 1);
  assert_mirror (list, m);
  xn_violation_model_clear (store);
  ck_assert_uint_eq (g_list_model_get_n_items (list), 0);
  ck_assert_ptr_null (g_list_model_get_item (list, 0));
  assert_mirror (list, m);
  mirror_free (m);
}
END_TEST

/* Two views of one host: each its own filter and order over the one copy
 * of the rows; what one marks, the other shows marked; rows read, and
 * rows cleared, reach both. */
START_TEST (test_two_views)
{
  g_autoptr(XnViolationModel) store = xn_violation_model_new ();
  g_autoptr(XnViolationFilterModel) a = xn_violation_filter_model_new (store);
  g_autoptr(XnViolationFilterModel) b = NULL;
  g_autoptr(GHashTable) t = tags ();
  g_autoptr(GArray) seqs = NULL;
  Mirror *ma = mirror_new (a), *mb;

  xn_violation_model_append (store, rows (1, 60), t);
  /* A view made later sees what was read before it. */
  b = xn_violation_filter_model_new (store);
  mb = mirror_new (b);
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (store)), 60);
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (b)), 60);
  ck_assert_ptr_eq (xn_violation_filter_model_get_rows (a), xn_violation_filter_model_get_rows (b));

  xn_violation_filter_model_set_filter (a, "user_vm_1", NULL);
  xn_violation_filter_model_set_sort (b, "time", TRUE);
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (a)), 15);
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (b)), 60);
  assert_sorted (G_LIST_MODEL (b), "time", -1);

  /* Marked through one, viewed in both. */
  seqs = xn_violation_filter_model_mark_shown_viewed (a);
  ck_assert_uint_eq (seqs->len, 13);
  ck_assert_uint_eq (mb->rows_changed, 1);
  ck_assert_uint_eq (xn_violation_filter_model_get_n_new (b), 60 - 8 - 13);
  for (guint i = 0; i < 60; i++)
    {
      g_autoptr(XnLiveRow) row = g_list_model_get_item (G_LIST_MODEL (b), i);

      if (seq_of (row) % 4 == 1)
        ck_assert_msg (xn_live_row_get_number (row, "viewed") != 0, "seq %" G_GUINT64_FORMAT " reads new in "
                       "the other view", seq_of (row));
    }

  /* New rows reach both, each by its own filter and order. */
  xn_violation_model_append (store, rows (61, 20), t);
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (a)), 20);
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (b)), 80);
  assert_sorted (G_LIST_MODEL (b), "time", -1);
  assert_mirror (G_LIST_MODEL (a), ma);
  assert_mirror (G_LIST_MODEL (b), mb);

  /* A clear drops the rows from both. */
  xn_violation_model_drop_up_to (store, 40);
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (a)), 10);
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (b)), 40);
  assert_sorted (G_LIST_MODEL (b), "time", -1);
  assert_mirror (G_LIST_MODEL (a), ma);
  assert_mirror (G_LIST_MODEL (b), mb);
  xn_violation_model_clear (store);
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (a)), 0);
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (b)), 0);
  assert_mirror (G_LIST_MODEL (b), mb);
  mirror_free (ma);
  mirror_free (mb);
}
END_TEST

static Suite *
violation_model_suite (void)
{
  Suite *s = suite_create ("violation-model");
  TCase *tc = tcase_create ("core");

  tcase_add_test (tc, test_filter);
  tcase_add_test (tc, test_sort);
  tcase_add_test (tc, test_live_rows_sorted);
  tcase_add_test (tc, test_mark_viewed);
  tcase_add_test (tc, test_drop_and_clear);
  tcase_add_test (tc, test_two_views);
  suite_add_tcase (s, tc);
  return s;
}

XN_TEST_MAIN (violation_model_suite)
