from django.contrib.admin.apps import AdminConfig


class CommonGroundAdminConfig(AdminConfig):
    """The admin, with the site of config.admin: our login and a second factor only."""

    default_site = "boundaries.admin_site.SecondFactorAdminSite"
