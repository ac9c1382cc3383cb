"""evaluate_many: the verdicts evaluate gives, in order, from one process or several, as objects or JSON."""

from __future__ import annotations

import pytest

from rongcuo_rules import InputError, evaluate, evaluate_many, get_pack, write_json_lines
from rongcuo_rules import batch
from rongcuo_rules.case import Case

from .conftest import ROOT


def _cases(n: int) -> list[object]:
    """Prebuilt cases, fact mappings and a case file's path, mixed (each is what a caller may pass)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "bench.py")
    bench = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(bench)
    generated: list[Case] = bench.generate(n, 11)
    out: list[object] = []
    for k, case in enumerate(generated):
        out.append(case if k % 3 else dict(case.facts))
    out[7] = str(ROOT / "examples" / "fuzhou_flood_exempt.yaml")
    return out


#: the batches here are run in processes from this many cases (the library waits for 10,000: below that one
#: process is as fast, which is not what these tests are about)
SMALL_PARALLEL = 2000


@pytest.fixture(autouse=True)
def _parallel_from_small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "MIN_PARALLEL", SMALL_PARALLEL)


@pytest.fixture(scope="module")
def many() -> list[object]:
    return _cases(SMALL_PARALLEL + 3 * batch.CHUNK + 17)  # enough to run in workers, a partial chunk


@pytest.mark.parametrize("explain", ["near", "full"])
def test_processes_give_the_verdicts_evaluate_gives(many: list[object], explain: str) -> None:
    pack = get_pack("fuzhou")
    want = [evaluate(pack, c, explain=explain) for c in many]
    assert evaluate_many(pack, many, processes=2, explain=explain) == want
    assert evaluate_many(pack, many, processes=1, explain=explain) == want


def test_json_lines_equal_each_verdicts_json(many: list[object]) -> None:
    pack = get_pack("jinan")
    want = [evaluate(pack, c, lang="en").to_json(None).encode() for c in many]
    assert evaluate_many(pack, many, processes=2, lang="en", as_json=True) == want
    assert evaluate_many(pack, many, processes=1, lang="en", as_json=True) == want
    assert all(b"\n" not in line for line in want)


def test_a_new_numbering_loses_nothing(many: list[object], monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker starts a new numbering of shared items when it holds more than MAX_SENT: the verdicts are
    still whole (this process drops its copy of that worker's items when it sees the new numbering)."""
    monkeypatch.setattr(batch, "MAX_SENT", 50)
    pack = get_pack("shaoxing")
    assert evaluate_many(pack, many, processes=2) == [evaluate(pack, c) for c in many]


@pytest.mark.parametrize("at", [-5, 1])  # in a chunk this process takes (from the back); in a worker's first
def test_a_bad_case_raises_what_evaluate_raises(many: list[object], at: int) -> None:
    bad = list(many)
    bad[at] = {"impact.loss": "huge"}
    with pytest.raises(InputError) as got:
        evaluate_many("fuzhou", bad, processes=2)
    with pytest.raises(InputError) as want:
        evaluate("fuzhou", bad[at])
    assert got.value.code == want.value.code == "value.not_allowed"


def test_concurrent_batches_from_threads_get_their_own_pack(many: list[object]) -> None:
    """Two threads run batches at once, on different packs and languages: each gets its own verdicts."""
    from concurrent.futures import ThreadPoolExecutor

    jobs = [("fuzhou", "zh"), ("shaoxing", "en")]
    with ThreadPoolExecutor(2) as threads:
        got = list(threads.map(lambda job: evaluate_many(job[0], many, processes=2, lang=job[1]), jobs))
    for (name, lang), verdicts in zip(jobs, got):
        assert verdicts == [evaluate(name, c, lang=lang) for c in many]


@pytest.mark.parametrize("processes", [0, -1, 1.5, True, "2"])
def test_bad_process_counts(processes: object) -> None:
    with pytest.raises(InputError) as exc:
        evaluate_many("fuzhou", [], processes=processes)  # type: ignore[arg-type]
    assert exc.value.code == "api.bad_processes"


def test_a_pack_from_a_file_is_evaluated_too(many: list[object]) -> None:
    from rongcuo_rules.pack import load_pack

    pack = load_pack(ROOT / "policies" / "pingdingshan.yaml")
    assert evaluate_many(pack, many, processes=2) == [evaluate(pack, c) for c in many]


def test_the_collector_is_restored(many: list[object]) -> None:
    import gc

    assert gc.isenabled()
    evaluate_many("fuzhou", many[:10], processes=1)
    assert gc.isenabled()
    gc.disable()
    try:
        evaluate_many("fuzhou", many[:10], processes=1)
        assert not gc.isenabled()
    finally:
        gc.enable()


def _shm() -> set[str]:
    """This process's batches' blocks in /dev/shm (others' may come and go meanwhile)."""
    import os

    ours = f"rc-{os.getpid()}-"
    return {n for n in os.listdir("/dev/shm") if n.startswith(ours)} if os.path.isdir("/dev/shm") else set()


@pytest.mark.parametrize("as_json", [True, False])
def test_a_bad_case_leaves_no_shared_memory(many: list[object], as_json: bool) -> None:
    """Workers leave their chunks (JSON, or pickled verdicts) in shared memory: none is left behind, whether
    a batch ends well or with a bad case."""
    import os

    if not os.path.isdir("/dev/shm"):
        pytest.skip("no /dev/shm on this system to inspect")
    before = _shm()
    evaluate_many("fuzhou", many, processes=2, as_json=as_json)
    assert _shm() - before == set()
    for at in (len(many) - 3, 1):  # in a chunk this process takes (from the back); in a worker's first
        bad = list(many)
        bad[at] = {"impact.loss": "huge"}
        with pytest.raises(InputError):
            evaluate_many("fuzhou", bad, processes=2, as_json=as_json)
        assert _shm() - before == set(), at


def test_verdicts_from_workers_share_no_list() -> None:
    """Put together again from numbered items, each verdict has lists of its own, as evaluate gives them: changing
    one verdict's list changes no other verdict."""
    pack = get_pack("fuzhou")
    cases = _cases(batch.MIN_PARALLEL + 2 * batch.CHUNK)
    cases = [cases[k % 50] for k in range(len(cases))]  # the same cases again and again: equal lists
    got = evaluate_many(pack, cases, processes=2)
    seen: dict[int, object] = {}
    for v in got:
        lists = {name: value for name, value in v.__dict__.items() if isinstance(value, list)}
        assert len(lists) == 14  # every list field of a verdict
        for name, lst in lists.items():
            assert seen.setdefault(id(lst), v) is v, name
    assert got == [evaluate(pack, c) for c in cases]


def test_usable_cpus_follow_the_affinity() -> None:
    import os

    from rongcuo_rules.system import usable_cpus

    if not hasattr(os, "sched_getaffinity"):
        pytest.skip("this platform does not report CPU affinity")
    assert usable_cpus() == len(os.sched_getaffinity(0)) >= 1


def test_json_lines_written_to_a_file_are_each_verdicts_json(many: list[object], tmp_path: object) -> None:
    """write_json_lines: the verdicts' JSON lines in input order, from one process or several (the workers'
    chunks written out of shared memory in order as they come), to a file or any binary stream."""
    import io
    from pathlib import Path

    pack = get_pack("shaoxing")
    want = b"".join(evaluate(pack, c, lang="en", explain="full").to_json_bytes() + b"\n" for c in many)
    path = Path(str(tmp_path)) / "verdicts.jsonl"
    with open(path, "wb") as fh:
        assert write_json_lines(pack, many, fh, processes=2, lang="en", explain="full") == len(many)
    assert path.read_bytes() == want
    stream = io.BytesIO()
    assert write_json_lines(pack, many, stream, processes=1, lang="en", explain="full") == len(many)
    assert stream.getvalue() == want


def test_a_bad_case_stops_the_json_lines_and_leaves_no_shared_memory(many: list[object]) -> None:
    """The first bad case's error is raised; the lines written are exactly those of the chunks before its chunk."""
    import io

    pack = get_pack("fuzhou")
    want = [evaluate(pack, c).to_json_bytes() + b"\n" for c in many]
    size = batch.chunk_size(len(many), 1)
    for at in (len(many) - 3, 1, 2 * size + 7):
        bad = list(many)
        bad[at] = {"impact.loss": "huge"}
        before = _shm()
        stream = io.BytesIO()
        with pytest.raises(InputError) as got:
            write_json_lines(pack, bad, stream, processes=2)
        assert got.value.code == "value.not_allowed"
        assert stream.getvalue() == b"".join(want[:at // size * size]), at
        assert _shm() - before == set(), at


@pytest.mark.parametrize("as_json", [False, True])
def test_of_two_bad_cases_the_first_is_raised(many: list[object], as_json: bool) -> None:
    """As evaluating one by one would: the calling process takes chunks from the back, so it meets the later
    bad case first."""
    bad = list(many)
    bad[batch.chunk_size(len(bad), 1) + 2] = {"conduct.private_gain": "maybe"}  # a worker's: value.not_bool
    bad[-2] = {"impact.loss": "huge"}  # this process's first chunk: value.not_allowed
    with pytest.raises(InputError) as got:
        evaluate_many("fuzhou", bad, processes=2, as_json=as_json)
    assert got.value.code == "value.not_bool"
    with pytest.raises(InputError) as got:
        write_json_lines("fuzhou", bad, __import__("io").BytesIO(), processes=2)
    assert got.value.code == "value.not_bool"


def test_many_workers_small_chunks_keep_each_workers_numbering(many: list[object],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Three processes, chunks of 37 cases and a numbering restarted every 200 items: chunks finish in every
    order across the workers, and each verdict is still whole (a worker's results are read in its order)."""
    monkeypatch.setattr(batch, "CHUNK", 37)
    monkeypatch.setattr(batch, "MAX_SENT", 200)
    pack = get_pack("jinan")
    assert evaluate_many(pack, many, processes=3) == [evaluate(pack, c) for c in many]


@pytest.mark.parametrize("processes", [0, 1.5, True])
def test_json_lines_refuse_bad_process_counts(processes: object) -> None:
    import io

    with pytest.raises(InputError) as exc:
        write_json_lines("fuzhou", [], io.BytesIO(), processes=processes)  # type: ignore[arg-type]
    assert exc.value.code == "api.bad_processes"


@pytest.mark.parametrize("as_json", [False, True])
def test_spawned_workers_get_the_cases_themselves(many: list[object], monkeypatch: pytest.MonkeyPatch,
                                                  as_json: bool) -> None:
    """Where processes cannot fork, a worker loads the shipped pack and gets each case (not a span of cases it
    does not have): the same verdicts."""
    import multiprocessing

    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    sent: list[object] = []
    real = batch._task_cases
    monkeypatch.setattr(batch, "_task_cases", lambda *a: sent.append(real(*a)) or sent[-1])
    pack = get_pack("fuzhou")
    want = [evaluate(pack, c) for c in many]
    got = evaluate_many(pack, many, processes=2, as_json=as_json)
    assert got == ([v.to_json_bytes() for v in want] if as_json else want)
    assert sent and all(isinstance(task, list) for task in sent)  # the cases, not spans of them


@pytest.mark.parametrize("as_json", [False, True])
@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_a_callers_tuple_is_a_bad_case_in_a_worker_too(many: list[object], monkeypatch: pytest.MonkeyPatch,
                                                       method: str, as_json: bool) -> None:
    """A tuple is not a case; one that looks like what crosses to a worker is refused as evaluate refuses it."""
    import multiprocessing

    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: [method])
    with pytest.raises(InputError) as one:
        evaluate("fuzhou", ("case", 1))
    bad = list(many)
    bad[3] = ("case", 1)  # in the first chunk: a worker's
    with pytest.raises(InputError) as got:
        evaluate_many("fuzhou", bad, processes=2, as_json=as_json)
    assert got.value.code == one.value.code


@pytest.mark.parametrize("as_json", [False, True])
def test_block_names_are_unguessable_and_short(many: list[object], monkeypatch: pytest.MonkeyPatch,
                                               as_json: bool) -> None:
    """Each block's name has a token of its own (another local process cannot make it first, even knowing the
    others), the batch reads only blocks so named, and a name fits the 31 characters some systems allow a
    shared-memory name, with its slash."""
    prefix = f"rc-{4_194_304}-{999}-"  # the largest pid Linux gives, a long-lived process's 999th batch
    a, b = batch._block_name(prefix, 9_999), batch._block_name(prefix, 9_999)
    assert a != b and a.startswith(prefix)
    assert len("/" + a) <= 31 and len("/" + batch._block_name(prefix, "L999")) <= 31
    made: list[str] = []
    read: list[str] = []
    real_name, real_read = batch._block_name, batch._read
    monkeypatch.setattr(batch, "_block_name", lambda *args: made.append(real_name(*args)) or made[-1])
    monkeypatch.setattr(batch, "_read", lambda name, *args: read.append(name) or real_read(name, *args))
    evaluate_many("fuzhou", many, processes=2, as_json=as_json)
    assert read and set(read) <= set(made)


@pytest.mark.parametrize("lent_bytes", [4096, 1 << 20])
def test_a_chunk_too_big_for_its_lent_block_comes_in_its_own(many: list[object], monkeypatch: pytest.MonkeyPatch,
                                                             lent_bytes: int) -> None:
    """A worker writes a chunk's results into the block it is lent, or, if they do not fit, into a block of the
    chunk's own: with lent blocks of a page nothing fits; with 1 MiB the wired verdicts (about 0.36 MB a chunk)
    fit and the JSON (about 16 MB) does not. The results are the same, and no block is left behind."""
    monkeypatch.setattr(batch, "LENT_BYTES", lent_bytes)
    own: list[str] = []
    real_read = batch._read
    monkeypatch.setattr(batch, "_read", lambda name, lent, where, read, size: (own.append(name) if where is True else None)
                        or real_read(name, lent, where, read, size))
    pack = get_pack("fuzhou")
    want = [evaluate(pack, c) for c in many]
    before = _shm()
    assert evaluate_many(pack, many, processes=2) == want
    assert bool(own) == (lent_bytes == 4096)
    own.clear()
    assert evaluate_many(pack, many, processes=2, as_json=True) == [v.to_json_bytes() for v in want]
    assert own
    own.clear()
    stream = __import__("io").BytesIO()
    assert write_json_lines(pack, many, stream, processes=2) == len(many)
    assert stream.getvalue() == b"".join(v.to_json_bytes() + b"\n" for v in want)
    assert own
    assert _shm() - before == set()


@pytest.mark.parametrize(("how", "processes"), [("verdicts", 2), ("json", 2), ("lines", 2), ("lines", 3)])
def test_lent_blocks_are_lent_again(many: list[object], monkeypatch: pytest.MonkeyPatch, how: str,
                                    processes: int) -> None:
    """Chunks of 100 cases: a score or more go to the workers, through no more blocks than tasks in flight at
    once (IN_FLIGHT a worker; a worker's finished JSON lines are written as soon as they are collected, the
    chunks before them written already or this process's)."""
    import io

    monkeypatch.setattr(batch, "CHUNK", 100)
    made: list[str] = []
    real_name = batch._block_name
    monkeypatch.setattr(batch, "_block_name", lambda *args: made.append(real_name(*args)) or made[-1])
    lent_reads: list[str] = []
    real_read = batch._read

    def read(name: str, lent: object, where: object, read: object, size: int) -> object:
        if where is False:
            lent_reads.append(name)
        return real_read(name, lent, where, read, size)

    monkeypatch.setattr(batch, "_read", read)
    pack = get_pack("changzhou_edu")
    want = [evaluate(pack, c) for c in many]
    if how == "lines":
        stream = io.BytesIO()
        write_json_lines(pack, many, stream, processes=processes)
        assert stream.getvalue() == b"".join(v.to_json_bytes() + b"\n" for v in want)
    else:
        got = evaluate_many(pack, many, processes=processes, as_json=how == "json")
        assert got == ([v.to_json_bytes() for v in want] if how == "json" else want)
    lent_names = {name for name in made if name.split("-")[-2].startswith("L")}
    assert set(lent_reads) == lent_names and 1 <= len(lent_names) <= batch.IN_FLIGHT * (processes - 1)
    assert len(lent_reads) > len(lent_names)  # (each chunk a worker took was read from a lent block)


def test_without_room_in_shared_memory_results_come_through_the_pipe(many: list[object],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Where /dev/shm has no room for a chunk's results (a container's is often 64 MB), writing them there would
    kill the worker (SIGBUS): a worker sends them through the pool's pipe instead, and nothing else changes."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("the workers see this process's stand-in for a full /dev/shm only when forked")
    monkeypatch.setattr(batch, "_reserve", lambda block, start, size: False)  # forked workers have it too
    assert _whole_in_every_form(many, monkeypatch) == {"pipe"}


def _whole_in_every_form(many: list[object], monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """Batches of ``many`` in 2 processes — verdicts, JSON, JSON lines written out — each the same as
    evaluating the cases one by one, leaving no block in /dev/shm; returns where the workers' results were
    read from: "lent" (a lent block), "own" (a chunk's own block), "pipe"."""
    import io

    wheres: set[str] = set()
    real_read = batch._read
    monkeypatch.setattr(batch, "_read", lambda name, lent, where, read, size: wheres.add(
        "lent" if where is False else "own" if where is True else "pipe") or real_read(name, lent, where, read, size))
    pack = get_pack("fuzhou")
    want = [evaluate(pack, c) for c in many]
    before = _shm()
    assert evaluate_many(pack, many, processes=2) == want
    assert evaluate_many(pack, many, processes=2, as_json=True) == [v.to_json_bytes() for v in want]
    stream = io.BytesIO()
    assert write_json_lines(pack, many, stream, processes=2) == len(many)
    assert stream.getvalue() == b"".join(v.to_json_bytes() + b"\n" for v in want)
    assert _shm() - before == set()
    return wheres


def test_memory_for_results_is_taken_before_they_are_written(monkeypatch: pytest.MonkeyPatch) -> None:
    """A block's memory is taken (fallocate) before a worker writes into it: no room is then an answer (False),
    not SIGBUS at the write; where the system has no fallocate or the block no descriptor, nothing is taken."""
    import errno
    import os
    from multiprocessing import shared_memory
    from types import SimpleNamespace

    block = shared_memory.SharedMemory(create=True, size=1 << 20)
    try:
        assert batch._reserve(block, 0, 1 << 20)
        if hasattr(os, "posix_fallocate"):
            def full(fd: int, start: int, size: int) -> None:
                raise OSError(errno.ENOSPC, "No space left on device")

            monkeypatch.setattr(os, "posix_fallocate", full)
            assert not batch._reserve(block, 0, 1 << 20)
            assert batch._reserve(block, 5, 0)  # nothing to take
            assert batch._reserve(SimpleNamespace(), 0, 1 << 20)  # no descriptor: nothing to go by
            monkeypatch.setattr(batch, "_reserve", lambda *args: False)
            name = batch._block_name(f"rc-{os.getpid()}-", "t")
            assert not batch._leave(name, b"x" * 100)
            assert name not in _shm()  # and no block is left
    finally:
        block.close()
        block.unlink()


#: how each child script below begins: the benchmark's case generator loaded from the file given it
_CHILD = """
import importlib.util, sys
spec = importlib.util.spec_from_file_location("bench", sys.argv[1])
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)
"""


def _child(script: str, *, mount: str | None = None, env: dict[str, str] | None = None) -> str:
    """``script`` (after :data:`_CHILD`) run by this Python with the benchmark's path, as a process of its own;
    with ``mount``, in a mount namespace of its own with a tmpfs of those options over /dev/shm (skipped where
    that cannot be done). Its stdout must be "whole" (returned), or "not limited" for a limit that did not take,
    and its stderr hold no traceback."""
    import shutil
    import subprocess
    import sys

    command = [sys.executable, "-c", _CHILD + script, str(ROOT / "benchmarks" / "bench.py")]
    if mount is not None:
        if shutil.which("unshare") is None:
            pytest.skip("needs unshare (util-linux) to mount a /dev/shm for one process")
        namespace = ["unshare", "--mount", "--propagation", "private"]  # (the mount is seen by this namespace only)
        probe = subprocess.run([*namespace, "sh", "-c", f"mount -t tmpfs -o {mount} tmpfs /dev/shm"],
                               capture_output=True, text=True)
        if probe.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs in a new mount namespace here: {probe.stderr.strip()[:120]}")
        command = [*namespace, "sh", "-c", f'mount -t tmpfs -o {mount} tmpfs /dev/shm && exec "$@"', "sh", *command]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
    if done.stdout.strip() == "not limited":
        return "not limited"
    assert done.returncode == 0 and done.stdout.strip() == "whole", done.stderr[-2000:]
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    return "whole"


_SMALL_SHM_CHILD = """
from rongcuo_rules import batch, evaluate, evaluate_many
batch.MIN_PARALLEL = 2000  # (in processes, as the tests here are)
cases = bench.generate(6000, 3)
assert evaluate_many("fuzhou", cases, processes=2, as_json=True) == [evaluate("fuzhou", c).to_json_bytes()
                                                                    for c in cases]
print("whole")
"""


def test_a_batch_in_a_small_dev_shm_is_whole() -> None:
    """A real /dev/shm of 8 MB (a container's is 64 MB by default), in a mount namespace of its own: a JSON batch
    of 6,000 cases (chunks of 750, about 12 MB each, more than the room) gives every verdict, through the pool's
    pipe. With a new
    block per chunk and no check of the room, the worker was killed writing its first chunk, and the batch raised
    BrokenProcessPool (with 24 MB, when two chunks' blocks were alive at once: some runs)."""
    _child(_SMALL_SHM_CHILD, mount="size=8m")


@pytest.mark.parametrize("refused", ["lent", "mapped", "own", "all"])
def test_where_shared_memory_is_refused_the_batch_is_whole(many: list[object], monkeypatch: pytest.MonkeyPatch,
                                                           refused: str) -> None:
    """Shared memory only speeds a batch up. Where the system will not map a block (a limit on a process's
    memory, no shared memory, too many files open: OSError), the results come another way and the batch is
    the same: this process cannot make a lent block (``lent``: the worker makes one of its own, of its results'
    size); a worker cannot map the block it is lent (``mapped``: likewise); this process cannot make a lent
    block or map a chunk's own (``own``: it reads the block's file); no block can be made at all (``all``:
    through the pipe). Before, the batch raised the system's OSError where one process succeeded."""
    import errno
    import multiprocessing
    import sys

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("the workers see this process's stand-in for the refusal only when forked")
    if refused == "own" and not sys.platform.startswith("linux"):
        pytest.skip("a block this process cannot map is read from its file on Linux only")
    real_map = batch._map_block

    def map_block(name: str, size: int, create: bool = False) -> object:
        lent = name.split("-")[-2].startswith("L")
        if (refused == "all" or (lent and (not create if refused == "mapped" else create))
                or (refused == "own" and not lent and not create)):
            raise OSError(errno.ENOMEM, "Cannot allocate memory")
        return real_map(name, size, create)

    monkeypatch.setattr(batch, "_map_block", map_block)  # (forked workers have it too)
    unmapped: list[str] = []
    real_unmapped = batch._read_unmapped
    monkeypatch.setattr(batch, "_read_unmapped", lambda name: unmapped.append(name) or real_unmapped(name))
    assert _whole_in_every_form(many, monkeypatch) == ({"pipe"} if refused == "all" else {"own"})  # never "lent"
    assert bool(unmapped) == (refused == "own")


def test_a_block_is_freed_by_name_and_a_refused_mapping_touches_none(monkeypatch: pytest.MonkeyPatch) -> None:
    """_discard frees a block without mapping it (mapping may be what failed). A block _map_block cannot map is
    left alone (CPython frees a block it cannot map, and its resource tracker then prints a traceback): one to
    be made is refused before CPython makes it (a trial mapping), and one made elsewhere is opened by our own
    code, so an existing block refused stays and a refused size leaves no block."""
    import errno
    import mmap
    import os

    if not os.path.isdir("/dev/shm"):
        pytest.skip("no /dev/shm on this system to inspect")
    name = batch._block_name(f"rc-{os.getpid()}-", "t")
    block = batch._map_block(name, 1000, create=True)
    block.close()
    assert name in _shm()
    batch._discard(name)
    assert name not in _shm()
    batch._discard(name)  # (gone already: nothing to do)

    def no_room(fileno: int, length: int, *args: object, **kwargs: object) -> object:
        raise OSError(errno.ENOMEM, "Cannot allocate memory")

    kept = batch._map_block(name, 1000, create=True)
    try:
        monkeypatch.setattr(mmap, "mmap", no_room)
        with pytest.raises(OSError):
            batch._map_block(name, 1000)  # opening it: refused
        other = batch._block_name(f"rc-{os.getpid()}-", "u")
        with pytest.raises(OSError):
            batch._map_block(other, 1000, create=True)  # making one: refused
        assert name in _shm() and other not in _shm()
    finally:
        monkeypatch.undo()
        kept.close()
        kept.unlink()


def test_a_block_made_elsewhere_is_left_whole_where_this_process_cannot_map_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the room for a mapping is there when tried and gone when the block is mapped (another thread took
    it), a block another process made is left as it was, and a chunk's own block is then read from its file
    and freed. Before, CPython freed the block it could not map, the read from its file found none, and the
    batch failed (with a traceback from the resource tracker on stderr)."""
    import errno
    import mmap
    import os
    import sys
    from multiprocessing import resource_tracker

    if not os.path.isdir("/dev/shm"):
        pytest.skip("no /dev/shm on this system to inspect")
    name = batch._block_name(f"rc-{os.getpid()}-", "r")
    real_mmap = mmap.mmap

    def room_gone(fileno: int, length: int, *args: object, **kwargs: object) -> object:
        if fileno != -1:  # a block's mapping; a trial mapping (anonymous) still finds room
            raise OSError(errno.ENOMEM, "Cannot allocate memory")
        return real_mmap(fileno, length, *args, **kwargs)

    try:
        made = batch._map_block(name, 1000, create=True)
        resource_tracker.unregister(made._name, "shared_memory")  # (freed below by name, as a worker's own block is)
        made.buf[:6] = b"chunk!"
        made.close()
        monkeypatch.setattr(mmap, "mmap", room_gone)
        with pytest.raises(OSError):
            batch._map_block(name, 1000)
        assert name in _shm()
        if sys.platform.startswith("linux"):  # (elsewhere such a block is not read from its file: see _read)
            read = batch._read(name, None, True, lambda buf: bytes(buf[:6]), 6)  # type: ignore[arg-type]
            assert read == b"chunk!" and name not in _shm()
    finally:
        monkeypatch.undo()
        batch._discard(name)


def test_an_opened_block_closes_once_and_an_empty_one_is_refused() -> None:
    """A block opened here (POSIX) closes once, however often asked (a second close of its descriptor could
    close another file's); a block not yet sized by its maker is refused with OSError, which every caller
    takes for "send another way" (mmap's own ValueError would have failed the batch)."""
    import os

    if os.name != "posix" or not os.path.isdir("/dev/shm"):
        pytest.skip("blocks are opened by the library's own code on POSIX; no /dev/shm here to inspect")
    import _posixshmem

    name = batch._block_name(f"rc-{os.getpid()}-", "e")
    try:
        os.close(_posixshmem.shm_open("/" + name, os.O_CREAT | os.O_EXCL | os.O_RDWR, mode=0o600))
        with pytest.raises(OSError):
            batch._map_block(name, 1000)  # empty
        with open(f"/dev/shm/{name}", "r+b") as f:
            f.truncate(1000)
        opened = batch._map_block(name, 1000)
        assert len(opened.buf) == 1000
        opened.close()
        other = os.open(os.devnull, os.O_RDONLY)  # (most likely the number the block's descriptor had)
        try:
            opened.close()
            os.fstat(other)  # still open
        finally:
            os.close(other)
        assert name in _shm()  # (closing leaves the block)
    finally:
        batch._discard(name)


_LIMITED_CHILD = """
import mmap, resource
from rongcuo_rules import batch, evaluate, evaluate_many, get_pack
batch.MIN_PARALLEL = 2000  # (in processes, as the tests here are)
batch.LENT_BYTES = 2 << 30  # (more than the room left below; the default 64 MB would leave the batch too little)
pack = get_pack("fuzhou")
cases = bench.generate(2500, 5)
want = [evaluate(pack, c, explain="none") for c in cases]
want_json = [v.to_json_bytes() for v in want]
wheres = set()
real_read = batch._read
batch._read = lambda name, lent, where, read, size: wheres.add("lent" if where is False else "own" if where is True else "pipe") or real_read(name, lent, where, read, size)
# this process's address space limited to what it has now and 512 MB more: no room for a lent block, room for
# the batch
with open("/proc/self/status") as status:
    size = next(int(line.split()[1]) for line in status if line.startswith("VmSize:")) * 1024
resource.setrlimit(resource.RLIMIT_AS, (size + (512 << 20), resource.getrlimit(resource.RLIMIT_AS)[1]))
try:
    mmap.mmap(-1, batch.LENT_BYTES).close()
    print("not limited")
    sys.exit(0)
except OSError:
    pass
assert evaluate_many(pack, cases, processes=2, explain="none") == want
assert evaluate_many(pack, cases, processes=2, explain="none", as_json=True) == want_json
assert wheres and "lent" not in wheres, wheres
print("whole")
"""


def test_a_batch_in_a_process_with_limited_memory_is_whole() -> None:
    """A real limit on the address space (RLIMIT_AS, as ``ulimit -v`` sets), set in a process of its own to 512 MB
    beyond what it uses (one glibc malloc arena: each thread's would reserve 64 MB of it): the blocks this
    process lends (made 2 GiB there) cannot be mapped, and a batch in 2 processes gives every verdict — with no
    traceback on stderr, which CPython's resource tracker printed for each block CPython could not map. Before,
    the batch raised OSError (ENOMEM) where one process succeeded (found by hand with ``ulimit -v 600000`` and
    the default 64 MB blocks)."""
    import os
    import sys

    if not sys.platform.startswith("linux"):
        pytest.skip("reads the process's address space from /proc/self/status (Linux)")
    if _child(_LIMITED_CHILD, env={**os.environ, "MALLOC_ARENA_MAX": "1"}) == "not limited":
        pytest.skip("the address-space limit did not take here")


def _refused(*args: object, **kwargs: object) -> None:
    raise NotImplementedError("This platform lacks a functioning sem_open implementation")


@pytest.mark.parametrize("where", ["pool", "tracker", "fork", "second fork", "thread"])
def test_where_no_worker_can_start_the_batch_runs_in_this_process(many: list[object],
                                                                  monkeypatch: pytest.MonkeyPatch,
                                                                  where: str) -> None:
    """Where the system refuses a batch its workers — no semaphores for the pool's queues (``pool``: what
    CPython raises without sem_open), no more processes (``tracker``: for the resource tracker, should it not
    run yet; ``fork``: EAGAIN; ``second fork``: after one worker started, which is stopped), no more threads
    (``thread``: for the pool's) — the batch is evaluated in this process, with a WorkersUnavailableWarning in
    the batch's language; the verdicts are the same. Before, the batch raised the system's error where one
    process succeeded."""
    import concurrent.futures
    import errno
    import io
    import multiprocessing
    import os

    import threading
    from multiprocessing import resource_tracker

    from rongcuo_rules import WorkersUnavailableWarning

    if where not in ("pool", "tracker") and "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("workers are forked only where the system forks")
    pack = get_pack("fuzhou")
    want = [evaluate(pack, c, lang="en") for c in many]
    processes = 3 if where == "second fork" else 2
    if where == "pool":
        monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _refused)
    elif where == "tracker":
        def no_tracker() -> None:
            raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

        monkeypatch.setattr(resource_tracker, "ensure_running", no_tracker)
    elif where == "thread":
        def no_thread(self: threading.Thread) -> None:
            raise RuntimeError("can't start new thread")

        monkeypatch.setattr(threading.Thread, "start", no_thread)
    else:
        real_fork = os.fork
        forks: list[int] = []

        def fork() -> int:
            if where == "fork" or forks:
                raise OSError(errno.EAGAIN, "Resource temporarily unavailable")
            forks.append(1)
            return real_fork()

        monkeypatch.setattr(os, "fork", fork)
    with pytest.warns(WorkersUnavailableWarning, match="cannot start worker processes here") as warned:
        assert evaluate_many(pack, many, processes=processes, lang="en") == want
    assert warned[0].filename == __file__  # (it points at the caller's line)
    assert not multiprocessing.active_children()  # (a worker that started was stopped)
    assert batch._WORKER == {}  # (nothing of the batch is kept)
    want_zh = [evaluate(pack, c).to_json_bytes() for c in many]
    with pytest.warns(WorkersUnavailableWarning, match="无法启动工作进程") as warned:
        assert evaluate_many(pack, many, processes=processes, as_json=True) == want_zh
        stream = io.BytesIO()
        assert write_json_lines(pack, many, stream, processes=processes) == len(many)
    assert len(warned) == 2 and {w.filename for w in warned} == {__file__}
    assert stream.getvalue() == b"".join(line + b"\n" for line in want_zh)
    assert not multiprocessing.active_children()


_READ_ONLY_SHM_CHILD = """
import io, warnings
from rongcuo_rules import batch, evaluate, evaluate_many, write_json_lines
batch.MIN_PARALLEL = 2000  # (in processes, as the tests here are)
cases = bench.generate(3000, 3)
want = [evaluate("fuzhou", c) for c in cases]
with warnings.catch_warnings(record=True) as warned:
    warnings.simplefilter("always")
    assert evaluate_many("fuzhou", cases, processes=2) == want
    stream = io.BytesIO()
    assert write_json_lines("fuzhou", cases, stream, processes=2) == len(cases)
assert stream.getvalue() == b"".join(v.to_json_bytes() + b"\\n" for v in want)
from rongcuo_rules import WorkersUnavailableWarning
assert [w.category for w in warned] == [WorkersUnavailableWarning] * 2, [str(w.message) for w in warned]
print("whole")
"""


def test_a_batch_with_a_read_only_dev_shm_is_whole() -> None:
    """A real read-only /dev/shm (as some sandboxes and serverless runtimes have), in a mount namespace of its
    own: the pool's semaphores cannot be made there, and a batch asked to use 2 processes gives every verdict
    from this process, with a WorkersUnavailableWarning each time and no traceback. Before, it raised OSError
    (EROFS)."""
    _child(_READ_ONLY_SHM_CHILD, mount="ro,size=1m")


def _batch_in_a_pool_worker(cases: list[object]) -> tuple[bool, list[str]]:
    import warnings

    batch.MIN_PARALLEL = SMALL_PARALLEL  # (this forked worker has the test's setting; said again for clarity)
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        got = evaluate_many("fuzhou", cases, processes=2)
    return got == [evaluate("fuzhou", c) for c in cases], [w.category.__name__ for w in warned]


def test_a_batch_in_a_daemonic_process_runs_there(many: list[object]) -> None:
    """In a ``multiprocessing.Pool``'s worker (a daemonic process, which may not have children) a batch runs in
    that process, with a WorkersUnavailableWarning. Before, it failed with an AssertionError at its first task."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("the pool's worker gets this module's cases by forking")
    with multiprocessing.get_context("fork").Pool(1) as pool:
        same, warned = pool.apply(_batch_in_a_pool_worker, (many[:SMALL_PARALLEL + 100],))
    assert same and warned == ["WorkersUnavailableWarning"]
