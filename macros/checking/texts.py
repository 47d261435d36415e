"""The gate for a template's text templates: each renders, in both languages, for every publication.

A sentence that cannot be worded (a misspelt measure, a fact the publication lacks, a sandbox
refusal) is reported here at the text file and line, so that a build after a passing validation
never fails on prose.
"""

from __future__ import annotations

from macros.checking.content import part3_figures
from macros.model.measures import text_context
from macros.model.publication import Publication
from macros.reading.problems import Problem, problem
from macros.template.text import TextTemplateError, render_text, with_values

LANGUAGE_SUFFIXES = (".zh.j2", ".en.j2")  # files without one are macro libraries, imported by the others


def text_problems(publication: Publication, *, prior: Publication | None) -> list[Problem]:
    template = publication.template
    if template.folder is None:
        return []
    context = with_values(text_context(publication, part3_figures(publication, prior_publication=prior)), title="")
    problems = []
    for name in sorted(template.texts):
        if not name.endswith(LANGUAGE_SUFFIXES):
            continue
        try:
            render_text(template.texts, name, context)
        except TextTemplateError as error:
            problems.append(
                problem(
                    template.text_path(error.template) or template.folder / error.template,
                    "TEXT_TEMPLATE_FAILED",
                    line=error.line or 1,
                    detail=error.reason,
                    publication=f"{publication.year}/{publication.publication_id}",
                )
            )
    return problems
