"""Security settings -> Kafka client arguments, Faust credentials and error sentences (no broker)."""

from __future__ import annotations

import ssl
import subprocess
from pathlib import Path

import pytest
from aiokafka import errors as kafka_errors
from pydantic import ValidationError

from newsstream.config import Settings
from newsstream.stream import security

SECURITY_ENV = (
    "NEWSSTREAM_SECURITY_PROTOCOL",
    "NEWSSTREAM_SASL_MECHANISM",
    "NEWSSTREAM_SASL_USERNAME",
    "NEWSSTREAM_SASL_PASSWORD",
    "NEWSSTREAM_SSL_CAFILE",
    "NEWSSTREAM_SSL_CERTFILE",
    "NEWSSTREAM_SSL_KEYFILE",
    "NEWSSTREAM_SSL_CHECK_HOSTNAME",
)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in SECURITY_ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def cafile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throwaway self-signed CA certificate (PEM)."""
    where = tmp_path_factory.mktemp("ca")
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=test CA",
            "-keyout",
            str(where / "ca.key"),
            "-out",
            str(where / "ca.pem"),
        ],
        check=True,
        capture_output=True,
    )
    return where / "ca.pem"


def test_plaintext_is_the_default() -> None:
    settings = Settings()
    assert settings.security_protocol == "PLAINTEXT"
    assert security.client_kwargs(settings) == {"security_protocol": "PLAINTEXT"}
    assert security.broker_credentials(settings) is None


def test_sasl_ssl_from_the_environment(monkeypatch: pytest.MonkeyPatch, cafile: Path) -> None:
    monkeypatch.setenv("NEWSSTREAM_SECURITY_PROTOCOL", "sasl_ssl")
    monkeypatch.setenv("NEWSSTREAM_SASL_USERNAME", "newsstream")
    monkeypatch.setenv("NEWSSTREAM_SASL_PASSWORD", "s3cret-pw")
    monkeypatch.setenv("NEWSSTREAM_SSL_CAFILE", str(cafile))
    settings = Settings()
    assert settings.sasl_mechanism == "SCRAM-SHA-512"
    kwargs = security.client_kwargs(settings)
    context = kwargs.pop("ssl_context")
    assert kwargs == {
        "security_protocol": "SASL_SSL",
        "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": "newsstream",
        "sasl_plain_password": "s3cret-pw",
    }
    assert isinstance(context, ssl.SSLContext)
    assert context.check_hostname and context.verify_mode == ssl.CERT_REQUIRED
    assert any("test CA" in str(ca.get("subject")) for ca in context.get_ca_certs())


def test_the_password_is_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(
        security_protocol="SASL_PLAINTEXT", sasl_username="u", sasl_password="hunter2-secret", sasl_mechanism="PLAIN"
    )
    assert "hunter2-secret" not in repr(settings)
    assert "hunter2-secret" not in str(settings.model_dump())
    credentials = security.broker_credentials(settings)
    assert "hunter2-secret" not in repr(credentials)


def test_faust_credentials_match_the_client_kwargs(cafile: Path) -> None:
    from faust.transport.drivers.aiokafka import credentials_to_aiokafka_auth

    for protocol, mechanism in [("SASL_SSL", "SCRAM-SHA-512"), ("SASL_PLAINTEXT", "SCRAM-SHA-256"), ("SSL", None)]:
        settings = Settings(
            security_protocol=protocol,
            sasl_mechanism=mechanism or "SCRAM-SHA-512",
            sasl_username="u" if mechanism else None,
            sasl_password="p" if mechanism else None,
            ssl_cafile=cafile,
        )
        faust_kwargs = dict(credentials_to_aiokafka_auth(security.broker_credentials(settings)))
        ours = security.client_kwargs(settings)
        assert faust_kwargs.keys() - {"ssl_context"} == ours.keys() - {"ssl_context"}
        for key in ours.keys() - {"ssl_context"}:
            assert faust_kwargs[key] == ours[key], (protocol, key)
        assert (faust_kwargs.get("ssl_context") is None) == (protocol == "SASL_PLAINTEXT")


def test_ssl_check_hostname_can_be_turned_off(monkeypatch: pytest.MonkeyPatch, cafile: Path) -> None:
    monkeypatch.setenv("NEWSSTREAM_SECURITY_PROTOCOL", "SSL")
    monkeypatch.setenv("NEWSSTREAM_SSL_CAFILE", str(cafile))
    monkeypatch.setenv("NEWSSTREAM_SSL_CHECK_HOSTNAME", "false")
    kwargs = security.client_kwargs(Settings())
    assert kwargs["security_protocol"] == "SSL" and "sasl_mechanism" not in kwargs
    assert kwargs["ssl_context"].check_hostname is False


def test_sasl_without_credentials_is_a_settings_error() -> None:
    with pytest.raises(ValidationError, match="NEWSSTREAM_SASL_USERNAME and NEWSSTREAM_SASL_PASSWORD"):
        Settings(security_protocol="SASL_SSL", sasl_username="u")
    with pytest.raises(ValidationError):
        Settings(security_protocol="TLS")
    with pytest.raises(ValidationError):
        Settings(security_protocol="SASL_SSL", sasl_username="u", sasl_password="p", sasl_mechanism="GSSAPI")


def test_unreadable_ca_file_names_the_variable(tmp_path: Path) -> None:
    settings = Settings(security_protocol="SSL", ssl_cafile=tmp_path / "missing.pem")
    with pytest.raises(security.SecurityConfigError, match="NEWSSTREAM_SSL_CAFILE"):
        security.client_kwargs(settings)


def test_failures_become_sentences_naming_what_to_check() -> None:
    settings = Settings(
        broker="kafka://127.0.0.1:9192", security_protocol="SASL_SSL", sasl_username="u", sasl_password="pw-zq9x"
    )
    auth = security.describe_failure(settings, kafka_errors.SaslAuthenticationFailed("invalid credentials"))
    assert auth and auth.startswith("authentication failed") and "NEWSSTREAM_SASL_PASSWORD" in auth
    assert "127.0.0.1:9192" in auth and "'u'" in auth and "pw-zq9x" not in auth
    verify = ssl.SSLCertVerificationError(1, "certificate verify failed")
    verify.verify_message = "self-signed certificate in certificate chain"
    tls = security.describe_failure(settings, verify)
    assert tls and "self-signed" in tls and "NEWSSTREAM_SSL_CAFILE" in tls
    closed = security.describe_failure(settings, kafka_errors.KafkaConnectionError("Connection closed"))
    assert closed and "NEWSSTREAM_SECURITY_PROTOCOL=SASL_SSL" in closed
    assert security.describe_failure(settings, ConnectionRefusedError(111, "refused")) is None
