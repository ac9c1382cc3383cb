"""Golden cases for 绍兴 (main text): scope, the conditions of 第三条 and its reading of loss and correction, seven scenarios."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import golden_cases
from .test_fuzhou import ENGINES, check_golden


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("facts", "expect"), golden_cases("shaoxing"))
def test_golden(facts: dict[str, Any], expect: dict[str, Any], engine: str) -> None:
    check_golden("shaoxing", facts, expect, engine)
