#!/bin/sh
# check-libraries.sh READELF XENON-POLICY [static-glib] — xenon-policy
# itself must not link the signing stack, libssh or GDBus's client (with
# GIO's module loader, libmount, libblkid, libselinux): their helpers do
# (xenon-policy-sign, xenon-policy-hosts, xenon-policy-learn). Loading
# them cost a small document's `validate` twice its own work, all of it
# the dynamic loader's. Built with GLib linked in (static-glib), it must
# not load the shared GLib, GObject or GIO either.
set -eu
readelf=$1 xp=$2 mode=${3:-}
needed=$("$readelf" -d "$xp" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
pattern='^lib(ssh|xmlsec1|gnutls|gcrypt|crypto|mount|blkid|selinux)[.-]'
[ "$mode" = static-glib ] && pattern='^lib(ssh|xmlsec1|gnutls|gcrypt|crypto|mount|blkid|selinux|glib|gobject|gio|gmodule|pcre2|ffi)[.-]'
bad=$(printf '%s\n' "$needed" | grep -E "$pattern" || true)
if [ -n "$bad" ]; then
  echo "xenon-policy links what it should not:" $bad
  exit 1
fi
echo "xenon-policy links" $needed
