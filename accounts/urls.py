from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.AccountView.as_view(), name="account"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("two-factor/setup/", views.TwoFactorSetupView.as_view(), name="two-factor-setup"),
    path("two-factor/verify/", views.TwoFactorVerifyView.as_view(), name="two-factor-verify"),
    path(
        "two-factor/backup-codes/", views.BackupCodesView.as_view(), name="two-factor-backup-codes"
    ),
    path("two-factor/disable/", views.TwoFactorDisableView.as_view(), name="two-factor-disable"),
]
