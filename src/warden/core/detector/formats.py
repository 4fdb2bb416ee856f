"""Provider secret formats: the *certain* tier's token shapes (interim table)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class TokenFormat:
    kind: str  # unique snake_case slug, provider first
    pattern: str  # Python `re`; the whole match is the secret, or a named group `secret`
    anchors: tuple[str, ...]  # every match begins, at match.start(), with one of these
    folded: bool = False  # anchors compared with the ASCII-lowercased text
    prefix: str | None = None  # the literal the provider puts at the start of the token


_B = r"(?<![A-Za-z0-9_])"
_E = r"(?![A-Za-z0-9_])"

FORMATS: Final[tuple[TokenFormat, ...]] = (
    TokenFormat("aws_access_key_id", _B + r"(?:AKIA|ASIA|AGPA|AIDA|AROA|ABIA|ACCA)[0-9A-Z]{16}" + _E,
                ("AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ABIA", "ACCA"), prefix="AKIA"),
    TokenFormat("github_token", _B + r"gh[pousr]_[A-Za-z0-9]{36,255}" + _E,
                ("ghp_", "gho_", "ghu_", "ghs_", "ghr_"), prefix="ghp_"),
    TokenFormat("github_fine_grained_pat", _B + r"github_pat_[A-Za-z0-9_]{22,255}",
                ("github_pat_",), prefix="github_pat_"),
    TokenFormat("gitlab_token", _B + r"gl(?:pat|dt|ft|soat|rt|cbt|imt|ptt|oas)-[A-Za-z0-9_-]{20,}",
                ("glpat-", "gldt-", "glft-", "glsoat-", "glrt-", "glcbt-", "glimt-", "glptt-",
                 "gloas-"), prefix="glpat-"),
    TokenFormat("slack_token", _B + r"xox[abposre]-[A-Za-z0-9-]{10,250}",
                ("xoxa-", "xoxb-", "xoxp-", "xoxo-", "xoxs-", "xoxr-", "xoxe-"), prefix="xoxb-"),
    TokenFormat("slack_webhook", r"hooks\.slack\.com/(?:services|workflows)/[A-Za-z0-9+/]{20,120}",
                ("hooks.slack.com/",)),
    TokenFormat("jwt", _B + r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}",
                ("eyJ",)),
    TokenFormat("private_key", r"-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----"
                r"(?:[\s\S]{0,8000}?-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----)?",
                ("-----BEGIN ",)),
    TokenFormat("vault_token", _B + r"hv[sbr]\.[A-Za-z0-9_-]{20,}", ("hvs.", "hvb.", "hvr."),
                prefix="hvs."),
    TokenFormat("google_api_key", _B + r"AIza[0-9A-Za-z_-]{35}" + _E, ("AIza",), prefix="AIza"),
    TokenFormat("stripe_key", _B + r"(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{16,}",
                ("sk_live_", "sk_test_", "rk_live_", "rk_test_"), prefix="sk_live_"),
    TokenFormat("openai_key", _B + r"sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,}", ("sk-",),
                prefix="sk-"),
    TokenFormat("npm_token", _B + r"npm_[A-Za-z0-9]{36}" + _E, ("npm_",), prefix="npm_"),
    TokenFormat("pypi_token", _B + r"pypi-AgE[A-Za-z0-9_-]{50,}", ("pypi-AgE",), prefix="pypi-"),
    TokenFormat("sendgrid_key", _B + r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}", ("SG.",),
                prefix="SG."),
    TokenFormat("datadog_api_key",
                r"(?i:datadog|dd)[\w.-]{0,20}?(?:api|app)?[_-]?key[\"']?\s*[:=]\s*[\"']?"
                r"(?P<secret>[a-f0-9]{32}(?:[a-f0-9]{8})?)(?![a-f0-9])",
                ("datadog", "dd"), folded=True),
)  # fmt: skip
