//! The engine's session: one place that runs deals (the deal and its tape's rows, loaded
//! once), for the CLI, the GUI worker and the exports.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use tranche_studio::engine::{self, Session};
use tranche_studio::export;

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_deals")
        .join(name)
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ts-session-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn json(r: &tranche_studio::results::DealResults) -> String {
    serde_json::to_string(r).unwrap()
}

/// The bug this type fixes: the GUI held the tape's rows apart from the deal and exported
/// the deal alone, so the term sheet reran every scenario on a pool with no assets and its
/// scenario table came out empty. A session built the way the GUI holds a document (the deal
/// without rows, the rows in an `Arc`) exports every scenario.
#[test]
fn a_deal_with_a_csv_tape_exports_its_scenario_table() {
    let loaded = tranche_studio::io::load_deal(&sample("data_empowered_leases.ron")).unwrap();
    assert!(
        loaded.deal.pool.assets.is_empty(),
        "every lease is on the tape"
    );
    assert!(loaded.tape.len() > 1000, "{} rows", loaded.tape.len());
    let rows = loaded.tape.len();
    let mut session = Session::new(loaded.deal, Arc::new(loaded.tape));
    let results = session.run(None).unwrap();
    assert_eq!(results.pool.assets, rows);
    let dir = temp_dir("tape");
    let report = export::export_all(&mut session, &results, &dir, false, true).unwrap();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let md = std::fs::read_to_string(dir.join("term_sheet.md")).unwrap();
    let table = md.split("## 主要情景").nth(1).expect("a scenario section");
    for name in ["base", "stress-cdr6", "ramp"] {
        assert!(
            table.lines().any(|l| l.starts_with(&format!("| {name} |"))),
            "{name} row missing:\n{table}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Without its rows, a deal that names a tape is refused at `pool.tape` rather than run on
/// an empty pool.
#[test]
fn a_deal_run_without_its_tape_rows_is_refused_at_pool_tape() {
    let loaded = tranche_studio::io::load_deal(&sample("data_empowered_leases.ron")).unwrap();
    let Err(engine::EngineError::Invalid(issues)) = engine::run(&loaded.deal, None) else {
        panic!("ran without the tape's rows")
    };
    assert!(issues.iter().any(|i| i.path == "pool.tape"), "{issues:?}");
    // And rows for a deal that names no tape are refused too.
    let mut pledge =
        Session::open(&sample("data_asset_pledge_loans.ron")).expect("the pledge sample");
    let rows = Arc::new(loaded.tape);
    pledge.update(pledge.deal().clone(), rows);
    assert!(pledge.issues().iter().any(|i| i.path == "pool.tape"));
}

/// The pool version moves with the pool and the dates, not with the liabilities; every
/// result equals a fresh session's.
#[test]
fn the_session_keys_its_pool_work_on_the_pool() {
    let mut s = Session::open(&sample("data_empowered_leases.ron")).unwrap();
    let v0 = s.pool_version();
    let (mut deal, tape) = (s.deal().clone(), Arc::clone(s.tape()));
    deal.tranches[0].coupon = 0.05;
    assert!(!s.update(deal.clone(), Arc::clone(&tape)));
    assert_eq!(s.pool_version(), v0);
    let edited = s.run(Some("ramp")).unwrap();
    let fresh = Session::new(deal.clone(), Arc::clone(&tape)).run(Some("ramp"));
    assert_eq!(json(&edited), json(&fresh.unwrap()));
    // A new tape (another Arc, even with equal rows) is a new pool.
    let copy = Arc::new((*tape).clone());
    assert!(s.update(deal.clone(), copy));
    assert!(s.pool_version() > v0);
    // So is a date.
    let v1 = s.pool_version();
    deal.legal_final_date = deal.legal_final_date.succ_opt().unwrap();
    assert!(s.update(deal.clone(), Arc::clone(s.tape())));
    assert!(s.pool_version() > v1);
    let all = s.all_scenarios().unwrap();
    assert_eq!(
        all.iter().map(|r| r.scenario.as_str()).collect::<Vec<_>>(),
        ["base", "stress-cdr6", "ramp"]
    );
    let fresh = Session::new(deal, tape).run(Some("stress-cdr6")).unwrap();
    assert_eq!(json(&all[1]), json(&fresh));
}

/// A sweep of one driver: each point is the lone run of the scenario with the driver set.
#[test]
fn a_sweep_point_equals_the_lone_run() {
    let mut s = Session::open(&sample("data_empowered_leases.ron")).unwrap();
    let go = std::sync::atomic::AtomicBool::new(false);
    let points = s
        .sweep(
            Some("base"),
            &tranche_studio::model::Driver::Cdr,
            &[0.0, 0.06, 0.3],
            &go,
            |r| r.securities[3].principal_loss,
        )
        .unwrap();
    assert_eq!(points.len(), 3);
    for (x, loss) in points {
        let mut d = s.deal().clone();
        d.scenarios[0].cdr = tranche_studio::model::Curve::Flat(x);
        let lone = Session::new(d, Arc::clone(s.tape()))
            .run(Some("base"))
            .unwrap();
        assert_eq!(loss.unwrap(), lone.securities[3].principal_loss, "cdr {x}");
    }
    // An obligor the pool does not have cannot be swept.
    let none = tranche_studio::model::Driver::ObligorDefaultPeriod("nobody".into());
    assert!(s.sweep(None, &none, &[1.0], &go, |_| ()).is_err());
}
