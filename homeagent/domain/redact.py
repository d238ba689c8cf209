"""Scrubbing secrets out of text before it reaches a log, in both processes."""

from __future__ import annotations

import re

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # SIP and HTTP credentials: the whole header value goes
    (re.compile(r"(?im)^((?:proxy-)?authorization\s*:).*$"), r"\1 <redacted>"),
    (re.compile(r"(?im)^((?:proxy|www)-authenticate\s*:).*$"), r"\1 <redacted>"),
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9\-._~+/]+=*"), r"\1<redacted>"),
    # digest response and SDES master keys
    (re.compile(r'(?i)(response\s*=\s*")[^"]*"'), r'\1<redacted>"'),
    (re.compile(r"(?i)(inline:)[A-Za-z0-9+/=|:^]+"), r"\1<redacted>"),
    # JSON-ish secrets
    (
        re.compile(r'(?i)("(?:password|access_token|refresh_token|token)"\s*:\s*")[^"]*"'),
        r'\1<redacted>"',
    ),
    (re.compile(r"(?i)\b(password|passwd|token)=\S+"), r"\1=<redacted>"),
    # customer personal data in request URLs (urllib3 logs them at debug level): the values
    # of lookup and search parameters, URL-encoded or not
    (
        re.compile(r"(?i)([?&](?:phone|number|q|query|email|name|search)=)[^&\s\"'#]*"),
        r"\1<redacted>",
    ),
    # customer personal data: phone numbers in SIP/tel URIs and display names before them
    (re.compile(r"(?i)\b((?:sips?|tel):)\+?[0-9][0-9\-.]{5,}"), r"\1<number>"),
    (re.compile(r'"[^"\r\n]{0,200}"(\s*<(?:sips?|tel):)'), r'"<name>"\1'),
)


def redact(text: str, extra_secrets: tuple[str, ...] = ()) -> str:
    """Remove known secret shapes, then any literal secret we were told about."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    for secret in extra_secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "<redacted>")
    return text
