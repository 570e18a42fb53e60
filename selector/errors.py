"""One exception hierarchy; the CLI boundary turns each into a line on stderr and an exit code."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one input, located as precisely as the input allows."""

    file: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        field = f" {self.field}:" if self.field else ""
        return f"{self.file}:{self.line}:{self.column}:{field} {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
        }


class SelectorError(Exception):
    """Base of every error the toolkit raises on purpose."""

    exit_code = 1


class InputError(SelectorError):
    """Bad input or data: the user can fix it. Carries one or more located problems."""

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            self.problems: list[Problem] = []
            super().__init__(problems)
            return
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class StaleRevisionError(InputError):
    """A checklist edit made from a revision of the state file that is no longer on disk:
    someone else saved since. Nothing was written; reload and make the edit again."""

    def __init__(self, path: str, on_disk: int, expected: int) -> None:
        self.path = path
        self.on_disk = on_disk
        self.expected = expected
        super().__init__(f"{path}: the checklist changed since you loaded it (revision {on_disk} on "
                         f"disk, yours was {expected}); reload and make the edit again")


class UsageError(SelectorError):
    """The command line itself is wrong (unknown option value, missing argument)."""

    exit_code = 2
