/* xn-violations-table.c: the violations log's table, one widget a row
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * GTK 4.8's list views keep about 200 rows of widgets alive and measure
 * and allocate every one of them on each frame.  A GtkColumnView makes
 * that a widget per cell, and with the log's six columns (plus the status
 * column's icon and word) scrolling spent 8–10 ms a frame in layout alone.
 * Here a row is one widget that lays out its texts with Pango and draws
 * them itself, under a header of buttons that sort (the model sorts its
 * own index: no object per row); GtkListView still gives selection,
 * keyboard navigation and recycling.
 *
 * A filter or a sort changes every row shown, and GTK 4.8's list item
 * manager, told so in one items-changed, asks the model for every added
 * row while it looks for the widgets of the removed ones (seconds over a
 * million) whenever a row it tracks (the top one, the focus) is among
 * them.  Detaching the list meanwhile cost 30 ms of the 40 a search took
 * over a million rows: every row widget made and bound again.  So the
 * list sees the rows through ShownRows, which passes on only the change
 * in the count (rows cut off at the end, or added there: never both in
 * one emission, so that search never runs) and rebinds the row widgets
 * in place for the rows that changed in place (the list's items of
 * those rows are stale, so the selection among them is dropped).  With the view's own fix (one
 * filter pass per change, xn-violations-view.c), a text search over a
 * million rows, until painted, went from a median of 90 ms (max 105)
 * to 24 (max 32), bench-live on a shared 2-core machine.  The other Live
 * mode tables hold a few hundred rows at most and stay column views
 * (xn-live-table.c), whose row type, formatting and ordering this uses.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xn-live-table.h"
#include "xn-violation-model.h"
#include "xn-live-row.h"
#include "xn-ui-util.h"
#include "xn-violations-table.h"

typedef struct
{
  const char *title;
  const char *key;
  XnCellKind  kind;
  int         chars;   /* wanted width in average characters; 0: the rest */
} ColumnSpec;

static const ColumnSpec columns[] = {
  /* Room for the icon and "viewed", and for names like "entertainment"
   * (8 and 14 cut them: "vie…"). */
  { N_("Status"), "viewed", XN_CELL_VIEWED, 11 },
  { N_("Domain"), "domain", XN_CELL_TEXT, 16 },
  { N_("When"), "time", XN_CELL_TIME, 19 },
  { N_("Reason"), "reason", XN_CELL_TEXT, 21 },
  { N_("Module"), "module", XN_CELL_TEXT, 15 },
  { N_("Info"), "info", XN_CELL_TEXT, 0 },
};

#define N_COLUMNS   G_N_ELEMENTS (columns)
#define PAD         6     /* px either side of a cell's text */
#define ICON        16
#define MIN_COLUMN  32
#define MIN_LAST    80

struct _XnViolationsTable
{
  GtkBox              parent_instance;

  /* Template widgets */
  GtkWidget          *header;
  GtkWidget          *list;
  GtkSingleSelection *selection;     /* a reference of its own: detached, the list drops its own */

  GtkWidget          *buttons[N_COLUMNS];
  GtkWidget          *arrows[N_COLUMNS];
  XnViolationFilterModel *rows;
  GListModel         *shown;         /* ShownRows over rows: what the list sees */
  GPtrArray          *row_widgets;   /* XnViolationRow, unowned */
  int                 sort_column;   /* -1: in the order read */
  gboolean            descending;

  int                 wanted[N_COLUMNS];   /* px; 0 until measured */
  int                 row_height;
  GtkIconPaintable   *icons[2];            /* new, viewed */
  int                 icon_scale;
};

G_DEFINE_FINAL_TYPE (XnViolationsTable, xn_violations_table, GTK_TYPE_BOX)

enum { PROP_0, PROP_ROWS, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* ShownRows: the rows as the list sees them (see the top of the file) */

#define XN_TYPE_SHOWN_ROWS (xn_shown_rows_get_type ())
G_DECLARE_FINAL_TYPE (XnShownRows, xn_shown_rows, XN, SHOWN_ROWS, GObject)

struct _XnShownRows
{
  GObject     parent_instance;
  GListModel *source;   /* owned */
  guint       n;        /* as last announced */
};

static GType
shown_get_item_type (GListModel *model)
{
  return XN_TYPE_LIVE_ROW;
}

static guint
shown_get_n_items (GListModel *model)
{
  return XN_SHOWN_ROWS (model)->n;
}

static gpointer
shown_get_item (GListModel *model,
                guint       position)
{
  XnShownRows *self = XN_SHOWN_ROWS (model);

  return position < self->n && self->source != NULL ? g_list_model_get_item (self->source, position) : NULL;
}

static void
xn_shown_rows_list_init (GListModelInterface *iface)
{
  iface->get_item_type = shown_get_item_type;
  iface->get_n_items = shown_get_n_items;
  iface->get_item = shown_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (XnShownRows, xn_shown_rows, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, xn_shown_rows_list_init))

static void
xn_shown_rows_dispose (GObject *object)
{
  g_clear_object (&XN_SHOWN_ROWS (object)->source);
  G_OBJECT_CLASS (xn_shown_rows_parent_class)->dispose (object);
}

static void
xn_shown_rows_class_init (XnShownRowsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = xn_shown_rows_dispose;
}

static void
xn_shown_rows_init (XnShownRows *self)
{
}

/* Column geometry */

static void
ensure_metrics (XnViolationsTable *self)
{
  PangoContext *context;
  PangoFontMetrics *metrics;
  int char_w, digit_w, line;

  if (self->row_height > 0)
    return;
  context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  metrics = pango_context_get_metrics (context, NULL, NULL);
  char_w = pango_font_metrics_get_approximate_char_width (metrics);
  digit_w = pango_font_metrics_get_approximate_digit_width (metrics);
  line = pango_font_metrics_get_height (metrics);
  /* Fonts without a line height: ascent and descent. */
  if (line == 0)
    line = pango_font_metrics_get_ascent (metrics) + pango_font_metrics_get_descent (metrics);
  self->row_height = MAX (ICON, PANGO_PIXELS_CEIL (line)) + 2 * 4;
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      int w = columns[c].kind == XN_CELL_TIME ? digit_w : char_w;

      self->wanted[c] = columns[c].chars == 0 ? 0 : PANGO_PIXELS_CEIL (w * columns[c].chars) + 2 * PAD;
    }
  pango_font_metrics_unref (metrics);
}

/* The columns' x and width in a row @width wide: wanted widths while they
 * fit beside the last column's minimum, shrunk alike when they do not. */
static void
geometry (XnViolationsTable *self,
          int                width,
          int                x[N_COLUMNS],
          int                w[N_COLUMNS])
{
  int sum = 0, at = 0;
  double scale;

  ensure_metrics (self);
  for (guint c = 0; c + 1 < N_COLUMNS; c++)
    sum += self->wanted[c];
  scale = width - MIN_LAST >= sum || sum == 0 ? 1.0 : MAX (0, width - MIN_LAST) / (double) sum;
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      x[c] = at;
      w[c] = c + 1 < N_COLUMNS ? MAX (MIN_COLUMN, (int) (self->wanted[c] * scale)) : MAX (0, width - at);
      at += w[c];
    }
}

static int
min_width (void)
{
  return MIN_COLUMN * (int) (N_COLUMNS - 1) + MIN_LAST;
}

/* The row widget */

#define XN_TYPE_VIOLATION_ROW (xn_violation_row_get_type ())
G_DECLARE_FINAL_TYPE (XnViolationRow, xn_violation_row, XN, VIOLATION_ROW, GtkWidget)

struct _XnViolationRow
{
  GtkWidget          parent_instance;
  XnViolationsTable *table;   /* unowned: the table outlives its rows */
  GtkListItem       *item;    /* weak */
  PangoLayout       *layouts[N_COLUMNS];
  gboolean           viewed;
  gboolean           bound;
};

G_DEFINE_FINAL_TYPE (XnViolationRow, xn_violation_row, GTK_TYPE_WIDGET)

static void
xn_violation_row_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  XnViolationsTable *table = XN_VIOLATION_ROW (widget)->table;

  *minimum = *natural = 0;
  if (table == NULL)
    return;
  ensure_metrics (table);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    *minimum = *natural = table->row_height;
  else
    {
      int sum = MIN_LAST;

      for (guint c = 0; c + 1 < N_COLUMNS; c++)
        sum += table->wanted[c];
      *minimum = min_width ();
      *natural = sum;
    }
}

static void
xn_violation_row_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  XnViolationRow *self = XN_VIOLATION_ROW (widget);
  int x[N_COLUMNS], w[N_COLUMNS];

  if (self->table == NULL)
    return;
  geometry (self->table, width, x, w);
  for (guint c = 0; c < N_COLUMNS; c++)
    if (self->layouts[c] != NULL)
      {
        int text_w = w[c] - 2 * PAD - (columns[c].kind == XN_CELL_VIEWED ? ICON + 4 : 0);

        pango_layout_set_width (self->layouts[c], MAX (1, text_w) * PANGO_SCALE);
      }
}

static void
status_colour (gboolean  viewed,
               GdkRGBA  *fg)
{
  /* New: the warning amber; viewed: the text colour, dimmed. */
  if (!viewed)
    *fg = (GdkRGBA) { 0.80, 0.50, 0.0, 1.0 };
  else
    fg->alpha *= 0.6f;
}

/* The status icons, looked up once per scale for all rows. */
static GtkIconPaintable *
status_icon (GtkWidget         *widget,
             XnViolationsTable *table,
             gboolean           viewed)
{
  int scale = gtk_widget_get_scale_factor (widget);

  if (table->icon_scale != scale)
    {
      GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));

      for (guint i = 0; i < 2; i++)
        {
          g_clear_object (&table->icons[i]);
          table->icons[i] = gtk_icon_theme_lookup_icon (theme, i ? "object-select-symbolic" : "dialog-warning-symbolic",
                                                        NULL, ICON, scale, GTK_TEXT_DIR_NONE, 0);
        }
      table->icon_scale = scale;
    }
  return table->icons[viewed ? 1 : 0];
}

static void
xn_violation_row_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  XnViolationRow *self = XN_VIOLATION_ROW (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  int x[N_COLUMNS], w[N_COLUMNS];
  GdkRGBA fg, sep;

  if (!self->bound || self->table == NULL)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  sep = fg;
  sep.alpha *= 0.12f;
  geometry (self->table, width, x, w);
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      int text_x = x[c] + PAD, lw, lh;
      GdkRGBA colour = fg;

      gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (x[c], 0, w[c], height));
      if (columns[c].kind == XN_CELL_VIEWED)
        {
          GtkIconPaintable *icon = status_icon (widget, self->table, self->viewed);

          status_colour (self->viewed, &colour);
          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (text_x, (height - ICON) / 2));
          gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot, ICON, ICON,
                                                    &colour, 1);
          gtk_snapshot_restore (snapshot);
          text_x += ICON + 4;
        }
      pango_layout_get_pixel_size (self->layouts[c], &lw, &lh);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (text_x, (height - lh) / 2));
      gtk_snapshot_append_layout (snapshot, self->layouts[c], &colour);
      gtk_snapshot_restore (snapshot);
      gtk_snapshot_pop (snapshot);
      if (c + 1 < N_COLUMNS)
        gtk_snapshot_append_color (snapshot, &sep, &GRAPHENE_RECT_INIT (x[c] + w[c] - 1, 0, 1, height));
    }
}

static void
xn_violation_row_dispose (GObject *object)
{
  XnViolationRow *self = XN_VIOLATION_ROW (object);

  if (self->item != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->item), (gpointer *) &self->item);
  self->item = NULL;
  if (self->table != NULL)
    g_ptr_array_remove_fast (self->table->row_widgets, self);
  self->table = NULL;
  for (guint c = 0; c < N_COLUMNS; c++)
    g_clear_object (&self->layouts[c]);
  G_OBJECT_CLASS (xn_violation_row_parent_class)->dispose (object);
}

static void
xn_violation_row_class_init (XnViolationRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = xn_violation_row_dispose;
  widget_class->measure = xn_violation_row_measure;
  widget_class->size_allocate = xn_violation_row_size_allocate;
  widget_class->snapshot = xn_violation_row_snapshot;
  /* Assistive technology reads the row as one line of text. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
  gtk_widget_class_set_css_name (widget_class, "xn-violation-row");
}

static void
xn_violation_row_init (XnViolationRow *self)
{
}

static void
xn_violation_row_bind (XnViolationRow *self,
                       XnLiveRow      *row)
{
  GString *spoken = g_string_new (NULL);

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      g_autofree char *text = xn_live_format (row != NULL ? xn_live_row_get (row, columns[c].key) : NULL,
                                              columns[c].kind);

      if (self->layouts[c] == NULL)
        {
          self->layouts[c] = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
          pango_layout_set_ellipsize (self->layouts[c], PANGO_ELLIPSIZE_END);
          pango_layout_set_single_paragraph_mode (self->layouts[c], TRUE);
        }
      pango_layout_set_text (self->layouts[c], text, -1);
      g_string_append_printf (spoken, "%s%s", c ? ", " : "", text);
    }
  self->viewed = row != NULL && xn_live_row_get_number (row, "viewed") != 0;
  self->bound = row != NULL;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken->str, -1);
  g_string_free (spoken, TRUE);
  /* Same size, new text: a redraw, and the ellipsis widths set again. */
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The list */

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          XnViolationsTable        *self)
{
  XnViolationRow *row = g_object_new (XN_TYPE_VIOLATION_ROW, NULL);

  row->table = self;
  row->item = item;
  /* The list item may go first or last: neither keeps the other. */
  g_object_add_weak_pointer (G_OBJECT (item), (gpointer *) &row->item);
  g_ptr_array_add (self->row_widgets, row);
  gtk_list_item_set_child (item, GTK_WIDGET (row));
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         XnViolationsTable        *self)
{
  xn_violation_row_bind (XN_VIOLATION_ROW (gtk_list_item_get_child (item)), gtk_list_item_get_item (item));
}

/* Rows changed in place (marked viewed, or other rows now where they
 * were): the rows drawn read theirs again, without telling the list
 * that a million items changed. */
static void
rows_changed_cb (XnViolationFilterModel *rows,
                 XnViolationsTable      *self)
{
  for (guint i = 0; i < self->row_widgets->len; i++)
    {
      XnViolationRow *row = g_ptr_array_index (self->row_widgets, i);
      guint pos = row->item != NULL ? gtk_list_item_get_position (row->item) : GTK_INVALID_LIST_POSITION;
      g_autoptr(XnLiveRow) item = NULL;

      if (pos == GTK_INVALID_LIST_POSITION || !row->bound)
        continue;
      item = g_list_model_get_item (G_LIST_MODEL (rows), pos);
      xn_violation_row_bind (row, item);
    }
}

/* What the list is told of a change of the rows: only the change in the
 * count, at the end of the rows that stay; those changed in place. */
static void
announce (XnViolationsTable *self,
          guint              position,
          guint              removed,
          guint              added)
{
  XnShownRows *shown = XN_SHOWN_ROWS (self->shown);
  guint same = MIN (removed, added);
  guint selected = gtk_single_selection_get_selected (self->selection);

  /* The selected row is another one now: nothing is chosen. */
  if (same > 0 && selected != GTK_INVALID_LIST_POSITION && selected >= position && selected < position + same)
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  shown->n = shown->source != NULL ? g_list_model_get_n_items (shown->source) : 0;
  if (removed != added)
    g_list_model_items_changed (self->shown, position + same, removed - same, added - same);
  if (same > 0 && self->rows != NULL)
    rows_changed_cb (self->rows, self);
}

static void
rows_items_changed_cb (GListModel        *rows,
                       guint              position,
                       guint              removed,
                       guint              added,
                       XnViolationsTable *self)
{
  announce (self, position, removed, added);
}

static void
update_header (XnViolationsTable *self)
{
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      gboolean on = (int) c == self->sort_column;

      gtk_image_set_from_icon_name (GTK_IMAGE (self->arrows[c]), self->descending ? "pan-down-symbolic"
                                                                                  : "pan-up-symbolic");
      gtk_widget_set_visible (self->arrows[c], on);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->buttons[c]), GTK_ACCESSIBLE_PROPERTY_SORT,
                                      !on ? GTK_ACCESSIBLE_SORT_NONE
                                      : self->descending ? GTK_ACCESSIBLE_SORT_DESCENDING
                                                         : GTK_ACCESSIBLE_SORT_ASCENDING, -1);
    }
}

static void
sort_column (XnViolationsTable *self,
             int                column,
             gboolean           descending)
{
  self->sort_column = column;
  self->descending = descending;
  update_header (self);
  /* A new order starts at the top. */
  xn_violations_table_scroll_to_top (self);
  xn_violation_filter_model_set_sort (self->rows, column < 0 ? NULL : columns[column].key, descending);
}

/**
 * xn_violations_table_sort_by:
 * @key: (nullable): a column's key ("domain", "time", …); %NULL: the order
 *   read
 *
 * What a click on a header does, for the keyboard's menu and for tests.
 */
void
xn_violations_table_sort_by (XnViolationsTable *self,
                             const char        *key,
                             gboolean           descending)
{
  for (guint c = 0; key != NULL && c < N_COLUMNS; c++)
    if (g_str_equal (columns[c].key, key))
      {
        sort_column (self, (int) c, descending);
        return;
      }
  sort_column (self, -1, FALSE);
}

/* A header's button: table.sort with its column as target. */
static void
sort_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  XnViolationsTable *self = XN_VIOLATIONS_TABLE (widget);
  int c = g_variant_get_int32 (parameter);

  g_return_if_fail (c >= 0 && c < (int) N_COLUMNS);
  /* First click ascending, the next ones turn it round. */
  sort_column (self, c, c == self->sort_column ? !self->descending : FALSE);
}

/* The header's buttons sit where the rows' columns are. */
static void
header_measure (GtkWidget      *widget,
                GtkOrientation  orientation,
                int             for_size,
                int            *minimum,
                int            *natural,
                int            *minimum_baseline,
                int            *natural_baseline)
{
  XnViolationsTable *self = XN_VIOLATIONS_TABLE (gtk_widget_get_ancestor (widget, XN_TYPE_VIOLATIONS_TABLE));

  *minimum = *natural = 0;
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      int min = 0, nat = 0;

      gtk_widget_measure (self->buttons[c], orientation, -1, &min, &nat, NULL, NULL);
      if (orientation == GTK_ORIENTATION_VERTICAL)
        {
          *minimum = MAX (*minimum, min);
          *natural = MAX (*natural, nat);
        }
      else
        {
          *minimum += min;
          *natural += nat;
        }
    }
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = MAX (*minimum, min_width ());
}

static void
header_allocate (GtkWidget *widget,
                 int        width,
                 int        height,
                 int        baseline)
{
  XnViolationsTable *self = XN_VIOLATIONS_TABLE (gtk_widget_get_ancestor (widget, XN_TYPE_VIOLATIONS_TABLE));
  int x[N_COLUMNS], w[N_COLUMNS];

  geometry (self, width, x, w);
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      int min = 0;

      /* Never below what the button needs, even in a narrow window. */
      gtk_widget_measure (self->buttons[c], GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
      gtk_widget_size_allocate (self->buttons[c], &(GtkAllocation) { x[c], 0, MAX (w[c], min), height }, -1);
    }
}

/* The template's header row: one button per column, laid out over the
 * rows' columns. */
static void
fill_header (XnViolationsTable *self)
{
  GtkWidget *header = self->header;

  gtk_widget_set_layout_manager (header, gtk_custom_layout_new (NULL, header_measure, header_allocate));
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      GtkWidget *label = gtk_label_new (_(columns[c].title));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (label, TRUE);
      self->arrows[c] = gtk_image_new ();
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), self->arrows[c]);
      self->buttons[c] = gtk_button_new ();
      gtk_button_set_child (GTK_BUTTON (self->buttons[c]), box);
      gtk_widget_add_css_class (self->buttons[c], "flat");
      gtk_widget_set_tooltip_text (self->buttons[c], _("Sort by this column; click again to reverse"));
      xn_ui_name_column_header (self->buttons[c], _(columns[c].title));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->buttons[c]), "table.sort");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->buttons[c]), "i", (gint32) c);
      gtk_box_append (GTK_BOX (header), self->buttons[c]);
    }
  update_header (self);
}

static void
xn_violations_table_dispose (GObject *object)
{
  XnViolationsTable *self = XN_VIOLATIONS_TABLE (object);

  /* Rows that outlive this (none should) no longer tell it they go. */
  for (guint i = 0; i < self->row_widgets->len; i++)
    XN_VIOLATION_ROW (g_ptr_array_index (self->row_widgets, i))->table = NULL;
  g_ptr_array_set_size (self->row_widgets, 0);
  g_clear_object (&self->icons[0]);
  g_clear_object (&self->icons[1]);
  if (self->rows != NULL)
    g_signal_handlers_disconnect_by_data (self->rows, self);
  g_clear_object (&self->rows);
  g_clear_object (&self->selection);
  g_clear_object (&self->shown);
  gtk_widget_dispose_template (GTK_WIDGET (self), XN_TYPE_VIOLATIONS_TABLE);
  G_OBJECT_CLASS (xn_violations_table_parent_class)->dispose (object);
}

static void
xn_violations_table_finalize (GObject *object)
{
  g_ptr_array_unref (XN_VIOLATIONS_TABLE (object)->row_widgets);
  G_OBJECT_CLASS (xn_violations_table_parent_class)->finalize (object);
}

static void
set_rows (XnViolationsTable      *self,
          XnViolationFilterModel *rows)
{
  XnShownRows *shown = XN_SHOWN_ROWS (self->shown);
  guint before = shown->n;

  if (self->rows == rows)
    return;
  if (self->rows != NULL)
    g_signal_handlers_disconnect_by_data (self->rows, self);
  g_set_object (&self->rows, rows);
  if (rows != NULL)
    {
      /* The order the header shows. */
      if (self->sort_column >= 0)
        xn_violation_filter_model_set_sort (rows, columns[self->sort_column].key, self->descending);
      g_signal_connect (rows, "rows-changed", G_CALLBACK (rows_changed_cb), self);
      g_signal_connect (rows, "items-changed", G_CALLBACK (rows_items_changed_cb), self);
    }
  /* Other rows altogether (another host), from the top; told as any
   * wholesale change is, or a million rows to a million would cost
   * seconds. */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  xn_violations_table_scroll_to_top (self);
  g_set_object (&shown->source, G_LIST_MODEL (rows));
  announce (self, 0, before, rows != NULL ? g_list_model_get_n_items (G_LIST_MODEL (rows)) : 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROWS]);
}

static void
xn_violations_table_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_ROWS:
      g_value_set_object (value, XN_VIOLATIONS_TABLE (object)->rows);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_violations_table_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_ROWS:
      set_rows (XN_VIOLATIONS_TABLE (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_violations_table_class_init (XnViolationsTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xn_violations_table_dispose;
  object_class->finalize = xn_violations_table_finalize;
  object_class->get_property = xn_violations_table_get_property;
  object_class->set_property = xn_violations_table_set_property;

  /**
   * XnViolationsTable:rows:
   *
   * The rows shown, as one view filters them; they sort themselves
   * when a header is clicked.
   */
  properties[PROP_ROWS] =
    g_param_spec_object ("rows", NULL, NULL, XN_TYPE_VIOLATION_FILTER_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/xenonvmm/Manager/ui/xn-violations-table.ui");
  gtk_widget_class_bind_template_child (widget_class, XnViolationsTable, header);
  gtk_widget_class_install_action (widget_class, "table.sort", "i", sort_action);
  gtk_widget_class_bind_template_child (widget_class, XnViolationsTable, list);
  gtk_widget_class_bind_template_child (widget_class, XnViolationsTable, selection);
  gtk_widget_class_bind_template_callback (widget_class, setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_cb);
}

static void
xn_violations_table_init (XnViolationsTable *self)
{
  self->sort_column = -1;
  self->row_widgets = g_ptr_array_new ();
  self->shown = g_object_new (XN_TYPE_SHOWN_ROWS, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  g_object_ref (self->selection);
  gtk_single_selection_set_model (self->selection, self->shown);
  xn_ui_list_one_tab_stop (self->list);
  fill_header (self);
}

/**
 * xn_violations_table_new:
 * @rows: the rows as one view filters them
 *
 * The log's table: a header that sorts (@rows sorts itself), over a list
 * of @rows.
 */
GtkWidget *
xn_violations_table_new (XnViolationFilterModel *rows)
{
  return g_object_new (XN_TYPE_VIOLATIONS_TABLE, "rows", rows, NULL);
}

/* (transfer none): the rows as shown; what the list selects in */
GtkSelectionModel *
xn_violations_table_get_selection (XnViolationsTable *self)
{
  return GTK_SELECTION_MODEL (self->selection);
}

/**
 * xn_violations_table_scroll_to_top:
 *
 * Shows the first row, so a new result set or order starts at the top.
 */
void
xn_violations_table_scroll_to_top (XnViolationsTable *self)
{
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list));

  if (adj != NULL)
    gtk_adjustment_set_value (adj, gtk_adjustment_get_lower (adj));
}

/**
 * xn_violations_table_dup_drawn:
 *
 * What the row widgets bound now say, in the list's order, a line a row
 * (tests: that rows changed in place were drawn again).
 *
 * Returns: (transfer full): the lines
 */
GStrv
xn_violations_table_dup_drawn (XnViolationsTable *self)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  guint n = g_list_model_get_n_items (self->shown);
  g_autofree XnViolationRow **at = g_new0 (XnViolationRow *, MAX (n, 1));

  for (guint i = 0; i < self->row_widgets->len; i++)
    {
      XnViolationRow *row = g_ptr_array_index (self->row_widgets, i);
      guint pos = row->item != NULL ? gtk_list_item_get_position (row->item) : GTK_INVALID_LIST_POSITION;

      if (row->bound && pos < n)
        at[pos] = row;
    }
  for (guint pos = 0; pos < n; pos++)
    if (at[pos] != NULL)
      {
        GString *line = g_string_new (NULL);

        for (guint c = 0; c < N_COLUMNS; c++)
          g_string_append_printf (line, "%s%s", c ? " | " : "", pango_layout_get_text (at[pos]->layouts[c]));
        g_strv_builder_add (b, line->str);
        g_string_free (line, TRUE);
      }
  return g_strv_builder_end (b);
}
