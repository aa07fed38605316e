//! Reading Rust source text: comments and literals blanked, `mod` declarations and inline
//! modules found, and the paths a module's code names (with `use` trees expanded).

/// `mod name;` declarations with their `#[path = "…"]`, if any.
pub(super) fn file_module_declarations(raw: &str) -> Vec<(String, Option<String>)> {
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

pub(super) fn is_ident(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !s.starts_with(|c: char| c.is_ascii_digit())
}

/// The code with comments, string and character literals replaced by spaces (line breaks kept).
pub(super) fn blank(raw: &str) -> String {
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
pub(super) fn take_inline_modules(code: &str) -> (String, Vec<(String, String)>) {
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
pub(super) fn named_paths(code: &str) -> Vec<Vec<String>> {
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
pub(super) fn expand(tree: &str, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
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

pub(super) fn push_segments(head: &str, prefix: &mut Vec<String>) -> usize {
    let mut n = 0;
    for s in head.split("::").filter(|s| !s.is_empty() && *s != "*") {
        prefix.push(s.to_string());
        n += 1;
    }
    n
}

/// Splits at the commas that are not inside braces.
pub(super) fn split_top(s: &str) -> Vec<&str> {
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
