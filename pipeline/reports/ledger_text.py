"""The ledgers as rows of text, the same for the terminal and for CSV (UTF-8 with a BOM and
CRLF line ends, as spreadsheet programs in Japan open it), with Japanese headers by default."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from pipeline.reports.models import AnnualReport, Introduction, SeekerLedger, SeekerRow

HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    "seekers": {
        "ja": ("受付年月日", "番号", "氏名", "希望職種", "紹介年月日・紹介先（結果）", "結果",
               "完結日", "保存期限"),
        "en": ("received", "ref", "name", "desired occupation",
               "introductions: date, employer (result)", "outcome", "completed", "keep until"),
    },
    "annual": {
        "ja": ("職業", "新規求職申込件数", "紹介件数", "就職件数"),
        "en": ("occupation", "new seekers", "introductions", "placements"),
    },
}  # fmt: skip
RESULTS = {
    "ja": {
        "in_selection": "選考中",
        "placed": "採用",
        "rejected": "不採用",
        "declined": "内定辞退",
        "withdrawn": "辞退",
    },
    "en": {"in_selection": "in selection", "declined": "declined the offer"},
}
OUTCOMES = {
    "ja": {
        "active": "求職中",
        "placed": "就職",
        "withdrawn": "辞退",
        "closed_unreachable": "連絡不通で終了",
    },
    "en": {"active": "active"},
}
UNKNOWN = {"ja": "（不明）", "en": "(unknown)"}
TOTAL = {"ja": "合計", "en": "total"}


def introduction(item: Introduction, lang: str) -> str:
    shown = RESULTS.get(lang, {}).get(item.result, item.result)
    return f"{item.on.isoformat()} {item.employer}（{shown}）"


def introduction_lines(row: SeekerRow, lang: str) -> list[str]:
    return [introduction(i, lang) for i in row.introductions]


def outcome(row: SeekerRow, lang: str) -> str:
    word = OUTCOMES.get(lang, {}).get(row.outcome, row.outcome)
    return f"{word}（{row.placed_with}）" if row.placed_with else word


def seeker_cells(row: SeekerRow, lang: str) -> list[str]:
    return [
        row.received_on.isoformat(),
        row.ref,
        row.name,
        row.desired_occupation or UNKNOWN[lang],
        " / ".join(introduction_lines(row, lang)),
        outcome(row, lang),
        row.completed_on.isoformat() if row.completed_on else "",
        row.keep_until.isoformat() if row.keep_until else "",
    ]


def annual_cells(report: AnnualReport, lang: str) -> list[list[str]]:
    rows = [
        [c.occupation or UNKNOWN[lang], str(c.new_seekers), str(c.introductions),
         str(c.placements)]
        for c in report.by_occupation
    ]  # fmt: skip
    total = [str(report.new_seekers), str(report.introductions), str(report.placements)]
    return [*rows, [TOTAL[lang], *total]]


def headers(kind: str, lang: str) -> Sequence[str]:
    return HEADERS[kind].get(lang, HEADERS[kind]["en"])


def to_csv(kind: str, lang: str, rows: Sequence[Sequence[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers(kind, lang))
    writer.writerows(rows)
    return "\ufeff" + out.getvalue()


def seekers_csv(ledger: SeekerLedger, lang: str = "ja") -> str:
    return to_csv("seekers", lang, [seeker_cells(r, lang) for r in ledger.seekers])


def annual_csv(report: AnnualReport, lang: str = "ja") -> str:
    return to_csv("annual", lang, annual_cells(report, lang))
