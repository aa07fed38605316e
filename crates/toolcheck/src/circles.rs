//! Import circles between a crate's modules. The module tree is read as the compiler builds it
//! (from the crate root, following `mod` declarations, `#[path]` attributes and inline
//! modules); a module depends on another when it names it in a path (`use crate::a::b`,
//! `super::c::f()`, `self::d`). Dependencies are counted between siblings: when anything
//! inside `a` names anything inside its sibling `b`, `a` depends on `b`. A module naming one of
//! its ancestors or descendants is not counted (a parent holds its children, and a child uses
//! what its parent holds). A circle is siblings depending on one another in a ring. Source text
//! is read, not parsed: comments and literals are blanked first. Test modules
//! (`#[cfg(test)]`) are left out: they are no part of the layers they test.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module: its path from the crate root (`["storage", "sql"]`), the file it is in, and its
/// own code (comments, literals and inline child modules taken out).
#[derive(Debug)]
struct Module {
    path: Vec<String>,
    code: String,
}

/// Every module of the crate whose root file is `root` (a `lib.rs` or `main.rs`).
fn modules(root: &Path) -> Vec<Module> {
    let mut out = Vec::new();
    let Ok(raw) = std::fs::read_to_string(root) else {
        return out;
    };
    let dir = root.parent().unwrap_or(Path::new(".")).to_path_buf();
    read_module(Vec::new(), &raw, &dir, true, &mut out);
    out
}

/// Reads the module at `path` from its raw text; `dir` is where its `mod x;` files are
/// (`owns_dir`: a `mod.rs`, `lib.rs` or `main.rs`, whose children sit next to it).
fn read_module(path: Vec<String>, raw: &str, dir: &Path, owns_dir: bool, out: &mut Vec<Module>) {
    let children_dir = if owns_dir {
        dir.to_path_buf()
    } else {
        dir.join(path.last().map_or("", String::as_str))
    };
    // Declarations of file modules, read from the raw text (their `#[path]` is a literal).
    for (name, explicit) in file_module_declarations(raw) {
        let (file, owns) = match explicit {
            Some(p) => {
                let file = dir.join(p);
                let owns = file.file_name().is_some_and(|f| f == "mod.rs");
                (file, owns)
            }
            None => {
                let flat = children_dir.join(format!("{name}.rs"));
                if flat.exists() {
                    (flat, false)
                } else {
                    (children_dir.join(&name).join("mod.rs"), true)
                }
            }
        };
        if let Ok(text) = std::fs::read_to_string(&file) {
            let mut child = path.clone();
            child.push(name);
            let child_dir = file.parent().unwrap_or(Path::new(".")).to_path_buf();
            read_module(child, &text, &child_dir, owns, out);
        }
    }
    let code = blank(raw);
    let (code, inline) = take_inline_modules(&code);
    for (name, body) in inline {
        let mut child = path.clone();
        child.push(name);
        // An inline module's code is already blanked; its own inline modules come out the same.
        let (body, nested) = take_inline_modules(&body);
        push_inline(child.clone(), body, nested, out);
    }
    out.push(Module { path, code });
}

fn push_inline(
    path: Vec<String>,
    code: String,
    nested: Vec<(String, String)>,
    out: &mut Vec<Module>,
) {
    for (name, body) in nested {
        let mut child = path.clone();
        child.push(name);
        let (body, deeper) = take_inline_modules(&body);
        push_inline(child, body, deeper, out);
    }
    out.push(Module { path, code });
}

/// `mod name;` declarations with their `#[path = "…"]`, if any.
fn file_module_declarations(raw: &str) -> Vec<(String, Option<String>)> {
    let mut found = Vec::new();
    let mut explicit: Option<String> = None;
    let mut test_only = false;
    for line in raw.lines() {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("#[path = \"") {
            explicit = rest.split('"').next().map(String::from);
            continue;
        }
        if t == "#[cfg(test)]" {
            test_only = true;
            continue;
        }
        let decl = t
            .strip_prefix("pub(crate) ")
            .or_else(|| t.strip_prefix("pub(super) "))
            .or_else(|| t.strip_prefix("pub "))
            .unwrap_or(t);
        if let Some(name) = decl.strip_prefix("mod ").and_then(|r| r.strip_suffix(';')) {
            let name = name.trim();
            // Tests are no part of the layers they test.
            if is_ident(name) && !test_only {
                found.push((name.to_string(), explicit.take()));
            }
            test_only = false;
            explicit = None;
            continue;
        }
        if !t.starts_with("#[") {
            explicit = None;
            test_only = false;
        }
    }
    found
}

fn is_ident(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !s.starts_with(|c: char| c.is_ascii_digit())
}

/// The code with comments, string and character literals replaced by spaces (line breaks kept).
fn blank(raw: &str) -> String {
    let chars: Vec<char> = raw.chars().collect();
    let mut out = String::with_capacity(raw.len());
    let mut i = 0;
    let keep = |c: char| if c == '\n' { '\n' } else { ' ' };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(keep(chars[i]));
                    i += 1;
                }
            }
        } else if c == 'r'
            && (next == Some('#') || next == Some('"'))
            && !chars
                .get(i.wrapping_sub(1))
                .is_some_and(|p| p.is_alphanumeric() || *p == '_')
        {
            // A raw string: r"…", r#"…"#, …
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                match chars.get(j) {
                    None => break,
                    Some('"') if (1..=hashes).all(|k| chars.get(j + k) == Some(&'#')) => {
                        j += 1 + hashes;
                        break;
                    }
                    Some(_) => j += 1,
                }
            }
            for &k in &chars[i..j.min(chars.len())] {
                out.push(keep(k));
            }
            i = j;
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < chars.len() {
                    out.push(keep(chars[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\''
            && (chars.get(i + 2) == Some(&'\'')
                || (next == Some('\\') && chars[i + 1..].iter().take(12).any(|&x| x == '\'')))
        {
            // A character literal ('a', '\n', '\u{1F600}'); a lifetime has no closing quote.
            let mut j = i + 1;
            if chars.get(j) == Some(&'\\') {
                j += 2;
            } else {
                j += 1;
            }
            while j < chars.len() && chars[j] != '\'' {
                j += 1;
            }
            for _ in i..=j.min(chars.len() - 1) {
                out.push(' ');
            }
            i = j + 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Takes `mod name { … }` blocks out of (blanked) code: the code without them, and each
/// block's name and body.
fn take_inline_modules(code: &str) -> (String, Vec<(String, String)>) {
    let mut rest = String::with_capacity(code.len());
    let mut found = Vec::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    let mut last = 0;
    while let Some(at) = code[i..].find("mod ") {
        let start = i + at;
        i = start + 4;
        if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
            continue;
        }
        let after = &code[i..];
        let name_len = after
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let name = &after[..name_len];
        let tail = after[name_len..].trim_start();
        if !is_ident(name) || !tail.starts_with('{') {
            continue;
        }
        let open = i + name_len + (after[name_len..].len() - tail.len());
        let mut depth = 0;
        let mut close = None;
        for (k, b) in code[open..].bytes().enumerate() {
            match b {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some(open + k);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(close) = close else { break };
        rest.push_str(&code[last..start]);
        // Tests are no part of the layers they test: a `#[cfg(test)]` module is left out.
        if !code[..start].trim_end().ends_with("#[cfg(test)]") {
            found.push((name.to_string(), code[open + 1..close].to_string()));
        }
        last = close + 1;
        i = close + 1;
    }
    rest.push_str(&code[last..]);
    (rest, found)
}

/// The paths a module's code names, each as written (`["super", "gifts", "insert"]`).
fn named_paths(code: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    // `use` trees, expanded.
    let mut search = 0;
    while let Some(at) = code[search..].find("use ") {
        let start = search + at;
        search = start + 4;
        let before = code[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let Some(end) = code[search..].find(';') else {
            break;
        };
        // Whitespace out, `a as b` kept as `a@b`.
        let words: Vec<&str> = code[search..search + end].split_whitespace().collect();
        let tree: String = words.join(" ").replace(" as ", "@").replace(' ', "");
        expand(&tree, &mut Vec::new(), &mut paths);
        search += end + 1;
    }
    // Paths in the code: crate::…, super::…, self::….
    let chars: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let at_word = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        if at_word && chars[i].is_alphabetic() {
            let mut j = i;
            let mut segments = Vec::new();
            loop {
                let s = j;
                while j < chars.len() && (chars[j].is_alphanumeric() || chars[j] == '_') {
                    j += 1;
                }
                segments.push(chars[s..j].iter().collect::<String>());
                if chars.get(j) == Some(&':') && chars.get(j + 1) == Some(&':') {
                    j += 2;
                    if !chars.get(j).is_some_and(|c| c.is_alphabetic() || *c == '_') {
                        break;
                    }
                } else {
                    break;
                }
            }
            if segments.len() > 1 && matches!(segments[0].as_str(), "crate" | "super" | "self") {
                paths.push(segments);
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    paths
}

/// Expands a `use` tree (whitespace removed) under `prefix` into whole paths.
fn expand(tree: &str, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    let tree = tree.strip_prefix("::").unwrap_or(tree);
    match tree.find(['{']) {
        Some(open) if tree.ends_with('}') => {
            let head = &tree[..open];
            let pushed = push_segments(head, prefix);
            let inner = &tree[open + 1..tree.len() - 1];
            for item in split_top(inner) {
                expand(item, prefix, out);
            }
            prefix.truncate(prefix.len() - pushed);
        }
        _ => {
            let item = tree.split('@').next().unwrap_or(tree);
            let pushed = push_segments(item, prefix);
            if !prefix.is_empty() {
                out.push(prefix.clone());
            }
            prefix.truncate(prefix.len() - pushed);
        }
    }
}

fn push_segments(head: &str, prefix: &mut Vec<String>) -> usize {
    let mut n = 0;
    for s in head.split("::").filter(|s| !s.is_empty() && *s != "*") {
        prefix.push(s.to_string());
        n += 1;
    }
    n
}

/// Splits at the commas that are not inside braces.
fn split_top(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut last) = (0, 0);
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&s[last..i]);
                last = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&s[last..]);
    parts.into_iter().filter(|p| !p.is_empty()).collect()
}

/// The module a path names, from module `from`: the longest known module it starts with.
fn resolve(from: &[String], path: &[String], known: &BTreeSet<Vec<String>>) -> Option<Vec<String>> {
    let mut base: Vec<String> = match path.first()?.as_str() {
        "crate" => Vec::new(),
        "self" => from.to_vec(),
        "super" => {
            let mut b = from.to_vec();
            b.pop();
            b
        }
        _ => return None,
    };
    let mut rest = &path[1..];
    while rest.first().is_some_and(|s| s == "super") {
        base.pop();
        rest = &rest[1..];
    }
    let mut best = base.clone();
    for segment in rest {
        base.push(segment.clone());
        if known.contains(&base) {
            best = base.clone();
        } else {
            break;
        }
    }
    Some(best)
}

/// The circles among the modules of the crate rooted at `root`, each as the modules on it
/// (`a::b`), in the order they depend on one another.
pub fn circles(root: &Path) -> Vec<Vec<String>> {
    circles_and_members(root)
        .into_iter()
        .map(|(c, _)| c)
        .collect()
}

/// Each circle with every module caught in it (its strongly connected component).
pub fn circles_and_members(root: &Path) -> Vec<(Vec<String>, Vec<String>)> {
    let modules = modules(root);
    let known: BTreeSet<Vec<String>> = modules.iter().map(|m| m.path.clone()).collect();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for m in &modules {
        for path in named_paths(&m.code) {
            let Some(to) = resolve(&m.path, &path, &known) else {
                continue;
            };
            // Between the two children of their nearest common ancestor: a module depends
            // on a sibling when anything inside it names anything inside the sibling.
            let common = m.path.iter().zip(&to).take_while(|(a, b)| a == b).count();
            if common < m.path.len() && common < to.len() {
                let (from, to) = (m.path[..=common].to_vec(), to[..=common].to_vec());
                edges.entry(from).or_default().insert(to);
            }
        }
    }
    let mut found = Vec::new();
    for component in strongly_connected(&edges) {
        if component.len() > 1 {
            let circle = cycle_through(&component, &edges)
                .iter()
                .map(|p| p.join("::"))
                .collect();
            let mut members: Vec<String> = component.iter().map(|p| p.join("::")).collect();
            members.sort();
            found.push((circle, members));
        }
    }
    found
}

type Graph = BTreeMap<Vec<String>, BTreeSet<Vec<String>>>;

/// Tarjan's strongly connected components.
fn strongly_connected(g: &Graph) -> Vec<Vec<Vec<String>>> {
    struct State<'g> {
        g: &'g Graph,
        index: BTreeMap<&'g Vec<String>, usize>,
        low: BTreeMap<&'g Vec<String>, usize>,
        stack: Vec<&'g Vec<String>>,
        on: BTreeSet<&'g Vec<String>>,
        out: Vec<Vec<Vec<String>>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g Vec<String>) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on.insert(v);
        for w in s.g.get(v).into_iter().flatten() {
            let Some((w, _)) = s.g.get_key_value(w) else {
                continue;
            };
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on.remove(w);
                component.push(w.clone());
                if w == v {
                    break;
                }
            }
            s.out.push(component);
        }
    }
    let mut s = State {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in g.keys() {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.out
}

/// One circle through the first module of a strongly connected component, back to it.
fn cycle_through(component: &[Vec<String>], g: &Graph) -> Vec<Vec<String>> {
    let inside: BTreeSet<&Vec<String>> = component.iter().collect();
    let start = component.iter().min().unwrap();
    // Breadth-first from the start's successors back to the start.
    let mut previous: BTreeMap<&Vec<String>, &Vec<String>> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for w in g.get(v).into_iter().flatten() {
            if !inside.contains(w) || previous.contains_key(w) {
                continue;
            }
            previous.insert(w, v);
            if w == start {
                let mut path = vec![start.clone()];
                let mut at = v;
                while at != start {
                    path.push(at.clone());
                    at = previous[at];
                }
                path.push(start.clone());
                path.reverse();
                return path;
            }
            queue.push_back(w);
        }
    }
    component.to_vec()
}

/// The crate roots (`src/lib.rs`, `src/main.rs`) under the crate folders given.
pub fn crate_roots(crates: &[PathBuf]) -> Vec<PathBuf> {
    let mut roots = Vec::new();
    for dir in crates {
        for file in ["src/lib.rs", "src/main.rs"] {
            let root = dir.join(file);
            if root.exists() {
                roots.push(root);
            }
        }
    }
    roots
}

#[cfg(test)]
mod tests;
