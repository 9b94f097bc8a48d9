"""Reading what a repository carries, within bounds: regular files only, size-limited, and
YAML/JSON with the position of every node (CTL001-CTL004). Every layer above reads through it.

- :mod:`~ctlint.document.read`: one file's bytes within bounds, and their UTF-8 text;
- :mod:`~ctlint.document.parse`: text -> YAML nodes -> plain data (:class:`Document`);
- :mod:`~ctlint.document.build`: the YAML 1.2 core schema and the node-tree builder;
- :mod:`~ctlint.document.positions`: JSON Pointers and source spans (``locate``).
"""
