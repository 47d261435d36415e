"""Entry point of mkdocs-macros-plugin: registers the page macros, and nothing else.

The budget logic lives in the modules beside this one; pages call only the macros below.
"""

from __future__ import annotations

from typing import Any

from mkdocs.exceptions import PluginError

from macros import pages


def define_env(env: Any) -> None:
    """Validate the data first (the build stops on any problem), then offer the page macros."""
    try:
        data = pages.validated_data()
    except pages.DataProblems as error:
        raise PluginError(str(error)) from None
    env.macro(lambda: pages.publication_list(data), "publication_list")
