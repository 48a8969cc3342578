"""``rabat followup_stale``: remind each owner of their overdue or stale recommendations.

Idempotent: an owner is e-mailed at most once per stale period (``RABAT_FOLLOWUP_STALE_DAYS``,
default 180); running it again the same day sends nothing. "Stale" is
``FollowUpQuerySet.stale``: the clock starts at the due date, else at the meeting's date, so on
a first run every old open recommendation is stale. That run still sends one e-mail per owner
(never one per recommendation): it lists the first ``LISTED`` and links to the owner's whole
list on the site. Recommendations without an owner are counted, not mailed. A run holds the
job's lease (``core.joblock``): a second run started meanwhile does nothing. Cron (daily at
06:00)::

    0 6 * * *  cd /srv/rabat && .venv/bin/rabat followup_stale
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.joblock import scheduled_job
from followup.models import FollowUp, stale_days

# At most this many recommendations are listed in one e-mail; the rest are linked.
LISTED = 20


class Command(BaseCommand):
    help = "E-mail each owner of overdue or stale recommendation follow-ups, once per period."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD).")
        parser.add_argument("--dry-run", action="store_true", help="Print, send nothing.")

    # Three runs at once (cron on two hosts, a run by hand) mail each owner once: the runs that
    # find the job's lease taken do nothing (core.joblock).
    @scheduled_job("followup_stale")
    def handle(self, *args, today=None, dry_run=False, **options):
        try:
            day = datetime.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--today: not a date: {today!r}") from exc
        days = stale_days()
        now = timezone.make_aware(datetime.datetime.combine(day, datetime.time(6)))
        reminded_before = now - datetime.timedelta(days=days)
        waiting = FollowUp.objects.filter(
            Q(pk__in=FollowUp.objects.overdue(day).values("pk"))
            | Q(pk__in=FollowUp.objects.stale(day, days).values("pk"))
        )
        unowned = Q(
            owner_country__isnull=True, owner_organisation__isnull=True, owner_secretariat=False
        )
        without_owner = waiting.filter(unowned).count()
        if without_owner:
            self.stdout.write(
                f"{without_owner} stale or overdue without an owner: not mailed "
                "(the Secretariat assigns owners on /follow-up/stale/)."
            )
        due = (
            waiting.exclude(unowned)
            .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=reminded_before))
            .for_list()
            .order_by("pk")
        )
        by_owner: dict[tuple, list[FollowUp]] = defaultdict(list)
        for follow_up in due:
            key = (
                follow_up.owner_country_id,
                follow_up.owner_organisation_id,
                follow_up.owner_secretariat,
            )
            by_owner[key].append(follow_up)
        if not by_owner:
            self.stdout.write(f"{day}: nothing to remind (stale after {days} days).")
            return
        for follow_ups in by_owner.values():
            self.lease.renew()
            owner = follow_ups[0].owner
            recipients = follow_ups[0].owner_emails()
            if not recipients:
                self.stdout.write(
                    f"{owner}: {len(follow_ups)} to remind, but no e-mail address; skipped."
                )
                continue
            if dry_run:
                self.stdout.write(
                    f"{owner}: would remind {', '.join(recipients)} of {len(follow_ups)}."
                )
                continue
            send_mail(
                _("[Rabat Process] Recommendations waiting for follow-up"),
                self.body(follow_ups, day),
                settings.DEFAULT_FROM_EMAIL,
                recipients,
            )
            # A write to a versioned record raises its version (docs/workflows.md): an edit
            # that read the follow-up before the reminder is a conflict, not a silent return
            # of the old reminder date (which would remind the owner twice).
            FollowUp.objects.filter(pk__in=[f.pk for f in follow_ups]).update(
                reminded_at=now, version=F("version") + 1
            )
            self.stdout.write(
                f"{owner}: reminded {', '.join(recipients)} of {len(follow_ups)} recommendation(s)."
            )

    def body(self, follow_ups, day) -> str:
        lines = [_("These recommendations need news of their follow-up:"), ""]
        site = settings.SITE_URL.rstrip("/")
        for follow_up in follow_ups[:LISTED]:
            rec = follow_up.recommendation
            late = (
                _(" (overdue since %(date)s)") % {"date": follow_up.due_date}
                if follow_up.is_overdue(day)
                else ""
            )
            url = site + follow_up.get_absolute_url()
            lines.append(f"- {rec.meeting.title}, No. {rec.full_number}{late}: {url}")
        more = len(follow_ups) - LISTED
        if more > 0:
            lines.append(_("… and %(count)s more.") % {"count": more})
        lines += ["", _("All of them: %(url)s") % {"url": site + self.owner_list(follow_ups[0])}]
        return "\n".join(lines)

    @staticmethod
    def owner_list(follow_up) -> str:
        """The owner's stale recommendations on /follow-up/ (the list's ``owner`` filter)."""
        if follow_up.owner_secretariat:
            owner = "secretariat"
        elif follow_up.owner_country_id:
            owner = follow_up.owner_country.iso2
        else:
            owner = follow_up.owner_organisation.slug
        return reverse("followup:list") + "?" + urlencode({"owner": owner, "stale": "true"})
