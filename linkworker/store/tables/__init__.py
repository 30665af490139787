"""Every table of the local database (DESIGN.md section 4). Import from here."""

from linkworker.store.tables.base import AppendOnly, Synced, new_id, utcnow
from linkworker.store.tables.directory import (
    DirAccessibility,
    DirAddress,
    DirAttribute,
    DirContact,
    DirCostOption,
    DirLanguage,
    DirLocation,
    DirOrganization,
    DirPhone,
    DirSchedule,
    DirService,
    DirServiceArea,
    DirServiceAtLocation,
    DirTaxonomyTerm,
    ServiceNote,
)
from linkworker.store.tables.local import AuditEvent, Conflict, OutboxOp, SyncState
from linkworker.store.tables.org import Device, Organisation, Team, Worker
from linkworker.store.tables.people import Consent, Person
from linkworker.store.tables.record import (
    AboutMe,
    BudgetLine,
    CarePlan,
    CommunityConnection,
    ContingencyPlan,
    DecisionOption,
    Encounter,
    FollowUp,
    HealthBudget,
    OutcomeMeasure,
    PlanAction,
    PlanGoal,
    PlanNeed,
    Referral,
    SharedDecision,
)

__all__ = [
    "AboutMe", "AppendOnly", "AuditEvent", "BudgetLine", "CarePlan", "CommunityConnection",
    "Conflict", "Consent", "ContingencyPlan", "DecisionOption", "Device", "DirAccessibility",
    "DirAddress", "DirAttribute", "DirContact", "DirCostOption", "DirLanguage", "DirLocation",
    "DirOrganization", "DirPhone", "DirSchedule", "DirService", "DirServiceArea",
    "DirServiceAtLocation", "DirTaxonomyTerm", "Encounter", "FollowUp", "HealthBudget",
    "Organisation", "OutboxOp", "OutcomeMeasure", "Person", "PlanAction", "PlanGoal", "PlanNeed",
    "Referral", "ServiceNote", "SharedDecision", "SyncState", "Synced", "Team", "Worker",
    "new_id", "utcnow",
]
