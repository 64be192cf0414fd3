"""Builds one PyTorch model from the user's workspace and exports it to ONNX for L-SWAG.

Reads one JSON request on stdin, prints one JSON result line (prefixed `LSWAG_RESULT `) on stdout.
Runs under the user's own interpreter and torch (1.13 to 2.x); never trains, never downloads.
Why a prefix: the user's module may print to stdout while it is imported; that goes to stderr.
"""
import importlib
import importlib.util
import inspect
import json
import os
import sys
import traceback

RESULT_PREFIX = "LSWAG_RESULT "
DROP_ATTRS = ("p", "drop_prob", "drop_path_prob", "drop_rate")


class TraceError(Exception):
    """A failure with a kind the host understands and the details it shows."""

    def __init__(self, kind, message, **details):
        super().__init__(message)
        self.kind = kind
        self.details = details


def main():
    real_stdout = sys.stdout
    sys.stdout = sys.stderr
    try:
        request = json.loads(sys.stdin.read())
        result = trace(request)
    except TraceError as e:
        result = dict(ok=False, kind=e.kind, message=str(e), **e.details)
    except MemoryError:
        result = memory_error()
    except BaseException as e:  # Why: anything else still has to reach the host as one JSON line.
        if is_memory_error(e):
            result = memory_error()
        else:
            result = dict(ok=False, kind="internal", message=last_line(e), traceback=traceback.format_exc())
    real_stdout.write(RESULT_PREFIX + json.dumps(result) + "\n")
    real_stdout.flush()


def trace(request):
    try:
        import torch
    except ImportError as e:
        raise TraceError("noTorch", "torch is not installed for %s (%s)" % (sys.executable, e),
                         interpreter=sys.executable)
    torch.set_num_threads(max(1, int(request.get("threads", 1))))
    cap_memory(request.get("memoryBytes"))

    root = request["workspaceRoot"]
    model = build_model(request, root)
    if not isinstance(model, torch.nn.Module):
        raise TraceError("notModule", "the definition built a %s, not a torch.nn.Module" % type(model).__name__)
    params = sum(p.numel() for p in model.parameters())
    zeroed = zero_dropouts(model)
    model.train()
    shape, shape_from = input_shape(model, request)
    # Why batch 2: training-mode BatchNorm refuses one value per channel (e.g. after a 1x1 pool).
    x = torch.randn(2, *shape)
    picker = OutputPicker(model.forward, request["file"], list(x.shape), torch)
    model.forward = picker
    buffers_to_constants(model)
    export(torch, model, x, request["outPath"], int(request.get("opset", 17)))
    used = used_params(model, x) if picker.note else params
    return dict(
        ok=True,
        onnxPath=request["outPath"],
        input=list(shape),
        inputFrom=shape_from,
        params=int(params),
        paramsUsed=int(used),
        outputNote=picker.note,
        dropoutsZeroed=zeroed,
        torchVersion=torch.__version__,
        interpreter=sys.executable,
        imports=workspace_imports(root, request["file"]),
    )


def cap_memory(cap):
    """Caps the address space (RLIMIT_AS) where the system supports it (not on Windows).

    Why after `import torch`: importing maps a large shared library; the cap is for the model.
    """
    if not cap:
        return
    try:
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = int(cap) if hard == resource.RLIM_INFINITY else min(int(cap), hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError) as e:
        sys.stderr.write("lswag: no memory cap on this system (%s)\n" % e)


def build_model(request, root):
    """Runs the definition's file (module import, notebook cells or just its imports) and builds it."""
    file = request["file"]
    target = request["target"]
    for folder in (os.path.dirname(file), root):
        if folder not in sys.path:
            sys.path.insert(0, folder)
    try:
        namespace = load_namespace(file, request.get("cell"), target)
        if target["kind"] == "expression":
            return eval(compile(target["code"], file, "eval"), namespace)
        if target["name"] not in namespace:
            raise TraceError("notFound", "%s is not defined at module level in %s" % (target["name"], file))
        builder = namespace[target["name"]]
        kwargs = eval(compile("dict(%s)" % request.get("args", ""), "# lswag: args=", "eval"), namespace)
        check_required(builder, kwargs, target["name"])
        return builder(**kwargs)
    except TraceError:
        raise
    except ModuleNotFoundError as e:
        raise TraceError("missingModule", "module '%s' is not installed for %s" % (e.name, sys.executable),
                         module=e.name, interpreter=sys.executable)
    except Exception as e:
        raise build_failure(e, file, "building %s" % describe(target))


def load_namespace(file, cell, target):
    if file.endswith(".ipynb"):
        return run_notebook(file, cell, target)
    if target["kind"] == "expression":
        namespace = {"__name__": "__lswag_expression__", "__file__": file}
        exec(compile(target.get("imports", ""), file, "exec"), namespace)
        return namespace
    return vars(import_file(file))


def import_file(file):
    """Imports a file as a module by its longest dotted name under a sys.path folder.

    Why the longest: `pkg/model.py` imported as `pkg.model` keeps its relative imports working.
    """
    names = []
    for folder in sys.path:
        if not folder or not file.startswith(os.path.join(folder, "")):
            continue
        parts = os.path.relpath(file, folder)[: -len(".py")].split(os.sep)
        if all(p.isidentifier() for p in parts):
            names.append(".".join(parts))
    if names:
        return importlib.import_module(max(names, key=lambda n: n.count(".")))
    spec = importlib.util.spec_from_file_location("lswag_user_module", file)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def run_notebook(file, cell, target):
    """Runs a notebook's code cells up to `cell` (or only the imports), skipping % and ! lines."""
    with open(file, encoding="utf-8") as f:
        cells = [c for c in json.load(f).get("cells", []) if c.get("cell_type") == "code"]
    namespace = {"__name__": "__lswag_notebook__", "__file__": file}
    if target["kind"] == "expression":
        exec(compile(target.get("imports", ""), file, "exec"), namespace)
        return namespace
    last = len(cells) - 1 if cell is None else int(cell)
    for k, c in enumerate(cells[: last + 1]):
        source = c.get("source", "")
        lines = source if isinstance(source, list) else source.splitlines(True)
        code = "".join(l for l in lines if not l.lstrip().startswith(("%", "!")))
        exec(compile(code, "%s (cell %d)" % (file, k), "exec"), namespace)
    return namespace


def check_required(builder, kwargs, name):
    try:
        signature = inspect.signature(builder)
    except (TypeError, ValueError):
        return
    missing = [p.name for p in signature.parameters.values()
               if p.default is inspect.Parameter.empty and p.name not in kwargs
               and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    if missing:
        raise TraceError("requiredArguments",
                         "%s needs arguments without defaults: %s; give them with `# lswag: args=%s`"
                         % (name, ", ".join(missing), ", ".join("%s=..." % m for m in missing)),
                         names=missing)


def zero_dropouts(model):
    """Sets every dropout and drop-path probability to 0: same parameters, deterministic graph."""
    zeroed = 0
    for m in model.modules():
        kind = type(m).__name__.lower()
        if not ("drop" in kind or "stochasticdepth" in kind):
            continue
        for attr in DROP_ATTRS:
            value = getattr(m, attr, None)
            if isinstance(value, float) and not isinstance(value, bool) and value > 0:
                setattr(m, attr, 0.0)
                zeroed += 1
    return zeroed


def input_shape(model, request):
    """The per-sample input: given, else the documented rule, else the fallback setting."""
    if request.get("input"):
        return list(request["input"]), request.get("inputFrom") or "given"
    import torch.nn as nn
    modules = list(model.modules())
    first = next((m for m in modules if isinstance(m, (nn.Conv2d, nn.Linear))), None)
    # Why the last conv when there is no Linear: SqueezeNet-style heads end in a 1x1 conv.
    last = next((m for m in reversed(modules) if isinstance(m, nn.Linear)), None) or next(
        (m for m in reversed(modules) if isinstance(m, nn.Conv2d)), None)
    if isinstance(first, nn.Linear):
        return [first.in_features], "rule: the first layer is a Linear with %d inputs" % first.in_features
    if first is not None and last is not None:
        classes = last.out_features if isinstance(last, nn.Linear) else last.out_channels
        size = 224 if classes >= 1000 else 32 if classes in (10, 100) else None
        if size:
            return [first.in_channels, size, size], (
                "rule: first conv has %d channels and the head %d classes: %dx%d"
                % (first.in_channels, classes, size, size))
    if request.get("fallbackInput"):
        return list(request["fallbackInput"]), request.get("fallbackInputFrom") or "setting"
    raise TraceError("inputShape",
                     "cannot tell the input shape (the rule needs a first Conv2d and a head with "
                     "1000+, 10 or 100 classes); add `# lswag: input=CxHxW` (or set lswag.inputShape / "
                     "pass --input)")


class OutputPicker:
    """Stands in for the model's forward during export: runs it and returns the tensor to score.

    When the model returns several outputs (a tuple, a namedtuple, a dict) it keeps the main one
    and says so in `note`. An error raised by the user's forward is reported as theirs, with its
    line, rather than as an export failure.
    """

    def __init__(self, forward, file, shape, torch):
        self.forward, self.file, self.shape, self.torch = forward, file, shape, torch
        self.note = None

    def __call__(self, *args, **kwargs):
        try:
            out = self.forward(*args, **kwargs)
        except Exception as e:
            raise build_failure(e, self.file, "running the model on an input of shape %s" % self.shape)
        if isinstance(out, self.torch.Tensor):
            return out
        if isinstance(out, dict) and out:
            key = next((k for k in ("logits", "out") if k in out), next(iter(out)))
            self.note = "the model returns a dict; scoring its '%s' entry" % key
            return out[key]
        if isinstance(out, (tuple, list)) and out and isinstance(out[0], self.torch.Tensor):
            fields = getattr(out, "_fields", None)
            name = "'%s' (element 0 of %s)" % (fields[0], type(out).__name__) if fields else "element 0"
            self.note = ("the model returns %d outputs (e.g. auxiliary logits in training mode); scoring %s"
                         % (len(out), name))
            return out[0]
        raise TraceError("outputType", "the model returns %s, not a tensor" % type(out).__name__)


def used_params(model, x):
    """Parameters the scored output depends on (auxiliary heads excluded), from its autograd graph."""
    seen, used, stack = set(), set(), [model(x).grad_fn]
    while stack:
        fn = stack.pop()
        if fn is None or fn in seen:
            continue
        seen.add(fn)
        variable = getattr(fn, "variable", None)
        if variable is not None:
            used.add(id(variable))
        stack.extend(f for f, _ in fn.next_functions)
    return sum(p.numel() for p in model.parameters() if id(p) in used)


def buffers_to_constants(model):
    """Turns buffers into plain attributes, so that the trace embeds them as constants.

    Why: with export_params=False only parameters become (value-less) graph inputs; buffers such
    as BatchNorm statistics or positional tables keep their values inside the file.
    """
    for m in model.modules():
        for name in list(m._buffers):
            value = m._buffers.pop(name)
            object.__setattr__(m, name, value)


def export(torch, model, x, path, opset):
    kwargs = dict(export_params=False, opset_version=opset, training=torch.onnx.TrainingMode.TRAINING,
                  do_constant_folding=False, input_names=["input"], output_names=["logits"],
                  dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False  # Why: torch >= 2.9 defaults to the dynamo exporter.
    try:
        torch.onnx.export(model, (x,), path, **kwargs)
    except TraceError:
        raise
    except Exception as e:
        if is_memory_error(e):
            raise
        raise TraceError("exportFailed", "torch.onnx.export failed: %s" % last_line(e))


def workspace_imports(root, file):
    """Workspace files the definition imported (their content is part of the cache key)."""
    root = os.path.join(os.path.realpath(root), "")
    found = set()
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if not path:
            continue
        path = os.path.realpath(path)
        if path.startswith(root) and path != os.path.realpath(file) and path.endswith(".py"):
            found.add(path)
    return sorted(found)


def build_failure(e, file, doing):
    if is_memory_error(e):
        return TraceError("memory", "out of memory while %s" % doing)
    line = user_line(e, file)
    where = " (%s line %d)" % (os.path.basename(file), line) if line else ""
    return TraceError("buildFailed", "%s while %s%s: %s" % (type(e).__name__, doing, where, last_line(e)),
                      line=line)


def user_line(e, file):
    """The deepest traceback line inside the definition's own file."""
    line = None
    for frame in traceback.extract_tb(e.__traceback__):
        if frame.filename == file or frame.filename.startswith(file + " (cell"):
            line = frame.lineno
    return line


def is_memory_error(e):
    text = str(e)
    return isinstance(e, MemoryError) or "can't allocate memory" in text or "not enough memory" in text


def memory_error():
    return dict(ok=False, kind="memory", message="the model ran out of memory (the tracer's memory cap "
                                                 "or the machine's)")


def describe(target):
    return target["code"] if target["kind"] == "expression" else "%s %s" % (target["kind"], target["name"])


def last_line(e):
    lines = [l for l in str(e).strip().splitlines() if l.strip()]
    return lines[-1].strip() if lines else type(e).__name__


if __name__ == "__main__":
    main()
