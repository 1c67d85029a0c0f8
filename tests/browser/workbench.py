"""The workbench in a real browser, used as someone who never opens a terminal would.

    python3 tests/browser/workbench.py path/to/kaohe [screenshots-dir]

Starts `kaohe serve` on a copy of the bundled Chinese policy (port 0, no browser), then
drives Debian's headless Chromium through Playwright: types the policy with an error
(through the editor's input, and a Chinese input method's composition over CDP), sees
the problem listed in Chinese, jumps to it and fixes it, runs the worked examples,
chooses the month and uploads examples/2024-10's files, runs the month and checks the
table against `kaohe eval --format json` of the same files, sorts it, opens an agent's
derivation, downloads the workbook and reads it back, compares with the saved file,
saves, and is refused a save over a file changed on disk. The charts under the table are
checked against `kaohe eval --format json --summary` (what ECharts drew, read from its
option), clicked to filter the table, and, on a second server with a ledger of two
closed months, the months chart. Screenshots go to the
screenshots folder (default: a temporary one, printed). Ends with `N passed, N failed`.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "policies" / "customer-service.zh.kh"
MONTH = ROOT / "examples" / "2024-10"
BROWSERS = ["/usr/bin/chromium-headless-shell", "/usr/lib/chromium/chromium-headless-shell", "/usr/bin/chromium"]
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TYPO = ("本月赔偿扣款, 最低工资)", "本月赔偿扣款, 最低工姿)")

passed, failed = 0, 0


def step(name, check):
    """Runs one check; a failure is counted and reported, and the run goes on."""
    global passed, failed
    try:
        check()
        passed += 1
        print(f"ok     {name}")
    except Exception as e:  # noqa: BLE001 - every failure is reported, then counted
        failed += 1
        print(f"FAILED {name}: {e}")


def start_server(kaohe, policy, extra=()):
    proc = subprocess.Popen(
        [kaohe, "serve", str(policy), "--port", "0", "--no-open", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "KAOHE_LANG": "zh"},
    )
    url = proc.stdout.readline().strip()
    if not url.startswith("http://127.0.0.1:"):
        proc.kill()
        raise SystemExit(f"kaohe serve printed no address: {url!r} {proc.stderr.read()}")
    return proc, url


def expected_month(kaohe, month="2024-10", incidents=MONTH / "incidents.csv", ledger=None):
    """`kaohe eval --format json --summary` of a month: the agents by id, and the summary."""
    args = [kaohe, "eval", str(POLICY), "--month", month, "--agents", str(MONTH / "agents.csv"),
            "--incidents", str(incidents), "--format", "json", "--summary"]
    if ledger:
        args += ["--ledger", str(ledger)]
    out = json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)
    return {a["id"]: a for a in out["agents"]}, out["summary"]


def moved_incidents(month, last_day, target, keep=lambda k: True):
    """The sample month's incidents moved to a later month (days past its end on its last),
    those of the k-th incident for which `keep(k)`."""
    lines = []
    for k, line in enumerate((MONTH / "incidents.csv").read_text(encoding="utf-8").splitlines()):
        cells = line.split(",")
        if k > 0 and not keep(k):
            continue
        if len(cells) > 1 and cells[1].startswith("2024-10-"):
            cells[1] = f"{month}-{min(int(cells[1][8:10]), last_day):02d}"
        lines.append(",".join(cells))
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def money(v):
    return round(float(v.get("compensation") or 0) * 100) + round(float(v.get("fine") or 0) * 100)


def ranked(violations, by):
    """The summary's violations as the page ranks them (and `kaohe eval --summary`)."""
    items = list(enumerate(violations))
    if by == "points":
        items = [(i, v) for i, v in items if v["occurrences"] > 0]
        items.sort(key=lambda iv: (-float(iv[1]["points"]), -money(iv[1]), iv[0]))
    else:
        items = [(i, v) for i, v in items if money(v) != 0]
        items.sort(key=lambda iv: (-money(iv[1]), -float(iv[1]["points"]), iv[0]))
    return [v for _, v in items]


def in_bin(b, points):
    p, lo, hi = float(points), float(b["from"]), float(b["to"])
    if b["label"] == "0":
        return p == 0
    if b["label"].startswith("["):
        return lo <= p < hi
    return lo < p <= hi


def drawn(page, testid):
    """What ECharts drew in a chart: its categories, each series' values, the count."""
    return page.get_by_test_id(testid).evaluate("""el => {
        const o = el.chart.getOption();
        const axis = o.xAxis[0].type === "category" ? o.xAxis[0] : o.yAxis[0];
        return {
            categories: axis.data,
            series: o.series.map(s => s.data.map(d => (d !== null && typeof d === "object") ? d.value : d)),
            count: Number(el.dataset.count),
        };
    }""")


def click_bar(page, testid, series, index):
    """Clicks a bar where ECharts drew it (the middle of the bar)."""
    box = page.get_by_test_id(testid)
    box.scroll_into_view_if_needed()
    x, y = box.evaluate("""(el, [series, index]) => {
        const chart = el.chart;
        const o = chart.getOption();
        const d = o.series[series].data[index];
        const v = (d !== null && typeof d === "object") ? d.value : d;
        const horizontal = o.yAxis[0].type === "category";
        return chart.convertToPixel({ seriesIndex: series }, horizontal ? [v / 2, index] : [index, v / 2]);
    }""", [series, index])
    b = box.bounding_box()
    page.mouse.click(b["x"] + x, b["y"] + y)


def shown_agents(page):
    return sorted(page.locator("[data-testid=results] tr.agent").evaluate_all("rows => rows.map(r => r.dataset.agent)"))


def main():
    kaohe = str(Path(sys.argv[1]).resolve())
    shots = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp(prefix="kaohe-shots-"))
    shots.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="kaohe-workbench-"))
    policy = work / "客服考核.kh"
    shutil.copy(POLICY, policy)
    good = POLICY.read_text(encoding="utf-8")
    bad = good.replace(*TYPO)
    assert bad != good
    expected, summary = expected_month(kaohe)
    proc, url = start_server(kaohe, policy)
    browser_path = next((b for b in BROWSERS if os.path.exists(b)), None)
    if browser_path is None:
        raise SystemExit("no Chromium found: apt-get install chromium-headless-shell fonts-noto-cjk")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=browser_path, args=FLAGS)
            context = browser.new_context(locale="zh-CN", accept_downloads=True, viewport={"width": 1500, "height": 1000})
            page = context.new_page()
            page.goto(url)
            expect(page.locator("body[data-ready=true]")).to_have_count(1)
            editor = page.locator("[data-testid=editor] .cm-content")
            problems = page.get_by_test_id("diagnostics")

            def loads():
                expect(page.locator("h1")).to_have_text("考核工作台")
                expect(page.get_by_test_id("file")).to_have_text("客服考核.kh")
                expect(problems).to_contain_text("没有问题", timeout=10000)
                expect(editor).to_contain_text("客服考核及工资考核标准")
            step("the page loads the policy, in Chinese, with no problems", loads)
            page.screenshot(path=str(shots / "1-loaded.png"))

            def error_listed():
                editor.click()
                page.keyboard.press("Control+A")
                page.keyboard.insert_text(bad)
                expect(problems).to_contain_text("`最低工姿` 没有定义", timeout=10000)
                expect(problems).to_contain_text("是不是要写 `最低工资`？")
                expect(problems.locator("li .error")).to_have_text(["错误"])
                expect(page.get_by_test_id("file")).to_contain_text("（未保存）")
            step("a policy typed with an error shows the problem in Chinese", error_listed)
            page.screenshot(path=str(shots / "2-error.png"))

            def fixed():
                problems.locator("li", has_text="最低工姿").click()
                for _ in range(4):
                    page.keyboard.press("Shift+ArrowRight")
                page.keyboard.insert_text("最低工资")
                expect(problems).to_contain_text("没有问题", timeout=10000)
                expect(editor).not_to_contain_text("最低工姿")
            step("clicking the problem goes to it; fixing it clears the list", fixed)

            def composed():
                page.keyboard.press("Control+End")
                page.keyboard.press("Enter")
                page.keyboard.insert_text("// ")
                page.wait_for_timeout(1000)
                checks = []
                listen = lambda r: checks.append(r.url) if "/api/check" in r.url else None  # noqa: E731
                page.on("request", listen)
                cdp = context.new_cdp_session(page)
                # A Chinese input method: pinyin composed, then committed as characters.
                for partial in ["x", "xiu", "修订"]:
                    cdp.send("Input.imeSetComposition", {"text": partial, "selectionStart": len(partial), "selectionEnd": len(partial)})
                    page.wait_for_timeout(400)
                page.wait_for_timeout(800)
                assert not checks, f"checked in the middle of a composition: {checks}"
                cdp.send("Input.insertText", {"text": "修订"})
                expect(editor).to_contain_text("// 修订")
                expect(problems).to_contain_text("没有问题", timeout=10000)
                for _ in range(50):
                    if checks:
                        break
                    page.wait_for_timeout(100)
                assert checks, "not checked once the composition ended"
                page.remove_listener("request", listen)
            step("a Chinese input method's composition types into the editor", composed)

            def examples():
                page.get_by_test_id("examples-run").click()
                expect(page.get_by_test_id("examples")).to_contain_text("个通过，0 个失败", timeout=10000)
                expect(page.locator("[data-testid=examples] li[data-ok=false]")).to_have_count(0)
                assert page.locator("[data-testid=examples] li[data-ok=true]").count() >= 3
            step("the worked examples pass", examples)

            def ran():
                page.get_by_test_id("month").fill("2024-10")
                page.get_by_test_id("agents-file").set_input_files(str(MONTH / "agents.csv"))
                page.get_by_test_id("incidents-file").set_input_files(str(MONTH / "incidents.csv"))
                page.get_by_test_id("run").click()
                rows = page.locator("[data-testid=results] tr.agent")
                expect(rows).to_have_count(len(expected), timeout=20000)
                for id_, a in expected.items():
                    row = page.locator(f"[data-testid=results] tr[data-agent='{id_}']")
                    assert row.locator("td[data-col=points]").inner_text() == a["points"], id_
                    pay = row.locator("td[data-col='pay:实发工资']").inner_text()
                    assert pay == a["pay"]["实发工资"], f"{id_}: {pay} != {a['pay']['实发工资']}"
                    problem = row.locator("td[data-col=tier_ok]").inner_text()
                    assert problem.startswith("(!)") == (not a["tier_ok"]), f"{id_}: {problem}"
                # Named values of the sample month (examples/2024-10/README.md).
                a013 = page.locator("[data-testid=results] tr[data-agent=A013]")
                assert a013.locator("td[data-col=points]").inner_text() == expected["A013"]["points"] == "23"
                a007 = page.locator("[data-testid=results] tr[data-agent=A007] td[data-col=tier_ok]")
                expect(a007).to_have_text("(!) 未达到")
                expect(a007).to_have_class("problem")
            step("running the sample month gives kaohe eval's results", ran)
            page.screenshot(path=str(shots / "3-results.png"), full_page=True)

            def charted():
                charts = page.get_by_test_id("charts")
                expect(charts).to_be_visible()
                tiers = [x for x in summary["tiers"] if x["agents"] > 0]
                pay = drawn(page, "chart-pay")
                assert pay["categories"] == [f"{x['tier']}（{x['agents']} 人）" for x in tiers], pay["categories"]
                for k, key in enumerate(["pay_min", "pay_median", "pay_max"]):
                    assert pay["series"][k] == [float(x[key]) for x in tiers], (key, pay["series"][k])
                assert pay["count"] == 3 * len(tiers)
                points = drawn(page, "chart-points")
                assert points["categories"] == [b["label"] for b in summary["points"]], points["categories"]
                assert points["series"] == [[b["agents"] for b in summary["points"]]], points["series"]
                assert sum(points["series"][0]) == len(expected)
                by_points = ranked(summary["violations"], "points")
                assert len(by_points) >= 3, by_points
                v = drawn(page, "chart-violations")
                names = [x["name"] + ("（升级）" if x["kind"] == "escalation" else "") for x in by_points]
                assert v["categories"] == names[::-1], (v["categories"], names)
                assert v["series"][0] == [float(x["points"]) for x in by_points][::-1]
                page.get_by_test_id("violations-by-money").click()
                by_money = ranked(summary["violations"], "money")
                v = drawn(page, "chart-violations")
                assert v["count"] == len(by_money) and v["series"][0] == [money(x) / 100 for x in by_money][::-1], v
                page.get_by_test_id("violations-by-points").click()
                assert drawn(page, "chart-violations")["count"] == len(by_points)
                months = page.get_by_test_id("chart-months")
                expect(months).to_have_attribute("data-empty", "true")
                expect(months).to_contain_text("kaohe serve --ledger kaohe.db")
                expect(page.get_by_test_id("chart-impact")).to_contain_text("与已保存的比较")
            step("the charts draw the summary of kaohe eval --summary", charted)
            page.get_by_test_id("charts").screenshot(path=str(shots / "3b-charts.png"))

            def filtered():
                tiers = [x for x in summary["tiers"] if x["agents"] > 0]
                k = next(i for i, x in enumerate(tiers) if x["tier"] == "高级客服")
                click_bar(page, "chart-pay", 1, k)
                want = sorted(i for i, a in expected.items() if a["tier"] == "高级客服")
                assert len(want) == tiers[k]["agents"] == 7, want
                expect(page.locator("[data-testid=results] tr.agent")).to_have_count(len(want))
                assert shown_agents(page) == want
                expect(page.get_by_test_id("filter")).to_contain_text("等级为「高级客服」，显示 7 / 30 名员工")
                page.screenshot(path=str(shots / "3c-filtered.png"), full_page=True)
                page.get_by_test_id("filter-clear").click()
                expect(page.locator("[data-testid=results] tr.agent")).to_have_count(len(expected))
                expect(page.get_by_test_id("filter")).to_be_hidden()
                # A points bin: the fullest one above zero.
                bins = summary["points"]
                j = max(range(1, len(bins)), key=lambda i: bins[i]["agents"])
                click_bar(page, "chart-points", 0, j)
                want = sorted(i for i, a in expected.items() if in_bin(bins[j], a["points"]))
                expect(page.locator("[data-testid=results] tr.agent")).to_have_count(len(want))
                assert shown_agents(page) == want and len(want) == bins[j]["agents"]
                # A violation: the one that cost the most points (the top bar).
                top = ranked(summary["violations"], "points")[0]
                n = drawn(page, "chart-violations")["count"]
                click_bar(page, "chart-violations", 0, n - 1)
                want = sorted(i for i, a in expected.items() if any(x["name"] == top["name"] and x["count"] > 0 for x in a["violations"]))
                expect(page.locator("[data-testid=results] tr.agent")).to_have_count(len(want))
                assert shown_agents(page) == want, (top["name"], want)
                page.get_by_test_id("filter-clear").click()
                expect(page.locator("[data-testid=results] tr.agent")).to_have_count(len(expected))
            step("clicking a bar filters the table to its agents; clear shows all", filtered)

            def sorted_():
                header = page.locator("[data-testid=results] th[data-key='pay:实发工资']")
                header.click()
                lowest = min(expected.values(), key=lambda a: float(a["pay"]["实发工资"]))
                first = page.locator("[data-testid=results] tr.agent").first
                assert first.locator("td[data-col='pay:实发工资']").inner_text() == lowest["pay"]["实发工资"]
                header.click()
                highest = max(expected.values(), key=lambda a: float(a["pay"]["实发工资"]))
                first = page.locator("[data-testid=results] tr.agent").first
                assert first.locator("td[data-col='pay:实发工资']").inner_text() == highest["pay"]["实发工资"]
            step("the table sorts by a pay line, both ways", sorted_)

            def explained():
                page.locator("[data-testid=results] tr[data-agent=A013]").click()
                explanation = page.get_by_test_id("explanation")
                expect(explanation).to_contain_text("A013", timeout=10000)
                expect(explanation).to_contain_text("未良好履行职责")
                expect(explanation).to_contain_text(expected["A013"]["pay"]["实发工资"])
            step("clicking an agent shows the derivation", explained)
            page.screenshot(path=str(shots / "4-explanation.png"), full_page=True)

            def downloaded():
                with page.expect_download() as info:
                    page.get_by_test_id("download-xlsx").click()
                target = work / "download.xlsx"
                info.value.save_as(str(target))
                assert info.value.suggested_filename == "kaohe-2024-10.xlsx"
                with zipfile.ZipFile(target) as z:
                    names = z.namelist()
                    assert "xl/workbook.xml" in names, names
                    book = z.read("xl/workbook.xml").decode("utf-8")
                    assert "结果" in book, book[:400]
                    strings = z.read("xl/sharedStrings.xml").decode("utf-8")
                    assert "张晓雯" in strings and "A013" in strings
            step("the workbook downloads and reads back", downloaded)

            def diffed():
                page.get_by_test_id("diff-run").click()
                expect(page.get_by_test_id("diff")).to_contain_text("没有员工的结果改变", timeout=20000)
                impact = page.get_by_test_id("chart-impact")
                expect(impact).to_contain_text("没有员工的实发工资改变")
                expect(impact).to_have_attribute("data-empty", "true")
            step("a comment changes no agent's pay against the saved file", diffed)

            def pay_diffed():
                lifted = sorted(i for i, a in expected.items() if float(a["pay"]["实发工资"]) < 3600)
                assert len(lifted) == 10, lifted
                editor.click()
                page.keyboard.press("Control+A")
                page.keyboard.insert_text(good.replace("设 最低工资 = 2420 元", "设 最低工资 = 3600 元"))
                expect(problems).to_contain_text("没有问题", timeout=10000)
                page.get_by_test_id("diff-run").click()
                diff = page.get_by_test_id("diff")
                expect(diff).to_contain_text("结果改变的员工", timeout=20000)
                shown = sorted(set(diff.locator("tr[data-agent]").evaluate_all("rows => rows.map(r => r.dataset.agent)")))
                assert shown == lifted, f"{shown} != {lifted}"
                expect(diff.locator("tr[data-agent=A001]", has_text="实发工资")).to_contain_text("3600.00")
                impact = page.get_by_test_id("chart-impact")
                expect(impact).to_have_attribute("data-count", "10")
                got = drawn(page, "chart-impact")
                rises = sorted(((round(3600 - float(expected[i]["pay"]["实发工资"]), 2), i) for i in lifted), key=lambda r: (-r[0], r[1]))
                assert [c.split("\n")[0] for c in got["categories"]] == [i for _, i in rises], got["categories"]
                assert got["series"][0] == [d for d, _ in rises], got["series"]
                expect(page.get_by_test_id("impact-summary")).to_contain_text("10 人上涨")
                expect(page.get_by_test_id("impact-summary")).to_contain_text("0 人下降")
                impact.scroll_into_view_if_needed()
                page.get_by_test_id("charts").screenshot(path=str(shots / "5b-impact.png"))
                click_bar(page, "chart-impact", 0, 0)
                assert shown_agents(page) == [rises[0][1]], shown_agents(page)
                page.get_by_test_id("filter-clear").click()
                page.screenshot(path=str(shots / "5-diff.png"), full_page=True)
                editor.click()
                page.keyboard.press("Control+A")
                page.keyboard.insert_text(good + "\n// 修订")
                expect(problems).to_contain_text("没有问题", timeout=10000)
            step("a higher minimum wage lists exactly the agents it lifts", pay_diffed)

            def completed():
                editor.click()
                page.keyboard.press("Control+End")
                page.keyboard.type("\n违")
                options = page.locator(".cm-tooltip-autocomplete")
                expect(options).to_contain_text("违规", timeout=5000)
                page.keyboard.press("Escape")
                page.keyboard.press("Backspace")
                page.keyboard.press("Backspace")
            step("completion offers the language's words", completed)

            def formatted():
                # The typed comment ends without a newline: the canonical layout adds it.
                page.get_by_test_id("format").click()
                expect(page.get_by_test_id("status")).to_have_text("已格式化", timeout=10000)
                page.get_by_test_id("format").click()
                expect(page.get_by_test_id("status")).to_have_text("格式已经规范", timeout=10000)
            step("format gives the canonical layout, then has nothing to change", formatted)

            def saved():
                page.get_by_test_id("save").click()
                expect(page.get_by_test_id("status")).to_have_text("已保存", timeout=10000)
                on_disk = policy.read_text(encoding="utf-8")
                assert on_disk.endswith("\n// 修订\n"), on_disk[-40:]
                assert on_disk.startswith(good), "the saved text is not the edited policy"
                expect(page.get_by_test_id("file")).to_have_text("客服考核.kh")
                leftovers = [f.name for f in work.iterdir() if f.name not in ("客服考核.kh", "download.xlsx")]
                assert not leftovers, leftovers
            step("save writes the file", saved)

            def refused():
                policy.write_text(good + "// 别人改的\n", encoding="utf-8")
                editor.click()
                page.keyboard.press("Control+End")
                page.keyboard.insert_text("\n// 再改")
                page.get_by_test_id("save").click()
                expect(page.get_by_test_id("status")).to_contain_text("已在磁盘上被修改", timeout=10000)
                assert policy.read_text(encoding="utf-8") == good + "// 别人改的\n"
            step("save refuses a file changed on disk", refused)
            page.screenshot(path=str(shots / "6-refused.png"))

            def months():
                # A ledger of two closed months (2024-10, then a quieter 2024-11), and December
                # run on it.
                db = work / "kaohe.db"
                november = moved_incidents("2024-11", 30, work / "incidents-2024-11.csv", lambda k: k % 3 != 0)
                december = moved_incidents("2024-12", 31, work / "incidents-2024-12.csv")
                for m, incidents in [("2024-10", MONTH / "incidents.csv"), ("2024-11", november)]:
                    subprocess.run([kaohe, "close", str(POLICY), "--month", m, "--agents", str(MONTH / "agents.csv"),
                                    "--incidents", str(incidents), "--ledger", str(db), "--format", "json"],
                                   check=True, capture_output=True)
                _, dec = expected_month(kaohe, "2024-12", december, db)
                assert [m["month"] for m in dec["months"]] == ["2024-10", "2024-11", "2024-12"], dec["months"]
                server, address = start_server(kaohe, policy, ["--ledger", str(db)])
                try:
                    other = context.new_page()
                    other.goto(address)
                    expect(other.locator("body[data-ready=true]")).to_have_count(1)
                    other.get_by_test_id("month").fill("2024-12")
                    other.get_by_test_id("agents-file").set_input_files(str(MONTH / "agents.csv"))
                    other.get_by_test_id("incidents-file").set_input_files(str(december))
                    other.get_by_test_id("run").click()
                    expect(other.locator("[data-testid=results] tr.agent")).to_have_count(len(expected), timeout=20000)
                    chart = other.get_by_test_id("chart-months")
                    expect(chart).to_have_attribute("data-count", "3")
                    got = drawn(other, "chart-months")
                    assert got["categories"] == ["2024-10", "2024-11", "2024-12（本月）"], got["categories"]
                    assert got["series"][0] == [float(m["pay"]) for m in dec["months"]], got["series"]
                    assert got["series"][2] == [float(m["points"]) for m in dec["months"]], got["series"]
                    chart.scroll_into_view_if_needed()
                    other.get_by_test_id("charts").screenshot(path=str(shots / "7-months.png"))
                    other.close()
                finally:
                    server.kill()
                    server.wait()
            step("with a ledger, the months chart has a point per closed month and this one", months)

            def english():
                en = browser.new_context(locale="en-US").new_page()
                en.goto(url)
                expect(en.locator("h1")).to_have_text("Kaohe workbench")
                expect(en.get_by_test_id("run")).to_have_text("Run")
                expect(en.get_by_test_id("diagnostics")).to_contain_text("No problems", timeout=10000)
                en.close()
            step("an English browser gets the page in English", english)
            browser.close()
    finally:
        proc.kill()
        proc.wait()
    print(f"screenshots: {shots}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
