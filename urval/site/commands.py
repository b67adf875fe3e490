"""The `build` and `serve` commands."""

from __future__ import annotations

import argparse
import datetime as dt
import signal
import socket
import sys
import threading
from pathlib import Path

from urval.messages import say
from urval.options import EXIT_MISUSE, EXIT_OK, EXIT_PROBLEMS, add_catalog_argument, as_of_date
from urval.site.localserver import preview_handler, serving
from urval.site.pipeline import REPO, SITE_ASSETS, BuildFailed, BuildOptions, build_site
from urval.site.preview import Preview, keep_current, watching
from urval.site.stages import StageLog


def _options(args: argparse.Namespace) -> BuildOptions:
    return BuildOptions(catalog=args.catalog, out=args.out, as_of=args.as_of or dt.date.today(), site_url=args.site_url)


def build_once(options: BuildOptions) -> int:
    try:
        catalogue = build_site(options, StageLog())
    except BuildFailed as failure:
        print(str(failure), file=sys.stderr)
        print(say("build_failed", out=options.out), file=sys.stderr)
        return EXIT_PROBLEMS
    print(say("build_done", out=options.out, suppliers=len(catalogue.suppliers), as_of=catalogue.as_of.isoformat()))
    return EXIT_OK


def _run_build(args: argparse.Namespace) -> int:
    return build_once(_options(args))


def port_is_free(host: str, port: int) -> bool:
    """Whether a server could listen on host:port now (bound as the server binds, then released)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def _run_serve(args: argparse.Namespace) -> int:
    if args.port != 0 and not port_is_free(args.host, args.port):
        print(say("serve_port_busy", host=args.host, port=args.port, other=args.port + 1), file=sys.stderr)
        return EXIT_MISUSE
    options = _options(args)
    # The server's threads answer a reloading page while an update renders pages: a short
    # switch interval lets them in between (5 ms by default, per request, per thread).
    sys.setswitchinterval(0.0005)
    preview = Preview(options)
    places = [options.catalog, options.docs, SITE_ASSETS, REPO / "site_templates", REPO / "mkdocs.yml"]
    with watching(places) as edits:
        preview.rebuild()
        stop = threading.Event()
        for stopping in (signal.SIGINT, signal.SIGTERM):  # Ctrl+C (even when inherited ignored), a process manager
            signal.signal(stopping, lambda _signal, _frame: stop.set())
        with serving(options.out, args.host, args.port, preview_handler(preview.state)) as url:
            print(say("serve_listening", url=url), flush=True)
            try:
                keep_current(preview, edits, stop)
            finally:
                preview.follower.stop()
    return EXIT_OK


def _add_build_arguments(parser: argparse.ArgumentParser) -> None:
    add_catalog_argument(parser)
    parser.add_argument("--out", type=Path, default=Path("site"), help="output folder (replaced on success)")
    parser.add_argument("--as-of", type=as_of_date, default=None, help="the day the site describes (default: today)")
    parser.add_argument("--site-url", default=None, help="the published site's URL, for feeds (default: mkdocs.yml)")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    build = commands.add_parser("build", help="validate, render and index the site")
    _add_build_arguments(build)
    build.set_defaults(run=_run_build)
    serve = commands.add_parser("serve", help="build, serve on localhost and rebuild on change")
    _add_build_arguments(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(run=_run_serve)
