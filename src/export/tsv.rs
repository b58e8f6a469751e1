//! Tab-separated text for the clipboard: a table or a chart's data pastes into Excel as
//! cells. Headers are the labels in the chosen language; money is the exact decimal text
//! (Excel reads it as a number), dates are ISO.

use super::Lang;
use super::charts::{ChartSpec, XAxis};
use super::tables::{Cell, Table};

/// A field with no tab or line break, which would split Excel's cells or rows.
fn field(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

fn line<'a>(cells: impl Iterator<Item = &'a str>) -> String {
    cells.map(field).collect::<Vec<_>>().join("\t")
}

/// A table: a header row of labels, then one row per table row.
pub fn table(t: &Table, lang: Lang) -> String {
    let header: Vec<&str> = t.columns.iter().map(|c| c.label(lang)).collect();
    rows(&header, &t.rows)
}

/// A header row, then rows of cells (a whole table, or the rows picked in one on screen).
pub fn rows(header: &[impl AsRef<str>], rows: &[Vec<Cell>]) -> String {
    let mut out = line(header.iter().map(AsRef::as_ref));
    for row in rows {
        out.push('\n');
        let cells: Vec<String> = row.iter().map(Cell::csv_text).collect();
        out.push_str(&line(cells.iter().map(String::as_str)));
    }
    out.push('\n');
    out
}

/// A chart's data: the x axis (payment date or category) then one column per series, in the
/// chart's unit (named in the header's first cell), empty where a series has no value.
pub fn chart(spec: &ChartSpec) -> String {
    let head = format!("{} / {}", spec.x_label, spec.y_label);
    let mut out =
        line(std::iter::once(head.as_str()).chain(spec.series.iter().map(|s| s.name.as_str())));
    let mut xs: Vec<f64> = spec
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup();
    for x in xs {
        let label = match &spec.x {
            XAxis::Dates { .. } => super::charts::x_date(x)
                .map_or_else(String::new, |d| d.format("%Y-%m-%d").to_string()),
            XAxis::Categories(names) => names.get(x.round() as usize).cloned().unwrap_or_default(),
            XAxis::Values { .. } => format!("{x}"),
        };
        let values = spec.series.iter().map(|s| {
            s.points
                .iter()
                .find(|p| p.0 == x)
                .and_then(|p| p.1)
                .map_or_else(String::new, |y| format!("{y}"))
        });
        out.push('\n');
        let cells: Vec<String> = std::iter::once(label).chain(values).collect();
        out.push_str(&line(cells.iter().map(String::as_str)));
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::charts::{Mark, Series, YUnit};
    use crate::export::palette::Rgb;
    use crate::export::tables::{Column, Part};
    use crate::format::MoneyUnit;
    use rust_decimal::Decimal;

    #[test]
    fn a_table_pastes_as_cells_with_exact_money() {
        let t = Table {
            part: Part::Pool,
            columns: vec![
                Column {
                    key: "date".into(),
                    zh: "兑付日".into(),
                    en: "Payment date".into(),
                },
                Column {
                    key: "interest".into(),
                    zh: "利息".into(),
                    en: "Interest".into(),
                },
                Column {
                    key: "note".into(),
                    zh: "备注".into(),
                    en: "Note".into(),
                },
            ],
            rows: vec![vec![
                Cell::Date("2026-01-15".parse().unwrap()),
                Cell::Money(Decimal::new(123456789, 2)),
                Cell::Text("a\tb\nc".into()),
            ]],
        };
        // A tab or line break inside a cell would split it: spaces instead.
        assert_eq!(
            table(&t, Lang::Zh),
            "兑付日\t利息\t备注\n2026-01-15\t1234567.89\ta b c\n"
        );
        assert!(table(&t, Lang::En).starts_with("Payment date\tInterest\tNote\n"));
    }

    #[test]
    fn a_chart_pastes_one_row_per_date_and_blank_where_a_series_has_none() {
        let d = |s: &str| crate::export::charts::date_x(s.parse().unwrap());
        let spec = ChartSpec {
            kind: crate::export::charts::ChartKind::Balances,
            title: String::new(),
            subtitle: String::new(),
            x_label: "兑付日".into(),
            y_label: "余额（亿元）".into(),
            y_unit: YUnit::Money(MoneyUnit::Yi),
            y_range: crate::export::charts::YRange::FromZero,
            no_value: String::new(),
            x: XAxis::Dates {
                closing: "2025-12-15".parse().unwrap(),
                dates: vec![],
                bar_days: 20.0,
            },
            series: vec![
                Series {
                    name: "A".into(),
                    color: Rgb(0, 0, 0),
                    mark: Mark::Line,
                    points: vec![(d("2026-01-15"), Some(1.5)), (d("2026-02-15"), Some(0.5))],
                },
                Series {
                    name: "B".into(),
                    color: Rgb(0, 0, 0),
                    mark: Mark::Line,
                    points: vec![(d("2026-02-15"), None)],
                },
            ],
        };
        assert_eq!(
            chart(&spec),
            "兑付日 / 余额（亿元）\tA\tB\n2026-01-15\t1.5\t\n2026-02-15\t0.5\t\n"
        );
    }
}
