//! Rebuilds the embedded catalog whenever a file under `standards/` changes.
fn main() {
    println!("cargo:rerun-if-changed=../../standards");
}
