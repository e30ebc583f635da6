/* xn-policy-tree.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The policy tree: a GtkListView over a GtkTreeListModel whose top level
 * is the sections Profiles, Tags, Conflicts, SecLabels, Domains, Enclaves,
 * Switches and Hosts. Sections are live views of the model's lists, so inserts,
 * removals and undo show up without a rebuild. */

#define G_LOG_DOMAIN "xn-policy-tree"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xn-policy-tree.h"
#include "xn-tree-row.h"
#include "xn-ui-util.h"

/* A top-level row: a title and the list it shows. */
#define XN_TYPE_SECTION (xn_section_get_type())
G_DECLARE_FINAL_TYPE (XnSection, xn_section, XN, SECTION, GObject)

struct _XnSection
{
  GObject     parent_instance;
  char       *title;
  char       *icon_name;
  GType       item_type;
  GListModel *model;
};

G_DEFINE_FINAL_TYPE (XnSection, xn_section, G_TYPE_OBJECT)

static void
xn_section_finalize (GObject *object)
{
  XnSection *self = XN_SECTION (object);

  g_free (self->title);
  g_free (self->icon_name);
  g_clear_object (&self->model);
  G_OBJECT_CLASS (xn_section_parent_class)->finalize (object);
}

static void
xn_section_class_init (XnSectionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = xn_section_finalize;
}

static void
xn_section_init (XnSection *self)
{
}

static XnSection *
xn_section_new (const char *title,
                const char *icon_name,
                GType       item_type,
                GListModel *model)
{
  XnSection *self = g_object_new (XN_TYPE_SECTION, NULL);

  self->title = g_strdup (title);
  self->icon_name = g_strdup (icon_name);
  self->item_type = item_type;
  self->model = model;
  return self;
}

struct _XnPolicyTree
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkScrolledWindow  *scroller;
  GtkListView        *list_view;

  /* Owned references */
  XnDocument         *document;
  GtkTreeListModel   *tree_model;
  GtkSingleSelection *selection;
};

enum {
  OBJECT_SELECTED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

G_DEFINE_FINAL_TYPE (XnPolicyTree, xn_policy_tree, GTK_TYPE_WIDGET)

static gpointer
map_enclave_to_domains (gpointer item,
                        gpointer user_data)
{
  XnObjectList *list = xn_enclave_get_domains (XN_ENCLAVE (item));

  g_object_unref (item);
  return g_object_ref (list);
}

static gpointer
map_host_to_domains (gpointer item,
                     gpointer user_data)
{
  XnHost *host = XN_HOST (item);
  GListStore *parts = g_list_store_new (G_TYPE_LIST_MODEL);
  GtkMapListModel *enclaves;
  GtkFlattenListModel *flat;

  g_list_store_append (parts, xn_host_get_root_domains (host));
  enclaves = gtk_map_list_model_new (g_object_ref (G_LIST_MODEL (xn_host_get_enclaves (host))),
                                     map_enclave_to_domains, NULL, NULL);
  flat = gtk_flatten_list_model_new (G_LIST_MODEL (enclaves));
  g_list_store_append (parts, flat);
  g_object_unref (flat);
  g_object_unref (item);
  return gtk_flatten_list_model_new (G_LIST_MODEL (parts));
}

typedef XnObjectList *(*HostList) (XnHost *host);

/* A host's own list (enclaves, switches): @user_data is its getter. */
static gpointer
map_host_to_list (gpointer item,
                  gpointer user_data)
{
  XnObjectList *list = ((HostList) user_data) (XN_HOST (item));

  g_object_unref (item);
  return g_object_ref (list);
}

static GListModel *
hosts_map (XnPolicy              *policy,
           GtkMapListModelMapFunc func,
           gpointer               data)
{
  GtkMapListModel *map;

  map = gtk_map_list_model_new (g_object_ref (G_LIST_MODEL (xn_policy_get_hosts (policy))),
                                func, data, NULL);
  return G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (map)));
}

static GListModel *
create_child_model (gpointer item,
                    gpointer user_data)
{
  if (XN_IS_SECTION (item))
    return g_object_ref (XN_SECTION (item)->model);
  if (XN_IS_ENCLAVE (item))
    return g_object_ref (G_LIST_MODEL (xn_enclave_get_domains (XN_ENCLAVE (item))));
  return NULL;
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  GtkWidget *expander = gtk_tree_expander_new ();

  /* One widget for icon, tag chip, name and count (xn-tree-row.c). */
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), xn_tree_row_new ());
  gtk_list_item_set_child (list_item, expander);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  GtkWidget *expander = gtk_list_item_get_child (list_item);
  XnTreeRow *content = XN_TREE_ROW (gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander)));
  gpointer item = gtk_tree_list_row_get_item (row);
  XnObject *named = NULL;
  GListModel *counted = NULL;

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);

  if (XN_IS_SECTION (item))
    {
      XnSection *section = item;

      xn_tree_row_set (content, section->icon_name, section->title, TRUE, NULL);
      counted = section->model;
    }
  else
    {
      XnObject *object = item;
      g_autofree char *text = xn_ui_object_dup_label (object);

      xn_tree_row_set (content, xn_ui_object_icon_name (object), text, FALSE, xn_ui_object_get_tag (object));
      /* A domain's or device's label is more than its name. */
      if (!XN_IS_DOMAIN (object) && !XN_IS_DEVICE (object))
        named = object;
      if (XN_IS_ENCLAVE (object))
        counted = G_LIST_MODEL (xn_enclave_get_domains (XN_ENCLAVE (object)));
    }
  xn_tree_row_follow (content, named, counted);
  g_object_unref (item);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  GtkWidget *expander = gtk_list_item_get_child (list_item);

  xn_tree_row_follow (XN_TREE_ROW (gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander))), NULL, NULL);
}

static void
on_selected_changed (XnPolicyTree *self)
{
  g_signal_emit (self, signals [OBJECT_SELECTED], 0, xn_policy_tree_get_selected (self));
}

/* Right and Left open and close the selected section, as in any tree;
 * Left on an item goes to its section. GTK 4.8's expander binds only
 * +, - and *, and the list view takes Left/Right before they bubble, so
 * these run in the capture phase. */
static gboolean
expand_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   data)
{
  XnPolicyTree *self = data;
  GtkTreeListRow *row = self->selection ? gtk_single_selection_get_selected_item (self->selection) : NULL;
  gboolean expand = g_variant_get_boolean (args);
  GtkTreeListRow *parent;

  if (row == NULL)
    return FALSE;
  if (gtk_tree_list_row_is_expandable (row) && gtk_tree_list_row_get_expanded (row) != expand)
    {
      gtk_tree_list_row_set_expanded (row, expand);
      return TRUE;
    }
  if (!expand && (parent = gtk_tree_list_row_get_parent (row)) != NULL)
    {
      gtk_single_selection_set_selected (self->selection, gtk_tree_list_row_get_position (parent));
      gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u",
                                  gtk_tree_list_row_get_position (parent));
      g_object_unref (parent);
      return TRUE;
    }
  return FALSE;
}

static void
add_tree_keys (XnPolicyTree *self)
{
  GtkEventController *keys = gtk_shortcut_controller_new ();
  const struct { guint key; gboolean expand; } map[] = {
    { GDK_KEY_Right, TRUE }, { GDK_KEY_KP_Right, TRUE }, { GDK_KEY_Left, FALSE }, { GDK_KEY_KP_Left, FALSE },
  };

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    {
      GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (map[i].key, 0),
                                                gtk_callback_action_new (expand_cb, self, NULL));

      gtk_shortcut_set_arguments (shortcut, g_variant_new_boolean (map[i].expand));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys), shortcut);
    }
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), keys);
}

static void
xn_policy_tree_dispose (GObject *object)
{
  XnPolicyTree *self = XN_POLICY_TREE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), XN_TYPE_POLICY_TREE);
  g_clear_object (&self->selection);
  g_clear_object (&self->tree_model);
  g_clear_object (&self->document);
  G_OBJECT_CLASS (xn_policy_tree_parent_class)->dispose (object);
}

static void
xn_policy_tree_class_init (XnPolicyTreeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xn_policy_tree_dispose;

  /**
   * XnPolicyTree::object-selected:
   * @object: (nullable): the selected object, %NULL for a section
   */
  signals [OBJECT_SELECTED] =
    g_signal_new ("object-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, XN_TYPE_OBJECT);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/xenonvmm/Manager/ui/xn-policy-tree.ui");
  gtk_widget_class_bind_template_child (widget_class, XnPolicyTree, scroller);
  gtk_widget_class_bind_template_child (widget_class, XnPolicyTree, list_view);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  /* Delete deletes the selected item where the selection is; window-wide
   * it would take Delete from every text field. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "win.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "win.delete", NULL);
}

static void
xn_policy_tree_init (XnPolicyTree *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  add_tree_keys (self);
  xn_ui_list_one_tab_stop (GTK_WIDGET (self->list_view));
}

GtkWidget *
xn_policy_tree_new (void)
{
  return g_object_new (XN_TYPE_POLICY_TREE, NULL);
}

void
xn_policy_tree_set_document (XnPolicyTree *self,
                             XnDocument   *document)
{
  XnPolicy *policy;
  GListStore *root;
  XnSection *sections[8];

  g_return_if_fail (XN_IS_POLICY_TREE (self));
  g_return_if_fail (XN_IS_DOCUMENT (document));

  g_set_object (&self->document, document);
  policy = xn_document_get_policy (document);

  root = g_list_store_new (XN_TYPE_SECTION);
  sections[0] = xn_section_new (_("Profiles"), "emblem-system-symbolic", XN_TYPE_PROFILE,
                                g_object_ref (G_LIST_MODEL (xn_policy_get_profiles (policy))));
  sections[1] = xn_section_new (_("Tags"), "xn-tag-symbolic", XN_TYPE_TAG,
                                g_object_ref (G_LIST_MODEL (xn_policy_get_tags (policy))));
  sections[2] = xn_section_new (_("Conflicts"), "xn-conflict-symbolic", XN_TYPE_CONFLICT,
                                g_object_ref (G_LIST_MODEL (xn_policy_get_conflicts (policy))));
  sections[3] = xn_section_new (_("SecLabels"), "xn-tag-symbolic", XN_TYPE_SEC_LABEL,
                                g_object_ref (G_LIST_MODEL (xn_policy_get_sec_labels (policy))));
  sections[4] = xn_section_new (_("Domains"), "xn-domain-symbolic", XN_TYPE_DOMAIN,
                                hosts_map (policy, map_host_to_domains, NULL));
  sections[5] = xn_section_new (_("Enclaves"), "xn-enclave-symbolic", XN_TYPE_ENCLAVE,
                                hosts_map (policy, map_host_to_list, (gpointer) xn_host_get_enclaves));
  /* Switches are a host's, like enclaves; without a section of their
   * own nothing but Add switch… led to them. */
  sections[6] = xn_section_new (_("Switches"), "xn-switch-symbolic", XN_TYPE_NET_SWITCH,
                                hosts_map (policy, map_host_to_list, (gpointer) xn_host_get_net_switches));
  sections[7] = xn_section_new (_("Hosts"), "computer-symbolic", XN_TYPE_HOST,
                                g_object_ref (G_LIST_MODEL (xn_policy_get_hosts (policy))));
  g_list_store_splice (root, 0, 0, (gpointer *)sections, G_N_ELEMENTS (sections));
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    g_object_unref (sections[i]);

  g_clear_object (&self->tree_model);
  g_clear_object (&self->selection);
  self->tree_model = gtk_tree_list_model_new (G_LIST_MODEL (root), FALSE, FALSE,
                                              create_child_model, NULL, NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->tree_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (on_selected_changed), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
}

/**
 * xn_policy_tree_get_selected:
 *
 * Returns: (transfer none) (nullable): the selected object
 */
XnObject *
xn_policy_tree_get_selected (XnPolicyTree *self)
{
  GtkTreeListRow *row;
  gpointer item;

  g_return_val_if_fail (XN_IS_POLICY_TREE (self), NULL);

  if (self->selection == NULL)
    return NULL;
  row = gtk_single_selection_get_selected_item (self->selection);
  if (row == NULL)
    return NULL;
  item = gtk_tree_list_row_get_item (row);
  g_object_unref (item);
  return XN_IS_OBJECT (item) ? item : NULL;
}

static GType
section_type_for (XnObject *object)
{
  if (XN_IS_PROFILE (object) || XN_IS_TAG (object) || XN_IS_CONFLICT (object)
      || XN_IS_SEC_LABEL (object) || XN_IS_DOMAIN (object) || XN_IS_ENCLAVE (object)
      || XN_IS_NET_SWITCH (object) || XN_IS_HOST (object))
    return G_OBJECT_TYPE (object);
  return G_TYPE_INVALID;
}

/**
 * xn_policy_tree_select_object:
 *
 * Expands the section that holds @object, selects its row and scrolls to
 * it (the lint panel jumps here).
 *
 * Returns: %TRUE if @object has a row
 */
gboolean
xn_policy_tree_select_object (XnPolicyTree *self,
                              XnObject     *object)
{
  GType type;
  guint n;

  g_return_val_if_fail (XN_IS_POLICY_TREE (self), FALSE);

  if (self->tree_model == NULL || object == NULL)
    return FALSE;
  type = section_type_for (object);
  if (type == G_TYPE_INVALID)
    return FALSE;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->tree_model));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->tree_model), i);
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

      if (XN_IS_SECTION (item) && XN_SECTION (item)->item_type == type)
        gtk_tree_list_row_set_expanded (row, TRUE);
      if (item == (GObject *)object)
        {
          gtk_single_selection_set_selected (self->selection, i);
          gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", i);
          return TRUE;
        }
      n = g_list_model_get_n_items (G_LIST_MODEL (self->tree_model));
    }
  return FALSE;
}

GtkListView *
xn_policy_tree_get_list_view (XnPolicyTree *self)
{
  return self->list_view;
}

GtkTreeListModel *
xn_policy_tree_get_model (XnPolicyTree *self)
{
  return self->tree_model;
}
