<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActionControls</name>
    <message>
        <source>A: loss × 10 at lr; B: plain loss at lr × 10 — same path for SGD</source>
        <translation>A：损失 × 10，学习率不变；B：原始损失，学习率 × 10 —— 对 SGD 路径相同</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>The same question for Adam: the loss scale barely matters, the lr does</source>
        <translation>同样的问题换成 Adam：损失缩放几乎无影响，学习率才有影响</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>loss×10 vs lr×10: SGD</source>
        <translation>损失×10 对比 学习率×10：SGD</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>torch loads when the panel is first shown</source>
        <translation>首次显示面板时加载 torch</translation>
    </message>
    <message>
        <source>… Adam</source>
        <translation>… Adam</translation>
    </message>
</context>
<context>
    <name>LandscapeView</name>
    <message>
        <source>, eigenvalues {first} and {second}</source>
        <translation>，特征值为 {first} 和 {second}</translation>
    </message>
    <message>
        <source>, explaining {first} % + {second} % of the motion</source>
        <translation>，解释了 {first} % + {second} % 的运动</translation>
    </message>
    <message>
        <source>; this run uses mini-batches, the bound is full-batch GD&apos;s</source>
        <translation>；本次运行使用小批量，该界限属于全批量梯度下降</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Compute landscape</source>
        <translation>计算地形</translation>
    </message>
    <message>
        <source>Compute the landscape to see the twins&apos; paths on a slice of their own loss.</source>
        <translation>计算地形，即可在孪生网络自身损失的切面上看到它们的路径。</translation>
    </message>
    <message>
        <source>Estimate the training loss&apos;s top Hessian eigenvalue along both paths (Lanczos on Hessian-vector products, in the background)</source>
        <translation>沿两条路径估计训练损失黑塞矩阵的最大特征值（基于黑塞向量积的 Lanczos 方法，在后台进行）</translation>
    </message>
    <message>
        <source>Nesterov: (2 + 2μ) / ((1 + 2μ)·s·η)</source>
        <translation>Nesterov：(2 + 2μ) / ((1 + 2μ)·s·η)</translation>
    </message>
    <message>
        <source>PCA of the twins&apos; paths</source>
        <translation>孪生网络路径的 PCA</translation>
    </message>
    <message>
        <source>Recompute the landscape each time training pauses or finishes</source>
        <translation>每次训练暂停或结束时重新计算地形</translation>
    </message>
    <message>
        <source>Slice the loss through the twins&apos; parameters now (in the background)</source>
        <translation>立即沿孪生网络的参数切取损失（在后台进行）</translation>
    </message>
    <message>
        <source>The plane through parameter space the loss is drawn on</source>
        <translation>绘制损失所用的参数空间平面</translation>
    </message>
    <message>
        <source>asking the trainer for its paths…</source>
        <translation>正在向训练器请求路径…</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>cancelled; showing the coarse slice</source>
        <translation>已取消；显示粗略切面</translation>
    </message>
    <message>
        <source>cancelled; showing the full slice</source>
        <translation>已取消；显示完整切面</translation>
    </message>
    <message>
        <source>estimating λmax along both paths…</source>
        <translation>正在沿两条路径估计 λmax…</translation>
    </message>
    <message>
        <source>filter-normalised random</source>
        <translation>滤波器归一化的随机方向</translation>
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
        <source>plane</source>
        <translation>平面</translation>
    </message>
    <message>
        <source>refining to {size}…</source>
        <translation>正在细化到 {size}…</translation>
    </message>
    <message>
        <source>sharpness λmax (off: no cost)</source>
        <translation>锐度 λmax（关闭时无开销）</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>top-2 Hessian eigenvectors</source>
        <translation>黑塞矩阵的前 2 个特征向量</translation>
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
        <source>when training pauses</source>
        <translation>训练暂停时</translation>
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
        <source>{plane} at step {step}{extra}; {size} slice of the training loss</source>
        <translation>第 {step} 步的{plane}{extra}；训练损失的 {size} 切面</translation>
    </message>
    <message>
        <source>{plane}: plane and coarse {size} slice…</source>
        <translation>{plane}：正在计算平面和粗略的 {size} 切面…</translation>
    </message>
    <message>
        <source>{run} ({label}) at step {step}: true loss {loss} · plane&apos;s loss at its projection {plane_loss} · off-plane {off} % (whole path {total} %)</source>
        <translation>{run}（{label}）第 {step} 步：真实损失 {loss} · 投影点处的平面损失 {plane_loss} · 偏离平面 {off} %（整条路径 {total} %）</translation>
    </message>
    <message>
        <source>{run} — {last}; dashed: {bound}</source>
        <translation>{run} — {last}；虚线：{bound}</translation>
    </message>
    <message>
        <source>{run}: no finite point to project</source>
        <translation>{run}：没有可投影的有限点</translation>
    </message>
    <message>
        <source>α (direction 1)</source>
        <translation>α（方向 1）</translation>
    </message>
    <message>
        <source>α {alpha}, β {beta}: loss {loss} (nearest grid point)</source>
        <translation>α {alpha}，β {beta}：损失 {loss}（最近的网格点）</translation>
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
    <message>
        <source>▶ Animate paths</source>
        <translation>▶ 播放路径动画</translation>
    </message>
</context>
<context>
    <name>RunControls</name>
    <message>
        <source>Run {name}</source>
        <translation>运行 {name}</translation>
    </message>
    <message>
        <source>clip</source>
        <translation>梯度裁剪</translation>
    </message>
    <message>
        <source>clip ‖g‖ at c: gradient-norm clipping of the scaled gradient (torch&apos;s clip_grad_norm_); 0 = off (zero (off) or positive, up to 1e12)</source>
        <translation>将 ‖g‖ 裁剪至 c：对缩放后的梯度做梯度范数裁剪（torch 的 clip_grad_norm_）；0 = 关闭（零（关闭）或正数，不超过 1e12）</translation>
    </message>
    <message>
        <source>decay</source>
        <translation>衰减方式</translation>
    </message>
    <message>
        <source>learning rate γ: the step size: θ moves by γ times the optimizer&apos;s direction (a positive number up to 1e10)</source>
        <translation>学习率 γ：步长：θ 沿优化器给出的方向移动 γ 倍（不超过 1e10 的正数）</translation>
    </message>
    <message>
        <source>loss scale s: the loss is multiplied by s, so the gradient the optimizer sees is s·∇f (a positive number from 1e-60 to 1e60)</source>
        <translation>损失缩放 s：损失乘以 s，因此优化器看到的梯度是 s·∇f（1e-60 到 1e60 之间的正数）</translation>
    </message>
    <message>
        <source>loss ×</source>
        <translation>损失 ×</translation>
    </message>
    <message>
        <source>lr</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <source>weight decay λ: pulls θ towards 0: g ← g + λθ (coupled L2); AdamW shrinks θ ← θ(1 − γλ) instead (zero or positive, up to 1e6)</source>
        <translation>权重衰减 λ：把 θ 拉向 0：g ← g + λθ（耦合 L2）；AdamW 则改为收缩 θ ← θ(1 − γλ)（零或正数，不超过 1e6）</translation>
    </message>
</context>
<context>
    <name>SetupControls</name>
    <message>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <source>CUDA (checking…)</source>
        <translation>CUDA（检测中…）</translation>
    </message>
    <message>
        <source>CUDA device {number} requested but only {count} present; running on CPU</source>
        <translation>请求了 CUDA 设备 {number}，但只有 {count} 个；在 CPU 上运行</translation>
    </message>
    <message>
        <source>CUDA initialisation failed: {error}</source>
        <translation>CUDA 初始化失败：{error}</translation>
    </message>
    <message>
        <source>CUDA requested but unavailable ({reason}); running on CPU</source>
        <translation>请求了 CUDA 但不可用（{reason}）；在 CPU 上运行</translation>
    </message>
    <message>
        <source>CUDA unavailable: {reason}; training runs on the CPU.</source>
        <translation>CUDA 不可用：{reason}；训练在 CPU 上运行。</translation>
    </message>
    <message>
        <source>CUDA — unavailable</source>
        <translation>CUDA — 不可用</translation>
    </message>
    <message>
        <source>Model (MLP)</source>
        <translation>模型（MLP）</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>批量大小</translation>
    </message>
    <message>
        <source>batch norm</source>
        <translation>批量归一化</translation>
    </message>
    <message>
        <source>blobs</source>
        <translation>高斯团簇</translation>
    </message>
    <message>
        <source>circles</source>
        <translation>同心圆</translation>
    </message>
    <message>
        <source>constant</source>
        <translation>常数</translation>
    </message>
    <message>
        <source>cosine</source>
        <translation>余弦</translation>
    </message>
    <message>
        <source>coupled (L2)</source>
        <translation>耦合（L2）</translation>
    </message>
    <message>
        <source>decoupled (AdamW)</source>
        <translation>解耦（AdamW）</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>depth</source>
        <translation>深度</translation>
    </message>
    <message>
        <source>device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>digits</source>
        <translation>手写数字</translation>
    </message>
    <message>
        <source>dropout</source>
        <translation>暂退法</translation>
    </message>
    <message>
        <source>full batch</source>
        <translation>全批量</translation>
    </message>
    <message>
        <source>he</source>
        <translation>He 初始化</translation>
    </message>
    <message>
        <source>init</source>
        <translation>初始化</translation>
    </message>
    <message>
        <source>moons</source>
        <translation>双月</translation>
    </message>
    <message>
        <source>regression-1d</source>
        <translation>一维回归</translation>
    </message>
    <message>
        <source>samples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>spirals</source>
        <translation>螺旋</translation>
    </message>
    <message>
        <source>step</source>
        <translation>阶梯</translation>
    </message>
    <message>
        <source>task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>this torch build ({version}) has no CUDA support</source>
        <translation>此 torch 版本（{version}）不支持 CUDA</translation>
    </message>
    <message>
        <source>torch sees no CUDA device (no GPU, or its driver is missing)</source>
        <translation>torch 找不到 CUDA 设备（没有 GPU，或缺少其驱动）</translation>
    </message>
    <message>
        <source>width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>xavier</source>
        <translation>Xavier 初始化</translation>
    </message>
    <message>
        <source>xor</source>
        <translation>异或</translation>
    </message>
    <message>
        <source>{count} CUDA device(s): {name}</source>
        <translation>{count} 个 CUDA 设备：{name}</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source> (exactly 0)</source>
        <translation>（恰好为 0）</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>曲线</translation>
    </message>
    <message>
        <source>Draw an exponential moving average (α = 0.05) over the faint raw loss</source>
        <translation>在浅色的原始损失上绘制指数移动平均（α = 0.05）</translation>
    </message>
    <message>
        <source>Landscape</source>
        <translation>地形</translation>
    </message>
    <message>
        <source>a file without extension</source>
        <translation>没有扩展名的文件</translation>
    </message>
    <message>
        <source>cannot export a view that has not been laid out yet</source>
        <translation>无法导出尚未完成布局的视图</translation>
    </message>
    <message>
        <source>cannot export to {path}: the folder {folder} does not exist</source>
        <translation>无法导出到 {path}：文件夹 {folder} 不存在</translation>
    </message>
    <message>
        <source>cannot export to {path}: {error}</source>
        <translation>无法导出到 {path}：{error}</translation>
    </message>
    <message>
        <source>diverged at step {step}</source>
        <translation>第 {step} 步发散</translation>
    </message>
    <message>
        <source>export as .png or .svg, not {suffix}</source>
        <translation>请导出为 .png 或 .svg，而不是 {suffix}</translation>
    </message>
    <message>
        <source>export size must be between 16 and {most} pixels a side, got {size}</source>
        <translation>导出尺寸每边必须在 16 到 {most} 像素之间，实际为 {size}</translation>
    </message>
    <message>
        <source>export size must be two whole numbers (width, height), got {size}</source>
        <translation>导出尺寸必须是两个整数（宽，高），实际为 {size}</translation>
    </message>
    <message>
        <source>loading torch…</source>
        <translation>正在加载 torch…</translation>
    </message>
    <message>
        <source>loss {loss} · lr {lr}</source>
        <translation>损失 {loss} · 学习率 {lr}</translation>
    </message>
    <message>
        <source>smooth mini-batch loss (EMA)</source>
        <translation>平滑小批量损失（EMA）</translation>
    </message>
    <message>
        <source>step {step} / {total} · {rate} steps/s · ‖θA − θB‖ = {distance}{exact}</source>
        <translation>第 {step} / {total} 步 · {rate} 步/秒 · ‖θA − θB‖ = {distance}{exact}</translation>
    </message>
    <message>
        <source>the PNG could not be written</source>
        <translation>无法写入 PNG</translation>
    </message>
    <message>
        <source>the SVG could not be written</source>
        <translation>无法写入 SVG</translation>
    </message>
    <message>
        <source>torch {version} ready ({seconds} s to load)</source>
        <translation>torch {version} 已就绪（加载用时 {seconds} 秒）</translation>
    </message>
    <message>
        <source>{run} stalled: accuracy at chance ({chance} %; measured {measured}) for the last {span} steps</source>
        <translation>{run} 停滞：最近 {span} 步的准确率处于随机水平（{chance} %；实测 {measured}）</translation>
    </message>
</context>
<context>
    <name>TrainingPlots</name>
    <message>
        <source> (decoupled)</source>
        <translation>（解耦）</translation>
    </message>
    <message>
        <source> clip=</source>
        <translation> 裁剪=</translation>
    </message>
    <message>
        <source> cosine</source>
        <translation> 余弦调度</translation>
    </message>
    <message>
        <source> loss×</source>
        <translation> 损失×</translation>
    </message>
    <message>
        <source> lr=</source>
        <translation> 学习率=</translation>
    </message>
    <message>
        <source> step</source>
        <translation> 阶梯调度</translation>
    </message>
    <message>
        <source> wd=</source>
        <translation> 权重衰减=</translation>
    </message>
    <message>
        <source>R²: train —, test - -</source>
        <translation>R²：训练 —，测试 - -</translation>
    </message>
    <message>
        <source>accuracy: train —, test - -</source>
        <translation>准确率：训练 —，测试 - -</translation>
    </message>
    <message>
        <source>layer (1 = input side)</source>
        <translation>层（1 = 输入侧）</translation>
    </message>
    <message>
        <source>loss {a} {b}: batch EMA (raw faint) —, test - -</source>
        <translation>损失 {a} {b}：批量 EMA（浅色为原始值）—，测试 - -</translation>
    </message>
    <message>
        <source>loss {a} {b}: batch —, test - -</source>
        <translation>损失 {a} {b}：批量 —，测试 - -</translation>
    </message>
    <message>
        <source>{dim}-D inputs: no 2-D decision
boundary to draw (see the Landscape tab)</source>
        <translation>{dim} 维输入：无法绘制二维决策
边界（见“地形”标签页）</translation>
    </message>
    <message>
        <source>{run} diverged at step {step}</source>
        <translation>{run} 在第 {step} 步发散</translation>
    </message>
    <message>
        <source>‖∇L‖ per layer: {a} {b} · dots: A, step 1</source>
        <translation>各层 ‖∇L‖：{a} {b} · 点：A，第 1 步</translation>
    </message>
</context>
<context>
    <name>TrainingWorker</name>
    <message>
        <source>the network is too large to record its parameter path</source>
        <translation>网络过大，无法记录其参数路径</translation>
    </message>
    <message>
        <source>torch could not start: {error}</source>
        <translation>torch 无法启动：{error}</translation>
    </message>
</context>
</TS>
