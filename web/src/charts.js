// The month's pictures under the results table, drawn with Apache ECharts from the
// summary `kaohe eval --format json --summary` gives (/api/eval?summary=1) and from
// `kaohe diff`'s JSON (/api/diff): pay per tier, agents per points bin, violations
// ranked by points or by money, what the edited policy changes against the saved file,
// and the ledger's months. Clicking a bar asks the page to filter its table.
//
// Only the parts drawn are imported (bar and line charts, a grid, tooltips, a legend,
// the canvas renderer), so the bundle carries no more of ECharts than that. Each chart's
// container holds its ECharts instance as `chart` (the browser test reads the option
// drawn and clicks the bars where ECharts placed them) and the number of bars or points
// drawn as `data-count`.

import * as echarts from "echarts/core";
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const FONT = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif';
const COLORS = ["#8fb4e8", "#3f6fb5", "#22304a", "#c9772b", "#3a7d44", "#b3261e"];
const UP = "#3a7d44";
const DOWN = "#b3261e";

const amount = (s) => (s === null || s === undefined || s === "" ? null : Number(s));

/// The money of a violation: compensation and fine together, in cents to stay exact.
const cents = (s) => Math.round(Number(s || "0") * 100);
const money = (v) => cents(v.compensation) + cents(v.fine);

/// The violations that occurred, most points first, then most money, then in declaration
/// order (as `kaohe eval --summary` and the workbook rank them).
export function rankedByPoints(violations) {
  return violations
    .map((v, i) => ({ v, i }))
    .filter(({ v }) => v.occurrences > 0)
    .sort((a, b) => Number(b.v.points) - Number(a.v.points) || money(b.v) - money(a.v) || a.i - b.i)
    .map(({ v }) => v);
}

/// The violations that cost money, most money first, then most points.
export function rankedByMoney(violations) {
  return violations
    .map((v, i) => ({ v, i }))
    .filter(({ v }) => money(v) !== 0)
    .sort((a, b) => money(b.v) - money(a.v) || Number(b.v.points) - Number(a.v.points) || a.i - b.i)
    .map(({ v }) => v);
}

/// Whether an agent's points fall in a bin of the summary: `0` is exactly zero,
/// `(from, to]` above zero, `[from, to)` below.
export function inBin(bin, points) {
  const p = Number(points);
  const [from, to] = [Number(bin.from), Number(bin.to)];
  if (bin.label === "0") return p === 0;
  if (bin.label.startsWith("[")) return p >= from && p < to;
  return p > from && p <= to;
}

/// The pay changes of a diff: every agent whose `payLine` changes, with the difference,
/// biggest rise first, then the falls, the biggest last.
export function payChanges(diff, payLine) {
  const out = [];
  for (const a of (diff && diff.agents) || []) {
    const c = (a.changes || []).find((x) => x.figure === payLine);
    if (!c) continue;
    const [old, now] = [Number(c.old), Number(c.new)];
    if (!Number.isFinite(old) || !Number.isFinite(now)) continue;
    out.push({ id: a.id, name: a.name, old: c.old, new: c.new, difference: Math.round((now - old) * 100) / 100 });
  }
  return out.sort((a, b) => b.difference - a.difference || a.id.localeCompare(b.id));
}

/// One chart: its container (`data-testid`), the ECharts instance drawn into it, and what
/// a click on a bar means.
class Chart {
  constructor(box) {
    this.box = box;
    this.instance = null;
    this.onClick = null;
    new ResizeObserver(() => this.instance && this.instance.resize()).observe(box);
  }

  /// Draws `option`, `count` bars or points; `click(params)` on a bar, if given.
  draw(option, count, click) {
    this.box.querySelector(".empty")?.remove();
    if (!this.instance) {
      this.instance = echarts.init(this.box, null, { renderer: "canvas" });
      this.instance.on("click", (p) => this.onClick && this.onClick(p));
      this.box.chart = this.instance;
    }
    this.instance.setOption(
      { color: COLORS, textStyle: { fontFamily: FONT }, animation: false, ...option },
      { notMerge: true },
    );
    this.onClick = click || null;
    this.box.dataset.count = String(count);
    this.box.dataset.empty = "false";
  }

  /// Nothing to draw: says why in the container.
  empty(text) {
    if (this.instance) {
      this.instance.dispose();
      this.instance = null;
      this.box.chart = null;
    }
    this.box.replaceChildren();
    this.box.style.height = "";
    const p = document.createElement("p");
    p.className = "empty";
    p.textContent = text;
    this.box.append(p);
    this.box.dataset.count = "0";
    this.box.dataset.empty = "true";
  }
}

const grid = (extra = {}) => ({ left: 8, right: 16, top: 36, bottom: 8, containLabel: true, ...extra });
const tooltip = { trigger: "axis", axisPointer: { type: "shadow" }, confine: true };

/// The five charts of the page. `t` says the page's texts, `filter(kind, value, label)`
/// filters the results table.
export class Charts {
  constructor(t, filter) {
    this.t = t;
    this.filter = filter;
    const chart = (id) => new Chart(document.querySelector(`[data-testid=${id}]`));
    this.pay = chart("chart-pay");
    this.points = chart("chart-points");
    this.violations = chart("chart-violations");
    this.impact = chart("chart-impact");
    this.months = chart("chart-months");
    this.by = "points";
    this.summary = null;
  }

  /// A month's summary: draws the pay, points, violations and months charts, and empties
  /// the impact chart until the next comparison.
  show(summary) {
    this.summary = summary;
    this.drawPay();
    this.drawPoints();
    this.drawViolations();
    this.drawMonths();
    this.impact.empty(this.t("chart-impact-none-yet"));
    this.impactNote("");
  }

  drawPay() {
    const { t } = this;
    const s = this.summary;
    if (!s.pay_line) return this.pay.empty(t("chart-no-pay-line"));
    const tiers = s.tiers.filter((x) => x.agents > 0);
    if (!tiers.length) return this.pay.empty(t("chart-no-agents"));
    const series = [
      ["pay_min", t("chart-lowest")],
      ["pay_median", t("chart-median")],
      ["pay_max", t("chart-highest")],
    ].map(([key, name]) => ({ type: "bar", name, data: tiers.map((x) => amount(x[key])), barMaxWidth: 28 }));
    this.pay.draw(
      {
        legend: { top: 0, right: 0 },
        tooltip,
        grid: grid({ top: 48 }),
        xAxis: {
          type: "category",
          data: tiers.map((x) => t("chart-tier-agents", { tier: x.tier, count: x.agents })),
          axisLabel: { interval: 0, formatter: (v) => v.replace(/ ?([（(])/, "\n$1") },
        },
        yAxis: { type: "value", name: t("in-yuan", { name: s.pay_line }), nameTextStyle: { align: "left" } },
        series,
      },
      tiers.length * series.length,
      (p) => {
        const tier = tiers[p.dataIndex];
        if (tier) this.filter("tier", tier.tier, t("filter-tier", { tier: tier.tier }));
      },
    );
  }

  drawPoints() {
    const { t } = this;
    const bins = this.summary.points;
    this.points.draw(
      {
        tooltip,
        grid: grid({ top: 30 }),
        xAxis: {
          type: "category",
          data: bins.map((b) => b.label),
          axisLabel: { interval: 0, rotate: bins.length > 6 ? 40 : 0 },
        },
        yAxis: { type: "value", name: t("chart-agents-axis"), minInterval: 1 },
        series: [{ type: "bar", name: t("chart-agents-axis"), data: bins.map((b) => b.agents), barMaxWidth: 40, label: { show: true, position: "top" } }],
      },
      bins.length,
      (p) => {
        const bin = bins[p.dataIndex];
        if (bin) this.filter("points", bin, t("filter-points", { bin: bin.label }));
      },
    );
  }

  /// Ranks by `by` ("points" or "money") and draws.
  rank(by) {
    this.by = by;
    if (this.summary) this.drawViolations();
  }

  drawViolations() {
    const { t } = this;
    const byMoney = this.by === "money";
    const list = byMoney ? rankedByMoney(this.summary.violations) : rankedByPoints(this.summary.violations);
    this.violations.box.dataset.by = this.by;
    for (const b of document.querySelectorAll("[data-rank]")) b.classList.toggle("chosen", b.dataset.rank === this.by);
    if (!list.length) return this.violations.empty(t(byMoney ? "chart-no-money" : "chart-no-violations"));
    // A horizontal bar per violation, the biggest on top.
    const shown = list.slice().reverse();
    const value = (v) => (byMoney ? money(v) / 100 : Number(v.points));
    const name = (v) => (v.kind === "escalation" ? t("escalation-name", { name: v.name }) : v.name);
    this.violations.draw(
      {
        tooltip,
        grid: grid({ top: 24, right: 56 }),
        xAxis: { type: "value", name: byMoney ? t("yuan") : t("chart-points-unit") },
        yAxis: { type: "category", data: shown.map(name), axisLabel: { width: 180, overflow: "truncate" } },
        series: [{
          type: "bar",
          name: byMoney ? t("chart-money") : t("chart-points-axis"),
          data: shown.map(value),
          barMaxWidth: 22,
          label: { show: true, position: "right", formatter: (p) => (byMoney ? p.value.toFixed(2) : String(p.value)) },
          itemStyle: { color: byMoney ? COLORS[3] : COLORS[1] },
        }],
      },
      shown.length,
      (p) => {
        const v = shown[p.dataIndex];
        if (v) this.filter(v.kind, v.name, t("filter-violation", { name: v.name }));
      },
    );
    // As many rows as violations, so that every name stays readable.
    this.violations.box.style.height = `${Math.max(220, 60 + shown.length * 28)}px`;
    this.violations.instance.resize();
  }

  /// A comparison with the saved file: the agents whose pay changes, by how much.
  showImpact(diff) {
    const { t } = this;
    const line = this.summary && this.summary.pay_line;
    this.impactNote("");
    if (!line) return this.impact.empty(t("chart-no-pay-line"));
    const changes = payChanges(diff, line);
    if (!changes.length) return this.impact.empty(t("chart-impact-none", { line }));
    const rises = changes.filter((c) => c.difference > 0);
    const falls = changes.filter((c) => c.difference < 0);
    const sum = (l) => (l.reduce((a, c) => a + Math.round(c.difference * 100), 0) / 100).toFixed(2);
    this.impact.draw(
      {
        tooltip: {
          ...tooltip,
          formatter: (ps) => {
            const c = changes[ps[0].dataIndex];
            const sign = c.difference > 0 ? "+" : "";
            return `${c.id} ${c.name}<br>${line}: ${c.old} → ${c.new}（${sign}${c.difference.toFixed(2)}）`;
          },
        },
        grid: grid({ top: 30 }),
        xAxis: {
          type: "category",
          data: changes.map((c) => `${c.id}\n${c.name}`),
          axisLabel: { interval: changes.length > 30 ? "auto" : 0 },
        },
        yAxis: { type: "value", name: t("in-yuan", { name: t("chart-difference") }), nameTextStyle: { align: "left" } },
        series: [{
          type: "bar",
          name: line,
          data: changes.map((c) => ({
            value: c.difference,
            itemStyle: { color: c.difference > 0 ? UP : DOWN },
          })),
          barMaxWidth: 28,
          label: { show: changes.length <= 30, position: "top", formatter: (p) => (p.value > 0 ? "+" : "") + p.value.toFixed(2) },
        }],
      },
      changes.length,
      (p) => {
        const c = changes[p.dataIndex];
        if (c) this.filter("agent", c.id, t("filter-agent", { id: c.id, name: c.name }));
      },
    );
    this.impact.box.dataset.agents = JSON.stringify(changes.map((c) => c.id));
    this.impactNote(t("chart-impact-summary", { line, rises: rises.length, up: sum(rises), falls: falls.length, down: sum(falls) }));
  }

  /// The line above the impact chart: how many agents' pay rises and falls, by how much.
  impactNote(text) {
    const note = document.querySelector("[data-testid=impact-summary]");
    if (note) note.textContent = text;
  }

  drawMonths() {
    const { t } = this;
    const months = this.summary.months || [];
    if (!months.length) return this.months.empty(t("chart-no-ledger"));
    const label = (m) => (m.current ? t("this-month", { month: m.month }) : m.month);
    const line = this.summary.pay_line;
    const fixed = (p) => Number(p.value).toFixed(2);
    const few = months.length <= 12;
    const series = [];
    if (line) {
      const data = months.map((m) => amount(m.pay));
      series.push({ type: "line", name: t("chart-pay-total", { line }), data, label: { show: few, position: "top", formatter: fixed } });
    }
    const spent = months.map((m) => (cents(m.compensation) + cents(m.fine)) / 100);
    series.push(
      { type: "line", name: t("chart-money"), data: spent, label: { show: few, position: "top", formatter: fixed } },
      { type: "line", name: t("chart-points-axis"), data: months.map((m) => Number(m.points)), yAxisIndex: 1, lineStyle: { type: "dashed" } },
    );
    this.months.draw(
      {
        legend: { top: 0, left: "center" },
        tooltip: { trigger: "axis", confine: true },
        grid: grid({ top: 56, left: 16, right: 24 }),
        xAxis: { type: "category", data: months.map(label) },
        yAxis: [
          { type: "value", name: t("yuan"), nameTextStyle: { align: "right" } },
          { type: "value", name: t("chart-points-unit"), splitLine: { show: false }, nameTextStyle: { align: "left" } },
        ],
        series: series.map((x) => ({ symbolSize: 8, ...x })),
      },
      months.length,
    );
  }

  /// Makes the charts fit their containers again (after the page's layout changed).
  resize() {
    for (const c of [this.pay, this.points, this.violations, this.impact, this.months]) c.instance && c.instance.resize();
  }
}
