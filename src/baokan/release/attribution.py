"""Who made a release and on what terms: its licence (one of the Hugging Face Hub's licence
identifiers, https://huggingface.co/docs/hub/repositories-licenses, and for `other` the name and
link of the licence that applies, which the Hub shows in its place), authors, home page and how to
cite it. The card, the Croissant metadata and the citation all take it from here."""

from __future__ import annotations

from dataclasses import dataclass

from baokan.errors import UsageError

# The Hub's licence identifiers, as its documentation lists them.
HUB_LICENSES = frozenset(
    {
        "apache-2.0", "mit", "openrail", "bigscience-openrail-m", "creativeml-openrail-m",
        "bigscience-bloom-rail-1.0", "bigcode-openrail-m", "afl-3.0", "artistic-2.0", "bsl-1.0",
        "bsd", "bsd-2-clause", "bsd-3-clause", "bsd-3-clause-clear", "c-uda", "cc", "cc0-1.0",
        "cc-by-2.0", "cc-by-2.5", "cc-by-3.0", "cc-by-4.0", "cc-by-sa-3.0", "cc-by-sa-4.0",
        "cc-by-nc-2.0", "cc-by-nc-3.0", "cc-by-nc-4.0", "cc-by-nd-4.0", "cc-by-nc-nd-3.0",
        "cc-by-nc-nd-4.0", "cc-by-nc-sa-2.0", "cc-by-nc-sa-3.0", "cc-by-nc-sa-4.0",
        "cdla-sharing-1.0", "cdla-permissive-1.0", "cdla-permissive-2.0", "wtfpl", "ecl-2.0",
        "epl-1.0", "epl-2.0", "etalab-2.0", "eupl-1.1", "eupl-1.2", "agpl-3.0", "gfdl", "gpl",
        "gpl-2.0", "gpl-3.0", "lgpl", "lgpl-2.1", "lgpl-3.0", "isc", "h-research", "intel-research",
        "lppl-1.3c", "ms-pl", "apple-ascl", "apple-amlr", "mpl-2.0", "odc-by", "odbl", "openrail++",
        "osl-3.0", "postgresql", "ofl-1.1", "ncsa", "unlicense", "zlib", "pddl", "lgpl-lr",
        "deepfloyd-if-license", "fair-noncommercial-research-license", "llama2", "llama3",
        "llama3.1", "llama3.2", "llama3.3", "llama4", "gemma", "unknown", "other",
    }
)  # fmt: skip


def check_license(license: str, license_name: str | None = None, license_link: str | None = None) -> None:
    """`UsageError` unless `license` is a Hub licence identifier and, when it is `other`, both
    `license_name` and `license_link` are given."""
    if license not in HUB_LICENSES:
        raise UsageError(
            f"{license!r} is not a Hugging Face Hub licence identifier (e.g. cc-by-4.0, cc-by-nc-sa-4.0, "
            "odc-by, other: see https://huggingface.co/docs/hub/repositories-licenses)"
        )
    if license == "other" and not (license_name and license_link):
        raise UsageError(
            "license 'other' needs license_name (a short name, e.g. publisher-copyright) and license_link "
            "(a URL, or a path in the repository such as LICENSE.md) saying what the licence is"
        )


@dataclass(frozen=True)
class Attribution:
    license: str = "unknown"
    license_name: str | None = None
    license_link: str | None = None
    authors: tuple[str, ...] = ()
    homepage: str | None = None
    citation: str | None = None  # BibTeX given in the config; None: `bibtex` makes one

    def check(self) -> None:
        check_license(self.license, self.license_name, self.license_link)


def bibtex(attribution: Attribution, *, name: str, version: str, title: str, year: str | None, tool: str | None) -> str:
    """The BibTeX to cite the release by: the one given, or a @misc entry with its title,
    authors, version, home page and year."""
    if attribution.citation:
        return attribution.citation.strip()
    key = f"{name.replace('-', '_').replace('.', '_')}_{version.replace('.', '_').replace('-', '_')}"
    fields = [("title", title)]
    if attribution.authors:
        fields.append(("author", " and ".join(attribution.authors)))
    fields.append(("note", f"Version {version}" + (f", built with baokan {tool}" if tool else "")))
    if attribution.homepage:
        fields.append(("howpublished", f"\\url{{{attribution.homepage}}}"))
    if year:
        fields.append(("year", year))
    body = ",\n".join(f"  {key_:<12} = {{{value}}}" for key_, value in fields)
    return f"@misc{{{key},\n{body}\n}}"
