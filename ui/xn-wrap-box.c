/* xn-wrap-box.c: a row of widgets that folds onto more lines when narrow
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A row of buttons in a GtkBox asks for the sum of their widths, and a
 * notebook asks for its widest page: one such row set Live mode's width.
 * Here the children keep their order and natural widths, and as many as
 * fit go on each line (GTK 4.8 has no wrapping box; libadwaita's came in
 * 1.7).  Width left on a line goes to its horizontally expanding
 * children, so a spacer still pushes what follows it to the right edge.
 */

#include "config.h"

#include "xn-wrap-box.h"

struct _XnWrapBox
{
  GtkWidget parent_instance;
  int       spacing;   /* between children on a line, and between lines */
};

enum { PROP_0, PROP_SPACING, N_PROPS };
static GParamSpec *properties[N_PROPS];

static GtkBuildableIface *parent_buildable_iface;

static void buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (XnWrapBox, xn_wrap_box, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, buildable_init))

/* The width @child gets on a line @width wide: its natural width, unless
 * that is more than the line has. */
static int
child_width (GtkWidget *child,
             int        width,
             int       *min_out)
{
  int min, nat;

  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  if (min_out != NULL)
    *min_out = min;
  return width < 0 ? nat : MAX (min, MIN (nat, width));
}

/* The children that start each line @width wide, ending with NULL:
 * a child goes on the current line if it fits beside what is there. */
static GPtrArray *
line_starts (XnWrapBox *self,
             int        width)
{
  GPtrArray *starts = g_ptr_array_new ();
  int x = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self)); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      int w;

      if (!gtk_widget_should_layout (c))
        continue;
      w = child_width (c, width, NULL);
      if (starts->len == 0 || (width >= 0 && x > 0 && x + self->spacing + w > width))
        {
          g_ptr_array_add (starts, c);
          x = w;
        }
      else
        x += self->spacing + w;
    }
  g_ptr_array_add (starts, NULL);
  return starts;
}

/* The next child to lay out after @c, or NULL. */
static GtkWidget *
next_laid_out (GtkWidget *c)
{
  for (c = gtk_widget_get_next_sibling (c); c != NULL && !gtk_widget_should_layout (c); c = gtk_widget_get_next_sibling (c))
    ;
  return c;
}

static void
xn_wrap_box_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  XnWrapBox *self = XN_WRAP_BOX (widget);

  *minimum = *natural = 0;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* At least the widest child; at best all of them on one line. */
      gboolean first = TRUE;

      for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
        {
          int min, nat;

          if (!gtk_widget_should_layout (c))
            continue;
          gtk_widget_measure (c, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
          *minimum = MAX (*minimum, min);
          *natural += nat + (first ? 0 : self->spacing);
          first = FALSE;
        }
      return;
    }

  /* The height of the lines @for_size wide (unbounded: one line). */
  {
    g_autoptr(GPtrArray) starts = line_starts (self, for_size);

    for (guint l = 0; l + 1 < starts->len; l++)
      {
        int line_min = 0, line_nat = 0;

        for (GtkWidget *c = starts->pdata[l]; c != starts->pdata[l + 1]; c = next_laid_out (c))
          {
            int min, nat;

            gtk_widget_measure (c, GTK_ORIENTATION_VERTICAL, child_width (c, for_size, NULL), &min, &nat, NULL, NULL);
            line_min = MAX (line_min, min);
            line_nat = MAX (line_nat, nat);
          }
        *minimum += line_min + (l > 0 ? self->spacing : 0);
        *natural += line_nat + (l > 0 ? self->spacing : 0);
      }
  }
}

static void
xn_wrap_box_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  XnWrapBox *self = XN_WRAP_BOX (widget);
  g_autoptr(GPtrArray) starts = line_starts (self, width);
  int y = 0;

  for (guint l = 0; l + 1 < starts->len; l++)
    {
      GtkWidget *end = starts->pdata[l + 1];
      int used = 0, n_expand = 0, line_h = 0, x = 0, extra;

      for (GtkWidget *c = starts->pdata[l]; c != end; c = next_laid_out (c))
        {
          int h;

          used += child_width (c, width, NULL) + (c != starts->pdata[l] ? self->spacing : 0);
          if (gtk_widget_compute_expand (c, GTK_ORIENTATION_HORIZONTAL))
            n_expand++;
          gtk_widget_measure (c, GTK_ORIENTATION_VERTICAL, child_width (c, width, NULL), NULL, &h, NULL, NULL);
          line_h = MAX (line_h, h);
        }
      extra = MAX (0, width - used);
      for (GtkWidget *c = starts->pdata[l]; c != end; c = next_laid_out (c))
        {
          int w = child_width (c, width, NULL);

          if (n_expand > 0 && gtk_widget_compute_expand (c, GTK_ORIENTATION_HORIZONTAL))
            {
              /* The last expanding child takes the rounding's rest. */
              int share = extra / n_expand;

              w += share;
              extra -= share;
              n_expand--;
            }
          gtk_widget_size_allocate (c, &(GtkAllocation) { x, y, w, line_h }, -1);
          x += w + self->spacing;
        }
      y += line_h + self->spacing;
    }
}

static GtkSizeRequestMode
xn_wrap_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
buildable_add_child (GtkBuildable *buildable,
                     GtkBuilder   *builder,
                     GObject      *child,
                     const char   *type)
{
  if (type == NULL && GTK_IS_WIDGET (child))
    xn_wrap_box_append (XN_WRAP_BOX (buildable), GTK_WIDGET (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = buildable_add_child;
}

static void
xn_wrap_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (xn_wrap_box_parent_class)->dispose (object);
}

static void
xn_wrap_box_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SPACING:
      g_value_set_int (value, XN_WRAP_BOX (object)->spacing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_wrap_box_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_SPACING:
      xn_wrap_box_set_spacing (XN_WRAP_BOX (object), g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_wrap_box_class_init (XnWrapBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xn_wrap_box_dispose;
  object_class->get_property = xn_wrap_box_get_property;
  object_class->set_property = xn_wrap_box_set_property;
  widget_class->measure = xn_wrap_box_measure;
  widget_class->size_allocate = xn_wrap_box_size_allocate;
  widget_class->get_request_mode = xn_wrap_box_get_request_mode;

  properties[PROP_SPACING] = g_param_spec_int ("spacing", NULL, NULL, 0, G_MAXINT, 0,
                                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "box");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
xn_wrap_box_init (XnWrapBox *self)
{
}

/**
 * xn_wrap_box_new:
 * @spacing: pixels between children on a line, and between lines
 *
 * Returns: (transfer floating): an empty wrap box
 */
GtkWidget *
xn_wrap_box_new (int spacing)
{
  return g_object_new (XN_TYPE_WRAP_BOX, "spacing", spacing, NULL);
}

/**
 * xn_wrap_box_append:
 * @self: a wrap box
 * @child: a widget without a parent
 *
 * Puts @child after the box's other children.
 */
void
xn_wrap_box_append (XnWrapBox *self,
                    GtkWidget *child)
{
  g_return_if_fail (XN_IS_WRAP_BOX (self));
  g_return_if_fail (GTK_IS_WIDGET (child) && gtk_widget_get_parent (child) == NULL);

  gtk_widget_insert_before (child, GTK_WIDGET (self), NULL);
}

int
xn_wrap_box_get_spacing (XnWrapBox *self)
{
  g_return_val_if_fail (XN_IS_WRAP_BOX (self), 0);

  return self->spacing;
}

void
xn_wrap_box_set_spacing (XnWrapBox *self,
                         int        spacing)
{
  g_return_if_fail (XN_IS_WRAP_BOX (self));

  if (self->spacing == spacing)
    return;
  self->spacing = spacing;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPACING]);
}
