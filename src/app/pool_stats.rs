//! Pool composition: asset-class mix and obligor concentration, computed off the UI thread
//! whenever the pool changes.

use crate::model::{Asset, AssetClass, DataAssetRole, Deal};
use crate::money::to_f64;
use rust_decimal::Decimal;
use std::collections::HashMap;

pub struct PoolStats {
    pub total: Decimal,
    pub count: usize,
    pub obligors: usize,
    pub wa_rate: f64,
    pub wa_term: f64,
    /// Share of the balance in data assets that back the cash flow (数据资产入池).
    pub data_share: f64,
    /// Balance and count per asset class, largest first.
    pub classes: Vec<(AssetClass, Decimal, usize)>,
    /// The ten largest obligors by balance.
    pub top_obligors: Vec<(String, Decimal)>,
    pub top1: f64,
    pub top5: f64,
    pub top10: f64,
}

impl PoolStats {
    pub fn of(deal: &Deal, tape: &[Asset]) -> PoolStats {
        let assets = deal.pool.assets(tape);
        let total: Decimal = assets
            .iter()
            .try_fold(Decimal::ZERO, |a, x| a.checked_add(x.balance))
            .unwrap_or_default();
        let total_f = to_f64(total);
        let share = |x: Decimal| {
            if total_f > 0.0 {
                to_f64(x) / total_f
            } else {
                0.0
            }
        };
        let mut by_class: HashMap<AssetClass, (Decimal, usize)> = HashMap::new();
        let mut by_obligor: HashMap<&str, Decimal> = HashMap::new();
        let (mut rate, mut term, mut data) = (0.0, 0.0, Decimal::ZERO);
        for a in &assets {
            let e = by_class.entry(a.asset_class).or_default();
            e.0 = e.0.saturating_add(a.balance);
            e.1 += 1;
            let o = by_obligor.entry(a.obligor.as_str()).or_default();
            *o = o.saturating_add(a.balance);
            let b = to_f64(a.balance);
            rate += a.rate * b;
            term += f64::from(a.remaining_term) * b;
            if a.data_asset_role == DataAssetRole::InPool {
                data = data.saturating_add(a.balance);
            }
        }
        let mut classes: Vec<_> = by_class.into_iter().map(|(c, (b, n))| (c, b, n)).collect();
        classes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.key().cmp(b.0.key())));
        let mut obligors: Vec<(String, Decimal)> = by_obligor
            .iter()
            .map(|(o, b)| (o.to_string(), *b))
            .collect();
        obligors.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let top = |n: usize| share(obligors.iter().take(n).map(|o| o.1).sum());
        let n_obligors = obligors.len();
        PoolStats {
            total,
            count: assets.len(),
            obligors: n_obligors,
            wa_rate: if total_f > 0.0 { rate / total_f } else { 0.0 },
            wa_term: if total_f > 0.0 { term / total_f } else { 0.0 },
            data_share: share(data),
            classes,
            top1: top(1),
            top5: top(5),
            top10: top(10),
            top_obligors: obligors.into_iter().take(10).collect(),
        }
    }

    pub fn share(&self, x: Decimal) -> f64 {
        let t = to_f64(self.total);
        if t > 0.0 { to_f64(x) / t } else { 0.0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concentration_of_the_sample() {
        let deal = crate::io::parse_deal(super::super::SAMPLE_DEAL, "s").unwrap();
        let s = PoolStats::of(&deal, &[]);
        assert_eq!(s.count, 10);
        assert_eq!(s.obligors, 10);
        assert_eq!(s.top_obligors[0].0, "苏州数智科技");
        assert!((s.top1 - 25.0 / 139.3).abs() < 1e-9);
        assert_eq!(s.classes[0].0, AssetClass::DataAssetPledgeLoan);
    }
}
