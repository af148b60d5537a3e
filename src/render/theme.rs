//! Themes: the default theme is embedded in the binary; a site's `themes/<name>/` overrides it file by file.
//! Templates are compiled once per build; their errors carry `file:line:col`.

use include_dir::{Dir, include_dir};
use tera::Tera;

static DEFAULT: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The theme's files after overrides: templates by name, static files by path.
pub struct Theme {
    pub tera: Tera,
    pub statics: Vec<(String, Vec<u8>)>,
}

#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error(
        "{file}: the template has an error\n{report}\n  help: fix it in the theme's `templates/` folder, or delete the file to fall back to the built-in template"
    )]
    Template { file: String, report: String },
    #[error("{0}: the template is not UTF-8\n  help: re-save it as UTF-8")]
    NotUtf8(String),
}

fn all_files<'a>(dir: &'a Dir<'a>, out: &mut Vec<(String, &'a [u8])>) {
    for f in dir.files() {
        out.push((f.path().to_string_lossy().replace('\\', "/"), f.contents()));
    }
    for d in dir.dirs() {
        all_files(d, out);
    }
}

/// Loads the default theme with `overrides` (`(path inside the theme, bytes)`) on top.
pub fn load_theme(overrides: &[(String, Vec<u8>)]) -> Result<Theme, ThemeError> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut builtin = Vec::new();
    all_files(&DEFAULT, &mut builtin);
    for (path, bytes) in builtin {
        files.push((path, bytes.to_vec()));
    }
    for (path, bytes) in overrides {
        match files.iter_mut().find(|(p, _)| p == path) {
            Some(slot) => slot.1 = bytes.clone(),
            None => files.push((path.clone(), bytes.clone())),
        }
    }
    files.sort();
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml", ".svg"]);
    let mut templates = Vec::new();
    let mut statics = Vec::new();
    for (path, bytes) in files {
        if let Some(name) = path.strip_prefix("templates/") {
            let text = String::from_utf8(bytes).map_err(|_| ThemeError::NotUtf8(path.clone()))?;
            templates.push((name.to_string(), text));
        } else if let Some(name) = path.strip_prefix("static/") {
            statics.push((name.to_string(), bytes));
        }
    }
    tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(|e| template_error(&e, "templates"))?;
    Ok(Theme { tera, statics })
}

/// Turns a Tera error into a located message; the report Tera renders already shows `file:line:col`.
pub fn template_error(e: &tera::Error, fallback: &str) -> ThemeError {
    let (file, report) = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            (format!("templates/{}:{}:{}", r.filename(), r.span().start_line, r.span().start_col + 1), e.to_string())
        }
        _ => {
            let text = e.to_string();
            // Tera names the template of a circular include in its message: `… for template 'a.html'. …`
            let named =
                text.split("template '").nth(1).and_then(|r| r.split('\'').next()).map(|n| format!("templates/{n}"));
            (named.unwrap_or_else(|| fallback.to_string()), text)
        }
    };
    ThemeError::Template { file, report }
}
