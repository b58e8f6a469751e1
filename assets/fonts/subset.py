#!/usr/bin/env python3
"""Regenerate NotoSansSC-subset.otf, the CJK font the app bundles (include_bytes!).

Run from the repository root after adding Chinese UI strings or sample deals:
    apt-get install -y fonts-noto-cjk && pip install fonttools
    python3 assets/fonts/subset.py
The subset holds GB2312 level-1 hanzi (the 3,755 most common), ASCII, Latin-1, CJK and
full-width punctuation, the symbols the UI draws, and every character in src/app, src/export and
sample_deals (names, obligors). Commit the result; CI never regenerates it.
"""
import pathlib
import subprocess

SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
FACE_SC = "2"  # face 2 of the collection is Simplified Chinese
OUT = pathlib.Path("assets/fonts/NotoSansSC-subset.otf")

chars = set()
for hi in range(0xB0, 0xD8):  # GB2312 level 1: rows 16-55
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
chars.update(chr(c) for c in range(0x20, 0x7F))
chars.update(chr(c) for c in range(0xA0, 0x100))
chars.update(chr(c) for c in range(0x3000, 0x3040))  # CJK symbols and punctuation
chars.update(chr(c) for c in range(0xFF01, 0xFF5F))  # full-width forms
chars.update("–—‘’“”…·×÷±≤≥≈≠←↑→↓↔√∞⚠✓✔✕✖▲▼△▽◆●○■□★☆")
roots = [pathlib.Path("src/app"), pathlib.Path("src/export"), pathlib.Path("sample_deals")]
for root in roots:
    for path in sorted(root.rglob("*")):
        if path.suffix in {".rs", ".ron", ".csv"}:
            chars.update(path.read_text(encoding="utf-8"))
chars = sorted(c for c in chars if c.isprintable() or c == " ")
from fontTools.ttLib import TTFont  # noqa: E402

have = TTFont(SOURCE, fontNumber=int(FACE_SC)).getBestCmap()
ui_chars = set()
for path in pathlib.Path("src/app").rglob("*.rs"):
    ui_chars.update(path.read_text(encoding="utf-8"))
missing = sorted(c for c in ui_chars if ord(c) > 0x7F and ord(c) not in have)
if missing:
    print("not in the source font (drawn as tofu):", "".join(missing))
text = pathlib.Path("/tmp/tranche-studio-font-chars.txt")
text.write_text("".join(chars), encoding="utf-8")
subprocess.run(
    [
        "pyftsubset", SOURCE, f"--font-number={FACE_SC}", f"--text-file={text}",
        "--no-hinting", f"--output-file={OUT}",
    ],
    check=True,
)
print(f"{OUT}: {len(chars)} characters, {OUT.stat().st_size / 1e6:.2f} MB")
