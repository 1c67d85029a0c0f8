# 考核（Kaohe）的中文消息。
#
# 每条给人看的文字一条消息；消息 id 用英文（小写、以连字符分隔），前缀表示所属部分
# （cli-、explain-、column-、sheet-、record- 等）。这里的每个 id 在
# locales/en/kaohe.ftl 中也有，占位符相同（tests/it/i18n.rs 检查）。
# 诊断代码、JSON 键名和 CSV 列名不是消息，任何语言下都不变。

## 命令行：帮助

cli-about = 考核（Kaohe）：检查考核与薪酬规定，按规定核算一个月的员工与事件记录
cli-lang = 提示、说明和表头使用的语言：zh 或 en（默认取 KAOHE_LANG，其次取系统语言环境）
cli-check = 检查规定文件，列出发现的全部问题
cli-check-format = 诊断信息的输出格式
cli-check-policies = 要检查的规定文件
cli-eval = 核算一个月的员工与事件记录
cli-eval-policy = 规定文件
cli-eval-month = 要核算的月份，格式 YYYY-MM
cli-eval-agents = 员工文件（CSV、JSON 或电子表格：.xlsx、.xls、.ods；用 `文件.xlsx#工作表` 指定工作表）
cli-eval-incidents = 事件文件（CSV、JSON 或电子表格：.xlsx、.xls、.ods；用 `文件.xlsx#工作表` 指定工作表）
cli-eval-format = 结果的输出格式
cli-eval-output = 把结果写入这个文件（要么完整写入，要么不写），而不是输出到屏幕
cli-eval-explain = 逐项说明一名员工当月每个数字的由来
cli-eval-encoding = CSV 文件的编码：auto（先试 UTF-8，否则按 GBK/GB18030）、utf-8 或 gbk
cli-eval-bom = CSV 结果以 UTF-8 字节顺序标记（BOM）开头，便于 Excel 正确识别中文
cli-eval-diagnostics = 诊断信息的输出格式
cli-fmt = 按标准格式输出规定文件，或检查格式，或直接改写文件
cli-fmt-check = 只检查不修改：格式不符的文件显示差异，并以退出码 1 结束
cli-fmt-write = 直接改写文件
cli-fmt-policies = 要格式化的规定文件
cli-diff = 比较规定的两个版本：各项条款，以及在同一个月上的核算结果
cli-diff-old = 现行规定
cli-diff-new = 修订后的规定
cli-diff-month = 用来比较两版规定的月份，格式 YYYY-MM
cli-diff-agents = 员工文件（CSV 或 JSON）
cli-diff-incidents = 事件文件（CSV 或 JSON）
cli-diff-format = 结果的输出格式
cli-diff-encoding = CSV 文件的编码：auto、utf-8 或 gbk
cli-explain = 解释一个诊断代码，附错误示例和改正后的写法
cli-explain-code = 诊断代码，例如 `kaohe::unit_mismatch`、`unit_mismatch` 或 `record::unknown_agent`
cli-gen-month = 为自带的规定生成一个虚构的月份（用于性能测试）
cli-gen-month-month = 要生成的月份，格式 YYYY-MM
cli-gen-month-agents = 员工人数
cli-gen-month-per_agent = 每名员工的平均事件数
cli-gen-month-seed = 随机数种子
cli-gen-month-out = 写入 agents.csv 和 incidents.csv 的文件夹
cli-test = 运行规定文件中的算例（`test "…" {"{"} … {"}"}`）和快照
cli-test-format = 诊断信息的输出格式
cli-test-policies = 要运行其算例和快照的规定文件
cli-snapshot = 把一个月的核算结果记为规定的快照；审阅、接受或拒绝新的结果
cli-snapshot-policies = 要拍快照的规定；与 --review、--accept 或 --reject 同用时，指要处理其新结果的规定（不写则处理当前文件夹下的全部快照）
cli-snapshot-month = 要记录的月份，格式 YYYY-MM
cli-snapshot-agents = 员工文件（CSV、JSON 或电子表格，用 `文件.xlsx#工作表` 指定工作表）
cli-snapshot-incidents = 事件文件（CSV、JSON 或电子表格，用 `文件.xlsx#工作表` 指定工作表）
cli-snapshot-name = 快照名称（默认为月份）：`snapshots/<规定>__<名称>.snap`
cli-snapshot-review = 逐个显示快照的新结果并询问：接受、拒绝或跳过（需在终端中使用）
cli-snapshot-accept = 接受全部新结果，作为新的快照
cli-snapshot-reject = 拒绝全部新结果：新结果删除，快照保持不变
cli-lsp = 在标准输入输出上提供语言服务器协议（LSP），供编辑器使用
cli-lsp-stdio = 兼容传入此参数的编辑器；服务器始终使用标准输入输出
cli-help = 显示帮助
cli-help-command = 显示本帮助，或指定子命令的帮助
cli-help-command-subcommand = 要显示帮助的子命令
cli-version = 显示版本

## 命令行：用法错误

cli-error = 错误：{ $message }
cli-error-unknown-argument = 没有参数 `{ $arg }`
cli-error-unknown-subcommand = 没有子命令 `{ $name }`
cli-error-invalid-value = `{ $arg }` 的值 `{ $value }` 无效
cli-error-value-validation = `{ $arg }` 的值 `{ $value }` 无效：{ $reason }
cli-error-missing = 缺少必需的参数：{ $args }
cli-error-conflict = `{ $arg }` 不能与 `{ $other }` 同时使用
cli-error-missing-subcommand = 需要一个子命令：check、eval、fmt、diff、explain、test、snapshot 或 lsp
cli-error-possible-values = 可选的值：{ $values }
cli-did-you-mean = 提示：有一个相近的：`{ $name }`
cli-more-info = 更多信息请运行 `--help`。
cli-help-line = 提示：{ $help }

## 命令行：自身的消息

did-you-mean = 是不是要写 `{ $name }`？
cli-check-ok = { $path }：通过
cli-check-ok-warnings = { $path }：通过（{ $count } 条警告）
cli-unknown-encoding = 不认识的编码 `{ $encoding }`：请用 auto、utf-8 或 gbk
cli-explain-not-xlsx = `--explain` 输出的是文字或 JSON，不能写成工作簿：请用 `--format table` 或 `--format json`
cli-xlsx-needs-output = `--format xlsx` 生成的是工作簿文件，不能直接显示在屏幕上：请加上 `--output 文件.xlsx`
cli-explain-no-agent = `{ $file }` 中没有员工 `{ $id }`
cli-workbook-not-written = 无法生成工作簿：{ $reason }
cli-explain-no-code = 没有诊断代码 `{ $code }`
cli-explain-codes-are = 提示：诊断代码有：
cli-gen-cannot-write = 无法写入 `{ $folder }`：{ $reason }
month-not-a-month = `{ $text }` 不是月份：请写成 `YYYY-MM`，例如 `2024-10`

io-cannot-read = 无法读取 `{ $path }`：{ $reason }
io-cannot-read-help = 请检查路径是否正确、文件是否可读
io-not-found = 文件不存在
io-permission-denied = 没有权限
io-policy-not-utf8 = `{ $path }` 不是有效的 UTF-8 文本（第 { $at } 字节处）
io-policy-not-utf8-help = 请把规定文件另存为 UTF-8 编码
io-cannot-write-result = 无法写出结果：{ $reason }
io-nothing-written = 没有写入任何内容
io-cannot-create-folder = 无法创建文件夹 `{ $folder }`：{ $reason }

## kaohe test（最后一行 `N passed, M failed` 在任何语言下都不变）

test-example-ok = { $name }（{ $count } 项预期）
test-its-snapshots = 其快照
test-policy-broken = 有规定文件存在错误（见上文），其算例和快照没有运行
test-snapshot-ok = 快照 { $name }（{ $agents } 名员工）
test-snapshot-changed = 快照 { $name }（{ $agents } 名员工中有 { $changed } 名结果有变化）
test-snapshot-inputs-changed = 快照 { $name }（输入文件已变化）
test-snapshot-failed = 快照 { $name }
test-snapshot-differs = `{ $policy }` 的快照 `{ $name }` 不一致：{ $changed } 名员工的结果有变化
test-snapshot-differs-help = 新结果已写入 `{ $new_file }`；如果这些变化正是修订想要的，请接受（`kaohe snapshot --accept { $policy }`，或用 `kaohe snapshot --review` 逐个确认），否则请修改规定

## kaohe snapshot

snapshot-usage = 拍快照需要一个规定文件以及 `--month`、`--agents` 和 `--incidents`；处理新结果请用 `--review`、`--accept` 或 `--reject`
snapshot-up-to-date = { $file }：已是最新（{ $agents } 名员工）
snapshot-wrote = 已写入 { $file }（{ $agents } 名员工）
snapshot-unreadable = { $file }：无法读取（{ $reason }）
snapshot-wrote-new = 新结果已写入 { $file }
snapshot-records-other = `{ $policy }` 的快照 `{ $name }` 记录的是另一组结果
snapshot-records-other-help = 原快照没有被替换：用 `kaohe snapshot --accept { $policy }` 接受新结果，或用 `kaohe snapshot --review` 逐个查看
snapshot-review-needs-terminal = `--review` 需要在终端中逐个询问，而标准输入不是终端：请用 `--accept` 或 `--reject` 一次处理全部
snapshot-nothing-to-review = 没有需要审阅的新结果
snapshot-reviewed = 接受 { $accepted } 个，拒绝 { $rejected } 个，跳过 { $skipped } 个
snapshot-review-stopped = 审阅中断：{ $reason }
snapshot-accepted = 已接受 { $file }
snapshot-rejected = 已拒绝 { $file }

## 诊断信息的显示

diag-more-like-this = …… 另有 { $count } 条同类问题（{ $code }）
diag-help-heading = 提示：
diag-at-position = { $message }（位于 { $file }:{ $line }:{ $column }）

## 员工当月核算说明（`kaohe eval --explain 工号`）

explain-heading = { $id } { $name } — { $tier }，{ $month }
explain-tenure = 工龄：{ $months } 个月（{ $days } 天），截至 { $date }
explain-counted = 计入的事件（{ $count } 条）
explain-none = 无
explain-compensation = ，赔偿 { $amount } 元
explain-fine = ，罚款 { $amount } 元
explain-incident = { $date } { $violation }（{ $severity }）：{ $points } 分{ $compensation }{ $fine }  [第 { $line } 行]
explain-not-counted = 未计入的事件（{ $count } 条）
explain-not-counted-line = { $date } { $violation }：{ $why }  [第 { $line } 行]
explain-is-false = `{ $condition }` 不成立
explain-is-false-because = `{ $condition }` 不成立：{ $values }
explain-escalations = 追加处罚
explain-fired-fine = 触发：{ $points } 分，罚款 { $fine } 元，另计一次{ $severity }
explain-fired = 触发：{ $points } 分，另计一次{ $severity }
explain-not-fired = 未触发
explain-escalation = { $name }（{ $severity }）：{ $outcome }
explain-when = 条件 `{ $condition }`：{ $values }
explain-counts = ；次数：{ $counts }
explain-totals = 合计：扣分 { $points } 分，赔偿 { $compensation } 元{ $fine }{ $counts }
explain-requirements = 等级要求
explain-none-apply = 没有适用的要求
explain-own-tier = 本等级
explain-promotion = 晋升
explain-assumed = { $tier }（{ $which }）：`{ $requirement }` 视为满足：这一条针对的是进入该等级，而该员工已在这一等级
explain-holds = 满足
explain-does-not-hold = 不满足
explain-requirement = { $tier }（{ $which }）：`{ $requirement }` { $verdict }：{ $values }
explain-true = 是
explain-false = 否
explain-verdict = 符合本等级要求（tier_ok）：{ $tier_ok }；晋升：{ $promotion }
explain-pay = 工资
explain-caps = 上限
explain-week-from = 自 { $date } 起的一周
explain-the-month = 当月
explain-cap = { $target }：`{ $cap }` [第 { $line } 行]
explain-cap-figures = { $period }：{ $before } → { $limit }，超出上限未计 { $withheld }

## 表格与工作簿的列标题（CSV 列名和 JSON 键名不变）

column-id = 工号
column-name = 姓名
column-tier = 等级
column-tenure_months = 工龄（月）
column-points = 扣分
column-compensation = 赔偿
column-fine = 罚款
column-withheld_points = 超上限未计扣分
column-withheld_compensation = 超上限未计赔偿
column-withheld_fine = 超上限未计罚款
column-escalations = 追加处罚
column-promotion = 晋升
column-tier_ok = 符合本等级要求
column-agent = 工号
column-date = 日期
column-violation = 违规
column-severity = 程度
column-clause = 条款
column-line = 行号
column-agents = 人数
column-occurrences = 次数
table-tier-not-ok = (!) 有 { $count } 名员工不符合本等级的要求（tier_ok = false）
sheet-results = 结果
sheet-incidents = 违规明细
sheet-summary = 汇总
sheet-total = 合计
sheet-total-overflow = 汇总表的某项合计超出了考核能精确计算的 28 位有效数字
