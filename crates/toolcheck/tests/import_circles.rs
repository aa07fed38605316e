//! No import circle in any crate of the project (`omiyage_toolcheck::circles`): siblings never
//! name one another in a ring, so each folder reads as layers.

use std::path::{Path, PathBuf};

use omiyage_toolcheck::circles::{circles_and_members, crate_roots};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

#[test]
fn no_crate_has_an_import_circle() {
    let root = root();
    let mut crates = Vec::new();
    for folder in ["apps", "crates"] {
        for entry in std::fs::read_dir(root.join(folder)).unwrap() {
            crates.push(entry.unwrap().path());
        }
    }
    crates.sort();
    let roots = crate_roots(&crates);
    assert!(roots.len() >= 10, "{roots:?}");
    let mut found = Vec::new();
    for crate_root in &roots {
        for (circle, members) in circles_and_members(crate_root) {
            let name = crate_root
                .strip_prefix(&root)
                .unwrap()
                .display()
                .to_string();
            found.push(format!(
                "{name}: {} (caught in it: {})",
                circle.join(" → "),
                members.join(", ")
            ));
        }
    }
    assert!(found.is_empty(), "import circles:\n{}", found.join("\n"));
}
