/* xn-graph.c: line graphs over time
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Drawn by the app (GtkSnapshot with a cairo node) so that it follows the
 * theme's colours, light or dark.  Series are told apart by colour and by
 * dash pattern; violation events are ticks on the time axis; pointing at
 * the graph reads out every series at that time.  A series with more
 * points than the graph has pixel columns is drawn from its minimum and
 * maximum per column, so a week at 5 s resolution costs what the width
 * costs.
 */

#define _GNU_SOURCE   /* SCHED_IDLE */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <sched.h>
#include <glib/gi18n-lib.h>

#include "xn-graph.h"

#define MARGIN_LEFT   72
#define MARGIN_RIGHT  12
#define MARGIN_TOP    12
#define MARGIN_BOTTOM 28
#define LEGEND_ROW    18
#define LEGEND_TOP    4
#define CHUNK         32
/* Device pixels of the plot that one frame takes in after an update: a
 * 1200x600 plot in five bands, one per frame (see take_band). */
#define BAND_PIXELS   (160 * 1024)

typedef struct
{
  char   *name;
  GArray *points;   /* XnGraphPoint, in time order; never changed once added, so shared with workers */
} Series;

/* The plot as drawn for a generation, size, scale and colour: nodes of
 * horizontal bands, top to bottom, made by the worker.  The same nodes go
 * into every frame, so GTK repaints only the bands that are new. */
typedef struct
{
  GPtrArray  *bands;    /* GskRenderNode; NULL where none is shown yet */
  guint       gen;
  int         width;
  int         height;
  int         scale;
  GdkRGBA     fg;
} Plot;

static void
band_unref (gpointer node)
{
  if (node != NULL)
    gsk_render_node_unref (node);
}

static void
plot_free (gpointer data)
{
  Plot *plot = data;

  g_ptr_array_unref (plot->bands);
  g_free (plot);
}

/* What the plot shows: the widget's, or a worker's copy of it. */
typedef struct
{
  GPtrArray  *series;
  GArray     *events;   /* gint64 */
  gint64      from;
  gint64      to;
  XnCellKind  unit;
} PlotData;

struct _XnGraph
{
  GtkWidget   parent_instance;

  PlotData    d;
  guint       gen;      /* bumped whenever d changes */
  double      hover_x;  /* < 0: none */

  Plot       *plot;     /* shown */
  Plot       *next;     /* drawn, taken in a band per frame */
  guint       next_band;
  guint       tick_id;
  gboolean    drawing;  /* a worker draws the plot */
  GCancellable *cancel;
};

G_DEFINE_FINAL_TYPE (XnGraph, xn_graph, GTK_TYPE_WIDGET)

/* Eight hues that read on light and dark backgrounds. */
static const GdkRGBA palette[] = {
  { 0.21, 0.52, 0.89, 1 }, { 0.90, 0.38, 0.00, 1 }, { 0.18, 0.76, 0.49, 1 }, { 0.75, 0.11, 0.16, 1 },
  { 0.57, 0.25, 0.67, 1 }, { 0.60, 0.76, 0.08, 1 }, { 0.86, 0.20, 0.60, 1 }, { 0.40, 0.55, 0.60, 1 },
};
static const double dashes[][2] = { { 0, 0 }, { 6, 3 }, { 2, 3 }, { 10, 3 } };

static void
series_free (gpointer data)
{
  Series *s = data;

  g_free (s->name);
  g_array_unref (s->points);
  g_free (s);
}

static double
x_of (const PlotData *self, gint64 t, double width)
{
  double span = (double) MAX (self->to - self->from, 1);

  return MARGIN_LEFT + (width - MARGIN_LEFT - MARGIN_RIGHT) * (double) (t - self->from) / span;
}

/**
 * xn_graph_decimate:
 * @out: room for @columns columns
 *
 * Sums up @points into @columns equal time columns between @from and
 * @to: each column's least, greatest and mean value at its mean time; a
 * column without points adds none.
 *
 * Returns: how many columns were written
 */
guint
xn_graph_decimate (const XnGraphPoint *points,
                   guint               n_points,
                   gint64              from,
                   gint64              to,
                   guint               columns,
                   XnGraphColumn      *out)
{
  guint n = 0, i = 0;
  double span = (double) MAX (to - from, 1);

  while (i < n_points && points[i].time < from)
    i++;
  for (guint c = 0; c < columns && i < n_points; c++)
    {
      gint64 end = from + (gint64) (span * (c + 1) / columns);
      double sum = 0, tsum = 0;
      guint count = 0;
      XnGraphColumn col = { 0, G_MAXDOUBLE, -G_MAXDOUBLE, 0 };

      for (; i < n_points && (points[i].time <= end || c == columns - 1); i++)
        {
          col.min = MIN (col.min, points[i].value);
          col.max = MAX (col.max, points[i].value);
          sum += points[i].value;
          tsum += (double) (points[i].time - from);
          count++;
        }
      if (count == 0)
        continue;
      col.mean = sum / count;
      col.time = from + (gint64) (tsum / count);
      out[n++] = col;
    }
  return n;
}

static double
max_value (const PlotData *self)
{
  double max = 0;

  for (guint s = 0; s < self->series->len; s++)
    {
      GArray *p = ((Series *) g_ptr_array_index (self->series, s))->points;

      for (guint i = 0; i < p->len; i++)
        max = MAX (max, g_array_index (p, XnGraphPoint, i).value);
    }
  return max > 0 ? max : 1;
}

/* The value axis: ticks at round values (1, 2, 2.5 or 5 times a power
 * of ten), about four of them, the top one at or above @max. Dividing the
 * maximum by four gave 7.9, 15.9, 23.8, 31.7 %. */
static double
nice_scale (double  max,
            double *step_out)
{
  double raw = max / 4, magnitude = pow (10, floor (log10 (raw))), step = magnitude * 10;
  const double steps[] = { 1, 2, 2.5, 5, 10 };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] * magnitude >= raw)
      {
        step = steps[i] * magnitude;
        break;
      }
  *step_out = step;
  return ceil (max / step - 1e-9) * step;
}

/**
 * xn_graph_get_value_axis:
 * @step: (out): the distance between ticks
 *
 * Returns: the top of the value axis (a multiple of @step)
 */
static double
value_axis (const PlotData *self,
            double         *step)
{
  return nice_scale (max_value (self) * 1.05, step);
}

double
xn_graph_get_value_axis (XnGraph *self,
                         double  *step)
{
  return value_axis (&self->d, step);
}

/* The time axis: labels at round times of the local clock (every 30 s,
 * 2 min, 1 h, …), at most six of them. Quarters of the span gave
 * 02:36:16, 02:38:46, … Returns the step; @first is the first labelled
 * time at or after the start. */
static gint64
time_axis (const PlotData *self,
           gint64         *first)
{
  static const gint64 seconds[] = {
    1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 2 * 3600, 3 * 3600, 6 * 3600,
    12 * 3600, 86400, 2 * 86400, 7 * 86400, 14 * 86400, 28 * 86400, 91 * 86400, 182 * 86400,
  };
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (self->from / G_USEC_PER_SEC);
  gint64 span = MAX (self->to - self->from, 1);
  gint64 step = seconds[G_N_ELEMENTS (seconds) - 1] * G_USEC_PER_SEC;
  /* Round by the local clock: 10:00, not 10:00 UTC shown as 11:00. */
  gint64 offset = dt != NULL ? g_date_time_get_utc_offset (dt) : 0;
  gint64 local = self->from + offset;

  for (guint i = 0; i < G_N_ELEMENTS (seconds); i++)
    if (seconds[i] * G_USEC_PER_SEC * 6 >= span)
      {
        step = seconds[i] * G_USEC_PER_SEC;
        break;
      }
  *first = (local / step + (local % step > 0)) * step - offset;
  return step;
}

static char *
time_label (const PlotData *self,
            gint64          t,
            gint64          step)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local ((t) / G_USEC_PER_SEC);
  gint64 span = self->to - self->from;
  const char *format = step < G_TIME_SPAN_MINUTE ? "%H:%M:%S"
                       : step < G_TIME_SPAN_DAY ? (span <= G_TIME_SPAN_DAY ? "%H:%M" : "%a %H:%M")
                       : "%Y-%m-%d";

  return dt != NULL ? g_date_time_format (dt, format) : g_strdup ("");
}

/**
 * xn_graph_get_time_axis:
 * @first: (out): the first labelled time, in µs since the epoch
 *
 * Returns: the time between labels of the time axis, in µs
 */
gint64
xn_graph_get_time_axis (XnGraph *self,
                        gint64  *first)
{
  g_return_val_if_fail (XN_IS_GRAPH (self), 0);
  return time_axis (&self->d, first);
}

static void
draw_text (cairo_t *cr, PangoLayout *layout, const char *text, double x, double y, double align)
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - w * align, y - h / 2.0);
  pango_cairo_show_layout (cr, layout);
}

/* The legend goes above the plot: at the bottom of the window,
 * libadwaita's toasts would cover it. */
static double
legend_height (const PlotData *self)
{
  return LEGEND_ROW * ((self->series->len + 3) / 4);
}

static double
plot_top_of (const PlotData *self)
{
  return self->series->len > 0 ? LEGEND_TOP + legend_height (self) + MARGIN_TOP : MARGIN_TOP;
}

static double
plot_bottom_of (const PlotData *self,
                double          height)
{
  return height - MARGIN_BOTTOM;
}

/* Everything but the hover read-out. */
static void
draw_plot (const PlotData *self,
           PangoLayout    *layout,
           cairo_t        *cr,
           double         width,
           double         height,
           const GdkRGBA *fg_colour)
{
  double plot_top = plot_top_of (self);
  double plot_bottom = plot_bottom_of (self, height);
  double plot_h = plot_bottom - plot_top;
  double step;
  double max = value_axis (self, &step);
  guint columns = (guint) MAX (1, width - MARGIN_LEFT - MARGIN_RIGHT);
  g_autofree XnGraphColumn *cols = g_new (XnGraphColumn, columns);
  GdkRGBA fg = *fg_colour;

  /* Grid and value axis. */
  cairo_set_line_width (cr, 1);
  for (int i = 0; i * step <= max + step / 2; i++)
    {
      double y = plot_bottom - plot_h * i * step / max;
      g_autofree char *label = xn_live_format (g_variant_new_double (i * step), self->unit);

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.12);
      cairo_move_to (cr, MARGIN_LEFT, floor (y) + 0.5);
      cairo_line_to (cr, width - MARGIN_RIGHT, floor (y) + 0.5);
      cairo_stroke (cr);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.7);
      draw_text (cr, layout, label, MARGIN_LEFT - 6, y, 1.0);
    }
  /* Time axis: each label centred under its time, kept inside the
   * widget. */
  {
    gint64 first, time_step = time_axis (self, &first);

    cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.7);
    for (gint64 t = first; t <= self->to; t += time_step)
      {
        g_autofree char *label = time_label (self, t, time_step);
        double x = x_of (self, t, width);
        int w, h;

        pango_layout_set_text (layout, label, -1);
        pango_layout_get_pixel_size (layout, &w, &h);
        cairo_move_to (cr, CLAMP (x - w / 2.0, 0, MAX (0, width - w)), plot_bottom + 14 - h / 2.0);
        pango_cairo_show_layout (cr, layout);
      }
  }
  /* Violation events: red ticks under the plot. */
  cairo_set_source_rgba (cr, 0.85, 0.1, 0.1, 0.9);
  cairo_set_line_width (cr, 2);
  for (guint i = 0; i < self->events->len; i++)
    {
      double x = x_of (self, g_array_index (self->events, gint64, i), width);

      if (x < MARGIN_LEFT || x > width - MARGIN_RIGHT)
        continue;
      cairo_move_to (cr, x, plot_bottom - 8);
      cairo_line_to (cr, x, plot_bottom);
      cairo_stroke (cr);
    }

  /* Series. */
  cairo_save (cr);
  cairo_rectangle (cr, MARGIN_LEFT, plot_top, width - MARGIN_LEFT - MARGIN_RIGHT, plot_h);
  cairo_clip (cr);
  cairo_set_line_width (cr, 1.6);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);
  for (guint s = 0; s < self->series->len; s++)
    {
      Series *ser = g_ptr_array_index (self->series, s);
      const GdkRGBA *c = &palette[s % G_N_ELEMENTS (palette)];
      const double *d = dashes[(s / G_N_ELEMENTS (palette)) % G_N_ELEMENTS (dashes)];
      const XnGraphPoint *pts = (const XnGraphPoint *) ser->points->data;
      guint n = ser->points->len;
      guint ncols = 0;

      cairo_set_source_rgba (cr, c->red, c->green, c->blue, 1);
      cairo_set_dash (cr, d, d[0] > 0 ? 2 : 0, 0);
      if (n > columns)
        {
          /* Denser than the pixels: the band from least to greatest per
           * column, translucent, and the mean as the line. */
          ncols = xn_graph_decimate (pts, n, self->from, self->to, columns, cols);
          cairo_set_source_rgba (cr, c->red, c->green, c->blue, 0.18);
          cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
          /* Cairo tessellates one long path as a whole, which costs far
           * more than short pieces: draw 32 columns at a time. */
          for (guint start = 0; start + 1 < ncols; start += CHUNK)
            {
              guint stop = MIN (start + CHUNK, ncols - 1);

              for (guint i = start; i <= stop; i++)
                cairo_line_to (cr, x_of (self, cols[i].time, width), plot_bottom - plot_h * cols[i].max / max);
              for (guint i = stop + 1; i-- > start;)
                cairo_line_to (cr, x_of (self, cols[i].time, width), plot_bottom - plot_h * cols[i].min / max);
              cairo_close_path (cr);
              cairo_fill (cr);
            }
          cairo_set_antialias (cr, CAIRO_ANTIALIAS_DEFAULT);
          cairo_set_source_rgba (cr, c->red, c->green, c->blue, 1);
          for (guint i = 0; i < ncols; i++)
            {
              double x = x_of (self, cols[i].time, width);
              double y = plot_bottom - plot_h * cols[i].mean / max;

              if (i == 0)
                cairo_move_to (cr, x, y);
              else
                cairo_line_to (cr, x, y);
              if (i % CHUNK == CHUNK - 1 && i + 1 < ncols)
                {
                  cairo_stroke (cr);
                  cairo_move_to (cr, x, y);
                }
            }
          cairo_stroke (cr);
          continue;
        }
      for (guint i = 0; i < n; i++)
        {
          double x = x_of (self, pts[i].time, width);
          double y = plot_bottom - plot_h * pts[i].value / max;

          if (i == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
          if (i % CHUNK == CHUNK - 1 && i + 1 < n)
            {
              cairo_stroke (cr);
              cairo_move_to (cr, x, y);
            }
        }
      cairo_stroke (cr);
    }
  cairo_restore (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  /* Legend: colour, dash and name. */
  for (guint s = 0; s < self->series->len; s++)
    {
      Series *ser = g_ptr_array_index (self->series, s);
      const GdkRGBA *c = &palette[s % G_N_ELEMENTS (palette)];
      const double *d = dashes[(s / G_N_ELEMENTS (palette)) % G_N_ELEMENTS (dashes)];
      double col_w = (width - MARGIN_LEFT) / 4.0;
      double x = MARGIN_LEFT + col_w * (s % 4);
      double y = LEGEND_TOP + LEGEND_ROW * (s / 4) + LEGEND_ROW / 2.0;

      cairo_set_source_rgba (cr, c->red, c->green, c->blue, 1);
      cairo_set_line_width (cr, 2.5);
      cairo_set_dash (cr, d, d[0] > 0 ? 2 : 0, 0);
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x + 24, y);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.9);
      draw_text (cr, layout, ser->name, x + 30, y, 0);
    }

}

/* The plot drawn once into an image, drawn again only when what it shows
 * changes: fifty dense series cost 0.2-0.4 s to rasterise, so a worker
 * thread does it (from its own list of the series) while the widget goes on
 * showing the previous image, and pointing at the graph never pays it. */
static cairo_surface_t *
render_plot (const PlotData             *data,
             const PangoFontDescription *font,
             int                         width,
             int                         height,
             int                         scale,
             const GdkRGBA              *fg)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  PangoLayout *layout;
  cairo_t *cr;

  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  layout = pango_cairo_create_layout (cr);
  pango_layout_set_font_description (layout, font);
  draw_plot (data, layout, cr, width, height, fg);
  g_object_unref (layout);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* The nodes that show the plot, made on the worker so that the frame
 * that takes them in has only them to paint.  GTK 4.8's cairo renderer
 * copies a texture into a new surface and pads its edges pixel by pixel
 * whenever it draws it (11 ms of the frame at 1200x600), so for it each
 * band is a cairo node that paints an image of its own, one blit; other
 * renderers get textures of the plot's pixels, without a copy (cairo's
 * ARGB32 is GDK's default memory format).  Bands, because whatever the
 * renderer, putting a new image on the screen (uploading it to the X
 * server or the GPU) costs its size in the frame that first shows it:
 * 6-7 ms of the main thread for 1200x600 under Xvfb. */
static GPtrArray *
plot_bands_new (cairo_surface_t *surface,
                int              width,
                int              height,
                int              scale,
                gboolean         cairo_nodes)
{
  GPtrArray *bands = g_ptr_array_new_with_free_func (band_unref);
  int stride = cairo_image_surface_get_stride (surface);
  int rows = cairo_image_surface_get_height (surface);
  int band_h = MAX (16, BAND_PIXELS / MAX (1, width * scale * scale));
  g_autoptr(GBytes) pixels = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                                         (gsize) stride * rows,
                                                         (GDestroyNotify) cairo_surface_destroy,
                                                         cairo_surface_reference (surface));

  for (int y = 0; y < height; y += band_h)
    {
      int h = MIN (band_h, height - y);
      graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, y, width, h);

      if (cairo_nodes)
        {
          GskRenderNode *node = gsk_cairo_node_new (&bounds);
          cairo_t *cr = gsk_cairo_node_get_draw_context (node);
          cairo_surface_t *part = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, h * scale);
          cairo_t *copy = cairo_create (part);

          /* The node records its source; an image of the band alone
           * keeps it from holding (and copying) the whole plot. */
          cairo_set_source_surface (copy, surface, 0, -y * scale);
          cairo_set_operator (copy, CAIRO_OPERATOR_SOURCE);
          cairo_paint (copy);
          cairo_destroy (copy);
          cairo_surface_set_device_scale (part, scale, scale);
          cairo_set_source_surface (cr, part, 0, y);
          cairo_paint (cr);
          cairo_destroy (cr);
          cairo_surface_destroy (part);
          g_ptr_array_add (bands, node);
        }
      else
        {
          g_autoptr(GBytes) part = g_bytes_new_from_bytes (pixels, (gsize) y * scale * stride,
                                                           (gsize) MIN (h * scale, rows - y * scale) * stride);
          g_autoptr(GdkTexture) texture = gdk_memory_texture_new (width * scale, MIN (h * scale, rows - y * scale),
                                                                  GDK_MEMORY_DEFAULT, part, stride);

          g_ptr_array_add (bands, gsk_texture_node_new (texture, &bounds));
        }
    }
  return bands;
}

typedef struct
{
  PlotData              d;
  PangoFontDescription *font;
  int                   width;
  int                   height;
  int                   scale;
  GdkRGBA               fg;
  guint                 gen;
  gboolean              cairo_nodes;
} PlotJob;

static void
plot_job_free (gpointer data)
{
  PlotJob *job = data;

  g_ptr_array_unref (job->d.series);
  g_array_unref (job->d.events);
  pango_font_description_free (job->font);
  g_free (job);
}

static void
render_thread (gpointer data,
               gpointer unused)
{
  g_autoptr(GTask) task = data;
  PlotJob *job = g_task_get_task_data (task);
  static gboolean idle;
  cairo_surface_t *surface;
  Plot *plot;

  /* The worker yields the CPU to everything else, the main thread above
   * all: on two busy cores, at the same priority, it kept the frames
   * after an update waiting 10 ms and more for a core.  Its own thread,
   * since a thread cannot take its priority back. */
  if (!idle)
    {
      struct sched_param param = { 0 };

      if (sched_setscheduler (0, SCHED_IDLE, &param) != 0)
        g_debug ("The graph's worker keeps its priority: %s", g_strerror (errno));
      idle = TRUE;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  surface = render_plot (&job->d, job->font, job->width, job->height, job->scale, &job->fg);
  plot = g_new0 (Plot, 1);
  plot->bands = plot_bands_new (surface, job->width, job->height, job->scale, job->cairo_nodes);
  plot->gen = job->gen;
  plot->width = job->width;
  plot->height = job->height;
  plot->scale = job->scale;
  plot->fg = job->fg;
  cairo_surface_destroy (surface);
  g_task_return_pointer (task, plot, plot_free);
}

/* One thread for every graph's drawing, started when first needed. */
static GThreadPool *
render_pool (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (render_thread, NULL, 1, TRUE, NULL));
  return pool;
}

/* Takes in the next plot's next band, and drops the band it replaces:
 * one a frame, so that no frame puts more than BAND_PIXELS of new image
 * on the screen (nor frees more of the old). */
static gboolean
take_band (GtkWidget     *widget,
           GdkFrameClock *clock,
           gpointer       unused)
{
  XnGraph *self = XN_GRAPH (widget);
  guint i = self->next_band++;
  gpointer old = self->plot->bands->pdata[i];

  self->plot->bands->pdata[i] = g_steal_pointer (&self->next->bands->pdata[i]);
  g_clear_pointer (&old, gsk_render_node_unref);
  gtk_widget_queue_draw (widget);
  if (self->next_band < self->next->bands->len)
    return G_SOURCE_CONTINUE;
  self->plot->gen = self->next->gen;
  self->plot->fg = self->next->fg;
  g_clear_pointer (&self->next, plot_free);
  self->tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
render_done (GObject      *source,
             GAsyncResult *result,
             gpointer      unused)
{
  XnGraph *self = XN_GRAPH (source);
  GtkWidget *widget = GTK_WIDGET (self);
  Plot *plot = g_task_propagate_pointer (G_TASK (result), NULL);

  self->drawing = FALSE;
  if (plot == NULL)
    return;
  if (self->plot == NULL)
    {
      /* The first plot comes in bands too, over nothing. */
      self->plot = g_new0 (Plot, 1);
      *self->plot = *plot;
      self->plot->bands = g_ptr_array_new_with_free_func (band_unref);
      g_ptr_array_set_size (self->plot->bands, plot->bands->len);
    }
  if (!gtk_widget_get_mapped (widget) || plot->width != self->plot->width || plot->height != self->plot->height
      || plot->scale != self->plot->scale)
    {
      /* Not shown, or a new size: the frame paints all of it anyway. */
      g_clear_pointer (&self->plot, plot_free);
      self->plot = plot;
    }
  else
    {
      self->next = plot;
      self->next_band = 0;
      self->tick_id = gtk_widget_add_tick_callback (widget, take_band, NULL, NULL);
    }
  gtk_widget_queue_draw (widget);
}

/* The worker's own list of the series: their points are shared, not
 * copied (8 MB for 50 weeks at 1 min, 3-6 ms in the frame). */
static Series *
series_share (const Series *s)
{
  Series *share = g_new0 (Series, 1);

  share->name = g_strdup (s->name);
  share->points = g_array_ref (s->points);
  return share;
}

/* Starts drawing the plot as it is now in a worker. */
static void
start_render (XnGraph       *self,
              int            width,
              int            height,
              int            scale,
              const GdkRGBA *fg)
{
  PlotJob *job = g_new0 (PlotJob, 1);
  g_autoptr(GTask) task = NULL;

  job->d = self->d;
  job->d.series = g_ptr_array_new_full (self->d.series->len, series_free);
  for (guint i = 0; i < self->d.series->len; i++)
    g_ptr_array_add (job->d.series, series_share (g_ptr_array_index (self->d.series, i)));
  job->d.events = g_array_copy (self->d.events);
  job->font = pango_font_description_copy (pango_context_get_font_description (gtk_widget_get_pango_context (GTK_WIDGET (self))));
  job->width = width;
  job->height = height;
  job->scale = scale;
  job->fg = *fg;
  job->gen = self->gen;
  job->cairo_nodes = GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (gtk_widget_get_native (GTK_WIDGET (self))));
  self->drawing = TRUE;
  task = g_task_new (self, self->cancel, render_done, NULL);
  g_task_set_source_tag (task, start_render);
  g_task_set_task_data (task, job, plot_job_free);
  g_thread_pool_push (render_pool (), g_steal_pointer (&task), NULL);
}

static void
xn_graph_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  XnGraph *self = XN_GRAPH (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  double plot_top = plot_top_of (&self->d);
  double plot_bottom = plot_bottom_of (&self->d, height);
  GdkRGBA fg;

  if (width < MARGIN_LEFT + 20 || plot_bottom - plot_top < 20)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  if (!self->drawing && self->next == NULL
      && (self->plot == NULL || self->plot->gen != self->gen || self->plot->width != width
          || self->plot->height != height || self->plot->scale != scale || !gdk_rgba_equal (&fg, &self->plot->fg)))
    start_render (self, width, height, scale, &fg);
  /* The last image until the worker has the new one (a data update
   * never blocks the main loop for the drawing). */
  if (self->plot != NULL)
    {
      /* Drawn for another size: stretched until the new one comes. */
      gboolean stretch = self->plot->width != width || self->plot->height != height;

      if (stretch)
        {
          gtk_snapshot_save (snapshot);
          gtk_snapshot_scale (snapshot, width / (float) self->plot->width, height / (float) self->plot->height);
        }
      for (guint i = 0; i < self->plot->bands->len; i++)
        if (g_ptr_array_index (self->plot->bands, i) != NULL)
          gtk_snapshot_append_node (snapshot, g_ptr_array_index (self->plot->bands, i));
      if (stretch)
        gtk_snapshot_restore (snapshot);
    }

  /* Hover read-out: small nodes of their own over the plot's, which go
   * into the frame as they are, so that moving the pointer repaints the
   * line and the box and nothing else. */
  if (self->hover_x >= MARGIN_LEFT && self->hover_x <= width - MARGIN_RIGHT && self->d.series->len > 0)
    {
      double span = (double) (self->d.to - self->d.from);
      gint64 t = self->d.from + (gint64) (span * (self->hover_x - MARGIN_LEFT) / (width - MARGIN_LEFT - MARGIN_RIGHT));
      g_autofree char *text = xn_graph_dup_readout (self, t);
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
      GdkRGBA line = { fg.red, fg.green, fg.blue, 0.5 };
      GdkRGBA box = { 1 - fg.red, 1 - fg.green, 1 - fg.blue, 0.92 };
      double x = floor (self->hover_x);
      int w, h;
      double bx;

      gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (x, plot_top, 1, plot_bottom - plot_top));
      pango_layout_get_pixel_size (layout, &w, &h);
      bx = x + 8 + w + 8 > width ? x - w - 16 : x + 8;
      gtk_snapshot_append_color (snapshot, &box, &GRAPHENE_RECT_INIT (bx, plot_top + 4, w + 8, h + 6));
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (bx + 4, plot_top + 7));
      gtk_snapshot_append_layout (snapshot, layout, &fg);
      gtk_snapshot_restore (snapshot);
    }
}

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           XnGraph                  *self)
{
  xn_graph_hover (self, x);
}

static void
leave_cb (GtkEventControllerMotion *motion,
          XnGraph                  *self)
{
  xn_graph_hover (self, -1);
}

/* Points the read-out at @x (widget coordinates; < 0: none). */
void
xn_graph_hover (XnGraph *self,
                double   x)
{
  self->hover_x = x;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * xn_graph_dup_readout:
 *
 * The time nearest @time and each series' value at its point nearest
 * @time, one per line.
 *
 * Returns: (transfer full): the text
 */
char *
xn_graph_dup_readout (XnGraph *self,
                      gint64   time)
{
  GString *out = g_string_new (NULL);
  g_autofree char *when = NULL;
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local ((time) / G_USEC_PER_SEC);

  when = dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M:%S") : g_strdup ("");
  g_string_append (out, when);
  for (guint s = 0; s < self->d.series->len; s++)
    {
      Series *ser = g_ptr_array_index (self->d.series, s);
      GArray *p = ser->points;
      guint lo = 0, hi = p->len;
      g_autofree char *value = NULL;

      if (p->len == 0)
        continue;
      /* Binary search for the first point at or after @time. */
      while (lo < hi)
        {
          guint mid = (lo + hi) / 2;

          if (g_array_index (p, XnGraphPoint, mid).time < time)
            lo = mid + 1;
          else
            hi = mid;
        }
      if (lo == p->len
          || (lo > 0 && time - g_array_index (p, XnGraphPoint, lo - 1).time
                        < g_array_index (p, XnGraphPoint, lo).time - time))
        lo = lo > 0 ? lo - 1 : 0;
      value = xn_live_format (g_variant_new_double (g_array_index (p, XnGraphPoint, lo).value), self->d.unit);
      g_string_append_printf (out, "\n%s: %s", ser->name, value);
    }
  return g_string_free (out, FALSE);
}

static void
xn_graph_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 200 : 160;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 600 : 320;
}

static void
xn_graph_dispose (GObject *object)
{
  XnGraph *self = XN_GRAPH (object);

  g_cancellable_cancel (self->cancel);
  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
  G_OBJECT_CLASS (xn_graph_parent_class)->dispose (object);
}

static void
xn_graph_finalize (GObject *object)
{
  XnGraph *self = XN_GRAPH (object);

  g_ptr_array_unref (self->d.series);
  g_array_unref (self->d.events);
  g_clear_pointer (&self->plot, plot_free);
  g_clear_pointer (&self->next, plot_free);
  g_clear_object (&self->cancel);
  G_OBJECT_CLASS (xn_graph_parent_class)->finalize (object);
}

static void
xn_graph_class_init (XnGraphClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = xn_graph_dispose;
  G_OBJECT_CLASS (klass)->finalize = xn_graph_finalize;
  widget_class->snapshot = xn_graph_snapshot;
  widget_class->measure = xn_graph_measure;
  gtk_widget_class_set_css_name (widget_class, "xn-graph");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
xn_graph_init (XnGraph *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->d.series = g_ptr_array_new_with_free_func (series_free);
  self->d.events = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->hover_x = -1;
  self->cancel = g_cancellable_new ();
  self->d.unit = XN_CELL_PERCENT;
  self->d.to = g_get_real_time ();
  self->d.from = self->d.to - 10 * G_TIME_SPAN_MINUTE;
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

/* What the plot shows changed (not the read-out). */
static void
invalidate (XnGraph *self)
{
  self->gen++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * xn_graph_get_legend_area:
 * @area: (out): where the legend is drawn, in the widget's coordinates
 *
 * Returns: %FALSE if there is no legend (no series)
 */
gboolean
xn_graph_get_legend_area (XnGraph         *self,
                          graphene_rect_t *area)
{
  int width;

  g_return_val_if_fail (XN_IS_GRAPH (self), FALSE);

  width = gtk_widget_get_width (GTK_WIDGET (self));
  graphene_rect_init (area, MARGIN_LEFT, LEGEND_TOP, MAX (0, width - MARGIN_LEFT), legend_height (&self->d));
  return self->d.series->len > 0;
}

/**
 * xn_graph_is_drawing:
 *
 * Returns: %TRUE while the plot shown is older than the data (a worker
 *   draws it, or will at the next frame, or its bands are still being
 *   taken in, one a frame)
 */
gboolean
xn_graph_is_drawing (XnGraph *self)
{
  g_return_val_if_fail (XN_IS_GRAPH (self), FALSE);

  return self->drawing || self->next != NULL || self->plot == NULL || self->plot->gen != self->gen;
}

GtkWidget *
xn_graph_new (void)
{
  return g_object_new (XN_TYPE_GRAPH, NULL);
}

void
xn_graph_set_range (XnGraph *self,
                    gint64   from,
                    gint64   to)
{
  self->d.from = from;
  self->d.to = MAX (to, from + 1);
  invalidate (self);
}

void
xn_graph_set_unit (XnGraph    *self,
                   XnCellKind  kind)
{
  self->d.unit = kind;
  invalidate (self);
}

void
xn_graph_clear (XnGraph *self)
{
  g_ptr_array_set_size (self->d.series, 0);
  g_array_set_size (self->d.events, 0);
  invalidate (self);
}

/* @points: in time order */
void
xn_graph_add_series (XnGraph            *self,
                     const char         *name,
                     const XnGraphPoint *points,
                     guint               n_points)
{
  Series *s = g_new0 (Series, 1);

  s->name = g_strdup (name);
  s->points = g_array_sized_new (FALSE, FALSE, sizeof (XnGraphPoint), n_points);
  g_array_append_vals (s->points, points, n_points);
  g_ptr_array_add (self->d.series, s);
  invalidate (self);
}

/**
 * xn_graph_add_series_array:
 * @points: (element-type XnGraphPoint): in time order, never changed
 *   afterwards
 *
 * As xn_graph_add_series(), but keeps a reference to @points instead of
 * a copy: a week of fifty series is 8 MB, 2-4 ms to copy in the update's
 * main-loop turn (and as much again to free the old copy).
 */
void
xn_graph_add_series_array (XnGraph    *self,
                           const char *name,
                           GArray     *points)
{
  Series *s;

  g_return_if_fail (XN_IS_GRAPH (self));
  g_return_if_fail (g_array_get_element_size (points) == sizeof (XnGraphPoint));

  s = g_new0 (Series, 1);
  s->name = g_strdup (name);
  s->points = g_array_ref (points);
  g_ptr_array_add (self->d.series, s);
  invalidate (self);
}

void
xn_graph_add_event (XnGraph *self,
                    gint64   time)
{
  g_array_append_val (self->d.events, time);
  invalidate (self);
}

guint
xn_graph_get_n_series (XnGraph *self)
{
  return self->d.series->len;
}

guint
xn_graph_get_n_points (XnGraph *self,
                       guint    series)
{
  g_return_val_if_fail (series < self->d.series->len, 0);

  return ((Series *) g_ptr_array_index (self->d.series, series))->points->len;
}

guint
xn_graph_get_n_events (XnGraph *self)
{
  return self->d.events->len;
}
