"""The compiled cache: composed YAML documents of the vocabulary, glossary, packs and checklists, kept on
disk so that a new process does not parse them again.

What is kept is a :class:`~rongcuo_rules.yamlio.Document` — the data and the position of every key and value
— serialised with :mod:`marshal` (plain dicts, lists, tuples and scalars only: loading it runs no code,
unlike pickle). Each entry is named by a SHA-256 over everything its content depends on: the file's text,
the library's version, the composer's own source, the ruamel.yaml version, the Python version and this
format's version. A changed file or library therefore gets a new entry; an entry from another version is never
read. The payload carries its own SHA-256, checked before it is used: a truncated or altered entry is read
as a miss and rewritten. :mod:`rongcuo_rules.validated` keeps, beside a pack's or the vocabulary's document,
the models validating it gave (:func:`read_value` / :func:`write_value`), under a name of its own.

Where: ``RONGCUO_CACHE_DIR`` if set, else the user's cache directory (``platformdirs``: ``~/.cache/rongcuo_rules``
on Linux). ``RONGCUO_CACHE=off`` turns the cache off. The directory is created private (0700); a directory or
entry another user owns or can write is not trusted and the cache is not used. Case files are never cached:
they hold facts about a person. Bound: at most :data:`MAX_ENTRIES` entries (the oldest are removed when a new
one is written); an entry is at most a few hundred KB.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
import sys
from functools import cache
from pathlib import Path
from typing import Any

from .version import __version__

#: entries kept at most; writing one more removes the oldest (by modification time)
MAX_ENTRIES = 256
FORMAT = 1
_MAGIC = b"RONGCUO-DOC\x00"
#: the kinds of file cached (never case files)
KINDS = frozenset({"vocabulary", "glossary", "pack", "checklist"})


def enabled() -> bool:
    """Switched on, and usable: the library's own key can be computed (not, say, from a zip archive)."""
    return os.environ.get("RONGCUO_CACHE", "").lower() not in ("off", "0", "false", "no") and bool(_library_key())


def directory() -> Path:
    override = os.environ.get("RONGCUO_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("rongcuo_rules", appauthor=False))


@cache
def _library_key() -> bytes:  # empty: no key can be made, the cache is not used
    """What a composed document depends on besides its text: the library's version, the composer's source,
    the YAML library's version, the Python version, this format."""
    import ruamel.yaml

    try:  # the composer and what its output depends on: any change to them is a new key
        source = b"".join(Path(__file__).with_name(n).read_bytes() for n in ("yamlio.py", "errors.py", "textutil.py"))
    except OSError:
        return b""  # no source to key on: the cache is not used
    parts = [str(FORMAT), __version__, hashlib.sha256(source).hexdigest(), ruamel.yaml.__version__,
             sys.version, str(marshal.version)]
    return "\x00".join(parts).encode()


def key(text: str, file: str | None) -> str:
    """The entry's name: the file's name is part of it, as positions in messages name the file."""
    h = hashlib.sha256(_library_key())
    h.update(b"\x00" + (file or "").encode("utf-8", "surrogatepass") + b"\x00")
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _private(path: Path, st: os.stat_result) -> bool:
    """Owned by this user and writable by no one else (on systems with owners)."""
    if not hasattr(os, "getuid"):  # pragma: no cover - Windows: per-user profile directories
        return True
    return st.st_uid == os.getuid() and not (st.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def read(name: str) -> tuple[Any, Any, Any] | None:
    """The cached (data, value positions, key positions), or None (absent, unreadable, untrusted, corrupt)."""
    value = read_value(name)
    if not (isinstance(value, tuple) and len(value) == 3):
        return None
    return value


def read_value(name: str) -> Any:
    """The value kept under ``name``, or None (absent, unreadable, untrusted, corrupt)."""
    try:
        folder = directory()
        path = folder / f"{name}.doc"
        if not _private(folder, folder.stat()):
            return None
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode) or not _private(path, st):
                return None
            blob = fh.read()
    except OSError:
        return None
    head = len(_MAGIC) + 32
    if len(blob) < head or not blob.startswith(_MAGIC):
        return None
    payload = blob[head:]
    if hashlib.sha256(payload).digest() != blob[len(_MAGIC):head]:
        return None
    try:
        value = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    return value


def write(name: str, data: Any, value_at: Any, key_at: Any) -> None:
    """Keep a composed document; any failure (read-only home, full disk, unmarshallable data) leaves the
    cache as it was."""
    write_value(name, (data, value_at, key_at))


def write_value(name: str, value: Any) -> None:
    """Keep ``value`` (plain data marshal can write) under ``name``; any failure leaves the cache as it was."""
    try:
        payload = marshal.dumps(value)
    except ValueError:
        return
    try:
        folder = directory()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(folder, folder.stat()):
            return
        import tempfile  # only when writing: a warm start never does

        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".doc")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
            os.replace(tmp, folder / f"{name}.doc")  # atomic: a reader sees the old entry or the new one
        except BaseException:
            os.unlink(tmp)
            raise
        _prune(folder)
    except OSError:
        return


def _prune(folder: Path) -> None:
    entries = []
    for p in folder.glob("*.doc"):
        if p.name.startswith("."):  # another process's entry being written
            continue
        try:
            entries.append((p.stat().st_mtime, p))
        except OSError:
            continue
    if len(entries) <= MAX_ENTRIES:
        return
    entries.sort()
    for _, p in entries[: len(entries) - MAX_ENTRIES]:
        try:
            p.unlink()
        except OSError:
            continue
