/* xn-ui-util.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Small pieces shared by the views: object icons and labels, naming for
 * assistive technology, the application's style on a display. */

#define G_LOG_DOMAIN "xn-ui-util"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "xn-ui-util.h"

XnTag *
xn_ui_object_get_tag (XnObject *object)
{
  if (object == NULL)
    return NULL;
  if (XN_IS_TAG (object))
    return XN_TAG (object);
  if (XN_IS_TAG_REF (object))
    return xn_tag_ref_get_tag (XN_TAG_REF (object));
  if (XN_IS_SEC_LABEL (object))
    return xn_sec_label_get_tag (XN_SEC_LABEL (object));
  if (XN_IS_ENCLAVE (object))
    return xn_enclave_get_tag (XN_ENCLAVE (object));
  if (XN_IS_DOMAIN (object))
    {
      XnSecLabel *label = xn_domain_get_sec_label (XN_DOMAIN (object));
      XnEnclave *enclave;

      if (label != NULL && xn_sec_label_get_tag (label) != NULL)
        return xn_sec_label_get_tag (label);
      enclave = xn_domain_get_enclave (XN_DOMAIN (object));
      return enclave != NULL ? xn_enclave_get_tag (enclave) : NULL;
    }
  if (XN_IS_DEVICE (object))
    {
      XnEnclave *enclave = xn_device_get_enclave (XN_DEVICE (object));
      return enclave != NULL ? xn_enclave_get_tag (enclave) : NULL;
    }
  return NULL;
}

const char *
xn_ui_object_icon_name (XnObject *object)
{
  if (XN_IS_TAG (object) || XN_IS_SEC_LABEL (object))
    return "xn-tag-symbolic";
  if (XN_IS_CONFLICT (object))
    return "xn-conflict-symbolic";
  if (XN_IS_ENCLAVE (object))
    return "xn-enclave-symbolic";
  if (XN_IS_DOMAIN (object))
    return "xn-domain-symbolic";
  if (XN_IS_DEVICE (object) || XN_IS_DEVICE_REF (object))
    return "xn-device-symbolic";
  if (XN_IS_NET_SWITCH (object))
    return "xn-switch-symbolic";
  if (XN_IS_PROFILE (object))
    return "emblem-system-symbolic";
  if (XN_IS_HOST (object))
    return "computer-symbolic";
  return "text-x-generic-symbolic";
}

char *
xn_ui_object_dup_label (XnObject *object)
{
  const char *name = xn_object_get_name (object);

  if (XN_IS_DEVICE_REF (object))
    {
      XnDevice *device = xn_device_ref_get_device (XN_DEVICE_REF (object));
      return device != NULL ? xn_ui_object_dup_label (XN_OBJECT (device))
                            : g_strdup (_("(missing device)"));
    }
  if (XN_IS_DEVICE (object))
    {
      XnDevice *device = XN_DEVICE (object);
      const char *ifname = xn_device_get_ifname (device);
      const char *mac = xn_device_get_mac (device);

      if (ifname != NULL && mac != NULL)
        return g_strdup_printf ("%s (%s, %s)", name ? name : "", ifname, mac);
      return g_strdup_printf ("%s (%s)", name ? name : "",
                              xn_device_get_bdf (device) ? xn_device_get_bdf (device) : "");
    }
  if (XN_IS_DOMAIN (object) && xn_domain_is_domain0 (XN_DOMAIN (object)))
    return g_strdup_printf (_("%s (required)"), name);
  return g_strdup (name != NULL ? name : _("(unnamed)"));
}

/* A framed, vertically expanding scrolled window around @child. */
GtkWidget *
xn_ui_scrolled (GtkWidget *child)
{
  GtkWidget *sw = gtk_scrolled_window_new ();

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (sw), child);
  gtk_widget_set_vexpand (sw, TRUE);
  gtk_scrolled_window_set_has_frame (GTK_SCROLLED_WINDOW (sw), TRUE);
  return sw;
}

/**
 * xn_ui_empty_stack_new:
 * @list: the list (or its scrolled window)
 * @icon_name: the empty page's icon
 *
 * A stack showing @list, or in its place a status page that says why it
 * is empty and what to do (xn_ui_empty_stack_show()): a blank table reads
 * as "broken" or "still loading".
 *
 * Returns: (transfer floating): the stack
 */
GtkWidget *
xn_ui_empty_stack_new (GtkWidget  *list,
                       const char *icon_name)
{
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *page = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), icon_name);
  gtk_stack_add_named (GTK_STACK (stack), list, "list");
  gtk_stack_add_named (GTK_STACK (stack), page, "empty");
  gtk_widget_set_vexpand (stack, TRUE);
  return stack;
}

/**
 * xn_ui_empty_stack_show:
 * @title: (nullable): why the list is empty; %NULL shows the list
 * @description: (nullable): what to do about it
 */
void
xn_ui_empty_stack_show (GtkWidget  *stack,
                        const char *title,
                        const char *description)
{
  AdwStatusPage *page = ADW_STATUS_PAGE (gtk_stack_get_child_by_name (GTK_STACK (stack), "empty"));

  adw_status_page_set_title (page, title ? title : "");
  adw_status_page_set_description (page, description);
  gtk_stack_set_visible_child_name (GTK_STACK (stack), title != NULL ? "empty" : "list");
}

/**
 * xn_ui_empty_stack_get_title:
 *
 * Returns: (nullable): the empty page's title while it is shown (tests)
 */
const char *
xn_ui_empty_stack_get_title (GtkWidget *stack)
{
  GtkWidget *page = gtk_stack_get_child_by_name (GTK_STACK (stack), "empty");

  if (gtk_stack_get_visible_child (GTK_STACK (stack)) != page)
    return NULL;
  return adw_status_page_get_title (ADW_STATUS_PAGE (page));
}

/* A left-aligned section heading. */
GtkWidget *
xn_ui_heading (const char *text)
{
  GtkWidget *l = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_widget_add_css_class (l, "heading");
  return l;
}

/* @label without its mnemonic underscores ("_Kind" → "Kind"). */
char *
xn_ui_strip_mnemonic (const char *label)
{
  GString *out = g_string_new (NULL);

  for (const char *p = label; p != NULL && *p != '\0'; p++)
    {
      if (*p != '_')
        g_string_append_c (out, *p);
      else if (p[1] == '_')
        g_string_append_c (out, *++p);   /* "__" is a literal underscore */
    }
  return g_string_free (out, FALSE);
}

/* Names a widget built around a button (GtkDropDown, GtkColorButton) for
 * assistive technology.  GTK 4.8 exposes the inner button to AT-SPI with
 * no name of its own ("GtkToggleButton"), so it gets the widget's name.
 * A mnemonic label pointed at the widget labels it too, and GTK reads
 * both ("Tag Tag"): call this after gtk_label_set_mnemonic_widget(), it
 * keeps the one name. */
void
xn_ui_name_compound (GtkWidget  *drop,
                      const char *name)
{
  g_autofree char *plain = xn_ui_strip_mnemonic (name);

  gtk_accessible_update_property (GTK_ACCESSIBLE (drop), GTK_ACCESSIBLE_PROPERTY_LABEL, plain, -1);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (drop), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  for (GtkWidget *c = gtk_widget_get_first_child (drop); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_BUTTON (c))
      gtk_accessible_update_property (GTK_ACCESSIBLE (c), GTK_ACCESSIBLE_PROPERTY_LABEL, plain, -1);
}

/* GTK 4.8 names a button with a mnemonic label by its label property
 * (raw, "_Start") and again by the label that points at it ("Start"):
 * "_Start Start", or "Start Start" once the first is fixed. One name. */
static void
name_mnemonic_button (GtkWidget *button)
{
  g_autofree char *plain = xn_ui_strip_mnemonic (gtk_button_get_label (GTK_BUTTON (button)));

  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, plain, -1);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

/* libadwaita 1.2's split button leaves its two halves unnamed: the
 * action half reads as the label's words, the arrow as its tooltip. */
static void
name_split_button (GtkWidget *split)
{
  g_autofree char *plain = xn_ui_strip_mnemonic (adw_split_button_get_label (ADW_SPLIT_BUTTON (split)));
  const char *arrow = adw_split_button_get_dropdown_tooltip (ADW_SPLIT_BUTTON (split));

  for (GtkWidget *c = gtk_widget_get_first_child (split); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      if (GTK_IS_MENU_BUTTON (c))
        {
          gtk_accessible_update_property (GTK_ACCESSIBLE (c), GTK_ACCESSIBLE_PROPERTY_LABEL, arrow, -1);
          for (GtkWidget *b = gtk_widget_get_first_child (c); b != NULL; b = gtk_widget_get_next_sibling (b))
            if (GTK_IS_BUTTON (b))
              {
                /* Labelled by the menu button too, it read its name twice. */
                gtk_accessible_update_property (GTK_ACCESSIBLE (b), GTK_ACCESSIBLE_PROPERTY_LABEL, arrow, -1);
                gtk_accessible_reset_relation (GTK_ACCESSIBLE (b), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
              }
        }
      else if (GTK_IS_BUTTON (c) && plain != NULL)
        {
          gtk_accessible_update_property (GTK_ACCESSIBLE (c), GTK_ACCESSIBLE_PROPERTY_LABEL, plain, -1);
          gtk_accessible_reset_relation (GTK_ACCESSIBLE (c), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
        }
    }
}

/* A button with a mnemonic label, named once by the label's words. */
GtkWidget *
xn_ui_button_new_with_mnemonic (const char *label)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  name_mnemonic_button (button);
  return button;
}

/* The text of the first label under @widget, for naming its container. */
static const char *
inner_label (GtkWidget *widget)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      const char *text = GTK_IS_LABEL (c) ? gtk_label_get_text (GTK_LABEL (c)) : inner_label (c);

      if (text != NULL && *text != '\0')
        return text;
    }
  return NULL;
}

/* Not focusable for a moment, the list passes the move on. */
static gboolean
tab_out_cb (GtkWidget *list,
            GVariant  *args,
            gpointer   data)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (list));
  GtkDirectionType dir = g_variant_get_boolean (args) ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD;

  if (root == NULL)
    return FALSE;
  gtk_widget_set_can_focus (list, FALSE);
  if (!gtk_widget_child_focus (root, dir))
    gtk_widget_child_focus (root, dir);    /* wrap round, as Tab does */
  gtk_widget_set_can_focus (list, TRUE);
  return TRUE;
}

/**
 * xn_ui_list_one_tab_stop:
 * @list: a list view, column view or anything holding rows
 *
 * Makes @list one Tab stop: Tab and Shift+Tab in it move the focus out
 * of it, arrows still move between rows. GTK 4.8's list and column views
 * give every row a Tab stop, so Tab walked a log's million rows and the
 * buttons under it were reachable only by wrapping round. The keys are
 * taken in the capture phase, before the row that has the focus.
 */
void
xn_ui_list_one_tab_stop (GtkWidget *list)
{
  GtkEventController *keys = gtk_shortcut_controller_new ();
  const struct { guint key; GdkModifierType mods; gboolean back; } map[] = {
    { GDK_KEY_Tab, 0, FALSE }, { GDK_KEY_KP_Tab, 0, FALSE },
    { GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK, TRUE }, { GDK_KEY_Tab, GDK_SHIFT_MASK, TRUE },
  };

  g_return_if_fail (GTK_IS_WIDGET (list));

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    {
      GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (map[i].key, map[i].mods),
                                                gtk_callback_action_new (tab_out_cb, NULL, NULL));

      gtk_shortcut_set_arguments (shortcut, g_variant_new_boolean (map[i].back));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys), shortcut);
    }
  gtk_widget_add_controller (list, keys);
}

/**
 * xn_ui_label_not_tab_stop:
 * @label: a selectable, read-only label
 *
 * Keeps @label selectable with the mouse but out of the Tab chain. Not
 * focusable alone is not enough: GTK 4.8's label still answers a focus
 * move into it as done, without taking the focus, so Tab stopped dead at
 * the first such label it met (Live mode's Home facts).
 */
void
xn_ui_label_not_tab_stop (GtkWidget *label)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_widget_set_focusable (label, FALSE);
  gtk_widget_set_can_focus (label, FALSE);
}

static void
update_empty_label (GtkLabel *label)
{
  const char *text = gtk_label_get_text (label);

  gtk_accessible_update_state (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_STATE_HIDDEN,
                               text == NULL || *text == '\0', -1);
}

/**
 * xn_ui_label_hidden_when_empty:
 * @label: a message line, empty until there is something to say
 *
 * GTK 4.8 names an empty label by its class, so a screen reader read
 * "GtkLabel" where nothing is shown: @label is hidden from assistive
 * technology while it is empty.
 */
void
xn_ui_label_hidden_when_empty (GtkWidget *label)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  g_signal_connect (label, "notify::label", G_CALLBACK (update_empty_label), NULL);
  update_empty_label (GTK_LABEL (label));
}

/* An image beside words: in a box with a label, or anywhere in a button
 * that has one (a view switcher's icons). An icon-only button's image
 * stays. */
static gboolean
decorative_image (GtkWidget *image)
{
  GtkWidget *parent = gtk_widget_get_parent (image);
  GtkWidget *button = gtk_widget_get_ancestor (image, GTK_TYPE_BUTTON);

  if (parent != NULL && !GTK_IS_BUTTON (parent) && inner_label (parent) != NULL)
    return TRUE;
  return button != NULL && inner_label (button) != NULL;
}

/**
 * xn_ui_name_column_header:
 * @header: a table's column header
 * @title: its column's title
 *
 * GTK 4.8 has no way to expose a column header as one: its title widget
 * has no role (AT-SPI "filler"), and its AT-SPI backend maps the
 * column-header role to "filler" too. The header is named by its title
 * and says what it is in its description, which screen readers read
 * after the name, before the tooltip GTK puts there (call it after
 * setting one).
 */
void
xn_ui_name_column_header (GtkWidget  *header,
                          const char *title)
{
  const char *tooltip = gtk_widget_get_tooltip_text (header);
  /* Translators: %s is what the header does when clicked ("Sort by…"). */
  g_autofree char *description = tooltip != NULL ? g_strdup_printf (_("Column header. %s"), tooltip)
                                                 : g_strdup (_("Column header"));

  gtk_accessible_update_property (GTK_ACCESSIBLE (header),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

/**
 * xn_ui_name_for_assistive_technology:
 * @root: a window or view, built
 *
 * What GTK 4.8 leaves unnamed or named twice under @root, as a screen
 * reader hears it: buttons with mnemonic labels ("Cancel Cancel"), the
 * menu bar and view switcher (read as "GtkPopoverMenuBar",
 * "GtkStackSwitcher"), table column headers ("GtkColumnViewTitle",
 * see xn_ui_name_column_header()),
 * the column views' lists of rows ("GtkColumnListView"), and decorative
 * images beside words ("GtkImage"), which are hidden.
 * Selectable read-only labels stop being Tab stops.
 */
void
xn_ui_name_for_assistive_technology (GtkWidget *root)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      const char *type = G_OBJECT_TYPE_NAME (c);

      if (ADW_IS_SPLIT_BUTTON (c))
        name_split_button (c);
      else if (GTK_IS_BUTTON (c) && gtk_button_get_use_underline (GTK_BUTTON (c))
          && gtk_button_get_label (GTK_BUTTON (c)) != NULL)
        name_mnemonic_button (c);
      else if (GTK_IS_POPOVER_MENU_BAR (c))
        gtk_accessible_update_property (GTK_ACCESSIBLE (c), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Main menu"), -1);
      else if (GTK_IS_STACK_SWITCHER (c) || ADW_IS_VIEW_SWITCHER (c))
        gtk_accessible_update_property (GTK_ACCESSIBLE (c), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Views"), -1);
      else if (GTK_IS_LIST_VIEW (c) && GTK_IS_COLUMN_VIEW (root))
        /* The column view's own list of rows, read as "GtkColumnListView". */
        gtk_accessible_update_property (GTK_ACCESSIBLE (c), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Rows"), -1);
      else if (g_str_equal (type, "GtkListItemWidget") && GTK_IS_COLUMN_VIEW (root))
        gtk_accessible_update_property (GTK_ACCESSIBLE (c), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Column headers"), -1);
      else if (g_str_equal (type, "GtkColumnViewTitle") && inner_label (c) != NULL)
        xn_ui_name_column_header (c, inner_label (c));
      else if (GTK_IS_IMAGE (c) && decorative_image (c))
        gtk_accessible_update_state (GTK_ACCESSIBLE (c), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      else if (GTK_IS_LABEL (c) && gtk_label_get_selectable (GTK_LABEL (c)))
        xn_ui_label_not_tab_stop (c);
      xn_ui_name_for_assistive_technology (c);
    }
}

static const char *const tag_palette[] = {
  "#cc0000", "#3465a4", "#73d216", "#edd400", "#75507b", "#f57900", "#c17d11", "#555753"
};

/**
 * xn_ui_tag_new:
 * @policy: the policy the tag is meant for (it is not added)
 * @name: its name
 *
 * A new tag with the first numeric id @policy does not use and a colour
 * of the palette that goes with the id.
 *
 * Returns: (transfer full): the tag
 */
XnTag *
xn_ui_tag_new (XnPolicy   *policy,
               const char *name)
{
  XnTag *tag = xn_tag_new ();
  guint id = 1;

  while (xn_policy_find_tag_by_id (policy, id) != NULL)
    id++;
  xn_object_set_name (XN_OBJECT (tag), name);
  xn_tag_set_id (tag, id);
  xn_tag_set_color (tag, tag_palette[(id - 1) % G_N_ELEMENTS (tag_palette)]);
  return tag;
}

static void
activate_default_from_entries (GtkWidget *widget)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_ENTRY (c))
      gtk_entry_set_activates_default (GTK_ENTRY (c), TRUE);
    else if (GTK_IS_PASSWORD_ENTRY (c))
      g_object_set (c, "activates-default", TRUE, NULL);
    else
      activate_default_from_entries (c);
}

/**
 * xn_ui_dialog_keys:
 * @dialog: a dialog window
 * @fields: the widget holding its fields (its child, or to be)
 *
 * The keys every dialog answers: Escape closes it (a GtkWindow, unlike a
 * GtkDialog, has no binding for it) and Enter in a field activates the
 * default button.
 */
void
xn_ui_dialog_keys (GtkWindow *dialog,
                   GtkWidget *fields)
{
  GtkEventController *keys = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (GTK_WIDGET (dialog), keys);
  activate_default_from_entries (fields);
  xn_ui_name_for_assistive_technology (fields);
}

/* XnNameTaken for an XnObjectList: names are unique per list. */
gboolean
xn_ui_list_has_name (gpointer    list,
                     const char *name)
{
  return xn_object_list_lookup_name (list, name) != NULL;
}

/* XnNameTaken for a host's domains: unique across its root domains and
 * all its enclaves. */
gboolean
xn_ui_host_has_domain (gpointer    host,
                       const char *name)
{
  return xn_host_find_domain_by_name (host, name) != NULL;
}

/**
 * xn_ui_unique_name:
 * @base: the name wanted
 * @bare_first: offer @base itself first, then "@base-2"; otherwise
 *   "@base-1" first (for a generic base such as "tag")
 * @taken: says whether @scope has a name already
 * @scope: (nullable): what names must be unique in; %NULL takes every name
 *
 * Returns: (transfer full): the first of those names that is free
 */
char *
xn_ui_unique_name (const char *base,
                   gboolean    bare_first,
                   XnNameTaken taken,
                   gpointer    scope)
{
  if (bare_first && (scope == NULL || !taken (scope, base)))
    return g_strdup (base);
  for (guint i = bare_first ? 2 : 1;; i++)
    {
      char *name = g_strdup_printf ("%s-%u", base, i);

      if (scope == NULL || !taken (scope, name))
        return name;
      g_free (name);
    }
}

/* The toast overlay that shows news for @from: its window's, or for a
 * dialog, the window it belongs to. */
static AdwToastOverlay *
find_toast_overlay (GtkWidget *from)
{
  GtkWidget *w = gtk_widget_get_ancestor (from, ADW_TYPE_TOAST_OVERLAY);
  GtkRoot *root;

  if (w != NULL)
    return ADW_TOAST_OVERLAY (w);
  root = gtk_widget_get_root (from);
  for (GtkWindow *win = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : GTK_IS_WINDOW (from) ? GTK_WINDOW (from) : NULL;
       win != NULL; win = gtk_window_get_transient_for (win))
    {
      GtkWidget *child = gtk_window_get_child (win);

      if (ADW_IS_TOAST_OVERLAY (child))
        return ADW_TOAST_OVERLAY (child);
    }
  return NULL;
}

/**
 * xn_ui_toast:
 * @from: a widget of the window the news is for (or a dialog of it)
 * @text: one sentence, plain text
 * @urgent: a refusal or failure: shown before queued news and longer
 *
 * Shows @text as a toast over @from's window (libadwaita's pattern for
 * "applied", "signed", a refusal); without a window, it is logged. The
 * newest news shows at once (libadwaita would queue a normal toast
 * behind the one on screen, and the answer to what the user just did
 * would wait); the one it displaces is shown again after it. Toasts are
 * never dismissed from here: with libadwaita 1.2, dismissing one while
 * it still slides in crashed now and then.
 *
 * Returns: %TRUE if a toast shows it
 */
gboolean
xn_ui_toast (GtkWidget  *from,
             const char *text,
             gboolean    urgent)
{
  AdwToastOverlay *overlay;
  g_autofree char *markup = NULL;
  AdwToast *toast;

  g_return_val_if_fail (GTK_IS_WIDGET (from), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  overlay = find_toast_overlay (from);
  if (overlay == NULL)
    {
      g_message ("%s", text);
      return FALSE;
    }
  /* libadwaita 1.2 reads a toast's title as Pango markup (use-markup is
   * 1.4): the daemon's words may hold '<' or '&'. */
  markup = g_markup_escape_text (text, -1);
  toast = adw_toast_new (markup);
  /* High priority shows it at once; the toast it displaces comes back
   * after it. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  if (urgent)
    adw_toast_set_timeout (toast, 10);
  adw_toast_overlay_add_toast (overlay, toast);
  return TRUE;
}

/* The displays xn_ui_init_display() has styled; each leaves the list as
 * it is finalized, so a new display at the same address is styled too. */
static GSList *styled_displays;

static void
display_gone (gpointer  data,
              GObject  *display)
{
  styled_displays = g_slist_remove (styled_displays, display);
}

/**
 * xn_ui_init_display:
 * @display: the display windows open on
 *
 * Gives @display what every Xenon window needs: the app's stylesheet
 * (over libadwaita's) and its icons from the resource bundle. XnApplication
 * calls it at startup; a window made without the application (tests, the
 * benchmarks) calls it as it is built. Once per display.
 */
void
xn_ui_init_display (GdkDisplay *display)
{
  g_autoptr(GtkCssProvider) css = NULL;

  g_return_if_fail (GDK_IS_DISPLAY (display));

  if (g_slist_find (styled_displays, display) != NULL)
    return;
  styled_displays = g_slist_prepend (styled_displays, display);
  g_object_weak_ref (G_OBJECT (display), display_gone, NULL);
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/org/xenonvmm/Manager/style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  /* GtkApplication adds this path by itself; windows without one do not. */
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (display), "/org/xenonvmm/Manager/icons");
}
