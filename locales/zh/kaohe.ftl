# 考核（Kaohe）的中文消息。
#
# 每条给人看的文字一条消息；消息 id 用英文（小写、以连字符分隔），前缀表示所属部分
# （cli-、explain-、column-、sheet-、record- 等）。这里的每个 id 在
# locales/en/kaohe.ftl 中也有，占位符相同（tests/it/i18n.rs 检查）。
# 诊断代码、JSON 键名和 CSV 列名不是消息，任何语言下都不变。

## 命令行：帮助

cli-about = 考核（Kaohe）：检查考核与薪酬规定，按规定核算一个月的员工与事件记录
cli-opt-lang = 提示、说明和表头使用的语言：zh 或 en（默认取 KAOHE_LANG，其次取系统语言环境）
cli-check = 检查规定文件，列出发现的全部问题
cli-check-format = 诊断信息的输出格式
cli-check-policies = 要检查的规定文件
cli-eval = 核算一个月的员工与事件记录
cli-eval-policy = 规定文件
cli-eval-month = 要核算的月份，格式 YYYY-MM
cli-eval-agents = 员工文件（CSV、JSON 或电子表格：.xlsx、.xls、.ods；用 `文件.xlsx#工作表` 指定工作表）
cli-eval-incidents = 事件文件（CSV、JSON 或电子表格：.xlsx、.xls、.ods；用 `文件.xlsx#工作表` 指定工作表）
cli-eval-format = 结果的输出格式
cli-opt-pretty = JSON 缩进排版，便于阅读（不加此项时 JSON 为紧凑的一行）
cli-eval-output = 把结果写入这个文件（要么完整写入，要么不写），而不是输出到屏幕
cli-eval-explain = 逐项说明一名员工当月每个数字的由来
cli-eval-summary = 输出本月汇总（各等级工资、扣分分布、违规、已结账月份）和文字条形图，代替员工表；配合 `--format json` 时作为 `summary` 加入
cli-eval-encoding = CSV 文件的编码：auto（先试 UTF-8，否则按 GBK/GB18030）、utf-8 或 gbk
cli-eval-bom = CSV 结果以 UTF-8 字节顺序标记（BOM）开头，便于 Excel 正确识别中文
cli-eval-ledger = 从这个账本读取员工已结账的月份（供 history 表达式使用），不会写入任何内容；不指定则没有历史数据。对 `close` 而言，这是要写入的账本（默认为 `kaohe.db`）
cli-eval-diagnostics = 诊断信息的输出格式
cli-fmt = 按标准格式输出规定文件，或检查格式，或直接改写文件
cli-fmt-check = 只检查不修改：格式不符的文件显示差异，并以退出码 1 结束
cli-fmt-write = 直接改写文件
cli-fmt-policies = 要格式化的规定文件
cli-fmt-dialect = 用这种写法写出关键字（zh：规定、违规、扣分……；en：policy、violation、points……）；不写则每个文件保持原来的写法
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
cli-gen-month-order = 事件的顺序：date（按日期，与人事系统导出的一样）或 agent（每位员工的事件排在一起）；客服规定的月份默认 agent，骑手月份按日期排列
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
cli-serve = 工作台：在本机打开一个网页，编辑规定、计算一个月
cli-serve-policy = 要编辑和保存的规定文件（不给出时网页从空白开始）
cli-serve-port = 监听的端口；0 表示自动选一个空闲端口
cli-serve-host = 监听的地址；不是本机回环地址时，其他机器也能访问这个网页
cli-serve-no_open = 不在浏览器中打开网页
serve-cannot-listen = 无法在 `{ $host }` 的端口 { $port } 上监听：{ $reason }
serve-not-loopback = 警告：`{ $host }` 不是本机回环地址：能访问这个地址的其他机器都能打开工作台（仍需地址中的令牌）
serve-cannot-open = 提示：无法打开浏览器（{ $reason }）；请自行打开上面的地址
serve-host-refused = 已拒绝：请求发往 `{ $value }`，不是这个工作台（请打开 `kaohe serve` 显示的地址）
serve-origin-refused = 已拒绝：请求来自网页 `{ $value }`，不是这个工作台
serve-token-missing = 缺少令牌：请打开 `kaohe serve` 显示的地址（带 `?token=…`）
serve-token-wrong = 令牌不对：请打开这次运行 `kaohe serve` 时显示的地址
serve-too-large = 上传的内容超过了 { $mib } MiB（{ $bytes } 字节）的上限
serve-bad-json = 请求不是所需的 JSON：{ $value }
serve-bad-body = 无法读取请求的内容：{ $value }
serve-bad-multipart = 请求不是带文件的表单：{ $value }
serve-missing-field = 表单中缺少 `{ $value }`
serve-field-not-text = 表单中的 `{ $value }` 不是 UTF-8 文本
serve-bad-month = { $value }
serve-bad-dialect = 没有方言 `{ $value }`：只能是 zh 或 en
serve-no-policy-file = 没有打开规定文件：要保存或比较，请用规定文件启动 `kaohe serve`
serve-file-changed = `{ $path }` 在载入后已在磁盘上被修改；没有写入任何内容（请刷新网页查看文件，或先复制你的文本）
serve-no-such-endpoint = 没有请求 `{ $value }`
serve-internal = 工作台无法回答这个请求（内部错误）；没有写入任何内容
cli-opt-coverage = 报告每条条款被用到的次数，以及哪些从未用到
cli-opt-coverage_format = 覆盖情况报告的输出格式
cli-opt-coverage_output = 把覆盖情况报告写入这个文件（要么完整写入，要么不写）
cli-close = 核算一个月，并把结果记入已结月份的账本
cli-close-reopen = 重新结账一个已经结过的月份；旧记录保留，标为已被取代
cli-close-reason = 重新结账的原因（随新记录一起保存）
cli-close-cascade = 与 `--reopen` 同用：用各月保存的输入，把之后的每个月也重新结账
cli-close-allow_gap = 即使上个月还没有结账，也结账这个月
cli-history = 一名员工已结账的各个月份
cli-history-id = 员工工号
cli-history-format = 结果的输出格式
cli-history-all = 同时显示已被取代的记录（重新结账的月份先前的结账）
cli-ledger = 已结月份的账本：列出或核验
cli-ledger-list = 每行一个已结月份，以 `YYYY-MM` 开头
cli-ledger-list-all = 同时列出已被取代的记录
cli-ledger-verify = 检查记录链，并用保存的数据把每个已结月份重新核算一遍
cli-opt-ledger = 账本文件（默认为当前文件夹下的 `kaohe.db`）
cli-opt-help = 显示帮助
cli-help-command = 显示本帮助，或指定子命令的帮助
cli-help-command-subcommand = 要显示帮助的子命令
cli-opt-version = 显示版本

## 命令行：用法错误

cli-error = 错误：{ $message }
cli-error-unknown-argument = 没有参数 `{ $arg }`
cli-error-unknown-subcommand = 没有子命令 `{ $name }`
cli-error-invalid-value = `{ $arg }` 的值 `{ $value }` 无效
cli-error-value-validation = `{ $arg }` 的值 `{ $value }` 无效：{ $reason }
cli-error-missing = 缺少必需的参数：{ $args }
cli-error-conflict = `{ $arg }` 不能与 `{ $other }` 同时使用
cli-error-missing-subcommand = 需要一个子命令：check、eval、fmt、diff、explain、test、snapshot、lsp 或 serve
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

## 记录诊断（kaohe::record::…）

record-duplicate-agent = 工号 `{ $id }` 出现了两次（第 { $first } 行和第 { $second } 行）
record-duplicate-agent-label = 这一行的工号重复
record-duplicate-agent-first = 第一次出现
record-duplicate-agent-help = 每名员工只占一行：请合并这两行，或改正工号
record-invisible-twin = 工号 `{ $id }` 和 `{ $other }` 只差几个看不见的字符
record-invisible-twin-label = 看起来和前面的工号相同
record-invisible-twin-other = 前面的这个
record-invisible-twin-help = 请重新输入这个工号：其中夹带了一个显示不出来的字符，多半是复制粘贴带进来的
record-unknown-agent = 第 { $line } 行的事件记在员工 `{ $agent }` 名下，但花名册里没有这名员工
record-unknown-agent-label = 未知员工
record-unknown-agent-help = 请把这名员工加入员工文件，或改正工号
record-ragged-row = 第 { $line } 行有 { $cells } 个单元格，而表头有 { $columns } 列
record-ragged-row-label = 这一行
record-ragged-row-help = 每行的单元格数应与列数相同：请检查是否多了或少了逗号，含逗号的单元格要用引号括起来
record-not-in-effect = 规定自 { $effective } 起生效，晚于 { $month }
record-not-in-effect-help = 请核算 { $month } 或之后的月份
record-not-in-effect-label = 从这里开始生效
record-hole = 规定中还有待定的值
record-hole-help = 核算之前，请把所有 `TBD` 都填上
record-hired-after-month = 员工 `{ $id }` 的入职日期是 { $hired }，晚于 { $month }
record-hired-after-month-label = 晚于核算月份
record-hired-after-month-help = 请核算之后的月份，或把员工 `{ $id }` 从 { $month } 的花名册中去掉
record-tier-since-before-hired = 员工 `{ $id }` 担任现等级的日期是 { $since }，早于入职日期 { $hired }
record-tier-since-before-hired-help = `tier_since` 是员工担任现等级的日期，应不早于 `hired_on`；如果就是入职当天，留空即可
record-tier-since-after-month = 员工 `{ $id }` 担任现等级的日期是 { $since }，晚于 { $month }
record-tier-since-after-month-help = 参加 { $month } 核算的员工，最晚应在 { $last } 担任该等级
record-date-outside-month = 事件日期 { $date } 不在 { $month } 内
record-date-outside-month-label = 不在 { $month } 内
record-date-outside-month-help = 只有 { $first } 至 { $last } 的事件属于这个月
record-bad-value = `{ $field }` 应为{ $expected }，而这里是 `{ $text }`
record-bad-value-label = 应为{ $expected }
record-choice = `{ $field }` 的值只能从规定的选项中选，`{ $text }` 不在其中
record-choice-label = 应为 { $values } 之一
record-choice-help = `{ $field }` 的可选值有：{ $values }
record-expected-bool = 是/否
record-expected-bool-help = 请写 `true`/`false`、`是`/`否`、`yes`/`no` 或 `1`/`0`
record-expected-date = 日期
record-expected-date-help = 日期请写成 `2024-10-05`、`2024/10/5` 或 `2024年10月5日`
record-expected-severity = 违规程度
record-expected-severity-help = 请使用规定中定义的违规程度
record-noun-tier = 等级
record-noun-violation = 违规项
record-escalation-as-incident = `{ $name }` 是追加处罚：是否触发由考核根据当月次数自动判断，请删除这一行
record-negative = `{ $field }` 是负数：`{ $text }`
record-negative-label = 金额为负
record-negative-help = 请改正这个单元格；如果 `{ $field }` 确实可以为负，请在规定中声明：`{ $field }: signed …`
record-expected-money = 金额
record-expected-points = 分数
record-expected-duration = 时长
record-expected-period = 月数
record-expected-days = 天数
record-expected-number = 数字
record-expected-quantity = 以 { $unit } 计的数量
record-unknown-name = 规定中没有{ $what } `{ $text }`
record-unknown-name-label = 不是规定中的{ $what }
record-unknown-name-help = 规定中的{ $what }有：{ $names }
record-write-number-unit = 请写一个数字，可带单位，例如 { $examples }
record-write-number = 请写一个数字，例如 `12.5`
record-number-too-large = 数字太大
record-no-default-unit = 这个字段没有默认单位：请在数字后写上单位，例如 `{ $number } { $unit }`
record-not-a-spelling = `{ $unit }` 不是这个单位的写法：请写成例如 `5.5 { $spellings }`
record-write-eg = ：请写成例如 { $examples }
record-not-a-unit-of = `{ $unit }` 不是{ $expected }的单位{ $examples }
record-column-twice = 表头中 `{ $column }` 列出现了两次
record-column-twice-label = 再次出现
record-column-twice-first = 第一次出现
record-column-twice-help = 请把其中一列改名或删除
record-missing-key = `{ $file }` 中没有一条记录含有 `{ $field }` 键
record-missing-key-label = 这条记录没有 `{ $field }`
record-missing-column = `{ $file }` 中没有 `{ $field }` 列
record-header-row = 表头
record-missing-key-rename = 是不是要写 `{ $name }`？请把这个键改名为 `{ $field }`，或在规定中给 `{ $record }.{ $field }` 加上 `来自 "{ $name }"`（英文关键字 `from`）
record-missing-column-rename = 是不是要写 `{ $name }`？请把这一列改名为 `{ $field }`，或在规定中给 `{ $record }.{ $field }` 加上 `来自 "{ $name }"`（英文关键字 `from`）
record-missing-key-help = 请在每条记录中加上 `"{ $field }": …`：每个{ $record }都需要一个{ $type }值
record-missing-column-help = 请加一列 `{ $field }`：每个{ $record }都需要一个{ $type }值
record-missing-column-any = `{ $file }` 中没有 `{ $field }` 的列（可用表头：{ $headers }）
record-missing-key-any = `{ $file }` 中没有一条记录含有 `{ $field }` 的键（可用的键：{ $headers }）
record-field-two-columns = `{ $field }` 有两列：`{ $first }` 和 `{ $second }`
record-field-two-columns-label = `{ $field }` 的第二列
record-field-two-columns-first = 第一列
record-field-two-columns-help = `{ $field }` 只从一列读取：请删除其中一列，或把它的表头改名
record-undeclared-column = `{ $column }` 列不是{ $record }记录中声明的字段，已忽略
record-undeclared-column-label = 未使用
record-undeclared-column-rename = 如果这就是 `{ $field }` 列，请把表头改为 `{ $field }`，或在规定中给 `{ $record }.{ $field }` 加上 `来自 "{ $column }"`（英文关键字 `from`）
record-undeclared-column-help = 如需使用，请在规定的 `{ $record } {"{"} … {"}"}` 中声明它
record-cell-empty = 第 { $line } 行：`{ $field }` 是空的
record-json-no-key = 第 { $line } 行的记录没有 `{ $field }`
record-cell-missing = 第 { $line } 行：缺少 `{ $field }`
record-value-required = 这里必须有值
record-value-required-help = 请填写 `{ $field }`（{ $type }）；这个字段没有默认值
record-many-undeclared = 有 { $count } 列不是{ $record }记录中声明的字段，已忽略：{ $shown }，另有 { $more } 列
record-many-undeclared-help = 请在规定的 `{ $record } {"{"} … {"}"}` 中声明需要的列，或删除其余的列
record-many-undeclared-label = 这一列及其后各列均未使用
record-not-utf8 = `{ $file }` 不是有效的 UTF-8 文本（第 { $at } 字节处）
record-not-utf8-label = 从这里开始不是 UTF-8
record-not-utf8-help = 请把文件另存为 UTF-8；如果是中文版 Windows 上的 Excel 保存的，请加上 `--encoding gbk`
record-not-text = `{ $file }` 既不是 UTF-8 也不是 GBK 文本
record-not-text-help = 请把工作表导出为 CSV（UTF-8）后再试
record-json-unreadable = 无法读取这个 JSON：{ $reason }
record-here = 在这里
record-json-unreadable-help = 文件必须是由对象组成的 JSON 数组，每条记录一个对象
record-json-not-array = 这个 JSON 文件不是记录的数组
record-json-not-array-label = 这里应为 `[`
record-json-not-array-help = 请写成 `[{"{"}"id": "A001", …{"}"}, …]`：每条记录一个对象
record-json-not-object = 第 { $record } 条记录不是对象
record-json-not-object-label = 这里应为 `{"{"}`
record-json-not-object-help = 每条记录是一个对象：`{"{"}"agent": "A001", "date": "2024-10-05", …{"}"}`
record-json-key-twice = 第 { $record } 条记录中 `{ $key }` 出现了两次
record-json-key-twice-help = 一条记录中每个键只能出现一次，否则读取时只会取其中一个值，另一个被丢掉
record-json-nested = `{ $key }` 的值是列表或对象
record-json-nested-label = 这里应为字符串、数字或布尔值
record-json-nested-help = 记录的每个字段只能有一个值
record-empty-file = 文件是空的：没有表头行
record-empty-file-label = 这里应为表头行
record-empty-file-help = 第一行写各列的名称，例如 `id,name,tier,hired_on`
record-csv-unreadable = 无法读取这个 CSV：{ $reason }
record-csv-unreadable-help = 请检查这一行的引号：以引号开头的单元格必须以 `"` 结束
record-unclosed-quote = 有一个带引号的单元格没有结束
record-unclosed-quote-label = 这个 `"` 没有配对的 `"`
record-unclosed-quote-help = 请在单元格末尾补上 `"`，或删掉多余的 `"`；它之后的内容都被读成了同一个单元格

## 运行时诊断（kaohe::runtime::…）

runtime-of-agent = 员工 `{ $agent }`：{ $message }
runtime-in = 在 `{ $expr }` 中
runtime-internal-help = 这是考核程序本身的缺陷，不是规定写错了：请连同规定文件和记录一起报告
runtime-division-by-zero-help = 请用 `if` 保护这个除法，用除数与同单位的零比较：`if 天数 == 0 days then 0 分 else 总分 / 天数`
runtime-empty-help = 这名员工本月没有这类事件：请先判断，例如 `if count(质检) > 0 then avg(质检, incident.得分) else 0`
runtime-negative-cap-help = 上限是一项金额或分数最多能累计到的值，最小为零：请避免它小于零，例如 `max(agent.上限 - 100 元, 0 元)`
runtime-overflow-help = 数值超出了考核能精确计算的 28 位有效数字；请检查记录
runtime-overflow = `{ $expr }` 的结果超出了可计算的范围
runtime-empty = `{ $expr }` 没有可以计算的事件
runtime-no-row-matched = 表 `{ $table }` 中没有一行匹配
runtime-division-by-zero = `{ $expr }` 除数为零
runtime-negative-cap = 上限 `{ $cap }` 的值是 { $limit }，小于零

## 算例（kaohe::test::failed）

test-example-failed = 算例“{ $name }”：{ $message }
test-month-before-policy = 这个月份早于规定生效
test-does-not-hold = `{ $expect }` 不成立：这个月算出来是 { $got }
test-does-not-hold-label = 预期 { $op } { $want }，实际为 { $got }
test-does-not-hold-help = 要么规定写错了，要么算例写错了：这名员工的核算说明（`kaohe eval --explain`）列出了这个数字是怎么算出来的

## 检查诊断（kaohe::undefined、kaohe::duplicate、kaohe::type_mismatch、kaohe::scope 等）

check-not-defined = `{ $name }` 没有定义
check-not-defined-label = 未定义
check-this-is = 这是 { $type }
check-declared-here = 在这里声明
check-agent-field-written = 员工的字段要写成 `agent.{ $name }`
check-incident-field-written = 事件的字段要写成 `incident.{ $name }`
check-tier-attribute-written = 等级的属性要写成 `tier.{ $name }`
check-no-attribute = `tier` 没有属性 `{ $name }`
check-no-attribute-label = 未知属性
check-no-attribute-help = 等级的属性是每个 `tier` 块中都定义了的名称
check-no-field = `{ $record }` 没有字段 `{ $name }`
check-no-field-label = 未知字段
check-no-field-help = 请在 `{ $record } {"{"} … {"}"}` 块中声明它，例如 `{ $name }: bool = false`
check-if-branches = `if` 的两个分支类型不同：{ $then } 和 { $else }
check-if-branches-help = 两个分支的类型必须相同
check-builtin-name = `{ $name }` 是内置名称
check-builtin-name-label = 已是内置名称
check-builtin-name-help = 请给这个{ $kind }换一个名称
check-declared-twice = `{ $name }` 声明了两次
check-declared-twice-label = 这里再次声明了{ $kind } `{ $name }`
check-declared-twice-first = 第一次在这里声明为{ $kind }
check-declared-twice-help = 每个等级、违规程度、违规项、追加处罚、let、表和工资项都需要一个不重复的名称
kind-tier = 等级
kind-severity = 违规程度
kind-violation = 违规项
kind-escalation = 追加处罚
kind-let = let 定义
kind-table = 表
kind-pay-line = 工资项
scope-const = 常量（等级属性或字段默认值）
scope-table = 表的一行
scope-violation = 违规项
scope-aggregate = 聚合函数的表达式
scope-escalation = 追加处罚
scope-requires = 等级要求
scope-cap = 上限
scope-let = `let` 定义
scope-pay = 工资项
need-incident = 单个事件
need-occurrence = 已计入的某一次事件
need-agent = 员工
need-counts = 当月的次数
need-totals = 当月的合计

## 语法诊断（kaohe::syntax）

syntax-rule-eoi = 文件结尾
syntax-rule-name = 名称
syntax-rule-expression = 表达式
syntax-rule-string = 字符串
syntax-rule-date = 日期（YYYY-MM-DD）
syntax-rule-month = 月份（YYYY-MM）
syntax-rule-number = 数字
syntax-rule-unit = 单位
syntax-rule-type = 类型
syntax-rule-declaration = 声明
syntax-rule-policy-item = 规定的基本信息（version、effective、issued_by、interpreted_by、status）
syntax-rule-field = 字段（`名称: 类型`）
syntax-rule-tier-item = 等级属性或 `requires`
syntax-rule-rule-item = `severity`、`points =`、`when` 或 `compensation =`
syntax-rule-table-row = 表的一行（`条件 => 值` 或 `else => 值`）
syntax-rule-pay-line = 工资项（`名称 = 表达式`）
syntax-rule-test-item = `month`、`agent`、`incident`、`expect` 或 `history`
syntax-rule-history-fact = 已存的数字（`A1.结转赔偿 = 400 元`）
syntax-rule-param = 参数（`名称: 类型`）
syntax-rule-status = `draft` 或 `active`
syntax-rule-comparison = 比较运算
syntax-rule-operator = 运算符
syntax-rule-agent-id = 员工工号
syntax-rule-assign = `字段 = 值`
syntax-list-separator = 、
syntax-list-or = { $items } 或 { $last }
syntax-end-of-line = 行尾
syntax-unexpected = 这里不应出现 { $found }
syntax-expected-found = 这里应为 { $expected }，却是 { $found }
syntax-doc-documents-nothing = 这条文档注释后面没有要说明的内容
syntax-doc-documents-nothing-label = 后面什么也没有
syntax-doc-documents-nothing-help = `///` 文档注释要紧挨在一个声明或条目之前；请删掉它，或改用 `//` 写普通注释
syntax-line-begins-with-operator = 一行不能以 `{ $op }` 开头
syntax-line-begins-with-operator-label = 这里被当作新的一项开始
syntax-line-begins-with-operator-help = 表达式只有在运算符之后或括号之内才能接着写到下一行：请把 `{ $op }` 移到上一行末尾，或把整个表达式放进 `( )`
syntax-keyword-as-name = `{ $word }` 是关键字，不能用作名称
syntax-keyword-as-name-label = 关键字
syntax-keyword-as-name-help = 请换一个名称，例如 `{ $word }1` 或一个中文名称
syntax-colon-for-equals = `{ $word }` 后面应为 `=`，却是 `:`
syntax-colon-for-equals-label = `:` 用于声明字段的类型
syntax-colon-for-equals-help = 请用 `=` 给这一项赋值：`{ $word } = …`
syntax-arrow = 表的一行中，条件和值之间应为 `=>`
syntax-arrow-label = 这里写成了 `->`
syntax-arrow-help = 每一行请写成 `条件 => 值`
syntax-name-after-number = 数字 `{ $number }` 后面不应紧跟 `{ $word }`
syntax-name-after-number-label = 数字后面跟着名称
syntax-name-after-number-help = 如果是相乘，请写成 `{ $number } * { $word }`；只有后面不再跟其他文字时，才会读作单位
syntax-equals-for-compare-help = 比较请用 `==`；单个 `=` 是给名称赋值
syntax-percent-help = 百分数中间不要有空格：`20%`

## 检查诊断：作用范围、工资项、不是值的名称

scope-const-sees = 常量中只能用字面值、常量 `let` 和表
scope-table-sees = 表的一行中只能用它的参数和常量
scope-violation-sees = 违规项中可以用 `incident.*`、`agent.*`、`tier.*`、`tenure` 和常量，不能用当月合计
scope-aggregate-sees = 聚合函数的表达式对每个计入的事件各算一次：其中可以用 `incident.*`、`agent.*`、`tier.*`、`tenure` 和常量
scope-escalation-sees = 追加处罚中可以用 `count`、`distinct`、`agent.*`、`tier.*`、`tenure` 和常量，不能用 `points` 或 `compensation`
scope-cap-sees = 上限在任何事件之前就已确定：其中可以用 `agent.*`、`tier.*`、`tenure` 和常量，不能用单个事件或当月次数
scope-month-sees = 这里可以用员工当月的情况（`count`、`points`、`compensation`、`agent.*`、`tenure`），不能用单个事件
scope-pay-sees = 工资项中可以用员工当月的情况和排在它上面的工资项
check-record-not-value = `{ $record }` 是一条记录，不是一个值
check-record-not-value-label = 请写出它的某个字段
check-record-not-value-help = 请写一个字段，例如 `{ $example }`
check-neg-needs-number = `-` 后面应为数字或数量，而不是 { $type }
check-scope = { $scope }中不能使用 `{ $what }`
check-scope-label = 需要用到{ $need }
check-scope-escalation-totals = 当月合计本身就包含追加处罚
check-scope-escalation-totals-help = 追加处罚按次数触发：请用 `count(…)` 或 `distinct(…)`
check-escalation-not-value = 追加处罚 `{ $name }` 不是一个值
check-escalation-not-value-help = 要判断它是否触发，请写 `count({ $name }) > 0`
check-table-not-called = 表 `{ $name }` 必须带参数调用
check-table-not-called-label = 这是一个表
check-table-not-called-help = 请这样调用：`{ $name }(…)`
check-scope-depends = `{ $name }` 依赖于 `{ $on }`，即{ $need }
check-scope-depends-on = `{ $on }`（第 { $line } 行）
check-pay-self = 工资项 `{ $name }` 用自己来计算自己
check-pay-self-label = 用到了自己
check-pay-self-help = 工资项只能用排在它上面的工资项
check-pay-later = 工资项 `{ $name }` 排在这一项之后才计算
check-pay-later-label = 在计算出来之前就用到了
check-pay-later-decl = 在这里计算，但排在后面
check-pay-later-help = 工资项按顺序计算：请把 `{ $name }` 移到这一行上面
check-pay-out-of-scope = { $scope }中不能使用工资项 `{ $name }`
check-pay-decl = 在这里计算
check-pay-out-of-scope-help = 工资项只对排在它后面的工资项可见；如需共用这个值，请用 `let` 来计算

## 检查诊断：类型与单位

check-must-be = { $what } 应为 { $want }，而不是 { $got }
check-compare-for-bool = 请通过比较得到是/否，例如 `{ $expr } >= { $example }`
check-months-and-days = 月数和天数是不同的量：`tenure` 请与月数比较（`3 months`），`tenure_days` 请与天数比较（`90 days`）
check-give-unit = 请给数字加上单位：`{ $number } { $unit }`
check-multiply-to-get = 请乘以一个以 { $unit } 计的数量，得到 { $want }
check-divide-to-get-number = 请除以一个以 { $unit } 计的数量，得到不带单位的数字
check-value-in-unit-wanted = 这里需要一个以 { $unit } 计的值
check-hole-active = 执行中的规定里有 `{ $hole }`
check-hole-active-label = 值尚未确定
check-hole-active-help = 请填上这个值；规定还在起草时，可以设为 `status draft`
check-hole-draft = `{ $hole }`：这个值还有待确定
check-hole-draft-label = 待定
check-hole-draft-help = 初稿可以保留待定的值，但每一个都填上之前，不能核算任何月份
check-choice-type = ({ $values }) 之一
check-cannot-add = 不能把 { $left } 和 { $right } 相加
check-cannot-subtract = 不能把 { $left } 和 { $right } 相减
check-cannot-combine = `{ $op }` 不能用于 { $left } 和 { $right }
check-cannot-combine-help = 算术运算只能用于数字和数量；日期只能用 `+`/`-` 加减天数或月数
check-cannot-compare = 不能把 { $left } 和 { $right } 比较
check-no-order = { $type } 的值没有大小之分
check-no-order-label = 对 { $type } 用了 `{ $op }`
check-no-order-help = 请用 `==` 或 `!=` 比较
check-what-not-operand = `not` 的操作数
check-what-if-condition = `if` 的条件
check-what-where-condition = `where` 后面的条件
check-what-table-argument = 表 `{ $table }` 的参数 `{ $param }`
check-what-requirement = 等级要求
check-what-table-row-condition = 表中一行的条件
check-what-table-row = 表 `{ $table }` 的一行

## 检查诊断：单位、循环、表、等级

unit-listed-twice = `{ $name }` 列了两次
unit-listed-twice-label = 这里再次列出
unit-listed-twice-help = 每种写法只列一次
unit-builtin = `{ $name }` 是内置单位
unit-builtin-label = 已是单位
unit-builtin-help = 自定义单位需要自己的写法：`unit 公里 (km, 千米)`
unit-type-name = `{ $name }` 是类型的名称
unit-type-name-label = 已是类型
unit-type-name-help = 请换一种写法：否则用它声明类型的字段会有歧义
unit-spelled-twice = `{ $name }` 已经是某个单位的写法
unit-spelled-twice-label = 这里再次用作写法
unit-spelled-twice-help = 每种写法只能对应一个单位
unit-spelled-twice-first = 它已对应的单位
unit-number-then-name = 数字后面紧跟着名称 `{ $name }`
unit-number-then-name-label = 数字和名称之间什么也没有
unit-number-then-name-help = 请在两者之间写上运算符，例如 `{ $number } * { $name }`
unit-unknown = 没有单位 `{ $name }`
unit-unknown-label = 不是单位
unit-unknown-help = 请先声明再使用，例如 `unit { $name }`；内置单位有 元、分、分钟、小时、个月、年、天
cycle-escalation-own-severity = 追加处罚 `{ $name }` 统计了它自己所属的违规程度 `{ $severity }`
cycle-escalation-own-severity-label = 这个追加处罚会把自己也统计进去
cycle-escalations = 追加处罚之间相互依赖：{ $names }
cycle-starts-here = 从这里开始
cycle-part = 循环的一部分
cycle-escalation-help = 追加处罚本身算作其违规程度的一次，所以不能靠统计这个程度来触发它；请改为按名称统计违规项，或给它另一个违规程度
cycle-let = `{ $name }` 是用它自己来定义的
cycle-let-label = 这个 let
cycle-let-used-again = 这里又用到了它
cycle-let-help = `let` 必须能由其他值算出；请打断这个循环
table-row-after-else = 这一行排在 `else` 之后，永远不会用到
table-row-after-else-label = 不会用到
table-row-after-else-else = `else` 匹配所有情况
table-row-after-else-help = 请把 `else` 移到最后一行
table-no-else = 表 `{ $table }` 没有 `else` 行
table-no-else-label = 有些输入没有匹配的行
table-no-else-help = 请在最后加一行 `else => …`，处理其他行都不匹配的输入
tier-defines-twice = 等级 `{ $tier }` 定义了两次 `{ $name }`
tier-defines-twice-label = 这里再次定义
tier-defines-twice-first = 第一次在这里定义
tier-attribute-types-differ = `{ $name }` 在等级 `{ $tier }` 中是 { $type }，在等级 `{ $other_tier }` 中却是 { $other_type }
tier-attribute-type-here = 这里是 { $type }
tier-attribute-types-differ-help = 每个等级都要用相同的类型定义相同的属性
tier-missing-attribute = 等级 `{ $tier }` 没有定义 `{ $name }`
tier-missing-attribute-label = 缺少 `{ $name }`
tier-missing-attribute-other = 等级 `{ $tier }` 定义了它
tier-missing-attribute-help = 每个等级都要定义相同的属性：请在等级 `{ $tier }` 中加上 `{ $name } = …`

## 全角标点与数字（kaohe::fullwidth）

fullwidth-digits = 字符串之外出现了全角数字 `{ $digits }`
fullwidth-digits-label = 全角数字
fullwidth-digits-help = 请改写为 `{ $ascii }`（把输入法切换到半角）
fullwidth-ideographic-space = 全角空格（U+3000）
fullwidth-ordinary-space = 普通空格
fullwidth-space-label = 全角空格
fullwidth-digit-label = 全角数字
fullwidth-punctuation-label = 全角标点
fullwidth-char = 字符串之外出现了全角的 { $char }
fullwidth-help = 请改用 { $ascii }（把输入法切换到半角）

## 关键字的两种写法

dialect-english-file = 这个文件用英文关键字书写（以 `policy` 开头）：`{ $word }` 请写作 `{ $keyword }`；如果想全部用中文书写，请让文件以 `规定` 开头
dialect-chinese-file = 这个文件用中文关键字书写（以 `规定` 开头）：`{ $word }` 请写作 `{ $keyword }`

## 检查诊断：规定开头与记录块

header-missing = 文件没有 `policy` 开头
header-missing-label = 这里应为 `policy "标题" {"{"} … {"}"}`
header-missing-help = 请以 `policy "标题" {"{"} effective 2024-10-01  status draft {"}"}` 开始这个文件
header-twice = 一个文件只能有一个 `policy` 开头
header-twice-label = 第二个开头
header-twice-first = 第一个开头
header-twice-help = 只保留一个开头；其他版本请分别放在各自的文件里
header-item-twice = `{ $item }` 写了两次
header-item-twice-label = 这里再次写出
header-item-twice-first = 第一次在这里写出
header-item-missing = 规定开头缺少 `{ $item }`
header-item-missing-label = 必须写明 `{ $item }`
header-item-missing-help = 请在开头的花括号内加上 `{ $example }`
schema-block-twice = 一份规定只能有一个 `{ $block }` 块
schema-block-twice-label = 第二个块
schema-block-twice-first = 第一个块
schema-block-twice-help = 请把所有字段都声明在第一个块中
schema-columns-not-builtin = `{ $record }.{ $field }` 没有类型：只有内置字段可以不写类型
schema-columns-not-builtin-label = 没有类型
schema-columns-not-builtin-help = 请给它一个类型（`{ $field }: 文本 来自 "…"`），或写内置字段的名字：{ $builtins }
schema-columns-twice = `{ $record }.{ $field }` 的表头声明了两次
schema-columns-twice-label = 再次声明
schema-columns-twice-first = 第一次声明
schema-columns-twice-help = 请把所有表头写在一行：`来自 "工号" | "员工编号"`
schema-column-shared = 表头 `{ $column }` 同时声明给了 `{ $record }.{ $first }` 和 `{ $record }.{ $second }`
schema-column-shared-label = `{ $field }` 从这一列读取
schema-column-shared-first = `{ $field }` 也从这一列读取
schema-column-shared-help = 一列只能由一个字段读取：请给其中一个换一个不是 `{ $column }` 的表头

## 读取工作簿

sheet-kind-xls = Excel 97-2003 工作簿（.xls）
sheet-kind-xlsb = Excel 二进制工作簿（.xlsb）
sheet-kind-ods = OpenDocument 电子表格（.ods）
sheet-kind-xlsx = Excel 工作簿（.xlsx）
sheet-save-again = 请用 Excel 或 LibreOffice 打开这个工作簿并重新保存，或把工作表导出为 CSV
sheet-cannot-open = 无法把 `{ $file }` 当作{ $kind }读取：{ $reason }
sheet-cannot-open-help = 文件的扩展名决定了读取方式：请用 Excel 或 LibreOffice 打开并另存为 .xlsx，或把工作表导出为 CSV（UTF-8）
sheet-none = `{ $file }` 中没有工作表
sheet-none-help = 请把记录放在工作簿的第一个工作表中，并带上表头行
sheet-unknown-help = `{ $file }` 中的工作表有：{ $sheets }
sheet-unknown = 无法读取 `{ $name }`：`{ $file }` 中没有工作表 `{ $sheet }`
sheet-cannot-read = 无法读取 `{ $file }` 的工作表 `{ $sheet }`：{ $reason }
sheet-refused = 无法读取 `{ $file }`：{ $reason }
sheet-refused-help = 考核读取工作簿有一定的限度（见 docs/excel.md 的“Limits”）：每个工作表只放一张表，删除表格之外的内容（按 Ctrl+End 可以看到 Excel 认为用到的最后一个单元格）后重新保存，或把工作表导出为 CSV
sheet-reader-failed = 无法把 `{ $file }` 当作{ $kind }读取：读取工作簿时出错（{ $message }）
sheet-damaged-help = 文件可能已损坏：{ $save_again }
sheet-too-slow = 无法读取 `{ $file }`：读取时间超过了 { $seconds } 秒
sheet-too-slow-help = 文件可能已损坏，或者远远超出一个月记录应有的大小：{ $save_again }
check-policy-unreadable = 无法读取这份规定

## 检查诊断：违规项与追加处罚

rule-item-twice = { $kind } `{ $name }` 写了两个 `{ $item }`
rule-item-twice-help = 只保留一个 `{ $item }`；要组合条件请用 `and`/`or`，要合计金额或分数请用 `+`
rule-item-missing = { $kind } `{ $name }` 缺少 `{ $item }`
rule-item-missing-help = 请在块中加上 `{ $example }`
rule-not-a-severity = `{ $name }` 是{ $kind }，不是违规程度
rule-not-a-severity-label = 不是违规程度
rule-declared-as = 声明为{ $kind }
rule-unknown-severity = 没有违规程度 `{ $name }`
rule-not-declared = 未声明
rule-declare-severity-first = 请先声明违规程度：`severity 重度`
rule-severities-are = 违规程度有：{ $names }

## 检查诊断：调用、表、occurrence

check-not-a-table = `{ $name }` 是{ $kind }，不是表
check-not-a-table-label = 不能调用
check-not-a-table-help = 只有表才带参数；请去掉括号，直接写 `{ $name }`
check-no-function = 没有表或函数 `{ $name }`
check-no-function-help = 内置函数有：{ $functions }
check-arity = `{ $name }` 需要 { $want } 个参数，这里给了 { $given } 个
check-arity-label = 给了 { $given } 个
check-arity-help = 请这样调用：`{ $call }`
check-min-max-type = `{ $name }` 只能比较数字、数量、日期或等级，不能比较 { $type }
check-arguments-differ = `{ $name }` 的参数类型不一致：{ $first } 和 { $other }
check-occurrence-in-when = 违规项的 `when` 中不能使用 `occurrence`
check-occurrence-in-when-label = 事件只有计入之后才有第几次之分
check-occurrence-in-when-help = `when` 决定事件是否计入；`occurrence` 请用在 `points`、`compensation` 或 `fine` 中，例如 `fine = if occurrence >= 3 then 10 元 else 5 元`
check-occurrence-help = `occurrence` 表示这是第几次：请在违规项的 `points`、`compensation` 或 `fine` 中使用
check-no-fields = { $type } 没有字段
check-no-fields-label = 没有字段 `{ $name }`
check-no-fields-help = 只有 `agent`、`incident` 和 `tier` 才有字段：例如 `agent.tier`、`tier.base_salary`

## 核算说明：为什么、为什么没有（`--explain`、工作簿的“说明”表）

explain-not-fired-because = 未触发：{ $why }
explain-no-promotion-because = 无（{ $why }）
explain-no-promotion = 无：{ $why }
explain-tier-requires = { $tier } 要求 `{ $requirement }`：{ $why }
explain-requirement-fails = `{ $requirement }` 不满足：{ $why }
explain-table-row = { $call }：第 { $line } 行的 { $row } → { $value }
explain-table-else = { $call }：第 { $line } 行的 { $row } → { $value }
sheet-explanation = 说明
column-item = 项目
column-explanation = 说明

## The ledger: kaohe close, history, ledger (src/ledger/, src/closing.rs)
ledger-invalid = `{ $path }` 不是 Kaohe 能用的账本：{ $why }
ledger-invalid-help = 文件没有被改动；请用 `--ledger 路径` 指定账本，或从备份恢复
ledger-why-corrupt = 内容已损坏
ledger-cannot-use = 无法使用账本 `{ $path }`：{ $error }
ledger-why-unreadable = 无法读取：{ $error }
ledger-why-folder = 这是一个文件夹
ledger-why-empty = 文件是空的
ledger-why-not-sqlite = 这不是 SQLite 数据库
ledger-why-other-program = 这是其他程序的 SQLite 数据库
ledger-why-newer = 账本格式是第 { $version } 版，比这个 Kaohe 支持的（第 { $supported } 版）新：请使用更新的 Kaohe
ledger-why-older = 账本格式是第 { $version } 版，比这个 Kaohe 的（第 { $supported } 版）旧：下一次 `kaohe close` 会自动升级
ledger-why-no-tables = 缺少账本的数据表
ledger-missing = 没有账本 `{ $path }`
ledger-missing-help = 账本由第一次 `kaohe close` 创建；请检查 `--ledger` 给出的路径
ledger-cannot-create = 无法创建账本 `{ $path }`：{ $error }
ledger-record-unreadable = 第 { $id } 条记录保存的结果无法读取
ledger-closed = { $month } 已在 `{ $path }` 中结账
ledger-closed-help = 已结账的月份不会被误结第二次：如需更正，请用 `kaohe close … --month { $month } --reopen --reason "…"`（旧记录会保留）
ledger-record-not-a-month = 第 { $id } 条记录写的月份 `{ $month }` 不是一个月份
ledger-mismatch = 账本 `{ $path }` 前后不一致：{ $what }
ledger-mismatch-help = 有一条记录在结账后被改动或损坏：请从备份恢复账本；Kaohe 不会使用断裂的记录链
ledger-record-what = { $month }（第 { $id } 条记录，结账于 { $at }）：{ $problem }
ledger-broken-link = 与上一条记录的链接断了
ledger-results-changed = 保存的结果不是结账时的结果
ledger-policy-changed = 保存的规定文本不是结账时的文本
ledger-input-changed = 保存的 `{ $name }` 副本被改动过
ledger-hash-differs = 内容与其哈希值不符
ledger-reopen-alone = { $month } 不能单独重新结账：之后结账的 { $later } 读取了它的数字
ledger-reopen-alone-help = 加上 `--cascade`，用更正后的历史和保存的输入把 { $later } 重新结账
ledger-earlier = { $month } 早于已经结账的 { $latest }
ledger-earlier-help = 月份按日历顺序结账：早于最近已结账月份的月份现在不能结账
ledger-gap = { $month } 接在 { $latest } 之后，但 { $before } 还没有结账
ledger-gap-help = 请先结账 { $before }；如果中间的月份没有发工资，可加 `--allow-gap`（历史表达式把中间的月份视为缺勤）
ledger-policy-no-longer-checks = { $month }：保存的规定 `{ $policy }` 已无法通过检查
ledger-diff-not-evaluated = { $id }：账本中有，但重新计算的这个月里没有
ledger-diff-figure = { $id } { $name }：账本中为 { $stored }，重新计算为 { $now }
ledger-diff-no-longer-computed = { $id } { $name }：账本中有，但现在不再计算
ledger-diff-not-stored = { $id } { $name }：计算出来了，但账本中没有
ledger-diff-agent-not-stored = { $id }：重新计算的这个月里有，但账本中没有
ledger-verify-differs = `{ $path }` 中的 { $months } 重新计算的结果与账本保存的不同
ledger-verify-differs-help = 要么保存的数字被改动过，要么这个版本的 Kaohe 算法不同：请比较版本，或从备份恢复账本
ledger-cascade-reason = 由 { $month } 连带重新结账：{ $reason }
ledger-reopened-reason = 重新结账
ledger-in-use = 账本：{ $path }
ledger-read-only = 账本：{ $path }（只读）
ledger-tier-change = 等级：{ $change }
ledger-tier-changes-more = 等级：……另有 { $count } 名员工的等级有变化（`kaohe history 工号` 逐个查看）
ledger-closed-month = 已结账 { $month }（{ $path }）：{ $agents } 名员工
ledger-reclosed-month = 已重新结账 { $month }（{ $path }）：{ $agents } 名员工
ledger-cascaded = 已用保存的输入重新结账 { $month }（连带）
ledger-no-closed-month = { $id }：没有已结账的月份
ledger-list-record = { $month }  第 { $id } 条记录  结账于 { $at }  { $agents } 名员工  { $policy }（{ $hash }）  kaohe { $version }
ledger-list-superseded = {"  "}已被第 { $id } 条记录取代（{ $at }）
ledger-list-reason = {"  "}原因：{ $reason }
ledger-verify-agents = （{ $agents } 名员工）
ledger-verify-version = {"  "}（由 kaohe { $version } 结账）

## Checking expressions: aggregates, counts, rounding (src/check/expr.rs)
check-quantity-too-large = 数量太大
check-quantity-too-large-label = 太大
check-what-each-side = { $word } 两边的值
check-no-where = `{ $name }` 不能带 `where`
check-no-where-label = 筛选条件
check-no-where-help = `where` 只能筛选 `count`、`distinct`、`sum`、`avg`、`lowest` 和 `highest` 所数的事件
check-want-violation-or-severity = 一项违规或一个违规程度
check-want-severity = 一个违规程度
check-want-counted = 一项违规、一条追加处罚或一个违规程度
check-distinct-of-severity = `distinct` 数的是一个违规程度下有几种违规
check-distinct-of-severity-label = 这是一项违规
check-aggregate-not-quantity = `{ $name }` 只能汇总数值或数量，不能汇总{ $type }
check-aggregate-not-quantity-help = 请给出每次事件的一个数，例如 `{ $name }(质检, incident.得分)`
check-takes-name-of = `{ $name }` 的参数应为{ $want }的名字
check-not-a-name = 这不是名字
check-write-eg = 例如写 `{ $example }`
check-taken-over = `{ $name }` 的对象应为{ $want }
check-is-a = `{ $name }` 是{ $kind }
check-counts-want = `{ $name }` 数的是{ $want }
check-is-not-want = `{ $name }` 不是{ $want }
check-or-a-violation = { $severities }；或者一项违规，例如 { $violations }
check-takes-severity-or-violation = `{ $name }` 的参数应为违规程度或违规项的名字
check-rounds-not = `{ $name }` 只能对数值或数量取整，不能对{ $type }取整
check-digits-literal = `{ $name }` 保留的位数必须直接写成整数
check-digits-literal-label = 这不是直接写出的整数
check-digits-literal-help = 写出要保留几位小数，例如 `{ $name }(x, 2)`；`{ $name }(x, -1)` 表示取整到十位
check-money-digits = 金额最多精确到分：`{ $digits }` 超过了 2 位
check-money-digits-label = 超过 2 位小数
check-money-digits-help = 金额以分为最小单位：请写 `{ $name }(x, 2)` 或更少的位数
check-and-list = { $rest } 和 { $last }

## Checking rules, fields, types and choices (src/check/rules.rs, header.rs)
rule-escalation-compensation = 追加处罚 `{ $name }` 不能要求赔偿
rule-escalation-compensation-label = 只有一次违规事件才会产生赔偿
rule-escalation-compensation-help = 请把 `compensation` 移到产生赔偿的那项违规里
rule-escalation-no-when = 追加处罚 `{ $name }` 没有 `when` 条件
rule-escalation-no-when-label = 缺少 `when`
rule-escalation-no-when-help = 追加处罚按当月的次数触发：请加上条件，例如 `when count(中度) >= 2`
rule-escalation-cap = 追加处罚 `{ $name }` 不能设上限
rule-escalation-cap-label = 追加处罚每月最多触发一次：没有可以封顶的
rule-escalation-cap-help = 请改为给它的违规程度设上限：`severity 服务类 { "{" } cap points = 20 分 { "}" }`
rule-severity-only-caps = 违规程度 `{ $name }` 不能有 `{ $item }`：它的大括号里只能写上限
rule-severity-only-caps-label = 这不是上限
rule-severity-only-caps-help = `{ $item }` 应写在这个程度下的某项违规里
rule-severity-cap-period = 违规程度的上限只能按月，不能按 `per { $period }`
rule-severity-cap-period-label = 违规程度的合计包括追加处罚，而追加处罚没有日期
rule-severity-cap-period-help = 这里请按月封顶，或在每项违规里写 `cap { $amount } = … per { $period }`
rule-what-cap-on = `{ $amount }` 的上限
header-field-twice = `{ $record }.{ $name }` 声明了两次
header-declared-again = 这里又声明了一次
header-first-declared = 第一次声明在这里
header-builtin-field = `{ $name }` 是每个 { $record } 都有的内置字段，不必声明
header-what-default = `{ $record }.{ $name }` 的默认值
header-signed-not-quantity = `signed` 只能用于带单位的数量，不能用于{ $type }
header-signed-not-quantity-help = 只有带单位的字段（金额、分数、分钟、月数、天数）才能标为可负；普通数值本来就可以是负数
header-unknown-type = 未知的类型 `{ $name }`
header-unknown-type-label = 这不是类型
header-types-are = 可用的类型有：{ $types }
header-parameter-twice = 参数 `{ $name }` 声明了两次
header-parameter-clash = 参数 `{ $name }` 与一个{ $kind }同名
header-parameter-label = 参数
header-parameter-clash-help = 请给参数另取一个名字
header-choice-empty = 选项列表至少要有一个值
header-choice-empty-label = 没有值
header-choice-empty-help = 请列出可以取的值：`one of ("重大", "一般", "轻微")`
header-choice-twice = `{ $value }` 列了两次
header-choice-again = 这里又列了一次
header-choice-first = 第一次列在这里
header-choice-twice-help = 每个值只列一次
header-not-a-choice = "{ $text }" 不在可以取的值之中
header-not-a-choice-label = 应为 { $values } 之一
header-did-you-mean-value = 是不是要写 "{ $value }"？
header-values-are = 可以取的值有：{ $values }

## Checking worked examples (src/check/worked.rs)
worked-no-month = 算例 "{ $name }" 没有写 `month`
worked-no-month-label = 是哪个月？
worked-no-month-help = 请在算例第一行写上 `month 2024-10`
worked-history-not-before = `history { $history }` 不早于算例的月份 { $month }
worked-history-not-before-label = 已结账的月份应是更早的月份
worked-history-not-before-help = history 写的是账本在算例月份之前已结账的月份
worked-history-no-agent = 这个算例里没有员工 `{ $agent }`
worked-history-no-agent-label = 不是这个算例的员工
worked-history-no-agent-help = 请为算例中的员工（`agent … { "{" } … { "}" }`）写历史
worked-not-a-month = 这不是月份
worked-escalations-by-name = 已结账的月份按名字保存每条追加处罚
worked-not-stored = 账本不保存这个数字
worked-escalations-by-name-help = 对触发了的追加处罚，写 `A1.未良好履行职责 = true`
worked-no-tier-tenure = 已结账的月份不保存 `tier_tenure`
worked-no-tier-tenure-help = 历史表达式读取 `tenure`、`tier` 和当月的各项数字，不读取 `tier_tenure`
worked-one-month = 一个算例只有一个 `month`
worked-one-month-label = 第二个月份
worked-one-month-help = 每个月份写一个算例
worked-agent-twice = 员工 `{ $agent }` 写了两次
worked-again-here = 这里又写了一次
worked-first-here = 第一次在这里
worked-unknown-agent = 这个算例里没有给出员工 `{ $agent }`
worked-unknown-agent-label = 未知的员工
worked-unknown-agent-help = 请先给出这名员工：`agent { $agent } { "{" } tier = …, hired_on = … { "}" }`
worked-no-field = `{ $record }` 没有字段 `{ $name }`
worked-no-field-label = 未知的字段
worked-fixed-after = { $fixed } 写在 `{ $record }` 后面
worked-field-twice = `{ $name }` 写了两次
worked-what-field = `{ $record }.{ $name }`
worked-missing-field = 这个 { $record } 没有写 `{ $name }`
worked-missing-field-label = 缺少 `{ $name }`
worked-missing-field-help = 请加上 `{ $name } = …`（{ $type }）
worked-no-subtotal = 不能预期 `{ $name }({ $of })`
worked-no-subtotal-label = 没有这个名字的小计
worked-no-subtotal-help = 小计有 `points(X)`、`compensation(X)` 和 `fine(X)`，X 是一项违规或一个违规程度
worked-cannot-expect = 不能预期 `{ $name }`
worked-cannot-expect-label = 这不是当月的结果
worked-cannot-expect-help = 可以预期 `points`、`compensation`、`fine`、`tenure`、`tier_tenure`、`tier_ok`、`promotion`、一个工资项、一项违规或一个违规程度（它的次数；或在 `points`、`compensation`、`fine` 后加 `(…)` 表示小计），或一条追加处罚（是否触发）
worked-none-eq-only = `none` 只能用 `==` 或 `!=` 比较
worked-none-eq-only-label = 没有晋升
worked-what-expected = 预期的 `{ $name }`
worked-no-order = { $type }的值没有大小之分
worked-no-order-label = 对{ $type }用了 `{ $op }`
worked-no-order-help = 请用 `==` 或 `!=` 比较

## Checking history, names, nesting (src/check/history.rs, names.rs, depth.rs, lets.rs)
history-stored = 已结账的月份保存它的各工资项、`points`、`compensation`、`fine` 及其小计、`count` 和 `distinct`、`tier` 和 `tenure`；要把别的数字带到以后的月份，请把它写成一个工资项
history-not-here = `{ $name }` 不能用在{ $place }
history-not-here-label = 它读取员工已结账的月份
history-not-here-help = 历史表达式只能写在工资项、`let`、`requires` 和追加处罚里
history-default-type = `{ $name }` 的默认值是{ $default }，而它读取的是{ $read }
history-default-type-help = 没有已结账月份时用默认值代替：请让它与所读的数字类型相同
history-what-streak = `streak` 的条件
history-adds-up = `{ $name }` 只能累加数值或数量，不能累加{ $type }
history-eg = 例如 `{ $example }`
history-last-months = `last_months` 的月数应为 1 到 120 之间的整数
history-last-months-label = 这不是月数
history-last-months-help = 请直接写出数字，例如 `last_months(3, count(迟到))`
history-agent-field = 员工的字段
history-incident-field = 事件的字段
history-tier-attribute = 等级的属性
history-aggregate = 对事件的汇总
history-filtered-count = 带筛选条件的次数
history-history = 历史表达式
history-monthly-let = 由当月数据算出的 `let`
history-not-stored = `{ $expr }` 是{ $what }，已结账的月份不保存它
history-not-stored-label = `{ $func }` 要在以前的月份里读取它
names-pay-twice = 一份规定只有一个 `pay` 部分
names-pay-twice-label = 第二个 `pay` 部分
names-pay-twice-first = 第一个 `pay` 部分
names-pay-twice-help = 请把这些行移到第一个 `pay` 部分里
names-no-pay = 这份规定没有 `pay` 部分
names-no-pay-label = 这份规定不计算工资
names-no-pay-help = 请加上 `pay { "{" } … { "}" }` 部分：每一行 `名称 = 表达式` 是结果中的一列，例如 `pay { "{" } 实发工资 = tier.base_salary { "}" }`
names-confusable-invisible = `{ $name }` 和 `{ $other }` 只差看不见的字符
names-confusable-invisible-help = 请删掉这个名字重新输入：其中有一个显示不出来的字符
names-confusable-same = `{ $name }` 和 `{ $other }` 看起来一样
names-confusable-same-help = 其中一个用了别的文字里长得像拉丁字母或汉字的字符；请改名
names-confusable-label = 看起来和这个一样
depth-this-let = 这个 let
depth-this-pay-line = 这个工资项
depth-this-rule = 这条规则
depth-too-deep = 计算这里要嵌套 { $depth } 层 let、表和表达式（最多 { $max } 层）
depth-too-deep-help = 一串层层相接的 let 是一个套一个地计算的：请把几步合成更少的 let，或用一个表达式算出总和
depth-table-calls-itself = 表 { $table } 调用了自己
depth-tables-call-each-other = 表之间互相调用：{ $tables }
depth-table-cycle-label = 还没算完又被调用
depth-table-cycle-help = 表的行可以调用别的表，但不能绕回来：调用自己的表可能无限递归；请把这些步骤写成同一张表的几行
lets-too-deep = 要经过 { $max } 个以上的 let 才能算到 `{ $name }`，而每个 let 都在写出之前就被用到
lets-too-deep-label = 嵌套太深
lets-too-deep-help = 请把 let 写在用到它的 let 之前，或把几步合成更少的 let

## Why a condition held or failed, in explanations (src/eval/why.rs)
why-and = {"，且 "}
why-true = 是
why-false = 否
why-if = `{ $condition }`：{ $held }，{ $why }

## Conditions that never change, caps that never bind, unused declarations (src/check/dead.rs)
dead-violation-never = 违规 `{ $name }` 永远不会计入任何事件
dead-violation-always = `{ $name }` 的每一次事件都会计入
dead-escalation-never = 追加处罚 `{ $name }` 永远不会触发
dead-escalation-always = 追加处罚 `{ $name }` 每个月都会触发
dead-requires-never = 没有员工能满足等级 `{ $name }` 的要求
dead-requires-always = 每名员工都满足等级 `{ $name }` 的这条要求
dead-cap-no-amount = 违规 `{ $name }` 没有 { $amount }
dead-cap-severity-no-amount = 违规程度 `{ $name }` 下没有哪条规则有 { $amount }
dead-cap-kept-days = `{ $cap }` 已把它限制在 { $times } 天 × { $limit } { $unit } = { $bound } { $unit }
dead-cap-kept-weeks = `{ $cap }` 已把它限制在 { $times } 周 × { $limit } { $unit } = { $bound } { $unit }
dead-cap-never-binds = `{ $cap }` 永远起不了作用：{ $why }
dead-cap-never-binds-label = 永远达不到
dead-cap-never-binds-help = 起不了作用的上限不会扣减任何数额：请检查它的数额和期间，或删掉它
dead-always-holds = `{ $condition }` 总是成立{ $why }：{ $consequence }
dead-never-holds = `{ $condition }` 永远不成立{ $why }：{ $consequence }
dead-part-always-holds = `{ $condition }` 总是成立{ $why }，所以它在这里不起作用
dead-part-never-holds = `{ $condition }` 永远不成立{ $why }，所以它在这里不起作用
dead-always-holds-help = 总是成立的条件可以省去；请确认它写的是本意
dead-never-holds-help = 请检查名字和数字：按现在的写法，这一条永远不适用
dead-always-true = 总是成立
dead-always-false = 永远不成立
dead-no-rule-of-severities = （没有哪项违规或追加处罚属于违规程度 { $severities }）
dead-or = 或
dead-severity-unused = 没有哪项违规或追加处罚属于违规程度 `{ $name }`
dead-let-unused = `{ $name }` 从未被使用
dead-table-unused = 表 `{ $name }` 从未被调用
dead-field-unused = `{ $record }.{ $name }` 从未被使用
dead-unused-label = 从未使用
dead-unused-help = 请删掉它，或在它本来要用的规则里用上它

## Table rows that never match, gaps before `else` (src/check/rows.rs)
rows-row-name = `{ $condition }`（第 { $line } 行）
rows-else-name = `else`（第 { $line } 行）
rows-never-matches = 表的一行 `{ $condition }` 永远不会匹配：没有任何输入满足它
rows-never-matches-label = 没有值能匹配这一行
rows-never-matches-help = 请检查条件的两端：一个值不可能既高于一端又低于另一端
rows-shadowed = 表的一行 `{ $condition }` 永远用不到：{ $rows }{ $count ->
        [1] 已经
       *[other] 都已经
    }匹配了它能匹配的每个输入
rows-and = 和
rows-never-used = 永远用不到
rows-shadowed-help = 先匹配的行生效：请把范围窄的行放在范围宽的行上面
rows-matches-first = 先匹配
rows-else-unused = `else` 永远用不到：上面的行已经匹配了所有输入
rows-else-unused-help = `else` 是必需的：请把最后一行的条件去掉，把它的结果写在 `else =>` 后面
rows-gap = 表 `{ $table }` 把 { $example } 交给了 `else`，但它下面的 { $below } 和上面的 { $above } 都能匹配
rows-gap-label = { $example } 落到了这里
rows-gap-related = 与它相邻的匹配
rows-gap-help = 如果边界值属于某一行，请写 `>=` 或 `<=`；如果 `else` 就是为这些值准备的，请给它们单独写一行

## 写出结果文件（src/output.rs）

output-cannot-write = 无法写入 `{ $path }`：{ $reason }
output-is-an-input = 不能覆盖 `{ $path }`：它是这次运行的输入文件
output-is-an-input-help = 请换一个 `--output` 文件
output-is-a-folder = 无法写入 `{ $path }`：这是一个文件夹
output-is-a-folder-help = 请写出其中的一个文件，例如 `--output result.json`
output-read-only = 无法写入 `{ $path }`：文件是只读的
output-read-only-help = 没有写入任何内容；请先让它可写（`chmod u+w { $path }`），或换一个 `--output` 文件
output-not-writable-help = 没有写入任何内容；请换一个有写入权限的 `--output` 文件
output-hard-links = 不能替换 `{ $path }`：它有 { $links } 个硬链接，替换后其他链接仍是旧内容
output-hard-links-help = 没有写入任何内容；请先写到一个新文件，再复制到这个有链接的文件上（`cp new.json { $path }`），或先删除其他链接
output-no-folder = 无法写入 `{ $path }`：文件夹 `{ $folder }` 不存在
output-no-folder-help = 请先创建这个文件夹，或换一个 `--output` 路径

## kaohe diff（JSON 报告的键和其中的 `change` 在任何语言下都是英文）

diff-declarations = 条文的改动
diff-no-change = 没有改动
diff-added-declaration = 新增 { $declaration }
diff-removed-declaration = 删除 { $declaration }
diff-added-item = { $declaration }：新增 { $item } { $value }
diff-removed-item = { $declaration }：删除 { $item } { $value }
diff-changed-item = { $declaration }：{ $item } { $old } → { $new }
diff-agents = 员工（{ $agents } 名中有 { $changed } 名结果有变化）
diff-agent = { $id } { $name }：{ $changes }
diff-figure-change = { $figure } { $old } → { $new }
diff-figure-count = 次数({ $name })
diff-separator = ；
diff-totals = 全体员工合计
diff-total = { $line }：{ $old } → { $new }（{ $difference }）

## 覆盖率报告（`--coverage`；lcov 格式的文件在任何语言下都相同）

coverage-heading = { $policy } 的覆盖率（{ $by }）：{ $all } 种条款结果中覆盖了 { $seen } 种
coverage-by-month = { $month } 月的记录，{ $agents } 名员工
coverage-by-examples = { $count } 个算例
coverage-clause = 第 { $line } 行  { $what }：{ $counts }
coverage-count = { $outcome } { $count } 次
coverage-separator = ，
coverage-all-exercised = 每种条款结果都覆盖到了
coverage-never-heading = 从未覆盖的结果（{ $count } 种）：
coverage-never = 第 { $line } 行  { $what }：从未出现“{ $outcome }”
coverage-counted = 计入
coverage-holds = 成立
coverage-fails = 不成立
coverage-binds = 达到上限
coverage-fires = 触发
coverage-stays-quiet = 未触发
coverage-matches = 命中
coverage-takes-then = 走“则”分支
coverage-takes-else = 走“否则”分支

## 快照：诊断信息和审阅（快照文件里的键和各项数字保持原样）

snapshot-cannot-read-folder = 无法读取文件夹 `{ $folder }`：{ $reason }
snapshot-name-empty = 快照的名字不能为空
snapshot-name-too-long = `{ $name }` 作为快照的名字太长了：最多 100 个字符
snapshot-name-character = 快照的名字里不能有 `{ $character }`：请只用文字、数字、`-`、`_` 和 `.`
snapshot-name-dot = `{ $name }` 不能作快照的名字：名字不能以 `.` 开头，也不能含有 `__`
snapshot-cannot-record-path = 无法记下 `{ $input }` 相对于规定文件 `{ $policy }` 的位置：{ $reason }
snapshot-other-drive = 两者不在同一个磁盘上
snapshot-path-not-utf8 = 它的路径不是有效的 UTF-8
snapshot-input-changed = { $file }（sha256 { $recorded } → { $now }）
snapshot-input-unreadable = { $file }（{ $reason }；记录的 sha256 为 { $recorded }）
snapshot-list-separator = 、
snapshot-inputs-changed = 拍快照之后输入文件有变化：{ $files }
snapshot-inputs-changed-help = 快照 `{ $name }` 记录的是 { $month } 月正是这些文件的结果，文件变了就无法判断规定改动了什么；请恢复这些文件，或者，如果它们本来就该变，请重新拍快照（`{ $again }`）并接受它（`kaohe snapshot --accept { $policy }`）
snapshot-malformed = `{ $file }` 不是考核能读取的快照：{ $what }
snapshot-malformed-help = 快照由 `kaohe snapshot` 生成；请重新拍快照，或从版本库中恢复这个文件
snapshot-empty = 文件是空的
snapshot-empty-label = 这里应有 `---` 和文件头
snapshot-no-start = 第一行不是 `---`
snapshot-no-start-label = 这里应是 `---`
snapshot-indented = 文件头的缩进与生成时不同
snapshot-indented-label = 每一层缩进两个空格
snapshot-not-key-value = 文件头中有一行不是 `键: 值`
snapshot-not-key-value-label = 这里应是 `键: 值`
snapshot-this-value = 这个值
snapshot-key-twice = `{ $key }` 出现了两次
snapshot-key-twice-label = 这里又出现了一次
snapshot-not-closed = 文件头没有结束
snapshot-not-closed-label = 这一行之后没有 `---`
snapshot-no-key = 文件头中没有 `{ $key }`
snapshot-this-header = 这个文件头
snapshot-other-format = 它是第 `{ $found }` 版格式的快照；这个版本的考核读取第 { $format } 版格式
snapshot-the-format = 格式版本
snapshot-the-month = 月份
snapshot-agents-file = 员工
snapshot-incidents-file = 事件
snapshot-empty-path = { $file }文件的路径是空的
snapshot-this-path = 这个路径
snapshot-bad-hash = { $file }文件的 sha256 不是 64 位十六进制数字
snapshot-this-hash = 这个哈希值
snapshot-quote-not-closed = 带引号的值缺少结尾的引号
snapshot-escape-digits = `\u` 转义需要四位十六进制数字
snapshot-escape-no-character = `\u` 转义不对应任何字符
snapshot-escape-unknown = 带引号的值中有 YAML 不认识的转义
snapshot-after-quote = 带引号的值后面还有多余的文字
snapshot-carriage-return = 结果中有一行含有回车符
snapshot-carriage-return-label = 这一行中间有回车符
snapshot-not-a-figure = 结果中有一行不是 `工号 项目: 值`
snapshot-not-a-figure-label = 这里应是 `工号 项目: 值`
snapshot-cannot-delete = 无法删除 `{ $file }`：{ $reason }
snapshot-cannot-accept = 无法接受 `{ $file }`：{ $reason }
snapshot-review-new = { $file }：新快照，{ $agents } 名员工
snapshot-review-unreadable = { $file }：原有快照无法读取（{ $reason }）；接受后将被替换（{ $agents } 名员工）
snapshot-changes = { $file }：{ $agents } 名员工中有 { $changed } 名结果有变化
snapshot-month-changed = 月份 { $old } → { $new }
snapshot-input = { $path }（sha256 { $sha256 }）
snapshot-input-replaced = { $file }文件 { $old } → { $new }
snapshot-review-ask = 接受、拒绝还是跳过？[a/r/s]
snapshot-review-answer = 请回答 a（接受）、r（拒绝）或 s（跳过）
snapshot-agent-added = { $id } 新增：{ $name }
snapshot-agent-removed = { $id } 已移除：{ $name }

## 语言服务器（kaohe lsp）：悬停提示、补全、快速修复、代码透镜、重命名

lsp-number = 数值
lsp-kind-tier-attribute = 等级属性
lsp-kind-agent-field = 员工字段
lsp-kind-incident-field = 事件字段
lsp-kind-table-parameter = 表的参数
lsp-parameter = 参数 { $name }
lsp-of-table = （属于表 { $table }）
lsp-built-in = 内置
lsp-built-in-word = 内置：{ $meaning }
lsp-unit = 单位 { $unit }：{ $dimension }（基本单位 { $base }）
lsp-part-of-rate = 比率的一部分：`/` 前的单位除以 `/` 后的单位
lsp-keyword = 关键字
lsp-type = 类型
lsp-result-of-month = 当月的一项结果
lsp-unit-detail = 单位
lsp-unit-of = 单位 · { $dimension }
lsp-word-count = count(违规或严重程度)：本月发生的次数
lsp-word-distinct = distinct(严重程度)：某一违规程度下不同违规项的个数
lsp-word-min = min(a, b, …)：其中最小的
lsp-word-max = max(a, b, …)：其中最大的
lsp-word-floor = floor(x)：向下取整
lsp-word-ceil = ceil(x)：向上取整
lsp-word-round = round(x)：四舍五入到整数（恰好一半时远离零）
lsp-word-previous = previous(e, 默认)：`e` 在该员工上一个已结账月份的值
lsp-word-latest = latest(e, 默认)：`e` 在该员工最近一个已结账月份的值（用于结转余额）
lsp-word-streak = streak(条件)：到本月为止，条件连续成立的月数
lsp-word-year-total = year_total(e)：`e` 在本年已结账各月的合计，加上本月
lsp-word-year-so-far = year_so_far(e)：`e` 在本年本月之前已结账各月的合计
lsp-word-last-months = last_months(n, e)：`e` 在到本月为止的 n 个月里的合计
lsp-word-tenure = 期间：从 `hired_on` 到月底的整月数
lsp-word-tenure-days = 天数：从 `hired_on` 到月底的天数
lsp-word-month-number = 数值：正在计算的月份，1–12
lsp-fix-space = 把全角空格换成普通空格
lsp-fix-replace = 把 `{ $found }` 换成 `{ $with }`
lsp-fix-change = 把 `{ $found }` 改为 `{ $to }`
lsp-fix-write = 写成 `{ $code }`
lsp-fix-compare = 用 `==` 比较
lsp-lens-passed = ✓ 通过（{ $count } 项预期）· 再次运行
lsp-lens-failed = ✗ 未通过：{ $count } 项预期中有 { $failed } 项不符 · 再次运行
lsp-lens-run-broken = ▶ 运行算例（规定有错误）
lsp-lens-run = ▶ 运行算例
lsp-unknown-command = 不认识的命令 `{ $command }`
lsp-run-test-arguments = kaohe.runTest 需要文档和算例的名字两个参数
lsp-run-test-broken = 规定有错误：改正之前，其中的算例无法运行
lsp-no-example = 没有名为“{ $name }”的算例
lsp-example-passed = 算例“{ $name }”：通过（{ $count } 项预期）
lsp-example-failure = 第 { $line } 行：{ $label }
lsp-example-failed =
    算例“{ $name }”：未通过
    { $failures }
lsp-rename-nothing = 这里没有可以重命名的东西
lsp-rename-built-in = `{ $name }` 是内置的，不能重命名
lsp-rename-syntax-errors = 规定有语法错误：请先改正，才能找到这个名字的每一处用法
lsp-rename-no-name = 这里没有可以重命名的名字
lsp-rename-keyword = `{ $name }` 是关键字，不能用作名字
lsp-rename-not-a-name = `{ $name }` 不是合法的名字：名字以文字或 `_` 开头，后面是文字、数字或 `_`
lsp-rename-built-in-name = `{ $name }` 是内置的名字
lsp-rename-taken = `{ $name }` 已经是一个{ $kind }的名字
lsp-rename-taken-at = `{ $name }` 已经是一个{ $kind }的名字（第 { $line } 行）
lsp-a-tier = 等级
lsp-a-severity = 违规程度
lsp-a-violation = 违规项
lsp-a-escalation = 追加处罚
lsp-a-let = let 定义
lsp-a-table = 表
lsp-a-pay-line = 工资项
lsp-a-tier-attribute = 等级属性
lsp-a-agent-field = 员工字段
lsp-a-incident-field = 事件字段
lsp-a-table-parameter = 表的参数
lsp-rename-records-tier = 员工记录的 `tier` 列中写着等级 `{ $old }`：请在那里也改为 `{ $new }`
lsp-rename-records-violation = 事件记录的 `violation` 列中写着违规项 `{ $old }`：请在那里也改为 `{ $new }`
lsp-rename-records-agent-column = 员工记录中有一列叫 `{ $old }`：请在那里也改为 `{ $new }`
lsp-rename-records-incident-column = 事件记录中有一列叫 `{ $old }`：请在那里也改为 `{ $new }`
lsp-outline-policy = 规定
lsp-outline-records = 记录
lsp-outline-pay-lines = 工资项
lsp-outline-agent = 员工
lsp-outline-test = 算例
lsp-document-closed = 文档已经关闭
lsp-document-not-open = 文档没有打开
lsp-still-checking = 规定还在检查中，请稍后再试
lsp-internal-error = 无法检查这份规定：考核程序出错了（这是一个需要报告的缺陷）
lsp-from-doc = 从哪一列读取：from "…"

## Reading the text: brackets, strings, invisible characters, literals (src/syntax/)
layout-paren-unclosed = 这个 `(` 没有配对的 `)`
layout-paren-unclosed-label = 括号没有闭合
layout-paren-unclosed-help = 请补上配对的 `)`；括号里的表达式可以跨行，所以文件的其余部分都被当成了它的一部分
layout-string-unclosed = 这个字符串没有结束
layout-string-unclosed-label = 字符串缺少结尾的 `"`
layout-string-unclosed-help = 请在同一行用 `"` 结束字符串（字符串里要换行就写 `\n`）
layout-prefixes-too-deep = 一个表达式里嵌套了超过 { $max } 层 `-`、`not` 或 `if`
layout-too-deep = 嵌套太深
layout-name-parts-help = 请用 `let` 给表达式的各部分起名，再使用这些名字
layout-brackets-too-deep = 括号嵌套超过 { $max } 层
layout-name-a-part-help = 请用 `let` 给表达式的一部分起名，再使用这个名字
layout-bidi-in-string = 字符串里有一个双向控制字符（U+{ $code }）
layout-bidi-in-comment = 注释里有一个双向控制字符（U+{ $code }）
layout-bidi-label = 它会改变这一行其余部分的显示顺序
layout-bidi-help = 除非文字确实需要从右到左排列，否则请删掉它；显示出来的可能不是 Kaohe 读到的
layout-bidi-in-code = 规定的代码里有一个双向控制字符（U+{ $code }）
layout-bidi-in-code-label = 看不见，却会改变这一行的显示顺序
layout-bidi-in-code-help = 请删掉它：它看不见，这一行的意思可能和显示的不同
dialect-control-character = 规定的代码里有一个控制字符（U+{ $code }）
dialect-control-character-label = 看不见的字符
dialect-control-character-help = 请删掉它
syntax-expression-too-deep = 表达式嵌套超过 { $max } 层
syntax-expression-too-deep-label = 这个表达式
syntax-equality-chained = `==` 和 `!=` 不能连写
syntax-equality-chained-label = 第二个比较
syntax-equality-chained-help = 请用 `and` 连接两个比较：`a == b and b == c`
syntax-chain-turns = 连写的比较必须朝同一个方向
syntax-chain-turns-label = 方向在这里变了
syntax-chain-turns-help = 请从小到大写出范围，`a <= x < b`，或用 `and` 连接几个比较
syntax-unknown-escape = 字符串里有未知的转义 `\{ $escape }`
syntax-unknown-escape-label = 在这个字符串里
syntax-unknown-escape-help = 可用的转义有 `\"`、`\\` 和 `\n`；反斜杠本身请写 `\\`
syntax-not-a-date = `{ $text }` 不是一个日期
syntax-not-a-date-label = 没有这一天
syntax-not-a-date-help = 日期写作 `YYYY-MM-DD`，月和日必须真实存在，例如 `2024-10-01`
syntax-number-too-large = 数字 `{ $number }` 太大
syntax-number-too-large-label = 有效数字超过 28 位
syntax-number-too-large-help = 数字是精确的十进制数，最多 28 位
syntax-block-unclosed = 这个 `{ "{" }` 没有配对的 `{ "}" }`
syntax-block-unclosed-label = 这里开始的部分
syntax-block-unclosed-help = 请在这一部分结束处、下一个声明之前补上 `{ "}" }`

## kaohe diff's names of items (src/diff.rs)
diff-item-doc = 说明注释
diff-item-field = 字段
diff-item-line = 工资项
diff-item-row = 第 { $number } 行
diff-item-title = 标题
diff-item-signature = 参数和类型
diff-item-value = 值

## kaohe eval --summary (src/report/summary.rs)
summary-title = { $title } · { $month } · { $agents } 名员工
summary-tiers-pay = 按等级：{ $line }
summary-tiers = 按等级
summary-min = 最低
summary-median = 中位数
summary-max = 最高
summary-points = 扣分分布（人数）
summary-violations = 违规（按扣分排序）
summary-no-violations = 本月没有计入的违规
summary-months = 逐月对比
summary-this-month = { $month }（本月）
column-month = 月份
cli-summary-not-explain = `--summary` 汇总整个月，`--explain` 解释一名员工：请只用其中一个
cli-summary-not-csv = `--summary` 以文字输出，或配合 `--format json` 作为 `summary` 对象输出；CSV 只是一张员工表（`--format xlsx` 的工作簿里有汇总表）
sheet-pay-of = 各等级{ $line }
sheet-violations-by-points = 违规（按扣分）
sheet-violations-by-money = 违规（按金额）
sheet-money = 赔偿和罚款
chart-pay = 各等级{ $line }：最低、中位数、最高
chart-points = 扣分分布（人数）
chart-violations-by-points = 违规扣分排名
chart-violations-by-money = 违规赔偿和罚款排名
chart-months = 逐月对比

## kaohe serve：图表与账本（src/serve/、src/cli/serve.rs）
cli-serve-ledger = 从这个账本读取员工已结账的月份（历史表达式、汇总的各月对比）；不会写入账本

## Chinese first, the last texts: built-in fields, coverage rows, the language server's
## refusals, usage lines' value names and values' help (src/check/symbols.rs,
## src/report/coverage.rs, src/lsp/, src/cli/lang.rs)
field-agent-id = 员工的工号，按记录里的写法
field-agent-name = 员工的姓名
field-agent-tier = 员工本月的等级
field-agent-hired-on = 员工的入职日期
field-incident-agent = 这条事件所记员工的工号
field-incident-date = 事件发生的日期
field-incident-violation = 这条事件属于哪一项违规
coverage-row = 行 `{ $row }`
lsp-refuse-invalid-params = 参数无效：{ $reason }
lsp-refuse-not-initialized = 服务器还没有初始化
lsp-refuse-shutting-down = 服务器正在关闭
lsp-refuse-already-initialized = 服务器已经初始化过了
lsp-refuse-method-by-kaohe = kaohe lsp 不支持方法 `{ $method }`
lsp-refuse-method = 不支持方法 `{ $method }`
lsp-refuse-initialize-object = initialize 的参数必须是一个对象
lsp-refuse-cancelled = 已取消
lsp-refuse-no-document = 这个请求没有指明文档
lsp-refuse-bug = kaohe lsp 处理这个请求时出错（这是 Kaohe 的缺陷，请报告）
lsp-malformed-length = 消息缺少有效的 `Content-Length` 头
lsp-malformed-too-large = 消息有 { $length } 字节，最多只读 { $max } 字节
lsp-malformed-json = 不是 JSON-RPC 消息：{ $reason }
cli-value-report-table = 在终端里看的表格
cli-value-report-json = 供程序读取的 JSON（键名在各种语言下都一样）
cli-value-report-csv = 供表格软件和程序读取的 CSV（列名在各种语言下都一样）
cli-value-report-xlsx = Excel 工作簿（需要 `--output`）
cli-value-bom-auto = 写到 `--output` 文件时加（方便 Excel 打开）；输出到屏幕时不加
cli-value-bom-yes = 总是加
cli-value-bom-no = 从不加
cli-value-order-agent = 每位员工的事件排在一起
cli-value-order-date = 按日期排列，与人事系统导出的一样
cli-value-diagnostics-human = 给人看：每条诊断连同它所指的那几行
cli-value-diagnostics-json = 给程序读：诊断写成 JSON
cli-value-coverage-text = 列出每一条款及其次数，再列出从未覆盖到的条款结果和行号
cli-value-coverage-lcov = lcov 跟踪文件：每种条款结果是一个分支（BRDA），供编辑器和 CI 使用
cli-value-diff-text = 给人看：修订改了哪些条文、哪些员工的结果随之改变
cli-value-diff-json = 同样的内容写成 JSON，供程序读取
cli-value-history-table = 在终端里看的表格
cli-value-history-json = 供程序读取的 JSON
cli-value-dialect-zh = 中文关键字：规定、违规、扣分…
cli-value-dialect-en = 英文关键字：policy、violation、points…
cli-value-lang-zh = 中文
cli-value-lang-en = 英文（English）
cli-value-name-addr = 地址
cli-value-name-agents = 员工文件
cli-value-name-bom = 方式
cli-value-name-code = 代码
cli-value-name-coverage-format = 格式
cli-value-name-db = 账本
cli-value-name-diagnostics = 格式
cli-value-name-dialect = 写法
cli-value-name-encoding = 编码
cli-value-name-file = 文件
cli-value-name-format = 格式
cli-value-name-id = 工号
cli-value-name-lang = 语言
cli-value-name-month = 月份
cli-value-name-name = 名称
cli-value-name-new = 新规定
cli-value-name-old = 旧规定
cli-value-name-out = 文件夹
cli-value-name-order = 顺序
cli-value-name-per-agent = 次数
cli-value-name-policy = 规定
cli-value-name-port = 端口
cli-value-name-seed = 种子
cli-value-name-text = 理由

## kaohe gen-month --policy
cli-gen-month-policy = 月份所用的规定：customer-service（自带的客服规定）或 rider（policies/rider-penalties.kh，语言第二版）
cli-value-scheme-customer-service = 自带的客服考核规定
cli-value-scheme-rider = 骑手奖惩办法，policies/rider-penalties.kh
cli-gen-rider-by-date = 骑手月份按日期排列，与配送系统导出的一样：请去掉 --order agent

## 工作簿：超长表格续写在后面的工作表上，及其临时文件（src/report/xlsx.rs）

# 表格的行数超过一张工作表的容量时续写的工作表：`违规明细 2`。
sheet-part = { $sheet } { $part }
sheet-no-temporary-file = 无法在 `{ $dir }` 中创建临时文件：{ $reason }（请将 TMPDIR 设为可写入的文件夹）
sheet-temporary-file-failed = 无法将工作表的行写入临时文件（磁盘是否已满？）：{ $reason }

## 超出内存预算的月份：已识别的违规记录暂存在临时文件中（src/records/spill.rs）

io-spill-unreadable = 无法从临时文件读回本月的违规记录（磁盘是否已满，或文件已被删除？）：{ $reason }
io-spill-unreadable-help = 请重新运行本月；尚未写入任何结果
