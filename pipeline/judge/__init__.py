"""Judge a document against a rule pack: the pack loader, one module per rule type (checks/), the verdict."""
