"""Engines that fire a pack's rules to a fixpoint: ``native`` (default) and ``durable`` (RETE)."""

from __future__ import annotations

from typing import Protocol

from ..case import Case
from ..errors import EngineError
from ..pack import Pack
from .network import Derivation

ENGINES = ("native", "durable")


class Engine(Protocol):
    name: str

    def derive(self, case: Case) -> Derivation: ...


def get_engine(pack: Pack, name: str = "native") -> Engine:
    """The engine ``name`` for ``pack``, built once per pack and cached on it (load-time work)."""
    key = ("engine", name)
    engine = pack._cache.get(key)
    if engine is not None:
        return engine
    if name == "native":
        from .native import NativeEngine

        engine = NativeEngine(pack)
    elif name == "durable":
        from .durable import DurableEngine

        engine = DurableEngine(pack)
    else:
        raise EngineError("engine.unknown", name=name)
    pack._cache[key] = engine
    return engine


def durable_available() -> bool:
    from .durable import available

    return available()
