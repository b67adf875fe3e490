"""Helpers for tests of the site: a model of a catalogue, and a built site."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from urval.catalog import history
from urval.catalog.check import check_catalog
from urval.model.build import History, build_model
from urval.model.types import Catalogue
from urval.site.pipeline import BuildOptions, build_site
from urval.site.render import news_words
from urval.site.stages import StageLog

AS_OF = dt.date(2025, 6, 1)


def model_of(catalog: Path, as_of: dt.date = AS_OF) -> Catalogue:
    """The model without dates or version from git, so rendered pages are deterministic; with the
    catalogue's path inside the repository (the same in every checkout), for the links to GitHub."""
    result = check_catalog(catalog)
    assert result.catalogue is not None, [p.as_text() for p in result.problems]
    known = History(repository_path=history.repository_path(catalog))
    return build_model(result.catalogue, as_of, known, news_words=news_words())


def build(catalog: Path, out: Path, as_of: dt.date = AS_OF) -> Catalogue:
    return build_site(BuildOptions(catalog=catalog, out=out, as_of=as_of), StageLog(out=io.StringIO()))
