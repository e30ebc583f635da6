/* xn-lint.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * The semantic lint: the rules of a policy that the schema cannot say
 * (model/LINT.md lists them). Each finding is an XnLintIssue with a stable
 * code, so the CLI, the editor and scripts can all refer to it.
 *
 * The lint must cost little next to loading a large document, so every
 * rule runs in one pass over its kind with hash tables: nothing here is
 * quadratic in domains or VIFs. Conflicts are turned once into a set of
 * conflicting tag pairs; afterwards "do these two tags conflict?" is one
 * lookup.
 */

#define G_LOG_DOMAIN "xn-lint"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "xn-lint.h"
#include "xn-syntax.h"
#include "xng-names.h"
#include "xn-model-private.h"

/* The order of this enumeration is the order of the codes: rule N has
 * code XN-L(N+1). Append only; never renumber or reuse. */
typedef enum
{
  RULE_DANGLING,
  RULE_DUP_NAME,
  RULE_DUP_TAG_ID,
  RULE_DUP_CONFLICT_ID,
  RULE_DUP_MAC,
  RULE_DUP_IP,
  RULE_DUP_BDF,
  RULE_DEVICE_TWICE,
  RULE_DEVICE_NOT_HELD,
  RULE_NO_SEC_LABEL,
  RULE_TAG_MISMATCH,
  RULE_BACKEND_CONFLICT,
  RULE_SWITCH_SHARED,
  RULE_DEVICE_CONFLICT,
  RULE_MANAGEMENT,
  RULE_SECURITY_USER,
  RULE_DOMAIN0_PRIVILEGE,
  RULE_GUEST_TYPE,
  RULE_EXCLUSIVE_ENCLAVE,
  RULE_CONFLICT_SIZE,
  RULE_COLOR,
  RULE_BAD_MAC,
  RULE_BAD_IP,
  RULE_SUBNET,
  RULE_RESOURCES,
  RULE_HYPERCALL_NAME,
  RULE_SUBOPS,
  RULE_SERIAL,
  RULE_TAG_REMOVED,
  RULE_DOMAIN_REMOVED,
  RULE_TAG_ID_CHANGED,
  RULE_LEARNING,
  RULE_WHITELIST_ADDRESS,
  RULE_SUBOPS_UNFILTERED,
  RULE_VIF_NO_IP,
  RULE_XL_EXTRA,
  RULE_HYPERCALL_LEGACY,
  RULE_DRIVER_CHANNEL,
  RULE_MIGRATE_BOUND,
  N_RULES
} RuleId;

static const XnLintRule rules[N_RULES] = {
  [RULE_DANGLING] = {
    "XN-L001", XN_LINT_SEVERITY_ERROR, N_("Dangling reference"),
    N_("A reference (a secLabel's tag or profile, a conflict's tag, an enclave's tag, "
       "a domain's secLabel, a VIF's switch, a switch's driver domain, a device "
       "reference, a disk's storage location) names no object of the right kind on "
       "the right host. The compiler cannot enforce what it cannot resolve.") },
  [RULE_DUP_NAME] = {
    "XN-L002", XN_LINT_SEVERITY_ERROR, N_("Duplicate name"),
    N_("Two objects of one kind share a name in one scope (profiles, tags, conflicts, "
       "secLabels and hosts in the policy; enclaves, switches and storage locations per "
       "host; domains per host across root domains and all enclaves). People, the CLI "
       "and xl name objects by name; a duplicate makes them point at the wrong one.") },
  [RULE_DUP_TAG_ID] = {
    "XN-L003", XN_LINT_SEVERITY_ERROR, N_("Duplicate tag id"),
    N_("Two tags share a numeric id. The hypervisor sees only the id, so the two "
       "tags would be one: their domains would not be separated.") },
  [RULE_DUP_CONFLICT_ID] = {
    "XN-L004", XN_LINT_SEVERITY_ERROR, N_("Duplicate conflict id"),
    N_("Two conflicts share a numeric id; audit records and the enforcement plan "
       "name conflicts by id.") },
  [RULE_DUP_MAC] = {
    "XN-L005", XN_LINT_SEVERITY_ERROR, N_("Duplicate MAC address"),
    N_("Two VIFs or devices of one host share a MAC address. The switch's "
       "anti-spoofing flows classify frames by source MAC, so a duplicate lets one "
       "domain's traffic pass as another's.") },
  [RULE_DUP_IP] = {
    "XN-L006", XN_LINT_SEVERITY_ERROR, N_("Duplicate IP address on a switch"),
    N_("Two VIFs on one switch share an IP address; the anti-spoofing flows could "
       "not tell them apart.") },
  [RULE_DUP_BDF] = {
    "XN-L007", XN_LINT_SEVERITY_ERROR, N_("Duplicate PCI address"),
    N_("Two devices of one host share a PCI address (BDF); a device reference could "
       "hand the wrong hardware to an enclave. (Device names are product names and "
       "may repeat; the BDF is the identity.)") },
  [RULE_DEVICE_TWICE] = {
    "XN-L008", XN_LINT_SEVERITY_ERROR, N_("Device assigned twice"),
    N_("A device is assigned to two enclaves, to an enclave and to a domain outside "
       "it, or to two domains. Passed-through hardware is a channel between whoever "
       "holds it; it must have one owner.") },
  [RULE_DEVICE_NOT_HELD] = {
    "XN-L009", XN_LINT_SEVERITY_WARNING, N_("Device not held by the domain's enclave"),
    N_("A domain is given a PCI device that its enclave does not hold (and no other "
       "enclave holds either). It works, but the device shows as unassigned hardware "
       "while it carries the enclave's data; assign it to the enclave.") },
  [RULE_NO_SEC_LABEL] = {
    "XN-L010", XN_LINT_SEVERITY_ERROR, N_("Domain without security label"),
    N_("A service or user domain has no secLabel. Every domain needs a tag and a "
       "hypercall profile, or the guard has nothing to enforce for it.") },
  [RULE_TAG_MISMATCH] = {
    "XN-L011", XN_LINT_SEVERITY_ERROR, N_("Security label tag differs from the enclave's"),
    N_("A domain's secLabel names a tag other than its enclave's. The enclave is the "
       "unit of separation; a domain inside it with another tag is either mislabelled "
       "or in the wrong enclave.") },
  [RULE_BACKEND_CONFLICT] = {
    "XN-L012", XN_LINT_SEVERITY_ERROR, N_("VIF backend in a conflicting enclave"),
    N_("A VIF is on a switch whose driver domain is in an enclave whose tag conflicts "
       "with the VIF's domain. The backend shares grants and event channels with the "
       "frontend, which a conflict forbids; drive the switch from a root domain or an "
       "enclave that does not conflict.") },
  [RULE_SWITCH_SHARED] = {
    "XN-L013", XN_LINT_SEVERITY_WARNING, N_("Conflicting tags share a switch"),
    N_("VIFs of two conflicting tags are on one switch. The Open vSwitch flows drop "
       "traffic between them, so this is enforced, but the separation then rests on "
       "the flows alone; separate switches are more robust.") },
  [RULE_DEVICE_CONFLICT] = {
    "XN-L014", XN_LINT_SEVERITY_ERROR, N_("Conflicting tags share a device"),
    N_("A device is held by owners whose tags conflict. Passed-through hardware "
       "cannot be filtered; it would carry data across the conflict.") },
  [RULE_MANAGEMENT] = {
    "XN-L015", XN_LINT_SEVERITY_ERROR, N_("Management privilege outside a root domain"),
    N_("A service or user domain has a profile with management privilege. Management "
       "hypercalls control other domains, which defeats every separation; only root "
       "domains may have it.") },
  [RULE_SECURITY_USER] = {
    "XN-L016", XN_LINT_SEVERITY_WARNING, N_("Security privilege on a user domain"),
    N_("A user domain has a profile with security privilege (e.g. introspection). "
       "That is a service's role: security privilege belongs to root and service "
       "domains. Allowed, but make such a domain a service domain.") },
  [RULE_DOMAIN0_PRIVILEGE] = {
    "XN-L017", XN_LINT_SEVERITY_ERROR, N_("Domain-0 without management privilege"),
    N_("Domain-0 has a secLabel whose profile lacks management privilege; the guard "
       "would deny the toolstack and the host could not be managed.") },
  [RULE_GUEST_TYPE] = {
    "XN-L018", XN_LINT_SEVERITY_ERROR, N_("Profile guest type does not match"),
    N_("A domain's profile is written for another guest type (and is not \"any\"). "
       "Hypercall sets differ between PV, PVH and HVM; the guest would fail or be "
       "allowed calls meant for another type.") },
  [RULE_EXCLUSIVE_ENCLAVE] = {
    "XN-L019", XN_LINT_SEVERITY_ERROR, N_("Exclusive-conflict tags in one enclave"),
    N_("An enclave holds domains (or its own tag and a domain's secLabel) whose tags "
       "stand in a conflict that does not allow them to run simultaneously.") },
  [RULE_CONFLICT_SIZE] = {
    "XN-L020", XN_LINT_SEVERITY_ERROR, N_("Conflict with fewer than two tags"),
    N_("A conflict names fewer than two distinct tags, so it separates nothing; the "
       "separation its author meant does not exist.") },
  [RULE_COLOR] = {
    "XN-L021", XN_LINT_SEVERITY_WARNING, N_("Invalid tag colour"),
    N_("A tag's colour is not #rrggbb. Colours are how people tell enclaves apart "
       "at a glance.") },
  [RULE_BAD_MAC] = {
    "XN-L022", XN_LINT_SEVERITY_ERROR, N_("Invalid MAC address"),
    N_("A VIF's or device's MAC address is not xx:xx:xx:xx:xx:xx, or a VIF has a "
       "multicast MAC; the anti-spoofing flows need a unicast source address.") },
  [RULE_BAD_IP] = {
    "XN-L023", XN_LINT_SEVERITY_ERROR, N_("Invalid IP address or netmask"),
    N_("A VIF's IP address or a switch's address or netmask is not a dotted IPv4 "
       "address as the schema writes it (no leading zeros: 010.0.0.1 is refused, as "
       "the compiler refuses it), or the netmask's ones are not contiguous.") },
  [RULE_SUBNET] = {
    "XN-L024", XN_LINT_SEVERITY_WARNING, N_("VIF address outside its switch's subnet"),
    N_("A VIF's IP address lies outside the subnet of its switch's address and "
       "netmask; the domain will not reach the network it is drawn on.") },
  [RULE_RESOURCES] = {
    "XN-L025", XN_LINT_SEVERITY_WARNING, N_("Memory or vCPUs not set"),
    N_("A service or user domain has memory or vcpus 0 (unset); xl's defaults apply, "
       "which are rarely what was meant.") },
  [RULE_HYPERCALL_NAME] = {
    "XN-L026", XN_LINT_SEVERITY_ERROR, N_("Unknown hypercall"),
    N_("A profile allows a hypercall name that Xen 4.17 does not define; the "
       "compiler cannot map it to a number.") },
  [RULE_SUBOPS] = {
    "XN-L027", XN_LINT_SEVERITY_ERROR, N_("Malformed sub-op ranges"),
    N_("A hypercall's sub-op filter is not a list like 0-9,12, has a reversed range, "
       "or names a sub-op above 127, the highest the guard filters; a filter that is "
       "misread allows or denies the wrong operations, and the compiler refuses one out "
       "of range.") },
  [RULE_SERIAL] = {
    "XN-L028", XN_LINT_SEVERITY_ERROR, N_("Serial not above the running policy's"),
    N_("A live update must carry a serial strictly greater than the running policy's; "
       "hosts refuse anything else (anti-rollback).") },
  [RULE_TAG_REMOVED] = {
    "XN-L029", XN_LINT_SEVERITY_ERROR, N_("Tag removed by a live update"),
    N_("A tag of the running policy is missing. A live update may add tags but never "
       "remove them: running domains and audit records still carry them.") },
  [RULE_DOMAIN_REMOVED] = {
    "XN-L030", XN_LINT_SEVERITY_ERROR, N_("Domain removed by a live update"),
    N_("A domain of the running policy is missing. A live update may add domains but "
       "never remove them; a running domain would lose its label.") },
  [RULE_TAG_ID_CHANGED] = {
    "XN-L031", XN_LINT_SEVERITY_WARNING, N_("Tag id changed by a live update"),
    N_("A tag keeps its UUID but changes its numeric id. Running domains and the "
       "audit log know the old id; history will read as another tag.") },
  [RULE_LEARNING] = {
    "XN-L032", XN_LINT_SEVERITY_WARNING, N_("Profile in learning mode"),
    N_("A profile has learning on: the guard records what its domains do outside it "
       "but denies nothing and never pauses or destroys. Meant for a trial run; "
       "propose the learned profile and turn learning off before production.") },
  [RULE_WHITELIST_ADDRESS] = {
    "XN-L033", XN_LINT_SEVERITY_ERROR, N_("Whitelist entry without a valid address"),
    N_("An entry of a domain's network whitelist has no address, or one that is not an "
       "IPv4 or IPv6 address with an optional /prefix. The flows could not be written, "
       "and the document would not load again.") },
  [RULE_SUBOPS_UNFILTERED] = {
    "XN-L034", XN_LINT_SEVERITY_ERROR, N_("Sub-op filter on a hypercall the guard cannot filter"),
    N_("A profile allows a hypercall only for some sub-ops, but the guard filters sub-ops "
       "only of the hypercalls whose first argument is the sub-op. Granting the whole "
       "hypercall would give more than was drawn, so the compiler leaves it out and the "
       "domains are denied it altogether; grant it whole or not at all.") },
  [RULE_VIF_NO_IP] = {
    "XN-L035", XN_LINT_SEVERITY_WARNING, N_("VIF without an IP address"),
    N_("An enabled VIF has no IP address. Anti-spoofing admits a port only from its "
       "address, so the compiler gives it no forwarding: the domain is drawn on the "
       "network but cannot send on it. Give it an address or disable it.") },
  [RULE_XL_EXTRA] = {
    "XN-L036", XN_LINT_SEVERITY_ERROR, N_("Extra xl setting the compiler cannot keep"),
    N_("An extra xl key/value sets what the compiler writes from the policy (name, uuid, "
       "type, memory, vcpus, kernel, ramdisk, cmdline, seclabel, vif, disk, pci, or an xl "
       "alias of one), or spans several lines. A second \"seclabel\" would rebind the "
       "domain to another label and a second \"vif\" would undo anti-spoofing, so the "
       "compiler leaves such a setting out (and refuses one of several lines); draw it in "
       "the policy instead.") },
  [RULE_HYPERCALL_LEGACY] = {
    "XN-L037", XN_LINT_SEVERITY_ERROR, N_("Legacy hypercall in a profile"),
    N_("A profile allows sched_op_compat, event_channel_op_compat or physdev_op_compat. "
       "They do what sched_op, event_channel_op and physdev_op do, but carry their sub-op "
       "where the guard cannot filter it (two of them in guest memory, which another vCPU "
       "may change after the guard read it), so allowing one would allow every sub-op of "
       "its successor. No guest since Xen 3.0.2 needs them: allow the successor instead. "
       "The compiler and the guard refuse such a profile.") },
  [RULE_DRIVER_CHANNEL] = {
    "XN-L038", XN_LINT_SEVERITY_ERROR, N_("Switch driver that cannot serve its switch"),
    N_("A switch is driven by a domain other than a root domain that is not a service "
       "domain, or whose profile lacks grant_table_op or event_channel_op. A network "
       "service domain serves its VIFs with grants and event channels (netback), and its "
       "Xenon agent takes the switch's flows from Domain-0 over a channel made of the "
       "same two (a vchan that only Domain-0 may connect to): without them the switch "
       "would carry no flows, and the guard would deny what the policy drew.") },
  [RULE_MIGRATE_BOUND] = {
    "XN-L039", XN_LINT_SEVERITY_ERROR, N_("Domain that may migrate is bound to its host"),
    N_("A domain lists other hosts it may run on (mayRunOn), but something of it exists "
       "on its own host only: a PCI device, a VIF (a switch belongs to one host), a disk "
       "that is not in an iscsi or nfs storage location, or its own host in the list. "
       "Migrated, it would lose the device or the disk, or run unseparated.") },
};

/* XnLintSeverity */

GType
xn_lint_severity_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { XN_LINT_SEVERITY_ERROR, "XN_LINT_SEVERITY_ERROR", "error" },
        { XN_LINT_SEVERITY_WARNING, "XN_LINT_SEVERITY_WARNING", "warning" },
        { XN_LINT_SEVERITY_INFO, "XN_LINT_SEVERITY_INFO", "info" },
        { 0, NULL, NULL }
      };
      GType id = g_enum_register_static (g_intern_static_string ("XnLintSeverity"), values);

      g_once_init_leave (&type_id, id);
    }

  return type_id;
}

/* XnLintIssue */

struct _XnLintIssue
{
  GObject parent_instance;

  RuleId rule;
  char *path;
  char *message;
  char *object_uuid;
  char *related_uuid;
  guint line;

  /* Only while xn_lint_run() sorts. */
  XnObject *object;   /* borrowed */
  guint ordinal;
  guint seq;
};

enum {
  PROP_0,
  PROP_CODE,
  PROP_SEVERITY,
  PROP_PATH,
  PROP_MESSAGE,
  PROP_OBJECT_UUID,
  PROP_RELATED_UUID,
  PROP_LINE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (XnLintIssue, xn_lint_issue, G_TYPE_OBJECT)

static void
xn_lint_issue_finalize (GObject *object)
{
  XnLintIssue *self = XN_LINT_ISSUE (object);

  g_free (self->path);
  g_free (self->message);
  g_free (self->object_uuid);
  g_free (self->related_uuid);

  G_OBJECT_CLASS (xn_lint_issue_parent_class)->finalize (object);
}

static void
xn_lint_issue_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  XnLintIssue *self = XN_LINT_ISSUE (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, xn_lint_issue_get_code (self));
      break;

    case PROP_SEVERITY:
      g_value_set_enum (value, xn_lint_issue_get_severity (self));
      break;

    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    case PROP_OBJECT_UUID:
      g_value_set_string (value, self->object_uuid);
      break;

    case PROP_RELATED_UUID:
      g_value_set_string (value, self->related_uuid);
      break;

    case PROP_LINE:
      g_value_set_uint (value, self->line);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_lint_issue_class_init (XnLintIssueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = xn_lint_issue_finalize;
  object_class->get_property = xn_lint_issue_get_property;

  /**
   * XnLintIssue:code:
   *
   * The rule's stable code, e.g. `XN-L001`.
   */
  properties [PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * XnLintIssue:severity:
   *
   * How much the finding matters; errors block signing and pushing.
   */
  properties [PROP_SEVERITY] =
    g_param_spec_enum ("severity", NULL, NULL,
                       XN_TYPE_LINT_SEVERITY, XN_LINT_SEVERITY_ERROR,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * XnLintIssue:path:
   *
   * The path of the object concerned, as xn_object_dup_path() gives it.
   */
  properties [PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * XnLintIssue:message:
   *
   * A translated, plain sentence naming the objects involved.
   */
  properties [PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * XnLintIssue:object-uuid:
   *
   * UUID of the object concerned, for the editor to jump to it. For the
   * live-update rules about removed objects it is the UUID of the object
   * in the running policy.
   */
  properties [PROP_OBJECT_UUID] =
    g_param_spec_string ("object-uuid", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * XnLintIssue:related-uuid:
   *
   * UUID of the other object involved (the first duplicate, the
   * conflict, the device…), or %NULL.
   */
  properties [PROP_RELATED_UUID] =
    g_param_spec_string ("related-uuid", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * XnLintIssue:line:
   *
   * The source line of the object concerned, 0 when the object was not
   * read from a file. See xn_lint_issue_get_line().
   */
  properties [PROP_LINE] =
    g_param_spec_uint ("line", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xn_lint_issue_init (XnLintIssue *self)
{
}

/**
 * xn_lint_issue_get_code:
 * @self: an #XnLintIssue
 *
 * Returns: (transfer none): the rule's code, e.g. `XN-L001`
 */
const char *
xn_lint_issue_get_code (XnLintIssue *self)
{
  g_return_val_if_fail (XN_IS_LINT_ISSUE (self), NULL);

  return rules[self->rule].code;
}

/**
 * xn_lint_issue_get_severity:
 * @self: an #XnLintIssue
 *
 * Returns: the severity
 */
XnLintSeverity
xn_lint_issue_get_severity (XnLintIssue *self)
{
  g_return_val_if_fail (XN_IS_LINT_ISSUE (self), XN_LINT_SEVERITY_ERROR);

  return rules[self->rule].severity;
}

/**
 * xn_lint_issue_get_path:
 * @self: an #XnLintIssue
 *
 * Returns: (transfer none): the path of the object concerned
 */
const char *
xn_lint_issue_get_path (XnLintIssue *self)
{
  g_return_val_if_fail (XN_IS_LINT_ISSUE (self), NULL);

  return self->path;
}

/**
 * xn_lint_issue_get_message:
 * @self: an #XnLintIssue
 *
 * Returns: (transfer none): the translated message
 */
const char *
xn_lint_issue_get_message (XnLintIssue *self)
{
  g_return_val_if_fail (XN_IS_LINT_ISSUE (self), NULL);

  return self->message;
}

/**
 * xn_lint_issue_get_object_uuid:
 * @self: an #XnLintIssue
 *
 * Returns: (transfer none): the UUID of the object concerned
 */
const char *
xn_lint_issue_get_object_uuid (XnLintIssue *self)
{
  g_return_val_if_fail (XN_IS_LINT_ISSUE (self), NULL);

  return self->object_uuid;
}

/**
 * xn_lint_issue_get_related_uuid:
 * @self: an #XnLintIssue
 *
 * Returns: (transfer none) (nullable): the UUID of the other object
 *   involved, if any
 */
const char *
xn_lint_issue_get_related_uuid (XnLintIssue *self)
{
  g_return_val_if_fail (XN_IS_LINT_ISSUE (self), NULL);

  return self->related_uuid;
}

/**
 * xn_lint_issue_get_line:
 * @self: an #XnLintIssue
 *
 * The line of the object concerned in the file it was read from, as
 * xn_object_get_source_line() gives it (an implicit Domain-0 has its
 * host's line). For
 * the live-update rules about removed objects it is a line of the
 * running policy's file. The CLI prints it as `FILE:LINE:`, the form
 * compilers use, so editors can jump to it.
 *
 * Returns: the line, counting from 1, or 0 when unknown
 */
guint
xn_lint_issue_get_line (XnLintIssue *self)
{
  g_return_val_if_fail (XN_IS_LINT_ISSUE (self), 0);

  return self->line;
}

/* The run */

typedef struct
{
  XnPolicy *policy;
  GPtrArray *issues;          /* XnLintIssue, owned */
  GHashTable *tag_index;      /* XnTag* → index + 1 */
  GHashTable *conflict_pairs; /* guint64* (tag pair) → first XnConflict* */
  GHashTable *exclusive_pairs;
} Lint;

typedef struct
{
  XnDomain *driver;           /* resolved on this host, or NULL */
  XnTag *driver_tag;          /* the driver's enclave tag, or NULL */
  gboolean has_subnet;
  guint32 address;
  guint32 netmask;
  GHashTable *ips;            /* ip text → XnVif* */
  GHashTable *tags;           /* XnTag* → XnVif* (first bearer) */
  GPtrArray *tag_order;       /* XnTag*, first-seen order */
} SwitchInfo;

typedef struct
{
  XnEnclave *enclave;         /* holder through assignedHardware */
  XnDomain *domain;           /* holder through pciDevices */
} Holders;

static void
switch_info_free (gpointer data)
{
  SwitchInfo *si = data;

  g_hash_table_unref (si->ips);
  g_hash_table_unref (si->tags);
  g_ptr_array_unref (si->tag_order);
  g_free (si);
}

static void emit (Lint       *l,
                  RuleId      rule,
                  gpointer    object,
                  gpointer    related,
                  const char *format,
                  ...) G_GNUC_PRINTF (5, 6);

static void
emit (Lint       *l,
      RuleId      rule,
      gpointer    object,
      gpointer    related,
      const char *format,
      ...)
{
  XnLintIssue *issue = g_object_new (XN_TYPE_LINT_ISSUE, NULL);
  va_list args;

  va_start (args, format);
  issue->message = g_strdup_vprintf (format, args);
  va_end (args);

  issue->rule = rule;
  issue->object = object;
  issue->path = xn_object_dup_path (object);
  issue->object_uuid = g_strdup (xn_object_get_uuid (object));
  issue->line = xn_object_get_source_line (object);
  if (related != NULL)
    issue->related_uuid = g_strdup (xn_object_get_uuid (related));
  issue->seq = l->issues->len;

  g_ptr_array_add (l->issues, issue);
}

/* Name, or {uuid} for an unnamed object: what messages show. */
static const char *
label (gpointer object)
{
  const char *name = xn_object_get_name (object);

  return name != NULL ? name : xn_object_get_uuid (object);
}

static const char *
kind_noun (GType type)
{
  if (type == XN_TYPE_PROFILE)
    return _("profile");
  if (type == XN_TYPE_TAG)
    return _("tag");
  if (type == XN_TYPE_CONFLICT)
    return _("conflict");
  if (type == XN_TYPE_SEC_LABEL)
    return _("security label");
  if (type == XN_TYPE_HOST)
    return _("host");
  if (type == XN_TYPE_DEVICE)
    return _("device");
  if (type == XN_TYPE_ENCLAVE)
    return _("enclave");
  if (type == XN_TYPE_DOMAIN)
    return _("domain");
  if (type == XN_TYPE_VIF)
    return _("VIF");
  if (type == XN_TYPE_DISK)
    return _("disk");
  if (type == XN_TYPE_NET_SWITCH)
    return _("switch");
  if (type == XN_TYPE_STORAGE_LOCATION)
    return _("storage location");
  if (type == XN_TYPE_HYPERCALL_RULE)
    return _("hypercall");
  return _("object");
}

/* `domain "x"`, `VIF 00:16:3e:… of domain "x"`, `device "NIC" (0000:06:00.0)`. */
static char *
describe (gpointer object)
{
  if (XN_IS_VIF (object))
    {
      XnVif *vif = object;
      XnObject *domain = xn_object_get_parent (object);

      if (domain != NULL)
        return g_strdup_printf (_("VIF %s of domain \"%s\""),
                                vif->mac != NULL ? vif->mac : xn_object_get_uuid (object),
                                label (domain));
    }
  if (XN_IS_DISK (object) && xn_object_get_parent (object) != NULL)
    {
      XnDisk *disk = object;

      return g_strdup_printf (_("disk %s of domain \"%s\""),
                              disk->vdev != NULL ? disk->vdev : xn_object_get_uuid (object),
                              label (xn_object_get_parent (object)));
    }
  if (XN_IS_DEVICE (object))
    {
      XnDevice *device = object;

      if (xn_object_get_name (object) != NULL && device->bdf != NULL)
        return g_strdup_printf (_("device \"%s\" (%s)"), label (object), device->bdf);
      return g_strdup_printf (_("device %s"),
                              device->bdf != NULL ? device->bdf : xn_object_get_uuid (object));
    }

  return g_strdup_printf ("%s \"%s\"", kind_noun (G_OBJECT_TYPE (object)), label (object));
}

static XnHost *
host_of (gpointer object)
{
  for (XnObject *o = object; o != NULL; o = xn_object_get_parent (o))
    if (XN_IS_HOST (o))
      return XN_HOST (o);

  return NULL;
}

/* Resolves @uuid to an object of @type; with @host, only on that host.
 * Reports XN-L001 on @owner when it does not resolve. */
static gpointer
resolve (Lint       *l,
         gpointer    owner,
         const char *what,
         const char *uuid,
         GType       type,
         XnHost     *host)
{
  XnObject *found;
  g_autofree char *who = NULL;

  if (uuid == NULL || uuid[0] == '\0')
    return NULL;

  found = xn_policy_lookup (l->policy, uuid);
  if (found != NULL && G_TYPE_CHECK_INSTANCE_TYPE (found, type) &&
      (host == NULL || host_of (found) == host))
    return found;

  who = describe (owner);
  if (found == NULL)
    emit (l, RULE_DANGLING, owner, NULL,
          _("The %s of %s is {%s}, which does not exist"), _(what), who, uuid);
  else if (!G_TYPE_CHECK_INSTANCE_TYPE (found, type))
    {
      g_autofree char *other = describe (found);

      emit (l, RULE_DANGLING, owner, found,
            _("The %s of %s is %s, which is not a %s"), _(what), who, other, kind_noun (type));
    }
  else
    {
      g_autofree char *other = describe (found);

      emit (l, RULE_DANGLING, owner, found,
            _("The %s of %s is %s, which is on another host"), _(what), who, other);
    }

  return NULL;
}

/* First object of a name within one scope; reports the later ones. */
static void
check_name (Lint       *l,
            GHashTable *names,
            gpointer    object)
{
  const char *name = xn_object_get_name (object);
  XnObject *first;

  if (name == NULL)
    return;

  first = g_hash_table_lookup (names, name);
  if (first == NULL)
    {
      g_hash_table_insert (names, (gpointer) name, object);
      return;
    }

  {
    g_autofree char *a = xn_object_dup_path (first);

    emit (l, RULE_DUP_NAME, object, first,
          _("The name \"%s\" of this %s is already used by %s"),
          name, kind_noun (G_OBJECT_TYPE (object)), a);
  }
}

static void
check_names_in_list (Lint         *l,
                     XnObjectList *list)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = xn_object_list_get_n_items (list);

  for (guint i = 0; i < n; i++)
    check_name (l, names, xn_object_list_get (list, i));
}

static guint64 *
pair_key_new (guint a,
              guint b)
{
  guint64 *key = g_new (guint64, 1);

  *key = a < b ? ((guint64) a << 32) | b : ((guint64) b << 32) | a;
  return key;
}

/* The first conflict that names both tags (only exclusive ones when
 * @exclusive), or NULL. One hash lookup. */
static XnConflict *
tags_conflict (Lint     *l,
               XnTag    *a,
               XnTag    *b,
               gboolean  exclusive)
{
  guint ia, ib;
  guint64 key;

  if (a == NULL || b == NULL || a == b)
    return NULL;

  ia = GPOINTER_TO_UINT (g_hash_table_lookup (l->tag_index, a));
  ib = GPOINTER_TO_UINT (g_hash_table_lookup (l->tag_index, b));
  if (ia == 0 || ib == 0)
    return NULL;

  key = ia < ib ? ((guint64) ia << 32) | ib : ((guint64) ib << 32) | ia;
  return g_hash_table_lookup (exclusive ? l->exclusive_pairs : l->conflict_pairs, &key);
}

/* Text checks */


static gboolean
hypercall_is_known (const char *name)
{
  /* The guard's table is the one list of Xen 4.17's hypercalls. */
  return name != NULL && xng_hypercall_by_name (name) >= 0;
}

/* What the compiler does with a well-formed filter: the guard filters
 * sub-ops of some hypercalls only, and the compiler drops the rest. */
static void
check_subops_compile (Lint            *l,
                      XnProfile       *profile,
                      XnHypercallRule *rule,
                      const char      *name)
{
  int hcall = xng_hypercall_by_name (name);

  if (xng_mux_slot ((unsigned int) hcall) < 0)
    emit (l, RULE_SUBOPS_UNFILTERED, rule, profile,
          _("Profile \"%s\" allows hypercall \"%s\" only for sub-ops \"%s\", but the guard "
            "cannot filter its sub-ops: the compiler leaves the hypercall out"),
          label (profile), name, rule->subops);
}

/* Enterprise part */

/* The profile @domain runs under, or NULL. */
static XnProfile *
domain_profile (Lint     *l,
                XnDomain *domain)
{
  XnObject *sl = domain->sec_label_uuid != NULL ? xn_policy_lookup (l->policy, domain->sec_label_uuid) : NULL;
  XnObject *p;

  if (!XN_IS_SEC_LABEL (sl) || XN_SEC_LABEL (sl)->profile_uuid == NULL)
    return NULL;
  p = xn_policy_lookup (l->policy, XN_SEC_LABEL (sl)->profile_uuid);
  return XN_IS_PROFILE (p) ? XN_PROFILE (p) : NULL;
}

static gboolean
profile_has_hypercall (XnProfile  *profile,
                       const char *name)
{
  for (guint i = 0; i < xn_object_list_get_n_items (profile->hypercalls); i++)
    if (g_strcmp0 (xn_object_get_name (xn_object_list_get (profile->hypercalls, i)), name) == 0)
      return TRUE;
  return FALSE;
}

/* A service domain drives a switch through netback and its agent's
 * channel to Domain-0: both are grants and event channels, which its
 * profile must allow (the channel is drawn, not a hole). */
static void
check_switch_driver (Lint        *l,
                     XnNetSwitch *sw,
                     XnDomain    *driver)
{
  XnProfile *profile;

  if (driver->kind == XN_DOMAIN_KIND_ROOT)
    return;
  if (driver->kind != XN_DOMAIN_KIND_SERVICE)
    {
      emit (l, RULE_DRIVER_CHANNEL, sw, driver,
            _("Switch \"%s\" is driven by \"%s\", a user domain; make it a service domain"),
            label (sw), label (driver));
      return;
    }
  profile = domain_profile (l, driver);
  if (profile == NULL)
    return;   /* XN-L010 says so */
  for (guint i = 0; i < 2; i++)
    {
      const char *need = i == 0 ? "grant_table_op" : "event_channel_op";

      if (!profile_has_hypercall (profile, need))
        emit (l, RULE_DRIVER_CHANNEL, sw, profile,
              _("Switch \"%s\" is driven by service domain \"%s\", whose profile \"%s\" lacks %s: "
                "netback and the agent's channel to Domain-0 need it"),
              label (sw), label (driver), label (profile), need);
    }
}

static void
check_profiles (Lint *l)
{
  XnObjectList *profiles = l->policy->profiles;
  guint n = xn_object_list_get_n_items (profiles);

  check_names_in_list (l, profiles);

  for (guint i = 0; i < n; i++)
    {
      XnProfile *profile = xn_object_list_get (profiles, i);
      guint m = xn_object_list_get_n_items (profile->hypercalls);

      for (guint j = 0; j < m; j++)
        {
          XnHypercallRule *rule = xn_object_list_get (profile->hypercalls, j);
          const char *name = xn_object_get_name (XN_OBJECT (rule));
          g_autoptr(GError) error = NULL;
          int successor;

          if (!hypercall_is_known (name))
            emit (l, RULE_HYPERCALL_NAME, rule, profile,
                  _("Profile \"%s\" allows hypercall \"%s\", which Xen 4.17 does not define"),
                  label (profile), name != NULL ? name : "");
          else if ((successor = xng_legacy_successor ((unsigned int) xng_hypercall_by_name (name))) >= 0)
            emit (l, RULE_HYPERCALL_LEGACY, rule, profile,
                  _("Profile \"%s\" allows the legacy hypercall \"%s\", whose sub-ops the guard "
                    "cannot filter: allow \"%s\" instead"),
                  label (profile), name, xng_hypercall_name ((unsigned int) successor));

          if (rule->subops == NULL || rule->subops[0] == '\0')
            ;
          /* The compiler's own parser, so lint-clean filters compile. */
          else if (!xn_subops_parse_list (rule->subops, NULL, &error))
            emit (l, RULE_SUBOPS, rule, profile,
                  _("The sub-ops \"%s\" of hypercall \"%s\" in profile \"%s\" are malformed: %s"),
                  rule->subops, name != NULL ? name : "", label (profile), error->message);
          else if (hypercall_is_known (name))
            check_subops_compile (l, profile, rule, name);
        }
      if (profile->learning)
        emit (l, RULE_LEARNING, profile, NULL,
              _("Profile \"%s\" is in learning mode: its domains are recorded, never denied"),
              label (profile));
    }
}

static void
check_tags (Lint *l)
{
  XnObjectList *tags = l->policy->tags;
  guint n = xn_object_list_get_n_items (tags);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_direct_hash, g_direct_equal);

  check_names_in_list (l, tags);

  for (guint i = 0; i < n; i++)
    {
      XnTag *tag = xn_object_list_get (tags, i);
      XnTag *first;

      g_hash_table_insert (l->tag_index, tag, GUINT_TO_POINTER (i + 1));

      first = g_hash_table_lookup (ids, GUINT_TO_POINTER (tag->id));
      if (first != NULL)
        emit (l, RULE_DUP_TAG_ID, tag, first,
              _("Tag \"%s\" has id %u, which tag \"%s\" already has"),
              label (tag), tag->id, label (first));
      else
        g_hash_table_insert (ids, GUINT_TO_POINTER (tag->id), tag);

      if (tag->color != NULL && !xn_color_parse (tag->color, NULL, NULL))
        emit (l, RULE_COLOR, tag, NULL,
              _("The colour \"%s\" of tag \"%s\" is not of the form #rrggbb"),
              tag->color, label (tag));
    }
}

static void
check_conflicts (Lint *l)
{
  XnObjectList *conflicts = l->policy->conflicts;
  guint n = xn_object_list_get_n_items (conflicts);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GPtrArray) members = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_direct_hash, g_direct_equal);

  check_names_in_list (l, conflicts);

  for (guint i = 0; i < n; i++)
    {
      XnConflict *conflict = xn_object_list_get (conflicts, i);
      guint m = xn_object_list_get_n_items (conflict->tag_refs);
      XnConflict *first;

      first = g_hash_table_lookup (ids, GUINT_TO_POINTER (conflict->id));
      if (first != NULL)
        emit (l, RULE_DUP_CONFLICT_ID, conflict, first,
              _("Conflict \"%s\" has id %u, which conflict \"%s\" already has"),
              label (conflict), conflict->id, label (first));
      else
        g_hash_table_insert (ids, GUINT_TO_POINTER (conflict->id), conflict);

      g_ptr_array_set_size (members, 0);
      g_hash_table_remove_all (seen);

      for (guint j = 0; j < m; j++)
        {
          XnTagRef *ref = xn_object_list_get (conflict->tag_refs, j);
          XnTag *tag = resolve (l, conflict, N_("tag reference"), ref->tag_uuid, XN_TYPE_TAG, NULL);

          if (tag != NULL && g_hash_table_add (seen, tag))
            g_ptr_array_add (members, tag);
        }

      if (members->len < 2)
        emit (l, RULE_CONFLICT_SIZE, conflict, NULL,
              _("Conflict \"%s\" names %u distinct tag(s); it needs at least two to separate anything"),
              label (conflict), members->len);

      /* Every pair once; sizes are per conflict, never per domain. */
      for (guint a = 0; a < members->len; a++)
        for (guint b = a + 1; b < members->len; b++)
          {
            guint ia = GPOINTER_TO_UINT (g_hash_table_lookup (l->tag_index, members->pdata[a]));
            guint ib = GPOINTER_TO_UINT (g_hash_table_lookup (l->tag_index, members->pdata[b]));
            guint64 *key = pair_key_new (ia, ib);

            if (!g_hash_table_contains (l->conflict_pairs, key))
              g_hash_table_insert (l->conflict_pairs, pair_key_new (ia, ib), conflict);
            if (!conflict->allow_simultaneous && !g_hash_table_contains (l->exclusive_pairs, key))
              g_hash_table_insert (l->exclusive_pairs, pair_key_new (ia, ib), conflict);
            g_free (key);
          }
    }
}

static void
check_sec_labels (Lint *l)
{
  XnObjectList *labels = l->policy->sec_labels;
  guint n = xn_object_list_get_n_items (labels);

  check_names_in_list (l, labels);

  for (guint i = 0; i < n; i++)
    {
      XnSecLabel *sl = xn_object_list_get (labels, i);

      resolve (l, sl, N_("tag"), sl->tag_uuid, XN_TYPE_TAG, NULL);
      resolve (l, sl, N_("profile"), sl->profile_uuid, XN_TYPE_PROFILE, NULL);
    }
}

/* Hosts */

typedef struct
{
  Lint *l;
  XnHost *host;
  GHashTable *macs;       /* lower-case MAC → first XnObject* */
  GHashTable *switches;   /* XnNetSwitch* → SwitchInfo* */
  GHashTable *holders;    /* XnDevice* → Holders* */
  GHashTable *enclave_tags; /* XnEnclave* → XnTag* (resolved once) */
} HostLint;

static XnTag *
enclave_tag (HostLint  *hl,
             XnEnclave *enclave)
{
  if (enclave == NULL)
    return NULL;

  return g_hash_table_lookup (hl->enclave_tags, enclave);
}

/* A domain's tag for separation: its enclave's. Root domains are the
 * trusted base and stand outside every conflict. */
static XnTag *
domain_tag (HostLint *hl,
            XnDomain *domain)
{
  return enclave_tag (hl, xn_domain_get_enclave (domain));
}

static void
check_mac (HostLint   *hl,
           gpointer    object,
           const char *mac,
           gboolean    unicast)
{
  g_autofree char *who = NULL;
  char *key;
  XnObject *first;

  if (mac == NULL)
    return;

  if (!xn_mac_parse (mac, NULL, NULL))
    {
      who = describe (object);
      emit (hl->l, RULE_BAD_MAC, object, NULL,
            _("The MAC address \"%s\" of %s is not of the form xx:xx:xx:xx:xx:xx"), mac, who);
      return;
    }

  if (unicast && xn_mac_is_multicast (mac))
    {
      who = describe (object);
      emit (hl->l, RULE_BAD_MAC, object, NULL,
            _("The MAC address \"%s\" of %s is a multicast address"), mac, who);
    }

  key = g_ascii_strdown (mac, -1);
  first = g_hash_table_lookup (hl->macs, key);
  if (first == NULL)
    {
      g_hash_table_insert (hl->macs, key, object);
      return;
    }
  g_free (key);

  {
    g_autofree char *a = describe (first);

    who = describe (object);
    emit (hl->l, RULE_DUP_MAC, object, first,
          _("The MAC address %s of %s is already used by %s on host \"%s\""),
          mac, who, a, label (hl->host));
  }
}

static void
check_devices (HostLint *hl)
{
  XnObjectList *hardware = hl->host->hardware;
  guint n = xn_object_list_get_n_items (hardware);
  g_autoptr(GHashTable) bdfs = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < n; i++)
    {
      XnDevice *device = xn_object_list_get (hardware, i);

      if (device->bdf != NULL)
        {
          XnDevice *first = g_hash_table_lookup (bdfs, device->bdf);

          if (first != NULL)
            {
              g_autofree char *a = describe (first);

              emit (hl->l, RULE_DUP_BDF, device, first,
                    _("Device \"%s\" has PCI address %s, which %s on host \"%s\" already has"),
                    label (device), device->bdf, a, label (hl->host));
            }
          else
            g_hash_table_insert (bdfs, device->bdf, device);
        }

      check_mac (hl, device, device->mac, FALSE);
    }
}

static Holders *
holders_for (HostLint *hl,
             XnDevice *device)
{
  Holders *h = g_hash_table_lookup (hl->holders, device);

  if (h == NULL)
    {
      h = g_new0 (Holders, 1);
      g_hash_table_insert (hl->holders, device, h);
    }

  return h;
}

/* Two owners of one device: XN-L014 when their tags conflict, else XN-L008. */
static void
report_shared_device (HostLint *hl,
                      XnDevice *device,
                      gpointer  first,
                      XnTag    *first_tag,
                      gpointer  second,
                      XnTag    *second_tag)
{
  g_autofree char *d = describe (device);
  g_autofree char *a = describe (first);
  g_autofree char *b = describe (second);
  XnConflict *conflict = tags_conflict (hl->l, first_tag, second_tag, FALSE);

  if (conflict != NULL)
    emit (hl->l, RULE_DEVICE_CONFLICT, second, device,
          _("Both %s and %s hold %s, but their tags \"%s\" and \"%s\" conflict (conflict \"%s\")"),
          a, b, d, label (first_tag), label (second_tag), label (conflict));
  else
    emit (hl->l, RULE_DEVICE_TWICE, second, device,
          _("Both %s and %s hold %s"), a, b, d);
}

static void
check_enclave_hardware (HostLint  *hl,
                        XnEnclave *enclave)
{
  guint n = xn_object_list_get_n_items (enclave->assigned_hardware);

  for (guint i = 0; i < n; i++)
    {
      XnDeviceRef *ref = xn_object_list_get (enclave->assigned_hardware, i);
      XnDevice *device = resolve (hl->l, enclave, N_("assigned device"), ref->device_uuid,
                                  XN_TYPE_DEVICE, hl->host);
      Holders *h;

      if (device == NULL)
        continue;

      h = holders_for (hl, device);
      if (h->enclave == NULL)
        h->enclave = enclave;
      else if (h->enclave != enclave)
        report_shared_device (hl, device, h->enclave, enclave_tag (hl, h->enclave),
                              enclave, enclave_tag (hl, enclave));
    }
}

static void
check_domain_devices (HostLint *hl,
                      XnDomain *domain)
{
  XnEnclave *enclave = xn_domain_get_enclave (domain);
  guint n = xn_object_list_get_n_items (domain->pci_devices);

  for (guint i = 0; i < n; i++)
    {
      XnDeviceRef *ref = xn_object_list_get (domain->pci_devices, i);
      XnDevice *device = resolve (hl->l, domain, N_("PCI device"), ref->device_uuid,
                                  XN_TYPE_DEVICE, hl->host);
      Holders *h;

      if (device == NULL)
        continue;

      h = holders_for (hl, device);
      if (h->domain != NULL && h->domain != domain)
        {
          report_shared_device (hl, device, h->domain, domain_tag (hl, h->domain),
                                domain, domain_tag (hl, domain));
          continue;
        }
      h->domain = domain;

      if (h->enclave != NULL && h->enclave != enclave)
        report_shared_device (hl, device, h->enclave, enclave_tag (hl, h->enclave),
                              domain, domain_tag (hl, domain));
      else if (h->enclave == NULL && enclave != NULL)
        {
          g_autofree char *d = describe (device);

          emit (hl->l, RULE_DEVICE_NOT_HELD, domain, device,
                _("Domain \"%s\" is given %s, which its enclave \"%s\" does not hold"),
                label (domain), d, label (enclave));
        }
    }
}

static void
check_switches (HostLint *hl)
{
  XnObjectList *switches = hl->host->net_switches;
  guint n = xn_object_list_get_n_items (switches);

  for (guint i = 0; i < n; i++)
    {
      XnNetSwitch *sw = xn_object_list_get (switches, i);
      SwitchInfo *si = g_new0 (SwitchInfo, 1);
      gboolean address_ok = FALSE, netmask_ok = FALSE;

      si->ips = g_hash_table_new (g_str_hash, g_str_equal);
      si->tags = g_hash_table_new (g_direct_hash, g_direct_equal);
      si->tag_order = g_ptr_array_new ();
      g_hash_table_insert (hl->switches, sw, si);

      si->driver = resolve (hl->l, sw, N_("driver domain"), sw->driver_domain_uuid,
                            XN_TYPE_DOMAIN, hl->host);
      if (si->driver != NULL)
        {
          si->driver_tag = domain_tag (hl, si->driver);
          check_switch_driver (hl->l, sw, si->driver);
        }

      if (sw->address != NULL)
        {
          address_ok = xn_ipv4_parse (sw->address, &si->address, NULL);
          if (!address_ok)
            emit (hl->l, RULE_BAD_IP, sw, NULL,
                  _("The address \"%s\" of switch \"%s\" is not an IPv4 address"),
                  sw->address, label (sw));
        }
      if (sw->netmask != NULL)
        {
          netmask_ok = xn_netmask_parse (sw->netmask, &si->netmask, NULL, NULL);
          if (!netmask_ok)
            emit (hl->l, RULE_BAD_IP, sw, NULL,
                  _("The netmask \"%s\" of switch \"%s\" is not a valid IPv4 netmask"),
                  sw->netmask, label (sw));
        }
      si->has_subnet = address_ok && netmask_ok;
    }
}

static void
check_vif (HostLint *hl,
           XnDomain *domain,
           XnTag    *tag,
           XnVif    *vif)
{
  XnNetSwitch *sw;
  SwitchInfo *si;
  guint32 ip = 0;
  gboolean ip_ok = FALSE;

  check_mac (hl, vif, vif->mac, TRUE);

  if (vif->enabled && (vif->ip == NULL || vif->ip[0] == '\0'))
    {
      g_autofree char *who = describe (vif);

      emit (hl->l, RULE_VIF_NO_IP, vif, NULL,
            _("%s has no IP address: anti-spoofing admits nothing from it, so it forwards nothing"),
            who);
    }

  /* An empty address is no address, as the compiler reads it. */
  if (vif->ip != NULL && vif->ip[0] != '\0')
    {
      ip_ok = xn_ipv4_parse (vif->ip, &ip, NULL);
      if (!ip_ok)
        {
          g_autofree char *who = describe (vif);

          emit (hl->l, RULE_BAD_IP, vif, NULL,
                _("The IP address \"%s\" of %s is not an IPv4 address"), vif->ip, who);
        }
    }

  sw = resolve (hl->l, vif, N_("switch"), vif->net_switch_uuid, XN_TYPE_NET_SWITCH, hl->host);
  if (sw == NULL)
    return;
  si = g_hash_table_lookup (hl->switches, sw);
  g_assert (si != NULL);

  if (ip_ok)
    {
      XnVif *first = g_hash_table_lookup (si->ips, vif->ip);

      if (first != NULL)
        {
          g_autofree char *a = describe (vif);
          g_autofree char *b = describe (first);

          emit (hl->l, RULE_DUP_IP, vif, first,
                _("The IP address %s of %s is already used by %s on switch \"%s\""),
                vif->ip, a, b, label (sw));
        }
      else
        g_hash_table_insert (si->ips, vif->ip, vif);

      if (si->has_subnet && (ip & si->netmask) != (si->address & si->netmask))
        {
          g_autofree char *a = describe (vif);

          emit (hl->l, RULE_SUBNET, vif, sw,
                _("The IP address %s of %s lies outside the subnet %s/%s of switch \"%s\""),
                vif->ip, a, sw->address, sw->netmask, label (sw));
        }
    }

  if (tag != NULL)
    {
      XnConflict *conflict = tags_conflict (hl->l, tag, si->driver_tag, FALSE);

      if (conflict != NULL)
        {
          g_autofree char *a = describe (vif);

          emit (hl->l, RULE_BACKEND_CONFLICT, vif, si->driver,
                _("%s (tag \"%s\") is on switch \"%s\", whose driver domain \"%s\" has tag \"%s\"; "
                  "the tags conflict (conflict \"%s\")"),
                a, label (tag), label (sw), label (si->driver), label (si->driver_tag),
                label (conflict));
        }

      /* Each tag once per switch: pairs are checked when a new tag
       * arrives, so the cost is tags², never VIFs². */
      if (!g_hash_table_contains (si->tags, tag))
        {
          for (guint i = 0; i < si->tag_order->len; i++)
            {
              XnTag *other = si->tag_order->pdata[i];

              conflict = tags_conflict (hl->l, other, tag, FALSE);
              if (conflict != NULL)
                emit (hl->l, RULE_SWITCH_SHARED, sw, conflict,
                      _("Switch \"%s\" carries VIFs of tags \"%s\" (domain \"%s\") and \"%s\" "
                        "(domain \"%s\"), which conflict (conflict \"%s\"); only the Open vSwitch "
                        "flows keep them apart"),
                      label (sw), label (other),
                      label (xn_object_get_parent (g_hash_table_lookup (si->tags, other))),
                      label (tag), label (domain), label (conflict));
            }
          g_hash_table_insert (si->tags, tag, vif);
          g_ptr_array_add (si->tag_order, tag);
        }
    }
}

static void check_may_run_on (HostLint *hl,
                              XnDomain *domain);

static void
check_domain (HostLint   *hl,
              GHashTable *names,
              XnDomain   *domain)
{
  Lint *l = hl->l;
  XnEnclave *enclave = xn_domain_get_enclave (domain);
  XnTag *tag = enclave_tag (hl, enclave);
  XnSecLabel *sl = NULL;
  XnProfile *profile = NULL;
  guint n;

  check_name (l, names, domain);

  if (domain->sec_label_uuid != NULL && domain->sec_label_uuid[0] != '\0')
    sl = resolve (l, domain, N_("security label"), domain->sec_label_uuid, XN_TYPE_SEC_LABEL, NULL);
  else if (domain->kind != XN_DOMAIN_KIND_ROOT)
    emit (l, RULE_NO_SEC_LABEL, domain, NULL,
          _("Domain \"%s\" has no security label"), label (domain));

  if (sl != NULL)
    {
      XnObject *o = sl->profile_uuid != NULL ? xn_policy_lookup (l->policy, sl->profile_uuid) : NULL;
      XnObject *t = sl->tag_uuid != NULL ? xn_policy_lookup (l->policy, sl->tag_uuid) : NULL;

      profile = XN_IS_PROFILE (o) ? XN_PROFILE (o) : NULL;

      if (enclave != NULL && tag != NULL && XN_IS_TAG (t) && XN_TAG (t) != tag)
        emit (l, RULE_TAG_MISMATCH, domain, sl,
              _("Domain \"%s\" has security label \"%s\" with tag \"%s\", but its enclave \"%s\" has tag \"%s\""),
              label (domain), label (sl), label (t), label (enclave), label (tag));
    }

  if (profile != NULL)
    {
      if (profile->privilege == XN_PRIVILEGE_MANAGEMENT && domain->kind != XN_DOMAIN_KIND_ROOT)
        emit (l, RULE_MANAGEMENT, domain, profile,
              _("%s domain \"%s\" has profile \"%s\" with management privilege; only root domains may"),
              domain->kind == XN_DOMAIN_KIND_USER ? _("User") : _("Service"),
              label (domain), label (profile));
      else if (profile->privilege == XN_PRIVILEGE_SECURITY && domain->kind == XN_DOMAIN_KIND_USER)
        emit (l, RULE_SECURITY_USER, domain, profile,
              _("User domain \"%s\" has profile \"%s\" with security privilege; make it a service domain"),
              label (domain), label (profile));

      if (xn_domain_is_domain0 (domain) && profile->privilege != XN_PRIVILEGE_MANAGEMENT)
        emit (l, RULE_DOMAIN0_PRIVILEGE, domain, profile,
              _("Domain-0 has profile \"%s\" with %s privilege; it needs management privilege"),
              label (profile), xn_enum_to_nick (XN_TYPE_PRIVILEGE, profile->privilege));

      if (profile->guest_type != XN_GUEST_TYPE_ANY && profile->guest_type != domain->guest_type)
        emit (l, RULE_GUEST_TYPE, domain, profile,
              _("Domain \"%s\" is a %s guest but its profile \"%s\" is for %s guests"),
              label (domain), xn_enum_to_nick (XN_TYPE_GUEST_TYPE, domain->guest_type),
              label (profile), xn_enum_to_nick (XN_TYPE_GUEST_TYPE, profile->guest_type));
    }

  if (domain->kind != XN_DOMAIN_KIND_ROOT && (domain->memory == 0 || domain->vcpus == 0))
    emit (l, RULE_RESOURCES, domain, NULL,
          _("Domain \"%s\" has %s unset; xl's default applies"), label (domain),
          domain->memory == 0 && domain->vcpus == 0 ? _("memory and vcpus")
          : domain->memory == 0 ? _("memory") : _("vcpus"));

  check_domain_devices (hl, domain);

  n = xn_object_list_get_n_items (domain->vifs);
  for (guint i = 0; i < n; i++)
    check_vif (hl, domain, tag, xn_object_list_get (domain->vifs, i));

  n = xn_object_list_get_n_items (domain->net_allow);
  for (guint i = 0; i < n; i++)
    {
      XnNetAllow *allow = xn_object_list_get (domain->net_allow, i);

      if (!xn_net_address_is_valid (allow->address))
        emit (l, RULE_WHITELIST_ADDRESS, domain, NULL,
              _("Whitelist entry %u of domain \"%s\" has the address \"%s\", which is not an IP address"),
              i + 1, label (domain), allow->address ? allow->address : "");
    }

  n = xn_object_list_get_n_items (domain->xl_extra);
  for (guint i = 0; i < n; i++)
    {
      XnXlPair *pair = xn_object_list_get (domain->xl_extra, i);
      const char *key = xn_xl_text_find_reserved_key (pair->text);

      if (key != NULL)
        emit (l, RULE_XL_EXTRA, domain, NULL,
              _("Extra xl setting \"%s\" of domain \"%s\" sets \"%s\", which the compiler "
                "writes from the policy; it is left out"),
              pair->text, label (domain), key);
      else if (pair->text != NULL && strchr (pair->text, '\n') != NULL)
        emit (l, RULE_XL_EXTRA, domain, NULL,
              _("Extra xl setting %u of domain \"%s\" spans several lines; the compiler "
                "refuses it"),
              i + 1, label (domain));
    }

  n = xn_object_list_get_n_items (domain->disks);
  for (guint i = 0; i < n; i++)
    {
      XnDisk *disk = xn_object_list_get (domain->disks, i);

      if (disk->storage_location_uuid != NULL && disk->storage_location_uuid[0] != '\0')
        resolve (l, disk, N_("storage location"), disk->storage_location_uuid,
                 XN_TYPE_STORAGE_LOCATION, hl->host);
    }
  check_may_run_on (hl, domain);
}

/* A domain that may run on other hosts (mayRunOn) takes nothing of its
 * own host with it: no PCI device, no VIF, disks only on shared storage. */
static void
check_may_run_on (HostLint *hl,
                  XnDomain *domain)
{
  Lint *l = hl->l;
  g_auto(GStrv) uuids = NULL;
  guint n;

  if (domain->may_run_on == NULL)
    return;
  uuids = xn_domain_dup_may_run_on_hosts (domain);
  for (guint i = 0; uuids[i] != NULL; i++)
    {
      if (g_str_equal (uuids[i], xn_object_get_uuid (XN_OBJECT (hl->host))))
        emit (l, RULE_MIGRATE_BOUND, domain, NULL,
              _("Domain \"%s\" lists its own host among the hosts it may also run on"),
              label (domain));
      else
        resolve (l, domain, N_("host it may run on"), uuids[i], XN_TYPE_HOST, NULL);
    }
  if (xn_object_list_get_n_items (domain->pci_devices) > 0)
    emit (l, RULE_MIGRATE_BOUND, domain, NULL,
          _("Domain \"%s\" may run on other hosts but has a PCI device of its own host"),
          label (domain));
  if (xn_object_list_get_n_items (domain->vifs) > 0)
    emit (l, RULE_MIGRATE_BOUND, domain, NULL,
          _("Domain \"%s\" may run on other hosts but has a VIF on a switch of its own host"),
          label (domain));
  n = xn_object_list_get_n_items (domain->disks);
  for (guint i = 0; i < n; i++)
    {
      XnDisk *disk = xn_object_list_get (domain->disks, i);
      XnObject *loc = disk->storage_location_uuid != NULL
                      ? xn_policy_lookup (l->policy, disk->storage_location_uuid) : NULL;
      const char *kind = XN_IS_STORAGE_LOCATION (loc) ? xn_storage_location_get_kind (XN_STORAGE_LOCATION (loc)) : NULL;

      if (g_strcmp0 (kind, "iscsi") != 0 && g_strcmp0 (kind, "nfs") != 0)
        emit (l, RULE_MIGRATE_BOUND, disk, domain,
              _("Domain \"%s\" may run on other hosts but its disk %s is not on shared "
                "storage (an iscsi or nfs storage location)"),
              label (domain), disk->vdev ? disk->vdev : "");
    }
}

/* Tags of an enclave: its own and its domains' secLabel tags. Two of them
 * in an exclusive conflict could never run together. */
static void
check_enclave_exclusive (HostLint  *hl,
                         XnEnclave *enclave)
{
  g_autoptr(GPtrArray) tags = g_ptr_array_new ();
  XnTag *own = enclave_tag (hl, enclave);
  guint n = xn_object_list_get_n_items (enclave->domains);

  if (own != NULL)
    g_ptr_array_add (tags, own);

  for (guint i = 0; i < n; i++)
    {
      XnDomain *domain = xn_object_list_get (enclave->domains, i);
      XnObject *sl = domain->sec_label_uuid != NULL ? xn_policy_lookup (hl->l->policy, domain->sec_label_uuid) : NULL;
      XnObject *t;

      if (!XN_IS_SEC_LABEL (sl) || XN_SEC_LABEL (sl)->tag_uuid == NULL)
        continue;
      t = xn_policy_lookup (hl->l->policy, XN_SEC_LABEL (sl)->tag_uuid);
      if (!XN_IS_TAG (t) || g_ptr_array_find (tags, t, NULL))
        continue;

      for (guint j = 0; j < tags->len; j++)
        {
          XnConflict *conflict = tags_conflict (hl->l, tags->pdata[j], XN_TAG (t), TRUE);

          if (conflict != NULL)
            emit (hl->l, RULE_EXCLUSIVE_ENCLAVE, domain, conflict,
                  _("Enclave \"%s\" holds tags \"%s\" and \"%s\" (domain \"%s\"), which may not run "
                    "at the same time (conflict \"%s\")"),
                  label (enclave), label (tags->pdata[j]), label (t), label (domain), label (conflict));
        }
      g_ptr_array_add (tags, t);
    }
}

static void
check_host (Lint   *l,
            XnHost *host)
{
  HostLint hl = { l, host };
  g_autoptr(GHashTable) domain_names = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_enclaves = xn_object_list_get_n_items (host->enclaves);
  guint n;

  hl.macs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  hl.switches = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, switch_info_free);
  hl.holders = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  hl.enclave_tags = g_hash_table_new (g_direct_hash, g_direct_equal);

  check_names_in_list (l, host->enclaves);
  check_names_in_list (l, host->net_switches);
  check_names_in_list (l, host->storage_locations);

  check_devices (&hl);

  for (guint i = 0; i < n_enclaves; i++)
    {
      XnEnclave *enclave = xn_object_list_get (host->enclaves, i);
      XnTag *tag = resolve (l, enclave, N_("tag"), enclave->tag_uuid, XN_TYPE_TAG, NULL);

      if (tag != NULL)
        g_hash_table_insert (hl.enclave_tags, enclave, tag);
    }

  /* Every enclave's hardware before any domain's devices, so a domain
   * sees which enclave holds what. */
  for (guint i = 0; i < n_enclaves; i++)
    check_enclave_hardware (&hl, xn_object_list_get (host->enclaves, i));

  check_switches (&hl);

  n = xn_object_list_get_n_items (host->root_domains);
  for (guint i = 0; i < n; i++)
    check_domain (&hl, domain_names, xn_object_list_get (host->root_domains, i));

  for (guint i = 0; i < n_enclaves; i++)
    {
      XnEnclave *enclave = xn_object_list_get (host->enclaves, i);

      n = xn_object_list_get_n_items (enclave->domains);
      for (guint j = 0; j < n; j++)
        check_domain (&hl, domain_names, xn_object_list_get (enclave->domains, j));

      check_enclave_exclusive (&hl, enclave);
    }

  g_hash_table_unref (hl.macs);
  g_hash_table_unref (hl.switches);
  g_hash_table_unref (hl.holders);
  g_hash_table_unref (hl.enclave_tags);
}

/* Live update */

static void
check_running (Lint     *l,
               XnPolicy *running)
{
  guint n;

  if (l->policy->serial <= running->serial)
    emit (l, RULE_SERIAL, l->policy, NULL,
          _("The serial %" PRIu64 " is not above the running policy's %" PRIu64),
          (uint64_t) l->policy->serial, (uint64_t) running->serial);

  n = xn_object_list_get_n_items (running->tags);
  for (guint i = 0; i < n; i++)
    {
      XnTag *old = xn_object_list_get (running->tags, i);
      XnObject *now = xn_policy_lookup (l->policy, xn_object_get_uuid (XN_OBJECT (old)));

      if (!XN_IS_TAG (now))
        emit (l, RULE_TAG_REMOVED, old, NULL,
              _("Tag \"%s\" of the running policy is missing; a live update may not remove tags"),
              label (old));
      else if (XN_TAG (now)->id != old->id)
        emit (l, RULE_TAG_ID_CHANGED, now, old,
              _("Tag \"%s\" changes its id from %u to %u"), label (now), old->id, XN_TAG (now)->id);
    }

  n = xn_object_list_get_n_items (running->hosts);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GPtrArray) domains = xn_host_dup_domains (xn_object_list_get (running->hosts, i));

      for (guint j = 0; j < domains->len; j++)
        {
          XnDomain *old = domains->pdata[j];
          XnObject *now = xn_policy_lookup (l->policy, xn_object_get_uuid (XN_OBJECT (old)));

          if (!XN_IS_DOMAIN (now))
            emit (l, RULE_DOMAIN_REMOVED, old, NULL,
                  _("Domain \"%s\" of the running policy (host \"%s\") is missing; a live update may not remove domains"),
                  label (old), label (xn_object_list_get (running->hosts, i)));
        }
    }
}

/* Ordering */

typedef struct
{
  GHashTable *wanted;   /* XnObject* → first XnLintIssue* (its ordinal is set) */
  guint next;
} OrdinalWalk;

static void ordinal_visit (OrdinalWalk *w,
                           XnObject    *object);

static void
ordinal_list_cb (XnObjectList *list,
                 gpointer      user_data)
{
  guint n = xn_object_list_get_n_items (list);

  for (guint i = 0; i < n; i++)
    ordinal_visit (user_data, xn_object_list_get (list, i));
}

static void
ordinal_visit (OrdinalWalk *w,
               XnObject    *object)
{
  GPtrArray *issues = g_hash_table_lookup (w->wanted, object);
  guint ordinal = w->next++;

  if (issues != NULL)
    for (guint i = 0; i < issues->len; i++)
      XN_LINT_ISSUE (issues->pdata[i])->ordinal = ordinal;

  xn_object_foreach_list (object, ordinal_list_cb, w);
}

static int
compare_issues (gconstpointer a,
                gconstpointer b)
{
  const XnLintIssue *x = *(XnLintIssue * const *) a;
  const XnLintIssue *y = *(XnLintIssue * const *) b;

  if (x->ordinal != y->ordinal)
    return x->ordinal < y->ordinal ? -1 : 1;
  if (x->rule != y->rule)
    return x->rule < y->rule ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
sort_issues (Lint *l)
{
  OrdinalWalk w = { 0 };

  if (l->issues->len == 0)
    return;

  w.wanted = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                    (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < l->issues->len; i++)
    {
      XnLintIssue *issue = l->issues->pdata[i];
      GPtrArray *list = g_hash_table_lookup (w.wanted, issue->object);

      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (w.wanted, issue->object, list);
        }
      g_ptr_array_add (list, issue);
      /* Objects of the running policy are not in the walk: they sort
       * with the policy itself, at the top. */
      issue->ordinal = 0;
    }

  ordinal_visit (&w, XN_OBJECT (l->policy));
  g_hash_table_unref (w.wanted);

  g_ptr_array_sort (l->issues, compare_issues);

  for (guint i = 0; i < l->issues->len; i++)
    XN_LINT_ISSUE (l->issues->pdata[i])->object = NULL;
}

/**
 * xn_lint_run:
 * @policy: the policy to check
 * @running: (nullable): the policy the hosts run now, for the live-update
 *   rules (serial, removed tags and domains, changed tag ids)
 *
 * Runs every lint rule over @policy. The issues come in a stable order:
 * document order of the object concerned, then code, then discovery.
 *
 * Returns: (transfer full): a #GListModel of #XnLintIssue
 */
GListModel *
xn_lint_run (XnPolicy *policy,
             XnPolicy *running)
{
  Lint l = { policy };
  GListStore *store;
  guint n;

  g_return_val_if_fail (XN_IS_POLICY (policy), NULL);
  g_return_val_if_fail (running == NULL || XN_IS_POLICY (running), NULL);

  l.issues = g_ptr_array_new_with_free_func (g_object_unref);
  l.tag_index = g_hash_table_new (g_direct_hash, g_direct_equal);
  l.conflict_pairs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  l.exclusive_pairs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  check_profiles (&l);
  check_tags (&l);
  check_conflicts (&l);
  check_sec_labels (&l);

  check_names_in_list (&l, policy->hosts);
  n = xn_object_list_get_n_items (policy->hosts);
  for (guint i = 0; i < n; i++)
    check_host (&l, xn_object_list_get (policy->hosts, i));

  if (running != NULL)
    check_running (&l, running);

  sort_issues (&l);

  store = g_list_store_new (XN_TYPE_LINT_ISSUE);
  g_list_store_splice (store, 0, 0, l.issues->pdata, l.issues->len);

  g_ptr_array_unref (l.issues);
  g_hash_table_unref (l.tag_index);
  g_hash_table_unref (l.conflict_pairs);
  g_hash_table_unref (l.exclusive_pairs);

  return G_LIST_MODEL (store);
}

/**
 * xn_lint_count:
 * @issues: a #GListModel of #XnLintIssue, as xn_lint_run() returns
 * @severity: the severity to count
 *
 * Returns: how many of @issues have @severity
 */
guint
xn_lint_count (GListModel     *issues,
               XnLintSeverity  severity)
{
  guint n, count = 0;

  g_return_val_if_fail (G_IS_LIST_MODEL (issues), 0);

  n = g_list_model_get_n_items (issues);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XnLintIssue) issue = g_list_model_get_item (issues, i);

      if (XN_IS_LINT_ISSUE (issue) && xn_lint_issue_get_severity (issue) == severity)
        count++;
    }

  return count;
}

/**
 * xn_lint_get_rules:
 * @n_rules: (out) (optional): where to store the number of rules
 *
 * The table of rules, in code order, for listing and explaining them.
 *
 * Returns: (transfer none) (array length=n_rules): the rules
 */
const XnLintRule *
xn_lint_get_rules (guint *n_rules)
{
  if (n_rules != NULL)
    *n_rules = N_RULES;

  return rules;
}

/**
 * xn_lint_lookup_rule:
 * @code: a code such as `XN-L001` (case-insensitive)
 *
 * Returns: (transfer none) (nullable): the rule with @code, or %NULL
 */
const XnLintRule *
xn_lint_lookup_rule (const char *code)
{
  g_return_val_if_fail (code != NULL, NULL);

  for (guint i = 0; i < N_RULES; i++)
    if (g_ascii_strcasecmp (rules[i].code, code) == 0)
      return &rules[i];

  return NULL;
}
