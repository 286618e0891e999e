import random

import pytest

from foia_tracker.tokens import (
    ALPHABET,
    TOKEN_LENGTH,
    check_symbol,
    find_mistyped_tokens,
    find_refs,
    find_tokens,
    make_ref,
    new_token,
    normalize_token,
    reply_address,
)

SAMPLES = [new_token() for _ in range(40)] + [
    "000000000000" + check_symbol("000000000000"),
    "zzzzzzzzzzzz" + check_symbol("zzzzzzzzzzzz"),
]


def test_new_token_shape():
    token = new_token()
    assert len(token) == TOKEN_LENGTH
    assert set(token) <= set(ALPHABET)
    assert normalize_token(token) == token


def test_new_tokens_differ():
    assert len({new_token() for _ in range(1000)}) == 1000


def test_check_symbol_of_zeros_is_zero():
    assert check_symbol("000000000000") == "0"


@pytest.mark.parametrize("token", SAMPLES)
def test_every_single_substitution_is_detected(token):
    for position in range(TOKEN_LENGTH):
        for symbol in ALPHABET:
            if symbol == token[position]:
                continue
            mutated = token[:position] + symbol + token[position + 1 :]
            assert normalize_token(mutated) is None, (token, mutated)


@pytest.mark.parametrize("token", SAMPLES)
def test_every_transposition_is_detected(token):
    for i in range(TOKEN_LENGTH):
        for j in range(i + 1, TOKEN_LENGTH):
            if token[i] == token[j]:
                continue
            chars = list(token)
            chars[i], chars[j] = chars[j], chars[i]
            assert normalize_token("".join(chars)) is None, (token, i, j)


def test_random_strings_pass_about_one_in_32():
    rng = random.Random(5)
    trials = 32_000
    passed = sum(
        normalize_token("".join(rng.choice(ALPHABET) for _ in range(TOKEN_LENGTH))) is not None
        for _ in range(trials)
    )
    assert 800 < passed < 1200


def test_normalize_accepts_recasing_hyphens_and_retyping():
    data = "01ab1c0d0efg"
    token = data + check_symbol(data)
    retyped = "OLAB-IC0D-oEFG-" + token[-1].upper()
    assert normalize_token(retyped) == token
    assert normalize_token(token.upper()) == token
    assert normalize_token(f"  {token} ") == token


@pytest.mark.parametrize("text", ["", "abc", "0" * 14, "0" * 12 + "u", "0" * 12 + "*"])
def test_normalize_rejects_malformed(text):
    assert normalize_token(text) is None


def test_find_tokens_in_address_and_text():
    a, b = SAMPLES[0], SAMPLES[1]
    text = f"To: Records <records+{a.upper()}@example.org>\nmy token is {b[:4]}-{b[4:8]}-{b[8:]}."
    assert find_tokens(text) == [a, b]


def test_find_tokens_ignores_longer_runs_and_repeats():
    a = SAMPLES[2]
    assert find_tokens(f"x{a} {a}x {a}{a}") == []
    assert find_tokens(f"{a}, {a}; {a}") == [a]


def test_find_tokens_dash_subaddress():
    a = SAMPLES[3]
    assert find_tokens(f"records-{a}@example.org") == [a]


def test_find_mistyped_tokens_only_in_subaddress():
    a = SAMPLES[4]
    wrong = a[:5] + ("0" if a[5] != "0" else "1") + a[6:]
    text = f"records+{wrong}@example.org and {wrong} and records+{a}@example.org"
    assert find_mistyped_tokens(text) == [wrong]
    assert find_tokens(text) == [a]


def test_reply_address():
    assert reply_address("records+{token}@example.org", "abc") == "records+abc@example.org"
    with pytest.raises(ValueError, match="placeholder"):
        reply_address("records@example.org", "abc")


@pytest.mark.parametrize(
    ("state", "n", "ref"),
    [("CT", 42, "CT-0042"), ("ct", 7, "CT-0007"), ("DC", 12345, "DC-12345"), ("WY", 0, "WY-0000")],
)
def test_make_ref(state, n, ref):
    assert make_ref(state, n) == ref


@pytest.mark.parametrize(("state", "n"), [("XX", 1), ("PR", 1), ("CT", -1)])
def test_make_ref_rejects(state, n):
    with pytest.raises(ValueError):
        make_ref(state, n)


@pytest.mark.parametrize(
    ("text", "refs"),
    [
        ("Re: [CT-0042] Public records request", ["CT-0042"]),
        ("RE: FW: CT-0042 and NY-12345, again CT-0042", ["CT-0042", "NY-12345"]),
        ("ref CT-00042.", ["CT-0042"]),
        ("COVID-19 update", []),
        ("ct-0042 lower case", []),
        ("CT-42 too short", []),
        ("check-in-2024", []),
        ("XCT-0042 or CT-0042a or ZZ-1234", []),
        ("Form W-2024", []),
        ("(TX-0001)\n", ["TX-0001"]),
    ],
)
def test_find_refs(text, refs):
    assert find_refs(text) == refs


def test_check_symbol_table_matches_the_field_arithmetic():
    from foia_tracker.tokens import _WEIGHTS, ALPHABET, _gf_mul

    rng = random.Random(5)
    for _ in range(2000):
        data = "".join(rng.choice(ALPHABET) for _ in range(12))
        total = 0
        for position, symbol in enumerate(data):
            total ^= _gf_mul(ALPHABET.index(symbol), _WEIGHTS[position + 1])
        assert check_symbol(data) == ALPHABET[total]
