#!/usr/bin/env bash
# Installs what the differential tests compare against, from Debian's packages (Debian 12, as
# root): Python 3 with NetworkX (and SciPy, which its PageRank uses) and rdflib (which reads the
# RDF exports back), and Node.js with npm, from which the tests fetch Kùzu into the build tree.
# A Node.js already on the machine is kept.
set -euo pipefail
packages=(python3 python3-networkx python3-numpy python3-scipy python3-rdflib)
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)
exec bash "$(dirname "$0")/install-deps.sh" "${packages[@]}"
