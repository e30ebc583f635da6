/* bench-ui.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* xenon-manager on the large generated policy: time from "open" to the
 * first painted frame, and the work per frame (GdkFrameClock layout to
 * after-paint) while the policy tree is expanded and scrolled. Re-runs
 * itself under xvfb-run (GSK_RENDERER=cairo) when it has no display.
 *
 * Usage: bench-ui GEN-POLICY */

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>
#include <gtk/gtk.h>
#include <stdlib.h>
#include <unistd.h>

#include "xn-process.h"
#include "xn-window.h"

#define SCROLL_FRAMES 300

static double t_open;
static double t_first = -1;
static double frame_start;
static GArray *frames;          /* ms of work per frame while scrolling */
static gboolean measuring;
static gboolean done;
static gboolean shown_pending;
static double last_paint;
static double max_gap;          /* ms between two painted frames */  /* waiting for the frame after the load */

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static void
on_update (GdkFrameClock *clock,
           gpointer       data)
{
  frame_start = now_ms ();
}

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       data)
{
  double t = now_ms ();

  if (t_first < 0)
    t_first = t - t_open;
  shown_pending = FALSE;
  if (measuring && frame_start > 0)
    {
      double d = t - frame_start;
      g_array_append_val (frames, d);
      /* Work outside the frame (idles, timeouts) shows as a late frame. */
      if (last_paint > 0 && t - last_paint > max_gap)
        max_gap = t - last_paint;
      last_paint = t;
    }
  frame_start = 0;
}

static gboolean
scroll_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (widget));
  double v = gtk_adjustment_get_value (adj) + 120;

  if (frames->len >= SCROLL_FRAMES)
    {
      done = TRUE;
      return G_SOURCE_REMOVE;
    }
  if (v > gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj))
    v = 0;
  gtk_adjustment_set_value (adj, v);
  return G_SOURCE_CONTINUE;
}

static int
compare (gconstpointer a,
         gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(XnDocument) document = NULL;
  XnWindow *window;
  GtkTreeListModel *model;
  GdkFrameClock *clock;
  XnPolicy *policy;
  guint n_domains = 0, rows_after;
  double t_load, t_shown, t_expand;
  int status;

  if (argc < 2)
    {
      g_printerr ("usage: bench-ui GEN-POLICY\n");
      return 2;
    }
  /* As the manager starts (app/xenon-manager.c). */
  xn_process_use_huge_pages (argv);
  if (g_getenv ("XN_BENCH_UNDER_XVFB") == NULL)
    {
      g_autofree char *xvfb = g_find_program_in_path ("xvfb-run");
      char *args[] = { xvfb, "-a", "-s", "-screen 0 1280x800x24", argv[0], argv[1], NULL };

      if (xvfb == NULL)
        {
          g_print ("SKIP: xvfb-run not found\n");
          return 77;
        }
      g_setenv ("XN_BENCH_UNDER_XVFB", "1", TRUE);
      g_setenv ("GSK_RENDERER", "cairo", FALSE);
      g_setenv ("GDK_BACKEND", "x11", TRUE);
      execv (xvfb, args);
      g_printerr ("exec xvfb-run failed\n");
      return 1;
    }

  dir = g_dir_make_tmp ("xn-bench-ui-XXXXXX", NULL);
  path = g_build_filename (dir, "large.xml", NULL);
  {
    char *gen[] = { argv[1], "-o", path, NULL };
    if (!g_spawn_sync (NULL, gen, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error)
        || !g_spawn_check_wait_status (status, &error))
      g_error ("gen-policy: %s", error->message);
  }

  gtk_init ();
  adw_init ();   /* the app is an AdwApplication: its stylesheet and widgets */
  frames = g_array_new (FALSE, FALSE, sizeof (double));
  file = g_file_new_for_path (path);

  /* Open as the app does: the window paints a progress page at once and
   * the file is parsed in a worker thread. */
  t_open = now_ms ();
  window = xn_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_widget_realize (GTK_WIDGET (window));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  /* From the update phase: a handler on "layout" runs after GTK's own
   * layout and would leave the rows' binds out of the frame. */
  g_signal_connect (clock, "update", G_CALLBACK (on_update), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
  xn_window_load_file (window, file);
  gtk_window_present (GTK_WINDOW (window));
  while (t_first < 0)
    g_main_context_iteration (NULL, TRUE);
  while (xn_window_get_loading (window))
    g_main_context_iteration (NULL, TRUE);
  t_load = now_ms () - t_open;
  /* The first frame with the document in it. */
  t_shown = -1;
  shown_pending = TRUE;
  while (shown_pending)
    g_main_context_iteration (NULL, TRUE);
  t_shown = now_ms () - t_open;
  document = g_object_ref (xn_window_get_document (window));
  policy = xn_document_get_policy (document);
  for (guint h = 0; h < xn_object_list_get_n_items (xn_policy_get_hosts (policy)); h++)
    {
      g_autoptr(GPtrArray) d = xn_host_dup_domains (xn_object_list_get (xn_policy_get_hosts (policy), h));
      n_domains += d->len;
    }

  /* Expand every section: 10,000 domains become rows. */
  model = xn_policy_tree_get_model (xn_window_get_tree (window));
  t_expand = now_ms ();
  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (model)); i > 0; i--)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (model), i - 1);
      gtk_tree_list_row_set_expanded (row, TRUE);
    }
  t_expand = now_ms () - t_expand;
  rows_after = g_list_model_get_n_items (G_LIST_MODEL (model));

  measuring = TRUE;
  gtk_widget_add_tick_callback (GTK_WIDGET (xn_policy_tree_get_list_view (xn_window_get_tree (window))),
                                scroll_tick, NULL, NULL);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  g_array_sort (frames, compare);
  g_print ("input: %s: %u hosts, %u domains, %u tags; tree rows when expanded: %u\n",
           "gen-policy default", xn_object_list_get_n_items (xn_policy_get_hosts (policy)), n_domains,
           xn_object_list_get_n_items (xn_policy_get_tags (policy)), rows_after);
  g_print ("time to first frame (from open, progress page): %.1f ms (goal < 1000 ms)\n", t_first);
  g_print ("load in the worker thread done (from open): %.1f ms\n", t_load);
  g_print ("first frame with the document (from open): %.1f ms\n", t_shown);
  g_print ("expand all sections: %.1f ms\n", t_expand);
  g_print ("scrolling, %u frames: work per frame p50 %.2f ms, p95 %.2f ms, max %.2f ms (goal: none > 16 ms)\n",
           frames->len,
           g_array_index (frames, double, frames->len / 2),
           g_array_index (frames, double, frames->len * 95 / 100),
           g_array_index (frames, double, frames->len - 1));
  g_print ("scrolling: longest time between two painted frames %.1f ms (60 Hz clock: 16.7 ms)\n", max_gap);
  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (path);
  g_rmdir (dir);
  return 0;
}
