/* xn-violation-log.c: a host's violations, read as the daemon adds them
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The client end of the violations log: the cursor (the last seq read),
 * the pages after it, the daemon's ViolationsAdded signal, the two acts
 * on the log (mark viewed, clear), and the rows themselves: one
 * #XnViolationModel per host, filled as pages arrive, trimmed when a
 * clear is done, emptied when a new connection reads the log again.
 * Every view of the host binds to those rows through a filter model of
 * its own (xn-violation-model.c), so two views hold one copy.
 *
 * A log can hold a million rows, and only while a view shows the host
 * should they be paid for: views share the host's log through
 * xn_violation_log_dup_for_host(), and it goes (rows and all) with the
 * last of them, rather than every connected host reading its log.
 *
 * A violation storm signals many times a second; pages are read at most
 * every SIGNAL_DELAY_MS, one request at a time.  Each row carries its
 * domain's tag, which only GetDomains knows: the tags come from the host
 * model, and a connection's first read waits for its first domains.
 */

#include "config.h"

#include "xn-host-list.h"
#include "xn-host-model.h"
#include "xn-host-model-private.h"
#include "xn-violation-log.h"
#include "xn-violation-model.h"

#define PAGE            2000
#define SIGNAL_DELAY_MS 250

struct _XnViolationLog
{
  GObject       parent_instance;

  /* Owned references */
  XnRemoteHost *host;
  gulong        state_id;
  gulong        domains_id;
  XnHost1      *proxy;
  gulong        added_id;
  GCancellable *cancel;
  GHashTable   *tags;        /* domain uuid → tag name */
  XnViolationModel *rows;

  guint64       last_seq;
  guint         delay_id;
  guint         fetching : 1;
  guint         fetch_again : 1;
  guint         awaiting_domains : 1;
};

G_DEFINE_FINAL_TYPE (XnViolationLog, xn_violation_log, G_TYPE_OBJECT)

enum { PROP_0, PROP_CONNECTED, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { ROWS_ADDED, RESET, FAILED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
violations_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(XnViolationLog) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) rows = NULL;
  guint64 last = 0;
  gboolean more = FALSE;

  if (!xn_host1_call_get_violations_finish (XN_HOST1 (source), &rows, &last, &more, result, &error))
    {
      /* Cancelled: the connection changed and its state went with it. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->fetching = FALSE;
      g_dbus_error_strip_remote_error (error);
      g_signal_emit (self, signals[FAILED], 0, error);
      return;
    }
  self->fetching = FALSE;
  self->last_seq = MAX (self->last_seq, last);
  /* The rows first, so a handler of the signal finds them there. */
  xn_violation_model_append (self->rows, rows, self->tags);
  g_signal_emit (self, signals[ROWS_ADDED], 0, rows);
  if (more || self->fetch_again)
    {
      self->fetch_again = FALSE;
      xn_violation_log_fetch (self);
    }
}

static gboolean
delay_cb (gpointer data)
{
  XnViolationLog *self = data;

  self->delay_id = 0;
  xn_violation_log_fetch (self);
  return G_SOURCE_REMOVE;
}

static void
violations_added_cb (XnViolationLog *self)
{
  if (self->delay_id == 0)
    self->delay_id = g_timeout_add (SIGNAL_DELAY_MS, delay_cb, self);
}

static void
domains_changed_cb (XnViolationLog *self)
{
  GListModel *domains = xn_host_model_get_domains (xn_remote_host_get_model (self->host));
  guint n = g_list_model_get_n_items (domains);

  g_hash_table_remove_all (self->tags);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XnLiveRow) row = g_list_model_get_item (domains, i);
      const char *tag = xn_live_row_get_string (row, "tag");

      if (*tag)
        g_hash_table_insert (self->tags, g_strdup (xn_live_row_get_string (row, "uuid")), g_strdup (tag));
    }
  if (self->awaiting_domains && n > 0)
    {
      self->awaiting_domains = FALSE;
      xn_violation_log_fetch (self);
    }
}

static void
detach (XnViolationLog *self)
{
  if (self->cancel != NULL)
    g_cancellable_cancel (self->cancel);
  g_clear_object (&self->cancel);
  g_clear_handle_id (&self->delay_id, g_source_remove);
  if (self->proxy != NULL)
    g_clear_signal_handler (&self->added_id, self->proxy);
  g_clear_object (&self->proxy);
  self->fetching = FALSE;
  self->fetch_again = FALSE;
  self->awaiting_domains = FALSE;
}

static void
state_cb (XnViolationLog *self)
{
  XnHost1 *proxy = xn_remote_host_get_state (self->host) == XN_REMOTE_HOST_CONNECTED
                   ? xn_remote_host_get_proxy (self->host) : NULL;
  gboolean was = self->proxy != NULL;

  if (proxy == self->proxy)
    return;
  /* Lost: the rows read stay readable.  A new connection may be to a
   * daemon with another store, so the log is read again from the start. */
  detach (self);
  if (proxy != NULL)
    {
      self->last_seq = 0;
      xn_violation_model_clear (self->rows);
      g_signal_emit (self, signals[RESET], 0);
      self->proxy = g_object_ref (proxy);
      self->cancel = g_cancellable_new ();
      self->added_id = g_signal_connect_swapped (proxy, "violations-added", G_CALLBACK (violations_added_cb), self);
      self->awaiting_domains = TRUE;
      domains_changed_cb (self);
    }
  if (was != (self->proxy != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

static GQuark
shared_quark (void)
{
  return g_quark_from_static_string ("xn-violation-log-shared");
}

static void
xn_violation_log_dispose (GObject *object)
{
  XnViolationLog *self = XN_VIOLATION_LOG (object);

  detach (self);
  if (self->host != NULL)
    {
      /* The host's shared log no more: the next view makes a new one. */
      if (g_object_get_qdata (G_OBJECT (self->host), shared_quark ()) == self)
        g_object_set_qdata (G_OBJECT (self->host), shared_quark (), NULL);
      g_clear_signal_handler (&self->state_id, self->host);
      g_clear_signal_handler (&self->domains_id, xn_host_model_get_domains (xn_remote_host_get_model (self->host)));
    }
  g_clear_object (&self->host);
  G_OBJECT_CLASS (xn_violation_log_parent_class)->dispose (object);
}

static void
xn_violation_log_finalize (GObject *object)
{
  XnViolationLog *self = XN_VIOLATION_LOG (object);

  g_hash_table_unref (self->tags);
  g_object_unref (self->rows);
  G_OBJECT_CLASS (xn_violation_log_parent_class)->finalize (object);
}

static void
xn_violation_log_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  XnViolationLog *self = XN_VIOLATION_LOG (object);

  switch (prop_id)
    {
    case PROP_CONNECTED:
      g_value_set_boolean (value, self->proxy != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_violation_log_class_init (XnViolationLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = xn_violation_log_dispose;
  object_class->finalize = xn_violation_log_finalize;
  object_class->get_property = xn_violation_log_get_property;

  /**
   * XnViolationLog:connected:
   *
   * Whether the host is connected, so the log can be read and acted on.
   */
  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * XnViolationLog::rows-added:
   * @rows: GetViolations' rows after the cursor, a(txssutsssb), in seq order
   *
   * A page was read and is in xn_violation_log_get_rows() already;
   * xn_violation_log_get_tags() has the rows' tags.
   */
  signals[ROWS_ADDED] =
    g_signal_new ("rows-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_VARIANT);
  /**
   * XnViolationLog::reset:
   *
   * The host connected again: the rows read so far were dropped (from
   * xn_violation_log_get_rows() too), the log is read again from its
   * first row.
   */
  signals[RESET] =
    g_signal_new ("reset", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /**
   * XnViolationLog::failed:
   * @error: the host's reason, without the D-Bus error name
   *
   * Reading a page failed; the next signal or xn_violation_log_fetch()
   * tries again from the same cursor.
   */
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
xn_violation_log_init (XnViolationLog *self)
{
  self->tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->rows = xn_violation_model_new ();
}

/**
 * xn_violation_log_new:
 * @host: the host whose log to read
 *
 * A log of its own, with its own rows; views share one instead
 * (xn_violation_log_dup_for_host()).
 *
 * Returns: (transfer full): a log following @host's connection; the
 *   first page is read once the host model has the host's domains
 */
XnViolationLog *
xn_violation_log_new (XnRemoteHost *host)
{
  XnViolationLog *self;

  g_return_val_if_fail (XN_IS_REMOTE_HOST (host), NULL);

  self = g_object_new (XN_TYPE_VIOLATION_LOG, NULL);
  self->host = g_object_ref (host);
  self->domains_id = g_signal_connect_swapped (xn_host_model_get_domains (xn_remote_host_get_model (host)),
                                               "items-changed", G_CALLBACK (domains_changed_cb), self);
  self->state_id = g_signal_connect_swapped (host, "notify::state", G_CALLBACK (state_cb), self);
  state_cb (self);
  return self;
}

/**
 * xn_violation_log_dup_for_host:
 * @host: the host whose log to read
 *
 * The host's log as every view of it shares it: the one alive if a view
 * holds it, else a new one (xn_violation_log_new()).  It lives while
 * someone holds it.
 *
 * Returns: (transfer full): @host's shared log
 */
XnViolationLog *
xn_violation_log_dup_for_host (XnRemoteHost *host)
{
  XnViolationLog *self;

  g_return_val_if_fail (XN_IS_REMOTE_HOST (host), NULL);

  self = g_object_get_qdata (G_OBJECT (host), shared_quark ());
  if (self != NULL)
    return g_object_ref (self);
  self = xn_violation_log_new (host);
  /* Not a reference: the log holds the host, and clears this when it
   * goes (dispose). */
  g_object_set_qdata (G_OBJECT (host), shared_quark (), self);
  return self;
}

/**
 * xn_violation_log_get_rows:
 *
 * The rows read, in the order read: filled as pages arrive, the rows
 * up to a clear dropped when it is done, emptied on a reconnection.
 * Views show them through an #XnViolationFilterModel of their own.
 *
 * Returns: (transfer none): the host's rows
 */
XnViolationModel *
xn_violation_log_get_rows (XnViolationLog *self)
{
  g_return_val_if_fail (XN_IS_VIOLATION_LOG (self), NULL);
  return self->rows;
}

/**
 * xn_violation_log_get_connected:
 *
 * Returns: whether the host is connected (#XnViolationLog:connected)
 */
gboolean
xn_violation_log_get_connected (XnViolationLog *self)
{
  g_return_val_if_fail (XN_IS_VIOLATION_LOG (self), FALSE);
  return self->proxy != NULL;
}

/**
 * xn_violation_log_get_last_seq:
 *
 * Returns: the cursor: the seq of the last row read, 0 before any
 */
guint64
xn_violation_log_get_last_seq (XnViolationLog *self)
{
  g_return_val_if_fail (XN_IS_VIOLATION_LOG (self), 0);
  return self->last_seq;
}

/**
 * xn_violation_log_get_tags:
 *
 * Returns: (transfer none) (element-type utf8 utf8): domain uuid → tag
 *   name, as the host model knows the domains now
 */
GHashTable *
xn_violation_log_get_tags (XnViolationLog *self)
{
  g_return_val_if_fail (XN_IS_VIOLATION_LOG (self), NULL);
  return self->tags;
}

/**
 * xn_violation_log_fetch:
 *
 * Reads the rows after the cursor now, page after page, each handed on
 * as #XnViolationLog::rows-added (asked again while a read runs, the
 * read goes on once more when it ends).  The daemon's signal does this
 * by itself; this is "Get new policy violations".
 */
void
xn_violation_log_fetch (XnViolationLog *self)
{
  g_return_if_fail (XN_IS_VIOLATION_LOG (self));

  if (self->proxy == NULL)
    return;
  if (self->fetching)
    {
      self->fetch_again = TRUE;
      return;
    }
  self->fetching = TRUE;
  xn_host1_call_get_violations (self->proxy, self->last_seq, PAGE, self->cancel, violations_cb, g_object_ref (self));
}

static GTask *
start_act (XnViolationLog      *self,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data,
           gpointer             source_tag)
{
  return _xn_host_task_new (self, self->host, self->proxy, cancellable, callback, user_data, source_tag);
}

static void
marked_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;
  guint marked = 0;

  if (!xn_host1_call_mark_viewed_finish (XN_HOST1 (source), &marked, result, &error))
    {
      _xn_host_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/**
 * xn_violation_log_mark_viewed_async:
 * @seqs: (element-type guint64): the rows to mark
 *
 * Tells the host these rows were seen (for every client, and in the
 * audit log).  A reconnection cancels the call.
 */
void
xn_violation_log_mark_viewed_async (XnViolationLog      *self,
                                    GArray              *seqs,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (XN_IS_VIOLATION_LOG (self));
  g_return_if_fail (seqs != NULL);

  task = start_act (self, cancellable, callback, user_data, xn_violation_log_mark_viewed_async);
  if (task != NULL)
    xn_host1_call_mark_viewed (self->proxy,
                               g_variant_new_fixed_array (G_VARIANT_TYPE_UINT64, seqs->data, seqs->len,
                                                          sizeof (guint64)),
                               self->cancel, marked_cb, task);
}

/**
 * xn_violation_log_mark_viewed_finish:
 *
 * Returns: whether the host took the marks; else @error says why (the
 *   daemon's reason, without the D-Bus error name)
 */
gboolean
xn_violation_log_mark_viewed_finish (XnViolationLog  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  g_return_val_if_fail (XN_IS_VIOLATION_LOG (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  guint64 up_to;
  guint   archived;
} Cleared;

static void
cleared_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GTask) task = data;
  Cleared *c = g_task_get_task_data (task);
  GError *error = NULL;

  if (!xn_host1_call_clear_violations_finish (XN_HOST1 (source), &c->archived, result, &error))
    {
      _xn_host_task_return_error (task, error);
      return;
    }
  /* Archived on the host: gone from every view of it. */
  xn_violation_model_drop_up_to (XN_VIOLATION_LOG (g_task_get_source_object (task))->rows, c->up_to);
  g_task_return_boolean (task, TRUE);
}

/**
 * xn_violation_log_clear_async:
 *
 * Archives every row up to the cursor on the host (rows the daemon
 * added since, not read yet, stay in the log); once done, the log's
 * rows lose them too.  A reconnection cancels the call.
 */
void
xn_violation_log_clear_async (XnViolationLog      *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;
  Cleared *c;

  g_return_if_fail (XN_IS_VIOLATION_LOG (self));

  task = start_act (self, cancellable, callback, user_data, xn_violation_log_clear_async);
  if (task == NULL)
    return;
  c = g_new0 (Cleared, 1);
  c->up_to = self->last_seq;
  g_task_set_task_data (task, c, g_free);
  xn_host1_call_clear_violations (self->proxy, c->up_to, self->cancel, cleared_cb, task);
}

/**
 * xn_violation_log_clear_finish:
 * @up_to_seq: (out) (optional): the last seq archived (the log's rows
 *   hold none up to it any more)
 * @archived: (out) (optional): how many rows the host archived
 *
 * Returns: whether the host archived them; else @error says why (the
 *   daemon's reason, without the D-Bus error name)
 */
gboolean
xn_violation_log_clear_finish (XnViolationLog  *self,
                               GAsyncResult    *result,
                               guint64         *up_to_seq,
                               guint           *archived,
                               GError         **error)
{
  Cleared *c;

  g_return_val_if_fail (XN_IS_VIOLATION_LOG (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  c = g_task_get_task_data (G_TASK (result));
  if (up_to_seq != NULL)
    *up_to_seq = c->up_to;
  if (archived != NULL)
    *archived = c->archived;
  return TRUE;
}
