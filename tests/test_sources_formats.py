"""The readers beyond plain text and JSON Lines: JSON arrays, CSV/TSV, HTML, RSS/Atom, WARC, URLs.

Every fixture is written here from strings (texts invented for these tests), WARC files are built
with warcio's own writer, and the network is shut off for every test (only loopback may connect).
"""

from __future__ import annotations

import datetime as dt
import http.server
import io
import json
import re
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import pytest
from warcio.warcwriter import WARCWriter

from dyads.config import Settings
from dyads.errors import InputError, UnknownFormatError, UsageError
from dyads.model import Article
from dyads.sources import (
    Problem,
    ReadContext,
    Source,
    SourceOptions,
    article_id_for,
    fetch_url,
    format_for,
    format_name,
    jsondoc,
    read_articles,
)
from dyads.sources.jsondoc import read_json
from dyads.sources.warc import read_warc
from sources_util import articles, problems, read

# Invented news-like texts, written for these tests.
EN_1 = (
    "The defence minister of Eastland said on Friday that her government would send observers to "
    "the border talks, which are due to open in the capital next week."
)
EN_2 = (
    "Hundreds of farmers blocked roads into the port city on Thursday to protest against new grain "
    "tariffs, and the police said that several of them were detained."
)
EN_3 = (
    "The two parties in the coalition signed an agreement on Sunday to share the ministries of "
    "finance and trade until the next election, their leaders told reporters."
)
DE = (
    "Der Verteidigungsminister sagte am Freitag, dass die Regierung Beobachter zu den Gesprächen "
    "an der Grenze schicken werde. Die Opposition kritisierte die Pläne scharf."
)

LOOPBACK = ("127.0.0.1", "::1", "localhost")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that tries to reach beyond this machine (DNS lookups included)."""
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> None:
        if isinstance(address, tuple) and address[0] not in LOOPBACK:
            raise AssertionError(f"network access attempted: {address!r}")
        real_connect(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in LOOPBACK:
            raise AssertionError(f"DNS lookup attempted: {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def only_problem(items: list[Article | Problem]) -> Problem:
    assert len(items) == 1, items
    (item,) = items
    assert isinstance(item, Problem), item
    return item


def bytes_source(data: bytes, location: str) -> tuple[Source, io.BytesIO]:
    stream = io.BytesIO(data)

    @contextmanager
    def opener() -> Iterator[IO[bytes]]:
        stream.seek(0)
        yield stream

    return Source(location=location, open=opener, size=len(data)), stream


# --- the registry -----------------------------------------------------------------------------


def test_suffixes_and_format_names() -> None:
    assert format_for("news.WARC.GZ") == "warc"
    assert format_for("crawl.warc") == "warc"
    assert format_for("archive.gz") is None
    assert format_for("feed.rss") == format_for("feed.atom") == format_for("feed.xml") == "feed"
    assert format_for("page.htm") == format_for("page.html") == "html"
    assert format_for("t.csv") == "csv"
    assert format_for("t.tsv") == "tsv"
    assert format_for("a.json") == "json"
    assert format_name("RSS") == format_name("atom") == "feed"
    assert format_name(".csv") == "csv"
    with pytest.raises(UnknownFormatError) as caught:
        format_name("docx")
    assert "choose one of" in caught.value.message


def test_unknown_forced_format_is_a_usage_error_before_reading(tmp_path: Path) -> None:
    with pytest.raises(UnknownFormatError):
        read(tmp_path / "missing.txt", options=SourceOptions(format="pdf"))


def test_source_options_are_checked() -> None:
    with pytest.raises(UsageError):
        SourceOptions(delimiter=";;")
    with pytest.raises(UsageError):
        SourceOptions(fetch_timeout=0)
    with pytest.raises(UsageError):
        SourceOptions(text_column=" ")


def test_forced_format_reads_a_file_whatever_its_suffix(tmp_path: Path) -> None:
    path = tmp_path / "export.dat"
    path.write_text(f'body\n"{EN_1}"\n', encoding="utf-8")
    (article,) = read(path, options=SourceOptions(format="csv"))
    assert isinstance(article, Article)
    assert article.text == EN_1


def test_current_signature_still_works(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(f'text\n"{EN_1}"\n', encoding="utf-8")
    items = list(read_articles([path], default_date=dt.date(2024, 1, 2), settings=Settings()))
    (article,) = articles(items)
    assert article.published == dt.date(2024, 1, 2)


# --- JSON arrays ------------------------------------------------------------------------------


def test_json_array_items_have_the_jsonl_fields(tmp_path: Path) -> None:
    path = tmp_path / "news.json"
    records = [
        {"id": "x1", "text": EN_1, "title": "Observers", "date": "2024-03-05", "source": "Courier"},
        {"text": EN_2, "url": "https://courier.example/2"},
    ]
    path.write_text(json.dumps(records, indent=2), encoding="utf-8")
    first, second = read(path)
    assert first == Article(
        id="x1",
        text=EN_1,
        title="Observers",
        published=dt.date(2024, 3, 5),
        source_name="Courier",
        language="en",
    )
    assert isinstance(second, Article)
    assert second.id == article_id_for(EN_2, "https://courier.example/2")


def test_json_single_object_is_one_article(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"text": EN_1, "title": "Observers"}, indent=2), encoding="utf-8")
    (article,) = read(path)
    assert isinstance(article, Article)
    assert (article.text, article.title) == (EN_1, "Observers")


def test_json_object_holding_the_articles_says_where_they_are(tmp_path: Path) -> None:
    path = tmp_path / "api.json"
    path.write_text(json.dumps({"status": "ok", "articles": [{"text": EN_1}]}, indent=2), encoding="utf-8")
    item = only_problem(read(path))
    assert (item.code, item.fatal) == ("E105", True)
    assert '"articles"' in item.message and "jq" in item.message


def test_json_bad_items_cost_only_themselves(tmp_path: Path) -> None:
    path = tmp_path / "news.json"
    path.write_text(
        "[\n"
        + json.dumps({"text": EN_1})
        + ",\n42,\n"
        + '{"text": "unterminated \\u00e9 ]"  "title": 1},\n'
        + json.dumps({"title": "no text"})
        + ",\n"
        + json.dumps({"text": EN_2, "date": "whenever"})
        + ",\n"
        + json.dumps({"text": EN_3})
        + "\n]\n",
        encoding="utf-8",
    )
    items = read(path)
    assert [a.text for a in articles(items)] == [EN_1, EN_3]
    found = [(p.location, p.code, p.fatal) for p in problems(items)]
    assert found == [
        (f"{path}#2", "E105", False),
        (f"{path}#3", "E105", False),
        (f"{path}#4", "E105", False),
        (f"{path}#5", "E106", False),
    ]
    assert "item 2 (line 3) is a number" in problems(items)[0].message
    assert "not valid JSON" in problems(items)[1].message and "line 4" in problems(items)[1].message


def test_json_truncated_file_keeps_the_items_before_the_cut(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    full = json.dumps([{"text": EN_1}, {"text": EN_2}, {"text": EN_3}])
    path.write_text(full[: full.index(EN_3) + 20], encoding="utf-8")
    items = read(path)
    assert [a.text for a in articles(items)] == [EN_1, EN_2]
    (note,) = problems(items)
    assert (note.code, note.fatal) == ("E105", False)
    assert "truncated" in note.message and "item 3" in note.message


def test_json_missing_closing_bracket_still_reads_the_last_item(tmp_path: Path) -> None:
    path = tmp_path / "open.json"
    path.write_text(json.dumps([{"text": EN_1}, {"text": EN_2}])[:-1], encoding="utf-8")
    items = read(path)
    assert [a.text for a in articles(items)] == [EN_1, EN_2]
    (note,) = problems(items)
    assert (note.code, note.fatal) == ("E105", False)
    assert "closing ]" in note.message


def test_json_malformed_document_is_one_fatal_problem(tmp_path: Path) -> None:
    path = tmp_path / "notes.json"
    path.write_text("[this is not JSON, just a note, with commas", encoding="utf-8")
    item = only_problem(read(path))
    assert (item.code, item.fatal) == ("E105", True)
    assert item.message.startswith("not a usable JSON array: item 1")
    other = tmp_path / "prose.json"
    other.write_text("Talks resumed on Friday.", encoding="utf-8")
    item = only_problem(read(other))
    assert (item.code, item.fatal) == ("E105", True)
    assert "not a JSON array or object" in item.message


@pytest.mark.parametrize("content", ["[]", "  [ \n ]  ", ""])
def test_json_empty_array_or_file_is_fatal(tmp_path: Path, content: str) -> None:
    path = tmp_path / "empty.json"
    path.write_text(content, encoding="utf-8")
    item = only_problem(read(path))
    assert (item.code, item.fatal) == ("E102", True)


def test_json_trailing_comma_is_forgiven_and_trailing_text_noted(tmp_path: Path) -> None:
    path = tmp_path / "news.json"
    path.write_text(f"[{json.dumps({'text': EN_1})},]\n\nnot json\n", encoding="utf-8")
    items = read(path)
    assert [a.text for a in articles(items)] == [EN_1]
    (note,) = problems(items)
    assert (note.code, note.fatal) == ("E105", False)
    assert "line 3" in note.message


def test_json_item_over_the_limit_is_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "news.json"
    path.write_text(json.dumps([{"text": EN_1 * 20}, {"text": EN_2}]), encoding="utf-8")
    items = read(path, settings=Settings(max_file_bytes=1000))
    assert [a.text for a in articles(items)] == [EN_2]
    (note,) = problems(items)
    assert (note.code, note.location) == ("E107", f"{path}#1")


def test_json_scanner_finds_items_across_chunk_edges(monkeypatch: pytest.MonkeyPatch) -> None:
    """Escaped quotes, brackets and commas inside strings, cut at every possible chunk edge."""
    records: list[dict[str, Any]] = [
        {"text": 'He said: "No [deal], {ever}, \\ not now."\n' + EN_1, "tags": [1, [2, {"a": "]"}]]},
        {"text": EN_2, "title": "Café, “quotes” ]}"},
        {"text": EN_3},
    ]
    data = json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8")
    for size in (1, 2, 3, 5, 7, 64):
        monkeypatch.setattr(jsondoc, "CHUNK", size)
        source, _ = bytes_source(data, "mem.json")
        items = list(read_json(source, ReadContext()))
        assert [a.text for a in articles(items)] == [r["text"] for r in records], size
        assert problems(items) == []


def test_json_array_streams_instead_of_reading_the_whole_file() -> None:
    data = json.dumps([{"text": EN_1}] * 20_000).encode()  # about 3.5 MB
    source, stream = bytes_source(data, "big.json")
    first = next(read_json(source, ReadContext()))
    assert isinstance(first, Article)
    assert stream.tell() < len(data) // 2


def test_json_encodings(tmp_path: Path) -> None:
    wide = tmp_path / "wide.json"
    wide.write_bytes(json.dumps([{"text": "Café owners said " + EN_1}], ensure_ascii=False).encode("utf-16"))
    legacy = tmp_path / "legacy.json"
    legacy.write_bytes(b'[{"text": "\x93Caf\xe9 talks\x94 ' + EN_2.encode() + b'"}]')
    texts = [a.text for a in articles(read(wide, legacy))]
    assert texts == ["Café owners said " + EN_1, "“Café talks” " + EN_2]


def test_json_lines_in_a_json_file_still_read(tmp_path: Path) -> None:
    path = tmp_path / "lines.json"
    path.write_text(json.dumps({"text": EN_1}) + "\n" + json.dumps({"text": EN_2}) + "\n", encoding="utf-8")
    assert [a.text for a in articles(read(path))] == [EN_1, EN_2]


def test_stdin_json_array_is_sniffed() -> None:
    items = read("-", stdin=io.StringIO(json.dumps([{"text": EN_1}, {"text": EN_2}], indent=2)))
    assert [a.text for a in articles(items)] == [EN_1, EN_2]


# --- CSV and TSV ------------------------------------------------------------------------------


def csv_text(*rows: str) -> str:
    return "".join(row + "\n" for row in rows)


def test_csv_default_columns(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(
        csv_text(
            "ID,Headline,Body,PubDate,Link,Source,Extra",
            f'7,Observers,"{EN_1}",2024-03-05,https://courier.example/7,Courier,x',
            f',,"{EN_2}",,,,',
        ),
        encoding="utf-8",
    )
    first, second = read(path, default_date=dt.date(2000, 1, 1))
    assert first == Article(
        id="7",
        text=EN_1,
        title="Observers",
        url="https://courier.example/7",
        published=dt.date(2024, 3, 5),
        source_name="Courier",
        language="en",
    )
    assert isinstance(second, Article)
    assert second.id == article_id_for(EN_2)
    assert (second.title, second.url, second.published) == (None, None, dt.date(2000, 1, 1))


def test_csv_text_column_preference_order(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(csv_text("content,text", f'"{EN_2}","{EN_1}"'), encoding="utf-8")
    (article,) = read(path)
    assert isinstance(article, Article)
    assert article.text == EN_1  # "text" wins over "content", whatever the column order


def test_csv_column_mapping(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        csv_text(
            "story;when;key;outlet_name;address;hed;lang_code",
            f"{EN_1};5 March 2024;k1;Wire;https://wire.example/1;Talks;en-US",
            f"{DE};2024-03-06;k2;Wire;;Gespräche;de",
        ),
        encoding="utf-8",
    )
    options = SourceOptions(
        text_column="Story",  # case-insensitive when there is no exact match
        date_column="when",
        id_column="key",
        source_column="outlet_name",
        url_column="address",
        title_column="hed",
        language_column="lang_code",
    )
    items = read(path, options=options)
    (article,) = articles(items)
    assert article == Article(
        id="k1",
        text=EN_1,
        title="Talks",
        url="https://wire.example/1",
        published=dt.date(2024, 3, 5),
        source_name="Wire",
        language="en-US",
    )
    (skipped,) = problems(items)
    assert (skipped.code, skipped.location) == ("E104", f"{path}:3")


def test_csv_without_a_text_column_is_fatal_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_text(csv_text("headline,date", "Talks,2024-03-05"), encoding="utf-8")
    item = only_problem(read(path))
    assert (item.code, item.fatal) == ("E105", True)
    assert "'headline', 'date'" in item.message and "text column" in item.message
    item = only_problem(read(path, options=SourceOptions(text_column="story")))
    assert (item.code, item.fatal) == ("E105", True)
    assert 'no column named "story"' in item.message


def test_csv_bad_rows_cost_only_themselves(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(
        csv_text(
            "id,text,date",
            f'1,"{EN_1}",2024-03-05',
            f"2,{EN_2},2024-03-05",  # unquoted commas: too many fields
            "",
            '3,"",2024-03-05',  # empty text
            f'4,"{EN_2}",sometime',  # bad date
            f'5,"{EN_3[:60]}\n{EN_3[60:]}",2024-03-06',  # a quoted field over two lines
            "6,only two",
            f'7,"{EN_1}",2024-03-07',
        ),
        encoding="utf-8",
    )
    items = read(path)
    assert [a.id for a in articles(items)] == ["1", "5", "7"]
    assert articles(items)[1].text == EN_3[:60] + "\n" + EN_3[60:]
    found = [(p.location, p.code, p.fatal) for p in problems(items)]
    assert found == [
        (f"{path}:3", "E105", False),
        (f"{path}:5", "E102", False),
        (f"{path}:6", "E106", False),
        (f"{path}:9", "E105", False),
    ]
    assert "double quotes" in problems(items)[0].message


def test_csv_unclosed_quote_is_reported_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(csv_text("id,text", f'1,"{EN_1}"', f'2,"{EN_2}', f'3,"{EN_3}"'), encoding="utf-8")
    items = read(path)
    assert [a.id for a in articles(items)] == ["1"]
    (item,) = problems(items)
    assert (item.location, item.code) == (f"{path}:3", "E105")
    assert "unclosed quote" in item.message


def test_tsv_semicolons_and_explicit_delimiter(tmp_path: Path) -> None:
    tsv = tmp_path / "news.tsv"
    tsv.write_text(csv_text("text\tdate", f"{EN_1}\t2024-03-05"), encoding="utf-8")
    semi = tmp_path / "semi.csv"
    semi.write_text(csv_text("text;date", f"{EN_2};2024-03-06"), encoding="utf-8")
    piped = tmp_path / "piped.txt"
    piped.write_text(csv_text("date|text", f"2024-03-07|{EN_3}"), encoding="utf-8")
    items = read(tsv, semi)
    items += read(piped, options=SourceOptions(format="csv", delimiter="|"))
    assert [(a.text, a.published) for a in articles(items)] == [
        (EN_1, dt.date(2024, 3, 5)),
        (EN_2, dt.date(2024, 3, 6)),
        (EN_3, dt.date(2024, 3, 7)),
    ]


def test_csv_encodings_as_for_text(tmp_path: Path) -> None:
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbftext,id\n" + f'"{EN_1}",b1\n'.encode())
    mixed = tmp_path / "mixed.csv"
    mixed.write_bytes(
        b"text,id\n" + b'"\x93Caf\xe9 talks\x94 ' + EN_2.encode() + b'",m1\n' + f'"Café {EN_3}",m2\n'.encode()
    )
    excel = tmp_path / "excel.tsv"  # Excel's "Unicode text": UTF-16 with a BOM, tab-separated
    excel.write_bytes(f"text\tid\r\n{EN_3}\tx1\r\n".encode("utf-16"))
    items = read(bom, mixed, excel)
    assert problems(items) == []
    assert [(a.id, a.text) for a in articles(items)] == [
        ("b1", EN_1),
        ("m1", "“Café talks” " + EN_2),
        ("m2", "Café " + EN_3),
        ("x1", EN_3),
    ]


def test_csv_field_longer_than_the_csv_module_default(tmp_path: Path) -> None:
    text = " ".join([EN_1, EN_2, EN_3] * 500)  # about 230,000 characters
    path = tmp_path / "long.csv"
    path.write_text(f'text\n"{text}"\n', encoding="utf-8")
    parts = articles(read(path, settings=Settings(max_article_chars=1_000_000)))
    assert [p.text for p in parts] == [text]


def test_csv_line_over_the_limit_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(csv_text("text", f'"{EN_1 * 20}"', f'"{EN_2}"'), encoding="utf-8")
    items = read(path, settings=Settings(max_file_bytes=1000))
    assert [a.text for a in articles(items)] == [EN_2]
    (note,) = problems(items)
    assert (note.code, note.location, note.fatal) == ("E107", f"{path}:2", False)


@pytest.mark.parametrize(("content", "code"), [("", "E102"), ("\n\n", "E102"), ("text,id\n", "E102")])
def test_csv_empty_or_header_only_is_fatal(tmp_path: Path, content: str, code: str) -> None:
    path = tmp_path / "empty.csv"
    path.write_text(content, encoding="utf-8")
    item = only_problem(read(path))
    assert (item.code, item.fatal) == (code, True)


def test_binary_csv_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "book.csv"
    path.write_bytes(b"PK\x03\x04" + bytes(200))
    item = only_problem(read(path))
    assert (item.code, item.fatal) == ("E103", True)


# --- HTML pages -------------------------------------------------------------------------------


def html_page(*paragraphs: str, head: str = "", lang: str = "en") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    menu = "".join(f'<li><a href="/s/{n}">Section {n}</a></li>' for n in range(12))
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head><body>'
        f"<header><nav><ul>{menu}</ul></nav></header>"
        f"<main><article><h1>Eastland to send observers</h1>{body}</article></main>"
        '<aside><h2>Most read</h2><ul><li><a href="/x">Cold weather returns</a></li></ul></aside>'
        "<footer><p>Copyright 2024 Eastland Courier. All rights reserved.</p></footer></body></html>"
    )


HEAD = (
    "<title>Eastland to send observers | Eastland Courier</title>"
    '<meta property="og:site_name" content="Eastland Courier">'
    '<meta property="article:published_time" content="2024-03-05T23:10:00-05:00">'
    '<link rel="canonical" href="https://courier.example/world/observers">'
)


def test_html_main_text_title_date_url(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(html_page(EN_1, EN_2, head=HEAD), encoding="utf-8")
    (article,) = read(path)
    assert isinstance(article, Article)
    assert article.text == EN_1 + "\n\n" + EN_2  # no menu, headline, sidebar or footer
    assert article.title == "Eastland to send observers"
    assert article.published == dt.date(2024, 3, 5)
    assert article.url == "https://courier.example/world/observers"
    assert article.source_name == "Eastland Courier"
    assert article.id == article_id_for(article.text, article.url)


def test_html_without_date_gets_the_default_date(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_bytes(
        html_page(EN_3, "Café owners were not asked.").encode("cp1252").replace(b"utf-8", b"cp1252")
    )
    (article,) = read(path, default_date=dt.date(2024, 1, 9))
    assert isinstance(article, Article)
    assert article.published == dt.date(2024, 1, 9)
    assert article.text.endswith("Café owners were not asked.")
    assert article.title == "Eastland to send observers"  # the page's headline when no meta title


@pytest.mark.parametrize(
    "content",
    [
        "<html><head><title>Nothing here</title></head><body></body></html>",
        '<html><body><nav><a href="/a">World</a> <a href="/b">Sport</a></nav></body></html>',
        "<html><head><script>document.write('built by scripts')</script></head><body></body></html>",
    ],
)
def test_html_without_text_is_fatal_e102(tmp_path: Path, content: str) -> None:
    path = tmp_path / "page.html"
    path.write_text(content, encoding="utf-8")
    item = only_problem(read(path))
    assert (item.code, item.fatal) == ("E102", True)
    assert "no article text" in item.message


def test_html_declared_foreign_language_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "seite.html"
    path.write_text(html_page(DE, DE, lang="de"), encoding="utf-8")
    item = only_problem(read(path))
    assert (item.code, item.fatal) == ("E104", False)


def test_html_declared_english_is_still_checked(tmp_path: Path) -> None:
    path = tmp_path / "template.html"
    path.write_text(html_page(DE, DE + " " + DE, lang="en"), encoding="utf-8")
    item = only_problem(read(path))
    assert item.code == "E104"
    assert "does not look like English" in item.message


def test_html_date_from_markup_only_never_fetched(tmp_path: Path) -> None:
    """A URL-looking page and text dates do not make the reader fetch or guess (the guard fails it)."""
    path = tmp_path / "page.html"
    text = f"{EN_1} The last talks were held on 12 January 2019."
    path.write_text(
        html_page(text, EN_2, head='<link rel="canonical" href="https://x.example/a">'), encoding="utf-8"
    )
    (article,) = read(path)
    assert isinstance(article, Article)
    assert article.published is None
    assert article.url == "https://x.example/a"


def test_stdin_html_is_sniffed() -> None:
    items = read("-", stdin=io.StringIO(html_page(EN_1, EN_2, head=HEAD)))
    (article,) = articles(items)
    assert article.title == "Eastland to send observers"


# --- RSS and Atom -----------------------------------------------------------------------------


def rss(*items: str, extra: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Eastland Courier</title><link>https://courier.example/</link>{extra}"
        + "".join(items)
        + "</channel></rss>"
    )


def rss_item(title: str, body: str, *, link: str = "", guid: str = "", date: str = "") -> str:
    parts = [f"<title>{title}</title>", f"<description><![CDATA[{body}]]></description>"]
    if link:
        parts.append(f"<link>{link}</link>")
    if guid:
        parts.append(f'<guid isPermaLink="false">{guid}</guid>')
    if date:
        parts.append(f"<pubDate>{date}</pubDate>")
    return "<item>" + "".join(parts) + "</item>"


FEED = rss(
    rss_item(
        "Observers for border talks",
        f"<p>{EN_1}</p><p>{EN_2} <b>More</b> &amp; less.</p><script>track()</script>",
        link="https://courier.example/1",
        guid="https://courier.example/1",
        date="Tue, 05 Mar 2024 23:30:00 -0500",
    ),
    rss_item("Coalition signs agreement", EN_3, link="https://courier.example/2", guid="4711"),
    rss_item("Farmers block roads into port city", "", date="not a date at all"),
)


def test_rss_entries_are_articles(tmp_path: Path) -> None:
    path = tmp_path / "news.rss"
    path.write_text(FEED, encoding="utf-8")
    items = read(path, default_date=dt.date(2024, 3, 1))
    first, second, third = articles(items)
    assert first == Article(
        id="https://courier.example/1",
        text=f"{EN_1}\n\n{EN_2} More & less.",
        title="Observers for border talks",
        url="https://courier.example/1",
        published=dt.date(2024, 3, 5),  # as written, not moved to UTC (2024-03-06)
        source_name="Eastland Courier",
        language="en",
    )
    assert second.id == article_id_for(EN_3, "https://courier.example/2")  # a bare guid is no id
    assert second.published == dt.date(2024, 3, 1)
    assert third.text == third.title == "Farmers block roads into port city"
    (note,) = problems(items)
    assert (note.code, note.location, note.fatal) == ("E106", f"{path}#3", False)


def test_atom_prefers_full_content_and_resolves_links(tmp_path: Path) -> None:
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        '<title>Wire</title><link href="https://wire.example/"/>'
        "<entry><title>Coalition deal</title><id>tag:wire.example,2024:17</id>"
        '<link href="/2024/coalition"/><updated>2024-03-06T01:00:00+09:00</updated>'
        "<summary>Short summary.</summary>"
        f'<content type="html">&lt;p&gt;{EN_3}&lt;/p&gt;&lt;p&gt;{EN_1}&lt;/p&gt;</content></entry></feed>'
    )
    path = tmp_path / "wire.atom"
    path.write_text(atom, encoding="utf-8")
    (article,) = read(path)
    assert isinstance(article, Article)
    assert article.text == f"{EN_3}\n\n{EN_1}"
    assert article.id == "tag:wire.example,2024:17"
    assert article.published == dt.date(2024, 3, 6)
    assert article.url == "https://wire.example/2024/coalition"
    assert article.source_name == "Wire"


def test_feed_from_a_url_through_the_injected_fetcher() -> None:
    calls: list[tuple[str, float, int]] = []

    def fetch(url: str, timeout: float, max_bytes: int) -> bytes:
        calls.append((url, timeout, max_bytes))
        return FEED.replace("https://courier.example/1", "/1").encode("utf-8")

    url = "https://courier.example/feed.xml"
    options = SourceOptions(fetch=fetch, fetch_timeout=5.0)
    items = read(url, options=options, settings=Settings(max_file_bytes=10_000))
    assert calls == [(url, 5.0, 10_000)]
    assert len(articles(items)) == 3
    assert articles(items)[0].url == "https://courier.example/1"  # relative to the feed's URL
    assert [p.location for p in problems(items)] == [f"{url}#3"]


def test_url_content_is_sniffed_and_format_can_be_forced() -> None:
    page = html_page(EN_1, EN_2, head=HEAD).encode()
    items = read("https://courier.example/a", options=SourceOptions(fetch=lambda *_: page))
    assert [a.title for a in articles(items)] == ["Eastland to send observers"]
    forced = read("https://courier.example/a", options=SourceOptions(fetch=lambda *_: page, format="rss"))
    assert only_problem(forced).code == "E501"


def test_failed_fetch_is_a_fatal_problem_and_the_next_input_is_read(tmp_path: Path) -> None:
    def fetch(url: str, timeout: float, max_bytes: int) -> bytes:
        raise InputError("could not fetch: the server answered HTTP 404 Not Found")

    good = tmp_path / "a.json"
    good.write_text(json.dumps([{"text": EN_1}]), encoding="utf-8")
    first, second = read("http://courier.example/gone", good, options=SourceOptions(fetch=fetch))
    assert isinstance(first, Problem)
    assert (first.code, first.fatal, first.location) == ("E101", True, "http://courier.example/gone")
    assert isinstance(second, Article)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("this is not XML at all", "E501"),
        ('<?xml version="1.0"?><urlset><url><loc>https://a.example/</loc></url></urlset>', "E501"),
        ("<html><body><p>A page, not a feed.</p></body></html>", "E501"),
        ('<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title></channel></rss>', "E102"),
        ("", "E102"),
    ],
)
def test_not_a_feed_is_one_fatal_problem(tmp_path: Path, content: str, code: str) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(content, encoding="utf-8")
    item = only_problem(read(path))
    assert (item.code, item.fatal) == (code, True)


def test_broken_feed_keeps_its_readable_entries(tmp_path: Path) -> None:
    path = tmp_path / "cut.rss"
    path.write_text(FEED[: FEED.index("</item>") + len("</item>")], encoding="utf-8")
    items = read(path)
    assert [a.url for a in articles(items)] == ["https://courier.example/1"]
    (note,) = problems(items)
    assert (note.code, note.fatal) == ("E105", False)
    assert "not well-formed" in note.message


def test_feed_declared_foreign_language_skips_entries(tmp_path: Path) -> None:
    path = tmp_path / "de.rss"
    path.write_text(
        rss(rss_item("Kurz", "Gespräche vertagt."), extra="<language>de-DE</language>"), encoding="utf-8"
    )
    item = only_problem(read(path))
    assert item.code == "E104"


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/feed":
            body = FEED.encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def loopback_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_default_fetcher_on_a_loopback_server(loopback_server: str) -> None:
    assert fetch_url(loopback_server + "/feed", 5.0, 1 << 20) == FEED.encode()
    items = read(loopback_server + "/feed")
    assert len(articles(items)) == 3
    with pytest.raises(InputError) as caught:
        fetch_url(loopback_server + "/missing", 5.0, 1 << 20)
    assert "HTTP 404" in caught.value.message
    with pytest.raises(InputError) as caught:
        fetch_url(loopback_server + "/feed", 5.0, 100)
    assert caught.value.code == "E107"


# --- WARC -------------------------------------------------------------------------------------


CRAWL_DATE = "2024-03-09T10:00:00Z"


def warc_record(
    writer: WARCWriter,
    uri: str,
    body: bytes,
    *,
    kind: str = "response",
    status: str = "200 OK",
    content_type: str = "text/html; charset=utf-8",
) -> None:
    if kind == "response":
        head = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
        payload = head.encode() + body
    else:
        payload = body
    headers = {"WARC-Date": CRAWL_DATE, "WARC-Payload-Digest": "sha1:none", "WARC-Block-Digest": "sha1:none"}
    record = writer.create_warc_record(
        uri, kind, payload=io.BytesIO(payload), length=len(payload), warc_headers_dict=headers
    )
    writer.write_record(record)


def story(number: int, *, dated: bool) -> bytes:
    head = f"<title>Story {number}</title>"
    if dated:
        head += f'<meta property="article:published_time" content="2024-03-0{number % 5 + 1}T08:00:00Z">'
    return html_page(f"{EN_1} Report {number}.", EN_2, head=head).encode()


def write_warc(path: Path, stories: int, *, gz: bool = True) -> Path:
    """A crawl like Common Crawl's: requests, pages (half dated), images, redirects, empty pages."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gz)
        for number in range(stories):
            uri = f"https://courier.example/{number}"
            warc_record(writer, uri, b"GET / HTTP/1.1\r\nHost: courier.example\r\n\r\n", kind="request")
            warc_record(writer, uri, story(number, dated=number % 2 == 0))
            if number % 3 == 0:
                warc_record(writer, uri + ".png", b"\x89PNG\r\n\x1a\n" + bytes(64), content_type="image/png")
                warc_record(writer, uri + "/old", b"<html>moved</html>", status="301 Moved Permanently")
                warc_record(writer, uri + "/menu", b"<html><body><a href='/'>Home</a></body></html>")
    return path


@pytest.mark.parametrize("gz", [True, False])
def test_warc_pages_are_articles(tmp_path: Path, gz: bool) -> None:
    path = write_warc(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), 4, gz=gz)
    items = read(path)
    found = articles(items)
    assert [a.url for a in found] == [f"https://courier.example/{n}" for n in range(4)]
    assert [a.published for a in found] == [
        dt.date(2024, 3, 1),  # from the page
        dt.date(2024, 3, 9),  # the crawl date: the page has none
        dt.date(2024, 3, 3),
        dt.date(2024, 3, 9),
    ]
    assert found[0].text == f"{EN_1} Report 0.\n\n{EN_2}"
    assert found[0].title == "Eastland to send observers"
    assert found[0].source_name == "courier.example"
    assert found[0].id == article_id_for(found[0].text, found[0].url)
    no_text = problems(items)
    assert [p.code for p in no_text] == ["E102", "E102"]  # the two menu-only pages
    assert all(re.fullmatch(rf"{re.escape(str(path))}@\d+", p.location) for p in no_text)
    assert "https://courier.example/0/menu" in no_text[0].message


def test_warc_truncated_gzip_keeps_the_complete_records(tmp_path: Path) -> None:
    data = write_warc(tmp_path / "full.warc.gz", 4).read_bytes()
    for cut in (len(data) - 30, len(data) - 400):
        path = tmp_path / "cut.warc.gz"
        path.write_bytes(data[:cut])
        items = read(path)
        assert [a.url for a in articles(items)][:3] == [f"https://courier.example/{n}" for n in range(3)]
        last = problems(items)[-1]
        assert (last.code, last.fatal) == ("E105", False)
        assert "truncated" in last.message


def test_warc_corrupt_record_is_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    data = bytearray(write_warc(tmp_path / "full.warc.gz", 6).read_bytes())
    members = [m.start() for m in re.finditer(b"\x1f\x8b\x08", bytes(data))]
    target = members[len(members) // 2]
    data[target + 20 : target + 60] = bytes(40)
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(bytes(data))
    items = read(path)
    urls = [a.url for a in articles(items)]
    assert len(urls) >= 5  # at most the one damaged page is lost
    assert urls[0] == "https://courier.example/0" and urls[-1] == "https://courier.example/5"
    corrupt = [p for p in problems(items) if p.code == "E105"]
    assert len(corrupt) == 1
    assert corrupt[0].location == f"{path}@{target}"
    assert "corrupt record" in corrupt[0].message


def test_warc_corrupt_header_in_plain_warc(tmp_path: Path) -> None:
    data = write_warc(tmp_path / "full.warc", 4, gz=False).read_bytes()
    at = data.index(b"WARC/1.", len(data) // 2)
    path = tmp_path / "bad.warc"
    path.write_bytes(data[:at] + b"GARBAGE!" + data[at + 8 :])
    items = read(path)
    assert len(articles(items)) >= 3
    assert any(p.code == "E105" and "corrupt record" in p.message for p in problems(items))


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"just some text, not a crawl", "E501"), (b"\x1f\x8b\x08\x00" + bytes(30), "E501"), (b"", "E102")],
)
def test_not_a_warc_is_one_fatal_problem(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(content)
    item = only_problem(read(path))
    assert (item.code, item.fatal) == (code, True)


def test_warc_without_pages_is_fatal(tmp_path: Path) -> None:
    path = tmp_path / "requests.warc"
    with path.open("wb") as stream:
        warc_record(
            WARCWriter(stream, gzip=False), "https://a.example/", b"GET / HTTP/1.1\r\n\r\n", kind="request"
        )
    item = only_problem(read(path))
    assert (item.code, item.fatal) == ("E102", True)


def test_warc_streams_record_by_record() -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for number in range(300):
        warc_record(writer, f"https://courier.example/{number}", story(number, dated=True))
    data = buffer.getvalue()
    source, stream = bytes_source(data, "big.warc.gz")
    first = next(read_warc(source, ReadContext()))
    assert isinstance(first, Article)
    assert stream.tell() < len(data) // 4


# --- every format: stable ids, broken files next to good ones ---------------------------------


def write_every_format(folder: Path) -> None:
    """One good file of each format, each with its own text (the same text would be the same id)."""
    folder.mkdir()
    (folder / "a.txt").write_text(EN_1, encoding="utf-8")
    (folder / "b.jsonl").write_text(json.dumps({"text": EN_2}) + "\n", encoding="utf-8")
    (folder / "c.json").write_text(
        json.dumps([{"text": EN_3, "url": "https://c.example/"}]), encoding="utf-8"
    )
    (folder / "d.csv").write_text(csv_text("text,date", f'"{EN_1} (CSV)",2024-03-05'), encoding="utf-8")
    (folder / "e.tsv").write_text(csv_text("body", f"{EN_2} (TSV)"), encoding="utf-8")
    (folder / "f.html").write_text(html_page(EN_3, EN_1, head=HEAD), encoding="utf-8")
    (folder / "g.rss").write_text(FEED, encoding="utf-8")
    write_warc(folder / "h.warc.gz", 2)


def test_ids_are_stable_across_reads_of_every_format(tmp_path: Path) -> None:
    write_every_format(tmp_path / "in")
    first = read(tmp_path / "in")
    second = read(tmp_path / "in")
    assert first == second
    found = articles(first)
    assert len(found) == 1 + 1 + 1 + 1 + 1 + 1 + 3 + 2
    assert len({a.id for a in found}) == len(found)


def test_broken_files_of_every_format_never_hide_good_ones(tmp_path: Path) -> None:
    write_every_format(tmp_path / "in")
    good = [(a.id, a.text) for a in articles(read(tmp_path / "in"))]
    broken = tmp_path / "in" / "broken"
    broken.mkdir()
    (broken / "cut.json").write_text('[{"text": "The minister', encoding="utf-8")
    (broken / "empty.json").write_text("[]", encoding="utf-8")
    (broken / "table.csv").write_text(csv_text("a,b", "1,2"), encoding="utf-8")
    (broken / "nobody.html").write_text("<html><head><title>x</title></head></html>", encoding="utf-8")
    (broken / "feed.rss").write_text("<<<not xml", encoding="utf-8")
    (broken / "cut.warc.gz").write_bytes(write_warc(tmp_path / "w.warc.gz", 1).read_bytes()[:200])
    (broken / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(50))
    items = read(tmp_path / "in")
    assert [(a.id, a.text) for a in articles(items)] == good
    found = [p for p in problems(items) if p.location.startswith(str(broken))]
    assert {Path(re.split("[@#]", p.location)[0]).name for p in found} == {
        "cut.json",
        "empty.json",
        "table.csv",
        "nobody.html",
        "feed.rss",
        "cut.warc.gz",
        "binary.txt",
    }
    assert all(p.fatal for p in found)  # each broken file gave nothing at all
    assert all("\n" not in p.message for p in found)


def test_stdin_feed_and_warc_are_sniffed(tmp_path: Path) -> None:
    assert len(articles(read("-", stdin=io.StringIO(FEED)))) == 3
    crawl = write_warc(tmp_path / "crawl.warc.gz", 2).read_bytes()
    items = read("-", stdin=io.BytesIO(crawl))
    assert [a.url for a in articles(items)] == ["https://courier.example/0", "https://courier.example/1"]
    assert all(p.location.startswith("<stdin>@") for p in problems(items))
