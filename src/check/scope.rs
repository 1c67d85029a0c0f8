//! Where an expression stands decides what it may see (contract v1 §4, "Scopes").
//!
//! A [`Scope`] names the place; a [`Need`] is a kind of run-time knowledge; [`Needs`]
//! records what an expression depends on and the first place each need arises, so a
//! scope error points at the exact leaf, and an escalation's dependencies on severities
//! and other escalations are known for ordering.

use std::collections::BTreeSet;

use crate::source::Span;

/// Where an expression stands, which decides what it may see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scope {
    /// A field default or a tier attribute: constants only.
    Const,
    /// A table row: its parameters and constants.
    Table(usize),
    /// A violation's `when`: one incident.
    Violation,
    /// A violation's `points`, `compensation`, `fine`: one counted occurrence, which has
    /// a rank (`occurrence`).
    Amount,
    /// The expression of an aggregate (`sum(X, e)`): one counted occurrence at a time.
    Aggregate,
    /// An escalation's `when` and `points`: counts, not totals.
    Escalation,
    /// A tier's `requires`.
    Requires(usize),
    /// A cap's limit: the agent, its tier and constants.
    Cap,
    Let,
    /// Pay line number n: sees the lines before it.
    Pay(usize),
}

impl Scope {
    pub(super) fn describe(self) -> String {
        match self {
            Scope::Const => tr!("scope-const"),
            Scope::Table(_) => tr!("scope-table"),
            Scope::Violation | Scope::Amount => tr!("scope-violation"),
            Scope::Aggregate => tr!("scope-aggregate"),
            Scope::Escalation => tr!("scope-escalation"),
            Scope::Requires(_) => tr!("scope-requires"),
            Scope::Cap => tr!("scope-cap"),
            Scope::Let => tr!("scope-let"),
            Scope::Pay(_) => tr!("scope-pay"),
        }
    }

    pub(super) fn sees(self, what: Need) -> bool {
        match self {
            Scope::Const | Scope::Table(_) => false,
            Scope::Violation => matches!(what, Need::Incident | Need::Agent),
            Scope::Amount => matches!(what, Need::Incident | Need::Agent | Need::Occurrence),
            Scope::Aggregate => matches!(what, Need::Incident | Need::Agent),
            Scope::Escalation => matches!(what, Need::Agent | Need::Counts),
            Scope::Cap => matches!(what, Need::Agent),
            Scope::Requires(_) | Scope::Let | Scope::Pay(_) => !matches!(what, Need::Incident | Need::Occurrence),
        }
    }

    pub(super) fn what_it_sees(self) -> String {
        match self {
            Scope::Const => tr!("scope-const-sees"),
            Scope::Table(_) => tr!("scope-table-sees"),
            Scope::Violation | Scope::Amount => tr!("scope-violation-sees"),
            Scope::Aggregate => tr!("scope-aggregate-sees"),
            Scope::Escalation => tr!("scope-escalation-sees"),
            Scope::Cap => tr!("scope-cap-sees"),
            Scope::Requires(_) | Scope::Let => tr!("scope-month-sees"),
            Scope::Pay(_) => tr!("scope-pay-sees"),
        }
    }
}

/// Kinds of run-time knowledge an expression may depend on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Need {
    Incident,
    /// The rank of the occurrence being evaluated.
    Occurrence,
    Agent,
    Counts,
    Totals,
}

impl Need {
    pub(super) fn describe(self) -> String {
        match self {
            Need::Incident => tr!("need-incident"),
            Need::Occurrence => tr!("need-occurrence"),
            Need::Agent => tr!("need-agent"),
            Need::Counts => tr!("need-counts"),
            Need::Totals => tr!("need-totals"),
        }
    }
}

/// What an expression depends on, with the first place each need arises.
#[derive(Clone, Debug, Default)]
pub(crate) struct Needs {
    pub incident: Option<Span>,
    pub occurrence: Option<Span>,
    pub agent: Option<Span>,
    pub counts: Option<Span>,
    pub totals: Option<Span>,
    /// Severities counted (an escalation depends on every escalation of these).
    pub sevs: BTreeSet<usize>,
    /// Escalations counted by name.
    pub escs: BTreeSet<usize>,
    /// Where `tier_tenure` is read, if it is.
    pub tier_tenure: Option<Span>,
}

impl Needs {
    pub(super) fn add(&mut self, other: &Needs) {
        for (mine, theirs) in [
            (&mut self.incident, &other.incident),
            (&mut self.occurrence, &other.occurrence),
            (&mut self.agent, &other.agent),
            (&mut self.counts, &other.counts),
            (&mut self.totals, &other.totals),
        ] {
            if mine.is_none() {
                mine.clone_from(theirs);
            }
        }
        if self.tier_tenure.is_none() {
            self.tier_tenure.clone_from(&other.tier_tenure);
        }
        self.sevs.extend(other.sevs.iter().copied());
        self.escs.extend(other.escs.iter().copied());
    }

    pub(super) fn set(&mut self, need: Need, span: &Span) {
        let slot = match need {
            Need::Incident => &mut self.incident,
            Need::Occurrence => &mut self.occurrence,
            Need::Agent => &mut self.agent,
            Need::Counts => &mut self.counts,
            Need::Totals => &mut self.totals,
        };
        if slot.is_none() {
            *slot = Some(span.clone());
        }
    }

    pub(super) fn first_unseen(&self, scope: Scope) -> Option<(Need, &Span)> {
        [
            (Need::Incident, &self.incident),
            (Need::Occurrence, &self.occurrence),
            (Need::Totals, &self.totals),
            (Need::Counts, &self.counts),
            (Need::Agent, &self.agent),
        ]
        .into_iter()
        .find_map(|(n, s)| s.as_ref().filter(|_| !scope.sees(n)).map(|s| (n, s)))
    }
}
