#!/usr/bin/env python3
"""Regenerate NotoSansSC-subset.otf, the CJK font the app and the exports bundle (include_bytes!).

Run from the repository root after adding Chinese UI strings or sample deals:
    apt-get install -y fonts-noto-cjk && pip install fonttools
    python3 assets/fonts/subset.py
The subset holds every hanzi of the source face in the CJK Unified Ideographs basic block
(U+4E00-U+9FFF: 20,976 of 20,992, the 16 added in Unicode 14-15 are not in the source),
Extension A, the compatibility ideographs and the Extension B-H characters the face has (which
include the GB 18030-2022 characters used in names), ASCII, Latin-1, general punctuation,
arrows, maths and shape symbols, CJK and full-width punctuation, and every character in
src/app, src/export and sample_deals. Hinting and OpenType layout tables are dropped (egui and
the exports use neither). About 7.3 MB. Commit the result; CI never regenerates it. Characters
outside it are drawn from the system's CJK fonts where there are some (src/fonts.rs).
"""
import pathlib
import subprocess

SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
FACE_SC = "2"  # face 2 of the collection is Simplified Chinese
OUT = pathlib.Path("assets/fonts/NotoSansSC-subset.otf")
RANGES = [
    (0x20, 0x7E), (0xA0, 0xFF),  # ASCII, Latin-1
    (0x2000, 0x206F),  # general punctuation
    (0x2190, 0x22FF),  # arrows, mathematical operators
    (0x25A0, 0x27BF),  # geometric shapes, miscellaneous symbols, dingbats
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3400, 0x4DBF),  # CJK Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs (basic block)
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF00, 0xFFEF),  # half-width and full-width forms
    (0x20000, 0x3FFFF),  # CJK Extensions B-H (those the face has)
]

chars = set()
for lo, hi in RANGES:
    chars.update(chr(c) for c in range(lo, hi + 1))
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
        "--no-hinting", "--layout-features=", f"--output-file={OUT}",
    ],
    check=True,
)
kept = sum(1 for c in chars if ord(c) in have)
print(f"{OUT}: {kept} characters, {OUT.stat().st_size / 1e6:.2f} MB")
