"""The cycle collector runs on the GUI thread only (app.gc_guard): a collection on a worker thread frees Qt
objects there — a crash or a deadlock with the GUI thread (3b535c0; tests/reliability/qt_garbage.py shows
both ways, deterministically)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app import gc_guard
from tests.reliability.qt_garbage import (
    WORKER_NAME,
    DeathThreads,
    allocate_on_worker,
    collection_generations,
    collection_threads,
    qt_objects_in_a_cycle,
)


@pytest.fixture
def guard(qapp):
    """The app's guard on the test's QApplication; automatic collection back on afterwards (the tests of
    other folders in this process run without an event loop to tick it)."""
    was_active = gc_guard.installed(qapp) is not None and gc_guard.installed(qapp).active
    guard = gc_guard.install(qapp)
    yield guard
    if not was_active:
        guard.shutdown()


def test_the_window_application_installs_the_guard(qapp):
    from app.launch import create_application

    was_active = gc_guard.installed(qapp) is not None and gc_guard.installed(qapp).active
    try:
        app = create_application()
        guard = gc_guard.installed(app)
        assert guard is not None and guard.active and not gc.isenabled()
    finally:
        if not was_active:
            gc_guard.installed(qapp).shutdown()


def test_allocating_on_a_worker_thread_starts_no_collection_there(guard):
    with collection_threads() as threads:
        allocate_on_worker()  # CPython alone: hundreds of collections on the worker, full ones included
    assert WORKER_NAME not in threads


def test_qt_objects_in_a_cycle_die_on_the_gui_thread_not_on_a_busy_worker(guard, qtbot):
    deaths = DeathThreads()
    assert deaths.watch(qt_objects_in_a_cycle()) == 3
    allocate_on_worker()
    assert deaths.freed == []  # the worker passed every threshold, and collected nothing
    kept: list = []

    def freed_all() -> bool:
        # Young objects enough for a collection, again at each look: the count the guard reads is allocations
        # minus deallocations, and an earlier test's garbage freed meanwhile can pull it back under the threshold.
        kept.extend([index] for index in range(2 * guard.thresholds[0]))
        return len(deaths.freed) == 3

    qtbot.waitUntil(freed_all, timeout=5_000)
    assert {thread for _, thread in deaths.freed} == {threading.main_thread().name}
    assert guard.collections >= 1



def test_a_full_collection_waits_until_the_long_lived_objects_grew_by_a_quarter(guard, monkeypatch):
    monkeypatch.setattr(guard, "thresholds", (10, 1, 1))  # young collections every few objects: a short test
    gc.collect()  # nothing young left: what reaches the oldest generation from now on is what this test keeps
    guard.resume()  # counts the long-lived objects now
    long_lived = len(gc.get_objects(2))
    kept: list = []
    with collection_generations() as generations:
        while 2 not in generations and len(kept) < 2 * long_lived:
            kept.extend([index] for index in range(50))
            guard.collect_due()
    assert 2 in generations  # it came …
    assert len(kept) >= 0.95 * long_lived / 4  # … not before a quarter more (thresholds alone: ~300 objects)
    # Thresholds alone make the seventh collection a full one; how many come first depends on how many
    # objects this process holds (once only 48, in a pytest-xdist worker), so only "many".
    assert generations.index(2) > 10


def test_a_library_turning_collection_back_on_is_overruled_at_the_next_tick(guard, qtbot):
    gc.enable()
    qtbot.waitUntil(lambda: not gc.isenabled(), timeout=5_000)


def test_shutdown_collects_here_and_turns_automatic_collection_back_on(guard, qapp):
    deaths = DeathThreads()
    deaths.watch(qt_objects_in_a_cycle())
    guard.shutdown()
    try:
        assert gc.isenabled() and not guard.active
        assert len(deaths.freed) == 3 and {thread for _, thread in deaths.freed} == {"MainThread"}
        guard.shutdown()  # twice: nothing more
        assert gc.isenabled()
    finally:
        assert gc_guard.install(qapp) is guard  # guarding again, for the fixture to end
    assert guard.active and not gc.isenabled()


def test_the_training_threads_start_up_collects_nothing_off_the_gui_thread(guard, qtbot):
    from app.training.thread import TrainingThread

    training = TrainingThread()
    off_gui = []

    def record(phase, info):
        if phase == "start" and threading.current_thread() is not threading.main_thread():
            off_gui.append(info["generation"])

    gc.callbacks.append(record)
    try:
        with qtbot.waitSignal(training.ready, timeout=120_000):  # torch imported and warmed up there
            training.start()
    finally:
        gc.callbacks.remove(record)
        training.shutdown()
    assert off_gui == []


def test_after_the_startup_freeze_what_existed_is_left_out_and_later_cycles_are_still_freed():
    """app.launch freezes the start-up imports (gc_guard.freeze_startup): full collections then skip what
    existed, and cycles made afterwards are collected on the GUI thread as before. In a process of its own:
    a freeze here would also keep this worker's later garbage from the collector."""
    code = (
        "import gc, weakref\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from app import gc_guard\n"
        "app = QApplication([])\n"
        "guard = gc_guard.install(app)\n"
        "class Node: pass\n"
        "kept = Node()\n"
        "guard.freeze_startup()\n"
        "assert not any(o is kept for o in gc.get_objects()), 'not frozen'\n"
        "cycle = Node(); cycle.self = cycle; dead = weakref.ref(cycle); del cycle\n"
        "guard.shutdown()\n"
        "assert dead() is None, 'a later cycle was not collected'\n"
        "print('ok')\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stdout + done.stderr
