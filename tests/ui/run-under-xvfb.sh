#!/bin/sh
# Runs a UI test under its own X server (Xvfb), with the cairo renderer
# (steady pixels for screenshots). Skips (77) when xvfb-run is missing.
if ! command -v xvfb-run >/dev/null 2>&1; then
  echo "SKIP: xvfb-run not found (install xvfb and xauth)"
  exit 77
fi
export GSK_RENDERER=cairo
export GDK_BACKEND=x11
exec xvfb-run -a -s "-screen 0 1280x800x24" "$@"
