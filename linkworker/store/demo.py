"""A fictional caseload for trying the app (``linkworker demo-data``).

About fifty people referred over the past year, at every stage: some waiting for first contact,
some in conversation, most working on a plan, some closed. Each has a referral, and as far as
they have got: consent, contacts (older notes signed), About Me, a plan with needs, goals and
actions, ONS4 at baseline and follow-up or discharge, and follow-ups, some overdue. Everything
is written through the ordinary change capture, so it syncs like anything typed, and the load
is audited as one event (counts only). Names, numbers and addresses come from
``care.fictional``; nothing here can match a real person.

It refuses a database that already holds people: demo records mixed into a real caseload
would be a hazard.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from linkworker.care import fictional, measures, referral
from linkworker.store import audit
from linkworker.store.database import Database
from linkworker.store.errors import EnvironmentFault
from linkworker.store.tables import (
    AboutMe,
    CarePlan,
    Consent,
    Encounter,
    FollowUp,
    OutcomeMeasure,
    Person,
    PlanAction,
    PlanGoal,
    PlanNeed,
    Referral,
)

DEFAULT_PEOPLE = 48

# How many of every hundred people are at each stage.
_STAGES = (("received", 15), ("contacted", 15), ("engaged", 15), ("active", 35), ("closed", 20))

_GOALS = {
    "loneliness": ("I want to get out of the house and talk to people", "Try the Tuesday coffee "
                   "morning at the community centre"),
    "low mood": ("I want to feel less low in the afternoons", "Walk to the park three times a "
                 "week"),
    "long-term condition": ("I want to manage my breathing well enough to garden again",
                            "Join the breathe-easy group"),
    "housing": ("I want the damp in the flat sorted", "Ring the housing officer with the "
                "photos"),
    "money": ("I want to stop worrying about the gas bill", "Book the benefits check at "
              "Citizens Advice"),
    "employment": ("I want to do something useful with my days", "Visit the volunteer centre"),
    "physical activity": ("I want to walk to the shops without stopping", "Join the health "
                          "walk on Thursdays"),
    "weight": ("I want to cook proper meals again", "Go to the cook-and-eat course"),
    "carer support": ("I want an afternoon a week for me", "Ask about the carers' sitting "
                      "service"),
    "bereavement": ("I want to talk about Dad with people who understand", "Go to the "
                    "bereavement café once"),
    "digital skills": ("I want to video-call my grandchildren", "Book the library's tablet "
                       "sessions"),
    "frequent attendance": ("I want to know who to call when I'm worried", "Write down the "
                            "numbers for out of hours"),
    "other": ("I want to feel more settled", "Make a list of what helps"),
}  # fmt: skip

_ABOUT_ME = {
    "most_important": "My grandchildren, my cat Marmalade, and getting to church on Sundays.",
    "important_people": "My daughter Sue (rings most evenings), my neighbour Pat.",
    "communication": "I don't hear well on the left: sit on my right and speak clearly.",
    "wellness": "Good days and bad days. Mornings are hardest.",
    "please_do": "Ring before you visit. Give me time to answer.",
    "please_dont": "Don't talk to me as if I'm not there.",
    "how_and_when_to_support": "Afternoons are best, after my tablets have kicked in.",
    "also_worth_knowing": "I used to run the allotment society.",
}


class CaseloadNotEmpty(EnvironmentFault):
    """Demo data goes only into an empty caseload."""


@dataclass(frozen=True)
class DemoReport:
    people: int
    referrals: int
    contacts: int
    plans: int
    measures: int
    follow_ups: int


def load_demo(
    db: Database, people: int = DEFAULT_PEOPLE, today: dt.date | None = None, seed: int = 2026
) -> DemoReport:
    """Write the fictional caseload in one transaction; refuse a caseload that has people."""
    if people < 1:
        raise ValueError("people must be at least 1")
    today = today or dt.date.today()
    rng = random.Random(seed)
    with db.transaction() as s:
        held = s.exec(select(func.count()).select_from(Person)).one()
        if held:
            raise CaseloadNotEmpty(
                f"This caseload already has {held} {'person' if held == 1 else 'people'}.",
                "Demo data is loaded only into a new, empty database, so it can never be mixed "
                "up with real records. Try it with a separate LINKWORKER_HOME.",
            )
        writer = _Writer(s, rng, today)
        numbers = fictional.nhs_numbers(rng)
        stages = [stage for stage, share in _STAGES for _ in range(share)]
        for n in range(people):
            writer.person(stages[(n * 100) // people], next(numbers))
        report = writer.report()
        audit.record(s, "demo data loaded", detail=f"{report.people} people")
    return report


class _Writer:
    def __init__(self, session: Session, rng: random.Random, today: dt.date) -> None:
        self.s = session
        self.rng = rng
        self.today = today
        self.counts = dict.fromkeys(
            ("people", "referrals", "contacts", "plans", "measures", "follow_ups"), 0
        )

    def _put(self, row: object) -> None:
        """Add a row that later rows point to, and write it now: without ORM relationships the
        session does not order inserts by foreign key."""
        self.s.add(row)
        self.s.flush()

    def report(self) -> DemoReport:
        return DemoReport(**self.counts)

    def _at(self, day: dt.date, hour: int) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour, self.rng.choice((0, 15, 30, 45))), dt.UTC)

    def person(self, stage: str, nhs_number: str) -> None:
        rng, today = self.rng, self.today
        line1, town, postcode = fictional.address(rng)
        person = Person(
            given_name=rng.choice(fictional.GIVEN_NAMES),
            family_name=rng.choice(fictional.FAMILY_NAMES),
            nhs_number=nhs_number if rng.random() < 0.9 else None,
            date_of_birth=dt.date(rng.randint(1935, 2004), rng.randint(1, 12), rng.randint(1, 28)),
            address_line_1=line1, town=town, postcode=postcode,
            phone=fictional.phone(rng),
            preferred_contact_method=rng.choice(("phone", "text", "letter", "in person")),
            gp_practice_ods="Y99999",  # not a practice: the Y99 codes are not issued
            status="closed" if stage == "closed" else "active",
            risk_flag=rng.random() < 0.08,
        )  # fmt: skip
        if person.risk_flag:
            person.risk_notes = "Lives alone. Family ask to be rung if a visit is missed."
        self._put(person)
        self.counts["people"] += 1

        # The referral's timeline first, so that each record is written once, whole.
        if stage == "received":
            received = today - dt.timedelta(days=rng.randint(0, 20))
        else:
            received = today - dt.timedelta(days=rng.randint(30, 350))
        first = min(received + dt.timedelta(days=rng.randint(1, 14)), today)
        met = min(first + dt.timedelta(days=rng.randint(3, 14)), today)
        sessions, last = [], met
        for _ in range(rng.randint(1, 4)):
            last = min(last + dt.timedelta(days=rng.randint(10, 30)), today)
            sessions.append(last)
        closed = min(last + dt.timedelta(days=rng.randint(7, 30)), today)
        outcome = rng.choice(("goals met", "goals met", "goals met", "declined", "moved away"))
        reasons = rng.sample(sorted(referral.NEED_KEYS - {"other"}), rng.randint(1, 3))
        ref = Referral(
            person_id=person.id, received_on=received,
            source=rng.choice(referral.SOURCES[:4]), method=rng.choice(referral.METHODS),
            referrer_name=rng.choice(("Dr A. Patel", "Dr R. Holroyd", "Nurse J. Firth")),
            referrer_role="GP" if rng.random() < 0.6 else "practice nurse",
            referrer_organisation="Millbrook Health Centre",
            reasons=reasons, urgency=rng.choice(("routine", "routine", "routine", "soon")),
            state=stage, snomed_code=referral.SNOMED_REFERRED,
            state_changed_at=self._at(received, 9),
        )  # fmt: skip
        if stage != "received":
            ref.first_contact_at = ref.state_changed_at = self._at(first, 10)
        if stage == "closed":
            ref.close_outcome, ref.closed_on = outcome, closed
            ref.state_changed_at = self._at(closed, 16)
            if outcome == "declined":
                ref.snomed_code = referral.SNOMED_DECLINED
        self._put(ref)
        self.counts["referrals"] += 1
        if stage == "received":
            return

        self.s.add(Consent(
            person_id=person.id, kind="support from the service", given=True, recorded_on=first,
            how_recorded="verbal",
        ))  # fmt: skip
        self.contact(person.id, ref.id, first, "phone", "conversation", signed=True)
        if stage == "contacted":
            self.follow_up(person.id, first + dt.timedelta(days=rng.randint(5, 20)),
                           "Ring to arrange the first meeting")  # fmt: skip
            return

        self.contact(person.id, ref.id, met, "face to face", "conversation", signed=True)
        self.measure(person.id, "baseline", met, better=0)
        about = AboutMe(person_id=person.id, supported_to_write_by="Link worker",
                        last_updated_on=met)  # fmt: skip
        for heading, text in _ABOUT_ME.items():
            setattr(about, heading, text)
        self.s.add(about)
        if stage == "engaged":
            self.follow_up(person.id, met + dt.timedelta(days=rng.randint(7, 28)),
                           "Talk through the plan together")  # fmt: skip
            return

        self.plan(person.id, reasons, met)
        for day in sessions:
            self.contact(person.id, ref.id, day, rng.choice(("face to face", "phone", "video")),
                         "coaching", signed=day < today - dt.timedelta(days=7))  # fmt: skip
        if stage == "active":
            if (last - met).days >= 42:
                self.measure(person.id, "follow-up", last, better=rng.randint(0, 3))
            self.follow_up(person.id, last + dt.timedelta(days=rng.randint(-10, 21)),
                           "Review how the group is going")  # fmt: skip
            return

        self.contact(person.id, ref.id, closed, "face to face", "review", signed=True)
        if outcome == "goals met":
            self.measure(person.id, "discharge", closed, better=rng.randint(1, 4))

    def contact(
        self, person_id: str, referral_id: str, day: dt.date, mode: str, kind: str, signed: bool
    ) -> None:
        at = self._at(day, self.rng.randint(9, 15))
        notes = {
            "conversation": "Talked about what matters: feels stuck at home since the winter.",
            "coaching": "Went through the plan. Managed two of the walks; confidence up.",
            "review": "Looked back at the plan together. Happy to finish here.",
        }[kind]
        self.s.add(Encounter(
            person_id=person_id, referral_id=referral_id, occurred_at=at, mode=mode, kind=kind,
            duration_minutes=self.rng.choice((20, 30, 45, 60)), attended=True, notes=notes,
            signed_off_at=at + dt.timedelta(hours=2) if signed else None,
        ))  # fmt: skip
        self.counts["contacts"] += 1

    def measure(self, person_id: str, timepoint: str, day: dt.date, better: int) -> None:
        rng = self.rng
        base = {"life_satisfaction": rng.randint(2, 6), "worthwhile": rng.randint(2, 6),
                "happiness": rng.randint(2, 6), "anxiety": rng.randint(4, 9)}  # fmt: skip
        answers = {
            q.key: max(0, min(10, base[q.key] + (better if q.higher_is_better else -better)))
            for q in measures.ONS4
        }
        self.s.add(OutcomeMeasure(
            person_id=person_id, instrument="ONS4", timepoint=timepoint, taken_on=day,
            answers=measures.check_ons4(answers),
        ))  # fmt: skip
        self.counts["measures"] += 1

    def plan(self, person_id: str, reasons: list[str], day: dt.date) -> None:
        rng = self.rng
        plan = CarePlan(
            person_id=person_id,
            strengths="Good sense of humour; close to family; knows the area well.",
            agreed_with="The person", agreed_on=day, review_on=day + dt.timedelta(days=84),
            status="agreed",
        )  # fmt: skip
        self._put(plan)
        for reason in reasons[:2]:
            goal_text, action_text = _GOALS[reason]
            need = PlanNeed(plan_id=plan.id, description=_need_label(reason))
            goal = PlanGoal(plan_id=plan.id, need_id=need.id, in_own_words=goal_text,
                            importance=rng.randint(6, 10), status="in progress")  # fmt: skip
            action = PlanAction(
                goal_id=goal.id, what=action_text, who="Me, with the link worker",
                due_on=day + dt.timedelta(days=rng.randint(7, 42)), confidence=rng.randint(4, 9),
                status="doing", review_on=day + dt.timedelta(days=42),
            )  # fmt: skip
            self._put(need)
            self._put(goal)
            self._put(action)
        self.counts["plans"] += 1

    def follow_up(self, person_id: str, due: dt.date, what: str) -> None:
        self.s.add(FollowUp(person_id=person_id, due_on=due, what=what))
        self.counts["follow_ups"] += 1


def _need_label(key: str) -> str:
    return next(n.label for n in referral.NEEDS if n.key == key)
