"""Readers: one fixture per format, plus the errors a broken file must produce."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from polon.extract import DocumentError, extract, extract_file, read_documents
from polon.extract.documents import document_from_text

from .conftest import FIXTURES


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_plain_text_header_line() -> None:
    doc = document_from_text("Titel hier | Max Mustermann. 01.02.2024.\n\nText.")
    assert (doc.title, doc.author, doc.published, doc.kind) == ("Titel hier", "Max Mustermann", "2024-02-01", "news_article")
    s, e = doc.author_span  # type: ignore[misc]
    assert doc.text[s:e] == "Max Mustermann"


def test_markdown_front_matter() -> None:
    path = FIXTURES / "article.md"
    (doc,) = read_documents(path)
    assert doc.title == "Kyrgyz prisoner speaks to reporters"
    assert doc.author == "Mira Fictionova" and doc.published == "2025-03-02"
    assert doc.url == "https://example.org/news/kyrgyz-prisoner"
    assert doc.source_sha256 == _sha(path) and doc.source_format == "markdown"
    d = extract(doc).to_dict()
    assert {p["name"] for p in d["persons"]} == {"Mira Fictionova", "Nurlan Mockbekov"}


def test_html_main_text_via_trafilatura() -> None:
    (doc,) = read_documents(FIXTURES / "article.html")
    assert doc.kind == "news_article"
    assert doc.title == "Kasachischer Konsul trifft Gefangene"
    assert doc.author == "Klara Musterfrau" and doc.published == "2025-03-10"
    assert "Askar Beispielow" in doc.text
    assert "Newsletter abonnieren" not in doc.text and "Startseite" not in doc.text
    d = extract(doc).to_dict()
    assert d["language"] == "de"
    assert {p["name"] for p in d["persons"]} == {"Askar Beispielow", "Klara Musterfrau"}
    (m,) = [e for e in d["events"] if e["type"] == "consular_meeting"]
    assert m["date"] == "2025-03-08" and m["place"] == "Kyiv"


def test_telegram_export_one_document_per_message() -> None:
    path = FIXTURES / "telegram" / "result.json"
    docs = read_documents(path)
    # the service message is skipped; the photo-only message is kept for its attachment
    assert [d.meta["message_id"] for d in docs] == [102, 103, 104]
    assert all(d.kind == "telegram_message" and d.source_sha256 == _sha(path) for d in docs)
    assert docs[0].attachments == ["photos/photo_1@02-04-2025_12-30-00.jpg"]
    assert (path.parent / docs[0].attachments[0]).is_file()
    assert docs[0].published == "2025-04-02"
    # entity lists are flattened into plain text
    assert docs[1].text == "Сьогодні опубліковано інтерв'ю з полоненим громадянином Киргизстану Тимуром Вигадановим."
    assert docs[2].text == "" and docs[2].attachments == ["photos/photo_2@03-04-2025_09-00-00.jpg"]


def test_telegram_extraction() -> None:
    first, second, _ = extract_file(FIXTURES / "telegram" / "result.json")
    assert first["language"] == "uk" and first["persons"] == []  # the channel is not a person
    (cap,) = first["events"]
    assert (cap["type"], cap["date"], cap["count"], cap["nationality"], cap["fought_for"]) == (
        "capture", "2025-04-01", 2, "TJ", "RU")
    assert [(p["name"], p["countries"]) for p in second["persons"]] == [("Тимур Вигаданов", ["KG"])]
    assert second["persons"][0]["mentions"] == ["Тимуром Вигадановим"]  # as written; name in the nominative
    assert second["events"][0]["type"] == "interview_published"


@pytest.mark.parametrize("name", ["interview.vtt", "interview.srt"])
def test_subtitles_are_video_interviews(name: str) -> None:
    (doc,) = read_documents(FIXTURES / name)
    assert doc.kind == "video_interview"
    assert doc.text.count("Рустам Примерзода") <= 1  # repeated caption lines are kept once
    assert doc.meta["segments"][0]["start"] == 1.0


def test_vtt_extraction() -> None:
    (d,) = extract_file(FIXTURES / "interview.vtt")
    assert d["title"] == "Интервью с пленным (вымышленное)"
    assert [p["name"] for p in d["persons"]] == ["Рустам Примерзода"]
    assert [e["type"] for e in d["events"]] == ["recruitment", "capture"]


def test_srt_extraction() -> None:
    (d,) = extract_file(FIXTURES / "interview.srt")
    assert d["language"] == "en"
    assert [p["name"] for p in d["persons"]] == ["Bishal Exampleman"]
    assert [(e["type"], e["place"]) for e in d["events"]] == [("recruitment", "Moscow"), ("capture", "Pokrovsk")]


def test_pdf_text_and_metadata() -> None:
    (doc,) = read_documents(FIXTURES / "statement.pdf")
    assert doc.kind == "official_statement"
    assert doc.title == "Statement on released citizens" and doc.author == "Press Service"
    assert "Nurzhan Fictionov" in doc.text
    d = extract(doc).to_dict()
    assert [p["name"] for p in d["persons"]] == ["Nurzhan Fictionov"]  # "Press Service" is a byline, not a person
    rel = next(e for e in d["events"] if e["type"] == "release")
    assert (rel["date"], rel["count"], rel["nationality"]) == ("2025-04-14", 2, "KZ")


def test_auto_archiver_json_keeps_hashes() -> None:
    (doc,) = read_documents(FIXTURES / "archive.json")
    assert doc.url == "https://t.me/example_channel/555" and doc.published == "2025-05-19"
    assert doc.hashes["sha256"] == "6f1ed002ab5595859014ebf0951522d9f1f5b6f1a6d1f9f3c3f4a1b2c3d4e5f6"
    assert doc.hashes["sha256:archive/example_channel_555/photo.jpg"].startswith("a3b1c2")
    assert doc.attachments == ["archive/example_channel_555/photo.jpg"]
    (d,) = extract_file(FIXTURES / "archive.json")
    assert d["source"]["hashes"] == doc.hashes
    (ex,) = d["events"]
    assert (ex["type"], ex["count"], ex["nationality"], ex["parties"]) == ("prisoner_exchange", 3, "KZ", ["UA", "RU"])


def test_auto_archiver_csv() -> None:
    docs = read_documents(FIXTURES / "archive.csv")
    assert len(docs) == 2
    assert docs[0].hashes == {"sha256": "0f0e0d0c0b0a09080706050403020100ffeeddccbbaa99887766554433221100"}
    assert docs[0].title == "Kazakh POW interview" and docs[1].title is None
    first, second = extract_file(FIXTURES / "archive.csv")
    assert [p["name"] for p in first["persons"]] == ["Yerlan Testov"]
    assert second["language"] == "uk" and second["events"][0]["count"] == 2


def test_lang_override_reaches_documents() -> None:
    (doc,) = read_documents(FIXTURES / "interview.srt", lang="en")
    assert doc.language == "en"


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("bad_telegram.json", "field 'messages[0].text': text is int"),
        ("bad_syntax.json", "line 2: invalid JSON"),
        ("bad.srt", "invalid SRT"),
        ("does_not_exist.txt", "No such file"),
    ],
)
def test_unreadable_files_raise_document_error(name: str, needle: str) -> None:
    with pytest.raises(DocumentError) as info:
        read_documents(FIXTURES / name)
    msg = str(info.value)
    assert name in msg and needle in msg
    assert isinstance(info.value, ValueError)


def test_empty_and_binary_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(DocumentError, match="empty.txt: file is empty"):
        read_documents(empty)
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\xff\xfe\x00\xd8" * 10)
    with pytest.raises(DocumentError, match="blob.txt"):
        read_documents(binary)
    bad_pdf = tmp_path / "broken.pdf"
    bad_pdf.write_bytes(b"%PDF-1.4 nothing else")
    with pytest.raises(DocumentError, match="broken.pdf"):
        read_documents(bad_pdf)


def test_never_imports_django() -> None:
    import subprocess
    import sys

    code = "import sys, polon.extract as e; e.extract('Putin sagte nichts.'); print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
