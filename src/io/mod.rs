//! Reading and writing deals: the RON deal file and CSV asset tapes.

mod deal_file;
mod tape;

pub use deal_file::{load_deal, parse_deal, save_deal, to_ron, write_atomic};
pub use tape::{TAPE_COLUMNS, read_tape};
