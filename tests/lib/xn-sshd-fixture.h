/* xn-sshd-fixture.h: a private OpenSSH sshd on loopback for tests
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The server runs from its own temporary directory: its own ed25519 host
 * key, authorized keys, configuration and log; its "xenon" subsystem is
 * the daemon's bridge to a test socket.  It writes its PID file, and
 * xn_sshd_stop() kills that PID and the session processes it forked (found
 * by their parent PID in /proc), so a failing test leaves nothing behind.
 * sshd needs root (privilege separation): callers skip otherwise. */

#pragma once

#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define XN_SSHD_PATH "/usr/sbin/sshd"

typedef struct
{
  char  *dir;
  char  *conf;
  char  *log;
  char  *pid_file;
  char  *host_key;        /* its .pub beside it */
  char  *user_key;        /* authorized */
  char  *known_hosts;     /* empty at first: the client's file */
  guint  port;
  GPid   pid;
} XnSshd;

/* Why sshd cannot run here, or NULL. */
static inline const char *
xn_sshd_unavailable (void)
{
  g_autofree char *keygen = g_find_program_in_path ("ssh-keygen");

  if (getuid () != 0)
    return "sshd needs root (privilege separation); skipping";
  if (!g_file_test (XN_SSHD_PATH, G_FILE_TEST_IS_EXECUTABLE))
    return XN_SSHD_PATH " is not installed (openssh-server); skipping";
  if (keygen == NULL)
    return "ssh-keygen is not installed (openssh-client); skipping";
  return NULL;
}

static inline gboolean
xn_sshd_run (const char *const *argv,
             char              **out)
{
  int status = 0;

  return g_spawn_sync (NULL, (char **) argv, NULL,
                       G_SPAWN_SEARCH_PATH | (out == NULL ? G_SPAWN_STDOUT_TO_DEV_NULL : 0)
                       | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, out, NULL, &status, NULL)
         && g_spawn_check_wait_status (status, NULL);
}

/* A new ed25519 key pair without passphrase at @path and @path.pub. */
static inline gboolean
xn_sshd_keygen (const char *path)
{
  const char *argv[] = { "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "xn-test",
                         "-f", path, NULL };

  g_unlink (path);
  return xn_sshd_run (argv, NULL);
}

/* The SHA256:… fingerprint of a public key file, as ssh-keygen prints it. */
static inline char *
xn_sshd_fingerprint (const char *pub)
{
  const char *argv[] = { "ssh-keygen", "-l", "-E", "sha256", "-f", pub, NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) fields = NULL;

  if (!xn_sshd_run (argv, &out))
    return NULL;
  fields = g_strsplit (out, " ", 3);
  return g_strv_length (fields) >= 2 ? g_strdup (fields[1]) : NULL;
}

static inline guint
xn_sshd_free_port (void)
{
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof a;
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  guint port = 0;

  if (fd >= 0 && bind (fd, (struct sockaddr *) &a, sizeof a) == 0
      && getsockname (fd, (struct sockaddr *) &a, &len) == 0)
    port = ntohs (a.sin_port);
  if (fd >= 0)
    close (fd);
  return port;
}

static inline gboolean
xn_sshd_port_open (guint port)
{
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK),
                           .sin_port = htons (port) };
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  gboolean ok = fd >= 0 && connect (fd, (struct sockaddr *) &a, sizeof a) == 0;

  if (fd >= 0)
    close (fd);
  return ok;
}

/* Starts sshd (again, on the same port, if it ran before). */
static inline gboolean
xn_sshd_launch (XnSshd  *d,
                GError **error)
{
  const char *check[] = { XN_SSHD_PATH, "-t", "-f", d->conf, NULL };
  const char *argv[] = { XN_SSHD_PATH, "-D", "-f", d->conf, "-E", d->log, NULL };
  gint64 deadline;

  if (!xn_sshd_run (check, NULL))
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "sshd -t -f %s refused the configuration", d->conf);
      return FALSE;
    }
  if (!g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &d->pid, error))
    return FALSE;
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!xn_sshd_port_open (d->port))
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "sshd did not listen on port %u (see %s)",
                       d->port, d->log);
          return FALSE;
        }
      g_usleep (10000);
    }
  return TRUE;
}

static inline gboolean
xn_sshd_start (XnSshd      *d,
               const char  *subsystem,
               GError     **error)
{
  g_autofree char *conf = NULL;
  g_autofree char *auth = NULL;
  g_autofree char *auth_keys = NULL;
  g_autofree char *user_pub = NULL;

  memset (d, 0, sizeof *d);
  g_mkdir_with_parents ("/run/sshd", 0755);
  d->dir = g_dir_make_tmp ("xn-sshd-XXXXXX", error);
  if (d->dir == NULL)
    return FALSE;
  d->conf = g_build_filename (d->dir, "sshd_config", NULL);
  d->log = g_build_filename (d->dir, "sshd.log", NULL);
  d->pid_file = g_build_filename (d->dir, "sshd.pid", NULL);
  d->host_key = g_build_filename (d->dir, "host_ed25519", NULL);
  d->user_key = g_build_filename (d->dir, "user_ed25519", NULL);
  d->known_hosts = g_build_filename (d->dir, "known_hosts", NULL);
  auth_keys = g_build_filename (d->dir, "authorized_keys", NULL);
  user_pub = g_strconcat (d->user_key, ".pub", NULL);
  if (!xn_sshd_keygen (d->host_key) || !xn_sshd_keygen (d->user_key)
      || !g_file_get_contents (user_pub, &auth, NULL, error)
      || !g_file_set_contents (auth_keys, auth, -1, error)
      || !g_file_set_contents (d->known_hosts, "", 0, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "ssh-keygen failed");
      return FALSE;
    }
  g_chmod (auth_keys, 0600);
  d->port = xn_sshd_free_port ();
  conf = g_strdup_printf ("ListenAddress 127.0.0.1\n"
                          "Port %u\n"
                          "HostKey %s\n"
                          "PidFile %s\n"
                          "AuthorizedKeysFile %s\n"
                          "StrictModes no\n"
                          "PasswordAuthentication no\n"
                          "KbdInteractiveAuthentication no\n"
                          "UsePAM no\n"
                          "PermitRootLogin prohibit-password\n"
                          "LogLevel VERBOSE\n"
                          "MaxStartups 200\n"
                          "MaxSessions 200\n"
                          /* sshd runs the subsystem with the user's shell; bash
                           * run by sshd reads ~/.bashrc unless it is nested, and
                           * a developer's .bashrc can take seconds. */
                          "SetEnv SHLVL=1\n"
                          "Subsystem xenon %s\n",
                          d->port, d->host_key, d->pid_file, auth_keys, subsystem);
  if (!g_file_set_contents (d->conf, conf, -1, error))
    return FALSE;
  return xn_sshd_launch (d, error);
}

/* Kills, by PID, every process our sshd forked (sessions and their
 * subsystems), found through their parent PIDs in /proc. */
static inline guint
xn_sshd_kill_sessions (XnSshd *d)
{
  g_autoptr(GHashTable) tree = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) ppids = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;
  gboolean grew = TRUE;
  guint n = 0;

  if (proc == NULL || d->pid <= 0)
    return 0;
  while ((name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *stat = NULL;
      const char *rp;
      int pid, ppid = 0;

      if (!g_ascii_isdigit (name[0]))
        continue;
      path = g_build_filename ("/proc", name, "stat", NULL);
      if (!g_file_get_contents (path, &stat, NULL, NULL) || (rp = strrchr (stat, ')')) == NULL)
        continue;
      if (sscanf (rp + 1, " %*c %d", &ppid) != 1)
        continue;
      pid = atoi (name);
      g_array_append_val (pids, pid);
      g_array_append_val (ppids, ppid);
    }
  g_hash_table_add (tree, GINT_TO_POINTER (d->pid));
  while (grew)
    {
      grew = FALSE;
      for (guint i = 0; i < pids->len; i++)
        {
          int pid = g_array_index (pids, int, i);

          if (!g_hash_table_contains (tree, GINT_TO_POINTER (pid))
              && g_hash_table_contains (tree, GINT_TO_POINTER (g_array_index (ppids, int, i))))
            {
              g_hash_table_add (tree, GINT_TO_POINTER (pid));
              grew = TRUE;
            }
        }
    }
  g_hash_table_remove (tree, GINT_TO_POINTER (d->pid));
  {
    GHashTableIter it;
    gpointer key;

    g_hash_table_iter_init (&it, tree);
    while (g_hash_table_iter_next (&it, &key, NULL))
      {
        kill ((pid_t) GPOINTER_TO_INT (key), SIGKILL);
        n++;
      }
  }
  return n;
}

/* Stops the listener (sessions go on, as with a real sshd). */
static inline void
xn_sshd_stop_listener (XnSshd *d)
{
  if (d->pid <= 0)
    return;
  kill (d->pid, SIGTERM);
  waitpid (d->pid, NULL, 0);
  d->pid = 0;
}

static inline void
xn_sshd_stop (XnSshd *d)
{
  xn_sshd_kill_sessions (d);
  xn_sshd_stop_listener (d);
}

static inline void
xn_sshd_free (XnSshd *d)
{
  g_clear_pointer (&d->dir, g_free);
  g_clear_pointer (&d->conf, g_free);
  g_clear_pointer (&d->log, g_free);
  g_clear_pointer (&d->pid_file, g_free);
  g_clear_pointer (&d->host_key, g_free);
  g_clear_pointer (&d->user_key, g_free);
  g_clear_pointer (&d->known_hosts, g_free);
}

/* Removes a test's temporary directory. */
static inline void
xn_sshd_rm_rf (const char *dir)
{
  const char *argv[] = { "rm", "-rf", dir, NULL };

  if (dir != NULL && g_str_has_prefix (dir, g_get_tmp_dir ()))
    xn_sshd_run (argv, NULL);
}

static inline guint
xn_sshd_log_count (XnSshd     *d,
                   const char *needle)
{
  g_autofree char *log = NULL;
  guint n = 0;

  if (!g_file_get_contents (d->log, &log, NULL, NULL))
    return 0;
  for (const char *p = strstr (log, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}
