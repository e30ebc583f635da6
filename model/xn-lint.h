/* xn-lint.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "xn-types.h"

G_BEGIN_DECLS

/**
 * XnLintSeverity:
 * @XN_LINT_SEVERITY_ERROR: the policy breaks separation or cannot be
 *   enforced as written; it must not be signed or pushed (`error`)
 * @XN_LINT_SEVERITY_WARNING: suspicious but enforceable; signing and
 *   pushing proceed (`warning`)
 * @XN_LINT_SEVERITY_INFO: a remark, never blocking (`info`)
 *
 * How much a lint finding matters.
 */
typedef enum
{
  XN_LINT_SEVERITY_ERROR,
  XN_LINT_SEVERITY_WARNING,
  XN_LINT_SEVERITY_INFO,
} XnLintSeverity;

#define XN_TYPE_LINT_SEVERITY (xn_lint_severity_get_type ())

GType xn_lint_severity_get_type (void) G_GNUC_CONST;

/**
 * XnLintRule:
 * @code: the stable code, e.g. `XN-L001`; never reused once assigned
 * @severity: the severity of every issue of this rule
 * @title: a short title (an untranslated msgid: show it through
 *   `g_dgettext (GETTEXT_PACKAGE, title)`)
 * @explanation: what the rule checks and why it matters for separation
 *   (an untranslated msgid, like @title)
 *
 * One row of the table of lint rules, for listing and explaining them.
 */
typedef struct
{
  const char     *code;
  XnLintSeverity  severity;
  const char     *title;
  const char     *explanation;
} XnLintRule;

#define XN_TYPE_LINT_ISSUE (xn_lint_issue_get_type ())

G_DECLARE_FINAL_TYPE (XnLintIssue, xn_lint_issue, XN, LINT_ISSUE, GObject)

const char       *xn_lint_issue_get_code         (XnLintIssue    *self);
XnLintSeverity    xn_lint_issue_get_severity     (XnLintIssue    *self);
const char       *xn_lint_issue_get_path         (XnLintIssue    *self);
const char       *xn_lint_issue_get_message      (XnLintIssue    *self);
const char       *xn_lint_issue_get_object_uuid  (XnLintIssue    *self);
const char       *xn_lint_issue_get_related_uuid (XnLintIssue    *self);
guint             xn_lint_issue_get_line         (XnLintIssue    *self);

GListModel       *xn_lint_run                    (XnPolicy       *policy,
                                                  XnPolicy       *running);
guint             xn_lint_count                  (GListModel     *issues,
                                                  XnLintSeverity  severity);
const XnLintRule *xn_lint_get_rules              (guint          *n_rules);
const XnLintRule *xn_lint_lookup_rule            (const char     *code);

G_END_DECLS
