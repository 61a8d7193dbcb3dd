# The conform container image: a static (musl) release binary on a distroless base, run as a
# non-root user. Built and pushed by .github/workflows/release.yml on a version tag:
#
#   docker run --rm -v "$PWD:/work" ghcr.io/conform-dev/conform check exports/
#
# Build stage: the toolchain the workspace asks for (rust-version in Cargo.toml), on Alpine so
# the binary links musl statically.
FROM docker.io/library/rust:1.95-alpine AS build
RUN apk add --no-cache musl-dev make
WORKDIR /src
COPY . .
# CONFORM_PORTABLE: no glibc-only link options (see build.rs).
ENV CONFORM_PORTABLE=1
RUN cargo build --release --locked --bin conform \
 && install -D -m 0755 target/release/conform /out/conform \
 && /out/conform --version

# Runtime stage: no shell, no package manager; the `nonroot` user (uid 65532).
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/conform /usr/local/bin/conform
WORKDIR /work
USER nonroot
ENTRYPOINT ["/usr/local/bin/conform"]
CMD ["--help"]
