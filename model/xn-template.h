/* xn-template.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "xn-command.h"
#include "xn-policy.h"

G_BEGIN_DECLS

/**
 * XN_TEMPLATE_HOST_ADDRESS:
 *
 * The address every host of a template carries: a name under the reserved
 * `.invalid` domain (RFC 6761), so no template can ever be pushed to a
 * real host by mistake, and the current schema still accepts it.
 */
#define XN_TEMPLATE_HOST_ADDRESS "template.invalid"

/**
 * XN_TEMPLATE_SLOT_SEGMENT:
 *
 * The PCI segment of a device *slot*: a template keeps only the class of
 * each device and writes its BDF as `ffff:BB:DD.0`, where BB·DD numbers
 * the slot. Segment ffff is never populated on a real host.
 */
#define XN_TEMPLATE_SLOT_SEGMENT "ffff"

/**
 * XN_TEMPLATE_MAC_PLACEHOLDER:
 *
 * The MAC of every VIF in a template (the schema requires one); import
 * replaces it by a fresh one in the Xen OUI.
 */
#define XN_TEMPLATE_MAC_PLACEHOLDER "00:00:00:00:00:00"

#define XN_TEMPLATE_ERROR (xn_template_error_quark ())

/**
 * XnTemplateError:
 * @XN_TEMPLATE_ERROR_NO_SUCH_HOST: the target has no host of the given name
 * @XN_TEMPLATE_ERROR_AMBIGUOUS: importing into one named host needs a
 *   template with at most one host
 * @XN_TEMPLATE_ERROR_DANGLING: the template refers to an object it does
 *   not contain
 * @XN_TEMPLATE_ERROR_LIMIT: too many devices or VIFs to number or address
 * @XN_TEMPLATE_ERROR_INVALID: the arguments cannot be used together (e.g.
 *   importing a policy into itself)
 *
 * Errors of template export and import.
 */
typedef enum
{
  XN_TEMPLATE_ERROR_NO_SUCH_HOST,
  XN_TEMPLATE_ERROR_AMBIGUOUS,
  XN_TEMPLATE_ERROR_DANGLING,
  XN_TEMPLATE_ERROR_LIMIT,
  XN_TEMPLATE_ERROR_INVALID,
} XnTemplateError;

GQuark xn_template_error_quark (void);

/**
 * XnTemplateNoteKind:
 * @XN_TEMPLATE_NOTE_RENAMED: an imported object was renamed because the
 *   target had another one of that name
 * @XN_TEMPLATE_NOTE_REUSED: an identical object of the target was reused
 *   and references to the template's one now point at it
 * @XN_TEMPLATE_NOTE_RENUMBERED: a tag or conflict got a new id because the
 *   target used its id
 * @XN_TEMPLATE_NOTE_REBOUND: a hardware slot was bound to a free device of
 *   the same class on the target host
 * @XN_TEMPLATE_NOTE_UNBOUND: no free device of the slot's class: the
 *   references to it were left out (the hardware is unassigned)
 * @XN_TEMPLATE_NOTE_ADDRESS: a new host has no address yet
 *
 * What a #XnTemplateReport sentence is about.
 */
typedef enum
{
  XN_TEMPLATE_NOTE_RENAMED,
  XN_TEMPLATE_NOTE_REUSED,
  XN_TEMPLATE_NOTE_RENUMBERED,
  XN_TEMPLATE_NOTE_REBOUND,
  XN_TEMPLATE_NOTE_UNBOUND,
  XN_TEMPLATE_NOTE_ADDRESS,
} XnTemplateNoteKind;

#define XN_TYPE_TEMPLATE_REPORT (xn_template_report_get_type ())

G_DECLARE_FINAL_TYPE (XnTemplateReport, xn_template_report, XN, TEMPLATE_REPORT, GObject)

guint              xn_template_report_get_n_notes (XnTemplateReport   *self);
XnTemplateNoteKind xn_template_report_get_kind    (XnTemplateReport   *self,
                                                   guint               index);
const char        *xn_template_report_get_text    (XnTemplateReport   *self,
                                                   guint               index);
guint              xn_template_report_count       (XnTemplateReport   *self,
                                                   XnTemplateNoteKind  kind);
char              *xn_template_report_format      (XnTemplateReport   *self);

XnPolicy *xn_template_export (XnPolicy          *policy,
                              GError           **error);
XnCommand *xn_template_import_command_new (XnPolicy          *target,
                                           XnPolicy          *template_policy,
                                           const char        *host_name,
                                           XnTemplateReport **report,
                                           GError           **error);
gboolean  xn_template_import (XnPolicy          *target,
                              XnPolicy          *template_policy,
                              const char        *host_name,
                              XnTemplateReport **report,
                              GError           **error);

G_END_DECLS
