#!/bin/sh
# check-libraries.sh READELF XENON-POLICY — xenon-policy itself must not
# link the signing stack or libssh: their helpers do (xenon-policy-sign,
# xenon-policy-hosts). Loading them cost a small document's `validate`
# twice its own work, all of it the dynamic loader's.
set -eu
readelf=$1 xp=$2
needed=$("$readelf" -d "$xp" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
bad=$(printf '%s\n' "$needed" | grep -E '^lib(ssh|xmlsec1|gnutls|gcrypt|crypto)[.-]' || true)
if [ -n "$bad" ]; then
  echo "xenon-policy links what only its helpers need:" $bad
  exit 1
fi
echo "xenon-policy links" $needed
