"""Where Qt wrappers die, and on which thread the cycle collector runs: the probe behind app.gc_guard.

A collection frees every unreachable reference cycle, on the thread that runs it. Cycles holding PySide
wrappers are common (pyqtgraph's items and menus, an export's offscreen view, helper objects of a closed
window), and freeing them off the GUI thread destroys Qt objects and disconnects signals there: the
deadlock of 3b535c0. This probe shows it without relying on luck — no race has to be lost, the thread a
wrapper dies on is recorded (``weakref.finalize``), and so is the thread of every collection
(``gc.callbacks``).

From the repository root::

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.reliability.qt_garbage [--no-guard] [--rounds N]

Each round opens a MainWindow, exports a PNG of its scene (pyqtgraph leaves cycles holding valid,
Python-owned QPixmap, QPicture, QPen … objects), closes and deletes the window, then a worker thread
allocates as an import does. It prints which threads ran collections and where the Qt wrappers that were
garbage were freed; exit status 0 when none died off the GUI thread. With the app's guard (the default;
``create_application`` installs it) every one dies on the GUI thread (580 in two rounds); with
``--no-guard`` (CPython's automatic collection) the worker's allocations run a full collection on the
worker, which destroys a pyqtgraph QGraphicsWidget there: the first round ends in a segmentation fault
(gdb: ``~QGraphicsWidget`` under ``delete_garbage``, on the worker).
"""

from __future__ import annotations

import collections
import contextlib
import gc
import sys
import tempfile
import threading
import weakref
from pathlib import Path

WORKER_NAME = "probe-worker"
IMPORT_LIKE_OBJECTS = 200_000  # containers a worker keeps alive: well past every generation's threshold


class DeathThreads:
    """Records the thread each watched object is freed on (a weakref finalizer runs where it dies)."""

    def __init__(self):
        self.freed: list[tuple[str, str]] = []  # (type name, thread name)
        self._lock = threading.Lock()

    def watch(self, objects) -> int:
        """Watch every object of ``objects`` that takes a weak reference; returns how many were."""
        watched = 0
        for obj in objects:
            try:
                weakref.finalize(obj, self._died, type(obj).__qualname__)
            except TypeError:  # no weak references to this one
                continue
            watched += 1
        return watched

    def _died(self, name: str) -> None:
        with self._lock:
            self.freed.append((name, threading.current_thread().name))

    def by_thread(self) -> dict[str, collections.Counter]:
        found: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        for name, thread in list(self.freed):
            found[thread][name] += 1
        return dict(found)


@contextlib.contextmanager
def collection_threads():
    """Yields a list that receives the name of the thread of every collection started meanwhile."""
    threads: list[str] = []

    def record(phase, info):
        if phase == "start":
            threads.append(threading.current_thread().name)

    gc.callbacks.append(record)
    try:
        yield threads
    finally:
        gc.callbacks.remove(record)


@contextlib.contextmanager
def collection_generations():
    """Yields a list that receives the generation of every collection started meanwhile."""
    generations: list[int] = []

    def record(phase, info):
        if phase == "start":
            generations.append(info["generation"])

    gc.callbacks.append(record)
    try:
        yield generations
    finally:
        gc.callbacks.remove(record)


def allocate_on_worker(count: int = IMPORT_LIKE_OBJECTS) -> None:
    """Run a worker thread that allocates ``count`` small containers and keeps them until it ends, as an
    import does (torch's brings ~300 000): enough to pass every generation's threshold, so CPython's
    automatic collection, young and full, runs on that thread. Returns when it has ended."""

    def work():
        kept = [[index] for index in range(count)]
        del kept

    worker = threading.Thread(target=work, name=WORKER_NAME)
    worker.start()
    worker.join()


class _Holder:
    """A Python object in a cycle with the Qt objects it holds, as a closed view's helpers are."""


def qt_objects_in_a_cycle() -> list:
    """Make unreachable garbage that only the cycle collector frees: a holder referring to Qt objects that
    refer back to it — a parentless QObject (its C++ object dies with the wrapper: a destructor), a QPixmap
    (GUI-thread only) and a QPen. Returns weak-referencable handles to watch (the holder excluded)."""
    from PySide6.QtCore import QObject
    from PySide6.QtGui import QPen, QPixmap

    holder = _Holder()
    holder.qobject, holder.pixmap, holder.pen = QObject(), QPixmap(8, 8), QPen()
    holder.qobject.holder = holder  # the cycle: wrapper → holder → wrapper
    return [holder.qobject, holder.pixmap, holder.pen]


def qt_wrappers() -> list:
    """Every PySide wrapper the collector tracks now."""
    from shiboken6 import Shiboken

    return [obj for obj in gc.get_objects() if isinstance(obj, Shiboken.Object)]


def close_a_window_with_an_export(app, folder: Path) -> None:
    """Open a window, export its scene as a PNG, close and delete the window (the real app's garbage)."""
    from app.export.render import export_scene
    from app.launch import create_window, delete_pending, throwaway_settings
    from core.export.plan import ExportPlan

    window = create_window(None, throwaway_settings())
    window.resize(1000, 700)
    window.show()
    window.model.start_engine_now()
    window.model.wait_idle()
    app.processEvents()
    export_scene(window.model.scene, ExportPlan.for_path(folder / "scene.png", width=640, height=400))
    window.close()
    window.deleteLater()
    delete_pending()
    app.processEvents()


def main(argv: list[str]) -> int:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app import gc_guard
    from app.launch import create_application

    app = create_application()
    guard = gc_guard.installed(app)
    if "--no-guard" in argv and guard is not None:
        guard.shutdown()  # CPython's automatic collection, on every thread, as before the guard
    rounds = int(argv[argv.index("--rounds") + 1]) if "--rounds" in argv else 3
    deaths = DeathThreads()
    worker_collections = 0
    with tempfile.TemporaryDirectory(prefix="losslab-probe-") as folder:
        for _ in range(rounds):
            close_a_window_with_an_export(app, Path(folder))
            deaths.watch(qt_objects_in_a_cycle())
            deaths.watch(qt_wrappers())
            with collection_threads() as threads:
                allocate_on_worker()
                for _ in range(20):  # the GUI thread's turn: the guard's timer ticks in the event loop
                    app.processEvents()
                    threading.Event().wait(gc_guard.TICK_MS / 1000 / 4)
                gc.collect()  # on the GUI thread: the full collection the guard makes every ~100 young ones
            worker_collections += threads.count(WORKER_NAME)
            print(f"collections by thread: {dict(collections.Counter(threads))}")
    print(f"guard: {'on' if gc_guard.installed(app) and gc_guard.installed(app).active else 'off'}")
    for thread, freed in deaths.by_thread().items():
        print(f"Qt wrappers freed on {thread}: {sum(freed.values())}  {dict(freed.most_common(8))}")
    off_gui = sum(sum(freed.values()) for thread, freed in deaths.by_thread().items() if thread != "MainThread")
    print(f"collections on the worker: {worker_collections}; wrappers freed off the GUI thread: {off_gui}")
    return 1 if off_gui or worker_collections else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
