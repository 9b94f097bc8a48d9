"""The rule language: policy files, their compiled JSON Schema fragments, the catalog and `ctlint policy test`."""
