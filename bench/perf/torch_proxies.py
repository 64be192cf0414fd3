"""Straightforward PyTorch implementations of the zero-cost proxies of docs/proxies.md, timed per
proxy on the benchmark models of torch_models.py (same networks, PyTorch default initialisation,
training-mode norms, same B and N). What a NASLib-style reference does: each proxy on its own, with
its own passes; `all` runs every proxy in turn on one model. Scores are printed too (as a sanity
check: they are of the same magnitude as ours, not equal, since the weights are drawn by another RNG).

Usage: /usr/bin/python3 bench/perf/torch_proxies.py nb201|autoformer-t BATCH BATCHES THREADS REPEATS
           [--proxies a,b,...|all] [--psi 16]
Prints one JSON line: {"model", "times": {proxy: [seconds per repeat]}, "cpu": {proxy: [CPU seconds]},
"scores": {proxy: value}}.
Each timed call builds a fresh model (as our engine builds each architecture) and computes the score.
"""
import argparse
import json
import math
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from torch_models import Nb201, Vit

PROXIES = ["lswag", "params", "flops", "l2_norm", "plain", "snip", "grad_norm", "grasp", "fisher", "jacov",
           "nwot", "synflow", "zico", "swap", "reg_swap"]


def build(which, **kw):
    return Nb201(**kw) if which == "nb201" else Vit(**kw)


def weight_layers(model):
    """Conv and Linear modules in the order the forward pass applies them (registration order here)."""
    return [m for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]


def activation_layers(model):
    return [m for m in model.modules() if isinstance(m, (nn.ReLU, nn.GELU))]


class PreActivations:
    """Records the input of every ReLU/GELU application during a forward pass."""

    def __init__(self, model):
        self.values = []
        self.handles = [m.register_forward_hook(lambda _m, inp, _out: self.values.append(inp[0].detach()))
                        for m in activation_layers(model)]

    def close(self):
        for h in self.handles:
            h.remove()


def loss_of(model, x, y):
    return F.cross_entropy(model(x), y)


def batch_gradients(model, x, y, batches, batch, on_first=None):
    """g_w^(i) for each weight layer and mini-batch i: [N, *w.shape] per layer."""
    weights = [m.weight for m in weight_layers(model)]
    per_batch = []
    for i in range(batches):
        rows = slice(i * batch, (i + 1) * batch)
        recorder = PreActivations(model) if (i == 0 and on_first) else None
        grads = torch.autograd.grad(loss_of(model, x[rows], y[rows]), weights, allow_unused=True)
        if recorder:
            recorder.close()
            on_first(recorder.values)
        per_batch.append([g if g is not None else torch.zeros_like(w) for g, w in zip(grads, weights)])
    return [torch.stack([per_batch[i][k] for i in range(batches)]) for k in range(len(weights))]


def count_distinct_patterns(pre_activations, samples):
    codes = []
    powers = None
    for z in pre_activations:
        bits = (z[:samples].reshape(samples, -1) > 0).to(torch.int64)
        if powers is None:
            powers = (2 ** torch.arange(samples, dtype=torch.int64)).reshape(samples, 1)
        codes.append((bits * powers).sum(0))
    return torch.unique(torch.cat(codes)).numel()


def lswag(model, x, y, o):
    pre = {}
    grads = batch_gradients(model, x, y, o.batches, o.batch, on_first=lambda v: pre.setdefault("v", v))
    lam = 0.0
    for g in grads:
        var = g.abs().var(0, unbiased=False)
        inner = var[var > 0].rsqrt().sum().item()
        if inner > 0:
            lam += math.log(inner)
    return lam * count_distinct_patterns(pre["v"], o.psi)


def zico(model, x, y, o):
    total = 0.0
    for g in batch_gradients(model, x, y, o.batches, o.batch):
        std = g.std(0, unbiased=False)
        inner = (g.abs().mean(0)[std > 0] / std[std > 0]).sum().item()
        if inner > 0:
            total += math.log(inner)
    return total


def first_batch_grads(model, x, y, o):
    weights = [m.weight for m in weight_layers(model)]
    grads = torch.autograd.grad(loss_of(model, x[:o.batch], y[:o.batch]), weights, allow_unused=True)
    return weights, [g if g is not None else torch.zeros_like(w) for g, w in zip(grads, weights)]


def plain(model, x, y, o):
    w, g = first_batch_grads(model, x, y, o)
    return sum((a * b).sum().item() for a, b in zip(w, g))


def snip(model, x, y, o):
    w, g = first_batch_grads(model, x, y, o)
    return sum((a * b).abs().sum().item() for a, b in zip(w, g))


def grad_norm(model, x, y, o):
    _, g = first_batch_grads(model, x, y, o)
    return sum(b.norm().item() for b in g)


def grasp(model, x, y, o):
    """-sum w * (H g) with H g by double backward (GraSP's own way)."""
    weights = [m.weight for m in weight_layers(model)]
    g = torch.autograd.grad(loss_of(model, x[:o.batch], y[:o.batch]), weights, create_graph=True)
    z = sum((gi * gi.detach()).sum() for gi in g)
    hg = torch.autograd.grad(z, weights, allow_unused=True)
    return -sum((w * h).sum().item() for w, h in zip(weights, hg) if h is not None)


def fisher(model, x, y, o):
    outputs = []

    def keep(_m, _inp, out):
        out.retain_grad()
        outputs.append(out)

    handles = [m.register_forward_hook(keep) for m in weight_layers(model)]
    loss_of(model, x[:o.batch], y[:o.batch]).backward()
    for h in handles:
        h.remove()
    total = 0.0
    for a in outputs:
        prod = a * a.grad
        per_channel = prod.sum((2, 3)) if prod.dim() == 4 else prod.sum(1) if prod.dim() == 3 else prod
        total += 0.5 * per_channel.pow(2).mean(0).sum().item()
    return total


def jacov(model, x, y, o):
    xb = x[:o.batch].clone().requires_grad_(True)
    model(xb).sum().backward()
    j = xb.grad.reshape(o.batch, -1).numpy()
    eig = np.linalg.eigvalsh(np.corrcoef(j))
    return float(-np.sum(np.log(eig + 1e-5) + 1.0 / (eig + 1e-5)))


def nwot(model, x, y, o):
    recorder = PreActivations(model)
    with torch.no_grad():
        model(x[:o.batch])
    recorder.close()
    k = torch.zeros(o.batch, o.batch, dtype=torch.float64)
    for z in recorder.values:
        c = (z.reshape(o.batch, -1) > 0).to(torch.float64)
        k += c @ c.t() + (1 - c) @ (1 - c).t()
    return torch.slogdet(k)[1].item()


def swap(model, x, y, o):
    recorder = PreActivations(model)
    with torch.no_grad():
        model(x[:o.batch])
    recorder.close()
    return count_distinct_patterns(recorder.values, o.psi)


def reg_swap(model, x, y, o):
    # Why mu/sigma here: the definition needs them per space; the work is swap's plus params.
    p = sum(t.numel() for t in model.parameters())
    return swap(model, x, y, o) * math.exp(-((p / 1000 - o.mu) ** 2) / o.sigma)


def synflow(model, x, y, o):
    """log of sum w * dR/dw with |params|, norms as identity, an all-ones input, in float64 (NASLib's
    way of avoiding float32 overflow); attention weights detached (docs/proxies.md)."""
    kw = {"norms": False} if o.which == "nb201" else {"norms": False, "detach_attention": True}
    net = build(o.which, **kw).double()
    with torch.no_grad():
        for p in net.parameters():
            p.abs_()
    size = 32 if o.which == "nb201" else 224
    net(torch.ones(1, 3, size, size, dtype=torch.float64)).sum().backward()
    return math.log(sum((m.weight * m.weight.grad).sum().item() for m in weight_layers(net)))


def params(model, x, y, o):
    return sum(t.numel() for t in model.parameters())


def flops(model, x, y, o):
    """MACs of conv/linear/attention matmuls for one sample."""
    total = [0]

    def count(m, _inp, out):
        per_out = m.weight[0].numel() if isinstance(m, nn.Conv2d) else m.in_features
        total[0] += out.numel() * per_out

    handles = [m.register_forward_hook(count) for m in weight_layers(model)]
    with torch.no_grad():
        model(x[:1])
    for h in handles:
        h.remove()
    if o.which != "nb201":
        for blk in model.blocks:
            total[0] += 2 * blk.heads * 197 * 197 * 64
    return total[0]


def l2_norm(model, x, y, o):
    return sum(m.weight.norm().item() for m in weight_layers(model))


FUNCS = {name: globals()[name] for name in PROXIES}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("which", choices=["nb201", "autoformer-t"])
    ap.add_argument("batch", type=int)
    ap.add_argument("batches", type=int)
    ap.add_argument("threads", type=int)
    ap.add_argument("repeats", type=int)
    ap.add_argument("--proxies", default="all")
    ap.add_argument("--psi", type=int, default=16)
    o = ap.parse_args()
    o.mu, o.sigma = 1000.0, 1000.0
    torch.set_num_threads(o.threads)
    torch.manual_seed(0)
    size = 32 if o.which == "nb201" else 224
    classes = 10 if o.which == "nb201" else 1000
    x = torch.randn(o.batch * o.batches, 3, size, size)
    y = torch.randint(0, classes, (o.batch * o.batches,))
    names = PROXIES + ["all"] if o.proxies == "all" else o.proxies.split(",")

    def run(name):
        model = build(o.which)
        model.train()
        if name == "all":
            return {p: FUNCS[p](model, x, y, o) for p in PROXIES}
        return FUNCS[name](model, x, y, o)

    times, cpu, scores = {}, {}, {}
    run("all")  # warm-up once with every proxy: allocator and kernels (ours warms up the same way)
    for name in names:
        times[name], cpu[name] = [], []
        for _ in range(o.repeats):
            start, start_cpu = time.perf_counter(), time.process_time()
            scores[name] = run(name)
            times[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)
    print(json.dumps({"model": o.which, "threads": o.threads, "times": times, "cpu": cpu,
                      "scores": {k: v for k, v in scores.items() if k != "all"}}))


if __name__ == "__main__":
    main()
