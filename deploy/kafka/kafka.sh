#!/usr/bin/env bash
# Local single-node Apache Kafka (KRaft) for newsstream development.
#
#   kafka.sh up       start the broker (idempotent) and wait until it serves metadata
#   kafka.sh down     stop it (SIGTERM, then SIGKILL after 30 s)
#   kafka.sh status   exit 0 if the broker answers, 1 otherwise
#   kafka.sh kill9    kill -9 the broker (fault testing)
#   kafka.sh reset    down, then delete all data and logs
#   kafka.sh topics   run kafka-topics against the broker (extra args passed on)
#   kafka.sh logs     tail the broker log
#
# See README.md in this directory for details and environment overrides.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/../.." && pwd)"

VAR_DIR="${KAFKA_VAR_DIR:-$REPO_DIR/.var/kafka}"
DATA_DIR="$VAR_DIR/data"
LOG_DIR="$VAR_DIR/logs"
PID_FILE="$VAR_DIR/kafka.pid"
CLUSTER_ID_FILE="$VAR_DIR/cluster.id"
FORMAT_STAMP="$VAR_DIR/formatted-for"
RENDERED_CONFIG="$VAR_DIR/server.properties"
TOOLS_CLIENT_CONFIG="$VAR_DIR/tools-client.properties"
SERVER_OUT="$LOG_DIR/server.out"

LIB_DIR="$SCRIPT_DIR/lib"
LIB_STAMP="$LIB_DIR/.pom.sha256"

BOOTSTRAP="${KAFKA_BOOTSTRAP:-127.0.0.1:9092}"
HOST="${BOOTSTRAP%:*}"
PORT="${BOOTSTRAP##*:}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((PORT + 1))}"
READY_TIMEOUT="${KAFKA_READY_TIMEOUT:-90}"
STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
# Set by kafka-secure.sh (the SASL_SSL broker); the defaults leave the plain broker unchanged.
SERVER_TEMPLATE="${KAFKA_SERVER_TEMPLATE:-$SCRIPT_DIR/server.properties}"
CLIENT_PROPERTIES="${KAFKA_CLIENT_PROPERTIES:-}" # file appended to the tools' client config
SCRAM_USERS="${KAFKA_SCRAM_USERS:-}"             # one 'SCRAM-SHA-512=[name=U,password=P]' per line

JAVA="${JAVA:-java}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
KAFKA_JVM_OPTS="${KAFKA_JVM_OPTS:--XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true}"
# Short-lived CLI tools: small heap and C1 only, which starts noticeably faster.
TOOLS_JVM_OPTS="-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true"

log() { printf 'kafka: %s\n' "$*"; }
err() { printf 'kafka: ERROR: %s\n' "$*" >&2; }
die() { err "$*"; exit 1; }

now_ms() { date +%s%3N; }
elapsed_since() { # $1 = start in ms -> seconds with one decimal
    local d=$(( $(now_ms) - $1 ))
    printf '%d.%d' $((d / 1000)) $(((d % 1000) / 100))
}

# ---------------------------------------------------------------- jars ---

pom_hash() { sha256sum "$SCRIPT_DIR/pom.xml" | cut -d' ' -f1; }

essential_jars_present() {
    compgen -G "$LIB_DIR/kafka_2.13-*.jar" >/dev/null &&
        compgen -G "$LIB_DIR/kafka-tools-[0-9]*.jar" >/dev/null &&
        compgen -G "$LIB_DIR/kafka-clients-*.jar" >/dev/null &&
        compgen -G "$LIB_DIR/log4j-core-*.jar" >/dev/null
}

lib_complete() {
    [[ -f "$LIB_STAMP" ]] && [[ "$(cat "$LIB_STAMP")" == "$(pom_hash)" ]] && essential_jars_present
}

ensure_lib() {
    lib_complete && return 0
    if ! command -v mvn >/dev/null 2>&1; then
        if essential_jars_present; then
            log "Maven not found; using the jars already in $LIB_DIR"
            return 0
        fi
        die "Kafka jars are missing in $LIB_DIR and 'mvn' is not installed to fetch them"
    fi
    log "fetching Kafka jars from Maven Central into $LIB_DIR ..."
    local start tmp mvn_log
    start=$(now_ms)
    tmp="$SCRIPT_DIR/lib.tmp.$$"
    mvn_log="$(mktemp)"
    rm -rf "$tmp"
    if ! mvn -q -B -f "$SCRIPT_DIR/pom.xml" dependency:copy-dependencies \
        -DoutputDirectory="$tmp" >"$mvn_log" 2>&1; then
        rm -rf "$tmp"
        tail -n 20 "$mvn_log" >&2 || true
        rm -f "$mvn_log"
        die "Maven could not fetch the Kafka jars: is Maven Central reachable (network, proxy, ~/.m2/settings.xml)? is kafka.version in pom.xml a released version?"
    fi
    rm -f "$mvn_log"
    rm -rf "$LIB_DIR" "$SCRIPT_DIR/target"
    mv "$tmp" "$LIB_DIR"
    pom_hash >"$LIB_STAMP"
    log "jars ready ($(du -sh "$LIB_DIR" | cut -f1), $(elapsed_since "$start") s)"
}

check_java() {
    command -v "$JAVA" >/dev/null 2>&1 || die "java not found (Kafka 4 needs Java 17+); set JAVA=/path/to/java"
    local v major
    v=$("$JAVA" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')
    major="${v%%.*}"
    [[ "$major" == "1" ]] && major=$(echo "$v" | cut -d. -f2)
    if [[ "$major" =~ ^[0-9]+$ ]] && ((major < 17)); then
        die "Java $v found, but the Kafka 4 broker needs Java 17 or newer"
    fi
}

run_tool() { # $1 = main class, rest = args; quiet logging
    local cls="$1"
    shift
    # shellcheck disable=SC2086
    "$JAVA" $TOOLS_JVM_OPTS \
        -Dlog4j2.configurationFile="$SCRIPT_DIR/tools-log4j2.properties" \
        -cp "$LIB_DIR/*" "$cls" "$@"
}

# ------------------------------------------------------------- process ---

read_pid() { [[ -f "$PID_FILE" ]] && cat "$PID_FILE" 2>/dev/null || true; }

broker_pid() { # prints the pid of our broker if it is alive
    local pid
    pid=$(read_pid)
    [[ -n "$pid" ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka' || return 1
    echo "$pid"
}

port_open() { # cheap TCP check before paying for a JVM
    timeout 2 bash -c "exec 3<>/dev/tcp/$HOST/$PORT" 2>/dev/null
}

write_tools_client_config() {
    mkdir -p "$VAR_DIR"
    cat >"$TOOLS_CLIENT_CONFIG" <<EOF
request.timeout.ms=5000
default.api.timeout.ms=8000
socket.connection.setup.timeout.ms=2000
socket.connection.setup.timeout.max.ms=2000
EOF
    if [[ -n "$CLIENT_PROPERTIES" ]]; then
        cat "$CLIENT_PROPERTIES" >>"$TOOLS_CLIENT_CONFIG"
    fi
}

# Real readiness check: BrokerApiVersionsCommand fetches cluster metadata
# (the broker list) and then asks every broker for its API versions. It only
# prints "(id: N ...)" once the broker is registered and serving requests.
probe() {
    port_open || return 1
    write_tools_client_config
    local out
    out=$(timeout 20 "$JAVA" $TOOLS_JVM_OPTS \
        -Dlog4j2.configurationFile="$SCRIPT_DIR/tools-log4j2.properties" \
        -cp "$LIB_DIR/*" org.apache.kafka.tools.BrokerApiVersionsCommand \
        --bootstrap-server "$BOOTSTRAP" --command-config "$TOOLS_CLIENT_CONFIG" 2>/dev/null) || return 1
    [[ "$out" == *"(id: "* ]]
}

show_log_tail() {
    local f
    for f in "$SERVER_OUT" "$LOG_DIR/server.log"; do
        if [[ -s "$f" ]]; then
            echo "----- last 50 lines of $f -----" >&2
            tail -n 50 "$f" >&2
        fi
    done
}

# -------------------------------------------------------------- config ---

render_config() {
    mkdir -p "$DATA_DIR" "$LOG_DIR"
    sed -e "s#@DATA_DIR@#$DATA_DIR#g" \
        -e "s#@HOST@#$HOST#g" \
        -e "s#@PORT@#$PORT#g" \
        -e "s#@CONTROLLER_PORT@#$CONTROLLER_PORT#g" \
        "$SERVER_TEMPLATE" >"$RENDERED_CONFIG"
}

format_storage_once() {
    local want="$HOST:$CONTROLLER_PORT"
    if [[ -f "$DATA_DIR/meta.properties" ]]; then
        if [[ -f "$FORMAT_STAMP" && "$(cat "$FORMAT_STAMP")" != "$want" ]]; then
            die "storage was formatted for controller $(cat "$FORMAT_STAMP"), now $want; run '$0 reset' to start fresh"
        fi
        return 0
    fi
    local cid
    if [[ -s "$CLUSTER_ID_FILE" ]]; then
        cid=$(cat "$CLUSTER_ID_FILE")
    else
        cid=$(run_tool kafka.tools.StorageTool random-uuid | tail -n 1)
        [[ -n "$cid" ]] || die "could not generate a cluster id"
        echo "$cid" >"$CLUSTER_ID_FILE"
    fi
    log "formatting storage in $DATA_DIR (cluster id $cid)"
    # SCRAM users (secure broker only) are written into the metadata log at format time.
    local scram=() line
    while IFS= read -r line; do
        if [[ -n "$line" ]]; then scram+=(--add-scram "$line"); fi
    done <<<"$SCRAM_USERS"
    # --standalone: bootstrap a dynamic KRaft quorum whose only voter is this node.
    run_tool kafka.tools.StorageTool format \
        --cluster-id "$cid" --config "$RENDERED_CONFIG" --standalone --ignore-formatted \
        ${scram[@]+"${scram[@]}"} >/dev/null ||
        die "kafka-storage format failed"
    echo "$want" >"$FORMAT_STAMP"
}

# ------------------------------------------------------------ commands ---

wait_ready() { # $1 = pid, $2 = start ms
    local pid="$1" start="$2" deadline=$(( $(now_ms) + READY_TIMEOUT * 1000 ))
    while (($(now_ms) < deadline)); do
        if probe; then
            log "ready on $BOOTSTRAP (pid $pid) after $(elapsed_since "$start") s"
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            show_log_tail
            rm -f "$PID_FILE"
            die "broker process $pid exited during startup (logs in $LOG_DIR)"
        fi
        sleep 0.5
    done
    show_log_tail
    die "broker (pid $pid) did not answer on $BOOTSTRAP within ${READY_TIMEOUT}s (logs in $LOG_DIR); it is still running, '$0 down' stops it"
}

cmd_up() {
    local start pid
    start=$(now_ms)
    mkdir -p "$DATA_DIR" "$LOG_DIR"

    if port_open; then
        ensure_lib
        if probe; then
            if pid=$(broker_pid); then
                log "already running on $BOOTSTRAP (pid $pid)"
            else
                log "a Kafka broker already answers on $BOOTSTRAP (not started by this script); nothing to do"
            fi
            return 0
        fi
        if pid=$(broker_pid); then
            log "broker (pid $pid) is starting; waiting"
            wait_ready "$pid" "$start"
            return 0
        fi
        die "$BOOTSTRAP is in use by something that does not answer Kafka requests"
    fi
    if pid=$(broker_pid); then
        log "broker (pid $pid) is starting; waiting"
        ensure_lib
        wait_ready "$pid" "$start"
        return 0
    fi

    ensure_lib
    check_java
    render_config
    format_storage_once

    log "starting broker on $BOOTSTRAP (controller $HOST:$CONTROLLER_PORT)"
    {
        echo "===== $(date -u +%FT%TZ) starting broker ====="
    } >>"$SERVER_OUT"
    # shellcheck disable=SC2086
    nohup "$JAVA" $KAFKA_HEAP_OPTS $KAFKA_JVM_OPTS \
        -Dkafka.logs.dir="$LOG_DIR" \
        -Dlog4j2.configurationFile="$SCRIPT_DIR/log4j2.properties" \
        -Dlog4j2.shutdownHookEnabled=false \
        -cp "$LIB_DIR/*" kafka.Kafka "$RENDERED_CONFIG" \
        >>"$SERVER_OUT" 2>&1 </dev/null 9>&- &
    pid=$!
    echo "$pid" >"$PID_FILE"
    wait_ready "$pid" "$start"
}

cmd_down() {
    local pid
    if ! pid=$(broker_pid); then
        rm -f "$PID_FILE"
        log "no broker started by this script is running"
        return 0
    fi
    log "stopping broker (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    local start deadline
    start=$(now_ms)
    deadline=$((start + STOP_TIMEOUT * 1000))
    while kill -0 "$pid" 2>/dev/null && (($(now_ms) < deadline)); do
        sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "still alive after ${STOP_TIMEOUT}s; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    fi
    rm -f "$PID_FILE"
    log "stopped after $(elapsed_since "$start") s"
}

cmd_status() {
    local pid=""
    pid=$(broker_pid) || pid=""
    if ! port_open; then
        log "down: nothing listening on $BOOTSTRAP${pid:+ (pid $pid alive but not listening yet)}"
        return 1
    fi
    if ! essential_jars_present; then
        log "something listens on $BOOTSTRAP, but the jars needed to verify it are missing (run '$0 up')"
        return 1
    fi
    if probe; then
        log "up: broker answers on $BOOTSTRAP${pid:+ (pid $pid)}"
        return 0
    fi
    log "down: $BOOTSTRAP is open but does not answer Kafka metadata requests"
    return 1
}

cmd_kill9() {
    local pid
    if ! pid=$(broker_pid); then
        rm -f "$PID_FILE"
        log "no broker started by this script is running"
        return 0
    fi
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    rm -f "$PID_FILE"
    log "killed broker (pid $pid) with SIGKILL"
}

cmd_reset() {
    cmd_down
    rm -rf "$VAR_DIR"
    log "deleted $VAR_DIR"
}

cmd_topics() {
    ensure_lib
    if [[ -n "$CLIENT_PROPERTIES" ]]; then
        write_tools_client_config
        set -- --command-config "$TOOLS_CLIENT_CONFIG" "$@"
    fi
    run_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" "$@"
}

cmd_logs() {
    exec tail -n "${1:-100}" -F "$LOG_DIR/server.log"
}

usage() {
    sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
}

# Serialise up/down/kill9/reset so that two callers (e.g. parallel test
# sessions) cannot start two brokers or stop one that is being started.
with_lock() {
    mkdir -p "$VAR_DIR"
    if command -v flock >/dev/null 2>&1; then
        exec 9>"$VAR_DIR/.lock"
        flock -w 120 9 || die "timed out waiting for another kafka.sh to finish"
    fi
    "$@"
}

main() {
    local cmd="${1:-}"
    [[ $# -gt 0 ]] && shift
    case "$cmd" in
    up) with_lock cmd_up ;;
    down | stop) with_lock cmd_down ;;
    status) cmd_status ;;
    kill9) with_lock cmd_kill9 ;;
    reset) with_lock cmd_reset ;;
    topics) cmd_topics "$@" ;;
    logs) cmd_logs "$@" ;;
    -h | --help | help) usage ;;
    *)
        usage >&2
        exit 2
        ;;
    esac
}

main "$@"
