/* xn-stdio-bridge.c: stdin/stdout joined to the daemon's socket
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * What sshd runs for the "xenon" subsystem, as systemd-stdio-bridge is
 * for `systemctl -H`: bytes are copied both ways untouched.  The daemon
 * sees this process's uid (the SSH user) as the peer of the socket, which
 * is the whole point: the client's own D-Bus authentication says nothing.
 * An end-of-file on stdin half-closes the socket; the bridge ends when the
 * daemon closes its side.
 */

#define G_LOG_DOMAIN "xn-hostd"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "xn-hostd.h"

static gboolean
write_all (int         fd,
           const char *buf,
           gssize      len)
{
  while (len > 0)
    {
      gssize n = write (fd, buf, (size_t) len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      buf += n;
      len -= n;
    }
  return TRUE;
}

int
xn_hostd_stdio_bridge (const char *socket_path)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  gboolean in_open = TRUE;
  char buf[65536];
  int sock;

  if (strlen (socket_path) >= sizeof addr.sun_path)
    {
      g_printerr (_("Socket path too long: %s\n"), socket_path);
      return 1;
    }
  strcpy (addr.sun_path, socket_path);
  sock = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (sock < 0 || connect (sock, (struct sockaddr *) &addr, sizeof addr) != 0)
    {
      g_printerr (_("Cannot connect to xenon-hostd at %s: %s\n"), socket_path, g_strerror (errno));
      return 1;
    }

  for (;;)
    {
      struct pollfd fds[2] = {
        { .fd = in_open ? STDIN_FILENO : -1, .events = POLLIN },
        { .fd = sock, .events = POLLIN },
      };
      gssize n;

      if (poll (fds, 2, -1) < 0)
        {
          if (errno == EINTR)
            continue;
          break;
        }
      if (fds[0].revents & (POLLIN | POLLHUP | POLLERR))
        {
          n = read (STDIN_FILENO, buf, sizeof buf);
          if (n < 0 && errno == EINTR)
            continue;
          if (n <= 0)
            {
              in_open = FALSE;
              shutdown (sock, SHUT_WR);
            }
          else if (!write_all (sock, buf, n))
            break;
        }
      if (fds[1].revents & (POLLIN | POLLHUP | POLLERR))
        {
          n = read (sock, buf, sizeof buf);
          if (n < 0 && errno == EINTR)
            continue;
          if (n <= 0 || !write_all (STDOUT_FILENO, buf, n))
            break;
        }
    }
  close (sock);
  close (STDOUT_FILENO);
  return 0;
}
