/* xn-ssh-transport.h: the "xenon" SSH subsystem as a GIOStream (libssh)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define XN_SSH_ERROR (xn_ssh_error_quark ())

/**
 * XnSshError:
 * @XN_SSH_ERROR_FAILED: anything else (the message says what)
 * @XN_SSH_ERROR_CONNECT: the TCP connection or the key exchange failed
 * @XN_SSH_ERROR_UNKNOWN_HOST_KEY: first contact: the host's key is in no
 *   known_hosts file; xn_ssh_transport_get_host_key_fingerprint() gives
 *   its SHA-256 fingerprint and xn_ssh_transport_trust_host_key() adds it
 * @XN_SSH_ERROR_HOST_KEY_CHANGED: the host presents a key other than the
 *   one recorded for it: possible man-in-the-middle, nothing was sent
 * @XN_SSH_ERROR_AUTH: the server refused the user's key or agent keys
 * @XN_SSH_ERROR_SUBSYSTEM: the "xenon" subsystem could not be started
 */
typedef enum
{
  XN_SSH_ERROR_FAILED,
  XN_SSH_ERROR_CONNECT,
  XN_SSH_ERROR_UNKNOWN_HOST_KEY,
  XN_SSH_ERROR_HOST_KEY_CHANGED,
  XN_SSH_ERROR_AUTH,
  XN_SSH_ERROR_SUBSYSTEM,
} XnSshError;

GQuark xn_ssh_error_quark (void);

#define XN_SSH_SUBSYSTEM "xenon"

#define XN_TYPE_SSH_TRANSPORT (xn_ssh_transport_get_type ())

G_DECLARE_FINAL_TYPE (XnSshTransport, xn_ssh_transport, XN, SSH_TRANSPORT, GObject)

XnSshTransport *xn_ssh_transport_new                      (const char           *host,
                                                          guint                 port,
                                                          const char           *user);
void            xn_ssh_transport_set_identity_file       (XnSshTransport       *self,
                                                          const char           *path);
void            xn_ssh_transport_set_known_hosts_file    (XnSshTransport       *self,
                                                          const char           *path);
const char     *xn_ssh_transport_get_known_hosts_file    (XnSshTransport       *self);
void            xn_ssh_transport_set_timeout             (XnSshTransport       *self,
                                                          guint                 seconds);
void            xn_ssh_transport_open_async              (XnSshTransport       *self,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
GIOStream      *xn_ssh_transport_open_finish             (XnSshTransport       *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
void            xn_ssh_transport_close                   (XnSshTransport       *self);
gboolean        xn_ssh_transport_wait_closed             (guint                 timeout_ms);
const char     *xn_ssh_transport_get_host_key_fingerprint (XnSshTransport      *self);
gboolean        xn_ssh_transport_trust_host_key          (XnSshTransport       *self,
                                                          const char           *fingerprint,
                                                          GError              **error);

char           *xn_ssh_default_app_known_hosts_file      (void);

G_END_DECLS
