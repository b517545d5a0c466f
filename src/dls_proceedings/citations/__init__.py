"""Rendering: formatted citations in CSL styles, through citeproc-py plus a correctness layer.

This package's own module imports nothing, so the command line can offer the
output names without loading the renderer.
"""

from __future__ import annotations

from typing import Literal

__all__ = ["OUTPUTS", "Output"]

Output = Literal["text", "html"]
OUTPUTS: tuple[Output, ...] = ("text", "html")
"""What a rendering can be: plain text, or HTML as citeproc-js writes it."""
