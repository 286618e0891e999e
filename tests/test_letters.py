"""Letter sets, strict rendering, variable checks and the golden request letters."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path

import jinja2
import pytest
from jinja2.sandbox import SandboxedEnvironment

from foia_tracker.config import Proxy, Requester
from foia_tracker.errors import TemplateError
from foia_tracker.law.jurisdictions import get_jurisdiction
from foia_tracker.letters.environment import LetterEnvironment
from foia_tracker.letters.render import (
    SEND_DATE_MARK,
    LetterInputs,
    check_variables,
    clocks_phrase,
    fill_send_date,
    law_facts,
    letter_context,
    list_template_sets,
    load_set,
    render_letter,
    render_subject,
    short_citation,
)

GOLDEN = Path(__file__).parent / "golden"
PERIOD = "from January 1, 2020 to the date of this request"
REQUESTER = Requester(
    name="Jane Doe",
    organization="Parents for Student Privacy",
    email="jane@example.org",
    mailing_address="123 Main Street, Hartford, CT 06103",
    phone="555-0100",
    state="CT",
)
PROXY = Proxy(name="John Roe", address="1 Court Street, Richmond, VA 23219")


def agency(state: str, **fields) -> dict:
    base = {
        "id": 1,
        "name": "Lakeside Unified School District",
        "state": state,
        "email": "records@lakeside.example",
        "contact_name": "",
        "address": "100 School Road, Lakeside",
        "extra": {},
    }
    return base | fields


def render(state: str, kind: str = "request", variables=None, residency="", **agency_fields):
    template_set = load_set("student-data-agreements")
    inputs = LetterInputs(
        agency=agency(state, **agency_fields),
        requester=REQUESTER,
        jurisdiction=get_jurisdiction(state),
        ref=f"{state}-0042",
        token="k3j5m2n4p6q7r",
        variables={"period": PERIOD} if variables is None else variables,
        residency=residency,
        proxy=PROXY if residency == "proxy" else None,
    )
    context = letter_context(template_set, inputs)
    return render_subject(template_set, template_set.subject, context), render_letter(
        template_set, kind, context
    )


def test_shipped_set_is_found_with_its_variables():
    sets = {s.name: s for s in list_template_sets()}
    shipped = sets["student-data-agreements"]
    assert [v.name for v in shipped.required("request")] == ["period"]
    assert [v.name for v in shipped.optional("request")] == ["organization", "fee_cap"]
    assert [v.name for v in shipped.required("appeal")] == [
        "period",
        "original_sent",
        "appeal_body",
    ]
    assert "{{ ref }}" in shipped.subject


def test_missing_required_variable_is_named():
    template_set = load_set("student-data-agreements")
    with pytest.raises(TemplateError, match="needs the variable 'period'"):
        check_variables(template_set, {})


def test_agency_column_satisfies_a_required_variable():
    template_set = load_set("student-data-agreements")
    check_variables(template_set, {}, agency("CT", extra={"period": "since 2019"}))
    with pytest.raises(TemplateError, match="agency 'Lakeside Unified School District' has no"):
        check_variables(template_set, {}, agency("CT"))
    _, letter = render("CT", variables={}, extra={"period": "since July 1, 2019"})
    assert "in effect at any time since July 1, 2019:" in letter


def test_unknown_and_reserved_variables_are_refused():
    template_set = load_set("student-data-agreements")
    with pytest.raises(TemplateError, match="has no variable 'feecap'"):
        check_variables(template_set, {"period": PERIOD, "feecap": "25"})
    with pytest.raises(TemplateError, match="'agency' is set by foia-tracker itself"):
        check_variables(template_set, {"period": PERIOD, "agency": "x"})
    with pytest.raises(TemplateError, match="reserved"):
        check_variables(template_set, {"period": f"until {SEND_DATE_MARK}"})


def test_values_are_data_never_templates():
    subject, letter = render(
        "CT",
        variables={"period": "{% if 1 %}since 2019{% endif %}", "organization": "{{ 7*7 }}"},
        name="{{ 7*7 }} District",
    )
    assert "records of {{ 7*7 }} District that were" in letter
    assert "in effect at any time {% if 1 %}since 2019{% endif %}:" in letter
    assert "any agreement with {{ 7*7 }}." in letter
    assert "49" not in letter


def test_send_date_is_the_only_unfilled_value():
    _, letter = render("CT")
    assert letter.startswith(SEND_DATE_MARK + "\n")
    assert letter.count(SEND_DATE_MARK) == 1
    assert fill_send_date(letter, date(2026, 12, 1)).startswith("December 1, 2026\n")


def test_optional_variables_appear_only_when_given():
    _, plain = render("NY")
    assert "particularly interested" not in plain
    assert "please send me an estimate before doing any work" in plain
    _, full = render("NY", variables={"period": PERIOD, "organization": "Acme", "fee_cap": "25"})
    assert "I am particularly interested in any agreement with Acme." in full
    assert "I agree to pay up to $25;" in full


def test_clock_phrases_from_the_jurisdiction_data():
    assert clocks_phrase(get_jurisdiction("NY").clocks) == (
        "an acknowledgment within five business days of receipt and a decision within 20 "
        "business days of the acknowledgment (N.Y. Pub. Off. Law § 89(3)(a))"
    )
    assert law_facts(get_jurisdiction("IL")).clock_phrase == (
        "a decision within five business days of receipt (5 ILCS 140/3(d))"
    )
    # Ind. Code § 5-14-3-9(c) (mail, fax) sets when silence becomes a denial: a response is due,
    # not an acknowledgment. HAR § 2-71-13(b): records to be segregated get a notice first.
    assert law_facts(get_jurisdiction("IN")).clock_phrase == (
        "a response within seven calendar days of receipt (Ind. Code § 5-14-3-9(c))"
    )
    assert law_facts(get_jurisdiction("HI")).clock_phrase == (
        "a response within ten business days of receipt (HAR § 2-71-13(a)-(b))"
    )
    (hi_extension,) = get_jurisdiction("HI").extensions
    assert (hi_extension.days, hi_extension.counted_from) == (20, "receipt")
    # Uncertain rows cite no number of days (laws.check_citable).
    assert law_facts(get_jurisdiction("AK")).clock_phrase == ""
    _, letter = render("AK")
    assert "as soon as is practicable" in letter and "working days" not in letter
    assert short_citation(get_jurisdiction("CA").citation) == "Cal. Gov. Code § 7920.000 et seq."


def test_residency_statements():
    _, own = render("PA", residency="self")
    assert "I am a legal resident of the United States." in own
    _, proxy = render("VA", residency="proxy")
    assert (
        "This request is made by John Roe, a citizen of the Commonwealth of Virginia "
        "(Va. Code § 2.2-3704(A)), whose legal address is 1 Court Street, Richmond, VA 23219."
    ) in proxy
    _, none = render("CT")
    assert "resident" not in none


def test_followup_and_appeal_render_with_tracking_variables():
    variables = {
        "period": PERIOD,
        "original_sent": "December 1, 2026",
        "tracking_number": "PRR-7",
        "days_overdue": "12",
        "followup_count": "1",
    }
    _, followup = render("CT", "followup", variables)
    assert "Re: Follow-up on public records request CT-0042 (your reference PRR-7)" in followup
    assert "now 12 calendar days past that date" in followup
    assert "This is my second follow-up on this request." in followup
    appeal_vars = {
        "period": PERIOD,
        "original_sent": "December 1, 2026",
        "appeal_body": "Freedom of Information Commission",
        "denial_quote": "The agreements are exempt.",
        "denial_date": "December 9, 2026",
    }
    _, appeal = render("CT", "appeal", appeal_vars)
    assert (
        'On December 9, 2026, the district answered the request, writing:\n\n"The agreements are exempt."'
        in appeal
    )
    # The FOIC hears CT appeals (§ 1-206(b)(1)); mail to the district asks it to reconsider.
    assert "Dear Records Custodian:" in appeal
    assert "(Conn. Gen. Stat. § 1-206(b)(1))." in appeal
    with pytest.raises(TemplateError, match="original_sent"):
        render("CT", "appeal", {"period": PERIOD, "appeal_body": "FOIC"})


def test_user_folders_come_first(tmp_path):
    (tmp_path / "_jurisdictions").mkdir()
    (tmp_path / "_jurisdictions" / "CT.txt.j2").write_text(
        '{% extends "_jurisdictions/_generic.txt.j2" %}'
        "{% block opening %}Our own CT opening. {{ super() }}{% endblock %}"
    )
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "meta.toml").write_text('subject = "Mine {{ ref }}"\n')
    for kind in ("request", "followup", "appeal"):
        (mine / f"{kind}.txt.j2").write_text("{{ law.opening }} / {{ law.fees }} / {{ nope }}\n")
    template_set = load_set("mine", [tmp_path])
    context = letter_context(
        template_set,
        LetterInputs(agency("CT"), REQUESTER, get_jurisdiction("CT"), "CT-0001", "t", {}),
    )
    with pytest.raises(TemplateError, match="'nope' is undefined"):
        render_letter(template_set, "request", context)
    # The user's CT block replaces the shipped one; super() and missing blocks reach the generic.
    assert context["law"]["opening"] == (
        "Our own CT opening. I am writing to request copies of public records under the "
        "Connecticut Freedom of Information Act, Conn. Gen. Stat. § 1-200 et seq."
    )
    assert "§ 1-212(d)" not in context["law"]["fees"]
    assert "waived or reduced, as disclosure is in the public interest" in context["law"]["fees"]
    assert load_set("student-data-agreements", [tmp_path]).origin.endswith(
        "letter_templates/student-data-agreements"
    )


def test_unknown_set_lists_known_ones():
    with pytest.raises(TemplateError, match="known sets: student-data-agreements"):
        load_set("nope")


GOLDEN_CASES = {"CT": "", "MO": "", "NY": "", "TX": "", "VA": "proxy"}


@pytest.mark.parametrize("state", sorted(GOLDEN_CASES))
def test_golden_request_letters(state):
    subject, letter = render(
        state,
        variables={"period": PERIOD, "fee_cap": "25"},
        residency=GOLDEN_CASES[state],
        contact_name="Pat Smith",
    )
    text = f"Subject: {subject}\n\n{fill_send_date(letter, date(2026, 12, 1))}"
    path = GOLDEN / f"request_{state}.txt"
    if os.environ.get("FOIA_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def _user_set(tmp_path: Path, ct_block: str):
    (tmp_path / "_jurisdictions").mkdir()
    (tmp_path / "_jurisdictions" / "CT.txt.j2").write_text(ct_block)
    template_set = load_set("student-data-agreements", [tmp_path])
    inputs = LetterInputs(agency("CT"), REQUESTER, get_jurisdiction("CT"), "CT-0001", "t", {})
    return letter_context(template_set, inputs)


def test_a_user_block_extends_the_shipped_one_and_changes_one_part(tmp_path):
    shipped = render("CT")[1]
    context = _user_set(
        tmp_path,
        '{% extends "default:_jurisdictions/CT.txt.j2" %}'
        "{% block deadline %}Please answer within four business days.{% endblock %}",
    )
    # deadline is the user's; opening and fee_waiver are the shipped CT wording, fees the
    # generic wording the shipped CT block does not override.
    assert context["law"]["deadline"] == "Please answer within four business days."
    assert context["law"]["opening"].endswith("Conn. Gen. Stat. §§ 1-210 and 1-212.")
    assert "§ 1-212(d)" in context["law"]["fee_waiver"]
    assert context["law"]["opening"] in shipped
    assert "Conn. Gen. Stat. § 1-206(a)" in shipped
    assert "1-206(a)" not in context["law"]["deadline"]


def test_super_in_a_user_block_reaches_the_shipped_block(tmp_path):
    context = _user_set(
        tmp_path,
        '{% extends "default:_jurisdictions/CT.txt.j2" %}'
        "{% block opening %}Hello. {{ super() }}{% endblock %}",
    )
    assert context["law"]["opening"].startswith("Hello. I am writing to request copies")
    assert context["law"]["opening"].endswith("§§ 1-210 and 1-212.")


@pytest.mark.parametrize(
    ("subject", "why"),
    [
        ("{{ lipsum.__globals__.os.popen('touch ' ~ marker).read() }}", "not allowed|undefined"),
        ("{{ cycler.__init__.__globals__.os.system('touch ' ~ marker) }}", "not allowed|undefined"),
        ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "not allowed|undefined"),
        ("{{ range(10**10)|list }}", "not allowed|too large"),
        ("{{ 2**100000 }}", "not allowed"),
        ("{{ ((2**60)**60)**60 }}", "not allowed"),
        ("{{ 'x' * 10**9 }}", "not allowed"),
        ("{{ range(100001)|list|length }}", "too large"),
    ],
)
def test_templates_run_sandboxed(subject, why, tmp_path):
    template_set = load_set("student-data-agreements")
    marker = tmp_path / "ran"
    context = {"ref": "CT-0001", "marker": str(marker)}
    with pytest.raises(TemplateError, match=f"The subject .* cannot be rendered: .*({why})"):
        render_subject(template_set, subject, context)
    assert not marker.exists()


def test_a_shared_set_cannot_run_code_either(tmp_path):
    hostile = tmp_path / "hostile"
    hostile.mkdir()
    (hostile / "meta.toml").write_text('subject = "x {{ ref }}"\n')
    payload = "{{ self.__init__.__globals__.__builtins__.open('/etc/passwd').read() }}\n"
    for kind in ("request", "followup", "appeal"):
        (hostile / f"{kind}.txt.j2").write_text(payload)
    template_set = load_set("hostile", [tmp_path])
    with pytest.raises(TemplateError, match="hostile/request.txt.j2 cannot be rendered"):
        render_letter(template_set, "request", {"ref": "CT-0001"})


def test_ordinary_arithmetic_still_works():
    template_set = load_set("student-data-agreements")
    assert render_subject(template_set, "{{ 2**10 }} {{ 'ab' * 3 }} {{ ref }}", {"ref": "R"}) == (
        "1024 ababab R"
    )


def _tidy_by_regex(text: str) -> str:
    # tidy as first written, with regular expressions: the string-method version must agree
    import re

    text = re.sub(r"[ \t]+\n", "\n", text.strip("\n") + "\n")
    return re.sub(r"\n{3,}", "\n\n", text)


def test_tidy_agrees_with_the_regex_definition():
    import random

    from foia_tracker.letters.environment import tidy

    rng = random.Random(7)
    pieces = ["\n", " ", "\t", "a", "§", "\r", "\n\n\n", " \n", "\t \n", "x y"]
    cases = ["", "\n", " ", "\t\n\n\n \n", "a \n \n\n\nb\t", "\n\n a  \n\n\n\n"]
    cases += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    for text in cases:
        assert tidy(text) == _tidy_by_regex(text), repr(text)


def _parts_with_memo(template_set, agencies, memo, variables=None):
    return [
        letter_context(
            template_set,
            LetterInputs(
                a, REQUESTER, get_jurisdiction(a["state"]), "CT-0001", "t", variables or {}
            ),
            memo=memo,
        )["law"]
        for a in agencies
    ]


def test_jurisdiction_parts_are_rendered_once_per_state_and_values_they_read():
    template_set = load_set("student-data-agreements")
    agencies = [agency("CT", id=i, name=f"District {i}") for i in range(3)] + [agency("NY")]
    memo: dict = {}
    cached = _parts_with_memo(template_set, agencies, memo)
    assert cached == _parts_with_memo(template_set, agencies, None)
    assert len(memo) == 2  # CT once for three districts, NY once
    # a value the blocks read (fee_cap) is part of the key: another value, another rendering
    with_cap = _parts_with_memo(template_set, agencies[:1], memo, {"fee_cap": "25"})
    assert len(memo) == 3 and "$25" in with_cap[0]["fees"] and "$25" not in cached[0]["fees"]
    cached[0]["fees"] = "changed by a template"
    assert _parts_with_memo(template_set, agencies[:1], memo)[0]["fees"] != "changed by a template"


@pytest.mark.parametrize(
    "block",
    [
        "{% block opening %}To {{ agency.name }}: {{ super() }}{% endblock %}",  # per agency
        "{% block opening %}{{ ['a', 'b', 'c', 'd'] | random }}{% endblock %}",  # random
        "{% block opening %}{% include 'x.txt.j2' %}{% endblock %}",  # reads x's variables
    ],
)
def test_jurisdiction_parts_that_can_differ_per_agency_are_not_shared(tmp_path, block):
    (tmp_path / "_jurisdictions").mkdir()
    (tmp_path / "_jurisdictions" / "CT.txt.j2").write_text(
        '{% extends "default:_jurisdictions/CT.txt.j2" %}' + block
    )
    (tmp_path / "x.txt.j2").write_text("{{ agency.name }}")
    template_set = load_set("student-data-agreements", [tmp_path])
    agencies = [agency("CT", id=i, name=f"District {i}") for i in range(3)]
    memo: dict = {}
    parts = _parts_with_memo(template_set, agencies, memo)
    assert memo == {}
    if "random" not in block:
        assert all(f"District {i}" in p["opening"] for i, p in enumerate(parts))


class _Dict(dict):
    name = "an attribute"


def test_attribute_lookups_give_what_the_plain_sandbox_gives():
    # LetterEnvironment.getattr takes a plain dict's item at once; the answer must be the
    # sandbox's for items named like dict methods, private names, missing names and others.
    ours = LetterEnvironment(undefined=jinja2.StrictUndefined)
    theirs = SandboxedEnvironment(undefined=jinja2.StrictUndefined)
    values = {"name": "D", "items": "x", "_secret": 1, "__class__": 2, "get": None}
    for obj in (values, _Dict(values), {}, Requester(name="R", email="r@x.example"), "text"):
        for attribute in ("name", "items", "_secret", "__class__", "get", "missing", "email"):
            found, expected = ours.getattr(obj, attribute), theirs.getattr(obj, attribute)
            assert type(found) is type(expected), (obj, attribute)
            if isinstance(expected, jinja2.Undefined):
                assert found._undefined_hint == expected._undefined_hint
                assert found._undefined_name == expected._undefined_name
            elif callable(expected):
                assert found == expected
            else:
                assert found is expected, (obj, attribute)


def test_a_jurisdiction_hashes_alike_only_with_its_equals():
    plain = get_jurisdiction("CT")
    closed = replace(plain, closures=(date(2026, 12, 24),))
    assert closed != plain and hash(closed) != hash(plain)
    assert len({plain, closed, replace(plain, closures=(date(2026, 12, 24),))}) == 2
    assert replace(plain, name="Other") != plain  # the same hash, still told apart


def test_template_globals_are_the_environments_under_its_own():
    env = LetterEnvironment()
    env.globals["who"] = "environment"
    assert env.from_string("{{ who }} {{ range(3)|list }}").render() == "environment [0, 1, 2]"
    local = env.from_string("{{ who }}", globals={"who": "template"})
    assert local.render() == "template" and env.globals["who"] == "environment"
    with pytest.raises(OverflowError, match="MAX_RANGE"):  # the sandbox's own range
        env.from_string("{{ range(10**9) }}").render()
