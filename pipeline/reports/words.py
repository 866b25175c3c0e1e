"""The reports' words, in English and Japanese: the terminal's and the HTML pages'.

State names in Japanese are also in cli/labels.py (which must import nothing but click);
tests/unit/test_report_words.py keeps the two the same.
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "report_title": "Silence and recovery report",
        "period": "period",
        "all_time": "all time",
        "advisor": "advisor",
        "all_advisors": "all",
        "read_as_of": "as of {time}",
        "read_known_at": "as known at {time}",
        "read_now": "the whole log",
        "active": "candidates active",
        "went_silent": "went silent",
        "silences": "silences",
        "recovered": "recovered (replied)",
        "unreachable": "closed as unreachable",
        "withdrawn": "withdrew while silent",
        "still_silent": "still silent",
        "median_day": "median day {day}",
        "closures": "closures in the period",
        "reply_times": "time to reply",
        "reply_line": "{waits} waits, {replied} replied, {unanswered} unanswered: "
        "median {median} h, p90 {p90} h",
        "curve": "recovery by day of outreach (cumulative)",
        "day": "day",
        "rate": "rate",
        "funnel": "stage funnel (the cohort registered in the period)",
        "stage": "stage",
        "reached": "reached",
        "conversion": "from previous",
        "stalled": "stalled employers and how each silence ended",
        "employer": "employer",
        "stalls": "stall msgs",
        "silent_from": "silent from",
        "ended": "ended",
        "by_advisor": "per advisor",
        "by_month": "per month",
        "month": "month",
        "candidates": "candidates",
        "new": "new",
        "median_reply": "reply h",
        "recovered_short": "recovered",
        "closed_short": "closed",
        "reply": "reply on day {day}",
        "open": "still silent",
        "none": "none",
        "html_written": "wrote {path}",
        "curve_caption": "Share of the period's silences that had ended in a reply by each day "
        "of outreach (day 0: the day silence was detected).",
        "monthly_caption": "Per month: silences begun, of those recovered, and closures as "
        "unreachable.",
        "reply_caption": "Replies to an outbound contact, by how long they took.",
    },
    "ja": {
        "report_title": "音信不通と回復のレポート",
        "period": "期間",
        "all_time": "全期間",
        "advisor": "担当",
        "all_advisors": "全員",
        "read_as_of": "{time} 時点",
        "read_known_at": "{time} に記録済みの内容",
        "read_now": "記録のすべて",
        "active": "対象の求職者",
        "went_silent": "音信不通になった求職者",
        "silences": "音信不通",
        "recovered": "回復（返信あり）",
        "unreachable": "連絡不通で終了",
        "withdrawn": "音信不通のまま辞退",
        "still_silent": "音信不通が継続中",
        "median_day": "中央値 {day}日目",
        "closures": "期間中の連絡不通での終了",
        "reply_times": "返信までの時間",
        "reply_line": "返信待ち {waits}件、返信 {replied}件、未返信 {unanswered}件: "
        "中央値 {median} 時間、90% {p90} 時間",
        "curve": "連絡継続の日数ごとの回復率（累積）",
        "day": "日目",
        "rate": "回復率",
        "funnel": "ステージ別の到達（期間中に登録した求職者）",
        "stage": "ステージ",
        "reached": "到達",
        "conversion": "前段階から",
        "stalled": "時間稼ぎの連絡をした企業と、音信不通の結末",
        "employer": "企業",
        "stalls": "連絡数",
        "silent_from": "音信不通の開始",
        "ended": "結末",
        "by_advisor": "担当別",
        "by_month": "月別",
        "month": "月",
        "candidates": "求職者",
        "new": "新規",
        "median_reply": "返信(時間)",
        "recovered_short": "回復",
        "closed_short": "終了",
        "reply": "{day}日目に返信",
        "open": "継続中",
        "none": "なし",
        "html_written": "{path} に書き出しました",
        "curve_caption": "期間中に始まった音信不通のうち、連絡継続の各日までに返信があった割合"
        "（0日目は音信不通を検知した日）。",
        "monthly_caption": "月ごとの音信不通の開始件数、そのうち回復した件数、"
        "連絡不通での終了件数。",
        "reply_caption": "こちらからの連絡に返信があるまでの時間の分布。",
    },
}


STATES_JA = {
    "registered": "登録済",
    "first_meeting_done": "初回面談済",
    "introducing": "求人紹介中",
    "preparing": "選考準備中",
    "in_selection": "選考中",
    "offered": "内定",
    "placed": "入社決定",
    "withdrawn": "辞退",
    "closed_unreachable": "連絡不通で終了",
    "responsive": "連絡可",
    "awaiting_reply": "返信待ち",
    "silent": "音信不通",
    "unreachable": "連絡不能",
    "proposed": "提案中",
    "applied": "応募済",
    "screening": "書類選考通過",
    "interviewing": "面接中",
    "accepted": "内定承諾",
    "declined": "内定辞退",
    "rejected": "不採用",
    "queued": "送信待ち",
    "sent": "送信済",
    "failed": "送信失敗",
    "cancelled": "取消",
}


def state_name(lang: str, value: str) -> str:
    return STATES_JA.get(value, value) if lang == "ja" else value


def word(lang: str, key: str, **params: object) -> str:
    words = WORDS.get(lang, WORDS["en"])
    return words[key].format(**params) if params else words[key]


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def number(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"
