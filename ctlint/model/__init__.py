"""Immutable values every layer shares: severities, citations, spans, findings. Imports nothing else of ctlint."""
