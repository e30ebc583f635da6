#!/bin/sh
# tests/ui/test-atspi.sh XENON-MANAGER POLICY: runs tests/ui/test-atspi.py
# against a real xenon-manager inside its own Xvfb, D-Bus session and
# AT-SPI bus; everything started here is stopped here.  Skips (77),
# saying why, when a part is missing.
set -u
manager=$1
policy=$2
here=$(cd "$(dirname "$0")" && pwd)

if [ -z "${XN_ATSPI_INNER:-}" ]; then
    for p in Xvfb dbus-run-session; do
        command -v $p >/dev/null 2>&1 || { echo "SKIP: $p not found"; exit 77; }
    done
    [ -x /usr/libexec/at-spi-bus-launcher ] ||
        { echo "SKIP: at-spi2-core's bus launcher not found"; exit 77; }
    /usr/bin/python3 -c 'import pyatspi' 2>/dev/null ||
        { echo "SKIP: python3-pyatspi is not installed (tools/install-deps installs it)"; exit 77; }
    export XN_ATSPI_INNER=1 NO_AT_BRIDGE=0
    exec "$here/run-under-xvfb.sh" "$0" "$@"
fi

/usr/libexec/at-spi-bus-launcher --launch-immediately &
bus=$!
sleep 1
# A critical is a bug: it ends the app, and the check below sees it gone.
# The embedded simulated host keeps its state in a directory of its own.
data=$(mktemp -d)
XDG_DATA_HOME=$data G_DEBUG=fatal-criticals "$manager" "$policy" &
app=$!
/usr/bin/python3 "$here/test-atspi.py"
rc=$?
if ! kill -0 "$app" 2>/dev/null; then
    echo "FAIL: xenon-manager is gone before the end (a critical? see its stderr above)"
    rc=1
else
    echo "ok: xenon-manager ran to the end without a critical"
fi
kill "$app" "$bus" 2>/dev/null
wait "$app" "$bus" 2>/dev/null
rm -rf "$data"
exit $rc
