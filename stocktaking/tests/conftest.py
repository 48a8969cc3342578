"""A small Marrakesh stocktaking: one meeting and three documents in 2018-2022, one outside."""

import datetime
from dataclasses import dataclass

import pytest

from documents.tests.factories import DocumentFactory
from frameworks.tests.factories import build_plans
from meetings.tests.factories import MeetingFactory, MeetingRoleFactory, RecommendationFactory
from partners.tests.factories import CountryFactory


@dataclass
class Stock:
    plans: object
    senegal: object
    morocco: object
    meeting: object
    old_meeting: object
    public_doc: object
    partners_doc: object
    undated_doc: object
    recommendation: object


@pytest.fixture
def stock(db):
    """Marrakesh D3 (O5 -> A10, A11; O6 -> A12) and D4 (O7 -> A13), with, in 2018-2022:

    * the Dakar meeting of 2019 (co-chaired by Morocco) linked to O5 and A11, with one
      recommendation;
    * a public document of 2020 linked to A11, a partners-only document of 2021 linked to A13,
      and an undated document of the Dakar meeting linked to D3;
    * and a 2016 meeting linked to A12, outside the period.
    """
    plans = build_plans()
    senegal = CountryFactory(iso2="SN", name_en="Senegal", name_fr="Sénégal")
    morocco = CountryFactory(iso2="MA", name_en="Morocco", name_fr="Maroc")
    meeting = MeetingFactory(
        slug="2019-03-dakar-thematic-meeting",
        title_en="Thematic meeting on asylum",
        title_fr="Réunion thématique sur l’asile",
        start_date=datetime.date(2019, 3, 12),
        city="Dakar",
        country=senegal,
        framework_items=[plans["marrakesh-2018/O5"], plans["marrakesh-2018/A11"]],
    )
    MeetingRoleFactory(meeting=meeting, country=morocco)
    old_meeting = MeetingFactory(
        slug="2016-05-lome-thematic-meeting",
        title_en="Thematic meeting of 2016",
        title_fr="Réunion thématique de 2016",
        start_date=datetime.date(2016, 5, 3),
        city="Lomé",
        framework_items=[plans["marrakesh-2018/A12"]],
    )
    public_doc = DocumentFactory(
        slug="asylum-debates",
        title_en="Summary of debates on asylum",
        title_fr="Synthèse des débats sur l’asile",
        date=datetime.date(2020, 6, 1),
        framework_items=[plans["marrakesh-2018/A11"]],
        countries=[senegal],
    )
    partners_doc = DocumentFactory(
        slug="smuggling-note",
        title_en="Confidential note on smuggling",
        title_fr="Note confidentielle sur le trafic",
        date=datetime.date(2021, 2, 2),
        partners_only=True,
        framework_items=[plans["marrakesh-2018/A13"]],
    )
    undated_doc = DocumentFactory(
        slug="dakar-agenda",
        title_en="Agenda of the Dakar meeting",
        title_fr="Ordre du jour de la réunion de Dakar",
        date=None,
        meeting=meeting,
        framework_items=[plans["marrakesh-2018/D3"]],
    )
    recommendation = RecommendationFactory(
        meeting=meeting,
        number="1",
        text_en="Create a network of asylum contact points.",
        text_fr="Créer un réseau de points de contact sur l’asile.",
    )
    return Stock(
        plans,
        senegal,
        morocco,
        meeting,
        old_meeting,
        public_doc,
        partners_doc,
        undated_doc,
        recommendation,
    )
