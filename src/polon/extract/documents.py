"""Readers that turn source files into Documents.

Each reader is pure: it reads the file it is given and nothing else (no
network, no model downloads). A file that cannot be read raises
DocumentError naming the file, the line or field when known, and the reason.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .model import Document, Span


class DocumentError(ValueError):
    """A source file could not be read."""

    def __init__(self, path: str | Path, reason: str, *, line: int | None = None, field: str | None = None) -> None:
        where = str(path)
        if line is not None:
            where += f", line {line}"
        if field is not None:
            where += f", field {field!r}"
        super().__init__(f"{where}: {reason}")
        self.path, self.line, self.field, self.reason = str(path), line, field, reason


# "Ukraine tauscht Kasachen aus | Vitaly Portnikov. 22.04.2025."
_HEADER = re.compile(
    r"^(?P<title>[^|\n]{3,300}?)\s+\|\s+(?P<author>[^|\n]{2,120}?)\.?\s+(?P<date>\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})\.?\s*$"
)
_BYLINE = re.compile(r"^(?:By|Von|Автор|Author|Text):?\s+(?P<author>[^\n,|]{3,80})$", re.I)
_FRONT_MATTER = re.compile(r"\A---\s*\n(?P<body>.*?)\n---\s*\n", re.S)

_OFFICIAL = re.compile(
    r"(Ministry of Foreign Affairs|Foreign Ministry|press service|Außenministerium|Auswärtige Amt|"
    r"Министерств\w* иностранных дел|пресс-служб\w*|МИД|Міністерств\w* закордонних справ|МЗС|"
    r"Координаційн\w* штаб|Coordination Headquarters|Koordinierungsstab|Координационн\w* штаб)",
    re.I,
)
_STATEMENT = re.compile(r"(statement|Erklärung|Mitteilung|заявлени\w*|сообщени\w*|заява|повідомлення|press release|Pressemitteilung)", re.I)


def iso_date(value: str | None) -> str | None:
    """Normalise the date spellings sources use to ISO 8601 (date part only, partial allowed)."""
    if not value:
        return None
    v = str(value).strip()
    m = re.match(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})", v)
    if m:
        try:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
        except ValueError:
            return None
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", v)
    if m:
        return "-".join(g for g in m.groups() if g)
    m = re.match(r"^D:(\d{4})(\d{2})?(\d{2})?", v)  # PDF dates
    if m:
        return "-".join(g for g in m.groups() if g)
    return None


def guess_kind(text: str, title: str | None, default: str) -> str:
    head = (title or "") + "\n" + text[:600]
    if _OFFICIAL.search(head) and _STATEMENT.search(head):
        return "official_statement"
    return default


def _decode(path: Path, data: bytes) -> str:
    for enc in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(enc)
            if enc == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
                raise UnicodeDecodeError(enc, data, 0, 1, "no BOM")
            return text.replace("\r\n", "\n").replace("\r", "\n")
        except UnicodeDecodeError as exc:
            err = exc
    raise DocumentError(path, f"not valid UTF-8 text (byte {err.start})")


def document_from_text(text: str, *, source_format: str = "text") -> Document:
    """A Document from plain text or Markdown, reading a header line or front matter when present."""
    doc = Document(text=text, source_format=source_format)
    body = text
    fm = _FRONT_MATTER.match(text)
    if fm:
        meta: dict[str, str] = {}
        for line in fm.group("body").splitlines():
            if ":" in line:
                k, v = line.split(":", 1)
                meta[k.strip().lower()] = v.strip().strip("\"'")
        doc.title = meta.get("title")
        doc.author = meta.get("author")
        doc.published = iso_date(meta.get("date") or meta.get("published"))
        doc.url = meta.get("url") or meta.get("source")
        if doc.author:
            idx = text.find(doc.author)
            doc.author_span = (idx, idx + len(doc.author)) if idx >= 0 else None
        body = text[fm.end():]
    first_line = body.lstrip("\n").split("\n", 1)[0]
    offset = text.find(first_line)
    m = _HEADER.match(first_line.lstrip("# ").rstrip())
    if m and not doc.title:
        shift = offset + (len(first_line) - len(first_line.lstrip("# ")))
        doc.title = m.group("title").strip()
        doc.author = m.group("author").strip()
        doc.author_span = (shift + m.start("author"), shift + m.start("author") + len(doc.author))
        doc.published = iso_date(m.group("date"))
        doc.kind = "news_article"
    elif first_line.startswith("#") and not doc.title:
        doc.title = first_line.lstrip("# ").strip()
    if not doc.author:
        for line in body.split("\n")[:6]:
            b = _BYLINE.match(line.strip())
            if b:
                doc.author = b.group("author").strip()
                start = text.find(doc.author, text.find(line))
                doc.author_span = (start, start + len(doc.author))
                break
    if doc.title or doc.author:
        doc.kind = "news_article" if doc.kind == "other" else doc.kind
    doc.kind = guess_kind(text, doc.title, doc.kind)
    return doc


def _read_text(path: Path, data: bytes) -> list[Document]:
    return [document_from_text(_decode(path, data), source_format="markdown" if path.suffix.lower() in (".md", ".markdown") else "text")]


def _read_html(path: Path, data: bytes) -> list[Document]:
    import trafilatura

    html = _decode(path, data)
    if "<" not in html:
        raise DocumentError(path, "no HTML markup found")
    result = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, favor_precision=True)
    if result is None:
        raise DocumentError(path, "trafilatura found no main text")
    get = result.get if isinstance(result, dict) else lambda k, d=None: getattr(result, k, d)
    text = get("text") or ""
    if not text.strip():
        raise DocumentError(path, "trafilatura found no main text")
    title = get("title")
    doc = Document(
        text=text,
        kind="news_article",
        title=title,
        author=get("author"),
        published=iso_date(get("date")),
        url=get("url"),
        source_format="html",
    )
    lang = get("language")
    if lang:
        doc.language = lang
    doc.kind = guess_kind(text, title, "news_article")
    return [doc]


def _telegram_text(value: Any, path: Path, idx: int) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts: list[str] = []
        for item in value:
            if isinstance(item, str):
                parts.append(item)
            elif isinstance(item, dict) and isinstance(item.get("text"), str):
                parts.append(item["text"])
            else:
                raise DocumentError(path, f"text entity of type {type(item).__name__} has no text", field=f"messages[{idx}].text")
        return "".join(parts)
    raise DocumentError(path, f"text is {type(value).__name__}, expected string or list", field=f"messages[{idx}].text")


def _read_telegram(path: Path, data: dict[str, Any]) -> list[Document]:
    chats: list[dict[str, Any]]
    if "messages" in data:
        chats = [data]
    else:
        chats = list(data.get("chats", {}).get("list", []))
    docs: list[Document] = []
    for chat in chats:
        channel = chat.get("name")
        msgs = chat.get("messages")
        if not isinstance(msgs, list):
            raise DocumentError(path, "messages is not a list", field="messages")
        for i, msg in enumerate(msgs):
            if not isinstance(msg, dict):
                raise DocumentError(path, "message is not an object", field=f"messages[{i}]")
            if msg.get("type", "message") != "message":
                continue  # service messages: pins, joins, title changes
            text = _telegram_text(msg.get("text", ""), path, i)
            attachments = [str(msg[k]) for k in ("photo", "file", "thumbnail") if isinstance(msg.get(k), str)
                           and not str(msg[k]).startswith("(File not included")]
            if not text.strip() and not attachments:
                continue
            date = msg.get("date")
            author = msg.get("author") or msg.get("from") or channel
            doc = Document(
                text=text,
                kind="telegram_message",
                author=author,
                published=iso_date(date) if isinstance(date, str) else None,
                attachments=attachments,
                source_format="telegram_json",
                meta={"channel": channel, "message_id": msg.get("id"), "chat_id": chat.get("id")},
            )
            if isinstance(chat.get("username"), str) and msg.get("id") is not None:
                doc.url = f"https://t.me/{chat['username']}/{msg['id']}"
            doc.kind = "official_statement" if guess_kind(text, None, "") == "official_statement" else "telegram_message"
            docs.append(doc)
    return docs


def _split_hash(value: str) -> tuple[str, str]:
    # auto-archiver writes "SHA-256:abcd…" (algorithm prefix) or a bare hex digest
    if ":" in value:
        algo, digest = value.split(":", 1)
        return algo.strip().lower().replace("-", ""), digest.strip()
    return ("sha256" if len(value) == 64 else "hash"), value.strip()


def _archiver_doc(path: Path, meta: dict[str, Any], media: list[Any], status: str | None, where: str) -> Document:
    text = str(meta.get("content") or meta.get("text") or meta.get("description") or "")
    title = meta.get("title")
    if not text.strip() and not title:
        raise DocumentError(path, "archived item has neither text nor title", field=where)
    hashes: dict[str, str] = {}
    attachments: list[str] = []
    if isinstance(meta.get("hash"), str) and meta["hash"]:
        algo, digest = _split_hash(meta["hash"])
        hashes[algo] = digest
    for k, m in enumerate(media):
        if not isinstance(m, dict):
            continue
        if m.get("filename"):
            attachments.append(str(m["filename"]))
        props = m.get("properties") if isinstance(m.get("properties"), dict) else m
        h = props.get("hash") if isinstance(props, dict) else None
        if isinstance(h, str) and h:
            algo, digest = _split_hash(h)
            hashes[f"{algo}:{m.get('filename') or k}"] = digest
    doc = Document(
        text=text if text.strip() else str(title),
        kind="other",
        title=str(title) if title else None,
        author=meta.get("author"),
        published=iso_date(str(meta.get("timestamp"))) if meta.get("timestamp") else None,
        url=meta.get("url"),
        attachments=attachments,
        hashes=hashes,
        source_format="auto_archiver",
        meta={"status": status},
    )
    doc.kind = guess_kind(doc.text, doc.title, "telegram_message" if "t.me/" in str(doc.url or "") else "other")
    if "youtube.com" in str(doc.url or "") or "youtu.be" in str(doc.url or ""):
        doc.kind = "video_interview"
    return doc


def _read_archiver_json(path: Path, data: Any) -> list[Document]:
    items = data if isinstance(data, list) else [data]
    docs = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("metadata"), dict):
            raise DocumentError(path, "expected an auto-archiver item with a 'metadata' object", field=f"[{i}]")
        docs.append(_archiver_doc(path, item["metadata"], item.get("media") or [], item.get("status"), f"[{i}]"))
    return docs


def _read_json(path: Path, raw: bytes) -> list[Document]:
    try:
        data = json.loads(_decode(path, raw))
    except json.JSONDecodeError as exc:
        raise DocumentError(path, f"invalid JSON: {exc.msg}", line=exc.lineno) from None
    if isinstance(data, dict) and ("messages" in data or "chats" in data):
        return _read_telegram(path, data)
    if isinstance(data, dict | list):
        return _read_archiver_json(path, data)
    raise DocumentError(path, "JSON is neither a Telegram export nor auto-archiver output")


_CSV_FIELDS = {
    "url": ("url", "link"),
    "title": ("title",),
    "content": ("text", "content"),
    "timestamp": ("timestamp", "upload timestamp", "date"),
    "hash": ("hash",),
    "status": ("archive status", "status"),
    "archive": ("archive location", "archive"),
}


def _read_archiver_csv(path: Path, raw: bytes) -> list[Document]:
    text = _decode(path, raw)
    try:
        reader = csv.DictReader(io.StringIO(text))
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        rows = list(reader)
    except csv.Error as exc:
        raise DocumentError(path, f"invalid CSV: {exc}") from None
    if not header:
        raise DocumentError(path, "empty CSV file", line=1)
    docs = []
    for n, row in enumerate(rows, start=2):
        low = {(k or "").strip().lower(): (v or "") for k, v in row.items()}
        if "metadata" in low:  # csv_db: one column holding the serialised Metadata dict
            try:
                import ast

                meta = ast.literal_eval(low["metadata"]) if low["metadata"].strip() else {}
                media = ast.literal_eval(low.get("media") or "[]")
            except (ValueError, SyntaxError) as exc:
                raise DocumentError(path, f"cannot parse metadata column ({exc.__class__.__name__})", line=n, field="metadata") from None
        else:
            meta = {k: next((low[c] for c in cols if low.get(c)), "") for k, cols in _CSV_FIELDS.items()}
            media = []
            if low.get("archive location"):
                meta["archive_url"] = low["archive location"]
        if not any(meta.get(k) for k in ("content", "title")):
            if not any(v.strip() for v in low.values()):
                continue
            raise DocumentError(path, "row has neither text nor title", line=n)
        docs.append(_archiver_doc(path, meta, media, low.get("archive status") or low.get("status"), f"line {n}"))
    return docs


def _read_subtitles(path: Path, raw: bytes) -> list[Document]:
    text = _decode(path, raw)
    lines: list[str] = []
    segments: list[dict[str, Any]] = []
    if path.suffix.lower() == ".srt":
        import srt

        try:
            cues = [(c.start.total_seconds(), c.end.total_seconds(), c.content) for c in srt.parse(text)]
        except srt.SRTParseError as exc:
            line = text.count("\n", 0, exc.actual_start) + 1
            raise DocumentError(path, f"invalid SRT: {exc}", line=line) from None
    else:
        import webvtt

        try:
            vtt = webvtt.from_buffer(io.StringIO(text))
        except webvtt.errors.MalformedFileError as exc:
            raise DocumentError(path, f"invalid WebVTT: {exc}") from None
        cues = [(c.start_in_seconds, c.end_in_seconds, c.text) for c in vtt.captions]
    title = None
    m = re.search(r"^NOTE\s+(?:Title|title):\s*(.+)$", text, re.M)
    if m:
        title = m.group(1).strip()
    pos = 0
    for start, end, content in cues:
        # Strip speaker/voice tags; YouTube captions repeat the previous line, keep each once.
        clean = re.sub(r"<[^>]+>", "", content).strip()
        for ln in clean.split("\n"):
            ln = ln.strip()
            if not ln or (lines and lines[-1] == ln):
                continue
            segments.append({"start": start, "end": end, "offset": pos})
            lines.append(ln)
            pos += len(ln) + 1
    if not lines:
        raise DocumentError(path, "no subtitle cues with text")
    return [Document(text="\n".join(lines), kind="video_interview", title=title,
                     source_format=path.suffix.lower().lstrip("."), meta={"segments": segments})]


def _read_pdf(path: Path, raw: bytes) -> list[Document]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        pages = [p.extract_text() or "" for p in reader.pages]
        info: Mapping[str, Any] = reader.metadata or {}
    except (PdfReadError, ValueError, KeyError) as exc:
        raise DocumentError(path, f"unreadable PDF: {exc}") from None
    text = "\n\n".join(p.strip() for p in pages).strip()
    if not text:
        raise DocumentError(path, "PDF has no extractable text (scanned image?)")
    title = info.get("/Title") if hasattr(info, "get") else None
    author = info.get("/Author") if hasattr(info, "get") else None
    created = info.get("/CreationDate") if hasattr(info, "get") else None
    doc = Document(text=text, title=str(title) if title else None, author=str(author) if author else None,
                   published=iso_date(str(created)) if created else None, source_format="pdf",
                   meta={"pages": len(pages)})
    doc.kind = guess_kind(text, doc.title, "other")
    return [doc]


_READERS: dict[str, Callable[[Path, bytes], list[Document]]] = {
    ".txt": _read_text,
    ".md": _read_text,
    ".markdown": _read_text,
    ".html": _read_html,
    ".htm": _read_html,
    ".json": _read_json,
    ".csv": _read_archiver_csv,
    ".vtt": _read_subtitles,
    ".srt": _read_subtitles,
    ".pdf": _read_pdf,
}


def read_documents(path: str | Path, *, lang: str | None = None) -> list[Document]:
    """Every document in ``path``; ``lang`` (ISO 639-1) overrides whatever the source says."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise DocumentError(p, exc.strerror or str(exc)) from None
    reader = _READERS.get(p.suffix.lower())
    if reader is None:
        if raw[:5] == b"%PDF-":
            reader = _read_pdf
        elif raw.lstrip()[:1] in (b"{", b"["):
            reader = _read_json
        else:
            reader = _read_text
    if not raw.strip():
        raise DocumentError(p, "file is empty")
    docs = reader(p, raw)
    digest = hashlib.sha256(raw).hexdigest()
    for i, d in enumerate(docs):
        d.source_sha256 = digest
        d.source_path = str(p)
        d.index = i
        if lang:
            d.language = lang
    return docs


__all__ = ["DocumentError", "Document", "Span", "read_documents", "document_from_text", "iso_date"]
