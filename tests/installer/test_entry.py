"""installer.entry from source: which sub-command a command line names, and that from a
checkout (where the directory is present) every command goes on to the client's main."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from installer.entry import command, directory_missing, run


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], None),
        (["--self-test"], None),
        (["--policy", "training", "--diagnostics"], None),
        (["--policy", "p.json", "demo"], "demo"),
        (["training", "prepare", "--home", "x"], "training"),
        (["--json", "--diagnostics"], None),
    ],
)
def test_the_command_is_the_first_positional(argv: list[str], expected: str | None) -> None:
    assert command(argv) == expected


def test_from_source_training_goes_on_to_the_client() -> None:
    seen: list[Sequence[str] | None] = []

    def main(argv: Sequence[str] | None) -> int:
        seen.append(argv)
        return 7

    assert not directory_missing()
    assert run(["training", "serve", "--home", "h"], main=main) == 7
    assert seen == [["training", "serve", "--home", "h"]]
