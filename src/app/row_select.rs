//! Rows of a results table picked as in a spreadsheet and copied for Excel (issue 14): a
//! click selects a row, Shift-click the range from the last click, Ctrl-click (⌘ on macOS)
//! adds or removes one; Ctrl+C copies the selected rows under the header row as
//! tab-separated text (`export::tsv`: plain digits with the fen, ISO dates, rates as
//! fractions). A right-click on the table opens its menu: copy the selection, copy the table,
//! save the table as CSV.
//!
//! Each table hands over its rows as [`Cell`]s, drawn with [`shown`] and copied exactly, so
//! what is copied is the row on screen.

use crate::app::command::{Command, Commands};
use crate::app::format;
use crate::app::i18n::{Lang, S};
use crate::export::tables::Cell;
use egui::{Id, Modifiers, Response, Ui};
use std::collections::BTreeSet;

/// The selected rows of one table and the row a Shift-click ranges from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    rows: BTreeSet<usize>,
    anchor: Option<usize>,
}

impl Selection {
    /// A click on `row` with these modifiers held.
    pub fn click(&mut self, row: usize, m: Modifiers) {
        if m.shift {
            let from = self.anchor.unwrap_or(row);
            if !m.command {
                self.rows.clear();
            }
            self.rows.extend(from.min(row)..=from.max(row));
        } else if m.command {
            if !self.rows.remove(&row) {
                self.rows.insert(row);
            }
            self.anchor = Some(row);
        } else {
            self.rows = BTreeSet::from([row]);
            self.anchor = Some(row);
        }
    }

    pub fn contains(&self, row: usize) -> bool {
        self.rows.contains(&row)
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// What a table gives to be copied: its header row and the cells of row `i` of `n`.
pub struct Rows<'a> {
    pub header: Vec<String>,
    pub n: usize,
    pub row: &'a dyn Fn(usize) -> Vec<Cell>,
}

/// A cell as the tables draw it: amounts in 万元 with separators, rates in %, "—" for none.
pub fn shown(c: &Cell) -> String {
    match c {
        Cell::Money(d) => format::wan(*d),
        Cell::Percent(x, dp) => format::opt_pct(*x, usize::from(*dp)),
        Cell::Number(Some(x), dp) => format!("{x:.*}", usize::from(*dp)),
        Cell::Number(None, _) | Cell::Empty => "—".into(),
        Cell::Int(i) => i.to_string(),
        Cell::Date(d) => format::date(*d),
        Cell::Text(s) => s.clone(),
        Cell::Bool(b) => if *b { "✓" } else { "" }.into(),
    }
}

/// The selection while the table is drawn: which rows to highlight, and each row's clicks.
pub struct Picker {
    selection: Selection,
    clicked: bool,
}

impl Picker {
    pub fn selected(&self, row: usize) -> bool {
        self.selection.contains(row)
    }

    /// After row `row` is drawn with this response (of the row or of one of its cells): a
    /// click picks it; a right-click on a row outside the selection selects that row alone.
    pub fn respond(&mut self, row: usize, resp: &Response) {
        if resp.clicked() {
            // The modifiers held at the click (a key may be let go in the same frame).
            let m = resp.ctx.input(|i| {
                i.events
                    .iter()
                    .rev()
                    .find_map(|e| match e {
                        egui::Event::PointerButton {
                            pressed: false,
                            modifiers,
                            ..
                        } => Some(*modifiers),
                        _ => None,
                    })
                    .unwrap_or(i.modifiers)
            });
            self.selection.click(row, m);
            self.clicked = true;
        } else if resp.secondary_clicked() && !self.selection.contains(row) {
            self.selection.click(row, Modifiers::NONE);
            self.clicked = true;
        }
    }
}

/// The table that Ctrl+C copies from: the one clicked last.
fn active_id() -> Id {
    Id::unique("row-select-active")
}

/// Draw a table whose rows can be picked: `draw` lays it out, asking `Picker::selected`
/// what to highlight and telling `Picker::respond` each row's response. Labels inside are
/// not text-selectable, so a click on a cell's text picks the row.
pub fn table<R>(
    ui: &mut Ui,
    name: &str,
    lang: Lang,
    cmds: &mut Commands,
    rows: &Rows<'_>,
    draw: impl FnOnce(&mut Ui, &mut Picker) -> R,
) -> R {
    let id = Id::unique(name);
    let mut picker = Picker {
        selection: ui.data(|d| d.get_temp(id)).unwrap_or_default(),
        clicked: false,
    };
    let inner = ui.scope(|ui| {
        ui.style_mut().interaction.selectable_labels = false;
        let inner = draw(ui, &mut picker);
        // Room for a wide table's floating scroll bar, which would lie over the last row
        // and take its clicks.
        let bar = &ui.spacing().scroll;
        ui.add_space(bar.bar_inner_margin + bar.bar_width + bar.bar_outer_margin);
        inner
    });
    let Picker { selection, clicked } = picker;
    if clicked {
        ui.data_mut(|d| d.insert_temp(active_id(), id));
    }
    let active = ui.data(|d| d.get_temp::<Id>(active_id())) == Some(id);
    if active && !selection.is_empty() && copy_pressed(ui) {
        ui.ctx().copy_text(selected_text(lang, rows, &selection));
    }
    inner.response.container_context_menu(|ui| {
        let copy = ui.add_enabled(
            !selection.is_empty(),
            egui::Button::new(lang.tr(S::CopySelectedRows)).shortcut_text("Ctrl+C"),
        );
        if copy.clicked() {
            ui.ctx().copy_text(selected_text(lang, rows, &selection));
            ui.close();
        }
        if ui.button(lang.tr(S::CopyWholeTable)).clicked() {
            ui.ctx().copy_text(text(lang, rows, 0..rows.n));
            ui.close();
        }
        if ui.button(lang.tr(S::SaveCsv)).clicked() {
            let (header, body) = header_and_body(lang, rows, 0..rows.n);
            cmds.push(Command::SaveCsv {
                file_name: format!("{name}.csv"),
                table: Copied { header, body },
            });
            ui.close();
        }
    });
    ui.data_mut(|d| d.insert_temp(id, selection));
    inner.inner
}

/// Ctrl+C this frame (the desktop sends it as a copy event; a test may send the key), and
/// not meant for a text field.
fn copy_pressed(ui: &Ui) -> bool {
    if ui.ctx().text_edit_focused() {
        return false;
    }
    ui.input(|i| {
        i.events.iter().any(|e| match e {
            egui::Event::Copy => true,
            egui::Event::Key {
                key: egui::Key::C,
                pressed: true,
                modifiers,
                ..
            } => modifiers.command,
            _ => false,
        })
    })
}

fn selected_text(lang: Lang, rows: &Rows<'_>, selection: &Selection) -> String {
    text(
        lang,
        rows,
        selection.rows.iter().copied().filter(|&i| i < rows.n),
    )
}

/// The header row, a money column's named in yuan (the copy is exact to the fen, the table
/// shows 万元), then the rows, tab-separated.
fn text(lang: Lang, rows: &Rows<'_>, which: impl Iterator<Item = usize>) -> String {
    let (header, body) = header_and_body(lang, rows, which);
    crate::export::tsv::rows(&header, &body)
}

/// A table's header and rows as copied, to be saved as CSV.
#[derive(Debug, Clone, PartialEq)]
pub struct Copied {
    pub header: Vec<String>,
    pub body: Vec<Vec<Cell>>,
}

impl Copied {
    /// The same header and cells as the clipboard's, comma-separated (`export::tables`'
    /// CSV text: exact amounts, ISO dates, fractions).
    pub fn csv(&self, path: &str) -> Result<String, crate::export::ExportError> {
        crate::export::csv_string(path, |w| {
            w.write_record(&self.header)?;
            for row in &self.body {
                w.write_record(row.iter().map(Cell::csv_text))?;
            }
            Ok(())
        })
    }
}

fn header_and_body(
    lang: Lang,
    rows: &Rows<'_>,
    which: impl Iterator<Item = usize>,
) -> (Vec<String>, Vec<Vec<Cell>>) {
    let body: Vec<Vec<Cell>> = which.map(|i| (rows.row)(i)).collect();
    let header: Vec<String> = rows
        .header
        .iter()
        .enumerate()
        .map(|(k, h)| {
            // A column of amounts (every cell that has one, a money cell) is named in yuan;
            // a column of mixed figures (the pricing figures) is not, nor a header that is
            // itself a number (a heatmap's axis value), which Excel must read as one.
            let cells = || {
                body.iter()
                    .filter_map(|r| r.get(k))
                    .filter(|c| **c != Cell::Empty)
            };
            let money = cells().next().is_some() && cells().all(|c| matches!(c, Cell::Money(_)));
            if money && h.parse::<f64>().is_err() {
                format!("{h}{}", lang.tr(S::InYuan))
            } else {
                h.clone()
            }
        })
        .collect();
    (header, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clicks_pick_rows_as_a_spreadsheet_does() {
        let ctrl = Modifiers::COMMAND;
        let shift = Modifiers::SHIFT;
        let mut s = Selection::default();
        s.click(2, Modifiers::NONE);
        s.click(5, shift); // 2..=5
        assert_eq!(s.rows, BTreeSet::from([2, 3, 4, 5]));
        s.click(3, ctrl); // toggled off, the anchor moves to 3
        assert_eq!(s.rows, BTreeSet::from([2, 4, 5]));
        s.click(1, shift); // a new range from 3: 1..=3 alone
        assert_eq!(s.rows, BTreeSet::from([1, 2, 3]));
        s.click(7, Modifiers::NONE);
        assert_eq!(s.rows, BTreeSet::from([7]));
    }
}
