"""People, their organisation, and the countries that took part, as real web pages write them.

Each rule is shown on short sentences in English and French, written the way the Dialogue's
meeting pages, outcome pages and press articles write them (knowledge/tests/corpus/web).
"""

from __future__ import annotations

from knowledge.extract import SCHEMA_KEYS, empty_extraction, extract
from knowledge.parsing import parse_plain_text


def run(text: str) -> dict:
    return extract(parse_plain_text(text))


def people_of(text: str) -> dict[str, dict]:
    return {person["name"]: person for person in run(text)["people"]}


# -- a title written before the name ---------------------------------------------------------


def test_the_minister_of_x_comma_name_in_english():
    people = people_of(
        "The meeting was opened by the Minister of the Interior of Ghana, Kwame Mensah, who "
        "welcomed the delegations."
    )
    assert set(people) == {"Kwame Mensah"}
    assert people["Kwame Mensah"]["title"] == "Minister of the Interior of Ghana"
    assert people["Kwame Mensah"]["country"] == "GH"


def test_le_ministre_comma_name_in_french():
    people = people_of(
        "C'est le message qu'a martelé le ministre des Affaires étrangères sénégalais, Amadou "
        "Diallo, au terme des travaux."
    )
    assert set(people) == {"Amadou Diallo"}
    assert people["Amadou Diallo"]["title"] == "ministre des Affaires étrangères sénégalais"
    assert people["Amadou Diallo"]["country"] == "SN"


def test_a_title_before_the_name_without_a_comma():
    people = people_of(
        "C'est le vice-Premier ministre et ministre de la Coopération de la Belgique Jan Peeters "
        "qui a prononcé l'allocution d'ouverture. Le deuxième jour, l'honorable ministre Grace "
        "Okafor, ministre fédérale des affaires humanitaires du Nigeria, a pris la parole."
    )
    assert set(people) == {"Jan Peeters", "Grace Okafor"}
    assert people["Jan Peeters"]["country"] == "BE"
    assert people["Grace Okafor"]["title"].startswith("ministre fédérale des affaires")
    assert people["Grace Okafor"]["country"] == "NG"


def test_a_title_opening_the_sentence_and_a_counterpart():
    people = people_of(
        "Secrétaire d'Etat à la jeunesse, Claire Morel représentait la France. Le chef de la "
        "diplomatie belge, Didier Renard, transmettra le témoin à son homologue burkinabè, "
        "Alpha Sanou, à Marrakech."
    )
    assert set(people) == {"Claire Morel", "Didier Renard", "Alpha Sanou"}
    assert people["Claire Morel"]["title"] == "Secrétaire d'Etat à la jeunesse"
    assert people["Didier Renard"]["title"] == "chef de la diplomatie belge"
    # "son homologue" says the same function, not a title; the demonym gives the country.
    assert people["Alpha Sanou"]["title"] is None
    assert people["Alpha Sanou"]["country"] == "BF"


def test_a_title_before_an_honorific_and_the_name():
    people = people_of(
        "The Head of the EU Delegation to Niger, Ambassador Denisa-Elena Ionete, opened the "
        "session. Le chef de la délégation de l'Union européenne au Sénégal, l'Ambassadeur Jean "
        "Martin, a ouvert la séance."
    )
    assert people["Denisa-Elena Ionete"]["organisation_id"] == "eu"
    assert people["Denisa-Elena Ionete"]["title"] == "Head"
    assert people["Jean Martin"]["organisation_id"] == "eu"
    assert people["Jean Martin"]["title"].startswith("chef de la délégation")


def test_the_rest_of_the_sentence_is_no_title_and_another_persons_title_no_role():
    people = people_of(
        "According to the Director of the Africa Department, Mr. Jean Dupont, the Commission "
        "will fund the project. Le président de la République, Macky Ba, a reçu mardi le "
        "ministre français de l'Intérieur, Gérald Morin, en visite à Dakar."
    )
    assert people["Jean Dupont"]["title"] == "Director of the Africa Department"
    assert people["Gérald Morin"]["title"] == "ministre français de l'Intérieur"
    assert people["Gérald Morin"]["role"] == "speaker"


# -- "Name, Title" in a list of speakers, and "Name (ORG)" -----------------------------------


def test_speakers_listed_in_one_sentence_each_with_title_and_organisation():
    people = people_of(
        "The meeting began with speeches by Ana Ruiz, Secretary of State for Migration of the "
        "Ministry of Inclusion of Spain, Musa Bello, Minister for Humanitarian Affairs of "
        "Nigeria, Jonas Weber, Deputy Director General for Migration (DG HOME) of the European "
        "Commission and Lena Berg, Senior Coordinator of ICMPD's Support Project to the "
        "EU-Africa Dialogue on Migration."
    )
    assert set(people) == {"Ana Ruiz", "Musa Bello", "Jonas Weber", "Lena Berg"}
    assert people["Ana Ruiz"]["title"] == "Secretary of State for Migration"
    assert people["Ana Ruiz"]["organisation"] == "Ministry of Inclusion of Spain"
    assert people["Musa Bello"]["organisation"] is None
    assert people["Musa Bello"]["country"] == "NG"
    assert people["Jonas Weber"]["organisation_id"] == "eu"
    # "ICMPD's Support Project to the EU-Africa Dialogue": ICMPD's staff, not the EU's.
    assert people["Lena Berg"]["organisation_id"] == "icmpd"


def test_une_liste_d_intervenants_en_francais():
    people = people_of(
        "Chacun a dépêché des représentants : Paul Visser, vice-ministre des affaires "
        "étrangères des Pays-Bas, et Awa Traoré, Ambassadrice du Mali en Belgique."
    )
    assert set(people) == {"Paul Visser", "Awa Traoré"}
    assert people["Paul Visser"]["title"] == "vice-ministre des affaires étrangères des Pays-Bas"
    assert people["Paul Visser"]["country"] == "NL"
    people = people_of(
        "Pour Awa Traoré, Ambassadrice du Mali en Belgique, la migration est un fait."
    )
    assert set(people) == {"Awa Traoré"}
    assert people["Awa Traoré"]["country"] == "ML"


def test_name_followed_by_its_organisation_in_brackets():
    people = people_of(
        "The session heard Johan Berg (UNODC) and Awa Ndiaye (OIM) on cross-border cases."
    )
    assert set(people) == {"Johan Berg", "Awa Ndiaye"}
    assert people["Johan Berg"]["organisation_id"] == "unodc"
    assert people["Awa Ndiaye"]["organisation_id"] == "iom"


# -- surnames in capitals, honorifics, two spellings -----------------------------------------


def test_a_surname_first_in_capitals_goes_last():
    people = people_of(
        "M. DIALLO Mamadou, ministre de la Sécurité du Mali, a présidé la séance. "
        "Mr KONATE Issa, Director of Police of Mali, then presented the plan."
    )
    assert set(people) == {"Mamadou DIALLO", "Issa KONATE"}
    assert people["Issa KONATE"]["country"] == "ML"


def test_honourable_and_son_excellence_are_honorifics():
    people = people_of(
        "Guests were welcomed by Honourable Mary Deng, Deputy Speaker of the Council of "
        "States. C'est l'Ambassadeur S.E.M Aden Omar Hassan qui a mené la délégation."
    )
    assert set(people) == {"Mary Deng", "Aden Omar Hassan"}


def test_a_name_spelt_with_and_without_accents_is_one_person():
    people = people_of(
        "Le ministre de la Santé, Issa Tiendrébéogo, a ouvert la réunion. Durant la cérémonie, "
        "Issa Tiendrebeogo, ministre de la Santé, a expliqué les enjeux."
    )
    assert list(people) == ["Issa Tiendrébéogo"]


# -- people only cited are not participants ---------------------------------------------------


def test_the_minister_someone_represented_is_not_a_participant():
    people = people_of(
        "Secrétaire d'Etat aux affaires européennes, Claire Morel représentait la France ainsi "
        "que son ministre de l'Intérieur, Claude Bernard, lors de la conférence."
    )
    assert set(people) == {"Claire Morel"}
    people = people_of(
        "The Minister of Justice, Anna Holm, opened the meeting, while the closing speech was "
        "delivered on behalf of the Minister of Foreign Affairs, John Carter."
    )
    assert set(people) == {"Anna Holm"}


def test_a_minister_who_came_for_something_else_is_not_a_participant():
    people = people_of(
        "Outre M. Renard, la délégation belge comptera son secrétaire d'Etat à l'Asile, Theo "
        "Maes. Le ministre de l'Intérieur, Jan Peeters, fera lui aussi le déplacement à "
        "Marrakech, mais pour y rencontrer son homologue marocain."
    )
    assert set(people) == {"Theo Maes"}


# -- a person's organisation inside the title phrase ------------------------------------------


def test_a_ministers_portfolio_is_a_title_not_an_organisation():
    people = people_of(
        "At the opening ceremony, Mr Mohamed ISSA, Minister of State, Minister of Interior, "
        "Public Security and Decentralization of the Republic of Niger, opened the conference. "
        "It was chaired by His Excellency Karim Saleh, Minister of Foreign Affairs, Emigration "
        "and Egyptian Expatriates."
    )
    assert people["Mohamed ISSA"]["organisation"] is None
    assert people["Mohamed ISSA"]["title"].startswith("Minister of State, Minister of Interior")
    assert people["Mohamed ISSA"]["country"] == "NE"
    assert people["Karim Saleh"]["organisation"] is None
    assert people["Karim Saleh"]["country"] == "EG"


def test_an_acronym_in_the_title_that_the_text_defines_is_the_organisation():
    people = people_of(
        "In it, Mr Guy Martin, ROCK Technical Advisor, presented the experience of the Regional "
        "Operational Centre in Support of the Khartoum Process (ROCK)."
    )
    assert people["Guy Martin"]["title"] == "ROCK Technical Advisor"
    assert people["Guy Martin"]["organisation"] == (
        "Regional Operational Centre in Support of the Khartoum Process (ROCK)"
    )


def test_an_organisation_named_before_its_acronym_in_brackets():
    people = people_of(
        "Ms. Eva Roth, Programme Director, Programme Migration & Diaspora, German Corporation "
        "for International Cooperation (GIZ), presented the programme."
    )
    assert people["Eva Roth"]["title"] == "Programme Director, Programme Migration & Diaspora"
    assert people["Eva Roth"]["organisation"] == (
        "German Corporation for International Cooperation (GIZ)"
    )


def test_an_association_named_in_quotes_is_the_organisation():
    people = people_of(
        "Mr. Paul Ndiaye, Researcher in development economics, vice-president of the "
        'association "Migrations et Développement", recalled the diaspora\'s role. M. Ali Sow, '
        "chercheur, vice-président de l'association « Jeunes et Migrations », a conclu."
    )
    assert people["Paul Ndiaye"]["organisation"] == "Migrations et Développement"
    assert people["Paul Ndiaye"]["title"] == (
        "Researcher in development economics, vice-president of the association"
    )
    assert people["Ali Sow"]["organisation"] == "Jeunes et Migrations"


def test_a_quotation_run_on_after_the_acronym_is_not_part_of_the_organisation():
    # As a PDF joins a speaker's line and the next quotation.
    people = people_of(
        "Ms. Emilie Roux, Program Manager, Federal Department of Foreign Affairs (FDFA) "
        '"The Migration and Development Association runs ten projects", Mr. Paul Kane, '
        'Head of Unit "Migration and Development", International Organization for Migration '
        "(IOM)"
    )
    assert people["Emilie Roux"]["organisation"] == "Federal Department of Foreign Affairs (FDFA)"
    assert people["Paul Kane"]["organisation_id"] == "iom"


def test_a_countrys_possessive_before_the_ministry_is_not_in_the_title():
    people = people_of(
        "Mr. Yao Kouassi, Director-General of Ivorians Abroad in Côte d'Ivoire's Ministry of "
        "African Integration, said the strategy was adopted."
    )
    assert people["Yao Kouassi"]["title"] == "Director-General of Ivorians Abroad"
    assert people["Yao Kouassi"]["organisation"] == "Ministry of African Integration"


def test_a_french_verb_in_the_past_ends_the_title():
    people = people_of(
        "Le deuxième jour, Marc Dubois, le secrétaire d'Etat à l'Asile et à la Migration a "
        "lancé les échanges interactifs."
    )
    assert people["Marc Dubois"]["title"] == "secrétaire d'Etat à l'Asile et à la Migration"


# -- countries that took part and countries mentioned -----------------------------------------


def test_countries_mentioned_is_part_of_the_schema():
    assert "countries_mentioned" in SCHEMA_KEYS
    assert empty_extraction()["countries_mentioned"] == []


def test_hosts_and_co_chairs_took_part_context_is_mentioned():
    result = run(
        "Addis Ababa, Ethiopia, was the venue on 19-20 February 2025 for the Thematic Meeting on "
        "Return, which Ethiopia and Switzerland co-hosted. The situation in Afghanistan was "
        "discussed, and a study on Norway was presented."
    )
    assert result["countries"] == ["ET", "CH"]
    assert set(result["countries_mentioned"]) == {"AF", "NO"}


def test_co_presidence_took_part_an_earlier_chair_is_mentioned():
    result = run(
        "Coprésidée par l'Egypte et le Portugal, la réunion conjointe s'est tenue à Lisbonne. "
        "Cette présidence, que détenait auparavant le Mali, était revenue à l'Egypte en 2024. "
        "Le Processus a été lancé en 2006 sur l'initiative du Sénégal, du Maroc et de la France."
    )
    assert set(result["countries"]) == {"EG", "PT"}
    assert set(result["countries_mentioned"]) == {"ML", "SN", "MA", "FR"}


def test_a_country_that_speaks_took_part():
    result = run(
        "Thematic meeting, Rabat, Morocco, 10 April 2019.\n\nBurkina Faso, for its part, "
        "recalled its wish to act as reference country. Le Sénégal a présenté sa stratégie "
        "nationale. The crisis in Libya was recalled, and Tunisia has signed agreements with "
        "Mali."
    )
    assert result["meeting"]["country"] == "MA"
    assert result["countries"] == ["MA", "BF", "SN"]
    assert result["countries_mentioned"] == ["LY", "TN", "ML"]


def test_a_role_in_another_dated_event_or_a_future_one_is_a_mention():
    result = run(
        "Senior Officials' Meeting, Malabo, Equatorial Guinea, 17-18 November 2021.\n\n"
        "The two processes met in a Joint Steering Committee, held on 15th December 2020 "
        "virtually, chaired by the Netherlands. The partners thanked Morocco for its intention "
        "to hold the next Chairmanship. The meeting marked the handover of the Chairmanship "
        "to Spain."
    )
    assert result["countries"] == ["GQ", "ES"]
    assert result["countries_mentioned"] == ["NL", "MA"]


def test_a_list_of_delegations_took_part():
    result = run(
        "Held on 18 and 19 June 2018 in Niamey, the conference welcomed delegations from "
        "European and African countries: Chad, Mali, Germany and Italy. The war in Ukraine was "
        "recalled."
    )
    assert {"TD", "ML", "DE", "IT"} <= set(result["countries"])
    assert result["countries_mentioned"] == ["UA"]


def test_a_speakers_own_country_took_part_and_a_delegation_by_its_demonym():
    result = run(
        "Ms Ana Lopes, Minister of Labour of Cabo Verde, opened the meeting. She recalled the "
        "situation of Syrian refugees. L'ambassadeur a conduit la délégation djiboutienne."
    )
    assert set(result["countries"]) == {"CV", "DJ"}
    assert result["countries_mentioned"] == ["SY"]
