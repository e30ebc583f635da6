/* xn-editor.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The editor pane: a form for the selected object (tag, conflict,
 * secLabel, profile, domain, enclave, switch with its VIFs, device, host),
 * as libadwaita lays out settings: AdwPreferencesGroups of rows, text in
 * AdwEntryRows, everything else at the end of an AdwActionRow.
 *
 * Each field is tied to one property: an edit pushes an
 * XnSetPropertyCommand through the document (consecutive keystrokes merge
 * into one undo step), and a change in the model (undo, another view)
 * flows back into the field. Fields validate as the user types: a bad
 * value is not pushed, the entry gets the `error` style class and says
 * why in its tooltip and in a message label under it. */

#define G_LOG_DOMAIN "xn-editor"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "xn-editor.h"
#include "xn-editor-private.h"
#include "xn-tag-chip.h"
#include "xn-ui-util.h"

G_DEFINE_FINAL_TYPE (XnEditor, xn_editor, GTK_TYPE_WIDGET)

/* Validators */

gboolean
xn_validate_name (const char  *text,
                  char       **why)
{
  const char *p = text;

  while (p != NULL && g_ascii_isspace (*p))
    p++;
  if (p == NULL || *p == '\0')
    {
      if (why != NULL)
        *why = g_strdup (_("A name is required."));
      return FALSE;
    }
  return TRUE;
}

gboolean
xn_validate_mac (const char  *text,
                 char       **why)
{
  g_autoptr(GError) error = NULL;
  char mac[18];

  /* The model's parser, so the field takes what the lint and the
   * compiler take; the multicast rule is a VIF's, said here. */
  if (!xn_mac_parse (text, mac, &error))
    {
      if (why != NULL)
        *why = g_strdup (error->message);
      return FALSE;
    }
  if (xn_mac_is_multicast (mac))
    {
      if (why != NULL)
        *why = g_strdup (_("This is a multicast MAC address; a VIF needs a unicast one (first byte even)."));
      return FALSE;
    }
  return TRUE;
}

/* A whitelist address: IPv4 or IPv6, with an optional /prefix. */
gboolean
xn_validate_net_address (const char  *text,
                         char       **why)
{
  if (text == NULL || *text == '\0' || xn_net_address_is_valid (text))
    return TRUE;                 /* empty: the lint names it */
  if (why != NULL)
    *why = g_strdup (_("An address looks like 10.0.0.5, 10.0.0.0/8 or 2001:db8::/32."));
  return FALSE;
}

gboolean
xn_validate_ipv4 (const char  *text,
                  char       **why)
{
  g_autoptr(GError) error = NULL;

  if (text == NULL || *text == '\0')
    return TRUE;                 /* empty: not set */
  if (xn_ipv4_parse (text, NULL, &error))
    return TRUE;
  if (why != NULL)
    *why = g_strdup (error->message);
  return FALSE;
}

/* The model's parsers, so each field takes what the lint and the
 * compiler take, and says why not in their words. */
typedef gboolean (*ParseFunc) (const char *text, GError **error);

static gboolean
check_with (ParseFunc    parse,
            const char  *text,
            char       **why)
{
  g_autoptr(GError) error = NULL;

  if (parse (text, &error))
    return TRUE;
  if (why != NULL)
    *why = g_strdup (error->message);
  return FALSE;
}

static gboolean
parse_color (const char *text, GError **error)
{
  return xn_color_parse (text, NULL, error);
}

static gboolean
parse_netmask (const char *text, GError **error)
{
  return xn_netmask_parse (text, NULL, NULL, error);
}

static gboolean
parse_subops (const char *text, GError **error)
{
  return xn_subops_parse_list (text, NULL, error);
}

gboolean
xn_validate_color (const char  *text,
                   char       **why)
{
  return check_with (parse_color, text, why);
}

gboolean
xn_validate_netmask (const char  *text,
                     char       **why)
{
  if (text == NULL || *text == '\0')
    return TRUE;                 /* empty: not set */
  return check_with (parse_netmask, text, why);
}

gboolean
xn_validate_subops (const char  *text,
                    char       **why)
{
  if (text == NULL || *text == '\0')
    return TRUE;                 /* no filter: every sub-op */
  return check_with (parse_subops, text, why);
}

/* Form plumbing */

void
xn_editor_report_error (XnEditor     *self,
                        const GError *error)
{
  g_warning ("%s", error->message);
}

/* The group rows go to: the last heading's, or a group without one. */
static AdwPreferencesGroup *
current_group (XnEditor *self)
{
  if (self->group == NULL)
    {
      self->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      gtk_box_append (self->form, GTK_WIDGET (self->group));
    }
  return self->group;
}

/* A row's title is Pango markup in libadwaita 1.2: names are not. */
void
xn_editor_set_row_title (GtkWidget  *row,
                         const char *title)
{
  g_autofree char *markup = g_markup_escape_text (title, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), markup);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
}

/**
 * xn_editor_add_widget:
 * @widget: a row (AdwPreferencesRow) or any widget, shown under the rows
 *
 * Adds @widget to the current group.
 */
void
xn_editor_add_widget (XnEditor  *self,
                      GtkWidget *widget)
{
  adw_preferences_group_add (current_group (self), widget);
}

/**
 * xn_editor_add_row:
 * @label_text: the row's title, with a mnemonic
 * @field: the widget that edits the value, put at the row's end
 *
 * An AdwActionRow titled @label_text holding @field; the title names
 * @field for assistive technology, and its mnemonic (or a click on the
 * row) activates @field.
 *
 * Returns: (transfer none): @field
 */
GtkWidget *
xn_editor_add_row (XnEditor   *self,
                   const char *label_text,
                   const char *field_name,
                   GtkWidget  *field)
{
  GtkWidget *row = adw_action_row_new ();

  xn_editor_set_row_title (row, label_text);
  gtk_widget_set_valign (field, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), field);
  /* This also makes the row's title @field's name (labelled-by): a label
   * of its own would have it read twice ("ID ID"). */
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), field);
  gtk_widget_set_name (field, field_name);
  xn_editor_add_widget (self, row);
  g_hash_table_insert (self->fields, g_strdup (field_name), field);
  return field;
}

/**
 * xn_editor_add_heading:
 * @text: (nullable): the group's title
 *
 * Starts a new group of rows.
 *
 * Returns: (transfer none): the group
 */
AdwPreferencesGroup *
xn_editor_add_heading (XnEditor   *self,
                       const char *text)
{
  g_autofree char *markup = text ? g_markup_escape_text (text, -1) : NULL;

  self->group = NULL;
  current_group (self);
  if (markup != NULL)
    adw_preferences_group_set_title (self->group, markup);
  return self->group;
}

/* A property field of the form: its widget, the property it edits and
 * the edit in progress. The editor holds one per field (self->records)
 * and drops them with the form, which cuts their widgets' and objects'
 * signals; a callback running then (a push can rebuild the form under
 * it) holds its record until it returns. */
typedef struct
{
  XnEditor           *editor;
  GtkWidget          *widget;     /* owned: the field */
  GtkEventController *focus;      /* the entry's, or NULL */
  GListModel         *choices;    /* owned: a reference's objects, or NULL */
  GObject            *object;
  gulong              notify_id;  /* on object: the property changed */
  char               *property;
  char               *key;        /* "UUID:property", the draft's key */
  char               *committed;  /* the value before the current edit of this field */
  XnValidator         validator;
  GtkWidget          *message;
  gboolean            reverting;
  gboolean            pushed;     /* the current edit has undo steps: */
  guint               base;       /* the history's length before them */
  guint               top;        /* and after the last */
} Field;

static void
field_clear (gpointer data)
{
  Field *f = data;

  g_clear_object (&f->widget);
  g_clear_object (&f->choices);
  g_clear_object (&f->object);
  g_free (f->property);
  g_free (f->key);
  g_free (f->committed);
}

static Field *
field_ref (Field *f)
{
  return g_rc_box_acquire (f);
}

static void
field_unref (Field *f)
{
  g_rc_box_release_full (f, field_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Field, field_unref)

/* The form drops @data: nothing calls back into it any more. */
static void
field_drop (gpointer data)
{
  Field *f = data;

  g_signal_handlers_disconnect_by_data (f->widget, f);
  if (f->focus != NULL)
    g_signal_handlers_disconnect_by_data (f->focus, f);
  g_clear_signal_handler (&f->notify_id, f->object);
  field_unref (f);
}

static Field *
field_new (XnEditor    *self,
           GtkWidget   *widget,
           gpointer     object,
           const char  *property,
           XnValidator  validator)
{
  Field *f = g_rc_box_new0 (Field);

  f->editor = self;
  f->widget = g_object_ref_sink (widget);
  f->object = g_object_ref (object);
  f->property = g_strdup (property);
  f->key = g_strdup_printf ("%s:%s", xn_object_get_uuid (object), property);
  f->validator = validator;
  g_ptr_array_add (self->records, f);
  return f;
}

/* Calls @sync (@f) whenever @f's property changes in the model. */
static void
field_follow_model (Field     *f,
                    GCallback  sync)
{
  g_autofree char *signal = g_strdup_printf ("notify::%s", f->property);

  f->notify_id = g_signal_connect_swapped (f->object, signal, sync, f);
}

/* String entries */

static void
entry_show_valid (Field      *f,
                  const char *why)
{
  GtkWidget *entry = f->widget;

  if (why != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (entry), why);
  gtk_label_set_text (GTK_LABEL (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (f->message))), why ? why : "");
  gtk_widget_set_visible (f->message, why != NULL);
}

static void
entry_sync_from_model (Field *f)
{
  GtkWidget *entry = f->widget;
  g_autofree char *value = NULL;

  if (f->reverting)
    return;                     /* our own revert: the typed text stays */
  g_object_get (f->object, f->property, &value, NULL);
  if (g_strcmp0 (value ? value : "", gtk_editable_get_text (GTK_EDITABLE (entry))) != 0)
    {
      /* Someone else's change (undo, another view) replaces the text,
       * draft and all. */
      f->editor->updating = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (entry), value ? value : "");
      f->editor->updating = FALSE;
      entry_show_valid (f, NULL);
      g_hash_table_remove (f->editor->drafts, f->key);
      g_free (f->committed);
      f->committed = g_strdup (value);
      f->pushed = FALSE;
    }
}

/* The field is left (focus out, Enter): what it holds is now the value an
 * invalid edit falls back to. */
static void
entry_commit (Field *f)
{
  g_free (f->committed);
  g_object_get (f->object, f->property, &f->committed, NULL);
  f->pushed = FALSE;
}

/* An invalid text takes back what the current edit put in the document.
 * Typing "10.10.4.300" passes through the valid "10.10.4.30", and a
 * value pushed back over it would leave an undo step that brings
 * "10.10.4.30" back (and a policy marked modified). So while the edit's
 * own steps are still the newest, they are undone; otherwise (someone
 * pushed since) the value from before the edit is set. */
static gboolean
entry_take_back (Field   *f,
                 GError **error)
{
  XnCommandStack *stack = xn_document_get_stack (f->editor->document);
  g_autofree char *now = NULL;

  if (f->pushed && xn_command_stack_get_n_undo (stack) == f->top
      && xn_command_stack_get_group_depth (stack) == 0)
    {
      while (xn_command_stack_get_n_undo (stack) > f->base)
        if (!xn_document_undo (f->editor->document, error))
          return FALSE;
      /* Typing on is a new act: the steps undone are not to be redone. */
      xn_command_stack_drop_redo (stack);
    }
  f->pushed = FALSE;
  g_object_get (f->object, f->property, &now, NULL);
  if (g_strcmp0 (now, f->committed) == 0)
    return TRUE;
  return xn_document_set_string (f->editor->document, f->object, f->property, f->committed, error);
}

/* Pushes a valid text; the edit's first push starts an undo step of its
 * own, so that entry_take_back() can undo exactly this edit's steps. */
static gboolean
entry_push (Field       *f,
            const char  *text,
            GError     **error)
{
  XnCommandStack *stack = xn_document_get_stack (f->editor->document);

  if (!f->pushed)
    {
      xn_command_stack_break_merge (stack);
      f->base = xn_command_stack_get_n_undo (stack);
    }
  if (!xn_document_set_string (f->editor->document, f->object, f->property, text, error))
    return FALSE;
  f->pushed = TRUE;
  f->top = xn_command_stack_get_n_undo (stack);
  return TRUE;
}

static void
entry_changed (GtkWidget *entry,
               Field     *f)
{
  g_autoptr(Field) hold G_GNUC_UNUSED = field_ref (f);  /* f outlives a rebuild of the form */
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *why = NULL;
  g_autofree char *current = NULL;
  g_autoptr(GError) error = NULL;

  if (f->editor->updating)
    return;
  g_object_get (f->object, f->property, &current, NULL);
  if (f->validator != NULL && !f->validator (text, &why))
    {
      entry_show_valid (f, why);
      /* An invalid text never reaches the document, nor does the valid
       * prefix typed on the way to it: the document goes back to the
       * value before this edit, and the typed text is kept as a draft
       * for when the form is built again. */
      g_hash_table_insert (f->editor->drafts, g_strdup (f->key), g_strdup (text));
      if (g_strcmp0 (current, f->committed) != 0)
        {
          f->reverting = TRUE;
          if (!entry_take_back (f, &error))
            xn_editor_report_error (f->editor, error);
          f->reverting = FALSE;
        }
      return;
    }
  entry_show_valid (f, NULL);
  g_hash_table_remove (f->editor->drafts, f->key);

  if (g_strcmp0 (current ? current : "", text) == 0)
    return;
  if (!entry_push (f, *text ? text : NULL, &error))
    xn_editor_report_error (f->editor, error);
}

/**
 * xn_editor_add_entry:
 *
 * An AdwEntryRow titled @label for a string property, checked by
 * @validator as the user types; under it, a row that says what is wrong.
 *
 * Returns: (transfer none): the entry row (a GtkEditable)
 */
GtkWidget *
xn_editor_add_entry (XnEditor    *self,
                     const char  *label,
                     gpointer     object,
                     const char  *property,
                     XnValidator  validator)
{
  GtkWidget *entry = adw_entry_row_new ();
  Field *f = field_new (self, entry, object, property, validator);
  GtkEventController *focus = gtk_event_controller_focus_new ();
  g_autofree char *draft = g_strdup (g_hash_table_lookup (self->drafts, f->key));
  GtkWidget *message = gtk_label_new (NULL);

  xn_editor_set_row_title (entry, label);
  gtk_widget_set_name (entry, f->key);
  xn_editor_add_widget (self, entry);
  g_hash_table_insert (self->fields, g_strdup (f->key), entry);

  /* Why the text is refused, in a row of its own under the field. */
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  g_object_set (message, "margin-start", 12, "margin-end", 12, "margin-top", 6, "margin-bottom", 6, NULL);
  gtk_widget_add_css_class (message, "error");
  f->message = adw_preferences_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (f->message), message);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (f->message), FALSE);
  gtk_widget_set_visible (f->message, FALSE);
  xn_editor_add_widget (self, f->message);

  entry_sync_from_model (f);
  entry_commit (f);
  g_signal_connect (entry, "changed", G_CALLBACK (entry_changed), f);
  g_signal_connect_swapped (entry, "entry-activated", G_CALLBACK (entry_commit), f);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (entry_commit), f);
  gtk_widget_add_controller (entry, focus);
  f->focus = focus;
  if (draft != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), draft);
  field_follow_model (f, G_CALLBACK (entry_sync_from_model));
  return entry;
}

/* Unsigned numbers */

static void
spin_sync_from_model (Field *f)
{
  GtkSpinButton *spin = GTK_SPIN_BUTTON (f->widget);
  guint value = 0;

  g_object_get (f->object, f->property, &value, NULL);
  if ((guint)gtk_spin_button_get_value_as_int (spin) != value)
    {
      f->editor->updating = TRUE;
      gtk_spin_button_set_value (spin, value);
      f->editor->updating = FALSE;
    }
}

static void
spin_changed (GtkSpinButton *spin,
              Field         *f)
{
  g_autoptr(GError) error = NULL;
  guint current = 0;
  guint value = (guint)gtk_spin_button_get_value_as_int (spin);

  if (f->editor->updating)
    return;
  g_object_get (f->object, f->property, &current, NULL);
  if (current == value)
    return;
  if (!xn_document_set_uint (f->editor->document, f->object, f->property, value, &error))
    xn_editor_report_error (f->editor, error);
}

GtkWidget *
xn_editor_add_spin (XnEditor   *self,
                    const char *label,
                    gpointer    object,
                    const char *property,
                    guint       max)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (0, max, 1);
  Field *f = field_new (self, spin, object, property, NULL);

  xn_editor_add_row (self, label, f->key, spin);
  spin_sync_from_model (f);
  g_signal_connect (spin, "value-changed", G_CALLBACK (spin_changed), f);
  field_follow_model (f, G_CALLBACK (spin_sync_from_model));
  return spin;
}

/* Booleans */

static void
check_sync_from_model (Field *f)
{
  GtkCheckButton *check = GTK_CHECK_BUTTON (f->widget);
  gboolean value = FALSE;

  g_object_get (f->object, f->property, &value, NULL);
  if (gtk_check_button_get_active (check) != value)
    {
      f->editor->updating = TRUE;
      gtk_check_button_set_active (check, value);
      f->editor->updating = FALSE;
    }
}

static void
check_toggled (GtkCheckButton *check,
               Field          *f)
{
  g_autoptr(GError) error = NULL;
  gboolean current = FALSE;

  if (f->editor->updating)
    return;
  g_object_get (f->object, f->property, &current, NULL);
  if (current == gtk_check_button_get_active (check))
    return;
  if (!xn_document_set_boolean (f->editor->document, f->object, f->property,
                                gtk_check_button_get_active (check), &error))
    xn_editor_report_error (f->editor, error);
}

GtkWidget *
xn_editor_add_check (XnEditor   *self,
                     const char *label,
                     gpointer    object,
                     const char *property)
{
  GtkWidget *check = gtk_check_button_new ();
  Field *f = field_new (self, check, object, property, NULL);

  xn_editor_add_row (self, label, f->key, check);
  check_sync_from_model (f);
  g_signal_connect (check, "toggled", G_CALLBACK (check_toggled), f);
  field_follow_model (f, G_CALLBACK (check_sync_from_model));
  return check;
}

/* Enums, shown by their nicks */

static void
enum_sync_from_model (Field *f)
{
  GtkDropDown *drop = GTK_DROP_DOWN (f->widget);
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (f->object), f->property);
  g_autoptr(GEnumClass) klass = g_type_class_ref (pspec->value_type);
  int value = 0;

  g_object_get (f->object, f->property, &value, NULL);
  for (guint i = 0; i < klass->n_values; i++)
    if (klass->values[i].value == value && gtk_drop_down_get_selected (drop) != i)
      {
        f->editor->updating = TRUE;
        gtk_drop_down_set_selected (drop, i);
        f->editor->updating = FALSE;
      }
}

static void
enum_selected (GtkDropDown *drop,
               GParamSpec  *pspec_unused,
               Field       *f)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (f->object), f->property);
  g_autoptr(GEnumClass) klass = g_type_class_ref (pspec->value_type);
  g_autoptr(GError) error = NULL;
  guint selected = gtk_drop_down_get_selected (drop);
  int current = 0;

  if (f->editor->updating || selected >= klass->n_values)
    return;
  g_object_get (f->object, f->property, &current, NULL);
  if (current == klass->values[selected].value)
    return;
  if (!xn_document_set_enum (f->editor->document, f->object, f->property,
                             klass->values[selected].value, &error))
    xn_editor_report_error (f->editor, error);
}

GtkWidget *
xn_editor_add_enum (XnEditor   *self,
                    const char *label,
                    gpointer    object,
                    const char *property)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), property);
  g_autoptr(GEnumClass) klass = g_type_class_ref (pspec->value_type);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GtkWidget *drop;
  Field *f;

  for (guint i = 0; i < klass->n_values; i++)
    gtk_string_list_append (names, klass->values[i].value_nick);
  drop = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL);
  f = field_new (self, drop, object, property, NULL);
  xn_ui_name_compound (drop, label);
  xn_editor_add_row (self, label, f->key, drop);
  enum_sync_from_model (f);
  g_signal_connect (drop, "notify::selected", G_CALLBACK (enum_selected), f);
  field_follow_model (f, G_CALLBACK (enum_sync_from_model));
  return drop;
}

/* References: a drop-down of the objects of one list, stored by UUID */

static void
ref_sync_from_model (Field *f)
{
  GtkDropDown *drop = GTK_DROP_DOWN (f->widget);
  GListModel *choices = f->choices;
  g_autofree char *uuid = NULL;
  guint n = g_list_model_get_n_items (choices);
  guint want = 0;

  g_object_get (f->object, f->property, &uuid, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XnObject) o = g_list_model_get_item (choices, i);
      if (g_strcmp0 (xn_object_get_uuid (o), uuid) == 0)
        want = i + 1;
    }
  if (gtk_drop_down_get_selected (drop) != want)
    {
      f->editor->updating = TRUE;
      gtk_drop_down_set_selected (drop, want);
      f->editor->updating = FALSE;
    }
}

static void
ref_selected (GtkDropDown *drop,
              GParamSpec  *pspec,
              Field       *f)
{
  GListModel *choices = f->choices;
  guint selected = gtk_drop_down_get_selected (drop);
  g_autoptr(XnObject) choice = NULL;
  g_autofree char *current = NULL;
  g_autoptr(GError) error = NULL;
  const char *uuid = NULL;

  if (f->editor->updating || selected == GTK_INVALID_LIST_POSITION)
    return;
  if (selected > 0)
    {
      choice = g_list_model_get_item (choices, selected - 1);
      uuid = xn_object_get_uuid (choice);
    }
  g_object_get (f->object, f->property, &current, NULL);
  if (g_strcmp0 (current, uuid) == 0)
    return;
  if (!xn_document_set_string (f->editor->document, f->object, f->property, uuid, &error))
    xn_editor_report_error (f->editor, error);
}

GtkWidget *
xn_editor_add_ref (XnEditor   *self,
                   const char *label,
                   gpointer    object,
                   const char *property,
                   GListModel *choices)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GtkWidget *drop;
  Field *f;
  guint n = g_list_model_get_n_items (choices);

  gtk_string_list_append (names, _("(none)"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XnObject) o = g_list_model_get_item (choices, i);
      gtk_string_list_append (names, xn_object_get_name (o));
    }
  drop = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL);
  f = field_new (self, drop, object, property, NULL);
  f->choices = g_object_ref (choices);
  xn_ui_name_compound (drop, label);
  xn_editor_add_row (self, label, f->key, drop);
  ref_sync_from_model (f);
  g_signal_connect (drop, "notify::selected", G_CALLBACK (ref_selected), f);
  field_follow_model (f, G_CALLBACK (ref_sync_from_model));
  return drop;
}

/* Tag colour: a GtkColorButton (not deprecated before 4.10) next to the
 * #rrggbb entry, both on the "color" property. */

static void
color_button_sync (XnTag          *tag,
                   GParamSpec     *pspec,
                   GtkColorButton *button)
{
  GdkRGBA rgba;

  if (xn_tag_get_color (tag) != NULL && gdk_rgba_parse (&rgba, xn_tag_get_color (tag)))
    gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (button), &rgba);
}

static void
color_button_set (GtkColorButton *button,
                  XnEditor       *self)
{
  XnObject *tag = self->object;   /* the form's */
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GdkRGBA rgba;

  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (button), &rgba);
  text = g_strdup_printf ("#%02x%02x%02x", (guint)(rgba.red * 255 + 0.5),
                          (guint)(rgba.green * 255 + 0.5), (guint)(rgba.blue * 255 + 0.5));
  if (XN_IS_TAG (tag) && g_strcmp0 (text, xn_tag_get_color (XN_TAG (tag))) != 0
      && !xn_document_set_string (self->document, tag, "color", text, &error))
    xn_editor_report_error (self, error);
}

/* Conflict tags: one check button per tag of the policy, named by the
 * tag's UUID; toggling one inserts or removes a tag reference of the
 * conflict the form shows. */

static void
conflict_tags_sync (GtkWidget *box)
{
  XnEditor *self = XN_EDITOR (gtk_widget_get_ancestor (box, XN_TYPE_EDITOR));

  if (self == NULL || !XN_IS_CONFLICT (self->object))
    return;
  /* Each row is a colour chip and the check button, last. */
  for (GtkWidget *row = gtk_widget_get_first_child (box); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *c = gtk_widget_get_last_child (row);
      gboolean has = xn_conflict_has_tag (XN_CONFLICT (self->object), gtk_widget_get_name (c));

      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (c)) != has)
        {
          self->updating = TRUE;
          gtk_check_button_set_active (GTK_CHECK_BUTTON (c), has);
          self->updating = FALSE;
        }
    }
}

static void
conflict_tag_toggled (GtkCheckButton *check,
                      XnEditor       *self)
{
  XnConflict *conflict = XN_IS_CONFLICT (self->object) ? XN_CONFLICT (self->object) : NULL;
  XnObjectList *refs = conflict != NULL ? xn_conflict_get_tag_refs (conflict) : NULL;
  const char *uuid = gtk_widget_get_name (GTK_WIDGET (check));
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (self->updating || conflict == NULL)
    return;
  if (gtk_check_button_get_active (check) && !xn_conflict_has_tag (conflict, uuid))
    {
      g_autoptr(XnTagRef) ref = xn_tag_ref_new (uuid);
      ok = xn_document_push (self->document,
                             xn_insert_command_new (refs, xn_object_list_get_n_items (refs), XN_OBJECT (ref)),
                             &error);
    }
  else if (!gtk_check_button_get_active (check))
    {
      guint n = xn_object_list_get_n_items (refs);
      for (guint i = 0; i < n; i++)
        if (g_strcmp0 (xn_tag_ref_get_tag_uuid (xn_object_list_get (refs, i)), uuid) == 0)
          {
            ok = xn_document_push (self->document, xn_remove_command_new (refs, i), &error);
            break;
          }
    }
  if (!ok)
    xn_editor_report_error (self, error);
}

static gboolean rebuild_idle (gpointer data);

void
xn_editor_schedule_rebuild (XnEditor *self)
{
  /* Not at once: the list may change under a button of this form. */
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add (rebuild_idle, self);
}

static void
clear_form (XnEditor *self)
{
  GtkWidget *child;

  /* An entry going away may say "changed" on its way out: no edit. */
  self->updating = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->form))) != NULL)
    gtk_box_remove (self->form, child);
  self->updating = FALSE;
  g_hash_table_remove_all (self->fields);
  g_ptr_array_set_size (self->records, 0);
  self->group = NULL;
}

static GtkWidget *
list_box_under (GtkWidget *widget)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = GTK_IS_LIST_BOX (c) ? c : list_box_under (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* libadwaita 1.2 leaves a group's list of rows unnamed (read as
 * "GtkListBox"): each is named by its group's title, or the form's when
 * the group has none. The entry rows' edit icons are hidden (read as
 * "GtkImage") with what else the walk names. */
static void
name_form (XnEditor   *self,
           const char *title)
{
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->form)); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      const char *markup = ADW_IS_PREFERENCES_GROUP (c) ? adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (c))
                                                        : NULL;
      GtkWidget *list = ADW_IS_PREFERENCES_GROUP (c) ? list_box_under (c) : NULL;
      g_autofree char *plain = NULL;

      if (list == NULL)
        continue;
      if (markup != NULL && *markup != '\0')
        pango_parse_markup (markup, -1, 0, NULL, &plain, NULL, NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      plain != NULL ? plain : title, -1);
    }
  xn_ui_name_for_assistive_technology (GTK_WIDGET (self->form));
}

/* What the heading @title says around the object's @name, for
 * on_object_name(): a name may hold spaces, and a translation may put it
 * anywhere in the sentence. */
static void
set_title_frame (XnEditor   *self,
                 const char *title,
                 const char *name)
{
  const char *at = title != NULL && name != NULL && *name != '\0' ? g_strrstr (title, name) : NULL;

  g_clear_pointer (&self->title_before, g_free);
  g_clear_pointer (&self->title_after, g_free);
  if (at == NULL)
    return;
  self->title_before = g_strndup (title, at - title);
  self->title_after = g_strdup (at + strlen (name));
}

static void
rebuild (XnEditor *self)
{
  XnObject *object = self->object;
  XnPolicy *policy;
  g_autofree char *title = NULL;

  clear_form (self);
  set_title_frame (self, NULL, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->title), object != NULL && self->document != NULL);
  if (object == NULL || self->document == NULL)
    {
      /* A placeholder page, not a large bold sentence where a form goes. */
      GtkWidget *page = adw_status_page_new ();

      adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "document-edit-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (page), _("Nothing selected"));
      adw_status_page_set_description (ADW_STATUS_PAGE (page), _("Select an item in the policy tree to edit it."));
      gtk_widget_set_hexpand (page, TRUE);
      gtk_widget_set_vexpand (page, TRUE);
      /* Nothing to do in it: not an unnamed Tab stop (its scrolled window). */
      gtk_widget_set_can_focus (page, FALSE);
      gtk_box_append (self->form, page);
      return;
    }
  policy = xn_document_get_policy (self->document);

  if (XN_IS_TAG (object))
    {
      GtkWidget *button = gtk_color_button_new ();

      title = g_strdup_printf (_("Edit tag %s"), xn_object_get_name (object));
      xn_editor_add_entry (self, _("_Name"), object, "name", xn_validate_name);
      xn_editor_add_spin (self, _("_ID"), object, "id", G_MAXINT);
      xn_editor_add_entry (self, _("_Colour"), object, "color", xn_validate_color);
      gtk_widget_set_tooltip_text (button, _("Pick the tag's colour"));
      color_button_sync (XN_TAG (object), NULL, GTK_COLOR_BUTTON (button));
      g_signal_connect (button, "color-set", G_CALLBACK (color_button_set), self);
      g_signal_connect_object (object, "notify::color", G_CALLBACK (color_button_sync), button, 0);
      xn_editor_add_row (self, _("Colour _picker"), "color-button", button);
      xn_ui_name_compound (button, _("Colour _picker"));
    }
  else if (XN_IS_CONFLICT (object))
    {
      XnObjectList *tags = xn_policy_get_tags (policy);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      guint n = xn_object_list_get_n_items (tags);

      title = g_strdup_printf (_("Edit conflict %s"), xn_object_get_name (object));
      xn_editor_add_entry (self, _("_Name"), object, "name", xn_validate_name);
      xn_editor_add_spin (self, _("_ID"), object, "id", G_MAXINT);
      for (guint i = 0; i < n; i++)
        {
          XnTag *tag = xn_object_list_get (tags, i);
          GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
          GtkWidget *check = gtk_check_button_new_with_label (xn_object_get_name (XN_OBJECT (tag)));
          GtkWidget *chip = xn_tag_chip_new ();

          xn_tag_chip_set_tag (XN_TAG_CHIP (chip), tag);
          gtk_widget_set_name (check, xn_object_get_uuid (XN_OBJECT (tag)));
          g_hash_table_insert (self->fields,
                               g_strdup_printf ("tag:%s", xn_object_get_name (XN_OBJECT (tag))), check);
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                       xn_conflict_has_tag (XN_CONFLICT (object),
                                                            xn_object_get_uuid (XN_OBJECT (tag))));
          g_signal_connect (check, "toggled", G_CALLBACK (conflict_tag_toggled), self);
          gtk_box_append (GTK_BOX (row), chip);
          gtk_box_append (GTK_BOX (row), check);
          gtk_box_append (GTK_BOX (box), row);
        }
      xn_editor_add_row (self, _("Tags"), "tags", box);
      /* The rows hold the checks; sync them when references change. */
      g_signal_connect_object (xn_conflict_get_tag_refs (XN_CONFLICT (object)), "items-changed",
                               G_CALLBACK (conflict_tags_sync), box, G_CONNECT_SWAPPED);
      xn_editor_add_check (self, _("_Allow to run simultaneously?"), object, "allow-simultaneous");
    }
  else if (XN_IS_SEC_LABEL (object))
    {
      title = g_strdup_printf (_("Edit secLabel %s"), xn_object_get_name (object));
      xn_editor_add_entry (self, _("_Name"), object, "name", xn_validate_name);
      xn_editor_add_ref (self, _("_Tag"), object, "tag-uuid", G_LIST_MODEL (xn_policy_get_tags (policy)));
      xn_editor_add_ref (self, _("_Profile"), object, "profile-uuid", G_LIST_MODEL (xn_policy_get_profiles (policy)));
    }
  else if (XN_IS_PROFILE (object))
    {
      title = g_strdup_printf (_("Edit profile %s"), xn_object_get_name (object));
      xn_editor_add_entry (self, _("_Name"), object, "name", xn_validate_name);
      xn_editor_add_enum (self, _("_Guest type"), object, "guest-type");
      xn_editor_add_enum (self, _("_Privilege"), object, "privilege");
      xn_editor_add_spin (self, _("Rate h_max (per second)"), object, "rate-hmax", G_MAXINT);
      xn_editor_add_spin (self, _("Rate _burst"), object, "rate-burst", G_MAXINT);
      xn_editor_add_spin (self, _("Max _violations"), object, "max-violations", G_MAXINT);
      xn_editor_add_enum (self, _("Violation _action"), object, "violation-action");
      xn_editor_add_check (self, _("_Learning mode (record, never deny)"), object, "learning");
      xn_editor_add_heading (self, _("Hypercalls"));
      xn_editor_build_hypercalls (self, XN_PROFILE (object));
    }
  else if (XN_IS_DOMAIN (object))
    {
      title = g_strdup_printf (_("Edit domain %s"), xn_object_get_name (object));
      xn_editor_build_domain (self, XN_DOMAIN (object));
    }
  else if (XN_IS_ENCLAVE (object))
    {
      title = g_strdup_printf (_("Edit enclave %s"), xn_object_get_name (object));
      xn_editor_add_entry (self, _("_Name"), object, "name", xn_validate_name);
      xn_editor_add_ref (self, _("_Tag"), object, "tag-uuid", G_LIST_MODEL (xn_policy_get_tags (policy)));
    }
  else if (XN_IS_NET_SWITCH (object))
    {
      title = g_strdup_printf (_("Edit %s"), xn_object_get_name (object));
      xn_editor_build_switch (self, XN_NET_SWITCH (object));
    }
  else if (XN_IS_HOST (object))
    {
      title = g_strdup_printf (_("Edit host %s"), xn_object_get_name (object));
      xn_editor_add_entry (self, _("_Name"), object, "name", xn_validate_name);
      xn_editor_add_entry (self, _("_Address"), object, "address", NULL);
      xn_editor_add_spin (self, _("_SSH port"), object, "ssh-port", 65535);
    }
  else if (XN_IS_DEVICE (object))
    {
      title = g_strdup_printf (_("Edit device %s"), xn_object_get_name (object));
      xn_editor_add_entry (self, _("_Name"), object, "name", xn_validate_name);
      xn_editor_add_entry (self, _("_Interface name"), object, "ifname", NULL);
      xn_editor_add_entry (self, _("_MAC address"), object, "mac", xn_validate_mac);
    }
  else
    {
      title = g_strdup_printf (_("%s cannot be edited here"), xn_object_get_name (object));
    }
  gtk_label_set_text (self->title, title);
  name_form (self, title);
  set_title_frame (self, title, xn_object_get_name (object));
}

static void
on_object_name (XnEditor *self)
{
  /* Keep the heading in step with renames without losing focus. */
  if (self->object != NULL && self->title_before != NULL)
    {
      g_autofree char *title = g_strconcat (self->title_before, xn_object_get_name (self->object) ?: "",
                                            self->title_after, NULL);

      gtk_label_set_text (self->title, title);
    }
}

static gboolean
rebuild_idle (gpointer data)
{
  XnEditor *self = data;

  self->rebuild_id = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

static void
xn_editor_dispose (GObject *object)
{
  XnEditor *self = XN_EDITOR (object);

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  if (self->object != NULL)
    g_signal_handlers_disconnect_by_data (self->object, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), XN_TYPE_EDITOR);
  g_clear_object (&self->object);
  g_clear_object (&self->document);
  g_clear_pointer (&self->fields, g_hash_table_unref);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_pointer (&self->drafts, g_hash_table_unref);
  G_OBJECT_CLASS (xn_editor_parent_class)->dispose (object);
}

static void
xn_editor_finalize (GObject *object)
{
  XnEditor *self = XN_EDITOR (object);

  g_free (self->title_before);
  g_free (self->title_after);
  G_OBJECT_CLASS (xn_editor_parent_class)->finalize (object);
}

static void
xn_editor_class_init (XnEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xn_editor_dispose;
  object_class->finalize = xn_editor_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/xenonvmm/Manager/ui/xn-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, XnEditor, scroller);
  gtk_widget_class_bind_template_child (widget_class, XnEditor, box);
  gtk_widget_class_bind_template_child (widget_class, XnEditor, title);
  gtk_widget_class_bind_template_child (widget_class, XnEditor, form);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  _xn_editor_domain_class_init (widget_class);
}

static void
xn_editor_init (XnEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->records = g_ptr_array_new_with_free_func (field_drop);
  self->drafts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

GtkWidget *
xn_editor_new (void)
{
  return g_object_new (XN_TYPE_EDITOR, NULL);
}

void
xn_editor_set_document (XnEditor   *self,
                        XnDocument *document)
{
  g_return_if_fail (XN_IS_EDITOR (self));

  g_set_object (&self->document, document);
  g_hash_table_remove_all (self->drafts);
  xn_editor_set_object (self, NULL);
}

void
xn_editor_set_object (XnEditor *self,
                      XnObject *object)
{
  g_return_if_fail (XN_IS_EDITOR (self));

  if (self->object != NULL)
    g_signal_handlers_disconnect_by_data (self->object, self);
  g_set_object (&self->object, object);
  if (object != NULL)
    g_signal_connect_object (object, "notify::name", G_CALLBACK (on_object_name), self,
                             G_CONNECT_SWAPPED);
  rebuild (self);
}

XnObject *
xn_editor_get_object (XnEditor *self)
{
  g_return_val_if_fail (XN_IS_EDITOR (self), NULL);
  return self->object;
}

/**
 * xn_editor_find_field:
 * @name: "UUID:property" for a property field, "tag:NAME" for a
 *   conflict's tag check button
 *
 * Returns: (transfer none) (nullable): the field widget (for tests)
 */
GtkWidget *
xn_editor_find_field (XnEditor   *self,
                      const char *name)
{
  g_return_val_if_fail (XN_IS_EDITOR (self), NULL);
  return g_hash_table_lookup (self->fields, name);
}
