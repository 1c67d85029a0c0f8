"""The workbench in a real browser, used as someone who never opens a terminal would.

    python3 tests/browser/workbench.py path/to/kaohe [screenshots-dir]

Starts `kaohe serve` on a copy of the bundled Chinese policy (port 0, no browser), then
drives Debian's headless Chromium through Playwright: types the policy with an error
(through the editor's input, and a Chinese input method's composition over CDP), sees
the problem listed in Chinese, jumps to it and fixes it, runs the worked examples,
chooses the month and uploads examples/2024-10's files, runs the month and checks the
table against `kaohe eval --format json` of the same files, sorts it, opens an agent's
derivation, downloads the workbook and reads it back, compares with the saved file,
saves, and is refused a save over a file changed on disk. Screenshots go to the
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


def start_server(kaohe, policy):
    proc = subprocess.Popen(
        [kaohe, "serve", str(policy), "--port", "0", "--no-open"],
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


def expected_month(kaohe):
    out = subprocess.run(
        [kaohe, "eval", str(POLICY), "--month", "2024-10", "--agents", str(MONTH / "agents.csv"),
         "--incidents", str(MONTH / "incidents.csv"), "--format", "json"],
        check=True, capture_output=True, text=True,
    ).stdout
    return {a["id"]: a for a in json.loads(out)["agents"]}


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
    expected = expected_month(kaohe)
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
