/* xn-diff.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "xn-policy.h"

G_BEGIN_DECLS

/**
 * XnDiffKind:
 * @XN_DIFF_ADDED: the object is only in the new policy (its descendants
 *   are implied and not listed)
 * @XN_DIFF_REMOVED: the object is only in the old policy (likewise)
 * @XN_DIFF_CHANGED: the object is in both, under the same parent, and
 *   some of its fields differ
 * @XN_DIFF_MOVED: the object is in both under different parents (e.g. a
 *   domain moved between enclaves); its fields may differ too
 *
 * What happened to one object between two policies.
 */
typedef enum
{
  XN_DIFF_ADDED,
  XN_DIFF_REMOVED,
  XN_DIFF_CHANGED,
  XN_DIFF_MOVED,
} XnDiffKind;

#define XN_TYPE_DIFF_KIND (xn_diff_kind_get_type ())
GType xn_diff_kind_get_type (void) G_GNUC_CONST;

/**
 * XnDiffField:
 * @property: the property name (`memory`, `sec-label-uuid`), or for a
 *   list of value children the list's name (`hypercalls`, `tags`,
 *   `assigned-hardware`, `pci-devices`, `net-allow`, `xl-extra`)
 * @old_text: the old value as people read it (references by name); never
 *   %NULL, `(none)` when unset
 * @new_text: the new value, likewise
 *
 * One changed field of an object.
 */
typedef struct
{
  char *property;
  char *old_text;
  char *new_text;
} XnDiffField;

#define XN_TYPE_DIFF_FIELD (xn_diff_field_get_type ())
GType        xn_diff_field_get_type (void) G_GNUC_CONST;
XnDiffField *xn_diff_field_copy     (const XnDiffField *field);
void         xn_diff_field_free     (XnDiffField       *field);

#define XN_TYPE_DIFF_ENTRY (xn_diff_entry_get_type ())

G_DECLARE_FINAL_TYPE (XnDiffEntry, xn_diff_entry, XN, DIFF_ENTRY, GObject)

XnDiffKind  xn_diff_entry_get_kind        (XnDiffEntry *self);
const char *xn_diff_entry_get_type_name   (XnDiffEntry *self);
const char *xn_diff_entry_get_uuid        (XnDiffEntry *self);
const char *xn_diff_entry_get_name        (XnDiffEntry *self);
const char *xn_diff_entry_get_path        (XnDiffEntry *self);
const char *xn_diff_entry_get_old_path    (XnDiffEntry *self);
GPtrArray  *xn_diff_entry_get_fields      (XnDiffEntry *self);
const XnDiffField *xn_diff_entry_find_field (XnDiffEntry *self,
                                             const char  *property);

GListModel *xn_diff_policies              (XnPolicy    *old_policy,
                                           XnPolicy    *new_policy);
char       *xn_diff_format                (GListModel  *entries);
char       *xn_diff_entry_format          (XnDiffEntry *self);

G_END_DECLS
