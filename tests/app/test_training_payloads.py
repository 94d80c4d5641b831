"""The worker's decision-boundary image (app.training.payloads.boundary_image): sure pixels take their
class's colour, unsure ones fade to white."""

from __future__ import annotations

import numpy as np

from app.training.payloads import PALETTE, boundary_image


def test_sure_pixels_show_their_class_and_unsure_ones_fade_to_white():
    probs = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [np.nan, np.nan]])  # 2 × 2 image, row-major
    image = boundary_image(probs, nx=2, ny=2)
    assert image.shape == (2, 2, 4) and image.dtype == np.uint8 and np.all(image[..., 3] == 255)
    pixels = image[..., :3].reshape(4, 3).astype(float)
    for pixel, colour in ((pixels[0], PALETTE[0]), (pixels[1], PALETTE[1])):
        # a pale version of the class colour: each channel between the colour and white, nearer the colour
        assert np.all(pixel >= colour - 1) and np.all(pixel <= 255)
        assert np.all(np.abs(pixel - colour) <= np.abs(255 - pixel) + 1)
    assert np.array_equal(pixels[2], [255, 255, 255])  # 50/50 between two classes: no colour at all
    assert np.all(np.isfinite(pixels[3]))  # a NaN prediction (a diverged run) still draws


def test_more_classes_than_colours_reuse_the_palette():
    k = len(PALETTE) + 1
    probs = np.zeros((1, k))
    probs[0, k - 1] = 1.0  # sure of the class past the palette's end: it wraps to the first colour
    first = np.zeros((1, k))
    first[0, 0] = 1.0
    assert np.array_equal(boundary_image(probs, 1, 1), boundary_image(first, 1, 1))
