"""`acier check`: the site file, every device file and the media they show, checked together.

Each file is validated on its own first (file:line:column for every problem); then the files
are checked against each other: one site file, each device on that site and in one of its zones,
no device id used twice. Every media folder a device points at is checked as content.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from acier.config import ConfigError, KioskConfig, load_kiosk_config
from acier.controller.site import SiteConfig, load_site
from acier.kiosk.content import Content, ContentError, load_content
from acier.kiosk.layout import TEXT_SCALES, DetailGeometry, Screen
from acier.media_build import DISPLAYS
from acier.yamlfile import Problem, YamlDoc, YamlError, load_yaml


@dataclass
class CheckResult:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)


def yaml_files(paths: list[Path]) -> list[Path]:
    """The files named, and the *.yaml files directly inside the folders named."""
    out: list[Path] = []
    for path in paths:
        out += sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    return out


def _is_site(doc: YamlDoc) -> bool:
    return isinstance(doc.data, dict) and "site" in doc.data and "device" not in doc.data


def check(paths: list[Path], media: list[Path]) -> CheckResult:
    """Check config files (or folders of them) and media folders; nothing is started."""
    result = CheckResult()
    site: tuple[Path, SiteConfig] | None = None
    devices: list[tuple[YamlDoc, KioskConfig]] = []
    for path in yaml_files(paths):
        try:
            doc = load_yaml(path)
        except YamlError as exc:
            result.errors.append(exc.problem)
            continue
        try:
            if _is_site(doc):
                config = load_site(path)
                if site is not None:
                    result.errors.append(
                        doc.problem(("site",), f"a second site file; the site is {site[0]}")
                    )
                    continue
                site = (path, config)
            else:
                devices.append((doc, load_kiosk_config(path)))
        except ConfigError as exc:
            result.errors += exc.problems
    result.errors += _cross_check(site, devices)
    folders = list(dict.fromkeys([*media, *(config.media for _, config in devices)]))
    for folder in folders:
        try:
            content = load_content(folder)
        except ContentError as exc:
            result.errors += exc.problems
            continue
        result.warnings += [*content.warnings, *_small_images(content)]
        result.summary.append(
            f"{folder}: {len(content.entries)} entries in {len(content.eras)} eras"
        )
    if site:
        result.summary.append(f"{site[0]}: site {site[1].site}, {len(devices)} device(s)")
    return result


def _cross_check(
    site: tuple[Path, SiteConfig] | None, devices: list[tuple[YamlDoc, KioskConfig]]
) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, YamlDoc] = {}
    for doc, config in devices:
        first = seen.setdefault(config.device, doc)
        if first is not doc:
            line, _ = first.where(("device",))
            problems.append(
                doc.problem(
                    ("device",), f"device id {config.device!r} is also used by {first.path}:{line}"
                )
            )
        if site is None or config.fleet is None:
            continue
        path, site_config = site
        if config.fleet.site != site_config.site:
            problems.append(
                doc.problem(
                    ("fleet", "site"),
                    f"site {config.fleet.site!r} is not the site of {path} ({site_config.site!r})",
                )
            )
        zones = site_config.zones
        if config.fleet.zone and zones and config.fleet.zone not in zones:
            hint = difflib.get_close_matches(config.fleet.zone, zones, n=1)
            suffix = f" (did you mean {hint[0]!r}?)" if hint else ""
            problems.append(
                doc.problem(
                    ("fleet", "zone"),
                    f"zone {config.fleet.zone!r} is not one of the zones in {path}: "
                    f"{', '.join(zones)}{suffix}",
                )
            )
    return problems


def _small_images(content: Content) -> list[Problem]:
    """A picture smaller than its open card is blown up and looks soft: a warning at `image:`."""
    shown = {d: DetailGeometry(Screen(*d), TEXT_SCALES[0]).media[2:] for d in DISPLAYS}
    problems = []
    for entry in content.entries:
        if not entry.image:
            continue
        try:
            with Image.open(content.media_path(entry.image)) as img:
                width, height = img.size
        except (OSError, ValueError):
            continue  # a missing or unreadable picture is reported by the content check
        for (dw, dh), (mw, mh) in shown.items():
            if width < mw or height < mh:
                doc = load_yaml(content.root / "timeline" / f"{entry.id}.yaml")
                message = (
                    f"{entry.image} is {width}×{height}, smaller than the {mw}×{mh} it is "
                    f"shown at on a {dw}×{dh} screen: it will look soft"
                )
                problems.append(doc.problem(("image",), message, severity="warning"))
                break
    return problems
