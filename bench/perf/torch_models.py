"""PyTorch references for the benchmark: the same NAS-Bench-201 cell network and AutoFormer ViT as
src/core/spaces (training-mode BatchNorm, PyTorch default init), timed forward and forward+backward.
Activations are modules (one per application, as docs/proxies.md counts activation layers) so
torch_proxies.py can hook their inputs; `norms=False` builds synflow's norm-free variant and
`detach_attention=True` treats softmax weights as constants (synflow in attention).

Usage: /usr/bin/python3 bench/perf/torch_models.py nb201|autoformer-t BATCH THREADS REPEATS
Prints one JSON line: {"model", "forward_s", "forward_backward_s"} (medians).
"""
import json
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

REFERENCE_CELL = [(1, 0, "nor_conv_3x3"), (2, 0, "nor_conv_3x3"), (2, 1, "nor_conv_3x3"),
                  (3, 0, "skip_connect"), (3, 1, "nor_conv_1x1"), (3, 2, "nor_conv_3x3")]
REFERENCE_CELL_STRING = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|"


def parse_cell(text):
    """'|op~j|+|op~j|op~j|+|...|' -> [(to, from, op)] in the string's order."""
    edges = []
    for to, node in enumerate(text.strip("|").split("|+|"), start=1):
        for item in node.strip("|").split("|"):
            op, frm = item.split("~")
            edges.append((to, int(frm), op))
    return edges


def norm2d(c, norms):
    return nn.BatchNorm2d(c) if norms else nn.Identity()


class ReluConvBn(nn.Module):
    def __init__(self, cin, cout, k, stride, norms=True):
        super().__init__()
        self.relu = nn.ReLU()
        self.conv = nn.Conv2d(cin, cout, k, stride, (k - 1) // 2, bias=False)
        self.bn = norm2d(cout, norms)

    def forward(self, x):
        return self.bn(self.conv(self.relu(x)))


class Zero(nn.Module):
    def forward(self, x):
        return x.mul(0.0)


class Cell(nn.Module):
    def __init__(self, c, edges=REFERENCE_CELL, norms=True):
        super().__init__()
        self.edges = edges
        self.ops = nn.ModuleList()
        for _, _, op in edges:
            if op == "nor_conv_3x3":
                self.ops.append(ReluConvBn(c, c, 3, 1, norms))
            elif op == "nor_conv_1x1":
                self.ops.append(ReluConvBn(c, c, 1, 1, norms))
            elif op == "avg_pool_3x3":
                self.ops.append(nn.AvgPool2d(3, 1, 1, count_include_pad=False))
            elif op == "none":
                self.ops.append(Zero())
            else:
                self.ops.append(nn.Identity())

    def forward(self, x):
        nodes = [x]
        for to in (1, 2, 3):
            nodes.append(sum(op(nodes[frm]) for (t, frm, _), op in zip(self.edges, self.ops) if t == to))
        return nodes[3]


class Reduction(nn.Module):
    def __init__(self, cin, cout, norms=True):
        super().__init__()
        self.a = ReluConvBn(cin, cout, 3, 2, norms)
        self.b = ReluConvBn(cout, cout, 3, 1, norms)
        self.down = nn.Sequential(nn.AvgPool2d(2, 2), nn.Conv2d(cin, cout, 1, bias=False))

    def forward(self, x):
        # Why this order: conv_a, conv_b, then the shortcut (docs/architecture-files.md, `nb201`).
        residual = self.b(self.a(x))
        return self.down(x) + residual


class Nb201(nn.Module):
    def __init__(self, c=16, n=5, classes=10, edges=REFERENCE_CELL, norms=True):
        super().__init__()
        layers = [nn.Conv2d(3, c, 3, padding=1, bias=False), norm2d(c, norms)]
        for stage in range(3):
            if stage:
                layers.append(Reduction(c, 2 * c, norms))
                c *= 2
            layers += [Cell(c, edges, norms) for _ in range(n)]
        self.body = nn.Sequential(*layers)
        self.last = norm2d(c, norms)
        self.relu = nn.ReLU()
        self.head = nn.Linear(c, classes)

    def forward(self, x):
        x = self.relu(self.last(self.body(x)))
        return self.head(x.mean((2, 3)))


class Block(nn.Module):
    def __init__(self, e, heads, ratio, norms=True, detach_attention=False):
        super().__init__()
        self.heads = heads
        self.detach_attention = detach_attention
        self.norm1 = nn.LayerNorm(e) if norms else nn.Identity()
        self.norm2 = nn.LayerNorm(e) if norms else nn.Identity()
        self.qkv, self.proj = nn.Linear(e, 3 * 64 * heads), nn.Linear(64 * heads, e)
        self.fc1, self.fc2 = nn.Linear(e, int(e * ratio)), nn.Linear(int(e * ratio), e)
        self.gelu = nn.GELU()

    def forward(self, x):
        b, t, _ = x.shape
        q, k, v = self.qkv(self.norm1(x)).reshape(b, t, 3, self.heads, 64).permute(2, 0, 3, 1, 4)
        att = ((q @ k.transpose(-2, -1)) * 64 ** -0.5).softmax(-1)
        if self.detach_attention:
            att = att.detach()
        x = x + self.proj((att @ v).transpose(1, 2).reshape(b, t, -1))
        return x + self.fc2(self.gelu(self.fc1(self.norm2(x))))


class Vit(nn.Module):
    def __init__(self, e=192, ratios=(3.5, 3.5, 3.0, 3.5, 3.0, 3.0, 4.0, 4.0, 3.5, 4.0, 3.5, 4.0, 3.5),
                 heads=(3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 3, 3), classes=1000, norms=True, detach_attention=False):
        super().__init__()
        self.patch = nn.Conv2d(3, e, 16, 16)
        self.cls = nn.Parameter(torch.zeros(1, 1, e))
        self.pos = nn.Parameter(torch.zeros(1, 197, e))
        nn.init.trunc_normal_(self.cls, std=0.02)
        nn.init.trunc_normal_(self.pos, std=0.02)
        self.blocks = nn.Sequential(*[Block(e, h, r, norms, detach_attention) for h, r in zip(heads, ratios)])
        self.norm = nn.LayerNorm(e) if norms else nn.Identity()
        self.head = nn.Linear(e, classes)

    def forward(self, x):
        x = self.patch(x).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls.expand(x.shape[0], -1, -1), x], 1) + self.pos
        x = self.norm(self.blocks(x))
        return self.head(x[:, 1:].mean(1))


def timed(fn, repeats):
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    which, batch, threads, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = Nb201() if which == "nb201" else Vit()
    model.train()
    size = 32 if which == "nb201" else 224
    x = torch.randn(batch, 3, size, size)
    y = torch.randint(0, 10, (batch,))

    def forward():
        with torch.no_grad():
            model(x)

    def forward_backward():
        model.zero_grad(set_to_none=True)
        F.cross_entropy(model(x), y).backward()

    print(json.dumps({"model": which, "forward_s": timed(forward, repeats), "forward_backward_s": timed(forward_backward, repeats)}))


if __name__ == "__main__":
    main()
