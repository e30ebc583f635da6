#!/bin/sh
# run-under-xvfb.sh COMMAND [ARG...]: runs COMMAND under an X server of
# its own (Xvfb), with the cairo renderer (steady pixels for screenshots),
# and a D-Bus session bus of its own, and stops both afterwards.  Exits
# with COMMAND's status; skips (77) when Xvfb is missing.
#
# Not `xvfb-run -a`: it picks the display by looking for a free lock file
# and then starts the server, so two UI tests started together both take
# :99, one server dies, and that test's client is refused ("cannot open
# display").  Xvfb's -displayfd makes the server claim a free display
# itself and report which one, with no window between choice and claim.
set -u
if ! command -v Xvfb >/dev/null 2>&1; then
  echo "SKIP: Xvfb not found (install xvfb)"
  exit 77
fi

dir=$(mktemp -d) || exit 1
mkfifo "$dir/displayfd" || { rm -rf "$dir"; exit 1; }
# -nolisten tcp: only the local socket, which only this machine can reach.
Xvfb -displayfd 3 -nolisten tcp -screen 0 1280x800x24 \
  3>"$dir/displayfd" 2>"$dir/xvfb.log" &
xvfb=$!
# A test stopped by meson's timeout must not leave its server behind.
trap 'kill "$xvfb" 2>/dev/null; rm -rf "$dir"; exit 143' TERM INT
# Xvfb writes the display number once it accepts connections; EOF
# without a number means it died.
read -r num <"$dir/displayfd" || num=
if [ -z "$num" ]; then
  echo "FAIL: Xvfb did not start:" >&2
  cat "$dir/xvfb.log" >&2
  kill "$xvfb" 2>/dev/null
  rm -rf "$dir"
  exit 1
fi

export DISPLAY=":$num" GSK_RENDERER=cairo GDK_BACKEND=x11
unset WAYLAND_DISPLAY
# A session bus of the test's own, ended with it: without one, GLib
# autolaunches a bus through X11 and the AT-SPI bus launcher that GTK
# starts, and both outlive the test.
if command -v dbus-run-session >/dev/null 2>&1; then
  dbus-run-session -- "$@"
else
  "$@"
fi
rc=$?
kill "$xvfb" 2>/dev/null
wait "$xvfb" 2>/dev/null
rm -rf "$dir"
exit $rc
