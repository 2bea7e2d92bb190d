# shellcheck shell=bash
# Sourced by the install scripts and the benchmarks: one way to install missing Debian packages.
#
#   install_missing_debian_packages WHO PACKAGE...
#
# Installs those of PACKAGE not installed yet, non-interactively, without recommends, saying so
# on stderr as WHO. Refreshes the package lists first (a fresh machine may have none), waits
# for another apt run's lock (install scripts may run side by side) instead of failing, and
# uses sudo when not root. Debian's npm is left out when an npm is already on PATH: a node that
# ships its own npm (the nodesource build) conflicts with Debian's package.

install_missing_debian_packages() {
  local who="$1"
  shift
  local to_install=() package
  for package in "$@"; do
    if [ "$package" = npm ] && command -v npm > /dev/null; then continue; fi
    if ! dpkg-query -W -f='${Status}' "$package" 2> /dev/null | grep -q "install ok installed"; then
      to_install+=("$package")
    fi
  done
  [ ${#to_install[@]} -eq 0 ] && return 0
  echo "$who: apt-get install ${to_install[*]}" >&2
  # Through env, as sudo would drop the variable from its own environment.
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600)
  if [ "$(id -u)" -ne 0 ]; then apt=(sudo "${apt[@]}"); fi
  "${apt[@]}" update -qq
  "${apt[@]}" install -y -qq --no-install-recommends "${to_install[@]}" > /dev/null
}
