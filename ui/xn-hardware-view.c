/* xn-hardware-view.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* "Domains, SecLabels, & Enclaves" with "Unassigned Hardware" and each
 * enclave's "Assigned Hardware", as in the seed.
 *
 * Hardware and domains are dragged (GtkDragSource with a typed content
 * provider) onto enclaves, domains or back to the unassigned pool
 * (GtkDropTarget). An unassigned device dropped on a domain is assigned to
 * the domain's enclave in the same undo step. Each drop is first tried on a copy of the policy and
 * linted (xn_document_check_trial()); a drop that would add a lint error
 * is refused, the target flashes the `error` style and the status line
 * says why. Every drag has a menu twin ("Assign to enclave…", "Move to
 * enclave…") so the keyboard alone can do the same. */

#define G_LOG_DOMAIN "xn-hardware-view"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xn-hardware-view.h"
#include "xn-tag-chip.h"
#include "xn-ui-util.h"

struct _XnHardwareView
{
  GtkWidget   parent_instance;

  /* Template widgets */
  GtkWidget  *box;
  GtkWidget  *columns;
  GtkWidget  *left;
  GtkWidget  *unassigned;
  GtkWidget  *unassigned_content;
  GtkWidget  *domains;
  GtkLabel   *status;

  /* Borrowed references */
  GtkDropTarget *unassigned_drop;  /* the Unassigned Hardware frame's */

  /* Owned references */
  XnDocument *document;
  GHashTable *targets;          /* uuid or "" (unassigned) → GtkDropTarget */
  char       *status_text;
  guint       rebuild_id;       /* coalesces the rebuilds of a burst of edits */
  guint       dirty : 1;
};

G_DEFINE_FINAL_TYPE (XnHardwareView, xn_hardware_view, GTK_TYPE_WIDGET)

/* Commands, built against whichever policy they are given (the document's
 * or a trial copy), from UUIDs. */

typedef struct
{
  const char *device;
  const char *domain;
  const char *target;           /* enclave or domain; NULL: unassign */
} Move;

static gboolean
find_ref (XnObjectList *list,
          const char   *device_uuid,
          guint        *pos)
{
  guint n = xn_object_list_get_n_items (list);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (xn_device_ref_get_device_uuid (xn_object_list_get (list, i)), device_uuid) == 0)
      {
        *pos = i;
        return TRUE;
      }
  return FALSE;
}

static XnCommand *
build_assign_device (XnPolicy *policy,
                     gpointer  data)
{
  Move *m = data;
  XnDevice *device = XN_DEVICE (xn_policy_lookup (policy, m->device));
  XnObject *target = m->target ? xn_policy_lookup (policy, m->target) : NULL;
  XnEnclave *holder;
  XnObjectList *to;
  guint pos;

  if (device == NULL)
    return NULL;
  holder = xn_device_get_enclave (device);

  if (target == NULL)
    {
      /* Back to the unassigned pool. */
      if (holder == NULL || !find_ref (xn_enclave_get_assigned_hardware (holder), m->device, &pos))
        return NULL;
      return xn_remove_command_new (xn_enclave_get_assigned_hardware (holder), pos);
    }

  if (XN_IS_ENCLAVE (target))
    to = xn_enclave_get_assigned_hardware (XN_ENCLAVE (target));
  else if (XN_IS_DOMAIN (target))
    to = xn_domain_get_pci_devices (XN_DOMAIN (target));
  else
    return NULL;

  if (find_ref (to, m->device, &pos))
    return NULL;                 /* already there */
  if (XN_IS_ENCLAVE (target) && holder != NULL
      && find_ref (xn_enclave_get_assigned_hardware (holder), m->device, &pos))
    return xn_move_command_new (xn_enclave_get_assigned_hardware (holder), pos,
                                to, xn_object_list_get_n_items (to));
  else
    {
      g_autoptr(XnDeviceRef) ref = xn_device_ref_new (m->device);
      XnEnclave *owner = XN_IS_DOMAIN (target) ? xn_domain_get_enclave (XN_DOMAIN (target)) : NULL;
      XnCommand *insert = xn_insert_command_new (to, xn_object_list_get_n_items (to), XN_OBJECT (ref));
      XnGroupCommand *group;
      XnObjectList *owned;

      /* An unassigned device dropped on a domain of an enclave goes to
       * that enclave too, in the same undo step: a domain may only use
       * what its enclave holds. (Held by another enclave, the trial's
       * lint refuses it.) */
      if (owner == NULL || holder != NULL)
        return insert;
      owned = xn_enclave_get_assigned_hardware (owner);
      group = XN_GROUP_COMMAND (xn_group_command_new (_("Assign device")));
      g_clear_object (&ref);     /* each list holds a reference of its own */
      ref = xn_device_ref_new (m->device);
      xn_group_command_add (group, xn_insert_command_new (owned, xn_object_list_get_n_items (owned),
                                                          XN_OBJECT (ref)));
      xn_group_command_add (group, insert);
      return XN_COMMAND (group);
    }
}

static XnCommand *
build_move_domain (XnPolicy *policy,
                   gpointer  data)
{
  Move *m = data;
  XnDomain *domain = XN_DOMAIN (xn_policy_lookup (policy, m->domain));
  XnObject *target = xn_policy_lookup (policy, m->target);
  XnEnclave *from;
  XnTag *tag;
  XnSecLabel *label;
  XnGroupCommand *group;
  XnObjectList *to;
  guint pos;

  if (domain == NULL || target == NULL || !XN_IS_ENCLAVE (target))
    return NULL;
  from = xn_domain_get_enclave (domain);
  if (from == NULL || from == XN_ENCLAVE (target))
    return NULL;
  if (!xn_object_list_find (xn_enclave_get_domains (from), XN_OBJECT (domain), &pos))
    return NULL;
  to = xn_enclave_get_domains (XN_ENCLAVE (target));

  group = XN_GROUP_COMMAND (xn_group_command_new (_("Move domain")));
  xn_group_command_add (group, xn_move_command_new (xn_enclave_get_domains (from), pos,
                                                    to, xn_object_list_get_n_items (to)));

  /* The domain takes the enclave's tag: give it a secLabel of that tag,
   * keeping its profile when such a label exists. */
  tag = xn_enclave_get_tag (XN_ENCLAVE (target));
  label = xn_domain_get_sec_label (domain);
  if (tag != NULL && (label == NULL || xn_sec_label_get_tag (label) != tag))
    {
      XnObjectList *labels = xn_policy_get_sec_labels (policy);
      XnSecLabel *best = NULL;
      guint n = xn_object_list_get_n_items (labels);

      for (guint i = 0; i < n; i++)
        {
          XnSecLabel *l = xn_object_list_get (labels, i);
          if (xn_sec_label_get_tag (l) != tag)
            continue;
          if (best == NULL
              || (label != NULL && xn_sec_label_get_profile (l) == xn_sec_label_get_profile (label)))
            best = l;
        }
      if (best != NULL)
        {
          g_auto(GValue) v = G_VALUE_INIT;
          g_value_init (&v, G_TYPE_STRING);
          g_value_set_string (&v, xn_object_get_uuid (XN_OBJECT (best)));
          xn_group_command_add (group, xn_set_property_command_new (G_OBJECT (domain),
                                                                    "sec-label-uuid", &v));
        }
    }
  return XN_COMMAND (group);
}

static void
set_status (XnHardwareView *self,
            const char     *text)
{
  g_free (self->status_text);
  self->status_text = g_strdup (text);
  gtk_label_set_text (self->status, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status), text != NULL);
}

static gboolean
run_move (XnHardwareView *self,
          XnCommand *(*build) (XnPolicy *, gpointer),
          Move           *m,
          char          **reason)
{
  g_autofree char *why = NULL;
  g_autoptr(GError) error = NULL;
  XnCommand *command;

  if (!xn_document_check_trial (self->document, build, m, &why))
    {
      g_autofree char *text = g_strdup_printf (_("Refused: %s"), why);
      set_status (self, text);
      if (reason != NULL)
        *reason = g_steal_pointer (&why);
      return FALSE;
    }
  command = build (xn_document_get_policy (self->document), m);
  if (command == NULL || !xn_document_push (self->document, command, &error))
    {
      if (reason != NULL)
        *reason = g_strdup (error ? error->message : _("Nothing to do."));
      return FALSE;
    }
  set_status (self, NULL);
  return TRUE;
}

/**
 * xn_hardware_view_assign_device:
 * @target: (nullable): an #XnEnclave, an #XnDomain, or %NULL to unassign
 * @reason: (out) (optional): why it was refused
 *
 * Returns: %TRUE if the device moved (one undoable command)
 */
gboolean
xn_hardware_view_assign_device (XnHardwareView *self,
                                XnDevice       *device,
                                XnObject       *target,
                                char          **reason)
{
  Move m = { 0 };

  g_return_val_if_fail (XN_IS_HARDWARE_VIEW (self), FALSE);
  g_return_val_if_fail (XN_IS_DEVICE (device), FALSE);

  m.device = xn_object_get_uuid (XN_OBJECT (device));
  m.target = target ? xn_object_get_uuid (target) : NULL;
  return run_move (self, build_assign_device, &m, reason);
}

gboolean
xn_hardware_view_move_domain (XnHardwareView *self,
                              XnDomain       *domain,
                              XnEnclave      *enclave,
                              char          **reason)
{
  Move m = { 0 };

  g_return_val_if_fail (XN_IS_HARDWARE_VIEW (self), FALSE);

  m.domain = xn_object_get_uuid (XN_OBJECT (domain));
  m.target = xn_object_get_uuid (XN_OBJECT (enclave));
  return run_move (self, build_move_domain, &m, reason);
}

/* Drag and drop */

static GdkContentProvider *
drag_prepare (GtkDragSource *source,
              double         x,
              double         y,
              XnObject      *object)
{
  return gdk_content_provider_new_typed (G_OBJECT_TYPE (object), object);
}

static void
add_drag_source (GtkWidget *widget,
                 XnObject  *object)
{
  GtkDragSource *source = gtk_drag_source_new ();

  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect_object (source, "prepare", G_CALLBACK (drag_prepare), object, 0);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (source));
}

static gboolean
clear_error_class (gpointer data)
{
  gtk_widget_remove_css_class (GTK_WIDGET (data), "error");
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

static void
remove_children (GtkWidget *box,
                 GtkWidget *keep)
{
  GtkWidget *child = gtk_widget_get_first_child (box);

  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      if (child != keep)
        gtk_box_remove (GTK_BOX (box), child);
      child = next;
    }
}

/* What a drop target stands for: the view and an enclave, a domain or
 * NULL (Unassigned Hardware). */
typedef struct
{
  XnHardwareView *self;     /* borrowed: the target's widget is inside it */
  XnObject       *target;
} DropPlace;

static void
drop_place_free (gpointer  data,
                 GClosure *closure)
{
  DropPlace *place = data;

  g_clear_object (&place->target);
  g_free (place);
}

static gboolean
on_drop (GtkDropTarget  *drop,
         const GValue   *value,
         double          x,
         double          y,
         DropPlace      *place)
{
  XnHardwareView *self = place->self;
  XnObject *target = place->target;
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (drop));
  gboolean ok = FALSE;

  if (G_VALUE_HOLDS (value, XN_TYPE_DEVICE))
    ok = xn_hardware_view_assign_device (self, g_value_get_object (value), target, NULL);
  else if (G_VALUE_HOLDS (value, XN_TYPE_DOMAIN) && XN_IS_ENCLAVE (target))
    ok = xn_hardware_view_move_domain (self, g_value_get_object (value), XN_ENCLAVE (target), NULL);

  if (!ok && widget != NULL)
    {
      gtk_widget_add_css_class (widget, "error");
      g_timeout_add (1500, clear_error_class, g_object_ref (widget));
    }
  return ok;
}

static GdkDragAction
on_drop_enter (GtkDropTarget *drop,
               double         x,
               double         y,
               gpointer       unused)
{
  gtk_widget_add_css_class (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (drop)),
                            "xn-drop-hover");
  return GDK_ACTION_MOVE;
}

static void
on_drop_leave (GtkDropTarget *drop,
               gpointer       unused)
{
  gtk_widget_remove_css_class (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (drop)),
                               "xn-drop-hover");
}

static GtkDropTarget *
add_drop_target (XnHardwareView *self,
                 GtkWidget      *widget,
                 XnObject       *target,
                 gboolean        domains_too)
{
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_MOVE);
  GType types[2] = { XN_TYPE_DEVICE, XN_TYPE_DOMAIN };
  DropPlace *place = g_new0 (DropPlace, 1);

  gtk_drop_target_set_gtypes (drop, types, domains_too ? 2 : 1);
  place->self = self;
  place->target = target != NULL ? g_object_ref (target) : NULL;
  g_signal_connect_data (drop, "drop", G_CALLBACK (on_drop), place, drop_place_free, 0);
  g_signal_connect (drop, "enter", G_CALLBACK (on_drop_enter), NULL);
  g_signal_connect (drop, "leave", G_CALLBACK (on_drop_leave), NULL);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (drop));
  g_hash_table_insert (self->targets,
                       g_strdup (target ? xn_object_get_uuid (target) : ""), drop);
  return drop;
}

/* Menu alternatives */

static void
assign_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  XnHardwareView *self = XN_HARDWARE_VIEW (widget);
  XnPolicy *policy = xn_document_get_policy (self->document);
  const char *what, *where;
  XnObject *object, *target;

  g_variant_get (param, "(&s&s)", &what, &where);
  object = xn_policy_lookup (policy, what);
  target = *where ? xn_policy_lookup (policy, where) : NULL;
  if (XN_IS_DEVICE (object))
    xn_hardware_view_assign_device (self, XN_DEVICE (object), target, NULL);
  else if (XN_IS_DOMAIN (object) && XN_IS_ENCLAVE (target))
    xn_hardware_view_move_domain (self, XN_DOMAIN (object), XN_ENCLAVE (target), NULL);
}

typedef struct
{
  XnHardwareView *self;
  char           *uuid;         /* the device or domain the menu moves */
} MoveMenu;

static void
move_menu_free (gpointer  data,
                GClosure *closure)
{
  MoveMenu *m = data;

  g_free (m->uuid);
  g_free (m);
}

static void
move_to_cb (GSimpleAction *action,
            GVariant      *target,
            gpointer       data)
{
  MoveMenu *m = data;

  gtk_widget_activate_action (GTK_WIDGET (m->self), "hw.assign", "(ss)", m->uuid,
                              g_variant_get_string (target, NULL));
}

/* The ⋮ menu of a device or domain: a heading that says what it does,
 * and the enclaves as radio items, the current one marked (its state is
 * the current enclave's uuid, "" for Unassigned). */
static GtkWidget *
assign_menu_button (XnHardwareView *self,
                    XnObject       *object,
                    XnHost         *host)
{
  GtkWidget *button = gtk_menu_button_new ();
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) section = g_menu_new ();
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) action = NULL;
  XnObjectList *enclaves = xn_host_get_enclaves (host);
  guint n = xn_object_list_get_n_items (enclaves);
  XnEnclave *current = XN_IS_DEVICE (object) ? xn_device_get_enclave (XN_DEVICE (object))
                                             : xn_domain_get_enclave (XN_DOMAIN (object));
  MoveMenu *m = g_new0 (MoveMenu, 1);
  g_autofree char *tip = NULL;

  for (guint i = 0; i < n; i++)
    {
      XnObject *e = xn_object_list_get (enclaves, i);
      g_autoptr(GMenuItem) item = g_menu_item_new (xn_object_get_name (e), NULL);

      g_menu_item_set_action_and_target (item, "row.move-to", "s", xn_object_get_uuid (e));
      g_menu_append_item (section, item);
    }
  if (XN_IS_DEVICE (object))
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("Unassigned"), NULL);

      g_menu_item_set_action_and_target (item, "row.move-to", "s", "");
      g_menu_append_item (section, item);
    }
  g_menu_append_section (menu, XN_IS_DEVICE (object) ? _("Assign to enclave") : _("Move to enclave"),
                         G_MENU_MODEL (section));
  m->self = self;
  m->uuid = g_strdup (xn_object_get_uuid (object));
  action = g_simple_action_new_stateful ("move-to", G_VARIANT_TYPE_STRING,
                                         g_variant_new_string (current ? xn_object_get_uuid (XN_OBJECT (current)) : ""));
  g_signal_connect_data (action, "activate", G_CALLBACK (move_to_cb), m, move_menu_free, 0);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
  gtk_widget_insert_action_group (button, "row", G_ACTION_GROUP (group));
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_widget_add_css_class (button, "flat");
  if (XN_IS_DEVICE (object))
    tip = g_strdup_printf (_("Assign %s to enclave…"), xn_object_get_name (object));
  else
    tip = g_strdup_printf (_("Move %s to enclave…"), xn_object_get_name (object));
  gtk_widget_set_tooltip_text (button, tip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
  return button;
}

/* Building the view */

static GtkWidget *
object_row (XnHardwareView *self,
            XnObject       *object,
            XnHost         *host,
            gboolean        menu)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *chip = xn_tag_chip_new ();
  GtkWidget *label;
  g_autofree char *text = xn_ui_object_dup_label (object);

  gtk_box_append (GTK_BOX (row), gtk_image_new_from_icon_name (xn_ui_object_icon_name (object)));
  xn_tag_chip_set_tag (XN_TAG_CHIP (chip), xn_ui_object_get_tag (object));
  gtk_box_append (GTK_BOX (row), chip);
  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (row), label);
  if (menu && host != NULL)
    gtk_box_append (GTK_BOX (row), assign_menu_button (self, object, host));
  gtk_widget_add_css_class (row, "xn-row");
  add_drag_source (row, object);
  return row;
}

static GtkWidget *
section_frame (const char *title,
               GtkWidget **content)
{
  GtkWidget *frame = gtk_frame_new (title);

  *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_margin_start (*content, 6);
  gtk_widget_set_margin_end (*content, 6);
  gtk_widget_set_margin_top (*content, 4);
  gtk_widget_set_margin_bottom (*content, 4);
  gtk_frame_set_child (GTK_FRAME (frame), *content);
  return frame;
}

static void
add_devices (XnHardwareView *self,
             GtkWidget      *box,
             XnHost         *host,
             XnObjectList   *refs)
{
  static const struct { XnDeviceCategory cat; const char *title; } cats[] = {
    { XN_DEVICE_CATEGORY_NETWORK, N_("Network controllers") },
    { XN_DEVICE_CATEGORY_STORAGE, N_("Storage controllers") },
    { XN_DEVICE_CATEGORY_USB, N_("USB controllers") },
    { XN_DEVICE_CATEGORY_DISPLAY, N_("Display controllers") },
    { XN_DEVICE_CATEGORY_OTHER, N_("Other devices") },
  };
  XnObjectList *hardware = xn_host_get_hardware (host);
  guint n = xn_object_list_get_n_items (hardware);

  for (guint c = 0; c < G_N_ELEMENTS (cats); c++)
    {
      GtkWidget *heading = NULL;

      for (guint i = 0; i < n; i++)
        {
          XnDevice *device = xn_object_list_get (hardware, i);
          guint pos;

          if (xn_device_get_device_class (device) != cats[c].cat)
            continue;
          if (refs == NULL ? xn_device_get_enclave (device) != NULL
                           : !find_ref (refs, xn_object_get_uuid (XN_OBJECT (device)), &pos))
            continue;
          if (heading == NULL)
            {
              heading = gtk_label_new (_(cats[c].title));
              gtk_label_set_xalign (GTK_LABEL (heading), 0);
              gtk_widget_add_css_class (heading, "dim-label");
              gtk_box_append (GTK_BOX (box), heading);
            }
          gtk_box_append (GTK_BOX (box), object_row (self, XN_OBJECT (device), host, TRUE));
        }
    }
  if (gtk_widget_get_first_child (box) == NULL)
    {
      GtkWidget *none = gtk_label_new (_("(none)"));
      gtk_label_set_xalign (GTK_LABEL (none), 0);
      gtk_widget_add_css_class (none, "dim-label");
      gtk_box_append (GTK_BOX (box), none);
    }
}

void
xn_hardware_view_rebuild (XnHardwareView *self)
{
  XnHost *host;
  GtkWidget *frame, *content;
  XnObjectList *roots, *enclaves;
  guint n;

  g_return_if_fail (XN_IS_HARDWARE_VIEW (self));

  self->dirty = FALSE;
  g_hash_table_remove_all (self->targets);
  remove_children (self->unassigned_content, NULL);
  remove_children (self->left, self->unassigned);
  remove_children (self->domains, NULL);
  host = self->document != NULL ? xn_document_get_host (self->document) : NULL;
  gtk_widget_set_visible (self->columns, host != NULL);
  if (host == NULL)
    return;

  g_hash_table_insert (self->targets, g_strdup (""), self->unassigned_drop);
  add_devices (self, self->unassigned_content, host, NULL);

  enclaves = xn_host_get_enclaves (host);
  n = xn_object_list_get_n_items (enclaves);
  for (guint i = 0; i < n; i++)
    {
      XnEnclave *enclave = xn_object_list_get (enclaves, i);
      g_autofree char *title = g_strdup_printf (_("%s Assigned Hardware"),
                                                xn_object_get_name (XN_OBJECT (enclave)));
      frame = section_frame (title, &content);
      add_devices (self, content, host, xn_enclave_get_assigned_hardware (enclave));
      gtk_box_append (GTK_BOX (self->left), frame);
    }

  content = self->domains;
  roots = xn_host_get_root_domains (host);
  for (guint i = 0; i < xn_object_list_get_n_items (roots); i++)
    {
      XnObject *d = xn_object_list_get (roots, i);
      GtkWidget *row = object_row (self, d, host, FALSE);
      add_drop_target (self, row, d, FALSE);
      gtk_box_append (GTK_BOX (content), row);
    }
  for (guint i = 0; i < n; i++)
    {
      XnEnclave *enclave = xn_object_list_get (enclaves, i);
      XnObjectList *domains = xn_enclave_get_domains (enclave);
      GtkWidget *eframe, *econtent, *head;
      static const XnDomainKind kinds[] = { XN_DOMAIN_KIND_SERVICE, XN_DOMAIN_KIND_USER };

      eframe = section_frame (NULL, &econtent);
      head = object_row (self, XN_OBJECT (enclave), host, FALSE);
      gtk_widget_add_css_class (head, "heading");
      gtk_frame_set_label_widget (GTK_FRAME (eframe), head);
      add_drop_target (self, eframe, XN_OBJECT (enclave), TRUE);
      gtk_widget_set_name (eframe, xn_object_get_name (XN_OBJECT (enclave)));

      for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
        {
          GtkWidget *label = gtk_label_new (kinds[k] == XN_DOMAIN_KIND_SERVICE ? _("Service Domains")
                                                                               : _("User Domains"));
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_widget_add_css_class (label, "dim-label");
          gtk_box_append (GTK_BOX (econtent), label);
          for (guint j = 0; j < xn_object_list_get_n_items (domains); j++)
            {
              XnDomain *d = xn_object_list_get (domains, j);
              GtkWidget *row;
              if (xn_domain_get_kind (d) != kinds[k])
                continue;
              row = object_row (self, XN_OBJECT (d), host, TRUE);
              gtk_widget_set_margin_start (row, 12);
              add_drop_target (self, row, XN_OBJECT (d), FALSE);
              gtk_box_append (GTK_BOX (econtent), row);
            }
        }
      gtk_box_append (GTK_BOX (content), eframe);
    }
}

static gboolean
rebuild_idle (gpointer data)
{
  XnHardwareView *self = data;

  self->rebuild_id = 0;
  if (self->dirty && gtk_widget_get_mapped (GTK_WIDGET (self)))
    xn_hardware_view_rebuild (self);
  return G_SOURCE_REMOVE;
}

static void
on_document_changed (XnHardwareView *self)
{
  /* Rebuild once per burst of changes, just before the next frame, and
   * only while shown: a view nobody looks at waits for its map. */
  self->dirty = TRUE;
  if (self->rebuild_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->rebuild_id = g_idle_add_full (GDK_PRIORITY_REDRAW - 10, rebuild_idle, self, NULL);
}

static void
xn_hardware_view_map (GtkWidget *widget)
{
  XnHardwareView *self = XN_HARDWARE_VIEW (widget);

  GTK_WIDGET_CLASS (xn_hardware_view_parent_class)->map (widget);
  if (self->dirty)
    xn_hardware_view_rebuild (self);
}

static void
xn_hardware_view_dispose (GObject *object)
{
  XnHardwareView *self = XN_HARDWARE_VIEW (object);

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), XN_TYPE_HARDWARE_VIEW);
  g_clear_pointer (&self->targets, g_hash_table_unref);
  g_clear_object (&self->document);
  g_clear_pointer (&self->status_text, g_free);
  G_OBJECT_CLASS (xn_hardware_view_parent_class)->dispose (object);
}

static void
xn_hardware_view_class_init (XnHardwareViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xn_hardware_view_dispose;
  widget_class->map = xn_hardware_view_map;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/xenonvmm/Manager/ui/xn-hardware-view.ui");
  gtk_widget_class_bind_template_child (widget_class, XnHardwareView, box);
  gtk_widget_class_bind_template_child (widget_class, XnHardwareView, columns);
  gtk_widget_class_bind_template_child (widget_class, XnHardwareView, left);
  gtk_widget_class_bind_template_child (widget_class, XnHardwareView, unassigned);
  gtk_widget_class_bind_template_child (widget_class, XnHardwareView, unassigned_content);
  gtk_widget_class_bind_template_child (widget_class, XnHardwareView, domains);
  gtk_widget_class_bind_template_child (widget_class, XnHardwareView, status);
  gtk_widget_class_install_action (widget_class, "hw.assign", "(ss)", assign_action);
}

static void
xn_hardware_view_init (XnHardwareView *self)
{
  self->targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The frame stays across rebuilds, and its drop target with it. */
  self->unassigned_drop = add_drop_target (self, self->unassigned, NULL, FALSE);
  gtk_widget_set_visible (self->columns, FALSE);
}

GtkWidget *
xn_hardware_view_new (void)
{
  return g_object_new (XN_TYPE_HARDWARE_VIEW, NULL);
}

void
xn_hardware_view_set_document (XnHardwareView *self,
                               XnDocument     *document)
{
  g_return_if_fail (XN_IS_HARDWARE_VIEW (self));

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_set_object (&self->document, document);
  if (document != NULL)
    g_signal_connect_object (document, "changed", G_CALLBACK (on_document_changed), self,
                             G_CONNECT_SWAPPED);
  on_document_changed (self);
}

/**
 * xn_hardware_view_get_drop_target:
 * @target: (nullable): an enclave or domain; %NULL for "Unassigned Hardware"
 *
 * Returns: (transfer none) (nullable): the drop target (for tests)
 */
GtkDropTarget *
xn_hardware_view_get_drop_target (XnHardwareView *self,
                                  XnObject       *target)
{
  g_return_val_if_fail (XN_IS_HARDWARE_VIEW (self), NULL);

  if (self->dirty)
    xn_hardware_view_rebuild (self);
  return g_hash_table_lookup (self->targets, target ? xn_object_get_uuid (target) : "");
}

const char *
xn_hardware_view_get_status (XnHardwareView *self)
{
  g_return_val_if_fail (XN_IS_HARDWARE_VIEW (self), NULL);
  return self->status_text;
}
