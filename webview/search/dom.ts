// The one DOM helper the search panel's views share.

/** Creates an element with a class and text. */
export function el<K extends keyof HTMLElementTagNameMap>(
    tag: K,
    className?: string,
    text?: string,
): HTMLElementTagNameMap[K] {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
}

/** A webview-ui-toolkit element (custom elements are not in HTMLElementTagNameMap). */
export function toolkit(
    tag: string,
    attributes: Readonly<Record<string, string>> = {},
    text?: string,
): HTMLElement {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
}
