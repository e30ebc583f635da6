/* xn-hosts-sidebar.c: the enterprise view's Hosts tree
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every managed host (the embedded simulated one and those of the hosts
 * file), one XnHostRow each.  Activating a host shows it in the tabs
 * ("host-activated"), choosing one of its domains shows that domain
 * ("domain-activated").  Hosts of the hosts file carry a Remove button
 * ("remove-requested"); the view that owns the file confirms and removes.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xn-host-row.h"
#include "xn-hosts-sidebar.h"

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

static void
row_domain_activated_cb (XnHostRow      *row,
                         const char     *uuid,
                         XnHostsSidebar *self)
{
  g_signal_emit (self, signals[DOMAIN_ACTIVATED], 0, xn_host_row_get_host (row), uuid);
}

static void
row_remove_requested_cb (XnHostRow      *row,
                         XnHostsSidebar *self)
{
  g_signal_emit (self, signals[REMOVE_REQUESTED], 0, xn_host_row_get_host (row));
}

static GtkWidget *
create_row (gpointer item,
            gpointer data)
{
  XnHostsSidebar *self = data;
  XnRemoteHost *host = item;
  gboolean removable = self->host_list != NULL
                       && xn_host_list_lookup (self->host_list, xn_remote_host_get_name (host)) == host;
  GtkWidget *row = xn_host_row_new (host, removable);

  if (host == self->current)
    gtk_widget_add_css_class (row, "xn-current-host");
  g_signal_connect_object (row, "domain-activated", G_CALLBACK (row_domain_activated_cb), self, 0);
  g_signal_connect_object (row, "remove-requested", G_CALLBACK (row_remove_requested_cb), self, 0);
  return row;
}

static void
row_activated_cb (GtkListBox     *list,
                  GtkListBoxRow  *row,
                  XnHostsSidebar *self)
{
  g_signal_emit (self, signals[HOST_ACTIVATED], 0, xn_host_row_get_host (XN_HOST_ROW (row)));
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
    if (XN_IS_HOST_ROW (row))
      xn_host_row_append_text (XN_HOST_ROW (row), out);
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
      gboolean current = XN_IS_HOST_ROW (row) && xn_host_row_get_host (XN_HOST_ROW (row)) == host;

      if (current)
        gtk_widget_add_css_class (row, "xn-current-host");
      else
        gtk_widget_remove_css_class (row, "xn-current-host");
      gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_SELECTED, current, -1);
    }
}
