#!/bin/sh
# Runs COMMAND with a tmpfs of SIZE mounted at DIR, in a mount namespace of its own (so that the
# mount goes with it whatever happens), then prints its exit code and what it left on the disk:
#
#   on_small_disk.sh DIR SIZE COMMAND [ARGS...]
#
# Where that is not permitted (not root, no namespaces), it says "skipped: ..." instead, which
# the test takes for a skip.
dir=$1
size=$2
shift 2
mkdir -p "$dir" || exit 1
command -v unshare >/dev/null || { echo "skipped: no unshare"; exit 0; }
unshare --mount --propagation private sh -c '
  dir=$1 size=$2
  shift 2
  mount -t tmpfs -o "size=$size" entente-test "$dir" || { echo "skipped: cannot mount a tmpfs"; exit 0; }
  "$@"
  echo "exit $?"
  echo "left: $(ls -A "$dir")"
' sh "$dir" "$size" "$@" || echo "skipped: cannot make a mount namespace"
