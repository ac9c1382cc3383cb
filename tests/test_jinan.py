"""Golden cases for 济南: scope, six conditions, thirty scenarios, 第十八条 grading and 第十九条 conversion."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import golden_cases
from .test_fuzhou import ENGINES, check_golden


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("facts", "expect"), golden_cases("jinan"))
def test_golden(facts: dict[str, Any], expect: dict[str, Any], engine: str) -> None:
    check_golden("jinan", facts, expect, engine)
