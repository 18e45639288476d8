"""Words libraries use that we say differently, or not at all: no page or email shows them."""

import re

LIBRARY_WORDING = [
    # One word for one act: "Log in", "Log out", "Sign up".
    "Sign In", "Sign Up", "Signup", "Sign Out", "Sign in", "Sign out", "sign in", "sign out",
    "signed in", "signed out", "Successfully",
    # allauth's own phrases and title-case headings.
    "E-mail", "Confirm Access", "reauthenticate", "Make Primary", "Re-send Verification",
    "Activate Authenticator", "Authenticator App", "Deactivate", "Recovery Codes",
    "Two-Factor Authentication", "Change Password", "Password Reset", "Set Password",
    "Current Password", "New Password", "Email Addresses", "Add Email", "Confirm Email Address",
    "is an email address for user", "Enter an authenticator code", "Alternative options",
    "Send me a sign-in code", "Bad Token", "Incorrect code",
    # allauth's and Django's emails and admin.
    "Hello from", "You're receiving this", "Thank you for using", "Django administration",
]  # fmt: skip

ENTITY = re.compile(r"&(#x?[0-9a-fA-F]+|amp|quot|lt|gt|apos);")


def leftovers(text: str) -> list[str]:
    """The library phrases and escaped entities a reader would see in `text`."""
    found = [words for words in LIBRARY_WORDING if words in text]
    if match := ENTITY.search(text):
        found.append(f"escaped {match.group(0)}")
    return found
