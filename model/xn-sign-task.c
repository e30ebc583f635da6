/* xn-sign-task.c: signing a policy off the GTK thread
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Loading the key and running xmlsec over a large policy takes a while,
 * so File → Sign… and Apply to Hosts… sign in a worker thread through
 * this one task.
 */

#include "config.h"

#include "xenon-model.h"
#include "xn-sign-task.h"

typedef struct
{
  char   *key_path;
  char   *cert_path;
  GBytes *document;
  GFile  *out;
  char   *subject;
} SignJob;

static void
sign_job_free (SignJob *job)
{
  g_free (job->key_path);
  g_free (job->cert_path);
  g_clear_pointer (&job->document, g_bytes_unref);
  g_clear_object (&job->out);
  g_free (job->subject);
  g_free (job);
}

static void
sign_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SignJob *job = task_data;
  g_autoptr(XnSigner) signer = NULL;
  g_autoptr(GBytes) signed_bytes = NULL;
  GError *error = NULL;

  if (!xn_sign_init (&error)
      || (signer = xn_signer_new_from_files (job->key_path, job->cert_path, &error)) == NULL
      || (signed_bytes = xn_sign_bytes (signer, job->document, &error)) == NULL
      || (job->out != NULL
          && !g_file_replace_contents (job->out, g_bytes_get_data (signed_bytes, NULL),
                                       g_bytes_get_size (signed_bytes), NULL, FALSE,
                                       G_FILE_CREATE_NONE, NULL, cancellable, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  job->subject = g_strdup (xn_signer_get_subject (signer));
  g_task_return_pointer (task, g_steal_pointer (&signed_bytes), (GDestroyNotify) g_bytes_unref);
}

/**
 * xn_sign_task_run_async:
 * @document: the policy's XML
 * @out: (nullable): where to write the signed document too
 *
 * Signs @document with a PEM key and certificate in a worker thread.
 */
void
xn_sign_task_run_async (GBytes              *document,
                        const char          *key_path,
                        const char          *cert_path,
                        GFile               *out,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  SignJob *job = g_new0 (SignJob, 1);

  job->key_path = g_strdup (key_path);
  job->cert_path = g_strdup (cert_path);
  job->document = g_bytes_ref (document);
  job->out = out != NULL ? g_object_ref (out) : NULL;
  g_task_set_source_tag (task, xn_sign_task_run_async);
  g_task_set_task_data (task, job, (GDestroyNotify) sign_job_free);
  g_task_run_in_thread (task, sign_thread);
}

/**
 * xn_sign_task_finish:
 * @subject: (out) (optional) (transfer full): the signer's subject
 *
 * Returns: (transfer full): the signed document, or %NULL with @error
 */
GBytes *
xn_sign_task_finish (GAsyncResult  *result,
                     char         **subject,
                     GError       **error)
{
  GBytes *bytes = g_task_propagate_pointer (G_TASK (result), error);

  if (subject != NULL)
    *subject = bytes != NULL ? g_strdup (((SignJob *) g_task_get_task_data (G_TASK (result)))->subject) : NULL;
  return bytes;
}
