/* xn-perf-view.c: Current Performance and Performance History
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Current Performance: the daemon's latest sample per domain, per enclave
 * and per tag, sortable, with each domain's violations against its
 * profile's cap; refreshed every 2 s while shown.  Performance History:
 * chosen domains, enclaves or tags, one metric, over 10 minutes, 2 hours,
 * a week or a year (the store's 5 s, 1 min, 1 h and 1 d tiers), with the
 * samples that saw violations marked on the time axis.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xn-live-table.h"
#include "xn-live-view.h"
#include "xn-perf-view.h"
#include "xn-ui-util.h"
#include "xn-wrap-box.h"

static const struct { const char *key; const char *label; XnCellKind kind; } metrics[] = {
  { "cpu-percent", N_("CPU"), XN_CELL_PERCENT },
  { "memory-kib", N_("Memory"), XN_CELL_KIB },
  { "net-rx-bps", N_("Network received"), XN_CELL_BYTES_PER_S },
  { "net-tx-bps", N_("Network sent"), XN_CELL_BYTES_PER_S },
  { "disk-read-bps", N_("Disk read"), XN_CELL_BYTES_PER_S },
  { "disk-write-bps", N_("Disk written"), XN_CELL_BYTES_PER_S },
  { "hypercalls-per-s", N_("Hypercalls"), XN_CELL_PER_S },
  { "violations-per-s", N_("Violations"), XN_CELL_PER_S },
};

static const struct { const char *label; const char *tier; gint64 span; } ranges[] = {
  { N_("10 minutes"), "5s", 10 * G_TIME_SPAN_MINUTE },
  { N_("2 hours"), "1m", 2 * G_TIME_SPAN_HOUR },
  { N_("1 week"), "1h", 7 * G_TIME_SPAN_DAY },
  { N_("1 year"), "1d", 365 * G_TIME_SPAN_DAY },
};

struct _XnPerfView
{
  GtkBox        parent_instance;

  /* Template widgets */
  GtkWidget    *updated;
  GtkWidget    *domains_window;
  GtkWidget    *enclaves_window;
  GtkWidget    *tags_window;
  GtkWidget    *history;     /* a reference of its own: it is the live view's page */
  GtkWidget    *subjects;    /* GtkListBox of check buttons */
  GtkWidget    *metric;
  GtkWidget    *range;
  XnGraph      *graph;
  GtkWidget    *table_window;

  /* Owned references */
  XnRemoteHost *host;
  gulong        state_id;
  gulong        model_domains_id;
  gboolean      awaiting_domains; /* a connection's first subjects */
  XnHost1      *proxy;
  GCancellable *cancel;
  guint         timer_id;
  guint         history_timer_id;

  GListStore   *domains;
  GListStore   *enclaves;
  GListStore   *tags;

  /* History */
  GPtrArray    *subject_ids; /* parallel to the list box rows */
  GListStore   *table_rows;  /* the graph's data as a table (XnLiveRow) */
  GtkColumnView *table;
  guint         pending;
  GPtrArray    *fetched;     /* History results of the fetch under way */
  guint64       generation;  /* completed history refreshes */
};

G_DEFINE_FINAL_TYPE (XnPerfView, xn_perf_view, GTK_TYPE_BOX)

typedef struct
{
  char   *name;
  GArray *samples;  /* XnGraphPoint */
  GArray *events;   /* gint64 */
} History;

static void
history_free (gpointer data)
{
  History *h = data;

  g_free (h->name);
  g_array_unref (h->samples);
  g_array_unref (h->events);
  g_free (h);
}


static void
fill (GListStore *store,
      GVariant   *rows,
      GHashTable *caps)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  GVariantIter iter;
  GVariant *row;

  g_variant_iter_init (&iter, rows);
  while ((row = g_variant_iter_next_value (&iter)) != NULL)
    {
      XnLiveRow *r = xn_live_row_new (row);
      const char *cap = caps != NULL ? g_hash_table_lookup (caps, xn_live_row_get_string (r, "uuid")) : NULL;

      if (cap != NULL)
        xn_live_row_set (r, "cap", g_variant_new_string (cap));
      g_ptr_array_add (items, r);
      g_variant_unref (row);   /* the row took its own reference */
    }
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)), items->pdata, items->len);
}

/* uuid → "violations / cap" text, from the host model's domains (one
 * pass, so a sample of many domains does not search the list for each). */
static GHashTable *
dup_caps (XnPerfView *self)
{
  GHashTable *caps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GListModel *domains;
  guint n;

  if (self->host == NULL)
    return caps;
  domains = xn_host_model_get_domains (xn_remote_host_get_model (self->host));
  n = g_list_model_get_n_items (domains);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XnLiveRow) row = g_list_model_get_item (domains, i);
      const char *uuid = xn_live_row_get_string (row, "uuid");
      guint count = (guint) xn_live_row_get_number (row, "violations");
      guint cap = (guint) xn_live_row_get_number (row, "max-violations");

      if (uuid != NULL && *uuid)
        g_hash_table_insert (caps, g_strdup (uuid),
                             cap > 0 ? g_strdup_printf ("%u / %u", count, cap) : g_strdup_printf ("%u", count));
    }
  return caps;
}

static void
performance_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(XnPerfView) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = xn_host_model_reply_finish (XN_HOST_MODEL (source), result, &error);
  g_autoptr(GVariant) domains = NULL, enclaves = NULL, tags = NULL;
  g_autoptr(GHashTable) caps = NULL;
  g_autofree char *when = NULL, *text = NULL;
  gint64 time = 0;

  if (reply == NULL)
    {
      xn_live_view_report_error (GTK_WIDGET (self), _("Current performance"), error);
      return;
    }
  g_variant_get (reply, "(x@aa{sv}@aa{sv}@aa{sv})", &time, &domains, &enclaves, &tags);
  caps = dup_caps (self);
  fill (self->domains, domains, caps);
  fill (self->enclaves, enclaves, NULL);
  fill (self->tags, tags, NULL);
  when = xn_live_format (g_variant_new_int64 (time), XN_CELL_TIME);
  text = g_strdup_printf (_("Sampled %s"), when);
  gtk_label_set_text (GTK_LABEL (self->updated), text);
}

/**
 * xn_perf_view_refresh:
 *
 * Reads the latest sample again (the domains' violation counts beside it
 * are the host model's, kept current by the daemon's signals).
 */
void
xn_perf_view_refresh (XnPerfView *self)
{
  if (self->proxy != NULL)
    xn_host_model_read_performance_async (xn_remote_host_get_model (self->host), self->cancel, performance_cb,
                                          g_object_ref (self));
}

static gboolean
timer_cb (gpointer data)
{
  xn_perf_view_refresh (data);
  return G_SOURCE_CONTINUE;
}

/* History */

#define TABLE_ROWS 30

/* The graph's text alternative: the same series as a table, each row the
 * mean of one thirtieth of the range (a screen reader cannot read a
 * drawing; the rows a graph column has would be too many). */
static void
rebuild_table (XnPerfView *self,
               gint64      from,
               gint64      to,
               XnCellKind  kind)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree XnGraphColumn *cols = g_new0 (XnGraphColumn, TABLE_ROWS);
  g_autoptr(GListModel) columns = NULL;
  GtkColumnViewColumn *column;

  columns = g_object_ref (gtk_column_view_get_columns (self->table));
  while (g_list_model_get_n_items (columns) > 0)
    {
      column = g_list_model_get_item (columns, 0);
      gtk_column_view_remove_column (self->table, column);
      g_object_unref (column);
    }
  xn_live_table_add_column (self->table, _("From"), "time", XN_CELL_TIME, FALSE);
  for (guint r = 0; r < TABLE_ROWS; r++)
    {
      GVariantDict d;

      g_variant_dict_init (&d, NULL);
      g_variant_dict_insert (&d, "time", "x", from + (to - from) * r / TABLE_ROWS);
      g_ptr_array_add (rows, xn_live_row_new (g_variant_dict_end (&d)));
    }
  for (guint i = 0; i < self->fetched->len; i++)
    {
      History *h = g_ptr_array_index (self->fetched, i);
      g_autofree char *key = g_strdup_printf ("s%u", i);
      const XnGraphPoint *points = (const XnGraphPoint *) h->samples->data;

      guint n = xn_graph_decimate (points, h->samples->len, from, to, TABLE_ROWS, cols);

      xn_live_table_add_column (self->table, h->name, key, kind, FALSE);
      /* Empty spans give no column: place each by its time. */
      for (guint c = 0; c < n; c++)
        {
          guint r = (guint) CLAMP ((cols[c].time - from) * TABLE_ROWS / MAX (to - from, 1), 0, TABLE_ROWS - 1);

          xn_live_row_set (g_ptr_array_index (rows, r), key, g_variant_new_double (cols[c].mean));
        }
    }
  g_list_store_splice (self->table_rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->table_rows)),
                       rows->pdata, rows->len);
  xn_ui_name_for_assistive_technology (GTK_WIDGET (self->table));
}

static void
rebuild_graph (XnPerfView *self)
{
  guint range = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->range));
  guint metric = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->metric));
  gint64 now = g_get_real_time ();

  range = MIN (range, G_N_ELEMENTS (ranges) - 1);
  metric = MIN (metric, G_N_ELEMENTS (metrics) - 1);
  xn_graph_clear (self->graph);
  xn_graph_set_range (self->graph, now - ranges[range].span, now);
  xn_graph_set_unit (self->graph, metrics[metric].kind);
  for (guint i = 0; i < self->fetched->len; i++)
    {
      History *h = g_ptr_array_index (self->fetched, i);

      /* Shared, not copied: the samples are not changed once fetched. */
      xn_graph_add_series_array (self->graph, h->name, h->samples);
      for (guint e = 0; e < h->events->len; e++)
        xn_graph_add_event (self->graph, g_array_index (h->events, gint64, e));
    }
  rebuild_table (self, now - ranges[range].span, now, metrics[metric].kind);
  self->generation++;
}

typedef struct
{
  XnPerfView *self;
  History    *history;
  guint64     generation;
  char       *metric;
} FetchData;

static void
history_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  FetchData *f = data;
  XnPerfView *self = f->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = xn_host_model_reply_finish (XN_HOST_MODEL (source), result, &error);
  g_autoptr(GVariant) samples = NULL;
  GVariantIter iter;
  GVariant *metrics_dict;
  gint64 time;

  if (reply == NULL)
    {
      xn_live_view_report_error (GTK_WIDGET (self), _("Performance history"), error);
      history_free (f->history);
    }
  else
    {
      samples = g_variant_get_child_value (reply, 0);
      g_variant_iter_init (&iter, samples);
      while (g_variant_iter_next (&iter, "(x@a{sd})", &time, &metrics_dict))
        {
          XnGraphPoint p = { time, 0 };
          double v = 0;

          if (g_variant_lookup (metrics_dict, f->metric, "d", &p.value))
            g_array_append_val (f->history->samples, p);
          if (g_variant_lookup (metrics_dict, "violations-per-s", "d", &v) && v > 0)
            g_array_append_val (f->history->events, time);
          g_variant_unref (metrics_dict);
        }
      if (f->generation == self->generation)
        g_ptr_array_add (self->fetched, f->history);
      else
        history_free (f->history);
    }
  if (f->generation == self->generation && --self->pending == 0)
    rebuild_graph (self);
  g_free (f->metric);
  g_object_unref (f->self);
  g_free (f);
}

static void
refresh_history (XnPerfView *self)
{
  guint range = MIN (gtk_drop_down_get_selected (GTK_DROP_DOWN (self->range)), G_N_ELEMENTS (ranges) - 1);
  guint metric = MIN (gtk_drop_down_get_selected (GTK_DROP_DOWN (self->metric)), G_N_ELEMENTS (metrics) - 1);
  gint64 now = g_get_real_time ();
  guint i = 0;
  GtkWidget *row;

  if (self->proxy == NULL || self->pending > 0)
    return;
  g_ptr_array_set_size (self->fetched, 0);
  for (row = gtk_widget_get_first_child (self->subjects); row != NULL; row = gtk_widget_get_next_sibling (row), i++)
    {
      GtkWidget *check = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
      FetchData *f;

      if (!gtk_check_button_get_active (GTK_CHECK_BUTTON (check)) || i >= self->subject_ids->len)
        continue;
      f = g_new0 (FetchData, 1);
      f->self = g_object_ref (self);
      f->generation = self->generation;
      f->metric = g_strdup (metrics[metric].key);
      f->history = g_new0 (History, 1);
      f->history->name = g_strdup (gtk_check_button_get_label (GTK_CHECK_BUTTON (check)));
      f->history->samples = g_array_new (FALSE, FALSE, sizeof (XnGraphPoint));
      f->history->events = g_array_new (FALSE, FALSE, sizeof (gint64));
      self->pending++;
      xn_host_model_read_performance_history_async (xn_remote_host_get_model (self->host), ranges[range].tier,
                                                    now - ranges[range].span, now,
                                                    g_ptr_array_index (self->subject_ids, i), self->cancel,
                                                    history_cb, f);
    }
  if (self->pending == 0)
    rebuild_graph (self);
}

static gboolean
history_timer_cb (gpointer data)
{
  refresh_history (data);
  return G_SOURCE_CONTINUE;
}

static void
add_subject (XnPerfView *self,
             const char *id,
             const char *label,
             gboolean    active)
{
  GtkWidget *check = gtk_check_button_new_with_label (label);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
  g_signal_connect_swapped (check, "toggled", G_CALLBACK (refresh_history), self);
  gtk_list_box_append (GTK_LIST_BOX (self->subjects), check);
  g_ptr_array_add (self->subject_ids, g_strdup (id));
}

/* The subjects are the host model's domains, their enclaves and tags.
 * A connection's first list checks the first four running domains; a
 * later one (a domain added or gone) keeps what was checked. */
static void
rebuild_subjects (XnPerfView *self,
                  gboolean    first)
{
  GListModel *domains = xn_host_model_get_domains (xn_remote_host_get_model (self->host));
  g_autoptr(GHashTable) checked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) enclaves = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) tags = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  GtkWidget *child;
  guint i = 0, shown = 0;

  for (child = gtk_widget_get_first_child (self->subjects); child != NULL;
       child = gtk_widget_get_next_sibling (child), i++)
    if (i < self->subject_ids->len
        && gtk_check_button_get_active (GTK_CHECK_BUTTON (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (child)))))
      g_hash_table_add (checked, g_strdup (g_ptr_array_index (self->subject_ids, i)));
  while ((child = gtk_widget_get_first_child (self->subjects)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->subjects), child);
  g_ptr_array_set_size (self->subject_ids, 0);
  for (i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      XnLiveRow *row = g_list_model_get_item (domains, i);
      const char *uuid = xn_live_row_get_string (row, "uuid");
      const char *enclave = xn_live_row_get_string (row, "enclave");
      const char *tag = xn_live_row_get_string (row, "tag");
      gboolean running = g_str_equal (xn_live_row_get_string (row, "state"), "running");

      g_ptr_array_add (rows, row);   /* keeps the strings above */
      add_subject (self, uuid, xn_live_row_get_string (row, "name"),
                   first ? running && shown++ < 4 : g_hash_table_contains (checked, uuid));
      if (*enclave)
        g_hash_table_add (enclaves, (gpointer) enclave);
      if (*tag)
        g_hash_table_add (tags, (gpointer) tag);
    }
  {
    GHashTableIter it;
    gpointer key;

    g_hash_table_iter_init (&it, enclaves);
    while (g_hash_table_iter_next (&it, &key, NULL))
      {
        g_autofree char *id = g_strconcat ("enclave:", key, NULL);
        g_autofree char *label = g_strdup_printf (_("enclave %s"), (char *) key);

        add_subject (self, id, label, !first && g_hash_table_contains (checked, id));
      }
    g_hash_table_iter_init (&it, tags);
    while (g_hash_table_iter_next (&it, &key, NULL))
      {
        g_autofree char *id = g_strconcat ("tag:", key, NULL);
        g_autofree char *label = g_strdup_printf (_("tag %s"), (char *) key);

        add_subject (self, id, label, !first && g_hash_table_contains (checked, id));
      }
  }
  refresh_history (self);
}

static void
model_domains_changed_cb (XnPerfView *self,
                          guint       position,
                          guint       removed,
                          guint       added)
{
  GListModel *domains = xn_host_model_get_domains (xn_remote_host_get_model (self->host));

  if (self->proxy == NULL || g_list_model_get_n_items (domains) == 0)
    return;
  /* A state or a count changed in place: the subjects are the same. */
  if (!self->awaiting_domains && removed == added)
    return;
  rebuild_subjects (self, self->awaiting_domains);
  self->awaiting_domains = FALSE;
}

/* Timers run only while their page is on screen. */
static void
history_map_cb (GtkWidget  *widget,
                XnPerfView *self)
{
  if (self->history_timer_id == 0)
    self->history_timer_id = g_timeout_add_seconds (5, history_timer_cb, self);
  refresh_history (self);
}

static void
history_unmap_cb (GtkWidget  *widget,
                  XnPerfView *self)
{
  g_clear_handle_id (&self->history_timer_id, g_source_remove);
}

static void
xn_perf_view_map (GtkWidget *widget)
{
  XnPerfView *self = XN_PERF_VIEW (widget);

  GTK_WIDGET_CLASS (xn_perf_view_parent_class)->map (widget);
  if (self->timer_id == 0)
    self->timer_id = g_timeout_add_seconds (2, timer_cb, self);
  xn_perf_view_refresh (self);
}

static void
xn_perf_view_unmap (GtkWidget *widget)
{
  XnPerfView *self = XN_PERF_VIEW (widget);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  GTK_WIDGET_CLASS (xn_perf_view_parent_class)->unmap (widget);
}

/* The host */

static void
detach (XnPerfView *self)
{
  if (self->cancel != NULL)
    g_cancellable_cancel (self->cancel);
  g_clear_object (&self->cancel);
  g_clear_object (&self->proxy);
  self->awaiting_domains = FALSE;
  self->pending = 0;
  self->generation++;
}

static void
state_cb (XnRemoteHost *host,
          GParamSpec   *pspec,
          XnPerfView   *self)
{
  XnHost1 *proxy = xn_remote_host_get_state (host) == XN_REMOTE_HOST_CONNECTED
                   ? xn_remote_host_get_proxy (host) : NULL;

  if (proxy == self->proxy)
    return;
  detach (self);
  if (proxy == NULL)
    return;
  self->proxy = g_object_ref (proxy);
  self->cancel = g_cancellable_new ();
  xn_perf_view_refresh (self);
  self->awaiting_domains = TRUE;
  model_domains_changed_cb (self, 0, 0, 0);
}

void
xn_perf_view_set_host (XnPerfView   *self,
                       XnRemoteHost *host)
{
  g_return_if_fail (XN_IS_PERF_VIEW (self));

  if (self->host == host)
    return;
  detach (self);
  if (self->host != NULL)
    {
      g_clear_signal_handler (&self->state_id, self->host);
      g_clear_signal_handler (&self->model_domains_id,
                              xn_host_model_get_domains (xn_remote_host_get_model (self->host)));
    }
  g_set_object (&self->host, host);
  g_list_store_remove_all (self->domains);
  g_list_store_remove_all (self->enclaves);
  g_list_store_remove_all (self->tags);
  if (host != NULL)
    {
      self->model_domains_id = g_signal_connect_swapped (xn_host_model_get_domains (xn_remote_host_get_model (host)),
                                                         "items-changed", G_CALLBACK (model_domains_changed_cb), self);
      self->state_id = g_signal_connect (host, "notify::state", G_CALLBACK (state_cb), self);
      state_cb (host, NULL, self);
    }
}

/* (transfer none): the Performance History page */
GtkWidget *
xn_perf_view_get_history (XnPerfView *self)
{
  return self->history;
}

/* (transfer none): rows of "domains", "enclaves" or "tags" */
GListModel *
xn_perf_view_get_rows (XnPerfView *self,
                       const char *what)
{
  if (g_strcmp0 (what, "enclaves") == 0)
    return G_LIST_MODEL (self->enclaves);
  if (g_strcmp0 (what, "tags") == 0)
    return G_LIST_MODEL (self->tags);
  return G_LIST_MODEL (self->domains);
}

XnGraph *
xn_perf_view_get_graph (XnPerfView *self)
{
  return self->graph;
}

guint64
xn_perf_view_get_generation (XnPerfView *self)
{
  return self->generation;
}

/**
 * xn_perf_view_show_history:
 * @subjects: (nullable): labels of the subjects to check (others are
 *   unchecked); %NULL keeps the choice
 * @metric: (nullable): a metric key, e.g. "cpu-percent"
 * @range_index: 0 (10 min) to 3 (1 year)
 */
void
xn_perf_view_show_history (XnPerfView        *self,
                           const char *const *subjects,
                           const char        *metric,
                           guint              range_index)
{
  if (subjects != NULL)
    for (GtkWidget *row = gtk_widget_get_first_child (self->subjects); row != NULL;
         row = gtk_widget_get_next_sibling (row))
      {
        GtkWidget *check = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));

        g_signal_handlers_block_by_func (check, refresh_history, self);
        gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                     g_strv_contains (subjects, gtk_check_button_get_label (GTK_CHECK_BUTTON (check))));
        g_signal_handlers_unblock_by_func (check, refresh_history, self);
      }
  for (guint i = 0; metric != NULL && i < G_N_ELEMENTS (metrics); i++)
    if (g_str_equal (metrics[i].key, metric))
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->metric), i);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->range), MIN (range_index, G_N_ELEMENTS (ranges) - 1));
  self->pending = 0;
  self->generation++;
  refresh_history (self);
}

static void
xn_perf_view_dispose (GObject *object)
{
  XnPerfView *self = XN_PERF_VIEW (object);

  detach (self);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->history_timer_id, g_source_remove);
  if (self->host != NULL)
    {
      g_clear_signal_handler (&self->state_id, self->host);
      g_clear_signal_handler (&self->model_domains_id,
                              xn_host_model_get_domains (xn_remote_host_get_model (self->host)));
    }
  g_clear_object (&self->host);
  g_clear_object (&self->domains);
  g_clear_object (&self->enclaves);
  g_clear_object (&self->tags);
  g_clear_object (&self->table_rows);
  g_clear_pointer (&self->subject_ids, g_ptr_array_unref);
  g_clear_pointer (&self->fetched, g_ptr_array_unref);
  if (self->history != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->history, self);
      g_clear_object (&self->history);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), XN_TYPE_PERF_VIEW);

  G_OBJECT_CLASS (xn_perf_view_parent_class)->dispose (object);
}

static void
xn_perf_view_class_init (XnPerfViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = xn_perf_view_dispose;
  widget_class->map = xn_perf_view_map;
  widget_class->unmap = xn_perf_view_unmap;

  g_type_ensure (XN_TYPE_GRAPH);
  g_type_ensure (XN_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/xenonvmm/Manager/ui/xn-perf-view.ui");
  gtk_widget_class_bind_template_child (widget_class, XnPerfView, updated);
  gtk_widget_class_bind_template_child (widget_class, XnPerfView, domains_window);
  gtk_widget_class_bind_template_child (widget_class, XnPerfView, enclaves_window);
  gtk_widget_class_bind_template_child (widget_class, XnPerfView, tags_window);
  gtk_widget_class_bind_template_child (widget_class, XnPerfView, history);
  gtk_widget_class_bind_template_child (widget_class, XnPerfView, subjects);
  gtk_widget_class_bind_template_child (widget_class, XnPerfView, metric);
  gtk_widget_class_bind_template_child (widget_class, XnPerfView, range);
  gtk_widget_class_bind_template_child (widget_class, XnPerfView, graph);
  gtk_widget_class_bind_template_child (widget_class, XnPerfView, table_window);
  gtk_widget_class_bind_template_callback (widget_class, history_map_cb);
  gtk_widget_class_bind_template_callback (widget_class, history_unmap_cb);
}

/* A table of @rows in the template's scrolled @window: the columns
 * follow the metrics. */
static void
fill_table (GtkWidget  *window,
            GListModel *rows,
            gboolean    domains,
            const char *name)
{
  GtkColumnView *view = xn_live_table_new (rows, FALSE, NULL);

  xn_live_table_add_column (view, domains ? _("Domain") : name, "name", XN_CELL_TEXT, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (metrics); i++)
    xn_live_table_add_column (view, _(metrics[i].label), metrics[i].key, metrics[i].kind, FALSE);
  if (domains)
    xn_live_table_add_column (view, _("Violations / cap"), "cap", XN_CELL_TEXT, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (window), GTK_WIDGET (view));
}

static void
xn_perf_view_show_history_default (XnPerfView *self)
{
  self->pending = 0;
  self->generation++;
  refresh_history (self);
}

/* The history page's parts that follow the code's lists. */
static void
fill_history (XnPerfView *self)
{
  GtkStringList *m = gtk_string_list_new (NULL), *r = gtk_string_list_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (metrics); i++)
    gtk_string_list_append (m, _(metrics[i].label));
  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    gtk_string_list_append (r, _(ranges[i].label));
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->metric), G_LIST_MODEL (m));
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->range), G_LIST_MODEL (r));
  g_object_unref (m);
  g_object_unref (r);
  xn_ui_name_compound (self->metric, _("Metric"));
  xn_ui_name_compound (self->range, _("Time range"));
  g_signal_connect_swapped (self->metric, "notify::selected", G_CALLBACK (xn_perf_view_show_history_default), self);
  g_signal_connect_swapped (self->range, "notify::selected", G_CALLBACK (xn_perf_view_show_history_default), self);

  self->table_rows = g_list_store_new (XN_TYPE_LIVE_ROW);
  self->table = xn_live_table_new (G_LIST_MODEL (self->table_rows), FALSE, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->table), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Performance history values"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->table_window), GTK_WIDGET (self->table));
}

static void
xn_perf_view_init (XnPerfView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_object_ref (self->history);
  self->domains = g_list_store_new (XN_TYPE_LIVE_ROW);
  self->enclaves = g_list_store_new (XN_TYPE_LIVE_ROW);
  self->tags = g_list_store_new (XN_TYPE_LIVE_ROW);
  self->subject_ids = g_ptr_array_new_with_free_func (g_free);
  self->fetched = g_ptr_array_new_with_free_func (history_free);

  fill_table (self->domains_window, G_LIST_MODEL (self->domains), TRUE, _("Domains"));
  fill_table (self->enclaves_window, G_LIST_MODEL (self->enclaves), FALSE, _("Enclave"));
  fill_table (self->tags_window, G_LIST_MODEL (self->tags), FALSE, _("Tag"));
  fill_history (self);
}

GtkWidget *
xn_perf_view_new (void)
{
  return g_object_new (XN_TYPE_PERF_VIEW, NULL);
}

/**
 * xn_perf_view_get_history_table:
 *
 * Returns: (transfer none): the history graph's values as table rows
 *   ("time", then "s0", "s1"… per series)
 */
GListModel *
xn_perf_view_get_history_table (XnPerfView *self)
{
  g_return_val_if_fail (XN_IS_PERF_VIEW (self), NULL);

  return G_LIST_MODEL (self->table_rows);
}
