// The TextMate grammar on the bundled policies and the checker's fixtures, tokenized by
// the same engine VS Code uses (vscode-textmate with the Oniguruma regex library).
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const root = path.join(__dirname, '..', '..', '..');
const grammarPath = path.join(__dirname, '..', 'syntaxes', 'kaohe.tmLanguage.json');

async function loadGrammar() {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer;
  await oniguruma.loadWASM(wasm);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) =>
      scopeName === 'source.kaohe'
        ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath)
        : null,
  });
  return registry.loadGrammar('source.kaohe');
}

const grammarReady = loadGrammar();

/** Each line's tokens as { text, scopes }, and whether every line ends in the initial state. */
async function tokenize(text) {
  const grammar = await grammarReady;
  let stack = vsctm.INITIAL;
  const lines = [];
  let leaks = [];
  text.split('\n').forEach((line, n) => {
    const r = grammar.tokenizeLine(line, stack);
    lines.push(
      r.tokens.map((t) => ({ text: line.substring(t.startIndex, t.endIndex), scopes: t.scopes }))
    );
    stack = r.ruleStack;
    if (stack.depth !== 1) {
      leaks.push(n + 1);
      stack = vsctm.INITIAL;
    }
  });
  return { lines, leaks };
}

/** The innermost scope of the token `word` on the first line containing `needle`. */
function scopeOf(lines, text, needle, word) {
  const n = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(n >= 0, `no line with ${needle}`);
  const token = lines[n].find((t) => t.text.trim() === word);
  assert.ok(token, `no token ${word} on line ${n + 1}: ${JSON.stringify(lines[n].map((t) => t.text))}`);
  return token.scopes[token.scopes.length - 1];
}

function read(rel) {
  return fs.readFileSync(path.join(root, rel), 'utf8');
}

const clean = [
  'policies/customer-service.kh',
  'policies/customer-service-draft.kh',
  'policies/qa-scorecard.kh',
  'policies/sales-commission.kh',
  'policies/rider-penalties.kh',
  'policies/customer-service.zh.kh',
  'policies/rider-penalties.zh.kh',
  ...fs
    .readdirSync(path.join(root, 'tests/check'))
    .filter((f) => f.startsWith('clean-'))
    .map((f) => `tests/check/${f}`),
];

test('the bundled policies tokenize with no leaking state and nothing invalid', async () => {
  for (const file of clean) {
    const text = read(file);
    const { lines, leaks } = await tokenize(text);
    assert.deepStrictEqual(leaks, [], `${file}: a line leaves a rule open`);
    const invalid = [];
    lines.forEach((tokens, n) =>
      tokens.forEach((t) => {
        if (t.scopes.some((s) => s.startsWith('invalid'))) invalid.push(`${n + 1}: ${t.text}`);
      })
    );
    assert.deepStrictEqual(invalid, [], `${file}: tokens marked invalid`);
  }
});

test('the bundled policy: declarations, names, numbers with units, comments, strings', async () => {
  const text = read('policies/customer-service.kh');
  const { lines } = await tokenize(text);
  const at = (needle, word) => scopeOf(lines, text, needle, word);
  assert.strictEqual(at('violation 旷工 {', 'violation'), 'storage.type.rule.kaohe');
  assert.strictEqual(at('violation 旷工 {', '旷工'), 'entity.name.function.rule.kaohe');
  assert.strictEqual(at('tier 初级客服 {', '初级客服'), 'entity.name.type.tier.kaohe');
  assert.strictEqual(at('severity 重度', '重度'), 'entity.name.type.enum.severity.kaohe');
  assert.strictEqual(at('let 最低工资', '最低工资'), 'variable.other.constant.kaohe');
  assert.strictEqual(at('table 绩效系数', '绩效系数'), 'entity.name.function.table.kaohe');
  assert.strictEqual(at('table 绩效系数', 'points'), 'storage.type.kaohe');
  assert.strictEqual(at('table 绩效系数', 'number'), 'storage.type.kaohe');
  assert.strictEqual(at('  points = 10 分', 'points'), 'keyword.other.item.kaohe');
  assert.strictEqual(at('  points = 10 分', '10'), 'constant.numeric.kaohe');
  assert.strictEqual(at('  points = 10 分', '分'), 'keyword.other.unit.kaohe');
  assert.strictEqual(at('when incident.minutes > 30 minutes', 'minutes'), 'variable.other.property.kaohe');
  assert.strictEqual(at('when incident.minutes > 30 minutes', 'incident'), 'variable.language.kaohe');
  assert.strictEqual(at('when count(中度) >= 2', 'count'), 'support.function.builtin.kaohe');
  assert.strictEqual(at('when count(中度) >= 2', 'or'), 'keyword.operator.word.kaohe');
  assert.strictEqual(at('requires tenure >= 3 months', 'tenure'), 'support.variable.builtin.kaohe');
  assert.strictEqual(at('requires tenure >= 3 months', 'months'), 'keyword.other.unit.kaohe');
  assert.strictEqual(at('effective 2024-10-01', '2024-10-01'), 'constant.numeric.date.kaohe');
  assert.strictEqual(at('score >= 95 分 => 100%', '%'), 'constant.numeric.percent.kaohe');
  assert.strictEqual(at('score >= 95 分 => 100%', '=>'), 'keyword.operator.arrow.kaohe');
  assert.strictEqual(at('status active', 'active'), 'constant.language.status.kaohe');
  assert.strictEqual(at('issued_by "营销部"', '营销部'), 'string.quoted.double.kaohe');
  assert.strictEqual(at('test "旷工一次扣10分"', 'test'), 'storage.type.test.kaohe');
  assert.strictEqual(at('  month 2024-10', 'month'), 'keyword.other.test.kaohe');
  const doc = lines[text.split('\n').findIndex((l) => l.startsWith('/// 当地最低工资标准'))];
  assert.strictEqual(doc.length, 1);
  assert.ok(doc[0].scopes.includes('comment.line.documentation.kaohe'));
  const comment = lines[text.split('\n').findIndex((l) => l.includes('// 100 - 10'))];
  assert.ok(comment[comment.length - 1].scopes.includes('comment.line.double-slash.kaohe'));
  // A Chinese name is a name: never a keyword, whatever it contains.
  assert.strictEqual(at('基本工资     = tier.base_salary', 'base_salary'), 'variable.other.property.kaohe');
});

test('language v2: caps, periods, declared units, choices', async () => {
  const text = read('policies/rider-penalties.kh');
  const { lines } = await tokenize(text);
  const at = (needle, word) => scopeOf(lines, text, needle, word);
  assert.strictEqual(at('cap fine = 30 元 per day', 'cap'), 'keyword.other.item.kaohe');
  assert.strictEqual(at('cap fine = 30 元 per day', 'per'), 'keyword.other.period.kaohe');
  assert.strictEqual(at('cap fine = 30 元 per day', 'day'), 'keyword.other.period.kaohe');
  assert.strictEqual(at('unit 公里 (km, 千米)', 'unit'), 'storage.type.unit.kaohe');
  const qa = read('policies/qa-scorecard.kh');
  const { lines: q } = await tokenize(qa);
  assert.strictEqual(scopeOf(q, qa, '等级: one of (', 'one'), 'storage.type.kaohe');
  assert.strictEqual(scopeOf(q, qa, '等级: one of (', 'of'), 'storage.type.kaohe');
});

test('the Chinese dialect: keywords, built-ins, and names that contain a keyword', async () => {
  const text = read('policies/customer-service.zh.kh');
  const { lines } = await tokenize(text);
  const at = (needle, word) => scopeOf(lines, text, needle, word);
  assert.strictEqual(at('违规 旷工 {', '违规'), 'storage.type.zh.kaohe');
  assert.strictEqual(at('  当 ', '当'), 'keyword.other.zh.kaohe');
  assert.strictEqual(at('  要求 工龄 >= 3 months', '工龄'), 'support.function.builtin.zh.kaohe');
  const pay = text.split('\n').findIndex((l) => l.startsWith('  基本工资 '));
  const first = lines[pay].find((t) => t.text.trim() !== '');
  assert.strictEqual(first.text.trim(), '基本工资', '基本工资 is one name, not 基本 + the keyword 工资');
  assert.ok(!first.scopes.some((s) => s.includes('zh')), JSON.stringify(first.scopes));
});

test('holes and full-width punctuation', async () => {
  const draft = read('policies/customer-service-draft.kh');
  const { lines } = await tokenize(draft);
  const n = draft.split('\n').findIndex((l) => /= TBD/.test(l));
  assert.ok(lines[n].some((t) => t.text === 'TBD' && t.scopes.includes('constant.language.hole.kaohe')));
  for (const f of fs.readdirSync(path.join(root, 'tests/check')).filter((f) => f.startsWith('fullwidth-'))) {
    const text = read(`tests/check/${f}`);
    const { lines: l } = await tokenize(text);
    const marked = l.flat().filter((t) => t.scopes.includes('invalid.illegal.fullwidth.kaohe'));
    assert.ok(marked.length > 0, `${f}: the full-width mark is not shown`);
  }
  const inStrings = read('tests/check/clean-fullwidth-in-strings-and-comments.kh');
  const { lines: s } = await tokenize(inStrings);
  assert.ok(!s.flat().some((t) => t.scopes.includes('invalid.illegal.fullwidth.kaohe')));
});
