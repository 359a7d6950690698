//! Human output: each finding as a miette diagnostic over its source file
//! (snippet, rule code, severity, help, docs link), then a summary line.

use std::fmt;
use std::sync::Arc;

use caregov_core::finding::{Finding, Severity, Summary, docs_url};
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, SourceCode,
    SourceSpan, SpanContents,
};

/// A file's text as miette source.
#[derive(Debug, Clone)]
struct Text(Arc<str>);

impl SourceCode for Text {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        self.0
            .as_ref()
            .read_span(span, context_lines_before, context_lines_after)
    }
}

/// One finding, ready for miette.
#[derive(Debug)]
struct Rendered<'a> {
    finding: &'a Finding,
    source: Option<miette::NamedSource<Text>>,
    span: Option<SourceSpan>,
    label: String,
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for Rendered<'_> {}

impl Diagnostic for Rendered<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.finding.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        if self.finding.help.is_empty() {
            None
        } else {
            Some(Box::new(&self.finding.help))
        }
    }

    fn url<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        caregov_core::rules::rule(&self.finding.rule)
            .map(|r| Box::new(docs_url(r.id)) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span?;
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some(self.label.clone()),
            span,
        ))))
    }
}

/// The span to underline: the located token, or the rest of its line.
fn span_for(text: &str, offset: usize, length: usize) -> SourceSpan {
    let offset = offset.min(text.len());
    let length = if length > 0 {
        length.min(text.len() - offset)
    } else {
        text[offset..].find('\n').unwrap_or(text.len() - offset)
    };
    SourceSpan::new(offset.into(), length)
}

fn label_for(f: &Finding) -> String {
    match &f.resource {
        Some(r) if !f.field.is_empty() => format!("{} {} {}", r.kind, r.name, f.field),
        Some(r) => format!("{} {}", r.kind, r.name),
        None => "here".to_owned(),
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The closing line, e.g. `3 errors, 2 warnings in 41 resources (12 files)`.
#[must_use]
pub fn summary_line(summary: &Summary) -> String {
    let mut parts = Vec::new();
    if summary.error > 0 || summary.warning > 0 || summary.info == 0 {
        parts.push(plural(summary.error, "error"));
        parts.push(plural(summary.warning, "warning"));
    }
    if summary.info > 0 {
        parts.push(plural(summary.info, "info"));
    }
    let head = if summary.error + summary.warning + summary.info == 0 {
        "no problems".to_owned()
    } else {
        parts.join(", ")
    };
    let mut line = format!(
        "{head} in {} ({})",
        plural(summary.resources, "resource"),
        plural(summary.files, "file")
    );
    if summary.suppressed > 0 {
        line.push_str(&format!(
            "; {} suppressed by exceptions",
            summary.suppressed
        ));
    }
    line
}

/// Render every finding and the summary line.
#[must_use]
pub fn render_human(
    findings: &[Finding],
    files: &[(String, Arc<str>)],
    summary: &Summary,
    color: bool,
    width: usize,
) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_context_lines(1)
        .with_links(color);
    let mut out = String::new();
    for f in findings {
        let file = f
            .location
            .as_ref()
            .and_then(|l| files.iter().find(|(p, _)| *p == l.file));
        let (source, span) = match (file, &f.location) {
            (Some((path, text)), Some(l)) if !text.is_empty() => (
                Some(
                    miette::NamedSource::new(path.clone(), Text(text.clone()))
                        .with_language("yaml"),
                ),
                Some(span_for(text, l.offset, l.length)),
            ),
            _ => (None, None),
        };
        let rendered = Rendered {
            finding: f,
            source,
            span,
            label: label_for(f),
        };
        if handler.render_report(&mut out, &rendered).is_err() {
            out.push_str(&format!("{} {}: {}\n", f.rule, f.severity, f.message));
        }
        if span.is_none()
            && let Some(l) = &f.location
        {
            out.push_str(&format!("  at {}:{}:{}\n", l.file, l.line, l.column));
        }
        out.push('\n');
    }
    out.push_str(&summary_line(summary));
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use caregov_core::finding::{Location, ResourceRef};

    fn finding(offset: usize, length: usize) -> Finding {
        Finding {
            rule: "CG701".into(),
            severity: Severity::Error,
            resource: Some(ResourceRef {
                kind: "ProcessingActivity".into(),
                name: "x".into(),
                namespace: "default".into(),
            }),
            field: "spec.serviceScopes".into(),
            message: "activity \"x\" names no service scope".into(),
            help: "list the service scopes it covers".into(),
            location: Some(Location {
                file: "a.yaml".into(),
                line: 3,
                column: 3,
                offset,
                length,
            }),
        }
    }

    #[test]
    fn diagnostic_shows_code_snippet_help_and_summary_without_colour() {
        let text: Arc<str> = Arc::from("kind: ProcessingActivity\nspec:\n  serviceScopes: []\n");
        let offset = text.find("serviceScopes").unwrap_or(0);
        let summary = Summary {
            error: 1,
            warning: 0,
            info: 0,
            resources: 1,
            files: 1,
            suppressed: 0,
        };
        let out = render_human(
            &[finding(offset, 13)],
            &[("a.yaml".into(), text)],
            &summary,
            false,
            100,
        );
        assert!(out.contains("CG701"), "{out}");
        assert!(out.contains("serviceScopes: []"), "{out}");
        assert!(out.contains("list the service scopes it covers"), "{out}");
        assert!(out.contains("a.yaml:3:3"), "{out}");
        assert!(
            out.ends_with("1 error, 0 warnings in 1 resource (1 file)\n"),
            "{out}"
        );
        assert!(!out.contains('\u{1b}'), "no escape codes without colour");
    }

    #[test]
    fn clean_run_says_no_problems() {
        let summary = Summary {
            resources: 41,
            files: 12,
            ..Summary::default()
        };
        assert_eq!(
            summary_line(&summary),
            "no problems in 41 resources (12 files)"
        );
        let s = Summary {
            error: 3,
            warning: 2,
            resources: 41,
            files: 12,
            ..Summary::default()
        };
        assert_eq!(
            summary_line(&s),
            "3 errors, 2 warnings in 41 resources (12 files)"
        );
    }
}
