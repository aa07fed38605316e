//! Finds the external commands that the project's tests, benchmarks and scripts start, so a test
//! can fail when one of them is not declared in `scripts/tools/*.txt` (and so would be missing on
//! a fresh machine, where `scripts/setup.sh` installs only what those lists declare).
//!
//! The scanners read source text, not syntax trees: shell scripts (and shell command strings
//! inside JavaScript), `execFileSync`/`spawn`-style calls in JavaScript and TypeScript,
//! `subprocess` calls in Python and `Command::new` in Rust. They err on the side of reporting.

pub mod circles;

use std::collections::BTreeSet;
use std::path::Path;

/// One command a source file starts, with the line it is on (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Started {
    pub line: usize,
    pub command: String,
}

/// Shell keywords: the command, if any, is the next word.
const KEYWORDS: &[&str] = &[
    "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "esac", "!", "{", "}",
    "time",
];
/// Shell builtins: never installed, never reported, and their arguments are not commands.
const BUILTINS: &[&str] = &[
    "cd", "echo", "printf", "read", "exit", "return", "trap", "kill", "wait", "true", "false",
    "test", "[", "[[", "]", "]]", "source", ".", "shift", "eval", "type", "unset", "declare",
    "local", "export", "set", "readonly", "let", "alias", "pwd", "umask", "shopt", "getopts",
    "break", "continue", "jobs", ":", "mapfile",
];
/// Commands that start the command named by their next word (which is reported too).
const WRAPPERS: &[&str] = &[
    "exec", "command", "xargs", "nohup", "env", "npx", "sudo", "runuser",
];

/// The commands a shell script (or a shell command line) starts.
pub fn in_shell(text: &str) -> Vec<Started> {
    let functions = shell_functions(text);
    let mut found = Vec::new();
    for simple in simple_commands(text) {
        let mut words = simple.iter().map(|(w, l)| (w.as_str(), *l)).peekable();
        // `for x in a b; do` and `case x in` hold no command until the next separator.
        if matches!(words.peek(), Some(("for" | "case" | "select", _))) {
            continue;
        }
        while let Some((w, line)) = words.next() {
            if is_assignment(w) || KEYWORDS.contains(&w) {
                continue;
            }
            if BUILTINS.contains(&w) || functions.contains(w) {
                break;
            }
            if w == "command" && matches!(words.peek(), Some(("-v" | "-V", _))) {
                break; // `command -v x` only asks whether x exists
            }
            let Some(name) = command_name(w) else { break };
            // `exec` and `command` are builtins: only what they start is a command
            if !matches!(w, "exec" | "command") {
                found.push(Started {
                    line,
                    command: name.to_string(),
                });
            }
            if !WRAPPERS.contains(&w) {
                break;
            }
            // The wrapped command is the next word that is not an option (or an option's value).
            while let Some((next, _)) = words.peek() {
                if next.starts_with('-') {
                    let takes_value = matches!(*next, "-u" | "-g");
                    words.next();
                    if takes_value {
                        words.next();
                    }
                } else {
                    break;
                }
            }
        }
    }
    found
}

/// The name a word starts as a command, or `None` for a variable or a path inside the project.
fn command_name(word: &str) -> Option<&str> {
    let word = word.trim_start_matches(['"', '\'']);
    if word.is_empty() || word.starts_with('$') || word.starts_with('-') {
        return None;
    }
    if let Some(absolute) = word.strip_prefix('/') {
        return absolute.rsplit('/').next();
    }
    if word.contains('/') {
        return None; // scripts/…, target/…, node_modules/.bin/…: built or installed by the project
    }
    Some(word)
}

fn is_assignment(word: &str) -> bool {
    match word.split_once('=') {
        Some((name, _)) => {
            let name = name.strip_suffix('+').unwrap_or(name);
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        }
        None => false,
    }
}

/// Names of the shell functions a script defines (`name() {`).
fn shell_functions(text: &str) -> BTreeSet<&str> {
    text.lines()
        .filter_map(|l| {
            let (name, _) = l.trim_start().split_once("()")?;
            let name = name.trim().trim_start_matches("function ").trim();
            (!name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_-".contains(c)))
            .then_some(name)
        })
        .collect()
}

#[derive(Clone, Copy, PartialEq)]
enum Ctx {
    Top,
    DoubleQuote,
    /// `$( … )` or `<( … )`
    Substitution,
    Paren,
}

/// Splits shell text into simple commands (lists of words with their line), dropping comments,
/// quoted text's meaning, heredoc bodies and redirection targets.
// The word macros reset flags that a following macro may set again.
#[allow(unused_assignments)]
fn simple_commands(text: &str) -> Vec<Vec<(String, usize)>> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<Vec<(String, usize)>> = vec![Vec::new()];
    let mut word = String::new();
    let mut line = 1;
    let mut stack = vec![Ctx::Top];
    let mut heredocs: Vec<String> = Vec::new();
    let mut skip_next_word = false;
    let mut i = 0;

    macro_rules! end_word {
        () => {
            if !word.is_empty() {
                if skip_next_word {
                    skip_next_word = false;
                } else {
                    out.last_mut()
                        .unwrap()
                        .push((std::mem::take(&mut word), line));
                }
                word.clear();
            }
        };
    }
    macro_rules! separate {
        () => {{
            end_word!();
            skip_next_word = false;
            if !out.last().unwrap().is_empty() {
                out.push(Vec::new());
            }
        }};
    }

    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let ctx = *stack.last().unwrap();
        if ctx == Ctx::DoubleQuote {
            match c {
                '"' => {
                    stack.pop();
                }
                '\\' => {
                    word.extend(next);
                    i += 1;
                }
                '$' if next == Some('(') && chars.get(i + 2) != Some(&'(') => {
                    stack.push(Ctx::Substitution);
                    separate!();
                    i += 1;
                }
                '\n' => {
                    line += 1;
                    word.push(c);
                }
                _ => word.push(c),
            }
            i += 1;
            continue;
        }
        match c {
            '\'' => {
                while i + 1 < chars.len() && chars[i + 1] != '\'' {
                    i += 1;
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    word.push(chars[i]);
                }
                i += 1;
                word.push('\'');
            }
            '"' => {
                word.push('"');
                stack.push(Ctx::DoubleQuote);
            }
            '\\' if next == Some('\n') => {
                line += 1;
                i += 1;
            }
            '\\' => {
                word.extend(next);
                i += 1;
            }
            '#' if word.is_empty() => {
                while i + 1 < chars.len() && chars[i + 1] != '\n' {
                    i += 1;
                }
            }
            '$' if next == Some('(') && chars.get(i + 2) == Some(&'(') => {
                // arithmetic: skip to the matching `))`
                let mut depth = 0;
                while i < chars.len() {
                    match chars[i] {
                        '(' => depth += 1,
                        ')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                word.push_str("$(())");
            }
            '$' if next == Some('(') => {
                separate!();
                stack.push(Ctx::Substitution);
                i += 1;
            }
            '$' if next == Some('{') => {
                while i < chars.len() && chars[i] != '}' {
                    word.push(chars[i]);
                    i += 1;
                }
                word.push('}');
            }
            '<' if next == Some('(') => {
                separate!();
                stack.push(Ctx::Substitution);
                i += 1;
            }
            '<' if next == Some('<') && chars.get(i + 2) != Some(&'<') => {
                end_word!();
                i += 2;
                while matches!(chars.get(i), Some('-' | ' ')) {
                    i += 1;
                }
                let mut name = String::new();
                while let Some(&ch) = chars.get(i) {
                    if ch.is_ascii_alphanumeric() || ch == '_' {
                        name.push(ch);
                    } else if !matches!(ch, '\'' | '"') {
                        break;
                    }
                    i += 1;
                }
                heredocs.push(name);
                continue;
            }
            '<' | '>' => {
                if word.chars().all(|d| d.is_ascii_digit()) {
                    word.clear(); // `2>`: the descriptor is not a word
                }
                end_word!();
                while matches!(chars.get(i + 1), Some('>' | '&' | '<')) {
                    i += 1;
                }
                skip_next_word = true;
                // a target right after `>&` (`2>&1`) or after spaces is the next word
                while chars.get(i + 1) == Some(&' ') {
                    i += 1;
                }
            }
            '(' if word.ends_with('=') => {
                // an array assignment: `list+=("$x (y)")`
                let mut quote = None;
                while i < chars.len() && (quote.is_some() || chars[i] != ')') {
                    match (quote, chars[i]) {
                        (None, q @ ('"' | '\'')) => quote = Some(q),
                        (Some(q), ch) if ch == q => quote = None,
                        _ => {}
                    }
                    word.push(chars[i]);
                    i += 1;
                }
                word.push(')');
            }
            '(' => {
                separate!();
                stack.push(Ctx::Paren);
            }
            ')' => {
                separate!();
                if stack.len() > 1 {
                    let closed = stack.pop();
                    if closed == Some(Ctx::Substitution) && stack.last() == Some(&Ctx::DoubleQuote)
                    {
                        word.push_str("$()");
                    }
                }
            }
            ';' | '&' | '|' => separate!(),
            '\n' => {
                separate!();
                line += 1;
                for name in std::mem::take(&mut heredocs) {
                    while i + 1 < chars.len() {
                        let start = i + 1;
                        let end = chars[start..]
                            .iter()
                            .position(|&ch| ch == '\n')
                            .map_or(chars.len(), |p| start + p);
                        let body_line: String = chars[start..end].iter().collect();
                        i = end;
                        line += 1;
                        if body_line.trim() == name {
                            break;
                        }
                    }
                }
            }
            ' ' | '\t' => end_word!(),
            _ => word.push(c),
        }
        i += 1;
    }
    end_word!();
    out.retain(|c| !c.is_empty());
    out
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
