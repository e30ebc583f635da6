/* bench-live.c: Live mode's heavy views
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * 1. The Policy Violations Log with N rows (default 1,000,000; fed through
 *    the same parser as the daemon's pages, not over D-Bus): time to add
 *    them, to filter by domain, by text and back, and the frame times
 *    while scrolling the table (300 frames, 1280x800).
 * 2. The history graph with 50 series of 10,080 points (a week at the
 *    1-minute tier): the cost of one full redraw (snapshot and render with
 *    the cairo renderer), median and worst of 30.
 * Runs itself under xvfb-run when there is no display.
 */

#include "config.h"

#include <gtk/gtk.h>
#include <stdlib.h>
#include <unistd.h>

#include "xn-graph.h"
#include "xn-violation-model.h"
#include "xn-violations-view.h"

#define SCROLL_FRAMES 300

static GArray *frames;
static double frame_start;
static gboolean measuring;

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
on_layout (GdkFrameClock *clock,
           gpointer       data)
{
  frame_start = now_ms ();
}

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       data)
{
  if (measuring && frame_start > 0)
    {
      double d = now_ms () - frame_start;

      g_array_append_val (frames, d);
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

static double
timed_filter (XnViolationsView *view,
              const char       *domain,
              const char       *text,
              guint            *shown)
{
  double t = now_ms ();

  xn_violations_view_set_filter (view, domain, text);
  t = now_ms () - t;
  *shown = g_list_model_get_n_items (xn_violations_view_get_shown (view));
  return t;
}

static void
bench_violations (guint n)
{
  GtkWidget *window = gtk_window_new ();
  XnViolationsView *view = XN_VIOLATIONS_VIEW (xn_violations_view_new ());
  g_autoptr(GVariant) rows = make_rows (n);
  GtkWidget *column_view;
  GdkFrameClock *clock;
  gboolean done = FALSE;
  double t, p50, p99, max;
  guint shown;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  spin (300);

  /* The model alone: what filtering costs before GTK redraws. */
  {
    g_autoptr(XnViolationModel) model = xn_violation_model_new ();

    t = now_ms ();
    xn_violation_model_append (model, rows, NULL);
    g_print ("model: %u rows added in %.0f ms\n", n, now_ms () - t);
    t = now_ms ();
    xn_violation_model_set_filter (model, "user_vm_1", NULL);
    g_print ("model: filter by domain over %u rows: %.1f ms (%u shown)\n", n, now_ms () - t,
             g_list_model_get_n_items (G_LIST_MODEL (model)));
    t = now_ms ();
    xn_violation_model_set_filter (model, NULL, "xen_version");
    g_print ("model: search text over %u rows: %.1f ms (%u shown)\n", n, now_ms () - t,
             g_list_model_get_n_items (G_LIST_MODEL (model)));
    t = now_ms ();
    xn_violation_model_set_filter (model, NULL, NULL);
    g_print ("model: clear the filter over %u rows: %.1f ms (%u shown)\n", n, now_ms () - t,
             g_list_model_get_n_items (G_LIST_MODEL (model)));
  }

  t = now_ms ();
  xn_violations_view_append_rows (view, rows);
  g_print ("violations: %u rows added in %.0f ms\n", n, now_ms () - t);
  spin (300);
  t = timed_filter (view, "user_vm_1", NULL, &shown);
  g_print ("violations: filter by domain over %u rows: %.1f ms (%u shown)\n", n, t, shown);
  t = timed_filter (view, NULL, "xen_version", &shown);
  g_print ("violations: search text over %u rows: %.1f ms (%u shown)\n", n, t, shown);
  t = timed_filter (view, NULL, NULL, &shown);
  g_print ("violations: clear the filter over %u rows: %.1f ms (%u shown)\n", n, t, shown);
  spin (300);

  column_view = find_type (GTK_WIDGET (view), GTK_TYPE_COLUMN_VIEW);
  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "layout", G_CALLBACK (on_layout), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
  frames = g_array_new (FALSE, FALSE, sizeof (double));
  measuring = TRUE;
  gtk_widget_add_tick_callback (column_view, scroll_tick, &done, NULL);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  measuring = FALSE;
  g_array_sort (frames, compare);
  p50 = g_array_index (frames, double, frames->len / 2);
  p99 = g_array_index (frames, double, frames->len * 99 / 100);
  max = g_array_index (frames, double, frames->len - 1);
  g_print ("violations: scrolling %u rows, %u frames at 1280x800: p50 %.1f ms, p99 %.1f ms, max %.1f ms "
           "(goal: none over 16 ms)\n", n, frames->len, p50, p99, max);
  g_array_unref (frames);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
bench_graph (void)
{
  GtkWidget *window = gtk_window_new ();
  XnGraph *graph = XN_GRAPH (xn_graph_new ());
  gint64 to = g_get_real_time (), from = to - 7 * G_TIME_SPAN_DAY;
  guint n = 7 * 24 * 60;
  g_autofree XnGraphPoint *pts = g_new (XnGraphPoint, n);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  GskRenderer *renderer;

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 600);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (graph));
  gtk_window_present (GTK_WINDOW (window));
  xn_graph_set_range (graph, from, to);
  for (guint s = 0; s < 50; s++)
    {
      g_autofree char *name = g_strdup_printf ("domain_%02u", s);

      for (guint i = 0; i < n; i++)
        {
          pts[i].time = from + (gint64) i * G_TIME_SPAN_MINUTE;
          pts[i].value = 50 + 40 * ((i * 2654435761u + s * 97) % 1000) / 1000.0;
        }
      xn_graph_add_series (graph, name, pts, n);
    }
  for (guint i = 0; i < 200; i++)
    xn_graph_add_event (graph, from + (gint64) i * 50 * G_TIME_SPAN_MINUTE);
  spin (500);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (GTK_WIDGET (graph)));
  for (guint r = 0; r < 30; r++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      int w = gtk_widget_get_width (GTK_WIDGET (graph)), h = gtk_widget_get_height (GTK_WIDGET (graph));
      graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, w, h);
      double t = now_ms ();

      /* The widget's own drawing, then the renderer: one full redraw. */
      GTK_WIDGET_GET_CLASS (graph)->snapshot (GTK_WIDGET (graph), snapshot);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      g_assert (node != NULL);
      texture = gsk_renderer_render_texture (renderer, node, &bounds);
      t = now_ms () - t;
      g_array_append_val (times, t);
    }
  g_array_sort (times, compare);
  g_print ("graph: 50 series x %u points (1 week at 1 min), %dx%d: redraw median %.1f ms, max %.1f ms\n",
           n, gtk_widget_get_width (GTK_WIDGET (graph)), gtk_widget_get_height (GTK_WIDGET (graph)),
           g_array_index (times, double, times->len / 2), g_array_index (times, double, times->len - 1));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 1000000;

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
  /* XN_BENCH_ONLY=graph or violations runs one part (e.g. under perf). */
  if (g_strcmp0 (g_getenv ("XN_BENCH_ONLY"), "violations") != 0)
    bench_graph ();
  if (g_strcmp0 (g_getenv ("XN_BENCH_ONLY"), "graph") != 0)
    bench_violations (n);
  return 0;
}
