"""Words that would tell an employer the candidate went silent (R5): never in their messages."""

DISCLOSING_WORDS = (
    "音信不通",
    "連絡が取れ",
    "連絡がつか",
    "unreachable",
    "not responding",
    "no response",
    "ghost",
    "silent",
)


def disclosing_words_in(text: str) -> list[str]:
    lowered = text.lower()
    return [word for word in DISCLOSING_WORDS if word.lower() in lowered]
