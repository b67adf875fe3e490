"""Only the theme's scripts run: the Content-Security-Policy allows a fixed, reviewed list of
inline scripts, and the build fails, naming the page, on any other inline script, event handler
or `javascript:` URL. `check` refuses the same in news posts, at their line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.conftest import copy_example
from tests.site_support import AS_OF
from urval.cli import main
from urval.site import csp
from urval.site.pipeline import BuildFailed, BuildOptions, build_site, refuse_unsafe_static_files
from urval.site.stages import StageLog

THEME_PAGE = (
    "<html><head><title>t</title></head><body>"
    "<script>" + csp.THEME_SCRIPTS[0].replace("{base}", "../..") + "</script>"
    "<script>" + csp.THEME_SCRIPTS[1] + "</script>"
    '<script id="__config" type="application/json">{"a": 1}</script>'
    '<script src="../../assets/javascripts/bundle.js"></script>'
    "<p>Konsulentstöd, on-line, tonen = hög, JavaScript: krävs</p></body></html>"
)


def news_post(workdir: Path) -> Path:
    return sorted((workdir / "docs" / "nyheter" / "posts").glob("*.md"))[0]


def check_lines(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["check"])
    return code, capsys.readouterr().out.splitlines()


def test_theme_scripts_are_allowed_by_hash() -> None:
    page = csp.with_csp(THEME_PAGE)
    assert page.count("'sha256-") == 2
    assert "'unsafe-inline'" not in page.split("script-src", 1)[1].split(";", 1)[0]


@pytest.mark.parametrize(
    "injected",
    [
        "<script>alert(1)</script>",
        "<SCRIPT>alert(1)</SCRIPT>",
        '<script type="module">alert(1)</script>',
        "<script>" + csp.THEME_SCRIPTS[1] + ";alert(1)</script>",
        '<script>__md_scope=new URL("javascript:alert(1)",location)</script>',
    ],
)
def test_injected_inline_script_fails_the_page(injected: str) -> None:
    with pytest.raises(csp.UnsafePage):
        csp.with_csp(THEME_PAGE.replace("</body>", injected + "</body>"))


@pytest.mark.parametrize(
    "injected",
    [
        '<img src="x" onerror="alert(1)">',
        "<img src=x OnError=alert(1)>",
        '<svg/onload="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href=" java&#9;script:alert(1)">x</a>',
        '<a href="java&Tab;script:alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>',
        '<a href="javascript&colon;alert(1)">x</a>',
        '<iframe src="vbscript:msgbox(1)"></iframe>',
        '<form action="javascript:alert(1)"><button>x</button></form>',
    ],
)
def test_event_handler_or_code_url_fails_the_page(injected: str) -> None:
    with pytest.raises(csp.UnsafePage) as unsafe:
        csp.with_csp(THEME_PAGE.replace("</body>", injected + "</body>"))
    assert "alert" not in unsafe.value.what and "msgbox" not in unsafe.value.what, "a link's target is not echoed"


def test_news_post_with_script_is_refused_by_check_at_its_line(
    catalog: Path, workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    post = news_post(workdir)
    lines_before = post.read_text("utf-8").count("\n")
    post.write_text(post.read_text("utf-8") + "\n<script>alert(1)</script>\n", "utf-8")
    code, lines = check_lines(capsys)
    assert code == 1
    assert f"docs/nyheter/posts/{post.name}:{lines_before + 2}:1: Nyheten innehåller taggen <script>" in "\n".join(
        lines
    )


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        ('<iframe src="https://evil.example"></iframe>', "taggen <iframe>"),
        ('<object data="x.swf"></object>', "taggen <object>"),
        ('<embed src="x.swf">', "taggen <embed>"),
        ('<img src="x.png" onerror="alert(1)">', "attributet onerror="),
        ('<div\n  onmouseover="alert(1)">text</div>', "attributet onmouseover="),
        ("[Läs mer](javascript:alert(1))", "javascript:-länk"),
        ("[Läs mer](JAVA\tSCRIPT:alert(1))", "javascript:-länk"),
        ("[Läs mer](&#106;avascript:alert(1))", "javascript:-länk"),
        ("[mer]: javascript:alert(1)", "javascript:-länk"),
        ("<javascript:alert(1)>", "javascript:-länk"),
        ('<a href="javascript:alert(1)">x</a>', "javascript:-länk"),
    ],
)
def test_news_post_with_markup_that_runs_code_is_refused(
    markdown: str, message: str, catalog: Path, workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    post = news_post(workdir)
    post.write_text(post.read_text("utf-8") + "\n" + markdown + "\n", "utf-8")
    code, lines = check_lines(capsys)
    assert code == 1
    refused = [line for line in lines if line.startswith(f"docs/nyheter/posts/{post.name}:") and message in line]
    assert len(refused) == 1, lines
    assert "alert" not in refused[0]


def test_news_post_that_talks_about_javascript_passes(
    catalog: Path, workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    post = news_post(workdir)
    text = "\nSidan kräver JavaScript: slå på det. Läs [mer](https://example.se/on=1) om konsulentstöd.\n"
    post.write_text(post.read_text("utf-8") + text, "utf-8")
    code, lines = check_lines(capsys)
    assert (code, lines[-1].startswith("Inga fel")) == (0, True), lines


def build(workdir: Path) -> None:
    catalog = workdir / "catalog"
    build_site(BuildOptions(catalog=catalog, out=workdir / "site", as_of=AS_OF), StageLog(out=io.StringIO()))


def test_news_post_with_script_fails_the_build(workdir: Path) -> None:
    copy_example(workdir)
    post = news_post(workdir)
    post.write_text(post.read_text("utf-8") + "\n<script>alert(1)</script>\n", "utf-8")
    with pytest.raises(BuildFailed) as failed:
        build(workdir)
    assert f"docs/nyheter/posts/{post.name}:" in str(failed.value)
    assert not (workdir / "site").exists()


def test_hand_written_page_with_script_fails_the_build_naming_the_page(workdir: Path) -> None:
    """Pages `check` does not read are judged as mkdocs writes them."""
    copy_example(workdir)
    page = workdir / "docs" / "oppna-data.md"
    page.write_text(page.read_text("utf-8") + '\n<img src="x" onerror="alert(1)">\n', "utf-8")
    with pytest.raises(BuildFailed) as failed:
        build(workdir)
    assert "Sidan oppna-data/index.html innehåller kod som inte hör till webbplatsens tema" in str(failed.value)
    assert not (workdir / "site").exists()


def test_report_file_with_script_fails_the_build_naming_the_file(tmp_path: Path) -> None:
    """A report in HTML (or an SVG) is copied as it is, with no policy: it may hold no script at
    all. Judged on the built site, after mkdocs copied it."""
    docs, site = tmp_path / "docs", tmp_path / "site"
    for folder in (docs, site):
        (folder / "rapporter").mkdir(parents=True)
        (folder / "rapporter" / "rapport.html").write_text("<p>Rapport</p><script>alert(1)</script>", "utf-8")
        (folder / "rapporter" / "karta.svg").write_text('<svg onload="alert(1)"></svg>', "utf-8")
        (folder / "rapporter" / "ren.html").write_text("<p>Rapport utan kod</p>", "utf-8")
    with pytest.raises(BuildFailed) as failed:
        refuse_unsafe_static_files(docs, site)
    message = str(failed.value)
    assert "Sidan rapporter/rapport.html innehåller kod" in message
    assert "Sidan rapporter/karta.svg innehåller kod" in message
    assert "ren.html" not in message
