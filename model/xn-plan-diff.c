/* xn-plan-diff.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * The difference between the plan a host runs and the one it would run:
 * what "dry run" shows before a push.  Flows compare without their
 * cookie (the serial changes every flow's cookie, which says nothing);
 * rights compare through the guard blobs themselves, so the diff sees
 * exactly what the hypervisor would see.  Domains are matched by UUID
 * and tags by name, since indices may shift between editions.
 */

#define G_LOG_DOMAIN "xn-plan-diff"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "xn-plan-diff.h"

#include "xng-names.h"

struct _XnPlanDiff
{
  gatomicrefcount  ref_count;
  guint64          old_serial;
  guint64          new_serial;
  char            *host_name;
  GPtrArray       *switches;  /* XnPlanDiffSwitch * */
  GPtrArray       *added;     /* char *, NULL-terminated: "name (uuid)" */
  GPtrArray       *removed;
  GPtrArray       *changed;   /* domain names whose rights change */
  GPtrArray       *changes;   /* one sentence per change */
  GPtrArray       *breaches;  /* one sentence per breach */
};

G_DEFINE_BOXED_TYPE (XnPlanDiff, xn_plan_diff, xn_plan_diff_ref, xn_plan_diff_unref)

static void
diff_switch_free (XnPlanDiffSwitch *sw)
{
  g_free (sw->name);
  g_ptr_array_unref (sw->added);
  g_ptr_array_unref (sw->removed);
  g_free (sw);
}

/**
 * xn_plan_diff_ref:
 * @self: a diff
 *
 * Returns: (transfer full): @self
 */
XnPlanDiff *
xn_plan_diff_ref (XnPlanDiff *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * xn_plan_diff_unref:
 * @self: (transfer full): a diff
 */
void
xn_plan_diff_unref (XnPlanDiff *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->host_name);
  g_ptr_array_unref (self->switches);
  g_ptr_array_unref (self->added);
  g_ptr_array_unref (self->removed);
  g_ptr_array_unref (self->changed);
  g_ptr_array_unref (self->changes);
  g_ptr_array_unref (self->breaches);
  g_free (self);
}

static const struct xng_blob_profile *
profile_of (const struct xng_policy *pol,
            const XnPlanDomain      *d)
{
  if (pol == NULL || d->profile >= pol->n_profiles)
    return NULL;
  return &pol->profiles[d->profile];
}

static gboolean
parse_blob (XnPlan            *plan,
            struct xng_policy *pol)
{
  GBytes *blob = xn_plan_get_blob (plan);

  return blob && xng_blob_parse (pol, g_bytes_get_data (blob, NULL), g_bytes_get_size (blob)) == 0;
}

/* Names what differs between two compiled profiles. */
static void
describe_rights (GString                       *s,
                 const struct xng_blob_profile *a,
                 const struct xng_blob_profile *b)
{
  guint64 gained = b->hcalls & ~a->hcalls;
  guint64 lost = a->hcalls & ~b->hcalls;

  for (guint h = 0; h < XNG_N_HYPERCALLS; h++)
    {
      const char *name = xng_hypercall_name (h);

      if ((gained >> h) & 1)
        g_string_append_printf (s, _(" +%s"), name ? name : "?");
      if ((lost >> h) & 1)
        g_string_append_printf (s, _(" -%s"), name ? name : "?");
    }
  if (memcmp (a->subops, b->subops, sizeof a->subops) != 0 || a->subop_all != b->subop_all)
    g_string_append (s, _(" sub-ops changed;"));
  if (a->hmax != b->hmax || a->burst != b->burst)
    g_string_append_printf (s, _(" rate %u/%u → %u/%u;"), a->hmax, a->burst, b->hmax, b->burst);
  if (a->max_violations != b->max_violations || a->action != b->action)
    g_string_append (s, _(" violation limit or action changed;"));
  if (a->privilege != b->privilege)
    g_string_append (s, _(" privilege changed;"));
  if (a->flags != b->flags)
    g_string_append (s, _(" permissive mode changed;"));
}

static gboolean
profiles_equal (const struct xng_blob_profile *a,
                const struct xng_blob_profile *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return a->hcalls == b->hcalls && a->hmax == b->hmax && a->burst == b->burst &&
         a->max_violations == b->max_violations && a->action == b->action &&
         a->privilege == b->privilege && a->guest_type == b->guest_type &&
         a->flags == b->flags && a->subop_all == b->subop_all &&
         memcmp (a->subops, b->subops, sizeof a->subops) == 0;
}

static void
diff_switches (XnPlanDiff *self,
               XnPlan     *old_plan,
               XnPlan     *new_plan)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();

  for (guint i = 0; i < xn_plan_get_n_switches (new_plan); i++)
    if (g_hash_table_add (names, (gpointer) xn_plan_get_switch_name (new_plan, i)))
      g_ptr_array_add (order, (gpointer) xn_plan_get_switch_name (new_plan, i));
  for (guint i = 0; old_plan && i < xn_plan_get_n_switches (old_plan); i++)
    if (g_hash_table_add (names, (gpointer) xn_plan_get_switch_name (old_plan, i)))
      g_ptr_array_add (order, (gpointer) xn_plan_get_switch_name (old_plan, i));

  for (guint i = 0; i < order->len; i++)
    {
      const char *name = g_ptr_array_index (order, i);
      GPtrArray *of = old_plan ? xn_plan_get_flows (old_plan, name) : NULL;
      GPtrArray *nf = xn_plan_get_flows (new_plan, name);
      GPtrArray *og = old_plan ? xn_plan_get_groups (old_plan, name) : NULL;
      GPtrArray *ng = xn_plan_get_groups (new_plan, name);
      g_autoptr(GHashTable) oset = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GHashTable) nset = g_hash_table_new (g_str_hash, g_str_equal);
      XnPlanDiffSwitch *sw = g_new0 (XnPlanDiffSwitch, 1);

      sw->name = g_strdup (name);
      sw->added = g_ptr_array_new_with_free_func (g_free);
      sw->removed = g_ptr_array_new_with_free_func (g_free);
      for (guint j = 0; of && j < of->len; j++)
        g_hash_table_add (oset, g_ptr_array_index (of, j));
      for (guint j = 0; nf && j < nf->len; j++)
        {
          g_hash_table_add (nset, g_ptr_array_index (nf, j));
          if (!g_hash_table_contains (oset, g_ptr_array_index (nf, j)))
            g_ptr_array_add (sw->added, g_strdup (g_ptr_array_index (nf, j)));
        }
      for (guint j = 0; of && j < of->len; j++)
        if (!g_hash_table_contains (nset, g_ptr_array_index (of, j)))
          g_ptr_array_add (sw->removed, g_strdup (g_ptr_array_index (of, j)));
      if ((og == NULL) != (ng == NULL) || (og && ng && og->len != ng->len))
        sw->groups_changed = TRUE;
      for (guint j = 0; og && ng && !sw->groups_changed && j < og->len; j++)
        if (strcmp (g_ptr_array_index (og, j), g_ptr_array_index (ng, j)) != 0)
          sw->groups_changed = TRUE;
      g_ptr_array_add (self->switches, sw);
    }
}

/**
 * xn_plan_diff:
 * @old_plan: (nullable): the plan the host runs, or %NULL for none
 * @new_plan: the plan it would run
 * @running_domain_uuids: (nullable) (array zero-terminated=1): the
 *   domains running now
 *
 * Compares two plans of one host: flows added and removed per switch,
 * domains added, removed or whose rights change, and the running domains
 * the new plan would put in breach (two running domains whose tags may
 * not run together, a running domain the new plan does not know).
 *
 * Returns: (transfer full): the difference
 */
XnPlanDiff *
xn_plan_diff (XnPlan             *old_plan,
              XnPlan             *new_plan,
              const char * const *running_domain_uuids)
{
  XnPlanDiff *self;
  struct xng_policy opol, npol;
  gboolean have_old, have_new;
  g_autoptr(GPtrArray) running = g_ptr_array_new ();

  g_return_val_if_fail (new_plan != NULL, NULL);

  self = g_new0 (XnPlanDiff, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->old_serial = old_plan ? xn_plan_get_serial (old_plan) : 0;
  self->new_serial = xn_plan_get_serial (new_plan);
  self->host_name = g_strdup (xn_plan_get_host_name (new_plan));
  self->switches = g_ptr_array_new_with_free_func ((GDestroyNotify) diff_switch_free);
  self->added = g_ptr_array_new_with_free_func (g_free);
  self->removed = g_ptr_array_new_with_free_func (g_free);
  self->changed = g_ptr_array_new_with_free_func (g_free);
  self->changes = g_ptr_array_new_with_free_func (g_free);
  self->breaches = g_ptr_array_new_with_free_func (g_free);

  have_old = old_plan && parse_blob (old_plan, &opol);
  have_new = parse_blob (new_plan, &npol);

  diff_switches (self, old_plan, new_plan);

  for (guint i = 0; i < xn_plan_get_n_domains (new_plan); i++)
    {
      const XnPlanDomain *nd = xn_plan_get_domain (new_plan, i);
      const XnPlanDomain *od = old_plan ? xn_plan_find_domain (old_plan, nd->uuid) : NULL;
      g_autoptr(GString) why = NULL;

      if (od == NULL)
        {
          g_ptr_array_add (self->added, g_strdup (nd->name));
          continue;
        }
      why = g_string_new (NULL);
      if (g_strcmp0 (od->tag_name, nd->tag_name) != 0)
        g_string_append_printf (why, _(" tag %s → %s;"), od->tag_name ? od->tag_name : "-",
                                nd->tag_name ? nd->tag_name : "-");
      if (g_strcmp0 (od->profile_name, nd->profile_name) != 0)
        g_string_append_printf (why, _(" profile %s → %s;"), od->profile_name, nd->profile_name);
      {
        const struct xng_blob_profile *op = have_old ? profile_of (&opol, od) : NULL;
        const struct xng_blob_profile *np = have_new ? profile_of (&npol, nd) : NULL;

        if (op && np && !profiles_equal (op, np))
          describe_rights (why, op, np);
      }
      if (why->len > 0)
        {
          g_ptr_array_add (self->changed, g_strdup (nd->name));
          g_ptr_array_add (self->changes, g_strdup_printf (_("%s:%s"), nd->name, why->str));
        }
    }
  for (guint i = 0; old_plan && i < xn_plan_get_n_domains (old_plan); i++)
    {
      const XnPlanDomain *od = xn_plan_get_domain (old_plan, i);

      if (xn_plan_find_domain (new_plan, od->uuid) == NULL)
        g_ptr_array_add (self->removed, g_strdup (od->name));
    }

  /* Breaches among the running domains. */
  for (guint i = 0; running_domain_uuids && running_domain_uuids[i]; i++)
    {
      const XnPlanDomain *d = xn_plan_find_domain (new_plan, running_domain_uuids[i]);

      if (d == NULL)
        {
          const XnPlanDomain *od = old_plan ? xn_plan_find_domain (old_plan, running_domain_uuids[i]) : NULL;

          g_ptr_array_add (self->breaches,
                           g_strdup_printf (_("Running domain %s is not in the new policy: "
                                              "the guard would deny its every hypercall"),
                                            od ? od->name : running_domain_uuids[i]));
          continue;
        }
      g_ptr_array_add (running, (gpointer) d);
    }
  /* Group the running domains by tag so the check is over tag pairs,
   * never over pairs of domains. */
  {
    g_autoptr(GHashTable) by_tag = g_hash_table_new (g_str_hash, g_str_equal);

    for (guint i = 0; i < running->len; i++)
      {
        const XnPlanDomain *d = g_ptr_array_index (running, i);

        if (d->tag_name && !g_hash_table_contains (by_tag, d->tag_name))
          g_hash_table_insert (by_tag, d->tag_name, (gpointer) d);
      }
    for (guint i = 0; i < xn_plan_get_n_exclusions (new_plan); i++)
      {
        const XnPlanExclusion *ex = xn_plan_get_exclusion (new_plan, i);
        const XnPlanDomain *a = g_hash_table_lookup (by_tag, ex->tag_a);
        const XnPlanDomain *b = g_hash_table_lookup (by_tag, ex->tag_b);

        if (a && b)
          g_ptr_array_add (self->breaches,
                           g_strdup_printf (_("Running domains %s (%s) and %s (%s) may not run "
                                              "together under conflict %s"),
                                            a->name, ex->tag_a, b->name, ex->tag_b,
                                            ex->conflict_name));
      }
  }

  g_ptr_array_add (self->added, NULL);
  g_ptr_array_add (self->removed, NULL);
  g_ptr_array_add (self->changed, NULL);
  g_ptr_array_add (self->changes, NULL);
  g_ptr_array_add (self->breaches, NULL);
  return self;
}

/**
 * xn_plan_diff_get_n_switches:
 * @self: a diff
 *
 * Returns: the number of switches in either plan
 */
guint
xn_plan_diff_get_n_switches (XnPlanDiff *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->switches->len;
}

/**
 * xn_plan_diff_get_switch:
 * @self: a diff
 * @index: a switch index
 *
 * Returns: (transfer none): the changes on that switch
 */
const XnPlanDiffSwitch *
xn_plan_diff_get_switch (XnPlanDiff *self,
                         guint       index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->switches->len, NULL);
  return g_ptr_array_index (self->switches, index);
}

/**
 * xn_plan_diff_get_added_domains:
 * @self: a diff
 *
 * Returns: (transfer none) (array zero-terminated=1): names of the
 *   domains only the new plan has
 */
const char * const *
xn_plan_diff_get_added_domains (XnPlanDiff *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->added->pdata;
}

/**
 * xn_plan_diff_get_removed_domains:
 * @self: a diff
 *
 * Returns: (transfer none) (array zero-terminated=1): names of the
 *   domains only the old plan has
 */
const char * const *
xn_plan_diff_get_removed_domains (XnPlanDiff *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->removed->pdata;
}

/**
 * xn_plan_diff_get_changed_domains:
 * @self: a diff
 *
 * Returns: (transfer none) (array zero-terminated=1): names of the
 *   domains whose tag, profile or compiled rights change
 */
const char * const *
xn_plan_diff_get_changed_domains (XnPlanDiff *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->changed->pdata;
}

/**
 * xn_plan_diff_get_changes:
 * @self: a diff
 *
 * Returns: (transfer none) (array zero-terminated=1): one sentence per
 *   changed domain saying what changes
 */
const char * const *
xn_plan_diff_get_changes (XnPlanDiff *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->changes->pdata;
}

/**
 * xn_plan_diff_get_breaches:
 * @self: a diff
 *
 * Returns: (transfer none) (array zero-terminated=1): one sentence per
 *   breach the new plan would cause among the running domains
 */
const char * const *
xn_plan_diff_get_breaches (XnPlanDiff *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->breaches->pdata;
}

/**
 * xn_plan_diff_has_breaches:
 * @self: a diff
 *
 * Returns: whether applying the new plan would put running domains in
 *   breach of it
 */
gboolean
xn_plan_diff_has_breaches (XnPlanDiff *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->breaches->len > 1;
}

/**
 * xn_plan_diff_is_empty:
 * @self: a diff
 *
 * Returns: whether the two plans enforce the same thing
 */
gboolean
xn_plan_diff_is_empty (XnPlanDiff *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  for (guint i = 0; i < self->switches->len; i++)
    {
      XnPlanDiffSwitch *sw = g_ptr_array_index (self->switches, i);

      if (sw->added->len || sw->removed->len || sw->groups_changed)
        return FALSE;
    }
  return self->added->len == 1 && self->removed->len == 1 && self->changed->len == 1 &&
         self->breaches->len == 1;
}

static void
append_list (GString            *s,
             const char         *title,
             const char * const *items)
{
  if (items[0] == NULL)
    return;
  g_string_append_printf (s, "%s\n", title);
  for (guint i = 0; items[i]; i++)
    g_string_append_printf (s, "  %s\n", items[i]);
}

/**
 * xn_plan_diff_format:
 * @self: a diff
 *
 * Returns: (transfer full): the "dry run" view of the diff
 */
char *
xn_plan_diff_format (XnPlanDiff *self)
{
  return xn_plan_diff_format_full (self, FALSE);
}

/**
 * xn_plan_diff_format_full:
 * @self: a diff
 * @applied: whether the diff was applied, not only tried
 *
 * Returns: (transfer full): the diff as text, headed by what was done
 */
char *
xn_plan_diff_format_full (XnPlanDiff *self,
                          gboolean    applied)
{
  GString *s;

  g_return_val_if_fail (self != NULL, NULL);
  s = g_string_new (NULL);
  if (applied)
    g_string_append_printf (s, _("Applied on host “%s”: serial %" PRIu64
                                 " → %" PRIu64 "\n"),
                            self->host_name, (uint64_t) self->old_serial, (uint64_t) self->new_serial);
  else
    g_string_append_printf (s, _("Dry run for host “%s”: serial %" PRIu64
                                 " → %" PRIu64 "\n"),
                            self->host_name, (uint64_t) self->old_serial, (uint64_t) self->new_serial);
  if (xn_plan_diff_is_empty (self))
    g_string_append (s, _("No change in what is enforced.\n"));
  append_list (s, _("Breaches among running domains:"), xn_plan_diff_get_breaches (self));
  append_list (s, _("Domains added:"), xn_plan_diff_get_added_domains (self));
  append_list (s, _("Domains removed:"), xn_plan_diff_get_removed_domains (self));
  append_list (s, _("Rights changed:"), xn_plan_diff_get_changes (self));
  for (guint i = 0; i < self->switches->len; i++)
    {
      XnPlanDiffSwitch *sw = g_ptr_array_index (self->switches, i);

      if (sw->added->len == 0 && sw->removed->len == 0 && !sw->groups_changed)
        continue;
      g_string_append_printf (s, _("Switch %s: %u flows added, %u removed%s\n"), sw->name,
                              sw->added->len, sw->removed->len,
                              sw->groups_changed ? _(", flooding groups changed") : "");
      for (guint j = 0; j < sw->removed->len; j++)
        g_string_append_printf (s, "  - %s\n", (char *) g_ptr_array_index (sw->removed, j));
      for (guint j = 0; j < sw->added->len; j++)
        g_string_append_printf (s, "  + %s\n", (char *) g_ptr_array_index (sw->added, j));
    }
  return g_string_free (s, FALSE);
}
