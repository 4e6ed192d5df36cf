"""The typed helpers against the real server and its sentiment plugin, on the project's own articles."""
from __future__ import annotations

import asyncio

import pytest

import newswire
from newswire import AnalyzerError, RpcError, StatusCode, Utf8Index, span_text, str_range
from newswire.analysis.v1 import analysis_pb2

from conftest import ARTICLES

FILES = sorted(ARTICLES.glob("*.txt"))


@pytest.fixture
def client(address):
    with newswire.Client(address) as c:
        yield c


def analyzers(client):
    return {a.name for a in client.list_analyzers()}


def test_read_article():
    doc = newswire.read_article(ARTICLES / "library-reopens.txt")
    assert doc.title == "Old library reopens with a rooftop garden"
    assert doc.id.endswith("library-reopens.txt")
    assert doc.text.startswith(doc.title + "\n")


def test_analyze_a_batch(client):
    docs = [newswire.read_article(f) for f in FILES]
    r = client.analyze(docs)
    assert [d.document_id for d in r.results] == [d.id for d in docs]
    assert [d.index for d in r.results] == list(range(len(docs)))
    for d, res in zip(docs, r.results):
        assert not res.errors
        s = res.sentiment
        assert -1 <= s.document.compound <= 1 and s.sentences
        idx = Utf8Index(d.text)
        for sentence in s.sentences:
            assert idx.text_of(sentence.span) == span_text(d.text, sentence.span)
            assert idx.text_of(sentence.span).strip()


def test_sentiment_and_score(client):
    doc = newswire.read_article(ARTICLES / "library-reopens.txt")
    s = client.sentiment(doc)
    assert s == client.analyze_document(doc).sentiment
    assert {e.name for e in s.entities} >= {"Priya Nair"}
    scored = client.score(doc.text)
    assert scored.document.compound == pytest.approx(s.document.compound)
    assert client.score("What a wonderful, happy day!").document.compound > 0.5
    assert client.score("This is a terrible, awful disaster.").document.compound < -0.5
    bare = client.score(doc.text, skip_entities=True)
    assert list(bare.entities) == [] and scored.entities
    assert list(bare.sentences) == list(scored.sentences) and bare.document == scored.document


def test_spans_of_non_ascii_text(client):
    text = "Zoë Müller said the café was wonderful. Ελένη was not happy at all 😞.\nJosé agreed."
    s = client.sentiment(text)
    idx = Utf8Index(text)
    pieces = [idx.text_of(x.span) for x in s.sentences]
    assert pieces[0] == "Zoë Müller said the café was wonderful."
    for x in s.sentences:
        i, j = str_range(text, x.span)
        assert text[i:j].encode() == text.encode()[x.span.start:x.span.end]
    for e in s.entities:
        for m in e.mentions:
            assert idx.text_of(m) in e.name or e.name in idx.text_of(m)


def test_span_helper_edges():
    idx = Utf8Index("Zoë said yes")
    assert idx.str_range((5, 9)) == (4, 8) and idx.text_of((5, 9)) == "said"
    assert idx.str_index(13) == 12
    with pytest.raises(ValueError):
        idx.str_index(3)  # inside ë
    with pytest.raises(ValueError):
        idx.str_index(14)
    assert Utf8Index("plain").str_range((1, 3)) == (1, 3)
    assert span_text("a😞b", (1, 5)) == "😞"
    with pytest.raises(ValueError):
        span_text("a😞b", (1, 3))


def test_unknown_analyzer_fails_the_call(client):
    with pytest.raises(RpcError) as e:
        client.analyze(["some text"], ["no-such-analyzer"])
    assert e.value.code == StatusCode.INVALID_ARGUMENT
    assert e.value.message.startswith('unknown analyzer "no-such-analyzer"; this server has: ')


def test_invalid_utf8_fails_that_document_only(client):
    docs = [newswire.document("A fine day.", id="good"), newswire.document("bad \ufffd text", id="bad")]
    r = client.analyze(docs)
    assert not r.results[0].errors and r.results[0].sentiment.sentences
    (err,) = r.results[1].errors
    assert (err.analyzer, err.code) == ("", 3)
    assert err.message == 'document "bad" has invalid UTF-8 (or U+FFFD) in its text or title'
    with pytest.raises(AnalyzerError) as e:
        client.analyze_document(docs[1])
    assert e.value.code == StatusCode.INVALID_ARGUMENT and e.value.analyzer == ""


def test_undecodable_analyze_request(client):
    with pytest.raises(RpcError) as e:
        client.unary("/newswire.analysis.v1.Analysis/Analyze", b"\x0a\xff")
    assert e.value.code == StatusCode.INVALID_ARGUMENT
    assert e.value.message == "cannot decode the request as newswire.analysis.v1.AnalyzeRequest (2 bytes)"


def test_empty_batch(client):
    assert client.analyze([]) == analysis_pb2.AnalyzeResponse()


def test_analyze_stream(client):
    docs = [newswire.read_article(f) for f in FILES] * 3
    results = list(client.analyze_stream(iter(docs), ["sentiment"]))
    assert [r.index for r in results] == list(range(len(docs)))
    assert [r.document_id for r in results] == [d.id for d in docs]
    assert all(r.sentiment.sentences for r in results)


def test_analyze_stream_unknown_analyzer_ends_the_call(client):
    call = client.analyze_stream(["One.", "Two."], ["nope"])
    with pytest.raises(RpcError) as e:
        list(call)
    assert e.value.code == StatusCode.INVALID_ARGUMENT


def test_async_analysis(address):
    async def go():
        async with newswire.AsyncClient(address) as c:
            docs = [newswire.read_article(f) for f in FILES]
            r = await c.analyze(docs)
            assert len(r.results) == len(docs)
            s = await c.sentiment(docs[0])
            assert s == r.results[0].sentiment

            async def feed():
                for d in docs:
                    yield d
            got = [x async for x in c.analyze_stream(feed())]
            assert [x.document_id for x in got] == [d.id for d in docs]
            assert [x.sentiment for x in got] == [x.sentiment for x in r.results]
    asyncio.run(go())


def test_quotes_helpers(client):
    doc = newswire.read_article(ARTICLES / "library-reopens.txt")
    if "quotes" not in analyzers(client):
        with pytest.raises(RpcError) as e:
            client.quotes(doc)
        assert e.value.code == StatusCode.INVALID_ARGUMENT and 'unknown analyzer "quotes"' in e.value.message
        return
    q = client.quotes(doc)
    texts = [x.text for x in q.quotes]
    assert "Children were queueing at the door before we opened," in texts or \
        "Children were queueing at the door before we opened" in texts
    idx = Utf8Index(doc.text)
    for x in q.quotes:
        assert idx.text_of(x.span) == x.text
    groups = client.quote_groups([newswire.read_article(f) for f in FILES])
    assert len(groups.results) == len(FILES)


def test_dedup_helpers(client):
    doc = newswire.read_article(ARTICLES / "library-reopens.txt")
    if "dedup" not in analyzers(client):
        with pytest.raises(RpcError) as e:
            client.duplicates(doc)
        assert e.value.code == StatusCode.INVALID_ARGUMENT and 'unknown analyzer "dedup"' in e.value.message
        return
    copy = newswire.document(doc.text, id="copy", title=doc.title)
    d = client.duplicate_clusters([doc, copy, newswire.read_article(ARTICLES / "harbour-bridge-daily-tide.txt")])
    assert any({m.document for m in c.members} == {0, 1} for c in d.clusters)


def test_dedup_collections(client):
    """The typed helpers of the dedup plugin's own service: a collection's whole life."""
    if "dedup" not in analyzers(client):
        pytest.skip("the server has no dedup plugin")
    import uuid
    name = "py-" + uuid.uuid4().hex[:8]   # the session's server is shared by the tcp and unix runs
    library = newswire.read_article(ARTICLES / "library-reopens.txt")
    bridge = newswire.read_article(ARTICLES / "harbour-bridge-daily-tide.txt")
    added = client.dedup_add(name, [newswire.document(library.text, id="lib"), newswire.document(bridge.text, id="bridge")])
    assert (added.added, added.replaced) == (2, 0)
    assert client.dedup_add(name, [newswire.document(library.text, id="lib")]).replaced == 1
    matches = client.dedup_query(name, newswire.document(library.text, id="probe"))
    assert [m.document_id for m in matches] == ["lib"] and matches[0].similarity > 0.9
    assert client.dedup_query(name, library, min_similarity=1.0, limit=1)[0].document_id == "lib"
    stats = client.dedup_stats(name)
    assert [(c.name, c.documents) for c in stats.collections] == [(name, 2)]
    assert name in {c.name for c in client.dedup_collections()}
    assert client.dedup_remove(name, ["lib", "missing"]) == 1
    assert client.dedup_query(name, library) == []
    copy = newswire.document(library.text, id="copy")
    clusters = client.dedup_cluster([library, copy, bridge], passages=True)
    assert [sorted(m.document for m in c.members) for c in clusters.clusters] == [[0, 1]]
    assert len(clusters.passages) == 3
    client.dedup_drop(name)
    assert name not in {c.name for c in client.dedup_collections()}
    with pytest.raises(RpcError) as e:
        client.dedup_add("", [library])
    assert e.value.code == StatusCode.INVALID_ARGUMENT


def test_dedup_collections_async(address, client):
    if "dedup" not in analyzers(client):
        pytest.skip("the server has no dedup plugin")
    import uuid
    name = "py-aio-" + uuid.uuid4().hex[:8]
    library = newswire.read_article(ARTICLES / "library-reopens.txt")

    async def go():
        async with newswire.AsyncClient(address) as c:
            assert (await c.dedup_add(name, [newswire.document(library.text, id="lib")])).added == 1
            assert [m.document_id for m in await c.dedup_query(name, library)] == ["lib"]
            assert (await c.dedup_stats(name)).collections[0].documents == 1
            assert name in {x.name for x in await c.dedup_collections()}
            assert await c.dedup_remove(name, "lib") == 1
            assert len((await c.dedup_cluster([library, library])).clusters) == 1
            await c.dedup_drop(name)
            assert name not in {x.name for x in await c.dedup_collections()}

    asyncio.run(asyncio.wait_for(go(), 60))
