//! Structural growth: valid-looking files grown into shapes that stress algorithms rather than
//! the parser — long chains, tangles of cycles, many references, many diagnostics, long ids,
//! deep nesting — at sizes up to the file limit. No byte-level fuzzer finds these, and each
//! issue-11 defect (stack overflow, quadratic checks, memory blow-up, unbounded diagnostics)
//! was one of them.

/// The minimal valid files every shape grows from.
pub const SCENARIO: &str = include_str!("../fixtures/valid/minimal.ron");
pub const PLAN: &str = include_str!("../fixtures/valid/minimal-plan.ron");
pub const DECISIONS: &str = include_str!("../fixtures/valid/minimal-decisions.ron");

/// `text` with the list given as `field: [ … ]` (its first occurrence) holding `items` instead.
pub fn with_list(text: &str, field: &str, items: &str) -> String {
    let open = text.find(&format!("{field}: [")).unwrap_or_else(|| panic!("no list `{field}`")) + field.len() + 2;
    let bytes = text.as_bytes();
    let (mut depth, mut at, mut in_string) = (0usize, open, false);
    loop {
        match bytes[at] {
            b'\\' if in_string => at += 1,
            b'"' => in_string = !in_string,
            b'[' if !in_string => depth += 1,
            b']' if !in_string => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
        at += 1;
    }
    format!("{}[{items}]{}", &text[..open], &text[at + 1..])
}

fn joined(n: usize, item: impl Fn(usize) -> String) -> String {
    (0..n).map(item).collect::<Vec<_>>().join(",\n")
}

fn inject(id: &str, trigger: &str) -> String {
    format!(
        r#"(id: "{id}", title: "t", trigger: {trigger}, from: "f", to: ["soc_analyst"], channel: Email, text: "x")"#
    )
}

fn stage(id: &str, after: &[String], effects: &str) -> String {
    let after: Vec<String> = after.iter().map(|a| format!("\"{a}\"")).collect();
    format!(
        r#"(id: "{id}", name: "n", tactic: Impact, technique: "T1486", after: [{}], chance: 0.5, effects: [{effects}])"#,
        after.join(",")
    )
}

/// The minimal scenario with `stages` as its attack, and nothing that names the old stages.
fn with_stages(stages: &str) -> String {
    let text = with_list(SCENARIO, "stages", stages);
    let text = with_list(&text, "detections", "");
    with_list(&text, "injects", &inject("i0", r#"At("0m")"#))
}

/// The minimal decisions file with `rules` rules, each on `Any` of `width` cues.
fn with_rules(rules: usize, width: usize) -> String {
    let cues = ["AnyAlert", r#"Inject("i02")"#, "TacticDetected(Impact)", r#"Finding("office")"#];
    let rule = |k: usize| {
        let any: Vec<&str> = (0..width).map(|j| cues[(k + j) % cues.len()]).collect();
        format!(
            r#"(when: Any([{}]), role: "it_operations", then: Do(Custom("rule {k}")), after: "{}m")"#,
            any.join(", "),
            k % 600
        )
    };
    with_list(&DECISIONS.replace("    decisions: [", "    rules: [],\n    decisions: ["), "rules", &joined(rules, rule))
}

/// A shape: its name (used as the file name) and its text.
pub type Shape = (String, String);

/// Every structural shape at scale `n` (about the number of things in the chain or list).
pub fn shapes(n: usize) -> Vec<Shape> {
    let mut all = vec![
        // The exercise's objectives: a long list, each rated from every capability.
        ("objectives-over-limit".into(), {
            let caps = "[Detection, Analysis, Escalation, Containment, Recovery, Notification]";
            with_list(
                SCENARIO,
                "objectives",
                &joined(n, |k| format!(r#"(id: "o{k}", text: "t", capabilities: {caps})"#)),
            )
        }),
        // Defect 1: injects chained backwards through AfterInject (each waits for the next).
        ("inject-chain".into(), {
            let chain = joined(n, |k| inject(&format!("i{k}"), &format!(r#"AfterInject("i{}", "1m")"#, k + 1)));
            with_list(SCENARIO, "injects", &format!("{chain},\n{}", inject(&format!("i{n}"), r#"At("0m")"#)))
        }),
        // Within the list limit, and every inject following the next six times over.
        ("inject-chain-fanned".into(), {
            let m = n.min(1_023);
            let follows = |k: usize| vec![format!(r#"AfterInject("i{}", "1m")"#, k + 1); 6].join(", ");
            let chain = joined(m, |k| inject(&format!("i{k}"), &format!("All([{}])", follows(k))));
            with_list(SCENARIO, "injects", &format!("{chain},\n{}", inject(&format!("i{m}"), r#"At("0m")"#)))
        }),
        // Injects that loop: each follows the next and the first.
        ("inject-loops".into(), {
            let m = n.min(1_024);
            let trigger =
                |k: usize| format!(r#"Any([AfterInject("i{}", "1m"), AfterInject("i0", "1m")])"#, (k + 1) % m);
            with_list(SCENARIO, "injects", &joined(m, |k| inject(&format!("i{k}"), &trigger(k))))
        }),
        // Defect 2: a backwards `after` chain of stages (reachability grew one per pass).
        ("stage-chain".into(), {
            let first = r#"Compromise(group: "workstations", hosts: 1)"#;
            let m = n.min(1_023);
            let chain = joined(m, |k| stage(&format!("s{k}"), &[format!("s{}", k + 1)], ""));
            with_stages(&format!("{chain},\n{}", stage(&format!("s{m}"), &[], first)))
        }),
        ("stage-chain-over-limit".into(), {
            let chain = joined(n, |k| stage(&format!("s{k}"), &[format!("s{}", k + 1)], ""));
            with_stages(&format!("{chain},\n{}", stage(&format!("s{n}"), &[], "")))
        }),
        // Defect 3: every stage after the next and the first (the cycle finder copied its path).
        ("stage-tangle".into(), {
            let m = n.min(1_024);
            with_stages(&joined(m, |k| {
                let mut after = vec![format!("s{}", (k + 1) % m)];
                if k > 0 {
                    after.push("s0".into());
                }
                stage(&format!("s{k}"), &after, "")
            }))
        }),
        ("stage-tangle-over-limit".into(), {
            with_stages(&joined(n, |k| stage(&format!("s{k}"), &[format!("s{}", (k + 1) % n), "s0".into()], "")))
        }),
        // Spreading through a long line of segments, each link found one pass at a time.
        ("segment-line".into(), {
            let m = n.min(1_024);
            let segments = joined(m, |k| {
                format!(r#"(id: "g{k}", name: "n", hosts: [(id: "h{k}", kind: Workstation, count: 1)])"#)
            });
            // Listed from the far end, so a pass in list order moves the front one link at a time.
            let links = joined(m - 1, |k| format!(r#"(from: "g{}", to: "g{}", one_way: true)"#, m - 2 - k, m - 1 - k));
            let first = r#"Compromise(group: "h0", hosts: 1), Spread(rate: 0.5)"#;
            let last = format!("s{}", m);
            let stages = format!(
                "{},\n{}",
                stage("s0", &[], first),
                stage(&last, &["s0".into()], "")
                    .replace("after:", &format!("requires: [Foothold(\"g{}\")], after:", m - 1))
            );
            let text = with_stages(&stages);
            let text = with_list(&text, "segments", &segments);
            let text = with_list(&text, "links", &links);
            let text = with_list(&text, "data_stores", "");
            let text = with_list(&text, "backups", "");
            with_list(&text, "services", "")
        }),
        // Defect 2: technique ids, distinct and valid.
        (
            "techniques".into(),
            with_list(SCENARIO, "techniques", &{
                let listed = joined(n.min(4_000), |k| format!(r#""T{:04}""#, 1_000 + k % 9_000));
                format!(r#"{listed}, "T1566.001", "T1021.002", "T1486", "T1490""#)
            }),
        ),
        (
            "techniques-over-limit".into(),
            with_list(
                SCENARIO,
                "techniques",
                &joined(n * 20, |k| format!(r#""T{:04}.{:03}""#, 1_000 + k % 9_000, k / 9_000)),
            ),
        ),
        // Defects 2 and 4: a hundred thousand unknown references, each a diagnostic.
        (
            "unknown-references".into(),
            with_stages(&joined(n.min(1_024), |k| {
                let after: Vec<String> = (0..100).map(|m| format!("missing-{m}-{}", "x".repeat(40))).collect();
                stage(&format!("s{k}"), &after, "")
            })),
        ),
        // Defect 2: a long id and a long unknown reference ("did you mean" compared them whole).
        ("long-reference".into(), {
            let long = "o".repeat(n * 25);
            SCENARIO
                .replace(r#"Foothold("office")"#, &format!(r#"Foothold("{long}")"#))
                .replace(r#"id: "office""#, &format!(r#"id: "f{long}""#))
        }),
        // Defect 4: many diagnostics from many small mistakes.
        ("many-warnings".into(), with_list(SCENARIO, "tags", &joined(n.min(4_096), |_| "\"\"".into()))),
        // Duplicate map keys, many of them.
        (
            "duplicate-keys".into(),
            SCENARIO.replace(
                "per_record: { Pii: 20.0 }",
                &format!("per_record: {{ {} }}", joined(n.min(4_096), |k| format!("Pii: {k}.0"))),
            ),
        ),
        // Defect 7: amounts that add up to infinity.
        (
            "infinite-cost".into(),
            SCENARIO
                .replace("per_host_encrypted: 300.0", "per_host_encrypted: 1e308")
                .replace("cost_per_hour: 500.0", "cost_per_hour: 1e308"),
        ),
        // Every stage steals the most one effect may, many times over, and takes a service down:
        // the total must stay finite.
        ("huge-losses".into(), {
            let m = n.min(1_024);
            let theft = r#"StealFunds(amount: 1e12, recall_within: "1d")"#;
            let effects = format!(r#"{}, DegradeService(service: "files", fraction: 1.0)"#, [theft; 8].join(", "));
            let first = stage("s0", &[], r#"Compromise(group: "workstations", hosts: 1)"#);
            let rest = joined(m - 1, |k| stage(&format!("s{}", k + 1), &["s0".into()], &effects));
            with_stages(&format!("{first},\n{rest}"))
        }),
        ("losses-over-limit".into(), {
            let effects = concat!(
                r#"StealFunds(amount: 1e308, recall_within: "1d"), "#,
                r#"StealFunds(amount: 1e13, recall_within: "99999999999d")"#
            );
            with_stages(&stage("s0", &[], effects))
        }),
        // Injects that each reveal a hundred indicators no scenario has: many diagnostics, each
        // with a suggestion to look for.
        ("reveals-unknown".into(), {
            let reveals: Vec<String> =
                (0..100).map(|k| format!(r#"Indicator("ioc-{k}-{}")"#, "y".repeat(40))).collect();
            let m = n.min(1_024);
            let injects = joined(m, |k| {
                let base = inject(&format!("r{k}"), r#"At("0m")"#);
                format!("{}, reveals: [{}])", &base[..base.len() - 1], reveals.join(", "))
            });
            with_list(SCENARIO, "injects", &injects)
        }),
        // Injects that each expect more actions than the limit, every one naming an unknown
        // target and role and a bad time to respond.
        ("expects-unknown".into(), {
            let expects = joined(40, |k| {
                format!(r#"(action: IsolateSegment, target: "seg-{k}", role: "role-{k}", within: "{k}x")"#)
            });
            let m = n.min(1_024);
            let injects = joined(m, |k| {
                let base = inject(&format!("e{k}"), r#"At("0m")"#);
                format!("{}, expects: [{expects}])", &base[..base.len() - 1])
            });
            with_list(SCENARIO, "injects", &injects)
        }),
        // Conditions nested past the parser's limit.
        (
            "deep-trigger".into(),
            SCENARIO.replace(
                r#"trigger: At("0m")"#,
                &format!("trigger: {}At(\"0m\"){}", "All([".repeat(n), "])".repeat(n)),
            ),
        ),
        // Plans. Defect 2: holidays.
        (
            "plan-holidays".into(),
            with_list(
                PLAN,
                "holidays",
                &joined(n.min(4_000), |k| {
                    format!(r#""{:04}-{:02}-{:02}""#, 2_000 + k / 336, 1 + (k / 28) % 12, 1 + k % 28)
                }),
            ),
        ),
        (
            "plan-holidays-over-limit".into(),
            with_list(PLAN, "holidays", &joined(n * 8, |k| format!(r#""{:04}-01-01""#, 2_000 + k % 7_000))),
        ),
        // Defect 3: playbook steps each after the next and the first.
        ("plan-step-tangle".into(), {
            let m = n.min(1_024);
            let step = |k: usize| {
                let first = if k > 0 { r#", "t0""# } else { "" };
                format!(
                    r#"(id: "t{k}", title: "s", action: CollectEvidence, owner: "soc_analyst", within: "30m", after: ["t{}"{first}])"#,
                    (k + 1) % m
                )
            };
            with_list(PLAN, "steps", &joined(m, step))
        }),
        // Decisions: many, each with an unknown target.
        (
            "decisions-many".into(),
            with_list(
                DECISIONS,
                "decisions",
                &joined(n.min(4_096), |k| {
                    format!(r#"(at: "{}m", role: "it_operations", action: IsolateSegment("nowhere-{k}"))"#, k % 2_000)
                }),
            ),
        ),
        // Rules: as many cues as a file may hold, every rule read against every event seen.
        ("rules-wide".into(), with_rules(1_023, 3)),
        // 5 120 cues, over the file's limit of 4 096.
        ("rules-over".into(), with_rules(1_024, 4)),
    ];
    all.retain(|(_, text)| text.len() <= 8 * 1024 * 1024);
    all
}
