# shellcheck shell=bash
# Sourced by the bench scripts: sets `mamori` to the built binary when it is empty, the
# release build first (the accuracy scripts compare detection, which every build shares).
# Exits 2 when there is none.
if [ -z "${mamori:-}" ]; then
  for candidate in build/release/mamori build/dev/mamori build/pgo/mamori; do
    if [ -x "$candidate" ]; then mamori="$candidate"; break; fi
  done
fi
if [ -z "${mamori:-}" ]; then
  echo "no mamori binary: build first (cmake --preset release && cmake --build --preset release)" >&2
  exit 2
fi
