from django.contrib.auth.backends import ModelBackend

from core.models import User


class UsernameOrEmailBackend(ModelBackend):
    """Log in with the username or the e-mail address, case-insensitively."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        try:
            user = User.objects.get_by_login(username)
        except (User.DoesNotExist, User.MultipleObjectsReturned):
            # Run the hasher anyway so that timing does not reveal whether the account exists.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def axes_username(request, credentials: dict | None = None) -> str:
    """The name under which django-axes counts failed logins (AXES_USERNAME_CALLABLE).

    The login form accepts the username or the e-mail in any case, so without this every
    spelling ("budi", "BUDI", "budi@...") would get its own five attempts. When the login
    matches an account, its username is the key; otherwise the login as typed, lower-cased.
    """
    data = credentials if credentials is not None else getattr(request, "POST", {})
    login = (data.get("username") or "").strip()
    if not login:
        return login
    try:
        return User.objects.get_by_login(login).username.lower()
    except (User.DoesNotExist, User.MultipleObjectsReturned):
        return login.lower()
