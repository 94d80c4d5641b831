"""The layering rules, checked on every test run: import-linter's contracts (pyproject.toml) and the
promise that the headless core never loads Qt, and loads torch only for training."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_linter_contracts_hold():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    proc = subprocess.run([str(lint_imports), str(ROOT / "pyproject.toml")], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "BROKEN" not in proc.stdout and "KEPT" in proc.stdout


def test_running_the_engine_loads_neither_qt_nor_torch():
    code = ("import sys; from core.engine import run; from core.optim.spec import OptimizerSpec;"
            "from core.surfaces import get_surface, surface_from_formula;"
            "run(surface_from_formula('x^2+y^2'), [OptimizerSpec('adam')], 3);"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'torch', 'app')];"
            "print(bad); sys.exit(1 if bad else 0)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
