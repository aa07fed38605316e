//! Every external command a test, benchmark or script starts must be declared in
//! `scripts/tools/*.txt`, so that `scripts/setup.sh` installs it on a fresh machine. This runs in
//! the fast host layer, so a missing install step fails on the developer's machine (where the
//! tool may happen to be installed by hand) instead of on a new one.

use std::path::{Path, PathBuf};

use omiyage_toolcheck::{Started, declared, in_javascript, in_python, in_rust, in_shell, packages};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// Source files of the project (not dependencies, build output or test artifacts).
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    const SKIP: &[&str] = &[
        "target",
        "node_modules",
        ".git",
        "dist",
        "dist-mock",
        "dist-console",
        "artifacts",
        "data",
        ".tools",
        "public",
    ];
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if path.is_dir() {
            if !SKIP.contains(&name.as_str()) {
                sources(&path, out);
            }
        } else {
            out.push(path);
        }
    }
}

fn started_by(path: &Path) -> Vec<Started> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    match ext {
        "sh" => in_shell(&text),
        "ts" | "mjs" | "js" | "cjs" => in_javascript(&text),
        "py" => in_python(&text),
        "rs" => in_rust(&text),
        _ if text.starts_with("#!/usr/bin/env bash") || text.starts_with("#!/bin/sh") => {
            in_shell(&text)
        }
        _ => Vec::new(),
    }
}

#[test]
fn every_command_the_tests_and_scripts_start_is_declared_in_scripts_tools() {
    let root = root();
    let declared = declared(&root.join("scripts/tools")).unwrap();
    let mut files = Vec::new();
    sources(&root, &mut files);
    let mut scanned = 0;
    let mut undeclared = Vec::new();
    for file in files
        .iter()
        .filter(|f| !f.starts_with(root.join("crates/toolcheck")))
    {
        let found = started_by(file);
        scanned += usize::from(!found.is_empty());
        for s in found {
            if !declared.contains(&s.command) {
                let shown = file.strip_prefix(&root).unwrap().display();
                undeclared.push(format!("{shown}:{}: `{}`", s.line, s.command));
            }
        }
    }
    assert!(
        scanned >= 5,
        "the scan found commands in only {scanned} files: is it reading the sources?"
    );
    assert!(
        undeclared.is_empty(),
        "these commands are started but not declared in scripts/tools/*.txt, so a fresh machine \
         would lack them; add each to the list of the package manager that provides it:\n  {}",
        undeclared.join("\n  ")
    );
}

#[test]
fn the_known_test_tools_are_found_by_the_scan() {
    // The scan must see the PDF checks and the browser of the end-to-end tests; if it stops
    // seeing them, the test above proves nothing.
    let root = root();
    let mut files = Vec::new();
    sources(&root, &mut files);
    let all: Vec<String> = files
        .iter()
        .flat_map(|f| started_by(f))
        .map(|s| s.command)
        .collect();
    for expected in [
        "pdfinfo",
        "pdftotext",
        "chromium",
        "cargo",
        "npx",
        "trunk",
        "wrk",
    ] {
        assert!(
            all.iter().any(|c| c == expected),
            "the scan no longer finds `{expected}`"
        );
    }
}

#[test]
fn the_npm_list_names_exactly_the_packages_of_package_json() {
    let root = root();
    let package_json = std::fs::read_to_string(root.join("package.json")).unwrap();
    let listed = packages(&root.join("scripts/tools/npm.txt")).unwrap();
    for p in &listed {
        assert!(
            package_json.contains(&format!("\"{p}\"")),
            "scripts/tools/npm.txt names {p}, which package.json lacks"
        );
    }
    let deps = package_json.split("\"devDependencies\"").nth(1).unwrap();
    let deps = &deps[..deps.find('}').unwrap()];
    for line in deps.lines().filter(|l| l.trim_start().starts_with('"')) {
        let name = line
            .trim()
            .trim_start_matches('"')
            .split('"')
            .next()
            .unwrap();
        assert!(
            listed.iter().any(|p| p == name),
            "package.json has {name}, which scripts/tools/npm.txt does not list"
        );
    }
}
