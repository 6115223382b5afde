"""A SASL_SSL (SCRAM-SHA-512) broker with a CA made here: the CLI and the worker connect with
credentials from the environment; wrong credentials end in a clear error, never a reconnect loop.

The secure broker (deploy/kafka/kafka-secure.sh) runs beside the plain one, on free ports, with its
own storage in a temporary directory, and is stopped at the end.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..conftest import ROOT, SEED
from ..integration.support import Worker

pytestmark = [pytest.mark.faults, pytest.mark.integration]

KAFKA_SECURE = ROOT / "deploy" / "kafka" / "kafka-secure.sh"
USER = "newsstream"


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def make_certificates(where: Path) -> None:
    """A self-signed CA, and a broker certificate it signs for localhost / 127.0.0.1 (PEM files:
    ``ca.pem``, and ``broker.pem`` = PKCS#8 key + certificate chain, as the broker's keystore)."""
    where.mkdir(parents=True, exist_ok=True)
    _openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "2", "-subj", "/CN=newsstream test CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        "-keyout", "ca.key", "-out", "ca.pem",
        cwd=where,
    )  # fmt: skip
    _openssl(
        "req", "-newkey", "rsa:2048", "-nodes", "-sha256", "-subj", "/CN=localhost",
        "-keyout", "broker.key", "-out", "broker.csr",
        cwd=where,
    )  # fmt: skip
    (where / "ext.cnf").write_text(
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
    )
    _openssl(
        "x509", "-req", "-sha256", "-days", "2", "-in", "broker.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-extfile", "ext.cnf", "-out", "broker.crt",
        cwd=where,
    )  # fmt: skip
    pem = b"".join((where / name).read_bytes() for name in ("broker.key", "broker.crt", "ca.pem"))
    (where / "broker.pem").write_bytes(pem)
    assert b"BEGIN PRIVATE KEY" in pem  # unencrypted PKCS#8, what Kafka's PEM keystore reads


def _free_port_pair() -> int:
    """A port P with P and P + 1 (the KRaft controller) both free."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        if port >= 65535:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
        return port
    raise RuntimeError("no free port pair")


def _kafka_env(overrides: dict[str, str]) -> dict[str, str]:
    return {**os.environ, **overrides}


@pytest.fixture(scope="module")
def secure_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    base = tmp_path_factory.mktemp("kafka-secure")
    make_certificates(base / "ssl")
    port = _free_port_pair()
    password = secrets.token_hex(16)
    env = _kafka_env(
        {
            "KAFKA_VAR_DIR": str(base / "var"),
            "KAFKA_BOOTSTRAP": f"127.0.0.1:{port}",
            "KAFKA_SSL_DIR": str(base / "ssl"),
            "KAFKA_SCRAM_ADMIN_PASSWORD": secrets.token_hex(16),
            "KAFKA_SCRAM_USER": USER,
            "KAFKA_SCRAM_PASSWORD": password,
            "KAFKA_HEAP_OPTS": "-Xms128m -Xmx384m",
            "KAFKA_READY_TIMEOUT": "150",
        }
    )
    try:
        started = time.monotonic()
        up = subprocess.run(["bash", str(KAFKA_SECURE), "up"], env=env, capture_output=True, text=True, timeout=240)
        if up.returncode != 0:
            pytest.fail(f"the SASL_SSL broker did not start:\n{up.stdout}\n{up.stderr}")
        print(f"secure broker up in {time.monotonic() - started:.1f} s")
        yield {"bootstrap": f"127.0.0.1:{port}", "password": password, "cafile": base / "ssl" / "ca.pem"}
    finally:
        subprocess.run(["bash", str(KAFKA_SECURE), "down"], env=env, capture_output=True, timeout=120)


@pytest.fixture(scope="module")
def client_env(secure_broker: dict[str, Any]) -> dict[str, str]:
    """What a client needs, all from the environment (the password too)."""
    run = uuid.uuid4().hex[:8]
    return {
        "NEWSSTREAM_BROKER": f"kafka://{secure_broker['bootstrap']}",
        "NEWSSTREAM_SECURITY_PROTOCOL": "SASL_SSL",
        "NEWSSTREAM_SASL_MECHANISM": "SCRAM-SHA-512",
        "NEWSSTREAM_SASL_USERNAME": USER,
        "NEWSSTREAM_SASL_PASSWORD": secure_broker["password"],
        "NEWSSTREAM_SSL_CAFILE": str(secure_broker["cafile"]),
        "NEWSSTREAM_TOPIC_PREFIX": f"sec-{run}.",
    }


def cli(env: dict[str, str], *args: str, timeout: float = 120) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "newsstream.cli", *args],
        env={**os.environ, "COLUMNS": "200", **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return result, time.monotonic() - started


def one_line(text: str) -> str:
    return " ".join(text.split())


def secure_worker(broker: str, tmp: Path, env: dict[str, str]) -> Worker:
    w = Worker(broker, tmp)
    w.env.update(env)
    return w


def test_cli_and_worker_over_sasl_ssl(
    secure_broker: dict[str, Any], client_env: dict[str, str], tmp_path: Path
) -> None:
    produced, _ = cli(client_env, "produce", str(SEED))
    assert produced.returncode == 0, produced.stderr
    assert "produced 1 records" in produced.stderr

    worker = secure_worker(secure_broker["bootstrap"], tmp_path, client_env)
    worker.start()
    try:
        tailed, _ = cli(client_env, "tail", "--from-beginning", "--max", "1", "--json", "--idle-timeout", "120")
        assert tailed.returncode == 0, tailed.stderr + worker.tail()
        event = json.loads(tailed.stdout.splitlines()[0])
        names = {actor["name"] for actor in event["actors"]}
        assert "Mohammed Shia al-Sudani" in names, names

        deadline = time.monotonic() + 60
        while True:
            top, _ = cli(
                {**client_env, "NEWSSTREAM_WEB_PORT": str(worker.port)},
                "top", "--window", "all", "--type", "person", "--json",
            )  # fmt: skip
            assert top.returncode == 0, top.stderr
            actors = json.loads(top.stdout)["actors"]
            if any(a["name"] == "Mohammed Shia al-Sudani" for a in actors) or time.monotonic() > deadline:
                break
            time.sleep(1)
        assert any(a["name"] == "Mohammed Shia al-Sudani" for a in actors), actors
    finally:
        worker.stop()
    log = worker.log.read_text(errors="replace")
    assert secure_broker["password"] not in log
    assert "SaslAuthenticationFailed" not in log


def test_produce_with_a_wrong_password_fails_fast_and_clearly(client_env: dict[str, str]) -> None:
    wrong = {**client_env, "NEWSSTREAM_SASL_PASSWORD": "not-the-" + secrets.token_hex(8)}
    result, seconds = cli(wrong, "produce", str(SEED), timeout=60)
    message = one_line(result.stderr)
    assert result.returncode != 0, message
    assert seconds < 30, seconds
    assert "authentication failed" in message, message
    assert "NEWSSTREAM_SASL_USERNAME" in message and "NEWSSTREAM_SASL_PASSWORD" in message, message
    assert wrong["NEWSSTREAM_SASL_PASSWORD"] not in result.stderr + result.stdout


def test_produce_without_the_ca_names_the_ca_setting(client_env: dict[str, str]) -> None:
    untrusted = {**client_env, "NEWSSTREAM_SSL_CAFILE": ""}  # the system trust store: our CA is not in it
    result, seconds = cli(untrusted, "produce", str(SEED), timeout=60)
    message = one_line(result.stderr)
    assert result.returncode != 0 and seconds < 30, message
    assert "TLS failed" in message and "NEWSSTREAM_SSL_CAFILE" in message, message


def test_worker_with_a_wrong_password_exits_with_a_clear_message(
    secure_broker: dict[str, Any], client_env: dict[str, str], tmp_path: Path
) -> None:
    wrong = {**client_env, "NEWSSTREAM_SASL_PASSWORD": "not-the-" + secrets.token_hex(8)}
    worker = secure_worker(secure_broker["bootstrap"], tmp_path, wrong)
    started = time.monotonic()
    with open(worker.log, "ab") as log:
        worker.process = subprocess.Popen(
            [sys.executable, "-m", "newsstream.cli", "worker"],
            env={**worker.env, "COLUMNS": "200"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        code = worker.process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        worker.stop()
        pytest.fail(f"the worker still runs after 60 s with a wrong password:\n{worker.tail()}")
    seconds = time.monotonic() - started
    text = worker.log.read_text(errors="replace")
    last = one_line("\n".join(text.splitlines()[-8:]))
    assert code != 0, last
    assert "authentication failed" in last and "NEWSSTREAM_SASL_PASSWORD" in last, last
    # one failed connection (plus the diagnosis), not a reconnect loop
    assert text.count("Unable connect") <= 3, text
    assert wrong["NEWSSTREAM_SASL_PASSWORD"] not in text
    print(f"worker with a wrong password exited with {code} after {seconds:.1f} s")
