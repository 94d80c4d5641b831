"""app.jobs.JobRunner: the newest request wins, cancel, errors and results arrive on the GUI thread."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread

from app.jobs import JobRunner
from core.engine import Cancelled


@pytest.fixture
def runner(qtbot):
    r = JobRunner()
    yield r
    assert r.shutdown(5.0)


def _gated(gate: threading.Event, value):
    """A job that reports progress and waits for ``gate`` (polling its ticket, as engine runs do)."""
    def work(progress):
        progress(0.0)
        while not gate.wait(0.005):
            if not progress():
                raise Cancelled
        return value
    return work


def test_result_arrives_on_the_gui_thread(qtbot, runner):
    got, threads = [], []
    worker_threads = []

    def work(progress):
        worker_threads.append(threading.current_thread())
        progress(0.5)
        return [1, 2, 3]

    def on_result(value):
        threads.append(QThread.currentThread())
        got.append(value)

    progress_seen = []
    generation = runner.submit(work, on_result, on_progress=progress_seen.append)
    assert generation == runner.generation == 1
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    assert got == [[1, 2, 3]]
    assert threads == [runner.thread()]
    assert worker_threads[0] is not threading.main_thread()
    assert progress_seen == [0.5]
    assert not runner.busy


def test_latest_request_wins(qtbot, runner):
    first_gate, second_gate = threading.Event(), threading.Event()
    got = []
    runner.submit(_gated(first_gate, "first"), got.append)
    runner.submit(_gated(second_gate, "second"), got.append)
    third = runner.submit(lambda progress: "third", got.append)
    assert runner.busy and runner.generation == third
    second_gate.set()
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    assert runner.wait(5.0)
    assert got == ["third"]  # the first was cancelled while running, the second replaced while waiting
    assert not first_gate.is_set()


def test_a_stale_result_is_dropped_even_if_the_job_ignores_cancelling(qtbot, runner):
    gate, got = threading.Event(), []
    runner.submit(lambda progress: (gate.wait(5.0), "old")[1], got.append)
    runner.submit(lambda progress: "new", got.append)
    gate.set()
    assert runner.wait(5.0)
    assert got == ["new"]


def test_cancel_delivers_nothing(qtbot, runner):
    gate, got, progress_seen, errors = threading.Event(), [], [], []
    runner.submit(_gated(gate, "value"), got.append, on_progress=progress_seen.append, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(progress_seen), timeout=5000)
    runner.cancel()
    assert not runner.busy
    assert runner.wait(5.0)  # the job saw its ticket turn False and stopped
    assert got == [] and errors == []
    assert not gate.is_set()


def test_error_is_delivered_on_the_gui_thread(qtbot, runner):
    errors, threads = [], []

    def boom(progress):
        raise ValueError("no such surface")

    def on_error(exc):
        threads.append(QThread.currentThread())
        errors.append(exc)

    with qtbot.waitSignal(runner.failed, timeout=5000) as failed:
        runner.submit(boom, lambda value: pytest.fail("no result expected"), on_error=on_error)
    assert failed.args == ["no such surface"]
    assert [str(e) for e in errors] == ["no such surface"] and isinstance(errors[0], ValueError)
    assert threads == [runner.thread()]
    assert not runner.busy


def test_the_worker_survives_an_error_and_runs_the_next_job(qtbot, runner):
    got = []
    runner.submit(lambda progress: 1 / 0)
    assert runner.wait(5.0)
    runner.submit(lambda progress: "after", got.append)
    qtbot.waitUntil(lambda: got == ["after"], timeout=5000)


def test_shutdown_stops_a_running_job_and_a_later_submit_starts_afresh(qtbot, runner):
    gate, got = threading.Event(), []
    runner.submit(_gated(gate, "never"), got.append)
    assert runner.shutdown(5.0)
    assert not runner.busy
    runner.submit(lambda progress: "again", got.append)
    qtbot.waitUntil(lambda: got == ["again"], timeout=5000)
