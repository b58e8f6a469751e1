//! Money is conserved on every payment date: of every sample deal in every scenario, and of
//! generated deals. Nothing is ever negative, and the pool ledger reconciles.

use crate::common;

use proptest::prelude::*;
use rust_decimal::Decimal;
use std::path::Path;
use tranche_studio::engine::Session;
use tranche_studio::engine::run;
use tranche_studio::io::parse_deal;
use tranche_studio::model::*;
use tranche_studio::results::DealResults;

pub(crate) fn assert_conserved(r: &DealResults) {
    let z = Decimal::ZERO;
    for p in &r.periods {
        assert_eq!(
            p.available,
            p.paid + p.retained,
            "{} {}: available ≠ paid + retained",
            r.deal,
            p.date
        );
        let fees: Decimal = p.fees.iter().map(|f| f.paid).sum();
        let tranches: Decimal = p.tranches.iter().map(|t| t.cash()).sum();
        // Residual to the originator or servicer and VAT are paid out too.
        // Revolving purchases are paid out; the cash they leave uninvested is kept.
        let (account_in, purchases, uninvested) = p
            .revolving
            .as_ref()
            .map_or((z, z, z), |r| (r.account_in, r.purchases, r.uninvested));
        assert_eq!(
            p.paid,
            fees + tranches + p.party_residual.total() + p.tax.paid + purchases
        );
        assert!(uninvested <= p.retained);
        assert_eq!(p.tax.due, p.tax.paid + p.tax.shortfall);
        let draws: Decimal = p.enhancement_draws.iter().sum::<Decimal>() + p.reserve.draw;
        assert_eq!(
            p.available,
            p.collections
                + p.carried_in
                + p.reserve.release
                + draws
                + p.principal_account_release
                + account_in,
            "{} {}: sources of funds",
            r.deal,
            p.date
        );
        let pool = &p.pool;
        assert_eq!(
            pool.opening_balance
                - pool.defaults
                - pool.scheduled_principal
                - pool.prepayments
                - pool.called_balance
                + pool.purchased_balance,
            pool.closing_balance
        );
        for x in [
            pool.defaults,
            pool.interest,
            pool.scheduled_principal,
            pool.prepayments,
            pool.recoveries,
            pool.closing_balance,
            pool.called_balance,
            pool.call_proceeds,
            pool.purchased_balance,
            account_in,
            purchases,
            uninvested,
        ] {
            assert!(x >= z, "{} {}: negative pool amount {x}", r.deal, p.date);
        }
        for t in &p.tranches {
            for x in [
                t.interest_paid,
                t.principal_paid,
                t.residual_paid,
                t.closing_balance,
                t.interest_shortfall,
            ] {
                assert!(x >= z, "{} {}: negative tranche amount {x}", r.deal, p.date);
            }
            assert_eq!(t.opening_balance - t.principal_paid, t.closing_balance);
        }
        assert!(p.reserve.closing >= z && p.retained >= z && p.carried_out >= z);
        for (x, s) in [(p.available, "available"), (p.paid, "paid")] {
            assert_eq!(x, x.round_dp(2), "{s} not in fen");
        }
    }
}

#[test]
fn every_sample_deal_and_scenario_conserves_money() {
    let mut count = 0;
    for entry in
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_deals")).unwrap()
    {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "ron") {
            // Through a session: the deal with its tape's rows.
            let mut session = Session::open(&path).unwrap_or_else(|e| panic!("{e}"));
            let runs = session
                .all_scenarios()
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(runs.len(), session.deal().expanded_scenarios().len());
            for r in &runs {
                assert!(!r.periods.is_empty());
                assert!(r.pool.assets > 0 || r.plan.is_some(), "{}", path.display());
                assert_conserved(r);
                count += 1;
            }
        }
    }
    assert!(
        count >= 9,
        "expected at least three sample deals with three scenarios each"
    );
}

#[test]
fn small_deal_conserves_money() {
    let deal = common::small_deal();
    for s in ["base", "default"] {
        assert_conserved(&run(&deal, Some(s)).unwrap());
    }
}

fn asset_strategy() -> impl Strategy<Value = (u64, f64, u32, u8)> {
    (10_000u64..50_000_000, 0.0f64..0.2, 1u32..=36, 0u8..4)
}

fn waterfall_for(kind: u8, ids: &[String]) -> Waterfall {
    let all = ids.to_vec();
    let senior = vec![ids[0].clone()];
    let last = ids.last().unwrap().clone();
    let interest: Vec<Step> = ids
        .iter()
        .map(|i| Step::Interest(vec![i.clone()]))
        .collect();
    let amount = match kind % 4 {
        0 => PrincipalAmount::Collections,
        1 => PrincipalAmount::PoolDecline,
        2 => PrincipalAmount::Available,
        _ => PrincipalAmount::TargetShare(0.8),
    };
    let allocation = if kind >= 4 {
        Allocation::ProRata
    } else {
        Allocation::Sequential
    };
    let mut steps = vec![Step::Fee("f".into())];
    steps.extend(interest.clone());
    steps.push(Step::ReserveTopUp);
    steps.push(Step::Principal {
        tranches: all.clone(),
        allocation,
        amount,
    });
    steps.push(Step::Principal {
        tranches: all.clone(),
        allocation: Allocation::Sequential,
        amount: PrincipalAmount::Collections,
    });
    steps.push(Step::Residual(last));
    let mut post = vec![Step::Fee("f".into())];
    post.extend(interest);
    post.push(Step::Principal {
        tranches: senior,
        allocation: Allocation::Sequential,
        amount: PrincipalAmount::Available,
    });
    post.push(Step::Principal {
        tranches: all,
        allocation: Allocation::Sequential,
        amount: PrincipalAmount::Available,
    });
    Waterfall {
        steps,
        post_trigger: Some(post),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn generated_deals_conserve_money(
        assets in prop::collection::vec(asset_strategy(), 1..25),
        shares in prop::collection::vec(1u32..100, 1..5),
        coupons in prop::collection::vec(0.0f64..0.08, 5),
        modes in prop::collection::vec(0u8..3, 5),
        cdr in 0.0f64..0.4, cpr in 0.0f64..0.3, recovery in 0.0f64..1.0, lag in 0u32..4,
        kind in 0u8..8, fee_rate in 0.0f64..0.02, reserve in 0u64..2_000_000,
        cap in 0u64..20_000_000, trigger in 0.0f64..0.2, freq in 0u8..3, obligor_default in 0u32..6,
    ) {
        let text = common::SMALL_DEAL;
        let mut deal = parse_deal(text, "gen").unwrap();
        deal.frequency = [Frequency::Monthly, Frequency::Quarterly, Frequency::SemiAnnual][freq as usize];
        deal.legal_final_date = "2028-06-30".parse().unwrap();
        deal.pool.assets = assets.iter().enumerate().map(|(i, (b, r, t, a))| Asset {
            id: format!("L{i}"),
            obligor: format!("O{}", i % 7),
            asset_class: AssetClass::TrustLoan,
            data_asset_role: DataAssetRole::None,
            balance: Decimal::new(*b as i64, 0) / Decimal::from(100) * Decimal::from(100),
            rate: *r,
            remaining_term: *t,
            amortisation: match a {
                0 => Amortisation::LevelPayment,
                1 => Amortisation::EqualPrincipal,
                2 => Amortisation::Bullet,
                _ => Amortisation::Schedule(vec![Decimal::new(*b as i64 / 10, 0); 3]),
            },
            industry: String::new(),
            pledge: None,
        }).collect();
        let pool: Decimal = deal.pool.assets.iter().map(|a| a.balance).sum();
        let total_share: u32 = shares.iter().sum::<u32>() + 5;
        deal.tranches = shares.iter().enumerate().map(|(i, s)| Tranche {
            id: format!("T{i}"),
            name: format!("档{i}"),
            size: (pool * Decimal::from(*s) / Decimal::from(total_share)).round_dp(2).max(Decimal::new(1, 2)),
            coupon: coupons[i],
            principal_mode: match modes[i] {
                0 => PrincipalMode::PassThrough,
                1 => PrincipalMode::Bullet,
                _ => PrincipalMode::Schedule(vec![Decimal::from(100_000); 4]),
            },
            expected_maturity: "2027-06-30".parse().unwrap(),
            legal_maturity: "2028-06-30".parse().unwrap(),
            holder: Holder::Market,
            rating: (i == 0).then(|| "AAA".to_string()),
            price: None,
            floating: None,
            step_ups: Vec::new(),
            retained_share: 0.0,
        }).collect();
        let ids: Vec<String> = deal.tranches.iter().map(|t| t.id.clone()).collect();
        deal.fees = vec![Fee { id: "f".into(), name: "fee".into(), basis: FeeBasis::PoolBalance(fee_rate) }];
        deal.reserve = Some(Reserve {
            initial: Decimal::from(reserve),
            target: ReserveTarget::PoolShare(0.01),
            covers: vec![Cover::Fees, Cover::Interest(ids.clone())],
        });
        deal.enhancements = vec![Enhancement {
            id: "dp".into(),
            kind: EnhancementKind::DeficiencyPayment,
            provider: "p".into(),
            covers: vec![Cover::Interest(vec![ids[0].clone()]), Cover::MaturityPrincipal(vec![ids[0].clone()])],
            cap_per_period: Some(Decimal::from(cap / 3)),
            cap_total: Some(Decimal::from(cap)),
        }];
        deal.triggers = vec![Trigger { id: "t".into(), name: "cdr".into(), test: TriggerTest::CumulativeDefaultRate(trigger) }];
        deal.waterfall = waterfall_for(kind, &ids);
        deal.scenarios = vec![Scenario {
            name: "g".into(),
            cdr: Curve::Flat(cdr),
            cpr: Curve::Vector(vec![cpr, cpr / 2.0, cpr]),
            recovery_rate: recovery,
            recovery_lag: lag,
            ..Default::default()
        }];
        if obligor_default > 0 {
            deal.scenarios[0].obligor_defaults = vec![ObligorDefault { obligor: "O0".into(), period: obligor_default }];
        }
        deal.default_scenario = None;
        let r = run(&deal, None).unwrap_or_else(|e| panic!("{e}"));
        assert_conserved(&r);
        // What the pool paid in, the investors and fees took out or the accounts still hold.
        let paid: Decimal = r.periods.iter().map(|p| p.paid).sum();
        let collections: Decimal = r.periods.iter().map(|p| p.collections).sum();
        let draws: Decimal = r.periods.iter().flat_map(|p| p.enhancement_draws.iter()).sum();
        let last = r.periods.last().unwrap();
        let held = last.carried_out + last.reserve.closing + last.tranches.iter().map(|t| t.principal_account).sum::<Decimal>();
        prop_assert_eq!(collections + Decimal::from(reserve) + draws, paid + held);
    }
}
