"""What happened, in words (Japanese or English): the summary column of the timeline."""

from __future__ import annotations

from typing import Any

from pipeline.candidate import Candidate
from pipeline.records import money

PHRASES: dict[str, dict[str, str]] = {
    "ja": {
        "Registered": "求職者を登録: {name}",
        "DetailsChanged": "登録情報を変更: {details}",
        "FirstMeetingHeld": "初回面談を記録 ({duration}): 希望職種 {roles}、希望年収 {salary}",
        "JobProposed": (
            "求人紹介 {application_id}: {employer}「{job_title}」({role}, {salary_plain})"
        ),
        "ResumeReviewed": "履歴書添削を実施{note}",
        "InterviewPrepared": "面接対策を実施{note}",
        "StageChanged": "ステージ: {source} → {dest}",
        "ContactChanged": "連絡状況: {source} → {dest}",
        "ApplicationChanged": "応募 {application_id}: {source} → {dest}{round_text}",
        "HiringIntentMarked": "応募 {application_id}: 企業に採用意欲あり",
        "ProgressionPaused": "応募 {application_id}: 企業側の進行を一時停止",
        "ProgressionResumed": "応募 {application_id}: 企業側の進行を再開",
        "OutboundContactRecorded": "連絡 ({channel}): {outcome}{note}",
        "ReplyReceived": "求職者から返信 ({channel}){note}",
        "MessageQueued": "送信待ちに追加 → {recipient_label} {to}: {subject}",
        "MessageStatusChanged": "メッセージ {short_id}: {status}{error_text}",
        "DeliveryRecorded": "メッセージ {short_id}: {status}（{attempt}回目の送信）{error_text}",
        "OptedOut": "{channel}での連絡を控えるようご希望{note}",
        "TaskCreated": "タスク作成 ({due_on}): {title}",
        "TaskStatusChanged": "タスク {short_id}: {status}",
        "RiskRaised": "リスク: {signal}",
        "RiskCleared": "リスク解除: {signal}",
    },
    "en": {
        "Registered": "registered candidate {name}",
        "DetailsChanged": "details changed: {details}",
        "FirstMeetingHeld": "first meeting held ({duration}): wants {roles}, {salary}",
        "JobProposed": (
            "job introduced {application_id}: {employer} '{job_title}' ({role}, {salary_plain})"
        ),
        "ResumeReviewed": "resume reviewed{note}",
        "InterviewPrepared": "interview preparation given{note}",
        "StageChanged": "stage: {source} → {dest}",
        "ContactChanged": "contact: {source} → {dest}",
        "ApplicationChanged": "application {application_id}: {source} → {dest}{round_text}",
        "HiringIntentMarked": "application {application_id}: employer wants to hire",
        "ProgressionPaused": "application {application_id}: employer progression paused",
        "ProgressionResumed": "application {application_id}: employer progression resumed",
        "OutboundContactRecorded": "contacted by {channel}: {outcome}{note}",
        "ReplyReceived": "candidate replied by {channel}{note}",
        "MessageQueued": "queued → {recipient_label} {to}: {subject}",
        "MessageStatusChanged": "message {short_id}: {status}{error_text}",
        "DeliveryRecorded": "message {short_id}: {status} (attempt {attempt}){error_text}",
        "OptedOut": "asked not to be contacted by {channel}{note}",
        "TaskCreated": "task for {due_on}: {title}",
        "TaskStatusChanged": "task {short_id}: {status}",
        "RiskRaised": "risk: {signal}",
        "RiskCleared": "risk cleared: {signal}",
    },
}

DETAILS = {
    "ja": {"name": "氏名", "email": "メール", "phone": "電話", "advisor": "担当", "none": "なし"},
    "en": {"name": "name", "email": "email", "phone": "phone", "advisor": "advisor", "none": "—"},
}

RECIPIENTS = {
    "ja": {"candidate": "求職者", "employer": "企業", "advisor": "担当"},
    "en": {"candidate": "candidate", "employer": "employer", "advisor": "advisor"},
}


def _fields(event: Candidate.Event, language: str) -> dict[str, Any]:
    data = dict(vars(event))
    note = data.get("note")
    minutes = data.get("duration_minutes")
    roles = data.get("desired_roles") or []
    round_ = data.get("round") or 0
    data.update(
        note=f": {note}" if note else "",
        duration=(f"{minutes}分" if language == "ja" else f"{minutes} min") if minutes else "—",
        roles="、".join(roles) if language == "ja" else ", ".join(roles) or "—",
        salary=money(data.get("desired_salary"), language),
        salary_plain=money(data.get("salary"), language),
        role=data.get("role") or "—",
        round_text=f" (round {round_})" if data.get("dest") == "interviewing" else "",
        recipient_label=RECIPIENTS[language].get(data.get("recipient", ""), ""),
        short_id=str(data.get("message_id") or data.get("task_id") or "")[:8],
        error_text=f" ({data['error']})" if data.get("error") else "",
        details=_details(data.get("changes"), language),
    )
    if not roles:
        data["roles"] = "—"
    return data


def _details(changes: object, language: str) -> str:
    """A details change as `email → new@example.jp, phone → none` in `language`."""
    if not isinstance(changes, dict):
        return ""
    words = DETAILS[language]
    return ", ".join(f"{words.get(k, k)} → {v or words['none']}" for k, v in changes.items())


def summary(event: Candidate.Event, language: str = "ja") -> str:
    phrases = PHRASES.get(language, PHRASES["en"])
    kind = type(event).__name__
    template = phrases.get(kind, kind)
    return template.format_map(_fields(event, language if language in PHRASES else "en"))
