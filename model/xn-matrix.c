/* xn-matrix.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * The tag relation: from the policy alone, for every ordered pair of
 * tags and of domains, whether their tags let them communicate (the
 * guard's rule for grants and event channels) and whether they may run
 * together, with the rule that decides.  It is what the editor's
 * connectivity view shows and the lifecycle enforces.
 *
 * It is not what the switches do: the network also depends on shared
 * switches, whitelists, disabled and unaddressed VIFs.  That is the
 * network matrix (xn-net-matrix.c), which the compiler's plan answers and
 * the real-OVS tests trace the installed tables against.
 *
 * Only the tag matrix is stored (tags are few); domain pairs are answered
 * from their tags, so 10,000 domains cost no 10⁸ table.
 */

#define G_LOG_DOMAIN "xn-matrix"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xenon-model.h"
#include "xn-matrix.h"

typedef struct
{
  char *name;
  char *host;
  int   tag;   /* -1: no tag */
} MatrixDomain;

struct _XnMatrix
{
  gatomicrefcount  ref_count;
  guint            n_tags;
  GPtrArray       *tag_names;
  GArray          *tag_ids;     /* guint, the tags' own numbers */
  GPtrArray       *conflicts;   /* char *, "name (id N)" */
  GArray          *conflict_exclusive; /* gboolean */
  int             *comm_rule;   /* n×n: index of the first conflict naming both, or -1 */
  int             *run_rule;    /* n×n: first exclusive conflict naming both, or -1 */
  GArray          *domains;     /* MatrixDomain */
};

G_DEFINE_BOXED_TYPE (XnMatrix, xn_matrix, xn_matrix_ref, xn_matrix_unref)

static void
matrix_domain_clear (gpointer data)
{
  MatrixDomain *d = data;

  g_free (d->name);
  g_free (d->host);
}

static int
domain_tag (XnDomain   *domain,
            GHashTable *tag_index)
{
  XnEnclave *enclave = xn_domain_get_enclave (domain);
  XnSecLabel *label = xn_domain_get_sec_label (domain);
  const char *uuid = NULL;
  gpointer v;

  if (label)
    uuid = xn_sec_label_get_tag_uuid (label);
  if (enclave && xn_enclave_get_tag_uuid (enclave))
    uuid = xn_enclave_get_tag_uuid (enclave);
  if (uuid == NULL || (v = g_hash_table_lookup (tag_index, uuid)) == NULL)
    return -1;
  return (int) GPOINTER_TO_UINT (v) - 1;
}

/**
 * xn_matrix_new:
 * @policy: a policy
 *
 * Computes the connectivity matrix of @policy.
 *
 * Returns: (transfer full): the matrix
 */
XnMatrix *
xn_matrix_new (XnPolicy *policy)
{
  XnMatrix *self;
  XnObjectList *tags, *conflicts, *hosts;
  g_autoptr(GHashTable) tag_index = g_hash_table_new (g_str_hash, g_str_equal);
  guint n;

  g_return_val_if_fail (XN_IS_POLICY (policy), NULL);

  self = g_new0 (XnMatrix, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->tag_names = g_ptr_array_new_with_free_func (g_free);
  self->tag_ids = g_array_new (FALSE, FALSE, sizeof (guint));
  self->conflicts = g_ptr_array_new_with_free_func (g_free);
  self->conflict_exclusive = g_array_new (FALSE, FALSE, sizeof (gboolean));
  self->domains = g_array_new (FALSE, TRUE, sizeof (MatrixDomain));
  g_array_set_clear_func (self->domains, matrix_domain_clear);

  tags = xn_policy_get_tags (policy);
  n = self->n_tags = xn_object_list_get_n_items (tags);
  for (guint i = 0; i < n; i++)
    {
      XnTag *tag = xn_object_list_get (tags, i);
      guint id = xn_tag_get_id (tag);

      g_ptr_array_add (self->tag_names, g_strdup (xn_object_get_name (XN_OBJECT (tag))));
      g_array_append_val (self->tag_ids, id);
      g_hash_table_insert (tag_index, (gpointer) xn_object_get_uuid (XN_OBJECT (tag)),
                           GUINT_TO_POINTER (i + 1));
    }
  self->comm_rule = g_new (int, (gsize) MAX (n, 1) * MAX (n, 1));
  self->run_rule = g_new (int, (gsize) MAX (n, 1) * MAX (n, 1));
  for (gsize i = 0; i < (gsize) n * n; i++)
    self->comm_rule[i] = self->run_rule[i] = -1;

  conflicts = xn_policy_get_conflicts (policy);
  for (guint c = 0; c < xn_object_list_get_n_items (conflicts); c++)
    {
      XnConflict *conflict = xn_object_list_get (conflicts, c);
      XnObjectList *refs = xn_conflict_get_tag_refs (conflict);
      guint m = xn_object_list_get_n_items (refs);
      gboolean exclusive = !xn_conflict_get_allow_simultaneous (conflict);

      g_ptr_array_add (self->conflicts,
                       g_strdup_printf ("%s (id %u)", xn_object_get_name (XN_OBJECT (conflict)),
                                        xn_conflict_get_id (conflict)));
      g_array_append_val (self->conflict_exclusive, exclusive);
      for (guint j = 0; j < m; j++)
        for (guint k = 0; k < m; k++)
          {
            const char *ua = xn_tag_ref_get_tag_uuid (xn_object_list_get (refs, j));
            const char *ub = xn_tag_ref_get_tag_uuid (xn_object_list_get (refs, k));
            gpointer va = ua ? g_hash_table_lookup (tag_index, ua) : NULL;
            gpointer vb = ub ? g_hash_table_lookup (tag_index, ub) : NULL;
            guint a, b;

            if (va == NULL || vb == NULL || va == vb)
              continue;
            a = GPOINTER_TO_UINT (va) - 1;
            b = GPOINTER_TO_UINT (vb) - 1;
            if (self->comm_rule[a * n + b] < 0)
              self->comm_rule[a * n + b] = (int) c;
            if (exclusive && self->run_rule[a * n + b] < 0)
              self->run_rule[a * n + b] = (int) c;
          }
    }

  hosts = xn_policy_get_hosts (policy);
  for (guint h = 0; h < xn_object_list_get_n_items (hosts); h++)
    {
      XnHost *host = xn_object_list_get (hosts, h);
      g_autoptr(GPtrArray) domains = xn_host_dup_domains (host);

      for (guint i = 0; i < domains->len; i++)
        {
          MatrixDomain md;

          md.name = g_strdup (xn_object_get_name (g_ptr_array_index (domains, i)));
          md.host = g_strdup (xn_object_get_name (XN_OBJECT (host)));
          md.tag = domain_tag (g_ptr_array_index (domains, i), tag_index);
          g_array_append_val (self->domains, md);
        }
    }
  return self;
}

/**
 * xn_matrix_ref:
 * @self: a matrix
 *
 * Returns: (transfer full): @self
 */
XnMatrix *
xn_matrix_ref (XnMatrix *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * xn_matrix_unref:
 * @self: (transfer full): a matrix
 */
void
xn_matrix_unref (XnMatrix *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_ptr_array_unref (self->tag_names);
  g_array_unref (self->tag_ids);
  g_ptr_array_unref (self->conflicts);
  g_array_unref (self->conflict_exclusive);
  g_array_unref (self->domains);
  g_free (self->comm_rule);
  g_free (self->run_rule);
  g_free (self);
}

/**
 * xn_matrix_get_n_tags:
 * @self: a matrix
 *
 * Returns: the number of tags (indices in document order)
 */
guint
xn_matrix_get_n_tags (XnMatrix *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_tags;
}

/**
 * xn_matrix_get_tag_name:
 * @self: a matrix
 * @tag: a tag index
 *
 * Returns: (transfer none): the tag's name
 */
const char *
xn_matrix_get_tag_name (XnMatrix *self,
                        guint     tag)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (tag < self->n_tags, NULL);
  return g_ptr_array_index (self->tag_names, tag);
}

/**
 * xn_matrix_find_tag:
 * @self: a matrix
 * @name: a tag name
 *
 * Returns: the tag's index, or -1
 */
int
xn_matrix_find_tag (XnMatrix   *self,
                    const char *name)
{
  g_return_val_if_fail (self != NULL, -1);
  for (guint i = 0; i < self->n_tags; i++)
    if (g_strcmp0 (g_ptr_array_index (self->tag_names, i), name) == 0)
      return (int) i;
  return -1;
}

/**
 * xn_matrix_tags_may_communicate:
 * @self: a matrix
 * @a: a tag index
 * @b: a tag index
 *
 * Returns: whether domains tagged @a may talk to domains tagged @b
 */
gboolean
xn_matrix_tags_may_communicate (XnMatrix *self,
                                guint     a,
                                guint     b)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (a < self->n_tags && b < self->n_tags, FALSE);
  return self->comm_rule[a * self->n_tags + b] < 0;
}

/**
 * xn_matrix_tags_may_run_together:
 * @self: a matrix
 * @a: a tag index
 * @b: a tag index
 *
 * Returns: whether domains tagged @a and @b may run at the same time
 */
gboolean
xn_matrix_tags_may_run_together (XnMatrix *self,
                                 guint     a,
                                 guint     b)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (a < self->n_tags && b < self->n_tags, FALSE);
  return self->run_rule[a * self->n_tags + b] < 0;
}

/**
 * xn_matrix_dup_tag_reason:
 * @self: a matrix
 * @a: a tag index
 * @b: a tag index
 *
 * Returns: (transfer full): which rule decides the pair, e.g.
 *   "conflict tag_separation (id 2) names both tags"
 */
char *
xn_matrix_dup_tag_reason (XnMatrix *self,
                          guint     a,
                          guint     b)
{
  int comm, run;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (a < self->n_tags && b < self->n_tags, NULL);
  if (a == b)
    return g_strdup (_("same tag"));
  comm = self->comm_rule[a * self->n_tags + b];
  run = self->run_rule[a * self->n_tags + b];
  if (comm < 0)
    return g_strdup (_("no conflict names both"));
  if (run >= 0)
    return g_strdup_printf (_("conflict %s names both tags and forbids running together"),
                            (char *) g_ptr_array_index (self->conflicts, run));
  return g_strdup_printf (_("conflict %s names both tags"),
                          (char *) g_ptr_array_index (self->conflicts, comm));
}

/**
 * xn_matrix_get_n_domains:
 * @self: a matrix
 *
 * Returns: the number of domains over all hosts
 */
guint
xn_matrix_get_n_domains (XnMatrix *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->domains->len;
}

/**
 * xn_matrix_get_domain_name:
 * @self: a matrix
 * @domain: a domain index
 *
 * Returns: (transfer none): the domain's name
 */
const char *
xn_matrix_get_domain_name (XnMatrix *self,
                           guint     domain)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (domain < self->domains->len, NULL);
  return g_array_index (self->domains, MatrixDomain, domain).name;
}

/**
 * xn_matrix_get_domain_host:
 * @self: a matrix
 * @domain: a domain index
 *
 * Returns: (transfer none): the name of the domain's host
 */
const char *
xn_matrix_get_domain_host (XnMatrix *self,
                           guint     domain)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (domain < self->domains->len, NULL);
  return g_array_index (self->domains, MatrixDomain, domain).host;
}

/**
 * xn_matrix_get_domain_tag:
 * @self: a matrix
 * @domain: a domain index
 *
 * Returns: the domain's tag index, or -1 when it carries none
 */
int
xn_matrix_get_domain_tag (XnMatrix *self,
                          guint     domain)
{
  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (domain < self->domains->len, -1);
  return g_array_index (self->domains, MatrixDomain, domain).tag;
}

/**
 * xn_matrix_find_domain:
 * @self: a matrix
 * @host_name: a host name
 * @domain_name: a domain name on that host
 *
 * Returns: the domain's index, or -1
 */
int
xn_matrix_find_domain (XnMatrix   *self,
                       const char *host_name,
                       const char *domain_name)
{
  g_return_val_if_fail (self != NULL, -1);
  for (guint i = 0; i < self->domains->len; i++)
    {
      MatrixDomain *d = &g_array_index (self->domains, MatrixDomain, i);

      if (g_strcmp0 (d->host, host_name) == 0 && g_strcmp0 (d->name, domain_name) == 0)
        return (int) i;
    }
  return -1;
}

/**
 * xn_matrix_domains_may_communicate:
 * @self: a matrix
 * @a: a domain index
 * @b: a domain index
 *
 * By tags only: a domain without a tag (Domain-0) conflicts with
 * nobody.  Whether their packets pass a switch is
 * xn_net_matrix_domains_may_talk()'s answer.
 *
 * Returns: whether the two domains' tags let them communicate
 */
gboolean
xn_matrix_domains_may_communicate (XnMatrix *self,
                                   guint     a,
                                   guint     b)
{
  int ta, tb;

  g_return_val_if_fail (self != NULL, FALSE);
  ta = xn_matrix_get_domain_tag (self, a);
  tb = xn_matrix_get_domain_tag (self, b);
  if (ta < 0 || tb < 0)
    return TRUE;
  return xn_matrix_tags_may_communicate (self, ta, tb);
}

/**
 * xn_matrix_domains_may_run_together:
 * @self: a matrix
 * @a: a domain index
 * @b: a domain index
 *
 * Domains on different hosts never share one, so they may.
 *
 * Returns: whether the two domains may run at the same time
 */
gboolean
xn_matrix_domains_may_run_together (XnMatrix *self,
                                    guint     a,
                                    guint     b)
{
  int ta, tb;

  g_return_val_if_fail (self != NULL, FALSE);
  ta = xn_matrix_get_domain_tag (self, a);
  tb = xn_matrix_get_domain_tag (self, b);
  if (ta < 0 || tb < 0 || g_strcmp0 (xn_matrix_get_domain_host (self, a),
                                     xn_matrix_get_domain_host (self, b)) != 0)
    return TRUE;
  return xn_matrix_tags_may_run_together (self, ta, tb);
}

/**
 * xn_matrix_dup_domain_reason:
 * @self: a matrix
 * @a: a domain index
 * @b: a domain index
 *
 * Returns: (transfer full): which rule decides the pair
 */
char *
xn_matrix_dup_domain_reason (XnMatrix *self,
                             guint     a,
                             guint     b)
{
  int ta, tb;

  g_return_val_if_fail (self != NULL, NULL);
  if (a == b)
    return g_strdup (_("same domain"));
  ta = xn_matrix_get_domain_tag (self, a);
  tb = xn_matrix_get_domain_tag (self, b);
  if (ta < 0)
    return g_strdup_printf (_("%s carries no tag"), xn_matrix_get_domain_name (self, a));
  if (tb < 0)
    return g_strdup_printf (_("%s carries no tag"), xn_matrix_get_domain_name (self, b));
  return xn_matrix_dup_tag_reason (self, ta, tb);
}

static const char *
cell (gboolean same,
      gboolean comm,
      gboolean run)
{
  if (same)
    return "=";
  if (comm)
    return "ok";
  return run ? "x" : "X";
}

/**
 * xn_matrix_format:
 * @self: a matrix
 *
 * The matrix as a readable table: tags, then the domains of each host
 * (up to 40 per host; larger hosts are summarised by tag).
 *
 * Returns: (transfer full): the text
 */
char *
xn_matrix_format (XnMatrix *self)
{
  GString *s;
  guint n;

  g_return_val_if_fail (self != NULL, NULL);
  n = self->n_tags;
  s = g_string_new (NULL);
  g_string_append (s, _("Legend: ok = may communicate and run together; x = may not communicate; "
                        "X = may neither communicate nor run together; = same\n\n"));
  g_string_append (s, _("Tags:\n"));
  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "  %3u  %s (id %u)\n", i + 1,
                            (char *) g_ptr_array_index (self->tag_names, i),
                            g_array_index (self->tag_ids, guint, i));
  g_string_append (s, "\n     ");
  for (guint j = 0; j < n; j++)
    g_string_append_printf (s, "%4u", j + 1);
  g_string_append_c (s, '\n');
  for (guint i = 0; i < n; i++)
    {
      g_string_append_printf (s, "  %3u", i + 1);
      for (guint j = 0; j < n; j++)
        g_string_append_printf (s, "%4s", cell (i == j, xn_matrix_tags_may_communicate (self, i, j),
                                                xn_matrix_tags_may_run_together (self, i, j)));
      g_string_append_c (s, '\n');
    }
  g_string_append (s, _("\nTag pairs and the rule that decides:\n"));
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      {
        g_autofree char *why = xn_matrix_dup_tag_reason (self, i, j);

        g_string_append_printf (s, "  %s ↔ %s: %s, %s (%s)\n",
                                (char *) g_ptr_array_index (self->tag_names, i),
                                (char *) g_ptr_array_index (self->tag_names, j),
                                xn_matrix_tags_may_communicate (self, i, j) ? _("may communicate") : _("may not communicate"),
                                xn_matrix_tags_may_run_together (self, i, j) ? _("may run together") : _("may not run together"),
                                why);
      }

  for (guint i = 0; i < self->domains->len;)
    {
      const char *host = g_array_index (self->domains, MatrixDomain, i).host;
      guint end = i;

      while (end < self->domains->len &&
             g_strcmp0 (g_array_index (self->domains, MatrixDomain, end).host, host) == 0)
        end++;
      g_string_append_printf (s, _("\nHost %s: %u domains\n"), host, end - i);
      if (end - i > 40)
        g_string_append (s, _("  (too many domains for a table: read the tag matrix)\n"));
      else
        {
          for (guint a = i; a < end; a++)
            {
              int t = g_array_index (self->domains, MatrixDomain, a).tag;

              g_string_append_printf (s, "  %3u  %-24s %s\n", a - i + 1,
                                      g_array_index (self->domains, MatrixDomain, a).name,
                                      t < 0 ? _("(no tag)") : (char *) g_ptr_array_index (self->tag_names, t));
            }
          g_string_append (s, "\n     ");
          for (guint b = i; b < end; b++)
            g_string_append_printf (s, "%4u", b - i + 1);
          g_string_append_c (s, '\n');
          for (guint a = i; a < end; a++)
            {
              g_string_append_printf (s, "  %3u", a - i + 1);
              for (guint b = i; b < end; b++)
                g_string_append_printf (s, "%4s", cell (a == b, xn_matrix_domains_may_communicate (self, a, b),
                                                        xn_matrix_domains_may_run_together (self, a, b)));
              g_string_append_c (s, '\n');
            }
        }
      i = end;
    }
  return g_string_free (s, FALSE);
}
