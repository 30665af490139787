"""``import-directory`` on the server: Open Referral UK organisations and services, into the
organisation's directory, from where every laptop of the organisation pulls them.

This first version takes the JSON forms (one service, a list of services, a ``contents`` page, or
an organisation with its ``services``) and keeps the organisation and service fields; the fuller
mapping (locations, schedules, costs, tabular files) is the directory issue's importer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from linkworker.server import tables as t
from linkworker.server.records import Ledger, server_write

ORG_FIELDS = ("name", "alternate_name", "description", "email", "website", "legal_status", "uri")
SERVICE_FIELDS = (
    "name", "alternate_name", "description", "url", "email", "status", "interpretation_services",
    "application_process", "fees_description", "eligibility_description", "minimum_age",
    "maximum_age", "assured_date", "assurer_email", "alert", "last_modified",
)  # fmt: skip
BATCH = 500


@dataclass
class ImportReport:
    imported: int = 0
    updated: int = 0
    skipped: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [
            f"Imported {self.imported}, updated {self.updated}, skipped {self.skipped}.",
            *(f"  {p}" for p in self.problems),
        ]
        return "\n".join(lines)


def _services(doc: Any) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    """(service, its organisation if given) pairs from any of the JSON forms."""
    if isinstance(doc, list):
        return [(s, s.get("organization")) for s in doc if isinstance(s, dict)]
    if not isinstance(doc, dict):
        raise ValueError("The file holds neither a service nor a list of services.")
    if isinstance(doc.get("contents"), list):
        return _services(doc["contents"])
    if isinstance(doc.get("services"), list):  # an organisation with its services
        return [(s, doc) for s in doc["services"] if isinstance(s, dict)]
    return [(doc, doc.get("organization") if isinstance(doc.get("organization"), dict) else None)]


def import_file(conn: Connection, org_id: str, path: str | Path) -> ImportReport:
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path} is not valid JSON (line {exc.lineno}).") from None
    report = ImportReport()
    writes: list[tuple[str, str, dict[str, Any]]] = []
    for service, org in _services(doc):
        sid = service.get("id")
        if not isinstance(sid, str) or not sid or not isinstance(service.get("name"), str):
            report.skipped += 1
            report.problems.append(f"service {sid or '(no id)'}: needs an id and a name")
            continue
        org_ref = service.get("organization_id")
        if isinstance(org, dict) and isinstance(org.get("id"), str) and org.get("name"):
            org_ref = org["id"]
            writes.append(("dir_organization", org["id"], {k: org.get(k) for k in ORG_FIELDS}))
        values = {k: service.get(k) for k in SERVICE_FIELDS if k in service}
        values["organization_id"] = org_ref if isinstance(org_ref, str) else None
        writes.append(("dir_service", sid, values))
    existing = {
        (e, i)
        for e, i in conn.execute(
            select(t.record.c.entity, t.record.c.entity_id).where(
                t.record.c.org_id == org_id,
                t.record.c.entity.in_(("dir_service", "dir_organization")),
            )
        )
    }
    seen: set[tuple[str, str]] = set()
    unique = []
    for w in writes:
        key = (w[0], w[1])
        if key in seen:
            continue
        seen.add(key)
        unique.append(w)
        if w[0] == "dir_service":
            if key in existing:
                report.updated += 1
            else:
                report.imported += 1
    ledger = Ledger(conn, org_id)
    for i in range(0, len(unique), BATCH):
        server_write(conn, org_id, unique[i : i + BATCH], ledger)
    ledger.close()
    return report
