"""Build static/skillsnet/icons.svg, a sprite of the Lucide icons (ISC licence) that the pages use.

Run at build time, not at run time:  npm install --prefix /tmp/npm lucide-static
                                       python tools/build_icons.py /tmp/npm/node_modules/lucide-static
"""
import re
import sys
from pathlib import Path

ICONS = ["building-2", "handshake", "users", "chart-column", "award", "briefcase", "book-open", "settings",
         "calendar", "list", "map", "search", "plus", "check", "triangle-alert", "clock", "file-text",
         "download", "user-plus", "globe", "circle-check", "inbox", "copy", "upload", "shield-check",
         "newspaper", "chevron-down", "external-link", "log-in", "house"]
OUT = Path(__file__).resolve().parents[1] / "src/skillsnet/web/static/skillsnet"


def main(package):
    package = Path(package)
    symbols = []
    for name in ICONS:
        svg = (package / "icons" / f"{name}.svg").read_text()
        body = re.search(r"<svg[^>]*>(.*)</svg>", svg, re.S).group(1)
        body = re.sub(r"\s+", " ", re.sub(r"<!--.*?-->", "", body)).strip()
        symbols.append(f'<symbol id="{name}" viewBox="0 0 24 24">{body}</symbol>')
    (OUT / "icons.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" fill="none" stroke="currentColor" stroke-width="2" '
        'stroke-linecap="round" stroke-linejoin="round">\n' + "\n".join(symbols) + "\n</svg>\n")
    (OUT / "icons-LICENSE.txt").write_text((package / "LICENSE").read_text())
    print(f"{len(symbols)} icons written to {OUT / 'icons.svg'}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/npm/node_modules/lucide-static")
