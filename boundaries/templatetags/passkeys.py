"""What the second step of logging in offers: a passkey only to someone who has one."""

from django import template

register = template.Library()


@register.filter
def offers_passkeys(js_data) -> bool:
    """Whether the passkey request allauth prepared (`js_data`) names any of the person's
    passkeys: WebAuthn's request options list them as `allowCredentials`."""
    options = (js_data or {}).get("request_options") or {}
    public_key = options.get("publicKey") or {}
    return bool(public_key.get("allowCredentials"))
