//! The layout of deal files: a concrete syntax tree of RON text (spans, no values) used to save
//! a deal as the smallest edit of the file it was loaded from, keeping its comments and its
//! layout, and to write new files with lists of small records one record a line.

use std::ops::Range;

/// A value of RON text with where it is. Comments and whitespace are not nodes: the text
/// between nodes keeps them.
#[derive(Debug, Clone)]
pub struct Node {
    pub span: Range<usize>,
    pub kind: Kind,
}

#[derive(Debug, Clone)]
pub enum Kind {
    /// A number, string, char or bare identifier (unit variant, `true`, `None`).
    Atom,
    /// `Name(key: value, …)` or `(key: value, …)`.
    Struct {
        name: Option<String>,
        fields: Vec<Field>,
    },
    /// `Name(a, b)` (a newtype or tuple variant) or `(a, b)`.
    Tuple {
        name: Option<String>,
        items: Vec<Item>,
    },
    /// `[a, b]`.
    Seq { items: Vec<Item> },
}

#[derive(Debug, Clone)]
pub struct Item {
    pub node: Node,
    /// The end of the item with its trailing comma, when it has one.
    pub end: usize,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub key: String,
    /// From the key to the end of the value (without the trailing comma).
    pub start: usize,
    pub item: Item,
}

/// The deal's value in RON text (after any leading comments and `#![…]` attributes); `None`
/// when the text is not RON this module reads (the caller then rewrites the whole file).
pub fn parse(text: &str) -> Option<Node> {
    let mut p = Parser { s: text, i: 0 };
    p.trivia();
    while p.s[p.i..].starts_with("#!") {
        p.i += p.s[p.i..].find(']')? + 1;
        p.trivia();
    }
    let node = p.value()?;
    p.trivia();
    (p.i == p.s.len()).then_some(node)
}

struct Parser<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Parser<'a> {
    fn rest(&self) -> &'a str {
        &self.s[self.i..]
    }

    /// Skip whitespace and comments (`//…` and nested `/* … */`).
    fn trivia(&mut self) {
        loop {
            let rest = self.rest();
            let trimmed = rest.trim_start();
            self.i += rest.len() - trimmed.len();
            if trimmed.starts_with("//") {
                self.i += trimmed.find('\n').unwrap_or(trimmed.len());
            } else if trimmed.starts_with("/*") {
                let mut depth = 0usize;
                let bytes = trimmed.as_bytes();
                let mut j = 0;
                while j + 1 < bytes.len() {
                    match &bytes[j..j + 2] {
                        b"/*" => {
                            depth += 1;
                            j += 2;
                        }
                        b"*/" => {
                            depth -= 1;
                            j += 2;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => j += 1,
                    }
                }
                self.i += if depth == 0 { j } else { trimmed.len() };
            } else {
                return;
            }
        }
    }

    fn eat(&mut self, c: char) -> bool {
        self.trivia();
        if self.rest().starts_with(c) {
            self.i += c.len_utf8();
            true
        } else {
            false
        }
    }

    /// An identifier, raw (`r#None`, as serde writes a variant named like a keyword) or not.
    fn ident(&mut self) -> Option<&'a str> {
        let start = self.i;
        let raw = if self.rest().starts_with("r#") { 2 } else { 0 };
        let rest = &self.rest()[raw..];
        let len = rest
            .char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
            .map_or(rest.len(), |(k, _)| k);
        let first = rest.chars().next()?;
        if len == 0 || first.is_ascii_digit() {
            return None;
        }
        self.i += raw + len;
        Some(&self.s[start..self.i])
    }

    fn value(&mut self) -> Option<Node> {
        self.trivia();
        let start = self.i;
        let rest = self.rest();
        let kind = match rest.chars().next()? {
            '[' => {
                self.i += 1;
                Kind::Seq {
                    items: self.items(']')?,
                }
            }
            '(' => self.parenthesised(None)?,
            '"' => {
                self.string()?;
                Kind::Atom
            }
            '\'' => {
                let close = rest[1..].find('\'')? + 2;
                self.i += close;
                Kind::Atom
            }
            'r' if rest[1..].trim_start_matches('#').starts_with('"') => {
                let hashes = rest[1..].chars().take_while(|c| *c == '#').count();
                let close = format!("\"{}", "#".repeat(hashes));
                let body = 2 + hashes;
                self.i += body + rest[body..].find(&close)? + close.len();
                Kind::Atom
            }
            c if c.is_ascii_digit() || c == '-' || c == '+' || c == '.' => {
                let len = rest
                    .char_indices()
                    .skip(1)
                    .find(|(_, c)| {
                        !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '+' | '-'))
                    })
                    .map_or(rest.len(), |(k, _)| k);
                self.i += len;
                Kind::Atom
            }
            _ => {
                let name = self.ident()?.to_string();
                let after_name = self.i;
                self.trivia();
                if self.rest().starts_with('(') {
                    self.parenthesised(Some(name))?
                } else {
                    self.i = after_name;
                    Kind::Atom
                }
            }
        };
        Some(Node {
            span: start..self.i,
            kind,
        })
    }

    fn string(&mut self) -> Option<()> {
        let mut escaped = false;
        for (k, c) in self.rest().char_indices().skip(1) {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => {
                    self.i += k + 1;
                    return Some(());
                }
                _ => {}
            }
        }
        None
    }

    /// After `(`: a struct when the first thing inside is `key:`, else a tuple.
    fn parenthesised(&mut self, name: Option<String>) -> Option<Kind> {
        self.i += 1;
        self.trivia();
        let save = self.i;
        let is_struct = self.ident().is_some() && {
            self.trivia();
            self.rest().starts_with(':')
        };
        self.i = save;
        if !is_struct {
            return Some(Kind::Tuple {
                name,
                items: self.items(')')?,
            });
        }
        let mut fields = Vec::new();
        loop {
            if self.eat(')') {
                return Some(Kind::Struct { name, fields });
            }
            let start = self.i;
            let key = self.ident()?.to_string();
            if !self.eat(':') {
                return None;
            }
            let node = self.value()?;
            let comma = self.eat(',');
            let end = if comma { self.i } else { node.span.end };
            fields.push(Field {
                key,
                start,
                item: Item { node, end },
            });
            if !comma {
                return self.eat(')').then_some(Kind::Struct { name, fields });
            }
        }
    }

    fn items(&mut self, close: char) -> Option<Vec<Item>> {
        let mut items = Vec::new();
        loop {
            if self.eat(close) {
                return Some(items);
            }
            let node = self.value()?;
            if self.eat(',') {
                items.push(Item { end: self.i, node });
            } else {
                items.push(Item {
                    end: node.span.end,
                    node,
                });
                return self.eat(close).then_some(items);
            }
        }
    }
}

/// The widest line a value is written on: a record in a list (an asset, a scenario, a step)
/// may take a wide line, since a list of them reads as a table; other values wrap sooner.
const WIDTH: usize = 100;
const ROW_WIDTH: usize = 200;
const INDENT: &str = "    ";

/// `node` written anew: one line when it fits in the width from `indent`, else one field or
/// item a line, so that a list of small records has one record a line.
pub fn render(text: &str, node: &Node, indent: &str) -> String {
    render_in(text, node, indent, WIDTH)
}

fn render_in(text: &str, node: &Node, indent: &str, width: usize) -> String {
    let flat = flat(text, node);
    if indent.len() + flat.chars().count() <= width || matches!(node.kind, Kind::Atom) {
        return flat;
    }
    let inner = format!("{indent}{INDENT}");
    let lines = |open: &str, parts: Vec<String>, close: char| {
        let mut out = format!("{open}\n");
        for part in parts {
            out.push_str(&format!("{inner}{part},\n"));
        }
        out.push_str(&format!("{indent}{close}"));
        out
    };
    match &node.kind {
        Kind::Atom => flat,
        Kind::Struct { name, fields } => lines(
            &format!("{}(", name.as_deref().unwrap_or("")),
            fields
                .iter()
                .map(|f| format!("{}: {}", f.key, render(text, &f.item.node, &inner)))
                .collect(),
            ')',
        ),
        Kind::Tuple { name, items } => lines(
            &format!("{}(", name.as_deref().unwrap_or("")),
            items
                .iter()
                .map(|i| render(text, &i.node, &inner))
                .collect(),
            ')',
        ),
        Kind::Seq { items } => lines(
            "[",
            items
                .iter()
                .map(|i| render_in(text, &i.node, &inner, ROW_WIDTH))
                .collect(),
            ']',
        ),
    }
}

/// `node` on one line, without comments: also the form two nodes are compared in.
pub fn flat(text: &str, node: &Node) -> String {
    let join = |parts: Vec<String>| parts.join(", ");
    match &node.kind {
        Kind::Atom => text[node.span.clone()].to_string(),
        Kind::Struct { name, fields } => format!(
            "{}({})",
            name.as_deref().unwrap_or(""),
            join(
                fields
                    .iter()
                    .map(|f| format!("{}: {}", f.key, flat(text, &f.item.node)))
                    .collect()
            )
        ),
        Kind::Tuple { name, items } => format!(
            "{}({})",
            name.as_deref().unwrap_or(""),
            join(items.iter().map(|i| flat(text, &i.node)).collect())
        ),
        Kind::Seq { items } => format!(
            "[{}]",
            join(items.iter().map(|i| flat(text, &i.node)).collect())
        ),
    }
}

/// Three texts of one file format: the file as it is (`file`), the canonical text of the deal
/// it holds (`base`) and the canonical text of the deal to save (`new`).
pub struct Texts<'a> {
    pub file: &'a str,
    pub base: &'a str,
    pub new: &'a str,
}

/// The file edited into the new deal: wherever `base` and `new` agree the file's own text
/// stays (comments, layout, how numbers are written); what changed is rewritten in place,
/// added fields and list items are written in the file's style, removed ones deleted with
/// their line. `None` when the edits would overlap (the caller writes the file anew).
pub fn merge(t: &Texts, file: &Node, base: &Node, new: &Node) -> Option<String> {
    let mut m = Merge {
        t,
        edits: Vec::new(),
    };
    m.node(file, base, new);
    let mut edits = m.edits;
    edits.sort_by_key(|(range, _)| range.start);
    let mut out = String::with_capacity(t.file.len());
    let mut at = 0;
    for (range, text) in edits {
        if range.start < at {
            return None;
        }
        out.push_str(&t.file[at..range.start]);
        out.push_str(&text);
        at = range.end;
    }
    out.push_str(&t.file[at..]);
    Some(out)
}

struct Merge<'a> {
    t: &'a Texts<'a>,
    edits: Vec<(Range<usize>, String)>,
}

impl Merge<'_> {
    fn same(&self, base: &Node, new: &Node) -> bool {
        flat(self.t.base, base) == flat(self.t.new, new)
    }

    /// The leading whitespace of the file's line at `pos`.
    fn indent(&self, pos: usize) -> &str {
        let line = &self.t.file[self.t.file[..pos].rfind('\n').map_or(0, |k| k + 1)..];
        &line[..line.len() - line.trim_start().len()]
    }

    fn multiline(&self, node: &Node) -> bool {
        self.t.file[node.span.clone()].contains('\n')
    }

    fn replace(&mut self, file: &Node, new: &Node) {
        let text = render(self.t.new, new, self.indent(file.span.start));
        self.edits.push((file.span.clone(), text));
    }

    /// Insert `text` (already `key: value` or an item) after `after` (an item of `parent`).
    fn insert_after(&mut self, parent: &Node, after: &Item, text: &str) {
        let comma = if after.end == after.node.span.end {
            ","
        } else {
            ""
        };
        let text = if self.multiline(parent) {
            format!("{comma}\n{}{text},", self.indent(after.node.span.start))
        } else {
            format!("{comma} {text}")
        };
        match self.edits.last_mut() {
            Some((range, previous)) if range.start == range.end && range.start == after.end => {
                previous.push_str(&text)
            }
            _ => self.edits.push((after.end..after.end, text)),
        }
    }

    /// Delete an item (from `start`): its whole line when it is alone on it.
    fn delete(&mut self, start: usize, item: &Item) {
        let file = self.t.file;
        let line_start = file[..start].rfind('\n').map_or(0, |k| k + 1);
        let line_end = file[item.end..]
            .find('\n')
            .map_or(file.len(), |k| item.end + k + 1);
        let alone =
            file[line_start..start].trim().is_empty() && file[item.end..line_end].trim().is_empty();
        let range = if alone {
            line_start..line_end
        } else {
            let spaces = file[item.end..].len() - file[item.end..].trim_start_matches(' ').len();
            start..item.end + spaces
        };
        self.edits.push((range, String::new()));
    }

    fn node(&mut self, file: &Node, base: &Node, new: &Node) {
        if self.same(base, new) {
            return;
        }
        match (&file.kind, &base.kind, &new.kind) {
            (
                Kind::Struct { name, fields },
                Kind::Struct { fields: bf, .. },
                Kind::Struct {
                    name: new_name,
                    fields: nf,
                },
            ) if name.is_none() || name == new_name => self.fields(file, fields, bf, nf),
            (
                Kind::Tuple { name, items },
                Kind::Tuple { items: bi, .. },
                Kind::Tuple {
                    name: new_name,
                    items: ni,
                },
            ) if name == new_name && items.len() == bi.len() && bi.len() == ni.len() => {
                for ((f, b), n) in items.iter().zip(bi).zip(ni) {
                    self.node(&f.node, &b.node, &n.node);
                }
            }
            (Kind::Seq { items }, Kind::Seq { items: bi }, Kind::Seq { items: ni })
                if !items.is_empty() && items.len() == bi.len() =>
            {
                self.seq(file, items, bi, ni)
            }
            _ => self.replace(file, new),
        }
    }

    fn fields(&mut self, file: &Node, ff: &[Field], bf: &[Field], nf: &[Field]) {
        let find = |fields: &'_ [Field], key: &str| fields.iter().position(|f| f.key == key);
        for n in nf {
            match (find(ff, &n.key), find(bf, &n.key)) {
                (Some(f), Some(b)) => self.node(&ff[f].item.node, &bf[b].item.node, &n.item.node),
                (Some(f), None) => self.replace(&ff[f].item.node, &n.item.node),
                (None, Some(b)) if self.same(&bf[b].item.node, &n.item.node) => {}
                (None, _) => {
                    let Some(last) = ff.last() else {
                        return self.replace(file, &nf[0].item.node);
                    };
                    let indent = format!("{}{INDENT}", self.indent(file.span.start));
                    let text = format!("{}: {}", n.key, render(self.t.new, &n.item.node, &indent));
                    self.insert_after(file, &last.item, &text);
                }
            }
        }
        for f in ff {
            if find(nf, &f.key).is_none() && find(bf, &f.key).is_some() {
                self.delete(f.start, &f.item);
            }
        }
    }

    /// A list whose file items match the base's one to one: items aligned with the new list by
    /// their text (longest common subsequence); same length and order, item by item.
    fn seq(&mut self, file: &Node, fi: &[Item], bi: &[Item], ni: &[Item]) {
        if bi.len() == ni.len() {
            for ((f, b), n) in fi.iter().zip(bi).zip(ni) {
                self.node(&f.node, &b.node, &n.node);
            }
            return;
        }
        let bf: Vec<String> = bi.iter().map(|i| flat(self.t.base, &i.node)).collect();
        let nf: Vec<String> = ni.iter().map(|i| flat(self.t.new, &i.node)).collect();
        // lcs[i][j]: the longest common run of bf[i..] and nf[j..].
        let mut lcs = vec![vec![0usize; nf.len() + 1]; bf.len() + 1];
        for i in (0..bf.len()).rev() {
            for j in (0..nf.len()).rev() {
                lcs[i][j] = if bf[i] == nf[j] {
                    lcs[i + 1][j + 1] + 1
                } else {
                    lcs[i + 1][j].max(lcs[i][j + 1])
                };
            }
        }
        let indent = self.indent(fi[0].node.span.start).to_string();
        let (mut i, mut j) = (0, 0);
        // Where new items go: after the last kept item, or before the first one.
        let mut kept: Option<usize> = None;
        let mut before_first = String::new();
        while i < bf.len() || j < nf.len() {
            if i < bf.len() && j < nf.len() && bf[i] == nf[j] {
                kept = Some(i);
                (i, j) = (i + 1, j + 1);
            } else if j < nf.len() && (i == bf.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
                let text = render_in(self.t.new, &ni[j].node, &indent, ROW_WIDTH);
                match kept {
                    Some(k) => self.insert_after(file, &fi[k], &text),
                    None if self.multiline(file) => {
                        before_first.push_str(&format!("{text},\n{indent}"))
                    }
                    None => before_first.push_str(&format!("{text}, ")),
                }
                j += 1;
            } else {
                self.delete(fi[i].node.span.start, &fi[i]);
                i += 1;
            }
        }
        if !before_first.is_empty() {
            let at = fi[0].node.span.start;
            self.edits.push((at..at, before_first));
        }
    }
}
