# Kaohe's messages in English.
#
# One message per text that people read; ids are English, lowercase, with dashes, and
# start with the area they belong to (cli-, explain-, column-, sheet-, record-, ...).
# Every id here is also in locales/zh/kaohe.ftl, with the same placeholders
# (tests/it/i18n.rs). Codes, JSON keys and CSV columns are never messages.

## The command line: help

cli-about = Kaohe (考核): check assessment and pay policies and evaluate a month of records
cli-opt-lang = Language of messages, explanations and headers: zh or en (default: KAOHE_LANG, else the locale)
cli-check = Type-check policy files and report every problem found
cli-check-format = How to print diagnostics
cli-check-policies = Policy files to check
cli-eval = Evaluate one month of agent and incident records
cli-eval-policy = The policy file
cli-eval-month = The month to evaluate, YYYY-MM
cli-eval-agents = Agents file (CSV, JSON, or a spreadsheet: .xlsx, .xls, .ods; `FILE.xlsx#SHEET` for a sheet)
cli-eval-incidents = Incidents file (CSV, JSON, or a spreadsheet: .xlsx, .xls, .ods; `FILE.xlsx#SHEET` for a sheet)
cli-eval-format = Output format
cli-opt-pretty = Indent JSON for people to read (without it, JSON is one compact line)
cli-eval-output = Write the result to this file (whole or not at all) instead of stdout
cli-eval-explain = Explain one agent's month, figure by figure
cli-eval-summary = Print the month's summary (pay per tier, points, violations, closed months) with small bar charts instead of the table; with `--format json`, add it as `summary`
cli-eval-encoding = Encoding of CSV files: auto (UTF-8, else GBK/GB18030), utf-8 or gbk
cli-eval-bom = Start CSV output with a UTF-8 byte order mark, as Excel expects
cli-eval-ledger = Read the agents' closed months from this ledger (history expressions); nothing is written to it. Without it there is no history. For `close`: the ledger to write (default `kaohe.db`)
cli-eval-diagnostics = How to print diagnostics
cli-fmt = Print policies in the canonical layout, check it, or rewrite the files
cli-fmt-check = Exit 1 and show a diff for each file that is not formatted; change nothing
cli-fmt-write = Rewrite the files in place
cli-fmt-policies = Policy files to format
cli-fmt-dialect = Write the keywords in this dialect (zh: 规定、违规、扣分…; en: policy, violation, points…); each file keeps its own when not given
cli-diff = Compare two revisions of a policy: declarations, and results on one month
cli-diff-old = The current policy
cli-diff-new = The revised policy
cli-diff-month = The month to evaluate both on, YYYY-MM
cli-diff-agents = Agents file (CSV or JSON)
cli-diff-incidents = Incidents file (CSV or JSON)
cli-diff-format = Output format
cli-diff-encoding = Encoding of CSV files: auto, utf-8 or gbk
cli-explain = Explain a diagnostic code, with a wrong example and its fix
cli-explain-code = A diagnostic code, e.g. `kaohe::unit_mismatch`, `unit_mismatch` or `record::unknown_agent`
cli-gen-month = Write a synthetic month for the bundled policy (for benchmarks)
cli-gen-month-month = The month to write, YYYY-MM
cli-gen-month-agents = Number of agents
cli-gen-month-per_agent = Average incidents per agent
cli-gen-month-seed = Seed of the random choices
cli-gen-month-out = Folder to write agents.csv and incidents.csv into
cli-gen-month-order = The order of the incidents: date (as HR systems export them) or agent (each agent's together); the bundled policy's months default to agent, the rider scheme's are in date order
cli-test = Run the worked examples (`test "…" {"{"} … {"}"}`) and the snapshots of policy files
cli-test-format = How to print diagnostics
cli-test-policies = Policy files whose worked examples and snapshots to run
cli-snapshot = Record a month's results as a snapshot of a policy; review, accept or reject new results
cli-snapshot-policies = The policy to take a snapshot of; with --review, --accept or --reject, the policies whose new results to decide about (none: every snapshot under the current folder)
cli-snapshot-month = The month to record, YYYY-MM
cli-snapshot-agents = Agents file (CSV, JSON, or a spreadsheet, `FILE.xlsx#SHEET` for a sheet)
cli-snapshot-incidents = Incidents file (CSV, JSON, or a spreadsheet, `FILE.xlsx#SHEET` for a sheet)
cli-snapshot-name = The snapshot's name (default: the month): `snapshots/<policy>__<NAME>.snap`
cli-snapshot-review = Show each snapshot's new results and ask: accept, reject or skip (at a terminal)
cli-snapshot-accept = Accept every new result: it becomes the snapshot
cli-snapshot-reject = Reject every new result: it is deleted, the snapshot stays as it was
cli-lsp = Serve the Language Server Protocol on stdin and stdout, for editors
cli-lsp-stdio = Accepted for editors that pass it; the server always speaks on stdin and stdout
cli-serve = The workbench: a page on this machine to edit a policy and run a month
cli-serve-policy = The policy file to edit and save (without one the page starts empty)
cli-serve-port = The port to listen on; 0 picks a free one
cli-serve-host = The address to listen on; anything but loopback lets other machines reach the page
cli-serve-no_open = Do not open the page in the browser
serve-cannot-listen = cannot listen on `{ $host }` port { $port }: { $reason }
serve-not-loopback = warning: `{ $host }` is not a loopback address: other machines that can reach this address can open the workbench (they still need the token in the address)
serve-cannot-open = note: the browser could not be opened ({ $reason }); open the address above yourself
serve-host-refused = refused: the request was addressed to `{ $value }`, not to this workbench (open the address `kaohe serve` printed)
serve-origin-refused = refused: the request came from the page `{ $value }`, not from this workbench
serve-token-missing = the token is missing: open the address `kaohe serve` printed, with its `?token=…`
serve-token-wrong = the token is wrong: open the address this run of `kaohe serve` printed
serve-too-large = the upload is larger than the limit of { $mib } MiB ({ $bytes } bytes)
serve-bad-json = the request is not the JSON expected: { $value }
serve-bad-body = the request's body cannot be read: { $value }
serve-bad-multipart = the request is not a form with files: { $value }
serve-missing-field = the form has no `{ $value }`
serve-field-not-text = the form's `{ $value }` is not UTF-8 text
serve-bad-month = { $value }
serve-bad-dialect = unknown dialect `{ $value }`: zh or en
serve-no-policy-file = no policy file is open: start `kaohe serve` with the policy file to save or compare
serve-file-changed = `{ $path }` changed on disk since it was loaded; nothing was written (reload the page to see the file, or copy your text first)
serve-no-such-endpoint = no such request `{ $value }`
serve-internal = the workbench could not answer this request (an internal error); nothing was written
cli-opt-coverage = Report how often each clause was exercised, and which never were
cli-opt-coverage_format = How to write the coverage report
cli-opt-coverage_output = Write the coverage report to this file (whole or not at all)
cli-close = Evaluate a month and record it in the ledger of closed months
cli-close-reopen = Close a month that is already closed again; the old record is kept, superseded
cli-close-reason = Why the month is reopened (kept with the new record)
cli-close-cascade = With `--reopen`: close every later month again from its stored inputs
cli-close-allow_gap = Close the month although the month before it is not closed
cli-history = One agent's closed months
cli-history-id = The agent's id
cli-history-format = Output format
cli-history-all = Show superseded records too (a reopened month's earlier closings)
cli-ledger = The ledger of closed months: list them, or verify them
cli-ledger-list = One closed month a line, `YYYY-MM` first
cli-ledger-list-all = Superseded records too
cli-ledger-verify = Check the chain of records and evaluate every closed month again from what it stored
cli-opt-ledger = The ledger (default `kaohe.db` in the current folder)
cli-opt-help = Print help
cli-help-command = Print this message or the help of the given subcommand(s)
cli-help-command-subcommand = The subcommand whose help to print
cli-opt-version = Print version

## The command line: usage errors (in English, clap's own wording is shown instead)

cli-error = error: { $message }
cli-error-unknown-argument = unexpected argument `{ $arg }`
cli-error-unknown-subcommand = unrecognized subcommand `{ $name }`
cli-error-invalid-value = invalid value `{ $value }` for `{ $arg }`
cli-error-value-validation = invalid value `{ $value }` for `{ $arg }`: { $reason }
cli-error-missing = the following required arguments were not provided: { $args }
cli-error-conflict = `{ $arg }` cannot be used with `{ $other }`
cli-error-missing-subcommand = a subcommand is needed: check, eval, fmt, diff, explain, test, snapshot, lsp or serve
cli-error-possible-values = possible values: { $values }
cli-did-you-mean = tip: a similar one exists: `{ $name }`
cli-more-info = For more information, try `--help`.
cli-help-line = help: { $help }

## The command line: its own messages

did-you-mean = did you mean `{ $name }`?
cli-check-ok = { $path }: ok
cli-check-ok-warnings = { $path }: ok ({ $count ->
    [one] { $count } warning
   *[other] { $count } warnings
})
cli-unknown-encoding = unknown encoding `{ $encoding }`: use auto, utf-8 or gbk
cli-explain-not-xlsx = `--explain` writes text or JSON, not a workbook: use `--format table` or `--format json`
cli-xlsx-needs-output = `--format xlsx` writes a workbook file, not text for the screen: add `--output FILE.xlsx`
cli-explain-no-agent = no agent `{ $id }` in `{ $file }`
cli-workbook-not-written = cannot write the workbook: { $reason }
cli-explain-no-code = no diagnostic code `{ $code }`
cli-explain-codes-are = help: the codes are:
cli-gen-cannot-write = cannot write into `{ $folder }`: { $reason }
month-not-a-month = `{ $text }` is not a month: write `YYYY-MM`, e.g. `2024-10`

io-cannot-read = cannot read `{ $path }`: { $reason }
io-cannot-read-help = check the path and that the file is readable
io-not-found = no such file
io-permission-denied = permission denied
io-policy-not-utf8 = `{ $path }` is not valid UTF-8 (at byte { $at })
io-policy-not-utf8-help = save the policy as UTF-8 text
io-cannot-write-result = cannot write the result: { $reason }
io-nothing-written = nothing was written
io-cannot-create-folder = cannot create the folder `{ $folder }`: { $reason }

## kaohe test (the last line, `N passed, M failed`, is the same in every language)

test-example-ok = { $name } ({ $count ->
    [one] { $count } expectation
   *[other] { $count } expectations
})
test-its-snapshots = its snapshots
test-policy-broken = a policy has errors (above); its worked examples and snapshots did not run
test-snapshot-ok = snapshot { $name } ({ $agents ->
    [one] { $agents } agent
   *[other] { $agents } agents
})
test-snapshot-changed = snapshot { $name } ({ $changed } of { $agents ->
    [one] { $agents } agent
   *[other] { $agents } agents
} changed)
test-snapshot-inputs-changed = snapshot { $name } (inputs changed)
test-snapshot-failed = snapshot { $name }
test-snapshot-differs = the snapshot `{ $name }` of `{ $policy }` does not match: { $changed ->
    [one] { $changed } agent
   *[other] { $changed } agents
} changed
test-snapshot-differs-help = the new results are in `{ $new_file }`; if the changes are what the revision means, accept them (`kaohe snapshot --accept { $policy }`, or one by one with `kaohe snapshot --review`), otherwise fix the policy

## kaohe snapshot

snapshot-usage = taking a snapshot needs one POLICY, `--month`, `--agents` and `--incidents`; `--review`, `--accept` or `--reject` decide about new results
snapshot-up-to-date = { $file }: up to date ({ $agents ->
    [one] { $agents } agent
   *[other] { $agents } agents
})
snapshot-wrote = wrote { $file } ({ $agents ->
    [one] { $agents } agent
   *[other] { $agents } agents
})
snapshot-unreadable = { $file }: cannot be read ({ $reason })
snapshot-wrote-new = wrote the new results to { $file }
snapshot-records-other = the snapshot `{ $name }` of `{ $policy }` records other results
snapshot-records-other-help = nothing was replaced: accept the new results with `kaohe snapshot --accept { $policy }`, or look at each with `kaohe snapshot --review`
snapshot-review-needs-terminal = `--review` asks about each snapshot at a terminal, and stdin is not one: use `--accept` or `--reject` to decide about all of them
snapshot-nothing-to-review = no new results to review
snapshot-reviewed = { $accepted } accepted, { $rejected } rejected, { $skipped } skipped
snapshot-review-stopped = the review stopped: { $reason }
snapshot-accepted = accepted { $file }
snapshot-rejected = rejected { $file }

## Diagnostics: how they are drawn

diag-more-like-this = … and { $count } more like this ({ $code })
diag-help-heading = help:{" "}
diag-at-position = { $message } (at { $file }:{ $line }:{ $column })

## The explanation of one agent's month (`kaohe eval --explain ID`)

explain-heading = { $id } { $name } — { $tier }, { $month }
explain-tenure = tenure: { $months } { $months ->
    [one] month
   *[other] months
} ({ $days } { $days ->
    [one] day
   *[other] days
}) at { $date }
explain-counted = incidents counted ({ $count })
explain-none = none
explain-compensation = , compensation { $amount } 元
explain-fine = , fine { $amount } 元
explain-incident = { $date } { $violation } ({ $severity }): { $points } 分{ $compensation }{ $fine }  [line { $line }]
explain-not-counted = incidents not counted ({ $count })
explain-not-counted-line = { $date } { $violation }: { $why }  [line { $line }]
explain-is-false = `{ $condition }` is false
explain-is-false-because = `{ $condition }` is false: { $values }
explain-escalations = escalations
explain-fired-fine = fired: { $points } 分, fine { $fine } 元, counts as one more { $severity }
explain-fired = fired: { $points } 分, counts as one more { $severity }
explain-not-fired = did not fire
explain-escalation = { $name } ({ $severity }): { $outcome }
explain-when = when `{ $condition }`: { $values }
explain-counts = ; counts: { $counts }
explain-totals = totals: points { $points } 分, compensation { $compensation } 元{ $fine }{ $counts }
explain-requirements = tier requirements
explain-none-apply = none apply
explain-own-tier = own tier
explain-promotion = promotion
explain-assumed = { $tier } ({ $which }): `{ $requirement }` taken as holding: it is about the move into the tier, which the agent has made
explain-holds = holds
explain-does-not-hold = does not hold
explain-requirement = { $tier } ({ $which }): `{ $requirement }` { $verdict }: { $values }
explain-true = true
explain-false = false
explain-verdict = tier_ok: { $tier_ok }; promotion: { $promotion }
explain-pay = pay
explain-caps = caps
explain-week-from = week from { $date }
explain-the-month = the month
explain-cap = { $target }: `{ $cap }` [line { $line }]
explain-cap-figures = { $period }: { $before } → { $limit }, withheld { $withheld }

## Tables and workbooks: column titles are the CSV column names in English

column-id = id
column-name = name
column-tier = tier
column-tenure_months = tenure_months
column-points = points
column-compensation = compensation
column-fine = fine
column-withheld_points = withheld_points
column-withheld_compensation = withheld_compensation
column-withheld_fine = withheld_fine
column-escalations = escalations
column-promotion = promotion
column-tier_ok = tier_ok
column-agent = agent
column-date = date
column-violation = violation
column-severity = severity
column-clause = clause
column-line = line
column-agents = agents
column-occurrences = occurrences
table-tier-not-ok = (!) { $count } agent(s) do not meet their own tier's requirements (tier_ok = false)
sheet-results = results
sheet-incidents = incidents
sheet-summary = summary
sheet-total = total
sheet-total-overflow = a total of the summary sheet is beyond the 28 significant digits Kaohe computes with

## Record diagnostics (kaohe::record::…)

record-duplicate-agent = agent id `{ $id }` appears twice (lines { $first } and { $second })
record-duplicate-agent-label = second row with this id
record-duplicate-agent-first = first row
record-duplicate-agent-help = each agent has one row; merge the two rows or correct the id
record-invisible-twin = agent ids `{ $id }` and `{ $other }` differ only by invisible characters
record-invisible-twin-label = looks like an earlier id
record-invisible-twin-other = this one
record-invisible-twin-help = retype the id: it holds a character that is drawn as nothing, pasted with it
record-unknown-agent = incident on line { $line } names agent `{ $agent }`, who is not in the roster
record-unknown-agent-label = unknown agent
record-unknown-agent-help = add the agent to the agents file, or correct the id
record-ragged-row = line { $line } has { $cells } { $cells ->
    [one] cell
   *[other] cells
} but the header has { $columns }
record-ragged-row-label = this row
record-ragged-row-help = every row has one cell per column; check for a stray or missing comma, or quote a cell that contains a comma
record-not-in-effect = the policy takes effect on { $effective }, after { $month }
record-not-in-effect-help = evaluate { $month } or a later month
record-not-in-effect-label = in effect from here
record-hole = the policy has a value still to be decided
record-hole-help = fill in every `TBD` before evaluating a month
record-hired-after-month = agent `{ $id }` was hired on { $hired }, after { $month }
record-hired-after-month-label = after the month
record-hired-after-month-help = evaluate a later month, or leave agent `{ $id }` out of { $month }'s roster
record-tier-since-before-hired = agent `{ $id }` took the tier on { $since }, before being hired on { $hired }
record-tier-since-before-hired-help = `tier_since` is the day the agent took the current tier, on or after `hired_on`; leave it empty when it is the day of hiring
record-tier-since-after-month = agent `{ $id }` took the tier on { $since }, after { $month }
record-tier-since-after-month-help = an agent evaluated for { $month } holds the tier by { $last }
record-date-outside-month = incident dated { $date } is outside { $month }
record-date-outside-month-label = not in { $month }
record-date-outside-month-help = only incidents from { $first } to { $last } belong to this month
record-bad-value = `{ $field }` is not { $expected }: `{ $text }`
record-bad-value-label = expected { $expected }
record-choice = `{ $field }` is not one of its values: `{ $text }`
record-choice-label = one of { $values } is wanted
record-choice-help = the values of `{ $field }` are { $values }
record-expected-bool = a yes/no value
record-expected-bool-help = write `true`/`false`, `是`/`否`, `yes`/`no` or `1`/`0`
record-expected-date = a date
record-expected-date-help = write the date as `2024-10-05`, `2024/10/5` or `2024年10月5日`
record-expected-severity = a severity
record-expected-severity-help = use one of the policy's severities
record-noun-tier = tier
record-noun-violation = violation
record-escalation-as-incident = `{ $name }` is an escalation: Kaohe decides when it fires from the month's counts; remove this row
record-negative = `{ $field }` is negative: `{ $text }`
record-negative-label = a negative amount
record-negative-help = correct the cell; if `{ $field }` may be negative, declare it so: `{ $field }: signed …`
record-expected-money = an amount of money
record-expected-points = a number of points
record-expected-duration = a duration
record-expected-period = a number of months
record-expected-days = a number of days
record-expected-number = a number
record-expected-quantity = a quantity in { $unit }
record-unknown-name = unknown { $what } `{ $text }`
record-unknown-name-label = not a { $what } of the policy
record-unknown-name-help = the policy's { $what }s are { $names }
record-write-number-unit = write a number, with or without its unit, e.g. { $examples }
record-write-number = write a number, e.g. `12.5`
record-number-too-large = the number is too large
record-no-default-unit = the field has no default to take a unit from: write the unit after the number, e.g. `{ $number } { $unit }`
record-not-a-spelling = `{ $unit }` is not a spelling of this unit: write e.g. `5.5 { $spellings }`
record-write-eg = : write e.g. { $examples }
record-not-a-unit-of = `{ $unit }` is not a unit of { $expected }{ $examples }
record-column-twice = column `{ $column }` appears twice in the header
record-column-twice-label = again here
record-column-twice-first = first here
record-column-twice-help = rename or remove one of the two columns
record-missing-key = no record in `{ $file }` has a `{ $field }` key
record-missing-key-label = this record has no `{ $field }`
record-missing-column = `{ $file }` has no column `{ $field }`
record-header-row = header row
record-missing-key-rename = did you mean `{ $name }`? rename the key to `{ $field }`, or add `from "{ $name }"` to `{ $record }.{ $field }` in the policy
record-missing-column-rename = did you mean `{ $name }`? rename the column to `{ $field }`, or add `from "{ $name }"` to `{ $record }.{ $field }` in the policy
record-missing-key-help = add `"{ $field }": …` to every record: every { $record } needs a { $type } value
record-missing-column-help = add a `{ $field }` column: every { $record } needs a { $type } value
record-missing-column-any = `{ $file }` has no column for `{ $field }` (read from any of { $headers })
record-missing-key-any = no record in `{ $file }` has a key for `{ $field }` (read from any of { $headers })
record-field-two-columns = `{ $field }` is read from two columns, `{ $first }` and `{ $second }`
record-field-two-columns-label = a second column of `{ $field }`
record-field-two-columns-first = the first
record-field-two-columns-help = `{ $field }` is read from one column: remove one of the two, or rename its header
record-undeclared-column = column `{ $column }` is not a field of the { $record } schema and is ignored
record-undeclared-column-label = not used
record-undeclared-column-rename = if this is the `{ $field }` column, rename its header to `{ $field }`, or add `from "{ $column }"` to `{ $record }.{ $field }` in the policy
record-undeclared-column-help = declare it in the policy's `{ $record } {"{"} … {"}"}` block to use it
record-cell-empty = line { $line }: `{ $field }` is empty
record-json-no-key = the record on line { $line } has no `{ $field }`
record-cell-missing = line { $line }: `{ $field }` is missing
record-value-required = a value is required
record-value-required-help = fill in `{ $field }` ({ $type }); the field has no default
record-many-undeclared = { $count } columns are not fields of the { $record } schema and are ignored: { $shown } and { $more } more
record-many-undeclared-help = declare the ones you need in the policy's `{ $record } {"{"} … {"}"}` block, or delete them
record-many-undeclared-label = not used, nor the columns after it
record-not-utf8 = `{ $file }` is not valid UTF-8 (at byte { $at })
record-not-utf8-label = not UTF-8 from here
record-not-utf8-help = save the file as UTF-8, or pass `--encoding gbk` if Excel saved it on Chinese Windows
record-not-text = `{ $file }` is neither UTF-8 nor GBK text
record-not-text-help = export the sheet as CSV (UTF-8) and try again
record-json-unreadable = this JSON cannot be read: { $reason }
record-here = here
record-json-unreadable-help = the file must be a JSON array of objects, one object per record
record-json-not-array = the JSON file is not an array of records
record-json-not-array-label = expected `[`
record-json-not-array-help = write `[{"{"}"id": "A001", …{"}"}, …]`: one object per record
record-json-not-object = record { $record } is not an object
record-json-not-object-label = expected `{"{"}`
record-json-not-object-help = each record is an object: `{"{"}"agent": "A001", "date": "2024-10-05", …{"}"}`
record-json-key-twice = record { $record } gives `{ $key }` twice
record-json-key-twice-help = each key appears once in a record; a reader would take one value and drop the other
record-json-nested = `{ $key }` holds a list or an object
record-json-nested-label = expected a string, a number or a bool
record-json-nested-help = each field of a record is one value
record-empty-file = the file is empty: no header row
record-empty-file-label = expected a header row
record-empty-file-help = the first line names the columns, e.g. `id,name,tier,hired_on`
record-csv-unreadable = this CSV cannot be read: { $reason }
record-csv-unreadable-help = check the quotes on this line: a quoted cell must end with `"`
record-unclosed-quote = a quoted cell is never closed
record-unclosed-quote-label = this `"` has no closing `"`
record-unclosed-quote-help = end the cell with `"`, or remove the stray `"`; everything after it was read as one cell

## Run-time diagnostics (kaohe::runtime::…)

runtime-of-agent = agent `{ $agent }`: { $message }
runtime-in = in `{ $expr }`
runtime-internal-help = this is a bug in Kaohe, not in the policy: please report it with the policy and the records
runtime-division-by-zero-help = guard the division with `if`, comparing the divisor with zero in its own unit: `if 天数 == 0 days then 0 分 else 总分 / 天数`
runtime-empty-help = the agent has no such occurrence this month: guard it, e.g. `if count(质检) > 0 then avg(质检, incident.得分) else 0`
runtime-negative-cap-help = a cap is the most an amount may add up to, zero at least: keep it from going below zero, e.g. `max(agent.上限 - 100 元, 0 元)`
runtime-overflow-help = the values are beyond the 28 significant digits Kaohe computes with; check the records
runtime-overflow = `{ $expr }` overflows
runtime-empty = `{ $expr }` has no occurrence to take it over
runtime-no-row-matched = no row of table `{ $table }` matched
runtime-division-by-zero = `{ $expr }` divides by zero
runtime-negative-cap = the cap `{ $cap }` is { $limit }, below zero

## Worked examples (kaohe::test::failed)

test-example-failed = worked example "{ $name }": { $message }
test-month-before-policy = month before the policy
test-does-not-hold = `{ $expect }` does not hold: the month gives { $got }
test-does-not-hold-label = expected { $op } { $want }, got { $got }
test-does-not-hold-help = either the policy or the worked example is wrong: the explanation of this agent (`kaohe eval --explain`) shows how the figure was reached

## Check diagnostics (kaohe::undefined, kaohe::duplicate, kaohe::type_mismatch, kaohe::scope, …)

check-not-defined = `{ $name }` is not defined
check-not-defined-label = not defined
check-this-is = this is { $type }
check-declared-here = declared here
check-agent-field-written = an agent's field is written `agent.{ $name }`
check-incident-field-written = an incident's field is written `incident.{ $name }`
check-tier-attribute-written = a tier attribute is written `tier.{ $name }`
check-no-attribute = `tier` has no attribute `{ $name }`
check-no-attribute-label = unknown attribute
check-no-attribute-help = tier attributes are the names defined in every `tier` block
check-no-field = `{ $record }` has no field `{ $name }`
check-no-field-label = unknown field
check-no-field-help = declare it in the `{ $record } {"{"} … {"}"}` block, e.g. `{ $name }: bool = false`
check-if-branches = the branches of `if` differ: { $then } and { $else }
check-if-branches-help = both branches must have the same type
check-builtin-name = `{ $name }` is a built-in name
check-builtin-name-label = already built in
check-builtin-name-help = choose another name for this { $kind }
check-declared-twice = `{ $name }` is declared twice
check-declared-twice-label = { $kind } `{ $name }` declared again here
check-declared-twice-first = first declared here as a { $kind }
check-declared-twice-help = every tier, severity, violation, escalation, let, table and pay line needs its own name
kind-tier = tier
kind-severity = severity
kind-violation = violation
kind-escalation = escalation
kind-let = let
kind-table = table
kind-pay-line = pay line
scope-const = a constant (a tier attribute or a field default)
scope-table = a table row
scope-violation = a violation
scope-aggregate = the expression of an aggregate
scope-escalation = an escalation
scope-requires = a tier requirement
scope-cap = a cap
scope-let = a `let`
scope-pay = a pay line
need-incident = one incident
need-occurrence = a counted occurrence
need-agent = the agent
need-counts = the month's counts
need-totals = a total of the month

## Syntax diagnostics (kaohe::syntax)

syntax-rule-eoi = end of file
syntax-rule-name = a name
syntax-rule-expression = an expression
syntax-rule-string = a string
syntax-rule-date = a date (YYYY-MM-DD)
syntax-rule-month = a month (YYYY-MM)
syntax-rule-number = a number
syntax-rule-unit = a unit
syntax-rule-type = a type
syntax-rule-declaration = a declaration
syntax-rule-policy-item = a policy item (version, effective, issued_by, interpreted_by, status)
syntax-rule-field = a field (`name: type`)
syntax-rule-tier-item = a tier attribute or `requires`
syntax-rule-rule-item = `severity`, `points =`, `when` or `compensation =`
syntax-rule-table-row = a table row (`condition => value` or `else => value`)
syntax-rule-pay-line = a pay line (`name = expression`)
syntax-rule-test-item = `month`, `agent`, `incident`, `expect` or `history`
syntax-rule-history-fact = a stored figure (`A1.结转赔偿 = 400 元`)
syntax-rule-param = a parameter (`name: type`)
syntax-rule-status = `draft` or `active`
syntax-rule-comparison = a comparison
syntax-rule-operator = an operator
syntax-rule-agent-id = an agent id
syntax-rule-assign = `field = value`
syntax-list-separator = {", "}
syntax-list-or = { $items } or { $last }
syntax-end-of-line = end of line
syntax-unexpected = unexpected { $found }
syntax-expected-found = expected { $expected }, found { $found }
syntax-doc-documents-nothing = this doc comment documents nothing
syntax-doc-documents-nothing-label = nothing follows it
syntax-doc-documents-nothing-help = a `///` doc comment stands right before a declaration or an item; remove it, or write `//` for a plain comment
syntax-line-begins-with-operator = a line cannot begin with `{ $op }`
syntax-line-begins-with-operator-label = this starts a new item
syntax-line-begins-with-operator-help = an expression goes on to the next line only after an operator or inside brackets: move `{ $op }` to the end of the line above, or put the whole expression in `( )`
syntax-keyword-as-name = `{ $word }` is a keyword and cannot be used as a name
syntax-keyword-as-name-label = a keyword
syntax-keyword-as-name-help = choose another name, e.g. `{ $word }1` or a Chinese name
syntax-colon-for-equals = expected `=` after `{ $word }`, found `:`
syntax-colon-for-equals-label = `:` declares a field's type
syntax-colon-for-equals-help = give the item its value with `=`: `{ $word } = …`
syntax-arrow = expected `=>` between a table row's condition and its value
syntax-arrow-label = `->` here
syntax-arrow-help = write each row as `condition => value`
syntax-name-after-number = unexpected `{ $word }` after the number `{ $number }`
syntax-name-after-number-label = a name after a number
syntax-name-after-number-help = to multiply, write `{ $number } * { $word }`; a unit is read only when no other letter follows it
syntax-equals-for-compare-help = compare with `==`; a single `=` gives a name its value
syntax-percent-help = write a percentage with no space: `20%`

## Check diagnostics: scopes, pay lines, values that are not values

scope-const-sees = a constant sees literals, constant `let`s and tables
scope-table-sees = a table row sees its parameters and constants
scope-violation-sees = a violation sees `incident.*`, `agent.*`, `tier.*`, `tenure` and constants, not month totals
scope-aggregate-sees = an aggregate's expression is evaluated once per counted occurrence: it sees `incident.*`, `agent.*`, `tier.*`, `tenure` and constants
scope-escalation-sees = an escalation sees `count`, `distinct`, `agent.*`, `tier.*`, `tenure` and constants, not `points` or `compensation`
scope-cap-sees = a cap is known before any incident: it sees `agent.*`, `tier.*`, `tenure` and constants, not one incident or the month's counts
scope-month-sees = it sees the agent's month (`count`, `points`, `compensation`, `agent.*`, `tenure`), not one incident
scope-pay-sees = a pay line sees the agent's month and the pay lines above it
check-record-not-value = `{ $record }` is a record, not a value
check-record-not-value-label = name one of its fields
check-record-not-value-help = write a field, e.g. `{ $example }`
check-neg-needs-number = `-` needs a number or a quantity, not { $type }
check-scope = `{ $what }` cannot be used in { $scope }
check-scope-label = needs { $need }
check-scope-escalation-totals = the month's totals include the escalations themselves
check-scope-escalation-totals-help = an escalation fires on counts: use `count(…)` or `distinct(…)`
check-escalation-not-value = escalation `{ $name }` is not a value
check-escalation-not-value-help = to ask whether it fired, write `count({ $name }) > 0`
check-table-not-called = table `{ $name }` must be called with its arguments
check-table-not-called-label = a table
check-table-not-called-help = call it: `{ $name }(…)`
check-scope-depends = `{ $name }` depends on `{ $on }`, { $need }
check-scope-depends-on = `{ $on }` (line { $line })
check-pay-self = pay line `{ $name }` is computed from itself
check-pay-self-label = uses itself
check-pay-self-help = a pay line may use only the lines above it
check-pay-later = pay line `{ $name }` is computed after this one
check-pay-later-label = used before it is computed
check-pay-later-decl = computed here, later
check-pay-later-help = pay lines are computed in order: move `{ $name }` above this line
check-pay-out-of-scope = pay line `{ $name }` cannot be used in { $scope }
check-pay-decl = computed here
check-pay-out-of-scope-help = pay lines are visible only to later pay lines; compute the value with a `let` to share it

## Check diagnostics: types and units

check-must-be = { $what } must be { $want }, not { $got }
check-compare-for-bool = compare it to get a bool, e.g. `{ $expr } >= { $example }`
check-months-and-days = months and days are different measures: compare `tenure` with months (`3 months`) or `tenure_days` with days (`90 days`)
check-give-unit = give the number its unit: `{ $number } { $unit }`
check-multiply-to-get = multiply by a quantity in { $unit } to get { $want }
check-divide-to-get-number = divide by a quantity in { $unit } to get a plain number
check-value-in-unit-wanted = a value in { $unit } is wanted here
check-hole-active = `{ $hole }` in an active policy
check-hole-active-label = value not decided
check-hole-active-help = fill in the value, or set `status draft` while the policy is being written
check-hole-draft = `{ $hole }`: a value still to be decided
check-hole-draft-label = hole
check-hole-draft-help = a draft may keep holes, but no month can be evaluated until each is filled in
check-choice-type = one of ({ $values })
check-cannot-add = cannot add { $left } and { $right }
check-cannot-subtract = cannot subtract { $left } and { $right }
check-cannot-combine = `{ $op }` cannot combine { $left } and { $right }
check-cannot-combine-help = arithmetic works on numbers and quantities; dates take `+`/`-` with days or months
check-cannot-compare = cannot compare { $left } with { $right }
check-no-order = { $type } values have no order
check-no-order-label = `{ $op }` on { $type }
check-no-order-help = compare them with `==` or `!=`
check-what-not-operand = the operand of `not`
check-what-if-condition = the condition of `if`
check-what-where-condition = the condition after `where`
check-what-table-argument = argument `{ $param }` of table `{ $table }`
check-what-requirement = a requirement
check-what-table-row-condition = a table row's condition
check-what-table-row = a row of table `{ $table }`

## Check diagnostics: units, cycles, tables, tiers

unit-listed-twice = `{ $name }` is listed twice
unit-listed-twice-label = listed again here
unit-listed-twice-help = list each spelling once
unit-builtin = `{ $name }` is a built-in unit
unit-builtin-label = already a unit
unit-builtin-help = a declared unit needs a spelling of its own: `unit 公里 (km, 千米)`
unit-type-name = `{ $name }` is the name of a type
unit-type-name-label = already a type
unit-type-name-help = choose another spelling: a field typed with it would be ambiguous
unit-spelled-twice = `{ $name }` already spells a unit
unit-spelled-twice-label = spelled again here
unit-spelled-twice-help = each spelling names one unit
unit-spelled-twice-first = the unit it spells
unit-number-then-name = a number followed by the name `{ $name }`
unit-number-then-name-label = a number and a name, with nothing between them
unit-number-then-name-help = write an operator between them, e.g. `{ $number } * { $name }`
unit-unknown = unknown unit `{ $name }`
unit-unknown-label = not a unit
unit-unknown-help = declare it before using it, e.g. `unit { $name }`; the built-in units are 元, 分, 分钟, 小时, 个月, 年, 天
cycle-escalation-own-severity = escalation `{ $name }` counts its own severity `{ $severity }`
cycle-escalation-own-severity-label = this escalation would count itself
cycle-escalations = escalations depend on each other: { $names }
cycle-starts-here = starts here
cycle-part = part of the cycle
cycle-escalation-help = an escalation counts as one occurrence of its own severity, so it cannot be triggered by counting that severity; count the violations by name instead, or give it another severity
cycle-let = `{ $name }` is defined in terms of itself
cycle-let-label = this let
cycle-let-used-again = used again here
cycle-let-help = a `let` must be computable from other values; break the chain
table-row-after-else = this row comes after `else` and is never used
table-row-after-else-label = unreachable
table-row-after-else-else = `else` matches everything
table-row-after-else-help = move `else` to the last row
table-no-else = table `{ $table }` has no `else` row
table-no-else-label = some inputs match no row
table-no-else-help = add a last row `else => …` for the inputs no other row matches
tier-defines-twice = tier `{ $tier }` defines `{ $name }` twice
tier-defines-twice-label = defined again here
tier-defines-twice-first = first defined here
tier-attribute-types-differ = `{ $name }` is { $type } in tier `{ $tier }` but { $other_type } in tier `{ $other_tier }`
tier-attribute-type-here = { $type } here
tier-attribute-types-differ-help = every tier defines the same attributes with the same types
tier-missing-attribute = tier `{ $tier }` does not define `{ $name }`
tier-missing-attribute-label = `{ $name }` missing
tier-missing-attribute-other = tier `{ $tier }` defines it
tier-missing-attribute-help = every tier defines the same attributes: add `{ $name } = …` to tier `{ $tier }`

## Full-width punctuation and digits (kaohe::fullwidth)

fullwidth-digits = full-width digits `{ $digits }` outside a string
fullwidth-digits-label = full-width digits
fullwidth-digits-help = write `{ $ascii }` (switch the input method to half-width)
fullwidth-ideographic-space = ideographic space (U+3000)
fullwidth-ordinary-space = an ordinary space
fullwidth-space-label = full-width space
fullwidth-digit-label = full-width digit
fullwidth-punctuation-label = full-width punctuation
fullwidth-char = full-width { $char } outside a string
fullwidth-help = use { $ascii } instead (switch the input method to half-width)

## The keyword dialects

dialect-english-file = this file is written with English keywords (it begins with `policy`): write `{ $keyword }` for `{ $word }`, or begin the file with `规定` to write it all in Chinese
dialect-chinese-file = this file is written with Chinese keywords (it begins with `规定`): write `{ $keyword }` for `{ $word }`

## Check diagnostics: the policy header and the record blocks

header-missing = the file has no `policy` header
header-missing-label = expected `policy "title" {"{"} … {"}"}` here
header-missing-help = start the file with `policy "标题" {"{"} effective 2024-10-01  status draft {"}"}`
header-twice = a file has one `policy` header
header-twice-label = second header
header-twice-first = first header
header-twice-help = keep one header; put other revisions in their own files
header-item-twice = `{ $item }` is given twice
header-item-twice-label = given again here
header-item-twice-first = first given here
header-item-missing = the policy header has no `{ $item }`
header-item-missing-label = `{ $item }` is required
header-item-missing-help = add `{ $example }` inside the header
schema-block-twice = a policy has one `{ $block }` block
schema-block-twice-label = second block
schema-block-twice-first = first block
schema-block-twice-help = declare all the fields in the first block
schema-columns-not-builtin = `{ $record }.{ $field }` has no type: only a built-in field is named without one
schema-columns-not-builtin-label = no type
schema-columns-not-builtin-help = give it a type (`{ $field }: text from "…"`), or name a built-in field: { $builtins }
schema-columns-twice = the headers of `{ $record }.{ $field }` are declared twice
schema-columns-twice-label = declared again here
schema-columns-twice-first = first declared here
schema-columns-twice-help = list every header on one line: `from "工号" | "员工编号"`
schema-column-shared = header `{ $column }` is declared for both `{ $record }.{ $first }` and `{ $record }.{ $second }`
schema-column-shared-label = `{ $field }` is read from it
schema-column-shared-first = and so is `{ $field }`
schema-column-shared-help = a column is read by one field: give one of them another header than `{ $column }`

## Reading workbooks

sheet-kind-xls = an Excel 97-2003 workbook (.xls)
sheet-kind-xlsb = an Excel binary workbook (.xlsb)
sheet-kind-ods = an OpenDocument spreadsheet (.ods)
sheet-kind-xlsx = an Excel workbook (.xlsx)
sheet-save-again = open the workbook in Excel or LibreOffice and save it again, or export the sheet as CSV
sheet-cannot-open = `{ $file }` cannot be read as { $kind }: { $reason }
sheet-cannot-open-help = the file's extension decides how it is read: open it in Excel or LibreOffice and save it again as .xlsx, or export the sheet as CSV (UTF-8)
sheet-none = `{ $file }` has no sheet
sheet-none-help = put the records on the workbook's first sheet, with a header row
sheet-unknown-help = the sheets of `{ $file }` are { $sheets }
sheet-unknown = cannot read `{ $name }`: `{ $file }` has no sheet `{ $sheet }`
sheet-cannot-read = sheet `{ $sheet }` of `{ $file }` cannot be read: { $reason }
sheet-refused = `{ $file }` cannot be read: { $reason }
sheet-refused-help = Kaohe reads workbooks within limits (docs/excel.md, "Limits"): keep one table per sheet, delete what lies beyond it (Ctrl+End shows the last cell Excel counts as used) and save again, or export the sheet as CSV
sheet-reader-failed = `{ $file }` cannot be read as { $kind }: the workbook reader failed on it ({ $message })
sheet-damaged-help = the file is probably damaged: { $save_again }
sheet-too-slow = `{ $file }` cannot be read: reading it took longer than { $seconds } seconds
sheet-too-slow-help = the file is probably damaged or far larger than a month's records: { $save_again }
check-policy-unreadable = the policy could not be read

## Check diagnostics: violations and escalations

rule-item-twice = { $kind } `{ $name }` has two `{ $item }` items
rule-item-twice-help = keep one `{ $item }` item; to combine conditions use `and`/`or`, to combine amounts use `+`
rule-item-missing = { $kind } `{ $name }` has no `{ $item }`
rule-item-missing-help = add `{ $example }` to the block
rule-not-a-severity = `{ $name }` is a { $kind }, not a severity
rule-not-a-severity-label = not a severity
rule-declared-as = declared as a { $kind }
rule-unknown-severity = unknown severity `{ $name }`
rule-not-declared = not declared
rule-declare-severity-first = declare the severity first: `severity 重度`
rule-severities-are = the severities are { $names }

## Check diagnostics: calls, tables, occurrence

check-not-a-table = `{ $name }` is a { $kind }, not a table
check-not-a-table-label = cannot be called
check-not-a-table-help = only tables take arguments; use `{ $name }` without brackets
check-no-function = no table or function `{ $name }`
check-no-function-help = the built-in functions are { $functions }
check-arity = `{ $name }` takes { $want } { $want ->
    [one] argument
   *[other] arguments
}, not { $given }
check-arity-label = { $given } given
check-arity-help = call it as `{ $call }`
check-min-max-type = `{ $name }` compares numbers, quantities, dates or tiers, not { $type }
check-arguments-differ = the arguments of `{ $name }` differ: { $first } and { $other }
check-occurrence-in-when = `occurrence` cannot be used in a violation's `when`
check-occurrence-in-when-label = an incident is ranked only once it is counted
check-occurrence-in-when-help = `when` decides whether the incident counts; use `occurrence` in `points`, `compensation` or `fine`, e.g. `fine = if occurrence >= 3 then 10 元 else 5 元`
check-occurrence-help = `occurrence` is the rank of one occurrence: use it in a violation's `points`, `compensation` or `fine`
check-no-fields = { $type } has no fields
check-no-fields-label = no field `{ $name }`
check-no-fields-help = fields belong to `agent`, `incident` and `tier`: e.g. `agent.tier`, `tier.base_salary`

## Explanations: why and why not (`--explain`, the workbook's explanation sheet)

explain-not-fired-because = did not fire: { $why }
explain-no-promotion-because = none ({ $why })
explain-no-promotion = none: { $why }
explain-tier-requires = { $tier } requires `{ $requirement }`: { $why }
explain-requirement-fails = `{ $requirement }` does not hold: { $why }
explain-table-row = { $call }: row { $row } (line { $line }) → { $value }
explain-table-else = { $call }: { $row } (line { $line }) → { $value }
sheet-explanation = explanation
column-item = item
column-explanation = explanation

## The ledger: kaohe close, history, ledger (src/ledger/, src/closing.rs)
ledger-invalid = `{ $path }` is not a Kaohe ledger Kaohe can use: { $why }
ledger-invalid-help = the file was left as it was; name the ledger with `--ledger PATH`, or restore it from a backup
ledger-why-corrupt = its contents are corrupt
ledger-cannot-use = cannot use the ledger `{ $path }`: { $error }
ledger-why-unreadable = it cannot be read: { $error }
ledger-why-folder = it is a folder
ledger-why-empty = it is empty
ledger-why-not-sqlite = it is not an SQLite database
ledger-why-other-program = it is an SQLite database of another program
ledger-why-newer = its schema is version { $version }, newer than this Kaohe's ({ $supported }): use a newer Kaohe
ledger-why-older = its schema is version { $version }, older than this Kaohe's ({ $supported }): the next `kaohe close` migrates it
ledger-why-no-tables = it lacks the ledger's tables
ledger-missing = no ledger `{ $path }`
ledger-missing-help = a ledger is created by the first `kaohe close`; check the path given to `--ledger`
ledger-cannot-create = cannot create the ledger `{ $path }`: { $error }
ledger-record-unreadable = record { $id } holds results that cannot be read
ledger-closed = { $month } is already closed in `{ $path }`
ledger-closed-help = a closed month is not closed again by accident: to correct it, `kaohe close … --month { $month } --reopen --reason "…"` (the old record stays)
ledger-record-not-a-month = record { $id } names `{ $month }`, which is not a month
ledger-mismatch = the ledger `{ $path }` does not match itself: { $what }
ledger-mismatch-help = a stored record was changed or damaged after it was closed: restore the ledger from a backup; Kaohe does not use a broken chain
ledger-record-what = { $month } (record { $id }, closed { $at }): { $problem }
ledger-broken-link = its link to the record before it is broken
ledger-results-changed = its stored results are not the ones it was closed with
ledger-policy-changed = its policy text is not the one it was closed with
ledger-input-changed = its copy of `{ $name }` was changed
ledger-hash-differs = its contents do not match its hash
ledger-reopen-alone = { $month } cannot be reopened alone: { $later } closed after it read its figures
ledger-reopen-alone-help = add `--cascade` to close { $later } again from their stored inputs with the corrected history
ledger-earlier = { $month } is earlier than { $latest }, which is already closed
ledger-earlier-help = months are closed in calendar order: a month before the latest closed one cannot be closed now
ledger-gap = { $month } follows { $latest }, but { $before } is not closed
ledger-gap-help = close { $before } first, or add `--allow-gap` if no month between was paid (history then counts the months between as absent)
ledger-policy-no-longer-checks = { $month }: its stored policy `{ $policy }` no longer checks
ledger-diff-not-evaluated = { $id }: stored, but not in the month evaluated again
ledger-diff-figure = { $id } { $name }: stored { $stored }, evaluated { $now }
ledger-diff-no-longer-computed = { $id } { $name }: stored, but no longer computed
ledger-diff-not-stored = { $id } { $name }: computed, but not stored
ledger-diff-agent-not-stored = { $id }: in the month evaluated again, but not stored
ledger-verify-differs = { $months } of `{ $path }` evaluate to other results than the ledger stores
ledger-verify-differs-help = a stored figure was changed, or this Kaohe computes the month differently: compare the versions, restore the ledger from a backup
ledger-cascade-reason = cascade from { $month }: { $reason }
ledger-reopened-reason = reopened
ledger-in-use = ledger: { $path }
ledger-read-only = ledger: { $path } (read only)
ledger-tier-change = tier: { $change }
ledger-tier-changes-more = tier: … and { $count } more agents whose tier changed (`kaohe history ID` shows each)
ledger-closed-month = closed { $month } in { $path }: { $agents } agents
ledger-reclosed-month = closed { $month } (reopened) in { $path }: { $agents } agents
ledger-cascaded = closed { $month } again from its stored inputs (cascade)
ledger-no-closed-month = { $id }: no closed month
ledger-list-record = { $month }  record { $id }  closed { $at }  { $agents } agents  { $policy } ({ $hash })  kaohe { $version }
ledger-list-superseded = {"  "}superseded by record { $id } at { $at }
ledger-list-reason = {"  "}reason: { $reason }
ledger-verify-agents = ({ $agents } agents)
ledger-verify-version = {"  "}(closed by kaohe { $version })

## Checking expressions: aggregates, counts, rounding (src/check/expr.rs)
check-quantity-too-large = the quantity is too large
check-quantity-too-large-label = too large
check-what-each-side = each side of { $word }
check-no-where = `{ $name }` does not take `where`
check-no-where-label = a filter
check-no-where-help = `where` filters the occurrences of `count`, `distinct`, `sum`, `avg`, `lowest` and `highest`
check-want-violation-or-severity = a violation or a severity
check-want-severity = a severity
check-want-counted = a violation, an escalation or a severity
check-distinct-of-severity = `distinct` counts the violations of a severity
check-distinct-of-severity-label = a violation
check-aggregate-not-quantity = `{ $name }` adds up numbers or quantities, not { $type }
check-aggregate-not-quantity-help = give a number per occurrence, e.g. `{ $name }(质检, incident.得分)`
check-takes-name-of = `{ $name }` takes the name of { $want }
check-not-a-name = not a name
check-write-eg = write e.g. `{ $example }`
check-taken-over = `{ $name }` is taken over { $want }
check-is-a = `{ $name }` is a { $kind }
check-counts-want = `{ $name }` counts { $want }
check-is-not-want = `{ $name }` is not { $want }
check-or-a-violation = { $severities }; or a violation, e.g. { $violations }
check-takes-severity-or-violation = `{ $name }` takes the name of a severity or a violation
check-rounds-not = `{ $name }` rounds a number or a quantity, not { $type }
check-digits-literal = the digits of `{ $name }` must be a whole number written out
check-digits-literal-label = not an integer literal
check-digits-literal-help = write how many decimal places to keep, e.g. `{ $name }(x, 2)`, or `{ $name }(x, -1)` for tens
check-money-digits = money has no digits past the cent: `{ $digits }` is more than 2
check-money-digits-label = more than 2 decimal places
check-money-digits-help = money is kept in whole cents: write `{ $name }(x, 2)` or fewer
check-and-list = { $rest } and { $last }

## Checking rules, fields, types and choices (src/check/rules.rs, header.rs)
rule-escalation-compensation = escalation `{ $name }` cannot owe compensation
rule-escalation-compensation-label = only a violation's occurrence owes compensation
rule-escalation-compensation-help = move `compensation` to the violation whose incidents owe it
rule-escalation-no-when = escalation `{ $name }` has no `when`
rule-escalation-no-when-label = `when` missing
rule-escalation-no-when-help = an escalation fires on the month's counts: add e.g. `when count(中度) >= 2`
rule-escalation-cap = escalation `{ $name }` cannot have a cap
rule-escalation-cap-label = an escalation fires once a month: there is nothing to cap
rule-escalation-cap-help = cap its severity instead: `severity 服务类 { "{" } cap points = 20 分 { "}" }`
rule-severity-only-caps = severity `{ $name }` cannot have `{ $item }`: its body holds only caps
rule-severity-only-caps-label = not a cap
rule-severity-only-caps-help = `{ $item }` belongs in a violation of this severity
rule-severity-cap-period = a severity's cap is per month, not per { $period }
rule-severity-cap-period-label = escalations, which a severity's amounts include, have no date
rule-severity-cap-period-help = cap per month here, or put `cap { $amount } = … per { $period }` in each violation
rule-what-cap-on = a cap on `{ $amount }`
header-field-twice = `{ $record }.{ $name }` is declared twice
header-declared-again = declared again here
header-first-declared = first declared here
header-builtin-field = `{ $name }` is a built-in field of every { $record }; it needs no declaration
header-what-default = the default of `{ $record }.{ $name }`
header-signed-not-quantity = `signed` applies to quantities, not to { $type }
header-signed-not-quantity-help = only a field with a unit (money, points, minutes, months, days) can be signed; a plain number may be negative already
header-unknown-type = unknown type `{ $name }`
header-unknown-type-label = not a type
header-types-are = the types are { $types }
header-parameter-twice = parameter `{ $name }` is declared twice
header-parameter-clash = parameter `{ $name }` has the name of a { $kind }
header-parameter-label = parameter
header-parameter-clash-help = give the parameter a name of its own
header-choice-empty = a choice needs at least one value
header-choice-empty-label = no values
header-choice-empty-help = list the values a cell may take: `one of ("重大", "一般", "轻微")`
header-choice-twice = `{ $value }` is listed twice
header-choice-again = listed again here
header-choice-first = first listed here
header-choice-twice-help = list each value once
header-not-a-choice = "{ $text }" is not one of the values it can take
header-not-a-choice-label = one of { $values } is wanted
header-did-you-mean-value = did you mean "{ $value }"?
header-values-are = the values are { $values }

## Checking worked examples (src/check/worked.rs)
worked-no-month = worked example "{ $name }" has no `month`
worked-no-month-label = which month?
worked-no-month-help = add `month 2024-10` as the example's first line
worked-history-not-before = `history { $history }` is not before the example's month { $month }
worked-history-not-before-label = a closed month is an earlier one
worked-history-not-before-help = history states months the ledger closed before the example's month
worked-history-no-agent = no agent `{ $agent }` in this example
worked-history-no-agent-label = not an agent of the example
worked-history-no-agent-help = state history for the example's agents (`agent … { "{" } … { "}" }`)
worked-not-a-month = not a month
worked-escalations-by-name = a closed month stores each escalation by name
worked-not-stored = not a stored figure
worked-escalations-by-name-help = state `A1.未良好履行职责 = true` for an escalation that fired
worked-no-tier-tenure = a closed month does not store `tier_tenure`
worked-no-tier-tenure-help = history expressions read `tenure`, `tier` and the month's figures, not `tier_tenure`
worked-one-month = a worked example has one `month`
worked-one-month-label = second month
worked-one-month-help = write one worked example per month
worked-agent-twice = agent `{ $agent }` is given twice
worked-again-here = again here
worked-first-here = first here
worked-unknown-agent = agent `{ $agent }` is not given in this worked example
worked-unknown-agent-label = unknown agent
worked-unknown-agent-help = give the agent first: `agent { $agent } { "{" } tier = …, hired_on = … { "}" }`
worked-no-field = `{ $record }` has no field `{ $name }`
worked-no-field-label = unknown field
worked-fixed-after = the { $fixed } is written after `{ $record }`
worked-field-twice = `{ $name }` is given twice
worked-what-field = `{ $record }.{ $name }`
worked-missing-field = this { $record } has no `{ $name }`
worked-missing-field-label = `{ $name }` missing
worked-missing-field-help = add `{ $name } = …` ({ $type })
worked-no-subtotal = cannot expect `{ $name }({ $of })`
worked-no-subtotal-label = no subtotal of this name
worked-no-subtotal-help = the subtotals are `points(X)`, `compensation(X)` and `fine(X)`, of a violation or a severity
worked-cannot-expect = cannot expect `{ $name }`
worked-cannot-expect-label = not a result of the month
worked-cannot-expect-help = expect `points`, `compensation`, `fine`, `tenure`, `tier_tenure`, `tier_ok`, `promotion`, a pay line, a violation or severity (its count, or with `(…)` after `points`, `compensation` or `fine` its subtotal) or an escalation (whether it fired)
worked-none-eq-only = `none` compares only with `==` or `!=`
worked-none-eq-only-label = no promotion
worked-what-expected = the expected `{ $name }`
worked-no-order = { $type } values have no order
worked-no-order-label = `{ $op }` on { $type }
worked-no-order-help = compare with `==` or `!=`

## Checking history, names, nesting (src/check/history.rs, names.rs, depth.rs, lets.rs)
history-stored = a closed month stores its pay lines, `points`, `compensation`, `fine` and their subtotals, `count` and `distinct`, `tier` and `tenure`; to carry another figure to later months, make it a pay line
history-not-here = `{ $name }` cannot be used in { $place }
history-not-here-label = reads the agent's closed months
history-not-here-help = history expressions stand in pay lines, `let`s, `requires` and escalations
history-default-type = the default of `{ $name }` is { $default }, but what it reads is { $read }
history-default-type-help = the default stands for the figure when no closed month has it: give it the same type
history-what-streak = the condition of `streak`
history-adds-up = `{ $name }` adds up a number or a quantity, not { $type }
history-eg = e.g. `{ $example }`
history-last-months = `last_months` takes a whole number of months from 1 to 120
history-last-months-label = not a number of months
history-last-months-help = write the number itself, e.g. `last_months(3, count(迟到))`
history-agent-field = an agent's field
history-incident-field = an incident's field
history-tier-attribute = a tier's attribute
history-aggregate = an aggregate over occurrences
history-filtered-count = a filtered count
history-history = a history expression
history-monthly-let = a `let` computed from the month
history-not-stored = `{ $expr }` is { $what }, which a closed month does not store
history-not-stored-label = read by `{ $func }` in earlier months
names-pay-twice = a policy has one `pay` block
names-pay-twice-label = second `pay` block
names-pay-twice-first = first `pay` block
names-pay-twice-help = move these lines into the first `pay` block
names-no-pay = the policy has no `pay` block
names-no-pay-label = this policy computes no pay
names-no-pay-help = add a `pay { "{" } … { "}" }` block: each line `名称 = 表达式` is a column of the result, e.g. `pay { "{" } 实发工资 = tier.base_salary { "}" }`
names-confusable-invisible = `{ $name }` and `{ $other }` differ only by invisible characters
names-confusable-invisible-help = delete the name and type it again: it holds a character that is drawn as nothing
names-confusable-same = `{ $name }` and `{ $other }` look the same
names-confusable-same-help = one of them uses a letter of another script that looks like a Latin or Chinese one; rename it
names-confusable-label = looks like this one
depth-this-let = this let
depth-this-pay-line = this pay line
depth-this-rule = this rule
depth-too-deep = evaluating this nests { $depth } levels of lets, tables and expressions (at most { $max })
depth-too-deep-help = a chain of lets each built on the one before is computed one inside the other: combine steps into fewer lets, or compute the sum in one expression
depth-table-calls-itself = table { $table } calls itself
depth-tables-call-each-other = tables call each other: { $tables }
depth-table-cycle-label = called again while it is being computed
depth-table-cycle-help = a table's rows may call other tables, but never back: a table that calls itself can recurse without end; write the steps as rows of one table
lets-too-deep = `{ $name }` is reached through more than { $max } lets, each used before it is written
lets-too-deep-label = too deep
lets-too-deep-help = write lets before the lets that use them, or combine steps into fewer lets

## Why a condition held or failed, in explanations (src/eval/why.rs)
why-and = {", and "}
why-true = true
why-false = false
why-if = `{ $condition }`: { $held }, { $why }

## Conditions that never change, caps that never bind, unused declarations (src/check/dead.rs)
dead-violation-never = violation `{ $name }` never counts an incident
dead-violation-always = every incident of `{ $name }` counts
dead-escalation-never = escalation `{ $name }` never fires
dead-escalation-always = escalation `{ $name }` fires every month
dead-requires-never = no agent meets tier `{ $name }`'s requirements
dead-requires-always = every agent meets it for tier `{ $name }`
dead-cap-no-amount = violation `{ $name }` has no { $amount }
dead-cap-severity-no-amount = no rule of severity `{ $name }` has { $amount }
dead-cap-kept-days = `{ $cap }` keeps it to { $times } days × { $limit } { $unit } = { $bound } { $unit }
dead-cap-kept-weeks = `{ $cap }` keeps it to { $times } weeks × { $limit } { $unit } = { $bound } { $unit }
dead-cap-never-binds = `{ $cap }` can never bind: { $why }
dead-cap-never-binds-label = never reached
dead-cap-never-binds-help = a cap that cannot bind withholds nothing: check its amount and its period, or remove it
dead-always-holds = `{ $condition }` always holds{ $why }: { $consequence }
dead-never-holds = `{ $condition }` can never hold{ $why }: { $consequence }
dead-part-always-holds = `{ $condition }` always holds{ $why }, so it decides nothing here
dead-part-never-holds = `{ $condition }` can never hold{ $why }, so it decides nothing here
dead-always-holds-help = a condition that always holds can be left out; check that it says what was meant
dead-never-holds-help = check the names and the numbers: the clause as written never applies
dead-always-true = always true
dead-always-false = always false
dead-no-rule-of-severities = {" "}(no violation or escalation has severity { $severities })
dead-or = {" or "}
dead-severity-unused = no violation or escalation has severity `{ $name }`
dead-let-unused = `{ $name }` is never used
dead-table-unused = table `{ $name }` is never called
dead-field-unused = `{ $record }.{ $name }` is never used
dead-unused-label = never used
dead-unused-help = remove it, or use it in the rule it was meant for

## Table rows that never match, gaps before `else` (src/check/rows.rs)
rows-row-name = `{ $condition }` (line { $line })
rows-else-name = `else` (line { $line })
rows-never-matches = row `{ $condition }` never matches: no input satisfies it
rows-never-matches-label = no value matches this
rows-never-matches-help = check the ends of the condition: a value cannot be above one and below the other
rows-shadowed = row `{ $condition }` is never used: { $rows } already { $count ->
        [one] matches
       *[other] match
    } every input it matches
rows-and = {" and "}
rows-never-used = never used
rows-shadowed-help = the first row that matches wins: put the narrower row above the wider one
rows-matches-first = matches first
rows-else-unused = `else` is never used: the rows above match every input
rows-else-unused-help = `else` is required: write the last row's result after `else =>` instead of its condition
rows-gap = table `{ $table }` sends { $example } to `else`, although { $below } matches below it and { $above } above it
rows-gap-label = { $example } falls through to here
rows-gap-related = matches next to it
rows-gap-help = where a boundary value belongs to a row, write `>=` or `<=`; if `else` is meant for these values, give them a row of their own

## Writing output files (src/output.rs)

output-cannot-write = cannot write `{ $path }`: { $reason }
output-is-an-input = refusing to write over `{ $path }`, one of this run's inputs
output-is-an-input-help = choose another `--output` file
output-is-a-folder = cannot write `{ $path }`: it is a folder
output-is-a-folder-help = name a file in it, e.g. `--output result.json`
output-read-only = cannot write `{ $path }`: the file is read-only
output-read-only-help = nothing was written; make it writable first (`chmod u+w { $path }`), or choose another `--output` file
output-not-writable-help = nothing was written; choose an `--output` file you may write
output-hard-links = refusing to replace `{ $path }`: it has { $links } hard links, which would keep the old contents
output-hard-links-help = nothing was written; write to a new file and copy it over the linked one (`cp new.json { $path }`), or remove the other links first
output-no-folder = cannot write `{ $path }`: the folder `{ $folder }` does not exist
output-no-folder-help = create the folder first, or choose another `--output` path

## kaohe diff (the JSON report's keys and its `change` stay in English)

diff-declarations = declarations
diff-no-change = no change
diff-added-declaration = added { $declaration }
diff-removed-declaration = removed { $declaration }
diff-added-item = { $declaration }: added { $item } { $value }
diff-removed-item = { $declaration }: removed { $item } { $value }
diff-changed-item = { $declaration }: { $item } { $old } → { $new }
diff-agents = agents ({ $changed } of { $agents } changed)
diff-agent = { $id } { $name }: { $changes }
diff-figure-change = { $figure } { $old } → { $new }
diff-figure-count = count { $name }
diff-separator = {"; "}
diff-totals = totals over all agents
diff-total = { $line }: { $old } → { $new } ({ $difference })

## The coverage report (`--coverage`; the lcov tracefile is the same in every language)

coverage-heading = coverage of { $policy } by { $by }: { $seen } of { $all } clause outcomes exercised
coverage-by-month = the month { $month } ({ $agents } agents)
coverage-by-examples = { $count ->
    [one] { $count } worked example
   *[other] { $count } worked examples
}
coverage-clause = line { $line }  { $what }: { $counts }
coverage-count = { $outcome } { $count }
coverage-separator = {", "}
coverage-all-exercised = every clause outcome was exercised
coverage-never-heading = never exercised ({ $count }):
coverage-never = line { $line }  { $what }: never { $outcome }
coverage-counted = counted
coverage-holds = holds
coverage-fails = fails
coverage-binds = binds
coverage-fires = fires
coverage-stays-quiet = stays quiet
coverage-matches = matches
coverage-takes-then = takes then
coverage-takes-else = takes else

## Snapshots: their diagnostics and the review (keys and figures in a snapshot file stay as written)

snapshot-cannot-read-folder = cannot read the folder `{ $folder }`: { $reason }
snapshot-name-empty = a snapshot's name cannot be empty
snapshot-name-too-long = `{ $name }` is too long for a snapshot's name: at most 100 characters
snapshot-name-character = `{ $character }` cannot be in a snapshot's name: use letters, digits, `-`, `_` and `.`
snapshot-name-dot = `{ $name }` cannot name a snapshot: it may not start with `.` or contain `__`
snapshot-cannot-record-path = cannot record where `{ $input }` is from the policy `{ $policy }`: { $reason }
snapshot-other-drive = the two are on different drives
snapshot-path-not-utf8 = its path is not valid UTF-8
snapshot-input-changed = { $file } (sha256 { $recorded } → { $now })
snapshot-input-unreadable = { $file } ({ $reason }; recorded sha256 { $recorded })
snapshot-list-separator = {", "}
snapshot-inputs-changed = inputs changed since the snapshot: { $files }
snapshot-inputs-changed-help = the snapshot `{ $name }` records the month { $month } of exactly these files, so it cannot tell what the policy changed; restore them, or, if they were meant to change, take the snapshot again (`{ $again }`) and accept it (`kaohe snapshot --accept { $policy }`)
snapshot-malformed = `{ $file }` is not a snapshot Kaohe can read: { $what }
snapshot-malformed-help = a snapshot is written by `kaohe snapshot`; take it again, or restore the file from version control
snapshot-empty = the file is empty
snapshot-empty-label = expected `---` and the header
snapshot-no-start = it does not start with a `---` line
snapshot-no-start-label = expected `---`
snapshot-indented = the header is not indented as written
snapshot-indented-label = indented by two spaces per level
snapshot-not-key-value = a header line is not `key: value`
snapshot-not-key-value-label = expected `key: value`
snapshot-this-value = this value
snapshot-key-twice = `{ $key }` is given twice
snapshot-key-twice-label = given again here
snapshot-not-closed = the header is never closed
snapshot-not-closed-label = no `---` after this one
snapshot-no-key = the header has no `{ $key }`
snapshot-this-header = this header
snapshot-other-format = it is in snapshot format `{ $found }`; this Kaohe reads format { $format }
snapshot-the-format = the format
snapshot-the-month = the month
snapshot-agents-file = agents
snapshot-incidents-file = incidents
snapshot-empty-path = the path of the { $file } file is empty
snapshot-this-path = this path
snapshot-bad-hash = the sha256 of the { $file } file is not 64 hex digits
snapshot-this-hash = this hash
snapshot-quote-not-closed = a quoted value is never closed
snapshot-escape-digits = a `\u` escape needs four hex digits
snapshot-escape-no-character = a `\u` escape names no character
snapshot-escape-unknown = a quoted value has an escape YAML does not know
snapshot-after-quote = a quoted value is followed by more text
snapshot-carriage-return = a line of its results holds a carriage return
snapshot-carriage-return-label = a carriage return inside this line
snapshot-not-a-figure = a line of its results is not `ID FIGURE: VALUE`
snapshot-not-a-figure-label = expected `ID FIGURE: VALUE`
snapshot-cannot-delete = cannot delete `{ $file }`: { $reason }
snapshot-cannot-accept = cannot accept `{ $file }`: { $reason }
snapshot-review-new = { $file }: a new snapshot, { $agents ->
    [one] { $agents } agent
   *[other] { $agents } agents
}
snapshot-review-unreadable = { $file }: the recorded snapshot cannot be read ({ $reason }); accepting replaces it ({ $agents ->
    [one] { $agents } agent
   *[other] { $agents } agents
})
snapshot-changes = { $file }: { $changed } of { $agents ->
    [one] { $agents } agent
   *[other] { $agents } agents
} changed
snapshot-month-changed = month { $old } → { $new }
snapshot-input = { $path } (sha256 { $sha256 })
snapshot-input-replaced = { $file } { $old } → { $new }
snapshot-review-ask = accept, reject or skip? [a/r/s]
snapshot-review-answer = answer a (accept), r (reject) or s (skip)
snapshot-agent-added = { $id } added: { $name }
snapshot-agent-removed = { $id } removed: { $name }

## The language server (kaohe lsp): hovers, completions, fixes, lenses, renames

lsp-number = number
lsp-kind-tier-attribute = tier attribute
lsp-kind-agent-field = agent field
lsp-kind-incident-field = incident field
lsp-kind-table-parameter = table parameter
lsp-parameter = parameter { $name }
lsp-of-table = {" "}of table { $table }
lsp-built-in = built in
lsp-built-in-word = built in: { $meaning }
lsp-unit = unit { $unit }: { $dimension } (base unit { $base })
lsp-part-of-rate = part of a rate: the unit before `/` divided by the one after
lsp-keyword = keyword
lsp-type = type
lsp-result-of-month = a result of the month
lsp-unit-detail = unit
lsp-unit-of = unit · { $dimension }
lsp-word-count = count(违规或严重程度): how many this month
lsp-word-distinct = distinct(严重程度): how many different violations of a severity
lsp-word-min = min(a, b, …): the smallest
lsp-word-max = max(a, b, …): the largest
lsp-word-floor = floor(x): rounded down to a whole number
lsp-word-ceil = ceil(x): rounded up to a whole number
lsp-word-round = round(x): rounded to the nearest whole number, halves away from zero
lsp-word-previous = previous(e, 默认): `e` in the agent's closed month before this one
lsp-word-latest = latest(e, 默认): `e` in the agent's most recent closed month (balances)
lsp-word-streak = streak(条件): consecutive months, ending with this one, the condition held
lsp-word-year-total = year_total(e): `e` over this year's closed months, plus this month
lsp-word-year-so-far = year_so_far(e): `e` over this year's closed months before this one
lsp-word-last-months = last_months(n, e): `e` over the n months ending with this one
lsp-word-tenure = period: whole months from `hired_on` to the end of the month
lsp-word-tenure-days = days: days from `hired_on` to the end of the month
lsp-word-month-number = number: the calendar month being evaluated, 1–12
lsp-fix-space = replace the full-width space with an ordinary one
lsp-fix-replace = replace `{ $found }` with `{ $with }`
lsp-fix-change = change `{ $found }` to `{ $to }`
lsp-fix-write = write `{ $code }`
lsp-fix-compare = compare with `==`
lsp-lens-passed = ✓ passed ({ $count ->
    [one] { $count } expectation
   *[other] { $count } expectations
}) · run again
lsp-lens-failed = ✗ failed: { $failed } of { $count ->
    [one] { $count } expectation
   *[other] { $count } expectations
} · run again
lsp-lens-run-broken = ▶ run test (the policy has errors)
lsp-lens-run = ▶ run test
lsp-unknown-command = unknown command `{ $command }`
lsp-run-test-arguments = kaohe.runTest takes the document and the worked example's name
lsp-run-test-broken = the policy has errors: its worked examples cannot run until they are fixed
lsp-no-example = no worked example "{ $name }"
lsp-example-passed = worked example "{ $name }": passed ({ $count ->
    [one] { $count } expectation
   *[other] { $count } expectations
})
lsp-example-failure = line { $line }: { $label }
lsp-example-failed =
    worked example "{ $name }": failed
    { $failures }
lsp-rename-nothing = nothing to rename here
lsp-rename-built-in = `{ $name }` is built in and cannot be renamed
lsp-rename-syntax-errors = the policy has syntax errors: fix them first, so that every use of the name is found
lsp-rename-no-name = there is no name here to rename
lsp-rename-keyword = `{ $name }` is a keyword and cannot be a name
lsp-rename-not-a-name = `{ $name }` is not a name: a name is a letter or `_`, then letters, digits or `_`
lsp-rename-built-in-name = `{ $name }` is a built-in name
lsp-rename-taken = `{ $name }` is already the name of { $kind }
lsp-rename-taken-at = `{ $name }` is already the name of { $kind } (line { $line })
lsp-a-tier = a tier
lsp-a-severity = a severity
lsp-a-violation = a violation
lsp-a-escalation = an escalation
lsp-a-let = a let
lsp-a-table = a table
lsp-a-pay-line = a pay line
lsp-a-tier-attribute = a tier attribute
lsp-a-agent-field = an agent field
lsp-a-incident-field = an incident field
lsp-a-table-parameter = a table parameter
lsp-rename-records-tier = the agents' records name tier `{ $old }` in their `tier` column: rename it to `{ $new }` there too
lsp-rename-records-violation = the incidents' records name violation `{ $old }` in their `violation` column: rename it to `{ $new }` there too
lsp-rename-records-agent-column = the agents' records have a column `{ $old }`: rename it to `{ $new }` there too
lsp-rename-records-incident-column = the incidents' records have a column `{ $old }`: rename it to `{ $new }` there too
lsp-outline-policy = policy
lsp-outline-records = records
lsp-outline-pay-lines = pay lines
lsp-outline-agent = agent
lsp-outline-test = test
lsp-document-closed = the document was closed
lsp-document-not-open = the document is not open
lsp-still-checking = the policy is still being checked; try again
lsp-internal-error = the policy could not be checked: Kaohe failed (a bug to report)
lsp-from-doc = the header it is read from: from "…"

## Reading the text: brackets, strings, invisible characters, literals (src/syntax/)
layout-paren-unclosed = this `(` is never closed
layout-paren-unclosed-label = unclosed bracket
layout-paren-unclosed-help = add the matching `)`; inside brackets an expression continues over line breaks, so the rest of the file was read as part of it
layout-string-unclosed = this string is not closed
layout-string-unclosed-label = string without its closing `"`
layout-string-unclosed-help = end the string with `"` on the same line (write `\n` for a line break inside it)
layout-prefixes-too-deep = more than { $max } nested `-`, `not` or `if` in one expression
layout-too-deep = too deep
layout-name-parts-help = name parts of the expression with `let` and use the names
layout-brackets-too-deep = brackets nested more than { $max } deep
layout-name-a-part-help = name a part of the expression with `let` and use the name
layout-bidi-in-string = a bidirectional control character (U+{ $code }) in a string
layout-bidi-in-comment = a bidirectional control character (U+{ $code }) in a comment
layout-bidi-label = reorders how the rest of the line is shown
layout-bidi-help = delete it unless the text really needs right-to-left ordering; what is shown may not be what Kaohe reads
layout-bidi-in-code = a bidirectional control character (U+{ $code }) in the policy's code
layout-bidi-in-code-label = invisible, and reorders how the line is shown
layout-bidi-in-code-help = delete it: it is invisible, and the line may not mean what it shows
dialect-control-character = a control character (U+{ $code }) in the policy's code
dialect-control-character-label = invisible
dialect-control-character-help = delete it
syntax-expression-too-deep = expression nested more than { $max } deep
syntax-expression-too-deep-label = this expression
syntax-equality-chained = `==` and `!=` cannot be chained
syntax-equality-chained-label = a second comparison
syntax-equality-chained-help = join the comparisons with `and`: `a == b and b == c`
syntax-chain-turns = a chain of comparisons must point one way
syntax-chain-turns-label = the chain turns here
syntax-chain-turns-help = write a range from low to high, `a <= x < b`, or join the comparisons with `and`
syntax-unknown-escape = unknown escape `\{ $escape }` in a string
syntax-unknown-escape-label = in this string
syntax-unknown-escape-help = the escapes are `\"`, `\\` and `\n`; write `\\` for a backslash
syntax-not-a-date = `{ $text }` is not a date
syntax-not-a-date-label = no such day
syntax-not-a-date-help = a date is `YYYY-MM-DD` with a real month and day, e.g. `2024-10-01`
syntax-number-too-large = the number `{ $number }` is too large
syntax-number-too-large-label = more than 28 significant digits
syntax-number-too-large-help = numbers are exact decimals of at most 28 digits
syntax-block-unclosed = this `{ "{" }` is never closed
syntax-block-unclosed-label = block opened here
syntax-block-unclosed-help = add `{ "}" }` where the block ends, before the next declaration

## kaohe diff's names of items (src/diff.rs)
diff-item-doc = doc
diff-item-field = field
diff-item-line = line
diff-item-row = row { $number }
diff-item-title = title
diff-item-signature = signature
diff-item-value = value

## kaohe eval --summary (src/report/summary.rs)
summary-title = { $title } · { $month } · { $agents ->
    [one] 1 agent
   *[other] { $agents } agents
}
summary-tiers-pay = Per tier: { $line }
summary-tiers = Per tier
summary-min = lowest
summary-median = median
summary-max = highest
summary-points = Agents by points
summary-violations = Violations by points
summary-no-violations = No violation was counted this month
summary-months = Month by month
summary-this-month = { $month } (this month)
column-month = month
cli-summary-not-explain = `--summary` summarises the whole month; `--explain` explains one agent: use one of them
cli-summary-not-csv = `--summary` is printed as text or, with `--format json`, as the `summary` object; CSV is one table of agents (the workbook of `--format xlsx` has the summary sheet)
sheet-pay-of = { $line } per tier
sheet-violations-by-points = violations by points
sheet-violations-by-money = violations by money
sheet-money = compensation and fines
chart-pay = { $line } per tier: lowest, median, highest
chart-points = Agents by points
chart-violations-by-points = Violations by points
chart-violations-by-money = Violations by compensation and fines
chart-months = Month by month

## kaohe serve: charts and the ledger (src/serve/, src/cli/serve.rs)
cli-serve-ledger = Read the agents' closed months from this ledger (history expressions, the summary's months); nothing is written to it

## Chinese first, the last texts: built-in fields, coverage rows, the language server's
## refusals, usage lines' value names and values' help (src/check/symbols.rs,
## src/report/coverage.rs, src/lsp/, src/cli/lang.rs)
field-agent-id = the agent's id, as the records write it
field-agent-name = the agent's name
field-agent-tier = the agent's tier this month
field-agent-hired-on = the day the agent was hired
field-incident-agent = the id of the agent the incident is recorded against
field-incident-date = the day of the incident
field-incident-violation = the violation the incident is
coverage-row = row `{ $row }`
lsp-refuse-invalid-params = invalid params: { $reason }
lsp-refuse-not-initialized = the server is not initialized yet
lsp-refuse-shutting-down = the server is shutting down
lsp-refuse-already-initialized = the server is already initialized
lsp-refuse-method-by-kaohe = method `{ $method }` is not supported by kaohe lsp
lsp-refuse-method = method `{ $method }` is not supported
lsp-refuse-initialize-object = initialize takes an object of parameters
lsp-refuse-cancelled = cancelled
lsp-refuse-no-document = the request names no document
lsp-refuse-bug = kaohe lsp failed on this request (a bug)
lsp-malformed-length = a message without a valid `Content-Length` header
lsp-malformed-too-large = a message of { $length } bytes; at most { $max } are read
lsp-malformed-json = not a JSON-RPC message: { $reason }
cli-value-report-table = a table for the terminal
cli-value-report-json = JSON for programs (its keys are the same in every language)
cli-value-report-csv = CSV for spreadsheets and programs (its columns are the same in every language)
cli-value-report-xlsx = an Excel workbook (needs `--output`)
cli-value-bom-auto = with `--output`, yes (for Excel); on stdout, no
cli-value-bom-yes = always
cli-value-bom-no = never
cli-value-order-agent = each agent's incidents together
cli-value-order-date = in date order, as HR systems export them
cli-value-diagnostics-human = for people: each diagnostic with the lines it is about
cli-value-diagnostics-json = for programs: the diagnostics as JSON
cli-value-coverage-text = every clause with its counts, then those never exercised, with their lines
cli-value-coverage-lcov = an lcov tracefile: each clause outcome a branch (BRDA), for editors and CI
cli-value-diff-text = for people: what the revision changes in the text and in each agent's results
cli-value-diff-json = the same as JSON, for programs
cli-value-history-table = a table for the terminal
cli-value-history-json = JSON for programs
cli-value-dialect-zh = Chinese keywords: 规定, 违规, 扣分…
cli-value-dialect-en = English keywords: policy, violation, points…
cli-value-lang-zh = Chinese (中文)
cli-value-lang-en = English
cli-value-name-addr = ADDR
cli-value-name-agents = AGENTS
cli-value-name-bom = BOM
cli-value-name-code = CODE
cli-value-name-coverage-format = COVERAGE_FORMAT
cli-value-name-db = DB
cli-value-name-diagnostics = DIAGNOSTICS
cli-value-name-dialect = DIALECT
cli-value-name-encoding = ENCODING
cli-value-name-file = FILE
cli-value-name-format = FORMAT
cli-value-name-id = ID
cli-value-name-lang = LANG
cli-value-name-month = MONTH
cli-value-name-name = NAME
cli-value-name-new = NEW
cli-value-name-old = OLD
cli-value-name-out = OUT
cli-value-name-order = ORDER
cli-value-name-per-agent = PER_AGENT
cli-value-name-policy = POLICY
cli-value-name-port = PORT
cli-value-name-seed = SEED
cli-value-name-text = TEXT

## kaohe gen-month --policy
cli-gen-month-policy = The policy the month is for: customer-service (the bundled policy) or rider (policies/rider-penalties.kh, language v2)
cli-value-scheme-customer-service = the bundled customer-service policy
cli-value-scheme-rider = the rider scheme, policies/rider-penalties.kh
cli-gen-rider-by-date = a rider month is written in date order, as dispatch systems export it: leave out --order agent

## The workbook's long tables on further sheets, and its temporary files (src/report/xlsx.rs)

# The sheet a table continues on when it has more rows than a sheet holds: `incidents 2`.
sheet-part = { $sheet } { $part }
sheet-no-temporary-file = no temporary file can be made in `{ $dir }`: { $reason } (set TMPDIR to a folder that can be written)
sheet-temporary-file-failed = the sheets' rows could not be kept in a temporary file (is the disk full?): { $reason }

## A month over the in-memory budget, its typed incidents in temporary files (src/records/spill.rs)

io-spill-unreadable = the month's incidents could not be read back from their temporary file (is the disk full, or was the file removed?): { $reason }
io-spill-unreadable-help = run the month again; nothing was written
