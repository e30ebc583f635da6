/* test-live.c: Live mode against a real daemon
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The real xenon-manager window under Xvfb, in Live mode, on a real
 * xenon-hostd on the simulated host (the demo policy, with one conflict
 * made exclusive so a start can be refused): the Home tab's domains and
 * lifecycle buttons, a refused start with the daemon's reason, the
 * violations arriving from the compromised user_vm_1 through the signal,
 * filter, search, mark viewed, clear with its confirmation, CSV, current
 * performance with caps and aggregates, a history graph, the audit log
 * and its chain check, roles greying what the daemon would refuse; and
 * the app's embedded simulated host starting and stopping its daemon.
 * Screenshots of every tab go to the build directory.
 */

#include "config.h"

#include <check.h>
#include <math.h>
#include <glib/gstdio.h>
#include <adwaita.h>
#include <gtk/gtk.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "xn-test-pki.h"
#include "xn-test.h"
#include "xn-gtk-test.h"
#include "xn-sshd-fixture.h"
#include "xn-add-dialog.h"
#include "xn-add-host-dialog.h"
#include "xn-dialogs.h"
#include "xn-enterprise-view.h"
#include "xn-graph.h"
#include "xn-hosts-sidebar.h"
#include "xn-learn-dialog.h"
#include "xn-live-table.h"
#include "xn-violations-table.h"
#include "xn-local-host.h"
#include "xn-perf-view.h"
#include "xn-push-dialog.h"
#include "xn-service-vm-dialog.h"
#include "xn-violations-view.h"
#include "xn-window.h"

typedef struct
{
  char        *dir;
  char        *socket;
  GSubprocess *proc;
} Daemon;

static void
wait_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

typedef gboolean (*Cond) (gpointer data);

static gboolean
wait_for (Cond     cond,
          gpointer data,
          guint    seconds)
{
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return TRUE;
}

/* The demo with tag_separation exclusive: personnel_mgr (human
 * resources) and the entertainment domains may not run together. */
static char *
exclusive_demo (const char *dir)
{
  g_autofree char *demo = xn_test_data_path ("xenon-enterprise-demo.xml");
  g_autofree char *text = NULL;
  g_autofree char *path = g_build_filename (dir, "exclusive.xml", NULL);
  g_autoptr(GString) s = NULL;

  ck_assert (g_file_get_contents (demo, &text, NULL, NULL));
  s = g_string_new (text);
  ck_assert (g_string_replace (s, "name=\"tag_separation\" id=\"2\" allowSimultaneous=\"true\"",
                               "name=\"tag_separation\" id=\"2\" allowSimultaneous=\"false\"", 1) == 1);
  ck_assert (g_file_set_contents (path, s->str, -1, NULL));
  return g_steal_pointer (&path);
}

/* A daemon must not outlive a test that crashed. */
static void
child_setup (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* A daemon on a simulated host: @policy's host @host_name (NULL: this
 * test's exclusive demo, "localhost"), @sim its [sim] lines (NULL: the
 * demo's autostart). */
static void
daemon_start_on (Daemon     *d,
                 const char *roles,
                 const char *policy_in,
                 const char *host_name,
                 const char *sim)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL, *trust = NULL, *conf = NULL, *roles_path = NULL, *roles_text = NULL;
  g_autofree char *policy = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  const char *exe = g_getenv ("XN_HOSTD");
  gint64 deadline;

  ck_assert_msg (exe != NULL, "XN_HOSTD is not set");
  d->dir = g_dir_make_tmp ("xn-test-live-XXXXXX", NULL);
  d->socket = g_build_filename (d->dir, "hostd.sock", NULL);
  state = g_build_filename (d->dir, "state", NULL);
  trust = g_build_filename (d->dir, "trust", NULL);
  conf = g_build_filename (state, "hostd.conf", NULL);
  roles_path = g_build_filename (d->dir, "roles", NULL);
  g_mkdir_with_parents (state, 0700);
  g_mkdir_with_parents (trust, 0700);
  policy = policy_in != NULL ? g_strdup (policy_in) : exclusive_demo (d->dir);
  {
    g_autofree char *text = g_strdup_printf ("[hostd]\nsample-interval-ms=200\n[sim]\ntick-ms=50\n%s\n",
                                             sim != NULL ? sim : "autostart=user_vm_1");

    ck_assert (g_file_set_contents (conf, text, -1, NULL));
  }
  roles_text = g_strdup_printf ("[roles]\n%u=%s\n", (guint) getuid (), roles);
  ck_assert (g_file_set_contents (roles_path, roles_text, -1, NULL));
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  d->proc = g_subprocess_launcher_spawn (launcher, &error, exe, "--socket", d->socket,
                                         "--state-dir", state, "--trust-dir", trust, "--backend", "sim",
                                         "--sim-policy", policy, "--host-name", host_name ? host_name : "localhost",
                                         "--test-roles", roles_path, NULL);
  ck_assert_msg (d->proc != NULL, "%s", error ? error->message : "");
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!g_file_test (d->socket, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < deadline)
    g_usleep (10000);
  ck_assert_msg (g_file_test (d->socket, G_FILE_TEST_EXISTS), "the daemon did not come up");
}

static void
daemon_start (Daemon     *d,
              const char *roles)
{
  daemon_start_on (d, roles, NULL, NULL, NULL);
}

static void
daemon_stop (Daemon *d)
{
  if (d->proc != NULL)
    {
      g_subprocess_force_exit (d->proc);
      g_subprocess_wait (d->proc, NULL, NULL);
      g_clear_object (&d->proc);
    }
  if (d->dir != NULL)
    {
      const char *argv[] = { "rm", "-rf", d->dir, NULL };

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    }
  g_clear_pointer (&d->dir, g_free);
  g_clear_pointer (&d->socket, g_free);
}

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  graphene_rect_t bounds;
  int w, h;

  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  gtk_widget_queue_draw (widget);
  wait_ms (400);
  /* A window shown just before may not be mapped yet on a busy machine:
   * its paintable then draws nothing. */
  for (;;)
    {
      w = gtk_widget_get_width (widget);
      h = gtk_widget_get_height (widget);
      if (gtk_widget_get_mapped (widget) && w > 0 && h > 0)
        {
          gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
          node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
        }
      if (node != NULL || g_get_monotonic_time () > end)
        break;
      g_clear_object (&snapshot);
      snapshot = gtk_snapshot_new ();
      wait_ms (100);
    }
  ck_assert_msg (node != NULL, "%s: nothing drawn (%s, %dx%d)", name,
                 gtk_widget_get_mapped (widget) ? "mapped" : "not mapped", w, h);
  bounds = GRAPHENE_RECT_INIT (0, 0, w, h);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node, &bounds);
  path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".", name, NULL);
  ck_assert (gdk_texture_save_to_png (texture, path));
  g_print ("screenshot: %s (%dx%d)\n", path, w, h);
}

/* Widgets by what they show */

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (c) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (c)), label) == 0)
        return c;
      if ((found = find_button (c, label)) != NULL)
        return found;
    }
  return NULL;
}

/* The visible icon button under @root whose tooltip is @tooltip. */
static GtkWidget *
find_button_by_tooltip (GtkWidget  *root,
                        const char *tooltip)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (c) && gtk_widget_get_visible (c)
          && g_strcmp0 (gtk_widget_get_tooltip_text (c), tooltip) == 0)
        return c;
      if ((found = find_button_by_tooltip (c, tooltip)) != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        return c;
      if ((found = find_type (c, type)) != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_label_containing (GtkWidget  *root,
                       const char *text)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (c) && gtk_widget_get_visible (c)
          && strstr (gtk_label_get_text (GTK_LABEL (c)), text) != NULL)
        return c;
      if ((found = find_label_containing (c, text)) != NULL)
        return found;
    }
  return NULL;
}

/* The log's header sorts by its column, a second click turns it round,
 * and asking for the order read brings that back. */
static guint64
shown_seq (GListModel *shown,
           guint       i)
{
  g_autoptr(XnLiveRow) row = g_list_model_get_item (shown, i);

  return (guint64) xn_live_row_get_number (row, "seq");
}

static int
shown_info_order (GListModel *shown,
                  guint       i)
{
  g_autoptr(XnLiveRow) a = g_list_model_get_item (shown, i - 1);
  g_autoptr(XnLiveRow) b = g_list_model_get_item (shown, i);

  return xn_live_row_compare (a, b, "info");
}

/* 1: ascending by info, -1: descending, 2: by seq as read, 0: none */
static int
shown_order (GListModel *shown)
{
  gboolean up = TRUE, down = TRUE, read = TRUE;

  for (guint i = 1; i < g_list_model_get_n_items (shown); i++)
    {
      up &= shown_info_order (shown, i) <= 0;
      down &= shown_info_order (shown, i) >= 0;
      read &= shown_seq (shown, i - 1) < shown_seq (shown, i);
    }
  return read && !up ? 2 : up && !down ? 1 : down && !up ? -1 : 0;
}

typedef struct { GListModel *shown; int order; } OrderWait;

static gboolean
has_order (gpointer data)
{
  OrderWait *w = data;

  return shown_order (w->shown) == w->order;
}

static void
check_violations_sorting (XnViolationsView *vv)
{
  XnViolationsTable *table = XN_VIOLATIONS_TABLE (find_type (GTK_WIDGET (vv), XN_TYPE_VIOLATIONS_TABLE));
  GListModel *shown = xn_violations_view_get_shown (vv);
  GtkWidget *info = find_label_containing (GTK_WIDGET (table), "Info");
  GtkWidget *button = info != NULL ? gtk_widget_get_ancestor (info, GTK_TYPE_BUTTON) : NULL;
  OrderWait w = { shown, 2 };

  ck_assert_msg (button != NULL, "the log's header has no “Info” button");
  /* The probes come in a cycle of different infos: read order is no sort. */
  ck_assert_msg (has_order (&w), "the rows are not in the order read before any sort (%d)", shown_order (shown));
  gtk_widget_activate (button);
  w.order = 1;
  ck_assert_msg (wait_for (has_order, &w, 5), "a click on Info did not sort by it (%d)", shown_order (shown));
  gtk_widget_activate (button);
  w.order = -1;
  ck_assert_msg (wait_for (has_order, &w, 5), "a second click did not reverse the order (%d)", shown_order (shown));
  xn_violations_table_sort_by (table, NULL, FALSE);
  w.order = 2;
  ck_assert_msg (wait_for (has_order, &w, 5), "the order read did not come back (%d)", shown_order (shown));
}

/* The domains table of the Home tab: the first column view in it. */
static GtkColumnView *
home_table (XnLiveView *live)
{
  GtkNotebook *nb = GTK_NOTEBOOK (find_type (GTK_WIDGET (live), GTK_TYPE_NOTEBOOK));
  GtkWidget *home = gtk_notebook_get_nth_page (nb, 0);
  GtkWidget *last = NULL;

  /* Hardware first, then domains. */
  for (GtkWidget *c = gtk_widget_get_first_child (home); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *v = find_type (c, GTK_TYPE_COLUMN_VIEW);

      if (v != NULL)
        last = v;
    }
  return GTK_COLUMN_VIEW (last);
}

static gboolean
select_domain (XnLiveView *live,
               const char *name)
{
  GtkSingleSelection *sel = GTK_SINGLE_SELECTION (gtk_column_view_get_model (home_table (live)));
  GListModel *m = G_LIST_MODEL (sel);

  for (guint i = 0; i < g_list_model_get_n_items (m); i++)
    {
      g_autoptr(XnLiveRow) row = g_list_model_get_item (m, i);

      if (g_str_equal (xn_live_row_get_string (row, "name"), name))
        {
          gtk_single_selection_set_selected (sel, i);
          return TRUE;
        }
    }
  return FALSE;
}

typedef struct
{
  XnLiveView *live;
  const char *name;
  const char *state;
} DomainState;

static gboolean
any_ellipsized (GtkWidget *root)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      if (GTK_IS_LABEL (c) && gtk_widget_get_mapped (c)
          && pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (c))))
        {
          g_print ("cut short: %s\n", gtk_label_get_text (GTK_LABEL (c)));
          return TRUE;
        }
      if (any_ellipsized (c))
        return TRUE;
    }
  return FALSE;
}

/* A number in Home's domains table, -1 without the domain. */
static double
home_number (XnLiveView *live,
             const char *name,
             const char *key)
{
  GListModel *m = G_LIST_MODEL (gtk_column_view_get_model (home_table (live)));

  for (guint i = 0; i < g_list_model_get_n_items (m); i++)
    {
      g_autoptr(XnLiveRow) row = g_list_model_get_item (m, i);

      if (g_str_equal (xn_live_row_get_string (row, "name"), name))
        return xn_live_row_get_number (row, key);
    }
  return -1;
}

/* What the daemon says now of @name's @key. */
static double
daemon_number (XnRemoteHost *host,
               const char   *name,
               const char   *key)
{
  g_autoptr(GVariant) domains = NULL;
  GVariantIter iter;
  GVariant *d;
  double found = -1;

  ck_assert (xn_host1_call_get_domains_sync (xn_remote_host_get_proxy (host), &domains, NULL, NULL));
  g_variant_iter_init (&iter, domains);
  while ((d = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autoptr(XnLiveRow) row = xn_live_row_new (d);

      g_variant_unref (d);
      if (g_str_equal (xn_live_row_get_string (row, "name"), name))
        found = xn_live_row_get_number (row, key);
    }
  return found;
}

typedef struct
{
  XnLiveView *live;
  const char *name;
  double      at_least;
} HomeCount;

/* The label under @root reading @text in a selected row's cell (the
 * cell's child or the child's child), if any. */
static GtkWidget *
find_selected_label (GtkWidget  *root,
                     const char *text)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (c) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (c)), text) == 0
          && (gtk_widget_get_state_flags (gtk_widget_get_parent (c)) & GTK_STATE_FLAG_SELECTED
              || gtk_widget_get_state_flags (gtk_widget_get_parent (gtk_widget_get_parent (c))) & GTK_STATE_FLAG_SELECTED))
        return c;
      if ((found = find_selected_label (c, text)) != NULL)
        return found;
    }
  return NULL;
}

static GdkRGBA
color_of (GtkWidget *widget)
{
  GdkRGBA rgba;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &rgba);
  return rgba;
}

/* The Hosts tree's button for @name's line. */
static GtkWidget *
find_domain_link (GtkWidget  *root,
                  const char *name)
{
  g_autofree char *prefix = g_strdup_printf ("%s (", name);

  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (c) && gtk_widget_has_css_class (c, "xn-domain-link"))
        {
          GtkWidget *label = gtk_widget_get_last_child (gtk_button_get_child (GTK_BUTTON (c)));

          if (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), prefix))
            return c;
        }
      if ((found = find_domain_link (c, name)) != NULL)
        return found;
    }
  return NULL;
}

static const char *
selected_domain_name (XnLiveView *live)
{
  GtkSingleSelection *sel = GTK_SINGLE_SELECTION (gtk_column_view_get_model (home_table (live)));
  XnLiveRow *row = gtk_single_selection_get_selected_item (sel);

  return row != NULL ? xn_live_row_get_string (row, "name") : NULL;
}

static gboolean
home_count_reached (gpointer data)
{
  HomeCount *hc = data;

  return home_number (hc->live, hc->name, "violations") >= hc->at_least;
}

static gboolean
audit_names (gpointer data)
{
  XnLiveView *live = ((gpointer *) data)[0];
  const char *target = ((gpointer *) data)[1];
  GListModel *rows = xn_live_view_get_audit_rows (live);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(XnLiveRow) row = g_list_model_get_item (rows, i);

      if (g_str_equal (xn_live_row_get_string (row, "target"), target))
        return TRUE;
    }
  return FALSE;
}

static gboolean
domain_is (gpointer data)
{
  DomainState *ds = data;
  GListModel *m = G_LIST_MODEL (gtk_column_view_get_model (home_table (ds->live)));

  for (guint i = 0; i < g_list_model_get_n_items (m); i++)
    {
      g_autoptr(XnLiveRow) row = g_list_model_get_item (m, i);

      if (g_str_equal (xn_live_row_get_string (row, "name"), ds->name))
        return g_str_equal (xn_live_row_get_string (row, "state"), ds->state);
    }
  return FALSE;
}

static gboolean
host_connected (gpointer data)
{
  return xn_remote_host_get_state (data) == XN_REMOTE_HOST_CONNECTED;
}

static gboolean
has_rows (gpointer data)
{
  return g_list_model_get_n_items (data) > 0;
}

/* Closes every toast shown under @root, as its close button does. */
static void
close_toasts_under (GtkWidget *root)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      if (GTK_IS_BUTTON (c) && gtk_widget_get_ancestor (c, ADW_TYPE_TOAST_OVERLAY) != NULL
          && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (c)), "window-close-symbolic") == 0)
        g_signal_emit_by_name (c, "clicked");
      else
        close_toasts_under (c);
    }
}

static void
dismiss_toasts (GtkWidget *root)
{
  close_toasts_under (root);
  wait_ms (400);   /* the toast's way out */
}

static gboolean
has_dialog (gpointer data)
{
  *(GtkWidget **) data = find_message_dialog ();
  return *(GtkWidget **) data != NULL;
}

typedef struct
{
  XnEnterpriseView *view;
  const char       *host;
  const char       *domain;
  const char       *state;
} GridState;

/* The All Hosts grid shows @domain of @host in @state. */
static gboolean
grid_shows (gpointer data)
{
  GridState *g = data;
  GListModel *rows = xn_enterprise_view_get_rows (g->view);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(XnLiveRow) row = g_list_model_get_item (rows, i);

      if (g_str_equal (xn_live_row_get_string (row, "host"), g->host)
          && g_str_equal (xn_live_row_get_string (row, "name"), g->domain))
        return g_str_equal (xn_live_row_get_string (row, "state"), g->state);
    }
  return FALSE;
}

static gboolean
grid_idle (gpointer data)
{
  return !xn_enterprise_view_is_busy (data) && xn_enterprise_view_get_status (data) != NULL;
}

static gboolean
has_learn_dialog (gpointer data)
{
  GListModel *tops = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (tops); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (tops, i);

      if (XN_IS_LEARN_DIALOG (w) && xn_learn_dialog_is_ready (XN_LEARN_DIALOG (w)))
        {
          *(XnLearnDialog **) data = XN_LEARN_DIALOG (w);
          return TRUE;
        }
    }
  return FALSE;
}

/* "name[subops]" of the rules of profile @name in @policy. */
static char *
profile_rules (XnPolicy   *policy,
               const char *name)
{
  XnProfile *profile = XN_PROFILE (xn_object_list_lookup_name (xn_policy_get_profiles (policy), name));
  XnObjectList *rules = xn_profile_get_hypercalls (profile);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < xn_object_list_get_n_items (rules); i++)
    {
      XnHypercallRule *r = xn_object_list_get (rules, i);

      g_string_append_printf (s, " %s[%s]", xn_object_get_name (XN_OBJECT (r)),
                              xn_hypercall_rule_get_subops (r) ? xn_hypercall_rule_get_subops (r) : "*");
    }
  return g_string_free (s, FALSE);
}

static void
click (GtkWidget *root,
       const char *label)
{
  GtkWidget *b = find_button (root, label);

  ck_assert_msg (b != NULL, "no button “%s”", label);
  ck_assert_msg (gtk_widget_is_sensitive (b), "button “%s” is insensitive", label);
  g_signal_emit_by_name (b, "clicked");
}

/* The window on the policy at @path (NULL: the demo), in Live mode on
 * @host when not NULL. */
static XnWindow *
open_window_on (XnRemoteHost *host,
                const char   *policy)
{
  g_autofree char *path = policy ? g_strdup (policy) : xn_test_data_path ("xenon-enterprise-demo.xml");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  XnWindow *window;

  window = xn_window_new (NULL);
  ck_assert_msg (xn_window_open_file (window, file, &error), "open: %s", error ? error->message : "");
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  if (host != NULL)
    xn_window_set_live_host (window, host);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.toggle-live", NULL);
  return window;
}

static XnWindow *
open_window (XnRemoteHost *host)
{
  return open_window_on (host, NULL);
}

static gboolean
all_shown_are (gpointer data)
{
  GListModel *m = data;
  guint n = g_list_model_get_n_items (m);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XnLiveRow) row = g_list_model_get_item (m, i);

      if (!g_str_equal (xn_live_row_get_string (row, "domain"), "user_vm_1"))
        return FALSE;
    }
  return n > 0;
}

static gboolean
cap_shown (gpointer data)
{
  GListModel *m = data;

  for (guint i = 0; i < g_list_model_get_n_items (m); i++)
    {
      g_autoptr(XnLiveRow) row = g_list_model_get_item (m, i);

      if (g_str_equal (xn_live_row_get_string (row, "name"), "user_vm_1"))
        return g_str_has_suffix (xn_live_row_get_string (row, "cap"), " / 20");
    }
  return FALSE;
}

typedef struct
{
  XnPerfView *perf;
  guint64     after;
} Gen;

static gboolean
history_drawn (gpointer data)
{
  Gen *g = data;
  XnGraph *graph = xn_perf_view_get_graph (g->perf);

  return xn_perf_view_get_generation (g->perf) > g->after && xn_graph_get_n_series (graph) == 1
         && xn_graph_get_n_points (graph, 0) > 0;
}

START_TEST (test_live_mode)
{
  Daemon d = { 0 };
  g_autoptr(XnRemoteHost) host = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL, *csv = NULL;
  XnWindow *window;
  XnLiveView *live;
  GtkNotebook *nb;
  XnViolationsView *vv;
  XnPerfView *perf;
  GtkWidget *dialog = NULL;
  DomainState ds;
  GtkWidget *refused;
  g_autoptr(GVariant) rows = NULL;
  guint64 last = 0;
  gboolean more = FALSE;
  Gen gen;

  daemon_start (&d, "monitor;sysadmin;secadmin");
  host = xn_remote_host_new_local ("localhost", d.socket);
  window = open_window (host);
  live = xn_window_get_live_view (window);
  /* Not read yet is not "empty": the audit log says which. */
  ck_assert_str_eq (xn_live_view_get_audit_empty_title (live), "The audit log has not been read yet");
  xn_remote_host_connect_async (host, NULL, NULL, NULL);
  ck_assert_msg (wait_for (host_connected, host, 20), "not connected: %s", xn_remote_host_get_message (host));
  ds = (DomainState) { live, "user_vm_1", "running" };
  ck_assert_msg (wait_for (domain_is, &ds, 20), "Home does not show user_vm_1 running");
  wait_ms (300);
  title = g_strdup (gtk_window_get_title (GTK_WINDOW (window)));
  ck_assert_msg (g_str_has_prefix (title, "localhost – LIVE MODE – "), "%s", title);
  nb = GTK_NOTEBOOK (find_type (GTK_WIDGET (live), GTK_TYPE_NOTEBOOK));
  /* The seed's six tabs, then All Hosts. */
  ck_assert_int_eq (gtk_notebook_get_n_pages (nb), 7);
  screenshot (GTK_WIDGET (window), "live-home.png");
  /* Home's tables show whole values ("Wireless 8265 / 8275", not
   * "Wireles…"); a narrow table scrolls instead. */
  ck_assert_msg (!any_ellipsized (gtk_notebook_get_nth_page (GTK_NOTEBOOK (find_type (GTK_WIDGET (live), GTK_TYPE_NOTEBOOK)), 0)),
                 "a cell on Home is cut short");

  /* Lifecycle through the buttons, the state coming back from the host. */
  ck_assert (select_domain (live, "user_vm_2"));
  click (GTK_WIDGET (live), "_Start");
  ds = (DomainState) { live, "user_vm_2", "running" };
  ck_assert_msg (wait_for (domain_is, &ds, 20), "user_vm_2 did not start");
  ck_assert (select_domain (live, "user_vm_2"));
  click (GTK_WIDGET (live), "_Pause");
  ds = (DomainState) { live, "user_vm_2", "paused" };
  ck_assert_msg (wait_for (domain_is, &ds, 20), "user_vm_2 did not pause");
  ck_assert (select_domain (live, "user_vm_2"));
  click (GTK_WIDGET (live), "_Unpause");
  ds = (DomainState) { live, "user_vm_2", "running" };
  ck_assert_msg (wait_for (domain_is, &ds, 20), "user_vm_2 did not unpause");

  /* A selected running row: the state reads in the selection's own
   * colour, like the name beside it (green on the selection blue could
   * not be read). */
  ck_assert (select_domain (live, "user_vm_2"));
  wait_ms (200);
  {
    GtkWidget *state = find_selected_label (GTK_WIDGET (home_table (live)), "running");
    GtkWidget *name = find_selected_label (GTK_WIDGET (home_table (live)), "user_vm_2");
    GdkRGBA a, b;

    ck_assert_msg (state != NULL && name != NULL, "no selected row drawn");
    a = color_of (state);
    b = color_of (name);
    ck_assert_msg (gdk_rgba_equal (&a, &b), "state drawn in %s on the selected row, the name in %s",
                   gdk_rgba_to_string (&a), gdk_rgba_to_string (&b));
  }
  /* The Hosts tree: a domain line is chosen there and Home selects it; the
   * host row never takes the selection colour. */
  {
    GtkWidget *link = find_domain_link (GTK_WIDGET (xn_live_view_get_sidebar (live)), "user_vm_1");
    GtkListBox *list = GTK_LIST_BOX (find_type (GTK_WIDGET (xn_live_view_get_sidebar (live)), GTK_TYPE_LIST_BOX));

    ck_assert_msg (link != NULL, "the Hosts tree's domains cannot be chosen");
    g_signal_emit_by_name (link, "clicked");
    wait_ms (100);
    ck_assert_str_eq (selected_domain_name (live), "user_vm_1");
    ck_assert_int_eq (gtk_list_box_get_selection_mode (list), GTK_SELECTION_NONE);
    ck_assert_ptr_null (gtk_list_box_get_selected_row (list));
  }

  /* A start the exclusive conflict forbids: the daemon's reason shows. */
  ck_assert (select_domain (live, "personnel_mgr"));
  click (GTK_WIDGET (live), "_Start");
  {
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while ((refused = find_label_containing (GTK_WIDGET (window), "Start personnel_mgr refused")) == NULL
           && g_get_monotonic_time () < end)
      wait_ms (20);
  }
  ck_assert_msg (refused != NULL, "no refusal message");
  ck_assert_msg (strstr (gtk_label_get_text (GTK_LABEL (refused)), "tag_separation") != NULL, "%s",
                 gtk_label_get_text (GTK_LABEL (refused)));
  screenshot (GTK_WIDGET (window), "live-home-refused.png");
  /* Read: closed as its × does, so the screenshots below show the tabs. */
  dismiss_toasts (GTK_WIDGET (window));

  /* Policy tab: the running policy and the comparison with the editor. */
  xn_live_view_show_page (live, "policy");
  ck_assert_msg (find_label_containing (GTK_WIDGET (live), "xenon-enterprise-demo") != NULL,
                 "the Policy tab does not name the running policy");
  screenshot (GTK_WIDGET (window), "live-policy.png");

  /* Violations arrive from the compromised user_vm_1 through the signal. */
  xn_live_view_show_page (live, "violations");
  vv = XN_VIOLATIONS_VIEW (find_type (GTK_WIDGET (live), XN_TYPE_VIOLATIONS_VIEW));
  ck_assert_msg (wait_for (has_rows, xn_violations_view_get_rows (vv), 20), "no violations arrived");
  screenshot (GTK_WIDGET (window), "live-violations.png");
  /* Home's Violations column follows them without a Refresh (it stayed
   * at the figure of the last state change while All Hosts moved on). */
  {
    HomeCount hc = { live, "user_vm_1", 0 };

    wait_ms (1000);
    hc.at_least = daemon_number (host, "user_vm_1", "violations");
    ck_assert (hc.at_least > 0);
    ck_assert_msg (wait_for (home_count_reached, &hc, 10), "Home shows %.0f violations for user_vm_1, the host %.0f",
                   home_number (live, "user_vm_1", "violations"), hc.at_least);
  }
  /* Tab leaves the log for the buttons under it, not row by row. */
  {
    GtkWidget *list = find_type (GTK_WIDGET (vv), GTK_TYPE_LIST_VIEW);
    GtkWidget *focus;

    ck_assert (gtk_widget_child_focus (list, GTK_DIR_TAB_FORWARD));
    ck_assert (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), list));
    ck_assert_msg (press_bound_key (list, GDK_KEY_Tab), "Tab has no binding in the log");
    focus = gtk_root_get_focus (GTK_ROOT (window));
    ck_assert_msg (focus != NULL && !gtk_widget_is_ancestor (focus, list), "Tab stays in the log's rows");
    ck_assert_msg (GTK_IS_BUTTON (focus) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (focus)),
                                                       "_Get new policy violations") == 0,
                   "Tab goes to %s, not the first button under the log", focus ? G_OBJECT_TYPE_NAME (focus) : "nothing");
  }
  check_violations_sorting (vv);
  xn_violations_view_set_filter (vv, "user_vm_1", NULL);
  ck_assert (all_shown_are (xn_violations_view_get_shown (vv)));
  /* The domain-or-tag filter matches the start of names and completes
   * them; a filter without a match says so instead of a blank table. */
  xn_violations_view_set_filter (vv, "entert", NULL);
  ck_assert_msg (has_rows (xn_violations_view_get_shown (vv)), "\"entert\" finds nothing");
  ck_assert_ptr_null (xn_violations_view_get_empty_title (vv));
  {
    g_auto(GStrv) offered = xn_violations_view_get_suggestions (vv, "entert");

    ck_assert_msg (g_strv_contains ((const char *const *) offered, "entertainment"), "no completion");
  }
  xn_violations_view_set_filter (vv, "no-such-domain", NULL);
  ck_assert_uint_eq (g_list_model_get_n_items (xn_violations_view_get_shown (vv)), 0);
  ck_assert_msg (g_strcmp0 (xn_violations_view_get_empty_title (vv), "No violations match “no-such-domain”") == 0,
                 "an empty filter result has no empty state, or one that does not say what matched nothing: %s",
                 xn_violations_view_get_empty_title (vv));
  screenshot (GTK_WIDGET (window), "live-violations-no-match.png");
  xn_violations_view_set_filter (vv, "entertainment", "xen_version");
  ck_assert (wait_for (has_rows, xn_violations_view_get_shown (vv), 5));
  {
    g_autoptr(XnLiveRow) row = g_list_model_get_item (xn_violations_view_get_shown (vv), 0);

    ck_assert_msg (strstr (xn_live_row_get_string (row, "info"), "hcall=17(xen_version)") != NULL, "%s",
                   xn_live_row_get_string (row, "info"));
  }
  csv = xn_violations_view_dup_csv (vv);
  ck_assert (g_str_has_prefix (csv, "seq,status,domain,tag,when,reason,module,info\r\n"));
  ck_assert_msg (strstr (csv, "\"hcall=17(xen_version), cmd=1(extraversion)\"") != NULL, "%s", csv);
  xn_violations_view_set_filter (vv, NULL, NULL);

  /* Profile learning from Home: user_vm_1's probes are proposed, and
   * applied to the editor's copy of its profile as one undoable edit. */
  xn_live_view_show_page (live, "home");
  ck_assert (select_domain (live, "user_vm_1"));
  click (GTK_WIDGET (live), "Propose P_rofile…");
  {
    XnLearnDialog *learn = NULL;
    XnDocument *doc = xn_window_get_document (window);
    g_autofree char *before = profile_rules (xn_document_get_policy (doc), "PV-Entertainment");
    g_autofree char *after = NULL, *undone = NULL;

    ck_assert_msg (wait_for (has_learn_dialog, &learn, 20), "no proposal");
    ck_assert_msg (strstr (xn_learn_dialog_get_status (learn), "user_vm_1") != NULL,
                   "%s", xn_learn_dialog_get_status (learn));
    ck_assert_msg (find_label_containing (GTK_WIDGET (learn), "xen_version sub-op 1 (extraversion)") != NULL,
                   "the proposal does not name extraversion");
    ck_assert_msg (strstr (xn_learn_dialog_get_xml (learn), "name=\"PV-Entertainment\"") != NULL,
                   "%s", xn_learn_dialog_get_xml (learn));
    /* Enter applies the proposal, as the suggested button does. */
    ck_assert_msg (gtk_window_get_default_widget (GTK_WINDOW (learn))
                   == find_button (GTK_WIDGET (learn), "_Apply to Document"),
                   "Enter does nothing in the proposal dialog");
    wait_ms (200);
    screenshot (GTK_WIDGET (learn), "live-propose-profile.png");
    click (GTK_WIDGET (learn), "_Apply to Document");
    after = profile_rules (xn_document_get_policy (doc), "PV-Entertainment");
    ck_assert_msg (g_strcmp0 (before, after) != 0, "the profile did not change: %s", after);
    ck_assert_msg (strstr (after, " memory_op[") != NULL, "%s", after);
    ck_assert (!gtk_widget_is_sensitive (find_button (GTK_WIDGET (learn), "_Apply to Document")));
    ck_assert (xn_document_undo (doc, NULL));
    undone = profile_rules (xn_document_get_policy (doc), "PV-Entertainment");
    ck_assert_str_eq (undone, before);
    gtk_window_destroy (GTK_WINDOW (learn));
  }
  xn_live_view_show_page (live, "violations");

  click (GTK_WIDGET (vv), "_Mark violations as viewed");
  wait_ms (500);
  ck_assert (xn_host1_call_get_violations_sync (xn_remote_host_get_proxy (host), 0, 5, &rows, &last, &more,
                                                NULL, &error));
  ck_assert (g_variant_n_children (rows) > 0);
  {
    gboolean viewed = FALSE;

    g_variant_get_child (rows, 0, "(txssutsssb)", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, &viewed);
    ck_assert_msg (viewed, "the host does not have the first violation as viewed");
  }
  g_clear_pointer (&rows, g_variant_unref);

  click (GTK_WIDGET (vv), "C_lear policy violations");
  ck_assert_msg (wait_for (has_dialog, &dialog, 5), "no confirmation");
  answer_dialog (dialog, "accept");
  ck_assert_msg (find_label_containing (GTK_WIDGET (window), "archived") != NULL
                 || (wait_ms (1000), find_label_containing (GTK_WIDGET (window), "archived") != NULL),
                 "no report of the archived rows");
  /* The log after Clear: a page that says it is empty, not a blank
   * table (user_vm_1 was paused at its max-violations, so none come). */
  ck_assert_msg (g_strcmp0 (xn_violations_view_get_empty_title (vv), "No policy violations") == 0,
                 "the cleared log has no empty state (%u rows)",
                 g_list_model_get_n_items (xn_violations_view_get_shown (vv)));

  /* Current performance: every running domain, caps, aggregates. */
  xn_live_view_show_page (live, "performance");
  perf = XN_PERF_VIEW (find_type (GTK_WIDGET (live), XN_TYPE_PERF_VIEW));
  ck_assert_msg (wait_for (cap_shown, xn_perf_view_get_rows (perf, "domains"), 20), "no cap for user_vm_1");
  {
    GListModel *doms = xn_perf_view_get_rows (perf, "domains");
    GListModel *encs = xn_perf_view_get_rows (perf, "enclaves");
    const char *const keys[] = { "memory-kib", "hypercalls-per-s", "cpu-percent" };

    for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
      {
        double sum_d = 0, sum_e = 0;

        for (guint i = 0; i < g_list_model_get_n_items (doms); i++)
          {
            g_autoptr(XnLiveRow) r = g_list_model_get_item (doms, i);

            if (!g_str_equal (xn_live_row_get_string (r, "name"), "Domain-0"))
              sum_d += xn_live_row_get_number (r, keys[k]);
          }
        for (guint i = 0; i < g_list_model_get_n_items (encs); i++)
          {
            g_autoptr(XnLiveRow) r = g_list_model_get_item (encs, i);

            sum_e += xn_live_row_get_number (r, keys[k]);
          }
        /* Running and paused domains hold memory: the sum cannot be 0. */
        ck_assert_msg ((k > 0 || sum_d > 0) && fabs (sum_d - sum_e) <= 1e-6 * sum_d + 1e-9,
                       "%s: domains %f, enclaves %f", keys[k], sum_d, sum_e);
      }
  }
  screenshot (GTK_WIDGET (window), "live-performance.png");

  /* History: user_vm_1's CPU over 10 minutes. */
  xn_live_view_show_page (live, "history");
  wait_ms (500);
  gen = (Gen) { perf, xn_perf_view_get_generation (perf) };
  xn_perf_view_show_history (perf, (const char *const[]) { "user_vm_1", NULL }, "cpu-percent", 0);
  ck_assert_msg (wait_for (history_drawn, &gen, 20), "no history drawn");
  /* The graph's text alternative: its values as a table, a row per
   * thirtieth of the range, user_vm_1's mean where it has samples. */
  {
    GListModel *table = xn_perf_view_get_history_table (perf);
    guint with_value = 0;

    ck_assert_uint_eq (g_list_model_get_n_items (table), 30);
    for (guint i = 0; i < 30; i++)
      {
        g_autoptr(XnLiveRow) row = g_list_model_get_item (table, i);

        with_value += xn_live_row_get (row, "s0") != NULL;
      }
    ck_assert_msg (with_value > 0, "the table has no value of user_vm_1");
  }
  /* The value axis ticks at round values: 1, 2, 2.5 or 5 times a power of
   * ten, the top a whole number of steps. */
  {
    double step, top = xn_graph_get_value_axis (xn_perf_view_get_graph (perf), &step);
    double mantissa = step / pow (10, floor (log10 (step)));

    ck_assert_msg (fabs (mantissa - 1) < 1e-9 || fabs (mantissa - 2) < 1e-9 || fabs (mantissa - 2.5) < 1e-9
                   || fabs (mantissa - 5) < 1e-9, "ticks every %g", step);
    ck_assert_msg (fabs (top / step - round (top / step)) < 1e-6 && top / step >= 2 && top / step <= 6,
                   "axis top %g, step %g", top, step);
  }
  /* The time axis too: labels at round times of the local clock (every
   * 2 minutes over 10 minutes, at whole minutes), three to six of them. */
  {
    gint64 first, step = xn_graph_get_time_axis (xn_perf_view_get_graph (perf), &first);
    g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (first / G_USEC_PER_SEC);
    gint64 clock = (gint64) g_date_time_get_hour (at) * 3600 + g_date_time_get_minute (at) * 60
                   + g_date_time_get_second (at);

    ck_assert_int_eq (step, 120 * G_USEC_PER_SEC);
    ck_assert_msg (first % G_USEC_PER_SEC == 0 && clock % 120 == 0, "first time label at %02d:%02d:%02d",
                   g_date_time_get_hour (at), g_date_time_get_minute (at), g_date_time_get_second (at));
  }
  screenshot (GTK_WIDGET (window), "live-history.png");
  {
    /* The hover read-out names the time and each series' value. */
    g_autofree char *readout = xn_graph_dup_readout (xn_perf_view_get_graph (perf), g_get_real_time ());

    ck_assert_msg (strstr (readout, "\nuser_vm_1: ") != NULL && strstr (readout, " %") != NULL, "%s", readout);
    xn_graph_hover (xn_perf_view_get_graph (perf), gtk_widget_get_width (GTK_WIDGET (xn_perf_view_get_graph (perf))) - 40);
    screenshot (GTK_WIDGET (window), "live-history-hover.png");
    /* The dark theme: colours come from the style. */
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
    screenshot (GTK_WIDGET (window), "live-history-dark.png");
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
    xn_graph_hover (xn_perf_view_get_graph (perf), -1);
  }
  /* A toast (at the bottom of the window, libadwaita's place for them)
   * leaves the graph's legend in sight. */
  {
    GtkWidget *graph = GTK_WIDGET (xn_perf_view_get_graph (perf));
    GtkWidget *label, *toast, *close;
    graphene_rect_t legend, over;
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    xn_window_add_toast (window, "Policy applied on the host");
    while ((label = find_label_containing (GTK_WIDGET (window), "Policy applied on the host")) == NULL
           && g_get_monotonic_time () < end)
      wait_ms (20);
    ck_assert_msg (label != NULL, "no toast shown");
    wait_ms (500);   /* it slides in */
    for (toast = label; toast != NULL && g_strcmp0 (gtk_widget_get_css_name (toast), "toast") != 0;)
      toast = gtk_widget_get_parent (toast);
    ck_assert_msg (toast != NULL, "the toast's label is not in a toast");
    screenshot (GTK_WIDGET (window), "live-history-toast.png");
    ck_assert (xn_graph_get_legend_area (XN_GRAPH (graph), &legend));
    ck_assert (gtk_widget_compute_bounds (toast, graph, &over));
    ck_assert_msg (!graphene_rect_intersection (&legend, &over, NULL),
                   "the toast (%.0f,%.0f %.0fx%.0f) covers the legend (%.0f,%.0f %.0fx%.0f)", over.origin.x,
                   over.origin.y, over.size.width, over.size.height, legend.origin.x, legend.origin.y,
                   legend.size.width, legend.size.height);
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
    screenshot (GTK_WIDGET (window), "live-history-toast-dark.png");
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
    close = find_type (toast, GTK_TYPE_BUTTON);
    ck_assert_msg (close != NULL, "the toast has no close button");
    gtk_widget_activate (close);
  }

  /* Advanced: the audit log has the starts without a Refresh (it held
   * only what was there at connection), and the chain verifies. */
  xn_live_view_show_page (live, "advanced");
  {
    gpointer args[] = { live, (gpointer) "user_vm_2" };

    ck_assert_msg (wait_for (audit_names, args, 10), "the audit log does not show user_vm_2's start");
  }
  click (GTK_WIDGET (live), "_Verify audit chain");
  {
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (find_label_containing (GTK_WIDGET (live), "Audit chain intact") == NULL && g_get_monotonic_time () < end)
      wait_ms (20);
  }
  ck_assert_msg (find_label_containing (GTK_WIDGET (live), "Audit chain intact") != NULL, "chain not verified");
  /* The violations cleared above stay readable for an auditor: a Refresh
   * lists them under Cleared violations. */
  xn_live_view_refresh (live);
  {
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    GtkWidget *note = NULL;

    /* It said "0" before the Clear: wait for the reply to the Refresh. */
    while (((note = find_label_containing (GTK_WIDGET (live), "cleared violations, kept for audit")) == NULL
            || g_str_has_prefix (gtk_label_get_text (GTK_LABEL (note)), "0 "))
           && g_get_monotonic_time () < end)
      wait_ms (20);
    ck_assert_msg (note != NULL, "the Advanced tab does not list the cleared violations");
    ck_assert_msg (!g_str_has_prefix (gtk_label_get_text (GTK_LABEL (note)), "0 "),
                   "no cleared violation listed: %s", gtk_label_get_text (GTK_LABEL (note)));
  }
  screenshot (GTK_WIDGET (window), "live-advanced.png");

  gtk_window_destroy (GTK_WINDOW (window));
  xn_remote_host_disconnect (host);
  daemon_stop (&d);
}
END_TEST

typedef struct
{
  XnHost *host;
  guint   n;
} HardwareCount;

static gboolean
hardware_count_is (gpointer data)
{
  HardwareCount *c = data;

  return xn_object_list_get_n_items (xn_host_get_hardware (c->host)) == c->n;
}

/* Import Hardware from Host: a new document gets the connected host's PCI
 * devices (read over the daemon's GetHardware), as one undoable edit; a
 * second import finds nothing new. */
/* At its minimum width Live mode shows every tab's page inside the window:
 * tables scroll and rows of buttons fold rather than run past the right
 * edge, where nothing can reach them (the notebook's pages once needed
 * 1,186 px while the window could be 560 px wide). */
START_TEST (test_live_fits_narrowest_window)
{
  Daemon d = { 0 };
  g_autoptr(XnRemoteHost) host = NULL;
  XnWindow *window;
  XnLiveView *live;
  GtkNotebook *nb;
  DomainState ds;

  daemon_start (&d, "monitor;sysadmin;secadmin");
  host = xn_remote_host_new_local ("localhost", d.socket);
  window = open_window (host);
  live = xn_window_get_live_view (window);
  xn_remote_host_connect_async (host, NULL, NULL, NULL);
  ck_assert_msg (wait_for (host_connected, host, 20), "not connected: %s", xn_remote_host_get_message (host));
  ds = (DomainState) { live, "user_vm_1", "running" };
  ck_assert_msg (wait_for (domain_is, &ds, 20), "Home does not show user_vm_1 running");
  nb = GTK_NOTEBOOK (find_type (GTK_WIDGET (live), GTK_TYPE_NOTEBOOK));
  for (int i = 0; i < gtk_notebook_get_n_pages (nb); i++)
    {
      g_autofree char *wider = NULL;
      const char *tab = gtk_notebook_get_tab_label_text (nb, gtk_notebook_get_nth_page (nb, i));
      int min_w, width;

      gtk_notebook_set_current_page (nb, i);
      wait_ms (300);
      /* The minimum of what is shown now, then the window at it. */
      gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_w, NULL, NULL, NULL);
      ck_assert_int_le (min_w, 960);
      gtk_window_set_default_size (GTK_WINDOW (window), min_w, 760);
      for (int t = 0; t < 40 && gtk_widget_get_width (GTK_WIDGET (window)) > min_w; t++)
        wait_ms (50);
      wait_ms (300);
      width = gtk_widget_get_width (GTK_WIDGET (window));
      ck_assert_int_le (width, min_w);
      wider = dup_wider_than_window (GTK_WIDGET (window), GTK_WIDGET (window));
      g_print ("Live mode, %s, at the minimum width, %d px: %s\n", tab, width, wider ? wider : "all inside");
      {
        g_autofree char *name = g_strdup_printf ("live-narrowest-%d.png", i);

        screenshot (GTK_WIDGET (window), name);
      }
      ck_assert_msg (wider == NULL, "Live mode's %s at the minimum width (%d px): %s runs past the window", tab,
                     width, wider);
      gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
      wait_ms (100);
    }
  gtk_window_destroy (GTK_WINDOW (window));
  daemon_stop (&d);
}
END_TEST

START_TEST (test_import_hardware)
{
  Daemon d = { 0 };
  g_autoptr(XnRemoteHost) host = NULL;
  g_autoptr(XnDocument) empty = xn_document_new_from_template ();
  g_autofree char *demo_path = xn_test_data_path ("xenon-enterprise-demo.xml");
  g_autoptr(XnPolicy) demo = xn_policy_load_file (demo_path, NULL);
  XnHost *demo_host = xn_object_list_get (xn_policy_get_hosts (demo), 0);
  XnHost *doc_host = xn_document_get_host (empty);
  XnObjectList *hw = xn_host_get_hardware (doc_host);
  GtkWidget *dialog = NULL;
  HardwareCount count;
  XnWindow *window;
  XnDevice *first;

  daemon_start (&d, "monitor");
  host = xn_remote_host_new_local ("localhost", d.socket);
  window = open_window (host);
  xn_window_set_document (window, empty);

  /* Before the host is connected: a message, and nothing imported. */
  gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.import-hardware", NULL);
  ck_assert_msg (wait_for (has_dialog, &dialog, 5), "no message without a connected host");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ck_assert_uint_eq (xn_object_list_get_n_items (hw), 0);

  xn_remote_host_connect_async (host, NULL, NULL, NULL);
  ck_assert (wait_for (host_connected, host, 20));
  gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.import-hardware", NULL);
  count = (HardwareCount) { doc_host, xn_object_list_get_n_items (xn_host_get_hardware (demo_host)) };
  ck_assert_uint_gt (count.n, 2);
  ck_assert_msg (wait_for (hardware_count_is, &count, 20), "%u devices imported, not %u",
                 xn_object_list_get_n_items (hw), count.n);
  first = xn_object_list_get (hw, 0);
  ck_assert_str_eq (xn_device_get_bdf (first),
                    xn_device_get_bdf (xn_object_list_get (xn_host_get_hardware (demo_host), 0)));
  ck_assert (g_strcmp0 (xn_device_get_mac (first),
                        xn_device_get_mac (xn_object_list_get (xn_host_get_hardware (demo_host), 0))) == 0);
  ck_assert_msg (wait_for (has_dialog, &dialog, 5), "no report of the import");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ck_assert_uint_eq (xn_command_stack_get_n_undo (xn_document_get_stack (empty)), 1);

  /* Again: every device is there already. */
  gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.import-hardware", NULL);
  ck_assert_msg (wait_for (has_dialog, &dialog, 10), "no report of the second import");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ck_assert_uint_eq (xn_object_list_get_n_items (hw), count.n);
  ck_assert_uint_eq (xn_command_stack_get_n_undo (xn_document_get_stack (empty)), 1);

  gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.undo", NULL);
  ck_assert_uint_eq (xn_object_list_get_n_items (hw), 0);

  gtk_window_destroy (GTK_WINDOW (window));
  xn_remote_host_disconnect (host);
  daemon_stop (&d);
}
END_TEST

/* The open window of @type (a dialog an action opened). */
static GtkWindow *
toplevel_of_type (GType type)
{
  GListModel *tops = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (tops); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (tops, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return GTK_WINDOW (w);
    }
  return NULL;
}

/* Types into the editor's field for @property of @object, as a user would. */
static void
type_into (XnWindow   *window,
           gpointer    object,
           const char *property,
           const char *text)
{
  g_autofree char *key = g_strdup_printf ("%s:%s", xn_object_get_uuid (XN_OBJECT (object)), property);
  GtkWidget *field;

  xn_window_select_object (window, XN_OBJECT (object));
  field = xn_editor_find_field (xn_window_get_editor (window), key);
  ck_assert_msg (GTK_IS_EDITABLE (field), "no field %s", key);
  gtk_editable_set_text (GTK_EDITABLE (field), text);
  wait_ms (20);
}

/* Chooses @choice in the editor's drop-down for the reference @property. */
static void
choose_in (XnWindow   *window,
           gpointer    object,
           const char *property,
           GListModel *choices,
           gpointer    choice)
{
  g_autofree char *key = g_strdup_printf ("%s:%s", xn_object_get_uuid (XN_OBJECT (object)), property);
  GtkWidget *field;
  guint pos = GTK_INVALID_LIST_POSITION;

  xn_window_select_object (window, XN_OBJECT (object));
  field = xn_editor_find_field (xn_window_get_editor (window), key);
  ck_assert_msg (GTK_IS_DROP_DOWN (field), "no drop-down %s", key);
  for (guint i = 0; i < g_list_model_get_n_items (choices); i++)
    {
      g_autoptr(GObject) o = g_list_model_get_item (choices, i);
      if (o == choice)
        pos = i + 1;            /* after "(none)" */
    }
  ck_assert_uint_ne (pos, GTK_INVALID_LIST_POSITION);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (field), pos);
  wait_ms (20);
}

static XnObject *
add_through (XnWindow   *window,
             const char *action,
             const char *name,
             XnObject   *choice)
{
  XnAddDialog *add;
  XnObject *made;

  gtk_widget_activate_action_variant (GTK_WIDGET (window), action, NULL);
  wait_ms (20);
  add = XN_ADD_DIALOG (toplevel_of_type (XN_TYPE_ADD_DIALOG));
  ck_assert_msg (add != NULL, "%s opened no dialog", action);
  xn_add_dialog_set_name (add, name);
  ck_assert (xn_add_dialog_choose (add, choice));
  made = xn_add_dialog_accept (add);
  ck_assert_msg (made != NULL, "%s %s refused: %s", action, name, xn_add_dialog_get_problem (add));
  return made;
}

static GtkDropTarget *
drop_target_of (XnWindow *window,
                XnObject *target)
{
  return xn_hardware_view_get_drop_target (xn_window_get_hardware (window), target);
}

/* The seed's demo policy drawn from File → New with the editor's own
 * actions, dialogs, fields and drops: hardware read from the host, three
 * tags in one conflict, their labels, enclaves and domains, a network
 * switch driven by Domain-0 with VIFs of three tags, a network service VM
 * with its own switch from the wizard, a controller dropped on an enclave.
 * The result passes the lint, separates the tags as the demo does, and
 * saves as a document that opens again. */
START_TEST (test_build_from_empty)
{
  static const char *const tag_names[] = { "human_resources", "entertainment", "security" };
  Daemon d = { 0 };
  g_autoptr(XnRemoteHost) host = NULL;
  g_autoptr(XnDocument) doc = xn_document_new_from_template ();
  XnPolicy *policy = xn_document_get_policy (doc);
  XnHost *h = xn_document_get_host (doc);
  g_autofree char *dir = g_dir_make_tmp ("xn-from-empty-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "drawn.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(XnPolicy) again = NULL;
  g_autoptr(GListModel) issues = NULL;
  g_autoptr(XnMatrix) matrix = NULL;
  XnObject *tags[3], *labels[3], *enclaves[3], *conflict, *profile;
  XnDomain *personnel, *hr_net;
  XnNetSwitch *sw;
  XnServiceVmDialog *wizard;
  GtkWidget *dialog = NULL;
  HardwareCount count;
  XnDevice *storage = NULL;
  XnVif *vif;
  XnWindow *window;
  GString *errors = g_string_new (NULL);

  daemon_start (&d, "monitor");
  host = xn_remote_host_new_local ("localhost", d.socket);
  window = open_window (host);
  xn_window_set_document (window, doc);
  xn_remote_host_connect_async (host, NULL, NULL, NULL);
  ck_assert (wait_for (host_connected, host, 20));
  /* Back to the editor: drawing happens there. */
  gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.toggle-live", NULL);
  wait_ms (100);
  ck_assert_msg (strstr (gtk_window_get_title (GTK_WINDOW (window)), "POLICY EDITOR MODE") != NULL, "%s",
                 gtk_window_get_title (GTK_WINDOW (window)));

  /* The host's hardware into the empty document. */
  gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.import-hardware", NULL);
  {
    g_autofree char *demo_path = xn_test_data_path ("xenon-enterprise-demo.xml");
    g_autoptr(XnPolicy) demo = xn_policy_load_file (demo_path, NULL);

    count = (HardwareCount) { h, xn_object_list_get_n_items (xn_host_get_hardware (xn_object_list_get (xn_policy_get_hosts (demo), 0))) };
  }
  ck_assert_msg (wait_for (hardware_count_is, &count, 20), "%u devices",
                 xn_object_list_get_n_items (xn_host_get_hardware (h)));
  ck_assert (wait_for (has_dialog, &dialog, 5));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Tags, named in their forms; one conflict holding all three. */
  for (guint i = 0; i < 3; i++)
    {
      gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.add-tag", NULL);
      tags[i] = xn_object_list_get (xn_policy_get_tags (policy), i);
      type_into (window, tags[i], "name", tag_names[i]);
      ck_assert_str_eq (xn_object_get_name (tags[i]), tag_names[i]);
    }
  gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.add-conflict", NULL);
  conflict = xn_object_list_get (xn_policy_get_conflicts (policy), 0);
  type_into (window, conflict, "name", "tag_separation");
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *key = g_strdup_printf ("tag:%s", tag_names[i]);
      GtkWidget *check = xn_editor_find_field (xn_window_get_editor (window), key);

      ck_assert_msg (GTK_IS_CHECK_BUTTON (check), "no check %s", key);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      wait_ms (20);
      ck_assert (xn_conflict_has_tag (XN_CONFLICT (conflict), xn_object_get_uuid (tags[i])));
    }

  /* A label per tag, on built-in profiles. */
  profile = XN_OBJECT (xn_policy_find_profile_by_name (policy, "PV-LinuxGeneric"));
  ck_assert_ptr_nonnull (profile);
  for (guint i = 0; i < 3; i++)
    {
      static const char *const names[] = { "hr_vms", "user_vms", "sec_vms" };

      gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.add-sec-label", NULL);
      labels[i] = xn_object_list_get (xn_policy_get_sec_labels (policy), i);
      type_into (window, labels[i], "name", names[i]);
      choose_in (window, labels[i], "tag-uuid", G_LIST_MODEL (xn_policy_get_tags (policy)), tags[i]);
      choose_in (window, labels[i], "profile-uuid", G_LIST_MODEL (xn_policy_get_profiles (policy)), profile);
      ck_assert_ptr_eq (xn_sec_label_get_tag (XN_SEC_LABEL (labels[i])), XN_TAG (tags[i]));
    }

  /* Enclaves through Add enclave…, domains through Add domain…. */
  for (guint i = 0; i < 3; i++)
    enclaves[i] = add_through (window, "win.add-enclave", tag_names[i], tags[i]);
  personnel = XN_DOMAIN (add_through (window, "win.add-domain", "personnel_mgr", labels[0]));
  ck_assert_ptr_eq (xn_domain_get_enclave (personnel), XN_ENCLAVE (enclaves[0]));
  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("user_vm_%u", i);
      XnObject *dom = add_through (window, "win.add-domain", name, labels[1]);
      ck_assert_ptr_eq (xn_domain_get_enclave (XN_DOMAIN (dom)), XN_ENCLAVE (enclaves[1]));
    }

  /* The security enclave's domains. */
  add_through (window, "win.add-domain", "firewall", labels[2]);
  add_through (window, "win.add-domain", "nids", labels[2]);

  /* The demo's shared switch secbr0, driven by Domain-0, its address in
   * its form; VIFs of three tags on it, their addresses typed in. */
  sw = XN_NET_SWITCH (add_through (window, "win.add-switch", "secbr0", XN_OBJECT (xn_host_get_domain0 (h))));
  ck_assert_ptr_eq (xn_net_switch_get_driver_domain (sw), xn_host_get_domain0 (h));
  type_into (window, sw, "address", "10.10.4.1");
  type_into (window, sw, "netmask", "255.255.255.0");
  ck_assert_str_eq (xn_net_switch_get_netmask (sw), "255.255.255.0");
  {
    static const char *const on_switch[][2] = { { "personnel_mgr", "10.10.4.31" }, { "user_vm_1", "10.10.4.21" },
                                                { "nids", "10.10.4.11" } };

    for (guint i = 0; i < G_N_ELEMENTS (on_switch); i++)
      {
        XnDomain *dom = xn_host_find_domain_by_name (h, on_switch[i][0]);
        g_autofree char *key = NULL;
        GtkWidget *ip;

        xn_window_select_object (window, XN_OBJECT (dom));
        gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.add-vif", NULL);
        ck_assert_uint_eq (xn_object_list_get_n_items (xn_domain_get_vifs (dom)), 1);
        vif = xn_object_list_get (xn_domain_get_vifs (dom), 0);
        ck_assert_ptr_eq (xn_vif_get_net_switch (vif), sw);
        /* A VIF is edited in its domain's form. */
        key = g_strdup_printf ("%s:ip", xn_object_get_uuid (XN_OBJECT (vif)));
        ip = xn_editor_find_field (xn_window_get_editor (window), key);
        ck_assert_msg (GTK_IS_EDITABLE (ip), "no field %s", key);
        gtk_editable_set_text (GTK_EDITABLE (ip), on_switch[i][1]);
        wait_ms (20);
        ck_assert_str_eq (xn_vif_get_ip (vif), on_switch[i][1]);
      }
  }

  /* human_resources' own network service from the wizard: a new label on
   * the built-in NetworkService profile, a NIC and its switch. */
  xn_window_select_object (window, enclaves[0]);
  gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.add-service-vms", g_variant_new_string ("network"));
  wait_ms (20);
  wizard = XN_SERVICE_VM_DIALOG (toplevel_of_type (XN_TYPE_SERVICE_VM_DIALOG));
  ck_assert_ptr_nonnull (wizard);
  xn_service_vm_dialog_set_fields (wizard, "hr-net", "hrbr0", "10.10.5.1", "255.255.255.0");
  hr_net = xn_service_vm_dialog_accept (wizard);
  ck_assert_msg (hr_net != NULL, "wizard refused");
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_domain_get_pci_devices (hr_net)), 1);

  /* The storage controller dropped on the human_resources enclave. */
  for (guint i = 0; i < xn_object_list_get_n_items (xn_host_get_hardware (h)); i++)
    if (xn_device_get_device_class (xn_object_list_get (xn_host_get_hardware (h), i)) == XN_DEVICE_CATEGORY_STORAGE)
      storage = xn_object_list_get (xn_host_get_hardware (h), i);
  ck_assert_ptr_nonnull (storage);
  xn_window_show_view (window, "domains");
  wait_ms (200);
  {
    g_auto(GValue) value = G_VALUE_INIT;
    gboolean ok = FALSE;

    g_value_init (&value, XN_TYPE_DEVICE);
    g_value_set_object (&value, storage);
    g_signal_emit_by_name (drop_target_of (window, enclaves[0]), "drop", &value, 1.0, 1.0, &ok);
    wait_ms (50);
    ck_assert_msg (ok, "the drop was refused");
  }
  ck_assert_ptr_eq (xn_device_get_enclave (storage), XN_ENCLAVE (enclaves[0]));
  screenshot (GTK_WIDGET (window), "screenshot-built-from-empty.png");

  /* No lint error; the tags separated as in the seed. */
  issues = xn_document_lint (doc);
  for (guint i = 0; i < g_list_model_get_n_items (issues); i++)
    {
      g_autoptr(XnLintIssue) issue = g_list_model_get_item (issues, i);
      if (xn_lint_issue_get_severity (issue) == XN_LINT_SEVERITY_ERROR)
        g_string_append_printf (errors, "%s: %s\n", xn_lint_issue_get_code (issue), xn_lint_issue_get_message (issue));
    }
  ck_assert_msg (errors->len == 0, "lint errors:\n%s", errors->str);
  g_string_free (errors, TRUE);
  matrix = xn_matrix_new (policy);
  for (guint i = 0; i < 3; i++)
    for (guint j = 0; j < 3; j++)
      if (i != j)
        ck_assert (!xn_matrix_tags_may_communicate (matrix, xn_matrix_find_tag (matrix, tag_names[i]),
                                                    xn_matrix_find_tag (matrix, tag_names[j])));

  /* Saved, it opens again: schema-valid, with everything in it. */
  ck_assert_msg (xn_document_save (doc, file, &error), "%s", error ? error->message : "");
  again = xn_policy_load_file (path, &error);
  ck_assert_msg (again != NULL, "reopen: %s", error ? error->message : "");
  ck_assert_ptr_nonnull (xn_host_find_domain_by_name (xn_object_list_get (xn_policy_get_hosts (again), 0), "user_vm_3"));
  ck_assert_ptr_nonnull (xn_host_find_net_switch_by_name (xn_object_list_get (xn_policy_get_hosts (again), 0), "secbr0"));
  ck_assert_ptr_nonnull (xn_host_find_net_switch_by_name (xn_object_list_get (xn_policy_get_hosts (again), 0), "hrbr0"));

  /* Signed (the Sign… dialog's path) with a key made here. */
  {
    g_autofree char *key = g_build_filename (dir, "officer.key", NULL);
    g_autofree char *cert = g_build_filename (dir, "officer.pem", NULL);
    g_autofree char *tmpl = g_build_filename (dir, "officer.tmpl", NULL);
    g_autofree char *signed_path = g_build_filename (dir, "drawn.signed.xml", NULL);
    g_autoptr(GFile) signed_file = g_file_new_for_path (signed_path);
    g_autofree char *text = NULL;

    ck_assert (g_file_set_contents (tmpl, "cn = \"From-empty officer\"\nsigning_key\nexpiration_days = 30\n", -1, NULL));
    if (xn_test_certtool (NULL, NULL, NULL, "--generate-privkey", "--key-type", "rsa", "--bits", "2048",
                          "--no-text", "--outfile", key, NULL)
        && xn_test_certtool (NULL, NULL, NULL, "--generate-self-signed", "--load-privkey", key,
                             "--template", tmpl, "--outfile", cert, NULL))
      {
        ck_assert_msg (xn_window_sign_to (window, key, cert, signed_file, &error), "sign: %s",
                       error ? error->message : "");
        ck_assert (g_file_get_contents (signed_path, &text, NULL, NULL));
        ck_assert (strstr (text, "<ds:Signature") != NULL || strstr (text, "<Signature") != NULL);
        ck_assert (strstr (text, "secbr0") != NULL);
      }
    else
      g_print ("SKIP part: certtool (gnutls-bin) missing, signing not tested\n");
    g_unlink (signed_path);
    g_unlink (key);
    g_unlink (cert);
    g_unlink (tmpl);
  }

  /* Exported as a template through File → Export Template… and its
   * chooser: host-bound parts gone, the structure kept. */
  {
    g_autofree char *tpath = g_build_filename (dir, "drawn.template.xml", NULL);
    g_autoptr(GFile) tfile = g_file_new_for_path (tpath);
    g_autoptr(XnPolicy) tmpl = NULL;
    GtkNativeDialog *chooser;
    XnHost *th;

    gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.export-template", NULL);
    wait_ms (50);
    chooser = xn_dialogs_get_file_chooser ();
    ck_assert_msg (chooser != NULL, "no file chooser");
    {
      /* The chooser reads the folder asynchronously and may reset the
       * name when it is done: set both until they hold for a while. */
      g_autoptr(GFile) folder = g_file_get_parent (tfile);
      int stable = 0;

      for (int i = 0; i < 200 && stable < 6; i++)
        {
          g_autoptr(GFile) chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

          if (chosen != NULL && g_file_equal (chosen, tfile))
            stable++;
          else
            {
              stable = 0;
              gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
              gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "drawn.template.xml");
            }
          wait_ms (50);
        }
      ck_assert_msg (stable >= 6, "the chooser never settled on %s", tpath);
    }
    g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_ACCEPT);
    wait_ms (100);
    ck_assert_msg (!has_dialog (&dialog), "the export reported a problem");
    tmpl = xn_policy_load_file (tpath, &error);
    ck_assert_msg (tmpl != NULL, "template: %s", error ? error->message : "");
    th = xn_object_list_get (xn_policy_get_hosts (tmpl), 0);
    ck_assert_ptr_nonnull (xn_host_find_domain_by_name (th, "personnel_mgr"));
    for (guint i = 0; i < xn_object_list_get_n_items (xn_host_get_hardware (th)); i++)
      {
        const char *mac = xn_device_get_mac (xn_object_list_get (xn_host_get_hardware (th), i));
        ck_assert_msg (mac == NULL || g_str_equal (mac, "00:00:00:00:00:00"), "MAC %s kept", mac);
      }
    g_unlink (tpath);
  }

  g_unlink (path);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
  xn_remote_host_disconnect (host);
  daemon_stop (&d);
}
END_TEST

START_TEST (test_monitor_only)
{
  Daemon d = { 0 };
  g_autoptr(XnRemoteHost) host = NULL;
  XnWindow *window;
  XnLiveView *live;
  XnViolationsView *vv;
  DomainState ds;

  daemon_start (&d, "monitor");
  host = xn_remote_host_new_local ("localhost", d.socket);
  window = open_window (host);
  live = xn_window_get_live_view (window);
  xn_remote_host_connect_async (host, NULL, NULL, NULL);
  ck_assert (wait_for (host_connected, host, 20));
  ck_assert (!xn_remote_host_has_role (host, "sysadmin"));
  ds = (DomainState) { live, "user_vm_2", "stopped" };
  ck_assert_msg (wait_for (domain_is, &ds, 20), "no domains");
  ck_assert (select_domain (live, "user_vm_2"));
  ck_assert (!gtk_widget_is_sensitive (find_button (GTK_WIDGET (live), "_Start")));
  xn_live_view_show_page (live, "violations");
  vv = XN_VIOLATIONS_VIEW (find_type (GTK_WIDGET (live), XN_TYPE_VIOLATIONS_VIEW));
  ck_assert (wait_for (has_rows, xn_violations_view_get_rows (vv), 20));
  ck_assert (!gtk_widget_is_sensitive (find_button (GTK_WIDGET (vv), "C_lear policy violations")));
  ck_assert (gtk_widget_is_sensitive (find_button (GTK_WIDGET (vv), "_Mark violations as viewed")));
  screenshot (GTK_WIDGET (window), "live-monitor-only.png");

  gtk_window_destroy (GTK_WINDOW (window));
  xn_remote_host_disconnect (host);
  daemon_stop (&d);
}
END_TEST


static gboolean
push_done (gpointer data)
{
  return !xn_push_dialog_is_busy (data);
}

static guint64
running_serial (XnRemoteHost *host)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL, *signer = NULL;
  g_autoptr(GVariant) doc = NULL;
  guint64 serial = 0;
  gint64 applied = 0;

  ck_assert_msg (xn_host1_call_get_policy_sync (xn_remote_host_get_proxy (host), &serial, &name, &signer,
                                                &applied, &doc, NULL, &error), "%s", error ? error->message : "");
  return serial;
}

/* Apply to Hosts…: an untrusted signer refused at the dry run and nothing
 * pushed; the serial raised as an undoable edit; a trusted dry run, then
 * the push; the same serial again refused as a rollback. */
START_TEST (test_push)
{
  Daemon d = { 0 };
  g_autoptr(XnRemoteHost) host = NULL;
  g_autoptr(GListStore) hosts = g_list_store_new (XN_TYPE_REMOTE_HOST);
  g_autofree char *key = NULL, *cert = NULL, *tmpl = NULL, *trusted = NULL, *pem = NULL;
  XnWindow *window;
  XnPushDialog *dialog;
  XnDocument *doc;
  XnPolicy *policy;

  daemon_start (&d, "monitor;sysadmin;secadmin");
  key = g_build_filename (d.dir, "officer.key", NULL);
  cert = g_build_filename (d.dir, "officer.pem", NULL);
  tmpl = g_build_filename (d.dir, "officer.tmpl", NULL);
  trusted = g_build_filename (d.dir, "trust", "officer.pem", NULL);
  ck_assert (g_file_set_contents (tmpl, "cn = \"Live test officer\"\nca\ncert_signing_key\nsigning_key\n"
                                  "expiration_days = 30\n", -1, NULL));
  if (!xn_test_certtool (NULL, NULL, NULL, "--generate-privkey", "--key-type", "rsa", "--bits", "2048",
                         "--no-text", "--outfile", key, NULL)
      || !xn_test_certtool (NULL, NULL, NULL, "--generate-self-signed", "--load-privkey", key,
                            "--template", tmpl, "--outfile", cert, NULL))
    {
      g_print ("SKIP part: certtool (gnutls-bin) missing, push not tested\n");
      daemon_stop (&d);
      return;
    }
  host = xn_remote_host_new_local ("localhost", d.socket);
  window = open_window (host);
  xn_remote_host_connect_async (host, NULL, NULL, NULL);
  ck_assert (wait_for (host_connected, host, 20));
  doc = xn_window_get_document (window);
  policy = xn_document_get_policy (doc);
  g_list_store_append (hosts, host);
  dialog = xn_push_dialog_new (GTK_WINDOW (window), doc, G_LIST_MODEL (hosts));
  gtk_window_present (GTK_WINDOW (dialog));
  xn_push_dialog_set_keys (dialog, key, cert);

  /* Untrusted: the dry run is refused and Apply pushes nothing. */
  click (GTK_WIDGET (dialog), "_Increase serial");
  ck_assert_uint_eq (xn_policy_get_serial (policy), 8);
  xn_push_dialog_dry_run (dialog);
  ck_assert (wait_for (push_done, dialog, 60));
  ck_assert (!xn_push_dialog_get_dry_run_ok (dialog, "localhost"));
  ck_assert_msg (strstr (xn_push_dialog_get_result (dialog, "localhost"), "trusted certificate") != NULL, "%s",
                 xn_push_dialog_get_result (dialog, "localhost"));
  ck_assert (!gtk_widget_is_sensitive (find_button (GTK_WIDGET (dialog), "_Apply")));
  xn_push_dialog_apply (dialog);
  ck_assert (wait_for (push_done, dialog, 10));
  ck_assert_uint_eq (running_serial (host), 7);

  /* Trusted: dry run, then the push. */
  ck_assert (g_file_get_contents (cert, &pem, NULL, NULL));
  ck_assert (g_file_set_contents (trusted, pem, -1, NULL));
  xn_push_dialog_dry_run (dialog);
  ck_assert (wait_for (push_done, dialog, 60));
  ck_assert_msg (xn_push_dialog_get_dry_run_ok (dialog, "localhost"), "%s",
                 xn_push_dialog_get_result (dialog, "localhost"));
  ck_assert_msg (strstr (xn_push_dialog_get_result (dialog, "localhost"), "Serial 7 → 8") != NULL, "%s",
                 xn_push_dialog_get_result (dialog, "localhost"));
  ck_assert_uint_eq (running_serial (host), 7);
  screenshot (GTK_WIDGET (dialog), "live-push-dry-run.png");
  click (GTK_WIDGET (dialog), "_Apply");
  ck_assert (wait_for (push_done, dialog, 60));
  ck_assert_msg (g_str_has_prefix (xn_push_dialog_get_result (dialog, "localhost"), "Applied"), "%s",
                 xn_push_dialog_get_result (dialog, "localhost"));
  ck_assert_uint_eq (running_serial (host), 8);
  screenshot (GTK_WIDGET (dialog), "live-push-applied.png");

  /* The same serial again is a rollback. */
  xn_push_dialog_dry_run (dialog);
  ck_assert (wait_for (push_done, dialog, 60));
  ck_assert (!xn_push_dialog_get_dry_run_ok (dialog, "localhost"));
  ck_assert_msg (strstr (xn_push_dialog_get_result (dialog, "localhost"), "serial") != NULL, "%s",
                 xn_push_dialog_get_result (dialog, "localhost"));

  /* Raising the serial was one undoable edit. */
  gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.undo", NULL);
  ck_assert_uint_eq (xn_policy_get_serial (policy), 7);

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  xn_remote_host_disconnect (host);
  daemon_stop (&d);
}
END_TEST

typedef struct
{
  XnHostsSidebar *sidebar;
  const char     *needle;
  guint           count;
} SidebarText;

static gboolean
sidebar_shows (gpointer data)
{
  SidebarText *t = data;
  g_autofree char *text = xn_hosts_sidebar_dup_text (t->sidebar);
  guint n = 0;

  for (const char *p = strstr (text, t->needle); p != NULL; p = strstr (p + 1, t->needle))
    n++;
  return n >= t->count;
}

/* The enterprise view: two hosts in the Hosts tree with their enclaves
 * and domains; choosing one shows it in the tabs; Apply to Hosts offers
 * both. */
START_TEST (test_enterprise)
{
  Daemon a = { 0 }, b = { 0 };
  g_autoptr(XnRemoteHost) ha = NULL, hb = NULL;
  g_autoptr(GListStore) hosts = g_list_store_new (XN_TYPE_REMOTE_HOST);
  g_autofree char *text = NULL;
  XnWindow *window;
  XnLiveView *live;
  XnHostsSidebar *sidebar;
  SidebarText st;
  GtkWidget *list, *row;

  daemon_start (&a, "monitor;sysadmin;secadmin");
  daemon_start (&b, "monitor");
  ha = xn_remote_host_new_local ("host-a", a.socket);
  hb = xn_remote_host_new_local ("host-b", b.socket);
  g_list_store_append (hosts, ha);
  g_list_store_append (hosts, hb);
  window = open_window (NULL);
  live = xn_window_get_live_view (window);
  xn_live_view_set_hosts (live, G_LIST_MODEL (hosts));
  ck_assert (xn_live_view_get_host (live) == ha);
  xn_remote_host_connect_async (ha, NULL, NULL, NULL);
  xn_remote_host_connect_async (hb, NULL, NULL, NULL);
  ck_assert (wait_for (host_connected, ha, 20) && wait_for (host_connected, hb, 20));
  sidebar = xn_live_view_get_sidebar (live);
  st = (SidebarText) { sidebar, "user_vm_1 (running)", 2 };
  ck_assert_msg (wait_for (sidebar_shows, &st, 20), "the Hosts tree does not show both hosts' domains");
  text = xn_hosts_sidebar_dup_text (sidebar);
  ck_assert_msg (strstr (text, "host-a — local, simulated | connected") != NULL, "%s", text);
  ck_assert_msg (strstr (text, "host-b") != NULL && strstr (text, "  entertainment\n") != NULL, "%s", text);
  screenshot (GTK_WIDGET (window), "live-enterprise.png");

  /* All Hosts: both hosts' domains in one grid; a bulk start of the
   * security enclave acts where the sysadmin role allows (host-a) and
   * names the host where it does not (host-b, monitor only). */
  {
    XnEnterpriseView *grid = XN_ENTERPRISE_VIEW (find_type (GTK_WIDGET (live), XN_TYPE_ENTERPRISE_VIEW));
    GridState gs = { grid, "host-b", "user_vm_1", "running" };
    const char *status;

    xn_live_view_show_page (live, "enterprise");
    ck_assert_msg (wait_for (grid_shows, &gs, 20), "All Hosts lacks host-b's user_vm_1");
    gs = (GridState) { grid, "host-a", "firewall", "stopped" };
    ck_assert_msg (wait_for (grid_shows, &gs, 20), "All Hosts lacks host-a's stopped firewall");
    gs = (GridState) { grid, "host-b", "firewall", "stopped" };
    ck_assert (grid_shows (&gs));
    ck_assert (!xn_enterprise_view_select_group (grid, "enclave:nowhere"));
    /* The security enclave may not run beside entertainment: every start
     * is refused, each with the daemon's reason. */
    ck_assert (xn_enterprise_view_select_group (grid, "enclave:security"));
    screenshot (GTK_WIDGET (window), "live-all-hosts.png");
    click (GTK_WIDGET (grid), "_Start all");
    ck_assert_msg (wait_for (grid_idle, grid, 20), "the bulk start did not finish");
    status = xn_enterprise_view_get_status (grid);
    ck_assert_msg (strstr (status, "0 domains done") && strstr (status, "host-b skipped: no sysadmin role")
                   && strstr (status, "firewall (host-a) refused") && strstr (status, "tag_separation"),
                   "%s", status);
    /* The entertainment tag across hosts: host-a's two stopped domains
     * start, host-b (monitor only) is left alone and named. */
    ck_assert (xn_enterprise_view_select_group (grid, "tag:entertainment"));
    click (GTK_WIDGET (grid), "_Start all");
    ck_assert_msg (wait_for (grid_idle, grid, 20) && strstr (xn_enterprise_view_get_status (grid), "Start: 2"),
                   "%s", xn_enterprise_view_get_status (grid));
    status = xn_enterprise_view_get_status (grid);
    ck_assert_msg (strstr (status, "2 domains done") != NULL && strstr (status, "host-b skipped") != NULL,
                   "%s", status);
    gs = (GridState) { grid, "host-a", "user_vm_3", "running" };
    ck_assert_msg (wait_for (grid_shows, &gs, 20), "host-a's user_vm_3 did not start");
    gs = (GridState) { grid, "host-b", "user_vm_3", "stopped" };
    ck_assert_msg (grid_shows (&gs), "host-b's user_vm_3 was started without the role");
    screenshot (GTK_WIDGET (window), "live-all-hosts-started.png");
    xn_live_view_show_page (live, "home");
  }

  /* Choosing host-b shows it: monitor only, so no lifecycle. */
  list = find_type (GTK_WIDGET (sidebar), GTK_TYPE_LIST_BOX);
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 1));
  g_signal_emit_by_name (list, "row-activated", row);
  ck_assert (xn_live_view_get_host (live) == hb);
  ck_assert_msg (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "host-b – LIVE MODE"), "%s",
                 gtk_window_get_title (GTK_WINDOW (window)));

  /* Add Host…: checked as typed, saved to the hosts file. */
  {
    g_autofree char *file = g_build_filename (a.dir, "hosts", NULL);
    g_autofree char *saved = NULL;
    g_autoptr(XnHostList) known = xn_host_list_new (file);
    g_autoptr(XnRemoteHost) taken = xn_remote_host_new_local ("host-c", a.socket);
    XnAddHostDialog *add;

    ck_assert (xn_host_list_add (known, taken, NULL));
    xn_live_view_set_host_list (live, known);
    ck_assert (gtk_widget_is_sensitive (find_button (GTK_WIDGET (live), "Add _Host…")));
    add = xn_add_host_dialog_new (GTK_WINDOW (window), known);
    gtk_window_present (GTK_WINDOW (add));
    xn_add_host_dialog_set_fields (add, "host-c", "127.0.0.1", "22", "officer", NULL);
    ck_assert_msg (strstr (xn_add_host_dialog_get_problem (add), "already in the list") != NULL, "%s",
                   xn_add_host_dialog_get_problem (add));
    ck_assert (!gtk_widget_is_sensitive (find_button (GTK_WIDGET (add), "_Add")));
    xn_add_host_dialog_set_fields (add, "host-d", "127.0.0.1", "70000", "officer", NULL);
    ck_assert_msg (strstr (xn_add_host_dialog_get_problem (add), "1 to 65535") != NULL, "%s",
                   xn_add_host_dialog_get_problem (add));
    xn_add_host_dialog_set_fields (add, "host-d", "127.0.0.1", "2222", "officer", "/nonexistent/key");
    ck_assert_msg (strstr (xn_add_host_dialog_get_problem (add), "/nonexistent/key") != NULL, "%s",
                   xn_add_host_dialog_get_problem (add));
    xn_add_host_dialog_set_fields (add, "host-d", "127.0.0.1", "2222", "officer", NULL);
    ck_assert (xn_add_host_dialog_get_problem (add) == NULL);
    screenshot (GTK_WIDGET (add), "live-add-host.png");
    g_object_ref (add);
    ck_assert (xn_add_host_dialog_accept (add));
    g_object_unref (add);
    ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (known)), 2);
    ck_assert (g_file_get_contents (file, &saved, NULL, NULL));
    ck_assert_msg (strstr (saved, "[host-d]") && strstr (saved, "Address=127.0.0.1") && strstr (saved, "Port=2222"),
                   "%s", saved);
    /* Remove: only the hosts file's hosts have the button; the
     * confirmed removal leaves the file at once. */
    xn_remote_host_disconnect (xn_host_list_lookup (known, "host-d"));
    xn_live_view_set_hosts (live, G_LIST_MODEL (known));
    {
      GtkListBox *box = GTK_LIST_BOX (find_type (GTK_WIDGET (sidebar), GTK_TYPE_LIST_BOX));
      GtkWidget *row_d = GTK_WIDGET (gtk_list_box_get_row_at_index (box, 1));
      GtkWidget *remove = find_button_by_tooltip (row_d, "Remove this host from the managed hosts");
      GtkWidget *confirm = NULL;
      g_autofree char *after = NULL, *tree = NULL;

      ck_assert_msg (remove != NULL, "no Remove button on host-d");
      g_signal_emit_by_name (remove, "clicked");
      ck_assert_msg (wait_for (has_dialog, &confirm, 5), "no confirmation");
      screenshot (GTK_WIDGET (confirm), "live-remove-host.png");
      answer_dialog (confirm, "accept");
      ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (known)), 1);
      ck_assert (g_file_get_contents (file, &after, NULL, NULL));
      ck_assert_msg (strstr (after, "[host-d]") == NULL && strstr (after, "[host-c]") != NULL, "%s", after);
      tree = xn_hosts_sidebar_dup_text (sidebar);
      ck_assert_msg (strstr (tree, "host-d") == NULL, "%s", tree);
    }
    xn_live_view_set_host_list (live, NULL);
    xn_live_view_set_hosts (live, G_LIST_MODEL (hosts));
    /* Hosts not of the hosts file cannot be removed from here. */
    ck_assert (find_button_by_tooltip (GTK_WIDGET (sidebar), "Remove this host from the managed hosts") == NULL);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  xn_remote_host_disconnect (ha);
  xn_remote_host_disconnect (hb);
  daemon_stop (&a);
  daemon_stop (&b);
}
END_TEST

typedef struct
{
  GListModel *rows;
  const char *needle;
} RowWait;

/* A violation row whose domain or info shows @needle. */
static gboolean
has_row_with (gpointer data)
{
  RowWait *rw = data;

  for (guint i = 0; i < g_list_model_get_n_items (rw->rows); i++)
    {
      g_autoptr(XnLiveRow) row = g_list_model_get_item (rw->rows, i);
      const char *cols[] = { "domain", "info" };

      for (guint c = 0; c < G_N_ELEMENTS (cols); c++)
        {
          const char *v = xn_live_row_get_string (row, cols[c]);

          if (v != NULL && strstr (v, rw->needle) != NULL)
            return TRUE;
        }
    }
  return FALSE;
}

/* xenon-manager on a real Xen host, run by tests/host/run-host with
 * XN_LIVE_REMOTE=ADDRESS,PORT,USER,KEY,KNOWN_HOSTS,POLICY,GUEST...: over
 * SSH as that user, Home shows each GUEST running and the Violations tab
 * a violation of the last GUEST's domain; a screenshot of each, named
 * host-live-*.png, for README.  Only registered when the variable is set. */
START_TEST (test_remote_host)
{
  g_auto(GStrv) f = g_strsplit (g_getenv ("XN_LIVE_REMOTE"), ",", -1);
  g_autoptr(XnRemoteHost) host = NULL;
  XnWindow *window;
  XnLiveView *live;
  XnViolationsView *vv;
  guint n = g_strv_length (f);
  RowWait rw;

  ck_assert_msg (n >= 7, "XN_LIVE_REMOTE: ADDRESS,PORT,USER,KEY,KNOWN_HOSTS,POLICY,GUEST...");
  host = xn_remote_host_new_ssh ("host1", f[0], (guint) g_ascii_strtoull (f[1], NULL, 10), f[2], f[3]);
  xn_remote_host_set_known_hosts_file (host, f[4]);
  window = open_window_on (host, f[5]);
  live = xn_window_get_live_view (window);
  xn_remote_host_connect_async (host, NULL, NULL, NULL);
  ck_assert_msg (wait_for (host_connected, host, 60), "not connected: %s", xn_remote_host_get_message (host));
  g_print ("ok: xenon-manager connected to the host over SSH as %s\n", f[2]);
  /* The last GUEST is the violator, paused at its cap: not "running". */
  for (guint i = 6; i + 1 < n; i++)
    {
      DomainState ds = { live, f[i], "running" };

      ck_assert_msg (wait_for (domain_is, &ds, 60), "Home does not show %s running", f[i]);
      g_print ("ok: Home shows %s running\n", f[i]);
    }
  screenshot (GTK_WIDGET (window), "host-live-home.png");
  xn_live_view_show_page (live, "violations");
  vv = XN_VIOLATIONS_VIEW (find_type (GTK_WIDGET (live), XN_TYPE_VIOLATIONS_VIEW));
  rw = (RowWait) { xn_violations_view_get_rows (vv), f[n - 1] };
  ck_assert_msg (wait_for (has_row_with, &rw, 60), "no violation of %s shown", f[n - 1]);
  g_print ("ok: the Violations tab shows a violation of %s\n", f[n - 1]);
  /* Filtered to the violator, as an officer would look at it. */
  xn_violations_view_set_filter (vv, f[n - 1], NULL);
  ck_assert_msg (wait_for (has_rows, xn_violations_view_get_shown (vv), 20), "the filter on %s shows nothing",
                 f[n - 1]);
  screenshot (GTK_WIDGET (window), "host-live-violations.png");
  /* The daemon's performance sample reads the guests' network counters
   * (the cheaper domain list it uses elsewhere does not): the first
   * guest named fetched files through its VIF earlier in the suite. */
  {
    g_autoptr(GVariant) samples = NULL;
    g_autoptr(GError) error = NULL;
    gint64 now = g_get_real_time (), t;
    GVariantIter iter;
    GVariant *metrics;
    double most = 0, v;
    guint count = 0;

    ck_assert_msg (xn_host1_call_get_performance_history_sync (xn_remote_host_get_proxy (host), "5s",
                                                               now - G_GINT64_CONSTANT (7200) * G_USEC_PER_SEC,
                                                               now + G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC, f[6], &samples,
                                                               NULL, &error),
                   "GetPerformanceHistory: %s", error->message);
    g_variant_iter_init (&iter, samples);
    while (g_variant_iter_next (&iter, "(x@a{sd})", &t, &metrics))
      {
        if (g_variant_lookup (metrics, "net-rx-bps", "d", &v))
          most = MAX (most, v);
        if (g_variant_lookup (metrics, "net-tx-bps", "d", &v))
          most = MAX (most, v);
        count++;
        g_variant_unref (metrics);
      }
    ck_assert_msg (most > 0, "%u samples of %s, none with network traffic", count, f[6]);
    g_print ("ok: %u performance samples of %s, its network traffic up to %.0f B/s\n", count, f[6], most);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* Over a real sshd on loopback: a first-contact key shown in the Hosts
 * tree with its fingerprint and trusted with the button; a changed key
 * refused loudly, with no button to wave it through. */
START_TEST (test_ssh_host_keys)
{
  Daemon d = { 0 };
  XnSshd sshd = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(XnRemoteHost) host = NULL, again = NULL;
  g_autoptr(GListStore) hosts = g_list_store_new (XN_TYPE_REMOTE_HOST);
  g_autofree char *subsystem = NULL, *known = NULL, *wrong_known = NULL, *other = NULL, *other_pub = NULL;
  g_autofree char *pub = NULL, *fp = NULL, *line = NULL, *text = NULL, *pub_path = NULL;
  XnWindow *window;
  XnLiveView *live;
  XnHostsSidebar *sidebar;
  SidebarText st;

  if (xn_sshd_unavailable () != NULL)
    {
      g_print ("SKIP test_ssh_host_keys: %s\n", xn_sshd_unavailable ());
      return;
    }
  daemon_start (&d, "monitor;sysadmin;secadmin");
  subsystem = g_strdup_printf ("%s --stdio-bridge --socket %s", g_getenv ("XN_HOSTD"), d.socket);
  ck_assert_msg (xn_sshd_start (&sshd, subsystem, &error), "%s", error ? error->message : "");
  known = g_build_filename (d.dir, "known_hosts", NULL);
  ck_assert (g_file_set_contents (known, "", -1, NULL));
  host = xn_remote_host_new_ssh ("ssh-host", "127.0.0.1", sshd.port, g_get_user_name (), sshd.user_key);
  xn_remote_host_set_known_hosts_file (host, known);
  g_list_store_append (hosts, host);
  window = open_window (NULL);
  live = xn_window_get_live_view (window);
  xn_live_view_set_hosts (live, G_LIST_MODEL (hosts));
  sidebar = xn_live_view_get_sidebar (live);
  xn_remote_host_connect_async (host, NULL, NULL, NULL);

  /* First contact: the fingerprint, and a Trust button. */
  pub_path = g_strconcat (sshd.host_key, ".pub", NULL);
  fp = xn_sshd_fingerprint (pub_path);
  st = (SidebarText) { sidebar, "unknown host key: first contact", 1 };
  ck_assert_msg (wait_for (sidebar_shows, &st, 30), "no first-contact state");
  text = xn_hosts_sidebar_dup_text (sidebar);
  ck_assert_msg (strstr (text, fp) != NULL, "fingerprint %s not shown in:\n%s", fp, text);
  screenshot (GTK_WIDGET (window), "live-first-contact.png");
  click (GTK_WIDGET (sidebar), "_Trust this host key");
  ck_assert_msg (wait_for (host_connected, host, 30), "not connected after trusting: %s",
                 xn_remote_host_get_message (host));
  st = (SidebarText) { sidebar, "user_vm_1 (", 1 };
  ck_assert_msg (wait_for (sidebar_shows, &st, 20), "no domains over SSH");
  xn_remote_host_disconnect (host);

  /* A known-hosts file that records another key for this host. */
  other = g_build_filename (d.dir, "other_key", NULL);
  ck_assert (xn_sshd_keygen (other));
  other_pub = g_strconcat (other, ".pub", NULL);
  ck_assert (g_file_get_contents (other_pub, &pub, NULL, NULL));
  wrong_known = g_build_filename (d.dir, "known_hosts.wrong", NULL);
  line = g_strdup_printf ("[127.0.0.1]:%u %s", sshd.port, pub);
  ck_assert (g_file_set_contents (wrong_known, line, -1, NULL));
  again = xn_remote_host_new_ssh ("ssh-host-2", "127.0.0.1", sshd.port, g_get_user_name (), sshd.user_key);
  xn_remote_host_set_known_hosts_file (again, wrong_known);
  g_list_store_append (hosts, again);
  /* The host list warns loudly on a changed key, by design. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL);
  xn_remote_host_connect_async (again, NULL, NULL, NULL);
  st = (SidebarText) { sidebar, "HOST KEY CHANGED", 1 };
  ck_assert_msg (wait_for (sidebar_shows, &st, 30), "no changed-key refusal");
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  ck_assert_int_eq (xn_remote_host_get_state (again), XN_REMOTE_HOST_CHANGED_KEY);
  /* Only the first host's button exists, and it is hidden now. */
  {
    GtkWidget *list = find_type (GTK_WIDGET (sidebar), GTK_TYPE_LIST_BOX);
    GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 1));
    GtkWidget *trust = find_button (row, "_Trust this host key");

    ck_assert (trust != NULL && !gtk_widget_get_visible (trust));
  }
  screenshot (GTK_WIDGET (window), "live-changed-key.png");

  gtk_window_destroy (GTK_WINDOW (window));
  xn_remote_host_disconnect (again);
  xn_sshd_stop (&sshd);
  xn_sshd_free (&sshd);
  daemon_stop (&d);
}
END_TEST

static void
started_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  GError **error = data;

  if (!xn_local_host_start_finish (XN_LOCAL_HOST (source), result, error) && *error == NULL)
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "?");
  if (*error == NULL)
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "started");
}

static gboolean
error_set (gpointer data)
{
  return *(GError **) data != NULL;
}

START_TEST (test_embedded_host)
{
  g_autofree char *dir = g_dir_make_tmp ("xn-test-local-XXXXXX", NULL);
  g_autofree char *demo = xn_test_data_path ("xenon-enterprise-demo.xml");
  g_autoptr(XnLocalHost) local = xn_local_host_new (g_getenv ("XN_HOSTD"), demo, dir);
  g_autoptr(XnLocalHost) broken = NULL;
  g_autofree char *dir2 = g_dir_make_tmp ("xn-test-local-XXXXXX", NULL);
  GError *error = NULL;
  const char *argv[] = { "rm", "-rf", dir, dir2, NULL };

  xn_local_host_start_async (local, NULL, started_cb, &error);
  ck_assert (wait_for (error_set, &error, 30));
  ck_assert_msg (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS), "%s", error->message);
  g_clear_error (&error);
  ck_assert (xn_local_host_is_running (local));
  ck_assert_int_eq (xn_remote_host_get_state (xn_local_host_get_host (local)), XN_REMOTE_HOST_CONNECTED);
  ck_assert (xn_remote_host_has_role (xn_local_host_get_host (local), "monitor"));
  xn_local_host_stop (local);
  ck_assert (!xn_local_host_is_running (local));

  /* A daemon that cannot run is reported by name. */
  broken = xn_local_host_new ("/nonexistent/xenon-hostd", demo, dir2);
  xn_local_host_start_async (broken, NULL, started_cb, &error);
  ck_assert (wait_for (error_set, &error, 10));
  ck_assert_msg (strstr (error->message, "/nonexistent/xenon-hostd") != NULL, "%s", error->message);
  g_clear_error (&error);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
}
END_TEST

typedef struct
{
  XnRemoteHost *host;
  const char   *name;
  const char   *state;
} HostDomain;

/* @name is in @state on @host, as its daemon says. */
static gboolean
host_domain_is (gpointer data)
{
  HostDomain *hd = data;
  g_autoptr(GVariant) doms = NULL;
  GVariantIter iter;
  GVariant *d;
  gboolean yes = FALSE;

  if (!xn_host1_call_get_domains_sync (xn_remote_host_get_proxy (hd->host), &doms, NULL, NULL))
    return FALSE;
  g_variant_iter_init (&iter, doms);
  while ((d = g_variant_iter_next_value (&iter)) != NULL)
    {
      const char *name = "", *state = "";

      g_variant_lookup (d, "name", "&s", &name);
      g_variant_lookup (d, "state", "&s", &state);
      if (g_str_equal (name, hd->name))
        yes = g_str_equal (state, hd->state);
      g_variant_unref (d);
    }
  return yes;
}

static gboolean
has_label (gpointer data)
{
  gpointer *args = data;

  return find_label_containing (args[0], args[1]) != NULL;
}

/* "Migrate to…" in Home and in All Hosts, between two daemons on the host
 * suite's host1 and host2 (simulated, sharing a migrate-dir). */
START_TEST (test_migrate)
{
  Daemon a = { 0 }, b = { 0 };
  g_autofree char *policy = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "host", "host-policy.xml", NULL);
  g_autofree char *inbox = g_dir_make_tmp ("xn-test-migrate-XXXXXX", NULL);
  g_autofree char *sim = g_strdup_printf ("migrate-dir=%s", inbox);
  g_autoptr(XnRemoteHost) ha = NULL, hb = NULL;
  g_autoptr(GListStore) hosts = g_list_store_new (XN_TYPE_REMOTE_HOST);
  g_autoptr(GError) error = NULL;
  HostDomain hd;
  DomainState ds;
  GtkWidget *dialog = NULL, *migrate;
  gpointer label_args[2];
  XnWindow *window;
  XnLiveView *live;

  daemon_start_on (&a, "monitor;sysadmin", policy, "host1", sim);
  daemon_start_on (&b, "monitor;sysadmin", policy, "host2", sim);
  ha = xn_remote_host_new_local ("host-one", a.socket);
  hb = xn_remote_host_new_local ("host-two", b.socket);
  g_list_store_append (hosts, ha);
  g_list_store_append (hosts, hb);
  window = open_window (NULL);
  live = xn_window_get_live_view (window);
  xn_live_view_set_hosts (live, G_LIST_MODEL (hosts));
  xn_remote_host_connect_async (ha, NULL, NULL, NULL);
  xn_remote_host_connect_async (hb, NULL, NULL, NULL);
  ck_assert (wait_for (host_connected, ha, 20) && wait_for (host_connected, hb, 20));
  ck_assert (xn_host1_call_start_domain_sync (xn_remote_host_get_proxy (ha), "MigrateVM1", NULL, &error));
  ck_assert (xn_host1_call_start_domain_sync (xn_remote_host_get_proxy (hb), "vault2", NULL, &error));
  xn_live_view_set_host (live, ha);
  ds = (DomainState) { live, "MigrateVM1", "running" };
  ck_assert_msg (wait_for (domain_is, &ds, 20), "Home does not show MigrateVM1 running");
  migrate = find_button (GTK_WIDGET (live), "_Migrate to…");
  ck_assert (migrate != NULL);
  ck_assert (select_domain (live, "db1"));
  ck_assert_msg (!gtk_widget_is_sensitive (migrate), "Migrate to… offered for a stopped domain");
  ck_assert (select_domain (live, "MigrateVM1"));
  ck_assert_msg (gtk_widget_is_sensitive (migrate), "Migrate to… not offered for a running domain");

  /* vault2 runs on host2: the target refuses, and says why. */
  click (GTK_WIDGET (live), "_Migrate to…");
  ck_assert (wait_for (has_dialog, &dialog, 10));
  ck_assert_msg (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "host2") != NULL,
                 "the dialog does not name the hosts the policy allows: %s",
                 adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)));
  screenshot (dialog, "live-migrate-dialog.png");
  answer_dialog (dialog, "migrate");
  label_args[0] = window;
  label_args[1] = "db_vault";
  ck_assert_msg (wait_for (has_label, label_args, 20), "no refusal naming the conflict was shown");
  ck_assert (find_label_containing (GTK_WIDGET (window), "host2 refused") != NULL);
  hd = (HostDomain) { ha, "MigrateVM1", "running" };
  ck_assert (host_domain_is (&hd));
  /* Closed during its entrance animation, a toast crashed libadwaita
   * 1.2's overlay here (2 runs in 4, a freed object in the animation's
   * end): let it land first, as a user's click would. */
  wait_ms (600);
  dismiss_toasts (GTK_WIDGET (window));

  /* Without it, MigrateVM1 moves. */
  ck_assert (xn_host1_call_destroy_domain_sync (xn_remote_host_get_proxy (hb), "vault2", NULL, &error));
  ck_assert (select_domain (live, "MigrateVM1"));
  click (GTK_WIDGET (live), "_Migrate to…");
  dialog = NULL;
  ck_assert (wait_for (has_dialog, &dialog, 10));
  answer_dialog (dialog, "migrate");
  hd = (HostDomain) { hb, "MigrateVM1", "running" };
  ck_assert_msg (wait_for (host_domain_is, &hd, 20), "MigrateVM1 did not arrive on host2");
  hd = (HostDomain) { ha, "MigrateVM1", "stopped" };
  ck_assert (host_domain_is (&hd));
  label_args[1] = "MigrateVM1 migrated in";
  ck_assert_msg (wait_for (has_label, label_args, 20), "no toast said it migrated");
  screenshot (GTK_WIDGET (window), "live-migrated.png");
  /* Closed during its entrance animation, a toast crashed libadwaita
   * 1.2's overlay here (2 runs in 4, a freed object in the animation's
   * end): let it land first, as a user's click would. */
  wait_ms (600);
  dismiss_toasts (GTK_WIDGET (window));

  /* All Hosts: back to host1 from the grid. */
  {
    XnEnterpriseView *grid = XN_ENTERPRISE_VIEW (find_type (GTK_WIDGET (live), XN_TYPE_ENTERPRISE_VIEW));
    GridState gs = { grid, "host-two", "MigrateVM1", "running" };
    GtkSingleSelection *sel;
    GListModel *m;

    xn_live_view_show_page (live, "enterprise");
    ck_assert_msg (wait_for (grid_shows, &gs, 20), "All Hosts does not show MigrateVM1 on host-two");
    sel = GTK_SINGLE_SELECTION (gtk_column_view_get_model (GTK_COLUMN_VIEW (find_type (GTK_WIDGET (grid),
                                                                                          GTK_TYPE_COLUMN_VIEW))));
    m = G_LIST_MODEL (sel);
    for (guint i = 0; i < g_list_model_get_n_items (m); i++)
      {
        g_autoptr(XnLiveRow) row = g_list_model_get_item (m, i);

        if (g_str_equal (xn_live_row_get_string (row, "host"), "host-two")
            && g_str_equal (xn_live_row_get_string (row, "name"), "MigrateVM1"))
          gtk_single_selection_set_selected (sel, i);
      }
    click (GTK_WIDGET (grid), "_Migrate to…");
    dialog = NULL;
    ck_assert (wait_for (has_dialog, &dialog, 10));
    answer_dialog (dialog, "migrate");
    hd = (HostDomain) { ha, "MigrateVM1", "running" };
    ck_assert_msg (wait_for (host_domain_is, &hd, 20), "MigrateVM1 did not come back to host1");
    xn_live_view_show_page (live, "home");
  }

  gtk_window_destroy (GTK_WINDOW (window));
  daemon_stop (&a);
  daemon_stop (&b);
  {
    const char *argv[] = { "rm", "-rf", inbox, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
}
END_TEST

int
main (int   argc,
      char *argv[])
{
  Suite *s;
  TCase *tc;
  SRunner *sr;
  int failed;

  gtk_init ();
  adw_init ();   /* the app is an AdwApplication: its stylesheet and widgets */
  /* A critical or a warning is a bug in the code under test. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  s = suite_create ("live");
  tc = tcase_create ("live");
  tcase_set_timeout (tc, 240);
  tcase_add_test (tc, test_live_mode);
  tcase_add_test (tc, test_live_fits_narrowest_window);
  tcase_add_test (tc, test_monitor_only);
  tcase_add_test (tc, test_import_hardware);
  tcase_add_test (tc, test_build_from_empty);
  tcase_add_test (tc, test_push);
  tcase_add_test (tc, test_enterprise);
  tcase_add_test (tc, test_migrate);
  tcase_add_test (tc, test_ssh_host_keys);
  tcase_add_test (tc, test_embedded_host);
  suite_add_tcase (s, tc);
  if (g_getenv ("XN_LIVE_REMOTE") != NULL)
    {
      tc = tcase_create ("remote");
      tcase_set_timeout (tc, 300);
      tcase_add_test (tc, test_remote_host);
      suite_add_tcase (s, tc);
    }
  sr = srunner_create (s);
  /* GTK cannot be forked after gtk_init(). */
  srunner_set_fork_status (sr, CK_NOFORK);
  srunner_run_all (sr, CK_NORMAL);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed == 0 ? 0 : 1;
}
