"""The trajectory engine: many optimizer runs on a surface in one compiled, vectorised call."""

from core.engine.run import Batch, Cancelled, Trajectories, run

__all__ = ["Batch", "Cancelled", "Trajectories", "run"]
