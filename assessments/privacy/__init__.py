"""A person's own data: the export (`export`) and deleting the account (`deletion`)."""

from .deletion import account_delete
from .export import export_for

__all__ = ["account_delete", "export_for"]
