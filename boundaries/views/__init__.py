"""The pages of people and their ties, one module per concept."""
