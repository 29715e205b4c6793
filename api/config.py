"""The service's one validated Settings (environment variables prefixed ``VANBAN_``).

``nlp/`` never reads the environment; only this module does, once, when the service starts.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DATA_DIR = Path(user_data_dir("vanban", appauthor=False))
MB = 1024 * 1024


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VANBAN_", env_ignore_empty=True, extra="ignore")

    data_dir: Path = DATA_DIR
    # Empty means a SQLite file in data_dir; PostgreSQL when it names one (postgresql://…).
    database_url: str = ""
    # Uploaded originals, stored under generated names only.
    storage_dir: Path | None = None
    # Secret that signs the page's session cookie; empty: one is generated once into data_dir.
    secret_key: str = ""
    max_upload_bytes: int = Field(50 * MB, gt=0, description="per file, checked while streaming")
    max_files_per_upload: int = Field(20, gt=0)
    workers: int = Field(2, ge=1, description="processes that run the pipeline")
    job_timeout_s: float = Field(120, gt=0, description="time limit for one document")
    worker_memory_bytes: int = Field(
        2 * 1024 * MB, ge=0, description="heap cap per worker; 0 = none"
    )
    database_timeout_s: float = Field(
        30, gt=0, description="wait for a locked or unreachable database, then answer 503"
    )
    review_threshold: float = Field(0.5, ge=0, le=1, description="obligations below it need review")
    timezone: str = "Asia/Ho_Chi_Minh"  # "today" for overdue tasks
    lang: str = "vi"  # default language of messages and the page

    @field_validator("database_url")
    @classmethod
    def _normalise_driver(cls, url: str) -> str:
        """One driver per database: psycopg 3 for PostgreSQL, the standard sqlite3 for SQLite."""
        for prefix in ("postgres://", "postgresql://", "postgresql+psycopg2://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix) :]
        return url

    @model_validator(mode="after")
    def _fill_paths(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'vanban.db'}"
        if self.storage_dir is None:
            self.storage_dir = self.data_dir / "files"
        if self.lang not in ("vi", "en"):
            self.lang = "vi"
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def files_dir(self) -> Path:
        assert self.storage_dir is not None  # filled by the validator
        return self.storage_dir

    def session_secret(self) -> str:
        """The configured secret, else one kept in data_dir so that sessions survive a restart."""
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "secret_key"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
            path.chmod(0o600)
        return path.read_text(encoding="utf-8").strip()
