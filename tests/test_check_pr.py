"""`check-pr` on real git repositories: the example catalogue committed as the base, then the kind
of change a supplier or Adda proposes, judged through the command line as CI runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import copy_example
from urval.catalog.check import check_catalog
from urval.cli import main
from urval.pr.git import Repository

AS_OF = "2025-10-01"
SOLBACKEN = "catalog/suppliers/solbacken-familjevard.yaml"
GRANSKOGEN = "catalog/suppliers/granskogens-vuxenfamiljehem.yaml"
BJORKSTIGEN = "catalog/suppliers/bjorkstigen-familjestod.yaml"
SANCTION = "catalog/sanctions/2024-06-ekdungen-avropsstopp.yaml"
ADDA = "adda-katalog"
NEXT_DATE = "Nästa datum för prisjustering är 2025-12-01."
NEW_PRICE_LIST = """\
  - valid_from: {date}
    areas: {{A: 2410, B: 3240, D: 2440}}
    addons: {{T1: 730, T2: 740, T4: 500}}
"""


def git(repo: Path, *args: str) -> str:
    """Run git isolated from the user's and the system's configuration."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.se", "-c", "commit.gpgsign=false"]
    done = subprocess.run(["git", *identity, *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture(scope="session")
def base_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example catalogue and docs, committed on `main`: the base of every pull request here."""
    repo = tmp_path_factory.mktemp("base") / "repo"
    copy_example(repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Katalogen")
    return repo


@pytest.fixture
def repo(base_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh clone-like copy of the base on a proposal branch, as the working directory."""
    path = tmp_path / "repo"
    shutil.copytree(base_repo, path, symlinks=True)
    git(path, "checkout", "-q", "-b", "forslag")
    monkeypatch.chdir(path)
    monkeypatch.delenv("GITHUB_ACTOR", raising=False)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    return path


def edit(path: str, old: str, new: str) -> None:
    file = Path(path)
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {path}"
    file.write_text(text.replace(old, new), encoding="utf-8")


def append(path: str, text: str) -> None:
    with Path(path).open("a", encoding="utf-8") as file:
        file.write(text)


def where(path: str, needle: str) -> str:
    """`path:line:column` of the first occurrence of `needle` in the file as it is now."""
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return f"{path}:{number}:{line.index(needle) + 1}"
    raise AssertionError(f"{needle!r} not in {path}")


def check_pr(
    capsys: pytest.CaptureFixture[str], author: str | None, *extra: str, as_of: str = AS_OF
) -> tuple[int, str, str]:
    argv = ["check-pr", "--base", "main", "--as-of", as_of, *(["--author", author] if author else []), *extra]
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def problems(out: str) -> list[str]:
    """The problem lines of text output: everything before the count line that ends the list."""
    lines = out.split("\n\n", 1)[0].splitlines()
    return lines[:-1]


def summary(out: str) -> list[str]:
    return out.split("\n\n", 1)[1].splitlines()


# --- a supplier's own, valid change ---------------------------------------------------------


def test_a_suppliers_own_price_change_passes_and_is_summarised(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    append(SOLBACKEN, NEW_PRICE_LIST.format(date="2025-12-01"))
    git(repo, "commit", "-q", "-am", "Nya priser från 2025-12-01")

    code, out, _ = check_pr(capsys, "solbacken-it")

    assert code == 0, out
    assert problems(out) == []
    assert summary(out) == [
        "Sammanfattning för granskaren",
        "Ändringen föreslås av solbacken-it.",
        "Prislistor bedöms per 2025-10-01.",
        "Ändrade utförare:",
        f"  Solbacken Familjevård AB ({SOLBACKEN}): ändrad",
        "    Ändrade fält: Prislistor (prices)",
        "    Prislista från 2025-12-01, jämfört med prislistan från 2024-12-01:",
        "      A: 2 330 → 2 410 kr (+3,4 %)",
        "      B: 3 140 → 3 240 kr (+3,2 %)",
        "      D: 2 370 → 2 440 kr (+3,0 %)",
        "      T1: 710 → 730 kr (+2,8 %)",
        "      T2: 720 → 740 kr (+2,8 %)",
        "      T4: nytt pris 500 kr",
        "      T3: 670 kr tas bort",
        "      Tilläggstjänster som inte längre erbjuds från 2025-12-01: T3. Kontrollera med utföraren att det är"
        " avsiktligt.",
    ]


def test_a_new_list_without_addons_is_a_located_problem_and_the_summary_names_the_addons(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    append(SOLBACKEN, "  - valid_from: 2025-12-01\n    areas: {A: 2410, B: 3240, D: 2440}\n")
    git(repo, "commit", "-q", "-am", "Nya priser utan tilläggstjänster")

    code, out, _ = check_pr(capsys, "solbacken-it")

    assert code == 1
    line = where(SOLBACKEN, "valid_from: 2025-12-01").split(":")[1]
    assert problems(out) == [
        f"{SOLBACKEN}:{line}:5: Prislistan från 2025-12-01 har inga tilläggstjänster, men den förra (från"
        " 2024-12-01) hade T1, T2, T3. Skriv addons: {} om ni inte längre erbjuder några, annars priserna för"
        " de tilläggstjänster ni erbjuder, som i den förra prislistan."
    ]
    assert (
        "      Tilläggstjänster som inte längre erbjuds från 2025-12-01: T1, T2, T3. Kontrollera med utföraren att"
        " det är avsiktligt." in summary(out)
    )


def test_a_new_list_with_empty_addons_withdraws_them_on_purpose(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    append(SOLBACKEN, "  - valid_from: 2025-12-01\n    areas: {A: 2410, B: 3240, D: 2440}\n    addons: {}\n")
    git(repo, "commit", "-q", "-am", "Inga tilläggstjänster längre")

    code, out, _ = check_pr(capsys, "solbacken-it")

    assert code == 0, out
    assert any("inte längre erbjuds från 2025-12-01: T1, T2, T3" in line for line in summary(out))


def test_a_list_not_yet_in_force_may_still_be_edited(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    append(SOLBACKEN, NEW_PRICE_LIST.format(date="2025-12-01"))
    git(repo, "commit", "-q", "-am", "Nya priser")
    git(repo, "branch", "-q", "-f", "main")  # the new list is now part of the base
    edit(SOLBACKEN, "A: 2410", "A: 2395")

    code, out, _ = check_pr(capsys, "solbacken-it")

    assert code == 0, out
    assert summary(out)[6:8] == ["    Prislista från 2025-12-01 ändras:", "      A: 2 410 → 2 395 kr (\u22120,6 %)"]


def test_github_actor_is_the_default_author(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(SOLBACKEN, "city: Uppsala", "city: Enköping")
    monkeypatch.setenv("GITHUB_ACTOR", "solbacken-it")

    code, out, _ = check_pr(capsys, None)

    assert code == 0, out
    assert "Ändringen föreslås av solbacken-it." in summary(out)


def test_logins_are_compared_without_case(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(SOLBACKEN, "city: Uppsala", "city: Enköping")

    code, out, _ = check_pr(capsys, "Solbacken-IT")

    assert code == 0, out


# --- who may change what --------------------------------------------------------------------


NOT_MAINTAINER = (
    "Kontot {author} får inte ändra den här utförarens uppgifter. Bara kontona i filens maintainers "
    "(solbacken-it) och Addas konton får ändra filen. Be någon av dem göra ändringen eller lägga till ert "
    "konto i maintainers."
)


def test_a_change_by_a_non_maintainer_fails(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(SOLBACKEN, '"018-10 24 60"', '"018-99 99 99"')

    code, out, _ = check_pr(capsys, "nordanvind-ab")

    assert code == 1
    line = where(SOLBACKEN, "phone:").rsplit(":", 1)[0]
    assert problems(out) == [f"{line}:1: " + NOT_MAINTAINER.format(author="nordanvind-ab")]


def test_a_supplier_cannot_make_itself_a_maintainer(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(SOLBACKEN, "maintainers: [solbacken-it]", "maintainers: [solbacken-it, nordanvind-ab]")

    code, out, _ = check_pr(capsys, "nordanvind-ab")

    assert code == 1
    line = where(SOLBACKEN, "maintainers:").rsplit(":", 1)[0]
    assert problems(out) == [f"{line}:1: " + NOT_MAINTAINER.format(author="nordanvind-ab")]


def test_a_supplier_touching_a_sanction_fails(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(SANCTION, "until: 2024-09-01", "until: 2024-06-02")
    git(repo, "commit", "-q", "-am", "Kortare avropsstopp")

    code, out, _ = check_pr(capsys, "ekdungen")

    assert code == 1
    line = where(SANCTION, "until:").rsplit(":", 1)[0]
    assert problems(out) == [
        f"{line}:1: Bara Addas konton får ändra sanktionerna. Kontot ekdungen får bara ändra utförarfiler där "
        "kontot står i maintainers. Ta bort ändringen av den här filen ur pull requesten."
    ]
    assert summary(out)[-2:] == ["Andra ändrade filer i katalogen och nyheterna:", f"  {SANCTION}: ändrad"]


NEWS_POST = """\
---
date: 2025-10-01
slug: basta-priserna
title: Vi har bäst priser
categories:
  - Avtalsförvaltning
summary: Solbacken har bäst priser.
---

# Vi har bäst priser
"""


def test_a_supplier_cannot_publish_news(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    news = Path("docs/nyheter/posts/2025-10-01-basta-priserna.md")
    news.write_text(NEWS_POST, encoding="utf-8")

    code, out, _ = check_pr(capsys, "solbacken-it")

    assert code == 1
    assert problems(out) == [
        f"{news.as_posix()}:1:1: Bara Addas konton får ändra nyheterna. Kontot solbacken-it får bara "
        "ändra utförarfiler där kontot står i maintainers. Ta bort ändringen av den här filen ur pull requesten."
    ]
    assert summary(out)[-2:] == ["Andra ändrade filer i katalogen och nyheterna:", f"  {news.as_posix()}: ny"]


def test_a_supplier_cannot_delete_its_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "rm", "-q", BJORKSTIGEN)
    git(repo, "commit", "-q", "-m", "Vi lämnar ramavtalet")

    code, out, _ = check_pr(capsys, "bjorkstigen")

    assert code == 1
    assert problems(out) == [
        f"{BJORKSTIGEN}:1:1: Kontot bjorkstigen får inte ta bort en utförarfil. En utförare tas bort av Adda; "
        "kontakta Adda."
    ]
    assert f"  Björkstigen Familjestöd AB ({BJORKSTIGEN}): borttagen" in summary(out)


def test_a_supplier_cannot_rename_its_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    renamed = "catalog/suppliers/bjorkstigen-ab.yaml"
    git(repo, "mv", BJORKSTIGEN, renamed)

    code, out, _ = check_pr(capsys, "bjorkstigen")

    assert code == 1
    assert (
        f"{renamed}:1:1: Filen har flyttats från {BJORKSTIGEN}. Filnamnet är utförarens id och ändras aldrig; "
        "bara Adda får lägga till och ta bort utförarfiler."
    ) in problems(out)
    assert f"  Björkstigen Familjestöd AB ({renamed}): flyttad från {BJORKSTIGEN}" in summary(out)


def new_supplier(path: str) -> None:
    """A complete, valid supplier file made from an existing one (not yet added to git)."""
    text = Path(BJORKSTIGEN).read_text(encoding="utf-8")
    text = text.replace("id: bjorkstigen-familjestod", "id: nyplanteringen-familjevard")
    text = text.replace("Björkstigen Familjestöd AB", "Nyplanteringen Familjevård AB")
    text = text.replace('"553242-0535"', '"556677-8808"').replace("[bjorkstigen]", "[nyplanteringen]")
    Path(path).write_text(text, encoding="utf-8")


def test_a_supplier_cannot_add_a_supplier_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = "catalog/suppliers/nyplanteringen-familjevard.yaml"
    new_supplier(path)

    code, out, _ = check_pr(capsys, "nyplanteringen")

    assert code == 1
    assert problems(out) == [
        f"{path}:1:1: Kontot nyplanteringen får inte lägga till en utförarfil. Nya utförare läggs till av Adda; "
        "kontakta Adda."
    ]
    assert f"  Nyplanteringen Familjevård AB ({path}): ny" in summary(out)


def test_adda_may_add_suppliers_sanctions_and_edit_any_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new_supplier("catalog/suppliers/nyplanteringen-familjevard.yaml")
    edit(SANCTION, "until: 2024-09-01", "until: 2024-09-15")
    edit(SOLBACKEN, "city: Uppsala", "city: Enköping")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Ny utförare och rättelser")

    code, out, _ = check_pr(capsys, ADDA)

    assert code == 0, out
    assert summary(out) == [
        "Sammanfattning för granskaren",
        "Ändringen föreslås av adda-katalog (Addas konto).",
        "Prislistor bedöms per 2025-10-01.",
        "Ändrade utförare:",
        "  Nyplanteringen Familjevård AB (catalog/suppliers/nyplanteringen-familjevard.yaml): ny",
        "    Prislista från 2021-09-15 (ingen tidigare prislista):",
        "      A: nytt pris 2 140 kr",
        "      D: nytt pris 2 050 kr",
        "      T2: nytt pris 780 kr",
        "      T4: nytt pris 215 kr",
        "      T6: nytt pris 270 kr",
        "    Prislista från 2024-12-01, jämfört med prislistan från 2021-09-15:",
        "      A: 2 140 → 2 250 kr (+5,1 %)",
        "      D: 2 050 → 2 150 kr (+4,9 %)",
        "      T2: 780 → 820 kr (+5,1 %)",
        "      T4: 215 → 220 kr (+2,3 %)",
        "      T6: 270 → 280 kr (+3,7 %)",
        f"  Solbacken Familjevård AB ({SOLBACKEN}): ändrad",
        "    Ändrade fält: Kontakt (contact)",
        "Andra ändrade filer i katalogen och nyheterna:",
        f"  {SANCTION}: ändrad",
    ]


def test_an_account_added_to_the_adda_list_is_not_adda_yet(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit("catalog/accounts.yaml", "adda: [", "adda: [solbacken-it, ")

    code, out, _ = check_pr(capsys, "solbacken-it")

    assert code == 1
    line = where("catalog/accounts.yaml", "adda:").rsplit(":", 1)[0]
    assert problems(out) == [
        f"{line}:1: Bara Addas konton får ändra listan över Addas konton. Kontot solbacken-it får bara ändra "
        "utförarfiler där kontot står i maintainers. Ta bort ändringen av den här filen ur pull requesten."
    ]


def test_the_adda_list_follows_its_schema(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit("catalog/accounts.yaml", "adda: [", "adda: [inte ett konto, ")

    code, out, _ = check_pr(capsys, ADDA)

    assert code == 1
    assert [p.split(": ", 1)[0] for p in problems(out)] == [where("catalog/accounts.yaml", "inte ett konto")]


def test_an_unreadable_adda_list_is_reported(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    append("catalog/accounts.yaml", "adda: [adda-katalog]\n")

    code, out, _ = check_pr(capsys, ADDA)

    assert code == 1
    line = len(Path("catalog/accounts.yaml").read_text(encoding="utf-8").splitlines())
    first = where("catalog/accounts.yaml", "adda:").split(":")[1]
    assert problems(out) == [
        f"catalog/accounts.yaml:{line}:1: Fältet adda står två gånger (första gången på rad {first}). Ta bort det ena."
    ]


def adda_only(path: str, author: str) -> str:
    return (
        f"{path}:1:1: Bara Addas konton får ändra {path}. Kontot {author} får bara ändra utförarfiler där kontot "
        "står i maintainers. Ta bort ändringen av den här filen ur pull requesten."
    )


def test_files_outside_the_catalogue_are_listed_for_the_reviewer(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("README.md").write_text("# Katalogen\n", encoding="utf-8")
    git(repo, "add", "README.md")

    code, out, _ = check_pr(capsys, ADDA)

    assert code == 0, out
    assert summary(out)[-2:] == ["Ändrade filer utanför katalogen (granskas enligt CODEOWNERS):", "  README.md"]


# --- what never changes ---------------------------------------------------------------------


@pytest.mark.parametrize("author", ["solbacken-it", ADDA])
def test_a_renamed_id_fails_even_for_adda(repo: Path, capsys: pytest.CaptureFixture[str], author: str) -> None:
    edit(SOLBACKEN, "id: solbacken-familjevard", "id: solbacken-familjevard-ab")

    code, out, _ = check_pr(capsys, author)

    assert code == 1
    assert problems(out) == [
        f"{where(SOLBACKEN, 'solbacken-familjevard-ab')}: id får aldrig ändras: det var solbacken-familjevard. "
        "Skriv tillbaka solbacken-familjevard. En utförare med nytt id läggs till som en ny fil av Adda."
    ]


@pytest.mark.parametrize("author", ["solbacken-it", ADDA])
def test_a_changed_org_number_fails_even_for_adda(repo: Path, capsys: pytest.CaptureFixture[str], author: str) -> None:
    edit(SOLBACKEN, '"554955-6834"', '"556677-8808"')

    code, out, _ = check_pr(capsys, author)

    assert code == 1
    assert problems(out) == [
        where(SOLBACKEN, '"556677-8808"') + ": Organisationsnumret får aldrig ändras: det var 554955-6834. "
        "Skriv tillbaka 554955-6834. Har verksamheten fått ett nytt organisationsnummer läggs den till som en "
        "ny utförare av Adda."
    ]


# --- prices ---------------------------------------------------------------------------------


def test_an_edit_to_a_price_list_in_force_fails(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(SOLBACKEN, "areas: {A: 2330, B: 3140", "areas: {A: 2390, B: 3140")

    code, out, _ = check_pr(capsys, "solbacken-it")

    assert code == 1
    assert summary(out)[6:8] == ["    Prislista från 2024-12-01 ändras:", "      A: 2 330 → 2 390 kr (+2,6 %)"]
    assert problems(out) == [
        f"{where(SOLBACKEN, '2390')}: Prislistan från 2024-12-01 har redan börjat gälla och får inte ändras: "
        "pågående placeringar bygger på den. Ändra tillbaka och lägg i stället till en ny prislista sist i prices. "
        + NEXT_DATE
    ]


def test_a_price_list_in_force_cannot_be_removed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(
        SOLBACKEN,
        "  - valid_from: 2023-12-01\n    areas: {A: 2250, B: 2990, D: 2300}\n    addons: {T1: 690, T2: 700, T3: 650}\n",
        "",
    )

    code, out, _ = check_pr(capsys, "solbacken-it")

    assert code == 1
    assert problems(out) == [
        f"{where(SOLBACKEN, 'prices:')}: Prislistan från 2023-12-01 har tagits bort, men den har redan börjat "
        "gälla och får aldrig tas bort. Lägg tillbaka den oförändrad."
    ]


def test_a_back_dated_price_list_fails(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    append(GRANSKOGEN, "  - valid_from: 2024-12-01\n    areas: {C: 1950}\n    addons: {T4: 480, T7: 830}\n")

    code, out, _ = check_pr(capsys, "granskogen")

    assert code == 1
    assert problems(out) == [
        f"{where(GRANSKOGEN, '2024-12-01')}: Den nya prislistan börjar gälla 2024-12-01, som inte ligger efter "
        f"2025-10-01. Nya priser kan bara börja gälla på ett kommande datum för prisjustering. {NEXT_DATE}"
    ]


def test_a_price_list_after_the_last_change_date_has_passed_fails(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    append(SOLBACKEN, NEW_PRICE_LIST.format(date="2025-12-01"))

    code, out, _ = check_pr(capsys, "solbacken-it", as_of="2025-12-15")

    assert code == 1
    assert problems(out) == [
        f"{where(SOLBACKEN, '2025-12-01')}: Den nya prislistan börjar gälla 2025-12-01, som inte ligger efter "
        "2025-12-15. Nya priser kan bara börja gälla på ett kommande datum för prisjustering. Ramavtalet har "
        "inget kommande datum för prisjustering, så nya priser kan inte läggas till nu."
    ]


def test_a_price_list_on_a_day_that_is_not_a_price_change_date_fails(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    append(SOLBACKEN, NEW_PRICE_LIST.format(date="2025-11-01"))

    code, out, _ = check_pr(capsys, "solbacken-it")

    assert code == 1
    # One problem: the pull-request rule restates the one `check` gives at the same place.
    assert problems(out) == [
        f"{where(SOLBACKEN, '2025-11-01')}: Den nya prislistan börjar gälla 2025-11-01, som inte är ett datum för "
        f"prisjustering. {NEXT_DATE}"
    ]


def test_check_problems_of_the_new_tree_are_included(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(SOLBACKEN, "city: Uppsala", "stad: Uppsala")

    code, out, _ = check_pr(capsys, "solbacken-it")

    assert code == 1
    from_check = [problem.as_text() for problem in check_catalog(Path("catalog"), today=AS_OF).problems]
    assert [line.split(": ", 1)[0] for line in from_check] == [where(SOLBACKEN, "stad:")]
    assert problems(out) == from_check


# --- output formats -------------------------------------------------------------------------


def test_github_format_annotates_and_keeps_the_summary_inert(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(SOLBACKEN, '"018-10 24 60"', '"018-99 99 99"')
    edit(SOLBACKEN, "name: Solbacken Familjevård AB", "name: '::error::Solbacken'")

    code, out, _ = check_pr(capsys, "nordanvind-ab", "--format", "github")

    assert code == 1
    lines = out.splitlines()
    line = where(SOLBACKEN, "name:").split(":")[1]
    assert lines[0] == (
        f"::error file={SOLBACKEN},line={line},col=1,title=pr-owner::" + NOT_MAINTAINER.format(author="nordanvind-ab")
    )
    assert lines[1].startswith("1 fel i 1 fil (")
    assert lines[2].startswith("::stop-commands::")
    token = lines[2].removeprefix("::stop-commands::")
    assert len(token) == 32
    assert lines[-1] == f"::{token}::"
    assert f"  ::error::Solbacken ({SOLBACKEN}): ändrad" in lines


def test_markdown_format_is_a_pull_request_comment(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    append(SOLBACKEN, NEW_PRICE_LIST.format(date="2025-12-01"))
    edit(SANCTION, "until: 2024-09-01", "until: 2024-06-02")

    code, out, _ = check_pr(capsys, "solbacken-it", "--format", "markdown")

    assert code == 1
    line = where(SANCTION, "until:").split(":")[1]
    assert out.startswith("## Granskning av ändringen\n\n1 fel hittades. Rätta dem och uppdatera pull requesten.\n")
    assert "| Fil | Rad | Fel |\n| --- | ---: | --- |\n" in out
    assert (
        f"| catalog/sanctions/2024-06-ekdungen-avropsstopp.yaml | {line} | Bara Addas konton får ändra "
        "sanktionerna. Kontot solbacken-it får bara ändra utförarfiler där kontot står i maintainers. Ta bort "
        "ändringen av den här filen ur pull requesten. |"
    ) in out
    assert "### Sammanfattning för granskaren" in out
    assert f"- Solbacken Familjevård AB ({SOLBACKEN}): ändrad\n  - Ändrade fält: Prislistor (prices)\n" in out
    assert "| Utförare | Gäller från | Pris | Före | Efter | Ändring |" in out
    assert "| Solbacken Familjevård AB | 2025-12-01 | A | 2 330 kr | 2 410 kr | +3,4 % |" in out
    assert "| Solbacken Familjevård AB | 2025-12-01 | T4 | – | 500 kr | nytt |" in out
    assert "| Solbacken Familjevård AB | 2025-12-01 | T3 | 670 kr | – | tas bort |" in out
    assert "  - Tilläggstjänster som inte längre erbjuds från 2025-12-01: T3." in out


def test_markdown_escapes_what_suppliers_write(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(SOLBACKEN, "name: Solbacken Familjevård AB", "name: 'Solbacken | <b>AB</b> *'")

    code, out, _ = check_pr(capsys, "solbacken-it", "--format", "markdown")

    assert code == 0, out
    assert f"- Solbacken \\| \\<b\\>AB\\</b\\> \\* ({SOLBACKEN}): ändrad" in out


def test_markdown_when_clean(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = check_pr(capsys, "solbacken-it", "--format", "markdown")

    assert code == 0
    assert out.startswith("## Granskning av ändringen\n\nInga fel: ändringen följer katalogens regler.\n")
    assert "Inga filer i katalogen eller bland nyheterna har ändrats." in out


# --- misuse ---------------------------------------------------------------------------------


def test_no_author_is_a_misuse(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = check_pr(capsys, None)

    assert (code, out) == (2, "")
    assert err.strip() == (
        "Det går inte att avgöra vilket konto som har gjort ändringen. Ange kontot med --author KONTO "
        "(i GitHub Actions anges det automatiskt)."
    )


@pytest.mark.parametrize("ref", ["finns-inte", "--output=/tmp/x", ""])
def test_an_unknown_base_is_a_misuse(repo: Path, capsys: pytest.CaptureFixture[str], ref: str) -> None:
    code = main(["check-pr", f"--base={ref}", "--author", ADDA, "--as-of", AS_OF])

    captured = capsys.readouterr()
    assert (code, captured.out) == (2, "")
    assert captured.err.strip() == (
        f"Git-referensen ”{ref}” finns inte. Ange grenen eller versionen som ändringen ska jämföras med, "
        "t.ex. --base origin/main (hämta den först med git fetch)."
    )


def test_outside_a_git_repository_is_a_misuse(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_example(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))

    code, out, err = check_pr(capsys, ADDA)

    assert (code, out) == (2, "")
    assert err.strip() == f"{tmp_path} ligger inte i ett git-arkiv. Kör check-pr i en klon av katalogens arkiv."


def test_a_bad_as_of_date_is_a_misuse(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = check_pr(capsys, ADDA, as_of="2025-02-30")

    assert code == 2
    assert "”2025-02-30” är inget datum. Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2025-10-01." in err


# --- every path belongs to someone ------------------------------------------------------------

# Paths outside the catalogue and the news: each is reported as Adda's, naming the path.
OUTSIDE_PATHS = [
    "urval/pr/rules.py",
    "site_templates/pages/supplier.md.j2",
    "docs/guide/index.md",
    "docs/assets/urval.css",
    "docs/rapporter/2022-05-masskaret-besok.pdf",
    ".github/workflows/pr.yml",
    ".github/CODEOWNERS",
    "Makefile",
    "requirements.txt",
    "requirements.lock",
    "tests/test_check_pr.py",
    "mkdocs.yml",
    "build.py",
    "tools/judge-pr",
]
# The catalogue's and the news' own files: reported as Adda's with the part of the catalogue named.
ADDA_FILES = {
    "catalog/ramavtal.yaml": "ramavtalet",
    "catalog/reference/regions.yaml": "referenslistorna",
    "catalog/schema/supplier.schema.json": "katalogens scheman",
    "catalog/follow_ups/2024-03-solbacken-besok.yaml": "uppföljningarna",
    SANCTION: "sanktionerna",
    "catalog/accounts.yaml": "listan över Addas konton",
    "docs/nyheter/posts/2024-10-15-prisjustering-2024.md": "nyheterna",
}


def touch(path: str) -> None:
    """Change a file (a comment line or plain text at its end), or create it."""
    file = Path(path)
    file.parent.mkdir(parents=True, exist_ok=True)
    ending = "\n# ändrad\n" if file.suffix in (".yaml", ".yml", "") or file.name == "Makefile" else "\n"
    with file.open("a", encoding="utf-8") as stream:
        stream.write(ending)


@pytest.mark.parametrize("path", OUTSIDE_PATHS)
def test_a_supplier_that_changes_code_docs_workflows_or_tests_is_refused(
    repo: Path, capsys: pytest.CaptureFixture[str], path: str
) -> None:
    touch(path)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Bara en liten ändring")

    code, out, _ = check_pr(capsys, "solbacken-it", "--head", "HEAD")

    assert code == 1
    assert problems(out) == [adda_only(path, "solbacken-it")]


@pytest.mark.parametrize("path", sorted(ADDA_FILES))
def test_a_supplier_that_changes_addas_catalogue_files_is_refused(
    repo: Path, capsys: pytest.CaptureFixture[str], path: str
) -> None:
    touch(path)

    code, out, _ = check_pr(capsys, "solbacken-it")

    assert code == 1
    refused = [line.split(":", 3) for line in problems(out) if "Bara Addas konton" in line]
    assert [(file, message) for file, _line, _column, message in refused] == [
        (
            path,
            f" Bara Addas konton får ändra {ADDA_FILES[path]}. Kontot solbacken-it får bara ändra utförarfiler där "
            "kontot står i maintainers. Ta bort ändringen av den här filen ur pull requesten.",
        )
    ]


def test_adda_may_change_code_and_workflows(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for path in OUTSIDE_PATHS:
        touch(path)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Ny kod")

    code, out, _ = check_pr(capsys, ADDA, "--head", "HEAD")

    assert code == 0, out
    assert summary(out)[-len(OUTSIDE_PATHS) :] == [f"  {path}" for path in sorted(OUTSIDE_PATHS)]


# --- only regular files -------------------------------------------------------------------------

SYMLINK = (
    "{path}:1:1: Filen är en symbolisk länk. Arkivet tar bara emot vanliga filer: ersätt länken med en vanlig fil "
    "eller ta bort den ur pull requesten."
)
SECRET = "hemligt-losenord-4711"


def link(path: str, target: str) -> None:
    Path(path).unlink()
    Path(path).symlink_to(target)


@pytest.mark.parametrize("head", [(), ("--head", "HEAD")], ids=["working-tree", "commit"])
def test_a_supplier_that_replaces_its_file_with_a_link_to_a_secret_is_refused_unread(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], head: tuple[str, ...]
) -> None:
    secret = tmp_path / "hemlig.yaml"
    secret.write_text(f"{SECRET}: 1\nname: {SECRET}\n", encoding="utf-8")
    link(SOLBACKEN, str(secret))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Länk")

    code, out, err = check_pr(capsys, "solbacken-it", *head)

    assert code == 1
    assert SYMLINK.format(path=SOLBACKEN) in problems(out)
    assert SECRET not in out + err and str(secret) not in out + err


def test_a_supplier_that_replaces_its_file_with_a_link_to_etc_passwd_is_refused_unread(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link(SOLBACKEN, "/etc/passwd")

    code, out, err = check_pr(capsys, "solbacken-it")

    assert code == 1
    assert SYMLINK.format(path=SOLBACKEN) in problems(out)
    assert "/etc/passwd" not in out + err and "root:" not in out + err


DOCS_PAGE = "docs/tillganglighetsredogorelse.md"


def test_a_supplier_that_links_its_file_to_a_docs_page_is_refused(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link(SOLBACKEN, f"../../{DOCS_PAGE}")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Länk till en sida")

    code, out, _ = check_pr(capsys, "solbacken-it", "--head", "HEAD")

    assert code == 1
    assert SYMLINK.format(path=SOLBACKEN) in problems(out)
    assert "Tillgänglighetsredogörelse" not in out  # the page's text was not read as the supplier's file


def test_a_supplier_that_edits_a_docs_page_through_a_merged_link_is_refused(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link(SOLBACKEN, f"../../{DOCS_PAGE}")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Länken slank igenom")
    git(repo, "branch", "-q", "-f", "main")  # the link is part of the base
    with Path(SOLBACKEN).open("a", encoding="utf-8") as through_the_link:
        through_the_link.write("\nVi har bäst priser.\n")
    git(repo, "commit", "-q", "-am", "Genom länken")

    code, out, _ = check_pr(capsys, "solbacken-it", "--head", "HEAD")

    assert code == 1
    assert adda_only(DOCS_PAGE, "solbacken-it") in problems(out)


def test_a_supplier_that_edits_solbackens_prices_through_a_link_is_refused(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link(GRANSKOGEN, "solbacken-familjevard.yaml")
    edit(GRANSKOGEN, "areas: {A: 2330, B: 3140", "areas: {A: 2930, B: 3140")  # writes Solbacken's file
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Genom länken")

    code, out, _ = check_pr(capsys, "granskogen", "--head", "HEAD")

    assert code == 1
    found = problems(out)
    assert SYMLINK.format(path=GRANSKOGEN) in found
    assert any(line.startswith(f"{SOLBACKEN}:") and "Kontot granskogen får inte ändra" in line for line in found)
    assert any(line.startswith(f"{SOLBACKEN}:") and "Prislistan från 2024-12-01" in line for line in found)


@pytest.mark.parametrize("author", ["solbacken-it", ADDA])
def test_a_submodule_is_refused_even_for_adda(repo: Path, capsys: pytest.CaptureFixture[str], author: str) -> None:
    commit = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "update-index", "--add", "--cacheinfo", f"160000,{commit},catalog/suppliers/undermodul")
    git(repo, "commit", "-q", "-m", "Undermodul")

    code, out, _ = check_pr(capsys, author, "--head", "HEAD")

    assert code == 1
    assert (
        "catalog/suppliers/undermodul:1:1: Sökvägen är en git-undermodul. Arkivet tar bara emot vanliga filer: ta "
        "bort undermodulen ur pull requesten."
    ) in problems(out)


@pytest.mark.parametrize("author", ["solbacken-it", ADDA])
def test_a_catalogue_file_made_executable_is_refused_even_for_adda(
    repo: Path, capsys: pytest.CaptureFixture[str], author: str
) -> None:
    Path(SOLBACKEN).chmod(0o755)
    git(repo, "commit", "-q", "-am", "Körbar")

    code, out, _ = check_pr(capsys, author, "--head", "HEAD")

    assert code == 1
    assert problems(out) == [
        f"{SOLBACKEN}:1:1: Filens läge i git har ändrats från 100644 till 100755. Ändra tillbaka läget, t.ex. med "
        "git update-index --chmod=-x och sökvägen, och uppdatera pull requesten."
    ]


def test_adda_may_make_a_script_executable(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Path("tools").mkdir()
    Path("tools/verktyg").write_text("#!/bin/sh\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Verktyg")
    git(repo, "branch", "-q", "-f", "main")
    Path("tools/verktyg").chmod(0o755)

    code, out, _ = check_pr(capsys, ADDA)

    assert code == 0, out


# --- the reviewer's summary ---------------------------------------------------------------------


def test_a_name_change_stands_first_in_the_summary_as_an_identity_change(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(SOLBACKEN, "name: Solbacken Familjevård AB", "name: Solbacken Omsorg AB")
    edit(SOLBACKEN, "city: Uppsala", "city: Enköping")

    code, out, _ = check_pr(capsys, "solbacken-it")

    assert code == 0, out
    assert summary(out)[:4] == [
        "Sammanfattning för granskaren",
        "Identitetsändring: en utförare byter namn. Kontrollera att det är samma juridiska person "
        "(organisationsnumret ändras inte).",
        f"  {SOLBACKEN}: namnet ändras från ”Solbacken Familjevård AB” till ”Solbacken Omsorg AB”",
        "Ändringen föreslås av solbacken-it.",
    ]
    code, out, _ = check_pr(capsys, "solbacken-it", "--format", "markdown")
    heading = out.index("### Sammanfattning för granskaren")
    assert out[heading:].split("\n")[2:5] == [
        "Identitetsändring: en utförare byter namn. Kontrollera att det är samma juridiska person "
        "(organisationsnumret ändras inte).",
        "",
        f"- {SOLBACKEN}: namnet ändras från ”Solbacken Familjevård AB” till ”Solbacken Omsorg AB”",
    ]


@pytest.mark.parametrize("written", ["2.6e3", "2600.0"])
def test_a_price_written_as_a_float_is_summarised_as_a_change_not_a_removal(
    repo: Path, capsys: pytest.CaptureFixture[str], written: str
) -> None:
    append(SOLBACKEN, NEW_PRICE_LIST.format(date="2025-12-01").replace("A: 2410", f"A: {written}"))

    _, out, _ = check_pr(capsys, "solbacken-it")

    assert "      A: 2 330 → 2 600 kr (+11,6 %)" in summary(out)
    assert not any(line.strip().startswith("A:") and "tas bort" in line for line in summary(out))


def test_a_price_written_as_a_float_in_a_list_in_force_is_summarised_as_a_change(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(SOLBACKEN, "areas: {A: 2330, B: 3140", "areas: {A: 2523.5, B: 3140")

    _, out, _ = check_pr(capsys, "solbacken-it", "--format", "markdown")

    assert "| Solbacken Familjevård AB | 2024-12-01 (ändrad) | A | 2 330 kr | 2 523,5 kr | +8,3 % |" in out


@pytest.mark.parametrize("head", ["HEAD", None], ids=["commit", "working-tree"])
def test_a_link_in_the_judged_tree_is_never_copied_for_the_rules_to_read(
    repo: Path, tmp_path: Path, head: str | None
) -> None:
    link(SOLBACKEN, "/etc/passwd")
    Path("docs/genvag").symlink_to("/etc")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Länkar")
    copy = tmp_path / "copy"

    Repository.open(repo, "main", head).materialise(copy, ["catalog", "docs"])

    assert (copy / GRANSKOGEN).is_file()
    assert not (copy / SOLBACKEN).exists() and not (copy / SOLBACKEN).is_symlink()
    assert not (copy / "docs" / "genvag").exists()
    assert not any(path.is_symlink() for path in copy.rglob("*"))
