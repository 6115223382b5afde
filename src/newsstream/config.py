"""Settings: the only reader of the environment (``NEWSSTREAM_*``), overridable by CLI options."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator
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
    #: Largest accepted raw record, in bytes; larger ones are dead-lettered as ``too_large``.
    max_body_bytes: int = Field(default=5_000_000, ge=1_000)
    #: Accepted article languages (ISO 639-1); others are dead-lettered as ``unsupported_language``.
    languages: list[str] = Field(default_factory=lambda: ["en"])
    #: Faust table store: ``memory://`` (default) or ``rocksdb://`` (production).
    store: str = "memory://"
    data_dir: Path = Path(".var/worker")
    #: Tagging batch: up to this many articles, or what arrived within ``tag_batch_seconds``.
    tag_batch_size: int = Field(default=32, ge=1)
    tag_batch_seconds: float = Field(default=0.25, gt=0)
    #: Bucket size of the rolling counts; the 1 h and 24 h windows hop by this step.
    window_step_seconds: int = Field(default=300, ge=1)
    #: How late (by ``published_at``) an article may arrive and still land in its window.
    late_grace_seconds: int = Field(default=3600, ge=0)
    log_level: str = "info"

    @field_validator("languages", mode="before")
    @classmethod
    def _split_languages(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip().lower() for part in value.split(",") if part.strip()]
        return value

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
