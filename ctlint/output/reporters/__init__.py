"""Reporters turn a finished :class:`~ctlint.engine.report.Report` into one ``check --format``.

One module a format, each with a ``REPORTER`` that fits :class:`ctlint.output.rendering.Reporter`;
:data:`ctlint.output.formats.CHECK_FORMATS` maps the format names to these modules and imports
one only when its format is used. This package's ``__init__`` imports nothing, so that
importing one reporter (or a helper of one, as the register does) loads no other.
"""
