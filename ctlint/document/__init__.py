"""Reading what a repository carries, within bounds: regular files only, size-limited, and
YAML/JSON with the position of every node (CTL001-CTL004). Every layer above reads through it."""
