// Small DOM helpers shared by the rankings page's views.

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

/** A titled figure with a body and an optional caption; `hidden` until something is drawn. */
export function figure(title: string): {
    box: HTMLElement;
    heading: HTMLElement;
    tools: HTMLElement;
    body: HTMLElement;
    caption: HTMLElement;
} {
    const box = el('figure', 'card');
    const top = el('div', 'card-head');
    const heading = el('h3', undefined, title);
    const tools = el('div', 'card-tools');
    top.append(heading, tools);
    const body = el('div', 'card-body');
    const caption = el('figcaption');
    box.append(top, body, caption);
    return { box, heading, tools, body, caption };
}
