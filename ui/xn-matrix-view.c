/* xn-matrix-view.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The connectivity matrix: tags × tags and enclaves × enclaves, each
 * cell "may talk", "separated" or "may not run together" — shown by a
 * symbol and a word as well as a colour — with the compiler's reason in
 * its tooltip (xn_matrix_dup_tag_reason()). */

#define G_LOG_DOMAIN "xn-matrix-view"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xn-matrix-view.h"
#include "xn-tag-chip.h"
#include "xn-ui-util.h"

struct _XnMatrixView
{
  GtkWidget   parent_instance;

  /* Template widgets */
  GtkWidget  *scroller;
  GtkWidget  *box;

  /* Borrowed references */
  GtkGrid    *tag_grid;

  /* Owned references */
  XnDocument *document;
  guint       rebuild_id;       /* coalesces the rebuilds of a burst of edits */
  guint       dirty : 1;
};

G_DEFINE_FINAL_TYPE (XnMatrixView, xn_matrix_view, GTK_TYPE_WIDGET)

static GtkWidget *
cell_new (XnMatrix *matrix,
          int       a,
          int       b)
{
  GtkWidget *label;
  g_autofree char *reason = NULL;

  if (a < 0 || b < 0)
    {
      label = gtk_label_new ("?");
      gtk_widget_set_tooltip_text (label, _("No tag: nothing to enforce."));
      return label;
    }
  if (xn_matrix_tags_may_communicate (matrix, a, b))
    {
      label = gtk_label_new (_("✓ talk"));
      gtk_widget_add_css_class (label, "xn-talk");
    }
  else if (!xn_matrix_tags_may_run_together (matrix, a, b))
    {
      label = gtk_label_new (_("⊘ not together"));
      gtk_widget_add_css_class (label, "xn-exclusive");
    }
  else
    {
      label = gtk_label_new (_("✗ separated"));
      gtk_widget_add_css_class (label, "xn-separated");
    }
  reason = xn_matrix_dup_tag_reason (matrix, a, b);
  gtk_widget_set_tooltip_text (label, reason);
  gtk_widget_add_css_class (label, "xn-cell");
  /* A tooltip alone is not reachable from the keyboard. */
  gtk_widget_set_focusable (label, TRUE);
  return label;
}

static GtkWidget *
header_new (const char *name,
            XnTag      *tag)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *chip = xn_tag_chip_new ();

  xn_tag_chip_set_tag (XN_TAG_CHIP (chip), tag);
  gtk_box_append (GTK_BOX (box), chip);
  gtk_box_append (GTK_BOX (box), gtk_label_new (name));
  gtk_widget_add_css_class (box, "heading");
  return box;
}

static GtkGrid *
add_grid (XnMatrixView *self,
          const char   *title,
          const char   *corner)
{
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *grid = gtk_grid_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "title-3");
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 4);
  gtk_grid_attach (GTK_GRID (grid), gtk_label_new (corner), 0, 0, 1, 1);
  gtk_box_append (GTK_BOX (self->box), label);
  gtk_box_append (GTK_BOX (self->box), grid);
  return GTK_GRID (grid);
}

typedef struct
{
  XnEnclave *enclave;
  XnTag     *tag;
  int        index;             /* the tag's row in the tags matrix, -1 none */
} EnclaveTag;

static int
compare_enclave_tags (gconstpointer a,
                      gconstpointer b)
{
  const EnclaveTag *x = a, *y = b;

  /* Enclaves without a tag go last. */
  if ((x->index < 0) != (y->index < 0))
    return x->index < 0 ? 1 : -1;
  if (x->index != y->index)
    return x->index - y->index;
  return g_utf8_collate (xn_object_get_name (XN_OBJECT (x->enclave)), xn_object_get_name (XN_OBJECT (y->enclave)));
}

/* The enclaves in the order of their tags in the tags matrix, so both
 * matrices read in one order (they differed: the host's list order). */
static GArray *
enclaves_in_tag_order (XnObjectList *enclaves,
                       XnMatrix     *matrix)
{
  GArray *order = g_array_new (FALSE, FALSE, sizeof (EnclaveTag));

  for (guint i = 0; i < xn_object_list_get_n_items (enclaves); i++)
    {
      EnclaveTag e = { xn_object_list_get (enclaves, i), NULL, -1 };

      e.tag = xn_enclave_get_tag (e.enclave);
      e.index = e.tag ? xn_matrix_find_tag (matrix, xn_object_get_name (XN_OBJECT (e.tag))) : -1;
      g_array_append_val (order, e);
    }
  g_array_sort (order, compare_enclave_tags);
  return order;
}

void
xn_matrix_view_rebuild (XnMatrixView *self)
{
  g_autoptr(XnMatrix) matrix = NULL;
  XnPolicy *policy;
  XnHost *host;
  GtkWidget *child;
  GtkGrid *grid;
  guint n;

  g_return_if_fail (XN_IS_MATRIX_VIEW (self));

  self->dirty = FALSE;
  self->tag_grid = NULL;
  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);
  if (self->document == NULL)
    return;

  policy = xn_document_get_policy (self->document);
  matrix = xn_matrix_new (policy);
  n = xn_matrix_get_n_tags (matrix);

  grid = self->tag_grid = add_grid (self, _("Tags × tags"), _("tag"));
  for (guint i = 0; i < n; i++)
    {
      const char *name = xn_matrix_get_tag_name (matrix, i);
      XnTag *tag = xn_policy_find_tag_by_name (policy, name);

      gtk_grid_attach (grid, header_new (name, tag), i + 1, 0, 1, 1);
      gtk_grid_attach (grid, header_new (name, tag), 0, i + 1, 1, 1);
      for (guint j = 0; j < n; j++)
        gtk_grid_attach (grid, cell_new (matrix, i, j), j + 1, i + 1, 1, 1);
    }

  host = xn_document_get_host (self->document);
  if (host != NULL)
    {
      g_autoptr(GArray) order = enclaves_in_tag_order (xn_host_get_enclaves (host), matrix);

      grid = add_grid (self, _("Enclaves × enclaves"), _("enclave"));
      for (guint i = 0; i < order->len; i++)
        {
          const EnclaveTag *ei = &g_array_index (order, EnclaveTag, i);
          const char *name = xn_object_get_name (XN_OBJECT (ei->enclave));

          gtk_grid_attach (grid, header_new (name, ei->tag), i + 1, 0, 1, 1);
          gtk_grid_attach (grid, header_new (name, ei->tag), 0, i + 1, 1, 1);
          for (guint j = 0; j < order->len; j++)
            gtk_grid_attach (grid, cell_new (matrix, ei->index, g_array_index (order, EnclaveTag, j).index),
                             j + 1, i + 1, 1, 1);
        }
    }
}

static gboolean
rebuild_idle (gpointer data)
{
  XnMatrixView *self = data;

  self->rebuild_id = 0;
  if (self->dirty && gtk_widget_get_mapped (GTK_WIDGET (self)))
    xn_matrix_view_rebuild (self);
  return G_SOURCE_REMOVE;
}

static void
on_changed (XnMatrixView *self)
{
  /* Rebuild once per burst of changes, just before the next frame, and
   * only while shown: a view nobody looks at waits for its map. */
  self->dirty = TRUE;
  if (self->rebuild_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->rebuild_id = g_idle_add_full (GDK_PRIORITY_REDRAW - 10, rebuild_idle, self, NULL);
}

static void
xn_matrix_view_map (GtkWidget *widget)
{
  XnMatrixView *self = XN_MATRIX_VIEW (widget);

  GTK_WIDGET_CLASS (xn_matrix_view_parent_class)->map (widget);
  if (self->dirty)
    xn_matrix_view_rebuild (self);
}

static void
xn_matrix_view_dispose (GObject *object)
{
  XnMatrixView *self = XN_MATRIX_VIEW (object);

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), XN_TYPE_MATRIX_VIEW);
  g_clear_object (&self->document);
  G_OBJECT_CLASS (xn_matrix_view_parent_class)->dispose (object);
}

static void
xn_matrix_view_class_init (XnMatrixViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = xn_matrix_view_dispose;
  GTK_WIDGET_CLASS (klass)->map = xn_matrix_view_map;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass), "/org/xenonvmm/Manager/ui/xn-matrix-view.ui");
  gtk_widget_class_bind_template_child (GTK_WIDGET_CLASS (klass), XnMatrixView, scroller);
  gtk_widget_class_bind_template_child (GTK_WIDGET_CLASS (klass), XnMatrixView, box);
}

static void
xn_matrix_view_init (XnMatrixView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
xn_matrix_view_new (void)
{
  return g_object_new (XN_TYPE_MATRIX_VIEW, NULL);
}

void
xn_matrix_view_set_document (XnMatrixView *self,
                             XnDocument   *document)
{
  g_return_if_fail (XN_IS_MATRIX_VIEW (self));

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_set_object (&self->document, document);
  if (document != NULL)
    g_signal_connect_object (document, "changed", G_CALLBACK (on_changed), self, G_CONNECT_SWAPPED);
  on_changed (self);
}

/**
 * xn_matrix_view_get_cell:
 *
 * Returns: (transfer none) (nullable): the tag × tag cell (0-based)
 */
GtkWidget *
xn_matrix_view_get_cell (XnMatrixView *self,
                         guint         row,
                         guint         column)
{
  g_return_val_if_fail (XN_IS_MATRIX_VIEW (self), NULL);

  if (self->dirty || self->tag_grid == NULL)
    xn_matrix_view_rebuild (self);
  return gtk_grid_get_child_at (self->tag_grid, column + 1, row + 1);
}

/**
 * xn_matrix_view_dup_headers:
 * @matrix: 0 for tags × tags, 1 for enclaves × enclaves
 *
 * Returns: (transfer full): the column headers' names, in order (tests)
 */
GStrv
xn_matrix_view_dup_headers (XnMatrixView *self,
                            guint         matrix)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  GtkWidget *grid = NULL;
  guint seen = 0;

  g_return_val_if_fail (XN_IS_MATRIX_VIEW (self), NULL);

  if (self->dirty || self->tag_grid == NULL)
    xn_matrix_view_rebuild (self);
  for (GtkWidget *c = gtk_widget_get_first_child (self->box); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_GRID (c) && seen++ == matrix)
      grid = c;
  for (guint i = 1; grid != NULL && gtk_grid_get_child_at (GTK_GRID (grid), i, 0) != NULL; i++)
    g_strv_builder_add (b, gtk_label_get_text (GTK_LABEL (gtk_widget_get_last_child (gtk_grid_get_child_at (GTK_GRID (grid), i, 0)))));
  return g_strv_builder_end (b);
}
