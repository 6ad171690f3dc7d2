"""The Content-Security-Policy of the built pages.

Scripts may only come from the site itself, or be one of the theme's inline scripts,
allowed by the SHA-256 hash of its exact text (computed per page at build time: the
theme writes page-relative paths into them). No 'unsafe-inline' for scripts. Styles keep
'unsafe-inline' because the theme sets style attributes."""

from __future__ import annotations

import base64
import hashlib
import re

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_JS_TYPES = ("", "text/javascript", "module", "application/javascript")

BASE_POLICY = (
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)


def inline_script_hashes(html: str) -> list[str]:
    """'sha256-...' for every inline script the browser would run, in page order."""
    hashes = []
    for match in _INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if re.search(r"\bsrc\s*=", attrs, re.I):
            continue
        kind = re.search(r"\btype\s*=\s*[\"']?([^\"'\s>]+)", attrs, re.I)
        if kind and kind.group(1).lower() not in _JS_TYPES:
            continue  # data blocks (e.g. type="application/json") never run
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return hashes


def policy(html: str) -> str:
    script_src = " ".join(["'self'", *dict.fromkeys(inline_script_hashes(html))])
    return "; ".join([BASE_POLICY[0], f"script-src {script_src}", *BASE_POLICY[1:]])


def with_policy(html: str) -> str:
    """The page with its policy as the first element of <head>, before any script."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    return re.sub(r"<head>", "<head>\n    " + meta.replace("\\", "\\\\"), html, count=1, flags=re.I)
