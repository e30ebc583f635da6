/* xn-tag-chip.c: a tag's chip, its colour, pattern and initial
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Beside a tagged object in the editor's forms, the hardware view and the
 * conflict matrix; the policy tree's rows paint the same chip themselves.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xn-tag-chip.h"

#define CHIP_SIZE 18

struct _XnTagChip
{
  GtkWidget parent_instance;
  XnTag    *tag;
};

G_DEFINE_FINAL_TYPE (XnTagChip, xn_tag_chip, GTK_TYPE_WIDGET)

/**
 * xn_tag_chip_paint:
 * @tag: (nullable): nothing is drawn without one
 *
 * Draws @tag's chip (colour, pattern by id, initial) in @width × @height
 * at the origin: the tag chip widget and the policy tree's rows share it.
 */
void
xn_tag_chip_paint (cairo_t *cr,
                   XnTag   *tag,
                   int      width,
                   int      height)
{
  GdkRGBA rgba = { 0.6, 0.6, 0.6, 1.0 };
  guint pattern = 0;
  const char *name;
  char initial[8] = "";

  if (tag == NULL)
    return;
  if (xn_tag_get_color (tag) != NULL)
    gdk_rgba_parse (&rgba, xn_tag_get_color (tag));
  pattern = xn_tag_get_id (tag) % 4;
  name = xn_object_get_name (XN_OBJECT (tag));
  if (name != NULL && *name != '\0')
    g_unichar_to_utf8 (g_unichar_toupper (g_utf8_get_char (name)), initial);

  cairo_rectangle (cr, 0.5, 0.5, width - 1, height - 1);
  gdk_cairo_set_source_rgba (cr, &rgba);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  /* The pattern (by tag id) tells tags apart where colours look alike. */
  cairo_save (cr);
  cairo_rectangle (cr, 1, 1, width - 2, height - 2);
  cairo_clip (cr);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.45);
  cairo_set_line_width (cr, 1.5);
  switch (pattern)
    {
    case 1:
      for (int x = -height; x < width; x += 5)
        {
          cairo_move_to (cr, x, height);
          cairo_line_to (cr, x + height, 0);
        }
      cairo_stroke (cr);
      break;
    case 2:
      for (int x = 2; x < width; x += 5)
        for (int y = 2; y < height; y += 5)
          cairo_rectangle (cr, x, y, 1.5, 1.5);
      cairo_fill (cr);
      break;
    case 3:
      for (int y = 2; y < height; y += 4)
        {
          cairo_move_to (cr, 0, y);
          cairo_line_to (cr, width, y);
        }
      cairo_stroke (cr);
      break;
    default:
      break;
    }
  cairo_restore (cr);

  /* The initial, in black or white, whichever reads better. */
  if (initial[0] != '\0')
    {
      double lum = 0.299 * rgba.red + 0.587 * rgba.green + 0.114 * rgba.blue;
      cairo_text_extents_t ext;

      cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
      cairo_set_font_size (cr, height * 0.7);
      cairo_text_extents (cr, initial, &ext);
      if (lum > 0.55)
        cairo_set_source_rgb (cr, 0, 0, 0);
      else
        cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_move_to (cr, (width - ext.width) / 2 - ext.x_bearing,
                     (height - ext.height) / 2 - ext.y_bearing);
      cairo_show_text (cr, initial);
    }
}

static void
xn_tag_chip_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  XnTagChip *self = XN_TAG_CHIP (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (self->tag == NULL)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  xn_tag_chip_paint (cr, self->tag, width, height);
  cairo_destroy (cr);
}

static void
xn_tag_chip_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  *minimum = *natural = CHIP_SIZE;
}

static void
xn_tag_chip_dispose (GObject *object)
{
  g_clear_object (&XN_TAG_CHIP (object)->tag);
  G_OBJECT_CLASS (xn_tag_chip_parent_class)->dispose (object);
}

static void
xn_tag_chip_class_init (XnTagChipClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = xn_tag_chip_dispose;
  widget_class->snapshot = xn_tag_chip_snapshot;
  widget_class->measure = xn_tag_chip_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
xn_tag_chip_init (XnTagChip *self)
{
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
}

/**
 * xn_tag_chip_new:
 *
 * Returns: (transfer floating): a chip showing no tag (hidden until
 *   xn_tag_chip_set_tag() gives it one)
 */
GtkWidget *
xn_tag_chip_new (void)
{
  return g_object_new (XN_TYPE_TAG_CHIP, NULL);
}

/**
 * xn_tag_chip_set_tag:
 * @tag: (nullable): the tag; none hides the chip
 */
void
xn_tag_chip_set_tag (XnTagChip *self,
                     XnTag     *tag)
{
  g_return_if_fail (XN_IS_TAG_CHIP (self));

  g_set_object (&self->tag, tag);
  gtk_widget_set_visible (GTK_WIDGET (self), tag != NULL);
  if (tag != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Tag %s"), xn_object_get_name (XN_OBJECT (tag)));

      gtk_widget_set_tooltip_text (GTK_WIDGET (self), text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
