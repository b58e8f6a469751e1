//! Security tokens: whole units and the odd fen, strips, the offshore currency, the registry
//! file and `verify-schedule`, conservation on every date of the token sample.

use rust_decimal::Decimal;
use std::process::Command;
use tranche_studio::io::parse_deal;
use tranche_studio::model::{Deal, Offshore, StripPart};
use tranche_studio::tokens::{self, Conversion, Leg, TokenSchedule, registry};

/// A two-year annual bond: closing 2026-01-01, payments 2027-01-01 and 2028-01-01 (365 days
/// each), A of 1,000,000.00 at 3% pass-through, a bullet pool of 1,100,000.00 at 5%, no
/// defaults. A receives 30,000.00 interest on each date and 1,000,000.00 principal on the
/// second; the rest goes to the originator.
const BOND: &str = r#"#![enable(implicit_some)]
Deal(
    format_version: 1, name: "two-year bond", closing_date: "2026-01-01",
    first_payment_date: "2027-01-01", frequency: Annual, legal_final_date: "2028-01-01",
    pool: Pool(assets: [Asset(id: "L1", obligor: "O1", asset_class: TradeReceivable, balance: "1100000.00", rate: 0.05,
        remaining_term: 24, amortisation: Bullet)]),
    scenarios: [
        Scenario(name: "base"),
        Scenario(name: "fx-path", fx_rates: ["0.9210", "0.9000"]),
    ],
    tranches: [Tranche(id: "A", name: "A", size: "1000000.00", coupon: 0.03,
        expected_maturity: "2028-01-01", legal_maturity: "2028-01-01",
        // The originator's 5% vertical slice (risk retention); no effect on the cash flows.
        retained_share: 0.05)],
    waterfall: Waterfall(steps: [
        Interest(["A"]),
        Principal(tranches: ["A"], allocation: Sequential, amount: Collections),
        ResidualTo(Originator),
    ]),
    tokens: Tokens(securities: [TokenSecurity(security: "A", units: 3, token_id: "BOND-A",
        strips: [
            Strip(id: "Y1", part: Interest, to: "2027-01-01", units: 7, price: "4000.00"),
            Strip(id: "Y2", part: Interest, from: "2027-01-01", units: 7),
            Strip(id: "P", part: Principal, units: 3, price: "300000.00"),
        ])],
        offshore: Offshore(currency: "HKD", rate: "0.9210")),
)"#;

/// An exact decimal from its text.
fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn bond() -> Deal {
    parse_deal(BOND, "bond.ron").unwrap()
}

fn schedules(deal: &Deal, scenario: &str) -> tokens::SecurityTokens {
    let r = tranche_studio::engine::run(deal, Some(scenario)).unwrap();
    tokens::security_tokens(deal, &r, "A").unwrap()
}

fn find<'a>(ts: &'a [TokenSchedule], strip: Option<&str>) -> &'a TokenSchedule {
    ts.iter().find(|t| t.strip.as_deref() == strip).unwrap()
}

#[test]
fn the_odd_fen_of_a_million_over_three_units_is_carried() {
    // 1,000,000.01 / 3 = 333,333.3366…: each unit 333,333.33 (rounded down), 3 × that =
    // 999,999.99, so 0.02 is carried to the next date.
    let a = Leg::split(d("1000000.01"), Decimal::ZERO, 3, 2).unwrap();
    assert_eq!(a.per_unit, d("333333.33"));
    assert_eq!(a.carried_out, d("0.02"));
    // Next date nothing new: 0.02 / 3 = 0.0066… → 0.00 each, the 0.02 stays carried.
    let b = Leg::split(Decimal::ZERO, a.carried_out, 3, 2).unwrap();
    assert_eq!((b.per_unit, b.carried_out), (d("0.00"), d("0.02")));
    // Then 0.01 arrives: 0.03 / 3 = 0.01 each, nothing left.
    let c = Leg::split(d("0.01"), b.carried_out, 3, 2).unwrap();
    assert_eq!((c.per_unit, c.carried_out), (d("0.01"), d("0.00")));
    // A yen-like currency (no minor unit): 1,000 / 3 = 333 each, 1 carried.
    let y = Leg::split(d("1000"), Decimal::ZERO, 3, 0).unwrap();
    assert_eq!((y.per_unit, y.carried_out), (d("333"), d("1")));
}

#[test]
fn a_two_year_bond_splits_into_strips_that_add_back_to_the_fen() {
    let deal = bond();
    let s = schedules(&deal, "base");
    let whole = find(&s.tokens, None);
    // Whole security, 3 units: 30,000.00 / 3 = 10,000.00 interest each date; principal
    // 1,000,000.00 / 3 = 333,333.33 each, 0.01 left after the last date.
    assert_eq!(whole.rows.len(), 2);
    assert_eq!(whole.rows[0].interest.per_unit, d("10000.00"));
    assert_eq!(whole.rows[1].principal.per_unit, d("333333.33"));
    assert_eq!(whole.final_residue(), [d("0"), d("0.01"), d("0")]);
    // Record date: 1 calendar day before the payment date by default.
    assert_eq!(whole.rows[0].record_date.to_string(), "2026-12-31");

    // Year 1 interest, 7 units: 30,000.00 / 7 = 4,285.714… → 4,285.71, 7 × = 29,999.97,
    // 0.03 left; only the 2027-01-01 date is in its window.
    let y1 = find(&s.tokens, Some("Y1"));
    assert_eq!(y1.rows.len(), 1);
    assert_eq!(y1.rows[0].interest.per_unit, d("4285.71"));
    assert_eq!(y1.rows[0].principal.per_unit, d("0"));
    assert_eq!(y1.final_residue(), [d("0.03"), d("0"), d("0")]);
    let y2 = find(&s.tokens, Some("Y2"));
    assert_eq!(y2.rows.len(), 1);
    assert_eq!(y2.rows[0].payment_date.to_string(), "2028-01-01");
    assert_eq!(y2.rows[0].interest.per_unit, d("4285.71"));
    let p = find(&s.tokens, Some("P"));
    assert_eq!(p.part, StripPart::Principal);
    assert_eq!(p.rows[1].principal.per_unit, d("333333.33"));
    assert_eq!(p.rows[0].interest.per_unit, d("0"));

    // The strips' cash adds back to the security's on each date and component:
    // 2027: 30,000.00 (Y1) + 0 (Y2) + 0 (P); 2028: 30,000.00 (Y2) + 1,000,000.00 (P).
    for (k, row) in whole.rows.iter().enumerate() {
        let date = row.payment_date;
        let strips: Vec<_> = s.tokens.iter().filter(|t| t.strip.is_some()).collect();
        let sum = |c: usize| -> Decimal {
            strips
                .iter()
                .flat_map(|t| t.rows.iter().filter(|r| r.payment_date == date))
                .map(|r| r.legs()[c].cash)
                .sum()
        };
        for c in 0..3 {
            assert_eq!(sum(c), row.legs()[c].cash, "date {k} component {c}");
        }
    }
    assert_eq!(whole.rows[0].interest.cash, d("30000.00"));
    assert_eq!(whole.rows[1].principal.cash, d("1000000.00"));
}

#[test]
fn strip_irr_wal_and_duration_at_the_stated_price() {
    let s = schedules(&bond(), "base");
    // Y1: pay 4,000.00 on 2026-01-01, receive 4,285.71 365 days later:
    // IRR = 4285.71 / 4000 − 1 = 0.0714275; no principal, so no WAL; Macaulay 1 year,
    // modified 1 / 1.0714275.
    let y1 = &find(&s.tokens, Some("Y1")).metrics;
    assert!((y1.irr.unwrap() - 0.0714275).abs() < 1e-10);
    assert_eq!(y1.wal, None);
    assert!((y1.macaulay_duration.unwrap() - 1.0).abs() < 1e-12);
    assert!((y1.modified_duration.unwrap() - 1.0 / 1.0714275).abs() < 1e-9);
    // Y2 has no price: no IRR and no duration.
    assert_eq!(find(&s.tokens, Some("Y2")).metrics.irr, None);
    // P: pay 300,000.00, receive 333,333.33 730 days later (2.0 years):
    // IRR = (333333.33 / 300000)^(1/2) − 1 = 0.05409255…; WAL 2.0.
    let p = &find(&s.tokens, Some("P")).metrics;
    let irr = (333333.33f64 / 300000.0).sqrt() - 1.0;
    assert!((p.irr.unwrap() - irr).abs() < 1e-10);
    assert!((p.wal.unwrap() - 2.0).abs() < 1e-12);
    assert!((p.macaulay_duration.unwrap() - 2.0).abs() < 1e-12);
    // The whole security at par: 1,000,000.00 / 3 units = 333,333.333… per unit, receiving
    // 10,000 then 343,333.33: IRR just under the 3% coupon (the 0.01 residue is kept).
    let w = &find(&s.tokens, None).metrics;
    assert!(w.irr.unwrap() < 0.03 && w.irr.unwrap() > 0.0299999);
}

#[test]
fn an_fx_conversion_is_rounded_down_and_its_residue_carried() {
    // 1,000.00 CNY at 0.9210 CNY/HKD: 1000 / 0.921 = 1,085.7763… → 1,085.77 HKD, worth
    // 1,085.77 × 0.921 = 999.99417 CNY, so 0.00583 CNY is carried.
    let c = Conversion::of(d("1000.00"), Decimal::ZERO, d("0.9210"), 2).unwrap();
    assert_eq!(c.converted, d("1085.77"));
    assert_eq!(c.carried_out, d("0.00583"));
    // Split over 3 units: 1,085.77 / 3 = 361.9233… → 361.92, 0.01 HKD carried.
    let l = Leg::split(c.converted, Decimal::ZERO, 3, 2).unwrap();
    assert_eq!((l.per_unit, l.carried_out), (d("361.92"), d("0.01")));
}

#[test]
fn the_bond_in_hkd_at_the_stated_rate_and_at_a_rate_path() {
    let deal = bond();
    let s = schedules(&deal, "base");
    let hkd = find(&s.offshore, None);
    assert_eq!(hkd.currency, "HKD");
    // 2027: 30,000.00 / 0.921 = 32,573.2899… → 32,573.28 HKD (29,999.99088 CNY), 0.00912
    // CNY carried; / 3 units = 10,857.76 exactly.
    let c = hkd.rows[0].conversion.unwrap();
    assert_eq!(c[0].converted, d("32573.28"));
    assert_eq!(c[0].carried_out, d("0.00912"));
    assert_eq!(hkd.rows[0].interest.per_unit, d("10857.76"));
    assert_eq!(hkd.rows[0].interest.carried_out, d("0"));

    // Rate path 0.9210 then 0.9000: the 2028 interest converts 30,000.00 + 0.00912 CNY:
    // 30,000.00912 / 0.9 = 33,333.3434… → 33,333.34 HKD (30,000.006 CNY), 0.00312 carried;
    // / 3 = 11,111.1133… → 11,111.11 each, 0.01 HKD left.
    let s = schedules(&deal, "fx-path");
    let hkd = find(&s.offshore, None);
    let c = hkd.rows[1].conversion.unwrap();
    assert_eq!(c[0].rate, d("0.9000"));
    assert_eq!(c[0].carried_in, d("0.00912"));
    assert_eq!(c[0].converted, d("33333.34"));
    assert_eq!(c[0].carried_out, d("0.00312"));
    assert_eq!(hkd.rows[1].interest.per_unit, d("11111.11"));
    assert_eq!(hkd.rows[1].interest.carried_out, d("0.01"));
}

/// Validation's findings on a deal's text, each as "path: message".
fn issues(text: &str) -> Vec<String> {
    let d = parse_deal(text, "t.ron").unwrap();
    tranche_studio::validate::validate(&d, &[])
        .into_iter()
        .map(|i| format!("{}: {}", i.path, i.message))
        .collect()
}

#[test]
fn token_terms_are_checked_at_their_field_paths() {
    // A gap: the interest after 2027-01-01 is in no strip.
    let gap = BOND.replace(
        r#"Strip(id: "Y2", part: Interest, from: "2027-01-01", units: 7),"#,
        "",
    );
    let found = issues(&gap);
    assert!(
        found.iter().any(|i| i
            .starts_with("tokens.securities[0].strips: the interest of dates after 2027-01-01")),
        "{found:?}"
    );
    // An overlap: Y2 from 2026-06-01 takes the 2027 interest Y1 already has.
    let overlap = BOND.replace(
        r#"from: "2027-01-01", units: 7"#,
        r#"from: "2026-06-01", units: 7"#,
    );
    assert!(
        issues(&overlap)
            .iter()
            .any(|i| i.starts_with("tokens.securities[0].strips[1].from:"))
    );
    // No units, an unknown security, a rate path without an offshore currency.
    let bad = BOND
        .replace("units: 3, token_id", "units: 0, token_id")
        .replace(r#"security: "A""#, r#"security: "B""#)
        .replace(r#"offshore: Offshore(currency: "HKD", rate: "0.9210")"#, "");
    let found = issues(&bad);
    for p in [
        "tokens.securities[0].units: 0 is outside",
        "tokens.securities[0].security: no security \"B\"",
        "scenarios[1].fx_rates: exchange rates need tokens.offshore",
    ] {
        assert!(
            found.iter().any(|i| i.starts_with(p)),
            "{p} not in {found:?}"
        );
    }
    assert!(issues(BOND).is_empty(), "{:?}", issues(BOND));
}

#[test]
fn a_security_without_token_terms_has_one_unit_per_100() {
    // No tokens section: A of 1,000,000.00 has 10,000 units; 30,000.00 / 10,000 = 3.00.
    let start = BOND.find("    tokens:").unwrap();
    let end = BOND.rfind(')').unwrap();
    let plain = format!("{}{}", &BOND[..start], &BOND[end..]).replace(
        r#"Scenario(name: "fx-path", fx_rates: ["0.9210", "0.9000"]),"#,
        "",
    );
    let deal = parse_deal(&plain, "plain.ron").unwrap();
    let s = schedules(&deal, "base");
    assert_eq!(s.tokens.len(), 1);
    assert_eq!(s.tokens[0].units, 10_000);
    assert_eq!(s.tokens[0].rows[0].interest.per_unit, d("3.00"));
    assert!(s.offshore.is_empty());
}

#[test]
fn the_registry_file_round_trips_and_is_in_whole_minor_units() {
    let deal = bond();
    let r = tranche_studio::engine::run(&deal, None).unwrap();
    let f = registry::for_security(&deal, &r, "A").unwrap();
    let text = serde_json::to_string_pretty(&f).unwrap();
    let back: registry::RegistryFile = serde_json::from_str(&text).unwrap();
    assert_eq!(back, f);
    assert!(registry::compare(&f, &back).is_empty());
    // Four CNY tokens (whole, Y1, Y2, P), then the same four in HKD.
    assert_eq!(f.tokens.len(), 8);
    let y1 = &f.tokens[1];
    // 4,285.71 CNY = 428,571 fen; 0.03 CNY left = 3 fen.
    assert_eq!(y1.rows[0].interest_per_unit, 428_571);
    assert_eq!(y1.rows[0].residue, 3);
    assert_eq!(y1.final_residue, 3);
    let hkd = &f.tokens[4];
    assert_eq!(hkd.currency, "HKD");
    // 10,857.76 HKD = 1,085,776 cents; rate and unconverted CNY as decimal text.
    assert_eq!(hkd.rows[0].interest_per_unit, 1_085_776);
    assert_eq!(hkd.rows[0].fx_rate.as_deref(), Some("0.921"));
    assert_eq!(hkd.rows[0].fx_residue_cny.as_deref(), Some("0.00912"));
    assert!(text.contains("\"schema\": \"tranche-studio/token-schedule/1\""));
}

#[test]
fn a_one_fen_edit_is_reported_with_its_date_and_field() {
    let deal = bond();
    let r = tranche_studio::engine::run(&deal, None).unwrap();
    let f = registry::for_security(&deal, &r, "A").unwrap();
    let mut edited = f.clone();
    edited.tokens[3].rows[1].principal_per_unit += 1;
    let m = registry::compare(&f, &edited);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].token, "P (CNY)");
    assert_eq!(m[0].date.unwrap().to_string(), "2028-01-01");
    assert_eq!(m[0].field, "principal_per_unit");
    assert_eq!(
        (m[0].expected.as_str(), m[0].found.as_str()),
        ("33333333", "33333334")
    );
    // A missing row is reported too.
    let mut short = f.clone();
    short.tokens[0].rows.pop();
    assert_eq!(registry::compare(&f, &short)[0].field, "rows");
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tranche-studio"))
}

#[test]
fn verify_schedule_exits_0_on_a_match_and_3_on_a_one_fen_edit() {
    let dir = std::env::temp_dir().join(format!("ts-tokens-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let deal = format!(
        "{}/sample_deals/token_income_strips.ron",
        env!("CARGO_MANIFEST_DIR")
    );
    let file = dir.join("A.json");
    let out = bin()
        .args(["registry", &deal, "--security", "A", "--out"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let ok = bin()
        .args(["verify-schedule", &deal])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(ok.status.code(), Some(0), "{ok:?}");
    // Add one fen to the first date's interest per unit of the whole security.
    let mut f: registry::RegistryFile =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let row = &mut f.tokens[0].rows[0];
    let (date, was) = (row.payment_date, row.interest_per_unit);
    row.interest_per_unit += 1;
    std::fs::write(&file, serde_json::to_string(&f).unwrap()).unwrap();
    let bad = bin()
        .args(["verify-schedule", &deal])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(3), "{bad:?}");
    let stdout = String::from_utf8_lossy(&bad.stdout);
    let expected = format!(
        "HK-ABST-2026-A (CNY): {date}: interest_per_unit: expected {was}, found {}",
        was + 1
    );
    assert!(stdout.contains(&expected), "{stdout}");
    // An unreadable file is exit 1.
    std::fs::write(&file, "{").unwrap();
    let broken = bin()
        .args(["verify-schedule", &deal])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(broken.status.code(), Some(1));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_token_sample_conserves_money_on_every_date() {
    let text = include_str!("../../sample_deals/token_income_strips.ron");
    let deal = parse_deal(text, "token_income_strips.ron").unwrap();
    assert!(deal.tokens.as_ref().is_some_and(|t| t.offshore.is_some()));
    let o: &Offshore = deal.tokens.as_ref().unwrap().offshore.as_ref().unwrap();
    for sc in &deal.scenarios {
        let r = tranche_studio::engine::run(&deal, Some(&sc.name)).unwrap();
        for s in tokens::all(&deal, &r).unwrap() {
            let p = r
                .securities
                .iter()
                .position(|x| x.id == s.security)
                .unwrap();
            let whole = &s.tokens[0];
            for t in s.tokens.iter().chain(&s.offshore) {
                let step = Decimal::new(1, t.decimals);
                for row in &t.rows {
                    for leg in row.legs() {
                        // per unit × units + carried out = cash + carried in, exactly.
                        assert_eq!(
                            leg.paid(row.units) + leg.carried_out,
                            leg.cash + leg.carried_in
                        );
                        assert!(leg.carried_out >= Decimal::ZERO);
                        assert!(leg.carried_out < step * Decimal::from(row.units.max(1)));
                    }
                    if let Some(conv) = row.conversion {
                        for (c, leg) in conv.iter().zip(row.legs()) {
                            assert_eq!(leg.cash, c.converted);
                            assert_eq!(c.converted * c.rate + c.carried_out, c.cny + c.carried_in);
                            assert!(c.carried_out < step * c.rate);
                            assert_eq!(
                                c.rate,
                                sc.fx_rates
                                    .get(row.period - 1)
                                    .or(sc.fx_rates.last())
                                    .copied()
                                    .unwrap_or(o.rate)
                            );
                        }
                    }
                }
            }
            // The whole token's cash is the security's, on every date.
            for (row, period) in whole.rows.iter().zip(&r.periods) {
                let tp = &period.tranches[p];
                assert_eq!(row.interest.cash, tp.interest_paid);
                assert_eq!(row.principal.cash, tp.principal_paid);
                assert_eq!(row.other.cash, tp.residual_paid);
            }
            assert_eq!(whole.rows.len(), r.periods.len());
            // The strips add back to the security on every date and component.
            let strips: Vec<&TokenSchedule> =
                s.tokens.iter().filter(|t| t.strip.is_some()).collect();
            if strips.is_empty() {
                continue;
            }
            for row in &whole.rows {
                for c in 0..3 {
                    let sum: Decimal = strips
                        .iter()
                        .flat_map(|t| t.rows.iter().filter(|x| x.payment_date == row.payment_date))
                        .map(|x| x.legs()[c].cash)
                        .sum();
                    assert_eq!(sum, row.legs()[c].cash, "{} {}", sc.name, row.payment_date);
                }
            }
        }
    }
}

#[test]
fn record_days_and_the_currency_code_at_their_limits() {
    // validate/tokens.rs: a record date at most 31 days before payment; a currency code of
    // three capital letters.
    let errors_at = |edit: &dyn Fn(&mut tranche_studio::model::Deal), path: &str| {
        let mut deal = parse_deal(BOND, "t.ron").unwrap();
        edit(&mut deal);
        tranche_studio::validate::validate(&deal, &[])
            .into_iter()
            .filter(|i| i.path == path)
            .count()
    };
    let record = |days: u32| {
        move |d: &mut tranche_studio::model::Deal| {
            d.tokens.as_mut().unwrap().securities[0].record_days = days
        }
    };
    let days = "tokens.securities[0].record_days";
    assert_eq!(errors_at(&record(31), days), 0);
    assert_eq!(errors_at(&record(32), days), 1);
    let code = |c: &'static str| {
        move |d: &mut tranche_studio::model::Deal| {
            d.tokens
                .as_mut()
                .unwrap()
                .offshore
                .as_mut()
                .unwrap()
                .currency = c.into()
        }
    };
    let currency = "tokens.offshore.currency";
    assert_eq!(errors_at(&code("USD"), currency), 0);
    // Three letters not capitals, and four capitals: both refused.
    assert_eq!(errors_at(&code("hkd"), currency), 1);
    assert_eq!(errors_at(&code("HKDX"), currency), 1);
    // Up to 4 decimals of the offshore currency.
    let decimals = |n: u32| {
        move |d: &mut tranche_studio::model::Deal| {
            d.tokens
                .as_mut()
                .unwrap()
                .offshore
                .as_mut()
                .unwrap()
                .decimals = n
        }
    };
    let path = "tokens.offshore.decimals";
    assert_eq!(errors_at(&decimals(4), path), 0);
    assert_eq!(errors_at(&decimals(5), path), 1);
    // Up to 10^12 units of a token.
    let units = |n: u64| {
        move |d: &mut tranche_studio::model::Deal| {
            d.tokens.as_mut().unwrap().securities[0].units = Some(n)
        }
    };
    let path = "tokens.securities[0].units";
    assert_eq!(errors_at(&units(1_000_000_000_000), path), 0);
    assert_eq!(errors_at(&units(1_000_000_000_001), path), 1);
    // An exchange rate in (0, 1,000,000] CNY per unit.
    let rate = |r: &'static str| {
        move |d: &mut tranche_studio::model::Deal| {
            d.tokens.as_mut().unwrap().offshore.as_mut().unwrap().rate = r.parse().unwrap()
        }
    };
    let path = "tokens.offshore.rate";
    assert_eq!(errors_at(&rate("1000000"), path), 0);
    assert_eq!(errors_at(&rate("1000000.01"), path), 1);
    assert_eq!(errors_at(&rate("0"), path), 1);
}

/// A strip may be a window with both ends; a gap is named by its dates, whichever end of the
/// dates it leaves out.
#[test]
fn strip_windows_cover_every_date_once_and_a_gap_is_named_by_its_dates() {
    // Y1 up to 2027-01-01, Y2 from then up to 2027-07-01, Y3 from then: every date once.
    let three = BOND.replace(
        r#"Strip(id: "Y2", part: Interest, from: "2027-01-01", units: 7),"#,
        r#"Strip(id: "Y2", part: Interest, from: "2027-01-01", to: "2027-07-01", units: 7),
           Strip(id: "Y3", part: Interest, from: "2027-07-01", units: 7),"#,
    );
    assert_eq!(issues(&three), Vec::<String>::new());
    // Y2 from 2027-03-01: the interest after 2027-01-01 up to 2027-03-01 is in no strip.
    let middle = three.replace(
        r#"from: "2027-01-01", to: "2027-07-01""#,
        r#"from: "2027-03-01", to: "2027-07-01""#,
    );
    assert_eq!(
        issues(&middle),
        [
            "tokens.securities[0].strips: the interest of dates after 2027-01-01 up to 2027-03-01 is in no strip"
        ]
    );
    // Y1 from 2026-07-01: the interest up to that date is in no strip.
    let start = three.replace(
        r#"Strip(id: "Y1", part: Interest, to:"#,
        r#"Strip(id: "Y1", part: Interest, from: "2026-07-01", to:"#,
    );
    assert_eq!(
        issues(&start),
        ["tokens.securities[0].strips: the interest of dates up to 2026-07-01 is in no strip"]
    );
    // A window that ends where it starts is refused at its `to`.
    let empty = three.replace(r#"to: "2027-07-01""#, r#"to: "2027-01-01""#);
    assert!(
        issues(&empty)
            .iter()
            .any(|i| i == "tokens.securities[0].strips[1].to: must be after from"),
        "{:?}",
        issues(&empty)
    );
}
