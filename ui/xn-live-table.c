/* xn-live-table.c: tables of a daemon's rows (a{sv} dictionaries)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every Live mode table shows rows the daemon sends as dictionaries
 * (domains, performance, audit, violations).  One row type and one column
 * factory serve them all: a column names its key and how to show it, and
 * sorts by the value, not by its text.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xn-live-table.h"
#include "xn-ui-util.h"

static char *
format_value (GVariant   *v,
              XnCellKind  kind)
{
  if (v == NULL)
    return g_strdup ("");
  switch (kind)
    {
    case XN_CELL_TEXT:
    case XN_CELL_STATE:
      return g_variant_is_of_type (v, G_VARIANT_TYPE_STRING) ? g_variant_dup_string (v, NULL)
                                                             : g_variant_print (v, FALSE);
    case XN_CELL_COUNT:
      return g_strdup_printf ("%.0f", xn_variant_get_number (v));
    case XN_CELL_PERCENT:
      return g_strdup_printf ("%.1f %%", xn_variant_get_number (v));
    case XN_CELL_KIB:
      /* A stopped domain holds no memory: a dash, not "0 bytes". */
      if (xn_variant_get_number (v) <= 0)
        return g_strdup ("—");
      return g_format_size_full ((guint64) (xn_variant_get_number (v) * 1024), G_FORMAT_SIZE_IEC_UNITS);
    case XN_CELL_BYTES_PER_S:
      {
        g_autofree char *size = g_format_size ((guint64) xn_variant_get_number (v));

        /* TRANSLATORS: a rate, e.g. "1.2 MB/s" */
        return g_strdup_printf (_("%s/s"), size);
      }
    case XN_CELL_PER_S:
      /* TRANSLATORS: events per second */
      return g_strdup_printf (_("%.1f/s"), xn_variant_get_number (v));
    case XN_CELL_TIME:
      {
        g_autoptr(GDateTime) t = g_date_time_new_from_unix_local ((gint64) xn_variant_get_number (v) / G_USEC_PER_SEC);

        return t != NULL ? g_date_time_format (t, "%Y-%m-%d %H:%M:%S") : g_strdup ("");
      }
    case XN_CELL_VIEWED:
      return g_strdup (xn_variant_get_number (v) != 0 ? _("viewed") : _("new"));
    default:
      return g_strdup ("");
    }
}

/**
 * xn_live_format:
 * @v: (nullable): a value (a floating one is consumed)
 *
 * Returns: (transfer full): the text a cell shows for @v
 */
char *
xn_live_format (GVariant   *v,
                XnCellKind  kind)
{
  char *text;

  if (v == NULL)
    return g_strdup ("");
  g_variant_ref_sink (v);
  text = format_value (v, kind);
  g_variant_unref (v);
  return text;
}

/* The icon of a domain state (running, paused, stopped, crashed). */
const char *
xn_live_state_icon (const char *state)
{
  if (g_strcmp0 (state, "running") == 0)
    return "media-playback-start-symbolic";
  if (g_strcmp0 (state, "paused") == 0)
    return "media-playback-pause-symbolic";
  if (g_strcmp0 (state, "crashed") == 0)
    return "dialog-error-symbolic";
  return "media-playback-stop-symbolic";
}

/* A column's key and kind, shared (counted) by its factory, its sorter
 * and its cells. */
typedef struct
{
  char       *key;
  XnCellKind  kind;
} Column;

static void
column_clear (gpointer data)
{
  g_free (((Column *) data)->key);
}

static void
column_release (gpointer data)
{
  g_rc_box_release_full (data, column_clear);
}

static void
column_release_closure (gpointer  data,
                        GClosure *closure)
{
  column_release (data);
}

/* A cell's child: it knows its column and follows the row it shows, so
 * that a row's "changed" reaches each cell showing it. */
#define XN_TYPE_LIVE_CELL (xn_live_cell_get_type ())
G_DECLARE_FINAL_TYPE (XnLiveCell, xn_live_cell, XN, LIVE_CELL, GtkWidget)

struct _XnLiveCell
{
  GtkWidget  parent_instance;
  Column    *column;   /* a reference */
  GtkWidget *icon;     /* state cells only */
  GtkWidget *label;
  XnLiveRow *row;      /* while bound */
};

G_DEFINE_FINAL_TYPE (XnLiveCell, xn_live_cell, GTK_TYPE_WIDGET)

static void
xn_live_cell_dispose (GObject *object)
{
  XnLiveCell *self = XN_LIVE_CELL (object);

  g_clear_pointer (&self->icon, gtk_widget_unparent);
  g_clear_pointer (&self->label, gtk_widget_unparent);
  g_clear_pointer (&self->column, column_release);
  G_OBJECT_CLASS (xn_live_cell_parent_class)->dispose (object);
}

static void
xn_live_cell_class_init (XnLiveCellClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = xn_live_cell_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BOX_LAYOUT);
}

static void
xn_live_cell_init (XnLiveCell *self)
{
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 6);
}

/**
 * xn_live_table_icon_cell_new:
 * @label: the cell's word
 *
 * A cell of an icon and a word (a state, a severity): colour and shape
 * are never alone. Set the icon with xn_live_table_icon_cell_set().
 *
 * Returns: (transfer floating): the cell's child
 */
GtkWidget *
xn_live_table_icon_cell_new (GtkWidget *label)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new ();

  /* The word beside says it. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

void
xn_live_table_icon_cell_set (GtkWidget  *cell,
                             const char *icon_name)
{
  gtk_image_set_from_icon_name (GTK_IMAGE (gtk_widget_get_first_child (cell)), icon_name);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          Column                   *c)
{
  XnLiveCell *cell = g_object_new (XN_TYPE_LIVE_CELL, NULL);

  cell->column = g_rc_box_acquire (c);
  if (c->kind == XN_CELL_STATE)
    {
      cell->icon = gtk_image_new ();
      /* The word beside says it. */
      gtk_accessible_update_state (GTK_ACCESSIBLE (cell->icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      gtk_widget_set_parent (cell->icon, GTK_WIDGET (cell));
    }
  cell->label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (cell->label), c->kind == XN_CELL_TEXT || c->kind == XN_CELL_STATE
                                                 || c->kind == XN_CELL_TIME ? 0 : 1);
  /* Whole words, never "Wireles…": a table narrower than its text scrolls
   * sideways instead (its scrolled window). */
  gtk_widget_set_hexpand (cell->label, TRUE);
  gtk_widget_set_parent (cell->label, GTK_WIDGET (cell));
  gtk_list_item_set_child (item, GTK_WIDGET (cell));
}

/* GTK 4.8 reads a cell as "GtkColumnViewCell", an empty one's label as
 * "GtkLabel" and a row as "GtkListItemWidget": the cell gets its text
 * ("empty" when it has none), the row the row's name when it has one. */
void
xn_live_table_name_cell (GtkWidget  *child,
                         GtkWidget  *label,
                         const char *row_name,
                         const char *text)
{
  GtkWidget *cell = gtk_widget_get_parent (child);
  GtkWidget *row_widget = cell != NULL ? gtk_widget_get_parent (cell) : NULL;
  const char *name = row_name != NULL ? row_name : "";


  if (cell == NULL)
    return;
  gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  *text ? text : _("empty"), -1);
  if (!*text)
    gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, _("empty"), -1);
  if (row_widget != NULL && *name)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row_widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static void
fill_cell (XnLiveCell *cell)
{
  XnLiveRow *row = cell->row;
  Column *c = cell->column;
  g_autofree char *text = xn_live_format (row != NULL ? xn_live_row_get (row, c->key) : NULL, c->kind);

  gtk_label_set_text (GTK_LABEL (cell->label), text);
  xn_live_table_name_cell (GTK_WIDGET (cell), cell->label,
                           row == NULL ? NULL
                           : *xn_live_row_get_string (row, "name") ? xn_live_row_get_string (row, "name")
                           : xn_live_row_get_string (row, "action"),  /* audit rows */
                           text);

  if (c->kind == XN_CELL_STATE)
    {
      gtk_image_set_from_icon_name (GTK_IMAGE (cell->icon), xn_live_state_icon (text));
      /* Colour as well as icon and word: state-running, … */
      for (const char *const *k = (const char *const[]) { "running", "paused", "stopped", "crashed", NULL };
           *k != NULL; k++)
        {
          g_autofree char *cls = g_strconcat ("state-", *k, NULL);

          if (g_str_equal (*k, text))
            gtk_widget_add_css_class (GTK_WIDGET (cell), cls);
          else
            gtk_widget_remove_css_class (GTK_WIDGET (cell), cls);
        }
    }
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         Column                   *c)
{
  XnLiveCell *cell = XN_LIVE_CELL (gtk_list_item_get_child (item));

  cell->row = gtk_list_item_get_item (item);
  fill_cell (cell);
  if (cell->row != NULL)
    g_signal_connect_swapped (cell->row, "changed", G_CALLBACK (fill_cell), cell);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           Column                   *c)
{
  XnLiveCell *cell = XN_LIVE_CELL (gtk_list_item_get_child (item));

  if (cell->row != NULL)
    g_signal_handlers_disconnect_by_func (cell->row, fill_cell, cell);
  cell->row = NULL;
}

static int
compare_cb (gconstpointer a,
            gconstpointer b,
            gpointer      data)
{
  return xn_live_row_compare ((XnLiveRow *) a, (XnLiveRow *) b, ((Column *) data)->key);
}

static void
sorter_changed_cb (GtkSorter        *sorter,
                   GtkSorterChange   change,
                   GtkSortListModel *sorted)
{
  gtk_sort_list_model_set_sorter (sorted, gtk_sorter_get_order (sorter) == GTK_SORTER_ORDER_NONE ? NULL : sorter);
}

/**
 * xn_live_table_new:
 * @rows: a list model of #XnLiveRow
 * @multiple: whether several rows can be selected
 * @selection: (out) (optional) (transfer none): the selection model
 *
 * A column view over @rows, sorted by the column the user clicks.
 */
GtkColumnView *
xn_live_table_new (GListModel         *rows,
                   gboolean            multiple,
                   GtkSelectionModel **selection)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (gtk_column_view_new (NULL));
  GtkSortListModel *sorted = gtk_sort_list_model_new (g_object_ref (rows), NULL);
  GtkSelectionModel *sel;

  /* Unsorted until a header is clicked: a sort model with a sorter walks
   * every row on each change even when nothing is sorted, which a
   * million-row log cannot afford. */
  g_signal_connect_object (gtk_column_view_get_sorter (view), "changed", G_CALLBACK (sorter_changed_cb),
                           sorted, 0);
  /* Sorting a million rows by a header click must not freeze the window. */
  gtk_sort_list_model_set_incremental (sorted, TRUE);
  if (multiple)
    sel = GTK_SELECTION_MODEL (gtk_multi_selection_new (G_LIST_MODEL (sorted)));
  else
    {
      GtkSingleSelection *single = gtk_single_selection_new (G_LIST_MODEL (sorted));

      /* Nothing is chosen until the user chooses it. */
      gtk_single_selection_set_autoselect (single, FALSE);
      gtk_single_selection_set_can_unselect (single, TRUE);
      sel = GTK_SELECTION_MODEL (single);
    }
  gtk_column_view_set_model (view, sel);
  g_object_unref (sel);
  gtk_column_view_set_show_column_separators (view, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (view), "data-table");
  xn_ui_list_one_tab_stop (GTK_WIDGET (view));
  if (selection != NULL)
    *selection = sel;
  return view;
}

void
xn_live_table_add_column (GtkColumnView *view,
                          const char    *title,
                          const char    *key,
                          XnCellKind     kind,
                          gboolean       expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;
  GtkSorter *sorter;
  Column *c = g_rc_box_new0 (Column);

  c->key = g_strdup (key);
  c->kind = kind;
  /* The factory's handlers and the sorter each hold the column. */
  g_signal_connect_data (factory, "setup", G_CALLBACK (setup_cb), c, column_release_closure, 0);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), c);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), c);
  column = gtk_column_view_column_new (title, factory);
  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_cb, g_rc_box_acquire (c), column_release));
  gtk_column_view_column_set_sorter (column, sorter);
  g_object_unref (sorter);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (view, column);
  g_object_unref (column);
}
