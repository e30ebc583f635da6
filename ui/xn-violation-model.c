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

#include "xn-live-table.h"
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
};

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
  G_OBJECT_CLASS (xn_violation_model_parent_class)->finalize (object);
}

static void
xn_violation_model_class_init (XnViolationModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = xn_violation_model_finalize;
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

static gboolean
passes (Matcher      *m,
        const Record *r)
{
  XnViolationModel *self = m->self;

  if (self->filter_name != NULL
      && !g_str_equal (str (self, r->domain), self->filter_name)
      && !g_str_equal (str (self, r->tag), self->filter_name))
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

/* Re-filters records from @from on, appending to shown. */
static void
filter_from (XnViolationModel *self,
             guint             from)
{
  Matcher m = { self, NULL, NULL };
  guint n = self->strings->len;

  if (self->filter_text != NULL)
    {
      m.needle = g_utf8_casefold (self->filter_text, -1);
      m.text_ok = g_new (gint8, n);
      memset (m.text_ok, -1, n);
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
  if (self->shown->len > shown_before)
    g_list_model_items_changed (G_LIST_MODEL (self), shown_before, 0, self->shown->len - shown_before);
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
  /* Items are made on demand: the visible ones are made again. */
  if (seqs->len > 0)
    replace_all (self, self->shown->len);
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
