"""The native and durable engines give identical verdicts; the durable wrapper keeps cases apart."""

from __future__ import annotations

import pytest
from hypothesis import given

from rongcuo_rules import durable_available, evaluate, get_pack, shipped_pack_names
from rongcuo_rules.case import Case, case_from_facts

from .conftest import cases, engine_neutral

pytestmark = pytest.mark.skipif(not durable_available(), reason="durable_rules does not build here")


@pytest.mark.parametrize("name", shipped_pack_names())
@given(case=cases())
def test_native_and_durable_agree(name: str, case: Case) -> None:
    pack = get_pack(name)
    native = evaluate(pack, case, engine="native")
    durable = evaluate(pack, case, engine="durable")
    # the whole verdict: outcome, citations, missing facts, reasons, trace, consequences
    assert engine_neutral(native.to_json()) == engine_neutral(durable.to_json())


def test_durable_keeps_no_state_between_cases() -> None:
    pack = get_pack("fuzhou")
    deny = {"conduct.private_gain": True, "context.emergency": True}
    first = evaluate(pack, "examples/fuzhou_flood_exempt.yaml", engine="durable")
    evaluate(pack, deny, engine="durable")
    again = evaluate(pack, "examples/fuzhou_flood_exempt.yaml", engine="durable")
    assert first.outcome == again.outcome == "exempt"
    assert first.to_json() == again.to_json()


def test_durable_runs_many_cases_without_leaking_sessions() -> None:
    # durable_rules allows 1024 live sessions per ruleset; every case must delete its own.
    pack = get_pack("fuzhou")
    for i in range(1500):
        v = evaluate(pack, {"context.emergency": True, "impact.escalated": i % 2 == 0}, engine="durable")
        assert v.outcome == ("deny" if i % 2 == 0 else "undetermined")


def test_durable_starts_no_background_threads() -> None:
    import threading

    before = threading.active_count()
    from rongcuo_rules.engines.durable import DurableEngine

    DurableEngine(get_pack("fuzhou"))
    assert threading.active_count() == before


def test_action_errors_surface_as_engine_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    from rongcuo_rules.engines import durable as durable_module
    from rongcuo_rules.errors import EngineError

    engine = durable_module.DurableEngine(get_pack("fuzhou"))

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(engine.network, "_tolerance", broken)
    with pytest.raises(EngineError, match="tolerated"):
        engine.derive(case_from_facts({}))
