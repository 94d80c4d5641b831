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
    <name>EngineNote</name>
    <message>
        <source>Compiling the optimizer engine (first start only, up to ~30 s)…</source>
        <translation>正在编译优化器引擎（仅首次启动，最长约 30 s）…</translation>
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
        <source> px</source>
        <translation> 像素</translation>
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
        <source>1280 × 720</source>
        <translation>1280 × 720</translation>
    </message>
    <message>
        <source>1920 × 1080 (Full HD)</source>
        <translation>1920 × 1080（全高清）</translation>
    </message>
    <message>
        <source>2560 × 1440</source>
        <translation>2560 × 1440</translation>
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
        <source>Loss-curve inset in the map&apos;s corner</source>
        <translation>在图的角落嵌入损失曲线</translation>
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
        <source>PNG and SVG picture the {tab} tab, the one you are looking at; animations and data export the race.</source>
        <translation>PNG 和 SVG 导出你正在查看的“{tab}”标签页；动画和数据导出竞速。</translation>
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
        <source>State plots of Inside the optimizer (PNG and SVG)</source>
        <translation>“优化器内部”的状态图（PNG 和 SVG）</translation>
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
        <source>Title (the scene&apos;s) above the map</source>
        <translation>在图上方显示（场景的）标题</translation>
    </message>
    <message>
        <source>Transparent background</source>
        <translation>透明背景</translation>
    </message>
    <message>
        <source>Vectors at the heads, as Inside the optimizer shows them</source>
        <translation>在各路径端点画出向量，与“优化器内部”所示相同</translation>
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
        <source>current</source>
        <translation>当前</translation>
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
    <name>HintStrip</name>
    <message>
        <source>Drag the lr × and loss × sliders and watch every optimizer react · click the map to move the start · Space plays the race · Presets has ready-made lessons · F1 lists the keys</source>
        <translation>拖动“学习率 ×”和“损失 ×”滑块，观察每个优化器的反应 · 点击图可移动起点 · 空格键播放竞速 · “预设”菜单中有现成的课程 · F1 列出所有按键</translation>
    </message>
    <message>
        <source>Got it</source>
        <translation>知道了</translation>
    </message>
    <message>
        <source>Hide this hint; it is not shown again</source>
        <translation>隐藏此提示，之后不再显示</translation>
    </message>
</context>
<context>
    <name>InsideDock</name>
    <message>
        <source>Inside the optimizer</source>
        <translation>优化器内部</translation>
    </message>
    <message>
        <source>Predict first: the optimizer&apos;s insides show once the question is answered or skipped.</source>
        <translation>先预测：回答或跳过问题之后，才会显示“优化器内部”。</translation>
    </message>
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
    <name>InsideModel</name>
    <message>
        <source>the optimizer state could not be computed: {error}</source>
        <translation>无法计算优化器状态：{error}</translation>
    </message>
</context>
<context>
    <name>LandscapeMap</name>
    <message>
        <source>not computed yet</source>
        <translation>尚未计算</translation>
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
        <source>α (direction 1)</source>
        <translation>α（方向 1）</translation>
    </message>
    <message>
        <source>β (direction 2)</source>
        <translation>β（方向 2）</translation>
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
        <source>f (log scale)</source>
        <translation>f（对数刻度）</translation>
    </message>
    <message>
        <source>filter-normalised random</source>
        <translation>滤波器归一化的随机方向</translation>
    </message>
    <message>
        <source>ghost: the same run with the global lr × and loss × factors at 1</source>
        <translation>虚影：同一运行，全局学习率 × 与损失 × 因子均为 1</translation>
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
        <source>top-2 Hessian eigenvectors</source>
        <translation>黑塞矩阵的前 2 个特征向量</translation>
    </message>
    <message>
        <source>when training pauses</source>
        <translation>训练暂停时</translation>
    </message>
    <message>
        <source>{colour_scale}; hatched grey: f undefined</source>
        <translation>{colour_scale}；灰色斜线：f 无定义</translation>
    </message>
    <message>
        <source>{definition} (View ▸ Show ghosts hides them).</source>
        <translation>{definition}（视图 ▸ 显示虚影 可隐藏它们）。</translation>
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
        <source>{run}: no finite point to project</source>
        <translation>{run}：没有可投影的有限点</translation>
    </message>
    <message>
        <source>α {alpha}, β {beta}: loss {loss} (nearest grid point)</source>
        <translation>α {alpha}，β {beta}：损失 {loss}（最近的网格点）</translation>
    </message>
    <message>
        <source>▶ Animate paths</source>
        <translation>▶ 播放路径动画</translation>
    </message>
</context>
<context>
    <name>LessonController</name>
    <message>
        <source>*Predict first:* answer the question below (or skip it). The run, this step&apos;s title and text and its measured numbers follow.</source>
        <translation>*先预测：* 回答下面的问题（或跳过）。之后才会运行，并显示本步的标题、文字和测得的数值。</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Lesson not opened</source>
        <translation>未打开课程</translation>
    </message>
    <message>
        <source>Lesson: {title}</source>
        <translation>课程：{title}</translation>
    </message>
    <message>
        <source>Measured here, {failing} of this step&apos;s claims did not hold ({first}): read its numbers with care.</source>
        <translation>在此测得：本步有 {failing} 条断言不成立（{first}）：请谨慎解读其中的数值。</translation>
    </message>
    <message>
        <source>No lesson called {name}; choose one of: {names}</source>
        <translation>没有名为 {name} 的课程；可选：{names}</translation>
    </message>
    <message>
        <source>Step {number}</source>
        <translation>第 {number} 步</translation>
    </message>
    <message>
        <source>The numbers of this step could not be measured: {error}</source>
        <translation>本步的数值无法测得：{error}</translation>
    </message>
    <message>
        <source>{file}: cannot be read ({reason})</source>
        <translation>{file}：无法读取（{reason}）</translation>
    </message>
</context>
<context>
    <name>LessonHandout</name>
    <message>
        <source>Answer:</source>
        <translation>答案：</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Handout not written: {error}</source>
        <translation>讲义未写入：{error}</translation>
    </message>
    <message>
        <source>No lesson is open</source>
        <translation>没有打开的课程</translation>
    </message>
    <message>
        <source>Predict:</source>
        <translation>预测：</translation>
    </message>
    <message>
        <source>Preparing the handout…</source>
        <translation>正在准备讲义…</translation>
    </message>
    <message>
        <source>Preparing the slides…</source>
        <translation>正在准备幻灯片…</translation>
    </message>
    <message>
        <source>Slides not written: {error}</source>
        <translation>幻灯片未写入：{error}</translation>
    </message>
    <message>
        <source>cannot write {path}</source>
        <translation>无法写入 {path}</translation>
    </message>
    <message>
        <source>losslab lesson</source>
        <translation>losslab 课程</translation>
    </message>
    <message>
        <source>the PDF writer produced nothing at {path}</source>
        <translation>PDF 写入器没有在 {path} 生成任何内容</translation>
    </message>
    <message>
        <source>{lesson} — step {number} of {count}</source>
        <translation>{lesson} — 第 {number} 步，共 {count} 步</translation>
    </message>
</context>
<context>
    <name>LessonPanel</name>
    <message>
        <source>Jump to a step</source>
        <translation>跳到某一步</translation>
    </message>
    <message>
        <source>Leave lesson</source>
        <translation>退出课程</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>下一步 ▶</translation>
    </message>
    <message>
        <source>Step {number} of {count}</source>
        <translation>第 {number} 步，共 {count} 步</translation>
    </message>
    <message>
        <source>◀ Back</source>
        <translation>◀ 上一步</translation>
    </message>
</context>
<context>
    <name>LessonsMenu</name>
    <message>
        <source>&amp;Leave lesson</source>
        <translation>退出课程(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Lessons</source>
        <translation>课程(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Open lesson file…</source>
        <translation>打开课程文件(&amp;O)…</translation>
    </message>
    <message>
        <source>(no lessons found)</source>
        <translation>（未找到课程）</translation>
    </message>
    <message>
        <source>Export &amp;handout (PDF)…</source>
        <translation>导出讲义 (PDF)(&amp;H)…</translation>
    </message>
    <message>
        <source>Export &amp;slides (PNG folder)…</source>
        <translation>导出幻灯片（PNG 文件夹）(&amp;S)…</translation>
    </message>
    <message>
        <source>Export cancelled; nothing was written</source>
        <translation>导出已取消；未写入任何文件</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Export handout</source>
        <translation>导出讲义</translation>
    </message>
    <message>
        <source>Export slides into folder</source>
        <translation>将幻灯片导出到文件夹</translation>
    </message>
    <message>
        <source>Exported {pages} pages to {where}</source>
        <translation>已导出 {pages} 页到 {where}</translation>
    </message>
    <message>
        <source>Open lesson</source>
        <translation>打开课程</translation>
    </message>
    <message>
        <source>losslab lessons (*.json);;All files (*)</source>
        <translation>losslab 课程 (*.json);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>LossInset</name>
    <message>
        <source>loss by step</source>
        <translation>损失随步数变化</translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>loss (log)</source>
        <translation>损失（对数）</translation>
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
    <message>
        <source>step — loss ≤ {floor} drawn at {floor}</source>
        <translation>步 — 损失 ≤ {floor} 时画在 {floor}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Dark theme (screen)</source>
        <translation>深色主题（屏幕）(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
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
        <source>&amp;Hide the controls</source>
        <translation>隐藏控制栏(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Inside the optimizer</source>
        <translation>优化器内部(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
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
        <source>&amp;Presentation mode (full screen, larger text)</source>
        <translation>演示模式（全屏，放大文字）(&amp;P)</translation>
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
        <source>&amp;Redo scene change</source>
        <translation>重做场景更改(&amp;R)</translation>
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
        <source>&amp;Undo scene change</source>
        <translation>撤销场景更改(&amp;U)</translation>
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
        <source>Nothing to redo</source>
        <translation>没有可重做的更改</translation>
    </message>
    <message>
        <source>Nothing to undo</source>
        <translation>没有可撤销的更改</translation>
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
        <source>Quit losslab?</source>
        <translation>退出 losslab？</translation>
    </message>
    <message>
        <source>Quitting now stops {work} in progress. Quit anyway?</source>
        <translation>现在退出会中止正在进行的{work}。仍要退出吗？</translation>
    </message>
    <message>
        <source>Race</source>
        <translation>竞速</translation>
    </message>
    <message>
        <source>Redone</source>
        <translation>已重做</translation>
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
        <source>Undone</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>a training run</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>an export</source>
        <translation>导出</translation>
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
        <source>{first} and {second}</source>
        <translation>{first}和{second}</translation>
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
        <source>the value must be above {low} and at most {high}</source>
        <translation>数值必须大于 {low} 且不超过 {high}</translation>
    </message>
    <message>
        <source>the value must be finite</source>
        <translation>数值必须是有限的</translation>
    </message>
    <message>
        <source>the value must be from {low} to {high}</source>
        <translation>数值必须在 {low} 到 {high} 之间</translation>
    </message>
</context>
<context>
    <name>OptimizerPanel</name>
    <message>
        <source>AdaGrad&apos;s learning-rate decay</source>
        <translation>AdaGrad 的学习率衰减</translation>
    </message>
    <message>
        <source>Add an {optimizer} run with γ = {lr} and its other defaults to the race; select it in the list to change them</source>
        <translation>向竞速中添加一个 {optimizer} 运行（γ = {lr}，其余为默认值）；在列表中选中它即可修改</translation>
    </message>
    <message>
        <source>Add {optimizer} (γ = {lr})</source>
        <translation>添加 {optimizer}（γ = {lr}）</translation>
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
        <source>Remove the selected optimizer from the race</source>
        <translation>从竞速中移除选中的优化器</translation>
    </message>
    <message>
        <source>The optimizers in the race: tick to show, select one to edit it below</source>
        <translation>参加竞速的优化器：勾选以显示，选中一个可在下方编辑</translation>
    </message>
    <message>
        <source>The update rule of the selected optimizer (its equation is shown below)</source>
        <translation>选中优化器的更新规则（其公式显示在下方）</translation>
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
        <source>{help} (valid: {rule})</source>
        <translation>{help}（有效值：{rule}）</translation>
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
        <source>Answer the question (or skip it) to run</source>
        <translation>回答问题（或跳过）后才能运行</translation>
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
        <source>step {step} / {steps}</source>
        <translation>第 {step} / {steps} 步</translation>
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
    <name>QuestionWidget</name>
    <message>
        <source>Lock in my prediction and run</source>
        <translation>锁定我的预测并运行</translation>
    </message>
    <message>
        <source>Not quite.</source>
        <translation>不太对。</translation>
    </message>
    <message>
        <source>Predict:</source>
        <translation>预测：</translation>
    </message>
    <message>
        <source>Right.</source>
        <translation>答对了。</translation>
    </message>
    <message>
        <source>Run without predicting</source>
        <translation>不预测，直接运行</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>The answer: {answer}.</source>
        <translation>答案：{answer}。</translation>
    </message>
    <message>
        <source>measuring…</source>
        <translation>正在测量…</translation>
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
    <name>ScaleMapControls</name>
    <message>
        <source> decades</source>
        <translation> 个数量级</translation>
    </message>
    <message>
        <source>1e-12 … 1e2 (ε regime)</source>
        <translation>1e-12 … 1e2（ε 主导区）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cells per map: learning rates × loss scales</source>
        <translation>每张图的格子数：学习率 × 损失缩放</translation>
    </message>
    <message>
        <source>Decades of learning rate either side of each optimizer&apos;s own</source>
        <translation>在各优化器自身学习率两侧各取的数量级数</translation>
    </message>
    <message>
        <source>Not started: this map needs about {memory} of memory ({cells} cells × {steps} steps) but this machine has {total}; choose fewer cells or optimizers.</source>
        <translation>未开始：这张图约需 {memory} 内存（{cells} 个格子 × {steps} 步），而本机只有 {total}；请减少格子数或优化器数。</translation>
    </message>
    <message>
        <source>Not started: this map would take about {time} ({cells} cells × {steps} steps). Change a setting to start another.</source>
        <translation>未开始：这张图约需 {time}（{cells} 个格子 × {steps} 步）。更改任一设置可重新开始。</translation>
    </message>
    <message>
        <source>Start a long sweep?</source>
        <translation>开始耗时较长的扫描？</translation>
    </message>
    <message>
        <source>Steps each cell runs</source>
        <translation>每个格子运行的步数</translation>
    </message>
    <message>
        <source>Stop this sweep; it starts again when a setting changes</source>
        <translation>停止本次扫描；更改任一设置后会重新开始</translation>
    </message>
    <message>
        <source>The loss scales across each map</source>
        <translation>每张图横轴上的损失缩放范围</translation>
    </message>
    <message>
        <source>This scale map will take about {time} ({cells} cells × {steps} steps) and about {memory} of memory. Start it?</source>
        <translation>这张缩放图约需 {time}（{cells} 个格子 × {steps} 步），内存约 {memory}。要开始吗？</translation>
    </message>
    <message>
        <source>What the colour shows: the final loss, or the distance to the nearest minimum (surfaces with known minima)</source>
        <translation>颜色表示的量：最终损失，或到最近极小值的距离（仅限极小值已知的曲面）</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>cells</source>
        <translation>格子</translation>
    </message>
    <message>
        <source>colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>computing {optimizers} × {n}² × {steps} steps… %p%</source>
        <translation>正在计算 {optimizers} × {n}² × {steps} 步… %p%</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>failed: {message}</source>
        <translation>失败：{message}</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>loss scale</source>
        <translation>损失缩放</translation>
    </message>
    <message>
        <source>lr ±</source>
        <translation>学习率 ±</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>步数</translation>
    </message>
</context>
<context>
    <name>ScaleMapView</name>
    <message>
        <source>0 (exact)</source>
        <translation>0（精确）</translation>
    </message>
    <message>
        <source>Cells at exactly 0: values of 0 shown at {floor}.</source>
        <translation>恰好为 0 的格子：数值 0 按 {floor} 显示。</translation>
    </message>
    <message>
        <source>Click a cell to open that run.</source>
        <translation>点击格子可打开该次运行。</translation>
    </message>
    <message>
        <source>The factor s of the read-out below</source>
        <translation>下方读数中的因子 s</translation>
    </message>
    <message>
        <source>Vermillion line ({optimizer}): the stability limit γ·s·λmax = {formula}, λmax = {lam} at the start point (the curvature varies: a guide); above it the linearised step grows.</source>
        <translation>朱红色线（{optimizer}）：稳定性极限 γ·s·λmax = {formula}，λmax = {lam} 取自起点（曲率随位置变化：仅作参考）；线的上方线性化的步长会不断增大。</translation>
    </message>
    <message>
        <source>Vermillion line ({optimizer}): the stability limit γ·s·λmax = {formula}, λmax = {lam} constant on this surface; above it the linearised step grows.</source>
        <translation>朱红色线（{optimizer}）：稳定性极限 γ·s·λmax = {formula}，λmax = {lam}，在此曲面上为常数；线的上方线性化的步长会不断增大。</translation>
    </message>
    <message>
        <source>colour: {metric} from {low} (dark) to {high} (yellow), log scale; the percentiles {p_low} to {p_high} of the cells that did not diverge (beyond them clipped), shared by all maps; red: diverged ({diverged} of {cells} cells); dashed: constant lr × scale; +: the optimizer&apos;s own setting (its cell holds it exactly); {steps} steps.</source>
        <translation>颜色：{metric}，从 {low}（深色）到 {high}（黄色），对数刻度；取未发散格子的第 {p_low} 到第 {p_high} 百分位（超出部分截断），所有图共用；红色：已发散（{cells} 个格子中的 {diverged} 个）；虚线：学习率 × 缩放为常数；+：该优化器自身的设置（其所在格子恰好就是该设置）；{steps} 步。</translation>
    </message>
    <message>
        <source>colour: {metric} from {low} (dark) to {high} (yellow); the percentiles {p_low} to {p_high} of the cells that did not diverge (beyond them clipped), shared by all maps; red: diverged ({diverged} of {cells} cells); dashed: constant lr × scale; +: the optimizer&apos;s own setting (its cell holds it exactly); {steps} steps.</source>
        <translation>颜色：{metric}，从 {low}（深色）到 {high}（黄色）；取未发散格子的第 {p_low} 到第 {p_high} 百分位（超出部分截断），所有图共用；红色：已发散（{cells} 个格子中的 {diverged} 个）；虚线：学习率 × 缩放为常数；+：该优化器自身的设置（其所在格子恰好就是该设置）；{steps} 步。</translation>
    </message>
    <message>
        <source>different runs (diverged: {first} vs {second})</source>
        <translation>两次运行不同（发散于：{first} 对比 {second}）</translation>
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
        <source>log₁₀ {metric}</source>
        <translation>log₁₀ {metric}</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>step {step}</source>
        <translation>第 {step} 步</translation>
    </message>
    <message>
        <source>{distance}: rounding amplified by chaotic dynamics (equal to rounding until step {step}, then apart; the same run in exact arithmetic)</source>
        <translation>{distance}：舍入误差被混沌动力学放大（直到第 {step} 步都只差舍入误差，之后分开；在精确算术下是同一次运行）</translation>
    </message>
    <message>
        <source>{optimizer}: lr = {lr}, s = {s}, diverged at step {step}</source>
        <translation>{optimizer}：lr = {lr}，s = {s}，第 {step} 步发散</translation>
    </message>
    <message>
        <source>{optimizer}: lr = {lr}, s = {s}, final loss = {loss}, did not diverge in {steps} steps</source>
        <translation>{optimizer}：lr = {lr}，s = {s}，最终损失 = {loss}，{steps} 步内未发散</translation>
    </message>
    <message>
        <source>{optimizer}: lr = {lr}, s = {s}, final loss = {loss}, distance to nearest minimum = {distance}, did not diverge in {steps} steps</source>
        <translation>{optimizer}：lr = {lr}，s = {s}，最终损失 = {loss}，到最近极小值的距离 = {distance}，{steps} 步内未发散</translation>
    </message>
    <message>
        <source>≈0 (exact up to float rounding, {distance})</source>
        <translation>≈0（在浮点舍入范围内精确，{distance}）</translation>
    </message>
</context>
<context>
    <name>ScalePanel</name>
    <message>
        <source>Both factors back to 1 (and the lock off)</source>
        <translation>两个因子都恢复为 1（并关闭锁定）</translation>
    </message>
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
        <source>The product of the two factors: for plain SGD only this product matters</source>
        <translation>两个因子的乘积：对普通 SGD 而言只有这个乘积起作用</translation>
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
        <source>a factor must be a positive number, not {value}</source>
        <translation>因子必须是正数，而不是 {value}</translation>
    </message>
    <message>
        <source>could not compute the race: {error}</source>
        <translation>无法计算竞速：{error}</translation>
    </message>
    <message>
        <source>could not save {name}: {error}</source>
        <translation>无法保存 {name}：{error}</translation>
    </message>
    <message>
        <source>steps must be a whole number, not {steps}</source>
        <translation>步数必须是整数，而不是 {steps}</translation>
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
    <name>SetupControls</name>
    <message>
        <source>A classification task&apos;s loss: cross-entropy on the labels, or the square loss on one-hot targets (½ · mean over samples of Σ over classes of (f − y)², as Cohen et al. 2021). Regression always uses MSE.</source>
        <translation>分类任务的损失：基于标签的交叉熵，或基于独热目标的平方损失（对样本取平均的 ½ · Σ 各类 (f − y)²，与 Cohen 等人 2021 相同）。回归始终使用 MSE。</translation>
    </message>
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
        <source>Subtract the training set&apos;s mean input from every input, as Cohen et al. (2021) do.</source>
        <translation>从每个输入中减去训练集的平均输入，与 Cohen 等人（2021）相同。</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>The normal initialisation draws every weight from N(0, σ²), whatever the layer&apos;s size; biases start at 0</source>
        <translation>正态初始化：每个权重都取自 N(0, σ²)，与层的大小无关；偏置从 0 开始</translation>
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
        <source>centre the inputs</source>
        <translation>输入中心化</translation>
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
        <source>cross-entropy</source>
        <translation>交叉熵</translation>
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
        <source>init σ</source>
        <translation>初始化 σ</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>moons</source>
        <translation>双月</translation>
    </message>
    <message>
        <source>normal N(0, σ²)</source>
        <translation>正态 N(0, σ²)</translation>
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
        <source>square (one-hot)</source>
        <translation>平方（独热）</translation>
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
    <name>SharpnessChart</name>
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
        <source>sharpness: λmax(H), Adam λmax(P·H)</source>
        <translation>锐度：λmax(H)，Adam 为 λmax(P·H)</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>weight decay, clipping or a schedule change the step: no fixed bound</source>
        <translation>权重衰减、梯度裁剪或学习率调度会改变步长：没有固定界限</translation>
    </message>
    <message>
        <source>{optimizer} is adaptive: its stability bound is on the preconditioned Hessian (not computed)</source>
        <translation>{optimizer} 是自适应优化器：它的稳定性界限作用于预条件黑塞矩阵（未计算）</translation>
    </message>
    <message>
        <source>{optimizer}: (2+2β₁)/((1−β₁)·η) = {bound} bounds the preconditioned sharpness λmax(P·H) drawn, P = 1/(√v+ε) rebuilt from full-batch gradients at the recorded points{batch}</source>
        <translation>{optimizer}：(2+2β₁)/((1−β₁)·η) = {bound} 界定图中的预条件锐度 λmax(P·H)，P = 1/(√v+ε) 由记录点处的全批量梯度重建{batch}</translation>
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
        <source>λmax {value} at step {step}</source>
        <translation>第 {step} 步 λmax 为 {value}</translation>
    </message>
    <message>
        <source>λmax(P·H) {value} at step {step}</source>
        <translation>第 {step} 步 λmax(P·H) 为 {value}</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Enter / Esc (in a field)</source>
        <translation>回车键 / Esc（在输入框中）</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Shift + drag a slider</source>
        <translation>Shift + 拖动滑块</translation>
    </message>
    <message>
        <source>back to step 0 / to the last step</source>
        <translation>回到第 0 步 / 跳到最后一步</translation>
    </message>
    <message>
        <source>commit / restore the value; the keys go back to the map</source>
        <translation>确认 / 恢复数值；按键交还给图</translation>
    </message>
    <message>
        <source>export the tab you are looking at</source>
        <translation>导出当前查看的标签页</translation>
    </message>
    <message>
        <source>fine values instead of 1-2-5</source>
        <translation>细调数值，而不是 1-2-5</translation>
    </message>
    <message>
        <source>hide / show the controls column</source>
        <translation>隐藏 / 显示控制栏</translation>
    </message>
    <message>
        <source>inside the optimizer: vectors on the map, the selected run&apos;s state, step by step</source>
        <translation>优化器内部：地图上的向量、所选运行的状态、逐步讲解</translation>
    </message>
    <message>
        <source>keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>one 1-2-5 value up / down (Page Up/Down: a decade)</source>
        <translation>上 / 下一个 1-2-5 值（上翻页 / 下翻页键：一个数量级）</translation>
    </message>
    <message>
        <source>one step back / forward</source>
        <translation>后退 / 前进一步</translation>
    </message>
    <message>
        <source>open / close this list</source>
        <translation>打开 / 关闭此列表</translation>
    </message>
    <message>
        <source>open / save a scene</source>
        <translation>打开 / 保存场景</translation>
    </message>
    <message>
        <source>play / pause the race</source>
        <translation>播放 / 暂停竞速</translation>
    </message>
    <message>
        <source>presentation mode: full screen, larger text and lines</source>
        <translation>演示模式：全屏，更大的文字和线条</translation>
    </message>
    <message>
        <source>quit (asks first while training or exporting)</source>
        <translation>退出（训练或导出进行中时会先询问）</translation>
    </message>
    <message>
        <source>reset the map&apos;s zoom</source>
        <translation>重置图的缩放</translation>
    </message>
    <message>
        <source>show / hide the ghosts (each optimizer at its own lr and scale)</source>
        <translation>显示 / 隐藏虚影（各优化器按自身学习率与缩放）</translation>
    </message>
    <message>
        <source>undo / redo a scene change</source>
        <translation>撤销 / 重做场景更改</translation>
    </message>
    <message>
        <source>what they do</source>
        <translation>作用</translation>
    </message>
    <message>
        <source>↑ / ↓ on a slider</source>
        <translation>滑块上的 ↑ / ↓</translation>
    </message>
</context>
<context>
    <name>StatePanel</name>
    <message>
        <source>Inside the optimizer: waiting for the race…</source>
        <translation>优化器内部：等待竞速…</translation>
    </message>
    <message>
        <source>b (momentum)</source>
        <translation>b（动量）</translation>
    </message>
    <message>
        <source>effective lr</source>
        <translation>有效学习率</translation>
    </message>
    <message>
        <source>stability</source>
        <translation>稳定性</translation>
    </message>
    <message>
        <source>stability vs limit</source>
        <translation>稳定性与极限</translation>
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
        <source>v̂ (bias-corrected v)</source>
        <translation>v̂（偏差修正后的 v）</translation>
    </message>
    <message>
        <source>{name} — step t = {t} of {total} (from θ at step {step})</source>
        <translation>{name} — 第 t = {t} 步，共 {total} 步（从第 {step} 步的 θ 出发）</translation>
    </message>
    <message>
        <source>{name} — step {step} of {total}: no further step ({reason})</source>
        <translation>{name} — 第 {step} 步，共 {total} 步：没有下一步（{reason}）</translation>
    </message>
    <message>
        <source>{quantity} = {value}  (limit {formula} = {limit})</source>
        <translation>{quantity} = {value}（极限 {formula} = {limit}）</translation>
    </message>
    <message>
        <source>{quantity} = {value}  (limit {limit})</source>
        <translation>{quantity} = {value}（极限 {limit}）</translation>
    </message>
    <message>
        <source>{quantity} vs limit {limit}</source>
        <translation>{quantity} 与极限 {limit}</translation>
    </message>
    <message>
        <source>|{title}| (log)</source>
        <translation>|{title}|（对数）</translation>
    </message>
</context>
<context>
    <name>StatusView</name>
    <message>
        <source>= run {run}: {distance}</source>
        <translation>= 第 {run} 个运行：{distance}</translation>
    </message>
    <message>
        <source>diverged at step {step}</source>
        <translation>第 {step} 步发散</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>left the domain at step {step}</source>
        <translation>第 {step} 步离开定义域</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>same path as</source>
        <translation>路径相同于</translation>
    </message>
    <message>
        <source>state</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>stopped at step {step}</source>
        <translation>第 {step} 步停止</translation>
    </message>
    <message>
        <source>stopped at step {step} (diverged or left the domain)</source>
        <translation>第 {step} 步停止（发散或离开定义域）</translation>
    </message>
    <message>
        <source>to minimum</source>
        <translation>到极小值</translation>
    </message>
    <message>
        <source>{name} (hidden)</source>
        <translation>{name}（已隐藏）</translation>
    </message>
</context>
<context>
    <name>StepView</name>
    <message>
        <source>({note})</source>
        <translation>（{note}）</translation>
    </message>
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
        <source>first step</source>
        <translation>第一步</translation>
    </message>
    <message>
        <source>the race ends here</source>
        <translation>竞速到此结束</translation>
    </message>
    <message>
        <source>the run diverged</source>
        <translation>该次运行已发散</translation>
    </message>
    <message>
        <source>{name} at step {step}: no step {next} ({reason}; {count} steps recorded).</source>
        <translation>{name} 在第 {step} 步：没有第 {next} 步（{reason}；共记录 {count} 步）。</translation>
    </message>
    <message>
        <source>{name} — step t = {t}, from θ at step {step}:</source>
        <translation>{name} — 第 t = {t} 步，从第 {step} 步的 θ 出发：</translation>
    </message>
    <message>
        <source>◀ Prev</source>
        <translation>◀ 上一步</translation>
    </message>
</context>
<context>
    <name>SurfacePanel</name>
    <message>
        <source>Booth</source>
        <translation>Booth 函数</translation>
    </message>
    <message>
        <source>Canyon</source>
        <translation>峡谷</translation>
    </message>
    <message>
        <source>Custom formula…</source>
        <translation>自定义公式…</translation>
    </message>
    <message>
        <source>Height of Rastrigin&apos;s ripples: larger means deeper local minima</source>
        <translation>Rastrigin 波纹的高度：越大，局部极小值越深</translation>
    </message>
    <message>
        <source>Quadratic bowl</source>
        <translation>二次碗</translation>
    </message>
    <message>
        <source>Ratio of the steepest to the flattest curvature: large κ makes a narrow valley</source>
        <translation>最陡与最平方向曲率之比：κ 越大，山谷越窄</translation>
    </message>
    <message>
        <source>Rotates the surface: the valley no longer lines up with the x and y axes</source>
        <translation>旋转曲面：山谷不再与 x、y 轴对齐</translation>
    </message>
    <message>
        <source>Saddle x² − y²</source>
        <translation>鞍面 x² − y²</translation>
    </message>
    <message>
        <source>Surface</source>
        <translation>曲面</translation>
    </message>
    <message>
        <source>The loss surface f(x, y) every optimizer descends</source>
        <translation>每个优化器都在其上下降的损失曲面 f(x, y)</translation>
    </message>
    <message>
        <source>Type your own f(x, y) and press Enter (x^2, sin, exp, log, sqrt, abs …)</source>
        <translation>输入你自己的 f(x, y) 后按回车（x^2、sin、exp、log、sqrt、abs …）</translation>
    </message>
    <message>
        <source>Weight of the first loss in a·L₁ + b·L₂</source>
        <translation>a·L₁ + b·L₂ 中第一个损失的权重</translation>
    </message>
    <message>
        <source>Weight of the second loss in a·L₁ + b·L₂</source>
        <translation>a·L₁ + b·L₂ 中第二个损失的权重</translation>
    </message>
    <message>
        <source>amplitude</source>
        <translation>振幅</translation>
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
<context>
    <name>TrainingModel</name>
    <message>
        <source>a TrainingConfig is needed, got {value}</source>
        <translation>需要一个 TrainingConfig，实际为 {value}</translation>
    </message>
    <message>
        <source>unknown option {name}; known: {known}</source>
        <translation>未知选项 {name}；可用：{known}</translation>
    </message>
    <message>
        <source>unknown run setting {name}; known: {known}</source>
        <translation>未知的运行设置 {name}；可用：{known}</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
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
        <source>batch loss {loss} · lr {lr}</source>
        <translation>批量损失 {loss} · 学习率 {lr}</translation>
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
        <source>smooth mini-batch loss (EMA)</source>
        <translation>平滑小批量损失（EMA）</translation>
    </message>
    <message>
        <source>step {step} / {total} · {rate} steps/s · ‖θA − θB‖ = 0 (exactly 0)</source>
        <translation>第 {step} / {total} 步 · {rate} 步/秒 · ‖θA − θB‖ = 0（恰好为 0）</translation>
    </message>
    <message>
        <source>step {step} / {total} · {rate} steps/s · ‖θA − θB‖ = {distance}</source>
        <translation>第 {step} / {total} 步 · {rate} 步/秒 · ‖θA − θB‖ = {distance}</translation>
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
    <message>
        <source>unexpected error ({kind}): {error}</source>
        <translation>意外错误（{kind}）：{error}</translation>
    </message>
</context>
<context>
    <name>VectorOverlay</name>
    <message>
        <source>all arrows: vector × {scale}</source>
        <translation>所有箭头：向量 × {scale}</translation>
    </message>
    <message>
        <source>buffer b / Adam&apos;s m</source>
        <translation>缓冲 b / Adam 的 m</translation>
    </message>
    <message>
        <source>step Δθ</source>
        <translation>步 Δθ</translation>
    </message>
    <message>
        <source>−s∇f (downhill)</source>
        <translation>−s∇f（下坡）</translation>
    </message>
</context>
<context>
    <name>core.claims</name>
    <message>
        <source>&apos;bound&apos; must be a positive number</source>
        <translation>&apos;bound&apos; 必须是正数</translation>
    </message>
    <message>
        <source>&apos;claims&apos; must be a list</source>
        <translation>&apos;claims&apos; 必须是列表</translation>
    </message>
    <message>
        <source>&apos;coord&apos; must be 0 (x) or 1 (y)</source>
        <translation>&apos;coord&apos; 必须是 0 (x) 或 1 (y)</translation>
    </message>
    <message>
        <source>&apos;from&apos; is after &apos;to&apos;</source>
        <translation>&apos;from&apos; 在 &apos;to&apos; 之后</translation>
    </message>
    <message>
        <source>&apos;id&apos; must be a name of letters, digits and _ (not starting with a digit)</source>
        <translation>&apos;id&apos; 必须是由字母、数字和 _ 组成的名称（不以数字开头）</translation>
    </message>
    <message>
        <source>&apos;never&apos; must be true or false</source>
        <translation>&apos;never&apos; 必须是 true 或 false</translation>
    </message>
    <message>
        <source>&apos;point&apos; must be [x, y]</source>
        <translation>&apos;point&apos; 必须是 [x, y]</translation>
    </message>
    <message>
        <source>&apos;point&apos; needs a &apos;radius&apos;</source>
        <translation>&apos;point&apos; 需要 &apos;radius&apos;</translation>
    </message>
    <message>
        <source>&apos;runs&apos; must be a list of two runs</source>
        <translation>&apos;runs&apos; 必须是包含两个运行的列表</translation>
    </message>
    <message>
        <source>&apos;span&apos; must be 1 to {max_span}</source>
        <translation>&apos;span&apos; 必须在 1 到 {max_span} 之间</translation>
    </message>
    <message>
        <source>&apos;step&apos; of a step size must be 1 or more</source>
        <translation>步长的 &apos;step&apos; 必须大于等于 1</translation>
    </message>
    <message>
        <source>&apos;with&apos; must map lr_factor and/or loss_scale to positive numbers</source>
        <translation>&apos;with&apos; 必须把 lr_factor 和/或 loss_scale 映射到正数</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; must be a finite number</source>
        <translation>&apos;{name}&apos; 必须是有限数</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; must be a whole number ≥ 0</source>
        <translation>&apos;{name}&apos; 必须是 ≥ 0 的整数</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; must be text</source>
        <translation>&apos;{name}&apos; 必须是文本</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; {step} is beyond the scene&apos;s {steps} steps</source>
        <translation>&apos;{name}&apos; {step} 超出了场景的 {steps} 步</translation>
    </message>
    <message>
        <source>a run is an optimizer&apos;s index (0, 1, …) or its ghost (&quot;g0&quot;, …), not {value}</source>
        <translation>运行是优化器的序号（0, 1, …）或其虚影（&quot;g0&quot;, …），而不是 {value}</translation>
    </message>
    <message>
        <source>at most {max_claims} claims</source>
        <translation>最多 {max_claims} 条断言</translation>
    </message>
    <message>
        <source>bad formula: {reason}</source>
        <translation>公式有误：{reason}</translation>
    </message>
    <message>
        <source>claim {number} ({kind}): {reason}</source>
        <translation>断言 {number}（{kind}）：{reason}</translation>
    </message>
    <message>
        <source>claim {number} must be an object with a &apos;kind&apos;</source>
        <translation>断言 {number} 必须是带有 &apos;kind&apos; 的对象</translation>
    </message>
    <message>
        <source>claim {number}: {reason}</source>
        <translation>断言 {number}：{reason}</translation>
    </message>
    <message>
        <source>f curves downwards at ({x:g}, {y:g}): no loss scale is stable there</source>
        <translation>f 在 ({x:g}, {y:g}) 处向下弯曲：那里任何损失缩放都不稳定</translation>
    </message>
    <message>
        <source>f is undefined at ({x:g}, {y:g})</source>
        <translation>f 在 ({x:g}, {y:g}) 处没有定义</translation>
    </message>
    <message>
        <source>give either &apos;loss&apos; or &apos;point&apos; (with &apos;radius&apos;)</source>
        <translation>请给出 &apos;loss&apos; 或 &apos;point&apos;（带 &apos;radius&apos;）之一</translation>
    </message>
    <message>
        <source>id {id} is used twice</source>
        <translation>id {id} 使用了两次</translation>
    </message>
    <message>
        <source>missing {missing}</source>
        <translation>缺少 {missing}</translation>
    </message>
    <message>
        <source>run {ref} does not exist (the scene has {count} optimizers)</source>
        <translation>运行 {ref} 不存在（场景有 {count} 个优化器）</translation>
    </message>
    <message>
        <source>run {ref} has no step limit (dampening τ = 1)</source>
        <translation>运行 {ref} 没有稳定性极限（阻尼 τ = 1）</translation>
    </message>
    <message>
        <source>run {ref} is {kind}: a step limit belongs to SGD, Momentum and Nesterov</source>
        <translation>运行 {ref} 是 {kind}：这种稳定性极限只适用于 SGD、动量和 Nesterov</translation>
    </message>
    <message>
        <source>run {ref}&apos;s weight decay alone reaches its step limit: no loss scale is stable</source>
        <translation>运行 {ref} 的权重衰减本身就达到了其稳定性极限：任何损失缩放都不稳定</translation>
    </message>
    <message>
        <source>unknown field(s) {names}</source>
        <translation>未知字段 {names}</translation>
    </message>
    <message>
        <source>unknown kind {kind}</source>
        <translation>未知类型 {kind}</translation>
    </message>
    <message>
        <source>unknown quantity {quantity}; choose one of: {quantities}</source>
        <translation>未知量 {quantity}；请从以下选择：{quantities}</translation>
    </message>
</context>
<context>
    <name>core.export</name>
    <message>
        <source>GIF plays at most {max_fps} frames a second, not {fps}</source>
        <translation>GIF 每秒最多播放 {max_fps} 帧，而不是 {fps}</translation>
    </message>
    <message>
        <source>a GIF of {frames} frames at {width}×{height} would hold about {gigabytes} GB in memory while it is written (at most {limit} GB): choose MP4, a smaller size, a shorter duration or a lower frame rate</source>
        <translation>{frames} 帧、{width}×{height} 的 GIF 在写入时约占 {gigabytes} GB 内存（最多 {limit} GB）：请选择 MP4、更小的尺寸、更短的时长或更低的帧率</translation>
    </message>
    <message>
        <source>a block device</source>
        <translation>块设备</translation>
    </message>
    <message>
        <source>a character device</source>
        <translation>字符设备</translation>
    </message>
    <message>
        <source>a file without an extension</source>
        <translation>没有扩展名的文件</translation>
    </message>
    <message>
        <source>a folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>a named pipe</source>
        <translation>命名管道</translation>
    </message>
    <message>
        <source>a socket</source>
        <translation>套接字</translation>
    </message>
    <message>
        <source>cannot export to {name}: {extension} is not one of {formats}</source>
        <translation>无法导出到 {name}：{extension} 不是 {formats} 之一</translation>
    </message>
    <message>
        <source>cannot write an animation as {shown} (use .gif or .mp4): {name}</source>
        <translation>无法将动画写为 {shown}（请用 .gif 或 .mp4）：{name}</translation>
    </message>
    <message>
        <source>cannot write data as &apos;.{suffix}&apos; (use .csv or .json): {name}</source>
        <translation>无法将数据写为 &apos;.{suffix}&apos;（请用 .csv 或 .json）：{name}</translation>
    </message>
    <message>
        <source>cannot write {path}: folder {folder} does not exist</source>
        <translation>无法写入 {path}：文件夹 {folder} 不存在</translation>
    </message>
    <message>
        <source>cannot write {path}: folder {folder} is not writable</source>
        <translation>无法写入 {path}：文件夹 {folder} 不可写</translation>
    </message>
    <message>
        <source>cannot write {path}: it is a folder</source>
        <translation>无法写入 {path}：它是一个文件夹</translation>
    </message>
    <message>
        <source>no extension</source>
        <translation>没有扩展名</translation>
    </message>
    <message>
        <source>no file extension (use .csv or .json): {name}</source>
        <translation>没有文件扩展名（请用 .csv 或 .json）：{name}</translation>
    </message>
    <message>
        <source>not a plain file</source>
        <translation>不是普通文件</translation>
    </message>
    <message>
        <source>pixel format must be one of {pixel_formats}, not {pixel_format}</source>
        <translation>像素格式必须是 {pixel_formats} 之一，而不是 {pixel_format}</translation>
    </message>
    <message>
        <source>steps are counted from 0; &apos;{text}&apos; has a negative step</source>
        <translation>步从 0 开始计数；&apos;{text}&apos; 含有负的步</translation>
    </message>
    <message>
        <source>steps are written A:B (e.g. 0:300), not &apos;{text}&apos;</source>
        <translation>步范围写作 A:B（例如 0:300），而不是 &apos;{text}&apos;</translation>
    </message>
    <message>
        <source>steps {first}:{last} must lie within 0:{steps}, first ≤ last</source>
        <translation>步 {first}:{last} 必须位于 0:{steps} 之内，且起始 ≤ 结束</translation>
    </message>
    <message>
        <source>the duration must be from 0 to 600 seconds, not {duration}</source>
        <translation>时长必须在 0 到 600 秒之间，而不是 {duration}</translation>
    </message>
    <message>
        <source>the frame rate must be a number, not {fps}</source>
        <translation>帧率必须是数字，而不是 {fps}</translation>
    </message>
    <message>
        <source>the frame rate must be above 0 and at most {max_fps} for {format}, not {fps}</source>
        <translation>帧率必须大于 0 且对 {format} 最多为 {max_fps}，而不是 {fps}</translation>
    </message>
    <message>
        <source>the frame rate must be from {low} to {high} frames a second, not {fps}</source>
        <translation>帧率必须在每秒 {low} 到 {high} 帧之间，而不是 {fps}</translation>
    </message>
    <message>
        <source>the program is ending: nothing more is saved</source>
        <translation>程序正在退出：不再保存任何文件</translation>
    </message>
    <message>
        <source>the scene has no enabled optimizer to export</source>
        <translation>场景中没有可导出的已启用优化器</translation>
    </message>
    <message>
        <source>unknown theme &apos;{theme}&apos;; choose one of: {themes}</source>
        <translation>未知主题 &apos;{theme}&apos;；请从以下选择：{themes}</translation>
    </message>
    <message>
        <source>{path} is not a regular file</source>
        <translation>{path} 不是普通文件</translation>
    </message>
    <message>
        <source>{path} is not a regular file ({kind})</source>
        <translation>{path} 不是普通文件（{kind}）</translation>
    </message>
    <message>
        <source>{path} is too large (more than {limit} bytes)</source>
        <translation>{path} 太大（超过 {limit} 字节）</translation>
    </message>
    <message>
        <source>{path} is too large ({size} bytes; at most {limit})</source>
        <translation>{path} 太大（{size} 字节；最多 {limit}）</translation>
    </message>
</context>
<context>
    <name>core.formula</name>
    <message>
        <source>&apos;{name}&apos; is a function; write {name}(...)</source>
        <translation>&apos;{name}&apos; 是函数；请写作 {name}(...)</translation>
    </message>
    <message>
        <source>a boolean operator</source>
        <translation>布尔运算符</translation>
    </message>
    <message>
        <source>a comparison</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>a comprehension</source>
        <translation>推导式</translation>
    </message>
    <message>
        <source>a conditional</source>
        <translation>条件表达式</translation>
    </message>
    <message>
        <source>a dict</source>
        <translation>字典</translation>
    </message>
    <message>
        <source>a lambda</source>
        <translation>lambda 表达式</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>a set</source>
        <translation>集合</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>字符串</translation>
    </message>
    <message>
        <source>a tuple</source>
        <translation>元组</translation>
    </message>
    <message>
        <source>an assignment</source>
        <translation>赋值</translation>
    </message>
    <message>
        <source>attribute access</source>
        <translation>属性访问</translation>
    </message>
    <message>
        <source>await</source>
        <translation>await</translation>
    </message>
    <message>
        <source>cannot be read: {reason}</source>
        <translation>无法读取：{reason}</translation>
    </message>
    <message>
        <source>divides by zero</source>
        <translation>除以零</translation>
    </message>
    <message>
        <source>divides by zero (0 to a negative power)</source>
        <translation>除以零（0 的负数次幂）</translation>
    </message>
    <message>
        <source>does not describe a number</source>
        <translation>不表示一个数</translation>
    </message>
    <message>
        <source>formula at character {position}: {reason}</source>
        <translation>公式第 {position} 个字符处：{reason}</translation>
    </message>
    <message>
        <source>formula {reason}</source>
        <translation>公式{reason}</translation>
    </message>
    <message>
        <source>has a constant part that is undefined or overflows</source>
        <translation>有一个无定义或溢出的常数部分</translation>
    </message>
    <message>
        <source>has a constant power that is undefined (a negative number to a fractional power is not real)</source>
        <translation>有一个无定义的常数幂（负数的分数次幂不是实数）</translation>
    </message>
    <message>
        <source>has a constant power that overflows (the largest float is about 1.8e308)</source>
        <translation>有一个上溢的常数幂（最大的浮点数约为 1.8e308）</translation>
    </message>
    <message>
        <source>has a constant power too close to zero for a float (it underflows to 0; the smallest is about 5e-324)</source>
        <translation>有一个太接近零的常数幂（下溢为 0；最小约为 5e-324）</translation>
    </message>
    <message>
        <source>has a number with too many digits (the largest is about 1.8e308)</source>
        <translation>有一个位数太多的数（最大约为 1.8e308）</translation>
    </message>
    <message>
        <source>indexing</source>
        <translation>索引</translation>
    </message>
    <message>
        <source>is empty</source>
        <translation>是空的</translation>
    </message>
    <message>
        <source>is nested too deeply (more than {depth} levels)</source>
        <translation>嵌套过深（超过 {depth} 层）</translation>
    </message>
    <message>
        <source>is nested too deeply (more than {depth} parentheses)</source>
        <translation>嵌套过深（超过 {depth} 层括号）</translation>
    </message>
    <message>
        <source>is too long ({length} characters; at most {limit})</source>
        <translation>太长（{length} 个字符；最多 {limit}）</translation>
    </message>
    <message>
        <source>is undefined everywhere (a division by zero or a complex value)</source>
        <translation>处处无定义（除以零或复数值）</translation>
    </message>
    <message>
        <source>must be text</source>
        <translation>必须是文本</translation>
    </message>
    <message>
        <source>nests too many functions and powers inside one another (more than {count})</source>
        <translation>函数和幂相互嵌套太多（超过 {count} 层）</translation>
    </message>
    <message>
        <source>only the functions {functions} may be called</source>
        <translation>只能调用函数 {functions}</translation>
    </message>
    <message>
        <source>the number {number} is too large (the largest is about 1.8e308)</source>
        <translation>数 {number} 太大（最大约为 1.8e308）</translation>
    </message>
    <message>
        <source>the operator {operator} is not allowed; use + - * / ^</source>
        <translation>不允许使用运算符 {operator}；请使用 + - * / ^</translation>
    </message>
    <message>
        <source>unknown function &apos;{name}&apos;; allowed: {functions}</source>
        <translation>未知函数 &apos;{name}&apos;；允许的函数：{functions}</translation>
    </message>
    <message>
        <source>unknown name &apos;{name}&apos;; the variables are x and y, the constants pi and e</source>
        <translation>未知名称 &apos;{name}&apos;；变量是 x 和 y，常数是 pi 和 e</translation>
    </message>
    <message>
        <source>unpacking</source>
        <translation>解包</translation>
    </message>
    <message>
        <source>with thousands of digits</source>
        <translation>有数千位数字</translation>
    </message>
    <message>
        <source>{head}… ({digits} digits)</source>
        <translation>{head}…（{digits} 位数字）</translation>
    </message>
    <message>
        <source>{name}() takes exactly one argument</source>
        <translation>{name}() 只接受一个参数</translation>
    </message>
    <message>
        <source>{type} literal {value} is not allowed; only numbers</source>
        <translation>不允许使用 {type} 字面量 {value}；只能用数字</translation>
    </message>
    <message>
        <source>{what} is not allowed; use numbers, x, y, pi, e, + - * / ^ and {functions}</source>
        <translation>不允许使用{what}；请使用数字、x、y、pi、e、+ - * / ^ 和 {functions}</translation>
    </message>
</context>
<context>
    <name>core.lessons</name>
    <message>
        <source>&apos;id&apos; must be a name of letters, digits, _ and -</source>
        <translation>&apos;id&apos; 必须是由字母、数字、_ 和 - 组成的名称</translation>
    </message>
    <message>
        <source>&apos;steps&apos; must be a list of 1 to {max_steps} steps</source>
        <translation>&apos;steps&apos; 必须是包含 1 到 {max_steps} 个步骤的列表</translation>
    </message>
    <message>
        <source>cannot be read ({reason})</source>
        <translation>无法读取（{reason}）</translation>
    </message>
    <message>
        <source>larger than {megabytes} MB</source>
        <translation>大于 {megabytes} MB</translation>
    </message>
    <message>
        <source>lesson format version {version} is not supported (this losslab reads version {format_version})</source>
        <translation>不支持课程格式版本 {version}（此 losslab 读取版本 {format_version}）</translation>
    </message>
    <message>
        <source>nested too deeply</source>
        <translation>嵌套过深</translation>
    </message>
    <message>
        <source>not UTF-8 text</source>
        <translation>不是 UTF-8 文本</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>不是普通文件</translation>
    </message>
    <message>
        <source>not valid JSON: {reason} (column {column})</source>
        <translation>不是有效的 JSON：{reason}（第 {column} 列）</translation>
    </message>
    <message>
        <source>step {number}</source>
        <translation>第 {number} 步</translation>
    </message>
    <message>
        <source>unknown field {key} in {what}; known: {known}</source>
        <translation>{what} 中有未知字段 {key}；已知字段：{known}</translation>
    </message>
    <message>
        <source>{label}: &apos;about&apos; must be text</source>
        <translation>{label}：&apos;about&apos; 必须是文本</translation>
    </message>
    <message>
        <source>{label}: &apos;id&apos; must be a name of letters, digits and _</source>
        <translation>{label}：&apos;id&apos; 必须是由字母、数字和 _ 组成的名称</translation>
    </message>
    <message>
        <source>{label}: &apos;over&apos; is a value name or {{&quot;measure&quot;, &quot;config&quot;, &quot;value&quot;}}</source>
        <translation>{label}：&apos;over&apos; 是一个值名称或 {{&quot;measure&quot;, &quot;config&quot;, &quot;value&quot;}}</translation>
    </message>
    <message>
        <source>{label}: &apos;over&apos; must be a value name or an object</source>
        <translation>{label}：&apos;over&apos; 必须是值名称或对象</translation>
    </message>
    <message>
        <source>{label}: &apos;value&apos; must be the name of a measured number</source>
        <translation>{label}：&apos;value&apos; 必须是一个测得数值的名称</translation>
    </message>
    <message>
        <source>{label}: &apos;{key}&apos; must be a number</source>
        <translation>{label}：&apos;{key}&apos; 必须是数字</translation>
    </message>
    <message>
        <source>{label}: id {id} is used twice in the step</source>
        <translation>{label}：id {id} 在本步中使用了两次</translation>
    </message>
    <message>
        <source>{label}: missing {key}</source>
        <translation>{label}：缺少 {key}</translation>
    </message>
    <message>
        <source>{label}: unknown field {key}</source>
        <translation>{label}：未知字段 {key}</translation>
    </message>
    <message>
        <source>{what} lacks {key}</source>
        <translation>{what} 缺少 {key}</translation>
    </message>
    <message>
        <source>{what} must be an object</source>
        <translation>{what} 必须是对象</translation>
    </message>
    <message>
        <source>{what} must be non-empty text of at most {limit} characters</source>
        <translation>{what} 必须是非空文本，最多 {limit} 个字符</translation>
    </message>
    <message>
        <source>{what} must be text or {{&quot;en&quot;: ..., &quot;zh_CN&quot;: ...}}</source>
        <translation>{what} 必须是文本或 {{&quot;en&quot;: ..., &quot;zh_CN&quot;: ...}}</translation>
    </message>
    <message>
        <source>{what} needs an English text (&quot;en&quot;)</source>
        <translation>{what} 需要英文文本（&quot;en&quot;）</translation>
    </message>
    <message>
        <source>{what}: &apos;answer&apos; must be the index of a choice, 0 to {choices}, not {answer}</source>
        <translation>{what}：&apos;answer&apos; 必须是选项的序号，0 到 {choices}，而不是 {answer}</translation>
    </message>
    <message>
        <source>{what}: &apos;choices&apos; must be a list of 2 to 6 answers</source>
        <translation>{what}：&apos;choices&apos; 必须是包含 2 到 6 个答案的列表</translation>
    </message>
    <message>
        <source>{what}: &apos;claims&apos; must be a list</source>
        <translation>{what}：&apos;claims&apos; 必须是列表</translation>
    </message>
    <message>
        <source>{what}: &apos;controls&apos; must be a list of control groups</source>
        <translation>{what}：&apos;controls&apos; 必须是控件组的列表</translation>
    </message>
    <message>
        <source>{what}: &apos;scene&apos; must be an object (a scene, or {{&quot;preset&quot;: NAME}})</source>
        <translation>{what}：&apos;scene&apos; 必须是对象（一个场景，或 {{&quot;preset&quot;: NAME}}）</translation>
    </message>
    <message>
        <source>{what}: &apos;views&apos; must be a list, e.g. [&quot;inside&quot;]</source>
        <translation>{what}：&apos;views&apos; 必须是列表，例如 [&quot;inside&quot;]</translation>
    </message>
    <message>
        <source>{what}: a preset scene takes only &apos;training&apos; and &apos;scale_map&apos; besides &apos;preset&apos;, not {key}</source>
        <translation>{what}：预设场景除 &apos;preset&apos; 外只接受 &apos;training&apos; 和 &apos;scale_map&apos;，不接受 {key}</translation>
    </message>
    <message>
        <source>{what}: a twin measure without &apos;config&apos; needs the scene&apos;s &apos;training&apos;</source>
        <translation>{what}：没有 &apos;config&apos; 的孪生测量需要场景的 &apos;training&apos;</translation>
    </message>
    <message>
        <source>{what}: bad scene: {reason}</source>
        <translation>{what}：场景有误：{reason}</translation>
    </message>
    <message>
        <source>{what}: claim {number} ({kind})</source>
        <translation>{what}：断言 {number}（{kind}）</translation>
    </message>
    <message>
        <source>{what}: claim {number} must be an object with a &apos;kind&apos;</source>
        <translation>{what}：断言 {number} 必须是带有 &apos;kind&apos; 的对象</translation>
    </message>
    <message>
        <source>{what}: claim {number}: unknown kind {kind}; choose one of: {names}</source>
        <translation>{what}：断言 {number}：未知类型 {kind}；请从以下选择：{names}</translation>
    </message>
    <message>
        <source>{what}: preset {name} cannot be read ({reason})</source>
        <translation>{what}：无法读取预设 {name}（{reason}）</translation>
    </message>
    <message>
        <source>{what}: the {name} view opens on the {views} tab, not {tab}</source>
        <translation>{what}：{name} 视图在 {views} 标签页上打开，而不是 {tab}</translation>
    </message>
    <message>
        <source>{what}: unknown control group {name}; choose from: {controls}</source>
        <translation>{what}：未知控件组 {name}；请从以下选择：{controls}</translation>
    </message>
    <message>
        <source>{what}: unknown language {key}; use {languages}</source>
        <translation>{what}：未知语言 {key}；请使用 {languages}</translation>
    </message>
    <message>
        <source>{what}: unknown preset {name}; choose one of: {names}</source>
        <translation>{what}：未知预设 {name}；请从以下选择：{names}</translation>
    </message>
    <message>
        <source>{what}: unknown tab {tab}; choose one of: {tabs}</source>
        <translation>{what}：未知标签页 {tab}；请从以下选择：{tabs}</translation>
    </message>
    <message>
        <source>{what}: unknown view {name}; choose from: {views}</source>
        <translation>{what}：未知视图 {name}；请从以下选择：{views}</translation>
    </message>
</context>
<context>
    <name>core.params</name>
    <message>
        <source>a positive number below {high}</source>
        <translation>小于 {high} 的正数</translation>
    </message>
    <message>
        <source>a positive number from {low} to {high}</source>
        <translation>从 {low} 到 {high} 的正数</translation>
    </message>
    <message>
        <source>a positive number up to {high}</source>
        <translation>不超过 {high} 的正数</translation>
    </message>
    <message>
        <source>a whole number from {low} to {high}</source>
        <translation>从 {low} 到 {high} 的整数</translation>
    </message>
    <message>
        <source>an optimizer must be an object, not {type}</source>
        <translation>优化器必须是对象，而不是 {type}</translation>
    </message>
    <message>
        <source>an optimizer needs a &apos;kind&apos;</source>
        <translation>优化器需要 &apos;kind&apos;</translation>
    </message>
    <message>
        <source>grad_dtype must be one of {choices} (or unset: float64), not {value}</source>
        <translation>grad_dtype 必须是 {choices} 之一（或不设：float64），而不是 {value}</translation>
    </message>
    <message>
        <source>in {interval}</source>
        <translation>位于 {interval} 内的数</translation>
    </message>
    <message>
        <source>nesterov needs a momentum above 0</source>
        <translation>nesterov 需要大于 0 的动量</translation>
    </message>
    <message>
        <source>unknown hyper-parameter &apos;{name}&apos;; known: {known}</source>
        <translation>未知超参数 &apos;{name}&apos;；已知：{known}</translation>
    </message>
    <message>
        <source>unknown optimizer setting(s): {names}</source>
        <translation>未知的优化器设置：{names}</translation>
    </message>
    <message>
        <source>unknown optimizer {kind}; choose one of: {choices}</source>
        <translation>未知优化器 {kind}；请从以下选择：{choices}</translation>
    </message>
    <message>
        <source>zero (off) or positive, below {high}</source>
        <translation>零（关闭）或小于 {high} 的正数</translation>
    </message>
    <message>
        <source>zero (off) or positive, up to {high}</source>
        <translation>零（关闭）或不超过 {high} 的正数</translation>
    </message>
    <message>
        <source>zero or positive, below {high}</source>
        <translation>零或小于 {high} 的正数</translation>
    </message>
    <message>
        <source>zero or positive, up to {high}</source>
        <translation>零或不超过 {high} 的正数</translation>
    </message>
    <message>
        <source>{kind} has no hyper-parameter &apos;{name}&apos;; it has: {own}</source>
        <translation>{kind} 没有超参数 &apos;{name}&apos;；它有：{own}</translation>
    </message>
    <message>
        <source>{name} must be {rule}, not {value}</source>
        <translation>{name} 必须是{rule}，而不是 {value}</translation>
    </message>
</context>
<context>
    <name>core.scale_map</name>
    <message>
        <source>&apos;scale_map&apos; must be an object</source>
        <translation>&apos;scale_map&apos; 必须是对象</translation>
    </message>
    <message>
        <source>scale_map: &apos;scale_range&apos; must be [low, high]</source>
        <translation>scale_map：&apos;scale_range&apos; 必须是 [low, high]</translation>
    </message>
    <message>
        <source>scale_map: metric must be one of {metrics}, not {metric}</source>
        <translation>scale_map：度量必须是 {metrics} 之一，而不是 {metric}</translation>
    </message>
    <message>
        <source>scale_map: resolution must be one of {resolutions}, not {resolution}</source>
        <translation>scale_map：分辨率必须是 {resolutions} 之一，而不是 {resolution}</translation>
    </message>
    <message>
        <source>scale_map: steps must be from 1 to {max_steps} (or null), not {steps}</source>
        <translation>scale_map：步数必须在 1 到 {max_steps} 之间（或为 null），而不是 {steps}</translation>
    </message>
    <message>
        <source>scale_map: the factor s must be from {lo} to {hi}, not {factor}</source>
        <translation>scale_map：因子 s 必须在 {lo} 到 {hi} 之间，而不是 {factor}</translation>
    </message>
    <message>
        <source>scale_map: the loss-scale range must be {lo} ≤ low &lt; high ≤ {hi}, not {low} … {high}</source>
        <translation>scale_map：损失缩放范围必须满足 {lo} ≤ low &lt; high ≤ {hi}，而不是 {low} … {high}</translation>
    </message>
    <message>
        <source>scale_map: the lr span must be more than 0 and at most {max_lr_span} decades, not {lr_span}</source>
        <translation>scale_map：学习率跨度必须大于 0 且最多 {max_lr_span} 个数量级，而不是 {lr_span}</translation>
    </message>
    <message>
        <source>scale_map: unknown field(s): {names}</source>
        <translation>scale_map：未知字段：{names}</translation>
    </message>
</context>
<context>
    <name>core.scene</name>
    <message>
        <source>&apos;formula&apos; must be text</source>
        <translation>&apos;formula&apos; 必须是文本</translation>
    </message>
    <message>
        <source>&apos;optimizers&apos; must be a non-empty list</source>
        <translation>&apos;optimizers&apos; 必须是非空列表</translation>
    </message>
    <message>
        <source>&apos;surface&apos; must be an object with a &apos;name&apos;, a &apos;formula&apos; or &apos;weighted&apos;</source>
        <translation>&apos;surface&apos; 必须是带有 &apos;name&apos;、&apos;formula&apos; 或 &apos;weighted&apos; 的对象</translation>
    </message>
    <message>
        <source>&apos;surface&apos; must be {&apos;name&apos;: ..., &apos;params&apos;: {...}}, {&apos;formula&apos;: ...} or {&apos;weighted&apos;: ...}</source>
        <translation>&apos;surface&apos; 必须是 {&apos;name&apos;: ..., &apos;params&apos;: {...}}、{&apos;formula&apos;: ...} 或 {&apos;weighted&apos;: ...}</translation>
    </message>
    <message>
        <source>&apos;training&apos; must be an object</source>
        <translation>&apos;training&apos; 必须是对象</translation>
    </message>
    <message>
        <source>&apos;window&apos; must be [xmin, xmax, ymin, ymax]</source>
        <translation>&apos;window&apos; 必须是 [xmin, xmax, ymin, ymax]</translation>
    </message>
    <message>
        <source>&apos;window&apos; must have xmin &lt; xmax and ymin &lt; ymax</source>
        <translation>&apos;window&apos; 必须满足 xmin &lt; xmax 且 ymin &lt; ymax</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; must be [x, y]</source>
        <translation>&apos;{name}&apos; 必须是 [x, y]</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; must be a finite number, not {value}</source>
        <translation>&apos;{name}&apos; 必须是有限数，而不是 {value}</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; must be a whole number, not {value}</source>
        <translation>&apos;{name}&apos; 必须是整数，而不是 {value}</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; must be text (at most 20,000 characters)</source>
        <translation>&apos;{name}&apos; 必须是文本（最多 20,000 个字符）</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; must be true or false, not {value}</source>
        <translation>&apos;{name}&apos; 必须是 true 或 false，而不是 {value}</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; must have its English text under &quot;en&quot;</source>
        <translation>&apos;{name}&apos; 的英文文本必须放在 &quot;en&quot; 下</translation>
    </message>
    <message>
        <source>&apos;{name}&apos;: unknown language(s) {names}; use {text_languages}</source>
        <translation>&apos;{name}&apos;：未知语言 {names}；请使用 {text_languages}</translation>
    </message>
    <message>
        <source>a formula surface takes only &apos;formula&apos;</source>
        <translation>公式曲面只接受 &apos;formula&apos;</translation>
    </message>
    <message>
        <source>a translation must be (language, &apos;title&apos; or &apos;notes&apos;, text), not {entry}</source>
        <translation>译文必须是（语言, &apos;title&apos; 或 &apos;notes&apos;, 文本），而不是 {entry}</translation>
    </message>
    <message>
        <source>a weighted surface is {&apos;weighted&apos;: {&apos;first&apos;: ..., &apos;second&apos;: ..., &apos;a&apos;: ..., &apos;b&apos;: ...}}</source>
        <translation>加权曲面写作 {&apos;weighted&apos;: {&apos;first&apos;: ..., &apos;second&apos;: ..., &apos;a&apos;: ..., &apos;b&apos;: ...}}</translation>
    </message>
    <message>
        <source>at most {max_optimizers} optimizers</source>
        <translation>最多 {max_optimizers} 个优化器</translation>
    </message>
    <message>
        <source>cannot read {path}: {reason}</source>
        <translation>无法读取 {path}：{reason}</translation>
    </message>
    <message>
        <source>line {line}, column {column}</source>
        <translation>第 {line} 行第 {column} 列</translation>
    </message>
    <message>
        <source>not a losslab scene (no &apos;losslab_scene&apos; version field)</source>
        <translation>不是 losslab 场景（没有 &apos;losslab_scene&apos; 版本字段）</translation>
    </message>
    <message>
        <source>optimizer {i} must be an object</source>
        <translation>优化器 {i} 必须是对象</translation>
    </message>
    <message>
        <source>optimizer {i}: &apos;enabled&apos; must be true or false</source>
        <translation>优化器 {i}：&apos;enabled&apos; 必须是 true 或 false</translation>
    </message>
    <message>
        <source>optimizer {i}: {name} {own} with {label} {factor} would be {value}; {name} must be {rule}</source>
        <translation>优化器 {i}：{name} {own} 乘以 {label} {factor} 将为 {value}；{name} 必须是{rule}</translation>
    </message>
    <message>
        <source>optimizer {i}: {reason}</source>
        <translation>优化器 {i}：{reason}</translation>
    </message>
    <message>
        <source>scene format version {version} is not supported (this losslab reads version {format_version})</source>
        <translation>不支持场景格式版本 {version}（此 losslab 读取版本 {format_version}）</translation>
    </message>
    <message>
        <source>start must be two finite numbers</source>
        <translation>起点必须是两个有限数</translation>
    </message>
    <message>
        <source>step must be from 0 to steps ({steps}), not {step}</source>
        <translation>当前步必须在 0 到步数（{steps}）之间，而不是 {step}</translation>
    </message>
    <message>
        <source>steps must be from 1 to {max_steps}, not {steps}</source>
        <translation>步数必须在 1 到 {max_steps} 之间，而不是 {steps}</translation>
    </message>
    <message>
        <source>surface &apos;name&apos; must be text</source>
        <translation>曲面 &apos;name&apos; 必须是文本</translation>
    </message>
    <message>
        <source>surface &apos;params&apos; must map names to finite numbers</source>
        <translation>曲面 &apos;params&apos; 必须把名称映射到有限数</translation>
    </message>
    <message>
        <source>the view window is too narrow in {axis} ({width} around {centre}): zoomed in past what floating-point numbers can tell apart</source>
        <translation>视窗在 {axis} 方向太窄（{centre} 附近 {width}）：放大超出了浮点数能区分的范围</translation>
    </message>
    <message>
        <source>the view window is too wide in {axis} ({width}; at most {max_window_width})</source>
        <translation>视窗在 {axis} 方向太宽（{width}；最多 {max_window_width}）</translation>
    </message>
    <message>
        <source>the view window must be finite with xmin &lt; xmax and ymin &lt; ymax</source>
        <translation>视窗必须有限，且 xmin &lt; xmax、ymin &lt; ymax</translation>
    </message>
    <message>
        <source>unknown field(s): {names}</source>
        <translation>未知字段：{names}</translation>
    </message>
    <message>
        <source>{name} is nested too deeply to be a scene</source>
        <translation>{name} 嵌套过深，不像场景文件</translation>
    </message>
    <message>
        <source>{name} is not a regular file</source>
        <translation>{name} 不是普通文件</translation>
    </message>
    <message>
        <source>{name} is not a text file</source>
        <translation>{name} 不是文本文件</translation>
    </message>
    <message>
        <source>{name} is not valid JSON ({where}: {reason})</source>
        <translation>{name} 不是有效的 JSON（{where}：{reason}）</translation>
    </message>
    <message>
        <source>{name} is too large to be a scene (over {limit} bytes)</source>
        <translation>{name} 太大，不像场景文件（超过 {limit} 字节）</translation>
    </message>
    <message>
        <source>{name} must be from {lo} to {hi}, not {value}</source>
        <translation>{name} 必须在 {lo} 到 {hi} 之间，而不是 {value}</translation>
    </message>
</context>
<context>
    <name>core.surfaces</name>
    <message>
        <source>amplitude must be a non-negative number, not {value}</source>
        <translation>振幅必须是非负数，而不是 {value}</translation>
    </message>
    <message>
        <source>angle must be a finite number of degrees, not {value}</source>
        <translation>角度必须是有限的度数，而不是 {value}</translation>
    </message>
    <message>
        <source>condition number must be a positive number, not {value}</source>
        <translation>条件数必须是正数，而不是 {value}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>surface &apos;{name}&apos; has no parameter {unknown}; it has: {known}</source>
        <translation>曲面 &apos;{name}&apos; 没有参数 {unknown}；它有：{known}</translation>
    </message>
    <message>
        <source>surface &apos;{name}&apos; is not a built-in; rebuild it to change its constants</source>
        <translation>曲面 &apos;{name}&apos; 不是内置曲面；请重新构建它来修改常数</translation>
    </message>
    <message>
        <source>unknown surface &apos;{name}&apos;; choose one of: {choices}</source>
        <translation>未知曲面 &apos;{name}&apos;；请从以下选择：{choices}</translation>
    </message>
</context>
<context>
    <name>core.training</name>
    <message>
        <source>&apos;config&apos; must be an object</source>
        <translation>&apos;config&apos; 必须是对象</translation>
    </message>
    <message>
        <source>adamw always decouples weight decay; use optimizer adam for coupled decay</source>
        <translation>adamw 总是解耦权重衰减；耦合衰减请使用优化器 adam</translation>
    </message>
    <message>
        <source>adamw always decouples weight decay; use optimizer=adam for coupled decay</source>
        <translation>adamw 总是解耦权重衰减；耦合衰减请使用 optimizer=adam</translation>
    </message>
    <message>
        <source>bad optimizer spec entry {item} in {text}: expected key=value</source>
        <translation>优化器规格项 {item}（在 {text} 中）有误：应为 key=value</translation>
    </message>
    <message>
        <source>bad training config: {reason}</source>
        <translation>训练配置有误：{reason}</translation>
    </message>
    <message>
        <source>batchnorm must be true or false, got {batchnorm}</source>
        <translation>batchnorm 必须是 true 或 false，而不是 {batchnorm}</translation>
    </message>
    <message>
        <source>dropout must be a number in [0, 1), got {dropout}</source>
        <translation>dropout 必须是 [0, 1) 内的数，而不是 {dropout}</translation>
    </message>
    <message>
        <source>dropout must be in [0, 1), got {dropout}</source>
        <translation>dropout 必须在 [0, 1) 内，而不是 {dropout}</translation>
    </message>
    <message>
        <source>gamma must be in (0, 1], got {gamma}</source>
        <translation>gamma 必须在 (0, 1] 内，而不是 {gamma}</translation>
    </message>
    <message>
        <source>init_std must be above 0 and at most {high:g}, got {value}</source>
        <translation>init_std 必须大于 0 且不超过 {high:g}，而不是 {value}</translation>
    </message>
    <message>
        <source>measure edge_of_stability: {key} must be a number, got {value}</source>
        <translation>测量 edge_of_stability：{key} 必须是数字，而不是 {value}</translation>
    </message>
    <message>
        <source>measure edge_of_stability: {steps} λmax estimates asked; at most {limit}: raise every</source>
        <translation>测量 edge_of_stability：要求 {steps} 次 λmax 估计；最多 {limit} 次：请增大 every</translation>
    </message>
    <message>
        <source>measure twin: lessons measure on the CPU (device cpu)</source>
        <translation>测量 twin：课程在 CPU 上测量（device cpu）</translation>
    </message>
    <message>
        <source>measure {name} takes no {unknown}; it takes {params}</source>
        <translation>测量 {name} 不接受 {unknown}；它接受 {params}</translation>
    </message>
    <message>
        <source>measure {name}: {key} must be at most {high}, got {value}</source>
        <translation>测量 {name}：{key} 最多为 {high}，而不是 {value}</translation>
    </message>
    <message>
        <source>measure {name}: {reason}</source>
        <translation>测量 {name}：{reason}</translation>
    </message>
    <message>
        <source>model must be a ModelConfig, got {model}</source>
        <translation>model 必须是 ModelConfig，而不是 {model}</translation>
    </message>
    <message>
        <source>n_samples must be an integer, got {n_samples}</source>
        <translation>n_samples 必须是整数，而不是 {n_samples}</translation>
    </message>
    <message>
        <source>n_samples must be between {min_samples} and {max_samples}, got {n_samples}</source>
        <translation>n_samples 必须在 {min_samples} 到 {max_samples} 之间，而不是 {n_samples}</translation>
    </message>
    <message>
        <source>noise must be a finite number &gt;= 0, got {noise}</source>
        <translation>noise 必须是 &gt;= 0 的有限数，而不是 {noise}</translation>
    </message>
    <message>
        <source>optimizer key {key} given twice in {text}</source>
        <translation>优化器键 {key} 在 {text} 中给出了两次</translation>
    </message>
    <message>
        <source>optimizer spec must be text, got {text}</source>
        <translation>优化器规格必须是文本，而不是 {text}</translation>
    </message>
    <message>
        <source>run {run} must be a mapping of settings, got {values}</source>
        <translation>运行 {run} 必须是设置的映射，而不是 {values}</translation>
    </message>
    <message>
        <source>run {run} needs optimizer settings, got {value}</source>
        <translation>运行 {run} 需要优化器设置，而不是 {value}</translation>
    </message>
    <message>
        <source>step_size must be a whole number &gt;= 1, got {step_size}</source>
        <translation>step_size 必须是 &gt;= 1 的整数，而不是 {step_size}</translation>
    </message>
    <message>
        <source>unknown device {name}; choose cpu or cuda (or cuda:N)</source>
        <translation>未知设备 {name}；请选择 cpu 或 cuda（或 cuda:N）</translation>
    </message>
    <message>
        <source>unknown init {init}; choose normal, xavier, he or default</source>
        <translation>未知初始化 {init}；请选择 normal、xavier、he 或 default</translation>
    </message>
    <message>
        <source>unknown measure {name}; choose one of: {measures}</source>
        <translation>未知测量 {name}；请从以下选择：{measures}</translation>
    </message>
    <message>
        <source>unknown optimizer key {unknown}; known keys: {all_keys}</source>
        <translation>未知优化器键 {unknown}；已知键：{all_keys}</translation>
    </message>
    <message>
        <source>unknown optimizer {optimizer}; choose one of: {optimizers}</source>
        <translation>未知优化器 {optimizer}；请从以下选择：{optimizers}</translation>
    </message>
    <message>
        <source>unknown run {name}; choose a or b</source>
        <translation>未知运行 {name}；请选择 a 或 b</translation>
    </message>
    <message>
        <source>unknown schedule {schedule}; choose one of: {schedules}</source>
        <translation>未知调度 {schedule}；请从以下选择：{schedules}</translation>
    </message>
    <message>
        <source>unknown task {name}; choose one of: {tasks}</source>
        <translation>未知任务 {name}；请从以下选择：{tasks}</translation>
    </message>
    <message>
        <source>unknown wd_mode {wd_mode}; choose coupled or decoupled</source>
        <translation>未知 wd_mode {wd_mode}；请选择 coupled 或 decoupled</translation>
    </message>
    <message>
        <source>unknown {name} {value}; choose one of: {choices}</source>
        <translation>未知 {name} {value}；请从以下选择：{choices}</translation>
    </message>
    <message>
        <source>unknown {what} setting {unknown}; known: {known}</source>
        <translation>未知的 {what} 设置 {unknown}；已知：{known}</translation>
    </message>
    <message>
        <source>{key} must be a number, got {value}</source>
        <translation>{key} 必须是数字，而不是 {value}</translation>
    </message>
    <message>
        <source>{key} must be finite, got {value}</source>
        <translation>{key} 必须是有限数，而不是 {value}</translation>
    </message>
    <message>
        <source>{name} must be &gt;= {low}, got {value}</source>
        <translation>{name} 必须 &gt;= {low}，而不是 {value}</translation>
    </message>
    <message>
        <source>{name} must be a number, got {value}</source>
        <translation>{name} 必须是数字，而不是 {value}</translation>
    </message>
    <message>
        <source>{name} must be a whole number, got {value}</source>
        <translation>{name} 必须是整数，而不是 {value}</translation>
    </message>
    <message>
        <source>{name} must be between {low} and {high}, got {value}</source>
        <translation>{name} 必须在 {low} 到 {high} 之间，而不是 {value}</translation>
    </message>
    <message>
        <source>{name} must be finite, got {value}</source>
        <translation>{name} 必须是有限数，而不是 {value}</translation>
    </message>
    <message>
        <source>{name} must be true or false, got {value}</source>
        <translation>{name} 必须是 true 或 false，而不是 {value}</translation>
    </message>
    <message>
        <source>{what} must be a mapping of settings, got {values}</source>
        <translation>{what} 必须是设置的映射，而不是 {values}</translation>
    </message>
</context>
</TS>
