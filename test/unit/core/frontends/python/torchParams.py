"""Counts parameters the way PyTorch does, for the static-interpreter tests.

Usage: python3 torchParams.py modules <module>...   every public builder function and nn.Module
                                                       class of each module that builds with defaults
       python3 torchParams.py file <path> <name>...  the named classes/functions/variables of a file
Prints one JSON object {name: params}. Library models' weights live on the meta device, so even the largest
torchvision models count in well under a second.
"""
import importlib
import importlib.util
import inspect
import json
import sys

import warnings

import torch

warnings.simplefilter("ignore")

_empty = torch.empty


def _meta_empty(*args, **kwargs):
    if kwargs.get("device") is None:
        kwargs["device"] = "meta"
    return _empty(*args, **kwargs)


torch.set_num_threads(1)


def count(model):
    return sum(p.numel() for p in model.parameters())


def try_build(obj):
    try:
        model = obj()
    except Exception:
        return None
    return count(model) if isinstance(model, torch.nn.Module) else None


def from_modules(names):
    out = {}
    for name in names:
        mod = importlib.import_module(name)
        for attr, obj in list(vars(mod).items()):
            if attr.startswith("_") or getattr(obj, "__module__", None) != name:
                continue
            is_model_class = inspect.isclass(obj) and issubclass(obj, torch.nn.Module)
            if is_model_class or inspect.isfunction(obj):
                params = try_build(obj)
                if params is not None:
                    out[f"{name}.{attr}"] = params
    return out


def from_file(path, names):
    spec = importlib.util.spec_from_file_location("user_model", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    out = {}
    for name in names:
        obj = getattr(mod, name)
        out[name] = count(obj) if isinstance(obj, torch.nn.Module) else count(obj())
    return out


if __name__ == "__main__":
    kind, *rest = sys.argv[1:]
    if kind == "modules":
        torch.empty = _meta_empty  # Library models only: user code may move weights (`.to("cpu")`).
    result = from_modules(rest) if kind == "modules" else from_file(rest[0], rest[1:])
    print(json.dumps(result))
