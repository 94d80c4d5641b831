"""The training panel's controls. They hold no settings: an edit calls a ``TrainingModel`` setter, and
``sync(config)`` draws the model's configuration back (quietly: no signal loops). A setter's refusal
(ValueError) goes to ``TrainingModel``'s owner through ``refused(str)``; the model keeps its old state and
the control is redrawn from it.

    SetupControls   task, data, model and device (any edit rebuilds the runs)
    RunControls     one run's optimizer, lr, loss scale, decay, clip and schedule
    ActionControls  Start / Pause / Step / Reset, the classic-experiment buttons, steps and the status line

What they show for core's keys and messages (combo labels, tooltips, CUDA reasons) is in ``control_texts``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QSignalBlocker, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.i18n import translate
from app.training.control_texts import WD_LABELS, device_reason, fill_choices, relabel_choices, set_labels
from app.training.messages import WorkerInfo
from app.training.model import TrainingModel
from app.widgets.fields import LogSlider, NumberField, no_wheel_unless_focused, with_reason
from core.optim.spec import defaults_for, parameter
from core.optim.spec import help as parameter_help
from core.training.config import (
    ACTIVATIONS,
    INITS,
    LOSSES,
    MAX_DEPTH,
    MAX_INIT_STD,
    MAX_SAMPLES,
    MAX_STEPS,
    MAX_WIDTH,
    MIN_SAMPLES,
    OPTIMIZERS,
    SCHEDULES,
    TASKS,
    WD_MODES,
    RunConfig,
    TrainingConfig,
)
from core.training.datasets import REGRESSION_TASKS

COLOURS = {"a": (31, 119, 180), "b": (214, 39, 40)}
MAX_PANEL_SEED = 2**31 - 1  # QSpinBox's limit
DIGITS_IMAGES = 1797
def is_language_change(event) -> bool:
    return event.type() == QEvent.Type.LanguageChange


class _Edits(QWidget):
    """Common: route an edit to a model setter; a refusal is reported and the model's state redrawn."""

    refused = Signal(str)

    def __init__(self, model: TrainingModel, parent=None):
        super().__init__(parent)
        self.model = model
        model.configChanged.connect(self.sync)

    def _edit(self, setter: Callable[[], None]) -> None:
        try:
            setter()
        except ValueError as exc:
            self.refused.emit(str(exc))
            self.sync(self.model.config)

    def sync(self, config: TrainingConfig) -> None:
        raise NotImplementedError

    def retranslate(self) -> None:
        pass

    def changeEvent(self, event):
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)


class SetupControls(_Edits):
    def __init__(self, model: TrainingModel, parent=None):
        super().__init__(model, parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.data_box = data_box = QGroupBox()
        data_box.setObjectName("trainingTaskBox")
        self.data_form = form = QFormLayout(data_box)
        self.task = QComboBox()
        fill_choices(self.task, TASKS)
        self.samples = QSpinBox()
        self.samples.setRange(MIN_SAMPLES, MAX_SAMPLES)
        self.batch = QSpinBox()
        self.batch.setRange(0, MAX_SAMPLES)
        self.seed = QSpinBox()
        self.seed.setRange(0, MAX_PANEL_SEED)
        self.loss = QComboBox()  # a classification task's loss (regression: always MSE)
        fill_choices(self.loss, LOSSES)
        self.center_inputs = QCheckBox()
        for label, widget in (("task", self.task), ("samples", self.samples), ("batch", self.batch),
                              ("seed", self.seed), ("loss", self.loss)):
            form.addRow(label, widget)
        form.addRow(self.center_inputs)
        column.addWidget(data_box)

        self.model_box = model_box = QGroupBox()
        model_box.setObjectName("trainingModelBox")
        self.model_form = form = QFormLayout(model_box)
        self.depth = QSpinBox()
        self.depth.setRange(1, MAX_DEPTH)
        self.width_box = QSpinBox()
        self.width_box.setRange(1, MAX_WIDTH)
        self.activation = QComboBox()
        self.activation.addItems(ACTIVATIONS)
        self.init = QComboBox()
        fill_choices(self.init, INITS)
        # σ of the "normal" initialisation (its row shows with it). A typed number, not a spin box: a spin
        # box's fixed decimals showed a scene's σ of 5e-05 as 0.0001 and could not take it.
        self.init_std = NumberField(model.config.model.init_std, 0.0, MAX_INIT_STD, exclusive_minimum=True)
        self.init_std_row = with_reason(self.init_std)
        self.dropout = QDoubleSpinBox()
        self.dropout.setRange(0.0, 0.99)  # core: [0, 1)
        self.dropout.setSingleStep(0.05)
        self.batchnorm = QCheckBox()
        self.device = QComboBox()
        self.device.addItem("CPU", "cpu")
        self.device.addItem("CUDA", "cuda")
        self._worker: WorkerInfo | None = None
        self.device_note: str | None = None  # core's note when the device asked for is not used
        self.device.model().item(1).setEnabled(False)
        self.device_label = QLabel("")
        self.device_label.setWordWrap(True)
        for label, widget in (("depth", self.depth), ("width", self.width_box), ("activation", self.activation),
                              ("init", self.init), ("init σ", self.init_std_row), ("dropout", self.dropout)):
            form.addRow(label, widget)
        form.addRow(self.batchnorm)
        form.addRow("device", self.device)
        form.addRow(self.device_label)
        column.addWidget(model_box)
        no_wheel_unless_focused(self.task, self.samples, self.batch, self.seed, self.loss, self.depth,
                                self.width_box, self.activation, self.init, self.dropout, self.device)
        self.sync(model.config)
        self.retranslate()

        def option(key: str, read: Callable[[], object]) -> Callable[..., None]:
            return lambda *_: self._edit(lambda: model.set_options(**{key: read()}))

        self.task.currentIndexChanged.connect(lambda *_: self._edit(lambda: model.set_options(**self._task_options())))
        self.activation.currentTextChanged.connect(option("activation", self.activation.currentText))
        self.init.currentIndexChanged.connect(option("init", self.init.currentData))
        for key, spin in (("n_samples", self.samples), ("batch_size", self.batch), ("seed", self.seed),
                          ("depth", self.depth), ("width", self.width_box)):
            spin.valueChanged.connect(option(key, spin.value))
        self.dropout.valueChanged.connect(option("dropout", lambda: round(self.dropout.value(), 4)))
        self.init_std.valueEdited.connect(option("init_std", self.init_std.value))
        self.batchnorm.toggled.connect(option("batchnorm", self.batchnorm.isChecked))
        self.loss.currentIndexChanged.connect(option("loss", self.loss.currentData))
        self.center_inputs.toggled.connect(option("center_inputs", self.center_inputs.isChecked))
        self.device.currentIndexChanged.connect(option("device", self.device.currentData))

    def _task_options(self) -> dict:
        """The task; choosing digits also takes all of its 1,797 images (the samples field shows it)."""
        task = self.task.currentData()
        return {"task": task, "n_samples": DIGITS_IMAGES} if task == "digits" else {"task": task}

    def sync(self, config: TrainingConfig) -> None:
        model = config.model
        blockers = [QSignalBlocker(w) for w in (self.task, self.samples, self.batch, self.seed, self.depth,
                                                self.width_box, self.activation, self.init, self.init_std,
                                                self.dropout, self.batchnorm, self.device, self.loss,
                                                self.center_inputs)]
        self.task.setCurrentIndex(max(self.task.findData(config.task), 0))
        self.samples.setValue(config.n_samples)
        self.batch.setValue(config.batch_size)
        self.seed.setValue(min(config.seed, MAX_PANEL_SEED))
        self.loss.setCurrentIndex(max(self.loss.findData(config.loss), 0))
        self.loss.setEnabled(config.task not in REGRESSION_TASKS)  # regression always trains on MSE
        self.center_inputs.setChecked(config.center_inputs)
        self.depth.setValue(model.depth)
        self.width_box.setValue(model.width)
        self.activation.setCurrentText(model.activation)
        self.init.setCurrentIndex(max(self.init.findData(model.init), 0))
        self.init_std.setValue(model.init_std)
        self.model_form.setRowVisible(self.init_std_row, model.init == "normal")
        self.dropout.setValue(model.dropout)
        self.batchnorm.setChecked(model.batchnorm)
        self.device.setCurrentIndex(max(self.device.findData(config.device.partition(":")[0]), 0))
        del blockers

    def retranslate(self) -> None:
        self.data_box.setTitle(self.tr("Task"))
        self.model_box.setTitle(self.tr("Model (MLP)"))
        self.batch.setSpecialValueText(self.tr("full batch"))
        self.batchnorm.setText(self.tr("batch norm"))
        self.center_inputs.setText(self.tr("centre the inputs"))
        self.center_inputs.setToolTip(self.tr("Subtract the training set's mean input from every input, as "
                                              "Cohen et al. (2021) do."))
        self.loss.setToolTip(self.tr("A classification task's loss: cross-entropy on the labels, or the square "
                                     "loss on one-hot targets (½ · mean over samples of Σ over classes of "
                                     "(f − y)², as Cohen et al. 2021). Regression always uses MSE."))
        set_labels(self.data_form, ((self.task, self.tr("task")), (self.samples, self.tr("samples")),
                                    (self.batch, self.tr("batch")), (self.seed, self.tr("seed")),
                                    (self.loss, self.tr("loss"))))
        set_labels(self.model_form, ((self.depth, self.tr("depth")), (self.width_box, self.tr("width")),
                                     (self.activation, self.tr("activation")), (self.init, self.tr("init")),
                                     (self.init_std_row, self.tr("init σ")), (self.dropout, self.tr("dropout")),
                                     (self.device, self.tr("device"))))
        self.init_std.set_tooltip(self.tr("The normal initialisation draws every weight from N(0, σ²), whatever "
                                         "the layer's size; biases start at 0"))
        for combo in (self.task, self.init, self.loss):
            relabel_choices(combo)
        self._show_device()

    def show_device_note(self, note: str | None) -> None:
        """core's note on the device actually used (None: the one asked for)."""
        self.device_note = note
        self._show_device()

    def show_worker(self, info: WorkerInfo) -> None:
        """Offer CUDA if the worker found it; otherwise say why not."""
        self._worker = info
        self._show_device()

    def _show_device(self) -> None:
        info, item = self._worker, self.device.model().item(1)
        if info is None:
            self.device.setItemText(1, self.tr("CUDA (checking…)"))
            item.setEnabled(False)
        elif info.cuda:
            self.device.setItemText(1, self.tr("CUDA"))
            item.setEnabled(True)
            self.device_label.setText(device_reason(info.cuda_reason))
        else:
            self.device.setItemText(1, self.tr("CUDA — unavailable"))
            item.setEnabled(False)
            item.setToolTip(device_reason(info.cuda_reason))
            self.device_label.setText(self.tr("CUDA unavailable: {reason}; training runs on the CPU.")
                                      .format(reason=device_reason(info.cuda_reason)))
        if self.device_note:
            self.device_label.setText(device_reason(self.device_note))


class RunControls(QGroupBox):
    """One run's optimizer settings, written through ``TrainingModel.set_run``."""

    refused = Signal(str)

    def __init__(self, model: TrainingModel, run: str, parent=None):
        super().__init__(parent)
        self.model, self.run = model, run
        colour = "#{:02x}{:02x}{:02x}".format(*COLOURS[run])
        self.setStyleSheet(f"QGroupBox {{ color: {colour}; font-weight: bold; }}")
        self.optimizer = QComboBox()
        self.optimizer.addItems(OPTIMIZERS)
        # typed values may go beyond the sliders, as far as the hyper-parameter table allows
        self.lr = LogSlider(1e-5, 10.0, 0.1, typed=(0.0, parameter("lr").high))
        self.loss_scale = LogSlider(1e-3, 1e4, 1.0, typed=(0.0, parameter("loss_scale").high))
        self.weight_decay = NumberField(0.0, *parameter("weight_decay").bounds)
        self.wd_mode = QComboBox()
        for mode in WD_MODES:
            self.wd_mode.addItem(translate("SetupControls", WD_LABELS[mode]), mode)
        self.clip = NumberField(0.0, *parameter("clip").bounds)
        for name, widget in (("lr", self.lr), ("loss_scale", self.loss_scale), ("weight_decay", self.weight_decay),
                             ("clip", self.clip)):
            widget.setToolTip(parameter_help(name))
        self.schedule = QComboBox()
        fill_choices(self.schedule, SCHEDULES)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.form = form = QFormLayout(self)
        # the typed fields with their reason line under them (a refused value says why there)
        self.weight_decay_row, self.clip_row = with_reason(self.weight_decay), with_reason(self.clip)
        for label, widget in (("optimizer", self.optimizer), ("lr", self.lr), ("loss ×", self.loss_scale),
                              ("weight decay", self.weight_decay_row), ("decay", self.wd_mode),
                              ("clip", self.clip_row), ("schedule", self.schedule)):
            form.addRow(label, widget)
        form.addRow(self.status)
        no_wheel_unless_focused(self.optimizer, self.wd_mode, self.schedule)
        self.sync(model.config)
        self.retranslate()
        model.configChanged.connect(self.sync)

        def edit(key: str) -> Callable[[object], None]:
            return lambda value: self._edit(key, value)

        self.optimizer.currentTextChanged.connect(edit("optimizer"))
        self.lr.valueEdited.connect(edit("lr"))
        self.loss_scale.valueEdited.connect(edit("loss_scale"))
        self.weight_decay.valueEdited.connect(edit("weight_decay"))
        self.wd_mode.currentIndexChanged.connect(lambda _i: self._edit("wd_mode", self.wd_mode.currentData()))
        self.clip.valueEdited.connect(edit("clip"))
        self.schedule.currentIndexChanged.connect(lambda _i: self._edit("schedule", self.schedule.currentData()))

    def retranslate(self) -> None:
        self.setTitle(self.tr("Run {name}").format(name=self.run.upper()))
        set_labels(self.form, ((self.optimizer, self.tr("optimizer")), (self.lr, self.tr("lr")),
                               (self.loss_scale, self.tr("loss ×")), (self.weight_decay_row, self.tr("weight decay")),
                               (self.wd_mode, self.tr("decay")), (self.clip_row, self.tr("clip")),
                               (self.schedule, self.tr("schedule"))))
        for i in range(self.wd_mode.count()):
            self.wd_mode.setItemText(i, translate("SetupControls", WD_LABELS[self.wd_mode.itemData(i)]))
        relabel_choices(self.schedule)
        for name, widget in (("lr", self.lr), ("loss_scale", self.loss_scale), ("weight_decay", self.weight_decay),
                             ("clip", self.clip)):
            widget.setToolTip(translate("RunControls", parameter_help(name)))  # English: core's text itself

    def changeEvent(self, event):
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def _edit(self, key: str, value: object) -> None:
        try:
            self.model.set_run(self.run, **{key: value})
        except ValueError as exc:
            self.refused.emit(str(exc))
            self.sync(self.model.config)

    def sync(self, config: TrainingConfig) -> None:
        run: RunConfig = config.run(self.run)
        blockers = [QSignalBlocker(w) for w in (self.optimizer, self.wd_mode, self.schedule)]
        self.optimizer.setCurrentText(run.optimizer)
        self.wd_mode.setCurrentIndex(self.wd_mode.findData(run.wd_mode))
        self.wd_mode.setEnabled(run.optimizer != "adamw")  # adamw is always decoupled
        self.schedule.setCurrentIndex(max(self.schedule.findData(run.schedule), 0))
        del blockers
        defaults = defaults_for(run.optimizer)  # an unset value shows the default the run will use
        self.lr.setValue(run.lr if run.lr is not None else defaults["lr"])
        self.weight_decay.setValue(run.weight_decay if run.weight_decay is not None else defaults["weight_decay"])
        self.loss_scale.setValue(run.loss_scale)
        self.clip.setValue(run.clip)


class ActionControls(QWidget):
    """Buttons and the run length; the buttons' clicks are the panel's to connect."""

    def __init__(self, model: TrainingModel, parent=None):
        super().__init__(parent)
        self.model = model
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        presets = QHBoxLayout()
        self.classic_sgd = QPushButton()
        self.classic_adam = QPushButton()
        presets.addWidget(self.classic_sgd)
        presets.addWidget(self.classic_adam)
        column.addLayout(presets)
        self.run_box = run_box = QGroupBox()
        box = QVBoxLayout(run_box)
        buttons = QHBoxLayout()
        self.start_button = QPushButton()
        self.pause_button = QPushButton()
        self.step_button = QPushButton()
        self.reset_button = QPushButton()
        for button, name in ((self.start_button, "trainingStart"), (self.pause_button, "trainingPause"),
                             (self.step_button, "trainingStep"), (self.reset_button, "trainingReset")):
            button.setObjectName(name)
        for button in (self.start_button, self.pause_button, self.step_button, self.reset_button):
            buttons.addWidget(button)
        box.addLayout(buttons)
        self.steps_row = steps_row = QFormLayout()
        self.total_steps = QLineEdit(str(model.config.steps))
        self.total_steps.setValidator(QIntValidator(1, MAX_STEPS, self))
        steps_row.addRow("steps", self.total_steps)
        box.addLayout(steps_row)
        self._idle_text = self.tr("torch loads when the panel is first shown")
        self.status = QLabel(self._idle_text)
        self.status.setWordWrap(True)
        box.addWidget(self.status)
        column.addWidget(run_box)
        self.retranslate()
        self.classic_sgd.clicked.connect(lambda: model.apply_classic("sgd"))
        self.classic_adam.clicked.connect(lambda: model.apply_classic("adam"))
        self.total_steps.editingFinished.connect(self._steps_edited)
        model.configChanged.connect(self.sync)

    def retranslate(self) -> None:
        self.classic_sgd.setText(self.tr("loss×10 vs lr×10: SGD"))
        self.classic_adam.setText(self.tr("… Adam"))
        self.classic_sgd.setToolTip(self.tr("A: loss × 10 at lr; B: plain loss at lr × 10 — same path for SGD"))
        self.classic_adam.setToolTip(self.tr("The same question for Adam: the loss scale barely matters, the lr does"))
        self.run_box.setTitle(self.tr("Training"))
        self.start_button.setText(self.tr("Start"))
        self.pause_button.setText(self.tr("Pause"))
        self.step_button.setText(self.tr("Step"))
        self.reset_button.setText(self.tr("Reset"))
        set_labels(self.steps_row, ((self.total_steps, self.tr("steps")),))
        idle = self.tr("torch loads when the panel is first shown")
        if self.status.text() == self._idle_text:  # nothing else was written there yet
            self.status.setText(idle)
        self._idle_text = idle

    def changeEvent(self, event):
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def _steps_edited(self) -> None:
        try:
            self.model.set_options(steps=int(self.total_steps.text()))
        except ValueError:  # the validator lets only 1 … MAX_STEPS through: an empty field is put back
            self.sync(self.model.config)

    def sync(self, config: TrainingConfig) -> None:
        if self.total_steps.text() != str(config.steps):
            self.total_steps.setText(str(config.steps))

    def show_state(self, state: str) -> None:
        self.start_button.setEnabled(state != "running")
        self.pause_button.setEnabled(state == "running")
