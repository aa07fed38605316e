//! The commands a shell script (or a shell command string) starts.

use std::collections::BTreeSet;

use crate::Started;

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
pub(crate) fn command_name(word: &str) -> Option<&str> {
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
