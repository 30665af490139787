"""A small Open Referral UK directory, as an administrator loads it on the server, in two editions.

Edition 1: three organisations and four services at three places (two share the market hall),
each with a weekly schedule and a cost. Edition 2, loaded later in the day: two services
renamed, one no longer giving a price, one whose session is replaced by one running at
weekends, one costing more and temporarily closed, one re-assured, an organisation described
anew, and one service new (at a new place, with its schedule and cost).

The ids are the feed's own and the same in every organisation that loads it (two PCNs loading
one council's feed do); each organisation's copy names its fleet, so a copy that strayed into
another organisation would show.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

_ORGANISATIONS = {
    "org-1": ("Canal Side Walkers", "Volunteers who lead walks along the towpath"),
    "org-2": ("Otley Community Trust", "Community groups in the old town"),
    "org-3": ("Alzheimer's Society Millbrook", "Support for people living with dementia"),
}
_PLACES = {
    "loc-1": ("The Lock Café", "Lock 7, Canal Side", "MB1 6YF"),
    "loc-2": ("The Old Forge", "2 Forge Lane", "MB2 1AB"),
    "loc-3": ("Market Hall", "Market Place", "MB1 1AA"),
    "loc-4": ("Allotment 14", "Greenside Allotments", "MB3 4QT"),
}
# id: organisation, name, place, days, opens, closes, cost (pounds)
_SERVICES = {
    "svc-1": ("org-1", "Tuesday Towpath Walk", "loc-1", "TU", "10:00", "11:00", 0.0),
    "svc-2": ("org-2", "Men's Shed", "loc-2", "WE", "13:00", "16:00", 2.0),
    "svc-3": ("org-2", "Chatty Café", "loc-3", "SA", "10:00", "12:00", 0.0),
    "svc-4": ("org-3", "Singing for the Brain", "loc-3", "TH", "14:00", "15:30", 3.0),
}
_NEW_IN_EDITION_2 = {
    "svc-5": ("org-1", "Gardening Together", "loc-4", "FR", "10:00", "12:00", 0.0),
}


def document(edition: int, fleet: int) -> list[dict[str, Any]]:
    """The feed as a list of services, each with its organisation and places nested in it."""
    services = dict(_SERVICES)
    organisations = dict(_ORGANISATIONS)
    if edition >= 2:
        services |= _NEW_IN_EDITION_2
        services["svc-2"] = ("org-2", "Otley Men's Shed", *services["svc-2"][2:])
        org, _, place, _, opens, closes, cost = services["svc-3"]
        services["svc-3"] = (org, "Chatty Café and Crafts", place, "SA,SU", opens, closes, cost)
        services["svc-4"] = (*services["svc-4"][:6], 4.0)
        organisations["org-2"] = ("Otley Community Trust", "Groups, crafts and a shed")
    found = []
    for sid, (org, name, place, days, opens, closes, cost) in services.items():
        n = sid.removeprefix("svc-")
        org_name, about = organisations[org]
        place_name, street, postcode = _PLACES[place]
        service: dict[str, Any] = {
            "id": sid, "name": name, "status": "active",
            "description": f"{name}: everyone welcome (fleet {fleet})",
            "assured_date": "2026-04-27",
            "organization": {"id": org, "name": org_name, "description": f"{about} ({fleet})"},
            "service_at_locations": [{
                "id": f"sal-{n}", "location": {
                    "id": place, "location_type": "physical", "name": place_name,
                    "addresses": [{
                        "id": f"addr-{place}", "address_1": street, "city": "Millbrook",
                        "state_province": "West Yorkshire", "postal_code": postcode,
                        "country": "GB", "address_type": "physical",
                    }],
                },
            }],
            "schedules": [{
                "id": f"sch-{n}", "freq": "WEEKLY", "interval": 1, "byday": days,
                "opens_at": f"{opens}:00", "closes_at": f"{closes}:00",
            }],
            "cost_options": [{"id": f"cost-{n}", "amount": cost, "currency": "GBP"}],
        }  # fmt: skip
        if edition >= 2 and sid == "svc-4":
            service["status"] = "temporarily closed"
            service["alert"] = "Closed while the hall is repaired"
        if edition >= 2 and sid == "svc-1":
            service["assured_date"] = "2026-10-01"
        if edition >= 2 and sid == "svc-2":
            service["cost_options"] = []  # no price given any more: the old one goes
        if edition >= 2 and sid == "svc-3":  # the Saturday session replaced by a new one
            (session,) = service["schedules"]
            service["schedules"] = [{**session, "id": f"sch-{n}b"}]
        found.append(service)
    return found


def write(folder: Path, edition: int, fleet: int) -> Path:
    path = folder / f"directory-{edition}.json"
    path.write_text(json.dumps(document(edition, fleet)))
    return path


def service_names(edition: int) -> dict[str, str]:
    """What each service is called in an edition, by id."""
    return {s["id"]: s["name"] for s in document(edition, 0)}
