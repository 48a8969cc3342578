"""Authorisation matrix of the project-level URLs: API root, schema and docs, sign-in and
sign-out, language switch, and the admin site's own pages (the per-model admin pages are
generated from ``admin.site._registry`` by accounts/tests/admin_cases.py)."""

from core.authz import ADMIN, EVERYONE, NOBODY, SIGNED_IN, STAFF, Case


def setup(world):
    from django_tasks_db.models import DBTaskResult

    from knowledge.tasks import ingest_queue_drain

    result = ingest_queue_drain.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(status="FAILED")
    world.failed_task_id = result.id


def _content_type(world):
    from django.contrib.contenttypes.models import ContentType

    from partners.models import Country

    return {
        "content_type_id": ContentType.objects.get_for_model(Country).pk,
        "object_id": world.country.pk,
    }


CASES = [
    Case("api:api-root", "list", EVERYONE),
    Case("api-schema", "view", EVERYONE),
    Case("api-docs", "view", EVERYONE),
    # An address under /api/ that no endpoint answers: the API's JSON 404 for everyone.
    Case("api-not-found", "view", NOBODY, path="/api/no-such-endpoint/"),
    Case("login", "view", EVERYONE),
    Case("logout", "view", EVERYONE, method="POST"),
    Case("logout", "view", NOBODY),  # GET is refused (405): signing out needs a form
    Case("set_language", "change", EVERYONE, method="POST", data={"language": "fr"}),
    Case("switch-language", "change", EVERYONE, {"code": "fr"}),
    # Failed background tasks (core/task_views.py): seen and run again by the Secretariat.
    Case("tasks:failed", "list", STAFF),
    Case("tasks:retry", "change", STAFF, lambda w: {"pk": w.failed_task_id}, method="POST"),
    # The admin site itself: staff only (Secretariat staff accounts and administrators).
    Case("admin:index", "view", STAFF),
    Case("admin:app_list", "list", STAFF, {"app_label": "partners"}),
    Case("admin:app_list", "list", STAFF, {"app_label": "auth"}),
    Case("admin:app_list", "list", ADMIN, {"app_label": "otp_totp"}),
    Case("admin:login", "view", EVERYONE),
    Case("admin:logout", "view", EVERYONE, method="POST"),
    Case("admin:password_change", "change", STAFF),
    Case("admin:password_change_done", "view", STAFF),
    Case("admin:jsi18n", "view", STAFF),
    Case("admin:view_on_site", "view", STAFF, _content_type),
    Case(
        "admin:autocomplete",
        "list",
        STAFF,  # answers to staff who may view the related model (the Secretariat: partners)
        query="?app_label=partners&model_name=person&field_name=country",
    ),
    # The Secretariat sets passwords of accounts, never of a superuser (no takeover).
    Case(
        "admin:auth_user_password_change",
        "change",
        STAFF,
        lambda w: {"id": w.users["public"].pk},
    ),
    Case(
        "admin:auth_user_password_change",
        "change",
        ADMIN,
        lambda w: {"id": w.users["admin"].pk},
    ),
    Case(
        "admin:otp_totp_totpdevice_config",
        "view",
        ADMIN,
        lambda w: {"pk": _totp(w).pk},
    ),
    Case(
        "admin:otp_totp_totpdevice_qrcode",
        "view",
        ADMIN,
        lambda w: {"pk": _totp(w).pk},
    ),
]

__all__ = ["CASES", "SIGNED_IN"]


def _totp(world):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=world.users["admin"]).first()
