from allauth.account.adapter import DefaultAccountAdapter

from .models import User

SIGNUP_AS_KEY = "signup_as"


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.display_name = (form.cleaned_data.get("display_name") or "").strip()
        if request is not None and request.session.get(SIGNUP_AS_KEY) == "therapist":
            user.kind = User.Kind.THERAPIST
        if commit:
            user.save()
        return user
