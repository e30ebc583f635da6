/* xn-hostd-blob.c: guard blob of a policy, until the compiler lands
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The daemon's stand-in for the guard-blob part of the policy compiler
 * (model/xn-compile.h, branch "compile"): the same mapping through the one
 * blob writer of hvpatch/guard.  It goes away when XnPlan is merged.
 */

#define G_LOG_DOMAIN "xn-hostd"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "xn-hostd-blob.h"
#include "xng-guard.h"
#include "xng-writer.h"

gboolean
xn_hostd_parse_uuid (const char *text,
                     guint8      out[16])
{
  guint n = 0;

  if (text == NULL)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      int hi, lo;

      if (*p == '-')
        continue;
      if (n == 16 || (hi = g_ascii_xdigit_value (p[0])) < 0
          || (lo = g_ascii_xdigit_value (p[1])) < 0)
        return FALSE;
      out[n++] = (guint8) (hi << 4 | lo);
      p++;
    }
  return n == 16;
}

void
xn_hostd_foreach_domain (XnHost   *host,
                         GFunc     func,
                         gpointer  user_data)
{
  XnObjectList *roots = xn_host_get_root_domains (host);
  XnObjectList *enclaves = xn_host_get_enclaves (host);

  for (guint i = 0; i < xn_object_list_get_n_items (roots); i++)
    func (xn_object_list_get (roots, i), user_data);
  for (guint e = 0; e < xn_object_list_get_n_items (enclaves); e++)
    {
      XnObjectList *doms = xn_enclave_get_domains (xn_object_list_get (enclaves, e));

      for (guint i = 0; i < xn_object_list_get_n_items (doms); i++)
        func (xn_object_list_get (doms, i), user_data);
    }
}

static gboolean
parse_subops (struct xng_spec_profile  *p,
              int                       hcall,
              const char               *text,
              GError                  **error)
{
  int slot = xng_mux_slot ((unsigned int) hcall);
  g_auto(GStrv) parts = NULL;

  if (text == NULL || *text == '\0' || slot < 0)
    {
      if (slot >= 0)
        p->subop_all |= 1u << slot;
      return TRUE;
    }
  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *item = g_strstrip (parts[i]);
      char *dash = strchr (item, '-');
      gint64 lo, hi;

      if (*item == '\0')
        continue;
      if (g_ascii_isdigit (*item))
        {
          lo = g_ascii_strtoll (item, NULL, 10);
          hi = dash != NULL ? g_ascii_strtoll (dash + 1, NULL, 10) : lo;
        }
      else
        lo = hi = xng_subop_by_name ((unsigned int) hcall, item);
      if (lo < 0 || hi < lo || hi >= XNG_N_SUBOPS)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Bad sub-op “%s” for hypercall %s"), item,
                       xng_hypercall_name ((unsigned int) hcall));
          return FALSE;
        }
      for (gint64 op = lo; op <= hi; op++)
        p->subops[slot][op / 64] |= G_GUINT64_CONSTANT (1) << (op % 64);
    }
  return TRUE;
}

typedef struct
{
  XnPolicy  *policy;
  GArray    *domains;
  GPtrArray *profile_objs;
  gint       mgmt_profile;
  GError    *error;
} BuildState;

static guint
tag_index (XnPolicy *policy,
           XnTag    *tag)
{
  guint pos;

  if (tag != NULL && xn_object_list_find (xn_policy_get_tags (policy), XN_OBJECT (tag), &pos))
    return pos;
  return XNG_TAG_NONE;
}

static void
add_domain (gpointer item,
            gpointer user_data)
{
  XnDomain *dom = item;
  BuildState *st = user_data;
  struct xng_spec_domain d = { { 0 } };
  XnSecLabel *label = xn_domain_get_sec_label (dom);
  XnProfile *profile = label != NULL ? xn_sec_label_get_profile (label) : NULL;
  XnTag *tag = label != NULL ? xn_sec_label_get_tag (label) : NULL;
  guint pos;

  if (st->error != NULL)
    return;
  if (!xn_hostd_parse_uuid (xn_object_get_uuid (XN_OBJECT (dom)), d.uuid))
    {
      g_set_error (&st->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Domain “%s” has a malformed UUID"), xn_object_get_name (XN_OBJECT (dom)));
      return;
    }
  if (tag == NULL && xn_domain_get_enclave (dom) != NULL)
    tag = xn_enclave_get_tag (xn_domain_get_enclave (dom));
  d.tag = tag_index (st->policy, tag);

  if (profile != NULL
      && xn_object_list_find (xn_policy_get_profiles (st->policy), XN_OBJECT (profile), &pos))
    d.profile = pos;
  else if (xn_domain_is_domain0 (dom) && st->mgmt_profile >= 0)
    d.profile = (guint) st->mgmt_profile;
  else
    return;   /* no profile: the default (deny) applies */
  g_array_append_val (st->domains, d);
}

/**
 * xn_hostd_build_blob:
 *
 * Returns: (transfer full): the guard blob of @host under @policy
 */
GBytes *
xn_hostd_build_blob (XnPolicy  *policy,
                     XnHost    *host,
                     GError   **error)
{
  XnObjectList *profiles = xn_policy_get_profiles (policy);
  XnObjectList *conflicts = xn_policy_get_conflicts (policy);
  guint n_profiles = xn_object_list_get_n_items (profiles);
  g_autofree struct xng_spec_profile *specs = g_new0 (struct xng_spec_profile, MAX (n_profiles, 1));
  g_autoptr(GArray) domains = g_array_new (FALSE, TRUE, sizeof (struct xng_spec_domain));
  g_autoptr(GArray) pairs = g_array_new (FALSE, TRUE, sizeof (struct xng_spec_conflict));
  BuildState st = { policy, domains, NULL, -1, NULL };
  struct xng_spec spec = { 0 };
  const char *why = NULL;
  gsize size;
  gpointer buf;
  long written;

  for (guint i = 0; i < n_profiles; i++)
    {
      XnProfile *prof = xn_object_list_get (profiles, i);
      XnObjectList *rules = xn_profile_get_hypercalls (prof);
      struct xng_spec_profile *p = &specs[i];

      for (guint r = 0; r < xn_object_list_get_n_items (rules); r++)
        {
          XnHypercallRule *rule = xn_object_list_get (rules, r);
          const char *name = xn_object_get_name (XN_OBJECT (rule));
          int hc = xng_hypercall_by_name (name);

          if (hc < 0)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Profile “%s” names an unknown hypercall “%s”"),
                           xn_object_get_name (XN_OBJECT (prof)), name);
              return NULL;
            }
          p->hcalls |= G_GUINT64_CONSTANT (1) << hc;
          if (!parse_subops (p, hc, xn_hypercall_rule_get_subops (rule), error))
            return NULL;
        }
      p->hmax = xn_profile_get_rate_hmax (prof);
      p->burst = p->hmax > 0 ? MAX (xn_profile_get_rate_burst (prof), 1) : 0;
      p->max_violations = xn_profile_get_max_violations (prof) > 0
                          ? xn_profile_get_max_violations (prof) : XNG_VIOLATIONS_UNLIMITED;
      p->action = XNG_ACTION_LOG + (guint8) xn_profile_get_violation_action (prof);
      p->privilege = (guint8) xn_profile_get_privilege (prof);
      p->guest_type = xn_profile_get_guest_type (prof) == XN_GUEST_TYPE_ANY
                      ? XNG_GUEST_PV : (guint8) xn_profile_get_guest_type (prof);
      if (st.mgmt_profile < 0 && xn_profile_get_privilege (prof) == XN_PRIVILEGE_MANAGEMENT)
        st.mgmt_profile = (gint) i;
    }

  xn_hostd_foreach_domain (host, add_domain, &st);
  if (st.error != NULL)
    {
      g_propagate_error (error, st.error);
      return NULL;
    }

  for (guint c = 0; c < xn_object_list_get_n_items (conflicts); c++)
    {
      XnConflict *conf = xn_object_list_get (conflicts, c);
      XnObjectList *refs = xn_conflict_get_tag_refs (conf);
      guint n = xn_object_list_get_n_items (refs);

      for (guint a = 0; a < n; a++)
        for (guint b = a + 1; b < n; b++)
          {
            XnTag *ta = xn_tag_ref_get_tag (xn_object_list_get (refs, a));
            XnTag *tb = xn_tag_ref_get_tag (xn_object_list_get (refs, b));
            struct xng_spec_conflict pair;

            pair.a = tag_index (policy, ta);
            pair.b = tag_index (policy, tb);
            pair.exclusive = !xn_conflict_get_allow_simultaneous (conf);
            if (pair.a == XNG_TAG_NONE || pair.b == XNG_TAG_NONE || pair.a == pair.b)
              continue;
            g_array_append_val (pairs, pair);
          }
    }

  spec.serial = xn_policy_get_serial (policy);
  spec.default_profile = XNG_DEFAULT_DENY;
  spec.default_max_violations = XNG_VIOLATIONS_UNLIMITED;
  spec.default_action = XNG_ACTION_LOG;
  spec.profiles = specs;
  spec.n_profiles = n_profiles;
  spec.domains = (const struct xng_spec_domain *) (gpointer) domains->data;
  spec.n_domains = domains->len;
  spec.n_tags = xn_object_list_get_n_items (xn_policy_get_tags (policy));
  spec.conflicts = (const struct xng_spec_conflict *) (gpointer) pairs->data;
  spec.n_conflicts = pairs->len;

  size = xng_blob_size (&spec);
  if (size == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The policy exceeds the guard's limits"));
      return NULL;
    }
  buf = g_malloc0 (size);
  written = xng_blob_write (&spec, buf, size, &why);
  if (written < 0)
    {
      g_free (buf);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Cannot build the guard blob: %s"), why ? why : "unknown error");
      return NULL;
    }
  return g_bytes_new_take (buf, (gsize) written);
}
