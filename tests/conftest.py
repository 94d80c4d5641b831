import gc
import importlib.util
import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.environ.get("PYTEST_XDIST_WORKER"):
    # Each pytest-xdist worker has a core of its own: torch's (and OpenBLAS's) thread pools would only contend
    # with the other workers (measured: a fifth more CPU time for the training tests). Read when torch is first
    # imported, which is after this; the subprocesses tests start inherit it.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


import pytest  # noqa: E402


def pytest_collection_finish(session):
    """What collecting imported (Qt, pyqtgraph, torch, SymPy, numba, the app: ~350,000 objects that live as
    long as the process) moved out of the cyclic collector's reach, as the app's training worker does after
    importing torch (app.training.worker): a full collection walked them all, ~0.2 s each, at the end of
    every test module (app.gc_guard's shutdown) and whenever CPython's thresholds called for one. Objects
    made from here on are collected as before."""
    gc.collect()
    gc.freeze()


@pytest.fixture(scope="session", autouse=True)
def compiled_engine():
    """Compile the kernels once before any test: in a fresh clone numba's cache is empty, and a first
    compile inside a test with a UI timeout would measure the compiler, not the code."""
    from core.engine import warm_up

    warm_up()


@pytest.fixture(scope="session")
def aot_module(tmp_path_factory):
    """The ahead-of-time kernels (build_scripts/aot.py, what the bundle ships) from today's sources, imported
    from a temporary folder: a copy of the checkout's module when its stamp says it was built from today's
    sources (dev.py's set-up builds it: rebuilding it in every test worker cost 15–35 s each), else built
    once for the session. A copy, so a test may edit its stamp."""
    from core.engine import compiled

    folder = tmp_path_factory.mktemp("aot")
    checkout = compiled.AHEAD_OF_TIME
    if checkout is not None and compiled.built_from_these_sources(checkout):
        built = Path(checkout.__file__)
        path = Path(shutil.copy2(built, folder / built.name))
        shutil.copy2(built.with_name("_aot_kernels.sha256"), folder / "_aot_kernels.sha256")
    else:
        sys.path.insert(0, str(ROOT / "build_scripts"))
        try:
            import aot
        finally:
            sys.path.pop(0)
        path = aot.build(folder)
    spec = importlib.util.spec_from_file_location("_aot_kernels", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (folder / "_aot_kernels.sha256").read_text().strip() == compiled.source_hash()
    return module


@pytest.fixture(scope="module")
def one_torch_thread():
    """torch on one thread for a module's tests (restored afterwards); torch is imported only by users."""
    import torch

    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)
