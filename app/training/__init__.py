"""The live training panel (Qt side), split by job:

    panel.TrainingPanel      composes the rest; schedules redraws
    model.TrainingModel      owns the TrainingConfig (core.training.config) and the run history; setters, signals
    controls                 the inputs (call the model's setters, draw its configuration back)
    control_texts            what the inputs show for core's keys and CUDA reasons, in the current language
    curves.CurvesView        the Curves sub-tab around plots.TrainingPlots (the plots)
    landscape_view           the Landscape sub-tab
    readouts                 the status lines and the dead-network flag, in words
    export                   a sub-tab as PNG/SVG
    history.History          the received steps (numpy, no Qt)
    messages                 the worker's typed messages (frozen dataclasses)
    payloads                 builds those messages from the trainer (boundary images included), in the worker
    worker.TrainingWorker    drives the TwinTrainer in its own thread; thread.TrainingThread owns that thread

No module imports torch at import time; the worker imports it in its own thread when started.
"""
