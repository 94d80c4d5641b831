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
        <source> dpi</source>
        <translation> dpi</translation>
    </message>
    <message>
        <source> fps</source>
        <translation> 帧/秒</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>1024 × 768 (4:3)</source>
        <translation>1024 × 768（4:3）</translation>
    </message>
    <message>
        <source>1920 × 1080 (Full HD)</source>
        <translation>1920 × 1080（全高清）</translation>
    </message>
    <message>
        <source>3840 × 2160 (4K)</source>
        <translation>3840 × 2160（4K）</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Automatic: the layout of a 1280 × 720 picture, scaled to the size chosen</source>
        <translation>自动：按 1280 × 720 画面排版，再缩放到所选尺寸</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>CSV data</source>
        <translation>CSV 数据</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Dark (as on screen)</source>
        <translation>深色（与屏幕相同）</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation>导出已取消；未写入任何文件。</translation>
    </message>
    <message>
        <source>Export failed: {error}</source>
        <translation>导出失败：{error}</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>导出到</translation>
    </message>
    <message>
        <source>Exported {name}</source>
        <translation>已导出 {name}</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Frame rate</source>
        <translation>帧率</translation>
    </message>
    <message>
        <source>GIF animation</source>
        <translation>GIF 动画</translation>
    </message>
    <message>
        <source>JSON data</source>
        <translation>JSON 数据</translation>
    </message>
    <message>
        <source>MP4 video</source>
        <translation>MP4 视频</translation>
    </message>
    <message>
        <source>Open the Scale map tab and let the map finish; its sweeps can then be exported</source>
        <translation>请打开“缩放图”标签页并等待计算完成，之后即可导出其扫描结果</translation>
    </message>
    <message>
        <source>PNG image</source>
        <translation>PNG 图像</translation>
    </message>
    <message>
        <source>Race trajectories (step, x, y, loss per optimizer)</source>
        <translation>竞速轨迹（每个优化器的步、x、y、损失）</translation>
    </message>
    <message>
        <source>Rendering…</source>
        <translation>正在渲染…</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>分辨率</translation>
    </message>
    <message>
        <source>SVG vector graphics</source>
        <translation>SVG 矢量图</translation>
    </message>
    <message>
        <source>Scale map sweeps (final loss per lr × loss scale)</source>
        <translation>缩放图扫描（每个学习率 × 损失缩放的最终损失）</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <source>Slide (light, thick lines)</source>
        <translation>幻灯片（浅色，粗线）</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Transparent background</source>
        <translation>透明背景</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>正在写入…</translation>
    </message>
    <message>
        <source>a frame a step (≤ 10 s)</source>
        <translation>每步一帧（≤ 10 秒）</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>the file name ends in .{suffix} but the format is {format}</source>
        <translation>文件名以 .{suffix} 结尾，但格式是 {format}</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
</context>
<context>
    <name>InsideDock</name>
    <message>
        <source>Run:</source>
        <translation>运行：</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Step by step</source>
        <translation>逐步</translation>
    </message>
    <message>
        <source>Vectors on the map</source>
        <translation>在图上显示向量</translation>
    </message>
</context>
<context>
    <name>LandscapeView</name>
    <message>
        <source>f (log scale)</source>
        <translation>f（对数刻度）</translation>
    </message>
    <message>
        <source>x</source>
        <translation>x</translation>
    </message>
    <message>
        <source>y</source>
        <translation>y</translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <source>loss 0 (or below {floor}) drawn at {value}</source>
        <translation>损失为 0（或低于 {floor}）时画在 {value}</translation>
    </message>
    <message>
        <source>loss f(θ)</source>
        <translation>损失 f(θ)</translation>
    </message>
    <message>
        <source>loss f(θ)  (log)</source>
        <translation>损失 f(θ)（对数）</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Dark theme (screen)</source>
        <translation>深色主题（屏幕）(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Open scene…</source>
        <translation>打开场景(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Presentation mode (hide the controls)</source>
        <translation>演示模式（隐藏控制栏）(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Presets</source>
        <translation>预设(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Reset zoom</source>
        <translation>重置缩放(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Save scene…</source>
        <translation>保存场景(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>(no presets found)</source>
        <translation>（未找到预设）</translation>
    </message>
    <message>
        <source>Loading the optimizer engine…</source>
        <translation>正在加载优化器引擎…</translation>
    </message>
    <message>
        <source>Open scene</source>
        <translation>打开场景</translation>
    </message>
    <message>
        <source>Opened {name}</source>
        <translation>已打开 {name}</translation>
    </message>
    <message>
        <source>Opening the training panel…</source>
        <translation>正在打开训练面板…</translation>
    </message>
    <message>
        <source>Race</source>
        <translation>竞速</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>S&amp;lide theme (projector)</source>
        <translation>幻灯片主题（投影仪）(&amp;L)</translation>
    </message>
    <message>
        <source>Save scene</source>
        <translation>保存场景</translation>
    </message>
    <message>
        <source>Saved {name}</source>
        <translation>已保存 {name}</translation>
    </message>
    <message>
        <source>Scale map</source>
        <translation>缩放图</translation>
    </message>
    <message>
        <source>Scene not opened</source>
        <translation>未打开场景</translation>
    </message>
    <message>
        <source>Scene not saved</source>
        <translation>未保存场景</translation>
    </message>
    <message>
        <source>Show &amp;ghosts (each optimizer at its own lr and scale)</source>
        <translation>显示虚影（各优化器按自身学习率与缩放）(&amp;G)</translation>
    </message>
    <message>
        <source>The lr × loss-scale map will appear here.</source>
        <translation>学习率 × 损失缩放图将显示在这里。</translation>
    </message>
    <message>
        <source>The training panel could not start: {error}</source>
        <translation>训练面板无法启动：{error}</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>losslab scenes (*.json);;All files (*)</source>
        <translation>losslab 场景 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>losslab — optimizers on loss surfaces</source>
        <translation>losslab — 损失曲面上的优化器</translation>
    </message>
    <message>
        <source>{optimizer}: lr {lr}, loss scale {scale} from the scale map</source>
        <translation>{optimizer}：学习率 {lr}，损失缩放 {scale}（来自缩放图）</translation>
    </message>
</context>
<context>
    <name>NumberField</name>
    <message>
        <source>&apos;{text}&apos; is not a number</source>
        <translation>“{text}”不是数字</translation>
    </message>
    <message>
        <source>the value must be finite</source>
        <translation>数值必须是有限的</translation>
    </message>
</context>
<context>
    <name>OptimizerPanel</name>
    <message>
        <source>AdaGrad&apos;s learning-rate decay</source>
        <translation>AdaGrad 的学习率衰减</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Gaussian noise added to the unscaled gradient; 0 = off</source>
        <translation>加在未缩放梯度上的高斯噪声；0 = 关闭</translation>
    </message>
    <message>
        <source>Optimizers</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>added to √v: where √v is comparable, loss scale matters</source>
        <translation>加在 √v 上：当 √v 与之相当时，损失缩放就有影响</translation>
    </message>
    <message>
        <source>clip ‖g‖ at</source>
        <translation>将 ‖g‖ 裁剪至</translation>
    </message>
    <message>
        <source>coupled L2 (AdamW: decoupled)</source>
        <translation>耦合 L2（AdamW：解耦）</translation>
    </message>
    <message>
        <source>dampening τ</source>
        <translation>阻尼 τ</translation>
    </message>
    <message>
        <source>decay of the gradient average (first moment)</source>
        <translation>梯度平均的衰减率（一阶矩）</translation>
    </message>
    <message>
        <source>decay of the squared-gradient average</source>
        <translation>梯度平方平均的衰减率</translation>
    </message>
    <message>
        <source>decay of the squared-gradient average (second moment)</source>
        <translation>梯度平方平均的衰减率（二阶矩）</translation>
    </message>
    <message>
        <source>gradient noise σ</source>
        <translation>梯度噪声 σ</translation>
    </message>
    <message>
        <source>gradient-norm clipping of the scaled gradient; 0 = off</source>
        <translation>对缩放后梯度做梯度范数裁剪；0 = 关闭</translation>
    </message>
    <message>
        <source>heavy-ball / Nesterov momentum</source>
        <translation>重球 / Nesterov 动量</translation>
    </message>
    <message>
        <source>learning rate γ</source>
        <translation>学习率 γ</translation>
    </message>
    <message>
        <source>lr decay</source>
        <translation>学习率衰减</translation>
    </message>
    <message>
        <source>momentum μ</source>
        <translation>动量 μ</translation>
    </message>
    <message>
        <source>noise seed</source>
        <translation>噪声种子</translation>
    </message>
    <message>
        <source>optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>own loss scale s</source>
        <translation>自身损失缩放 s</translation>
    </message>
    <message>
        <source>scales the new gradient in the momentum buffer</source>
        <translation>缩放动量缓冲区中的新梯度</translation>
    </message>
    <message>
        <source>the same seed gives the same noise draws</source>
        <translation>相同的种子给出相同的噪声序列</translation>
    </message>
    <message>
        <source>the seed must be a whole number</source>
        <translation>种子必须是整数</translation>
    </message>
    <message>
        <source>this optimizer&apos;s loss scale (before the global one)</source>
        <translation>该优化器自身的损失缩放（在全局缩放之前）</translation>
    </message>
    <message>
        <source>this optimizer&apos;s own learning rate (before the global lr ×)</source>
        <translation>该优化器自身的学习率（在全局学习率倍数之前）</translation>
    </message>
    <message>
        <source>weight decay λ</source>
        <translation>权重衰减 λ</translation>
    </message>
    <message>
        <source>α (RMS decay)</source>
        <translation>α（RMS 衰减）</translation>
    </message>
</context>
<context>
    <name>PlaybackBar</name>
    <message>
        <source> steps/s</source>
        <translation> 步/秒</translation>
    </message>
    <message>
        <source>Back to step 0 (Home)</source>
        <translation>回到第 0 步（Home）</translation>
    </message>
    <message>
        <source>How many steps each optimizer runs</source>
        <translation>每个优化器运行的步数</translation>
    </message>
    <message>
        <source>One step back (←)</source>
        <translation>后退一步（←）</translation>
    </message>
    <message>
        <source>One step forward (→)</source>
        <translation>前进一步（→）</translation>
    </message>
    <message>
        <source>Play / pause (Space)</source>
        <translation>播放 / 暂停（空格）</translation>
    </message>
    <message>
        <source>Playback speed</source>
        <translation>回放速度</translation>
    </message>
    <message>
        <source>Scrub through the race</source>
        <translation>拖动浏览竞速过程</translation>
    </message>
    <message>
        <source>speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>步数</translation>
    </message>
</context>
<context>
    <name>Pointer</name>
    <message>
        <source>f undefined</source>
        <translation>f 无定义</translation>
    </message>
</context>
<context>
    <name>ScaleMapView</name>
    <message>
        <source>colour: {metric} from {low} (dark) to {high} (yellow), shared by all maps; red: diverged ({diverged} of {cells} cells); dashed: constant lr × scale; +: the optimizer&apos;s own setting; {steps} steps. Click a cell to open that run.</source>
        <translation>颜色：{metric}，从 {low}（深色）到 {high}（黄色），所有图共用；红色：已发散（{cells} 个格子中的 {diverged} 个）；虚线：学习率 × 缩放为常数；+：该优化器自身的设置；{steps} 步。点击格子可打开该次运行。</translation>
    </message>
    <message>
        <source>distance to nearest minimum</source>
        <translation>到最近极小值的距离</translation>
    </message>
    <message>
        <source>equivalence: loss × s vs lr × s, s =</source>
        <translation>等价性：损失 × s 对比 学习率 × s，s =</translation>
    </message>
    <message>
        <source>final loss</source>
        <translation>最终损失</translation>
    </message>
    <message>
        <source>largest distance between the loss × {s} and lr × {s} paths — {value}</source>
        <translation>损失 × {s} 与学习率 × {s} 两条路径间的最大距离 —— {value}</translation>
    </message>
    <message>
        <source>log₁₀ loss scale</source>
        <translation>log₁₀ 损失缩放</translation>
    </message>
    <message>
        <source>log₁₀ lr</source>
        <translation>log₁₀ 学习率</translation>
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
    <name>ScalePanel</name>
    <message>
        <source>Dragging one slider moves the other so their product stays the same</source>
        <translation>拖动一个滑块时另一个随之移动，使二者乘积不变</translation>
    </message>
    <message>
        <source>Learning rate × loss scale (all optimizers)</source>
        <translation>学习率 × 损失缩放（所有优化器）</translation>
    </message>
    <message>
        <source>Multiplies every optimizer&apos;s learning rate γ</source>
        <translation>乘到每个优化器的学习率 γ 上</translation>
    </message>
    <message>
        <source>Multiplies the loss (so the gradient) every optimizer sees</source>
        <translation>乘到每个优化器看到的损失（从而梯度）上</translation>
    </message>
    <message>
        <source>Reset to 1×</source>
        <translation>重置为 1×</translation>
    </message>
    <message>
        <source>keep lr × scale constant</source>
        <translation>保持 学习率 × 缩放 不变</translation>
    </message>
    <message>
        <source>loss ×</source>
        <translation>损失 ×</translation>
    </message>
    <message>
        <source>lr ×</source>
        <translation>学习率 ×</translation>
    </message>
    <message>
        <source>lr × scale = {value}</source>
        <translation>学习率 × 缩放 = {value}</translation>
    </message>
</context>
<context>
    <name>SceneModel</name>
    <message>
        <source>could not compute the race: {error}</source>
        <translation>无法计算竞速：{error}</translation>
    </message>
    <message>
        <source>could not save {name}: {error}</source>
        <translation>无法保存 {name}：{error}</translation>
    </message>
    <message>
        <source>the optimizer engine could not start: {error}</source>
        <translation>优化器引擎无法启动：{error}</translation>
    </message>
    <message>
        <source>the race needs at least one optimizer</source>
        <translation>竞速至少需要一个优化器</translation>
    </message>
    <message>
        <source>the start point must be two finite numbers</source>
        <translation>起点必须是两个有限的数</translation>
    </message>
    <message>
        <source>the surface is not a weighted a·L₁ + b·L₂ surface</source>
        <translation>该曲面不是加权的 a·L₁ + b·L₂ 曲面</translation>
    </message>
    <message>
        <source>the view window must be finite with xmin &lt; xmax and ymin &lt; ymax</source>
        <translation>视窗必须是有限的，且 xmin &lt; xmax、ymin &lt; ymax</translation>
    </message>
    <message>
        <source>there is no optimizer {index}</source>
        <translation>没有第 {index} 个优化器</translation>
    </message>
    <message>
        <source>{name} was not opened: {error}</source>
        <translation>{name} 未打开：{error}</translation>
    </message>
</context>
<context>
    <name>StatePanel</name>
    <message>
        <source>Inside the optimizer: waiting for the race…</source>
        <translation>优化器内部：等待竞速…</translation>
    </message>
    <message>
        <source>the end</source>
        <translation>终点</translation>
    </message>
    <message>
        <source>the run diverged</source>
        <translation>该次运行已发散</translation>
    </message>
    <message>
        <source>{name} — step {step} of {total}</source>
        <translation>{name} — 第 {step} 步，共 {total} 步</translation>
    </message>
</context>
<context>
    <name>StatusView</name>
    <message>
        <source>diverged at step {step}</source>
        <translation>第 {step} 步发散</translation>
    </message>
    <message>
        <source>to minimum</source>
        <translation>到极小值</translation>
    </message>
</context>
<context>
    <name>StepView</name>
    <message>
        <source>Click a line to draw its vector at the head (shared arrow scale).</source>
        <translation>点击一行，在头部绘制它的向量（箭头比例共用）。</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>下一步 ▶</translation>
    </message>
    <message>
        <source>Step by step: waiting for the race…</source>
        <translation>逐步：等待竞速…</translation>
    </message>
    <message>
        <source>a squared quantity: no arrow</source>
        <translation>平方量：不画箭头</translation>
    </message>
    <message>
        <source>{name}: no step {step} ({count} steps recorded).</source>
        <translation>{name}：没有第 {step} 步（共记录 {count} 步）。</translation>
    </message>
    <message>
        <source>◀ Prev</source>
        <translation>◀ 上一步</translation>
    </message>
</context>
<context>
    <name>SurfacePanel</name>
    <message>
        <source>Custom formula…</source>
        <translation>自定义公式…</translation>
    </message>
    <message>
        <source>Surface</source>
        <translation>曲面</translation>
    </message>
    <message>
        <source>condition number κ</source>
        <translation>条件数 κ</translation>
    </message>
    <message>
        <source>f(x, y), e.g. x^2 + 10*y^2 or sin(x)*cos(y)</source>
        <translation>f(x, y)，例如 x^2 + 10*y^2 或 sin(x)*cos(y)</translation>
    </message>
    <message>
        <source>formula</source>
        <translation>公式</translation>
    </message>
    <message>
        <source>rotation (degrees)</source>
        <translation>旋转（度）</translation>
    </message>
    <message>
        <source>surface</source>
        <translation>曲面</translation>
    </message>
    <message>
        <source>type a formula in x and y</source>
        <translation>输入关于 x 和 y 的公式</translation>
    </message>
    <message>
        <source>weight a of L₁</source>
        <translation>L₁ 的权重 a</translation>
    </message>
    <message>
        <source>weight b of L₂</source>
        <translation>L₂ 的权重 b</translation>
    </message>
</context>
</TS>
