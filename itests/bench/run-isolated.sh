#!/bin/sh
# Runs the benchmark (both systems, all their clients) inside a private network namespace whose only interface is
# loopback, so no byte of it can leave through another address, and checks that while it runs: every second the
# TCP connections in the namespace are listed (ss -tn) and any peer that is not 127.0.0.1 / ::1 is recorded.
#   itests/bench/run-isolated.sh [bench flags]     e.g.  itests/bench/run-isolated.sh --runs 3
# Needs unprivileged user namespaces (unshare -rn), ip (or ifconfig) and ss; Maven runs offline (-o) since the
# namespace has no network: build once outside first (see README.md). Exit status: Maven's, or 3 when a
# connection to another address was seen (listed on stderr).
set -eu
bench_dir=$(cd "$(dirname "$0")" && pwd -P)
repo=$(cd "$bench_dir/../.." && pwd -P)

if ! unshare -rn true 2>/dev/null; then
  echo "run-isolated: 'unshare -rn' is not permitted on this machine (user namespaces disabled?);" \
    "run the Maven command from README.md directly" >&2
  exit 1
fi
command -v ss >/dev/null || { echo "run-isolated: ss (iproute2) is needed to check the connections" >&2; exit 1; }

seen=$(mktemp "${TMPDIR:-/tmp}/bench-conns.XXXXXX")
export BENCH_ARGS="$*" BENCH_SEEN="$seen" BENCH_REPO="$repo"
set +e
unshare -rn sh -c '
  if command -v ip >/dev/null; then ip link set lo up; else ifconfig lo up; fi || {
    echo "run-isolated: cannot bring loopback up in the namespace (needs ip or ifconfig)" >&2; exit 1; }
  ( while :; do
      ss -tn state established 2>/dev/null | awk "NR > 1 { print \$3, \$4 }" \
        | grep -v -E "^(127\.0\.0\.1|\[::ffff:127\.0\.0\.1\]|\[::1\]):[0-9]+ (127\.0\.0\.1|\[::ffff:127\.0\.0\.1\]|\[::1\]):[0-9]+$" \
        >> "$BENCH_SEEN"
      echo sample >> "$BENCH_SEEN.samples"
      sleep 1
    done ) &
  watcher=$!
  cd "$BENCH_REPO" && mvn -B -o -Pbench -pl itests/bench verify -DskipTests -Dbench.args="$BENCH_ARGS"
  status=$?
  kill $watcher
  exit $status'
status=$?
set -e
samples=$(wc -l < "$seen.samples" 2>/dev/null || echo 0)
if [ -s "$seen" ]; then
  echo "run-isolated: connections to addresses other than loopback were seen:" >&2
  sort -u "$seen" >&2
  status=3
else
  echo "run-isolated: every TCP connection was on loopback ($samples checks, one a second)"
fi
rm -f "$seen" "$seen.samples"
exit $status
