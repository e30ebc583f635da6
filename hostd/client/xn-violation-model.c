/* xn-violation-model.c: a million violations, compactly
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The violations log can hold a million rows.  One GObject per row would
 * cost gigabytes and make every filter walk a million objects, so rows
 * are kept as 32-byte records whose strings (domain, tag, reason, info)
 * are interned: a handful of distinct values in practice.  The model
 * filters itself into an index array (a text search tests each distinct
 * string once, then each row by index), counts what is new as it goes,
 * and makes the #XnLiveRow a table cell binds only when GTK asks for that
 * row.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "xn-live-row.h"
#include "xn-violation-model.h"

typedef struct
{
  guint64 seq;
  gint64  time;
  guint32 domain;   /* indices into strings */
  guint32 tag;
  guint32 reason;
  guint32 info;
  guint8  viewed;
} Record;

typedef enum
{
  SORT_NONE,   /* seq: the order read */
  SORT_TIME,
  SORT_DOMAIN,
  SORT_TAG,
  SORT_REASON,
  SORT_INFO,
  SORT_VIEWED,
} SortKey;

static const struct { const char *key; SortKey sort; } sort_keys[] = {
  { "seq", SORT_NONE }, { "module", SORT_NONE }, { "time", SORT_TIME }, { "domain", SORT_DOMAIN },
  { "tag", SORT_TAG }, { "reason", SORT_REASON }, { "info", SORT_INFO }, { "viewed", SORT_VIEWED },
};

struct _XnViolationModel
{
  GObject     parent_instance;

  GArray     *records;   /* Record, in seq order */
  GPtrArray  *strings;   /* interned, index → string */
  GHashTable *index;     /* string → index + 1 */
  GArray     *shown;     /* guint32 indices into records */
  guint       n_new;     /* unviewed among shown */
  char       *filter_name;
  char       *filter_text;
  guint64     last_seq;
  SortKey     sort_key;
  gboolean    descending;
  guint32    *rank;       /* per string: its place in collation order */
  guint       n_ranked;   /* strings ranked (strings added since: none) */
};

enum { ROWS_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void xn_violation_model_list_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (XnViolationModel, xn_violation_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, xn_violation_model_list_init))

static guint32
intern (XnViolationModel *self,
        const char       *s)
{
  gpointer v = g_hash_table_lookup (self->index, s);
  char *copy;

  if (v != NULL)
    return GPOINTER_TO_UINT (v) - 1;
  copy = g_strdup (s);
  g_ptr_array_add (self->strings, copy);
  g_hash_table_insert (self->index, copy, GUINT_TO_POINTER (self->strings->len));
  return self->strings->len - 1;
}

static const char *
str (XnViolationModel *self,
     guint32           i)
{
  return g_ptr_array_index (self->strings, i);
}

static GType
list_get_item_type (GListModel *model)
{
  return XN_TYPE_LIVE_ROW;
}

static guint
list_get_n_items (GListModel *model)
{
  return XN_VIOLATION_MODEL (model)->shown->len;
}

static gpointer
list_get_item (GListModel *model,
               guint       position)
{
  XnViolationModel *self = XN_VIOLATION_MODEL (model);
  const Record *r;
  GVariantDict d;

  if (position >= self->shown->len)
    return NULL;
  r = &g_array_index (self->records, Record, g_array_index (self->shown, guint32, position));
  g_variant_dict_init (&d, NULL);
  g_variant_dict_insert (&d, "seq", "t", r->seq);
  g_variant_dict_insert (&d, "time", "x", r->time);
  g_variant_dict_insert (&d, "domain", "s", str (self, r->domain));
  g_variant_dict_insert (&d, "tag", "s", str (self, r->tag));
  g_variant_dict_insert (&d, "reason", "s", str (self, r->reason));
  /* Every violation the daemon stores comes from the hypercall guard
   * (the network drops what conflicts, silently, by design). */
  g_variant_dict_insert (&d, "module", "s", _("hypercall guard"));
  g_variant_dict_insert (&d, "info", "s", str (self, r->info));
  g_variant_dict_insert (&d, "viewed", "b", (gboolean) r->viewed);
  return xn_live_row_new (g_variant_dict_end (&d));
}

static void
xn_violation_model_list_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

static void
xn_violation_model_finalize (GObject *object)
{
  XnViolationModel *self = XN_VIOLATION_MODEL (object);

  g_array_unref (self->records);
  g_array_unref (self->shown);
  g_hash_table_unref (self->index);
  g_ptr_array_unref (self->strings);
  g_free (self->filter_name);
  g_free (self->filter_text);
  g_free (self->rank);
  G_OBJECT_CLASS (xn_violation_model_parent_class)->finalize (object);
}

static void
xn_violation_model_class_init (XnViolationModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = xn_violation_model_finalize;
  /**
   * XnViolationModel::rows-changed:
   *
   * Values of shown rows changed in place (marked viewed), in the same
   * order: views read the rows they show again.  Cheaper for a view than
   * items-changed over every row.
   */
  signals[ROWS_CHANGED] = g_signal_new ("rows-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
xn_violation_model_init (XnViolationModel *self)
{
  self->records = g_array_new (FALSE, FALSE, sizeof (Record));
  self->shown = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->strings = g_ptr_array_new_with_free_func (g_free);
  self->index = g_hash_table_new (g_str_hash, g_str_equal);
}

XnViolationModel *
xn_violation_model_new (void)
{
  return g_object_new (XN_TYPE_VIOLATION_MODEL, NULL);
}

/* Per distinct string: does it pass the filter?  (-1: not asked yet) */
typedef struct
{
  XnViolationModel *self;
  gint8            *text_ok;
  char             *needle;   /* casefolded search text */
  gint8            *name_ok;
  char             *prefix;   /* casefolded domain-or-tag filter */
} Matcher;

static gboolean
contains_folded (const char *hay,
                 const char *needle)
{
  g_autofree char *h = g_utf8_casefold (hay, -1);

  return strstr (h, needle) != NULL;
}

static gboolean
text_ok (Matcher  *m,
         guint32   i)
{
  if (m->text_ok[i] < 0)
    m->text_ok[i] = contains_folded (str (m->self, i), m->needle);
  return m->text_ok[i];
}

/* A domain or tag filter matches the start of the name ("entert" finds
 * entertainment), whatever the case. */
static gboolean
name_ok (Matcher *m,
         guint32  i)
{
  if (m->name_ok[i] < 0)
    {
      g_autofree char *folded = g_utf8_casefold (str (m->self, i), -1);

      m->name_ok[i] = g_str_has_prefix (folded, m->prefix);
    }
  return m->name_ok[i];
}

static gboolean
passes (Matcher      *m,
        const Record *r)
{
  if (m->prefix != NULL && !name_ok (m, r->domain) && !name_ok (m, r->tag))
    return FALSE;
  if (m->needle != NULL
      && !text_ok (m, r->domain) && !text_ok (m, r->reason) && !text_ok (m, r->info))
    return FALSE;
  return TRUE;
}

/* Everything shown changed.  (GTK 4.8's list item manager then asks for
 * every added row while it looks for the widgets of removed ones: the
 * cost of a filter at a million rows is there, not in this model; two
 * emissions, remove then add, trip an assertion in that manager.) */
static void
replace_all (XnViolationModel *self,
             guint             before)
{
  g_list_model_items_changed (G_LIST_MODEL (self), 0, before, self->shown->len);
}

/* Sorting: the shown index array itself is sorted, so nothing holds an
 * object per row (a GtkSortListModel over a million rows would). */

static int
compare_strings (gconstpointer a,
                 gconstpointer b,
                 gpointer      data)
{
  GPtrArray *strings = data;

  return g_utf8_collate (g_ptr_array_index (strings, *(const guint32 *) a),
                         g_ptr_array_index (strings, *(const guint32 *) b));
}

static void
ensure_ranks (XnViolationModel *self)
{
  guint n = self->strings->len;
  g_autofree guint32 *order = NULL;

  if (self->n_ranked == n && self->rank != NULL)
    return;
  order = g_new (guint32, MAX (n, 1));
  for (guint32 i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, (int) n, sizeof (guint32), compare_strings, self->strings);
  self->rank = g_renew (guint32, self->rank, MAX (n, 1));
  for (guint32 i = 0; i < n; i++)
    self->rank[order[i]] = i;
  self->n_ranked = n;
}

#define CMP(x, y) (((x) > (y)) - ((x) < (y)))

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      data)
{
  XnViolationModel *self = data;
  const Record *x = &g_array_index (self->records, Record, *(const guint32 *) a);
  const Record *y = &g_array_index (self->records, Record, *(const guint32 *) b);
  int c = 0;

  switch (self->sort_key)
    {
    case SORT_NONE: break;
    case SORT_TIME: c = CMP (x->time, y->time); break;
    case SORT_DOMAIN: c = CMP (self->rank[x->domain], self->rank[y->domain]); break;
    case SORT_TAG: c = CMP (self->rank[x->tag], self->rank[y->tag]); break;
    case SORT_REASON: c = CMP (self->rank[x->reason], self->rank[y->reason]); break;
    case SORT_INFO: c = CMP (self->rank[x->info], self->rank[y->info]); break;
    case SORT_VIEWED: c = CMP (x->viewed, y->viewed); break;
    default: break;
    }
  if (c == 0)
    c = CMP (x->seq, y->seq);
  return self->descending ? -c : c;
}

/* Shown is built in seq order: nothing to sort then. */
static gboolean
in_read_order (XnViolationModel *self)
{
  return self->sort_key == SORT_NONE && !self->descending;
}

static void
sort_shown (XnViolationModel *self)
{
  if (in_read_order (self))
    return;
  ensure_ranks (self);
  g_qsort_with_data (self->shown->data, (int) self->shown->len, sizeof (guint32), compare_rows, self);
}

/* New rows at the end of shown (from @first on) go to their sorted places,
 * announced a run of neighbours at a time (live rows sorted by time all
 * land in one run). */
static void
insert_sorted (XnViolationModel *self,
               guint             first)
{
  guint n_new = self->shown->len - first;
  g_autofree guint32 *fresh = NULL;
  guint i = 0;

  if (n_new == 0)
    return;
  if (in_read_order (self))
    {
      g_list_model_items_changed (G_LIST_MODEL (self), first, 0, n_new);
      return;
    }
  ensure_ranks (self);
  fresh = g_memdup2 (&g_array_index (self->shown, guint32, first), n_new * sizeof (guint32));
  g_qsort_with_data (fresh, (int) n_new, sizeof (guint32), compare_rows, self);
  g_array_set_size (self->shown, first);
  while (i < n_new)
    {
      /* Where fresh[i] goes among what is shown now, and how many of the
       * next fresh rows go there too. */
      guint lo = 0, hi = self->shown->len, run = 1;

      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          if (compare_rows (&g_array_index (self->shown, guint32, mid), &fresh[i], self) < 0)
            lo = mid + 1;
          else
            hi = mid;
        }
      while (i + run < n_new
             && (lo == self->shown->len
                 || compare_rows (&fresh[i + run], &g_array_index (self->shown, guint32, lo), self) < 0))
        run++;
      g_array_insert_vals (self->shown, lo, &fresh[i], run);
      g_list_model_items_changed (G_LIST_MODEL (self), lo, 0, run);
      i += run;
    }
}

/**
 * xn_violation_model_set_sort:
 * @key: (nullable): "time", "domain", "tag", "reason", "info" or
 *   "viewed"; %NULL, "seq" or "module" (the same for every row): the
 *   order read
 * @descending: greatest first
 *
 * Orders the rows shown, ties in the order read.  Every row moves: a view
 * over a million rows detaches while this runs (xn-violations-table.c).
 */
void
xn_violation_model_set_sort (XnViolationModel *self,
                             const char       *key,
                             gboolean          descending)
{
  SortKey sort = SORT_NONE;

  for (guint i = 0; key != NULL && i < G_N_ELEMENTS (sort_keys); i++)
    if (g_str_equal (sort_keys[i].key, key))
      sort = sort_keys[i].sort;
  self->sort_key = sort;
  self->descending = descending;
  /* Back to the order read from another order: that needs a sort too. */
  ensure_ranks (self);
  g_qsort_with_data (self->shown->data, (int) self->shown->len, sizeof (guint32), compare_rows, self);
  replace_all (self, self->shown->len);
}

/* Re-filters records from @from on, appending to shown. */
static void
filter_from (XnViolationModel *self,
             guint             from)
{
  Matcher m = { self, NULL, NULL, NULL, NULL };
  guint n = self->strings->len;

  if (self->filter_text != NULL)
    {
      m.needle = g_utf8_casefold (self->filter_text, -1);
      m.text_ok = g_new (gint8, n);
      memset (m.text_ok, -1, n);
    }
  if (self->filter_name != NULL)
    {
      m.prefix = g_utf8_casefold (self->filter_name, -1);
      m.name_ok = g_new (gint8, n);
      memset (m.name_ok, -1, n);
    }
  for (guint i = from; i < self->records->len; i++)
    {
      const Record *r = &g_array_index (self->records, Record, i);

      if (self->filter_name == NULL && m.needle == NULL ? TRUE : passes (&m, r))
        {
          guint32 idx = i;

          g_array_append_val (self->shown, idx);
          if (!r->viewed)
            self->n_new++;
        }
    }
  g_free (m.needle);
  g_free (m.text_ok);
  g_free (m.prefix);
  g_free (m.name_ok);
}

/**
 * xn_violation_model_append:
 * @rows: GetViolations' rows, a(txssutsssb)
 * @tags: (nullable): domain UUID → tag name
 */
void
xn_violation_model_append (XnViolationModel *self,
                           GVariant         *rows,
                           GHashTable       *tags)
{
  guint64 seq, subop;
  gboolean viewed;
  GVariantIter iter;
  gint64 time;
  guint32 hcall;
  const char *uuid, *name, *reason, *info, *action;
  guint first = self->records->len, shown_before = self->shown->len;

  g_variant_iter_init (&iter, rows);
  while (g_variant_iter_next (&iter, "(tx&s&sut&s&s&sb)", &seq, &time, &uuid, &name, &hcall, &subop,
                              &reason, &info, &action, &viewed))
    {
      const char *tag = tags != NULL ? g_hash_table_lookup (tags, uuid) : NULL;
      Record r = { seq, time, intern (self, name), intern (self, tag != NULL ? tag : ""),
                   intern (self, reason), 0, (guint8) viewed };

      if (*action)
        {
          g_autofree char *both = g_strdup_printf ("%s; %s", info, action);

          r.info = intern (self, both);
        }
      else
        r.info = intern (self, info);
      g_array_append_val (self->records, r);
      self->last_seq = MAX (self->last_seq, seq);
    }
  filter_from (self, first);
  insert_sorted (self, shown_before);
}

/**
 * xn_violation_model_set_filter:
 * @domain_or_tag: (nullable): only this domain's or tag's rows
 * @text: (nullable): only rows whose domain, reason or info contains
 *   this, case-insensitively
 */
void
xn_violation_model_set_filter (XnViolationModel *self,
                               const char       *domain_or_tag,
                               const char       *text)
{
  guint before = self->shown->len;

  g_free (self->filter_name);
  self->filter_name = domain_or_tag != NULL && *domain_or_tag ? g_strdup (domain_or_tag) : NULL;
  g_free (self->filter_text);
  self->filter_text = text != NULL && *text ? g_strdup (text) : NULL;
  g_array_set_size (self->shown, 0);
  self->n_new = 0;
  filter_from (self, 0);
  sort_shown (self);
  replace_all (self, before);
}

guint
xn_violation_model_get_n_total (XnViolationModel *self)
{
  return self->records->len;
}

/* Unviewed rows among those shown. */
guint
xn_violation_model_get_n_new (XnViolationModel *self)
{
  return self->n_new;
}

guint64
xn_violation_model_get_last_seq (XnViolationModel *self)
{
  return self->last_seq;
}

/**
 * xn_violation_model_mark_shown_viewed:
 *
 * Marks the shown unviewed rows viewed here (the caller tells the host).
 *
 * Returns: (transfer full) (element-type guint64): their seqs
 */
GArray *
xn_violation_model_mark_shown_viewed (XnViolationModel *self)
{
  GArray *seqs = g_array_new (FALSE, FALSE, sizeof (guint64));

  for (guint i = 0; i < self->shown->len; i++)
    {
      Record *r = &g_array_index (self->records, Record, g_array_index (self->shown, guint32, i));

      if (!r->viewed)
        {
          r->viewed = 1;
          g_array_append_val (seqs, r->seq);
        }
    }
  self->n_new = 0;
  if (seqs->len == 0)
    return seqs;
  if (self->sort_key == SORT_VIEWED)
    {
      /* The order itself changed. */
      sort_shown (self);
      replace_all (self, self->shown->len);
    }
  else
    /* Items are made on demand: views make the ones they show again. */
    g_signal_emit (self, signals[ROWS_CHANGED], 0);
  return seqs;
}

/* Forgets the rows up to @seq (cleared: archived on the host). */
void
xn_violation_model_drop_up_to (XnViolationModel *self,
                               guint64           seq)
{
  guint keep = 0, before = self->shown->len;

  while (keep < self->records->len && g_array_index (self->records, Record, keep).seq <= seq)
    keep++;
  g_array_remove_range (self->records, 0, keep);
  g_array_set_size (self->shown, 0);
  self->n_new = 0;
  filter_from (self, 0);
  sort_shown (self);
  replace_all (self, before);
}

void
xn_violation_model_clear (XnViolationModel *self)
{
  guint before = self->shown->len;

  g_array_set_size (self->records, 0);
  g_array_set_size (self->shown, 0);
  self->n_new = 0;
  self->last_seq = 0;
  if (before > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, before, 0);
}

/* Whether marking rows viewed reorders them (a view then detaches). */
gboolean
xn_violation_model_sort_is_by_viewed (XnViolationModel *self)
{
  return self->sort_key == SORT_VIEWED;
}
