"""ctlint: a policy-as-code linter for vendor manifests of customer-service tools in Connecticut."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
