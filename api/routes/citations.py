"""Citations: who cites an instrument (with pinpoints and relation), what a document cites, and the
archive's citation graph."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from .. import crud
from ..deps import CurrentUser, SessionDep
from ..errors import ApiError
from ..models import Citation, Document
from ..schemas import (
    CitationGraph,
    CitationsPublic,
    CitedInstrument,
    CitingDocument,
    DocumentCitationsPublic,
    GraphEdge,
    GraphNode,
)
from . import API_ERRORS

router = APIRouter(tags=["citations"], responses=API_ERRORS)


def _pinpoints(citation: Citation) -> list[str]:
    return [m["pinpoint"] for m in citation.mentions or [] if m.get("pinpoint")]


def _citing(citation: Citation, document: Document) -> CitingDocument:
    return CitingDocument(
        document_id=document.id,
        number_symbol=document.number_symbol,
        subject=document.subject,
        date=document.doc_date,
        relation=citation.relation,  # type: ignore[arg-type]
        pinpoints=_pinpoints(citation),
        spans=[tuple(m["span"]) for m in citation.mentions or [] if m.get("span")],
    )


@router.get("/citations", response_model=CitationsPublic)
def citing_documents(
    session: SessionDep,
    user: CurrentUser,
    number_symbol: Annotated[str, Query(min_length=1, max_length=100, examples=["91/2017/NĐ-CP"])],
) -> CitationsPublic:
    """The organisation's documents that cite this number and symbol."""
    key = crud.number_symbol_key(number_symbol)
    rows = crud.citing(session=session, org_id=user.org_id, key=key) if key else []
    data = [_citing(c, d) for c, d in rows]
    return CitationsPublic(number_symbol=number_symbol, data=data, count=len(data))


@router.get("/documents/{document_id}/citations", response_model=DocumentCitationsPublic)
def document_citations(
    document_id: uuid.UUID, session: SessionDep, user: CurrentUser
) -> DocumentCitationsPublic:
    """What a document cites (and which of those are in the archive), and who cites it."""
    document = crud.get_document(session=session, org_id=user.org_id, document_id=document_id)
    if document is None:
        raise ApiError(404, "not_found", detail=f"document {document_id}")
    cites = crud.citations_of(session=session, org_id=user.org_id, document_id=document_id)
    archive = crud.archive_keys(
        session=session, org_id=user.org_id, keys={c.key for c in cites if c.key}
    )
    cited_by = (
        crud.citing(session=session, org_id=user.org_id, key=document.key) if document.key else []
    )
    return DocumentCitationsPublic(
        document_id=document.id,
        cites=[
            CitedInstrument(
                type=c.ref_type,
                number_symbol=c.number_symbol,
                date=c.date,
                issuer=c.issuer,
                title=c.title,
                relation=c.relation,
                pinpoints=_pinpoints(c),
                in_archive=archive.get(c.key or ""),  # type: ignore[arg-type]
            )
            for c in cites
        ],
        cited_by=[_citing(c, d) for c, d in cited_by if d.id != document.id],
    )


@router.get("/citations/graph", response_model=CitationGraph)
def citation_graph(session: SessionDep, user: CurrentUser) -> CitationGraph:
    """Nodes are documents of the archive and the instruments they cite; edges go from citing to
    cited. An instrument that is also in the archive is one node."""
    nodes: dict[str, GraphNode] = {}
    for document in crud.documents_of(session=session, org_id=user.org_id):
        node_id = document.key or f"doc:{document.id}"
        nodes[node_id] = GraphNode(
            id=node_id,
            label=document.number_symbol or document.filename,
            document_id=document.id,
            in_archive=True,
        )
    edges = []
    for citation, document in crud.all_citations(session=session, org_id=user.org_id):
        source = document.key or f"doc:{document.id}"
        target = citation.key or f"ref:{citation.id}"
        if target not in nodes:
            label = citation.number_symbol or citation.title or citation.ref_type
            nodes[target] = GraphNode(id=target, label=label, in_archive=False)
        edges.append(
            GraphEdge(
                source=source,
                target=target,
                relation=citation.relation,
                pinpoints=_pinpoints(citation),
            )  # type: ignore[arg-type]
        )
    return CitationGraph(nodes=list(nodes.values()), edges=edges)
