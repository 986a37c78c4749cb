"""Dataset-level CHANGELOG.md: one Markdown section per release, newest first.

Entries are built from a `ReleaseDiff` only (no dates, no paths), so the same two releases always
give the same bytes. Long id lists are cut at `MAX_IDS` with "… and N more"; counts stay exact.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from baokan.release.diff import ReleaseDiff
from baokan.release.layout import version_key

MAX_IDS = 200
_HEADING = re.compile(r"^## (?P<title>\S.*?)\s*$")
_VERSION = re.compile(r"^v?(?P<version>\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\b")


def _capped(items: list[str], limit: int) -> list[str]:
    lines = items[:limit]
    if len(items) > limit:
        lines.append(f"- … and {len(items) - limit} more")
    return lines


def _moved_line(article_id: str, old: str, new: str, aliases: Mapping[str, str] | None) -> str:
    line = f"- `{article_id}`: {old} → {new}"
    if aliases is None:
        return line
    alias = aliases.get(article_id)
    if alias is not None:
        return f"{line} (its near-duplicate cluster changed: now placed by its representative `{alias}`)"
    return f"{line} (its near-duplicate cluster changed: now placed by its own id)"


def _replaced_line(article_id: str, kept: str, similarity: float, diff: ReleaseDiff) -> str:
    old_split = diff.removed_splits.get(article_id, "?")
    new_split = diff.added_splits.get(kept)
    where = f"{old_split} → {new_split}" if new_split is not None and new_split != old_split else old_split
    return f"- `{article_id}` ({where}): now a near-copy of `{kept}` (similarity {similarity:.2f}), which is kept"


def changelog_entry(
    diff: ReleaseDiff,
    old_version: str,
    new_version: str,
    max_ids: int = MAX_IDS,
    aliases: Mapping[str, str] | None = None,
    replaced: Mapping[str, tuple[str, float]] | None = None,
) -> str:
    """The `## NEW_VERSION` section describing `diff` (old → new), ending with a newline.
    `aliases` (a build's split aliases: id → the cluster representative that places it, None
    when splits are by id alone) say why an article moved between splits; `replaced` (removed id
    → (the copy kept instead, similarity), from the new release's duplicates) says which removed
    articles gave way to another copy of themselves, and whether the cluster changed split."""
    replaced = {i: replaced[i] for i in diff.removed if i in replaced} if replaced else {}
    n_added, n_removed, n_changed = len(diff.added), len(diff.removed), len(diff.changed)
    lines = [
        f"## {new_version}",
        "",
        f"Compared with {old_version}: {diff.old.records} → {diff.new.records} articles "
        f"({n_added} added, {n_removed} removed, {n_changed} changed, {diff.unchanged} unchanged).",
        "",
        f"| split | {old_version} | {new_version} |",
        "| --- | ---: | ---: |",
    ]
    lines.extend(f"| {name} | {c['old']} | {c['new']} |" for name, c in diff.splits.items())
    if diff.identical:
        lines += ["", "No article was added, removed or changed."]
    if diff.provenance_only:
        lines += [
            "",
            f"{len(diff.provenance_only)} articles have the same content and only new provenance "
            "(`source.*`: their raw page file changed); `baokan diff` lists them.",
        ]
    sections = [
        ("Added", [f"- `{i}`" for i in diff.added]),
        ("Removed", [f"- `{i}`" for i in diff.removed if i not in replaced]),
        (
            "Replaced by another copy (near-duplicates: the copy kept changed, and the cluster's split with it)",
            [_replaced_line(i, kept, sim, diff) for i, (kept, sim) in replaced.items()],
        ),
        ("Changed", [f"- `{i}`: {', '.join(fields)}" for i, fields in diff.changed]),
        (
            "Moved between splits (unexpected: an article's split is a hash of its id)"
            if aliases is None
            else "Moved between splits (a split is the hash of the article's near-duplicate cluster representative)",
            [_moved_line(i, a, b, aliases) for i, a, b in diff.moved],
        ),
    ]
    for title, items in sections:
        if items:
            lines += ["", f"### {title} ({len(items)})", "", *_capped(items, max_ids)]
    return "\n".join(lines) + "\n"


def _split_sections(text: str) -> tuple[str, list[str]]:
    """(text before the first `## ` heading, [sections each starting with its heading])."""
    preamble: list[str] = []
    sections: list[list[str]] = []
    fenced = False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and _HEADING.match(line):
            sections.append([line])
        elif sections:
            sections[-1].append(line)
        else:
            preamble.append(line)
    return "\n".join(preamble).strip(), ["\n".join(s).strip() for s in sections]


def _version_of(section: str) -> tuple[int, int, int, int, str] | None:
    match = _HEADING.match(section.splitlines()[0])
    version = _VERSION.match(match["title"]) if match else None
    if version is None:
        return None
    try:
        return version_key(version["version"])
    except Exception:  # an unparseable heading just keeps its place
        return None


def update_changelog(existing: str | None, entry: str, name: str) -> str:
    """CHANGELOG.md text with `entry` in place: newest version first, idempotent.

    A section with the same heading is replaced (so re-running with the same entry changes
    nothing); otherwise the entry goes before the first section of an older version. Text above
    the first section (title, notes) is kept; a title is added when there is none.
    """
    entry = entry.strip()
    if not _HEADING.match(entry.splitlines()[0] if entry else ""):
        raise ValueError("a changelog entry must start with a '## VERSION' heading")
    preamble, sections = _split_sections(existing or "")
    if not preamble.startswith("# "):
        title = f"# Changelog: {name}\n\nChanges between published versions of the dataset `{name}`, newest first."
        preamble = f"{title}\n\n{preamble}".strip()
    heading = entry.splitlines()[0].strip()
    same = [i for i, s in enumerate(sections) if s.splitlines()[0].strip() == heading]
    if same:
        sections[same[0]] = entry
        for i in reversed(same[1:]):
            del sections[i]
    else:
        new_key = _version_of(entry)
        position = 0
        if new_key is not None:
            position = len(sections)
            for i, section in enumerate(sections):
                key = _version_of(section)
                if key is not None and key < new_key:
                    position = i
                    break
        sections.insert(position, entry)
    return "\n\n".join([preamble, *sections]) + "\n"
