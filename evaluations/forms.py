"""Forms of the Secretariat's pages and the participant's answer form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting
from meetings.selectors import offer_meetings
from workflows.forms import VersionedFormMixin

from .choices import MAX_LINKS_PER_BATCH, RATING_VALUES, TEXT_ANSWER_MAX, QuestionKind
from .models import EvaluationForm, Question
from .validation import validate_answer


class EvaluationFormForm(VersionedFormMixin, forms.ModelForm):
    meeting = forms.ModelChoiceField(
        label=_("Meeting"), queryset=Meeting.objects.order_by("-start_date", "slug")
    )
    closes_at = forms.DateTimeField(
        label=_("Closes at"),
        help_text=_("After this date and time the links no longer accept answers."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    class Meta:
        model = EvaluationForm
        fields = ["meeting", "title", "intro", "language", "closes_at"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_meetings(self.fields["meeting"])


class QuestionForm(forms.ModelForm):
    choices_text = forms.CharField(
        label=_("Choices (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For single and multiple choice questions only."),
    )

    class Meta:
        model = Question
        fields = ["kind", "text", "help_text", "required"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.choices:
            self.fields["choices_text"].initial = "\n".join(self.instance.choices)

    def clean(self):
        # One choice per line; their rules are the model's (Question.clean), shown here.
        cleaned = super().clean()
        lines = [
            line.strip() for line in cleaned.get("choices_text", "").splitlines() if line.strip()
        ]
        cleaned["choices"] = lines
        self.instance.choices = lines
        return cleaned

    def add_error(self, field, error):
        # The model's "choices" is entered here as "choices_text".
        if hasattr(error, "error_dict") and "choices" in error.error_dict:
            if "choices_text" in self.errors:
                error.error_dict.pop("choices")
            else:
                error.error_dict["choices_text"] = error.error_dict.pop("choices")
            if not error.error_dict:
                return
        super().add_error("choices_text" if field == "choices" else field, error)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "text": data["text"],
            "help_text": data.get("help_text", ""),
            "required": data.get("required", False),
            "choices": data["choices"],
        }


class LinksForm(forms.Form):
    count = forms.IntegerField(
        label=_("Number of anonymous links"),
        min_value=0,
        max_value=MAX_LINKS_PER_BATCH,
        required=False,
        initial=0,
    )
    emails = forms.CharField(
        label=_("Or one link per e-mail address (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "The address is kept only as the link's label, for your mail merge; answers are "
            "never tied to a link."
        ),
    )

    def clean_emails(self):
        lines = [line.strip() for line in self.cleaned_data.get("emails", "").splitlines() if line]
        lines = [line for line in lines if line]
        for line in lines:
            try:
                validate_email(line)
            except ValidationError as error:
                raise ValidationError(
                    _("“%(value)s” is not an e-mail address.") % {"value": line[:100]}
                ) from error
        return list(dict.fromkeys(lines))

    def clean(self):
        cleaned = super().clean()
        count = cleaned.get("count") or 0
        emails = cleaned.get("emails") or []
        if not self.errors and count + len(emails) < 1:
            raise ValidationError(_("Ask for at least one link."))
        if count + len(emails) > MAX_LINKS_PER_BATCH:
            raise ValidationError(
                _("At most %(max)d links at a time.") % {"max": MAX_LINKS_PER_BATCH}
            )
        cleaned["count"] = count
        return cleaned


class AnswerForm(forms.Form):
    """One field per question, named ``q<id>``; values are checked by ``validate_answer``."""

    def __init__(self, questions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"q{question.pk}"] = self._field(question)

    @staticmethod
    def _field(question):
        common = {
            "label": question.text,
            "required": False,  # validate_answer says whether an empty answer is acceptable
            "help_text": question.help_text,
        }
        if question.kind == QuestionKind.RATING:
            return forms.ChoiceField(
                choices=[(str(v), str(v)) for v in RATING_VALUES],
                widget=forms.RadioSelect,
                **common,
            )
        if question.kind == QuestionKind.SINGLE:
            return forms.ChoiceField(
                choices=[(c, c) for c in question.choices], widget=forms.RadioSelect, **common
            )
        if question.kind == QuestionKind.MULTIPLE:
            return forms.MultipleChoiceField(
                choices=[(c, c) for c in question.choices],
                widget=forms.CheckboxSelectMultiple,
                **common,
            )
        # No max_length here: an oversized answer gets validate_answer's explicit message.
        return forms.CharField(
            widget=forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_ANSWER_MAX}),
            strip=True,
            **common,
        )

    def clean(self):
        cleaned = super().clean()
        self.answers = {}
        for question in self.questions:
            name = f"q{question.pk}"
            if name in self.errors:
                continue
            try:
                self.answers[question] = validate_answer(question, cleaned.get(name))
            except ValidationError as error:
                self.add_error(name, error)
        return cleaned

    def rows(self):
        return [(question, self[f"q{question.pk}"]) for question in self.questions]
