"""What the running system offers the library (a leaf module: every layer may read it)."""

from __future__ import annotations

import os


def usable_cpus() -> int:
    """The processors this process may run on (its affinity where the platform tells it, as in a container
    limited to some cores), else the machine's count."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - platforms without affinity
        return os.cpu_count() or 1
