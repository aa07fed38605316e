use super::*;

fn names(found: Vec<Started>) -> Vec<String> {
    found.into_iter().map(|s| s.command).collect()
}

#[test]
fn a_shell_script_starts_the_first_word_of_each_simple_command() {
    let script = "set -e\nlist+=(\"$a (x)\" b)\n\"$cmd\" --version\nX=1 cargo build && npm ci | tail -1; pdfinfo a.pdf\n";
    assert_eq!(names(in_shell(script)), ["cargo", "npm", "tail", "pdfinfo"]);
}

#[test]
fn comments_quotes_heredocs_and_redirections_start_nothing() {
    let script = r#"
# wrk is mentioned in a comment
echo "psql is only text" 'and so is pg_ctl' >/dev/null 2>&1
awk '/x/ {print $2}' Cargo.lock
cat > "$work/nginx.conf" <<NGINX
worker_processes 2;
events { worker_connections 1024; }
NGINX
echo $((SECONDS - started))
"#;
    assert_eq!(names(in_shell(script)), ["awk", "cat"]);
}

#[test]
fn substitutions_wrappers_and_absolute_paths_are_followed() {
    let script = r#"v="$(trunk --version 2>/dev/null || true)"
while read -r a; do :; done < <(entries apt.txt)
exec target/release/server
exec nginx -c x
npx playwright test
runuser -u postgres -- /usr/lib/postgresql/15/bin/initdb -D d
"#;
    assert_eq!(
        names(in_shell(script)),
        [
            "trunk",
            "entries",
            "nginx",
            "npx",
            "playwright",
            "runuser",
            "initdb"
        ]
    );
}

#[test]
fn functions_loops_and_existence_checks_are_not_commands() {
    let script = "log() { printf '%s' \"$*\"; }\nlog hi\nfor c in wrk nginx; do command -v \"$c\" >/dev/null; done\n";
    assert_eq!(names(in_shell(script)), Vec::<String>::new());
}

#[test]
fn javascript_calls_and_webserver_commands_are_found() {
    let js = "const x = execFileSync('pdftotext', ['-layout']);\nspawn(\"target/debug/qr\");\n\
              command: `rm -rf db && exec ${server} --addr x`,\n\
              executablePath: process.env.C ?? '/usr/bin/chromium',\nexecSync('psql -c 1');\n";
    assert_eq!(
        names(in_javascript(js)),
        ["pdftotext", "psql", "rm", "chromium"]
    );
    let found = in_javascript(js);
    assert_eq!(found[0].line, 1);
    assert_eq!(found.last().unwrap().line, 4);
}

#[test]
fn rust_and_python_literals_are_found_and_variables_skipped() {
    assert_eq!(
        names(in_rust("Command::new(\"pg_ctl\"); Command::new(bin);")),
        ["pg_ctl"]
    );
    assert_eq!(
        names(in_python("subprocess.run([\"maildev\", \"-s\"])")),
        ["maildev"]
    );
}
