"""The typer app of ``laos-tip``, built from the declaration in ``declaration.py``.

Every command of ``declaration.COMMANDS`` becomes a typer command whose parameters (names, short
names, types, metavars, help, defaults, environment variable) come from its ``Param`` list, and
whose body is ``bodies.body(command)``, run through ``process.guarded`` as on the fast path. typer adds what only it does: help screens, usage errors (exit 2), and shell
completion, with ``--show-completion SHELL`` and ``--install-completion SHELL`` taking the shell
from the command line rather than guessing it from the parent process. ``entry.main`` calls this
app only for the command lines it leaves to typer; see declaration.py for how to add a command.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from typing import Annotated, Any, Optional

import typer

from laos_tip import __version__
from laos_tip.cli import declaration as spec
from laos_tip.cli.bodies import body
from laos_tip.cli.completion import COMPLETERS, install_completion_classes
from laos_tip.cli.exit_codes import ExitCode
from laos_tip.cli.process import Acted, guarded
from laos_tip.core.errors import UsageError


def parse_year(text: str) -> int:
    """--year, YEAR_A and YEAR_B: plain decimal digits, as the fact file's loader reads years too."""
    year = spec.plain_year(text)
    if year is None:
        raise typer.BadParameter(spec.year_problem(text))
    return year












def annotation(param: spec.Param) -> Any:
    """The typer annotation of a declared parameter: its Python type and its Option or Argument."""
    extra: dict[str, Any] = {}
    if param.kind == "year":
        python_type: Any = int
        extra["parser"] = parse_year
    elif param.kind in spec.ENUMS:
        python_type = spec.ENUMS[param.kind]
    elif param.kind == "flag":
        python_type = bool
    else:
        python_type = str  # not Path: output names the file as typed; Path("x.json/") drops the slash
    if param.many:
        python_type = list[python_type]
    if param.default is None and not param.required:
        python_type = Optional[python_type]
    if param.complete:
        extra["autocompletion"] = COMPLETERS[param.complete]
    if param.metavar:
        extra["metavar"] = param.metavar
    if param.is_option:
        if param.envvar:
            extra.update(envvar=param.envvar, show_envvar=True)
        info: Any = typer.Option(*param.flags, help=param.help, **extra)
    else:
        info = typer.Argument(help=param.help, show_default=False, **extra)
    return Annotated[python_type, info]


def make_command(command: spec.Command) -> Callable[..., None]:
    """A typer callback for ``command``: its signature from the declaration, its body from bodies.py."""
    run_command = body(command)

    def callback(**values: Any) -> None:
        try:
            code = guarded(lambda: run_command(**values))
        except UsageError as problem:
            raise typer.BadParameter(str(problem), param_hint=problem.param_hint) from None
        if code:
            raise typer.Exit(code)

    parameters = [
        inspect.Parameter(param.name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation(param),
                          default=inspect.Parameter.empty if param.required else param.default)
        for param in command.params
    ]
    callback.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    callback.__annotations__ = {p.name: p.annotation for p in parameters}
    callback.__name__ = callback.__qualname__ = command.name
    callback.__doc__ = command.help
    return callback


def _version(value: bool) -> None:
    if value:
        Acted.ran = True
        sys.stdout.write(f"laos-tip {__version__}\n")
        raise typer.Exit(ExitCode.OK)


def _completion(ctx: typer.Context, param: Any, value: Optional[spec.Shell]) -> None:
    """--show-completion SHELL / --install-completion SHELL: the shell named, never the parent process's."""
    if value is None or ctx.resilient_parsing:
        return
    Acted.ran = True
    from typer._completion_shared import get_completion_script, install

    if param.name == "show_completion":
        sys.stdout.write(get_completion_script(prog_name="laos-tip", complete_var=spec.ENV_COMPLETE,
                                               shell=value.value) + "\n")
    else:
        shell, path = install(shell=value.value, prog_name="laos-tip", complete_var=spec.ENV_COMPLETE)
        sys.stdout.write(f"{shell} completion installed in {path}\nCompletion will take effect once you "
                         "restart the terminal\n")
    raise typer.Exit(ExitCode.OK)


# typer registers its own completion classes (the scripts' protocol) only when it adds its
# completion options itself; the options here are declared by laos-tip, and so are the formats
# (inert descriptions: see completion.py).
install_completion_classes()

app = typer.Typer(
    name="laos-tip",
    help=spec.APP_HELP,
    no_args_is_help=True,
    add_completion=False,  # declared below, so that SHELL is an argument and not a guess
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option(*spec.VERSION.flags, callback=_version, is_eager=True,
                                          help=spec.VERSION.help)] = False,
    install_completion: Annotated[Optional[spec.Shell], typer.Option(
        *spec.INSTALL_COMPLETION.flags, metavar=spec.INSTALL_COMPLETION.metavar, callback=_completion,
        is_eager=True, expose_value=False, help=spec.INSTALL_COMPLETION.help)] = None,
    show_completion: Annotated[Optional[spec.Shell], typer.Option(
        *spec.SHOW_COMPLETION.flags, metavar=spec.SHOW_COMPLETION.metavar, callback=_completion,
        is_eager=True, expose_value=False, help=spec.SHOW_COMPLETION.help)] = None,
) -> None:
    """The options before any command; the app's help is spec.APP_HELP."""


for _command in spec.COMMANDS:
    app.command(name=_command.name, help=_command.help)(make_command(_command))


def main(argv: list[str] | None = None) -> None:
    """Run the typer app on ``argv`` (default: the process's arguments)."""
    app(args=argv, prog_name="laos-tip")
