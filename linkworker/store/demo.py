"""A fictional caseload for trying the app (``linkworker demo-data``).

About fifty people referred over the past year, at every stage: some waiting for first contact,
some in conversation, most working on a plan, some closed. Each has a referral, and as far as
they have got: consent, signed contacts, About Me, a plan with needs, goals, actions and (while
it is active) a contingency plan, ONS4 at baseline and follow-up or discharge (with PAM and
SWEMWBS scores entered by hand for some), community connections along their way from suggested
to attended or declined, and follow-ups, some overdue. A few have shared decisions (doing
nothing always among the options) or a personal health budget with its lines, so every tab of
the record has something to show. A contact seen in the last week is still a draft note on this
laptop (``contact_draft``, never synced), waiting to be signed. Everything else is written
through the ordinary change capture, so it syncs like anything typed, and the load is audited as
one event (counts only). Names, numbers and addresses come from ``care.fictional``; services
are in Millbrook, which does not exist; nothing here can match a real person.

It refuses a database that already holds people: demo records mixed into a real caseload
would be a hazard.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from linkworker.care import fictional, fields, measures, referral
from linkworker.store import audit
from linkworker.store.database import Database
from linkworker.store.edits import one_per_parent_id
from linkworker.store.errors import EnvironmentFault
from linkworker.store.tables import (
    AboutMe,
    BudgetLine,
    CarePlan,
    CommunityConnection,
    Consent,
    ContactDraft,
    ContingencyPlan,
    DecisionOption,
    Encounter,
    FollowUp,
    HealthBudget,
    OutcomeMeasure,
    Person,
    PlanAction,
    PlanGoal,
    PlanNeed,
    Referral,
    SharedDecision,
    new_id,
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

_REFERRERS = {
    "GP": ("Dr A. Patel", "GP"),
    "practice nurse": ("Nurse J. Firth", "practice nurse"),
    "other clinician": ("R. Holroyd", "physiotherapist"),
}

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


# Community services in Millbrook (which does not exist), by the need they meet. None is in the
# directory: a connection names its service in words.
_SERVICES = {
    "loneliness": "Millbrook Community Centre Coffee Morning",
    "low mood": "Millbrook Walk and Talk",
    "long-term condition": "Millbrook Better Breathing Group",
    "housing": "Millbrook Housing Advice Drop-in",
    "money": "Millbrook Advice Centre Benefits Check",
    "employment": "Millbrook Volunteer Centre",
    "physical activity": "Millbrook Health Walks",
    "weight": "Millbrook Cook and Eat",
    "carer support": "Millbrook Carers' Sitting Service",
    "bereavement": "Millbrook Bereavement Café",
    "digital skills": "Millbrook Library Tablet Sessions",
    "frequent attendance": "Millbrook Good Neighbours",
    "other": "Millbrook Men's Shed",
}
_FEEDBACK = {
    "attended": "Went along and enjoyed it; plans to keep going.",
    "declined": "Decided it was not for them just now.",
    "did not attend": "Booked, but did not go: felt too anxious on the day.",
}

# Shared decisions: the question, what matters most, and the options (doing nothing last).
# Each option: (title, benefits, risks, what it would mean).
_DECISIONS = (
    (
        "Join the Tuesday group now, or start with one-to-one support?",
        "Not feeling rushed; being home before dark.",
        (
            ("Join the group now", "Meet people straight away; a regular reason to go out.",
             "Could feel overwhelming at first.", "Getting the bus on Tuesday mornings."),
            ("One-to-one support first", "Time to build confidence at my own pace.",
             "Takes longer to meet others.", "Three visits at home before trying the group."),
        ),
    ),
    (
        "How to get the damp in the flat sorted?",
        "Keeping my chest well over the winter; not falling out with the landlord.",
        (
            ("Write to the landlord with the photos", "A record of the problem; quick to do.",
             "The landlord may be slow to answer.", "Writing the letter together this week."),
            ("Ask the housing advice drop-in to step in", "Someone who knows the rules.",
             "A wait for an appointment.", "Going to the drop-in on a Thursday."),
        ),
    ),
    (
        "Whether to try volunteering, and how much?",
        "Feeling useful without getting too tired.",
        (
            ("Two hours a week at the community café", "Company and a routine.",
             "Tiring on bad days.", "A short shift on Wednesday mornings."),
            ("A taster day first", "No commitment; find out what suits.",
             "Might put it off again.", "One visit to the volunteer centre."),
        ),
    ),
)  # fmt: skip
_DOING_NOTHING = (
    "Do nothing for now",
    "No change to get used to; can come back to it at any time.",
    "Things may stay as they are, or get harder.",
    "Carrying on as now, and talking about it again at the next review.",
)
_DECISION_AIDS = ("Options drawn up on paper together", "BRAN questions", None)

# Personal health budgets: lines (item, cost in pence) by eligibility basis, and the period.
_BUDGETS = {
    "NHS continuing healthcare": (
        "per week", (("Personal assistant, 10 hours", 18_500), ("Taxi to the day centre", 2_400)),
    ),
    "section 117 aftercare": (
        "per month", (("Art classes at the community centre", 6_000), ("Gym membership", 2_800),
                      ("Bus pass top-up", 1_500)),
    ),
    "personal wheelchair budget": (
        "one-off", (("Lightweight wheelchair, top-up to the standard chair", 42_000),
                    ("Cushion and back support", 9_500)),
    ),
    "other": ("per year", (("Respite breaks", 60_000), ("Carer's short course", 12_000))),
}  # fmt: skip

# PAM levels by score (the published cut points), for scores entered by hand.
_PAM_LEVELS = ((47.0, 1), (55.1, 2), (67.0, 3), (100.0, 4))


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
    connections: int
    decisions: int
    budgets: int
    drafts: int  # contacts seen in the last week, not yet signed (kept on this laptop)


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
            ("people", "referrals", "contacts", "plans", "measures", "follow_ups", "connections",
             "decisions", "budgets", "drafts"),
            0,
        )  # fmt: skip
        self.planned = 0  # people with a plan so far: every few has a decision or a budget

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
        # Some people also fill in PAM or SWEMWBS, whose scores are entered by hand.
        by_hand = [name for name, share in (("PAM", 0.35), ("SWEMWBS", 0.45))
                   if rng.random() < share]  # fmt: skip
        self._put(person)
        self.counts["people"] += 1

        # The referral's timeline first, so that each record is written once, whole.
        if stage == "received":
            received = today - dt.timedelta(days=rng.randint(0, 20))
        else:
            received = today - dt.timedelta(days=rng.randint(30, 350))
        first = min(received + dt.timedelta(days=rng.randint(1, 14)), today)
        met = min(first + dt.timedelta(days=rng.randint(3, 14)), today)
        sessions: list[dt.date] = []
        last = met
        for _ in range(rng.randint(1, 4)):
            last = min(last + dt.timedelta(days=rng.randint(10, 30)), today)
            if last > (sessions[-1] if sessions else met):  # one session a day at most
                sessions.append(last)
        closed = min(last + dt.timedelta(days=rng.randint(7, 30)), today)
        outcome = rng.choice(("goals met", "goals met", "goals met", "declined", "moved away"))
        reasons = rng.sample(sorted(referral.NEED_KEYS - {"other"}), rng.randint(1, 3))
        source = rng.choice(referral.SOURCES[:4])
        referrer = _REFERRERS.get(source)  # who referred, as fits the source; none for self
        ref = Referral(
            person_id=person.id, received_on=received, source=source,
            method="in person" if source == "self" else rng.choice(referral.METHODS[:4]),
            referrer_name=referrer[0] if referrer else None,
            referrer_role=referrer[1] if referrer else None,
            referrer_organisation="Millbrook Health Centre" if referrer else None,
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
        self.contact(person.id, ref.id, first, "phone", "conversation")
        if stage == "contacted":
            self.follow_up(person.id, self._due_soon(first), "Ring to arrange the first meeting")
            return

        self.contact(person.id, ref.id, met, "face to face", "conversation")
        self.measure(person.id, "baseline", met, better=0, by_hand=by_hand)
        about = AboutMe(id=one_per_parent_id("about_me", person.id), person_id=person.id,
                        supported_to_write_by="Link worker",
                        last_updated_on=met)  # fmt: skip
        for heading, text in _ABOUT_ME.items():
            setattr(about, heading, text)
        self.s.add(about)
        if stage == "engaged":
            self.follow_up(person.id, self._due_soon(met), "Talk through the plan together")
            return

        self.plan(person.id, reasons, met, active=stage == "active")
        for n, day in enumerate(sessions, 1):
            mode = rng.choice(("face to face", "phone", "video"))
            if stage == "active" and n == len(sessions) and day >= today - dt.timedelta(days=7):
                # Seen in the last week: the note is still a draft, waiting to be signed.
                self.draft(person.id, ref.id, day, mode)
            else:
                self.contact(person.id, ref.id, day, mode, "coaching")
        end = closed if stage == "closed" else today
        # A service for the first need soon after the plan; for another, at the latest session.
        soon = met + dt.timedelta(days=rng.randint(0, 14))
        for reason, made in zip(reasons[:2], (soon, last), strict=False):
            self.connection(person.id, reason, made, end)
        self.planned += 1
        if self.planned % 3 == 1:
            self.decision(person.id, met, end)
        if self.planned % 5 == 2:
            self.budget(person.id, met)
        if stage == "active":
            if (last - met).days >= 42:
                self.measure(person.id, "follow-up", last, better=rng.randint(0, 3),
                             by_hand=by_hand)  # fmt: skip
            self.follow_up(person.id, self._due_soon(last), "Review how the group is going")
            return

        self.contact(person.id, ref.id, closed, "face to face", "review")
        if outcome == "goals met":
            self.measure(person.id, "discharge", closed, better=rng.randint(1, 4),
                         by_hand=by_hand)  # fmt: skip

    def contact(self, person_id: str, referral_id: str, day: dt.date, mode: str, kind: str) -> None:
        """A signed contact (notes not yet signed are drafts, kept apart: see ``draft``)."""
        at = self._at(day, self.rng.randint(9, 15))
        self.s.add(Encounter(
            person_id=person_id, referral_id=referral_id, occurred_at=at, mode=mode, kind=kind,
            duration_minutes=self.rng.choice((20, 30, 45, 60)), attended=True, notes=_NOTES[kind],
            signed_off_at=at + dt.timedelta(hours=2),
        ))  # fmt: skip
        self.counts["contacts"] += 1

    def draft(self, person_id: str, referral_id: str, day: dt.date, mode: str) -> None:
        """A contact note written but not yet signed: on this laptop only, until it is."""
        self.s.add(ContactDraft(
            id=new_id(), person_id=person_id, referral_id=referral_id,
            occurred_at=self._at(day, 16), mode=mode, kind="coaching",  # the day's last
            duration_minutes=self.rng.choice((20, 30, 45)), attended=True,
            notes=_NOTES["coaching"] + " (Still to add what we agreed for next time.)",
        ))  # fmt: skip
        self.counts["drafts"] += 1

    def measure(
        self, person_id: str, timepoint: str, day: dt.date, better: int, by_hand: list[str]
    ) -> None:
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
        if "PAM" in by_hand:
            score = float(min(100, rng.randint(38, 60) + 5 * better))
            level = next(level for top, level in _PAM_LEVELS if score <= top)
            score, level = measures.check_pam(score, level)
            self.s.add(OutcomeMeasure(
                person_id=person_id, instrument="PAM", timepoint=timepoint, taken_on=day,
                score=score, level=level, entered_by_hand=True,
            ))  # fmt: skip
            self.counts["measures"] += 1
        if "SWEMWBS" in by_hand:
            score = measures.check_score("SWEMWBS", min(35, rng.randint(14, 22) + 2 * better))
            self.s.add(OutcomeMeasure(
                person_id=person_id, instrument="SWEMWBS", timepoint=timepoint, taken_on=day,
                score=score, entered_by_hand=True,
            ))  # fmt: skip
            self.counts["measures"] += 1

    def plan(self, person_id: str, reasons: list[str], day: dt.date, active: bool) -> None:
        rng = self.rng
        plan = CarePlan(
            person_id=person_id,
            strengths="Good sense of humour; close to family; knows the area well.",
            agreed_with="The person", agreed_on=day, review_on=self._review(day, 84, active),
            status="agreed",
        )  # fmt: skip
        self._put(plan)
        if active:
            self.s.add(ContingencyPlan(
                id=one_per_parent_id("contingency_plan", plan.id), plan_id=plan.id,
                triggers="Not answering the phone for a few days; stopping going out.",
                what_should_happen="Ring my daughter, then call round if she has not heard.",
                who_to_contact="Daughter (Sue), then the link worker; the GP surgery if unwell.",
                coping_strategies="Radio on, a walk to the corner shop, ringing Pat next door.",
            ))  # fmt: skip
        for reason in reasons[:2]:
            goal_text, action_text = _GOALS[reason]
            need = PlanNeed(plan_id=plan.id, description=_need_label(reason))
            goal = PlanGoal(plan_id=plan.id, need_id=need.id, in_own_words=goal_text,
                            importance=rng.randint(6, 10), status="in progress")  # fmt: skip
            action = PlanAction(
                goal_id=goal.id, what=action_text, who="Me, with the link worker",
                due_on=day + dt.timedelta(days=rng.randint(7, 42)), confidence=rng.randint(4, 9),
                status="doing", review_on=self._review(day, 42, active),
            )  # fmt: skip
            self._put(need)
            self._put(goal)
            self._put(action)
        self.counts["plans"] += 1

    def _review(self, start: dt.date, every_days: int, active: bool) -> dt.date:
        """The review after ``start``; for an open case, the next one still to come (reviews
        roll on as they are held), give or take a few days."""
        review = start + dt.timedelta(days=every_days)
        while active and review < self.today - dt.timedelta(days=3):
            review += dt.timedelta(days=every_days)
        return review

    def _due_soon(self, since: dt.date) -> dt.date:
        """When the next follow-up of an open case falls: mostly in the coming weeks, a few a
        little overdue (never before the contact that set it)."""
        due = self.today + dt.timedelta(days=self.rng.randint(-6, 21))
        return max(due, since + dt.timedelta(days=1))

    def follow_up(self, person_id: str, due: dt.date, what: str) -> None:
        self.s.add(FollowUp(person_id=person_id, due_on=due, what=what))
        self.counts["follow_ups"] += 1

    def connection(self, person_id: str, need: str, made: dt.date, end: dt.date) -> None:
        """A signpost or referral to a service, as far along its way as the time since allows
        (about a step a fortnight): suggested → referred → accepted → attended, or declined
        (a referral may also end in did not attend). ``end``: today, or when the case closed."""
        rng = self.rng
        made = min(made, end)
        kind = rng.choice(fields.CONNECTION_KINDS)
        path = ["suggested", "referred", "accepted", "attended"]
        if kind == "signpost":  # the person goes along themselves
            path = ["suggested", "attended"]
        steps = min(len(path) - 1, (end - made).days // 14)
        status = path[steps]
        if status == "attended" and rng.random() < 0.25:
            status = "did not attend" if kind == "referral" else "declined"
        elif steps and rng.random() < 0.1:
            status = "declined"
        self.s.add(CommunityConnection(
            person_id=person_id, service_id=None, service_name=_SERVICES[need], kind=kind,
            made_on=made, status=status, feedback=_FEEDBACK.get(status),
        ))  # fmt: skip
        self.counts["connections"] += 1

    def decision(self, person_id: str, day: dt.date, end: dt.date) -> None:
        """A shared decision with its options, doing nothing among them; decided a week or two
        after it was talked through, if that time has come."""
        rng = self.rng
        question, matters, choices = rng.choice(_DECISIONS)
        decision = SharedDecision(
            person_id=person_id, question=question, what_matters_most=matters,
            decision_aid=rng.choice(_DECISION_AIDS),
        )  # fmt: skip
        options = [
            DecisionOption(decision_id=decision.id, title=title, benefits=benefits, risks=risks,
                           what_it_would_mean=meaning, is_doing_nothing=title == _DOING_NOTHING[0])
            for title, benefits, risks, meaning in (*choices, _DOING_NOTHING)
        ]  # fmt: skip
        decided = day + dt.timedelta(days=rng.randint(7, 14))
        if decided <= end:
            decision.chosen_option_id = rng.choice(options).id
            decision.decided_on = decided
        self._put(decision)  # before its options, which point to it
        for option in options:
            self.s.add(option)
        self.counts["decisions"] += 1

    def budget(self, person_id: str, day: dt.date) -> None:
        """A personal health budget and its plan lines (the amount is what they add up to)."""
        basis = fields.BUDGET_BASES[self.counts["budgets"] % len(fields.BUDGET_BASES)]
        period, lines = _BUDGETS[basis]
        managed = fields.BUDGET_MANAGED[self.counts["budgets"] % len(fields.BUDGET_MANAGED)]
        budget = HealthBudget(
            person_id=person_id, eligibility_basis=basis,
            amount_pence=sum(cost for _, cost in lines), period=period, managed_as=managed,
            agreed_on=day, review_on=day + dt.timedelta(days=182),
        )  # fmt: skip
        self._put(budget)
        for item, cost in lines:
            self.s.add(BudgetLine(budget_id=budget.id, item=item, cost_pence=cost))
        self.counts["budgets"] += 1


_NOTES = {
    "conversation": "Talked about what matters: feels stuck at home since the winter.",
    "coaching": "Went through the plan. Managed two of the walks; confidence up.",
    "review": "Looked back at the plan together. Happy to finish here.",
}


def _need_label(key: str) -> str:
    return next(n.label for n in referral.NEEDS if n.key == key)
