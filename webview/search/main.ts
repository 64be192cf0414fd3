// The search side panel (browser code): the form, the run being followed and the run history. It
// posts what the person asks for (start, stop, resume, open best) and draws what the host sends;
// imports from src/ only protocol types. The form's values survive a reload through the webview state.
import {
    provideVSCodeDesignSystem,
    vsCodeButton,
    vsCodeDropdown,
    vsCodeOption,
    vsCodeRadio,
    vsCodeRadioGroup,
    vsCodeTextField,
} from '@vscode/webview-ui-toolkit';
import type {
    HostToSearchViewMessage,
    SearchForm,
    SearchViewToHostMessage,
} from '../../src/protocol/searchView';
import { FormView } from './form';
import { isActive } from './format';
import { HistoryView } from './historyView';
import { ProgressView } from './progressView';
import { PAGE_CSS } from './style';

/** The handle VS Code injects into every webview. */
declare function acquireVsCodeApi(): {
    postMessage(message: SearchViewToHostMessage): void;
    getState(): unknown;
    setState(state: unknown): void;
};

provideVSCodeDesignSystem().register(
    vsCodeButton(),
    vsCodeDropdown(),
    vsCodeOption(),
    vsCodeRadio(),
    vsCodeRadioGroup(),
    vsCodeTextField(),
);

const vscode = acquireVsCodeApi();

/** What survives a reload of the page. */
interface PageState {
    form?: Partial<Record<keyof SearchForm, string>>;
}
let state = (vscode.getState() ?? {}) as PageState;
const post = (m: SearchViewToHostMessage) => vscode.postMessage(m);

// Why adoptedStyleSheets: constructable stylesheets are not governed by style-src, so no nonce.
const sheet = new CSSStyleSheet();
sheet.replaceSync(PAGE_CSS);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];

const form = new FormView(
    (f) => post({ type: 'start', form: f }),
    (values) => {
        state = { ...state, form: values };
        vscode.setState(state);
    },
);
const progress = new ProgressView(post);
const history = new HistoryView(post);
const loading = document.createElement('p');
loading.className = 'muted';
loading.textContent = 'Loading...';
document.body.append(loading, progress.root, form.root, history.root);

window.addEventListener('message', (event: MessageEvent<HostToSearchViewMessage>) => {
    const m = event.data;
    switch (m?.type) {
        case 'options':
            loading.hidden = true;
            form.setOptions(m.options, state.form);
            return;
        case 'history':
            history.render(m.runs);
            return;
        case 'progress': {
            progress.render(m.progress);
            const busy = isActive(m.progress?.state);
            form.setBusy(busy);
            history.setBusy(busy);
            return;
        }
        case 'error':
            form.root.open = true;
            form.showError(m.message);
            return;
    }
});

// Why: VS Code switches themes by changing the body's class (vscode-light, vscode-dark, ...).
new MutationObserver(() => progress.themeChanged()).observe(document.body, {
    attributes: true,
    attributeFilter: ['class'],
});

post({ type: 'ready' });
