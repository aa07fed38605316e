//! Finds the external commands that the project's tests, benchmarks and scripts start, so a test
//! can fail when one of them is not declared in `scripts/tools/*.txt` (and so would be missing on
//! a fresh machine, where `scripts/setup.sh` installs only what those lists declare).
//!
//! The scanners read source text, not syntax trees: shell scripts (and shell command strings
//! inside JavaScript), `execFileSync`/`spawn`-style calls in JavaScript and TypeScript,
//! `subprocess` calls in Python and `Command::new` in Rust. They err on the side of reporting.

pub mod circles;
mod shell;

use shell::command_name;
pub use shell::in_shell;

use std::collections::BTreeSet;
use std::path::Path;

/// One command a source file starts, with the line it is on (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Started {
    pub line: usize,
    pub command: String,
}

/// The commands named by string literals right after any of `calls` (`spawn(`, …).
fn named_after(text: &str, calls: &[&str]) -> Vec<Started> {
    calls
        .iter()
        .flat_map(|call| literals_after(text, call))
        .filter_map(|(line, literal)| {
            command_name(&literal).map(|n| Started {
                line,
                command: n.to_string(),
            })
        })
        .collect()
}

/// The commands JavaScript or TypeScript starts: `execFileSync('x', …)`, `spawn('x')`,
/// `execSync('x …')` and `command: '…'` (a shell line, as in Playwright's `webServer`), and the
/// browser named by `executablePath`.
pub fn in_javascript(text: &str) -> Vec<Started> {
    let calls = [
        "execFileSync(",
        "execFile(",
        "spawnSync(",
        "spawn(",
        "fork(",
    ];
    let mut found = named_after(text, &calls);
    for call in ["execSync(", "exec(", "command:"] {
        for (line, literal) in literals_after(text, call) {
            let shell = literal.replace("${", "$X{");
            found.extend(in_shell(&shell).into_iter().map(|s| Started {
                line: line + s.line - 1,
                command: s.command,
            }));
        }
    }
    for (line, literal) in literals_on_line_after(text, "executablePath") {
        if let Some(name) = command_name(&literal) {
            found.push(Started {
                line,
                command: name.to_string(),
            });
        }
    }
    found
}

/// The commands Python starts through `subprocess`.
pub fn in_python(text: &str) -> Vec<Started> {
    let calls = [
        "subprocess.run([",
        "subprocess.call([",
        "subprocess.check_call([",
        "subprocess.check_output([",
        "subprocess.Popen([",
    ];
    named_after(text, &calls)
}

/// The commands Rust starts with `Command::new("x")`.
pub fn in_rust(text: &str) -> Vec<Started> {
    named_after(text, &["Command::new("])
}

/// String literals ('…', "…" or `…`) that directly follow `marker` (after spaces), with the line
/// the marker is on. The marker must not continue an identifier (`exec(` is not `myexec(`).
fn literals_after(text: &str, marker: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices(marker) {
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let rest = text[at + marker.len()..].trim_start();
        if let Some(literal) = leading_literal(rest) {
            found.push((text[..at].matches('\n').count() + 1, literal));
        }
    }
    found
}

/// The first string literal on the same line after `marker`.
fn literals_on_line_after(text: &str, marker: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices(marker) {
        let rest = &text[at + marker.len()..];
        let rest = &rest[..rest.find('\n').unwrap_or(rest.len())];
        if let Some(start) = rest.find(['\'', '"', '`'])
            && let Some(literal) = leading_literal(&rest[start..])
        {
            found.push((text[..at].matches('\n').count() + 1, literal));
        }
    }
    found
}

fn leading_literal(s: &str) -> Option<String> {
    let quote = s.chars().next().filter(|c| matches!(c, '\'' | '"' | '`'))?;
    let body = &s[1..];
    let end = body.find(quote)?;
    Some(body[..end].to_string())
}

/// Every command `scripts/tools/*.txt` declares: installed by setup or present on the machine.
pub fn declared(tools: &Path) -> Result<BTreeSet<String>, String> {
    // (file, column where the command names start, whether the rest of the line is commands)
    let lists = [
        ("apt.txt", 2, true),
        ("npm.txt", 2, true),
        ("pypi.txt", 3, true),
        ("cargo.txt", 3, false),
        ("machine.txt", 0, false),
    ];
    let mut commands = BTreeSet::new();
    for (file, column, rest) in lists {
        let path = tools.join(file);
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        for line in text.lines().map(|l| l.split('#').next().unwrap_or("")) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            if fields.is_empty() {
                continue;
            }
            let names = if rest {
                fields.get(column..).unwrap_or(&[])
            } else {
                fields.get(column..=column).unwrap_or(&[])
            };
            if names.is_empty() {
                return Err(format!(
                    "{}: `{line}` names no command (write `-` for none)",
                    path.display()
                ));
            }
            commands.extend(names.iter().filter(|n| **n != "-").map(|n| n.to_string()));
        }
    }
    Ok(commands)
}

/// Packages a list in `scripts/tools` names (first column).
pub fn packages(list: &Path) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(list).map_err(|e| format!("{}: {e}", list.display()))?;
    Ok(text
        .lines()
        .filter_map(|l| {
            l.split('#')
                .next()?
                .split_whitespace()
                .next()
                .map(str::to_string)
        })
        .collect())
}

#[cfg(test)]
mod tests;
