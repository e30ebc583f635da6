/* xn-hosts-sidebar.c: the enterprise view's Hosts tree
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every managed host (the embedded simulated one and those of the hosts
 * file) with its address and connection state, and under it its enclaves
 * and their domains with their states (icon, word and colour), read from
 * the host's model (xn-host-model.c), which the daemon's signals keep
 * current.  Activating a host shows it in the tabs
 * ("host-activated").  An unknown host key is shown with its fingerprint
 * and a Trust button; a changed key is a loud refusal with no button: the
 * old key must be removed from the known-hosts file deliberately.  Hosts
 * of the hosts file carry a Remove button ("remove-requested"); the view
 * that owns the file confirms and removes.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xn-hosts-sidebar.h"
#include "xn-ui-util.h"
#include "xn-live-table.h"

struct _XnHostsSidebar
{
  GtkBox      parent_instance;

  /* Template widgets */
  GtkWidget  *list;

  /* Owned references */
  GListModel *hosts;
  XnHostList *host_list;   /* hosts that may be removed */
  XnRemoteHost *current;   /* the host the tabs show (borrowed) */
};

G_DEFINE_FINAL_TYPE (XnHostsSidebar, xn_hosts_sidebar, GTK_TYPE_BOX)

enum { HOST_ACTIVATED, DOMAIN_ACTIVATED, REMOVE_REQUESTED, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef struct
{
  XnRemoteHost *host;
  GtkWidget    *icon;
  GtkWidget    *title;
  GtkWidget    *state;
  GtkWidget    *trust;
  GtkWidget    *remove;
  GtkWidget    *domains;   /* box of enclave headings and domain lines */
  XnHostsSidebar *sidebar;
  XnHostModel  *model;     /* the host's, borrowed */
  gulong        model_id;
  char         *layout;    /* the domains and enclaves the lines show */
  GHashTable   *links;     /* uuid → its line's button (owned by the box) */
} HostRow;

static void
host_row_free (gpointer data)
{
  HostRow *r = data;

  g_clear_signal_handler (&r->model_id, xn_host_model_get_domains (r->model));
  g_clear_object (&r->host);
  g_free (r->layout);
  g_hash_table_unref (r->links);
  g_free (r);
}

typedef struct
{
  HostRow *r;
  char    *uuid;
} DomainLink;

static void
domain_link_free (gpointer data,
                  GClosure *closure)
{
  DomainLink *l = data;

  g_free (l->uuid);
  g_free (l);
}

static void
domain_clicked_cb (GtkButton  *button,
                   DomainLink *l)
{
  g_signal_emit (l->r->sidebar, signals[DOMAIN_ACTIVATED], 0, l->r->host, l->uuid);
}

/* A domain line is a flat button: choosing it shows the domain on Home. */
static GtkWidget *
domain_button (HostRow    *r,
               const char *uuid,
               GtkWidget  *line)
{
  GtkWidget *button = gtk_button_new ();
  DomainLink *l = g_new0 (DomainLink, 1);

  l->r = r;
  l->uuid = g_strdup (uuid);
  gtk_button_set_child (GTK_BUTTON (button), line);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "xn-domain-link");
  gtk_widget_set_margin_start (button, 24);
  g_signal_connect_data (button, "clicked", G_CALLBACK (domain_clicked_cb), l, domain_link_free, 0);
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
domains_changed_cb (HostRow *r)
{
  GListModel *domains = xn_host_model_get_domains (r->model);
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
  if (g_strcmp0 (layout->str, r->layout) == 0)
    {
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(XnLiveRow) d = g_list_model_get_item (domains, i);

          set_line (g_hash_table_lookup (r->links, xn_live_row_get_string (d, "uuid")),
                    xn_live_row_get_string (d, "name"), xn_live_row_get_string (d, "state"));
        }
      return;
    }
  g_free (r->layout);
  r->layout = g_strdup (layout->str);
  g_hash_table_remove_all (r->links);

  while ((child = gtk_widget_get_first_child (r->domains)) != NULL)
    gtk_box_remove (GTK_BOX (r->domains), child);
  boxes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XnLiveRow) d = g_list_model_get_item (domains, i);
      const char *enclave = xn_live_row_get_string (d, "enclave");
      const char *uuid = xn_live_row_get_string (d, "uuid");
      GtkWidget *box, *line, *link;

      box = g_hash_table_lookup (boxes, enclave);
      if (box == NULL)
        {
          GtkWidget *heading = gtk_label_new (*enclave ? enclave : _("(no enclave)"));

          gtk_label_set_xalign (GTK_LABEL (heading), 0);
          gtk_widget_add_css_class (heading, "heading");
          gtk_widget_set_margin_start (heading, 18);
          box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
          gtk_box_append (GTK_BOX (r->domains), heading);
          gtk_box_append (GTK_BOX (r->domains), box);
          g_hash_table_insert (boxes, g_strdup (enclave), box);
        }
      line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      gtk_box_append (GTK_BOX (line), gtk_image_new ());
      gtk_box_append (GTK_BOX (line), gtk_label_new (NULL));
      gtk_label_set_xalign (GTK_LABEL (gtk_widget_get_last_child (line)), 0);
      link = domain_button (r, uuid, line);
      set_line (link, xn_live_row_get_string (d, "name"), xn_live_row_get_string (d, "state"));
      g_hash_table_insert (r->links, g_strdup (uuid), link);
      gtk_box_append (GTK_BOX (box), link);
    }
  xn_ui_name_for_assistive_technology (r->domains);
}

static void
host_state_cb (XnRemoteHost *host,
               GParamSpec   *pspec,
               HostRow      *r)
{
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
  gtk_image_set_from_icon_name (GTK_IMAGE (r->icon), icon);
  gtk_label_set_text (GTK_LABEL (r->state), text);
  gtk_widget_remove_css_class (r->state, "error");
  if (state == XN_REMOTE_HOST_CHANGED_KEY || state == XN_REMOTE_HOST_FAILED)
    gtk_widget_add_css_class (r->state, "error");
  gtk_widget_set_visible (r->trust, state == XN_REMOTE_HOST_UNKNOWN_KEY);
}

static void
trusted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  xn_remote_host_connect_finish (XN_REMOTE_HOST (source), result, NULL);
}

static void
trust_clicked_cb (GtkButton *button,
                  HostRow   *r)
{
  g_autoptr(GError) error = NULL;

  if (!xn_remote_host_trust_host_key (r->host, xn_remote_host_get_fingerprint (r->host), &error))
    {
      gtk_label_set_text (GTK_LABEL (r->state), error->message);
      return;
    }
  xn_remote_host_connect_async (r->host, NULL, trusted_cb, NULL);
}

static void
remove_clicked_cb (GtkButton *button,
                   HostRow   *r)
{
  g_signal_emit (r->sidebar, signals[REMOVE_REQUESTED], 0, r->host);
}

static void
row_state_cb (GtkListBoxRow *row)
{
  HostRow *r = g_object_get_data (G_OBJECT (row), "xn-host-row");

  host_state_cb (r->host, NULL, r);
}

static GtkWidget *
create_row (gpointer item,
            gpointer data)
{
  XnRemoteHost *host = item;
  HostRow *r = g_new0 (HostRow, 1);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *title = NULL;
  const char *address = xn_remote_host_get_kind (host) == XN_REMOTE_HOST_LOCAL
                        ? _("local, simulated") : xn_remote_host_get_address (host);

  r->host = g_object_ref (host);
  r->icon = gtk_image_new ();
  title = g_strdup_printf ("%s — %s", xn_remote_host_get_name (host), address ? address : "");
  r->title = gtk_label_new (title);
  /* A Tab stop: without a name of its own the row read as nothing. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_label_set_xalign (GTK_LABEL (r->title), 0);
  gtk_widget_add_css_class (r->title, "heading");
  gtk_label_set_ellipsize (GTK_LABEL (r->title), PANGO_ELLIPSIZE_END);
  r->state = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (r->state), 0);
  gtk_label_set_wrap (GTK_LABEL (r->state), TRUE);
  /* A host key's fingerprint is one long word: break it anywhere rather
   * than widen the column (and push Live mode's tabs out of sight), and
   * without a hyphen, which would read as part of the fingerprint. */
  gtk_label_set_wrap_mode (GTK_LABEL (r->state), PANGO_WRAP_WORD_CHAR);
  {
    PangoAttrList *attrs = pango_attr_list_new ();

    pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
    gtk_label_set_attributes (GTK_LABEL (r->state), attrs);
    pango_attr_list_unref (attrs);
  }
  gtk_label_set_max_width_chars (GTK_LABEL (r->state), 36);
  gtk_widget_set_margin_start (r->state, 24);
  r->trust = xn_ui_button_new_with_mnemonic (_("_Trust this host key"));
  gtk_widget_set_halign (r->trust, GTK_ALIGN_START);
  gtk_widget_set_margin_start (r->trust, 24);
  g_signal_connect (r->trust, "clicked", G_CALLBACK (trust_clicked_cb), r);
  r->sidebar = data;
  r->remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_add_css_class (r->remove, "flat");
  gtk_widget_set_tooltip_text (r->remove, _("Remove this host from the managed hosts"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (r->remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove host"), -1);
  gtk_widget_set_visible (r->remove, r->sidebar->host_list != NULL
                          && xn_host_list_lookup (r->sidebar->host_list, xn_remote_host_get_name (host)) == host);
  gtk_widget_set_hexpand (r->title, TRUE);
  g_signal_connect (r->remove, "clicked", G_CALLBACK (remove_clicked_cb), r);
  r->domains = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (top), r->icon);
  gtk_box_append (GTK_BOX (top), r->title);
  gtk_box_append (GTK_BOX (top), r->remove);
  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), r->state);
  gtk_box_append (GTK_BOX (box), r->trust);
  gtk_box_append (GTK_BOX (box), r->domains);
  g_object_set (box, "margin-top", 6, "margin-bottom", 6, "margin-start", 6, "margin-end", 6, NULL);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "xn-host-row", r, host_row_free);
  if (host == r->sidebar->current)
    gtk_widget_add_css_class (row, "xn-current-host");
  /* Tied to the row's life: a row gone stops listening. */
  g_signal_connect_object (host, "notify::state", G_CALLBACK (row_state_cb), row, G_CONNECT_SWAPPED);
  host_state_cb (host, NULL, r);
  xn_ui_name_for_assistive_technology (row);
  r->model = xn_remote_host_get_model (host);
  r->links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  r->model_id = g_signal_connect_swapped (xn_host_model_get_domains (r->model), "items-changed",
                                          G_CALLBACK (domains_changed_cb), r);
  domains_changed_cb (r);
  return row;
}

static void
row_activated_cb (GtkListBox     *list,
                  GtkListBoxRow  *row,
                  XnHostsSidebar *self)
{
  HostRow *r = g_object_get_data (G_OBJECT (row), "xn-host-row");

  g_signal_emit (self, signals[HOST_ACTIVATED], 0, r->host);
}

/**
 * xn_hosts_sidebar_set_hosts:
 * @hosts: a list model of #XnRemoteHost
 */
void
xn_hosts_sidebar_set_hosts (XnHostsSidebar *self,
                            GListModel     *hosts)
{
  g_set_object (&self->hosts, hosts);
  gtk_list_box_bind_model (GTK_LIST_BOX (self->list), hosts, create_row, self, NULL);
}

/**
 * xn_hosts_sidebar_set_host_list:
 * @list: (nullable): the hosts file; its hosts get a Remove button
 */
void
xn_hosts_sidebar_set_host_list (XnHostsSidebar *self,
                                XnHostList     *list)
{
  g_return_if_fail (XN_IS_HOSTS_SIDEBAR (self));

  if (!g_set_object (&self->host_list, list))
    return;
  /* Rows decide at creation whether they can be removed. */
  if (self->hosts != NULL)
    gtk_list_box_bind_model (GTK_LIST_BOX (self->list), self->hosts, create_row, self, NULL);
}

/**
 * xn_hosts_sidebar_dup_text:
 *
 * What the tree shows, one line per host, enclave and domain (tests).
 *
 * Returns: (transfer full): the text
 */
char *
xn_hosts_sidebar_dup_text (XnHostsSidebar *self)
{
  GString *out = g_string_new (NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (self->list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      HostRow *r = g_object_get_data (G_OBJECT (row), "xn-host-row");

      if (r == NULL)
        continue;
      g_string_append_printf (out, "%s | %s\n", gtk_label_get_text (GTK_LABEL (r->title)),
                              gtk_label_get_text (GTK_LABEL (r->state)));
      for (GtkWidget *c = gtk_widget_get_first_child (r->domains); c != NULL; c = gtk_widget_get_next_sibling (c))
        {
          if (GTK_IS_LABEL (c))
            g_string_append_printf (out, "  %s\n", gtk_label_get_text (GTK_LABEL (c)));
          else
            for (GtkWidget *line = gtk_widget_get_first_child (c); line != NULL; line = gtk_widget_get_next_sibling (line))
              g_string_append_printf (out, "    %s\n",
                                      gtk_label_get_text (GTK_LABEL (gtk_widget_get_last_child (gtk_button_get_child (GTK_BUTTON (line))))));
        }
    }
  return g_string_free (out, FALSE);
}

static void
xn_hosts_sidebar_dispose (GObject *object)
{
  XnHostsSidebar *self = XN_HOSTS_SIDEBAR (object);

  if (self->list != NULL)
    gtk_list_box_bind_model (GTK_LIST_BOX (self->list), NULL, NULL, NULL, NULL);
  g_clear_object (&self->hosts);
  g_clear_object (&self->host_list);
  gtk_widget_dispose_template (GTK_WIDGET (self), XN_TYPE_HOSTS_SIDEBAR);
  G_OBJECT_CLASS (xn_hosts_sidebar_parent_class)->dispose (object);
}

static void
xn_hosts_sidebar_class_init (XnHostsSidebarClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = xn_hosts_sidebar_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/xenonvmm/Manager/ui/xn-hosts-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, XnHostsSidebar, list);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  /* The user chose a host to see in the tabs. */
  signals[HOST_ACTIVATED] = g_signal_new ("host-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, XN_TYPE_REMOTE_HOST);
  /**
   * XnHostsSidebar::domain-activated:
   * @host: the domain's host
   * @uuid: the domain
   */
  signals[DOMAIN_ACTIVATED] = g_signal_new ("domain-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 2, XN_TYPE_REMOTE_HOST,
                                            G_TYPE_STRING);
  /* The user asked to stop managing a host of the hosts file. */
  signals[REMOVE_REQUESTED] = g_signal_new ("remove-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, XN_TYPE_REMOTE_HOST);
}

static void
xn_hosts_sidebar_init (XnHostsSidebar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
xn_hosts_sidebar_new (void)
{
  return g_object_new (XN_TYPE_HOSTS_SIDEBAR, NULL);
}

/**
 * xn_hosts_sidebar_set_current:
 * @host: (nullable): the host the tabs show
 *
 * Marks @host's row (a bar beside it, and "selected" for assistive
 * technology) without the selection colour under its domains' states.
 */
void
xn_hosts_sidebar_set_current (XnHostsSidebar *self,
                              XnRemoteHost   *host)
{
  g_return_if_fail (XN_IS_HOSTS_SIDEBAR (self));

  self->current = host;
  for (GtkWidget *row = gtk_widget_get_first_child (self->list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      HostRow *r = g_object_get_data (G_OBJECT (row), "xn-host-row");
      gboolean current = r != NULL && r->host == host;

      if (current)
        gtk_widget_add_css_class (row, "xn-current-host");
      else
        gtk_widget_remove_css_class (row, "xn-current-host");
      gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_SELECTED, current, -1);
    }
}
