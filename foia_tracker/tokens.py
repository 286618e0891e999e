"""Reply tokens and request refs: how a reply names the request it answers.

A reply token is 12 random Crockford base32 symbols (60 bits from `secrets`) followed by one
check symbol, all lowercase: ``k3j5m2n4p6q7r``. It goes into the reply address
(``records+{token}@example.org``), so it must survive mail systems that re-case addresses and
people who retype it. Crockford's alphabet leaves out i, l, o and u, and reads i/l as 1 and o as 0.

The check symbol. Crockford's own mod-37 check uses ``*~$=u``, characters that are unsafe or
invalid in an email local part, so we use a different scheme whose check symbol is itself one of
the 32 base32 symbols: each symbol is a value in GF(32) (polynomial x^5 + x^2 + 1), symbol i
(from 0) is weighted by a^(i+1) for a primitive element a, and the check symbol is the sum of the
weighted symbols, so that the whole 13-symbol word, with weight a^0 = 1 on the check symbol, sums
to zero. Because the field has no zero divisors and the 13 weights are distinct and non-zero,
every single substitution *and every transposition of two symbols* (adjacent or not) changes the
sum and is detected. A plain weighted sum mod 32 cannot do both: catching substitutions needs odd
weights, catching adjacent swaps needs odd weight differences. A random string passes the check
with probability 1/32, and must then also equal one of our 2^60-space tokens to match anything.

A request ref is the two-letter code of one of the 51 jurisdictions, a hyphen and at least four
digits: ``CT-0042``. Refs are recognised only in upper case with at least four digits, so
"ct-42", "COVID-19", "in-2024" or "Form W-2024" are not refs. Extra leading zeros are tolerated
("CT-00042" is read as "CT-0042").
"""

import re
import secrets

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
DATA_LENGTH = 12
TOKEN_LENGTH = DATA_LENGTH + 1

_VALUE = {symbol: value for value, symbol in enumerate(ALPHABET)}
# Crockford base32 decoding rules: i and l read as 1, o reads as 0 (u is not a symbol).
_RETYPED = str.maketrans({"i": "1", "l": "1", "o": "0"})

# GF(32) with the primitive polynomial x^5 + x^2 + 1 (0b100101); x is a primitive element.
_FIELD_POLY = 0b100101


def _gf_mul(a: int, b: int) -> int:
    product = 0
    while b:
        if b & 1:
            product ^= a
        b >>= 1
        a <<= 1
        if a & 0b100000:
            a ^= _FIELD_POLY
    return product


def _weights() -> tuple[int, ...]:
    weights, power = [], 1
    for _ in range(TOKEN_LENGTH):
        weights.append(power)
        power = _gf_mul(power, 0b10)
    return tuple(weights)


# _WEIGHTS[0] = 1 belongs to the check symbol; data symbol i carries _WEIGHTS[i + 1].
_WEIGHTS = _weights()
# Each data position's products, symbol -> value * weight, worked out once (12 x 32 entries).
_PRODUCTS = tuple(
    {symbol: _gf_mul(value, weight) for symbol, value in _VALUE.items()} for weight in _WEIGHTS[1:]
)


def check_symbol(data: str) -> str:
    """The check symbol for 12 data symbols (already normalized)."""
    total = 0
    for position, symbol in enumerate(data):
        total ^= _PRODUCTS[position][symbol]
    return ALPHABET[total]


def new_token() -> str:
    """A fresh reply token: 12 random symbols and their check symbol."""
    # One draw of 60 bits, five per symbol: the same uniform choice as 12 secrets.choice calls,
    # at a tenth of the cost (campaign create makes one per district).
    bits = secrets.randbits(5 * DATA_LENGTH)
    data = "".join([ALPHABET[(bits >> (5 * i)) & 31] for i in range(DATA_LENGTH)])
    return data + check_symbol(data)


def normalize_token(text: str) -> str | None:
    """The canonical token for `text` (any case, hyphens, i/l/o retyped), or None if invalid."""
    candidate = text.strip().lower().replace("-", "").translate(_RETYPED)
    if len(candidate) != TOKEN_LENGTH or any(c not in _VALUE for c in candidate):
        return None
    if check_symbol(candidate[:DATA_LENGTH]) != candidate[DATA_LENGTH]:
        return None
    return candidate


# 13 letters or digits, optionally in hyphen-separated groups, not touching other letters or
# digits: "records+K3J5M2N4P6Q7R@x.org", "token k3j5-m2n4-p6q7-r".
_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])[0-9A-Za-z](?:-?[0-9A-Za-z]){12}(?![0-9A-Za-z])")
# A subaddress (RFC 5233 "+detail", or "-detail" as some providers use) of 13 symbols.
_SUBADDRESS = re.compile(r"[+\-]([0-9A-Za-z]{13})@")


def find_tokens(text: str) -> list[str]:
    """Every valid token in `text`, normalized, in order of first appearance, no repeats."""
    found: dict[str, None] = {}
    for match in _CANDIDATE.finditer(text):
        token = normalize_token(match.group(0))
        if token is not None:
            found[token] = None
    return list(found)


def find_mistyped_tokens(text: str) -> list[str]:
    """Subaddress details shaped like a token whose check symbol fails (a retyping mistake).

    Only reply-address positions ("+detail@") count, so ordinary 13-letter words in a body are
    not reported. The result is lowercased with i/l/o retyped, ready for near-miss lookup.
    """
    found: dict[str, None] = {}
    for match in _SUBADDRESS.finditer(text):
        detail = match.group(1)
        if normalize_token(detail) is None:
            found[detail.lower().translate(_RETYPED)] = None
    return list(found)


def reply_address(template: str, token: str) -> str:
    """The reply address for a request: `template` with "{token}" replaced."""
    if "{token}" not in template:
        raise ValueError(f"reply address template {template!r} has no {{token}} placeholder")
    return template.replace("{token}", token)


# The 50 states and DC: the jurisdictions a ref can name.
JURISDICTIONS = frozenset(
    "AK AL AR AZ CA CO CT DC DE FL GA HI IA ID IL IN KS KY LA MA MD ME MI MN MO MS MT NC ND NE "
    "NH NJ NM NV NY OH OK OR PA RI SC SD TN TX UT VA VT WA WI WV WY".split()
)
_REF = re.compile(
    r"(?<![0-9A-Za-z])(" + "|".join(sorted(JURISDICTIONS)) + r")-([0-9]{4,9})(?![0-9A-Za-z])"
)


def make_ref(state: str, n: int) -> str:
    """The ref of request number `n` in `state`: make_ref("CT", 42) == "CT-0042"."""
    code = state.upper()
    if code not in JURISDICTIONS:
        raise ValueError(f"{state!r} is not one of the 51 jurisdiction codes")
    if n < 0:
        raise ValueError(f"ref number must not be negative, got {n}")
    return f"{code}-{n:04d}"


def find_refs(text: str) -> list[str]:
    """Every ref in `text`, canonical ("CT-00042" -> "CT-0042"), first appearance order."""
    found: dict[str, None] = {}
    for match in _REF.finditer(text):
        found[f"{match.group(1)}-{int(match.group(2)):04d}"] = None
    return list(found)
