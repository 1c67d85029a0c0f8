#!/usr/bin/env python3
"""An independent calculation of the three v2 showcase policies, written by hand in
Python (NOT an interpreter of Kaohe): each policy's rules are re-stated below as plain
code, so that the hand-computed figures in the worked examples and in each sample
month's expected.md can be cross-checked mechanically.

usage:
  oracle.py tests POLICY.kh                       # check every `expect` of the file
  oracle.py month qa|sales|rider agents.csv incidents.csv [--month 2024-11]
  oracle.py compare qa|sales|rider EXAMPLE_DIR   # every cell of EXAMPLE_DIR/expected.md

The rules follow contract v1 + v2 as read in ../NOTES.md: money rounds half away from
zero to the cent after every money-valued operation; caps per day → week (Mon–Sun,
clipped to the month, whole cap for a partial week) → month; a severity's cap on the
sum of its violations after their caps plus its fired escalations; counts never capped;
occurrence = rank among counted occurrences by (date, input order).
"""
import calendar
import csv
import datetime as dt
import re
import sys
from decimal import Decimal as D, ROUND_HALF_UP, ROUND_FLOOR

# ---------------------------------------------------------------- arithmetic helpers

def money(x):
    return D(x).quantize(D("0.01"), rounding=ROUND_HALF_UP)


def round_to(x, n):
    return D(x).quantize(D(1).scaleb(-n), rounding=ROUND_HALF_UP)


def floor_to(x, n):
    return D(x).quantize(D(1).scaleb(-n), rounding=ROUND_FLOOR)


def add_months(d, n):
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    m += 1
    return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def months_between(start, month):
    y, m = map(int, month.split("-"))
    after = dt.date(y, m, calendar.monthrange(y, m)[1]) + dt.timedelta(days=1)
    n = 0
    while add_months(start, n + 1) <= after:
        n += 1
    return n


def week_key(d):
    return d - dt.timedelta(days=d.weekday())  # the Monday; clipping is implicit in one month


def apply_caps(occ, caps):
    """occ: list of (date, amount); caps: list of (limit, 'day'|'week'|'month'), applied in
    the order day, week, month.  Returns the amount after caps."""
    caps = sorted(caps, key=lambda c: ["day", "week", "month"].index(c[1]))
    # start from per-day buckets
    buckets = {}
    for d, a in occ:
        buckets.setdefault(d, D(0))
        buckets[d] += a
    level = "day"
    for limit, per in caps:
        if per == "day":
            buckets = {k: min(v, limit) for k, v in buckets.items()}
        elif per == "week":
            wk = {}
            for k, v in buckets.items():
                key = week_key(k) if level == "day" else k
                wk[key] = wk.get(key, D(0)) + v
            buckets = {k: min(v, limit) for k, v in wk.items()}
            level = "week"
        else:
            total = sum(buckets.values(), D(0))
            buckets = {"month": min(total, limit)}
            level = "month"
    return sum(buckets.values(), D(0))


# ---------------------------------------------------------------- cell parsing

def qty(s, default_unit=None):
    s = (s or "").strip()
    if not s:
        return None
    s = s.replace("¥", "").replace(",", "")
    m = re.fullmatch(r"(-?[0-9]+(?:\.[0-9]+)?)\s*([^\s0-9]*)", s)
    if not m:
        raise ValueError(f"bad quantity {s!r}")
    v, u = D(m.group(1)), m.group(2)
    if u in ("小时", "hour", "hours"):
        v *= 60
    if u in ("年", "year", "years"):
        v *= 12
    return v


def boolean(s, default):
    s = (s or "").strip().lower()
    if not s:
        return default
    return s in ("true", "是", "yes", "1", "y", "t")


def date(s):
    s = s.strip()
    m = re.fullmatch(r"(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})日?", s)
    return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


# ---------------------------------------------------------------- QA scorecard

QA_TIERS = ["见习坐席", "坐席", "高级坐席"]
QA_BASE = {"见习坐席": D(3000), "坐席": D(3400), "高级坐席": D(4000)}
QA_PERF = {"见习坐席": D(600), "坐席": D(800), "高级坐席": D(1000)}
QA_SEV = {"质检": "服务类", "投诉": "服务类", "迟到": "纪律类", "违规承诺": "纪律类"}


def qa_coef(x):
    if x >= 95: return D("1.20")
    if 85 <= x < 95: return D("1.00")
    if 75 <= x < 85: return D("0.80")
    if 60 <= x < 75: return D("0.50")
    return D(0)


def qa_eval(agent, incs, month):
    tier = agent["tier"]
    ten = months_between(agent["hired_on"], month)
    counted = {v: [] for v in QA_SEV}
    for i in incs:
        v = i["violation"]
        if v == "投诉" and not i.get("有效", True):
            continue
        counted[v].append(i)
    pts = {
        "质检": sum((D(5) if i.get("得分", D(0)) < 60 else D(0)) for i in counted["质检"]),
        "投诉": sum({"重大": D(10), "一般": D(4)}.get(i.get("等级", "一般"), D(2)) for i in counted["投诉"]),
        "迟到": D(len(counted["迟到"])),
        "违规承诺": D(5) * len(counted["违规承诺"]),
    }
    fines = {
        "投诉": sum((D(100) if i.get("等级", "一般") == "重大" else D(0)) for i in counted["投诉"]),
        "迟到": D(20) * len(counted["迟到"]),
    }
    comp = sum((money(i.get("损失", D(0))) for i in counted["违规承诺"]), D(0))
    major = sum(1 for i in counted["投诉"] if i.get("等级", "一般") == "重大")
    esc = major >= 2
    svc = min(pts["质检"] + pts["投诉"] + (D(10) if esc else D(0)), D(20))
    dis = pts["迟到"] + pts["违规承诺"]
    n = len(counted["质检"])
    avg = round_to(sum(i["得分"] for i in counted["质检"]) / n, 1) if n else D(80)

    def req(t):
        if t == "坐席":
            return ten >= 3
        if t == "高级坐席":
            return ten >= 12 and n >= 4 and avg >= 90 and major == 0
        return True

    r = {"tenure": ten, "points": svc + dis, "fine": sum(fines.values(), D(0)), "compensation": comp,
         "points(服务类)": svc, "points(纪律类)": dis, "重大投诉追加": esc,
         "服务类": sum(len(counted[v]) for v in ("质检", "投诉")) + (1 if esc else 0),
         "纪律类": len(counted["迟到"]) + len(counted["违规承诺"])}
    for v in QA_SEV:
        r[v] = len(counted[v])
        r[f"points({v})"] = pts[v]
        r[f"fine({v})"] = fines.get(v, D(0))
    r["compensation(违规承诺)"] = comp
    r["tier_ok"] = req(tier)
    idx = QA_TIERS.index(tier)
    r["promotion"] = QA_TIERS[idx + 1] if idx + 1 < len(QA_TIERS) and req(QA_TIERS[idx + 1]) else None
    p = {}
    p["基本工资"] = money(QA_BASE[tier])
    p["本月质检均分"] = avg
    p["质检绩效"] = money(QA_PERF[tier] * qa_coef(avg))
    p["扣分扣款"] = min(money(money(20 * svc) + money(50 * dis)), p["质检绩效"])
    p["绩效工资"] = p["质检绩效"] - p["扣分扣款"]
    p["罚款扣款"] = r["fine"]
    p["赔偿扣款"] = min(comp, money(D("0.20") * p["基本工资"]))
    p["待追偿"] = comp - p["赔偿扣款"]
    p["实发工资"] = max(p["基本工资"] + p["绩效工资"] - p["罚款扣款"] - p["赔偿扣款"], D(2690))
    p["安排复训"] = (n > 0 and min(i["得分"] for i in counted["质检"]) < 60) or major >= 2
    r["pay"] = p
    return r


def qa_incident(row):
    i = {"violation": row["violation"]}
    i["得分"] = qty(row.get("得分")) if (row.get("得分") or "").strip() else D(0)
    g = (row.get("等级") or "").strip()
    i["等级"] = g if g else "一般"
    i["有效"] = boolean(row.get("有效"), True)
    i["损失"] = money(qty(row.get("损失")) or D(0))
    return i


# ---------------------------------------------------------------- sales commission

S_TIERS = ["销售助理", "销售专员", "高级销售", "销售经理"]
S_BASE = {"销售助理": D(3000), "销售专员": D(3500), "高级销售": D(4500), "销售经理": D(6000)}
S_FLOOR = {"销售助理": D(0), "销售专员": D(30000), "高级销售": D(80000), "销售经理": D(150000)}
S_SEV = {"成交": "业务记录", "退款": "业务记录", "违规改价": "违规"}


def s_rate(x):
    if x < 50000: return D("0.02")
    if 50000 <= x < 100000: return D("0.03")
    if 100000 <= x < 200000: return D("0.04")
    return D("0.05")


def s_level(x):
    if x < 30000: return "销售助理"
    if 30000 <= x < 80000: return "销售专员"
    if 80000 <= x < 150000: return "高级销售"
    return "销售经理"


def s_eval(agent, incs, month):
    tier = agent["tier"]
    ten = months_between(agent["hired_on"], month)
    tten = months_between(agent.get("tier_since") or agent["hired_on"], month)
    c = {v: [i for i in incs if i["violation"] == v] for v in S_SEV}
    sales_sum = sum((money(i.get("金额", D(0))) for i in c["成交"]), D(0))
    refund_sum = sum((money(i.get("金额", D(0))) for i in c["退款"]), D(0))
    sales = sales_sum - refund_sum
    refund_fines = [round_to(money(money(i.get("金额", D(0))) * D("0.10")), 1) if i.get("本人过错") else D(0)
                    for i in c["退款"]]
    fine_refund = apply_caps([(i["date"], f) for i, f in zip(c["退款"], refund_fines)], [(D(300), "month")])
    fine_price = D(50) * len(c["违规改价"])
    points = D(3) * len(c["违规改价"])
    biggest = max(money(i.get("金额", D(0))) for i in c["成交"]) if c["成交"] else D(0)

    def req(t, own):
        if t == "销售专员":
            return (own or tten >= 3) and sales >= S_FLOOR[t]
        if t == "高级销售":
            return (own or tten >= 3) and sales >= S_FLOOR[t] and points == 0
        if t == "销售经理":
            return (own or tten >= 6) and ten >= 24 and sales >= S_FLOOR[t]
        return True

    r = {"tenure": ten, "tier_tenure": tten, "points": points, "fine": fine_refund + fine_price,
         "compensation": D(0), "fine(退款)": fine_refund, "fine(违规改价)": fine_price,
         "fine(业务记录)": fine_refund, "fine(违规)": fine_price, "points(违规)": points,
         "业务记录": len(c["成交"]) + len(c["退款"]), "违规": len(c["违规改价"])}
    for v in S_SEV:
        r[v] = len(c[v])
    r["tier_ok"] = req(tier, True)
    idx = S_TIERS.index(tier)
    r["promotion"] = S_TIERS[idx + 1] if idx + 1 < len(S_TIERS) and req(S_TIERS[idx + 1], False) else None
    p = {}
    p["本月业绩"] = sales
    p["计提基数"] = max(sales, D(0))
    p["适用比例"] = s_rate(p["计提基数"])
    p["提成"] = floor_to(money(p["计提基数"] * p["适用比例"]), -1)
    p["大单奖"] = min(money(biggest * D("0.01")), D(500)) if biggest >= 20000 else D(0)
    p["服务之星"] = len(c["成交"]) >= 5 and min(i.get("评分", D(5)) for i in c["成交"]) >= 4
    p["服务之星奖"] = D(200) if p["服务之星"] else D(0)
    p["业绩档底薪"] = S_BASE[s_level(sales)]
    p["基本工资"] = min(S_BASE[tier], p["业绩档底薪"])
    p["罚款扣款"] = r["fine"]
    p["实发工资"] = max(p["基本工资"] + p["提成"] + p["大单奖"] + p["服务之星奖"] - p["罚款扣款"], D(2690))
    r["pay"] = p
    return r


def s_incident(row):
    i = {"violation": row["violation"]}
    i["金额"] = money(qty(row.get("金额")) or D(0))
    sc = (row.get("评分") or "").strip()
    i["评分"] = D(sc) if sc else D(5)
    i["本人过错"] = boolean(row.get("本人过错"), False)
    return i


# ---------------------------------------------------------------- rider penalties

R_TIERS = ["普通骑手", "优选骑手", "金牌骑手"]
R_BASE = {"普通骑手": D(1500), "优选骑手": D(1800), "金牌骑手": D(2200)}
R_RATE = {"普通骑手": D(4), "优选骑手": D("4.5"), "金牌骑手": D(5)}
R_SEV = {"超时送达": "时效类", "虚假点送达": "时效类", "餐损": "服务类", "违章驾驶": "安全类", "远单": "配送记录"}


def r_eval(agent, incs, month):
    tier = agent["tier"]
    ten = months_between(agent["hired_on"], month)
    orders = agent.get("完成单量", D(0))
    c = {v: [] for v in R_SEV}
    for n, i in enumerate(incs):
        v = i["violation"]
        if v == "超时送达" and not i.get("超时", D(0)) > 5:
            continue
        if v == "远单" and not i.get("距离", D(0)) > 5:
            continue
        c[v].append((n, i))
    late = sorted(c["超时送达"], key=lambda t: (t[1]["date"], t[0]))
    late_occ = []
    for rank, (_, i) in enumerate(late, start=1):
        base = D(5) if i["超时"] <= 15 else D(10)
        late_occ.append((i["date"], money(base * (2 if rank >= 3 else 1))))
    fine_late = apply_caps(late_occ, [(D(30), "day"), (D(60), "week"), (D(100), "month")])
    fine_fake = D(20) * len(c["虚假点送达"])
    esc = len(c["超时送达"]) >= 8
    fine_time = min(fine_late + fine_fake + (D(50) if esc else D(0)), D(120))
    comp = apply_caps([(i["date"], money(i.get("货值", D(0)))) for _, i in c["餐损"]], [(D(300), "month")])
    fine_dmg = D(10) * len(c["餐损"])
    fine_safe = D(50) * len(c["违章驾驶"])
    pts = {"超时送达": D(len(c["超时送达"])), "虚假点送达": D(3) * len(c["虚假点送达"]),
           "餐损": D(2) * len(c["餐损"]), "违章驾驶": D(5) * len(c["违章驾驶"])}
    points = sum(pts.values(), D(0)) + (D(5) if esc else D(0))

    def req(t):
        if t == "优选骑手":
            return ten >= 3 and orders >= 600 and points <= 5
        if t == "金牌骑手":
            return ten >= 12 and orders >= 900 and len(c["违章驾驶"]) == 0
        return True

    r = {"tenure": ten, "points": points, "fine": fine_time + fine_dmg + fine_safe, "compensation": comp,
         "fine(超时送达)": fine_late, "fine(虚假点送达)": fine_fake, "fine(时效类)": fine_time,
         "fine(餐损)": fine_dmg, "fine(服务类)": fine_dmg, "fine(违章驾驶)": fine_safe, "fine(安全类)": fine_safe,
         "compensation(餐损)": comp, "compensation(服务类)": comp, "严重超时": esc,
         "时效类": len(c["超时送达"]) + len(c["虚假点送达"]) + (1 if esc else 0),
         "服务类": len(c["餐损"]), "安全类": len(c["违章驾驶"]), "配送记录": len(c["远单"])}
    for v in R_SEV:
        r[v] = len(c[v])
    for v, x in pts.items():
        r[f"points({v})"] = x
    r["points(时效类)"] = pts["超时送达"] + pts["虚假点送达"] + (D(5) if esc else D(0))
    r["tier_ok"] = req(tier)
    idx = R_TIERS.index(tier)
    r["promotion"] = R_TIERS[idx + 1] if idx + 1 < len(R_TIERS) and req(R_TIERS[idx + 1]) else None
    p = {}
    p["基本工资"] = R_BASE[tier]
    p["计件工资"] = money(R_RATE[tier] * orders)
    p["远单补贴"] = sum((money(2 * (i["距离"] - 5)) for _, i in c["远单"]), D(0))
    p["全月无责"] = points == 0
    p["无责奖励"] = D(200) if p["全月无责"] else D(0)
    p["应发工资"] = p["基本工资"] + p["计件工资"] + p["远单补贴"] + p["无责奖励"]
    p["罚款扣款"] = r["fine"]
    p["赔偿扣款"] = comp
    p["实发工资"] = p["应发工资"] - p["罚款扣款"] - p["赔偿扣款"]
    r["pay"] = p
    r["_late_detail"] = late_occ
    return r


def r_incident(row):
    i = {"violation": row["violation"]}
    i["超时"] = qty(row.get("超时")) or D(0)
    i["距离"] = qty(row.get("距离")) or D(0)
    i["货值"] = money(qty(row.get("货值")) or D(0))
    return i


POLICIES = {
    "qa": (qa_eval, qa_incident, []),
    "sales": (s_eval, s_incident, ["tier_since"]),
    "rider": (r_eval, r_incident, ["完成单量"]),
}

# ---------------------------------------------------------------- worked examples

def literal(s):
    s = s.strip()
    if s == "none":
        return None
    if s in ("true", "false"):
        return s == "true"
    if s.startswith('"'):
        return s[1:-1]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return dt.date.fromisoformat(s)
    m = re.fullmatch(r"(-?)\s*([0-9][0-9_]*(?:\.[0-9]+)?)(%?)\s*([^\s]*)", s)
    if m:
        v = D(m.group(2).replace("_", ""))
        if m.group(1):
            v = -v
        if m.group(3):
            v /= 100
        u = m.group(4)
        if u in ("year", "years", "年"):
            v *= 12
        if u in ("hour", "hours", "小时"):
            v *= 60
        return v
    return s  # a name: tier, violation


def split_fields(body):
    out, cur, q = [], "", False
    for ch in body:
        if ch == '"':
            q = not q
        if ch == "," and not q:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur)
    return {k.strip(): literal(v) for k, v in (f.split("=", 1) for f in out)}


def run_tests(path):
    text = open(path, encoding="utf-8").read()
    kind = "qa" if "qa-scorecard" in path else ("sales" if "sales-commission" in path else "rider")
    ev, _, _ = POLICIES[kind]
    total = bad = 0
    for m in re.finditer(r'^test "([^"]+)" \{\n(.*?)^\}', text, re.S | re.M):
        name, body = m.group(1), m.group(2)
        month = re.search(r"month (\d{4}-\d{2})", body).group(1)
        agents, incs, expects = {}, {}, []
        for line in body.splitlines():
            line = line.strip()
            if line.startswith("agent "):
                am = re.match(r"agent (\S+) \{(.*)\}$", line)
                a = split_fields(am.group(2))
                agents[am.group(1)] = a
                incs.setdefault(am.group(1), [])
            elif line.startswith("incident "):
                im = re.match(r"incident (\S+) \{(.*)\}$", line)
                i = split_fields(im.group(2))
                incs.setdefault(im.group(1), []).append(i)
            elif line.startswith("expect "):
                line = re.sub(r"\s+//.*$", "", line)
                em = re.match(r"expect (\S+?)\.(\S+) (==|!=|>=|<=|>|<) (.+)$", line)
                expects.append((em.group(1), em.group(2), em.group(3), literal(em.group(4))))
        results = {aid: ev(a, incs.get(aid, []), month) for aid, a in agents.items()}
        for aid, target, op, want in expects:
            total += 1
            r = results[aid]
            got = r["pay"][target] if target in r["pay"] else r.get(target, "<missing>")
            if isinstance(got, bool) or got is None or isinstance(got, str):
                ok = (got == want) if op == "==" else (got != want)
            else:
                ok = {"==": got == want, "!=": got != want, ">=": got >= want, "<=": got <= want,
                      ">": got > want, "<": got < want}[op]
            if not ok:
                bad += 1
                print(f"FAIL {name}: {aid}.{target} {op} {want!r}, oracle gives {got!r}")
    print(f"{path}: {total - bad}/{total} expectations agree with the oracle")
    return bad == 0


# ---------------------------------------------------------------- sample months

def read(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def run_month(kind, agents_path, incidents_path, month):
    ev, inc_parse, extra = POLICIES[kind]
    agents = []
    for row in read(agents_path):
        a = {"id": row["id"], "name": row["name"], "tier": row["tier"], "hired_on": date(row["hired_on"])}
        if "tier_since" in extra:
            a["tier_since"] = date(row["tier_since"]) if (row.get("tier_since") or "").strip() else None
        if "完成单量" in extra:
            a["完成单量"] = D(row["完成单量"]) if (row.get("完成单量") or "").strip() else D(0)
        agents.append(a)
    incs = {a["id"]: [] for a in agents}
    for row in read(incidents_path):
        i = inc_parse(row)
        i["date"] = date(row["date"])
        incs[row["agent"]].append(i)
    for a in agents:
        r = ev(a, incs[a["id"]], month)
        pay = "  ".join(f"{k}={v}" for k, v in r["pay"].items())
        extra_s = f" tier_tenure={r['tier_tenure']}" if "tier_tenure" in r else ""
        print(f"{a['id']} {a['name']} {a['tier']} tenure={r['tenure']}{extra_s} points={r['points']} "
              f"fine={r['fine']} comp={r['compensation']} tier_ok={r['tier_ok']} promotion={r['promotion']}")
        print(f"    {pay}")
        sub = {k: v for k, v in r.items() if ("(" in k or k in ("严重超时", "重大投诉追加")) and v}
        if sub:
            print("    " + "  ".join(f"{k}={v}" for k, v in sub.items()))


def cell(s):
    s = s.strip()
    if s in ("yes", "是", "true"):
        return True
    if s in ("no", "否", "false"):
        return False
    if s in ("none", "-"):
        return None
    try:
        if s.endswith("%"):
            return D(s[:-1]) / 100
        return D(s.replace(",", ""))
    except Exception:
        return s


def compare_expected(kind, folder, month):
    """Compare every cell of the tables in FOLDER/expected.md with the oracle."""
    ev, inc_parse, extra = POLICIES[kind]
    import io, contextlib
    agents = {}
    for row in read(f"{folder}/agents.csv"):
        a = {"id": row["id"], "name": row["name"], "tier": row["tier"], "hired_on": date(row["hired_on"])}
        if "tier_since" in extra:
            a["tier_since"] = date(row["tier_since"]) if (row.get("tier_since") or "").strip() else None
        if "完成单量" in extra:
            a["完成单量"] = D(row["完成单量"]) if (row.get("完成单量") or "").strip() else D(0)
        agents[a["id"]] = a
    incs = {k: [] for k in agents}
    for row in read(f"{folder}/incidents.csv"):
        i = inc_parse(row)
        i["date"] = date(row["date"])
        incs[row["agent"]].append(i)
    res = {k: ev(a, incs[k], month) for k, a in agents.items()}
    header, checked, bad, seen = None, 0, 0, set()
    for line in open(f"{folder}/expected.md", encoding="utf-8"):
        if not line.startswith("|"):
            header = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = cells
            continue
        if set(cells[0]) <= set("-"):
            continue
        aid = cells[0]
        if aid not in res:
            continue
        seen.add(aid)
        r = res[aid]
        for h, c in zip(header[1:], cells[1:]):
            if h == "name":
                got = agents[aid]["name"]
            elif h == "tier":
                got = agents[aid]["tier"]
            elif h in r["pay"]:
                got = r["pay"][h]
            elif h in r:
                got = r[h]
            else:
                print(f"  (column {h!r} not known to the oracle)")
                continue
            want = cell(c)
            checked += 1
            if want != got:
                bad += 1
                print(f"MISMATCH {aid} {h}: expected.md {c!r}, oracle {got!r}")
    missing = set(res) - seen
    if missing:
        print("agents missing from expected.md:", sorted(missing))
    print(f"{folder}/expected.md: {checked - bad}/{checked} cells agree with the oracle")
    return bad == 0 and not missing


if __name__ == "__main__":
    if sys.argv[1] == "compare":
        sys.exit(0 if compare_expected(sys.argv[2], sys.argv[3], "2024-11") else 1)
    if sys.argv[1] == "tests":
        ok = all([run_tests(p) for p in sys.argv[2:]])
        sys.exit(0 if ok else 1)
    month = "2024-11"
    if "--month" in sys.argv:
        month = sys.argv[sys.argv.index("--month") + 1]
    run_month(sys.argv[2], sys.argv[3], sys.argv[4], month)
