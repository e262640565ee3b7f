#!/usr/bin/env bash
# Installs the npm package kuzu@0.11.3 into PEERS_DIR unless it is there already; the install's
# log goes to WORKDIR. Used by run.sh and csv_import.sh. Exit 2 when it cannot.
#
#   install_kuzu.sh PEERS_DIR WORKDIR
set -euo pipefail
peers=$1
work=$2
kuzu_version=0.11.3

fail() {
  echo "install_kuzu.sh: $*" >&2
  exit 2
}
command -v node >/dev/null || fail "node is not installed (on Debian: apt-get install nodejs npm)"
mkdir -p "$peers" "$work" || fail "cannot create $peers or $work"

# Kùzu from npm, once: a matching package.json and the native library mean it is in place.
kuzu_dir=$peers/node_modules/kuzu
installed=$(KUZU_PACKAGE=$kuzu_dir/package.json node -e \
  'try { process.stdout.write(require(process.env.KUZU_PACKAGE).version) } catch (e) {}')
if [[ $installed != "$kuzu_version" ]]; then
  command -v npm >/dev/null || fail "npm is not installed (on Debian: apt-get install npm)"
  echo "installing kuzu@$kuzu_version into $peers"
  npm install --prefix "$peers" --no-audit --no-fund "kuzu@$kuzu_version" >"$work/npm-install.log" 2>&1 ||
    fail "npm install kuzu@$kuzu_version failed; see $work/npm-install.log"
fi
# The package ships prebuilt libraries; its install step does not always put one in place.
if [[ ! -f $kuzu_dir/kuzujs.node ]]; then
  prebuilt=$kuzu_dir/prebuilt/kuzujs-linux-x64.node
  [[ -f $prebuilt ]] || fail "kuzu has no native library: neither $kuzu_dir/kuzujs.node nor $prebuilt"
  cp "$prebuilt" "$kuzu_dir/kuzujs.node"
fi

