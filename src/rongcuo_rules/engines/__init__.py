"""Engines that fire a pack's rules to a fixpoint: ``native`` (default) and ``durable`` (RETE)."""

from __future__ import annotations

from typing import Any, Protocol

from ..case import Case, changed_memory
from ..errors import EngineError
from ..pack import Pack
from ..semantics import Derivation

ENGINES = ("native", "durable")


class Engine(Protocol):
    name: str
    pack: Pack

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


def derive_changed(engine: Engine, case: Case, base: Derivation | None, codes: dict[str, Any],
                   unconstrained: bool = False) -> tuple[dict[str, Any], Derivation]:
    """The working memory and the engine's derivation of ``case`` with the facts in ``codes`` changed (encoded
    values; :func:`rongcuo_rules.case.changed_memory`: :class:`InputError` when that is not a possible case).

    Where the engine can (the native one) and ``base`` — its derivation of ``case`` — is given, only what the
    change reaches fires again (:meth:`NativeEngine.rederive`). ``unconstrained``: the caller knows that no
    constraint of the vocabulary reads a changed fact, so the changed case is possible and entails what
    ``case`` does; its memory is then not built (the memory returned is only the changes)."""
    rederive = getattr(engine, "rederive", None) if base is not None else None
    if rederive is not None and unconstrained:
        return codes, rederive(base, codes, frozenset(codes))
    memory, implied = changed_memory(engine.pack.vocabulary, case, codes)
    if rederive is not None:  # what differs from the case: the changes, and what was or is now entailed
        return memory, rederive(base, memory, frozenset(codes).union(case.implied, implied))
    return memory, engine.derive(Case(facts={}, memory=memory, implied=implied))


def durable_available() -> bool:
    from .durable import available

    return available()
