"""Settings: the only reader of the environment (``NEWSSTREAM_*``), overridable by CLI options."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "load_settings"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEWSSTREAM_", extra="ignore")

    #: Kafka bootstrap servers, Faust style (``kafka://host:port``; several separated by ``;``).
    broker: str = "kafka://127.0.0.1:9092"
    #: Prepended to every topic name (e.g. ``staging.``); the contract's names follow it.
    topic_prefix: str = ""
    #: Faust application id = consumer group id and prefix of the changelog topics.
    app_id: str = "newsstream"
    partitions: int = Field(default=4, ge=1)
    replicas: int = Field(default=1, ge=1)
    web_host: str = "127.0.0.1"
    web_port: int = 6066
    #: How other workers reach this one's HTTP API (for routed queries); default http://<web_host>:<web_port>.
    #: Set it when web_host is 0.0.0.0 (containers), e.g. http://worker-1:6066.
    canonical_url: str | None = None
    #: Largest accepted raw record, in bytes; larger ones are dead-lettered as ``too_large``.
    max_body_bytes: int = Field(default=5_000_000, ge=1_000)
    #: Longest cleaned text that is tagged; longer ones are dead-lettered as ``too_large``.
    max_text_chars: int = Field(default=200_000, ge=1_000, le=900_000)
    #: Accepted article languages (ISO 639-1); others are dead-lettered as ``unsupported_language``.
    languages: list[str] = Field(default_factory=lambda: ["en"])
    #: Faust table store: ``memory://`` (default) or ``rocksdb://`` (production).
    store: str = "memory://"
    data_dir: Path = Path(".var/worker")
    #: Tagging batch: up to this many articles, or what arrived within ``tag_batch_seconds``.
    tag_batch_size: int = Field(default=32, ge=1)
    tag_batch_seconds: float = Field(default=0.25, gt=0)
    #: How long the worker's producer waits to fill a request before sending it. Every produce
    #: request is Python work on the event loop, which shares one core with spaCy (the GIL): at 0
    #: (Faust's default) a worker sent ~28 requests per article; 10 ms cut its event-loop CPU per
    #: article by a fifth (``bench/e2e.py``), for at most 10 ms more latency per stage. Kafka 4.0's
    #: own producer went from 0 to 5 ms by default for the same reason (KIP-1030).
    producer_linger_ms: int = Field(default=10, ge=0, le=1000)
    #: Standby copies of each table partition kept warm on other workers, for a faster take-over
    #: when a worker dies. Each copy reads every changelog record of the tables once more: with two
    #: workers and Faust's default of 1, the workers' event loops spent 44 ms of CPU per article
    #: instead of 27, and did 15 articles/s instead of 18.5 (``bench/e2e.py``). 0 is Kafka
    #: Streams' default: a partition's new owner reads its compacted changelog before counting.
    standby_replicas: int = Field(default=0, ge=0)
    #: Bucket size of the rolling counts; the 1 h and 24 h windows hop by this step.
    window_step_seconds: int = Field(default=300, ge=1)
    #: How late (by ``published_at``) an article may arrive and still land in its window.
    late_grace_seconds: int = Field(default=3600, ge=0)
    #: How long a counted article id is remembered, so the same article produced again does not
    #: count twice (redeliveries after a crash are recognised by offset, whatever this is).
    dedup_horizon_seconds: int = Field(default=7 * 86400, ge=3600)
    #: How long a worker keeps an article's near-duplicate signature after reading it (every
    #: worker holds all of them, ~2.8 KB each): copies arriving later are not flagged. The
    #: default is Kafka's default retention of the signatures topic.
    near_duplicate_horizon_seconds: int = Field(default=7 * 86400, ge=3600)
    log_level: str = "info"
    #: Faust's processing guarantee: "at_least_once" (the counts are exact anyway). The worker
    #: refuses "exactly_once": under it Faust stalled some partitions (see README).
    processing_guarantee: Literal["at_least_once", "exactly_once"] = "at_least_once"

    # --- Broker security (see README "Security (SASL_SSL)") ---
    #: How clients talk to the broker: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL.
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    #: SASL mechanism (SASL_* protocols only).
    sasl_mechanism: Literal["SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"] = "SCRAM-SHA-512"
    sasl_username: str | None = None
    #: Never logged or printed: pydantic shows it as ``**********``.
    sasl_password: SecretStr | None = None
    #: PEM file of the CA(s) that signed the broker certificate; unset = the system trust store.
    ssl_cafile: Path | None = None
    #: Client certificate (PEM) and its key, for brokers that require TLS client authentication.
    ssl_certfile: Path | None = None
    ssl_keyfile: Path | None = None
    ssl_key_password: SecretStr | None = None
    #: Check that the broker certificate names the host connected to (keep on outside tests).
    ssl_check_hostname: bool = True

    @field_validator("languages", mode="before")
    @classmethod
    def _split_languages(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip().lower() for part in value.split(",") if part.strip()]
        return value

    @field_validator("security_protocol", "sasl_mechanism", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("sasl_username", "ssl_cafile", "ssl_certfile", "ssl_keyfile", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _check_security(self) -> Settings:
        if self.uses_sasl and not (self.sasl_username and self.sasl_password and self.sasl_password.get_secret_value()):
            raise ValueError(
                f"NEWSSTREAM_SECURITY_PROTOCOL={self.security_protocol} needs NEWSSTREAM_SASL_USERNAME and "
                "NEWSSTREAM_SASL_PASSWORD"
            )
        if self.ssl_keyfile and not self.ssl_certfile:
            raise ValueError("NEWSSTREAM_SSL_KEYFILE needs NEWSSTREAM_SSL_CERTFILE (the client certificate)")
        return self

    @property
    def uses_sasl(self) -> bool:
        return self.security_protocol.startswith("SASL_")

    @property
    def uses_ssl(self) -> bool:
        return self.security_protocol in ("SSL", "SASL_SSL")

    @property
    def bootstrap_servers(self) -> list[str]:
        """Broker addresses for plain Kafka clients (without the ``kafka://`` scheme)."""
        servers = []
        for part in self.broker.replace(",", ";").split(";"):
            part = part.strip()
            if part:
                servers.append(part.split("://", 1)[-1])
        return servers


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, with non-None keyword overrides (from CLI options) on top."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})
