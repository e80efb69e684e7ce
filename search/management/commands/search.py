"""``logis search reindex|query|acronyms``: rebuild the index, query it as an operator or a script would, or
read the acronyms the content defines into the suggestions editors review."""

import json
import time

from django.core.management.base import BaseCommand, CommandError

from search import service, suggestions
from search.backends import get_backend
from search.models import AcronymSuggestion

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Recherche : reconstruire l'index (reindex), l'interroger (query) ou relire les sigles du contenu (acronyms)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{reindex,query,acronyms}")
        reindex = sub.add_parser("reindex", help="Reconstruit tout l'index depuis la base de données.")
        reindex.add_argument("--json", action="store_true", help="Affiche le bilan en JSON, sans barre de progression.")
        query = sub.add_parser("query", help="Interroge l'index comme le ferait un visiteur anonyme.")
        query.add_argument("text", help="Texte recherché.")
        query.add_argument("--theme", action="append", default=[], help="Filtre par thème (répétable).")
        query.add_argument("--section", action="append", default=[], help="Filtre par rubrique (identifiant, répétable).")
        query.add_argument("--limit", type=int, default=10, help="Nombre de résultats (10 par défaut, 100 au plus).")
        query.add_argument("--json", action="store_true", help="Affiche la réponse en JSON.")
        acronyms = sub.add_parser("acronyms", help="Relit le glossaire et les pages : nouveaux sigles suggérés aux rédacteurs.")
        acronyms.add_argument("--json", action="store_true", help="Affiche le bilan en JSON.")

    def handle(self, *args, **options):
        if options["action"] == "reindex":
            return self.reindex(options["json"])
        if options["action"] == "acronyms":
            return self.acronyms(options["json"])
        return self.query(options)

    def acronyms(self, as_json):
        added = suggestions.learn()
        counts = {status: AcronymSuggestion.objects.filter(status=status).count() for status, _label in AcronymSuggestion.STATUSES}
        if as_json:
            self.stdout.write(json.dumps({"new": added, **counts}))
            return
        self.stdout.write(self.style.SUCCESS(
            f"{added} nouveau(x) sigle(s) suggéré(s) ; {counts['pending']} à examiner, {counts['accepted']} accepté(s), "
            f"{counts['rejected']} rejeté(s) (Paramètres → Sigles suggérés)."))

    def _bar(self, done, total):
        if done == total or done % 25 == 0:
            filled = BAR_WIDTH * done // max(total, 1)
            self.stdout.write(f"\rIndexation [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total}", ending="")
            self.stdout.flush()

    def reindex(self, as_json):
        backend = get_backend()
        started = time.perf_counter()
        count = service.reindex(progress=None if as_json else self._bar, backend=backend)
        seconds = round(time.perf_counter() - started, 2)
        if as_json:
            self.stdout.write(json.dumps({"backend": backend.name, "documents": count, "seconds": seconds}))
        else:
            self.stdout.write("")
            self.stdout.write(self.style.SUCCESS(f"{count} documents indexés ({backend.name}) en {seconds} s."))

    def query(self, options):
        if not 1 <= options["limit"] <= service.MAX_PER_PAGE:
            raise CommandError(f"--limit doit être compris entre 1 et {service.MAX_PER_PAGE}.")
        results = service.search(options["text"], themes=options["theme"], sections=options["section"], per_page=options["limit"])
        if options["json"]:
            answer = {
                "total": results.total,
                "results": [{"slug": h.slug, "title": h.title, "url": h.url, "score": round(h.score, 4), "highlight": h.highlight}
                            for h in results.hits],
                "facets": {"themes": results.facets.get("themes", {}), "sections": results.facets.get("sections", {})},
            }
            self.stdout.write(json.dumps(answer, ensure_ascii=False))
            return
        self.stdout.write(f"{results.total} résultat(s) pour « {options['text']} »")
        for hit in results.hits:
            self.stdout.write(f"  {hit.score:7.2f}  {hit.title}  {hit.url}")
        if results.suggestion:
            self.stdout.write(f"Essayez plutôt : {results.suggestion}")
