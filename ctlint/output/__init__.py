"""Renders finished values: reporters of `check`, the register of `report`, `rules`/`explain` views, docs, and safe writing."""
