"""Golden cases for 平顶山: scope, the six conditions and their exception, eight scenarios, concealment, exempt vs. the 第十三条 range."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import golden_cases
from .test_fuzhou import ENGINES, check_golden


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("facts", "expect"), golden_cases("pingdingshan"))
def test_golden(facts: dict[str, Any], expect: dict[str, Any], engine: str) -> None:
    check_golden("pingdingshan", facts, expect, engine)
