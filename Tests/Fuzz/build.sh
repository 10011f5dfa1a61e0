#!/usr/bin/env bash
# Builds the libFuzzer targets and their seed corpora. Run from anywhere; see docs/fuzzing.md.
#
#   Tests/Fuzz/build.sh            # both targets and corpora
#   Tests/Fuzz/build.sh rules      # only fuzz-rules
#   Tests/Fuzz/build.sh evidence   # only fuzz-evidence
#
# Environment: SWIFTC (default: swiftc on PATH), FUZZ_SANITIZERS (default: fuzzer,address;
# falls back to fuzzer alone if that combination cannot link), FUZZ_OPT (default: -O),
# FUZZ_CORPUS_ONLY=1 (refresh the seed corpora without rebuilding).
# Output: .build/fuzz/fuzz-rules, .build/fuzz/fuzz-evidence, .build/fuzz/corpus-rules,
# .build/fuzz/corpus-evidence (none of it is committed).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
out=.build/fuzz
mkdir -p "$out"
swiftc="${SWIFTC:-swiftc}"
sanitizers="${FUZZ_SANITIZERS:-fuzzer,address}"
opt="${FUZZ_OPT:--O}"
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(rules evidence)

# Compile from a snapshot of Sources/MarkCore, so that edits made while the (slow) build runs
# cannot break it half way; crash reports then name files under .build/fuzz/src.
if [ -z "${FUZZ_CORPUS_ONLY:-}" ]; then
    rm -rf "$out/src"
    mkdir -p "$out/src"
    cp -R Sources/MarkCore "$out/src/MarkCore"
    mapfile -t core < <(find "$out/src/MarkCore" -name '*.swift' | LC_ALL=C sort)
    # MarkCore's SHA-256 calls the small C target MarkSHA256: compile it with the toolchain's
    # clang and give swiftc a module map for its header.
    cp -R Sources/MarkSHA256 "$out/src/MarkSHA256"
    printf 'module MarkSHA256 {\n    header "MarkSHA256.h"\n    export *\n}\n' > "$out/src/MarkSHA256/include/module.modulemap"
    clang="${CLANG:-$(dirname "$(command -v "$swiftc")")/clang}"
    [ -x "$clang" ] || clang=clang
    "$clang" -c -O2 -g -I "$out/src/MarkSHA256/include" "$out/src/MarkSHA256/sha256_hardware.c" -o "$out/src/MarkSHA256/sha256_hardware.o"
fi

build() { # build NAME FILE
    local name=$1 file=$2 log="$out/build-$1.log"
    if [ -n "${FUZZ_CORPUS_ONLY:-}" ]; then return; fi
    echo "building $out/fuzz-$name (-sanitize=$sanitizers $opt) ..."
    # One module: the fuzz entry point sees MarkCore's internal API without @testable.
    # -g gives symbolised stack traces in crash reports.
    if ! "$swiftc" -sanitize="$sanitizers" -parse-as-library "$opt" -g -swift-version 6 \
        -module-name MarkCore -I "$out/src/MarkSHA256/include" "${core[@]}" "$file" \
        "$out/src/MarkSHA256/sha256_hardware.o" -o "$out/fuzz-$name" >"$log" 2>&1; then
        # Fall back only when the sanitizer combination is the problem, not the Swift code.
        if [ "$sanitizers" = "fuzzer,address" ] && ! grep -q "\.swift:[0-9]*:[0-9]*: error:" "$log"; then
            echo "  -sanitize=fuzzer,address failed (see $log); retrying with -sanitize=fuzzer"
            cp "$log" "$out/build-$name-asan-failure.log"
            sanitizers=fuzzer build "$name" "$file"
            return
        fi
        cat "$log" >&2
        echo "build of fuzz-$name failed" >&2
        exit 1
    fi
    # The gold linker warns about every ASan helper symbol it cannot export; those warnings are harmless.
    grep -v "Cannot export local symbol" "$log" | grep -E "error|warning" | head -20 || true
}

seed() { # seed CORPUS FILE...: copies files in, named by content hash (so reruns do not duplicate)
    local dir=$1; shift
    mkdir -p "$dir"
    local f
    for f in "$@"; do
        [ -f "$f" ] || continue
        cp "$f" "$dir/seed-$(sha1sum "$f" | cut -c1-16)"
    done
}

for t in "${targets[@]}"; do
    case "$t" in
    rules)
        build rules Tests/Fuzz/FuzzRules.swift
        mapfile -t seeds < <(find Rules Tests/MarkCoreTests/Fixtures -name '*.rules' | LC_ALL=C sort)
        seed "$out/corpus-rules" "${seeds[@]}"
        # Every fenced example in the docs is a small rule file showing one construct.
        rm -rf "$out/doc-examples"
        mkdir -p "$out/doc-examples"
        awk -v dir="$out/doc-examples" '
            /^```/ { if (inblock) { close(file); inblock = 0 } else { inblock = 1; n++; file = sprintf("%s/doc-%03d.rules", dir, n) }; next }
            inblock { print > file }
        ' docs/*.md
        seed "$out/corpus-rules" "$out/doc-examples"/*.rules
        echo "  corpus-rules: $(ls "$out/corpus-rules" | wc -l) files"
        ;;
    evidence)
        build evidence Tests/Fuzz/FuzzEvidence.swift
        seeds=(Samples/*.json)
        suite=../shared/conformance/JSONTestSuite/test_parsing
        if [ -d "$suite" ]; then
            mapfile -t more < <(find "$suite" -name '*.json' | LC_ALL=C sort)
            seeds+=("${more[@]}")
        else
            echo "  note: $suite not found; seeding from Samples/ only"
        fi
        seed "$out/corpus-evidence" "${seeds[@]}"
        echo "  corpus-evidence: $(ls "$out/corpus-evidence" | wc -l) files"
        ;;
    *)
        echo "unknown target $t (expected rules or evidence)" >&2
        exit 2
        ;;
    esac
done
