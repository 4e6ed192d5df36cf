"""What the typed helpers of both clients share: method paths, requests, results."""
from __future__ import annotations

from typing import Iterable, List, NamedTuple, Optional

from ._errors import AnalyzerError
from .analysis.v1 import analysis_pb2, duplicates_pb2, quotes_pb2
from .articles import DocumentLike, as_document, as_documents
from .dedup.v1 import dedup_pb2

HEALTH_CHECK = "/newswire.health.v1.Health/Check"
HEALTH_WATCH = "/newswire.health.v1.Health/Watch"
LIST_SERVICES = "/newswire.reflection.v1.ServerReflection/ListServices"
LIST_PLUGINS = "/newswire.reflection.v1.ServerReflection/ListPlugins"
ANALYZE = "/newswire.analysis.v1.Analysis/Analyze"
ANALYZE_STREAM = "/newswire.analysis.v1.Analysis/AnalyzeStream"
LIST_ANALYZERS = "/newswire.analysis.v1.Analysis/ListAnalyzers"
SENTIMENT_SCORE = "/newswire.sentiment.v1.Sentiment/Score"
DEDUP = "/newswire.dedup.v1.Dedup/"
DEDUP_CLUSTER = DEDUP + "Cluster"
DEDUP_ADD = DEDUP + "Add"
DEDUP_QUERY = DEDUP + "Query"
DEDUP_REMOVE = DEDUP + "Remove"
DEDUP_STATS = DEDUP + "Stats"
DEDUP_LIST_COLLECTIONS = DEDUP + "ListCollections"
DEDUP_DROP_COLLECTION = DEDUP + "DropCollection"


def _names(analyzers: Optional[Iterable[str]]) -> List[str]:
    if analyzers is None:
        return []
    if isinstance(analyzers, str):
        return [analyzers]
    return list(analyzers)


def analyze_request(documents, analyzers: Optional[Iterable[str]]) -> analysis_pb2.AnalyzeRequest:
    return analysis_pb2.AnalyzeRequest(documents=as_documents(documents), analyzers=_names(analyzers))


def stream_request(document: DocumentLike, analyzers: Optional[Iterable[str]]) -> analysis_pb2.AnalyzeStreamRequest:
    return analysis_pb2.AnalyzeStreamRequest(document=as_document(document), analyzers=_names(analyzers))


def checked(result: analysis_pb2.DocumentAnalysis) -> analysis_pb2.DocumentAnalysis:
    """The result, or AnalyzerError for its first error."""
    if result.errors:
        e = result.errors[0]
        raise AnalyzerError(e.analyzer, e.code, e.message)
    return result


class QuoteGroups(NamedTuple):
    """The quotes analyzer on a batch."""

    #: Each document's QuotesResult, in request order (empty where it failed; see `errors`).
    results: List[quotes_pb2.QuotesResult]
    #: The same remark reported by several documents.
    groups: List[quotes_pb2.QuoteGroup]
    #: Per document, its AnalyzerError list.
    errors: List[List[analysis_pb2.AnalyzerError]]
    response: analysis_pb2.AnalyzeResponse


class Duplicates(NamedTuple):
    """The dedup analyzer on a batch."""

    #: Each document's DuplicatesResult (repeated passages inside it), in request order.
    results: List[duplicates_pb2.DuplicatesResult]
    #: Clusters of near-duplicate documents.
    clusters: List[duplicates_pb2.DuplicateCluster]
    errors: List[List[analysis_pb2.AnalyzerError]]
    response: analysis_pb2.AnalyzeResponse


def quote_groups(r: analysis_pb2.AnalyzeResponse) -> QuoteGroups:
    return QuoteGroups([d.quotes for d in r.results], list(r.batch.quote_groups),
                       [list(d.errors) for d in r.results], r)


def duplicates(r: analysis_pb2.AnalyzeResponse) -> Duplicates:
    return Duplicates([d.duplicates for d in r.results], list(r.batch.duplicate_clusters),
                      [list(d.errors) for d in r.results], r)


# -- the dedup plugin's own service (newswire.dedup.v1.Dedup) -------------------
# Each typed helper of both clients is (path, request, response type); the
# clients only add the call. Documents may be Documents or str texts (as
# everywhere); a collection's document ids are the documents' `id`s.

def _ids(ids: Iterable[str]) -> List[str]:
    return [ids] if isinstance(ids, str) else list(ids)


def dedup_cluster(documents, min_similarity: float, passages: bool):
    return (DEDUP_CLUSTER, dedup_pb2.ClusterRequest(documents=as_documents(documents), min_similarity=min_similarity,
                                                    passages=passages), dedup_pb2.ClusterResponse)


def dedup_add(collection: str, documents):
    return (DEDUP_ADD, dedup_pb2.AddRequest(collection=collection, documents=as_documents(documents)),
            dedup_pb2.AddResponse)


def dedup_query(collection: str, document: DocumentLike, min_similarity: float, limit: int):
    return (DEDUP_QUERY, dedup_pb2.QueryRequest(collection=collection, document=as_document(document),
                                                min_similarity=min_similarity, limit=limit), dedup_pb2.QueryResponse)


def dedup_remove(collection: str, document_ids: Iterable[str]):
    return (DEDUP_REMOVE, dedup_pb2.RemoveRequest(collection=collection, document_ids=_ids(document_ids)),
            dedup_pb2.RemoveResponse)


def dedup_stats(collection: str):
    return (DEDUP_STATS, dedup_pb2.StatsRequest(collection=collection), dedup_pb2.StatsResponse)


def dedup_collections():
    return (DEDUP_LIST_COLLECTIONS, dedup_pb2.ListCollectionsRequest(), dedup_pb2.ListCollectionsResponse)


def dedup_drop(collection: str):
    return (DEDUP_DROP_COLLECTION, dedup_pb2.DropCollectionRequest(collection=collection),
            dedup_pb2.DropCollectionResponse)
