/* xn-agent-link.c: the channel between the host daemon and a network
 * service domain's agent
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * On Xen the channel is a libxenvchan: the agent offers a ring (a grant
 * and an event channel) to Domain-0 only, under its own xenstore home;
 * the host daemon maps it.  Nothing but Domain-0 can connect, and the
 * pages and channel are the ones the policy's profiles already allow a
 * network service domain (grant_table_op, event_channel_op).  Without
 * Xen (the simulated host, the tests) the same messages go over a Unix
 * socket.
 *
 * Each message is a 4-byte big-endian length and a GVariant in normal
 * form; either side checks the length against its limit before it
 * reads, and the type and form before it looks inside.
 */

#define G_LOG_DOMAIN "xn-hostd"
#define _GNU_SOURCE   /* accept4(), struct ucred */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gunixsocketaddress.h>
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#ifdef HAVE_VCHAN
#include <libxenvchan.h>
#endif

#include "xn-hostd.h"
#include "xn-agent-link.h"

#define REQUEST_TYPE "(sstay)"
#define REPLY_TYPE   "(bts)"

struct _XnAgentLink
{
  int   listen_fd;   /* unix server */
  int   fd;          /* unix connection */
  char *path;        /* unix server: removed at free */
#ifdef HAVE_VCHAN
  struct libxenvchan *vchan;
  char               *xs_path;   /* vchan server: where it offers the ring */
#endif
};

static gboolean
link_error (GError     **error,
            const char  *what)
{
  g_set_error (error, XN_HOSTD_ERROR, XN_HOSTD_ERROR_BACKEND, _("Agent channel: %s"), what);
  return FALSE;
}

static int
remaining_ms (gint64 deadline)
{
  gint64 left = deadline - g_get_monotonic_time ();

  return left <= 0 ? 0 : (int) MIN (left / 1000 + 1, G_MAXINT);
}

static XnAgentLink *
link_new (void)
{
  XnAgentLink *self = g_new0 (XnAgentLink, 1);

  self->listen_fd = -1;
  self->fd = -1;
  return self;
}

void
xn_agent_link_hangup (XnAgentLink *self)
{
  if (self->fd >= 0)
    close (self->fd);
  self->fd = -1;
#ifdef HAVE_VCHAN
  if (self->vchan != NULL)
    libxenvchan_close (self->vchan);
  self->vchan = NULL;
#endif
}

void
xn_agent_link_free (XnAgentLink *self)
{
  if (self == NULL)
    return;
  xn_agent_link_hangup (self);
  if (self->listen_fd >= 0)
    close (self->listen_fd);
  if (self->path != NULL)
    unlink (self->path);
  g_free (self->path);
#ifdef HAVE_VCHAN
  g_free (self->xs_path);
#endif
  g_free (self);
}

static gboolean
unix_address (const char          *path,
              struct sockaddr_un  *sa,
              GError             **error)
{
  memset (sa, 0, sizeof *sa);
  sa->sun_family = AF_UNIX;
  if (strlen (path) >= sizeof sa->sun_path)
    return link_error (error, _("socket path too long"));
  strcpy (sa->sun_path, path);
  return TRUE;
}

#ifdef HAVE_VCHAN
/* "vchan:DOMID:XSPATH" (connect) or "vchan:XSPATH" (listen). */
static gboolean
vchan_connect (XnAgentLink  *self,
               const char   *spec,
               GError      **error)
{
  const char *colon = strchr (spec, ':');
  g_autofree char *id = colon ? g_strndup (spec, (gsize) (colon - spec)) : NULL;
  guint64 domid;

  if (id == NULL || !g_ascii_string_to_unsigned (id, 10, 1, 0x7fef, &domid, NULL))
    return link_error (error, _("a vchan address is vchan:DOMID:XENSTORE-PATH"));
  self->vchan = libxenvchan_client_init (NULL, (int) domid, colon + 1);
  if (self->vchan == NULL)
    {
      g_autofree char *why = g_strdup_printf (_("no agent offers a channel at %s (%s)"),
                                              colon + 1, g_strerror (errno));

      return link_error (error, why);
    }
  self->vchan->blocking = 0;
  return TRUE;
}
#endif

/**
 * xn_agent_link_connect:
 * @address: "unix:PATH", or on Xen "vchan:DOMID:XENSTORE-PATH"
 *
 * The host daemon's end: connects to an agent.
 */
XnAgentLink *
xn_agent_link_connect (const char  *address,
                       gint64       deadline,
                       GError     **error)
{
  g_autoptr(XnAgentLink) self = link_new ();

  if (g_str_has_prefix (address, "unix:"))
    {
      struct sockaddr_un sa;
      struct pollfd p;

      if (!unix_address (address + 5, &sa, error))
        return NULL;
      self->fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
      if (self->fd < 0)
        {
          link_error (error, g_strerror (errno));
          return NULL;
        }
      if (connect (self->fd, (struct sockaddr *) &sa, sizeof sa) != 0 && errno != EINPROGRESS)
        {
          g_autofree char *why = g_strdup_printf (_("no agent listens on %s (%s)"), address + 5,
                                                  g_strerror (errno));

          link_error (error, why);
          return NULL;
        }
      p.fd = self->fd;
      p.events = POLLOUT;
      if (poll (&p, 1, remaining_ms (deadline)) != 1)
        {
          link_error (error, _("the agent did not answer in time"));
          return NULL;
        }
      return g_steal_pointer (&self);
    }
#ifdef HAVE_VCHAN
  if (g_str_has_prefix (address, "vchan:"))
    return vchan_connect (self, address + 6, error) ? g_steal_pointer (&self) : NULL;
#endif
  {
    g_autofree char *why = g_strdup_printf (_("unknown address “%s”"), address);

    link_error (error, why);
  }
  return NULL;
}

/**
 * xn_agent_link_listen:
 * @address: "unix:PATH", or on Xen "vchan:XENSTORE-PATH" (Domain-0 only
 *   may connect)
 *
 * The agent's end; xn_agent_link_accept() waits for the host daemon.
 */
XnAgentLink *
xn_agent_link_listen (const char  *address,
                      GError     **error)
{
  g_autoptr(XnAgentLink) self = link_new ();

  if (g_str_has_prefix (address, "unix:"))
    {
      struct sockaddr_un sa;

      if (!unix_address (address + 5, &sa, error))
        return NULL;
      unlink (address + 5);
      self->listen_fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
      if (self->listen_fd < 0 || bind (self->listen_fd, (struct sockaddr *) &sa, sizeof sa) != 0
          || listen (self->listen_fd, 4) != 0)
        {
          link_error (error, g_strerror (errno));
          return NULL;
        }
      self->path = g_strdup (address + 5);
      return g_steal_pointer (&self);
    }
#ifdef HAVE_VCHAN
  if (g_str_has_prefix (address, "vchan:"))
    {
      self->xs_path = g_strdup (address + 6);
      return g_steal_pointer (&self);
    }
#endif
  {
    g_autofree char *why = g_strdup_printf (_("unknown address “%s”"), address);

    link_error (error, why);
  }
  return NULL;
}

/* Waits (without end) for the host daemon to connect. */
gboolean
xn_agent_link_accept (XnAgentLink  *self,
                      GError      **error)
{
  xn_agent_link_hangup (self);
#ifdef HAVE_VCHAN
  if (self->xs_path != NULL)
    {
      /* A vchan serves one client: offer a fresh ring for each. */
      self->vchan = libxenvchan_server_init (NULL, 0, self->xs_path, 65536, 65536);
      if (self->vchan == NULL)
        return link_error (error, g_strerror (errno));
      self->vchan->blocking = 0;
      while (libxenvchan_is_open (self->vchan) == 2)
        if (libxenvchan_wait (self->vchan) < 0)
          return link_error (error, g_strerror (errno));
      return TRUE;
    }
#endif
  self->fd = accept4 (self->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
  if (self->fd < 0)
    return link_error (error, g_strerror (errno));
  {
    /* Only root's daemon may hand an agent its tables. */
    struct ucred cred;
    socklen_t len = sizeof cred;

    if (getsockopt (self->fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 || cred.uid != getuid ())
      {
        xn_agent_link_hangup (self);
        return link_error (error, _("a caller of another user was refused"));
      }
  }
  return TRUE;
}

/* Moves @len bytes in or out by the connection's own means; FALSE with
 * @error at the deadline or when the peer is gone. */
static gboolean
transfer (XnAgentLink  *self,
          guint8       *buf,
          gsize         len,
          gboolean      out,
          gint64        deadline,
          GError      **error)
{
  gsize done = 0;

  while (done < len)
    {
      gssize n = 0;

#ifdef HAVE_VCHAN
      if (self->vchan != NULL)
        {
          int room = out ? libxenvchan_buffer_space (self->vchan) : libxenvchan_data_ready (self->vchan);

          if (room > 0)
            n = out ? libxenvchan_write (self->vchan, buf + done, MIN ((gsize) room, len - done))
                    : libxenvchan_read (self->vchan, buf + done, MIN ((gsize) room, len - done));
          else if (libxenvchan_is_open (self->vchan) != 1)
            return link_error (error, _("the other end closed the channel"));
          else
            {
              struct pollfd p = { .fd = libxenvchan_fd_for_select (self->vchan), .events = POLLIN };

              if (poll (&p, 1, remaining_ms (deadline)) != 1)
                return link_error (error, _("no answer in time"));
              libxenvchan_wait (self->vchan);
              continue;
            }
          if (n < 0)
            return link_error (error, _("the other end closed the channel"));
          done += (gsize) n;
          continue;
        }
#endif
      {
        struct pollfd p = { .fd = self->fd, .events = out ? POLLOUT : POLLIN };

        if (self->fd < 0)
          return link_error (error, _("not connected"));
        if (poll (&p, 1, remaining_ms (deadline)) != 1)
          return link_error (error, _("no answer in time"));
        n = out ? send (self->fd, buf + done, len - done, MSG_NOSIGNAL)
                : recv (self->fd, buf + done, len - done, 0);
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
          continue;
        if (n <= 0)
          return link_error (error, _("the other end closed the channel"));
        done += (gsize) n;
      }
    }
  return TRUE;
}

gboolean
xn_agent_link_send (XnAgentLink  *self,
                    GBytes       *message,
                    gint64        deadline,
                    GError      **error)
{
  gsize len = g_bytes_get_size (message);
  guint8 head[4] = { (guint8) (len >> 24), (guint8) (len >> 16), (guint8) (len >> 8), (guint8) len };

  g_return_val_if_fail (len <= G_MAXUINT32, FALSE);
  return transfer (self, head, 4, TRUE, deadline, error)
         && transfer (self, (guint8 *) g_bytes_get_data (message, NULL), len, TRUE, deadline, error);
}

/* One message of at most @max bytes; a longer one ends the connection
 * before a byte of it is read. */
GBytes *
xn_agent_link_recv (XnAgentLink  *self,
                    gsize         max,
                    gint64        deadline,
                    GError      **error)
{
  guint8 head[4];
  gsize len;
  g_autofree guint8 *buf = NULL;

  if (!transfer (self, head, 4, FALSE, deadline, error))
    return NULL;
  len = ((gsize) head[0] << 24) | ((gsize) head[1] << 16) | ((gsize) head[2] << 8) | head[3];
  if (len > max)
    {
      g_autofree char *why = g_strdup_printf (_("a message of %lu bytes, above the limit of %lu"),
                                              (unsigned long) len, (unsigned long) max);

      xn_agent_link_hangup (self);
      link_error (error, why);
      return NULL;
    }
  buf = g_malloc (MAX (len, 1));
  if (!transfer (self, buf, len, FALSE, deadline, error))
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&buf), len);
}

/* ---- messages ---- */

GBytes *
xn_agent_request_encode (const XnAgentRequest *request)
{
  g_autoptr(GVariant) v = NULL;
  GVariant *plan;

  plan = g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE,
                                    request->plan ? g_bytes_get_data (request->plan, NULL) : NULL,
                                    request->plan ? g_bytes_get_size (request->plan) : 0, 1);
  v = g_variant_ref_sink (g_variant_new ("(sst@ay)", request->op, request->driver ? request->driver : "",
                                         request->serial, plan));
  return g_variant_get_data_as_bytes (v);
}

/* A message from the other side: its type, then normal form (so that no
 * two encodings of one value exist and every offset is in bounds). */
static GVariant *
decode (GBytes              *message,
        const GVariantType  *type,
        GError             **error)
{
  g_autoptr(GVariant) v = g_variant_new_from_bytes (type, message, FALSE);

  if (!g_variant_is_normal_form (v))
    {
      link_error (error, _("a malformed message"));
      return NULL;
    }
  return g_steal_pointer (&v);
}

void
xn_agent_request_clear (XnAgentRequest *request)
{
  g_clear_pointer (&request->op, g_free);
  g_clear_pointer (&request->driver, g_free);
  g_clear_pointer (&request->plan, g_bytes_unref);
}

gboolean
xn_agent_request_decode (GBytes          *message,
                         XnAgentRequest  *request,
                         GError         **error)
{
  g_autoptr(GVariant) v = decode (message, G_VARIANT_TYPE (REQUEST_TYPE), error);
  g_autoptr(GVariant) plan = NULL;

  memset (request, 0, sizeof *request);
  if (v == NULL)
    return FALSE;
  g_variant_get (v, "(sst@ay)", &request->op, &request->driver, &request->serial, &plan);
  if (!g_str_equal (request->op, "apply") && !g_str_equal (request->op, "status"))
    {
      xn_agent_request_clear (request);
      return link_error (error, _("an unknown request"));
    }
  request->plan = g_variant_get_data_as_bytes (plan);
  return TRUE;
}

GBytes *
xn_agent_reply_encode (gboolean    ok,
                       guint64     serial,
                       const char *text)
{
  g_autoptr(GVariant) v = g_variant_ref_sink (g_variant_new (REPLY_TYPE, ok, serial, text ? text : ""));

  return g_variant_get_data_as_bytes (v);
}

gboolean
xn_agent_reply_decode (GBytes    *message,
                       gboolean  *ok,
                       guint64   *serial,
                       char     **text,
                       GError   **error)
{
  g_autoptr(GVariant) v = decode (message, G_VARIANT_TYPE (REPLY_TYPE), error);

  if (v == NULL)
    return FALSE;
  g_variant_get (v, REPLY_TYPE, ok, serial, text);
  return TRUE;
}
