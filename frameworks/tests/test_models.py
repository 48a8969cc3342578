"""Invariants of frameworks, their items and crosswalks that the database enforces."""

import pytest
from django.db import IntegrityError, transaction

from frameworks.choices import ItemKind
from frameworks.models import Crosswalk, FrameworkItem

from .factories import CrosswalkFactory, FrameworkFactory, FrameworkItemFactory

pytestmark = pytest.mark.django_db


def test_item_uid_is_framework_slug_and_code():
    framework = FrameworkFactory(slug="marrakesh-2018")
    item = FrameworkItemFactory(framework=framework, code="D3", number="3")
    item.refresh_from_db()
    assert item.uid == "marrakesh-2018/D3"
    assert FrameworkItem.objects.by_uid("marrakesh-2018/D3") == item
    assert item.get_absolute_url() == "/action-plans/marrakesh-2018/D3/"


def test_item_uid_follows_a_code_change():
    item = FrameworkItemFactory(framework=FrameworkFactory(slug="cadiz-2022"), code="O5")
    item.code = "O5a"
    item.save()
    item.refresh_from_db()
    assert item.uid == "cadiz-2022/O5a"


def test_item_code_unique_within_its_framework_only():
    marrakesh = FrameworkFactory(slug="marrakesh-2018")
    cadiz = FrameworkFactory(slug="cadiz-2022")
    FrameworkItemFactory(framework=marrakesh, code="D3")
    FrameworkItemFactory(framework=cadiz, code="D3")  # same code, other plan: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        FrameworkItemFactory(framework=marrakesh, code="D3")
    assert FrameworkItem.objects.filter(code="D3").count() == 2


def test_item_cannot_be_its_own_parent():
    item = FrameworkItemFactory(kind=ItemKind.OBJECTIVE)
    item.parent_id = item.id
    with pytest.raises(IntegrityError), transaction.atomic():
        item.save()


def test_crosswalk_to_itself_refused():
    item = FrameworkItemFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Crosswalk.objects.create(source_item=item, target_item=item, relation="continues")
    assert not Crosswalk.objects.exists()


def test_crosswalk_pair_unique():
    crosswalk = CrosswalkFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CrosswalkFactory(source_item=crosswalk.source_item, target_item=crosswalk.target_item)


def test_framework_period_end_before_start_refused():
    FrameworkFactory(period_start=2018, period_end=2018)  # a one-year plan is fine
    with pytest.raises(IntegrityError), transaction.atomic():
        FrameworkFactory(period_start=2023, period_end=2022)


def test_framework_period_label():
    assert FrameworkFactory.build(period_start=2023, period_end=2027).period_label == "2023–2027"
    assert FrameworkFactory.build(period_start=2006, period_end=None).period_label == "2006"
