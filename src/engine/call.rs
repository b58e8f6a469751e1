//! 清仓回购: when and at what price the originator buys the remaining pool. The pool
//! projection ends on the call date (`pool::to_ledger`); the waterfall treats the price as a
//! principal collection of that date, which becomes the final payment date.

use crate::model::{CallPrice, CleanUpCall};
use crate::money::{dec, fen};
use rust_decimal::Decimal;

/// The period (0-based) of the call: the first whose closing performing balance is above
/// zero and below `below × initial balance` (exactly at the level is not below).
pub fn call_period(call: &CleanUpCall, initial: Decimal, closing: &[Decimal]) -> Option<usize> {
    let level = initial * dec(call.below);
    closing.iter().position(|&c| c > Decimal::ZERO && c < level)
}

/// What the buyer pays for `base` = performing balance + recoveries still to come.
pub fn price(call: &CleanUpCall, base: Decimal) -> Decimal {
    match call.price {
        CallPrice::ParPlusAccrued => base,
        CallPrice::PerHundred(p) => fen(base * dec(p) / Decimal::ONE_HUNDRED),
    }
}
