"""Full-text search: index, filters, hostile query syntax, the CLI command."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foia_tracker.cli import cli
from foia_tracker.cli.collect import SEARCH_COLUMNS
from foia_tracker.cli.common import App
from foia_tracker.db import transaction
from foia_tracker.outputs import search as fts
from foia_tracker.workspace import init_workspace
from tests.conftest import MINIMAL_CONFIG
from tests.test_export import build_collect_data, clone_collect_data


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    built = build_collect_data(tmp_path_factory.mktemp("collect-template"))
    fts.rebuild(built.db)
    return built


@pytest.fixture
def data(template, tmp_path):
    return clone_collect_data(template, tmp_path / "data")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("data sharing", '"data" "sharing"'),
        ('"data sharing" policy', '"data sharing" "policy"'),
        ('student\'s "data" -- OR (', '"student\'s" "data" "OR"'),
        ("col:umn NEAR(a b) x*", '"col:umn" "NEAR(a" "b)" "x*"'),
        ('unclosed "quote here', '"unclosed" "quote here"'),
        ('-- ( ) "" *', None),
        ("", None),
    ],
)
def test_fts_query_quotes_every_term(query, expected):
    assert fts.fts_query(query) == expected


@pytest.mark.parametrize(
    "query",
    ['student\'s "data" -- OR (', "NEAR(", "a AND", '"', "*", "^x", "body:root", "{title}:x"],
)
def test_hostile_queries_never_raise(data, query):
    assert isinstance(fts.search(data.db, query), list)


@settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.text(alphabet=st.sampled_from("ab \"*:^()-+{}ORNEAND'\\\x00é"), max_size=40) | st.text())
def test_no_query_raises(data, query):
    hits = fts.search(data.db, query)
    assert all(h["kind"] in ("message", "document") for h in hits)


def test_rebuild_inside_an_open_transaction_keeps_it_open(data):
    with transaction(data.db):
        assert fts.rebuild(data.db) == 12
        assert data.db.conn.in_transaction


def test_rebuild_indexes_received_messages_and_documents(data):
    # 6 messages + 6 distinct documents
    assert fts.rebuild(data.db) == 12


def test_message_hit_carries_ref_subject_and_snippet(data):
    hits = fts.search(data.db, "memorandum covers")
    assert len(hits) == 1
    hit = hits[0]
    assert hit["kind"] == "message"
    assert hit["refs"] == ["CT-0001", "CT-0002"]
    assert hit["message"] == data.messages["m2"]
    assert hit["message_id"] == "<m2@agency.example.gov>"
    assert hit["subject"] == "Joint answer CT-0001 CT-0002"
    assert hit["snippet"] == "One [memorandum] [covers] both districts."
    assert hit["sha256"] is None


def test_document_hit_names_file_and_requests(data):
    hits = fts.search(data.db, '"Acme Analytics"')
    assert [(h["kind"], h["filename"], h["sha256"], h["refs"]) for h in hits] == [
        ("document", "agreement.pdf", data.docs["pdf_a"], ["CT-0001"])
    ]
    assert hits[0]["message"] == data.messages["m1"]
    assert hits[0]["snippet"] == "Data sharing agreement with [Acme Analytics]"


def test_phrase_must_be_adjacent(data):
    assert fts.search(data.db, '"analytics acme"') == []
    assert len(fts.search(data.db, "analytics acme")) == 1


def test_filters_by_campaign_and_state(data):
    everything = {h["message"] for h in fts.search(data.db, "data sharing")}
    assert everything == {data.messages["m1"], data.messages["m4"], data.messages["m6"]}
    mou = fts.search(data.db, "data sharing", campaign="mou-2026")
    assert [(h["kind"], h["refs"]) for h in mou] == [("document", ["CT-0001"])]
    other = fts.search(data.db, "data sharing", campaign="other")
    assert [(h["message"], h["refs"]) for h in other] == [(data.messages["m6"], ["CT-0099"])]
    assert fts.search(data.db, "data sharing", state="ny") == []
    assert len(fts.search(data.db, "memorandum", state="ct")) == 3


def test_held_message_is_found_without_filters_with_no_refs(data):
    hits = fts.search(data.db, "question")
    assert [(h["message"], h["refs"]) for h in hits] == [(data.messages["m4"], [])]


def test_subject_words_rank_above_body_words(data):
    fts.index_message(data.db, {"id": data.messages["m4"], "subject": "x", "body_text": "zeta y"})
    fts.index_message(data.db, {"id": data.messages["m5"], "subject": "zeta", "body_text": "y z"})
    hits = fts.search(data.db, "zeta")
    assert [h["message"] for h in hits] == [data.messages["m5"], data.messages["m4"]]
    assert [h["rank"] for h in hits] == [1, 2]
    assert hits[0]["score"] > hits[1]["score"] > 0


def test_diacritics_and_case_folded(data):
    message = {"id": data.messages["m4"], "subject": "x", "body_text": "Données élèves"}
    fts.index_message(data.db, message)
    assert [h["message"] for h in fts.search(data.db, "DONNEES eleves")] == [data.messages["m4"]]


def test_reindex_replaces_rather_than_duplicates(data):
    message = {"id": data.messages["m4"], "subject": "s", "body_text": "zebra crossing"}
    fts.index_message(data.db, message)
    fts.index_message(data.db, message)
    assert len(fts.search(data.db, "zebra")) == 1
    assert fts.search(data.db, "question") == []


def test_own_copies_are_not_indexed(data):
    fts.index_message(
        data.db,
        {
            "id": data.messages["m4"],
            "subject": "letter",
            "body_text": "our own letter",
            "own_copy": 1,
        },
    )
    assert fts.search(data.db, "letter") == []


def test_limit(data):
    assert len(fts.search(data.db, "memorandum", limit=2)) == 2


def _app(tmp_path):
    config = init_workspace(tmp_path / "ws", MINIMAL_CONFIG)
    app = App(str(config))
    data = build_collect_data(tmp_path / "ws")
    data.db.close()
    return app


def test_cli_search_json(tmp_path):
    app = _app(tmp_path)
    fts.rebuild(app.db)
    result = CliRunner().invoke(
        cli,
        [
            "--config",
            str(app.config_path),
            "search",
            "Acme",
            "--campaign",
            "mou-2026",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert list(hits[0]) == list(SEARCH_COLUMNS)
    assert hits[0]["rank"] == 1
    assert [(h["kind"], h["filename"], h["refs"]) for h in hits] == [
        ("document", "agreement.pdf", ["CT-0001"])
    ]


def test_cli_search_table_strips_control_characters(tmp_path):
    app = _app(tmp_path)
    app.db.execute("UPDATE messages SET subject = 'evil\x1b]0;title\x07 subject'")
    fts.rebuild(app.db)
    result = CliRunner().invoke(cli, ["--config", str(app.config_path), "search", "list"])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output
    assert "evil]0;title subject" in result.output


def test_cli_search_no_words_is_a_usage_error(tmp_path):
    app = _app(tmp_path)
    result = CliRunner().invoke(cli, ["--config", str(app.config_path), "search", "--", "(("])
    assert result.exit_code == 2
    assert "no word to search for" in result.output
