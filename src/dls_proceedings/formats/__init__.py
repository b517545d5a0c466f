"""Serialisers: one module per format, each with symmetric ``to_x`` / ``from_x`` names."""
