"""The library's own data files (the vocabulary, the glossary, the shipped packs), found beside its modules.

``importlib.resources`` finds them too, from any kind of installation, but importing it costs a fresh process
about 5 ms (it pulls in ``tempfile``, ``shutil`` and ``zipfile``), a tenth of what evaluation is allowed
to take to start. Files beside the modules — a wheel or a source checkout — are read directly; only a
library imported from elsewhere (a zip archive) goes through ``importlib.resources``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

HERE = Path(__file__).parent


def data_file(name: str) -> Any:
    """``name`` inside the package: a :class:`~pathlib.Path` when it is on disk, else a resources
    ``Traversable`` (both have ``read_text``, ``is_dir`` and ``joinpath``)."""
    path = HERE / name
    if path.exists() or (HERE / "__init__.py").exists():  # on disk: the package's files are here or nowhere
        return path
    from importlib import resources

    return resources.files(__package__).joinpath(name)


def read_data_text(name: str) -> str:
    return data_file(name).read_text(encoding="utf-8")
