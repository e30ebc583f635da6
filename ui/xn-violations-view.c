/* xn-violations-view.c: the Policy Violations Log tab
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Seed 000's log: status (new or viewed, by icon and word), Domain, When,
 * Reason, Module, Info, with "Get new policy violations", "Mark
 * violations as viewed", "Clear policy violations" and "Filter by tag or
 * domain"; plus a text search, sorting by any column and CSV export.  The
 * host's XnViolationLog reads the rows (pages after the last sequence
 * number seen, when the daemon signals new ones or on request), holds
 * them, one copy for every view of the host, and acts on them; this view
 * shows them through an XnViolationFilterModel of its own, so its filter
 * and order are its own.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "xn-dialogs.h"
#include "xn-ui-util.h"
#include "xn-live-table.h"
#include "xn-live-view.h"
#include "xn-violation-log.h"
#include "xn-violation-model.h"
#include "xn-violations-table.h"
#include "xn-violations-view.h"
#include "xn-wrap-box.h"

struct _XnViolationsView
{
  GtkBox             parent_instance;

  /* Template widgets */
  XnViolationsTable *table;
  GtkWidget         *get_new;
  GtkWidget         *mark;
  GtkWidget         *clear;
  GtkWidget         *domain_entry;
  GtkWidget         *search_entry;
  GtkWidget         *export;
  GtkWidget         *count;
  GtkWidget         *stack;       /* the table or why it is empty */
  GtkWidget         *bar;

  /* Owned references */
  XnRemoteHost      *host;
  gulong             state_id;
  XnViolationLog    *log;         /* the host's, shared, while it is shown */
  GCancellable      *cancel;

  XnViolationFilterModel *rows;   /* this view's filter over the log's rows */
  GtkSelectionModel *selection;   /* borrowed: the table's */

  GtkWidget         *suggest;     /* completion of the domain-or-tag filter */
  GtkWidget         *suggestions;
  char              *filter_name;  /* the filter applied, as the entries say */
  char              *filter_text;
  gboolean           setting_entries;
};

G_DEFINE_FINAL_TYPE (XnViolationsView, xn_violations_view, GTK_TYPE_BOX)

static gboolean
connected (XnViolationsView *self)
{
  return self->log != NULL && xn_violation_log_get_connected (self->log);
}

static void
update_count (XnViolationsView *self)
{
  guint n = xn_violation_model_get_n_total (xn_violation_filter_model_get_rows (self->rows));
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  guint unviewed = xn_violation_filter_model_get_n_new (self->rows);
  g_autofree char *text = NULL;
  gboolean monitor = connected (self)
                     && (xn_remote_host_has_role (self->host, "monitor")
                         || xn_remote_host_has_role (self->host, "secadmin"));
  gboolean secadmin = connected (self) && xn_remote_host_has_role (self->host, "secadmin");

  if (shown == n)
    text = g_strdup_printf (ngettext ("%u violation, %u new", "%u violations, %u new", n), n, unviewed);
  else
    text = g_strdup_printf (ngettext ("%u of %u violation shown, %u of them new",
                                      "%u of %u violations shown, %u of them new", n),
                            shown, n, unviewed);
  gtk_label_set_text (GTK_LABEL (self->count), text);
  gtk_widget_set_sensitive (self->get_new, connected (self));
  gtk_widget_set_sensitive (self->mark, monitor && unviewed > 0);
  gtk_widget_set_sensitive (self->clear, secadmin && n > 0);
  gtk_widget_set_tooltip_text (self->clear, secadmin ? NULL : _("Clearing violations needs the secadmin role"));
  gtk_widget_set_sensitive (self->export, shown > 0);

  if (shown > 0)
    xn_ui_empty_stack_show (self->stack, NULL, NULL);
  else if (!connected (self))
    xn_ui_empty_stack_show (self->stack, _("No host connected"),
                            _("Choose a host in the Hosts tree; its violations are read when it connects."));
  else if (n == 0)
    xn_ui_empty_stack_show (self->stack, _("No policy violations"),
                            _("Nothing was refused on this host since the log was last cleared."));
  else
    {
      g_autofree char *why = g_strdup_printf (ngettext ("None of the %u violation matches the filters. Domains and "
                                                        "tags match by the start of their names, the search by "
                                                        "any part of the reason or info.",
                                                        "None of the %u violations match the filters. Domains and "
                                                        "tags match by the start of their names, the search by "
                                                        "any part of the reason or info.", n), n);
      const char *by_name = self->filter_name != NULL ? self->filter_name : "";
      const char *by_text = self->filter_text != NULL ? self->filter_text : "";
      g_autofree char *title = NULL;

      /* The title repeats what was typed, so a typo shows at once. */
      if (*by_name != '\0' && *by_text != '\0')
        title = g_strdup_printf (_("No violations match “%s” and “%s”"), by_name, by_text);
      else if (*by_name != '\0' || *by_text != '\0')
        title = g_strdup_printf (_("No violations match “%s”"), *by_name != '\0' ? by_name : by_text);
      else
        title = g_strdup (_("No violations match the filters"));
      xn_ui_empty_stack_show (self->stack, title, why);
    }
}

/* Rows */

/* Shows @rows through a filter model of this view's own, with the
 * filter the entries say (the table keeps its order). */
static void
show_rows (XnViolationsView *self,
           XnViolationModel *rows)
{
  g_autoptr(XnViolationFilterModel) filter = xn_violation_filter_model_new (rows);

  if (self->rows != NULL)
    g_signal_handlers_disconnect_by_data (self->rows, self);
  xn_violation_filter_model_set_filter (filter, self->filter_name, self->filter_text);
  g_set_object (&self->rows, filter);
  g_signal_connect_swapped (filter, "items-changed", G_CALLBACK (update_count), self);
  /* Marked viewed, here or in another view of the host. */
  g_signal_connect_swapped (filter, "rows-changed", G_CALLBACK (update_count), self);
  g_object_set (self->table, "rows", filter, NULL);
}

/**
 * xn_violations_view_set_rows:
 * @rows: rows to show
 *
 * Shows @rows, with no host to read or act on (tests and the benchmark;
 * a host's view shows its log's, xn_violations_view_set_host()).
 */
void
xn_violations_view_set_rows (XnViolationsView *self,
                             XnViolationModel *rows)
{
  g_return_if_fail (XN_IS_VIOLATIONS_VIEW (self));
  g_return_if_fail (XN_IS_VIOLATION_MODEL (rows));

  xn_violations_view_set_host (self, NULL);
  show_rows (self, rows);
  update_count (self);
}

static void
read_failed_cb (XnViolationsView *self,
                GError           *error)
{
  xn_live_view_report_error (GTK_WIDGET (self), _("Reading violations"), error);
}

static void
get_new_clicked_cb (XnViolationsView *self)
{
  if (self->log != NULL)
    xn_violation_log_fetch (self->log);
}

/* Filtering */

/**
 * xn_violations_view_set_filter:
 * @domain_or_tag: (nullable): show only this domain's or this tag's rows
 * @search: (nullable): show only rows whose domain, reason or info
 *   contains this (case-insensitive)
 */
void
xn_violations_view_set_filter (XnViolationsView *self,
                               const char       *domain_or_tag,
                               const char       *search)
{
  /* The entries say what is applied; their delayed "search-changed"
   * then finds nothing new to do.  An entry emptied emits it at once,
   * though, before the other entry says its part: that half-made filter
   * cost a whole extra pass (40 ms over a million rows), so it is not
   * applied. */
  if (self->setting_entries)
    return;
  self->setting_entries = TRUE;
  if (g_strcmp0 (domain_or_tag ? domain_or_tag : "", gtk_editable_get_text (GTK_EDITABLE (self->domain_entry))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->domain_entry), domain_or_tag ? domain_or_tag : "");
  if (g_strcmp0 (search ? search : "", gtk_editable_get_text (GTK_EDITABLE (self->search_entry))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), search ? search : "");
  self->setting_entries = FALSE;
  if (self->filter_name != NULL && g_strcmp0 (self->filter_name, domain_or_tag ? domain_or_tag : "") == 0
      && g_strcmp0 (self->filter_text, search ? search : "") == 0)
    return;
  g_free (self->filter_name);
  g_free (self->filter_text);
  self->filter_name = g_strdup (domain_or_tag ? domain_or_tag : "");
  self->filter_text = g_strdup (search ? search : "");
  /* A new result set starts at the top. */
  xn_violations_table_scroll_to_top (self->table);
  xn_violation_filter_model_set_filter (self->rows, domain_or_tag, search);
  update_count (self);
}

static void
entries_changed_cb (XnViolationsView *self)
{
  xn_violations_view_set_filter (self, gtk_editable_get_text (GTK_EDITABLE (self->domain_entry)),
                                 gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static gboolean
focus_in_entry (XnViolationsView *self)
{
  GtkRoot *root = gtk_widget_get_root (self->domain_entry);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == self->domain_entry || gtk_widget_is_ancestor (focus, self->domain_entry));
}

/* Completion: the host's domain and tag names that start with what was
 * typed (the host's model has them), offered under the entry without
 * taking the focus from it; Down moves into the list. */
static void
update_suggestions (XnViolationsView *self)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->domain_entry));
  g_autofree char *prefix = g_utf8_casefold (typed, -1);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GListModel *domains = self->host ? xn_host_model_get_domains (xn_remote_host_get_model (self->host)) : NULL;
  GtkWidget *child;
  guint offered = 0;

  while ((child = gtk_widget_get_first_child (self->suggestions)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->suggestions), child);
  for (guint i = 0; *typed != '\0' && domains != NULL && i < g_list_model_get_n_items (domains) && offered < 8; i++)
    {
      g_autoptr(XnLiveRow) row = g_list_model_get_item (domains, i);
      const char *names[] = { xn_live_row_get_string (row, "name"), xn_live_row_get_string (row, "tag") };

      for (guint k = 0; k < G_N_ELEMENTS (names) && offered < 8; k++)
        {
          g_autofree char *folded = g_utf8_casefold (names[k], -1);
          GtkWidget *label;

          if (*names[k] == '\0' || !g_str_has_prefix (folded, prefix) || g_str_equal (names[k], typed)
              || g_hash_table_contains (seen, names[k]))
            continue;
          g_hash_table_add (seen, (gpointer) names[k]);
          label = gtk_label_new (names[k]);
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_list_box_append (GTK_LIST_BOX (self->suggestions), label);
          offered++;
        }
    }
  if (offered > 0 && focus_in_entry (self))
    gtk_popover_popup (GTK_POPOVER (self->suggest));
  else if (offered == 0)
    gtk_popover_popdown (GTK_POPOVER (self->suggest));
}

static void
suggestion_activated_cb (GtkListBox       *list,
                         GtkListBoxRow    *row,
                         XnViolationsView *self)
{
  GtkWidget *label = gtk_list_box_row_get_child (row);

  gtk_editable_set_text (GTK_EDITABLE (self->domain_entry), gtk_label_get_text (GTK_LABEL (label)));
  gtk_popover_popdown (GTK_POPOVER (self->suggest));
  gtk_widget_grab_focus (self->domain_entry);
  gtk_editable_set_position (GTK_EDITABLE (self->domain_entry), -1);
}

static gboolean
domain_key_cb (GtkEventControllerKey *key,
               guint                  keyval,
               guint                  keycode,
               GdkModifierType        state,
               XnViolationsView      *self)
{
  GtkListBoxRow *first;

  if (keyval == GDK_KEY_Escape && gtk_widget_get_visible (self->suggest))
    {
      gtk_popover_popdown (GTK_POPOVER (self->suggest));
      return TRUE;
    }
  if (keyval != GDK_KEY_Down || !gtk_widget_get_visible (self->suggest))
    return FALSE;
  first = gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->suggestions), 0);
  if (first != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (first));
  return first != NULL;
}

/**
 * xn_violations_view_get_suggestions:
 *
 * Returns: (transfer full): the names offered for the domain-or-tag
 *   filter, as typed so far (tests)
 */
GStrv
xn_violations_view_get_suggestions (XnViolationsView *self,
                                    const char       *typed)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  gtk_editable_set_text (GTK_EDITABLE (self->domain_entry), typed);
  update_suggestions (self);
  for (GtkWidget *row = gtk_widget_get_first_child (self->suggestions); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    g_strv_builder_add (b, gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)))));
  return g_strv_builder_end (b);
}

/**
 * xn_violations_view_get_empty_title:
 *
 * Returns: (nullable): the title of the page shown in place of an empty
 *   table, %NULL while rows are shown
 */
const char *
xn_violations_view_get_empty_title (XnViolationsView *self)
{
  return xn_ui_empty_stack_get_title (self->stack);
}

/* Actions */

static void
marked_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(XnViolationsView) self = data;
  g_autoptr(GError) error = NULL;

  if (!xn_violation_log_mark_viewed_finish (XN_VIOLATION_LOG (source), result, &error))
    {
      xn_live_view_report_error (GTK_WIDGET (self), _("Mark violations as viewed"), error);
      return;
    }
  update_count (self);
}

/**
 * xn_violations_view_mark_shown_viewed:
 *
 * Marks the rows shown viewed here (the button then tells the host).
 *
 * Returns: (transfer full) (element-type guint64): their seqs
 */
GArray *
xn_violations_view_mark_shown_viewed (XnViolationsView *self)
{
  /* In the log's rows: every view of the host shows them viewed. */
  return xn_violation_filter_model_mark_shown_viewed (self->rows);
}

static void
mark_clicked_cb (XnViolationsView *self)
{
  g_autoptr(GArray) seqs = NULL;

  if (!connected (self))
    return;
  /* What is shown, so a filter marks just that domain's rows. */
  seqs = xn_violations_view_mark_shown_viewed (self);
  update_count (self);
  if (seqs->len == 0)
    return;
  xn_violation_log_mark_viewed_async (self->log, seqs, self->cancel, marked_cb, g_object_ref (self));
}

static void
cleared_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(XnViolationsView) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint archived = 0;
  guint64 up_to = 0;

  if (!xn_violation_log_clear_finish (XN_VIOLATION_LOG (source), result, &up_to, &archived, &error))
    {
      xn_live_view_report_error (GTK_WIDGET (self), _("Clear policy violations"), error);
      return;
    }
  /* The log has dropped the rows archived, from every view of the host. */
  text = g_strdup_printf (ngettext ("%u violation archived on the host; the audit log keeps it.",
                                    "%u violations archived on the host; the audit log keeps them.", archived),
                          archived);
  xn_live_view_show_message (GTK_WIDGET (self), GTK_MESSAGE_INFO, text);
  update_count (self);
}

static void
clear_response_cb (GtkWindow *parent,
                   int        response,
                   gpointer   data)
{
  g_autoptr(XnViolationsView) self = data;

  if (response != GTK_RESPONSE_ACCEPT || !connected (self))
    return;
  xn_violation_log_clear_async (self->log, self->cancel, cleared_cb, g_object_ref (self));
}

static void
clear_clicked_cb (XnViolationsView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  guint n = xn_violation_model_get_n_total (xn_violation_filter_model_get_rows (self->rows));
  g_autofree char *question = NULL;

  question = g_strdup_printf (ngettext ("Clear %u policy violation?", "Clear %u policy violations?", n), n);
  xn_dialogs_confirm (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, question,
                      _("They leave this log and are archived on the host: the audit log "
                        "keeps every row and its chain still verifies. The act is audited."),
                      _("C_lear"), XN_CONFIRM_DESTRUCTIVE, clear_response_cb, g_object_ref (self));
}

static void
csv_field (GString    *out,
           const char *field)
{
  /* RFC 4180: quote a field holding a comma, a quote or a line break. */
  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (out, field);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = field; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/**
 * xn_violations_view_dup_csv:
 *
 * The rows shown, in the order shown, as CSV with a header row.
 *
 * Returns: (transfer full): the text
 */
char *
xn_violations_view_dup_csv (XnViolationsView *self)
{
  static const struct { const char *key; XnCellKind kind; const char *title; } cols[] = {
    { "seq", XN_CELL_COUNT, "seq" }, { "viewed", XN_CELL_VIEWED, "status" },
    { "domain", XN_CELL_TEXT, "domain" }, { "tag", XN_CELL_TEXT, "tag" },
    { "time", XN_CELL_TIME, "when" }, { "reason", XN_CELL_TEXT, "reason" },
    { "module", XN_CELL_TEXT, "module" }, { "info", XN_CELL_TEXT, "info" },
  };
  GString *out = g_string_new (NULL);
  GListModel *shown = G_LIST_MODEL (self->selection);

  for (guint c = 0; c < G_N_ELEMENTS (cols); c++)
    g_string_append_printf (out, "%s%s", c ? "," : "", cols[c].title);
  g_string_append (out, "\r\n");
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(XnLiveRow) row = g_list_model_get_item (shown, i);

      for (guint c = 0; c < G_N_ELEMENTS (cols); c++)
        {
          g_autofree char *text = xn_live_format (xn_live_row_get (row, cols[c].key), cols[c].kind);

          if (c > 0)
            g_string_append_c (out, ',');
          csv_field (out, text);
        }
      g_string_append (out, "\r\n");
    }
  return g_string_free (out, FALSE);
}

static void
export_chosen_cb (GtkWindow *parent,
                  GFile     *file,
                  gpointer   data)
{
  XnViolationsView *self = data;
  g_autofree char *csv = NULL;
  g_autoptr(GError) error = NULL;

  if (file != NULL)
    {
      csv = xn_violations_view_dup_csv (self);
      if (!g_file_replace_contents (file, csv, strlen (csv), NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                    NULL, NULL, &error))
        xn_live_view_report_error (GTK_WIDGET (self), _("Export CSV"), error);
    }
  g_object_unref (self);
}

static void
export_clicked_cb (XnViolationsView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  xn_dialogs_choose_file (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Export Violations as CSV"),
                          GTK_FILE_CHOOSER_ACTION_SAVE, "violations.csv", export_chosen_cb, g_object_ref (self));
}

/* The host */

static void
drop_log (XnViolationsView *self)
{
  /* Answers for the host no longer shown are dropped. */
  if (self->cancel != NULL)
    g_cancellable_cancel (self->cancel);
  g_clear_object (&self->cancel);
  if (self->log != NULL)
    g_signal_handlers_disconnect_by_data (self->log, self);
  g_clear_object (&self->log);
  if (self->host != NULL)
    g_clear_signal_handler (&self->state_id, self->host);
}

void
xn_violations_view_set_host (XnViolationsView *self,
                             XnRemoteHost     *host)
{
  g_return_if_fail (XN_IS_VIOLATIONS_VIEW (self));

  if (self->host == host)
    return;
  drop_log (self);
  g_set_object (&self->host, host);
  if (host != NULL)
    {
      self->cancel = g_cancellable_new ();
      /* The host's one log: its rows are every view's of it. */
      self->log = xn_violation_log_dup_for_host (host);
      show_rows (self, xn_violation_log_get_rows (self->log));
      g_signal_connect_swapped (self->log, "failed", G_CALLBACK (read_failed_cb), self);
      /* After the log's own handler, so the buttons see its state. */
      self->state_id = g_signal_connect_swapped (host, "notify::state", G_CALLBACK (update_count), self);
    }
  else
    {
      g_autoptr(XnViolationModel) none = xn_violation_model_new ();

      show_rows (self, none);
    }
  update_count (self);
}

/* (transfer none): the rows this view shows, as filtered and sorted */
GListModel *
xn_violations_view_get_rows (XnViolationsView *self)
{
  return G_LIST_MODEL (self->rows);
}

/* (transfer none): the rows shown, filtered and sorted */
GListModel *
xn_violations_view_get_shown (XnViolationsView *self)
{
  return G_LIST_MODEL (self->selection);
}

static void
xn_violations_view_dispose (GObject *object)
{
  XnViolationsView *self = XN_VIOLATIONS_VIEW (object);

  drop_log (self);
  g_clear_object (&self->host);
  /* The table may hold the filter model a moment longer. */
  if (self->rows != NULL)
    g_signal_handlers_disconnect_by_data (self->rows, self);
  g_clear_object (&self->rows);
  g_clear_pointer (&self->filter_name, g_free);
  g_clear_pointer (&self->filter_text, g_free);
  if (self->suggest != NULL)
    gtk_widget_unparent (self->suggest);
  self->suggest = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), XN_TYPE_VIOLATIONS_VIEW);

  G_OBJECT_CLASS (xn_violations_view_parent_class)->dispose (object);
}

static void
xn_violations_view_class_init (XnViolationsViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = xn_violations_view_dispose;

  g_type_ensure (ADW_TYPE_STATUS_PAGE);
  g_type_ensure (XN_TYPE_VIOLATIONS_TABLE);
  g_type_ensure (XN_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/xenonvmm/Manager/ui/xn-violations-view.ui");
  gtk_widget_class_bind_template_child (widget_class, XnViolationsView, table);
  gtk_widget_class_bind_template_child (widget_class, XnViolationsView, get_new);
  gtk_widget_class_bind_template_child (widget_class, XnViolationsView, mark);
  gtk_widget_class_bind_template_child (widget_class, XnViolationsView, clear);
  gtk_widget_class_bind_template_child (widget_class, XnViolationsView, domain_entry);
  gtk_widget_class_bind_template_child (widget_class, XnViolationsView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, XnViolationsView, export);
  gtk_widget_class_bind_template_child (widget_class, XnViolationsView, count);
  gtk_widget_class_bind_template_child (widget_class, XnViolationsView, stack);
  gtk_widget_class_bind_template_child (widget_class, XnViolationsView, bar);
  gtk_widget_class_bind_template_callback (widget_class, entries_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_suggestions);
  gtk_widget_class_bind_template_callback (widget_class, domain_key_cb);
  gtk_widget_class_bind_template_callback (widget_class, get_new_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, mark_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
}

static void
xn_violations_view_init (XnViolationsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Named once by their words ("Export CSV…", not the label twice). */
  xn_ui_name_for_assistive_technology (self->bar);
  {
    g_autoptr(XnViolationModel) none = xn_violation_model_new ();

    show_rows (self, none);
  }
  /* Single selection (the table's): GTK 4.8's multi-selection asks the
   * model for every added row on each change, which a million rows
   * cannot afford. */
  self->selection = xn_violations_table_get_selection (self->table);

  /* Completion under the domain entry, without taking its focus. */
  self->suggestions = gtk_list_box_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->suggestions), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Domains and tags"), -1);
  g_signal_connect (self->suggestions, "row-activated", G_CALLBACK (suggestion_activated_cb), self);
  self->suggest = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (self->suggest), self->suggestions);
  gtk_popover_set_autohide (GTK_POPOVER (self->suggest), FALSE);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->suggest), FALSE);
  gtk_popover_set_position (GTK_POPOVER (self->suggest), GTK_POS_BOTTOM);
  gtk_widget_set_parent (self->suggest, self->domain_entry);

  update_count (self);
}

GtkWidget *
xn_violations_view_new (void)
{
  return g_object_new (XN_TYPE_VIOLATIONS_VIEW, NULL);
}
