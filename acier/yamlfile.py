"""Load YAML while remembering where every value came from, so errors can say file:line:column.

Technicians and curators edit these files by hand; a message that points at the exact line is
the difference between a fix in a minute and a call to a developer.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

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


class Positioned(Protocol):
    """Anything that can turn a key path into a positioned Problem: a YamlDoc or a MergedDoc."""

    def problem(
        self, loc: Location, message: str, severity: str = "error", at_key: bool = False
    ) -> Problem: ...


@dataclass(frozen=True)
class Layer:
    """One file's contribution to a merged document: `data`, found in `doc`.

    `place` turns a key path of the merged data into the key path in `doc` (for a site file's
    `defaults:` block, `("language",)` is `("defaults", "language")` in the site file).
    """

    doc: YamlDoc
    data: Any
    place: Callable[[Location], Location] = tuple


@dataclass
class MergedDoc:
    """Data merged from several files, each value remembering the file and line it came from."""

    path: Path  # the file a problem with no better place is reported in
    data: Any
    origins: dict[Location, Layer] = field(default_factory=dict)

    def problem(
        self, loc: Location, message: str, severity: str = "error", at_key: bool = False
    ) -> Problem:
        """A problem at the deepest part of `loc` that some file wrote, in that file."""
        loc = tuple(loc)
        for end in range(len(loc), -1, -1):
            layer = self.origins.get(loc[:end])
            if layer is not None:
                return layer.doc.problem(layer.place(loc), message, severity, at_key)
        return Problem(self.path, 1, 1, message, severity)


_ABSENT = object()


def merge(path: Path, layers: list[Layer]) -> MergedDoc:
    """Merge layers, lowest first: mappings merge key by key, anything else (a list, a scalar,
    null) replaces what is below it."""
    merged = MergedDoc(Path(path), _ABSENT)
    for layer in layers:
        merged.data = _merge(merged.data, layer.data, (), layer, merged.origins)
    if merged.data is _ABSENT:
        merged.data = None
    return merged


def _merge(lower: Any, upper: Any, loc: Location, layer: Layer, origins: dict) -> Any:
    if isinstance(lower, dict) and isinstance(upper, dict):
        origins[loc] = layer
        out = dict(lower)
        for key, value in upper.items():
            out[key] = _merge(lower.get(key, _ABSENT), value, (*loc, key), layer, origins)
        return out
    for old in [k for k in origins if k[: len(loc)] == loc]:
        del origins[old]
    _claim(upper, loc, layer, origins)
    return upper


def _claim(value: Any, loc: Location, layer: Layer, origins: dict) -> None:
    origins[loc] = layer
    if isinstance(value, dict):
        for key, item in value.items():
            _claim(item, (*loc, key), layer, origins)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _claim(item, (*loc, i), layer, origins)


class YamlError(Exception):
    """The file could not be read or parsed at all."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _at(node: yaml.Node, loader, message: str) -> YamlError:
    mark = node.start_mark
    return YamlError(Problem(Path(loader.name), mark.line + 1, mark.column + 1, message))


def _scalar(node: yaml.Node, loader) -> Any:
    """A plain value; PyYAML's own refusals (a 5,000-digit integer) become a located error."""
    try:
        return loader.construct_object(node, deep=True)
    except (TypeError, ValueError) as exc:
        raise _at(node, loader, f"invalid value: {exc}") from exc


_PLAIN_TAGS = {
    yaml.MappingNode: "tag:yaml.org,2002:map",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
}


def _construct(node: yaml.Node, loc: Location, marks: dict, keys: dict, loader) -> Any:
    marks[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
    plain = _PLAIN_TAGS.get(type(node))
    if plain and node.tag != plain:  # `!!set`, `!!python/object:…`: not ours to build
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise _at(node, loader, f"unsupported tag {tag}: write a plain mapping or list")
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _at(key_node, loader, "a key must be a plain name, not a list or mapping")
            key = _scalar(key_node, loader)
            if key in result:
                raise _at(key_node, loader, f"key {key!r} appears twice")
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
    return _scalar(node, loader)


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


def validate(doc: Positioned, model: type[BaseModel], data: Any, loc: Location = ()) -> tuple:
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


def _keys_at(model: Any, path: tuple) -> list[str]:
    """The keys the model allows in the mapping at `path` (for "did you mean" hints)."""
    types = [model]
    for part in path:
        types = [t for found in types for t in _inside(found, part)]
    keys = [key for t in types for key in _models_keys(t)]
    return list(dict.fromkeys(keys))


def _inside(annotation: Any, part: str | int) -> list[Any]:
    """The types a value at `part` of something typed `annotation` may have."""
    out = []
    for kind in _unwrap(annotation):
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            field = kind.model_fields.get(str(part))
            if field is not None:
                out += _unwrap(field.annotation)
            continue
        args = typing.get_args(kind)
        origin = typing.get_origin(kind)
        if origin is dict and len(args) == 2:
            out += _unwrap(args[1])
        elif origin in (list, tuple, set, frozenset) and args:
            index = part if isinstance(part, int) and origin is tuple else 0
            item = args[index] if index < len(args) and args[-1] is not Ellipsis else args[0]
            out += _unwrap(item)
    return out


def _unwrap(annotation: Any) -> list[Any]:
    """Annotated and unions taken apart: the plain types a value may have."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def _models_keys(kind: Any) -> list[str]:
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return list(kind.model_fields)
    return []


def _describe(err: dict, path: tuple, model: type[BaseModel]) -> str:
    name = ".".join(str(p) for p in path) or "document"
    kind = err["type"]
    if kind == "extra_forbidden":
        key = str(path[-1])
        hint = difflib.get_close_matches(key, _keys_at(model, path[:-1]), n=1)
        suffix = f" (did you mean {hint[0]!r}?)" if hint else ""
        return f"unknown key {key!r}{suffix}"
    if kind == "missing":
        return f"missing required key {name!r}"
    if kind == "value_error":  # our own validators' messages, without pydantic's prefix
        return f"{name}: {err['ctx']['error']}"
    return f"{name}: {err['msg']}"
