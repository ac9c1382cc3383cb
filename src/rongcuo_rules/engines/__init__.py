"""Engines that fire a pack's rules to a fixpoint: ``native`` (default) and ``durable`` (RETE)."""

from __future__ import annotations

from typing import Protocol

from ..case import Case
from ..errors import EngineError
from ..pack import Pack
from ..semantics import Derivation

ENGINES = ("native", "durable")


class Engine(Protocol):
    name: str

    def derive(self, case: Case) -> Derivation: ...


def get_engine(pack: Pack, name: str = "native") -> Engine:
    """The engine ``name`` for ``pack``, built once per pack and cached on it (load-time work)."""
    if name not in ENGINES:
        raise EngineError("engine.unknown", name=name)
    return pack.cached(_KEYS[name], _build, pack, name)


_KEYS = {name: ("engine", name) for name in ENGINES}


def _build(pack: Pack, name: str) -> Engine:
    if name == "native":
        from .native import NativeEngine

        return NativeEngine(pack)
    from .durable import DurableEngine

    return DurableEngine(pack)


def durable_available() -> bool:
    from .durable import available

    return available()
