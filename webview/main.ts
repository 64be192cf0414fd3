// Placeholder webview entry, bundled as a browser IIFE into dist/webview.js.
// Browser code: imports nothing from src/ except src/protocol/.

/** The handle VS Code injects into every webview; only postMessage is used so far. */
declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

// Why: tells the extension the page is ready to receive its first message.
acquireVsCodeApi().postMessage({ type: 'ready' });
