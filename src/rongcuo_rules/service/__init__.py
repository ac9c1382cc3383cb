"""``rongcuo serve``: the HTTP service and the web page (DESIGN §9).

Needs the ``serve`` extra (FastAPI, uvicorn, fastapi-offline); :func:`serve` says so in the library's own
error when they are missing.
"""

from __future__ import annotations

from typing import Any

from ..errors import InputError


def create_app(settings: Any = None) -> Any:
    """The ASGI application (see :mod:`rongcuo_rules.service.app`)."""
    _require()
    from .app import create_app as build

    return build(settings)


def _require() -> None:
    for module in ("fastapi", "uvicorn", "fastapi_offline"):
        try:
            __import__(module)
        except ImportError:
            raise InputError("service.unavailable", module=module) from None


LOOPBACK = ("127.0.0.1", "::1", "localhost")


def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 1, settings: Any = None,
          log_level: str = "info") -> None:
    """Run the service with uvicorn until interrupted. ``workers`` > 1 runs that many processes (uvicorn's
    supervisor), each with the packs loaded."""
    import os

    _require()
    import uvicorn

    from .settings import Settings, settings_to_env

    os.environ.update(settings_to_env(settings or Settings()))
    uvicorn.run("rongcuo_rules.service.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level=log_level, server_header=False, proxy_headers=False, timeout_graceful_shutdown=10)
