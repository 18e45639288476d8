"""Steps many browser tests take the way a person does."""

from tests.factories import PASSWORD


def sign_in(page, base_url, email, password=PASSWORD):
    """Log in through the login form; the page, on whatever the login led to."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in", exact=True).click()
    return page
