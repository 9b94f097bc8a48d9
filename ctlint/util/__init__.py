"""Small helpers with no knowledge of manifests: package data and text for terminals, Markdown and HTML."""
