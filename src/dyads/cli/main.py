"""The ``dyads`` command: thin Typer commands over the core API, one module per command group.

Errors a user can cause are ``DyadsError``s; they are printed as one line with their code, never as a
traceback, and the exit status is 2.
"""

from __future__ import annotations

import sys

import typer

from dyads.cli import analyses as analyses_cmd
from dyads.cli import code as code_cmd
from dyads.cli import demo as demo_cmd
from dyads.cli import evaluate as eval_cmd
from dyads.cli import export as export_cmd
from dyads.cli import ingest as ingest_cmd
from dyads.cli import query as query_cmd
from dyads.cli import serve as serve_cmd
from dyads.errors import DyadsError

app = typer.Typer(
    name="dyads",
    help="Political event data from news text: who did what to whom, when, where, how surely.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("code")(code_cmd.code)
app.command("eval")(eval_cmd.evaluate)
app.command("demo")(demo_cmd.demo)
app.command("ingest")(ingest_cmd.ingest_cmd)
app.command("export")(export_cmd.export)
app.command("events")(query_cmd.events_cmd)
app.command("dyad")(query_cmd.dyad_cmd)
app.command("network")(query_cmd.network_cmd)
app.command("expectations")(query_cmd.expectations_cmd)
app.command("serve")(serve_cmd.serve)
app.command("blocs")(analyses_cmd.blocs_cmd)
app.command("alignment")(analyses_cmd.alignment_cmd)
app.command("shifts")(analyses_cmd.shifts_cmd)
app.command("anomalies")(analyses_cmd.anomalies_cmd)


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status instead of raising, so tests can call it too."""
    try:
        rv = app(args=argv, standalone_mode=False)
    except DyadsError as exc:
        print(f"error {exc.code}: {exc.message}", file=sys.stderr)
        return 2
    except typer.Exit as exc:
        return int(exc.exit_code or 0)
    except typer.Abort:
        print("aborted", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # click usage errors arrive as ClickException subclasses
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            return exc.exit_code
        raise
    return rv if isinstance(rv, int) else 0


if __name__ == "__main__":
    sys.exit(main())
