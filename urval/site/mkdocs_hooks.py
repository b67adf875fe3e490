"""The only mkdocs hooks: hand each finished page to our own code (no logic lives here)."""

from __future__ import annotations

from typing import Any

from mkdocs.exceptions import PluginError

from urval.catalog.invisible import escape_invisible
from urval.messages import say
from urval.site.csp import UnsafePage, with_csp
from urval.site.render import shown_date


def _with_csp(output: str, page_name: str) -> str:
    try:
        return with_csp(output)
    except UnsafePage as unsafe:
        raise PluginError(say("build_unsafe_page", page=page_name, what=escape_invisible(unsafe.what))) from None


def on_post_page(output: str, page: Any, config: Any) -> str:
    if page.meta.get("urval_shell"):
        return output  # a shell: the page made from it gets its policy (urval/site/direct.py)
    return _with_csp(output, str(page.file.dest_uri))


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    """Static templates (the 404 page) get the same policy as every page."""
    if not template_name.endswith(".html"):
        return output_content
    return _with_csp(output_content, template_name)


def on_env(env: Any, config: Any, files: Any) -> Any:
    """The theme writes a page's date as the site writes every date (site_templates/theme/main.html)."""
    env.filters["datum"] = shown_date
    return env
