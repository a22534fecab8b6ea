/// <reference lib="dom" />
// The verify form shared by the explorer's verify page and the offline verifier page: a proof file
// (pasted, opened or dropped; Ion text or binary), the digest the auditor trusts or the ledger's
// public key, and the verdict with each step, all computed in this browser.
import { el, field } from './dom';
import { verifyStepByStep, type VerificationReport } from './verification-steps';

const ION_BINARY_MARKER = 0xe0;

export interface VerifyForm {
  element: HTMLElement;
  /** Puts a proof file (Ion text) in the form, as if pasted. */
  setProofFile(text: string): void;
}

/** The form, ready to be placed in a page. */
export function verifyForm(): VerifyForm {
  let binary: { name: string; bytes: Uint8Array } | undefined;
  const proof = el('textarea', { id: 'proof-file', rows: '12', spellcheck: 'false', class: 'code' });
  const upload = el('input', { id: 'proof-upload', type: 'file', accept: '.ion,.10n,.txt,application/octet-stream,text/plain' });
  const digest = el('input', { id: 'trusted-digest', type: 'text', autocomplete: 'off', spellcheck: 'false', class: 'code' });
  const tip = el('input', { id: 'trusted-tip', type: 'text', inputmode: 'numeric', autocomplete: 'off' });
  const publicKey = el('textarea', { id: 'public-key', rows: '3', spellcheck: 'false', class: 'code' });
  const origin = el('input', { id: 'origin', type: 'text', autocomplete: 'off', spellcheck: 'false' });
  const loaded = el('p', { class: 'hint', id: 'proof-loaded', 'aria-live': 'polite' });
  const verdict = el('section', { id: 'verdict', 'aria-live': 'polite', 'aria-label': 'Verdict' });
  const button = el('button', { type: 'submit', id: 'verify-button' }, 'Verify in this browser');

  const load = async (file: File) => {
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (bytes[0] === ION_BINARY_MARKER) {
      binary = { name: file.name, bytes };
      proof.value = '';
      loaded.textContent = `Loaded ${file.name} (Ion binary, ${bytes.length} bytes).`;
    } else {
      binary = undefined;
      proof.value = new TextDecoder().decode(bytes);
      loaded.textContent = `Loaded ${file.name}.`;
    }
  };
  proof.addEventListener('input', () => {
    binary = undefined;
    loaded.textContent = '';
  });
  upload.addEventListener('change', () => void (upload.files?.[0] && load(upload.files[0])));
  proof.addEventListener('dragover', (event) => event.preventDefault());
  proof.addEventListener('drop', (event) => {
    const file = event.dataTransfer?.files[0];
    if (file === undefined) return;
    event.preventDefault();
    void load(file);
  });

  const form = el(
    'form',
    { class: 'verify-form', 'aria-describedby': 'verify-intro' },
    el('p', { id: 'verify-intro' }, 'Every hash and check below runs in this browser with the nestjs-ledger/verify code; the server is not asked whether the proof holds.'),
    field('Proof file (Ion text)', proof, 'Paste a proof file, or drop one here.'),
    field('Or open a saved proof file', upload),
    loaded,
    field('Trusted digest (base64)', digest, 'A digest you obtained independently of this page, e.g. published or kept from earlier; for a consistency proof, the older digest you hold.'),
    field("Its tip block (optional)", tip, 'The block number the trusted digest was taken at, when you know it: the proof must then lead to that tip.'),
    el('details', {}, el('summary', {}, 'Trust a signed digest instead'), field("The ledger's public key (PEM or verifier key)", publicKey), field('Expected origin (optional)', origin)),
    button,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const report = verifyStepByStep(binary?.bytes ?? proof.value, { digest: digest.value, publicKey: publicKey.value, origin: origin.value, tip: tip.value });
    showVerdict(verdict, report);
  });
  return {
    element: el('div', {}, form, verdict),
    setProofFile(text: string) {
      binary = undefined;
      proof.value = text;
      loaded.textContent = '';
    },
  };
}

/** The verdict and its steps, announced to screen readers and marked for tests and styles. */
function showVerdict(section: HTMLElement, report: VerificationReport): void {
  section.replaceChildren(
    el('h2', { class: report.valid ? 'verdict-valid' : 'verdict-refused', tabindex: '-1' }, report.valid ? '✔ ' : '✘ ', report.summary),
    el(
      'ol',
      { class: 'steps' },
      ...report.steps.map((step) =>
        el('li', { class: `step step-${step.state}`, 'data-state': step.state, 'data-codes': step.codes.join(' ') }, el('strong', {}, step.state === 'passed' ? '✔ Passed: ' : '✘ Failed: ', step.title), el('p', {}, step.detail)),
      ),
    ),
  );
  section.dataset.verdict = report.valid ? 'valid' : 'refused';
  (section.firstElementChild as HTMLElement).focus();
}
