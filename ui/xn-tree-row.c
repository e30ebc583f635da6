/* xn-tree-row.c: a policy tree row's icon, tag chip, name and count
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * GTK 4.8's list views lay out every one of about 200 row widgets on each
 * frame.  Built of a box, an image, a drawing area and two labels, the
 * policy tree's rows cost 6 ms a scrolled frame at the median and over
 * 16 ms at worst; drawn as one widget (Pango for the texts, the tag chip
 * painted in place) a row is one thing to measure and allocate.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xn-tag-chip.h"
#include "xn-tree-row.h"
#include "xn-ui-util.h"

#define ICON     16
#define CHIP     18
#define SPACING  6

struct _XnTreeRow
{
  GtkWidget    parent_instance;

  char        *icon_name;
  XnTag       *tag;
  gboolean     heading;
  int          count;    /* < 0: none */
  PangoLayout *text;
  PangoLayout *count_text;

  /* What the bound row follows (xn_tree_row_follow) */
  GSignalGroup *named;     /* XnObject: its name */
  GSignalGroup *counted;   /* GListModel: its number of items */
};

G_DEFINE_FINAL_TYPE (XnTreeRow, xn_tree_row, GTK_TYPE_WIDGET)

static int
lead_width (XnTreeRow *self)
{
  return ICON + SPACING + (self->tag != NULL ? CHIP + SPACING : 0);
}

static void
xn_tree_row_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  XnTreeRow *self = XN_TREE_ROW (widget);
  int tw = 0, th = 0, cw = 0, ch = 0;
  int allocated = pango_layout_get_width (self->text);

  /* The whole name's size, without the ellipsis width allocation set. */
  pango_layout_set_width (self->text, -1);
  pango_layout_get_pixel_size (self->text, &tw, &th);
  pango_layout_set_width (self->text, allocated);
  if (self->count >= 0)
    pango_layout_get_pixel_size (self->count_text, &cw, &ch);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    *minimum = *natural = MAX (MAX (ICON, CHIP), MAX (th, ch)) + 4;
  else
    {
      int fixed = lead_width (self) + (self->count >= 0 ? SPACING + cw : 0);

      /* The name ellipsizes: a few characters' room at least. */
      *minimum = fixed + MIN (tw, 48);
      *natural = fixed + tw;
    }
}

static void
xn_tree_row_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  XnTreeRow *self = XN_TREE_ROW (widget);
  int cw = 0, ch = 0, room;

  if (self->count >= 0)
    pango_layout_get_pixel_size (self->count_text, &cw, &ch);
  room = width - lead_width (self) - (self->count >= 0 ? SPACING + cw : 0);
  pango_layout_set_width (self->text, MAX (1, room) * PANGO_SCALE);
}

static void
xn_tree_row_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  XnTreeRow *self = XN_TREE_ROW (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  int x = 0, tw, th;
  GdkRGBA fg;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  if (self->icon_name != NULL)
    {
      GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));
      g_autoptr(GtkIconPaintable) icon = gtk_icon_theme_lookup_icon (theme, self->icon_name, NULL, ICON,
                                                                     gtk_widget_get_scale_factor (widget),
                                                                     gtk_widget_get_direction (widget), 0);

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, (height - ICON) / 2));
      gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot, ICON, ICON, &fg, 1);
      gtk_snapshot_restore (snapshot);
    }
  x += ICON + SPACING;
  if (self->tag != NULL)
    {
      int y = (height - CHIP) / 2;
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (x, y, CHIP, CHIP));

      cairo_translate (cr, x, y);
      xn_tag_chip_paint (cr, self->tag, CHIP, CHIP);
      cairo_destroy (cr);
      x += CHIP + SPACING;
    }
  pango_layout_get_pixel_size (self->text, &tw, &th);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, (height - th) / 2));
  gtk_snapshot_append_layout (snapshot, self->text, &fg);
  gtk_snapshot_restore (snapshot);
  if (self->count >= 0)
    {
      GdkRGBA dim = fg;
      int cw, ch;

      /* As GTK's dim-label. */
      dim.alpha *= 0.55f;
      pango_layout_get_pixel_size (self->count_text, &cw, &ch);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (width - cw, (height - ch) / 2));
      gtk_snapshot_append_layout (snapshot, self->count_text, &dim);
      gtk_snapshot_restore (snapshot);
    }
}

static void
xn_tree_row_dispose (GObject *object)
{
  XnTreeRow *self = XN_TREE_ROW (object);

  g_clear_object (&self->named);
  g_clear_object (&self->counted);
  g_clear_object (&self->text);
  g_clear_object (&self->count_text);
  g_clear_object (&self->tag);
  g_clear_pointer (&self->icon_name, g_free);
  G_OBJECT_CLASS (xn_tree_row_parent_class)->dispose (object);
}

static void
xn_tree_row_class_init (XnTreeRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = xn_tree_row_dispose;
  widget_class->measure = xn_tree_row_measure;
  widget_class->size_allocate = xn_tree_row_size_allocate;
  widget_class->snapshot = xn_tree_row_snapshot;
  gtk_widget_class_set_css_name (widget_class, "xn-tree-row");
  /* Read as the name, its tag and its count. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
name_changed_cb (XnTreeRow  *self,
                 GParamSpec *pspec,
                 XnObject   *object)
{
  /* The name live while the row is bound (renames, undo). */
  xn_tree_row_set_text (self, xn_object_get_name (object));
}

static void
items_changed_cb (XnTreeRow  *self,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GListModel *model)
{
  xn_tree_row_set_count (self, (int) g_list_model_get_n_items (model));
}

static void
xn_tree_row_init (XnTreeRow *self)
{
  self->named = g_signal_group_new (XN_TYPE_OBJECT);
  g_signal_group_connect_object (self->named, "notify::name", G_CALLBACK (name_changed_cb), self,
                                 G_CONNECT_SWAPPED);
  self->counted = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_object (self->counted, "items-changed", G_CALLBACK (items_changed_cb), self,
                                 G_CONNECT_SWAPPED);
  self->count = -1;
  self->text = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  pango_layout_set_ellipsize (self->text, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (self->text, TRUE);
  self->count_text = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
}

GtkWidget *
xn_tree_row_new (void)
{
  return g_object_new (XN_TYPE_TREE_ROW, NULL);
}

static void
update_accessible (XnTreeRow *self)
{
  const char *text = pango_layout_get_text (self->text);
  g_autofree char *spoken = NULL;
  g_autofree char *tag = NULL;

  if (self->tag != NULL)
    tag = g_strdup_printf (_("Tag %s"), xn_object_get_name (XN_OBJECT (self->tag)));
  spoken = g_strdup_printf ("%s%s%s%s%s", text, tag ? ", " : "", tag ? tag : "", self->count >= 0 ? ", " : "",
                            self->count >= 0 ? pango_layout_get_text (self->count_text) : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tag);
}

/**
 * xn_tree_row_set:
 * @icon_name: (nullable): a themed icon
 * @heading: the row heads a section (bold)
 * @tag: (nullable): the tag whose chip the row shows
 */
void
xn_tree_row_set (XnTreeRow  *self,
                 const char *icon_name,
                 const char *text,
                 gboolean    heading,
                 XnTag      *tag)
{
  g_free (self->icon_name);
  self->icon_name = g_strdup (icon_name);
  g_set_object (&self->tag, tag);
  if (heading != self->heading)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      if (heading)
        pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (self->text, attrs);
      pango_attr_list_unref (attrs);
      self->heading = heading;
    }
  self->count = -1;
  xn_tree_row_set_text (self, text);
}

void
xn_tree_row_set_text (XnTreeRow  *self,
                      const char *text)
{
  pango_layout_set_text (self->text, text != NULL ? text : "", -1);
  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* @count: < 0 for none */
void
xn_tree_row_set_count (XnTreeRow *self,
                       int        count)
{
  g_autofree char *text = g_strdup_printf ("%d", count);

  self->count = count;
  pango_layout_set_text (self->count_text, count >= 0 ? text : "", -1);
  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/**
 * xn_tree_row_follow:
 * @named: (nullable): the object whose name the row shows
 * @counted: (nullable): the list whose number of items the row shows
 *
 * Keeps the row's text and count current while it is bound to an item;
 * %NULL, %NULL when it is unbound.
 */
void
xn_tree_row_follow (XnTreeRow  *self,
                    XnObject   *named,
                    GListModel *counted)
{
  g_return_if_fail (XN_IS_TREE_ROW (self));

  g_signal_group_set_target (self->named, named);
  g_signal_group_set_target (self->counted, counted);
  if (counted != NULL)
    xn_tree_row_set_count (self, (int) g_list_model_get_n_items (counted));
}
