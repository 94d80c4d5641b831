"""The trajectory engine: many optimizer runs on a surface in one compiled, vectorised call.

Layers, top to bottom (tests/test_architecture.py and pyproject's contracts check them): ``sweep``
(lr × loss-scale grids, warm-up) → ``run`` (batches, threads, cancelling) → core.surfaces.surface →
``compiled`` (the ahead-of-time module or numba's JIT) → ``kernel`` (the fused loop) →
core.surfaces.native and core.optim.
"""

from core.engine.run import Batch, Cancelled, Trajectories, run
from core.engine.sweep import MultiSweep, SweepResult, sweep_many, warm_up

# (``sweep`` the function stays in core.engine.sweep: exported here it would hide that module's name.)
__all__ = ["Batch", "Cancelled", "MultiSweep", "SweepResult", "Trajectories", "run", "sweep_many", "warm_up"]
