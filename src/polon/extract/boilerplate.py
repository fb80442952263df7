"""Page furniture that is not part of the story: credits, "Read more" links, share bars.

Such lines are blanked out (every character but the line break becomes a space)
before tokenising, so that offsets into the text stay exact while "Фото: Офіс
Президента", "(Reporting by …; Editing by …)", "Читайте также: В Кыргызстане
задержали вербовщика" or "Share: Facebook | X" yield no persons, countries or events.
The phrases live in data/function_words.tsv (classes ``credit`` and ``boilerplate``).
"""

from __future__ import annotations

import re

from .gazetteer import Gazetteer

_LINE = re.compile(r"[^\n]+")
_WORDS = re.compile(r"[^\W\u02bc]+")
_LEAD = re.compile(r"^[\s\W_]*")  # emoji, brackets, bullets, dashes before the first word
_URL = re.compile(r"(?:https?://|www\.)\S+")
_STOP = re.compile(r"(?<=\w)[.!?](?=\s+\S)")
_SHORT = 8  # words: a line this short that starts with a boilerplate phrase is furniture even without a colon


def _starts_with(words: list[str], phrase: tuple[str, ...]) -> bool:
    return len(words) >= len(phrase) and tuple(words[: len(phrase)]) == phrase


def _is_furniture(line: str, gz: Gazetteer) -> bool:
    lead = _LEAD.match(line)
    body = line[lead.end():] if lead else line
    words = [w.lower() for w in _WORDS.findall(body[:200])]
    if not words:
        return False
    for cls in ("credit", "boilerplate"):
        for phrase in gz.line_prefixes.get(cls, ()):
            if not phrase or not _starts_with(words, phrase):
                continue
            # What follows the phrase: a colon ("Фото: …"), a separator, or nothing.
            m = re.match(r"[^\W\u02bc]+(?:[\s'’\-]+[^\W\u02bc]+){" + str(len(phrase) - 1) + "}", body)
            rest = body[m.end():].lstrip() if m else ""
            if phrase[-1] == "by" or not rest or rest[:1] in ":|/©>»→—–-" or rest[:1] in "👉👇⬇":
                return True
            if cls == "boilerplate" and len(words) <= _SHORT and not body.rstrip().endswith("."):
                return True
    # "(Reporting by X; Editing by Y)" and a line of hashtags-only navigation like "Politik > Ausland"
    if body.count(">") >= 2 and len(words) <= _SHORT:
        return True
    return False


def mask(text: str, gz: Gazetteer) -> str:
    """``text`` with furniture lines blanked; same length, same line breaks."""
    parts: list[str] = []
    pos = 0
    for m in _LINE.finditer(text):
        line = m.group(0)
        if len(line) <= 300 and _is_furniture(line, gz):
            # A "Read more" link is one headline; whatever follows its full stop is text again.
            stop = _STOP.search(line)
            end = m.start() + (stop.start() + 1 if stop else len(line))
            parts.append(text[pos:m.start()])
            parts.append(" " * (end - m.start()))
            pos = end
    parts.append(text[pos:])
    out = "".join(parts)
    return _URL.sub(lambda m: " " * len(m.group(0)), out)
