"""Load YAML while remembering where every value came from, so errors can say file:line:column.

Technicians and curators edit these files by hand; a message that points at the exact line is
the difference between a fix in a minute and a call to a developer.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

Location = tuple[str | int, ...]

# libyaml's parser (in PyYAML's wheels) is about 15 times faster; same nodes, same positions.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file, printed as `file:line:column: message`."""

    path: Path
    line: int
    column: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"


@dataclass
class YamlDoc:
    """A parsed YAML document and the (line, column) of every key path in it (1-based)."""

    path: Path
    data: Any
    marks: dict[Location, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Location, tuple[int, int]] = field(default_factory=dict)

    def where(self, loc: Location, at_key: bool = False) -> tuple[int, int]:
        """The position of the deepest part of `loc` that exists in the file (or of its key)."""
        if at_key and tuple(loc) in self.key_marks:
            return self.key_marks[tuple(loc)]
        for end in range(len(loc), -1, -1):
            mark = self.marks.get(tuple(loc[:end]))
            if mark:
                return mark
        return (1, 1)

    def problem(
        self, loc: Location, message: str, severity: str = "error", at_key: bool = False
    ) -> Problem:
        line, column = self.where(loc, at_key)
        return Problem(self.path, line, column, message, severity)


class YamlError(Exception):
    """The file could not be read or parsed at all."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _construct(node: yaml.Node, loc: Location, marks: dict, keys: dict, loader) -> Any:
    marks[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in result:
                raise YamlError(
                    Problem(
                        Path(loader.name),
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        f"key {key!r} appears twice",
                    )
                )
            result[key] = _construct(value_node, (*loc, key), marks, keys, loader)
            keys[(*loc, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if not isinstance(value_node, yaml.ScalarNode):
                # A nested block is pointed at by its key's line, not its first child's.
                marks[(*loc, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _construct(item, (*loc, i), marks, keys, loader) for i, item in enumerate(node.value)
        ]
    return loader.construct_object(node, deep=True)


def load_yaml(path: Path) -> YamlDoc:
    """Parse one YAML file; raises YamlError with the position of a syntax error."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise YamlError(Problem(path, 1, 1, f"cannot read file: {exc}")) from exc
    loader = _Loader(text)
    loader.name = str(path)
    try:
        node = loader.get_single_node()
        marks: dict[Location, tuple[int, int]] = {}
        keys: dict[Location, tuple[int, int]] = {}
        data = _construct(node, (), marks, keys, loader) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlError(Problem(path, line, column, f"invalid YAML: {exc.problem}")) from exc
    except yaml.YAMLError as exc:
        raise YamlError(Problem(path, 1, 1, f"invalid YAML: {exc}")) from exc
    finally:
        loader.dispose()
    return YamlDoc(path, data, marks, keys)


def validate(doc: YamlDoc, model: type[BaseModel], data: Any, loc: Location = ()) -> tuple:
    """Validate `data` (found at `loc` in `doc`) with a pydantic model.

    Returns (instance or None, problems) with every pydantic error turned into a positioned
    message, and "did you mean" hints for misspelt keys.
    """
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            path = _data_path(err["loc"])
            where = (*loc, *path)
            message = _describe(err, path, model)
            at_key = err["type"] == "extra_forbidden"
            problems.append(doc.problem(where, message, at_key=at_key))
        return None, problems


def _data_path(loc: tuple) -> tuple:
    """Pydantic's error location without its union-branch tags like `literal['native']`."""
    return tuple(p for p in loc if isinstance(p, int) or ("[" not in p and "-" not in p))


def _describe(err: dict, path: tuple, model: type[BaseModel]) -> str:
    name = ".".join(str(p) for p in path) or "document"
    kind = err["type"]
    if kind == "extra_forbidden":
        key = str(path[-1])
        hint = difflib.get_close_matches(key, list(model.model_fields), n=1)
        suffix = f" (did you mean {hint[0]!r}?)" if hint else ""
        return f"unknown key {key!r}{suffix}"
    if kind == "missing":
        return f"missing required key {name!r}"
    if kind == "value_error":  # our own validators' messages, without pydantic's prefix
        return f"{name}: {err['ctx']['error']}"
    return f"{name}: {err['msg']}"
