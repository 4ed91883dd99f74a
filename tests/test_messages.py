"""The message catalogues (letter_templates/locales/*.yaml), French typography and fr-CA documents."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
from jinja2 import nodes

import advocate
from advocate import locales, messages
from advocate.errors import DefinitionError, TemplateRenderError
from advocate.templates import load_template, template_names
from advocate.templating import environment
from conftest import NOW, build_file_tree, example_answers, run_cli

NBSP, NNBSP = "\u00a0", "\u202f"
BUILT_IN = sorted(template_names())
LANGUAGES = messages.catalogue_names()
# keys the code looks up itself (templating._greeting, messages.page_words, plain_text)
# the types whose every fixed word comes from the catalogue (a type added later may not, yet)
IN_CATALOGUE = ("briefing-note", "budget-submission", "community-survey", "deputation-letter",
                "intake-tally", "meeting-agenda", "meeting-invitation", "minister-letter", "motion",
                "sign-on-letter", "speaking-script", "story-consent", "thank-you-letter")  # fmt: skip
CODE_KEYS = {"common.page_of", "common.answer_yes", "common.answer_no", "common.and"}


def used_keys(doctype: str) -> set[str]:
    """Every catalogue key a template's body names in a t() call.

    A key built as ``"prefix" ~ value`` stands for the prefix followed by each choice of the
    question the value comes from (the agenda's item kinds).
    """
    template = load_template(doctype)
    tree = environment().parse(template.body)
    keys: set[str] = set()
    for call in tree.find_all(nodes.Call):
        if not isinstance(call.node, nodes.Name) or call.node.name != "t":
            continue
        keys |= _keys_of(call.args[0], template)
    return keys


def _keys_of(node: nodes.Node | None, template) -> set[str]:
    if isinstance(node, nodes.Const):
        return {node.value}
    if isinstance(node, nodes.CondExpr):
        return _keys_of(node.expr1, template) | _keys_of(node.expr2, template)
    if isinstance(node, nodes.Name):  # a key set earlier with {% set name = "..." %}
        return _set_keys(template.body, node.name)
    if isinstance(node, nodes.Concat) and isinstance(node.nodes[0], nodes.Const):
        prefix = node.nodes[0].value
        field = node.nodes[1]
        if isinstance(field, nodes.Name):  # {% for use in uses %}: the choices of 'uses'
            loop = re.search(rf"for {field.name} in (\w+)", template.body)
            assert loop, f"a built key ends with a loop variable: no loop over '{field.name}'"
            choices = {
                choice.value
                for question in template.questions
                if question.id == loop.group(1)
                for choice in question.choices
            }
            name = loop.group(1)
        else:
            assert isinstance(field, nodes.Getattr), "a built key ends with record.field"
            choices = {
                choice.value
                for question in template.questions
                for sub in question.fields
                if sub.id == field.attr
                for choice in sub.choices
            }
            name = field.attr
        assert choices, f"no choice question '{name}' for the key {prefix!r} ~ ..."
        return {prefix + value for value in choices}
    pytest.fail(f"cannot tell which key {node} names")


def _set_keys(body: str, name: str) -> set[str]:
    return set(re.findall(rf'set {name} = "([\w.]+)"', body))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalogue_has_the_same_keys_as_english(language: str) -> None:
    english = set(messages.load_catalogue("en").messages)
    other = set(messages.load_catalogue(language).messages)
    assert not english - other, f"missing in {language}.yaml: {sorted(english - other)}"
    assert not other - english, f"not in en.yaml: {sorted(other - english)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_placeholder_of_a_message_is_one_english_gives(language: str) -> None:
    english = messages.load_catalogue("en").messages
    for key, message in messages.load_catalogue(language).messages.items():
        names = set(re.findall(r"\{(\w*)\}", message))
        assert names <= set(re.findall(r"\{(\w*)\}", english[key])), key


@pytest.mark.parametrize("doctype", BUILT_IN)
def test_every_key_a_template_uses_is_in_the_catalogue(doctype: str) -> None:
    keys = used_keys(doctype)
    assert keys or doctype not in IN_CATALOGUE, f"{doctype} takes no words from the catalogue"
    english = messages.load_catalogue("en").messages
    assert not keys - set(english), sorted(keys - set(english))


def test_the_code_s_own_keys_and_the_greetings_are_in_the_catalogue() -> None:
    english = messages.load_catalogue("en").messages
    assert set(english) >= CODE_KEYS
    assert {
        f"greeting.{k}" for k in ("named", "titled", "titled_feminine", "titled_masculine")
    } <= set(english)


def test_a_template_naming_an_unknown_key_fails_with_the_key_and_its_line(tmp_path: Path) -> None:
    path = tmp_path / "odd.md.j2"
    path.write_text("---\ntitle: Odd\n---\n# Odd\n\n{{ t('common.nothing_here') }}\n")
    with pytest.raises(TemplateRenderError) as caught:
        advocate.draft(str(path), {}, out_dir=tmp_path, fmt="md", now=NOW)
    assert "common.nothing_here" in str(caught.value) and "en.yaml" in str(caught.value)
    assert caught.value.line == 6


def test_a_message_missing_a_value_names_the_placeholder() -> None:
    with pytest.raises(ValueError, match=r"needs a value for \{committee\}"):
        messages.fill("To the {committee}", {}, "common.distribution")


def test_the_french_example_answers_answer_questions_of_their_type() -> None:
    examples = messages.example_answers("fr")
    assert set(examples) == set(BUILT_IN)
    for doctype, answers in examples.items():
        ids = {question.id for question in load_template(doctype).questions}
        assert not set(answers) - ids, (doctype, sorted(set(answers) - ids))
    assert messages.example_answers("xx") == {}


def test_the_catalogue_is_read_once_per_process() -> None:
    assert messages.load_catalogue("fr") is messages.load_catalogue("fr")
    assert messages.catalogue_for("fr-CA") is messages.catalogue_for("fr")


def test_a_locale_finds_its_catalogue_by_language() -> None:
    assert messages.catalogue_for("fr-CA").language == "fr"
    assert messages.catalogue_for("en-GB").language == "en"
    assert messages.catalogue_for("de-DE").language == "en"  # no German catalogue: English
    assert messages.catalogue_for(None).language == "en"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("language: fr\nmessages: {a: {b: 1}}\n", "messages.a.b"),
        ("language: fr\ntypography: fancy\nmessages: {}\n", "typography"),
        ("language: fr\nmesages: {}\n", "mesages"),
        ("messages: {}\n", "language"),
    ],
)
def test_a_broken_catalogue_names_the_key(text: str, problem: str) -> None:
    with pytest.raises(DefinitionError) as caught:
        messages.parse_catalogue(text, "xx.yaml")
    assert problem in str(caught.value)


# -- typography -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Objet : budget", f"Objet{NBSP}: budget"),
        ("Vraiment ? Oui ! Non ; peut-être", f"Vraiment{NNBSP}? Oui{NNBSP}! Non{NNBSP}; peut-être"),
        ("« le budget »", f"«{NBSP}le budget{NBSP}»"),
        ("https://example.org: note", "https://example.org: note"),  # no space, nothing added
        ("14:30", "14:30"),
        ("", ""),
    ],
)
def test_french_spacing_only_turns_existing_spaces_non_breaking(text: str, expected: str) -> None:
    assert messages.french_spacing(text) == expected
    assert len(messages.french_spacing(text)) == len(text)


def test_french_messages_carry_their_non_breaking_spaces() -> None:
    french = messages.load_catalogue("fr")
    assert french.get("common.from") == f"De{NBSP}:"
    assert french.get("common.quoted") == f"«{NBSP}{{text}}{NBSP}»"
    assert all(" :" not in m and " ?" not in m for m in french.messages.values())


def test_english_has_no_typography() -> None:
    assert messages.answer_typography("en-CA") is None
    assert messages.answer_typography("fr-CA") is messages.french_spacing


@pytest.mark.parametrize(
    ("time", "expected"),
    [
        (dt.time(18, 30), f"18{NBSP}h{NBSP}30"),
        (dt.time(9, 0), f"9{NBSP}h"),
        (dt.time(0, 5), f"0{NBSP}h{NBSP}05"),
    ],
)
def test_canadian_french_times(time: dt.time, expected: str) -> None:
    assert locales.format_time(time, "fr-CA") == expected


# -- documents --------------------------------------------------------------------------------


def draft_text(doctype: str, tmp_path: Path, **answers: object) -> str:
    """A type drafted in fr-CA from the French example answers (English where it has none)."""
    french = messages.example_answers("fr").get(doctype, {})
    values = {**example_answers(doctype), **french, "locale": "fr-CA", **answers}
    text: str = advocate.plan_draft(doctype, values, fmt="md", now=NOW).text
    return text


def test_a_french_deputation_reads_french_with_french_typography(tmp_path: Path) -> None:
    text = draft_text("deputation-letter", tmp_path)
    assert (
        f"**Réunion{NBSP}:** Comité du développement économique et communautaire, jeudi 3 décembre 2026"
        in text
    )
    assert "Mesdames et Messieurs les membres du comité," in text
    assert "Veuillez agréer nos salutations distinguées." in text
    assert "Sincerely" not in text and "Dear" not in text


def test_a_quotation_the_template_adds_gets_guillemets(tmp_path: Path) -> None:
    text = draft_text("deputation-letter", tmp_path, agenda_item_number="")
    title = "Accès aux services municipaux pour tous les résidents"
    assert f"au sujet du point «{NBSP}{title}{NBSP}»" in text


def test_an_answer_s_space_before_a_colon_becomes_non_breaking_and_nothing_else_changes(
    tmp_path: Path,
) -> None:
    summary = "Deux questions : qui paie ? Et quand ?"
    text = draft_text("deputation-letter", tmp_path, issue_summary=summary)
    assert f"Deux questions{NBSP}: qui paie{NNBSP}? Et quand{NNBSP}?" in text
    english = advocate.plan_draft(
        "deputation-letter",
        {**example_answers("deputation-letter"), "issue_summary": summary},
        fmt="md",
        now=NOW,
    ).text
    assert summary in english  # English answers are left exactly as typed


@pytest.mark.parametrize(
    ("gender", "greeting"),
    [
        ("feminine", "Madame la Conseillère,"),
        ("masculine", "Monsieur le Conseiller,"),
        ("unknown", "Madame, Monsieur,"),
    ],
)
def test_a_french_greeting_is_gendered_only_when_the_answer_says_so(
    gender: str, greeting: str, tmp_path: Path
) -> None:
    text = draft_text("thank-you-letter", tmp_path, recipient_gender=gender)
    assert f"\n{greeting}\n" in text


def test_an_unknown_title_in_french_stays_neutral(tmp_path: Path) -> None:
    text = draft_text("thank-you-letter", tmp_path, honorific="Dr.", recipient_gender="feminine")
    assert "\nMadame, Monsieur,\n" in text


def test_a_user_template_may_use_the_catalogue(tmp_path: Path) -> None:
    path = tmp_path / "visit.md.j2"
    path.write_text(
        "---\ntitle: Visit\nquestions:\n  - {id: locale, label: Locale}\n  - {id: who, label: Who}\n"
        "---\n# Visit\n\n{{ t('common.re', subject=who) }}\n\n{{ t('common.sincerely') }}\n",
        encoding="utf-8",
    )
    french = advocate.plan_draft(str(path), {"locale": "fr-CA", "who": "*Lee*"}, fmt="md", now=NOW)
    english = advocate.plan_draft(str(path), {"locale": "en-CA", "who": "*Lee*"}, fmt="md", now=NOW)
    assert f"Objet{NBSP}: \\*Lee\\*" in french.text  # the answer is still escaped
    assert "Re: \\*Lee\\*\n\nSincerely," in english.text


def footer_text(docx: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        xml = archive.read("word/footer1.xml").decode()
    return "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))


def test_the_footer_reads_page_1_de_n_in_french(tmp_path: Path) -> None:
    values = {**example_answers("deputation-letter"), "locale": "fr-CA"}
    french = advocate.draft("deputation-letter", values, output=tmp_path / "fr.docx", now=NOW)
    values["locale"] = "en-CA"
    english = advocate.draft("deputation-letter", values, output=tmp_path / "en.docx", now=NOW)
    assert footer_text(french.output.read_bytes()).endswith("Page 1 de 1")
    assert footer_text(english.output.read_bytes()).endswith("Page 1 of 1")
    assert messages.page_words("en-GB") is None
    assert messages.page_words("fr-CA") == ("Page ", " de ")


def document_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode()
    return "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))


def test_demo_in_french_drafts_every_type_without_english_fixed_text(tmp_path: Path) -> None:
    run_cli("demo", "--locale", "fr-CA", "--out", tmp_path)
    docs = sorted(tmp_path.glob("*.docx"))
    assert len(docs) == len(BUILT_IN)
    assert set(IN_CATALOGUE) <= set(BUILT_IN)
    english = messages.load_catalogue("en").messages
    french = messages.load_catalogue("fr").messages
    # whole English sentences and headings that French writes differently
    telltales = [
        m for k, m in english.items()
        if "{" not in m and m != french[k] and len(m) > 12 and not k.startswith("titles.")
    ]  # fmt: skip
    for doc in docs:
        text = document_text(doc)
        left = [m for m in telltales if m in text]
        assert not left, f"{doc.name} still says {left}"
    answers = sorted(tmp_path.glob("*.answers.yaml"))
    assert all("locale: fr-CA" in path.read_text(encoding="utf-8") for path in answers)


# Per type, a few catalogue keys whose English words must be gone from a fr-CA draft and whose
# French words must be there.
TELLTALE_KEYS = {
    "briefing-note": ("briefing.purpose", "briefing.background", "briefing.recommendation"),
    "budget-submission": ("budget.what_it_buys", "budget.offset", "budget.without_it"),
    "community-survey": ("survey.used", "survey.refused", "survey.prefer_not", "survey.easier",
                         "survey.which_language", "survey.another"),
    "deputation-letter": ("deputation.why", "deputation.request_to_speak", "deputation.thanks"),
    "intake-tally": ("tally.how_to_count", "tally.what_counts", "tally.events_not_people",
                     "tally.by_service", "tally.all_services", "tally.barriers_met",
                     "tally.weeks_label", "tally.counts_only"),
    "meeting-agenda": ("agenda.agenda", "agenda.action_items", "agenda.next_meeting"),
    "meeting-invitation": ("invitation.how_to_reply", "invitation.no_documents"),
    "minister-letter": ("minister.dear", "minister.why", "minister.council_decision"),
    "motion": ("motion.resolved", "motion.who_moves", "motion.rules"),
    "sign-on-letter": ("signon.what_we_ask", "signon.why", "signon.organisation"),
    "speaking-script": ("script.opening", "script.good_evening_committee", "script.the_points",
                        "script.the_ask", "script.closing", "script.thanks",
                        "script.if_they_ask"),
    "story-consent": ("consent.title", "consent.the_story", "consent.where",
                      "consent.use_deputation", "consent.your_name", "consent.name_none",
                      "consent.withdraw", "consent.agree", "consent.name_line",
                      "consent.read_by"),
    "thank-you-letter": ("thanks.what_we_asked", "thanks.what_happened", "thanks.again"),
}  # fmt: skip


def test_every_type_has_telltales() -> None:
    assert set(TELLTALE_KEYS) == set(BUILT_IN)


@pytest.mark.parametrize("doctype", BUILT_IN)
def test_a_french_draft_has_the_french_fixed_words_and_not_the_english(doctype: str) -> None:
    text = draft_text(doctype, Path())
    english = messages.load_catalogue("en").messages
    french = messages.load_catalogue("fr").messages
    for key in TELLTALE_KEYS[doctype]:
        assert english[key] != french[key], key
        assert english[key] not in text, (key, english[key])
        assert french[key] in text, (key, french[key])


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


@pytest.mark.parametrize("doctype", BUILT_IN)
def test_the_french_demo_answers_replace_every_english_sentence(doctype: str) -> None:
    """No English example answer of some length (a sentence, a title) is left in the French demo."""
    text = " ".join(draft_text(doctype, Path()).split())
    french = set(_strings(messages.example_answers("fr")[doctype]))
    english = [
        " ".join(s.split()) for s in _strings(example_answers(doctype))
        if " " in s.strip() and len(s) > 15 and s not in french
    ]  # fmt: skip
    left = [s for s in english if s in text]
    assert not left, left


def test_english_is_the_default_of_the_demo(tmp_path: Path) -> None:
    run_cli("demo", "--out", tmp_path)
    letter = next(tmp_path.glob("deputation-*.docx"))
    assert "Sincerely," in document_text(letter)


def test_a_template_without_a_locale_question_is_drafted_as_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    build_file_tree(
        folder, {"plain.md.j2": "---\ntitle: Plain\n---\n# Plain\n\n{{ t('common.sincerely') }}\n"}
    )
    result = advocate.plan_draft(str(folder / "plain.md.j2"), {}, fmt="md", now=NOW)
    assert "Sincerely," in result.text


@pytest.mark.parametrize("doctype", BUILT_IN)
def test_french_markdown_matches_golden(doctype: str, golden) -> None:
    golden(f"{doctype}.fr-CA.md", draft_text(doctype, Path()))


def test_jinja_is_still_strict_about_unknown_variables(tmp_path: Path) -> None:
    path = tmp_path / "x.md.j2"
    path.write_text("---\ntitle: X\n---\n{{ t('common.re', subject=nothing) }}\n")
    with pytest.raises(TemplateRenderError, match="nothing"):
        advocate.plan_draft(str(path), {}, fmt="md", now=NOW)
