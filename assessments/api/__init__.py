"""The survey's JSON API, one module per concept."""
