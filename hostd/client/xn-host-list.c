/* xn-host-list.c: the hosts the application manages, and their connections
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * XnRemoteHost is one host entry and its connection's life: connect,
 * first contact and changed keys, loss and reconnection with capped
 * exponential backoff and jitter (so a fleet that lost its network does
 * not come back in lock-step).  XnHostList is the GListModel of them,
 * kept in a key file, and the bounded pool that runs one asynchronous
 * operation on many hosts with at most N in flight.  Everything runs on
 * the caller's main context; the only threads are the SSH sessions' and
 * GDBus's own.
 */

#define G_LOG_DOMAIN "xn-hosts"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xn-host-list.h"
#include "xn-ssh-transport.h"

/* XnRemoteHost */

struct _XnRemoteHost
{
  GObject            parent_instance;

  char              *name;
  XnRemoteHostKind   kind;
  char              *address;
  guint              port;
  char              *user;
  char              *identity;
  char              *socket_path;
  char              *known_hosts;

  XnRemoteHostState  state;
  char              *message;
  char              *fingerprint;
  char             **roles;        /* the peer's roles, fetched on connect */

  XnSshTransport    *transport;
  XnHostConnection  *connection;
  gulong             closed_id;
  GCancellable      *attempt;      /* the attempt under way */
  GList             *waiters;      /* GTasks of connect_async */
  gboolean           want_connected;
  guint              retry_id;
  guint              attempts;     /* reconnect attempts since the loss */
  guint              backoff_initial_ms;
  guint              backoff_max_ms;

  XnHostModel       *model;        /* made on first use */
};

G_DEFINE_FINAL_TYPE (XnRemoteHost, xn_remote_host, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_STATE,
  PROP_MESSAGE,
  PROP_FINGERPRINT,
  PROP_ROLES,
  N_PROPS
};

static GParamSpec *host_props[N_PROPS];

static void start_attempt (XnRemoteHost *self);

static void
set_state (XnRemoteHost      *self,
           XnRemoteHostState  state,
           const char        *message)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (self->message, message) != 0)
    {
      g_free (self->message);
      self->message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), host_props[PROP_MESSAGE]);
    }
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), host_props[PROP_STATE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
drop_connection (XnRemoteHost *self)
{
  if (self->connection != NULL)
    {
      GDBusConnection *c = xn_host_connection_get_connection (self->connection);

      g_clear_signal_handler (&self->closed_id, c);
      g_clear_object (&self->connection);
    }
  if (self->transport != NULL)
    xn_ssh_transport_close (self->transport);
}

static void
complete_waiters (XnRemoteHost *self,
                  const GError *error)
{
  GList *waiters = g_steal_pointer (&self->waiters);

  for (GList *l = waiters; l != NULL; l = l->next)
    {
      GTask *task = l->data;

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
  g_list_free (waiters);
}

/**
 * xn_remote_host_backoff_delay_ms:
 * @attempt: 0 for the first retry
 *
 * The wait before a reconnect attempt: @initial_ms doubled per attempt,
 * capped at @max_ms, then a random half of it dropped ("equal jitter"),
 * so it lies in [d/2, d].
 *
 * Returns: milliseconds
 */
guint
xn_remote_host_backoff_delay_ms (guint attempt,
                                 guint initial_ms,
                                 guint max_ms)
{
  guint64 d = initial_ms;

  for (guint i = 0; i < attempt && d < max_ms; i++)
    d *= 2;
  d = MIN (d, (guint64) max_ms);
  if (d < 2)
    return (guint) d;
  return (guint) (d / 2 + (guint64) g_random_int_range (0, (gint32) MIN (d / 2 + 1, G_MAXINT32)));
}

static gboolean
retry_cb (gpointer data)
{
  XnRemoteHost *self = data;

  self->retry_id = 0;
  self->attempts++;
  start_attempt (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (XnRemoteHost *self,
                const char   *why)
{
  guint delay = xn_remote_host_backoff_delay_ms (self->attempts, self->backoff_initial_ms,
                                                 self->backoff_max_ms);
  g_autofree char *msg = g_strdup_printf (_("%s; reconnecting in %.1f s"), why, delay / 1000.0);

  set_state (self, XN_REMOTE_HOST_FAILED, msg);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add (delay, retry_cb, self);
}

static void
closed_cb (GDBusConnection *connection,
           gboolean         remote_peer_vanished,
           GError          *error,
           gpointer         user_data)
{
  XnRemoteHost *self = user_data;
  g_autofree char *why = g_strdup_printf (_("Connection to %s lost%s%s"), self->name,
                                          error != NULL ? ": " : "",
                                          error != NULL ? error->message : "");

  drop_connection (self);
  if (self->want_connected)
    {
      self->attempts = 0;
      schedule_retry (self, why);
    }
  else
    set_state (self, XN_REMOTE_HOST_DISCONNECTED, why);
}

static void
attempt_failed (XnRemoteHost *self,
                GError       *error)
{
  gboolean retryable = FALSE;

  g_clear_object (&self->attempt);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* disconnect() set the state already. */
      complete_waiters (self, error);
      return;
    }
  if (self->transport != NULL)
    {
      g_free (self->fingerprint);
      self->fingerprint = g_strdup (xn_ssh_transport_get_host_key_fingerprint (self->transport));
      g_object_notify_by_pspec (G_OBJECT (self), host_props[PROP_FINGERPRINT]);
    }
  if (g_error_matches (error, XN_SSH_ERROR, XN_SSH_ERROR_UNKNOWN_HOST_KEY))
    set_state (self, XN_REMOTE_HOST_UNKNOWN_KEY, error->message);
  else if (g_error_matches (error, XN_SSH_ERROR, XN_SSH_ERROR_HOST_KEY_CHANGED))
    {
      g_warning ("%s: %s", self->name, error->message);
      set_state (self, XN_REMOTE_HOST_CHANGED_KEY, error->message);
    }
  else
    {
      /* A refused key or a missing subsystem will not mend by waiting. */
      retryable = !g_error_matches (error, XN_SSH_ERROR, XN_SSH_ERROR_AUTH)
                  && !g_error_matches (error, XN_SSH_ERROR, XN_SSH_ERROR_SUBSYSTEM);
      set_state (self, XN_REMOTE_HOST_FAILED, error->message);
    }
  complete_waiters (self, error);
  /* Only a connection that was up and got lost is retried in the
   * background; a first connect reports its failure to its caller. */
  if (retryable && self->want_connected && self->attempts > 0)
    schedule_retry (self, error->message);
}

static void
roles_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(XnRemoteHost) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) roles = NULL;
  guint uid = 0;

  if (!xn_host1_call_get_my_roles_finish (XN_HOST1 (source), &uid, &roles, result, &error))
    {
      g_prefix_error (&error, _("Asking the daemon for this user's roles failed: "));
      drop_connection (self);
      attempt_failed (self, error);
      return;
    }
  g_clear_object (&self->attempt);
  g_strfreev (self->roles);
  self->roles = g_steal_pointer (&roles);
  g_object_notify_by_pspec (G_OBJECT (self), host_props[PROP_ROLES]);
  self->attempts = 0;
  set_state (self, XN_REMOTE_HOST_CONNECTED, NULL);
  complete_waiters (self, NULL);
}

static void
connection_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(XnRemoteHost) self = user_data;
  g_autoptr(GError) error = NULL;
  XnHostConnection *conn = xn_host_connection_new_finish (result, &error);

  if (conn == NULL)
    {
      attempt_failed (self, error);
      return;
    }
  self->connection = conn;
  self->closed_id = g_signal_connect (xn_host_connection_get_connection (conn), "closed",
                                      G_CALLBACK (closed_cb), self);
  /* Roles come before CONNECTED so that whoever sees the state can grey
   * the actions this peer may not take. */
  xn_host1_call_get_my_roles (xn_host_connection_get_proxy (conn), self->attempt,
                              roles_cb, g_object_ref (self));
}

static void
open_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(XnRemoteHost) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOStream) stream = xn_ssh_transport_open_finish (XN_SSH_TRANSPORT (source),
                                                              result, &error);

  if (stream == NULL)
    {
      attempt_failed (self, error);
      return;
    }
  if (g_cancellable_set_error_if_cancelled (self->attempt, &error))
    {
      attempt_failed (self, error);
      return;
    }
  xn_host_connection_new_for_stream_async (stream, self->attempt, connection_cb,
                                           g_object_ref (self));
}

static void
start_attempt (XnRemoteHost *self)
{
  g_autofree char *msg = NULL;

  g_clear_object (&self->attempt);
  self->attempt = g_cancellable_new ();
  if (self->attempts > 0)
    msg = g_strdup_printf (_("Reconnecting (attempt %u)"), self->attempts);
  set_state (self, XN_REMOTE_HOST_CONNECTING, msg);

  if (self->kind == XN_REMOTE_HOST_LOCAL)
    {
      xn_host_connection_new_for_socket_async (self->socket_path, self->attempt, connection_cb,
                                               g_object_ref (self));
      return;
    }
  if (self->transport == NULL)
    {
      self->transport = xn_ssh_transport_new (self->address, self->port, self->user);
      xn_ssh_transport_set_identity_file (self->transport, self->identity);
    }
  xn_ssh_transport_set_known_hosts_file (self->transport, self->known_hosts);
  xn_ssh_transport_open_async (self->transport, self->attempt, open_cb, g_object_ref (self));
}

static void
xn_remote_host_dispose (GObject *object)
{
  XnRemoteHost *self = XN_REMOTE_HOST (object);

  /* A view may still hold the model: cut it from this host first. */
  if (self->model != NULL)
    g_object_run_dispose (G_OBJECT (self->model));
  g_clear_object (&self->model);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->attempt != NULL)
    g_cancellable_cancel (self->attempt);
  drop_connection (self);
  g_clear_object (&self->transport);
  g_clear_object (&self->attempt);

  G_OBJECT_CLASS (xn_remote_host_parent_class)->dispose (object);
}

static void
xn_remote_host_finalize (GObject *object)
{
  XnRemoteHost *self = XN_REMOTE_HOST (object);

  g_free (self->name);
  g_free (self->address);
  g_free (self->user);
  g_free (self->identity);
  g_free (self->socket_path);
  g_free (self->known_hosts);
  g_free (self->message);
  g_free (self->fingerprint);
  g_strfreev (self->roles);

  G_OBJECT_CLASS (xn_remote_host_parent_class)->finalize (object);
}

static void
xn_remote_host_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  XnRemoteHost *self = XN_REMOTE_HOST (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_FINGERPRINT:
      g_value_set_string (value, self->fingerprint);
      break;
    case PROP_ROLES:
      g_value_set_boxed (value, self->roles);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_remote_host_class_init (XnRemoteHostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = xn_remote_host_dispose;
  object_class->finalize = xn_remote_host_finalize;
  object_class->get_property = xn_remote_host_get_property;

  host_props[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* An XnRemoteHostState (a plain int: this library registers no enum types). */
  host_props[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, XN_REMOTE_HOST_DISCONNECTED, XN_REMOTE_HOST_CHANGED_KEY,
                      XN_REMOTE_HOST_DISCONNECTED,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  host_props[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  host_props[PROP_FINGERPRINT] =
    g_param_spec_string ("fingerprint", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The roles the daemon gives this peer ("sysadmin", "secadmin",
   * "monitor"); set before the state becomes CONNECTED. */
  host_props[PROP_ROLES] =
    g_param_spec_boxed ("roles", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, host_props);
}

static void
xn_remote_host_init (XnRemoteHost *self)
{
  self->backoff_initial_ms = 500;
  self->backoff_max_ms = 60000;
}

/**
 * xn_remote_host_new_ssh:
 * @name: the name shown (unique in a list)
 * @address: host name or IP address
 * @port: sshd's port (0: 22)
 * @user: (nullable): remote user (%NULL: the local user's name)
 * @identity_file: (nullable): private key without passphrase, %NULL: the
 *   ssh-agent
 *
 * Returns: (transfer full): a host entry reached over SSH
 */
XnRemoteHost *
xn_remote_host_new_ssh (const char *name,
                        const char *address,
                        guint       port,
                        const char *user,
                        const char *identity_file)
{
  XnRemoteHost *self;

  g_return_val_if_fail (name != NULL && address != NULL, NULL);

  self = g_object_new (XN_TYPE_REMOTE_HOST, NULL);
  self->name = g_strdup (name);
  self->kind = XN_REMOTE_HOST_SSH;
  self->address = g_strdup (address);
  self->port = port != 0 ? port : 22;
  self->user = g_strdup (user);
  self->identity = g_strdup (identity_file);
  return self;
}

/**
 * xn_remote_host_new_local:
 * @name: the name shown
 * @socket_path: the daemon's Unix socket
 *
 * Returns: (transfer full): a host entry for a daemon on this machine
 */
XnRemoteHost *
xn_remote_host_new_local (const char *name,
                          const char *socket_path)
{
  XnRemoteHost *self;

  g_return_val_if_fail (name != NULL && socket_path != NULL, NULL);

  self = g_object_new (XN_TYPE_REMOTE_HOST, NULL);
  self->name = g_strdup (name);
  self->kind = XN_REMOTE_HOST_LOCAL;
  self->socket_path = g_strdup (socket_path);
  return self;
}

/** xn_remote_host_get_name: Returns: (transfer none): the name */
const char *
xn_remote_host_get_name (XnRemoteHost *self)
{
  g_return_val_if_fail (XN_IS_REMOTE_HOST (self), NULL);
  return self->name;
}

XnRemoteHostKind
xn_remote_host_get_kind (XnRemoteHost *self)
{
  g_return_val_if_fail (XN_IS_REMOTE_HOST (self), XN_REMOTE_HOST_LOCAL);
  return self->kind;
}

/** xn_remote_host_get_address: Returns: (transfer none) (nullable): */
const char *
xn_remote_host_get_address (XnRemoteHost *self)
{
  g_return_val_if_fail (XN_IS_REMOTE_HOST (self), NULL);
  return self->address;
}

guint
xn_remote_host_get_port (XnRemoteHost *self)
{
  g_return_val_if_fail (XN_IS_REMOTE_HOST (self), 0);
  return self->port;
}

/** xn_remote_host_get_user: Returns: (transfer none) (nullable): */
const char *
xn_remote_host_get_user (XnRemoteHost *self)
{
  g_return_val_if_fail (XN_IS_REMOTE_HOST (self), NULL);
  return self->user;
}

/** xn_remote_host_get_identity_file: Returns: (transfer none) (nullable): */
const char *
xn_remote_host_get_identity_file (XnRemoteHost *self)
{
  g_return_val_if_fail (XN_IS_REMOTE_HOST (self), NULL);
  return self->identity;
}

/** xn_remote_host_get_socket_path: Returns: (transfer none) (nullable): */
const char *
xn_remote_host_get_socket_path (XnRemoteHost *self)
{
  g_return_val_if_fail (XN_IS_REMOTE_HOST (self), NULL);
  return self->socket_path;
}

XnRemoteHostState
xn_remote_host_get_state (XnRemoteHost *self)
{
  g_return_val_if_fail (XN_IS_REMOTE_HOST (self), XN_REMOTE_HOST_DISCONNECTED);
  return self->state;
}

/**
 * xn_remote_host_get_message:
 *
 * Returns: (transfer none) (nullable): why the host is in its state
 */
const char *
xn_remote_host_get_message (XnRemoteHost *self)
{
  g_return_val_if_fail (XN_IS_REMOTE_HOST (self), NULL);
  return self->message;
}

/**
 * xn_remote_host_get_fingerprint:
 *
 * Returns: (transfer none) (nullable): the SHA-256 fingerprint of the host
 *   key seen on the last failed attempt (what to show on first contact)
 */
const char *
xn_remote_host_get_fingerprint (XnRemoteHost *self)
{
  g_return_val_if_fail (XN_IS_REMOTE_HOST (self), NULL);
  return self->fingerprint;
}

/** xn_remote_host_get_connection: Returns: (transfer none) (nullable): */
XnHostConnection *
xn_remote_host_get_connection (XnRemoteHost *self)
{
  g_return_val_if_fail (XN_IS_REMOTE_HOST (self), NULL);
  return self->connection;
}

/** xn_remote_host_get_proxy: Returns: (transfer none) (nullable): */
XnHost1 *
xn_remote_host_get_proxy (XnRemoteHost *self)
{
  g_return_val_if_fail (XN_IS_REMOTE_HOST (self), NULL);
  return self->connection != NULL ? xn_host_connection_get_proxy (self->connection) : NULL;
}

/**
 * xn_remote_host_get_roles:
 * @self: a host
 *
 * The roles the daemon gave this peer at the last connect ("monitor",
 * "sysadmin", "secadmin"), read with GetMyRoles before the state became
 * %XN_REMOTE_HOST_CONNECTED.
 *
 * Returns: (transfer none) (nullable): the roles, or %NULL before a connect
 */
const char *const *
xn_remote_host_get_roles (XnRemoteHost *self)
{
  g_return_val_if_fail (XN_IS_REMOTE_HOST (self), NULL);

  return (const char *const *) self->roles;
}

/**
 * xn_remote_host_has_role:
 * @self: a host
 * @role: "monitor", "sysadmin" or "secadmin"
 *
 * Whether the daemon gave this peer @role; for greying actions.  The
 * daemon still checks every call.
 *
 * Returns: %TRUE if it did
 */
gboolean
xn_remote_host_has_role (XnRemoteHost *self,
                         const char   *role)
{
  g_return_val_if_fail (XN_IS_REMOTE_HOST (self), FALSE);

  return self->roles != NULL && g_strv_contains ((const char *const *) self->roles, role);
}

/**
 * xn_remote_host_get_reconnect_attempts:
 *
 * Returns: reconnect attempts since the connection was lost (0 once up)
 */
guint
xn_remote_host_get_reconnect_attempts (XnRemoteHost *self)
{
  g_return_val_if_fail (XN_IS_REMOTE_HOST (self), 0);
  return self->attempts;
}

/**
 * xn_remote_host_set_known_hosts_file:
 * @path: (nullable): see xn_ssh_transport_set_known_hosts_file()
 */
void
xn_remote_host_set_known_hosts_file (XnRemoteHost *self,
                                     const char   *path)
{
  g_return_if_fail (XN_IS_REMOTE_HOST (self));
  g_free (self->known_hosts);
  self->known_hosts = g_strdup (path);
}

/**
 * xn_remote_host_set_backoff:
 * @initial_ms: the first reconnect's delay (before jitter)
 * @max_ms: the cap
 */
void
xn_remote_host_set_backoff (XnRemoteHost *self,
                            guint         initial_ms,
                            guint         max_ms)
{
  g_return_if_fail (XN_IS_REMOTE_HOST (self));
  self->backoff_initial_ms = MAX (initial_ms, 1);
  self->backoff_max_ms = MAX (max_ms, self->backoff_initial_ms);
}

/**
 * xn_remote_host_connect_async:
 *
 * Connects unless connected; concurrent calls share one attempt.  Once
 * connected, a lost connection is retried with backoff until
 * xn_remote_host_disconnect().
 */
void
xn_remote_host_connect_async (XnRemoteHost        *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (XN_IS_REMOTE_HOST (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, xn_remote_host_connect_async);
  self->want_connected = TRUE;
  if (self->state == XN_REMOTE_HOST_CONNECTED)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  self->waiters = g_list_append (self->waiters, task);
  if (self->state == XN_REMOTE_HOST_CONNECTING)
    return;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  start_attempt (self);
}

gboolean
xn_remote_host_connect_finish (XnRemoteHost  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * xn_remote_host_disconnect:
 *
 * Closes the connection, stops any attempt or scheduled reconnect.
 */
void
xn_remote_host_disconnect (XnRemoteHost *self)
{
  g_return_if_fail (XN_IS_REMOTE_HOST (self));

  self->want_connected = FALSE;
  self->attempts = 0;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  set_state (self, XN_REMOTE_HOST_DISCONNECTED, NULL);
  if (self->attempt != NULL)
    g_cancellable_cancel (self->attempt);
  drop_connection (self);
}

/**
 * xn_remote_host_trust_host_key:
 * @fingerprint: the fingerprint the user accepted
 *
 * After %XN_REMOTE_HOST_UNKNOWN_KEY: records the key in the known hosts.
 * Connect again afterwards.
 *
 * Returns: %TRUE once recorded
 */
gboolean
xn_remote_host_trust_host_key (XnRemoteHost  *self,
                               const char    *fingerprint,
                               GError       **error)
{
  g_return_val_if_fail (XN_IS_REMOTE_HOST (self), FALSE);

  if (self->transport == NULL || self->state != XN_REMOTE_HOST_UNKNOWN_KEY)
    {
      g_set_error (error, XN_SSH_ERROR, XN_SSH_ERROR_FAILED,
                   _("%s has no unknown host key to trust"), self->name);
      return FALSE;
    }
  if (!xn_ssh_transport_trust_host_key (self->transport, fingerprint, error))
    return FALSE;
  set_state (self, XN_REMOTE_HOST_DISCONNECTED, NULL);
  return TRUE;
}

/* XnHostList */

struct _XnHostList
{
  GObject    parent_instance;

  char      *path;
  char      *known_hosts;
  GPtrArray *hosts;
};

static void xn_host_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (XnHostList, xn_host_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, xn_host_list_model_init))

static GType
list_get_item_type (GListModel *model)
{
  return XN_TYPE_REMOTE_HOST;
}

static guint
list_get_n_items (GListModel *model)
{
  return XN_HOST_LIST (model)->hosts->len;
}

static gpointer
list_get_item (GListModel *model,
               guint       position)
{
  XnHostList *self = XN_HOST_LIST (model);

  if (position >= self->hosts->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->hosts, position));
}

static void
xn_host_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

static void
xn_host_list_finalize (GObject *object)
{
  XnHostList *self = XN_HOST_LIST (object);

  for (guint i = 0; i < self->hosts->len; i++)
    xn_remote_host_disconnect (g_ptr_array_index (self->hosts, i));
  g_ptr_array_unref (self->hosts);
  g_free (self->path);
  g_free (self->known_hosts);

  G_OBJECT_CLASS (xn_host_list_parent_class)->finalize (object);
}

static void
xn_host_list_class_init (XnHostListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = xn_host_list_finalize;
}

static void
xn_host_list_init (XnHostList *self)
{
  self->hosts = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * xn_host_list_new:
 * @path: (nullable): the key file the list is kept in (%NULL: not kept)
 *
 * Returns: (transfer full): an empty list; call xn_host_list_load()
 */
XnHostList *
xn_host_list_new (const char *path)
{
  XnHostList *self = g_object_new (XN_TYPE_HOST_LIST, NULL);

  self->path = g_strdup (path);
  return self;
}

static gboolean
check_host (XnRemoteHost  *host,
            GError       **error)
{
  const char *name = host->name;

  /* Key file group names cannot hold brackets or control characters. */
  if (*name == '\0' || strlen (name) > 255 || !g_utf8_validate (name, -1, NULL)
      || strpbrk (name, "[]") != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Invalid host name \"%s\": 1 to 255 characters, no brackets"), name);
      return FALSE;
    }
  for (const char *p = name; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _("Invalid host name \"%s\": control character"), name);
        return FALSE;
      }
  if (host->kind == XN_REMOTE_HOST_SSH
      && (host->address == NULL || *host->address == '\0' || host->port > 65535))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Host \"%s\": an address and a port from 1 to 65535 are needed"), name);
      return FALSE;
    }
  if (host->kind == XN_REMOTE_HOST_LOCAL && (host->socket_path == NULL || *host->socket_path == '\0'))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Host \"%s\": a local host needs the daemon's socket path"), name);
      return FALSE;
    }
  return TRUE;
}

static void
append_host (XnHostList   *self,
             XnRemoteHost *host)
{
  if (self->known_hosts != NULL)
    xn_remote_host_set_known_hosts_file (host, self->known_hosts);
  g_ptr_array_add (self->hosts, g_object_ref (host));
}

/**
 * xn_host_list_load:
 *
 * Replaces the list with the key file's hosts; a missing file is an empty
 * list.  One group per host: Kind (ssh or local), Address, Port, User,
 * IdentityFile, Socket.
 *
 * Returns: %FALSE with @error naming the bad entry
 */
gboolean
xn_host_list_load (XnHostList  *self,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;

  g_return_val_if_fail (XN_IS_HOST_LIST (self), FALSE);

  if (self->path == NULL)
    return TRUE;
  if (!g_file_get_contents (self->path, &data, &len, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_set_error (error, local_error->domain, local_error->code,
                   _("Cannot read the host list %s: %s"), self->path, local_error->message);
      return FALSE;
    }
  return xn_host_list_load_data (self, data, len, error);
}

/**
 * xn_host_list_load_data:
 * @self: a list
 * @data: (array length=len): the key file's text
 * @len: its length in bytes
 * @error: return location for an error
 *
 * Replaces the list with the hosts @data describes, in the format
 * xn_host_list_load() reads from the list's file; all or nothing.
 *
 * Returns: %FALSE with @error naming the bad entry (the list unchanged)
 */
gboolean
xn_host_list_load_data (XnHostList  *self,
                        const char  *data,
                        gsize        len,
                        GError     **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) loaded = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) groups = NULL;
  const char *where = self->path != NULL ? self->path : _("host list");
  guint old_len;

  g_return_val_if_fail (XN_IS_HOST_LIST (self), FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (!g_key_file_load_from_data (kf, data != NULL ? data : "", len, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Cannot read the host list %s: %s"), where, local_error->message);
      return FALSE;
    }
  groups = g_key_file_get_groups (kf, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      const char *g = groups[i];
      g_autofree char *kind = g_key_file_get_string (kf, g, "Kind", NULL);
      g_autoptr(XnRemoteHost) host = NULL;

      if (g_strcmp0 (kind, "local") == 0)
        {
          g_autofree char *sock = g_key_file_get_string (kf, g, "Socket", NULL);

          host = xn_remote_host_new_local (g, sock != NULL ? sock : "");
        }
      else if (g_strcmp0 (kind, "ssh") == 0)
        {
          g_autofree char *addr = g_key_file_get_string (kf, g, "Address", NULL);
          g_autofree char *user = g_key_file_get_string (kf, g, "User", NULL);
          g_autofree char *key = g_key_file_get_string (kf, g, "IdentityFile", NULL);
          gint64 port = 22;

          if (g_key_file_has_key (kf, g, "Port", NULL))
            {
              port = g_key_file_get_int64 (kf, g, "Port", &local_error);
              if (local_error != NULL || port < 1 || port > 65535)
                {
                  g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                               _("%s: host \"%s\": Port must be 1 to 65535"), where, g);
                  return FALSE;
                }
            }
          host = xn_remote_host_new_ssh (g, addr != NULL ? addr : "", (guint) port, user, key);
        }
      else
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       _("%s: host \"%s\": Kind must be \"ssh\" or \"local\", not \"%s\""),
                       where, g, kind != NULL ? kind : "");
          return FALSE;
        }
      if (!check_host (host, &local_error))
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       "%s: %s", where, local_error->message);
          return FALSE;
        }
      g_ptr_array_add (loaded, g_steal_pointer (&host));
    }

  old_len = self->hosts->len;
  for (guint i = 0; i < old_len; i++)
    xn_remote_host_disconnect (g_ptr_array_index (self->hosts, i));
  g_ptr_array_set_size (self->hosts, 0);
  for (guint i = 0; i < loaded->len; i++)
    append_host (self, g_ptr_array_index (loaded, i));
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->hosts->len);
  return TRUE;
}

/**
 * xn_host_list_save:
 *
 * Writes the key file (atomically).  A list without a path does nothing.
 */
gboolean
xn_host_list_save (XnHostList  *self,
                   GError     **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  g_return_val_if_fail (XN_IS_HOST_LIST (self), FALSE);

  if (self->path == NULL)
    return TRUE;
  data = xn_host_list_to_data (self, &len);
  /* g_file_set_contents() replaces the file atomically. */
  return g_file_set_contents (self->path, data, (gssize) len, error);
}

/**
 * xn_host_list_to_data:
 * @self: a list
 * @len: (out) (optional): the text's length in bytes
 *
 * The list in the key-file format that xn_host_list_load_data() reads.
 *
 * Returns: (transfer full): the text
 */
char *
xn_host_list_to_data (XnHostList *self,
                      gsize      *len)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();

  g_return_val_if_fail (XN_IS_HOST_LIST (self), NULL);

  for (guint i = 0; i < self->hosts->len; i++)
    {
      XnRemoteHost *h = g_ptr_array_index (self->hosts, i);

      if (h->kind == XN_REMOTE_HOST_LOCAL)
        {
          g_key_file_set_string (kf, h->name, "Kind", "local");
          g_key_file_set_string (kf, h->name, "Socket", h->socket_path);
          continue;
        }
      g_key_file_set_string (kf, h->name, "Kind", "ssh");
      g_key_file_set_string (kf, h->name, "Address", h->address);
      g_key_file_set_integer (kf, h->name, "Port", (int) h->port);
      if (h->user != NULL)
        g_key_file_set_string (kf, h->name, "User", h->user);
      if (h->identity != NULL)
        g_key_file_set_string (kf, h->name, "IdentityFile", h->identity);
    }
  return g_key_file_to_data (kf, len, NULL);
}

/**
 * xn_host_list_add:
 * @host: a host whose name is not in the list yet
 *
 * Appends @host and saves the list.
 *
 * Returns: %FALSE with @error if the name is taken or invalid or the list
 *   cannot be saved (then the host is not added)
 */
gboolean
xn_host_list_add (XnHostList    *self,
                  XnRemoteHost  *host,
                  GError       **error)
{
  g_return_val_if_fail (XN_IS_HOST_LIST (self), FALSE);
  g_return_val_if_fail (XN_IS_REMOTE_HOST (host), FALSE);

  if (!check_host (host, error))
    return FALSE;
  if (xn_host_list_lookup (self, host->name) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("A host named \"%s\" is already in the list"), host->name);
      return FALSE;
    }
  append_host (self, host);
  if (!xn_host_list_save (self, error))
    {
      g_ptr_array_remove_index (self->hosts, self->hosts->len - 1);
      return FALSE;
    }
  g_list_model_items_changed (G_LIST_MODEL (self), self->hosts->len - 1, 0, 1);
  return TRUE;
}

/**
 * xn_host_list_remove:
 *
 * Removes the host named @name and saves the list, then disconnects it.
 * If the list cannot be saved, the host stays, with @error set.
 */
gboolean
xn_host_list_remove (XnHostList  *self,
                     const char  *name,
                     GError     **error)
{
  g_return_val_if_fail (XN_IS_HOST_LIST (self), FALSE);

  for (guint i = 0; i < self->hosts->len; i++)
    {
      XnRemoteHost *h = g_ptr_array_index (self->hosts, i);

      if (g_strcmp0 (h->name, name) != 0)
        continue;
      /* Saved first, so a file that cannot be written leaves the host
       * both in the list and connected: nothing half-done. */
      h = g_ptr_array_steal_index (self->hosts, i);
      if (!xn_host_list_save (self, error))
        {
          g_ptr_array_insert (self->hosts, i, h);
          return FALSE;
        }
      xn_remote_host_disconnect (h);
      g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 0);
      g_object_unref (h);
      return TRUE;
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No host named \"%s\""), name);
  return FALSE;
}

/**
 * xn_host_list_lookup:
 *
 * Returns: (transfer none) (nullable): the host named @name
 */
XnRemoteHost *
xn_host_list_lookup (XnHostList *self,
                     const char *name)
{
  g_return_val_if_fail (XN_IS_HOST_LIST (self), NULL);

  for (guint i = 0; i < self->hosts->len; i++)
    {
      XnRemoteHost *h = g_ptr_array_index (self->hosts, i);

      if (g_strcmp0 (h->name, name) == 0)
        return h;
    }
  return NULL;
}

/**
 * xn_host_list_set_known_hosts_file:
 * @path: (nullable): the known_hosts file of every host of the list
 */
void
xn_host_list_set_known_hosts_file (XnHostList *self,
                                   const char *path)
{
  g_return_if_fail (XN_IS_HOST_LIST (self));
  g_free (self->known_hosts);
  self->known_hosts = g_strdup (path);
  for (guint i = 0; i < self->hosts->len; i++)
    xn_remote_host_set_known_hosts_file (g_ptr_array_index (self->hosts, i), path);
}

/* The bounded pool. */

typedef struct
{
  GPtrArray        *hosts;
  GPtrArray        *results;   /* XnHostOpResult, in the order of hosts */
  guint             max_parallel;
  guint             next;
  guint             in_flight;
  guint             done;
  XnHostOpStart     start;
  XnHostOpFinish    finish;
  XnHostOpProgress  progress;
  gpointer          user_data;
} Pool;

typedef struct
{
  GTask *task;
  guint  index;
} PoolOp;

static void
op_result_free (gpointer data)
{
  XnHostOpResult *r = data;

  g_clear_object (&r->host);
  g_clear_error (&r->error);
  g_free (r);
}

static void
pool_free (gpointer data)
{
  Pool *pool = data;

  g_ptr_array_unref (pool->hosts);
  g_clear_pointer (&pool->results, g_ptr_array_unref);
  g_free (pool);
}

static void pool_fill (GTask *task);

static void
pool_op_done (PoolOp *op,
              GError *error)
{
  g_autoptr(GTask) task = op->task;
  Pool *pool = g_task_get_task_data (task);
  XnHostOpResult *r = g_ptr_array_index (pool->results, op->index);

  r->error = error;
  if (pool->progress != NULL)
    pool->progress (r->host, error == NULL ? XN_HOST_OP_SUCCEEDED : XN_HOST_OP_FAILED, error,
                    pool->user_data);
  g_free (op);
  pool->in_flight--;
  pool->done++;
  if (pool->done == pool->hosts->len)
    {
      g_task_return_pointer (task, g_steal_pointer (&pool->results),
                             (GDestroyNotify) g_ptr_array_unref);
      return;
    }
  pool_fill (task);
}

static void
pool_op_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  PoolOp *op = user_data;
  Pool *pool = g_task_get_task_data (op->task);
  XnRemoteHost *host = g_ptr_array_index (pool->hosts, op->index);
  GError *error = NULL;

  if (!pool->finish (host, result, pool->user_data, &error) && error == NULL)
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The operation on %s failed"),
                 host->name);
  pool_op_done (op, error);
}

static void
pool_connected_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  PoolOp *op = user_data;
  Pool *pool = g_task_get_task_data (op->task);
  XnRemoteHost *host = XN_REMOTE_HOST (source);
  GError *error = NULL;

  if (!xn_remote_host_connect_finish (host, result, &error))
    {
      pool_op_done (op, error);
      return;
    }
  pool->start (host, g_task_get_cancellable (op->task), pool_op_cb, op, pool->user_data);
}

static void
pool_fill (GTask *task)
{
  Pool *pool = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  while (pool->in_flight < pool->max_parallel && pool->next < pool->hosts->len)
    {
      PoolOp *op = g_new0 (PoolOp, 1);
      XnRemoteHost *host;

      op->task = g_object_ref (task);
      op->index = pool->next++;
      host = g_ptr_array_index (pool->hosts, op->index);
      pool->in_flight++;
      if (pool->progress != NULL)
        pool->progress (host, XN_HOST_OP_STARTED, NULL, pool->user_data);
      if (g_cancellable_is_cancelled (cancellable))
        {
          GError *error = NULL;

          g_cancellable_set_error_if_cancelled (cancellable, &error);
          pool_op_done (op, error);
          return;   /* pool_op_done refilled */
        }
      xn_remote_host_connect_async (host, cancellable, pool_connected_cb, op);
    }
}

/**
 * xn_host_list_foreach_async:
 * @hosts: (element-type XnRemoteHost) (nullable): the hosts, %NULL for all
 * @max_parallel: at most this many hosts in flight (connect + operation)
 * @start: starts the operation on one connected host
 * @finish: finishes it
 * @progress: (nullable): told when each host starts and ends
 * @user_data: for @start, @finish and @progress; must outlive the run
 *
 * Runs one operation per host, connecting each host first if need be, with
 * at most @max_parallel in flight: a push to fifty hosts does not open
 * fifty SSH sessions at once.  One host's failure does not stop the others.
 */
void
xn_host_list_foreach_async (XnHostList          *self,
                            GPtrArray           *hosts,
                            guint                max_parallel,
                            XnHostOpStart        start,
                            XnHostOpFinish       finish,
                            XnHostOpProgress     progress,
                            gpointer             user_data,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             callback_data)
{
  g_autoptr(GTask) task = NULL;
  Pool *pool;

  g_return_if_fail (XN_IS_HOST_LIST (self));
  g_return_if_fail (start != NULL && finish != NULL);

  task = g_task_new (self, cancellable, callback, callback_data);
  g_task_set_source_tag (task, xn_host_list_foreach_async);
  pool = g_new0 (Pool, 1);
  pool->hosts = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < (hosts != NULL ? hosts->len : self->hosts->len); i++)
    g_ptr_array_add (pool->hosts,
                     g_object_ref (g_ptr_array_index (hosts != NULL ? hosts : self->hosts, i)));
  pool->results = g_ptr_array_new_with_free_func (op_result_free);
  for (guint i = 0; i < pool->hosts->len; i++)
    {
      XnHostOpResult *r = g_new0 (XnHostOpResult, 1);

      r->host = g_object_ref (g_ptr_array_index (pool->hosts, i));
      g_ptr_array_add (pool->results, r);
    }
  pool->max_parallel = MAX (max_parallel, 1);
  pool->start = start;
  pool->finish = finish;
  pool->progress = progress;
  pool->user_data = user_data;
  g_task_set_task_data (task, pool, pool_free);
  if (pool->hosts->len == 0)
    {
      g_task_return_pointer (task, g_steal_pointer (&pool->results),
                             (GDestroyNotify) g_ptr_array_unref);
      return;
    }
  pool_fill (task);
}

/**
 * xn_host_list_foreach_finish:
 *
 * Returns: (transfer full) (element-type XnHostOpResult): one result per
 *   host, in the order given; %NULL only with @error on a run-wide failure
 */
GPtrArray *
xn_host_list_foreach_finish (XnHostList    *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * xn_remote_host_get_model:
 *
 * Returns: (transfer none): the host's client-side model (domains, audit
 *   log), the one every view of this host reads
 */
XnHostModel *
xn_remote_host_get_model (XnRemoteHost *self)
{
  g_return_val_if_fail (XN_IS_REMOTE_HOST (self), NULL);

  if (self->model == NULL)
    self->model = xn_host_model_new (self);
  return self->model;
}
