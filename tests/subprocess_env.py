"""The environment for servers and commands that tests start in their own processes."""

import os

# Set only for this test process (see tests/e2e/conftest.py); a real deployment never has it.
DROPPED = {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def clean_env(**overrides) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in DROPPED}
    env.update(overrides)
    return env
