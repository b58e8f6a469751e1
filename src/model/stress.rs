use super::{Curve, Deal, Scenario};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// A rating-style stress (`stress_templates` in the deal file): a written scenario with its
/// default rate multiplied and its recoveries cut, listed as a scenario of its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StressTemplate {
    /// The scenario's name, unique among scenarios and templates.
    pub name: String,
    /// The written scenario it stresses; the deal's default scenario when absent.
    #[serde(default)]
    pub base: Option<String>,
    /// Multiple of every CDR value of the base (each result capped at 1).
    pub cdr_multiple: f64,
    /// Share of the base recovery rate taken away: recovery × (1 − haircut).
    #[serde(default)]
    pub recovery_haircut: f64,
}

impl StressTemplate {
    /// The stressed scenario: everything of `base` but the name, the CDR and the recovery rate.
    pub fn apply(&self, base: &Scenario) -> Scenario {
        let stress = |r: f64| (r * self.cdr_multiple).min(1.0);
        Scenario {
            name: self.name.clone(),
            cdr: match &base.cdr {
                Curve::Flat(r) => Curve::Flat(stress(*r)),
                Curve::Vector(v) => Curve::Vector(v.iter().map(|r| stress(*r)).collect()),
            },
            recovery_rate: base.recovery_rate * (1.0 - self.recovery_haircut),
            ..base.clone()
        }
    }
}

impl Deal {
    /// The written scenario a template stresses.
    pub fn stress_base(&self, t: &StressTemplate) -> Option<&Scenario> {
        match &t.base {
            Some(b) => self.scenarios.iter().find(|s| &s.name == b),
            None => self.scenario(None),
        }
    }

    /// A scenario by name, written or from a template (the default scenario when `name` is
    /// none); a template whose base is missing gives none (validation reports it).
    pub fn find_scenario(&self, name: Option<&str>) -> Option<Cow<'_, Scenario>> {
        if let Some(s) = self.scenario(name) {
            return Some(Cow::Borrowed(s));
        }
        let name = name?;
        let t = self.stress_templates.iter().find(|t| t.name == name)?;
        Some(Cow::Owned(t.apply(self.stress_base(t)?)))
    }

    /// Every scenario the deal defines: the written ones, then each template's.
    pub fn expanded_scenarios(&self) -> Vec<Cow<'_, Scenario>> {
        let written = self.scenarios.iter().map(Cow::Borrowed);
        let stressed = self
            .stress_templates
            .iter()
            .filter_map(|t| Some(Cow::Owned(t.apply(self.stress_base(t)?))));
        written.chain(stressed).collect()
    }
}
