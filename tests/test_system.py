"""What the running system offers: cores, and worker processes where the system gives them."""

from __future__ import annotations

import errno
import multiprocessing

import pytest

from rongcuo_rules import system


def test_usable_cpus_is_at_least_one() -> None:
    assert 1 <= system.usable_cpus() <= (multiprocessing.cpu_count() or 1)


def test_only_a_refusal_at_the_first_task_is_workers_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """A refusal to start the workers, at the first task, is WorkersRefused with the system's error as its cause
    (the caller then does the work itself); at a later task it is raised as it is (the workers' results so far
    would be lost, and the cause is not a refusal to start them)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("workers are forked only where the system forks")
    pool = system.process_pool(1, "fork")
    try:
        def refused(*args: object) -> object:
            raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

        monkeypatch.setattr(pool, "submit", refused)
        with pytest.raises(system.WorkersRefused) as raised:
            system.submit(pool, True, print)
        assert isinstance(raised.value.__cause__, OSError) and raised.value.__cause__.errno == errno.EAGAIN
        with pytest.raises(OSError):
            system.submit(pool, False, print)
    finally:
        monkeypatch.undo()
        pool.shutdown()


def test_a_pool_that_works_runs_its_tasks() -> None:
    """The same calls, where the system gives workers: the tasks run in them."""
    with system.process_pool(2, multiprocessing.get_all_start_methods()[0]) as pool:
        futures = [system.submit(pool, k == 0, pow, k, 2) for k in range(5)]
        assert [f.result() for f in futures] == [0, 1, 4, 9, 16]


def test_a_daemonic_process_gets_no_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    """A daemonic process may not have children: WorkersRefused at once, before any pool is made."""
    monkeypatch.setattr(multiprocessing.current_process(), "daemon", True, raising=False)
    with pytest.raises(system.WorkersRefused) as raised:
        system.process_pool(1, "spawn")
    assert isinstance(raised.value.__cause__, AssertionError)
