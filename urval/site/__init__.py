"""The site: pages, views, escaping, open data, feeds, CSP, the mkdocs adapter, the index, the build pipeline."""
