#!/usr/bin/env bash
# Makes sure the registry tests have their tools: Debian's `docker-registry` (the CNCF distribution registry),
# `skopeo` (an independent client that reports the digest the registry serves) and `htpasswd` (bcrypt entries for the
# registry's basic auth). Installs the missing ones with apt when it can (CI runs as root on a clean Debian machine).
# Never fails the test run: when the tools cannot be installed, the registry tests skip and say why.
set -u
need=()
command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
command -v skopeo >/dev/null 2>&1 || need+=(skopeo)
command -v htpasswd >/dev/null 2>&1 || need+=(apache2-utils)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "kubeward tests: missing ${need[*]} and cannot install them (needs root and apt-get); registry tests will be skipped." >&2
  exit 0
fi
echo "kubeward tests: installing ${need[*]} for the loopback registry tests…" >&2
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get -o DPkg::Lock::Timeout=600 update -qq && apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${need[@]}"; } >&2; then
  echo "kubeward tests: could not install ${need[*]}; registry tests will be skipped." >&2
fi
exit 0
