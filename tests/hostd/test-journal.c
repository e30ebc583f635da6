/* test-journal.c: how many of a domain's violations reach the journal
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The per-domain limit on its own, with a clock the test sets: a burst
 * journalled one by one, the rest of the window in one summary, and a
 * flooding domain never keeping another's violations out.  The daemon
 * under journald, with a guest flooding, is tests/host's part.
 */

#include "config.h"

#include <check.h>

#include "xn-journal.h"

#define S G_USEC_PER_SEC
#define A "0f716bf2-6847-44a7-b808-0d3558597408"
#define B "cdab275e-d829-5dd1-917f-4a0334d78aec"

typedef struct
{
  guint   n;
  char   *uuid[8];
  char   *name[8];
  guint64 count[8], first[8], last[8];
} Held;

static void
collect (const XnJournalHeld *h,
         gpointer             user_data)
{
  Held *held = user_data;

  ck_assert_uint_lt (held->n, 8);
  held->uuid[held->n] = g_strdup (h->domain_uuid);
  held->name[held->n] = g_strdup (h->domain_name);
  held->count[held->n] = h->count;
  held->first[held->n] = h->first_seq;
  held->last[held->n] = h->last_seq;
  held->n++;
}

static void
held_clear (Held *held)
{
  for (guint i = 0; i < held->n; i++)
    {
      g_free (held->uuid[i]);
      g_free (held->name[i]);
    }
  memset (held, 0, sizeof *held);
}

/* Admits @n violations of @uuid at @now, numbered from @seq; returns how
 * many were let through. */
static guint
admit_n (XnJournalLimit *limit,
         const char     *uuid,
         const char     *name,
         guint64         seq,
         guint           n,
         gint64          now)
{
  guint through = 0;

  for (guint i = 0; i < n; i++)
    through += xn_journal_limit_admit (limit, uuid, name, seq + i, now);
  return through;
}

START_TEST (test_burst_then_summary)
{
  g_autoptr(XnJournalLimit) limit = xn_journal_limit_new (20, 10 * S);
  Held held = { 0 };

  ck_assert_uint_eq (admit_n (limit, A, "flood1", 1, 1000, 1 * S), 20);
  /* Within the window nothing is handed out yet. */
  xn_journal_limit_flush (limit, 10 * S, FALSE, collect, &held);
  ck_assert_uint_eq (held.n, 0);
  xn_journal_limit_flush (limit, 11 * S, FALSE, collect, &held);
  ck_assert_uint_eq (held.n, 1);
  ck_assert_str_eq (held.uuid[0], A);
  ck_assert_str_eq (held.name[0], "flood1");
  ck_assert_uint_eq (held.count[0], 980);
  ck_assert_uint_eq (held.first[0], 21);
  ck_assert_uint_eq (held.last[0], 1000);
  held_clear (&held);

  /* The next window: a burst again, then held again. */
  ck_assert_uint_eq (admit_n (limit, A, "flood1", 1001, 30, 12 * S), 20);
  xn_journal_limit_flush (limit, 21 * S, FALSE, collect, &held);
  ck_assert_uint_eq (held.n, 1);
  ck_assert_uint_eq (held.count[0], 10);
  ck_assert_uint_eq (held.first[0], 1021);
  ck_assert_uint_eq (held.last[0], 1030);
  held_clear (&held);

  /* Nothing held: nothing handed out. */
  xn_journal_limit_flush (limit, 60 * S, FALSE, collect, &held);
  ck_assert_uint_eq (held.n, 0);
}
END_TEST

START_TEST (test_quiet_domain_never_held)
{
  g_autoptr(XnJournalLimit) limit = xn_journal_limit_new (20, 10 * S);
  Held held = { 0 };

  /* Fewer than the burst in every window, for a minute: all journalled. */
  for (guint w = 0; w < 6; w++)
    {
      ck_assert_uint_eq (admit_n (limit, B, "probe1", 1 + 19 * w, 19, (gint64) w * 10 * S + S), 19);
      xn_journal_limit_flush (limit, (gint64) (w + 1) * 10 * S + S, FALSE, collect, &held);
    }
  ck_assert_uint_eq (held.n, 0);
}
END_TEST

START_TEST (test_flooder_keeps_no_one_out)
{
  g_autoptr(XnJournalLimit) limit = xn_journal_limit_new (20, 10 * S);
  Held held = { 0 };

  ck_assert_uint_eq (admit_n (limit, A, "flood1", 1, 100000, 1 * S), 20);
  /* probe1's two violations, in the flood's window: both journalled. */
  ck_assert_uint_eq (admit_n (limit, B, "probe1", 100001, 2, 2 * S), 2);
  xn_journal_limit_flush (limit, 12 * S, FALSE, collect, &held);
  ck_assert_uint_eq (held.n, 1);
  ck_assert_str_eq (held.uuid[0], A);
  ck_assert_uint_eq (held.count[0], 99980);
  held_clear (&held);
}
END_TEST

START_TEST (test_stop_hands_out_everything)
{
  g_autoptr(XnJournalLimit) limit = xn_journal_limit_new (20, 10 * S);
  Held held = { 0 };

  admit_n (limit, A, "flood1", 1, 25, 1 * S);
  admit_n (limit, B, "batch1", 26, 21, 1 * S);
  /* The daemon stops before the window ends: no count is lost. */
  xn_journal_limit_flush (limit, 2 * S, TRUE, collect, &held);
  ck_assert_uint_eq (held.n, 2);
  ck_assert_uint_eq (held.count[0] + held.count[1], 6);
  held_clear (&held);
}
END_TEST

static Suite *
journal_suite (void)
{
  Suite *s = suite_create ("journal");
  TCase *tc = tcase_create ("limit");

  tcase_add_test (tc, test_burst_then_summary);
  tcase_add_test (tc, test_quiet_domain_never_held);
  tcase_add_test (tc, test_flooder_keeps_no_one_out);
  tcase_add_test (tc, test_stop_hands_out_everything);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  SRunner *sr = srunner_create (journal_suite ());
  int failed;

  srunner_run_all (sr, CK_NORMAL);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed == 0 ? 0 : 1;
}
