"""Facts read from an agency's own words: fee, promised dates, extension length, request
numbers, exemptions cited, download links. Pure functions of text (and of the day the reply
came, for dates without a year)."""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from foia_tracker.intake.reply_dates import DATE, find_new_due_date, parse_date  # noqa: F401
from foia_tracker.intake.reply_numbers import find_tracking_number  # noqa: F401  (re-exported)
from foia_tracker.intake.reply_sentences import sentences
from foia_tracker.links.find import clean_url, find_expiry
from foia_tracker.links.find import find_links as records_links

# --- fee -----------------------------------------------------------------------------------------

_FEE_WORDS = re.compile(
    r"\b(fees?|costs?|charges?|estimat\w*|deposit|payment|invoice|amount (?:due|owed)|remit|"
    r"pay|payable|check|money order|prepay\w*|balance|comes? to|copy rate|postage|total|due|chargeable|per hour|"
    r"owed?|(?:staff|it|attorney|labor|programming) time|per page|a page"
    # "Pat it'll be $30 for the board minutes ... Ok to go ahead?"
    r"|(?:it'?ll|it will|that'?ll|that will|it would|that would|it'?s going to|that'?s going to) (?:be|cost|run)"
    r"|(?:ok|okay|fine|alright) with|go ahead|proceed|(?:it|this|they|these) (?:is|are) available for purchase for(?= \$))\b"
    # "6 hrs x $41.37 = $248.22": the sum is the cost; "$25 for the search.": what it pays for
    r"|=\s*\$"
    # "I figure about 3 more hours locating and 2 hours redacting so about $125"
    r"|\bso (?:about|around|roughly|approximately) \$\d"
    r"|\$\s?[\d,.]+ for (?:the |your )?(?:search|copies|copying|scanning|records|request|documents|review|labor)\b",
    re.I,
)
_AMOUNT = re.compile(r"\$\s?(\d{1,3}(?:,\d{3})+|\d+)(\.\d{1,2})?(?!\d)")
# "$28.50 per hour", "$0.25 a page", "$1 per page": a rate, not what the request costs.
_RATE_AFTER = re.compile(
    r"^\s*(?:per|an?|/|each|x)\s*(?:[\w-]+\s+){0,2}?(?:hour|hr|page|copy|sheet|minute|gb|mb|files?)"
    r"|^\s*/\s*h",
    re.I,
)
_NO_FEE = re.compile(r"\bno (?:fee|charge|cost)\b|\bfree of charge\b", re.I)
# "... less the first fifteen minutes at no charge, for an estimated cost of $139.04": a free
# part inside a stated cost (O.C.G.A. § 50-18-71(c)(1)) leaves the cost asked for.
# A threshold ("if charges exceed $25"), her own limit said back ("the $25 you mentioned"): no
# ask, unless the sentence also states the cost ("the total comes to $52.50, which is more ...").
_EXCEEDS = r"\bexceed\w*\s+(?:\w+\s+)?\$"
_THEIR_LIMIT_REST = (
    r"\b(?:in excess of|more than|over|above|greater than|reach) (?:the |your )?\$[\d,.]+"
    r"|\byou (?:have |had )?(?:authori[sz]ed|mentioned|agreed to|offered|indicated|stated|noted|said|"
    r"specified|approved|set)\b|\byour (?:note|offer|limit|authori[sz]ation|willingness|agreement)\b"
    r"|\byour \$[\d,.]+ (?:limit|cap|ceiling|maximum)\b"
    r"|\byou (?:will|would|are willing to|agreed to) pay up to\b"
)
THEIR_LIMIT = re.compile(_EXCEEDS + "|" + _THEIR_LIMIT_REST, re.I)
# For the kind, the law's threshold for a deposit is an ask all the same ("because the estimated
# fee exceeds $50.00, the District requires a good-faith deposit", MCL 15.234(8)); its figure is
# still no amount (THEIR_LIMIT above keeps it out of find_fee).
LIMIT_NOT_DEPOSIT = re.compile(
    _EXCEEDS
    + r"(?![^\n]*\brequires? (?:a |an )?(?:good[- ]faith )?(?:deposit|pre-?payment|payment in advance|advance payment)\b)|"
    + _THEIR_LIMIT_REST,
    re.I,
)
_STATED_COST = re.compile(
    r"\b(?:estimated|total|an?|the) (?:cost|fee|charge|amount)s?(?: of [\w ()#.-]{1,40}?)? (?:of|is|will be|would be|comes to)\s+\$"
    r"|\b(?:total|cost|fee|charge)s? (?:comes?|would come) to \$"
    # "At $0.50/page that is $31.50, which is over the $25 you said you'd pay."
    r"|\b(?:that|this|it)(?:'s| is| comes to| would be| will be)\s+\$",
    re.I,
)
# Money already paid ("we received your deposit of $18.40") asks nothing; a promise about a
# future payment ("once we have received your payment of $45") still asks: it is not guarded.
PAYMENT_RECEIVED = re.compile(
    # (not "We have not received any payment for this")
    r"^(?!.*\b(?:once|when|after|upon|until|as soon as|before)\b).*(?<!not )(?<!never )(?<!yet to be )\b(?:received|have received|are in receipt of|"
    r"acknowledge receipt of|thank you for)\b(?:[^.\n]|\.\d){0,20}\b(?:your |the )?(?:payment|deposit|check|remittance)\b"
    r"|(?<!is )(?<!be )(?<!are )\bpaid in full\b|^\W*payment received\b|(?<!until )(?<!once )(?<!when )(?<!after )(?<!before )(?<!unless )\bpayment (?:has been |was )"
    r"(?:received|processed|applied)\b"
    # "Your check #1042 for $110.00 arrived today and has been deposited."
    # "We show two card payments of $206.85 on November 11" (a payment problem, not an ask)
    r"|\bwe (?:show|see) (?:two |both |duplicate |a )?(?:card |online )?payments?\b"
    # "Just letting you know we got your check."
    r"|\b(?:we|i) got your (?:check|payment|money order|remittance)\b|\bthank you for (?:paying|your payment)\b"
    # "You sent a money order for $8.00, which covers the whole request."
    r"|^(?!.*\b(?:if|unless|once|when|before)\b)[^\n]*\byou (?:sent|mailed|paid|brought|dropped off) (?:us |in )?(?:a |an |the |your )?"
    r"(?:check|payment|money order|cashier'?s check|remittance)\b"
    r"|\b(?:your|the) (?:(?:first|second|third|last|final|new|replacement) )?(?:check|payment|money order|remittance|deposit)\b[^\n]{0,40}?\b(?:arrived|came in|"
    r"(?:has been|was) (?:received|deposited|cashed)|cleared)\b"
    # a portal's receipt: "Your payment of $22.40 for record request 26-1187 (...) has been received."
    r"|\byour payment of \$[\d,]+(?:\.\d\d)? for [^.\n]{0,80}?\b(?:has been|was) (?:received|processed|applied)\b",
    re.I | re.M,
)
NOT_A_FEE_ASK = re.compile(
    # a fee that only may come; no figure yet ("estimated fees: cannot be determined")
    r"\b(?:may|might|could) be (?:required|charged|assessed|due|necessary|requested)\b"
    r"|\b(?:do not|don't|not) (?:expect|anticipate)\b|^(?!.*\$\s?\d).*\b(?:fees?|charges?|costs?)\b[^.\n]{0,20}\bnone (?:are|is) (?:anticipated|expected)\b"
    r"|\b(?:cannot|can't|could not|can not) (?:yet )?be (?:determined|estimated|calculated)\b|\bto be determined\b"
    # A card receipt's lines ("Total charged: $42.90", "Convenience fee: $1.65"); a fee inside the
    # waived amount with "no prepayment required" (HAR § 2-71-31)
    r"|\b(?:total|amount) (?:charged|paid)\b|\bconvenience fee\b|\btransaction (?:id|number)\b"
    r"|\bwithin the amount waived\b|\bthe first \$[\d,.]+\b[^.\n]{0,60}\b(?:is|are) waived\b|\bwaived for (?:every|each|all)\b|\bno (?:pre-?payment|payment|deposit) (?:is |will be )?(?:required|needed|due)\b"
    r"|^(?!.*\b(?:deposit|required|remit|please pay)\b).*\bno (?:further|additional) payment (?:is |will be )?due\b"
    # "Should we anticipate any cost ... we will notify you before any work is done."
    r"|\bshould (?:we|the district|it|there) (?:anticipate|expect|incur|be)\b"
    r"|\b(?:are|is) provided at (?:the )?actual cost\b"  # a policy's rate table
    # an earlier estimate recalled, a failed card payment, a closing for no answer to a fee:
    # "nothing has changed about the fee estimate ... which you accepted"; "your online payment
    # ... didn't go through"; "we have not received your agreement ..., so we are closing"
    r"|\bnothing has changed (?:about|in|with) the (?:fee|estimate|cost)\b|\bwhich you (?:accepted|agreed to|approved|paid)\b"
    r"|\b(?:didn'?t|did not) go through\b|\b(?:shows|showed|was|has been) (?:as )?declined\b"
    # an extra she may want ("If you need a hard copy mailed to you as well, the fee is $5.00"),
    # a price list ("Charges under $2.00 are waived"), payments already made ("We show two card
    # payments of $206.85 on November 11")
    # (not the ask itself: "If you would like the University to proceed with your request,
    # please remit a check ... in the amount of $112.00")
    r"|^\W*if you (?:need|want|would like|prefer|wish)\b(?![^.\n]{0,50}\bto (?:proceed|continue|go ahead)\b)|\b(?:under|below|less than) \$[\d,.]+ (?:are|is) waived\b"
    r"|\bpayments? of \$[\d,.]+ on (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\b"
    # "paper copies can be mailed to you for about $4 in postage": an option, not an ask
    r"|\bcan be (?:mailed|sent|provided)\b[^.\n]{0,30}\bfor (?:about |around |roughly )?\$"
    r"|\b(?:we are|we're|we have|is being|has been|are now) clos(?:ing|ed)\b"
    # her appeal of or objection to a fee ("objecting to the $105.00 estimate") asks nothing
    r"|(?<!\bany )(?<!\ban )\b(?:appeal|objection|challenge|dispute|complaint)s?\b[^.\n]{0,40}?\b(?:of|to|about|against|regarding) (?:the |a |your |our )?"
    r"(?:\$[\d,.]+ )?(?:fee|cost|estimate|charge)|\bobjecting to the\b"
    # money going back or not asked after all (the eighth review): "We have mailed you a check
    # for $6.30 refunding the unused portion"; "There is no need to send a check for $12.00
    # after all"; "You do not need to mail us a check for $4.20; the fee has been waived"; "I
    # will forward your check for $15.60 to our finance office for deposit". Not "a
    # non-refundable deposit of $25.00 is required", nor a fee notice's own "if it costs less,
    # the difference will be refunded".
    r"|^(?![^\n]*\b(?:if|should|any (?:unused|excess|overpaid)|the difference)\b)[^\n]*(?<![-\w])refund(?:s|ed|ing)?\b|\b(?:no need|(?:do|does|did) not need|(?:don'?t|doesn'?t) need) to (?:send|mail|pay|remit|bring|submit|provide|make)\b"
    r"|\b(?:fee|charge|cost)s? (?:has|have|was|were) (?:been )?waived\b|\bforward your (?:check|payment|money order)\b"
    r"|" + PAYMENT_RECEIVED.pattern,
    re.I | re.M,
)
_DEPOSIT = re.compile(r"deposit (?:of )?\$\s?([\d,]+(?:\.\d{1,2})?)", re.I)


@dataclass(frozen=True)
class FeeFacts:
    amount: Decimal
    deposit: Decimal | None
    phrases: tuple[str, ...]


def _amounts(sentence: str) -> tuple[list[Decimal], int]:
    """The sentence's dollar figures that are not rates, and how many rates it holds."""
    found, rates = [], 0
    for m in _AMOUNT.finditer(sentence):
        if _RATE_AFTER.match(sentence[m.end() :]):
            rates += 1
            continue
        found.append(Decimal(m.group(1).replace(",", "") + (m.group(2) or "")))
    return found, rates


# Two rates or more and none of these: a posted schedule of charges, not this request's cost.
_A_TOTAL = re.compile(
    r"=\s*\$|\btotal\b|\bestimat\w*|\bcomes? to\b|\byour request\b|\bfor (?:this|these)\b", re.I
)


def find_fee(text: str) -> FeeFacts | None:
    """The requested amount: the largest non-rate dollar figure in a sentence about paying.

    A deposit is never more than the total it is part of, so the largest figure is the total.
    """
    amounts: list[Decimal] = []
    phrases: list[str] = []
    for sentence in sentences(text):
        if not _FEE_WORDS.search(sentence):
            continue
        if (_NO_FEE.search(sentence) or THEIR_LIMIT.search(sentence)) and not _STATED_COST.search(
            sentence
        ):
            continue
        if NOT_A_FEE_ASK.search(sentence) or PAYMENT_RECEIVED.search(sentence):
            continue  # (money that came in asks nothing: "Your deposit of $132.99 was received")
        found, rates = _amounts(sentence)
        if found and rates >= 2 and not _A_TOTAL.search(sentence):
            continue  # "Copying fees: $0.25 per page; $1.00 per page (11x17); CD/DVD $1.00"
        if found:
            amounts.extend(found)
            phrases.append(sentence.strip())
    if not amounts or max(amounts) == 0:  # "Estimate of expected cost of copies: $0.00."
        return None
    deposit = _DEPOSIT.search(text)
    return FeeFacts(
        amount=max(amounts),
        deposit=Decimal(deposit.group(1).replace(",", "")) if deposit else None,
        phrases=tuple(phrases),
    )


def money(amount: Decimal) -> str:
    return str(amount.quantize(Decimal("0.01")))


# --- extension length ------------------------------------------------------------------------------

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "twenty": 20, "twenty-one": 21, "twenty-five": 25,
    "thirty": 30, "forty": 40, "forty-five": 45, "sixty": 60, "ninety": 90,
}  # fmt: skip
_COUNT = r"(\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
# "ten (10) business days": the words-and-digits form states the number twice.
_UNIT = r"(?:\s*\(\d{1,3}\))?[\s-]+(?:additional\s+|more\s+)?(business|working|work|school|calendar)?\s*(days?|weeks?|hours?)\b"
# Only the length of the *new* time: "additional/extra/another/more N days", "extend … by N
# days", "an extension of N days", "need (about) N days". "Within N days" is usually the statute.
_EXTENSION_DAYS = tuple(
    re.compile(source, re.I)
    for source in (
        r"\b(?:additional|extra|another|further|more)\s+(?:approximately\s+|about\s+)?"
        + _COUNT
        + _UNIT,
        r"\b" + _COUNT + r"(?:\s*\(\d{1,3}\))?\s+(?:additional|more|extra)\s+"
        r"(business|working|work|school|calendar)?\s*(days?|weeks?|hours?)\b",
        r"\bextend\w*\b[^.\n]{0,60}?\bby\s+(?:an?\s+additional\s+)?" + _COUNT + _UNIT,
        r"\bextension of\s+(?:time of\s+)?" + _COUNT + _UNIT,
        r"\b" + _COUNT + r"[- ](business[- ]|working[- ]|calendar[- ])?(day|week)[- ]extension\b",
        r"\b(?:need|require)s?\s+(?:approximately\s+|about\s+|up to\s+)?" + _COUNT + _UNIT,
        # "in approximately 4 weeks": an estimate, never the statute's period.
        r"\b(?:in|within)\s+(?:approximately|about|roughly)\s+" + _COUNT + _UNIT,
    )
)


# "Under N.J.S.A. 47:1A-5(i) the custodian has seven business days to respond": the law's own
# period, as the reply states it.
_STATUTORY_PERIOD = re.compile(
    r"\b(?:has|have|allows?|gives?|permits?|provides?)\b[^.\n]{0,40}?\b"
    + _COUNT
    # (KRS 61.880(1) restated: "has five business days, excluding weekends and legal holidays, to respond")
    + r"(?:\s*\(\d{1,3}\))?\s+(?:business|working)\s+days(?:,[^,.\n]{1,50},)?\s+(?:to|in which to|from receipt to)\s+"
    r"(?:respond|reply|answer|produce)\b",
    re.I,
)


# New York's acknowledgement gives the date it expects to decide by, "within twenty business
# days of the date of this acknowledgement" (Public Officers Law § 89(3)(a)): the reply itself
# says the date is inside the normal period.
_WITHIN_OWN_PERIOD = re.compile(
    r"\bwithin\s+"
    + _COUNT
    + r"(?:\s*\(\d{1,3}\))?\s+(?:business|working)\s+days\s+of\s+(?:the date of\s+)?"
    r"(?:this|the|our|its|your)\s+(?:acknowledg\w+|receipt|request|letter)\b",
    re.I,
)


# N.Y. Public Officers Law § 89(3)(a): grant or deny within twenty business days of the
# acknowledgment; a reply citing it and naming a date inside that period restates the law.
_NY_FOIL_89_3 = re.compile(r"\bPublic Officers Law (?:section |§ ?)?89\s*\(3\)", re.I)


# NMSA 1978, § 14-2-8(D): records not available within three business days get a letter saying
# when they will be, "no later than fifteen calendar days after receipt of your request".
_CALENDAR_PERIOD = re.compile(
    r"\b(?:no later than|within)\s+"
    + _COUNT
    + r"(?:\s*\(\d{1,3}\))?\s+calendar\s+days\s+(?:after|of|from)\s+(?:the\s+)?(?:date\s+of\s+)?"
    r"(?:receipt|(?:your|the|this)\s+request)\b",
    re.I,
)


def within_stated_period(text: str, received: date, promised: date) -> bool:
    """Whether ``promised`` falls within the business-day period the reply says the law gives
    (counted from the day before the reply, weekends skipped, one day of slack for a holiday),
    or within the calendar days it says the law gives, counted from the reply."""
    if m := _CALENDAR_PERIOD.search(text):
        raw = m.group(1).lower()
        return promised <= received + timedelta(
            days=int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
        )
    m = _STATUTORY_PERIOD.search(text) or _WITHIN_OWN_PERIOD.search(text)
    if m is None and not _NY_FOIL_89_3.search(text):
        return False
    raw = m.group(1).lower() if m else "20"
    days = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
    day, left = received - timedelta(days=1), days + 1
    while left:
        day += timedelta(days=1)
        left -= day.weekday() < 5
    return promised <= day


def _days(m: re.Match[str]) -> tuple[int, str | None, int | None]:
    raw = m.group(1).lower()
    count = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
    word = (m.group(2) or "").lower().rstrip("- ")
    period = m.group(3).lower()
    unit = "calendar" if word == "calendar" else ("business" if word else None)
    if period.startswith("week"):
        return count * 7, "calendar", None
    if period.startswith("hour"):
        return math.ceil(count / 24), "calendar", count
    return count, unit, None


def find_extension_days(text: str) -> tuple[int, str | None, str] | None:
    """(days, "business" | "calendar" | None when the reply does not say, phrase).

    Hours become whole calendar days ("72 hours" is 3); weeks become 7 calendar days each.
    """
    for pattern in _EXTENSION_DAYS:
        if m := pattern.search(text):
            days, unit, _ = _days(m)
            return days, unit, m.group(0).strip()
    return None


def find_extension_hours(text: str) -> int | None:
    for pattern in _EXTENSION_DAYS:
        if m := pattern.search(text):
            return _days(m)[2]
    return None


# --- exemptions ------------------------------------------------------------------------------------

MAX_EXEMPTIONS = 50
_SECTION = r"§{1,2}\s*\d[\w.:-]*(?:\(\w{1,4}\))*"
# Case matters here: "see Ohio Rev. Code" must not start at "see".
_EXEMPTIONS = tuple(
    re.compile(source, re.M)
    for source in (
        r"\b\d+\s+U\.?\s?S\.?\s?C\.?\s*(?:§{1,2}|sec\.|section)?\s*\d+\w*(?:\(\w{1,4}\))*",
        r"\b\d+\s+C\.?F\.?R\.?\s*(?:§{1,2}|[Pp]art)?\s*\d[\d.]*",
        r"\b\d+\s+ILCS\s+\d+/[\d.-]+(?:\(\w{1,4}\))*",
        r"\b(?:\d+\s+)?(?:[A-Z]\.){2,5}\s*(?:§{1,2}\s*)?\d[\w.:-]*\d(?:\(\w{1,4}\))*",
        r"\b(?:[A-Z][a-z]+\.?\s){1,3}(?:Stat(?:utes|\.)?|Code|Laws)\s*(?:Ann\.\s*)?"
        r"(?:§{1,2}\s*|section\s*|sec\.\s*)?\d[\w.:-]*\d(?:\(\w{1,4}\))*",
        r"\b(?:RCW|MCL|ORS|KRS|NRS|RSA|C\.R\.S\.|O\.C\.G\.A\.|G\.L\.|M\.G\.L\.)\s*(?:§{1,2}\s*)?"
        r"\d[\w.:-]*\d(?:\(\w{1,4}\))*",
        r"\b(?:Tex(?:as|\.)?\s+)?Gov(?:'|ernmen)?t\.?\s+Code\s*(?:section|sec\.|§{1,2})?\s*"
        r"\d[\d.]*\d(?:\(\w{1,4}\))*",
        r"\b[Ss]ection\s+\d[\w.-]*(?:\(\w{1,4}\))*"
        r"(?:,\s+[A-Z]\w+\s+Statutes|\s+of the Code of [A-Z]\w+)?",
        _SECTION,
        r"\b(?:FERPA|HIPAA|PPRA|COPPA)\b",
        r"\b[Aa]ttorney[- ][Cc]lient [Pp]rivilege\b|\b[Dd]eliberative [Pp]rocess\b"
        r"|\b[Tt]rade [Ss]ecrets?\b",
    )
)


def find_exemptions(text: str) -> list[str]:
    """Statutes and privileges quoted in a denial, in order, without nested duplicates."""
    spans: list[tuple[int, int, str]] = []
    for pattern in _EXEMPTIONS:
        for m in itertools.islice(pattern.finditer(text), MAX_EXEMPTIONS):
            # A citation ends a sentence: its trailing "." or ":" is not part of it.
            cited = m.group(0).rstrip(".,:;- ")
            start, end = m.start(), m.start() + len(cited)
            if any(s <= start and end <= e for s, e, _ in spans):
                continue
            spans = [(s, e, t) for s, e, t in spans if not (start <= s and e <= end)]
            spans.append((start, end, cited))
    return [" ".join(t.split()) for _, _, t in sorted(spans)]  # "KRS\n61.870(10)": one citation


# --- links -----------------------------------------------------------------------------------------

URL = re.compile(r"https?://[^\s<>\"'\]]+", re.I)


@dataclass(frozen=True)
class LinkFacts:
    links: tuple[str, ...]
    expires: date | None


def find_links(text: str, received: date) -> LinkFacts:
    """The reply's records links and their stated expiry: links/find.py is the one reader of
    links (which are records, where they live, when they expire), here and at filing."""
    found = records_links(text, received)
    links = tuple(link.url for link in found) or tuple(
        dict.fromkeys(clean_url(u) for u in URL.findall(text))
    )
    return LinkFacts(links=links, expires=find_expiry(text, received))
