//! GUI tests of issue 14's layout defects: every editor shows its values at 1280 × 800 in
//! both languages (item 4), and the results header keeps its height (item 12).

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use tranche_studio::app::{Lang, Options, Section, Settings, Startup, TrancheApp, install_fonts};

use crate::common::{harness_with, sample, settle};

const SAMPLES: [&str; 11] = [
    "data_asset_pledge_loans.ron",
    "data_centre.ron",
    "data_empowered_leases.ron",
    "data_pledge_collateral.ron",
    "floating_rate_leases.ron",
    "highway_concession.ron",
    "receivables_deficiency_guarantee.ron",
    "receivables_senior_only_call.ron",
    "rental_housing_expansion.ron",
    "revolving_receivables.ron",
    "token_income_strips.ron",
];

fn open_in(name: &str, lang: Lang) -> Harness<'static, TrancheApp> {
    let mut h = harness_with(Options {
        startup: Startup::Path(sample(name)),
        settings: Some(Settings {
            lang,
            ..Settings::default()
        }),
        ..Options::default()
    });
    settle(&mut h);
    h
}

/// The editor's horizontal extent: from the section list's right edge to the results
/// panel's heading.
fn editor_span(h: &Harness<'static, TrancheApp>, lang: Lang) -> (f32, f32) {
    let results = if lang == Lang::Zh {
        "测算结果"
    } else {
        "Results"
    };
    // The section list is 184 points wide (mod.rs); its panel ends there.
    (184.0, h.get_by_label(results).rect().min.x)
}

fn is_value(role: Role) -> bool {
    matches!(
        role,
        Role::TextInput | Role::SpinButton | Role::Slider | Role::ComboBox | Role::CheckBox
    )
}

/// Every input that starts in the editor ends before the results panel, and none starts
/// left of the editor (a table's id column scrolled out of view). Returns how many there are.
fn assert_values_inside(h: &Harness<'static, TrancheApp>, lang: Lang, what: &str) -> usize {
    let (left, right) = editor_span(h, lang);
    let mut seen = 0;
    for n in h.query_all_by(|n| is_value(n.role())) {
        let r = n.rect();
        if r.min.x >= right {
            continue; // the results panel's own inputs
        }
        seen += 1;
        let label = n.accesskit_node().label().unwrap_or_default();
        assert!(
            r.min.x >= left - 0.5 && r.max.x <= right + 0.5,
            "{what} {lang:?}: {:?} {label:?} at x {}..{} outside the editor {left}..{right}",
            n.accesskit_node().role(),
            r.min.x,
            r.max.x
        );
    }
    seen
}

/// Item 4: at the default window size every editor section of every sample, in English
/// and in Chinese, has its inputs within the editor: nothing cut off by the results
/// panel, nothing scrolled away to the left. (The CDR/CPR/recovery values ran under the
/// results panel in English; the tranche table's rating, price and ↑↓× and the fee amounts
/// were off-screen.)
#[test]
fn every_editor_shows_its_values_at_1280_by_800() {
    for name in SAMPLES {
        for lang in [Lang::En, Lang::Zh] {
            let mut h = open_in(name, lang);
            let holding = h.state().deal().holding.is_some();
            let mut seen = 0;
            for &section in Section::for_deal(holding) {
                h.state_mut().show_section(section);
                h.run();
                seen += assert_values_inside(&h, lang, &format!("{name} {section:?}"));
            }
            assert!(seen > 40, "{name} {lang:?}: {seen} inputs");
        }
    }
}

/// Item 4, named: the tranche table's rating, price and remove button and a fee's amount
/// are on screen for every row (they were off the right edge of the editor).
#[test]
fn tranche_and_fee_values_are_on_screen() {
    for (lang, rating, price, remove, amount) in [
        (Lang::En, "Rating", "Price (per 100)", "Remove", "Amount"),
        (Lang::Zh, "评级", "价格（每百元）", "删除", "金额"),
    ] {
        let mut h = open_in("data_empowered_leases.ron", lang);
        h.state_mut().show_section(Section::Tranches);
        h.run();
        let (left, right) = editor_span(&h, lang);
        let deal = h.state().deal().clone();
        let mut names: Vec<String> = Vec::new();
        for t in &deal.tranches {
            names.push(format!("{rating} {}", t.id));
            names.push(format!("{price} {}", t.id));
            names.push(format!("{remove} {}", t.id));
        }
        for f in &deal.fees {
            names.push(format!("{amount} {}", f.id));
        }
        for name in names {
            let r = h.get_by_label(&name).rect();
            assert!(
                r.min.x >= left && r.max.x <= right,
                "{lang:?} {name}: {r:?} outside {left}..{right}"
            );
        }
    }
}

/// The pool grid at 1280 × 800: the id column stays where it is while the fields scroll
/// sideways in the grid's own area, a field out of view is shown as a plain button (no
/// input under the results panel) and comes into view as an input when clicked.
#[test]
fn the_pool_grid_keeps_its_id_column_when_scrolled() {
    for (lang, id, value) in [
        (Lang::En, "ID DL01", "Appraised value (CNY) DL01"),
        (Lang::Zh, "编号 DL01", "评估价值（元） DL01"),
    ] {
        let mut h = open_in("data_asset_pledge_loans.ron", lang);
        h.state_mut().show_section(Section::Pool);
        h.run();
        let (left, right) = editor_span(&h, lang);
        let before = h.get_by_role_and_label(Role::TextInput, id).rect();
        assert!(
            before.min.x >= left && before.max.x <= right,
            "{lang:?} {before:?}"
        );
        // The last column starts out of view: a button showing the value, not an input.
        assert!(
            h.query_by_role_and_label(Role::TextInput, value).is_none(),
            "{lang:?}: {value} should be out of view"
        );
        h.get_by_label(value).click_accesskit();
        h.run();
        let r = h.get_by_role_and_label(Role::TextInput, value).rect();
        assert!(
            r.min.x >= left && r.max.x <= right,
            "{lang:?} {value}: {r:?}"
        );
        let after = h.get_by_role_and_label(Role::TextInput, id).rect();
        assert_eq!(before.min.x, after.min.x, "{lang:?}: the id column moved");
        assert_values_inside(&h, lang, "pool scrolled");
    }
}

/// Item 4 at the smallest window the app allows: the tranche and scenario editors still
/// show their inputs (only the labels were visible).
#[test]
fn the_smallest_window_still_shows_the_values() {
    for lang in [Lang::En, Lang::Zh] {
        let mut h = Harness::builder()
            .with_size(egui::vec2(
                tranche_studio::app::MIN_WINDOW[0],
                tranche_studio::app::MIN_WINDOW[1],
            ))
            .with_max_steps(64)
            .with_context_setup(install_fonts)
            .build_ui_state(
                |ui, app: &mut TrancheApp| app.show(ui),
                TrancheApp::new(Options {
                    startup: Startup::Path(sample("data_empowered_leases.ron")),
                    settings: Some(Settings {
                        lang,
                        ..Settings::default()
                    }),
                    ..Options::default()
                }),
            );
        settle(&mut h);
        for section in [Section::Tranches, Section::Scenarios, Section::Enhancements] {
            h.state_mut().show_section(section);
            h.run();
            let seen = assert_values_inside(&h, lang, &format!("smallest window {section:?}"));
            assert!(seen > 3, "{section:?}: {seen} inputs");
        }
    }
}

/// The y of the results panel's first tab: where the header ends.
fn tabs_top(h: &Harness<'static, TrancheApp>, lang: Lang) -> f32 {
    let tab = if lang == Lang::Zh {
        "兑付分布"
    } else {
        "Distributions"
    };
    h.get_by_label(tab).rect().min.y
}

/// Item 12: the results header keeps its height when warnings appear and when the figures
/// go stale, so the tabs stay where the pointer is (a warnings list and a stale-figures line
/// used to push them down).
#[test]
fn the_results_header_keeps_its_height() {
    use tranche_studio::app::Command;
    use tranche_studio::model::Step;
    for lang in [Lang::En, Lang::Zh] {
        let mut h = open_in("data_empowered_leases.ron", lang);
        assert!(h.state().results().unwrap().warnings.is_empty());
        let before = tabs_top(&h, lang);
        // No principal step: a warning per tranche (W-NO-PRINCIPAL), the figures still run.
        h.state_mut().queue(Command::edit(None, |d| {
            d.waterfall
                .steps
                .retain(|s| !matches!(s, Step::Principal { .. }));
        }));
        settle(&mut h);
        assert!(!h.state().results().unwrap().warnings.is_empty());
        assert_eq!(tabs_top(&h, lang), before, "{lang:?}: with warnings");
        // An error: the figures shown are the last valid ones (stale).
        h.state_mut()
            .queue(Command::edit(None, |d| d.tranches[0].coupon = 7.0));
        settle(&mut h);
        assert!(h.state().issue_counts().0 > 0);
        assert_eq!(tabs_top(&h, lang), before, "{lang:?}: stale figures");
    }
}

/// The width of `text` in the body font, as the harness draws it.
fn body_width(h: &Harness<'static, TrancheApp>, text: &str) -> f32 {
    let font = egui::TextStyle::Body.resolve(&h.ctx.global_style());
    h.ctx.fonts_mut(|f| {
        f.layout_no_wrap(text.to_string(), font, egui::Color32::BLACK)
            .size()
            .x
    })
}

/// A tranche card at 1280 × 800 shows its size in full (250,000,000.00 was cut to
/// "250,000,000.0" in a 92-point field) and keeps both goal-seek buttons on the card (a wider
/// field pushed the coupon's "Solve…" off its right edge), in both languages.
#[test]
fn the_tranche_size_shows_in_full_and_the_goal_seek_stays_on_the_card() {
    for lang in [Lang::En, Lang::Zh] {
        // A1 of 250,000,000.00 (floating-rate sample) and 360,000,000.00 (leases sample).
        for name in ["floating_rate_leases.ron", "data_empowered_leases.ron"] {
            let mut h = open_in(name, lang);
            h.state_mut().show_section(Section::Tranches);
            h.run();
            let (left, right) = editor_span(&h, lang);
            let (size, coupon, seek) = match lang {
                Lang::En => ("Size (CNY)", "Coupon", "Goal seek"),
                Lang::Zh => ("规模（元）", "票面利率", "单变量求解"),
            };
            let deal = h.state().deal().clone();
            for t in &deal.tranches {
                let label = format!("{size} {}", t.id);
                let field = h.get_by_label(&label);
                let shown = field.value().unwrap_or_default();
                // TextEdit's inner margin is 4 points a side.
                let room = field.rect().width() - 8.0;
                let need = body_width(&h, &shown);
                assert!(
                    need <= room,
                    "{name} {lang:?} {}: {shown:?} needs {need}, the field has {room}",
                    t.id
                );
                for what in [size, coupon] {
                    let b = h.get_by_label(&format!("{seek} {what} {}", t.id)).rect();
                    assert!(
                        b.min.x >= left && b.max.x <= right,
                        "{name} {lang:?}: goal seek of {what} {} at {b:?}, outside {left}..{right}",
                        t.id
                    );
                }
            }
        }
    }
}

/// The text `text` shows whole in the text field named `label`: the field is at least as
/// wide as the text plus its 4-point margins, and inside the editor.
fn assert_shows_whole(h: &Harness<'static, TrancheApp>, lang: Lang, label: &str, text: &str) {
    let (left, right) = editor_span(h, lang);
    let field = h.get_by_role_and_label(Role::TextInput, label);
    assert_eq!(field.value().unwrap_or_default(), text, "{lang:?} {label}");
    let r = field.rect();
    let need = body_width(h, text);
    assert!(
        need <= r.width() - 8.0,
        "{lang:?} {label}: {text:?} needs {need}, the field has {}",
        r.width() - 8.0
    );
    assert!(
        r.min.x >= left && r.max.x <= right,
        "{lang:?} {label}: {r:?} outside {left}..{right}"
    );
}

/// Triggers' and enhancements' ids, names and providers, and tranches' and fees' ids, show
/// whole in both languages. The leases sample's 逾期60天以上资产占比连续3期超过 1% (about
/// 260 points) was cut after "连续3期超" by a 200-point field, the floating-rate sample's
/// trigger id "dp-rating" by a 60-point one, the providers 中原信用增进 and 河南中豫信用增进
/// by 170 points, and the fee id "guarantee" by 70.
#[test]
fn ids_names_and_providers_show_whole() {
    for (lang, id, name, provider) in [
        (Lang::En, "ID", "Name", "Provider"),
        (Lang::Zh, "编号", "名称", "增信方"),
    ] {
        for sample in [
            "data_empowered_leases.ron",
            "floating_rate_leases.ron",
            "receivables_deficiency_guarantee.ron",
        ] {
            let mut h = open_in(sample, lang);
            h.state_mut().show_section(Section::Enhancements);
            h.run();
            let deal = h.state().deal().clone();
            for tr in &deal.triggers {
                assert_shows_whole(&h, lang, &format!("{id} {}", tr.id), &tr.id);
                assert_shows_whole(&h, lang, &format!("{name} {}", tr.id), &tr.name);
            }
            for e in &deal.enhancements {
                assert_shows_whole(&h, lang, &format!("{id} {}", e.id), &e.id);
                assert_shows_whole(&h, lang, &format!("{provider} {}", e.id), &e.provider);
            }
            h.state_mut().show_section(Section::Tranches);
            h.run();
            for t in &deal.tranches {
                assert_shows_whole(&h, lang, &format!("{id} {}", t.id), &t.id);
            }
            for f in &deal.fees {
                assert_shows_whole(&h, lang, &format!("{id} {}", f.id), &f.id);
            }
            if sample == "data_empowered_leases.ron" {
                h.state_mut().show_section(Section::Enhancements);
                h.run();
                // The long one is wider than the old fixed 200 points.
                let label = format!("{name} dq60");
                let dq = h.get_by_role_and_label(Role::TextInput, &label);
                assert!(dq.rect().width() > 208.0, "{lang:?}: {:?}", dq.rect());
            }
        }
    }
}

/// A label in a wrapping line of the coupon terms moves to the next line whole: the
/// floating-rate sample's 原始权益人自留比例 was broken after 原始权 at 1280 × 800.
#[test]
fn coupon_line_labels_are_not_broken() {
    for (lang, retained) in [
        (Lang::Zh, "原始权益人自留比例"),
        (Lang::En, "Retained by the originator"),
    ] {
        let mut h = open_in("floating_rate_leases.ron", lang);
        h.state_mut().show_section(Section::Tranches);
        h.run();
        // One line of body text is about 17 points high; a broken label spans two.
        for n in h.query_all_by_value(retained) {
            let r = n.rect();
            assert!(
                r.height() < 25.0,
                "{lang:?}: {retained} on two lines: {r:?}"
            );
        }
        assert!(h.query_all_by_value(retained).count() >= 3, "{lang:?}");
    }
}

/// The equity-ratio goal seek sits on its slider's line (their rects overlap vertically; it
/// stood alone on the line below), right of the slider's value, with its word on the face
/// ("◎ Solve…" / "◎ 求解…"), and slider, value and button all inside the editor at
/// 1280 × 800, in both languages.
#[test]
fn the_equity_goal_seek_sits_beside_its_slider() {
    for (lang, slider, seek, face) in [
        (
            Lang::En,
            "Equity share of the plan's money",
            "Goal seek Equity share of the plan's money",
            "◎ Solve…",
        ),
        (
            Lang::Zh,
            "股债配比（权益占比）",
            "单变量求解 股债配比（权益占比）",
            "◎ 求解…",
        ),
    ] {
        for name in ["data_centre.ron", "highway_concession.ron"] {
            let mut h = open_in(name, lang);
            h.state_mut().show_section(Section::Spv);
            h.run();
            let (left, right) = editor_span(&h, lang);
            let s = h.get_by_role_and_label(Role::Slider, slider).rect();
            let b = h.get_by_label(seek);
            let br = b.rect();
            assert!(
                br.min.y < s.max.y && s.min.y < br.max.y,
                "{name} {lang:?}: slider {s:?}, button {br:?} not on one line"
            );
            assert!(br.min.x > s.max.x, "{name} {lang:?}: {br:?} left of {s:?}");
            assert!(
                s.min.x >= left && br.max.x <= right,
                "{name} {lang:?}: {s:?}, {br:?} outside {left}..{right}"
            );
            // The face's word is drawn, not only the glyph (the name is the accessible one).
            let need = body_width(&h, face);
            assert!(
                br.width() >= need,
                "{name} {lang:?}: {br:?} narrower than {face:?} ({need})"
            );
            assert_values_inside(&h, lang, &format!("{name} spv"));
        }
    }
}

/// The holding header's "unpaid at exit" line names only what is left unpaid: "nothing"
/// when all is paid (five zero amounts ran off the right of the results panel at
/// 1280 × 800, and in English wrapped onto a second line), and the amounts left, in the
/// warning colour, when the exit does not cover them.
#[test]
fn the_unpaid_at_exit_line_fits_the_results_panel() {
    use tranche_studio::app::Command;
    use tranche_studio::model::Exit;
    let en = ["fees ", "hurdle ", "bank ", "shareholder loan ", "tax "];
    let zh = ["费用 ", "门槛收益 ", "银行借款 ", "股东借款 ", "所得税 "];
    for (lang, nothing, head, parts) in [
        (Lang::En, "Unpaid at exit: nothing", "Unpaid at exit:", en),
        (Lang::Zh, "退出时未付：无", "退出时未付：", zh),
    ] {
        let bank = parts[2];
        let mut h = open_in("data_centre.ron", lang);
        let line = h.get_by_label(nothing).rect();
        assert!(line.max.x <= 1280.0, "{lang:?}: {line:?}");
        // Sold after 2 years at a 60% cap rate: NOI / 0.6 is a fraction of the 30% bank
        // loan on 2,000,000,000.00 (600,000,000.00), so bank principal is left unpaid.
        h.state_mut().queue(Command::edit(None, |d| {
            d.scenarios[0].exit = Some(Exit::Sale {
                year: 2,
                cap_rate: 0.6,
                costs: 0.015,
            });
        }));
        settle(&mut h);
        assert!(h.query_by_label(nothing).is_none(), "{lang:?}");
        h.get_by_label(head);
        // Only amounts left are listed: the bank's among them, and no zero.
        let amounts = |part: &str| -> Vec<String> {
            h.query_all_by_label_contains(part)
                .map(|n| n.value().unwrap_or_default())
                .filter_map(|l| {
                    l.strip_prefix(part)
                        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
                        .map(str::to_string)
                })
                .collect()
        };
        assert_eq!(amounts(bank).len(), 1, "{lang:?}");
        for part in parts {
            for x in amounts(part) {
                assert!(!x.starts_with("0.00 "), "{lang:?}: {part}{x}");
            }
        }
    }
}

/// The pool summary wraps between figures, never between a figure's name and its value:
/// the revolving sample's "Weighted average rate:" ended a line at 1280 × 800 with its
/// 5.32% (rates 5.2, 5.5, 5.0, 5.4, 5.6, 5.3% weighted by 8, 7, 6, 6, 5, 8 千万: 212.9 / 40 = 5.3225)
/// alone at the start of the next.
#[test]
fn pool_summary_figures_keep_their_names() {
    for (lang, text) in [
        (Lang::En, "Weighted average rate: 5.32%"),
        (Lang::Zh, "加权平均利率: 5.32%"),
    ] {
        let mut h = open_in("revolving_receivables.ron", lang);
        h.state_mut().show_section(Section::Pool);
        h.run();
        let r = h.get_by_label(text).rect();
        assert!(r.height() < 25.0, "{lang:?}: on two lines: {r:?}");
    }
}

/// A row of words (the capital-return method on the highway's Double SPV) wraps at the
/// editor's edge: "Loan prepayment" ran off it at 1280 × 800 in English.
#[test]
fn word_choices_wrap_inside_the_editor() {
    for (lang, name) in [
        (Lang::En, "Capital return by Loan prepayment"),
        (Lang::Zh, "返还方式 提前偿还股东借款"),
    ] {
        let mut h = open_in("highway_concession.ron", lang);
        h.state_mut().show_section(Section::Spv);
        h.run();
        let (left, right) = editor_span(&h, lang);
        let r = h.get_by_label(name).rect();
        // Left of the editor's vertical scroll bar (the last 16 points before the results).
        let edge = right - 16.0;
        assert!(
            r.min.x >= left && r.max.x <= edge,
            "{lang:?} {name}: {r:?} outside {left}..{edge}"
        );
    }
}

/// The holding results header shows its project-company figures within the window at
/// 1280 × 800 in both languages: on one line the bank principal repaid at the end, the
/// total tax and the trapped cash at exit ran off the results panel.
#[test]
fn the_holding_header_figures_fit_the_results_panel() {
    for (lang, parts) in [
        (
            Lang::En,
            [
                "Min operating DSCR ",
                "Total tax ",
                "Bank principal at maturity or exit ",
                "Trapped cash at exit ",
            ],
        ),
        (
            Lang::Zh,
            [
                "最低经营期偿债覆盖率 ",
                "所得税合计 ",
                "到期或退出时偿还银行本金 ",
                "退出时沉淀现金 ",
            ],
        ),
    ] {
        let h = open_in("data_centre.ron", lang);
        for part in parts {
            // The header's label (the Double SPV section shows the same figures too).
            let rects: Vec<egui::Rect> = h
                .query_all_by_label_contains(part)
                .map(|n| n.rect())
                .filter(|r| r.min.x > 720.0)
                .collect();
            assert_eq!(rects.len(), 1, "{lang:?} {part}: {rects:?}");
            assert!(rects[0].max.x <= 1272.0, "{lang:?} {part}: {:?}", rects[0]);
        }
    }
}

/// The results header from the amount caption down to the tabs: every figure shows whole
/// inside the results panel at 1280 × 800, in both languages, for tranched deals (the
/// leases sample's "Excess spread 4,649.44 CNY 10k" was cut after "CN", the revolving
/// sample's purchases ran off the panel) and holding deals (the rental sample's "Incentive
/// fees 0.00 CNY 10k" was cut after "CNY 10", beside a long exit line).
#[test]
fn every_header_figure_shows_inside_the_results_panel() {
    for name in [
        "data_empowered_leases.ron",
        "revolving_receivables.ron",
        "receivables_deficiency_guarantee.ron",
        "rental_housing_expansion.ron",
        "data_centre.ron",
    ] {
        for (lang, caption) in [(Lang::En, "Amount: CNY 10k"), (Lang::Zh, "金额：万元")] {
            let h = open_in(name, lang);
            let (_, left) = editor_span(&h, lang);
            let top = h.get_by_label(caption).rect().max.y;
            let bottom = tabs_top(&h, lang);
            // The results panel ends at the window's right edge less its 8-point margin.
            let right = 1280.0 - 8.0;
            let mut seen = 0;
            for n in h.query_all_by_role(Role::Label) {
                let r = n.rect();
                if r.min.x < left || r.min.y < top || r.max.y > bottom {
                    continue;
                }
                seen += 1;
                assert!(
                    r.max.x <= right,
                    "{name} {lang:?}: {:?} at x {}..{} past the panel's edge {right}",
                    n.value().unwrap_or_default(),
                    r.min.x,
                    r.max.x
                );
            }
            // Tranched: default rate, collections, excess spread at least; holding: the
            // project company's figures, the exit, fees, NAV and unpaid lines.
            assert!(seen >= 3, "{name} {lang:?}: {seen} figures");
        }
    }
}

/// A combo box is at least as wide as its selected text plus its padding and open icon
/// when the card has room: the fee basis ("% of pool balan…", "资产池余额 × 年…") and the
/// income strip's part ("Interest and …") were cut with "…" in cards with room to spare.
#[test]
fn combo_boxes_show_their_choice_whole() {
    for (name, section) in [
        ("data_empowered_leases.ron", Section::Tranches),
        ("revolving_receivables.ron", Section::Tranches),
        ("token_income_strips.ron", Section::Tokens),
    ] {
        for lang in [Lang::En, Lang::Zh] {
            let mut h = open_in(name, lang);
            h.state_mut().show_section(section);
            h.run();
            let sp = h.ctx.global_style().spacing.clone();
            let frame = 2.0 * sp.button_padding.x + sp.icon_spacing + sp.icon_width;
            let (left, right) = editor_span(&h, lang);
            let mut seen = 0;
            for n in h.query_all_by_role(Role::ComboBox) {
                let r = n.rect();
                if r.min.x < left || r.max.x > right {
                    continue;
                }
                let text = n.value().unwrap_or_default();
                let need = body_width(&h, &text) + frame;
                seen += 1;
                assert!(
                    r.width() + 0.5 >= need,
                    "{name} {lang:?} {:?}: {text:?} needs {need}, the box has {}",
                    n.accesskit_node().label(),
                    r.width()
                );
            }
            assert!(seen >= 2, "{name} {lang:?}: {seen} combo boxes");
        }
    }
}
