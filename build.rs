//! Link options of the `conform` binary.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let target_os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let target_env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if target_os == "linux" && target_env == "gnu" {
        // Packed relative relocations (DT_RELR, glibc 2.36+): the dynamic loader reads a
        // few kilobytes instead of ~400 KB of relocation entries at every start, which is
        // that much less resident memory for every run, however small its input.
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}
