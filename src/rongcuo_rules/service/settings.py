"""The service's settings: what ``rongcuo serve`` configures (no web framework needed to read them)."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    """What ``rongcuo serve`` configures; the defaults are the safe ones."""

    max_body: int = 1 << 20  # bytes (1 MiB)
    read_timeout: float = 30.0  # seconds to receive a whole body
    compare_timeout: float = 20.0  # seconds for one comparison
    max_batch: int = 1_000  # cases in one batch request (a verdict at explain=full is up to ~25 KB of JSON)
    lint_timeout: float = 20.0  # seconds for one lint
    lint_max_items: int = 100  # items in one linted checklist (the exact checks grow with pairs of items)
    db: str | None = None  # the archive (DESIGN §10), once records exist


#: the settings travel to uvicorn's worker processes in the environment (each worker builds its own app)
_ENV = {"max_body": "RONGCUO_SERVE_MAX_BODY", "read_timeout": "RONGCUO_SERVE_READ_TIMEOUT",
        "compare_timeout": "RONGCUO_SERVE_COMPARE_TIMEOUT", "max_batch": "RONGCUO_SERVE_MAX_BATCH",
        "lint_timeout": "RONGCUO_SERVE_LINT_TIMEOUT", "lint_max_items": "RONGCUO_SERVE_LINT_MAX_ITEMS",
        "db": "RONGCUO_DB"}


def settings_to_env(settings: Settings) -> dict[str, str]:
    return {var: str(getattr(settings, name)) for name, var in _ENV.items() if getattr(settings, name) is not None}


def settings_from_env() -> Settings:
    kinds = {"max_body": int, "read_timeout": float, "compare_timeout": float, "max_batch": int,
             "lint_timeout": float, "lint_max_items": int, "db": str}
    given = {name: kinds[name](os.environ[var]) for name, var in _ENV.items() if var in os.environ}
    return Settings(**given)
