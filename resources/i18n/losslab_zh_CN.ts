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
        <source>*Predict first:* answer the question below (or skip it). The run, this step&apos;s text and its measured numbers follow.</source>
        <translation>*先预测：* 回答下面的问题（或跳过）。之后才会运行，并显示本步的文字和测得的数值。</translation>
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
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Add an optimizer (Adam, γ = 0.01) to the race</source>
        <translation>向竞速中添加一个优化器（Adam，γ = 0.01）</translation>
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
        <source>this list</source>
        <translation>本列表</translation>
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
</TS>
