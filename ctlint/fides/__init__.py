"""The Fides bridge (spec fides.md): ``ctlint import fides`` turns Fides Systems into ctlint
manifest skeletons, ``ctlint export fides`` turns ctlint manifests into one Fides manifest.
fideslang itself is not used at run time (it needs pydantic); its key lists are ctlint's pinned
taxonomy.

- :mod:`~ctlint.fides.ingest`: reading Fides inputs;
- :mod:`~ctlint.fides.keys`: the rename table (``renames.yaml``), aliases and custom keys;
- :mod:`~ctlint.fides.mapping`: one System -> manifest values, ``x-fides`` and report entries;
- :mod:`~ctlint.fides.render`: the manifest text, through ``ctlint new``'s skeleton;
- :mod:`~ctlint.fides.importer`: which Systems, and the import report;
- :mod:`~ctlint.fides.export`: ctlint manifests -> one Fides manifest.
"""
