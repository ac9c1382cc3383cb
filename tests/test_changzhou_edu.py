"""Golden cases for 常州市教育局: scope, the seven conditions, ten scenarios, the once-only rule, the range."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import golden_cases
from .test_fuzhou import ENGINES, check_golden


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("facts", "expect"), golden_cases("changzhou_edu"))
def test_golden(facts: dict[str, Any], expect: dict[str, Any], engine: str) -> None:
    check_golden("changzhou_edu", facts, expect, engine)
