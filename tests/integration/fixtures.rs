//! Small fixture sites, one behaviour each.

use milepost::parse::{Priority, Status};

use super::support::{Site, stderr};

#[test]
fn front_matter_title_beats_the_first_heading() {
    let site = Site::new()
        .file("content/a/roadmap.md", "---\ntitle: Alpha Plan\nowner: x\n---\n# Heading title\n- [ ] one\n")
        .file("content/b/roadmap.md", "# Beta Roadmap\n- [x] one\n")
        .file("content/c/roadmap.md", "no heading at all\n\n- [ ] one\n");
    let (projects, d) = site.model();
    assert!(d.is_empty(), "{d:?}");
    let names: Vec<&str> = projects.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, vec!["Alpha Plan", "Beta Roadmap", "c"]);
    // the checkbox keeps its real line (front matter counted)
    assert_eq!(projects[0].items[0].line, 6);
}

#[test]
fn crlf_and_bom_read_like_lf() {
    let lf = "# R\n\n## Now\n- Login\n\n### 1. Auth\n**Status**: done\n";
    let crlf = format!("\u{FEFF}{}", lf.replace('\n', "\r\n"));
    let a = Site::new().file("content/p/r.md", lf);
    let b = Site::new().file("content/p/r.md", crlf);
    let (pa, _) = a.model();
    let (pb, db) = b.model();
    assert!(db.is_empty(), "{db:?}");
    let facts =
        |p: &milepost::model::Project| p.items.iter().map(|i| (i.title.clone(), i.line, i.status)).collect::<Vec<_>>();
    assert_eq!(facts(&pa[0]), facts(&pb[0]));
    assert_eq!(
        facts(&pb[0]),
        vec![("Login".to_string(), 4, Status::InProgress), ("Auth".to_string(), 6, Status::Done)]
    );
    assert!(!pb[0].documents[0].text.contains('\r'));
}

#[test]
fn each_encoding_is_repaired_with_one_warning() {
    // 🔥 read as Windows-1252, ⚠️ read as Mac Roman, 🎯 read as Johab
    let site = Site::new()
        .file("content/w/r.md", "# W\n## ðŸ”¥ Hot\n")
        .file("content/m/r.md", "# M\n## ‚ö†Ô∏è Careful\n")
        .file("content/j/r.md", "# J\n## 游꿢 Goal\n## 游 Lost\n")
        .file("content/clean/r.md", "# Größe\n## 한국어 ✅ “quotes” 👨‍👩‍👧\n");
    let (projects, d) = site.model();
    let text = |slug: &str| projects.iter().find(|p| p.slug == slug).unwrap().documents[0].text.clone();
    assert_eq!(text("w"), "# W\n## 🔥 Hot\n");
    assert_eq!(text("m"), "# M\n## ⚠️ Careful\n");
    assert_eq!(text("j"), "# J\n## 🎯 Goal\n## \u{FFFD} Lost\n");
    assert_eq!(text("clean"), "# Größe\n## 한국어 ✅ “quotes” 👨‍👩‍👧\n");
    let messages: Vec<String> = d.iter().map(|d| d.to_string().lines().next().unwrap().to_string()).collect();
    assert_eq!(
        messages,
        vec![
            "warning: content/j/r.md: repaired 1 emoji/symbol run that had been misread as Johab; bytes were already lost on line 3 (shown as �)",
            "warning: content/m/r.md: repaired 1 emoji/symbol run that had been misread as Mac Roman",
            "warning: content/w/r.md: repaired 1 emoji/symbol run that had been misread as Windows-1252",
        ]
    );
}

#[test]
fn repair_can_be_switched_off() {
    let site = Site::new().file("site.yaml", "repair-encoding: false\n").file("content/w/r.md", "# W\n## ðŸ”¥ Hot\n");
    let (projects, d) = site.model();
    assert!(d.is_empty());
    assert_eq!(projects[0].documents[0].text, "# W\n## ðŸ”¥ Hot\n");
}

#[test]
fn table_driven_roadmap() {
    let md = "# Plan\n\n| Feature | Status | Priority | Effort | Owner | Due |\n|---|---|---|---|---|---|\n| Login | Done | P0 | 3d | Ana | 2026-01-10 |\n| Search | In review | P2 | 2 weeks | Bo | Q2 2026 |\n| Export | Blocked | low | 5 pts | Cy | Week 3 |\n";
    let (projects, d) = Site::new().file("content/t/roadmap.md", md).model();
    assert!(d.is_empty(), "{d:?}");
    let items = &projects[0].items;
    let got: Vec<(&str, Status, Option<Priority>, Option<&str>)> =
        items.iter().map(|i| (i.title.as_str(), i.status, i.priority, i.owner.as_deref())).collect();
    assert_eq!(
        got,
        vec![
            ("Login", Status::Done, Some(Priority::Critical), Some("Ana")),
            ("Search", Status::InProgress, Some(Priority::Medium), Some("Bo")),
            ("Export", Status::Blocked, Some(Priority::Low), Some("Cy")),
        ]
    );
    assert_eq!(items[1].effort.map(|e| e.max), Some(10.0));
    assert_eq!(items[2].points, Some(5.0));
    assert_eq!(items[0].timeline.as_deref(), Some("2026-01-10"));
    assert_eq!(items[1].timeline.as_deref(), Some("Q2 2026"));
}

#[test]
fn checkbox_release_roadmap() {
    let md = "# Releases\n\n## v1.0 (target: 2026-06-30)\n- [x] Login\n- [x] Logout\n- [ ] ~~Fax support~~\n\n## v1.1\n- [ ] Search\n  - [x] index\n  - [ ] ranking\n";
    let (projects, _) = Site::new().file("content/r/roadmap.md", md).model();
    let items = &projects[0].items;
    let got: Vec<(&str, Status, Option<&str>)> =
        items.iter().map(|i| (i.title.as_str(), i.status, i.timeline.as_deref())).collect();
    assert_eq!(
        got,
        vec![
            ("Login", Status::Done, Some("2026-06-30")),
            ("Logout", Status::Done, Some("2026-06-30")),
            ("Fax support", Status::Cancelled, Some("2026-06-30")),
            ("Search", Status::Todo, None),
        ]
    );
    assert_eq!((items[3].tasks_done, items[3].tasks_total), (1, 2));
}

#[test]
fn now_next_later_roadmap() {
    let md = "# Product\n\n## Now\n- Onboarding\n- Billing\n\n## Next\n- Teams\n\n## Later\n- Mobile app\n";
    let (projects, _) = Site::new().file("content/n/roadmap.md", md).model();
    let got: Vec<(&str, Status, Option<&str>)> =
        projects[0].items.iter().map(|i| (i.title.as_str(), i.status, Some(i.section.as_str()))).collect();
    assert_eq!(
        got,
        vec![
            ("Onboarding", Status::InProgress, Some("Now")),
            ("Billing", Status::InProgress, Some("Now")),
            ("Teams", Status::Todo, Some("Next")),
            ("Mobile app", Status::Todo, Some("Later")),
        ]
    );
}

#[test]
fn broken_yaml_fails_the_build_with_a_located_message() {
    let site = Site::new()
        .file("content/p/roadmap.md", "# P\n- [ ] a\n")
        .file("content/p/status.yaml", "name: P\nsummary: one: two\n");
    let out = site.build();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with(
            "error: content/p/status.yaml:2:13: mapping values are not allowed in this context\n    2 | summary: one: two\n      |             ^\n  help: a plain value cannot contain `: `; put the value in quotes"
        ),
        "{err}"
    );
    assert!(!site.path().join("output").exists());
}

#[test]
fn unknown_key_suggests_the_closest() {
    let site = Site::new()
        .file("content/p/roadmap.md", "# P\n")
        .file("content/p/status.yaml", "name: P\ntraget: 2026-01-01\n");
    let err = stderr(&site.build());
    assert!(err.contains("error: content/p/status.yaml:2:1: unknown field `traget`"), "{err}");
    assert!(err.contains("help: did you mean `target`?"), "{err}");
}

#[test]
fn override_naming_no_item_lists_the_closest_ids() {
    let site = Site::new()
        .file("content/p/roadmap.md", "# P\n- [ ] Search index\n- [ ] Billing\n")
        .file("content/p/status.yaml", "items:\n  search-indx:\n    status: done\n  billing:\n    status: finished\n");
    let err = stderr(&site.build());
    assert!(err.contains("error: content/p/status.yaml:2:3: override names no item: `search-indx`\n  help: did you mean `search-index`?"), "{err}");
    assert!(err.contains("`items.billing.status`: unknown value `finished`"), "{err}");
}

#[test]
fn unknown_status_word_warns_and_the_build_goes_on() {
    let site = Site::new().file("content/p/roadmap.md", "# P\n\n### 1. Search\n**Status**: Frobnicated\n");
    let out = site.build();
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(
        err.starts_with("warning: content/p/roadmap.md:4: unknown status `Frobnicated`; the item is counted as `todo`\n  help: write one of done, in_progress, todo, blocked, cancelled"),
        "{err}"
    );
    assert!(site.path().join("output/p/index.html").exists());
}

#[test]
fn site_theme_overrides_the_default_file_by_file() {
    let site = Site::new()
        .file("content/p/roadmap.md", "# P\n- [ ] a\n")
        .file(
            "themes/default/templates/index.html",
            "<!DOCTYPE html><title>x</title><p>custom {{ projects | length }} {{ site.title }}</p>\n",
        )
        .file("themes/default/static/extra.css", "p{}");
    let out = site.build();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(site.read("output/index.html"), "<!DOCTYPE html><title>x</title><p>custom 1 Roadmaps</p>\n");
    assert!(site.read("output/p/index.html").contains("class=\"items\""), "the project page still uses the default");
    assert_eq!(site.read("output/static/extra.css"), "p{}");
    assert!(site.path().join("output/static/style.css").exists());
}

#[test]
fn broken_template_fails_with_its_location_and_keeps_the_old_output() {
    let site = Site::new().file("content/p/roadmap.md", "# P\n- [ ] a\n");
    assert!(site.build().status.success());
    let before = site.read("output/index.html");
    let site = site.file("themes/default/templates/index.html", "line one\n{% if %}\n");
    let out = site.build();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("templates/index.html:2:"), "{err}");
    assert_eq!(site.read("output/index.html"), before);
}

#[test]
fn raw_script_is_neutralized_and_yaml_text_escaped() {
    let site = Site::new()
        .file("content/p/roadmap.md", "# P\n\n<script>alert(1)</script>\n\n<div onclick=\"x()\">kept text</div>\n\n- [ ] <img src=x onerror=alert(2)> item\n")
        .file("content/p/status.yaml", "summary: \"<b>bold</b> & more\"\n");
    let out = site.build();
    assert!(out.status.success(), "{}", stderr(&out));
    let html = site.read("output/p/docs/roadmap.html");
    assert!(!html.contains("<script>alert"), "script survived");
    assert!(!html.contains("onerror"), "event handler survived");
    assert!(!html.contains("onclick"), "event handler survived");
    assert!(html.contains("kept text"));
    let html = site.read("output/p/index.html");
    assert!(!html.contains("onerror"), "event handler survived");
    assert!(
        html.contains("&lt;b&gt;bold&lt;&#x2f;b&gt; &amp; more") || html.contains("&lt;b&gt;bold&lt;/b&gt; &amp; more"),
        "summary not escaped"
    );
}

#[test]
fn unknown_code_language_warns_with_its_line() {
    let site = Site::new()
        .file("content/p/roadmap.md", "# P\n\n```klingon\nqapla'\n```\n\n```typescript\nconst a: number = 1;\n```\n");
    let out = site.build();
    let err = stderr(&out);
    assert!(
        err.contains("warning: content/p/roadmap.md:3: unknown code language `klingon`; shown as plain text"),
        "{err}"
    );
    let html = site.read("output/p/docs/roadmap.html");
    assert!(html.contains("qapla&#39;") || html.contains("qapla'"));
    assert!(html.contains("data-lang=\"typescript\""));
    assert!(html.contains("class=\"hl-"));
}

#[test]
fn oversized_code_blocks_are_shown_plain_with_a_warning() {
    // a 12.8 KiB TypeScript block (over the 12 KiB limit) and a block with one 1,200-character line: neither is
    // highlighted, each warned about at its fence; a small block beside them still is
    let big: String = (0..440).map(|i| format!("const value{i:03}: number = {i};\n")).collect();
    assert_eq!(big.len().div_ceil(1024), 13);
    let long = format!("let x = [{}];\n", "1, ".repeat(400));
    let md = format!("# P\n\n```ts\n{big}```\n\n```rust\n{long}```\n\n```bash\necho ok\n```\n");
    let fence2 = 3 + big.lines().count() + 3;
    let site = Site::new().file("content/p/roadmap.md", &md);
    let err = stderr(&site.build());
    assert!(
        err.contains("content/p/roadmap.md:3: `ts` code block not highlighted: 13 KiB, over the 12 KiB limit"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "content/p/roadmap.md:{fence2}: `rust` code block not highlighted: its line 1 has 1211 characters, over the 1000 limit"
        )),
        "{err}"
    );
    assert!(!err.contains("unknown code language"), "{err}");
    let html = site.read("output/p/docs/roadmap.html");
    assert!(html.contains("const value439: number = 439;"), "the block's text is kept");
    assert_eq!(html.matches("data-lang=").count(), 1, "only the small bash block is highlighted");
}

/// The rendered document fragment: anchors, line anchors for items, task boxes, highlighted code, sanitized HTML,
/// the lost-emoji mark. Reviewed by hand when the snapshot was taken.
#[test]
fn rendered_document_fragment() {
    let md = "# Plan\n\n## 🔥 Week 1\n\n- [x] **Ship** it\n- [ ] Test\n\n## Week 1\n\n\u{FFFD} lost\n\n```toml\na = 1\n```\n\n<script>x()</script>\n\n| Task | Status |\n|---|---|\n| A | done |\n";
    let site = Site::new().file("content/p/roadmap.md", md);
    assert!(site.build().status.success());
    let html = site.read("output/p/docs/roadmap.html");
    let start = html.find("<div class=\"markdown\">").unwrap();
    let end = start + html[start..].find("</div>\n\n</main>").unwrap();
    insta::assert_snapshot!(&html[start..end]);
}

/// A git repository built here: boxes checked, items added, removed and reopened over four days. The history it
/// must give was worked out by hand from the commits below.
#[test]
fn history_comes_from_git_commits() {
    if std::process::Command::new("git").arg("--version").output().is_err() {
        eprintln!("git is not installed; skipped");
        return;
    }
    let site = Site::new();
    let git = |args: &[&str], date: &str| super::support::git_at(site.path(), args, &format!("{date}T12:00:00Z"));
    let commit = |text: &str, date: &str| {
        std::fs::write(site.path().join("content/p/roadmap.md"), text).unwrap();
        git(&["add", "-A"], date);
        git(&["commit", "-q", "-m", date], date);
    };
    std::fs::create_dir_all(site.path().join("content/p")).unwrap();
    git(&["init", "-q"], "2026-11-02");
    commit("# P\n- [ ] a\n- [ ] b\n- [ ] c\n", "2026-11-02"); // 0 of 3
    commit("# P\n- [x] a\n- [ ] b\n- [ ] c\n", "2026-11-03"); // 1 of 3, then on the same day
    commit("# P\n- [x] a\n- [ ] b\n- [ ] c\n- [ ] d\n", "2026-11-03"); // d added: 1 of 4 (the day's last commit)
    commit("# P\n- [x] a\n- [x] b\n- [ ] d\n", "2026-11-05"); // c removed, b checked: 2 of 3
    commit("# P\n- [ ] a\n- [x] b\n- [ ] d\n", "2026-11-06"); // a reopened: 1 of 3
    let (projects, _) = site.model();
    let got: Vec<(String, u32, u32)> =
        projects[0].history.iter().map(|s| (milepost::model::format_date(s.date), s.done, s.total)).collect();
    let want = [("2026-11-02", 0, 3), ("2026-11-03", 1, 4), ("2026-11-05", 2, 3), ("2026-11-06", 1, 3)];
    assert_eq!(got, want.map(|(d, a, b)| (d.to_string(), a, b)).to_vec());
    // an explicit snapshot wins on its date; git fills the others
    let site = site.file("content/p/status.yaml", "history:\n  - { date: 2026-11-05, done: 3, total: 5 }\n");
    let (projects, _) = site.model();
    let got: Vec<(u32, u32)> = projects[0].history.iter().map(|s| (s.done, s.total)).collect();
    assert_eq!(got, vec![(0, 3), (1, 4), (3, 5), (1, 3)]);
    // a build saves (done, total) per blob; the next run uses the saved counts instead of parsing the blob again,
    // which this test proves by doctoring the cache
    assert!(site.run(&["build", "-q", "--today", "2026-11-10"]).status.success());
    let cache_path = site.path().join(".milepost-cache/history.json");
    let mut cache: serde_json::Value = serde_json::from_slice(&std::fs::read(&cache_path).unwrap()).unwrap();
    assert_eq!(cache["counts"].as_object().unwrap().len(), 4, "one entry per distinct blob");
    for (_, v) in cache["counts"].as_object_mut().unwrap().iter_mut() {
        if v["total"] == 3 && v["done"] == 0 {
            v["done"] = 7.into();
            v["total"] = 9.into();
        }
    }
    std::fs::write(&cache_path, serde_json::to_vec(&cache).unwrap()).unwrap();
    let (projects, _) = site.model();
    assert_eq!((projects[0].history[0].done, projects[0].history[0].total), (7, 9));
    // and the switch turns it off
    let site = site.file("site.yaml", "git-history: false\n");
    let (projects, _) = site.model();
    assert_eq!(projects[0].history.len(), 1);
}

/// History follows the branch's first parents in the order commits were made: a merged side branch adds no
/// snapshot, clocks in other time zones cannot reorder a day, and nothing counts before the first document.
#[test]
fn history_follows_first_parents_in_commit_order() {
    if std::process::Command::new("git").arg("--version").output().is_err() {
        eprintln!("git is not installed; skipped");
        return;
    }
    let site = Site::new();
    let git = |args: &[&str], when: &str| super::support::git_at(site.path(), args, when);
    let write = |text: &str| std::fs::write(site.path().join("content/p/roadmap.md"), text).unwrap();
    std::fs::create_dir_all(site.path().join("content/p")).unwrap();
    git(&["init", "-q"], "2026-11-01T12:00:00Z");
    // an empty first commit, then the status file: no 0-of-0 day
    git(&["commit", "-q", "--allow-empty", "-m", "empty"], "2026-10-31T12:00:00Z");
    std::fs::write(site.path().join("content/p/status.yaml"), "owner: A\n").unwrap();
    git(&["add", "-A"], "2026-11-01T12:00:00Z");
    git(&["commit", "-qm", "status first"], "2026-11-01T12:00:00Z");
    write("# P\n- [ ] a\n- [ ] b\n");
    git(&["add", "-A"], "2026-11-02T12:00:00Z");
    git(&["commit", "-qm", "two items"], "2026-11-02T12:00:00Z"); // 0 of 2
    // a side branch ticks a on 11-03; main adds c on 11-04; the merge on 11-05 has both
    git(&["checkout", "-qb", "side"], "2026-11-03T12:00:00Z");
    write("# P\n- [x] a\n- [ ] b\n");
    git(&["commit", "-qam", "tick a"], "2026-11-03T12:00:00Z");
    git(&["checkout", "-q", "main"], "2026-11-04T12:00:00Z");
    write("# P\n- [ ] a\n- [ ] b\n- [ ] c\n");
    git(&["commit", "-qam", "add c"], "2026-11-04T12:00:00Z"); // 0 of 3
    write("# P\n- [x] a\n- [ ] b\n- [ ] c\n");
    git(&["merge", "-q", "--no-ff", "-s", "ours", "side", "-m", "merge"], "2026-11-05T12:00:00Z");
    git(&["commit", "-qam", "after merge"], "2026-11-05T13:00:00Z"); // 1 of 3
    // two commits of the local day 11-06 whose clocks disagree: the child's UTC time is earlier than its parent's
    write("# P\n- [x] a\n- [x] b\n- [ ] c\n");
    git(&["commit", "-qam", "b"], "2026-11-06T20:00:00-05:00"); // 2 of 3, 11-07 01:00 UTC
    write("# P\n- [x] a\n- [x] b\n- [x] c\n");
    git(&["commit", "-qam", "c"], "2026-11-06T23:00:00+02:00"); // 3 of 3, 11-06 21:00 UTC, made later
    let (projects, _) = site.model();
    let got: Vec<(String, u32, u32)> =
        projects[0].history.iter().map(|s| (milepost::model::format_date(s.date), s.done, s.total)).collect();
    let want = [("2026-11-02", 0, 2), ("2026-11-04", 0, 3), ("2026-11-05", 1, 3), ("2026-11-06", 3, 3)];
    assert_eq!(got, want.map(|(d, a, b)| (d.to_string(), a, b)).to_vec());

    // reported as of 2026-11-04: the documents as committed that day (a, b, c open), no point after it
    let out = site.run(&["build", "--today", "2026-11-04"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the report date 2026-11-04 is before 2 later commit days: the documents are shown as committed on 2026-11-04"),
        "{}",
        stderr(&out)
    );
    let json: serde_json::Value = serde_json::from_str(&site.read("output/api/p.json")).unwrap();
    let p = &json["projects"][0];
    assert_eq!(p["progress"]["items_done"], 0);
    assert_eq!(p["progress"]["items_total"], 3);
    let dates: Vec<&str> = p["history"].as_array().unwrap().iter().map(|s| s["date"].as_str().unwrap()).collect();
    assert_eq!(dates, ["2026-11-02", "2026-11-04"]);
}

/// GitHub Pages serves 404.html at any depth under the site's sub-path: its links are absolute paths under the
/// base URL's path and its stylesheet is inside the page.
#[test]
fn not_found_page_works_at_any_depth() {
    let site = Site::new().file("content/p/roadmap.md", "# P\n\n- [ ] a\n");
    let out = site.run(&["build", "--today", super::support::TODAY, "--base-url", "https://owner.github.io/repo/"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = site.read("output/404.html");
    assert!(html.contains("<style>") && html.contains(".site-header"), "stylesheet not inlined");
    assert!(!html.contains("rel=\"stylesheet\""), "a relative stylesheet breaks below the top level");
    let hrefs: Vec<&str> = html.split("href=\"").skip(1).map(|h| h.split('"').next().unwrap()).collect();
    assert!(hrefs.iter().all(|h| h.starts_with("/repo/") || h.starts_with('#')), "{hrefs:?}");
    // without a base URL the links start at the host root; the script knows the project folders
    let out = site.build();
    assert!(out.status.success());
    let html = site.read("output/404.html");
    assert!(html.contains("href=\"/index.html\""), "{html}");
    assert!(html.contains("[\"p\"]"), "project folders missing from the script");
}

/// A rebuild walks only the commits made since the cached walk, and gives what a build without the cache gives.
#[test]
fn cached_git_walk_gives_the_same_history_as_a_fresh_one() {
    if std::process::Command::new("git").arg("--version").output().is_err() {
        eprintln!("git is not installed; skipped");
        return;
    }
    let site = Site::new();
    let git = |args: &[&str], when: &str| super::support::git_at(site.path(), args, when);
    let write = |text: &str| std::fs::write(site.path().join("content/p/roadmap.md"), text).unwrap();
    std::fs::create_dir_all(site.path().join("content/p")).unwrap();
    git(&["init", "-q"], "2026-11-01T12:00:00Z");
    write("# P\n- [ ] a\n- [ ] b\n");
    git(&["add", "-A"], "2026-11-02T12:00:00Z");
    git(&["commit", "-qm", "two"], "2026-11-02T12:00:00Z");
    write("# P\n- [x] a\n- [ ] b\n");
    git(&["commit", "-qam", "a"], "2026-11-03T12:00:00Z");
    let history = || {
        let json: serde_json::Value = serde_json::from_str(&site.read("output/api/p.json")).unwrap();
        json["projects"][0]["history"].clone()
    };
    assert!(site.build().status.success());
    let cache = site.read(".milepost-cache/history.json");
    assert!(cache.contains("\"walks\""), "the walk is not cached");
    // a new commit: the rebuild walks it and keeps the cached days
    write("# P\n- [x] a\n- [x] b\n- [ ] c\n");
    git(&["commit", "-qam", "b, c"], "2026-11-05T12:00:00Z");
    assert!(site.build().status.success());
    let cached = history();
    let days: Vec<(String, u64, u64)> = cached
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["date"].as_str().unwrap().to_string(), s["done"].as_u64().unwrap(), s["total"].as_u64().unwrap()))
        .collect();
    let want = [("2026-11-02", 0, 2), ("2026-11-03", 1, 2), ("2026-11-05", 2, 3)];
    assert_eq!(days, want.map(|(d, a, b)| (d.to_string(), a, b)).to_vec());
    std::fs::remove_dir_all(site.path().join(".milepost-cache")).unwrap();
    assert!(site.build().status.success());
    assert_eq!(history(), cached, "a fresh walk disagrees with the cached one");
}

/// Items are tracked by identity across commits: finished items moved out of the roadmap while new ones arrive
/// are archived work and new scope, not reopened items (the counts alone fall from 2 done to 0 done of 4).
#[test]
fn archived_items_are_not_reopened() {
    if std::process::Command::new("git").arg("--version").output().is_err() {
        eprintln!("git is not installed; skipped");
        return;
    }
    let site = Site::new();
    let git = |args: &[&str], when: &str| super::support::git_at(site.path(), args, when);
    let write = |text: &str| std::fs::write(site.path().join("content/p/roadmap.md"), text).unwrap();
    std::fs::create_dir_all(site.path().join("content/p")).unwrap();
    git(&["init", "-q"], "2026-11-01T12:00:00Z");
    write("# P\n- [ ] alpha\n- [ ] beta\n- [ ] gamma\n- [ ] delta\n");
    git(&["add", "-A"], "2026-11-02T12:00:00Z");
    git(&["commit", "-qm", "four"], "2026-11-02T12:00:00Z");
    write("# P\n- [x] alpha\n- [x] beta\n- [ ] gamma\n- [ ] delta\n");
    git(&["commit", "-qam", "two done"], "2026-11-03T12:00:00Z");
    write("# P\n- [ ] gamma\n- [ ] delta\n- [ ] epsilon\n- [ ] zeta\n");
    git(&["commit", "-qam", "archive the done ones, add two"], "2026-11-04T12:00:00Z");
    let out = site.run(&["build", "--today", "2026-11-04"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&site.read("output/api/p.json")).unwrap();
    let p = &json["projects"][0];
    let counts: Vec<(u64, u64)> = p["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["done"].as_u64().unwrap(), s["total"].as_u64().unwrap()))
        .collect();
    assert_eq!(counts, [(0, 4), (2, 4), (0, 4)], "one git point per commit day");
    let moved: Vec<&str> = p["attention"]["moved"].as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect();
    assert_eq!(
        moved,
        [
            "Scope grew by 2 items since 2026-11-03.",
            "2 items finished earlier left the documents (archived) since 2026-11-03."
        ]
    );
}

/// A document page shows the status the report uses: a box status.yaml sets done is checked, with a badge saying
/// where that comes from; the other boxes stay as written.
#[test]
fn document_checkboxes_show_status_yaml_overrides() {
    let site = Site::new()
        .file("content/p/roadmap.md", "# P\n\n- [ ] Login page\n- [ ] Search\n- [x] Export\n")
        .file("content/p/status.yaml", "items:\n  login-page:\n    status: done\n");
    assert!(site.build().status.success());
    let page = site.read("output/p/docs/roadmap.html");
    let html = &page[page.find("<div class=\"markdown\">").unwrap()..];
    let login = &html[html.find("p-L3").unwrap()..html.find("Login page").unwrap()];
    assert!(login.contains("☑") && login.contains("set in status.yaml; the document says not done"), "{login}");
    assert!(login.contains("status.yaml: done"), "{login}");
    let search = &html[html.find("Login page").unwrap()..html.find("Search").unwrap()];
    assert!(search.contains("☐") && !search.contains("status.yaml"), "{search}");
    assert_eq!(html.matches("badge override").count(), 1);
}

/// A large portfolio is split into pages: 50 cards per index page, 50 projects per comparison page, each page
/// linking to the others; every project appears exactly once.
#[test]
fn large_portfolios_are_paginated() {
    let mut site = Site::new();
    for n in 0..120 {
        site = site.file(&format!("content/p{n:03}/roadmap.md"), format!("# Project {n}\n\n- [x] a\n- [ ] b\n"));
    }
    assert!(site.build().status.success());
    let cards = |page: &str| site.read(&format!("output/{page}")).matches("<article class=\"card\">").count();
    assert_eq!((cards("index.html"), cards("index-2.html"), cards("index-3.html")), (50, 50, 20));
    assert!(site.read("output/index-3.html").contains("href=\"index-2.html\">51–100</a>"));
    let rows = |page: &str| site.read(&format!("output/compare/{page}")).matches("<td data-label=\"Risk\"").count();
    assert_eq!((rows("index.html"), rows("index-2.html"), rows("index-3.html")), (50, 50, 20));
    assert!(!site.path().join("output/compare/index-4.html").exists());
    let all: String =
        ["index.html", "index-2.html", "index-3.html"].iter().map(|p| site.read(&format!("output/{p}"))).collect();
    for n in 0..120 {
        assert_eq!(all.matches(&format!(">Project {n}<")).count(), 1, "Project {n}");
    }
}
