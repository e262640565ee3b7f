#!/usr/bin/env bash
# Installs what entente builds with, from Debian's packages (Debian 12, as root), and any further
# packages named as arguments.
set -euo pipefail
packages=(cmake make g++ libboost-graph-dev libboost-serialization-dev libicu-dev libfmt-dev
          doctest-dev nlohmann-json3-dev libcli11-dev libserd-dev libxml2-dev "$@")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
