"""The meeting facts a reader of a web page checks first, one named rule per test.

Each test is a short text written the way the Dialogue's pages and the press write (official
and French names of meetings, joint meetings, handovers, announcements, places and dates that
are not the meeting's), so that a rule that breaks on real pages fails here by name. The
figures on the whole web corpus are in test_extract_quality.py (``make eval-extract``).
"""

from __future__ import annotations

import pytest

from knowledge.extract import extract
from knowledge.parsing import parse_plain_text


def run(text: str) -> dict:
    return extract(parse_plain_text(text))


def meeting(text: str) -> dict:
    result = run(text)
    assert result["meeting"] is not None, "no meeting found"
    return result["meeting"]


# -- the kind of meeting ------------------------------------------------------------------


def test_reunion_des_fonctionnaires_de_haut_niveau_is_a_senior_officials_meeting():
    found = meeting(
        "Deux jours de travaux ont pris fin à Bruxelles pour la Réunion des fonctionnaires de "
        "haut niveau du Processus de Rabat. La rencontre devait ouvrir la voie à la Conférence "
        "ministérielle prévue en 2018."
    )
    assert found["kind"] == "senior_officials_meeting"


def test_reunion_thematique_is_a_thematic_meeting():
    found = meeting(
        "Madrid accueillera les 12 et 13 mai 2022 une réunion thématique de haut niveau du "
        "Processus de Rabat consacrée à la migration et au développement."
    )
    assert found["kind"] == "thematic_meeting"


def test_a_kind_in_the_plural_describes_the_process_not_this_meeting():
    found = meeting(
        "At the political level the Khartoum Process holds Senior Officials' Meetings and "
        "Steering Committee Meetings; at the technical level it runs Thematic Meetings.\n\n"
        "The Secretariat organised the third webinar of the series, which took place on "
        "26 May 2021."
    )
    assert found["kind"] == "webinar"


def test_the_preparatory_meeting_is_the_meeting_not_the_conference_it_prepares():
    found = meeting(
        "4th Prague Process Ministerial Conference: first preparatory Senior Officials´ "
        "Meeting held\n\nThe annual Senior Officials’ Meeting was held online on 22 November "
        "2021."
    )
    assert found["kind"] == "senior_officials_meeting"


def test_a_chairmanship_handover_is_the_meeting_it_happened_at():
    found = meeting(
        "The Kingdom of Belgium took over the Chairmanship of the Rabat Process from Mali at the "
        "meeting of the Rabat Process Steering Committee on 21 March 2017."
    )
    assert (found["kind"], found["start_date"]) == ("steering_committee", "2017-03-21")
    assert found["city"] is None  # "Rabat" is the Process's name, not the venue


def test_the_dialogues_long_name_names_a_ministerial_conference():
    result = run(
        "Migration et développement à Dakar\n\n"
        "Jeannette Bougrab représentait la France lors de cette 3e conférence Euro-Africaine "
        "consacrée à la migration et au développement."
    )
    assert result["meeting"]["kind"] == "ministerial_conference"
    assert result["meeting"]["processes"] == ["rabat"]


def test_a_meeting_whose_kind_has_no_name_is_other():
    found = meeting(
        "Le ministre a ouvert le jeudi 27 septembre 2018 à Ouagadougou la réunion de "
        "concertation consacrée au processus de Rabat."
    )
    assert found["kind"] == "other"
    assert (found["city"], found["country"]) == ("Ouagadougou", "BF")


# -- processes ----------------------------------------------------------------------------


def test_a_joint_meeting_belongs_to_both_processes_and_is_held_where_it_was():
    found = meeting(
        "L'ambassadeur a mené la délégation présente à Lisbonne (Portugal), du 16 au 17 octobre "
        "2024, pour une Réunion conjointe de haut niveau des deux Processus de Khartoum et de "
        "Rabat."
    )
    assert sorted(found["processes"]) == ["khartoum", "rabat"]
    assert (found["city"], found["country"]) == ("Lisbonne", "PT")


def test_a_trilateral_meeting_belongs_to_the_three_dialogues():
    found = meeting(
        "Luxor, 8-9 November 2017. Representatives of the Rabat Process, the Khartoum Process "
        "and the AU-Horn of Africa Initiative met at this trilateral thematic meeting."
    )
    assert found["processes"] == ["rabat", "khartoum", "au-hoai"]


def test_partners_of_another_process_attending_do_not_make_a_meeting_joint():
    found = meeting(
        "Les 19 et 20 octobre 2023, La Haye a accueilli la réunion thématique du Processus de "
        "Rabat. Des représentants des pays partenaires des Processus de Rabat et de Khartoum y "
        "ont assisté."
    )
    assert found["processes"] == ["rabat"]


def test_a_meeting_of_another_process_is_not_a_rabat_process_meeting(reference_plans):
    result = run(
        "Khartoum Process partners gathered on 16 March 2023 in Berlin for the 9th Senior "
        "Officials’ Meeting, on the protection of internally displaced people."
    )
    assert result["meeting"]["processes"] == ["khartoum"]
    assert result["domain"] is None


def test_a_joint_valletta_action_plan_som_is_joint_and_serves_no_rabat_domain(reference_plans):
    result = run(
        "Addis-Abeba (Éthiopie), 14 et 15 novembre 2018 : Réunion des Fonctionnaires de Haut "
        "Niveau (SOM) du Plan d'Action Conjoint de La Valette (PACV)"
    )
    assert sorted(result["meeting"]["processes"]) == ["khartoum", "rabat"]
    assert result["domain"] is None


# -- places -------------------------------------------------------------------------------


def test_initially_to_be_held_in_is_not_the_place():
    found = meeting(
        "Webinar on mainstreaming migration into development policies – April 19, 2021\n\n"
        "- Initially to be held in Paris (impact COVID-19)\n"
        "- Organised by the French Ministry of Europe and Foreign Affairs"
    )
    assert (found["city"], found["country"], found["format"]) == (None, None, "virtual")


def test_a_city_inside_a_process_name_is_not_the_place():
    found = meeting(
        "La présidence du processus de Rabat passera mercredi de la Belgique au Burkina Faso, "
        "à l'occasion de la 5ème conférence ministérielle organisée à Marrakech (sud du Maroc)."
    )
    assert (found["city"], found["country"]) == ("Marrakech", "MA")


def test_a_city_inside_a_declarations_name_is_not_the_place():
    found = meeting(
        "Ministers endorsed the Cairo Declaration as the Second Ministerial Meeting of the "
        "Khartoum Process came to a close on Wednesday."
    )
    assert (found["city"], found["start_date"]) == (None, None)


def test_the_place_of_an_earlier_conference_quoted_is_not_the_venue():
    found = meeting(
        "On 15 and 16 June 2015, the Thematic Meeting on Asylum was held under the Rabat "
        "Process. It echoed the Ministerial Conference held in Rome in November 2014."
    )
    assert (found["city"], found["country"]) == (None, None)


def test_a_later_meeting_elsewhere_is_not_the_venue_of_a_virtual_roundtable():
    found = meeting(
        "Le 7 juillet 2021 aura lieu une table ronde virtuelle du Processus de Rabat.\n\n"
        "Cette table ronde ouvre un cycle de trois rendez-vous ; le deuxième, en octobre à "
        "Genève, combinera table ronde et visite d'étude."
    )
    assert (found["city"], found["country"], found["format"]) == (None, None, "virtual")


def test_a_host_city_with_participants_online_is_a_hybrid_meeting():
    found = meeting(
        "Les 19 et 20 octobre 2023, La Haye a accueilli la réunion thématique : une centaine de "
        "participants y ont assisté, tandis que beaucoup d'autres se sont connectés en ligne."
    )
    assert (found["city"], found["format"]) == ("La Haye", "hybrid")


def test_a_word_that_is_no_format_does_not_make_a_meeting_hybrid():
    found = meeting(
        "Gathered on 24 - 25 October 2022 for the Fourth Ministerial Conference, ministers met "
        "in Prague. Hybrid warfare and climate change bring further threats."
    )
    assert found["format"] is None


# -- dates --------------------------------------------------------------------------------


def test_a_weekday_without_a_date_is_not_a_date():
    found = meeting(
        "Mercredi, les délégations ont approuvé à Dakar une nouvelle stratégie lors de la "
        "conférence ministérielle."
    )
    assert (found["start_date"], found["end_date"]) == (None, None)


def test_a_year_left_out_stays_null():
    found = meeting("La réunion thématique se tiendra le 16 mars à Rabat.")
    assert found["start_date"] is None


def test_the_date_of_a_quoted_declaration_is_not_the_meetings_date():
    found = meeting(
        "Following up the Niamey Declaration of 16 March 2018, the regional conference was "
        "held on 18 and 19 June 2018 in Niamey."
    )
    assert (found["start_date"], found["end_date"]) == ("2018-06-18", "2018-06-19")


def test_two_full_dates_joined_by_until_are_one_meeting():
    found = meeting(
        "Prague Process Senior Officials' Meeting\n\nLocation: Cracow, Poland\n\n"
        "Wednesday, 15 June 2016 (9:00) until Thursday, 16 June 2016 (14:00)"
    )
    assert (found["start_date"], found["end_date"]) == ("2016-06-15", "2016-06-16")


def test_the_ordinal_of_the_month_is_a_date():
    found = meeting(
        "The Khartoum Process held its Senior Officials’ Meeting on the 5th of March 2020."
    )
    assert found["start_date"] == "2020-03-05"


# -- the domain of the plan in force ------------------------------------------------------


def test_a_domain_stated_in_the_text_is_the_domain_served(reference_plans):
    result = run(
        "Le 7 juillet 2021 aura lieu, dans le cadre du Processus de Rabat, une table ronde "
        "virtuelle consacrée à la protection internationale et à l'asile (Domaine 3 du Plan "
        "d'action de Marrakech)."
    )
    assert result["domain"] == "marrakesh-2018/D3"


def test_an_action_cited_gives_its_domain(reference_plans):
    result = run(
        '"Rabat Process" Labelled Webinar\n\nWebinar on migration and development – April 19, '
        "2021\n\n- Echoing Action 5 of the Marrakesh Political Declaration and Action Plan"
    )
    assert result["domain"] == "marrakesh-2018/D1"


def test_the_subject_of_the_meeting_gives_the_domain_of_the_plan_in_force(reference_plans):
    before = run(
        "Lisbonne, du 16 au 17 octobre 2021 : réunion thématique du Processus de Rabat "
        "consacrée à la mobilité des compétences et à la migration de travail."
    )
    after = run(
        "Lisbonne, du 16 au 17 octobre 2024 : réunion thématique du Processus de Rabat "
        "consacrée à la mobilité des compétences et à la migration de travail."
    )
    assert (before["domain"], after["domain"]) == ("marrakesh-2018/D2", "cadiz-2022/D2")


def test_no_domain_before_the_first_plan_with_domains(reference_plans):
    result = run(
        "On 15 and 16 June 2015, Rabat hosted the Rabat Process Thematic Meeting on Asylum "
        "and International Protection."
    )
    assert result["meeting"]["kind"] == "thematic_meeting"
    assert result["domain"] is None


def test_a_senior_officials_meeting_serves_the_whole_plan_not_one_domain(reference_plans):
    result = run(
        "The Rabat Process Senior Officials' Meeting took place on 17 and 18 November 2021 in "
        "Malabo. Partners discussed Domain 3 of the Marrakesh Action Plan."
    )
    assert result["domain"] is None


def test_another_meeting_quoted_gives_no_subject(reference_plans):
    result = run(
        "Le ministre a ouvert le jeudi 27 septembre 2018 à Ouagadougou la réunion de "
        "concertation consacrée au processus de Rabat. Lors de la conférence euro-africaine sur "
        "la migration et le développement, qui s'est tenue à Marrakech le 02 mai 2018, le "
        "Burkina Faso s'est vu confier la présidence."
    )
    assert result["meeting"]["start_date"] == "2018-09-27"
    assert result["domain"] is None


# -- the kind of document -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "Migration et développement à Dakar\n\nUne soixantaine de pays ont envoyé leurs "
            "représentants à Dakar. Mercredi, les délégations ont approuvé une stratégie.",
            "other",
        ),
        (
            "Thematic meeting on migrants in a crisis context\n\nThe example of the PF3MD\n\n"
            "- supporting the potential of migrant solidarity\n\nThank you for your attention",
            "presentation",
        ),
        (
            "Senior Officials’ Meeting of the Khartoum Process – The Hague, 5th March 2020 "
            "Chair’s Summary The Netherlands hosted and chaired the SOM. It reviewed the plan.",
            "summary_of_debates",
        ),
        (
            "Le 7 juillet 2021 aura lieu une table ronde virtuelle. Le deuxième rendez-vous "
            "combinera table ronde et visite d'étude.",
            "other",
        ),
    ],
    ids=["press-article", "slide-deck", "chairs-summary", "visite-d-etude-is-no-study"],
)
def test_the_document_kind_is_never_empty(text, kind):
    assert run(text)["document_kind"] == kind
