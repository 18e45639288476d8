"""The JSON API of people and their ties, one module per concept."""
