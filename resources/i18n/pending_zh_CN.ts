<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ExplanationPanel</name>
    <message>
        <source>Loss ÷10 vs lr ÷10</source>
        <translation>损失 ÷10 对比 学习率 ÷10</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Not exported: it was estimated at {time}.</source>
        <translation>未导出：估计需要 {time}。</translation>
    </message>
    <message>
        <source>Start a long export?</source>
        <translation>开始一个耗时较长的导出？</translation>
    </message>
    <message>
        <source>This export will take about {time} and about {memory} of memory ({what}). Export anyway?</source>
        <translation>此导出约需 {time}，约占 {memory} 内存（{what}）。仍要导出吗？</translation>
    </message>
    <message>
        <source>this export needs about {memory} of memory ({what}), more than this machine has; make it smaller</source>
        <translation>此导出约需 {memory} 内存（{what}），超过本机内存；请缩小导出</translation>
    </message>
</context>
<context>
    <name>LandscapeView</name>
    <message>
        <source>; this run uses mini-batches, the bound is full-batch GD&apos;s</source>
        <translation>；本次运行使用小批量，该界限属于全批量梯度下降</translation>
    </message>
    <message>
        <source>Nesterov: (2 + 2μ) / ((1 + 2μ)·s·η)</source>
        <translation>Nesterov：(2 + 2μ) / ((1 + 2μ)·s·η)</translation>
    </message>
    <message>
        <source>estimating λmax along both paths…</source>
        <translation>正在沿两条路径估计 λmax…</translation>
    </message>
    <message>
        <source>gradient descent: 2 / (s·η)</source>
        <translation>梯度下降：2 / (s·η)</translation>
    </message>
    <message>
        <source>heavy-ball momentum: (2 + 2μ) / (s·η)</source>
        <translation>重球动量：(2 + 2μ) / (s·η)</translation>
    </message>
    <message>
        <source>no finite point</source>
        <translation>没有有限点</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>training loss (log scale)</source>
        <translation>训练损失（对数刻度）</translation>
    </message>
    <message>
        <source>weight decay, clipping or a schedule change the step: no fixed bound</source>
        <translation>权重衰减、梯度裁剪或学习率调度会改变步长：没有固定界限</translation>
    </message>
    <message>
        <source>x</source>
        <translation>x</translation>
    </message>
    <message>
        <source>y</source>
        <translation>y</translation>
    </message>
    <message>
        <source>{optimizer} is adaptive: its stability bound is on the preconditioned Hessian (not computed)</source>
        <translation>{optimizer} 是自适应优化器：它的稳定性界限作用于预条件黑塞矩阵（未计算）</translation>
    </message>
    <message>
        <source>{optimizer}: (2+2β₁)/((1−β₁)·η) = {bound} bounds the preconditioned Hessian&apos;s λmax, not the λmax(H) drawn{batch}</source>
        <translation>{optimizer}：(2+2β₁)/((1−β₁)·η) = {bound} 界定的是预条件黑塞矩阵的 λmax，而不是图中的 λmax(H){batch}</translation>
    </message>
    <message>
        <source>{optimizer}: no fixed bound ({why})</source>
        <translation>{optimizer}：没有固定界限（{why}）</translation>
    </message>
    <message>
        <source>{run} — {last}; dashed: {bound}</source>
        <translation>{run} — {last}；虚线：{bound}</translation>
    </message>
    <message>
        <source>α (direction 1)</source>
        <translation>α（方向 1）</translation>
    </message>
    <message>
        <source>β (direction 2)</source>
        <translation>β（方向 2）</translation>
    </message>
    <message>
        <source>λmax of the training loss&apos;s Hessian</source>
        <translation>训练损失黑塞矩阵的 λmax</translation>
    </message>
    <message>
        <source>λmax {value} at step {step}</source>
        <translation>第 {step} 步 λmax 为 {value}</translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <source>loss 0 (or below {floor}) drawn at {value}</source>
        <translation>损失为 0（或低于 {floor}）时画在 {value}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Presentation mode (hide the controls)</source>
        <translation>演示模式（隐藏控制栏）(&amp;P)</translation>
    </message>
    <message>
        <source>Loading the optimizer engine…</source>
        <translation>正在加载优化器引擎…</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
</context>
<context>
    <name>OptimizerPanel</name>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Add an optimizer (Adam, γ = 0.01) to the race</source>
        <translation>向竞速中添加一个优化器（Adam，γ = 0.01）</translation>
    </message>
    <message>
        <source>the seed must be a whole number</source>
        <translation>种子必须是整数</translation>
    </message>
</context>
<context>
    <name>ScaleMapView</name>
    <message>
        <source>colour: {metric} from {low} (dark) to {high} (yellow), shared by all maps; red: diverged ({diverged} of {cells} cells); dashed: constant lr × scale; +: the optimizer&apos;s own setting; {steps} steps. Click a cell to open that run.</source>
        <translation>颜色：{metric}，从 {low}（深色）到 {high}（黄色），所有图共用；红色：已发散（{cells} 个格子中的 {diverged} 个）；虚线：学习率 × 缩放为常数；+：该优化器自身的设置；{steps} 步。点击格子可打开该次运行。</translation>
    </message>
    <message>
        <source>loss scale</source>
        <translation>损失缩放</translation>
    </message>
    <message>
        <source>{done} of {total} steps… %p%</source>
        <translation>{done} / {total} 步… %p%</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>this list</source>
        <translation>本列表</translation>
    </message>
</context>
<context>
    <name>StatePanel</name>
    <message>
        <source>{name} — step {step} of {total}</source>
        <translation>{name} — 第 {step} 步，共 {total} 步</translation>
    </message>
</context>
<context>
    <name>StepView</name>
    <message>
        <source>{name}: no step {step} ({count} steps recorded).</source>
        <translation>{name}：没有第 {step} 步（共记录 {count} 步）。</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source> (exactly 0)</source>
        <translation>（恰好为 0）</translation>
    </message>
    <message>
        <source>step {step} / {total} · {rate} steps/s · ‖θA − θB‖ = {distance}{exact}</source>
        <translation>第 {step} / {total} 步 · {rate} 步/秒 · ‖θA − θB‖ = {distance}{exact}</translation>
    </message>
</context>
</TS>
