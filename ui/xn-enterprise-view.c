/* xn-enterprise-view.c: All Hosts — enclaves, labels and domains across
 * hosts, with bulk lifecycle actions per enclave or tag
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * One table of every domain of every connected host (each host's model,
 * xn-host-model.c, with the host's name added), sortable by any
 * column, so that an officer sees where each enclave and label runs.  A
 * group ("enclave X" or "tag Y", across hosts) can be started, shut down,
 * paused or unpaused at once: each domain of the group in the right state
 * on a host that grants the sysadmin role gets the call; hosts without
 * the role and the daemons' refusals are reported by name, never hidden.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "xn-enterprise-view.h"
#include "xn-host-list.h"
#include "xn-live-table.h"
#include "xn-live-view.h"
#include "xn-migrate-dialog.h"
#include "xn-ui-util.h"
#include "xn-wrap-box.h"

struct _XnEnterpriseView
{
  GtkBox         parent_instance;

  /* Template widgets */
  GtkWidget     *scroller;
  GtkWidget     *bar;
  GtkStringList *groups;
  GtkWidget     *group_drop;
  GtkWidget     *status;

  /* Owned references */
  GListModel    *hosts;
  GListStore    *rows;
  GtkSelectionModel *selection;  /* (transfer none): the table's */
  char          *status_text;
  GCancellable  *cancel;
  guint          rebuild_id;
  GPtrArray     *watched;        /* the hosts' domain lists we listen to */

  /* A bulk action in flight. */
  guint          bulk_outstanding;
  guint          bulk_done;
  GString       *bulk_problems;
  XnDomainOp     bulk_op;
};

G_DEFINE_FINAL_TYPE (XnEnterpriseView, xn_enterprise_view, GTK_TYPE_BOX)

static void
set_status (XnEnterpriseView *self,
            const char       *text,
            gboolean          error)
{
  g_free (self->status_text);
  self->status_text = g_strdup (text);
  gtk_label_set_text (GTK_LABEL (self->status), text ? text : "");
  if (error)
    gtk_widget_add_css_class (self->status, "error");
  else
    gtk_widget_remove_css_class (self->status, "error");
}

/* The group chosen in the drop-down: "enclave" or "tag", and the name. */
static gboolean
chosen_group (XnEnterpriseView  *self,
              const char       **key,
              char             **name)
{
  guint pos = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->group_drop));
  const char *text = pos != GTK_INVALID_LIST_POSITION && pos < g_list_model_get_n_items (G_LIST_MODEL (self->groups))
                     ? gtk_string_list_get_string (self->groups, pos) : NULL;
  const char *sep = text ? strchr (text, ':') : NULL;

  if (sep == NULL)
    return FALSE;
  *key = g_str_has_prefix (text, "enclave:") ? "enclave" : "tag";
  *name = g_strdup (sep + 1);
  return TRUE;
}

/* The bulk buttons' widget actions, in XnDomainOp's order (no bulk
 * Destroy: that is a one-domain act, confirmed on Home). */
static const char *const bulk_actions[] = {
  "bulk.start", "bulk.shut-down", "bulk.pause", "bulk.unpause",
};

/* The selected row and the host it is on, or NULL. */
static XnLiveRow *
selected_row (XnEnterpriseView  *self,
              XnRemoteHost     **host)
{
  XnLiveRow *row = self->selection != NULL
                   ? gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (self->selection)) : NULL;

  *host = NULL;
  for (guint i = 0; row != NULL && self->hosts != NULL && i < g_list_model_get_n_items (self->hosts); i++)
    {
      g_autoptr(XnRemoteHost) h = g_list_model_get_item (self->hosts, i);

      if (g_strcmp0 (xn_remote_host_get_name (h), xn_live_row_get_string (row, "host")) == 0)
        *host = h;
    }
  return *host != NULL ? row : NULL;
}

static void
update_buttons (XnEnterpriseView *self)
{
  g_autofree char *name = NULL;
  const char *key;
  gboolean have = chosen_group (self, &key, &name);
  XnRemoteHost *host;
  XnLiveRow *row = selected_row (self, &host);

  for (guint i = 0; i < G_N_ELEMENTS (bulk_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), bulk_actions[i], have && self->bulk_outstanding == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "enterprise.migrate", xn_migrate_dialog_can_migrate (host, row));
}

static void
migrate_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  XnEnterpriseView *self = XN_ENTERPRISE_VIEW (widget);
  XnRemoteHost *host;
  XnLiveRow *row = selected_row (self, &host);

  if (xn_migrate_dialog_can_migrate (host, row))
    xn_migrate_dialog_present (GTK_WIDGET (self), host, self->hosts, row);
}

/* Groups are stored as "enclave:NAME" / "tag:NAME" and shown translated. */
static void
group_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* A long group name must not widen the button row past the window,
   * which would push every Live tab's right edge out of sight. */
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), 12);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
  gtk_list_item_set_child (item, label);
}

static void
group_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  const char *text = gtk_string_object_get_string (gtk_list_item_get_item (item));
  const char *sep = strchr (text, ':');
  g_autofree char *shown = NULL;

  if (sep == NULL)
    shown = g_strdup (text);
  else if (g_str_has_prefix (text, "enclave:"))
    shown = g_strdup_printf (_("Enclave “%s”"), sep + 1);
  else
    shown = g_strdup_printf (_("Tag “%s”"), sep + 1);
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), shown);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
rebuild_groups (XnEnterpriseView *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  g_autofree char *keep = NULL, *keep_name = NULL;
  const char *keep_key;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  guint select = GTK_INVALID_LIST_POSITION;

  if (chosen_group (self, &keep_key, &keep_name))
    keep = g_strdup_printf ("%s:%s", keep_key, keep_name);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XnLiveRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), i);
      const char *const keys[] = { "enclave", "tag" };

      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          const char *v = xn_live_row_get_string (row, keys[k]);
          char *entry;

          if (v == NULL || *v == '\0')
            continue;
          entry = g_strdup_printf ("%s:%s", keys[k], v);
          /* Not g_hash_table_add() alone: it would free the first copy,
           * which the list holds. */
          if (g_hash_table_contains (seen, entry))
            g_free (entry);
          else
            {
              g_hash_table_add (seen, entry);
              g_ptr_array_add (list, entry);
            }
        }
    }
  g_ptr_array_sort (list, compare_strings);
  /* Unchanged: leave the drop-down (and the user's choice) alone. */
  if (list->len == g_list_model_get_n_items (G_LIST_MODEL (self->groups)))
    {
      gboolean same = TRUE;

      for (guint i = 0; same && i < list->len; i++)
        same = g_str_equal (g_ptr_array_index (list, i), gtk_string_list_get_string (self->groups, i));
      if (same)
        return;
    }
  g_ptr_array_add (list, NULL);
  gtk_string_list_splice (self->groups, 0, g_list_model_get_n_items (G_LIST_MODEL (self->groups)),
                          (const char * const *) list->pdata);
  for (guint i = 0; keep && i + 1 < list->len; i++)
    if (g_str_equal (g_ptr_array_index (list, i), keep))
      select = i;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->group_drop), select != GTK_INVALID_LIST_POSITION ? select : 0);
  update_buttons (self);
}

/* Host, then enclave, then domain: a stable grid. */
static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  XnLiveRow *ra = *(XnLiveRow * const *) a, *rb = *(XnLiveRow * const *) b;
  const char *const keys[] = { "host", "enclave", "name" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      int c = g_strcmp0 (xn_live_row_get_string (ra, keys[i]), xn_live_row_get_string (rb, keys[i]));

      if (c != 0)
        return c;
    }
  return 0;
}

/* Every connected host's domains as its model has them (the figures Home
 * and the Hosts tree show), with the host's name added. */
static void
rebuild_rows (XnEnterpriseView *self)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = self->hosts ? g_list_model_get_n_items (self->hosts) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XnRemoteHost) host = g_list_model_get_item (self->hosts, i);
      GListModel *domains;

      if (xn_remote_host_get_state (host) != XN_REMOTE_HOST_CONNECTED)
        continue;
      domains = xn_host_model_get_domains (xn_remote_host_get_model (host));
      for (guint j = 0; j < g_list_model_get_n_items (domains); j++)
        {
          g_autoptr(XnLiveRow) d = g_list_model_get_item (domains, j);
          XnLiveRow *row = xn_live_row_new (g_variant_new ("a{sv}", NULL));

          xn_live_row_update (row, d);
          xn_live_row_set (row, "host", g_variant_new_string (xn_remote_host_get_name (host)));
          g_ptr_array_add (rows, row);
        }
    }
  g_ptr_array_sort (rows, compare_rows);
  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                       rows->pdata, rows->len);
  rebuild_groups (self);
}

static gboolean
rebuild_idle (gpointer data)
{
  XnEnterpriseView *self = data;

  self->rebuild_id = 0;
  rebuild_rows (self);
  return G_SOURCE_REMOVE;
}

/* A burst of changes across hosts: one rebuild. */
static void
queue_rebuild (XnEnterpriseView *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add (rebuild_idle, self);
}

static void
unwatch (XnEnterpriseView *self)
{
  for (guint i = 0; i < self->watched->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->watched, i), self);
  g_ptr_array_set_size (self->watched, 0);
}

static void
watch_hosts (XnEnterpriseView *self)
{
  guint n = self->hosts ? g_list_model_get_n_items (self->hosts) : 0;

  unwatch (self);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XnRemoteHost) host = g_list_model_get_item (self->hosts, i);
      GListModel *domains = xn_host_model_get_domains (xn_remote_host_get_model (host));

      g_signal_connect_swapped (domains, "items-changed", G_CALLBACK (queue_rebuild), self);
      g_ptr_array_add (self->watched, g_object_ref (domains));
    }
  queue_rebuild (self);
}

/**
 * xn_enterprise_view_refresh:
 * @self: a #XnEnterpriseView
 *
 * Asks every connected host's model for its domains again (the daemons'
 * signals keep them current by themselves) and shows what they hold.
 */
void
xn_enterprise_view_refresh (XnEnterpriseView *self)
{
  guint n;

  g_return_if_fail (XN_IS_ENTERPRISE_VIEW (self));

  n = self->hosts ? g_list_model_get_n_items (self->hosts) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XnRemoteHost) host = g_list_model_get_item (self->hosts, i);

      xn_host_model_refresh (xn_remote_host_get_model (host));
    }
  rebuild_rows (self);
}

static XnRemoteHost *
host_named (XnEnterpriseView *self,
            const char       *name)
{
  guint n = self->hosts ? g_list_model_get_n_items (self->hosts) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XnRemoteHost) host = g_list_model_get_item (self->hosts, i);

      if (g_strcmp0 (xn_remote_host_get_name (host), name) == 0)
        return host;   /* the model keeps it alive */
    }
  return NULL;
}

typedef struct
{
  XnEnterpriseView *self;
  char             *what;   /* "domain (host)" */
} BulkCall;

static void
bulk_finished (XnEnterpriseView *self)
{
  g_autofree char *text = NULL;

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u domain done.%s%s", "%s: %u domains done.%s%s",
                                       self->bulk_done),
                          xn_domain_op_verb (self->bulk_op), self->bulk_done,
                          self->bulk_problems->len ? " " : "", self->bulk_problems->str);
  set_status (self, text, self->bulk_problems->len > 0);
  update_buttons (self);
  xn_enterprise_view_refresh (self);
}

static void
bulk_problem (XnEnterpriseView *self,
              const char       *text)
{
  if (self->bulk_problems->len > 0)
    g_string_append (self->bulk_problems, "; ");
  g_string_append (self->bulk_problems, text);
}

static void
bulk_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  BulkCall *call = data;
  XnEnterpriseView *self = call->self;
  g_autoptr(GError) error = NULL;

  if (xn_host_model_run_finish (XN_HOST_MODEL (source), result, &error))
    self->bulk_done++;
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = NULL;

      text = g_strdup_printf (_("%s refused: %s"), call->what, error->message);
      bulk_problem (self, text);
    }
  if (--self->bulk_outstanding == 0)
    bulk_finished (self);
  g_free (call->what);
  g_free (call);
  g_object_unref (self);
}

/**
 * xn_enterprise_view_run:
 * @self: a #XnEnterpriseView
 * @op: what to do to the chosen group
 *
 * Applies @op to every domain of the chosen enclave or tag, on every
 * connected host, whose state allows it; hosts without the sysadmin role
 * are named in the status instead.  Domain-0 is never touched.
 */
void
xn_enterprise_view_run (XnEnterpriseView *self,
                        XnDomainOp        op)
{
  g_autofree char *name = NULL;
  g_autoptr(GHashTable) refused_hosts = g_hash_table_new (g_str_hash, g_str_equal);
  const char *key;
  guint n;

  g_return_if_fail (XN_IS_ENTERPRISE_VIEW (self));

  if (self->bulk_outstanding > 0 || !chosen_group (self, &key, &name))
    return;
  self->bulk_op = op;
  self->bulk_done = 0;
  g_string_truncate (self->bulk_problems, 0);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  /* Counted first, so that a quick answer cannot finish the batch early. */
  self->bulk_outstanding = 1;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XnLiveRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), i);
      const char *host_name = xn_live_row_get_string (row, "host");
      XnRemoteHost *host;
      BulkCall *call;

      if (g_strcmp0 (xn_live_row_get_string (row, key), name) != 0
          || g_strcmp0 (xn_live_row_get_string (row, "kind"), "root") == 0
          || !xn_domain_op_fits (op, row))
        continue;
      host = host_named (self, host_name);
      if (host == NULL || xn_remote_host_get_state (host) != XN_REMOTE_HOST_CONNECTED
          || !xn_remote_host_has_role (host, "sysadmin"))
        {
          if (g_hash_table_add (refused_hosts, (gpointer) host_name))
            {
              g_autofree char *text = g_strdup_printf (_("%s skipped: no sysadmin role there"), host_name);

              bulk_problem (self, text);
            }
          continue;
        }
      call = g_new0 (BulkCall, 1);
      call->self = g_object_ref (self);
      call->what = g_strdup_printf ("%s (%s)", xn_live_row_get_string (row, "name"), host_name);
      self->bulk_outstanding++;
      xn_host_model_run_async (xn_remote_host_get_model (host), op, xn_live_row_get_string (row, "uuid"),
                               self->cancel, bulk_cb, call);
    }
  set_status (self, _("Working…"), FALSE);
  update_buttons (self);
  if (--self->bulk_outstanding == 0)
    bulk_finished (self);
}

static void
bulk_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  for (guint i = 0; i < G_N_ELEMENTS (bulk_actions); i++)
    if (g_str_equal (bulk_actions[i], action_name))
      xn_enterprise_view_run (XN_ENTERPRISE_VIEW (widget), i);
}

static void
xn_enterprise_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (xn_enterprise_view_parent_class)->map (widget);
  rebuild_rows (XN_ENTERPRISE_VIEW (widget));
}

static void
xn_enterprise_view_dispose (GObject *object)
{
  XnEnterpriseView *self = XN_ENTERPRISE_VIEW (object);

  g_cancellable_cancel (self->cancel);
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  if (self->hosts != NULL)
    g_signal_handlers_disconnect_by_data (self->hosts, self);
  unwatch (self);
  g_clear_object (&self->hosts);
  G_OBJECT_CLASS (xn_enterprise_view_parent_class)->dispose (object);
}

static void
xn_enterprise_view_finalize (GObject *object)
{
  XnEnterpriseView *self = XN_ENTERPRISE_VIEW (object);

  g_clear_object (&self->cancel);
  g_clear_object (&self->rows);
  g_ptr_array_unref (self->watched);
  g_string_free (self->bulk_problems, TRUE);
  g_free (self->status_text);
  G_OBJECT_CLASS (xn_enterprise_view_parent_class)->finalize (object);
}

static void
xn_enterprise_view_class_init (XnEnterpriseViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xn_enterprise_view_dispose;
  object_class->finalize = xn_enterprise_view_finalize;
  widget_class->map = xn_enterprise_view_map;
  g_type_ensure (XN_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/xenonvmm/Manager/ui/xn-enterprise-view.ui");
  gtk_widget_class_bind_template_child (widget_class, XnEnterpriseView, scroller);
  gtk_widget_class_bind_template_child (widget_class, XnEnterpriseView, bar);
  gtk_widget_class_bind_template_child (widget_class, XnEnterpriseView, groups);
  gtk_widget_class_bind_template_child (widget_class, XnEnterpriseView, group_drop);
  gtk_widget_class_bind_template_child (widget_class, XnEnterpriseView, status);
  gtk_widget_class_bind_template_callback (widget_class, group_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, group_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_buttons);
  for (guint i = 0; i < G_N_ELEMENTS (bulk_actions); i++)
    gtk_widget_class_install_action (widget_class, bulk_actions[i], NULL, bulk_action_cb);
  gtk_widget_class_install_action (widget_class, "enterprise.migrate", NULL, migrate_action);
}

static void
xn_enterprise_view_init (XnEnterpriseView *self)
{
  GtkColumnView *table;

  self->cancel = g_cancellable_new ();
  self->watched = g_ptr_array_new_with_free_func (g_object_unref);
  self->bulk_problems = g_string_new (NULL);
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The table is built by the live tables' code, shared with Home. */
  self->rows = g_list_store_new (XN_TYPE_LIVE_ROW);
  table = xn_live_table_new (G_LIST_MODEL (self->rows), FALSE, &self->selection);
  g_signal_connect_swapped (self->selection, "selection-changed", G_CALLBACK (update_buttons), self);
  g_signal_connect_swapped (self->selection, "items-changed", G_CALLBACK (update_buttons), self);
  xn_live_table_add_column (table, _("State"), "state", XN_CELL_STATE, FALSE);
  xn_live_table_add_column (table, _("Host"), "host", XN_CELL_TEXT, FALSE);
  xn_live_table_add_column (table, _("Enclave"), "enclave", XN_CELL_TEXT, TRUE);
  xn_live_table_add_column (table, _("Tag"), "tag", XN_CELL_TEXT, FALSE);
  xn_live_table_add_column (table, _("Profile"), "profile", XN_CELL_TEXT, TRUE);
  xn_live_table_add_column (table, _("Domain"), "name", XN_CELL_TEXT, TRUE);
  xn_live_table_add_column (table, _("Violations"), "violations", XN_CELL_COUNT, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (table), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Domains of every connected host"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), GTK_WIDGET (table));

  xn_ui_name_compound (self->group_drop, _("Enclave or tag"));
  xn_ui_name_for_assistive_technology (self->bar);
  xn_ui_label_hidden_when_empty (self->status);
  update_buttons (self);
}

GtkWidget *
xn_enterprise_view_new (void)
{
  return g_object_new (XN_TYPE_ENTERPRISE_VIEW, NULL);
}

/**
 * xn_enterprise_view_set_hosts:
 * @hosts: (nullable): a list model of #XnRemoteHost
 */
void
xn_enterprise_view_set_hosts (XnEnterpriseView *self,
                              GListModel       *hosts)
{
  g_return_if_fail (XN_IS_ENTERPRISE_VIEW (self));

  if (self->hosts != NULL)
    g_signal_handlers_disconnect_by_data (self->hosts, self);
  g_set_object (&self->hosts, hosts);
  if (hosts != NULL)
    g_signal_connect_swapped (hosts, "items-changed", G_CALLBACK (watch_hosts), self);
  watch_hosts (self);
}

/**
 * xn_enterprise_view_get_rows:
 *
 * Returns: (transfer none): the rows shown, one #XnLiveRow per domain
 *   with its host's name under "host"
 */
GListModel *
xn_enterprise_view_get_rows (XnEnterpriseView *self)
{
  g_return_val_if_fail (XN_IS_ENTERPRISE_VIEW (self), NULL);

  return G_LIST_MODEL (self->rows);
}

/**
 * xn_enterprise_view_get_groups:
 *
 * Returns: (transfer none): the groups offered, as "enclave:NAME" and
 *   "tag:NAME" strings
 */
GListModel *
xn_enterprise_view_get_groups (XnEnterpriseView *self)
{
  g_return_val_if_fail (XN_IS_ENTERPRISE_VIEW (self), NULL);

  return G_LIST_MODEL (self->groups);
}

/**
 * xn_enterprise_view_select_group:
 * @group: "enclave:NAME" or "tag:NAME"
 *
 * Returns: whether @group is offered (and now chosen)
 */
gboolean
xn_enterprise_view_select_group (XnEnterpriseView *self,
                                 const char       *group)
{
  guint n;

  g_return_val_if_fail (XN_IS_ENTERPRISE_VIEW (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->groups));
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->groups, i), group) == 0)
      {
        gtk_drop_down_set_selected (GTK_DROP_DOWN (self->group_drop), i);
        return TRUE;
      }
  return FALSE;
}

/**
 * xn_enterprise_view_is_busy:
 *
 * Returns: whether a bulk action is waiting for hosts
 */
gboolean
xn_enterprise_view_is_busy (XnEnterpriseView *self)
{
  g_return_val_if_fail (XN_IS_ENTERPRISE_VIEW (self), FALSE);

  return self->bulk_outstanding > 0;
}

/**
 * xn_enterprise_view_get_status:
 *
 * Returns: (nullable): the last bulk action's outcome, as shown
 */
const char *
xn_enterprise_view_get_status (XnEnterpriseView *self)
{
  g_return_val_if_fail (XN_IS_ENTERPRISE_VIEW (self), NULL);

  return self->status_text;
}
