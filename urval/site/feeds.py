"""The news feeds: RSS 2.0 (`feed.xml`) and Atom 1.0 (`feed.atom`) at the site's root.

At the root, where readers look first; every page links them as `rel="alternate feed"` (see
`site_templates/theme/main.html` for why not `alternate` alone).

Items are Adda's news posts and the generated sanction notices, newest first, with absolute
links (feed readers need them), so the site's URL must be known.
"""

from __future__ import annotations

import datetime as dt
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from urval.model.types import Catalogue

ATOM = "http://www.w3.org/2005/Atom"
FEED_ITEMS = 50


def _published(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 8, 0, tzinfo=dt.UTC)


def _rss(catalogue: Catalogue, words: dict[str, Any], site_url: str, title: str) -> bytes:
    rss = ET.Element("rss", version="2.0")
    channel = ET.SubElement(rss, "channel")
    news_url = site_url + "nyheter/"
    for tag, text in (
        ("title", title),
        ("link", news_url),
        ("description", words["feed_description"]),
        ("language", "sv"),
    ):
        ET.SubElement(channel, tag).text = text
    ET.register_namespace("atom", ATOM)
    ET.SubElement(channel, f"{{{ATOM}}}link", href=site_url + "feed.xml", rel="self", type="application/rss+xml")
    items = catalogue.news[:FEED_ITEMS]
    if items:
        ET.SubElement(channel, "lastBuildDate").text = format_datetime(_published(items[0].date))
    for item in items:
        url = f"{news_url}{item.slug}/"
        entry = ET.SubElement(channel, "item")
        ET.SubElement(entry, "title").text = item.title
        ET.SubElement(entry, "link").text = url
        ET.SubElement(entry, "guid", isPermaLink="true").text = url
        ET.SubElement(entry, "pubDate").text = format_datetime(_published(item.date))
        ET.SubElement(entry, "category").text = item.category
        ET.SubElement(entry, "description").text = item.summary
    body: bytes = ET.tostring(rss, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body


def _atom(catalogue: Catalogue, words: dict[str, Any], site_url: str, title: str) -> bytes:
    news_url = site_url + "nyheter/"
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "sv"})
    items = catalogue.news[:FEED_ITEMS]
    updated = _published(items[0].date if items else catalogue.as_of).isoformat()
    for tag, text in (
        ("id", news_url),
        ("title", title),
        ("subtitle", words["feed_description"]),
        ("updated", updated),
    ):
        ET.SubElement(feed, f"{{{ATOM}}}{tag}").text = text
    ET.SubElement(feed, f"{{{ATOM}}}link", href=site_url + "feed.atom", rel="self", type="application/atom+xml")
    ET.SubElement(feed, f"{{{ATOM}}}link", href=news_url, rel="alternate", type="text/html")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = catalogue.framework.organisation
    for item in items:
        url = f"{news_url}{item.slug}/"
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = url
        ET.SubElement(entry, f"{{{ATOM}}}title").text = item.title
        ET.SubElement(entry, f"{{{ATOM}}}link", href=url, rel="alternate", type="text/html")
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _published(item.date).isoformat()
        ET.SubElement(entry, f"{{{ATOM}}}published").text = _published(item.date).isoformat()
        ET.SubElement(entry, f"{{{ATOM}}}category", term=item.category)
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = item.summary
    ET.register_namespace("", ATOM)
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body


def write_feeds(catalogue: Catalogue, site: Path, site_url: str, words: dict[str, Any]) -> None:
    base = site_url if site_url.endswith("/") else site_url + "/"
    title = str(words["feed_title"].format(framework=catalogue.framework.name))
    (site / "feed.xml").write_bytes(_rss(catalogue, words, base, title))
    (site / "feed.atom").write_bytes(_atom(catalogue, words, base, title))
