"""PyTorch references for the benchmark: the same NAS-Bench-201 cell network and AutoFormer ViT as
src/core/spaces (training-mode BatchNorm, PyTorch default init), timed forward and forward+backward.

Usage: /usr/bin/python3 scripts/bench/torch_models.py nb201|autoformer-t BATCH THREADS REPEATS
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


class ReluConvBn(nn.Module):
    def __init__(self, cin, cout, k, stride):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, stride, (k - 1) // 2, bias=False)
        self.bn = nn.BatchNorm2d(cout)

    def forward(self, x):
        return self.bn(self.conv(F.relu(x)))


class Cell(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.ops = nn.ModuleList()
        for _, _, op in REFERENCE_CELL:
            if op == "nor_conv_3x3":
                self.ops.append(ReluConvBn(c, c, 3, 1))
            elif op == "nor_conv_1x1":
                self.ops.append(ReluConvBn(c, c, 1, 1))
            elif op == "avg_pool_3x3":
                self.ops.append(nn.AvgPool2d(3, 1, 1, count_include_pad=False))
            else:
                self.ops.append(nn.Identity())

    def forward(self, x):
        nodes = [x]
        for to in (1, 2, 3):
            nodes.append(sum(op(nodes[frm]) for (t, frm, _), op in zip(REFERENCE_CELL, self.ops) if t == to))
        return nodes[3]


class Reduction(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.a = ReluConvBn(cin, cout, 3, 2)
        self.b = ReluConvBn(cout, cout, 3, 1)
        self.down = nn.Sequential(nn.AvgPool2d(2, 2), nn.Conv2d(cin, cout, 1, bias=False))

    def forward(self, x):
        return self.down(x) + self.b(self.a(x))


class Nb201(nn.Module):
    def __init__(self, c=16, n=5, classes=10):
        super().__init__()
        layers = [nn.Conv2d(3, c, 3, padding=1, bias=False), nn.BatchNorm2d(c)]
        for stage in range(3):
            if stage:
                layers.append(Reduction(c, 2 * c))
                c *= 2
            layers += [Cell(c) for _ in range(n)]
        self.body = nn.Sequential(*layers)
        self.last = nn.BatchNorm2d(c)
        self.head = nn.Linear(c, classes)

    def forward(self, x):
        x = F.relu(self.last(self.body(x)))
        return self.head(x.mean((2, 3)))


class Block(nn.Module):
    def __init__(self, e, heads, ratio):
        super().__init__()
        self.heads = heads
        self.norm1, self.norm2 = nn.LayerNorm(e), nn.LayerNorm(e)
        self.qkv, self.proj = nn.Linear(e, 3 * 64 * heads), nn.Linear(64 * heads, e)
        self.fc1, self.fc2 = nn.Linear(e, int(e * ratio)), nn.Linear(int(e * ratio), e)

    def forward(self, x):
        b, t, _ = x.shape
        q, k, v = self.qkv(self.norm1(x)).reshape(b, t, 3, self.heads, 64).permute(2, 0, 3, 1, 4)
        att = ((q @ k.transpose(-2, -1)) * 64 ** -0.5).softmax(-1)
        x = x + self.proj((att @ v).transpose(1, 2).reshape(b, t, -1))
        return x + self.fc2(F.gelu(self.fc1(self.norm2(x))))


class Vit(nn.Module):
    def __init__(self, e=192, ratios=(3.5, 3.5, 3.0, 3.5, 3.0, 3.0, 4.0, 4.0, 3.5, 4.0, 3.5, 4.0, 3.5),
                 heads=(3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 3, 3), classes=1000):
        super().__init__()
        self.patch = nn.Conv2d(3, e, 16, 16)
        self.cls = nn.Parameter(torch.zeros(1, 1, e))
        self.pos = nn.Parameter(torch.zeros(1, 197, e))
        nn.init.trunc_normal_(self.cls, std=0.02)
        nn.init.trunc_normal_(self.pos, std=0.02)
        self.blocks = nn.Sequential(*[Block(e, h, r) for h, r in zip(heads, ratios)])
        self.norm = nn.LayerNorm(e)
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
