from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    SUMMARY_OF_DEBATES = "summary_of_debates", _("Summary of debates")
    CONCLUSIONS = "conclusions", _("Conclusions")
    AGENDA = "agenda", _("Agenda")
    CONCEPT_NOTE = "concept_note", _("Concept note")
    PRESENTATION = "presentation", _("Presentation")
    PUBLICATION = "publication", _("Publication")
    INFOGRAPHIC = "infographic", _("Infographic")
    REPORT = "report", _("Report")
    OTHER = "other", _("Other")


class Language(models.TextChoices):
    EN = "en", _("English")
    FR = "fr", _("French")
    ES = "es", _("Spanish")
    PT = "pt", _("Portuguese")


# File types a document may have, by extension, with the content type it is served with.
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
}
