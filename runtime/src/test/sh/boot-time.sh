#!/bin/sh
# Boot-time measurement of Comet distributions (docs/runtime.md, "Start-up time"): the wall time from spawning
# bin/mqnamesrv or bin/mqbroker to the boot line in its log, as the side-by-side benchmark measures it
# (JAVA_OPT="-Xms1g -Xmx1g", ROCKETMQ_LOG_DIR and COMET_RUN_DIR in a fresh folder per boot, loopback, free ports).
#
#   runtime/src/test/sh/boot-time.sh [-r namesrv|broker] [-n boots] LABEL=DIST[:JAVA_OPTS] ...
#
# Each variant is a distribution folder plus optional extra JVM options (added to JAVA_OPT). Variants are run
# interleaved (A B A B ...) so a change in machine load hits them alike; each boot is waited for at most 60 s,
# then the node is stopped with SIGTERM (SIGKILL after 20 s) and its folder removed. For the broker, one NameServer
# (the first variant's) runs during the measurement and is stopped at the end. Prints every boot's ms and, per
# variant, the sorted times and the median. Run it under nice -n 19 on a shared machine.
set -u
role=namesrv
boots=5
while getopts r:n: opt; do
  case $opt in
    r) role=$OPTARG ;;
    n) boots=$OPTARG ;;
    *) echo "usage: $0 [-r namesrv|broker] [-n boots] LABEL=DIST[:JAVA_OPTS] ..." >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { echo "$0: no variant given (LABEL=DIST[:JAVA_OPTS])" >&2; exit 2; }
case $role in namesrv|broker) ;; *) echo "$0: role must be namesrv or broker, was $role" >&2; exit 2 ;; esac

work=$(mktemp -d /tmp/boot-time.XXXXXX)
ns_pid=
node_pid=
cleanup() {
  for p in $node_pid $ns_pid; do
    kill -TERM "$p" 2>/dev/null && { i=0; while kill -0 "$p" 2>/dev/null && [ $i -lt 200 ]; do sleep 0.1; i=$((i+1)); done; kill -KILL "$p" 2>/dev/null; }
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { # a port that is free, with port-1 .. port+2 free too (the broker binds listenPort-2 and +1)
  python3 -c 'import socket
for _ in range(50):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close()
    ok = p > 1100
    for q in (p - 2, p + 1):
        t = socket.socket()
        try: t.bind(("127.0.0.1", q))
        except OSError: ok = False
        finally: t.close()
    if ok: print(p); break'
}

now_ms() { date +%s%3N; }

# CPU time (user + system, all threads) the process used so far, in ms (Linux /proc; 10 ms resolution). Less
# sensitive to other load on the machine than wall time, so it is reported beside it.
cpu_ms() {
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print int(($12 + $13) * 1000 / hz) }' "/proc/$1/stat" 2>/dev/null || echo 0
}

# boot DIR DIST OPTS SCRIPT ARGS... : spawns, waits for the boot line, sets ms (or FAIL) and node_pid
boot() {
  dir=$1 dist=$2 opts=$3 script=$4; shift 4
  mkdir -p "$dir/logs" "$dir/run"
  case $script in mqnamesrv) log=$dir/logs/namesrv.log; line='The Name Server boot success' ;;
                  *) log=$dir/logs/broker.log; line='boot success' ;; esac
  t0=$(now_ms)
  JAVA_OPT="-Xms1g -Xmx1g $opts" ROCKETMQ_LOG_DIR="$dir/logs" COMET_RUN_DIR="$dir/run" \
    "$dist/bin/$script" "$@" >"$dir/out.log" 2>&1 &
  node_pid=$!
  while :; do
    if grep -q "$line" "$log" 2>/dev/null; then ms=$(( $(now_ms) - t0 )); cpu=$(cpu_ms "$node_pid"); return 0; fi
    if ! kill -0 "$node_pid" 2>/dev/null || [ $(( $(now_ms) - t0 )) -gt 60000 ]; then
      ms=FAIL; cpu=FAIL; tail -n 5 "$dir/out.log" >&2; return 1
    fi
    sleep 0.005
  done
}

stop_node() {
  [ -n "$node_pid" ] || return 0
  kill -TERM "$node_pid" 2>/dev/null
  i=0; while kill -0 "$node_pid" 2>/dev/null && [ $i -lt 200 ]; do sleep 0.1; i=$((i+1)); done
  kill -KILL "$node_pid" 2>/dev/null; wait "$node_pid" 2>/dev/null
  node_pid=
}

ns_addr=
if [ "$role" = broker ]; then
  first=${1#*=}; first=${first%%:*}
  p=$(free_port); printf 'listenPort=%s\nbindAddress=127.0.0.1\n' "$p" >"$work/ns.properties"
  boot "$work/ns" "$first" "" mqnamesrv -c "$work/ns.properties" || exit 1
  ns_pid=$node_pid; node_pid=; ns_addr=127.0.0.1:$p
fi

run=0
while [ $run -lt "$boots" ]; do
  run=$((run + 1))
  for v in "$@"; do
    label=${v%%=*}; spec=${v#*=}; dist=${spec%%:*}; opts=
    case $spec in *:*) opts=${spec#*:} ;; esac
    d=$work/$label-$run; p=$(free_port)
    if [ "$role" = namesrv ]; then
      printf 'listenPort=%s\nbindAddress=127.0.0.1\n' "$p" >"$d.conf"
      boot "$d" "$dist" "$opts" mqnamesrv -c "$d.conf"
    else
      printf '%s\n' brokerClusterName=BootCluster brokerName=boot-a brokerId=0 brokerIP1=127.0.0.1 brokerIP2=127.0.0.1 \
        "listenPort=$p" "haListenPort=$((p + 1))" "namesrvAddr=$ns_addr" "storePathRootDir=$d/store" \
        "storePathCommitLog=$d/store/commitlog" flushDiskType=ASYNC_FLUSH brokerRole=ASYNC_MASTER >"$d.conf"
      boot "$d" "$dist" "$opts" mqbroker -c "$d.conf" -n "$ns_addr"
    fi
    stop_node
    echo "$label $run wall $ms ms, cpu $cpu ms"
    echo "$ms" >>"$work/$label.times"
    echo "$cpu" >>"$work/$label.cpu"
    rm -rf "$d" "$d.conf"
  done
done

median() { # FILE: "median ms of n: sorted values"
  sorted=$(grep -v FAIL "$1" | sort -n)
  n=$(printf '%s\n' "$sorted" | grep -c .)
  echo "$(printf '%s\n' "$sorted" | sed -n "$(( (n + 1) / 2 ))p") ms of $n: $(printf '%s ' $sorted)"
}
for v in "$@"; do
  label=${v%%=*}
  echo "$label $role wall median $(median "$work/$label.times")"
  echo "$label $role cpu  median $(median "$work/$label.cpu")"
done
