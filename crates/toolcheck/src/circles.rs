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

use graph::{cycle_through, strongly_connected};
use source::{blank, file_module_declarations, named_paths, take_inline_modules};

mod graph;
mod source;

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
