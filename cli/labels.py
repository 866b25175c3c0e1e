"""Words the command prints, in Japanese and English, and the state names it accepts.

The state names are repeated here (rather than imported from `pipeline.states`) so that
building the command line imports nothing but click; a test checks that they match the core.
"""

from __future__ import annotations

STAGES = (
    "registered",
    "first_meeting_done",
    "introducing",
    "preparing",
    "in_selection",
    "offered",
    "placed",
    "withdrawn",
    "closed_unreachable",
)
CONTACTS = ("responsive", "awaiting_reply", "silent", "unreachable")
CHANNELS = ("phone", "email", "sms", "line")
OUTCOMES = ("sent", "no_answer", "left_message", "reached")
MESSAGE_STATUSES = ("queued", "sending", "sent", "failed", "uncertain", "cancelled")
TASK_STATUSES = ("open", "done", "cancelled")
REGIONS = ("stage", "contact", "application", "message", "task")

JA_STATES = {
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
    "low": "低",
    "medium": "中",
    "high": "高",
    "queued": "送信待ち",
    "sent": "送信済",
    "sending": "送信中",
    "failed": "送信失敗",
    "uncertain": "送信不明",
    "cancelled": "取消",
    "open": "未完了",
    "done": "完了",
}

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "when": "when",
        "who": "who",
        "what": "what happened",
        "stage": "stage",
        "contact": "contact",
        "stage_contact": "stage / contact",
        "message": "message",
        "risk": "risk",
        "applications": "applications",
        "advisor": "advisor",
        "since": "since {time}",
        "outreach_day": "outreach day {day} of {window}",
        "as_of": "as of {time}",
        "known_at": "as known at {time}",
        "paused": "paused",
        "hiring_intent": "hiring intent",
        "none": "none",
        "ref": "ref",
        "name": "name",
        "next_due": "next due",
        "due": "due",
        "task": "task",
        "status": "status",
        "email": "email",
        "phone": "phone",
        "open_tasks": "open tasks",
        "queued_messages": "queued messages",
        "version_label": "version",
        "head_hash": "head_hash",
        "no_candidates": "No candidates.",
        "no_tasks": "No tasks.",
        "no_messages": "No messages.",
        "policy": "policy",
        "tick_summary": (
            "tick {time}: {due} due, {processed} changed, {events} events, "
            "{messages} messages, {tasks} tasks"
        ),
        "conflicts": ", {n} retried after a conflict",
        "dry_run": " (dry run: nothing was written)",
        "deliver_summary": (
            "deliver {time}: {due} due, {sent} sent, {retrying} to retry, {failed} failed,"
            " {uncertain} uncertain, {skipped} skipped"
        ),
        "deliver_expired": ", {n} claims expired (uncertain)",
        "deliver_waiting": "deliver {time}: outside the send hours; they open at {opens}",
        "deliver_stopped": "  stopped: {why}",
        "dry_run_deliver": " (dry run: nothing was claimed or sent)",
        "exec_summary": "{total} commands: {applied} applied, {refused} refused",
        "demo_wrote": (
            "Wrote the demo to {target}: {candidates} candidates, {events} events, {span}."
        ),
        "next_try": "Next, try:",
        "nothing_changed": "nothing changed",
        "id": "id",
        "to": "to",
        "subject": "subject",
        "candidate": "candidate",
        "employer": "employer",
    },
    "ja": {
        "when": "日時",
        "who": "実行者",
        "what": "内容",
        "stage": "ステージ",
        "contact": "連絡状況",
        "stage_contact": "ステージ／連絡状況",
        "message": "メッセージ",
        "risk": "リスク",
        "applications": "応募",
        "advisor": "担当",
        "since": "{time} から",
        "outreach_day": "連絡継続 {day}日目／{window}日",
        "as_of": "{time} 時点",
        "known_at": "{time} に記録済みの内容",
        "paused": "一時停止中",
        "hiring_intent": "採用意欲あり",
        "none": "なし",
        "ref": "番号",
        "name": "氏名",
        "next_due": "次の期限",
        "due": "期限",
        "task": "タスク",
        "status": "状態",
        "email": "メール",
        "phone": "電話",
        "open_tasks": "未完了タスク",
        "queued_messages": "送信待ち",
        "version_label": "バージョン",
        "head_hash": "head_hash",
        "no_candidates": "求職者はいません。",
        "no_tasks": "タスクはありません。",
        "no_messages": "メッセージはありません。",
        "policy": "ポリシー",
        "tick_summary": (
            "tick {time}: 対象 {due}件、変更 {processed}件、イベント {events}件、"
            "メッセージ {messages}件、タスク {tasks}件"
        ),
        "conflicts": "、競合による再試行 {n}件",
        "dry_run": "（試行のみ: 何も書き込んでいません）",
        "deliver_summary": (
            "配信 {time}: 対象 {due}件、送信 {sent}件、再送待ち {retrying}件、失敗 {failed}件、"
            "送信不明 {uncertain}件、スキップ {skipped}件"
        ),
        "deliver_expired": "、期限切れの送信中 {n}件（送信不明に）",
        "deliver_waiting": "配信 {time}: 送信時間外です（{opens} から送信します）",
        "deliver_stopped": "  中断: {why}",
        "dry_run_deliver": "（試行のみ: 何も送信していません）",
        "exec_summary": "コマンド {total}件: 適用 {applied}件、拒否 {refused}件",
        "demo_wrote": (
            "デモを {target} に書き込みました: 求職者 {candidates}名、イベント {events}件、{span}。"
        ),
        "next_try": "次に試すコマンド:",
        "nothing_changed": "変更はありません",
        "id": "ID",
        "to": "宛先",
        "subject": "件名",
        "candidate": "求職者",
        "employer": "企業",
    },
}


def text(lang: str, key: str, **params: object) -> str:
    words = TEXTS.get(lang, TEXTS["en"])
    return words[key].format(**params) if params else words[key]


def state(lang: str, value: str) -> str:
    """A state's name for people: Japanese words in `ja`, the name itself in `en`."""
    return JA_STATES.get(value, value) if lang == "ja" else value
