"""The index lifecycle requests the Elasticsearch engine sends, against a stand-in server that keeps indices and aliases.

No Elasticsearch can run here: a small HTTP server answers the index and
alias APIs the way Elasticsearch 9 does (including its refusal of wildcard
deletes, ``action.destructive_requires_name``) and records every request.
"""

import fnmatch
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

import pytest

from logis.search_documents import SearchDocument
from search.analysis import SynonymTable
from search.backends.elastic import ElasticsearchBackend
from search.synonyms import current_table

pytestmark = pytest.mark.django_db


class StandIn(BaseHTTPRequestHandler):
    """Indices and aliases only: enough for create, bulk, alias swap, close/settings/open and delete."""

    def log_message(self, *args):
        pass

    def _answer(self, status, data=None):
        raw = json.dumps(data if data is not None else {"acknowledged": True}).encode()
        self.send_response(status)
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(raw)

    def _handle(self):
        state, path = self.server.state, unquote(urlsplit(self.path).path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        state["requests"].append((self.command, path, body))
        parts = [p for p in path.split("/") if p]
        aliases = state["aliases"]
        if parts[0] == "_alias":
            owners = [i for i, names in aliases.items() if parts[1] in names]
            return self._answer(200 if owners else 404, {i: {"aliases": {parts[1]: {}}} for i in owners})
        if parts == ["_aliases"]:
            for action in json.loads(body)["actions"]:
                (kind, spec), = action.items()
                (aliases[spec["index"]].add if kind == "add" else aliases[spec["index"]].discard)(spec["alias"])
            return self._answer(200)
        if parts[-1] == "_search":
            return self._answer(200, state["search_response"])
        if parts[-1] == "_bulk":
            return self._answer(200, self._bulk(parts[0], body))
        if parts[-1] in ("_close", "_open", "_settings", "_count"):
            return self._answer(200, {"count": 0, "acknowledged": True})
        if self.command == "PUT":
            aliases[parts[0]] = set()
            return self._answer(200, {"acknowledged": True, "index": parts[0]})
        if self.command == "GET":
            matched = [i for i in aliases if any(fnmatch.fnmatch(i, p) for p in parts[0].split(","))]
            return self._answer(200, {i: {} for i in matched})
        if self.command == "DELETE":
            if "*" in parts[0]:
                return self._answer(400, {"error": {"type": "illegal_argument_exception",
                                                    "reason": "Wildcard expressions or all indices are not allowed"}})
            for name in parts[0].split(","):
                aliases.pop(name)
            return self._answer(200)
        return self._answer(404, {"error": "unexpected request"})

    def _bulk(self, target, body):
        """Index and delete actions on the documents' ids; deleting an unknown id answers 404 as Elasticsearch does."""
        index = next((i for i, names in self.server.state["aliases"].items() if target in names), target)
        ids, items = self.server.state["docs"].setdefault(index, set()), []
        lines = iter(json.loads(line) for line in body.splitlines() if line.strip())
        for action in lines:
            (kind, meta), = action.items()
            if kind == "delete":
                status = 200 if meta["_id"] in ids else 404
                ids.discard(meta["_id"])
            else:
                next(lines)
                ids.add(meta["_id"])
                status = 201
            items.append({kind: {"_index": index, "_id": meta["_id"], "status": status}})
        return {"errors": any(item[kind]["status"] >= 300 for item in items), "items": items}

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _handle


@pytest.fixture
def stand_in(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    server.state = {"requests": [], "aliases": {}, "docs": {}}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{server.server_port}"
    settings.LOGIS_SEARCH_INDEX_PREFIX = "logis-essai"
    yield server.state
    server.shutdown()
    server.server_close()


def documents(*titles):
    return [(f"essai:{n}", SearchDocument(id=f"essai:{n}", type="essai", title=t, body=t, url=f"/{n}/"))
            for n, t in enumerate(titles)]


def sent(state, method, suffix=""):
    return [(path, body) for m, path, body in state["requests"] if m == method and path.endswith(suffix)]


def test_a_rebuild_fills_a_new_index_then_moves_the_alias_in_one_step(stand_in):
    backend = ElasticsearchBackend()
    backend.rebuild(documents("Cotation"))
    first = next(iter(stand_in["aliases"]))
    backend.rebuild(documents("Cotation", "Radiation"))
    (second,) = [i for i in stand_in["aliases"] if i != first] or [None]
    assert second and stand_in["aliases"] == {second: {"logis-essai-documents"}}     # the old index is gone
    swap = json.loads(sent(stand_in, "POST", "/_aliases")[-1][1])["actions"]
    assert swap == [{"remove": {"index": first, "alias": "logis-essai-documents"}},
                    {"add": {"index": second, "alias": "logis-essai-documents"}}]
    bulk = sent(stand_in, "PUT", f"/{second}/_bulk") + sent(stand_in, "POST", f"/{second}/_bulk")
    lines = [json.loads(line) for line in bulk[-1][1].splitlines()]
    assert [line["index"]["_id"] for line in lines[::2]] == ["essai:0", "essai:1"]
    assert lines[3]["title"] == "Radiation" and lines[3]["plugin"] == "_core"


def test_drop_names_the_indices_it_deletes(stand_in):
    backend = ElasticsearchBackend()
    backend.rebuild(documents("Cotation"))
    backend.drop()
    assert stand_in["aliases"] == {}
    assert all("*" not in path for path, _body in sent(stand_in, "DELETE"))


def test_edited_synonyms_are_pushed_into_the_closed_index(stand_in):
    from search.models import Synonym

    backend = ElasticsearchBackend()
    backend.synonyms_changed()                         # no index yet: nothing to do
    assert not sent(stand_in, "POST", "/_close")
    backend.rebuild(documents("Cotation"))
    Synonym.objects.create(terms="guichet, point d'accueil")
    backend.synonyms_changed()
    (index,) = stand_in["aliases"]
    steps = [(m, p) for m, p, _b in stand_in["requests"] if p.startswith(f"/{index}/_")]
    assert steps[-3:] == [("POST", f"/{index}/_close"), ("PUT", f"/{index}/_settings"), ("POST", f"/{index}/_open")]
    pushed = json.loads(sent(stand_in, "PUT", f"/{index}/_settings")[-1][1])
    assert pushed["analysis"]["filter"]["logis_synonyms"]["synonyms"] == SynonymTable.from_groups(
        s.group for s in Synonym.objects.all()).rules() == current_table().rules()
    assert "guichet, point d'accueil" in pushed["analysis"]["filter"]["logis_synonyms"]["synonyms"]


def test_removal_and_updates_go_through_the_alias(stand_in):
    backend = ElasticsearchBackend()
    backend.upsert(documents("Cotation"))              # creates the index behind the alias on first use
    (index,) = stand_in["aliases"]
    assert stand_in["aliases"][index] == {"logis-essai-documents"}
    backend.remove(["essai:0", "essai:7"])
    bulk = sent(stand_in, "PUT", "/logis-essai-documents/_bulk") + sent(stand_in, "POST", "/logis-essai-documents/_bulk")
    assert [json.loads(line) for line in bulk[-1][1].splitlines()] == [{"delete": {"_id": "essai:0"}}, {"delete": {"_id": "essai:7"}}]
    assert stand_in["docs"][index] == set()           # essai:7 was never there: its 404 is no error


def test_an_answer_in_elasticsearch_shape_becomes_hits_facets_and_a_correction(stand_in):
    """Parsing of a response shaped as Elasticsearch documents it (hits, filtered aggregations, term suggester)."""
    from search.analysis import plan_query
    from search.results import SearchQuery
    from search.visibility import Visibility

    backend = ElasticsearchBackend()
    backend.upsert(documents("Cotation"))
    buckets = {"themes": [("Cotation", 1)], "sections": [("cotation", 1)], "types": [("essai", 1)]}
    stand_in["search_response"] = {
        "took": 2, "timed_out": False, "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
        "hits": {"total": {"value": 1, "relation": "eq"}, "max_score": 2.5, "hits": [{
            "_index": next(iter(stand_in["aliases"])), "_id": "essai:0", "_score": 2.5,
            "_source": {"key": "essai:0", "doc_id": "essai:0", "type": "essai", "plugin": "_core", "slug": "grille",
                        "url": "/0/", "section": "cotation", "themes": ["Cotation"], "title": "Grille de cotation",
                        "summary": "Les critères", "body": "La grille de cotation"},
            "highlight": {"body": ["La grille de <mark>cotation</mark>"]},
        }]},
        "aggregations": {f"_filter_{name}": {"doc_count": 1, name: {
            "doc_count_error_upper_bound": 0, "sum_other_doc_count": 0,
            "buckets": [{"key": key, "doc_count": count} for key, count in values]}} for name, values in buckets.items()},
        "suggest": {"fix": [{"text": "cotaton", "offset": 0, "length": 7,
                             "options": [{"text": "cotation", "score": 0.86, "freq": 3}]}]},
    }
    answer = backend.search(SearchQuery(plan_query("cotaton", SynonymTable()), Visibility(plugins=("_core",))))
    (method, path, body), = [r for r in stand_in["requests"] if r[1].endswith("/_search")]
    assert path == "/logis-essai-documents/_search" and json.loads(body)["track_total_hits"] is True
    assert answer.total == 1 and answer.corrections == {"cotaton": "cotation"}
    hit = answer.hits[0]
    assert (hit.key, hit.title, hit.url, hit.slug, hit.section, hit.themes, hit.plugin, hit.score) == (
        "essai:0", "Grille de cotation", "/0/", "grille", "cotation", ["Cotation"], "", 2.5)
    assert hit.highlight == "La grille de <mark>cotation</mark>"
    assert answer.facets == {"themes": {"Cotation": 1}, "sections": {"cotation": 1}, "types": {"essai": 1}}
