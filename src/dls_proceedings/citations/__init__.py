"""Rendering: formatted citations in CSL styles, through citeproc-py plus a correctness layer."""
