//! A step-up on a floating coupon: added to the index and spread (`engine::coupon`), found
//! untested by issue 16's mutation run of `src/engine/coupon.rs`.

use crate::common::SMALL_DEAL;
use rust_decimal::Decimal;
use std::str::FromStr;
use tranche_studio::engine::run;
use tranche_studio::io::parse_deal;

#[test]
fn a_step_up_adds_to_a_floating_coupon() {
    // A floats on 1Y LPR (3.10% throughout, in both scenarios) + 0.60%, and steps up by 1%
    // for the periods that begin on or after 2025-04-01.
    let text = SMALL_DEAL.replacen(
        r#"coupon: 0.03,"#,
        r#"coupon: 0.006, floating: Floating(index: Lpr1Y),
                step_ups: [StepUp(after: Date("2025-04-01"), add: 0.01)],"#,
        1,
    );
    let path = r#"rate_paths: [RatePath(index: Lpr1Y, levels: [("2024-12-20", 0.031)])]"#;
    let text = text
        .replacen(
            r#"Scenario(name: "base"),"#,
            &format!(r#"Scenario(name: "base", {path}),"#),
            1,
        )
        .replacen(
            r#"Scenario(name: "default", "#,
            &format!(r#"Scenario(name: "default", {path}, "#),
            1,
        );
    let r = run(&parse_deal(&text, "step").unwrap(), Some("base")).unwrap();
    let a = |k: usize| &r.periods[k].tranches[0];
    // Period 1: 3.10% + 0.60% = 3.70%; 900,000 × 3.70% × 90/365 = 8,210.9589 → 8,210.96.
    assert_eq!(a(0).interest_paid, Decimal::from_str("8210.96").unwrap());
    // Period 2 (from 2025-04-01): 3.10% + 0.60% + 1% = 4.70%; 400,000 × 4.70% × 91/365
    // = 4,687.1233 → 4,687.12 (not 2.70%, the step subtracted).
    assert_eq!(a(1).coupon_rate, Some(0.047));
    assert_eq!(a(1).interest_paid, Decimal::from_str("4687.12").unwrap());
}
