# Partners-only content follows the roles of core.roles alone (issue 13, F1): the
# "core.view_partner_content" permission that Access held no longer decides anything.

from django.db import migrations


def drop_permission(apps, schema_editor):
    """Remove the permission and its grants, so no group or account keeps a dead grant."""
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="core", codename="view_partner_content"
    ).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_alter_access_options"),
    ]

    operations = [
        migrations.RunPython(drop_permission, migrations.RunPython.noop),
        migrations.DeleteModel(name="Access"),
    ]
