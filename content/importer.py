"""Import and export of pages as Markdown files with a YAML front matter.

Front matter: ``title``, ``slug``, ``section`` (slug of a rubrique, created if
missing), ``themes`` (1 to 3 names, created if missing), ``summary``,
``audience`` (``public`` or ``pros``) and, for news, ``kind: news`` with
``date: YYYY-MM-DD``. Pages are matched by slug within the site, so a second
import updates instead of duplicating. Each file is imported in its own
transaction: a file with an error is reported with a French reason and
nothing of it is written, while the other files go in. Raw HTML in a body
goes through the editor's whitelist, and the report lists what it removed.
"""

import datetime
from dataclasses import asdict, dataclass, field
from pathlib import Path

import frontmatter
import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from content.blocks import BodyBlock
from content.markdown_blocks import blocks_to_markdown, markdown_to_blocks
from content.models import AUDIENCE_PROS, AUDIENCE_PUBLIC, GuidePage, HomePage, NewsPage, SectionPage, Theme
from content.models.pages import check_theme_count

KNOWN_KEYS = {"title", "slug", "section", "themes", "summary", "audience", "kind", "date"}
KINDS = {"guide": GuidePage, "news": NewsPage}


class ContentFileError(ValueError):
    """A file that cannot be imported, with the reason in French."""


@dataclass
class FileResult:
    file: str
    status: str                   # "created", "updated", "unchanged" or "error"
    slug: str = ""
    error: str = ""
    removed: list = field(default_factory=list)  # HTML the whitelist took out: "<script>", 'onerror="…"'


@dataclass
class ImportReport:
    results: list = field(default_factory=list)

    @property
    def failed(self):
        return [r for r in self.results if r.status == "error"]

    def count(self, status):
        return sum(1 for r in self.results if r.status == status)

    def as_dict(self):
        return {
            "files": [asdict(r) for r in self.results],
            "created": self.count("created"), "updated": self.count("updated"),
            "unchanged": self.count("unchanged"), "errors": len(self.failed),
        }


@dataclass
class PageFile:
    title: str
    slug: str
    section: str
    themes: list
    summary: str
    audience: str
    kind: str
    date: datetime.date | None
    body: list
    removed: list


def _text(meta, key, required=True):
    value = meta.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ContentFileError(_("champ « %(key)s » manquant dans l'en-tête") % {"key": key})
        return ""
    if not isinstance(value, (str, int, float)):
        raise ContentFileError(_("le champ « %(key)s » doit être un texte") % {"key": key})
    return str(value).strip()


def parse_file(path):
    """Read and check one Markdown file; raises ContentFileError with a French reason."""
    try:
        post = frontmatter.loads(Path(path).read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ContentFileError(_("le fichier n'est pas encodé en UTF-8")) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = _(" (ligne %(line)d)") % {"line": mark.line + 1} if mark else ""
        raise ContentFileError(_("en-tête YAML illisible%(where)s") % {"where": where}) from None
    meta = post.metadata
    if not meta:
        raise ContentFileError(_("en-tête YAML absent : le fichier doit commencer par une ligne « --- »"))
    unknown = sorted(set(meta) - KNOWN_KEYS)
    if unknown:
        raise ContentFileError(_("champ inconnu dans l'en-tête : %(keys)s") % {"keys": ", ".join(map(str, unknown))})
    slug = _text(meta, "slug")
    if slugify(slug) != slug:
        raise ContentFileError(_("identifiant « %(slug)s » invalide : lettres minuscules sans accent, chiffres et tirets") % {"slug": slug})
    section = _text(meta, "section")
    if slugify(section) != section:
        raise ContentFileError(_("rubrique « %(section)s » invalide : indiquez l'identifiant de la rubrique") % {"section": section})
    themes = meta.get("themes") or []
    if not isinstance(themes, list) or not all(isinstance(t, str) and t.strip() for t in themes):
        raise ContentFileError(_("« themes » doit être une liste de noms de thèmes"))
    try:
        check_theme_count(len(themes))
    except ValidationError as error:
        raise ContentFileError(error.messages[0]) from None
    audience = _text(meta, "audience", required=False) or AUDIENCE_PUBLIC
    if audience not in (AUDIENCE_PUBLIC, AUDIENCE_PROS):
        raise ContentFileError(_("public « %(audience)s » inconnu : « public » ou « pros »") % {"audience": audience})
    kind = _text(meta, "kind", required=False) or "guide"
    if kind not in KINDS:
        raise ContentFileError(_("type « %(kind)s » inconnu : « guide » ou « news »") % {"kind": kind})
    date = meta.get("date")
    if kind == "news":
        if isinstance(date, str):
            try:
                date = datetime.date.fromisoformat(date)
            except ValueError:
                date = None
        if not isinstance(date, datetime.date):
            raise ContentFileError(_("une actualité demande une date au format AAAA-MM-JJ"))
    removed = []
    body = markdown_to_blocks(post.content, removed)
    return PageFile(
        title=_text(meta, "title"), slug=slug, section=section, themes=[t.strip() for t in themes],
        summary=_text(meta, "summary", required=False), audience=audience, kind=kind,
        date=date if kind == "news" else None, body=body, removed=removed,
    )


def home_page_for(site=None, parent=None):
    """The page imports go under: ``parent``, else the root page of ``site``, else of the default site."""
    if parent is not None:
        return parent.specific
    site = site or Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    if not isinstance(home, HomePage):
        raise ContentFileError(_("la racine du site %(site)s n'est pas une page d'accueil Logis") % {"site": site.hostname})
    return home


def _section(home, slug):
    section = SectionPage.objects.child_of(home).filter(slug=slug).first()
    if section is None:
        section = SectionPage(title=slug.replace("-", " ").capitalize(), slug=slug)
        home.add_child(instance=section)
        section.save_revision().publish()
    return section


def _themes(names):
    themes = []
    for name in names:
        theme = Theme.objects.filter(name__iexact=name).first()
        if theme is None:
            base = slugify(name) or "theme"
            slug, n = base, 1
            while Theme.objects.filter(slug=slug).exists():
                n += 1
                slug = f"{base}-{n}"
            theme = Theme.objects.create(name=name, slug=slug)
        themes.append(theme)
    return themes


def _comparable(raw):
    return [{"type": b["type"], "value": b["value"]} for b in raw]


def write_page(data, home, user=None):
    """Create or update the page ``data`` describes; returns "created", "updated" or "unchanged"."""
    model = KINDS[data.kind]
    section = _section(home, data.section)
    themes = _themes(data.themes)
    existing = Page.objects.descendant_of(home).filter(slug=data.slug).exclude(depth=home.depth + 1).first()
    if existing is not None and not isinstance(existing.specific, model):
        raise ContentFileError(_("l'identifiant « %(slug)s » est déjà pris par une page d'un autre type") % {"slug": data.slug})
    fields = {"title": data.title, "summary": data.summary, "audience": data.audience}
    if data.kind == "news":
        fields["date"] = data.date
    page = existing.specific if existing else model(slug=data.slug)
    if existing is not None:
        same = (all(getattr(page, k) == v for k, v in fields.items())
                and sorted(t.pk for t in page.themes.all()) == sorted(t.pk for t in themes)
                and _comparable(page.body.raw_data) == data.body and page.get_parent().pk == section.pk
                and page.live and not page.has_unpublished_changes)
        if same:
            return "unchanged"
        if page.get_parent().pk != section.pk:
            page.move(section, pos="last-child", user=user)
            page.refresh_from_db()
            page = page.specific
    for key, value in fields.items():
        setattr(page, key, value)
    page.body = BodyBlock().to_python(data.body)
    page.themes = themes
    try:
        if existing is None:
            section.add_child(instance=page)
        page.full_clean()
    except ValidationError as error:
        raise ContentFileError("; ".join(error.messages)) from None
    page.save_revision(user=user, log_action=True).publish(user=user)
    return "updated" if existing else "created"


def import_directory(directory, site=None, parent=None, user=None):
    directory = Path(directory)
    if not directory.is_dir():
        raise ContentFileError(_("dossier introuvable : %(dir)s") % {"dir": directory})
    home = home_page_for(site, parent)
    report = ImportReport()
    for path in sorted(directory.glob("*.md")):
        try:
            data = parse_file(path)
            with transaction.atomic():
                status = write_page(data, home, user)
            report.results.append(FileResult(path.name, status, data.slug, removed=data.removed))
        except ContentFileError as error:
            report.results.append(FileResult(path.name, "error", error=str(error)))
    return report


def export_page(page):
    meta = {"title": page.title, "slug": page.slug, "section": page.section,
            "themes": [t.name for t in page.themes.all()], "summary": page.summary, "audience": page.audience}
    if isinstance(page, NewsPage):
        meta.update(kind="news", date=page.date)
    header = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{header}---\n\n{blocks_to_markdown(page.body)}"


def export_directory(directory, site=None, parent=None):
    """Write every guide and news page ever published as ``<slug>.md`` (a re-import publishes what it reads); returns the paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    home = home_page_for(site, parent)
    written = []
    for model in (GuidePage, NewsPage):
        for page in model.objects.descendant_of(home).exclude(first_published_at=None).prefetch_related("themes").order_by("path"):
            target = directory / f"{page.slug}.md"
            target.write_text(export_page(page), encoding="utf-8")
            written.append(target)
    return written
