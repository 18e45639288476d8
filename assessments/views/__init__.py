"""The survey's pages, one module per concept."""
