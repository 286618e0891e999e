"""The expected reading of every bounce sample (tests/fixtures/mail/bounces and the older
fixtures): action ("failed" permanent, "delayed" temporary, None no bounce), the failed
recipients, and the returned letter's Message-ID where the report carries it."""

from pathlib import Path

MAIL = Path(__file__).parent / "fixtures" / "mail"
BOUNCES = MAIL / "bounces"


def _id(ref: str) -> str:
    return f"<letter-{ref}@foia.example.com>"


# name -> (action, recipients, original Message-ID or None)
EXPECTED: dict[str, tuple[str | None, tuple[str, ...], str | None]] = {
    "postfix_failed": ("failed", ("records@district2.example.org",), _id("ct-0044")),
    "postfix_delayed": ("delayed", ("clerk@village.example.us",), _id("vt-0005")),
    "postfix_mailbox_full": ("delayed", ("records@county.example.gov",), _id("md-0311")),
    "postfix_expanded_alias": ("failed", ("records@city.example.gov",), _id("wa-0010")),
    "postfix_expanded_no_orcpt": ("failed", ("records@county.example.gov",), _id("md-0311")),
    "postfix_one_of_two": ("failed", ("foia@district.example.org",), _id("ct-0043")),
    "postfix_legacy": ("failed", ("openrecords@isd.example.org",), _id("tx-0201")),
    "exim_two_failed": (
        "failed",
        ("records@county.example.gov", "amt@amt.example.de"),
        _id("md-0311"),
    ),
    "exim_delayed": ("delayed", ("records@twin.example.org",), None),
    "exim_mailbox_full": ("delayed", ("foia@district.example.org",), _id("ct-0043")),
    "mailru": ("failed", ("amt@amt.example.de",), _id("nj-0099")),
    "sendmail_failed": ("failed", ("records@city.example.gov",), _id("wa-0010")),
    "sendmail_warning": ("delayed", ("records@county.example.gov",), _id("md-0311")),
    "sendmail_legacy": ("failed", ("clerk@village.example.us",), _id("vt-0005")),
    "aol": ("failed", ("openrecords@isd.example.org",), _id("tx-0201")),
    "qmail_two": (
        "failed",
        ("records@district2.example.org", "records@twin.example.org"),
        _id("ct-0044"),
    ),
    "yahoo": ("failed", ("amt@amt.example.de",), _id("nj-0099")),
    "exchange2003": ("failed", ("foia@district.example.org",), None),
    "office365": ("failed", ("records@district2.example.org",), _id("ct-0044")),
    "exchange_delay": ("delayed", ("records@twin.example.org",), None),
    "gmail_delayed": ("delayed", ("records@county.example.gov",), _id("md-0311")),
    "domino": ("failed", ("clerk@village.example.us",), _id("vt-0005")),
    "groupwise": ("failed", ("records@county.example.gov",), _id("md-0311")),
    "smtp32_unknown": ("failed", ("openrecords@isd.example.org",), _id("tx-0201")),
    "smtp32_over_quota": ("delayed", ("openrecords@isd.example.org",), _id("tx-0201")),
    "netscape": ("failed", ("records@city.example.gov",), _id("wa-0010")),
    "generic_undeliverable": ("failed", ("foia@district.example.org",), None),
    # a list's moderation notice is no bounce; a list's rejection names no address to bounce
    "list_moderation": (None, (), None),
    "list_owner_reject": ("failed", (), _id("ct-0043")),
    "own_address_named": ("failed", ("records@nowhere.example.gov",), _id("ct-0042")),
    # the first wave's fixtures
    "../dsn_gmail": ("failed", ("records@nowhere.example.gov",), _id("ct-0042")),
    "../dsn_exchange": ("failed", ("foia@district.example.org",), _id("ct-0043")),
    "../bounce_qmail": ("failed", ("clerk@town.example.us",), "<letter-ny-0107@foia.example.com>"),
    "../bounce_exim": (
        "failed",
        ("records@schools.example.k12.tx.us",),
        "<letter-tx-0200@foia.example.com>",
    ),
    "../delayed_dsn": ("delayed", ("records@slow.example.gov",), None),
}

# Written after the parser was tuned on the samples above, and measured before any change for
# them (docs/design.md, "Parsing"): a check on over-fitting, kept as regression tests since.
HOLDOUT: dict[str, tuple[str | None, tuple[str, ...], str | None]] = {
    "h_exim_generated": ("failed", ("records@county.example.gov",), _id("md-0311")),
    "h_postmaster_person": (None, (), None),
    "h_exchange2007": ("failed", ("records@district2.example.org",), _id("ct-0044")),
    "h_mdaemon": ("failed", ("records@city.example.gov",), None),
    "h_exchange55": ("failed", ("clerk@village.example.us",), None),
    "h_unknown_marker": ("failed", ("records@twin.example.org",), _id("ct-0050")),
    "h_iplanet": ("failed", ("records@county.example.gov",), _id("md-0311")),
    "h_gmail_legacy_delay": ("delayed", ("records@twin.example.org",), None),
    "h_groupwise_no_domain": ("failed", (), None),
    "h_mailru_russian": ("failed", ("amt@amt.example.de",), _id("nj-0099")),
    "h_exchange_spanish": ("failed", ("foia@district.example.org",), None),
}
# Shapes our own lines do not read, where flufl.bounce's detectors (the second opinion) do.
FALLBACK: dict[str, tuple[str | None, tuple[str, ...], str | None]] = {
    "fallback_delivery_problems": ("failed", ("clerk@village.example.us",), _id("vt-0005")),
    "fallback_error_for": ("failed", ("openrecords@isd.example.org",), None),
}
ALL = {**EXPECTED, **HOLDOUT, **FALLBACK}


def sample(name: str) -> bytes:
    return (BOUNCES / f"{name}.eml").read_bytes()
