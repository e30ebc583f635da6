/* xn-live-view.c: Live mode, one host at a time
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The tabs of seed 000's Live mode (Home, Policy, Policy Violations Log,
 * Current Performance, Performance History, Advanced…) for the host
 * chosen, all through the host's client model (hostd/client/xn-host-model.c),
 * which the daemon's signals keep current.  Every call is asynchronous; a
 * reply that arrives after the host changed is dropped (the cancellable of
 * the old host is cancelled).  Actions the peer's roles do not allow are
 * disabled widget actions, and the daemon's refusal of anything is shown
 * in a toast with its own words.
 *
 * The layout is the template xn-live-view.ui; this file adds only what
 * depends on data: the tables' rows and columns, the facts grids' rows,
 * and the Performance History page, which the performance view owns.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "xn-add-host-dialog.h"
#include "xn-dialogs.h"
#include "xn-enterprise-view.h"
#include "xn-hosts-sidebar.h"
#include "xn-learn-dialog.h"
#include "xn-live-view.h"
#include "xn-migrate-dialog.h"
#include "xn-live-table.h"
#include "xn-perf-view.h"
#include "xn-ui-util.h"
#include "xn-violations-view.h"
#include "xn-wrap-box.h"

/* The tabs, by the names xn_live_view_show_page() takes. */
typedef enum
{
  PAGE_HOME,
  PAGE_POLICY,
  PAGE_VIOLATIONS,
  PAGE_PERFORMANCE,
  PAGE_HISTORY,
  PAGE_ADVANCED,
  PAGE_ENTERPRISE,
  N_PAGES
} XnLivePage;

static const char *const page_names[N_PAGES] = {
  "home", "policy", "violations", "performance", "history", "advanced", "enterprise",
};

struct _XnLiveView
{
  GtkBox             parent_instance;

  XnRemoteHost      *host;
  gulong             state_id;
  gulong             model_error_id;
  XnHost1           *proxy;
  GCancellable      *cancel;
  XnPolicy          *editor_policy;
  XnDocument        *editor_document;
  char              *policy_name;

  /* Template widgets */
  GtkWidget         *status;
  GtkNotebook       *notebook;
  XnHostsSidebar    *sidebar;
  GtkWidget         *add_host;
  GtkWidget         *home_page;
  GtkWidget         *policy_page;
  GtkWidget         *advanced_page;
  GtkWidget         *home_buttons;
  GtkWidget         *audit_buttons;
  GtkWidget         *hardware_scroll;
  GtkWidget         *domains_scroll;
  GtkWidget         *audit_scroll;
  GtkWidget         *archived_scroll;

  GtkWidget         *pages[N_PAGES];  /* typed names for xn_live_view_show_page() */
  GListModel        *hosts;
  XnHostList        *host_list;

  /* Home: the facts, hardware and domains are the host model's
   * (xn-host-model.c); the lists are shown through one-item flatten
   * models so a change of host swaps them. */
  GtkWidget         *facts;
  GListStore        *hardware;     /* of GListModel: the host's devices */
  GListStore        *domains;      /* of GListModel: the host's domains */
  GtkSelectionModel *domains_sel;
  char              *kept_uuid;    /* the domain selected, across refreshes */
  GtkWidget         *lifecycle[XN_N_DOMAIN_OPS];  /* template buttons, by XnDomainOp */

  /* Policy */
  GtkWidget         *policy_facts;
  GtkTextBuffer     *policy_diff;
  GBytes            *running_document;

  /* Advanced */
  GListStore        *audit;        /* of GListModel: the host's audit log */
  GListModel        *audit_rows;   /* what the audit table shows */
  GtkWidget         *audit_stack;  /* the table or why it is empty */
  gulong             model_audit_id;
  gulong             model_info_id;
  gulong             model_policy_id;
  GtkWidget         *chain;
  GtkWidget         *guard;
  GListStore        *archived;     /* of XnLiveRow: cleared violations */
  GtkWidget         *archived_stack;
  GtkWidget         *archived_note;
  guint64            archived_last;
  guint              archived_busy : 1;

  XnViolationsView  *violations;
  XnPerfView        *perf;
  XnEnterpriseView  *enterprise;
};

G_DEFINE_FINAL_TYPE (XnLiveView, xn_live_view, GTK_TYPE_BOX)

enum { PROP_0, PROP_TITLE, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* The lifecycle buttons' widget actions, in XnDomainOp's order. */
static const char *const op_actions[XN_N_DOMAIN_OPS] = {
  "domain.start", "domain.shut-down", "domain.pause", "domain.unpause", "domain.destroy",
};

/* Their buttons' ids in xn-live-view.ui, in the same order. */
static const char *const op_buttons[XN_N_DOMAIN_OPS] = {
  "start", "shut_down", "pause", "unpause", "destroy",
};

static void refresh_home (XnLiveView *self);
static void update_audit_empty (XnLiveView *self);
static void refresh_advanced (XnLiveView *self);

/* Messages */

/**
 * xn_live_view_show_message:
 * @from: the live view or any widget inside it
 *
 * Shows @text as a toast over the window (a refusal, a failure, a
 * result); errors and warnings go first and stay longer.
 */
void
xn_live_view_show_message (GtkWidget      *from,
                           GtkMessageType  type,
                           const char     *text)
{
  xn_ui_toast (from, text, type == GTK_MESSAGE_ERROR || type == GTK_MESSAGE_WARNING);
}

/**
 * xn_live_view_report_error:
 * @from: the live view or any widget inside it
 * @what: what failed, e.g. "Domains"
 *
 * Shows a failed call as "@what: the daemon's message" (the D-Bus error
 * name stripped); a cancelled call (the host changed) says nothing.
 */
void
xn_live_view_report_error (GtkWidget  *from,
                           const char *what,
                           GError     *error)
{
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_dbus_error_strip_remote_error (error);
  text = g_strdup_printf ("%s: %s", what, error->message);
  xn_live_view_show_message (from, GTK_MESSAGE_ERROR, text);
}


/* Title and status */

char *
xn_live_view_dup_title (XnLiveView *self)
{
  const char *host = self->host != NULL ? xn_remote_host_get_name (self->host) : _("no host");

  /* TRANSLATORS: the window title in Live mode, as the seed shows it:
   * "localhost – LIVE MODE – xenon-enterprise-demo" */
  return g_strdup_printf (_("%s – LIVE MODE – %s"), host,
                          self->policy_name != NULL && *self->policy_name ? self->policy_name
                                                                          : _("no policy"));
}

static const char *
state_text (XnRemoteHostState state)
{
  switch (state)
    {
    case XN_REMOTE_HOST_CONNECTING: return _("connecting…");
    case XN_REMOTE_HOST_CONNECTED: return _("connected");
    case XN_REMOTE_HOST_FAILED: return _("connection failed");
    case XN_REMOTE_HOST_UNKNOWN_KEY: return _("unknown host key");
    case XN_REMOTE_HOST_CHANGED_KEY: return _("HOST KEY CHANGED");
    case XN_REMOTE_HOST_DISCONNECTED:
    default: return _("disconnected");
    }
}

static void
update_status (XnLiveView *self)
{
  g_autofree char *text = NULL;
  XnRemoteHostState state = self->host ? xn_remote_host_get_state (self->host) : XN_REMOTE_HOST_DISCONNECTED;
  const char *message = self->host ? xn_remote_host_get_message (self->host) : NULL;
  g_autofree char *roles = NULL;

  if (self->host == NULL)
    text = g_strdup (_("No host. Live mode shows a Xenon host once one is connected."));
  else
    {
      const char *const *r = xn_remote_host_get_roles (self->host);

      roles = r != NULL && r[0] != NULL ? g_strjoinv (", ", (char **) r) : g_strdup (_("none"));
      if (state == XN_REMOTE_HOST_CONNECTED)
        text = g_strdup_printf (_("%s — %s — your roles: %s"), xn_remote_host_get_name (self->host),
                                state_text (state), roles);
      else
        text = g_strdup_printf ("%s — %s%s%s", xn_remote_host_get_name (self->host), state_text (state),
                                message ? ": " : "", message ? message : "");
    }
  gtk_label_set_text (GTK_LABEL (self->status), text);
  for (const char *const *c = (const char *const[]) { "state-running", "state-crashed", "state-paused", NULL }; *c; c++)
    gtk_widget_remove_css_class (self->status, *c);
  gtk_widget_add_css_class (self->status,
                            state == XN_REMOTE_HOST_CONNECTED ? "state-running"
                            : state == XN_REMOTE_HOST_CONNECTING ? "state-paused" : "state-crashed");
}

/* Home */

static void
add_fact (GtkGrid    *grid,
          int         row,
          const char *name,
          const char *value)
{
  GtkWidget *k = gtk_label_new (name);
  GtkWidget *v = gtk_label_new (value);

  gtk_label_set_xalign (GTK_LABEL (k), 1);
  gtk_widget_add_css_class (k, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (v), 0);
  gtk_label_set_selectable (GTK_LABEL (v), TRUE);
  xn_ui_label_not_tab_stop (v);
  gtk_label_set_wrap (GTK_LABEL (v), TRUE);
  gtk_grid_attach (grid, k, 0, row, 1, 1);
  gtk_grid_attach (grid, v, 1, row, 1, 1);
}

static void
clear_grid (GtkWidget *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (grid)) != NULL)
    gtk_grid_remove (GTK_GRID (grid), child);
}

/* The host's facts, as its model last read them. */
static void
show_facts (XnLiveView *self)
{
  GVariant *info = self->host != NULL ? xn_host_model_get_info (xn_remote_host_get_model (self->host)) : NULL;
  g_autoptr(GVariantDict) d = NULL;
  g_autofree char *mem = NULL, *free_mem = NULL, *memory = NULL, *cpus = NULL;
  const char *s;
  gboolean guard = FALSE;
  guint64 kib = 0, free_kib = 0;
  guint32 ncpu = 0;
  int row = 0;

  if (info == NULL)
    {
      /* Facts of a host we no longer hear from would mislead. */
      clear_grid (self->facts);
      return;
    }
  d = g_variant_dict_new (info);
  clear_grid (self->facts);
  if (g_variant_dict_lookup (d, "hostname", "&s", &s))
    add_fact (GTK_GRID (self->facts), row++, _("Host"), s);
  if (g_variant_dict_lookup (d, "hypervisor", "&s", &s))
    add_fact (GTK_GRID (self->facts), row++, _("Hypervisor"), s);
  g_variant_dict_lookup (d, "guard", "b", &guard);
  if (!g_variant_dict_lookup (d, "guard-message", "&s", &s))
    s = "";
  {
    g_autofree char *g = g_strdup_printf ("%s — %s", guard ? _("enforcing hypercalls") : _("not available"), s);
    add_fact (GTK_GRID (self->facts), row++, _("Hypercall guard"), g);
  }
  g_variant_dict_lookup (d, "cpus", "u", &ncpu);
  cpus = g_strdup_printf ("%u", ncpu);
  add_fact (GTK_GRID (self->facts), row++, _("CPUs"), cpus);
  g_variant_dict_lookup (d, "memory-kib", "t", &kib);
  g_variant_dict_lookup (d, "free-memory-kib", "t", &free_kib);
  mem = g_format_size_full (kib * 1024, G_FORMAT_SIZE_IEC_UNITS);
  free_mem = g_format_size_full (free_kib * 1024, G_FORMAT_SIZE_IEC_UNITS);
  memory = g_strdup_printf (_("%s (%s free)"), mem, free_mem);
  add_fact (GTK_GRID (self->facts), row++, _("Memory"), memory);
  if (g_variant_dict_lookup (d, "daemon-version", "&s", &s))
    add_fact (GTK_GRID (self->facts), row++, _("Daemon"), s);
}

static XnLiveRow *
selected_domain (XnLiveView *self)
{
  GtkSingleSelection *sel = GTK_SINGLE_SELECTION (self->domains_sel);

  return gtk_single_selection_get_selected_item (sel);
}

static void
update_lifecycle (XnLiveView *self)
{
  XnLiveRow *row = selected_domain (self);
  gboolean may = self->host != NULL && xn_remote_host_has_role (self->host, "sysadmin")
                 && self->proxy != NULL;
  const char *why = !may ? _("Lifecycle actions need the sysadmin role") : NULL;

  for (guint i = 0; i < XN_N_DOMAIN_OPS; i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), op_actions[i], may && xn_domain_op_fits (i, row));
  for (guint i = 0; i < G_N_ELEMENTS (self->lifecycle); i++)
    gtk_widget_set_tooltip_text (self->lifecycle[i], why);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "domain.migrate", xn_migrate_dialog_can_migrate (self->host, row));
  /* Reading what a domain did is a monitor's right; Domain-0 is never
   * guarded, so it has nothing to learn. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "domain.propose-profile",
                                 self->proxy != NULL && row != NULL
                                 && xn_live_row_get_number (row, "domid") != 0
                                 && xn_remote_host_has_role (self->host, "monitor"));
}

static void
migrate_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  XnLiveView *self = XN_LIVE_VIEW (widget);
  XnLiveRow *row = selected_domain (self);

  if (xn_migrate_dialog_can_migrate (self->host, row))
    xn_migrate_dialog_present (GTK_WIDGET (self), self->host, self->hosts, row);
}

static void
propose_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  XnLiveView *self = XN_LIVE_VIEW (widget);
  XnLiveRow *row = selected_domain (self);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (row == NULL || self->proxy == NULL)
    return;
  xn_learn_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, xn_remote_host_get_model (self->host),
                       xn_live_row_get_string (row, "uuid"), xn_live_row_get_string (row, "name"),
                       self->editor_document);
}

/* A reordering refresh may drop the selection; put it back on the same
 * domain. In-place updates keep it by themselves. */
static void
domains_changed_cb (XnLiveView *self)
{
  GListModel *shown = G_LIST_MODEL (self->domains_sel);
  XnLiveRow *row = selected_domain (self);

  if (row == NULL && self->kept_uuid != NULL)
    for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
      {
        g_autoptr(XnLiveRow) r = g_list_model_get_item (shown, i);

        if (g_str_equal (xn_live_row_get_string (r, "uuid"), self->kept_uuid))
          {
            gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (self->domains_sel), i);
            break;
          }
      }
  update_lifecycle (self);
}

static void
domain_selected_cb (XnLiveView *self)
{
  XnLiveRow *row = selected_domain (self);

  if (row != NULL)
    {
      g_free (self->kept_uuid);
      self->kept_uuid = g_strdup (xn_live_row_get_string (row, "uuid"));
    }
  update_lifecycle (self);
}

typedef struct
{
  XnLiveView *self;
  char       *name;
  XnDomainOp  op;
} OpData;

static void
op_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  OpData *op = data;
  g_autoptr(GError) error = NULL;

  if (!xn_host_model_run_finish (XN_HOST_MODEL (source), result, &error))
    {
      /* TRANSLATORS: "Shut down web1 refused" */
      g_autofree char *what = g_strdup_printf (_("%s %s refused"), xn_domain_op_verb (op->op), op->name);

      xn_live_view_report_error (GTK_WIDGET (op->self), what, error);
    }
  /* The model reads the domains and the host's facts again by itself. */
  g_object_unref (op->self);
  g_free (op->name);
  g_free (op);
}

static void
run_op (XnLiveView *self,
        XnDomainOp  which)
{
  XnLiveRow *row = selected_domain (self);
  OpData *op;

  if (row == NULL || self->host == NULL)
    return;
  op = g_new0 (OpData, 1);
  op->self = g_object_ref (self);
  op->name = g_strdup (xn_live_row_get_string (row, "name"));
  op->op = which;
  xn_host_model_run_async (xn_remote_host_get_model (self->host), which, xn_live_row_get_string (row, "uuid"),
                           self->cancel, op_done_cb, op);
}

static void
destroy_confirmed (GtkWindow *parent,
                   int        response,
                   gpointer   data)
{
  XnLiveView *self = data;

  if (response == GTK_RESPONSE_ACCEPT)
    run_op (self, XN_DOMAIN_OP_DESTROY);
  g_object_unref (self);
}

static void
lifecycle_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  XnLiveView *self = XN_LIVE_VIEW (widget);
  XnLiveRow *row = selected_domain (self);
  XnDomainOp which = XN_DOMAIN_OP_START;

  while (which < XN_N_DOMAIN_OPS && !g_str_equal (op_actions[which], action_name))
    which++;
  g_return_if_fail (which < XN_N_DOMAIN_OPS);

  if (which == XN_DOMAIN_OP_DESTROY && row != NULL)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      g_autofree char *question = g_strdup_printf (_("Destroy %s?"), xn_live_row_get_string (row, "name"));

      xn_dialogs_confirm (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, question,
                          _("The domain stops at once, without shutting down."),
                          _("_Destroy"), XN_CONFIRM_DESTRUCTIVE, destroy_confirmed, g_object_ref (self));
      return;
    }
  run_op (self, which);
}

static void
refresh_home (XnLiveView *self)
{
  if (self->host != NULL)
    xn_host_model_refresh (xn_remote_host_get_model (self->host));
}

/* Policy */

static void
update_policy_diff (XnLiveView *self)
{
  g_autoptr(XnPolicy) running = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) diff = NULL;
  g_autofree char *text = NULL;

  if (self->running_document == NULL || g_bytes_get_size (self->running_document) == 0)
    {
      gtk_text_buffer_set_text (self->policy_diff, _("This host runs no policy yet."), -1);
      return;
    }
  if (self->editor_policy == NULL)
    {
      gtk_text_buffer_set_text (self->policy_diff, _("No document is open in the Policy Editor."), -1);
      return;
    }
  running = xn_policy_load_bytes (self->running_document, _("running policy"), &error);
  if (running == NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("The running policy cannot be read: %s"), error->message);

      gtk_text_buffer_set_text (self->policy_diff, msg, -1);
      return;
    }
  diff = xn_diff_policies (running, self->editor_policy);
  if (g_list_model_get_n_items (diff) == 0)
    {
      gtk_text_buffer_set_text (self->policy_diff, _("The document in the editor is the running policy."), -1);
      return;
    }
  text = xn_diff_format (diff);
  gtk_text_buffer_set_text (self->policy_diff, text, -1);
}

/* The policy in force, as the host model last read it. */
static void
show_policy (XnLiveView *self)
{
  GVariant *policy = self->host != NULL ? xn_host_model_get_policy (xn_remote_host_get_model (self->host)) : NULL;
  g_autoptr(GVariant) document = NULL;
  g_autofree char *serial_text = NULL, *applied_text = NULL;
  const char *name = "", *signer = "";
  guint64 serial = 0;
  gint64 applied = 0;
  int row = 0;

  if (policy != NULL)
    g_variant_get (policy, "(t&s&sx@ay)", &serial, &name, &signer, &applied, &document);
  g_free (self->policy_name);
  self->policy_name = policy != NULL ? g_strdup (name) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  g_clear_pointer (&self->running_document, g_bytes_unref);
  if (document != NULL)
    self->running_document = g_variant_get_data_as_bytes (document);

  clear_grid (self->policy_facts);
  if (policy != NULL)
    {
      serial_text = g_strdup_printf ("%" G_GUINT64_FORMAT, serial);
      applied_text = xn_live_format (g_variant_new_int64 (applied), XN_CELL_TIME);
      add_fact (GTK_GRID (self->policy_facts), row++, _("Policy"), serial != 0 ? name : _("none"));
      add_fact (GTK_GRID (self->policy_facts), row++, _("Serial"), serial_text);
      add_fact (GTK_GRID (self->policy_facts), row++, _("Signed by"),
                *signer ? signer : _("(unsigned: the simulated host's own policy)"));
      add_fact (GTK_GRID (self->policy_facts), row++, _("Applied"), applied != 0 ? applied_text : "");
    }
  update_policy_diff (self);
}

/* Advanced */

static void
verify_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(XnLiveView) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = xn_host_model_reply_finish (XN_HOST_MODEL (source), result, &error);
  g_autofree char *text = NULL;
  const char *message = NULL;
  gboolean ok = FALSE;
  guint64 rows = 0;

  if (reply == NULL)
    {
      xn_live_view_report_error (GTK_WIDGET (self), _("Audit chain check"), error);
      return;
    }
  g_variant_get (reply, "(bt&s)", &ok, &rows, &message);
  if (ok)
    text = g_strdup_printf (_("✓ Audit chain intact: %" PRIu64 " rows, each linked to the one before by SHA-256."), (uint64_t) rows);
  else
    text = g_strdup_printf (_("✗ Audit chain BROKEN: %s"), message);
  gtk_label_set_text (GTK_LABEL (self->chain), text);
  gtk_widget_remove_css_class (self->chain, ok ? "error" : "success");
  gtk_widget_add_css_class (self->chain, ok ? "success" : "error");
}

static void
guard_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  g_autoptr(XnLiveView) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = xn_host_model_reply_finish (XN_HOST_MODEL (source), result, &error);
  g_autoptr(GVariant) stats = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  GVariantIter iter;
  const char *key;
  GVariant *value;

  if (reply == NULL)
    {
      xn_live_view_report_error (GTK_WIDGET (self), _("Guard statistics"), error);
      return;
    }
  stats = g_variant_get_child_value (reply, 0);
  g_variant_iter_init (&iter, stats);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      g_autofree char *v = g_variant_print (value, FALSE);

      g_string_append_printf (text, "%s%s: %s", text->len ? "   " : "", key, v);
      g_variant_unref (value);
    }
  gtk_label_set_text (GTK_LABEL (self->guard), text->str);
}

/* Cleared violations: read page by page from the first, newest shown
 * first, up to ARCHIVED_SHOWN rows (the note says when more remain). */
#define ARCHIVED_PAGE 1000
#define ARCHIVED_SHOWN 10000

static void fetch_archived (XnLiveView *self);

static void
update_archived_empty (XnLiveView *self,
                       gboolean    more)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->archived));
  g_autofree char *note = NULL;

  if (n > 0)
    xn_ui_empty_stack_show (self->archived_stack, NULL, NULL);
  else
    xn_ui_empty_stack_show (self->archived_stack, _("No cleared violations"),
                            _("Violations a security administrator clears are kept and listed here."));
  if (more)
    note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "The oldest %u cleared violation is shown; more are kept on the host.",
                                         "The oldest %u cleared violations are shown; more are kept on the host.", n), n);
  else
    note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u cleared violation, kept for audit.",
                                         "%u cleared violations, kept for audit.", n), n);
  gtk_label_set_text (GTK_LABEL (self->archived_note), note);
}

static void
archived_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(XnLiveView) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  guint64 last = 0;
  gboolean more = FALSE;

  self->archived_busy = FALSE;
  items = xn_host_model_read_archived_finish (XN_HOST_MODEL (source), result, &last, &more, &error);
  if (items == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *why = NULL;

          g_dbus_error_strip_remote_error (error);
          why = g_strdup_printf (_("Cleared violations cannot be read: %s"), error->message);
          gtk_label_set_text (GTK_LABEL (self->archived_note), why);
        }
      return;
    }
  /* Newest first, like the audit log above. */
  if (items->len > 0)
    g_list_store_splice (self->archived, 0, 0, items->pdata, items->len);
  self->archived_last = MAX (self->archived_last, last);
  more = more && g_list_model_get_n_items (G_LIST_MODEL (self->archived)) < ARCHIVED_SHOWN;
  if (more)
    fetch_archived (self);
  else
    update_archived_empty (self, g_list_model_get_n_items (G_LIST_MODEL (self->archived)) >= ARCHIVED_SHOWN);
}

static void
fetch_archived (XnLiveView *self)
{
  if (self->proxy == NULL || self->archived_busy)
    return;
  self->archived_busy = TRUE;
  xn_host_model_read_archived_async (xn_remote_host_get_model (self->host), self->archived_last, ARCHIVED_PAGE,
                                     self->cancel, archived_cb, g_object_ref (self));
}

static void
refresh_advanced (XnLiveView *self)
{
  if (self->proxy == NULL)
    return;
  xn_host_model_refresh (xn_remote_host_get_model (self->host));
  xn_host_model_read_guard_statistics_async (xn_remote_host_get_model (self->host), self->cancel, guard_cb,
                                             g_object_ref (self));
  fetch_archived (self);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  refresh_advanced (XN_LIVE_VIEW (widget));
}

static void
verify_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  XnLiveView *self = XN_LIVE_VIEW (widget);

  if (self->proxy != NULL)
    xn_host_model_verify_audit_async (xn_remote_host_get_model (self->host), self->cancel, verify_cb,
                                      g_object_ref (self));
}

/* The host */

static void
model_error_cb (XnLiveView *self)
{
  const char *error = xn_host_model_get_error (xn_remote_host_get_model (self->host));

  if (error != NULL)
    xn_live_view_show_message (GTK_WIDGET (self), GTK_MESSAGE_ERROR, error);
}

static void
detach_proxy (XnLiveView *self)
{
  if (self->cancel != NULL)
    g_cancellable_cancel (self->cancel);
  g_clear_object (&self->cancel);
  /* Another host's, or the same one's after a reconnect: read afresh. */
  self->archived_busy = FALSE;
  self->archived_last = 0;
  if (self->archived != NULL)
    g_list_store_remove_all (self->archived);
  if (self->archived_note != NULL)
    gtk_label_set_text (GTK_LABEL (self->archived_note), _("Cleared violations have not been read yet."));
  g_clear_object (&self->proxy);
}

/**
 * xn_live_view_refresh:
 *
 * Asks the host again for everything the tabs show.
 */
void
xn_live_view_refresh (XnLiveView *self)
{
  refresh_home (self);   /* the host model: domains, facts, hardware, policy */
  refresh_advanced (self);
}

static void
host_state_cb (XnRemoteHost *host,
               GParamSpec   *pspec,
               XnLiveView   *self)
{
  XnHost1 *proxy = xn_remote_host_get_state (host) == XN_REMOTE_HOST_CONNECTED
                   ? xn_remote_host_get_proxy (host) : NULL;

  update_status (self);
  if (proxy == self->proxy)
    return;
  detach_proxy (self);
  /* Facts of a host we no longer hear from would mislead: its model
   * empties itself. */
  if (proxy != NULL)
    {
      self->proxy = g_object_ref (proxy);
      self->cancel = g_cancellable_new ();
      xn_live_view_refresh (self);
    }
  update_lifecycle (self);
}

/**
 * xn_live_view_set_host:
 * @host: (nullable): the host to show
 */
void
xn_live_view_set_host (XnLiveView   *self,
                       XnRemoteHost *host)
{
  g_return_if_fail (XN_IS_LIVE_VIEW (self));

  if (self->host == host)
    return;
  detach_proxy (self);
  if (self->host != NULL)
    {
      g_clear_signal_handler (&self->state_id, self->host);
      g_clear_signal_handler (&self->model_error_id, xn_remote_host_get_model (self->host));
      g_clear_signal_handler (&self->model_audit_id, xn_remote_host_get_model (self->host));
      g_clear_signal_handler (&self->model_info_id, xn_remote_host_get_model (self->host));
      g_clear_signal_handler (&self->model_policy_id, xn_remote_host_get_model (self->host));
    }
  g_set_object (&self->host, host);
  g_clear_pointer (&self->policy_name, g_free);
  g_clear_pointer (&self->kept_uuid, g_free);
  g_list_store_remove_all (self->hardware);
  g_list_store_remove_all (self->domains);
  g_list_store_remove_all (self->audit);
  if (host != NULL)
    {
      XnHostModel *model = xn_remote_host_get_model (host);

      g_list_store_append (self->domains, xn_host_model_get_domains (model));
      g_list_store_append (self->hardware, xn_host_model_get_hardware (model));
      g_list_store_append (self->audit, xn_host_model_get_audit (model));
      self->model_error_id = g_signal_connect_swapped (model, "notify::error", G_CALLBACK (model_error_cb), self);
      self->model_audit_id = g_signal_connect_swapped (model, "notify::audit-loaded",
                                                       G_CALLBACK (update_audit_empty), self);
      self->model_info_id = g_signal_connect_swapped (model, "notify::info", G_CALLBACK (show_facts), self);
      self->model_policy_id = g_signal_connect_swapped (model, "notify::policy", G_CALLBACK (show_policy), self);
    }
  show_facts (self);
  show_policy (self);
  if (host != NULL)
    {
      self->state_id = g_signal_connect (host, "notify::state", G_CALLBACK (host_state_cb), self);
      host_state_cb (host, NULL, self);
    }
  /* Shown alone, a host still appears in the Hosts tree. */
  if (self->hosts == NULL)
    {
      g_autoptr(GListStore) one = g_list_store_new (XN_TYPE_REMOTE_HOST);

      if (host != NULL)
        g_list_store_append (one, host);
      xn_hosts_sidebar_set_hosts (self->sidebar, G_LIST_MODEL (one));
      xn_enterprise_view_set_hosts (self->enterprise, G_LIST_MODEL (one));
    }
  xn_hosts_sidebar_set_current (self->sidebar, host);
  update_audit_empty (self);
  update_status (self);
  xn_violations_view_set_host (self->violations, host);
  xn_perf_view_set_host (self->perf, host);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/**
 * xn_live_view_set_hosts:
 * @hosts: (nullable): a list model of #XnRemoteHost: every managed host,
 *   shown in the Hosts tree
 */
void
xn_live_view_set_hosts (XnLiveView *self,
                        GListModel *hosts)
{
  g_return_if_fail (XN_IS_LIVE_VIEW (self));

  g_set_object (&self->hosts, hosts);
  xn_hosts_sidebar_set_hosts (self->sidebar, hosts);
  xn_enterprise_view_set_hosts (self->enterprise, hosts);
  if (self->host == NULL && hosts != NULL && g_list_model_get_n_items (hosts) > 0)
    {
      g_autoptr(XnRemoteHost) first = g_list_model_get_item (hosts, 0);

      xn_live_view_set_host (self, first);
    }
}

/* (transfer none) (nullable): every managed host */
GListModel *
xn_live_view_get_hosts (XnLiveView *self)
{
  g_return_val_if_fail (XN_IS_LIVE_VIEW (self), NULL);

  return self->hosts;
}

/* (transfer none) */
XnHostsSidebar *
xn_live_view_get_sidebar (XnLiveView *self)
{
  return self->sidebar;
}

XnRemoteHost *
xn_live_view_get_host (XnLiveView *self)
{
  g_return_val_if_fail (XN_IS_LIVE_VIEW (self), NULL);

  return self->host;
}

/**
 * xn_live_view_set_editor_document:
 * @document: (nullable): the document open in the editor, for the Policy
 *   tab's comparison and for applying a proposed profile
 */
void
xn_live_view_set_editor_document (XnLiveView *self,
                                  XnDocument *document)
{
  XnPolicy *policy = document != NULL ? xn_document_get_policy (document) : NULL;

  g_return_if_fail (XN_IS_LIVE_VIEW (self));

  g_set_object (&self->editor_document, document);
  g_set_object (&self->editor_policy, policy);
  update_policy_diff (self);
}

/**
 * xn_live_view_show_page:
 * @name: "home", "policy", "violations", "performance", "history",
 *   "advanced" or "enterprise"
 */
void
xn_live_view_show_page (XnLiveView *self,
                        const char *name)
{
  g_return_if_fail (XN_IS_LIVE_VIEW (self));

  for (guint i = 0; i < N_PAGES; i++)
    if (g_strcmp0 (page_names[i], name) == 0)
      gtk_notebook_set_current_page (self->notebook, gtk_notebook_page_num (self->notebook, self->pages[i]));
}

/* Hosts */

static void
add_host_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  XnLiveView *self = XN_LIVE_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->host_list != NULL)
    gtk_window_present (GTK_WINDOW (xn_add_host_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                            self->host_list)));
}

/**
 * xn_live_view_remove_host:
 * @host: a host of the hosts file
 * @error: return location for an error
 *
 * Stops managing @host: it leaves the hosts file (saved at once) and is
 * disconnected; its key stays in the known-hosts file.
 *
 * Returns: whether it was removed
 */
gboolean
xn_live_view_remove_host (XnLiveView    *self,
                          XnRemoteHost  *host,
                          GError       **error)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (XN_IS_LIVE_VIEW (self), FALSE);
  g_return_val_if_fail (XN_IS_REMOTE_HOST (host), FALSE);

  if (self->host_list == NULL || xn_host_list_lookup (self->host_list, xn_remote_host_get_name (host)) != host)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("Host “%s” is not one of the hosts file's"), xn_remote_host_get_name (host));
      return FALSE;
    }
  name = g_strdup (xn_remote_host_get_name (host));
  if (self->host == host)
    xn_live_view_set_host (self, NULL);
  return xn_host_list_remove (self->host_list, name, error);
}

typedef struct
{
  XnLiveView   *self;
  XnRemoteHost *host;
} RemoveRequest;

static void
remove_confirmed (GtkWindow *parent,
                  int        response,
                  gpointer   data)
{
  RemoveRequest *req = data;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT && !xn_live_view_remove_host (req->self, req->host, &error))
    xn_live_view_report_error (GTK_WIDGET (req->self), _("Remove host"), error);
  g_object_unref (req->self);
  g_object_unref (req->host);
  g_free (req);
}

static void
remove_requested_cb (XnHostsSidebar *sidebar,
                     XnRemoteHost   *host,
                     XnLiveView     *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  RemoveRequest *req = g_new0 (RemoveRequest, 1);
  g_autofree char *question = g_strdup_printf (_("Stop managing %s?"), xn_remote_host_get_name (host));

  req->self = g_object_ref (self);
  req->host = g_object_ref (host);
  xn_dialogs_confirm (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, question,
                      _("The host leaves the hosts file and is disconnected. "
                        "Nothing changes on the host; its key stays known."),
                      _("_Remove"), XN_CONFIRM_DESTRUCTIVE, remove_confirmed, req);
}

/**
 * xn_live_view_set_host_list:
 * @list: (nullable): the hosts file's list, where Add Host… adds
 */
void
xn_live_view_set_host_list (XnLiveView *self,
                            XnHostList *list)
{
  g_return_if_fail (XN_IS_LIVE_VIEW (self));

  g_set_object (&self->host_list, list);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hosts.add", list != NULL);
  xn_hosts_sidebar_set_host_list (self->sidebar, list);
}

static void
update_audit_empty (XnLiveView *self)
{
  XnHostModel *model = self->host != NULL ? xn_remote_host_get_model (self->host) : NULL;

  if (g_list_model_get_n_items (self->audit_rows) > 0)
    xn_ui_empty_stack_show (self->audit_stack, NULL, NULL);
  else if (model == NULL || !xn_host_model_get_audit_loaded (model))
    xn_ui_empty_stack_show (self->audit_stack, _("The audit log has not been read yet"),
                            _("It is read when the host connects (reading it needs the monitor role)."));
  else
    xn_ui_empty_stack_show (self->audit_stack, _("No administrative acts yet"),
                            _("Pushes, lifecycle acts and refusals on this host are listed here as they happen."));
}

/**
 * xn_live_view_get_audit_empty_title:
 *
 * Returns: (nullable): the title shown in place of an empty audit log
 */
const char *
xn_live_view_get_audit_empty_title (XnLiveView *self)
{
  return xn_ui_empty_stack_get_title (self->audit_stack);
}

/* Construction: what depends on data.  The tables' cells come from
 * xn_live_table_add_column(), a factory per kind of cell, so their
 * columns are added here rather than in the template. */

static void
add_home_tables (XnLiveView *self)
{
  GtkColumnView *hw, *doms;

  self->hardware = g_list_store_new (G_TYPE_LIST_MODEL);
  {
    g_autoptr(GtkFlattenListModel) flat = gtk_flatten_list_model_new (g_object_ref (G_LIST_MODEL (self->hardware)));

    hw = xn_live_table_new (G_LIST_MODEL (flat), FALSE, NULL);
  }
  xn_live_table_add_column (hw, _("Class"), "class", XN_CELL_TEXT, FALSE);
  xn_live_table_add_column (hw, _("Device"), "name", XN_CELL_TEXT, TRUE);
  xn_live_table_add_column (hw, _("BDF"), "bdf", XN_CELL_TEXT, FALSE);
  xn_live_table_add_column (hw, _("Interface"), "ifname", XN_CELL_TEXT, FALSE);
  xn_live_table_add_column (hw, _("MAC"), "mac", XN_CELL_TEXT, FALSE);
  xn_live_table_add_column (hw, _("Enclave"), "enclave", XN_CELL_TEXT, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (hw), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Hardware"), -1);
  gtk_widget_set_size_request (GTK_WIDGET (hw), -1, 150);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->hardware_scroll), GTK_WIDGET (hw));

  self->domains = g_list_store_new (G_TYPE_LIST_MODEL);
  {
    g_autoptr(GtkFlattenListModel) flat = gtk_flatten_list_model_new (g_object_ref (G_LIST_MODEL (self->domains)));

    doms = xn_live_table_new (G_LIST_MODEL (flat), FALSE, &self->domains_sel);
  }
  xn_live_table_add_column (doms, _("State"), "state", XN_CELL_STATE, FALSE);
  xn_live_table_add_column (doms, _("Domain"), "name", XN_CELL_TEXT, TRUE);
  xn_live_table_add_column (doms, _("Enclave"), "enclave", XN_CELL_TEXT, TRUE);
  xn_live_table_add_column (doms, _("Tag"), "tag", XN_CELL_TEXT, FALSE);
  xn_live_table_add_column (doms, _("Profile"), "profile", XN_CELL_TEXT, TRUE);
  xn_live_table_add_column (doms, _("Memory"), "memory-kib", XN_CELL_KIB, FALSE);
  xn_live_table_add_column (doms, _("vCPUs"), "vcpus", XN_CELL_COUNT, FALSE);
  xn_live_table_add_column (doms, _("Violations"), "violations", XN_CELL_COUNT, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (doms), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Domains"), -1);
  g_signal_connect_swapped (self->domains_sel, "selection-changed", G_CALLBACK (domain_selected_cb), self);
  g_signal_connect_swapped (self->domains_sel, "items-changed", G_CALLBACK (domains_changed_cb), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->domains_scroll), GTK_WIDGET (doms));
}

static void
add_advanced_tables (XnLiveView *self)
{
  GtkColumnView *audit, *table;

  self->audit = g_list_store_new (G_TYPE_LIST_MODEL);
  self->audit_rows = G_LIST_MODEL (gtk_flatten_list_model_new (g_object_ref (G_LIST_MODEL (self->audit))));
  audit = xn_live_table_new (self->audit_rows, FALSE, NULL);
  xn_live_table_add_column (audit, _("Seq"), "seq", XN_CELL_COUNT, FALSE);
  xn_live_table_add_column (audit, _("When"), "time", XN_CELL_TIME, FALSE);
  xn_live_table_add_column (audit, _("Who"), "user", XN_CELL_TEXT, FALSE);
  xn_live_table_add_column (audit, _("Action"), "action", XN_CELL_TEXT, FALSE);
  xn_live_table_add_column (audit, _("Object"), "target", XN_CELL_TEXT, TRUE);
  xn_live_table_add_column (audit, _("Result"), "result", XN_CELL_TEXT, FALSE);
  xn_live_table_add_column (audit, _("Detail"), "detail", XN_CELL_TEXT, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (audit), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Audit log"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->audit_scroll), GTK_WIDGET (audit));
  g_signal_connect_swapped (self->audit_rows, "items-changed", G_CALLBACK (update_audit_empty), self);

  self->archived = g_list_store_new (XN_TYPE_LIVE_ROW);
  table = xn_live_table_new (G_LIST_MODEL (self->archived), FALSE, NULL);
  xn_live_table_add_column (table, _("Seq"), "seq", XN_CELL_COUNT, FALSE);
  xn_live_table_add_column (table, _("When"), "time", XN_CELL_TIME, FALSE);
  xn_live_table_add_column (table, _("Domain"), "domain", XN_CELL_TEXT, FALSE);
  xn_live_table_add_column (table, _("Reason"), "reason", XN_CELL_TEXT, FALSE);
  xn_live_table_add_column (table, _("Detail"), "info", XN_CELL_TEXT, TRUE);
  xn_live_table_add_column (table, _("Status"), "viewed", XN_CELL_VIEWED, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (table), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Cleared violations"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->archived_scroll), GTK_WIDGET (table));
  xn_ui_empty_stack_show (self->archived_stack, _("Cleared violations have not been read yet"),
                          _("They are read when the host connects (reading them needs the monitor role)."));
}

static void
xn_live_view_dispose (GObject *object)
{
  XnLiveView *self = XN_LIVE_VIEW (object);

  if (self->violations != NULL)
    xn_live_view_set_host (self, NULL);
  detach_proxy (self);
  g_clear_object (&self->host);
  g_clear_object (&self->editor_policy);
  g_clear_object (&self->editor_document);
  g_clear_object (&self->hosts);
  g_clear_object (&self->host_list);
  g_clear_object (&self->domains);
  g_clear_object (&self->hardware);
  g_clear_object (&self->audit);
  g_clear_object (&self->audit_rows);
  g_clear_object (&self->archived);
  g_clear_pointer (&self->running_document, g_bytes_unref);
  g_clear_pointer (&self->policy_name, g_free);
  g_clear_pointer (&self->kept_uuid, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), XN_TYPE_LIVE_VIEW);

  G_OBJECT_CLASS (xn_live_view_parent_class)->dispose (object);
}

static void
xn_live_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_take_string (value, xn_live_view_dup_title (XN_LIVE_VIEW (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_live_view_class_init (XnLiveViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xn_live_view_dispose;
  object_class->get_property = xn_live_view_get_property;
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_css_name (widget_class, "xn-live-view");

  g_type_ensure (XN_TYPE_HOSTS_SIDEBAR);
  g_type_ensure (XN_TYPE_VIOLATIONS_VIEW);
  g_type_ensure (XN_TYPE_PERF_VIEW);
  g_type_ensure (XN_TYPE_WRAP_BOX);
  g_type_ensure (XN_TYPE_ENTERPRISE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/xenonvmm/Manager/ui/xn-live-view.ui");
  gtk_widget_class_bind_template_child (widget_class, XnLiveView, status);
  gtk_widget_class_bind_template_child (widget_class, XnLiveView, notebook);
  gtk_widget_class_bind_template_child (widget_class, XnLiveView, sidebar);
  gtk_widget_class_bind_template_child (widget_class, XnLiveView, add_host);
  gtk_widget_class_bind_template_child (widget_class, XnLiveView, home_page);
  gtk_widget_class_bind_template_child (widget_class, XnLiveView, policy_page);
  gtk_widget_class_bind_template_child (widget_class, XnLiveView, advanced_page);
  gtk_widget_class_bind_template_child (widget_class, XnLiveView, violations);
  gtk_widget_class_bind_template_child (widget_class, XnLiveView, perf);
  gtk_widget_class_bind_template_child (widget_class, XnLiveView, enterprise);
  gtk_widget_class_bind_template_child (widget_class, XnLiveView, home_buttons);
  gtk_widget_class_bind_template_child (widget_class, XnLiveView, audit_buttons);
  gtk_widget_class_bind_template_child (widget_class, XnLiveView, facts);
  gtk_widget_class_bind_template_child (widget_class, XnLiveView, hardware_scroll);
  gtk_widget_class_bind_template_child (widget_class, XnLiveView, domains_scroll);
  for (guint i = 0; i < XN_N_DOMAIN_OPS; i++)
    gtk_widget_class_bind_template_child_full (widget_class, op_buttons[i], FALSE,
                                               G_STRUCT_OFFSET (XnLiveView, lifecycle) + i * sizeof (GtkWidget *));
  gtk_widget_class_bind_template_child (widget_class, XnLiveView, policy_facts);
  gtk_widget_class_bind_template_child (widget_class, XnLiveView, policy_diff);
  gtk_widget_class_bind_template_child (widget_class, XnLiveView, chain);
  gtk_widget_class_bind_template_child (widget_class, XnLiveView, audit_stack);
  gtk_widget_class_bind_template_child (widget_class, XnLiveView, audit_scroll);
  gtk_widget_class_bind_template_child (widget_class, XnLiveView, archived_note);
  gtk_widget_class_bind_template_child (widget_class, XnLiveView, archived_stack);
  gtk_widget_class_bind_template_child (widget_class, XnLiveView, archived_scroll);
  gtk_widget_class_bind_template_child (widget_class, XnLiveView, guard);
  gtk_widget_class_bind_template_callback (widget_class, xn_live_view_set_host);
  gtk_widget_class_bind_template_callback (widget_class, xn_live_view_show_domain);
  gtk_widget_class_bind_template_callback (widget_class, remove_requested_cb);

  for (guint i = 0; i < XN_N_DOMAIN_OPS; i++)
    gtk_widget_class_install_action (widget_class, op_actions[i], NULL, lifecycle_action_cb);
  gtk_widget_class_install_action (widget_class, "domain.migrate", NULL, migrate_action);
  gtk_widget_class_install_action (widget_class, "domain.propose-profile", NULL, propose_action);
  gtk_widget_class_install_action (widget_class, "hosts.add", NULL, add_host_action);
  gtk_widget_class_install_action (widget_class, "audit.verify", NULL, verify_action);
  gtk_widget_class_install_action (widget_class, "advanced.refresh", NULL, refresh_action);
}

static void
name_tab_arrows (GtkWidget *widget)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      if (GTK_IS_BUTTON (c) && g_strcmp0 (gtk_widget_get_css_name (c), "arrow") == 0)
        {
          const char *name = gtk_widget_has_css_class (c, "down") ? _("Next tabs") : _("Previous tabs");

          gtk_widget_set_tooltip_text (c, name);
          gtk_accessible_update_property (GTK_ACCESSIBLE (c), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
        }
      else if (!GTK_IS_STACK (c))
        name_tab_arrows (c);
    }
}

/* GTK 4.8 names a tab with a mnemonic label just "Tab" on AT-SPI; the
 * tab is the label's parent. */
static void
name_tab (XnLiveView *self,
          GtkWidget  *page)
{
  GtkWidget *tab = gtk_notebook_get_tab_label (self->notebook, page);
  g_autofree char *plain = xn_ui_strip_mnemonic (gtk_label_get_label (GTK_LABEL (tab)));

  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (tab)), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  plain, -1);
}

static void
xn_live_view_init (XnLiveView *self)
{
  GtkWidget *history;
  g_autofree char *add_host = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The history graph is the performance view's, shown as a tab of its own. */
  history = xn_perf_view_get_history (self->perf);
  gtk_notebook_insert_page (self->notebook, history, gtk_label_new_with_mnemonic (_("Performance _History")),
                            PAGE_HISTORY);
  self->pages[PAGE_HOME] = self->home_page;
  self->pages[PAGE_POLICY] = self->policy_page;
  self->pages[PAGE_VIOLATIONS] = GTK_WIDGET (self->violations);
  self->pages[PAGE_PERFORMANCE] = GTK_WIDGET (self->perf);
  self->pages[PAGE_HISTORY] = history;
  self->pages[PAGE_ADVANCED] = self->advanced_page;
  self->pages[PAGE_ENTERPRISE] = GTK_WIDGET (self->enterprise);
  for (guint i = 0; i < N_PAGES; i++)
    name_tab (self, self->pages[i]);
  /* The scroll arrows GTK adds have no names of their own. */
  name_tab_arrows (GTK_WIDGET (self->notebook));

  /* Mnemonic buttons read their label twice ("Refresh Refresh"). */
  xn_ui_name_for_assistive_technology (self->home_buttons);
  xn_ui_name_for_assistive_technology (self->audit_buttons);
  /* The same for Add Host…, alone: its column also holds the sidebar,
   * which names its own rows. */
  add_host = xn_ui_strip_mnemonic (gtk_button_get_label (GTK_BUTTON (self->add_host)));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->add_host), GTK_ACCESSIBLE_PROPERTY_LABEL, add_host, -1);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->add_host), GTK_ACCESSIBLE_RELATION_LABELLED_BY);

  add_home_tables (self);
  add_advanced_tables (self);
  /* Until there is a hosts file to add to (xn_live_view_set_host_list()). */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hosts.add", FALSE);
  update_status (self);
  update_lifecycle (self);
}

GtkWidget *
xn_live_view_new (void)
{
  return g_object_new (XN_TYPE_LIVE_VIEW, NULL);
}

/**
 * xn_live_view_get_audit_rows:
 *
 * Returns: (transfer none): the rows of the Advanced tab's audit log
 *   (the host model's, newest first)
 */
GListModel *
xn_live_view_get_audit_rows (XnLiveView *self)
{
  g_return_val_if_fail (XN_IS_LIVE_VIEW (self), NULL);

  return self->audit_rows;
}

/**
 * xn_live_view_show_domain:
 * @host: the domain's host
 * @uuid: the domain
 *
 * Shows @host on Home with the domain @uuid selected (the Hosts tree's
 * domain lines).
 */
void
xn_live_view_show_domain (XnLiveView   *self,
                          XnRemoteHost *host,
                          const char   *uuid)
{
  g_return_if_fail (XN_IS_LIVE_VIEW (self));

  xn_live_view_set_host (self, host);
  g_free (self->kept_uuid);
  self->kept_uuid = g_strdup (uuid);
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (self->domains_sel), GTK_INVALID_LIST_POSITION);
  domains_changed_cb (self);
  xn_live_view_show_page (self, "home");
}
