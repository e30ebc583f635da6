/* xn-hostd-policy.c: applying policies
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A pushed policy is checked, compiled, applied everywhere and recorded;
 * at start the last good one is applied again (boot).  The rest of the
 * daemon is in xn-hostd.c.
 */

#define G_LOG_DOMAIN "xn-hostd"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "xn-hostd-private.h"
#include "xn-journal.h"
#include "xn-listener.h"
#include "xn-backend.h"
#include "xn-host1-generated.h"
#include "xn-compile.h"
#include "xn-plan-diff.h"
#include "xn-ovs.h"
#include "xn-sign.h"
#include "xn-store.h"
#include "xenon-model.h"

/* ---- policy apply ---- */

static XnHost *
pick_host (XnHostd   *self,
           XnPolicy  *policy,
           GError   **error)
{
  XnObjectList *hosts = xn_policy_get_hosts (policy);
  const char *name = self->options->host_name;
  XnHost *host = NULL;

  if (name != NULL)
    host = xn_policy_find_host_by_name (policy, name);
  else if (xn_object_list_get_n_items (hosts) == 1 && g_strcmp0 (self->options->backend, "sim") == 0)
    host = xn_object_list_get (hosts, 0);   /* the simulated host is whatever the policy says */
  else
    host = xn_policy_find_host_by_name (policy, g_get_host_name ());
  if (host == NULL)
    g_set_error (error, XN_HOSTD_ERROR, XN_HOSTD_ERROR_POLICY_REFUSED,
                 _("The policy has no host named “%s”"),
                 name ? name : g_get_host_name ());
  return host;
}

static char *
network_mode (XnHostd *self)
{
  if (self->ovs == NULL)
    return g_strdup ("skipped: no Open vSwitch configured");
  return g_strdup_printf ("ovs %s", xn_ovs_get_db (self->ovs));
}

/* The domains the backend runs now (paused ones too), for the plan diff. */
static GStrv
running_uuids (XnHostd *self)
{
  g_autoptr(GPtrArray) doms = xn_backend_list_domains (self->backend);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  for (guint i = 0; i < doms->len; i++)
    {
      XnBackendDomain *bd = g_ptr_array_index (doms, i);

      /* The guard never checks the control domain (Xen gives it a zero
       * handle, so no policy can name it by UUID). */
      if (bd->state != XN_DOMAIN_STATE_STOPPED && bd->domid != 0)
        g_strv_builder_add (b, bd->uuid);
    }
  return g_strv_builder_end (b);
}

static GVariant *
strv_variant (const char * const *v)
{
  return g_variant_new_strv (v, -1);
}

/* The flows of every switch, then the guard blob.  The blob goes last
 * because the hypervisor takes no blob older than one it loaded (its
 * anti-rollback): a push that fails on a switch must be able to put the
 * old plan back, and it can while the old blob is still the newest Xen
 * saw.  @with_network FALSE restores the blob only (xn_ovs_apply()
 * undoes its own switches). */
static gboolean
apply_plan (XnHostd   *self,
            XnPolicy  *policy,
            XnHost    *host,
            XnPlan    *plan,
            gboolean   with_network,
            gboolean  *network_done,
            GError   **error)
{
  g_autoptr(GError) local = NULL;

  if (!xn_backend_set_host (self->backend, policy, host, &local))
    {
      g_set_error (error, XN_HOSTD_ERROR, XN_HOSTD_ERROR_BACKEND,
                   _("Applying the guard blob failed: %s"), local->message);
      return FALSE;
    }
  if (with_network)
    {
      XnPlan *previous = plan == self->plan ? NULL : self->plan;

      if (self->ovs != NULL && !xn_ovs_apply (self->ovs, plan, previous, error))
        return FALSE;
      /* Service domains' switches after Domain-0's: if an agent does not
       * confirm, Domain-0's switches go back with the agents'. */
      if (!_xn_hostd_agents_apply (self, plan, previous, error))
        {
          g_autoptr(GError) restore = NULL;

          if (self->ovs != NULL && previous != NULL && !xn_ovs_apply (self->ovs, previous, NULL, &restore))
            g_critical ("Cannot restore Domain-0's switches: %s", restore->message);
          return FALSE;
        }
      if (network_done != NULL)
        *network_done = TRUE;
    }
  if (!xn_backend_load_blob (self->backend, xn_plan_get_blob (plan), &local))
    {
      g_set_error (error, XN_HOSTD_ERROR, XN_HOSTD_ERROR_BACKEND,
                   _("Applying the guard blob failed: %s"), local->message);
      return FALSE;
    }
  return TRUE;
}

/* Records @document in the policy history with @status; for APPLIED this
 * is the commit point of a push (durable, with its audit row). */
static gboolean
record_policy (XnHostd        *self,
               Actor          *actor,
               XnPolicy       *policy,
               GBytes         *document,
               const char     *signer,
               const char     *fingerprint,
               XnPolicyStatus  status,
               const char     *reason,
               gint64         *out_id,
               GError        **error)
{
  XnPolicyRecord rec = {
    .serial = xn_policy_get_serial (policy),
    .uuid = (char *) xn_object_get_uuid (XN_OBJECT (policy)),
    .name = (char *) xn_object_get_name (XN_OBJECT (policy)),
    .signer_subject = (char *) signer,
    .signer_fingerprint = (char *) fingerprint,
    .document = document,
    .status = status,
    .reason = (char *) reason,
  };

  if (!xn_store_add_policy (self->store, actor ? &actor->actor : NULL, &rec, error))
    return FALSE;
  if (out_id != NULL)
    *out_id = rec.id;
  return TRUE;
}

static void
install_running (XnHostd    *self,
                 XnPolicy   *policy,
                 XnHost     *host,
                 XnPlan     *plan,
                 GBytes     *document,
                 const char *signer,
                 gint64      applied)
{
  g_set_object (&self->policy, policy);
  self->host = host;
  g_clear_pointer (&self->plan, xn_plan_unref);
  self->plan = xn_plan_ref (plan);
  xn_backend_set_plan (self->backend, plan);
  g_clear_pointer (&self->document, g_bytes_unref);
  self->document = g_bytes_ref (document);
  g_free (self->signer);
  self->signer = g_strdup (signer ? signer : "");
  self->applied = applied;
}

/* Verifies and applies @document.  On success *@diff and *@summary say
 * what changed; on failure nothing changed. */
/* Refuses @policy when the lint finds errors; the message names the first
 * few, since a person reads it in the app's push dialog. */
static gboolean
lint_allows (XnPolicy  *policy,
             XnPolicy  *running,
             GError   **error)
{
  g_autoptr(GListModel) issues = xn_lint_run (policy, running);
  g_autoptr(GString) text = NULL;
  guint n_errors = xn_lint_count (issues, XN_LINT_SEVERITY_ERROR);
  guint shown = 0;

  if (n_errors == 0)
    return TRUE;

  text = g_string_new (NULL);
  for (guint i = 0; i < g_list_model_get_n_items (issues) && shown < 3; i++)
    {
      g_autoptr(XnLintIssue) issue = g_list_model_get_item (issues, i);

      if (xn_lint_issue_get_severity (issue) != XN_LINT_SEVERITY_ERROR)
        continue;
      g_string_append_printf (text, "%s%s: %s", shown > 0 ? "; " : "",
                              xn_lint_issue_get_code (issue), xn_lint_issue_get_message (issue));
      shown++;
    }
  g_set_error (error, XN_HOSTD_ERROR, XN_HOSTD_ERROR_POLICY_REFUSED,
               g_dngettext (GETTEXT_PACKAGE, "The policy has %u lint error: %s",
                            "The policy has %u lint errors: %s", n_errors),
               n_errors, text->str);
  return FALSE;
}

gboolean
_xn_hostd_push_policy (XnHostd              *self,
                       Actor                *actor,
                       GBytes               *document,
                       gboolean              dry_run,
                       gboolean              at_boot,
                       const XnPolicyRecord *recorded,
                       char                **diff,
                       GVariant  **summary,
                       gboolean   *audited,
                       GError    **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(XnVerified) verified = NULL;
  g_autoptr(XnPolicy) policy = NULL;
  g_autoptr(XnPlan) plan = NULL;
  g_autoptr(XnPlanDiff) plan_diff = NULL;
  g_auto(GStrv) running = NULL;
  g_autoptr(GPtrArray) breaches = NULL;
  g_autofree char *signer = NULL;
  g_autofree char *fingerprint = NULL;
  XnHost *host;
  guint64 old_serial = self->policy ? xn_policy_get_serial (self->policy) : 0;
  gint64 now = g_get_real_time ();
  gint64 new_id = 0;
  gboolean network_done = FALSE;
  GVariantBuilder b;

  /* At boot, a stored policy whose signature no longer verifies (its
   * signer's certificate expired since, the trust directory changed) is
   * applied by the verification recorded when it was pushed: it stays
   * the policy in force until a newer one replaces it.  The caller has
   * checked the document is the one recorded. */
  if (recorded != NULL)
    {
      policy = xn_policy_load_bytes (document, "stored policy", &local);
      if (policy == NULL)
        {
          g_set_error (error, XN_HOSTD_ERROR, XN_HOSTD_ERROR_POLICY_REFUSED,
                       _("The policy is invalid: %s"), local->message);
          return FALSE;
        }
      signer = g_strdup (recorded->signer_subject);
      fingerprint = g_strdup (recorded->signer_fingerprint);
    }
  else
    {
      /* Read the trust directory at each push: an administrator adds or
       * withdraws a certificate without restarting the daemon. */
      g_autoptr(GError) trust_error = NULL;
      XnTrust *fresh = xn_trust_new_from_dir (self->options->trust_dir, &trust_error);

      g_clear_pointer (&self->trust, xn_trust_unref);
      self->trust = fresh;
      if (self->trust == NULL)
        {
          g_set_error (error, XN_HOSTD_ERROR, XN_HOSTD_ERROR_POLICY_REFUSED,
                       _("No trusted certificate, so no policy can be verified: %s"),
                       trust_error->message);
          return FALSE;
        }
      verified = xn_trust_verify_bytes (self->trust, document, &local);
      if (verified == NULL)
        {
          g_set_error (error, XN_HOSTD_ERROR, XN_HOSTD_ERROR_POLICY_REFUSED,
                       _("Signature check failed: %s"), local->message);
          return FALSE;
        }
      signer = g_strdup (xn_verified_get_subject (verified));
      fingerprint = g_strdup (xn_verified_get_fingerprint (verified));
      policy = xn_policy_load_doc (xn_verified_get_doc (verified), "pushed policy", &local);
      if (policy == NULL)
        {
          g_set_error (error, XN_HOSTD_ERROR, XN_HOSTD_ERROR_POLICY_REFUSED,
                       _("The policy is invalid: %s"), local->message);
          return FALSE;
        }
    }
  /* Anti-rollback against the store, not only against the policy in
   * memory: after a restart where the stored policy no longer verified
   * (an expired signer, an edited file), what runs may be older than
   * what was once applied, and must not lower the floor. */
  if (!at_boot)
    {
      guint64 floor = 0;

      if (!xn_store_get_highest_serial (self->store, &floor, &local))
        {
          g_warning ("Cannot read the highest applied serial: %s", local->message);
          g_set_error_literal (error, XN_HOSTD_ERROR, XN_HOSTD_ERROR_FAILED,
                               _("The daemon cannot read its store; its log says why"));
          return FALSE;
        }
      if (xn_policy_get_serial (policy) <= floor)
        {
          g_set_error (error, XN_HOSTD_ERROR, XN_HOSTD_ERROR_POLICY_REFUSED,
                       _("Serial %" PRIu64 " is not above serial %" PRIu64
                         ", the highest ever applied on this host: a rollback is refused"),
                       (uint64_t) xn_policy_get_serial (policy), (uint64_t) floor);
          return FALSE;
        }
    }
  /* The host refuses what the editor would: any lint error, the
   * live-update rules included (no tag or domain may disappear). */
  if (!lint_allows (policy, at_boot ? NULL : self->policy, error))
    return FALSE;
  host = pick_host (self, policy, error);
  if (host == NULL)
    return FALSE;
  plan = xn_compile (policy, xn_object_get_name (XN_OBJECT (host)), &local);
  if (plan == NULL)
    {
      g_set_error (error, XN_HOSTD_ERROR, XN_HOSTD_ERROR_POLICY_REFUSED,
                   _("The policy does not compile: %s"), local->message);
      return FALSE;
    }

  running = running_uuids (self);
  plan_diff = xn_plan_diff (self->plan, plan, (const char * const *) running);
  breaches = g_ptr_array_new_with_free_func (g_free);
  for (const char * const *br = xn_plan_diff_get_breaches (plan_diff); *br; br++)
    g_ptr_array_add (breaches, g_strdup (*br));
  if (!at_boot)
    _xn_hostd_add_new_conflict_breaches (self, policy, (const char * const *) running, breaches);
  if (diff != NULL)
    {
      GString *text = g_string_new (NULL);
      g_autofree char *plan_text = xn_plan_diff_format_full (plan_diff, !dry_run);
      guint first = g_strv_length ((char **) xn_plan_diff_get_breaches (plan_diff));

      g_string_append (text, plan_text);
      /* The plan diff lists its own breaches; the daemon's follow. */
      if (breaches->len > first)
        g_string_append_printf (text, "%s\n", _("Conflicts added among running domains:"));
      for (guint i = first; i < breaches->len; i++)
        g_string_append_printf (text, "  %s\n", (char *) g_ptr_array_index (breaches, i));
      *diff = g_string_free (text, FALSE);
    }
  g_ptr_array_add (breaches, NULL);
  {
    guint added = 0, removed = 0;

    for (guint i = 0; i < xn_plan_diff_get_n_switches (plan_diff); i++)
      {
        const XnPlanDiffSwitch *sw = xn_plan_diff_get_switch (plan_diff, i);

        added += sw->added->len;
        removed += sw->removed->len;
      }
    g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add (&b, "{sv}", "serial", g_variant_new_uint64 (xn_policy_get_serial (policy)));
    g_variant_builder_add (&b, "{sv}", "previous-serial", g_variant_new_uint64 (old_serial));
    g_variant_builder_add (&b, "{sv}", "applied", g_variant_new_boolean (!dry_run));
    g_variant_builder_add (&b, "{sv}", "domains", g_variant_new_uint32 (xn_plan_get_n_domains (plan)));
    g_variant_builder_add (&b, "{sv}", "flows", g_variant_new_uint32 (xn_plan_get_n_flows (plan)));
    g_variant_builder_add (&b, "{sv}", "switches", g_variant_new_uint32 (xn_plan_get_n_switches (plan)));
    g_variant_builder_add (&b, "{sv}", "flows-added", g_variant_new_uint32 (added));
    g_variant_builder_add (&b, "{sv}", "flows-removed", g_variant_new_uint32 (removed));
    g_variant_builder_add (&b, "{sv}", "domains-added", strv_variant (xn_plan_diff_get_added_domains (plan_diff)));
    g_variant_builder_add (&b, "{sv}", "domains-removed", strv_variant (xn_plan_diff_get_removed_domains (plan_diff)));
    g_variant_builder_add (&b, "{sv}", "domains-changed", strv_variant (xn_plan_diff_get_changed_domains (plan_diff)));
    g_variant_builder_add (&b, "{sv}", "breaches", strv_variant ((const char * const *) breaches->pdata));
    g_variant_builder_add (&b, "{sv}", "running", strv_variant ((const char * const *) running));
    g_variant_builder_add (&b, "{sv}", "network", g_variant_new_take_string (network_mode (self)));
  }
  if (summary != NULL)
    *summary = g_variant_ref_sink (g_variant_builder_end (&b));
  else
    g_variant_builder_clear (&b);
  if (dry_run)
    return TRUE;

  /* Lifecycle: a push that would leave running domains in breach of the
   * new plan is refused, naming them; stopping domains on the operator's
   * behalf is a lifecycle decision the push must not take silently (the
   * secadmin may not even hold the sysadmin role).  At boot nothing runs
   * yet that the old plan did not allow. */
  if (!at_boot && breaches->len > 1)
    {
      g_autofree char *list = g_strjoinv ("; ", (char **) breaches->pdata);

      g_set_error (error, XN_HOSTD_ERROR, XN_HOSTD_ERROR_POLICY_REFUSED,
                   _("The policy would put running domains in breach (stop them first): %s"), list);
      return FALSE;
    }

  if (!apply_plan (self, policy, host, plan, TRUE, &network_done, &local)
      || (!at_boot && !record_policy (self, actor, policy, document, signer, fingerprint,
                                      XN_POLICY_STATUS_APPLIED, NULL, &new_id, &local)))
    {
      g_autoptr(GError) restore_error = NULL;

      /* Put the previous plan back everywhere: the blob, and the switches
       * if they all took the new plan (else they restored themselves). */
      if (self->policy != NULL && self->plan != NULL
          && !apply_plan (self, self->policy, self->host, self->plan, network_done, NULL,
                          &restore_error))
        {
          /* Neither policy is known to be in force: say so in the
           * record, the audit row and the reply, not only in the log. */
          g_autofree char *both = g_strdup_printf (
            _("%s; and the previous policy, serial %" PRIu64 ", could not be restored: %s. "
              "What the host enforces now is uncertain: push a policy again"),
            local->message, (uint64_t) old_serial, restore_error->message);

          g_critical ("%s", both);
          g_free (local->message);
          local->message = g_steal_pointer (&both);
        }
      if (!at_boot
          && record_policy (self, actor, policy, document, signer, fingerprint,
                            XN_POLICY_STATUS_ROLLED_BACK, local->message, NULL, NULL)
          && audited != NULL)
        *audited = TRUE;
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (!at_boot)
    {
      self->policy_id = new_id;
      if (audited != NULL)
        *audited = TRUE;
    }
  install_running (self, policy, host, plan, document, signer, now);
  return TRUE;
}

/* The stored policy @last is in force again; @unverified_why: why its
 * signature does not verify now (it was applied by the verification
 * recorded at its push), or NULL. */
static void
booted (XnHostd              *self,
        const XnPolicyRecord *last,
        const char           *unverified_why)
{
  g_autofree char *detail = NULL;

  if (unverified_why == NULL)
    detail = g_strdup_printf ("re-applied the last good policy, serial %" G_GUINT64_FORMAT, last->serial);
  else
    {
      detail = g_strdup_printf ("re-applied the last good policy, serial %" G_GUINT64_FORMAT
                                ", by its verification recorded in audit row %" G_GUINT64_FORMAT
                                " (signer %s); it does not verify now: %s",
                                last->serial, last->audit_seq,
                                last->signer_subject ? last->signer_subject : "-", unverified_why);
      g_warning ("%s", detail);
    }
  self->applied = last->time;
  self->policy_id = last->id;
  _xn_hostd_audit (self, G_MAXUINT, "Boot", "policy", "ok", detail);
}

gboolean
_xn_hostd_boot_policy (XnHostd  *self,
                       GError  **error)
{
  g_autoptr(XnPolicyRecord) last = NULL;
  g_autoptr(GError) local = NULL;
  char *contents = NULL;
  gsize len;

  last = xn_store_get_last_good_policy (self->store, &local);
  if (last == NULL && local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (last != NULL)
    {
      /* Verified again: the trust directory may have changed since. */
      if (_xn_hostd_push_policy (self, NULL, last->document, FALSE, TRUE, NULL, NULL, NULL, NULL, &local))
        {
          g_message ("Re-applied policy serial %" G_GUINT64_FORMAT, last->serial);
          booted (self, last, NULL);
          return TRUE;
        }
      /* The signature no longer verifies now.  If the document is the
       * one recorded when it was verified and applied, it stays in force
       * by that verification: an expired certificate must not unload the
       * policy.  If it is not, nothing older takes its place either. */
      {
        g_autoptr(GError) why = g_steal_pointer (&local);
        g_autoptr(GError) digest_error = NULL;

        if (xn_store_check_policy_digest (self->store, last, &digest_error)
            && _xn_hostd_push_policy (self, NULL, last->document, FALSE, TRUE, last, NULL, NULL, NULL, &local))
          {
            booted (self, last, why->message);
            return TRUE;
          }
        {
          g_autofree char *detail = g_strdup_printf (
            "the stored policy, serial %" G_GUINT64_FORMAT ", cannot be re-applied (%s; %s): "
            "no policy is in force and none older is loaded; push one with a serial above %"
            G_GUINT64_FORMAT, last->serial, why->message,
            digest_error ? digest_error->message : local ? local->message : "",
            last->serial);

          g_critical ("%s", detail);
          _xn_hostd_audit (self, G_MAXUINT, "Boot", "policy", "failed", detail);
          return TRUE;
        }
      }
    }

  if (self->options->sim_policy != NULL && g_strcmp0 (self->options->backend, "sim") == 0)
    {
      g_autoptr(XnPolicy) policy = NULL;
      g_autoptr(XnPlan) plan = NULL;
      g_autoptr(GBytes) doc = NULL;
      XnHost *host;

      /* The simulated host is built from this file; it need not be signed,
       * because it describes the simulation rather than authorising it. */
      if (!g_file_get_contents (self->options->sim_policy, &contents, &len, error))
        return FALSE;
      doc = g_bytes_new_take (contents, len);
      policy = xn_policy_load_bytes (doc, self->options->sim_policy, error);
      if (policy == NULL)
        return FALSE;
      if ((host = pick_host (self, policy, error)) == NULL
          || (plan = xn_compile (policy, xn_object_get_name (XN_OBJECT (host)), error)) == NULL
          || !apply_plan (self, policy, host, plan, TRUE, NULL, error))
        return FALSE;
      install_running (self, policy, host, plan, doc, "", g_get_real_time ());
      g_message ("Simulated host “%s” from %s (serial %" G_GUINT64_FORMAT ")",
                 xn_object_get_name (XN_OBJECT (host)), self->options->sim_policy,
                 xn_policy_get_serial (policy));
    }
  return TRUE;
}
