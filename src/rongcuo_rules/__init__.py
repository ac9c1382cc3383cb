"""rongcuo_rules — China's 容错纠错 measures as executable, explainable policy packs.

Public API::

    from rongcuo_rules import evaluate, get_pack, load_case, case_from_facts

    verdict = evaluate("fuzhou", {"conduct.private_gain": True})
    print(verdict.outcome, verdict.to_json())
"""

from __future__ import annotations

from .api import evaluate, evaluate_all
from .batch import evaluate_many, write_json_lines
from .case import Case, case_from_facts, load_case, load_case_text
from .engines import ENGINES, durable_available
from .errors import EngineError, InputError, RongcuoError, WorkersUnavailableWarning
from .pack import Pack, get_pack, load_pack, shipped_pack_names
from .verdict import Verdict
from .vocabulary import Vocabulary, default_vocabulary

__all__ = [
    "ENGINES", "Case", "EngineError", "InputError", "Pack", "RongcuoError", "Verdict", "Vocabulary",
    "WorkersUnavailableWarning", "case_from_facts", "default_vocabulary", "durable_available", "evaluate",
    "evaluate_all", "evaluate_many", "get_pack",
    "load_case", "load_case_text", "load_pack", "shipped_pack_names", "write_json_lines",
    "OfficialCalendar", "Timeline", "load_events", "load_year_schedule", "timeline", "__version__",
]

from .version import __version__

# Procedure timelines load on first use: importing them pulls in the calendar, which evaluation never needs
# (the CLI's cold start is measured in the README's benchmark).
_LAZY = {"Timeline": "procedure", "load_events": "procedure", "timeline": "procedure",
         "OfficialCalendar": "workdays", "load_year_schedule": "workdays"}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'rongcuo_rules' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f".{module}", __name__), name)
