/* bench-live.c: Live mode's heavy views
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * 1. The Policy Violations Log with N rows (default 1,000,000; fed through
 *    the same parser as the daemon's pages, not over D-Bus): time to add
 *    them; to filter by domain, by text and back (5 rounds, until the
 *    frame showing the result is painted); to mark them viewed and to sort
 *    them; the frame times while scrolling the table (300 frames,
 *    1280x800), each slow frame split into GTK's layout and paint phases
 *    and the CPU the process spent in it, and that CPU per frame over all
 *    of them (on shared cores a frame can wait far longer than it works).
 * 2. The history graph with 50 series of 10,080 points (a week at the
 *    1-minute tier): the cost of one full redraw (snapshot and render with
 *    the cairo renderer), median and worst of 30; the frame the window
 *    paints when only the pointer (the read-out) moved, its wall time and
 *    the main thread's CPU, 30 rounds; then 15 data updates as
 *    Performance History makes them, each until its plot is painted: the
 *    longest main-loop turn in each (the update's call included).
 * Runs itself under xvfb-run when there is no display.
 */

#include "config.h"

#include <adwaita.h>
#include <gtk/gtk.h>
#include <malloc.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "xn-graph.h"
#include "xn-process.h"
#include "xn-violation-model.h"
#include "xn-violations-table.h"
#include "xn-violations-view.h"

#define SCROLL_FRAMES 300

static GArray *frames;
static gboolean measuring;

/* A frame from the update phase (the scroll has just moved) to after-paint,
 * split where GTK's own handlers end: our handlers are connected after
 * GTK's, so "layout" fires when GTK's layout (the rows' binds) is done and
 * "paint" when GTK's snapshot and render are.  The process's CPU time
 * tells work from waiting. */
typedef struct { double wall, layout, paint, cpu, at; } Frame;
static GArray *splits;
static guint painted;   /* frames painted so far */
static double frame_start, layout_end, paint_end, cpu_start;

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* CPU time of the calling thread: what a main-loop turn worked, apart
 * from what it waited (for the CPU, for the X server). */
static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static int
compare (gconstpointer a,
         gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
on_update (GdkFrameClock *clock,
           gpointer       data)
{
  frame_start = now_ms ();
  cpu_start = cpu_ms ();
}

static void
on_layout (GdkFrameClock *clock,
           gpointer       data)
{
  layout_end = now_ms ();
}

static void
on_paint (GdkFrameClock *clock,
          gpointer       data)
{
  paint_end = now_ms ();
}

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       data)
{
  double now = now_ms ();

  painted++;
  if (measuring && frame_start > 0 && layout_end >= frame_start && paint_end >= layout_end)
    {
      Frame f = { now - frame_start, layout_end - frame_start, paint_end - layout_end, cpu_ms () - cpu_start,
                  frame_start };

      g_array_append_val (frames, f.wall);
      g_array_append_val (splits, f);
    }
  frame_start = 0;
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        return c;
      if ((found = find_type (c, type)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
scroll_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (widget));
  double v = gtk_adjustment_get_value (adj) + 240;

  if (frames->len >= SCROLL_FRAMES)
    {
      *(gboolean *) data = TRUE;
      return G_SOURCE_REMOVE;
    }
  if (v > gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj))
    v = 0;
  gtk_adjustment_set_value (adj, v);
  return G_SOURCE_CONTINUE;
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* VmRSS of this process, in MiB. */
static double
resident_mib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (line = strstr (status, "VmRSS:")) == NULL)
    return -1;
  return g_ascii_strtod (line + strlen ("VmRSS:"), NULL) / 1024.0;
}

static GVariant *
make_rows (guint n)
{
  static const char *const domains[] = { "user_vm_1", "user_vm_2", "user_vm_3", "firewall", "nids",
                                         "personnel_mgr", "web_1", "web_2" };
  static const char *const infos[] = { "hcall=17(xen_version), cmd=1(extraversion)",
                                       "hcall=12(memory_op), cmd=9(memory_map)",
                                       "hcall=29(sched_op), cmd=2(shut down)", "hmax=10, hrate=16" };
  GVariantBuilder b;
  gint64 t0 = g_get_real_time () - (gint64) n * G_USEC_PER_SEC;

  g_variant_builder_init (&b, G_VARIANT_TYPE ("a(txssutsssb)"));
  for (guint i = 0; i < n; i++)
    g_variant_builder_add (&b, "(txssutsssb)", (guint64) i + 1, t0 + (gint64) i * G_USEC_PER_SEC,
                           "00000000-0000-0000-0000-000000000000", domains[i % G_N_ELEMENTS (domains)],
                           (guint32) 17, (guint64) 1,
                           i % 4 == 3 ? "hypercall rate exceeded" : "hypercall violation",
                           infos[i % G_N_ELEMENTS (infos)], "", FALSE);
  return g_variant_ref_sink (g_variant_builder_end (&b));
}

/* From the call until the frame that shows the result has been painted. */
static double
timed_filter (XnViolationsView *view,
              const char       *domain,
              const char       *text,
              guint            *shown)
{
  double t = now_ms ();
  guint before = painted;

  xn_violations_view_set_filter (view, domain, text);
  gtk_widget_queue_draw (GTK_WIDGET (view));
  while (painted == before)
    g_main_context_iteration (NULL, TRUE);
  t = now_ms () - t;
  *shown = g_list_model_get_n_items (xn_violations_view_get_shown (view));
  return t;
}

#define FILTER_ROUNDS 5

/* Each filter FILTER_ROUNDS times: median and worst. */
static void
bench_filters (XnViolationsView *view,
               guint             n)
{
  static const struct { const char *what, *domain, *text; } filters[] = {
    { "filter by domain", "user_vm_1", NULL },
    { "search text", NULL, "xen_version" },
    { "clear the filter", NULL, NULL },
  };
  double t[G_N_ELEMENTS (filters)][FILTER_ROUNDS];
  guint shown[G_N_ELEMENTS (filters)];

  for (guint r = 0; r < FILTER_ROUNDS; r++)
    for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
      t[f][r] = timed_filter (view, filters[f].domain, filters[f].text, &shown[f]);
  for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
    {
      qsort (t[f], FILTER_ROUNDS, sizeof (double), compare);
      g_print ("violations: %s over %u rows, until painted: median %.1f ms, max %.1f ms of %u (%u shown; "
               "goal: under 100 ms)\n", filters[f].what, n, t[f][FILTER_ROUNDS / 2], t[f][FILTER_ROUNDS - 1],
               FILTER_ROUNDS, shown[f]);
    }
}

static void
bench_violations (guint n)
{
  GtkWidget *window = gtk_window_new ();
  XnViolationsView *view = XN_VIOLATIONS_VIEW (xn_violations_view_new ());
  g_autoptr(GVariant) rows = make_rows (n);
  g_autoptr(XnViolationModel) log_rows = NULL;
  GtkWidget *list_view;
  GdkFrameClock *clock;
  gboolean done = FALSE;
  double t, p50, p99, max;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "update", G_CALLBACK (on_update), NULL);
  g_signal_connect (clock, "layout", G_CALLBACK (on_layout), NULL);
  g_signal_connect (clock, "paint", G_CALLBACK (on_paint), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
  spin (300);

  /* The model alone: what filtering costs before GTK redraws. */
  {
    g_autoptr(XnViolationModel) store = xn_violation_model_new ();
    g_autoptr(XnViolationFilterModel) model = xn_violation_filter_model_new (store);

    t = now_ms ();
    xn_violation_model_append (store, rows, NULL);
    g_print ("model: %u rows added in %.0f ms\n", n, now_ms () - t);
    t = now_ms ();
    xn_violation_filter_model_set_filter (model, "user_vm_1", NULL);
    g_print ("model: filter by domain over %u rows: %.1f ms (%u shown)\n", n, now_ms () - t,
             g_list_model_get_n_items (G_LIST_MODEL (model)));
    t = now_ms ();
    xn_violation_filter_model_set_filter (model, NULL, "xen_version");
    g_print ("model: search text over %u rows: %.1f ms (%u shown)\n", n, now_ms () - t,
             g_list_model_get_n_items (G_LIST_MODEL (model)));
    t = now_ms ();
    xn_violation_filter_model_set_filter (model, NULL, NULL);
    g_print ("model: clear the filter over %u rows: %.1f ms (%u shown)\n", n, now_ms () - t,
             g_list_model_get_n_items (G_LIST_MODEL (model)));
  }

  /* As a host's log does: the rows go to its model, the view shows them. */
  log_rows = xn_violation_model_new ();
  xn_violations_view_set_rows (view, log_rows);
  t = now_ms ();
  xn_violation_model_append (log_rows, rows, NULL);
  /* The app reads pages of 2,000; only the bench holds all rows at once. */
  g_clear_pointer (&rows, g_variant_unref);
  g_print ("violations: %u rows added in %.0f ms\n", n, now_ms () - t);
  spin (300);
  /* Resident size with the log full. The bench's input (one GVariant of
   * every row, some ten million small allocations, 1.7 GiB) is freed but
   * its pages stay with the allocator until trimmed (meson runs this with
   * G_SLICE=always-malloc, so GLib 2.74's slices are malloc's and can be
   * trimmed); the app, reading pages of 2,000, never holds it. Both
   * figures, for honesty. */
  g_print ("violations: resident with %u rows in the log: %.0f MiB; after returning the freed input: ",
           n, resident_mib ());
  malloc_trim (0);
  g_print ("%.0f MiB (goal: at most 400 MB)\n", resident_mib ());
  bench_filters (view, n);
  spin (300);
  {
    /* What "Mark violations as viewed" does here before it tells the host. */
    guint before = painted;
    g_autoptr(GArray) seqs = NULL;

    t = now_ms ();
    seqs = xn_violations_view_mark_shown_viewed (view);
    gtk_widget_queue_draw (GTK_WIDGET (view));
    while (painted == before)
      g_main_context_iteration (NULL, TRUE);
    g_print ("violations: mark %u rows viewed, until painted: %.1f ms\n", seqs->len, now_ms () - t);
  }
  spin (300);
  {
    /* A header click: the model sorts its index, the list starts afresh. */
    static const struct { const char *key; gboolean descending; } sorts[] = {
      { "domain", FALSE }, { "time", TRUE }, { NULL, FALSE },
    };
    XnViolationsTable *table = XN_VIOLATIONS_TABLE (find_type (GTK_WIDGET (view), XN_TYPE_VIOLATIONS_TABLE));

    for (guint i = 0; i < G_N_ELEMENTS (sorts); i++)
      {
        guint before = painted;

        t = now_ms ();
        xn_violations_table_sort_by (table, sorts[i].key, sorts[i].descending);
        gtk_widget_queue_draw (GTK_WIDGET (view));
        while (painted == before)
          g_main_context_iteration (NULL, TRUE);
        g_print ("violations: sort %u rows by %s%s, until painted: %.1f ms\n", n,
                 sorts[i].key ? sorts[i].key : "the order read", sorts[i].descending ? " (newest first)" : "",
                 now_ms () - t);
      }
  }
  spin (300);

  list_view = find_type (GTK_WIDGET (view), GTK_TYPE_LIST_VIEW);
  frames = g_array_new (FALSE, FALSE, sizeof (double));
  splits = g_array_new (FALSE, FALSE, sizeof (Frame));
  measuring = TRUE;
  gtk_widget_add_tick_callback (list_view, scroll_tick, &done, NULL);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  measuring = FALSE;
  {
    Frame worst = { 0 };
    guint slow = 0;

    for (guint i = 0; i < splits->len; i++)
      {
        Frame *f = &g_array_index (splits, Frame, i);

        if (f->wall > 16)
          {
            slow++;
            g_print ("violations: frame %u: %.1f ms (layout %.1f, paint %.1f, process CPU %.1f) at %.3f s monotonic\n", i, f->wall,
                     f->layout, f->paint, f->cpu, f->at / 1000.0);
          }
        if (f->wall > worst.wall)
          worst = *f;
      }
    g_print ("violations: %u of %u frames over 16 ms; the longest: layout %.1f ms, paint %.1f ms, process CPU %.1f ms\n",
             slow, splits->len, worst.layout, worst.paint, worst.cpu);
  }
  {
    g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));

    for (guint i = 0; i < splits->len; i++)
      g_array_append_val (cpu, g_array_index (splits, Frame, i).cpu);
    g_array_sort (cpu, compare);
    g_print ("violations: scrolling %u rows, the process's CPU per frame: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
             n, g_array_index (cpu, double, cpu->len / 2), g_array_index (cpu, double, cpu->len * 99 / 100),
             g_array_index (cpu, double, cpu->len - 1));
  }
  g_array_unref (splits);
  g_array_sort (frames, compare);
  p50 = g_array_index (frames, double, frames->len / 2);
  p99 = g_array_index (frames, double, frames->len * 99 / 100);
  max = g_array_index (frames, double, frames->len - 1);
  g_print ("violations: scrolling %u rows, %u frames at 1280x800: p50 %.1f ms, p99 %.1f ms, max %.1f ms "
           "(goal: none over 16 ms)\n", n, frames->len, p50, p99, max);
  g_array_unref (frames);
  gtk_window_destroy (GTK_WINDOW (window));
}

static guint graph_painted;
static guint graph_current_painted;   /* frames painted with the plot up to date */
static double graph_frame_start, graph_frame_cpu, graph_frame_wall, graph_frame_cpu_start;

static void
graph_frame_update (GdkFrameClock *clock,
                    gpointer       data)
{
  graph_frame_start = now_ms ();
  graph_frame_cpu_start = thread_cpu_ms ();
}

/* The frame just painted: its wall time and the main thread's CPU in it,
 * from before its paint (every frame has that phase) to after it. */
static void
count_paint (GdkFrameClock *clock,
             gpointer       data)
{
  graph_painted++;
  if (!xn_graph_is_drawing (data))
    graph_current_painted++;
  graph_frame_wall = now_ms () - graph_frame_start;
  graph_frame_cpu = thread_cpu_ms () - graph_frame_cpu_start;
}

/* 50 series, as Performance History hands them over (rebuild_graph():
 * the arrays it fetched, shared). */
static void
fill_graph (XnGraph   *graph,
            GPtrArray *series,
            gint64     from,
            gint64     to)
{
  xn_graph_clear (graph);
  xn_graph_set_range (graph, from, to);
  for (guint s = 0; s < series->len; s++)
    {
      g_autofree char *name = g_strdup_printf ("domain_%02u", s);

      xn_graph_add_series_array (graph, name, g_ptr_array_index (series, s));
    }
  for (guint i = 0; i < 200; i++)
    xn_graph_add_event (graph, from + (gint64) i * 50 * G_TIME_SPAN_MINUTE);
}

#define UPDATE_ROUNDS 15

/* One main-loop turn without blocking (waiting for the worker is not
 * work), kept in *longest (wall ms) and *longest_cpu if the longest yet. */
static void
main_turn (double *longest,
           double *longest_cpu)
{
  double t0 = now_ms (), c0 = thread_cpu_ms ();

  if (!g_main_context_iteration (NULL, FALSE))
    g_usleep (500);
  else if (now_ms () - t0 > *longest)
    {
      *longest = now_ms () - t0;
      *longest_cpu = thread_cpu_ms () - c0;
    }
}

static void
bench_graph (void)
{
  GtkWidget *window = gtk_window_new ();
  XnGraph *graph = XN_GRAPH (xn_graph_new ());
  gint64 to = g_get_real_time (), from = to - 7 * G_TIME_SPAN_DAY;
  guint n = 7 * 24 * 60;
  g_autoptr(GPtrArray) series = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) snap_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) hover_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) hover_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ready_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) call_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) block_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) block_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  GskRenderer *renderer;

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 600);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (graph));
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (gtk_widget_get_frame_clock (window), "before-paint", G_CALLBACK (graph_frame_update), NULL);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (count_paint), graph);
  for (guint s = 0; s < 50; s++)
    {
      GArray *pts = g_array_sized_new (FALSE, FALSE, sizeof (XnGraphPoint), n);

      for (guint i = 0; i < n; i++)
        {
          XnGraphPoint p = { from + (gint64) i * G_TIME_SPAN_MINUTE,
                             50 + 40 * ((i * 2654435761u + s * 97) % 1000) / 1000.0 };

          g_array_append_val (pts, p);
        }
      g_ptr_array_add (series, pts);
    }
  fill_graph (graph, series, from, to);
  spin (500);
  while (xn_graph_is_drawing (graph))
    g_main_context_iteration (NULL, TRUE);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (GTK_WIDGET (graph)));
  /* What the plot shows changed (a new range): the widget's own drawing,
   * then the renderer, one full redraw; 30 rounds. */
  for (guint r = 0; r < 30; r++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      int w = gtk_widget_get_width (GTK_WIDGET (graph)), h = gtk_widget_get_height (GTK_WIDGET (graph));
      graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, w, h);
      double t, ts;

      xn_graph_set_range (graph, from, to);
      t = now_ms ();
      GTK_WIDGET_GET_CLASS (graph)->snapshot (GTK_WIDGET (graph), snapshot);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      ts = now_ms () - t;
      g_assert (node != NULL);
      texture = gsk_renderer_render_texture (renderer, node, &bounds);
      t = now_ms () - t;
      g_array_append_val (times, t);
      g_array_append_val (snap_times, ts);
      while (xn_graph_is_drawing (graph))
        g_main_context_iteration (NULL, TRUE);
    }
  spin (300);
  /* Only the pointer moved: the frame the window paints for it, as the
   * app paints it (the renderer repaints what changed), 30 rounds. */
  for (guint r = 0; r < 30; r++)
    {
      guint painted_before = graph_painted;

      xn_graph_hover (graph, 100 + r * 30);
      while (graph_painted == painted_before)
        g_main_context_iteration (NULL, TRUE);
      g_array_append_val (hover_times, graph_frame_wall);
      g_array_append_val (hover_cpu, graph_frame_cpu);
    }
  xn_graph_hover (graph, -1);
  spin (300);

  /* A data update as Performance History makes it (every series handed
   * over again), left to the main loop as the app leaves it: every turn
   * until the new plot has been painted, the update's own call among
   * them. */
  for (guint r = 0; r < UPDATE_ROUNDS; r++)
    {
      double start = now_ms (), cpu = thread_cpu_ms (), call, longest, longest_cpu, ready;
      guint current_before;

      fill_graph (graph, series, from + r * G_TIME_SPAN_MINUTE, to);
      call = now_ms () - start;
      longest = call;
      longest_cpu = thread_cpu_ms () - cpu;
      /* ... until a frame with the new plot all there has been painted
       * (the graph may take it in over several frames). */
      current_before = graph_current_painted;
      while (graph_current_painted == current_before)
        main_turn (&longest, &longest_cpu);
      ready = now_ms () - start;
      g_array_append_val (call_times, call);
      g_array_append_val (block_times, longest);
      g_array_append_val (block_cpu, longest_cpu);
      g_array_append_val (ready_times, ready);
      spin (100);
    }
  g_array_sort (ready_times, compare);
  g_array_sort (times, compare);
  g_array_sort (snap_times, compare);
  g_array_sort (hover_times, compare);
  g_array_sort (hover_cpu, compare);
  g_array_sort (call_times, compare);
  g_array_sort (block_times, compare);
  g_array_sort (block_cpu, compare);
  g_print ("graph: 50 series x %u points (1 week at 1 min), %dx%d: redraw median %.1f ms, max %.1f ms "
           "(of which the widget's drawing: median %.1f ms)\n",
           n, gtk_widget_get_width (GTK_WIDGET (graph)), gtk_widget_get_height (GTK_WIDGET (graph)),
           g_array_index (times, double, times->len / 2), g_array_index (times, double, times->len - 1),
           g_array_index (snap_times, double, snap_times->len / 2));
  g_print ("graph: pointer moved (the read-out follows), the frame that shows it, 30 rounds: median %.1f ms, "
           "max %.1f ms; the main thread's CPU in it: median %.1f ms, max %.1f ms\n",
           g_array_index (hover_times, double, hover_times->len / 2),
           g_array_index (hover_times, double, hover_times->len - 1),
           g_array_index (hover_cpu, double, hover_cpu->len / 2),
           g_array_index (hover_cpu, double, hover_cpu->len - 1));
  g_print ("graph: a data update of 50 series x %u points, %u rounds: the update call median %.1f ms, "
           "max %.1f ms; new plot painted after median %.1f ms, max %.1f ms\n", n, UPDATE_ROUNDS,
           g_array_index (call_times, double, call_times->len / 2),
           g_array_index (call_times, double, call_times->len - 1),
           g_array_index (ready_times, double, ready_times->len / 2),
           g_array_index (ready_times, double, ready_times->len - 1));
  g_print ("graph: longest main-loop turn per update of 50 series x %u points (the call included): "
           "median %.1f ms, max %.1f ms (goal: none over 16 ms); the main thread's CPU in it: median %.1f ms, "
           "max %.1f ms\n", n,
           g_array_index (block_times, double, block_times->len / 2),
           g_array_index (block_times, double, block_times->len - 1),
           g_array_index (block_cpu, double, block_cpu->len / 2),
           g_array_index (block_cpu, double, block_cpu->len - 1));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 1000000;

  /* As the manager starts (app/xenon-manager.c). */
  xn_process_use_huge_pages (argv);
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL && g_getenv ("XN_BENCH_XVFB") == NULL)
    {
      g_autofree char *xvfb = g_find_program_in_path ("xvfb-run");
      g_autofree char *count = g_strdup_printf ("%u", n);
      char *args[] = { xvfb, "-a", "-s", "-screen 0 1280x800x24", argv[0], count, NULL };

      if (xvfb == NULL)
        {
          g_print ("SKIP: xvfb-run not found\n");
          return 77;
        }
      g_setenv ("XN_BENCH_XVFB", "1", TRUE);
      g_setenv ("GSK_RENDERER", "cairo", TRUE);
      g_setenv ("GDK_BACKEND", "x11", TRUE);
      execv (xvfb, args);
      g_printerr ("exec xvfb-run failed\n");
      return 1;
    }
  gtk_init ();
  adw_init ();   /* the app is an AdwApplication: its stylesheet and widgets */
  /* XN_BENCH_ONLY=graph or violations runs one part (e.g. under perf). */
  if (g_strcmp0 (g_getenv ("XN_BENCH_ONLY"), "violations") != 0)
    bench_graph ();
  if (g_strcmp0 (g_getenv ("XN_BENCH_ONLY"), "graph") != 0)
    bench_violations (n);
  return 0;
}
