"""The one "plan in force on a date" rule, read from the frameworks' own dates and periods as
loaded from reference/data/frameworks.json. Each test names a date on which two of the former
copies of the rule disagreed."""

import datetime

import pytest

from frameworks.choices import FrameworkKind
from frameworks.selectors import plan_in_force, takes_effect
from frameworks.tests.factories import FrameworkFactory, FrameworkItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference_frameworks(db):
    from reference.loaders import load_countries, load_frameworks

    load_countries()
    load_frameworks()


def slug_on(day: datetime.date, **kwargs) -> str | None:
    plan = plan_in_force(day, **kwargs)
    return plan.slug if plan else None


def test_marrakesh_plan_stays_in_force_after_its_period_until_cadiz_takes_over(
    reference_frameworks,
):
    # The labels' and home page's rule ("the plan whose period covers the year, else the most
    # recently adopted") answered Cádiz here: the Marrakesh period (2018-2020) had ended and
    # Cádiz was the newest plan, although it was adopted only in December 2022.
    assert slug_on(datetime.date(2021, 3, 10)) == "marrakesh-2018"
    assert slug_on(datetime.date(2022, 6, 1)) == "marrakesh-2018"


def test_cadiz_plan_takes_effect_on_1_january_2023_not_on_its_adoption(reference_frameworks):
    # The extraction's and the tagging queue's rule ("from its adoption on") answered Cádiz
    # from 13 December 2022; the plan covers 2023-2027 and Marrakesh was extended to 2022.
    assert slug_on(datetime.date(2022, 12, 20)) == "marrakesh-2018"
    assert slug_on(datetime.date(2023, 1, 1)) == "cadiz-2022"
    assert slug_on(datetime.date(2026, 3, 11)) == "cadiz-2022"


def test_before_2018_an_earlier_plan_is_in_force_not_marrakesh(reference_frameworks):
    # The tagging queue's rule answered Marrakesh for any date before Cádiz; the plan in force
    # in 2015 is the Rome Programme (2015-2017), in mid-2014 the Dakar Strategy (2012-2014).
    assert slug_on(datetime.date(2015, 6, 15)) == "rome-2014"
    assert slug_on(datetime.date(2014, 6, 26)) == "dakar-2011"
    assert slug_on(datetime.date(2006, 7, 9)) is None  # before the first plan
    # Among the plans whose items are known (the Dakar Strategy and the Rome Programme have
    # theirs since issue 14; the Paris programme of 2009-2011 has none).
    assert slug_on(datetime.date(2015, 6, 15), itemised=True) == "rome-2014"
    assert slug_on(datetime.date(2014, 6, 26), itemised=True) == "dakar-2011"
    assert slug_on(datetime.date(2010, 6, 1), itemised=True) is None
    assert slug_on(datetime.date(2021, 3, 10), itemised=True) == "marrakesh-2018"


def test_other_kinds_of_framework_are_never_the_plan_in_force(reference_frameworks):
    # The JVAP (2015) and the GCM (December 2018) are frameworks the partners follow, not
    # action plans of the Dialogue.
    assert slug_on(datetime.date(2019, 1, 10)) == "marrakesh-2018"
    assert slug_on(datetime.date(2016, 1, 10)) == "rome-2014"


def test_a_new_plan_takes_over_as_data_without_code():
    FrameworkFactory(slug="first", adopted_date=datetime.date(2018, 5, 2), period_start=2018)
    FrameworkFactory(
        slug="next", adopted_date=datetime.date(2027, 11, 20), period_start=2028, period_end=2032
    )
    FrameworkFactory(
        slug="compact", kind=FrameworkKind.GLOBAL_COMPACT, adopted_date=datetime.date(2030, 1, 1)
    )
    assert slug_on(datetime.date(2027, 12, 1)) == "first"
    assert slug_on(datetime.date(2028, 1, 1)) == "next"
    assert slug_on(datetime.date(2031, 1, 1)) == "next"
    # Only "first" has items: the rule among itemised plans keeps it.
    FrameworkItemFactory(framework=FrameworkFactory(slug="first"))
    assert slug_on(datetime.date(2031, 1, 1), itemised=True) == "first"


def test_a_plan_takes_effect_on_its_adoption_or_the_start_of_its_period_whichever_is_later():
    adopted_late = FrameworkFactory.build(
        adopted_date=datetime.date(2014, 11, 27), period_start=2014
    )
    assert takes_effect(adopted_late) == datetime.date(2014, 11, 27)
    no_period = FrameworkFactory.build(adopted_date=datetime.date(2006, 7, 10), period_start=None)
    assert takes_effect(no_period) == datetime.date(2006, 7, 10)
    no_adoption = FrameworkFactory.build(adopted_date=None, period_start=2023)
    assert takes_effect(no_adoption) == datetime.date(2023, 1, 1)
    assert takes_effect(FrameworkFactory.build(adopted_date=None, period_start=None)) is None
