#!/usr/bin/env python3
"""Trunk post-build hook: moves Trunk's inline wasm loader out of index.html into loader.js.

The site's Content-Security-Policy (a <meta> in every page under www/) allows scripts from the
site only, with no 'unsafe-inline': the inline <script type="module"> that Trunk writes into
index.html would be blocked. This hook, run by Trunk on every build (Trunk.toml, [[hooks]]) in
its staging directory ($TRUNK_STAGING_DIR), writes that script's text to loader.js and puts
`<script type="module" src="./loader.js"></script>` in its place. It then fails the build when
any page still holds an executable inline script (Trunk's live-reload client included: build
the deployable site with `trunk build`, serve with `--no-autoreload`), so that nothing the CSP
blocks can ship. Idempotent: a page without an inline loader is left as it is.
"""
import os
import pathlib
import re
import sys

# A <script> element with its attributes and its text.
SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)


def fail(message):
    print(f"loader-to-file: {message}", file=sys.stderr)
    sys.exit(1)


def executable_inline(match):
    """A script the browser would run from the page's own text (data blocks are not run)."""
    attrs = match.group("attrs")
    if re.search(r"\bsrc\s*=", attrs, re.I):
        return False
    kind = re.search(r"\btype\s*=\s*[\"']?([^\"'\s>]+)", attrs, re.I)
    return kind is None or kind.group(1).lower() in ("module", "text/javascript", "application/javascript")


def main():
    staging = os.environ.get("TRUNK_STAGING_DIR")
    if not staging:
        fail("TRUNK_STAGING_DIR is not set: this script runs as a Trunk post_build hook")
    dist = pathlib.Path(staging)
    index = dist / "index.html"
    if not index.is_file():
        fail(f"no index.html in {dist}")
    html = index.read_text(encoding="utf-8")
    loaders = [m for m in SCRIPT.finditer(html) if executable_inline(m) and "import init" in m.group("body")]
    if len(loaders) > 1:
        fail(f"{len(loaders)} inline loaders in index.html, expected one")
    if loaders:
        loader = loaders[0]
        (dist / "loader.js").write_text(loader.group("body").strip() + "\n", encoding="utf-8")
        html = html[: loader.start()] + '<script type="module" src="./loader.js"></script>' + html[loader.end() :]
        index.write_text(html, encoding="utf-8")
    elif not (dist / "loader.js").is_file():
        fail("Trunk wrote no inline loader into index.html and there is no loader.js")
    for page in sorted(dist.glob("*.html")):
        for m in SCRIPT.finditer(page.read_text(encoding="utf-8")):
            if executable_inline(m):
                fail(f"{page.name} still holds an inline script, which the Content-Security-Policy blocks: "
                     f"{m.group(0)[:120]!r}")


if __name__ == "__main__":
    main()
