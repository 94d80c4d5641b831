"""The live training panel (Qt side), split by job:

    panel.TrainingPanel      composes the rest; schedules redraws
    model.TrainingModel      owns the TrainingConfig (core.training.config) and the run history; setters, signals
    controls                 the inputs (call the model's setters, draw its configuration back)
    plots.TrainingPlots      the plots
    history.History          the received steps (numpy, no Qt)
    messages                 the worker's typed messages (frozen dataclasses)
    worker.TrainingWorker    drives the TwinTrainer in its own thread; thread.TrainingThread owns that thread

No module imports torch at import time; the worker imports it in its own thread when started.
"""
