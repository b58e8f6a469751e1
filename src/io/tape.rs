//! CSV asset tapes as originators deliver them. Columns, in this order, with a header row:
//! `id,obligor,asset_class,data_asset_role,balance,rate,remaining_term,amortisation`, and
//! optionally a ninth, `industry`. The same columns, tab-separated, are the rows the app
//! copies to and pastes from Excel; representative lines copy and paste in the same
//! columns with a `weight` in place of the balance.

use crate::error::LoadError;
use crate::model::{Amortisation, Asset, AssetClass, DataAssetRole, RepLine};
use rust_decimal::Decimal;
use std::path::Path;
use std::str::FromStr;

pub const TAPE_COLUMNS: [&str; 8] = [
    "id",
    "obligor",
    "asset_class",
    "data_asset_role",
    "balance",
    "rate",
    "remaining_term",
    "amortisation",
];

/// A cell that does not read as its column's value.
struct CellError {
    /// Index into [`TAPE_COLUMNS`].
    column: usize,
    message: String,
}

/// Read a tape: a regular file within [`MAX_TAPE_BYTES`](super::MAX_TAPE_BYTES) and
/// [`MAX_TAPE_ROWS`](super::MAX_TAPE_ROWS) asset rows. Errors name the row (the header is
/// row 1, each record one row) and the column.
pub fn read_tape(path: &Path) -> Result<Vec<Asset>, LoadError> {
    read_tape_within(path, super::MAX_TAPE_BYTES, super::MAX_TAPE_ROWS)
}

fn read_tape_within(path: &Path, max_bytes: u64, max_rows: usize) -> Result<Vec<Asset>, LoadError> {
    let origin = path.display().to_string();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(super::input::open_regular(path, max_bytes)?);
    let err = |row: u64, column: &str, message: String| LoadError::Tape {
        path: origin.clone(),
        row,
        column: Some(column.to_string()),
        message,
    };
    let headers = reader.headers().map_err(|e| csv_error(&origin, e))?.clone();
    for (i, want) in TAPE_COLUMNS.iter().enumerate() {
        if headers.get(i) != Some(*want) {
            return Err(err(
                1,
                want,
                format!("header must be {}", TAPE_COLUMNS.join(",")),
            ));
        }
    }
    let has_industry = headers.get(TAPE_COLUMNS.len()) == Some("industry");
    let mut assets = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| csv_error(&origin, e))?;
        let row = i as u64 + 2;
        if assets.len() == max_rows {
            return Err(LoadError::Tape {
                path: origin.clone(),
                row,
                column: None,
                message: format!("more than the limit of {max_rows} asset rows"),
            });
        }
        let mut asset = asset_of(|i| record.get(i).unwrap_or(""))
            .map_err(|e| err(row, TAPE_COLUMNS[e.column], e.message))?;
        if has_industry {
            asset.industry = record.get(TAPE_COLUMNS.len()).unwrap_or("").to_string();
        }
        assets.push(asset);
    }
    Ok(assets)
}

/// Rows pasted from a spreadsheet that do not read: the row in the pasted text (1-based, a
/// header row counts) and the column, by index into [`TAPE_COLUMNS`] (none for a row of
/// the wrong shape as a whole).
#[derive(Debug, Clone, PartialEq)]
pub struct PasteError {
    pub row: u64,
    pub column: Option<usize>,
    pub problem: PasteProblem,
    /// The cell's text as pasted (empty for a missing cell).
    pub value: String,
    /// In English, for logs and the CLI.
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasteProblem {
    /// A cell that does not read as its column's value.
    Cell,
    /// A first row starting `id` that is not the tape's header.
    Header,
    /// A row with too few or too many cells, or text that is not rows at all.
    Shape,
    /// More rows than a tape may hold.
    TooMany,
}

/// Read tab-separated rows as Excel copies them, in the tape's column order, with or
/// without the tape's header row (recognised by a first cell `id`); blank lines are
/// skipped and trailing empty cells ignored. All rows or none: the first bad cell is the
/// error.
pub fn parse_rows(text: &str) -> Result<Vec<Asset>, PasteError> {
    parse_pasted(text, &TAPE_COLUMNS, |f| asset_of(f))
}

/// The columns of representative lines as the app copies and pastes them: the tape's, with
/// the line's `weight` (a fraction, or a percentage such as `25%`) in place of the balance.
pub const REP_LINE_COLUMNS: [&str; 8] = [
    "id",
    "obligor",
    "asset_class",
    "data_asset_role",
    "weight",
    "rate",
    "remaining_term",
    "amortisation",
];

/// [`parse_rows`] for representative lines, in [`REP_LINE_COLUMNS`].
pub fn parse_lines(text: &str) -> Result<Vec<RepLine>, PasteError> {
    parse_pasted(text, &REP_LINE_COLUMNS, |field| {
        // The same cells as an asset's but the fifth, which a line reads as its weight.
        let asset = asset_of(|k| if k == 4 { "0" } else { field(k) });
        let weight = rate_of(field(4)).ok_or_else(|| CellError {
            column: 4,
            message: format!("{:?} is not a weight", field(4)),
        });
        // The first bad cell from the left is the error.
        let (a, weight) = match (asset, weight) {
            (Err(e), _) if e.column < 4 => return Err(e),
            (_, Err(e)) => return Err(e),
            (a, Ok(w)) => (a?, w),
        };
        Ok(RepLine {
            id: a.id,
            obligor: a.obligor,
            asset_class: a.asset_class,
            data_asset_role: a.data_asset_role,
            industry: a.industry,
            weight,
            rate: a.rate,
            remaining_term: a.remaining_term,
            amortisation: a.amortisation,
        })
    })
}

/// Pasted rows of `columns`, each read by `row_of` from its cells.
fn parse_pasted<T>(
    text: &str,
    columns: &[&str],
    row_of: impl for<'r> Fn(&dyn Fn(usize) -> &'r str) -> Result<T, CellError>,
) -> Result<Vec<T>, PasteError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(b'\t')
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let bad = |row: u64, column: Option<usize>, value: &str, message: String| PasteError {
            row,
            column,
            problem: PasteProblem::Cell,
            value: value.to_string(),
            message,
        };
        let shape = |e: PasteError| PasteError {
            problem: PasteProblem::Shape,
            ..e
        };
        let record = record.map_err(|e| {
            let row = e.position().map_or(0, |p| p.line());
            shape(bad(row, None, "", e.to_string()))
        })?;
        let row = record.position().map_or(i as u64 + 1, |p| p.line());
        // Excel's selection may end in empty cells; anything else past the columns is an error.
        let used = (0..record.len())
            .rev()
            .find(|&k| !record[k].is_empty())
            .map_or(0, |k| k + 1);
        if used == 0 {
            continue;
        }
        if i == 0 && record.get(0).is_some_and(|c| c.eq_ignore_ascii_case("id")) {
            if let Some(k) = (0..columns.len()).find(|&k| record.get(k) != Some(columns[k])) {
                let value = record.get(k).unwrap_or("");
                return Err(PasteError {
                    problem: PasteProblem::Header,
                    ..bad(
                        row,
                        Some(k),
                        value,
                        format!("header must be {}", columns.join(" ")),
                    )
                });
            }
            continue;
        }
        if used > columns.len() {
            let value = record.get(columns.len()).unwrap_or("");
            return Err(shape(bad(
                row,
                None,
                value,
                format!("{used} cells where a row has {}", columns.len()),
            )));
        }
        if record.len() < columns.len() {
            return Err(shape(bad(
                row,
                Some(record.len()),
                "",
                format!("{} cells where a row has {}", record.len(), columns.len()),
            )));
        }
        if out.len() == super::MAX_TAPE_ROWS {
            return Err(PasteError {
                problem: PasteProblem::TooMany,
                ..bad(
                    row,
                    None,
                    "",
                    format!("more than the limit of {} rows", super::MAX_TAPE_ROWS),
                )
            });
        }
        let value = row_of(&|k| record.get(k).unwrap_or("")).map_err(|e| {
            bad(
                row,
                Some(e.column),
                record.get(e.column).unwrap_or(""),
                e.message,
            )
        })?;
        out.push(value);
    }
    Ok(out)
}

/// `assets` as tab-separated text under the tape's header row, for Excel; [`parse_rows`]
/// reads it back (except a `Schedule` amortisation and a pledge, which a tape cannot hold).
pub fn write_rows(assets: &[Asset]) -> String {
    write_pasted(
        &TAPE_COLUMNS,
        assets.iter().map(|a| {
            let cells = common_cells(&a.id, &a.obligor, a.asset_class, a.data_asset_role);
            (
                cells,
                a.balance.to_string(),
                a.rate,
                a.remaining_term,
                &a.amortisation,
            )
        }),
    )
}

/// Representative lines as tab-separated text under [`REP_LINE_COLUMNS`]; [`parse_lines`]
/// reads it back (except a `Schedule` amortisation).
pub fn write_lines(lines: &[RepLine]) -> String {
    write_pasted(
        &REP_LINE_COLUMNS,
        lines.iter().map(|l| {
            let cells = common_cells(&l.id, &l.obligor, l.asset_class, l.data_asset_role);
            (
                cells,
                l.weight.to_string(),
                l.rate,
                l.remaining_term,
                &l.amortisation,
            )
        }),
    )
}

fn common_cells<'a>(
    id: &'a str,
    obligor: &'a str,
    class: AssetClass,
    role: DataAssetRole,
) -> [&'a str; 4] {
    [id, obligor, class.key(), role_key(role)]
}

type PastedRow<'a> = ([&'a str; 4], String, f64, u32, &'a Amortisation);

fn write_pasted<'a>(columns: &[&str], rows: impl Iterator<Item = PastedRow<'a>>) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = w.write_record(columns);
    for (cells, size, rate, term, am) in rows {
        let [id, obligor, class, role] = cells;
        let _ = w.write_record([
            id,
            obligor,
            class,
            role,
            &size,
            &rate.to_string(),
            &term.to_string(),
            amortisation_key(am),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn role_key(r: DataAssetRole) -> &'static str {
    match r {
        DataAssetRole::InPool => "InPool",
        DataAssetRole::Empowering => "Empowering",
        DataAssetRole::None => "None",
    }
}

fn amortisation_key(a: &Amortisation) -> &'static str {
    match a {
        Amortisation::LevelPayment => "LevelPayment",
        Amortisation::EqualPrincipal => "EqualPrincipal",
        Amortisation::Bullet => "Bullet",
        Amortisation::Schedule(_) => "Schedule",
    }
}

/// One row's cells, in [`TAPE_COLUMNS`] order, as an asset. Amounts may carry thousands
/// separators (`25,000,000.00`) and rates a percent sign (`4.8%` is 0.048), as a
/// spreadsheet formats them.
fn asset_of<'r>(field: impl Fn(usize) -> &'r str) -> Result<Asset, CellError> {
    let err = |column: usize, message: String| CellError { column, message };
    let asset_class = AssetClass::ALL
        .into_iter()
        .find(|c| c.key() == field(2))
        .ok_or_else(|| err(2, format!("unknown asset class {:?}", field(2))))?;
    let data_asset_role = match field(3) {
        "InPool" => DataAssetRole::InPool,
        "Empowering" => DataAssetRole::Empowering,
        "None" | "" => DataAssetRole::None,
        other => return Err(err(3, format!("unknown role {other:?}"))),
    };
    let amount: String = field(4).chars().filter(|c| *c != ',').collect();
    let balance = Decimal::from_str(&amount)
        .map_err(|e| err(4, format!("{:?} is not an amount: {e}", field(4))))?;
    let rate = rate_of(field(5)).ok_or_else(|| err(5, format!("{:?} is not a rate", field(5))))?;
    let remaining_term = u32::from_str(field(6))
        .map_err(|_| err(6, format!("{:?} is not a whole number of months", field(6))))?;
    let amortisation = match field(7) {
        "LevelPayment" => Amortisation::LevelPayment,
        "EqualPrincipal" => Amortisation::EqualPrincipal,
        "Bullet" => Amortisation::Bullet,
        other => {
            return Err(err(
                7,
                format!("unknown amortisation {other:?} (LevelPayment, EqualPrincipal or Bullet)"),
            ));
        }
    };
    Ok(Asset {
        id: field(0).to_string(),
        obligor: field(1).to_string(),
        asset_class,
        data_asset_role,
        industry: String::new(),
        balance,
        rate,
        remaining_term,
        amortisation,
        pledge: None,
    })
}

/// A rate as a decimal (`0.048`) or a percentage (`4.8%`): the double nearest the decimal
/// written, so `4.8%` and `0.048` are the same rate.
fn rate_of(s: &str) -> Option<f64> {
    let r = match s.strip_suffix('%') {
        Some(p) => {
            let d = Decimal::from_str(p.trim())
                .ok()?
                .checked_div(Decimal::ONE_HUNDRED)?;
            f64::from_str(&d.normalize().to_string()).ok()?
        }
        None => f64::from_str(s).ok()?,
    };
    r.is_finite().then_some(r)
}

/// A CSV-level error (not a value's): its row as a record number (the header is row 1) and
/// the column when the error has one.
fn csv_error(origin: &str, e: csv::Error) -> LoadError {
    let row = e.position().map_or(0, |p| p.record() + 1);
    let text = e.to_string();
    let tape = |column: Option<&str>, message: String| LoadError::Tape {
        path: origin.to_string(),
        row,
        column: column.map(str::to_string),
        message,
    };
    match e.into_kind() {
        csv::ErrorKind::Io(source) => LoadError::Io {
            path: origin.to_string(),
            source,
        },
        csv::ErrorKind::Utf8 { err, .. } => tape(
            Some(TAPE_COLUMNS.get(err.field()).copied().unwrap_or("(extra)")),
            "invalid UTF-8 (tapes are UTF-8 text)".into(),
        ),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            let missing = usize::try_from(len)
                .ok()
                .and_then(|l| TAPE_COLUMNS.get(l).copied());
            tape(
                missing.filter(|_| len < expected_len),
                format!("{len} fields where the header has {expected_len}"),
            )
        }
        _ => tape(None, text),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn rows_and_bytes_over_the_limits_are_refused() {
        let dir = std::env::temp_dir().join(format!("ts-tape-limits-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.csv");
        let row = "A,O,TrustLoan,,100.00,0.05,12,Bullet\n";
        let text = format!("{}\n{row}{row}{row}", super::TAPE_COLUMNS.join(","));
        std::fs::write(&path, &text).unwrap();
        let p = path.display();
        let err = |bytes, rows| {
            super::read_tape_within(&path, bytes, rows)
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            err(1 << 20, 2),
            format!("{p}: row 4: more than the limit of 2 asset rows")
        );
        assert_eq!(super::read_tape_within(&path, 1 << 20, 3).unwrap().len(), 3);
        assert_eq!(
            err(100, 10),
            format!("{p}: larger than the limit of 100 bytes")
        );
    }

    #[test]
    fn pasted_rows_read_with_or_without_the_header() {
        let rows = "A1\t甲公司\tTrustLoan\tInPool\t25,000,000.00\t4.8%\t36\tLevelPayment\n\
                    A2\t乙公司\tTradeReceivable\t\t1000.5\t0.05\t12\tBullet\t\t\n\n";
        let a = super::parse_rows(rows).unwrap();
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].balance.to_string(), "25000000.00");
        // 4.8% is the double nearest 0.048, not 4.8 / 100 = 0.048000000000000001.
        assert_eq!(a[0].rate, 0.048);
        assert_eq!(a[1].obligor, "乙公司");
        assert_eq!(a[1].data_asset_role, crate::model::DataAssetRole::None);
        let headed = format!("{}\n{rows}", super::TAPE_COLUMNS.join("\t"));
        assert_eq!(super::parse_rows(&headed).unwrap(), a);
        // What the app copies reads back as the same assets.
        assert_eq!(super::parse_rows(&super::write_rows(&a)).unwrap(), a);
    }

    #[test]
    fn a_bad_pasted_cell_names_its_row_and_column() {
        let rows = "A1\tO\tTrustLoan\t\t100\t0.05\t12\tBullet\nA2\tO\tTrustLoan\t\t100\tfive\t12\tBullet\n";
        let e = super::parse_rows(rows).unwrap_err();
        assert_eq!((e.row, e.column, e.value.as_str()), (2, Some(5), "five"));
        // With the header the same cell is on line 3.
        let e =
            super::parse_rows(&format!("{}\n{rows}", super::TAPE_COLUMNS.join("\t"))).unwrap_err();
        assert_eq!((e.row, e.column), (3, Some(5)));
        // A short row names its first missing column.
        let e = super::parse_rows("A1\tO\tTrustLoan\t\t100").unwrap_err();
        assert_eq!((e.row, e.column), (1, Some(5)));
        let e = super::parse_rows("A1\tO\tTrustLoan\t\t100\t0.05\t12\tBullet\tx").unwrap_err();
        assert_eq!((e.row, e.column, e.value.as_str()), (1, None, "x"));
    }

    #[test]
    fn pasted_lines_read_weights_as_fractions_or_percentages() {
        use super::{PasteProblem, REP_LINE_COLUMNS, TAPE_COLUMNS, parse_lines, write_lines};
        let rows = "L1\t甲公司\tTrustLoan\t\t60%\t4%\t12\tBullet\n\
                    L2\t乙公司\tTradeReceivable\tInPool\t0.4\t0.05\t6\tLevelPayment\n";
        let l = parse_lines(rows).unwrap();
        // 60% is the double nearest 0.6, as a rate typed in percent is.
        assert_eq!((l[0].weight, l[1].weight), (0.6, 0.4));
        assert_eq!((l[0].rate, l[1].remaining_term), (0.04, 6));
        assert_eq!(l[1].data_asset_role, crate::model::DataAssetRole::InPool);
        let headed = format!("{}\n{rows}", REP_LINE_COLUMNS.join("\t"));
        assert_eq!(parse_lines(&headed).unwrap(), l);
        assert_eq!(parse_lines(&write_lines(&l)).unwrap(), l);
        // A bad weight names the fifth column; a bad class left of it comes first.
        let e = parse_lines(&rows.replace("60%", "sixty")).unwrap_err();
        assert_eq!((e.row, e.column, e.value.as_str()), (1, Some(4), "sixty"));
        let e =
            parse_lines(&rows.replace("60%", "sixty").replace("TrustLoan", "Loan")).unwrap_err();
        assert_eq!((e.row, e.column), (1, Some(2)));
        // The tape's header (balance, not weight) is not the lines' header.
        let e = parse_lines(&format!("{}\n{rows}", TAPE_COLUMNS.join("\t"))).unwrap_err();
        assert_eq!((e.problem, e.column), (PasteProblem::Header, Some(4)));
    }
}
