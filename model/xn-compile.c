/* xn-compile.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * The policy compiler: one policy and one host in, one enforcement plan
 * out.  The plan holds everything the host daemon applies:
 *
 *  - the guard blob, written by hvpatch/guard's xng-writer (the one
 *    writer of that format);
 *  - the Open vSwitch tables of every switch of the host, following
 *    docs/FLOWS.md (the design's contract), with the port table
 *    (VIF → stable port name and OpenFlow port number);
 *  - the lifecycle rules (tag pairs that may not run together, each
 *    domain's violation limit and action);
 *  - an `xl` configuration per domain.
 *
 * Everything here is linear in the size of the host's part of the
 * policy, except the group buckets (tags × ports on one switch) and the
 * conflict pairs, which docs/FLOWS.md bounds.  Compiling 10,000 domains with
 * 20,000 VIFs takes tens of milliseconds (tests/bench/bench-compile.c).
 *
 * Every string that ends up in a flow or an xl file is validated first:
 * the policy may be hostile, and a MAC like "x,actions=output:1" must
 * never reach ovs-ofctl.
 */

#define G_LOG_DOMAIN "xn-compile"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "xenon-model.h"
#include "xn-compile.h"
#include "xn-compile-private.h"

#include "xng-names.h"
#include "xng-writer.h"

G_DEFINE_QUARK (xn-compile-error-quark, xn_compile_error)

/* ------------------------------------------------------------------ */
/* Validation of values that end up in flows and xl files             */

static gboolean
uuid_to_bytes (const char *uuid,
               guint8      out[16])
{
  guint n = 0;

  if (!xn_uuid_is_valid (uuid))
    return FALSE;
  for (const char *p = uuid; *p && n < 32; p++)
    {
      int v;

      if (*p == '-')
        continue;
      v = g_ascii_xdigit_value (*p);
      if (v < 0)
        return FALSE;
      if (n % 2 == 0)
        out[n / 2] = (guint8) (v << 4);
      else
        out[n / 2] |= (guint8) v;
      n++;
    }
  return n == 32;
}

/* ------------------------------------------------------------------ */
/* Compilation                                                        */

void
_xn_compile_warn (XnPlan     *plan,
                  const char *format,
                  ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (plan->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

static gboolean
compile_tags (Compiler  *c,
              GError   **error)
{
  XnObjectList *tags = xn_policy_get_tags (c->policy);
  XnObjectList *conflicts = xn_policy_get_conflicts (c->policy);
  guint n_conflicts = xn_object_list_get_n_items (conflicts);

  c->n_tags = xn_object_list_get_n_items (tags);
  if (c->n_tags > XNG_MAX_TAGS)
    {
      g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_LIMIT,
                   _("The policy has %u tags; the guard holds at most %u"),
                   c->n_tags, XNG_MAX_TAGS);
      return FALSE;
    }
  c->tag_words = MAX (1, xng_tag_words (c->n_tags));
  c->conflict = g_new0 (guint64, (gsize) MAX (1, c->n_tags) * c->tag_words);
  c->plan->conflict = c->conflict;
  c->plan->n_tags = c->n_tags;
  c->plan->tag_words = c->tag_words;
  c->plan->conflict_names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  c->exclusive = g_new0 (guint64, (gsize) MAX (1, c->n_tags) * c->tag_words);
  for (guint i = 0; i < c->n_tags; i++)
    {
      XnObject *tag = xn_object_list_get (tags, i);

      g_hash_table_insert (c->tag_index, (gpointer) xn_object_get_uuid (tag),
                           GUINT_TO_POINTER (i + 1));
      g_ptr_array_add (c->plan->tag_names, g_strdup (xn_object_get_name (tag)));
    }

  for (guint i = 0; i < n_conflicts; i++)
    {
      XnConflict *conflict = xn_object_list_get (conflicts, i);
      XnObjectList *refs = xn_conflict_get_tag_refs (conflict);
      guint n = xn_object_list_get_n_items (refs);
      g_autofree guint *idx = g_new (guint, MAX (n, 1));
      gboolean exclusive = !xn_conflict_get_allow_simultaneous (conflict);

      for (guint j = 0; j < n; j++)
        {
          XnTagRef *ref = xn_object_list_get (refs, j);
          gpointer v = g_hash_table_lookup (c->tag_index, xn_tag_ref_get_tag_uuid (ref) ?
                                            xn_tag_ref_get_tag_uuid (ref) : "");

          if (v == NULL)
            {
              g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_REFERENCE,
                           _("Conflict “%s” names a tag that is not in the policy (%s)"),
                           xn_object_get_name (XN_OBJECT (conflict)),
                           xn_tag_ref_get_tag_uuid (ref) ? xn_tag_ref_get_tag_uuid (ref) : "none");
              return FALSE;
            }
          idx[j] = GPOINTER_TO_UINT (v) - 1;
        }
      for (guint j = 0; j < n; j++)
        for (guint k = j + 1; k < n; k++)
          {
            guint a = idx[j], b = idx[k];
            gboolean was_exclusive = (c->exclusive[a * c->tag_words + b / 64] >> (b % 64)) & 1;

            /* A tag listed twice in one conflict does not conflict with
             * itself: same-tag domains always talk. */
            if (a == b)
              continue;
            c->conflict[a * c->tag_words + b / 64] |= G_GUINT64_CONSTANT (1) << (b % 64);
            c->conflict[b * c->tag_words + a / 64] |= G_GUINT64_CONSTANT (1) << (a % 64);
            for (guint r = 0; r < 2; r++)
              {
                gpointer key = GUINT_TO_POINTER ((r ? b * c->n_tags + a : a * c->n_tags + b) + 1);

                if (!g_hash_table_contains (c->plan->conflict_names, key))
                  g_hash_table_insert (c->plan->conflict_names, key,
                                       g_strdup (xn_object_get_name (XN_OBJECT (conflict))));
              }
            g_array_append_vals (c->conflicts,
                                 &(struct xng_spec_conflict) { a, b, exclusive }, 1);
            if (exclusive && !was_exclusive)
              {
                XnPlanExclusion *ex = g_new0 (XnPlanExclusion, 1);

                c->exclusive[a * c->tag_words + b / 64] |= G_GUINT64_CONSTANT (1) << (b % 64);
                c->exclusive[b * c->tag_words + a / 64] |= G_GUINT64_CONSTANT (1) << (a % 64);
                ex->tag_a = g_strdup (g_ptr_array_index (c->plan->tag_names, MIN (a, b)));
                ex->tag_b = g_strdup (g_ptr_array_index (c->plan->tag_names, MAX (a, b)));
                ex->conflict_name = g_strdup (xn_object_get_name (XN_OBJECT (conflict)));
                g_ptr_array_add (c->plan->exclusions, ex);
              }
          }
    }
  return TRUE;
}

static guint8
map_action (XnViolationAction action)
{
  switch (action)
    {
    case XN_VIOLATION_ACTION_PAUSE:
      return XNG_ACTION_PAUSE;
    case XN_VIOLATION_ACTION_DESTROY:
      return XNG_ACTION_DESTROY;
    case XN_VIOLATION_ACTION_LOG:
    default:
      return XNG_ACTION_LOG;
    }
}

static guint8
map_guest_type (XnGuestType type)
{
  switch (type)
    {
    case XN_GUEST_TYPE_PVH:
      return XNG_GUEST_PVH;
    case XN_GUEST_TYPE_HVM:
      return XNG_GUEST_HVM;
    case XN_GUEST_TYPE_ANY:
      return XNG_GUEST_ANY;
    case XN_GUEST_TYPE_PV:
    default:
      /* The guard lets only a domain of this type run under the
       * profile (xng_guest_type_allowed()). */
      return XNG_GUEST_PV;
    }
}

static guint8
map_privilege (XnPrivilege privilege)
{
  switch (privilege)
    {
    case XN_PRIVILEGE_MANAGEMENT:
      return XNG_PRIV_MANAGEMENT;
    case XN_PRIVILEGE_SECURITY:
      return XNG_PRIV_SECURITY;
    case XN_PRIVILEGE_REGULAR:
    default:
      return XNG_PRIV_REGULAR;
    }
}

static gboolean
compile_profile (Compiler                *c,
                 XnProfile               *profile,
                 struct xng_spec_profile *out,
                 GError                 **error)
{
  XnObjectList *rules = xn_profile_get_hypercalls (profile);
  guint n = xn_object_list_get_n_items (rules);
  const char *pname = xn_object_get_name (XN_OBJECT (profile));

  memset (out, 0, sizeof *out);
  for (guint i = 0; i < n; i++)
    {
      XnHypercallRule *rule = xn_object_list_get (rules, i);
      const char *name = xn_object_get_name (XN_OBJECT (rule));
      const char *subops = xn_hypercall_rule_get_subops (rule);
      int hcall = name ? xng_hypercall_by_name (name) : -1;
      int slot;

      if (hcall < 0 || hcall >= XNG_N_HYPERCALLS)
        {
          g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_HYPERCALL,
                       _("Profile “%s” allows hypercall “%s”, which Xen 4.17 does not have"),
                       pname, name ? name : "");
          return FALSE;
        }
      if (xng_legacy_successor ((unsigned int) hcall) >= 0)
        {
          /* Its sub-op is out of the guard's reach, and the guard refuses
           * a blob allowing it: refuse here, naming what to use. */
          g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_HYPERCALL,
                       _("Profile “%s” allows the legacy hypercall “%s”, whose sub-ops the guard "
                         "cannot filter: allow “%s” instead"),
                       pname, name, xng_hypercall_name ((unsigned int) xng_legacy_successor ((unsigned int) hcall)));
          return FALSE;
        }
      slot = xng_mux_slot ((unsigned int) hcall);
      if (subops != NULL && *subops != '\0' && slot < 0)
        {
          /* The guard filters sub-ops only where Xen passes the sub-op as
           * the first argument.  Granting the whole hypercall would give
           * more than the officer drew, so it is left out: fail closed. */
          _xn_compile_warn (c->plan, _("Profile “%s”: hypercall %s has no sub-op filter in the guard; "
                                       "sub-ops %s cannot be enforced, so the hypercall is not granted"),
                            pname, name, subops);
          continue;
        }
      if (slot >= 0)
        {
          guint64 map[2];
          GError *local = NULL;

          if (subops == NULL || *subops == '\0')
            out->subop_all |= (guint8) (1u << slot);
          else if (!xn_subops_parse_list (subops, map, &local))
            {
              g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_SUBOP,
                           _("Profile “%s”, hypercall %s: %s"), pname, name, local->message);
              g_error_free (local);
              return FALSE;
            }
          else
            {
              out->subops[slot][0] |= map[0];
              out->subops[slot][1] |= map[1];
            }
        }
      out->hcalls |= G_GUINT64_CONSTANT (1) << hcall;
    }

  out->hmax = xn_profile_get_rate_hmax (profile);
  out->burst = xn_profile_get_rate_burst (profile);
  if (out->hmax > 0 && out->burst == 0)
    out->burst = out->hmax;
  if (out->hmax == 0)
    out->burst = 0;
  out->max_violations = xn_profile_get_max_violations (profile);
  if (out->max_violations == 0)
    out->max_violations = XNG_VIOLATIONS_UNLIMITED;
  out->action = map_action (xn_profile_get_violation_action (profile));
  out->privilege = map_privilege (xn_profile_get_privilege (profile));
  out->guest_type = map_guest_type (xn_profile_get_guest_type (profile));
  if (xn_profile_get_learning (profile))
    {
      out->flags |= XNG_PROFILE_F_PERMISSIVE;
      _xn_compile_warn (c->plan, _("Profile “%s” is learning: the guard records its violations "
                                   "but denies nothing and takes no action"), pname);
    }
  return TRUE;
}

static gboolean
compile_profiles (Compiler  *c,
                  GError   **error)
{
  XnObjectList *profiles = xn_policy_get_profiles (c->policy);
  guint n = xn_object_list_get_n_items (profiles);

  for (guint i = 0; i < n; i++)
    {
      XnProfile *profile = xn_object_list_get (profiles, i);
      struct xng_spec_profile spec;

      if (!compile_profile (c, profile, &spec, error))
        return FALSE;
      g_array_append_val (c->profiles, spec);
      g_ptr_array_add (c->profile_names, g_strdup (xn_object_get_name (XN_OBJECT (profile))));
      g_hash_table_insert (c->profile_index, (gpointer) xn_object_get_uuid (XN_OBJECT (profile)),
                           GUINT_TO_POINTER (i + 1));
    }
  return TRUE;
}

/* Domain-0 without a secLabel keeps what Xen gives it: everything but
 * the legacy hypercalls, which no blob may allow (the guard never
 * checks the control domain anyway). */
static guint
dom0_profile (Compiler *c)
{
  if (c->dom0_profile == G_MAXUINT)
    {
      struct xng_spec_profile spec = { 0 };

      spec.hcalls = G_MAXUINT64 & ~XNG_HCALLS_LEGACY;
      spec.subop_all = 0xff;
      spec.max_violations = XNG_VIOLATIONS_UNLIMITED;
      spec.action = XNG_ACTION_LOG;
      spec.privilege = XNG_PRIV_MANAGEMENT;
      spec.guest_type = XNG_GUEST_PV;
      c->dom0_profile = c->profiles->len;
      g_array_append_val (c->profiles, spec);
      g_ptr_array_add (c->profile_names, g_strdup ("(Domain-0 implicit)"));
    }
  return c->dom0_profile;
}

static gboolean
compile_domains (Compiler   *c,
                 GPtrArray  *domains,
                 GError    **error)
{
  for (guint i = 0; i < domains->len; i++)
    {
      XnDomain *domain = g_ptr_array_index (domains, i);
      const char *name = xn_object_get_name (XN_OBJECT (domain));
      const char *uuid = xn_object_get_uuid (XN_OBJECT (domain));
      XnSecLabel *label = xn_domain_get_sec_label (domain);
      XnEnclave *enclave = xn_domain_get_enclave (domain);
      const char *tag_uuid = NULL;
      struct xng_spec_domain spec = { { 0 }, XNG_TAG_NONE, 0 };
      XnPlanDomain *pd;
      gboolean is_dom0;
      guint profile;

      if (!uuid_to_bytes (uuid, spec.uuid))
        {
          g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_REFERENCE,
                       _("Domain “%s” has no valid UUID"), name ? name : "");
          return FALSE;
        }
      if (label != NULL)
        {
          gpointer v = g_hash_table_lookup (c->profile_index,
                                            xn_sec_label_get_profile_uuid (label) ?
                                            xn_sec_label_get_profile_uuid (label) : "");

          if (v == NULL)
            {
              g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_REFERENCE,
                           _("SecLabel “%s” of domain “%s” names no profile of the policy"),
                           xn_object_get_name (XN_OBJECT (label)), name);
              return FALSE;
            }
          profile = GPOINTER_TO_UINT (v) - 1;
          tag_uuid = xn_sec_label_get_tag_uuid (label);
        }
      else if (xn_domain_is_domain0 (domain))
        profile = dom0_profile (c);
      else
        {
          g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_REFERENCE,
                       _("Domain “%s” has no secLabel, so no hypercall profile"), name);
          return FALSE;
        }
      /* The enclave gives the tag (FORMAT.md); the secLabel's must match,
       * which the lint checks. */
      if (enclave != NULL && xn_enclave_get_tag_uuid (enclave) != NULL)
        tag_uuid = xn_enclave_get_tag_uuid (enclave);
      if (tag_uuid != NULL)
        {
          gpointer v = g_hash_table_lookup (c->tag_index, tag_uuid);

          if (v == NULL)
            {
              g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_REFERENCE,
                           _("Domain “%s” carries a tag that is not in the policy (%s)"),
                           name, tag_uuid);
              return FALSE;
            }
          spec.tag = GPOINTER_TO_UINT (v) - 1;
        }
      spec.profile = profile;
      if (g_hash_table_contains (c->plan->domain_index, uuid))
        {
          g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_REFERENCE,
                       _("Two domains of host “%s” share the UUID %s"),
                       c->plan->host_name, uuid);
          return FALSE;
        }
      g_array_append_val (c->domains, spec);

      /* Domain-0 is not created by xl. */
      is_dom0 = xn_domain_is_domain0 (domain);
      if (!is_dom0 &&
          !_xn_compile_xl_config (c, domain, label ? xn_object_get_name (XN_OBJECT (label)) : NULL,
                                  error))
        return FALSE;
      pd = _xn_plan_domain_new (uuid, name,
                                spec.tag == XNG_TAG_NONE ? NULL
                                : g_ptr_array_index (c->plan->tag_names, spec.tag),
                                g_ptr_array_index (c->profile_names, profile),
                                is_dom0 ? NULL : c->xl->str, c->xl->len);
      pd->tag = spec.tag == XNG_TAG_NONE ? G_MAXUINT : spec.tag;
      pd->profile = profile;
      {
        const struct xng_spec_profile *sp = &g_array_index (c->profiles, struct xng_spec_profile, profile);

        pd->max_violations = sp->max_violations == XNG_VIOLATIONS_UNLIMITED ? 0 : sp->max_violations;
        pd->action = sp->action == XNG_ACTION_DESTROY ? XN_VIOLATION_ACTION_DESTROY
                     : sp->action == XNG_ACTION_PAUSE ? XN_VIOLATION_ACTION_PAUSE
                     : XN_VIOLATION_ACTION_LOG;
      }
      g_ptr_array_add (c->plan->domains, pd);
      g_hash_table_insert (c->plan->domain_index, pd->uuid, pd);
    }
  return TRUE;
}

static gboolean
compile_blob (Compiler  *c,
              GError   **error)
{
  struct xng_spec spec = { 0 };
  const char *why = NULL;
  gsize size;
  gpointer buf;
  long written;

  spec.serial = c->plan->serial;
  spec.default_profile = XNG_DEFAULT_DENY;
  /* Unknown domains are denied every call; their violations are logged
   * and nothing more, since a domain the policy does not know has no
   * profile to say otherwise. */
  spec.default_max_violations = XNG_VIOLATIONS_UNLIMITED;
  spec.default_action = XNG_ACTION_LOG;
  spec.profiles = (const struct xng_spec_profile *) c->profiles->data;
  spec.n_profiles = c->profiles->len;
  spec.domains = (const struct xng_spec_domain *) c->domains->data;
  spec.n_domains = c->domains->len;
  spec.n_tags = c->n_tags;
  spec.conflicts = (const struct xng_spec_conflict *) c->conflicts->data;
  spec.n_conflicts = c->conflicts->len;

  size = xng_blob_size (&spec);
  if (size == 0)
    {
      g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_LIMIT,
                   _("Host “%s” has more profiles (%u) or domains (%u) than the guard holds"),
                   c->plan->host_name, spec.n_profiles, spec.n_domains);
      return FALSE;
    }
  /* g_malloc gives at least 8-byte alignment, as the writer needs. */
  buf = g_malloc0 (size);
  written = xng_blob_write (&spec, buf, size, &why);
  if (written < 0)
    {
      g_free (buf);
      g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_BLOB,
                   _("The guard blob for host “%s” could not be written: %s"),
                   c->plan->host_name, why ? why : xng_strerror ((int) written));
      return FALSE;
    }
  c->plan->blob = g_bytes_new_take (buf, (gsize) written);
  return TRUE;
}

/**
 * xn_compile:
 * @policy: a policy
 * @host_name: the name of one of its hosts
 * @error: return location for a #GError (domain %XN_COMPILE_ERROR)
 *
 * Compiles @policy for the host named @host_name into an enforcement
 * plan: guard blob, Open vSwitch tables per switch, lifecycle rules and
 * `xl` configurations. Problems that leave a safe plan (a VIF without an
 * address, a sub-op filter the guard cannot enforce) become warnings
 * (xn_plan_get_warnings()); anything else is an error naming the object.
 *
 * Returns: (transfer full) (nullable): the plan, or %NULL with @error set
 */
XnPlan *
xn_compile (XnPolicy    *policy,
            const char  *host_name,
            GError     **error)
{
  g_autoptr(XnPlan) plan = NULL;
  g_autoptr(GPtrArray) domains = NULL;
  Compiler c = { 0 };
  gboolean ok;

  g_return_val_if_fail (XN_IS_POLICY (policy), NULL);
  g_return_val_if_fail (host_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  c.policy = policy;
  c.host = xn_policy_find_host_by_name (policy, host_name);
  if (c.host == NULL)
    {
      g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_UNKNOWN_HOST,
                   _("The policy has no host named “%s”"), host_name);
      return NULL;
    }

  plan = _xn_plan_new ();
  plan->serial = xn_policy_get_serial (policy);
  plan->host_name = g_strdup (host_name);
  c.plan = plan;
  c.tag_index = g_hash_table_new (g_str_hash, g_str_equal);
  c.profile_index = g_hash_table_new (g_str_hash, g_str_equal);
  c.enclave_index = g_hash_table_new (NULL, NULL);
  c.profiles = g_array_new (FALSE, TRUE, sizeof (struct xng_spec_profile));
  c.profile_names = g_ptr_array_new_with_free_func (g_free);
  c.domains = g_array_new (FALSE, TRUE, sizeof (struct xng_spec_domain));
  c.conflicts = g_array_new (FALSE, TRUE, sizeof (struct xng_spec_conflict));
  c.dom0_profile = G_MAXUINT;
  c.xl_switches = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  c.xl = g_string_sized_new (1024);
  _xn_compile_xl_switches_init (&c);

  domains = xn_host_dup_domains (c.host);
  {
    /* The guard here must know domains that may migrate in. */
    g_autoptr(GPtrArray) visiting = xn_policy_dup_visiting_domains (policy, c.host);

    g_ptr_array_extend (domains, visiting, NULL, NULL);
  }
  ok = compile_tags (&c, error) &&
       compile_profiles (&c, error) &&
       compile_domains (&c, domains, error) &&
       compile_blob (&c, error) &&
       _xn_compile_switches (&c, domains, error);

  g_free (c.exclusive);
  g_hash_table_unref (c.tag_index);
  g_hash_table_unref (c.profile_index);
  g_hash_table_unref (c.enclave_index);
  g_array_unref (c.profiles);
  g_ptr_array_unref (c.profile_names);
  g_array_unref (c.domains);
  g_array_unref (c.conflicts);
  g_hash_table_unref (c.xl_switches);
  g_string_free (c.xl, TRUE);
  if (!ok)
    return NULL;
  _xn_plan_seal (plan);
  return g_steal_pointer (&plan);
}
