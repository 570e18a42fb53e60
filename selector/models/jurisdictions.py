"""Jurisdiction codes: ISO 3166-1 alpha-2, plus ``EU``, ``global`` and ``deployer``.

A constraint naming a code that is not a country (``XX``) or a common non-ISO spelling (``UK``
for the United Kingdom, whose ISO code is ``GB``) would silently match nothing; both are refused
with the code to use instead.
"""

from __future__ import annotations

import difflib

ISO_3166_ALPHA2 = frozenset({
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX",
    "AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ",
    "BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK",
    "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM",
    "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR",
    "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS",
    "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN",
    "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN",
    "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV",
    "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ",
    "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI",
    "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM",
    "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC",
    "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV",
    "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR",
    "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
})
"""The 249 officially assigned ISO 3166-1 alpha-2 codes (ISO 3166 Maintenance Agency)."""

GROUPS = ("EU", "global", "deployer")
"""``EU`` (the Union as one jurisdiction), ``global`` (anywhere) and ``deployer`` (wherever the
institution runs the weights)."""

NOT_ISO = {
    "UK": "GB",  # United Kingdom: 'UK' is only exceptionally reserved
    "EL": "GR",  # Greece in EU usage
}


def check_jurisdiction(code: str) -> str:
    """``code`` if it is a known jurisdiction; else ValueError saying which code to use."""
    if code in ISO_3166_ALPHA2 or code in GROUPS:
        return code
    if code in NOT_ISO and NOT_ISO[code] in ISO_3166_ALPHA2:
        raise ValueError(f"'{code}' is not an ISO 3166-1 alpha-2 code; use '{NOT_ISO[code]}'")
    upper = code.upper()
    if upper in ISO_3166_ALPHA2 and upper != code:
        raise ValueError(f"'{code}': country codes are upper case; use '{upper}'")
    close = difflib.get_close_matches(code, sorted(ISO_3166_ALPHA2) + list(GROUPS), n=3, cutoff=0.5)
    hint = f" (close: {', '.join(close)})" if close else ""
    raise ValueError(f"'{code}' is not an ISO 3166-1 alpha-2 country code, 'EU', 'global' or "
                     f"'deployer'{hint}")
