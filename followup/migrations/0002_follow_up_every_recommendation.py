"""Every recommendation already stored gets its (open, unowned) follow-up record."""

from django.db import migrations


def create(apps, schema_editor):
    Recommendation = apps.get_model("meetings", "Recommendation")
    FollowUp = apps.get_model("followup", "FollowUp")
    missing = Recommendation.objects.filter(follow_up__isnull=True).values_list("pk", flat=True)
    FollowUp.objects.bulk_create(
        [FollowUp(recommendation_id=pk) for pk in missing], batch_size=500, ignore_conflicts=True
    )


class Migration(migrations.Migration):
    dependencies = [("followup", "0001_initial"), ("meetings", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
