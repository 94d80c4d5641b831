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
