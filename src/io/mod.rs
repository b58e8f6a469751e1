//! Reading and writing deals: the RON deal file and CSV asset tapes.

mod atomic;
mod deal_file;
mod input;
mod ron_layout;
mod tape;

pub use atomic::{TEMP_SUFFIX, write_atomic};
pub(crate) use atomic::{is_stale, sync_dir};
pub use deal_file::{LoadedDeal, edit_ron, load_deal, parse_deal, save_deal, to_ron};
pub use input::{MAX_DEAL_BYTES, MAX_TAPE_BYTES, MAX_TAPE_ROWS};
pub use tape::{
    PasteError, PasteProblem, REP_LINE_COLUMNS, TAPE_COLUMNS, parse_lines, parse_rows, read_tape,
    write_lines, write_rows,
};
