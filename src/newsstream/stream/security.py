"""Broker security from Settings: the TLS context, Faust's broker credentials, the aiokafka client
keyword arguments, and a plain-language diagnosis when the broker turns a client away.

The password only ever leaves its ``SecretStr`` here, to be handed to the Kafka client.
"""

from __future__ import annotations

import asyncio
import ssl
from typing import Any

from aiokafka import errors as kafka_errors

from newsstream.config import Settings

__all__ = [
    "SecurityConfigError",
    "broker_credentials",
    "client_kwargs",
    "describe_failure",
    "diagnose",
    "ssl_context",
]

#: what a user can change, named in every security error.
_CREDENTIAL_VARS = "NEWSSTREAM_SASL_USERNAME and NEWSSTREAM_SASL_PASSWORD"
_TLS_VARS = "NEWSSTREAM_SSL_CAFILE (the CA that signed the broker certificate) and NEWSSTREAM_SSL_CHECK_HOSTNAME"


class SecurityConfigError(ValueError):
    """The TLS files named in the settings cannot be used; the message says which and why."""


def ssl_context(settings: Settings) -> ssl.SSLContext | None:
    """The client TLS context for SSL / SASL_SSL (None otherwise): CA file or system trust store,
    hostname check as configured, optional client certificate."""
    if not settings.uses_ssl:
        return None
    cafile = str(settings.ssl_cafile) if settings.ssl_cafile else None
    try:
        context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=cafile)
    except (OSError, ssl.SSLError) as exc:
        raise SecurityConfigError(
            f"cannot load the CA file NEWSSTREAM_SSL_CAFILE={cafile} ({exc}); it must be a readable PEM file"
        ) from exc
    context.check_hostname = settings.ssl_check_hostname
    context.verify_mode = ssl.CERT_REQUIRED
    if settings.ssl_certfile:
        password = settings.ssl_key_password.get_secret_value() if settings.ssl_key_password else None
        keyfile = str(settings.ssl_keyfile) if settings.ssl_keyfile else None
        try:
            context.load_cert_chain(str(settings.ssl_certfile), keyfile, password)
        except (OSError, ssl.SSLError) as exc:
            raise SecurityConfigError(
                f"cannot load the client certificate NEWSSTREAM_SSL_CERTFILE={settings.ssl_certfile} "
                f"(key NEWSSTREAM_SSL_KEYFILE={keyfile}): {exc}"
            ) from exc
    return context


def client_kwargs(settings: Settings, context: ssl.SSLContext | None = None) -> dict[str, Any]:
    """Keyword arguments for AIOKafkaProducer / AIOKafkaConsumer / AIOKafkaAdminClient."""
    kwargs: dict[str, Any] = {"security_protocol": settings.security_protocol}
    if settings.uses_ssl:
        kwargs["ssl_context"] = context or ssl_context(settings)
    if settings.uses_sasl:
        assert settings.sasl_password is not None  # checked by Settings
        kwargs["sasl_mechanism"] = settings.sasl_mechanism
        kwargs["sasl_plain_username"] = settings.sasl_username
        kwargs["sasl_plain_password"] = settings.sasl_password.get_secret_value()
    return kwargs


def broker_credentials(settings: Settings) -> Any:
    """Faust's ``broker_credentials`` (None for PLAINTEXT)."""
    import faust

    context = ssl_context(settings)
    if settings.uses_sasl:
        assert settings.sasl_password is not None
        credentials = faust.SASLCredentials(
            username=settings.sasl_username,
            password=settings.sasl_password.get_secret_value(),
            ssl_context=context,
            mechanism=settings.sasl_mechanism,
        )
        return credentials
    if context is not None:
        return faust.SSLCredentials(context)
    return None


def _where(settings: Settings) -> str:
    return ", ".join(settings.bootstrap_servers)


def describe_failure(settings: Settings, exc: BaseException) -> str | None:
    """A sentence for a security failure (auth, TLS, protocol mismatch), or None for anything else."""
    where = _where(settings)
    protocol = f"NEWSSTREAM_SECURITY_PROTOCOL={settings.security_protocol}"
    if isinstance(exc, kafka_errors.SaslAuthenticationFailed | kafka_errors.AuthenticationFailedError):
        return (
            f"authentication failed: Kafka at {where} rejected user {settings.sasl_username!r} "
            f"({settings.sasl_mechanism}; broker said: {exc}). Check {_CREDENTIAL_VARS}, and that the "
            f"broker has {settings.sasl_mechanism} credentials for that user (NEWSSTREAM_SASL_MECHANISM)."
        )
    if isinstance(exc, kafka_errors.UnsupportedSaslMechanismError):
        return (
            f"authentication failed: Kafka at {where} does not offer SASL mechanism {settings.sasl_mechanism} "
            f"({exc}). Set NEWSSTREAM_SASL_MECHANISM to one the broker enables."
        )
    if isinstance(exc, kafka_errors.IllegalSaslStateError | kafka_errors.AuthenticationMethodNotSupported):
        return (
            f"authentication failed: Kafka at {where} did not accept the SASL handshake ({exc}). "
            f"Check {protocol} and NEWSSTREAM_SASL_MECHANISM against the broker's listener."
        )
    if isinstance(exc, ssl.SSLCertVerificationError):
        return (
            f"TLS failed: the certificate of Kafka at {where} was not trusted ({exc.verify_message or exc}). "
            f"Check {_TLS_VARS}."
        )
    if isinstance(exc, ssl.SSLError):
        return (
            f"TLS failed with Kafka at {where} ({exc}). Check that the listener speaks TLS ({protocol}) and "
            f"{_TLS_VARS}."
        )
    if isinstance(exc, SecurityConfigError):
        return str(exc)
    if isinstance(exc, kafka_errors.KafkaConnectionError | ConnectionResetError | TimeoutError):
        # TCP worked but the handshake died: typically TLS spoken to a plain listener, or the reverse.
        return (
            f"Kafka at {where} closed the connection or did not answer during the handshake "
            f"({exc or type(exc).__name__}). Check that {protocol} matches the broker's listener "
            "(PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL)."
        )
    return None


async def diagnose(settings: Settings, timeout: float = 10.0) -> BaseException | None:
    """Open one connection to the first bootstrap server exactly as the clients do (TLS, SASL) and
    return the error it meets, or None when it succeeds.

    aiokafka's bootstrap only says "Unable to bootstrap"; this recovers the reason.
    """
    from aiokafka.conn import create_conn

    server = settings.bootstrap_servers[0]
    host, _, port = server.rpartition(":")
    try:
        kwargs = client_kwargs(settings)
        conn = await asyncio.wait_for(
            create_conn(host or server, int(port or 9092), request_timeout_ms=int(timeout * 1000), **kwargs),
            timeout,
        )
    except Exception as exc:
        return exc
    conn.close()
    return None
