from allauth.account.adapter import DefaultAccountAdapter

from .models import User

SIGNUP_AS_KEY = "signup_as"


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.display_name = (form.cleaned_data.get("display_name") or "").strip()
        # Set by the therapists' own sign-up page, and used once.
        if request is not None and request.session.pop(SIGNUP_AS_KEY, None) == "therapist":
            user.kind = User.Kind.THERAPIST
        if commit:
            user.save()
        return user
