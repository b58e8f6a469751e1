//! UI state that is not part of the deal: which section and chart are shown, which
//! scenario the figures are for. Changing it never makes the document dirty.

use super::command::Commands;
use super::i18n::Lang;
use super::i18n::S;
use super::pool_stats::PoolStats;
use crate::error::Issue;
use crate::model::{Asset, Deal};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Terms,
    Pool,
    Tranches,
    Enhancements,
    Waterfall,
    Scenarios,
}

impl Section {
    pub const ALL: [Section; 6] = [
        Section::Terms,
        Section::Pool,
        Section::Tranches,
        Section::Enhancements,
        Section::Waterfall,
        Section::Scenarios,
    ];

    pub fn title(self) -> S {
        match self {
            Section::Terms => S::SecTerms,
            Section::Pool => S::SecPool,
            Section::Tranches => S::SecTranches,
            Section::Enhancements => S::SecEnhancements,
            Section::Waterfall => S::SecWaterfall,
            Section::Scenarios => S::SecScenarios,
        }
    }

    /// The section that edits the field at a validation path (`tranches[1].coupon`).
    pub fn of_path(path: &str) -> Section {
        let head = path.split(['.', '[']).next().unwrap_or("");
        match head {
            "pool" => Section::Pool,
            "tranches" | "fees" => Section::Tranches,
            "reserve" | "enhancements" | "triggers" => Section::Enhancements,
            "waterfall" => Section::Waterfall,
            "scenarios" | "default_scenario" => Section::Scenarios,
            _ => Section::Terms,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultsTab {
    Distributions,
    Balances,
    Pool,
    Irr,
    Sensitivity,
    CashFlows,
}

impl ResultsTab {
    pub const ALL: [ResultsTab; 6] = [
        ResultsTab::Distributions,
        ResultsTab::Balances,
        ResultsTab::Pool,
        ResultsTab::Irr,
        ResultsTab::Sensitivity,
        ResultsTab::CashFlows,
    ];

    pub fn title(self) -> S {
        match self {
            ResultsTab::Distributions => S::TabDistributions,
            ResultsTab::Balances => S::TabBalances,
            ResultsTab::Pool => S::TabPool,
            ResultsTab::Irr => S::TabIrr,
            ResultsTab::Sensitivity => S::TabSensitivity,
            ResultsTab::CashFlows => S::TabCashFlows,
        }
    }
}

pub struct ViewState {
    pub section: Section,
    pub tab: ResultsTab,
    /// The scenario the figures are for and the scenarios panel edits; the deal's default
    /// when None or when the named scenario no longer exists.
    pub scenario: Option<String>,
    /// Tranche id whose IRR the sensitivity chart shows; the first tranche when None.
    pub sensitivity_of: Option<String>,
    /// Bumped when a different deal or scenario is shown, so charts drop a user's zoom.
    pub plot_epoch: u64,
}

impl Default for ViewState {
    fn default() -> Self {
        ViewState {
            section: Section::Tranches,
            tab: ResultsTab::Distributions,
            scenario: None,
            sensitivity_of: None,
            plot_epoch: 0,
        }
    }
}

impl ViewState {
    /// The scenario in effect for `deal`.
    pub fn scenario_name<'a>(&'a self, deal: &'a Deal) -> Option<&'a str> {
        self.scenario
            .as_deref()
            .filter(|n| deal.scenarios.iter().any(|s| s.name == *n))
            .or_else(|| deal.scenario(None).map(|s| s.name.as_str()))
    }

    pub fn sensitivity_security<'a>(&'a self, deal: &'a Deal) -> Option<&'a str> {
        self.sensitivity_of
            .as_deref()
            .filter(|id| deal.tranche_index(id).is_some())
            .or_else(|| deal.tranches.first().map(|t| t.id.as_str()))
    }
}

/// What an editor panel reads and where it sends its edits.
pub struct Cx<'a> {
    pub lang: Lang,
    pub deal: &'a Deal,
    /// Rows of the CSV tape (the deal's own `pool.tape_assets` is empty in the app).
    pub tape: &'a [Asset],
    /// Validation issues of the latest computed revision.
    pub issues: &'a [Issue],
    pub pool: Option<&'a PoolStats>,
    pub view: &'a mut ViewState,
    pub cmds: &'a mut Commands,
}

impl Cx<'_> {
    pub fn tr(&self, key: S) -> &'static str {
        self.lang.tr(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_sections() {
        assert_eq!(Section::of_path("tranches[1].coupon"), Section::Tranches);
        assert_eq!(Section::of_path("waterfall.steps[2]"), Section::Waterfall);
        assert_eq!(Section::of_path("pool.tape[3].rate"), Section::Pool);
        assert_eq!(Section::of_path("closing_date"), Section::Terms);
    }
}
