"""Derived data only: every recommendation has its follow-up record (open, no owner yet)."""


def create_follow_up(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .models import FollowUp

        FollowUp.objects.get_or_create(recommendation=instance)
