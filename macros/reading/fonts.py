"""The one font the site draws with: Noto Sans CJK SC (OFL), shipped by the mplfonts package.

Charts draw their text as outlines with it, and the validator refuses characters it has no glyph for.
"""

from __future__ import annotations

from importlib.resources import files

FONT_FILE = files("mplfonts") / "fonts" / "NotoSansCJKsc-Regular.otf"
