"""Logging for the GUI process: a rotating file per user, redacted, with thread names."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from homeagent.domain.redact import redact

FORMAT = "%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s"


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def setup(log_dir: Path | None, level: str = "info", console: bool = False) -> Path | None:
    root = logging.getLogger()
    root.setLevel(level.upper())
    root.handlers.clear()
    formatter = RedactingFormatter(FORMAT)
    path = None
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
        path = log_dir / "homeagent.log"
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=5_000_000, backupCount=3, encoding="utf-8"
        )
        handler.setFormatter(formatter)
        root.addHandler(handler)
    if console or log_dir is None:
        stream = logging.StreamHandler()
        stream.setFormatter(formatter)
        root.addHandler(stream)
    return path
