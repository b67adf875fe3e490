"""The site runs under its Content-Security-Policy in Chromium with no violation, and the policy
really is enforced (an injected inline script does not run)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Dialog, Page

from tests.browser.conftest import AS_OF, serve
from tests.browser.test_accessibility import PAGES
from tests.conftest import copy_example
from urval.site.pipeline import BuildFailed, BuildOptions, build_site
from urval.site.stages import StageLog

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI);
});
"""


def violations_on(page: Page, url: str) -> list[str]:
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    found: list[str] = page.evaluate("window.__cspViolations")
    return found


@pytest.mark.browser
@pytest.mark.parametrize("path", [*PAGES, "/sok/?q=familjehem"])
def test_every_page_runs_under_the_policy(page: Page, site_url: str, path: str) -> None:
    assert violations_on(page, site_url + path) == []


@pytest.mark.browser
def test_search_works_under_the_policy(page: Page, site_url: str) -> None:
    assert violations_on(page, site_url + "/sok/?q=familjehem") == []
    page.locator(".urval-sok-hit").first.wait_for()


@pytest.mark.browser
def test_the_policy_blocks_injected_inline_script(page: Page, site_url: str) -> None:
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(site_url + "/")
    page.evaluate(
        """() => {
            const script = document.createElement('script');
            script.textContent = 'window.__injected = true;';
            document.body.appendChild(script);
        }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.__injected === undefined")
    assert any(v.startswith("script-src") for v in page.evaluate("window.__cspViolations"))


@pytest.mark.browser
def test_the_404_page_runs_under_the_policy(page: Page, site_url: str) -> None:
    assert violations_on(page, site_url + "/404.html") == []


@pytest.mark.browser
def test_injected_news_post_cannot_run(page: Page, built_site: Path, tmp_path: Path) -> None:
    """A news post with a script is refused by the build; and should a script reach a built page
    anyway (here: written into it afterwards), the policy, which lists only the theme's scripts,
    keeps Chromium from running it. (The old policy hashed every inline script it found.)"""
    copy_example(tmp_path)
    post = sorted((tmp_path / "docs" / "nyheter" / "posts").glob("*.md"))[0]
    post.write_text(post.read_text("utf-8") + "\n<script>window.__ran = true;</script>\n", "utf-8")
    out = tmp_path / "site"
    with pytest.raises(BuildFailed):
        build_site(BuildOptions(catalog=tmp_path / "catalog", out=out, as_of=AS_OF), StageLog(out=io.StringIO()))
    assert not out.exists()

    shutil.copytree(built_site, out)
    news = out / "nyheter" / "nya-priser-1-december-2024" / "index.html"
    html = news.read_text("utf-8")
    assert "Content-Security-Policy" in html
    news.write_text(html.replace("</article>", "<script>window.__ran = true;</script></article>", 1), "utf-8")
    dialogs: list[str] = []

    def record(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    with serve(out) as url:
        found = violations_on(page, url + "/nyheter/nya-priser-1-december-2024/")
        assert page.evaluate("window.__ran === undefined")
    assert any(v.startswith("script-src") for v in found), found
    assert dialogs == []
