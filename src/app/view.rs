//! UI state that is not part of the deal: which section and chart are shown, which
//! scenario the figures are for. Changing it never makes the document dirty.

use super::chart_export::ExportDialog;
use super::command::Commands;
use super::compute::Driver;
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
    /// Holding-type deals: the operating asset.
    Asset,
    /// Holding-type deals: the project company's capital and the plan's terms.
    Spv,
    /// Holding-type deals: operator incentive, performance guarantee, tilted distribution.
    Incentives,
    /// Holding-type deals: exit per scenario and expansion.
    Exits,
    /// 资产支持证券代币: whole units, strips, an offshore currency, per-unit schedules.
    Tokens,
    Scenarios,
}

impl Section {
    pub const ALL: [Section; 11] = [
        Section::Terms,
        Section::Pool,
        Section::Tranches,
        Section::Enhancements,
        Section::Waterfall,
        Section::Asset,
        Section::Spv,
        Section::Incentives,
        Section::Exits,
        Section::Tokens,
        Section::Scenarios,
    ];

    const TRANCHED: [Section; 7] = [
        Section::Terms,
        Section::Pool,
        Section::Tranches,
        Section::Enhancements,
        Section::Waterfall,
        Section::Tokens,
        Section::Scenarios,
    ];

    const HOLDING: [Section; 7] = [
        Section::Terms,
        Section::Asset,
        Section::Spv,
        Section::Incentives,
        Section::Exits,
        Section::Tokens,
        Section::Scenarios,
    ];

    /// The sections the navigation lists for a deal of this kind.
    pub fn for_deal(holding: bool) -> &'static [Section] {
        if holding {
            &Self::HOLDING
        } else {
            &Self::TRANCHED
        }
    }

    /// Where to go when the section shown does not apply to the deal opened.
    fn fallback(holding: bool) -> Section {
        if holding {
            Section::Spv
        } else {
            Section::Tranches
        }
    }

    pub fn title(self) -> S {
        match self {
            Section::Terms => S::SecTerms,
            Section::Pool => S::SecPool,
            Section::Tranches => S::SecTranches,
            Section::Enhancements => S::SecEnhancements,
            Section::Waterfall => S::SecWaterfall,
            Section::Asset => S::SecAsset,
            Section::Spv => S::SecSpv,
            Section::Incentives => S::SecIncentives,
            Section::Exits => S::SecExits,
            Section::Tokens => S::SecTokens,
            Section::Scenarios => S::SecScenarios,
        }
    }

    /// The section that edits the field at a validation path (`tranches[1].coupon`).
    pub fn of_path(path: &str) -> Section {
        let mut parts = path.split(['.', '[']);
        let head = parts.next().unwrap_or("");
        match head {
            "pool" => Section::Pool,
            "tranches" | "fees" => Section::Tranches,
            "reserve" | "enhancements" | "triggers" => Section::Enhancements,
            "waterfall" => Section::Waterfall,
            "holding" => match parts.next().unwrap_or("") {
                "asset" => Section::Asset,
                "incentive" | "performance_guarantee" | "tilted" => Section::Incentives,
                "expansion" | "expansions" | "open_periods" | "valuation" => Section::Exits,
                _ => Section::Spv,
            },
            "scenarios" if path.contains(".exit") || path.ends_with(".redemption_share") => {
                Section::Exits
            }
            "scenarios" if path.contains(".fx_rates") => Section::Tokens,
            "tokens" => Section::Tokens,
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
    /// Holding-type deals: the project company's NOI, debt service, tax and trapped cash.
    ProjectCompany,
    /// Holding-type deals: the plan's NAV per unit.
    Nav,
    CashFlows,
    /// Every scenario side by side.
    Compare,
    /// The deal's grids and the tornado.
    Grid,
}

/// What the grid tab shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GridView {
    #[default]
    Grid,
    Tornado,
}

impl ResultsTab {
    pub const ALL: [ResultsTab; 10] = [
        ResultsTab::Distributions,
        ResultsTab::Balances,
        ResultsTab::Pool,
        ResultsTab::Irr,
        ResultsTab::Sensitivity,
        ResultsTab::ProjectCompany,
        ResultsTab::Nav,
        ResultsTab::CashFlows,
        ResultsTab::Compare,
        ResultsTab::Grid,
    ];

    const TRANCHED: [ResultsTab; 8] = [
        ResultsTab::Distributions,
        ResultsTab::Balances,
        ResultsTab::Pool,
        ResultsTab::Irr,
        ResultsTab::Sensitivity,
        ResultsTab::CashFlows,
        ResultsTab::Compare,
        ResultsTab::Grid,
    ];

    // A holding deal has no pool; its sensitivity drivers are the operating asset's.
    const HOLDING: [ResultsTab; 8] = [
        ResultsTab::Distributions,
        ResultsTab::Balances,
        ResultsTab::Irr,
        ResultsTab::Sensitivity,
        ResultsTab::ProjectCompany,
        ResultsTab::Nav,
        ResultsTab::CashFlows,
        ResultsTab::Grid,
    ];

    /// The tabs shown for a deal of this kind.
    pub fn for_deal(holding: bool) -> &'static [ResultsTab] {
        if holding {
            &Self::HOLDING
        } else {
            &Self::TRANCHED
        }
    }

    pub fn title(self) -> S {
        match self {
            ResultsTab::Distributions => S::TabDistributions,
            ResultsTab::Balances => S::TabBalances,
            ResultsTab::Pool => S::TabPool,
            ResultsTab::Irr => S::TabIrr,
            ResultsTab::Sensitivity => S::TabSensitivity,
            ResultsTab::ProjectCompany => S::TabProjectCompany,
            ResultsTab::Nav => S::TabNav,
            ResultsTab::CashFlows => S::TabCashFlows,
            ResultsTab::Compare => S::TabCompare,
            ResultsTab::Grid => S::TabGrid,
        }
    }
}

pub struct ViewState {
    pub section: Section,
    pub tab: ResultsTab,
    /// The scenario the figures are for and the scenarios panel edits; the deal's default
    /// when None or when the named scenario no longer exists.
    pub scenario: Option<String>,
    /// Security id whose IRR the sensitivity chart shows (a tranche, or a holding deal's
    /// unit class); the first one when None.
    pub sensitivity_of: Option<String>,
    /// What the sensitivity sweeps; the first driver for the kind of deal when None.
    pub sensitivity_driver: Option<Driver>,
    /// Bumped when a different deal or scenario is shown, so charts drop a user's zoom.
    pub plot_epoch: u64,
    /// The chart export dialog, while open.
    pub export: Option<ExportDialog>,
    /// Tokens section: the security shown (the first when None), the token (0: the whole
    /// security, then its strips) and whether its schedule is in the offshore currency.
    pub token_security: Option<String>,
    pub token: usize,
    pub token_offshore: bool,
    /// The grid the grid tab shows (by name); the deal's first when None or gone.
    pub grid: Option<String>,
    pub grid_view: GridView,
    /// Index into the deal's outputs (`engine::analysis::all_outputs`) the tornado shows.
    pub tornado_output: usize,
    /// Bumped by "run again" after a cancelled grid or tornado.
    pub grid_runs: u64,
    /// Every scenario's figures as they were when pinned, shown beside the current ones.
    pub pinned: Option<crate::engine::compare::Comparison>,
    /// The figure the comparison chart shows.
    pub compare_figure: super::panels::compare::ChartFigure,
    /// The goal seek's question, while its window is open.
    pub goal: Option<super::panels::goal_seek::GoalAsk>,
    /// The pool grids' selected rows and paste box.
    pub pool_grid: super::panels::pool_grid::GridState,
}

impl Default for ViewState {
    fn default() -> Self {
        ViewState {
            section: Section::Tranches,
            tab: ResultsTab::Distributions,
            scenario: None,
            sensitivity_of: None,
            sensitivity_driver: None,
            plot_epoch: 0,
            export: None,
            token_security: None,
            token: 0,
            token_offshore: false,
            grid: None,
            grid_view: GridView::Grid,
            tornado_output: 0,
            grid_runs: 0,
            goal: None,
            pinned: None,
            compare_figure: Default::default(),
            pool_grid: Default::default(),
        }
    }
}

impl ViewState {
    /// Show a section and a tab that exist for this kind of deal (after a file of the
    /// other kind was opened, or a caller asked for one that does not apply).
    pub fn fit_to(&mut self, holding: bool) {
        if !Section::for_deal(holding).contains(&self.section) {
            self.section = Section::fallback(holding);
        }
        if !ResultsTab::for_deal(holding).contains(&self.tab) {
            self.tab = ResultsTab::Distributions;
        }
    }

    /// The scenario in effect for `deal`: a written one or a stress template's.
    pub fn scenario_name<'a>(&'a self, deal: &'a Deal) -> Option<&'a str> {
        self.scenario
            .as_deref()
            .filter(|n| {
                deal.scenarios.iter().any(|s| s.name == *n)
                    || deal.stress_templates.iter().any(|t| t.name == *n)
            })
            .or_else(|| deal.scenario(None).map(|s| s.name.as_str()))
    }

    /// The grid in effect for `deal`.
    pub fn grid_name<'a>(&'a self, deal: &'a Deal) -> Option<&'a str> {
        self.grid
            .as_deref()
            .filter(|n| deal.grids.iter().any(|g| g.name == *n))
            .or_else(|| deal.grids.first().map(|g| g.name.as_str()))
    }

    pub fn sensitivity_security(&self, deal: &Deal) -> Option<String> {
        let ids = sensitivity_securities(deal);
        self.sensitivity_of
            .clone()
            .filter(|id| ids.contains(id))
            .or_else(|| ids.first().cloned())
    }

    /// The driver in effect for `deal`.
    pub fn sensitivity_driver(&self, deal: &Deal) -> Driver {
        let drivers = Driver::for_deal(deal.holding.is_some());
        self.sensitivity_driver
            .filter(|d| drivers.contains(d))
            .unwrap_or(drivers[0])
    }
}

/// Ids of the securities the sensitivity can follow: the tranches, or a holding deal's unit
/// classes (expansion units only when the deal has an expansion).
pub fn sensitivity_securities(deal: &Deal) -> Vec<String> {
    match &deal.holding {
        Some(h) => crate::engine::unit_class_ids(h),
        None => deal.tranches.iter().map(|t| t.id.clone()).collect(),
    }
}

/// What an editor panel reads and where it sends its edits.
pub struct Cx<'a> {
    pub lang: Lang,
    pub deal: &'a Deal,
    /// Rows of the CSV tape (held beside the deal, never in it).
    pub tape: &'a [Asset],
    /// Validation issues of the latest computed revision.
    pub issues: &'a [Issue],
    pub pool: Option<&'a PoolStats>,
    /// The figures for the current deal and scenario, when they are computed.
    pub figures: Option<&'a crate::results::DealResults>,
    /// The per-unit schedules of those figures (or why there are none).
    pub tokens: Option<&'a Result<Vec<crate::tokens::SecurityTokens>, String>>,
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
        assert_eq!(Section::of_path("holding.spv.equity_ratio"), Section::Spv);
        assert_eq!(
            Section::of_path("holding.incentive.tiers[0].from"),
            Section::Incentives
        );
        assert_eq!(
            Section::of_path("scenarios[1].exit.cap_rate"),
            Section::Exits
        );
        assert_eq!(
            Section::of_path("holding.open_periods[0].cap"),
            Section::Exits
        );
        assert_eq!(
            Section::of_path("holding.expansions[1].asset.name"),
            Section::Exits
        );
        assert_eq!(
            Section::of_path("scenarios[0].redemption_share"),
            Section::Exits
        );
        assert_eq!(
            Section::of_path("scenarios[1].occupancy"),
            Section::Scenarios
        );
    }
}
