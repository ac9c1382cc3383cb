"""Many cases at once, on every core: :func:`evaluate_many`.

The cases are split into chunks evaluated by worker processes while this process evaluates a share itself.
What crosses between processes is kept small, because moving whole verdicts cost more than deriving them:

* a forked worker has the batch's cases from the fork, so a task names only a span of them; a spawned one
  gets each case as what it was given (a mapping of facts, a file's path) or, for a :class:`Case`, as its
  fields with the working memory as a tuple in the vocabulary's order;
* a chunk's verdicts come back through shared memory (the pool's pipe held a worker up while this process,
  busy evaluating, read it), in a block this process lends the task: one of a few it makes for the batch and
  lends again once read, so that both sides have it mapped already (:class:`_Lent`); results too big for it
  come in a block of their own; results for which shared memory has no room come through the pipe
  (:func:`_place`, :func:`_reserve`); where the system will not map a block at all (a limit on a process's
  memory, no shared memory), a worker makes one of its results' size, or else uses the pipe
  (:func:`_map_block`);
* they come as JSON, or as their parts (``verdict._verdict_parts``: all the work of a verdict but putting it
  together), which this process puts together. Each shared item (trace entries, reasons, consequences, near
  misses, and one per verdict for what its skeleton shows: citations, readings, interpretations — interned,
  the same object in many verdicts) is sent once per worker and then named by a number: this process keeps
  each worker's items in the same order. A worker holds at most :data:`MAX_SENT` items; past that it starts
  a new numbering and says so.

Processes fork where the platform allows (the workers share the loaded pack); elsewhere a worker loads the pack by
its shipped name, and a pack that is not a shipped one is evaluated in this process alone. So is a batch where the
system will not start the workers (no usable semaphores, as with a read-only /dev/shm; no more processes allowed;
a daemonic calling process), with a :class:`~rongcuo_rules.errors.WorkersUnavailableWarning`. A bad case raises
the same :class:`~rongcuo_rules.errors.InputError` it would raise in :func:`~rongcuo_rules.evaluate`.
"""

from __future__ import annotations

import gc
import itertools
import os
import sys
import threading
from array import array
from collections.abc import Iterable, Iterator, Mapping
from functools import partial
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO

from .api import _as_case, _as_pack
from .case import Case
from .errors import InputError, RongcuoError, warn_workers_unavailable
from .pack import Pack
from .system import WorkersRefused, find_heap_trimmer, process_pool, release_free_heap, submit, usable_cpus
from .verdict import _PARTS, EXPLAIN, Verdict, _check_explain, _compose, _verdict_parts, derive_verdict

#: cases per task sent to a worker, at most (each task costs both sides about a millisecond of the pool's
#: bookkeeping; with a shared-memory block made, mapped and freed per task, 2 processes on 100,000 cases went
#: 1.22x, 1.30-1.41x, 1.38-1.44x, 1.35-1.44x with chunks of 250, 500, 1,000, 2,000; with verdicts sent as their
#: parts and chunks cut smaller at the end, 1.51-1.53x, 1.54-1.61x, 1.49-1.56x with 500, 1,000, 2,000 — the
#: same within this machine's noise)
CHUNK = 1000
#: below this many cases one process is as fast or faster (measured here, 2 processes against 1, verdicts / JSON:
#: 3,000 cases 0.87x / -, 6,000 0.96x / 1.03x, 8,000 0.76x / 1.06x, 10,000 0.99x / 1.28x, 20,000 1.10x / 1.22x,
#: 100,000 1.4x / 1.4-1.7x): a forked worker's first touches of the objects it shares with this process copy
#: their pages (each reference count is a write), a cost paid again by every batch
MIN_PARALLEL = 10_000
#: the fewest cases in a chunk when a small batch is cut finer than CHUNK (:func:`chunk_size`)
MIN_CHUNK = 100
#: tasks in flight per worker: while this process evaluates a chunk of its own (as JSON, about as long as a worker
#: takes for one), a worker with two in flight ran dry for 50-80 ms every quarter of a second
IN_FLIGHT = 3
#: JSON lines come out in order: chunks are taken (by this process, or given to a worker) while at most this
#: many more than the workers' tasks in flight are between the last one written and the next, which bounds the
#: lines this process holds (its own chunks, finished and waiting for a worker's before them). With 1, it
#: waited on the worker's oldest chunk for 0.9-1.5 s of a 4-6 s batch; with 3, 0.06-0.15 s
AHEAD = 3
#: shared items a worker numbers before it starts a new numbering (bounds both sides' tables)
MAX_SENT = 100_000
#: bytes a lent block holds (:class:`_Lent`). Memory is taken only as a block is written: a chunk of 1,000 抚州
#: verdicts is about 16 MB as JSON at the default explain level, 0.36 MB as verdicts' parts. A chunk that does not
#: fit is left in a block of its own.
LENT_BYTES = 64 << 20

#: the parts of a verdict (verdict._PARTS) that are lists of shared items, sent as numbers (see _wire_verdicts)
_LISTS_AT = tuple(_PARTS.index(name) for name in ("reasons", "trace", "consequences", "near_misses"))
_FACE_AT = _PARTS.index("face")  # one shared item a verdict: its skeleton's citations, readings, …


def evaluate_many(pack: Pack | str | Path, cases: Iterable[Case | Mapping[str, Any] | str | Path], *,
                  processes: int | None = None, engine: str = "native", lang: str = "zh",
                  explain: str = "near", as_json: bool = False) -> list[Any]:
    """The verdicts on ``cases`` under ``pack``, in order: what ``[evaluate(pack, c) for c in cases]`` gives,
    using ``processes`` processes (default: one per core; 1: this process only). With ``as_json`` each
    verdict comes as its compact JSON, UTF-8 encoded (``Verdict.to_json_bytes()``: one line each, for
    JSON lines) — the form in which verdicts cross processes cheaply (the README's benchmark gives both).
    Where the system will not start worker processes, the batch is evaluated in this process, with a
    :class:`~rongcuo_rules.errors.WorkersUnavailableWarning`."""
    p = _as_pack(pack)
    items = list(cases)
    workers = _check(explain, processes) - 1  # this process is one of them
    # The cyclic garbage collector is paused while a batch runs (as it was found after): verdicts hold no
    # reference cycles, and its passes over thousands of kept verdicts cost more than deriving them
    # (26,000 verdicts/s dropped one by one, 16,000/s kept, 24,000/s kept with the collector paused).
    paused = gc.isenabled()
    gc.disable()
    try:
        if workers >= 1 and len(items) >= MIN_PARALLEL and _shareable(p):
            try:
                return _in_processes(p, items, workers, engine, lang, explain, as_json)
            except WorkersRefused as exc:
                warn_workers_unavailable(exc.__cause__, lang, stacklevel=2)
        if as_json:
            return [derive_verdict(p, _as_case(c), engine, lang, explain).to_json_bytes() for c in items]
        return [derive_verdict(p, _as_case(c), engine, lang, explain) for c in items]
    finally:
        if paused:
            gc.enable()


def write_json_lines(pack: Pack | str | Path, cases: Iterable[Case | Mapping[str, Any] | str | Path],
                     into: BinaryIO, *, processes: int | None = None, engine: str = "native", lang: str = "zh",
                     explain: str = "near") -> int:
    """Each verdict's compact JSON (``Verdict.to_json_bytes()``) and a line break, written to the binary file
    ``into`` in the order of ``cases``; returns how many were written. What :func:`evaluate_many` with
    ``as_json`` gives, without holding the batch in memory: workers leave their chunks in shared memory and this
    process writes each chunk out from there as soon as the chunks before it are out (it evaluates chunks
    itself meanwhile). A bad case raises as in :func:`evaluate_many` (the first in input order); the lines
    written by then are those of the chunks (:func:`chunk_size` cases each) before the bad case's chunk."""
    p = _as_pack(pack)
    items = list(cases)
    workers = _check(explain, processes) - 1
    paused = gc.isenabled()
    gc.disable()  # (see evaluate_many)
    try:
        if workers >= 1 and len(items) >= MIN_PARALLEL and _shareable(p):
            try:
                return _write_in_processes(p, items, into, workers, engine, lang, explain)
            except WorkersRefused as exc:  # (raised before any line is written)
                warn_workers_unavailable(exc.__cause__, lang, stacklevel=2)
        for c in items:
            into.write(derive_verdict(p, _as_case(c), engine, lang, explain).to_json_bytes() + b"\n")
        return len(items)
    finally:
        if paused:
            gc.enable()


def _check(explain: str, processes: Any) -> int:
    """The processes to use, once the options are checked."""
    if explain not in EXPLAIN:
        raise InputError("cli.bad_explain", value=explain, allowed=", ".join(EXPLAIN))
    if processes is not None and (isinstance(processes, bool) or not isinstance(processes, int) or processes < 1):
        raise InputError("api.bad_processes", got=repr(processes)[:40])
    return processes or usable_cpus()  # type: ignore[no-any-return]


def _write_in_processes(p: Pack, items: list[Any], into: BinaryIO, workers: int, engine: str, lang: str,
                        explain: str) -> int:
    memory_of = itemgetter(*p.vocabulary.blank_memory)
    spans = _spans(len(items), workers)
    ready: dict[int, Any] = {}  # chunk → its lines (this process's) or, a worker's, (where they are, size)
    failed: dict[int, RongcuoError] = {}  # chunk → the error of its first bad case
    with _BATCH_LOCK:
        method, prefix, lent = _ready_for_workers(p, items, engine, lang, explain)
        lent_of: dict[int, str | None] = {}  # chunk → the block lent to its task (if any), till its lines are out
        block_of: dict[int, str] = {}  # chunk → its own block's name, should its lines not fit the lent one
        try:
            with process_pool(workers, method, _start, (p.name, engine, lang, explain, method == "fork")) as pool:
                # Chunks are taken in order, by the workers (a few in flight each) and by this process between
                # its writes; this process takes one only while few are finished and waiting for those before
                # them, so that what is held stays a few chunks. A bad case's chunk ends the output: the chunks
                # before it are written, and its error (the first in input order) is raised.
                pending: dict[Any, int] = {}  # in submission order
                given = written = 0

                def end() -> int:
                    return min(failed) if failed else len(spans)

                def write_out() -> None:
                    nonlocal written
                    while written < end() and written in ready:
                        got = ready.pop(written)
                        if isinstance(got, list):  # this process's lines
                            into.writelines(got)
                        else:  # a worker's: written from shared memory; the lent block is lent again
                            where, size = got
                            _read(block_of[written] if where is True else lent_of[written], lent, where,
                                  partial(_write_from, size=size, into=into), size)
                            lent.back(lent_of.pop(written))
                        written += 1

                def collect(block: bool) -> None:
                    for k, got in _finished(pending, block, failed):
                        if got is None:  # failed: nothing to write
                            lent.back(lent_of.pop(k))
                        else:
                            where, lengths = got
                            ready[k] = where, sum(lengths) + len(lengths)

                window = IN_FLIGHT * workers + AHEAD  # (see AHEAD)
                while written < end():
                    collect(False)
                    write_out()  # (first: a chunk written gives its lent block back before any is lent again)
                    while given < end() and len(pending) < IN_FLIGHT * workers and given - written <= window:
                        chunk = _task_cases(items, spans[given], memory_of)
                        lent_of[given], block_of[given] = lent.lend(), _block_name(prefix, given)
                        pending[submit(pool, given == 0, _json_chunk, lent_of[given], block_of[given], chunk,
                                        True)] = given
                        given += 1
                    write_out()
                    if given < end() and given - written <= window:  # this process takes the next
                        lo, hi = spans[given]
                        try:
                            ready[given] = [derive_verdict(p, _as_case(c), engine, lang, explain).to_json_bytes()
                                            + b"\n" for c in items[lo:hi]]
                        except RongcuoError as exc:
                            failed[given] = exc
                        given += 1
                    elif pending:
                        collect(True)  # the oldest chunk a worker has
                    write_out()
                if failed:
                    raise failed[min(failed)]
            return len(items)
        finally:
            _end_batch(lent, block_of)


def chunk_size(cases: int, workers: int) -> int:
    """Cases per chunk when ``cases`` are left to share with ``workers`` workers beside this process:
    :data:`CHUNK`, or fewer (not under :data:`MIN_CHUNK`) so that each process has about four. Cut by CHUNK
    alone, a batch of 3,000 cases (when MIN_PARALLEL was 2,000) was three chunks, all handed to the one worker at
    once (three in flight), and this process waited: twice as slow as one process. :func:`evaluate_many` asks
    again as cases are taken (so its last chunks are small); ``write_json_lines`` cuts the whole batch once
    (:func:`_spans`)."""
    return min(CHUNK, max(MIN_CHUNK, -(-cases // (4 * (workers + 1)))))


def _spans(cases: int, workers: int) -> list[tuple[int, int]]:
    size = chunk_size(cases, workers)
    return [(k, min(k + size, cases)) for k in range(0, cases, size)]


def _block_prefix() -> str:
    """What the names of a batch's shared-memory blocks begin with (:func:`_block_name`)."""
    return f"rc-{os.getpid()}-{next(_BATCHES)}-"


def _block_name(prefix: str, chunk: int | str) -> str:
    """A shared-memory block's name (chunk ``chunk``'s own block, or a lent one): a token of its own makes the name
    unguessable, so that no other local process can make it first (each block is made exclusively, and making
    it would fail; names in /dev/shm can be listed by anyone). Short enough for the 31 characters some systems
    allow."""
    import secrets

    return f"{prefix}{chunk}-{secrets.token_hex(4)}"


def _lent(prefix: str) -> _Lent:
    """The batch's lender of blocks (:class:`_Lent`), or :class:`~rongcuo_rules.system.WorkersRefused` where the
    system will not start the resource tracker it starts (a process: no more allowed)."""
    try:
        return _Lent(prefix)
    except OSError as exc:
        _WORKER.clear()  # (set for the workers; the batch's finally, which clears it, is not reached)
        raise WorkersRefused() from exc


class _Lent:
    """The shared-memory blocks this process makes for a batch and lends to the workers' tasks, each lent again
    once its chunk is read; all are freed when the batch ends. A task writes its results into the block it is
    lent, which both sides have mapped from its first use: with a new block per chunk, as JSON, a worker spent
    about 25 µs a verdict (16 KB) joining it and writing it into fresh memory and this process 13 µs mapping
    and reading it, against 60 µs to make it. A block is made only when none is free: at most one per task in
    flight (:data:`IN_FLIGHT` a worker). (A worker's finished chunk is read as soon as it is collected — the
    chunks before it are collected or this process's, which are ready — so it lends its block back before
    another is lent.)"""

    def __init__(self, prefix: str) -> None:
        if os.name == "posix":
            # the tracker that frees blocks left behind if this process dies runs before any worker starts, so
            # that workers share it (a forked worker that started its own would free the blocks it had opened
            # when it exits)
            from multiprocessing import resource_tracker

            resource_tracker.ensure_running()
        self.prefix = prefix
        self.blocks: dict[str, Any] = {}  # name → its SharedMemory
        self.free: list[str] = []
        self.refused = False  # the system would not make a block

    def lend(self) -> str | None:
        """A block for a task, or None where the system will not make one (:func:`_map_block`): the task's
        worker then tries a block of its own, of its results' size, and else the pipe. A refusal is kept for
        the batch (a limit on this process's memory stays)."""
        if self.free:
            return self.free.pop()
        if self.refused:
            return None
        name = _block_name(self.prefix, f"L{len(self.blocks)}")
        try:
            self.blocks[name] = _map_block(name, LENT_BYTES, create=True)
        except OSError:
            self.refused = True
            return None
        return name

    def buf(self, name: str) -> memoryview:
        return self.blocks[name].buf  # type: ignore[no-any-return]

    def back(self, name: str | None) -> None:
        if name is not None:  # (None: no block was lent)
            self.free.append(name)

    def close(self) -> None:
        """Unmap and free every block (the pool has shut down: no worker writes one any more)."""
        for block in self.blocks.values():
            block.close()
            try:
                block.unlink()
            except FileNotFoundError:  # (freed by someone else: nothing left to free)
                pass
        self.blocks.clear()
        self.free.clear()


def _end_batch(lent: _Lent, block_of: dict[int, str]) -> None:
    """After a batch, once its pool has shut down (every worker done): whatever failed, no block is left behind —
    the lent ones and any a chunk made of its own — and the workers' state is cleared."""
    try:
        lent.close()
    finally:
        for name in block_of.values():
            _discard(name)
        _WORKER.clear()


_BATCH_LOCK = threading.Lock()  # one parallel batch at a time: the workers' state is this module's
_BATCHES = itertools.count()


def _in_processes(p: Pack, items: list[Any], workers: int, engine: str, lang: str, explain: str,
                  as_json: bool) -> list[Any]:
    memory_of = itemgetter(*p.vocabulary.blank_memory)
    results: dict[int, list[Any]] = {}  # chunk (by its first case's index) → its verdicts (or JSON lines)
    with _BATCH_LOCK:
        method, prefix, lent = _ready_for_workers(p, items, engine, lang, explain)
        lent_of: dict[int, str | None] = {}  # chunk → the block lent to its task (if any), until its results are read
        block_of: dict[int, str] = {}  # chunk → its own block's name, should its results not fit the lent one
        mirrors: dict[int, tuple[int, list[Any]]] = {}
        failed: dict[int, RongcuoError] = {}  # chunk → the error of its first bad case
        compose = partial(_compose, p, lang, explain, engine)
        try:
            # a worker that dies (killed, crashed) raises BrokenProcessPool here instead of hanging the batch
            with process_pool(workers, method, _start, (p.name, engine, lang, explain, method == "fork")) as pool:
                # The workers take chunks from the front and this process from the back, until they meet: a
                # share fixed in advance left one side waiting on the other (a worker rebuilds its cases and
                # sends its verdicts; this process puts them together again). A few chunks per worker are in
                # flight at a time; each worker's results are read in the order it made them (its numbering
                # of shared items runs in that order). Chunks are cut smaller as fewer cases are left
                # (chunk_size of what is left): where the two sides met, this process then waited on the
                # chunks a worker had in flight, 40-90 ms of a 2.3 s batch with chunks of 1,000.
                pending: dict[Any, int] = {}
                front, back = 0, len(items)  # the cases not yet taken: items[front:back]

                def give() -> None:
                    nonlocal front
                    # (past a bad case found so far, no chunk is needed)
                    while (front < back and len(pending) < IN_FLIGHT * workers
                           and not (failed and front > min(failed))):
                        k, front = front, min(back, front + chunk_size(back - front, workers))
                        chunk = _task_cases(items, (k, front), memory_of)
                        lent_of[k], block_of[k] = lent.lend(), _block_name(prefix, k)
                        task = _json_chunk if as_json else _evaluate_chunk
                        pending[submit(pool, k == 0, task, lent_of[k], block_of[k], chunk)] = k

                def take(block: bool) -> None:
                    for k, got in _finished(pending, block, failed):
                        # the batch raises once a chunk has failed: what comes after is not read
                        if got is not None and not failed:
                            where, sizes = got
                            name = block_of[k] if where is True else lent_of[k]
                            if as_json:
                                results[k] = _read(name, lent, where, partial(_split, lengths=sizes), sum(sizes))
                            else:
                                wired = _read(name, lent, where, partial(_unpickle, length=sizes), sizes)
                                results[k] = _assemble(wired, mirrors, compose)
                        lent.back(lent_of.pop(k))

                give()
                while front < back:
                    lo, hi = max(front, back - chunk_size(back - front, workers)), back
                    back = lo
                    if failed and lo > min(failed):
                        continue  # after the first bad case found so far: not needed
                    try:
                        if as_json:
                            results[lo] = [derive_verdict(p, _as_case(c), engine, lang, explain).to_json_bytes()
                                           for c in items[lo:hi]]
                        else:
                            results[lo] = [derive_verdict(p, _as_case(c), engine, lang, explain)
                                           for c in items[lo:hi]]
                    except RongcuoError as exc:
                        failed[lo] = exc
                    take(False)
                    give()
                while pending:
                    take(True)
                if failed:  # the first bad case in input order, as evaluating one by one would raise
                    raise failed[min(failed)]
            return [v for _, chunk in sorted(results.items()) for v in chunk]
        finally:
            _end_batch(lent, block_of)


def _ready_for_workers(p: Pack, items: list[Any], engine: str, lang: str, explain: str) -> tuple[str, str, _Lent]:
    """What a batch sets up for its workers, under the batch lock, before any starts: returns how they are
    started (``fork`` where the system can), the prefix of the batch's blocks' names, and the lender of its
    blocks (:func:`_lent`)."""
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    # what evaluation builds on first use is built before forking, so that no worker waits on a lock
    # another thread of this process held at the fork
    prebuild(p, engine, lang, explain)
    if method == "fork":  # (looked up here: a worker need load nothing to release its free heap, see _start)
        find_heap_trimmer()
    _WORKER.update(pack=p, name=p.name, engine=engine, lang=lang, explain=explain, forked=method == "fork")
    if method == "fork":  # forked workers have the cases already: a task names a span of them
        _WORKER["items"] = items
    prefix = _block_prefix()
    return method, prefix, _lent(prefix)


def _finished(pending: dict[Any, int], block: bool, failed: dict[int, RongcuoError]) -> Iterator[tuple[int, Any]]:
    """The chunks workers have finished, as (chunk, result): oldest first, and only while the oldest is finished
    (``block``: waiting for the oldest first). A worker makes its chunks in the order given and numbers its
    shared items in that order, so they are read in that order (a scan of every finished future could read a
    later one first). A chunk whose bad case raised goes into ``failed``, and comes as (chunk, None)."""
    while pending:
        f = next(iter(pending))
        if not (block or f.done()):
            return
        block = False
        k = pending.pop(f)
        try:
            got = f.result()
        except RongcuoError as exc:
            failed[k] = exc
            got = None
        yield k, got


def _assemble(result: tuple[int, int, list[Any], list[Any]], mirrors: dict[int, tuple[int, list[Any]]],
              compose: Any) -> list[Verdict]:
    """A worker's chunk of verdicts put together (:func:`_wire_verdicts`): its shared items by their numbers
    (its new ones added to its table first), cut into each verdict's lists; then each verdict composed from its
    parts (``compose``: ``verdict._compose`` with the batch's pack and options)."""
    pid, generation, new, columns = result
    seen = mirrors.get(pid)
    if seen is None or seen[0] != generation:
        seen = mirrors[pid] = (generation, [])
    table = seen[1]
    table.extend(new)
    get = table.__getitem__
    columns[_FACE_AT] = list(map(get, memoryview(columns[_FACE_AT]).cast("I")))
    for i in _LISTS_AT:
        refs, lengths = columns[i]
        items = list(map(get, memoryview(refs).cast("I")))
        ends = list(itertools.accumulate(memoryview(lengths).cast("I")))
        columns[i] = list(map(items.__getitem__, map(slice, [0, *ends[:-1]], ends)))
    return list(map(compose, zip(*columns)))


def prebuild(p: Pack, engine: str, lang: str, explain: str) -> None:
    from .engines import get_engine
    from .missing import _dependence
    from .verdict import _consequence_items, _plan

    get_engine(p, engine)
    _plan(p, lang)
    _consequence_items(p)
    _dependence(p)
    if explain == "full":
        from .alternatives import prepare

        prepare(p)


def _shareable(pack: Pack) -> bool:
    """Whether a worker can have this pack: forked processes inherit it; spawned ones load shipped packs."""
    import multiprocessing

    if "fork" in multiprocessing.get_all_start_methods():
        return True
    from .pack import get_pack, shipped_pack_names

    return pack.name in shipped_pack_names() and get_pack(pack.name) is pack


def _task_cases(items: list[Any], span: tuple[int, int], memory_of: Any) -> Any:
    """What a task sends of its cases: for a forked worker, which has the batch's cases from the fork, only
    their span (sending them cost this process a pickling of about 2 KB a case, as much time as deriving
    a verdict); for a spawned one, each case as :func:`_wire_case` gives it."""
    if "items" in _WORKER:
        return span
    return [_wire_case(c, memory_of) for c in items[span[0]:span[1]]]


def _wire_case(case: Any, memory_of: Any) -> tuple[Any, ...]:
    """What a spawned worker needs to rebuild ``case``: a Case's fields (its memory as a tuple in vocabulary
    order), or the mapping or path as given (marked as such: a caller's tuple is never taken for a Case's)."""
    if isinstance(case, Case):  # with its digest, if the case has one (a worker then need not compute it again)
        return ("case", case.facts, memory_of(case.memory), case.id, case.events, case.source, case.implied,
                case.__dict__.get("_sha256"))
    return ("given", case)


# ── in a worker ─────────────────────────────────────────────────────────────

#: the worker's pack and options (inherited through fork, or set by _start)
_WORKER: dict[str, Any] = {}
class _Numbering(dict):  # type: ignore[type-arg]
    """id → number; an id not yet numbered gets the next number (dict.__getitem__ calls __missing__)."""

    def __missing__(self, key: int) -> int:
        n = self[key] = len(self)
        return n


#: the items this worker has numbered, and its numbering's generation
_SENT: dict[int, int] = _Numbering()
_HELD: list[Any] = []
_GENERATION = [0]
#: the blocks lent to this worker, by name, as it has them mapped, and how far it has written into each
_MAPPED: dict[str, Any] = {}
_WRITTEN: dict[str, int] = {}


def _start(name: str, engine: str, lang: str, explain: str, forked: bool) -> None:
    gc.disable()  # a worker lives for one batch: no cycles to collect (see evaluate_many)
    if forked:
        # The heap memory the calling process had freed and kept (a last batch's results) is shared with this
        # worker from the fork, and the kernel copied each page of it that the calling process wrote again —
        # 2.65 s of kernel time in a batch of 100,000 JSON lines after another. Given back here, those pages
        # are the calling process's alone, and the kernel lets it keep them: 0.5 s.
        release_free_heap()
    if "pack" not in _WORKER:
        if forked:  # pragma: no cover - the parent sets it before forking, under the batch lock
            raise RuntimeError("a forked worker has no pack")
        from .pack import get_pack  # spawned: _shareable admitted only a shipped pack

        _WORKER.update(pack=get_pack(name), name=name, engine=engine, lang=lang, explain=explain)
    _SENT.clear()
    _HELD.clear()
    _MAPPED.clear()
    _WRITTEN.clear()


def _cases_of(chunk: Any, keys: list[str]) -> list[Case]:
    """A task's cases, in the worker (see :func:`_task_cases`): from the span of the batch's cases a forked
    worker has, or rebuilt from what :func:`_wire_case` sent."""
    if type(chunk) is tuple:
        return [_as_case(c) for c in _WORKER["items"][chunk[0]:chunk[1]]]
    return [_case_of(entry, keys) for entry in chunk]


def _case_of(entry: tuple[Any, ...], keys: list[str]) -> Case:
    if entry[0] == "given":
        return _as_case(entry[1])
    _, facts, memory, case_id, events, source, implied, digest = entry
    case = Case(facts=facts, memory=dict(zip(keys, memory)), id=case_id, events=events, source=source,
                implied=implied)
    if digest is not None:
        object.__setattr__(case, "_sha256", digest)  # as verdict._case_sha256 keeps it
    return case


def _json_chunk(lent: str, own: str, chunk: Any, lines: bool = False) -> tuple[Any, list[int]]:
    """The chunk's verdicts as JSON, one after another (``lines``: each followed by a line break), left where
    :func:`_place` says — in shared memory if it has room (a pipe moved them at a quarter of the speed they are
    made: about 16 KB a verdict); returns where they are (or they themselves) and each verdict's length.
    The parent reads them (and frees every block of the batch whatever happens)."""
    pack, engine, lang, explain = _WORKER["pack"], _WORKER["engine"], _WORKER["lang"], _WORKER["explain"]
    keys = list(pack.vocabulary.blank_memory)
    texts = [derive_verdict(pack, case, engine, lang, explain).to_json_bytes() for case in _cases_of(chunk, keys)]
    lengths = list(map(len, texts))
    buf = _place(lent, sum(lengths) + (len(texts) if lines else 0))
    if buf is None or buf is True:
        data = b"\n".join(texts) + b"\n" if lines else b"".join(texts)
        return (True if buf is True and _leave(own, data) else data), lengths
    at = 0  # written one by one into the block: joining them first cost a copy into fresh memory
    for text in texts:
        end = at + len(text)
        buf[at:end] = text
        if lines:
            buf[end] = 10  # b"\n"
            end += 1
        at = end
    return False, lengths


def _place(lent: str | None, size: int) -> Any:
    """Where a worker leaves ``size`` bytes of results: the memory of the block ``lent`` it was lent; True: a
    block of the chunk's own (they do not fit the lent one, none was lent, or this worker cannot map it); None:
    the pool's pipe, because shared memory has no room for them (:func:`_reserve`)."""
    if lent is None:
        return True
    block = _MAPPED.get(lent)
    if block is None:
        try:
            block = _MAPPED[lent] = _map_block(lent, LENT_BYTES)
        except OSError:
            return True
    buf = block.buf
    if size > len(buf):
        return True
    written = _WRITTEN.get(lent, 0)  # (what this worker wrote there before has its memory already)
    if size > written:
        if not _reserve(block, written, size - written):
            return None
        _WRITTEN[lent] = size
    return buf


def _reserve(block: Any, start: int, size: int) -> bool:
    """Take the memory for ``size`` bytes of ``block`` from ``start`` now, where the system can (fallocate): a
    process writing into shared memory past the room of its file system (/dev/shm, 64 MB by default in a
    container) is killed (SIGBUS), and the batch could only fail — taken first, a full /dev/shm is an error
    here, and the results go through the pipe instead, slower. (Taken at once, it leaves no window for another
    worker to take the same room, as a look at the free space would.) False if there is no room."""
    fd = getattr(block, "_fd", -1)  # (POSIX; elsewhere shared memory is not a small file system)
    if size <= 0 or fd < 0 or not hasattr(os, "posix_fallocate"):
        return True
    try:
        os.posix_fallocate(fd, start, size)
    except OSError as exc:
        import errno

        # no room; any other refusal (a system whose shared memory takes no fallocate) says nothing of the room
        return exc.errno not in (errno.ENOSPC, errno.ENOMEM, errno.EFBIG)
    return True


def _read(name: str | None, lent: _Lent, where: Any, read: Any, size: int) -> Any:
    """``read`` applied to the memory of a worker's ``size`` bytes of results, by where they are
    (:func:`_place`): False, a lent block as this process has it mapped; True, a block of the chunk's own,
    opened, read once and freed (or, should this process be unable to map it, on Linux, read from its file);
    bytes, the results themselves, sent through the pipe."""
    if where is False:
        return read(lent.buf(name))
    if where is not True:
        return read(memoryview(where))
    assert name is not None
    try:
        block = _map_block(name, max(1, size))
    except OSError:
        if not sys.platform.startswith("linux"):  # (elsewhere a block's descriptor may not be read)
            raise
        return read(memoryview(_read_unmapped(name)))
    try:
        return read(block.buf)
    finally:
        block.close()  # (no view of it may still be exported)
        block.unlink()


def _read_unmapped(name: str) -> bytes:
    """A chunk's own block read from its file and freed: for a process that cannot map it (where a memory limit
    leaves no room for the mapping, it may leave room for the results, which it has to hold anyway). OSError
    where even that fails."""
    import _posixshmem  # (Linux only: see _read)

    fd = _posixshmem.shm_open("/" + name, os.O_RDONLY, mode=0o600)
    try:
        with open(fd, "rb", buffering=0, closefd=False) as file:
            return file.readall()  # type: ignore[no-any-return]
    finally:
        os.close(fd)
        _discard(name)


def _split(buf: memoryview, lengths: list[int]) -> list[bytes]:
    """Verdicts' JSON one after another in ``buf``, each copied out."""
    ends = list(itertools.accumulate(lengths))
    out = []
    for a, b in zip([0, *ends[:-1]], ends):
        with buf[a:b] as view:
            out.append(bytes(view))
    return out


def _write_from(buf: memoryview, size: int, into: BinaryIO) -> None:
    with buf[:size] as view:
        into.write(view)


def _discard(name: str) -> None:
    """Free a chunk's own block if it exists (most are never made: their results fit the lent block). Only its
    name is removed: opening it would map it, which may be what failed."""
    try:
        import _posixshmem  # what multiprocessing.shared_memory itself calls on POSIX
    except ImportError:  # pragma: no cover - Windows: a block goes with its last handle, and none is left open
        return
    try:
        _posixshmem.shm_unlink("/" + name)
    except OSError:  # (never made, or freed already)
        pass


def _map_block(name: str, size: int, create: bool = False) -> Any:
    """The shared-memory block ``name`` of ``size`` bytes, made (``create``) or opened and mapped (opened on POSIX:
    mapped whole, whatever ``size`` says); OSError where the system refuses: no room in this process's address
    space for the mapping (a limit on its memory), no shared memory, too many files open. Shared memory only
    speeds a batch up: a caller that can send results another way does.

    CPython (3.11-3.13), failing to map a block, frees it — even one it only opened — and (before 3.13, or
    tracking it) tells the resource tracker to forget it, which the tracker, never told of it, reports with a
    traceback on stderr. So on POSIX a block made elsewhere is opened and mapped here (:class:`_Opened`), and a
    refusal leaves it as it was: before, should the room be taken by another thread between a trial mapping
    and CPython's, a chunk's own block was freed before this process could read it from its file, and the
    batch failed. To make a block, CPython's class is used, which tells the tracker of it (freed should this
    process die); a mapping of the same size is tried first and dropped, so that a refusal is the try's,
    before any block is touched. It is private and read-only: it takes room in the address space, as the
    block would, but no memory, and is not charged where the system commits memory strictly
    (``vm.overcommit_memory=2``), as a block of /dev/shm is not. (Should the block still fail to map — the room
    taken meanwhile by another thread — CPython frees the block it made, and the tracker prints its traceback;
    the caller sends its results another way.)"""
    import mmap
    from multiprocessing import shared_memory

    if os.name == "posix":
        if not create:
            return _Opened(name)
        mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE, prot=mmap.PROT_READ).close()
    else:
        mmap.mmap(-1, size).close()
    return shared_memory.SharedMemory(name=name, create=create, size=size if create else 0)


class _Opened:
    """A shared-memory block another process made, opened and mapped whole here (POSIX): what
    ``SharedMemory(name)`` gives, less what CPython does beside — freeing the block where the mapping fails,
    and (unless told not to, from 3.13) telling the resource tracker of a block it did not make, which the
    maker frees. OSError where the system refuses, or the block is empty (its maker has not sized it); the
    block is then left as it was."""

    __slots__ = ("name", "_fd", "_mmap", "buf")

    def __init__(self, name: str) -> None:
        self.name, self._fd, self._mmap = name, -1, None  # (first: __del__ closes what there is)
        import errno
        import mmap

        import _posixshmem  # what multiprocessing.shared_memory itself calls on POSIX

        fd = _posixshmem.shm_open("/" + name, os.O_RDWR, mode=0o600)
        try:
            size = os.fstat(fd).st_size
            if size == 0:  # (mmap would raise ValueError)
                raise OSError(errno.EINVAL, "empty shared-memory block", name)
            self._mmap = mmap.mmap(fd, size)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        self.buf = memoryview(self._mmap)

    def close(self) -> None:
        """Unmap it (no view of it may still be exported) and close its descriptor; the block stays. Once."""
        try:
            if self._mmap is not None:
                self.buf.release()
                self._mmap.close()  # (BufferError while a view of it is still exported: it stays mapped)
                self._mmap = None
        finally:
            if self._fd >= 0:
                os.close(self._fd)
                self._fd = -1

    def __del__(self) -> None:
        self.close()

    def unlink(self) -> None:
        """Free the block (its name), once this and every other process is done with it."""
        _discard(self.name)


def _evaluate_chunk(lent: str, own: str, chunk: Any) -> tuple[Any, int]:
    """The chunk's verdicts as their parts, wired (:func:`_wire_verdicts`), pickled and left where :func:`_place`
    says (its own block is ``own``); returns where, and the pickle's length. Through the pool's
    pipe, a chunk's 0.5 MB (as whole verdicts; 0.36 MB as parts) waited on the calling process, whose thread reading the pipe takes the interpreter
    lock once per 64 KB read while that process evaluates: the worker sat blocked on its write for 10–40 ms a
    chunk, as long as half its work."""
    import pickle

    data = pickle.dumps(_wire_verdicts(chunk), protocol=pickle.HIGHEST_PROTOCOL)
    buf = _place(lent, len(data))
    if buf is None or buf is True:
        return (True if buf is True and _leave(own, data) else data), len(data)
    buf[:len(data)] = data
    return False, len(data)


def _leave(name: str, data: bytes) -> bool:
    """``data`` in a new shared-memory block ``name``, left for the calling process to read and free; False if
    shared memory has no room for it (or no block could be made), and nothing is left."""
    from multiprocessing import resource_tracker

    if os.name != "posix":  # a block goes with its last handle, which this worker would close before it is read
        return False
    try:
        block = _map_block(name, max(1, len(data)), create=True)
    except OSError:
        return False
    if not _reserve(block, 0, len(data)):
        block.close()
        block.unlink()  # (which also tells the tracker)
        return False
    block.buf[:len(data)] = data
    # the parent unlinks it: this process's tracker must not report it as leaked (or unlink it) at exit
    resource_tracker.unregister(block._name, "shared_memory")  # type: ignore[attr-defined]
    block.close()
    return True


def _unpickle(buf: memoryview, length: int) -> Any:
    """What a worker pickled into ``buf`` (:func:`_evaluate_chunk`)."""
    import pickle

    with buf[:length] as view:
        return pickle.loads(view)


def _wire_verdicts(chunk: Any) -> tuple[int, int, list[Any], list[Any]]:
    """The chunk's verdicts as their parts (``verdict._verdict_parts``), by part: columns in the order of
    ``verdict._PARTS`` (one pass per part over the chunk). A part that is a list of shared items
    (:data:`_LISTS_AT`) goes as each item's number in one run (4-byte, as bytes) and each verdict's list
    length; the skeleton's face (:data:`_FACE_AT`) as its number. Items this worker has not numbered before are
    sent along (``new``), in the order of their numbers."""
    pack, engine, lang, explain = _WORKER["pack"], _WORKER["engine"], _WORKER["lang"], _WORKER["explain"]
    if len(_HELD) > MAX_SENT:  # a new numbering: the other side drops this worker's table when it sees it
        _SENT.clear()
        _HELD.clear()
        _GENERATION[0] += 1
    from .engines import get_engine

    keys = list(pack.vocabulary.blank_memory)
    _check_explain(explain, lang)
    derive = get_engine(pack, engine).derive
    columns: list[Any] = list(zip(*[_verdict_parts(pack, case, derive(case), lang, explain)
                                    for case in _cases_of(chunk, keys)]))
    new: list[Any] = []
    columns[_FACE_AT] = _numbers(columns[_FACE_AT], new)
    for i in _LISTS_AT:
        lists = columns[i]
        columns[i] = (_numbers(list(itertools.chain.from_iterable(lists)), new),
                      array("I", map(len, lists)).tobytes())
    return os.getpid(), _GENERATION[0], new, columns


def _numbers(items: Any, new: list[Any]) -> bytes:
    """Each item's number in this worker's numbering (4-byte, as bytes); the items numbered just now are added
    to ``new`` in the order of their numbers."""
    held = _HELD
    seen = len(held)
    refs = list(map(_SENT.__getitem__, map(id, items)))  # a new one is numbered on the way (_Numbering)
    if len(_SENT) > seen:  # numbered just now: held from here on, so that its id names it alone
        for k, ref in enumerate(refs):
            if ref == len(held):  # (numbers are given in this order; a repeat of a new item is skipped)
                held.append(items[k])
                new.append(items[k])
    return array("I", refs).tobytes()
