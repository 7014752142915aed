"""Reading articles: every format, every kind of bad input, and that bad input never costs good input."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pytest

from dyads.config import Settings
from dyads.errors import BadDateError
from dyads.model import Article
from dyads.sources import (
    Problem,
    ReadContext,
    Source,
    article_id_for,
    english_ratio,
    is_english,
    parse_date,
    read_articles,
    split_points,
)
from dyads.sources.jsonl import GIVE_UP_AFTER, read_jsonl
from sources_util import articles, problems, read

# Invented news-like texts, written for these tests.
EN_1 = (
    "The foreign minister of Norland said on Tuesday that talks with its southern neighbour "
    "would resume in Geneva next month, after a pause of almost a year."
)
EN_2 = (
    "Police in the capital arrested more than forty protesters on Monday after clashes with "
    "supporters of the former president, the interior ministry said in a statement."
)
EN_3 = (
    "Rebels seized two towns near the border over the weekend and said they were ready to "
    "talk with the government if the army withdrew from the valley."
)
DE = (
    "Der Außenminister sagte am Dienstag, dass die Gespräche mit dem Nachbarland im nächsten "
    "Monat fortgesetzt würden. Die Opposition kritisierte die Pläne der Regierung scharf."
)
FR = (
    "Le ministre des Affaires étrangères a déclaré mardi que les négociations avec le pays "
    "voisin reprendraient le mois prochain. L'opposition a vivement critiqué le gouvernement."
)
ES = (
    "El ministro de Asuntos Exteriores dijo el martes que las conversaciones con el país vecino "
    "se reanudarían el próximo mes. La oposición criticó duramente al gobierno."
)
RU = (
    "Министр иностранных дел заявил во вторник, что переговоры с соседней страной "
    "возобновятся в следующем месяце. Оппозиция резко раскритиковала правительство."
)
ZH = "外交部长星期二表示，与邻国的谈判将于下个月恢复。反对派严厉批评了政府的计划。"

PNG_HEAD = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"


def jsonl(path: Path, *records: object) -> Path:
    path.write_text(
        "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records), encoding="utf-8"
    )
    return path


# --- plain text -------------------------------------------------------------------------------


def test_txt_is_one_article_with_hash_id_and_default_date(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes((EN_1 + "\r\n\r\n" + EN_2 + "\r\n").encode("utf-8"))
    day = dt.date(2024, 3, 5)
    (article,) = read(path, default_date=day)
    assert isinstance(article, Article)
    assert article.text == EN_1 + "\n\n" + EN_2 + "\n"
    assert article.id == article_id_for(article.text)
    assert re.fullmatch(r"a-[0-9a-f]{16}", article.id)
    assert article.published == day
    assert article.language == "en"


def test_unknown_extension_that_is_text_reads_as_txt(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text(EN_1, encoding="utf-8")
    (article,) = read(path)
    assert isinstance(article, Article)
    assert article.text == EN_1


def test_unknown_extension_with_json_lines_reads_as_jsonl(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "feed.json", {"text": EN_1}, {"text": EN_2})
    assert [a.text for a in articles(read(path))] == [EN_1, EN_2]


def test_json_document_is_read_as_an_array(tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([{"text": EN_1}], indent=2), encoding="utf-8")
    (item,) = read(path)
    assert isinstance(item, Article)
    assert item.text == EN_1


def test_bare_string_path_is_one_path(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(EN_1, encoding="utf-8")
    assert len(articles(list(read_articles(str(path))))) == 1


# --- JSON Lines -------------------------------------------------------------------------------


def test_jsonl_fields(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "feed.jsonl",
        {
            "id": 17,
            "text": EN_1,
            "title": "Talks to resume",
            "url": "https://example.org/1",
            "date": "5 March 2024",
            "source": "Norland Herald",
            "language": "en-GB",
        },
        {"text": EN_2, "published": "2024-03-06T23:30:00-05:00", "source_name": "Wire", "url": "u2"},
        {"text": EN_3},
    )
    first, second, third = read(path, default_date=dt.date(2000, 1, 1))
    assert first == Article(
        id="17",
        text=EN_1,
        title="Talks to resume",
        url="https://example.org/1",
        published=dt.date(2024, 3, 5),
        source_name="Norland Herald",
        language="en-GB",
    )
    assert isinstance(second, Article)
    assert second.id == article_id_for(EN_2, "u2")
    assert second.published == dt.date(2024, 3, 6)  # the date as written, not moved to UTC
    assert second.source_name == "Wire"
    assert isinstance(third, Article)
    assert third.id == article_id_for(EN_3)
    assert third.published == dt.date(2000, 1, 1)


def test_ndjson_suffix_and_crlf_lines(tmp_path: Path) -> None:
    path = tmp_path / "feed.ndjson"
    path.write_bytes((json.dumps({"text": EN_1}) + "\r\n\r\n" + json.dumps({"text": EN_2}) + "\r\n").encode())
    assert [a.text for a in articles(read(path))] == [EN_1, EN_2]


def test_malformed_line_in_the_middle_costs_only_that_line(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "feed.jsonl",
        {"text": EN_1},
        '{"text": "unterminated',
        "[1, 2, 3]",
        {"title": "no text here"},
        {"text": "   "},
        {"text": 42},
        {"text": EN_2},
    )
    items = read(path)
    assert [a.text for a in articles(items)] == [EN_1, EN_2]
    found = [(p.location, p.code, p.fatal) for p in problems(items)]
    assert found == [
        (f"{path}:2", "E105", False),
        (f"{path}:3", "E105", False),
        (f"{path}:4", "E105", False),
        (f"{path}:5", "E102", False),
        (f"{path}:6", "E105", False),
    ]
    # the order of the output follows the lines of the input
    assert isinstance(items[0], Article) and isinstance(items[-1], Article)
    assert "not valid JSON" in problems(items)[0].message
    assert '"text"' in problems(items)[2].message


def test_bad_date_skips_the_record_and_names_the_line(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "feed.jsonl",
        {"text": EN_1, "date": "2024-03-05"},
        {"text": EN_2, "date": "sometime in spring"},
        {"text": EN_3, "date": 20240305},
    )
    items = read(path)
    assert [a.text for a in articles(items)] == [EN_1]
    assert [(p.code, p.location) for p in problems(items)] == [
        ("E106", f"{path}:2"),
        ("E106", f"{path}:3"),
    ]
    assert "YYYY-MM-DD" in problems(items)[0].message


def test_odd_optional_field_is_noted_and_the_record_kept(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "feed.jsonl", {"text": EN_1, "title": ["a", "list"], "id": ""})
    items = read(path)
    (article,) = articles(items)
    assert article.title is None
    assert article.id == article_id_for(EN_1)
    (note,) = problems(items)
    assert (note.code, note.fatal) == ("E105", False)
    assert '"title"' in note.message


def test_plain_text_named_jsonl_gives_one_fatal_problem(tmp_path: Path) -> None:
    path = tmp_path / "notes.jsonl"
    lines = [f"Line {i} of an ordinary text file." for i in range(GIVE_UP_AFTER * 3)]
    path.write_text("\n".join(lines), encoding="utf-8")
    items = read(path)
    assert len(items) == 1
    assert isinstance(items[0], Problem)
    assert (items[0].code, items[0].fatal) == ("E105", True)
    assert ".txt" in items[0].message


def test_a_few_bad_lines_then_good_ones_are_all_reported(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "feed.jsonl", "oops", "still not json", {"text": EN_1})
    items = read(path)
    assert [p.location for p in problems(items)] == [f"{path}:1", f"{path}:2"]
    assert len(articles(items)) == 1


def test_jsonl_line_over_the_limit_is_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "feed.jsonl", {"text": EN_1 * 20}, {"text": EN_2})
    settings = Settings(max_file_bytes=1000)
    items = read(path, settings=settings)
    assert [a.text for a in articles(items)] == [EN_2]
    ((location, code, fatal),) = [(p.location, p.code, p.fatal) for p in problems(items)]
    assert (location, code, fatal) == (f"{path}:1", "E107", False)


def test_jsonl_has_no_file_size_limit(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "feed.jsonl", *({"text": t} for t in [EN_1, EN_2, EN_3] * 10))
    assert path.stat().st_size > 2000
    items = read(path, settings=Settings(max_file_bytes=2000))
    assert problems(items) == []
    assert len(articles(items)) == 30


def test_jsonl_streams_instead_of_reading_the_whole_file() -> None:
    line = (json.dumps({"text": EN_1}) + "\n").encode()
    data = line * 20_000  # about 3.5 MB
    stream = io.BytesIO(data)

    @contextmanager
    def opener() -> Iterator[IO[bytes]]:
        stream.seek(0)
        yield stream

    reader = read_jsonl(Source(location="big.jsonl", open=opener, size=len(data)), ReadContext())
    first = next(reader)
    assert isinstance(first, Article)
    assert stream.tell() < len(data) // 10


def test_empty_jsonl_is_a_fatal_problem(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text("\n\n  \n", encoding="utf-8")
    (item,) = read(path)
    assert isinstance(item, Problem)
    assert (item.code, item.fatal) == ("E102", True)


# --- folders and stdin ------------------------------------------------------------------------


def test_folder_reads_known_files_recursively_sorted_skipping_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deep").mkdir()
    (tmp_path / ".cache").mkdir()
    (tmp_path / "b" / "deep" / "z.txt").write_text(EN_3, encoding="utf-8")
    (tmp_path / "a.txt").write_text(EN_1, encoding="utf-8")
    jsonl(tmp_path / "b" / "feed.ndjson", {"text": EN_2})
    (tmp_path / ".hidden.txt").write_text(EN_2, encoding="utf-8")
    (tmp_path / ".cache" / "c.txt").write_text(EN_2, encoding="utf-8")
    (tmp_path / "table.dat").write_text("a,b\n1,2\n", encoding="utf-8")
    items = read(tmp_path)
    assert problems(items) == []
    assert [a.text for a in articles(items)] == [EN_1, EN_3, EN_2]


def test_empty_folder_is_a_fatal_problem(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (item,) = read(tmp_path / "empty")
    assert isinstance(item, Problem)
    assert (item.code, item.fatal) == ("E101", True)


def test_missing_path_is_fatal_and_the_next_path_is_still_read(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(EN_1, encoding="utf-8")
    missing = tmp_path / "missing.txt"
    first, second = read(missing, good)
    assert isinstance(first, Problem)
    assert (first.code, first.fatal, first.location) == ("E101", True, str(missing))
    assert first.message.startswith("no such file: ")
    assert isinstance(second, Article)


def test_stdin_text_is_one_article() -> None:
    (item,) = read("-", stdin=io.StringIO(EN_1 + "\n" + EN_2 + "\n"))
    assert isinstance(item, Article)
    assert item.text == EN_1 + "\n" + EN_2 + "\n"


def test_stdin_json_lines_are_read_as_jsonl() -> None:
    stream = io.StringIO(json.dumps({"text": EN_1}) + "\n\n" + json.dumps({"text": EN_2, "date": "x"}) + "\n")
    items = read("-", stdin=stream)
    assert [a.text for a in articles(items)] == [EN_1]
    assert [(p.code, p.location) for p in problems(items)] == [("E106", "<stdin>:3")]


def test_stdin_bytes_in_cp1252() -> None:
    (item,) = read("-", stdin=io.BytesIO("“Caf\u00e9 talks” — ".encode("cp1252") + EN_1.encode()))
    assert isinstance(item, Article)
    assert item.text.startswith("“Café talks” — ")


def test_stdin_binary_is_refused() -> None:
    (item,) = read("-", stdin=io.BytesIO(PNG_HEAD))
    assert isinstance(item, Problem)
    assert (item.code, item.location, item.fatal) == ("E103", "<stdin>", True)


# --- encodings, binaries, empties ------------------------------------------------------------


def test_cp1252_curly_quotes_and_accents(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    text = "The minister told reporters: “We will not accept the café deal”, adding ‘never’ — twice. "
    path.write_bytes((text + EN_2).encode("cp1252"))
    (article,) = read(path)
    assert isinstance(article, Article)
    assert article.text == text + EN_2


def test_latin1_bytes_never_crash(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    # 0x8D is undefined in cp1252, so only latin-1 can decode this; it is a C1 control, made a space
    path.write_bytes(b"Na\xefve officials in S\xe3o Paulo said\x8d " + EN_2.encode("ascii"))
    (article,) = read(path)
    assert isinstance(article, Article)
    assert article.text == "Naïve officials in São Paulo said  " + EN_2


def test_utf8_bom_is_stripped_and_utf16_is_decoded(tmp_path: Path) -> None:
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + EN_1.encode())
    wide = tmp_path / "wide.txt"
    wide.write_bytes(EN_2.encode("utf-16"))
    wide_lines = tmp_path / "wide.jsonl"
    wide_lines.write_bytes((json.dumps({"text": EN_3}) + "\r\n").encode("utf-16"))
    assert [a.text for a in articles(read(bom, wide, wide_lines))] == [EN_1, EN_2, EN_3]


def test_control_characters_become_spaces_of_the_same_length(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(b"Officials\x0csaid\x1b talks\tresumed " + EN_1.encode())
    (article,) = read(path)
    assert isinstance(article, Article)
    assert article.text == "Officials said  talks\tresumed " + EN_1
    feed = jsonl(tmp_path / "feed.jsonl", {"text": "Officials\u0000said " + EN_2})
    (record,) = read(feed)
    assert isinstance(record, Article)
    assert record.text == "Officials said " + EN_2


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"Some words\x00\x00\x01\x02 and more words", "NUL"),
        (PNG_HEAD, "PNG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (bytes(range(1, 32)) * 20, "control characters"),
    ],
)
def test_binary_files_are_refused(tmp_path: Path, content: bytes, what: str) -> None:
    path = tmp_path / "thing.txt"
    path.write_bytes(content)
    (item,) = read(path)
    assert isinstance(item, Problem)
    assert (item.code, item.fatal) == ("E103", True)
    assert item.message.startswith("looks binary (")
    assert what in item.message


def test_binary_jsonl_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b"\x1f\x8b\x08\x00" + bytes(100))
    (item,) = read(path)
    assert isinstance(item, Problem)
    assert (item.code, item.fatal) == ("E103", True)
    assert "gzip" in item.message


@pytest.mark.parametrize("content", [b"", b"   \n\r\n\t  \n"])
def test_empty_files_are_fatal(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    (item,) = read(path)
    assert isinstance(item, Problem)
    assert (item.code, item.fatal, item.location) == ("E102", True, str(path))


def test_bad_inputs_do_not_hide_good_ones(tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(PNG_HEAD)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_text(EN_1, encoding="utf-8")
    (tmp_path / "german.txt").write_text(DE, encoding="utf-8")
    items = read(tmp_path / "nope", tmp_path, "-", stdin=io.StringIO(EN_2))
    assert [a.text for a in articles(items)] == [EN_1, EN_2]
    assert [p.code for p in problems(items)] == ["E101", "E103", "E102", "E104"]
    assert all("\n" not in p.message for p in problems(items))


# --- language ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [DE, FR, ES, RU, ZH])
def test_non_english_texts_are_skipped(tmp_path: Path, text: str) -> None:
    path = tmp_path / "story.txt"
    path.write_text(text, encoding="utf-8")
    (item,) = read(path)
    assert isinstance(item, Problem)
    assert (item.code, item.fatal) == ("E104", False)
    assert item.message.startswith("skipped: the text does not look like English (")


@pytest.mark.parametrize("text", [EN_1, EN_2, EN_3, EN_1 + " " + EN_2])
def test_english_texts_pass(text: str) -> None:
    assert is_english(text, 0.12)
    ratio = english_ratio(text)
    assert ratio is not None and ratio > 0.25


@pytest.mark.parametrize("text", [DE, FR, ES, RU, ZH])
def test_non_english_scores_low(text: str) -> None:
    assert not is_english(text, 0.12)
    ratio = english_ratio(text)
    assert ratio is not None and ratio < 0.1


def test_short_and_name_heavy_english_is_kept() -> None:
    assert is_english("Ceasefire holds", 0.12)  # too short to judge
    assert is_english("Gespräche gescheitert", 0.12)  # too short to judge either way
    assert is_english("Norland President Arvid Kessel met Ostmark Chancellor Lena Brandt in Vell.", 0.12)


def test_foreign_function_words_outvote_english_looking_ones() -> None:
    german = "Was die Regierung in Berlin plant, ist noch unklar, sagte ein Sprecher am Abend."
    ratio = english_ratio(german)
    assert ratio is not None and ratio >= 0.12  # "was" and "in" look English
    assert not is_english(german, 0.12)
    assert is_english("Al Jazeera said the talks in Doha were over, according to officials.", 0.12)


def test_english_ratio_zero_turns_the_check_off(tmp_path: Path) -> None:
    assert is_english(DE, 0.0)
    path = tmp_path / "story.txt"
    path.write_text(DE, encoding="utf-8")
    (item,) = read(path, settings=Settings(min_english_ratio=0.0))
    assert isinstance(item, Article)


def test_declared_language_is_trusted(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "feed.jsonl", {"text": EN_1, "language": "de"}, {"text": DE, "language": "en"})
    items = read(path)
    (problem,) = problems(items)
    assert (problem.code, problem.location) == ("E104", f"{path}:1")
    assert [a.text for a in articles(items)] == [DE]


def test_language_check_is_fast() -> None:
    import time

    texts = [EN_1, DE, FR, ES, RU, ZH] * 200
    start = time.perf_counter()
    for text in texts:
        is_english(text, 0.12)
    assert time.perf_counter() - start < 1.0  # measured ~20 µs a text: 40x slack


# --- size limits and splitting ----------------------------------------------------------------


def test_txt_over_the_file_limit_is_fatal_with_size_limit_and_fix(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text((EN_1 + "\n\n") * 40, encoding="utf-8")
    size = path.stat().st_size
    (item,) = read(path, settings=Settings(max_file_bytes=1024))
    assert isinstance(item, Problem)
    assert (item.code, item.fatal) == ("E107", True)
    assert f"{size:,} bytes" in item.message
    assert "1,024 bytes" in item.message
    assert "DYADS_MAX_FILE_BYTES" in item.message


def test_stdin_text_over_the_file_limit_is_fatal() -> None:
    (item,) = read("-", stdin=io.StringIO(EN_1 * 50), settings=Settings(max_file_bytes=1024))
    assert isinstance(item, Problem)
    assert (item.code, item.fatal, item.location) == ("E107", True, "<stdin>")


def test_long_article_is_split_at_paragraphs_and_loses_nothing(tmp_path: Path) -> None:
    paragraphs = [EN_1, EN_2, EN_3, EN_2 + " " + EN_1, EN_3]
    text = "\n\n".join(paragraphs) + "\n"
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    limit = 400
    items = read(path, settings=Settings(max_article_chars=limit))
    note, *parts = items
    assert isinstance(note, Problem)
    assert (note.code, note.fatal) == ("E107", False)
    assert "split into" in note.message
    assert all(isinstance(p, Article) for p in parts)
    parts_ = articles(items)
    assert len(parts_) >= 3
    base = article_id_for(text)
    assert [p.id for p in parts_] == [f"{base}#p{i}" for i in range(1, len(parts_) + 1)]
    assert all(len(p.text) <= limit for p in parts_)
    assert "".join(p.text for p in parts_) == text
    assert sorted(" ".join(p.text for p in parts_).split()) == sorted(text.split())
    # cuts fall on paragraph boundaries: every part ends a paragraph
    assert all(p.text.endswith("\n") for p in parts_)


def test_split_points_fall_back_to_sentences_then_hard_cuts() -> None:
    sentences = " ".join([EN_1, EN_2, EN_3, EN_1])
    cuts = split_points(sentences, 200)
    pieces = [sentences[a:b] for a, b in zip([0, *cuts], cuts, strict=False)]
    assert "".join(pieces) == sentences
    assert all(len(p) <= 200 for p in pieces)
    assert all(p.rstrip().endswith(".") for p in pieces)
    endless = "x" * 1000
    assert split_points(endless, 300) == [300, 600, 900, 1000]
    assert split_points("short", 300) == [5]


def test_split_jsonl_record_keeps_its_fields(tmp_path: Path) -> None:
    text = "\n\n".join([EN_1, EN_2, EN_3])
    path = jsonl(tmp_path / "feed.jsonl", {"id": "r1", "text": text, "title": "T", "date": "2024-01-02"})
    parts = articles(read(path, settings=Settings(max_article_chars=200)))
    assert [p.id for p in parts] == ["r1#p1", "r1#p2", "r1#p3"]
    assert {(p.title, p.published) for p in parts} == {("T", dt.date(2024, 1, 2))}


# --- ids and determinism ----------------------------------------------------------------------


def test_ids_are_stable_across_reads(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(EN_1, encoding="utf-8")
    jsonl(tmp_path / "b.jsonl", {"text": EN_2}, {"text": EN_3, "url": "https://example.org/3"})
    first = read(tmp_path)
    second = read(tmp_path)
    assert first == second
    assert len({a.id for a in articles(first)}) == 3


def test_article_id_for_normalises_whitespace_and_unicode() -> None:
    assert article_id_for("Talks  resume\n in\tGeneva ") == article_id_for("Talks resume in Geneva")
    assert article_id_for("Cafe\u0301 talks") == article_id_for("Caf\u00e9 talks")
    assert article_id_for("Talks resume") != article_id_for("Talks resumed")
    assert article_id_for("Talks resume", "https://a.example") != article_id_for("Talks resume")
    assert re.fullmatch(r"a-[0-9a-f]{16}", article_id_for("x"))


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05", dt.date(2024, 3, 5)),
        (" 2024-03-05 ", dt.date(2024, 3, 5)),
        ("2024-03-05T23:30:00-05:00", dt.date(2024, 3, 5)),
        ("2024-03-05T10:22:00Z", dt.date(2024, 3, 5)),
        ("5 March 2024", dt.date(2024, 3, 5)),
        ("March 5, 2024", dt.date(2024, 3, 5)),
        ("Tue, 05 Mar 2024 10:22:00 GMT", dt.date(2024, 3, 5)),
        ("Monday, March 4, 2024", dt.date(2024, 3, 4)),
    ],
)
def test_parse_date_good(value: str, expected: dt.date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value",
    ["", "   ", "2024-02-30", "March 2024", "March 5", "yesterday", "3 days ago", "soon", "1709596800"],
)
def test_parse_date_bad(value: str) -> None:
    with pytest.raises(BadDateError) as caught:
        parse_date(value)
    assert caught.value.code == "E106"
    assert "YYYY-MM-DD" in caught.value.message
