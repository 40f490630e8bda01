# Shared by bin/mqnamesrv, bin/mqbroker and bin/mqcontroller (sourced, not run): finds Java and runs the
# launcher in the foreground. The caller sets COMET_BIN (its own folder, symlinks resolved), COMET_ROLE and
# COMET_DEFAULT_JAVA_OPT. JAVA_OPT is appended after the defaults, so its -Xms/-Xmx win.
# The run folder (pid files, framework cache) is ${COMET_RUN_DIR:-$HOME/.comet/run}, passed to the launcher as
# -Dcomet.run.dir, so the launcher writes its pid file exactly where bin/mqshutdown looks (whatever user.home is).

COMET_HOME=$(cd "$COMET_BIN/.." && pwd -P) || exit 1

if [ -n "$JAVA_HOME" ]; then
  JAVA="$JAVA_HOME/bin/java"
  if [ ! -x "$JAVA" ]; then
    echo "mq$COMET_ROLE: JAVA_HOME=$JAVA_HOME has no bin/java; point it at a Java 17 (or later) runtime" >&2
    exit 1
  fi
else
  JAVA=$(command -v java) || {
    echo "mq$COMET_ROLE: no java on the PATH; set JAVA_HOME to a Java 17 (or later) runtime" >&2
    exit 1
  }
fi

# The version: from the runtime's release file when there is one (no extra JVM start, which would cost tens of
# milliseconds of every node's start-up), else from java -version.
java_major=
java_real=$(readlink -f "$JAVA" 2>/dev/null) && [ -r "${java_real%/bin/java}/release" ] &&
  java_major=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "${java_real%/bin/java}/release" | head -n 1)
[ -n "$java_major" ] ||
  java_major=$("$JAVA" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n 1)
if [ -z "$java_major" ] || [ "$java_major" -lt 17 ]; then
  echo "mq$COMET_ROLE: $JAVA is Java ${java_major:-of unknown version}; Comet needs Java 17 or later (set JAVA_HOME)" >&2
  exit 1
fi

COMET_RUN_DIR=${COMET_RUN_DIR:-$HOME/.comet/run}

# Class-data sharing: lib/<role>.jsa is made when the distribution is built, recorded from a real boot of that
# role (see docs/runtime.md, "Start-up time"). It holds the classes the node loads until it serves - the JDK's,
# the launcher's, Felix's and the bundles' - already parsed and verified. A JVM other than the one that made it,
# or a moved distribution, ignores it silently (-Xlog:cds off) and keeps the JDK's own archive. COMET_CDS=off
# skips it.
cds_opt=-Xshare:auto
if [ "${COMET_CDS:-on}" != off ] && [ -r "$COMET_HOME/lib/$COMET_ROLE.jsa" ]; then
  cds_opt="-XX:SharedArchiveFile=$COMET_HOME/lib/$COMET_ROLE.jsa"
fi

# exec: the JVM takes this process's pid, so SIGTERM to it (kill, bin/mqshutdown) reaches the launcher directly.
# shellcheck disable=SC2086 # JAVA_OPT and the defaults are lists of options, split on purpose
exec "$JAVA" "$cds_opt" -Xlog:cds=off -Xlog:cds+dynamic=off $COMET_DEFAULT_JAVA_OPT $JAVA_OPT -Dcomet.home="$COMET_HOME" \
  -Dcomet.run.dir="$COMET_RUN_DIR" -cp "$COMET_HOME/lib/*" \
  io.comet.launcher.Main "$COMET_ROLE" "$@"
