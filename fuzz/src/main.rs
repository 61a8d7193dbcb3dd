//! A mutation fuzzer for the `conform` binary, on the stable toolchain.
//!
//! ```sh
//! cargo build --release
//! cargo run --release --manifest-path fuzz/Cargo.toml -- TARGET --minutes N
//! ```
//!
//! Each target (see `targets.rs`; `list` prints them) writes an input and its support files
//! into a scratch folder and runs the release binary there, with a time limit. Inputs are
//! seeds from `fixtures/`, `standards/` and `../shared/corpora/` mutated byte-wise and with a
//! dictionary of hostile tokens (escape sequences, workflow commands, bidi controls, deep
//! brackets, `$ref`s, entities); an input whose outcome (exit code and first line of
//! standard error) is new joins the corpus. A failure is written to
//! `fuzz/regressions/<target>/`, which `cargo test` replays (`tests/fuzz_regressions.rs`).

mod targets;

use std::collections::HashSet;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use targets::{TARGETS, Target, judge, target, time_limit};

/// Tokens spliced into inputs.
const DICTIONARY: &[&str] = &[
    "\u{1b}[2J",
    "\u{1b}]0;pwned\u{7}",
    "\u{1b}]8;;http://x\u{1b}\\",
    "\r::error::x",
    "\n::set-output name=a::b",
    "\u{202e}",
    "\u{2028}",
    "\u{85}",
    "\u{feff}",
    "\u{fffe}",
    "\\u001b",
    "&#x1b;",
    "&#xD800;",
    "[x](http://a)",
    "a\\|b",
    "<![CDATA[",
    "<!ENTITY a \"&a;&a;\">",
    "xmlns:p=\"\"",
    "$ref",
    "\"#/$defs/a\"",
    "*",
    "**/",
    "[[[[[[[[",
    "{\"a\":{\"a\":",
    "- - - - ",
    "&a *a",
    "\"\"\"",
    ",,,,,,,,",
    "\u{0}",
    "\t",
    "99999999999999999999",
    "-1e400",
];

/// A xorshift generator: fuzzing needs speed, not cryptographic quality.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { usize::try_from(self.next() % n as u64).unwrap_or(0) }
    }
}

fn mutate(rng: &mut Rng, input: &mut Vec<u8>, corpus: &[Vec<u8>]) {
    for _ in 0..=rng.below(4) {
        let len = input.len();
        let at = rng.below(len + 1);
        match rng.below(9) {
            0 if len > 0 => input[at.min(len - 1)] ^= 1 << rng.below(8),
            1 if len > 0 => input[at.min(len - 1)] = rng.next().to_le_bytes()[0],
            2 => {
                let token = DICTIONARY[rng.below(DICTIONARY.len())].as_bytes();
                input.splice(at..at, token.iter().copied());
            }
            3 if len > 0 => {
                let end = (at + 1 + rng.below(64)).min(len);
                input.drain(at.min(end)..end);
            }
            4 if len > 0 => {
                // Repeat a slice many times: sizes, widths and depths that scale.
                let end = (at + 1 + rng.below(32)).min(len);
                let piece = input[at.min(end)..end].to_vec();
                let times = 1 << rng.below(12);
                let mut grown = Vec::with_capacity(piece.len() * times);
                for _ in 0..times {
                    grown.extend_from_slice(&piece);
                }
                input.splice(end..end, grown);
            }
            5 if !corpus.is_empty() => {
                let other = &corpus[rng.below(corpus.len())];
                let from = rng.below(other.len());
                let to = (from + rng.below(256)).min(other.len());
                input.splice(at..at, other[from..to].iter().copied());
            }
            6 => input.splice(at..at, std::iter::repeat_n(b"[{<\"'"[rng.below(5)], 1 + rng.below(300))).for_each(drop),
            7 => input.insert(at, u8::try_from(rng.below(0x20)).unwrap_or(0)),
            _ => {
                let token = DICTIONARY[rng.below(DICTIONARY.len())].as_bytes();
                input.extend_from_slice(token);
            }
        }
    }
    input.truncate(8 << 20);
}

/// Seed files of `target` under the repository `root`.
fn seeds(target: &Target, root: &Path) -> Vec<Vec<u8>> {
    let mut files = Vec::new();
    let mut stack: Vec<PathBuf> = target.seeds.iter().map(|s| root.join(s)).collect();
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&path) {
                stack.extend(entries.flatten().map(|e| e.path()));
            }
        } else if let Some(name) = path.file_name().and_then(|n| n.to_str())
            && target.exts.iter().any(|e| name.ends_with(e))
            && let Ok(bytes) = std::fs::read(&path)
            && bytes.len() <= 1 << 20
        {
            files.push(bytes);
        }
    }
    if files.is_empty() {
        files.push(Vec::new());
    }
    files
}

/// Runs `input` through `target` in `dir`: exit code, time, standard output and error.
fn run(conform: &Path, target: &Target, dir: &Path, input: &[u8]) -> (Option<i32>, Duration, Vec<u8>, Vec<u8>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let _ = if entry.path().is_dir() {
            std::fs::remove_dir_all(entry.path())
        } else {
            std::fs::remove_file(entry.path())
        };
    }
    for (name, content) in target.support {
        std::fs::write(dir.join(name), content).expect("write a support file");
    }
    std::fs::write(dir.join(target.input), input).expect("write the input");
    let started = Instant::now();
    let mut child = Command::new(conform)
        .args(target.args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start conform");
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out_reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = out.read_to_end(&mut bytes);
        bytes
    });
    let err_reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = err.read_to_end(&mut bytes);
        bytes
    });
    let limit = time_limit(input.len()) + Duration::from_secs(2);
    let status = loop {
        if let Ok(Some(status)) = child.try_wait() {
            break Some(status);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let elapsed = started.elapsed();
    let stdout = out_reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    let code = status.and_then(|s| s.code());
    (code, elapsed, stdout, stderr)
}

fn fuzz(target: &Target, root: &Path, conform: &Path, duration: Duration, seed: u64) -> usize {
    let dir = std::env::temp_dir().join(format!("conform-fuzz-{}-{}", target.name, std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch folder");
    let mut corpus = seeds(target, root);
    let seeded = corpus.len();
    let mut outcomes: HashSet<(Option<i32>, String)> = HashSet::new();
    let mut rng = Rng(seed | 1);
    let (mut execs, mut failures) = (0usize, 0usize);
    let started = Instant::now();
    while started.elapsed() < duration {
        let mut input = corpus[rng.below(corpus.len())].clone();
        if execs >= seeded {
            mutate(&mut rng, &mut input, &corpus);
        }
        let (code, elapsed, stdout, stderr) = run(conform, target, &dir, &input);
        execs += 1;
        if let Err(broken) = judge(target, code, elapsed, input.len(), &stdout, &stderr) {
            failures += 1;
            let folder = root.join("fuzz/regressions").join(target.name);
            std::fs::create_dir_all(&folder).expect("regressions folder");
            let name = format!("{:016x}-{}", hash(&input), target.input.trim_start_matches('.'));
            std::fs::write(folder.join(&name), &input).expect("write the regression");
            eprintln!("[{}] FAILURE {name}: {broken}", target.name);
            continue;
        }
        let first = String::from_utf8_lossy(&stderr).lines().next().unwrap_or("").chars().take(40).collect();
        if outcomes.insert((code, first)) && input.len() <= 1 << 20 {
            corpus.push(input);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    println!(
        "{}: {execs} executions in {:.0?}, corpus {} ({seeded} seeds), {failures} failures",
        target.name,
        started.elapsed(),
        corpus.len()
    );
    failures
}

fn hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1));
    let seconds = value("--seconds").and_then(|s| s.parse::<u64>().ok()).unwrap_or(0)
        + 60 * value("--minutes").and_then(|s| s.parse::<u64>().ok()).unwrap_or(0);
    let conform = value("--conform").map_or_else(|| root.join("target/release/conform"), PathBuf::from);
    let seed = value("--seed").and_then(|s| s.parse().ok()).unwrap_or(0x5eed_cafe);
    let Some(name) = args.first() else {
        eprintln!("usage: conform-fuzz TARGET|all|list [--minutes N | --seconds N] [--conform PATH] [--seed N]");
        return std::process::ExitCode::from(2);
    };
    if name == "list" {
        for t in TARGETS {
            println!("{}", t.name);
        }
        return std::process::ExitCode::SUCCESS;
    }
    let chosen: Vec<&Target> =
        if name == "all" { TARGETS.iter().collect() } else { target(name).into_iter().collect() };
    if chosen.is_empty() {
        eprintln!("no target `{name}` (try `list`)");
        return std::process::ExitCode::from(2);
    }
    if !conform.exists() {
        eprintln!("{} does not exist: run `cargo build --release` first, or pass --conform", conform.display());
        return std::process::ExitCode::from(2);
    }
    let duration = Duration::from_secs(seconds.max(1));
    let failures: usize = chosen.iter().map(|t| fuzz(t, &root, &conform, duration, seed)).sum();
    if failures == 0 { std::process::ExitCode::SUCCESS } else { std::process::ExitCode::FAILURE }
}
