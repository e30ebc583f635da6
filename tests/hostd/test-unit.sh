#!/bin/sh
# tests/hostd/test-unit.sh: the daemon's systemd unit as installed.  PID 1
# here is not systemd, so the unit is read, not run: it raises the
# descriptor limit above the 1,024 default (a user with no role held that
# many idle connections and root could no longer connect), and says why.
# Usage: test-unit.sh UNIT
set -u
unit=$1
[ -r "$unit" ] || { echo "FAIL: no unit at $unit"; exit 1; }
limit=$(sed -n 's/^LimitNOFILE=\([0-9]*\)$/\1/p' "$unit")
if [ -z "$limit" ] || [ "$limit" -le 1024 ]; then
  echo "FAIL: LimitNOFILE is '${limit:-unset}', not above 1024"
  exit 1
fi
# The line before it is a comment (the reason).
before=$(grep -B1 '^LimitNOFILE=' "$unit" | head -1)
case $before in
  \#*) ;;
  *) echo "FAIL: LimitNOFILE=$limit has no comment saying why"; exit 1 ;;
esac
echo "1 passed, 0 failed"
