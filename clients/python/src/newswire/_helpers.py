"""What the typed helpers of both clients share: method paths, requests, results."""
from __future__ import annotations

from typing import Iterable, List, NamedTuple, Optional

from ._errors import AnalyzerError
from .analysis.v1 import analysis_pb2, duplicates_pb2, quotes_pb2
from .articles import DocumentLike, as_document, as_documents

HEALTH_CHECK = "/newswire.health.v1.Health/Check"
HEALTH_WATCH = "/newswire.health.v1.Health/Watch"
LIST_SERVICES = "/newswire.reflection.v1.ServerReflection/ListServices"
LIST_PLUGINS = "/newswire.reflection.v1.ServerReflection/ListPlugins"
ANALYZE = "/newswire.analysis.v1.Analysis/Analyze"
ANALYZE_STREAM = "/newswire.analysis.v1.Analysis/AnalyzeStream"
LIST_ANALYZERS = "/newswire.analysis.v1.Analysis/ListAnalyzers"
SENTIMENT_SCORE = "/newswire.sentiment.v1.Sentiment/Score"


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
