#!/usr/bin/env python3
"""Writes the demo catalog's product illustrations (small hand-made SVGs) to apps/shop/public/img/."""
import pathlib

OUT = pathlib.Path(__file__).resolve().parent.parent / "apps" / "shop" / "public" / "img"

def box(c1, c2):
    return (f'<rect x="110" y="110" width="180" height="130" rx="10" fill="{c1}"/>'
            f'<rect x="100" y="90" width="200" height="40" rx="8" fill="{c2}"/>'
            f'<rect x="188" y="90" width="24" height="150" fill="#fff" opacity=".85"/>'
            f'<path d="M200 90c-30-40-70-20-50 0M200 90c30-40 70-20 50 0" stroke="#fff" stroke-width="10" fill="none" stroke-linecap="round"/>')

def cup(c1, c2):
    return (f'<ellipse cx="200" cy="250" rx="110" ry="16" fill="#000" opacity=".08"/>'
            f'<path d="M110 130h180l-18 100a20 20 0 0 1-20 16H148a20 20 0 0 1-20-16z" fill="{c1}"/>'
            f'<ellipse cx="200" cy="130" rx="90" ry="14" fill="{c2}"/>'
            f'<path d="M175 105c-10-20 10-25 0-45M215 105c-10-20 10-25 0-45" stroke="{c1}" stroke-width="6" fill="none" stroke-linecap="round" opacity=".5"/>')

def bottle(c1, c2):
    return (f'<rect x="180" y="40" width="40" height="50" rx="6" fill="{c2}"/>'
            f'<path d="M180 90h40l20 40v110a14 14 0 0 1-14 14h-52a14 14 0 0 1-14-14V130z" fill="{c1}"/>'
            f'<rect x="165" y="150" width="70" height="60" rx="4" fill="#fff" opacity=".9"/>'
            f'<rect x="185" y="165" width="30" height="30" rx="15" fill="{c2}"/>')

def cloth(c1, c2):
    return (f'<path d="M90 90h220v150H90z" fill="{c1}"/>'
            + "".join(f'<circle cx="{x}" cy="{y}" r="14" fill="none" stroke="{c2}" stroke-width="5"/>'
                      for x in range(115, 300, 40) for y in range(115, 240, 40)))

def doll(c1, c2):
    return (f'<ellipse cx="200" cy="190" rx="80" ry="75" fill="{c1}"/>'
            f'<ellipse cx="200" cy="110" rx="50" ry="46" fill="{c1}"/>'
            f'<ellipse cx="200" cy="115" rx="34" ry="30" fill="#fff6ea"/>'
            f'<circle cx="188" cy="112" r="5" fill="#222"/><circle cx="212" cy="112" r="5" fill="#222"/>'
            f'<path d="M150 185q50 40 100 0" stroke="{c2}" stroke-width="10" fill="none"/>')

def sticks(c1, c2):
    return (f'<rect x="90" y="150" width="220" height="60" rx="6" fill="{c2}"/>'
            f'<path d="M80 120l240 20" stroke="{c1}" stroke-width="12" stroke-linecap="round"/>'
            f'<path d="M80 140l240 12" stroke="{c1}" stroke-width="12" stroke-linecap="round"/>')

PRODUCTS = {
    "matcha-kitkat": (box, "#5f8c4a", "#b53a2d", "#eef4e6"),
    "tokyo-banana": (box, "#f2c94c", "#8a5a2b", "#fff7dc"),
    "shiroi-koibito": (box, "#ffffff", "#3b6fb6", "#e8f0fb"),
    "yatsuhashi": (box, "#c98d6b", "#6b3e2e", "#f8ece4"),
    "momiji-manju": (box, "#d9643a", "#7a2e1b", "#fbe9e1"),
    "uji-sencha": (cup, "#4d7c3a", "#a7c58a", "#eaf2e2"),
    "genmaicha": (cup, "#a87c4f", "#d9c09a", "#f6efe4"),
    "hojicha-latte": (cup, "#7b4b2a", "#caa27c", "#f4ebe3"),
    "junmai-sake": (bottle, "#2f4f6f", "#c8402f", "#e7eef5"),
    "furoshiki": (cloth, "#2c4a7a", "#ffffff", "#e6ecf6"),
    "tenugui": (cloth, "#f3f0e8", "#2c4a7a", "#e9eef4"),
    "daruma": (doll, "#c8402f", "#f2c94c", "#fbe7e4"),
    "lacquer-chopsticks": (sticks, "#8b1e1e", "#d8b46a", "#f7efe0"),
    "kokeshi": (doll, "#e0a458", "#b53a2d", "#fbf1e2"),
}

def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (motif, c1, c2, bg) in PRODUCTS.items():
        svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" width="400" height="300">'
               f'<rect width="400" height="300" fill="{bg}"/>{motif(c1, c2)}</svg>\n')
        (OUT / f"{name}.svg").write_text(svg)

if __name__ == "__main__":
    main()
