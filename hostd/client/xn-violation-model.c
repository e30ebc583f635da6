/* xn-violation-model.c: a million violations, compactly
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The violations log can hold a million rows.  One GObject per row would
 * cost gigabytes and make every filter walk a million objects, so rows
 * are kept as 32-byte records whose strings (domain, tag, reason, info)
 * are interned: a handful of distinct values in practice.
 *
 * Two classes share this file, and so the records:
 *
 * - #XnViolationModel holds a host's rows, once: its #XnViolationLog
 *   fills it as pages arrive, drops what a clear archived, and empties
 *   it on a reconnection.  As a list it is every row in the order read.
 * - #XnViolationFilterModel is one view's window on those rows: its own
 *   filter and sort over an index array (4 bytes a row shown; a text
 *   search tests each distinct string once, then each row by index), the
 *   count of new rows among them, and the #XnLiveRow a table cell binds,
 *   made only when asked for that row.  Two views of one host filter
 *   differently and still show the same rows: a mark made through one is
 *   in the records both read.
 *
 * No GTK here: the app's views bind to these, tests read them without a
 * display.
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
  guint64     last_seq;
  guint32    *rank;       /* per string: its place in collation order */
  guint       n_ranked;   /* strings ranked (strings added since: none) */
};

struct _XnViolationFilterModel
{
  GObject           parent_instance;

  XnViolationModel *rows;      /* owned */
  gulong            changed_id;
  gulong            marked_id;
  GArray           *shown;     /* guint32 indices into rows->records */
  guint             n_new;     /* unviewed among shown */
  char             *filter_name;
  char             *filter_text;
  SortKey           sort_key;
  gboolean          descending;
};

enum { MODEL_ROWS_CHANGED, N_MODEL_SIGNALS };
static guint model_signals[N_MODEL_SIGNALS];
enum { ROWS_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void xn_violation_model_list_init (GListModelInterface *iface);
static void xn_violation_filter_model_list_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (XnViolationModel, xn_violation_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, xn_violation_model_list_init))
G_DEFINE_FINAL_TYPE_WITH_CODE (XnViolationFilterModel, xn_violation_filter_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, xn_violation_filter_model_list_init))

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

/* The row object a view binds, made when asked for. */
static XnLiveRow *
row_new (XnViolationModel *self,
         guint32           record)
{
  const Record *r = &g_array_index (self->records, Record, record);
  GVariantDict d;

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

/* XnViolationModel: the rows, once */

static GType
model_get_item_type (GListModel *model)
{
  return XN_TYPE_LIVE_ROW;
}

static guint
model_get_n_items (GListModel *model)
{
  return XN_VIOLATION_MODEL (model)->records->len;
}

static gpointer
model_get_item (GListModel *model,
                guint       position)
{
  XnViolationModel *self = XN_VIOLATION_MODEL (model);

  if (position >= self->records->len)
    return NULL;
  return row_new (self, position);
}

static void
xn_violation_model_list_init (GListModelInterface *iface)
{
  iface->get_item_type = model_get_item_type;
  iface->get_n_items = model_get_n_items;
  iface->get_item = model_get_item;
}

static void
xn_violation_model_finalize (GObject *object)
{
  XnViolationModel *self = XN_VIOLATION_MODEL (object);

  g_array_unref (self->records);
  g_hash_table_unref (self->index);
  g_ptr_array_unref (self->strings);
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
   * Rows were marked viewed in place: same rows, same order, so no
   * items-changed; whoever shows them reads them again.
   */
  model_signals[MODEL_ROWS_CHANGED] =
    g_signal_new ("rows-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
xn_violation_model_init (XnViolationModel *self)
{
  self->records = g_array_new (FALSE, FALSE, sizeof (Record));
  self->strings = g_ptr_array_new_with_free_func (g_free);
  self->index = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * xn_violation_model_new:
 *
 * Returns: (transfer full): an empty log of rows; a host's
 *   #XnViolationLog keeps the one its views show
 *   (xn_violation_log_get_rows())
 */
XnViolationModel *
xn_violation_model_new (void)
{
  return g_object_new (XN_TYPE_VIOLATION_MODEL, NULL);
}

/**
 * xn_violation_model_append:
 * @rows: GetViolations' rows, a(txssutsssb), after those held
 * @tags: (nullable) (element-type utf8 utf8): domain UUID → tag name
 *
 * Adds the rows at the end (one items-changed); every filter model over
 * this one takes in those that pass its filter.
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
  guint first = self->records->len;

  g_return_if_fail (XN_IS_VIOLATION_MODEL (self));
  g_return_if_fail (g_variant_is_of_type (rows, G_VARIANT_TYPE ("a(txssutsssb)")));

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
  if (self->records->len > first)
    g_list_model_items_changed (G_LIST_MODEL (self), first, 0, self->records->len - first);
}

/**
 * xn_violation_model_get_n_total:
 *
 * Returns: how many rows are held
 */
guint
xn_violation_model_get_n_total (XnViolationModel *self)
{
  g_return_val_if_fail (XN_IS_VIOLATION_MODEL (self), 0);
  return self->records->len;
}

/**
 * xn_violation_model_get_last_seq:
 *
 * Returns: the greatest seq held or once held since the last
 *   xn_violation_model_clear(), 0 before any
 */
guint64
xn_violation_model_get_last_seq (XnViolationModel *self)
{
  g_return_val_if_fail (XN_IS_VIOLATION_MODEL (self), 0);
  return self->last_seq;
}

/**
 * xn_violation_model_drop_up_to:
 * @seq: the last seq archived
 *
 * Forgets the rows up to @seq (cleared: archived on the host), one
 * items-changed at the front.
 */
void
xn_violation_model_drop_up_to (XnViolationModel *self,
                               guint64           seq)
{
  guint keep = 0;

  g_return_if_fail (XN_IS_VIOLATION_MODEL (self));

  while (keep < self->records->len && g_array_index (self->records, Record, keep).seq <= seq)
    keep++;
  if (keep == 0)
    return;
  g_array_remove_range (self->records, 0, keep);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, keep, 0);
}

/**
 * xn_violation_model_clear:
 *
 * Forgets every row and the last seq (a reconnection reads the log
 * again from its start).
 */
void
xn_violation_model_clear (XnViolationModel *self)
{
  guint before;

  g_return_if_fail (XN_IS_VIOLATION_MODEL (self));

  before = self->records->len;
  g_array_set_size (self->records, 0);
  self->last_seq = 0;
  if (before > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, before, 0);
}

/* XnViolationFilterModel: one view's filter and order */

static GType
filter_get_item_type (GListModel *model)
{
  return XN_TYPE_LIVE_ROW;
}

static guint
filter_get_n_items (GListModel *model)
{
  return XN_VIOLATION_FILTER_MODEL (model)->shown->len;
}

static gpointer
filter_get_item (GListModel *model,
                 guint       position)
{
  XnViolationFilterModel *self = XN_VIOLATION_FILTER_MODEL (model);

  if (position >= self->shown->len)
    return NULL;
  return row_new (self->rows, g_array_index (self->shown, guint32, position));
}

static void
xn_violation_filter_model_list_init (GListModelInterface *iface)
{
  iface->get_item_type = filter_get_item_type;
  iface->get_n_items = filter_get_n_items;
  iface->get_item = filter_get_item;
}

/* Per distinct string: does it pass the filter?  (-1: not asked yet) */
typedef struct
{
  XnViolationModel *rows;
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
    m->text_ok[i] = contains_folded (str (m->rows, i), m->needle);
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
      g_autofree char *folded = g_utf8_casefold (str (m->rows, i), -1);

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

/* Everything shown changed: one emission.  (Two, remove then add, trip
 * an assertion in GTK 4.8's list item manager; what a list view pays
 * for this one, xn-violations-table.c deals with.) */
static void
replace_all (XnViolationFilterModel *self,
             guint                   before)
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

/* The strings' collation ranks, shared by every filter model: strings
 * are only ever added, so they stay valid until one is. */
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
  XnViolationFilterModel *self = data;
  XnViolationModel *rows = self->rows;
  const Record *x = &g_array_index (rows->records, Record, *(const guint32 *) a);
  const Record *y = &g_array_index (rows->records, Record, *(const guint32 *) b);
  int c = 0;

  switch (self->sort_key)
    {
    case SORT_NONE: break;
    case SORT_TIME: c = CMP (x->time, y->time); break;
    case SORT_DOMAIN: c = CMP (rows->rank[x->domain], rows->rank[y->domain]); break;
    case SORT_TAG: c = CMP (rows->rank[x->tag], rows->rank[y->tag]); break;
    case SORT_REASON: c = CMP (rows->rank[x->reason], rows->rank[y->reason]); break;
    case SORT_INFO: c = CMP (rows->rank[x->info], rows->rank[y->info]); break;
    case SORT_VIEWED: c = CMP (x->viewed, y->viewed); break;
    default: break;
    }
  if (c == 0)
    c = CMP (x->seq, y->seq);
  return self->descending ? -c : c;
}

/* Shown is built in seq order: nothing to sort then. */
static gboolean
in_read_order (XnViolationFilterModel *self)
{
  return self->sort_key == SORT_NONE && !self->descending;
}

static void
sort_shown (XnViolationFilterModel *self)
{
  if (in_read_order (self))
    return;
  ensure_ranks (self->rows);
  g_qsort_with_data (self->shown->data, (int) self->shown->len, sizeof (guint32), compare_rows, self);
}

/* New rows at the end of shown (from @first on) go to their sorted places,
 * announced a run of neighbours at a time (live rows sorted by time all
 * land in one run). */
static void
insert_sorted (XnViolationFilterModel *self,
               guint                   first)
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
  ensure_ranks (self->rows);
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

/* Re-filters records from @from on, appending to shown. */
static void
filter_from (XnViolationFilterModel *self,
             guint                   from)
{
  XnViolationModel *rows = self->rows;
  Matcher m = { rows, NULL, NULL, NULL, NULL };
  guint n = rows->strings->len;

  if (self->filter_text != NULL)
    {
      m.needle = g_utf8_casefold (self->filter_text, -1);
      m.text_ok = g_new (gint8, MAX (n, 1));
      memset (m.text_ok, -1, n);
    }
  if (self->filter_name != NULL)
    {
      m.prefix = g_utf8_casefold (self->filter_name, -1);
      m.name_ok = g_new (gint8, MAX (n, 1));
      memset (m.name_ok, -1, n);
    }
  for (guint i = from; i < rows->records->len; i++)
    {
      const Record *r = &g_array_index (rows->records, Record, i);

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

/* The first @dropped records went (cleared, or all of them): what is
 * shown loses them and the rest move down by as many, in the same order,
 * so nothing needs sorting again. */
static void
rows_dropped (XnViolationFilterModel *self,
              guint                   dropped)
{
  guint before = self->shown->len, kept = 0;

  self->n_new = 0;
  for (guint i = 0; i < self->shown->len; i++)
    {
      guint32 idx = g_array_index (self->shown, guint32, i);

      if (idx < dropped)
        continue;
      idx -= dropped;
      g_array_index (self->shown, guint32, kept++) = idx;
      if (!g_array_index (self->rows->records, Record, idx).viewed)
        self->n_new++;
    }
  g_array_set_size (self->shown, kept);
  if (before == 0 && kept == 0)
    return;
  if (kept == 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, before, 0);
  else
    replace_all (self, before);
}

static void
source_changed_cb (XnViolationModel       *rows,
                   guint                   position,
                   guint                   removed,
                   guint                   added,
                   XnViolationFilterModel *self)
{
  guint first = self->shown->len, before = self->shown->len;

  /* XnViolationModel only appends at the end and drops from the front. */
  if (removed == 0 && position + added == rows->records->len)
    {
      filter_from (self, position);
      insert_sorted (self, first);
    }
  else if (position == 0 && added == 0)
    rows_dropped (self, removed);
  else
    {
      g_array_set_size (self->shown, 0);
      self->n_new = 0;
      filter_from (self, 0);
      sort_shown (self);
      replace_all (self, before);
    }
}

/* Rows were marked viewed, through this filter model or another one over
 * the same rows. */
static void
source_rows_changed_cb (XnViolationModel       *rows,
                        XnViolationFilterModel *self)
{
  self->n_new = 0;
  for (guint i = 0; i < self->shown->len; i++)
    if (!g_array_index (rows->records, Record, g_array_index (self->shown, guint32, i)).viewed)
      self->n_new++;
  if (self->sort_key == SORT_VIEWED)
    {
      /* The order itself changed. */
      sort_shown (self);
      replace_all (self, self->shown->len);
    }
  else
    /* Items are made on demand: views make the ones they show again. */
    g_signal_emit (self, signals[ROWS_CHANGED], 0);
}

static void
xn_violation_filter_model_dispose (GObject *object)
{
  XnViolationFilterModel *self = XN_VIOLATION_FILTER_MODEL (object);

  if (self->rows != NULL)
    {
      g_clear_signal_handler (&self->changed_id, self->rows);
      g_clear_signal_handler (&self->marked_id, self->rows);
    }
  g_clear_object (&self->rows);
  G_OBJECT_CLASS (xn_violation_filter_model_parent_class)->dispose (object);
}

static void
xn_violation_filter_model_finalize (GObject *object)
{
  XnViolationFilterModel *self = XN_VIOLATION_FILTER_MODEL (object);

  g_array_unref (self->shown);
  g_free (self->filter_name);
  g_free (self->filter_text);
  G_OBJECT_CLASS (xn_violation_filter_model_parent_class)->finalize (object);
}

static void
xn_violation_filter_model_class_init (XnViolationFilterModelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = xn_violation_filter_model_dispose;
  G_OBJECT_CLASS (klass)->finalize = xn_violation_filter_model_finalize;
  /**
   * XnViolationFilterModel::rows-changed:
   *
   * Values of shown rows changed in place (marked viewed), in the same
   * order: views read the rows they show again.  Cheaper for a view than
   * items-changed over every row.
   */
  signals[ROWS_CHANGED] = g_signal_new ("rows-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
xn_violation_filter_model_init (XnViolationFilterModel *self)
{
  self->shown = g_array_new (FALSE, FALSE, sizeof (guint32));
}

/**
 * xn_violation_filter_model_new:
 * @rows: a host's rows (its log's, xn_violation_log_get_rows())
 *
 * Returns: (transfer full): every row of @rows, unfiltered, in the order
 *   read, following @rows as it changes
 */
XnViolationFilterModel *
xn_violation_filter_model_new (XnViolationModel *rows)
{
  XnViolationFilterModel *self;

  g_return_val_if_fail (XN_IS_VIOLATION_MODEL (rows), NULL);

  self = g_object_new (XN_TYPE_VIOLATION_FILTER_MODEL, NULL);
  self->rows = g_object_ref (rows);
  self->changed_id = g_signal_connect (rows, "items-changed", G_CALLBACK (source_changed_cb), self);
  self->marked_id = g_signal_connect (rows, "rows-changed", G_CALLBACK (source_rows_changed_cb), self);
  filter_from (self, 0);
  return self;
}

/**
 * xn_violation_filter_model_get_rows:
 *
 * Returns: (transfer none): the rows this filters
 */
XnViolationModel *
xn_violation_filter_model_get_rows (XnViolationFilterModel *self)
{
  g_return_val_if_fail (XN_IS_VIOLATION_FILTER_MODEL (self), NULL);
  return self->rows;
}

/**
 * xn_violation_filter_model_set_sort:
 * @key: (nullable): "time", "domain", "tag", "reason", "info" or
 *   "viewed"; %NULL, "seq" or "module" (the same for every row): the
 *   order read
 * @descending: greatest first
 *
 * Orders the rows shown, ties in the order read.  Every row moves: one
 * items-changed over all of them.
 */
void
xn_violation_filter_model_set_sort (XnViolationFilterModel *self,
                                    const char             *key,
                                    gboolean                descending)
{
  SortKey sort = SORT_NONE;

  g_return_if_fail (XN_IS_VIOLATION_FILTER_MODEL (self));

  for (guint i = 0; key != NULL && i < G_N_ELEMENTS (sort_keys); i++)
    if (g_str_equal (sort_keys[i].key, key))
      sort = sort_keys[i].sort;
  self->sort_key = sort;
  self->descending = descending;
  /* Back to the order read from another order: that needs a sort too. */
  ensure_ranks (self->rows);
  g_qsort_with_data (self->shown->data, (int) self->shown->len, sizeof (guint32), compare_rows, self);
  replace_all (self, self->shown->len);
}

/**
 * xn_violation_filter_model_set_filter:
 * @domain_or_tag: (nullable): only this domain's or tag's rows (by the
 *   start of the name, any case)
 * @text: (nullable): only rows whose domain, reason or info contains
 *   this, case-insensitively
 */
void
xn_violation_filter_model_set_filter (XnViolationFilterModel *self,
                                      const char             *domain_or_tag,
                                      const char             *text)
{
  guint before;

  g_return_if_fail (XN_IS_VIOLATION_FILTER_MODEL (self));

  before = self->shown->len;
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

/**
 * xn_violation_filter_model_get_n_new:
 *
 * Returns: how many of the rows shown are not viewed yet
 */
guint
xn_violation_filter_model_get_n_new (XnViolationFilterModel *self)
{
  g_return_val_if_fail (XN_IS_VIOLATION_FILTER_MODEL (self), 0);
  return self->n_new;
}

/**
 * xn_violation_filter_model_mark_shown_viewed:
 *
 * Marks the shown unviewed rows viewed in the rows this filters, so for
 * every filter model over them (the caller tells the host).
 *
 * Returns: (transfer full) (element-type guint64): their seqs
 */
GArray *
xn_violation_filter_model_mark_shown_viewed (XnViolationFilterModel *self)
{
  GArray *seqs = g_array_new (FALSE, FALSE, sizeof (guint64));

  g_return_val_if_fail (XN_IS_VIOLATION_FILTER_MODEL (self), seqs);

  for (guint i = 0; i < self->shown->len; i++)
    {
      Record *r = &g_array_index (self->rows->records, Record, g_array_index (self->shown, guint32, i));

      if (!r->viewed)
        {
          r->viewed = 1;
          g_array_append_val (seqs, r->seq);
        }
    }
  if (seqs->len > 0)
    g_signal_emit (self->rows, model_signals[MODEL_ROWS_CHANGED], 0);
  return seqs;
}

/**
 * xn_violation_filter_model_sort_is_by_viewed:
 *
 * Returns: whether marking rows viewed reorders them
 */
gboolean
xn_violation_filter_model_sort_is_by_viewed (XnViolationFilterModel *self)
{
  g_return_val_if_fail (XN_IS_VIOLATION_FILTER_MODEL (self), FALSE);
  return self->sort_key == SORT_VIEWED;
}
