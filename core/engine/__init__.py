"""The trajectory engine: many optimizer runs on a surface in one compiled, vectorised call."""

from core.engine.run import Batch, Cancelled, Trajectories, run, warm_up

__all__ = ["Batch", "Cancelled", "Trajectories", "run", "warm_up"]
