#!/usr/bin/env bash
# A second local Kafka broker with a SASL_SSL (SCRAM-SHA-512) listener, beside the plain one.
#
#   kafka-secure.sh up|down|status|kill9|reset|topics|logs   as in kafka.sh, for the secure broker
#   kafka-secure.sh certs   make a self-signed CA and a broker certificate (if missing)
#   kafka-secure.sh env     print the NEWSSTREAM_* settings a client needs (with the password)
#
# Defaults: 127.0.0.1:9192 (SASL_SSL), controller 127.0.0.1:9193, everything under
# .var/kafka-secure. Environment (besides kafka.sh's own):
#   KAFKA_SSL_DIR               ca.pem + broker.pem (key, then chain); made by `certs` if absent
#   KAFKA_SCRAM_ADMIN_PASSWORD  inter-broker user `admin` (random if unset)
#   KAFKA_SCRAM_USER            client user (default newsstream)
#   KAFKA_SCRAM_PASSWORD        its password (random if unset)
# Users are created when the storage is formatted (first `up`); the passwords are then kept in
# $KAFKA_VAR_DIR/credentials (mode 0600) and reused. Passwords: letters, digits, - _ . only.
set -euo pipefail
# The rendered configs hold the admin password: keep everything this creates private.
umask 077

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/../.." && pwd)"

export KAFKA_VAR_DIR="${KAFKA_VAR_DIR:-$REPO_DIR/.var/kafka-secure}"
export KAFKA_BOOTSTRAP="${KAFKA_BOOTSTRAP:-127.0.0.1:9192}"
SSL_DIR="${KAFKA_SSL_DIR:-$KAFKA_VAR_DIR/ssl}"
CREDENTIALS="$KAFKA_VAR_DIR/credentials"
TEMPLATE="$KAFKA_VAR_DIR/server-sasl-ssl.template"
CLIENT_PROPS="$KAFKA_VAR_DIR/client-sasl-ssl.properties"

log() { printf 'kafka-secure: %s\n' "$*"; }
die() {
    printf 'kafka-secure: ERROR: %s\n' "$*" >&2
    exit 1
}

valid_password() { [[ "$1" =~ ^[A-Za-z0-9._-]{8,}$ ]]; }

cmd_certs() {
    mkdir -p "$SSL_DIR"
    if [[ -s "$SSL_DIR/ca.pem" && -s "$SSL_DIR/broker.pem" ]]; then
        log "certificates already in $SSL_DIR"
        return 0
    fi
    command -v openssl >/dev/null 2>&1 || die "openssl is needed to make the certificates"
    local tmp
    tmp=$(mktemp -d)
    (
        cd "$tmp"
        openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 -keyout ca.key -out ca.pem \
            -subj "/CN=newsstream local CA" \
            -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
        openssl req -newkey rsa:2048 -nodes -sha256 -keyout broker.key -out broker.csr -subj "/CN=localhost"
        printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth,clientAuth\n' >ext.cnf
        openssl x509 -req -sha256 -days 825 -in broker.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
            -extfile ext.cnf -out broker.crt
        cat broker.key broker.crt ca.pem >broker.pem
    ) >/dev/null 2>&1 || {
        rm -rf "$tmp"
        die "openssl could not make the certificates"
    }
    install -m 0644 "$tmp/ca.pem" "$SSL_DIR/ca.pem"
    install -m 0600 "$tmp/broker.pem" "$SSL_DIR/broker.pem"
    rm -rf "$tmp"
    log "made a CA ($SSL_DIR/ca.pem) and a broker certificate for localhost/127.0.0.1"
}

load_credentials() {
    mkdir -p "$KAFKA_VAR_DIR"
    if [[ -s "$CREDENTIALS" ]]; then
        # shellcheck disable=SC1090
        source "$CREDENTIALS"
    else
        ADMIN_PASSWORD="${KAFKA_SCRAM_ADMIN_PASSWORD:-$(openssl rand -hex 16)}"
        CLIENT_USER="${KAFKA_SCRAM_USER:-newsstream}"
        CLIENT_PASSWORD="${KAFKA_SCRAM_PASSWORD:-$(openssl rand -hex 16)}"
        valid_password "$ADMIN_PASSWORD" || die "KAFKA_SCRAM_ADMIN_PASSWORD: 8+ letters, digits, - _ . only"
        valid_password "$CLIENT_PASSWORD" || die "KAFKA_SCRAM_PASSWORD: 8+ letters, digits, - _ . only"
        [[ "$CLIENT_USER" =~ ^[A-Za-z0-9._-]+$ ]] || die "KAFKA_SCRAM_USER: letters, digits, - _ . only"
        (
            umask 077
            printf 'ADMIN_PASSWORD=%s\nCLIENT_USER=%s\nCLIENT_PASSWORD=%s\n' \
                "$ADMIN_PASSWORD" "$CLIENT_USER" "$CLIENT_PASSWORD" >"$CREDENTIALS"
        )
    fi
}

prepare() {
    cmd_certs >/dev/null
    load_credentials
    (
        umask 077
        sed -e "s#@SSL_DIR@#$SSL_DIR#g" -e "s#@ADMIN_PASSWORD@#$ADMIN_PASSWORD#g" \
            "$SCRIPT_DIR/server-sasl-ssl.properties" >"$TEMPLATE"
        cat >"$CLIENT_PROPS" <<EOF
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$ADMIN_PASSWORD";
ssl.truststore.type=PEM
ssl.truststore.location=$SSL_DIR/ca.pem
EOF
    )
    export KAFKA_SERVER_TEMPLATE="$TEMPLATE"
    export KAFKA_CLIENT_PROPERTIES="$CLIENT_PROPS"
    export KAFKA_SCRAM_USERS="SCRAM-SHA-512=[name=admin,password=$ADMIN_PASSWORD]
SCRAM-SHA-512=[name=$CLIENT_USER,password=$CLIENT_PASSWORD]"
}

cmd_env() {
    [[ -s "$CREDENTIALS" ]] || die "no credentials yet; run '$0 up' first"
    load_credentials
    cat <<EOF
NEWSSTREAM_BROKER=kafka://$KAFKA_BOOTSTRAP
NEWSSTREAM_SECURITY_PROTOCOL=SASL_SSL
NEWSSTREAM_SASL_MECHANISM=SCRAM-SHA-512
NEWSSTREAM_SASL_USERNAME=$CLIENT_USER
NEWSSTREAM_SASL_PASSWORD=$CLIENT_PASSWORD
NEWSSTREAM_SSL_CAFILE=$SSL_DIR/ca.pem
EOF
}

cmd="${1:-}"
case "$cmd" in
certs) cmd_certs ;;
env) cmd_env ;;
up | status | topics)
    prepare
    exec bash "$SCRIPT_DIR/kafka.sh" "$@"
    ;;
"" | -h | --help | help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' ;;
*) exec bash "$SCRIPT_DIR/kafka.sh" "$@" ;;
esac
