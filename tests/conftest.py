import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


import pytest  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def compiled_engine():
    """Compile the kernels once before any test: in a fresh clone numba's cache is empty, and a first
    compile inside a test with a UI timeout would measure the compiler, not the code."""
    from core.engine import warm_up

    warm_up()


@pytest.fixture(scope="module")
def one_torch_thread():
    """torch on one thread for a module's tests (restored afterwards); torch is imported only by users."""
    import torch

    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)
