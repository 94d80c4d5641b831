"""The live training panel (Qt side): ``panel.TrainingPanel`` and its thread worker ``worker.TrainingWorker``.

Neither module imports torch at import time; the worker imports it in its own thread when started.
"""
