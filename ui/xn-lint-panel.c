/* xn-lint-panel.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The lint findings in a GtkColumnView; activating a row emits
 * "jump-to" with the object it is about. Refreshed (idle, coalesced)
 * after every document change. The layout is the template
 * xn-lint-panel.ui; the code fills the cells. */

#define G_LOG_DOMAIN "xn-lint-panel"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xn-lint-panel.h"
#include "xn-live-table.h"
#include "xn-ui-util.h"

struct _XnLintPanel
{
  GtkWidget       parent_instance;

  /* Template widgets */
  GtkWidget      *box;
  GtkLabel       *summary;
  GtkColumnView  *view;
  GtkNoSelection *selection;
  GtkListItemFactory *severity_factory;
  GtkListItemFactory *code_factory;
  GtkListItemFactory *path_factory;
  GtkListItemFactory *message_factory;

  /* Owned references */
  XnDocument     *document;
  GListModel     *issues;
  guint           idle_id;
};

enum { JUMP_TO, N_SIGNALS };
static guint signals [N_SIGNALS];

G_DEFINE_FINAL_TYPE (XnLintPanel, xn_lint_panel, GTK_TYPE_WIDGET)

typedef enum { COL_SEVERITY, COL_CODE, COL_PATH, COL_MESSAGE } Column;

static void
setup_cell (GtkSignalListItemFactory *f,
            GtkListItem              *item,
            gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  /* A symbolic icon beside the word: Debian's fonts have no glyph for
   * the emoji this used, and drew a box. */
  if (GPOINTER_TO_INT (data) == COL_SEVERITY)
    gtk_list_item_set_child (item, xn_live_table_icon_cell_new (label));
  else
    gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *f,
           GtkListItem              *item,
           gpointer                  data)
{
  XnLintIssue *issue = gtk_list_item_get_item (item);
  GtkWidget *child = gtk_list_item_get_child (item);
  GtkLabel *label = GTK_LABEL (GTK_IS_LABEL (child) ? child : gtk_widget_get_last_child (child));
  const char *text = NULL, *icon = NULL;

  switch (GPOINTER_TO_INT (data))
    {
    case COL_SEVERITY:
      switch (xn_lint_issue_get_severity (issue))
        {
        case XN_LINT_SEVERITY_ERROR: text = _("error"); icon = "dialog-error-symbolic"; break;
        case XN_LINT_SEVERITY_WARNING: text = _("warning"); icon = "dialog-warning-symbolic"; break;
        default: text = _("info"); icon = "dialog-information-symbolic"; break;
        }
      xn_live_table_icon_cell_set (child, icon);
      break;
    case COL_CODE: text = xn_lint_issue_get_code (issue); break;
    case COL_PATH: text = xn_lint_issue_get_path (issue); break;
    default: text = xn_lint_issue_get_message (issue); break;
    }
  gtk_label_set_text (label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), xn_lint_issue_get_message (issue));
  xn_live_table_name_cell (child, GTK_WIDGET (label), xn_lint_issue_get_message (issue), text ? text : "");
}

/* The template's column factories, told which column they fill. */
static void
connect_column (GtkListItemFactory *factory,
                Column              col)
{
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (col));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GINT_TO_POINTER (col));
}

void
xn_lint_panel_activate (XnLintPanel *self,
                        guint        position)
{
  g_autoptr(XnLintIssue) issue = NULL;

  g_return_if_fail (XN_IS_LINT_PANEL (self));

  if (self->issues == NULL || position >= g_list_model_get_n_items (self->issues))
    return;
  issue = g_list_model_get_item (self->issues, position);
  g_signal_emit (self, signals [JUMP_TO], 0, xn_lint_issue_get_object_uuid (issue));
}

static void
on_activate (GtkColumnView *view,
             guint          position,
             XnLintPanel   *self)
{
  xn_lint_panel_activate (self, position);
}

void
xn_lint_panel_refresh (XnLintPanel *self)
{
  g_autofree char *text = NULL;
  guint errors, warnings;

  g_return_if_fail (XN_IS_LINT_PANEL (self));

  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_object (&self->issues);
  if (self->document == NULL)
    return;
  self->issues = xn_document_lint (self->document);
  gtk_no_selection_set_model (self->selection, self->issues);
  errors = xn_lint_count (self->issues, XN_LINT_SEVERITY_ERROR);
  warnings = xn_lint_count (self->issues, XN_LINT_SEVERITY_WARNING);
  if (errors + warnings == 0 && g_list_model_get_n_items (self->issues) == 0)
    text = g_strdup (_("Lint: no problems found."));
  else
    {
      g_autofree char *e = g_strdup_printf (ngettext ("%u error", "%u errors", errors), errors);
      g_autofree char *w = g_strdup_printf (ngettext ("%u warning", "%u warnings", warnings), warnings);

      /* TRANSLATORS: "Lint: 1 error, 3 warnings (…)" */
      text = g_strdup_printf (_("Lint: %s, %s (activate a row to go to the object)"), e, w);
    }
  gtk_label_set_text (self->summary, text);
}

static gboolean
refresh_idle (gpointer data)
{
  XnLintPanel *self = data;

  self->idle_id = 0;
  xn_lint_panel_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
on_changed (XnLintPanel *self)
{
  if (self->idle_id == 0)
    self->idle_id = g_timeout_add (300, refresh_idle, self);
}

static void
xn_lint_panel_dispose (GObject *object)
{
  XnLintPanel *self = XN_LINT_PANEL (object);

  g_clear_handle_id (&self->idle_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), XN_TYPE_LINT_PANEL);
  g_clear_object (&self->issues);
  g_clear_object (&self->document);
  G_OBJECT_CLASS (xn_lint_panel_parent_class)->dispose (object);
}

static void
xn_lint_panel_class_init (XnLintPanelClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = xn_lint_panel_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/xenonvmm/Manager/ui/xn-lint-panel.ui");
  /* Bound so that disposing the template unparents it. */
  gtk_widget_class_bind_template_child (widget_class, XnLintPanel, box);
  gtk_widget_class_bind_template_child (widget_class, XnLintPanel, summary);
  gtk_widget_class_bind_template_child (widget_class, XnLintPanel, view);
  gtk_widget_class_bind_template_child (widget_class, XnLintPanel, selection);
  gtk_widget_class_bind_template_child (widget_class, XnLintPanel, severity_factory);
  gtk_widget_class_bind_template_child (widget_class, XnLintPanel, code_factory);
  gtk_widget_class_bind_template_child (widget_class, XnLintPanel, path_factory);
  gtk_widget_class_bind_template_child (widget_class, XnLintPanel, message_factory);
  gtk_widget_class_bind_template_callback (widget_class, on_activate);

  signals [JUMP_TO] = g_signal_new ("jump-to", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
xn_lint_panel_init (XnLintPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  connect_column (self->severity_factory, COL_SEVERITY);
  connect_column (self->code_factory, COL_CODE);
  connect_column (self->path_factory, COL_PATH);
  connect_column (self->message_factory, COL_MESSAGE);
  xn_ui_list_one_tab_stop (GTK_WIDGET (self->view));
}

GtkWidget *
xn_lint_panel_new (void)
{
  return g_object_new (XN_TYPE_LINT_PANEL, NULL);
}

void
xn_lint_panel_set_document (XnLintPanel *self,
                            XnDocument  *document)
{
  g_return_if_fail (XN_IS_LINT_PANEL (self));

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_set_object (&self->document, document);
  if (document != NULL)
    g_signal_connect_object (document, "changed", G_CALLBACK (on_changed), self, G_CONNECT_SWAPPED);
  /* Lint after the first frame: on a large policy it takes a while. */
  gtk_no_selection_set_model (self->selection, NULL);
  g_clear_object (&self->issues);
  gtk_label_set_text (self->summary, _("Lint: checking…"));
  on_changed (self);
}

/**
 * xn_lint_panel_get_issues:
 *
 * Returns: (transfer none) (nullable): the current findings
 */
GListModel *
xn_lint_panel_get_issues (XnLintPanel *self)
{
  g_return_val_if_fail (XN_IS_LINT_PANEL (self), NULL);
  return self->issues;
}

/* The summary line above the findings (tests) */
const char *
xn_lint_panel_get_summary (XnLintPanel *self)
{
  g_return_val_if_fail (XN_IS_LINT_PANEL (self), NULL);
  return gtk_label_get_text (self->summary);
}
