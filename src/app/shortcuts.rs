//! Keyboard shortcuts, declared next to the commands they send.
//!
//! egui matches modifiers "logically" (extra Shift is ignored), so Ctrl+Z would also fire
//! on Ctrl+Shift+Z: the more specific shortcut is listed, and consumed, first.

use super::command::Command;
use egui::{InputState, Key, KeyboardShortcut, Modifiers};

const CMD_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);

pub const REDO: KeyboardShortcut = KeyboardShortcut::new(CMD_SHIFT, Key::Z);
pub const REDO_Y: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
pub const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
pub const NEW: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
pub const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
pub const SAVE_AS: KeyboardShortcut = KeyboardShortcut::new(CMD_SHIFT, Key::S);
pub const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);

/// A shortcut, the command it sends, and whether a focused text field keeps it.
type Binding = (KeyboardShortcut, fn() -> Command, bool);

/// Consume the shortcuts pressed this frame, most specific first. Undo and redo are left
/// to a focused text field, which has its own.
pub fn consume(input: &mut InputState, text_focused: bool) -> Vec<Command> {
    let table: [Binding; 7] = [
        (REDO, || Command::Redo, true),
        (REDO_Y, || Command::Redo, true),
        (UNDO, || Command::Undo, true),
        (NEW, || Command::New, false),
        (OPEN, || Command::Open, false),
        (SAVE_AS, || Command::SaveAs, false),
        (SAVE, || Command::Save, false),
    ];
    let mut out = Vec::new();
    for (shortcut, cmd, is_text_edit) in table {
        if is_text_edit && text_focused {
            continue;
        }
        if input.consume_shortcut(&shortcut) {
            out.push(cmd());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(mods: Modifiers, key: Key, text_focused: bool) -> Vec<String> {
        let ctx = egui::Context::default();
        let mut raw = egui::RawInput::default();
        raw.events.push(egui::Event::Key {
            key,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: mods,
        });
        let mut out = Vec::new();
        let mut output = ctx.run_ui(raw, |ui| {
            out = ui
                .ctx()
                .input_mut(|i| consume(i, text_focused))
                .iter()
                .map(|c| format!("{c:?}"))
                .collect();
        });
        // No renderer here: drop the font atlas upload on purpose.
        output.textures_delta.clear();
        out
    }

    #[test]
    fn shift_variants_win() {
        assert_eq!(press(CMD_SHIFT, Key::Z, false), ["Redo"]);
        assert_eq!(press(Modifiers::COMMAND, Key::Z, false), ["Undo"]);
        assert_eq!(press(CMD_SHIFT, Key::S, false), ["SaveAs"]);
        assert_eq!(press(Modifiers::COMMAND, Key::S, false), ["Save"]);
    }

    #[test]
    fn text_fields_keep_their_undo() {
        assert!(press(Modifiers::COMMAND, Key::Z, true).is_empty());
        assert_eq!(press(Modifiers::COMMAND, Key::S, true), ["Save"]);
    }

    #[test]
    fn no_two_commands_share_a_shortcut() {
        let all = [REDO, REDO_Y, UNDO, NEW, OPEN, SAVE_AS, SAVE];
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }
}
