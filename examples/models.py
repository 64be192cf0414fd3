"""Candidate architectures for the L-SWAG extension to find and score.

The extension reads this file statically (it is never executed): the AutoFormer subnet configs
below, the timm ViT call and the two CIFAR CNNs each get a CodeLens with their scores.
"""
from collections import OrderedDict

import torch
import torch.nn as nn
from timm.models.vision_transformer import VisionTransformer

# The retrained AutoFormer subnets (Chen et al., ICCV 2021, experiments/subnet/*.yaml), written as
# the config dicts AutoFormer's supernet takes in `set_sample_config`.
AUTOFORMER_T = {
    'embed_dim': 192,
    'layer_num': 13,
    'mlp_ratio': [3.5, 3.5, 3.0, 3.5, 3.0, 3.0, 4.0, 4.0, 3.5, 4.0, 3.5, 4.0, 3.5],
    'num_heads': [3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 3, 3],
}

AUTOFORMER_S = {
    'embed_dim': 384,
    'layer_num': 13,
    'mlp_ratio': [3.0, 3.5, 3.0, 3.5, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 3.5, 4.0],
    'num_heads': [6, 6, 5, 7, 5, 5, 5, 6, 6, 7, 7, 6, 7],
}

AUTOFORMER_B = {
    'embed_dim': 576,
    'layer_num': 14,
    'mlp_ratio': [3.5, 3.5, 4.0, 3.5, 4.0, 3.5, 3.5, 3.0, 4.0, 4.0, 3.0, 4.0, 3.0, 3.5],
    'num_heads': [9, 9, 9, 9, 9, 10, 9, 9, 10, 9, 10, 9, 9, 10],
}


def vit_tiny() -> nn.Module:
    """DeiT-Tiny / ViT-Ti/16 as timm builds it: head width 192 / 3 = 64, class-token pooling."""
    return VisionTransformer(
        img_size=224,
        patch_size=16,
        embed_dim=192,
        depth=12,
        num_heads=3,
        mlp_ratio=4.0,
        qkv_bias=True,
    )


# A VGG-style CNN for CIFAR-10.
# lswag: input=3x32x32 classes=10
cifar_vgg = nn.Sequential(
    nn.Conv2d(3, 64, kernel_size=3, padding=1, bias=False),
    nn.BatchNorm2d(64),
    nn.ReLU(inplace=True),
    nn.Conv2d(64, 64, kernel_size=3, padding=1, bias=False),
    nn.BatchNorm2d(64),
    nn.ReLU(inplace=True),
    nn.MaxPool2d(2),
    nn.Sequential(
        nn.Conv2d(64, 128, kernel_size=3, padding=1, bias=False),
        nn.BatchNorm2d(128),
        nn.ReLU(inplace=True),
        nn.MaxPool2d(kernel_size=2, stride=2),
    ),
    nn.Conv2d(128, 256, 3, 1, 1),
    nn.ReLU(),
    nn.AdaptiveAvgPool2d((1, 1)),
    nn.Flatten(),
    nn.Dropout(0.5),
    nn.Linear(256, 10),
)


class SmallNet(nn.Module):
    """A LeNet-like CNN; its input (3x32x32) is inferred from the first Conv2d."""

    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(OrderedDict([
            ('conv1', nn.Conv2d(3, 6, 5)),
            ('relu1', nn.ReLU()),
            ('pool1', nn.MaxPool2d(2, 2)),
            ('conv2', nn.Conv2d(6, 16, 5)),
            ('relu2', nn.ReLU()),
            ('pool2', nn.AvgPool2d(2)),
            ('flatten', nn.Flatten()),
            ('fc1', nn.Linear(16 * 5 * 5, 120)),
            ('act', nn.Tanh()),
            ('fc2', nn.Linear(120, 84)),
            ('gelu', nn.GELU()),
            ('fc3', nn.Linear(84, 10)),
        ]))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)
