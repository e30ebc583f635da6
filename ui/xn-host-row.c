/* xn-host-row.c: one host in the Hosts tree
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A host with its address and connection state, and under it its
 * enclaves and their domains with their states (icon, word and colour),
 * read from the host's model (xn-host-model.c), which the daemon's
 * signals keep current.  Choosing a domain's line emits
 * "domain-activated".  An unknown host key is shown with its fingerprint
 * and a Trust button; a changed key is a loud refusal with no button: the
 * old key must be removed from the known-hosts file deliberately.  A host
 * of the hosts file carries a Remove button ("remove-requested").
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xn-host-row.h"
#include "xn-live-table.h"
#include "xn-ui-util.h"

struct _XnHostRow
{
  GtkListBoxRow parent_instance;

  /* Template widgets */
  GtkWidget    *icon;
  GtkWidget    *title;
  GtkWidget    *state;
  GtkWidget    *trust;
  GtkWidget    *remove;
  GtkWidget    *domains;   /* enclave headings and boxes of domain lines */

  XnRemoteHost *host;
  XnHostModel  *model;     /* the host's, borrowed */
  gulong        model_id;
  char         *layout;    /* the domains and enclaves the lines show */
  GHashTable   *links;     /* uuid → its line's button (owned by the box) */
};

G_DEFINE_FINAL_TYPE (XnHostRow, xn_host_row, GTK_TYPE_LIST_BOX_ROW)

enum { DOMAIN_ACTIVATED, REMOVE_REQUESTED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* A domain line is a flat button: choosing it shows the domain on Home. */
static GtkWidget *
domain_button (const char *uuid)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_box_append (GTK_BOX (line), gtk_image_new ());
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (line), label);
  gtk_button_set_child (GTK_BUTTON (button), line);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "xn-domain-link");
  gtk_widget_set_margin_start (button, 24);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "host-row.show-domain");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", uuid);
  return button;
}

/* One domain's line: state icon, "name (state)" and the state's colour. */
static void
set_line (GtkWidget  *link,
          const char *name,
          const char *state)
{
  GtkWidget *line = gtk_button_get_child (GTK_BUTTON (link));
  g_autofree char *text = g_strdup_printf ("%s (%s)", name, state);

  gtk_image_set_from_icon_name (GTK_IMAGE (gtk_widget_get_first_child (line)), xn_live_state_icon (state));
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_last_child (line)), text);
  for (const char *const *k = (const char *const[]) { "running", "paused", "stopped", "crashed", NULL };
       *k != NULL; k++)
    {
      g_autofree char *cls = g_strconcat ("state-", *k, NULL);

      if (g_str_equal (*k, state))
        gtk_widget_add_css_class (line, cls);
      else
        gtk_widget_remove_css_class (line, cls);
    }
  /* A button around a box has no name of its own. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (link), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

/* The host's domains under their enclaves, from the host's model (so the
 * tree shows what Home and All Hosts show). */
static void
domains_changed_cb (XnHostRow *self)
{
  GListModel *domains = xn_host_model_get_domains (self->model);
  g_autoptr(GHashTable) boxes = NULL;
  g_autoptr(GString) layout = g_string_new (NULL);
  GtkWidget *child;
  guint n = g_list_model_get_n_items (domains);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XnLiveRow) d = g_list_model_get_item (domains, i);

      g_string_append_printf (layout, "%s\t%s\t%s\n", xn_live_row_get_string (d, "uuid"),
                              xn_live_row_get_string (d, "name"), xn_live_row_get_string (d, "enclave"));
    }
  /* The same domains in the same enclaves: states change in place, so
   * the focus stays and assistive technology keeps its objects (counts
   * change many times a second). */
  if (g_strcmp0 (layout->str, self->layout) == 0)
    {
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(XnLiveRow) d = g_list_model_get_item (domains, i);

          set_line (g_hash_table_lookup (self->links, xn_live_row_get_string (d, "uuid")),
                    xn_live_row_get_string (d, "name"), xn_live_row_get_string (d, "state"));
        }
      return;
    }
  g_free (self->layout);
  self->layout = g_strdup (layout->str);
  g_hash_table_remove_all (self->links);

  while ((child = gtk_widget_get_first_child (self->domains)) != NULL)
    gtk_box_remove (GTK_BOX (self->domains), child);
  boxes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XnLiveRow) d = g_list_model_get_item (domains, i);
      const char *enclave = xn_live_row_get_string (d, "enclave");
      const char *uuid = xn_live_row_get_string (d, "uuid");
      GtkWidget *box, *link;

      box = g_hash_table_lookup (boxes, enclave);
      if (box == NULL)
        {
          GtkWidget *heading = gtk_label_new (*enclave ? enclave : _("(no enclave)"));

          gtk_label_set_xalign (GTK_LABEL (heading), 0);
          gtk_widget_add_css_class (heading, "heading");
          gtk_widget_set_margin_start (heading, 18);
          box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
          gtk_box_append (GTK_BOX (self->domains), heading);
          gtk_box_append (GTK_BOX (self->domains), box);
          g_hash_table_insert (boxes, g_strdup (enclave), box);
        }
      link = domain_button (uuid);
      set_line (link, xn_live_row_get_string (d, "name"), xn_live_row_get_string (d, "state"));
      g_hash_table_insert (self->links, g_strdup (uuid), link);
      gtk_box_append (GTK_BOX (box), link);
    }
  xn_ui_name_for_assistive_technology (self->domains);
}

static void
host_state_cb (XnHostRow *self)
{
  XnRemoteHost *host = self->host;
  XnRemoteHostState state = xn_remote_host_get_state (host);
  const char *message = xn_remote_host_get_message (host);
  g_autofree char *text = NULL;
  const char *icon = "network-offline-symbolic", *what = _("disconnected");

  switch (state)
    {
    case XN_REMOTE_HOST_CONNECTED: icon = "network-idle-symbolic"; what = _("connected"); break;
    case XN_REMOTE_HOST_CONNECTING: icon = "network-transmit-receive-symbolic"; what = _("connecting…"); break;
    case XN_REMOTE_HOST_FAILED: icon = "network-error-symbolic"; what = _("connection failed"); break;
    case XN_REMOTE_HOST_UNKNOWN_KEY: icon = "dialog-question-symbolic"; what = _("unknown host key"); break;
    case XN_REMOTE_HOST_CHANGED_KEY: icon = "dialog-warning-symbolic"; what = _("HOST KEY CHANGED — refused"); break;
    case XN_REMOTE_HOST_DISCONNECTED: default: break;
    }
  if (state == XN_REMOTE_HOST_UNKNOWN_KEY && xn_remote_host_get_fingerprint (host) != NULL)
    text = g_strdup_printf (_("%s: first contact, key %s"), what, xn_remote_host_get_fingerprint (host));
  else if (state == XN_REMOTE_HOST_CHANGED_KEY)
    text = g_strdup_printf (_("%s. The host's key is not the one recorded: someone may be impersonating it. "
                              "If the host was reinstalled, remove its old key from the known-hosts file "
                              "yourself, then connect again."), what);
  else
    text = g_strdup_printf ("%s%s%s", what, message ? ": " : "", message ? message : "");
  gtk_image_set_from_icon_name (GTK_IMAGE (self->icon), icon);
  gtk_label_set_text (GTK_LABEL (self->state), text);
  gtk_widget_remove_css_class (self->state, "error");
  if (state == XN_REMOTE_HOST_CHANGED_KEY || state == XN_REMOTE_HOST_FAILED)
    gtk_widget_add_css_class (self->state, "error");
  gtk_widget_set_visible (self->trust, state == XN_REMOTE_HOST_UNKNOWN_KEY);
}

static void
trusted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  xn_remote_host_connect_finish (XN_REMOTE_HOST (source), result, NULL);
}

static void
trust_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  XnHostRow *self = XN_HOST_ROW (widget);
  g_autoptr(GError) error = NULL;

  if (!xn_remote_host_trust_host_key (self->host, xn_remote_host_get_fingerprint (self->host), &error))
    {
      gtk_label_set_text (GTK_LABEL (self->state), error->message);
      return;
    }
  xn_remote_host_connect_async (self->host, NULL, trusted_cb, NULL);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_signal_emit (widget, signals[REMOVE_REQUESTED], 0);
}

static void
show_domain_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_signal_emit (widget, signals[DOMAIN_ACTIVATED], 0, g_variant_get_string (parameter, NULL));
}

static void
xn_host_row_dispose (GObject *object)
{
  XnHostRow *self = XN_HOST_ROW (object);

  if (self->model != NULL)
    g_clear_signal_handler (&self->model_id, xn_host_model_get_domains (self->model));
  self->model = NULL;
  g_clear_object (&self->host);
  gtk_widget_dispose_template (GTK_WIDGET (self), XN_TYPE_HOST_ROW);
  G_OBJECT_CLASS (xn_host_row_parent_class)->dispose (object);
}

static void
xn_host_row_finalize (GObject *object)
{
  XnHostRow *self = XN_HOST_ROW (object);

  g_free (self->layout);
  g_hash_table_unref (self->links);
  G_OBJECT_CLASS (xn_host_row_parent_class)->finalize (object);
}

static void
xn_host_row_class_init (XnHostRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xn_host_row_dispose;
  object_class->finalize = xn_host_row_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/xenonvmm/Manager/ui/xn-host-row.ui");
  gtk_widget_class_bind_template_child (widget_class, XnHostRow, icon);
  gtk_widget_class_bind_template_child (widget_class, XnHostRow, title);
  gtk_widget_class_bind_template_child (widget_class, XnHostRow, state);
  gtk_widget_class_bind_template_child (widget_class, XnHostRow, trust);
  gtk_widget_class_bind_template_child (widget_class, XnHostRow, remove);
  gtk_widget_class_bind_template_child (widget_class, XnHostRow, domains);
  gtk_widget_class_install_action (widget_class, "host-row.trust", NULL, trust_action);
  gtk_widget_class_install_action (widget_class, "host-row.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "host-row.show-domain", "s", show_domain_action);

  /**
   * XnHostRow::domain-activated:
   * @uuid: the domain whose line was chosen
   */
  signals[DOMAIN_ACTIVATED] = g_signal_new ("domain-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* The user asked to stop managing this host. */
  signals[REMOVE_REQUESTED] = g_signal_new ("remove-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
xn_host_row_init (XnHostRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * xn_host_row_new:
 * @host: the host
 * @removable: whether the row offers Remove (a host of the hosts file)
 *
 * Returns: (transfer floating): the row, following @host's state and
 *   model for as long as it lives
 */
GtkWidget *
xn_host_row_new (XnRemoteHost *host,
                 gboolean      removable)
{
  XnHostRow *self = g_object_new (XN_TYPE_HOST_ROW, NULL);
  g_autofree char *title = NULL;
  const char *address = xn_remote_host_get_kind (host) == XN_REMOTE_HOST_LOCAL
                        ? _("local, simulated") : xn_remote_host_get_address (host);

  self->host = g_object_ref (host);
  title = g_strdup_printf ("%s — %s", xn_remote_host_get_name (host), address ? address : "");
  gtk_label_set_text (GTK_LABEL (self->title), title);
  /* A Tab stop: without a name of its own the row read as nothing. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_widget_set_visible (self->remove, removable);
  /* Tied to the row's life: a row gone stops listening. */
  g_signal_connect_object (host, "notify::state", G_CALLBACK (host_state_cb), self, G_CONNECT_SWAPPED);
  host_state_cb (self);
  xn_ui_name_for_assistive_technology (GTK_WIDGET (self));
  self->model = xn_remote_host_get_model (host);
  self->model_id = g_signal_connect_swapped (xn_host_model_get_domains (self->model), "items-changed",
                                             G_CALLBACK (domains_changed_cb), self);
  domains_changed_cb (self);
  return GTK_WIDGET (self);
}

XnRemoteHost *
xn_host_row_get_host (XnHostRow *self)
{
  g_return_val_if_fail (XN_IS_HOST_ROW (self), NULL);

  return self->host;
}

/**
 * xn_host_row_append_text:
 * @out: where to append
 *
 * Appends what the row shows, one line for the host, each enclave and
 * each domain (tests).
 */
void
xn_host_row_append_text (XnHostRow *self,
                         GString   *out)
{
  g_return_if_fail (XN_IS_HOST_ROW (self));

  g_string_append_printf (out, "%s | %s\n", gtk_label_get_text (GTK_LABEL (self->title)),
                          gtk_label_get_text (GTK_LABEL (self->state)));
  for (GtkWidget *c = gtk_widget_get_first_child (self->domains); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      if (GTK_IS_LABEL (c))
        g_string_append_printf (out, "  %s\n", gtk_label_get_text (GTK_LABEL (c)));
      else
        for (GtkWidget *line = gtk_widget_get_first_child (c); line != NULL; line = gtk_widget_get_next_sibling (line))
          g_string_append_printf (out, "    %s\n",
                                  gtk_label_get_text (GTK_LABEL (gtk_widget_get_last_child (gtk_button_get_child (GTK_BUTTON (line))))));
    }
}
